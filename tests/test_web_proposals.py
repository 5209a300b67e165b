"""Residents' proposals in Chromium against the real service (issue #18 item 1).

A resident opens the proposals page of a draft election in its proposals phase, sees the
cycle's calendar, proposes an idea with a photo (the letter's code typed on the page: the
device derives the key and signs, the code never leaves it), another resident supports it,
staff hide one with a public reason -- the page shows it collapsed with the reason -- and the
console's Proposals panel records the review and puts the proposal on the ballot. Every text a
resident or staff member wrote is markup that must stay text: a script that ran would set
``window.pwned``. axe-core finds no serious or critical violation on the pages.

Skipped without playwright or Chromium.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parent / "redteam"))  # the shared helper
import tiny_election as tiny  # noqa: E402

from oylama import ballots, credentials  # noqa: E402
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service  # noqa: E402
from test_web_e2e import ARTIFACTS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
EID = "oneri-2027"
API = "/api/v1"
PASSWORD = "staff-password-for-tests"
XSS = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'

pytestmark = pytest.mark.skipif(not tiny.CHROMIUM.exists(), reason="Chromium is missing")

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DAY = dt.timedelta(days=1)


def _z(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


DEFINITION = f"""
[election]
id = "{EID}"
title.tr = "Karşıyaka Katılımcı Bütçe 2027"
title.en = "Karşıyaka participatory budget 2027"
city = "İzmir"
currency = "TRY"
min_tally_ballots = 1
proposals = {{ opens = {_z(NOW - DAY)}, closes = {_z(NOW + 9 * DAY)} }}
review = {{ opens = {_z(NOW + 9 * DAY)}, closes = {_z(NOW + 20 * DAY)} }}

[[districts]]
id = "bostanli"
name = "Bostanlı"

[[districts]]
id = "alaybey"
name = "Alaybey"

[[ballots]]
id = "bostanli-2027"
title.tr = "Bostanlı bütçesi"
district = "bostanli"
kind = "approval"
budget = 1000000
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "B-1"
name.tr = "Bostanlı parkı"
cost = 300000

[[ballots]]
id = "alaybey-2027"
title.tr = "Alaybey bütçesi"
district = "alaybey"
kind = "approval"
budget = 1000000
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "A-1"
name.tr = "Alaybey kütüphanesi"
cost = 200000
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(tiny.CHROMIUM), args=tiny.CHROMIUM_ARGS)
        yield b
        b.close()


def _axe(page: Any, where: str) -> None:
    if not AXE.exists():
        return
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    bad = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not bad, (where, bad)


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"proposals-{name}.png"), full_page=True)


def _setup(url: str) -> tuple[dict[str, str], list[str]]:
    with httpx.Client(base_url=url, timeout=60) as client:
        token = client.post(
            f"{API}/session", json={"username": ADMIN, "password": ADMIN_PASSWORD}
        ).json()["token"]
        admin = {"Authorization": f"Bearer {token}"}
        r = client.post(
            f"{API}/accounts",
            json={"username": "clerk", "password": PASSWORD, "role": "staff"},
            headers=admin,
        )
        assert r.status_code == 201, r.text
        token = client.post(
            f"{API}/session", json={"username": "clerk", "password": PASSWORD}
        ).json()["token"]
        staff = {"Authorization": f"Bearer {token}"}
        r = client.post(f"{API}/elections", json={"definition": DEFINITION}, headers=staff)
        assert r.status_code == 201, r.text
        roll = [
            credentials.RollEntry(voter_id=f"v{k}", district=d, line=k + 2)
            for k, d in enumerate(["bostanli", "bostanli", "alaybey"])
        ]
        secret, public = credentials.generate(roll, election_id=EID)
        r = client.put(
            f"{API}/elections/{EID}/credentials",
            json={"list": credentials.dump_public_list(public).decode()},
            headers=staff,
        )
        assert r.status_code == 200, r.text
        return staff, [credentials.format_code(s.code) for s in secret]


