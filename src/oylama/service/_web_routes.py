"""The residents' web pages: HTML shells, the bundled scripts and styles, message catalogues.

Everything the pages need is in the package (``_web/``: built from ``web/`` by esbuild and
committed), so the service works offline and loads nothing from a CDN: a voter's device runs
only code this server ships, which a reviewer can compare with a fresh build of ``web/``.
The crypto runs in the browser; these handlers serve files and never see a choice or a code.

Pages (one HTML shell; ``app.js`` reads the path and draws the page):

* ``/`` -- the elections;
* ``/elections/{id}`` -- vote: credential code (also from the letter's QR code, in the URL
  fragment), ballot, review, "Oyumu gönder" (encrypt, prove, sign and cast), receipt, done;
* ``/elections/{id}/projects`` (and ``/elections/{id}/projects/{ballot}/{project}``) -- the
  public project catalogue and each project's page, open to anyone without a code;
* ``/elections/{id}/verify`` -- a tracking code's status and inclusion proof, checked locally;
* ``/elections/{id}/results`` -- charts and map of a published result, record downloads;
* ``/elections/{id}/board`` -- the bulletin board: checkpoint, entry counts, entries;
* ``/elections/{id}/proposals`` (``…/proposals/{P<n>}``, ``…/proposals/new``) -- residents'
  proposals with their supports, moderation and review; the form; a support button;
* ``/elections/{id}/assemblies`` (``/{assembly}``, ``/{assembly}/vote``) -- neighbourhood
  assemblies: their agendas, advisory decisions and minutes, and the attendees' quick vote;
* ``/staff`` (and below it) -- the staff console: its own shell (``console.html``) and bundle
  (``console.js``, built from ``web/src/console/``), the same CSP;
* ``/elections/{id}/spoiled`` (and ``/elections/{id}/spoiled/{tracking code}``) -- the
  spoiled-ballot checker: not the shell but its own self-contained page (``spoiled.html``,
  built from ``web/checker/``, code that shares nothing with the encrypting ``web/src/``),
  which reads the record and re-encrypts every published spoiled ballot's choices; saved to a
  file it checks a record file and a device's spoiled-ballot file off-line.

Assets are under ``/_web/``, each also at a content-hashed URL cached ``immutable`` and
compressed (brotli or gzip) as the browser accepts (:mod:`oylama.service._web_assets`); the
shell names the hashed URLs. ``/_web_config.json`` tells the pages the map tile URL, from the
environment variable ``OYLAMA_WEB_TILE_URL`` (e.g. ``https://tile.example/{z}/{x}/{y}.png``;
unset: no tiles, the base map is drawn as SVG from the election's own data) and
``OYLAMA_WEB_TILE_ATTRIBUTION``.

The API documentation (``/schema``, ``/schema/swagger``) is Swagger UI from ``_web/schema/``
(vendored through npm in ``web/``), not Litestar's default pages, which load scripts from
CDNs: it runs on the voting origin, where a page must not run code this server did not ship.
:class:`SecurityHeaders` gives everything under ``/schema`` the residents' pages' CSP.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any, Final

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.middleware import ASGIMiddleware
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.types import ASGIApp, ControllerRouterHandler, Message, Receive, Scope, Send

from oylama.service._web_assets import AssetStore

#: Where the bundled pages live inside the package.
WEB_DIR: Final = Path(str(resources.files("oylama.service") / "_web"))

#: Environment variables read by :func:`web_config` (at request time).
TILE_URL_ENV: Final = "OYLAMA_WEB_TILE_URL"
TILE_ATTRIBUTION_ENV: Final = "OYLAMA_WEB_TILE_ATTRIBUTION"
#: The municipality's texts, one variable per language (``OYLAMA_WEB_HELP_TR``, ``…_EN``):
#: what to do when a code is lost or a letter did not come, and whom to contact when a ballot
#: was replaced without the resident voting again. Plain text, never HTML.
HELP_ENV_PREFIX: Final = "OYLAMA_WEB_HELP_"
CONTACT_ENV_PREFIX: Final = "OYLAMA_WEB_CONTACT_"

_LANG_FILE = re.compile(r"^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\.json$")


def languages() -> list[dict[str, str]]:
    """The message catalogues in ``_web/i18n/`` (adding a language is adding its file): code,
    name and writing direction, Turkish first, then English, then the rest by code."""
    found = []
    for path in sorted((WEB_DIR / "i18n").glob("*.json")):
        m = _LANG_FILE.match(path.name)
        if m is None:
            continue
        try:
            messages = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        direction = "rtl" if messages.get("lang.dir") == "rtl" else "ltr"
        found.append({"code": m[1], "name": str(messages.get("lang.name", m[1])), "dir": direction})
    order = {"tr": 0, "en": 1}
    return sorted(found, key=lambda x: (order.get(x["code"], 2), x["code"]))


def _texts(prefix: str, codes: list[str]) -> dict[str, str]:
    out = {}
    for code in codes:
        value = os.environ.get(prefix + code.upper().replace("-", "_"), "").strip()
        if value:
            out[code] = value
    return out


def _origin(url: str) -> str | None:
    """``scheme://host[:port]`` of a tile URL template, for the page's CSP ``img-src``."""
    if not url.startswith(("https://", "http://")):
        return None
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0]
    if not host or any(c in host for c in "{}\"' ;"):
        return None
    return f"{scheme}://{host}"


