"""Projects from a spreadsheet (CSV, XLSX) or a Pabulib file, and a ballot as a Pabulib file.

Staff keep project lists in spreadsheets. :func:`read_sheet` reads one -- the first row names
the columns (:data:`COLUMNS`, in any order; ``id``, ``name_tr`` and ``cost`` required) -- and
:func:`project_documents` turns each row into a project of the definition's JSON form. The
definition with the imported projects is then checked by the one ballot loader
(``oylama.ballots.from_json``, the checks and messages of ``oylama ballot validate``), and
:func:`cell_of` maps each problem's field path back to its row and column, so staff see
"row 7, cost: …" for the cell to fix. Nothing is saved unless every row passes.

List cells (``categories``, ``sdg``, ``audience``) separate items with ``;``. Amounts are
written as the definition writes them: digits with an optional decimal point (no thousands
separators, no decimal comma: ``1.000`` would be one, not a thousand).

An XLSX file is a ZIP of XML files, so it is opened only after its directory is checked:
at most :data:`MAX_MEMBERS` members and :data:`MAX_UNPACKED` bytes unpacked in all, each
member compressed at most :data:`MAX_RATIO` to one (a "ZIP bomb" of a few kilobytes that
unpacks to gigabytes is refused before anything is unpacked; Python's ``zipfile`` never
returns more than a member's declared size). openpyxl then reads it in read-only mode, through
defusedxml (no XML entity expansion), row by row, at most :data:`MAX_ROWS` rows.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, Literal

from oylama import ballots, pabulib
from oylama.ballots import Ballot, Definition
from oylama.errors import InputError

#: The columns a project sheet may have, in the order an exported sheet has them.
COLUMNS: Final = (
    "id",
    "name_tr",
    "name_en",
    "description_tr",
    "description_en",
    "cost",
    "categories",
    "sdg",
    "audience",
    "start",
    "latitude",
    "longitude",
    "neighbourhood",
    "address",
)
REQUIRED: Final = ("id", "name_tr", "cost")
LISTS: Final = ("categories", "sdg", "audience")

#: Largest sheet accepted (bytes), CSV or XLSX.
MAX_SHEET_BYTES: Final = 5 * 1024 * 1024

#: Most projects one import adds (a ballot has at most this many).
MAX_ROWS: Final = 1024

#: Most columns read of a row.
MAX_COLUMNS: Final = 40

#: XLSX guards: members, bytes unpacked in all, compression ratio of any member.
MAX_MEMBERS: Final = 1000
MAX_UNPACKED: Final = 50 * 1024 * 1024
MAX_RATIO: Final = 200

Format = Literal["csv", "xlsx", "pabulib"]


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A refused cell (``row`` 1 is the header; ``None``: the whole file)."""

    row: int | None
    column: str | None
    message: str


class SheetError(InputError):
    """A file whose rows cannot be imported; ``problems`` lists every one found."""

    def __init__(self, problems: list[CellProblem]) -> None:
        self.problems = problems
        first = problems[0]
        where = "" if first.row is None else f"row {first.row}"
        if first.column:
            where = f"{where}, {first.column}" if where else first.column
        super().__init__(f"{where}: {first.message}" if where else first.message)


def _refuse(message: str, row: int | None = None, column: str | None = None) -> SheetError:
    return SheetError([CellProblem(row, column, message)])


# -- reading sheets ----------------------------------------------------------------------------


Row = dict[str, object]


def _header(cells: Sequence[object]) -> tuple[list[str | None], list[CellProblem]]:
    names: list[str | None] = []
    problems: list[CellProblem] = []
    seen: set[str] = set()
    for k, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip().lower()
        if not text:
            names.append(None)
            continue
        if text not in COLUMNS:
            problems.append(
                CellProblem(
                    1,
                    text,
                    f"unknown column {text!r} (column {k + 1}); the columns are "
                    f"{', '.join(COLUMNS)}",
                )
            )
        elif text in seen:
            problems.append(CellProblem(1, text, f"column {text!r} is given twice"))
        seen.add(text)
        names.append(text)
    for needed in REQUIRED:
        if needed not in seen:
            problems.append(CellProblem(1, needed, f"the required column {needed!r} is missing"))
    return names, problems


