"""The auditor's check of spoiled ballots (R20) and ``oylama-audit spoiled``.

Records are made by the engine (``test_audit_builder``) with ``ballot-spoiled`` entries
inserted before ``closed`` and re-signed with the test's board key, so that only the check a
tampering breaks can fail: a spoiled entry whose randomness does not reproduce its ciphertexts,
whose choices are not what they encrypt, whose ballot id is a cast ballot's, or that stands
after ``closed``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import msgspec
import pytest

from oylama import ballots as ballot_defs
from oylama.crypto import (
    Point,
    SpoiledBallot,
    encrypt_ballot,
    format_tracking_code,
    spoil,
    to_json,
)
from oylama.crypto import tracking_code as engine_tracking_code
from oylama.election import identity_public_key, manifest_from_definition
from oylama_audit.cli import main
from oylama_audit.record import verify_record
from test_audit_builder import (
    DEFINITION,
    ORIGIN,
    Built,
    Payloads,
    SeededRng,
    assemble,
    build_election,
    identity_seeds,
)

MANIFEST = manifest_from_definition(
    ballot_defs.loads(DEFINITION, source="t"),
    trustees=3,
    threshold=2,
    trustee_keys=[identity_public_key(s) for s in identity_seeds(3, 5)],  # build_election's
    origin=ORIGIN,
)


@pytest.fixture(scope="module")
def built() -> Built:
    return build_election(voters=4, revoters=1, seed=5)


def _at(payloads: Payloads, kind: str, nth: int = 0) -> int:
    return [i for i, (k, _) in enumerate(payloads) if k == kind][nth]


def make_spoiled(
    built: Built, style_id: str, choices: list[int], ballot_id: bytes, seed: int = 1
) -> SpoiledBallot:
    opened = msgspec.json.decode(built.payloads[_at(built.payloads, "opened")][1])
    style = next(b for b in MANIFEST.ballots if b.id == style_id).ballot_style()
    ballot, secrets = encrypt_ballot(
        style,
        Point.decode(base64.b64decode(opened["joint_key"])),
        choices,
        context=base64.b64decode(opened["base_hash"]),
        ballot_id=ballot_id,
        credential=built.voters[0].public,
        rng=SeededRng(("spoil", seed)),
    )
    return spoil(ballot, secrets)


def with_spoiled(built: Built, *spoiled: SpoiledBallot | bytes, at: str = "closed") -> bytes:
    payloads = list(built.payloads)
    where = _at(payloads, at)
    for k, s in enumerate(spoiled):
        text = s if isinstance(s, bytes) else to_json(s)
        payloads.insert(where + k, ("ballot-spoiled", text))
    return assemble(built.election_id, payloads)


def failed(record: bytes) -> set[str]:
    return set(verify_record(record, workers=1).failed_ids())


def _knapsack_choices() -> list[int]:
    style = next(b for b in MANIFEST.ballots if b.id == "city-knapsack").ballot_style()
    # the cheapest project alone always fits
    cheapest = min(range(style.projects), key=lambda j: style.costs[j])
    return [1 if j == cheapest else 0 for j in range(style.projects)]


def test_valid_spoiled_entries_pass(built: Built) -> None:
    s1 = make_spoiled(built, "d1-approval", [1, 0, 1], b"spoiled-1")
    s2 = make_spoiled(built, "city-knapsack", _knapsack_choices(), b"spoiled-2", seed=2)
    report = verify_record(with_spoiled(built, s1, s2), workers=1)
    assert report.passed, report.to_json()
    assert report["R20"].passed == 2 and report["R20"].failed == 0
    # never counted: the tally (R16) and closed (R15) still pass with the same counts
    assert report["R16"].passed > 0


def test_randomness_that_does_not_reproduce_fails_r20(built: Built) -> None:
    s = make_spoiled(built, "d1-approval", [1, 0, 1], b"spoiled-r")
    r = list(s.randomness)
    r[1] = (int.from_bytes(r[1], "little") + 1).to_bytes(32, "little")
    got = failed(with_spoiled(built, msgspec.structs.replace(s, randomness=r)))
    assert got == {"R20"}
    report = verify_record(with_spoiled(built, msgspec.structs.replace(s, randomness=r)), workers=1)
    assert "project 1" in report["R20"].failures[0]


def test_choices_other_than_encrypted_fail_r20(built: Built) -> None:
    s = make_spoiled(built, "d1-approval", [1, 0, 1], b"spoiled-c")
    assert failed(with_spoiled(built, msgspec.structs.replace(s, choices=[1, 1, 0]))) == {"R20"}
    # choices the style does not allow at all
    assert failed(with_spoiled(built, msgspec.structs.replace(s, choices=[2, 0, 1]))) == {"R20"}
    # a randomness of zero or not canonical
    zero = [bytes(32), *s.randomness[1:]]
    assert failed(with_spoiled(built, msgspec.structs.replace(s, randomness=zero))) == {"R20"}


def test_spoiled_ballot_id_of_a_cast_ballot_fails(built: Built) -> None:
    """Publishing a counted ballot's randomness would make the vote public."""
    cast = next(
        b
        for b in (msgspec.json.decode(built.payloads[i][1])["ballot"] for i in built.ballot_entries)
        if b["style"] == "d1-approval"
    )
    s = make_spoiled(built, "d1-approval", [1, 0, 0], base64.b64decode(cast["ballot_id"]))
    report = verify_record(with_spoiled(built, s), workers=1)
    assert report.failed_ids() == ["R20"]
    assert "cast ballot" in report["R20"].failures[0]
    # twice the same spoiled ballot id
    s1 = make_spoiled(built, "d1-approval", [1, 0, 1], b"twice")
    s2 = make_spoiled(built, "d1-approval", [0, 1, 1], b"twice", seed=3)
    assert failed(with_spoiled(built, s1, s2)) == {"R20"}


