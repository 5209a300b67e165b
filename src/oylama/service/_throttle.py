"""Failure limits on casting: per client address and per credential, never across them.

A limit keyed only on the client address lets anyone who shares the address -- a household, an
office, a kiosk, a carrier's NAT, or any web page the voter visits, which can make the voter's
own browser send junk -- lock every voter there out. So the failures of a cast are counted on
what the request proves about itself (docs/spec/service.md §5):

* a request that is not validly signed by a listed credential (not JSON, not canonical, an
  unknown credential, a bad signature) can only count against its **address**
  (:data:`ADDRESS_FAILURES` per :data:`WINDOW_MS`; IPv6 per ``/64``);
* a request validly signed by a listed credential (only the voter, or whoever holds the
  voter's code, can make one) counts only against that **credential**
  (:data:`CREDENTIAL_FAILURES`): a ballot of another district, proofs that do not verify
  (each costs the server a full check), a replayed ``ballot_id``. Such a request is never
  refused because its address is over the limit.

An identical retry of a ballot already on the board is answered before any limit is looked at.
The counts live in memory (bounded; a restart forgets them): they slow abuse, they do not
decide anything that must survive.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Final

from oylama.service._accounts import Clock
from oylama.service._problems import TooManyRequests

#: Failed casts per address, and per credential, within :data:`WINDOW_MS`.
ADDRESS_FAILURES: Final = 20
CREDENTIAL_FAILURES: Final = 10
WINDOW_MS: Final = 15 * 60 * 1000


class SlidingWindow:
    """At most ``limit`` failures per key within ``window_ms``; the clock is injected.

    :meth:`check` raises 429 (with ``Retry-After`` in seconds) while a key is over its limit;
    :meth:`fail` records a failure. Keys with no recent failure are forgotten, and at most
    ``max_keys`` keys are kept (the oldest are dropped first), so memory stays bounded.
    """

    def __init__(
        self, limit: int, window_ms: int, clock: Clock, *, max_keys: int = 100_000
    ) -> None:
        self.limit = limit
        self.window_ms = window_ms
        self._clock = clock
        self._max_keys = max_keys
        self._failures: dict[str, deque[int]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: int) -> deque[int] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window_ms:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def check(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if times is not None and len(times) >= self.limit:
                    wait_ms = times[0] + self.window_ms - now
                    retry = max(1, -(-wait_ms // 1000))
                    raise TooManyRequests(
                        detail="too many failed attempts; try again later",
                        headers={"Retry-After": str(retry)},
                    )

    def over(self, key: str) -> bool:
        """Whether ``key`` is at its limit now (what :meth:`check` would refuse)."""
        now = self._clock()
        with self._lock:
            times = self._recent(key, now)
            return times is not None and len(times) >= self.limit

    def fail(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if times is None:
                    if len(self._failures) >= self._max_keys:
                        del self._failures[next(iter(self._failures))]
                    times = self._failures[key] = deque()
                times.append(now)


class CastLimits:
    """The two windows of a service's casts: addresses and credentials."""

    def __init__(
        self,
        clock: Clock,
        *,
        address_failures: int = ADDRESS_FAILURES,
        credential_failures: int = CREDENTIAL_FAILURES,
        window_ms: int = WINDOW_MS,
    ) -> None:
        self.addresses = SlidingWindow(address_failures, window_ms, clock)
        self.credentials = SlidingWindow(credential_failures, window_ms, clock)

    @staticmethod
    def credential_key(election_id: str, credential: bytes) -> str:
        return f"{election_id}\x00{credential.hex()}"
