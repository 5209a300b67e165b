"""Checkpoints: signed tree heads as C2SP tlog-checkpoint bodies in C2SP signed notes.

The text format is the ecosystem's (https://c2sp.org/tlog-checkpoint, https://c2sp.org/signed-note)
so that off-the-shelf witnesses and monitors can read our logs. Parsing is strict: oylama
accepts exactly the bytes it would produce for the same checkpoint (no extension lines, no
leading zeros, canonical base64), plus signature lines from other keys, which the signed-note
specification requires verifiers to ignore (witness cosignatures).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence

import msgspec
from nacl.signing import SigningKey, VerifyKey

from oylama.board._entry import EntryKind
from oylama.board._errors import CheckpointError, InconsistentCheckpointError, ProofError
from oylama.board._merkle import EMPTY_ROOT, HASH_SIZE, MAX_SIZE
from oylama.board._note import b64decode_strict, check_name, sign_note, verify_note
from oylama.board._verify import verify_consistency

_SIZE_RE = re.compile(r"0|[1-9][0-9]*", re.ASCII)


class Checkpoint(msgspec.Struct, frozen=True):
    """A tree head: the log ``origin``, its ``size`` and the RFC 9162 root at that size."""

    origin: str
    size: int
    root_hash: bytes


def _check_checkpoint(cp: Checkpoint) -> None:
    check_name("origin", cp.origin)
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
    cp = Checkpoint(origin, int(size_text), b64decode_strict("root hash", root_text))
    _check_checkpoint(cp)
    if format_checkpoint(cp) != text:  # defence in depth: one text per checkpoint
        raise CheckpointError("checkpoint text is not canonical")
    return cp


def sign_checkpoint(cp: Checkpoint, key_name: str, signing_key: SigningKey) -> str:
    """The signed note: the checkpoint text, a blank line, one Ed25519 signature line."""
    return sign_note(format_checkpoint(cp), key_name, signing_key)


def verify_checkpoint(
    note: str | bytes,
    key_name: str,
    public_key: VerifyKey | bytes,
    *,
    origin: str | None = None,
) -> Checkpoint:
    """Verify a signed checkpoint against one trusted Ed25519 key and return the checkpoint.

    The note must carry exactly one valid signature by this key (others' signatures are
    ignored but must be well formed) and its text must be a canonical checkpoint. If
    ``origin`` is given, the checkpoint's origin must equal it.
    """
    cp = parse_checkpoint(verify_note(note, key_name, public_key))
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
        self.key_name = check_name("key name", key_name)
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
