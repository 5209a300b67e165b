"""Residents' proposals, supports, moderation and feasibility review over the real service
(issue #18 item 1, cycle §4, service §8).

Residents are known only by their voting credential: every proposal and support is signed
with the key derived from the letter's code, and the participation log carries the public key
and the signature, so these tests check authorship and "one support per code" from the log's
payloads, not only from the service's counts. Each attack the issue names is a test: a forged
signature, a key not on the list, a second support, a request outside the phase (409 and
nothing changes), stored XSS in every free-text field, length limits, rate limits.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import msgspec
import nacl.signing
import pytest
from PIL import Image

from oylama import ballots
from oylama.board import decode_entry
from oylama.credentials import signing_key
from oylama.cycle import (
    ProposalContent,
    ProposalPayload,
    SupportPayload,
    encode_content,
    sign_statement,
    verify_cycle_record,
    verify_proposal_payload,
    verify_support_payload,
)
from oylama.service._proposals import ADDRESS_FAILURES, CREDENTIAL_FAILURES
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_audit._errors import RecordError
from oylama_audit.proposals import check_proposals
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
    problem,
)

#: The clock's start (2026-05-28T20:26:40Z) is inside the proposals phase below.
PHASES = """\
proposals = { opens = 2026-05-01T00:00:00Z, closes = 2026-06-15T00:00:00Z }
review = { opens = 2026-06-15T00:00:00Z, closes = 2026-07-01T00:00:00Z }
"""
DAY = 24 * 3600 * 1000
WITH_PHASES = DEFINITION.replace("min_tally_ballots = 4\n", "min_tally_ballots = 4\n" + PHASES, 1)

XSS = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


@dataclass
class Cycle:
    url: str
    clock: Clock
    client: httpx.Client
    driver: Driver
    staff: dict[str, str]
    other_staff: dict[str, str]
    observer: dict[str, str]
    admin: dict[str, str]

    def url_of(self, tail: str = "") -> str:
        return f"{API}/elections/{EID}{tail}"

    def key(self, k: int) -> nacl.signing.SigningKey:
        return signing_key(self.driver.voters[k].credential.code, EID)

    def state(self) -> tuple[Any, Any]:
        """What must not change after a refused request: the proposals and the log's size."""
        listed = self.client.get(self.url_of("/proposals")).json()
        cycle = self.client.get(self.url_of("/cycle"))
        return listed, cycle.json() if cycle.status_code == 200 else cycle.status_code


@pytest.fixture
def cycle(request: pytest.FixtureRequest) -> Iterator[Cycle]:
    """The election on SQLite, or on the database fixture a test names (``indirect``)."""
    db_url = str(request.getfixturevalue(getattr(request, "param", "sqlite_url")))
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
        driver = Driver(client, staff)
        driver.create(WITH_PHASES)
        # voters 0-3 in d1, 4-5 in d2 (d1 has the knapsack ballot, d2 the cumulative one,
        # everyone the city-wide approval ballot)
        driver.credentials(["d1", "d1", "d1", "d1", "d2", "d2"])
        yield Cycle(
            url,
            clock,
            client,
            driver,
            staff,
            login(client, "staff2", STAFF_PASSWORD),
            login(client, "obs", STAFF_PASSWORD),
            admin,
        )


def content(**changes: Any) -> ProposalContent:
    fields: dict[str, Any] = {
        "title": "Karşıyaka sahiline gölgelik",
        "description": "Sahil yürüyüş yoluna ağaç ve gölgelik.\nYaz aylarında serinlik.",
        "cost": "150000",
        "district": "d1",
        "category": "parks",
        "sdg": ("SDG11", "SDG13"),
        "audience": ("older people", "children"),
        "latitude": 38.4561,
        "longitude": 27.1102,
        "address": "Karşıyaka sahili",
        "photo": None,
    }
    fields.update(changes)
    return ProposalContent(**fields)


def proposal_body(key: nacl.signing.SigningKey, c: ProposalContent | bytes) -> dict[str, str]:
    data = c if isinstance(c, bytes) else encode_content(c)
    return {
        "content": data.decode(),
        "credential": b64(bytes(key.verify_key)),
        "signature": b64(sign_statement(key, EID, "proposal", data)),
    }


