"""Paper ballots through the real service (issue #18 item 5; service §5.2, record §2 7b-7c).

Two staff accounts key a paper ballot against a resident's letter code, each on "its own
device" (the test signs with a keyer seed the service never sees); the first keying waits,
the second by another account puts it on the board with both signatures, a mismatch is held for
review and never counted, a reviewer discards it (audited) and it is keyed again. Every bad
input is a problem+json that changes nothing. The published record passes the independent
auditor, and the trustees' log verifier recounts the same tallies (engine and auditor agree).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from oylama.board import EntryKind, decode_entry, parse_checkpoint
from oylama.credentials import public_credential
from oylama.election import (
    PaperBallot,
    PaperStatement,
    Pins,
    TallyLogVerifier,
    decode_manifest,
    decode_payload,
    decode_record,
    keyer_public_key,
    manifest_hash,
    sign_paper,
)
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import (
    API,
    EVERY_TALLY,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    b64,
    login,
    problem,
)

STATION = "Karşıyaka Lisesi, sandık 3"


@dataclass
class Keyer:
    """A staff member's keying device: its seed never leaves the test (the device)."""

    name: str
    auth: dict[str, str]
    seed: bytes

    @property
    def key(self) -> bytes:
        return keyer_public_key(self.seed)


def keying(  # noqa: PLR0917 (a keying's parts)
    d: Driver,
    keyer: Keyer,
    code: str,
    style: str,
    choices: list[int],
    station: str = STATION,
    election: str | None = None,
) -> dict[str, Any]:
    """What a keying device sends: the credential derived from the letter code (the code stays
    on the device), the statement and the keyer's signature over it."""
    credential = public_credential(code, election or d.eid)
    statement = PaperStatement(credential=credential, style=style, choices=choices, station=station)
    return {
        "credential": b64(credential),
        "style": style,
        "choices": choices,
        "station": station,
        "signature": b64(sign_paper(keyer.seed, d.eid, statement)),
    }


def key(d: Driver, keyer: Keyer, body: dict[str, Any]) -> httpx.Response:
    return d.client.post(d.url("/paper/keyings"), json=body, headers=keyer.auth)


def register(d: Driver, keyer: Keyer) -> httpx.Response:
    return d.client.post(d.url("/paper/keyers"), json={"key": b64(keyer.key)}, headers=keyer.auth)


@dataclass
class Setup:
    client: httpx.Client
    d: Driver
    keyers: list[Keyer]
    admin: dict[str, str]
    observer: dict[str, str]
    outsider: dict[str, str]


def _setup(url: str, definition: str) -> Iterator[Setup]:
    with httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client:
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        for name, role in (
            ("staff1", "staff"),
            ("staff2", "staff"),
            ("staff3", "staff"),
            ("outsider", "staff"),
            ("observer1", "observer"),
        ):
            r = client.post(
                f"{API}/accounts",
                json={"username": name, "password": STAFF_PASSWORD, "role": role},
                headers=admin,
            )
            assert r.status_code == 201, r.text
        auth = {n: login(client, n, STAFF_PASSWORD) for n in ("staff1", "staff2", "staff3")}
        d = Driver(client, auth["staff1"])
        d.create(definition)
        for name in ("staff2", "staff3"):
            r = client.post(d.url("/staff"), json={"username": name}, headers=d.staff)
            assert r.status_code == 201, r.text
        d.credentials(["d1", "d1", "d1", "d2"])
        d.start_ceremony(1, 1)
        d.run_ceremony()
        rng = DetRng(99)
        keyers = [Keyer(n, auth[n], rng.token_bytes(32)) for n in ("staff1", "staff2", "staff3")]
        yield Setup(
            client,
            d,
            keyers,
            admin,
            login(client, "observer1", STAFF_PASSWORD),
            login(client, "outsider", STAFF_PASSWORD),
        )


@pytest.fixture
def paper(db_url: str) -> Iterator[Setup]:
    """SQLite and PostgreSQL (``db_url``)."""
    with run_service(db_url, clock=Clock(), rng=DetRng(5)) as url:
        yield from _setup(url, EVERY_TALLY)


def _open(s: Setup) -> None:
    r = s.client.post(s.d.url("/open"), headers=s.d.staff)
    assert r.status_code == 200, r.text


def _size(d: Driver) -> int:
    return int(d.view()["board_size"])


