"""Ed25519 public keys (credentials.md §4, trustees.md §3.3): the edwards25519 check.

Credentials and trustee identity keys are Ed25519 keys (RFC 8032), not elements of the ballots'
group: a valid key is the canonical encoding of an edwards25519 point of prime order, which is
exactly what libsodium's ``crypto_core_ed25519_is_valid_point`` accepts (PyNaCl binds it).
"""

from __future__ import annotations

from nacl import bindings as sodium


def is_valid_point(key: bytes) -> bool:
    """32 bytes, canonical (``y < p``), on the curve, of prime order, not the identity."""
    return len(key) == 32 and bool(sodium.crypto_core_ed25519_is_valid_point(key))
