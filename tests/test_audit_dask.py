"""The recount on Dask and the record read in one pass (issue #19).

* a recount on a local Dask cluster, and on a separately started ``dask scheduler`` and
  ``dask worker`` pair, gives byte for byte the serial run's report -- also for a record whose
  checks fail, cut into chunks small enough that every chunk boundary is crossed;
* a worker killed (SIGKILL) in the middle: its chunk is run again, the report is the same;
* a scheduler that disappears: exit 3, a clear message, never a report;
* a record truncated at any byte: R1 names the byte (and the entry or checkpoint it cut), and
  what was complete before it is still checked;
* ``oylama generate-record`` makes records that the auditor, with the pins it wrote, and the
  engine's own closed-log verifier (what trustees run) both accept.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oylama.board import verify_checkpoint
from oylama.election import Pins, decode_pins, decode_record
from oylama.election._verify import LogError, TallyLogVerifier
from oylama_audit import cli
from oylama_audit._cluster import Dask
from oylama_audit._scan import scan
from oylama_audit.cli import main
from oylama_audit.record import verify_record
from test_audit_builder import Built, assemble, build_election

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def built() -> Built:
    return build_election(voters=10, revoters=3)


def _tampered(built: Built) -> bytes:
    """The election with two ballots whose proofs fail and a ballot-superseded entry gone."""
    payloads = list(built.payloads)
    for i in built.ballot_entries[:2]:
        kind, payload = payloads[i]
        at = payload.index(b'"response') + len(b'"responses":[["') + 3
        payloads[i] = (
            kind,
            payload[:at] + (b"A" if payload[at : at + 1] != b"A" else b"B") + payload[at + 1 :],
        )
    gone = next(i for i, (kind, _) in enumerate(payloads) if kind == "ballot-superseded")
    del payloads[gone]
    return assemble(built.election_id, payloads)


def test_local_cluster_report_is_the_serial_one(built: Built, tmp_path: Path) -> None:
    record = tmp_path / "bad.json"
    record.write_bytes(_tampered(built))
    serial = verify_record(record, workers=1, chunk=3)
    assert {"R13", "R14"} <= set(serial.failed_ids())
    with Dask(workers=2) as cluster:
        for chunk in (1, 3, 7):
            spread = verify_record(record, runner=cluster, chunk=chunk)
            assert spread.to_json() == serial.to_json()
        sent = verify_record(record, runner=cluster, chunk=5, send_entries=True)
        assert sent.to_json() == serial.to_json()
    good = verify_record(built.record, workers=2, chunk=2)
    assert good.passed, good.failed_ids()
    assert good.to_json() == verify_record(built.record, workers=1).to_json()


def test_killed_worker_chunk_is_run_again(built: Built, tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    record.write_bytes(built.record)
    serial = verify_record(record, workers=1)
    killed: list[int] = []
    with Dask(workers=2) as cluster:
        before = cluster.worker_pids()

        def progress(_name: str, _done: int, _total: int) -> None:
            if not killed:  # the first chunk is back: others are running now
                pid = sorted(before.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        report = verify_record(record, runner=cluster, chunk=1, progress=progress)
        after = cluster.worker_pids()
    assert killed and killed[0] not in after.values()  # it died (the nanny started another)
    assert report.to_json() == serial.to_json()
    assert report.passed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def scheduler_pair() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A ``dask scheduler`` and a ``dask worker`` (two processes), started as an operator
    would, with the commands the auditor's install puts beside it."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    scheduler = subprocess.Popen(
        [
            str(BIN / "dask"),
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-dashboard",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    worker = subprocess.Popen(
        [
            str(BIN / "dask"),
            "worker",
            address,
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            "--no-dashboard",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield address, scheduler
    finally:
        for p in (worker, scheduler):
            if p.poll() is None:
                p.terminate()
        for p in (worker, scheduler):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def test_separate_scheduler_and_worker_give_the_serial_report(
    built: Built,
    tmp_path: Path,
    scheduler_pair: tuple[str, subprocess.Popen[bytes]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, _ = scheduler_pair
    record = tmp_path / "record.json"
    record.write_bytes(_tampered(built))
    assert main(["verify", str(record), "--json", "--workers", "1"]) == 1
    serial = capsys.readouterr().out
    assert main(["verify", str(record), "--json", "--scheduler", address, "--chunk", "2"]) == 1
    assert capsys.readouterr().out == serial
    assert main(["verify", str(record), "--workers", "2", "--scheduler", address]) == 2


def test_vanished_scheduler_is_exit_3_and_no_report(
    tmp_path: Path,
    scheduler_pair: tuple[str, subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, scheduler = scheduler_pair
    record = tmp_path / "record.json"
    record.write_bytes(build_election(voters=24, revoters=0, seed=5).record)
    real = cli.verify_record

    def verify_then_lose_the_scheduler(*args: Any, **kwargs: Any) -> Any:
        step = kwargs["progress"]

        def progress(name: str, done: int, total: int) -> None:
            if scheduler.poll() is None:  # the first chunk is back: the scheduler goes
                scheduler.send_signal(signal.SIGKILL)
                scheduler.wait()
            step(name, done, total)

        return real(*args, **{**kwargs, "progress": progress})

    monkeypatch.setattr(cli, "verify_record", verify_then_lose_the_scheduler)
    started = time.monotonic()
    code = main(["verify", str(record), "--scheduler", address, "--chunk", "1"])
    out, err = capsys.readouterr()
    assert code == 3, (out, err)
    assert "all checks passed" not in out and "FAILED" not in out
    assert "the recount did not finish" in err and "scheduler" in err
    assert "Traceback" not in err
    assert time.monotonic() - started < 120


def test_unreachable_scheduler_is_exit_3(tmp_path: Path, built: Built) -> None:
    record = tmp_path / "record.json"
    record.write_bytes(built.record)
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    assert main(["verify", str(record), "--scheduler", address]) == 3
    assert time.monotonic() - started < 90


# -- truncation ----------------------------------------------------------------------------------


def test_truncated_at_every_byte_names_the_position() -> None:
    data = build_election(voters=2, revoters=0, seed=9).record
    layout = scan(data)
    assert layout.problems == [] and layout.readable
    for k in range(len(data)):
        cut = scan(data[:k])
        assert len(cut.problems) == 1, k
        message = cut.problems[0]
        assert f"byte {k}" in message, (k, message)
        if k == len(data) - 1:
            assert "without its final line feed" in message
        else:
            assert "truncated" in message
        # What was complete stays: the entries before the cut are those of the record.
        assert cut.entries <= layout.entries
        assert list(cut.starts) == list(layout.starts[: cut.entries])


@pytest.mark.parametrize("where", ["head", "entry", "between", "checkpoints", "end"])
def test_truncated_record_fails_r1_and_the_rest_is_checked(
    built: Built, tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = built.record
    layout = scan(data)
    at = {
        "head": 30,
        "entry": layout.starts[5] + 7,
        "between": layout.ends[5] + 1,
        "checkpoints": layout.note_starts[1] + 20,
        "end": len(data) - 2,
    }[where]
    record = tmp_path / "cut.json"
    record.write_bytes(data[:at])
    report = verify_record(record, workers=1)
    assert not report.passed
    assert report["R1"].failed == 1 and f"byte {at}" in report["R1"].failures[0]
    code = main(["verify", str(record), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert not out["passed"]
    if where == "head":
        assert code == 2 and out["fatal"] == "unreadable record"
    else:
        assert code == 1 and out["fatal"] is None
        # the entries before the cut were checked (chain and decoding)
        assert out["checks"][1]["passed"] > 0 and out["checks"][2]["passed"] > 0
    if where in ("entry", "between"):
        assert "entry 5" in report["R1"].failures[0] or "entry 6" in report["R1"].failures[0]
        assert report["R4"].failed  # no checkpoint vouches for a cut log


# -- the generator -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "ballots", "revotes"), [("knapsack20", 12, 2), ("consultation", 40, 5)]
)
def test_generated_record_verifies(tmp_path: Path, shape: str, ballots: int, revotes: int) -> None:
    out, pins = tmp_path / "record.json", tmp_path / "pins.json"
    done = subprocess.run(
        [
            str(BIN / "oylama"),
            "generate-record",
            "--ballots",
            str(ballots),
            "--shape",
            shape,
            "--revotes",
            str(revotes),
            "--out",
            str(out),
            "--pins",
            str(pins),
            "--workers",
            "2",
            "--checkpoint-every",
            "7",
        ],
        capture_output=True,
        check=True,
    )
    summary = json.loads(done.stdout)
    assert summary["ballots"] == ballots + revotes
    report = verify_record(out, workers=1, pins=None)
    assert report.passed, report.failed_ids()
    assert main(["verify", str(out), "--pins", str(pins), "--workers", "1"]) == 0
    # The engine's closed-log verifier (what a trustee runs before decrypting) agrees.
    pinned: Pins = decode_pins(pins.read_bytes())
    record = decode_record(out.read_bytes())
    first = json.loads(decode_entry_payload(record.entries[0]))
    verifier = TallyLogVerifier(
        election_id=record.election_id,
        manifest_hash=_manifest_hash(record.entries[0]),
        joint_key=_joint_key(record),
        pins=pinned,
    )
    for data in record.entries:
        verifier.add(data)
    name, key = _board_key(record.board_key)
    final = verify_checkpoint(record.checkpoints[-1], name, key, origin=first["origin"])
    log = verifier.finish(final)
    # Holding no ballot (running sums, the superseded ones read again): the same log.
    bounded = TallyLogVerifier(
        election_id=record.election_id,
        manifest_hash=_manifest_hash(record.entries[0]),
        joint_key=_joint_key(record),
        pins=pinned,
        entries_at=lambda indices: [record.entries[i] for i in indices],
    )
    for data in record.entries:
        bounded.add(data)
    assert bounded.finish(final) == log
    # ... and an entry read again that is not the one verified is refused.
    other = TallyLogVerifier(
        election_id=record.election_id,
        manifest_hash=_manifest_hash(record.entries[0]),
        joint_key=_joint_key(record),
        pins=pinned,
        entries_at=lambda indices: [record.entries[i + 1] for i in indices],
    )
    for data in record.entries:
        other.add(data)
    with pytest.raises(LogError, match="read again"):
        other.finish(final)
    assert [t.ballots for t in log.tallies] == [
        s["counted"] for s in json.loads(_payload_of(record, "closed"))["styles"]
    ]


def decode_entry_payload(data: bytes) -> bytes:
    from oylama.board import decode_entry  # noqa: PLC0415

    return decode_entry(data).payload


def _payload_of(record: object, kind: str) -> bytes:
    from oylama.board import decode_entry  # noqa: PLC0415

    for data in record.entries:  # type: ignore[attr-defined]
        e = decode_entry(data)
        if e.kind.value == kind:
            return e.payload
    raise AssertionError(kind)


def _manifest_hash(data: bytes) -> bytes:
    from oylama.election import decode_manifest, manifest_hash  # noqa: PLC0415

    return manifest_hash(decode_manifest(decode_entry_payload(data)))


def _joint_key(record: object) -> bytes:
    import base64  # noqa: PLC0415

    opened = json.loads(_payload_of(record, "opened"))
    return base64.b64decode(opened["joint_key"])


def _board_key(text: str) -> tuple[str, bytes]:
    from oylama.board import parse_verifier_key  # noqa: PLC0415

    parsed = parse_verifier_key(text)
    return parsed[0], parsed[1]
