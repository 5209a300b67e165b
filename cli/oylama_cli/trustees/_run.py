"""What ``oylama trustee`` does: the identity key, each step of a trustee's key ceremony and
decryption.

Exit codes: 0 done (or, for a single step, nothing to do yet -- it says so), 1 the server
refused or a check failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import base64
import time
from collections.abc import Callable

from oylama.client import (
    ServiceClient,
    ServiceError,
    Trustee,
    UnreachableError,
    VerificationError,
    load_identity,
    new_identity,
)
from oylama.election import PinError
from oylama.errors import InputError
from oylama_cli._output import error, say
from oylama_cli._pins import pins_from


def keygen(args: argparse.Namespace) -> int:
    """Make the identity key; print its public half."""
    try:
        public = new_identity(args.identity, force=args.force)
    except InputError as exc:
        error(str(exc))
        return 2
    say(f"identity key in {args.identity} (mode 0600, keep it safe)")
    say("give this public identity key to the election's staff, out of band:")
    say(base64.b64encode(public).decode("ascii"))
    return 0


def run(args: argparse.Namespace, *, sleep: Callable[[float], None] = time.sleep) -> int:
    """Run the step ``args.trustee_command``; returns the exit code."""
    client = ServiceClient(args.server, token=args.token)
    try:
        return _step(args, client, sleep)
    except InputError as exc:
        error(str(exc))
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        error(f"{where}{exc.strerror or exc}")
        return 2
    except (ServiceError, UnreachableError, VerificationError, PinError) as exc:
        error(str(exc))
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
    pins = pins_from(args)
    s = trustee.state.pins
    # The state's pins were fixed at init: a later step may only add the credential fingerprint.
    if pins.board_key is not None and pins.board_key != s.board_key:
        raise InputError(f"the state pins the board key {s.board_key}, not {pins.board_key}")
    if pins.trustee_keys is not None and pins.trustee_keys != s.trustee_keys:
        raise InputError("the state pins other trustee identity keys")
    if pins.credentials is not None:
        trustee.pin_credentials(pins.credentials)
    return trustee


def _init(args: argparse.Namespace, client: ServiceClient) -> Trustee:
    if args.identity is None:
        raise InputError("give this trustee's identity key (--identity FILE)")
    pins = pins_from(args)
    if pins.trustee_keys is None:
        raise InputError(
            "pin the trustees' identity keys as they were handed to you (--trustee-keys FILE "
            "or --pins FILE)"
        )
    trustee = Trustee.init(
        client,
        args.election,
        args.state,
        identity=load_identity(args.identity),
        pins=pins,
        index=args.index,
        force=getattr(args, "force", False),
    )
    me = f"trustee {trustee.state.index}"
    say(f"{me}: secrets in {args.state} (mode 0600, keep it safe)")
    how = "pinned" if pins.board_key is not None else "first seen now, compare it with staff's"
    say(f"{me}: board key {trustee.board_key} ({how})")
    trustee.post_record()
    say(f"{me}: signed record posted")
    return trustee


def _step(args: argparse.Namespace, client: ServiceClient, sleep: Callable[[float], None]) -> int:
    step = args.trustee_command
    if step == "init" or (step == "run" and not args.state.exists()):
        _init(args, client)
        if step == "init":
            return 0
    trustee = _open(args, client)
    me = f"trustee {trustee.state.index}"
    workers = getattr(args, "workers", 1)
    if workers < 1:
        raise InputError("--workers must be at least 1")
    if step == "records":
        trustee.post_record()
        say(f"{me}: signed record posted")
    elif step == "shares":
        say(f"{me}: " + ("shares posted" if trustee.post_shares() else "waiting for all records"))
    elif step == "commit":
        done = trustee.commit()
        say(f"{me}: " + ("commitment posted" if done else "waiting for the shares to us"))
    elif step == "decrypt":
        done_ = trustee.decrypt(workers=workers, scheduler=getattr(args, "scheduler", None))
        say(
            f"{me}: "
            + {
                "posted": "board log verified, partial decryptions posted",
                "waiting": "not closed yet",
            }.get(done_, f"the election is already {done_}")
        )
        _withheld(trustee, me)
    else:
        deadline = time.monotonic() + args.timeout
        last = ""
        while True:
            said = trustee.step(workers=workers, scheduler=getattr(args, "scheduler", None))
            if said != last:  # a waiting line once, not at every poll
                say(f"{me}: {said}")
                last = said
                if said == "partial decryptions posted":
                    _withheld(trustee, me)
            if said.startswith("done"):
                return 0
            if not said.startswith("waiting"):
                continue
            if time.monotonic() >= deadline:
                error(f"{me}: gave up after {args.timeout:g} s ({said})")
                return 1
            sleep(args.interval)
    return 0


def _withheld(trustee: Trustee, me: str) -> None:
    for style in trustee.state.withheld:
        say(
            f"{me}: {style}: fewer counted ballots than the manifest's min_tally_ballots: "
            "not decrypted"
        )
