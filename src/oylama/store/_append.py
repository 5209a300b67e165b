"""Appending entries inside the caller's transaction, one writer per election at a time.

An entry is written by the transaction that writes the business row it records (a ballot and
its ``ballot`` entry): both commit or neither does. Writers of one election are serialised by
a lock taken at the start of the append and held until that transaction ends:

* PostgreSQL: ``SELECT ... FOR UPDATE`` on the election's ``board_logs`` row (created on first
  use). The row is never updated, so the lock never makes a writer retry; under READ COMMITTED
  (PostgreSQL's default) the head read after the lock sees every entry committed before it.
* SQLite: transactions of engines from :func:`oylama.store.open_store` begin with
  ``BEGIN IMMEDIATE``, which already holds the database's write lock.

Under the lock the head (last index, hash and timestamp, and the right edge of the Merkle tree)
is read from the rows, so the new entry's index and ``prev_hash`` cannot fork the chain or leave
a gap. If a caller's engine does not serialise (another driver, SERIALIZABLE snapshots), the
primary key (election, index) still refuses a second entry at an index: the transaction fails,
the chain does not fork.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from oylama.board import (
    ENTRY_VERSION,
    GENESIS_PREV,
    Entry,
    EntryError,
    EntryKind,
    encode_entry,
    leaf_hash,
    node_hash,
)
from oylama.store._errors import StoreError
from oylama.store._schema import entries, logs, subtrees
from oylama.store._tree import fetch_hashes


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """An entry as appended: its position, its hash (chain link and Merkle leaf) and itself."""

    index: int
    entry_hash: bytes
    entry: Entry


@dataclass(frozen=True, slots=True)
class _Head:
    """What the next append needs, read under the election's lock.

    ``frontier`` lists the complete aligned subtrees that tile ``[0, size)``, widest first, as
    ``(level, position, hash)``: one per set bit of ``size``. Appending a leaf pushes it and
    merges equal levels like a binary counter; each merge is one new ``board_subtrees`` row.
    """

    election_id: str
    size: int
    last_hash: bytes
    last_timestamp: int
    frontier: tuple[tuple[int, int, bytes], ...]


def _lock_log(session: Session, election_id: str, now: int) -> None:
    """Take the election's append lock (creating its ``board_logs`` row on first use)."""
    # An invalid id must fail before its board_logs row is written (EntryError).
    encode_entry(Entry(ENTRY_VERSION, election_id, 0, EntryKind.MANIFEST, GENESIS_PREV, 0, b""))
    dialect = session.get_bind().dialect.name
    locked = select(logs.c.election_id).where(logs.c.election_id == election_id)
    if dialect == "postgresql":
        locked = locked.with_for_update()
    if session.execute(locked).first() is not None:
        return
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(logs).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(logs).on_conflict_do_nothing()
    else:
        raise StoreError(f"unsupported database {dialect!r}")
    session.execute(stmt, {"election_id": election_id, "created_at": max(now, 0)})
    if session.execute(locked).first() is None:
        raise StoreError(f"could not create the log of {election_id!r}")


def lock_log(session: Session, election_id: str, now: int) -> None:
    """Take the election's append lock now, before reading what the transaction decides on.

    A writer whose decision depends on the log or on rows written with it (is the election
    still open? is this credential's ballot the counted one?) must hold the lock *before* it
    reads them; otherwise another writer may commit in between (READ COMMITTED) and the
    decision is stale by the time the append takes the lock. Appends in the same transaction
    then find the lock held. On SQLite ``BEGIN IMMEDIATE`` already holds it; this creates the
    log row on first use either way.
    """
    _lock_log(session, election_id, now)


def frontier_ranges(size: int) -> list[tuple[int, int]]:
    """``(level, position)`` of the complete aligned subtrees tiling ``[0, size)``, widest first."""
    out: list[tuple[int, int]] = []
    start = 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            out.append((level, start >> level))
            start += 1 << level
    return out


