"""A verifiable shuffle of ciphertext vectors: re-encrypt and permute, prove it, verify it.

The proof of Terelius and Wikström, in the form Haenni et al. give for implementers, with rows
of ``w`` ciphertexts permuted together (one ballot's projects stay one row): normative in
docs/spec/mixnet.md §2–§5. This module is pure and generic: the key, the generators, the label
and the randomness come from the caller; the chain of trustees that mix an election's ballots,
their signatures and the opening of the mixed ballots are in :mod:`._mixnet`.

Two choices shape the code:

* The proof carries its commitments, not its challenge. A verifier then recomputes the
  challenge and checks equations of the form "a linear combination of public points is ``O``",
  and can check them all at once with random weights: one multi-scalar multiplication
  (:func:`~oylama.crypto.hazmat.msm_vartime`) of about ``4Nw + 4N`` terms, which a backend
  with Straus/Pippenger makes several times cheaper than one multiplication per term. When the
  batch fails, each equation is checked on its own, so the error names the one that failed.
* The prover multiplies only with the constant-time ``Point * k``: its scalars (the permuted
  challenges ``u'``, the nonces) reveal the permutation.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Sequence
from typing import Final

import msgspec

from oylama.crypto._elgamal import Ciphertext, check_public_key
from oylama.crypto._errors import CryptoError, EncodingError, ProofError
from oylama.crypto._group import (
    GENERATOR,
    IDENTITY,
    L,
    Point,
    Rng,
    base_mul,
    decode_scalar,
    encode_scalar,
    hash_to_point,
    msm_vartime,
    random_scalar,
)
from oylama.crypto._hash import CONTEXT_SIZE, TAG_PREFIX, challenge, check_context, integer, lp

#: Most ciphertexts in a row (a ballot style's largest number of projects).
MAX_WIDTH: Final = 1024

#: Tags of the generators (hash to the group, docs/spec/mixnet.md §3).
GENERATOR_TAG: Final = b"oylama/mixnet/v1/generator"
CHAIN_TAG: Final = b"oylama/mixnet/v1/chain"

#: Transcript tags of the seed, the challenge vector and the challenge (mixnet §5.2).
TAG_STATEMENT: Final = "shuffle-statement"
TAG_VECTOR: Final = "shuffle-vector"
TAG_SHUFFLE: Final = "shuffle"

#: Bytes of each challenge ``u_j`` (128 bits).
VECTOR_BYTES: Final = 16

Rows = Sequence[Sequence[Ciphertext]]


class ShuffleError(ProofError):
    """A shuffle proof that does not verify; ``check`` names what failed.

    ``"shape"`` (a list or a proof of the wrong size), ``"encoding"`` (a point or scalar of the
    proof that is not valid), ``"statement"`` (no equation holds: the proof answers another
    challenge, i.e. it was made for other lists, key, generators or label), or the one
    equation of docs/spec/mixnet.md §5.4 that fails first: ``"V1"``, ``"V2"``, ``"V3"``,
    ``"V4"`` (the message names the column), ``"V5"`` (the row).
    """

    def __init__(self, message: str, check: str) -> None:
        super().__init__(f"shuffle proof: {message}")
        self.check = check


class ShuffleProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The proof of a shuffle (mixnet §9): commitments, then responses; points and scalars are
    32-byte encodings, checked when the proof is verified."""

    commitments: list[bytes]
    chain: list[bytes]
    t1: bytes
    t2: bytes
    t3: bytes
    t4: list[Ciphertext]
    t_chain: list[bytes]
    s1: bytes
    s2: bytes
    s3: bytes
    s4: list[bytes]
    s_chain: list[bytes]
    s_perm: list[bytes]


class ShuffleWitness:
    """The mixer's secret: output row ``i`` is input row ``permutation[i]``, its ciphertext
    ``k`` re-encrypted with ``randomness[i][k]``. It never leaves the mixer's machine; its
    ``repr`` hides it."""

    __slots__ = ("permutation", "randomness")

    permutation: tuple[int, ...]
    randomness: tuple[tuple[int, ...], ...]

    def __init__(self, permutation: Sequence[int], randomness: Sequence[Sequence[int]]) -> None:
        object.__setattr__(self, "permutation", tuple(permutation))
        object.__setattr__(self, "randomness", tuple(tuple(r) for r in randomness))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ShuffleWitness is immutable")

    def __repr__(self) -> str:
        return f"ShuffleWitness(<secret: {len(self.permutation)} rows>)"


