"""Proposals, supports, moderation and feasibility review on the participation log (cycle §4).

A resident is known only by the voting credential (credentials §3): the browser turns the
letter's code into the Ed25519 key and signs a **statement** over what the resident submits, so
the server never holds the code, nor anything that lets it propose or support in a resident's
name. Every action is an entry of the participation log whose payload carries the public key
and the signature: anyone can check authorship and "one support per code" from the log alone,
without trusting the server's counts.

The statement of an action of kind ``K`` (``proposal``, ``proposal-support`` or
``proposal-photo``) whose canonical content bytes are ``C`` in election ``E`` is
``STATEMENT_TAG || LP(E) || LP(K) || SHA-256(C)``. The tag differs from the ballots' and spoiled
ballots' tags (credentials §4) in its eighth byte, so no statement is ever a ballot's signed
message: supporting a proposal can never cast a ballot.

Free text is checked here (lengths, no control characters) so that the service, the CLI and
the auditor refuse the same inputs; it is stored as the text the resident typed and escaped by
every page that shows it.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from typing import Final, Literal, TypeVar

import msgspec
import nacl.bindings
import nacl.exceptions
import nacl.signing

from oylama.errors import InputError

#: Prefix of every signed statement (25 ASCII bytes, not length-prefixed).
STATEMENT_TAG: Final = b"oylama/cycle-statement/v1"

#: The statement kinds a resident signs.
StatementKind = Literal["proposal", "proposal-support", "proposal-photo"]

#: Limits on what residents and staff write (characters).
MAX_TITLE: Final = 120
MAX_DESCRIPTION: Final = 4000
MAX_ADDRESS: Final = 200
MAX_CATEGORY: Final = 64
MAX_AUDIENCE: Final = 8
MAX_AUDIENCE_TEXT: Final = 64
MAX_REASON: Final = 1000
MAX_ASSESSMENT: Final = 4000
MAX_SDG: Final = 17

#: A cost: a non-negative amount with at most two decimals and at most 12 digits before them
#: (so its text is the one canonical form Python, JavaScript and the auditor all write).
COST_PATTERN: Final = re.compile(r"(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?")

#: A proposal id: ``P`` and the proposal's number, counted from 1 per election.
PROPOSAL_ID: Final = re.compile(r"P[1-9][0-9]{0,8}")

_SDG: Final = frozenset(f"SDG{k}" for k in range(1, 18))
_DIGEST: Final = re.compile(r"[0-9a-f]{64}")
# C0 and C1 controls, DEL, and the bidi overrides/isolates that can make a title read
# differently from what it says (a "Trojan source" in a list of proposals).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_CONTROL: Final = re.compile(r"[\t\n]")


class _Struct(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class ProposalContent(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What a resident proposes (and signs). ``district``: a district id of the definition or
    ``city-wide``; ``cost``: the resident's estimate, in the election's currency (text, see
    :data:`COST_PATTERN`); ``photo``: the SHA-256 (hex) of a photo the resident uploaded."""

    title: str
    description: str
    cost: str
    district: str
    category: str | None = None
    sdg: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    photo: str | None = None