def support_body(key: nacl.signing.SigningKey, pid: str) -> dict[str, str]:
    data = f'{{"proposal":"{pid}"}}'.encode()
    return {
        "credential": b64(bytes(key.verify_key)),
        "signature": b64(sign_statement(key, EID, "proposal-support", data)),
    }


def propose(c: Cycle, k: int = 0, **changes: Any) -> dict[str, Any]:
    r = c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(k), content(**changes)))
    assert r.status_code == 201, r.text
    return dict(r.json())


def entries(c: Cycle) -> list[tuple[str, bytes]]:
    """The participation log's entries (kind, payload), from its record file verified under
    the election's board key (``verify_cycle_record`` also decodes every payload)."""
    key = c.client.get(c.url_of("/board/key")).json()
    data = c.client.get(c.url_of("/cycle/record")).content
    record = verify_cycle_record(data, board_public_key=base64.b64decode(key["ed25519_public_key"]))
    out = []
    for raw in record.entries:
        entry = decode_entry(raw)
        out.append((entry.kind.value, bytes(entry.payload)))
    return out


# -- the whole path ---------------------------------------------------------------------------


def test_propose_support_moderate_review_accept(cycle: Cycle) -> None:
    _whole_path(cycle)


@pytest.mark.parametrize("cycle", ["pg_url"], indirect=True)
def test_propose_support_moderate_review_accept_on_postgresql(cycle: Cycle) -> None:
    _whole_path(cycle)


