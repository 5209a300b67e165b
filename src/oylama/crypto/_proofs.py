"""Sigma-protocol proofs made non-interactive by strong Fiat–Shamir (:mod:`._hash`).

* :func:`prove_schnorr` -- knowledge of a secret key ``s`` with ``X = s·G``.
* :func:`prove_dleq` -- Chaum–Pedersen: ``log_g1 h1 = log_g2 h2`` (correct decryption shares).
* :func:`prove_one_of` -- a ciphertext encrypts one of a few public values (``{0, 1}`` for a
  selection, ``{0..k}`` for small ranges): a disjunction of Chaum–Pedersen proofs in the
  Cramer–Damgård–Schoenmakers style, the simulated branches' challenges summing with the real
  one to the Fiat–Shamir challenge.
* :func:`prove_table` -- several ciphertexts encrypt one row of a public table.
* :func:`prove_range` -- a ciphertext encrypts a value in ``[a, b]``: a bit decomposition of
  ``m - a`` with weights that cover exactly ``[0, b - a]``, one 0/1 proof per bit ciphertext
  under one shared challenge, and bit ciphertexts whose weighted homomorphic sum *is* the
  shifted value ciphertext.

Version 2 of the specification (docs/spec/crypto.md §3.3, §5–§8): every proof **carries its
commitments** and none carries the Fiat–Shamir challenge (a disjunction carries all branch
challenges but the last, which is the challenge minus the others). A verifier recomputes the
challenge from the statement and the commitments, then checks a fixed list of linear
equations ``Σ k·P = O`` (``z·G - c·X - A = O`` and its kin). The ``*_equations`` functions
give that list for a proof, after every check that is not an equation (counts, canonical
scalars, lengths); ``verify_*`` checks each equation on its own and names the one that fails;
:class:`~oylama.crypto._equations.Batch` checks the equations of many proofs at once
(:func:`~oylama.crypto.verify_ballot`). Both accept exactly the same proofs.

Every prover takes its randomness from an injected :class:`Rng` and refuses to prove a false
statement (:class:`CryptoError`); every verifier raises :class:`ProofError` naming the failed
check and never returns ``False``. Provers multiply with the constant-time ``*`` and
:func:`fixed_base` (their scalars are secret, and so is which branch is real); verifiers only
see public data.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import Final

import msgspec

from oylama.crypto._elgamal import Ciphertext, check_public_key
from oylama.crypto._equations import Term, failing, is_element
from oylama.crypto._errors import CryptoError, EncodingError, ProofError
from oylama.crypto._group import (
    G_BYTES,
    GENERATOR,
    IDENTITY,
    POINT_SIZE,
    L,
    Point,
    Rng,
    base_mul,
    decode_scalar,
    encode_scalar,
    fixed_base,
    random_scalar,
)
from oylama.crypto._hash import Field, challenge, check_context, integer

#: Most values a one-of proof may list (bounds the verifier's work).
MAX_ONE_OF: Final = 64

#: Largest upper bound of a range proof (and of one-of values): 2^62.
MAX_VALUE: Final = 2**62

#: Fiat–Shamir tags (docs/spec/crypto.md §3), after the common prefix ``oylama/crypto/v2/``.
TAG_SCHNORR: Final = "schnorr"
TAG_DLEQ: Final = "dleq"
TAG_ONE_OF: Final = "one-of"
TAG_RANGE: Final = "range"
TAG_TABLE: Final = "table"

#: Most cells (rows × ciphertexts) of a table proof.
MAX_TABLE_CELLS: Final = 256

_BIT_VALUES: Final = (0, 1)

#: A proof's verification equations, in the order the specification lists them.
Equations = list[list[Term]]


class SchnorrProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Proof of knowledge of ``s`` with ``X = s·G``: commitment ``A`` and response ``z``."""

    commitment: bytes
    response: bytes


class DleqProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Chaum–Pedersen proof that ``log_g1 h1 = log_g2 h2``: commitments ``A1``, ``A2`` and
    response ``z``."""

    commitment1: bytes
    commitment2: bytes
    response: bytes


class DisjunctiveProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Proof that a ciphertext encrypts one of ``k + 1`` values: the commitments
    ``A_0, B_0, …, A_k, B_k``, the challenges ``c_0 … c_(k-1)`` (``c_k`` is the Fiat–Shamir
    challenge minus their sum) and the responses ``z_0 … z_k``."""

    commitments: list[bytes]
    challenges: list[bytes]
    responses: list[bytes]


class TableProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Proof that ``m`` ciphertexts encrypt one row of an ``n``-row public table: per row ``j``
    the commitments ``A_(j,1), B_(j,1), …, A_(j,m), B_(j,m)``, the challenges
    ``c_0 … c_(n-2)`` (the last is derived) and per row the responses ``z_(j,1) … z_(j,m)``."""

    commitments: list[list[bytes]]
    challenges: list[bytes]
    responses: list[list[bytes]]


class RangeBit(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One bit of a range proof: its ciphertext, the commitments ``A_0, B_0, A_1, B_1`` of its
    0/1 proof, ``c_0`` (``c_1`` is the shared challenge minus ``c_0``), ``z_0`` and ``z_1``."""

    ciphertext: Ciphertext
    commitments: list[bytes]
    challenge0: bytes
    response0: bytes
    response1: bytes


class RangeProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Proof that a ciphertext encrypts a value in ``[a, b]``: one :class:`RangeBit` per bit,
    under one Fiat–Shamir challenge that the verifier recomputes."""

    bits: list[RangeBit]


def _proof_scalar(data: bytes, what: str) -> int:
    try:
        return decode_scalar(data)
    except EncodingError as e:
        raise ProofError(f"{what}: {e}") from None


def _commitment(data: object, what: str) -> bytes:
    """A commitment's 32 bytes (whether they encode an element, the equations find out)."""
    if not isinstance(data, bytes) or len(data) != POINT_SIZE:
        raise ProofError(f"{what}: a point is {POINT_SIZE} bytes")
    return data


def _rng_default(rng: Rng | None) -> Rng:
    return secrets if rng is None else rng


_NOT_ELEMENT: Final = "not the encoding of a ristretto255 element"


def _raise_failure(tag: str, equation: str, commitments: Sequence[tuple[str, bytes]]) -> None:
    """The error of a failed equation; but first, since any commitment changes the challenge
    and so every equation, the first of the proof's commitments that encodes no element is
    named as such."""
    for name, b in commitments:
        if not is_element(b):
            raise ProofError(
                f"{tag}: commitment {name}: not the encoding of a ristretto255 element"
            )
    raise ProofError(f"{tag}: {equation} does not hold")


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
    return SchnorrProof(a.encode(), encode_scalar((w + c * secret) % L))


def schnorr_equations(
    public: bytes, proof: SchnorrProof, *, context: bytes, label: bytes
) -> Equations:
    """``c = Hc(schnorr; G, X, A)``; the equation ``z·G - c·X - A = O``."""
    a = _commitment(proof.commitment, "schnorr commitment")
    z = _proof_scalar(proof.response, "schnorr response")
    c = challenge(TAG_SCHNORR, context, label, (G_BYTES, public, a))
    return [[(z, G_BYTES), (-c, public), (-1, a)]]


def verify_schnorr(public: Point, proof: SchnorrProof, *, context: bytes, label: bytes) -> None:
    """Check ``z·G - c·X = A`` with ``c = H(G, X, A)``; raise :class:`ProofError` if not."""
    check_context(context, label)
    if public.is_identity:
        raise ProofError("schnorr: the public key is the identity")
    eqs = schnorr_equations(public.encode(), proof, context=context, label=label)
    if failing(eqs) is not None:
        _raise_failure("schnorr", "z·G - c·X = A", [("A", proof.commitment)])


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
    return DleqProof(a1.encode(), a2.encode(), encode_scalar((w + c * secret) % L))


def dleq_equations(
    g1: bytes, h1: bytes, g2: bytes, h2: bytes, proof: DleqProof, *, context: bytes, label: bytes
) -> Equations:
    """``c = Hc(dleq; g1, h1, g2, h2, A1, A2)``; ``z·g1 - c·h1 - A1 = O``,
    ``z·g2 - c·h2 - A2 = O``."""
    a1 = _commitment(proof.commitment1, "dleq commitment1")
    a2 = _commitment(proof.commitment2, "dleq commitment2")
    z = _proof_scalar(proof.response, "dleq response")
    c = challenge(TAG_DLEQ, context, label, (g1, h1, g2, h2, a1, a2))
    return [[(z, g1), (-c, h1), (-1, a1)], [(z, g2), (-c, h2), (-1, a2)]]


