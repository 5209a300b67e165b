"""The stored Merkle tree: a :class:`oylama.board.HashSource` over ``board_subtrees``.

The core computes roots and proofs from complete aligned subtree hashes, one
``subtree_hash`` call at a time. Asked naively, that is one query per hash, about 40 at a
million entries. :class:`StoredTree` instead runs the core's algorithm twice: first against a
recorder that notes which subtrees it asks for (and answers with placeholders), then, after
fetching all of them in one query, for real. The pure algorithm costs microseconds; the
database is asked once per proof whatever the tree size (twice if the tree's size must be
read first).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Integer,
    Select,
    and_,
    bindparam,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from oylama.board import (
    HASH_SIZE,
    HashSource,
    consistency_proof,
    inclusion_proof,
    root_at,
)
from oylama.store._errors import StoreError
from oylama.store._schema import entries, subtrees

T = TypeVar("T")

_PLACEHOLDER = bytes(HASH_SIZE)


def stored_size(session: Session, election_id: str) -> int:
    """Number of entries of the election's log (0 if it has none)."""
    last = session.execute(_SIZE_QUERY, {"e": election_id}).scalar_one_or_none()
    return 0 if last is None else int(last) + 1


@functools.lru_cache(maxsize=256)
def nodes_query(count: int) -> Select[int, int, bytes]:
    """``SELECT ... WHERE (election_id = :e AND level = :l0 AND position = :p0) OR ...``.

    One index seek per subtree: the whole key sits in every term on purpose. With a row value
    ``(level, position) IN (...)``, or with ``election_id = :e`` outside the ``OR``, SQLite
    seeks on the election only and scans its rows, which made every proof and append O(n).
    Built once per number of terms (and compiled once by SQLAlchemy's cache): a proof's cost
    is then the database's, not the building of expressions.
    """
    e: BindParameter[str] = bindparam("e")
    terms = [
        and_(
            subtrees.c.election_id == e,
            subtrees.c.level == bindparam(f"l{i}"),
            subtrees.c.position == bindparam(f"p{i}"),
        )
        for i in range(count)
    ]
    return select(subtrees.c.level, subtrees.c.position, subtrees.c.hash).where(or_(*terms))


def nodes_params(election_id: str, nodes: Sequence[tuple[int, int]]) -> dict[str, object]:
    """Parameters of :func:`nodes_query` for these ``(level, position)`` pairs."""
    params: dict[str, object] = {"e": election_id}
    for i, (level, position) in enumerate(nodes):
        params[f"l{i}"] = level
        params[f"p{i}"] = position
    return params


@functools.lru_cache(maxsize=1024)
def hashes_query(
    leaves: int, nodes: int
) -> CompoundSelect[int, int, bytes] | Select[int, int, bytes]:
    """Leaf hashes (``board_entries``, level 0) and subtree hashes in one round trip.

    Rows are ``(level, position, hash)``; the leaves' parameters are ``i0, i1, ...``, the
    subtrees' those of :func:`nodes_query`.
    """
    if not leaves:
        return nodes_query(nodes)
    leaf_select = select(
        literal(0, Integer()).label("level"),
        entries.c.idx.label("position"),
        entries.c.entry_hash.label("hash"),
    ).where(
        or_(
            *(
                and_(entries.c.election_id == bindparam("e"), entries.c.idx == bindparam(f"i{i}"))
                for i in range(leaves)
            )
        )
    )
    if not nodes:
        return leaf_select
    return union_all(leaf_select, nodes_query(nodes))


#: PostgreSQL: the same in one statement of fixed shape, whatever the number of hashes, so that
#: psycopg prepares it once per connection and the server plans it once.
_PG_HASHES_QUERY = text(
    "SELECT 0 AS level, idx AS position, entry_hash AS hash FROM board_entries "
    "WHERE election_id = :e AND idx = ANY(CAST(:ix AS bigint[])) "
    "UNION ALL "
    "SELECT s.level, s.position, s.hash "
    "FROM unnest(CAST(:lv AS integer[]), CAST(:ps AS bigint[])) AS w(l, p) "
    "JOIN board_subtrees AS s ON s.election_id = :e AND s.level = w.l AND s.position = w.p"
)