def _whole_path(c: Cycle) -> None:
    made = propose(c, 0)
    assert made["id"] == "P1" and made["supports"] == 0 and not made["hidden"]
    assert made["content"]["title"] == "Karşıyaka sahiline gölgelik"
    # an identical retry (a lost answer) finds the same proposal, it is not proposed twice
    again = c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(0), content()))
    assert again.status_code == 200 and again.json()["id"] == "P1"
    city = propose(c, 4, district="city-wide", title="Kent bisiklet yolu", cost="900000.50")
    assert city["id"] == "P2"

    # supports: one per code; a d2 resident cannot support a d1 proposal (not their ballot)
    for k, expected in ((1, 1), (2, 2)):
        r = c.client.post(c.url_of("/proposals/P1/supports"), json=support_body(c.key(k), "P1"))
        assert r.status_code == 201, r.text
        assert r.json()["supports"] == expected
    before = c.state()
    problem(
        c.client.post(c.url_of("/proposals/P1/supports"), json=support_body(c.key(1), "P1")),
        409,
        "already supports",
    )
    problem(
        c.client.post(c.url_of("/proposals/P1/supports"), json=support_body(c.key(4), "P1")),
        403,
        "district",
    )
    assert c.state() == before
    r = c.client.post(c.url_of("/proposals/P2/supports"), json=support_body(c.key(1), "P2"))
    assert r.status_code == 201 and r.json()["supports"] == 1

    # moderation: hidden with a public reason, not deleted; no support while hidden
    r = c.client.post(
        c.url_of("/proposals/P2/moderation"),
        json={"action": "hide", "reason": "Kişisel veri içeriyor"},
        headers=c.staff,
    )
    assert r.status_code == 200, r.text
    assert r.json()["hidden"] and r.json()["moderation"]["reason"] == "Kişisel veri içeriyor"
    assert r.json()["moderation"]["by"] == "staff1"
    listed = {p["id"]: p for p in c.client.get(c.url_of("/proposals")).json()["proposals"]}
    assert listed["P2"]["hidden"] and listed["P2"]["content"]["title"] == "Kent bisiklet yolu"
    assert [m["action"] for m in listed["P2"]["moderations"]] == ["hide"]
    problem(
        c.client.post(c.url_of("/proposals/P2/supports"), json=support_body(c.key(2), "P2")),
        409,
        "hidden",
    )
    problem(
        c.client.post(
            c.url_of("/proposals/P2/moderation"),
            json={"action": "hide", "reason": "again"},
            headers=c.staff,
        ),
        409,
        "already hidden",
    )

    # review, then accept into the d1 ballot of the draft: a project linking back
    r = c.client.post(
        c.url_of("/proposals/P1/review"),
        json={
            "decision": "feasible",
            "technical": "Uygulanabilir.",
            "legal": "İmar planına uygun.",
            "cost": "175000",
        },
        headers=c.staff,
    )
    assert r.status_code == 200, r.text
    assert r.json()["review"]["decision"] == "feasible"
    problem(
        c.client.post(c.url_of("/proposals/P1/accept"), json={"ballot": "c"}, headers=c.staff),
        422,
        "is for",
    )
    r = c.client.post(c.url_of("/proposals/P1/accept"), json={"ballot": "k"}, headers=c.staff)
    assert r.status_code == 200, r.text
    assert r.json()["proposal"]["accepted"]["project"] == "proposal-1"
    definition = ballots.loads(
        c.client.get(c.url_of("/export"), params={"format": "toml"}, headers=c.staff).text
    )
    project = definition.ballot("k").projects[-1]
    assert project.proposal == "P1" and project.cost == 175000
    assert project.name.tr == "Karşıyaka sahiline gölgelik" and project.sdg == ("SDG11", "SDG13")
    problem(
        c.client.post(c.url_of("/proposals/P1/accept"), json={"ballot": "k"}, headers=c.staff),
        409,
        "already on the ballot",
    )
    # an infeasible proposal cannot be accepted; the reason stays public
    r = c.client.post(
        c.url_of("/proposals/P2/review"),
        json={"decision": "infeasible", "technical": "Yol dar.", "legal": "Yetki yok."},
        headers=c.staff,
    )
    assert r.status_code == 200, r.text
    problem(
        c.client.post(c.url_of("/proposals/P2/accept"), json={"ballot": "a"}, headers=c.staff),
        409,
        "no feasible review",
    )

    # the log says all of it, and anyone can check authorship and one support per code
    log = entries(c)
    kinds = [k for k, _ in log]
    assert kinds.count("proposal") == 2 and kinds.count("proposal-support") == 3
    assert kinds.count("proposal-moderation") == 1 and kinds.count("proposal-review") == 2
    assert kinds.count("proposal-accepted") == 1
    supporters: set[tuple[str, bytes]] = set()
    for kind, payload in log:
        if kind == "proposal":
            verify_proposal_payload(msgspec.json.decode(payload, type=ProposalPayload), EID)
        elif kind == "proposal-support":
            s = msgspec.json.decode(payload, type=SupportPayload)
            verify_support_payload(s, EID)
            assert (s.proposal, s.credential) not in supporters
            supporters.add((s.proposal, s.credential))
    assert len([s for s in supporters if s[0] == "P1"]) == 2
    # the independent auditor (cycle §4 only) agrees, and refuses a doctored log
    listed = {v.public_key: v.credential.district for v in c.driver.voters}
    report = check_proposals(log, EID, listed)
    assert report.supports("P1") == 2 and report.supports("P2") == 1
    assert report.proposals["P2"].hidden and report.proposals["P1"].accepted == ("k", "proposal-1")
    first_support = next(i for i, (k, _) in enumerate(log) if k == "proposal-support")
    doctored = [*log[: first_support + 1], log[first_support], *log[first_support + 1 :]]
    with pytest.raises(RecordError, match="second support"):
        check_proposals(doctored, EID, listed)
    first = next(i for i, (k, _) in enumerate(log) if k == "proposal")
    kind, payload = log[first]
    retitled = payload.replace("gölgelik".encode(), b"otopark")
    assert retitled != payload
    with pytest.raises(RecordError, match="does not verify"):
        check_proposals([*log[:first], (kind, retitled), *log[first + 1 :]], EID, listed)
    with pytest.raises(RecordError, match="not on the list"):
        check_proposals(log, EID, {})
    _audit_command(c)


