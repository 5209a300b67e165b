"""An independent auditor written from docs/spec/board.md alone, checked against oylama.board.

It shares no code with the implementation: its own MessagePack subset encoder and decoder
(spec section 3), chain rule (4), tree hash (5.1) and checkpoint/note parsing (6). If the two
ever disagree on whether a log or a checkpoint is valid, the spec or the code is wrong.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from oylama.board import (
    BoardError,
    Checkpoint,
    EntryKind,
    decode_entry,
    encode_entry,
    sign_checkpoint,
    verify_checkpoint,
    verify_log,
)

KINDS = {
    "manifest", "trustee-key", "trustee-commitment", "credentials", "opened", "ballot",
    "ballot-superseded", "ballot-spoiled", "closed", "tally", "partial-decryption", "result",
    "allocation", "staff", "paper-keyer", "paper-ballot",
    # the participation log's kinds (board §1's second table; cycle.md)
    "phase", "proposal", "proposal-support", "proposal-moderation", "proposal-review",
    "project-status", "progress-note", "assembly", "assembly-decision", "proposal-accepted",
}  # fmt: skip
MAX63 = 2**63 - 1


class RejectError(Exception):
    """The independent auditor refuses the input."""


# --- section 3: the entry encoding ------------------------------------------------------------


def enc_uint(v: int) -> bytes:
    if v <= 0x7F:
        return bytes([v])
    for tag, fmt, limit in ((0xCC, ">B", 0xFF), (0xCD, ">H", 0xFFFF), (0xCE, ">I", 0xFFFFFFFF)):
        if v <= limit:
            return bytes([tag]) + struct.pack(fmt, v)
    return b"\xcf" + struct.pack(">Q", v)


def enc_str(s: str) -> bytes:
    b = s.encode()
    return (bytes([0xA0 | len(b)]) if len(b) <= 31 else bytes([0xD9, len(b)])) + b


def enc_bin(b: bytes) -> bytes:
    if len(b) <= 0xFF:
        return bytes([0xC4, len(b)]) + b
    if len(b) <= 0xFFFF:
        return b"\xc5" + struct.pack(">H", len(b)) + b
    return b"\xc6" + struct.pack(">I", len(b)) + b


def encode(eid: str, index: int, kind: str, *, prev: bytes, ts: int, payload: bytes) -> bytes:
    return (
        b"\x97\x01" + enc_str(eid) + enc_uint(index) + enc_str(kind) + enc_bin(prev)
        + enc_uint(ts) + enc_bin(payload)
    )  # fmt: skip


class Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise RejectError("truncated")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def uint(self) -> int:
        tag = self.take(1)[0]
        if tag <= 0x7F:
            return tag
        sizes = {0xCC: (1, 0x7F), 0xCD: (2, 0xFF), 0xCE: (4, 0xFFFF), 0xCF: (8, 0xFFFFFFFF)}
        if tag not in sizes:
            raise RejectError("not an unsigned integer")
        width, below = sizes[tag]
        v = int.from_bytes(self.take(width), "big")
        if v <= below:
            raise RejectError("integer not in its shortest form")
        return v

    def str(self) -> str:
        tag = self.take(1)[0]
        if 0xA0 <= tag <= 0xBF:
            n = tag & 0x1F
        elif tag == 0xD9:
            n = self.take(1)[0]
            if n <= 31:
                raise RejectError("string not in its shortest form")
        else:
            raise RejectError("not a short string")
        try:
            return self.take(n).decode("utf-8")
        except UnicodeDecodeError:
            raise RejectError("bad utf-8") from None

    def bin(self) -> bytes:
        tag = self.take(1)[0]
        widths = {0xC4: (1, -1), 0xC5: (2, 0xFF), 0xC6: (4, 0xFFFF)}
        if tag not in widths:
            raise RejectError("not binary")
        width, below = widths[tag]
        n = int.from_bytes(self.take(width), "big")
        if n <= below:
            raise RejectError("binary not in its shortest form")
        return self.take(n)


def decode(data: bytes) -> tuple[str, int, str, bytes, int, bytes]:
    r = Reader(data)
    if r.take(1) != b"\x97" or r.uint() != 1:
        raise RejectError("not a version-1 entry")
    eid, index, kind, prev, ts, payload = r.str(), r.uint(), r.str(), r.bin(), r.uint(), r.bin()
    if r.pos != len(data):
        raise RejectError("trailing bytes")
    if not (1 <= len(eid) <= 128 and all(0x21 <= ord(c) <= 0x7E for c in eid)):
        raise RejectError("bad election id")
    if kind not in KINDS or len(prev) != 32 or len(payload) > 16 * 2**20:
        raise RejectError("bad kind, prev hash or payload")
    if index > MAX63 or ts > MAX63:
        raise RejectError("out of range")
    return eid, index, kind, prev, ts, payload


# --- sections 4, 5.1 and 7: the chain and the tree ------------------------------------------


def sha(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def mth(leaves: list[bytes]) -> bytes:
    if not leaves:
        return sha(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while 2 * k < len(leaves):
        k *= 2
    return sha(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))


def audit(raw: list[bytes], size: int, root: bytes) -> None:
    entries = [decode(b) for b in raw]
    hashes = [sha(b"\x00" + b) for b in raw]
    if len(entries) != size:
        raise RejectError("size")
    for j, (eid, index, _kind, prev, ts, _payload) in enumerate(entries):
        if index != j or prev != (hashes[j - 1] if j else bytes(32)):
            raise RejectError("chain")
        if eid != entries[0][0] or (j and ts < entries[j - 1][4]):
            raise RejectError("election or time")
    if mth(hashes) != root:
        raise RejectError("root")


# --- section 6: checkpoints -----------------------------------------------------------------


def audit_checkpoint(note: str, name: str, pub: bytes) -> tuple[str, int, bytes]:
    if any(ord(c) < 0x20 and c != "\n" for c in note) or not note.endswith("\n"):
        raise RejectError("control character or no final newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise RejectError("no blank line")
    text, lines = note[: cut + 1], note[cut + 2 : -1].split("\n")
    kid = sha(name.encode() + b"\n\x01" + pub)[:4]
    found = []
    for line in lines:
        m = re.fullmatch(r"\u2014 ([^\s+]+) ([A-Za-z0-9+/]+={0,2})", line)
        if not m:
            raise RejectError("signature line")
        sig = base64.b64decode(m.group(2))
        if base64.b64encode(sig).decode() != m.group(2) or len(sig) < 5:
            raise RejectError("signature base64")
        if m.group(1) == name and sig[:4] == kid:
            found.append(sig[4:])
    if len(found) != 1 or len(found[0]) != 64:
        raise RejectError("not exactly one signature by the key")
    try:
        VerifyKey(pub).verify(text.encode(), found[0])
    except BadSignatureError:
        raise RejectError("bad signature") from None
    m = re.fullmatch(r"([^\s+]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/]{43}=)\n", text, re.ASCII)
    if not m or int(m.group(2)) > MAX63:
        raise RejectError("checkpoint text")
    root = base64.b64decode(m.group(3))
    if base64.b64encode(root).decode() != m.group(3) or (m.group(2) == "0" and root != sha(b"")):
        raise RejectError("root")
    return m.group(1), int(m.group(2)), root


# --- agreement ------------------------------------------------------------------------------

KEY = SigningKey(bytes(range(7, 39)))
PUB = bytes(KEY.verify_key)
ORIGIN = "audit.example/e1"


def build_log(payloads: list[bytes], kinds: list[str]) -> list[bytes]:
    raw: list[bytes] = []
    prev = bytes(32)
    for i, (p, k) in enumerate(zip(payloads, kinds, strict=True)):
        raw.append(encode("e1", i, k, prev=prev, ts=1000 + i, payload=p))
        prev = sha(b"\x00" + raw[-1])
    return raw


LOGS = st.integers(1, 9).flatmap(
    lambda n: st.tuples(
        st.lists(st.binary(max_size=300), min_size=n, max_size=n),
        st.lists(st.sampled_from(sorted(KINDS)), min_size=n, max_size=n),
    )
)


def _agree(raw: list[bytes], size: int, root: bytes) -> bool:
    try:
        audit(raw, size, root)
        independent = True
    except RejectError:
        independent = False
    try:
        verify_log(raw, size=size, root=root)
        ours = True
    except BoardError:
        ours = False
    assert independent == ours
    return ours


@settings(max_examples=60, deadline=None)
@given(LOGS, st.data())
def test_the_independent_auditor_agrees_with_oylama(
    log: tuple[list[bytes], list[str]], data: st.DataObject
) -> None:
    raw = build_log(*log)
    for b in raw:  # the independent encoder produces oylama's bytes exactly
        assert encode_entry(decode_entry(b)) == b
    size, root = len(raw), mth([sha(b"\x00" + b) for b in raw])
    assert _agree(raw, size, root)
    op = data.draw(st.sampled_from(["bit", "byte", "delete", "duplicate", "swap", "append"]))
    i = data.draw(st.integers(0, len(raw) - 1))
    tampered = list(raw)
    if op in {"bit", "byte"}:
        pos = data.draw(st.integers(0, len(raw[i]) - 1))
        changed = bytearray(raw[i])
        changed[pos] ^= 1 if op == "bit" else data.draw(st.integers(1, 255))
        tampered[i] = bytes(changed)
    elif op == "delete":
        del tampered[i]
    elif op == "duplicate":
        tampered.insert(i, raw[i])
    elif op == "swap" and len(raw) > 1:
        j = (i + 1) % len(raw)
        tampered[i], tampered[j] = tampered[j], tampered[i]
    elif op == "append":
        tampered.append(
            encode("e1", len(raw), "ballot", prev=sha(b"\x00" + raw[-1]), ts=5000, payload=b"x")
        )
    if tampered != raw:
        assert not _agree(tampered, size, root)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**40), st.binary(min_size=32, max_size=32), st.data())
def test_checkpoint_verification_agrees(size: int, root: bytes, data: st.DataObject) -> None:
    cp = Checkpoint(ORIGIN, size, root if size else sha(b""))
    note = sign_checkpoint(cp, ORIGIN, KEY)
    assert audit_checkpoint(note, ORIGIN, PUB) == (cp.origin, cp.size, cp.root_hash)
    assert verify_checkpoint(note, ORIGIN, PUB) == cp
    raw = bytearray(note.encode())
    pos = data.draw(st.integers(0, len(raw) - 1))
    raw[pos] ^= data.draw(st.integers(1, 255))
    try:
        mutated = raw.decode("utf-8")
    except UnicodeDecodeError:
        with pytest.raises(BoardError):
            verify_checkpoint(bytes(raw), ORIGIN, PUB)
        return
    try:
        audit_checkpoint(mutated, ORIGIN, PUB)
        independent = True
    except (RejectError, ValueError):
        independent = False
    try:
        verify_checkpoint(mutated, ORIGIN, PUB)
        ours = True
    except BoardError:
        ours = False
    assert independent == ours


def test_the_kinds_of_the_spec_are_the_kinds_of_the_code() -> None:
    assert {k.value for k in EntryKind} == KINDS
