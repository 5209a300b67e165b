"""A whole election through the real service (uvicorn on 127.0.0.1) on SQLite and PostgreSQL.

Staff, trustees and voters are driven directly with ``oylama.crypto`` and
``oylama.credentials`` over httpx (the reference clients are tested elsewhere). Every lifecycle
step is checked, with the 409s of the steps that are not allowed yet; the record downloaded at
the end is checked with the board core and with the independent auditor (``oylama-audit``);
the result is compared with sums and an allocation computed by hand.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import msgspec
import pytest

from oylama.board import (
    EntryKind,
    decode_entry,
    leaf_hash,
    parse_checkpoint,
    verify_inclusion,
    verify_log,
    verify_note,
)
from oylama.credentials import (
    RollEntry,
    SecretCredential,
    dump_public_list,
    generate,
    public_credential,
    sign_ballot,
)
from oylama.crypto import (
    Ceremony,
    Ciphertext,
    EncryptedShare,
    KeyShare,
    PartialDecryption,
    Point,
    TrusteePublic,
    TrusteeSecret,
    encrypt_ballot,
    encrypt_shares,
    finish_ceremony,
    new_trustee,
    partial_decrypt,
    to_json,
    verify_ceremony,
)
from oylama.crypto import from_json as crypto_from_json
from oylama.election import (
    SignedTrusteeRecord,
    decode_manifest,
    decode_record,
    encode_payload,
    identity_public_key,
    sign_commitment,
    sign_record,
)
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service

API = "/api/v1"

#: Headers of the tests' clients: every body they send is JSON (the service refuses other media
#: types with 415 before looking at anything; test_service_guard.py tests that).
JSON = {"Content-Type": "application/json"}
EID = "svc-2026"

DEFINITION = """\
[election]
id = "svc-2026"
title = { tr = "Deneme", en = "Test" }
city = "İzmir"
currency = "TRY"
min_tally_ballots = 4

[[districts]]
id = "d1"
name = "Bir"

[[districts]]
id = "d2"
name = "İki"

[[ballots]]
id = "k"
title.tr = "Knapsack"
district = "d1"
kind = "knapsack"
budget = 100
rule = "greedy"
utility = "cost"
tie_break = "file-order"

[[ballots.projects]]
id = "p1"
name.tr = "Bir"
cost = 40

[[ballots.projects]]
id = "p2"
name.tr = "İki"
cost = "30.50"

[[ballots.projects]]
id = "p3"
name.tr = "Üç"
cost = 70

[[ballots]]
id = "c"
title.tr = "Cumulative"
district = "d2"
kind = "cumulative"
budget = 50
points = 5
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "q1"
name.tr = "Q1"
cost = 20

[[ballots.projects]]
id = "q2"
name.tr = "Q2"
cost = 40

[[ballots]]
id = "a"
title.tr = "Approval"
district = "city-wide"
kind = "approval"
budget = 10
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "r1"
name.tr = "R1"
cost = 5

[[ballots.projects]]
id = "r2"
name.tr = "R2"
cost = 6