def _audit_command(c: Cycle) -> None:
    """``oylama-audit proposals`` on the served participation record, pinned to the board key."""
    import json  # noqa: PLC0415
    import tempfile  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from oylama.board import verifier_key  # noqa: PLC0415
    from oylama_audit.cli import main as audit_main  # noqa: PLC0415
    from oylama_audit.cycle import check_cycle_record  # noqa: PLC0415

    key = c.client.get(c.url_of("/board/key")).json()
    pinned = verifier_key(key["key_name"], base64.b64decode(key["ed25519_public_key"]))
    data = c.client.get(c.url_of("/cycle/record")).content
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cycle.json"
        path.write_bytes(data)
        assert audit_main(["proposals", str(path), "--board-key", pinned]) == 0
        other = verifier_key(key["key_name"], bytes(nacl.signing.SigningKey(bytes(32)).verify_key))
        assert audit_main(["proposals", str(path), "--board-key", other]) == 1
        # the whole participation record at once, signers on the list (cycle C1-C7)
        listed = Path(tmp) / "credentials.txt"
        listed.write_bytes(c.driver.public_list)
        whole = ["cycle", str(path), "--board-key", pinned, "--credentials", str(listed)]
        assert audit_main(whole) == 0
        report = check_cycle_record(
            data, board_public_key=base64.b64decode(key["ed25519_public_key"])
        )
        assert report.passed and report["C5"].notes, report.to_json()
        assert report.figures["proposals"] >= 2 and report.figures["supports"] >= 3
        # one byte of one entry changed: the chain and the checkpoints no longer hold
        record = json.loads(data)
        assert msgspec.json.encode(record) + b"\n" == data  # re-encoded as it was served
        raw = bytearray(base64.b64decode(record["entries"][1]))
        raw[-3] ^= 1
        record["entries"][1] = base64.b64encode(bytes(raw)).decode()
        path.write_bytes(msgspec.json.encode(record) + b"\n")
        assert audit_main(["proposals", str(path), "--board-key", pinned]) == 1


def test_signatures_and_credentials(cycle: Cycle) -> None:
    c = cycle
    propose(c, 0)
    before = c.state()
    stranger = nacl.signing.SigningKey(bytes(range(32)))
    # a key not on the list
    problem(
        c.client.post(c.url_of("/proposals"), json=proposal_body(stranger, content())),
        403,
        "not in this election's list",
    )
    problem(
        c.client.post(c.url_of("/proposals/P1/supports"), json=support_body(stranger, "P1")),
        403,
        "not in this election's list",
    )
    # a listed key with a signature made by another key (a forgery)
    forged = proposal_body(stranger, content(title="Sahte"))
    forged["credential"] = b64(bytes(c.key(1).verify_key))
    problem(c.client.post(c.url_of("/proposals"), json=forged), 403, "does not verify")
    forged_support = support_body(stranger, "P1")
    forged_support["credential"] = b64(bytes(c.key(1).verify_key))
    problem(
        c.client.post(c.url_of("/proposals/P1/supports"), json=forged_support),
        403,
        "does not verify",
    )
    # a signature of another proposal's support, replayed for P1; a ballot-kind message
    replay = support_body(c.key(1), "P9")
    problem(c.client.post(c.url_of("/proposals/P1/supports"), json=replay), 403, "not verify")
    # content that is not the signed text (a server could not change a title unnoticed)
    body = proposal_body(c.key(1), content())
    body["content"] = encode_content(content(title="Başka")).decode()
    problem(c.client.post(c.url_of("/proposals"), json=body), 403, "does not verify")
    # non-canonical JSON (spaces) is refused even when signed
    text = encode_content(content(title="Boşluklu")).replace(b'","', b'", "')
    problem(
        c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(1), text)),
        422,
        "not canonical",
    )
    assert c.state() == before


