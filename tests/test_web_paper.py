"""The console's "Paper ballots" panel in Chromium: two staff members key at a polling station.

Each staff member signs in to the console in a browser of their own; the page makes the
member's keying key in that browser (its private half never leaves it) and publishes the public
half. A paper ballot keyed by the first waits for the second; keyed again by the second with
the same choices it goes on the board; keyed differently it is held as a mismatch, which a
reviewer discards with a reason (free text, shown escaped). The letter's code is turned into
the credential in the browser: the service never sees it.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from oylama.board import EntryKind, decode_entry
from oylama.election import PaperBallot, decode_payload
from test_service_election import API, EVERY_TALLY, STAFF_PASSWORD, Clock, DetRng
from test_service_paper import Setup, _setup
from test_web_console import AXE, _axe
from test_web_e2e import CHROMIUM, CHROMIUM_ARGS, sync_api

try:
    from oylama.service.testing import run_service
except ImportError:  # pragma: no cover
    pytest.skip("the election service is not there", allow_module_level=True)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium is missing: apt-get install -y chromium"
)


@pytest.fixture
def world(sqlite_url: str) -> Iterator[tuple[str, Setup]]:
    with run_service(sqlite_url, clock=Clock(), rng=DetRng(8)) as url:
        for s in _setup(url, EVERY_TALLY):
            r = s.client.post(s.d.url("/open"), headers=s.d.staff)
            assert r.status_code == 200, r.text
            yield url, s


def _console(browser: Any, url: str, username: str, eid: str) -> Any:
    context = browser.new_context(viewport={"width": 1024, "height": 900}, base_url=url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    page.goto("/staff")
    page.fill("#username", username)
    page.fill("#password", STAFF_PASSWORD)
    page.click("#sign-in")
    page.wait_for_selector("#new-election")
    page.goto(f"/staff/elections/{eid}")
    page.click("#paper-start")  # the panel loads (and makes the device's key) on demand
    page.wait_for_selector("#paper[data-ready='true']")
    return page


def _key(page: Any, code: str, ballot: str, choices: list[int], outcome: str) -> None:
    page.fill("#paper-station", "Karşıyaka <b>Lisesi</b>")
    page.fill("#paper-code", code)
    page.select_option("#paper-ballot", ballot)
    for k, x in enumerate(choices):
        page.fill(f"#paper-choice-{k}", str(x))
    page.evaluate("() => { delete document.querySelector('#paper-msg').dataset.outcome; }")
    page.click("#paper-key")
    page.wait_for_selector(f"#paper-msg[data-outcome='{outcome}']", timeout=60_000)


def _board(client: httpx.Client, eid: str) -> list[Any]:
    size = client.get(f"{API}/elections/{eid}").json()["board_size"]
    got = client.get(
        f"{API}/elections/{eid}/board/entries", params={"start": 0, "end": size}
    ).json()
    return [decode_entry(base64.b64decode(e["data"])) for e in got["entries"]]


def test_two_staff_key_paper_ballots_in_the_console(world: tuple[str, Setup]) -> None:
    url, s = world
    d = s.d
    voters = d.voters
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            one = _console(browser, url, "staff1", d.eid)
            two = _console(browser, url, "staff2", d.eid)
            for page in (one, two):
                page.click("#paper-publish-key")
                page.wait_for_selector("#paper-publish-key", state="detached")
                page.wait_for_selector("#paper[data-ready='true'] #paper-form")
            keyers = s.client.get(d.url("/paper/keyers"), headers=d.staff).json()
            assert [k["account"] for k in keyers] == ["staff1", "staff2"]
            # the key is this browser's: a reload finds it again, nothing to publish
            one.reload()
            one.click("#paper-start")
            one.wait_for_selector("#paper[data-ready='true'] #paper-form")
            assert one.locator("#paper-publish-key").count() == 0

            code = voters[0].credential.code
            _key(one, code, "a", [1, 0, 1], "waiting")
            assert not [e for e in _board(s.client, d.eid) if e.kind is EntryKind.PAPER_BALLOT]
            _key(two, code, "a", [1, 0, 1], "accepted")
            papers = [e for e in _board(s.client, d.eid) if e.kind is EntryKind.PAPER_BALLOT]
            assert len(papers) == 1
            pb = decode_payload(papers[0].payload, PaperBallot)
            assert pb.choices == [1, 0, 1] and [k.account for k in pb.keyings] == [
                "staff1",
                "staff2",
            ]
            assert pb.station == "Karşıyaka <b>Lisesi</b>"  # kept as text
            assert pb.credential == voters[0].public_key  # derived in the browser

            # a mismatch: held, shown to the reviewer, discarded with a reason
            _key(one, voters[1].credential.code, "k", [1, 0, 0], "waiting")
            _key(two, voters[1].credential.code, "k", [0, 1, 0], "mismatch")
            two.wait_for_selector("[data-held-status='mismatch']")
            assert two.locator("#paper-held td", has_text="<b>Lisesi</b>").count() >= 1
            assert two.locator("#paper-held b").count() == 0  # shown as text, never markup
            if AXE.exists():
                _axe(two, "paper ballots")
            held = s.client.get(d.url("/paper/keyings"), headers=d.staff).json()
            kid = held[0]["id"]
            two.fill(f"#paper-reason-{kid}", "<img src=x onerror=alert(1)> wrong sheet")
            two.click(f"#paper-discard-{kid}")
            two.wait_for_selector("#paper-held >> text=" + "Bekleyen giriş yok.")
            assert s.client.get(d.url("/paper/keyings"), headers=d.staff).json() == []
            # a code typed wrong is refused in the page, before anything is sent
            _key(one, "not-a-code", "a", [1, 0, 0], "refused")
            assert one.errors == [] and two.errors == []
        finally:
            browser.close()
    events = s.client.get(f"{API}/audit", params={"election": d.eid}, headers=s.admin).json()
    events = events["events"] if isinstance(events, dict) else events
    assert any(e["action"] == "paper-discard" and "<img src=x" in e["detail"] for e in events)