class ShuffleGenerators:
    """The independent generators of one style of one election (mixnet §3): ``J`` and
    ``F_0, F_1, …``, each a hash to the group of the election's base hash and the style's id.

    ``F_i`` does not depend on the list's length, so one object serves every list of the style
    and grows on demand (:meth:`commitment`)."""

    __slots__ = ("_commitment", "_prefix", "chain")

    def __init__(self, context: bytes, style_id: str) -> None:
        if not isinstance(context, bytes) or len(context) != CONTEXT_SIZE:
            raise CryptoError(f"context must be {CONTEXT_SIZE} bytes (the election base hash)")
        if not isinstance(style_id, str) or not 1 <= len(style_id.encode("utf-8")) <= 128:
            raise CryptoError("a style id is 1 to 128 bytes of UTF-8")
        self._prefix = context + lp(style_id.encode("utf-8"))
        self.chain: Point = hash_to_point(CHAIN_TAG, self._prefix)
        self._commitment: list[Point] = []

    def commitment(self, count: int) -> list[Point]:
        """``[F_0, …, F_(count-1)]``."""
        have = self._commitment
        for i in range(len(have), count):
            have.append(hash_to_point(GENERATOR_TAG, self._prefix + i.to_bytes(4, "big")))
        return have[:count]


@functools.lru_cache(maxsize=16)
def shuffle_generators(context: bytes, style_id: str) -> ShuffleGenerators:
    """The generators of style ``style_id`` in the election with base hash ``context``
    (cached: every step and every verifier of a style share them)."""
    return ShuffleGenerators(context, style_id)


# -- lists ------------------------------------------------------------------------------------


def _check_width(width: int) -> None:
    if not isinstance(width, int) or isinstance(width, bool) or not 1 <= width <= MAX_WIDTH:
        raise CryptoError(f"a row has 1 to {MAX_WIDTH} ciphertexts, got {width!r}")


def decode_rows(rows: Rows, width: int, what: str) -> tuple[list[Point], list[Point]]:
    """The ``alpha`` and ``beta`` points of a list, row-major (aggregate rule: ``O`` allowed).

    :class:`ShuffleError` (``"shape"``) for a row of another width, :class:`EncodingError` for
    a point that is not valid (mixnet §2).
    """
    alphas: list[Point] = []
    betas: list[Point] = []
    for i, row in enumerate(rows):
        if len(row) != width:
            raise ShuffleError(f"{what} row {i} has {len(row)} ciphertexts, not {width}", "shape")
        for k, ct in enumerate(row):
            try:
                alphas.append(Point.decode(ct.alpha, allow_identity=True))
                betas.append(Point.decode(ct.beta, allow_identity=True))
            except EncodingError as e:
                raise EncodingError(f"{what} row {i}, column {k}: {e}") from None
    return alphas, betas


def encode_rows(
    alphas: Sequence[Point], betas: Sequence[Point], width: int
) -> list[list[Ciphertext]]:
    """The wire form of a list given row-major."""
    cts = [
        Ciphertext(alpha=a.encode(), beta=b.encode()) for a, b in zip(alphas, betas, strict=True)
    ]
    return [cts[i : i + width] for i in range(0, len(cts), width)]


def _list_bytes(alphas: Sequence[Point], betas: Sequence[Point]) -> bytes:
    """``bytes(X)`` of mixnet §2: ``alpha || beta`` per ciphertext, row-major."""
    out = bytearray()
    for a, b in zip(alphas, betas, strict=True):
        out += a.encode()
        out += b.encode()
    return bytes(out)


def _concat(points: Sequence[Point]) -> bytes:
    return b"".join(p.encode() for p in points)


# -- the statement and its challenges (mixnet §5.1, §5.2) ---------------------------------------

PointPair = tuple[Sequence[Point], Sequence[Point]]


