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
    g = sub.add_parser(
        "generate-record",
        help="write a large, valid synthetic election record fast (for tests and benchmarks)",
        description="Make a valid election record of many ballots with the engine's pure APIs "
        "on every core, streamed to FILE: a 2-of-3 ceremony, a credential list, every ballot "
        "encrypted, proved and signed by its own credential, revotes, tally, decryption and "
        "allocation. Credential codes come from --seed: a test record, never a real election.",
    )
    g.add_argument("--ballots", type=int, required=True, help="ballots to cast (revotes aside)")
    g.add_argument("--out", type=Path, required=True, help="the record file to write")
    g.add_argument(
        "--shape",
        choices=("knapsack20", "consultation"),
        default="knapsack20",
        help="knapsack20: one city-wide 20-project knapsack ballot per voter (default); "
        "consultation: six city-wide questions every voter answers (cheaper ballots)",
    )
    g.add_argument("--revotes", type=int, default=0, help="casts repeated by their voter")
    g.add_argument(
        "--abstaining",
        type=int,
        default=0,
        help="voters on the credential list who cast nothing (a list of more than about "
        "190,000 voters is published in several entries)",
    )
    g.add_argument("--workers", type=int, default=None, help="processes (default: every core)")
    g.add_argument("--seed", type=int, default=1, help="seed of the codes and choices")
    g.add_argument(
        "--checkpoint-every",
        type=int,
        default=1000,
        help="sign a checkpoint every N entries (besides opened, closed, results, the end)",
    )
    g.add_argument("--pins", type=Path, help="also write the pin file for oylama-audit")
    g.set_defaults(run="oylama_cli.demo._generate:main")
