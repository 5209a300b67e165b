"""Stored checkpoints: signed heads that verify with the core, never a rollback, never two
inconsistent ones (also against a forged row in the table), and proofs served from the store
that verify against them."""

from __future__ import annotations

import itertools

import pytest
from nacl.signing import SigningKey
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from oylama.board import (
    EMPTY_ROOT,
    Checkpoint,
    CheckpointSigner,
    EntryKind,
    InconsistentCheckpointError,
    decode_entry,
    entry_hash,
    sign_checkpoint,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
)
from oylama.store import (
    StoredTree,
    _checkpoints,
    append_many,
    issue_checkpoint,
    latest_checkpoint,
    list_checkpoints,
    read_entries,
)

E1 = "izmir-2026"
ORIGIN = "board.example/izmir-2026"
KEY = SigningKey(bytes(range(32)))


def signer() -> CheckpointSigner:
    return CheckpointSigner(ORIGIN, KEY)


def _append(engine: Engine, n: int, now: int = 1) -> None:
    with Session(engine) as session, session.begin():
        append_many(session, E1, [(EntryKind.BALLOT, b"b%d" % i) for i in range(n)], now=now)


def _issue(engine: Engine, now: int, s: CheckpointSigner | None = None) -> Checkpoint:
    with Session(engine) as session, session.begin():
        return issue_checkpoint(session, E1, s or signer(), now=now).checkpoint


def test_checkpoints_verify_and_extend_each_other(store_engine: Engine) -> None:
    assert _issue(store_engine, 1) == Checkpoint(ORIGIN, 0, EMPTY_ROOT)
    sizes = [0]
    for n, now in [(1, 2), (4, 3), (0, 4), (11, 5)]:
        _append(store_engine, n)
        sizes.append(sizes[-1] + n)
        _issue(store_engine, now)
    with Session(store_engine) as session:
        stored = list_checkpoints(session, E1)
        latest = latest_checkpoint(session, E1)
        tree = StoredTree(session, E1)
        leaves = [entry_hash(decode_entry(d)) for d in read_entries(session, E1, 0, 16)]
        assert [c.size for c in stored] == [0, 1, 5, 16]  # the unchanged head: no new row
        assert latest == stored[-1]
        assert [c.issued_at for c in stored] == [1, 2, 3, 5]
        for c in stored:
            assert verify_checkpoint(c.note, ORIGIN, KEY.verify_key, origin=ORIGIN) == c.checkpoint
            assert c.root_hash == tree.root(c.size)
        for old, new in itertools.pairwise(stored[1:]):  # from size 0 there is no proof
            proof = tree.consistency_proof(old.size, new.size)
            verify_consistency(old.size, new.size, old.root_hash, new.root_hash, proof)
        for i in range(16):
            verify_inclusion(leaves[i], i, 16, tree.inclusion_proof(i, 16), latest.root_hash)


def test_same_head_returns_the_stored_note(store_engine: Engine) -> None:
    _append(store_engine, 3)
    with Session(store_engine) as session, session.begin():
        first = issue_checkpoint(session, E1, signer(), now=10)
    with Session(store_engine) as session, session.begin():
        again = issue_checkpoint(session, E1, signer(), now=20)
    assert again == first
    with store_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM board_checkpoints")).scalar() == 1


def _plant(engine: Engine, cp: Checkpoint) -> None:
    """A checkpoint row signed with the board's key but not of this log (a forged history)."""
    note = sign_checkpoint(cp, ORIGIN, KEY)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO board_checkpoints (election_id, size, root_hash, note, issued_at) "
                "VALUES (:e, :s, :r, :n, 0)"
            ),
            {"e": E1, "s": cp.size, "r": cp.root_hash, "n": note},
        )


@pytest.mark.parametrize("forged_size", [3, 5, 9])
def test_refuses_to_sign_an_inconsistent_head(store_engine: Engine, forged_size: int) -> None:
    _append(store_engine, 5)
    _plant(store_engine, Checkpoint(ORIGIN, forged_size, bytes([7]) * 32))
    with pytest.raises(InconsistentCheckpointError):
        _issue(store_engine, 5)
    with Session(store_engine) as session:
        assert [c.size for c in list_checkpoints(session, E1)] == [forged_size]


def test_refuses_another_origin(store_engine: Engine) -> None:
    _append(store_engine, 2)
    _issue(store_engine, 1)
    _append(store_engine, 2)
    with pytest.raises(InconsistentCheckpointError):
        _issue(store_engine, 2, CheckpointSigner("board.example/other", KEY))


def test_compare_and_set_refuses_a_stale_issuer(
    store_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkpoint is stored only if none of the same or a larger size exists.

    The lock makes a stale issuer impossible through the API; here the issuer is made stale by
    hand (it believes the latest checkpoint is an older one), and the insert itself refuses.
    """
    _append(store_engine, 4)
    _issue(store_engine, 1)  # size 4
    with Session(store_engine) as session:
        older = list_checkpoints(session, E1)[0]
    _append(store_engine, 2)
    _issue(store_engine, 2)  # size 6
    monkeypatch.setattr(_checkpoints, "latest_checkpoint", lambda session, election_id: older)
    with pytest.raises(InconsistentCheckpointError, match="concurrently"):
        _issue(store_engine, 3)  # would sign size 6 again, after size 4
    monkeypatch.undo()
    with Session(store_engine) as session:
        assert [c.size for c in list_checkpoints(session, E1)] == [4, 6]
