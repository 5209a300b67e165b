"""``oylama trustee``: a trustee's steps of the key ceremony and the tally decryption.

Each subcommand is one step (``init``, ``records``, ``shares``, ``commit``, ``decrypt``);
``run`` does every step when it is due, polling the server, until this trustee has nothing
left to do. The trustee's secrets stay in ``--state FILE`` (mode 0600); the token identifies
the trustee to the server (service §4). Exit codes: 0 done (or, for a single step, nothing
to do yet -- it says so), 1 the server refused or a check failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from oylama.client import ServiceClient, ServiceError, Trustee, UnreachableError, VerificationError
from oylama.errors import InputError

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
    p.set_defaults(func=run)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _error(line: str) -> None:
    sys.stderr.write(f"oylama: error: {line}\n")


def run(args: argparse.Namespace, *, sleep: Callable[[float], None] = time.sleep) -> int:
    """Run the step ``args.trustee_command``; returns the exit code."""
    client = ServiceClient(args.server, token=args.token)
    try:
        return _step(args, client, sleep)
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


def _open(args: argparse.Namespace, client: ServiceClient) -> Trustee:
    trustee = Trustee.open(client, args.state)
    if trustee.state.election_id != args.election:
        raise InputError(
            f"the state file is for election {trustee.state.election_id!r}, not {args.election!r}",
            source=str(args.state),
        )
    return trustee


def _step(args: argparse.Namespace, client: ServiceClient, sleep: Callable[[float], None]) -> int:
    step = args.trustee_command
    if step == "init" or (step == "run" and not args.state.exists()):
        if args.index is None:
            args.index = client.ceremony(args.election).index
            if args.index is None:
                _error("oylama trustee: the server does not know this token as a trustee here")
                return 1
        trustee = Trustee.init(
            client, args.election, args.index, args.state, force=getattr(args, "force", False)
        )
        _say(f"trustee {args.index}: secrets in {args.state} (mode 0600, keep it safe)")
        trustee.post_record()
        _say(f"trustee {args.index}: record posted")
        if step == "init":
            return 0
    trustee = _open(args, client)
    me = f"trustee {trustee.state.index}"
    recount = not getattr(args, "no_recount", False)
    if step == "records":
        trustee.post_record()
        _say(f"{me}: record posted")
    elif step == "shares":
        _say(f"{me}: " + ("shares posted" if trustee.post_shares() else "waiting for all records"))
    elif step == "commit":
        done = trustee.commit()
        _say(f"{me}: " + ("commitment posted" if done else "waiting for the shares to us"))
    elif step == "decrypt":
        done_ = trustee.decrypt(recount=recount)
        _say(
            f"{me}: "
            + {"posted": "partial decryptions posted", "waiting": "not closed yet"}.get(
                done_, f"the election is already {done_}"
            )
        )
    else:
        deadline = time.monotonic() + args.timeout
        last = ""
        while True:
            said = trustee.step(recount=recount)
            if said != last:  # a waiting line once, not at every poll
                _say(f"{me}: {said}")
                last = said
            if said.startswith("done"):
                return 0
            if not said.startswith("waiting"):
                continue
            if time.monotonic() >= deadline:
                _error(f"{me}: gave up after {args.timeout:g} s ({said})")
                return 1
            sleep(args.interval)
    return 0
