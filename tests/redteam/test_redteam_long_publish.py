"""Attack (issue #13): one slow writer stalls everything -- publish and tally computed inside
the database write transaction, so an 8 s publish delayed a cast to another election by
7.9 s, and ``/health`` took 5.75 s while casts waited.

Carried out for real: two elections on one service (SQLite, one write lock); election A's
allocation rule is made to take 5 seconds (the service's ``allocate_style``, wrapped to sleep
first -- what a hard max-welfare instance does); while A publishes, a voter casts in election
B and an observer asks ``/health``.

What stops it: close, tally and publish compute outside the write transaction and commit in a
short one (service.md §3); ``/health`` answers from threads of its own.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest

from oylama.service import _elections
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import (
    API,
    EVERY_TALLY,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    login,
    open_election,
)

SLOW = 5.0


def test_a_long_publish_does_not_delay_a_cast_to_another_election(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = _elections.allocate_style

    def slow_allocation(*args: Any, **kwargs: Any) -> Any:
        time.sleep(SLOW / 3)  # three styles: about SLOW seconds in all
        return original(*args, **kwargs)

    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(31)) as url,
        httpx.Client(base_url=url, timeout=120.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        staff = login(client, "staff1", STAFF_PASSWORD)
        a = Driver(client, staff, eid="slow-2026")
        b = Driver(client, staff, eid="busy-2026", rng=DetRng(9))
        open_election(a, ["d1", "d2"], definition=EVERY_TALLY)
        open_election(b, ["d1", "d1", "d1"])
        assert a.cast(a.ballot_body(a.voters[0], "k", [1, 1, 0])).status_code == 201
        assert client.post(a.url("/close"), headers=staff).status_code == 200
        a.decrypt(a.trustees[0])
        assert client.post(a.url("/tally"), headers=staff).status_code == 200
        bodies = [b.ballot_body(v, "k", [0, 1, 0]) for v in b.voters]  # encrypted beforehand

        monkeypatch.setattr(_elections, "allocate_style", slow_allocation)
        published: list[httpx.Response] = []
        started = time.monotonic()
        publisher = threading.Thread(
            target=lambda: published.append(client.post(a.url("/publish"), headers=staff))
        )
        publisher.start()
        time.sleep(0.5)  # the publish is computing now
        casts, health = [], []
        for body in bodies:
            t = time.monotonic()
            r = httpx.post(f"{url}{b.url('/ballots')}", content=body, headers=JSON, timeout=120)
            casts.append(time.monotonic() - t)
            assert r.status_code == 201, r.text
            t = time.monotonic()
            assert httpx.get(f"{url}{API}/health", timeout=120).status_code == 200
            health.append(time.monotonic() - t)
        assert publisher.is_alive(), "the publish should still be computing"
        publisher.join(120)
        took = time.monotonic() - started
    assert published and published[0].status_code == 200, published
    assert took >= SLOW
    # far below the publish's time: they did not wait for it (generous for a loaded machine)
    assert max(casts) < SLOW / 3, casts
    assert max(health) < SLOW / 5, health
