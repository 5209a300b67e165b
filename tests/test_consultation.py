"""A consultation (issue #18, docs/ballots.md §4.1) end to end through the real service and the
reference clients: created from its definition, the key ceremony, residents answering the
question (encrypted like every ballot), close, decryption, tally and publication; the result
carries each answer's count and the most-voted answer as the allocation."""

from __future__ import annotations

import json
import random
from pathlib import Path

import httpx

from ceremony_helpers import start
from oylama import ballots, credentials
from oylama.client import ServiceClient, Voter
from oylama.service.testing import run_service
from test_e2e_elections import ROOT, _staff
from test_web_e2e import CHROMIUM, CHROMIUM_ARGS

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the browser part is skipped
    CHROMIUM = Path("/nonexistent")


def test_consultation_end_to_end(sqlite_url: str, tmp_path: Path) -> None:
    text = (ROOT / "ballots" / "tests" / "consultation.toml").read_text(encoding="utf-8")
    definition = ballots.loads(text)
    eid = definition.election.id
    answers = ["evet", "hayir"]
    wanted = ["evet"] * 4 + ["hayir"] * 3
    random.Random(7).shuffle(wanted)
    with run_service(sqlite_url) as url:
        staff = _staff(url)
        staff.create_election(text)
        roll = [
            credentials.RollEntry(voter_id=f"v{k}", district="karsiyaka", line=k + 2)
            for k in range(len(wanted))
        ]
        secret, public = credentials.generate(roll, election_id=eid)
        listed = credentials.dump_public_list(public)
        up = staff.upload_credentials(eid, listed)
        trustees, pins = start(
            staff, url, eid, tmp_path, trustees=2, threshold=2, fingerprint=up.fingerprint
        )
        for _ in range(3):
            for t in trustees:
                t.step()
        assert staff.open(eid).status == "open"
        client = ServiceClient(url)
        for s, answer in zip(secret, wanted, strict=True):
            voter = Voter(client, eid, s.code, pins=pins)
            voter.load()
            (ballot,) = voter.ballots()
            assert ballot.id == "meydan"
            choices = [int(a == answer) for a in answers]
            voter.cast(ballot.id, choices)
        staff.close_election(eid)
        for t in trustees:
            assert t.step() == "partial decryptions posted"
        assert staff.tally(eid).status == "tallied"
        assert staff.publish(eid).status == "published"
        (result,) = staff.result(eid)
        # each answer's count, and the answer with the most votes allocated
        assert result.ballots == len(wanted)
        assert result.scores == [wanted.count("evet"), wanted.count("hayir")]
        assert result.selected == ["evet"]
        # the definition the pages draw from says it is a consultation
        shown = httpx.get(f"{url}/api/v1/elections/{eid}/definition").json()
        assert shown["ballots"][0]["consultation"] is True
        if CHROMIUM.exists():
            # the residents' results page: a question and its answer counts, no budget
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page(base_url=url)
                page.goto(f"/elections/{eid}/results?lang=en")
                page.locator("section.consultation").wait_for()
                section = page.locator("section.consultation")
                assert "Should the pier square be pedestrianised?" in section.inner_text()
                yes = section.locator("tr[data-answer=evet] td").first.inner_text()
                no = section.locator("tr[data-answer=hayir] td").first.inner_text()
                assert (yes, no) == ("4", "3")
                assert "most votes: Yes" in section.inner_text()
                assert "TRY" not in section.inner_text() and "budget" not in section.inner_text()
                # an assembly that discussed an answer is linked from that answer's page
                meeting = {
                    "date": "2026-11-01",
                    "district": "karsiyaka",
                    "attendees": 12,
                    "title": "İskele meclisi",
                    "agenda": [{"text": "Meydan", "projects": ["evet"]}],
                }
                body = json.dumps(meeting).encode()
                staff.request("POST", f"/elections/{eid}/assemblies", body=body)
                page.goto(f"/elections/{eid}/projects/meydan/evet?lang=en")
                page.locator("#assemblies-of").wait_for()
                panel = page.locator("section:has(#assemblies-of)")
                assert "İskele meclisi" in panel.inner_text() and "1" in panel.inner_text()
                panel.locator("a").click()
                page.locator("#agenda").wait_for()
                assert page.locator("h1").inner_text() == "İskele meclisi"
                # the answer's card shows no cost
                page.go_back()
                page.locator("#assemblies-of").wait_for()
                assert page.locator("article.project dd.cost").count() == 0
                browser.close()
        for c in (staff, client, *(t.client for t in trustees)):
            c.close()
