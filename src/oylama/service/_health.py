"""``GET /api/v1/health``: the process answers and its database does too."""

from __future__ import annotations

import logging

from litestar import get
from litestar.di import NamedDependency
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from oylama.service._models import HealthOut
from oylama.service._problems import Unavailable
from oylama.service._state import BoardService
from oylama.store import BoardLog

_log = logging.getLogger("oylama.service")


@get("/api/v1/health", sync_to_thread=True, summary="Health check")
def health(service: NamedDependency[BoardService]) -> HealthOut:
    """``{"status": "ok"}`` once a query on the board's tables succeeds; 503 otherwise.

    Reading ``board_logs`` (not ``SELECT 1``) also catches a database that was never
    migrated. The reason of a failure is logged, not returned.
    """
    try:
        with service.session() as session, session.begin():
            session.execute(select(BoardLog.election_id).limit(1)).all()
    except SQLAlchemyError as exc:
        _log.error("health check: database unavailable: %r", exc)
        raise Unavailable(detail="the database does not answer") from None
    return HealthOut("ok")