def fetch_hashes(
    session: Session, election_id: str, leaves: Sequence[int], nodes: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], bytes]:
    """``{(level, position): hash}`` of these leaves (level 0) and subtrees, in one query."""
    if not leaves and not nodes:
        return {}
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            _PG_HASHES_QUERY,
            {
                "e": election_id,
                "ix": list(leaves),
                "lv": [level for level, _ in nodes],
                "ps": [position for _, position in nodes],
            },
        )
    else:
        params = nodes_params(election_id, nodes)
        params.update({f"i{i}": idx for i, idx in enumerate(leaves)})
        rows = session.execute(hashes_query(len(leaves), len(nodes)), params)
    return {(int(level), int(position)): bytes(h) for level, position, h in rows}


_SIZE_QUERY = (
    select(entries.c.idx)
    .where(entries.c.election_id == bindparam("e"))
    .order_by(entries.c.idx.desc())
    .limit(1)
)


class _Recorder:
    """A HashSource that answers placeholders and remembers which subtrees were asked for."""

    def __init__(self, size: int) -> None:
        self._size = size
        self.wanted: set[tuple[int, int]] = set()

    @property
    def size(self) -> int:
        return self._size

    def subtree_hash(self, start: int, end: int) -> bytes:
        self.wanted.add((start, end))
        return _PLACEHOLDER


class StoredTree:
    """The Merkle tree of one election's log as stored; a :class:`oylama.board.HashSource`.

    ``size`` is read once, when the tree is made, so that every answer is about one tree even
    while writers append; or it is given (the size of a checkpoint, say), and then checked with
    the first read: entry ``size - 1`` must exist, which costs no extra round trip. A proof
    is then one query. Hashes already read are kept; complete subtrees never change, so the
    cache cannot go stale.
    """

    def __init__(self, session: Session, election_id: str, size: int | None = None) -> None:
        self._session = session
        self.election_id = election_id
        self._unchecked = False
        if size is None:
            size = stored_size(session, election_id)
        elif type(size) is not int or size < 0:
            raise StoreError(f"size {size!r} is not a tree size")
        else:
            self._unchecked = size > 0
        self._size = size
        self._cache: dict[tuple[int, int], bytes] = {}

    @property
    def size(self) -> int:
        """Number of leaves this tree answers for."""
        return self._size

    def subtree_hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) of a complete aligned subtree (read from the database once)."""
        if (start, end) not in self._cache:
            self.prefetch([(start, end)])
        return self._cache[(start, end)]

    def prefetch(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Read the hashes of these complete aligned subtrees in one query."""
        leaves: list[int] = []
        nodes: list[tuple[int, int]] = []
        if self._unchecked and (self._size - 1, self._size) not in self._cache:
            leaves.append(self._size - 1)
        for start, end in ranges:
            if (start, end) in self._cache:
                continue
            width = end - start
            if not (0 <= start < end <= self._size) or width & (width - 1) or start % width:
                raise StoreError(f"[{start}, {end}) is not a complete aligned subtree")
            level = width.bit_length() - 1
            if level == 0:
                if start not in leaves:
                    leaves.append(start)
            else:
                nodes.append((level, start >> level))
        found = fetch_hashes(self._session, self.election_id, leaves, nodes)
        for (level, position), h in found.items():
            self._cache[(position << level, (position + 1) << level)] = h
        if self._unchecked:
            if (self._size - 1, self._size) not in self._cache:
                raise StoreError(
                    f"size {self._size} is outside the stored log of {self.election_id!r}"
                )
            self._unchecked = False
        for start in leaves:
            if (start, start + 1) not in self._cache:
                raise StoreError(f"entry {start} of {self.election_id!r} is missing")
        for level, position in nodes:
            if (position << level, (position + 1) << level) not in self._cache:
                raise StoreError(
                    f"subtree level {level} position {position} of {self.election_id!r} is missing"
                )

    def _batched(self, compute: Callable[[HashSource], T]) -> T:
        recorder = _Recorder(self._size)
        compute(recorder)
        self.prefetch(recorder.wanted)
        return compute(self)

    def root(self, size: int | None = None) -> bytes:
        """MTH at ``size`` (default: this tree's size)."""
        n = self._size if size is None else size
        return self._batched(lambda src: root_at(src, n))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 inclusion proof of entry ``index`` in the tree of ``size`` entries."""
        n = self._size if size is None else size
        return self._batched(lambda src: inclusion_proof(src, index, n))

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """RFC 9162 consistency proof from ``old_size`` to ``new_size`` entries."""
        n = self._size if new_size is None else new_size
        return self._batched(lambda src: consistency_proof(src, old_size, n))