[[ballots.projects]]
id = "r3"
name.tr = "R3"
cost = 4
"""

STAFF_PASSWORD = "staff-password-123"


class DetRng:
    """Deterministic ``token_bytes`` for the crypto layer and the service."""

    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def token_bytes(self, n: int) -> bytes:
        return self._r.randbytes(n)


class Clock:
    """An injected clock (milliseconds) that tests move by hand."""

    def __init__(self, start: int = 1_780_000_000_000) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def problem(response: httpx.Response, status: int, *needles: str) -> dict[str, Any]:
    """Assert an RFC 9457 problem of ``status`` whose detail contains every needle."""
    assert response.status_code == status, (response.request.url, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    # a refused definition or import also names every problem (the extension member errors)
    assert set(body) - {"errors"} == {"type", "title", "status", "detail"}
    assert "errors" not in body or status == 422
    assert body["status"] == status
    for needle in needles:
        assert needle in body["detail"], body["detail"]
    return dict(body)


def login(client: httpx.Client, username: str, password: str) -> dict[str, str]:
    r = client.post(f"{API}/session", json={"username": username, "password": password})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


@dataclass
class Trustee:
    index: int
    token: str
    identity: bytes = b""  # the seed of the trustee's identity key (trustees §3.3)
    secret: TrusteeSecret | None = None
    public: TrusteePublic | None = None
    key_share: KeyShare | None = None

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Voter:
    credential: SecretCredential
    public_key: bytes


@dataclass
class Driver:
    """Drives one election over HTTP as staff, trustees and voters would."""

    client: httpx.Client
    staff: dict[str, str]
    rng: DetRng = field(default_factory=lambda: DetRng(7))
    trustees: list[Trustee] = field(default_factory=list)
    voters: list[Voter] = field(default_factory=list)
    eid: str = EID
    #: the public credential list last uploaded (its file's bytes), for the auditor's tests
    public_list: bytes = b""

    def url(self, tail: str = "") -> str:
        return f"{API}/elections/{self.eid}{tail}"

    def view(self) -> dict[str, Any]:
        r = self.client.get(self.url())
        assert r.status_code == 200, r.text
        return dict(r.json())

    def create(self, definition: str = DEFINITION) -> None:
        definition = definition.replace(f'id = "{EID}"', f'id = "{self.eid}"', 1)
        r = self.client.post(
            f"{API}/elections", json={"definition": definition}, headers=self.staff
        )
        assert r.status_code == 201, r.text

    def credentials(self, districts: list[str]) -> None:
        roll = [
            RollEntry(voter_id=f"v{k}", district=d, line=k + 2) for k, d in enumerate(districts)
        ]
        secrets_, public = generate(roll, election_id=self.eid, rng=self.rng.token_bytes)
        self.public_list = dump_public_list(public)
        r = self.client.put(
            self.url("/credentials"),
            json={"list": self.public_list.decode()},
            headers=self.staff,
        )
        assert r.status_code == 200, r.text
        assert r.json()["voters"] == len(districts)
        self.voters = [Voter(s, public_credential(s.code, self.eid)) for s in secrets_]

    def start_ceremony(self, n: int, t: int) -> None:
        seeds = [self.rng.token_bytes(32) for _ in range(n)]
        keys = [b64(identity_public_key(s)) for s in seeds]
        r = self.client.post(
            self.url("/ceremony"),
            json={"trustees": n, "threshold": t, "trustee_keys": keys},
            headers=self.staff,
        )
        assert r.status_code == 201, r.text
        tokens = r.json()["trustee_tokens"]
        assert len(tokens) == n and len(set(tokens)) == n
        self.trustees = [
            Trustee(k + 1, tok, identity=seed)
            for k, (tok, seed) in enumerate(zip(tokens, seeds, strict=True))
        ]

    def signed_record(self, tr: Trustee) -> bytes:
        """Trustee ``tr``'s record signed with its identity key (the ``trustee-key`` payload)."""
        assert tr.public is not None
        ctx = base64.b64decode(self.ceremony()["ceremony_context"])
        signature = sign_record(tr.identity, tr.public, context=ctx)
        return encode_payload(SignedTrusteeRecord(record=tr.public, signature=signature))

    def commitment(self, tr: Trustee, joint_key: bytes) -> dict[str, Any]:
        ctx = base64.b64decode(self.ceremony()["ceremony_context"])
        signature = sign_commitment(tr.identity, tr.index, joint_key, context=ctx)
        return {"index": tr.index, "joint_key": b64(joint_key), "signature": b64(signature)}

    def ceremony(self, trustee: Trustee | None = None) -> dict[str, Any]:
        r = self.client.get(self.url("/ceremony"), headers=trustee.auth if trustee else None)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def run_ceremony(self) -> None:
        info = self.ceremony()
        ctx = base64.b64decode(info["ceremony_context"])
        n, t = info["trustees"], info["threshold"]
        for tr in self.trustees:
            tr.secret, tr.public = new_trustee(tr.index, n, t, context=ctx, rng=self.rng)
            r = self.client.post(
                self.url("/ceremony/records"), content=self.signed_record(tr), headers=tr.auth
            )
            assert r.status_code == 201, r.text
        publics = [tr.public for tr in self.trustees if tr.public is not None]
        for tr in self.trustees:
            assert tr.secret is not None
            shares = encrypt_shares(tr.secret, publics, context=ctx, rng=self.rng)
            body = b'{"shares":' + msgspec.json.encode(shares) + b"}"
            r = self.client.post(self.url("/ceremony/shares"), content=body, headers=tr.auth)
            assert r.status_code == 201, r.text
        ceremony = verify_ceremony(publics, context=ctx)
        for tr in self.trustees:
            mine = self.ceremony(tr)
            assert mine["index"] == tr.index  # a trustee learns its index from its token
            got = msgspec.convert(mine["shares"], list[EncryptedShare])
            assert tr.secret is not None
            tr.key_share = finish_ceremony(tr.secret, ceremony, publics, got, context=ctx)
            r = self.client.post(
                self.url("/ceremony/commitment"),
                json=self.commitment(tr, ceremony.joint_key.encode()),
                headers=tr.auth,
            )
            assert r.status_code == 201, r.text

    def ballot_body(
        self, voter: Voter, style_id: str, choices: list[int], ballot_id: bytes | None = None
    ) -> bytes:
        view = self.view()
        manifest = decode_manifest(self.client.get(self.url("/manifest")).content)
        style = manifest.ballot(style_id).ballot_style()
        key = Point.decode(base64.b64decode(view["joint_key"]))
        ballot, _ = encrypt_ballot(
            style,
            key,
            choices,
            context=base64.b64decode(view["base_hash"]),
            ballot_id=ballot_id or self.rng.token_bytes(16),
            credential=voter.public_key,
            rng=self.rng,
        )
        text = to_json(ballot)
        sig = sign_ballot(voter.credential.code, self.eid, text)
        return (
            b'{"credential":"'
            + b64(voter.public_key).encode()
            + b'","signature":"'
            + b64(sig).encode()
            + b'","ballot":'
            + text
            + b"}"
        )

    def cast(self, body: bytes) -> httpx.Response:
        return self.client.post(self.url("/ballots"), content=body)

    def decrypt(self, trustee: Trustee, *, skip: tuple[str, ...] = ()) -> None:
        """Post trustee ``trustee``'s partial decryption of every tally but those of ``skip``."""
        r = self.post_partials(trustee, skip=skip)
        assert r.status_code == 201, r.text

    def post_partials(self, trustee: Trustee, *, skip: tuple[str, ...] = ()) -> httpx.Response:
        tallies = [t for t in self.client.get(self.url("/tally")).json() if t["style"] not in skip]
        base = base64.b64decode(self.view()["base_hash"])
        assert trustee.key_share is not None
        partials = []
        for t in tallies:
            cts = msgspec.convert(t["ciphertexts"], list[Any])
            ciphertexts = msgspec.convert(cts, list[Ciphertext])
            p = partial_decrypt(
                trustee.key_share,
                ciphertexts,
                context=base,
                label=b"tally/" + t["style"].encode(),
                rng=self.rng,
            )
            partials.append(
                b'{"style":"' + t["style"].encode() + b'","decryption":' + to_json(p) + b"}"
            )
        body = b'{"partials":[' + b",".join(partials) + b"]}"
        return self.client.post(self.url("/tally/partials"), content=body, headers=trustee.auth)


