"""What ``oylama vote`` does: the reference voter's device.

Exit codes: 0 cast and verified, 1 refused by the server or a check failed, 2 bad input (code,
choices, files).
"""

from __future__ import annotations

import argparse
import random
import sys

import msgspec

from oylama.client import (
    CastOutcome,
    PendingStore,
    ServiceClient,
    ServiceError,
    UnreachableError,
    VerificationError,
    Voter,
    default_directory,
    parse_choices,
    random_choices,
)
from oylama.crypto import to_json
from oylama.errors import InputError
from oylama_cli._output import error, say
from oylama_cli._pins import pins_from


def run(args: argparse.Namespace) -> int:
    """Cast as ``args`` say; returns the exit code."""
    client = ServiceClient(args.server)
    try:
        return _vote(args, client)
    except InputError as exc:
        error(str(exc))
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        error(f"{where}{exc.strerror or exc}")
        return 2
    except (ServiceError, UnreachableError, VerificationError) as exc:
        error(str(exc))
        return 1
    finally:
        client.close()


def _vote(args: argparse.Namespace, client: ServiceClient) -> int:
    code = sys.stdin.readline().strip() if args.code == "-" else args.code
    if not args.patience >= 0:
        raise InputError(f"--patience {args.patience}: give seconds, 0 or more")
    store = PendingStore(args.state if args.state is not None else default_directory())
    pins = pins_from(args)
    voter = Voter(
        client,
        args.election,
        code,
        pins=None if pins.empty else pins,
        pending=store,
        patience=args.patience,
    )
    voter.load()
    if not pins.empty:
        say("the election matches the pinned values")
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
            say(f"{bid}: spoiled a ballot of these choices and checked it: it encrypted them")
            say(
                f"  published as board entry {outcome.spoiled_index} (never counted); check it "
                "elsewhere: oylama-audit spoiled RECORD, or the election's /spoiled page"
            )
            if args.spoiled_file is not None:
                name = args.spoiled_file
                if len(targets) > 1:
                    name = name.with_name(f"{name.stem}-{bid}{name.suffix}")
                name.write_bytes(to_json(outcome.spoiled) + b"\n")
                say(f"  spoiled ballot written to {name}")
        if outcome.resent:
            say(
                f"{bid}: resent the ballot kept from an earlier run, whose answer had not come "
                "(the choices given now were not used; run again to vote anew)"
            )
        else:
            shown = ", ".join(f"{pid}={c}" for pid, c in zip(ids, choices, strict=True) if c)
            say(f"{bid}: cast ({shown or 'empty vote'})")
        say(f"  tracking code {outcome.tracking_code}")
        more = f", superseding entry {outcome.superseded}" if outcome.superseded is not None else ""
        say(
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
        say(f"receipts written to {args.receipt}")
    return 0
