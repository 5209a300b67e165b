"""Request and response bodies of the election service (docs/spec/service.md), as msgspec Structs.

Requests forbid unknown members (a typo must not be silently ignored) and are decoded by
:func:`decode_body`, which turns every decoding failure into a 400 naming the problem. Bytes
are padded standard base64 on the wire, as everywhere in oylama.
"""

from __future__ import annotations

from typing import TypeVar

import msgspec

from oylama.ballots import Definition
from oylama.crypto import (
    Ciphertext,
    EncryptedBallot,
    EncryptedShare,
    PartialDecryption,
    SpoiledBallot,
)
from oylama.election import SignedTrusteeRecord, TrusteeCommitment
from oylama.service._problems import BadRequest

T = TypeVar("T")


class _In(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class LoginIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``cookie``: a console session in an HttpOnly cookie instead of a bearer token."""

    username: str
    password: str
    cookie: bool = False


class AccountIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    username: str
    password: str
    role: str


class AccountChange(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``PATCH /api/v1/accounts/{username}``: disable or enable an account."""

    disabled: bool


class DefinitionIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A ballot definition: its TOML text (``definition``) or its JSON form (``document``,
    docs/ballots.md §7: what the console's forms send), exactly one of them. ``test`` (on
    creation only): a test election."""

    definition: str | None = None
    # msgspec decodes no union with Raw: absent (or null) is the empty Raw (``has_document``)
    document: msgspec.Raw = msgspec.Raw()
    test: bool = False

    @property
    def has_document(self) -> bool:
        return bytes(self.document).strip() not in (b"", b"null")


class DefinitionDoc(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A definition upload as the OpenAPI document describes it."""

    definition: str | None = None
    document: Definition | None = None
    test: bool = False


class CredentialsIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    text: str = msgspec.field(name="list")


class CeremonyIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``trustee_keys``: the trustees' identity keys, trustee ``l``'s at ``l - 1``, as the
    trustees handed them over out of band; they go into the manifest."""

    trustees: int
    threshold: int
    trustee_keys: list[bytes]


class StaffIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    username: str


class SharesIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    shares: list[EncryptedShare]


class CommitmentIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    index: int
    joint_key: bytes
    signature: bytes


class PartialIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    style: str
    decryption: PartialDecryption


class PartialsIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    partials: list[PartialIn]


class CastIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A cast: ``ballot`` is kept verbatim (the signature covers exactly its text)."""

    credential: bytes
    signature: bytes
    ballot: msgspec.Raw


class CastDoc(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A cast as the OpenAPI document describes it (the service keeps ``ballot``'s text as
    sent: it must be the ballot's canonical JSON)."""

    credential: bytes
    signature: bytes
    ballot: EncryptedBallot


class SpoilIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A spoil: ``spoiled`` is kept verbatim (the signature covers exactly its text)."""

    credential: bytes
    signature: bytes
    spoiled: msgspec.Raw


class SpoilDoc(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A spoil as the OpenAPI document describes it (``spoiled`` must be the spoiled ballot's
    canonical JSON, kept as sent)."""

    credential: bytes
    signature: bytes
    spoiled: SpoiledBallot


# -- responses -------------------------------------------------------------------------------


class SessionOut(msgspec.Struct):
    token: str
    role: str
    expires_at: int


class SessionInfo(msgspec.Struct):
    """A session as the console sees it (``POST /session`` with ``cookie``, ``GET
    /session``): never the token itself; ``csrf_token`` for a cookie session (``None`` for
    a bearer one), ``idle_ms`` its idle limit."""

    username: str
    role: str
    expires_at: int
    csrf_token: str | None
    idle_ms: int | None


class AccountOut(msgspec.Struct):
    """An account; ``disabled`` and ``elections`` (those it is staff of) in the admin's list."""

    username: str
    role: str
    disabled: bool = False
    elections: list[str] = msgspec.field(default_factory=list)


class ElectionView(msgspec.Struct):
    """``test``: a staff test election (pages mark it; it can be deleted)."""

    id: str
    title: str
    status: str
    manifest_hash: bytes | None
    joint_key: bytes | None
    base_hash: bytes | None
    credentials: str | None
    voters: int | None
    board_size: int
    test: bool = False


class TrusteeProgress(msgspec.Struct):
    index: int
    record: bool
    shares: bool
    commitment: bool
    partial: bool


class StaffView(msgspec.Struct):
    """The staff's view: the public one, the definition (TOML text and its JSON form,
    ``document``, which the console's forms edit), staff, trustees' progress, ballots cast,
    the credential counts per district and the election's owner."""

    id: str
    title: str
    status: str
    manifest_hash: bytes | None
    joint_key: bytes | None
    base_hash: bytes | None
    credentials: str | None
    voters: int | None
    board_size: int
    test: bool
    definition: str
    staff: list[str]
    trustees: list[TrusteeProgress]
    ballots_cast: int
    document: Definition
    voters_by_district: dict[str, int]
    owner: str


class StaffOut(msgspec.Struct):
    staff: list[str]


class CredentialsOut(msgspec.Struct):
    fingerprint: str
    voters: int


class TokensOut(msgspec.Struct):
    trustee_tokens: list[str]


class CeremonyOut(msgspec.Struct, omit_defaults=True):
    trustees: int
    threshold: int
    ceremony_context: bytes
    records: list[SignedTrusteeRecord | None]
    commitments: list[TrusteeCommitment | None]
    shares: list[EncryptedShare] | None = None
    index: int | None = None  # the trustee's own index, with a trustee token of this election


class TallyOut(msgspec.Struct):
    style: str
    ballots: int
    ciphertexts: list[Ciphertext]


class ResultOut(msgspec.Struct):
    style: str
    ballots: int
    scores: list[int]
    selected: list[str]
    cost: str
    budget: str
    rule: str


class Receipt(msgspec.Struct):
    tracking_code: str
    index: int
    superseded: int | None
    checkpoint: str
    inclusion_proof: list[bytes]


class SpoiledReceipt(msgspec.Struct):
    tracking_code: str
    index: int
    checkpoint: str
    inclusion_proof: list[bytes]


class BallotStatus(msgspec.Struct):
    tracking_code: str
    style: str
    index: int
    status: str
    superseded_by: int | None
    checkpoint: str
    inclusion_proof: list[bytes]


def decode_body(data: bytes, type: type[T]) -> T:
    """The request body as ``type``; 400 naming the problem for anything else."""
    try:
        return msgspec.json.decode(data, type=type)
    except msgspec.ValidationError as exc:
        raise BadRequest(detail=f"request body: {exc}") from None
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise BadRequest(detail=f"request body is not JSON: {exc}") from None
    except RecursionError:  # JSON nested thousands deep: refused, never a 500 and a traceback
        raise BadRequest(detail="request body: JSON nested too deeply") from None
