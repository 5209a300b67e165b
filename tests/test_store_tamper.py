"""Tamper detection: rows changed, deleted, inserted or reordered directly in the database
(with the append-only triggers disabled, as the database owner could) are found, and the
verifier names the first bad index; so are forged subtree hashes and checkpoints.

Every tampering happens inside a transaction that is rolled back afterwards, so one log serves
all cases; the untouched log must verify before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from msgspec import structs
from nacl.signing import SigningKey
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from oylama.board import (
    ChainError,
    Checkpoint,
    CheckpointSigner,
    EntryKind,
    decode_entry,
    encode_entry,
    leaf_hash,
    sign_checkpoint,
)
from oylama.store import (
    BOARD_TABLES,
    StoredCheckpointError,
    StoredTreeError,
    append,
    issue_checkpoint,
    verify_stored_log,
)

E1 = "izmir-2026"
ORIGIN = "board.example/izmir-2026"
KEY = SigningKey(bytes(range(32)))
N = 24  # entries
CHECKPOINTED = 20  # the latest checkpoint's size; entries 20..23 came after it
FAR = 1_000_000  # an index out of the way, to move rows without primary-key clashes


@pytest.fixture
def board(store_engine: Engine) -> Engine:
    signer = CheckpointSigner(ORIGIN, KEY)
    with Session(store_engine) as session, session.begin():
        for i in range(N):
            kind = EntryKind.OPENED if i == 0 else EntryKind.BALLOT
            append(session, E1, kind, b"payload %d" % i, now=1000 + 10 * i)
            if i + 1 in (8, CHECKPOINTED):
                issue_checkpoint(session, E1, signer, now=1000 + 10 * i)
    return store_engine


def verify(session: Session) -> None:
    verify_stored_log(session, E1, key_name=ORIGIN, public_key=KEY.verify_key, origin=ORIGIN)


def disable_triggers(session: Session) -> None:
    """What the database owner can do: switch the append-only triggers off (rolled back later)."""
    for table in BOARD_TABLES:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        else:
            for op in ("update", "delete"):
                session.execute(text(f"DROP TRIGGER {table}_no_{op}"))


def row(session: Session, j: int) -> dict[str, Any]:
    r = session.execute(
        text(
            "SELECT kind, timestamp, prev_hash, entry_hash, data FROM board_entries "
            "WHERE election_id = :e AND idx = :j"
        ),
        {"e": E1, "j": j},
    ).one()
    return {
        "kind": r.kind,
        "timestamp": r.timestamp,
        "prev_hash": bytes(r.prev_hash),
        "entry_hash": bytes(r.entry_hash),
        "data": bytes(r.data),
    }


def put(session: Session, j: int, values: dict[str, Any]) -> None:
    session.execute(
        text(
            "UPDATE board_entries SET kind = :kind, timestamp = :timestamp, "
            "prev_hash = :prev_hash, entry_hash = :entry_hash, data = :data "
            "WHERE election_id = :e AND idx = :j"
        ),
        {**values, "e": E1, "j": j},
    )


def move(session: Session, old: int, new: int) -> None:
    session.execute(
        text("UPDATE board_entries SET idx = :new WHERE election_id = :e AND idx = :old"),
        {"e": E1, "old": old, "new": new},
    )


def forged_row(session: Session, index: int, prev: int) -> dict[str, Any]:
    """A well-formed entry claiming ``index`` that links to the real entry ``prev``."""
    before = row(session, prev)
    e = decode_entry(before["data"])
    forged = structs.replace(
        e, index=index, prev_hash=before["entry_hash"], kind=EntryKind.BALLOT, payload=b"forged"
    )
    data = encode_entry(forged)
    return {
        "kind": "ballot",
        "timestamp": forged.timestamp,
        "prev_hash": forged.prev_hash,
        "entry_hash": leaf_hash(data),
        "data": data,
    }


def insert_row(session: Session, j: int, values: dict[str, Any]) -> None:
    session.execute(
        text(
            "INSERT INTO board_entries (election_id, idx, kind, timestamp, prev_hash, "
            "entry_hash, data) VALUES (:e, :j, :kind, :timestamp, :prev_hash, :entry_hash, :data)"
        ),
        {**values, "e": E1, "j": j},
    )


# --- the tamperings -------------------------------------------------------------------------


def change_payload(session: Session, j: int) -> None:
    """Re-encode entry j with another payload, and fix its hash column too (a careful forger)."""
    r = row(session, j)
    data = encode_entry(structs.replace(decode_entry(r["data"]), payload=b"changed"))
    put(session, j, {**r, "data": data, "entry_hash": leaf_hash(data)})


def flip_byte(session: Session, j: int) -> None:
    """Flip the last byte of entry j's bytes, nothing else."""
    r = row(session, j)
    data = r["data"]
    assert isinstance(data, bytes)
    put(session, j, {**r, "data": data[:-1] + bytes([data[-1] ^ 1])})


def change_timestamp_column(session: Session, j: int) -> None:
    """Change the copied timestamp column only (what a query by time would see)."""
    r = row(session, j)
    put(session, j, {**r, "timestamp": int(r["timestamp"]) + 5})


def delete(session: Session, j: int) -> None:
    session.execute(
        text("DELETE FROM board_entries WHERE election_id = :e AND idx = :j"), {"e": E1, "j": j}
    )


