"""Verifiers of the zero-knowledge proofs of crypto.md §5–§8 (version 2: proofs carry their
commitments; crypto §3.3).

For each proof, ``*_equations`` decodes what is not a point (counts, canonical scalars),
recomputes the Fiat–Shamir challenge from the statement and the commitments, and returns the
proof's equations in the specification's order -- each a list of terms ``(k, P)`` whose sum must
be ``O``. ``verify_*`` checks them one by one and raises :class:`ProofError` naming the first
that fails (or the commitment that encodes no element); a caller may instead add the equations
of many proofs to one :class:`~oylama_audit._group.Batch` (``_ballot.verify_ballot`` does).

The statement (key, ciphertexts, values, bounds) is the verifier's, never the proof's; the
statement's points are checked by the callers (``check_point``) or, in a batch, by its
decoding.
"""

from __future__ import annotations

from collections.abc import Sequence

from oylama_audit._errors import EncodingError, ProofError
from oylama_audit._group import (
    IDENTITY,
    Equation,
    G,
    L,
    base,
    challenge,
    check_point,
    decode_scalar,
    holds,
    is_element,
    scalar_bytes,
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


def _commitment(data: bytes, what: str) -> bytes:
    if len(data) != 32:
        raise ProofError(f"{what}: {len(data)} bytes, not 32")
    return data


def _first_failure(
    tag: str, equations: list[Equation], names: list[str], commitments: list[tuple[str, bytes]]
) -> None:
    """Raise for the first equation that fails; an invalid commitment (which changes every
    equation through the challenge) is named first."""
    for n, equation in enumerate(equations):
        if not holds(equation):
            for name, b in commitments:
                if not is_element(b):
                    raise ProofError(f"{tag}: commitment {name} is not an element")
            raise ProofError(f"{tag}: {names[n]} does not hold")


def _pairs(prefix: str, items: Sequence[bytes]) -> list[tuple[str, bytes]]:
    return [(f"{prefix}{'AB'[k % 2]}_{k // 2}", p) for k, p in enumerate(items)]


def _branch(  # noqa: PLR0917 (a branch's statement and proof, in the spec's order)
    key: bytes,
    alpha: bytes,
    beta: bytes,
    v: int,
    c: int,
    z: int,
    ab: Sequence[bytes],
) -> list[Equation]:
    """§7: ``z·G - c·alpha - A = O`` and ``z·H - c·beta + (c·v)·G - B = O``."""
    return [
        [(z, G), (-c, alpha), (-1, ab[0])],
        [(z, key), (-c, beta), (c * v, G), (-1, ab[1])],
    ]


# -- §5 Schnorr ---------------------------------------------------------------------------------


def schnorr_equations(
    public: bytes, proof: SchnorrProof, *, context: bytes, label: bytes
) -> list[Equation]:
    a = _commitment(proof.commitment, "schnorr commitment")
    z = decode_scalar(proof.response)
    c = challenge("schnorr", context, label, [G, public, a])
    return [[(z, G), (-c, public), (-1, a)]]


def verify_schnorr(public: bytes, proof: SchnorrProof, *, context: bytes, label: bytes) -> None:
    """§5: ``z·G - c·X - A = O`` with ``c = Hc(schnorr; G, X, A)``."""
    check_point(public, allow_identity=False, what="Schnorr public key")
    eqs = schnorr_equations(public, proof, context=context, label=label)
    _first_failure("schnorr", eqs, ["z·G - c·X = A"], [("A", proof.commitment)])


# -- §6 DLEQ --------------------------------------------------------------------------------------


def dleq_equations(
    g1: bytes, h1: bytes, g2: bytes, h2: bytes, proof: DleqProof, *, context: bytes, label: bytes
) -> list[Equation]:
    if g1 == IDENTITY:
        raise EncodingError("dleq: g1 is the identity")
    a1 = _commitment(proof.commitment1, "dleq commitment1")
    a2 = _commitment(proof.commitment2, "dleq commitment2")
    z = decode_scalar(proof.response)
    c = challenge("dleq", context, label, [g1, h1, g2, h2, a1, a2])
    return [[(z, g1), (-c, h1), (-1, a1)], [(z, g2), (-c, h2), (-1, a2)]]


def verify_dleq(
    g1: bytes, h1: bytes, g2: bytes, h2: bytes, proof: DleqProof, *, context: bytes, label: bytes
) -> None:
    """§6: ``z·g1 - c·h1 - A1 = O``, ``z·g2 - c·h2 - A2 = O``. The caller checked the points."""
    eqs = dleq_equations(g1, h1, g2, h2, proof, context=context, label=label)
    _first_failure(
        "dleq",
        eqs,
        ["z·g1 - c·h1 = A1", "z·g2 - c·h2 = A2"],
        [("A1", proof.commitment1), ("A2", proof.commitment2)],
    )


# -- §7 one-of, §7.1 table ------------------------------------------------------------------------


def _check_values(values: Sequence[int]) -> None:
    k1 = len(values)
    if not 1 <= k1 <= 64 or any(not 0 <= v <= MAX_VALUE for v in values):
        raise ProofError("one-of: values out of range")
    if any(values[i] >= values[i + 1] for i in range(k1 - 1)):
        raise ProofError("one-of: values not strictly increasing")


def one_of_equations(
    key: bytes,
    alpha: bytes,
    beta: bytes,
    values: Sequence[int],
    proof: DisjunctiveProof,
    *,
    context: bytes,
    label: bytes,
) -> list[Equation]:
    """§7 steps 1, 2, 4 and the equations of step 5 (``A_j`` then ``B_j`` per branch)."""
    _check_values(values)
    k1 = len(values)
    counts = (len(proof.commitments), len(proof.challenges), len(proof.responses))
    if counts != (2 * k1, k1 - 1, k1):
        raise ProofError(
            f"one-of: expected {2 * k1} commitments, {k1 - 1} challenges, {k1} responses"
        )
    ab = [_commitment(x, f"one-of commitment {i}") for i, x in enumerate(proof.commitments)]
    cs = [decode_scalar(c) for c in proof.challenges]
    zs = [decode_scalar(z) for z in proof.responses]
    c = challenge("one-of", context, label, [key, alpha, beta, _int(k1), *map(_int, values), *ab])
    cs.append((c - sum(cs)) % L)
    eqs: list[Equation] = []
    for j, v in enumerate(values):
        eqs += _branch(key, alpha, beta, v, cs[j], zs[j], ab[2 * j : 2 * j + 2])
    return eqs


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
    eqs = one_of_equations(key, alpha, beta, values, proof, context=context, label=label)
    check_point(alpha, allow_identity=False, what="alpha")
    check_point(beta, allow_identity=False, what="beta")
    names = [f"branch {n // 2} ({'AB'[n % 2]})" for n in range(len(eqs))]
    _first_failure("one-of", eqs, names, _pairs("", proof.commitments))


def table_equations(
    key: bytes,
    ciphertexts: Sequence[tuple[bytes, bytes]],
    rows: Sequence[Sequence[int]],
    proof: TableProof,
    *,
    context: bytes,
    label: bytes,
) -> list[Equation]:
    """§7.1: per row ``j``, per ciphertext ``i``, the branch equations ``A``, ``B``."""
    m = len(ciphertexts)
    n = len(rows)
    if m < 1 or not 1 <= n <= 64 or n * m > 256:
        raise ProofError("table: size out of range")
    if any(len(r) != m or any(not 0 <= v <= MAX_VALUE for v in r) for r in rows):
        raise ProofError("table: malformed rows")
    if any(tuple(rows[i]) >= tuple(rows[i + 1]) for i in range(n - 1)):
        raise ProofError("table: rows not strictly increasing")
    if (
        len(proof.commitments) != n
        or any(len(r) != 2 * m for r in proof.commitments)
        or len(proof.challenges) != n - 1
        or len(proof.responses) != n
        or any(len(r) != m for r in proof.responses)
    ):
        raise ProofError(f"table: expected {n} rows of {2 * m} commitments and {m} responses")
    ab = [[_commitment(q, "table commitment") for q in r] for r in proof.commitments]
    cs = [decode_scalar(c) for c in proof.challenges]
    zs = [[decode_scalar(z) for z in r] for r in proof.responses]
    fields = [key, _int(m)]
    for alpha, beta in ciphertexts:
        fields += [alpha, beta]
    fields.append(_int(n))
    for row in rows:
        fields.extend(_int(v) for v in row)
    fields += [q for r in ab for q in r]
    c = challenge("table", context, label, fields)
    cs.append((c - sum(cs)) % L)
    eqs: list[Equation] = []
    for row, cj, zrow, abrow in zip(rows, cs, zs, ab, strict=True):
        for i, ((alpha, beta), v, z) in enumerate(zip(ciphertexts, row, zrow, strict=True)):
            eqs += _branch(key, alpha, beta, v, cj, z, abrow[2 * i : 2 * i + 2])
    return eqs


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
    eqs = table_equations(key, ciphertexts, rows, proof, context=context, label=label)
    for alpha, beta in ciphertexts:
        check_point(alpha, allow_identity=False, what="alpha")
        check_point(beta, allow_identity=False, what="beta")
    m = len(ciphertexts)
    names = [
        f"row {n // (2 * m)}, ciphertext {n // 2 % m} ({'AB'[n % 2]})" for n in range(len(eqs))
    ]
    named = [
        (f"{'AB'[k % 2]}_({j},{k // 2})", q)
        for j, r in enumerate(proof.commitments)
        for k, q in enumerate(r)
    ]
    _first_failure("table", eqs, names, named)


# -- §8 range -----------------------------------------------------------------------------------


def range_weights(a: int, b: int) -> list[int]:
    """§8 weights: ``2^i`` below the top bit, the top one ``B - 2^(n-1) + 1``."""
    span = b - a
    n = span.bit_length()
    return [1 << i for i in range(n - 1)] + [span - (1 << (n - 1)) + 1]


def range_equations(  # noqa: PLR0917 (the statement of crypto §8, in its order)
    key: bytes,
    alpha: bytes,
    beta: bytes,
    a: int,
    b: int,
    proof: RangeProof,
    *,
    context: bytes,
    label: bytes,
) -> list[Equation]:
    """§8 verifier steps 1 (but the points) and 2; the equations (R1), (R2), then per bit
    (A0), (B0), (A1), (B1)."""
    if not 0 <= a < b <= MAX_VALUE:
        raise ProofError("range: bounds out of range")
    weights = range_weights(a, b)
    n = len(weights)
    if len(proof.bits) != n:
        raise ProofError(f"range: {len(proof.bits)} bits, expected {n}")
    fields = [key, alpha, beta, _int(a), _int(b), _int(n)]
    parts = []
    for i, bit in enumerate(proof.bits):
        ai = _commitment(bit.ciphertext.alpha, f"range bit {i} alpha")
        bi = _commitment(bit.ciphertext.beta, f"range bit {i} beta")
        if IDENTITY in (ai, bi):
            raise ProofError(f"range: bit {i}: the identity in a fresh ciphertext")
        if len(bit.commitments) != 4:
            raise ProofError(f"range: bit {i}: expected 4 commitments")
        ab = [_commitment(q, f"range bit {i} commitment") for q in bit.commitments]
        c0 = decode_scalar(bit.challenge0)
        z0 = decode_scalar(bit.response0)
        z1 = decode_scalar(bit.response1)
        fields += [ai, bi, *ab]
        parts.append((ai, bi, ab, c0, z0, z1))
    c = challenge("range", context, label, fields)
    eqs: list[Equation] = [
        [*((w, p[0]) for w, p in zip(weights, parts, strict=True)), (-1, alpha)],
        [*((w, p[1]) for w, p in zip(weights, parts, strict=True)), (a, G), (-1, beta)],
    ]
    for ai, bi, ab, c0, z0, z1 in parts:
        eqs += _branch(key, ai, bi, 0, c0, z0, ab[0:2])
        eqs += _branch(key, ai, bi, 1, (c - c0) % L, z1, ab[2:4])
    return eqs


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
    check_point(alpha, allow_identity=True, what="alpha")
    check_point(beta, allow_identity=True, what="beta")
    eqs = range_equations(key, alpha, beta, a, b, proof, context=context, label=label)
    for i, bit in enumerate(proof.bits):
        try:
            check_point(bit.ciphertext.alpha, allow_identity=False, what=f"bit {i} alpha")
            check_point(bit.ciphertext.beta, allow_identity=False, what=f"bit {i} beta")
        except EncodingError as exc:
            raise ProofError(f"range: {exc}") from None
    names = ["recombination of alpha", "recombination of beta"] + [
        f"bit {n // 4}, branch {n // 2 % 2} ({'AB'[n % 2]})" for n in range(len(eqs) - 2)
    ]
    named = [
        (name, q)
        for i, bit in enumerate(proof.bits)
        for name, q in _pairs(f"bit {i} ", bit.commitments)
    ]
    _first_failure("range", eqs, names, named)
