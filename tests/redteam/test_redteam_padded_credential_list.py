"""Issue #13, "ballot stuffing invisible to the auditor": staff (or a compromised server)
upload a credential list padded with keys of their own and vote with them.

Before the fix ``oylama-audit verify`` passed every check of such a record: it compared the
list only with the server's own ``opened`` entry. Nothing let an auditor, an observer or a
voter hold the list to the fingerprint the credential authority announced. Here the attack is
carried out for real on the real service: the authority makes the list for four residents and
announces its fingerprint; staff upload that list with two keys added, the trustees (told the
padded fingerprint by the same staff) decrypt, the election is published, and the padded
ballots are counted. Then:

* the record passes every check of the record itself (what an unpinned auditor sees), but
  ``oylama-audit verify --credentials-fingerprint <the authority's>`` fails check R23 (exit 1),
  and so does ``--pins`` with a pin file holding it;
* ``oylama vote`` with the letter's digits refuses to cast;
* the residents' page opened from the letter's link (``#fp=<digits on the letter>``), in
  Chromium, refuses to encrypt and says why; no ballot reaches the server.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ceremony_helpers import start
from oylama import credentials
from oylama.client import ServiceClient, Trustee, Voter
from oylama.election import Pins, encode_pins
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_audit.cli import main as audit
from oylama_audit.record import verify_record
from oylama_cli.main import main as oylama

EID = "padded-2026"
DEFINITION = f"""
[election]
id = "{EID}"
title.tr = "Dolgu"
city = "İzmir"
currency = "TRY"
min_tally_ballots = 3

