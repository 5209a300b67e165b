"""``oylama-audit`` against the real service: a whole election run over HTTP with the reference
clients, then the auditor reads the record from ``GET .../record`` (a URL, as an observer
would), checks a voter's receipt in it, and monitors the board's checkpoints.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from ceremony_helpers import start
from oylama import ballots, credentials
from oylama.client import ServiceClient, Voter, random_choices
from oylama.election import encode_pins
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_audit.cli import main

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "staff-password-for-tests"


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str, list[str], Path]]:
    """A published knapsack election on the real service: (base URL, election id, the
    tracking codes of a counted and of a superseded ballot, the pin file the city published)."""
    tmp = tmp_path_factory.mktemp("audit-service")
    text = (ROOT / "ballots" / "tests" / "e2e-knapsack.toml").read_text()
    eid = ballots.loads(text).election.id
    rng = random.Random("audit/service")
    with run_service(data_dir=tmp) as url:
        admin = ServiceClient(url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_account("staff", PASSWORD, "staff")
        staff = ServiceClient(url)
        staff.login("staff", PASSWORD)
        staff.create_election(text)
        roll = [
            credentials.RollEntry(voter_id=f"v{k}", district=d, line=k + 2)
            for k, d in enumerate(["north", "north", "south"])
        ]
        secret, public = credentials.generate(roll, election_id=eid)
        listed = credentials.dump_public_list(public)
        staff.upload_credentials(eid, listed)
        trustees, pins = start(
            staff,
            url,
            eid,
            tmp,
            trustees=3,
            threshold=2,
            fingerprint=credentials.fingerprint(listed),
        )
        pin_file = tmp / "pins.json"
        pin_file.write_bytes(encode_pins(pins))
        for _ in range(3):  # record, shares, commitment
            for t in trustees:
                t.step()
        staff.open(eid)
        client = ServiceClient(url)
        codes: list[str] = []
        for k, s in enumerate(secret):
            voter = Voter(client, eid, s.code, pins=pins)
            voter.load()
            for b in voter.ballots():
                out = voter.cast(b.id, random_choices(b.ballot_style(), rng))
                if k == 0 and not codes:
                    again = voter.cast(b.id, random_choices(b.ballot_style(), rng))
                    codes = [again.tracking_code, out.tracking_code]
        staff.close_election(eid)
        for t in trustees[:2]:
            t.step()
        staff.tally(eid)
        staff.publish(eid)
        yield f"{url}/api/v1/elections/{eid}", eid, codes, pin_file
        for c in (admin, staff, client, *(t.client for t in trustees)):
            c.close()


def test_record_from_the_service_verifies(
    published: tuple[str, str, list[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, eid, _, pin_file = published
    assert main(["verify", f"{base}/record", "--workers", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] and report["phase"] == "published" and report["election_id"] == eid
    by_id = {c["id"]: c for c in report["checks"]}
    assert by_id["R13"]["passed"] == 6  # 2 north voters x 2 ballots, 1 south x 1, 1 revote
    assert by_id["R14"]["passed"] == 1
    assert by_id["R19"]["passed"] == 2
    assert [by_id[c]["passed"] for c in ("R21", "R22", "R23")] == [0, 0, 0]  # nothing pinned
    # held to the city's pins: every pin check passes
    assert (
        main(["verify", f"{base}/record", "--workers", "1", "--json", "--pins", str(pin_file)]) == 0
    )
    by_id = {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert [by_id[c]["passed"] for c in ("R21", "R22", "R23")] == [1, 1, 1]
    # a pin that disagrees: a failed numbered check (exit 1), never a pass
    wrong = ["--credentials-fingerprint", "0" * 64]
    assert (
        main(["verify", f"{base}/record", "--workers", "1", "--pins", str(pin_file), *wrong]) == 2
    )
    assert "two different pins" in capsys.readouterr().out
    assert main(["verify", f"{base}/record", "--workers", "1", "--json", *wrong]) == 1
    assert [c["id"] for c in json.loads(capsys.readouterr().out)["checks"] if c["failed"]] == [
        "R23"
    ]


def test_receipts_from_the_service_record(
    published: tuple[str, str, list[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, _, (counted, superseded), _ = published
    capsys.readouterr()
    for code, status in ((counted, "counted"), (superseded, "superseded")):
        assert main(["receipt", f"{base}/record", code, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["status"] == status


def test_monitor_the_service(
    published: tuple[str, str, list[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, _, _, pin_file = published
    state = tmp_path / "state.json"
    assert main(["monitor", base, "--state", str(state), "--once", "--pins", str(pin_file)]) == 0
    assert main(["monitor", base, "--state", str(state), "--once"]) == 0
    # a board key pinned that is not the service's: an alarm, not a pass
    key = json.loads(pin_file.read_text())["board_key"]
    name = key.split("+")[0]
    public = bytes(SigningKey(bytes(32)).verify_key)
    kid = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4].hex()
    blob = base64.b64encode(b"\x01" + public).decode()
    other_key = f"{name}+{kid}+{blob}"
    fresh = tmp_path / "fresh.json"
    capsys.readouterr()
    assert main(["monitor", base, "--state", str(fresh), "--once", "--board-key", other_key]) == 1
    assert "ALARM: the board key is" in capsys.readouterr().out
    assert not fresh.exists()
    assert main(["verify", "http://127.0.0.1:9/nothing"]) == 2
