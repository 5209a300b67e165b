"""The residents' pages in Turkish, English and Arabic, at 360 px and desktop (issue #17).

In Debian's Chromium against the real service, one small election goes through its life and
every page a resident sees is opened in each language at each width:

* the public catalogue and a project's own page (no code: filters, search, shareable
  addresses; the vote page links to it);
* Turkish-keyboard code entry (lower case, ``ı``/``İ``, spaces and dashes), a wrong group
  marked with the typed code kept, the code from the letter's QR fragment, the municipality's
  help text;
* every ballot with its schedule in Turkey's time (whatever the machine's zone), countdown,
  budget and one sentence per rule; the review, receipt and "Tamamlandı" screens; the
  verify page with the short fingerprint;
* the results (turnout per area as a share of the eligible, "why not funded" for every
  unfunded project with more votes than a funded one, the CSV download), the board and the
  spoiled-ballot checker.

On every page: axe-core (WCAG 2.x A/AA rules, 2.2 included) finds no serious or critical
violation; every control is at least 44 x 44 CSS px (WCAG 2.5.5's size; a link inside a
sentence is exempt as 2.5.5 allows); Arabic pages are right-to-left. A screenshot of each
goes to tests/artifacts/ (gitignored). Keyboard-only voting of each ballot kind, with the
sticky gauge never covering the focused control, is in tests/test_web_e2e.py.

Skipped without playwright, Chromium, or axe-core (web/node_modules, ``npm ci`` in ``make``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parent / "redteam"))  # the shared helper
import tiny_election as tiny  # noqa: E402

from oylama.service._web_routes import CONTACT_ENV_PREFIX, HELP_ENV_PREFIX  # noqa: E402
from oylama.service.testing import run_service  # noqa: E402
from test_web_e2e import ARTIFACTS, WIDTHS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
LANGS = ("tr", "en", "ar")

pytestmark = [
    pytest.mark.skipif(not tiny.CHROMIUM.exists(), reason="Chromium is missing"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing (cd web && npm ci)"),
]

IST = dt.timezone(dt.timedelta(hours=3))
# closing three days and a bit from now, at 21:00 Turkey time (18:00 UTC: a page that showed
# the machine's zone, UTC here, would say 18:00)
CLOSES = (dt.datetime.now(IST) + dt.timedelta(days=3)).replace(
    hour=21, minute=0, second=0, microsecond=0
)
OPENS = CLOSES - dt.timedelta(days=10)
#: how each language writes 21:00 (Arabic: 12-hour, "9:00 م")
AT = {"tr": "21:00", "en": "21:00", "ar": "9:00"}

DEFINITION = f"""
[election]
id = "sakin-2026"
title.tr = "Mahalle Bütçesi 2026"
title.en = "Neighbourhood Budget 2026"
city = "İzmir"
currency = "TRY"
opens = {OPENS.isoformat()}
closes = {CLOSES.isoformat()}
min_tally_ballots = 1

[[districts]]
id = "merkez"
name = "Merkez"
neighbourhoods = ["Çarşı", "İskele"]

[[districts]]
id = "kuzey"
name = "Kuzey"
neighbourhoods = ["Bayır"]

[[ballots]]
id = "merkez-2026"
title.tr = "Merkez Mahalle Bütçesi"
title.en = "Centre neighbourhood budget"
district = "merkez"
kind = "knapsack"
budget = 1000
min_count = 1
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "M-1"
name.tr = "İskele Meydanı'nın Yeniden Düzenlenmesi ve Gölgelikli Oturma Alanları"
name.en = "Redesign of the pier square with shaded seating"
description.tr = "İskele meydanına gölgelik, bank ve içme suyu çeşmesi."
cost = 700
categories = ["kent", "çevre"]
sdg = ["SDG11"]
latitude = 38.4568
longitude = 27.0951
neighbourhood = "İskele"

[[ballots.projects]]
id = "M-2"
name.tr = "Çarşı Bisiklet Yolu"
name.en = "Market cycle path"
cost = 600
categories = ["ulaşım"]
sdg = ["SDG3", "SDG13"]
latitude = 38.4590
longitude = 27.1012
neighbourhood = "Çarşı"

