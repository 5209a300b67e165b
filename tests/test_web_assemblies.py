"""Neighbourhood assemblies in Debian's Chromium against the real service (issue #18 item 4).

Staff record a meeting whose title, agenda, minutes and advice carry markup (stored XSS
attempts); a resident opens the list and the meeting's page and sees that markup as text, with
nothing run. An attendee opens the quick-vote page on a 360 px phone, types a slip's code as
read from paper (lower case, spaces), votes; the same slip again is refused with a clear
message, a wrong code too; after staff close the vote, the meeting's page shows the counts.
axe-core finds no serious or critical violation on the pages (when web/node_modules has it).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service  # noqa: E402
from test_service_election import API, DEFINITION, EID, JSON, STAFF_PASSWORD, login  # noqa: E402
from test_web_e2e import CHROMIUM, _page, _shot, browser  # noqa: E402, F401

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const r = await axe.run(document, { runOnly: { type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
  return r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
}"""

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is missing")

XSS = "<img src=x onerror=\"document.body.dataset.pwned='1'\"><script>window.pwned=1</script>"


def _axe(page: Any) -> None:
    if AXE.exists():
        page.evaluate(AXE.read_text())
        assert page.evaluate(AXE_RUN) == []


def _no_markup_ran(page: Any) -> None:
    assert page.evaluate("() => document.body.dataset.pwned ?? null") is None
    assert page.evaluate("() => window.pwned ?? null") is None
    assert page.locator("main img[src='x'], main script").count() == 0


