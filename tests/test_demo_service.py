"""``run_demo``: a whole election through the real service (child process) with 20 voters."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from rich.console import Console

from oylama.board import EntryKind, decode_entry
from oylama.election import decode_record
from oylama.errors import InputError
from oylama_audit.cycle import check_cycle_record
from oylama_audit.record import verify_record
from oylama_cli.demo._run import run_demo


def test_demo_runs_an_election_and_writes_the_record(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    buffer = io.StringIO()
    out = Console(file=buffer, width=120, highlight=False)
    code = run_demo(voters=30, record=record, data=tmp_path / "data", rng=random.Random(5), out=out)
    text = buffer.getvalue()
    assert code == 0, text
    assert "every published score equals the plaintext recount" in text
    parsed = decode_record(record.read_bytes())
    kinds = [decode_entry(e).kind for e in parsed.entries]
    assert kinds.count(EntryKind.TRUSTEE_KEY) == 3
    assert kinds.count(EntryKind.PARTIAL_DECRYPTION) == 2 * 4  # two trustees, four ballots
    assert kinds.count(EntryKind.BALLOT_SUPERSEDED) == 1  # 30 // 20 revoters
    assert kinds[-4:] == [EntryKind.ALLOCATION] * 4
    assert (tmp_path / "data" / "trustees").is_dir()
    assert str(record) in text
    assert f"oylama serve --data {tmp_path / 'data'}" in text  # how to browse it again
    # The independent auditor (written from the specs alone) accepts the record.
    report = verify_record(record.read_bytes(), workers=1)
    assert report.passed, report.failed_ids()
    assert report.phase == "published"
    assert report["R26"].passed == 3  # the polling station's three paper ballots
    # and the participation record around it: schedule, proposals, tracking, assemblies
    cycle = check_cycle_record(
        (tmp_path / f"{parsed.election_id}.cycle.json").read_bytes(),
        election_record=record.read_bytes(),
    )
    assert cycle.passed and cycle.skipped == [], cycle.to_json()
    assert cycle.figures["phase"] == 3  # planned, proposals closed, review closed
    assert cycle.figures.get("proposal", 0) == 5, cycle.figures  # Bostanlı has 7 voters or more
    assert cycle.figures["project-status"] >= 1


def test_demo_refuses_a_used_data_directory_and_no_voters(tmp_path: Path) -> None:
    (tmp_path / "board.sqlite3").write_bytes(b"")
    with pytest.raises(InputError, match=f"{tmp_path}: the demo needs an empty"):
        run_demo(voters=2, data=tmp_path)
    with pytest.raises(InputError, match="at least one voter"):
        run_demo(voters=0)
