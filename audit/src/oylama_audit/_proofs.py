"""Verifiers of the zero-knowledge proofs of crypto.md §5–§8.

Each function takes the statement (which the verifier computes or takes from the election, never
from the proof) and the proof's wire structure, and raises :class:`ProofError` (or
:class:`EncodingError` for an invalid statement point) unless the proof verifies.

Point validity of fresh ciphertexts is completed by libsodium during the multiplications (see
:func:`~oylama_audit._group.cheap_point_check`); every verifier below calls
:func:`~oylama_audit._group.check_point` explicitly when no multiplication by a non-zero
challenge would touch a point.
"""

from __future__ import annotations

from collections.abc import Sequence

from oylama_audit._errors import EncodingError, ProofError
from oylama_audit._group import (
    IDENTITY,
    G,
    L,
    add,
    base,
    challenge,
    cheap_point_check,
    check_point,
    decode_scalar,
    mul,
    scalar_bytes,
    sub,
)
from oylama_audit._wire import DisjunctiveProof, DleqProof, RangeProof, SchnorrProof, TableProof

MAX_VALUE = 2**62

_value_points: dict[int, bytes] = {}


def value_point(v: int) -> bytes:
    """``v·G``, cached: the same few values recur in every ballot of an election."""
    point = _value_points.get(v)
    if point is None:
        if len(_value_points) > 4096:
            _value_points.clear()
        point = _value_points[v] = base(v)
    return point


def _int(v: int) -> bytes:
    return scalar_bytes(v)


def verify_schnorr(public: bytes, proof: SchnorrProof, *, context: bytes, label: bytes) -> None:
    """§5: ``A' = z·G - c·X``, ``Hc(schnorr; G, X, A') = c``."""
    check_point(public, allow_identity=False, what="Schnorr public key")
    c = decode_scalar(proof.challenge)
    z = decode_scalar(proof.response)
    a = sub(base(z), mul(c, public))
    if challenge("schnorr", context, label, [G, public, a]) != c:
        raise ProofError("schnorr: challenge mismatch")


def verify_dleq(
    g1: bytes, h1: bytes, g2: bytes, h2: bytes, proof: DleqProof, *, context: bytes, label: bytes
) -> None:
    """§6: ``A1' = z·g1 - c·h1``, ``A2' = z·g2 - c·h2``. The caller has checked the points."""
    if g1 == IDENTITY:
        raise EncodingError("dleq: g1 is the identity")
    c = decode_scalar(proof.challenge)
    z = decode_scalar(proof.response)
    a1 = sub(mul(z, g1), mul(c, h1))
    a2 = sub(mul(z, g2), mul(c, h2))
    if challenge("dleq", context, label, [g1, h1, g2, h2, a1, a2]) != c:
        raise ProofError("dleq: challenge mismatch")


def verify_one_of(
    key: bytes,
    alpha: bytes,
    beta: bytes,
    values: Sequence[int],
    proof: DisjunctiveProof,
    *,
    context: bytes,
    label: bytes,
) -> None:
    """§7: the fresh ciphertext ``(alpha, beta)`` encrypts one of ``values``."""
    k1 = len(values)
    if not 1 <= k1 <= 64 or any(not 0 <= v <= MAX_VALUE for v in values):
        raise ProofError("one-of: values out of range")
    if any(values[i] >= values[i + 1] for i in range(k1 - 1)):
        raise ProofError("one-of: values not strictly increasing")
    if len(proof.challenges) != k1 or len(proof.responses) != k1:
        raise ProofError(f"one-of: expected {k1} challenges and responses")
    cs = [decode_scalar(c) for c in proof.challenges]
    zs = [decode_scalar(z) for z in proof.responses]
    cheap_point_check(alpha, "alpha")
    cheap_point_check(beta, "beta")
    if not any(cs):
        check_point(alpha, allow_identity=False, what="alpha")
        check_point(beta, allow_identity=False, what="beta")
    fields = [key, alpha, beta, _int(k1), *(_int(v) for v in values)]
    for v, c, z in zip(values, cs, zs, strict=True):
        fields.append(sub(base(z), mul(c, alpha)))
        shifted = beta if v == 0 else sub(beta, value_point(v))
        fields.append(sub(mul(z, key), mul(c, shifted)))
    if challenge("one-of", context, label, fields) != sum(cs) % L:
        raise ProofError("one-of: challenge mismatch")


