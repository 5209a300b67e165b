"""Issuing and storing signed checkpoints, never two inconsistent ones, never a rollback.

``issue_checkpoint`` takes the same per-election lock as appends, so the head it signs cannot
move under it and two issuers of one election take turns. Before signing it checks, with the
core's :func:`oylama.board.check_consistent_extension`, that the new tree head extends the
latest *stored* checkpoint (the one persisted across restarts, not one a process remembers):
a consistency proof from the stored tree. The new row is then inserted only if no checkpoint of
the same or a larger size exists (a compare-and-set on size in one statement, on top of the
primary key); the latest checkpoint is the one of largest size, so it can only move forward.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, insert, literal, select
from sqlalchemy.orm import Session

from oylama.board import (
    Checkpoint,
    CheckpointSigner,
    InconsistentCheckpointError,
    parse_checkpoint,
)
from oylama.store._append import _lock_log
from oylama.store._errors import StoredCheckpointError, StoreError
from oylama.store._schema import checkpoints
from oylama.store._tree import StoredTree

# CheckpointSigner keeps the last checkpoint it signed in memory; we set it from the database
# before each signature. The lock keeps two threads sharing one signer from interleaving.
_signer_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class StoredCheckpoint:
    """A stored signed checkpoint: the parsed tree head, the signed note and when it was issued."""

    checkpoint: Checkpoint
    note: str
    issued_at: int

    @property
    def size(self) -> int:
        """Tree size the checkpoint commits to."""
        return self.checkpoint.size

    @property
    def root_hash(self) -> bytes:
        """Root the checkpoint commits to."""
        return self.checkpoint.root_hash


def note_text(note: str) -> str:
    """The checkpoint text of a signed note (everything before the blank line), unverified."""
    cut = note.rfind("\n\n")
    if cut < 0:
        raise StoreError("a stored checkpoint note has no signature block")
    return note[: cut + 1]


def _stored(row: Row[Any, Any, Any, Any]) -> StoredCheckpoint:
    """A checkpoint row, read from its note; the size and root columns must agree with it."""
    note = str(row.note)
    cp = parse_checkpoint(note_text(note))
    if cp.size != int(row.size) or cp.root_hash != bytes(row.root_hash):
        raise StoredCheckpointError(int(row.size), "the row does not match its signed note")
    return StoredCheckpoint(cp, note, int(row.issued_at))


_COLUMNS = (
    checkpoints.c.size,
    checkpoints.c.root_hash,
    checkpoints.c.note,
    checkpoints.c.issued_at,
)


def latest_checkpoint(session: Session, election_id: str) -> StoredCheckpoint | None:
    """The stored checkpoint of largest size (``None`` if none was issued). Not verified."""
    row = session.execute(
        select(*_COLUMNS)
        .where(checkpoints.c.election_id == election_id)
        .order_by(checkpoints.c.size.desc())
        .limit(1)
    ).first()
    return None if row is None else _stored(row)


def list_checkpoints(session: Session, election_id: str) -> list[StoredCheckpoint]:
    """Every stored checkpoint of the election, by increasing size. Not verified."""
    rows = session.execute(
        select(*_COLUMNS)
        .where(checkpoints.c.election_id == election_id)
        .order_by(checkpoints.c.size)
    )
    return [_stored(row) for row in rows]


def issue_checkpoint(
    session: Session,
    election_id: str,
    signer: CheckpointSigner,
    now: int,
    *,
    origin: str | None = None,
) -> StoredCheckpoint:
    """Sign the log's current head and store it, in the session's transaction.

    ``origin`` defaults to the signer's key name (the specification's recommendation: one key
    name per election log). If the head is the latest stored checkpoint's, that one is returned
    and nothing is signed. Raises :class:`oylama.board.InconsistentCheckpointError` (and signs
    nothing) when the head does not extend the latest stored checkpoint; the caller's
    transaction should then be rolled back and the log audited.
    """
    _lock_log(session, election_id, now)
    tree = StoredTree(session, election_id)
    previous = latest_checkpoint(session, election_id)
    cp = Checkpoint(origin or signer.key_name, tree.size, tree.root())
    if previous is not None and previous.checkpoint == cp:
        return previous
    proof: list[bytes] = []
    if previous is not None and 1 <= previous.size <= cp.size:
        proof = tree.consistency_proof(previous.size, cp.size)
    with _signer_lock:
        signer.last = None if previous is None else previous.checkpoint
        note = signer.sign(cp, proof)  # check_consistent_extension, then Ed25519
    issued_at = max(now, 0 if previous is None else previous.issued_at)
    newer = (
        select(checkpoints.c.size)
        .where(checkpoints.c.election_id == election_id, checkpoints.c.size >= cp.size)
        .exists()
    )
    stmt = (
        insert(checkpoints)
        .from_select(
            ["election_id", "size", "root_hash", "note", "issued_at"],
            select(
                literal(election_id, checkpoints.c.election_id.type),
                literal(cp.size, checkpoints.c.size.type),
                literal(cp.root_hash, checkpoints.c.root_hash.type),
                literal(note, checkpoints.c.note.type),
                literal(issued_at, checkpoints.c.issued_at.type),
            ).where(~newer),
        )
        .execution_options(preserve_rowcount=True)
    )
    if session.connection().execute(stmt).rowcount != 1:
        raise InconsistentCheckpointError(
            f"a checkpoint of size >= {cp.size} was stored concurrently; not storing this one"
        )
    return StoredCheckpoint(cp, note, issued_at)
