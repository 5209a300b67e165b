"""The participation record file (docs/spec/cycle.md §1), read once for every cycle check.

The proposals (§4), tracking (§5), phase (§3) and assembly (§6) checks all stand on the same
log: this module checks what record §3 lists for a record file -- the canonical text, the
chain, every checkpoint under the board key with the log's origin, the last one of the whole
log -- so that no check repeats it and none can check it differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from oylama_audit._board import (
    EMPTY_ROOT,
    VerifierKey,
    check_link,
    decode_entry,
    leaf_hash,
    parse_verifier_key,
    tree_hash,
    verify_note,
)
from oylama_audit._errors import AuditError, RecordError
from oylama_audit._wire import Wire, decode_canonical

#: cycle §1: the participation record's format, and the suffix of its log id and origin.
CYCLE_FORMAT = "oylama-cycle/v1"
CYCLE_SUFFIX = "/cycle"


class CycleRecordFile(Wire):
    format: str
    election_id: str
    board_key: str
    entries: list[bytes]
    checkpoints: list[str]


@dataclass(frozen=True)
class CycleEntry:
    """An entry of a verified participation log: position, kind, time (ms) and payload."""

    index: int
    kind: str
    timestamp: int
    payload: bytes


@dataclass(frozen=True)
class CycleLog:
    """A participation record whose chain and checkpoints verified."""

    election_id: str
    """The election's id ``E`` (the log id without ``/cycle``)."""
    key: VerifierKey
    entries: list[CycleEntry]
    checkpoints: int


def read_cycle_log(
    data: bytes, *, board_public_key: bytes | None = None, election_id: str | None = None
) -> CycleLog:
    """Check a participation record file (cycle §1, record §3); raise :class:`AuditError` at
    the first fault. ``board_public_key``: the election's board key as pinned (else the
    record's own key is trusted, which proves only that the file is self-consistent);
    ``election_id``: the election the log must belong to, when known."""
    if not data.endswith(b"\n"):
        raise AuditError("participation record: no final line feed")
    record = decode_canonical(data[:-1], CycleRecordFile, "participation record")
    if record.format != CYCLE_FORMAT:
        raise AuditError(f"participation record: format {record.format!r}")
    if not record.election_id.endswith(CYCLE_SUFFIX) or record.election_id == CYCLE_SUFFIX:
        raise AuditError("participation record: the log id is not E/cycle")
    if election_id is not None and record.election_id != election_id + CYCLE_SUFFIX:
        raise AuditError(
            f"participation record: log {record.election_id!r} is not election {election_id!r}'s"
        )
    key = parse_verifier_key(record.board_key)
    if not key.name.endswith(CYCLE_SUFFIX):
        raise AuditError(f"participation record: the key name {key.name!r} is no log's /cycle")
    if board_public_key is not None and key.public_key != board_public_key:
        raise AuditError("participation record: not signed by the pinned board key")
    entries = [decode_entry(raw) for raw in record.entries]
    hashes = [leaf_hash(raw) for raw in record.entries]
    for j, e in enumerate(entries):
        if e.election_id != record.election_id:
            raise RecordError(f"entry {j}: log id {e.election_id!r}")
        check_link(entries, hashes, j)
    if not record.checkpoints:
        raise RecordError("participation record: no checkpoint")
    size = -1
    for note in record.checkpoints:
        cp = verify_note(note, key)
        if cp.origin != key.name:
            raise RecordError("checkpoint: origin is not the board key's name")
        if cp.size <= size or cp.size > len(hashes):
            raise RecordError(f"checkpoint of size {cp.size}: out of order or past the log")
        root = tree_hash(hashes[: cp.size]) if cp.size else EMPTY_ROOT
        if cp.root != root:
            raise RecordError(f"checkpoint of size {cp.size}: root differs")
        size = cp.size
    if size != len(entries):
        raise RecordError("participation record: the last checkpoint is not of the whole log")
    return CycleLog(
        record.election_id[: -len(CYCLE_SUFFIX)],
        key,
        [CycleEntry(e.index, e.kind, e.timestamp, e.payload) for e in entries],
        len(record.checkpoints),
    )
