"""Trustees' long-term identity keys and the signatures that authenticate their ceremony.

Without them a server that runs all ``n`` ceremony roles itself produces records that verify
(every Schnorr proof is honest: the server knows the coefficients it drew) and a joint key
whose secret it holds -- and every voter's ballot is then open to it. So each trustee has an
Ed25519 **identity key**, made on its own machine; its public half is handed to the organisers
out of band and fixed in the manifest (``trustee_keys``) before the ceremony, so the ceremony
context binds it; and the trustee signs its record and its commitment to the joint key with
it. Clients that pinned the identity keys (trustees, voters, auditors) accept only records
signed by them (docs/spec/trustees.md §3.3).

Messages are domain separated and carry the ceremony context, so a signature is valid for
one election's ceremony and one purpose only.
"""

from __future__ import annotations

import secrets
from typing import Final

import nacl.bindings
import nacl.exceptions
import nacl.signing

from oylama.crypto import Rng, TrusteePublic, to_json
from oylama.crypto.hazmat import lp
from oylama.errors import InputError

#: Tag of the message a trustee signs over its ``TrusteePublic`` record.
RECORD_TAG: Final = b"oylama/trustee-record/v1"
#: Tag of the message a trustee signs over its commitment to the joint key.
COMMITMENT_TAG: Final = b"oylama/trustee-commitment/v1"

IDENTITY_KEY_BYTES: Final = 32
IDENTITY_SEED_BYTES: Final = 32
SIGNATURE_BYTES: Final = 64


class IdentityError(InputError):
    """An identity key or a trustee's signature that is refused; the message says why."""


def check_identity_key(key: object, *, what: str = "identity key") -> bytes:
    """Refuse anything but the canonical encoding of an Ed25519 point of prime order (a
    small-order key would let anyone forge signatures that some verifiers accept)."""
    if not isinstance(key, bytes) or len(key) != IDENTITY_KEY_BYTES:
        raise IdentityError(f"{what}: must be {IDENTITY_KEY_BYTES} bytes")
    if not nacl.bindings.crypto_core_ed25519_is_valid_point(key):
        raise IdentityError(f"{what}: not a canonical Ed25519 point of prime order")
    return key


def new_identity_seed(rng: Rng | None = None) -> bytes:
    """A fresh 32-byte Ed25519 seed (the identity key's secret; keep it on the trustee's
    machine)."""
    return rng.token_bytes(IDENTITY_SEED_BYTES) if rng is not None else secrets.token_bytes(32)


def _signing_key(seed: bytes) -> nacl.signing.SigningKey:
    if not isinstance(seed, bytes) or len(seed) != IDENTITY_SEED_BYTES:
        raise IdentityError(f"an identity seed is {IDENTITY_SEED_BYTES} bytes")
    return nacl.signing.SigningKey(seed)


def identity_public_key(seed: bytes) -> bytes:
    """The 32-byte public identity key of ``seed``."""
    return bytes(_signing_key(seed).verify_key)


def record_message(record: TrusteePublic, *, context: bytes) -> bytes:
    """``"oylama/trustee-record/v1" || LP(ctx_c) || R``, ``R`` the record's canonical JSON."""
    return RECORD_TAG + lp(context) + to_json(record)


def commitment_message(index: int, joint_key: bytes, *, context: bytes) -> bytes:
    """``"oylama/trustee-commitment/v1" || LP(ctx_c) || u32be(l) || LP(K)``."""
    return COMMITMENT_TAG + lp(context) + index.to_bytes(4, "big") + lp(joint_key)


def sign_record(seed: bytes, record: TrusteePublic, *, context: bytes) -> bytes:
    """Trustee ``record.index``'s signature of its record for the ceremony ``context``."""
    return _signing_key(seed).sign(record_message(record, context=context)).signature


def sign_commitment(seed: bytes, index: int, joint_key: bytes, *, context: bytes) -> bytes:
    """Trustee ``index``'s signature of the joint key it computed, for ``context``."""
    message = commitment_message(index, joint_key, context=context)
    return _signing_key(seed).sign(message).signature


def _verify(key: bytes, message: bytes, signature: bytes, what: str) -> None:
    check_identity_key(key, what=f"{what}: identity key")
    if not isinstance(signature, bytes) or len(signature) != SIGNATURE_BYTES:
        raise IdentityError(f"{what}: a signature is {SIGNATURE_BYTES} bytes")
    try:
        nacl.signing.VerifyKey(key).verify(message, signature)
    except nacl.exceptions.BadSignatureError:
        raise IdentityError(f"{what}: not signed by the trustee's identity key") from None


def _key_of(trustee_keys: tuple[bytes, ...] | list[bytes], index: int, what: str) -> bytes:
    if not 1 <= index <= len(trustee_keys):
        raise IdentityError(f"{what}: no identity key for trustee {index}")
    return trustee_keys[index - 1]


def verify_record_signature(
    record: TrusteePublic,
    signature: bytes,
    *,
    trustee_keys: tuple[bytes, ...] | list[bytes],
    context: bytes,
) -> None:
    """Check that ``signature`` is trustee ``record.index``'s (key ``trustee_keys[index-1]``)
    over the record for ``context``; raise :class:`IdentityError` otherwise."""
    what = f"trustee {record.index}'s record"
    key = _key_of(trustee_keys, record.index, what)
    _verify(key, record_message(record, context=context), signature, what)


def verify_commitment_signature(
    index: int,
    joint_key: bytes,
    signature: bytes,
    *,
    trustee_keys: tuple[bytes, ...] | list[bytes],
    context: bytes,
) -> None:
    """Check trustee ``index``'s signature of ``joint_key`` for ``context``."""
    what = f"trustee {index}'s commitment"
    key = _key_of(trustee_keys, index, what)
    _verify(key, commitment_message(index, joint_key, context=context), signature, what)
