"""Attack (issue #13): any web page the voter visits makes the voter's own browser send junk
casts to the voting service -- 20 failures locked every cast from that address out for 15
minutes, the voter's valid ballot included.

Carried out for real: a page on another origin (``localhost`` vs the service's ``127.0.0.1``)
in Chromium fires 75 cross-site "simple" POSTs at the cast endpoint (``text/plain`` and form
bodies, which need no CORS preflight, and bodiless ones). Then a voter on the same address
casts a valid ballot.

What stops it: state-changing requests must be ``application/json`` (415 before anything else,
so typed junk is not even counted), and failures are counted per address only for unsigned
requests: a ballot validly signed by a listed credential is never refused for its address's
failures (service.md §5, §6.1).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import (
    API,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    login,
    open_election,
    problem,
)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
e2e = pytest.importorskip("test_web_e2e", reason="tests/test_web_e2e.py is needed (helpers)")

pytestmark = pytest.mark.skipif(not e2e.CHROMIUM.exists(), reason="Chromium is missing")

ATTACK = """<!doctype html><html><head><meta charset="utf-8"><title>cute cats</title></head>
<body><p>Nothing to see.</p><script>
const target = %r;
const jobs = [];
for (let i = 0; i < 25; i++) {
  jobs.push(fetch(target, {method: 'POST', mode: 'no-cors',
    headers: {'Content-Type': 'text/plain'},
    body: '{"credential":"AAAA","signature":"AAAA","ballot":{"x":' + i + '}}'}));
  jobs.push(fetch(target, {method: 'POST', mode: 'no-cors',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'a=' + i}));
  jobs.push(fetch(target, {method: 'POST', mode: 'no-cors'}));
}
Promise.allSettled(jobs).then((r) => { document.title = 'sent ' + r.length; });
</script></body></html>"""


@contextmanager
def _attacker(page: bytes) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_cross_site_junk_casts_do_not_lock_the_voter_out(sqlite_url: str) -> None:
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(21)) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1", "d1"])
        target = f"{url}{d.url('/ballots')}"
        with (
            _attacker((ATTACK % target).encode()) as evil,
            sync_api.sync_playwright() as p,
        ):
            browser = p.chromium.launch(executable_path=str(e2e.CHROMIUM), args=e2e.CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(evil)
            page.wait_for_function("document.title.startsWith('sent')", timeout=60_000)
            assert page.title() == "sent 75"
            browser.close()
        # The junk arrived from this address: its bodiless POSTs were counted against it,
        # so an unsigned request from here is now refused ...
        problem(d.cast(b'{"credential":"AAAA","signature":"AAAA","ballot":{}}'), 429)
        # ... while the voter on the same address casts a valid ballot, and its retry works
        body = d.ballot_body(d.voters[0], "k", [1, 0, 0])
        r = d.cast(body)
        assert r.status_code == 201, r.text
        assert d.cast(body).status_code == 200
        # typed junk never reaches a handler: 415 before anything else
        problem(
            client.post(d.url("/ballots"), content=b"{}", headers={"Content-Type": "text/plain"}),
            415,
        )
        # nothing of the junk is on the board: the manifest, staff, key, commitment,
        # credentials, opened and the one ballot
        assert d.view()["board_size"] == 7
