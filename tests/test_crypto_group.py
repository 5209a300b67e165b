"""The group layer: point decoding rules, the identity, scalars, hash_to_point, the test RNG."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl import bindings as nacl

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

ORDER8 = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
SMALL_ORDER = [
    bytes.fromhex("ec" + "ff" * 30 + "7f"),  # order 2
    bytes(32),  # order 4
    bytes(31) + b"\x80",  # order 4, sign bit
    ORDER8,
    bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
]
NON_CANONICAL = [
    bytes.fromhex("ed" + "ff" * 30 + "7f"),  # y = p
    bytes.fromhex("ee" + "ff" * 30 + "7f"),  # y = p + 1
    b"\x01" + bytes(30) + b"\x80",  # identity with the sign bit set
]
scalars = st.integers(min_value=0, max_value=L - 1)


def _mixed() -> bytes:
    return bytes(nacl.crypto_core_ed25519_add(base_mul(12345).encode(), ORDER8))


def test_the_generator_and_identity_encodings() -> None:
    assert base_mul(1).encode() == G_BYTES == GENERATOR.encode()
    assert IDENTITY.encode() == IDENTITY_BYTES == b"\x01" + bytes(31)
    assert (GENERATOR - GENERATOR).encode() == IDENTITY_BYTES


def test_decode_accepts_subgroup_points() -> None:
    p = base_mul(987654321)
    assert Point.decode(p.encode()) == p


def test_identity_only_where_allowed() -> None:
    with pytest.raises(EncodingError, match="identity"):
        Point.decode(IDENTITY_BYTES)
    assert Point.decode(IDENTITY_BYTES, allow_identity=True) is IDENTITY


@pytest.mark.parametrize("enc", SMALL_ORDER + NON_CANONICAL, ids=lambda b: b.hex()[:8])
@pytest.mark.parametrize("allow_identity", [False, True])
def test_small_order_and_non_canonical_points_rejected(enc: bytes, allow_identity: bool) -> None:
    with pytest.raises(EncodingError):
        Point.decode(enc, allow_identity=allow_identity)
    with pytest.raises(EncodingError):
        Point._deferred(enc) * 5


def test_mixed_order_and_off_curve_points_rejected() -> None:
    with pytest.raises(EncodingError, match="subgroup"):
        Point.decode(_mixed())
    with pytest.raises(EncodingError):
        Point._deferred(_mixed()) * 7
    off_curve = (2).to_bytes(32, "little")
    with pytest.raises(EncodingError):
        Point.decode(off_curve)
    with pytest.raises(EncodingError):
        Point._deferred(off_curve) + GENERATOR


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


def test_hash_to_point_is_in_the_subgroup_and_deterministic() -> None:
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
