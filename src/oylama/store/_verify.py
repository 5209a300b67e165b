"""Auditing a stored log: every row, against the chain rule, the tree and the checkpoints.

``verify_stored_log`` reads the election's rows as they are in the database and hands the
canonical bytes to the core's :func:`oylama.board.verify_log`, which names the first entry that
cannot be authenticated (``docs/spec/board.md`` §7.1). On top of that it checks what only the
store has: that the copied columns (index, kind, timestamp, prev_hash, entry_hash) agree with
the bytes, that every stored subtree hash is the one the entries give (proofs are built from
them), and that every stored checkpoint verifies and matches the log at its size.

The anchor is the latest stored checkpoint. Give the board's key (``key_name``,
``public_key``) to verify its signature: without it the checkpoint is only parsed, and a person
able to rewrite the tables could rewrite it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nacl.signing import VerifyKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from oylama.board import (
    BoardError,
    ChainError,
    Checkpoint,
    Entry,
    EntryError,
    MemoryTree,
    decode_entry,
    leaf_hash,
    verify_chain,
    verify_checkpoint,
)
from oylama.store._checkpoints import StoredCheckpoint, list_checkpoints
from oylama.store._errors import StoredCheckpointError, StoredTreeError
from oylama.store._schema import entries, subtrees

#: Rows read per round trip while auditing.
_CHUNK = 10_000


@dataclass(frozen=True, slots=True)
class VerifiedLog:
    """The outcome of a successful audit: the log's size and root, and its anchor checkpoint."""

    size: int
    root_hash: bytes
    checkpoint: Checkpoint | None
    tree: MemoryTree


def _checked_checkpoints(
    stored: list[StoredCheckpoint],
    key_name: str | None,
    public_key: VerifyKey | bytes | None,
    origin: str | None,
) -> list[Checkpoint]:
    out: list[Checkpoint] = []
    for sc in stored:
        if key_name is not None and public_key is not None:
            try:
                cp = verify_checkpoint(sc.note, key_name, public_key, origin=origin)
            except BoardError as exc:
                raise StoredCheckpointError(sc.size, str(exc)) from None
            if cp != sc.checkpoint:
                raise StoredCheckpointError(sc.size, "the row does not match its signed note")
        else:
            cp = sc.checkpoint
            if origin is not None and cp.origin != origin:
                raise StoredCheckpointError(cp.size, f"origin {cp.origin!r} is not {origin!r}")
        out.append(cp)
    return out


def _chain(
    decoded: list[Entry],
    undecodable: ChainError | None,
    election_id: str,
    anchor: Checkpoint | None,
) -> MemoryTree:
    """The core's :func:`verify_log` on the entries, decoded once (shared with the column checks).

    Same order of checks as ``verify_log``: the first undecodable entry, then the chain.
    """
    if undecodable is not None:
        raise undecodable
    if anchor is None:
        return verify_chain(decoded, election_id=election_id)
    if len(decoded) <= anchor.size:
        return verify_chain(
            decoded, election_id=election_id, size=anchor.size, root=anchor.root_hash
        )
    # Entries after the latest checkpoint: the prefix against the checkpoint, then the whole
    # chain (the tail is vouched for by nothing but its links).
    verify_chain(
        decoded[: anchor.size], election_id=election_id, size=anchor.size, root=anchor.root_hash
    )
    return verify_chain(decoded, election_id=election_id)


def _column_mismatch(
    j: int, columns: tuple[int, str, int, bytes, bytes], data: bytes, e: Entry | None
) -> str | None:
    """Why the copied columns of row ``j`` disagree with its bytes (``None`` if they agree).

    ``columns`` are ``idx, kind, timestamp, prev_hash, entry_hash`` as stored.
    """
    idx, kind, timestamp, prev_hash, h = columns
    if idx != j:
        return f"row index {idx} at position {j} (a gap or an inserted row)"
    if h != leaf_hash(data):
        return "entry_hash column is not the hash of the entry bytes"
    if e is None:
        return None  # undecodable: the chain check names it itself
    if e.index != idx:
        return f"row index {idx} but the entry says {e.index}"
    if e.kind.value != kind or e.timestamp != timestamp or e.prev_hash != prev_hash:
        return "kind, timestamp or prev_hash column differs from the entry bytes"
    return None


