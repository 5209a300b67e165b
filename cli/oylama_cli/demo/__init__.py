"""``oylama demo``: a whole encrypted election on this machine, through the real service.

For anyone trying oylama for the first time (``make demo`` runs ``oylama demo --serve``). Only
argparse here; the work is in :mod:`oylama_cli.demo._run`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    """Add ``demo`` to the ``oylama`` parser's subparsers."""
    d = sub.add_parser(
        "demo",
        help="run a whole encrypted election on the embedded database (İzmir, synthetic)",
        description="Seed and run a complete election through the real service on SQLite: the "
        "example İzmir ballot definition, 3 trustees (threshold 2), N voters across three "
        "neighbourhoods casting random valid ballots, tally, publication; then print the result "
        "and where to look.",
    )
    d.add_argument("--voters", type=int, default=200, help="number of voters (default 200)")
    d.add_argument("--record", type=Path, help="write the election record to this file")
    d.add_argument("--data", type=Path, help="keep the embedded database in this directory")
    d.add_argument(
        "--serve",
        action="store_true",
        help="keep serving afterwards, with a second open election and credential codes to try",
    )
    d.add_argument("--port", type=int, default=0, help="port to serve on (default: a free one)")
    d.set_defaults(run="oylama_cli.demo._run:main")
