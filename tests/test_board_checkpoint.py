"""Checkpoints and signed notes: the C2SP text formats, interoperability with the Go
reference signer, a table of malformed notes, and the never-sign-a-fork guard."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from oylama.board import (
    EMPTY_ROOT,
    Checkpoint,
    CheckpointError,
    CheckpointSigner,
    EntryKind,
    InconsistentCheckpointError,
    MemoryTree,
    check_consistent_extension,
    checkpoint_due,
    format_checkpoint,
    key_id,
    leaf_hash,
    parse_checkpoint,
    parse_verifier_key,
    sign_checkpoint,
    sign_note,
    verifier_key,
    verify_checkpoint,
    verify_note,
)

# --- external anchors -----------------------------------------------------------------------

# golang.org/x/mod/sumdb/note, the reference implementation of signed notes: its documented
# example key pair and signed note. Ed25519 is deterministic, so we must reproduce it exactly.
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_SKEY_MATERIAL = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n\u2014 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)

# The example of https://c2sp.org/tlog-checkpoint (its key is not published).
C2SP_TEXT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
C2SP_NOTE = (
    C2SP_TEXT + "\n\u2014 example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
)


def test_go_reference_note_is_reproduced_and_verified() -> None:
    name, pub = parse_verifier_key(GO_VKEY)
    assert name == "PeterNeumann"
    assert key_id(name, pub).hex() == "c74f20a3"
    assert verifier_key(name, pub) == GO_VKEY
    signer = SigningKey(base64.b64decode(GO_SKEY_MATERIAL)[1:])
    assert bytes(signer.verify_key) == pub
    assert sign_note(GO_TEXT, name, signer) == GO_NOTE
    assert verify_note(GO_NOTE, name, pub) == GO_TEXT
    assert verify_note(GO_NOTE.encode("utf-8"), name, signer.verify_key) == GO_TEXT
    with pytest.raises(CheckpointError, match="bad signature"):
        verify_note(GO_NOTE.replace("cryptography", "cryptographY"), name, pub)
    # Not a checkpoint: the text has two lines.
    with pytest.raises(CheckpointError):
        verify_checkpoint(GO_NOTE, name, pub)


def test_c2sp_example_checkpoint_text() -> None:
    cp = parse_checkpoint(C2SP_TEXT)
    assert cp == Checkpoint(
        "example.com/behind-the-sofa",
        20852163,
        base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="),
    )
    assert format_checkpoint(cp) == C2SP_TEXT
    # Its signature is by a key we do not have: rejected as "no signature by key".
    other = SigningKey(bytes(32)).verify_key
    with pytest.raises(CheckpointError, match="no signature"):
        verify_checkpoint(C2SP_NOTE, "example.com/behind-the-sofa", other)


@pytest.mark.parametrize(
    "vkey",
    [
        GO_VKEY.replace("c74f20a3", "c74f20a4"),
        GO_VKEY.replace("c74f20a3", "C74F20A3"),
        GO_VKEY.replace("+ARpc", "+AhpC"),
        GO_VKEY.replace("PeterNeumann", "Peter Neumann"),
        GO_VKEY[:-1],
        "PeterNeumann+c74f20a3",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ],
)
def test_bad_verifier_keys_are_rejected(vkey: str) -> None:
    with pytest.raises(CheckpointError):
        parse_verifier_key(vkey)


# --- our checkpoints ------------------------------------------------------------------------

KEY = SigningKey(bytes(range(32)))
PUB = bytes(KEY.verify_key)
OTHER = SigningKey(bytes(range(1, 33)))
NAME = "board.oylama.example/izmir-2026"


def _tree(n: int, tag: bytes = b"") -> MemoryTree:
    return MemoryTree([leaf_hash(tag + i.to_bytes(4, "big")) for i in range(n)])


def _cp(n: int, tag: bytes = b"") -> Checkpoint:
    return Checkpoint(NAME, n, _tree(n, tag).root())


def test_sign_and_verify_round_trip() -> None:
    cp = _cp(5)
    note = sign_checkpoint(cp, NAME, KEY)
    text, sig_line = note.split("\n\n")
    assert (
        text + "\n"
        == format_checkpoint(cp)
        == f"{NAME}\n5\n{base64.b64encode(cp.root_hash).decode()}\n"
    )
    assert sig_line.startswith(f"\u2014 {NAME} ")
    assert sig_line.endswith("\n") and sig_line.count("\n") == 1
    raw = base64.b64decode(sig_line.split(" ")[2])
    assert raw[:4] == key_id(NAME, PUB) and len(raw) == 68
    assert verify_checkpoint(note, NAME, PUB) == cp
    assert verify_checkpoint(note, NAME, KEY.verify_key, origin=NAME) == cp
    with pytest.raises(CheckpointError, match="origin"):
        verify_checkpoint(note, NAME, PUB, origin="elsewhere.example/log")
    with pytest.raises(CheckpointError):
        verify_checkpoint(note, NAME, bytes(OTHER.verify_key))
    with pytest.raises(CheckpointError):
        verify_checkpoint(note, "board.oylama.example/other", PUB)


def test_the_empty_tree_checkpoint() -> None:
    cp = Checkpoint(NAME, 0, EMPTY_ROOT)
    assert format_checkpoint(cp) == f"{NAME}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
    assert verify_checkpoint(sign_checkpoint(cp, NAME, KEY), NAME, PUB) == cp


def test_cosignatures_of_other_keys_are_ignored_but_must_be_well_formed() -> None:
    cp = _cp(9)
    mine = sign_checkpoint(cp, NAME, KEY)
    witness = sign_checkpoint(cp, "witness.example/w1", OTHER).split("\n\n")[1]
    same_name_other_key = sign_checkpoint(cp, NAME, OTHER).split("\n\n")[1]
    for note in [mine + witness, mine + same_name_other_key, _insert_first(mine, witness)]:
        assert verify_checkpoint(note, NAME, PUB) == cp
    # A known key's duplicate signature, and a malformed foreign line, are refused.
    with pytest.raises(CheckpointError, match="more than one"):
        verify_checkpoint(mine + mine.split("\n\n")[1], NAME, PUB)
    with pytest.raises(CheckpointError):
        verify_checkpoint(mine + "\u2014 witness.example/w1 not-base64!\n", NAME, PUB)


def _insert_first(note: str, sig_line: str) -> str:
    text, sigs = note.split("\n\n")
    return f"{text}\n\n{sig_line}{sigs}"


GOOD_NOTE = sign_checkpoint(_cp(20852163 % 97), NAME, KEY)
GOOD_TEXT, GOOD_SIG = GOOD_NOTE.split("\n\n")
ROOT_B64 = GOOD_TEXT.split("\n")[2]


def _signed(text: str) -> str:
    """A validly signed note around ``text``: rejection must then come from the text itself."""
    return sign_note(text, NAME, KEY)


def _flip_sig_bit(note: str) -> str:
    text, line = note.split("\n\n")
    prefix, b64 = line.rsplit(" ", 1)
    raw = bytearray(base64.b64decode(b64))
    raw[10] ^= 1
    return f"{text}\n\n{prefix} {base64.b64encode(bytes(raw)).decode()}\n"


def _with_sig_payload(note: str, transform: object) -> str:
    text, line = note.split("\n\n")
    prefix, b64 = line.rsplit(" ", 1)
    raw = base64.b64decode(b64)
    assert callable(transform)
    return f"{text}\n\n{prefix} {base64.b64encode(transform(raw)).decode()}\n"


def _body(origin: str = NAME, size: str = "5", root: str | None = None, extra: str = "") -> str:
    return f"{origin}\n{size}\n{ROOT_B64 if root is None else root}\n{extra}"


SIZE_5_ROOT = base64.b64encode(_tree(5).root()).decode()
B32 = base64.b64encode(b"\x01" * 32).decode()

MALFORMED_TEXT = {
    "leading zero": _body(size="05", root=SIZE_5_ROOT),
    "two zeros": _body(size="00", root=base64.b64encode(EMPTY_ROOT).decode()),
    "plus sign": _body(size="+5", root=SIZE_5_ROOT),
    "minus sign": _body(size="-5", root=SIZE_5_ROOT),
    "space before size": _body(size=" 5", root=SIZE_5_ROOT),
    "space after size": _body(size="5 ", root=SIZE_5_ROOT),
    "underscore": _body(size="1_000", root=B32),
    "arabic-indic digit": _body(size="\u0665", root=SIZE_5_ROOT),
    "hex size": _body(size="0x5", root=SIZE_5_ROOT),
    "empty size": _body(size="", root=SIZE_5_ROOT),
    "size 2**63": _body(size=str(2**63), root=B32),
    "empty tree with another root": _body(size="0", root=B32),
    "root of 31 bytes": _body(root=base64.b64encode(b"\x01" * 31).decode()),
    "root of 33 bytes": _body(root=base64.b64encode(b"\x01" * 33).decode()),
    "root without padding": _body(root=B32.rstrip("=")),
    "root url-safe alphabet": _body(root=base64.urlsafe_b64encode(b"\xfb" * 32).decode()),
    "root non-canonical bits": _body(root=B32[:-2] + "F="),
    "root in hex": _body(root=(b"\x01" * 32).hex()),
    "root with space": _body(root=" " + B32),
    "extension line": _body(extra="extension\n"),
    "empty extension line": _body(extra="\n"),
    "two lines": f"{NAME}\n5\n",
    "empty origin": _body(origin=""),
    "origin with space": _body(origin="example.com/my log"),
    "origin with plus": _body(origin="example.com/log+1"),
    "origin with nbsp": _body(origin="example.com/\u00a0log"),
    "byte order mark": "\ufeff" + _body(),
}


@pytest.mark.parametrize("name", MALFORMED_TEXT)
def test_malformed_checkpoint_texts_are_rejected_even_when_signed(name: str) -> None:
    text = MALFORMED_TEXT[name]
    with pytest.raises(CheckpointError):
        parse_checkpoint(text)
    try:
        note = _signed(text)
    except CheckpointError:
        return  # not even a signable note
    assert verify_note(note, NAME, PUB) == text  # the signature itself is fine
    with pytest.raises(CheckpointError):
        verify_checkpoint(note, NAME, PUB)


MALFORMED_NOTES = {
    "no final newline": GOOD_NOTE[:-1],
    "crlf": GOOD_NOTE.replace("\n", "\r\n"),
    "tab": GOOD_NOTE.replace("\u2014 ", "\u2014\t"),
    "no blank line": GOOD_TEXT + "\n" + GOOD_SIG,
    "two blank lines": GOOD_TEXT + "\n\n\n" + GOOD_SIG,
    "no signature": GOOD_TEXT + "\n\n",
    "text only": GOOD_TEXT + "\n",
    "blank line after signature": GOOD_NOTE + "\n",
    "ascii hyphen": GOOD_NOTE.replace("\u2014", "-"),
    "en dash": GOOD_NOTE.replace("\u2014", "\u2013"),
    "double hyphen": GOOD_NOTE.replace("\u2014", "--"),
    "no space after dash": GOOD_NOTE.replace("\u2014 ", "\u2014"),
    "two spaces": GOOD_NOTE.replace(f"{NAME} ", f"{NAME}  "),
    "trailing space": GOOD_NOTE[:-1] + " \n",
    "garbage line after": GOOD_NOTE + "garbage\n",
    "garbage before": "garbage\n" + GOOD_NOTE,
    "missing key name": GOOD_NOTE.replace(f"\u2014 {NAME} ", "\u2014 "),
    "other key name": GOOD_NOTE.replace(f"\u2014 {NAME} ", "\u2014 other.example/log "),
    "signature bit flipped": _flip_sig_bit(GOOD_NOTE),
    "wrong key id": _with_sig_payload(GOOD_NOTE, lambda r: bytes([r[0] ^ 1]) + r[1:]),
    "signature truncated": _with_sig_payload(GOOD_NOTE, lambda r: r[:-1]),
    "signature extended": _with_sig_payload(GOOD_NOTE, lambda r: r + b"\x00"),
    "key id only": _with_sig_payload(GOOD_NOTE, lambda r: r[:4]),
    "signature without padding": GOOD_NOTE.replace("=\n", "\n"),
    "size changed": GOOD_NOTE.replace(f"\n{20852163 % 97}\n", f"\n{20852163 % 97 + 1}\n"),
    "origin changed": GOOD_NOTE.replace(NAME + "\n", "board.oylama.example/other\n", 1),
    "root changed": GOOD_NOTE.replace(ROOT_B64, B32),
    "not a string": 42,
}


@pytest.mark.parametrize("name", MALFORMED_NOTES)
def test_malformed_signed_notes_are_rejected(name: str) -> None:
    note = MALFORMED_NOTES[name]
    assert note != GOOD_NOTE
    with pytest.raises(CheckpointError):
        verify_checkpoint(note, NAME, PUB)  # type: ignore[arg-type]


def test_invalid_utf8_is_rejected() -> None:
    raw = GOOD_NOTE.encode("utf-8")
    verify_checkpoint(raw, NAME, PUB)
    with pytest.raises(CheckpointError):
        verify_checkpoint(raw.replace("\u2014".encode(), b"\xe2\x80"), NAME, PUB)
    with pytest.raises(CheckpointError):
        verify_checkpoint(b"\xff" + raw, NAME, PUB)
    with pytest.raises(CheckpointError):
        verify_checkpoint(GOOD_NOTE.replace(NAME, NAME + "\ud800", 1), NAME, PUB)


def test_formatting_refuses_what_parsing_would_refuse() -> None:
    root = _tree(3).root()
    for cp in [
        Checkpoint("", 3, root),
        Checkpoint("a b", 3, root),
        Checkpoint(NAME, -1, root),
        Checkpoint(NAME, 2**63, root),
        Checkpoint(NAME, 3, root[:31]),
        Checkpoint(NAME, 0, root),
        Checkpoint(NAME, True, root),
    ]:
        with pytest.raises(CheckpointError):
            format_checkpoint(cp)


ORIGINS = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), blacklist_characters="+\ufeff\x85"
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(ORIGINS, st.integers(1, 2**63 - 1), st.binary(min_size=32, max_size=32))
def test_checkpoints_round_trip(origin: str, size: int, root: bytes) -> None:
    cp = Checkpoint(origin, size, root)
    text = format_checkpoint(cp)
    assert parse_checkpoint(text) == cp
    assert verify_checkpoint(sign_checkpoint(cp, NAME, KEY), NAME, PUB) == cp


# --- never sign a fork ----------------------------------------------------------------------


def test_consistent_extensions_are_accepted() -> None:
    tree = _tree(40)
    check_consistent_extension(None, _cp(0), [])
    check_consistent_extension(_cp(0), _cp(7), [])
    for old, new in [(1, 1), (1, 2), (3, 7), (8, 8), (8, 40), (13, 40)]:
        check_consistent_extension(_cp(old), _cp(new), tree.consistency_proof(old, new))


def test_inconsistent_checkpoints_are_refused() -> None:
    tree, forked = _tree(40), _tree(40, b"fork")
    cases = [
        (None, _cp(3), tree.consistency_proof(1, 3)),  # a proof from nothing
        (_cp(0), _cp(3), tree.consistency_proof(1, 3)),
        (_cp(10), _cp(9), []),  # shrinking
        (_cp(10), _cp(10, b"fork"), []),  # same size, other root
        (_cp(10), _cp(20, b"fork"), forked.consistency_proof(10, 20)),  # a fork
        (_cp(10), _cp(20), tree.consistency_proof(11, 20)),  # proof for other sizes
        (_cp(10), _cp(20), []),
        (
            _cp(10),
            Checkpoint("elsewhere.example/log", 20, tree.root(20)),
            tree.consistency_proof(10, 20),
        ),
    ]
    for previous, new, proof in cases:
        with pytest.raises(InconsistentCheckpointError):
            check_consistent_extension(previous, new, proof)


def test_the_signer_never_signs_two_inconsistent_checkpoints() -> None:
    tree, forked = MemoryTree(), _tree(30, b"fork")
    signer = CheckpointSigner(NAME, KEY)
    signed: list[Checkpoint] = []
    for n in [0, 1, 2, 5, 5, 16, 17, 30]:
        while tree.size < n:
            tree.append(leaf_hash(tree.size.to_bytes(4, "big")))
        cp = Checkpoint(NAME, n, tree.root())
        last = signer.last
        proof = tree.consistency_proof(last.size, n) if last and last.size else []
        note = signer.sign(cp, proof)
        assert verify_checkpoint(note, NAME, PUB) == cp == signer.last
        signed.append(cp)
        if n == 0:
            continue  # every tree extends the empty one
        evil = Checkpoint(NAME, 30, forked.root())
        with pytest.raises(InconsistentCheckpointError):
            signer.sign(evil, forked.consistency_proof(n, 30))
        assert signer.last == cp
    # Restarted from its last signed checkpoint, it keeps refusing the fork.
    again = CheckpointSigner(NAME, KEY, last=signed[-1])
    with pytest.raises(InconsistentCheckpointError):
        again.sign(Checkpoint(NAME, 30, forked.root()), [])


def test_checkpoints_are_due_on_open_close_result_and_interval() -> None:
    for kind in (EntryKind.OPENED, EntryKind.CLOSED, EntryKind.RESULT):
        assert checkpoint_due(kind, now=10, last_issued_at=10, interval=60)
    assert checkpoint_due(EntryKind.BALLOT, now=0, last_issued_at=None, interval=60)
    assert not checkpoint_due(EntryKind.BALLOT, now=69, last_issued_at=10, interval=60)
    assert checkpoint_due(EntryKind.BALLOT, now=70, last_issued_at=10, interval=60)
    with pytest.raises(CheckpointError):
        checkpoint_due(EntryKind.BALLOT, now=70, last_issued_at=10, interval=0)
