"""The group layer: ristretto255 decoding rules, the identity, scalars, hash_to_point, the test
RNG; every rule checked against the pure-Python reference of RFC 9496 (tests/ristretto_reference).
"""

from __future__ import annotations

import hashlib
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ristretto_reference as ref
from oylama.crypto import CryptoError, EncodingError
from oylama.crypto.hazmat import (
    G_BYTES,
    GENERATOR,
    IDENTITY,
    IDENTITY_BYTES,
    PEDERSEN_H,
    DeterministicRng,
    L,
    Point,
    base_mul,
    decode_scalar,
    encode_scalar,
    hash_to_point,
    random_scalar,
)

P = 2**255 - 19
NON_CANONICAL = [
    bytes.fromhex("ed" + "ff" * 30 + "7f"),  # s = p
    bytes.fromhex("ef" + "ff" * 30 + "7f"),  # s = p + 2 (even)
    bytes.fromhex("ff" * 32),  # bit 255 set
    G_BYTES[:31] + bytes([G_BYTES[31] | 0x80]),  # the generator with bit 255 set
]
NEGATIVE = [
    b"\x01" + bytes(31),  # s = 1: odd, i.e. negative
    (P - int.from_bytes(G_BYTES, "little")).to_bytes(32, "little"),  # -s of the generator's s
]
scalars = st.integers(min_value=0, max_value=L - 1)


def _not_an_element() -> bytes:
    """An even s below p that encodes no element (about three in four do not)."""
    for s in range(2, 200, 2):
        b = s.to_bytes(32, "little")
        if ref.decode(b) is None:
            return b
    raise AssertionError("unreachable")


def test_the_generator_and_identity_encodings() -> None:
    assert base_mul(1).encode() == G_BYTES == GENERATOR.encode() == ref.G_BYTES
    assert IDENTITY.encode() == IDENTITY_BYTES == bytes(32)
    assert (GENERATOR - GENERATOR).encode() == IDENTITY_BYTES


def test_small_multiples_match_the_reference() -> None:
    for k in (2, 3, 7, 2**200 + 5, L - 1):
        assert base_mul(k).encode() == ref.encode(ref.mul(k, ref.G))
    assert base_mul(L - 1) == -GENERATOR


def test_decode_accepts_elements() -> None:
    p = base_mul(987654321)
    assert Point.decode(p.encode()) == p


def test_identity_only_where_allowed() -> None:
    with pytest.raises(EncodingError, match="identity"):
        Point.decode(IDENTITY_BYTES)
    assert Point.decode(IDENTITY_BYTES, allow_identity=True) is IDENTITY


@pytest.mark.parametrize("enc", NON_CANONICAL + NEGATIVE, ids=lambda b: b.hex()[:8])
@pytest.mark.parametrize("allow_identity", [False, True])
def test_non_canonical_and_negative_encodings_rejected(enc: bytes, allow_identity: bool) -> None:
    assert ref.decode(enc) is None
    with pytest.raises(EncodingError, match="ristretto255"):
        Point.decode(enc, allow_identity=allow_identity)


def test_encodings_of_no_element_rejected() -> None:
    bad = _not_an_element()
    with pytest.raises(EncodingError, match="ristretto255"):
        Point.decode(bad)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(min_size=32, max_size=32))
def test_decoding_agrees_with_the_reference(data: bytes) -> None:
    """Random strings (about one in sixteen an element) and their even, canonical variants."""
    for b in (data, bytes([data[0] & 0xFE]) + data[1:31] + bytes([data[31] & 0x7F])):
        element = ref.decode(b)
        if element is None:
            with pytest.raises(EncodingError):
                Point.decode(b, allow_identity=True)
        else:
            assert Point.decode(b, allow_identity=True).encode() == ref.encode(element) == b


@pytest.mark.parametrize("data", [b"", G_BYTES[:31], G_BYTES + b"\x00"])
def test_wrong_length_points_rejected(data: bytes) -> None:
    with pytest.raises(EncodingError, match="32 bytes"):
        Point.decode(data)