class _Statement:
    """What a proof is about: key, both lists (row-major points), width, generators, context
    and label -- everything the challenges hash or the equations use besides the proof."""

    __slots__ = ("context", "f", "j", "key", "label", "n", "width", "xa", "xb", "ya", "yb")

    def __init__(
        self,
        key: Point,
        inputs: PointPair,
        outputs: PointPair,
        *,
        width: int,
        generators: ShuffleGenerators,
        context: bytes,
        label: bytes,
    ) -> None:
        check_context(context, label)
        check_public_key(key)
        _check_width(width)
        self.xa, self.xb = inputs
        self.ya, self.yb = outputs
        if len(self.xa) % width or len(self.xa) != len(self.xb):
            raise ShuffleError(f"the input is not a list of rows of {width}", "shape")
        self.n = len(self.xa) // width
        if len(self.ya) != self.n * width or len(self.yb) != self.n * width:
            raise ShuffleError(f"the output has not {self.n} rows of {width}", "shape")
        self.key, self.width, self.context, self.label = key, width, context, label
        self.f = generators.commitment(self.n)
        self.j = generators.chain

    def _prefix(self, tag: str) -> bytes:
        return lp(TAG_PREFIX + tag.encode("ascii")) + lp(self.context) + lp(self.label)

    def seed(self, commitments: Sequence[Point]) -> bytes:
        """``SHA-512(transcript("shuffle-statement"; H, N, w, X, Y, C))``."""
        parts = [
            self._prefix(TAG_STATEMENT),
            lp(self.key.encode()),
            lp(integer(self.n)),
            lp(integer(self.width)),
            lp(_list_bytes(self.xa, self.xb)),
            lp(_list_bytes(self.ya, self.yb)),
            lp(_concat(commitments)),
        ]
        return hashlib.sha512(b"".join(parts)).digest()

    def vector(self, seed: bytes) -> list[int]:
        """The 128-bit challenges ``u_0 … u_(N-1)``."""
        prefix = self._prefix(TAG_VECTOR) + lp(seed)
        return [
            int.from_bytes(
                hashlib.sha512(prefix + lp(j.to_bytes(4, "big"))).digest()[:VECTOR_BYTES],
                "little",
            )
            for j in range(self.n)
        ]

    def challenge(
        self,
        seed: bytes,
        chain: Sequence[Point],
        t: tuple[Point, Point, Point],
        t4: Sequence[tuple[Point, Point]],
        t_chain: Sequence[Point],
    ) -> int:
        """``c = Hc("shuffle"; seed, Ĉ, T_1, T_2, T_3, T_4, T̂)``."""
        t4_bytes = b"".join(a.encode() + b.encode() for a, b in t4)
        fields: list[bytes | Point] = [seed, _concat(chain), *t, t4_bytes, _concat(t_chain)]
        return challenge(TAG_SHUFFLE, self.context, self.label, fields)


def _product(values: Sequence[int]) -> int:
    out = 1
    for v in values:
        out = out * v % L
    return out


# -- shuffling (mixnet §4) ----------------------------------------------------------------------


def _rng(rng: Rng | None) -> Rng:
    return secrets if rng is None else rng


def random_permutation(n: int, rng: Rng) -> list[int]:
    """A uniform permutation of ``range(n)`` by Fisher–Yates (mixnet §4's draws, in order)."""
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        bound = i + 1
        limit = 2**64 - (2**64 % bound)
        while True:
            x = int.from_bytes(rng.token_bytes(8), "little")
            if x < limit:
                break
        j = x % bound
        perm[i], perm[j] = perm[j], perm[i]
    return perm


def _reencrypt(
    key: Point,
    inputs: PointPair,
    width: int,
    permutation: Sequence[int],
    randomness: Sequence[Sequence[int]],
) -> tuple[list[Point], list[Point]]:
    alphas, betas = inputs
    ya: list[Point] = []
    yb: list[Point] = []
    for i, src in enumerate(permutation):
        for k in range(width):
            r = randomness[i][k]
            ya.append(alphas[src * width + k] + base_mul(r))
            yb.append(betas[src * width + k] + key * r)
    return ya, yb


def shuffle_points(
    key: Point, alphas: Sequence[Point], betas: Sequence[Point], width: int, rng: Rng
) -> tuple[list[Point], list[Point], ShuffleWitness]:
    """:func:`shuffle` on decoded points (for callers that already hold them)."""
    n = len(alphas) // width
    perm = random_permutation(n, rng)
    rand = [[random_scalar(rng) for _ in range(width)] for _ in range(n)]
    ya, yb = _reencrypt(key, (alphas, betas), width, perm, rand)
    return ya, yb, ShuffleWitness(perm, rand)


