"""The electoral roll a credential authority receives: who may vote, in which district.

CSV, UTF-8 (a byte-order mark is accepted), a header row whose first two columns are
``voter_id`` and ``district``; further columns (``name``, an address for the letter, ...) are
allowed and ignored here -- the printer's own tools use them. Every refusal names
``file:line`` so staff can fix the roll before any credential exists.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from pathlib import Path

import msgspec

from oylama.ballots import CITY_WIDE, Definition
from oylama.errors import InputError

HEADER = ("voter_id", "district")


class RollEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One voter of the roll and the line it came from."""

    voter_id: str
    district: str
    line: int


def eligible_districts(definition: Definition) -> frozenset[str]:
    """The roll districts a definition accepts: each district with a ballot of its own or a
    city-wide ballot to cast, and ``city-wide`` itself when there is a city-wide ballot (a
    voter who casts only that one, e.g. in a definition without districts)."""
    city = any(b.city_wide for b in definition.ballots)
    own = {b.district for b in definition.ballots}
    found = {d.id for d in definition.districts if city or d.id in own}
    if city:
        found.add(CITY_WIDE)
    return frozenset(found)


def parse_roll(
    text: str, *, source: str = "<roll>", districts: Collection[str] | None = None
) -> tuple[RollEntry, ...]:
    """The roll's entries in file order. ``districts``, when given, are the districts of the
    ballot definition: a voter of any other district is refused (they would get no ballot)."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries: list[RollEntry] = []
    first_line: dict[str, int] = {}
    header_seen = False
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue  # blank lines carry nothing
            if not header_seen:
                got = tuple(cell.strip() for cell in row[:2])
                if got != HEADER:
                    raise InputError(
                        "header must start with voter_id,district", source=source, line=line
                    )
                header_seen = True
                continue
            if len(row) < 2:
                raise InputError(
                    "expected voter_id,district: missing district", source=source, line=line
                )
            voter_id, district = row[0].strip(), row[1].strip()
            if not voter_id:
                raise InputError("empty voter_id", source=source, line=line)
            if not district:
                raise InputError(f"voter {voter_id!r}: empty district", source=source, line=line)
            if voter_id in first_line:
                raise InputError(
                    f"voter {voter_id!r} already on line {first_line[voter_id]}",
                    source=source,
                    line=line,
                )
            if districts is not None and district not in districts:
                raise InputError(
                    f"voter {voter_id!r}: district {district!r} has no ballot in the definition",
                    source=source,
                    line=line,
                )
            first_line[voter_id] = line
            entries.append(RollEntry(voter_id=voter_id, district=district, line=line))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", source=source, line=reader.line_num) from None
    if not header_seen:
        raise InputError("empty roll: no header row", source=source)
    if not entries:
        raise InputError("the roll has no voters", source=source)
    return tuple(entries)


def load_roll(path: Path, *, districts: Collection[str] | None = None) -> tuple[RollEntry, ...]:
    """:func:`parse_roll` of a file (UTF-8)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8", source=str(path), line=line) from None
    return parse_roll(text, source=str(path), districts=districts)