def _audit_actions(s: Setup) -> list[dict[str, Any]]:
    r = s.client.get(f"{API}/audit", params={"election": s.d.eid}, headers=s.admin)
    assert r.status_code == 200, r.text
    body = r.json()
    return list(body["events"] if isinstance(body, dict) else body)


def _verify_like_a_trustee(d: Driver, data: bytes) -> list[Any]:
    """The trustees' log verifier (engine code) over the record: the tallies it recounts."""
    record = decode_record(data)
    entries = [decode_entry(e) for e in record.entries]
    manifest = decode_manifest(entries[0].payload)
    opened = next(e for e in entries if e.kind is EntryKind.OPENED)
    joint_key = base64.b64decode(d.view()["joint_key"])
    import msgspec  # noqa: PLC0415

    fingerprint = msgspec.json.decode(opened.payload)["credentials"]
    verifier = TallyLogVerifier(
        election_id=d.eid,
        manifest_hash=manifest_hash(manifest),
        joint_key=joint_key,
        pins=Pins(trustee_keys=manifest.trustee_keys, credentials=fingerprint),
    )
    closed_at = next(e.index for e in entries if e.kind is EntryKind.CLOSED)
    for e in record.entries[: closed_at + 1 + len(manifest.ballots)]:
        verifier.add(e)
    size = closed_at + 1 + len(manifest.ballots)
    note = next(
        n for n in record.checkpoints if parse_checkpoint(n.split("\n\n")[0] + "\n").size == size
    )
    log = verifier.finish(parse_checkpoint(note.split("\n\n")[0] + "\n"))
    return list(log.tallies)


