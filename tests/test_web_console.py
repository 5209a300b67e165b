"""The staff console in Chromium: a whole election from an empty draft to the published result.

Staff use the console alone (issue #16): the admin signs in at /staff and creates a staff
account; the staff member signs in, fills in the new-election forms (a wrong amount is shown
next to its field with the loader's message), imports projects from a CSV (a bad row is reported
by row and column, and nothing changes), uploads a photo, uploads the credential list, starts
the key ceremony with the trustees' identity keys and hands the shown tokens to the trustees
(who run the reference trustee client, as `oylama trustee` does), opens voting, watches the
turnout while residents vote in the residents' page, closes, tallies and publishes -- on SQLite
at 360 px and on PostgreSQL at desktop width. Every console page is checked with axe-core (0
serious or critical violations). Screenshots of each step go to tests/artifacts/console-*.png
(the step list is in docs/console.md).
"""

from __future__ import annotations

import base64
import io
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ceremony_helpers import make_identities, pins_of
from oylama import credentials
from oylama.client import ServiceClient, Trustee, load_identity
from oylama.election import decode_manifest
from oylama.service._web_routes import TILE_URL_ENV
from test_web_e2e import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    WIDTHS,
    _vote_in_browser,
    sync_api,
)

try:
    from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
except ImportError:  # pragma: no cover
    pytest.skip("the election service is not there", allow_module_level=True)

PIL = pytest.importorskip("PIL.Image")

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
EID = "konak-2027"
CLERK = "clerk"
CLERK_PASSWORD = "clerk-password-for-tests"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium is missing: apt-get install -y chromium"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _page(browser: Any, url: str, width: str) -> Any:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, base_url=url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    return page


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=True)


def _axe(page: Any, where: str) -> None:
    """axe-core injected into the page: no serious or critical violation."""
    if not AXE.exists():
        pytest.skip("axe-core is missing: cd web && npm ci")
    # evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    bad = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not bad, (where, bad)


def _fill(page: Any, field: str, value: str) -> None:
    page.locator(f'[data-field="{field}"]').fill(value)
    page.locator(f'[data-field="{field}"]').dispatch_event("change")


def _confirm(page: Any, action: str) -> None:
    page.click(f"#do-{action}")
    page.click("#confirm-yes")  # the message says "loading" until the answer is drawn
    page.wait_for_function(
        "() => document.querySelector('#lifecycle-msg.error') || "
        "(document.querySelector('#page-note') && !document.querySelector('#lifecycle-msg')"
        ".textContent)",
        timeout=120_000,
    )


def _photo(path: Path) -> Path:
    image = PIL.new("RGB", (64, 48), (30, 120, 200))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    path.write_bytes(buf.getvalue())
    return path


