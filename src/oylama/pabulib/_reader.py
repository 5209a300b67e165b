"""A strict, fast reader for Pabulib ``.pb`` files.

The format: three sections ``META``, ``PROJECTS`` and ``VOTES``, in that order, each a
section-name line, a header line and ``;``-separated rows; fields may be double-quoted
(``""`` for a quote, ``;`` and line breaks inside quotes). Every column is kept verbatim;
what the tally needs (budget, costs, votes, points) is checked here, so that a malformed file
is refused with ``file:line: reason`` instead of giving a wrong tally later.

Speed: the VOTES section is nearly the whole file. When it has no quotes and every row has
the header's number of fields (all real files), it is split in one pass over the joined
text and sliced into columns; otherwise rows are parsed one by one. Votes are then checked
once per distinct raw vote string (see :mod:`oylama.pabulib._ballots`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import repeat
from pathlib import Path

from oylama.pabulib._ballots import BallotError, merge_ballots
from oylama.pabulib._model import (
    POINT_VOTE_TYPES,
    VOTE_TYPES,
    PabulibError,
    PbElection,
    PbProject,
    PbVotes,
)

SECTIONS: tuple[str, ...] = ("META", "PROJECTS", "VOTES")

_MONEY = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def read(path: str | os.PathLike[str]) -> PbElection:
    """Read and check a Pabulib file (UTF-8; a byte-order mark is ignored)."""
    source = str(path)
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PabulibError(f"not UTF-8 text ({exc.reason})", source=source, line=line) from None
    return loads(text, source=source)


def loads(text: str, source: str = "<string>") -> PbElection:
    """Parse and check the text of a Pabulib file; ``source`` names it in errors."""
    return _Parser(text, source).parse()


def parse_money(value: str) -> Decimal | None:
    """A non-negative decimal amount (``123`` or ``123.45``), or ``None`` if it is not one."""
    value = value.strip()
    if _MONEY.fullmatch(value) is None:
        return None
    return Decimal(value)


class _Parser:
    """One parse of one text; holds the lines and the source for error messages."""

    def __init__(self, text: str, source: str) -> None:
        if text.startswith("\ufeff"):
            text = text[1:]
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.lines = lines
        self.source = source

    def error(self, message: str, line: int) -> PabulibError:
        return PabulibError(message, source=self.source, line=line)

    # -- records ------------------------------------------------------------------------

    def record(self, i: int) -> tuple[list[str], int]:
        """The fields of the record starting at line index ``i`` and the next line index."""
        line = self.lines[i]
        if '"' not in line:
            return line.split(";"), i + 1
        return self.quoted_record(i)

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
                            raise self.error("unterminated quoted field", start + 1)
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
                    raise self.error(f"text {buf[pos : pos + 10]!r} after a closing quote", i + 1)
                pos += 1
            else:
                end = buf.find(";", pos)
                field = buf[pos:] if end < 0 else buf[pos:end]
                if '"' in field:
                    raise self.error(
                        f"quote inside an unquoted field {field!r} (quote the whole field)",
                        i + 1,
                    )
                fields.append(field)
                if end < 0:
                    return fields, i + 1
                pos = end + 1

    # -- sections -----------------------------------------------------------------------

    def parse(self) -> PbElection:
        lines = self.lines
        n = len(lines)
        i = 0
        current = -1  # index into SECTIONS of the section being read
        header: list[str] | None = None
        header_line = 0
        meta: dict[str, str] = {}
        meta_lines: dict[str, int] = {}
        meta_line = 0
        project_header: list[str] = []
        project_header_line = 0
        projects: list[PbProject] = []
        project_lines: dict[str, int] = {}
        while i < n:
            line = lines[i]
            if not line or line.isspace():  # leniency: blank lines are skipped
                i += 1
                continue
            lineno = i + 1
            fields, i = self.record(i)
            if len(fields) == 1 and fields[0].strip().upper() in SECTIONS:
                name = fields[0].strip().upper()
                k = SECTIONS.index(name)
                if k != current + 1:
                    if k <= current:
                        raise self.error(f"{name} section appears twice or out of order", lineno)
                    raise self.error(
                        f"missing {SECTIONS[current + 1]} section before {name}", lineno
                    )
                if header is None and current >= 0:
                    raise self.error(f"{SECTIONS[current]} section has no header line", lineno)
                current = k
                header = None
                if name == "META":
                    meta_line = lineno
                continue
            if current < 0:
                raise self.error("expected the META section first", lineno)
            if header is None:
                header = fields
                header_line = lineno
                self.check_header(SECTIONS[current], fields, lineno)
                if current == 1:
                    project_header, project_header_line = fields, lineno
                if current == 2:
                    votes = self.read_votes(fields, i)
                    break
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
            else:
                projects.append(self.project(project_header, fields, lineno, project_lines))
        else:
            if current < 2:
                raise self.error(f"missing {SECTIONS[current + 1]} section", max(n, 1))
            raise self.error("VOTES section has no header line", max(n, 1))
        del header_line
        vote_type = self.check_meta(meta, meta_lines, meta_line)
        self.check_votes(votes, vote_type, projects, project_header_line)
        return PbElection(
            meta=meta,
            project_header=tuple(project_header),
            projects=tuple(projects),
            votes=votes.votes,
        )

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

    def read_votes(self, header: list[str], start: int) -> _Votes:
        """Every row after the VOTES header (line index ``start`` on), column by column."""
        rest = self.lines[start:]
        ncols = len(header)
        joined = ";".join(rest)
        if '"' not in joined and rest:
            counts = list(map(str.count, rest, repeat(";")))
            if counts.count(ncols - 1) == len(rest):
                flat = joined.split(";")
                columns = tuple(tuple(flat[k::ncols]) for k in range(ncols))
                return _Votes(PbVotes(tuple(header), columns), start, None)
        rows: list[list[str]] = []
        row_lines: list[int] = []
        i = start
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if not line or line.isspace():
                i += 1
                continue
            lineno = i + 1
            fields, i = self.record(i)
            if len(fields) == 1 and fields[0].strip().upper() in SECTIONS:
                raise self.error(
                    f"{fields[0].strip().upper()} section appears twice or out of order", lineno
                )
            if len(fields) != ncols:
                raise self.error(f"{len(fields)} fields where the VOTES header has {ncols}", lineno)
            rows.append(fields)
            row_lines.append(lineno)
        if rows:
            columns = tuple(tuple(col) for col in zip(*rows, strict=True))
        else:
            columns = tuple(() for _ in header)
        return _Votes(PbVotes(tuple(header), columns), start, row_lines)

    def check_votes(
        self, votes: _Votes, vote_type: str, projects: Sequence[PbProject], header_line: int
    ) -> None:
        pv = votes.votes
        header = pv.header
        voter_ids = pv.column("voter_id")
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
        has_points = "points" in header
        if vote_type in POINT_VOTE_TYPES and not has_points:
            raise self.error(
                f"vote_type {vote_type} needs a 'points' column in VOTES",
                votes.start,  # the VOTES header line (1-based = index of the next line)
            )
        index = {p.project_id: j for j, p in enumerate(projects)}
        try:
            merge_ballots(
                index,
                vote_type,
                pv.column("vote"),
                pv.column("points") if has_points else None,
                keep_points=False,
            )
        except BallotError as exc:
            raise self.error(exc.reason, votes.line(exc.row)) from None
        del header_line


class _Votes:
    """The VOTES columns and how to find the file line of a row (for error messages)."""

    __slots__ = ("row_lines", "start", "votes")

    def __init__(self, votes: PbVotes, start: int, row_lines: list[int] | None) -> None:
        self.votes = votes
        self.start = start  # line index of the first row after the header
        self.row_lines = row_lines

    def line(self, row: int) -> int:
        if self.row_lines is None:
            return self.start + row + 1
        return self.row_lines[row]