def test_double_keying_hold_review_and_the_record(paper: Setup) -> None:
    s = paper
    d = s.d
    k1, k2, k3 = s.keyers
    # keys are published before the election opens (or while it is open) by their own accounts
    for k in (k1, k2):
        r = register(d, k)
        assert r.status_code == 201, r.text
        assert r.json()["account"] == k.name
    assert register(d, k1).status_code == 200  # the same key again: nothing new
    _open(s)
    v = d.voters  # 0-2 in d1, 3 in d2

    # staff3 has published no key: its keying is refused, nothing changes
    size = _size(d)
    problem(key(d, k3, keying(d, k3, v[0].credential.code, "a", [1, 0, 0])), 409, "key first")

    # voter 0 votes online for "a", then on paper (paper-counts, the default)
    r = d.cast(d.ballot_body(v[0], "a", [1, 0, 0]))
    assert r.status_code == 201, r.text
    online_index, online_code = r.json()["index"], r.json()["tracking_code"]
    size = _size(d)
    body = keying(d, k1, v[0].credential.code, "a", [0, 1, 1])
    r = key(d, k1, body)
    assert r.status_code == 202 and r.json()["status"] == "waiting", r.text
    assert _size(d) == size  # single-keyed: never on the board
    # the same account cannot key it twice
    problem(key(d, k1, body), 409, "another staff account")
    held = s.client.get(d.url("/paper/keyings"), headers=k2.auth).json()
    assert [(h["status"], h["first"]["account"], h["second"]) for h in held] == [
        ("waiting", "staff1", None)
    ]
    r = key(d, k2, keying(d, k2, v[0].credential.code, "a", [0, 1, 1]))
    assert r.status_code == 201 and r.json()["status"] == "accepted", r.text
    index = r.json()["index"]
    entries = s.client.get(
        d.url("/board/entries"), params={"start": index, "end": index + 2}
    ).json()
    first, second = (decode_entry(base64.b64decode(e["data"])) for e in entries["entries"])
    assert first.kind is EntryKind.PAPER_BALLOT and second.kind is EntryKind.BALLOT_SUPERSEDED
    pb = decode_payload(first.payload, PaperBallot)
    assert [k.account for k in pb.keyings] == ["staff1", "staff2"]
    assert pb.choices == [0, 1, 1] and pb.station == STATION
    assert b'"superseded":%d' % online_index in second.payload
    assert s.client.get(d.url("/paper/keyings"), headers=k2.auth).json() == []
    receipt = s.client.get(d.url(f"/ballots/{online_code}")).json()
    assert receipt["status"] == "superseded" and receipt["superseded_by"] == index
    # the code is used for "a": no online ballot, no second paper ballot
    problem(d.cast(d.ballot_body(v[0], "a", [0, 0, 1])), 409, "paper")
    problem(key(d, k1, keying(d, k1, v[0].credential.code, "a", [1, 0, 0])), 409, "paper")

    # a mismatch: held for review, never counted
    size = _size(d)
    r = key(d, k1, keying(d, k1, v[1].credential.code, "k", [1, 0, 0]))
    assert r.status_code == 202
    r = key(d, k2, keying(d, k2, v[1].credential.code, "k", [0, 1, 0]))
    assert r.status_code == 202 and r.json()["status"] == "mismatch", r.text
    held_id = r.json()["id"]
    assert _size(d) == size
    problem(key(d, k1, keying(d, k1, v[1].credential.code, "k", [1, 0, 0])), 409, "review")
    held = s.client.get(d.url("/paper/keyings"), headers=d.staff).json()
    assert held[0]["status"] == "mismatch"
    assert (held[0]["first"]["choices"], held[0]["second"]["choices"]) == ([1, 0, 0], [0, 1, 0])
    # a reviewer discards it with a reason (free text: limited, kept as text, escaped when shown)
    reason = '<img src=x onerror="alert(1)"> keyed from the wrong sheet'
    problem(
        s.client.post(
            d.url(f"/paper/keyings/{held_id}/discard"), json={"reason": "x" * 201}, headers=k3.auth
        ),
        422,
        "reason",
    )
    problem(
        s.client.post(
            d.url(f"/paper/keyings/{held_id}/discard"), json={"reason": "a\u0000b"}, headers=k3.auth
        ),
        422,
        "control",
    )
    problem(
        s.client.post(d.url("/paper/keyings/999/discard"), json={"reason": "x"}, headers=k3.auth),
        404,
    )
    r = s.client.post(
        d.url(f"/paper/keyings/{held_id}/discard"), json={"reason": reason}, headers=k3.auth
    )
    assert r.status_code == 200 and r.json()["status"] == "discarded", r.text
    assert _size(d) == size
    events = _audit_actions(s)
    discards = [e for e in events if e["action"] == "paper-discard"]
    assert len(discards) == 1 and reason in discards[0]["detail"]  # stored as text
    assert discards[0]["username"] == "staff3"
    assert {"paper-keyed", "paper-mismatch", "paper-ballot", "paper-keyer"} <= {
        e["action"] for e in events
    }
    # the console shows the audit log through textContent; escaping it is what a page must do
    assert "<img" not in html.escape(discards[0]["detail"])
    # re-keyed, the two keyings agree
    assert key(d, k2, keying(d, k2, v[1].credential.code, "k", [1, 1, 0])).status_code == 202
    r = key(d, k1, keying(d, k1, v[1].credential.code, "k", [1, 1, 0]))
    assert r.status_code == 201, r.text

    # bad input: a clear problem, nothing changes
    size = _size(d)
    code2 = v[2].credential.code
    cases: list[tuple[dict[str, Any], int, str]] = [
        (keying(d, k1, code2, "k", [1, 0, 1]), 422, "budget"),  # 40 + 70 > 100
        (keying(d, k1, code2, "k", [1, 0]), 422, "choices"),
        (keying(d, k1, code2, "k", [2, 0, 0]), 422, "0 or 1"),
        (keying(d, k1, code2, "c", [1, 1]), 422, "district"),  # c is d2's ballot
        (keying(d, k1, code2, "nope", [1]), 422, "district"),
        (keying(d, k1, code2, "k", [1, 0, 0], election="another-2026"), 422, "not in"),
        (keying(d, k1, code2, "k", [1, 0, 0], station=""), 422, "station"),
        (keying(d, k1, code2, "k", [1, 0, 0], station="s" * 65), 422, "station"),
        (keying(d, k1, code2, "k", [1, 0, 0], station="a\nb"), 422, "control"),
        ({**keying(d, k1, code2, "k", [1, 0, 0]), "choices": [0, 1, 0]}, 422, "signature"),
        ({**keying(d, k2, code2, "k", [1, 0, 0])}, 422, "signature"),  # k2's key, k1 sends it
        ({**keying(d, k1, code2, "k", [1, 0, 0]), "extra": 1}, 400, "extra"),
        ({**keying(d, k1, code2, "k", [1, 0, 0]), "signature": "!!"}, 400, "request body"),
    ]
    for body, status, needle in cases:
        problem(key(d, k1, body), status, needle)
    assert _size(d) == size
    assert s.client.get(d.url("/paper/keyings"), headers=d.staff).json() == []
    r = d.client.post(d.url("/paper/keyers"), json={"key": b64(bytes(32))}, headers=k1.auth)
    problem(r, 422, "key")
    assert _size(d) == size

    # a first keying by an account that stops being staff cannot be completed
    assert register(d, k3).status_code == 201
    size = _size(d)
    r = key(d, k3, keying(d, k3, v[2].credential.code, "a", [1, 0, 0]))
    assert r.status_code == 202
    stale = r.json()["id"]
    assert s.client.delete(d.url("/staff/staff3"), headers=d.staff).status_code == 200
    problem(key(d, k1, keying(d, k1, v[2].credential.code, "a", [1, 0, 0])), 409, "no longer")
    problem(key(d, k3, keying(d, k3, v[2].credential.code, "a", [1, 0, 0])), 403)
    assert _size(d) == size + 1  # the staff entry only
    discard = {"reason": "keyer left"}
    r = s.client.post(d.url(f"/paper/keyings/{stale}/discard"), json=discard, headers=d.staff)
    assert r.status_code == 200

    # paper ballots in the other ballots: voter 3 (d2) on paper for "c" and for "a"
    for style, choices in (("c", [3, 2]), ("a", [1, 1, 0])):
        assert key(d, k2, keying(d, k2, v[3].credential.code, style, choices)).status_code == 202
        assert key(d, k1, keying(d, k1, v[3].credential.code, style, choices)).status_code == 201
    # voter 2 online only
    assert d.cast(d.ballot_body(v[2], "k", [0, 0, 1])).status_code == 201
    # turnout counts paper voters too: d1 voters 0 (online then paper), 1 (paper), 2 (online);
    # d2's voter 3 (paper); "a" by voters 0 and 3, "k" by 1 and 2, "c" by 3
    turnout = s.client.get(d.url("/turnout"), headers=d.staff).json()
    assert {x["district"]: x["voted"] for x in turnout["districts"]} == {"d1": 3, "d2": 1}
    assert {x["ballot"]: x["voted"] for x in turnout["ballots"]} == {"k": 2, "c": 1, "a": 2}

    # close: the paper ballots are cast and counted; the tallies hold them
    r = s.client.post(d.url("/close"), headers=d.staff)
    assert r.status_code == 200, r.text
    problem(key(d, k1, keying(d, k1, code2, "a", [1, 0, 0])), 409, "closed")
    tallies = s.client.get(d.url("/tally")).json()
    assert [(t["style"], t["ballots"]) for t in tallies] == [("k", 2), ("c", 1), ("a", 2)]
    d.decrypt(d.trustees[0])
    assert s.client.post(d.url("/tally"), headers=d.staff).status_code == 200
    assert s.client.post(d.url("/publish"), headers=d.staff).status_code == 200
    result = {x["style"]: x for x in s.client.get(d.url("/result")).json()}
    # k: paper [1,1,0] + online [0,0,1]; c: paper [3,2]; a: paper [0,1,1] + paper [1,1,0]
    # (voter 0's online [1,0,0] is superseded by its paper ballot)
    assert result["k"]["scores"] == [1, 1, 1]
    assert result["c"]["scores"] == [3, 2]
    assert result["a"]["scores"] == [1, 2, 1]

    data = s.client.get(d.url("/record")).content
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(data)
    assert report.passed, report.failed_ids()
    assert report.phase == "published"
    # the auditor's receipt index: voter 0's online ballot is superseded by its paper ballot
    _, _, el = audit.load_board(data)
    info = next(b for b in el.ballots if b.index == online_index)
    assert info.superseded_by == index and not info.counted
    # engine and auditor agree: the trustees' verifier recounts the published tallies
    tallies_engine = _verify_like_a_trustee(d, data)
    assert [(t.style, t.ballots) for t in tallies_engine] == [("k", 2), ("c", 1), ("a", 2)]


