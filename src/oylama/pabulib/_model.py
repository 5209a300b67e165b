"""The Pabulib election as published: META, PROJECTS and VOTES kept verbatim.

Nothing here is rounded or reinterpreted: every column of every section is kept as the text
the file holds, so that a file can be written back unchanged and so that columns this engine
does not use (coordinates, voter age, ...) survive. Money is held as :class:`~decimal.Decimal`
(budgets such as ``1656699.67`` occur) and only turned into integer units by
:meth:`PbElection.to_tally`.

Votes are stored column by column rather than one object per voter: a large city has
~100,000 voters, and columns are both smaller and what the tally needs (identical raw vote
strings are merged before they are split). The reader makes no string per field (see
:class:`PackedColumn`): one Python string per field would take ~60 bytes each, over five times
the file's size for the VOTES section alone. It keeps the VOTES rows as the file's own bytes
and splits a column only when someone asks for it (:class:`RowText`); when the ballots are
large enough that those bytes would cost too much next to them, it keeps the columns it reads
packed and the others (age, sex, district, ...: mostly a few repeated values) compressed
instead. Voter ids that are plain
numbers are held as the steps between them (:meth:`PackedColumn.of_numbers`).
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, overload

import msgspec
import numpy as np
import numpy.typing as npt

from oylama.errors import InputError

if TYPE_CHECKING:
    from oylama.tally import Instance, Profile

VOTE_TYPES: tuple[str, ...] = ("approval", "choose-1", "cumulative", "ordinal", "scoring")
"""The META ``vote_type`` values the format defines."""

POINT_VOTE_TYPES: frozenset[str] = frozenset({"cumulative", "scoring"})
"""Vote types whose ballots give points, so VOTES must have a ``points`` column."""


_MONEY = re.compile(r"[0-9]+(?:\.[0-9]+)?")


class PabulibError(InputError):
    """A malformed Pabulib file; ``source`` and 1-based ``line`` say where."""


def parse_money(value: str) -> Decimal | None:
    """A non-negative decimal amount (``123`` or ``123.45``), or ``None`` if it is not one.

    Surrounding spaces are tolerated; signs, exponents, thousands separators and decimal
    commas are not (``1,000`` could be a thousand or one).
    """
    value = value.strip()
    if _MONEY.fullmatch(value) is None:
        return None
    return Decimal(value)


RepairKind = Literal["repeated-project", "quote"]
"""What a :class:`Repair` forgave: a vote naming a project more than once, or a quotation
mark the strict grammar refuses."""


class Repair(msgspec.Struct, frozen=True):
    """Something the reader forgave in a file, and how it read it instead: a warning.

    Real files carry small slips that have exactly one sensible reading (a vote that names
    project ``1481`` twice in Warsaw 2026; a project name such as ``"Odkupmy" i my`` in
    Częstochowa 2020 that Python's ``csv`` module, and so pabutools, reads as
    ``Odkupmy i my``). Refusing the whole file over them helps nobody, but accepting them
    silently would hide that the file is not what it claims: so each is kept here, where it
    was (``source:line``), what the strict reading objects to (``problem``, the message the
    reader gives when asked to be strict) and what was read instead (``repair``).
    """

    kind: RepairKind
    line: int
    problem: str
    repair: str
    source: str = ""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.source else f"line {self.line}"
        return f"{where}: {self.problem}; {self.repair}"

    def error(self) -> PabulibError:
        """The error a strict reading gives instead of this repair."""
        return PabulibError(self.problem, source=self.source or None, line=self.line)


class PbProject(msgspec.Struct, frozen=True):
    """One PROJECTS row.

    ``columns`` holds every column of the row verbatim in header order, ``project_id`` and
    ``cost`` included; ``cost`` is the same cost read exactly.
    """

    project_id: str
    cost: Decimal
    columns: dict[str, str]

    @classmethod
    def make(cls, project_id: str, cost: str, **columns: str) -> PbProject:
        """A project from its id, its cost as published and other columns (in order)."""
        amount = parse_money(cost)
        if amount is None:
            raise PabulibError(f"cost {cost!r} of project {project_id!r} is not an amount")
        return cls(project_id, amount, {"project_id": project_id, "cost": cost, **columns})


class PbVote(msgspec.Struct, frozen=True):
    """One voter's row, decoded: the projects named (in ballot order; ranked best first for
    ordinal ballots), their points if the file has a ``points`` column, and the other columns
    verbatim."""

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[int, ...] | None
    extra: dict[str, str]


class RowText:
    """VOTES rows as text, split into fields only when a column is asked for.

    For each of ``count`` rows, ``width`` fields in file order, each followed by the ``;``
    or line break that followed it in the file, as UTF-8: either the file's own bytes
    (``data[start:stop]``, held as they are: the reader splits nothing it does not read) or
    a zlib-compressed copy of some of the columns (:meth:`compress`, for when the file's
    bytes would cost too much to keep). With ``crlf`` a CR before a line break is part of
    the line end (as in the file), not of the field. Columns a reader seldom wants (age,
    district, ...) are thus kept at no cost at read time; a reader who asks for one
    (writing the file back, JSON) pays a split then.
    """

    __slots__ = ("_compressed", "_crlf", "_data", "_start", "_stop", "count", "width")

    def __init__(
        self,
        data: bytes | bytearray,
        count: int,
        width: int,
        *,
        start: int = 0,
        stop: int | None = None,
        compressed: bool = False,
        crlf: bool = False,
    ) -> None:
        self._data = data
        self._start = start
        self._stop = len(data) if stop is None else stop
        self._compressed = compressed
        self._crlf = crlf
        self.count = count
        self.width = width

    @classmethod
    def compress(
        cls, raw: bytes | bytearray, count: int, width: int, *, crlf: bool = False
    ) -> RowText:
        """From the uncompressed form (fast compression: this may be done on every read)."""
        return cls(zlib.compress(raw, 1), count, width, compressed=True, crlf=crlf)

    def column(self, j: int) -> tuple[str, ...]:
        """Every row's field ``j`` (0-based among these columns)."""
        if not self.count:
            return ()
        if self._compressed:
            text = zlib.decompress(self._data).decode("utf-8")
        else:
            text = codecs.utf_8_decode(memoryview(self._data)[self._start : self._stop])[0]
        if self._crlf:
            text = text.replace("\r\n", "\n")
        fields = text.replace("\n", ";").split(";")
        return tuple(fields[j : self.count * self.width : self.width])


