"""The homomorphic sums of chunks of counted ballots, for ``close`` (record §2 item 9).

Closing an election sums every counted ballot's ciphertexts per style: for a million ballots,
decoding the entries and adding their points is minutes of one core's work, nearly all of a
close. The sum is linear, so chunks of ballots are summed on their own -- in the service's
proof-verifying processes, beside the casts they verify (:meth:`Verifier.map
<oylama.service._verify.Verifier.map>`) -- and the chunks' sums added in the request's thread:
the same ``tally`` entries as one sum over all ballots, in less time on more cores.

This module is what a pool worker imports for that: the function and what it needs, no
database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from oylama.board import decode_entry
from oylama.crypto import BallotStyle, Ciphertext, EncryptedBallot, tally_selections
from oylama.election import BallotPayload, decode_payload


def ballot_at(data: bytes) -> EncryptedBallot:
    """The encrypted ballot of a ``ballot`` entry's encoded bytes."""
    return decode_payload(decode_entry(data).payload, BallotPayload).encrypted_ballot()


def sum_entries(
    styles: Mapping[str, BallotStyle], rows: Sequence[tuple[str, bytes]]
) -> dict[str, tuple[int, list[Ciphertext]]]:
    """Per style, how many of ``rows`` (style id, encoded ``ballot`` entry) it holds and the
    sums of their selections (``tally_selections``)."""
    by_style: dict[str, list[EncryptedBallot]] = {}
    for sid, data in rows:
        by_style.setdefault(sid, []).append(ballot_at(data))
    return {
        sid: (len(ballots), tally_selections(styles[sid], ballots))
        for sid, ballots in by_style.items()
    }
