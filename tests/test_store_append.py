"""Appending to the stored log: the bytes equal a chain built with the core alone, the stored
tree answers every root and proof like the core's MemoryTree, entries commit exactly with their
business rows, and the group-commit writer acknowledges only committed entries."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import (
    Column,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from oylama.board import (
    GENESIS_PREV,
    MAX_PAYLOAD,
    EntryError,
    EntryKind,
    MemoryTree,
    decode_entry,
    encode_entry,
    entry_hash,
    make_entry,
    verify_consistency,
    verify_inclusion,
    verify_log,
)
from oylama.store import (
    BatchWriter,
    StoredTree,
    StoreError,
    append,
    append_many,
    read_entries,
    read_entry,
    reader,
    stored_size,
    verify_stored_log,
)

E1 = "izmir-2026"

# A business table of the tests' own, standing for the engine's ballots.
business = MetaData()
ballots = Table(
    "test_ballots",
    business,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("voter", String(64), nullable=False, unique=True),
    Column("ballot", LargeBinary, nullable=False),
)


@pytest.fixture
def engine(store_engine: Engine) -> Iterator[Engine]:
    business.create_all(store_engine)
    yield store_engine


def reference_chain(election_id: str, items: list[tuple[EntryKind, bytes, int]]) -> list[bytes]:
    """The expected encoded entries, built with the core only (timestamps never go back)."""
    out: list[bytes] = []
    prev, last_ts = GENESIS_PREV, 0
    for i, (kind, payload, now) in enumerate(items):
        last_ts = max(now, last_ts)
        e = make_entry(election_id, i, kind, prev_hash=prev, timestamp=last_ts, payload=payload)
        out.append(encode_entry(e))
        prev = entry_hash(e)
    return out


def all_entries(engine: Engine, election_id: str) -> list[bytes]:
    with Session(engine) as session:
        return read_entries(session, election_id, 0, stored_size(session, election_id))


def test_appends_equal_the_core_chain(engine: Engine) -> None:
    items = [(EntryKind.MANIFEST, b"manifest", 1000), (EntryKind.OPENED, b"", 900)]
    items += [(EntryKind.BALLOT, b"ballot %d" % i, 1000 + 7 * i - 20 * (i % 3)) for i in range(37)]
    with Session(engine) as session, session.begin():
        stored = [append(session, E1, k, p, now=t) for k, p, t in items[:20]]
        stored += append_many(session, E1, [(k, p) for k, p, _ in items[20:30]], now=items[20][2])
    with Session(engine) as session, session.begin():
        for k, p, t in items[30:]:
            stored.append(append(session, E1, k.value, p, now=t))  # kinds as text too
    # append_many takes one clock reading for the batch
    expected_items = items[:20] + [(k, p, items[20][2]) for k, p, _ in items[20:30]] + items[30:]
    expected = reference_chain(E1, expected_items)
    got = all_entries(engine, E1)
    assert got == expected
    assert [s.index for s in stored] == list(range(len(items)))
    assert [s.entry_hash for s in stored] == [entry_hash(decode_entry(d)) for d in expected]
    assert [encode_entry(s.entry) for s in stored] == expected
    timestamps = [decode_entry(d).timestamp for d in got]
    assert timestamps == sorted(timestamps) and timestamps[1] == 1000  # 900 became 1000
    verify_log(got, election_id=E1)
    with Session(engine) as session:
        assert read_entry(session, E1, 5) == expected[5]
        assert verify_stored_log(session, E1).size == len(items)


@pytest.mark.parametrize("n", [1, 3, 31, 64, 65])
def test_stored_tree_answers_like_the_core(engine: Engine, n: int) -> None:
    with Session(engine) as session, session.begin():
        append_many(session, E1, [(EntryKind.BALLOT, b"%d" % i) for i in range(n)], now=1)
    leaves = [entry_hash(decode_entry(d)) for d in all_entries(engine, E1)]
    core = MemoryTree(leaves)
    with Session(engine) as session:
        tree = StoredTree(session, E1)
        assert tree.size == n
        for size in range(1, n + 1):
            root = core.root(size)
            assert tree.root(size) == root
            for index in range(size):
                proof = tree.inclusion_proof(index, size)
                assert proof == core.inclusion_proof(index, size)
                verify_inclusion(leaves[index], index, size, proof, root)
            for old in range(1, size + 1):
                proof = tree.consistency_proof(old, size)
                assert proof == core.consistency_proof(old, size)
                verify_consistency(old, size, core.root(old), root, proof)
        # every complete aligned subtree is stored, and nothing else
        rows = session.execute(
            text("SELECT level, position, hash FROM board_subtrees ORDER BY level, position")
        ).all()
    expected = [
        (level, pos, core.subtree_hash(pos << level, (pos + 1) << level))
        for level in range(1, n.bit_length())
        for pos in range(n >> level)
    ]
    assert [(r[0], r[1], bytes(r[2])) for r in rows] == expected


def test_a_smaller_tree_is_answered_at_its_own_size(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        append_many(session, E1, [(EntryKind.BALLOT, b"%d" % i) for i in range(10)], now=1)
    leaves = [entry_hash(decode_entry(d)) for d in all_entries(engine, E1)]
    with Session(engine) as session:
        tree = StoredTree(session, E1, size=6)
        assert tree.root() == MemoryTree(leaves[:6]).root()
        with pytest.raises(StoreError, match="outside"):
            StoredTree(session, E1, size=11).root()
        with pytest.raises(StoreError, match="outside"):
            StoredTree(session, E1, size=11).inclusion_proof(10)  # the leaf itself is not read


def test_elections_have_separate_logs(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        for i in range(6):
            append(session, "e-a", EntryKind.BALLOT, b"a%d" % i, now=i)
            if i % 2:
                append(session, "e-b", EntryKind.BALLOT, b"b%d" % i, now=i)
    assert all_entries(engine, "e-a") == reference_chain(
        "e-a", [(EntryKind.BALLOT, b"a%d" % i, i) for i in range(6)]
    )
    assert all_entries(engine, "e-b") == reference_chain(
        "e-b", [(EntryKind.BALLOT, b"b%d" % i, i) for i in (1, 3, 5)]
    )


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _cast(session: Session, voter: str, ballot: bytes, now: int) -> int:
    """What the engine does for one ballot: the business row and its entry, one transaction."""
    number = stored_size(session, E1)
    session.execute(insert(ballots), {"id": number, "voter": voter, "ballot": ballot})
    return append(session, E1, EntryKind.BALLOT, ballot, now=now).index


def test_entry_and_business_row_commit_together(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        _cast(session, "alice", b"A", 1)
    assert (_count(engine, "test_ballots"), _count(engine, "board_entries")) == (1, 1)

    # A failure after both were written: neither stays.
    with pytest.raises(RuntimeError), Session(engine) as session, session.begin():
        _cast(session, "bob", b"B", 2)
        raise RuntimeError("crash before commit")
    assert (_count(engine, "test_ballots"), _count(engine, "board_entries")) == (1, 1)

    # The business row is refused (alice votes twice): no entry either.
    with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
        session.execute(insert(ballots), {"id": 7, "voter": "alice", "ballot": b"A2"})
        append(session, E1, EntryKind.BALLOT, b"A2", now=3)
        session.flush()
    assert (_count(engine, "test_ballots"), _count(engine, "board_entries")) == (1, 1)

    # The entry is refused (payload too large): no business row either.
    with pytest.raises(EntryError), Session(engine) as session, session.begin():
        _cast(session, "carol", b"C" * (MAX_PAYLOAD + 1), 4)
    assert (_count(engine, "test_ballots"), _count(engine, "board_entries")) == (1, 1)

    with Session(engine) as session, session.begin():
        _cast(session, "dave", b"D", 5)
    with Session(engine) as session:
        rows = session.execute(select(ballots.c.id, ballots.c.ballot).order_by(ballots.c.id)).all()
        payloads = [decode_entry(d).payload for d in read_entries(session, E1, 0, 10)]
        verify_stored_log(session, E1)
    assert [(r.id, r.ballot) for r in rows] == [(0, b"A"), (1, b"D")]
    assert payloads == [b"A", b"D"]


@pytest.mark.parametrize(
    ("election_id", "kind", "payload", "now"),
    [
        ("has space", EntryKind.BALLOT, b"", 1),
        ("", EntryKind.BALLOT, b"", 1),
        ("x" * 129, EntryKind.BALLOT, b"", 1),
        (E1, "no-such-kind", b"", 1),
        (E1, EntryKind.BALLOT, "text, not bytes", 1),
        (E1, EntryKind.BALLOT, b"", -1),
    ],
)
def test_invalid_appends_write_nothing(
    engine: Engine, election_id: str, kind: str, payload: bytes, now: int
) -> None:
    with Session(engine) as session, session.begin():
        append(session, E1, EntryKind.MANIFEST, b"m", now=0)
    with pytest.raises(EntryError), Session(engine) as session, session.begin():
        append(session, election_id, kind, payload, now=now)
    with pytest.raises(EntryError), Session(engine) as session, session.begin():
        append_many(session, election_id, [(EntryKind.BALLOT, b"ok"), (kind, payload)], now=now)
    assert _count(engine, "board_entries") == 1
    assert _count(engine, "board_logs") == 1


def test_batch_writer_acknowledges_committed_entries_only(engine: Engine) -> None:
    acked: list[tuple[int, bytes]] = []
    lock = threading.Lock()
    seen_committed: list[bool] = []

    def producer(t: int) -> None:
        with Session(reader(engine)) as session:
            for i in range(15):
                voter = f"v{t}-{i}"
                payload = voter.encode()

                def write(s: Session, voter: str = voter, payload: bytes = payload) -> None:
                    s.execute(
                        insert(ballots),
                        {"id": hash(voter) % 2**31, "voter": voter, "ballot": payload},
                    )

                stored = writer.append(E1, EntryKind.BALLOT, payload, now=i, write=write)
                # Acknowledged: another connection must see the entry already.
                session.rollback()
                seen = read_entries(session, E1, stored.index, stored.index + 1)
                session.rollback()
                with lock:
                    seen_committed.append(seen == [encode_entry(stored.entry)])
                    acked.append((stored.index, payload))

    with BatchWriter(engine, max_batch=32) as writer:
        threads = [threading.Thread(target=producer, args=(t,)) for t in range(6)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        # A request whose business write fails fails alone; the others of its batch commit.
        bad = writer.submit(
            E1,
            EntryKind.BALLOT,
            b"dup",
            now=99,
            write=lambda s: s.execute(
                insert(ballots), {"id": 1, "voter": "v0-0", "ballot": b"dup"}
            ),
        )
        good = writer.submit(E1, EntryKind.BALLOT, b"fine", now=99)
        invalid = writer.submit("bad id", EntryKind.BALLOT, b"x", now=99)
        with pytest.raises(IntegrityError):
            bad.result()
        with pytest.raises(EntryError):
            invalid.result()
        assert good.result().index == 90
    assert writer.entries == 91 and writer.batches <= 91
    assert all(seen_committed) and len(seen_committed) == 90
    assert sorted(i for i, _ in acked) == list(range(90))
    with Session(engine) as session:
        data = read_entries(session, E1, 0, 100)
        verify_stored_log(session, E1)
        voters = session.execute(select(ballots.c.voter)).scalars().all()
    assert len(data) == 91
    by_index = {i: p for i, p in acked}
    assert all(decode_entry(data[i]).payload == p for i, p in by_index.items())
    assert sorted(voters) == sorted(p.decode() for _, p in acked)
    assert _count(engine, "board_logs") == 1  # the invalid id left no log row
