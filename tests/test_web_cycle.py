"""A whole participatory-budgeting cycle in Chromium (issue #18, "Tests and figures").

One election through every phase of its schedule, each step done where its people do it:
residents propose and support an idea on the residents' pages (their code turned into a key in
the browser); staff review it and put it on the ballot in the console; the vote opens and a
resident votes on the page while two others vote with the reference client; at a polling
station two staff members key a paper ballot twice in two consoles; staff close, the trustee
decrypts, staff publish; staff track the funded idea to "done" in the console; and the city map
shows it done. The phases pass as the service's clock moves (the schedule is enforced by it);
the participation log, verified under the election's board key, holds every step.

Skipped when playwright or Chromium is missing.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from oylama.board import decode_entry
from oylama.cycle import verify_cycle_record
from oylama.election import decode_record
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import API, EID, JSON, STAFF_PASSWORD, Clock, DetRng, Driver, login
from test_service_proposals import WITH_PHASES
from test_web_e2e import CHROMIUM, CHROMIUM_ARGS, _page, _shot, sync_api
from test_web_paper import _key

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium is missing: apt-get install -y chromium"
)

DAY = 24 * 3600 * 1000
#: The schedule of WITH_PHASES (proposals until 2026-06-15, review until 2026-07-01) with the
#: vote from 2026-07-01 (open-ended); the clock starts on 2026-05-28, in the proposals phase.
DEFINITION = WITH_PHASES.replace(
    "min_tally_ballots = 4\n", "min_tally_ballots = 4\nopens = 2026-07-01T00:00:00Z\n", 1
)
REVIEW = 1_781_913_600_000  # 2026-06-20T00:00:00Z
VOTING = 1_783_036_800_000  # 2026-07-03T00:00:00Z


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _console(browser: Any, url: str, username: str) -> Any:
    """A staff member signed in to the console, on the election's page."""
    page = _page(browser, url, "desktop")
    page.goto("/staff?lang=en")
    page.fill("#username", username)
    page.fill("#password", STAFF_PASSWORD)
    page.click("#sign-in")
    page.wait_for_selector(f"[data-election='{EID}']")
    page.goto(f"/staff/elections/{EID}?lang=en")
    return page


def _keying(browser: Any, url: str, username: str) -> Any:
    """A polling-station device: the console's paper panel, its keying key made in this
    browser and published (its private half never leaves it)."""
    page = _console(browser, url, username)
    page.click("#paper-start")
    page.wait_for_selector("#paper[data-ready='true']")
    page.click("#paper-publish-key")
    page.wait_for_selector("#paper[data-ready='true'] #paper-form")
    return page


def _phase(client: httpx.Client) -> str:
    return str(client.get(f"{API}/elections/{EID}/cycle").json()["phase"])


