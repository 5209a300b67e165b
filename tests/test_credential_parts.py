"""A credential list in several board entries (credentials §5.4, issue #19).

A board payload holds at most 16 MiB (board §3), about 190,000 voters' credentials, so a city's
list is cut into parts of exactly that many bytes (the last shorter), appended as consecutive
``credentials`` entries. The engine (service, trustees' log verifier, voter client), the
independent auditor and the browser (web/test/parts.test.js) must put the same list together
and refuse any other cut. A real two-part list needs some 205,000 valid keys, each checked by
every reader (about 0.1 ms each, so more than a minute in all): that test runs when
``OYLAMA_BIG_LIST=1`` (once per change of this code; the figures are in docs/performance.md).
The others make the parts small by patching the part size of both sides alike -- the same code
paths, in a second.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from oylama import credentials
from oylama.board import (
    MAX_PAYLOAD,
    EntryKind,
    decode_entry,
    parse_verifier_key,
    verify_checkpoint,
)
from oylama.client import ServiceClient, Voter
from oylama.election import PinError, Pins, decode_pins, decode_record, identity_public_key
from oylama.election._verify import LogError, TallyLogVerifier
from oylama.errors import InputError
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_audit import _credentials as audit_credentials
from oylama_audit.cli import main as audit_main
from oylama_audit.record import verify_record
from test_audit_builder import ORIGIN, Built, assemble, build_election
from test_service_election import JSON, STAFF_PASSWORD, Clock, DetRng, Driver, login

BIN = Path(sys.executable).parent


def test_parts_are_cut_at_the_boards_largest_payload() -> None:
    assert credentials.LIST_PART == MAX_PAYLOAD == audit_credentials.PART == 16_777_216
    data = b"x" * (2 * MAX_PAYLOAD + 5)
    parts = credentials.list_parts(data)
    assert [len(p) for p in parts] == [MAX_PAYLOAD, MAX_PAYLOAD, 5]
    assert credentials.join_parts(parts) == data == audit_credentials.join_parts(parts)
    assert credentials.list_parts(b"x" * 10) == [b"x" * 10]  # a small list: one entry, as in v1
    for cut in (
        [data[:100], data[100:]],  # a first part shorter than 16 MiB
        [data[: MAX_PAYLOAD + 1], data[MAX_PAYLOAD + 1 :]],  # one longer
        [*parts, b""],  # an empty part
        [],
    ):
        with pytest.raises(InputError):
            credentials.join_parts(cut)
        with pytest.raises(audit_credentials.AuditError):
            audit_credentials.join_parts(cut)


# -- small parts: the same code paths, parts of 400 bytes ------------------------------------


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("oylama.credentials._public.LIST_PART", 400)
    monkeypatch.setattr("oylama_audit._credentials.PART", 400)
    return 400


@pytest.fixture(scope="module")
def closed() -> Built:
    return build_election(voters=12, revoters=0, closed_only=True)  # no index to shift


def _recut(built: Built, cut: list[int]) -> list[tuple[str, bytes]]:
    """The election's payloads with the credential list cut at the offsets ``cut``."""
    out: list[tuple[str, bytes]] = []
    for kind, payload in built.payloads:
        if kind == "credentials":
            bounds = [0, *cut, len(payload)]
            out += [("credentials", payload[a:b]) for a, b in itertools.pairwise(bounds)]
        else:
            out.append((kind, payload))
    return out


def _verifier(built: Built, record: bytes) -> TallyLogVerifier:
    """The trustees' closed-log verifier fed the whole record (raises LogError)."""
    rec = decode_record(record)
    verifier = TallyLogVerifier(
        election_id=built.election_id,
        manifest_hash=built.manifest_hash,
        joint_key=built.joint_key,
        pins=Pins(
            trustee_keys=tuple(identity_public_key(s) for s in built.identities),
            credentials=built.fingerprint,
        ),
    )
    for data in rec.entries:
        verifier.add(data)
    name, key = parse_verifier_key(rec.board_key)[:2]
    final = verify_checkpoint(rec.checkpoints[-1], name, key, origin=ORIGIN)
    verifier.finish(final)
    return verifier


def test_auditor_and_trustees_put_the_parts_together(closed: Built, small_parts: int) -> None:
    size = len(next(p for k, p in closed.payloads if k == "credentials"))
    assert size > 2 * small_parts  # three parts at least
    cut = list(range(small_parts, size, small_parts))
    record = assemble(closed.election_id, _recut(closed, cut))
    kinds = [decode_entry(e).kind for e in decode_record(record).entries]
    assert kinds.count(EntryKind.CREDENTIALS) == math.ceil(size / small_parts)
    report = verify_record(record)
    assert report.passed, report.failed_ids()
    assert report["R10"].passed
    _verifier(closed, record)