_MAX_DIGITS = 18
"""Decimal numbers of up to 18 digits fit in an int64."""
_ROWS_AT_ONCE = 1 << 14


def _canonical_decimals(blob: bytes, count: int) -> npt.NDArray[np.int64] | None:
    """The numbers of ``count`` fields joined by line breaks, if each is a canonical decimal
    number (see :meth:`PackedColumn.of_numbers`)."""
    if not count or not blob:
        return None
    buf = np.frombuffer(blob, dtype=np.uint8)
    ends = np.flatnonzero(buf == ord("\n"))
    if len(ends) != count - 1:
        return None
    starts = np.empty(count, dtype=np.int64)
    starts[0] = 0
    starts[1:] = ends + 1
    sizes = np.empty(count, dtype=np.int64)
    sizes[:-1] = ends - starts[:-1]
    sizes[-1] = len(blob) - starts[-1]
    return decimals_at(buf, starts, sizes)


def decimals_at(
    buf: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], sizes: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64] | None:
    """The numbers written at ``buf[starts[i] : starts[i] + sizes[i]]``, if each is a
    canonical decimal number (digits only, no leading zero, 1 to 18 digits), else ``None``.

    Read with numpy a block of fields at a time, one gather per digit position: every byte
    of every field is looked at, and nothing else in ``buf`` (the reader calls this on the
    file's bytes).
    """
    count = len(starts)
    if not count:
        return None
    values = np.empty(count, dtype=np.int64)
    zero = np.uint8(ord("0"))
    for a in range(0, count, _ROWS_AT_ONCE):
        b = min(a + _ROWS_AT_ONCE, count)
        size = sizes[a:b]
        if int(size.min()) < 1 or int(size.max()) > _MAX_DIGITS:
            return None
        first = buf[starts[a:b]] - zero  # a digit becomes 0..9, any other byte 10 or more
        if bool(((first == 0) & (size > 1)).any()):
            return None  # a leading zero ("007" is not the number's text)
        # The last ``width`` bytes up to each field's end, at once: the field's digits,
        # right-aligned, after bytes that lie before it (read as leading zeros).
        width = int(size.max())
        pos = np.add.outer(starts[a:b] + size, np.arange(-width, 0, dtype=starts.dtype))
        np.maximum(pos, 0, out=pos)
        digits = buf[pos] - zero
        del pos
        if int(size.min()) < width:
            before = np.arange(-width, 0) < -size[:, None]
            digits[before] = 0
            del before
        if bool((digits >= 10).any()):
            return None
        part = values[a:b]
        part[:] = digits[:, 0]
        for k in range(1, width):
            part *= 10
            part += digits[:, k]
    return values


