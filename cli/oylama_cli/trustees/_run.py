"""What ``oylama trustee`` does: each step of a trustee's key ceremony and decryption.

Exit codes: 0 done (or, for a single step, nothing to do yet -- it says so), 1 the server
refused or a check failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from oylama.client import ServiceClient, ServiceError, Trustee, UnreachableError, VerificationError
from oylama.errors import InputError
from oylama_cli._output import error, say


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
    except (ServiceError, UnreachableError, VerificationError) as exc:
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
    return trustee


def _step(args: argparse.Namespace, client: ServiceClient, sleep: Callable[[float], None]) -> int:
    step = args.trustee_command
    if step == "init" or (step == "run" and not args.state.exists()):
        if args.index is None:
            args.index = client.ceremony(args.election).index
            if args.index is None:
                error("oylama trustee: the server does not know this token as a trustee here")
                return 1
        trustee = Trustee.init(
            client, args.election, args.index, args.state, force=getattr(args, "force", False)
        )
        say(f"trustee {args.index}: secrets in {args.state} (mode 0600, keep it safe)")
        trustee.post_record()
        say(f"trustee {args.index}: record posted")
        if step == "init":
            return 0
    trustee = _open(args, client)
    me = f"trustee {trustee.state.index}"
    recount = not getattr(args, "no_recount", False)
    if step == "records":
        trustee.post_record()
        say(f"{me}: record posted")
    elif step == "shares":
        say(f"{me}: " + ("shares posted" if trustee.post_shares() else "waiting for all records"))
    elif step == "commit":
        done = trustee.commit()
        say(f"{me}: " + ("commitment posted" if done else "waiting for the shares to us"))
    elif step == "decrypt":
        done_ = trustee.decrypt(recount=recount)
        say(
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
                say(f"{me}: {said}")
                last = said
            if said.startswith("done"):
                return 0
            if not said.startswith("waiting"):
                continue
            if time.monotonic() >= deadline:
                error(f"{me}: gave up after {args.timeout:g} s ({said})")
                return 1
            sleep(args.interval)
    return 0