def _security_headers(*, framed_by_self: bool = False) -> dict[str, str]:
    """A strict CSP: scripts, styles and data from this server only; images also from the
    configured tile server. A page that handles credential codes must not run foreign code.
    No page may be framed, but the staff preview, which the console (same origin) frames."""
    ancestors = "'self'" if framed_by_self else "'none'"
    img = "'self' data:"
    tile = _origin(os.environ.get(TILE_URL_ENV, ""))
    if tile:
        img += f" {tile}"
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            f"frame-ancestors {ancestors}; form-action 'self'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


#: The files under ``_web/``, read once (they do not change while the service runs).
ASSETS: Final = AssetStore(WEB_DIR)

_ASSET_REF = re.compile(rb'(href|src)="/_web/([^"]+\.(?:js|css))"')
_shell_bytes: bytes | None = None


def _shell_html() -> bytes:
    """``index.html`` with every ``/_web/`` reference turned into its content-hashed URL."""
    global _shell_bytes  # noqa: PLW0603 (computed once: the files do not change)
    if _shell_bytes is None:
        page = (WEB_DIR / "index.html").read_bytes()
        _shell_bytes = _ASSET_REF.sub(
            lambda m: m[1] + b'="' + ASSETS.hashed_url(m[2].decode()).encode() + b'"', page
        )
    return _shell_bytes


def _shell(*, framed_by_self: bool = False) -> Response[bytes]:
    return Response(
        _shell_html(),
        # Litestar appends the response's charset (utf-8) to a text/* media type itself: naming
        # it here too doubled it (``text/html; charset=utf-8; charset=utf-8``)
        media_type="text/html",
        headers={
            **_security_headers(framed_by_self=framed_by_self),
            "Cache-Control": "no-cache",
        },
    )


@get("/", include_in_schema=False, sync_to_thread=False)
def home_page() -> Response[bytes]:
    """The list of elections."""
    return _shell()


@get("/elections/{election_id:str}", include_in_schema=False, sync_to_thread=False)
def vote_page() -> Response[bytes]:
    """The voting page of one election (the shell; the script fetches the rest)."""
    return _shell()


@get(
    ["/elections/{election_id:str}/verify", "/elections/{election_id:str}/verify/{code:str}"],
    include_in_schema=False,
    sync_to_thread=False,
)
def verify_page() -> Response[bytes]:
    """Check a tracking code (optionally given in the path, as a saved receipt links it)."""
    return _shell()


@get(
    [
        "/elections/{election_id:str}/projects",
        "/elections/{election_id:str}/projects/{ballot_id:str}/{project_id:str}",
    ],
    include_in_schema=False,
    sync_to_thread=False,
)
def projects_page() -> Response[bytes]:
    """The public project catalogue, and each project's own page (no code needed)."""
    return _shell()


@get(
    "/elections/{election_id:str}/preview/{ballot_id:str}",
    include_in_schema=False,
    sync_to_thread=False,
)
def preview_page() -> Response[bytes]:
    """A ballot as residents will see it, before opening (the console frames it; the script
    fetches ``GET …/preview`` with the staff member's session; nothing can be sent from it)."""
    return _shell(framed_by_self=True)


@get("/elections/{election_id:str}/results", include_in_schema=False, sync_to_thread=False)
def results_page() -> Response[bytes]:
    """The published result: charts, map, downloads."""
    return _shell()


@get(
    [
        "/elections/{election_id:str}/assemblies",
        "/elections/{election_id:str}/assemblies/{assembly_id:str}",
        "/elections/{election_id:str}/assemblies/{assembly_id:str}/vote",
    ],
    include_in_schema=False,
    sync_to_thread=False,
)
def assemblies_page() -> Response[bytes]:
    """Neighbourhood assemblies: the list, each meeting's page (agenda, decisions, minutes),
    and the attendees' quick-vote page (a one-time slip's code and a choice)."""
    return _shell()


@get("/elections/{election_id:str}/board", include_in_schema=False, sync_to_thread=False)
def board_page() -> Response[bytes]:
    """The bulletin board of one election."""
    return _shell()


@get(
    [
        "/elections/{election_id:str}/proposals",
        "/elections/{election_id:str}/proposals/{proposal_id:str}",
    ],
    include_in_schema=False,
    sync_to_thread=False,
)
def proposals_page() -> Response[bytes]:
    """Residents' proposals, one proposal's shareable page, and the form (``…/new``)."""
    return _shell()


_INLINE = re.compile(rb"<(script|style)>(.*?)</\1>", re.DOTALL)


