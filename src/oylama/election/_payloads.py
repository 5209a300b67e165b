"""The payloads of an election's board entries (docs/spec/record.md §2), one Struct per kind.

The board commits to payload *bytes*, and a verifier recomputes everything from them, so each
payload has exactly one accepted text (record.md §1): msgspec's compact JSON of the Structs
below, members in declaration order, byte strings as padded standard base64.
:func:`decode_payload` therefore decodes, re-encodes and compares, refusing any other text
(white space, member order, escapes, base64 padding bits, number forms, duplicate members).

Three kinds are not JSON objects of their own and have no Struct here: ``manifest`` (the
canonical manifest bytes, :func:`oylama.election.decode_manifest`), ``ballot-spoiled`` (a
:class:`oylama.crypto.SpoiledBallot`, :func:`decode_spoiled_text`, read by
:func:`decode_payload` like the others) and ``credentials`` (the public credential list file,
:func:`oylama.credentials.load_public_list`). A ``trustee-key`` payload is the trustee's
:class:`oylama.crypto.TrusteePublic` record with the trustee's signature under its identity key
(:class:`SignedTrusteeRecord`); a ``trustee-commitment`` carries one too.

The ``ballot`` payload embeds the voter's ballot as its canonical text *verbatim*
(:class:`msgspec.Raw`): the signature and the tracking code are over exactly those bytes, so
they must never be re-serialised on the way to the board.
"""

from __future__ import annotations

from typing import Any, Final, TypeVar

import msgspec

from oylama.board import EntryKind
from oylama.crypto import (
    Ciphertext,
    CryptoError,
    EncryptedBallot,
    PartialDecryption,
    SpoiledBallot,
    TrusteePublic,
    from_json,
)
from oylama.election._paper import PaperBallot, PaperKeyer
from oylama.errors import InputError

T = TypeVar("T")


class PayloadError(InputError):
    """A payload that is not exactly the canonical text of its kind (record.md §1–§2)."""


