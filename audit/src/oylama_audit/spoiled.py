"""Spoiled ballots (Benaloh challenges) checked with the auditor's own code (ballots §8).

A voter's device that spoils a ballot checks it with the code that encrypted it, which proves
little if that code is what cheats. This module checks the same thing from the specification
alone: a record's ``ballot-spoiled`` entries (check R20), or a spoiled-ballot file a device
saved, against a record whose board verifies (the record gives the election's key and base
hash: R1-R6, R8 and R11 must pass). For each spoiled ballot it says which choices the ballot's
ciphertexts hold -- the voter compares them with what they chose, and the tracking code with
what the device showed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oylama_audit._ballot import check_spoiled, tracking_code
from oylama_audit._errors import AuditError
from oylama_audit._manifest import Manifest
from oylama_audit._payloads import BallotPayload
from oylama_audit._wire import SpoiledBallot, decode_canonical, encode
from oylama_audit.record import (
    BallotInfo,
    Board,
    Election,
    SpoiledInfo,
    check_ceremony,
    check_manifest_entry,
    check_order,
    check_spoiled_entries,
    read_board,
)
from oylama_audit.report import Report

#: The checks a spoiled ballot's election key and base hash rest on.
BOARD_CHECKS = ("R1", "R2", "R3", "R4", "R5", "R6", "R8", "R11")


@dataclass
class FileOutcome:
    """A device's spoiled-ballot file checked against a record."""

    style: str | None = None
    tracking_code: bytes | None = None
    choices: list[int] = field(default_factory=list)
    published_at: int | None = None  # its ballot-spoiled entry, if the record holds it
    error: str | None = None


def _index_ballots(board: Board, el: Election) -> None:
    """The cast ballots' styles and ids (what a spoiled ballot's id must not be)."""
    for e in board.entries:
        if e.kind != "ballot":
            continue
        try:
            p = decode_canonical(e.payload, BallotPayload, f"entry {e.index} (ballot)")
        except AuditError:
            continue  # `verify` reports it (R12); here it cannot clash with anything
        el.ballots.append(
            BallotInfo(
                e.index,
                p.credential,
                p.ballot.style,
                p.ballot.ballot_id,
                tracking_code(encode(p.ballot)),
            )
        )


def check_record(data: bytes) -> tuple[Report, Election]:
    """The board checks the key rests on, then R20 over the record's spoiled entries."""
    report = Report()
    board = read_board(data, report)
    if board is None:
        return report, Election()
    el = check_manifest_entry(board, report)
    report.phase = check_order(board, el.manifest, report)
    check_ceremony(board, el, report)
    _index_ballots(board, el)
    check_spoiled_entries(board, el, report)
    return report, el


def board_failures(report: Report) -> list[str]:
    """Why the record cannot vouch for the election's key (empty when it can)."""
    out = [f"{cid}: {m}" for cid in BOARD_CHECKS for m in report[cid].failures]
    if report.fatal:
        out.append(report.fatal)
    return out


def check_file(el: Election, data: bytes) -> FileOutcome:
    """ballots §8 steps 1-4 on a saved spoiled ballot, with the record's election."""
    out = FileOutcome()
    text = data[:-1] if data.endswith(b"\n") else data
    try:
        sp = decode_canonical(text, SpoiledBallot, "spoiled ballot file")
        out.style = sp.ballot.style
        out.tracking_code = tracking_code(encode(sp.ballot))
        out.choices = list(sp.choices)
        m = el.manifest
        style = {b.id: b.style for b in m.ballots}.get(sp.ballot.style) if m else None
        if style is None:
            raise AuditError(f"style {sp.ballot.style!r} is not a ballot of this election")
        if el.joint_key is None or el.base_hash is None:
            raise AuditError("the record gives no joint key")
        check_spoiled(style, el.joint_key, el.base_hash, sp)
        key = (sp.ballot.style, sp.ballot.ballot_id)
        if any((b.style, b.ballot_id) == key for b in el.ballots):
            raise AuditError("its ballot id is a cast ballot's: a counted vote made public")
    except AuditError as exc:
        out.error = str(exc)
    for s in el.spoiled:
        if s.payload == text:
            out.published_at = s.index
    return out


def describe(manifest: Manifest | None, style_id: str | None, choices: list[int]) -> list[str]:
    """``project id (name): value`` per project, for the voter to compare with their choice."""
    ballot = next((b for b in manifest.ballots if b.id == style_id), None) if manifest else None
    if ballot is None or len(ballot.projects) != len(choices):
        return [f"project {j}: {x}" for j, x in enumerate(choices)]
    return [f"{p.id} ({p.name.tr}): {x}" for p, x in zip(ballot.projects, choices, strict=True)]


__all__ = [
    "BOARD_CHECKS",
    "FileOutcome",
    "SpoiledInfo",
    "board_failures",
    "check_file",
    "check_record",
    "describe",
]