def test_staff_actions_authorisation(cycle: Cycle) -> None:
    """Only staff of the election moderate, review and accept; residents' reads are public."""
    c = cycle
    propose(c, 0)
    actions = [
        ("/proposals/P1/moderation", {"action": "hide", "reason": "r"}),
        ("/proposals/P1/review", {"decision": "feasible", "technical": "t", "legal": "l"}),
        ("/proposals/P1/accept", {"ballot": "k"}),
    ]
    before = c.state()
    for path, body in actions:
        problem(c.client.post(c.url_of(path), json=body), 401)
        for who in (c.other_staff, c.observer, c.admin):
            problem(c.client.post(c.url_of(path), json=body, headers=who), 403, "staff")
    assert c.state() == before
    # anyone reads the list and a proposal, without a token
    with httpx.Client(base_url=c.url) as anonymous:
        assert anonymous.get(c.url_of("/proposals")).status_code == 200
        assert anonymous.get(c.url_of("/proposals/P1")).json()["id"] == "P1"
        problem(anonymous.get(c.url_of("/proposals/P7")), 404, "no proposal")
        problem(anonymous.get(f"{API}/elections/nope/proposals"), 404)


def test_outside_the_phase_nothing_changes(cycle: Cycle) -> None:
    c = cycle
    propose(c, 0)
    c.clock.now += 20 * DAY  # 2026-06-17: the review phase
    before = c.state()
    problem(
        c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(1), content())),
        409,
        "review",
    )
    problem(
        c.client.post(c.url_of("/proposals/P1/supports"), json=support_body(c.key(1), "P1")),
        409,
        "review",
    )
    assert c.state() == before
    # the review phase allows the review (a new session: the first one has expired)
    staff = login(c.client, "staff1", STAFF_PASSWORD)
    r = c.client.post(
        c.url_of("/proposals/P1/review"),
        json={"decision": "feasible", "technical": "t", "legal": "l"},
        headers=staff,
    )
    assert r.status_code == 200, r.text
    c.clock.now += 30 * DAY  # after the review phase: no more reviews
    staff = login(c.client, "staff1", STAFF_PASSWORD)
    before = c.state()
    problem(
        c.client.post(
            c.url_of("/proposals/P1/review"),
            json={"decision": "infeasible", "technical": "t", "legal": "l"},
            headers=staff,
        ),
        409,
        "between two phases",
    )
    assert c.state() == before


def test_free_text_is_stored_as_text(cycle: Cycle) -> None:
    """Markup in every field a resident or staff member writes comes back as the same text
    (the pages put it in text nodes; tests/test_web_proposals.py checks that it never runs)."""
    c = cycle
    made = propose(
        c,
        0,
        title=XSS[:120],
        description=XSS,
        category="<b>x</b>",
        audience=("<i>y</i>",),
        address="<svg onload=alert(1)>",
    )
    r = c.client.post(
        c.url_of("/proposals/P1/review"),
        json={"decision": "feasible", "technical": XSS, "legal": XSS},
        headers=c.staff,
    )
    assert r.status_code == 200, r.text
    r = c.client.post(
        c.url_of("/proposals/P1/moderation"),
        json={"action": "hide", "reason": XSS},
        headers=c.staff,
    )
    got = c.client.get(c.url_of("/proposals/P1")).json()
    assert got["content"]["title"] == XSS[:120] == made["content"]["title"]
    assert got["content"]["description"] == XSS
    assert got["content"]["address"] == "<svg onload=alert(1)>"
    assert got["review"]["technical"] == XSS and got["moderation"]["reason"] == XSS
    page = httpx.get(f"{c.url}/elections/{EID}/proposals/P1")
    assert page.status_code == 200 and "<script>window.pwned" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"] or (
        "unsafe-inline" not in page.headers["content-security-policy"]
    )


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        ({"title": "x" * 121}, "title: 121 characters"),
        ({"title": "  "}, "title: must not be empty"),
        ({"title": "a\nb"}, "title: control"),
        ({"title": "a\u202eb"}, "title: control"),
        ({"description": "x" * 4001}, "description: 4001"),
        ({"address": "x" * 201}, "address: 201"),
        ({"category": "x" * 65}, "category: 65"),
        ({"audience": ("a",) * 9}, "audience: at most"),
        ({"cost": "1e5"}, "cost"),
        ({"cost": "-5"}, "cost"),
        ({"cost": "01"}, "cost"),
        ({"sdg": ("SDG18",)}, "sdg"),
        ({"district": "d2"}, "district"),
        ({"district": "nowhere"}, "district"),
        ({"latitude": 91.0, "longitude": 27.0}, "latitude"),
        ({"latitude": 38.0, "longitude": None}, "both or neither"),
        ({"photo": "ab" * 32}, "photo"),
    ],
)
def test_limits_and_bad_content(cycle: Cycle, changes: dict[str, Any], needle: str) -> None:
    c = cycle
    before = c.state()
    r = c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(0), content(**changes)))
    problem(r, 422, needle)
    assert c.state() == before


