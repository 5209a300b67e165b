"""Entries: the exact canonical bytes, rejection of every other encoding, and the hash chain
naming the first bad index for a changed, deleted, inserted or reordered entry."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.board import (
    EMPTY_ROOT,
    GENESIS_PREV,
    BoardError,
    ChainError,
    Entry,
    EntryError,
    EntryKind,
    decode_entry,
    encode_entry,
    entry_hash,
    leaf_hash,
    make_entry,
    verify_chain,
    verify_log,
)

ELECTION = "izmir-2026"


def _entry(**changes: object) -> Entry:
    base = Entry(1, ELECTION, 0, EntryKind.MANIFEST, GENESIS_PREV, 1_700_000_000_000, b"hi")
    return msgspec.structs.replace(base, **changes)


def test_the_encoding_is_byte_for_byte_the_specified_one() -> None:
    # Built by hand from docs/spec/board.md, "Entry encoding", not from msgspec.
    expected = (
        b"\x97"  # array of 7
        + b"\x01"  # version 1
        + b"\xaa" + b"izmir-2026"  # fixstr of 10
        + b"\x00"  # index 0
        + b"\xa8" + b"manifest"  # kind
        + b"\xc4\x20" + bytes(32)  # bin8 of 32: prev_hash
        + b"\xcf" + struct.pack(">Q", 1_700_000_000_000)  # uint64 timestamp
        + b"\xc4\x02" + b"hi"  # bin8 payload
    )  # fmt: skip
    e = _entry()
    assert encode_entry(e) == expected
    assert decode_entry(expected) == e
    assert entry_hash(e) == hashlib.sha256(b"\x00" + expected).digest() == leaf_hash(expected)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, b"\x00"),
        (127, b"\x7f"),
        (128, b"\xcc\x80"),
        (255, b"\xcc\xff"),
        (256, b"\xcd\x01\x00"),
        (65536, b"\xce\x00\x01\x00\x00"),
        (2**32, b"\xcf\x00\x00\x00\x01\x00\x00\x00\x00"),
    ],
)
def test_integers_use_their_shortest_form(value: int, encoded: bytes) -> None:
    data = encode_entry(_entry(index=value))
    assert data[1 + 1 + 11 : 1 + 1 + 11 + len(encoded)] == encoded


def _replace_field(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1
    return data.replace(old, new)


def test_non_canonical_and_malformed_encodings_are_rejected() -> None:
    good = encode_entry(_entry(index=5, payload=b"x" * 3))
    ts = b"\xcf" + struct.pack(">Q", 1_700_000_000_000)
    bad = {
        "index as uint8": _replace_field(good, b"\x05\xa8manifest", b"\xcc\x05\xa8manifest"),
        "payload as bin16": _replace_field(good, b"\xc4\x03xxx", b"\xc5\x00\x03xxx"),
        "payload as str": _replace_field(good, b"\xc4\x03xxx", b"\xa3xxx"),
        "election as str8": _replace_field(good, b"\xaaizmir", b"\xd9\x0aizmir"),
        "timestamp as int64": _replace_field(good, ts, b"\xd3" + ts[1:]),
        "timestamp as float": _replace_field(good, ts, b"\xcb" + struct.pack(">d", 1.7e12)),
        "version 2": b"\x97\x02" + good[2:],
        "six fields": b"\x96" + good[1:-5],
        "eight fields": b"\x98" + good[1:] + b"\xc0",
        "trailing byte": good + b"\x00",
        "truncated": good[:-1],
        "unknown kind": _replace_field(good, b"\xa8manifest", b"\xa8manifesT"),
        "short prev hash": _replace_field(good, b"\xc4\x20" + bytes(32), b"\xc4\x1f" + bytes(31)),
        "empty election": _replace_field(good, b"\xaaizmir-2026", b"\xa0"),
        "space in election": _replace_field(good, b"\xaaizmir-2026", b"\xaaizmir 2026"),
        "empty input": b"",
    }
    for name, data in bad.items():
        assert data != good, name
        with pytest.raises(EntryError):
            decode_entry(data)
    as_map = msgspec.msgpack.encode(
        {f: getattr(_entry(), f) for f in Entry.__struct_fields__}, order="deterministic"
    )
    with pytest.raises(EntryError):
        decode_entry(as_map)


def test_every_single_byte_change_is_rejected_or_changes_the_entry() -> None:
    e = _entry(index=3, payload=b"ballot bytes")
    good = encode_entry(e)
    for i in range(len(good)):
        for delta in (1, 0x80):
            data = bytearray(good)
            data[i] ^= delta
            try:
                other = decode_entry(bytes(data))
            except EntryError:
                continue
            assert other != e
            assert entry_hash(other) != entry_hash(e)


def test_building_an_invalid_entry_is_refused() -> None:
    cases: list[dict[str, object]] = [
        {"prev_hash": bytes(31)},
        {"timestamp": -1},
        {"election_id": ""},
        {"payload": "text"},
        {"index": 2**63},
    ]
    for kwargs in cases:
        with pytest.raises(EntryError):
            encode_entry(_entry(**kwargs))
    with pytest.raises(EntryError):
        make_entry(ELECTION, 0, EntryKind.BALLOT, prev_hash=b"", timestamp=0, payload=b"")


ENTRIES = st.builds(
    make_entry,
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=128),
    st.integers(0, 2**63 - 1),
    st.sampled_from(list(EntryKind)),
    prev_hash=st.binary(min_size=32, max_size=32),
    timestamp=st.integers(0, 2**63 - 1),
    payload=st.binary(max_size=300),
)


@settings(max_examples=100, deadline=None)
@given(ENTRIES)
def test_entries_round_trip(e: Entry) -> None:
    data = encode_entry(e)
    assert decode_entry(data) == e
    assert encode_entry(decode_entry(data)) == data


# --- the chain ------------------------------------------------------------------------------

N = 10
KINDS = [EntryKind.MANIFEST, EntryKind.TRUSTEE_KEY, EntryKind.CREDENTIALS, EntryKind.OPENED]


def build(n: int = N) -> list[Entry]:
    out: list[Entry] = []
    prev = GENESIS_PREV
    for i in range(n):
        kind = KINDS[i] if i < len(KINDS) else EntryKind.BALLOT
        e = make_entry(
            ELECTION, i, kind, prev_hash=prev, timestamp=1000 + 10 * i, payload=b"event %d" % i
        )
        out.append(e)
        prev = entry_hash(e)
    return out


def anchor(entries: list[Entry]) -> dict[str, object]:
    """What a verified checkpoint of the untampered log provides."""
    tree = verify_chain(entries)
    return {"size": tree.size, "root": tree.root()}


def test_a_valid_chain_verifies_and_yields_its_merkle_tree() -> None:
    entries = build()
    tree = verify_chain(entries, election_id=ELECTION, **anchor(entries))  # type: ignore[arg-type]
    assert tree.size == N
    for i, e in enumerate(entries):
        assert tree.subtree_hash(i, i + 1) == entry_hash(e)
    assert verify_chain([]).size == 0
    verify_log([encode_entry(e) for e in entries], **anchor(entries))  # type: ignore[arg-type]


Tamper = Callable[[list[Entry], int], list[Entry]]


def _replace(entries: list[Entry], i: int, **changes: object) -> list[Entry]:
    out = list(entries)
    out[i] = msgspec.structs.replace(entries[i], **changes)
    return out


def _forged(entries: list[Entry], i: int) -> Entry:
    prev = entry_hash(entries[i - 1]) if i else GENESIS_PREV
    ts = entries[i - 1].timestamp if i else 0
    return make_entry(
        ELECTION, i, EntryKind.BALLOT, prev_hash=prev, timestamp=ts, payload=b"stuffed"
    )


def _forged_after(entries: list[Entry], i: int) -> list[Entry]:
    """A forged sibling of entry i (same index, same predecessor) placed right after it."""
    return [*entries[: i + 1], _forged(entries, i), *entries[i + 1 :]]


TAMPERS: dict[str, Tamper] = {
    "payload": lambda es, i: _replace(es, i, payload=b"changed"),
    "kind": lambda es, i: _replace(es, i, kind=EntryKind.RESULT),
    "later timestamp": lambda es, i: _replace(es, i, timestamp=10**9),
    "earlier timestamp": lambda es, i: _replace(es, i, timestamp=0),
    "prev hash": lambda es, i: _replace(es, i, prev_hash=b"\x01" * 32),
    "index field": lambda es, i: _replace(es, i, index=i + 100),
    "election id": lambda es, i: _replace(es, i, election_id="other"),
    "delete": lambda es, i: es[:i] + es[i + 1 :],
    "insert forged": lambda es, i: [*es[:i], _forged(es, i), *es[i:]],
    "insert forged sibling after": _forged_after,
    "insert copy": lambda es, i: [*es[:i], es[(i + 3) % len(es)], *es[i:]],
    "duplicate": lambda es, i: [*es[:i], es[i], *es[i:]],
    "swap with next": lambda es, i: [*es[:i], es[i + 1], es[i], *es[i + 2 :]],
    "move to end": lambda es, i: [*es[:i], *es[i + 1 :], es[i]],
    "move to front": lambda es, i: [es[i], *es[:i], *es[i + 1 :]],
}

# The positions at which each tampering is applied (all where it changes the sequence).
POSITIONS: dict[str, range] = {
    "swap with next": range(N - 1),
    "move to end": range(N - 1),
    "move to front": range(1, N),
    "insert forged": range(N + 1),
}


def first_difference(original: list[Entry], tampered: list[Entry]) -> int:
    """The oracle: the first position where the received log differs from the true one."""
    for k, (a, b) in enumerate(zip(original, tampered, strict=False)):
        if a != b:
            return k
    return min(len(original), len(tampered))


@pytest.mark.parametrize("name", TAMPERS)
def test_tampering_with_a_checkpoint_names_the_first_bad_index(name: str) -> None:
    entries = build()
    trusted = anchor(entries)
    for i in POSITIONS.get(name, range(N)):
        tampered = TAMPERS[name](entries, i)
        expected = first_difference(entries, tampered)
        assert expected < max(len(entries), len(tampered))
        with pytest.raises(ChainError) as info:
            verify_chain(tampered, election_id=ELECTION, **trusted)  # type: ignore[arg-type]
        assert info.value.index == expected, (name, i, str(info.value))
        with pytest.raises(ChainError) as info:
            verify_log([encode_entry(e) for e in tampered], **trusted)  # type: ignore[arg-type]
        assert info.value.index == expected, (name, i, str(info.value))


# Without a checkpoint nothing vouches for the newest entry: these cannot be seen at all.
BLIND = {
    ("payload", N - 1),
    ("kind", N - 1),
    ("later timestamp", N - 1),
    ("delete", N - 1),
    ("insert forged", N),
}


@pytest.mark.parametrize("name", TAMPERS)
def test_tampering_without_a_checkpoint_is_named_when_detectable(name: str) -> None:
    entries = build()
    for i in POSITIONS.get(name, range(N)):
        tampered = TAMPERS[name](entries, i)
        if (name, i) in BLIND:
            verify_chain(tampered)
            continue
        with pytest.raises(ChainError) as info:
            verify_chain(tampered)
        expected = first_difference(entries, tampered)
        if (name, i) in {("prev hash", N - 1), ("insert forged sibling after", N - 1)}:
            # Ambiguous without a checkpoint: the newest entry or its predecessor is wrong.
            assert info.value.index in {expected - 1, expected}
        else:
            assert info.value.index == expected, (name, i, str(info.value))


def test_appended_and_missing_entries_are_named_against_the_checkpoint() -> None:
    entries = build()
    trusted = anchor(entries[:-2])
    with pytest.raises(ChainError, match="unexpected") as info:
        verify_chain(entries, **trusted)  # type: ignore[arg-type]
    assert info.value.index == N - 2
    trusted = anchor(entries)
    with pytest.raises(ChainError, match="missing") as info:
        verify_chain(entries[:-2], **trusted)  # type: ignore[arg-type]
    assert info.value.index == N - 2


def test_a_wrong_genesis_is_named() -> None:
    entries = build()
    with pytest.raises(ChainError) as info:
        verify_chain(_replace(entries, 0, prev_hash=b"\x07" * 32)[:1])
    assert info.value.index == 0


def test_a_rewritten_history_does_not_match_the_checkpoint() -> None:
    # An attacker who rebuilds a fully consistent chain from entry 4 on is caught by the root.
    entries = build()
    trusted = anchor(entries)
    forged = entries[:4]
    for i in range(4, N):
        forged.append(_forged(forged, i))
    verify_chain(forged)  # internally consistent
    with pytest.raises(ChainError):
        verify_chain(forged, **trusted)  # type: ignore[arg-type]


def test_garbage_in_an_encoded_log_is_named() -> None:
    raw = [encode_entry(e) for e in build()]
    raw[6] = raw[6] + b"\x00"
    with pytest.raises(ChainError) as info:
        verify_log(raw)
    assert info.value.index == 6


def test_size_and_root_come_together() -> None:
    with pytest.raises(BoardError):
        verify_chain(build(), size=N)


def test_edge_cases_of_the_chain_check() -> None:
    entries = build()
    broken = _replace(entries, 4, prev_hash=bytes(31))  # not even encodable
    with pytest.raises(ChainError) as info:
        verify_chain(broken)
    assert info.value.index == 4
    with pytest.raises(BoardError):
        verify_chain(entries, size=N, root=b"short")
    assert verify_chain([], size=0, root=EMPTY_ROOT).size == 0
    with pytest.raises(ChainError) as info:
        verify_chain([], size=0, root=b"\x01" * 32)
    assert info.value.index == 0
    with pytest.raises(ChainError, match="missing") as info:
        verify_chain([], **anchor(entries))  # type: ignore[arg-type]
    assert info.value.index == 0
