"""The participation record: an election's participation log as one file, and its verifier.

The file has the shape of the election record (record §3) with its own ``format``, so the
same reading rules hold (canonical text, every entry and every checkpoint, the last one of
the log's size). :func:`verify_cycle_record` is what a resident's or an observer's tool runs
on it: the chain, every checkpoint under the board key (pinned when the caller has it), and
every payload as its kind's canonical Struct (docs/spec/cycle.md §1–§2).
"""

from __future__ import annotations

from typing import Final

import msgspec

from oylama.board import (
    BoardError,
    EntryKind,
    decode_entry,
    parse_verifier_key,
    verify_checkpoint,
    verify_log,
)
from oylama.cycle._assembly import check_assemblies
from oylama.cycle._kinds import CYCLE_KINDS, PAYLOAD_TYPES
from oylama.cycle._log import CYCLE_SUFFIX, decode_cycle_payload
from oylama.cycle._phases import PhasePayload, check_schedule
from oylama.errors import InputError

#: The ``format`` member of every participation record.
CYCLE_FORMAT: Final = "oylama-cycle/v1"


class CycleRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``election_id`` is the participation log's id (``E/cycle``); ``board_key`` the verifier
    key of its checkpoints (the election's board key, named by the log's origin)."""

    format: str
    election_id: str
    board_key: str
    entries: list[bytes]
    checkpoints: list[str]


_ENCODER: Final = msgspec.json.Encoder()


def encode_cycle_record(record: CycleRecord) -> bytes:
    """The file's bytes: canonical JSON and one line feed."""
    return _ENCODER.encode(record) + b"\n"


def _fail(message: str) -> InputError:
    return InputError(f"participation record: {message}")


def verify_cycle_record(data: bytes, *, board_public_key: bytes | None = None) -> CycleRecord:
    """Check a participation record file; raise :class:`InputError` naming the first fault.

    ``board_public_key``: the election's board key as pinned by the caller (its Ed25519 public
    key); without it the key in the file is used, which proves only that the file is
    self-consistent.
    """
    if not isinstance(data, bytes) or not data.endswith(b"\n"):
        raise _fail("must be bytes ending in one line feed")
    try:
        record = msgspec.json.decode(data[:-1], type=CycleRecord)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise _fail(str(exc)) from None
    if encode_cycle_record(record) != data:
        raise _fail("not in canonical form (re-encoding differs)")
    if record.format != CYCLE_FORMAT:
        raise _fail(f"format must be {CYCLE_FORMAT!r}")
    if not record.election_id.endswith(CYCLE_SUFFIX):
        raise _fail(f"election_id must end with {CYCLE_SUFFIX!r}")
    try:
        name, public = parse_verifier_key(record.board_key)
        if board_public_key is not None and public != board_public_key:
            raise _fail("the board key is not the pinned one")
        tree = verify_log(record.entries, election_id=record.election_id)
        last = -1
        for note in record.checkpoints:
            cp = verify_checkpoint(note, name, public, origin=name)
            if cp.size <= last:
                raise _fail("checkpoints are not in strictly increasing order of size")
            last = cp.size
            if cp.size > tree.size or cp.root_hash != tree.root(cp.size):
                raise _fail(f"the checkpoint of size {cp.size} does not match the entries")
    except BoardError as exc:
        raise _fail(str(exc)) from None
    if record.entries and last != len(record.entries):
        raise _fail("no checkpoint covers the whole log")
    for index, raw in enumerate(record.entries):
        entry = decode_entry(raw)
        if entry.kind not in CYCLE_KINDS:
            raise _fail(f"entry {index}: kind {entry.kind.value!r} is not a participation kind")
        type_ = PAYLOAD_TYPES.get(entry.kind)
        if type_ is None:
            raise _fail(f"entry {index}: no payload is defined for {entry.kind.value!r}")
        try:
            payload = decode_cycle_payload(entry.payload, type_)
            if isinstance(payload, PhasePayload):
                check_schedule(payload)
        except InputError as exc:
            raise _fail(f"entry {index} ({entry.kind.value}): {exc.message}") from None
    if record.entries and decode_entry(record.entries[0]).kind is not EntryKind.PHASE:
        raise _fail("entry 0 must be the schedule (phase)")
    try:  # the rules across entries of each part of the cycle
        check_assemblies(
            (i, e.kind, e.payload) for i, e in enumerate(map(decode_entry, record.entries))
        )
    except InputError as exc:
        raise _fail(exc.message) from None
    return record
