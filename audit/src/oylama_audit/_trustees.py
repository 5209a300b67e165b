"""The key ceremony's public records and the tally decryption (trustees.md §3, §5-§8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nacl import bindings as sodium
from nacl.exceptions import CryptoError as _SodiumError

from oylama_audit._errors import AuditError, EncodingError, ProofError
from oylama_audit._group import (
    IDENTITY,
    G,
    L,
    add,
    base,
    check_point,
    mul,
    point_sum,
    sub,
    u32be,
)
from oylama_audit._proofs import verify_dleq, verify_schnorr
from oylama_audit._wire import PartialDecryption, TrusteePublic

_SMALL_ORDER_PROBE = b"\x08" + bytes(31)


def coefficient_label(n: int, t: int, i: int, j: int, box_public: bytes) -> bytes:
    return b"trustee-coefficient" + u32be(n) + u32be(t) + u32be(i) + u32be(j) + box_public


def decryption_label(index: int, k: int, m: int, what: bytes) -> bytes:
    return b"decryption-share" + u32be(index) + u32be(k) + u32be(m) + what


def verify_trustee_record(
    record: TrusteePublic, *, trustees: int, threshold: int, context: bytes
) -> None:
    """trustees §3.2, items 1-5."""
    i = record.index
    if not 1 <= i <= trustees:
        raise AuditError(f"index {i} not in 1..{trustees}")
    if record.trustees != trustees or record.threshold != threshold:
        raise AuditError("n or t differ from the manifest's")
    if len(record.commitments) != threshold or len(record.proofs) != threshold:
        raise AuditError(f"expected {threshold} commitments and proofs")
    if len(record.box_public) != 32:
        raise AuditError("box key is not 32 bytes")
    try:
        shared = sodium.crypto_scalarmult(_SMALL_ORDER_PROBE, record.box_public)
    except _SodiumError:
        shared = bytes(32)
    if shared == bytes(32):
        raise AuditError("box key is of small order")
    for j, (commitment, proof) in enumerate(zip(record.commitments, record.proofs, strict=True)):
        try:
            check_point(commitment, allow_identity=False, what=f"commitment {j}")
            verify_schnorr(
                commitment,
                proof,
                context=context,
                label=coefficient_label(trustees, threshold, i, j, record.box_public),
            )
        except AuditError as exc:
            raise type(exc)(f"coefficient {j}: {exc}") from None


class Ceremony:
    """The joint key and each trustee's public share, from accepted records (trustees §5)."""

    def __init__(self, records: Mapping[int, TrusteePublic], threshold: int) -> None:
        self.threshold = threshold
        self.column_sums = [
            point_sum(records[i].commitments[j] for i in sorted(records)) for j in range(threshold)
        ]
        self.joint_key = self.column_sums[0]
        if self.joint_key == IDENTITY:
            raise AuditError("joint key is the identity")
        self._shares: dict[int, bytes] = {}

    def public_share(self, index: int) -> bytes:
        """``K^(l) = Σ_j l^j·C_j``, by Horner."""
        share = self._shares.get(index)
        if share is None:
            acc = IDENTITY
            for c in reversed(self.column_sums):
                acc = add(mul(index, acc), c)
            share = self._shares[index] = acc
        return share


def verify_partial_decryption(
    ceremony: Ceremony,
    partial: PartialDecryption,
    ciphertexts: Sequence[tuple[bytes, bytes]],
    *,
    trustees: int,
    context: bytes,
    what: bytes,
) -> None:
    """trustees §6.1."""
    l_index = partial.index
    m = len(ciphertexts)
    if not 1 <= l_index <= trustees:
        raise AuditError(f"trustee index {l_index} not in 1..{trustees}")
    if len(partial.shares) != m or len(partial.proofs) != m:
        raise AuditError(f"expected {m} shares and proofs")
    public = ceremony.public_share(l_index)
    for k, ((alpha, _beta), share, proof) in enumerate(
        zip(ciphertexts, partial.shares, partial.proofs, strict=True)
    ):
        try:
            check_point(share, allow_identity=True, what="share")
            check_point(alpha, allow_identity=True, what="alpha")
            verify_dleq(
                G,
                public,
                alpha,
                share,
                proof,
                context=context,
                label=decryption_label(l_index, k, m, what),
            )
        except AuditError as exc:
            raise type(exc)(f"ciphertext {k}: {exc}") from None


def lagrange(index: int, indices: Sequence[int]) -> int:
    """``λ_l = Π_{j≠l} j·(j-l)^-1 mod L`` (trustees §7)."""
    value = 1
    for j in indices:
        if j != index:
            value = value * j * pow(j - index, -1, L) % L
    return value


def check_plaintexts(
    partials: Sequence[PartialDecryption],
    ciphertexts: Sequence[tuple[bytes, bytes]],
    plaintexts: Sequence[int],
    bound: int,
) -> None:
    """trustees §8: ``m_k·G = beta_k - Σ λ_l·M_(l,k)`` with ``0 <= m_k <= bound``."""
    indices = [p.index for p in partials]
    if len(set(indices)) != len(indices):
        raise ProofError("two partial decryptions of one trustee")
    if len(plaintexts) != len(ciphertexts):
        raise EncodingError(f"expected {len(ciphertexts)} plaintexts")
    lambdas = {p.index: lagrange(p.index, indices) for p in partials}
    for k, ((_alpha, beta), m_k) in enumerate(zip(ciphertexts, plaintexts, strict=True)):
        if not 0 <= m_k <= bound:
            raise ProofError(f"ciphertext {k}: plaintext {m_k} outside [0, {bound}]")
        combined = point_sum(mul(lambdas[p.index], p.shares[k]) for p in partials)
        if base(m_k) != sub(beta, combined):
            raise ProofError(f"ciphertext {k}: plaintext {m_k} does not match the decryption")
