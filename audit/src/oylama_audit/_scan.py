"""The record file's text read in one pass, in bounded memory (record.md §3).

A record of a city-wide election holds a million ballots, tens of gigabytes: it is never read
whole. Its canonical text has a fixed layout, so one forward pass finds where every entry's and
every checkpoint's text begins and ends -- two integers each -- without decoding them::

    {"format":S,"election_id":S,"board_key":S,"entries":["B64","B64",…],"checkpoints":[S,…]}\\n

The entries are then decoded, hashed and verified in chunks by whoever does the work
(:mod:`oylama_audit._chunks`), each chunk reading its own slice of the file. The pass also
notes each entry's kind (its first bytes decode to the entry's header, board §3), so that the
few entries that are not ballots can be read in full by the caller.

A text that breaks the layout (white space, another member order, escapes msgspec would not
write) is not the canonical text: R1 fails and, if the file is small enough to hold, it is
decoded as ordinary JSON and its canonical re-encoding is read instead, so that everything else
is still checked. A text that stops early (truncated at any byte) fails R1 with the position:
what was complete before it is still checked.
"""

from __future__ import annotations

import binascii
import mmap
import zlib
from array import array
from dataclasses import dataclass, field

import msgspec

from oylama_audit._board import KINDS

#: The record's bytes: in memory, or a file mapped read-only.
Buffer = bytes | mmap.mmap

#: Largest non-canonical record decoded whole to check the rest (bytes).
FALLBACK_MAX = 256 * 1024 * 1024

#: Base64 characters decoded to read an entry's header (version, election id, index, kind).
HEADER_CHARS = 4 * 56  # 168 bytes: 1 + 1 + (2 + 128) + 9 + (1 + 18) = 160 at most

_HEAD = (b'{"format":', b',"election_id":', b',"board_key":', b',"entries":[')
_MIDDLE = b'],"checkpoints":['
_END = b"}"

#: Entry kind codes (one byte per entry): the index in board §1's table, or UNKNOWN.
KIND_CODE = {kind: i for i, kind in enumerate(KINDS)}
UNKNOWN = 255
BALLOT = KIND_CODE["ballot"]


class NotCanonicalError(Exception):
    """The text breaks the canonical layout at ``position`` (not a truncation)."""

    def __init__(self, position: int, why: str) -> None:
        self.position = position
        super().__init__(f"byte {position}: {why}")


class _EndOfTextError(Exception):
    """The text ended at ``position`` where more was due."""

    def __init__(self, position: int, where: str) -> None:
        self.position = position
        self.where = where
        super().__init__(where)


@dataclass
class Layout:
    """Where everything is in the record's text, and what is wrong with the text itself."""

    size: int
    format: str = ""
    election_id: str = ""
    board_key: str = ""
    #: Offsets of each entry's base64 text: first character, and the closing quote.
    starts: array[int] = field(default_factory=lambda: array("Q"))
    ends: array[int] = field(default_factory=lambda: array("Q"))
    #: One code per entry (:data:`KIND_CODE`; :data:`UNKNOWN` when the header does not read).
    kinds: bytearray = field(default_factory=bytearray)
    #: Offsets of each checkpoint's JSON string token (opening quote, after the closing one).
    note_starts: array[int] = field(default_factory=lambda: array("Q"))
    note_ends: array[int] = field(default_factory=lambda: array("Q"))
    #: R1 failures of the text (the layout, a truncation), in the order found.
    problems: list[str] = field(default_factory=list)
    #: The head was read (election id, board key): the rest can be checked.
    readable: bool = False

    @property
    def entries(self) -> int:
        return len(self.starts)

    def entry_text(self, buf: Buffer, j: int) -> bytes:
        return bytes(buf[self.starts[j] : self.ends[j]])

    def note(self, buf: Buffer, c: int) -> str:
        token = bytes(buf[self.note_starts[c] : self.note_ends[c]])
        return str(msgspec.json.decode(token, type=str))


def peek_kind(b64: Buffer) -> int:
    """The kind code of an entry from the first characters of its base64 text."""
    head = bytes(b64[:HEADER_CHARS])
    head = head[: len(head) - len(head) % 4]
    try:
        data = binascii.a2b_base64(head, strict_mode=True)
    except binascii.Error:
        return UNKNOWN
    # 0x97, version (a positive fixint), election id (fixstr or str8), index (uint), kind.
    try:
        if data[0] != 0x97 or data[1] > 0x7F:
            return UNKNOWN
        pos = 2
        tag = data[pos]
        if 0xA0 <= tag <= 0xBF:
            pos += 1 + (tag & 0x1F)
        elif tag == 0xD9:
            pos += 2 + data[pos + 1]
        else:
            return UNKNOWN
        tag = data[pos]
        pos += 1 + {0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8}.get(tag, 0)
        tag = data[pos]
        if not 0xA0 <= tag <= 0xBF:
            return UNKNOWN
        n = tag & 0x1F
        if pos + 1 + n > len(data):
            return UNKNOWN
        kind = data[pos + 1 : pos + 1 + n].decode("ascii")
    except (IndexError, UnicodeDecodeError):
        return UNKNOWN
    return KIND_CODE.get(kind, UNKNOWN)


