"""A strict, fast reader for Pabulib ``.pb`` files.

The format: three sections ``META``, ``PROJECTS`` and ``VOTES``, in that order, each a
section-name line, a header line and ``;``-separated rows; fields may be double-quoted
(``""`` for a quote; ``;`` and line breaks inside quotes). Every column is kept verbatim;
what the tally needs (budget, costs, votes, points) is checked here, so that a malformed file
is refused with ``file:line: reason`` instead of giving a wrong tally later.

Speed and memory: the VOTES section is nearly the whole file. When its rows hold no quote
and each has the header's number of fields (all real files), numpy splits the section's
UTF-8 bytes, a chunk of lines at a time, into one packed buffer per column the reader reads
(``voter_id``, ``vote``, ``points``) and one compressed buffer for all the others, without a
Python string per field (see ``PackedColumn`` and ``RowRest`` in
:mod:`oylama.pabulib._model`); otherwise it is parsed row by row like the rest of the file,
which is also what decides every error. Votes are checked once per distinct raw vote string
(see :mod:`oylama.pabulib._ballots`).

``read`` keeps its peak memory under three times the file's size (issue #2 asks five for the
whole parse and every rule): the file is read into one buffer and its CRLFs are removed in
place; only the head is decoded as text (each VOTES chunk is checked to be UTF-8 and
dropped); and the buffer is emptied as soon as the rows are split, before the votes are
checked and decoded.
"""

from __future__ import annotations

import codecs
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from oylama.pabulib._ballots import BallotError, Ballots, decode_ballots, distinct_fields
from oylama.pabulib._bridge import remember_ballots
from oylama.pabulib._model import (
    POINT_VOTE_TYPES,
    VOTE_TYPES,
    PabulibError,
    PackedColumn,
    PbElection,
    PbProject,
    PbVotes,
    RowRest,
    parse_money,
)

SECTIONS: tuple[str, ...] = ("META", "PROJECTS", "VOTES")

