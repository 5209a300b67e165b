"""Paper ballots (record.md §2 items 7b-7c), written from the spec.

A ``paper-keyer`` entry publishes a staff account's Ed25519 keying key; a ``paper-ballot``
entry carries a ballot in the clear and two keyings: signatures by two different staff
accounts, each under its key in force, over

    "oylama/paper-ballot-signature/v1" || LP(E) || {"credential","style","choices","station"}

(the statement's canonical JSON). Its choices obey the style's rules (ballots §2) and add to
the tally, per project, what an online ballot's selection would after the knapsack
unscaling: the choice, or ``v + V`` for a quadratic style -- as the trivial encryption
``(O, P·G)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from oylama_audit._ballot import Style, check_choices, offset
from oylama_audit._ed25519 import is_valid_point
from oylama_audit._errors import AuditError
from oylama_audit._group import IDENTITY, add, base, lp
from oylama_audit._wire import Wire, encode

TAG = b"oylama/paper-ballot-signature/v1"
MAX_STATION = 64


class PaperKeyerPayload(Wire):
    account: str
    key: bytes


class PaperStatement(Wire):
    credential: bytes
    style: str
    choices: list[int]
    station: str


class PaperKeying(Wire):
    account: str
    signature: bytes


class PaperBallotPayload(Wire):
    credential: bytes
    style: str
    choices: list[int]
    station: str
    keyings: list[PaperKeying]


def message(election_id: str, p: PaperBallotPayload) -> bytes:
    statement = PaperStatement(
        credential=p.credential, style=p.style, choices=list(p.choices), station=p.station
    )
    return TAG + lp(election_id.encode("utf-8")) + encode(statement)


def check_key(key: bytes) -> None:
    if not is_valid_point(key):
        raise AuditError("the keyer key is not a canonical Ed25519 point of prime order")


def check_station(station: str) -> None:
    if not 1 <= len(station) <= MAX_STATION:
        raise AuditError(f"station: 1 to {MAX_STATION} characters")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in station) or not station.strip():
        raise AuditError("station: a control character, or nothing visible")


def check_keyings(
    election_id: str, p: PaperBallotPayload, roster: Sequence[str], keys: dict[str, bytes]
) -> None:
    """Exactly two keyings, by two different accounts of the roster in force, each signed
    under the account's keying key in force."""
    accounts = [k.account for k in p.keyings]
    if len(accounts) != 2 or len(set(accounts)) != 2:
        raise AuditError(
            f"keyed by {accounts}: a paper ballot needs two keyings by two different accounts"
        )
    msg = message(election_id, p)
    for k in p.keyings:
        if k.account not in roster:
            raise AuditError(f"keyer {k.account!r} is not staff of the election at this entry")
        key = keys.get(k.account)
        if key is None:
            raise AuditError(f"keyer {k.account!r} has no keying key on the board before it")
        try:
            VerifyKey(key).verify(msg, k.signature)
        except (BadSignatureError, ValueError):
            raise AuditError(f"the keying signature of {k.account!r} does not verify") from None


def check_paper_choices(style: Style, choices: Sequence[int]) -> None:
    check_choices(style, choices)


def tally_values(style: Style, choices: Sequence[int]) -> list[int]:
    o = offset(style) if style.kind == "quadratic" else 0
    return [x + o for x in choices]


def clear_ciphertexts(totals: Sequence[int]) -> list[tuple[bytes, bytes]]:
    return [(IDENTITY, base(t) if t else IDENTITY) for t in totals]


def add_clear(
    sums: Sequence[tuple[bytes, bytes]], totals: Sequence[int]
) -> list[tuple[bytes, bytes]]:
    return [
        (add(a, c), add(b, d))
        for (a, b), (c, d) in zip(sums, clear_ciphertexts(totals), strict=True)
    ]
