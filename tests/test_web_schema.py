"""The API documentation page (/schema) in Chromium: the vendored Swagger UI renders the
service's OpenAPI document under the residents' pages' CSP, every request stays on the
service's origin, nothing violates the policy; and no error names the server's files."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from oylama.service._web_routes import WEB_DIR
from oylama.service.testing import run_service

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (.venv/bin/pip install playwright)"
)
e2e = pytest.importorskip("test_web_e2e", reason="tests/test_web_e2e.py is needed (helpers)")


def test_no_error_names_the_servers_files(tmp_path: Path) -> None:
    """A 404 under a static folder named the absolute install path (issue #13)."""
    installed = str(WEB_DIR.parents[2])
    with run_service(data_dir=tmp_path) as url:
        for path in ("/_web/i18n", "/_web/i18n/", "/_web/vendor", "/_web/nope.js", "/_web/x/y"):
            r = httpx.get(url + path)
            assert r.status_code == 404, path
            assert r.headers["content-type"].startswith("application/problem+json")
            assert installed not in r.text and "/_web" not in r.json()["detail"], r.text
        # a direct asset is served as before
        assert httpx.get(url + "/_web/schema/init.js").status_code == 200


@pytest.mark.skipif(not e2e.CHROMIUM.exists(), reason="Chromium is missing")
def test_schema_page_is_self_hosted_under_the_csp(tmp_path: Path) -> None:
    with run_service(data_dir=tmp_path) as url:
        r = httpx.get(f"{url}/schema")
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'self'" in csp
        assert "http" not in r.text.replace('name="viewport"', "")  # no absolute URL at all
        origin = urlsplit(url).netloc
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(e2e.CHROMIUM), args=e2e.CHROMIUM_ARGS)
            page: Any = browser.new_page()
            requests: list[str] = []
            console: list[str] = []
            page.on("request", lambda req: requests.append(req.url))
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{url}/schema")
            # Swagger UI drew the document: the title and the cast operation are on the page
            page.wait_for_selector(".swagger-ui .info .title", timeout=60_000)
            assert "oylama election service" in page.inner_text(".swagger-ui .info .title")
            cast = page.get_by_text("/api/v1/elections/{election_id}/ballots", exact=True)
            cast.first.wait_for(timeout=30_000)
            violations = [c for c in console if "Content Security Policy" in c]
            browser.close()
    assert errors == [] and violations == [], (errors, violations)
    foreign = [u for u in requests if urlsplit(u).netloc != origin and not u.startswith("data:")]
    assert foreign == [], foreign
    assert any(u.endswith("/_web/schema/swagger-ui-bundle.js") for u in requests)