def verify_dleq(
    g1: Point, h1: Point, g2: Point, h2: Point, proof: DleqProof, *, context: bytes, label: bytes
) -> None:
    """Check ``z·g1 - c·h1 = A1`` and ``z·g2 - c·h2 = A2`` with ``c = H(g1, h1, g2, h2, A1,
    A2)``.

    ``g1`` must not be the identity; ``g2`` and ``h2`` may be (decryption of an aggregate whose
    ``alpha`` cancelled).
    """
    check_context(context, label)
    if g1.is_identity:
        raise ProofError("dleq: g1 is the identity")
    eqs = dleq_equations(
        g1.encode(), h1.encode(), g2.encode(), h2.encode(), proof, context=context, label=label
    )
    n = failing(eqs)
    if n is not None:
        _raise_failure(
            "dleq",
            f"z·g{n + 1} - c·h{n + 1} = A{n + 1}",
            [("A1", proof.commitment1), ("A2", proof.commitment2)],
        )


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


def _branch(key: Point, r: int, e: int, c: int, z: int) -> tuple[Point, Point]:
    """A branch's commitments, made by the prover who knows the ciphertext's randomness ``r``.

    For the ciphertext ``(alpha, beta) = (r·G, m·G + r·H)`` and a branch of value ``v``, the
    verifier's equations fix ``A = z·G - c·alpha`` and ``B = z·H - c·(beta - v·G)``; with
    ``s = z - c·r`` and ``e = c·(m - v)`` these are ``A = s·G`` and ``B = s·H - e·G``: three
    fixed-base multiplications instead of two variable-base ones on top. The real branch is
    the same formula with ``c = 0``, ``z`` its nonce (so ``e = 0``): every branch makes the same
    three constant-time multiplications, whichever is real (the native backend multiplies by
    zero in constant time; libsodium refuses a zero scalar, and its backend skips it). The
    proofs are exactly those of the textbook simulation (same randomness, same output).
    """
    s = (z - c * r) % L
    return base_mul(s), fixed_base(key).mul(s) - base_mul(e)


def _commit_branches(
    key: Point, values: Sequence[int], *, t: int, r: int, rng: Rng
) -> tuple[int, list[int], list[int], list[Point]]:
    """Commitments of the real branch ``t`` (nonce ``w``) and simulations of the others, for a
    ciphertext of ``values[t]`` with randomness ``r``."""
    w = random_scalar(rng)
    cs: list[int] = []
    zs: list[int] = []
    commits: list[Point] = []
    m = values[t]
    for j, v in enumerate(values):
        if j == t:
            cs.append(0)
            zs.append(0)
            commits += _branch(key, r, 0, 0, w)
        else:
            c_j, z_j = random_scalar(rng), random_scalar(rng)
            cs.append(c_j)
            zs.append(z_j)
            commits += _branch(key, r, c_j * (m - v) % L, c_j, z_j)
    return w, cs, zs, commits


def _finish_branches(c: int, w: int, r: int, *, t: int, cs: list[int], zs: list[int]) -> None:
    cs[t] = (c - sum(cs)) % L
    zs[t] = (w + cs[t] * r) % L


def _one_of_statement(key: Field, alpha: Field, beta: Field, values: Sequence[int]) -> list[Field]:
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
    return _prove_one_of(key, ct, values, m, r, context=context, label=label, rng=rng)


def _prove_one_of(
    key: Point,
    ct: Ciphertext,
    values: Sequence[int],
    m: int,
    r: int,
    *,
    context: bytes,
    label: bytes,
    rng: Rng | None,
) -> DisjunctiveProof:
    """:func:`prove_one_of` for a ciphertext that the caller has just made as
    ``encrypt(key, m, r)`` (:func:`~oylama.crypto.encrypt_ballot`): the same proof, without
    re-computing the encryption to check it (a quarter of a 0/1 proof's multiplications)."""
    check_context(context, label)
    check_public_key(key)
    _check_values(values)
    if m not in values:
        raise CryptoError(f"one-of: {m} is not one of the allowed values")
    alpha, beta = ct.points()
    rng = _rng_default(rng)
    t = values.index(m)
    w, cs, zs, commits = _commit_branches(key, values, t=t, r=r, rng=rng)
    c = challenge(
        TAG_ONE_OF, context, label, [*_one_of_statement(key, alpha, beta, values), *commits]
    )
    _finish_branches(c, w, r, t=t, cs=cs, zs=zs)
    return DisjunctiveProof(
        [p.encode() for p in commits],
        [encode_scalar(x) for x in cs[:-1]],
        [encode_scalar(x) for x in zs],
    )


