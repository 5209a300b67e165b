"""The board's read endpoints: elections, checkpoint, key, entries and proofs.

Every read of one request runs in one read transaction (``BoardService.session``). The log
is append-only, so a size read first stays valid for the rest of the request even on
PostgreSQL's READ COMMITTED: entries and subtrees below it never change.

Query arguments are parsed here rather than by the framework, so that every malformed or
out-of-range value gets a 400 whose detail names the argument and the rule it broke.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.enums import MediaType
from litestar.params import FromPath, QueryParameter

from oylama.board import MAX_SIZE
from oylama.service._models import (
    ConsistencyOut,
    ElectionOut,
    EntriesOut,
    EntryOut,
    InclusionOut,
    KeyOut,
)
from oylama.service._problems import BadArgument, NotFound
from oylama.service._state import BoardService
from oylama.store import StoredTree, latest_checkpoint, read_entries, stored_size

_BOARD = "/api/v1/elections/{election_id:str}/board"
_DIGITS = re.compile(r"[0-9]+")
_SHOWN = 40  # characters of a bad argument echoed back in the detail


def _count(name: str, text: str) -> int:
    """A query argument as a count or index: ASCII decimal digits, at most 2**63 - 1."""
    shown = text if len(text) <= _SHOWN else text[:_SHOWN] + "..."
    if text.startswith("-") and _DIGITS.fullmatch(text[1:]):
        raise BadArgument(detail=f"{name} must not be negative, got {shown}")
    if not _DIGITS.fullmatch(text):
        raise BadArgument(detail=f"{name} must be a non-negative decimal integer, got {shown!r}")
    value = int(text) if len(text) <= 20 else MAX_SIZE + 1
    if value > MAX_SIZE:
        raise BadArgument(detail=f"{name} must be at most 2**63-1, got {shown}")
    return value


def _once(request: Request[Any, Any, Any], *names: str) -> None:
    """Refuse a repeated argument: which of ``start=1&start=2`` was meant is anyone's guess."""
    for name in names:
        if len(request.query_params.getall(name, [])) > 1:
            raise BadArgument(detail=f"{name} is given more than once")


def count_arg(description: str) -> QueryParameter:
    return QueryParameter(description=description + " (non-negative decimal integer)")


@get("/api/v1/elections", sync_to_thread=True, summary="Published elections")
def list_elections(service: NamedDependency[BoardService]) -> list[ElectionOut]:
    """Every election the service publishes: id, title and status."""
    return [ElectionOut(e.id, e.title, e.status) for e in service.directory.elections()]


# Each read below serves a log by its id: the election's own (``E``) or, through the same
# helpers, its participation log (``E/cycle``, _cycle_routes), so both answer alike.


def checkpoint_of(service: BoardService, log_id: str, what: str) -> Response[str]:
    """The latest signed checkpoint of ``log_id`` (404 naming ``what`` when there is none)."""
    with service.session() as session, session.begin():
        latest = latest_checkpoint(session, log_id)
    if latest is None:
        raise NotFound(detail=f"{what} has no checkpoint yet")
    return Response(
        latest.note,
        media_type=MediaType.TEXT,
        headers={"Cache-Control": "no-cache"},
    )


def entries_of(
    request: Request[Any, Any, Any], service: BoardService, log_id: str, start: str, end: str
) -> EntriesOut:
    """Canonical bytes of the entries ``start <= index < end`` of ``log_id``."""
    _once(request, "start", "end")
    s, e = _count("start", start), _count("end", end)
    if s > e:
        raise BadArgument(detail=f"start {s} is greater than end {e}")
    if e - s > service.max_page:
        raise BadArgument(detail=f"at most {service.max_page} entries per request, asked {e - s}")
    with service.session() as session, session.begin():
        size = stored_size(session, log_id)
        if e > size:
            raise BadArgument(detail=f"end {e} is greater than the log size {size}")
        data = read_entries(session, log_id, s, e)
    return EntriesOut([EntryOut(s + i, d) for i, d in enumerate(data)])


