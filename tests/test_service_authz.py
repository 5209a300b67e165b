"""Authorisation matrix (docs/spec/service.md §1): every endpoint × every role, real server.

Roles: public (no token), admin, staff owning the election, staff of another election,
observer, trustee of this election, trustee of another election. An allowed caller must get
past authorisation (any status but 401/403: the request may still be refused for its status or
content); a refused one gets exactly 401 (no token) or 403.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from oylama.credentials import RollEntry, dump_public_list, generate
from oylama.crypto import new_trustee, to_json
from oylama.election import identity_public_key
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import (
    API,
    DEFINITION,
    EID,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    login,
    problem,
)

OTHER = "other-2026"
ROLES = ("public", "admin", "owner", "other", "observer", "trustee", "foreign")


@dataclass
class World:
    client: httpx.Client
    headers: dict[str, dict[str, str]]
    credential_list: str
    ceremony_context: bytes


@pytest.fixture
def world(sqlite_url: str) -> Iterator[World]:
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(5)) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        for name, role in (
            ("staff1", "staff"),
            ("staff2", "staff"),
            ("staff3", "staff"),
            ("observer1", "observer"),
        ):
            r = client.post(
                f"{API}/accounts",
                json={"username": name, "password": STAFF_PASSWORD, "role": role},
                headers=admin,
            )
            assert r.status_code == 201, r.text
        owner = login(client, "staff1", STAFF_PASSWORD)
        other = login(client, "staff2", STAFF_PASSWORD)
        d = Driver(client, owner)
        d.create()
        d.credentials(["d1", "d2"])
        d.start_ceremony(2, 2)
        r = client.post(
            f"{API}/elections",
            json={"definition": DEFINITION.replace(f'"{EID}"', f'"{OTHER}"')},
            headers=other,
        )
        assert r.status_code == 201, r.text
        r = client.post(
            f"{API}/elections/{OTHER}/ceremony",
            json={"trustees": 1, "threshold": 1, "trustee_keys": [KEYS[0]]},
            headers=other,
        )
        assert r.status_code == 201, r.text
        foreign = r.json()["trustee_tokens"][0]
        roll = [RollEntry(voter_id="x", district="d1", line=2)]
        _, public = generate(roll, election_id=EID, rng=DetRng(9).token_bytes)
        yield World(
            client,
            {
                "public": {},
                "admin": admin,
                "owner": owner,
                "other": other,
                "observer": login(client, "observer1", STAFF_PASSWORD),
                "trustee": d.trustees[0].auth,
                "foreign": {"Authorization": f"Bearer {foreign}"},
            },
            dump_public_list(public).decode(),
            base64.b64decode(d.ceremony()["ceremony_context"]),
        )


@dataclass
class Case:
    method: str
    path: str
    allowed: frozenset[str]
    body: Callable[[World, str], bytes | None] = lambda w, role: None


ALL = frozenset(ROLES)
E = f"{API}/elections/{EID}"


def _json(text: str) -> Callable[[World, str], bytes]:
    return lambda w, role: text.encode()


def _definition(w: World, role: str) -> bytes:
    return json.dumps({"definition": DEFINITION.replace(f'"{EID}"', f'"new-{role}"')}).encode()


def _credentials(w: World, role: str) -> bytes:
    return json.dumps({"list": w.credential_list}).encode()


def _record(w: World, role: str) -> bytes:
    # index 1 (the "trustee" token's), but made for another context: 422 once authorised
    _, public = new_trustee(1, 2, 2, context=bytes(32), rng=DetRng(3))
    return b'{"record":' + to_json(public) + b',"signature":"' + SIG.encode() + b'"}'


#: Identity keys for the ceremonies these cases start, and a signature (of nothing).
KEYS = [base64.b64encode(identity_public_key(bytes([k]) * 32)).decode() for k in (1, 2)]
SIG = base64.b64encode(bytes(64)).decode()
ZERO32 = base64.b64encode(bytes(32)).decode()


CASES = [
    Case("GET", f"{E}", ALL),
    Case("GET", f"{API}/elections", ALL),
    Case("GET", f"{E}/manifest", ALL),
    Case("GET", f"{E}/ceremony", ALL),
    Case("GET", f"{E}/record", ALL),
    Case("GET", f"{E}/tally", ALL),
    Case("GET", f"{E}/result", ALL),
    Case("GET", f"{E}/ballots/AAAA", ALL),
    Case("GET", f"{E}/board/checkpoint", ALL),
    Case("POST", f"{E}/ballots", ALL, _json("{}")),
    Case("GET", f"{E}/staff-view", frozenset({"admin", "owner", "observer"})),
    Case("GET", f"{API}/accounts", frozenset({"admin"})),
    Case(
        "POST",
        f"{API}/accounts",
        frozenset({"admin"}),
        lambda w, role: (
            f'{{"username":"u-{role}","password":"{STAFF_PASSWORD}","role":"observer"}}'
        ).encode(),
    ),
    Case("POST", f"{API}/elections", frozenset({"owner", "other"}), _definition),
    Case("PUT", f"{E}/definition", frozenset({"owner"}), _definition),
    Case("PUT", f"{E}/credentials", frozenset({"owner"}), _credentials),
    Case(
        "POST",
        f"{E}/ceremony",
        frozenset({"owner"}),
        lambda w, role: json.dumps({"trustees": 2, "threshold": 2, "trustee_keys": KEYS}).encode(),
    ),
    Case("POST", f"{E}/open", frozenset({"owner"})),
    Case("POST", f"{E}/close", frozenset({"owner"})),
    Case("POST", f"{E}/tally", frozenset({"owner"})),
    Case("POST", f"{E}/publish", frozenset({"owner"})),
    Case("POST", f"{E}/ceremony/records", frozenset({"trustee"}), _record),
    Case("POST", f"{E}/ceremony/shares", frozenset({"trustee"}), _json('{"shares":[]}')),
    Case(
        "POST",
        f"{E}/ceremony/commitment",
        frozenset({"trustee"}),
        lambda w, role: json.dumps(
            {"index": 1, "joint_key": base64.b64encode(bytes(32)).decode(), "signature": SIG}
        ).encode(),
    ),
    Case("POST", f"{E}/tally/partials", frozenset({"trustee"}), _json('{"partials":[]}')),
    Case("POST", f"{E}/staff", frozenset({"admin", "owner"}), _json('{"username":"staff3"}')),
    # not staff of EID: 404 once authorised
    Case("DELETE", f"{E}/staff/staff2", frozenset({"admin", "owner"})),
    # the console's operations (issue #16): staff of the election change it; observers and
    # admins read it; a trustee token has no console
    Case("GET", f"{API}/session", frozenset({"admin", "owner", "other", "observer"})),
    Case("GET", f"{API}/console/elections", frozenset({"admin", "owner", "other", "observer"})),
    Case("PATCH", f"{API}/accounts/staff3", frozenset({"admin"}), _json('{"disabled":false}')),
    Case("GET", f"{API}/audit", frozenset({"admin"})),
    Case("GET", f"{API}/audit?election={EID}", frozenset({"admin", "owner", "observer"})),
    # the election is past its draft: 409 once authorised
    Case("POST", f"{E}/photos", frozenset({"owner"}), _json('{"data":"AAAA"}')),
    Case("GET", f"{E}/photos", frozenset({"admin", "owner", "observer"})),
    Case("DELETE", f"{E}/photos/{'0' * 64}", frozenset({"owner"})),
    Case(
        "POST",
        f"{E}/projects/import",
        frozenset({"owner"}),
        _json('{"ballot":"k","format":"csv","data":"AAAA"}'),
    ),
    Case("GET", f"{E}/export?format=toml", frozenset({"admin", "owner", "observer"})),
    Case("GET", f"{E}/turnout", frozenset({"admin", "owner", "observer"})),
    Case("GET", f"{E}/preview", frozenset({"admin", "owner", "observer"})),
    # not a test election: 409 once authorised
    Case("DELETE", f"{E}", frozenset({"admin", "owner"})),
    # residents' proposals (issue #18): anyone reads; residents sign with their credential (no
    # token: a bad body is 400 once authorised); staff of the election moderate, review and
    # accept (no proposal P1: 404 once authorised)
    Case("GET", f"{E}/proposals", ALL),
    Case("GET", f"{E}/proposals/P1", ALL),
    Case("POST", f"{E}/proposals", ALL, _json("{}")),
    Case("POST", f"{E}/proposals/photos", ALL, _json("{}")),
    Case("POST", f"{E}/proposals/P1/supports", ALL, _json("{}")),
    Case(
        "POST",
        f"{E}/proposals/P1/moderation",
        frozenset({"owner"}),
        _json('{"action":"hide","reason":"r"}'),
    ),
    Case(
        "POST",
        f"{E}/proposals/P1/review",
        frozenset({"owner"}),
        _json('{"decision":"feasible","technical":"t","legal":"l"}'),
    ),
    Case("POST", f"{E}/proposals/P1/accept", frozenset({"owner"}), _json('{"ballot":"k"}')),
    # neighbourhood assemblies (service §9): public reads, staff of the election write, an
    # attendee's slip vote needs no account (a wrong code: 422 once past authorisation)
    Case(
        "POST",
        f"{E}/assemblies",
        frozenset({"owner"}),
        _json(
            '{"date":"2026-11-14","district":"d1","attendees":9,"title":"M",'
            '"agenda":[{"text":"a"},{"text":"b"}]}'
        ),
    ),
    Case("GET", f"{E}/assemblies", ALL),
    Case("GET", f"{E}/assemblies/a1", ALL),
    Case("GET", f"{E}/projects/p1/assemblies", ALL),
    Case("PUT", f"{E}/assemblies/a1/minutes", frozenset({"owner"}), _json('{"minutes":"m"}')),
    Case(
        "POST",
        f"{E}/assemblies/a1/items/1/hands",
        frozenset({"owner"}),
        _json('{"yes":1,"no":1,"abstain":1}'),
    ),
    Case("POST", f"{E}/assemblies/a1/slips", frozenset({"owner"}), _json('{"count":2}')),
    Case("POST", f"{E}/assemblies/a1/items/2/quick-vote", frozenset({"owner"})),
    Case(
        "POST",
        f"{E}/assemblies/a1/items/2/slip-votes",
        ALL,
        _json('{"code":"AAAA-AAAA-AAAA","choice":"yes"}'),
    ),
    Case("POST", f"{E}/assemblies/a1/items/2/quick-vote/close", frozenset({"owner"}), _json("{}")),
    # paper ballots (service §5.2): staff of the election key and review, observers and admins
    # see the keyers; a key of 32 zero bytes is no Ed25519 point, the election is not open, and
    # there is no keying 1: 422, 409, 404 once authorised
    Case("POST", f"{E}/paper/keyers", frozenset({"owner"}), _json(f'{{"key":"{ZERO32}"}}')),
    Case("GET", f"{E}/paper/keyers", frozenset({"admin", "owner", "observer"})),
    Case(
        "POST",
        f"{E}/paper/keyings",
        frozenset({"owner"}),
        _json(
            f'{{"credential":"{ZERO32}","style":"k","choices":[1,0,0],"station":"s",'
            f'"signature":"{SIG}"}}'
        ),
    ),
    Case("GET", f"{E}/paper/keyings", frozenset({"owner"})),
    Case("POST", f"{E}/paper/keyings/1/discard", frozenset({"owner"}), _json('{"reason":"r"}')),
]


def test_authorisation_matrix(world: World) -> None:
    size = world.client.get(E).json()["board_size"]
    for case in CASES:
        for role in ROLES:
            body = case.body(world, role)
            r = world.client.request(
                case.method, case.path, content=body, headers=world.headers[role]
            )
            where = f"{case.method} {case.path} as {role}: {r.status_code} {r.text[:200]}"
            if role in case.allowed:
                assert r.status_code not in (401, 403), where
                assert r.status_code < 500, where
            elif role == "public":
                assert r.status_code == 401, where
                problem(r, 401)
            else:
                assert r.status_code == 403, where
                problem(r, 403)
    # nothing a refused caller sent reached the board; adding staff3 did (one staff entry)
    assert world.client.get(E).json()["board_size"] == size + 1
    view = world.client.get(f"{E}/staff-view", headers=world.headers["owner"]).json()
    assert view["staff"] == ["staff1", "staff3"]


def test_staff_of_another_election_is_refused_everywhere(world: World) -> None:
    """staff2 owns OTHER; on EID every staff endpoint answers 403, and vice versa."""
    client = world.client
    for path in ("open", "close", "tally", "publish"):
        problem(client.post(f"{E}/{path}", headers=world.headers["other"]), 403)
        problem(client.post(f"{API}/elections/{OTHER}/{path}", headers=world.headers["owner"]), 403)
    problem(client.get(f"{API}/elections/{OTHER}/staff-view", headers=world.headers["owner"]), 403)
    # a trustee token acts only as its own index
    r = client.post(
        f"{E}/ceremony/commitment",
        json={"index": 2, "joint_key": base64.b64encode(bytes(32)).decode(), "signature": SIG},
        headers=world.headers["trustee"],
    )
    problem(r, 403)
    # unknown and malformed tokens are 401 where a token is needed
    for header in ("Bearer nope", "Basic abc", "Bearer", "bearer " + "x" * 600):
        problem(client.get(f"{E}/staff-view", headers={"Authorization": header}), 401)
    # an unknown election: 404 (after authentication)
    problem(client.post(f"{API}/elections/nope/open", headers=world.headers["owner"]), 404)
    # the ceremony view's shares are shown only to trustees of this election
    shown = client.get(f"{E}/ceremony", headers=world.headers["foreign"])
    assert shown.status_code == 200 and "shares" not in shown.json()
    assert "shares" in client.get(f"{E}/ceremony", headers=world.headers["trustee"]).json()
    assert "shares" not in client.get(f"{E}/ceremony", headers=world.headers["owner"]).json()
