"""The group: ristretto255 (RFC 9496), on the native extension or libsodium.

Points ("elements" in RFC 9496) are 32-byte encodings; scalars are integers modulo the group's
prime order ``L``. ristretto255 is a prime-order group built on edwards25519: every element has
exactly one encoding, every string that decodes is an element of the group, and there is no
cofactor, no torsion and no subgroup check (docs/spec/crypto.md §2). The arithmetic runs on one
of two backends (:mod:`._backend`): ``oylama_arith`` (curve25519-dalek) or the operating
system's libsodium (:mod:`._libsodium`). Both accept exactly the same encodings.

libsodium refuses the zero scalar in multiplication and a product that is the identity, yet sums
that cancel (a tally of zeros, ``P - P``) produce the identity. :class:`Point` therefore
handles the identity itself (``0·P``, ``k·O`` and ``O + P`` are answered without calling a
backend), and decoding takes an explicit ``allow_identity`` so that each wire field states
whether the identity may appear there.

Every point built by :meth:`Point.decode` has been decoded by the backend; every point built by
arithmetic on such points is an element by construction. There is no other public way to make
a :class:`Point`.

Multiplication by ``*`` is constant-time on both backends (scalars may be secret: keys, nonces,
encryption randomness). Verifiers, whose scalars and points are public, use
:func:`combine_vartime` and :func:`msm_vartime` (variable time, multi-scalar) instead.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from typing import Final, Protocol

from oylama.crypto._backend import NATIVE, SODIUM
from oylama.crypto._errors import CryptoError, EncodingError

if NATIVE:
    import oylama_arith as _arith

#: Order of the group (and of the generator ``G``).
L: Final = 2**252 + 27742317777372353535851937790883648493

#: The field prime of edwards25519, on which ristretto255 is built.
P: Final = 2**255 - 19

#: Size in bytes of an encoded point and of an encoded scalar.
POINT_SIZE: Final = 32
SCALAR_SIZE: Final = 32

#: Encoding of the identity (neutral element): 32 zero bytes.
IDENTITY_BYTES: Final = bytes(32)

#: Encoding of the generator ``G`` of RFC 9496 §4.4.
G_BYTES: Final = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")

_INVALID: Final = "not the encoding of a ristretto255 element"

# The backend's primitives on encodings. Each raises ValueError when the backend refuses.
if NATIVE:
    _add = _arith.add
    _sub = _arith.sub
    _mul = _arith.mul  # constant time
    _mul_base = _arith.mul_base  # constant time
    _is_valid = _arith.is_valid
    _from_uniform = _arith.from_uniform_bytes
else:
    assert SODIUM is not None
    _add = SODIUM.add
    _sub = SODIUM.sub
    _mul = SODIUM.mul  # constant time
    _mul_base = SODIUM.mul_base  # constant time
    _is_valid = SODIUM.is_valid
    _from_uniform = SODIUM.from_hash


class Rng(Protocol):
    """Source of randomness: the :mod:`secrets` module satisfies it.

    Provers take one so that tests and known-answer vectors can inject a deterministic one.
    """

    def token_bytes(self, nbytes: int) -> bytes:
        """Return ``nbytes`` random bytes."""
        ...


class Point:
    """An element of ristretto255, the identity included.

    Immutable; equality and hashing are those of the canonical encoding. Build one with
    :meth:`decode` (checks everything), :data:`GENERATOR`, :data:`IDENTITY`, or arithmetic:
    ``P + Q``, ``P - Q``, ``-P``, ``k * P`` (``k`` an ``int``, reduced modulo ``L``).
    """

    __slots__ = ("_b",)
    _b: bytes

    def __init__(self, *args: object) -> None:
        raise TypeError("use Point.decode(); points are not built from raw bytes unchecked")

    @classmethod
    def _unchecked(cls, encoding: bytes) -> Point:
        # Only for encodings that a backend produced or that were checked already.
        p = object.__new__(cls)
        object.__setattr__(p, "_b", encoding)
        return p

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Point is immutable")

    @classmethod
    def decode(cls, data: bytes, *, allow_identity: bool = False) -> Point:
        """Decode and check a 32-byte encoding that came from outside.

        Raises :class:`EncodingError` unless ``data`` is the encoding of an element (RFC 9496
        §4.3.1: canonical, non-negative, and of a point of the group); the identity (32 zero
        bytes) only if ``allow_identity``.
        """
        if not isinstance(data, bytes):
            raise EncodingError(f"a point is {POINT_SIZE} bytes, got {type(data).__name__}")
        if len(data) != POINT_SIZE:
            raise EncodingError(f"a point is {POINT_SIZE} bytes, got {len(data)}")
        if data == IDENTITY_BYTES:
            if allow_identity:
                return IDENTITY
            raise EncodingError("the identity point is not allowed here")
        if not _is_valid(data):
            raise EncodingError(_INVALID)
        return cls._unchecked(data)

    def encode(self) -> bytes:
        """The canonical 32-byte encoding (the identity is 32 zero bytes)."""
        return self._b

    @property
    def is_identity(self) -> bool:
        """Whether this is the neutral element."""
        return self._b == IDENTITY_BYTES

    def __add__(self, other: Point) -> Point:
        if other._b == IDENTITY_BYTES:
            return self
        if self._b == IDENTITY_BYTES:
            return other
        return Point._unchecked(_add(self._b, other._b))

    def __sub__(self, other: Point) -> Point:
        if other._b == IDENTITY_BYTES:
            return self
        return Point._unchecked(_sub(self._b, other._b))

    def __neg__(self) -> Point:
        return IDENTITY - self

    def __mul__(self, k: int) -> Point:
        """``k·P``, in constant time (``k`` may be secret)."""
        k %= L
        if k == 0 or self._b == IDENTITY_BYTES:
            return IDENTITY
        s = k.to_bytes(SCALAR_SIZE, "little")
        if self._b == G_BYTES:
            return Point._unchecked(_mul_base(s))
        return Point._unchecked(_mul(s, self._b))

    __rmul__ = __mul__

    def double(self) -> Point:
        """``2·P`` with one addition (cheaper than a scalar multiplication)."""
        return self + self

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and self._b == other._b

    def __hash__(self) -> int:
        return hash(self._b)

    def __repr__(self) -> str:
        return f"Point({self._b.hex()})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_point_from_checked_bytes, (self._b,))


def _point_from_checked_bytes(encoding: bytes) -> Point:
    # Unpickling re-checks: pickles are outside input too.
    return Point.decode(encoding, allow_identity=True)


#: The neutral element.
IDENTITY: Final = Point._unchecked(IDENTITY_BYTES)

#: The generator ``G`` of RFC 9496 §4.4.
GENERATOR: Final = Point._unchecked(G_BYTES)


def base_mul(k: int) -> Point:
    """``k·G`` with the backend's fixed-base table (3 to 5 times faster than ``k * P``), in
    constant time (on the native backend also for ``k = 0``; libsodium refuses a zero scalar, so
    its backend answers the identity without calling it)."""
    k %= L
    if k == 0 and not NATIVE:
        return IDENTITY
    return Point._unchecked(_mul_base(k.to_bytes(SCALAR_SIZE, "little")))


@functools.lru_cache(maxsize=1024)
def small_base_mul(v: int) -> Point:
    """``v·G`` for the few public values of statements, cached."""
    return base_mul(v)


def encode_scalar(k: int) -> bytes:
    """The canonical encoding of a scalar ``0 <= k < L``: 32 bytes, little-endian."""
    if not 0 <= k < L:
        raise CryptoError(f"scalar out of range [0, L): {k}")
    return k.to_bytes(SCALAR_SIZE, "little")


def decode_scalar(data: bytes) -> int:
    """Decode a scalar that came from outside; non-canonical encodings (``>= L``) are refused."""
    if not isinstance(data, bytes) or len(data) != SCALAR_SIZE:
        size = len(data) if isinstance(data, bytes) else type(data).__name__
        raise EncodingError(f"a scalar is {SCALAR_SIZE} bytes, got {size}")
    k = int.from_bytes(data, "little")
    if k >= L:
        raise EncodingError("non-canonical scalar (not below L)")
    return k


def random_scalar(rng: Rng) -> int:
    """A uniformly random non-zero scalar: 64 random bytes, little-endian, modulo ``L``.

    The 512-bit reduction leaves a bias below 2^-259. Zero is redrawn because a zero nonce or
    encryption randomness would reveal the secret or the plaintext.
    """
    while True:
        k = int.from_bytes(rng.token_bytes(64), "little") % L
        if k:
            return k


class DeterministicRng:
    """A reproducible byte stream, for tests and known-answer vectors only -- never for real
    ballots or keys.

    Block ``i`` (from 0) is ``SHA-512("oylama/crypto/v2/test-rng" || u32be(len(seed)) || seed ||
    u64be(i))``; ``token_bytes(n)`` returns the next ``n`` bytes of the concatenated blocks.
    """

    _TAG = b"oylama/crypto/v2/test-rng"

    def __init__(self, seed: bytes) -> None:
        self._prefix = self._TAG + len(seed).to_bytes(4, "big") + seed
        self._counter = 0
        self._buffer = b""

    def token_bytes(self, nbytes: int) -> bytes:
        while len(self._buffer) < nbytes:
            block = hashlib.sha512(self._prefix + self._counter.to_bytes(8, "big")).digest()
            self._buffer += block
            self._counter += 1
        out, self._buffer = self._buffer[:nbytes], self._buffer[nbytes:]
        return out


_HASH_TO_POINT_TAG = b"oylama/crypto/v2/hash-to-point"


def _lp(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def hash_to_point(tag: bytes, message: bytes) -> Point:
    """An element whose discrete log to ``G`` nobody knows ("nothing up my sleeve").

    RFC 9496 §4.3.4's element derivation of ``SHA-512(LP(T) || LP(tag) || LP(message))``, with
    ``T`` the domain tag ``oylama/crypto/v2/hash-to-point`` (docs/spec/crypto.md §2.4).
    """
    digest = hashlib.sha512(_lp(_HASH_TO_POINT_TAG) + _lp(tag) + _lp(message)).digest()
    encoding = _from_uniform(digest)
    if encoding == IDENTITY_BYTES:  # never: it would be a preimage of the identity
        raise CryptoError("hash_to_point: the identity")
    return Point._unchecked(encoding)


#: A second generator for Pedersen commitments: ``hash_to_point(b"pedersen", b"H")``.
PEDERSEN_H: Final = hash_to_point(b"pedersen", b"H")


# -- batches: fixed bases, public linear combinations, sums -----------------------------------


class FixedBase:
    """A point prepared for many multiplications by secret scalars (``r·H`` for every
    encryption and proof under an election key ``H``).

    On the native backend a precomputed table makes ``k·H`` about three times faster than
    ``H * k``, in constant time; on libsodium it is ``H * k``. Get one with
    :func:`fixed_base`, which caches the few keys a process uses.
    """

    __slots__ = ("_table", "point")

    def __init__(self, point: Point) -> None:
        self.point = point
        self._table = _arith.FixedBase(point.encode()) if NATIVE and not point.is_identity else None

    def mul(self, k: int) -> Point:
        """``k·P``, in constant time."""
        if self._table is None:
            return self.point * k
        k %= L  # the table multiplies by 0 in constant time too
        return Point._unchecked(self._table.mul(k.to_bytes(SCALAR_SIZE, "little")))


@functools.lru_cache(maxsize=16)
def fixed_base(point: Point) -> FixedBase:
    """The (cached) :class:`FixedBase` of ``point``."""
    return FixedBase(point)


#: One term of a linear combination: ``(index of a point, coefficient)``.
Term = tuple[int, int]


def combine_vartime(points: Sequence[Point], rows: Sequence[Sequence[Term]]) -> list[Point]:
    """``Σ k·points[i]`` over the terms ``(i, k)`` of each row, in **variable time**.

    Only for public data (a verifier's statement, proof and commitments): the time taken
    depends on the scalars. On the native backend all rows are one multi-scalar call (each point
    decoded once, terms on ``G`` merged onto its table); on libsodium, one multiplication per
    term (none for the coefficients 0, 1 and -1).
    """
    if NATIVE:
        terms: list[int] = []
        scalars: list[bytes] = []
        widths: list[int] = []
        for row in rows:
            widths.append(len(row))
            for i, k in row:
                terms.append(i)
                scalars.append((k % L).to_bytes(SCALAR_SIZE, "little"))
        try:
            out = _arith.combine_vartime(
                b"".join(p._b for p in points), terms, b"".join(scalars), widths
            )
        except ValueError as e:
            raise EncodingError(f"combine: {e}") from None
        return [Point._unchecked(out[j : j + POINT_SIZE]) for j in range(0, len(out), POINT_SIZE)]
    results = []
    for row in rows:
        acc = IDENTITY
        for i, coefficient in row:
            k = coefficient % L
            if k == 1:
                acc = acc + points[i]
            elif k == L - 1:
                acc = acc - points[i]
            elif k:
                acc = acc + points[i] * k
        results.append(acc)
    return results


def _point_bytes(encodings: Sequence[bytes]) -> bytes:
    """The concatenation of 32-byte encodings; :class:`EncodingError` for any other length."""
    for b in encodings:
        if not isinstance(b, bytes) or len(b) != POINT_SIZE:
            size = len(b) if isinstance(b, bytes) else type(b).__name__
            raise EncodingError(f"a point is {POINT_SIZE} bytes, got {size}")
    return b"".join(encodings)


def sum_columns(
    encodings: Sequence[bytes], width: int, *, check: bool, allow_identity: bool = True
) -> list[Point]:
    """Column sums of a row-major matrix of encoded points with ``width`` columns.

    Every point is decoded (on ristretto255 that is its whole validity check: an encoding of no
    element is refused either way). With ``check`` the identity is refused unless
    ``allow_identity``, as :meth:`Point.decode` does; without it the points must come from data
    checked before (verified ballots), and the identity is summed. On the native backend this is
    one pass that uses every core for large inputs.
    """
    if width < 1 or len(encodings) % width:
        raise CryptoError(f"{len(encodings)} points do not make rows of {width}")
    if not NATIVE:
        sums = [IDENTITY] * width
        if check:
            for j, b in enumerate(encodings):
                c = j % width
                sums[c] = sums[c] + Point.decode(b, allow_identity=allow_identity)
            return sums
        raw = [IDENTITY_BYTES] * width
        try:
            for j, b in enumerate(encodings):
                c = j % width
                raw[c] = _add(raw[c], b)
        except ValueError:
            raise EncodingError(_INVALID) from None
        except TypeError:
            raise EncodingError(f"a point is {POINT_SIZE} bytes") from None
        return [Point._unchecked(b) for b in raw]
    data = _point_bytes(encodings)
    try:
        out = _arith.sum_columns(data, width, 0, allow_identity or not check)
    except ValueError as e:
        if "identity" in str(e):
            raise EncodingError("the identity point is not allowed here") from None
        raise EncodingError(f"{_INVALID} ({e})") from None
    return [Point._unchecked(out[j : j + POINT_SIZE]) for j in range(0, len(out), POINT_SIZE)]


def msm_vartime(scalars: Sequence[int], points: Sequence[Point]) -> Point:
    """``Σ k_i·P_i``: a multi-scalar multiplication, for **public** scalars and points only.

    Verifiers whose heavy part is one large linear combination (the shuffle proof's batched
    equations, docs/spec/mixnet.md §5.5) call this, so that a backend with a variable-time
    Straus/Pippenger multi-scalar multiplication speeds them up as a whole. On libsodium there
    is none: this is one multiplication per term (``k·G`` by the fixed-base table), which is
    why it may only see public data -- a faster backend is free to leak timing, and the native
    one does (:func:`combine_vartime`). Scalars are reduced modulo ``L``; zero scalars and
    identity points are skipped.
    """
    if len(scalars) != len(points):
        raise CryptoError(f"{len(scalars)} scalars for {len(points)} points")
    if NATIVE:  # one Straus/Pippenger call (every point was checked when it was decoded)
        (total,) = combine_vartime(points, [list(enumerate(scalars))])
        return total
    total = IDENTITY
    g = 0
    for scalar, p in zip(scalars, points, strict=True):
        k = scalar % L
        if k == 0 or p._b == IDENTITY_BYTES:
            continue
        if p._b == G_BYTES:
            g += k
        else:
            total = total + p * k
    return total + base_mul(g)
