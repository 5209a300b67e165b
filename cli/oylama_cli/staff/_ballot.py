"""What ``oylama ballot validate`` does."""

from __future__ import annotations

import argparse
import sys

from oylama import ballots
from oylama_cli._output import error


def validate(args: argparse.Namespace) -> int:
    """Print a summary of a valid definition, or every problem as ``FILE:LINE: field: reason``."""
    try:
        definition = ballots.load(args.file)
    except ballots.DefinitionError as exc:
        for message in exc.messages():
            error(message)
        return 2
    e = definition.election
    lines = [
        f"{args.file}: valid: {e.id} ({e.city}), {len(definition.districts)} districts, "
        f"{len(definition.ballots)} ballots, tallies decrypted from {e.min_tally_ballots} "
        "counted ballots"
    ]
    lines += [
        f"  {bal.id}: {bal.kind}, {bal.district}, {len(bal.projects)} projects, "
        f"budget {bal.budget:,} {e.currency}, rule {bal.rule}"
        for bal in definition.ballots
    ]
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0