def verify_stored_log(
    session: Session,
    election_id: str,
    *,
    key_name: str | None = None,
    public_key: VerifyKey | bytes | None = None,
    origin: str | None = None,
) -> VerifiedLog:
    """Audit the election's stored log; raise on the first problem, return its head if none.

    Raises :class:`oylama.board.ChainError` whose ``index`` is the first bad entry (a row
    changed, deleted, inserted or reordered in the database), :class:`StoredCheckpointError` for
    a checkpoint that does not verify or does not match the log, :class:`StoredTreeError` for a
    wrong, missing or extra subtree hash.
    """
    decoded: list[Entry] = []
    undecodable: ChainError | None = None
    first_column_bad: tuple[int, str] | None = None
    j = 0
    last = -1
    while True:
        rows = session.execute(
            select(
                entries.c.idx,
                entries.c.kind,
                entries.c.timestamp,
                entries.c.prev_hash,
                entries.c.entry_hash,
                entries.c.data,
            )
            .where(entries.c.election_id == election_id, entries.c.idx > last)
            .order_by(entries.c.idx)
            .limit(_CHUNK)
        ).all()
        if not rows:
            break
        for idx, kind, timestamp, prev_hash, h, data in rows:
            raw = bytes(data)
            e: Entry | None = None
            if undecodable is None:
                try:
                    e = decode_entry(raw)
                    decoded.append(e)
                except EntryError as exc:
                    undecodable = ChainError(j, str(exc))
            if first_column_bad is None:
                why = _column_mismatch(
                    j, (idx, kind, timestamp, bytes(prev_hash), bytes(h)), raw, e
                )
                if why is not None:
                    first_column_bad = (j, why)
            j += 1
        last = int(rows[-1][0])

    stored = list_checkpoints(session, election_id)
    cps = _checked_checkpoints(stored, key_name, public_key, origin)
    anchor = cps[-1] if cps else None

    chain_error: ChainError | None = None
    tree: MemoryTree | None = None
    try:
        tree = _chain(decoded, undecodable, election_id, anchor)
    except ChainError as exc:
        chain_error = exc
    if first_column_bad is not None and (
        chain_error is None or first_column_bad[0] < chain_error.index
    ):
        raise ChainError(*first_column_bad)
    if chain_error is not None:
        raise chain_error
    assert tree is not None

    for cp in cps:
        if cp.size > tree.size:
            raise StoredCheckpointError(cp.size, f"the log has only {tree.size} entries")
        if tree.root(cp.size) != cp.root_hash:
            raise StoredCheckpointError(cp.size, "its root is not the log's root at that size")
    _check_subtrees(session, election_id, tree)
    return VerifiedLog(tree.size, tree.root(), anchor, tree)


def _expected_subtrees(n: int) -> Iterator[tuple[int, int]]:
    """``(level, position)`` of every complete aligned subtree of width >= 2, in that order."""
    for level in range(1, n.bit_length()):
        for position in range(n >> level):
            yield level, position


def _check_subtrees(session: Session, election_id: str, tree: MemoryTree) -> None:
    """Every complete aligned subtree of width >= 2 is stored, with the right hash, and no other."""
    rows = session.execute(
        select(subtrees.c.level, subtrees.c.position, subtrees.c.hash)
        .where(subtrees.c.election_id == election_id)
        .order_by(subtrees.c.level, subtrees.c.position)
    )
    expected = _expected_subtrees(tree.size)
    want = next(expected, None)
    for level, position, h in rows:
        key = (int(level), int(position))
        if want is None or key < want:
            raise StoredTreeError(*key, "not a complete subtree of the log")
        if key > want:
            raise StoredTreeError(*want, "missing")
        start = key[1] << key[0]
        if bytes(h) != tree.subtree_hash(start, start + (1 << key[0])):
            raise StoredTreeError(*key, "hash differs from the tree of the entries")
        want = next(expected, None)
    if want is not None:
        raise StoredTreeError(*want, "missing")