def verify_table(
    key: bytes,
    ciphertexts: Sequence[tuple[bytes, bytes]],
    rows: Sequence[Sequence[int]],
    proof: TableProof,
    *,
    context: bytes,
    label: bytes,
) -> None:
    """§7.1: the fresh ciphertexts encrypt, together, one row of ``rows``."""
    m = len(ciphertexts)
    n = len(rows)
    if m < 1 or not 1 <= n <= 64 or n * m > 256:
        raise ProofError("table: size out of range")
    if any(len(r) != m or any(not 0 <= v <= MAX_VALUE for v in r) for r in rows):
        raise ProofError("table: malformed rows")
    if any(tuple(rows[i]) >= tuple(rows[i + 1]) for i in range(n - 1)):
        raise ProofError("table: rows not strictly increasing")
    if len(proof.challenges) != n or len(proof.responses) != n:
        raise ProofError(f"table: expected {n} challenges and response rows")
    if any(len(r) != m for r in proof.responses):
        raise ProofError(f"table: expected {m} responses per row")
    cs = [decode_scalar(c) for c in proof.challenges]
    zs = [[decode_scalar(z) for z in r] for r in proof.responses]
    for alpha, beta in ciphertexts:
        cheap_point_check(alpha, "alpha")
        cheap_point_check(beta, "beta")
        if not any(cs):
            check_point(alpha, allow_identity=False, what="alpha")
            check_point(beta, allow_identity=False, what="beta")
    fields = [key, _int(m)]
    for alpha, beta in ciphertexts:
        fields += [alpha, beta]
    fields.append(_int(n))
    for row in rows:
        fields.extend(_int(v) for v in row)
    for row, c, zrow in zip(rows, cs, zs, strict=True):
        for (alpha, beta), v, z in zip(ciphertexts, row, zrow, strict=True):
            fields.append(sub(base(z), mul(c, alpha)))
            shifted = beta if v == 0 else sub(beta, value_point(v))
            fields.append(sub(mul(z, key), mul(c, shifted)))
    if challenge("table", context, label, fields) != sum(cs) % L:
        raise ProofError("table: challenge mismatch")


def range_weights(a: int, b: int) -> list[int]:
    """§8 weights: ``2^i`` below the top bit, the top one ``B - 2^(n-1) + 1``."""
    span = b - a
    n = span.bit_length()
    return [1 << i for i in range(n - 1)] + [span - (1 << (n - 1)) + 1]


def _weighted_sum(points: Sequence[bytes], weights: Sequence[int]) -> bytes:
    """``Σ w_i·P_i`` for the weights of :func:`range_weights`: Horner on the powers of two
    (one doubling and one addition per bit), plus one multiplication for the top weight."""
    acc = IDENTITY
    for p in reversed(points[:-1]):
        acc = add(add(acc, acc), p)
    return add(acc, mul(weights[-1], points[-1]))


def verify_range(  # noqa: PLR0917 (the statement of crypto §8, in its order)
    key: bytes,
    alpha: bytes,
    beta: bytes,
    a: int,
    b: int,
    proof: RangeProof,
    *,
    context: bytes,
    label: bytes,
) -> None:
    """§8: the aggregate ciphertext ``(alpha, beta)`` encrypts an integer in ``[a, b]``."""
    if not 0 <= a < b <= MAX_VALUE:
        raise ProofError("range: bounds out of range")
    weights = range_weights(a, b)
    n = len(weights)
    if len(proof.bits) != n:
        raise ProofError(f"range: {len(proof.bits)} bits, expected {n}")
    check_point(alpha, allow_identity=True, what="alpha")
    check_point(beta, allow_identity=True, what="beta")
    c = decode_scalar(proof.challenge)
    alphas: list[bytes] = []
    betas: list[bytes] = []
    c0s: list[int] = []
    z0s: list[int] = []
    z1s: list[int] = []
    for i, bit in enumerate(proof.bits):
        try:
            cheap_point_check(bit.ciphertext.alpha, f"bit {i} alpha")
            cheap_point_check(bit.ciphertext.beta, f"bit {i} beta")
            if c == 0:
                check_point(bit.ciphertext.alpha, allow_identity=False, what=f"bit {i} alpha")
                check_point(bit.ciphertext.beta, allow_identity=False, what=f"bit {i} beta")
        except EncodingError as exc:
            raise ProofError(f"range: {exc}") from None
        alphas.append(bit.ciphertext.alpha)
        betas.append(bit.ciphertext.beta)
        c0s.append(decode_scalar(bit.challenge0))
        z0s.append(decode_scalar(bit.response0))
        z1s.append(decode_scalar(bit.response1))
    try:
        if _weighted_sum(alphas, weights) != alpha:
            raise ProofError("range: recombination of alpha fails")
        if add(_weighted_sum(betas, weights), value_point(a)) != beta:
            raise ProofError("range: recombination of beta fails")
        fields = [key, alpha, beta, _int(a), _int(b), _int(n)]
        for ai, bi, c0, z0, z1 in zip(alphas, betas, c0s, z0s, z1s, strict=True):
            c1 = (c - c0) % L
            fields += [
                ai,
                bi,
                sub(base(z0), mul(c0, ai)),
                sub(mul(z0, key), mul(c0, bi)),
                sub(base(z1), mul(c1, ai)),
                sub(mul(z1, key), mul(c1, sub(bi, G))),
            ]
    except EncodingError as exc:
        raise ProofError(f"range: bit ciphertext: {exc}") from None
    if challenge("range", context, label, fields) != c:
        raise ProofError("range: challenge mismatch")
