"""Generate the implementation-tracking vectors of docs/spec/cycle.md §5 (vectors/tracking.json).

Deterministic (no randomness, no clock): each case is a sequence of participation-log entries
(kind and exact payload text) over the funded projects ``k/p1`` and ``k/p2`` (``k/p3`` was not
funded), with the position of the first entry §5 makes invalid, or ``null`` when every entry is
valid. The engine (``oylama.cycle._tracking.verify_tracking``) and the auditor
(``oylama_audit.tracking.check_tracking``) must both agree with every case
(tests/test_tracking_vectors.py, which also regenerates and compares byte for byte). Usage::

    .venv/bin/python tests/vectors/generate_tracking_vectors.py          # writes the file
    .venv/bin/python tests/vectors/generate_tracking_vectors.py --check  # compares only
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from oylama.cycle import encode_cycle_payload
from oylama.cycle._tracking import ProgressNote, ProjectStatus

OUT = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors"
NAME = "tracking.json"
FUNDED = {"k": ["p1", "p2"], "c": []}
PHOTO = "5f" * 32


def status(project: str = "p1", ballot: str = "k", **fields: Any) -> list[str]:
    values: dict[str, Any] = {
        "status": "planned",
        "started": None,
        "finished": None,
        "spent": "0",
        "reason": None,
        "by": "staff1",
        **fields,
    }
    payload = ProjectStatus(ballot=ballot, project=project, **values)
    return ["project-status", encode_cycle_payload(payload).decode()]


def note(text: str, photos: list[str] | None = None, project: str = "p1") -> list[str]:
    payload = ProgressNote(ballot="k", project=project, text=text, photos=photos or [], by="s")
    return ["progress-note", encode_cycle_payload(payload).decode()]


def raw(kind: str, text: str) -> list[str]:
    return [kind, text]


CASES: list[tuple[str, list[list[str]], int | None]] = [
    (
        "forward to done, with a note and a photo",
        [
            status(status="tendering"),
            status(status="in-progress", started="2027-03-01", spent="1500.5"),
            note("İşe başlandı.\nİlk kat bitti.", [PHOTO]),
            status(status="done", started="2027-03-01", finished="2027-09-30", spent="39999.99"),
        ],
        None,
    ),
    (
        "same status: new money, no reason needed",
        [status(status="in-progress", spent="10"), status(status="in-progress", spent="20.25")],
        None,
    ),
    (
        "back with a reason; reopening with a reason; cancelled with a reason",
        [
            status(status="in-progress"),
            status(status="tendering", reason="the contractor went bankrupt"),
            status(status="done", finished="2028-01-01"),
            status(status="in-progress", reason="a defect found at handover"),
            status(project="p2", status="cancelled", reason="site flooded"),
            status(project="p2", status="planned", reason="funds found again"),
        ],
        None,
    ),
    ("cancelled without a reason", [status(status="cancelled")], 0),
    (
        "reopening done without a reason",
        [status(status="done"), status(status="in-progress")],
        1,
    ),
    (
        "back without a reason",
        [status(status="in-progress"), status(status="planned")],
        1,
    ),
    ("a project that was not funded", [status(project="p3", status="tendering")], 0),
    ("a note on a project that was not funded", [note("x", project="p3")], 0),
    ("a ballot with nothing funded", [status(ballot="c", project="q1")], 0),
    ("spent with a trailing zero", [status(spent="10.50")], 0),
    ("spent negative", [status(spent="-1")], 0),
    ("spent with five decimals", [status(spent="0.00001")], 0),
    ("spent with a leading zero", [status(spent="05")], 0),
    ("finished while in progress", [status(status="in-progress", finished="2027-05-01")], 0),
    (
        "finished before started",
        [status(status="done", started="2027-05-01", finished="2027-04-30")],
        0,
    ),
    ("a date that does not exist", [status(started="2027-02-30")], 0),
    ("a date in another form", [status(started="01.03.2027")], 0),
    ("a reason of white space only", [status(status="cancelled", reason="   ")], 0),
    ("a reason with a control character", [status(status="cancelled", reason="a\u0007b")], 0),
    ("a note of white space only", [note(" \n ")], 0),
    ("a note with a NUL", [note("a\u0000b")], 0),
    ("a note with U+FFFF", [note("a\uffffb")], 0),
    ("a note of 4001 characters", [note("x" * 4001)], 0),
    ("a note of 4000 characters", [note("x" * 4000)], None),
    ("a photo named twice", [note("x", [PHOTO, PHOTO])], 0),
    ("nine photos", [note("x", [f"{k:02x}" * 32 for k in range(9)])], 0),
    ("a photo that is not a digest", [note("x", ["../etc/passwd"])], 0),
    ("an unknown status", [status(status="finished")], 0),
    (
        "white space in the payload (not canonical)",
        [raw("progress-note", '{"ballot": "k","project":"p1","text":"x","photos":[],"by":"s"}')],
        0,
    ),
    (
        "members in another order (not canonical)",
        [raw("progress-note", '{"project":"p1","ballot":"k","text":"x","photos":[],"by":"s"}')],
        0,
    ),
    (
        "an unknown member",
        [
            raw(
                "progress-note",
                '{"ballot":"k","project":"p1","text":"x","photos":[],"by":"s","html":"<b>"}',
            )
        ],
        0,
    ),
    (
        "a missing member",
        [raw("project-status", '{"ballot":"k","project":"p1","status":"done","by":"s"}')],
        0,
    ),
    ("other kinds are not tracking's", [raw("phase", "{}"), status(status="tendering")], None),
]


def tracking_vectors() -> dict[str, Any]:
    return {
        "description": (
            "cycle.md §5: sequences of participation-log entries [kind, payload text] over the "
            "funded projects in 'funded'; 'first_invalid' is the position of the first entry "
            "§5 makes invalid, or null"
        ),
        "funded": FUNDED,
        "cases": [
            {"name": name, "entries": entries, "first_invalid": first}
            for name, entries, first in CASES
        ],
    }


def all_vectors() -> dict[str, bytes]:
    """File name -> exact file bytes."""
    return {NAME: (json.dumps(tracking_vectors(), indent=1, ensure_ascii=False) + "\n").encode()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    bad = 0
    for name, data in all_vectors().items():
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                print(f"differs: {path}")
                bad += 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path} ({len(data)} bytes)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
