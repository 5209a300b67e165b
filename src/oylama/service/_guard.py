"""What every request must satisfy before a handler looks at it: media type, size and pace.

:class:`RequestGuard` is the app's outermost middleware. In this order it refuses

1. **415** a state-changing request (``POST``, ``PUT``, ``PATCH``, ``DELETE``) under ``/api/``
   whose body is not declared ``application/json`` -- before anything else is looked at. A web
   page on another site can make a visitor's browser send a "simple" cross-site request (no
   CORS preflight) only with ``text/plain``, ``application/x-www-form-urlencoded`` or
   ``multipart/form-data``; refusing every type but JSON stops such requests at the door, so a
   page cannot spend the visitor's address on junk casts. A request with no body at all (no
   ``Content-Type``, no ``Content-Length`` or ``0``, no ``Transfer-Encoding``) passes: the
   transitions (``/open``, ``/close``, ...) and ``DELETE /session`` take none.
2. **413** a declared ``Content-Length`` above the route's limit (service.md §6). Litestar
   enforces ``request_max_body_size`` only while a handler reads the body; this checks the
   header up front.
3. **408** a body that does not arrive in time: ``receive`` is wrapped so that the whole body
   must arrive within ``body_timeout`` seconds of the first read. A client that opens a request
   and trickles its body (or stops) would otherwise hold a worker and a connection for as long
   as it likes. Once the body is complete, ``receive`` is passed through untouched (a streamed
   response listens on it for the client's disconnect).
"""

from __future__ import annotations

from collections.abc import Callable

import anyio
from litestar.exceptions import HTTPException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

#: Methods that change state: their bodies must be JSON.
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})

#: The one media type accepted for request bodies.
JSON = "application/json"


class UnsupportedMediaType(HTTPException):
    """415: a state-changing request whose body is not ``application/json``."""

    status_code = 415


class RequestTimeout(HTTPException):
    """408: the request's body did not arrive in time."""

    status_code = 408


def _media_type(value: bytes) -> str:
    return value.split(b";", 1)[0].strip().lower().decode("latin-1")


class RequestGuard(ASGIMiddleware):
    """415, 413 and 408 as the module docstring says, in that order."""

    def __init__(self, body_limit: Callable[[str, str], int], body_timeout: float) -> None:
        self.body_limit = body_limit
        self.body_timeout = body_timeout

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        method = str(scope.get("method", ""))
        path = str(scope.get("path", ""))
        media: str | None = None
        length: bytes | None = None
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-type":
                media = _media_type(value)
            elif name == b"content-length":
                length = value
            elif name == b"transfer-encoding":
                chunked = True
        if method in STATE_CHANGING and path.startswith("/api/") and media != JSON:
            bodiless = media is None and not chunked and length in (None, b"0")
            if not bodiless:
                shown = "none" if media is None else repr(media[:60])
                raise UnsupportedMediaType(
                    detail=f"request bodies must be {JSON} (Content-Type: {shown})"
                )
        limit = self.body_limit(method, path)
        if length is not None and (not length.isdigit() or int(length) > limit):
            raise HTTPException(
                status_code=413, detail=f"request bodies here are limited to {limit} bytes"
            )
        await next_app(scope, self._timed(receive), send)

    def _timed(self, receive: Receive) -> Receive:
        deadline: float | None = None
        done = False

        async def timed_receive() -> ReceiveMessage:
            nonlocal deadline, done
            if done:
                return await receive()
            now = anyio.current_time()
            if deadline is None:
                deadline = now + self.body_timeout
            message: ReceiveMessage | None = None
            with anyio.move_on_after(max(0.0, deadline - now)):
                message = await receive()
            if message is None:
                raise RequestTimeout(
                    detail=f"the request body did not arrive within {self.body_timeout:g} s",
                    headers={"Connection": "close"},
                )
            if message["type"] != "http.request" or not message.get("more_body", False):
                done = True
            return message

        return timed_receive
