"""Exponential ElGamal over ristretto255 (a prime-order group, RFC 9496).

``Enc(m; r) = (r·G, m·G + r·H)`` for the public key ``H = s·G``. Putting ``m`` in the exponent
makes the scheme additively homomorphic -- the product of ballots' ciphertexts encrypts the sum
of their votes -- at the price of a small discrete log to decrypt (:mod:`._dlog`).

Two identity rules (docs/spec/crypto.md §4): a *fresh* ciphertext (one a voter sends) never
contains the identity; an *aggregate* (a homomorphic sum or multiple) may, since sums can
cancel.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

import msgspec

from oylama.crypto._dlog import discrete_log
from oylama.crypto._errors import CryptoError, EncodingError
from oylama.crypto._group import (
    IDENTITY,
    L,
    Point,
    Rng,
    base_mul,
    combine_vartime,
    fixed_base,
    random_scalar,
    sum_columns,
)


class Ciphertext(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An ElGamal ciphertext on the wire: ``alpha = r·G``, ``beta = m·G + r·H``.

    Both fields are 32-byte point encodings (base64 in JSON). The struct itself is unchecked
    bytes; :meth:`points` decodes and checks them.
    """

    alpha: bytes
    beta: bytes

    def points(self, *, aggregate: bool = False) -> tuple[Point, Point]:
        """Decode and check both points; the identity only if ``aggregate``."""
        return (
            Point.decode(self.alpha, allow_identity=aggregate),
            Point.decode(self.beta, allow_identity=aggregate),
        )

    @classmethod
    def from_points(cls, alpha: Point, beta: Point) -> Ciphertext:
        """The wire form of two points."""
        return cls(alpha=alpha.encode(), beta=beta.encode())


#: The trivial encryption of 0 with randomness 0, ``(O, O)``: the neutral element of sums.
ZERO_CIPHERTEXT = Ciphertext(alpha=IDENTITY.encode(), beta=IDENTITY.encode())


def public_key(secret: int) -> Point:
    """``H = s·G`` for a secret ``1 <= s < L``."""
    if not 0 < secret < L:
        raise CryptoError("a secret key is a scalar in [1, L)")
    return base_mul(secret)


def generate_keypair(rng: Rng = secrets) -> tuple[int, Point]:
    """A fresh ``(secret, public)`` pair; the secret is uniform in ``[1, L)``."""
    s = random_scalar(rng)
    return s, base_mul(s)


def check_public_key(key: Point) -> None:
    """A public key is never the identity (every message would be in the clear)."""
    if key.is_identity:
        raise CryptoError("the identity is not a public key")


def encrypt_points(key: Point, m: int, r: int) -> tuple[Point, Point]:
    """``(r·G, m·G + r·H)`` as points, checking the fresh-ciphertext rules."""
    check_public_key(key)
    if not 0 <= m < L:
        raise CryptoError(f"plaintext out of range [0, L): {m}")
    if not 0 < r < L:
        raise CryptoError("encryption randomness must be in [1, L)")
    alpha = base_mul(r)
    beta = base_mul(m) + fixed_base(key).mul(r)
    if beta.is_identity:  # m + r·s = 0 mod L: probability 1/L; the caller draws r again
        raise CryptoError("this randomness makes beta the identity; draw another")
    return alpha, beta


def encrypt(key: Point, m: int, r: int) -> Ciphertext:
    """Encrypt ``m`` with the randomness ``r`` (``1 <= r < L``, secret, never reused).

    Deterministic given ``r`` so that provers (which need ``r``) and known-answer vectors can
    control it; :func:`encrypt_random` draws ``r``.
    """
    return Ciphertext.from_points(*encrypt_points(key, m, r))


