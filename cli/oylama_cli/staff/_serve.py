"""What ``oylama serve`` does: run the election service with uvicorn.

On start-up it opens the store (SQLite in ``--data`` by default, or ``--db URL``), runs the
Alembic migrations (idempotent; concurrent starts are serialised by the migration lock) and
makes sure the admin account exists. On the first start without ``--admin-password-file`` it
generates the admin's password and prints it once: it is stored only as an argon2id hash.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

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
        "--verify-processes",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes verifying ballot proofs (default: one per core; 0: in threads)",
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


def main(argv: list[str] | None = None) -> int:
    """Run the service until interrupted; the exit code (2 for bad arguments or input)."""
    args = _parser().parse_args(argv)
    import uvicorn  # noqa: PLC0415 - only the server needs it

    from oylama.service import MAX_BALLOTS, ORIGIN_DOMAIN, create_app, ensure_admin  # noqa: PLC0415
    from oylama.store import open_store, upgrade_to_head  # noqa: PLC0415

    try:
        engine = open_store(args.db, data_dir=None if args.db else args.data)
        upgrade_to_head(engine)
        password, generated = _admin_password(args.admin_password_file)
        created = ensure_admin(engine, ADMIN_USERNAME, password)
        app = create_app(
            engine,
            origin_domain=args.origin_domain or ORIGIN_DOMAIN,
            verify_processes=args.verify_processes or None,
            forwarded_allow_ips=args.forwarded_allow_ips,
            max_ballots=MAX_BALLOTS if args.max_ballots is None else args.max_ballots,
        )
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
    try:
        # proxy_headers off: the app decides which X-Forwarded-For to believe
        # (--forwarded-allow-ips); uvicorn's default would believe 127.0.0.1's.
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", proxy_headers=False)
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
