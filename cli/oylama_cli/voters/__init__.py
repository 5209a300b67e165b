"""``oylama vote``: the reference voter's device on the command line.

It derives the signing key from the credential code (which never leaves the machine), checks
the election (manifest, base hash, the trustees' key from their signed records, the
credential list) -- against pinned values when given (``--pins``, ``--credentials-fingerprint``
with the digits printed on the letter; docs/spec/pins.md) -- encrypts and
proves the choices locally, signs, casts, and verifies the receipt (tracking code, signed
checkpoint, inclusion proof). ``--spoil`` first runs a Benaloh challenge: a ballot of the same
choices is opened, checked, published on the board (without the credential: its choices become
public) for anyone to check with other code (``oylama-audit spoiled``, the checker page), never
cast, and a fresh one is cast. A cast without an answer is resent byte for byte for up to
``--patience`` seconds, and the signed ballot is kept in ``--state`` until its receipt is
verified: running ``oylama vote`` again resends it rather than casting a new ballot (which would
supersede the one that may have counted). Only argparse here; the work is in
:mod:`oylama_cli.voters._run`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oylama_cli._pin_options import add_pin_arguments


def register(subparsers: Any) -> None:
    """Add ``vote`` to the ``oylama`` parser's subparsers."""
    p = subparsers.add_parser(
        "vote",
        help="cast a ballot with a credential code and verify the receipt",
        description="Cast an encrypted ballot: the code's key signs it, the receipt is verified "
        "(tracking code, signed checkpoint, inclusion proof). Choices: project ids for approval "
        "and knapsack ballots (--choices BOS-01,BOS-03), PROJECT=VALUE for points and votes "
        "(--choices MAV-01=3,MAV-04=7), or --random.",
    )
    p.add_argument("--server", required=True, metavar="URL")
    p.add_argument("--election", required=True, metavar="ID")
    p.add_argument(
        "--code", required=True, metavar="CODE", help="the credential code ('-': read stdin)"
    )
    p.add_argument(
        "--ballot",
        metavar="ID",
        help="which ballot (default: the only eligible one; with --random: each eligible one)",
    )
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--choices", metavar="TEXT")
    how.add_argument("--random", action="store_true", help="random valid choices")
    p.add_argument("--seed", type=int, help="seed of --random (default: unpredictable)")
    p.add_argument(
        "--spoil",
        action="store_true",
        help="first spoil, check and publish a ballot of the same choices (Benaloh; the "
        "spoiled ballot's choices become public, never with your credential)",
    )
    p.add_argument(
        "--spoiled-file",
        type=Path,
        metavar="FILE",
        help="with --spoil: also save the spoiled ballot (check it with oylama-audit spoiled)",
    )
    p.add_argument("--receipt", type=Path, metavar="FILE", help="write the receipts (JSON)")
    p.add_argument(
        "--state",
        type=Path,
        metavar="DIR",
        help="where a signed ballot waits for its receipt (default: $OYLAMA_STATE_DIR, "
        "else $XDG_STATE_HOME/oylama, else ~/.local/state/oylama)",
    )
    p.add_argument(
        "--patience",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to resend a cast that gets no answer (default 60)",
    )
    add_pin_arguments(p)
    p.set_defaults(run="oylama_cli.voters._run:run")
