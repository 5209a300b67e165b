"""``oylama trustee``: a trustee's identity key, key ceremony steps and tally decryption.

``keygen`` makes the trustee's long-term identity key (its public half goes to the election's
staff out of band, before the ceremony). Each other subcommand is one step (``init``,
``records``, ``shares``, ``commit``, ``decrypt``); ``run`` does every step when it is due,
polling the server, until this trustee has nothing left to do. ``init`` pins the trustees'
identity keys and the board key (docs/spec/pins.md) in the state file, and every later step is
held to them. The trustee's secrets stay in ``--identity FILE`` and ``--state FILE`` (mode
0600); the token identifies the trustee to the server (service §4). Only argparse here; the
work is in :mod:`oylama_cli.trustees._run`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oylama_cli._pin_options import add_pin_arguments

STEPS = ("init", "records", "shares", "commit", "decrypt", "run")


def register(subparsers: Any) -> None:
    """Add ``trustee`` and its subcommands to the ``oylama`` parser's subparsers."""
    p = subparsers.add_parser(
        "trustee",
        help="a trustee's identity key, key ceremony and tally decryption (secrets stay local)",
        description="Run one trustee's part of an election: make an identity key, post the "
        "signed public record, send the sealed shares, check the shares received and commit "
        "to the joint key, then, after the election closes, verify the whole board log and "
        "partially decrypt the tally. 'run' does each step when it is due.",
    )
    sub = p.add_subparsers(dest="trustee_command", required=True, metavar="STEP")
    k = sub.add_parser(
        "keygen",
        help="make this trustee's identity key (hand its public key to staff out of band)",
        description="Write a new Ed25519 identity key to FILE (mode 0600) and print its public "
        "key, which the election's staff put in the manifest before the ceremony.",
    )
    k.add_argument("--identity", required=True, type=Path, metavar="FILE")
    k.add_argument("--force", action="store_true", help="replace an existing identity file")
    k.set_defaults(run="oylama_cli.trustees._run:keygen")
    helps = {
        "init": "pin the trustees' keys and the board key, draw this trustee's secrets (state "
        "file, 0600) and post the signed public record",
        "records": "post (again) the signed public record",
        "shares": "send a sealed share to every other trustee (once all records are in)",
        "commit": "open and check the shares received, keep the key share, post the commitment",
        "decrypt": "verify the closed board log in full, then partially decrypt every ballot's "
        "tally",
        "run": "do each step when it is due, polling the server, until done",
    }
    for name in STEPS:
        s = sub.add_parser(name, help=helps[name], description=helps[name])
        s.add_argument("--server", required=True, metavar="URL", help="the service's base URL")
        s.add_argument("--election", required=True, metavar="ID")
        s.add_argument("--token", required=True, metavar="T", help="this trustee's token")
        s.add_argument("--state", required=True, type=Path, metavar="FILE")
        if name in ("init", "run"):
            s.add_argument(
                "--identity",
                type=Path,
                metavar="FILE",
                help="this trustee's identity key (oylama trustee keygen); needed to start",
            )
            s.add_argument("--index", type=int, metavar="L", help="1..n (default: the manifest's)")
            add_pin_arguments(s)
        else:
            add_pin_arguments(s, board_key=False, trustee_keys=False)
        if name == "init":
            s.add_argument("--force", action="store_true", help="replace an existing state file")
        if name in ("decrypt", "run"):
            s.add_argument(
                "--workers",
                type=int,
                default=1,
                metavar="N",
                help="verify the ballots' proofs before decrypting on a local Dask cluster of N "
                "processes (default 1: in this process)",
            )
            s.add_argument(
                "--scheduler",
                metavar="ADDRESS",
                help="verify them on the running Dask cluster of this scheduler (tcp://HOST:PORT)",
            )
        if name == "run":
            s.add_argument("--interval", type=float, default=2.0, metavar="S")
            s.add_argument("--timeout", type=float, default=3600.0, metavar="S")
    p.set_defaults(run="oylama_cli.trustees._run:run")