def shuffle(
    key: Point, rows: Rows, *, width: int, rng: Rng | None = None
) -> tuple[list[list[Ciphertext]], ShuffleWitness]:
    """Re-encrypt every ciphertext of ``rows`` and permute the rows (mixnet §4).

    Returns the output list and the witness that :func:`prove_shuffle` needs. ``rng`` defaults
    to :mod:`secrets`; the permutation is drawn first (Fisher–Yates), then the re-encryption
    scalars row by row.
    """
    check_public_key(key)
    _check_width(width)
    alphas, betas = decode_rows(rows, width, "input")
    ya, yb, witness = shuffle_points(key, alphas, betas, width, _rng(rng))
    return encode_rows(ya, yb, width), witness


# -- proving (mixnet §5.3) --------------------------------------------------------------------


def _secret_combination(scalars: Sequence[int], points: Sequence[Point]) -> Point:
    # Constant-time multiplications: the scalars are secret (they reveal the permutation).
    total = IDENTITY
    for k, p in zip(scalars, points, strict=True):
        total = total + p * k
    return total


def prove_points(
    key: Point,
    inputs: PointPair,
    outputs: PointPair,
    width: int,
    witness: ShuffleWitness,
    *,
    generators: ShuffleGenerators,
    context: bytes,
    label: bytes,
    rng: Rng,
) -> tuple[ShuffleProof, int]:
    """The proof of mixnet §5.3 on decoded points, and its challenge ``c`` (which the
    mixer's signature binds, mixnet §6); the caller vouches for the witness.

    Used as is by :func:`prove_shuffle` after it checked the witness, and by the mixer, who
    computed the outputs from the witness itself. Given a witness that is not a permutation it
    still produces a proof, which does not verify (tests use this to show it).
    """
    st = _Statement(
        key, inputs, outputs, width=width, generators=generators, context=context, label=label
    )
    perm = witness.permutation
    n = st.n
    if len(perm) != n:
        raise CryptoError(f"the witness has {len(perm)} rows, the lists {n}")
    f = st.f
    position = [0] * n  # position[j]: the output row that input row j goes to
    for i, j in enumerate(perm):
        position[j] = i
    rho = [random_scalar(rng) for _ in range(n)]
    commitments = [base_mul(rho[j]) + f[position[j]] for j in range(n)]
    seed = st.seed(commitments)
    u = st.vector(seed)
    u_out = [u[perm[i]] for i in range(n)]

    rho_hat = [random_scalar(rng) for _ in range(n)]
    chain: list[Point] = []
    previous = generators.chain
    for i in range(n):
        previous = base_mul(rho_hat[i]) + previous * u_out[i]
        chain.append(previous)
    previous_chain = [generators.chain, *chain[:-1]] if n else []

    rho_bar = sum(rho) % L
    rho_hat_sum = 0
    for i in range(n):
        rho_hat_sum = (rho_hat_sum * u_out[i] + rho_hat[i]) % L
    rho_tilde = sum(uj * rj for uj, rj in zip(u, rho, strict=True)) % L
    rand = witness.randomness
    r_bar = [sum(u_out[i] * rand[i][k] for i in range(n)) % L for k in range(width)]

    w1, w2, w3 = random_scalar(rng), random_scalar(rng), random_scalar(rng)
    w4 = [random_scalar(rng) for _ in range(width)]
    w_hat = [random_scalar(rng) for _ in range(n)]
    w_perm = [random_scalar(rng) for _ in range(n)]

    ya, yb = outputs
    t1 = base_mul(w1)
    t2 = base_mul(w2)
    t3 = base_mul(w3) + _secret_combination(w_perm, f)
    t4 = [
        (
            _secret_combination(w_perm, ya[k::width]) - base_mul(w4[k]),
            _secret_combination(w_perm, yb[k::width]) - key * w4[k],
        )
        for k in range(width)
    ]
    t_chain = [base_mul(w_hat[i]) + previous_chain[i] * w_perm[i] for i in range(n)]
    c = st.challenge(seed, chain, (t1, t2, t3), t4, t_chain)

    proof = ShuffleProof(
        commitments=[p.encode() for p in commitments],
        chain=[p.encode() for p in chain],
        t1=t1.encode(),
        t2=t2.encode(),
        t3=t3.encode(),
        t4=[Ciphertext(alpha=a.encode(), beta=b.encode()) for a, b in t4],
        t_chain=[p.encode() for p in t_chain],
        s1=encode_scalar((w1 + c * rho_bar) % L),
        s2=encode_scalar((w2 + c * rho_hat_sum) % L),
        s3=encode_scalar((w3 + c * rho_tilde) % L),
        s4=[encode_scalar((w4[k] + c * r_bar[k]) % L) for k in range(width)],
        s_chain=[encode_scalar((w_hat[i] + c * rho_hat[i]) % L) for i in range(n)],
        s_perm=[encode_scalar((w_perm[i] + c * u_out[i]) % L) for i in range(n)],
    )
    return proof, c


