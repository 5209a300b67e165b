"""Writing a definition back as TOML (e.g. what the service stored, for staff to edit).

The output is plain and canonical: one ``[election]`` table, ``[[districts]]``, then each
``[[ballots]]`` with its keys before its ``[[ballots.projects]]``; texts as inline tables, money
as an integer or a quoted decimal string, unset optional fields omitted. ``loads(dumps(d))``
equals ``d`` for every valid definition ``d`` (tests/test_ballots.py checks it by property).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

import msgspec

from oylama.ballots._model import Ballot, Definition


def _string(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        text = format(v, "f")
        return text if "." not in text else _string(text)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):  # a TOML local date
        return v.isoformat()
    if isinstance(v, tuple):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, msgspec.Struct):
        pairs = _pairs(v)
        return "{ " + ", ".join(f"{k} = {x}" for k, x in pairs) + " }" if pairs else "{}"
    raise TypeError(f"cannot write {type(v).__name__}")  # pragma: no cover


def _pairs(obj: msgspec.Struct, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name in obj.__struct_fields__:
        v = getattr(obj, name)
        if name in skip or v is None:
            continue
        out.append((name, _value(v)))
    return out


def dumps(definition: Definition) -> str:
    """``definition`` as TOML text."""
    lines = ["[election]"]
    lines += [f"{k} = {v}" for k, v in _pairs(definition.election)]
    for district in definition.districts:
        lines += ["", "[[districts]]"]
        lines += [f"{k} = {v}" for k, v in _pairs(district)]
    ballot: Ballot
    for ballot in definition.ballots:
        lines += ["", "[[ballots]]"]
        lines += [f"{k} = {v}" for k, v in _pairs(ballot, skip=("projects",))]
        if not ballot.projects:
            lines.append("projects = []")
        for project in ballot.projects:
            lines += ["", "[[ballots.projects]]"]
            lines += [f"{k} = {v}" for k, v in _pairs(project)]
    return "\n".join(lines) + "\n"
