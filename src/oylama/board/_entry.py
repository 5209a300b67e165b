"""Log entries: one canonical byte string per election event, hash-chained.

An entry is encoded as a MessagePack array (``msgspec.msgpack``, every value in its shortest
form). Decoding re-encodes and compares the bytes, so each entry has exactly one accepted
encoding and a change to any byte is either rejected or changes the entry's hash. The entry hash
*is* its RFC 9162 leaf hash, SHA-256(0x00 || bytes): the chain and the Merkle tree commit to the
same value, and an auditor computes one hash per entry.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Sequence
from typing import Annotated

import msgspec

from oylama.board._errors import BoardError, ChainError, EntryError
from oylama.board._merkle import HASH_SIZE, MAX_SIZE, MemoryTree, leaf_hash

#: Version of the entry encoding, first element of every encoded entry.
ENTRY_VERSION = 1

#: ``prev_hash`` of the first entry (index 0) of every log.
GENESIS_PREV = bytes(HASH_SIZE)

#: Largest payload accepted (16 MiB): bounds memory when decoding untrusted input.
MAX_PAYLOAD = 16 * 1024 * 1024


class EntryKind(enum.Enum):
    """What an entry records. The value is what is encoded; never change an existing one."""

    MANIFEST = "manifest"
    TRUSTEE_KEY = "trustee-key"
    TRUSTEE_COMMITMENT = "trustee-commitment"
    CREDENTIALS = "credentials"
    OPENED = "opened"
    BALLOT = "ballot"
    BALLOT_SUPERSEDED = "ballot-superseded"
    BALLOT_SPOILED = "ballot-spoiled"
    CLOSED = "closed"
    TALLY = "tally"
    PARTIAL_DECRYPTION = "partial-decryption"
    RESULT = "result"
    ALLOCATION = "allocation"
    STAFF = "staff"
    # The participation log's kinds (docs/spec/cycle.md): never on an election's own log.
    PHASE = "phase"
    PROPOSAL = "proposal"
    PROPOSAL_SUPPORT = "proposal-support"
    PROPOSAL_MODERATION = "proposal-moderation"
    PROPOSAL_REVIEW = "proposal-review"
    PROJECT_STATUS = "project-status"
    PROGRESS_NOTE = "progress-note"
    ASSEMBLY = "assembly"
    ASSEMBLY_DECISION = "assembly-decision"
    PROPOSAL_ACCEPTED = "proposal-accepted"
    # Paper ballots keyed at a polling station (record.md §2 items 7b-7c): the election's log.
    PAPER_KEYER = "paper-keyer"
    PAPER_BALLOT = "paper-ballot"


ElectionId = Annotated[str, msgspec.Meta(min_length=1, max_length=128, pattern=r"^[!-~]+$")]
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_SIZE)]
Hash = Annotated[bytes, msgspec.Meta(min_length=HASH_SIZE, max_length=HASH_SIZE)]
Payload = Annotated[bytes, msgspec.Meta(max_length=MAX_PAYLOAD)]


class Entry(msgspec.Struct, frozen=True, array_like=True):
    """One event of one election's log.

    ``payload`` holds the canonical bytes of the event's own record (a ballot, a manifest...):
    the modules that own those records define them; the log commits to the bytes.
    ``timestamp`` is injected by the caller (milliseconds since the Unix epoch, UTC).
    """

    version: Annotated[int, msgspec.Meta(ge=ENTRY_VERSION, le=ENTRY_VERSION)]
    election_id: ElectionId
    index: Count
    kind: EntryKind
    prev_hash: Hash
    timestamp: Count
    payload: Payload


def make_entry(
    election_id: str,
    index: int,
    kind: EntryKind,
    *,
    prev_hash: bytes,
    timestamp: int,
    payload: bytes,
) -> Entry:
    """Build a validated entry (current :data:`ENTRY_VERSION`)."""
    entry = Entry(ENTRY_VERSION, election_id, index, kind, prev_hash, timestamp, payload)
    encode_entry(entry)
    return entry


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(Entry)


def encode_entry(entry: Entry) -> bytes:
    """The canonical bytes of ``entry``; raises :class:`EntryError` if a field is out of range.

    msgspec checks constraints only when decoding, so the bytes are decoded back once: an
    entry that could not be read back is never written.
    """
    try:
        data = _encoder.encode(entry)
    except (TypeError, ValueError, OverflowError) as exc:
        raise EntryError(f"cannot encode entry: {exc}") from None
    decode_entry(data)
    return data


def decode_entry(data: bytes) -> Entry:
    """Decode canonical entry bytes; raises :class:`EntryError` on anything else."""
    if not isinstance(data, bytes):
        raise EntryError("entry data must be bytes")
    try:
        entry = _decoder.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:  # bad UTF-8 is not a DecodeError
        raise EntryError(f"malformed entry: {exc}") from None
    if type(entry.election_id) is not str or _encoder.encode(entry) != data:
        raise EntryError("entry is not in canonical encoding")
    return entry


def entry_hash(entry: Entry) -> bytes:
    """SHA-256(0x00 || canonical bytes): the entry's chain hash and its Merkle leaf hash."""
    return leaf_hash(encode_entry(entry))


