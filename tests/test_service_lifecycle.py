"""Lifecycle details through the real service: drafts, ceremony parameters, partial
decryptions (checks, retries, conflicts), a signed quadratic election, body limits.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import httpx
import msgspec
import pytest

from oylama.crypto import Ciphertext, partial_decrypt, to_json
from oylama.election import identity_public_key
from oylama.service import body_limit
from oylama.service._elections import MAX_LIST
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
    b64,
    login,
    open_election,
    problem,
)

QUADRATIC = """\
[election]
id = "svc-2026"
title = { tr = "Karesel" }
city = "İzmir"
currency = "TRY"
min_tally_ballots = 3

[[districts]]
id = "d1"
name = "Bir"

[[ballots]]
id = "qv"
title.tr = "Quadratic"
district = "d1"
kind = "quadratic"
budget = 60
max_votes = 3
signed = true
credits = 9
rule = "quadratic-voting"
tie_break = "file-order"

[[ballots.projects]]
id = "v1"
name.tr = "V1"
cost = 25

[[ballots.projects]]
id = "v2"
name.tr = "V2"
cost = 35

[[ballots.projects]]
id = "v3"
name.tr = "V3"
cost = 30
"""


@pytest.fixture
def staffed(sqlite_url: str) -> Iterator[tuple[httpx.Client, Driver, dict[str, str]]]:
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(4)) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        for name, role in (("staff1", "staff"), ("observer1", "observer")):
            r = client.post(
                f"{API}/accounts",
                json={"username": name, "password": STAFF_PASSWORD, "role": role},
                headers=admin,
            )
            assert r.status_code == 201
        yield client, Driver(client, login(client, "staff1", STAFF_PASSWORD)), admin


def test_draft_definition_ceremony_parameters_and_staff(
    staffed: tuple[httpx.Client, Driver, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, d, admin = staffed
    d.create()
    # replace the definition: same id only; the title follows
    changed = DEFINITION.replace(
        'title = { tr = "Deneme", en = "Test" }', 'title = { tr = "Yeni" }'
    )
    r = client.put(d.url("/definition"), json={"definition": changed}, headers=d.staff)
    assert r.status_code == 200 and r.json()["title"] == "Yeni"
    other_id = DEFINITION.replace(f'"{EID}"', '"another-id"')
    problem(
        client.put(d.url("/definition"), json={"definition": other_id}, headers=d.staff),
        422,
        "election.id",
    )
    broken = DEFINITION.replace('kind = "knapsack"', 'kind = "knapsak"')
    body = problem(
        client.put(d.url("/definition"), json={"definition": broken}, headers=d.staff), 422
    )
    line = DEFINITION.splitlines().index('kind = "knapsack"') + 1
    assert f"definition:{line}:" in body["detail"] and "kind" in body["detail"]
    # credentials: another election's list, a district without a ballot, not a list
    problem(client.put(d.url("/credentials"), json={"list": "{}"}, headers=d.staff), 422)
    problem(client.put(d.url("/credentials"), json={"lists": "{}"}, headers=d.staff), 400)

    # ceremony parameters are checked (422), the body shape too (400)
    def keys(n: int) -> list[str]:
        return [b64(identity_public_key(k.to_bytes(32, "big"))) for k in range(1, n + 1)]

    for n, t, k, what in (
        (0, 0, 0, "threshold"),
        (2, 3, 2, "threshold"),
        (300, 2, 300, "threshold"),
        (3, 2, 2, "trustee_keys"),
        (2, 2, 3, "trustee_keys"),
    ):
        body = problem(
            client.post(
                d.url("/ceremony"),
                json={"trustees": n, "threshold": t, "trustee_keys": keys(k)},
                headers=d.staff,
            ),
            422,
            "manifest: ",
            what,
        )
        assert "manifest: manifest:" not in body["detail"]
    same = keys(1) * 2
    problem(
        client.post(
            d.url("/ceremony"),
            json={"trustees": 2, "threshold": 2, "trustee_keys": same},
            headers=d.staff,
        ),
        422,
        "same identity key",
    )
    small = [keys(1)[0], b64(b"\x01" + bytes(31))]  # the identity point: no key
    problem(
        client.post(
            d.url("/ceremony"),
            json={"trustees": 2, "threshold": 2, "trustee_keys": small},
            headers=d.staff,
        ),
        422,
        "trustee_keys[1]",
    )
    problem(client.post(d.url("/ceremony"), headers=d.staff), 400)
    problem(client.post(d.url("/ceremony"), json={"trustees": 2}, headers=d.staff), 400)
    problem(
        client.post(d.url("/ceremony"), json={"trustees": 2, "threshold": 2}, headers=d.staff),
        400,
        "trustee_keys",
    )
    assert d.view()["board_size"] == 0 and d.view()["status"] == "draft"
    # staff: only staff accounts can be added
    problem(client.post(d.url("/staff"), json={"username": "observer1"}, headers=admin), 422)
    problem(client.post(d.url("/staff"), json={"username": "nobody"}, headers=d.staff), 422)
    # body limits: 64 KiB on small routes, 1 MiB on definitions, problem+json either way
    problem(client.post(f"{API}/session", content=b"x" * (64 * 1024 + 1)), 413)
    problem(client.post(d.url("/ceremony"), content=b"x" * (64 * 1024 + 1), headers=d.staff), 413)
    big = json.dumps({"definition": "#" * (512 * 1024)})
    problem(client.put(d.url("/definition"), content=big, headers=d.staff), 422)
    huge = json.dumps({"definition": "#" * (1024 * 1024 + 1)})
    problem(client.put(d.url("/definition"), content=huge, headers=d.staff), 413)
    # credential lists may be up to 320 MiB as a body, the list itself at most 256 MiB (it is
    # published in parts of 16 MiB, credentials §5.4); the list's limit made 1 MiB here, since
    # 256 MiB would take longer than a loaded test machine's 30 s to send
    assert body_limit("PUT", d.url("/credentials"), 64 * 1024) == 320 * 1024 * 1024
    assert MAX_LIST == 256 * 1024 * 1024
    monkeypatch.setattr("oylama.service._elections.MAX_LIST", 1024 * 1024)
    long_list = b'{"list":"' + b"x" * (1024 * 1024 + 1) + b'"}'
    problem(client.put(d.url("/credentials"), content=long_list, headers=d.staff), 422, "at most")


def test_partial_decryptions_checked_and_a_signed_quadratic_result(
    staffed: tuple[httpx.Client, Driver, dict[str, str]],
) -> None:
    client, d, _admin = staffed
    open_election_quadratic(d)
    v = d.voters
    votes = [[2, -2, 1], [-1, 0, 2], [2, 2, -1]]  # 4+4+1, 1+0+4, 4+4+1 credits
    for voter, choice in zip(v, votes, strict=True):
        assert d.cast(d.ballot_body(voter, "qv", choice)).status_code == 201
    assert client.post(d.url("/close"), headers=d.staff).status_code == 200
    tallies = client.get(d.url("/tally")).json()
    base = base64.b64decode(d.view()["base_hash"])
    cts = msgspec.convert(tallies[0]["ciphertexts"], list[Ciphertext], strict=False)
    t1, t2, t3 = d.trustees
    assert t1.key_share is not None and t2.key_share is not None

    def body(style: str, share: bytes) -> bytes:
        return b'{"partials":[{"style":"' + style.encode() + b'","decryption":' + share + b"}]}"

    good = to_json(partial_decrypt(t1.key_share, cts, context=base, label=b"tally/qv", rng=d.rng))
    wrong_label = to_json(
        partial_decrypt(t1.key_share, cts, context=base, label=b"tally/xx", rng=d.rng)
    )
    other_share = to_json(
        partial_decrypt(t2.key_share, cts, context=base, label=b"tally/qv", rng=d.rng)
    )
    post = client.post
    problem(
        post(d.url("/tally/partials"), content=body("qv", wrong_label), headers=t1.auth), 422, "qv"
    )
    problem(
        post(d.url("/tally/partials"), content=body("nope", good), headers=t1.auth), 422, "nope"
    )
    problem(post(d.url("/tally/partials"), content=body("qv", other_share), headers=t1.auth), 403)
    assert (
        post(d.url("/tally/partials"), content=body("qv", good), headers=t1.auth).status_code == 201
    )
    # identical retry: 200, nothing appended; a different one for the same style: 409
    size = d.view()["board_size"]
    assert (
        post(d.url("/tally/partials"), content=body("qv", good), headers=t1.auth).status_code == 200
    )
    assert d.view()["board_size"] == size
    again = to_json(partial_decrypt(t1.key_share, cts, context=base, label=b"tally/qv", rng=d.rng))
    problem(post(d.url("/tally/partials"), content=body("qv", again), headers=t1.auth), 409)
    problem(client.post(d.url("/tally"), headers=d.staff), 409, "1 partial")
    assert (
        post(d.url("/tally/partials"), content=body("qv", other_share), headers=t2.auth).status_code
        == 201
    )
    assert client.post(d.url("/tally"), headers=d.staff).status_code == 200
    # trustee 3 is too late: the election is tallied
    problem(post(d.url("/tally/partials"), content=body("qv", good), headers=t3.auth), 409)
    assert client.post(d.url("/publish"), headers=d.staff).status_code == 200
    result = client.get(d.url("/result")).json()[0]
    # net votes by hand: v1 2-1+2 = 3, v2 -2+0+2 = 0, v3 1+2-1 = 2
    assert result["scores"] == [3, 0, 2] and result["ballots"] == 3
    assert result["rule"] == "quadratic-voting" and result["budget"] == "60"
    # funded: v1 (25) then v3 (30) by net votes; v2 (net 0) is not funded, cost 55
    assert result["selected"] == ["v1", "v3"] and result["cost"] == "55"
    staff_view = client.get(d.url("/staff-view"), headers=d.staff).json()
    assert [t["partial"] for t in staff_view["trustees"]] == [True, True, False]
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(client.get(d.url("/record")).content)
    assert report.passed, report.failed_ids()


def open_election_quadratic(d: Driver) -> None:
    d.create(QUADRATIC)
    d.credentials(["d1"] * 3)
    d.start_ceremony(3, 2)
    d.run_ceremony()
    assert d.client.post(d.url("/open"), headers=d.staff).status_code == 200


def test_open_election_helper_works_with_many_trustees(
    staffed: tuple[httpx.Client, Driver, dict[str, str]],
) -> None:
    _client, d, _admin = staffed
    open_election(d, ["d1", "d2"], n=4, t=3)
    view = d.view()
    assert view["status"] == "open" and view["board_size"] == 1 + 1 + 4 + 4 + 2
