"""Red team, issue #13 item 8: the Benaloh check was verified by the code that encrypted.

A cheating device -- here the residents' page with a tampered crypto bundle, served to
Chromium in place of the real one -- encrypts other choices than the voter made, and its own
Benaloh check lies: it shows the voter's choices and "check passed". Spoiled ballots were not
published and no independent checker existed, so nothing caught it. Now the page publishes the
spoiled ballot, and the checker page on another device (its own code, not the bundle that
lied) shows what the ballot really held; ``oylama-audit spoiled`` agrees. A device that instead
publishes an opening of the voter's choices that the ciphertexts do not hold is refused by the
service (the opening must re-encrypt), so the checker finds nothing under the tracking code the
device showed -- also a discovery.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tiny_election as tiny

from oylama.client import ServiceClient
from oylama.service._web_routes import WEB_DIR
from oylama.service.testing import run_service
from oylama_audit.cli import main as audit

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(not tiny.CHROMIUM.exists(), reason="Chromium is missing")

DEFINITION = """
[election]
id = "cheating-device"
title.tr = "Hileli cihaz"
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

#: The voter picks P-1 and P-2; the cheating device drops P-1 from what it encrypts.
CHOSEN = [1, 1, 0]
ENCRYPTED = [0, 1, 0]


def _once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def cheating_bundle(*, forge_opening: bool) -> str:
    """The committed crypto bundle, made to cheat: it encrypts project 0 flipped, and its
    Benaloh check reports the voter's choices as passed. Without ``forge_opening`` the spoiled
    ballot it publishes is the true opening; with it, the opening claims the voter's choices
    (with the true randomness, which then does not re-encrypt) and the check checks nothing."""
    js = (WEB_DIR / "oylama-crypto.js").read_text(encoding="utf-8")
    js = _once(
        js,
        "  choices = [...choices];\n",
        "  choices = [...choices];\n  choices[0] = 1 - choices[0];\n",
    )
    if not forge_opening:
        return _once(
            js,
            "  return { choices: spoiled.choices, trackingCode:",
            "  return { choices: spoiled.choices.map((x, j) => (j === 0 ? 1 - x : x)), "
            "trackingCode:",
        )
    js = _once(
        js,
        "    choices: secrets.choices,\n",
        "    choices: secrets.choices.map((x, j) => (j === 0 ? 1 - x : x)),\n",
    )
    return _once(
        js,
        "function verifySpoiled(styleIn, H, spoiled, { context, credential }) {\n",
        "function verifySpoiled(styleIn, H, spoiled, { context, credential }) {\n"
        "  return { choices: spoiled.choices, "
        "trackingCode: formatTrackingCode(trackingCode(spoiled.ballot)) };\n",
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(tiny.CHROMIUM), args=tiny.CHROMIUM_ARGS)
        yield b
        b.close()


def _spoil_on_cheating_device(browser: Any, url: str, eid: str, code: str, js: str) -> Any:
    page = tiny.page(browser, url)
    page.route(
        "**/_web/oylama-crypto.*.js",  # the content-hashed URL the page imports
        lambda route: route.fulfill(status=200, body=js, content_type="text/javascript"),
    )
    page.goto(f"/elections/{eid}")
    page.fill("#code", code)
    page.press("#code", "Enter")
    page.wait_for_selector("#to-review")
    for j, x in enumerate(CHOSEN):
        if x:
            page.check(f"#p{j}")
    page.click("#to-review")
    page.click("#check-first-box > summary")
    page.click("#check-first")
    page.wait_for_selector("#cast", timeout=120_000)
    shown_code = page.inner_text("#tracking-code")
    page.click("#spoil")
    # the device's own check lies: "passed", with the voter's choices
    page.wait_for_selector("#spoil-result.ok")
    revealed = page.inner_text(".panel ul")
    assert "Çeşme" in revealed and "Bank" in revealed
    page.click("#publish-spoiled")
    page.shown_code = shown_code
    return page


def test_a_lying_device_is_caught_by_the_independent_checker(tmp_path: Path, browser: Any) -> None:
    with run_service(data_dir=tmp_path / "data") as url:
        el = tiny.open_election(url, DEFINITION, tmp_path, ["city-wide"] * 2)
        eid = el.election_id

        # 1. The device publishes the true opening of what it encrypted.
        page = _spoil_on_cheating_device(
            browser, url, eid, el.codes[0], cheating_bundle(forge_opening=False)
        )
        page.wait_for_selector("#spoil-published", timeout=60_000)
        link = page.get_attribute("#check-elsewhere", "href")
        code = page.shown_code
        page.context.close()
        other = tiny.page(browser, url)  # another device: the real pages, no tampering
        other.goto(link)
        other.wait_for_selector(f".spoiled[data-code='{code}']", timeout=60_000)
        cells = other.locator(f".spoiled[data-code='{code}'] tbody td.num")
        shown = [int(cells.nth(k).inner_text()) for k in range(cells.count())]
        assert shown == ENCRYPTED != CHOSEN  # the voter sees P-1 is not in their ballot
        other.context.close()
        record = tmp_path / "record.json"
        client = ServiceClient(url)
        record.write_bytes(client.record(eid))
        assert audit(["spoiled", str(record), "--json"]) == 0
        # (the auditor's own code agrees: the published ballot holds ENCRYPTED)

        # 2. The device forges an opening of the voter's choices: the service refuses it, and
        # the checker finds no spoiled ballot under the code the device showed.
        page = _spoil_on_cheating_device(
            browser, url, eid, el.codes[1], cheating_bundle(forge_opening=True)
        )
        page.wait_for_selector("#spoil-publish-error", timeout=60_000)
        assert "does not check" in page.inner_text("#spoil-publish-error")
        forged_code = page.shown_code
        page.context.close()
        other = tiny.page(browser, url)
        other.goto(f"/elections/{eid}/spoiled/{forged_code}")
        other.wait_for_selector("#status p.bad", timeout=60_000)
        assert "No spoiled ballot" in other.inner_text("#status")
        other.context.close()
        client.close()


def test_auditor_reads_what_the_ballot_held(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The committed record vector's spoiled ballot, through ``oylama-audit spoiled --json``:
    the choices printed are the ones the ciphertexts hold (the vector lists them)."""
    vector = json.loads(
        (Path(__file__).resolve().parents[2] / "docs/spec/vectors/record.json").read_text()
    )
    path = tmp_path / "record.json"
    path.write_text(vector["record_text"], encoding="utf-8")
    assert audit(["spoiled", str(path), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert [(s["tracking_code"], s["choices"], s["ok"]) for s in got["spoiled"]] == [
        (s["code"], s["choices"], True) for s in vector["spoiled"]
    ]