@pytest.mark.parametrize(
    ("cut", "why"),
    [
        ([100], "part 0 of 2 has 100 bytes"),  # a part of another size but the last
        ([401], "part 0 of 2 has 401 bytes"),  # longer than a part
        ([400, 400], "part 1 of 3 has 0 bytes"),  # an empty part
    ],
)
def test_any_other_cut_is_refused(
    closed: Built, small_parts: int, cut: list[int], why: str
) -> None:
    record = assemble(closed.election_id, _recut(closed, cut))
    report = verify_record(record)
    assert report["R10"].failed and why in report["R10"].failures[0], report["R10"].failures
    with pytest.raises(LogError, match=why.split(" has", maxsplit=1)[0]):
        _verifier(closed, record)


def test_parts_must_be_consecutive(closed: Built, small_parts: int) -> None:
    payloads = _recut(closed, [small_parts])
    first = next(i for i, (k, _) in enumerate(payloads) if k == "credentials")
    # the first part moved before the last trustee-commitment: a ceremony entry between parts
    part = payloads.pop(first)
    payloads.insert(first - 1, part)
    record = assemble(closed.election_id, payloads)
    report = verify_record(record)
    assert report["R7"].failed and "not consecutive" in report["R7"].failures[0]
    assert report["R10"].failed and "not consecutive" in report["R10"].failures[0]
    # the trustees' verifier reads the first run of parts as the list: not the pinned one
    with pytest.raises(PinError, match="credential list"):
        _verifier(closed, record)


@pytest.fixture
def service(sqlite_url: str) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    """The service on SQLite: a client and a staff account's headers."""
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(1)) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        r = client.post(
            "/api/v1/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        assert r.status_code == 201, r.text
        yield client, login(client, "staff1", STAFF_PASSWORD)


def test_the_service_publishes_a_list_in_parts_and_the_voter_reads_it(
    service: tuple[httpx.Client, dict[str, str]], small_parts: int
) -> None:
    client, staff = service
    d = Driver(client, staff)
    d.create()
    d.credentials(["d1"] * 10 + ["d2"] * 10)
    d.start_ceremony(3, 2)
    d.run_ceremony()
    r = client.post(d.url("/open"), headers=staff)
    assert r.status_code == 200, r.text
    view = d.view()
    entries = [
        decode_entry(base64.b64decode(e["data"]))
        for e in client.get(
            d.url("/board/entries"), params={"start": 0, "end": view["board_size"]}
        ).json()["entries"]
    ]
    kinds = [e.kind for e in entries]
    first = kinds.index(EntryKind.CREDENTIALS)
    parts = [e.payload for e in entries if e.kind is EntryKind.CREDENTIALS]
    assert len(parts) >= 3 and kinds[first + len(parts)] is EntryKind.OPENED
    assert all(len(p) == small_parts for p in parts[:-1]) and 0 < len(parts[-1]) <= small_parts
    listed = b"".join(parts)
    assert view["credentials"] == credentials.fingerprint(listed) and view["voters"] == 20
    # The voter's device puts the list together, finds its district, casts.
    url = str(client.base_url).rstrip("/")
    voter = d.voters[13]
    device = Voter(
        ServiceClient(url), d.eid, voter.credential.code, pins=Pins(credentials=view["credentials"])
    )
    device.load()
    assert device.district == voter.credential.district == "d2"
    outcome = device.cast("c", [3, 2])
    assert outcome.index == len(entries) and outcome.style == "c"
    r = client.post(d.url("/close"), headers=staff)
    assert r.status_code == 200, r.text
    report = verify_record(client.get(d.url("/record")).content)
    assert report.passed, report.failed_ids()
    assert report.phase == "closed"


# -- the real thing: 16 MiB parts ----------------------------------------------------------------


@pytest.mark.skipif(
    os.environ.get("OYLAMA_BIG_LIST") != "1", reason="205,000 voters: set OYLAMA_BIG_LIST=1"
)
def test_a_list_of_205000_voters_is_two_entries_everyone_agrees(tmp_path: Path) -> None:
    out, pins = tmp_path / "record.json", tmp_path / "pins.json"
    done = subprocess.run(
        [
            *(str(BIN / "oylama"), "generate-record", "--ballots", "6"),
            *("--abstaining", "205000", "--out", str(out), "--pins", str(pins)),
        ],
        capture_output=True,
        check=True,
    )
    assert json.loads(done.stdout)["voters"] == 205_006
    record = decode_record(out.read_bytes())
    parts = [
        decode_entry(e).payload
        for e in record.entries
        if decode_entry(e).kind is EntryKind.CREDENTIALS
    ]
    assert len(parts) == 2 and len(parts[0]) == MAX_PAYLOAD
    assert audit_main(["verify", str(out), "--pins", str(pins)]) == 0
    pinned = decode_pins(pins.read_bytes())
    assert pinned.credentials == credentials.fingerprint(b"".join(parts))