def test_points_are_not_built_unchecked() -> None:
    with pytest.raises(TypeError):
        Point(G_BYTES)
    with pytest.raises(AttributeError):
        GENERATOR._b = IDENTITY_BYTES


def test_identity_arithmetic() -> None:
    p = base_mul(77)
    assert p * 0 == IDENTITY
    assert p * L == IDENTITY
    assert IDENTITY * 5 == IDENTITY
    assert p + IDENTITY == p == IDENTITY + p
    assert p - IDENTITY == p
    assert (IDENTITY - p) + p == IDENTITY
    assert -IDENTITY == IDENTITY
    assert IDENTITY.double() == IDENTITY
    assert (p - p).is_identity and not p.is_identity
    assert base_mul(0) == IDENTITY


@settings(max_examples=40, deadline=None)
@given(a=scalars, b=scalars)
def test_group_laws(a: int, b: int) -> None:
    pa, pb = base_mul(a), base_mul(b)
    assert pa + pb == base_mul(a + b)
    assert pa - pb == base_mul(a - b)
    assert -pa == base_mul(-a)
    assert pa.double() == base_mul(2 * a)
    assert GENERATOR * a == pa  # variable-base path on G agrees with the fixed-base one
    h = base_mul(3)
    assert h * a + h * b == h * (a + b)


@settings(max_examples=40, deadline=None)
@given(k=scalars)
def test_scalar_round_trip(k: int) -> None:
    assert decode_scalar(encode_scalar(k)) == k
    assert len(encode_scalar(k)) == 32


@pytest.mark.parametrize("k", [L, L + 1, 2**256 - 1])
def test_non_canonical_scalars_rejected(k: int) -> None:
    with pytest.raises(EncodingError, match="non-canonical"):
        decode_scalar(k.to_bytes(32, "little"))
    with pytest.raises(CryptoError):
        encode_scalar(k)


def test_short_scalar_and_negative_rejected() -> None:
    with pytest.raises(EncodingError):
        decode_scalar(bytes(31))
    with pytest.raises(CryptoError):
        encode_scalar(-1)


def test_hash_to_point_is_rfc_9496_element_derivation() -> None:
    tag, msg = b"test", b"x"
    lp = lambda b: len(b).to_bytes(4, "big") + b  # noqa: E731
    digest = hashlib.sha512(lp(b"oylama/crypto/v2/hash-to-point") + lp(tag) + lp(msg)).digest()
    assert hash_to_point(tag, msg).encode() == ref.from_uniform_bytes(digest)


def test_hash_to_point_is_an_element_and_deterministic() -> None:
    p = hash_to_point(b"test", b"x")
    assert p == hash_to_point(b"test", b"x")
    assert p != hash_to_point(b"test", b"y") != hash_to_point(b"tesT", b"x")
    assert Point.decode(p.encode()) == p
    assert Point.decode(PEDERSEN_H.encode()) == PEDERSEN_H
    assert PEDERSEN_H not in (GENERATOR, IDENTITY)


def test_field_boundaries_in_hash_to_point() -> None:
    # Length prefixes: moving a byte from the tag to the message changes the point.
    assert hash_to_point(b"ab", b"c") != hash_to_point(b"a", b"bc")


def test_deterministic_rng() -> None:
    a, b = DeterministicRng(b"seed"), DeterministicRng(b"seed")
    assert a.token_bytes(10) + a.token_bytes(100) == b.token_bytes(110)
    assert DeterministicRng(b"seed").token_bytes(8) != DeterministicRng(b"seeD").token_bytes(8)
    k = random_scalar(DeterministicRng(b"s"))
    assert 0 < k < L


def test_random_scalar_redraws_zero() -> None:
    class Zeros:
        def __init__(self) -> None:
            self.calls = 0

        def token_bytes(self, n: int) -> bytes:
            self.calls += 1
            return bytes(n) if self.calls == 1 else b"\x05" + bytes(n - 1)

    assert random_scalar(Zeros()) == 5


def test_pickle_round_trip_rechecks() -> None:
    p = base_mul(99)
    assert pickle.loads(pickle.dumps(p)) == p
    assert pickle.loads(pickle.dumps(IDENTITY)) == IDENTITY