def checker_headers(page: bytes) -> dict[str, str]:
    """The checker page's CSP: nothing but its own inline script and style (by their SHA-256)
    and requests to this server (the record). It runs no code from anywhere else."""
    hashes: dict[bytes, list[str]] = {b"script": [], b"style": []}
    for m in _INLINE.finditer(page):
        digest = base64.b64encode(hashlib.sha256(m.group(2)).digest()).decode()
        hashes[m.group(1)].append(f"'sha256-{digest}'")
    script = " ".join(hashes[b"script"]) or "'none'"
    style = " ".join(hashes[b"style"]) or "'none'"
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; script-src {script}; style-src {style}; "
            "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }


@get(
    ["/elections/{election_id:str}/spoiled", "/elections/{election_id:str}/spoiled/{code:str}"],
    include_in_schema=False,
    sync_to_thread=False,
)
def spoiled_page() -> Response[bytes]:
    """The spoiled-ballot checker (a static page: it reads the record itself)."""
    page = (WEB_DIR / "spoiled.html").read_bytes()
    return Response(page, media_type="text/html", headers=checker_headers(page))


def _console_shell() -> Response[bytes]:
    return Response(
        (WEB_DIR / "console.html").read_bytes(),
        media_type="text/html",
        headers={**_security_headers(), "Cache-Control": "no-cache"},
    )


@get(
    ["/staff", "/staff/{rest:path}"],
    include_in_schema=False,
    sync_to_thread=False,
)
def console_page() -> Response[bytes]:
    """The staff console (its own shell and bundle, ``console.js``: the residents' pages never
    load it); it signs in with a cookie session and calls the public API."""
    return _console_shell()


@get("/_web_config.json", include_in_schema=False, sync_to_thread=False)
def web_config() -> Response[dict[str, Any]]:
    """Deployment settings the pages read: the map tile URL (or null) and its attribution,
    the languages offered, and the municipality's help and contact texts per language."""
    url = os.environ.get(TILE_URL_ENV) or None
    if url is not None and _origin(url) is None:
        url = None
    langs = languages()
    codes = [x["code"] for x in langs]
    return Response(
        {
            "tile_url": url,
            "tile_attribution": os.environ.get(TILE_ATTRIBUTION_ENV) or None,
            "languages": langs,
            "help": _texts(HELP_ENV_PREFIX, codes),
            "contact": _texts(CONTACT_ENV_PREFIX, codes),
        },
        headers={"Cache-Control": "no-cache"},
    )


class SchemaPage(OpenAPIRenderPlugin):
    """The API documentation page at ``/schema`` (and ``/schema/swagger``): a static shell
    loading the vendored Swagger UI and ``init.js`` -- no inline script, nothing from a CDN."""

    def __init__(self) -> None:
        super().__init__(path=["/", "/swagger"])

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return (WEB_DIR / "schema" / "index.html").read_bytes()


class SecurityHeaders(ASGIMiddleware):
    """The pages' CSP and companions on every response under ``/schema`` (render plugins'
    responses cannot be given headers otherwise)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if not str(scope.get("path", "")).startswith("/schema"):
            await next_app(scope, receive, send)
            return
        extra = [
            (k.lower().encode("latin-1"), v.encode("latin-1"))
            for k, v in _security_headers().items()
        ]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in extra if k not in names),
                ]
            await send(message)

        await next_app(scope, receive, with_headers)


@get("/_web/{path:path}", include_in_schema=False, sync_to_thread=False)
def web_asset(request: Request[Any, Any, Any], path: str) -> Response[bytes]:
    """A page asset by plain or content-hashed name (:class:`AssetStore`); 404 otherwise."""
    found = ASSETS.lookup(path.lstrip("/"), request.headers.get("accept-encoding", ""))
    if found is None:
        raise NotFoundException()
    headers = {"Cache-Control": found.cache_control, "ETag": found.etag, "Vary": "Accept-Encoding"}
    if found.encoding:
        headers["Content-Encoding"] = found.encoding
    if found.etag in request.headers.get("if-none-match", ""):
        return Response(b"", status_code=304, headers=headers, media_type=found.media_type)
    return Response(found.body, media_type=found.media_type, headers=headers)


#: Route handlers to add to ``create_app``'s ``route_handlers``.
WEB_ROUTES: Final[list[ControllerRouterHandler]] = [
    home_page,
    vote_page,
    verify_page,
    projects_page,
    preview_page,
    results_page,
    board_page,
    proposals_page,
    assemblies_page,
    spoiled_page,
    console_page,
    web_config,
    web_asset,
]

__all__ = [
    "ASSETS",
    "CONTACT_ENV_PREFIX",
    "HELP_ENV_PREFIX",
    "TILE_ATTRIBUTION_ENV",
    "TILE_URL_ENV",
    "WEB_DIR",
    "WEB_ROUTES",
    "SchemaPage",
    "SecurityHeaders",
    "languages",
]
