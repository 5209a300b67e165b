"""The city map and the implementation pages in Chromium (issue #18 items 2 and 3).

An election is run to publication over HTTP (tests/test_service_tracking.py), staff record
progress (a status, a note with a photo and markup in its text, a cancellation with a reason)
and import the municipality's list; then a resident's browser reads the implementation page,
a funded project's page with its tracking history (the markup shown as text, the photo drawn),
and the city map, whose filters narrow the list and the exports' addresses. No request leaves
the service: the map draws without a tile server.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from test_service_election import STAFF_PASSWORD
from test_service_tracking import CITY_CSV, XSS, jpeg, published_world
from test_web_console import _axe

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (.venv/bin/pip install playwright)"
)
e2e = pytest.importorskip("test_web_e2e", reason="tests/test_web_e2e.py is needed (helpers)")

pytestmark = pytest.mark.skipif(
    not e2e.CHROMIUM.exists(), reason="Chromium is missing: apt-get install -y chromium"
)


def test_map_and_tracking_pages(tmp_path: Path) -> None:
    with published_world(tmp_path) as w:
        eid = w.driver.eid
        photo = w.client.post(
            w.url_of("/implementation/photos"), json={"data": jpeg()}, headers=w.staff
        ).json()["digest"]
        for path, body in (
            (
                "/implementation/status",
                {
                    "ballot": "k",
                    "project": "p1",
                    "status": "in-progress",
                    "spent": "12500.75",
                    "started": "2027-03-01",
                },
            ),
            (
                "/implementation/notes",
                {"ballot": "k", "project": "p1", "text": XSS, "photos": [photo]},
            ),
            (
                "/implementation/status",
                {"ballot": "k", "project": "p2", "status": "cancelled", "reason": "site flooded"},
            ),
        ):
            r = w.client.post(w.url_of(path), json=body, headers=w.staff)
            assert r.status_code == 201, r.text
        r = w.client.post(
            "/api/v1/city-projects/import",
            json={"format": "csv", "data": base64.b64encode(CITY_CSV.encode()).decode()},
            headers=w.admin,
        )
        assert r.status_code == 200, r.text

        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(e2e.CHROMIUM), args=e2e.CHROMIUM_ARGS)
            try:
                page = e2e._page(browser, w.url, "desktop")
                requests: list[str] = []
                page.on("request", lambda req: requests.append(req.url))
                page.add_init_script(
                    "window.__xss = 0; window.alert = () => { window.__xss += 1; };"
                )
                page.goto("/?lang=en")
                page.wait_for_selector("#nav a[href='/map']")

                # the election's implementation page
                page.goto(f"/elections/{eid}/implementation")
                page.wait_for_selector("#implementation-list")
                cards = page.locator("#implementation-list li")
                names = [cards.nth(k).locator("h2").inner_text() for k in range(cards.count())]
                assert "Bir" in names and "İki" in names and "Üç" not in names
                statuses = page.locator(".track-status-name").all_inner_texts()
                assert "In progress" in statuses and "Cancelled" in statuses
                _axe(page, "implementation")

                # a funded project's page: its history, the note as text, the photo drawn
                page.goto(f"/elections/{eid}/projects/k/p1")
                page.wait_for_selector("#tracking .track-history")
                assert page.locator("#tracking .note-text").inner_text() == XSS
                assert page.locator("#tracking script, #tracking img[onerror]").count() == 0
                img = page.locator("#tracking img.photo")
                img.wait_for()
                page.wait_for_function(
                    "() => { const i = document.querySelector('#tracking img.photo');"
                    " return i && i.complete && i.naturalWidth > 0; }"
                )
                assert "In progress" in page.locator("#tracking .track-now").inner_text()
                _axe(page, "project with history")
                page.goto(f"/elections/{eid}/projects/k/p2")
                page.wait_for_selector("#tracking .reason")
                assert "site flooded" in page.locator("#tracking .reason").inner_text()
                assert page.evaluate("window.__xss") == 0

                # the city map: every project, the filters narrow the table and the exports
                page.goto("/map")
                page.wait_for_selector("#map-table")
                page.wait_for_selector("#city-map svg circle")
                total = page.locator("#map-table tbody tr").count()
                _axe(page, "map")
                assert total == 8 + 3  # the election's projects and the city's list
                page.select_option("#m-stage", "cancelled")
                rows = page.locator("#map-table tbody tr")
                assert rows.count() == 1 and "İki" in rows.first.inner_text()
                assert "stage=cancelled" in page.url
                href = page.locator("#map-exports a").first.get_attribute("href")
                assert href == "/api/v1/map.geojson?stage=cancelled"
                page.select_option("#m-stage", "")
                page.select_option("#m-sdg", "SDG3")
                names = page.locator("#map-table tbody tr td:first-child").all_inner_texts()
                assert names == ["Bir"]
                page.select_option("#m-sdg", "")
                page.select_option("#m-status", "done")
                names = page.locator("#map-table tbody tr td:first-child").all_inner_texts()
                assert len(names) == 1 and "HYPERLINK" in names[0]  # the city's, as text
                page.select_option("#m-status", "")
                page.fill("#m-start", "2025-01-01")
                page.dispatch_event("#m-start", "change")
                names = page.locator("#map-table tbody tr td:first-child").all_inner_texts()
                assert sorted(n.split(" (")[0] for n in names) == sorted(
                    ["Bir", "+cmd|' /C calc'!A0"]
                )
                # the city list's markup is shown as text
                page.fill("#m-start", "")
                page.dispatch_event("#m-start", "change")
                page.select_option("#m-status", "planned")
                assert "<img src=x" in page.inner_text("#map-table")
                assert page.locator("#map-table img").count() == 0
                assert page.evaluate("window.__xss") == 0
                assert page.errors == []
                foreign = [u for u in requests if not u.startswith(w.url)]
                assert foreign == []

                # at a phone's width the page does not scroll sideways (the table scrolls)
                phone = e2e._page(browser, w.url, "mobile")
                phone.goto("/map?lang=ar")
                phone.wait_for_selector("#map-table")
                assert phone.evaluate("document.documentElement.dir") == "rtl"
                assert phone.evaluate(
                    "document.documentElement.scrollWidth <= window.innerWidth + 1"
                )
                e2e._shot(phone, "map-360-ar")
                e2e._shot(page, "map-desktop")

                # the console's implementation panel: staff record that p1 is done
                staff = e2e._page(browser, w.url, "desktop")
                staff.goto("/staff?lang=en")
                staff.fill("#username", "staff1")
                staff.fill("#password", STAFF_PASSWORD)
                staff.click("#sign-in")
                staff.wait_for_selector("#city-import")  # the city list's import, on the home page
                staff.goto(f"/staff/elections/{eid}?lang=en")
                staff.wait_for_selector("#implementation #status-k-p1")
                _axe(staff, "console implementation")
                staff.select_option("#status-k-p1", "done")
                staff.fill("#finished-k-p1", "2027-09-30")
                staff.fill("#spent-k-p1", "39000")
                staff.click("#save-status-k-p1")
                staff.wait_for_selector("#page-note")
                staff.fill("#note-k-p1", "Opened to the public.")
                staff.click("#add-note-k-p1")
                # the panel is drawn anew (an empty note field) once the note is saved
                staff.wait_for_function("() => document.querySelector('#note-k-p1').value === ''")
                staff.wait_for_function(
                    "() => document.querySelector('#implementation [data-project=k-p1] strong')"
                    "?.textContent === 'Done'"
                )
                p1 = next(
                    x
                    for x in w.client.get(w.url_of("/implementation")).json()["projects"]
                    if x["project"] == "p1"
                )
                assert (p1["status"], p1["spent"], p1["finished"]) == (
                    "done",
                    "39000",
                    "2027-09-30",
                )
                assert p1["history"][-1]["text"] == "Opened to the public."
                # a cancellation without a reason is refused, and the console says why
                staff.select_option("#status-k-p1", "cancelled")
                staff.click("#save-status-k-p1")
                staff.wait_for_selector("#track-msg-k-p1.error")
                assert "reason" in staff.inner_text("#track-msg-k-p1")
                assert staff.errors == []
            finally:
                browser.close()
