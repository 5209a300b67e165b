"""Close, tally and publish compute outside the write lock, then commit in a short transaction
(docs/spec/service.md §3): casts made while the sums are computed are caught up, and a
computation that fails or runs out of time changes nothing and can be retried.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from oylama.crypto import TimeLimitError
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
    problem,
)

Hook = Callable[[str, str], None]


class Hooks:
    """The app's ``on_compute``: calls whatever the test put under the operation's name."""

    def __init__(self) -> None:
        self.by_operation: dict[str, Hook] = {}
        self.calls: list[str] = []

    def __call__(self, operation: str, election_id: str) -> None:
        self.calls.append(operation)
        hook = self.by_operation.pop(operation, None)
        if hook is not None:
            hook(operation, election_id)


@pytest.fixture
def hooked(sqlite_url: str) -> Iterator[tuple[Driver, Hooks, str]]:
    hooks = Hooks()
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(5), on_compute=hooks) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1", "d1", "d2", "d2"], definition=EVERY_TALLY)
        yield d, hooks, url


def _record_passes(d: Driver) -> None:
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(d.client.get(d.url("/record")).content)
    assert report.passed, report.failed_ids()


def test_close_catches_up_with_casts_made_while_summing(hooked: tuple[Driver, Hooks, str]) -> None:
    d, hooks, url = hooked
    v1, v2, v3, v4 = d.voters
    for body in (d.ballot_body(v1, "k", [1, 0, 0]), d.ballot_body(v3, "c", [2, 3])):
        assert d.cast(body).status_code == 201
    late = [
        d.ballot_body(v1, "k", [0, 1, 0]),  # supersedes a ballot already summed
        d.ballot_body(v2, "a", [1, 1, 0]),  # new
        d.ballot_body(v4, "c", [0, 5]),  # new
    ]

    def cast_meanwhile(_op: str, _eid: str) -> None:
        # Runs in the server between the sums and the commit: no write lock is held, so these
        # casts commit now (they would wait for the lock, and deadlock this test, otherwise).
        with httpx.Client(base_url=url, timeout=30.0, headers=JSON) as other:
            for body in late:
                assert other.post(d.url("/ballots"), content=body).status_code == 201

    hooks.by_operation["close"] = cast_meanwhile
    r = d.client.post(d.url("/close"), headers=d.staff)
    assert r.status_code == 200, r.text
    tallies = {t["style"]: t["ballots"] for t in d.client.get(d.url("/tally")).json()}
    assert tallies == {"k": 1, "c": 2, "a": 1}
    _record_passes(d)  # the auditor recomputes every sum from the counted ballots


def test_a_failed_or_slow_tally_or_publish_changes_nothing_and_a_retry_works(
    hooked: tuple[Driver, Hooks, str],
) -> None:
    d, hooks, _url = hooked
    assert d.cast(d.ballot_body(d.voters[0], "k", [1, 1, 0])).status_code == 201
    assert d.client.post(d.url("/close"), headers=d.staff).status_code == 200
    d.decrypt(d.trustees[0])
    size = d.view()["board_size"]

    def crash(_op: str, _eid: str) -> None:
        raise RuntimeError("the tally's machine caught fire")

    hooks.by_operation["tally"] = crash
    body = problem(d.client.post(d.url("/tally"), headers=d.staff), 500)
    assert "fire" not in body["detail"]  # internals stay in the log
    assert (d.view()["status"], d.view()["board_size"]) == ("closed", size)
    assert d.client.post(d.url("/tally"), headers=d.staff).status_code == 200

    def too_slow(_op: str, _eid: str) -> None:
        raise TimeLimitError("out of time")

    hooks.by_operation["publish"] = too_slow
    r = d.client.post(d.url("/publish"), headers=d.staff)
    problem(r, 503, "time limit", "try again")
    assert r.headers["retry-after"] == "60"
    assert d.view()["status"] == "tallied"
    assert d.client.post(d.url("/publish"), headers=d.staff).status_code == 200
    assert hooks.calls == ["close", "tally", "tally", "publish", "publish"]
    _record_passes(d)


def test_the_time_limit_applies_to_the_decryption(sqlite_url: str) -> None:
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(6), compute_limit=0.0) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1"], definition=EVERY_TALLY)
        assert d.client.post(d.url("/close"), headers=d.staff).status_code == 200
        d.decrypt(d.trustees[0])
        problem(d.client.post(d.url("/tally"), headers=d.staff), 503, "time limit")
        assert d.view()["status"] == "closed"
