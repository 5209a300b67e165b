"""The group: the prime-order subgroup of edwards25519, through libsodium (PyNaCl).

Points are 32-byte RFC 8032 encodings; scalars are integers modulo the subgroup order ``L``.
libsodium refuses the identity point and the zero scalar in scalar multiplication and
:func:`crypto_core_ed25519_is_valid_point` rejects the identity, yet sums that cancel (a
tally of zeros, ``P - P``) produce it. :class:`Point` therefore handles the identity itself
(``0·P``, ``k·O`` and ``O + P`` are answered without libsodium), and decoding takes an explicit
``allow_identity`` so that each wire field states whether the identity may appear there
(``docs/spec/crypto.md``, section 2).

Every point built by :meth:`Point.decode` has passed ``is_valid_point`` (canonical, not of small
order, in the prime-order subgroup); every point built by arithmetic on such points is in the
subgroup by construction. There is no other public way to make a :class:`Point`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from typing import Final, Protocol

from nacl import bindings as _nacl
from nacl import exceptions as _nacl_exceptions

from oylama.crypto._errors import CryptoError, EncodingError

#: Order of the prime-order subgroup (and of the base point ``G``).
L: Final = 2**252 + 27742317777372353535851937790883648493

#: The field prime of edwards25519.
P: Final = 2**255 - 19

_Y_MASK: Final = (1 << 255) - 1

#: Size in bytes of an encoded point and of an encoded scalar.
POINT_SIZE: Final = 32
SCALAR_SIZE: Final = 32

#: Encoding of the identity (neutral element): ``y = 1``, ``x = 0``.
IDENTITY_BYTES: Final = b"\x01" + bytes(31)

#: Encoding of the RFC 8032 base point ``G`` (``y = 4/5``).
G_BYTES: Final = bytes.fromhex("5866666666666666666666666666666666666666666666666666666666666666")

_add = _nacl.crypto_core_ed25519_add
_sub = _nacl.crypto_core_ed25519_sub
_mul = _nacl.crypto_scalarmult_ed25519_noclamp
_mul_base = _nacl.crypto_scalarmult_ed25519_base_noclamp
_is_valid = _nacl.crypto_core_ed25519_is_valid_point


class Rng(Protocol):
    """Source of randomness: the :mod:`secrets` module satisfies it.

    Provers take one so that tests and known-answer vectors can inject a deterministic one.
    """

    def token_bytes(self, nbytes: int) -> bytes:
        """Return ``nbytes`` random bytes."""
        ...


class Point:
    """An element of the prime-order subgroup of edwards25519, the identity included.

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
        # Only for encodings that libsodium produced or that were checked already.
        p = object.__new__(cls)
        object.__setattr__(p, "_b", encoding)
        return p

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Point is immutable")

    @classmethod
    def decode(cls, data: bytes, *, allow_identity: bool = False) -> Point:
        """Decode and check a 32-byte encoding that came from outside.

        Raises :class:`EncodingError` unless ``data`` is the canonical encoding of a point of
        the prime-order subgroup; the identity (``01 00…00``) only if ``allow_identity``.
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
            raise EncodingError(
                "not a valid point: non-canonical, of small order, or outside the prime-order "
                "subgroup"
            )
        return cls._unchecked(data)

    @classmethod
    def _deferred(cls, data: bytes) -> Point:
        """Decode with the subgroup check *deferred to the next scalar multiplication*.

        libsodium's ``crypto_scalarmult_ed25519_noclamp`` makes the very checks of
        ``is_valid_point`` (canonical, not of small order, in the subgroup) on its input before
        multiplying, so a verifier that multiplies every statement point by a non-zero scalar
        gets the check for free. Here only what the multiplication cannot see is checked: the
        length, ``y < p`` (addition would reduce it silently) and ``y != 1`` (the identity, in
        both signs). Only for verifiers that argue in a comment why every such point is
        multiplied; everything else uses :meth:`decode`.
        """
        if not isinstance(data, bytes) or len(data) != POINT_SIZE:
            raise EncodingError(f"a point is {POINT_SIZE} bytes")
        y = int.from_bytes(data, "little") & _Y_MASK
        if y >= P:
            raise EncodingError("not a valid point: non-canonical (y >= p)")
        if y == 1:
            raise EncodingError("the identity point is not allowed here")
        return cls._unchecked(data)

    def encode(self) -> bytes:
        """The canonical 32-byte encoding (the identity is ``01 00…00``)."""
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
        try:
            return Point._unchecked(_add(self._b, other._b))
        except _nacl_exceptions.RuntimeError:
            raise EncodingError("not a valid point (not on the curve)") from None

    def __sub__(self, other: Point) -> Point:
        if other._b == IDENTITY_BYTES:
            return self
        try:
            return Point._unchecked(_sub(self._b, other._b))
        except _nacl_exceptions.RuntimeError:
            raise EncodingError("not a valid point (not on the curve)") from None

    def __neg__(self) -> Point:
        return IDENTITY - self

    def __mul__(self, k: int) -> Point:
        k %= L
        if k == 0 or self._b == IDENTITY_BYTES:
            return IDENTITY
        s = k.to_bytes(SCALAR_SIZE, "little")
        if self._b == G_BYTES:
            return Point._unchecked(_mul_base(s))
        try:
            return Point._unchecked(_mul(s, self._b))
        except _nacl_exceptions.RuntimeError:
            # Only a point from _deferred can get here: k != 0 and a valid point never fail.
            raise EncodingError(
                "not a valid point: non-canonical, of small order, or outside the prime-order "
                "subgroup"
            ) from None

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

#: The RFC 8032 base point, generator of the prime-order subgroup.
GENERATOR: Final = Point._unchecked(G_BYTES)


def base_mul(k: int) -> Point:
    """``k·G`` with libsodium's fixed-base table (about 5 times faster than ``k * P``)."""
    k %= L
    if k == 0:
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

    Block ``i`` (from 0) is ``SHA-512("oylama/crypto/v1/test-rng" || u32be(len(seed)) || seed ||
    u64be(i))``; ``token_bytes(n)`` returns the next ``n`` bytes of the concatenated blocks.
    """

    _TAG = b"oylama/crypto/v1/test-rng"

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


_HASH_TO_POINT_TAG = b"oylama/crypto/v1/hash-to-point"


def _lp(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def hash_to_point(tag: bytes, message: bytes) -> Point:
    """A point of the subgroup whose discrete log to ``G`` nobody knows ("nothing up my sleeve").

    Try-and-increment, chosen because an auditor can reimplement it with RFC 8032 point
    decoding alone: for ``ctr = 0, 1, …, 255`` take ``d = SHA-512(LP(T) || LP(tag) ||
    LP(message) || u8(ctr))[0:32]``; if ``d`` decodes as an RFC 8032 point ``Q`` (``y < p``,
    ``x`` recovered), return ``8·Q`` unless it is the identity. See docs/spec/crypto.md §2.4.
    """
    for ctr in range(256):
        d = hashlib.sha512(
            _lp(_HASH_TO_POINT_TAG) + _lp(tag) + _lp(message) + bytes([ctr])
        ).digest()[:POINT_SIZE]
        y = int.from_bytes(d, "little") & _Y_MASK
        if y >= P:
            continue
        try:
            # libsodium's addition decodes any point of the curve (no subgroup check) and
            # refuses encodings whose x cannot be recovered.
            q2 = _add(d, d)
        except _nacl_exceptions.RuntimeError:  # no square root: not on the curve
            continue
        q8 = _add(_add(q2, q2), _add(q2, q2))
        if q8 == IDENTITY_BYTES:
            continue
        return Point.decode(q8)
    raise CryptoError("hash_to_point: no point found in 256 tries")  # probability 2^-256


#: A second generator for Pedersen commitments: ``hash_to_point(b"pedersen", b"H")``.
PEDERSEN_H: Final = hash_to_point(b"pedersen", b"H")


def msm_vartime(scalars: Sequence[int], points: Sequence[Point]) -> Point:
    """``Σ k_i·P_i``: a multi-scalar multiplication, for **public** scalars and points only.

    Verifiers whose heavy part is one large linear combination (the shuffle proof's batched
    equations, docs/spec/mixnet.md §5.5) call this, so that a backend with a variable-time
    Straus/Pippenger multi-scalar multiplication speeds them up as a whole. On libsodium there
    is none: this is one multiplication per term (``k·G`` by the fixed-base table), which is
    why it may only see public data -- a faster backend is free to leak timing. Scalars are
    reduced modulo ``L``; zero scalars and identity points are skipped.
    """
    if len(scalars) != len(points):
        raise CryptoError(f"{len(scalars)} scalars for {len(points)} points")
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
