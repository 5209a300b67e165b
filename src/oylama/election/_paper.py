"""Paper ballots keyed at a polling station (docs/spec/record.md §2 items 7b-7c).

A resident without a device votes on paper; two staff members each key the paper ballot
against the resident's letter code, on their own device. What makes "keyed twice by two
different people" checkable by anyone is that each keying is an Ed25519 signature by a key
whose private half never leaves the staff member's device (the console in the browser, or a
client library): the server only relays the signatures, so it cannot forge a double keying.
Each keyer's public key is on the board (a ``paper-keyer`` entry) before it signs anything.

Both keyings sign the same canonical *statement* -- election, credential, style, choices,
station -- so they agree exactly when the two keyed ballots are the same; the board entry
(``paper-ballot``) carries the statement's members and both signatures. The credential is the
public key derived from the letter code (credentials §3), so the code never reaches the server.

Choices are posted in the clear: the resident gave them to the station's staff on paper anyway,
and a clear ballot needs no proof -- anyone checks it against the style's rules, and the tally
adds its trivial encryption ``(O, x·G)`` (:func:`paper_tally_values`), which anyone recomputes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import msgspec
import nacl.exceptions
import nacl.signing

from oylama.crypto import BallotStyle, Ciphertext, Point, check_choices, quadratic_offset
from oylama.crypto.hazmat import base_mul
from oylama.election._identity import check_identity_key
from oylama.errors import InputError

#: What a keyer's signature signs: ``PAPER_SIGNATURE_TAG || LP(election_id) || statement``.
PAPER_SIGNATURE_TAG: Final = b"oylama/paper-ballot-signature/v1"

#: The longest polling-station name (characters).
MAX_STATION: Final = 64

#: Keyings a ``paper-ballot`` entry carries: exactly two, by two different staff accounts.
KEYINGS: Final = 2


class _Struct(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class PaperKeyer(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``paper-keyer``: staff ``account`` keys paper ballots with the Ed25519 key ``key`` from
    now on (a later entry for the same account replaces it: a lost device)."""

    account: str
    key: bytes


class PaperStatement(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What both keyers sign: the paper ballot of ``credential`` for ``style`` at ``station``."""

    credential: bytes
    style: str
    choices: list[int]
    station: str


class PaperKeying(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One keying: the staff ``account`` whose board key made ``signature``."""

    account: str
    signature: bytes


class PaperBallot(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``paper-ballot``: the statement's members and the two keyings, first keyer first."""

    credential: bytes
    style: str
    choices: list[int]
    station: str
    keyings: list[PaperKeying]

    def statement(self) -> PaperStatement:
        return PaperStatement(
            credential=self.credential,
            style=self.style,
            choices=list(self.choices),
            station=self.station,
        )


_ENCODER: Final = msgspec.json.Encoder()


def _lp(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def statement_bytes(statement: PaperStatement) -> bytes:
    """The statement's canonical JSON (record §1)."""
    return _ENCODER.encode(statement)


def paper_message(election_id: str, statement: PaperStatement) -> bytes:
    """What each keyer signs (record §2 item 7b)."""
    return PAPER_SIGNATURE_TAG + _lp(election_id.encode("utf-8")) + statement_bytes(statement)


def sign_paper(seed: bytes, election_id: str, statement: PaperStatement) -> bytes:
    """A keyer's signature with the Ed25519 key of ``seed`` (on the keyer's device)."""
    key = nacl.signing.SigningKey(seed)
    return key.sign(paper_message(election_id, statement)).signature


def keyer_public_key(seed: bytes) -> bytes:
    """The public half a keyer publishes in its ``paper-keyer`` entry."""
    return bytes(nacl.signing.SigningKey(seed).verify_key)


def verify_paper_signature(
    key: bytes, election_id: str, statement: PaperStatement, signature: bytes
) -> None:
    """Return if ``signature`` is ``key``'s over the statement; else :class:`InputError`."""
    check_identity_key(key, what="keyer key")
    if len(signature) != 64:
        raise InputError(f"a keying signature is 64 bytes, got {len(signature)}")
    try:
        nacl.signing.VerifyKey(key).verify(paper_message(election_id, statement), signature)
    except nacl.exceptions.BadSignatureError:
        raise InputError("the keying signature does not verify for this paper ballot") from None


def check_station(station: str) -> None:
    """A station name: 1 to :data:`MAX_STATION` characters, none a control character."""
    if not 1 <= len(station) <= MAX_STATION:
        raise InputError(f"station: 1 to {MAX_STATION} characters")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in station):
        raise InputError("station: no control characters")
    if not station.strip():
        raise InputError("station: a name with a visible character")


def check_paper_choices(style: BallotStyle, choices: Sequence[int]) -> None:
    """The paper ballot's choices are valid for its style (ballots §2), like any ballot's."""
    check_choices(style, list(choices))


def paper_tally_values(style: BallotStyle, choices: Sequence[int]) -> list[int]:
    """Per project, what the paper ballot adds to the decrypted tally (record §2 item 9): the
    choice (approval, knapsack: 0 or 1; cumulative: points), or ``v + V`` for a quadratic
    style (``V`` = ``max_votes`` if signed, else 0) -- what an online ballot's selection adds."""
    off = quadratic_offset(style) if style.kind == "quadratic" else 0
    return [x + off for x in choices]


def clear_sums(style: BallotStyle, ballots: Sequence[Sequence[int]]) -> list[Ciphertext]:
    """Per project, the trivial encryption ``(O, P·G)`` of the total ``P`` that ``ballots``
    (each a paper ballot's choices) add to the tally (record §2 item 9)."""
    totals = [0] * style.projects
    for choices in ballots:
        for k, v in enumerate(paper_tally_values(style, choices)):
            totals[k] += v
    identity = Point.decode(bytes(32), allow_identity=True)
    return [Ciphertext.from_points(identity, base_mul(p) if p else identity) for p in totals]