class _Scanner:
    def __init__(self, buf: Buffer) -> None:
        self.buf = buf
        self.n = len(buf)
        self.pos = 0

    def literal(self, text: bytes, where: str) -> None:
        end = self.pos + len(text)
        got = bytes(self.buf[self.pos : min(end, self.n)])
        if got != text[: len(got)]:
            raise NotCanonicalError(self.pos, f"expected {text.decode()!r} {where}")
        if end > self.n:
            raise _EndOfTextError(self.n, where)
        self.pos = end

    def string_end(self, where: str) -> int:
        """The offset after the closing quote of the JSON string at ``pos``."""
        if self.pos >= self.n:
            raise _EndOfTextError(self.n, where)
        if self.buf[self.pos] != 0x22:
            raise NotCanonicalError(self.pos, f"expected a string {where}")
        i = self.pos + 1
        while True:
            q = self.buf.find(b'"', i)
            if q < 0:
                raise _EndOfTextError(self.n, where)
            k = q
            while k > i and self.buf[k - 1] == 0x5C:  # count the backslashes before it
                k -= 1
            if (q - k) % 2 == 0:
                return q + 1
            i = q + 1

    def string(self, where: str) -> str:
        start = self.pos
        end = self.string_end(where)
        token = bytes(self.buf[start:end])
        try:
            value = msgspec.json.decode(token, type=str)
        except msgspec.DecodeError:
            raise NotCanonicalError(start, f"not a JSON string {where}") from None
        if msgspec.json.encode(value) != token:
            raise NotCanonicalError(start, f"a string not in its canonical form {where}")
        self.pos = end
        return value


def scan(buf: Buffer) -> Layout:
    """One pass over the record's text (see the module docstring).

    Raises :class:`NotCanonicalError` where the text is not the canonical layout (the caller
    may then decode it whole); a text that ends early is reported in ``problems``."""
    out = Layout(size=len(buf))
    s = _Scanner(buf)
    try:
        s.literal(_HEAD[0], "at the start")
        out.format = s.string("(format)")
        s.literal(_HEAD[1], "after the format")
        out.election_id = s.string("(election_id)")
        s.literal(_HEAD[2], "after the election id")
        out.board_key = s.string("(board_key)")
        s.literal(_HEAD[3], "after the board key")
    except _EndOfTextError as end:
        out.problems.append(
            f"the record ends at byte {end.position} in its head {end.where}: truncated"
        )
        return out
    out.readable = True
    try:
        _entries(s, out)
        _notes(s, out)
        s.literal(_END, "after the checkpoints")
    except _EndOfTextError as end:
        out.problems.append(f"the record ends at byte {end.position} {end.where}: truncated")
        return out
    if s.pos == s.n:
        out.problems.append(f"the record ends at byte {s.n} without its final line feed")
    elif bytes(buf[s.pos : s.pos + 1]) != b"\n":
        raise NotCanonicalError(s.pos, "expected the final line feed")
    elif s.pos + 1 != s.n:
        raise NotCanonicalError(s.pos + 1, "bytes after the final line feed")
    return out


def _entries(s: _Scanner, out: Layout) -> None:
    buf = s.buf
    find = buf.find
    j = 0
    if s.pos < s.n and buf[s.pos] == 0x5D:  # "]": no entries
        s.literal(_MIDDLE, "after the entries")
        return
    while True:
        if s.pos >= s.n:
            raise _EndOfTextError(s.n, f"before entry {j}")
        if buf[s.pos] != 0x22:
            raise NotCanonicalError(s.pos, f"expected entry {j}'s base64 string")
        start = s.pos + 1
        end = find(b'"', start)
        if end < 0:
            raise _EndOfTextError(s.n, f"inside entry {j}")
        out.starts.append(start)
        out.ends.append(end)
        out.kinds.append(peek_kind(buf[start : min(end, start + HEADER_CHARS)]))
        s.pos = end + 1
        j += 1
        if s.pos >= s.n:
            raise _EndOfTextError(s.n, f"after entry {j - 1}")
        c = buf[s.pos]
        if c == 0x2C:  # ","
            s.pos += 1
            continue
        if c == 0x5D:
            s.literal(_MIDDLE, "after the entries")
            return
        raise NotCanonicalError(s.pos, f"expected , or ] after entry {j - 1}")


def _notes(s: _Scanner, out: Layout) -> None:
    buf = s.buf
    c = 0
    if s.pos < s.n and buf[s.pos] == 0x5D:
        s.pos += 1
        return
    while True:
        start = s.pos
        s.string(f"inside checkpoint {c}")  # canonical: decoded, re-encoded, compared
        out.note_starts.append(start)
        out.note_ends.append(s.pos)
        c += 1
        if s.pos >= s.n:
            raise _EndOfTextError(s.n, f"after checkpoint {c - 1}")
        ch = buf[s.pos]
        if ch == 0x2C:
            s.pos += 1
            continue
        if ch == 0x5D:
            s.pos += 1
            return
        raise NotCanonicalError(s.pos, f"expected , or ] after checkpoint {c - 1}")


def chunk_crc(buf: Buffer, start: int, end: int) -> int:
    """A checksum of a slice, to tell that a worker read the same bytes (not a security
    measure: the workers are the auditor's own)."""
    return zlib.crc32(buf[start:end])
