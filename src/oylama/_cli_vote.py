"""``oylama vote``: the reference voter's device on the command line.

It derives the signing key from the credential code (which never leaves the machine), checks
the election (manifest, base hash, the trustees' key, the credential list), encrypts and
proves the choices locally, signs, casts, and verifies the receipt (tracking code, signed
checkpoint, inclusion proof). ``--spoil`` first runs a Benaloh challenge: a ballot of the same
choices is opened and checked, never cast, and a fresh one is cast. Exit codes: 0 cast and
verified, 1 refused by the server or a check failed, 2 bad input (code, choices, files).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import msgspec

from oylama.client import (
    CastOutcome,
    ServiceClient,
    ServiceError,
    UnreachableError,
    VerificationError,
    Voter,
    parse_choices,
    random_choices,
)
from oylama.errors import InputError


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
    p.add_argument("--spoil", action="store_true", help="first spoil and check a ballot (Benaloh)")
    p.add_argument("--receipt", type=Path, metavar="FILE", help="write the receipts (JSON)")
    p.set_defaults(func=run)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def _error(line: str) -> None:
    sys.stderr.write(f"oylama: error: {line}\n")


def run(args: argparse.Namespace) -> int:
    """Cast as ``args`` say; returns the exit code."""
    client = ServiceClient(args.server)
    try:
        return _vote(args, client)
    except InputError as exc:
        _error(str(exc))
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        return 2
    except (ServiceError, UnreachableError, VerificationError) as exc:
        _error(str(exc))
        return 1
    finally:
        client.close()


def _vote(args: argparse.Namespace, client: ServiceClient) -> int:
    code = sys.stdin.readline().strip() if args.code == "-" else args.code
    voter = Voter(client, args.election, code)
    voter.load()
    eligible = [b.id for b in voter.ballots()]
    if args.ballot is not None:
        voter.style(args.ballot)  # refuses a ballot this voter may not cast
        targets = [args.ballot]
    elif args.random or len(eligible) == 1:
        targets = eligible
    else:
        raise InputError(f"choose the ballot with --ballot ({', '.join(eligible)})")
    choice_rng = random.Random(args.seed)
    outcomes: list[CastOutcome] = []
    for bid in targets:
        style = voter.style(bid)
        manifest_ballot = voter.context.manifest.ballot(bid)
        ids = [p.id for p in manifest_ballot.projects]
        if args.random:
            choices = random_choices(style, choice_rng)
        else:
            choices = parse_choices(style, ids, args.choices)
        outcome = voter.cast(bid, choices, spoil_first=args.spoil)
        if outcome.spoiled is not None:
            _say(f"{bid}: spoiled a ballot of these choices and checked it: it encrypted them")
        shown = ", ".join(f"{pid}={c}" for pid, c in zip(ids, choices, strict=True) if c)
        _say(f"{bid}: cast ({shown or 'empty vote'})")
        _say(f"  tracking code {outcome.tracking_code}")
        more = f", superseding entry {outcome.superseded}" if outcome.superseded is not None else ""
        _say(
            f"  board entry {outcome.index}{more}; receipt verified against the signed "
            f"checkpoint of size {outcome.checkpoint_size}"
        )
        outcomes.append(outcome)
    if args.receipt is not None:
        receipts = [
            {
                "election": args.election,
                "ballot": o.style,
                "tracking_code": o.tracking_code,
                "index": o.index,
                "superseded": o.superseded,
                "checkpoint_size": o.checkpoint_size,
            }
            for o in outcomes
        ]
        args.receipt.write_bytes(msgspec.json.format(msgspec.json.encode(receipts)) + b"\n")
        _say(f"receipts written to {args.receipt}")
    return 0
