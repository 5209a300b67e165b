"""Whole elections in which residents vote through the web page, one per ballot kind.

The real service runs under uvicorn (with the pages' routes); staff and trustees act through
the reference clients; residents type their codes into the page in a real (headless)
Chromium, choose, encrypt, prove and sign in the browser, spoil once (Benaloh), cast, and get
a receipt the page checks against the signed checkpoint. The test then verifies the page's
ballots itself from the board with oylama's Python verifier, closes, lets two trustees
decrypt, publishes, and checks that the results page shows the published outcome. On the
knapsack ballot it checks that overspending is impossible in the UI. Screenshots of every
page at 360 px and desktop width go to tests/artifacts/ (gitignored).

Skipped when playwright or Chromium is missing, or when the service does not have the
election API yet.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ceremony_helpers import start
from oylama import ballots, credentials
from oylama.board import EntryKind, decode_entry
from oylama.client import ServiceClient, Voter, random_choices
from oylama.crypto import (
    EncryptedBallot,
    Point,
    format_tracking_code,
    from_json,
    tracking_code,
    verify_ballot,
)
from oylama.election import BallotPayload, decode_manifest, decode_payload

try:
    from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
except ImportError:  # pragma: no cover - the election service has not landed
    pytest.skip(
        "the election service (accounts, testing) is not there yet", allow_module_level=True
    )

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (.venv/bin/pip install playwright)"
)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "staff-password-for-tests"
KINDS = ["knapsack", "approval", "cumulative", "quadratic"]
WIDTHS = {"mobile": (360, 780), "desktop": (1280, 900)}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium is missing: apt-get install -y chromium"
)


@contextmanager
def _service(tmp_path: Path) -> Iterator[str]:
    """The whole service on SQLite (``oylama.service.testing.run_service``: create_app mounts
    the pages' ``WEB_ROUTES``)."""
    with run_service(data_dir=tmp_path / "data") as url:
        yield url


def _staff(url: str) -> ServiceClient:
    admin = ServiceClient(url)
    admin.login(ADMIN, ADMIN_PASSWORD)
    admin.create_account("staff", PASSWORD, "staff")
    admin.close()
    staff = ServiceClient(url)
    staff.login("staff", PASSWORD)
    return staff


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _page(browser: Any, url: str, width: str = "mobile") -> Any:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, base_url=url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    return page


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _choose(page: Any, kind: str, style: Any, rng: random.Random) -> list[int]:
    """Make valid choices on the page (as a resident would: clicks); return them."""
    n = style.projects
    if kind in ("approval", "knapsack"):
        chosen: list[int] = []
        for j in rng.sample(range(n), n):
            box = page.locator(f"#p{j}")
            if not box.is_disabled() and len(chosen) < (style.max_count or n):
                box.check()
                chosen.append(j)
            if len(chosen) >= max(1, style.min_count) and rng.random() < 0.5:
                break
        return [1 if j in chosen else 0 for j in range(n)]
    # steppers: press "+" (or "−" for signed) while allowed
    values = [0] * n
    for _ in range(3 * n):
        j = rng.randrange(n)
        sign = -1 if (style.signed and rng.random() < 0.4) else 1
        button = (
            page.locator(f"#p{j}-value")
            .locator("xpath=..")
            .locator("button")
            .nth(0 if sign < 0 else 1)
        )
        if button.is_disabled():
            continue
        button.click()
        values[j] += sign
    return values


def _choose_by_keyboard(page: Any, kind: str, style: Any) -> list[int]:
    """Choose with the keyboard only (Tab and Space/Enter), as a resident without a mouse:
    the first allowed control of the first projects; answers the choices made. Every focused
    control stays clear of the sticky gauge (WCAG 2.2 focus not obscured)."""
    n = style.projects
    values = [0] * n
    page.locator("h1").focus()
    wanted = max(1, style.min_count) if kind in ("approval", "knapsack") else 2
    for _ in range(12 * n):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => {
              const el = document.activeElement;
              const g = document.getElementById('gauge').getBoundingClientRect();
              const r = el.getBoundingClientRect();
              return { id: el.id, label: el.getAttribute('aria-label') || '', tag: el.tagName,
                       covered: r.top < g.bottom - 1 && r.bottom > g.top + 1,
                       disabled: el.disabled };
            }"""
        )
        assert not info["covered"], info
        if info["id"] == "to-review":
            break
        if (
            kind in ("approval", "knapsack")
            and info["id"].startswith("p")
            and info["tag"] == "INPUT"
        ):
            j = int(info["id"][1:])
            if sum(values) < wanted and not info["disabled"]:
                page.keyboard.press("Space")
                values[j] = 1
        elif kind in ("cumulative", "quadratic") and info["tag"] == "BUTTON" and info["label"]:
            plus = info["label"].endswith("bir artır")
            j = int(
                page.evaluate("document.activeElement.parentElement.querySelector('output').id")[
                    1:
                ].split("-")[0]
            )
            if plus and sum(1 for v in values if v) < wanted and values[j] == 0:
                page.keyboard.press("Enter")
                values[j] += 1
    assert page.evaluate("document.activeElement.id") == "to-review"
    assert sum(1 for v in values if v) == wanted
    return values


def _tab_to(page: Any, selector: str, limit: int = 60) -> None:
    """Press Tab (from the page's heading) until ``selector`` has the focus, as a resident
    without a mouse would reach it."""
    page.locator("h1").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reaches {selector}")


def _vote_in_browser(  # noqa: PLR0917 (a test helper: the resident's whole session)
    page: Any,
    url: str,
    eid: str,
    code: str,
    ballot_ids: list[str],
    kind: str,
    styles: dict[str, Any],
    rng: random.Random,
    *,
    spoil_first: bool,
    shots: str | None,
    keyboard: bool = False,
) -> dict[str, tuple[str, list[int]]]:
    """One resident votes every ballot on the page; returns ballot id -> (code, choices)."""
    page.goto(f"/elections/{eid}")
    page.wait_for_selector("#code")
    if shots:
        _shot(page, f"{shots}-code")
    # a mistyped code (one changed symbol) is refused by the check symbol, locally
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    page.fill("#code", wrong)
    page.press("#code", "Enter")
    page.wait_for_selector("#code-error")
    page.fill("#code", code.lower())
    page.press("#code", "Enter")
    out: dict[str, tuple[str, list[int]]] = {}
    for k, bid in enumerate(ballot_ids):
        if len(ballot_ids) > 1:
            page.wait_for_selector(f"[data-ballot='{bid}']")
            if keyboard and k == 0:
                _tab_to(page, f"[data-ballot='{bid}']")
                page.keyboard.press("Enter")
            else:
                page.click(f"[data-ballot='{bid}']")
        page.wait_for_selector("#to-review")
        if keyboard and k == 0:
            choices = _choose_by_keyboard(page, kind, styles[bid])
        else:
            choices = _choose(page, kind, styles[bid], rng)
        if shots and k == 0:
            _shot(page, f"{shots}-ballot")
        if keyboard and k == 0:
            page.keyboard.press("Enter")  # the focus is on "review" (asserted above)
        else:
            page.click("#to-review")
        if spoil_first and k == 0:
            # the optional path: encrypt without sending, open the ballot to check it, then
            # "encrypt again and send" (fresh randomness and id)
            page.click("#check-first-box > summary")
            page.click("#check-first")
            page.wait_for_selector("#cast", timeout=120_000)
            first = page.inner_text("#tracking-code")
            page.click("#spoil")
            page.wait_for_selector("#spoil-result.ok")
            if shots:
                _shot(page, f"{shots}-spoiled")
            page.click("#again")
        elif keyboard and k == 0:
            page.wait_for_selector("#send")
            _tab_to(page, "#send")
            page.keyboard.press("Enter")
        else:
            page.click("#send")  # the one primary action: encrypt, prove, sign and send
        page.wait_for_selector("#receipt-check.ok", timeout=120_000)
        tracking = page.inner_text("#receipt-code")
        if spoil_first and k == 0:
            assert tracking != first
        if shots and k == 0:
            _shot(page, f"{shots}-receipt")
        out[bid] = (tracking, choices)
        if k + 1 < len(ballot_ids):
            page.click("#next-ballot")
    # every ballot cast: "Tamamlandı" lists them, and a reload shows it again
    assert page.locator("h1").inner_text() == "Tamamlandı"
    assert page.locator("#done-list li.cast").count() == len(ballot_ids)
    page.reload()
    page.wait_for_selector("#done-list")
    assert page.locator("#done-list li.cast").count() == len(ballot_ids)
    codes = page.locator("#done-list .code-box").all_inner_texts()
    assert sorted(codes) == sorted(c for c, _ in out.values())
    if shots:
        _shot(page, f"{shots}-done")
    assert not page.errors, page.errors
    return out


def _board_ballots(client: ServiceClient, eid: str) -> dict[str, BallotPayload]:
    """Tracking code -> the ``ballot`` entry's payload (ballot bytes verbatim), from the board."""
    size = client.election(eid).board_size
    out = {}
    for e in client.board_entries(eid, 0, size):
        entry = decode_entry(e.data)
        if entry.kind != EntryKind.BALLOT:
            continue
        payload = decode_payload(entry.payload, BallotPayload)
        ballot = from_json(payload.ballot_bytes, EncryptedBallot)
        out[format_tracking_code(tracking_code(ballot))] = payload
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_residents_vote_in_the_browser(kind: str, tmp_path: Path, browser: Any) -> None:
    text = (ROOT / "ballots" / "tests" / f"e2e-{kind}.toml").read_text()
    definition = ballots.loads(text)
    eid = definition.election.id
    rng = random.Random(f"web/{kind}")
    with _service(tmp_path) as url:
        staff = _staff(url)
        staff.create_election(text)
        roll = [
            credentials.RollEntry(voter_id=f"v{k}", district=d, line=k + 2)
            for k, d in enumerate(["north"] * 3 + ["south"] * 2)
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
        styles = {b.id: b.ballot_style() for b in manifest.ballots}
        view = staff.election(eid)
        assert view.joint_key is not None and view.base_hash is not None
        key = Point.decode(view.joint_key)
        context = view.base_hash

        cast: dict[str, tuple[str, list[int], str]] = {}  # tracking code -> (ballot, choices, code)
        shots = f"web-{kind}" if kind == "knapsack" else None
        for k, s in enumerate(secret[:3] + secret[3:4]):  # three north residents, one south
            eligible = [b.id for b in manifest.ballots if b.district in (s.district, "city-wide")]
            page = _page(browser, url, "mobile" if k % 2 == 0 else "desktop")
            got = _vote_in_browser(
                page,
                url,
                eid,
                s.code,
                eligible,
                kind,
                styles,
                rng,
                spoil_first=(k == 0),
                keyboard=(k in (1, 2)),  # desktop and 360 px: the sticky gauge matters most there
                shots=(f"{shots}-{'mobile' if k == 0 else 'desktop'}" if shots and k < 2 else None),
            )
            for bid, (code, choices) in got.items():
                cast[code] = (bid, choices, s.code)
            page.context.close()
        # the last resident votes with the reference client
        v = Voter(ServiceClient(url), eid, secret[4].code)
        v.load()
        for b in v.ballots():
            v.cast(b.id, random_choices(b.ballot_style(), rng))

        # the page's ballots are on the board and verify with the Python verifier
        board = _board_ballots(staff, eid)
        for code, (bid, _choices, voter_code) in cast.items():
            payload = board[code]
            ballot = from_json(payload.ballot_bytes, EncryptedBallot)
            # in the native batch (crypto §3.3), with the credential that signed it
            verify_ballot(styles[bid], key, ballot, context=context, credential=payload.credential)
            assert payload.credential == credentials.public_credential(voter_code, eid)
            credentials.verify_ballot_signature(
                payload.credential, payload.ballot_bytes, payload.signature, election_id=eid
            )

        # the verify page finds a receipt and checks its proof in the browser
        page = _page(browser, url, "mobile")
        code = next(iter(cast))
        page.goto(f"/elections/{eid}/verify")
        page.fill("#tracking", code.lower().replace("-", ""))
        page.press("#tracking", "Enter")
        page.wait_for_selector("#verify-result .msg.ok", timeout=30_000)
        if shots:
            _shot(page, f"{shots}-mobile-verify")
        page.goto(f"/elections/{eid}/board")
        page.wait_for_selector("text=/imzalı durumla aynı|match the signed state/")
        if shots:
            _shot(page, f"{shots}-mobile-board")
        page.context.close()

        staff.close_election(eid)
        for t in trustees[1:]:
            t.step()
        staff.tally(eid)
        staff.publish(eid)
        results = {r.style: r for r in staff.result(eid)}

        for width in ("mobile", "desktop"):
            page = _page(browser, url, width)
            page.goto(f"/elections/{eid}/results")
            page.wait_for_selector("figure.chart")
            charts = page.locator("section figure.chart")
            assert charts.count() == len(manifest.ballots)
            for k, b in enumerate(manifest.ballots):
                funded = set(results[b.id].selected)
                ids = [p.id for p in b.projects]
                rows = charts.nth(k).locator("li.bar-row")
                assert rows.count() == len(ids)
                shown = set()
                for r in range(rows.count()):
                    row = rows.nth(r)
                    pid = row.get_attribute("data-project")
                    score = results[b.id].scores[ids.index(pid)]
                    value = row.locator(".bar-value").inner_text().replace("\u2212", "-")
                    assert value == f"{score} oy", (pid, value)
                    if row.locator(".funded-mark").count():
                        shown.add(pid)
                        assert "Kazandı" in row.locator(".bar-label").inner_text()
                assert shown == funded, (b.id, shown, funded)
            _shot(page, f"web-{kind}-{width}-results")
            # voting is closed: the vote page says so
            page.goto(f"/elections/{eid}")
            page.wait_for_selector(".msg")
            assert not page.errors, page.errors
            page.context.close()


def test_knapsack_overspending_is_impossible(tmp_path: Path, browser: Any) -> None:
    """Every checkbox that would exceed the budget is disabled; the bar never passes 100 %."""
    text = (ROOT / "ballots" / "tests" / "e2e-knapsack.toml").read_text()
    definition = ballots.loads(text)
    eid = definition.election.id
    with _service(tmp_path) as url:
        staff = _staff(url)
        staff.create_election(text)
        roll = [credentials.RollEntry(voter_id="v1", district="north", line=2)]
        secret, public = credentials.generate(roll, election_id=eid)
        listed = credentials.dump_public_list(public)
        staff.upload_credentials(eid, listed)
        trustees, _pins = start(
            staff,
            url,
            eid,
            tmp_path,
            trustees=2,
            threshold=1,
            fingerprint=credentials.fingerprint(listed),
        )
        for _ in range(3):
            for t in trustees:
                t.step()
        staff.open(eid)
        manifest = decode_manifest(staff.manifest_bytes(eid))
        north = next(b for b in manifest.ballots if b.district == "north")
        style = north.ballot_style()
        page = _page(browser, url, "mobile")
        page.goto(f"/elections/{eid}")
        page.fill("#code", secret[0].code)
        page.press("#code", "Enter")
        page.click(f"[data-ballot='{north.id}']")
        page.wait_for_selector("#to-review")
        # pick the two dearest projects first, then try every other one, by click and keyboard
        order = sorted(range(style.projects), key=lambda j: -style.costs[j])
        for j in order:
            box = page.locator(f"#p{j}")
            spent = sum(
                style.costs[i] for i in range(style.projects) if page.locator(f"#p{i}").is_checked()
            )
            fits = spent + style.costs[j] <= style.budget
            assert box.is_disabled() == (not fits), (j, spent)
            if fits:
                box.check()
            else:
                # a disabled box takes no focus: Space after trying to focus it changes nothing
                before = [page.locator(f"#p{i}").is_checked() for i in range(style.projects)]
                page.locator("h1").focus()
                box.focus()
                page.keyboard.press("Space")
                after = [page.locator(f"#p{i}").is_checked() for i in range(style.projects)]
                assert after == before
                # even with the disabled attribute removed (devtools), the page refuses it
                box.evaluate("el => { el.disabled = false; el.click(); }")
                assert not box.is_checked()
            now = page.locator(".bar[role=meter]").get_attribute("aria-valuenow")
            assert float(now or "0") <= 100.0
        spent = sum(
            style.costs[i] for i in range(style.projects) if page.locator(f"#p{i}").is_checked()
        )
        assert 0 < spent <= style.budget
        assert any(page.locator(f"#p{j}").is_disabled() for j in range(style.projects))
        assert not page.errors, page.errors
