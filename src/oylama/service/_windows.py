"""Failure limits whose counts live in the database, shared by every server process.

A limit counted in one process's memory is no limit once several processes serve one address
(``oylama serve --workers N``, or N hosts behind a balancer): each would allow it again, and
which one a request reaches decides whether it is refused. :class:`StoredWindow` keeps each
failure as a row of ``failure_events`` and counts them in a sliding window, so every process
refuses and allows exactly the same requests, and a restart forgets nothing. The casts' limits
(:mod:`oylama.service._throttle`) and the spoiled ballots' are windows of this kind; failed
sign-ins have their own table and growing delays (:mod:`oylama.service._lockout`). The clock is
injected.

A check is one indexed query; a failure is one insert and the deletion of that scope's rows
older than the window (so the table holds only the failures of the last window).
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from oylama.service._accounts import Clock
from oylama.service._problems import TooManyRequests
from oylama.store import FailureEvent, reader


class FailureWindow(Protocol):
    """At most ``limit`` failures per key within ``window_ms``: 429 beyond."""

    limit: int
    window_ms: int

    def check(self, *keys: str) -> None: ...

    def over(self, key: str) -> bool: ...

    def fail(self, *keys: str) -> None: ...


#: Longest key kept (longer keys, which no caller makes, are cut: they still count apart
#: from shorter ones by their hash).
MAX_KEY = 512


def _key(key: str) -> str:
    if len(key) <= MAX_KEY:
        return key
    import hashlib  # noqa: PLC0415

    return key[: MAX_KEY - 65] + "#" + hashlib.sha256(key.encode()).hexdigest()


class StoredWindow:
    """A :class:`FailureWindow` over ``failure_events`` rows of ``scope``."""

    def __init__(
        self, engine: Engine, scope: str, limit: int, window_ms: int, clock: Clock
    ) -> None:
        self.engine = engine
        self.read_engine = reader(engine)
        self.scope = scope
        self.limit = limit
        self.window_ms = window_ms
        self._clock = clock

    def _retry_ms(self, session: Session, key: str, now: int) -> int | None:
        """``None`` if ``key`` is under its limit, else how long until it is."""
        since = now - self.window_ms
        where = (
            FailureEvent.scope == self.scope,
            FailureEvent.key == _key(key),
            FailureEvent.at > since,
        )
        count = session.execute(select(func.count()).where(*where)).scalar_one()
        if count < self.limit:
            return None
        # the failure whose expiry brings the count under the limit
        at = session.execute(
            select(FailureEvent.at)
            .where(*where)
            .order_by(FailureEvent.at)
            .offset(count - self.limit)
            .limit(1)
        ).scalar_one()
        return int(at) + self.window_ms - now

    def check(self, *keys: str) -> None:
        now = self._clock()
        with Session(self.read_engine) as session, session.begin():
            for key in keys:
                wait_ms = self._retry_ms(session, key, now)
                if wait_ms is not None:
                    retry = max(1, -(-wait_ms // 1000))
                    raise TooManyRequests(
                        detail="too many failed attempts; try again later",
                        headers={"Retry-After": str(retry)},
                    )

    def over(self, key: str) -> bool:
        now = self._clock()
        with Session(self.read_engine) as session, session.begin():
            return self._retry_ms(session, key, now) is not None

    def fail(self, *keys: str) -> None:
        now = self._clock()
        with Session(self.engine) as session, session.begin():
            session.execute(
                delete(FailureEvent).where(
                    FailureEvent.scope == self.scope, FailureEvent.at <= now - self.window_ms
                )
            )
            session.execute(
                insert(FailureEvent),
                [{"scope": self.scope, "key": _key(k), "at": now} for k in keys],
            )
