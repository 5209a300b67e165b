"""The implementation-tracking vectors (docs/spec/vectors/tracking.json, cycle §5): the file is
what the generator gives, and the engine and the independent auditor agree with every case
on which entry, if any, is the first invalid one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from oylama.cycle import verify_tracking
from oylama.errors import InputError
from oylama_audit.tracking import TrackingEntry, check_tracking

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "vectors"))
import generate_tracking_vectors as generator  # noqa: E402

VECTORS = json.loads((ROOT / "docs" / "spec" / "vectors" / "tracking.json").read_text("utf-8"))
CASES = VECTORS["cases"]


def test_the_file_is_what_the_generator_gives() -> None:
    assert generator.main(["--check"]) == 0
    assert len(CASES) >= 30
    assert {c["first_invalid"] is None for c in CASES} == {True, False}


def _engine_first_invalid(case: dict[str, Any]) -> int | None:
    pairs = [(kind, text.encode()) for kind, text in case["entries"]]
    for n in range(len(pairs)):
        try:
            verify_tracking(pairs[: n + 1], VECTORS["funded"])
        except InputError:
            return n
    return None


def _auditor_first_invalid(case: dict[str, Any]) -> int | None:
    entries = [
        TrackingEntry(index=k, kind=kind, timestamp=10, payload=text.encode())
        for k, (kind, text) in enumerate(case["entries"])
    ]
    problems = check_tracking(entries, VECTORS["funded"], published_at=10)
    if not problems:
        return None
    return int(problems[0].split()[1])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_engine_and_auditor_agree_with_the_vector(case: dict[str, Any]) -> None:
    assert _engine_first_invalid(case) == case["first_invalid"]
    assert _auditor_first_invalid(case) == case["first_invalid"]


def test_the_auditor_refuses_entries_older_than_the_publication() -> None:
    case = CASES[0]
    entries = [
        TrackingEntry(index=k, kind=kind, timestamp=5, payload=text.encode())
        for k, (kind, text) in enumerate(case["entries"])
    ]
    problems = check_tracking(entries, VECTORS["funded"], published_at=10)
    assert len(problems) == len(entries) and "before the result" in problems[0]
    assert check_tracking(entries, VECTORS["funded"], published_at=None)
