"""Checkpoints: signed tree heads as C2SP tlog-checkpoint bodies in C2SP signed notes.

The text format is the ecosystem's (https://c2sp.org/tlog-checkpoint, https://c2sp.org/signed-note)
so that off-the-shelf witnesses and monitors can read our logs. Parsing is strict: oylama
accepts exactly the bytes it would produce for the same checkpoint (no extension lines, no
leading zeros, canonical base64), plus signature lines from other keys, which the signed-note
specification requires verifiers to ignore (witness cosignatures).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence

import msgspec
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from oylama.board._entry import EntryKind
from oylama.board._errors import CheckpointError, InconsistentCheckpointError, ProofError
from oylama.board._merkle import EMPTY_ROOT, HASH_SIZE, MAX_SIZE
from oylama.board._verify import verify_consistency

#: Signature type byte of Ed25519 in signed notes (C2SP signed-note, "Signature types").
ED25519_TYPE = b"\x01"

#: The em dash and space that open every signature line.
SIGNATURE_PREFIX = "\u2014 "

#: At most this many signature lines are read (the signed-note spec requires at least 16).
MAX_SIGNATURES = 100

_SIZE_RE = re.compile(r"0|[1-9][0-9]*", re.ASCII)


class Checkpoint(msgspec.Struct, frozen=True):
    """A tree head: the log ``origin``, its ``size`` and the RFC 9162 root at that size."""

    origin: str
    size: int
    root_hash: bytes


def _check_name(what: str, name: object) -> str:
    """Key names and origins: non-empty, no Unicode space, no ``+``, no control character."""
    if not isinstance(name, str) or not name:
        raise CheckpointError(f"{what} must be a non-empty string")
    for ch in name:
        if ch.isspace() or ch == "+" or ord(ch) < 0x20 or ord(ch) == 0x7F or ch == "\ufeff":
            raise CheckpointError(f"{what} {name!r} contains a space, '+' or control character")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise CheckpointError(f"{what} is not valid UTF-8 text") from None
    return name


def _b64decode(what: str, text: str) -> bytes:
    """Strict standard base64 (RFC 4648 §4, padded): the canonical encoding only."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise CheckpointError(f"{what} is not valid base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise CheckpointError(f"{what} is not in canonical base64")
    return raw


def _check_checkpoint(cp: Checkpoint) -> None:
    _check_name("origin", cp.origin)
    if type(cp.size) is not int or not 0 <= cp.size <= MAX_SIZE:
        raise CheckpointError("tree size must be an int in 0..2**63-1")
    if not isinstance(cp.root_hash, bytes) or len(cp.root_hash) != HASH_SIZE:
        raise CheckpointError(f"root hash must be {HASH_SIZE} bytes")
    if cp.size == 0 and cp.root_hash != EMPTY_ROOT:
        raise CheckpointError("the root of the empty tree must be SHA-256 of the empty string")


