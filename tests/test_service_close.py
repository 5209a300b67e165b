"""A close sums its ballots in chunks in the proof-verifying processes (issue #19): the same
``tally`` entries as one sum (the auditor recomputes them from the ballots), the chunks' order
kept, a stream of chunks never held whole, and ``oylama serve --compute-limit`` for elections
whose close takes longer than the default two minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from oylama.crypto import TimeLimitError
from oylama.service._verify import Verifier
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_cli.staff import _serve
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


def test_the_pools_map_keeps_order_and_reads_jobs_as_it_goes() -> None:
    verifier = Verifier(2)
    try:
        read: list[int] = []

        def jobs() -> Iterator[int]:
            for k in range(-40, 0):
                read.append(k)
                yield k

        results = verifier.map(abs, jobs())
        assert next(results) == 40
        assert len(read) <= 2 * 2 + 1  # at most two jobs a worker in flight, then one more
        assert list(results) == list(range(39, 0, -1))

        def failing() -> Iterator[int]:
            yield 1
            raise TimeLimitError("out of time")

        with pytest.raises(TimeLimitError):
            list(verifier.map(abs, failing()))
        assert list(Verifier(None).map(abs, [-1, -2])) == [1, 2]  # inline without a pool
    finally:
        verifier.close()


@pytest.fixture
def pooled(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Driver]:
    # chunks of 2 ballots: a close of 9 counted ballots is 5 chunks, summed in 2 processes
    monkeypatch.setattr("oylama.service._elections.TALLY_CHUNK", 2)
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(9), verify_processes=2) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1"] * 4 + ["d2"] * 3, definition=EVERY_TALLY)
        yield d


def test_a_close_summed_in_the_verifying_processes_is_the_auditors_sum(pooled: Driver) -> None:
    d = pooled
    v = d.voters
    casts = [
        (v[0], "k", [1, 1, 0]),
        (v[1], "k", [0, 0, 1]),
        (v[2], "k", [1, 0, 0]),
        (v[3], "k", [0, 1, 0]),
        (v[3], "k", [1, 1, 0]),  # a revote: the first is not counted
        (v[4], "c", [3, 2]),
        (v[5], "c", [0, 5]),
        (v[0], "a", [1, 0, 1]),
        (v[4], "a", [0, 1, 1]),
        (v[6], "a", [1, 1, 0]),
    ]
    for voter, style, choices in casts:
        assert d.cast(d.ballot_body(voter, style, choices)).status_code == 201
    r = d.client.post(d.url("/close"), headers=d.staff)
    assert r.status_code == 200, r.text
    tallies = {t["style"]: t["ballots"] for t in d.client.get(d.url("/tally")).json()}
    assert tallies == {"k": 4, "c": 2, "a": 3}
    d.decrypt(d.trustees[0])
    assert d.client.post(d.url("/tally"), headers=d.staff).status_code == 200
    assert d.client.post(d.url("/publish"), headers=d.staff).status_code == 200
    result = {x["style"]: x["scores"] for x in d.client.get(d.url("/result")).json()}
    assert result == {"k": [3, 2, 1], "c": [3, 7], "a": [2, 2, 2]}
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(d.client.get(d.url("/record")).content)
    assert report.passed, report.failed_ids()  # R15 recomputes every sum from the ballots


def test_a_close_out_of_time_changes_nothing(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("oylama.service._elections.TALLY_CHUNK", 1)
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(3), compute_limit=0.0) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1", "d1"], definition=EVERY_TALLY)
        for voter in d.voters:
            assert d.cast(d.ballot_body(voter, "k", [1, 0, 0])).status_code == 201
        size = d.view()["board_size"]
        r = client.post(d.url("/close"), headers=d.staff)
        problem(r, 503, "time limit")
        assert (d.view()["status"], d.view()["board_size"]) == ("open", size)


def test_serve_takes_a_compute_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def create_app(engine: object, **options: Any) -> object:
        seen.update(options)
        return object()

    monkeypatch.setattr("oylama.service.create_app", create_app)
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: None)
    args = ["--data", str(tmp_path), "--verify-processes", "0"]
    assert _serve.main([*args, "--compute-limit", "900"]) == 0
    assert seen["compute_limit"] == 900.0
    assert _serve.main(args) == 0
    assert seen["compute_limit"] == 120.0
    for bad in ("0", "-5", "inf", "nan"):
        assert _serve.main([*args, "--compute-limit", bad]) == 2
