"""The pages on the example election (ballots/izmir-karsiyaka-2026.toml): a resident of
Bostanlı votes in English (the language switch), every form control has an accessible name,
keyboard-only voting works, the results page maps the projects -- as plain SVG without a tile
server, with Leaflet markers when one is configured -- and screenshots at 360 px and desktop
width go to tests/artifacts/.

Real service (uvicorn), reference clients for staff, trustees and the other residents,
headless Chromium for the page. Skipped when playwright, Chromium or the election service is
missing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ceremony_helpers import start
from oylama import ballots, credentials
from oylama.client import ServiceClient, Voter, random_choices
from oylama.election import decode_manifest
from oylama.service._web_routes import TILE_URL_ENV
from oylama_cli.demo._run import voting_now

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (.venv/bin/pip install playwright)"
)
e2e = pytest.importorskip("test_web_e2e", reason="tests/test_web_e2e.py is needed (helpers)")

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not e2e.CHROMIUM.exists(), reason="Chromium is missing: apt-get install -y chromium"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(e2e.CHROMIUM), args=e2e.CHROMIUM_ARGS)
        yield b
        b.close()


def _unnamed_controls(page: Any) -> list[str]:
    """Inputs and buttons without an accessible name (label, aria-label(ledby) or text)."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('input, button, select, textarea, a[href]')]
        .filter((el) => {
          if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return false;
          if (el.labels && el.labels.length) return false;
          return !(el.textContent || '').trim();
        })
        .map((el) => el.outerHTML.slice(0, 80))"""
    )
    return found


def test_example_election_pages(tmp_path: Path, browser: Any, monkeypatch: Any) -> None:
    # Two ballots of a district are enough to decrypt its tally here: the district that gets one
    # ballot is withheld, and its section of the results page says so.
    text = (ROOT / "ballots" / "izmir-karsiyaka-2026.toml").read_text()
    text = text.replace("min_tally_ballots = 5", "min_tally_ballots = 2")
    # its voting window is a past one; the service takes ballots only inside it
    text = voting_now(text, datetime.now(UTC))
    definition = ballots.loads(text)
    eid = definition.election.id
    rng = random.Random("web/karsiyaka")
    with e2e._service(tmp_path) as url:
        staff = e2e._staff(url)
        staff.create_election(text)
        districts = ["bostanli", "bostanli", "alaybey", "mavisehir", "mavisehir"]
        roll = [
            credentials.RollEntry(voter_id=f"v{k}", district=d, line=k + 2)
            for k, d in enumerate(districts)
        ]
        secret, public = credentials.generate(roll, election_id=eid)
        listed = credentials.dump_public_list(public)
        staff.upload_credentials(eid, listed)
        trustees, _pins = start(
            staff,
            url,
            eid,
            tmp_path,
            trustees=3,
            threshold=2,
            fingerprint=credentials.fingerprint(listed),
        )
        for _ in range(3):
            for t in trustees:
                t.step()
        staff.open(eid)
        manifest = decode_manifest(staff.manifest_bytes(eid))
        bostanli = next(b for b in manifest.ballots if b.district == "bostanli")
        city = next(b for b in manifest.ballots if b.district == "city-wide")

        # Resident 0 votes in English, keyboard only.
        page = e2e._page(browser, url, "mobile")
        page.goto(f"/elections/{eid}")
        page.wait_for_selector("#code")
        assert page.evaluate("document.documentElement.lang") == "tr"
        page.select_option("#lang", "en")
        page.locator("html[lang=en]").wait_for(state="attached")
        assert page.locator("#lang").input_value() == "en"
        page.goto(f"/elections/{eid}")  # the choice is remembered
        page.wait_for_selector("#code")
        assert page.inner_text("label[for=code]") == "Your voting code"
        assert _unnamed_controls(page) == []
        page.focus("#code")
        page.keyboard.type(secret[0].code)
        page.keyboard.press("Enter")
        page.wait_for_selector(f"[data-ballot='{bostanli.id}']")
        page.focus(f"[data-ballot='{bostanli.id}']")
        page.keyboard.press("Enter")
        page.wait_for_selector("#to-review")
        assert _unnamed_controls(page) == []
        assert page.locator("h1").inner_text() == bostanli.title.en
        # every project card shows its description from the definition (the example has no
        # English descriptions: the English page shows the Turkish text)
        cards = page.inner_text("ul.cards")
        texts = [p.description.tr for p in definition.ballot(bostanli.id).projects if p.description]
        assert texts and [x for x in texts if x not in cards] == []
        e2e._shot(page, "web-karsiyaka-mobile-ballot-en")
        # check the first project that fits, with the keyboard
        page.focus("#p1")
        page.keyboard.press("Space")
        assert page.locator("#p1").is_checked()
        assert "Spent" in page.inner_text("#budget-text")
        page.focus("#to-review")
        page.keyboard.press("Enter")
        page.wait_for_selector("#send")
        page.keyboard.press("Tab")  # focus order: the page's first control after the heading
        page.focus("#send")
        page.keyboard.press("Enter")
        page.wait_for_selector("#receipt-check.ok", timeout=120_000)
        assert "Verified" in page.inner_text("#receipt-check")
        e2e._shot(page, "web-karsiyaka-mobile-receipt-en")
        first_code = page.inner_text("#receipt-code")
        # A revote with the same code replaces the first ballot, and the page says so.
        page.goto(f"/elections/{eid}")
        page.fill("#code", secret[0].code)
        page.press("#code", "Enter")
        page.click(f"[data-ballot='{bostanli.id}']")
        page.check("#p2")
        page.click("#to-review")
        page.click("#send")
        page.wait_for_selector("#receipt-check.ok", timeout=120_000)
        assert "replaces your earlier vote" in page.inner_text("#receipt-status")
        second_code = page.inner_text("#receipt-code")
        for code, status in ((first_code, "Not counted"), (second_code, "Counted")):
            page.goto(f"/elections/{eid}/verify/{code}")
            page.wait_for_selector("#proof-ok", timeout=30_000)
            assert page.inner_text("#ballot-status").startswith(status)
            # a replaced ballot is amber, with whom to contact; a counted one green
            amber = page.locator("#ballot-status.amber").count() == 1
            assert amber == (status == "Not counted")
        assert not page.errors, page.errors
        page.context.close()

        # Resident 1: the answer to the cast is lost on the way back (the server has the
        # ballot); the page offers to send it again after a reload, and the server answers the
        # identical retry with the same receipt (casting is idempotent). Switching language
        # in the middle keeps the choices.
        page = e2e._page(browser, url, "desktop")
        page.goto(f"/elections/{eid}")
        page.fill("#code", secret[1].code)
        page.press("#code", "Enter")
        page.click(f"[data-ballot='{bostanli.id}']")
        page.check("#p0")
        page.select_option("#lang", "en")
        page.locator("html[lang=en]").wait_for(state="attached")
        assert page.locator("h1").inner_text() == bostanli.title.en
        assert page.locator("#p0").is_checked()
        page.select_option("#lang", "tr")
        page.locator("html[lang=tr]").wait_for(state="attached")
        assert page.locator("h1").inner_text() == bostanli.title.tr
        page.click("#to-review")
        page.click("#check-first-box > summary")
        page.click("#check-first")  # encrypted, not sent: its tracking code is known
        page.wait_for_selector("#cast", timeout=120_000)
        code = page.inner_text("#tracking-code")
        reached: list[int] = []

        def lose_answer(route: Any) -> None:
            reached.append(route.fetch().status)  # the real server gets the ballot
            route.abort()

        page.route("**/api/v1/elections/*/ballots", lose_answer)
        page.click("#cast")
        page.wait_for_selector("text=/Sunucuya ulaşılamadı/")
        assert reached == [201]
        page.unroute("**/api/v1/elections/*/ballots")
        page.reload()
        page.wait_for_selector("#resend")
        assert code[:9] in page.inner_text("#pending")
        page.click("#resend")
        page.wait_for_selector("#receipt-check.ok", timeout=60_000)
        assert page.inner_text("#receipt-code") == code
        assert staff.ballot_status(eid, code).status == "counted"
        page.reload()
        page.wait_for_selector("#code")
        assert page.locator("#pending").count() == 0  # nothing pending after success
        assert not page.errors, page.errors
        page.context.close()

        # The others vote with the reference client.
        for s in secret[2:]:
            v = Voter(ServiceClient(url), eid, s.code)
            v.load()
            for b in v.ballots():
                v.cast(b.id, random_choices(b.ballot_style(), rng))
        staff.close_election(eid)
        for t in trustees[1:]:
            t.step()
        staff.tally(eid)
        staff.publish(eid)

        withheld = {r.style for r in staff.result(eid) if r.ballots and not r.scores}
        assert withheld == {"alaybey-2026"}  # one ballot: fewer than min_tally_ballots
        located = {
            b.id: sum(p.latitude is not None for p in b.projects)
            for b in manifest.ballots
            if b.id not in withheld
        }
        # Without a tile server: the points on plain SVG, one circle per located project.
        monkeypatch.delenv(TILE_URL_ENV, raising=False)
        for width in ("mobile", "desktop"):
            page = e2e._page(browser, url, width)
            page.goto(f"/elections/{eid}/results")
            page.wait_for_selector("figure.chart")
            maps = page.locator(".map")
            assert maps.count() == sum(1 for n in located.values() if n)
            for k, b in enumerate(manifest.ballots):
                section = page.locator(f"section[aria-labelledby='b{k}']")
                if b.id in withheld:
                    said = section.inner_text()
                    assert "sonuç açılmadı" in said or "was not decrypted" in said, said
                    assert section.locator("svg").count() == 0
                    continue
                assert section.locator(".map svg circle").count() == located[b.id]
            assert _unnamed_controls(page) == []
            e2e._shot(page, f"web-karsiyaka-{width}-results")
            page.goto(f"/elections/{eid}/board")
            page.wait_for_selector("text=/match the signed state|imzalı durumla aynı/")
            e2e._shot(page, f"web-karsiyaka-{width}-board")
            page.context.close()

        # With a tile server configured: Leaflet draws a marker per located project (the tiles
        # themselves are not served here; the page does not need them).
        monkeypatch.setenv(TILE_URL_ENV, f"{url}/tiles/{{z}}/{{x}}/{{y}}.png")
        page = e2e._page(browser, url, "desktop")
        page.goto(f"/elections/{eid}/results")
        page.wait_for_selector(".leaflet-container")
        page.wait_for_timeout(300)
        section = page.locator(f"section[aria-labelledby='b{manifest.ballots.index(city)}']")
        interactive = section.locator(".leaflet-overlay-pane path.leaflet-interactive")
        assert interactive.count() == located[city.id]  # markers (the outline is not one)
        assert not page.errors, page.errors
        page.context.close()