def check_witness(
    key: Point,
    inputs: PointPair,
    outputs: PointPair,
    width: int,
    witness: ShuffleWitness,
) -> None:
    """Refuse (:class:`CryptoError`) a witness that is not a permutation with randomness in
    ``[1, L)``, or that does not turn ``inputs`` into ``outputs``."""
    n = len(inputs[0]) // width
    perm = witness.permutation
    if sorted(perm) != list(range(n)):
        raise CryptoError("the witness is not a permutation of the input rows")
    rand = witness.randomness
    if len(rand) != n or any(len(r) != width for r in rand):
        raise CryptoError(f"the witness needs {n} rows of {width} scalars")
    if any(not 0 < r < L for row in rand for r in row):
        raise CryptoError("re-encryption randomness must be in [1, L)")
    ya, yb = _reencrypt(key, inputs, width, perm, rand)
    if ya != list(outputs[0]) or yb != list(outputs[1]):
        raise CryptoError("the outputs are not the inputs permuted and re-encrypted by the witness")


def prove_shuffle(
    key: Point,
    inputs: Rows,
    outputs: Rows,
    witness: ShuffleWitness,
    *,
    width: int,
    generators: ShuffleGenerators,
    context: bytes,
    label: bytes,
    rng: Rng | None = None,
) -> ShuffleProof:
    """Prove that ``outputs`` is ``inputs`` permuted and re-encrypted (mixnet §5.3).

    Refuses (:class:`CryptoError`) unless ``witness`` is a permutation and its randomness
    turns ``inputs`` into ``outputs`` exactly (which costs a re-encryption of the list; the
    mixer's :func:`~oylama.crypto.mix` skips it, having made the outputs itself). Randomness
    is drawn in the order of mixnet §5.3.
    """
    check_context(context, label)
    check_public_key(key)
    _check_width(width)
    xa, xb = decode_rows(inputs, width, "input")
    ya, yb = decode_rows(outputs, width, "output")
    if len(outputs) != len(inputs):
        raise CryptoError(f"{len(outputs)} output rows for {len(inputs)} input rows")
    check_witness(key, (xa, xb), (ya, yb), width, witness)
    proof, _ = prove_points(
        key,
        (xa, xb),
        (ya, yb),
        width,
        witness,
        generators=generators,
        context=context,
        label=label,
        rng=_rng(rng),
    )
    return proof


# -- verifying (mixnet §5.4, §5.5) ------------------------------------------------------------


class _Decoded:
    """A proof's points and scalars, decoded and counted."""

    def __init__(self, proof: ShuffleProof, n: int, width: int) -> None:
        for name, count in (
            ("commitments", n),
            ("chain", n),
            ("t4", width),
            ("t_chain", n),
            ("s4", width),
            ("s_chain", n),
            ("s_perm", n),
        ):
            got = len(getattr(proof, name))
            if got != count:
                raise ShuffleError(f"{name} has {got} entries, not {count}", "shape")
        self.commitments = _points(proof.commitments, "commitments")
        self.chain = _points(proof.chain, "chain")
        self.t1, self.t2, self.t3 = _points([proof.t1, proof.t2, proof.t3], "t1..t3")
        pairs = _points([b for ct in proof.t4 for b in (ct.alpha, ct.beta)], "t4")
        self.t4 = list(zip(pairs[0::2], pairs[1::2], strict=True))
        self.t_chain = _points(proof.t_chain, "t_chain")
        self.s1, self.s2, self.s3 = _scalars([proof.s1, proof.s2, proof.s3], "s1..s3")
        self.s4 = _scalars(proof.s4, "s4")
        self.s_chain = _scalars(proof.s_chain, "s_chain")
        self.s_perm = _scalars(proof.s_perm, "s_perm")