_VOTES_LINE = re.compile(r"^[ \t]*VOTES[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)


def read(path: str | os.PathLike[str]) -> PbElection:
    """Read and check a Pabulib file (UTF-8; a byte-order mark is ignored)."""
    source = str(path)
    data = _read_lf(path)
    try:
        election = _read_fast(data, source)
    except PabulibError:
        election = None  # the row-by-row parse below decides (and words) every error
    if election is not None:
        return election
    if not data:  # the fast path let the file's bytes go before it met the error
        data = _read_lf(path)
    text = _decode(data, source).removeprefix("\ufeff")
    del data
    return _Parser(text, source).parse(b"", 0)


_CHUNK = 1 << 18
"""Bytes handled at a time where a pass over the whole file would need a full-size copy."""


def _read_lf(path: str | os.PathLike[str]) -> bytearray:
    """The file's bytes with CRLF turned into LF, in place (no second copy of the file)."""
    with open(path, "rb") as f:
        data = bytearray(os.fstat(f.fileno()).st_size)
        got = f.readinto(data)
        if got < len(data):
            del data[got:]
        rest = f.read()  # a file that grew since fstat
        if rest:
            data += rest
    if b"\r" in data:
        kept = _drop_cr_before_lf(np.frombuffer(data, dtype=np.uint8))
        del data[kept:]
    return data


def _drop_cr_before_lf(buf: npt.NDArray[np.uint8]) -> int:
    """Remove every CR that comes before an LF, in place, a chunk at a time; the new size.

    Each kept chunk is written at or before where it was read, and the byte after a chunk
    (looked at for its LF) is never written before it is read.
    """
    size = len(buf)
    kept = 0
    for start in range(0, size, _CHUNK):
        stop = min(start + _CHUNK, size)
        chunk = buf[start:stop]
        after = buf[start + 1 : stop + 1]
        drop = chunk[: len(after)] == _CR
        drop &= after == _NEWLINE
        if len(after) < len(chunk):
            drop = np.append(drop, False)  # the file's last byte has nothing after it
        piece = chunk[~drop]
        buf[kept : kept + len(piece)] = piece
        kept += len(piece)
    return kept


def _read_fast(data: bytearray, source: str) -> PbElection | None:
    """The election, with the VOTES rows split straight from the file's bytes; ``None`` when
    they need the row parser.

    Memory is what this is for: the whole file is never decoded at once (the head is, and the
    VOTES rows are checked for UTF-8 a chunk at a time while they are split), and ``data`` is
    emptied as soon as the rows are split, so the file's bytes are not held while the votes
    are checked and decoded (an error after that point reads the file again to word itself).
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
    layout = _Layout(parsed.votes.header)
    split = _split_rows(data, head_end, layout)
    if split is None:
        return None
    data.clear()
    columns = layout.pack(*split)
    del split
    parsed.votes.start = body_line
    return parser.finish(parsed, columns)


def _decode(data: bytes | bytearray, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PabulibError(f"not UTF-8 text ({exc.reason})", source=source, line=line) from None


def loads(text: str, source: str = "<string>") -> PbElection:
    """Parse and check the text of a Pabulib file; ``source`` names it in errors."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    split = _split_at_votes(text)
    if split is not None:
        head, body_line = split
        try:
            body = text[len(head) :].encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: only the row parser keeps it
        else:
            try:
                return _Parser(head, source).parse(body, body_line)
            except PabulibError:
                pass  # the row-by-row parse below decides (and words) every error
    return _Parser(text, source).parse(b"", 0)


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


_SEMICOLON, _NEWLINE, _QUOTE, _CR = ord(";"), ord("\n"), ord('"'), ord("\r")
_BOM = "\ufeff".encode()


OWN_COLUMNS: frozenset[str] = frozenset({"voter_id", "vote", "points"})
"""VOTES columns the reader checks and decodes; the others are kept as :class:`RowRest`."""


class _Layout:
    """Where each VOTES column goes when split: a buffer of its own (the columns the reader
    reads) or, with every other column, the one shared "rest" buffer (compressed as it
    grows, see :class:`RowRest`)."""

    def __init__(self, header: Sequence[str]) -> None:
        self.ncols = len(header)
        self.voter_id = list(header).index("voter_id") if "voter_id" in header else -1
        self.own = [k for k, name in enumerate(header) if name in OWN_COLUMNS]
        self.rest = [k for k, name in enumerate(header) if name not in OWN_COLUMNS]
        slot = [len(self.own)] * self.ncols
        for s, k in enumerate(self.own):
            slot[k] = s
        self.slots = len(self.own) + (1 if self.rest else 0)
        self.pattern = np.asarray(slot, dtype=np.uint8 if self.slots <= 256 else np.uint32)
        # An own column's fields end in ";" (to become line breaks) unless it is the last.
        self.fix = [k < self.ncols - 1 for k in self.own] + [False] * (self.slots - len(self.own))
        # The rest is compressed as it is split: its uncompressed bytes are never all held.
        self.compressor = zlib.compressobj(1)

    def pack(self, out: list[bytearray], nrows: int) -> tuple[PackedColumn, ...]:
        """The columns, in header order (each buffer is emptied once packed)."""
        columns: list[PackedColumn] = [PackedColumn(b"", 0)] * self.ncols
        for s, k in enumerate(self.own):
            buffer = out[s]
            del buffer[-1:]  # the line break after the last field
            blob = bytes(buffer)
            buffer.clear()
            numeric = PackedColumn.of_numbers(blob, nrows) if k == self.voter_id else None
            columns[k] = numeric or PackedColumn(blob, nrows)
            del blob
        if self.rest:
            out[-1] += self.compressor.flush()
            rest = RowRest(bytes(out[-1]), nrows, len(self.rest))
            out[-1].clear()
            for j, k in enumerate(self.rest):
                columns[k] = PackedColumn.in_rest(rest, j)
        return tuple(columns)


def _split_body(
    data: bytes | bytearray, start: int, header: Sequence[str]
) -> tuple[PackedColumn, ...] | None:
    """The VOTES rows (``data[start:]``, UTF-8) as packed columns, or ``None`` if they need
    the row parser.

    The rows are taken a chunk of whole lines at a time (so the temporaries below are the
    size of a chunk, not of the file). In each chunk numpy finds every ``;`` and line break;
    the rows are well formed when every ``ncols``-th separator is a line break and no other
    is (a row with a wrong field count, or a blank line, breaks that). The bytes of each
    column the reader reads are then gathered in one pass (every field with the separator
    after it, which becomes a line break) and appended to that column's buffer; the other
    columns' bytes are gathered together, in one more pass (see :class:`_Layout`). No
    string is made per field (see :class:`PackedColumn`), and the chunk is checked to be
    UTF-8 (a line break never falls inside a character).
    """
    layout = _Layout(header)
    split = _split_rows(data, start, layout)
    return None if split is None else layout.pack(*split)


def _split_rows(
    data: bytes | bytearray, start: int, layout: _Layout
) -> tuple[list[bytearray], int] | None:
    """:func:`_split_body`'s work but the packing: each buffer's bytes (every field with
    its separator after it) and the number of rows."""
    size = len(data)
    out = [bytearray() for _ in range(layout.slots)]
    nrows = 0
    pos = start
    while pos < size:
        newline = data.find(b"\n", min(pos + _CHUNK, size) - 1)
        end = size if newline < 0 else newline + 1
        rows = _split_chunk(data, pos, end, layout, out)
        if rows is None:
            return None
        nrows += rows
        pos = end
    return out, nrows


def _split_chunk(
    data: bytes | bytearray, start: int, end: int, layout: _Layout, out: list[bytearray]
) -> int | None:
    """Append the rows in ``data[start:end]`` (whole lines) to the buffers ``out``; their
    number, or ``None`` if they are not well-formed rows of ``layout.ncols`` fields."""
    ncols = layout.ncols
    try:
        codecs.utf_8_decode(memoryview(data)[start:end], "strict", True)
    except UnicodeDecodeError:
        return None
    buf = np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start)
    if buf[-1] != _NEWLINE:
        buf = np.append(buf, np.uint8(_NEWLINE))  # the file's last row has no line break
    if bool((buf == _QUOTE).any()):
        return None
    seps = np.flatnonzero((buf == _SEMICOLON) | (buf == _NEWLINE))
    if len(seps) % ncols:
        return None
    nrows = len(seps) // ncols
    ends_row = (buf[seps] == _NEWLINE).reshape(nrows, ncols)
    if not bool(ends_row[:, -1].all()) or bool(ends_row[:, :-1].any()):
        return None
    del ends_row
    # The buffer of every byte: each field with the separator after it belongs to its
    # column's buffer; gathering a buffer's bytes then leaves a separator after every field.
    field_sizes = np.diff(seps, prepend=-1)
    del seps
    slot_of = np.repeat(np.tile(layout.pattern, nrows), field_sizes)
    del field_sizes
    for s in range(len(layout.own)):
        piece = buf[slot_of == s]
        if layout.fix[s]:
            piece[piece == _SEMICOLON] = _NEWLINE
        out[s] += memoryview(piece)
    if layout.rest:
        out[-1] += layout.compressor.compress(buf[slot_of == len(layout.own)])
    return nrows


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
    """One row-by-row parse of one text; holds the lines and the source for errors."""

    def __init__(self, text: str, source: str, first_line: int = 1) -> None:
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.lines = lines
        self.source = source
        self.first_line = first_line

    def error(self, message: str, line: int) -> PabulibError:
        return PabulibError(message, source=self.source, line=line)

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
        """Fields of a record with quotes; a quoted field may run over several lines."""
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
                fields.append("".join(parts))
                if pos == len(buf):
                    return fields, i + 1
                if buf[pos] != ";":
                    raise self.error(
                        f"text {buf[pos : pos + 10]!r} after a closing quote",
                        self.first_line + i,
                    )
                pos += 1
            else:
                end = buf.find(";", pos)
                field = buf[pos:] if end < 0 else buf[pos:end]
                if '"' in field:
                    raise self.error(
                        f"quote inside an unquoted field {field!r} (quote the whole field)",
                        self.first_line + i,
                    )
                fields.append(field)
                if end < 0:
                    return fields, i + 1
                pos = end + 1

    # -- sections -----------------------------------------------------------------------

    def parse(self, body: bytes, body_line: int) -> PbElection:
        """The election; ``body`` holds VOTES rows the caller split off after the header."""
        parsed = self.parse_head()
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
        ballots = self.check_votes(parsed.votes, pb_votes, parsed.vote_type, parsed.projects)
        election = PbElection(
            meta=parsed.meta,
            project_header=tuple(parsed.project_header),
            projects=tuple(parsed.projects),
            votes=pb_votes,
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
        if len(body) and not votes.rows:
            columns = _split_body(body, 0, votes.header)
            if columns is not None:
                votes.start = body_line
                return columns
        if len(body):
            text = bytes(body).decode("utf-8", "surrogatepass")
            for lineno, fields in _Parser(text, self.source, body_line).records():
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
        self, votes: _Votes, pb_votes: PbVotes, vote_type: str, projects: list[PbProject]
    ) -> Ballots:
        # A packed column is checked by numpy (no string per voter) when it can show that
        # the ids are all distinct; the strings are made only otherwise.
        voter_ids: Sequence[str] = ()
        if not distinct_fields(pb_votes.stored("voter_id")):
            voter_ids = pb_votes.column("voter_id")
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
        has_points = "points" in pb_votes.header
        if vote_type in POINT_VOTE_TYPES and not has_points:
            raise self.error(
                f"vote_type {vote_type} needs a 'points' column in VOTES", votes.header_line
            )
        index = {p.project_id: j for j, p in enumerate(projects)}
        try:
            return decode_ballots(
                index,
                vote_type,
                pb_votes.stored("vote"),
                pb_votes.stored("points") if has_points else None,
                keep_points=vote_type in POINT_VOTE_TYPES,
            )
        except BallotError as exc:
            raise self.error(exc.reason, votes.line(exc.row)) from None
