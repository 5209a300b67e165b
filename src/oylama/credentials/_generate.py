"""Off-line generation: one credential per voter of the roll.

Runs at the credential authority, not on the server: the secret codes go to the letter printer,
only the public list is uploaded. Randomness is injected so tests and known-answer vectors are
reproducible; the default is the operating system's (:func:`secrets.token_bytes`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

import msgspec

from oylama.credentials._code import format_code, new_code
from oylama.credentials._keys import public_credential
from oylama.credentials._public import (
    FORMAT,
    PublicCredential,
    PublicCredentialList,
    encode_key,
)
from oylama.credentials._roll import RollEntry
from oylama.errors import InputError


class SecretCredential(msgspec.Struct, frozen=True, kw_only=True):
    """What the letter to one voter carries: their id, district and printed code."""

    voter_id: str
    district: str
    code: str


def generate(
    roll: Iterable[RollEntry],
    *,
    election_id: str,
    rng: Callable[[int], bytes] = secrets.token_bytes,
) -> tuple[list[SecretCredential], PublicCredentialList]:
    """Secret credentials in roll order, and the public list (sorted by key, no voter ids).

    Codes are drawn in roll order, 15 bytes each; a code equal to an earlier one (probability
    about ``n^2 / 2^116``) is drawn again, so codes and keys are unique.
    """
    entries = list(roll)
    if not entries:
        raise InputError("the roll has no voters")
    seen_voters: set[str] = set()
    seen_codes: set[str] = set()
    secrets_out: list[SecretCredential] = []
    public: list[tuple[bytes, str]] = []
    for entry in entries:
        if entry.voter_id in seen_voters:
            raise InputError(f"voter {entry.voter_id!r} twice in the roll")
        seen_voters.add(entry.voter_id)
        code = new_code(rng)
        while code in seen_codes:
            code = new_code(rng)
        seen_codes.add(code)
        key = public_credential(code, election_id)
        secrets_out.append(
            SecretCredential(
                voter_id=entry.voter_id, district=entry.district, code=format_code(code)
            )
        )
        public.append((key, entry.district))
    public.sort()
    listed = PublicCredentialList(
        format=FORMAT,
        election_id=election_id,
        credentials=tuple(
            PublicCredential(public_key=encode_key(k), district=d) for k, d in public
        ),
    )
    return secrets_out, listed