@pytest.fixture
def service(db_url: str) -> Iterator[tuple[httpx.Client, dict[str, str], dict[str, str]]]:
    """The service on ``db_url``: a client, the admin's and a staff account's headers."""
    with (
        run_service(db_url, clock=Clock(), rng=DetRng(1)) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        r = client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        assert r.status_code == 201, r.text
        yield client, admin, login(client, "staff1", STAFF_PASSWORD)


def test_full_election(
    service: tuple[httpx.Client, dict[str, str], dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Close sums the counted ballots in chunks: make them tiny so that every style's tally
    # is a sum of several chunks (the auditor recomputes it from the ballots).
    monkeypatch.setattr("oylama.service._elections.TALLY_CHUNK", 2)
    # The record is streamed in pages of entries: small ones, so that pages join many times.
    monkeypatch.setattr("oylama.service._election_routes.RECORD_PAGE", 3)
    client, _admin, staff = service
    d = Driver(client, staff)
    d.create()
    view = d.view()
    assert view["status"] == "draft" and view["board_size"] == 0
    assert view["manifest_hash"] is None and view["joint_key"] is None
    assert client.get(f"{API}/elections").json() == [
        {"id": EID, "title": "Deneme", "status": "draft"}
    ]
    # Not yet: every later step is refused with 409 naming the status, nothing changes.
    for step in ("open", "close", "tally", "publish"):
        problem(client.post(d.url(f"/{step}"), headers=staff), 409, "draft")
    problem(client.get(d.url("/manifest")), 409, "draft")
    problem(client.get(d.url("/record")), 409, "draft")
    problem(client.get(d.url("/tally")), 409, "draft")
    problem(client.get(d.url("/result")), 409, "draft")

    # voters: 4 in d1 (knapsack k + approval a), 3 in d2 (cumulative c + approval a)
    d.credentials(["d1"] * 4 + ["d2"] * 3)
    d.start_ceremony(3, 2)
    assert d.view()["status"] == "ceremony"
    keys = [b64(identity_public_key(bytes([k]) * 32)) for k in range(3)]
    body = {"trustees": 3, "threshold": 2, "trustee_keys": keys}
    problem(client.post(d.url("/ceremony"), json=body, headers=staff), 409)
    problem(client.put(d.url("/definition"), json={"definition": DEFINITION}, headers=staff), 409)
    problem(client.post(d.url("/open"), headers=staff), 409, "commit")
    d.run_ceremony()
    view = d.view()
    assert view["status"] == "ceremony"
    assert view["board_size"] == 1 + 1 + 3 + 3  # manifest, staff, 3 trustee-key, 3 commitments

    r = client.post(d.url("/open"), headers=staff)
    assert r.status_code == 200, r.text
    view = d.view()
    assert view["status"] == "open" and view["voters"] == 7
    assert view["joint_key"] and view["base_hash"] and len(view["credentials"]) == 64
    problem(client.post(d.url("/tally"), headers=staff), 409, "open")
    problem(client.get(d.url("/tally")), 409, "open")

    v = d.voters
    d1 = [x for x in v if x.credential.district == "d1"]
    d2 = [x for x in v if x.credential.district == "d2"]
    # knapsack k (costs 40, 30.50, 70; budget 100): counted votes p1 x3, p2 x3, p3 x1
    casts = [
        (d1[0], "k", [1, 1, 0]),
        (d1[1], "k", [1, 1, 0]),
        (d1[2], "k", [0, 0, 1]),
        (d1[3], "k", [0, 1, 0]),
        (d1[3], "k", [1, 1, 0]),  # revote: supersedes the one above
        (d2[0], "c", [3, 2]),
        (d2[1], "c", [0, 5]),
        (d2[2], "c", [5, 0]),
        (d2[2], "c", [1, 1]),  # revote
        (d1[0], "a", [0, 1, 0]),
        (d1[1], "a", [1, 1, 0]),
        (d2[0], "a", [0, 1, 1]),
        (d2[1], "a", [1, 0, 1]),
    ]
    receipts = []
    for voter, style, choices in casts:
        body = d.ballot_body(voter, style, choices)
        r = d.cast(body)
        assert r.status_code == 201, r.text
        receipt = r.json()
        assert set(receipt) == {
            "tracking_code",
            "index",
            "superseded",
            "checkpoint",
            "inclusion_proof",
        }
        receipts.append((body, receipt))
    # revotes point at the ballots they supersede
    assert receipts[4][1]["superseded"] == receipts[3][1]["index"]
    assert receipts[8][1]["superseded"] == receipts[7][1]["index"]
    assert receipts[0][1]["superseded"] is None
    # an identical retry: 200, same receipt fields, nothing appended
    size = d.view()["board_size"]
    again = d.cast(receipts[4][0])
    assert again.status_code == 200, again.text
    for k in ("tracking_code", "index", "superseded"):
        assert again.json()[k] == receipts[4][1][k]
    assert d.view()["board_size"] == size
    # receipts: lookups in any case, with or without dashes
    code = receipts[3][1]["tracking_code"]
    r = client.get(d.url(f"/ballots/{code.lower().replace('-', '')}"))
    assert r.status_code == 200, r.text
    status = r.json()
    assert status["status"] == "superseded"
    assert status["superseded_by"] == receipts[4][1]["index"]
    assert status["style"] == "k" and status["tracking_code"] == code
    counted = client.get(d.url(f"/ballots/{receipts[4][1]['tracking_code']}")).json()
    assert counted["status"] == "counted" and counted["superseded_by"] is None
    problem(client.get(d.url("/ballots/AAAA-BBBB")), 404)

    # The receipt's checkpoint verifies with the board key and proves the ballot's inclusion.
    key = client.get(d.url("/board/key")).json()
    for body, receipt in receipts:
        text = verify_note(
            receipt["checkpoint"], key["key_name"], base64.b64decode(key["ed25519_public_key"])
        )
        cp = parse_checkpoint(text)
        entry = client.get(
            d.url("/board/entries"),
            params={"start": receipt["index"], "end": receipt["index"] + 1},
        ).json()["entries"][0]
        data = base64.b64decode(entry["data"])
        assert decode_entry(data).kind == EntryKind.BALLOT
        verify_inclusion(
            leaf_hash(data),
            receipt["index"],
            cp.size,
            [base64.b64decode(h) for h in receipt["inclusion_proof"]],
            cp.root_hash,
        )
        assert body.endswith(decode_entry(data).payload[-200:])

    staff_view = client.get(d.url("/staff-view"), headers=staff).json()
    assert staff_view["ballots_cast"] == len(casts)
    assert staff_view["staff"] == ["staff1"]
    assert [t["commitment"] for t in staff_view["trustees"]] == [True] * 3

    r = client.post(d.url("/close"), headers=staff)
    assert r.status_code == 200, r.text
    problem(d.cast(d.ballot_body(d1[2], "a", [1, 0, 0])), 409, "closed")
    tallies = client.get(d.url("/tally")).json()
    assert [(t["style"], t["ballots"]) for t in tallies] == [("k", 4), ("c", 3), ("a", 4)]
    problem(client.post(d.url("/tally"), headers=staff), 409, "partial")
    # c counts 3 ballots, fewer than min_tally_ballots (4): its tally is never decrypted
    size = d.view()["board_size"]
    problem(d.post_partials(d.trustees[0]), 422, "'c' counts 3 ballots", "min_tally_ballots")
    assert d.view()["board_size"] == size  # nothing of the refused request was appended
    d.decrypt(d.trustees[0], skip=("c",))
    problem(client.post(d.url("/tally"), headers=staff), 409, "1 partial")
    d.decrypt(d.trustees[2], skip=("c",))
    problem(client.get(d.url("/result")), 409, "closed")
    r = client.post(d.url("/tally"), headers=staff)
    assert r.status_code == 200, r.text
    r = client.post(d.url("/publish"), headers=staff)
    assert r.status_code == 200, r.text
    assert d.view()["status"] == "published"

    result = {x["style"]: x for x in client.get(d.url("/result")).json()}
    # by hand: k: p1 3, p2 3, p3 1; greedy by votes (file order on ties), budget 100:
    # p1 (40) + p2 (30.50) = 70.50, p3 (70) does not fit.
    assert result["k"]["scores"] == [3, 3, 1]
    assert result["k"]["selected"] == ["p1", "p2"]
    assert result["k"]["cost"] == "70.5" and result["k"]["budget"] == "100"
    # c: 3 ballots, withheld: nothing decrypted, nothing funded
    assert result["c"]["ballots"] == 3 and result["c"]["scores"] == []
    assert result["c"]["selected"] == [] and result["c"]["cost"] == "0"
    # a: r1 2, r2 3, r3 2; greedy: r2 (6), r1 (5) does not fit in 10, r3 (4) does.
    assert result["a"]["scores"] == [2, 3, 2] and result["a"]["selected"] == ["r2", "r3"]
    assert result["a"]["cost"] == "10" and result["a"]["ballots"] == 4

    # The record: canonical, chained, every checkpoint signed, and the auditor agrees.
    data = client.get(d.url("/record")).content
    record = decode_record(data)
    entries = [decode_entry(e) for e in record.entries]
    kinds = [e.kind.value for e in entries]
    assert kinds[0] == "manifest" and kinds[-3:] == ["allocation"] * 3
    assert kinds.count("ballot") == len(casts) and kinds.count("ballot-superseded") == 2
    assert kinds.count("partial-decryption") == 4 and kinds.count("result") == 3
    for pos, e in enumerate(entries):
        if e.kind == EntryKind.BALLOT_SUPERSEDED:
            assert kinds[pos - 1] == "ballot"
    sizes = []
    for note in record.checkpoints:
        cp = parse_checkpoint(
            verify_note(note, key["key_name"], base64.b64decode(key["ed25519_public_key"]))
        )
        sizes.append(cp.size)
    assert sizes == sorted(set(sizes)) and sizes[-1] == len(entries)
    final = parse_checkpoint(record.checkpoints[-1].split("\n\n")[0] + "\n")
    verify_log(record.entries, election_id=EID, size=final.size, root=final.root_hash)
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(data)
    assert report.passed, report.failed_ids()
    assert report.phase == "published"


def test_trustee_partial_checks_and_commitment_mismatch(
    service: tuple[httpx.Client, dict[str, str], dict[str, str]],
) -> None:
    client, _admin, staff = service
    d = Driver(client, staff)
    d.create()
    d.credentials(["d1", "d2"])
    d.start_ceremony(2, 2)
    info = d.ceremony()
    ctx = base64.b64decode(info["ceremony_context"])
    t1, t2 = d.trustees
    t1.secret, t1.public = new_trustee(1, 2, 2, context=ctx, rng=d.rng)

    def signed(record: TrusteePublic, seed: bytes, context: bytes = ctx) -> bytes:
        sig = sign_record(seed, record, context=context)
        return encode_payload(SignedTrusteeRecord(record=record, signature=sig))

    records = d.url("/ceremony/records")
    # a record with another index than the token's: 403; a wrong context: 422
    _, other = new_trustee(2, 2, 2, context=ctx, rng=d.rng)
    problem(client.post(records, content=signed(other, t2.identity), headers=t1.auth), 403)
    _, bad = new_trustee(1, 2, 2, context=bytes(32), rng=d.rng)
    problem(client.post(records, content=signed(bad, t1.identity), headers=t1.auth), 422)
    # unsigned (the old form), signed by another trustee's identity key or for another
    # ceremony: 422, nothing appended (the server holds every record to the manifest's keys)
    size = d.view()["board_size"]
    problem(client.post(records, content=to_json(t1.public), headers=t1.auth), 400)
    problem(
        client.post(records, content=signed(t1.public, t2.identity), headers=t1.auth),
        422,
        "not signed by the trustee's identity key",
    )
    problem(
        client.post(records, content=signed(t1.public, t1.identity, bytes(32)), headers=t1.auth),
        422,
        "identity key",
    )
    assert d.view()["board_size"] == size
    r = client.post(records, content=signed(t1.public, t1.identity), headers=t1.auth)
    assert r.status_code == 201
    again = client.post(records, content=signed(t1.public, t1.identity), headers=t1.auth)
    assert again.status_code == 200
    problem(client.post(records, content=signed(bad, t1.identity), headers=t1.auth), 409)
    # shares before all records: 409
    assert t1.secret is not None
    problem(
        client.post(d.url("/ceremony/shares"), json={"shares": []}, headers=t1.auth), 409, "records"
    )
    t2.secret, t2.public = new_trustee(2, 2, 2, context=ctx, rng=d.rng)
    assert client.post(records, content=d.signed_record(t2), headers=t2.auth).status_code == 201
    publics = [t1.public, t2.public]
    # commitment before the shares arrived: 409; wrong key: 409
    key = verify_ceremony(publics, context=ctx).joint_key.encode()
    problem(
        client.post(d.url("/ceremony/commitment"), json=d.commitment(t1, key), headers=t1.auth),
        409,
        "shares",
    )
    for tr in (t1, t2):
        assert tr.secret is not None
        shares = encrypt_shares(tr.secret, publics, context=ctx, rng=d.rng)
        body = b'{"shares":' + msgspec.json.encode(shares) + b"}"
        assert (
            client.post(d.url("/ceremony/shares"), content=body, headers=tr.auth).status_code == 201
        )
    problem(
        client.post(
            d.url("/ceremony/commitment"), json=d.commitment(t1, bytes(32)), headers=t1.auth
        ),
        409,
        "joint_key",
    )
    # a commitment signed by another trustee's key: 422
    forged = d.commitment(t2, key) | {"index": 1}
    problem(
        client.post(d.url("/ceremony/commitment"), json=forged, headers=t1.auth),
        422,
        "identity key",
    )
    # the GET view: records, commitments, and the shares only with the token
    info = d.ceremony()
    assert "shares" not in info and info["commitments"] == [None, None]
    first = msgspec.json.encode(info["records"][0])
    assert first == signed(t1.public, t1.identity)  # the signed record, as on the board
    assert crypto_from_json(msgspec.json.encode(info["records"][0]["record"]), TrusteePublic) == (
        t1.public
    )
    r = client.post(d.url("/ceremony/commitment"), json=d.commitment(t1, key), headers=t1.auth)
    assert r.status_code == 201, r.text
    assert d.ceremony()["commitments"][0] == d.commitment(t1, key)
    assert len(d.ceremony(t2)["shares"]) == 1
    assert d.ceremony(t2)["shares"][0]["sender"] == 1


def test_ceremony_helpers_are_consistent() -> None:
    """The driver's pieces agree with the crypto layer (guards the tests above)."""
    ctx = bytes(range(32))
    rng = DetRng(3)
    pairs = [new_trustee(i, 2, 2, context=ctx, rng=rng) for i in (1, 2)]
    publics = [p for _, p in pairs]
    ceremony: Ceremony = verify_ceremony(publics, context=ctx)
    shares = {
        i: encrypt_shares(s, publics, context=ctx, rng=rng) for i, (s, _) in enumerate(pairs, 1)
    }
    ks = finish_ceremony(pairs[0][0], ceremony, publics, shares[2], context=ctx)
    assert ks.index == 1
    assert isinstance(PartialDecryption, type)


#: DEFINITION decrypting every tally that counts a ballot (for tests with few voters).
EVERY_TALLY = DEFINITION.replace("min_tally_ballots = 4", "min_tally_ballots = 1")


def open_election(
    d: Driver, districts: list[str], n: int = 1, t: int = 1, definition: str = DEFINITION
) -> None:
    """Create, upload credentials, run an ``t``-of-``n`` ceremony and open (other modules)."""
    d.create(definition)
    d.credentials(districts)
    d.start_ceremony(n, t)
    d.run_ceremony()
    r = d.client.post(d.url("/open"), headers=d.staff)
    assert r.status_code == 200, r.text
