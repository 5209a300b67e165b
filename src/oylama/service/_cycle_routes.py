"""The participation log's public reads: the schedule, the board surface and the record.

Anyone may read them, for a draft too (proposals are made while the election is a draft): the
same shapes as the election board's routes (board §8), under ``…/cycle/board/``, served by the
same helpers, and the record file of cycle §1 (docs/spec/cycle.md).
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.enums import MediaType
from litestar.params import FromPath

from oylama.board import verifier_key
from oylama.cycle import (
    CYCLE_FORMAT,
    CycleRecord,
    PhaseDates,
    PhaseName,
    cycle_log_id,
    cycle_origin,
    encode_cycle_record,
)
from oylama.service._board_routes import (
    checkpoint_of,
    consistency_of,
    count_arg,
    entries_of,
    inclusion_of,
)
from oylama.service._cycle import CycleLog, phase_now
from oylama.service._directory import BoardIdentity
from oylama.service._election_routes import ElectionService
from oylama.service._models import ConsistencyOut, EntriesOut, InclusionOut, KeyOut
from oylama.service._state import BoardService
from oylama.store import Election, list_checkpoints, read_entries, stored_size

_CYCLE = "/api/v1/elections/{election_id:str}/cycle"

#: Entries read per page when a participation record is assembled.
_PAGE = 1000


class CycleOut(msgspec.Struct, frozen=True, kw_only=True):
    """``GET …/cycle``: the schedule in force (each phase's UTC dates or ``null``), the phase
    the election is in now and the participation log's size."""

    election_id: str
    phase: PhaseName
    proposals: PhaseDates | None
    review: PhaseDates | None
    voting: PhaseDates | None
    implementation: PhaseDates | None
    entries: int


def cycle_identity(service: BoardService, election_id: str) -> BoardIdentity:
    """The participation log's identity: the election's board key under the log's origin."""
    board = service.identity(election_id)
    origin = cycle_origin(board.origin)
    return BoardIdentity(origin, origin, board.public_key)


@get(_CYCLE, sync_to_thread=True, summary="The cycle's schedule and current phase")
def cycle_view(
    service: NamedDependency[BoardService],
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
) -> CycleOut:
    """The schedule on the participation log, and the phase it puts the election in now."""
    service.identity(election_id)
    with service.session() as session, session.begin():
        schedule = CycleLog.schedule(session, election_id)
        size = stored_size(session, cycle_log_id(election_id))
        election = session.get(Election, election_id)
        published = election is not None and election.status == "published"
    phase = phase_now(schedule, svc.ctx.now(), published=published)
    return CycleOut(
        election_id=election_id,
        phase=phase,
        proposals=None if schedule is None else schedule.proposals,
        review=None if schedule is None else schedule.review,
        voting=None if schedule is None else schedule.voting,
        implementation=None if schedule is None else schedule.implementation,
        entries=size,
    )


@get(
    f"{_CYCLE}/board/checkpoint",
    sync_to_thread=True,
    media_type=MediaType.TEXT,
    summary="Latest signed checkpoint of the participation log",
)
def cycle_checkpoint(
    service: NamedDependency[BoardService], election_id: FromPath[str]
) -> Response[str]:
    """The participation log's latest signed checkpoint (origin ``<election origin>/cycle``)."""
    service.identity(election_id)
    return checkpoint_of(
        service, cycle_log_id(election_id), f"the participation log of {election_id!r}"
    )


@get(f"{_CYCLE}/board/key", sync_to_thread=True, summary="The participation log's key")
def cycle_key(service: NamedDependency[BoardService], election_id: FromPath[str]) -> KeyOut:
    """The election's board key, named by the participation log's origin."""
    identity = cycle_identity(service, election_id)
    return KeyOut(identity.origin, identity.key_name, identity.public_key)


@get(f"{_CYCLE}/board/entries", sync_to_thread=True, summary="Participation log entries")
def cycle_entries(
    request: Request[Any, Any, Any],
    service: NamedDependency[BoardService],
    election_id: FromPath[str],
    start: Annotated[str, count_arg("first index")],
    end: Annotated[str, count_arg("index after the last")],
) -> EntriesOut:
    """Canonical bytes of the participation log's entries ``start <= index < end``."""
    service.identity(election_id)
    return entries_of(request, service, cycle_log_id(election_id), start, end)


@get(f"{_CYCLE}/board/proof/inclusion", sync_to_thread=True, summary="Inclusion proof")
def cycle_inclusion(
    request: Request[Any, Any, Any],
    service: NamedDependency[BoardService],
    election_id: FromPath[str],
    index: Annotated[str, count_arg("entry index")],
    size: Annotated[str, count_arg("tree size")],
) -> InclusionOut:
    """RFC 9162 inclusion proof in the participation log."""
    service.identity(election_id)
    return inclusion_of(request, service, cycle_log_id(election_id), index, size)


@get(f"{_CYCLE}/board/proof/consistency", sync_to_thread=True, summary="Consistency proof")
def cycle_consistency(
    request: Request[Any, Any, Any],
    service: NamedDependency[BoardService],
    election_id: FromPath[str],
    old: Annotated[str, count_arg("older tree size, at least 1")],
    new: Annotated[str, count_arg("newer tree size")],
) -> ConsistencyOut:
    """RFC 9162 consistency proof in the participation log."""
    service.identity(election_id)
    return consistency_of(request, service, cycle_log_id(election_id), old, new)


@get(f"{_CYCLE}/record", sync_to_thread=True, media_type="application/json")
def cycle_record(
    service: NamedDependency[BoardService], election_id: FromPath[str]
) -> Response[bytes]:
    """The participation record (cycle §1): every entry and checkpoint, up to the latest
    checkpoint (every write ends with one)."""
    identity = cycle_identity(service, election_id)
    log_id = cycle_log_id(election_id)
    entries: list[bytes] = []
    with service.session() as session, session.begin():
        stored = list_checkpoints(session, log_id)
        size = stored[-1].size if stored else 0
        for start in range(0, size, _PAGE):
            entries += read_entries(session, log_id, start, min(size, start + _PAGE))
    notes = [c.note for c in stored]
    record = CycleRecord(
        format=CYCLE_FORMAT,
        election_id=log_id,
        board_key=verifier_key(identity.key_name, identity.public_key),
        entries=entries,
        checkpoints=notes,
    )
    return Response(encode_cycle_record(record), media_type="application/json")


CYCLE_ROUTES = [
    cycle_view,
    cycle_checkpoint,
    cycle_key,
    cycle_entries,
    cycle_inclusion,
    cycle_consistency,
    cycle_record,
]
