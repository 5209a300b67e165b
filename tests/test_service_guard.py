"""What every request meets first (415, 413, 408), who the client is (trusted proxies), and the
sign-in lock-out that an outsider cannot keep on (service.md §1, §6), through the real service.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from oylama.errors import InputError
from oylama.service import unlock_account
from oylama.service._address import TrustedProxies, address_key
from oylama.service._lockout import FREE_FAILURES, MAX_DELAY_MS, delay_ms
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama.store import open_store
from oylama_cli.main import main as oylama
from test_service_election import API, EID, JSON, STAFF_PASSWORD, Clock, login, problem

WRONG = "not-the-password"

#: Every state-changing route, with a path that exists.
ROUTES = [
    ("POST", f"{API}/session"),
    ("DELETE", f"{API}/session"),
    ("POST", f"{API}/accounts"),
    ("POST", f"{API}/elections"),
    ("PUT", f"{API}/elections/{EID}/definition"),
    ("PUT", f"{API}/elections/{EID}/credentials"),
    ("POST", f"{API}/elections/{EID}/staff"),
    ("POST", f"{API}/elections/{EID}/ceremony"),
    ("POST", f"{API}/elections/{EID}/ceremony/records"),
    ("POST", f"{API}/elections/{EID}/ceremony/shares"),
    ("POST", f"{API}/elections/{EID}/ceremony/commitment"),
    ("POST", f"{API}/elections/{EID}/open"),
    ("POST", f"{API}/elections/{EID}/close"),
    ("POST", f"{API}/elections/{EID}/tally"),
    ("POST", f"{API}/elections/{EID}/publish"),
    ("POST", f"{API}/elections/{EID}/tally/partials"),
    ("POST", f"{API}/elections/{EID}/ballots"),
]


@pytest.fixture
def service(sqlite_url: str) -> Iterator[tuple[str, Clock]]:
    """The service trusting 127.0.0.1 as a proxy (so tests can name client addresses with
    X-Forwarded-For), with a staff account and a short body timeout."""
    clock = Clock()
    with run_service(
        sqlite_url, clock=clock, forwarded_allow_ips="127.0.0.1", body_timeout=1.0
    ) as url:
        with httpx.Client(base_url=url, headers=JSON) as client:
            admin = login(client, ADMIN, ADMIN_PASSWORD)
            r = client.post(
                f"{API}/accounts",
                json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
                headers=admin,
            )
            assert r.status_code == 201
        yield url, clock


@pytest.mark.parametrize(
    "media", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
def test_415_before_anything_else(service: tuple[str, Clock], media: str | None) -> None:
    """No token, a huge body, a route that needs none: still 415 first, whatever the route.
    Exactly what a cross-site "simple" request can send is refused."""
    url, _ = service
    headers = {} if media is None else {"Content-Type": media}
    with httpx.Client(base_url=url) as client:
        for method, path in ROUTES:
            r = client.request(method, path, content=b'{"a": 1}', headers=headers)
            problem(r, 415, "application/json")
        big = b"x" * (2 * 1024 * 1024)
        problem(client.post(f"{API}/session", content=big, headers=headers), 415)
        # JSON with parameters is JSON; then the next checks speak (413, 401)
        typed = {"Content-Type": "Application/JSON; charset=utf-8"}
        problem(client.post(f"{API}/session", content=big, headers=typed), 413)
        problem(client.post(f"{API}/elections/{EID}/close", content=b"{}", headers=typed), 401)
        # a request with no body at all needs no type (the transitions take none)
        problem(client.post(f"{API}/elections/{EID}/close"), 401)
        # reads are not state-changing
        assert client.get(f"{API}/elections", headers=headers).status_code == 200


def test_slow_body_is_cut_with_408(service: tuple[str, Clock]) -> None:
    """A body trickled (or stopped) past the timeout gets 408 and the connection closes."""
    url, _ = service
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(
            f"POST {API}/session HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            "Content-Length: 100\r\n\r\n".encode()
            + b'{"username":'
        )
        start = time.monotonic()
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.endswith(b"}"):
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
        waited = time.monotonic() - start
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"application/problem+json" in answer and b"did not arrive" in answer
    assert 0.9 <= waited < 8
    # a body that arrives in time is served as usual
    with httpx.Client(base_url=url, headers=JSON) as client:
        assert client.get(f"{API}/health").status_code == 200


def _login(client: httpx.Client, password: str, address: str) -> httpx.Response:
    return client.post(
        f"{API}/session",
        json={"username": "staff1", "password": password},
        headers={"X-Forwarded-For": address},
    )


def test_login_lockout_per_user_and_address_with_growing_delays(
    service: tuple[str, Clock], sqlite_url: str
) -> None:
    url, clock = service
    guesser, owner = "203.0.113.7", "198.51.100.20"
    with httpx.Client(base_url=url, headers=JSON) as client:
        for _ in range(FREE_FAILURES):
            problem(_login(client, WRONG, guesser), 401)
        # the guesser's address must wait now, even with the right password ...
        r = _login(client, STAFF_PASSWORD, guesser)
        problem(r, 429, "unlock")
        assert r.headers["retry-after"] == "1"
        # ... while the account's owner, from another address, signs in at once
        assert _login(client, STAFF_PASSWORD, owner).status_code == 201
        # growing delays for the guesser: 1 s, 2 s, 4 s, ...
        waits = []
        for _ in range(4):
            r = _login(client, WRONG, guesser)
            if r.status_code == 429:
                waits.append(int(r.headers["retry-after"]))
                clock.now += waits[-1] * 1000
                r = _login(client, WRONG, guesser)
            problem(r, 401)
        assert waits == [1, 2, 4, 8]
        problem(_login(client, STAFF_PASSWORD, guesser), 429)
        # another user name from the guesser's address is not locked (but counted)
        problem(
            client.post(
                f"{API}/session",
                json={"username": ADMIN, "password": WRONG},
                headers={"X-Forwarded-For": guesser},
            ),
            401,
        )
    # the operator lifts it from the command line, on the database (no server, no sign-in)
    assert oylama(["accounts", "unlock", "staff1", "--db", sqlite_url]) == 0
    with httpx.Client(base_url=url, headers=JSON) as client:
        assert _login(client, STAFF_PASSWORD, guesser).status_code == 201


def test_without_trusted_proxies_x_forwarded_for_is_ignored(sqlite_url: str) -> None:
    """A client cannot pick the address it is counted under by sending X-Forwarded-For."""
    with (
        run_service(sqlite_url, clock=Clock()) as url,
        httpx.Client(base_url=url, headers=JSON) as client,
    ):
        for k in range(FREE_FAILURES):
            problem(_login(client, WRONG, f"192.0.2.{k}"), 401)
        problem(_login(client, ADMIN_PASSWORD, "192.0.2.200"), 429)


def test_unlock_command_refuses_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert oylama(["accounts", "unlock", "admin", "--data", str(tmp_path / "none")]) == 2
    assert "no service database" in capsys.readouterr().err


def test_unlock_clears_only_that_user(sqlite_url: str) -> None:
    clock = Clock()
    with run_service(sqlite_url, clock=clock, forwarded_allow_ips="127.0.0.1") as url:
        with httpx.Client(base_url=url, headers=JSON) as client:
            for user in (ADMIN, "someone"):
                for _ in range(FREE_FAILURES):
                    r = client.post(
                        f"{API}/session",
                        json={"username": user, "password": WRONG},
                        headers={"X-Forwarded-For": "203.0.113.9"},
                    )
                    problem(r, 401)
        engine = open_store(sqlite_url)
        try:
            assert unlock_account(engine, "someone") == 1
            assert unlock_account(engine, "someone") == 0
        finally:
            engine.dispose()
        with httpx.Client(base_url=url, headers=JSON) as client:
            r = client.post(
                f"{API}/session",
                json={"username": ADMIN, "password": ADMIN_PASSWORD},
                headers={"X-Forwarded-For": "203.0.113.9"},
            )
            problem(r, 429)


def test_delays_grow_and_cap() -> None:
    assert [delay_ms(f, 5) for f in range(4, 9)] == [0, 1000, 2000, 4000, 8000]
    assert delay_ms(10_000, 5) == MAX_DELAY_MS


def test_trusted_proxies_read_x_forwarded_for_from_the_right() -> None:
    none = TrustedProxies.parse(None)
    assert none.client("10.0.0.1", ["1.2.3.4"]) == "10.0.0.1"
    proxies = TrustedProxies.parse("10.0.0.0/8, 127.0.0.1")
    assert proxies.client("10.0.0.1", ["1.2.3.4"]) == "1.2.3.4"
    # a client's own X-Forwarded-For entries are left of what the proxy appended
    assert proxies.client("10.0.0.1", ["6.6.6.6, 1.2.3.4"]) == "1.2.3.4"
    assert proxies.client("10.0.0.1", ["6.6.6.6", "1.2.3.4, 10.0.0.2"]) == "1.2.3.4"
    assert proxies.client("10.0.0.1", ["garbage, 1.2.3.4"]) == "1.2.3.4"
    assert proxies.client("10.0.0.1", ["1.2.3.4, garbage"]) == "10.0.0.1"
    assert proxies.client("192.0.2.1", ["1.2.3.4"]) == "192.0.2.1"  # not a trusted peer
    assert proxies.client(None, []) == "unknown"
    assert TrustedProxies.parse("*").client("192.0.2.1", ["1.2.3.4"]) == "1.2.3.4"
    with pytest.raises(InputError, match="not an IP"):
        TrustedProxies.parse("10.0.0.0/8,example.org")
    assert address_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("192.0.2.1") == "192.0.2.1"


def test_serve_refuses_a_bad_proxy_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from oylama_cli.staff import _serve  # noqa: PLC0415 - the server's stack, for this test only

    assert _serve.main(["--data", str(tmp_path), "--forwarded-allow-ips", "10.0.0.0/8,proxy"]) == 2
    assert "'proxy' is not an IP address or network" in capsys.readouterr().err
