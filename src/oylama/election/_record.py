"""The downloadable election record (docs/spec/record.md §3): one canonical JSON text.

It carries every entry of the election's log (canonical bytes, board §3), every checkpoint
the board signed (the exact signed notes) and the board's verifier key, so that an auditor
can check the whole election off-line. Its text is canonical like the payloads (record.md §1)
and ends with one line feed; :func:`decode_record` refuses any other text.
"""

from __future__ import annotations

import base64
from typing import BinaryIO, Final

import msgspec

from oylama.election._payloads import PayloadError

#: The ``format`` member of every record this module reads and writes.
RECORD_FORMAT: Final = "oylama-record/v1"


class RecordFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``entries`` are canonical entry bytes in index order; ``checkpoints`` signed notes in
    strictly increasing order of size, the last of size ``len(entries)``."""

    format: str
    election_id: str
    board_key: str
    entries: list[bytes]
    checkpoints: list[str]


_ENCODER: Final = msgspec.json.Encoder()
_DECODER: Final = msgspec.json.Decoder(RecordFile)


def make_record(
    election_id: str, board_key: str, entries: list[bytes], checkpoints: list[str]
) -> RecordFile:
    """A record of the current format (nothing is verified here: that is the auditor's job)."""
    return RecordFile(
        format=RECORD_FORMAT,
        election_id=election_id,
        board_key=board_key,
        entries=entries,
        checkpoints=checkpoints,
    )


def encode_record(record: RecordFile) -> bytes:
    """The record file's bytes: canonical JSON followed by one line feed."""
    return _ENCODER.encode(record) + b"\n"


def decode_record(data: bytes) -> RecordFile:
    """Read a record file; refuse (:class:`PayloadError`) anything but its canonical text of
    format ``oylama-record/v1``, final line feed included."""
    if not isinstance(data, bytes):
        raise PayloadError("record: must be bytes")
    if not data.endswith(b"\n"):
        raise PayloadError("record: does not end with one line feed")
    try:
        record = _DECODER.decode(data[:-1])
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise PayloadError(f"record: {exc}") from None
    if encode_record(record) != data:
        raise PayloadError("record: not in canonical form (re-encoding differs)")
    if record.format != RECORD_FORMAT:
        raise PayloadError(f"record: format is {record.format!r}, expected {RECORD_FORMAT!r}")
    return record


class RecordWriter:
    """Writes a record file to ``out`` entry by entry, never holding the log.

    The text is byte for byte :func:`encode_record`'s: the canonical layout is fixed (record.md
    §3), so the head is written first, each entry's base64 as it comes, and the checkpoints
    (known only once the log is written) at the end::

        writer = RecordWriter(out, election_id, board_key)
        for data in entries:
            writer.entry(data)
        writer.close(checkpoints)
    """

    def __init__(self, out: BinaryIO, election_id: str, board_key: str) -> None:
        self._out = out
        empty = encode_record(make_record(election_id, board_key, [], []))
        head, self._tail = empty.split(b'"entries":[]', 1)
        out.write(head + b'"entries":[')
        self.entries = 0

    def entry(self, data: bytes) -> None:
        """The next entry's canonical bytes (board §3)."""
        self._out.write((b',"' if self.entries else b'"') + base64.b64encode(data) + b'"')
        self.entries += 1

    def close(self, checkpoints: list[str]) -> None:
        """The signed checkpoints (increasing sizes, the last of size ``entries``)."""
        notes = _ENCODER.encode(checkpoints)
        assert self._tail.startswith(b',"checkpoints":[]')
        self._out.write(b'],"checkpoints":' + notes + self._tail[len(b',"checkpoints":[]') :])
