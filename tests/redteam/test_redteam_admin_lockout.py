"""Attack (issue #13): five wrong passwords for ``admin`` (or a guessable staff name) every
fifteen minutes kept the account locked out -- e.g. on the evening an election must close --
whatever the password, from everywhere.

Carried out for real against the service behind a trusted reverse proxy (so that clients at
different addresses can be told apart by ``X-Forwarded-For``): outsiders at several addresses
keep guessing ``admin``'s password for hours (injected clock); the operator, from another
address, signs in at once every time; an outsider also cannot pick the address it is counted
under.

What stops it: the lock-out is per (user name, client address), with growing delays; the
right password from any other address always works; ``oylama accounts unlock`` lifts it
(service.md §1, §6.2).
"""

from __future__ import annotations

import httpx

from oylama.service._lockout import FREE_FAILURES
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_cli.main import main as oylama
from test_service_election import API, JSON, Clock, problem

MINUTE = 60 * 1000


def _login(client: httpx.Client, password: str, address: str) -> httpx.Response:
    return client.post(
        f"{API}/session",
        json={"username": ADMIN, "password": password},
        headers={"X-Forwarded-For": address},
    )


def test_outsiders_cannot_keep_admin_locked_out(sqlite_url: str) -> None:
    clock = Clock()
    outsiders = ["203.0.113.1", "203.0.113.2", "198.51.100.7"]
    operator = "192.0.2.10"
    with (
        run_service(sqlite_url, clock=clock, forwarded_allow_ips="127.0.0.1") as url,
        httpx.Client(base_url=url, headers=JSON) as client,
    ):
        for _ in range(12):  # three hours, a burst of guesses every quarter of an hour
            for address in outsiders:
                for _ in range(FREE_FAILURES + 2):
                    r = _login(client, "guessed-wrong-again", address)
                    assert r.status_code in (401, 429), r.text
            # the operator signs in at once, every time, from its own address
            r = _login(client, ADMIN_PASSWORD, operator)
            assert r.status_code == 201, r.text
            clock.now += 15 * MINUTE
        # an outsider's own address is slowed (growing delays, up to 15 minutes), even with
        # the right password
        for _ in range(FREE_FAILURES + 2):
            _login(client, "guessed-wrong-again", outsiders[0])
        r = _login(client, ADMIN_PASSWORD, outsiders[0])
        problem(r, 429)
        assert int(r.headers["retry-after"]) > 60
        # a client that claims another address without a trusted proxy is not believed:
        # X-Forwarded-For is read only from the proxy (here 127.0.0.1) ... and the proxy
        # appends the real client, which is what counts
        r = client.post(
            f"{API}/session",
            json={"username": ADMIN, "password": ADMIN_PASSWORD},
            headers={"X-Forwarded-For": f"{operator}, {outsiders[0]}"},
        )
        problem(r, 429)
    # the operator can also lift the lock-out of the outsiders' addresses from the database
    assert oylama(["accounts", "unlock", ADMIN, "--db", sqlite_url]) == 0
    with (
        run_service(sqlite_url, clock=clock, forwarded_allow_ips="127.0.0.1") as url,
        httpx.Client(base_url=url, headers=JSON) as client,
    ):
        assert _login(client, ADMIN_PASSWORD, outsiders[0]).status_code == 201
