"""How the residents' pages' files are served (issue #17 item 8), over HTTP from the service.

The shell names content-hashed URLs; a hashed URL is cached ``immutable`` and answers 404 for a
digest that is not the file's; text is brotli- or gzip-compressed as the browser accepts; a
plain URL revalidates (ETag, 304); Leaflet's images, which its CSS names, are served; and what
the vote page downloads before a resident can type the code stays within 150 KB compressed (a
size budget, not a timing: the time is measured by ``benchmarks/web.py``).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import httpx
import pytest

from oylama.service._web_routes import WEB_DIR
from oylama.service.testing import run_service

BUDGET = 150 * 1024


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    with run_service(data_dir=tmp_path_factory.mktemp("assets") / "data") as u:
        yield u  # type: ignore[misc]


def _shell_refs(url: str) -> list[str]:
    shell = httpx.get(f"{url}/elections/x").text
    return re.findall(r'(?:href|src)="(/_web/[^"]+)"', shell)


def test_shell_names_hashed_urls_cached_for_good(url: str) -> None:
    refs = _shell_refs(url)
    hashed = [r for r in refs if re.search(r"\.[0-9a-f]{12}\.(js|css)$", r)]
    assert {re.sub(r"\.[0-9a-f]{12}\.", ".", r) for r in hashed} >= {
        "/_web/app.js",
        "/_web/style.css",
        "/_web/oylama-crypto.js",
    }
    for ref in hashed:
        r = httpx.get(f"{url}{ref}", headers={"Accept-Encoding": "identity"})
        assert r.status_code == 200, ref
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        plain = re.sub(r"\.[0-9a-f]{12}\.", ".", ref).removeprefix("/_web/")
        assert r.content == (WEB_DIR / plain).read_bytes()
        # another digest never serves these bytes
        wrong = re.sub(r"\.([0-9a-f]{12})\.", lambda m: "." + "0" * 12 + ".", ref)
        assert httpx.get(f"{url}{wrong}").status_code == 404


def test_app_imports_the_crypto_by_its_hashed_name(url: str) -> None:
    app = (WEB_DIR / "app.js").read_text()
    names = set(re.findall(r'from\s*"\./(oylama-crypto\.[0-9a-f]{12}\.js)"', app))
    assert len(names) == 1
    assert httpx.get(f"{url}/_web/{names.pop()}").status_code == 200


def test_compression_follows_accept_encoding(url: str) -> None:
    body = (WEB_DIR / "app.js").read_bytes()
    with httpx.Client() as c:
        req = c.build_request(
            "GET", f"{url}/_web/app.js", headers={"Accept-Encoding": "gzip, deflate, br"}
        )
        resp = c.send(req, stream=True)
        assert resp.headers["content-encoding"] == "br"
        assert "Accept-Encoding" in resp.headers["vary"]
        compressed = b"".join(resp.iter_raw())
        resp.close()
    assert brotli.decompress(compressed) == body
    assert len(compressed) < len(body) / 3
    with httpx.Client() as c:
        req = c.build_request("GET", f"{url}/_web/app.js", headers={"Accept-Encoding": "gzip"})
        resp = c.send(req, stream=True)
        assert resp.headers["content-encoding"] == "gzip"
        compressed = b"".join(resp.iter_raw())
        resp.close()
    assert gzip.decompress(compressed) == body
    r = httpx.get(f"{url}/_web/app.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in r.headers
    assert r.content == body


def test_plain_urls_revalidate(url: str) -> None:
    r = httpx.get(f"{url}/_web/style.css")
    assert r.headers["cache-control"] == "no-cache"
    etag = r.headers["etag"]
    again = httpx.get(f"{url}/_web/style.css", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_leaflet_images_named_by_its_css_are_served(url: str) -> None:
    css = (WEB_DIR / "vendor" / "leaflet.css").read_text()
    images = set(re.findall(r"url\(([^)\"']+\.png)\)", css))
    assert {"images/layers.png", "images/marker-icon.png"} <= images
    for rel in images:
        r = httpx.get(f"{url}/_web/vendor/{rel}")
        assert r.status_code == 200, rel
        assert r.headers["content-type"] == "image/png"
        assert r.content.startswith(b"\x89PNG")


def test_vote_page_fits_150_kb_compressed(url: str) -> None:
    """The shell, what it names and preloads, the crypto bundle the app imports and the Turkish
    catalogue, as a browser accepting brotli receives them."""
    refs = _shell_refs(url)
    app = (WEB_DIR / "app.js").read_text()
    refs += [f"/_web/{m}" for m in set(re.findall(r'"\./(oylama-crypto\.[0-9a-f]{12}\.js)"', app))]
    total = 0
    with httpx.Client(headers={"Accept-Encoding": "br, gzip"}) as c:
        for ref in ["/elections/x", *dict.fromkeys(refs)]:
            resp = c.send(c.build_request("GET", f"{url}{ref}"), stream=True)
            assert resp.status_code == 200, ref
            total += len(b"".join(resp.iter_raw()))
            resp.close()
    assert any("i18n/tr.json" in r for r in refs)
    assert total <= BUDGET, f"{total} bytes"
    assert Path(WEB_DIR / "app.js").read_bytes().count(b"\n") < 50  # minified


def test_only_the_staff_preview_may_be_framed_and_only_by_this_origin(url: str) -> None:
    """The console frames the residents' choosing step (``…/preview/{ballot}``); every other
    page refuses to be framed at all, so no other site can overlay a voting page."""

    def ancestors(path: str) -> str:
        got = httpx.get(f"{url}{path}")
        assert got.status_code == 200, (path, got.status_code)
        found = re.search(r"frame-ancestors ([^;]+)", got.headers["content-security-policy"])
        assert found is not None, path
        return found[1]

    assert ancestors("/elections/e-1/preview/b-1") == "'self'"
    for path in (
        "/",
        "/elections/e-1",
        "/elections/e-1/projects",
        "/elections/e-1/results",
        "/elections/e-1/verify",
        "/elections/e-1/board",
        "/staff",
    ):
        assert ancestors(path) == "'none'", path
