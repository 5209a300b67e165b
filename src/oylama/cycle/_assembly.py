"""Payloads of neighbourhood assemblies on the participation log (docs/spec/cycle.md §6).

An ``assembly`` entry states a whole meeting as it stands -- date, district, neighbourhood,
attendees, agenda with the projects and proposals each item concerns, minutes, slips issued,
items under a quick vote -- so that a reader needs only the latest entry of an id (its
``revision`` counts them). An ``assembly-decision`` entry is one item's advisory decision,
once: a show of hands the assembly's secretary counted (``hands``) or the tally of a quick vote
with one-time slips (``codes``). Both are advisory: nothing in the ballot follows from them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Final, Literal

import msgspec

from oylama.board import EntryKind
from oylama.cycle._log import decode_cycle_payload
from oylama.cycle._phases import Account
from oylama.errors import InputError

#: Limits of what staff write (characters, items); checked again by the service.
MAX_TITLE: Final = 200
MAX_ITEM_TEXT: Final = 500
MAX_ITEMS: Final = 30
MAX_LINKS: Final = 20
MAX_MINUTES: Final = 20_000
MAX_ADVICE: Final = 2_000
MAX_ATTENDEES: Final = 100_000
#: Most quick-vote slips of one assembly (all batches together).
MAX_SLIPS: Final = 5_000

Id = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_ATTENDEES)]
Method = Literal["hands", "codes"]
Choice = Literal["yes", "no", "abstain"]


class AgendaItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One item of an agenda: its text and the ballot projects and proposals it concerns."""

    text: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_ITEM_TEXT)]
    projects: Annotated[tuple[Id, ...], msgspec.Meta(max_length=MAX_LINKS)] = ()
    proposals: Annotated[tuple[Id, ...], msgspec.Meta(max_length=MAX_LINKS)] = ()


class AssemblyPayload(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The ``assembly`` entry: a meeting as it stands after its ``revision``-th change.

    ``date`` is ``YYYY-MM-DD``; ``district`` a district id of the definition (or
    ``city-wide``); items are numbered from 1 in ``agenda`` order; ``voting`` the items whose
    quick vote is open; ``slips`` how many one-time slips were issued; ``by`` the staff
    account that made this change.
    """

    id: Id
    revision: Annotated[int, msgspec.Meta(ge=1)]
    date: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    district: Id
    neighbourhood: Annotated[str, msgspec.Meta(min_length=1, max_length=128)] | None
    attendees: Count
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TITLE)]
    agenda: Annotated[tuple[AgendaItem, ...], msgspec.Meta(min_length=1, max_length=MAX_ITEMS)]
    minutes: Annotated[str, msgspec.Meta(max_length=MAX_MINUTES)]
    slips: Annotated[int, msgspec.Meta(ge=0, le=MAX_SLIPS)]
    voting: tuple[Annotated[int, msgspec.Meta(ge=1, le=MAX_ITEMS)], ...]
    by: Account


class AssemblyDecisionPayload(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True
):
    """The ``assembly-decision`` entry: item ``item`` (from 1) of assembly ``assembly``
    decided by ``method`` with these counts; ``advice`` is the advisory text."""

    assembly: Id
    item: Annotated[int, msgspec.Meta(ge=1, le=MAX_ITEMS)]
    method: Method
    yes: Annotated[int, msgspec.Meta(ge=0, le=MAX_SLIPS + MAX_ATTENDEES)]
    no: Annotated[int, msgspec.Meta(ge=0, le=MAX_SLIPS + MAX_ATTENDEES)]
    abstain: Annotated[int, msgspec.Meta(ge=0, le=MAX_SLIPS + MAX_ATTENDEES)]
    advice: Annotated[str, msgspec.Meta(max_length=MAX_ADVICE)]
    by: Account


def check_assemblies(entries: Iterable[tuple[int, EntryKind, bytes]]) -> None:
    """Check the rules of cycle §6 across a participation log's assembly entries (``index,
    kind, payload``, in log order; other kinds are skipped); :class:`InputError` naming the
    first entry that breaks one. Each payload must already decode as its kind's Struct.

    Per assembly id: revisions 1, 2, 3, ...; date, district, attendees, title and agenda
    never change; slips never decrease; ``voting`` ascending, each an agenda item; one decision
    per item, after the assembly's first entry; by show of hands at most ``attendees`` hands;
    by slips only for an item that was under a quick vote (and no longer is in the next
    ``assembly`` entry), at most ``slips`` votes.
    """
    latest: dict[str, AssemblyPayload] = {}
    decided: set[tuple[str, int]] = set()
    closing: dict[str, set[int]] = {}
    for index, kind, payload in entries:
        where = f"entry {index}"
        if kind is EntryKind.ASSEMBLY:
            a = decode_cycle_payload(payload, AssemblyPayload)
            before = latest.get(a.id)
            if a.revision != (1 if before is None else before.revision + 1):
                raise InputError(f"{where}: assembly {a.id!r} revision {a.revision} out of order")
            if list(a.voting) != sorted(set(a.voting)) or any(n > len(a.agenda) for n in a.voting):
                raise InputError(f"{where}: assembly {a.id!r} voting names unknown items")
            if before is not None:
                fixed = ("date", "district", "neighbourhood", "attendees", "title", "agenda")
                changed = [f for f in fixed if getattr(a, f) != getattr(before, f)]
                if changed:
                    raise InputError(f"{where}: assembly {a.id!r} changed {', '.join(changed)}")
                if a.slips < before.slips:
                    raise InputError(f"{where}: assembly {a.id!r} has fewer slips than before")
            for n in closing.pop(a.id, set()):
                if n in a.voting:
                    raise InputError(f"{where}: item {n} of {a.id!r} decided but still voting")
            for n in a.voting:
                if (a.id, n) in decided:
                    raise InputError(f"{where}: item {n} of {a.id!r} is decided already")
            latest[a.id] = a
        elif kind is EntryKind.ASSEMBLY_DECISION:
            d = decode_cycle_payload(payload, AssemblyDecisionPayload)
            a_now = latest.get(d.assembly)
            if a_now is None or d.item > len(a_now.agenda):
                raise InputError(f"{where}: no item {d.item} of an assembly {d.assembly!r}")
            if (d.assembly, d.item) in decided:
                raise InputError(f"{where}: item {d.item} of {d.assembly!r} decided twice")
            total = d.yes + d.no + d.abstain
            if d.method == "hands" and total > a_now.attendees:
                raise InputError(f"{where}: {total} hands but {a_now.attendees} attendees")
            if d.method == "codes":
                if d.item not in a_now.voting:
                    raise InputError(f"{where}: item {d.item} had no quick vote open")
                if total > a_now.slips:
                    raise InputError(f"{where}: {total} votes but {a_now.slips} slips")
                closing.setdefault(d.assembly, set()).add(d.item)
            decided.add((d.assembly, d.item))