class SupportContent(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What a supporter signs: the proposal's id."""

    proposal: str


class ProposalPayload(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Payload of a ``proposal`` entry: the id the service gave, the signed content, the
    resident's public credential and the signature of the statement over the content."""

    proposal: str
    content: ProposalContent
    credential: bytes
    signature: bytes


class SupportPayload(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Payload of a ``proposal-support`` entry (the signed content is
    ``SupportContent(proposal)``)."""

    proposal: str
    credential: bytes
    signature: bytes


class ModerationPayload(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Payload of a ``proposal-moderation`` entry: staff hide (or show again) a proposal,
    with the public reason. Nothing is deleted: the ``proposal`` entry stays on the log."""

    proposal: str
    action: Literal["hide", "unhide"]
    reason: str
    by: str


class ReviewPayload(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Payload of a ``proposal-review`` entry: the feasibility review (the latest one of a
    proposal is in force). ``cost``: the staff's estimate (text as :data:`COST_PATTERN`)."""

    proposal: str
    decision: Literal["feasible", "infeasible"]
    technical: str
    legal: str
    cost: str | None
    by: str


class AcceptedPayload(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Payload of a ``proposal-accepted`` entry: the proposal became project ``project`` of
    ballot ``ballot`` of the draft definition, at ``cost``."""

    proposal: str
    ballot: str
    project: str
    cost: str
    by: str


_C = TypeVar("_C", ProposalContent, SupportContent)


class StatementError(InputError):
    """A statement signature or key that does not verify (the message says which check)."""


def _lp(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def statement(election_id: str, kind: StatementKind, content: bytes) -> bytes:
    """The message a resident signs: ``TAG || LP(E) || LP(kind) || SHA-256(content)``."""
    if not election_id:
        raise InputError("election id must not be empty")
    return (
        STATEMENT_TAG
        + _lp(election_id.encode("utf-8"))
        + _lp(kind.encode("ascii"))
        + hashlib.sha256(content).digest()
    )


def sign_statement(
    key: nacl.signing.SigningKey, election_id: str, kind: StatementKind, content: bytes
) -> bytes:
    """The 64-byte signature of a statement (what the browser does; for tests and the CLI)."""
    return key.sign(statement(election_id, kind, content)).signature


def verify_statement(
    public_key: bytes, signature: bytes, election_id: str, kind: StatementKind, content: bytes
) -> None:
    """Return if ``signature`` signs the statement under ``public_key``, a canonical point of
    prime order (credentials §4 rule 1); else raise :class:`StatementError`."""
    if len(public_key) != 32:
        raise StatementError(f"a public credential is 32 bytes, not {len(public_key)}")
    if not nacl.bindings.crypto_core_ed25519_is_valid_point(public_key):
        raise StatementError("the public credential is not a canonical point of prime order")
    if len(signature) != 64:
        raise StatementError(f"a signature is 64 bytes, not {len(signature)}")
    try:
        nacl.signing.VerifyKey(public_key).verify(statement(election_id, kind, content), signature)
    except nacl.exceptions.BadSignatureError:
        raise StatementError(
            f"the signature does not verify for this {kind}, election and credential"
        ) from None


def encode_content(content: ProposalContent | SupportContent) -> bytes:
    """The canonical bytes of signed content (msgspec JSON: fields in order, no spaces)."""
    return msgspec.json.encode(content)


def decode_content(data: bytes, type_: type[_C]) -> _C:
    """Signed content from its canonical bytes; :class:`InputError` for anything else (not
    JSON, unknown or missing fields, or not the canonical text: one content, one statement)."""
    try:
        value = msgspec.json.decode(data, type=type_)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError) as exc:
        raise InputError(f"content: {exc}") from None
    if msgspec.json.encode(value) != data:
        raise InputError(
            "content: not canonical JSON (fields in the specified order, every field written, "
            "no spaces; cycle §4.1)"
        )
    return value


def check_text(field: str, value: str, limit: int, *, lines: bool = False) -> None:
    """Refuse empty text, text over ``limit`` characters and control characters (a tab or a
    new line only where ``lines``)."""
    if not value.strip():
        raise InputError(f"{field}: must not be empty")
    if len(value) > limit:
        raise InputError(f"{field}: {len(value)} characters; at most {limit}")
    if _CONTROL.search(value) or (not lines and _LINE_CONTROL.search(value)):
        raise InputError(f"{field}: control characters are not allowed")


def check_cost(field: str, value: str) -> Decimal:
    if not COST_PATTERN.fullmatch(value):
        raise InputError(
            f"{field}: {value[:20]!r} is not an amount (digits, optionally a point and one or "
            "two decimals, e.g. 150000 or 2500.50)"
        )
    return Decimal(value)


def check_proposal(content: ProposalContent, districts: set[str]) -> None:
    """Refuse content that breaks cycle §4.2 (``districts``: ids a proposal may name)."""
    check_text("title", content.title, MAX_TITLE)
    check_text("description", content.description, MAX_DESCRIPTION, lines=True)
    check_cost("cost", content.cost)
    if content.district not in districts:
        raise InputError(f"district: {content.district[:64]!r} is not a district of the election")
    if content.category is not None:
        check_text("category", content.category, MAX_CATEGORY)
    if len(content.sdg) > MAX_SDG or len(set(content.sdg)) != len(content.sdg):
        raise InputError("sdg: each goal at most once")
    for tag in content.sdg:
        if tag not in _SDG:
            raise InputError(f"sdg: {tag[:16]!r} is not SDG1 ... SDG17")
    if len(content.audience) > MAX_AUDIENCE:
        raise InputError(f"audience: at most {MAX_AUDIENCE} groups")
    for item in content.audience:
        check_text("audience", item, MAX_AUDIENCE_TEXT)
    if (content.latitude is None) != (content.longitude is None):
        raise InputError("latitude and longitude: both or neither")
    if content.latitude is not None and not -90 <= content.latitude <= 90:
        raise InputError("latitude: must be between -90 and 90")
    if content.longitude is not None and not -180 <= content.longitude <= 180:
        raise InputError("longitude: must be between -180 and 180")
    if content.address is not None:
        check_text("address", content.address, MAX_ADDRESS)
    if content.photo is not None and not _DIGEST.fullmatch(content.photo):
        raise InputError("photo: the SHA-256 (64 lowercase hex digits) of an uploaded photo")


def check_proposal_id(value: str) -> str:
    if not PROPOSAL_ID.fullmatch(value):
        raise InputError(f"proposal: {value[:20]!r} is not a proposal id (P1, P2, ...)")
    return value


def proposal_id(number: int) -> str:
    return f"P{number}"


def verify_proposal_payload(payload: ProposalPayload, election_id: str) -> None:
    """Authorship of a ``proposal`` entry: the signature over its content's canonical bytes."""
    verify_statement(
        payload.credential,
        payload.signature,
        election_id,
        "proposal",
        encode_content(payload.content),
    )


def verify_support_payload(payload: SupportPayload, election_id: str) -> None:
    """Authorship of a ``proposal-support`` entry."""
    verify_statement(
        payload.credential,
        payload.signature,
        election_id,
        "proposal-support",
        encode_content(SupportContent(proposal=payload.proposal)),
    )
