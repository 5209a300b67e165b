"""Neighbourhood assemblies over the real service (issue #18 item 4, cycle.md §6).

Each role is tried on each endpoint; the attacks the issue names are tests: a slip used twice
on one item, a wrong or malformed code, guessing codes (429 per address, and it never locks
the assembly for others), stored markup in the agenda and the minutes (stored as text, drawn
as text: tests/test_web_assemblies.py), and every limit. What is acknowledged is on the
participation log, read back through the public board routes.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import msgspec
import pytest
from sqlalchemy.orm import Session

from oylama.board import EntryKind, decode_entry
from oylama.cycle import AssemblyDecisionPayload, AssemblyPayload, verify_cycle_record
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama.store import open_store, read_entries
from test_service_election import (
    API,
    DEFINITION,
    EID,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    login,
    problem,
)

A = f"{API}/elections/{EID}/assemblies"
XSS = "<img src=x onerror=\"document.title='pwned'\"><script>alert(1)</script>"


@dataclass
class World:
    client: httpx.Client
    clock: Clock
    staff: dict[str, str]
    other: dict[str, str]
    observer: dict[str, str]
    admin: dict[str, str]
    db_url: str


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    clock = Clock()
    with (
        run_service(db_url, clock=clock, rng=DetRng(5)) as url,
        httpx.Client(base_url=url, headers=JSON, timeout=60.0) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        for name, role in (("staff1", "staff"), ("staff2", "staff"), ("obs", "observer")):
            r = client.post(
                f"{API}/accounts",
                json={"username": name, "password": STAFF_PASSWORD, "role": role},
                headers=admin,
            )
            assert r.status_code == 201, r.text
        staff = login(client, "staff1", STAFF_PASSWORD)
        r = client.post(f"{API}/elections", json={"definition": DEFINITION}, headers=staff)
        assert r.status_code == 201, r.text
        yield World(
            client,
            clock,
            staff,
            login(client, "staff2", STAFF_PASSWORD),
            login(client, "obs", STAFF_PASSWORD),
            admin,
            db_url,
        )


MEETING: dict[str, Any] = {
    "date": "2026-11-14",
    "district": "d1",
    "attendees": 40,
    "title": "Bostanlı mahalle meclisi",
    "agenda": [
        {"text": "Park yenileme", "projects": ["p1"]},
        {"text": "Bisiklet yolu", "projects": ["p2", "p3"], "proposals": ["pr-7"]},
        {"text": "Sokak lambaları"},
    ],
    "minutes": "Toplantı 19:00'da başladı.\nKatılım: 40 kişi.",
}


def record(w: World, **changes: Any) -> dict[str, Any]:
    r = w.client.post(A, json={**MEETING, **changes}, headers=w.staff)
    assert r.status_code == 201, r.text
    return dict(r.json())


def cycle_entries(w: World) -> list[tuple[EntryKind, bytes]]:
    """The participation log's entries, from its public record file, which the checker of
    the cycle's records accepts (chain, signed checkpoints, every payload its kind's Struct)."""
    r = w.client.get(f"{API}/elections/{EID}/cycle/record")
    assert r.status_code == 200, r.text
    record = verify_cycle_record(r.content)
    # the log as stored holds exactly the entries served
    engine = open_store(w.db_url)
    try:
        with Session(engine) as session:
            stored = read_entries(session, f"{EID}/cycle", 0, 10_000)
    finally:
        engine.dispose()
    assert [bytes(e) for e in record.entries] == stored
    out = []
    for raw in record.entries:
        entry = decode_entry(bytes(raw))
        out.append((entry.kind, bytes(entry.payload)))
    return out


def assembly_entries(w: World) -> list[Any]:
    out: list[Any] = []
    for kind, payload in cycle_entries(w):
        if kind is EntryKind.ASSEMBLY:
            out.append(msgspec.json.decode(payload, type=AssemblyPayload))
        elif kind is EntryKind.ASSEMBLY_DECISION:
            out.append(msgspec.json.decode(payload, type=AssemblyDecisionPayload))
    return out


def test_record_read_and_roles(world: World) -> None:
    w = world
    # nobody but staff of the election records a meeting; nothing is stored when refused
    problem(w.client.post(A, json=MEETING), 401)
    for headers in (w.other, w.observer, w.admin):
        problem(w.client.post(A, json=MEETING, headers=headers), 403, "staff")
    assert w.client.get(A).json() == []
    out = record(w)
    assert out["id"] == "a1" and out["revision"] == 1 and out["by"] == "staff1"
    assert [i["state"] for i in out["items"]] == ["open", "open", "open"]
    assert out["items"][1]["projects"] == ["p2", "p3"]
    assert out["items"][1]["proposals"] == ["pr-7"]
    # public reads, no token
    assert w.client.get(A).json() == [out]
    assert w.client.get(f"{A}/a1").json() == out
    problem(w.client.get(f"{A}/a9"), 404, "a9")
    problem(w.client.get(f"{API}/elections/nope/assemblies"), 404)
    # linked from the project's page
    links = w.client.get(f"{API}/elections/{EID}/projects/p2/assemblies").json()
    assert links == [{"id": "a1", "date": "2026-11-14", "title": MEETING["title"], "items": [2]}]
    assert w.client.get(f"{API}/elections/{EID}/projects/q1/assemblies").json() == []
    # and from the proposal's page
    links = w.client.get(f"{API}/elections/{EID}/proposals/pr-7/assemblies").json()
    assert links == [{"id": "a1", "date": "2026-11-14", "title": MEETING["title"], "items": [2]}]
    assert w.client.get(f"{API}/elections/{EID}/proposals/p2/assemblies").json() == []
    # the minutes: staff only, a new revision on the log
    body = {"minutes": "Düzeltilmiş tutanak"}
    problem(w.client.put(f"{A}/a1/minutes", json=body), 401)
    problem(w.client.put(f"{A}/a1/minutes", json=body, headers=w.observer), 403)
    r = w.client.put(f"{A}/a1/minutes", json=body, headers=w.staff)
    assert r.status_code == 200, r.text
    assert r.json()["minutes"] == "Düzeltilmiş tutanak" and r.json()["revision"] == 2
    logged = assembly_entries(w)
    assert [type(x).__name__ for x in logged] == ["AssemblyPayload", "AssemblyPayload"]
    assert logged[0].minutes == MEETING["minutes"] and logged[1].minutes == body["minutes"]
    assert logged[1].agenda[1].projects == ("p2", "p3") and logged[1].by == "staff1"


def test_show_of_hands(world: World) -> None:
    w = world
    record(w)
    hands = {"yes": 25, "no": 10, "abstain": 5, "advice": "Park öncelikli"}
    url = f"{A}/a1/items/1/hands"
    problem(w.client.post(url, json=hands), 401)
    for headers in (w.other, w.observer, w.admin):
        problem(w.client.post(url, json=hands, headers=headers), 403)
    # more hands than attendees: refused, nothing changed
    problem(
        w.client.post(url, json={**hands, "yes": 26}, headers=w.staff), 422, "41", "40 attendees"
    )
    problem(w.client.post(url, json={**hands, "yes": -1}, headers=w.staff), 400)
    problem(w.client.post(f"{A}/a1/items/9/hands", json=hands, headers=w.staff), 404)
    r = w.client.post(url, json=hands, headers=w.staff)
    assert r.status_code == 200, r.text
    item = r.json()["items"][0]
    assert (item["state"], item["method"], item["yes"], item["no"], item["abstain"]) == (
        "decided",
        "hands",
        25,
        10,
        5,
    )
    assert item["advice"] == "Park öncelikli" and item["entry"] is not None
    # once: a second count is refused
    problem(w.client.post(url, json=hands, headers=w.staff), 409, "decided")
    decisions = [x for x in assembly_entries(w) if isinstance(x, AssemblyDecisionPayload)]
    assert decisions == [
        AssemblyDecisionPayload(
            assembly="a1", item=1, method="hands", yes=25, no=10, abstain=5,
            advice="Park öncelikli", by="staff1",
        )
    ]  # fmt: skip


def test_quick_vote_with_slips(world: World) -> None:
    w = world
    record(w)
    slips_url = f"{A}/a1/slips"
    problem(w.client.post(slips_url, json={"count": 3}), 401)
    problem(w.client.post(slips_url, json={"count": 3}, headers=w.observer), 403)
    problem(w.client.post(slips_url, json={"count": 0}, headers=w.staff), 400)
    problem(w.client.post(slips_url, json={"count": 1001}, headers=w.staff), 400)
    # no quick vote without slips
    problem(w.client.post(f"{A}/a1/items/2/quick-vote", headers=w.staff), 409, "no slips")
    r = w.client.post(slips_url, json={"count": 4}, headers=w.staff)
    assert r.status_code == 201, r.text
    codes = r.json()["codes"]
    assert len(codes) == len(set(codes)) == 4 and r.json()["slips"] == 4
    assert all(len(c) == 14 and c.count("-") == 2 for c in codes)
    # the codes are never answered again, and the database holds their hashes only
    assert all(c not in w.client.get(f"{A}/a1").text for c in codes)
    vote = f"{A}/a1/items/2/slip-votes"
    # not open yet
    problem(w.client.post(vote, json={"code": codes[0], "choice": "yes"}), 409, "no quick vote")
    for headers in (w.other, w.observer):
        problem(w.client.post(f"{A}/a1/items/2/quick-vote", headers=headers), 403)
    r = w.client.post(f"{A}/a1/items/2/quick-vote", headers=w.staff)
    assert r.status_code == 200, r.text
    assert r.json()["items"][1]["state"] == "voting"
    # codes as typed from paper: lower case, spaces instead of dashes
    typed = codes[0].lower().replace("-", " ")
    r = w.client.post(vote, json={"code": typed, "choice": "yes"})
    assert r.status_code == 201, r.text
    assert r.json() == {"assembly": "a1", "item": 2, "voted": 1}
    # the same slip again, on the same item: refused, the count unchanged
    problem(w.client.post(vote, json={"code": codes[0], "choice": "no"}), 409, "already voted")
    assert w.client.post(vote, json={"code": codes[1], "choice": "no"}).status_code == 201
    assert w.client.post(vote, json={"code": codes[2], "choice": "yes"}).status_code == 201
    # a wrong code, a malformed code, a slip of another item's closed vote, a bad choice
    problem(
        w.client.post(vote, json={"code": "AAAA-AAAA-AAAA", "choice": "yes"}), 422, "not a slip"
    )
    problem(w.client.post(vote, json={"code": "<script>", "choice": "yes"}), 400)
    problem(w.client.post(vote, json={"code": codes[3], "choice": "maybe"}), 400)
    problem(w.client.post(f"{A}/a1/items/1/slip-votes", json={"code": codes[3], "choice": "yes"}),
            409)  # fmt: skip
    # while it runs: how many voted, never how
    item = w.client.get(f"{A}/a1").json()["items"][1]
    assert item["voted"] == 3 and item["yes"] is None and item["no"] is None
    # closing: staff only; the decision carries the slips' counts
    close = f"{A}/a1/items/2/quick-vote/close"
    problem(w.client.post(close, json={"advice": "x"}, headers=w.observer), 403)
    r = w.client.post(close, json={"advice": "Bisiklet yolu önerilir"}, headers=w.staff)
    assert r.status_code == 200, r.text
    item = r.json()["items"][1]
    assert (item["state"], item["method"], item["yes"], item["no"], item["abstain"]) == (
        "decided",
        "codes",
        2,
        1,
        0,
    )
    # after closing, no more votes, and no second close
    problem(w.client.post(vote, json={"code": codes[3], "choice": "yes"}), 409)
    problem(w.client.post(close, json={}, headers=w.staff), 409)
    # the same slip votes once on another item
    assert w.client.post(f"{A}/a1/items/3/quick-vote", headers=w.staff).status_code == 200
    r = w.client.post(f"{A}/a1/items/3/slip-votes", json={"code": codes[0], "choice": "abstain"})
    assert r.status_code == 201, r.text
    logged = assembly_entries(w)
    assert [x.revision for x in logged if isinstance(x, AssemblyPayload)] == [1, 2, 3, 4, 5]
    assert [x.voting for x in logged if isinstance(x, AssemblyPayload)] == [
        (), (), (2,), (), (3,)
    ]  # fmt: skip
    (decision,) = [x for x in logged if isinstance(x, AssemblyDecisionPayload)]
    assert (decision.method, decision.yes, decision.no, decision.abstain) == ("codes", 2, 1, 0)
    # a slip of one assembly is no slip of another
    record(w, title="İkinci toplantı")
    assert w.client.post(f"{A}/a2/slips", json={"count": 1}, headers=w.staff).status_code == 201
    assert w.client.post(f"{A}/a2/items/1/quick-vote", headers=w.staff).status_code == 200
    problem(
        w.client.post(f"{A}/a2/items/1/slip-votes", json={"code": codes[3], "choice": "yes"}),
        422,
        "not a slip",
    )


def test_guessing_codes_is_limited_per_address(world: World) -> None:
    w = world
    record(w)
    codes = w.client.post(f"{A}/a1/slips", json={"count": 2}, headers=w.staff).json()["codes"]
    assert w.client.post(f"{A}/a1/items/1/quick-vote", headers=w.staff).status_code == 200
    vote = f"{A}/a1/items/1/slip-votes"
    for k in range(30):
        guess = f"AAAA-AAAA-{k:04d}".replace("0", "A").replace("1", "B")
        r = w.client.post(vote, json={"code": guess, "choice": "yes"})
        assert r.status_code in (400, 422), r.text
    # this address is now refused, even with a right code, until the window passes
    r = w.client.post(vote, json={"code": codes[0], "choice": "yes"})
    problem(r, 429, "too many")
    assert "retry-after" in r.headers
    assert w.client.get(f"{A}/a1").json()["items"][0]["voted"] == 0
    w.clock.now += 16 * 60 * 1000
    assert w.client.post(vote, json={"code": codes[0], "choice": "yes"}).status_code == 201


def test_free_text_is_stored_as_text_and_limited(world: World) -> None:
    w = world
    out = record(
        w,
        title=XSS,
        agenda=[{"text": XSS, "projects": ["p1"]}],
        minutes=XSS + "\n" + "&lt;b&gt;",
    )
    # stored and answered exactly as written (the pages draw it as text)
    assert out["title"] == XSS and out["items"][0]["text"] == XSS
    assert out["minutes"] == XSS + "\n&lt;b&gt;"
    assert w.client.get(f"{A}/a1").json()["minutes"] == XSS + "\n&lt;b&gt;"
    assert w.client.get(f"{A}/a1").headers["content-type"].startswith("application/json")
    refused = [
        ({"minutes": "x" * 20_001}, 400, "20000"),
        ({"title": "x" * 201}, 400, "200"),
        ({"title": "   "}, 422, "title"),
        ({"title": "a\u0000b"}, 422, "control"),
        ({"title": "a\nb"}, 422, "control"),
        ({"agenda": []}, 400, ""),
        ({"agenda": [{"text": "x"}] * 31}, 400, "30"),
        ({"agenda": [{"text": "x" * 501}]}, 400, "500"),
        ({"agenda": [{"text": "x", "projects": ["nope"]}]}, 422, "no project 'nope'"),
        ({"agenda": [{"text": "x", "projects": ["../x"]}]}, 400, ""),
        ({"district": "d9"}, 422, "no district 'd9'"),
        ({"neighbourhood": "Yok"}, 422, "no neighbourhood"),
        ({"date": "14.11.2026"}, 422, "YYYY-MM-DD"),
        ({"date": "2026-02-30"}, 422, "YYYY-MM-DD"),
        ({"attendees": -1}, 400, ""),
        ({"attendees": 100_001}, 400, ""),
        ({"extra": 1}, 400, "extra"),
    ]
    for change, status, needle in refused:
        problem(w.client.post(A, json={**MEETING, **change}, headers=w.staff), status, needle)
    problem(w.client.post(A, content=b"{", headers=w.staff), 400, "JSON")
    problem(w.client.put(f"{A}/a1/minutes", json={"minutes": "x" * 20_001}, headers=w.staff), 400)
    # nothing of the refused requests was stored or logged
    assert [a["id"] for a in w.client.get(A).json()] == ["a1"]
    assert len(assembly_entries(w)) == 1


def test_racing_uses_of_one_slip_count_once(world: World) -> None:
    """Eight requests with one slip at once (a phone's double tap, a script): exactly one is
    counted, the others are told the slip has voted; other slips racing alongside all count."""
    w = world
    record(w)
    codes = w.client.post(f"{A}/a1/slips", json={"count": 5}, headers=w.staff).json()["codes"]
    assert w.client.post(f"{A}/a1/items/1/quick-vote", headers=w.staff).status_code == 200
    vote = f"{A}/a1/items/1/slip-votes"
    bodies = [{"code": codes[0], "choice": "yes"}] * 8 + [
        {"code": c, "choice": "no"} for c in codes[1:]
    ]

    def send(body: dict[str, str]) -> int:
        with httpx.Client(base_url=str(w.client.base_url), headers=JSON, timeout=60.0) as c:
            return c.post(vote, json=body).status_code

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        statuses = list(pool.map(send, bodies))
    assert sorted(statuses[:8]) == [201] + [409] * 7, statuses
    assert statuses[8:] == [201] * 4
    r = w.client.post(f"{A}/a1/items/1/quick-vote/close", json={}, headers=w.staff)
    item = r.json()["items"][0]
    assert (item["yes"], item["no"], item["abstain"], item["voted"]) == (1, 4, 0, 5)