def insert_renumbered(session: Session, j: int) -> None:
    """Insert a forged entry at j (linked to j - 1), shifting the later rows up by one."""
    values = forged_row(session, j, j - 1) if j else None
    for k in range(N - 1, j - 1, -1):
        move(session, k, k + 1)
    if values is None:  # at 0: a forged genesis entry
        data = encode_entry(
            structs.replace(decode_entry(row(session, 1)["data"]), payload=b"forged")
        )
        values = {**row(session, 1), "data": data, "entry_hash": leaf_hash(data)}
    insert_row(session, j, values)


def swap_contents(session: Session, j: int) -> None:
    """Swap everything but the index column of rows j and j + 1."""
    a, b = row(session, j), row(session, j + 1)
    put(session, j, b)
    put(session, j + 1, a)


def swap_indexes(session: Session, j: int) -> None:
    """Swap the index column of rows j and j + 1."""
    move(session, j, FAR)
    move(session, j + 1, j)
    move(session, FAR, j + 1)


TAMPERINGS: dict[str, Callable[[Session, int], None]] = {
    "change": change_payload,
    "flip": flip_byte,
    "column": change_timestamp_column,
    "delete": delete,
    "insert": insert_renumbered,
    "reorder": swap_contents,
    "reindex": swap_indexes,
}


def test_every_tampering_names_the_first_bad_index(board: Engine) -> None:
    # Positions before, at the edge of and after the latest checkpoint (20). The newest entry
    # (23) is vouched for by nothing yet: changing or deleting it cannot be seen until the
    # next checkpoint (docs/spec/board.md §7.1), so it is left out.
    positions = [0, 1, 7, 8, 13, 19, 20, 21, 22]
    failures: list[str] = []
    with Session(board) as session:
        verify(session)
        session.rollback()
        for name, tamper in TAMPERINGS.items():
            for j in positions:
                disable_triggers(session)
                tamper(session, j)
                try:
                    verify(session)
                    failures.append(f"{name}@{j}: not detected")
                except ChainError as exc:
                    if exc.index != j:
                        failures.append(f"{name}@{j}: named {exc.index} ({exc.message})")
                finally:
                    session.rollback()
        verify(session)
    assert failures == []


def test_the_newest_entry_needs_the_next_checkpoint(board: Engine) -> None:
    """Entries after the latest checkpoint are vouched for only by their successors."""
    with Session(board) as session:
        disable_triggers(session)
        insert_row(session, N, forged_row(session, N, N - 1))  # a well-linked extra entry
        verify(session)  # indistinguishable from an append not yet checkpointed
        session.rollback()
        disable_triggers(session)
        values = forged_row(session, N, N - 1)
        insert_row(session, N, {**values, "prev_hash": bytes(32)})  # but not a broken one
        with pytest.raises(ChainError) as info:
            verify(session)
        assert info.value.index == N
        session.rollback()


def test_deleting_checkpointed_entries_is_named(board: Engine) -> None:
    with Session(board) as session:
        disable_triggers(session)
        for k in range(N - 1, 15, -1):  # truncate the log to 16 entries
            delete(session, k)
        with pytest.raises(ChainError) as info:
            verify(session)
        assert info.value.index == 16  # the first missing one
        session.rollback()


def test_forged_subtree_hashes_are_found(board: Engine) -> None:
    with Session(board) as session:
        disable_triggers(session)
        session.execute(
            text("UPDATE board_subtrees SET hash = :h WHERE level = 2 AND position = 3"),
            {"h": bytes(32)},
        )
        with pytest.raises(StoredTreeError) as info:
            verify(session)
        assert (info.value.level, info.value.position) == (2, 3)
        session.rollback()
        disable_triggers(session)
        session.execute(text("DELETE FROM board_subtrees WHERE level = 3 AND position = 1"))
        with pytest.raises(StoredTreeError, match="missing") as info:
            verify(session)
        assert (info.value.level, info.value.position) == (3, 1)
        session.rollback()
        session.execute(
            text(
                "INSERT INTO board_subtrees (election_id, level, position, hash) "
                "VALUES (:e, 3, 3, :h)"
            ),
            {"e": E1, "h": bytes(32)},
        )
        with pytest.raises(StoredTreeError, match="not a complete") as info:
            verify(session)
        session.rollback()


def test_forged_checkpoints_are_found(board: Engine) -> None:
    with Session(board) as session:
        disable_triggers(session)
        session.execute(
            text("UPDATE board_checkpoints SET root_hash = :h WHERE size = 8"), {"h": bytes(32)}
        )
        with pytest.raises(StoredCheckpointError, match="does not match its signed note"):
            verify(session)
        session.rollback()
        # Signed by another key: refused with the board's key, but parsed without one.
        other = SigningKey(bytes(32))
        cp = Checkpoint(ORIGIN, 8, bytes(row(session, 0)["entry_hash"]))
        disable_triggers(session)
        session.execute(
            text("UPDATE board_checkpoints SET note = :n, root_hash = :r WHERE size = 8"),
            {"n": sign_checkpoint(cp, ORIGIN, other), "r": cp.root_hash},
        )
        with pytest.raises(StoredCheckpointError, match="size 8"):
            verify(session)
        with pytest.raises(StoredCheckpointError, match="not the log's root"):
            verify_stored_log(session, E1)  # without the key: it still does not fit the log
        session.rollback()
