"""Neighbourhood assemblies on a participation log (docs/spec/cycle.md §6), checked from the
specification alone: no code is shared with ``oylama``.

An ``assembly`` entry states a whole meeting as it stands, so its fixed parts (date, district,
neighbourhood, attendees, title, agenda) must never change between revisions, and an
``assembly-decision`` may be counted once per item, by hands no more than the attendees, by
slips no more than the slips issued and only for an item whose quick vote was open. The
decisions are advisory, but what the board says of them must still add up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from oylama_audit._cycle import CycleEntry
from oylama_audit._errors import RecordError
from oylama_audit._wire import Wire, decode_canonical
from oylama_audit.phases import is_account

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_ATTENDEES = 100_000
MAX_SLIPS = 5_000
MAX_ITEMS = 30
MAX_LINKS = 20


class Item(Wire):
    text: str
    projects: list[str]
    proposals: list[str]


class AssemblyPayload(Wire):
    """cycle §6.1 ``assembly``, members in this order."""

    id: str
    revision: int
    date: str
    district: str
    neighbourhood: str | None
    attendees: int
    title: str
    agenda: list[Item]
    minutes: str
    slips: int
    voting: list[int]
    by: str


class DecisionPayload(Wire):
    """cycle §6.2 ``assembly-decision``."""

    assembly: str
    item: int
    method: Literal["hands", "codes"]
    yes: int
    no: int
    abstain: int
    advice: str
    by: str


@dataclass
class AssembliesReport:
    """What the log says: meetings (id -> latest revision) and decisions per method."""

    meetings: dict[str, int] = field(default_factory=dict)
    decisions: dict[str, int] = field(default_factory=lambda: {"hands": 0, "codes": 0})


def _id(value: str, where: str) -> None:
    if not _ID.fullmatch(value):
        raise RecordError(f"{where}: {value[:70]!r} is not an id")


def _form(a: AssemblyPayload, where: str) -> None:
    """§6.1: each member's form and limits."""
    _id(a.id, where)
    _id(a.district, where)
    if a.revision < 1:
        raise RecordError(f"{where}: revision {a.revision}")
    if not _DAY.fullmatch(a.date):
        raise RecordError(f"{where}: date {a.date[:20]!r} is not YYYY-MM-DD")
    if a.neighbourhood is not None and not 1 <= len(a.neighbourhood) <= 128:
        raise RecordError(f"{where}: neighbourhood of {len(a.neighbourhood)} characters")
    if not 0 <= a.attendees <= MAX_ATTENDEES:
        raise RecordError(f"{where}: {a.attendees} attendees")
    if not 1 <= len(a.title) <= 200:
        raise RecordError(f"{where}: a title of {len(a.title)} characters")
    if not 1 <= len(a.agenda) <= MAX_ITEMS:
        raise RecordError(f"{where}: an agenda of {len(a.agenda)} items")
    for n, item in enumerate(a.agenda, 1):
        if not 1 <= len(item.text) <= 500:
            raise RecordError(f"{where}: item {n} has {len(item.text)} characters")
        if len(item.projects) > MAX_LINKS or len(item.proposals) > MAX_LINKS:
            raise RecordError(f"{where}: item {n} names more than {MAX_LINKS} links")
        for link in (*item.projects, *item.proposals):
            _id(link, f"{where} item {n}")
    if len(a.minutes) > 20_000:
        raise RecordError(f"{where}: minutes over 20,000 characters")
    if not 0 <= a.slips <= MAX_SLIPS:
        raise RecordError(f"{where}: {a.slips} slips")
    if a.voting != sorted(set(a.voting)) or any(not 1 <= n <= len(a.agenda) for n in a.voting):
        raise RecordError(f"{where}: voting {a.voting[:40]} is not ascending agenda items")
    if not is_account(a.by):
        raise RecordError(f"{where}: by {a.by[:70]!r} is not an account")


def _decision_form(d: DecisionPayload, where: str) -> None:
    _id(d.assembly, where)
    if not 1 <= d.item <= MAX_ITEMS:
        raise RecordError(f"{where}: item {d.item}")
    if min(d.yes, d.no, d.abstain) < 0:
        raise RecordError(f"{where}: a negative count")
    if len(d.advice) > 2_000:
        raise RecordError(f"{where}: advice over 2,000 characters")
    if not is_account(d.by):
        raise RecordError(f"{where}: by {d.by[:70]!r} is not an account")


_FIXED = ("date", "district", "neighbourhood", "attendees", "title", "agenda")


def check_assemblies(entries: Sequence[CycleEntry]) -> AssembliesReport:
    """The ``assembly`` and ``assembly-decision`` entries of a participation log, in log order
    (other kinds are skipped), against §6.1-§6.2; raises :class:`RecordError` at the first
    entry that breaks a rule."""
    report = AssembliesReport()
    latest: dict[str, AssemblyPayload] = {}
    decided: set[tuple[str, int]] = set()
    # items decided by slips since the assembly's latest entry: absent from its next one
    closing: dict[str, set[int]] = {}
    for e in entries:
        where = f"entry {e.index} ({e.kind})"
        if e.kind == "assembly":
            a = decode_canonical(e.payload, AssemblyPayload, where)
            _form(a, where)
            before = latest.get(a.id)
            if a.revision != (1 if before is None else before.revision + 1):
                raise RecordError(f"{where}: {a.id!r} revision {a.revision} out of sequence")
            if before is not None:
                changed = [f for f in _FIXED if getattr(a, f) != getattr(before, f)]
                if changed:
                    raise RecordError(f"{where}: {a.id!r} changed {', '.join(changed)}")
                if a.slips < before.slips:
                    raise RecordError(f"{where}: {a.id!r} has fewer slips than before")
            still = closing.pop(a.id, set()) & set(a.voting)
            if still:
                raise RecordError(f"{where}: item {min(still)} of {a.id!r} decided, still voting")
            again = [n for n in a.voting if (a.id, n) in decided]
            if again:
                raise RecordError(f"{where}: item {again[0]} of {a.id!r} voting after its decision")
            latest[a.id] = a
            report.meetings[a.id] = a.revision
        elif e.kind == "assembly-decision":
            d = decode_canonical(e.payload, DecisionPayload, where)
            _decision_form(d, where)
            now = latest.get(d.assembly)
            if now is None or d.item > len(now.agenda):
                raise RecordError(f"{where}: no item {d.item} of an assembly {d.assembly!r}")
            if (d.assembly, d.item) in decided:
                raise RecordError(f"{where}: item {d.item} of {d.assembly!r} decided twice")
            total = d.yes + d.no + d.abstain
            if d.method == "hands" and total > now.attendees:
                raise RecordError(f"{where}: {total} hands but {now.attendees} attendees")
            if d.method == "codes":
                if d.item not in now.voting:
                    raise RecordError(f"{where}: item {d.item} had no quick vote open")
                if total > now.slips:
                    raise RecordError(f"{where}: {total} votes but {now.slips} slips")
                closing.setdefault(d.assembly, set()).add(d.item)
            decided.add((d.assembly, d.item))
            report.decisions[d.method] += 1
    return report