def test_paper_routes_by_role(paper: Setup) -> None:
    """Who may do what: staff of the election key and review; observers and admins read the
    keyers; nobody else does anything (401 without a token, 403 otherwise)."""
    s = paper
    d = s.d
    k1 = s.keyers[0]
    _open(s)
    trustee = d.trustees[0].auth
    body = {"key": b64(k1.key)}
    keyed = keying(d, k1, d.voters[0].credential.code, "a", [1, 0, 0])
    discard = {"reason": "test"}
    matrix: list[tuple[str, str, dict[str, Any] | None, dict[str, int | None]]] = [
        # method, path, body, {who: status}; None: not checked here (a success elsewhere)
        (
            "post",
            "/paper/keyers",
            body,
            {"anon": 401, "observer": 403, "admin": 403, "outsider": 403, "trustee": 403},
        ),
        (
            "get",
            "/paper/keyers",
            None,
            {
                "anon": 401,
                "observer": 200,
                "admin": 200,
                "outsider": 403,
                "trustee": 403,
                "staff": 200,
            },
        ),
        (
            "post",
            "/paper/keyings",
            keyed,
            {"anon": 401, "observer": 403, "admin": 403, "outsider": 403, "trustee": 403},
        ),
        (
            "get",
            "/paper/keyings",
            None,
            {
                "anon": 401,
                "observer": 403,
                "admin": 403,
                "outsider": 403,
                "trustee": 403,
                "staff": 200,
            },
        ),
        (
            "post",
            "/paper/keyings/1/discard",
            discard,
            {
                "anon": 401,
                "observer": 403,
                "admin": 403,
                "outsider": 403,
                "trustee": 403,
                "staff": 404,
            },
        ),
    ]
    who = {
        "anon": {},
        "observer": s.observer,
        "admin": s.admin,
        "outsider": s.outsider,
        "trustee": trustee,
        "staff": d.staff,
    }
    size = _size(d)
    for method, path, payload, expected in matrix:
        for name, status in expected.items():
            if status is None:
                continue
            r = s.client.request(method.upper(), d.url(path), json=payload, headers=who[name])
            assert r.status_code == status, (method, path, name, r.text)
            if status >= 400:
                problem(r, status)
    assert _size(d) == size
    # an unknown election is 404 for its staff too
    r = s.client.get(f"{API}/elections/nope/paper/keyings", headers=d.staff)
    problem(r, 404)


