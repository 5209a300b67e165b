"""``oylama trustee``: a trustee's steps of the key ceremony and the tally decryption.

Each subcommand is one step (``init``, ``records``, ``shares``, ``commit``, ``decrypt``);
``run`` does every step when it is due, polling the server, until this trustee has nothing
left to do. The trustee's secrets stay in ``--state FILE`` (mode 0600); the token identifies
the trustee to the server (service §4). Only argparse here; the work is in
:mod:`oylama_cli.trustees._run`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STEPS = ("init", "records", "shares", "commit", "decrypt", "run")


def register(subparsers: Any) -> None:
    """Add ``trustee`` and its subcommands to the ``oylama`` parser's subparsers."""
    p = subparsers.add_parser(
        "trustee",
        help="a trustee's key ceremony and tally decryption (secrets stay in a local file)",
        description="Run one trustee's part of an election: post the public record, send the "
        "sealed shares, check the shares received and commit to the joint key, then partially "
        "decrypt the tally after the election closes. 'run' does each step when it is due.",
    )
    sub = p.add_subparsers(dest="trustee_command", required=True, metavar="STEP")
    helps = {
        "init": "draw this trustee's secrets (state file, 0600) and post the public record",
        "records": "post (again) the public record",
        "shares": "send a sealed share to every other trustee (once all records are in)",
        "commit": "open and check the shares received, keep the key share, post the commitment",
        "decrypt": "partially decrypt every ballot's tally (once the election is closed)",
        "run": "do each step when it is due, polling the server, until done",
    }
    for name in STEPS:
        s = sub.add_parser(name, help=helps[name], description=helps[name])
        s.add_argument("--server", required=True, metavar="URL", help="the service's base URL")
        s.add_argument("--election", required=True, metavar="ID")
        s.add_argument("--token", required=True, metavar="T", help="this trustee's token")
        s.add_argument("--state", required=True, type=Path, metavar="FILE")
        if name == "init":
            s.add_argument("--index", type=int, metavar="L", help="1..n (default: from the server)")
            s.add_argument("--force", action="store_true", help="replace an existing state file")
        if name in ("decrypt", "run"):
            s.add_argument(
                "--no-recount",
                action="store_true",
                help="do not recompute the tally from the board's ballots before decrypting",
            )
        if name == "run":
            s.add_argument("--index", type=int, metavar="L", help="1..n (default: from the server)")
            s.add_argument("--interval", type=float, default=2.0, metavar="S")
            s.add_argument("--timeout", type=float, default=3600.0, metavar="S")
    p.set_defaults(run="oylama_cli.trustees._run:run")