def rows_at(
    buf: npt.NDArray[np.uint8],
    starts: npt.NDArray[np.signedinteger[Any]],
    sizes: npt.NDArray[np.signedinteger[Any]],
    raw: bytes,
) -> npt.NDArray[np.int64]:
    """The fields ``i`` (increasing) for which ``buf[starts[i] : starts[i] + sizes[i]]`` is
    ``raw``: the fields of its size, narrowed one byte position at a time (a gather each
    over the candidates left, which shrink fast), without a string per field."""
    rows = np.flatnonzero(sizes == len(raw))
    at = starts[rows]
    for k, byte in enumerate(raw):
        match = buf[at + k] == byte
        rows, at = rows[match], at[match]
    return rows.astype(np.int64)


class PackedColumn(Sequence[str]):
    """A VOTES column held as one UTF-8 buffer: the fields joined by line breaks.

    What the reader stores for a column with no line break in any field (every column it
    splits without the row parser): about one byte per character instead of a string object
    per voter. Strings are made on demand, all at once (:meth:`strings`), and not kept, so a
    column that is read once (``vote`` by the tally, ``voter_id`` by the reader's checks)
    costs its strings only while it is used. It equals any sequence of the same strings
    (a tuple from :meth:`PbVotes.from_rows` or from JSON included). A column may also be
    one of the columns of a :class:`RowText` (the file's rows, or the columns the tally does
    not use, compressed): :meth:`in_text`; its buffer is then made only when asked for.
    """

    __slots__ = ("_blob", "_codes", "_count", "_index", "_start", "_steps", "_text", "_values")

    def __init__(self, blob: bytes | bytearray, count: int) -> None:
        if count == 0 and blob:
            raise ValueError("an empty column holds no text")
        self._blob = blob
        self._count = count
        self._text: RowText | None = None
        self._values: PackedColumn | None = None
        self._codes: npt.NDArray[np.signedinteger[Any]] | None = None
        self._index = 0
        self._start = 0
        self._steps: npt.NDArray[np.signedinteger[Any]] | None = None

    @classmethod
    def in_text(cls, text: RowText, j: int) -> PackedColumn:
        """Column ``j`` of ``text`` (its buffer is made only when asked for)."""
        column = cls(b"", 0)
        column._count = text.count
        column._text = text
        column._index = j
        return column

    @property
    def text(self) -> RowText | None:
        """The :class:`RowText` this column is one of (``None`` if it holds its own)."""
        return self._text

    @classmethod
    def of_codes(
        cls, values: PackedColumn, codes: npt.NDArray[np.signedinteger[Any]]
    ) -> PackedColumn:
        """The column whose field ``i`` is ``values[codes[i]]``: a column of many equal
        fields (votes) held as its distinct fields once each and a small number per row."""
        column = cls(b"", 0)
        column._count = len(codes)
        column._values = values
        column._codes = codes
        return column

    @classmethod
    def of_numbers(cls, blob: bytes, count: int) -> PackedColumn | None:
        """The column ``blob`` holds (``count`` fields) if every field is a canonical
        decimal number (digits only, no leading zero, at most 18 digits), else ``None``.

        Voter ids are such numbers in real files, and mostly count up: they are held as the
        steps between consecutive ids, in the smallest integer type that holds every step
        (Łódź 2022: one byte per voter instead of eleven). The text is exactly
        ``str(number)``, so it is given back verbatim.
        """
        values = _canonical_decimals(blob, count)
        return None if values is None else cls.from_numbers(values)

    @classmethod
    def from_numbers(cls, values: npt.NDArray[np.int64]) -> PackedColumn:
        """The column of the non-negative numbers ``values`` (at least one) written in
        decimal, held as in :meth:`of_numbers`."""
        column = cls(b"", 0)
        column._count = len(values)
        column._start = int(values[0])
        steps = np.diff(values)
        low, high = (int(steps.min()), int(steps.max())) if len(steps) else (0, 0)
        for kind in (np.int8, np.int16, np.int32):
            if np.iinfo(kind).min <= low and high <= np.iinfo(kind).max:
                column._steps = steps.astype(kind)
                break
        else:
            column._steps = steps
        return column

    def increasing(self) -> bool:
        """Whether this is a column of numbers (:meth:`of_numbers`), each above the last:
        then no two fields are equal and none is empty."""
        return self._steps is not None and bool((self._steps > 0).all())

    def numbers(self) -> npt.NDArray[np.int64] | None:
        """The numbers of a column made by :meth:`of_numbers` (else ``None``)."""
        if self._steps is None:
            return None
        values = np.empty(self._count, dtype=np.int64)
        values[0] = self._start
        np.cumsum(self._steps, dtype=np.int64, out=values[1:])
        values[1:] += self._start
        return values

    @classmethod
    def pack(cls, values: Iterable[str]) -> PackedColumn:
        """The packed form of ``values`` (none may hold a line break)."""
        items = list(values)
        if any("\n" in v for v in items):
            raise ValueError("a packed field cannot hold a line break")
        return cls("\n".join(items).encode("utf-8"), len(items))

    @property
    def blob(self) -> bytes | bytearray:
        """The fields in UTF-8, joined by line breaks (read by numpy without strings)."""
        if self._text is not None or self._steps is not None or self._values is not None:
            return "\n".join(self.strings()).encode("utf-8")
        return self._blob

    def rows_of(self, value: str) -> npt.NDArray[np.int64]:
        """The rows (increasing) whose field is ``value``, found in the form the column is
        held in (its codes, its numbers, its buffer) without a string per row where it can
        (a column of a :class:`RowText` makes its strings)."""
        if self._values is not None and self._codes is not None:
            found = np.zeros(len(self._codes), dtype=bool)
            for k in self._values.rows_of(value).tolist():
                found |= self._codes == k
            return np.flatnonzero(found)
        numbers = self.numbers()
        if numbers is not None:  # (fields written exactly as str(number))
            canonical = value.isascii() and value.isdigit() and str(int(value)) == value
            if not canonical or len(value) > _MAX_DIGITS:
                return np.zeros(0, dtype=np.int64)
            return np.flatnonzero(numbers == int(value))
        if self._text is None:
            blob = self._blob
            buf = np.frombuffer(blob, dtype=np.uint8)
            ends = np.flatnonzero(buf == ord("\n"))
            starts = np.empty(self._count, dtype=np.int64)
            starts[:1] = 0
            starts[1:] = ends + 1
            sizes = np.append(ends, len(blob)) - starts
            return rows_at(buf, starts, sizes, value.encode("utf-8"))
        return np.asarray([i for i, v in enumerate(self.strings()) if v == value], np.int64)

    def strings(self) -> tuple[str, ...]:
        """Every field, as strings (made now: the column keeps only its buffer)."""
        if self._text is not None:
            return self._text.column(self._index)
        if self._values is not None and self._codes is not None:
            return tuple(map(self._values.strings().__getitem__, self._codes.tolist()))
        numbers = self.numbers()
        if numbers is not None:
            return tuple(map(str, numbers.tolist()))
        if not self._count:
            return ()
        return tuple(self._blob.decode("utf-8").split("\n"))

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return iter(self.strings())

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[str, ...]: ...
    def __getitem__(self, i: int | slice) -> str | tuple[str, ...]:
        return self.strings()[i]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedColumn):
            return self._count == other._count and self.blob == other.blob
        if isinstance(other, tuple | list):
            return len(other) == self._count and self.strings() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.strings())  # as the equal tuple's

    def __repr__(self) -> str:
        return f"PackedColumn({self.strings()!r})"


