"""``oylama-audit cycle`` on whole participation records (issue #18, cycle.md §1-§6).

A record the service produced (schedule, an assembly with a show of hands and a quick vote)
passes every numbered check; each tampering -- made on that record's entries, re-chained and
re-signed with a board key the test holds, so that only the rule it breaks can fail -- fails
the check that rule belongs to. The engine's reference verifier
(``oylama.cycle.verify_cycle_record``) and the auditor agree on every record: both accept or
both refuse.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from nacl.signing import SigningKey

from oylama.board import (
    GENESIS_PREV,
    Checkpoint,
    EntryKind,
    MemoryTree,
    decode_entry,
    encode_entry,
    leaf_hash,
    make_entry,
    sign_checkpoint,
    verifier_key,
)
from oylama.cycle import CYCLE_FORMAT, CycleRecord, encode_cycle_record, verify_cycle_record
from oylama.errors import InputError
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_audit._board import parse_verifier_key
from oylama_audit.cli import main as audit_main
from oylama_audit.cycle import check_cycle_record
from test_service_assemblies import MEETING
from test_service_election import API, DEFINITION, EID, JSON, STAFF_PASSWORD, Clock, DetRng, login
from test_service_tracking import published_world

A = f"{API}/elections/{EID}/assemblies"
KEY = SigningKey(bytes(range(32)))
Row = tuple[str, dict[str, Any] | bytes, int]


@dataclass(frozen=True)
class Real:
    """A participation record the service made, its board key and the election's record."""

    cycle: bytes
    board_key: str
    election_key: str


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Real]:
    url_db = f"sqlite:///{tmp_path_factory.mktemp('cycle') / 'test.sqlite3'}"
    with (
        run_service(url_db, clock=Clock(), rng=DetRng(7)) as url,
        httpx.Client(base_url=url, headers=JSON, timeout=60.0) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        r = client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        assert r.status_code == 201, r.text
        staff = login(client, "staff1", STAFF_PASSWORD)
        r = client.post(f"{API}/elections", json={"definition": DEFINITION}, headers=staff)
        assert r.status_code == 201, r.text
        assert client.post(A, json=MEETING, headers=staff).status_code == 201
        hands = {"yes": 25, "no": 10, "abstain": 5, "advice": "Park öncelikli"}
        assert client.post(f"{A}/a1/items/1/hands", json=hands, headers=staff).status_code == 200
        r = client.post(f"{A}/a1/slips", json={"count": 3}, headers=staff)
        assert r.status_code == 201, r.text
        codes = r.json()["codes"]
        assert client.post(f"{A}/a1/items/2/quick-vote", headers=staff).status_code == 200
        for code, choice in zip(codes, ("yes", "no", "yes"), strict=True):
            vote = {"code": code, "choice": choice}
            assert client.post(f"{A}/a1/items/2/slip-votes", json=vote).status_code == 201
        r = client.post(f"{A}/a1/items/2/quick-vote/close", json={"advice": "x"}, headers=staff)
        assert r.status_code == 200, r.text
        cycle = client.get(f"{API}/elections/{EID}/cycle/record")
        key = client.get(f"{API}/elections/{EID}/cycle/board/key")
        own = client.get(f"{API}/elections/{EID}/board/key")
        assert cycle.status_code == key.status_code == own.status_code == 200
        yield Real(cycle.content, vk(key.json()), vk(own.json()))


def vk(out: dict[str, str]) -> str:
    """The verifier key text (board §6.2) of a ``…/board/key`` answer, as a pin."""
    return verifier_key(out["key_name"], base64.b64decode(out["ed25519_public_key"]))


def rows(data: bytes) -> list[Row]:
    """The record's entries as (kind, payload as JSON, timestamp), to edit and re-sign."""
    out: list[Row] = []
    for raw in json.loads(data)["entries"]:
        e = decode_entry(base64.b64decode(raw))
        out.append((e.kind.value, json.loads(e.payload), e.timestamp))
    return out


def resign(data: bytes, edited: list[Row]) -> bytes:
    """The participation record of ``edited`` entries, chained and checkpointed under KEY with
    the real record's log id and origin."""
    record = json.loads(data)
    log_id = record["election_id"]
    origin = parse_verifier_key(record["board_key"]).name
    entries: list[bytes] = []
    prev = GENESIS_PREV
    for i, (kind, payload, ts) in enumerate(edited):
        body = (
            payload
            if isinstance(payload, bytes)
            else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        )
        raw = encode_entry(
            make_entry(log_id, i, EntryKind(kind), prev_hash=prev, timestamp=ts, payload=body)
        )
        entries.append(raw)
        prev = leaf_hash(raw)
    tree = MemoryTree([leaf_hash(e) for e in entries])
    notes = [
        sign_checkpoint(Checkpoint(origin=origin, size=s, root_hash=tree.root(s)), origin, KEY)
        for s in sorted({1, len(entries)})
    ]
    return encode_cycle_record(
        CycleRecord(
            format=CYCLE_FORMAT,
            election_id=log_id,
            board_key=verifier_key(origin, KEY.verify_key),
            entries=entries,
            checkpoints=notes,
        )
    )


def engine_accepts(data: bytes, key: bytes) -> bool:
    try:
        verify_cycle_record(data, board_public_key=key)
    except InputError:
        return False
    return True


def test_the_services_record_passes_every_check(real: Real, tmp_path: Path) -> None:
    pinned = parse_verifier_key(real.board_key).public_key
    report = check_cycle_record(real.cycle, board_public_key=pinned)
    assert report.passed, report.to_json()
    assert report.election_id == EID and report.skipped == ["C6"]
    assert report.figures["schedules"] == 1 and report.figures["assemblies"] == 1
    assert report.figures["decisions"] == 2 and report.figures["assembly-decision"] == 2
    assert engine_accepts(real.cycle, pinned)
    # the command: exit 0, the numbered checks in the JSON report
    path = tmp_path / "cycle.json"
    path.write_bytes(real.cycle)
    assert audit_main(["cycle", str(path), "--board-key", real.board_key]) == 0
    assert audit_main(["cycle", str(path), "--json"]) == 0
    # the election's own board key, as pinned for `verify`, pins the log too (origin + /cycle)
    assert audit_main(["cycle", str(path), "--board-key", real.election_key]) == 0
    pins = tmp_path / "pins.json"
    pins.write_text(
        json.dumps({"format": "oylama-pins/v1", "election_id": EID, "board_key": real.election_key})
    )
    assert audit_main(["cycle", str(path), "--pins", str(pins)]) == 0
    # the same public key under another name, or another election pinned: C1 fails
    renamed = verifier_key("elsewhere.example/x", parse_verifier_key(real.election_key).public_key)
    assert audit_main(["cycle", str(path), "--board-key", renamed]) == 1
    report = check_cycle_record(real.cycle, election_id="another")
    assert report.failed_ids() == ["C1"]
    # a key that is not the board's: C1 fails, the rest is not run; exit 1
    other = verifier_key(parse_verifier_key(real.board_key).name, KEY.verify_key)
    assert audit_main(["cycle", str(path), "--board-key", other]) == 1
    report = check_cycle_record(real.cycle, board_public_key=bytes(KEY.verify_key))
    assert report.failed_ids() == ["C1"] and "C7" in report.skipped
    assert not engine_accepts(real.cycle, bytes(KEY.verify_key))
    # an unreadable option: exit 2
    assert audit_main(["cycle", str(path), "--board-key", "nonsense"]) == 2


def _kinds(r: list[Row], kind: str) -> list[int]:
    return [i for i, (k, _, _) in enumerate(r) if k == kind]


def _set(r: list[Row], i: int, **changes: Any) -> list[Row]:
    kind, payload, ts = r[i]
    assert isinstance(payload, dict)
    r[i] = (kind, {**payload, **changes}, ts)
    return r


def _hands(r: list[Row]) -> int:
    return next(i for i in _kinds(r, "assembly-decision") if r[i][1]["method"] == "hands")  # type: ignore[index]


def _codes(r: list[Row]) -> int:
    return next(i for i in _kinds(r, "assembly-decision") if r[i][1]["method"] == "codes")  # type: ignore[index]


def _move_phase(r: list[Row]) -> list[Row]:
    phase = r.pop(0)
    r.insert(1, (phase[0], phase[1], r[0][2]))
    r[0] = (r[0][0], r[0][1], phase[2])
    return r


def _schedule(r: list[Row]) -> list[Row]:
    return _set(
        r,
        0,
        proposals={"opens": "2026-01-01T00:00:00Z", "closes": "2026-03-01T00:00:00Z"},
        review={"opens": "2026-02-01T00:00:00Z", "closes": "2026-04-01T00:00:00Z"},
    )


def _duplicate(r: list[Row]) -> list[Row]:
    kind, payload, _ = r[_hands(r)]
    assert isinstance(payload, dict)
    r.append((kind, {**payload, "yes": 1}, r[-1][2] + 1))
    return r


def _late_vote(r: list[Row]) -> list[Row]:
    i = _codes(r)
    return _set(r, i, item=3)


def _reopen(r: list[Row]) -> list[Row]:
    last = _kinds(r, "assembly")[-1]
    return _set(r, last, voting=[1])


def _still_voting(r: list[Row]) -> list[Row]:
    """The assembly entry after the slips' decision still lists the decided item as voting."""
    after = next(i for i in _kinds(r, "assembly") if i > _codes(r))
    return _set(r, after, voting=[2])


def _noncanonical(r: list[Row]) -> list[Row]:
    i = _kinds(r, "assembly")[0]
    kind, payload, ts = r[i]
    r[i] = (kind, json.dumps(payload, ensure_ascii=False).encode(), ts)
    return r


def _election_kind(r: list[Row]) -> list[Row]:
    _, _, ts = r[-1]
    r.append(("staff", {"by": "staff1", "added": [], "removed": [], "staff": []}, ts + 1))
    return r


#: name -> (edit of the entries, the checks it must fail, or None: still valid)
TAMPERS: dict[str, tuple[Callable[[list[Row]], list[Row]], str | None]] = {
    "re-signed unchanged": (lambda r: r, None),
    "phase entry not first": (_move_phase, "C4"),
    "phase by empty": (lambda r: _set(r, 0, by=""), "C4"),
    "phase by with a space": (lambda r: _set(r, 0, by="staff 1"), "C4"),
    "phase dates overlap": (_schedule, "C4"),
    "phase time not UTC text": (
        lambda r: _set(r, 0, voting={"opens": "2026-01-01", "closes": None}),
        "C4",
    ),
    "more hands than attendees": (lambda r: _set(r, _hands(r), yes=36), "C7"),
    "hands exactly the attendees": (lambda r: _set(r, _hands(r), yes=25, no=10, abstain=5), None),
    "decision for an unknown item": (lambda r: _set(r, _hands(r), item=9), "C7"),
    "decision for an unknown assembly": (lambda r: _set(r, _hands(r), assembly="a9"), "C7"),
    "second decision for an item": (_duplicate, "C7"),
    "more votes than slips": (lambda r: _set(r, _codes(r), yes=3, no=1), "C7"),
    "slips decision without a quick vote": (_late_vote, "C7"),
    "decided item voting again": (_reopen, "C7"),
    "slips decision but the item still voting": (_still_voting, "C7"),
    "assembly by empty": (lambda r: _set(r, _kinds(r, "assembly")[0], by=""), "C7"),
    "decision by with a space": (lambda r: _set(r, _hands(r), by="staff 1"), "C7"),
    "attendees changed by a revision": (
        lambda r: _set(r, _kinds(r, "assembly")[1], attendees=400),
        "C7",
    ),
    "revision skipped": (lambda r: _set(r, _kinds(r, "assembly")[1], revision=3), "C7"),
    "fewer slips than before": (lambda r: _set(r, _kinds(r, "assembly")[-1], slips=1), "C7"),
    # the payload's form (C3), and the section that reads it cannot go on (C7)
    "payload not canonical": (_noncanonical, "C3 C7"),
    "an election kind on the log": (_election_kind, "C2"),
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_each_tampering_fails_its_check_and_the_engine_agrees(real: Real, name: str) -> None:
    edit, expected = TAMPERS[name]
    data = resign(real.cycle, edit(rows(real.cycle)))
    report = check_cycle_record(data, board_public_key=bytes(KEY.verify_key))
    engine = engine_accepts(data, bytes(KEY.verify_key))
    if expected is None:
        assert report.passed, report.to_json()
    else:
        assert report.failed_ids() == expected.split(), report.to_json()
    assert engine == report.passed, (name, report.to_json())


def test_a_dropped_entry_breaks_the_signed_log(real: Real, tmp_path: Path) -> None:
    """Dropping an entry without re-signing: the chain and the checkpoints fail (C1)."""
    record = json.loads(real.cycle)
    record["entries"].pop(2)
    data = (json.dumps(record, separators=(",", ":")) + "\n").encode()
    pinned = parse_verifier_key(real.board_key).public_key
    report = check_cycle_record(data, board_public_key=pinned)
    assert report.failed_ids() == ["C1"]
    assert not engine_accepts(data, pinned)
    path = tmp_path / "cycle.json"
    path.write_bytes(data)
    assert audit_main(["cycle", str(path), "--json"]) == 1
    # re-signed without the entry: the chain holds, but the assembly's history does not
    r = rows(real.cycle)
    del r[_kinds(r, "assembly")[1]]
    data = resign(real.cycle, r)
    report = check_cycle_record(data, board_public_key=bytes(KEY.verify_key))
    assert report.failed_ids() == ["C7"]
    assert not engine_accepts(data, bytes(KEY.verify_key))


def test_with_the_election_record_tracking_is_checked_too(tmp_path: Path) -> None:
    """A published election with a tracked project: with ``--record`` the log is tied to the
    election (its board key, origin + /cycle) and C6 checks the tracking against the
    allocations; another election's record is refused at C1."""
    with published_world(tmp_path / "svc") as w:
        r = w.client.post(
            w.url_of("/implementation/status"),
            json={"ballot": "k", "project": "p1", "status": "tendering"},
            headers=w.staff,
        )
        assert r.status_code in (200, 201), r.text
        election = w.client.get(w.url_of("/record")).content
        cycle = w.client.get(w.url_of("/cycle/record")).content
    report = check_cycle_record(cycle, election_record=election)
    assert report.passed and report.skipped == [], report.to_json()
    assert report["C6"].passed == 1 and report.figures["project-status"] == 1
    # the election record publishes the credential list: C5 checks the signers against it
    assert report["C5"].notes == [], report["C5"].notes
    without = check_cycle_record(cycle)
    assert "credential list not given: signers not checked" in without["C5"].notes
    (tmp_path / "r.json").write_bytes(election)
    (tmp_path / "c.json").write_bytes(cycle)
    assert (
        audit_main(["cycle", str(tmp_path / "c.json"), "--record", str(tmp_path / "r.json")]) == 0
    )
    # the same log re-signed by another key: not the election's, C1 fails, nothing else runs
    forged = resign(cycle, rows(cycle))
    report = check_cycle_record(forged, election_record=election)
    assert report.failed_ids() == ["C1"] and "C6" in report.skipped
    (tmp_path / "f.json").write_bytes(forged)
    assert (
        audit_main(["cycle", str(tmp_path / "f.json"), "--record", str(tmp_path / "r.json")]) == 1
    )