[[ballots]]
id = "city"
title.tr = "Kent"
district = "city-wide"
kind = "approval"
budget = 100
rule = "greedy"
tie_break = "file-order"
[[ballots.projects]]
id = "P1"
name.tr = "P1"
cost = 40
[[ballots.projects]]
id = "P2"
name.tr = "P2"
cost = 70
"""


@dataclass
class Padded:
    url: str
    staff: ServiceClient
    residents: list[str]  # the authority's codes (on the residents' letters)
    stuffed: list[str]  # the codes of the keys staff added
    authority: str  # the fingerprint the authority announced
    uploaded: str  # the padded list's fingerprint
    trustees: list[Trustee]


def _padded_election(url: str, tmp: Path) -> Padded:
    admin = ServiceClient(url)
    admin.login(ADMIN, ADMIN_PASSWORD)
    admin.create_account("staff", "staff-password-1234", "staff")
    staff = ServiceClient(url)
    staff.login("staff", "staff-password-1234")
    staff.create_election(DEFINITION)
    # The credential authority, off-line: four residents, fingerprint announced.
    roll = [
        credentials.RollEntry(voter_id=f"r{k}", district="city-wide", line=k + 2) for k in range(4)
    ]
    secret, public = credentials.generate(roll, election_id=EID)
    authority = credentials.fingerprint(credentials.dump_public_list(public))
    # Staff add two keys whose codes they keep, and upload that list instead.
    rng = random.Random(7)
    stuffed = [credentials.new_code(rng.randbytes) for _ in range(2)]
    extra = [
        credentials.PublicCredential(
            public_key=base64.b64encode(credentials.public_credential(c, EID)).decode(),
            district="city-wide",
        )
        for c in stuffed
    ]
    padded = credentials.PublicCredentialList(
        format=public.format,
        election_id=EID,
        credentials=tuple(
            sorted([*public.credentials, *extra], key=lambda c: base64.b64decode(c.public_key))
        ),
    )
    data = credentials.dump_public_list(padded)
    up = staff.upload_credentials(EID, data)  # the server accepts it: it is a valid list
    assert up.fingerprint != authority and up.voters == 6
    trustees, _ = start(staff, url, EID, tmp, trustees=2, threshold=2, fingerprint=up.fingerprint)
    for _ in range(3):
        for t in trustees:
            t.step()
    staff.open(EID)
    codes = [s.code for s in secret]
    return Padded(url, staff, codes, stuffed, authority, up.fingerprint, trustees)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Padded, bytes]]:
    tmp = tmp_path_factory.mktemp("padded")
    with run_service(data_dir=tmp / "data") as url:
        world = _padded_election(url, tmp)
        client = ServiceClient(url)
        for code in world.residents:
            Voter(client, EID, code).cast("city", [1, 0])
        for code in world.stuffed:  # the stuffed ballots
            Voter(client, EID, code).cast("city", [0, 1])
        world.staff.close_election(EID)
        for t in world.trustees:
            assert t.decrypt() == "posted"
        world.staff.tally(EID)
        world.staff.publish(EID)
        (result,) = world.staff.result(EID)
        assert result.scores == [4, 2] and result.ballots == 6  # the stuffing was counted
        yield world, world.staff.record(EID)


def test_without_the_authoritys_fingerprint_every_check_passes(
    published: tuple[Padded, bytes],
) -> None:
    """What an auditor saw before the fix: the stuffed record is internally perfect."""
    _, record = published
    report = verify_record(record, workers=1)
    assert report.passed and report.failed_ids() == []
    assert "not pinned" in report["R23"].notes[0]


def test_the_auditor_holding_the_authoritys_fingerprint_fails_check_r23(
    published: tuple[Padded, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world, record = published
    path = tmp_path / "record.json"
    path.write_bytes(record)
    args = ["verify", str(path), "--workers", "1", "--json"]
    assert audit([*args, "--credentials-fingerprint", world.authority]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in report["checks"] if c["failed"]] == ["R23"]
    (failure,) = next(c for c in report["checks"] if c["id"] == "R23")["failures"]
    assert world.authority in failure and world.uploaded in failure
    # the same with a pin file, and with the digits printed on a letter
    pins = tmp_path / "pins.json"
    pins.write_bytes(encode_pins(Pins(election_id=EID, credentials=world.authority)))
    assert audit([*args, "--pins", str(pins)]) == 1
    capsys.readouterr()
    assert audit([*args, "--credentials-fingerprint", world.authority[:20]]) == 1
    capsys.readouterr()
    # the list staff uploaded is what the record holds: pinned, it passes (a control)
    assert audit([*args, "--credentials-fingerprint", world.uploaded]) == 0


@pytest.fixture(scope="module")
def open_padded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Padded]:
    tmp = tmp_path_factory.mktemp("padded-open")
    with run_service(data_dir=tmp / "data") as url:
        yield _padded_election(url, tmp)


def test_oylama_vote_with_the_letters_digits_refuses_to_cast(
    open_padded: Padded, capsys: pytest.CaptureFixture[str]
) -> None:
    w = open_padded
    printed = credentials.letter_fingerprint(w.authority)
    size = w.staff.election(EID).board_size
    argv = ["vote", "--server", w.url, "--election", EID, "--code", w.residents[0]]
    assert oylama([*argv, "--choices", "P1", "--credentials-fingerprint", printed]) == 1
    assert "not the one it made" in capsys.readouterr().err
    assert w.staff.election(EID).board_size == size  # nothing was cast


sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is missing: apt-get install -y chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def test_the_residents_page_from_the_letters_link_refuses_to_encrypt(
    open_padded: Padded, browser: Any
) -> None:
    w = open_padded
    printed = credentials.letter_fingerprint(w.authority)
    context = browser.new_context(base_url=w.url, locale="en-GB")
    page = context.new_page()
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    size = w.staff.election(EID).board_size
    # The letter's link carries the digits it prints.
    page.goto(f"/elections/{EID}#fp={printed.replace('-', '')}")
    page.wait_for_selector("#code")
    assert printed in page.inner_text("#pin")
    page.fill("#code", w.residents[0])
    page.press("#code", "Enter")
    alert = page.wait_for_selector("#code-error")
    said = alert.inner_text()
    # It says why, in the voter's words, naming both lists, and goes no further.
    assert credentials.letter_fingerprint(w.uploaded) in said and printed in said
    assert page.locator("[data-ballot], #to-review").count() == 0
    assert posts == [] and w.staff.election(EID).board_size == size
    # A control: the letter of the list the server does hold lets the voter on.
    page.goto(f"/elections/{EID}#fp={w.uploaded[:20]}")
    page.reload()
    page.wait_for_selector("#code")
    page.fill("#code", w.residents[0])
    page.press("#code", "Enter")
    page.wait_for_selector("#to-review")
    # the checked list's fingerprint is under "Teknik ayrıntılar" (issue #17): open it
    page.click("details.tech:has(#list-fingerprint) > summary")
    assert credentials.letter_fingerprint(w.uploaded) in page.inner_text("#list-fingerprint")
    # A damaged link is refused too (the page will not guess).
    page.goto(f"/elections/{EID}#fp=xyz")
    page.reload()
    page.wait_for_selector("[role=alert]")
    assert page.locator("#code").count() == 0
    context.close()
