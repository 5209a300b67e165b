"""The native arithmetic extension (oylama_arith) against libsodium, operation by operation.

Every function the extension exposes is compared with libsodium's ristretto255 functions
(``crypto_core_ristretto255_*``, ``crypto_scalarmult_ristretto255*``, called here through a
few lines of ctypes of this test's own) and with the pure-Python reference of RFC 9496
(``tests/ristretto_reference.py``), on random and edge inputs: the identity, elements,
non-canonical encodings (``s >= p``, bit 255 set), negative (odd) ``s``, even ``s`` of no
element, random bytes, scalars ``>= L`` and the zero scalar. Where the extension and libsodium
are *meant* to differ the test states the difference exactly:

* libsodium refuses the zero scalar and a product that is the identity in multiplication; the
  extension returns the identity (the engine answers these cases itself on both backends);
* libsodium 1.0.18 (Debian 12) accepts an encoding with bit 255 set, as the element of its low
  255 bits; RFC 9496 and the extension refuse it (and so does oylama's own libsodium wrapper,
  tested in ``test_crypto_backend.py``);
* the extension takes canonical scalars only (``< L``): ``scalar_reduce`` first.

The decoders are also fuzzed with random bytes of every length: nothing may raise anything but
``ValueError``/``TypeError``/``OverflowError`` (a Rust panic would surface as
``pyo3_runtime.PanicException``, a ``BaseException``).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ristretto_reference as ref

if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    import oylama_arith as arith  # CI builds the extension: a missing one is a failure
else:
    arith = pytest.importorskip("oylama_arith")

ROOT = Path(__file__).resolve().parents[1]
L = ref.L
P = ref.p
IDENTITY = bytes(32)
G = ref.G_BYTES


class Sodium:
    """libsodium's ristretto255 functions, raw: what the library itself answers."""

    def __init__(self) -> None:
        from oylama.crypto._libsodium import load  # noqa: PLC0415 (the library's location only)

        lib = ctypes.CDLL(load().path)
        self.lib = lib
        lib.sodium_init()

    def _out(self, f: Callable[..., int], *args: bytes) -> bytes | None:
        out = ctypes.create_string_buffer(32)
        return out.raw if f(out, *args) == 0 else None

    def is_valid(self, p: bytes) -> bool:
        return len(p) == 32 and self.lib.crypto_core_ristretto255_is_valid_point(p) == 1

    def add(self, p: bytes, q: bytes) -> bytes | None:
        return self._out(self.lib.crypto_core_ristretto255_add, p, q)

    def sub(self, p: bytes, q: bytes) -> bytes | None:
        return self._out(self.lib.crypto_core_ristretto255_sub, p, q)

    def mul(self, k: int, p: bytes) -> bytes | None:
        return self._out(self.lib.crypto_scalarmult_ristretto255, le(k), p)

    def base(self, k: int) -> bytes | None:
        return self._out(self.lib.crypto_scalarmult_ristretto255_base, le(k))

    def from_hash(self, h: bytes) -> bytes:
        out = ctypes.create_string_buffer(32)
        self.lib.crypto_core_ristretto255_from_hash(out, h)
        return out.raw

    def reduce(self, wide: bytes) -> bytes:
        out = ctypes.create_string_buffer(32)
        self.lib.crypto_core_ristretto255_scalar_reduce(out, wide)
        return out.raw


sodium = Sodium()


def le(k: int) -> bytes:
    return k.to_bytes(32, "little")


def valid(b: bytes) -> bool:
    """RFC 9496's decoding (the reference), which the extension must follow exactly."""
    return ref.decode(b) is not None


def mul_ok(k: int, p: bytes) -> bytes:
    """``k·P`` where libsodium answers (``k != 0``, ``P != O``), else the identity."""
    k %= L
    if k == 0 or p == IDENTITY:
        return IDENTITY
    out = sodium.mul(k, p)
    assert out is not None
    return out


def base_ok(k: int) -> bytes:
    k %= L
    if k == 0:
        return IDENTITY
    out = sodium.base(k)
    assert out is not None
    return out


def add_ok(p: bytes, q: bytes) -> bytes:
    out = sodium.add(p, q)
    assert out is not None
    return out


