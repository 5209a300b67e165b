"""The engine's own JSON form of an election: the msgspec schema of :class:`PbElection`.

Money stays exact (costs are JSON strings, as :class:`~decimal.Decimal` encodes), every
column stays verbatim, and votes stay column by column. JSON written by hand or by another
tool gets the same checks as a ``.pb`` file: the election is written as Pabulib text and read
back by the reader, which must accept it and return the very same election.

What the reader repaired (:attr:`PbElection.repairs`) says how a ``.pb`` text was read, not
what the election is: the JSON form leaves it out, and :func:`from_json` gives the repairs
its own reading makes (a vote naming a project twice is kept verbatim, so it is repaired
again; a quote the reader repaired is now ordinary text).
"""

from __future__ import annotations

import msgspec

from oylama.pabulib._model import PabulibError, PackedColumn, PbElection, parse_money
from oylama.pabulib._reader import loads
from oylama.pabulib._writer import dumps


def _encode_other(obj: object) -> object:
    """A packed VOTES column is written as the list of its strings."""
    if isinstance(obj, PackedColumn):
        return obj.strings()
    raise NotImplementedError(f"cannot encode {type(obj).__name__}")


_ENCODER = msgspec.json.Encoder(enc_hook=_encode_other)
_DECODER = msgspec.json.Decoder(PbElection)


def to_json(election: PbElection) -> bytes:
    """``election`` as JSON (UTF-8 bytes), without its repairs."""
    if election.repairs:
        election = msgspec.structs.replace(election, repairs=())
    return _ENCODER.encode(election)


def _check_shape(election: PbElection) -> None:
    """What only a hand-made election can get wrong: fields that disagree with columns."""
    header = list(election.project_header)
    for p in election.projects:
        if list(p.columns) != header:
            raise PabulibError(
                f"project {p.project_id!r} has columns {list(p.columns)}, "
                f"the PROJECTS header has {header}"
            )
        if p.columns.get("project_id") != p.project_id:
            raise PabulibError(f"project {p.project_id!r} has another id in its columns")
        if parse_money(p.columns.get("cost", "")) != p.cost:
            raise PabulibError(
                f"project {p.project_id!r}: cost {p.cost} differs from its cost column "
                f"{p.columns.get('cost')!r}"
            )
    votes = election.votes
    if len(votes.columns) != len(votes.header):
        raise PabulibError(
            f"VOTES has {len(votes.columns)} columns for a header of {len(votes.header)}"
        )
    if len({len(c) for c in votes.columns}) > 1:
        raise PabulibError("VOTES columns differ in length")


def from_json(data: bytes | str, source: str = "<json>", *, strict: bool = False) -> PbElection:
    """An election from its JSON form, checked like a ``.pb`` file.

    Errors name ``source``; an error found by the Pabulib reader also gives the line of the
    election written as ``.pb`` (what :func:`oylama.pabulib.dumps` returns), and so do the
    repairs (``strict`` turns the first into an error, as for :func:`~oylama.pabulib.read`).
    Repairs given in the JSON are ignored: the reading decides.
    """
    try:
        election = _DECODER.decode(data)
    except msgspec.DecodeError as exc:
        raise PabulibError(f"not an election in JSON form: {exc}", source=source) from None
    if election.repairs:
        election = msgspec.structs.replace(election, repairs=())
    try:
        _check_shape(election)
        text = dumps(election)
    except PabulibError as exc:
        raise PabulibError(exc.message, source=source) from None
    try:
        checked = loads(text, source=source, strict=strict)
    except PabulibError as exc:
        raise PabulibError(exc.message + _written_line(exc.line), source=source) from None
    repairs = checked.repairs
    if repairs:
        checked = msgspec.structs.replace(checked, repairs=())
    if checked != election:
        raise PabulibError(
            "the election does not read back as itself from .pb (e.g. a line break "
            "written as CR LF inside a field)",
            source=source,
        )
    if not repairs:
        return checked
    return msgspec.structs.replace(
        checked,
        repairs=tuple(
            msgspec.structs.replace(r, problem=r.problem + _written_line(r.line)) for r in repairs
        ),
    )


def _written_line(line: int | None) -> str:
    return f" (line {line} of the election written as .pb)" if line else ""
