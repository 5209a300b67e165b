"""Red team, issue #13 item 9: project names reached Leaflet's tooltip as HTML.

Staff (or whoever wrote the ballot definition) name a project
``<img src=x onerror="...">``; on the results page with a tile server configured, Leaflet
wrote the marker's tooltip with ``innerHTML``, so the handler ran on the voting origin (the
page's CSP blocked the inline handler, but the markup was in the page, and any script gadget
could be). Now the tooltip gets a DOM node holding a text node and the attribution is escaped:
the test hovers each marker in Chromium and checks the tooltip shows the name's characters,
holds no element, and that nothing ran.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tiny_election as tiny

from oylama.client import ServiceClient, Voter, random_choices
from oylama.service._web_routes import TILE_ATTRIBUTION_ENV, TILE_URL_ENV
from oylama.service.testing import run_service

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(not tiny.CHROMIUM.exists(), reason="Chromium is missing")

EVIL = "<img src=x onerror=\"document.title='pwned';window.__pwned=1\">"
BOLD = "Bank <b>bold</b> & co"
EVIL_ATTRIBUTION = '<img src=y onerror="window.__pwned_attribution=1">© tiles'

DEFINITION = f"""
[election]
id = "map-html"
title.tr = "Harita"
city = "İzmir"
currency = "TRY"
min_tally_ballots = 1

[[ballots]]
id = "genel"
title.tr = "Genel"
district = "city-wide"
kind = "approval"
budget = 1000
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "1"
name.tr = {json.dumps(EVIL)}
cost = 400
latitude = 38.4568
longitude = 27.0951

[[ballots.projects]]
id = "2"
name.tr = {json.dumps(BOLD)}
cost = 300
latitude = 38.4601
longitude = 27.1012
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(tiny.CHROMIUM), args=tiny.CHROMIUM_ARGS)
        yield b
        b.close()


def test_project_names_are_text_in_leaflet_tooltips(
    tmp_path: Path, browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with run_service(data_dir=tmp_path / "data") as url:
        el = tiny.open_election(url, DEFINITION, tmp_path, ["city-wide"] * 2)
        rng = random.Random("map-html")
        for code in el.codes:
            voter = Voter(ServiceClient(url), el.election_id, code)
            for b in voter.ballots():
                voter.cast(b.id, random_choices(b.ballot_style(), rng))
        tiny.finish(el)

        monkeypatch.setenv(TILE_URL_ENV, f"{url}/tiles/{{z}}/{{x}}/{{y}}.png")
        monkeypatch.setenv(TILE_ATTRIBUTION_ENV, EVIL_ATTRIBUTION)
        page = tiny.page(browser, url)
        page.goto(f"/elections/{el.election_id}/results")
        page.wait_for_selector(".leaflet-container")
        page.wait_for_selector(".leaflet-overlay-pane path")
        markers = page.locator(".leaflet-overlay-pane path.leaflet-interactive")
        assert markers.count() == 2
        shown = []
        for k in range(2):
            markers.nth(k).dispatch_event("mouseover")
            tip = page.locator(".leaflet-tooltip").last
            tip.wait_for(state="visible")
            shown.append(tip.inner_text())
            assert tip.locator("img, b").count() == 0
        assert any(EVIL in s for s in shown), shown
        assert any(BOLD in s for s in shown), shown
        attribution = page.locator(".leaflet-control-attribution")
        assert EVIL_ATTRIBUTION in attribution.inner_text()
        assert attribution.locator("img").count() == 0
        assert page.locator("img[src='x'], img[src='y']").count() == 0  # (tiles are images)
        assert page.evaluate("[window.__pwned, window.__pwned_attribution]") == [None, None]
        assert page.title() != "pwned"
        assert not page.errors, page.errors
        page.context.close()
