"""What ``oylama accounts unlock`` does: lift a sign-in lock-out in the service's database."""

from __future__ import annotations

import argparse
from pathlib import Path

from oylama.errors import InputError
from oylama.service import unlock_account
from oylama.store import DEFAULT_DB_NAME, open_store, upgrade_to_head
from oylama_cli._output import say


def unlock(args: argparse.Namespace) -> int:
    """Clear USER's failed sign-ins; 0 (also when there were none), 2 for a bad database."""
    if args.db is None and not (Path(args.data) / DEFAULT_DB_NAME).is_file():
        raise InputError(f"no service database in {args.data!r} (give --data DIR or --db URL)")
    engine = open_store(args.db, data_dir=None if args.db else args.data)
    try:
        upgrade_to_head(engine)  # a database of an older version gets the table first
        cleared = unlock_account(engine, args.username)
    finally:
        engine.dispose()
    if cleared:
        say(f"{args.username}: sign-in lock-out lifted ({cleared} address(es) cleared)")
    else:
        say(f"{args.username}: no failed sign-ins recorded; nothing to lift")
    return 0