def _branch_equations(  # noqa: PLR0917 (the branch's statement and proof, in the spec's order)
    key: bytes, alpha: bytes, beta: bytes, v: int, c: int, z: int, a: bytes, b: bytes
) -> tuple[list[Term], list[Term]]:
    """``z·G - c·alpha - A = O`` and ``z·H - c·beta + (c·v)·G - B = O``."""
    first: list[Term] = [(z, G_BYTES), (-c, alpha), (-1, a)]
    if v:
        return first, [(z, key), (-c, beta), (c * v, G_BYTES), (-1, b)]
    return first, [(z, key), (-c, beta), (-1, b)]


def _one_of_shape(proof: DisjunctiveProof, n: int) -> None:
    counts = (len(proof.commitments), len(proof.challenges), len(proof.responses))
    if counts != (2 * n, n - 1, n):
        raise ProofError(
            f"one-of: expected {2 * n} commitments, {n - 1} challenges and {n} responses"
        )


def one_of_equations(
    key: bytes,
    alpha: bytes,
    beta: bytes,
    values: Sequence[int],
    proof: DisjunctiveProof,
    *,
    context: bytes,
    label: bytes,
) -> Equations:
    """The equations of a one-of proof (crypto §7), branch by branch: ``A_j``, then ``B_j``.

    ``values`` must have been checked (:func:`_check_values`); the statement's points are
    encodings, checked by the caller or by the equations.
    """
    n = len(values)
    _one_of_shape(proof, n)
    commits = [_commitment(x, f"one-of commitment {i}") for i, x in enumerate(proof.commitments)]
    cs = [_proof_scalar(x, f"one-of challenge {j}") for j, x in enumerate(proof.challenges)]
    zs = [_proof_scalar(x, f"one-of response {j}") for j, x in enumerate(proof.responses)]
    c = challenge(
        TAG_ONE_OF, context, label, [*_one_of_statement(key, alpha, beta, values), *commits]
    )
    cs.append((c - sum(cs)) % L)
    eqs: Equations = []
    for j, v in enumerate(values):
        eqs += _branch_equations(
            key, alpha, beta, v, cs[j], zs[j], commits[2 * j], commits[2 * j + 1]
        )
    return eqs


def _branch_failure(
    tag: str, where: Callable[[int], str], n: int, named: Sequence[tuple[str, bytes]]
) -> None:
    """Name the failed equation ``n`` of branch equations (``A`` then ``B`` per branch), or
    the first commitment of ``named`` that encodes no element."""
    j, which = divmod(n, 2)
    equation = "z·G - c·alpha = A" if which == 0 else "z·H - c·(beta - v·G) = B"
    _raise_failure(tag, f"{where(j)}: {equation}", named)


def _pairs(prefix: str, commits: Sequence[bytes]) -> list[tuple[str, bytes]]:
    """Names ``A_0, B_0, A_1, …`` (after ``prefix``) of a flat list of commitments."""
    return [(f"{prefix}{'AB'[k % 2]}_{k // 2}", q) for k, q in enumerate(commits)]


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
    _one_of_shape(proof, len(values))
    alpha, beta = ct.points()
    eqs = one_of_equations(
        key.encode(), alpha.encode(), beta.encode(), values, proof, context=context, label=label
    )
    n = failing(eqs)
    if n is not None:
        _branch_failure("one-of", "branch {}".format, n, _pairs("", proof.commitments))


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


def check_table(rows: Sequence[Sequence[int]], width: int) -> list[tuple[int, ...]]:
    """The table as tuples; :class:`CryptoError` unless it satisfies crypto §7.1."""
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
    key: Field, points: Sequence[tuple[Field, Field]], rows: Sequence[tuple[int, ...]]
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
    table = check_table(rows, len(cts))
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
    commits: list[list[Point]] = []
    for j, row in enumerate(table):
        if j == t:
            cs.append(0)
            zs.append([])
            commits.append(
                [q for w, r in zip(ws, rs, strict=True) for q in _branch(key, r, 0, 0, w)]
            )
            continue
        c_j = random_scalar(rng)
        z_row = [random_scalar(rng) for _ in cts]
        cs.append(c_j)
        zs.append(z_row)
        row_commits: list[Point] = []
        for m, v, z, r in zip(target, row, z_row, rs, strict=True):
            row_commits += _branch(key, r, c_j * (m - v) % L, c_j, z)
        commits.append(row_commits)
    flat = [q for row_commits in commits for q in row_commits]
    c = challenge(TAG_TABLE, context, label, [*_table_statement(key, points, table), *flat])
    cs[t] = (c - sum(cs)) % L
    zs[t] = [(w + cs[t] * r) % L for w, r in zip(ws, rs, strict=True)]
    return TableProof(
        [[q.encode() for q in row_commits] for row_commits in commits],
        [encode_scalar(x) for x in cs[:-1]],
        [[encode_scalar(x) for x in row] for row in zs],
    )


