"""Bulletin-board storage benchmark: appends per second, proof time and audit time at 10^6.

    .venv/bin/python benchmarks/board.py              # SQLite and a throwaway PostgreSQL
    .venv/bin/python benchmarks/board.py --quick      # 10^4 entries instead of 10^6, seconds
    .venv/bin/python benchmarks/board.py --pg-url postgresql+psycopg://u@host/db
    .venv/bin/python benchmarks/board.py --no-pg
    .venv/bin/python benchmarks/board.py --no-sqlite --big-pg   # 10^6 on PostgreSQL too

Measured, on each backend (a fresh database in a temporary directory; PostgreSQL with its
durable defaults, fsync on):

* ``single``: one append per transaction, one writer: acknowledged appends/s (each a commit,
  so this is the disk's flush rate);
* ``group``: :class:`oylama.store.BatchWriter` with ``--producers`` threads each appending and
  waiting for its acknowledgement (after the commit): acknowledged appends/s and mean batch;
* ``append_many``: batches of 1,000 entries per transaction (bulk loading): entries/s;
* at ``--entries`` (10^6) on SQLite (and PostgreSQL with ``--big-pg``), built with
  ``append_many``: inclusion and consistency proof generation from the stored subtree hashes
  (median and 99th percentile over random indexes), and ``verify_stored_log`` of the whole log
  against its checkpoint (every entry decoded and re-hashed, every subtree row compared).

Targets from the issue: >= 2,000 acknowledged appends/s on SQLite with group commit; an
inclusion proof at 10^6 entries in <= 2 ms. The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from oylama.board import (
    CheckpointSigner,
    EntryKind,
    verify_consistency,
    verify_inclusion,
)
from oylama.store import (
    BatchWriter,
    StoredTree,
    append,
    append_many,
    issue_checkpoint,
    open_store,
    reader,
    upgrade_to_head,
    verify_stored_log,
)
from oylama.store.testing import ThrowawayPostgres, find_pg_bin

ORIGIN = "board.example/bench"
KEY = SigningKey(bytes(range(32)))
PAYLOAD = bytes(range(256)) * 1  # a ballot-sized payload (256 bytes)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def bench_single(engine: Engine, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        with Session(engine) as session, session.begin():
            append(session, "single", EntryKind.BALLOT, PAYLOAD, now=now_ms())
    return n / (time.perf_counter() - start)


def bench_group(engine: Engine, producers: int, per_producer: int) -> tuple[float, float]:
    with BatchWriter(engine) as writer:

        def produce() -> None:
            for _ in range(per_producer):
                writer.append("group", EntryKind.BALLOT, PAYLOAD, now=now_ms())

        threads = [threading.Thread(target=produce) for _ in range(producers)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    total = producers * per_producer
    return total / elapsed, total / max(writer.batches, 1)


def build(engine: Engine, election: str, n: int, batch: int = 1000) -> float:
    start = time.perf_counter()
    done = 0
    while done < n:
        k = min(batch, n - done)
        with Session(engine) as session, session.begin():
            append_many(session, election, [(EntryKind.BALLOT, PAYLOAD)] * k, now=now_ms())
        done += k
    return n / (time.perf_counter() - start)


def ms(seconds: list[float], q: float) -> float:
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_big(engine: Engine, n: int, samples: int) -> dict[str, float]:
    election = "big"
    out: dict[str, float] = {"build_per_s": build(engine, election, n)}
    with Session(engine) as session, session.begin():
        cp = issue_checkpoint(session, election, CheckpointSigner(ORIGIN, KEY), now=now_ms())
    rng = random.Random(1)
    incl: list[float] = []
    cons: list[float] = []
    with Session(reader(engine)) as session:
        for _ in range(samples):
            index = rng.randrange(n)
            t = time.perf_counter()
            tree = StoredTree(session, election, size=n)
            proof = tree.inclusion_proof(index)
            incl.append(time.perf_counter() - t)
            leaf = tree.subtree_hash(index, index + 1)
            verify_inclusion(leaf, index, n, proof, cp.root_hash)
        for _ in range(samples):
            old = rng.randrange(1, n)
            t = time.perf_counter()
            tree = StoredTree(session, election, size=n)
            proof = tree.consistency_proof(old)
            old_root = tree.root(old)
            cons.append(time.perf_counter() - t)
            verify_consistency(old, n, old_root, cp.root_hash, proof)
        session.rollback()
        t = time.perf_counter()
        verified = verify_stored_log(session, election, key_name=ORIGIN, public_key=KEY.verify_key)
        out["verify_s"] = time.perf_counter() - t
        assert verified.size == n and verified.root_hash == cp.root_hash
    out.update(
        {
            "inclusion_ms_median": ms(incl, 0.5),
            "inclusion_ms_p99": ms(incl, 0.99),
            "consistency_ms_median": ms(cons, 0.5),
            "consistency_ms_p99": ms(cons, 0.99),
        }
    )
    return out


def run_backend(name: str, url: str, args: argparse.Namespace, big: bool) -> dict[str, Any]:
    engine = open_store(url)
    upgrade_to_head(engine)
    result: dict[str, Any] = {"backend": name}
    try:
        result["single_per_s"] = bench_single(engine, args.single)
        result["group_per_s"], result["group_mean_batch"] = bench_group(
            engine, args.producers, args.per_producer
        )
        result["append_many_per_s"] = build(engine, "bulk", args.bulk)
        if big:
            result.update(bench_big(engine, args.entries, args.samples))
    finally:
        engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10^4 entries, fewer appends")
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=1000, help="proofs timed")
    parser.add_argument("--single", type=int, default=1000, help="single-commit appends")
    parser.add_argument("--producers", type=int, default=64)
    parser.add_argument("--per-producer", type=int, default=150)
    parser.add_argument("--bulk", type=int, default=50_000, help="entries for append_many")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database (else a throwaway one)")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--big-pg", action="store_true", help="also build 10^6 on PostgreSQL")
    parser.add_argument("--dir", help="directory for the SQLite file (default: a temp dir)")
    args = parser.parse_args()
    if args.quick:
        args.entries, args.samples, args.single = 10_000, 200, 200
        args.producers, args.per_producer, args.bulk = 32, 50, 5_000

    results: list[dict[str, Any]] = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="oylama-bench-", dir=args.dir) as tmp:
            url = f"sqlite:///{Path(tmp) / 'board.sqlite3'}"
            results.append(run_backend("sqlite", url, args, big=True))
    if not args.no_pg:
        if args.pg_url:
            results.append(run_backend("postgresql", args.pg_url, args, big=args.big_pg))
        elif find_pg_bin() is not None:
            with ThrowawayPostgres(durable=True) as pg:
                results.append(run_backend("postgresql", pg.url("postgres"), args, big=args.big_pg))
        else:
            print("PostgreSQL not found: skipped (install it or pass --pg-url)")

    print(f"{'backend':<11}{'single/s':>10}{'group/s':>10}{'batch':>7}{'many/s':>10}")
    for r in results:
        print(
            f"{r['backend']:<11}{r['single_per_s']:>10.0f}{r['group_per_s']:>10.0f}"
            f"{r['group_mean_batch']:>7.1f}{r['append_many_per_s']:>10.0f}"
        )
    for r in results:
        if "verify_s" in r:
            print(
                f"{r['backend']} at {args.entries} entries: built at {r['build_per_s']:.0f}/s; "
                f"inclusion proof {r['inclusion_ms_median']:.3f} ms median, "
                f"{r['inclusion_ms_p99']:.3f} ms p99; consistency proof "
                f"{r['consistency_ms_median']:.3f} ms median, {r['consistency_ms_p99']:.3f} ms "
                f"p99; full verification {r['verify_s']:.1f} s"
            )
    print(json.dumps({"entries": args.entries, "cpus": os.cpu_count(), "results": results}))


if __name__ == "__main__":
    main()
