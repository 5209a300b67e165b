"""Voter credentials: codes, key derivation, ballot signatures, the public list (credentials.md)."""

from __future__ import annotations

import hashlib
import hmac

import msgspec
from nacl import bindings as sodium
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from oylama_audit._ed25519 import is_valid_point
from oylama_audit._errors import AuditError, EncodingError, ProofError
from oylama_audit._group import lp
from oylama_audit._wire import decode_canonical

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
FORMAT = "oylama-public-credentials/v1"
SIGNATURE_TAG = b"oylama/ballot-signature/v1"


# -- codes (§2) ------------------------------------------------------------------------------------


def _gf32_mul(a: int, b: int) -> int:
    """Multiplication in GF(2)[x] / (x^5 + x^2 + 1)."""
    result = 0
    for _ in range(5):
        if b & 1:
            result ^= a
        b >>= 1
        a <<= 1
        if a & 0x20:
            a ^= 0b100101
    return result


def weights() -> list[int]:
    """``w_i = α^(23 - i)`` with ``α = x`` (value 2)."""
    powers = [1]
    for _ in range(23):
        powers.append(_gf32_mul(powers[-1], 2))
    return [powers[23 - i] for i in range(24)]


def check_symbol_sum(values: list[int]) -> int:
    total = 0
    for w, s in zip(weights(), values, strict=False):
        total ^= _gf32_mul(w, s)
    return total


def parse_code(text: str) -> str:
    """§2.4: what a voter typed to the canonical 24-symbol code (else :class:`EncodingError`)."""
    cleaned = text.replace(" ", "").replace("\t", "").replace("-", "")
    cleaned = "".join(ch.upper() if "a" <= ch <= "z" else ch for ch in cleaned)
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(cleaned) != 24 or any(ch not in ALPHABET for ch in cleaned):
        raise EncodingError("a code has 24 symbols of the alphabet")
    if check_symbol_sum([ALPHABET.index(ch) for ch in cleaned]) != 0:
        raise EncodingError("wrong check symbol")
    return cleaned


def derive_seed(code: str, election_id: str) -> bytes:
    """§3: HKDF-SHA-512 (extract, then one expand block)."""
    salt = lp(b"oylama/credential/v1") + lp(election_id.encode("utf-8"))
    prk = hmac.new(salt, code.encode("ascii"), hashlib.sha512).digest()
    info = b"oylama/credential/v1/ed25519-seed"
    return hmac.new(prk, info + b"\x01", hashlib.sha512).digest()[:32]


def public_credential(code: str, election_id: str) -> bytes:
    return bytes(SigningKey(derive_seed(code, election_id)).verify_key)


# -- ballot signatures (§4) ----------------------------------------------------------------------


def signed_message(election_id: str, ballot_bytes: bytes) -> bytes:
    return SIGNATURE_TAG + lp(election_id.encode("utf-8")) + ballot_bytes


def verify_ballot_signature(
    public_key: bytes, ballot_bytes: bytes, signature: bytes, *, election_id: str
) -> None:
    if len(public_key) != 32 or not is_valid_point(public_key):
        raise ProofError("credential is not a point of prime order")
    if len(signature) != 64:
        raise ProofError("signature is not 64 bytes")
    try:
        VerifyKey(public_key).verify(signed_message(election_id, ballot_bytes), signature)
    except (BadSignatureError, ValueError):
        raise ProofError("ballot signature does not verify") from None


# -- the public list (§5) --------------------------------------------------------------------------


class PublicCredential(msgspec.Struct, forbid_unknown_fields=True):
    public_key: bytes
    district: str


class PublicCredentialList(msgspec.Struct, forbid_unknown_fields=True):
    format: str
    election_id: str
    credentials: list[PublicCredential]


#: credentials §5.4: a list is published in parts of this many bytes (the last shorter).
PART = 16_777_216


def join_parts(parts: list[bytes]) -> bytes:
    """§5.4: the list from the payloads of its consecutive entries; every part but the last
    exactly :data:`PART` bytes, none empty."""
    if not parts:
        raise AuditError("no credentials entry")
    for i, part in enumerate(parts):
        if not part or len(part) > PART or (i < len(parts) - 1 and len(part) != PART):
            raise AuditError(
                f"part {i} of {len(parts)} has {len(part)} bytes "
                f"(every part but the last holds {PART}, credentials §5.4)"
            )
    return b"".join(parts)


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_public_list(
    data: bytes, *, election_id: str, districts: set[str] | None = None
) -> PublicCredentialList:
    """§5.2. ``districts``: the district ids that may hold credentials (None: not checked)."""
    if not data.endswith(b"\n"):
        raise EncodingError("credential list: no final line feed")
    lst = decode_canonical(data[:-1], PublicCredentialList, "credential list")
    if lst.format != FORMAT:
        raise AuditError(f"credential list: format {lst.format!r}")
    if not lst.election_id or lst.election_id != election_id:
        raise AuditError("credential list: election id differs from the election's")
    if not lst.credentials:
        raise AuditError("credential list: no credentials")
    previous = b""
    for i, c in enumerate(lst.credentials):
        if len(c.public_key) != 32 or not is_valid_point(c.public_key):
            raise AuditError(f"credential {i}: not a point of prime order")
        if c.public_key <= previous:
            raise AuditError(f"credential {i}: keys not strictly increasing")
        previous = c.public_key
        if not c.district or (districts is not None and c.district not in districts):
            raise AuditError(f"credential {i}: district {c.district!r} has no ballot")
    return lst


__all__ = ["sodium"]