def _load_head(session: Session, election_id: str, now: int) -> _Head:
    """Lock the election's log and read its head."""
    _lock_log(session, election_id, now)
    last = session.execute(
        select(entries.c.idx, entries.c.entry_hash, entries.c.timestamp)
        .where(entries.c.election_id == election_id)
        .order_by(entries.c.idx.desc())
        .limit(1)
    ).first()
    if last is None:
        return _Head(election_id, 0, GENESIS_PREV, 0, ())
    size = int(last.idx) + 1
    last_hash = bytes(last.entry_hash)
    wanted = frontier_ranges(size)
    nodes = [(level, position) for level, position in wanted if level > 0]
    found = fetch_hashes(session, election_id, [], nodes)
    frontier: list[tuple[int, int, bytes]] = []
    for level, position in wanted:
        if level == 0:
            frontier.append((0, position, last_hash))
        elif (level, position) in found:
            frontier.append((level, position, found[(level, position)]))
        else:
            raise StoreError(
                f"the stored tree of {election_id!r} lacks subtree level {level} "
                f"position {position}"
            )
    return _Head(election_id, size, last_hash, int(last.timestamp), tuple(frontier))


def _build(
    head: _Head, kind: EntryKind | str, payload: bytes, now: int
) -> tuple[_Head, StoredEntry, dict[str, Any], list[dict[str, Any]]]:
    """The next entry after ``head``, its rows and the new head (pure: nothing is written)."""
    if type(now) is not int or now < 0:
        raise EntryError(f"now must be a non-negative int of milliseconds, not {now!r}")
    timestamp = max(now, head.last_timestamp)
    try:
        entry_kind = EntryKind(kind)
    except ValueError:
        raise EntryError(f"unknown entry kind {kind!r}") from None
    entry = Entry(
        ENTRY_VERSION,
        head.election_id,
        head.size,
        entry_kind,
        head.last_hash,
        timestamp,
        payload,
    )
    data = encode_entry(entry)  # validates every field, raising EntryError
    h = leaf_hash(data)
    row = {
        "election_id": head.election_id,
        "idx": head.size,
        "kind": entry.kind.value,
        "timestamp": timestamp,
        "prev_hash": head.last_hash,
        "entry_hash": h,
        "data": data,
    }
    frontier = [*head.frontier, (0, head.size, h)]
    new_nodes: list[dict[str, Any]] = []
    while len(frontier) >= 2 and frontier[-1][0] == frontier[-2][0]:
        level, left_pos, left = frontier[-2]
        right = frontier[-1][2]
        merged = (level + 1, left_pos >> 1, node_hash(left, right))
        del frontier[-2:]
        frontier.append(merged)
        new_nodes.append(
            {
                "election_id": head.election_id,
                "level": merged[0],
                "position": merged[1],
                "hash": merged[2],
            }
        )
    new_head = _Head(head.election_id, head.size + 1, h, timestamp, tuple(frontier))
    return new_head, StoredEntry(head.size, h, entry), row, new_nodes


def _write(session: Session, rows: list[dict[str, Any]], nodes: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(entries), rows)
    if nodes:
        session.execute(insert(subtrees), nodes)


def append(
    session: Session, election_id: str, kind: EntryKind | str, payload: bytes, now: int
) -> StoredEntry:
    """Append one entry to the election's log inside the session's current transaction.

    ``now`` is the caller's clock in milliseconds since the Unix epoch; the entry carries
    ``max(now, previous timestamp)`` because the chain never goes back in time. Nothing is
    committed here: the entry exists exactly when the caller's transaction commits, together
    with whatever else that transaction wrote. Raises :class:`oylama.board.EntryError` for an
    invalid election id, kind or payload (before writing anything).
    """
    head = _load_head(session, election_id, now)
    _, stored, row, nodes = _build(head, kind, payload, now)
    _write(session, [row], nodes)
    return stored


def append_many(
    session: Session,
    election_id: str,
    items: Iterable[tuple[EntryKind | str, bytes]],
    now: int,
) -> list[StoredEntry]:
    """Append several entries ``(kind, payload)`` in order, in the session's transaction.

    One lock, one head read and two multi-row inserts for the lot: group commit for callers
    that have a batch at hand. Every entry is validated before anything is written.
    """
    head = _load_head(session, election_id, now)
    out: list[StoredEntry] = []
    rows: list[dict[str, Any]] = []
    nodes: list[dict[str, Any]] = []
    for kind, payload in items:
        head, stored, row, new_nodes = _build(head, kind, payload, now)
        out.append(stored)
        rows.append(row)
        nodes.extend(new_nodes)
    _write(session, rows, nodes)
    return out