def _fail(index: int, message: str) -> ChainError:
    return ChainError(index, message)


def verify_chain(
    entries: Sequence[Entry],
    *,
    election_id: str | None = None,
    size: int | None = None,
    root: bytes | None = None,
) -> MemoryTree:
    """Check that ``entries`` form one valid chain; return the Merkle tree of their hashes.

    ``size`` and ``root`` come from a verified checkpoint: without them the newest entry is
    vouched for by nothing and deleting or changing it cannot be seen. On failure raises
    :class:`ChainError` whose ``index`` is the first entry that cannot be authenticated,
    following the rules of ``docs/spec/board.md`` §7.1 ("Naming the first bad index"): a single
    change, deletion, insertion or reordering is reported at the position where it happened.
    """
    if (size is None) != (root is None):
        raise BoardError("size and root come together, from one verified checkpoint")
    if root is not None and (not isinstance(root, bytes) or len(root) != HASH_SIZE):
        raise BoardError(f"the checkpoint root must be {HASH_SIZE} bytes")
    n = len(entries)
    hashes: list[bytes] = []
    for i, e in enumerate(entries):
        try:
            hashes.append(entry_hash(e))
        except EntryError as exc:
            raise ChainError(i, str(exc)) from None
    tree = MemoryTree(hashes)
    expected_id = election_id if election_id is not None else (entries[0].election_id if n else "")

    @functools.cache
    def head_ok() -> bool:
        """Whether the checkpoint vouches for the newest entry.

        It does when the tree of the *vouched* leaf hashes -- each entry's hash as claimed by
        its successor's ``prev_hash``, and the newest entry's own hash -- has the checkpoint's
        size and root. Using the claimed hashes lets a change to an older entry be blamed on
        that entry rather than on the newest one.
        """
        if root is None:
            return True
        vouched = [e.prev_hash for e in entries[1:]] + hashes[-1:]
        return size == n and MemoryTree(vouched).root() == root

    def link_ok(j: int) -> bool:
        """Whether entry ``j - 1`` is vouched for by entry ``j`` (or by the checkpoint)."""
        if j == n:
            return head_ok()
        return entries[j].prev_hash == (hashes[j - 1] if j else GENESIS_PREV)

    def interloper(j: int) -> int:
        """Of entries ``j - 1`` and ``j``, which both extend entry ``j - 2``, the one not genuine.

        An exact repetition is the later one. Otherwise the genuine one is the one vouched
        for: by the entry after ``j``, or, when ``j`` is the newest entry, by the checkpoint
        root. Failing both, the one whose index field does not fit its position.
        """
        if hashes[j] == hashes[j - 1]:
            return j
        if j + 1 < n:
            if entries[j + 1].prev_hash == hashes[j]:
                return j - 1
            if entries[j + 1].prev_hash == hashes[j - 1]:
                return j
        elif root is not None and size == j:
            if MemoryTree(hashes[:j]).root() == root:
                return j
            if MemoryTree([*hashes[: j - 1], hashes[j]]).root() == root:
                return j - 1
        return j - 1 if entries[j].index == j - 1 else j

    for j, e in enumerate(entries):
        if e.index != j:
            if j and e.prev_hash == entries[j - 1].prev_hash:
                bad = interloper(j)
                raise _fail(bad, f"entries {j - 1} and {j} claim the same predecessor")
            raise _fail(j, f"carries index {e.index} at position {j}")
        if not link_ok(j):
            if j and link_ok(j + 1):
                raise _fail(j - 1, f"its hash is not the prev_hash of entry {j}")
            raise _fail(j, "prev_hash is not the hash of the previous entry")
        if e.election_id != expected_id:
            raise _fail(j, f"belongs to election {e.election_id!r}, not {expected_id!r}")
        if j and e.timestamp < entries[j - 1].timestamp:
            raise _fail(j, "timestamp goes back in time")
    if size is not None:
        if n < size:
            raise _fail(n, f"missing: the checkpoint has {size} entries, the log {n}")
        if n > size:
            raise _fail(size, f"unexpected: the checkpoint has only {size} entries")
    if not head_ok():
        raise _fail(max(n - 1, 0), "the log does not match the checkpoint root")
    return tree


def verify_log(
    data: Sequence[bytes],
    *,
    election_id: str | None = None,
    size: int | None = None,
    root: bytes | None = None,
) -> MemoryTree:
    """Decode encoded entries (naming the first undecodable one), then :func:`verify_chain`."""
    entries: list[Entry] = []
    for i, raw in enumerate(data):
        try:
            entries.append(decode_entry(raw))
        except EntryError as exc:
            raise ChainError(i, str(exc)) from None
    return verify_chain(entries, election_id=election_id, size=size, root=root)