def _points(data: Sequence[bytes], what: str) -> list[Point]:
    out = []
    for i, b in enumerate(data):
        try:
            out.append(Point.decode(b, allow_identity=True))
        except EncodingError as e:
            raise ShuffleError(f"{what}[{i}]: {e}", "encoding") from None
    return out


def _scalars(data: Sequence[bytes], what: str) -> list[int]:
    out = []
    for i, b in enumerate(data):
        try:
            out.append(decode_scalar(b))
        except EncodingError as e:
            raise ShuffleError(f"{what}[{i}]: {e}", "encoding") from None
    return out


Terms = list[tuple[int, Point]]


Equations = list[tuple[str, str, Terms]]


def _equations(st: _Statement, p: _Decoded, u: Sequence[int], c: int) -> Equations:
    """Every equation of mixnet §5.4 as ``(check, what, terms)``; each holds iff its terms
    sum to ``O``. The spec's form, term by term: the fallback that names a failure."""
    n, width, f, j_point = st.n, st.width, st.f, st.j
    big_u = _product(u)
    last = p.chain[-1] if n else j_point
    xa, xb, ya, yb = st.xa, st.xb, st.ya, st.yb
    eqs: Equations = []
    v1: Terms = [(p.s1, GENERATOR), (-1, p.t1)]
    v1 += [(-c, cj) for cj in p.commitments] + [(c, fi) for fi in f]
    eqs.append(("V1", "the permutation commitment's sum", v1))
    eqs.append(
        (
            "V2",
            "the commitment chain's product",
            [(p.s2, GENERATOR), (-c, last), (c * big_u, j_point), (-1, p.t2)],
        )
    )
    v3: Terms = [(p.s3, GENERATOR), (-1, p.t3)]
    v3 += [(s, fi) for s, fi in zip(p.s_perm, f, strict=True)]
    v3 += [(-c * uj, cj) for uj, cj in zip(u, p.commitments, strict=True)]
    eqs.append(("V3", "the permuted challenges", v3))
    for k in range(width):
        for part, base, ys, xs, t in (
            ("alpha", GENERATOR, ya, xa, p.t4[k][0]),
            ("beta", st.key, yb, xb, p.t4[k][1]),
        ):
            v4: Terms = [(-p.s4[k], base), (-1, t)]
            v4 += [(s, y) for s, y in zip(p.s_perm, ys[k::width], strict=True)]
            v4 += [(-c * uj, x) for uj, x in zip(u, xs[k::width], strict=True)]
            eqs.append(("V4", f"the re-encryption of column {k} ({part})", v4))
    previous = [j_point, *p.chain[:-1]] if n else []
    for i in range(n):
        eqs.append(
            (
                "V5",
                f"the commitment chain at row {i}",
                [
                    (p.s_chain[i], GENERATOR),
                    (p.s_perm[i], previous[i]),
                    (-c, p.chain[i]),
                    (-1, p.t_chain[i]),
                ],
            )
        )
    return eqs


