"""The service on several processes over one PostgreSQL, and its faults (issue #19).

Real ``oylama serve`` processes (each its own interpreter, as an operator runs them), a real
PostgreSQL, real signals:

* two processes share everything that decides behaviour: a session opened on one works on the
  other and ends on both; failed sign-ins and failed casts count together; an identical retry
  on the other process is answered as a retry; the double-vote race spread over both counts
  exactly one ballot;
* ``oylama serve --workers 2`` runs two server processes behind one address;
* a frozen instance (SIGSTOP) holding an election's row lock stalls the others for at most the
  lock timeout (503 with ``Retry-After`` meanwhile) and only until the database ends its
  session; a frozen database (every PostgreSQL process stopped) makes ``/health`` answer 503,
  not hang; a database that is down is 503 with ``Retry-After`` and one log line;
* the crash test: kill -9 of the service, of the postmaster, of every database process, in the
  middle of a burst of casts: no acknowledged ballot lost, moved or duplicated, and the service
  answers within 0.5 s of the database's return. CI runs each kind once;
  ``OYLAMA_CRASH_RUNS=11`` runs each eleven times.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from oylama.board import EntryKind, decode_entry
from oylama.election import decode_record
from oylama.service.testing import ADMIN, ADMIN_PASSWORD
from oylama.store import CastBallot, open_store, verify_stored_log
from oylama.store._engine import PG_IDLE_IN_TRANSACTION_MS, PG_LOCK_TIMEOUT_MS
from oylama.store.testing import ThrowawayPostgres
from test_service_election import API, EID, STAFF_PASSWORD, Driver, login, open_election

BIN = Path(sys.executable).parent
JSON = {"Content-Type": "application/json"}
CRASH_RUNS = int(os.environ.get("OYLAMA_CRASH_RUNS", "1"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """One ``oylama serve`` (its supervisor process when ``--workers`` > 1)."""

    db: str
    directory: Path
    workers: int = 1
    extra: tuple[str, ...] = ()
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, wait: bool = True) -> None:
        password = self.directory / "admin-password"
        password.write_text(ADMIN_PASSWORD + "\n")
        self.log = self.directory / f"serve-{self.port}.log"
        self.process = subprocess.Popen(
            [
                str(BIN / "oylama"),
                "serve",
                "--db",
                self.db,
                "--port",
                str(self.port),
                "--admin-password-file",
                str(password),
                "--verify-processes",
                "0",
                "--workers",
                str(self.workers),
                *self.extra,
            ],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        if wait:
            self.wait_healthy(60)

    def wait_healthy(self, timeout: float) -> float:
        """Seconds until ``/health`` answered 200 (polled every 10 ms on one connection)."""
        started = time.monotonic()
        client = httpx.Client(timeout=2)
        while True:
            try:
                if client.get(f"{self.url}{API}/health").status_code == 200:
                    client.close()
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            assert self.process is not None and self.process.poll() is None, self.tail()
            if time.monotonic() - started > timeout:
                raise AssertionError(f"not healthy after {timeout} s\n{self.tail()}")
            time.sleep(0.01)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log else ""

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def servers(db: str, directory: Path, count: int, workers: int = 1) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        for _ in range(count):
            s = Server(db, directory, workers)
            s.start()
            started.append(s)
        yield started
    finally:
        for s in started:
            s.stop()


def _election(url: str) -> Driver:
    client = httpx.Client(base_url=url, timeout=60.0, headers=JSON)
    admin = login(client, ADMIN, ADMIN_PASSWORD)
    r = client.post(
        f"{API}/accounts",
        json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
    open_election(d, ["d1", "d1", "d2", "d2"])
    return d


def _cast(url: str, body: bytes, timeout: float = 60.0) -> httpx.Response:
    return httpx.post(
        f"{url}{API}/elections/{EID}/ballots", content=body, headers=JSON, timeout=timeout
    )


# -- what the processes share ----------------------------------------------------------------------


def test_processes_share_sessions_limits_retries_and_the_race(pg_url: str, tmp_path: Path) -> None:
    with servers(pg_url, tmp_path, 2) as (a, b):
        d = _election(a.url)
        ca, cb = (httpx.Client(base_url=s.url, timeout=60.0, headers=JSON) for s in (a, b))
        # a session opened on one process is one session everywhere
        token = login(ca, "staff1", STAFF_PASSWORD)
        assert cb.get(f"{API}/elections/{EID}/staff-view", headers=token).status_code == 200
        assert cb.delete(f"{API}/session", headers=token).status_code == 204
        assert ca.get(f"{API}/elections/{EID}/staff-view", headers=token).status_code == 401
        # failed sign-ins count together (the lock-out per user name and address, in the
        # database): alternating processes, the delays start after 5 failures in all -- counts
        # kept per process would allow 10 -- and then both processes refuse
        answers: list[tuple[int, int]] = []
        for k in range(40):
            r = (ca, cb)[k % 2].post(
                f"{API}/session", json={"username": "staff1", "password": "wrong-password!"}
            )
            assert r.status_code in (401, 429), r.text
            answers.append((k % 2, r.status_code))
            if {(0, 429), (1, 429)} <= set(answers):
                break
        assert {(0, 429), (1, 429)} <= set(answers), answers
        assert [code for _, code in answers[:5]] == [401] * 5
        assert sum(code == 401 for _, code in answers) < 10, answers
        # an identical retry on the other process is a retry, not a second ballot
        body = d.ballot_body(d.voters[1], "a", [1, 0, 0])
        first, again = _cast(a.url, body), _cast(b.url, body)
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["index"] == again.json()["index"]
        # the double-vote race, spread over both processes: one counted ballot; and the revote
        # limit (20 ballots per credential and style) holds across them: of 24 different
        # ballots exactly 20 are stored, each retry of one answered as a retry
        voter = d.voters[0]
        bodies = [d.ballot_body(voter, "a", [k % 2, (k // 2) % 2, 1]) for k in range(24)]
        jobs = [(s.url, body) for body in bodies for s in (a, b, a, b)]
        random.Random(3).shuffle(jobs)
        with ThreadPoolExecutor(16) as pool:
            responses = list(pool.map(lambda job: _cast(*job), jobs))
        by_body: dict[bytes, list[httpx.Response]] = {}
        for (_, body_sent), r in zip(jobs, responses, strict=True):
            by_body.setdefault(body_sent, []).append(r)
        stored = {k: v for k, v in by_body.items() if any(r.status_code == 201 for r in v)}
        refused = {k: v for k, v in by_body.items() if k not in stored}
        assert len(stored) == 20 and len(refused) == 4
        for rs in stored.values():  # one 201, then retries with the same receipt
            assert sorted(r.status_code for r in rs) == [200, 200, 200, 201], [r.text for r in rs]
            assert len({(r.json()["tracking_code"], r.json()["index"]) for r in rs}) == 1
        for rs in refused.values():
            assert all(r.status_code == 409 and "20 ballots" in r.text for r in rs)
        engine = open_store(pg_url)
        try:
            with Session(engine) as session, session.begin():
                mine = (CastBallot.election_id == EID, CastBallot.credential == voter.public_key)
                total = session.execute(select(func.count()).where(*mine)).scalar_one()
                counted = session.execute(
                    select(func.count()).where(*mine, CastBallot.superseded_by.is_(None))
                ).scalar_one()
                assert (total, counted) == (20, 1)
                verify_stored_log(session, EID)
        finally:
            engine.dispose()
        # failed casts (unknown credentials) count together per address: 20, then 429
        junk = body.replace(b64key(d.voters[1].public_key), b64key(bytes(range(32))))
        codes = [_cast((a, b)[k % 2].url, junk).status_code for k in range(22)]
        assert codes[:20] == [403] * 20 and codes[20:] == [429, 429]
        # a validly signed cast's failures count against its credential, together: a voter of
        # d1 casting d2's ballot is refused 10 times, then 429 (before any proof is checked)
        of_d1 = next(v for v in d.voters if v.credential.district == "d1")
        other = d.ballot_body(of_d1, "c", [1, 1])
        codes = [_cast((a, b)[k % 2].url, other).status_code for k in range(12)]
        assert codes[:10] == [403] * 10 and codes[10:] == [429, 429]


def b64key(key: bytes) -> bytes:
    import base64  # noqa: PLC0415

    return base64.b64encode(key)


def test_serve_workers_runs_processes_behind_one_address(pg_url: str, tmp_path: Path) -> None:
    """``--workers 2``: two processes answer on one port, and the options that change what
    they answer (``--max-ballots``, ``--forwarded-allow-ips``) reach both."""
    s = Server(
        pg_url,
        tmp_path,
        workers=2,
        extra=("--max-ballots", "1", "--forwarded-allow-ips", "127.0.0.1"),
    )
    s.start()
    try:
        assert s.process is not None
        children = _children(s.process.pid)
        assert len(children) >= 2, children
        d = _election(s.url)
        bodies = [d.ballot_body(v, "a", [1, 0, 0]) for v in d.voters]
        with ThreadPoolExecutor(4) as pool:
            codes = [r.status_code for r in pool.map(lambda b: _cast(s.url, b), bodies * 3)]
        assert codes.count(201) == len(bodies) and set(codes) <= {200, 201}
        # --max-ballots 1 in every process: each revote is refused, on whichever answers
        # (16 new connections: both processes answer some, or this would pass by chance
        # with probability 2^-15)
        revotes = [d.ballot_body(d.voters[k % 4], "a", [0, 1, 0]) for k in range(4)]
        codes = [_cast(s.url, revotes[k % 4]).status_code for k in range(16)]
        assert codes == [409] * 16
        # --forwarded-allow-ips in every process: junk from behind the trusted proxy counts
        # against the address the proxy names, so another client behind it is not refused
        junk = bodies[1].replace(b64key(d.voters[1].public_key), b64key(bytes(range(32))))

        def from_client(address: str) -> int:
            r = httpx.post(
                f"{s.url}{API}/elections/{EID}/ballots",
                content=junk,
                headers={**JSON, "X-Forwarded-For": address},
                timeout=60.0,
            )
            return r.status_code

        codes = [from_client("198.51.100.7") for _ in range(22)]
        assert codes[:20] == [403] * 20 and codes[20:] == [429, 429]
        assert [from_client("203.0.113.9") for _ in range(4)] == [403] * 4
    finally:
        s.stop()


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


# -- frozen instance, frozen and absent database ----------------------------------------------


LOCKER = """
import sys, time
from sqlalchemy import text
from oylama.store import open_store
engine = open_store(sys.argv[1])
with engine.connect() as c:
    c.execute(text("SELECT election_id FROM board_logs WHERE election_id = :e FOR UPDATE"),
              {"e": sys.argv[2]})
    print("locked", flush=True)
    time.sleep(600)