def inclusion_of(
    request: Request[Any, Any, Any], service: BoardService, log_id: str, index: str, size: str
) -> InclusionOut:
    """RFC 9162 inclusion proof of entry ``index`` of ``log_id`` at ``size``."""
    _once(request, "index", "size")
    i, n = _count("index", index), _count("size", size)
    if i >= n:
        raise BadArgument(detail=f"index {i} is not below size {n}")
    with service.session() as session, session.begin():
        tree = StoredTree(session, log_id)
        if n > tree.size:
            raise BadArgument(detail=f"size {n} is greater than the log size {tree.size}")
        hashes = tree.inclusion_proof(i, n)
    return InclusionOut(i, n, hashes)


def consistency_of(
    request: Request[Any, Any, Any], service: BoardService, log_id: str, old: str, new: str
) -> ConsistencyOut:
    """RFC 9162 consistency proof of ``log_id`` from ``old`` entries to ``new``."""
    _once(request, "old", "new")
    m, n = _count("old", old), _count("new", new)
    if m == 0:
        raise BadArgument(detail="old must be at least 1: every tree extends the empty one")
    if m > n:
        raise BadArgument(detail=f"old {m} is greater than new {n}")
    with service.session() as session, session.begin():
        tree = StoredTree(session, log_id)
        if n > tree.size:
            raise BadArgument(detail=f"new {n} is greater than the log size {tree.size}")
        hashes = tree.consistency_proof(m, n)
    return ConsistencyOut(m, n, hashes)


@get(
    f"{_BOARD}/checkpoint",
    sync_to_thread=True,
    media_type=MediaType.TEXT,
    summary="Latest signed checkpoint",
)
def checkpoint(service: NamedDependency[BoardService], election_id: FromPath[str]) -> Response[str]:
    """The latest signed checkpoint (a C2SP signed note, docs/spec/board.md §6)."""
    service.identity(election_id)
    return checkpoint_of(service, election_id, f"election {election_id!r}")


@get(f"{_BOARD}/key", sync_to_thread=True, summary="Checkpoint signing key")
def key(service: NamedDependency[BoardService], election_id: FromPath[str]) -> KeyOut:
    """The origin, key name and Ed25519 public key that the checkpoints verify against."""
    identity = service.identity(election_id)
    return KeyOut(identity.origin, identity.key_name, identity.public_key)


@get(f"{_BOARD}/entries", sync_to_thread=True, summary="Entries start <= index < end")
def entries(
    request: Request[Any, Any, Any],
    service: NamedDependency[BoardService],
    election_id: FromPath[str],
    start: Annotated[str, count_arg("first index")],
    end: Annotated[str, count_arg("index after the last")],
) -> EntriesOut:
    """Canonical bytes of the entries ``start <= index < end`` (at most ``max_page``)."""
    service.identity(election_id)
    return entries_of(request, service, election_id, start, end)


@get(f"{_BOARD}/proof/inclusion", sync_to_thread=True, summary="Inclusion proof")
def inclusion(
    request: Request[Any, Any, Any],
    service: NamedDependency[BoardService],
    election_id: FromPath[str],
    index: Annotated[str, count_arg("entry index")],
    size: Annotated[str, count_arg("tree size")],
) -> InclusionOut:
    """RFC 9162 inclusion proof of entry ``index`` in the tree of the first ``size`` entries."""
    service.identity(election_id)
    return inclusion_of(request, service, election_id, index, size)


@get(f"{_BOARD}/proof/consistency", sync_to_thread=True, summary="Consistency proof")
def consistency(
    request: Request[Any, Any, Any],
    service: NamedDependency[BoardService],
    election_id: FromPath[str],
    old: Annotated[str, count_arg("older tree size, at least 1")],
    new: Annotated[str, count_arg("newer tree size")],
) -> ConsistencyOut:
    """RFC 9162 consistency proof from the tree of ``old`` entries to the tree of ``new``."""
    service.identity(election_id)
    return consistency_of(request, service, election_id, old, new)


BOARD_ROUTES = [list_elections, checkpoint, key, entries, inclusion, consistency]