def test_a_whole_cycle_in_the_browser(browser: Any, sqlite_url: str) -> None:
    clock = Clock()
    with (
        run_service(sqlite_url, clock=clock, rng=DetRng(11)) as url,
        httpx.Client(base_url=url, headers=JSON, timeout=60.0) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        for name in ("staff1", "staff2"):
            r = client.post(
                f"{API}/accounts",
                json={"username": name, "password": STAFF_PASSWORD, "role": "staff"},
                headers=admin,
            )
            assert r.status_code == 201, r.text
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        assert DEFINITION != WITH_PHASES
        d.create(DEFINITION)
        r = client.post(d.url("/staff"), json={"username": "staff2"}, headers=d.staff)
        assert r.status_code == 201, r.text
        d.credentials(["d1"] * 7 + ["d2"])
        codes = [v.credential.code for v in d.voters]
        assert _phase(client) == "proposals"

        # -- proposals: a resident proposes on the page, another supports it ----------------
        resident = _page(browser, url)
        resident.goto(f"/elections/{EID}/proposals?lang=tr")
        resident.wait_for_selector("#phases")
        resident.click("#propose")
        resident.wait_for_selector("#propose-form")
        resident.fill("#p-title", "Parka gölgelik")
        resident.fill("#p-description", "Çocuk parkına gölgelik ve bank.")
        resident.fill("#p-cost", "20")
        resident.select_option("#p-district", "d1")
        resident.fill("#p-category", "parklar")
        resident.select_option("#p-sdg", ["SDG11"])
        resident.fill("#p-audience", "çocuklar")
        resident.fill("#code", codes[0])
        resident.click("#propose-form button[type=submit]")
        resident.wait_for_url(f"**/elections/{EID}/proposals/P1*")
        resident.wait_for_selector("#proposal")
        assert resident.inner_text("h1") == "Parka gölgelik"
        supporter = _page(browser, url)
        supporter.goto(f"/elections/{EID}/proposals/P1?lang=tr")
        supporter.wait_for_selector("#support")
        supporter.fill("#code", codes[1])
        supporter.click("#support button[type=submit]")
        supporter.wait_for_function(
            "() => /1/.test(document.querySelector('#support-msg').textContent)"
        )
        assert client.get(f"{API}/elections/{EID}/proposals/P1").json()["supports"] == 1
        _shot(supporter, "cycle-proposal")
        on_map = client.get(f"{API}/map.geojson", params={"stage": "proposed"}).json()
        assert [f["properties"]["id"] for f in on_map["features"]] == ["P1"]

        # -- review: the clock passes into the review phase; staff accept in the console ----
        clock.now = REVIEW
        assert _phase(client) == "review"
        late = _page(browser, url)  # the residents' pages say which phase it is
        late.goto(f"/elections/{EID}/proposals/P1?lang=en")
        late.wait_for_selector("#phases")
        assert "Review" in late.inner_text("#phase-now")
        console = _console(browser, url, "staff1")
        console.wait_for_selector("#proposals [data-proposal=P1]")
        card = console.locator("#proposals [data-proposal=P1]")
        card.locator("textarea[name=technical]").fill("Uygun.")
        card.locator("textarea[name=legal]").fill("İmar planına uygun.")
        card.locator(".review-form button").click()
        console.wait_for_selector("#proposals [data-proposal=P1] select[name=ballot]")
        console.locator("#proposals [data-proposal=P1] select[name=ballot]").select_option("k")
        card = console.locator("#proposals [data-proposal=P1]")
        card.locator("form.inline:has(select[name=ballot]) button").click()
        console.wait_for_selector("#proposals [data-proposal=P1] .msg.ok")
        _shot(console, "cycle-review")
        accepted = client.get(f"{API}/elections/{EID}/proposals/P1").json()["accepted"]
        assert (accepted["ballot"], accepted["project"]) == ("k", "proposal-1")

        # -- the vote: ceremony, opening, a resident on the page, two with the client -------
        clock.now = VOTING
        assert _phase(client) == "voting"
        d.staff = login(client, "staff1", STAFF_PASSWORD)
        d.start_ceremony(1, 1)
        d.run_ceremony()
        assert client.post(d.url("/open"), headers=d.staff).status_code == 200
        voter = _page(browser, url)
        voter.goto(f"/elections/{EID}?lang=tr")
        voter.wait_for_selector("#code")
        voter.fill("#code", codes[2])
        voter.press("#code", "Enter")
        voter.wait_for_selector("[data-ballot='k']")
        voter.click("[data-ballot='k']")
        voter.wait_for_selector("#to-review")
        assert "Parka gölgelik" in voter.inner_text("body")
        voter.check("#p3")  # the resident's idea, now a project of the ballot
        voter.click("#to-review")
        voter.click("#send")
        voter.wait_for_selector("#receipt-check.ok", timeout=120_000)
        _shot(voter, "cycle-receipt")
        for k in (3, 4):
            assert d.cast(d.ballot_body(d.voters[k], "k", [0, 0, 0, 1])).status_code == 201

        # -- paper: two staff members key one resident's paper ballot at a polling station --
        one, two = (_keying(browser, url, name) for name in ("staff1", "staff2"))
        _key(one, codes[5], "k", [1, 0, 0, 1], "waiting")
        _key(two, codes[5], "k", [1, 0, 0, 1], "accepted")
        _shot(two, "cycle-paper")

        # -- close, decrypt, publish ---------------------------------------------------------
        assert client.post(d.url("/close"), headers=d.staff).status_code == 200
        d.decrypt(d.trustees[0])
        assert client.post(d.url("/tally"), headers=d.staff).status_code == 200
        assert client.post(d.url("/publish"), headers=d.staff).status_code == 200
        result = {r["style"]: r for r in client.get(d.url("/result")).json()}
        assert result["k"]["ballots"] == 4  # three online, one on paper
        assert "proposal-1" in result["k"]["selected"]
        assert _phase(client) == "implementation"  # publication starts it (cycle §3)

        # -- implementation: staff track the idea to "done" in the console -------------------
        staff = _console(browser, url, "staff1")
        staff.wait_for_selector("#implementation #status-k-proposal-1")
        staff.select_option("#status-k-proposal-1", "done")
        staff.fill("#spent-k-proposal-1", "19.5")
        staff.click("#save-status-k-proposal-1")
        staff.wait_for_function(
            "() => document.querySelector("
            "'#implementation [data-project=k-proposal-1] strong')?.textContent === 'Done'"
        )
        _shot(staff, "cycle-implementation")

        # -- the city map shows it done, linked to its project page --------------------------
        page = _page(browser, url, "desktop")
        page.goto("/map?lang=en")
        page.wait_for_selector("#map-table")
        page.select_option("#m-stage", "done")
        rows = page.locator("#map-table tbody tr")
        assert rows.count() == 1 and "Parka gölgelik" in rows.first.inner_text()
        _shot(page, "cycle-map")
        # the idea's page in Kurmanji (left to right), with the same text, at 360 px
        phone = _page(browser, url)
        phone.goto(f"/elections/{EID}/proposals/P1?lang=ku")
        phone.wait_for_selector("#proposal")
        assert phone.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
            "ku",
            "ltr",
        ]
        assert phone.inner_text("h1") == "Parka gölgelik"
        assert "Pêşniyar" in phone.inner_text("nav")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        # the browser has no Kurmanji dates: numbers only, never English month names
        calendar = phone.inner_text("#phases")
        assert "01.05.2026" in calendar and "May" not in calendar, calendar
        _shot(phone, "cycle-proposal-ku")

        # -- the participation log holds every step, verified under the board key -----------
        key = client.get(f"{API}/elections/{EID}/board/key").json()
        record = verify_cycle_record(
            client.get(f"{API}/elections/{EID}/cycle/record").content,
            board_public_key=base64.b64decode(key["ed25519_public_key"]),
        )
        kinds = [decode_entry(e).kind.value for e in record.entries]
        for kind in ("phase", "proposal", "proposal-support", "proposal-review"):
            assert kind in kinds
        assert "proposal-accepted" in kinds and "project-status" in kinds
        own = decode_record(client.get(f"{API}/elections/{EID}/record").content)
        own_kinds = [decode_entry(e).kind.value for e in own.entries]
        assert own_kinds.count("paper-ballot") == 1 and own_kinds.count("ballot") == 3
        assert not set(own_kinds) & set(kinds)  # each log its own kinds (board §1)
        for p in (resident, supporter, late, console, voter, one, two, staff, page, phone):
            assert p.errors == [], p.errors
