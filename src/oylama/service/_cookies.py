"""The browser console's session cookie and its CSRF token (docs/spec/service.md §1.1).

The console signs in with ``{"cookie": true}``: the session token goes into a cookie the
page's script cannot read (``HttpOnly``), that the browser sends only to this site and never
on a request another site starts (``SameSite=Strict``), and only over TLS when the service is
reached over TLS (``Secure``). A stolen page script (an XSS) therefore cannot carry the token
away, and a session ends when the browser forgets it.

A cookie is sent by the browser whoever made the page that causes the request, so every
state-changing request authenticated by the cookie must also carry ``X-CSRF-Token`` with the
session's CSRF token. The token is derived from the session token
(``base64url(SHA-256("oylama/csrf/v1\\0" || session token))``): only a page that was told
it at sign-in (or by ``GET /api/v1/session``) knows it, and another site's page can neither
read it nor set a custom header on a cross-site request without a CORS preflight, which this
service never grants. (Requests with bodies other than JSON are refused earlier still, by
:mod:`oylama.service._guard`.) Nothing about it is stored: the server recomputes it from the
cookie it is sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Final

#: The session cookie's name.
COOKIE: Final = "oylama_session"

#: The header a cookie-authenticated state-changing request carries its CSRF token in.
CSRF_HEADER: Final = "x-csrf-token"

_CSRF_DOMAIN: Final = b"oylama/csrf/v1\x00"

#: Methods that change state (they need the CSRF token with a cookie session).
UNSAFE_METHODS: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_token(session_token: str) -> str:
    """The CSRF token of a cookie session (URL-safe base64 of a SHA-256, no padding)."""
    digest = hashlib.sha256(_CSRF_DOMAIN + session_token.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def csrf_matches(session_token: str, presented: str | None) -> bool:
    """Whether ``presented`` is the session's CSRF token (compared in constant time)."""
    if not presented:
        return False
    return hmac.compare_digest(csrf_token(session_token).encode(), presented.encode("utf-8"))


def set_cookie(token: str, *, max_age_s: int, secure: bool) -> str:
    """The ``Set-Cookie`` value that starts a console session."""
    parts = [
        f"{COOKIE}={token}",
        "Path=/",
        f"Max-Age={max(0, max_age_s)}",
        "HttpOnly",
        "SameSite=Strict",
    ]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def clear_cookie(*, secure: bool) -> str:
    """The ``Set-Cookie`` value that ends it in the browser."""
    return set_cookie("", max_age_s=0, secure=secure)


def cookie_token(header: str | None) -> str | None:
    """The session token in a ``Cookie`` header, or ``None`` (also for a malformed one)."""
    if not header:
        return None
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name == COOKIE:
            value = value.strip()
            if 0 < len(value) <= 512:
                return value
            return None
    return None