def encrypt_random(key: Point, m: int, rng: Rng = secrets) -> tuple[Ciphertext, int]:
    """Encrypt ``m`` with fresh randomness; returns the ciphertext and ``r`` (for proofs)."""
    while True:
        r = random_scalar(rng)
        try:
            return encrypt(key, m, r), r
        except CryptoError:
            if m >= L:
                raise


def add_ciphertexts(a: Ciphertext, b: Ciphertext) -> Ciphertext:
    """The homomorphic sum: encrypts ``m_a + m_b`` with randomness ``r_a + r_b``.

    Inputs are checked (the identity allowed); the result is an aggregate.
    """
    a1, b1 = a.points(aggregate=True)
    a2, b2 = b.points(aggregate=True)
    return Ciphertext.from_points(a1 + a2, b1 + b2)


def _pairs(cts: Iterable[Ciphertext]) -> list[bytes]:
    return [x for ct in cts for x in (ct.alpha, ct.beta)]


def sum_ciphertexts(cts: Iterable[Ciphertext]) -> Ciphertext:
    """The homomorphic sum of any number of ciphertexts (:data:`ZERO_CIPHERTEXT` if none).

    Every point is decoded and checked (the identity allowed).
    """
    alpha, beta = sum_columns(_pairs(cts), 2, check=True, allow_identity=True)
    return Ciphertext.from_points(alpha, beta)


def sum_checked_ciphertexts(cts: Iterable[Ciphertext]) -> Ciphertext:
    """Hazmat: the homomorphic sum of ciphertexts whose points were ALREADY checked.

    :func:`sum_ciphertexts` decodes and checks every point, refusing the identity where
    asked; a tally sums ciphertexts that :func:`verify_ballot` has just checked, so this
    skips the per-point rules and only decodes (an encoding of no element is still refused:
    the decoding is what the sum costs). Only call it on ciphertexts of verified ballots. The
    result is the same as :func:`sum_ciphertexts` on the same (valid) input.
    """
    try:
        alpha, beta = sum_columns(_pairs(cts), 2, check=False)
    except EncodingError as e:
        raise EncodingError(f"sum_checked_ciphertexts: {e}") from None
    return Ciphertext.from_points(alpha, beta)


def scale_ciphertext(ct: Ciphertext, k: int) -> Ciphertext:
    """``k·ct``: encrypts ``k·m`` (e.g. a project's cost times its selection bit)."""
    a, b = ct.points(aggregate=True)
    return Ciphertext.from_points(a * k, b * k)


def linear_combination(cts: Sequence[Ciphertext], coefficients: Sequence[int]) -> Ciphertext:
    """``Σ k_i·ct_i``: encrypts ``Σ k_i·m_i`` with randomness ``Σ k_i·r_i`` (an aggregate).

    The knapsack ballot's spending is ``linear_combination(selections, costs)``. Each point is
    decoded and checked once; then one multi-scalar multiplication per component (native) or
    one multiplication per point (libsodium; none for ``k_i`` = 0, 1). Variable time: the
    coefficients must be public.
    """
    if len(cts) != len(coefficients):
        raise CryptoError("linear_combination: as many coefficients as ciphertexts")
    points = [p for ct in cts for p in ct.points(aggregate=True)]
    ks = [k % L for k in coefficients]
    # The coefficients and ciphertexts are public: variable time is fine.
    alpha, beta = combine_vartime(
        points, [[(2 * j, k) for j, k in enumerate(ks)], [(2 * j + 1, k) for j, k in enumerate(ks)]]
    )
    return Ciphertext.from_points(alpha, beta)


def decrypt_point(secret: int, ct: Ciphertext) -> Point:
    """``beta - s·alpha = m·G`` (the identity for ``m = 0``)."""
    a, b = ct.points(aggregate=True)
    return b - a * secret


def decrypt(secret: int, ct: Ciphertext, bound: int) -> int:
    """The plaintext ``0 <= m <= bound``; :class:`DecryptionError` if it is not in that range."""
    return discrete_log(decrypt_point(secret, ct), bound)
