"""``oylama serve``, ``oylama ballot validate`` and ``oylama accounts``: municipal staff and the
service's operators.

``serve`` runs the election service; ``ballot validate`` checks a ballot definition (TOML) with
the same checks the service applies when staff upload it; ``accounts unlock`` lifts a sign-in
lock-out directly in the service's database (the operator may be the one locked out). Only
argparse here; the work is in :mod:`oylama_cli.staff._serve`, :mod:`oylama_cli.staff._ballot`
and :mod:`oylama_cli.staff._accounts`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

#: ``oylama serve`` parses its own arguments (so that ``oylama serve --help`` is its help).
SERVE = "serve"


def register(sub: Any) -> None:
    """Add ``serve`` (listed; parsed by :func:`serve`) and ``ballot``."""
    sub.add_parser(
        SERVE, help="run the election service (see `oylama serve --help`)", add_help=False
    ).add_argument("serve_args", nargs=argparse.REMAINDER)

    b = sub.add_parser("ballot", help="ballot definitions (TOML): validate")
    bsub = b.add_subparsers(dest="ballot_command", required=True, metavar="SUBCOMMAND")
    bv = bsub.add_parser(
        "validate",
        help="check a ballot definition file",
        description="Check a ballot definition (TOML, docs/ballots.md). Every problem is "
        "printed as FILE:LINE: field.path: reason; the exit code is 2 if there is any.",
    )
    bv.add_argument("file", metavar="FILE", type=Path)
    bv.set_defaults(run="oylama_cli.staff._ballot:validate")

    a = sub.add_parser("accounts", help="the service's accounts: unlock")
    asub = a.add_subparsers(dest="accounts_command", required=True, metavar="SUBCOMMAND")
    au = asub.add_parser(
        "unlock",
        help="lift a user's sign-in lock-out",
        description="Clear the failed sign-ins of USER from every address in the service's "
        "database, so that the right password works again at once. Works on the database "
        "directly (the same --data or --db as `oylama serve`), with or without a running "
        "server, and needs no sign-in.",
    )
    au.add_argument("username", metavar="USER")
    au.add_argument("--data", default="var", help="data directory for SQLite (default: var)")
    au.add_argument("--db", default=None, help="database URL (e.g. postgresql+psycopg://...)")
    au.set_defaults(run="oylama_cli.staff._accounts:unlock")


def serve(argv: list[str]) -> int:
    """``oylama serve ARGS``: run the service until interrupted; the exit code."""
    from oylama_cli.staff import _serve  # noqa: PLC0415 - only the server pays for its stack

    return _serve.main(argv)
