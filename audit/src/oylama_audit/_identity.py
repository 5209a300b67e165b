"""Trustees' identity keys and their signatures on records and commitments (trustees.md §3.3)."""

from __future__ import annotations

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from oylama_audit._ed25519 import is_valid_point
from oylama_audit._errors import AuditError, ProofError
from oylama_audit._group import lp, u32be

RECORD_TAG = b"oylama/trustee-record/v1"
COMMITMENT_TAG = b"oylama/trustee-commitment/v1"


def check_identity_key(key: bytes, what: str = "identity key") -> None:
    """32 bytes, the canonical encoding of an edwards25519 point of prime order (Ed25519)."""
    if not is_valid_point(key):
        raise AuditError(f"{what}: not a canonical Ed25519 point of prime order")


def _verify(key: bytes, message: bytes, signature: bytes, what: str) -> None:
    check_identity_key(key, f"{what}: identity key")
    if len(signature) != 64:
        raise ProofError(f"{what}: the signature is not 64 bytes")
    try:
        VerifyKey(key).verify(message, signature)
    except BadSignatureError:
        raise ProofError(f"{what}: not signed by the trustee's identity key") from None


def verify_record_signature(
    record_text: bytes, index: int, signature: bytes, keys: list[bytes], context: bytes
) -> None:
    """``σ_rec`` over ``"oylama/trustee-record/v1" || LP(ctx_c) || R`` with ``keys[index-1]``."""
    if not 1 <= index <= len(keys):
        raise AuditError(f"no identity key for trustee {index}")
    message = RECORD_TAG + lp(context) + record_text
    _verify(keys[index - 1], message, signature, f"trustee {index}'s record")


def verify_commitment_signature(
    index: int, joint_key: bytes, signature: bytes, keys: list[bytes], context: bytes
) -> None:
    """``σ_com`` over ``"oylama/trustee-commitment/v1" || LP(ctx_c) || u32be(l) || LP(K)``."""
    if not 1 <= index <= len(keys):
        raise AuditError(f"no identity key for trustee {index}")
    message = COMMITMENT_TAG + lp(context) + u32be(index) + lp(joint_key)
    _verify(keys[index - 1], message, signature, f"trustee {index}'s commitment")