"""


def test_frozen_instance_holding_the_lock_stalls_nobody_for_long(
    pg_url: str, tmp_path: Path
) -> None:
    """An instance frozen inside its transaction (a paused VM): it holds the election's row
    lock. Another instance's casts wait at most the lock timeout and answer 503 with
    Retry-After, until the database ends the frozen session; then casting goes on."""
    with servers(pg_url, tmp_path, 1) as (b,):
        d = _election(b.url)
        frozen = subprocess.Popen(
            [sys.executable, "-c", LOCKER, pg_url, EID], stdout=subprocess.PIPE
        )
        try:
            assert frozen.stdout is not None and frozen.stdout.readline() == b"locked\n"
            frozen.send_signal(signal.SIGSTOP)
            started = time.monotonic()
            outcomes = []
            k = 0
            while True:
                body = d.ballot_body(d.voters[k % 4], "a", [0, 1, 0])
                t0 = time.monotonic()
                r = _cast(b.url, body)
                outcomes.append((r.status_code, time.monotonic() - t0))
                if r.status_code == 201:
                    break
                assert r.status_code == 503, r.text
                assert int(r.headers["Retry-After"]) >= 1
                k += 1
                assert time.monotonic() - started < 60, outcomes
            waited = time.monotonic() - started
            # never longer than the lock timeout per request (plus the cast's own work)
            assert max(t for _, t in outcomes) < PG_LOCK_TIMEOUT_MS / 1000 + 3, outcomes
            # casting resumed once the server ended the frozen session
            assert waited < (PG_IDLE_IN_TRANSACTION_MS + 2 * PG_LOCK_TIMEOUT_MS) / 1000 + 5
            assert outcomes[0][0] == 503  # it was really blocked
            assert "503, the database is unavailable" in b.tail()
            assert "Traceback" not in b.tail()
        finally:
            frozen.send_signal(signal.SIGCONT)
            frozen.kill()
            frozen.wait()


def test_frozen_and_absent_database(tmp_path: Path) -> None:
    with ThrowawayPostgres(durable=True) as pg, servers(pg.url("postgres"), tmp_path, 1) as (s,):
        d = _election(s.url)
        body = d.ballot_body(d.voters[0], "a", [1, 0, 0])
        assert _cast(s.url, body).status_code == 201
        pg.signal_all(signal.SIGSTOP)
        try:
            t0 = time.monotonic()
            r = httpx.get(f"{s.url}{API}/health", timeout=30)
            assert r.status_code == 503 and time.monotonic() - t0 < 8
        finally:
            pg.signal_all(signal.SIGCONT)
        assert s.wait_healthy(10) < 10
        later = d.ballot_body(d.voters[2], "a", [0, 0, 1])
        pg.kill(everything=False)
        t0 = time.monotonic()
        r = _cast(s.url, later)
        assert r.status_code == 503 and int(r.headers["Retry-After"]) >= 1, r.text
        assert time.monotonic() - t0 < 10
        assert httpx.get(f"{s.url}{API}/health", timeout=30).status_code == 503
        tail = s.tail()
        lines = [line for line in tail.splitlines() if "503, the database is unavailable" in line]
        assert lines and "Traceback" not in tail
        pg.resume()
        assert s.wait_healthy(10) < 0.5
        assert _cast(s.url, body).status_code == 200  # the retry finds its ballot


# -- the crash test ----------------------------------------------------------------------------


@dataclass
class Burst:
    """Clients casting distinct ballots until told to stop, resending each body until it is
    acknowledged (200 or 201), as the reference clients do."""

    url: Callable[[], str]
    bodies: list[bytes]
    acknowledged: dict[int, tuple[str, int]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    errors: list[str] = field(default_factory=list)

    def run(self, clients: int) -> threading.Thread:
        def one(k: int) -> None:
            while not self.stop.is_set() or k not in self.acknowledged:
                try:
                    r = _cast(self.url(), self.bodies[k], timeout=20)
                except httpx.HTTPError:
                    time.sleep(0.02)
                    continue
                if r.status_code in (200, 201):
                    self.acknowledged[k] = (r.json()["tracking_code"], r.json()["index"])
                    return
                if r.status_code not in (503, 502, 500):
                    self.errors.append(f"{r.status_code} {r.text}")
                    return
                time.sleep(0.02)

        def all_of() -> None:
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(one, range(len(self.bodies))))

        thread = threading.Thread(target=all_of, daemon=True)
        thread.start()
        return thread


def _bodies(d: Driver, count: int) -> list[bytes]:
    """Distinct ballots of the four voters (revotes among them)."""
    return [d.ballot_body(d.voters[k % 4], "a", [k % 2, (k // 2) % 2, 1]) for k in range(count)]


@pytest.mark.slow
@pytest.mark.parametrize("run", range(CRASH_RUNS))
@pytest.mark.parametrize("fault", ["service", "postmaster", "database"])
def test_crash_mid_burst_loses_nothing(tmp_path: Path, fault: str, run: int) -> None:
    with ThrowawayPostgres(durable=True) as pg:
        server = Server(pg.url("postgres"), tmp_path)
        server.start()
        try:
            d = _election(server.url)
            bodies = _bodies(d, 48)
            burst = Burst(lambda: server.url, bodies)
            thread = burst.run(clients=8)
            time.sleep(random.Random(run).uniform(0.3, 1.5))
            recovery = None
            if fault == "service":
                server.kill()
                server.start(wait=False)
                server.wait_healthy(60)
            else:
                pg.kill(everything=fault == "database")
                time.sleep(0.5)  # an outage: casts meanwhile are 503s
                pg.resume()
                recovery = server.wait_healthy(10)
            burst.stop.set()
            thread.join(timeout=300)
            assert not thread.is_alive() and not burst.errors, burst.errors
            assert len(burst.acknowledged) == len(bodies)
            # every acknowledged ballot is on the board, where its receipt said, once
            with httpx.Client(base_url=server.url, headers=JSON, timeout=60) as c:
                record = decode_record(c.get(f"{API}/elections/{EID}/record").content)
            entries = [decode_entry(e) for e in record.entries]
            ballots = {i for i, e in enumerate(entries) if e.kind == EntryKind.BALLOT}
            assert len(ballots) == len(bodies)  # none twice, none lost
            for code, index in burst.acknowledged.values():
                assert index in ballots
                r = httpx.get(f"{server.url}{API}/elections/{EID}/ballots/{code}", timeout=30)
                assert r.status_code == 200 and r.json()["index"] == index
            engine = open_store(pg.url("postgres"))
            try:
                with Session(engine) as session, session.begin():
                    verify_stored_log(session, EID)
                    session.execute(text("SELECT 1"))
            finally:
                engine.dispose()
            # (after the checks above, so that a slow recovery never hides a lost ballot)
            if recovery is not None:
                assert recovery <= 0.5, f"answered {recovery:.3f} s after the database returned"
        finally:
            server.stop()