def test_assembly_pages_and_quick_vote(tmp_path: Path, browser: Any) -> None:  # noqa: F811
    with (
        run_service(data_dir=tmp_path / "data") as url,
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
        assert client.post(
            f"{API}/elections", json={"definition": DEFINITION}, headers=staff
        ).is_success
        base = f"{API}/elections/{EID}/assemblies"
        r = client.post(
            base,
            json={
                "date": "2026-11-14",
                "district": "d1",
                "attendees": 30,
                "title": "Bostanlı " + XSS,
                "agenda": [
                    {"text": "Park " + XSS, "projects": ["p1"]},
                    {"text": "Bisiklet yolu", "projects": ["p2"]},
                ],
                "minutes": "Satır 1\n" + XSS + "\nSatır 3",
            },
            headers=staff,
        )
        assert r.status_code == 201, r.text
        hands = {"yes": 20, "no": 6, "abstain": 4, "advice": "Öncelikli " + XSS}
        assert client.post(f"{base}/a1/items/1/hands", json=hands, headers=staff).is_success
        codes = client.post(f"{base}/a1/slips", json={"count": 3}, headers=staff).json()["codes"]
        assert client.post(f"{base}/a1/items/2/quick-vote", headers=staff).is_success

        # the list and the meeting's page: staff's markup shown as text, never run
        page = _page(browser, url, "desktop")
        page.goto(f"/elections/{EID}/assemblies?lang=tr")
        card = page.locator("#assemblies li")
        card.first.wait_for()
        assert card.count() == 1
        assert "Bostanlı " + XSS in card.inner_text()
        _no_markup_ran(page)
        _axe(page)
        card.locator("a").click()
        page.locator("#agenda").wait_for()
        items = page.locator("#agenda > li")
        assert items.count() == 2
        assert "Park " + XSS in items.nth(0).inner_text()
        assert page.locator("#minutes").inner_text() == "Satır 1\n" + XSS + "\nSatır 3"
        first = items.nth(0)
        assert first.locator("[data-count=yes]").inner_text() == "20"
        assert first.locator("[data-count=no]").inner_text() == "6"
        assert "Öncelikli " + XSS in first.inner_text()
        assert "El kaldırarak" in first.inner_text()
        # the item under a quick vote says how many voted, not how
        assert "0 fiş" in items.nth(1).inner_text()
        assert items.nth(1).locator("[data-count]").count() == 0
        _no_markup_ran(page)
        _axe(page)
        _shot(page, "assembly-page")
        assert page.errors == []

        # an attendee's phone: the vote link, a code as read from paper
        phone = _page(browser, url, "mobile")
        phone.goto(f"/elections/{EID}/assemblies/a1?lang=tr")
        phone.locator("a.button").click()
        phone.locator("#slip-code").wait_for()
        assert phone.url.endswith(f"/elections/{EID}/assemblies/a1/vote?lang=tr") or "/vote" in (
            phone.url
        )
        _axe(phone)
        # no code: said so, nothing sent
        phone.click("button[data-choice=yes]")
        assert "kodu yazın" in phone.locator("#vote-status").inner_text()
        phone.fill("#slip-code", codes[0].lower().replace("-", " "))
        phone.click("button[data-choice=yes]")
        status = phone.locator("#vote-status")
        sync_api.expect(status).to_contain_text("sayıldı")
        assert "2. madde" in status.inner_text()
        # the same slip again: refused, clearly
        phone.fill("#slip-code", codes[0])
        phone.click("button[data-choice=no]")
        sync_api.expect(status).to_contain_text("zaten oy kullandı")
        # a wrong code
        phone.fill("#slip-code", "AAAA-BBBB-CCCC")
        phone.click("button[data-choice=no]")
        sync_api.expect(status).to_contain_text("bir fişi değil")
        phone.fill("#slip-code", codes[1])
        phone.click("button[data-choice=abstain]")
        sync_api.expect(status).to_contain_text("sayıldı")
        _shot(phone, "assembly-vote-phone")
        assert phone.errors == []

        # staff close the vote: the phone's page says no vote is open (it asks every few
        # seconds), and the counts appear on the meeting's page
        r = client.post(
            f"{base}/a1/items/2/quick-vote/close", json={"advice": "Yapılsın"}, headers=staff
        )
        assert r.status_code == 200, r.text
        phone.locator("#nothing-open").wait_for(timeout=15_000)
        assert phone.locator("input[name=item]").count() == 0
        assert phone.locator("button[data-choice=yes]").is_disabled()
        page.goto(f"/elections/{EID}/assemblies/a1?lang=en")
        second = page.locator("#agenda > li").nth(1)
        second.locator("[data-count=yes]").wait_for()
        assert second.locator("[data-count=yes]").inner_text() == "1"
        assert second.locator("[data-count=no]").inner_text() == "0"
        assert second.locator("[data-count=abstain]").inner_text() == "1"
        assert "one-time slips" in second.inner_text()
        # with nothing open, the vote page says so
        phone.goto(f"/elections/{EID}/assemblies/a1/vote?lang=ar")
        phone.locator("#nothing-open").wait_for()
        assert phone.evaluate("() => document.documentElement.dir") == "rtl"
        assert "لا يوجد تصويت مفتوح" in phone.locator("#nothing-open").inner_text()
        assert page.errors == [] and phone.errors == []


def test_console_assemblies_panel(tmp_path: Path, browser: Any) -> None:  # noqa: F811
    """Staff record a meeting, a show of hands, slips and a quick vote in the console's
    Assemblies panel; the slips' codes appear once on a printable sheet and vote; a refused
    form (no agenda) says why and records nothing; the consultation switch sets its rules."""
    with (
        run_service(data_dir=tmp_path / "data") as url,
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
        assert client.post(
            f"{API}/elections", json={"definition": DEFINITION}, headers=staff
        ).is_success
        page = _page(browser, url, "desktop")
        page.goto("/staff?lang=en")
        page.fill("#username", "staff1")
        page.fill("#password", STAFF_PASSWORD)
        page.click("#sign-in")
        page.wait_for_selector("#sign-out")
        page.goto(f"/staff/elections/{EID}?lang=en")
        page.wait_for_selector("#assemblies")
        page.fill("#asm-date", "2026-11-20")
        page.select_option("#asm-district", "d2")
        page.fill("#asm-attendees", "12")
        page.fill("#asm-title", "Mavişehir meclisi <b>x</b>")
        page.click("#asm-record")  # no agenda: refused, nothing recorded
        page.wait_for_selector("#assembly-error:not(:empty)")
        assert client.get(f"{API}/elections/{EID}/assemblies").json() == []
        page.fill("#asm-agenda", "Oyun alanı | q1\nOtopark | q2 | pr-1")
        page.click("#asm-record")
        page.wait_for_selector("#asm-a1")
        (a,) = client.get(f"{API}/elections/{EID}/assemblies").json()
        assert a["title"] == "Mavişehir meclisi <b>x</b>" and a["district"] == "d2"
        assert [(i["text"], i["projects"], i["proposals"]) for i in a["items"]] == [
            ("Oyun alanı", ["q1"], []),
            ("Otopark", ["q2"], ["pr-1"]),
        ]
        assert page.locator("#asm-a1 h3").first.inner_text() == "Mavişehir meclisi <b>x</b>"
        # a show of hands on item 1
        page.fill("#asm-a1-1-yes", "7")
        page.fill("#asm-a1-1-no", "3")
        page.fill("#asm-a1-1-advice", "Önce oyun alanı")
        page.click("#asm-a1-1-hands")
        page.wait_for_selector("#asm-a1 [data-decision='1']")
        assert "Yes 7" in page.inner_text("#asm-a1 [data-decision='1']")
        # slips: shown once, printable
        page.fill("#asm-a1-slip-count", "2")
        page.click("#asm-a1-make-slips")
        page.wait_for_selector("#slips-a1 .slip-code")
        codes = page.locator("#slips-a1 .slip-code").all_inner_texts()
        assert len(codes) == 2 and all(len(c) == 14 for c in codes)
        page.click("#asm-a1-2-open")
        page.wait_for_selector("#asm-a1-2-close")
        vote = f"{API}/elections/{EID}/assemblies/a1/items/2/slip-votes"
        assert client.post(vote, json={"code": codes[0], "choice": "no"}).status_code == 201
        page.fill("#asm-a1-2-close-advice", "Otopark yapılmasın")
        page.click("#asm-a1-2-close")
        page.wait_for_selector("#asm-a1 [data-decision='2']")
        assert "No 1" in page.inner_text("#asm-a1 [data-decision='2']")
        # minutes
        page.fill("#asm-a1-minutes", "Tutanak metni")
        page.click("#asm-a1-save-minutes")
        # the field holds what was typed at once: wait for the save itself (its answer is
        # followed by the panel drawn anew), then read the API
        deadline = time.monotonic() + 20
        minutes = None
        while time.monotonic() < deadline:
            minutes = client.get(f"{API}/elections/{EID}/assemblies/a1").json()["minutes"]
            if minutes == "Tutanak metni":
                break
            time.sleep(0.1)
        assert minutes == "Tutanak metni"
        _axe(page)
        _shot(page, "console-assemblies")
        # the consultation switch on ballot 3 (approval): one answer, costs and budget 1
        box = page.locator("[data-field='ballots[2].consultation']")
        box.check()
        page.wait_for_function(
            "() => document.querySelector(\"[data-field='ballots[2].budget']\")?.value === '1'"
        )
        assert page.locator("[data-field='ballots[2].max_count']").input_value() == "1"
        assert not page.errors, page.errors
