"""Reading a ballot definition: TOML -> checked :class:`Definition`, every error at file:line.

Three stages, each reporting ``source:line: field.path: reason`` (an :class:`InputError`):

1. ``tomllib`` parses (its own error already carries line and column);
2. money is read exactly (integers or quoted decimals; floats are refused) and msgspec converts
   the document into the Structs, refusing unknown keys, missing keys and wrong types;
3. :func:`oylama.ballots._check.problems` checks what types cannot say.

Lines come from :mod:`oylama.ballots._locate`; msgspec names the offending path in its message
(``... - at `$.ballots[0].projects[3]```), which is mapped back to the text.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any

import msgspec

from oylama.ballots._check import Problem, problems
from oylama.ballots._locate import Path, line_of, locate
from oylama.ballots._model import KINDS, Ballot, Definition, Project
from oylama.errors import InputError


class DefinitionError(InputError):
    """A ballot definition that is refused. ``problems`` lists every problem found (the
    first is the error's own message); each has its field path and line."""

    def __init__(self, found: list[Problem], *, source: str | None) -> None:
        self.problems = found
        first = found[0]
        message = f"{first.field}: {first.reason}" if first.path else first.reason
        super().__init__(message, source=source, line=first.line)

    def messages(self) -> list[str]:
        """Every problem as ``source:line: field.path: reason`` (what the CLI prints)."""
        return [
            str(
                InputError(
                    f"{p.field}: {p.reason}" if p.path else p.reason,
                    source=self.source,
                    line=p.line,
                )
            )
            for p in self.problems
        ]


_MONEY = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_AT = re.compile(r"^(?P<msg>.*) - at `\$(?P<path>[^`]*)`$", re.DOTALL)
_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[\"((?:[^\"\\]|\\.)*)\"\]")
_FIELD_IN_MSG = re.compile(r"(?:unknown|missing required) field `([^`]+)`")


def _parse_msgspec_path(text: str) -> Path:
    out: list[str | int] = []
    for m in _PATH_PART.finditer(text):
        if m.group(1) is not None:
            out.append(m.group(1))
        elif m.group(2) is not None:
            out.append(int(m.group(2)))
        else:
            out.append(m.group(3))
    return tuple(out)


def _money(value: object, path: Path, found: list[Problem], lines: dict[Path, int]) -> object:
    """An exact amount from an int or a decimal string; a float or a malformed string is a
    problem (the value is then left for the type check, which refuses it)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str) and _MONEY.fullmatch(value.strip()):
        return Decimal(value.strip())
    if isinstance(value, float):
        reason = (
            f'write money as an integer or a quoted decimal string (e.g. "{value}"), '
            "not a float: floats are inexact"
        )
    elif isinstance(value, str):
        reason = f"{value!r} is not an amount (digits with an optional decimal point)"
    else:
        return value
    found.append(Problem(path, line_of(lines, path), reason))
    return value


def _read_money(doc: dict[str, Any], lines: dict[Path, int]) -> list[Problem]:
    """Replace ``ballots[i].budget`` and ``ballots[i].projects[j].cost`` by Decimals in place."""
    found: list[Problem] = []
    ballots = doc.get("ballots")
    if not isinstance(ballots, list):
        return found
    for i, ballot in enumerate(ballots):
        if not isinstance(ballot, dict):
            continue
        if "budget" in ballot:
            ballot["budget"] = _money(ballot["budget"], ("ballots", i, "budget"), found, lines)
        projects = ballot.get("projects")
        if not isinstance(projects, list):
            continue
        for j, project in enumerate(projects):
            if isinstance(project, dict) and "cost" in project:
                path: Path = ("ballots", i, "projects", j, "cost")
                project["cost"] = _money(project["cost"], path, found, lines)
    return found


def _schema_problem(exc: msgspec.ValidationError, lines: dict[Path, int]) -> Problem:
    text = str(exc)
    m = _AT.match(text)
    path: Path
    if m is None:  # an error at the top level has no path
        message, path = text, ()
    else:
        message, path = m.group("msg"), _parse_msgspec_path(m.group("path"))
    named = _FIELD_IN_MSG.search(message)
    if named is not None:
        # The message names the field inside the object at ``path``; point at it (or, when it
        # is missing, at its table's header, via line_of's fallback).
        path = (*path, named.group(1))
        if message.startswith("Object contains unknown field"):
            message = "unknown field (a typo? see docs/ballots.md for the fields)"
            if (
                len(path) == 5
                and path[2] == "projects"
                and path[4] in Ballot.__struct_fields__
                and path[4] not in Project.__struct_fields__
            ):
                message += (
                    f"; {path[4]!r} is a ballot field: keys after a [[ballots.projects]] "
                    "header belong to that project, so write the ballot's keys above its "
                    "first project"
                )
        else:
            message = "missing required field"
    elif path and path[-1] == "kind" and message.startswith("Invalid enum value"):
        message += f"; use one of {', '.join(KINDS)}"
    return Problem(path, line_of(lines, path), message)


def loads(text: str, *, source: str | None = None) -> Definition:
    """Parse and check a ballot definition; raises :class:`DefinitionError` (an
    :class:`InputError`) naming ``source:line`` and the field path of the first problem."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(m.group(1)) if m else None
        raise DefinitionError(
            [Problem((), line, f"not valid TOML: {exc}")], source=source
        ) from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise DefinitionError(
            [Problem((), None, "not a ballot definition: TOML nested too deeply")], source=source
        ) from None
    return _check_document(doc, locate(text), source)


def _check_document(doc: object, lines: dict[Path, int], source: str | None) -> Definition:
    """Stages 2 and 3 on a parsed document (TOML's tables or JSON's objects): one pipeline,
    so a definition is refused with the same messages whichever form it came in."""
    if not isinstance(doc, dict):
        raise DefinitionError(
            [Problem((), None, "not a ballot definition: expected a table of fields")],
            source=source,
        )
    found = _read_money(doc, lines)
    if found:
        raise DefinitionError(found, source=source)
    try:
        definition = msgspec.convert(doc, Definition)
    except msgspec.ValidationError as exc:
        raise DefinitionError([_schema_problem(exc, lines)], source=source) from None
    found = [Problem(p.path, line_of(lines, p.path), p.reason) for p in problems(definition)]
    if found:
        raise DefinitionError(found, source=source)
    return definition


def from_json(data: bytes | str, *, source: str | None = None) -> Definition:
    """Decode and check a definition in its JSON form (the API upload and the console's
    forms; msgspec's encoding of :class:`Definition`, money as decimal strings, dates as
    RFC 3339 text). The checks and messages are exactly those of :func:`loads`; problems name
    the field path (JSON has no useful lines)."""
    try:
        doc = msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise DefinitionError(
            [Problem((), None, f"not valid JSON: {exc}")], source=source
        ) from None
    except RecursionError:
        raise DefinitionError(
            [Problem((), None, "not a ballot definition: JSON nested too deeply")], source=source
        ) from None
    return _check_document(doc, {}, source)


def load(path: str | FsPath) -> Definition:
    """Read and check the ballot definition file at ``path`` (UTF-8 TOML)."""
    p = FsPath(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(p)) from None
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Windows editors) is dropped
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", source=str(p), line=line) from None
    return loads(text, source=str(p))
