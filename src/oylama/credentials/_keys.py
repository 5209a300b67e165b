"""From a credential code to the voter's Ed25519 key, and ballot signatures.

The key is derived, never stored: the voter's device recomputes it from the typed code and the
election id, so the secret exists only on the letter and on that device. HKDF-SHA-512 (RFC
5869) is enough -- the code carries 115 random bits, so a slow password hash would add nothing
an attacker could not already not afford. The election id is in the salt so one code used in
two elections gives unrelated keys. Signed messages are domain separated so a ballot signature
can never be replayed as anything else. docs/spec/credentials.md §3-§4 is the reference.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

import nacl.bindings
import nacl.exceptions
import nacl.signing

from oylama.credentials._code import parse_code
from oylama.errors import InputError

KEY_SALT_TAG: Final = b"oylama/credential/v1"
KEY_INFO: Final = b"oylama/credential/v1/ed25519-seed"
SIGNATURE_TAG: Final = b"oylama/ballot-signature/v1"
#: A spoiled ballot's signature is over another message than a cast's (the tags differ at
#: their 8th byte, so no message is both): a server that receives a spoil must never be able
#: to cast its ballot with the voter's signature (credentials §4.1).
SPOIL_SIGNATURE_TAG: Final = b"oylama/spoiled-ballot-signature/v1"
PUBLIC_KEY_BYTES: Final = 32
SIGNATURE_BYTES: Final = 64


class SignatureError(InputError):
    """A ballot signature or a public credential that is refused; the message says why."""


def lp(data: bytes) -> bytes:
    """``LP(x) = u32be(len(x)) || x``, as in every oylama spec."""
    return len(data).to_bytes(4, "big") + data


def _election(election_id: str) -> bytes:
    if not election_id:
        raise InputError("election id must not be empty")
    return election_id.encode("utf-8")


def seed(code: str, election_id: str) -> bytes:
    """The 32-byte Ed25519 seed: HKDF-SHA-512 with salt ``LP(tag) || LP(election_id)``,
    input key material the canonical code (24 ASCII bytes), info :data:`KEY_INFO`."""
    canonical = parse_code(code).encode("ascii")
    salt = lp(KEY_SALT_TAG) + lp(_election(election_id))
    prk = hmac.new(salt, canonical, hashlib.sha512).digest()
    # HKDF-Expand with L = 32 <= 64: one block, T(1) = HMAC(PRK, info || 0x01).
    return hmac.new(prk, KEY_INFO + b"\x01", hashlib.sha512).digest()[:32]


def signing_key(code: str, election_id: str) -> nacl.signing.SigningKey:
    """The voter's signing key for ``election_id`` (raises :class:`InputError` on a bad code)."""
    return nacl.signing.SigningKey(seed(code, election_id))


def public_credential(code: str, election_id: str) -> bytes:
    """The public credential: the 32-byte Ed25519 public key of :func:`signing_key`."""
    return bytes(signing_key(code, election_id).verify_key)


def signed_message(election_id: str, ballot_bytes: bytes) -> bytes:
    """What a ballot signature signs: ``SIGNATURE_TAG || LP(election_id) || ballot_bytes``."""
    return SIGNATURE_TAG + lp(_election(election_id)) + ballot_bytes


def sign_ballot(code: str, election_id: str, ballot_bytes: bytes) -> bytes:
    """The 64-byte Ed25519 signature of a ballot's canonical bytes under the voter's key."""
    key = signing_key(code, election_id)
    return key.sign(signed_message(election_id, ballot_bytes)).signature


def spoil_signed_message(election_id: str, spoiled_bytes: bytes) -> bytes:
    """What a spoiled ballot's signature signs:
    ``SPOIL_SIGNATURE_TAG || LP(election_id) || spoiled_bytes``."""
    return SPOIL_SIGNATURE_TAG + lp(_election(election_id)) + spoiled_bytes


def sign_spoiled(code: str, election_id: str, spoiled_bytes: bytes) -> bytes:
    """The signature that lets the service publish a spoiled ballot's canonical bytes (it
    authenticates the request against flooding; the board does not record it)."""
    key = signing_key(code, election_id)
    return key.sign(spoil_signed_message(election_id, spoiled_bytes)).signature


def check_public_key(public_key: bytes) -> None:
    """Refuse anything but a canonical encoding of a point of prime order: a small-order key
    (e.g. the identity) would let anyone forge signatures that some verifiers accept."""
    if len(public_key) != PUBLIC_KEY_BYTES:
        raise SignatureError(f"public key must be {PUBLIC_KEY_BYTES} bytes, got {len(public_key)}")
    if not nacl.bindings.crypto_core_ed25519_is_valid_point(public_key):
        raise SignatureError("public key is not a canonical Ed25519 point of prime order")


def verify_ballot_signature(
    public_key: bytes, ballot_bytes: bytes, signature: bytes, *, election_id: str
) -> None:
    """Return if ``signature`` signs ``ballot_bytes`` for ``election_id`` under
    ``public_key``; else raise :class:`SignatureError` saying which check failed."""
    _verify(public_key, signed_message(election_id, ballot_bytes), signature, "ballot")


def verify_spoiled_signature(
    public_key: bytes, spoiled_bytes: bytes, signature: bytes, *, election_id: str
) -> None:
    """Like :func:`verify_ballot_signature`, for a spoiled ballot's message."""
    _verify(
        public_key,
        spoil_signed_message(election_id, spoiled_bytes),
        signature,
        "spoiled ballot",
    )


def _verify(public_key: bytes, message: bytes, signature: bytes, what: str) -> None:
    check_public_key(public_key)
    if len(signature) != SIGNATURE_BYTES:
        raise SignatureError(f"signature must be {SIGNATURE_BYTES} bytes, got {len(signature)}")
    try:
        nacl.signing.VerifyKey(public_key).verify(message, signature)
    except nacl.exceptions.BadSignatureError:
        raise SignatureError(
            f"signature does not verify for this {what}, election and public key"
        ) from None