@pytest.fixture
def online_counts(sqlite_url: str) -> Iterator[Setup]:
    definition = EVERY_TALLY.replace(
        'currency = "TRY"\n', 'currency = "TRY"\npaper_and_online = "online-counts"\n', 1
    )
    assert "online-counts" in definition
    with run_service(sqlite_url, clock=Clock(), rng=DetRng(6)) as url:
        yield from _setup(url, definition)


def test_online_counts_refuses_paper_after_online_and_online_after_paper(
    online_counts: Setup,
) -> None:
    s = online_counts
    d = s.d
    k1, k2, _ = s.keyers
    for k in (k1, k2):
        assert register(d, k).status_code == 201
    _open(s)
    v = d.voters
    manifest = decode_manifest(s.client.get(d.url("/manifest")).content)
    assert manifest.paper_and_online == "online-counts"
    # online first: its paper ballot is refused at the first keying, nothing held
    assert d.cast(d.ballot_body(v[0], "a", [1, 0, 0])).status_code == 201
    size = _size(d)
    problem(key(d, k1, keying(d, k1, v[0].credential.code, "a", [0, 1, 0])), 409, "online-counts")
    assert _size(d) == size
    assert s.client.get(d.url("/paper/keyings"), headers=d.staff).json() == []
    # paper first: the online ballot is refused (the code is used)
    assert key(d, k1, keying(d, k1, v[1].credential.code, "a", [0, 1, 0])).status_code == 202
    assert key(d, k2, keying(d, k2, v[1].credential.code, "a", [0, 1, 0])).status_code == 201
    problem(d.cast(d.ballot_body(v[1], "a", [1, 0, 0])), 409, "paper")
    # a keying waiting for its second keyer does not block the online vote: nothing counted yet
    assert key(d, k1, keying(d, k1, v[2].credential.code, "a", [0, 0, 1])).status_code == 202
    assert d.cast(d.ballot_body(v[2], "a", [1, 0, 0])).status_code == 201
    problem(key(d, k2, keying(d, k2, v[2].credential.code, "a", [0, 0, 1])), 409, "online-counts")
    assert s.client.post(d.url("/close"), headers=d.staff).status_code == 200
    tallies = s.client.get(d.url("/tally")).json()
    assert [(t["style"], t["ballots"]) for t in tallies] == [("k", 0), ("c", 0), ("a", 3)]
    d.decrypt(d.trustees[0])
    assert s.client.post(d.url("/tally"), headers=d.staff).status_code == 200
    assert s.client.post(d.url("/publish"), headers=d.staff).status_code == 200
    result = {x["style"]: x for x in s.client.get(d.url("/result")).json()}
    assert result["a"]["scores"] == [2, 1, 0]
    data = s.client.get(d.url("/record")).content
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(data)
    assert report.passed, report.failed_ids()
