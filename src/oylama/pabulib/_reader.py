"""A careful, fast reader for Pabulib ``.pb`` files.

The format: three sections ``META``, ``PROJECTS`` and ``VOTES``, in that order, each a
section-name line, a header line and ``;``-separated rows; fields may be double-quoted
(``""`` for a quote; ``;`` and line breaks inside quotes). Every column is kept verbatim;
what the tally needs (budget, costs, votes, points) is checked here, so that a malformed file
is refused with ``file:line: reason`` instead of giving a wrong tally later.

Two slips that real files make have one sensible reading and are repaired rather than
refused, each recorded as a :class:`~oylama.pabulib.Repair` (a warning with its line) on the
election: a vote naming a project more than once (counted once), and a quotation mark the
strict grammar does not allow (read as Python's ``csv`` module reads it, as pabutools does).
``strict=True`` turns the first of them into the error it used to be. Both are found only
where the clean files' fast path already hands over to the row parser (a quote anywhere in
the VOTES rows, a vote the batch decoder cannot read), so clean files pay nothing for them.

Speed and memory: the VOTES section is nearly the whole file. When its rows hold no quote
and each has the header's number of fields (all real files), numpy locates them in the file's
bytes a chunk of lines at a time -- checking UTF-8 on the non-ASCII bytes only, and leaving
CRLF line ends in place -- and keeps only the separators around the columns the reader reads
(``voter_id``, ``vote``, ``points``). Those are read where they lie: voter ids that are
numbers are parsed there, and equal votes are grouped by hashing their bytes there, so that
each distinct vote is decoded once (see :mod:`oylama.pabulib._ballots`). No field is copied
and no string is made per field. Otherwise the section is parsed row by row like the rest of
the file, which is also what decides (and words) every error.

What is kept: the file's bytes themselves, as the store of every VOTES column (split only
when a column is asked for, see :class:`~oylama.pabulib._model.RowText`) -- nothing is
copied or compressed at read time. When the ballots are large next to the rows (many
distinct votes, e.g. Warszawa 2026), keeping the file beside them would cost too much: the
votes are then held as their distinct values and each voter's among them, the other columns
are gathered and compressed, and the file's bytes are let go before the ballots are decoded.
``read`` peaks under three and a half times the file's size (issue #2 asks five for the whole
parse and every rule) and keeps about one and a half at most with the profile.
"""

from __future__ import annotations

import contextlib
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from oylama.pabulib._ballots import (
    BallotError,
    Ballots,
    Distinct,
    FieldSpans,
    PosArray,
    VoteRepair,
    decode_distinct,
    distinct_fields,
    distinct_votes,
    gather_ranges,
)
from oylama.pabulib._bridge import remember_ballots
from oylama.pabulib._model import (
    POINT_VOTE_TYPES,
    VOTE_TYPES,
    PabulibError,
    PackedColumn,
    PbElection,
    PbProject,
    PbVotes,
    Repair,
    RepairKind,
    RowText,
    decimals_at,
    parse_money,
)

SECTIONS: tuple[str, ...] = ("META", "PROJECTS", "VOTES")