def test_spoiled_entry_after_closed_fails_r7(built: Built) -> None:
    s = make_spoiled(built, "d1-approval", [1, 0, 1], b"late")
    got = failed(with_spoiled(built, s, at="tally"))
    assert "R7" in got and "R20" not in got


def test_non_canonical_spoiled_payload_fails(built: Built) -> None:
    s = to_json(make_spoiled(built, "d1-approval", [1, 0, 1], b"spaced"))
    assert failed(with_spoiled(built, s.replace(b":", b": ", 1))) == {"R20"}


# -- the command --------------------------------------------------------------------------------


def test_cli_spoiled_record_and_file(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s = make_spoiled(built, "d1-approval", [1, 0, 1], b"cli-1")
    record = tmp_path / "record.json"
    record.write_bytes(with_spoiled(built, s))
    code = format_tracking_code(engine_tracking_code(s.ballot))

    assert main(["spoiled", str(record)]) == 0
    out = capsys.readouterr().out
    assert code in out and "A1" in out and "encrypt exactly these choices" in out

    assert main(["spoiled", str(record), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["board_verified"] and got["file"] is None
    assert [(e["tracking_code"], e["choices"], e["ok"]) for e in got["spoiled"]] == [
        (code, [1, 0, 1], True)
    ]

    # the device's saved file (its canonical text, with or without a final line feed)
    saved = tmp_path / "spoiled.json"
    saved.write_bytes(to_json(s) + b"\n")
    assert main(["spoiled", str(saved), "--record", str(record), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["file"]["ok"] and got["file"]["published_at"] is not None
    assert got["file"]["choices"] == [1, 0, 1]
    # a file that was never published still checks, and says so
    other = make_spoiled(built, "d1-approval", [0, 1, 1], b"cli-2", seed=4)
    saved.write_bytes(to_json(other))
    assert main(["spoiled", str(saved), "--record", str(record)]) == 0
    assert "not published in this record" in capsys.readouterr().out
    # a tampered file: exit 1, naming the project
    r = list(other.randomness)
    r[0] = r[1]
    saved.write_bytes(to_json(msgspec.structs.replace(other, randomness=r)))
    assert main(["spoiled", str(saved), "--record", str(record)]) == 1
    assert "project 0" in capsys.readouterr().out
    # a record whose spoiled entry is tampered: exit 1
    bad = tmp_path / "bad.json"
    bad.write_bytes(with_spoiled(built, msgspec.structs.replace(s, choices=[1, 1, 0])))
    assert main(["spoiled", str(bad)]) == 1
    assert "FAIL R20" in capsys.readouterr().out
    # a spoiled file given where a record belongs: usage error
    assert main(["spoiled", str(saved)]) == 2
    assert main(["spoiled", str(tmp_path / "missing.json")]) == 2