def table_equations(
    key: bytes,
    points: Sequence[tuple[bytes, bytes]],
    table: Sequence[tuple[int, ...]],
    proof: TableProof,
    *,
    context: bytes,
    label: bytes,
) -> Equations:
    """The equations of a table proof (crypto §7.1): for each row ``j``, each ciphertext ``i``,
    ``A_(j,i)`` then ``B_(j,i)``. ``table`` must have been checked (:func:`check_table`)."""
    n, width = len(table), len(points)
    if (
        len(proof.commitments) != n
        or len(proof.challenges) != n - 1
        or len(proof.responses) != n
        or any(len(row) != 2 * width for row in proof.commitments)
        or any(len(row) != width for row in proof.responses)
    ):
        raise ProofError(
            f"table: expected {n} rows of {2 * width} commitments, {n - 1} challenges and "
            f"{n} rows of {width} responses"
        )
    commits = [
        [_commitment(x, f"table commitment {j}.{i}") for i, x in enumerate(row)]
        for j, row in enumerate(proof.commitments)
    ]
    cs = [_proof_scalar(x, f"table challenge {j}") for j, x in enumerate(proof.challenges)]
    zs = [
        [_proof_scalar(x, f"table response {j}.{i}") for i, x in enumerate(row)]
        for j, row in enumerate(proof.responses)
    ]
    flat = [q for row in commits for q in row]
    c = challenge(TAG_TABLE, context, label, [*_table_statement(key, points, table), *flat])
    cs.append((c - sum(cs)) % L)
    eqs: Equations = []
    for row, c_j, z_row, row_commits in zip(table, cs, zs, commits, strict=True):
        for i, ((alpha, beta), v, z) in enumerate(zip(points, row, z_row, strict=True)):
            eqs += _branch_equations(
                key, alpha, beta, v, c_j, z, row_commits[2 * i], row_commits[2 * i + 1]
            )
    return eqs


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
    table = check_table(rows, len(cts))
    pairs = [(alpha.encode(), beta.encode()) for alpha, beta in (ct.points() for ct in cts)]
    eqs = table_equations(key.encode(), pairs, table, proof, context=context, label=label)
    n = failing(eqs)
    if n is not None:
        width = len(cts)
        named = [
            (f"{'AB'[k % 2]}_({j},{k // 2})", q)
            for j, row in enumerate(proof.commitments)
            for k, q in enumerate(row)
        ]

        def where(k: int) -> str:
            return f"row {k // width}, ciphertext {k % width}"

        _branch_failure("table", where, n, named)


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


def _range_statement(key: Field, alpha: Field, beta: Field, bounds: tuple[int, int]) -> list[Field]:
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
    range_weights(a, b)
    if not a <= m <= b:
        raise CryptoError(f"range: {m} is not in [{a}, {b}]")
    if not 0 <= r < L:
        raise CryptoError("range: randomness must be in [0, L)")
    alpha, beta = ct.points(aggregate=True)
    if base_mul(r) != alpha or base_mul(m) + fixed_base(key).mul(r) != beta:
        raise CryptoError("range: the ciphertext is not (r·G, m·G + r·H)")
    return _prove_range(key, ct, m, r, a=a, b=b, context=context, label=label, rng=rng)


def _prove_range(
    key: Point,
    ct: Ciphertext,
    m: int,
    r: int,
    *,
    a: int,
    b: int,
    context: bytes,
    label: bytes,
    rng: Rng | None,
) -> RangeProof:
    """:func:`prove_range` for a ciphertext the caller has just made as ``(r·G, m·G + r·H)``
    (an aggregate of its own encryptions), without re-computing it to check it."""
    check_context(context, label)
    check_public_key(key)
    weights = range_weights(a, b)
    if not a <= m <= b:
        raise CryptoError(f"range: {m} is not in [{a}, {b}]")
    if not 0 <= r < L:
        raise CryptoError("range: randomness must be in [0, L)")
    alpha, beta = ct.points(aggregate=True)
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
    for (ba, bb), d, x in zip(bits, digits, rs, strict=True):
        w, cs, zs, commits = _commit_branches(key, _BIT_VALUES, t=d, r=x, rng=rng)
        states.append((w, cs, zs, commits))
        fields += (ba, bb, *commits)
    c = challenge(TAG_RANGE, context, label, fields)
    out = []
    for (ba, bb), d, x, (w, cs, zs, commits) in zip(bits, digits, rs, states, strict=True):
        _finish_branches(c, w, x, t=d, cs=cs, zs=zs)
        out.append(
            RangeBit(
                Ciphertext.from_points(ba, bb),
                [p.encode() for p in commits],
                encode_scalar(cs[0]),
                encode_scalar(zs[0]),
                encode_scalar(zs[1]),
            )
        )
    return RangeProof(out)