def _photo(path: Path) -> Path:
    from PIL import Image  # noqa: PLC0415

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 160, 90)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def test_propose_support_hide_review_accept(browser: Any, sqlite_url: str, tmp_path: Path) -> None:
    with run_service(sqlite_url) as url:
        staff, codes = _setup(url)
        page = tiny.page(browser, url)

        # the vote page of the draft shows the calendar and leads to the proposals
        page.goto(f"/elections/{EID}?lang=en")
        page.wait_for_selector("#phases #to-proposals")
        assert "Proposals" in page.inner_text("#phase-now")
        _axe(page, "vote page (draft, calendar)")
        page.click("#to-proposals")

        # the list: the calendar with the current phase, no proposals yet
        page.wait_for_url(f"**/elections/{EID}/proposals")
        page.wait_for_selector("#phases")
        assert "Proposals" in page.inner_text("#phase-now")
        _axe(page, "proposals list (empty)")

        # propose, with a photo and markup in every free-text field
        page.click("#propose")
        page.wait_for_selector("#propose-form")
        page.fill("#p-title", XSS[:100])
        page.fill("#p-description", "Gölgelik ve bank.\n" + XSS)
        page.fill("#p-cost", "250000")
        page.select_option("#p-district", "bostanli")
        page.fill("#p-category", "<b>parklar</b>")
        page.select_option("#p-sdg", ["SDG11", "SDG13"])
        page.fill("#p-audience", "çocuklar, <i>yaşlılar</i>")
        page.fill("#p-address", "<svg onload=window.pwned=3>")
        page.set_input_files("#p-photo", str(_photo(tmp_path / "park.png")))
        page.fill("#code", codes[0].lower().replace("-", " "))
        _axe(page, "proposal form")
        _shot(page, "form")
        page.click("#propose-form button[type=submit]")
        page.wait_for_url(f"**/elections/{EID}/proposals/P1*")
        page.wait_for_selector("#proposal")
        assert page.inner_text("h1") == XSS[:100]
        assert XSS in page.inner_text("#proposal .description")
        assert "<svg onload=window.pwned=3>" in page.inner_text("#proposal")
        page.wait_for_function("() => document.querySelector('#proposal img.photo')?.complete")
        assert page.evaluate("document.querySelector('#proposal img.photo').naturalWidth") == 64
        assert page.evaluate("window.pwned") is None
        _shot(page, "proposal")

        # in Arabic, right to left, with the same text
        page.goto(f"/elections/{EID}/proposals/P1?lang=ar")
        page.wait_for_selector("#support")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.inner_text("h1") == XSS[:100]
        _axe(page, "proposal page (Arabic)")
        _shot(page, "proposal-ar")

        # the server has the public key and the signed content, never the code
        got = httpx.get(f"{url}{API}/elections/{EID}/proposals/P1").json()
        assert got["content"]["district"] == "bostanli" and got["content"]["photo"]
        assert codes[0] not in str(got) and codes[0].replace("-", "") not in str(got)

        # another resident supports it; a mistyped code is caught on the device
        other = tiny.page(browser, url)
        other.goto(f"/elections/{EID}/proposals/P1?lang=tr")
        other.wait_for_selector("#support")
        other.fill("#code", codes[1][:-1] + ("0" if codes[1][-1] != "0" else "1"))
        other.click("#support button[type=submit]")
        other.wait_for_selector("#support-msg.error")
        other.fill("#code", codes[1])
        other.click("#support button[type=submit]")
        other.wait_for_function(
            "() => /1/.test(document.querySelector('#support-msg').textContent)"
        )
        assert "1 destek" in other.inner_text("#proposal .supports")
        # twice: refused, still one
        other.click("#support button[type=submit]")
        other.wait_for_selector("#support-msg.error")
        assert "1 destek" in other.inner_text("#proposal .supports")
        # a resident of another district proposes for theirs
        r = httpx.get(f"{url}{API}/elections/{EID}/proposals/P1").json()
        assert r["supports"] == 1

        # staff hide it with a public reason (markup again): shown collapsed with the reason
        r = httpx.post(
            f"{url}{API}/elections/{EID}/proposals/P1/moderation",
            json={"action": "hide", "reason": "Kişisel veri <b>içeriyor</b>"},
            headers=staff,
        )
        assert r.status_code == 200, r.text
        page.goto(f"/elections/{EID}/proposals?lang=tr")
        page.wait_for_selector("[data-proposal=P1] details")
        summary = page.inner_text("[data-proposal=P1] summary")
        assert "Kişisel veri <b>içeriyor</b>" in summary
        assert not page.is_visible("[data-proposal=P1] h2")  # collapsed
        _axe(page, "proposals list (hidden one)")
        _shot(page, "list-hidden")
        assert page.evaluate("window.pwned") is None
        r = httpx.post(
            f"{url}{API}/elections/{EID}/proposals/P1/moderation",
            json={"action": "unhide", "reason": "Veri çıkarıldı"},
            headers=staff,
        )
        assert r.status_code == 200, r.text
        page.goto(f"/elections/{EID}/proposals/P1?lang=en")
        page.wait_for_selector("#moderation li >> nth=1")
        log = page.inner_text("#moderation")
        assert "Hidden by clerk" in log and "Kişisel veri <b>içeriyor</b>" in log
        assert "Shown again by clerk" in log and "Veri çıkarıldı" in log

        # the console: review, then accept into the district's ballot
        console = tiny.page(browser, url)
        console.goto("/staff?lang=en")
        console.fill("#username", "clerk")
        console.fill("#password", PASSWORD)
        console.click("#sign-in")
        console.click(f"[data-election='{EID}']")
        console.wait_for_selector("#proposals [data-proposal=P1]")
        card = console.locator("#proposals [data-proposal=P1]")
        card.locator("textarea[name=technical]").fill("Uygun.")
        card.locator("textarea[name=legal]").fill("İmar planına uygun.")
        card.locator("input[name=cost]").fill("260000")
        card.locator(".review-form button").click()
        console.wait_for_selector("#proposals [data-proposal=P1] select[name=ballot]")
        card = console.locator("#proposals [data-proposal=P1]")
        card.locator("form.inline:has(select[name=ballot]) button").click()
        console.wait_for_selector("#proposals [data-proposal=P1] .msg.ok")
        _shot(console, "console")
        assert console.evaluate("window.pwned") is None
        text = httpx.get(
            f"{url}{API}/elections/{EID}/export", params={"format": "toml"}, headers=staff
        ).text
        project = ballots.loads(text).ballot("bostanli-2027").projects[-1]
        assert project.proposal == "P1" and str(project.cost) == "260000"
        assert project.name.tr == XSS[:100]
        for p in (page, other, console):
            assert p.errors == [], p.errors
