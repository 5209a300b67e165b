"""The participatory-budgeting cycle around a vote: its schedule and its participation log.

Pure code (no I/O): the schedule's phases and which one holds at a given moment, the id and
origin of an election's participation log, the canonical form of its payloads and a verifier
of a participation record (docs/spec/cycle.md). The service appends and serves; this package
says what is appended.
"""

from oylama.cycle._assembly import (
    MAX_ADVICE,
    MAX_ATTENDEES,
    MAX_ITEM_TEXT,
    MAX_ITEMS,
    MAX_LINKS,
    MAX_MINUTES,
    MAX_SLIPS,
    MAX_TITLE,
    AgendaItem,
    AssemblyDecisionPayload,
    AssemblyPayload,
)
from oylama.cycle._kinds import CYCLE_KINDS, PAYLOAD_TYPES
from oylama.cycle._log import (
    CYCLE_SUFFIX,
    cycle_log_id,
    cycle_origin,
    decode_cycle_payload,
    encode_cycle_payload,
)
from oylama.cycle._phases import (
    PHASE_ORDER,
    PhaseDates,
    PhaseName,
    PhasePayload,
    current_phase,
    phase_payload,
)
from oylama.cycle._record import (
    CYCLE_FORMAT,
    CycleRecord,
    encode_cycle_record,
    verify_cycle_record,
)

__all__ = [
    "CYCLE_FORMAT",
    "CYCLE_KINDS",
    "CYCLE_SUFFIX",
    "MAX_ADVICE",
    "MAX_ATTENDEES",
    "MAX_ITEMS",
    "MAX_ITEM_TEXT",
    "MAX_LINKS",
    "MAX_MINUTES",
    "MAX_SLIPS",
    "MAX_TITLE",
    "PAYLOAD_TYPES",
    "PHASE_ORDER",
    "AgendaItem",
    "AssemblyDecisionPayload",
    "AssemblyPayload",
    "CycleRecord",
    "PhaseDates",
    "PhaseName",
    "PhasePayload",
    "current_phase",
    "cycle_log_id",
    "cycle_origin",
    "decode_cycle_payload",
    "encode_cycle_payload",
    "encode_cycle_record",
    "phase_payload",
    "verify_cycle_record",
]
