"""The demo's polling station (issue #18 item 5): paper ballots keyed twice by two staff.

Residents without a device hand their letter to the staff at a polling station; two staff
members, each on their own device with a keying key that never leaves it, key the paper
ballot against the letter's code. The first keying waits; the second, by the other account
and with the same choices, puts the ballot on the board (docs/spec/service.md §5.2). The demo
keys its paper voters' own district ballots this way, with random valid choices, and counts
them in the plaintext recount like every other ballot.
"""

from __future__ import annotations

import random
import secrets

from oylama.client import PaperKeyer, ServiceClient, random_choices
from oylama.election import Manifest

#: Where the demo's paper ballots are keyed.
STATION = "Karşıyaka Belediyesi Bostanlı Hizmet Binası"


def key_paper_ballots(  # noqa: PLR0917 (the demo's state, in its order)
    first: ServiceClient,
    second: ServiceClient,
    election_id: str,
    manifest: Manifest,
    voters: list[tuple[int, str, str]],
    rng: random.Random,
) -> dict[tuple[int, str], list[int]]:
    """Key each ``(number, code, district)`` voter's own district ballot on paper, by the two
    staff members ``first`` and ``second`` (signed in); returns the choices per
    ``(number, ballot)``. Raises if a keying is not what two agreeing keyings give."""
    keyers = [
        PaperKeyer(client, election_id, secrets.token_bytes(32)) for client in (first, second)
    ]
    for keyer in keyers:
        keyer.publish_key()
    counted: dict[tuple[int, str], list[int]] = {}
    for number, code, district in voters:
        ballot = next(b for b in manifest.ballots if b.district == district)
        choices = random_choices(ballot.ballot_style(), rng)
        once = keyers[0].key(code, ballot.id, choices, STATION)
        twice = keyers[1].key(code, ballot.id, choices, STATION)
        if (once.status, twice.status) != ("waiting", "accepted"):
            raise RuntimeError(f"paper ballot of voter {number}: {once.status}, {twice.status}")
        counted[(number, ballot.id)] = choices
    return counted
