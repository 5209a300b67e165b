"""The native arithmetic extension (oylama_arith) against libsodium, operation by operation.

Every function the extension exposes is compared with libsodium (PyNaCl's bindings) on random
and edge inputs: the identity, the points of small order, mixed-order points, non-canonical
encodings (``y >= p``, ``x = 0`` with the sign bit), off-curve encodings, random bytes,
scalars ``>= L`` and the zero scalar. Where the two are *meant* to differ the test states the
difference exactly:

* libsodium refuses the identity and the zero scalar in multiplication; the extension returns
  the identity (the engine answers these cases itself on both backends);
* libsodium's multiplication refuses points outside the prime-order subgroup; the extension's
  arithmetic works on the whole curve (validation is ``is_valid_point``/``check_points``), so
  for those points the oracle is double-and-add with libsodium's addition, which accepts any
  point of the curve;
* libsodium's addition reduces a non-canonical ``y >= p`` and takes ``x = 0`` with the sign
  bit; the extension refuses both (strict RFC 8032 decoding);
* the extension takes canonical scalars only (``< L``): ``scalar_reduce`` first.

The decoders are also fuzzed with random bytes of every length: nothing may raise anything but
``ValueError``/``TypeError``/``OverflowError`` (a Rust panic would surface as
``pyo3_runtime.PanicException``, a ``BaseException``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl import bindings as nacl
from nacl import exceptions as nacl_exceptions

if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    import oylama_arith as arith  # CI builds the extension: a missing one is a failure
else:
    arith = pytest.importorskip("oylama_arith")

ROOT = Path(__file__).resolve().parents[1]
L = 2**252 + 27742317777372353535851937790883648493
P = 2**255 - 19
D = (-121665 * pow(121666, -1, P)) % P
IDENTITY = b"\x01" + bytes(31)
G = bytes.fromhex("5866666666666666666666666666666666666666666666666666666666666666")

# The eight points of order dividing 8 (the identity first), in canonical encodings; checked
# below with libsodium's addition (8·T = O, and the order of each).
SMALL_ORDER = [
    bytes.fromhex(h)
    for h in (
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    )
]


def le(k: int) -> bytes:
    return k.to_bytes(32, "little")


def y_of(b: bytes) -> int:
    return int.from_bytes(b, "little") & ((1 << 255) - 1)


def strictly_decodes(b: bytes) -> bool:
    """RFC 8032 §5.1.3 decoding, strict, in pure Python: the reference for canonical input."""
    if len(b) != 32:
        return False
    y, sign = y_of(b), b[31] >> 7
    if y >= P:
        return False
    u, v = (y * y - 1) % P, (D * y * y + 1) % P
    x2 = u * pow(v, -1, P) % P
    if x2 == 0:
        return sign == 0
    return pow(x2, (P - 1) // 2, P) == 1


def leniently_decodes(b: bytes) -> bool:
    """libsodium's decoding: ``y`` reduced modulo ``p``, ``x = 0`` taken whatever the sign."""
    y = y_of(b) % P
    u, v = (y * y - 1) % P, (D * y * y + 1) % P
    x2 = u * pow(v, -1, P) % P
    return x2 == 0 or pow(x2, (P - 1) // 2, P) == 1


def sodium_add(p: bytes, q: bytes) -> bytes:
    """libsodium's addition, with the identity answered here (it works on any curve point)."""
    return bytes(nacl.crypto_core_ed25519_add(p, q))


def sodium_mul_any(k: int, p: bytes) -> bytes:
    """``k·P`` for any point of the curve by double-and-add with libsodium's addition."""
    acc, run = IDENTITY, p
    k %= 8 * L
    while k:
        if k & 1:
            acc = sodium_add(acc, run)
        run = sodium_add(run, run)
        k >>= 1
    return acc


def sodium_mul(k: int, p: bytes) -> bytes:
    """``k·P`` with libsodium's multiplication where it is defined (valid ``P``, ``k·P != O``)."""
    k %= L
    if k == 0 or p == IDENTITY:
        return IDENTITY
    return bytes(nacl.crypto_scalarmult_ed25519_noclamp(le(k), p))


def sodium_base(k: int) -> bytes:
    k %= L
    return IDENTITY if k == 0 else bytes(nacl.crypto_scalarmult_ed25519_base_noclamp(le(k)))


def sodium_sum(points: list[bytes]) -> bytes:
    acc = IDENTITY
    for p in points:
        acc = sodium_add(acc, p)
    return acc


def on_curve(b: bytes) -> bool:
    """On the curve in libsodium's (lenient) decoding."""
    try:
        nacl.crypto_core_ed25519_add(b, G)
    except nacl_exceptions.RuntimeError:
        return False
    return True


# -- inputs --------------------------------------------------------------------------------------

scalars = st.one_of(
    st.integers(1, L - 1),
    st.sampled_from([1, 2, 7, 8, L - 1, L - 8, 2**252, 2**128 + 1]),
)
any_scalar = st.one_of(
    st.integers(0, 2**256 - 1),
    st.sampled_from([0, 1, L - 1, L, L + 1, 2 * L, 2**252, 2**255 - 1, 2**255, 2**256 - 1]),
)
subgroup_points = scalars.map(sodium_base)
small_order = st.sampled_from(SMALL_ORDER)
mixed_order = st.tuples(subgroup_points, st.sampled_from(SMALL_ORDER[1:])).map(
    lambda t: sodium_add(*t)
)
# Points of the curve in canonical encodings, of every order.
curve_points = st.one_of(subgroup_points, small_order, mixed_order)
non_canonical = st.one_of(
    st.tuples(st.integers(P, 2**255 - 1), st.booleans()).map(
        lambda t: (t[0] | (t[1] << 255)).to_bytes(32, "little")
    ),
    st.sampled_from([IDENTITY[:31] + b"\x80", SMALL_ORDER[1][:31] + b"\xff"]),
)
off_curve = st.binary(min_size=32, max_size=32).filter(
    lambda b: y_of(b) < P and not strictly_decodes(b)
)
any_encoding = st.one_of(
    curve_points, non_canonical, off_curve, st.binary(min_size=32, max_size=32)
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def test_the_small_order_points_are_what_the_test_says() -> None:
    assert SMALL_ORDER[0] == IDENTITY == arith.IDENTITY
    assert arith.BASE_POINT == G
    orders = []
    for t in SMALL_ORDER:
        assert strictly_decodes(t)
        multiples = [IDENTITY]
        for _ in range(8):
            multiples.append(sodium_add(multiples[-1], t))
        assert multiples[8] == IDENTITY
        orders.append(next(i for i in range(1, 9) if multiples[i] == IDENTITY))
    assert sorted(orders) == [1, 2, 4, 4, 8, 8, 8, 8]
    assert len(set(SMALL_ORDER)) == 8


# -- validation ------------------------------------------------------------------------------


@SETTINGS
@given(any_encoding)
def test_is_valid_point_is_libsodiums(b: bytes) -> None:
    assert arith.is_valid_point(b) == bool(nacl.crypto_core_ed25519_is_valid_point(b))


@pytest.mark.parametrize("b", SMALL_ORDER)
def test_small_order_points_are_never_valid(b: bytes) -> None:
    assert not nacl.crypto_core_ed25519_is_valid_point(b)
    assert not arith.is_valid_point(b)
    with pytest.raises(ValueError, match=r"small order|identity"):
        arith.check_points(b)
    if b == IDENTITY:
        assert arith.check_points(b, allow_identity=True) == 1
    else:
        with pytest.raises(ValueError, match="small order"):
            arith.check_points(b, allow_identity=True)


def test_spec_invalid_points_are_refused_as_by_libsodium() -> None:
    vectors = json.loads((ROOT / "docs/spec/vectors/crypto-group.json").read_text())
    for v in vectors["invalid_points"]:
        b = bytes.fromhex(v["encoding"])
        assert not arith.is_valid_point(b), v["reason"]
        if len(b) == 32:
            assert not nacl.crypto_core_ed25519_is_valid_point(b), v["reason"]
        with pytest.raises(ValueError):
            arith.check_points(b)
        with pytest.raises(ValueError):
            arith.check_points(b, allow_identity=b != IDENTITY)


@SETTINGS
@given(st.lists(any_encoding, max_size=12), st.booleans())
def test_check_points_is_is_valid_point_on_each(points: list[bytes], allow_identity: bool) -> None:
    def ok(b: bytes) -> bool:
        return bool(nacl.crypto_core_ed25519_is_valid_point(b)) or (
            allow_identity and b == IDENTITY
        )

    data = b"".join(points)
    bad = [i for i, b in enumerate(points) if not ok(b)]
    for threads in (1, 3):
        if bad:
            with pytest.raises(ValueError, match=f"^point {bad[0]}: "):
                arith.check_points(data, allow_identity, threads)
        else:
            assert arith.check_points(data, allow_identity, threads) == len(points)


@SETTINGS
@given(any_encoding)
def test_strict_decoding_accepts_exactly_the_canonical_curve_points(b: bytes) -> None:
    """Every arithmetic function decodes strictly: here ``neg`` and ``add`` stand for all."""
    if strictly_decodes(b):
        assert arith.neg(arith.neg(b)) == b
        assert arith.add(b, IDENTITY) == b
    else:
        with pytest.raises(ValueError):
            arith.neg(b)
        with pytest.raises(ValueError):
            arith.add(G, b)
    # libsodium's addition decodes leniently (y reduced modulo p, x = 0 with the sign bit):
    # where the two differ, the extension is the strict one, never the other way round.
    assert on_curve(b) == leniently_decodes(b)
    assert leniently_decodes(b) or not strictly_decodes(b)


# -- scalars ---------------------------------------------------------------------------------


@SETTINGS
@given(any_scalar)
def test_scalar_is_canonical(k: int) -> None:
    assert arith.scalar_is_canonical(le(k)) == (k < L)


@SETTINGS
@given(st.binary(min_size=64, max_size=64))
def test_scalar_reduce_wide_is_libsodiums(b: bytes) -> None:
    assert arith.scalar_reduce(b) == bytes(nacl.crypto_core_ed25519_scalar_reduce(b))
    assert arith.scalar_reduce(b) == le(int.from_bytes(b, "little") % L)


@SETTINGS
@given(st.binary(max_size=64))
def test_scalar_reduce_any_length_up_to_64(b: bytes) -> None:
    assert arith.scalar_reduce(b) == le(int.from_bytes(b, "little") % L)


def test_scalar_reduce_edges() -> None:
    for k in (0, 1, L - 1, L, L + 1, 2**256 - 1, 2**512 - 1):
        wide = k.to_bytes(64, "little")
        assert arith.scalar_reduce(wide) == bytes(nacl.crypto_core_ed25519_scalar_reduce(wide))
    with pytest.raises(ValueError, match="at most 64 bytes"):
        arith.scalar_reduce(bytes(65))


# -- multiplication ------------------------------------------------------------------------


@SETTINGS
@given(any_scalar)
def test_mul_base_is_libsodiums(k: int) -> None:
    if k >= L:
        with pytest.raises(ValueError, match="non-canonical scalar"):
            arith.mul_base(le(k))
        if k < 2**255:  # libsodium reduces what it is given (bit 255 is masked off)
            assert sodium_base(k) == arith.mul_base(le(k % L))
        return
    if k == 0:  # libsodium refuses; the extension (and the engine) answer the identity
        with pytest.raises(nacl_exceptions.RuntimeError):
            nacl.crypto_scalarmult_ed25519_base_noclamp(le(0))
        assert arith.mul_base(le(0)) == IDENTITY
        return
    assert arith.mul_base(le(k)) == bytes(nacl.crypto_scalarmult_ed25519_base_noclamp(le(k)))


@SETTINGS
@given(st.lists(scalars, max_size=8))
def test_mul_base_many(ks: list[int]) -> None:
    out = arith.mul_base_many(b"".join(le(k) for k in ks))
    assert out == b"".join(sodium_base(k) for k in ks)


@SETTINGS
@given(any_scalar, curve_points)
def test_mul_and_mul_vartime_are_libsodiums(k: int, p: bytes) -> None:
    if k >= L:
        for f in (arith.mul, arith.mul_vartime):
            with pytest.raises(ValueError, match="non-canonical scalar"):
                f(le(k), p)
        return
    got = arith.mul(le(k), p)
    assert arith.mul_vartime(le(k), p) == got
    assert arith.FixedBase(p).mul(le(k)) == got
    if nacl.crypto_core_ed25519_is_valid_point(p):
        assert got == sodium_mul(k, p)
        if k:
            assert got == bytes(nacl.crypto_scalarmult_ed25519_noclamp(le(k), p))
    else:
        # libsodium's multiplication refuses it; the group law on the whole curve decides.
        if p != IDENTITY and k:
            with pytest.raises(nacl_exceptions.RuntimeError):
                nacl.crypto_scalarmult_ed25519_noclamp(le(k), p)
        assert got == sodium_mul_any(k, p)


@SETTINGS
@given(curve_points, st.lists(any_scalar, max_size=6))
def test_fixed_base(p: bytes, ks: list[int]) -> None:
    table = arith.FixedBase(p)
    assert table.point == p
    data = b"".join(le(k) for k in ks)
    if any(k >= L for k in ks):
        with pytest.raises(ValueError, match="non-canonical scalar"):
            table.mul_many(data)
        return
    assert table.mul_many(data) == b"".join(sodium_mul_any(k, p) for k in ks)


@SETTINGS
@given(scalars | st.just(0), curve_points, scalars | st.just(0))
def test_double_mul_base_vartime(a: int, p: bytes, b: int) -> None:
    want = sodium_add(sodium_mul_any(a, p), sodium_base(b))
    assert arith.double_mul_base_vartime(le(a), p, le(b)) == want


@SETTINGS
@given(st.lists(st.tuples(scalars | st.just(0), curve_points), max_size=7))
def test_msm_vartime(terms: list[tuple[int, bytes]]) -> None:
    ks = b"".join(le(k) for k, _ in terms)
    ps = b"".join(p for _, p in terms)
    want = sodium_sum([sodium_mul_any(k, p) for k, p in terms])
    assert arith.msm_vartime(ks, ps) == want
    if terms:
        with pytest.raises(ValueError, match="as many scalars as points"):
            arith.msm_vartime(ks[32:], ps)


@SETTINGS
@given(
    st.lists(curve_points, min_size=1, max_size=5),
    st.lists(
        st.lists(
            # full scalars, and public weights of up to 65 bits (the extension switches to
            # double-and-add for rows whose scalars are below 2^64)
            st.tuples(st.integers(0, 5), scalars | st.just(0) | st.integers(0, 2**65)),
            max_size=4,
        ),
        max_size=6,
    ),
)
def test_combine_vartime(points: list[bytes], rows: list[list[tuple[int, int]]]) -> None:
    points = [G, *points]  # the base point's table is used when it is a term
    n = len(points)
    rows = [[(i % n, k) for i, k in row] for row in rows]
    got = arith.combine_vartime(
        b"".join(points),
        [i for row in rows for i, _ in row],
        b"".join(le(k) for row in rows for _, k in row),
        [len(row) for row in rows],
    )
    want = b"".join(sodium_sum([sodium_mul_any(k, points[i]) for i, k in row]) for row in rows)
    assert got == want


def test_combine_vartime_refuses_malformed_rows() -> None:
    with pytest.raises(ValueError, match="out of range"):
        arith.combine_vartime(G, [1], le(1), [1])
    with pytest.raises(ValueError, match="do not add up"):
        arith.combine_vartime(G, [0, 0], le(1) + le(2), [1])
    with pytest.raises(ValueError, match="as many terms as scalars"):
        arith.combine_vartime(G, [0, 0], le(1), [2])
    with pytest.raises(OverflowError):
        arith.combine_vartime(G, [-1], le(1), [1])


# -- the group law and sums -------------------------------------------------------------------


@SETTINGS
@given(curve_points, curve_points)
def test_add_sub_neg_are_libsodiums(p: bytes, q: bytes) -> None:
    assert arith.add(p, q) == sodium_add(p, q)
    assert arith.sub(p, q) == bytes(nacl.crypto_core_ed25519_sub(p, q))
    assert arith.neg(p) == bytes(nacl.crypto_core_ed25519_sub(IDENTITY, p))


@SETTINGS
@given(st.lists(curve_points, max_size=10))
def test_sum_points(points: list[bytes]) -> None:
    assert arith.sum_points(b"".join(points)) == sodium_sum(points)


@SETTINGS
@given(st.integers(1, 4), st.lists(curve_points, max_size=16), st.sampled_from([0, 1, 2, 5]))
def test_sum_columns(width: int, points: list[bytes], threads: int) -> None:
    points = points[: len(points) - len(points) % width]
    got = arith.sum_columns(b"".join(points), width, threads)
    want = b"".join(sodium_sum(points[c::width]) for c in range(width))
    assert got == want


def test_sum_columns_names_the_bad_point_and_refuses_ragged_input() -> None:
    good = [sodium_base(k) for k in range(1, 7)]
    bad = [*good[:4], le(P), good[5]]
    with pytest.raises(ValueError, match=r"row 2, column 0: non-canonical"):
        arith.sum_columns(b"".join(bad), 2)
    with pytest.raises(ValueError, match="whole number of rows"):
        arith.sum_columns(b"".join(good[:5]), 2)
    with pytest.raises(ValueError, match="at least one column"):
        arith.sum_columns(b"", 0)
    for huge in (2**64 - 1, 2**59, 2**63, 2**20 + 1):  # too many columns: refused, no abort
        with pytest.raises(ValueError, match="too long"):
            arith.sum_columns(b"".join(good), huge)
        with pytest.raises(ValueError, match="too long"):
            arith.sum_columns(b"", huge)
    with pytest.raises(OverflowError):
        arith.sum_columns(b"".join(good), 2**64)


def test_large_sums_run_on_threads_with_the_same_result() -> None:
    # 2 x 4,500 points: above the size where the extension splits the work across cores.
    points = [sodium_base(k) for k in range(1, 201)]
    data = b"".join(points) * 45
    want = arith.sum_columns(data, 2, 1)
    assert arith.sum_columns(data, 2) == want
    assert want == b"".join(sodium_mul(45, sodium_sum(points[c::2])) for c in range(2))
    assert arith.check_points(data) == 9000


@SETTINGS
@given(curve_points, curve_points, st.integers(0, 12))
def test_progression(start: bytes, step: bytes, count: int) -> None:
    got = arith.progression(start, step, count)
    want, q = [], start
    for _ in range(count):
        want.append(q)
        q = sodium_add(q, step)
    assert got == b"".join(want)


def test_progression_bounds() -> None:
    with pytest.raises(ValueError, match="at most"):
        arith.progression(IDENTITY, G, (1 << 21) + 1)


# -- fuzz: no input crashes the decoders -----------------------------------------------------

EXPECTED = (ValueError, TypeError, OverflowError)


def _call(f: Callable[..., object], *args: object) -> None:
    with contextlib.suppress(*EXPECTED):
        f(*args)


@settings(max_examples=400, deadline=None)
@given(
    st.binary(max_size=200),
    st.binary(max_size=100),
    st.integers(-3, 70) | st.integers(2**32, 2**64 + 1),
)
def test_fuzz_every_function_with_random_bytes(data: bytes, other: bytes, n: int) -> None:
    k = other[:32]
    _call(arith.is_valid_point, data)
    _call(arith.check_points, data)
    _call(arith.check_points, data, True, 2)
    _call(arith.scalar_is_canonical, data)
    _call(arith.scalar_reduce, data)
    _call(arith.mul_base, data)
    _call(arith.mul_base_many, data)
    _call(arith.mul, k, data)
    _call(arith.mul_vartime, k, data)
    _call(arith.double_mul_base_vartime, k, data, k)
    _call(arith.msm_vartime, other, data)
    _call(arith.combine_vartime, data, [n, 0], other, [1, 1])
    _call(arith.combine_vartime, data, list(range(max(n, 0) % 5)), other, [max(n, 0) % 5])
    _call(arith.add, data, other)
    _call(arith.sub, other, data)
    _call(arith.neg, data)
    _call(arith.sum_points, data)
    _call(arith.sum_columns, data, n)
    _call(arith.sum_columns, data, n, 2)
    _call(arith.progression, data[:32], other[:32], n % 5000 if n > 70 else n)
    _call(arith.FixedBase, data)


def test_fuzz_many_random_encodings_decode_or_refuse_cleanly() -> None:
    # 20,000 pseudo-random encodings through the batch checker and the strict decoder.
    stream = b"".join(hashlib.sha512(i.to_bytes(4, "big")).digest() for i in range(10_000))
    valid = 0
    for j in range(0, len(stream), 32):
        b = stream[j : j + 32]
        if arith.is_valid_point(b):
            valid += 1
            assert nacl.crypto_core_ed25519_is_valid_point(b)
        try:
            arith.neg(b)
            assert strictly_decodes(b)
        except ValueError:
            assert not strictly_decodes(b)
    assert 1000 < valid < 1500  # 20,000 × 1/2 on the curve × 1/8 of those in the subgroup
