"""Casting through the real service: every refusal of docs/spec/service.md §5 in its order,
rate limits with an injected clock, and the double-vote race on SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import msgspec
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from oylama.board import EntryKind, decode_entry
from oylama.credentials import sign_ballot
from oylama.crypto import EncryptedBallot, Point, encrypt_ballot, from_json, to_json
from oylama.election import (
    BallotPayload,
    BallotSuperseded,
    decode_manifest,
    decode_payload,
    decode_record,
)
from oylama.errors import InputError
from oylama.service import MAX_BALLOTS, create_app, ensure_admin
from oylama.service._verify import Verifier
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service, serve_app
from oylama.store import CastBallot, open_store, upgrade_to_head, verify_stored_log
from test_service_election import (
    API,
    DEFINITION,
    EID,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    b64,
    login,
    open_election,
    problem,
)

Service = tuple[httpx.Client, Driver, Clock, str]


@pytest.fixture
def opened(db_url: str) -> Iterator[Service]:
    """An open election (1-of-1 trustee): 2 voters in d1, 2 in d2."""
    clock = Clock()
    with (
        run_service(db_url, clock=clock, rng=DetRng(1)) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        r = client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        assert r.status_code == 201
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1", "d1", "d2", "d2"])
        yield client, d, clock, db_url


def _parts(body: bytes) -> tuple[bytes, bytes, bytes]:
    """credential, signature and ballot text of a cast body."""
    obj = json.loads(body)
    text = body[body.index(b'"ballot":') + len(b'"ballot":') : -1]
    return base64.b64decode(obj["credential"]), base64.b64decode(obj["signature"]), text


def _body(credential: bytes, signature: bytes, text: bytes) -> bytes:
    return (
        b'{"credential":"'
        + b64(credential).encode()
        + b'","signature":"'
        + b64(signature).encode()
        + b'","ballot":'
        + text
        + b"}"
    )


def test_cast_refusals_in_spec_order(opened: Service) -> None:
    client, d, _clock, _url = opened
    v1, v2, v3, _ = d.voters
    assert v1.credential.district == "d1" and v3.credential.district == "d2"
    good = d.ballot_body(v1, "k", [1, 0, 0])
    cred, sig, text = _parts(good)

    problem(d.cast(b"{not json"), 400)
    problem(d.cast(b'{"credential":"AA==","signature":"AA=="}'), 400, "ballot")
    problem(d.cast(good[:-1] + b',"extra":1}'), 400, "extra")
    problem(d.cast(b"[]"), 400)
    problem(client.post(d.url("/ballots"), content=b"x" * (1024 * 1024 + 1)), 413)
    problem(client.post(f"{API}/elections/nope/ballots", content=good), 404)
    # not canonical: a space inside the ballot (signed as sent, so only canonicity fails)
    spaced = text.replace(b":", b": ", 1)
    problem(
        d.cast(_body(cred, sign_ballot(v1.credential.code, EID, spaced), spaced)), 400, "canonical"
    )
    # unknown credential
    problem(d.cast(_body(bytes(32), sig, text)), 403, "credential")
    # a signature by another voter
    problem(d.cast(_body(cred, sign_ballot(v2.credential.code, EID, text), text)), 403, "signature")
    # wrong district: v3 (d2) signs a d1 ballot
    wrong = d.ballot_body(v3, "k", [1, 0, 0])
    problem(d.cast(wrong), 403, "district")
    # bad proof: swap two selections; the voter signs the tampered text
    ballot = from_json(text, EncryptedBallot)
    sels = list(ballot.selections)
    sels[0], sels[1] = sels[1], sels[0]
    tampered = to_json(msgspec.structs.replace(ballot, selections=sels))
    r = d.cast(_body(cred, sign_ballot(v1.credential.code, EID, tampered), tampered))
    problem(r, 422, "project")
    # accepted, then: a different ballot reusing the ballot_id (another voter of d1) is 409
    assert d.cast(good).status_code == 201
    # a different, valid ballot of another voter reusing that ballot_id: 409
    other = d.ballot_body(v2, "k", [0, 1, 0], ballot_id=ballot.ballot_id)
    problem(d.cast(other), 409, "ballot_id")
    # the identical ballot text signed by another credential: its proofs bind v1's credential
    # (ballots §4), so they fail for v2: 422, before the ballot_id is looked at
    copied = _body(v2.public_key, sign_ballot(v2.credential.code, EID, text), text)
    problem(d.cast(copied), 422, "project 0")
    # nothing of the refused ones reached the board: manifest, staff, key, commitment,
    # credentials, opened, 1 ballot
    assert d.view()["board_size"] == 7
    # a closed election refuses casts with 409
    assert client.post(d.url("/close"), headers=d.staff).status_code == 200
    problem(d.cast(d.ballot_body(v2, "k", [0, 1, 0])), 409, "closed")


def test_forced_overspending_is_refused(opened: Service) -> None:
    """A client that lies about the budget cannot cast an overspent knapsack basket.

    The honest prover refuses a basket over the budget, so a forcing client proves the bound
    against an inflated budget; the server verifies against the manifest's budget and refuses
    it (422 naming the cost bound), and nothing reaches the board.
    """
    client, d, _clock, _url = opened
    v1 = d.voters[0]
    view = d.view()
    manifest = decode_manifest(client.get(d.url("/manifest")).content)
    style = manifest.ballot("k").ballot_style()
    key = Point.decode(base64.b64decode(view["joint_key"]))
    context = base64.b64decode(view["base_hash"])
    over = [1, 0, 1]  # 40 + 70 > 100
    assert sum(c * x for c, x in zip(style.costs, over, strict=True)) > style.budget
    with pytest.raises(InputError, match="over the budget"):  # the honest device refuses
        encrypt_ballot(
            style,
            key,
            over,
            context=context,
            ballot_id=b"o" * 16,
            credential=v1.public_key,
            rng=d.rng,
        )
    lying = msgspec.structs.replace(style, budget=sum(style.costs))
    ballot, _ = encrypt_ballot(
        lying,
        key,
        over,
        context=context,
        ballot_id=b"o" * 16,
        credential=v1.public_key,
        rng=d.rng,
    )
    text = to_json(ballot)
    before = d.view()["board_size"]
    r = d.cast(_body(v1.public_key, sign_ballot(v1.credential.code, EID, text), text))
    problem(r, 422, "cost of the selection")
    assert d.view()["board_size"] == before


def test_failed_casts_are_limited_per_address_and_per_credential(opened: Service) -> None:
    """Unsigned junk counts against its address only; a validly signed cast is never refused
    for its address's failures, only for its own credential's; identical retries never."""
    _client, d, clock, _url = opened
    v1, v2 = d.voters[0], d.voters[1]
    good = d.ballot_body(v1, "a", [1, 0, 0])
    _cred, sig, text = _parts(good)
    unknown = _body(bytes(32), sig, text)
    for _ in range(20):
        problem(d.cast(unknown), 403, "credential")
    r = d.cast(unknown)  # the address is over its limit: its junk gets 429 now
    problem(r, 429)
    assert int(r.headers["retry-after"]) > 0
    problem(d.cast(b"{not json"), 429)
    # ... but a ballot validly signed by a listed credential goes through
    assert d.cast(good).status_code == 201
    # a credential that sends broken proofs is limited, and only that credential
    ballot = from_json(text, EncryptedBallot)
    for k in range(10):
        fresh = from_json(_parts(d.ballot_body(v2, "a", [0, 1, 0]))[2], EncryptedBallot)
        sels = list(fresh.selections)
        sels[0], sels[1] = sels[1], sels[0]
        bad = to_json(msgspec.structs.replace(fresh, selections=sels))
        r = d.cast(_body(v2.public_key, sign_ballot(v2.credential.code, EID, bad), bad))
        problem(r, 422, "verify")
        assert k < 9 or r.status_code == 422
    r = d.cast(d.ballot_body(v2, "a", [0, 1, 0]))  # even a valid one, for a while
    problem(r, 429)
    assert d.cast(d.ballot_body(v1, "a", [0, 0, 1])).status_code == 201  # v1: a revote
    # an identical retry is answered whatever the limits
    assert d.cast(good).status_code == 200
    assert ballot.ballot_id
    clock.now += 15 * 60 * 1000 + 1
    assert d.cast(d.ballot_body(v2, "a", [0, 1, 0])).status_code == 201
    problem(d.cast(unknown), 403)  # the address's window passed too


def test_login_rate_limit_sessions_expiry_and_logout(opened: Service) -> None:
    client, _d, clock, _url = opened
    for _ in range(5):
        problem(
            client.post(f"{API}/session", json={"username": "staff1", "password": "x" * 12}), 401
        )
    # now refused whatever the password
    r = client.post(f"{API}/session", json={"username": "staff1", "password": STAFF_PASSWORD})
    problem(r, 429)
    assert "retry-after" in r.headers
    clock.now += 15 * 60 * 1000 + 1
    headers = login(client, "staff1", STAFF_PASSWORD)
    assert client.get(f"{API}/elections/{EID}/staff-view", headers=headers).status_code == 200
    # expiry after 8 hours
    clock.now += 8 * 3600 * 1000
    problem(client.get(f"{API}/elections/{EID}/staff-view", headers=headers), 401)
    # logout
    headers = login(client, "staff1", STAFF_PASSWORD)
    assert client.delete(f"{API}/session", headers=headers).status_code == 204
    problem(client.get(f"{API}/elections/{EID}/staff-view", headers=headers), 401)
    problem(client.delete(f"{API}/session", headers=headers), 401)


def test_account_and_definition_input(opened: Service) -> None:
    client, d, _clock, _url = opened
    admin = login(client, ADMIN, ADMIN_PASSWORD)
    problem(
        client.post(
            f"{API}/accounts",
            json={"username": "x1", "password": "p" * 12, "role": "staff", "extra": 1},
            headers=admin,
        ),
        400,
    )
    problem(
        client.post(
            f"{API}/accounts",
            json={"username": "x1", "password": "short", "role": "staff"},
            headers=admin,
        ),
        422,
        "12",
    )
    problem(
        client.post(
            f"{API}/accounts",
            json={"username": "x1", "password": "p" * 12, "role": "root"},
            headers=admin,
        ),
        422,
    )
    problem(
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": "p" * 12, "role": "staff"},
            headers=admin,
        ),
        409,
    )
    listed = client.get(f"{API}/accounts", headers=admin).json()
    assert {
        "username": "staff1",
        "role": "staff",
        "disabled": False,
        "elections": ["svc-2026"],
    } in listed
    bad = '[election]\nid = "e2"\ntitle = { tr = "x" }\ncity = "c"\ncurrency = "TRY"\nbudjet = 3\n'
    r = client.post(f"{API}/elections", json={"definition": bad}, headers=d.staff)
    body = problem(r, 422, "definition:")
    assert ":6:" in body["detail"] or "line" in body["detail"] or "budjet" in body["detail"]
    problem(client.post(f"{API}/elections", content=b"definition", headers=d.staff), 400)
    problem(client.post(f"{API}/elections", json={"definition": 3}, headers=d.staff), 400)
    # taken id
    problem(client.post(f"{API}/elections", json={"definition": DEFINITION}, headers=d.staff), 409)
    # a non-canonical credential list
    r = client.put(d.url("/credentials"), json={"list": "{}"}, headers=d.staff)
    problem(r, 409, "open")


_race_bodies: list[bytes] = []


def _race(d: Driver, distinct: int, repeats: int, workers: int) -> list[httpx.Response]:
    voter = d.voters[0]
    bodies = [d.ballot_body(voter, "a", [k % 2, (k // 2) % 2, 1]) for k in range(distinct)]
    _race_bodies[:] = bodies
    jobs = [b for b in bodies for _ in range(repeats)]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(d.cast, jobs))


def test_double_vote_race(opened: Service) -> None:
    client, d, _clock, db_url = opened
    distinct, repeats = MAX_BALLOTS, 4  # the most ballots one credential may cast per style
    responses = _race(d, distinct, repeats, workers=32)
    assert all(r.status_code in (200, 201) for r in responses), {
        r.status_code: r.text for r in responses if r.status_code not in (200, 201)
    }
    created = [r.json() for r in responses if r.status_code == 201]
    assert len(created) == distinct  # each distinct ballot appended exactly once
    by_code: dict[str, set[int]] = {}
    for r in responses:
        by_code.setdefault(r.json()["tracking_code"], set()).add(r.json()["index"])
    assert all(len(v) == 1 for v in by_code.values()) and len(by_code) == distinct
    # exactly one counted ballot for the credential and style
    engine = open_store(db_url)
    try:
        with Session(engine) as session, session.begin():
            counted = session.execute(
                select(func.count()).where(
                    CastBallot.election_id == EID,
                    CastBallot.style == "a",
                    CastBallot.superseded_by.is_(None),
                )
            ).scalar_one()
            assert counted == 1
            verify_stored_log(session, EID)
    finally:
        engine.dispose()
    # one more ballot of that credential and style is refused (the revote limit), and
    # changes nothing; an identical retry of an earlier one is still answered
    size = d.view()["board_size"]
    problem(d.cast(d.ballot_body(d.voters[0], "a", [1, 1, 1])), 409, "most allowed")
    assert d.view()["board_size"] == size
    assert d.cast(_race_bodies[0]).status_code == 200
    # the board: `distinct` ballot entries, each but the first followed by its supersession
    assert client.post(d.url("/close"), headers=d.staff).status_code == 200
    record = decode_record(client.get(d.url("/record")).content)
    entries = [decode_entry(e) for e in record.entries]
    ballots = [(i, e) for i, e in enumerate(entries) if e.kind == EntryKind.BALLOT]
    assert len(ballots) == distinct
    sups = [
        (i, decode_payload(e.payload, BallotSuperseded))
        for i, e in enumerate(entries)
        if e.kind == EntryKind.BALLOT_SUPERSEDED
    ]
    assert len(sups) == distinct - 1
    previous = ballots[0][0]
    for (bi, _), (si, sup) in zip(ballots[1:], sups, strict=True):
        assert si == bi + 1 and sup.by == bi and sup.superseded == previous
        previous = bi
    tallies = client.get(d.url("/tally")).json()
    assert {t["style"]: t["ballots"] for t in tallies}["a"] == 1
    last = decode_payload(ballots[-1][1].payload, BallotPayload)
    assert last.credential == d.voters[0].public_key
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(client.get(d.url("/record")).content)
    assert report.passed, report.failed_ids()


def test_verification_in_worker_processes(sqlite_url: str) -> None:
    """``verify_processes``: the proofs are checked in a spawned pool, with the same answers
    (and really there: every cast that reached the proofs went through the pool)."""
    engine = open_store(sqlite_url)
    upgrade_to_head(engine)
    ensure_admin(engine, ADMIN, ADMIN_PASSWORD)
    app = create_app(engine, clock=Clock(), rng=DetRng(2), verify_processes=1)
    verifiers = [
        h.__self__ for h in app.on_startup if isinstance(getattr(h, "__self__", None), Verifier)
    ]
    assert len(verifiers) == 1
    verifier = verifiers[0]
    with (
        serve_app(app) as url,
        httpx.Client(base_url=url, timeout=120.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1"])
        voter = d.voters[0]
        good = d.ballot_body(voter, "k", [0, 1, 0])
        _cred, _sig, text = _parts(good)
        ballot = from_json(text, EncryptedBallot)
        sels = list(ballot.selections)
        sels[1], sels[2] = sels[2], sels[1]
        bad = to_json(msgspec.structs.replace(ballot, selections=sels))
        body = _body(voter.public_key, sign_ballot(voter.credential.code, EID, bad), bad)
        problem(d.cast(body), 422, "project")
        assert d.cast(good).status_code == 201
        assert d.cast(good).status_code == 200  # a stored ballot's retry: no second check
        assert verifier.pooled == 2
    engine.dispose()
