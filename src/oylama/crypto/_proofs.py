"""Sigma-protocol proofs made non-interactive by strong Fiat–Shamir (:mod:`._hash`).

* :func:`prove_schnorr` -- knowledge of a secret key ``s`` with ``X = s·G``.
* :func:`prove_dleq` -- Chaum–Pedersen: ``log_g1 h1 = log_g2 h2`` (correct decryption shares).
* :func:`prove_one_of` -- a ciphertext encrypts one of a few public values (``{0, 1}`` for a
  selection, ``{0..k}`` for small ranges): a disjunction of Chaum–Pedersen proofs in the
  Cramer–Damgård–Schoenmakers style, the simulated branches' challenges summing with the real
  one to the Fiat–Shamir challenge.
* :func:`prove_range` -- a ciphertext encrypts a value in ``[a, b]``: a bit decomposition of
  ``m - a`` with weights that cover exactly ``[0, b - a]``, one 0/1 proof per bit ciphertext
  under one shared challenge, and bit ciphertexts whose weighted homomorphic sum *is* the
  shifted value ciphertext.

Every prover takes its randomness from an injected :class:`Rng` and refuses to prove a false
statement (:class:`CryptoError`); every verifier raises :class:`ProofError` naming the failed
check and never returns ``False``. Equations and byte layouts: docs/spec/crypto.md §5–§8.

Provers multiply with the constant-time ``*`` and :func:`fixed_base` (their scalars are secret,
and so is which branch is real). Verifiers recompute the commitments from public data only: on
the native backend all of a proof's commitments are one variable-time multi-scalar call
(:func:`combine_vartime`); on libsodium they are computed one multiplication at a time, as the
equations read, relying on its multiplication's own point checks (``Point._deferred``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import Final

import msgspec

from oylama.crypto._backend import NATIVE
from oylama.crypto._elgamal import Ciphertext, check_public_key
from oylama.crypto._errors import CryptoError, EncodingError, ProofError
from oylama.crypto._group import (
    GENERATOR,
    IDENTITY,
    L,
    Point,
    Rng,
    Term,
    base_mul,
    combine_vartime,
    decode_scalar,
    encode_scalar,
    fixed_base,
    random_scalar,
    small_base_mul,
)
from oylama.crypto._hash import Field, challenge, check_context, integer

#: Most values a one-of proof may list (bounds the verifier's work: 5 multiplications each).
MAX_ONE_OF: Final = 64

#: Largest upper bound of a range proof (and of one-of values): 2^62.
MAX_VALUE: Final = 2**62

#: Fiat–Shamir tags (docs/spec/crypto.md §3), after the common prefix ``oylama/crypto/v1/``.
TAG_SCHNORR: Final = "schnorr"
TAG_DLEQ: Final = "dleq"
TAG_ONE_OF: Final = "one-of"
TAG_RANGE: Final = "range"
TAG_TABLE: Final = "table"

#: Most cells (rows × ciphertexts) of a table proof.
MAX_TABLE_CELLS: Final = 256

_BIT_VALUES: Final = (0, 1)


class SchnorrProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Proof of knowledge of ``s`` with ``X = s·G``: challenge ``c`` and response ``z``."""

    challenge: bytes
    response: bytes


class DleqProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Chaum–Pedersen proof that ``log_g1 h1 = log_g2 h2``: challenge ``c`` and response ``z``."""

    challenge: bytes
    response: bytes


class DisjunctiveProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Proof that a ciphertext encrypts one of ``values``: one ``(c_j, z_j)`` per value."""

    challenges: list[bytes]
    responses: list[bytes]


class TableProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Proof that ciphertexts encrypt one row of a public table: per row ``j`` a challenge
    ``c_j`` and one response ``z_(j,i)`` per ciphertext ``i``."""

    challenges: list[bytes]
    responses: list[list[bytes]]


class RangeBit(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One bit of a range proof: its ciphertext, ``c_{i,0}``, ``z_{i,0}`` and ``z_{i,1}``."""

    ciphertext: Ciphertext
    challenge0: bytes
    response0: bytes
    response1: bytes


class RangeProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Proof that a ciphertext encrypts a value in ``[a, b]``: the shared challenge and bits."""

    challenge: bytes
    bits: list[RangeBit]


def _proof_scalar(data: bytes, what: str) -> int:
    try:
        return decode_scalar(data)
    except EncodingError as e:
        raise ProofError(f"{what}: {e}") from None


def _rng_default(rng: Rng | None) -> Rng:
    return secrets if rng is None else rng


# -- Schnorr ------------------------------------------------------------------------------


def prove_schnorr(
    secret: int, *, context: bytes, label: bytes, rng: Rng | None = None
) -> SchnorrProof:
    """Prove knowledge of ``secret`` for the public key ``secret·G``."""
    check_context(context, label)
    if not 0 < secret < L:
        raise CryptoError("a secret key is a scalar in [1, L)")
    rng = _rng_default(rng)
    x = base_mul(secret)
    w = random_scalar(rng)
    a = base_mul(w)
    c = challenge(TAG_SCHNORR, context, label, (GENERATOR, x, a))
    return SchnorrProof(encode_scalar(c), encode_scalar((w + c * secret) % L))


def verify_schnorr(public: Point, proof: SchnorrProof, *, context: bytes, label: bytes) -> None:
    """Check ``c = H(G, X, z·G - c·X)``; raise :class:`ProofError` if not."""
    check_context(context, label)
    if public.is_identity:
        raise ProofError("schnorr: the public key is the identity")
    c = _proof_scalar(proof.challenge, "schnorr challenge")
    z = _proof_scalar(proof.response, "schnorr response")
    if NATIVE:
        (a,) = combine_vartime([GENERATOR, public], [[(0, z), (1, -c)]])
    else:
        a = base_mul(z) - public * c
    if challenge(TAG_SCHNORR, context, label, (GENERATOR, public, a)) != c:
        raise ProofError("schnorr: challenge does not match the recomputed commitment")


# -- Chaum–Pedersen -----------------------------------------------------------------------


def prove_dleq(
    secret: int,
    g1: Point,
    h1: Point,
    g2: Point,
    h2: Point,
    *,
    context: bytes,
    label: bytes,
    rng: Rng | None = None,
) -> DleqProof:
    """Prove ``h1 = secret·g1`` and ``h2 = secret·g2`` (refuses if either is false)."""
    check_context(context, label)
    if g1.is_identity:
        raise CryptoError("dleq: g1 must not be the identity")
    if g1 * secret != h1 or g2 * secret != h2:
        raise CryptoError("dleq: the secret does not match the statement")
    rng = _rng_default(rng)
    w = random_scalar(rng)
    a1, a2 = g1 * w, g2 * w
    c = challenge(TAG_DLEQ, context, label, (g1, h1, g2, h2, a1, a2))
    return DleqProof(encode_scalar(c), encode_scalar((w + c * secret) % L))


def verify_dleq(
    g1: Point, h1: Point, g2: Point, h2: Point, proof: DleqProof, *, context: bytes, label: bytes
) -> None:
    """Check ``c = H(g1, h1, g2, h2, z·g1 - c·h1, z·g2 - c·h2)``.

    ``g1`` must not be the identity; ``g2`` and ``h2`` may be (decryption of an aggregate whose
    ``alpha`` cancelled).
    """
    check_context(context, label)
    if g1.is_identity:
        raise ProofError("dleq: g1 is the identity")
    c = _proof_scalar(proof.challenge, "dleq challenge")
    z = _proof_scalar(proof.response, "dleq response")
    if NATIVE:
        a1, a2 = combine_vartime([g1, h1, g2, h2], [[(0, z), (1, -c)], [(2, z), (3, -c)]])
    else:
        a1 = g1 * z - h1 * c
        a2 = g2 * z - h2 * c
    if challenge(TAG_DLEQ, context, label, (g1, h1, g2, h2, a1, a2)) != c:
        raise ProofError("dleq: challenge does not match the recomputed commitments")


def prove_decryption(
    secret: int, ct: Ciphertext, *, context: bytes, label: bytes, rng: Rng | None = None
) -> tuple[Point, DleqProof]:
    """A decryption share ``M = s·alpha`` and its proof ``dleq(G, s·G, alpha, M)``.

    ``ct`` is an aggregate (its ``alpha`` may be the identity).
    """
    alpha, _ = ct.points(aggregate=True)
    share = alpha * secret
    proof = prove_dleq(
        secret, GENERATOR, base_mul(secret), alpha, share, context=context, label=label, rng=rng
    )
    return share, proof


def verify_decryption(
    public: Point,
    ct: Ciphertext,
    share: Point,
    proof: DleqProof,
    *,
    context: bytes,
    label: bytes,
) -> None:
    """Check a decryption share ``M`` of ``ct`` by the holder of ``public``."""
    check_public_key(public)
    alpha, _ = ct.points(aggregate=True)
    verify_dleq(GENERATOR, public, alpha, share, proof, context=context, label=label)


# -- disjunctive (one of a few values) -----------------------------------------------------


def _check_values(values: Sequence[int]) -> None:
    if not 1 <= len(values) <= MAX_ONE_OF:
        raise CryptoError(f"one-of: between 1 and {MAX_ONE_OF} values, got {len(values)}")
    prev = -1
    for v in values:
        if not isinstance(v, int) or not prev < v <= MAX_VALUE:
            raise CryptoError(f"one-of: values must be strictly increasing in [0, 2^62]: {v!r}")
        prev = v


def _branch(key: Point, alpha: Point, shifted: Point, c: int, z: int) -> tuple[Point, Point]:
    """The commitments a branch must have had: ``(z·G - c·alpha, z·H - c·(beta - v·G))``.

    ``shifted`` is ``beta - v·G``, computed once per branch by the caller. Constant time on the
    native backend: provers simulate branches with it (which branch is simulated is secret).
    """
    return base_mul(z) - alpha * c, fixed_base(key).mul(z) - shifted * c


def _shifted(beta: Point, v: int) -> Point:
    return beta - small_base_mul(v) if v else beta


#: A branch to verify: ``(alpha, beta, v, c, z)``.
Branch = tuple[Point, Point, int, int, int]


def _branches(
    key: Point, items: Sequence[Branch], *, bad_point: Callable[[int], str] | None = None
) -> list[Point]:
    """A verifier's commitments ``A_j, B_j`` of the branches ``items``, in order, public data.

    libsodium: :func:`_branch` per item, as the equations read (its multiplications check the
    deferred points; a refused point raises its :class:`EncodingError`, or a
    :class:`ProofError` prefixed with ``bad_point(item index)`` if given). Native: one
    variable-time multi-scalar call for all, each ``B = z·H - c·beta + (c·v)·G`` (the same
    point as ``z·H - c·(beta - v·G)``), every distinct point decoded once.
    """
    if not NATIVE:
        out: list[Point] = []
        for n, (alpha, beta, v, c, z) in enumerate(items):
            try:
                out += _branch(key, alpha, _shifted(beta, v), c, z)
            except EncodingError as e:
                if bad_point is None:
                    raise
                raise ProofError(f"{bad_point(n)}: {e}") from None
        return out
    points = [GENERATOR, key]
    index: dict[Point, int] = {}
    rows: list[list[Term]] = []
    for alpha, beta, v, c, z in items:
        ia = index.setdefault(alpha, len(points))
        if ia == len(points):
            points.append(alpha)
        ib = index.setdefault(beta, len(points))
        if ib == len(points):
            points.append(beta)
        rows.append([(0, z), (ia, -c)])
        rows.append([(1, z), (ib, -c), (0, c * v)])
    return combine_vartime(points, rows)


def _commit_branches(
    key: Point, alpha: Point, beta: Point, values: Sequence[int], *, t: int, rng: Rng
) -> tuple[int, list[int], list[int], list[Field]]:
    """Commitments of the real branch ``t`` (nonce ``w``) and simulations of the others."""
    w = random_scalar(rng)
    cs: list[int] = []
    zs: list[int] = []
    commits: list[Field] = []
    for j, v in enumerate(values):
        if j == t:
            cs.append(0)
            zs.append(0)
            commits += (base_mul(w), fixed_base(key).mul(w))
        else:
            c_j, z_j = random_scalar(rng), random_scalar(rng)
            cs.append(c_j)
            zs.append(z_j)
            commits += _branch(key, alpha, _shifted(beta, v), c_j, z_j)
    return w, cs, zs, commits


def _finish_branches(c: int, w: int, r: int, *, t: int, cs: list[int], zs: list[int]) -> None:
    cs[t] = (c - sum(cs)) % L
    zs[t] = (w + cs[t] * r) % L


def _one_of_statement(key: Point, alpha: Point, beta: Point, values: Sequence[int]) -> list[Field]:
    return [key, alpha, beta, integer(len(values)), *(integer(v) for v in values)]


def prove_one_of(
    key: Point,
    ct: Ciphertext,
    values: Sequence[int],
    m: int,
    r: int,
    *,
    context: bytes,
    label: bytes,
    rng: Rng | None = None,
) -> DisjunctiveProof:
    """Prove that ``ct = encrypt(key, m, r)`` with ``m`` one of ``values`` (strictly increasing).

    Refuses (:class:`CryptoError`) if ``m`` is not in ``values`` or ``ct`` is not that
    encryption: a prover never emits a proof of a false statement.
    """
    check_context(context, label)
    check_public_key(key)
    _check_values(values)
    if m not in values:
        raise CryptoError(f"one-of: {m} is not one of the allowed values")
    alpha, beta = ct.points()
    if base_mul(r) != alpha or base_mul(m) + fixed_base(key).mul(r) != beta:
        raise CryptoError("one-of: the ciphertext is not encrypt(key, m, r)")
    rng = _rng_default(rng)
    t = values.index(m)
    w, cs, zs, commits = _commit_branches(key, alpha, beta, values, t=t, rng=rng)
    c = challenge(
        TAG_ONE_OF, context, label, [*_one_of_statement(key, alpha, beta, values), *commits]
    )
    _finish_branches(c, w, r, t=t, cs=cs, zs=zs)
    return DisjunctiveProof([encode_scalar(x) for x in cs], [encode_scalar(x) for x in zs])


def verify_one_of(
    key: Point,
    ct: Ciphertext,
    values: Sequence[int],
    proof: DisjunctiveProof,
    *,
    context: bytes,
    label: bytes,
) -> None:
    """Check that ``ct`` (a fresh ciphertext) encrypts one of ``values`` under ``key``."""
    check_context(context, label)
    check_public_key(key)
    _check_values(values)
    n = len(values)
    if len(proof.challenges) != n or len(proof.responses) != n:
        raise ProofError(f"one-of: expected {n} challenges and {n} responses")
    cs = [_proof_scalar(x, f"one-of challenge {j}") for j, x in enumerate(proof.challenges)]
    zs = [_proof_scalar(x, f"one-of response {j}") for j, x in enumerate(proof.responses)]
    if any(cs):
        # Subgroup checks of alpha and beta deferred to the multiplications (Point._deferred):
        # for a c_j != 0, c_j·alpha checks alpha and c_j·(beta - v_j·G) checks beta - v_j·G,
        # hence beta. This saves two is_valid_point calls (about 15% of a 0/1 verification).
        alpha, beta = Point._deferred(ct.alpha), Point._deferred(ct.beta)
    else:
        alpha, beta = ct.points()
    fields = _one_of_statement(key, alpha, beta, values)
    fields += _branches(
        key, [(alpha, beta, v, c_j, z_j) for v, c_j, z_j in zip(values, cs, zs, strict=True)]
    )
    if challenge(TAG_ONE_OF, context, label, fields) != sum(cs) % L:
        raise ProofError("one-of: the challenges do not sum to the Fiat–Shamir challenge")


def prove_bit(
    key: Point,
    ct: Ciphertext,
    m: int,
    r: int,
    *,
    context: bytes,
    label: bytes,
    rng: Rng | None = None,
) -> DisjunctiveProof:
    """Prove that ``ct`` encrypts 0 or 1 (a selection): :func:`prove_one_of` with ``(0, 1)``."""
    return prove_one_of(key, ct, _BIT_VALUES, m, r, context=context, label=label, rng=rng)


def verify_bit(
    key: Point, ct: Ciphertext, proof: DisjunctiveProof, *, context: bytes, label: bytes
) -> None:
    """Check that ``ct`` encrypts 0 or 1: :func:`verify_one_of` with ``(0, 1)``."""
    verify_one_of(key, ct, _BIT_VALUES, proof, context=context, label=label)


# -- table (several ciphertexts encrypt one row of a public table) -------------------------


def _check_table(rows: Sequence[Sequence[int]], width: int) -> list[tuple[int, ...]]:
    if width < 1 or not 1 <= len(rows) <= MAX_ONE_OF or len(rows) * width > MAX_TABLE_CELLS:
        raise CryptoError(
            f"table: 1 to {MAX_ONE_OF} rows of the ciphertexts' count, at most "
            f"{MAX_TABLE_CELLS} cells; got {len(rows)} rows for {width} ciphertexts"
        )
    out: list[tuple[int, ...]] = []
    for row in rows:
        t = tuple(row)
        if len(t) != width or not all(isinstance(v, int) and 0 <= v <= MAX_VALUE for v in t):
            raise CryptoError(f"table: each row has {width} integers in [0, 2^62]: {row!r}")
        if out and not out[-1] < t:
            raise CryptoError("table: rows must be strictly increasing (lexicographically)")
        out.append(t)
    return out


def _table_statement(
    key: Point, points: Sequence[tuple[Point, Point]], rows: Sequence[tuple[int, ...]]
) -> list[Field]:
    fields: list[Field] = [key, integer(len(points))]
    for alpha, beta in points:
        fields += (alpha, beta)
    fields.append(integer(len(rows)))
    fields += (integer(v) for row in rows for v in row)
    return fields


def prove_table(
    key: Point,
    cts: Sequence[Ciphertext],
    rows: Sequence[Sequence[int]],
    values: Sequence[int],
    rs: Sequence[int],
    *,
    context: bytes,
    label: bytes,
    rng: Rng | None = None,
) -> TableProof:
    """Prove that ``cts[i] = encrypt(key, values[i], rs[i])`` with ``values`` a row of ``rows``.

    A disjunction (one branch per row) of conjunctions (one Chaum–Pedersen equation pair per
    ciphertext under the branch's challenge). For example a quadratic ballot's vote ``v`` and
    its cost ``v²``: ``rows = [(v, v*v) for v in range(k + 1)]``. Refuses a false statement.
    """
    check_context(context, label)
    check_public_key(key)
    table = _check_table(rows, len(cts))
    target = tuple(values)
    if target not in table:
        raise CryptoError(f"table: {target} is not a row of the table")
    if len(rs) != len(cts):
        raise CryptoError("table: one randomness per ciphertext")
    points = [ct.points() for ct in cts]
    for (alpha, beta), v, r in zip(points, target, rs, strict=True):
        if base_mul(r) != alpha or base_mul(v) + fixed_base(key).mul(r) != beta:
            raise CryptoError("table: a ciphertext is not encrypt(key, value, r)")
    rng = _rng_default(rng)
    t = table.index(target)
    ws = [random_scalar(rng) for _ in cts]
    cs: list[int] = []
    zs: list[list[int]] = []
    commits: list[Field] = []
    for j, row in enumerate(table):
        if j == t:
            cs.append(0)
            zs.append([])
            for w in ws:
                commits += (base_mul(w), fixed_base(key).mul(w))
            continue
        c_j = random_scalar(rng)
        z_row = [random_scalar(rng) for _ in cts]
        cs.append(c_j)
        zs.append(z_row)
        for (alpha, beta), v, z in zip(points, row, z_row, strict=True):
            commits += _branch(key, alpha, _shifted(beta, v), c_j, z)
    c = challenge(TAG_TABLE, context, label, [*_table_statement(key, points, table), *commits])
    cs[t] = (c - sum(cs)) % L
    zs[t] = [(w + cs[t] * r) % L for w, r in zip(ws, rs, strict=True)]
    return TableProof(
        [encode_scalar(x) for x in cs], [[encode_scalar(x) for x in row] for row in zs]
    )


def verify_table(
    key: Point,
    cts: Sequence[Ciphertext],
    rows: Sequence[Sequence[int]],
    proof: TableProof,
    *,
    context: bytes,
    label: bytes,
) -> None:
    """Check that the fresh ciphertexts ``cts`` encrypt one row of ``rows`` under ``key``."""
    check_context(context, label)
    check_public_key(key)
    table = _check_table(rows, len(cts))
    n, width = len(table), len(cts)
    if len(proof.challenges) != n or len(proof.responses) != n:
        raise ProofError(f"table: expected {n} challenges and {n} response rows")
    if any(len(row) != width for row in proof.responses):
        raise ProofError(f"table: every response row has {width} scalars")
    cs = [_proof_scalar(x, f"table challenge {j}") for j, x in enumerate(proof.challenges)]
    zs = [
        [_proof_scalar(x, f"table response {j}.{i}") for i, x in enumerate(row)]
        for j, row in enumerate(proof.responses)
    ]
    if any(cs):
        # Deferred subgroup checks, as in verify_one_of: a c_j != 0 multiplies every alpha_i
        # and every beta_i - v_(j,i)·G.
        points = [(Point._deferred(ct.alpha), Point._deferred(ct.beta)) for ct in cts]
    else:
        points = [ct.points() for ct in cts]
    fields = _table_statement(key, points, table)
    fields += _branches(
        key,
        [
            (alpha, beta, v, c_j, z)
            for row, c_j, z_row in zip(table, cs, zs, strict=True)
            for (alpha, beta), v, z in zip(points, row, z_row, strict=True)
        ],
    )
    if challenge(TAG_TABLE, context, label, fields) != sum(cs) % L:
        raise ProofError("table: the challenges do not sum to the Fiat–Shamir challenge")


# -- range ----------------------------------------------------------------------------------


def range_weights(a: int, b: int) -> list[int]:
    """The bit weights of a range proof for ``[a, b]`` (``a < b``), low to high.

    With ``B = b - a`` and ``n = bitlen(B)``: ``2^0, …, 2^(n-2)`` and ``B - 2^(n-1) + 1``. They
    sum to ``B``, so every 0/1 choice gives a value in ``[0, B]`` and every value in ``[0, B]``
    has one: a single decomposition proves both bounds.
    """
    if not 0 <= a < b <= MAX_VALUE:
        raise CryptoError(f"range: need 0 <= a < b <= 2^62, got [{a}, {b}]")
    width = b - a
    n = width.bit_length()
    return [1 << i for i in range(n - 1)] + [width - (1 << (n - 1)) + 1]


def _decompose(value: int, weights: list[int]) -> list[int]:
    top = weights[-1]
    n = len(weights)
    high = 1 if n > 1 and value >= 1 << (n - 1) else 0
    if n == 1:
        high = value  # weights == [1] and value in {0, 1}
    rest = value - high * top
    return [(rest >> i) & 1 for i in range(n - 1)] + [high]


def _weighted_sum(points: Sequence[Point], weights: list[int]) -> Point:
    if NATIVE:  # one variable-time multi-scalar multiplication (public points and weights)
        (total,) = combine_vartime(points, [list(enumerate(weights))])
        return total
    # Horner on the power-of-two weights (one doubling and one addition per bit, far cheaper
    # than a scalar multiplication), then the top weight by one multiplication.
    n = len(points)
    acc = IDENTITY
    for i in range(n - 2, -1, -1):
        acc = acc.double() + points[i]
    return acc + points[n - 1] * weights[n - 1]


def _range_statement(key: Point, alpha: Point, beta: Point, bounds: tuple[int, int]) -> list[Field]:
    a, b = bounds
    return [key, alpha, beta, integer(a), integer(b), integer(len(range_weights(a, b)))]


def prove_range(
    key: Point,
    ct: Ciphertext,
    m: int,
    r: int,
    *,
    a: int,
    b: int,
    context: bytes,
    label: bytes,
    rng: Rng | None = None,
) -> RangeProof:
    """Prove that ``ct`` encrypts ``m`` with ``a <= m <= b`` (``a < b``; for ``a == b`` prove
    :func:`prove_one_of` with ``[a]``).

    ``ct`` may be an aggregate (e.g. the cost-weighted sum of selection ciphertexts) and ``r``
    its randomness ``0 <= r < L``. Refuses if ``m`` is out of range or ``ct`` is not
    ``(r·G, m·G + r·H)``.
    """
    check_context(context, label)
    check_public_key(key)
    weights = range_weights(a, b)
    if not a <= m <= b:
        raise CryptoError(f"range: {m} is not in [{a}, {b}]")
    if not 0 <= r < L:
        raise CryptoError("range: randomness must be in [0, L)")
    alpha, beta = ct.points(aggregate=True)
    if base_mul(r) != alpha or base_mul(m) + fixed_base(key).mul(r) != beta:
        raise CryptoError("range: the ciphertext is not (r·G, m·G + r·H)")
    rng = _rng_default(rng)
    n = len(weights)
    digits = _decompose(m - a, weights)
    while True:  # bit randomness with sum(w_i·r_i) = r; redrawn if r_0 or a beta is degenerate
        rs = [0] + [random_scalar(rng) for _ in range(1, n)]
        rs[0] = (r - sum(w * x for w, x in zip(weights[1:], rs[1:], strict=True))) % L
        if rs[0] == 0:
            continue
        bits = [
            (base_mul(x), base_mul(d) + fixed_base(key).mul(x))
            for d, x in zip(digits, rs, strict=True)
        ]
        if not any(bb.is_identity for _, bb in bits):
            break
    fields = _range_statement(key, alpha, beta, (a, b))
    states = []
    for (ba, bb), d in zip(bits, digits, strict=True):
        w, cs, zs, commits = _commit_branches(key, ba, bb, _BIT_VALUES, t=d, rng=rng)
        states.append((w, cs, zs))
        fields += (ba, bb, *commits)
    c = challenge(TAG_RANGE, context, label, fields)
    out = []
    for (ba, bb), d, x, (w, cs, zs) in zip(bits, digits, rs, states, strict=True):
        _finish_branches(c, w, x, t=d, cs=cs, zs=zs)
        out.append(
            RangeBit(
                Ciphertext.from_points(ba, bb),
                encode_scalar(cs[0]),
                encode_scalar(zs[0]),
                encode_scalar(zs[1]),
            )
        )
    return RangeProof(encode_scalar(c), out)


def verify_range(
    key: Point,
    ct: Ciphertext,
    proof: RangeProof,
    *,
    a: int,
    b: int,
    context: bytes,
    label: bytes,
) -> None:
    """Check that ``ct`` (an aggregate allowed) encrypts a value in ``[a, b]`` under ``key``.

    Checks, in order: the number of bits; each bit ciphertext (fresh, no identity); the
    recombination ``Σ w_i·C_i == (alpha, beta - a·G)``; the shared Fiat–Shamir challenge.
    """
    check_context(context, label)
    check_public_key(key)
    weights = range_weights(a, b)
    n = len(weights)
    if len(proof.bits) != n:
        raise ProofError(f"range: expected {n} bits for [{a}, {b}], got {len(proof.bits)}")
    alpha, beta = ct.points(aggregate=True)
    c = _proof_scalar(proof.challenge, "range challenge")
    bits = []
    for i, bit in enumerate(proof.bits):
        try:
            if c:
                # Deferred subgroup checks: c_{i,0} + c_{i,1} = c != 0, so one of the two
                # branches multiplies alpha_i and beta_i (or beta_i - G) by a non-zero scalar.
                bits.append(
                    (Point._deferred(bit.ciphertext.alpha), Point._deferred(bit.ciphertext.beta))
                )
            else:
                bits.append(bit.ciphertext.points())
        except EncodingError as e:
            raise ProofError(f"range bit {i}: ciphertext: {e}") from None
    try:
        alphas = _weighted_sum([p for p, _ in bits], weights)
        betas = _weighted_sum([q for _, q in bits], weights) + base_mul(a)
    except EncodingError as e:  # a bit point off the curve
        raise ProofError(f"range: bit ciphertexts: {e}") from None
    if alphas != alpha:
        raise ProofError("range: the bits' alpha do not recombine to the ciphertext's alpha")
    if betas != beta:
        raise ProofError("range: the bits' beta do not recombine to the ciphertext's beta - a·G")
    items: list[Branch] = []
    for i, ((ba, bb), bit) in enumerate(zip(bits, proof.bits, strict=True)):
        c0 = _proof_scalar(bit.challenge0, f"range bit {i} challenge0")
        z0 = _proof_scalar(bit.response0, f"range bit {i} response0")
        z1 = _proof_scalar(bit.response1, f"range bit {i} response1")
        items += ((ba, bb, 0, c0, z0), (ba, bb, 1, c - c0, z1))
    commits = _branches(key, items, bad_point=lambda n: f"range bit {n // 2}: ciphertext")
    fields = _range_statement(key, alpha, beta, (a, b))
    for i, (ba, bb) in enumerate(bits):
        fields += (ba, bb, *commits[4 * i : 4 * i + 4])
    if challenge(TAG_RANGE, context, label, fields) != c:
        raise ProofError("range: challenge does not match the recomputed commitments")
