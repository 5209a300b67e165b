"""A Benaloh check on the residents' page, published and checked elsewhere (issue #13 item 8).

In Chromium against the real service: a resident encrypts, opens the ballot for the check,
publishes it, and follows the page's link on another "device" (a fresh browser context) to the
checker page, whose own code re-encrypts the published choices and shows them matching; the
resident then casts a fresh ballot. The checker also detects a tampered spoiled-ballot file
(served and saved to disk), and refuses a record the server altered. Skipped without
playwright or Chromium.
"""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oylama.board import EntryKind, decode_entry
from oylama.client import ServiceClient
from oylama.service._web_routes import WEB_DIR
from oylama.service.testing import run_service

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parent / "redteam"))  # the shared helper
import tiny_election as tiny  # noqa: E402

pytestmark = pytest.mark.skipif(not tiny.CHROMIUM.exists(), reason="Chromium is missing")

DEFINITION = """
[election]
id = "spoil-web"
title.tr = "Açılmış oy"
title.en = "Spoiled ballot"
city = "İzmir"
currency = "TRY"

[[ballots]]
id = "genel"
title.tr = "Genel"
district = "city-wide"
kind = "knapsack"
budget = 1000
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "P-1"
name.tr = "Çeşme"
cost = 400

[[ballots.projects]]
id = "P-2"
name.tr = "Bank"
cost = 300

[[ballots.projects]]
id = "P-3"
name.tr = "Park"
cost = 500
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(tiny.CHROMIUM), args=tiny.CHROMIUM_ARGS)
        yield b
        b.close()


def _encrypt(page: Any, eid: str, code: str, picks: list[int]) -> str:
    page.goto(f"/elections/{eid}")
    page.fill("#code", code)
    page.press("#code", "Enter")
    page.wait_for_selector("#to-review")
    for j in picks:
        page.check(f"#p{j}")
    page.click("#to-review")
    page.click("#check-first-box > summary")
    page.click("#check-first")
    page.wait_for_selector("#cast", timeout=120_000)
    return str(page.inner_text("#tracking-code"))


def _shown(checker: Any, code: str) -> list[int]:
    section = checker.locator(f".spoiled[data-code='{code}']")
    cells = section.locator("tbody tr td.num")
    return [int(cells.nth(k).inner_text()) for k in range(cells.count())]


def test_spoil_publish_and_check_elsewhere(tmp_path: Path, browser: Any) -> None:
    with run_service(data_dir=tmp_path / "data") as url:
        el = tiny.open_election(url, DEFINITION, tmp_path, ["city-wide"] * 2)
        page = tiny.page(browser, url)
        code = _encrypt(page, el.election_id, el.codes[0], [0, 1])
        page.click("#spoil")
        page.wait_for_selector("#spoil-result.ok")
        assert page.locator("#publish-spoiled").is_visible()
        page.click("#publish-spoiled")
        page.wait_for_selector("#spoil-published", timeout=60_000)
        link = page.get_attribute("#check-elsewhere", "href")
        assert link == f"/elections/{el.election_id}/spoiled/{code}"

        # the board holds the spoiled ballot, and nothing names the credential
        client = ServiceClient(url)
        size = client.election(el.election_id).board_size
        spoiled = [
            decode_entry(e.data)
            for e in client.board_entries(el.election_id, 0, size)
            if decode_entry(e.data).kind is EntryKind.BALLOT_SPOILED
        ]
        assert len(spoiled) == 1
        assert json.loads(spoiled[0].payload)["choices"] == [1, 1, 0]

        # another device opens the link: the checker's own code re-encrypts, all match
        other = tiny.page(browser, url)
        response = other.goto(link)
        csp = response.headers["content-security-policy"]
        assert "script-src 'sha256-" in csp and "'unsafe-inline'" not in csp
        other.wait_for_selector("#status p.ok, #status p.bad", timeout=60_000)
        assert other.locator(f".spoiled[data-code='{code}'][data-ok=true]").count() == 1, (
            code,
            other.inner_text("body"),
        )
        assert _shown(other, code) == [1, 1, 0]
        assert "MATCH" in other.inner_text(".spoiled .result")
        assert not other.errors, other.errors

        # a tampered file of this spoiled ballot (another randomness) is detected there
        sp = json.loads(spoiled[0].payload)
        sp["randomness"][0] = sp["randomness"][1]
        bad = tmp_path / "tampered.json"
        bad.write_text(json.dumps(sp, separators=(",", ":")))
        other.click("#files summary")
        other.set_input_files("#spoiled-file", str(bad))
        other.click("#recheck")
        other.wait_for_selector(".spoiled[data-ok=false]")
        assert "MISMATCH" in other.inner_text(".spoiled .result")
        assert "project 1" in other.inner_text(".spoiled .result")
        other.context.close()

        # the resident casts a fresh ballot after the check; it counts, the spoiled one never
        page.click("#again")  # encrypts anew and sends: one action
        page.wait_for_selector("#receipt-check.ok", timeout=120_000)
        assert page.inner_text("#receipt-code") != code
        assert not page.errors, page.errors
        page.context.close()

        # a server that alters the spoiled entry in the record it serves is caught by the
        # checker's own board check (the signed checkpoint no longer covers the entries)
        record = client.record(el.election_id)
        obj = json.loads(record)
        index = json.loads(json.dumps(obj))["entries"]
        k = next(i for i, e in enumerate(index) if b"ballot-spoiled" in base64.b64decode(e))
        raw = bytearray(base64.b64decode(index[k]))
        raw[-3] ^= 1
        obj["entries"][k] = base64.b64encode(bytes(raw)).decode()
        forged = json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"
        liar = tiny.page(browser, url)
        liar.route(
            "**/api/v1/elections/*/record",
            lambda route: route.fulfill(status=200, body=forged, content_type="application/json"),
        )
        liar.goto(link)
        liar.wait_for_selector("#status .bad")
        assert "does not verify" in liar.inner_text("#status")
        assert liar.locator(".spoiled").count() == 0
        liar.context.close()

        # the page saved to a file checks the record and the device's file off-line
        saved = tmp_path / "checker.html"
        saved.write_bytes((WEB_DIR / "spoiled.html").read_bytes())
        rec = tmp_path / "record.json"
        rec.write_bytes(record)
        good = tmp_path / "spoiled.json"
        good.write_bytes(spoiled[0].payload)
        offline = browser.new_page()
        offline.goto(saved.as_uri())
        offline.set_input_files("#record-file", str(rec))
        offline.set_input_files("#spoiled-file", str(good))
        offline.click("#check-files")
        offline.wait_for_selector(f".spoiled[data-code='{code}'][data-ok=true]")
        assert "entry" in offline.inner_text(".spoiled")
        offline.set_input_files("#spoiled-file", str(bad))
        offline.click("#check-files")
        offline.wait_for_selector(".spoiled[data-ok=false]")
        offline.close()
        client.close()