class PbVotes(msgspec.Struct, frozen=True, weakref=True):
    """The VOTES section, column by column.

    ``header`` is the VOTES header verbatim (``voter_id`` and ``vote`` among it);
    ``columns[k]`` holds column ``header[k]`` of every voter, in file order: a tuple of
    strings, or (from the reader) a :class:`PackedColumn` equal to it.
    """

    header: tuple[str, ...]
    columns: tuple[Sequence[str], ...]

    @classmethod
    def from_rows(cls, header: Iterable[str], rows: Iterable[Iterable[str]]) -> PbVotes:
        """Votes from rows (each in header order), e.g. ``[("v1", "1,2"), ...]``."""
        head = tuple(header)
        table = [tuple(r) for r in rows]
        for r in table:
            if len(r) != len(head):
                raise PabulibError(f"row {r!r} has {len(r)} fields for {len(head)} columns")
        columns = tuple(zip(*table, strict=True)) if table else tuple(() for _ in head)
        return cls(head, columns)

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def column(self, name: str) -> tuple[str, ...]:
        """Every voter's value of column ``name`` (``KeyError`` if the file has none)."""
        try:
            values = self.columns[self.header.index(name)]
        except ValueError:
            raise KeyError(name) from None
        if isinstance(values, PackedColumn):
            return values.strings()
        return tuple(values)

    def stored(self, name: str) -> Sequence[str]:
        """Column ``name`` as stored (a packed column makes its strings only while iterated:
        the tally counts the distinct votes without keeping one string per voter)."""
        try:
            return self.columns[self.header.index(name)]
        except ValueError:
            raise KeyError(name) from None

    @property
    def voter_ids(self) -> tuple[str, ...]:
        return self.column("voter_id")

    def __iter__(self) -> Iterator[PbVote]:
        """Voters decoded one by one (convenient, not fast: the tally reads the columns)."""
        vote_k = self.header.index("vote")
        voter_k = self.header.index("voter_id")
        points_k = self.header.index("points") if "points" in self.header else -1
        skip = {vote_k, voter_k, points_k}
        columns = [self.column(name) for name in self.header]
        for row in zip(*columns, strict=True):
            raw = row[vote_k]
            projects = tuple(p.strip() for p in raw.split(",")) if raw.strip() else ()
            points = None
            if points_k >= 0:
                raw_pts = row[points_k]
                points = tuple(int(p) for p in raw_pts.split(",")) if raw_pts.strip() else ()
            extra = {self.header[k]: row[k] for k in range(len(row)) if k not in skip}
            yield PbVote(row[voter_k], projects, points, extra)


