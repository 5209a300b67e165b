"""Reading entries back (for auditors and for serving proofs with their leaves)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from oylama.store._errors import StoreError
from oylama.store._schema import entries

#: Largest range :func:`read_entries` returns at once.
MAX_RANGE = 10_000


def read_entry(session: Session, election_id: str, index: int) -> bytes:
    """The canonical bytes of entry ``index`` (decode with :func:`oylama.board.decode_entry`)."""
    data = session.execute(
        select(entries.c.data).where(entries.c.election_id == election_id, entries.c.idx == index)
    ).scalar_one_or_none()
    if data is None:
        raise StoreError(f"{election_id!r} has no entry {index}")
    return bytes(data)


def read_entries(session: Session, election_id: str, start: int, end: int) -> list[bytes]:
    """The canonical bytes of entries ``start <= index < end`` that exist, in index order."""
    if not 0 <= start <= end or end - start > MAX_RANGE:
        raise StoreError(f"need 0 <= start <= end and at most {MAX_RANGE} entries at once")
    rows = session.execute(
        select(entries.c.data)
        .where(
            entries.c.election_id == election_id,
            entries.c.idx >= start,
            entries.c.idx < end,
        )
        .order_by(entries.c.idx)
    ).scalars()
    return [bytes(d) for d in rows]
