"""The rules of cycle §6 across a participation log's assembly entries
(``oylama.cycle._assembly.check_assemblies``, run by ``verify_cycle_record``): a log the
service writes passes (tests/test_service_assemblies.py); each way of breaking a rule is
named with its entry."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from oylama.board import EntryKind
from oylama.cycle import AgendaItem, AssemblyDecisionPayload, AssemblyPayload, encode_cycle_payload
from oylama.cycle._assembly import check_assemblies
from oylama.errors import InputError

A = EntryKind.ASSEMBLY
D = EntryKind.ASSEMBLY_DECISION


def meeting(**changes: Any) -> AssemblyPayload:
    base = AssemblyPayload(
        id="a1",
        revision=1,
        date="2026-11-14",
        district="d1",
        neighbourhood=None,
        attendees=10,
        title="Meclis",
        agenda=(AgendaItem(text="Bir"), AgendaItem(text="İki", projects=("p1",))),
        minutes="",
        slips=0,
        voting=(),
        by="staff1",
    )
    return msgspec.structs.replace(base, **changes)


def decision(**changes: Any) -> AssemblyDecisionPayload:
    base = AssemblyDecisionPayload(
        assembly="a1", item=1, method="hands", yes=5, no=3, abstain=2, advice="", by="staff1"
    )
    return msgspec.structs.replace(base, **changes)


def check(*payloads: Any) -> None:
    entries = []
    for k, p in enumerate(payloads):
        kind = A if isinstance(p, AssemblyPayload) else D
        entries.append((k + 1, kind, encode_cycle_payload(p)))
    check_assemblies(entries)


def test_a_well_formed_history_passes() -> None:
    check(
        meeting(),
        decision(),
        meeting(revision=2, slips=8),
        meeting(revision=3, slips=8, voting=(2,)),
        decision(item=2, method="codes", yes=6, no=1, abstain=1),
        meeting(revision=4, slips=8, minutes="Tutanak"),
        meeting(id="a2", title="Başka"),
    )
    check_assemblies([(0, EntryKind.PHASE, b"{}")])  # other kinds are not read


@pytest.mark.parametrize(
    ("payloads", "message"),
    [
        ((meeting(revision=2),), "revision 2 out of order"),
        ((meeting(), meeting()), "revision 1 out of order"),
        ((meeting(), meeting(revision=2, attendees=99)), "changed attendees"),
        ((meeting(), meeting(revision=2, title="x")), "changed title"),
        ((meeting(), meeting(revision=2, agenda=(AgendaItem(text="x"),))), "changed agenda"),
        ((meeting(slips=5), meeting(revision=2, slips=4)), "fewer slips"),
        ((meeting(slips=5, voting=(3,)),), "voting names unknown items"),
        ((meeting(slips=5, voting=(2, 1)),), "voting names unknown items"),
        ((decision(),), "no item 1 of an assembly 'a1'"),
        ((meeting(), decision(item=3)), "no item 3"),
        ((meeting(), decision(), decision()), "decided twice"),
        ((meeting(), decision(yes=9)), "14 hands but 10 attendees"),
        ((meeting(slips=5), decision(method="codes")), "had no quick vote open"),
        (
            (meeting(slips=5, voting=(1,)), decision(method="codes", yes=4, no=2, abstain=0)),
            "6 votes but 5 slips",
        ),
        (
            (
                meeting(slips=5, voting=(1,)),
                decision(method="codes", yes=1, no=0, abstain=0),
                meeting(revision=2, slips=5, voting=(1,)),
            ),
            "decided but still voting",
        ),
        (
            (meeting(), decision(), meeting(revision=2, slips=3, voting=(1,))),
            "decided already",
        ),
    ],
)
def test_each_broken_rule_is_named(payloads: tuple[Any, ...], message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        check(*payloads)
    assert "entry " in str(info.value)