def format_checkpoint(cp: Checkpoint) -> str:
    """The checkpoint note text: origin, decimal size, base64 root, each ending in a newline."""
    _check_checkpoint(cp)
    root = base64.b64encode(cp.root_hash).decode("ascii")
    return f"{cp.origin}\n{cp.size}\n{root}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint note text; raises :class:`CheckpointError` unless it is canonical."""
    if not isinstance(text, str):
        raise CheckpointError("checkpoint text must be str")
    if not text.endswith("\n"):
        raise CheckpointError("checkpoint text must end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) != 3:
        raise CheckpointError(f"checkpoint text has {len(lines)} lines, expected exactly 3")
    origin, size_text, root_text = lines
    if not _SIZE_RE.fullmatch(size_text):
        raise CheckpointError(f"tree size {size_text!r} is not a decimal without leading zeros")
    if len(size_text) > 19 or int(size_text) > MAX_SIZE:
        raise CheckpointError("tree size is larger than 2**63-1")
    cp = Checkpoint(origin, int(size_text), _b64decode("root hash", root_text))
    _check_checkpoint(cp)
    if format_checkpoint(cp) != text:  # defence in depth: one text per checkpoint
        raise CheckpointError("checkpoint text is not canonical")
    return cp


def key_id(key_name: str, public_key: bytes) -> bytes:
    """SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4] (signed-note)."""
    _check_name("key name", key_name)
    if not isinstance(public_key, bytes) or len(public_key) != 32:
        raise CheckpointError("an Ed25519 public key is 32 bytes")
    return hashlib.sha256(key_name.encode("utf-8") + b"\n" + ED25519_TYPE + public_key).digest()[:4]


def sign_checkpoint(cp: Checkpoint, key_name: str, signing_key: SigningKey) -> str:
    """The signed note: checkpoint text, a blank line, one Ed25519 signature line."""
    text = format_checkpoint(cp)
    kid = key_id(key_name, bytes(signing_key.verify_key))
    signature = signing_key.sign(text.encode("utf-8")).signature
    sig = base64.b64encode(kid + signature).decode("ascii")
    return f"{text}\n{SIGNATURE_PREFIX}{key_name} {sig}\n"


def _split_note(note: str | bytes) -> tuple[str, list[tuple[str, bytes]]]:
    """Split a signed note into its text and (key name, key ID || signature) pairs."""
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError:
            raise CheckpointError("the note is not valid UTF-8") from None
    if not isinstance(note, str):
        raise CheckpointError("the note must be str or bytes")
    try:
        note.encode("utf-8")
    except UnicodeEncodeError:
        raise CheckpointError("the note is not valid UTF-8 text") from None
    if any(ord(ch) < 0x20 and ch != "\n" for ch in note):
        raise CheckpointError("the note contains a control character other than newline")
    if not note.endswith("\n"):
        raise CheckpointError("the note must end with a newline")
    split = note.rfind("\n\n")
    if split < 0:
        raise CheckpointError("the note has no blank line before its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    lines = block[:-1].split("\n") if block else []
    if not lines:
        raise CheckpointError("the note has no signature line")
    if len(lines) > MAX_SIGNATURES:
        raise CheckpointError(f"the note has more than {MAX_SIGNATURES} signatures")
    sigs: list[tuple[str, bytes]] = []
    for line in lines:
        if not line.startswith(SIGNATURE_PREFIX):
            raise CheckpointError("a signature line must start with an em dash and a space")
        parts = line[len(SIGNATURE_PREFIX) :].split(" ")
        if len(parts) != 2:
            raise CheckpointError("a signature line must be '\u2014 <name> <base64>'")
        name = _check_name("key name", parts[0])
        raw = _b64decode("signature", parts[1])
        if len(raw) < 5:
            raise CheckpointError("a signature must hold a 4-byte key ID and a signature")
        sigs.append((name, raw))
    return text, sigs


def verify_checkpoint(
    note: str | bytes,
    key_name: str,
    public_key: VerifyKey | bytes,
    *,
    origin: str | None = None,
) -> Checkpoint:
    """Verify a signed checkpoint note against one trusted Ed25519 key; return the checkpoint.

    Exactly one signature line must carry this key's name and key ID, and it must verify.
    Signatures from other keys are ignored (cosignatures), but must be well formed. If
    ``origin`` is given, the checkpoint's origin must equal it.
    """
    pub = bytes(public_key) if isinstance(public_key, VerifyKey) else public_key
    kid = key_id(key_name, pub)
    text, sigs = _split_note(note)
    cp = parse_checkpoint(text)
    mine = [raw[4:] for name, raw in sigs if name == key_name and raw[:4] == kid]
    if not mine:
        raise CheckpointError(f"no signature by key {key_name!r}")
    if len(mine) > 1:
        raise CheckpointError(f"more than one signature by key {key_name!r}")
    if len(mine[0]) != 64:
        raise CheckpointError("an Ed25519 signature is 64 bytes")
    try:
        VerifyKey(pub).verify(text.encode("utf-8"), mine[0])
    except BadSignatureError:
        raise CheckpointError(f"bad signature by key {key_name!r}") from None
    if origin is not None and cp.origin != origin:
        raise CheckpointError(f"checkpoint origin {cp.origin!r} is not {origin!r}")
    return cp


def check_consistent_extension(
    previous: Checkpoint | None, new: Checkpoint, proof: Sequence[bytes]
) -> None:
    """Refuse to sign ``new`` unless it extends ``previous`` (the last signed checkpoint).

    Raises :class:`InconsistentCheckpointError` for another origin, a smaller size, another
    root at the same size, or a consistency proof that does not verify. ``previous`` ``None``
    (nothing signed yet) and a previous empty tree accept any new checkpoint with an empty
    proof.
    """
    _check_checkpoint(new)
    if previous is None:
        if len(proof):
            raise InconsistentCheckpointError("no previous checkpoint: the proof must be empty")
        return
    _check_checkpoint(previous)
    if previous.origin != new.origin:
        raise InconsistentCheckpointError(f"origin {new.origin!r} is not {previous.origin!r}")
    if new.size < previous.size:
        raise InconsistentCheckpointError(f"size {new.size} is below signed size {previous.size}")
    if previous.size == 0:
        if len(proof):
            raise InconsistentCheckpointError("from the empty tree the proof must be empty")
        return
    try:
        verify_consistency(previous.size, new.size, previous.root_hash, new.root_hash, proof)
    except ProofError as exc:
        raise InconsistentCheckpointError(f"not consistent with the last signed: {exc}") from None


class CheckpointSigner:
    """Signs checkpoints of one log, never two inconsistent ones.

    It remembers the last checkpoint it signed (restore it with ``last`` after a restart) and
    signs a new one only with a consistency proof from it. Pure: keys and proofs come in.
    """

    def __init__(
        self, key_name: str, signing_key: SigningKey, *, last: Checkpoint | None = None
    ) -> None:
        self.key_name = _check_name("key name", key_name)
        self._key = signing_key
        self.last = last

    def sign(self, cp: Checkpoint, proof: Sequence[bytes]) -> str:
        """Check ``cp`` against the last signed checkpoint, sign it and remember it."""
        check_consistent_extension(self.last, cp, proof)
        note = sign_checkpoint(cp, self.key_name, self._key)
        self.last = cp
        return note


def checkpoint_due(kind: EntryKind, *, now: int, last_issued_at: int | None, interval: int) -> bool:
    """Whether a checkpoint must be issued after appending an entry of ``kind`` at ``now``.

    Always after the election is opened or closed and after the result; otherwise when
    ``interval`` (same unit as ``now``) has passed since the last checkpoint, or if none was
    issued yet.
    """
    if interval <= 0:
        raise CheckpointError("the checkpoint interval must be positive")
    if kind in (EntryKind.OPENED, EntryKind.CLOSED, EntryKind.RESULT):
        return True
    return last_issued_at is None or now - last_issued_at >= interval