def _rows(table: list[Sequence[object]]) -> list[Row]:
    if not table:
        raise _refuse("the sheet is empty: the first row names the columns", 1)
    names, problems = _header(table[0])
    if problems:
        raise SheetError(problems)
    rows: list[Row] = []
    for cells in table[1:]:
        row = {
            name: cell
            for name, cell in zip(names, cells, strict=False)
            if name is not None and cell is not None and str(cell).strip() != ""
        }
        rows.append(row)
    while rows and not rows[-1]:  # trailing empty rows (spreadsheets keep some)
        rows.pop()
    if not rows:
        raise _refuse("the sheet has a header but no project rows", 2)
    if len(rows) > MAX_ROWS:
        raise _refuse(f"{len(rows)} rows; at most {MAX_ROWS} projects can be imported at once")
    return rows


def _csv_table(data: bytes) -> list[Sequence[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _refuse("not UTF-8 text (save the sheet as 'CSV UTF-8')", line) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    table: list[Sequence[object]] = []
    try:
        for cells in reader:
            table.append(cells[:MAX_COLUMNS])
            if len(table) > MAX_ROWS + 1 and any(c.strip() for c in cells):
                raise _refuse(f"more than {MAX_ROWS} rows; at most {MAX_ROWS} projects at once")
    except csv.Error as exc:
        raise _refuse(f"not a CSV file: {exc}", reader.line_num) from None
    return table


def check_zip(data: bytes) -> None:
    """Refuse an XLSX (ZIP) file that would unpack to too much (the module docstring)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse("not an XLSX file (an XLSX file is a ZIP archive)") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _refuse(f"the XLSX file has {len(members)} parts; at most {MAX_MEMBERS}")
        total = 0
        for m in members:
            total += m.file_size
            if total > MAX_UNPACKED:
                raise _refuse(
                    f"the XLSX file would unpack to more than {MAX_UNPACKED:,} bytes "
                    "(a ZIP bomb?); refused before unpacking"
                )
            if m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise _refuse(
                    f"the XLSX part {m.filename[:80]!r} is compressed {m.file_size:,} to "
                    f"{m.compress_size:,} bytes (a ZIP bomb?); refused before unpacking"
                )


def _xlsx_table(data: bytes) -> list[Sequence[object]]:
    check_zip(data)
    import openpyxl  # noqa: PLC0415 (only staff imports need it)

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _refuse(f"not a readable XLSX file ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise _refuse("the XLSX file has no worksheet")
        table: list[Sequence[object]] = []
        for cells in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            table.append(list(cells))
            if len(table) > MAX_ROWS + 1 and any(c is not None for c in cells):
                raise _refuse(f"more than {MAX_ROWS} rows; at most {MAX_ROWS} projects at once")
        return table
    finally:
        book.close()


def read_sheet(data: bytes, fmt: Literal["csv", "xlsx"]) -> list[Row]:
    """The project rows of a sheet, by column name (empty cells left out)."""
    if len(data) > MAX_SHEET_BYTES:
        raise _refuse(f"the file has {len(data):,} bytes; a sheet may have {MAX_SHEET_BYTES:,}")
    table = _csv_table(data) if fmt == "csv" else _xlsx_table(data)
    return _rows(table)


# -- rows to projects --------------------------------------------------------------------------


def _text(value: object) -> str:
    """A cell as text (numbers as their shortest exact form)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**63:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value).strip()


def _number(value: object, row: int, column: str, problems: list[CellProblem]) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        number = float(_text(value))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        problems.append(CellProblem(row, column, f"{_text(value)!r} is not a number"))
        return None
    return number


def _date(value: object, row: int, column: str, problems: list[CellProblem]) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    problems.append(CellProblem(row, column, f"{text!r} is not a date (write YYYY-MM-DD)"))
    return None


def project_documents(rows: list[Row]) -> list[dict[str, Any]]:
    """Each row as a project of the definition's JSON form; :class:`SheetError` naming
    every cell that is not a number or a date where one is needed. Everything else is left
    to the definition's checks."""
    problems: list[CellProblem] = []
    out: list[dict[str, Any]] = []
    for k, row in enumerate(rows):
        r = k + 2
        doc: dict[str, Any] = {}
        if "id" in row:
            doc["id"] = _text(row["id"])
        name = {lang: _text(row[f"name_{lang}"]) for lang in ("tr", "en") if f"name_{lang}" in row}
        if name:
            doc["name"] = name
        description = {
            lang: _text(row[f"description_{lang}"])
            for lang in ("tr", "en")
            if f"description_{lang}" in row
        }
        if description:
            doc["description"] = description
        if "cost" in row:
            cost = row["cost"]
            doc["cost"] = (
                cost if isinstance(cost, int) and not isinstance(cost, bool) else _text(cost)
            )
        for column in LISTS:
            if column in row:
                doc[column] = [x.strip() for x in _text(row[column]).split(";") if x.strip()]
        for column in ("latitude", "longitude"):
            if column in row:
                doc[column] = _number(row[column], r, column, problems)
        if "start" in row:
            doc["start"] = _date(row["start"], r, "start", problems)
        for column in ("neighbourhood", "address"):
            if column in row:
                doc[column] = _text(row[column])
        out.append(doc)
    if problems:
        raise SheetError(problems)
    return out


#: A definition field path's first parts (after ``projects[j]``) -> the sheet's column.
_FIELD_COLUMNS: Final[dict[tuple[str, ...], str]] = {
    ("name", "tr"): "name_tr",
    ("name", "en"): "name_en",
    ("name",): "name_tr",
    ("description", "tr"): "description_tr",
    ("description", "en"): "description_en",
    ("description",): "description_tr",
}


def cell_of(path: tuple[str | int, ...], ballot_index: int, first: int) -> tuple[int, str] | None:
    """The (row, column) of a definition problem's path, if it is a field of an imported
    project (``ballots[ballot_index].projects[j]``, ``j >= first``; row 2 is the first)."""
    if len(path) < 5 or path[:3] != ("ballots", ballot_index, "projects"):
        return None
    j = path[3]
    if not isinstance(j, int) or j < first:
        return None
    rest = tuple(str(p) for p in path[4:] if isinstance(p, str))
    column = _FIELD_COLUMNS.get(rest[:2]) or _FIELD_COLUMNS.get(rest[:1]) or rest[0]
    return j - first + 2, column


def with_projects(
    definition: Definition, ballot_id: str, projects: list[dict[str, Any]], *, replace: bool
) -> tuple[bytes, int, int]:
    """The definition's JSON form with ``projects`` added to (or replacing those of) the
    ballot; ``(json, ballot index, index of the first imported project)``."""
    import msgspec  # noqa: PLC0415

    doc = msgspec.to_builtins(definition)
    index = next((i for i, b in enumerate(definition.ballots) if b.id == ballot_id), None)
    if index is None:
        raise InputError(f"no ballot {ballot_id!r} in the definition")
    ballot = doc["ballots"][index]
    kept = [] if replace else list(ballot["projects"])
    ballot["projects"] = kept + projects
    return msgspec.json.encode(doc), index, len(kept)


# -- Pabulib ------------------------------------------------------------------------------------

_SDG = re.compile(r"SDG([1-9]|1[0-7])")


def pabulib_rows(text: str) -> list[Row]:
    """The projects of a Pabulib file as sheet rows (``project_id`` → ``id``, ``name`` →
    ``name_tr``, ``category`` → ``categories``, ``target``: SDG tags → ``sdg``, the rest →
    ``audience``, ``latitude``, ``longitude``, ``description`` → ``description_tr``)."""
    try:
        election = pabulib.loads(text, source="pabulib")
    except pabulib.PabulibError as exc:
        raise _refuse(f"not a Pabulib file: {exc}") from None
    rows: list[Row] = []
    for p in election.projects:
        c = p.columns
        row: Row = {"id": p.project_id, "cost": c.get("cost", str(p.cost))}
        if c.get("name"):
            row["name_tr"] = c["name"]
        if c.get("description"):
            row["description_tr"] = c["description"]
        if c.get("category"):
            row["categories"] = ";".join(x.strip() for x in c["category"].split(","))
        targets = [x.strip() for x in c.get("target", "").split(",") if x.strip()]
        if any(_SDG.fullmatch(t) for t in targets):
            row["sdg"] = ";".join(t for t in targets if _SDG.fullmatch(t))
        if any(not _SDG.fullmatch(t) for t in targets):
            row["audience"] = ";".join(t for t in targets if not _SDG.fullmatch(t))
        for column in ("latitude", "longitude"):
            if c.get(column):
                row[column] = c[column]
        rows.append(row)
    if not rows:
        raise _refuse("the Pabulib file has no projects")
    if len(rows) > MAX_ROWS:
        raise _refuse(f"{len(rows)} projects; at most {MAX_ROWS} can be imported at once")
    return rows


_VOTE_TYPES: Final = {
    "approval": "approval",
    "knapsack": "approval",
    "cumulative": "cumulative",
    "quadratic": "scoring",
}


def pabulib_export(
    definition: Definition,
    ballot: Ballot,
    *,
    scores: list[int] | None = None,
    selected: Sequence[str] | None = None,
) -> str:
    """One ballot as a Pabulib file: META, PROJECTS (with ``votes`` and ``selected`` once
    published) and an empty VOTES section -- individual ballots are encrypted and are never
    decrypted, only the per-project totals are."""
    e = definition.election
    meta = {
        "description": e.title.en or e.title.tr,
        "country": "Turkey" if e.currency == "TRY" else "",
        "unit": e.city,
        "subunit": ballot.district,
        "instance": e.id,
        "num_projects": str(len(ballot.projects)),
        "num_votes": "0",
        "budget": _money(ballot.budget),
        "vote_type": _VOTE_TYPES[ballot.kind],
        "rule": ballot.rule,
        "currency": e.currency,
        "language": "tr",
    }
    if ballot.kind == "cumulative" and ballot.points is not None:
        meta["max_sum_points"] = str(ballot.points)
    if ballot.kind == "quadratic" and ballot.max_votes is not None:
        meta["min_points"] = str(-ballot.max_votes if ballot.signed else 0)
        meta["max_points"] = str(ballot.max_votes)
    if ballot.min_count:
        meta["min_length"] = str(ballot.min_count)
    if ballot.max_count is not None:
        meta["max_length"] = str(ballot.max_count)
    meta = {k: v for k, v in meta.items() if v}
    header = ["project_id", "cost", "name", "category", "target", "latitude", "longitude"]
    if scores is not None:
        header[2:2] = ["votes"]
        header.append("selected")
    projects = []
    chosen = set(selected or ())
    for j, p in enumerate(ballot.projects):
        columns = {
            "name": p.name.tr,
            "category": ",".join(p.categories),
            "target": ",".join([*p.sdg, *p.audience]),
            "latitude": "" if p.latitude is None else repr(p.latitude),
            "longitude": "" if p.longitude is None else repr(p.longitude),
        }
        if scores is not None:
            columns = {"votes": str(scores[j]), **columns, "selected": str(int(p.id in chosen))}
        projects.append(pabulib.PbProject.make(p.id, _money(p.cost), **columns))
    election = pabulib.PbElection(
        meta=meta,
        project_header=tuple(header),
        projects=tuple(projects),
        votes=pabulib.PbVotes.from_rows(("voter_id", "vote"), []),
    )
    return pabulib.dumps(election)


def _money(amount: Decimal) -> str:
    return format(amount.normalize() if amount != amount.to_integral() else amount, "f")


def sheet_text(ballot: Ballot) -> str:
    """A ballot's projects as a CSV sheet with :data:`COLUMNS` (what :func:`read_sheet`
    reads back): the console's "export projects"."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for p in ballot.projects:
        writer.writerow(
            [
                p.id,
                p.name.tr,
                p.name.en or "",
                p.description.tr if p.description else "",
                (p.description.en or "") if p.description else "",
                _money(p.cost),
                ";".join(p.categories),
                ";".join(p.sdg),
                ";".join(p.audience),
                p.start.isoformat() if p.start else "",
                "" if p.latitude is None else repr(p.latitude),
                "" if p.longitude is None else repr(p.longitude),
                p.neighbourhood or "",
                p.address or "",
            ]
        )
    return buf.getvalue()


__all__ = [
    "COLUMNS",
    "CellProblem",
    "SheetError",
    "ballots",
    "cell_of",
    "check_zip",
    "pabulib_export",
    "pabulib_rows",
    "project_documents",
    "read_sheet",
    "sheet_text",
    "with_projects",
]
