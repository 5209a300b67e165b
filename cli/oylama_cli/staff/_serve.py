"""What ``oylama serve`` does: run the election service with uvicorn.

On start-up it opens the store (SQLite in ``--data`` by default, or ``--db URL``), runs the
Alembic migrations (idempotent; concurrent starts are serialised by the migration lock) and
makes sure the admin account exists. On the first start without ``--admin-password-file`` it
generates the admin's password and prints it once: it is stored only as an argon2id hash.

``--workers N`` runs N server processes behind the one address (uvicorn's supervisor, which
restarts a worker that dies). Every process builds its own app over the same database, which
holds everything that decides behaviour -- sessions, the failure limits, which ballot is new
or a retry or a revote, spoil counts, the board and its lock -- so the processes need to share
nothing else (docs/storage.md). Each process verifies proofs in its own pool of
``--verify-processes`` (default: the cores divided among the workers).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from oylama.errors import InputError

#: The admin account created on first start.
ADMIN_USERNAME = "admin"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="oylama serve", description="Run the oylama election service (HTTP, uvicorn)."
    )
    p.add_argument("--data", default="var", help="data directory for SQLite (default: var)")
    p.add_argument("--db", default=None, help="database URL (e.g. postgresql+psycopg://...)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    p.add_argument(
        "--admin-password-file",
        default=None,
        help="file whose first line is the admin's password (used on first start only)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes behind the one address, sharing the database (default 1)",
    )
    p.add_argument(
        "--verify-processes",
        type=int,
        default=None,
        help="processes verifying ballot proofs, per server process (default: the cores "
        "divided among --workers; 0: in the request threads)",
    )
    p.add_argument(
        "--origin-domain",
        default=None,
        help="board origin prefix: an election's log is <domain>/<election id>",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        default=None,
        metavar="IPS",
        help="reverse proxies whose X-Forwarded-For names the client: comma-separated "
        "addresses or networks, or '*' (default: none; the connection's peer is the client)",
    )
    p.add_argument(
        "--compute-limit",
        type=float,
        default=None,
        metavar="SECONDS",
        help="seconds a close, tally or publish may compute before it gives up with 503 "
        "(default: 120; a close sums a million ballots in minutes of a core, docs/performance.md)",
    )
    p.add_argument(
        "--max-ballots",
        type=int,
        default=None,
        metavar="N",
        help="most ballots one credential may cast per ballot style, revotes included "
        "(default: 20)",
    )
    return p


def _admin_password(path: str | None) -> tuple[str, bool]:
    """The admin password from the file, or a generated one (and whether it was generated)."""
    if path is None:
        return secrets.token_urlsafe(18), True
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=path) from None
    lines = text.splitlines()
    password = lines[0] if lines else ""
    return password, False


#: The settings every server process builds its app from (``--workers``: uvicorn starts the
#: processes, which import :func:`app_from_environment`).
_SETTINGS = "OYLAMA_SERVE_SETTINGS"


def _app(engine: Any, settings: dict[str, Any]) -> Any:
    """The app of one server process over ``engine`` (the same settings in every process)."""
    from oylama.service import create_app  # noqa: PLC0415

    return create_app(
        engine,
        origin_domain=settings["origin_domain"],
        verify_processes=settings["verify_processes"] or None,
        forwarded_allow_ips=settings["forwarded_allow_ips"],
        max_ballots=settings["max_ballots"],
        compute_limit=settings["compute_limit"],
    )


def app_from_environment() -> Any:
    """The app of one server process, from the settings the ``oylama serve`` parent left in
    the environment (the parent has run the migrations, made the admin account and checked
    the settings by building an app from them)."""
    from oylama.store import open_store  # noqa: PLC0415

    settings = json.loads(os.environ[_SETTINGS])
    engine = open_store(settings["db"], data_dir=settings["data"])
    return _app(engine, settings)


def main(argv: list[str] | None = None) -> int:
    """Run the service until interrupted; the exit code (2 for bad arguments or input)."""
    args = _parser().parse_args(argv)
    if args.workers < 1:
        print("oylama serve: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.compute_limit is not None and not 0 < args.compute_limit < float("inf"):
        print("oylama serve: --compute-limit must be a positive number", file=sys.stderr)
        return 2
    if args.verify_processes is None:
        args.verify_processes = max(1, (os.cpu_count() or 1) // args.workers)
    import uvicorn  # noqa: PLC0415 - only the server needs it

    from oylama.service import (  # noqa: PLC0415
        COMPUTE_LIMIT,
        MAX_BALLOTS,
        ORIGIN_DOMAIN,
        ensure_admin,
    )
    from oylama.store import open_store, upgrade_to_head  # noqa: PLC0415

    settings: dict[str, Any] = {
        "db": args.db,
        "data": None if args.db else str(args.data),
        "origin_domain": args.origin_domain or ORIGIN_DOMAIN,
        "verify_processes": args.verify_processes,
        "forwarded_allow_ips": args.forwarded_allow_ips,
        "max_ballots": MAX_BALLOTS if args.max_ballots is None else args.max_ballots,
        "compute_limit": COMPUTE_LIMIT if args.compute_limit is None else args.compute_limit,
    }
    try:
        engine = open_store(args.db, data_dir=None if args.db else args.data)
        upgrade_to_head(engine)
        password, generated = _admin_password(args.admin_password_file)
        created = ensure_admin(engine, ADMIN_USERNAME, password)
        app = _app(engine, settings)  # also checks the settings before any worker starts
    except InputError as exc:
        print(f"oylama serve: {exc}", file=sys.stderr)
        return 2
    if created and generated:
        print(
            f"created the admin account {ADMIN_USERNAME!r} with password: {password}\n"
            "(shown once; it is stored only as an argon2id hash)",
            flush=True,
        )
    elif created:
        print(f"created the admin account {ADMIN_USERNAME!r}", flush=True)
    # proxy_headers off: the app decides which X-Forwarded-For to believe
    # (--forwarded-allow-ips); uvicorn's default would believe 127.0.0.1's.
    if args.workers > 1:
        engine.dispose()
        os.environ[_SETTINGS] = json.dumps(settings)
        uvicorn.run(
            "oylama_cli.staff._serve:app_from_environment",
            factory=True,
            workers=args.workers,
            host=args.host,
            port=args.port,
            log_level="info",
            proxy_headers=False,
        )
        return 0
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", proxy_headers=False)
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