class PbElection(msgspec.Struct, frozen=True, omit_defaults=True):
    """A whole Pabulib file: META (file order, verbatim), projects (file order) and votes.

    ``project_header`` is the PROJECTS header verbatim (needed to write a file back even
    when it has no projects). Build one with :func:`oylama.pabulib.read` or
    :func:`oylama.pabulib.loads`, which check it thoroughly.

    ``repairs`` lists what the reader forgave in the text it read (in line order; empty for
    a clean file or an election built by hand): it says how this election was read, so the
    engine's JSON form leaves it out and :func:`~oylama.pabulib.from_json` finds its own.
    """

    meta: dict[str, str]
    project_header: tuple[str, ...]
    projects: tuple[PbProject, ...]
    votes: PbVotes
    repairs: tuple[Repair, ...] = ()

    @property
    def budget(self) -> Decimal:
        """The META budget, exactly as published."""
        raw = self.meta.get("budget")
        amount = parse_money(raw) if raw is not None else None
        if amount is None:
            raise PabulibError(f"META budget {raw!r} is not an amount")
        return amount

    @property
    def vote_type(self) -> str:
        vote_type = self.meta.get("vote_type", "").strip()
        if vote_type not in VOTE_TYPES:
            raise PabulibError(f"unknown vote_type {vote_type!r}")
        return vote_type

    @property
    def num_voters(self) -> int:
        return len(self.votes)

    @property
    def project_ids(self) -> tuple[str, ...]:
        return tuple(p.project_id for p in self.projects)

    def to_tally(self) -> tuple[Instance, Profile]:
        """The election as the tally core wants it: integer money and merged ballots.

        See :func:`oylama.pabulib.to_tally`.
        """
        from oylama.pabulib._bridge import to_tally  # noqa: PLC0415  (cycle: bridge uses model)

        return to_tally(self)
