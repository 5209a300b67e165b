"""The bulletin board: entry encoding, chain, RFC 9162 Merkle tree, signed checkpoints (board.md).

The MessagePack of board §3 is decoded by hand here, because the specification allows exactly
one form per value: a general decoder would accept the others and then need the same checks.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from oylama_audit._errors import EncodingError, ProofError, RecordError

KINDS = (
    "manifest",
    "trustee-key",
    "trustee-commitment",
    "credentials",
    "opened",
    "ballot",
    "ballot-superseded",
    "ballot-spoiled",
    "closed",
    "tally",
    "partial-decryption",
    "result",
    "allocation",
    "staff",
    # the participation log's kinds (cycle §3-§6): refused on an election's own log (R7)
    "phase",
    "proposal",
    "proposal-support",
    "proposal-moderation",
    "proposal-review",
    "project-status",
    "progress-note",
    "assembly",
    "assembly-decision",
    "proposal-accepted",
    # paper ballots (record §2 items 7b-7c), on the election's own log
    "paper-keyer",
    "paper-ballot",
)
#: The kinds of an election's own log (record §2); the others belong to its participation log.
ELECTION_KINDS = (*KINDS[:14], "paper-keyer", "paper-ballot")
GENESIS = bytes(32)
EMPTY_ROOT = hashlib.sha256(b"").digest()
MAX_INT = 2**63 - 1
MAX_PAYLOAD = 16_777_216


# -- entries (board §3) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    version: int
    election_id: str
    index: int
    kind: str
    prev_hash: bytes
    timestamp: int
    payload: bytes


def _uint(v: int) -> bytes:
    if v <= 0x7F:
        return bytes([v])
    if v <= 0xFF:
        return b"\xcc" + v.to_bytes(1, "big")
    if v <= 0xFFFF:
        return b"\xcd" + v.to_bytes(2, "big")
    if v <= 0xFFFFFFFF:
        return b"\xce" + v.to_bytes(4, "big")
    return b"\xcf" + v.to_bytes(8, "big")


def _str(s: str) -> bytes:
    data = s.encode("utf-8")
    if len(data) <= 31:
        return bytes([0xA0 | len(data)]) + data
    if len(data) <= 0xFF:
        return b"\xd9" + bytes([len(data)]) + data
    return b"\xda" + len(data).to_bytes(2, "big") + data


def _bin(data: bytes) -> bytes:
    if len(data) <= 0xFF:
        return b"\xc4" + bytes([len(data)]) + data
    if len(data) <= 0xFFFF:
        return b"\xc5" + len(data).to_bytes(2, "big") + data
    return b"\xc6" + len(data).to_bytes(4, "big") + data


def encode_entry(e: Entry) -> bytes:
    """The one valid encoding of board §3."""
    return b"".join(
        [
            b"\x97",
            _uint(e.version),
            _str(e.election_id),
            _uint(e.index),
            _str(e.kind),
            _bin(e.prev_hash),
            _uint(e.timestamp),
            _bin(e.payload),
        ]
    )


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise EncodingError("entry: truncated")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def uint(self, what: str) -> int:
        tag = self.take(1)[0]
        if tag <= 0x7F:
            return tag
        sizes = {0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8}
        if tag not in sizes:
            raise EncodingError(f"entry: {what} is not a non-negative integer")
        return int.from_bytes(self.take(sizes[tag]), "big")

    def string(self, what: str) -> str:
        tag = self.take(1)[0]
        if 0xA0 <= tag <= 0xBF:
            n = tag & 0x1F
        elif tag == 0xD9:
            n = self.take(1)[0]
        elif tag == 0xDA:
            n = int.from_bytes(self.take(2), "big")
        elif tag == 0xDB:
            n = int.from_bytes(self.take(4), "big")
        else:
            raise EncodingError(f"entry: {what} is not a string")
        try:
            return self.take(n).decode("utf-8")
        except UnicodeDecodeError:
            raise EncodingError(f"entry: {what} is not UTF-8") from None

    def binary(self, what: str) -> bytes:
        tag = self.take(1)[0]
        sizes = {0xC4: 1, 0xC5: 2, 0xC6: 4}
        if tag not in sizes:
            raise EncodingError(f"entry: {what} is not binary")
        return self.take(int.from_bytes(self.take(sizes[tag]), "big"))


_ELECTION_ID = re.compile(r"[\x21-\x7e]{1,128}")


def decode_entry(data: bytes) -> Entry:
    """board §3: decode, check the field rules, and require the one valid encoding."""
    r = _Reader(data)
    if r.take(1) != b"\x97":
        raise EncodingError("entry: not an array of 7 elements")
    entry = Entry(
        version=r.uint("version"),
        election_id=r.string("election_id"),
        index=r.uint("index"),
        kind=r.string("kind"),
        prev_hash=r.binary("prev_hash"),
        timestamp=r.uint("timestamp"),
        payload=r.binary("payload"),
    )
    if r.pos != len(data):
        raise EncodingError("entry: bytes after the array")
    if entry.version != 1:
        raise EncodingError(f"entry: version {entry.version}, expected 1")
    if not _ELECTION_ID.fullmatch(entry.election_id):
        raise EncodingError("entry: election_id is not 1-128 printable ASCII characters")
    if entry.index > MAX_INT or entry.timestamp > MAX_INT:
        raise EncodingError("entry: integer above 2^63 - 1")
    if entry.kind not in KINDS:
        raise EncodingError(f"entry: unknown kind {entry.kind!r}")
    if len(entry.prev_hash) != 32:
        raise EncodingError("entry: prev_hash is not 32 bytes")
    if len(entry.payload) > MAX_PAYLOAD:
        raise EncodingError("entry: payload too large")
    if encode_entry(entry) != data:
        raise EncodingError("entry: not the shortest (canonical) MessagePack encoding")
    return entry


# -- hashes and the Merkle tree (board §2, §5) ---------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def tree_hash(leaves: Sequence[bytes]) -> bytes:
    """``MTH`` of RFC 9162 §2.1.1 over already computed leaf hashes."""
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaves[0]
    k = _split(n)
    return node_hash(tree_hash(leaves[:k]), tree_hash(leaves[k:]))


class IncrementalRoot:
    """Roots of every prefix of a growing log in O(log n) each.

    The tree of ``n`` leaves is the right fold of the perfect subtrees given by the binary
    digits of ``n``, largest (leftmost) first: exactly :func:`tree_hash`'s recursion unrolled.
    """

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # (height, hash), leftmost first

    def append(self, leaf: bytes) -> None:
        height, node = 0, leaf
        while self._stack and self._stack[-1][0] == height:
            _, left = self._stack.pop()
            node = node_hash(left, node)
            height += 1
        self._stack.append((height, node))
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        acc = self._stack[-1][1]
        for _, h in reversed(self._stack[:-1]):
            acc = node_hash(h, acc)
        return acc


def inclusion_path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """``PATH(m, D[n])`` of RFC 9162 §2.1.3.1, innermost sibling first."""
    n = len(leaves)
    if n <= 1:
        return []
    k = _split(n)
    if index < k:
        return [*inclusion_path(index, leaves[:k]), tree_hash(leaves[k:])]
    return [*inclusion_path(index - k, leaves[k:]), tree_hash(leaves[:k])]


def _path_length(index: int, size: int) -> int:
    length = 0
    while size > 1:
        k = _split(size)
        if index < k:
            size = k
        else:
            index, size = index - k, size - k
        length += 1
    return length


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """board §5.2."""
    if len(leaf) != 32 or len(root) != 32 or any(len(p) != 32 for p in proof):
        raise ProofError("inclusion: hashes must be 32 bytes")
    if not 0 <= index < size <= MAX_INT:
        raise ProofError("inclusion: index out of range")
    if len(proof) != _path_length(index, size):
        raise ProofError("inclusion: wrong proof length")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion: proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0 or r != root:
        raise ProofError("inclusion: root mismatch")


def _consistency_length(m: int, n: int) -> int:
    """Length of ``PROOF(m, D[n])`` (RFC 9162 §2.1.4.1) without the hashes."""

    def sub(m: int, n: int, complete: bool) -> int:
        if m == n:
            return 0 if complete else 1
        k = _split(n)
        if m <= k:
            return sub(m, k, complete) + 1
        return sub(m - k, n - k, False) + 1

    return 0 if m == n else sub(m, n, True)


def verify_consistency(
    m: int, n: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """board §5.3."""
    if len(old_root) != 32 or len(new_root) != 32 or any(len(p) != 32 for p in proof):
        raise ProofError("consistency: hashes must be 32 bytes")
    if not 1 <= m <= n <= MAX_INT:
        raise ProofError("consistency: sizes out of range")
    if len(proof) != _consistency_length(m, n):
        raise ProofError("consistency: wrong proof length")
    if m == n:
        if old_root != new_root:
            raise ProofError("consistency: equal sizes with different roots")
        return
    path = list(proof)
    if m & (m - 1) == 0:
        path.insert(0, old_root)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency: proof too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0 or fr != old_root or sr != new_root:
        raise ProofError("consistency: roots do not match")


# -- checkpoints as signed notes (board §6) ------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_id: bytes
    public_key: bytes


def _name_ok(name: str) -> bool:
    return (
        bool(name)
        and "+" not in name
        and "\ufeff" not in name
        and not any(ch.isspace() for ch in name)
        and not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in name)
    )


def b64decode_canonical(text: str, what: str) -> bytes:
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise EncodingError(f"{what}: not base64") from None
    if base64.b64encode(data).decode("ascii") != text:
        raise EncodingError(f"{what}: not canonical base64")
    return data


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n\x01" + public_key).digest()[:4]


def parse_verifier_key(text: str) -> VerifierKey:
    """``<name>+<8 hex key id>+<base64(0x01 || key)>`` (board §6.2)."""
    parts = text.split("+", 2)  # the base64 part may itself contain "+"
    if len(parts) != 3 or not _name_ok(parts[0]):
        raise EncodingError("board key: not <name>+<id>+<key>")
    name, hex_id, b64 = parts
    if not re.fullmatch(r"[0-9a-f]{8}", hex_id):
        raise EncodingError("board key: key id is not 8 lowercase hex digits")
    raw = b64decode_canonical(b64, "board key")
    if len(raw) != 33 or raw[0] != 1:
        raise EncodingError("board key: not an Ed25519 key (0x01 || 32 bytes)")
    public = raw[1:]
    if key_id(name, public).hex() != hex_id:
        raise EncodingError("board key: key id does not match the key")
    return VerifierKey(name, bytes.fromhex(hex_id), public)


_SIZE = re.compile(r"0|[1-9][0-9]*")


def parse_checkpoint(text: str) -> Checkpoint:
    """board §6.1: exactly three lines, no extensions."""
    if not text.endswith("\n"):
        raise EncodingError("checkpoint: text does not end in a newline")
    lines = text[:-1].split("\n")
    if len(lines) != 3:
        raise EncodingError("checkpoint: not exactly three lines")
    origin, size_text, root_text = lines
    if not _name_ok(origin):
        raise EncodingError("checkpoint: bad origin")
    if not _SIZE.fullmatch(size_text) or int(size_text) > MAX_INT:
        raise EncodingError("checkpoint: bad size")
    root = b64decode_canonical(root_text, "checkpoint root")
    if len(root) != 32:
        raise EncodingError("checkpoint: root is not 32 bytes")
    size = int(size_text)
    if size == 0 and root != EMPTY_ROOT:
        raise EncodingError("checkpoint: size 0 with a root other than the empty tree's")
    return Checkpoint(origin, size, root)


def verify_note(note: str, key: VerifierKey) -> Checkpoint:
    """board §6.2: the signed note verifies under ``key`` and holds a checkpoint."""
    if not note.endswith("\n") or any(ord(ch) < 0x20 and ch != "\n" for ch in note):
        raise EncodingError("note: control characters or no final newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise EncodingError("note: no signature block")
    text = note[: cut + 1]
    lines = note[cut + 2 : -1].split("\n")
    if not 1 <= len(lines) <= 100:
        raise EncodingError("note: 1-100 signature lines required")
    matching: list[bytes] = []
    for line in lines:
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014" or not _name_ok(parts[1]):
            raise EncodingError("note: malformed signature line")
        blob = b64decode_canonical(parts[2], "note signature")
        if len(blob) < 5:
            raise EncodingError("note: signature too short")
        if parts[1] == key.name and blob[:4] == key.key_id:
            matching.append(blob[4:])
    if len(matching) != 1:
        raise ProofError(f"note: {len(matching)} signatures by the board key, expected 1")
    signature = matching[0]
    if len(signature) != 64:
        raise ProofError("note: signature is not 64 bytes")
    try:
        VerifyKey(key.public_key).verify(text.encode("utf-8"), signature)
    except (BadSignatureError, ValueError):
        raise ProofError("note: signature does not verify") from None
    return parse_checkpoint(text)


# -- the chain (board §4) ------------------------------------------------------------------------


def check_link(entries: Sequence[Entry], hashes: Sequence[bytes], j: int) -> None:
    """Rules 1, 2 and 4 of board §4 at position ``j`` (rule 3 is the caller's)."""
    e = entries[j]
    if e.index != j:
        raise RecordError(f"entry {j}: index field is {e.index}")
    expected = GENESIS if j == 0 else hashes[j - 1]
    if e.prev_hash != expected:
        raise RecordError(f"entry {j}: prev_hash is not the hash of entry {j - 1}")
    if j > 0 and e.timestamp < entries[j - 1].timestamp:
        raise RecordError(f"entry {j}: timestamp goes back in time")