def test_staff_text_limits(cycle: Cycle) -> None:
    c = cycle
    propose(c, 0)
    before = c.state()
    for path, body, needle in (
        ("/moderation", {"action": "hide", "reason": "x" * 1001}, "reason: 1001"),
        ("/moderation", {"action": "hide", "reason": " "}, "reason: must not be empty"),
        ("/review", {"decision": "feasible", "technical": "x" * 4001, "legal": "l"}, "technical"),
        ("/review", {"decision": "feasible", "technical": "t", "legal": ""}, "legal"),
        ("/review", {"decision": "feasible", "technical": "t", "legal": "l", "cost": "x"}, "cost"),
    ):
        problem(
            c.client.post(c.url_of("/proposals/P1" + path), json=body, headers=c.staff), 422, needle
        )
    problem(
        c.client.post(
            c.url_of("/proposals/P1/review"), json={"decision": "maybe"}, headers=c.staff
        ),
        400,
    )
    assert c.state() == before


def test_rate_limits_per_code_and_per_address(cycle: Cycle) -> None:
    c = cycle
    # one code makes at most five proposals
    for k in range(5):
        propose(c, 0, title=f"Öneri {k}")
    problem(
        c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(0), content(title="6"))),
        409,
        "the most one code",
    )
    # junk from an address (unsigned, or not listed) counts against the address: 429 ...
    stranger = nacl.signing.SigningKey(bytes(32))
    for _ in range(ADDRESS_FAILURES):
        r = c.client.post(c.url_of("/proposals"), json=proposal_body(stranger, content()))
        assert r.status_code == 403
    problem(c.client.post(c.url_of("/proposals"), json={"content": 1}), 429)
    problem(c.client.post(c.url_of("/proposals"), json=proposal_body(stranger, content())), 429)
    # ... but never locks out a resident with a valid code at that address
    r = c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(1), content(title="Ok")))
    assert r.status_code == 201, r.text
    r = c.client.post(c.url_of("/proposals/P1/supports"), json=support_body(c.key(2), "P1"))
    assert r.status_code == 201, r.text
    # a code's own failures count against that code only
    for _ in range(CREDENTIAL_FAILURES):
        bad = proposal_body(c.key(2), content(title="x" * 200))
        problem(c.client.post(c.url_of("/proposals"), json=bad), 422)
    problem(
        c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(2), content(title="T"))),
        429,
    )
    r = c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(3), content(title="Z")))
    assert r.status_code == 201, r.text
    # the windows pass
    c.clock.now += 16 * 60 * 1000
    r = c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(2), content(title="T")))
    assert r.status_code == 201, r.text


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_photo_upload_and_hiding(cycle: Cycle) -> None:
    c = cycle
    data = _png()
    key = c.key(0)
    body = {
        "data": b64(data),
        "credential": b64(bytes(key.verify_key)),
        "signature": b64(sign_statement(key, EID, "proposal-photo", data)),
    }
    r = c.client.post(c.url_of("/proposals/photos"), json=body)
    assert r.status_code == 201, r.text
    digest = r.json()["digest"]
    # signed over other bytes: refused
    bad = dict(body, signature=b64(sign_statement(key, EID, "proposal-photo", data + b"x")))
    problem(c.client.post(c.url_of("/proposals/photos"), json=bad), 403, "does not verify")
    # a page posing as a photo: refused with the reason
    html = b"<html><script>alert(1)</script></html>"
    page = {
        "data": b64(html),
        "credential": b64(bytes(key.verify_key)),
        "signature": b64(sign_statement(key, EID, "proposal-photo", html)),
    }
    problem(c.client.post(c.url_of("/proposals/photos"), json=page), 422, "not a JPEG")
    # another code cannot use this resident's photo
    problem(
        c.client.post(c.url_of("/proposals"), json=proposal_body(c.key(1), content(photo=digest))),
        422,
        "photo",
    )
    made = propose(c, 0, photo=digest)
    r = c.client.get(made["photo_url"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert Image.open(io.BytesIO(r.content)).size == (40, 30)
    r = c.client.post(
        c.url_of("/proposals/P1/moderation"),
        json={"action": "hide", "reason": "Yüzler görünüyor"},
        headers=c.staff,
    )
    assert r.status_code == 200
    problem(c.client.get(made["photo_url"]), 404, "no photo")


def test_demo_proposals(cycle: Cycle) -> None:
    """The demo's proposals go through the same API (cli/oylama_cli/demo/_proposals.py)."""
    from oylama.client import ServiceClient  # noqa: PLC0415
    from oylama_cli.demo._proposals import IDEAS, seed_proposals  # noqa: PLC0415

    c = cycle
    c.driver.credentials(["d1"] * 8 + ["d2"])
    codes = [(v.credential.code, v.credential.district) for v in c.driver.voters]
    with ServiceClient(c.url) as staff:
        staff.login("staff1", STAFF_PASSWORD)
        lines = seed_proposals(c.url, staff, EID, codes, district="d1", ballot="k")
    assert len(lines) == len(IDEAS)
    listed = c.client.get(c.url_of("/proposals")).json()["proposals"]
    assert [p["supports"] for p in listed] == [i.supporters for i in IDEAS]
    assert [p["hidden"] for p in listed] == [i.decision == "hide" for i in IDEAS]
    on_ballot = [p["id"] for p in listed if p["accepted"]]
    assert on_ballot == [
        p["id"] for p, i in zip(listed, IDEAS, strict=True) if i.decision == "feasible"
    ]


def test_browser_writes_and_signs_the_canonical_content(tmp_path: Any) -> None:
    """The residents' page (web/src/app/proposals.js) writes exactly the canonical text the
    service decodes, and its statement signature verifies here: engine and browser agree."""
    import json  # noqa: PLC0415
    import shutil  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from oylama.cycle import decode_content, verify_statement  # noqa: PLC0415

    node = shutil.which("node")
    web = Path(__file__).resolve().parent.parent / "web"
    if node is None or not (web / "node_modules" / "@noble" / "curves").is_dir():
        pytest.skip("node or web/node_modules is missing")
    samples = [
        content(),
        content(latitude=38.0, longitude=-27.0, photo="ab" * 32, category=None, address=None),
        content(title='Tırnak " ve \\ ters bölü', description="çok\tsatır\nلا\u00a0x", sdg=()),
        content(latitude=None, longitude=None, audience=(), cost="0.5"),
        content(latitude=1.5e-3, longitude=179.999999, cost="123456789012.99"),
    ]
    seed = bytes(range(32))
    script = tmp_path / "sign.mjs"
    script.write_text(
        f"import {{ contentText }} from {json.dumps((web / 'src/app/proposals.js').as_uri())};\n"
        f"import * as C from {json.dumps((web / 'src/index.js').as_uri())};\n"
        "const seed = Uint8Array.from(JSON.parse(process.argv[2]));\n"
        "for (const c of JSON.parse(process.argv[3])) {\n"
        "  const text = contentText(c);\n"
        "  const sig = C.signStatement(seed, 'proposal', C.utf8(text), 'svc-2026');\n"
        "  console.log(JSON.stringify([text, C.toBase64(sig)]));\n"
        "}\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [node, str(script), json.dumps(list(seed)), msgspec.json.encode(samples).decode()],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    key = nacl.signing.SigningKey(seed)
    lines = run.stdout.splitlines()
    assert len(lines) == len(samples)
    for sample, line in zip(samples, lines, strict=True):
        text, signature = json.loads(line)
        assert text.encode() == encode_content(sample)
        assert decode_content(text.encode(), ProposalContent) == sample
        verify_statement(
            bytes(key.verify_key), base64.b64decode(signature), EID, "proposal", text.encode()
        )


def test_demo_proposals_election(sqlite_url: str) -> None:
    """``oylama demo --serve``'s Karşıyaka election in its proposals phase."""
    from oylama.client import ServiceClient  # noqa: PLC0415
    from oylama_cli.demo._proposals import IDEAS, proposals_election  # noqa: PLC0415
    from oylama_cli.demo._run import definition_text  # noqa: PLC0415

    said: list[str] = []
    with run_service(sqlite_url) as url, ServiceClient(url) as staff:
        admin = ServiceClient(url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_account("belediye", STAFF_PASSWORD, "staff")
        admin.close()
        staff.login("belediye", STAFF_PASSWORD)
        eid = proposals_election(url, staff, definition_text(), said.append)
        cycle = httpx.get(f"{url}{API}/elections/{eid}/cycle").json()
        assert cycle["phase"] == "proposals"
        listed = httpx.get(f"{url}{API}/elections/{eid}/proposals").json()["proposals"]
    assert len(listed) == len(IDEAS) and sum(p["accepted"] is not None for p in listed) == 3
    assert any(f"/elections/{eid}/proposals" in line for line in said)


@pytest.mark.parametrize("cycle", ["sqlite_url", "pg_url"], indirect=True)
def test_concurrent_supports_are_all_counted(cycle: Cycle) -> None:
    """Supports racing from many residents: each is one entry and one count, none lost; the
    same code racing itself counts once."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    c = cycle
    propose(c, 0, district="city-wide")
    bodies = [support_body(c.key(k), "P1") for k in range(1, 6)] + [support_body(c.key(1), "P1")]

    def send(body: dict[str, str]) -> int:
        with httpx.Client(base_url=c.url, headers=JSON, timeout=60.0) as client:
            return client.post(c.url_of("/proposals/P1/supports"), json=body).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(pool.map(send, bodies))
    assert statuses == [201] * 5 + [409]
    assert c.client.get(c.url_of("/proposals/P1")).json()["supports"] == 5
    assert sum(k == "proposal-support" for k, _ in entries(c)) == 5


def test_proposals_on_the_city_map(cycle: Cycle) -> None:
    """Residents' ideas are on the city map while they are ideas: not once hidden, found
    infeasible, or put on the ballot (the ballot's project takes over when the vote opens)."""
    c = cycle

    def proposed() -> dict[str, dict[str, Any]]:
        r = c.client.get(f"{API}/map.geojson", params={"stage": "proposed"})
        assert r.status_code == 200, r.text
        return {f["properties"]["id"]: f for f in r.json()["features"]}

    propose(c, 0, title="Gölgelik")
    propose(c, 1, title="Oyun parkı", latitude=38.46, longitude=27.12)
    propose(c, 2, title="Köprü", latitude=None, longitude=None)
    on_map = proposed()
    assert set(on_map) == {"P1", "P2", "P3"}
    p2 = on_map["P2"]
    assert p2["properties"]["name"] == "Oyun parkı"
    assert p2["properties"]["url"] == f"/elections/{EID}/proposals/P2"
    assert p2["geometry"]["coordinates"] == [27.12, 38.46]
    r = c.client.post(
        c.url_of("/proposals/P2/moderation"),
        json={"action": "hide", "reason": "Yinelenen öneri"},
        headers=c.staff,
    )
    assert r.status_code == 200, r.text
    for pid, decision in (("P3", "infeasible"), ("P1", "feasible")):
        r = c.client.post(
            c.url_of(f"/proposals/{pid}/review"),
            json={"decision": decision, "technical": "İncelendi.", "legal": "Uygun."},
            headers=c.staff,
        )
        assert r.status_code == 200, r.text
    assert set(proposed()) == {"P1"}
    r = c.client.post(c.url_of("/proposals/P1/accept"), json={"ballot": "k"}, headers=c.staff)
    assert r.status_code == 200, r.text
    assert proposed() == {}
    csv_text = c.client.get(f"{API}/map.csv").text
    assert "Gölgelik" not in csv_text