_VOTES_LINE = re.compile(r"^[ \t]*VOTES[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)


def read(path: str | os.PathLike[str], *, strict: bool = False) -> PbElection:
    """Read and check a Pabulib file (UTF-8; a byte-order mark is ignored).

    What the reader repaired is in the election's ``repairs``; with ``strict`` the first
    repair (by line) is raised as a :class:`PabulibError` instead.
    """
    source = str(path)
    data = _read_bytes(path)
    try:
        election = _read_fast(data, source)
    except PabulibError:
        election = None  # the row-by-row parse below decides (and words) every error
    if election is None:
        if not data:  # the fast path let the file's bytes go before it met the error
            data = _read_bytes(path)
        text = _decode(data, source).removeprefix("\ufeff")
        del data
        election = _Parser(text, source).parse(b"", 0)
    return _checked(election, strict=strict)


def _checked(election: PbElection, *, strict: bool) -> PbElection:
    if strict and election.repairs:
        raise election.repairs[0].error()
    return election


_CHUNK = 1 << 18
"""Bytes split at a time: the temporaries (a number per separator) stay the size of a
chunk, not of the file."""


def _read_bytes(path: str | os.PathLike[str]) -> bytearray:
    """The file's bytes, with a line break added at the end unless it ends with LF or CR (a
    final line break changes no row; after a CR it would make one a line end)."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        data = bytearray(size + 1)  # room for the line break: no copy to add it
        got = f.readinto(data)
        del data[got:]
        if got > size:  # a file that grew since fstat
            data += f.read()
    if data and data[-1] not in _LINE_ENDS:
        data.append(_NEWLINE)
    return data


def _read_fast(data: bytearray, source: str) -> PbElection | None:
    """The election, with the VOTES rows split straight from the file's bytes; ``None`` when
    they need the row parser.

    Only the head is decoded as text; the rows are checked to be UTF-8, well formed and
    free of quotes where they lie, and ``data`` is kept as the store of the columns
    (see :meth:`_Parser.finish_split`).
    """
    start = len(_BOM) if data.startswith(_BOM) else 0
    found = _find_votes_header(data, start)
    if found is None:
        return None
    head_end, body_line = found
    try:
        head = data[start:head_end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    parser = _Parser(head, source)
    parsed = parser.parse_head()
    if parsed.votes.rows:
        return None
    rows = _split_votes(data, head_end, parsed.votes.header)
    if rows is None:
        return None
    parsed.votes.start = body_line
    return parser.finish_split(parsed, data, rows)


def _decode(data: bytes | bytearray, source: str) -> str:
    """The file's text; bytes that are not UTF-8 are refused, naming the first bad byte.

    A file in a Windows code page (cp1250 in Poland, cp1254 in Turkey, ...) is refused
    rather than guessed at: every byte means something in each of them, so a wrong guess
    would go unnoticed and turn names into other letters, and the file does not say which
    it is. Converting it (``iconv -f cp1250 -t utf-8``) is one step for someone who knows.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = "it looks like UTF-16: save it as UTF-8"
        else:
            hint = (
                "if the file is in a Windows code page (cp1250 for Polish, cp1254 for "
                "Turkish, ...), convert it to UTF-8"
            )
        raise PabulibError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02X} at byte {column} of the line "
            f"({exc.reason}); {hint}",
            source=source,
            line=line,
        ) from None


