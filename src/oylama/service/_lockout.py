"""Sign-in lock-out that slows a password guesser without letting anyone lock an account out.

A lock-out keyed on the user name alone lets any outsider keep ``admin`` out (five wrong
passwords every fifteen minutes, say on the evening an election must close). Here failures are
counted per **(user name, client address)**: a guesser slows down only their own address, and
the right password from any other address still works. After :data:`FREE_FAILURES` failures
each further failure doubles the wait before the next attempt from that address for that name
is even checked (1 s, 2 s, 4 s, ... up to :data:`MAX_DELAY_MS`); while waiting, attempts get
``429`` with ``Retry-After`` and their password is not looked at. A success clears the count;
a count with no failure for :data:`FORGET_MS` is forgotten.

One more counter per address, whatever the user name (stored under the user name ``''``),
with a larger allowance (:data:`FREE_ADDRESS_FAILURES`), stops one address from trying many
names (each check is a deliberately slow argon2id hash, so this also bounds the CPU one
address can spend). IPv6 addresses are counted per ``/64``, the block one subscriber gets.

The counts are rows of ``login_failures`` (not memory): they hold across restarts and server
processes, and the operator lifts a lock-out with ``oylama accounts unlock USER`` (:func:`unlock`),
which needs no running server and no sign-in -- the operator may be the one locked out.

Every attempt is counted *before* the password is checked (one short write transaction), so
parallel guesses cannot slip through between the check and the count; a success then deletes
its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Engine, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from oylama.service._address import address_key
from oylama.service._problems import TooManyRequests
from oylama.store import LoginFailure

#: Failures per (user name, address) before delays start.
FREE_FAILURES: Final = 5

#: Failures per address (any user name) before delays start.
FREE_ADDRESS_FAILURES: Final = 50

#: The first delay and the longest one (milliseconds).
FIRST_DELAY_MS: Final = 1000
MAX_DELAY_MS: Final = 15 * 60 * 1000

#: A count with no failure for this long is forgotten (milliseconds).
FORGET_MS: Final = 24 * 3600 * 1000

#: The user name under which an address's failures for every name are counted.
ANY_USER: Final = ""


def delay_ms(failures: int, free: int) -> int:
    """How long after the ``failures``-th failure the next attempt must wait."""
    if failures < free:
        return 0
    return min(MAX_DELAY_MS, FIRST_DELAY_MS << min(failures - free, 30))


@dataclass(frozen=True, slots=True)
class Lockout:
    """The sign-in lock-out over an engine's ``login_failures`` table."""

    engine: Engine

    def attempt(self, username: str, address: str, now: int) -> None:
        """Count an attempt of ``username`` from ``address``; 429 if it must wait.

        Call before checking the password; call :meth:`succeeded` after a right one.
        """
        addr = address_key(address)
        keys = ((username[:64], addr, FREE_FAILURES), (ANY_USER, addr, FREE_ADDRESS_FAILURES))
        with Session(self.engine) as session, session.begin():
            rows = {
                (r.username, r.address): r
                for r in session.execute(
                    select(LoginFailure).where(
                        LoginFailure.address == addr,
                        LoginFailure.username.in_([k[0] for k in keys]),
                    )
                ).scalars()
            }
            wait = 0
            for user, _, _ in keys:
                row = rows.get((user, addr))
                if row is not None and now - row.last_failure < FORGET_MS:
                    wait = max(wait, row.blocked_until - now)
            if wait > 0:
                raise TooManyRequests(
                    detail="too many failed sign-ins from this address; try again later "
                    "(or from another address; the operator can lift this with "
                    "`oylama accounts unlock`)",
                    headers={"Retry-After": str(max(1, -(-wait // 1000)))},
                )
            for user, _, free in keys:
                row = rows.get((user, addr))
                fresh = row is None or now - row.last_failure >= FORGET_MS
                failures = 1 if fresh else row.failures + 1  # type: ignore[union-attr]
                _upsert(
                    session,
                    {
                        "username": user,
                        "address": addr,
                        "failures": failures,
                        "last_failure": now,
                        "blocked_until": now + delay_ms(failures, free),
                    },
                )
            # keep the table small: forget counts nobody has touched for a while
            session.execute(delete(LoginFailure).where(LoginFailure.last_failure < now - FORGET_MS))

    def succeeded(self, username: str, address: str, now: int) -> None:
        """A right password: this (user name, address) starts afresh, and the attempt is
        taken back from the address's count (a busy office signing in all day is not a
        guesser)."""
        addr = address_key(address)
        with Session(self.engine) as session, session.begin():
            session.execute(
                delete(LoginFailure).where(
                    LoginFailure.username == username[:64], LoginFailure.address == addr
                )
            )
            session.execute(
                update(LoginFailure)
                .where(LoginFailure.username == ANY_USER, LoginFailure.address == addr)
                .values(
                    failures=case((LoginFailure.failures > 0, LoginFailure.failures - 1), else_=0),
                    blocked_until=now,
                )
            )


def _upsert(session: Session, row: dict[str, Any]) -> None:
    dialect = session.get_bind().dialect.name
    stmt: Any = (postgresql if dialect == "postgresql" else sqlite).insert(LoginFailure)
    stmt = stmt.values(**row).on_conflict_do_update(
        index_elements=["username", "address"],
        set_={k: row[k] for k in ("failures", "last_failure", "blocked_until")},
    )
    session.execute(stmt)


def unlock(engine: Engine, username: str) -> int:
    """Lift every lock-out of ``username`` (all addresses); how many counts were cleared.

    For the operator (``oylama accounts unlock``). The per-address counts of all names
    (``''``) of the addresses involved are cleared too, so the user can sign in at once.
    """
    with Session(engine) as session, session.begin():
        addresses = list(
            session.scalars(select(LoginFailure.address).where(LoginFailure.username == username))
        )
        cleared = len(addresses)
        session.execute(delete(LoginFailure).where(LoginFailure.username == username))
        if addresses:
            session.execute(
                delete(LoginFailure).where(
                    LoginFailure.username == ANY_USER, LoginFailure.address.in_(addresses)
                )
            )
    return cleared