[[ballots.projects]]
id = "M-3"
name.tr = "Kütüphane Kitap Bağışı"
name.en = "Library books"
cost = 200
categories = ["eğitim"]
sdg = ["SDG4"]
latitude = 38.4601
longitude = 27.0980
neighbourhood = "Çarşı"

[[ballots]]
id = "genel-2026"
title.tr = "Kent Geneli"
title.en = "City-wide"
district = "city-wide"
kind = "approval"
budget = 500
min_count = 1
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "G-1"
name.tr = "Ağaçlandırma"
name.en = "Tree planting"
cost = 300
categories = ["çevre"]
latitude = 38.4700
longitude = 27.0900
neighbourhood = "Bayır"

[[ballots.projects]]
id = "G-2"
name.tr = "Gençlik Merkezi"
name.en = "Youth centre"
cost = 400
categories = ["eğitim"]
"""

#: each ballot's projects in the definition's order (the order of a result's scores)
PROJECTS = {"merkez-2026": ["M-1", "M-2", "M-3"], "genel-2026": ["G-1", "G-2"]}
#: the voters' districts; voter k of the sessions below uses code k
DISTRICTS = ["merkez", "merkez", "merkez", "merkez", "kuzey", "kuzey", "merkez"]
#: knapsack picks (indexes) of the merkez voters, in session order: M-1 and M-2 get two votes
#: each, M-3 one: greedy funds M-1 (700), M-2 (600) no longer fits, M-3 (200) does -- so M-2,
#: with more votes than the funded M-3, must say why it did not win
MERKEZ_PICKS = [[0], [1], [0, 2], [1]]

AXE_RUN = """async () => {
  const r = await axe.run(document, {
    runOnly: { type: 'tag',
               values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  });
  return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary) }));
}"""

SMALL_TARGETS = """() => {
  const small = [];
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button], [tabindex]:not([tabindex="-1"])';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;  // not rendered (a closed <details>)
    if (getComputedStyle(el).visibility === 'hidden') continue;
    // a link inside a sentence is exempt (WCAG 2.5.5 "inline")
    const sentence = el.closest('p, li, dd, td');
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline' && sentence
        && sentence.textContent.trim() !== el.textContent.trim()) continue;
    // a checkbox or radio counts with its label, which is part of the same target
    let box = r;
    if ((el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels.length) {
      const l = el.labels[0].getBoundingClientRect();
      box = { width: Math.max(r.right, l.right) - Math.min(r.left, l.left),
              height: Math.max(r.bottom, l.bottom) - Math.min(r.top, l.top) };
    }
    if (box.width < 43.5 || box.height < 43.5) {
      const what = (el.textContent || el.value || '').trim().slice(0, 30);
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      small.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} "${what}" ${size}`);
    }
  }
  return small;
}"""


@pytest.fixture(scope="module")
def browser() -> Any:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(tiny.CHROMIUM), args=tiny.CHROMIUM_ARGS)
        yield b
        b.close()


def _page(browser: Any, url: str, width: str) -> Any:
    w, h = WIDTHS[width]
    context = browser.new_context(
        viewport={"width": w, "height": h}, base_url=url, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    return page


def _check(page: Any, lang: str, name: str, shot: str) -> None:
    """axe-core, 44 px targets and the text direction on the page as it is; a screenshot."""
    assert page.evaluate("document.documentElement.lang") == lang, name
    want_dir = "rtl" if lang == "ar" else "ltr"
    assert page.evaluate("document.documentElement.dir") == want_dir, name
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())
    bad = [v for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]
    assert bad == [], (name, lang, bad)
    # residents see titles and places, never ballot ids or raw coordinates
    shown = page.inner_text("body")
    for raw in ("merkez-2026", "genel-2026", "38.4568", "27.0951", "38,4568"):
        assert raw not in shown, (name, lang, raw)
    small = page.evaluate(SMALL_TARGETS)
    assert small == [], f"{name} {lang}: controls under 44 px: " + "; ".join(small)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        name,
        lang,
        "the page scrolls sideways",
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"residents-{shot}.png"), full_page=True)


def _catalogue(page: Any, eid: str, lang: str, width: str) -> None:
    page.goto(f"/elections/{eid}/projects?lang={lang}")
    page.wait_for_selector("#catalog-results .cards")
    cards = page.locator("#catalog-results .cards > li")
    assert cards.count() == 5  # every project of every ballot, no code asked
    _check(page, lang, "catalogue", f"{width}-{lang}-catalogue")
    # filters and search narrow the list and live in the address (shareable)
    page.select_option("#f-district", "merkez")
    assert cards.count() == 3
    assert "district=merkez" in page.url
    page.select_option("#f-sort", "cost-asc")
    names = cards.locator("h2").all_inner_texts()
    assert "Kütüphane" in names[0] or "Library" in names[0], names  # 200 before 600 and 700
    page.select_option("#f-district", "")
    page.select_option("#f-category", "eğitim")
    assert cards.count() == 2  # M-3 and G-2
    page.select_option("#f-category", "")
    page.select_option("#f-sdg", "SDG4")
    assert cards.count() == 1
    page.select_option("#f-sdg", "")
    bands = page.locator("#f-max option").all()
    assert len(bands) >= 2  # "any" and at least one "at most"
    page.select_option("#f-max", bands[1].get_attribute("value"))
    assert 0 < cards.count() < 5
    page.select_option("#f-max", "")
    page.select_option("#f-district", "merkez")
    page.fill("#f-q", "iskele")  # folded search: İskele
    assert cards.count() == 1
    page.goto(page.url)  # the filtered address, opened again, shows the same list
    page.wait_for_selector("#catalog-results")
    assert cards.count() == 1
    assert page.locator("#f-q").input_value() == "iskele"
    # a project's own page: every field, the rule, the schedule, a small map
    page.locator("#catalog-results .cards a").first.click()
    page.wait_for_selector("#how-chosen")
    assert page.url.endswith("/projects/merkez-2026/M-1")
    body = page.inner_text("main")
    assert "İskele meydanına gölgelik" in body  # the description (Turkish only: shown to all)
    assert "Merkez" in body and "700" in body  # district and cost
    assert page.locator(".map").count() == 1
    assert page.locator("#closes").count() == 1 and AT[lang] in page.inner_text("#closes")
    _check(page, lang, "project", f"{width}-{lang}-project")


def _typing_while_the_election_loads(browser: Any, url: str, eid: str, fp: str) -> None:
    """The code field is usable before the election has loaded; when it has, the step is drawn
    again (title, schedule) and the resident's field keeps the focus, the caret and what was
    typed: a key pressed then (Enter) must not go nowhere."""
    page = _page(browser, url, "mobile")
    held: list[Any] = []
    # held until released (a lambda: Playwright does not take a bound builtin as a handler)
    page.route("**/manifest", lambda route: held.append(route))  # noqa: PLW0108
    page.goto(f"/elections/{eid}#fp={fp}")
    page.wait_for_selector("#code")
    before = page.inner_text("h1")
    page.click("#code")
    page.keyboard.type("abc")
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_function("t => document.querySelector('h1').textContent !== t", arg=before)
    assert page.evaluate("document.activeElement.id") == "code"
    page.keyboard.type("d")
    assert page.locator("#code").input_value() == "abcd"
    assert page.evaluate("document.getElementById('code').selectionStart") == 4
    page.context.close()


def _code_entry(browser: Any, url: str, eid: str, fp: str, code: str) -> None:
    """Turkish keyboard habits, a wrong group, the QR fragment, the help text (Turkish page)."""
    _typing_while_the_election_loads(browser, url, eid, fp)
    page = _page(browser, url, "mobile")
    page.goto(f"/elections/{eid}#fp={fp}")
    page.wait_for_selector("#code")
    assert page.locator(f"a[href='/elections/{eid}/projects']").count() >= 1  # the catalogue link
    page.click("#code-help > summary")
    assert "Karşıyaka Belediyesi 444 0 035" in page.inner_text("#code-help")
    groups = code.split("-")
    wrong = "-".join([groups[0], groups[1][:-1] + "U", *groups[2:]])  # U is in no code
    page.fill("#code", wrong.lower())
    page.press("#code", "Enter")
    page.wait_for_selector("#code-groups .group.bad")
    assert page.locator("#code").input_value() == wrong.lower()  # what was typed is kept
    assert [
        g.get_attribute("data-group") for g in page.locator("#code-groups .group.bad").all()
    ] == ["2"]
    assert page.evaluate("document.activeElement.id") == "code"
    _check(page, "tr", "code error", "mobile-tr-code-error")
    # lower case, dotless ı for 1 (and İ for 1), spaces and an en dash, as a phone may give it
    assert "1" in code
    typed = code.lower().replace("1", "İ", 1).replace("1", "ı").replace("-", " ", 1)
    typed = typed.replace("-", "\u2013")
    page.fill("#code", "  " + typed + " ")
    page.press("#code", "Enter")
    page.wait_for_selector("[data-ballot], #to-review")
    # leaving with a ballot not yet sent asks first
    if page.locator("button[data-ballot]").count():
        page.locator("button[data-ballot]").first.click()
    page.check("#p0")
    page.click("#to-review")
    page.wait_for_selector("#send")
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert not page.is_closed()  # the resident stayed
    page.context.close()
    # the letter's QR code: the code in the fragment opens the ballots directly
    page = _page(browser, url, "desktop")
    page.goto(f"/elections/{eid}#fp={fp}&code={code}")
    page.wait_for_selector("[data-ballot], #to-review")
    assert "code=" not in page.url  # the code does not stay in the address bar or history
    assert not page.errors, page.errors
    page.context.close()


def _vote(  # noqa: PLR0917 (one resident's session: who, where, in which language)
    page: Any, eid: str, fp: str, code: str, lang: str, width: str, picks: list[int]
) -> list[str]:
    """Every ballot of the code, checking each screen; answers the tracking codes."""
    page.goto(f"/elections/{eid}?lang={lang}#fp={fp}")
    page.wait_for_selector("#code")
    _check(page, lang, "code", f"{width}-{lang}-code")
    page.fill("#code", code)
    page.press("#code", "Enter")
    page.wait_for_selector("[data-ballot], #to-review")
    tracking: list[str] = []
    cast: list[str] = []
    first = True
    while True:
        if page.locator("button[data-ballot]").count():
            if first:
                _check(page, lang, "ballots", f"{width}-{lang}-ballots")
            ids = [
                b.get_attribute("data-ballot") for b in page.locator("button[data-ballot]").all()
            ]
            bid = next(b for b in ids if b not in cast)
            page.click(f"button[data-ballot='{bid}']")
            cast.append(bid)
        page.wait_for_selector("#to-review")
        # schedule, budget and one sentence per rule on every ballot
        assert AT[lang] in page.inner_text("#closes"), page.inner_text("#closes")
        assert CLOSES.strftime("%Y") in page.inner_text("#closes")
        left = page.inner_text("#countdown")
        days = (CLOSES - dt.datetime.now(IST)).days
        assert str(days) in left or str(days + 1) in left, (days, left)
        for part in ("#rules-kind", "#rules-budget", "#rules-rule"):
            assert page.inner_text(part).strip(), part
        assert "greedy" not in page.inner_text("#rules-rule")  # the sentence, not the rule's id
        if first:
            _check(page, lang, "ballot", f"{width}-{lang}-ballot")
        knapsack = page.locator("#budget-text").count() == 1
        for j in picks if knapsack else [0]:
            page.check(f"#p{j}")
        page.click("#to-review")
        page.wait_for_selector("#send")
        if first:
            _check(page, lang, "review", f"{width}-{lang}-review")
        page.click("#send")
        page.wait_for_selector("#receipt-check.ok", timeout=120_000)
        tracking.append(page.inner_text("#receipt-code"))
        if first:
            _check(page, lang, "receipt", f"{width}-{lang}-receipt")
        first = False
        if page.locator("#next-ballot").count():
            page.click("#next-ballot")
            continue
        break
    page.wait_for_selector("#done-list")
    assert page.locator("#done-list li.cast").count() == len(tracking)
    _check(page, lang, "done", f"{width}-{lang}-done")
    # the verify page: the short fingerprint shown large beside the code
    page.goto(f"/elections/{eid}/verify/{tracking[0]}")
    page.wait_for_selector("#proof-ok", timeout=60_000)
    assert page.inner_text(".fingerprint") == "-".join(tracking[0].split("-")[:2])
    _check(page, lang, "verify", f"{width}-{lang}-verify")
    return tracking


def test_residents_pages_in_three_languages(tmp_path: Path, browser: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv(
        f"{HELP_ENV_PREFIX}TR", "Kodunuzu kaybettiyseniz: Karşıyaka Belediyesi 444 0 035."
    )
    monkeypatch.setenv(f"{CONTACT_ENV_PREFIX}TR", "Karşıyaka Belediyesi 444 0 035")
    with run_service(data_dir=tmp_path / "data") as url:
        opened = tiny.open_election(url, DEFINITION, tmp_path, DISTRICTS)
        eid = opened.election_id
        fp = httpx.get(f"{url}/api/v1/elections/{eid}").json()["credentials"]

        for width in WIDTHS:
            for lang in LANGS:
                page = _page(browser, url, width)
                _catalogue(page, eid, lang, width)
                assert not page.errors, page.errors
                page.context.close()

        # a code with a 1 in it, to type as İ and ı (it is not cast with: any voter's will do)
        _code_entry(browser, url, eid, fp, next(c for c in opened.codes if "1" in c))

        merkez = iter(MERKEZ_PICKS)
        voter = 0
        first_codes: list[str] = []
        for width in WIDTHS:
            for lang in LANGS:
                page = _page(browser, url, width)
                picks = next(merkez) if DISTRICTS[voter] == "merkez" else []
                got = _vote(page, eid, fp, opened.codes[voter], lang, width, picks)
                first_codes = first_codes or got
                assert not page.errors, page.errors
                page.context.close()
                voter += 1
        _revote_and_verify(browser, url, eid, fp, opened.codes[0], first_codes)

        tiny.finish(opened)
        result = {r["style"]: r for r in httpx.get(f"{url}/api/v1/elections/{eid}/result").json()}
        merkez_result = result["merkez-2026"]
        assert merkez_result["selected"] == ["M-1", "M-3"]  # the votes above were made for this
        for width in WIDTHS:
            for lang in LANGS:
                page = _page(browser, url, width)
                page.goto(f"/elections/{eid}/results?lang={lang}")
                page.wait_for_selector("figure.chart")
                _results(page, result, lang)
                if lang == "tr" and width == "mobile":
                    _map_labels_scale_with_text(page)
                _check(page, lang, "results", f"{width}-{lang}-results")
                if lang == "tr" and width == "desktop":
                    _csv(page, result)
                page.goto(f"/elections/{eid}/board")
                page.wait_for_selector("#entries table")
                _check(page, lang, "board", f"{width}-{lang}-board")
                page.goto(f"/elections/{eid}/verify")
                page.wait_for_selector("main input")
                _check(page, lang, "verify form", f"{width}-{lang}-verify-form")
                page.goto("/")
                page.wait_for_selector("ul.cards, main p")
                _check(page, lang, "home", f"{width}-{lang}-home")
                page.goto(f"/elections/{eid}/projects")  # the catalogue in every phase
                page.wait_for_selector("#catalog-results .cards")
                assert page.locator(f"a[href='/elections/{eid}/results']").count() >= 1
                _check(page, lang, "catalogue (published)", f"{width}-{lang}-catalogue-published")
                page.goto(f"/elections/{eid}")
                page.wait_for_selector("main .msg")
                _check(page, lang, "closed", f"{width}-{lang}-closed")
                if lang == "tr" and width == "mobile":
                    _axe_sees_a_violation(page)
                if lang == "tr":  # the spoiled-ballot checker: its own page, Turkish / English
                    page.goto(f"/elections/{eid}/spoiled")
                    page.wait_for_selector(
                        "#status p:not(:has-text('indiriliyor'))", timeout=60_000
                    )
                    _check(page, "tr", "spoiled checker", f"{width}-tr-spoiled")
                assert not page.errors, page.errors
                page.context.close()


def _revote_and_verify(  # noqa: PLR0917 (the first voter again, on another device)
    browser: Any, url: str, eid: str, fp: str, code: str, before: list[str]
) -> None:
    """The first voter votes the same choices again on merkez: on the verify page the replaced
    ballot is amber and names whom to contact; the other one stays counted (green)."""
    page = _page(browser, url, "mobile")
    page.goto(f"/elections/{eid}#fp={fp}")
    page.fill("#code", code)
    page.press("#code", "Enter")
    page.click("button[data-ballot='merkez-2026']")
    page.check(f"#p{MERKEZ_PICKS[0][0]}")
    page.click("#to-review")
    page.click("#send")
    page.wait_for_selector("#receipt-check.ok", timeout=120_000)
    amber = 0
    for tracking in before:
        page.goto(f"/elections/{eid}/verify/{tracking}")
        page.wait_for_selector("#proof-ok", timeout=60_000)
        status = page.locator("#ballot-status")
        if "amber" in (status.get_attribute("class") or ""):
            amber += 1
            assert "Karşıyaka Belediyesi 444 0 035" in status.inner_text()
            _check(page, "tr", "verify (replaced)", "mobile-tr-verify-replaced")
        else:
            assert "ok" in (status.get_attribute("class") or "")
    assert amber == 1
    assert not page.errors, page.errors
    page.context.close()


def _map_labels_scale_with_text(page: Any) -> None:
    """The map's numbers are text sized in rem: a resident's larger text makes them larger."""
    size = "parseFloat(getComputedStyle(document.querySelector('.map-label')).fontSize)"
    before = page.evaluate(size)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate(size) == pytest.approx(2 * before, rel=0.05)
    page.evaluate("document.documentElement.style.fontSize = ''")


def _axe_sees_a_violation(page: Any) -> None:
    """The checks above can fail: a nameless button and a tiny one are found."""
    page.evaluate(
        """() => { const b = document.createElement('button'); b.id = 'bad';
                   b.style.cssText = 'width:20px;height:20px';
                   document.getElementById('main').append(b); }"""
    )
    found = {v["id"]: v["impact"] for v in page.evaluate(AXE_RUN)}
    assert found.get("button-name") == "critical", found
    assert any(x.startswith("button#bad") for x in page.evaluate(SMALL_TARGETS))


def _results(page: Any, result: dict[str, Any], lang: str) -> None:
    """Turnout per area, names whole, and why every project that beat a winner did not win."""
    rows = page.locator("#turnout-table tbody tr")
    assert rows.count() == 2
    shares = page.locator("#turnout-table tbody td:nth-child(4)").all_inner_texts()
    # merkez: 4 ballots of 5 eligible (80 %); city-wide: 6 of 7 (85.7 %)
    assert "80" in shares[0] and "85" in shares[1], shares
    for k, (style, ids) in enumerate(PROJECTS.items()):
        r = result[style]
        section = page.locator(f"section[aria-labelledby='b{k}']")
        funded = set(r["selected"])
        score = dict(zip(ids, r["scores"], strict=True))
        lowest_funded = min((score[pid] for pid in funded), default=None)
        assert section.locator("li.bar-row").count() == len(ids)
        # the budget bar is labelled: the share used, each winner's cost, what is left
        caption = section.locator(".budget-chart figcaption").inner_text()
        legend = section.locator(".budget-chart .stack-legend li")
        assert legend.count() == len(funded) + 1, caption
        if lang == "tr" and style == "merkez-2026":
            assert "bütçenin %90'ı" in caption, caption  # 900 of 1000, suffix generated
        # the base map without a tile server: the areas outlined from the election's data
        located = {"merkez-2026": 3, "genel-2026": 1}[style]
        assert section.locator(".map svg circle").count() == located
        assert section.locator(".map svg polygon.area").count() >= 1
        assert section.locator(".map .map-label").count() == located
        for pid in ids:
            row = section.locator(f"li.bar-row[data-project='{pid}']")
            label = row.locator(".bar-label")
            assert label.locator(".cost").inner_text().strip(), pid  # the cost in the label
            # the whole name is visible: wrapped, never cut off with an ellipsis
            assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), pid
            assert (row.locator(".funded-mark").count() == 1) == (pid in funded)
        beaten = [
            pid
            for pid in ids
            if pid not in funded and lowest_funded is not None and score[pid] > lowest_funded
        ]
        for pid in beaten:
            why = section.locator(f"li.bar-row[data-project='{pid}'] .why").inner_text()
            assert why.strip(), pid
            if lang == "tr":
                assert "bütçeye sığmadı" in why, why
    assert page.locator("section[aria-labelledby='b0'] .why").count() >= 1  # M-2 above


def _csv(page: Any, result: dict[str, Any]) -> None:
    with page.expect_download() as got:
        page.click("#csv")
    text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 5
    by_name = {r[1]: r for r in rows[1:]}
    m2 = by_name["Çarşı Bisiklet Yolu"]
    assert m2[2] == str(result["merkez-2026"]["scores"][1]) and m2[4] == "Hayır"
    assert m2[5] == "bütçeye sığmadı"
    assert by_name["Kütüphane Kitap Bağışı"][4] == "Evet"