def loads(text: str, source: str = "<string>", *, strict: bool = False) -> PbElection:
    """Parse and check the text of a Pabulib file; ``source`` names it in errors and
    repairs. ``strict`` as for :func:`read`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # (CRLF is left to the row parser and the VOTES split, so that a line end is the same
    # one LF with at most one CR before it whichever reads the line.)
    split = _split_at_votes(text)
    if split is not None:
        head, body_line = split
        try:
            body = text[len(head) :].encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: only the row parser keeps it
        else:
            try:
                return _checked(_Parser(head, source).parse(body, body_line), strict=strict)
            except PabulibError:
                pass  # the row-by-row parse below decides (and words) every error
    return _checked(_Parser(text, source).parse(b"", 0), strict=strict)


def _split_at_votes(text: str) -> tuple[str, int] | None:
    """``(head, first body line)``: the file up to the VOTES header line (the body is the
    rest).

    A guess (a quoted field could hold a line ``VOTES``): a wrong guess makes the head
    end inside a quote, hence an error, and :func:`loads` then parses row by row.
    """
    found = _VOTES_LINE.search(text)
    if found is None:
        return None
    pos = found.end() + 1
    while pos <= len(text):
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        line = text[pos:end]
        if line and not line.isspace():
            if '"' in line:
                return None
            head = text[: end + 1]
            return head, head.count("\n") + 1
        pos = end + 1
    return None


_VOTES_LINE_BYTES = re.compile(rb"^[ \t]*VOTES[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)


def _find_votes_header(data: bytes | bytearray, start: int) -> tuple[int, int] | None:
    """:func:`_split_at_votes` on the file's bytes: ``(end of the VOTES header line, first
    body line)``, or ``None``. The same guess, checked the same way (by the head's parse)."""
    found = _VOTES_LINE_BYTES.search(data, start)
    if found is None:
        return None
    pos = found.end() + 1
    size = len(data)
    while pos <= size:
        end = data.find(b"\n", pos)
        if end < 0:
            end = size
        line = data[pos:end]
        if line and not line.isspace():
            if b'"' in line:
                return None
            head_end = min(end + 1, size)
            return head_end, data.count(b"\n", start, head_end) + 1
        pos = end + 1
    return None


_SEMICOLON, _NEWLINE, _CR = ord(";"), ord("\n"), ord("\r")
_LINE_ENDS = (_NEWLINE, _CR)
_BOM = "\ufeff".encode()


OWN_COLUMNS: frozenset[str] = frozenset({"voter_id", "vote", "points"})
"""VOTES columns the reader checks and decodes; the others are only kept."""

_RAW_SHARE = 0.5
"""The file's bytes are kept as the store of the VOTES columns unless the ballots take more
than this share of the rows' size: then the columns are packed and compressed instead (see
:meth:`_Parser.finish_split`)."""


class _Rows(NamedTuple):
    """Where the VOTES rows lie in the buffer: ``seps[j][i]`` is the position of row ``i``'s
    ``j``-th separator (``j = ncols - 1``: its line break), for the ``j`` the reader needs
    (those around its own columns). Row ``i``'s field in column ``k`` runs from the
    separator before it to ``seps[k][i]`` (less a CR before a line break, with ``crlf``).
    """

    start: int
    nrows: int
    ncols: int
    seps: dict[int, PosArray]
    crlf: bool

    def row_starts(self) -> PosArray:
        line_ends = self.seps[self.ncols - 1]
        starts = np.empty_like(line_ends)
        if len(starts):
            starts[0] = self.start
            starts[1:] = line_ends[:-1] + 1
        return starts

    def starts(self, k: int) -> PosArray:
        return self.seps[k - 1] + 1 if k else self.row_starts()


def _split_votes(data: bytes | bytearray, start: int, header: Sequence[str]) -> _Rows | None:
    """The VOTES rows (``data[start:]``, ending with a line break) located, or ``None`` if
    they need the row parser (a quote, a malformed row, a blank line, bad UTF-8, ...).

    The rows are taken a chunk of whole lines at a time (so the temporaries are the size of
    a chunk). In each chunk numpy finds every ``;`` and line break; the rows are well formed
    when every ``ncols``-th separator is a line break and no other is (a row with a wrong
    field count, or a blank line, breaks that). Only the separators around the fields the
    reader reads are kept; no field is copied, and no string is made.
    """
    ncols = len(header)
    own = [k for k, name in enumerate(header) if name in OWN_COLUMNS]
    needed = sorted({ncols - 1} | set(own) | {k - 1 for k in own if k})
    size = len(data)
    kind: type[np.signedinteger[Any]] = np.int32 if size < 2**31 - _CHUNK else np.int64
    if start >= size:
        return _Rows(start, 0, ncols, {j: np.zeros(0, dtype=kind) for j in needed}, False)
    if data[-1] != _NEWLINE or data.find(b'"', start) >= 0:
        return None
    crlf = data.find(b"\r", start) >= 0
    found: dict[int, list[PosArray]] = {j: [] for j in needed}
    nrows = 0
    pos = start
    while pos < size:
        end = data.find(b"\n", min(pos + _CHUNK, size) - 1) + 1
        buf = np.frombuffer(data, dtype=np.uint8, count=end - pos, offset=pos)
        if not _utf8(buf):
            return None
        is_sep = buf == _SEMICOLON
        is_sep |= buf == _NEWLINE
        seps = np.flatnonzero(is_sep)
        del is_sep
        if len(seps) % ncols:
            return None
        rows = len(seps) // ncols
        breaks = buf[seps] == _NEWLINE
        if int(np.count_nonzero(breaks)) != rows or not bool(breaks[ncols - 1 :: ncols].all()):
            return None
        del breaks
        if crlf:
            line_ends = seps[ncols - 1 :: ncols]  # (each after a separator: at least 1)
            two = buf[line_ends - 1] == _CR
            two &= buf[line_ends - 2] == _CR  # (at -1, the chunk's last byte: a line break)
            if bool(two.any()):
                return None  # where two CRs end a line, the row parser says what it holds
            del line_ends, two
        grid = seps.reshape(rows, ncols)
        for j in needed:
            column = grid[:, j].astype(kind)
            column += pos
            found[j].append(column)
        del grid, seps
        nrows += rows
        pos = end
    return _Rows(start, nrows, ncols, {j: np.concatenate(v) for j, v in found.items()}, crlf)


def _utf8(buf: npt.NDArray[np.uint8]) -> bool:
    """Whether ``buf`` is valid UTF-8 (as Python's strict decoder has it), checked with numpy
    on its non-ASCII bytes only (decoding would build a string of the whole text).

    Each lead byte (``C2``..``F4``) starts a run of non-ASCII bytes of the length it says,
    contiguous in ``buf``, the next non-ASCII byte being the next lead; the second byte's
    range excludes overlong forms, surrogates and code points above ``10FFFF``.
    """
    high = np.flatnonzero(buf >= 0x80)
    if not len(high):
        return True
    values = buf[high]
    leads = np.flatnonzero(values >= 0xC0)
    if not len(leads) or leads[0] != 0:
        return False  # a continuation byte with no lead
    lead = values[leads]
    after = np.empty_like(leads)
    after[:-1] = leads[1:]
    after[-1] = len(values)
    count = after - leads
    if not np.array_equal(count, _UTF8_LENGTH[lead]):
        return False  # a byte that leads nothing, or too few or too many continuation bytes
    count -= 1
    if not np.array_equal(high[after - 1] - high[leads], count):
        return False  # an ASCII byte inside a character
    if int(lead.max()) >= 0xE0:
        second = values[leads + 1]
        if bool((second < _UTF8_SECOND_LOW[lead]).any()):
            return False  # an overlong form
        if bool((second > _UTF8_SECOND_HIGH[lead]).any()):
            return False  # a surrogate, or past 10FFFF
    return True


_UTF8_LENGTH = np.zeros(256, dtype=np.int64)
"""The length of the character each lead byte starts (0: no lead byte)."""
_UTF8_LENGTH[0xC2:0xE0] = 2
_UTF8_LENGTH[0xE0:0xF0] = 3
_UTF8_LENGTH[0xF0:0xF5] = 4
_UTF8_SECOND_LOW = np.full(256, 0x80, dtype=np.uint8)
_UTF8_SECOND_LOW[[0xE0, 0xF0]] = [0xA0, 0x90]
_UTF8_SECOND_HIGH = np.full(256, 0xBF, dtype=np.uint8)
_UTF8_SECOND_HIGH[[0xED, 0xF4]] = [0x9F, 0x8F]
"""The range of the second byte after each lead byte."""


def _pack(
    data: bytes | bytearray, rows: _Rows, header: Sequence[str], columns: list[Sequence[str]]
) -> list[Sequence[str]]:
    """``columns`` without the file's bytes: each own column still held by them gathered
    into a packed column, the other columns gathered together and compressed."""
    ncols = len(header)
    own = sorted(k for k, name in enumerate(header) if name in OWN_COLUMNS)
    out = list(columns)
    for k in own:
        column = columns[k]
        if not isinstance(column, PackedColumn) or column.text is None:
            continue  # (held otherwise already: votes as codes)
        spans = _spans(data, rows, k, column)
        numbers = None
        if header[k] == "voter_id" and rows.nrows:
            numbers = decimals_at(np.frombuffer(data, dtype=np.uint8), spans.starts, spans.sizes)
        if numbers is not None:
            out[k] = PackedColumn.from_numbers(numbers)
        else:
            out[k] = PackedColumn(spans.joined(), rows.nrows)
        del spans, numbers
    rest = [k for k in range(ncols) if k not in own]
    if not rest:
        return out
    nrows, crlf = rows.nrows, rows.crlf
    # Each row's other columns are runs of whole fields, each with the separator after it,
    # between the own ones: [first, stop) for each run.
    runs: list[tuple[int, int]] = []  # (column before the run or -1, own column after or ncols)
    previous = -1
    for k in [*own, ncols]:
        if k > previous + 1:
            runs.append((previous, k))
        previous = k
    firsts = np.empty((rows.nrows, len(runs)), dtype=rows.seps[ncols - 1].dtype)
    lengths = np.empty_like(firsts)
    for r, (before, after) in enumerate(runs):
        firsts[:, r] = rows.starts(before + 1)
        lengths[:, r] = rows.seps[ncols - 1] + 1 if after == ncols else rows.starts(after)
        lengths[:, r] -= firsts[:, r]
    del rows
    compressor = zlib.compressobj(1)
    parts: list[bytes] = []
    for piece, _ in gather_ranges(data, firsts.reshape(-1), lengths.reshape(-1)):
        parts.append(compressor.compress(piece.data))
    del firsts, lengths
    parts.append(compressor.flush())
    text = RowText(b"".join(parts), nrows, len(rest), compressed=True, crlf=crlf)
    for j, k in enumerate(rest):
        out[k] = PackedColumn.in_text(text, j)
    return out


_ROWS_AT_ONCE = 1 << 14
_SHOWN = 60


def _shown(field: str) -> str:
    """A field as a warning quotes it: in full up to a line's worth, then cut short."""
    return repr(field if len(field) <= _SHOWN else field[: _SHOWN - 1] + "…")


def _spans(data: bytes | bytearray, rows: _Rows, k: int, column: Sequence[str]) -> FieldSpans:
    """Own column ``k``'s fields where they lie in ``data`` (``column`` gives their text)."""
    starts = rows.starts(k)
    sizes = rows.seps[k] - starts
    if rows.crlf and k == rows.ncols - 1 and rows.nrows:
        # The CR of a CRLF line end is no part of the row's last field.
        buf = np.frombuffer(data, dtype=np.uint8)
        sizes -= (buf[rows.seps[k] - 1] == _CR) & (sizes > 0)
    return FieldSpans(data, starts, sizes, column)


class _Votes:
    """The VOTES section being read, and the file line of each row (for error messages)."""

    __slots__ = ("header", "header_line", "row_lines", "rows", "start")

    def __init__(self, header: list[str], header_line: int) -> None:
        self.header = header
        self.header_line = header_line
        self.rows: list[list[str]] = []
        self.row_lines: list[int] = []
        self.start = 0  # line of row 0 when rows came from the fast split

    def line(self, row: int) -> int:
        if self.row_lines:
            return self.row_lines[row]
        return self.start + row


class _Head(NamedTuple):
    """What :meth:`_Parser.parse_head` read: every section but the VOTES rows' checks."""

    meta: dict[str, str]
    vote_type: str
    project_header: list[str]
    projects: list[PbProject]
    votes: _Votes


class _Parser:
    """One row-by-row parse of one text; holds the lines, the source for errors, and the
    repairs made so far (shared with the parser of the rest of the file, if any)."""

    def __init__(
        self,
        text: str,
        source: str,
        first_line: int = 1,
        repairs: list[Repair] | None = None,
    ) -> None:
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.lines = lines
        self.source = source
        self.first_line = first_line
        self.repairs: list[Repair] = [] if repairs is None else repairs

    def error(self, message: str, line: int) -> PabulibError:
        return PabulibError(message, source=self.source, line=line)

    def repaired(self, kind: RepairKind, line: int, problem: str, repair: str) -> None:
        self.repairs.append(Repair(kind, line, problem, repair, self.source))

    # -- records ------------------------------------------------------------------------

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """``(line, fields)`` of every record; blank lines are skipped (a leniency)."""
        lines = self.lines
        n = len(lines)
        i = 0
        while i < n:
            line = lines[i]
            if not line or line.isspace():
                i += 1
                continue
            lineno = self.first_line + i
            if '"' in line:
                fields, i = self.quoted_record(i)
            else:
                fields = line.split(";")
                i += 1
            yield lineno, fields

    def quoted_record(self, i: int) -> tuple[list[str], int]:
        """Fields of a record with quotes; a quoted field may run over several lines.

        A quote where the format allows none is read as Python's ``csv`` module reads it
        (``delimiter=";"``, otherwise its default dialect, which is how pabutools reads
        Pabulib), and recorded as a repair: text after a closing quote is part of the field
        (``"Odkupmy" i my`` is ``Odkupmy i my``), and in it, as in a field that does not
        start with a quote, a quote is a character like any other. A quoted field still
        open at the end of the file is refused: the ``csv`` module would make the rest of
        the file that one field.
        """
        start = i
        buf = self.lines[i]
        fields: list[str] = []
        pos = 0
        while True:
            if buf.startswith('"', pos):
                pos += 1
                parts: list[str] = []
                while True:
                    q = buf.find('"', pos)
                    if q < 0:
                        parts.append(buf[pos:])
                        i += 1
                        if i >= len(self.lines):
                            raise self.error("unterminated quoted field", self.first_line + start)
                        parts.append("\n")
                        buf = self.lines[i]
                        pos = 0
                        continue
                    parts.append(buf[pos:q])
                    if buf.startswith('"', q + 1):
                        parts.append('"')
                        pos = q + 2
                        continue
                    pos = q + 1
                    break
                if pos < len(buf) and buf[pos] != ";":
                    end = buf.find(";", pos)
                    rest = buf[pos:] if end < 0 else buf[pos:end]
                    parts.append(rest)
                    field = "".join(parts)
                    self.repaired(
                        "quote",
                        self.first_line + i,
                        f"text {rest[:10]!r} after a closing quote",
                        f"read as Python's csv module reads it: {_shown(field)}",
                    )
                    fields.append(field)
                    if end < 0:
                        return fields, i + 1
                    pos = end + 1
                    continue
                fields.append("".join(parts))
                if pos == len(buf):
                    return fields, i + 1
                pos += 1
            else:
                end = buf.find(";", pos)
                field = buf[pos:] if end < 0 else buf[pos:end]
                if '"' in field:
                    self.repaired(
                        "quote",
                        self.first_line + i,
                        f"quote inside an unquoted field {field!r} (quote the whole field)",
                        "read as Python's csv module reads it: the quote is part of the text",
                    )
                fields.append(field)
                if end < 0:
                    return fields, i + 1
                pos = end + 1

    # -- sections -----------------------------------------------------------------------

    def parse(self, body: bytes, body_line: int) -> PbElection:
        """The election; ``body`` holds VOTES rows the caller split off after the header."""
        parsed = self.parse_head()
        if body and not parsed.votes.rows:
            data = body if body.endswith(b"\n") or body.endswith(b"\r") else body + b"\n"
            rows = _split_votes(data, 0, parsed.votes.header)
            if rows is not None:
                parsed.votes.start = body_line
                return self.finish_split(parsed, data, rows)
        return self.finish(parsed, self.vote_columns(parsed.votes, body, body_line))

    def parse_head(self) -> _Head:
        """Every section of this text, checked (VOTES rows are only gathered)."""
        current = -1  # index into SECTIONS of the section being read
        header: list[str] | None = None
        meta: dict[str, str] = {}
        meta_lines: dict[str, int] = {}
        meta_line = 0
        project_header: list[str] = []
        projects: list[PbProject] = []
        project_lines: dict[str, int] = {}
        votes: _Votes | None = None
        last_line = 0
        for lineno, fields in self.records():
            last_line = lineno
            if len(fields) == 1 and fields[0].strip().upper() in SECTIONS:
                name = fields[0].strip().upper()
                k = SECTIONS.index(name)
                if k <= current:
                    raise self.error(f"{name} section appears twice or out of order", lineno)
                if k != current + 1:
                    raise self.error(
                        f"missing {SECTIONS[current + 1]} section before {name}", lineno
                    )
                if current >= 0 and header is None:
                    raise self.error(f"{SECTIONS[current]} section has no header line", lineno)
                current = k
                header = None
                if k == 0:
                    meta_line = lineno
                continue
            if current < 0:
                raise self.error("expected the META section first", lineno)
            if header is None:
                self.check_header(SECTIONS[current], fields, lineno)
                header = fields
                if current == 1:
                    project_header = fields
                elif current == 2:
                    votes = _Votes(fields, lineno)
                continue
            if len(fields) != len(header):
                raise self.error(
                    f"{len(fields)} fields where the {SECTIONS[current]} header has {len(header)}",
                    lineno,
                )
            if current == 0:
                key, value = fields
                if key in meta:
                    raise self.error(
                        f"META key {key!r} given twice (first on line {meta_lines[key]})", lineno
                    )
                meta[key] = value
                meta_lines[key] = lineno
            elif current == 1:
                projects.append(self.project(project_header, fields, lineno, project_lines))
            else:
                assert votes is not None
                votes.rows.append(fields)
                votes.row_lines.append(lineno)
        if current < 2:
            raise self.error(f"missing {SECTIONS[current + 1]} section", max(last_line, 1))
        if votes is None:
            raise self.error("VOTES section has no header line", last_line)
        vote_type = self.check_meta(meta, meta_lines, meta_line)
        return _Head(meta, vote_type, project_header, projects, votes)

    def finish(self, parsed: _Head, columns: tuple[Sequence[str], ...]) -> PbElection:
        """The election from its head and its VOTES columns (checked and decoded here)."""
        pb_votes = PbVotes(tuple(parsed.votes.header), columns)
        del columns
        points = pb_votes.stored("points") if "points" in pb_votes.header else None
        ballots = self.check_votes(
            parsed,
            pb_votes.stored("voter_id"),
            pb_votes.stored("vote"),
            points,
        )
        del points
        return self.election(parsed, pb_votes, ballots)

    def finish_split(self, parsed: _Head, data: bytes | bytearray, rows: _Rows) -> PbElection:
        """The election from its head and the VOTES rows located in ``data``.

        The votes (and points, voter ids) are checked and decoded where they lie in
        ``data``. ``data`` is then kept as the store of every column (split when one is
        asked for, see :class:`RowText`), so that nothing is copied or split at read time,
        unless the ballots are large (many distinct votes): then the own columns are packed
        and the others compressed, so that the election does not hold the file next to its
        ballots.
        """
        header = parsed.votes.header
        ncols = len(header)
        text = RowText(data, rows.nrows, ncols, start=rows.start, crlf=rows.crlf)
        columns: list[Sequence[str]] = [PackedColumn.in_text(text, k) for k in range(ncols)]
        if not rows.nrows:
            columns = [PackedColumn(b"", 0)] * ncols
        voter_k, vote_k = header.index("voter_id"), header.index("vote")
        # (Voter ids are only checked here: the file holds them; see _pack otherwise.)
        self.check_ids(parsed, _spans(data, rows, voter_k, columns[voter_k]))
        points_k = header.index("points") if "points" in header else -1
        points: Sequence[str] | None = None
        if points_k >= 0:
            points = _spans(data, rows, points_k, columns[points_k])
        votes: Sequence[str] = _spans(data, rows, vote_k, columns[vote_k])
        distinct = distinct_votes(votes, points)
        keep_points = parsed.vote_type in POINT_VOTE_TYPES
        if distinct is not None and distinct.ballot_bytes(keep_points=keep_points) > _RAW_SHARE * (
            len(data) - rows.start
        ):
            # Packed before the ballots are decoded, so that the file's bytes can go first.
            # The votes are their distinct values (decoded next) and each voter's among them:
            # no copy of the column (about as small as one even when most votes differ).
            if distinct.grouping is not None:
                codes = distinct.grouping.codes()
                distinct = distinct._replace(grouping=None)
                votes = columns[vote_k] = PackedColumn.of_codes(
                    PackedColumn(distinct.joined, distinct.n), codes
                )
                del codes
            columns = _pack(data, rows, header, columns)
            votes = columns[vote_k]
            points = columns[points_k] if points_k >= 0 else None
            del text, rows
            if isinstance(data, bytearray):
                with contextlib.suppress(BufferError):  # (a view left would keep it)
                    data.clear()
        if distinct is not None:
            distinct = distinct._replace(grouping=None)  # (its arrays are one per voter)
        ballots = self.decode(parsed, distinct, votes, points)
        del distinct, votes, points
        return self.election(parsed, PbVotes(tuple(header), tuple(columns)), ballots)

    def election(self, parsed: _Head, pb_votes: PbVotes, ballots: Ballots) -> PbElection:
        election = PbElection(
            meta=parsed.meta,
            project_header=tuple(parsed.project_header),
            projects=tuple(parsed.projects),
            votes=pb_votes,
            repairs=tuple(sorted(self.repairs, key=lambda r: r.line)),
        )
        remember_ballots(election, ballots)
        return election

    def check_header(self, section: str, fields: list[str], lineno: int) -> None:
        if section == "META":
            if [f.strip() for f in fields] != ["key", "value"]:
                raise self.error(
                    f"META header must be 'key;value', not {';'.join(fields)!r}", lineno
                )
            return
        required = ("project_id", "cost") if section == "PROJECTS" else ("voter_id", "vote")
        for name in required:
            if name not in fields:
                raise self.error(f"{section} header has no {name!r} column", lineno)
        seen: set[str] = set()
        for name in fields:
            if name in seen:
                raise self.error(f"{section} header names column {name!r} twice", lineno)
            if name == "":
                raise self.error(f"{section} header has an empty column name", lineno)
            seen.add(name)

    def project(
        self, header: list[str], fields: list[str], lineno: int, seen: dict[str, int]
    ) -> PbProject:
        columns = dict(zip(header, fields, strict=True))
        pid = columns["project_id"]
        if pid == "" or pid != pid.strip():
            raise self.error(f"project id {pid!r} is empty or has surrounding spaces", lineno)
        if "," in pid:
            raise self.error(f"project id {pid!r} contains ',' (the vote separator)", lineno)
        if pid in seen:
            raise self.error(f"duplicate project id {pid!r} (first on line {seen[pid]})", lineno)
        seen[pid] = lineno
        raw_cost = columns["cost"]
        cost = parse_money(raw_cost)
        if cost is None:
            what = "negative" if parse_money(raw_cost.strip().removeprefix("-")) else "non-numeric"
            raise self.error(f"{what} cost {raw_cost!r} of project {pid!r}", lineno)
        return PbProject(project_id=pid, cost=cost, columns=columns)

    def check_meta(self, meta: dict[str, str], lines: dict[str, int], meta_line: int) -> str:
        if "budget" not in meta:
            raise self.error("META has no 'budget'", meta_line)
        raw = meta["budget"]
        if parse_money(raw) is None:
            what = "negative" if parse_money(raw.strip().removeprefix("-")) else "non-numeric"
            raise self.error(f"{what} budget {raw!r}", lines["budget"])
        if "vote_type" not in meta:
            raise self.error("META has no 'vote_type'", meta_line)
        vote_type = meta["vote_type"].strip()
        if vote_type not in VOTE_TYPES:
            raise self.error(
                f"unknown vote_type {vote_type!r} (expected one of {', '.join(VOTE_TYPES)})",
                lines["vote_type"],
            )
        return vote_type

    # -- votes --------------------------------------------------------------------------

    def vote_columns(self, votes: _Votes, body: bytes, body_line: int) -> tuple[Sequence[str], ...]:
        """Every VOTES row column by column: the rows parsed so far and ``body``'s (UTF-8)."""
        ncols = len(votes.header)
        if len(body):
            text = bytes(body).decode("utf-8", "surrogatepass")
            for lineno, fields in _Parser(text, self.source, body_line, self.repairs).records():
                votes.rows.append(fields)
                votes.row_lines.append(lineno)
        for fields, lineno in zip(votes.rows, votes.row_lines, strict=True):
            if len(fields) == 1 and fields[0].strip().upper() in SECTIONS:
                raise self.error(
                    f"{fields[0].strip().upper()} section appears twice or out of order", lineno
                )
            if len(fields) != ncols:
                raise self.error(f"{len(fields)} fields where the VOTES header has {ncols}", lineno)
        if not votes.rows:
            return tuple(() for _ in range(ncols))
        return tuple(tuple(col) for col in zip(*votes.rows, strict=True))

    def check_votes(
        self,
        parsed: _Head,
        stored_ids: Sequence[str],
        vote: Sequence[str],
        points: Sequence[str] | None,
    ) -> Ballots:
        """The ballots of the VOTES columns given (as stored: packed columns and field spans
        are read by numpy), every voter id and vote checked."""
        self.check_ids(parsed, stored_ids)
        return self.decode(parsed, distinct_votes(vote, points), vote, points)

    def check_ids(self, parsed: _Head, stored_ids: Sequence[str]) -> None:
        """Every voter id is there once; and a vote type with points has a points column."""
        votes, vote_type = parsed.votes, parsed.vote_type
        # A packed column is checked by numpy (no string per voter) when it can show that
        # the ids are all distinct; the strings are made only otherwise.
        voter_ids: Sequence[str] = ()
        if not distinct_fields(stored_ids):
            voter_ids = tuple(stored_ids)
        if len(set(voter_ids)) != len(voter_ids) or "" in voter_ids:
            first: dict[str, int] = {}
            for row, vid in enumerate(voter_ids):
                if vid == "":
                    raise self.error("empty voter id", votes.line(row))
                if vid in first:
                    raise self.error(
                        f"duplicate voter id {vid!r} (first on line {votes.line(first[vid])})",
                        votes.line(row),
                    )
                first[vid] = row
        del voter_ids  # one string per voter: not kept while the votes are decoded
        if vote_type in POINT_VOTE_TYPES and "points" not in votes.header:
            raise self.error(
                f"vote_type {vote_type} needs a 'points' column in VOTES", votes.header_line
            )

    def decode(
        self,
        parsed: _Head,
        distinct: Distinct | None,
        vote: Sequence[str],
        points: Sequence[str] | None,
    ) -> Ballots:
        """The ballots of the distinct votes found in ``vote`` (and ``points``)."""
        index = {p.project_id: j for j, p in enumerate(parsed.projects)}
        keep_points = parsed.vote_type in POINT_VOTE_TYPES
        repaired: list[VoteRepair] = []
        try:
            ballots = decode_distinct(
                index,
                parsed.vote_type,
                distinct,
                vote,
                points,
                keep_points=keep_points,
                repairs=repaired,
            )
        except BallotError as exc:
            raise self.error(exc.reason, parsed.votes.line(exc.row)) from None
        for row, problem, repair in repaired:
            self.repaired("repeated-project", parsed.votes.line(row), problem, repair)
        return ballots
