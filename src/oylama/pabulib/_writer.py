"""Write a :class:`PbElection` back as a Pabulib file.

Output is UTF-8 with LF line ends; a field is quoted only when it must be (it holds ``;``,
a quote or a line break), so a file read and written back differs from the original only in
line ends and in quoting that was not needed. Every column is written verbatim: what
:func:`~oylama.pabulib.read` kept is what is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from oylama.pabulib._model import PabulibError, PbElection

_SPECIAL = (";", '"', "\n", "\r")


def _needs_quotes(field: str) -> bool:
    return any(c in field for c in _SPECIAL)


def _quote(field: str) -> str:
    if _needs_quotes(field):
        return '"' + field.replace('"', '""') + '"'
    return field


def _row(fields: Iterable[str]) -> str:
    return ";".join([_quote(f) for f in fields])


def _column(values: Sequence[str]) -> Sequence[str]:
    """A column ready to join: quoted where needed (checked for the column at once)."""
    joined = "\0".join(values)
    if any(c in joined for c in _SPECIAL):
        return [_quote(v) for v in values]
    return values


def dumps(election: PbElection) -> str:
    """The Pabulib text of ``election`` (sections META, PROJECTS, VOTES; LF line ends)."""
    out: list[str] = ["META", "key;value"]
    out.extend(_row(item) for item in election.meta.items())
    out.append("PROJECTS")
    header = election.project_header
    out.append(_row(header))
    for p in election.projects:
        if list(p.columns) != list(header):
            raise PabulibError(
                f"project {p.project_id!r} has columns {list(p.columns)}, "
                f"the PROJECTS header has {list(header)}"
            )
        out.append(_row(p.columns.values()))
    out.append("VOTES")
    votes = election.votes
    if len(votes.columns) != len(votes.header):
        raise PabulibError(
            f"VOTES has {len(votes.columns)} columns for a header of {len(votes.header)}"
        )
    if len({len(c) for c in votes.columns}) > 1:
        raise PabulibError("VOTES columns differ in length")
    out.append(_row(votes.header))
    if len(votes):
        out.append("\n".join(map(";".join, zip(*map(_column, votes.columns), strict=True))))
    out.append("")
    return "\n".join(out)


def write(election: PbElection, path: str | os.PathLike[str]) -> None:
    """Write ``election`` to ``path`` (UTF-8, LF line ends)."""
    Path(path).write_bytes(dumps(election).encode("utf-8"))
