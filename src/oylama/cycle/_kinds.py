"""The participation log's entry kinds and the payload Struct of each.

Every module of the cycle that appends a kind registers its Struct here (one line each), so
that :func:`oylama.cycle.verify_cycle_record` checks every payload of a record.
"""

from __future__ import annotations

from typing import Any, Final

from oylama.board import EntryKind
from oylama.cycle._assembly import AssemblyDecisionPayload, AssemblyPayload
from oylama.cycle._phases import PhasePayload
from oylama.cycle._proposals import (
    AcceptedPayload,
    ModerationPayload,
    ProposalPayload,
    ReviewPayload,
    SupportPayload,
)
from oylama.cycle._tracking import ProgressNote, ProjectStatus

#: The kinds that may stand on a participation log (board §1's second table).
CYCLE_KINDS: Final = frozenset(
    {
        EntryKind.PHASE,
        EntryKind.PROPOSAL,
        EntryKind.PROPOSAL_SUPPORT,
        EntryKind.PROPOSAL_MODERATION,
        EntryKind.PROPOSAL_REVIEW,
        EntryKind.PROJECT_STATUS,
        EntryKind.PROGRESS_NOTE,
        EntryKind.ASSEMBLY,
        EntryKind.ASSEMBLY_DECISION,
        EntryKind.PROPOSAL_ACCEPTED,
    }
)

#: The payload Struct of each kind in use; a kind without one here is refused in a record.
PAYLOAD_TYPES: Final[dict[EntryKind, type[Any]]] = {
    EntryKind.PHASE: PhasePayload,
    EntryKind.PROPOSAL: ProposalPayload,
    EntryKind.PROPOSAL_SUPPORT: SupportPayload,
    EntryKind.PROPOSAL_MODERATION: ModerationPayload,
    EntryKind.PROPOSAL_REVIEW: ReviewPayload,
    EntryKind.PROPOSAL_ACCEPTED: AcceptedPayload,
    EntryKind.PROJECT_STATUS: ProjectStatus,
    EntryKind.PROGRESS_NOTE: ProgressNote,
    EntryKind.ASSEMBLY: AssemblyPayload,
    EntryKind.ASSEMBLY_DECISION: AssemblyDecisionPayload,
}
