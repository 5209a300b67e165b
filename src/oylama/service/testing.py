"""The real service under uvicorn on 127.0.0.1, in a background thread: for tests and demos.

End-to-end tests of the clients, the web page and the auditor talk to the same server that
``oylama serve`` runs, never an imitation::

    from oylama.service.testing import run_service, ADMIN, ADMIN_PASSWORD

    with run_service(data_dir=tmp_path) as url:      # or run_service("postgresql+psycopg://...")
        token = httpx.post(f"{url}/api/v1/session",
                           json={"username": ADMIN, "password": ADMIN_PASSWORD}).json()["token"]

:func:`run_service` opens the store, runs the migrations, creates the admin account and serves
:func:`oylama.service.create_app` on a free port until the block ends; :func:`serve_app` serves
any ASGI app the same way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from oylama.service import create_app
from oylama.service._accounts import ensure_admin
from oylama.store import open_store, upgrade_to_head

#: User name of the admin account :func:`run_service` creates.
ADMIN = "admin"

#: Its password (tests only: at least 12 characters, as every password).
ADMIN_PASSWORD = "admin-password-for-tests"


@contextmanager
def serve_app(app: Any, *, start_timeout: float = 10.0) -> Iterator[str]:
    """Run ``app`` under uvicorn on a free port of 127.0.0.1; yield ``http://127.0.0.1:PORT``."""
    # Port 0: the kernel picks a free port, read back once listening. (Handing uvicorn a socket
    # bound here instead made every response take about 40 ms: delayed ACKs.)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        access_log=False,
        lifespan="on",
        proxy_headers=False,  # the app reads X-Forwarded-For itself, from trusted proxies only
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="oylama-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def run_service(
    db_url: str | None = None,
    *,
    data_dir: str | Path | None = None,
    admin_password: str = ADMIN_PASSWORD,
    **app_options: Any,
) -> Iterator[str]:
    """The whole service on ``db_url`` (or SQLite in ``data_dir``), migrated, with the admin
    account :data:`ADMIN`; yields the base URL. ``app_options`` go to ``create_app``
    (``clock``, ``rng``, ``origin_domain``, ...)."""
    engine = open_store(db_url, data_dir=data_dir)
    try:
        upgrade_to_head(engine)
        ensure_admin(engine, ADMIN, admin_password)
        app = create_app(engine, **app_options)
        with serve_app(app) as url:
            yield url
    finally:
        engine.dispose()