def range_equations(
    key: bytes,
    alpha: bytes,
    beta: bytes,
    proof: RangeProof,
    *,
    a: int,
    b: int,
    context: bytes,
    label: bytes,
) -> Equations:
    """The equations of a range proof (crypto §8): the two recombinations
    ``Σ w_i·alpha_i - alpha = O`` and ``Σ w_i·beta_i + a·G - beta = O``, then per bit ``i``
    the four of its 0/1 proof (``A_(i,0)``, ``B_(i,0)``, ``A_(i,1)``, ``B_(i,1)``).

    The bit ciphertexts are fresh: the identity there is refused here (:class:`ProofError`);
    whether their other bytes encode elements, the equations find out.
    """
    weights = range_weights(a, b)
    n = len(weights)
    if len(proof.bits) != n:
        raise ProofError(f"range: expected {n} bits for [{a}, {b}], got {len(proof.bits)}")
    fields = _range_statement(key, alpha, beta, (a, b))
    parts = []
    for i, bit in enumerate(proof.bits):
        ba = _commitment(bit.ciphertext.alpha, f"range bit {i}: ciphertext alpha")
        bb = _commitment(bit.ciphertext.beta, f"range bit {i}: ciphertext beta")
        if IDENTITY.encode() in (ba, bb):
            raise ProofError(f"range bit {i}: ciphertext: the identity point is not allowed here")
        if len(bit.commitments) != 4:
            raise ProofError(f"range bit {i}: expected 4 commitments")
        commits = [
            _commitment(x, f"range bit {i} commitment {k}") for k, x in enumerate(bit.commitments)
        ]
        c0 = _proof_scalar(bit.challenge0, f"range bit {i} challenge0")
        z0 = _proof_scalar(bit.response0, f"range bit {i} response0")
        z1 = _proof_scalar(bit.response1, f"range bit {i} response1")
        fields += (ba, bb, *commits)
        parts.append((ba, bb, commits, c0, z0, z1))
    c = challenge(TAG_RANGE, context, label, fields)
    eqs: Equations = [
        [*((w, ba) for w, (ba, _, _, _, _, _) in zip(weights, parts, strict=True)), (-1, alpha)],
        [
            *((w, bb) for w, (_, bb, _, _, _, _) in zip(weights, parts, strict=True)),
            (a, G_BYTES),
            (-1, beta),
        ],
    ]
    for ba, bb, commits, c0, z0, z1 in parts:
        eqs += _branch_equations(key, ba, bb, 0, c0, z0, commits[0], commits[1])
        eqs += _branch_equations(key, ba, bb, 1, c - c0, z1, commits[2], commits[3])
    return eqs


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
    recombination ``Σ w_i·C_i == (alpha, beta - a·G)``; each bit's 0/1 proof.
    """
    check_context(context, label)
    check_public_key(key)
    range_weights(a, b)
    alpha, beta = ct.points(aggregate=True)
    eqs = range_equations(
        key.encode(), alpha.encode(), beta.encode(), proof, a=a, b=b, context=context, label=label
    )
    for i, bit in enumerate(proof.bits):
        for part in (bit.ciphertext.alpha, bit.ciphertext.beta):
            if not is_element(part):
                raise ProofError(
                    f"range bit {i}: ciphertext: not the encoding of a ristretto255 element"
                )
    n = failing(eqs)
    if n is None:
        return
    if n == 0:
        raise ProofError("range: the bits' alpha do not recombine to the ciphertext's alpha")
    if n == 1:
        raise ProofError("range: the bits' beta do not recombine to the ciphertext's beta - a·G")
    i, k = divmod(n - 2, 4)
    named = [
        (name, q)
        for j, bit in enumerate(proof.bits)
        for name, q in _pairs(f"bit {j} ", bit.commitments)
    ]
    _branch_failure("range", f"bit {i}, branch {{}}".format, k, named)
