"""Errors as RFC 9457 problem details (``application/problem+json``).

Observers' tools are written against this service by other people, so every error has one
machine-readable shape, whatever raised it: a bad query argument, an unknown route, a wrong
method, a refused body or a crash. The ``type`` is always ``about:blank`` (RFC 9457 §4.2.1):
the status code says what kind of error it is and ``title`` is its standard phrase; ``detail``
says what was wrong with *this* request. A 500 never says more than that something failed:
exception messages may carry SQL, paths or row contents, so they go to the log only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from pathlib import Path
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

#: Media type of every error response (RFC 9457 §3).
PROBLEM_JSON = "application/problem+json"

_log = logging.getLogger("oylama.service")


class Problem(msgspec.Struct, kw_only=True):
    """An RFC 9457 problem details object."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


class FieldError(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One refused value of a form or an import (an extension member of a 422 problem):
    ``field`` is its path (``ballots[0].projects[3].cost``, as ``oylama ballot validate``
    prints it; empty for the whole document), ``line`` the TOML line, ``row`` and ``column``
    the spreadsheet cell (row 1 is the header)."""

    field: str
    message: str
    line: int | None = None
    row: int | None = None
    column: str | None = None


class InvalidProblem(Problem, kw_only=True):
    """A 422 problem naming every refused value (``errors``), not just the first."""

    errors: list[FieldError]


class BadArgument(HTTPException):
    """400: a query argument is malformed or out of range (the detail names it)."""

    status_code = HTTPStatus.BAD_REQUEST


class NotFound(HTTPException):
    """404: an unknown election, or nothing published yet (the detail says which)."""

    status_code = HTTPStatus.NOT_FOUND


class BadRequest(HTTPException):
    """400: a request body that is not JSON of the expected shape (the detail says how)."""

    status_code = HTTPStatus.BAD_REQUEST


class Unauthorized(HTTPException):
    """401: a token (or the right user name and password) is needed and was not given."""

    status_code = HTTPStatus.UNAUTHORIZED


class Forbidden(HTTPException):
    """403: the caller is known but its role, election or credential does not allow this."""

    status_code = HTTPStatus.FORBIDDEN


class Conflict(HTTPException):
    """409: not allowed in the election's current status, or clashes with what is stored."""

    status_code = HTTPStatus.CONFLICT


class Unprocessable(HTTPException):
    """422: well-formed but invalid content (a definition, a proof); the detail names it."""

    status_code = HTTPStatus.UNPROCESSABLE_ENTITY


class Invalid(Unprocessable):
    """422 with every problem found (``errors``); ``detail`` says the first one or how many."""

    def __init__(self, detail: str, errors: list[FieldError]) -> None:
        super().__init__(detail=detail)
        self.errors = errors


class TooManyRequests(HTTPException):
    """429: too many failed attempts; ``Retry-After`` says when to try again."""

    status_code = HTTPStatus.TOO_MANY_REQUESTS


class Unavailable(HTTPException):
    """503: the database does not answer (health check, or any request during an outage)."""

    status_code = HTTPStatus.SERVICE_UNAVAILABLE


_INTERNAL = "the server failed to answer this request; the failure has been logged"


def problem_response(
    status: int, detail: str, headers: Mapping[str, str] | None = None
) -> Response[Problem]:
    """A problem+json response with the standard phrase of ``status`` as its title."""
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


#: Where the package is installed: never shown to a client (a static folder's 404 named it).
_INSTALLED = str(Path(__file__).resolve().parents[2])


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    status = exc.status_code
    if status >= HTTPStatus.INTERNAL_SERVER_ERROR and not isinstance(exc, Unavailable):
        _log.error("%s %s failed: %r", request.method, request.url.path, exc)
        return problem_response(status, _INTERNAL)
    if status == HTTPStatus.NOT_FOUND and not isinstance(exc, NotFound):
        # the framework's own 404s (unknown routes, static files) say nothing useful and may
        # name the server's files; ours say what was not found
        return problem_response(status, "nothing is served at this path", headers=exc.headers)
    detail = exc.detail or HTTPStatus(status).description
    if isinstance(exc, Invalid):
        body = InvalidProblem(
            title=HTTPStatus(status).phrase, status=status, detail=detail, errors=exc.errors
        )
        return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=exc.headers)
    return problem_response(status, detail.replace(_INSTALLED, "…"), headers=exc.headers)


#: Seconds a client is told to wait when the database is unavailable (``Retry-After``).
RETRY_AFTER_S = 2

#: SQLSTATE classes and codes that mean "not now" rather than "wrong": connection failures
#: (08), the server shutting down or restarting (57P01-57P03), a lock or statement timeout
#: (55P03, 57014), an idle transaction ended by the server (25P03), too many connections
#: (53300), a serialization failure or deadlock (40001, 40P01).
_RETRYABLE_CODES = frozenset({"57P01", "57P02", "57P03", "55P03", "57014", "25P03", "53300"})
_RETRYABLE_CODES |= {"40001", "40P01"}


def database_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database cannot answer now (down, restarting, unreachable,
    a lock or statement timeout, SQLite busy): a retry later may succeed, nothing was done."""
    if isinstance(exc, PoolTimeoutError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(code, str) and (code.startswith("08") or code in _RETRYABLE_CODES):
        return True
    # psycopg without a server's answer (connection refused or lost), SQLite busy or locked
    return type(orig).__name__ in ("OperationalError", "InterfaceError") and code is None


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(getattr(exc, 'orig', None) or exc).__name__}: {text[0] if text else ''}"


def unavailable_response(request: Request[Any, Any, Any], exc: BaseException) -> Response[Problem]:
    """503 with ``Retry-After``, and one log line (no traceback: an outage is not a bug, and
    a hundred lines per request would bury everything else)."""
    _log.warning(
        "%s %s: 503, the database is unavailable (%s)",
        request.method,
        request.url.path,
        _one_line(exc),
    )
    return problem_response(
        HTTPStatus.SERVICE_UNAVAILABLE,
        "the database is unavailable or busy; nothing was done: retry later",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def _database_error(request: Request[Any, Any, Any], exc: SQLAlchemyError) -> Response[Problem]:
    if database_unavailable(exc):
        return unavailable_response(request, exc)
    return _internal_error(request, exc)


def _internal_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    _log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problem_response(HTTPStatus.INTERNAL_SERVER_ERROR, _INTERNAL)


#: The app's exception handlers: every error leaves as problem+json.
EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    HTTPException: _http_error,
    SQLAlchemyError: _database_error,
    Exception: _internal_error,
}
