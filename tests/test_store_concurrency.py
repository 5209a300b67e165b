"""Many writers on one election, on SQLite and a real PostgreSQL: threads and processes append
(with their business rows) while others issue checkpoints. The chain never forks, has no gap
and no duplicate index, every acknowledged entry is there, and checkpoints only move forward.

Run as a script, this module is the writer process of the multi-process test and of the crash
test (``python test_store_concurrency.py URL ELECTION SEED OUT [COUNT]``).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from nacl.signing import SigningKey
from sqlalchemy import Column, Engine, Integer, LargeBinary, MetaData, String, Table, insert, select
from sqlalchemy.orm import Session

from oylama.board import CheckpointSigner, EntryKind, decode_entry
from oylama.store import (
    append,
    append_many,
    issue_checkpoint,
    latest_checkpoint,
    open_store,
    read_entries,
    reader,
    stored_size,
    verify_stored_log,
)

E1 = "izmir-2026"
ORIGIN = "board.example/izmir-2026"
KEY = SigningKey(bytes(range(32)))

business = MetaData()
ballots = Table(
    "test_ballots",
    business,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("voter", String(64), nullable=False, unique=True),
    Column("ballot", LargeBinary, nullable=False),
)


def writer_main(url: str, election: str, seed: int, out_path: str, count: int | None) -> None:
    """Append batches of 1..16 ballots (entry + business row per ballot, one transaction per
    batch) and write ``index hash`` lines for each entry only after its commit returned."""
    engine = open_store(url)
    rng = random.Random(seed)
    done = 0
    with open(out_path, "a", encoding="ascii") as out:
        while count is None or done < count:
            k = rng.randint(1, 16) if count is None else min(rng.randint(1, 4), count - done)
            payloads = [rng.randbytes(rng.randint(0, 64)) for _ in range(k)]
            with Session(engine) as session, session.begin():
                stored = append_many(
                    session, election, [(EntryKind.BALLOT, p) for p in payloads], now=1
                )
                session.execute(
                    insert(ballots),
                    [
                        {"id": s.index, "voter": f"{seed}-{s.index}", "ballot": s.entry.payload}
                        for s in stored
                    ],
                )
            out.write("".join(f"{s.index} {s.entry_hash.hex()}\n" for s in stored))
            out.flush()
            done += k


def read_acks(path: Path) -> dict[int, str]:
    """Acknowledged ``index -> hash`` (a line cut short by a kill was never acknowledged)."""
    acks: dict[int, str] = {}
    for line in path.read_text(encoding="ascii").splitlines(keepends=True):
        if line.endswith("\n"):
            index, h = line.split()
            assert int(index) not in acks, f"index {index} acknowledged twice"
            acks[int(index)] = h
    return acks


def spawn_writer(
    url: str, seed: int, out: Path, count: int | None = None
) -> subprocess.Popen[bytes]:
    args = [sys.executable, __file__, url, E1, str(seed), str(out)]
    if count is not None:
        args.append(str(count))
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def check_log(engine: Engine, acks: dict[int, str]) -> int:
    """The log verifies, holds every acknowledged entry, and each ballot has its entry."""
    with Session(reader(engine)) as session:
        verified = verify_stored_log(session, E1, key_name=ORIGIN, public_key=KEY.verify_key)
        n = verified.size
        tree = verified.tree
        for index, h in acks.items():
            assert index < n, f"acknowledged entry {index} is missing"
            assert tree.subtree_hash(index, index + 1).hex() == h
        rows = session.execute(select(ballots.c.id, ballots.c.ballot).order_by(ballots.c.id)).all()
        data = [
            d
            for start in range(0, n, 5000)
            for d in read_entries(session, E1, start, min(n, start + 5000))
        ]
    assert [r.id for r in rows] == list(range(n)), "a ballot without its entry or vice versa"
    assert [bytes(r.ballot) for r in rows] == [decode_entry(d).payload for d in data]
    return n


def test_threads_append_and_checkpoint(store_engine: Engine) -> None:
    business.create_all(store_engine)
    threads_n, per_thread = 8, 30
    got: list[list[int]] = [[] for _ in range(threads_n)]
    observed: list[list[int]] = [[] for _ in range(2)]
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer(t: int) -> None:
        try:
            for i in range(per_thread):
                with Session(store_engine) as session, session.begin():
                    s = append(session, E1, EntryKind.BALLOT, b"%d-%d" % (t, i), now=i)
                    session.execute(
                        insert(ballots),
                        {"id": s.index, "voter": f"{t}-{i}", "ballot": s.entry.payload},
                    )
                got[t].append(s.index)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def issuer(t: int) -> None:
        signer = CheckpointSigner(ORIGIN, KEY)
        try:
            while not stop.is_set():
                with Session(store_engine) as session, session.begin():
                    issue_checkpoint(session, E1, signer, now=int(time.time() * 1000))
                with Session(reader(store_engine)) as session:
                    latest = latest_checkpoint(session, E1)
                    assert latest is not None
                    observed[t].append(latest.size)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    writers = [threading.Thread(target=writer, args=(t,)) for t in range(threads_n)]
    issuers = [threading.Thread(target=issuer, args=(t,)) for t in range(2)]
    for th in writers + issuers:
        th.start()
    for th in writers:
        th.join()
    stop.set()
    for th in issuers:
        th.join()
    assert errors == []
    total = threads_n * per_thread
    all_indexes = sorted(i for g in got for i in g)
    assert all_indexes == list(range(total))  # no gap, no duplicate
    assert all(g == sorted(g) for g in got)  # each writer's entries in its own order
    for seen in observed:  # the latest checkpoint never went back
        assert seen == sorted(seen)
    with Session(store_engine) as session, session.begin():
        issue_checkpoint(session, E1, CheckpointSigner(ORIGIN, KEY), now=0)
    assert check_log(store_engine, {}) == total


def test_processes_append(store_engine: Engine, db_url: str, tmp_path: Path) -> None:
    business.create_all(store_engine)
    procs, per_proc = 4, 60
    outs = [tmp_path / f"acks-{p}.txt" for p in range(procs)]
    running = [spawn_writer(db_url, seed=p, out=outs[p], count=per_proc) for p in range(procs)]
    for proc in running:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    acks: dict[int, str] = {}
    for out in outs:
        mine = read_acks(out)
        assert len(mine) == per_proc
        assert not set(mine) & set(acks), "two writers were acknowledged the same index"
        acks.update(mine)
    assert sorted(acks) == list(range(procs * per_proc))
    with Session(store_engine) as session, session.begin():
        issue_checkpoint(session, E1, CheckpointSigner(ORIGIN, KEY), now=0)
    assert check_log(store_engine, acks) == procs * per_proc


def test_kill_9_at_random_points(store_engine: Engine, db_url: str, tmp_path: Path) -> None:
    """SIGKILL the writer at random moments, restart it, until >= 5,000 entries were
    acknowledged: every acknowledged entry is there with its hash, with its ballot, and the log
    verifies. (A kill ends the process, not the machine: power loss is what synchronous=FULL
    is for, and is not simulated here.)"""
    business.create_all(store_engine)
    rng = random.Random(20261123)
    out = tmp_path / "acks.txt"
    out.touch()
    kills = 0
    round_no = 0
    deadline = time.monotonic() + 60
    while True:
        round_no += 1
        acked = len(read_acks(out))
        proc = spawn_writer(db_url, seed=round_no, out=out)
        # Let it get going (imports take a while), then kill it at a random moment.
        target = acked + rng.randint(200, 1500)
        limit = time.monotonic() + 20
        while len(read_acks(out)) < target and time.monotonic() < limit:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode() if proc.stderr else "")
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.05))
        proc.kill()
        proc.wait()
        assert proc.returncode == -9
        kills += 1
        if len(read_acks(out)) >= 5000 and kills >= 5:
            break
        assert time.monotonic() < deadline, "the crash test is too slow"
    acks = read_acks(out)
    assert len(acks) >= 5000
    with Session(store_engine) as session, session.begin():
        assert stored_size(session, E1) >= len(acks)
        issue_checkpoint(session, E1, CheckpointSigner(ORIGIN, KEY), now=0)
    check_log(store_engine, acks)


if __name__ == "__main__":
    writer_main(
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        sys.argv[4],
        int(sys.argv[5]) if len(sys.argv) > 5 else None,
    )
    os._exit(0)
