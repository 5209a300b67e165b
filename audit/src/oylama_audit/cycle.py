"""A whole participation record checked once (docs/spec/cycle.md), as numbered checks.

``oylama-audit cycle`` reads the record file once (:func:`read_cycle_log`: chain and
checkpoints) and then runs every section's rules over the same entries, so a reader gets one
verdict for the whole log instead of one command per section: C1 the file, C2 the kinds, C3
the payloads, C4 the schedule (§3), C5 proposals (§4), C6 tracking (§5, only with the election
record, which holds the allocations) and C7 assemblies (§6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from oylama_audit._board import ELECTION_KINDS, KINDS
from oylama_audit._cycle import CYCLE_SUFFIX, read_cycle_log
from oylama_audit._errors import AuditError
from oylama_audit._wire import decode_canonical
from oylama_audit.assemblies import AssemblyPayload, DecisionPayload, check_assemblies
from oylama_audit.phases import PhasePayload, check_phases
from oylama_audit.proposals import (
    AcceptedEntry,
    ModerationEntry,
    ProposalEntry,
    ReviewEntry,
    SupportEntry,
    check_proposals,
)
from oylama_audit.report import Check
from oylama_audit.tracking import (
    NotePayload,
    StatusPayload,
    check_same_election,
    check_tracking,
    read_allocations,
    read_credentials,
)

#: cycle §1 / board §1's second table: the kinds a participation log may hold.
CYCLE_KINDS = tuple(k for k in KINDS if k not in ELECTION_KINDS)

#: The payload of each participation kind (cycle §3-§6).
PAYLOADS: Mapping[str, type[Any]] = {
    "phase": PhasePayload,
    "proposal": ProposalEntry,
    "proposal-support": SupportEntry,
    "proposal-moderation": ModerationEntry,
    "proposal-review": ReviewEntry,
    "proposal-accepted": AcceptedEntry,
    "project-status": StatusPayload,
    "progress-note": NotePayload,
    "assembly": AssemblyPayload,
    "assembly-decision": DecisionPayload,
}

#: Every check of ``oylama-audit cycle``, in the order they run (docs/audit.md explains each).
CYCLE_CHECKS: tuple[tuple[str, str], ...] = (
    ("C1", "participation record: canonical file, chain, checkpoints under the board key"),
    ("C2", "every entry's kind is a participation kind"),
    ("C3", "every payload is the canonical text of its kind's payload"),
    ("C4", "schedule: entry 0 is a phase, each phase a valid schedule by an account (§3)"),
    ("C5", "proposals, supports, moderation, reviews, acceptances (§4)"),
    ("C6", "implementation tracking of funded projects (§5; needs --record)"),
    ("C7", "neighbourhood assemblies and their decisions (§6)"),
)


@dataclass
class CycleReport:
    """The numbered checks of one participation record, and the figures they found."""

    election_id: str = ""
    entries: int = 0
    checks: dict[str, Check] = field(
        default_factory=lambda: {cid: Check(cid, name) for cid, name in CYCLE_CHECKS}
    )
    figures: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def __getitem__(self, cid: str) -> Check:
        return self.checks[cid]

    @property
    def passed(self) -> bool:
        return all(c.failed == 0 for c in self.checks.values())

    def failed_ids(self) -> list[str]:
        return [c.id for c in self.checks.values() if c.failed]

    def to_json(self) -> bytes:
        return msgspec.json.encode(
            {
                "election_id": self.election_id,
                "entries": self.entries,
                "passed": self.passed,
                "figures": self.figures,
                "checks": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "passed": c.passed,
                        "failed": c.failed,
                        "skipped": c.id in self.skipped,
                        "failures": c.failures,
                        "notes": c.notes,
                    }
                    for c in self.checks.values()
                ],
            }
        )


def _run(report: CycleReport, cid: str, check: Any) -> bool:
    """Run one check; a failure is recorded under ``cid`` and stops none of the others."""
    try:
        check()
    except AuditError as exc:
        report[cid].fail(str(exc))
        return False
    report[cid].ok()
    return True


def check_cycle_record(
    data: bytes,
    *,
    board_public_key: bytes | None = None,
    board_key_name: str | None = None,
    election_id: str | None = None,
    election_record: bytes | None = None,
    credentials: Mapping[bytes, str] | None = None,
) -> CycleReport:
    """Every check of a participation record. ``board_public_key``, ``board_key_name`` and
    ``election_id``: pinned (pins.md; the name is the election board's origin, or the log's
    own ``<origin>/cycle``); ``election_record``: the election's record, for C6 and to tie the
    log to its election (the same board key, origin + ``/cycle``); ``credentials``: the
    election's list (public key -> district), for C5. When C1 fails nothing else can be
    trusted and the other checks do not run (they are listed as skipped)."""
    report = CycleReport()
    try:
        allocations = None if election_record is None else read_allocations(election_record)
        if credentials is None and election_record is not None:
            credentials = read_credentials(election_record) or None  # the record's own list
        if election_id is None and allocations is not None:
            election_id = allocations.election_id
        log = read_cycle_log(data, board_public_key=board_public_key, election_id=election_id)
        report.election_id = log.election_id
        if board_key_name is not None and log.key.name not in (
            board_key_name,
            board_key_name + CYCLE_SUFFIX,
        ):
            raise AuditError(
                f"participation record: origin {log.key.name!r} is not the pinned "
                f"{board_key_name!r} followed by /cycle"
            )
        if allocations is not None:
            check_same_election(log, allocations)
    except AuditError as exc:
        report["C1"].fail(str(exc))
        report.skipped = [cid for cid, _ in CYCLE_CHECKS[1:]]
        return report
    report["C1"].ok()
    entries = log.entries
    report.entries = len(entries)
    report.figures["checkpoints"] = log.checkpoints
    for e in entries:
        if e.kind not in CYCLE_KINDS:
            report["C2"].fail(f"entry {e.index}: kind {e.kind!r} is not a participation kind")
            continue
        report["C2"].ok()
        try:
            decode_canonical(e.payload, PAYLOADS[e.kind], f"entry {e.index} ({e.kind})")
        except AuditError as exc:
            report["C3"].fail(str(exc))
            continue
        report["C3"].ok()
        report.figures[e.kind] = report.figures.get(e.kind, 0) + 1

    def phases() -> None:
        report.figures["schedules"] = check_phases(entries)

    def proposals() -> None:
        pairs = [(e.kind, e.payload) for e in entries]
        found = check_proposals(pairs, log.election_id, credentials)
        report.figures["proposals"] = len(found.proposals)
        report.figures["supports"] = sum(len(p.supporters) for p in found.proposals.values())
        if credentials is None:
            report["C5"].notes.append("credential list not given: signers not checked")

    def assemblies() -> None:
        found = check_assemblies(entries)
        report.figures["assemblies"] = len(found.meetings)
        report.figures["decisions"] = sum(found.decisions.values())

    _run(report, "C4", phases)
    _run(report, "C5", proposals)
    if allocations is None:
        report.skipped.append("C6")
        report["C6"].notes.append("skipped: give --record (the election's record)")
    else:
        problems = check_tracking(entries, allocations.funded, allocations.published_at)
        for message in problems:
            report["C6"].fail(message)
        if not problems:
            report["C6"].ok()
    _run(report, "C7", assemblies)
    return report


__all__ = ["CYCLE_CHECKS", "CYCLE_KINDS", "CycleReport", "check_cycle_record"]