class _Payload(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class SignedTrusteeRecord(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``trustee-key``: trustee ``record.index``'s public record, signed with its identity key
    (:func:`oylama.election.sign_record`)."""

    record: TrusteePublic
    signature: bytes


class TrusteeCommitment(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``trustee-commitment``: trustee ``index`` checked every share and computed
    ``joint_key``; signed with its identity key (:func:`oylama.election.sign_commitment`)."""

    index: int
    joint_key: bytes
    signature: bytes


class Opened(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``opened``: the hashes and the credential list the ballots of this election bind to;
    ``by`` is the staff account that opened it."""

    manifest_hash: bytes
    joint_key: bytes
    base_hash: bytes
    credentials: str
    voters: int
    by: str


class BallotPayload(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``ballot``: the credential, its signature and the ballot's canonical text, verbatim."""

    credential: bytes
    signature: bytes
    ballot: msgspec.Raw

    @property
    def ballot_bytes(self) -> bytes:
        # ``bytes()`` copies: a decoded Raw points into the buffer it was decoded from.
        """The embedded ballot's canonical bytes (what the signature and tracking code cover)."""
        return bytes(self.ballot)

    def encrypted_ballot(self) -> EncryptedBallot:
        """The embedded ballot, decoded (canonical text only; :class:`PayloadError` otherwise)."""
        return decode_ballot_text(self.ballot_bytes)


class BallotSuperseded(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``ballot-superseded``: entry ``by`` replaces ``superseded`` (same credential, style)."""

    credential: bytes
    style: str
    superseded: int
    by: int


class ClosedStyle(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One style's line of ``closed``: ``cast`` ballot entries, ``counted`` of them counted."""

    style: str
    cast: int
    counted: int


class Closed(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``closed``: one line per style, in manifest order; ``by`` closed it."""

    styles: list[ClosedStyle]
    by: str


class Tally(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``tally``: the homomorphic sums over the style's ``ballots`` counted ballots."""

    style: str
    ballots: int
    ciphertexts: list[Ciphertext]


class PartialDecryptionPayload(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``partial-decryption``: one trustee's decryption shares of one style's tally."""

    style: str
    decryption: PartialDecryption


class Result(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``result``: the decrypted sums and the per-project scores of one style; ``by`` asked
    for the tally."""

    style: str
    ballots: int
    trustees: list[int]
    sums: list[int]
    scores: list[int]
    by: str


class Allocation(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``allocation``: the funded projects (in the rule's order), their cost and the budget;
    ``by`` published them."""

    style: str
    rule: str
    selected: list[str]
    cost: str
    budget: str
    by: str


class Staff(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``staff``: the election's staff accounts after a change (``staff``, sorted), which
    names were ``added`` and ``removed`` (sorted), and the account that did it (``by``).

    The first, right after the manifest, publishes the staff when the ceremony starts (all
    ``added``; ``by`` started the ceremony); every later one is one change by the election's
    owner or an admin -- so no account can act on an election without the board saying so.
    """

    by: str
    added: list[str]
    removed: list[str]
    staff: list[str]


#: The Struct of every JSON-object payload kind (``manifest`` and ``credentials`` are not).
PAYLOAD_TYPES: Final[dict[EntryKind, type[Any]]] = {
    EntryKind.TRUSTEE_KEY: SignedTrusteeRecord,
    EntryKind.TRUSTEE_COMMITMENT: TrusteeCommitment,
    EntryKind.OPENED: Opened,
    EntryKind.BALLOT: BallotPayload,
    EntryKind.BALLOT_SUPERSEDED: BallotSuperseded,
    EntryKind.BALLOT_SPOILED: SpoiledBallot,
    EntryKind.CLOSED: Closed,
    EntryKind.TALLY: Tally,
    EntryKind.PARTIAL_DECRYPTION: PartialDecryptionPayload,
    EntryKind.RESULT: Result,
    EntryKind.ALLOCATION: Allocation,
    EntryKind.STAFF: Staff,
    EntryKind.PAPER_KEYER: PaperKeyer,
    EntryKind.PAPER_BALLOT: PaperBallot,
}

_ENCODER: Final = msgspec.json.Encoder()


def encode_payload(obj: object) -> bytes:
    """The canonical payload text of ``obj`` (a Struct of this module).

    A ``BallotPayload``'s ballot is written verbatim: build it with :func:`ballot_payload`
    from canonical ballot bytes.
    """
    return _ENCODER.encode(obj)


def ballot_payload(credential: bytes, signature: bytes, ballot_text: bytes) -> BallotPayload:
    """A ``ballot`` payload around a ballot's canonical text (checked canonical first)."""
    decode_ballot_text(ballot_text)
    return BallotPayload(
        credential=credential, signature=signature, ballot=msgspec.Raw(bytes(ballot_text))
    )


def decode_ballot_text(data: bytes) -> EncryptedBallot:
    """An ``EncryptedBallot`` from its canonical JSON text; anything else is a PayloadError."""
    try:
        return from_json(bytes(data), EncryptedBallot)
    except CryptoError as exc:
        raise PayloadError(f"ballot: {exc}") from None
    except UnicodeDecodeError:
        raise PayloadError("ballot: not UTF-8") from None


def decode_spoiled_text(data: bytes) -> SpoiledBallot:
    """A ``SpoiledBallot`` from its canonical JSON text (a ``ballot-spoiled`` payload, the
    body member of a spoil, a device's saved file); anything else is a PayloadError."""
    try:
        return from_json(bytes(data), SpoiledBallot)
    except CryptoError as exc:
        raise PayloadError(f"spoiled ballot: {exc}") from None
    except UnicodeDecodeError:
        raise PayloadError("spoiled ballot: not UTF-8") from None


def decode_payload(data: bytes, type: type[T]) -> T:
    """Decode a payload of ``type``; refuse anything that is not exactly its canonical text.

    For a :class:`BallotPayload` the embedded ballot must itself be canonical
    ``EncryptedBallot`` text (it is kept verbatim, so the outer comparison cannot see it).
    """
    name = type.__name__
    if not isinstance(data, bytes):
        raise PayloadError(f"{name}: payload must be bytes")
    try:
        obj = msgspec.json.decode(data, type=type)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise PayloadError(f"{name}: {exc}") from None
    except RecursionError:
        raise PayloadError(f"{name}: JSON nested too deeply") from None
    if _ENCODER.encode(obj) != data:
        raise PayloadError(f"{name}: not in canonical form (re-encoding differs)")
    if isinstance(obj, BallotPayload):
        obj.encrypted_ballot()
    return obj
