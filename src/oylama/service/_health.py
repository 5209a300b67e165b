"""``GET /api/v1/health``: the process answers and its database does too.

It must answer when the service is busiest, which is when it matters: the handler is async
and runs its one query in a thread of its own small pool (not the request threads, which
casts waiting for the writer may all occupy), with a timeout.
"""

from __future__ import annotations

import logging
from typing import Any, Final

import anyio
import anyio.to_thread
from litestar import Request, get
from litestar.di import NamedDependency
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from oylama.service._models import HealthOut
from oylama.service._problems import Unavailable
from oylama.service._state import BoardService
from oylama.store import BoardLog

_log = logging.getLogger("oylama.service")

#: Seconds the database may take to answer the health check.
HEALTH_TIMEOUT: Final = 5.0

#: Where the app keeps the health check's own thread limiter (``app.state``).
_LIMITER = "oylama_health_threads"


def _own_threads(request: Request[Any, Any, Any]) -> anyio.CapacityLimiter:
    """The health check's two threads, per app (a limiter belongs to one event loop)."""
    state = request.app.state
    limiter = state.get(_LIMITER)
    if limiter is None:
        limiter = anyio.CapacityLimiter(2)
        state[_LIMITER] = limiter
    assert isinstance(limiter, anyio.CapacityLimiter)
    return limiter


def _query(service: BoardService) -> None:
    with service.session() as session, session.begin():
        session.execute(select(BoardLog.election_id).limit(1)).all()


@get("/api/v1/health", summary="Health check")
async def health(
    request: Request[Any, Any, Any], service: NamedDependency[BoardService]
) -> HealthOut:
    """``{"status": "ok"}`` once a query on the board's tables succeeds; 503 otherwise.

    Reading ``board_logs`` (not ``SELECT 1``) also catches a database that was never
    migrated. The reason of a failure is logged, not returned.
    """
    try:
        with anyio.fail_after(HEALTH_TIMEOUT):
            await anyio.to_thread.run_sync(
                _query, service, limiter=_own_threads(request), abandon_on_cancel=True
            )
    except SQLAlchemyError as exc:
        _log.error("health check: database unavailable: %r", exc)
        raise Unavailable(detail="the database does not answer") from None
    except TimeoutError:
        _log.error("health check: the database took more than %s s", HEALTH_TIMEOUT)
        raise Unavailable(detail="the database does not answer in time") from None
    return HealthOut("ok")