# each width once, each database once: two browser runs keep CI's budget
@pytest.mark.parametrize(("width", "database"), [("mobile", "sqlite"), ("desktop", "postgresql")])
def test_staff_run_an_election_in_the_console(  # noqa: PLR0917 (pytest passes fixtures by name)
    width: str,
    database: str,
    tmp_path: Path,
    browser: Any,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db_url = request.getfixturevalue("sqlite_url" if database == "sqlite" else "pg_url")
    with run_service(db_url) as url:
        # a tile server for the location picker: the service's own address (its tiles answer
        # 404, which leaves the map blank but lets Leaflet place clicks)
        monkeypatch.setenv(TILE_URL_ENV, f"{url}/tiles/{{z}}/{{x}}/{{y}}.png")
        page = _page(browser, url, width)
        tag = width
        # 1. the admin signs in and creates the staff account
        page.goto("/staff")
        page.wait_for_selector("#sign-in")
        _axe(page, "sign-in")
        _shot(page, f"{tag}-01-sign-in")
        page.fill("#username", ADMIN)
        page.fill("#password", "wrong password")
        page.click("#sign-in")
        page.wait_for_selector("#sign-in-error:has-text('wrong')")
        page.fill("#password", ADMIN_PASSWORD)
        page.click("#sign-in")
        page.wait_for_selector("#accounts-link")
        page.click("#accounts-link")
        page.wait_for_selector("#create-account")
        page.fill("#new-username", CLERK)
        page.fill("#new-password", CLERK_PASSWORD)
        page.select_option("#new-role", "staff")
        page.click("#create-account")
        page.wait_for_selector(f"th:has-text('{CLERK}')")
        _axe(page, "accounts")
        _shot(page, f"{tag}-02-accounts")
        page.click("#sign-out")
        page.wait_for_selector("#sign-in")

        # 2. the staff member signs in and fills in a new election
        page.fill("#username", CLERK)
        page.fill("#password", CLERK_PASSWORD)
        page.click("#sign-in")
        page.wait_for_selector("#new-election")
        page.click("#new-election")
        page.wait_for_selector("#save")
        _fill(page, "election.id", EID)
        _fill(page, "election.title.tr", "Konak mahalle bütçesi")
        _fill(page, "election.title.en", "Konak neighbourhood budget")
        _fill(page, "election.city", "İzmir")
        _fill(page, "election.min_tally_ballots", "1")
        _fill(page, "districts[0].id", "alsancak")
        _fill(page, "districts[0].name", "Alsancak")
        page.click("#add-district")
        _fill(page, "districts[1].id", "goztepe")
        _fill(page, "districts[1].name", "Göztepe")
        page.select_option('[data-field="ballots[0].district"]', "alsancak")
        _fill(page, "ballots[0].id", "alsancak")
        _fill(page, "ballots[0].title.tr", "Alsancak projeleri")
        _fill(page, "ballots[0].budget", "1000000")
        assert "most supported" in page.inner_text(
            "#f-ballots-0-rule-sentence"
        ) or "En çok oy" in page.inner_text("#f-ballots-0-rule-sentence")
        _fill(page, "ballots[0].projects[0].id", "A-01")
        _fill(page, "ballots[0].projects[0].name.tr", "Kordon'a gölgelik")
        _fill(page, "ballots[0].projects[0].cost", "250.000,50")  # a decimal comma
        _fill(page, "ballots[0].projects[0].sdg", "SDG11, SDG13")
        _fill(page, "ballots[0].projects[0].audience", "çocuklar, yaşlılar")
        _fill(page, "ballots[0].projects[0].start", "2027-06-01")
        _fill(page, "ballots[0].projects[0].address", "Kordon boyu, Alsancak")
        # the location: typed, then corrected by a click on the map 60 px east of it
        _fill(page, "ballots[0].projects[0].latitude", "38.4381")
        _fill(page, "ballots[0].projects[0].longitude", "27.1418")
        page.click("#f-ballots-0-projects-0-pick")
        page.wait_for_selector("#f-ballots-0-projects-0-map.leaflet-container")
        page.wait_for_selector("#f-ballots-0-projects-0-map path.leaflet-interactive")
        marker = page.locator("#f-ballots-0-projects-0-map path.leaflet-interactive").bounding_box()
        assert marker is not None
        page.mouse.click(marker["x"] + marker["width"] / 2 + 60, marker["y"] + marker["height"] / 2)
        picked_lat = float(page.input_value('[data-field="ballots[0].projects[0].latitude"]'))
        picked_lon = float(page.input_value('[data-field="ballots[0].projects[0].longitude"]'))
        assert abs(picked_lat - 38.4381) < 0.0005, picked_lat  # same row of pixels
        assert 27.1418 < picked_lon < 27.1418 + 0.01, picked_lon  # east, within a zoom-16 view
        page.click("#save")
        # the loader's message, next to the cost field; nothing was created
        page.wait_for_selector("#errors li")
        summary = page.inner_text("#errors")
        assert "ballots[0].projects[0].cost" in summary, summary
        error = page.locator("#f-ballots-0-projects-0-cost-error")
        assert error.inner_text() in summary, (error.inner_text(), summary)
        assert (
            page.locator('[data-field="ballots[0].projects[0].cost"]').get_attribute("aria-invalid")
            == "true"
        )
        _axe(page, "new election with an error")
        _shot(page, f"{tag}-03-field-error")
        with ServiceClient(url) as anon:
            assert all(e.id != EID for e in anon.elections())
        _fill(page, "ballots[0].projects[0].cost", "250000.50")
        page.click("#save")
        page.wait_for_selector("#lifecycle, #errors li >> nth=0")
        assert page.locator("#lifecycle").count() == 1, page.inner_text("#errors")
        assert page.url.endswith(f"/staff/elections/{EID}")
        _axe(page, "draft election")
        _shot(page, f"{tag}-04-draft")

        # 3. projects from a CSV: a bad row is reported by row and column; then a good file
        bad = tmp_path / "bad.csv"
        bad.write_text("id,name_tr,cost\nA-02,Park,100000\nA-03,Kütüphane,çok\n", encoding="utf-8")
        page.set_input_files("#import-file", str(bad))
        page.click("#import-go")
        page.wait_for_selector("#import-report table")
        report = page.inner_text("#import-report")
        assert "3" in report and "cost" in report, report
        _axe(page, "import report")
        _shot(page, f"{tag}-05-import-errors")
        good = tmp_path / "projects.csv"
        good.write_text(
            "id,name_tr,name_en,cost,categories,sdg\n"
            "A-02,Park,Park,300000,yeşil,SDG11\n"
            "A-03,Kütüphane,Library,450000,kültür;eğitim,SDG4\n",
            encoding="utf-8",
        )
        page.set_input_files("#import-file", str(good))
        page.click("#import-go")
        page.wait_for_selector("#page-note")
        assert page.locator('[data-field="ballots[0].projects[2].id"]').input_value() == "A-03"

        # 4. one photo for the first project, saved with the settings
        page.set_input_files("#f-ballots-0-projects-0-photo", str(_photo(tmp_path / "p.png")))
        page.wait_for_selector('[data-field="ballots[0].projects[0].photos"] img')
        page.click("#save")
        page.wait_for_selector("#page-note")
        img = page.locator('[data-field="ballots[0].projects[0].photos"] img').first
        assert img.evaluate("el => el.complete && el.naturalWidth") == 64
        _shot(page, f"{tag}-06-projects-photo")
        # the residents' ballot, previewed at a phone's and a desktop's width
        page.click("#show-preview")
        # the residents' own choosing step, framed at a phone's and a desktop's width
        for kind in ("phone", "desktop"):
            frame = page.frame_locator(f"iframe.preview-{kind}").first
            frame.locator("#preview-note").wait_for()
            names = frame.locator(".card h3").all_inner_texts()
            assert names == ["Kordon'a gölgelik", "Park", "Kütüphane"], names
            frame.locator("#gauge").wait_for()  # the budget gauge residents see
            # the uploaded photo, on the residents' own card, from the service by its digest
            pic = frame.locator(".card img.photo").first
            assert "/photos/" in (pic.get_attribute("src") or "")
            pic.evaluate(
                "i => new Promise(ok => i.complete ? ok() : i.addEventListener('load', ok))"
            )
            assert pic.evaluate("i => i.naturalWidth") == 64
        # choosing works as for residents, but nothing can be sent from the preview
        frame = page.frame_locator("iframe.preview-phone").first
        frame.locator("#p1").check()
        assert frame.locator("#p1").is_checked()
        frame.locator("#to-review").click()
        frame.locator("#choose-error:not(:empty)").wait_for()
        said = frame.locator("#choose-error").inner_text().lower()
        assert "önizleme" in said or "preview" in said, said
        assert frame.locator("#to-review").count() == 1  # still the choosing step
        _axe(page, "preview")
        _shot(page, f"{tag}-06b-preview")

        # 5. the credential list made off-line by the credential authority
        roll = [
            credentials.RollEntry(voter_id=f"v{k}", district=d, line=k + 2)
            for k, d in enumerate(["alsancak"] * 4)
        ]
        secret, public = credentials.generate(roll, election_id=EID)
        listed = credentials.dump_public_list(public)
        (tmp_path / "credentials.txt").write_bytes(listed)
        page.set_input_files("#credentials-file", str(tmp_path / "credentials.txt"))
        page.click("#upload-credentials")
        page.wait_for_selector("#voter-count, #credentials-error:not(:empty)")
        assert page.locator("#voter-count").count() == 1, page.inner_text("#credentials-error")
        assert credentials.fingerprint(listed) in page.inner_text("#voter-count")
        _shot(page, f"{tag}-07-voter-roll")

        # 6. the key ceremony: the trustees' identity keys in, the tokens out
        paths, keys = make_identities(tmp_path / "trustees", 3)
        page.fill("#trustees", "3")
        page.fill("#threshold", "2")
        page.fill("#trustee-keys", "\n".join(base64.b64encode(k).decode() for k in keys))
        page.click("#start-ceremony")
        page.wait_for_selector("#tokens")
        tokens = page.locator("#tokens code").all_inner_texts()
        assert len(tokens) == 3
        assert page.locator("#frozen").is_visible()
        _axe(page, "ceremony")
        _shot(page, f"{tag}-08-ceremony-tokens")
        with ServiceClient(url) as anon:
            pins = pins_of(anon, EID, keys, credentials.fingerprint(listed))
        trustees = [
            Trustee.init(
                ServiceClient(url, token=token),
                EID,
                tmp_path / f"t{i}.json",
                identity=load_identity(paths[i - 1]),
                pins=pins,
            )
            for i, token in enumerate(tokens, start=1)
        ]
        for _ in range(3):
            for t in trustees:
                t.step()
        assert not page.errors, page.errors
        # tallying before voting has even opened is refused, with the reason
        _confirm(page, "tally")
        assert "open" in page.inner_text("#lifecycle-msg") or "closed" in page.inner_text(
            "#lifecycle-msg"
        )
        _confirm(page, "open")
        assert page.inner_text("#status-text") in ("oylama açık", "voting open")
        page.wait_for_selector("#turnout")
        _axe(page, "open")
        _shot(page, f"{tag}-09-open")

        # 7. residents vote in the residents' page; the turnout follows (never a count)
        with ServiceClient(url) as anon:
            manifest = decode_manifest(anon.manifest_bytes(EID))
        styles = {b.id: b.ballot_style() for b in manifest.ballots}
        rng = random.Random(f"console/{width}")
        for s in secret[:2]:
            resident = _page(browser, url, width)
            _vote_in_browser(
                resident,
                url,
                EID,
                s.code,
                ["alsancak"],
                "approval",
                styles,
                rng,
                spoil_first=False,
                shots=None,
            )
            resident.context.close()
        page.reload()
        page.wait_for_selector("#turnout")
        rows = page.locator("#turnout tbody tr").all_inner_texts()
        assert any(r.split() == ["alsancak", "2", "4"] for r in rows), rows
        _shot(page, f"{tag}-10-turnout")

        # 8. close, trustees decrypt, tally, publish
        _confirm(page, "close")
        for t in trustees[:2]:
            t.step()
        _confirm(page, "tally")
        _confirm(page, "publish")
        assert page.inner_text("#status-text") in ("yayımlandı", "published")
        _axe(page, "published")
        _shot(page, f"{tag}-11-published")
        # the ballot's projects as a Pabulib file, downloaded from the console
        with page.expect_download() as got:
            page.locator("a[data-export='pabulib']").first.click()
        pb = Path(got.value.path()).read_text(encoding="utf-8")
        assert pb.startswith("META") and "PROJECTS" in pb and "Kordon'a gölgelik" in pb, pb[:300]
        page.click(f"a[href='/elections/{EID}/results']")
        page.wait_for_selector("figure.chart")
        # the residents' results: one labelled bar per project
        assert page.locator("figure.chart li.bar-row").count() == 3
        _shot(page, f"{tag}-12-results")
        assert not page.errors, page.errors


def test_staff_load_a_definition_file(tmp_path: Path, browser: Any, sqlite_url: str) -> None:
    """A definition written as TOML (the CLI's form) loaded in the console: a broken file is
    refused with the loader's message and creates nothing; the example file creates its
    election, which the console then shows."""
    example = ROOT / "ballots" / "izmir-karsiyaka-2026.toml"
    text = example.read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    assert "\nbudget = " in text
    broken.write_text(text.replace("\nbudget = ", "\nbudjet = ", 1), encoding="utf-8")
    with run_service(sqlite_url) as url:
        with ServiceClient(url) as admin:
            admin.login(ADMIN, ADMIN_PASSWORD)
            admin.create_account(CLERK, CLERK_PASSWORD, "staff")
        page = _page(browser, url, "desktop")
        page.goto("/staff")
        page.fill("#username", CLERK)
        page.fill("#password", CLERK_PASSWORD)
        page.click("#sign-in")
        page.click("#new-election")
        page.wait_for_selector("#toml-file")
        page.set_input_files("#toml-file", str(broken))
        page.click("#toml-go")
        page.wait_for_selector("#errors li")
        assert "budjet" in page.inner_text("#errors"), page.inner_text("#errors")
        with ServiceClient(url) as anon:
            assert all(e.id != "izmir-karsiyaka-2026" for e in anon.elections())
        page.set_input_files("#toml-file", str(example))
        page.click("#toml-go")
        page.wait_for_selector("#lifecycle")
        assert page.url.endswith("/staff/elections/izmir-karsiyaka-2026"), page.url
        assert "Karşıyaka" in page.inner_text("h1")
        _axe(page, "definition loaded")
        assert not page.errors, page.errors
