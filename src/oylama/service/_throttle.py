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
The counts are rows of ``failure_events`` (:class:`~oylama.service._windows.StoredWindow`), not
memory: every server process behind one address counts the same failures, and a restart
forgets none of them.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Engine

from oylama.service._accounts import Clock
from oylama.service._windows import StoredWindow

#: Failed casts per address, and per credential, within :data:`WINDOW_MS`.
ADDRESS_FAILURES: Final = 20
CREDENTIAL_FAILURES: Final = 10
WINDOW_MS: Final = 15 * 60 * 1000


class CastLimits:
    """The two windows of a service's casts, in the database: addresses and credentials."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        *,
        address_failures: int = ADDRESS_FAILURES,
        credential_failures: int = CREDENTIAL_FAILURES,
        window_ms: int = WINDOW_MS,
    ) -> None:
        self.addresses = StoredWindow(engine, "cast-address", address_failures, window_ms, clock)
        self.credentials = StoredWindow(
            engine, "cast-credential", credential_failures, window_ms, clock
        )

    @staticmethod
    def credential_key(election_id: str, credential: bytes) -> str:
        # no NUL: PostgreSQL text refuses it (the hex at the end makes any separator unique)
        return f"{election_id} {credential.hex()}"