def _batch(st: _Statement, p: _Decoded, u: Sequence[int], c: int, rng: Rng) -> bool:
    """All equations of mixnet §5.4 at once with random 128-bit weights (§5.5): the
    coefficient of every point gathered, one multi-scalar multiplication."""
    n, width, f, j_point = st.n, st.width, st.f, st.j

    def weight() -> int:
        return int.from_bytes(rng.token_bytes(16), "little")

    d1, d2, d3 = weight(), weight(), weight()
    a = [weight() for _ in range(width)]
    b = [weight() for _ in range(width)]
    e = [weight() for _ in range(n)]
    scalars: list[int] = []
    points: list[Point] = []

    g = d1 * p.s1 + d2 * p.s2 + d3 * p.s3 - sum(ak * sk for ak, sk in zip(a, p.s4, strict=True))
    g += sum(ei * si for ei, si in zip(e, p.s_chain, strict=True))
    scalars += [g, -sum(bk * sk for bk, sk in zip(b, p.s4, strict=True))]
    points += [GENERATOR, st.key]
    scalars += [-d1, -d2, -d3, *(-ak for ak in a), *(-bk for bk in b), *(-ei for ei in e)]
    points += [p.t1, p.t2, p.t3, *(t[0] for t in p.t4), *(t[1] for t in p.t4), *p.t_chain]
    scalars += [d1 * c + d3 * s for s in p.s_perm]
    points += f
    scalars += [-c * (d1 + d3 * uj) for uj in u]
    points += p.commitments
    # J: V2's c·U·J, and V5 at row 0 (or, for N = 0, V2's -c·ĉ_(N-1) with ĉ_(-1) = J).
    scalars.append(d2 * c * _product(u) + (e[0] * p.s_perm[0] if n else -d2 * c))
    points.append(j_point)
    for i in range(n):
        coefficient = -e[i] * c
        if i + 1 < n:
            coefficient += e[i + 1] * p.s_perm[i + 1]
        else:
            coefficient -= d2 * c
        scalars.append(coefficient)
    points += p.chain
    xa, xb, ya, yb = st.xa, st.xb, st.ya, st.yb
    cu = [c * uj % L for uj in u]
    for i in range(n):
        s = p.s_perm[i]
        for k in range(width):
            scalars += [a[k] * s, b[k] * s]
            points += [ya[i * width + k], yb[i * width + k]]
    for j in range(n):
        for k in range(width):
            scalars += [-a[k] * cu[j], -b[k] * cu[j]]
            points += [xa[j * width + k], xb[j * width + k]]
    return msm_vartime(scalars, points).is_identity


def verify_points(
    key: Point,
    inputs: PointPair,
    outputs: PointPair,
    width: int,
    proof: ShuffleProof,
    *,
    generators: ShuffleGenerators,
    context: bytes,
    label: bytes,
    rng: Rng | None = None,
) -> int:
    """:func:`verify_shuffle` on decoded lists (row-major points, as :func:`decode_rows`
    gives); returns the challenge ``c`` (the mixer's signature binds it, mixnet §6)."""
    st = _Statement(
        key, inputs, outputs, width=width, generators=generators, context=context, label=label
    )
    p = _Decoded(proof, st.n, width)
    seed = st.seed(p.commitments)
    u = st.vector(seed)
    c = st.challenge(seed, p.chain, (p.t1, p.t2, p.t3), p.t4, p.t_chain)
    if _batch(st, p, u, c, _rng(rng)):
        return c
    equations = _equations(st, p, u, c)
    failed = [
        (check, what)
        for check, what, terms in equations
        if not msm_vartime([k for k, _ in terms], [q for _, q in terms]).is_identity
    ]
    if len(failed) == len(equations):
        # The challenge is not the one the prover answered: the proof was made for another
        # statement (lists, key, generators, election, style, step or mixer).
        raise ShuffleError(
            "no equation holds: the proof is not for these lists, key, generators and label",
            "statement",
        )
    if failed:
        check, what = failed[0]
        raise ShuffleError(f"{check}: {what} does not hold", check)
    raise ShuffleError("the batched equations do not hold", "batch")  # pragma: no cover


def verify_shuffle(
    key: Point,
    inputs: Rows,
    outputs: Rows,
    proof: ShuffleProof,
    *,
    width: int,
    generators: ShuffleGenerators,
    context: bytes,
    label: bytes,
    rng: Rng | None = None,
) -> None:
    """Check that ``outputs`` is ``inputs`` permuted and re-encrypted (mixnet §5.4).

    ``inputs`` were checked before (verified ballots, or the previous step's output); their
    points are decoded again here. Raises :class:`ShuffleError` naming the failed check, or
    :class:`EncodingError` for an output point that is not valid. ``rng`` draws the batch
    weights (default :mod:`secrets`).
    """
    _check_width(width)
    xa, xb = decode_rows(inputs, width, "input")
    ya, yb = decode_rows(outputs, width, "output")
    if len(outputs) != len(inputs):
        raise ShuffleError(f"{len(outputs)} output rows for {len(inputs)} input rows", "shape")
    verify_points(
        key,
        (xa, xb),
        (ya, yb),
        width,
        proof,
        generators=generators,
        context=context,
        label=label,
        rng=rng,
    )