def total(points: list[bytes]) -> bytes:
    acc = IDENTITY
    for p in points:
        acc = add_ok(acc, p)
    return acc


# -- inputs --------------------------------------------------------------------------------------

scalars = st.one_of(
    st.integers(1, L - 1),
    st.sampled_from([1, 2, 7, 8, L - 1, L - 8, 2**252, 2**128 + 1]),
)
any_scalar = st.one_of(
    st.integers(0, 2**256 - 1),
    st.sampled_from([0, 1, L - 1, L, L + 1, 2 * L, 2**252, 2**255 - 1, 2**255, 2**256 - 1]),
)
elements = st.one_of(scalars.map(base_ok), st.just(IDENTITY))
non_canonical = st.one_of(
    st.integers(P, 2**255 - 1).map(le),
    # bit 255 set on an element's encoding: libsodium 1.0.18 takes it, RFC 9496 refuses it
    elements.map(lambda b: b[:31] + bytes([b[31] | 0x80])),
)
negative = elements.filter(lambda b: b != IDENTITY).map(
    lambda b: le(P - int.from_bytes(b, "little"))
)
no_element = st.integers(1, 2**253).map(lambda s: le(2 * s)).filter(lambda b: not valid(b))
any_encoding = st.one_of(
    elements, non_canonical, negative, no_element, st.binary(min_size=32, max_size=32)
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def test_the_constants() -> None:
    assert arith.IDENTITY == IDENTITY
    assert arith.BASE_POINT == G == base_ok(1)


# -- validation ------------------------------------------------------------------------------


@SETTINGS
@given(any_encoding)
def test_is_valid_is_rfc_9496_and_libsodiums(b: bytes) -> None:
    assert arith.is_valid(b) == valid(b)
    if b[31] < 0x80:
        assert arith.is_valid(b) == sodium.is_valid(b)
    else:  # the one difference: libsodium 1.0.18 reads the low 255 bits
        assert not arith.is_valid(b)
        assert sodium.is_valid(b) in (False, valid(b[:31] + bytes([b[31] & 0x7F])))


def test_libsodium_1_0_18_accepts_bit_255_which_the_extension_refuses() -> None:
    flipped = G[:31] + bytes([G[31] | 0x80])
    assert not valid(flipped) and not arith.is_valid(flipped)
    if sodium.is_valid(flipped):  # libsodium < 1.0.19
        assert sodium.add(flipped, IDENTITY) == G


def test_spec_invalid_points_are_refused() -> None:
    vectors = json.loads((ROOT / "docs/spec/vectors/crypto-group.json").read_text())
    for v in vectors["invalid_points"]:
        b = bytes.fromhex(v["encoding"])
        if b == IDENTITY:  # refused only where the identity is not allowed
            with pytest.raises(ValueError, match="identity"):
                arith.check_points(b)
            assert arith.check_points(b, allow_identity=True) == 1
            continue
        assert not valid(b), v["reason"]
        assert not arith.is_valid(b), v["reason"]
        with pytest.raises(ValueError):
            arith.check_points(b, allow_identity=True)


@SETTINGS
@given(st.lists(any_encoding, max_size=12), st.booleans())
def test_check_points_is_is_valid_on_each(points: list[bytes], allow_identity: bool) -> None:
    def ok(b: bytes) -> bool:
        return valid(b) and (allow_identity or b != IDENTITY)

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
def test_every_function_decodes_strictly(b: bytes) -> None:
    """Every arithmetic function decodes as ``is_valid``: here ``neg`` and ``add`` stand for
    all (the fuzz test below calls every one)."""
    if valid(b):
        assert arith.neg(arith.neg(b)) == b
        assert arith.add(b, IDENTITY) == b
    else:
        with pytest.raises(ValueError):
            arith.neg(b)
        with pytest.raises(ValueError):
            arith.add(G, b)


# -- element derivation -------------------------------------------------------------------------


@SETTINGS
@given(st.binary(min_size=64, max_size=64))
def test_from_uniform_bytes_is_libsodiums_from_hash(h: bytes) -> None:
    got = arith.from_uniform_bytes(h)
    assert got == sodium.from_hash(h) == ref.from_uniform_bytes(h)
    assert arith.from_uniform_bytes_many(h + h[::-1]) == got + arith.from_uniform_bytes(h[::-1])


def test_from_uniform_bytes_refuses_other_lengths() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        arith.from_uniform_bytes(bytes(63))
    with pytest.raises(ValueError, match="64-byte blocks"):
        arith.from_uniform_bytes_many(bytes(65))
    assert arith.from_uniform_bytes_many(b"") == b""


def test_rfc_9496_element_derivation_vector() -> None:
    # RFC 9496 Appendix A.3: these two inputs map to the same element.
    a = bytes(31) + b"\x80" + b"\xff" * 31 + b"\x7f"
    b = bytes(32) + b"\x12" + bytes(30) + b"\x80"
    want = bytes.fromhex("304282791023b73128d277bdcb5c7746ef2eac08dde9f2983379cb8e5ef0517f")
    assert arith.from_uniform_bytes(a) == arith.from_uniform_bytes(b) == want


# -- scalars ---------------------------------------------------------------------------------


@SETTINGS
@given(any_scalar)
def test_scalar_is_canonical(k: int) -> None:
    assert arith.scalar_is_canonical(le(k)) == (k < L)


@SETTINGS
@given(st.binary(min_size=64, max_size=64))
def test_scalar_reduce_wide_is_libsodiums(b: bytes) -> None:
    assert arith.scalar_reduce(b) == sodium.reduce(b) == le(int.from_bytes(b, "little") % L)


@SETTINGS
@given(st.binary(max_size=64))
def test_scalar_reduce_any_length_up_to_64(b: bytes) -> None:
    assert arith.scalar_reduce(b) == le(int.from_bytes(b, "little") % L)


def test_scalar_reduce_edges() -> None:
    for k in (0, 1, L - 1, L, L + 1, 2**256 - 1, 2**512 - 1):
        wide = k.to_bytes(64, "little")
        assert arith.scalar_reduce(wide) == sodium.reduce(wide)
    with pytest.raises(ValueError, match="at most 64 bytes"):
        arith.scalar_reduce(bytes(65))


# -- multiplication ------------------------------------------------------------------------


@SETTINGS
@given(any_scalar)
def test_mul_base_is_libsodiums(k: int) -> None:
    if k >= L:
        with pytest.raises(ValueError, match="non-canonical scalar"):
            arith.mul_base(le(k))
        return
    if k == 0:  # libsodium refuses; the extension (and the engine) answer the identity
        assert sodium.base(0) is None
        assert arith.mul_base(le(0)) == IDENTITY
        return
    assert arith.mul_base(le(k)) == sodium.base(k) == ref.encode(ref.mul(k, ref.G))


@SETTINGS
@given(st.lists(scalars, max_size=8))
def test_mul_base_many(ks: list[int]) -> None:
    out = arith.mul_base_many(b"".join(le(k) for k in ks))
    assert out == b"".join(base_ok(k) for k in ks)


@SETTINGS
@given(any_scalar, elements)
def test_mul_and_mul_vartime_are_libsodiums(k: int, p: bytes) -> None:
    if k >= L:
        for f in (arith.mul, arith.mul_vartime):
            with pytest.raises(ValueError, match="non-canonical scalar"):
                f(le(k), p)
        return
    got = arith.mul(le(k), p)
    assert arith.mul_vartime(le(k), p) == got
    assert arith.FixedBase(p).mul(le(k)) == got
    assert got == mul_ok(k, p)
    if k == 0 or p == IDENTITY:  # libsodium refuses a product that is the identity
        assert sodium.mul(k, p) is None


@SETTINGS
@given(any_scalar, any_encoding)
def test_multiplication_refuses_what_decoding_refuses(k: int, p: bytes) -> None:
    if valid(p) or k >= L:
        return
    for f in (arith.mul, arith.mul_vartime):
        with pytest.raises(ValueError):
            f(le(k), p)
    if p[31] < 0x80:
        assert sodium.mul(k or 1, p) is None


@SETTINGS
@given(elements, st.lists(any_scalar, max_size=6))
def test_fixed_base(p: bytes, ks: list[int]) -> None:
    table = arith.FixedBase(p)
    assert table.point == p
    data = b"".join(le(k) for k in ks)
    if any(k >= L for k in ks):
        with pytest.raises(ValueError, match="non-canonical scalar"):
            table.mul_many(data)
        return
    assert table.mul_many(data) == b"".join(mul_ok(k, p) for k in ks)


@SETTINGS
@given(scalars | st.just(0), elements, scalars | st.just(0))
def test_double_mul_base_vartime(a: int, p: bytes, b: int) -> None:
    want = add_ok(mul_ok(a, p), base_ok(b))
    assert arith.double_mul_base_vartime(le(a), p, le(b)) == want


@SETTINGS
@given(st.lists(st.tuples(scalars | st.just(0), elements), max_size=7))
def test_msm_vartime(terms: list[tuple[int, bytes]]) -> None:
    ks = b"".join(le(k) for k, _ in terms)
    ps = b"".join(p for _, p in terms)
    assert arith.msm_vartime(ks, ps) == total([mul_ok(k, p) for k, p in terms])
    if terms:
        with pytest.raises(ValueError, match="as many scalars as points"):
            arith.msm_vartime(ks[32:], ps)


@SETTINGS
@given(st.lists(elements, min_size=1, max_size=4), st.integers(0, 3), any_encoding)
def test_msm_vartime_refuses_any_encoding_of_no_element(
    points: list[bytes], at: int, bad: bytes
) -> None:
    if valid(bad):
        return
    points.insert(at % (len(points) + 1), bad)
    with pytest.raises(ValueError):
        arith.msm_vartime(le(0) * len(points), b"".join(points))


@SETTINGS
@given(
    st.lists(elements, min_size=1, max_size=5),
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
    want = b"".join(total([mul_ok(k, points[i]) for i, k in row]) for row in rows)
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
@given(elements, elements)
def test_add_sub_neg_are_libsodiums(p: bytes, q: bytes) -> None:
    assert arith.add(p, q) == sodium.add(p, q)
    assert arith.sub(p, q) == sodium.sub(p, q)
    assert arith.neg(p) == sodium.sub(IDENTITY, p)


@SETTINGS
@given(st.lists(elements, max_size=10))
def test_sum_points(points: list[bytes]) -> None:
    assert arith.sum_points(b"".join(points)) == total(points)


@SETTINGS
@given(st.integers(1, 4), st.lists(elements, max_size=16), st.sampled_from([0, 1, 2, 5]))
def test_sum_columns(width: int, points: list[bytes], threads: int) -> None:
    points = points[: len(points) - len(points) % width]
    got = arith.sum_columns(b"".join(points), width, threads)
    want = b"".join(total(points[c::width]) for c in range(width))
    assert got == want


def test_sum_columns_names_the_bad_point_and_refuses_ragged_input() -> None:
    good = [base_ok(k) for k in range(1, 7)]
    bad = [*good[:4], le(P), good[5]]
    with pytest.raises(ValueError, match=r"row 2, column 0: not the encoding"):
        arith.sum_columns(b"".join(bad), 2)
    with_identity = [*good[:3], IDENTITY, *good[4:]]
    assert arith.sum_columns(b"".join(with_identity), 2) == b"".join(
        total(with_identity[c::2]) for c in range(2)
    )
    with pytest.raises(ValueError, match=r"row 1, column 1: the identity"):
        arith.sum_columns(b"".join(with_identity), 2, 1, False)
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
    # 2 x 4,500 elements: above the size where the extension splits the work across cores.
    points = [base_ok(k) for k in range(1, 201)]
    data = b"".join(points) * 45
    want = arith.sum_columns(data, 2, 1)
    assert arith.sum_columns(data, 2) == want
    assert want == b"".join(mul_ok(45, total(points[c::2])) for c in range(2))
    assert arith.check_points(data) == 9000


@SETTINGS
@given(elements, elements, st.integers(0, 12))
def test_progression(start: bytes, step: bytes, count: int) -> None:
    got = arith.progression(start, step, count)
    want, q = [], start
    for _ in range(count):
        want.append(q)
        q = add_ok(q, step)
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
    _call(arith.is_valid, data)
    _call(arith.check_points, data)
    _call(arith.check_points, data, True, 2)
    _call(arith.from_uniform_bytes, data)
    _call(arith.from_uniform_bytes_many, data)
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
    _call(arith.progression, data[:32], other[:32], n)
    _call(arith.FixedBase, data)
