"""ristretto255 in pure Python, from RFC 9496 alone: the tests' reference for the group.

Slow and obviously correct (integers modulo ``p``, the RFC's formulas step by step), and shared
with no backend: the group tests compare both backends with it, and the differential test of
the native extension uses it beside libsodium. (``test_crypto_auditor.py`` keeps its own copy,
so that the independent verifier there stays a single self-contained file.)
"""

# The names follow RFC 9496's notation.
# ruff: noqa: N806, E741

from __future__ import annotations

p = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, -1, p) % p
SQRT_M1 = pow(2, (p - 1) // 4, p)

#: A point in extended coordinates ``(X, Y, Z, T)`` of edwards25519 (``a = -1``).
Pt = tuple[int, int, int, int]
O: Pt = (0, 1, 1, 0)


def is_negative(x: int) -> bool:
    return (x % p) & 1 == 1


def ct_abs(x: int) -> int:
    return -x % p if is_negative(x) else x % p


def sqrt_ratio_m1(u: int, v: int) -> tuple[bool, int]:
    """RFC 9496 §4.2: ``(was_square, r)`` with ``r = sqrt(u/v)`` or ``sqrt(i·u/v)``."""
    r = (u * pow(v, 3, p)) * pow(u * pow(v, 7, p), (p - 5) // 8, p) % p
    check = v * r * r % p
    correct = check == u % p
    flipped = check == -u % p
    flipped_i = check == (-u * SQRT_M1) % p
    if flipped or flipped_i:
        r = r * SQRT_M1 % p
    return correct or flipped, ct_abs(r)


# RFC 9496 §4.1's constants (a square root has two values; these are the RFC's).
INVSQRT_A_MINUS_D = 54469307008909316920995813868745141605393597292927456921205312896311721017578
SQRT_AD_MINUS_ONE = 25063068953384623474111414158702152701244531502492656460079210482610430750235
assert INVSQRT_A_MINUS_D**2 * (-1 - D) % p == 1
assert SQRT_AD_MINUS_ONE**2 % p == (-D - 1) % p
ONE_MINUS_D_SQ = (1 - D * D) % p
D_MINUS_ONE_SQ = (D - 1) ** 2 % p


def decode(b: bytes) -> Pt | None:
    """RFC 9496 §4.3.1; ``None`` for a string that is not the encoding of an element."""
    if len(b) != 32:
        return None
    s = int.from_bytes(b, "little")
    if s >= p or is_negative(s):
        return None
    ss = s * s % p
    u1, u2 = (1 - ss) % p, (1 + ss) % p
    u2_sqr = u2 * u2 % p
    v = (-(D * u1 * u1) - u2_sqr) % p
    was_square, invsqrt = sqrt_ratio_m1(1, v * u2_sqr % p)
    den_x = invsqrt * u2 % p
    den_y = invsqrt * den_x * v % p
    x = ct_abs(2 * s * den_x)
    y = u1 * den_y % p
    t = x * y % p
    if not was_square or is_negative(t) or y == 0:
        return None
    return (x, y, 1, t)


def encode(q: Pt) -> bytes:
    """RFC 9496 §4.3.2."""
    x0, y0, z0, t0 = q
    u1 = (z0 + y0) * (z0 - y0) % p
    u2 = x0 * y0 % p
    _, invsqrt = sqrt_ratio_m1(1, u1 * u2 * u2 % p)
    den1 = invsqrt * u1 % p
    den2 = invsqrt * u2 % p
    z_inv = den1 * den2 * t0 % p
    ix0, iy0 = x0 * SQRT_M1 % p, y0 * SQRT_M1 % p
    enchanted = den1 * INVSQRT_A_MINUS_D % p
    rotate = is_negative(t0 * z_inv)
    x, y = (iy0, ix0) if rotate else (x0, y0)
    den_inv = enchanted if rotate else den2
    if is_negative(x * z_inv):
        y = -y % p
    s = ct_abs(den_inv * (z0 - y))
    return s.to_bytes(32, "little")


def add(a: Pt, b: Pt) -> Pt:
    A = (a[1] - a[0]) * (b[1] - b[0]) % p
    B = (a[1] + a[0]) * (b[1] + b[0]) % p
    C = 2 * D * a[3] * b[3] % p
    D2 = 2 * a[2] * b[2] % p
    E, F, G, H = B - A, D2 - C, D2 + C, B + A
    return (E * F % p, G * H % p, F * G % p, E * H % p)


def neg(a: Pt) -> Pt:
    return (-a[0] % p, a[1], a[2], -a[3] % p)


def mul(k: int, a: Pt) -> Pt:
    acc = O
    for bit in bin(k % L)[2:]:
        acc = add(acc, acc)
        if bit == "1":
            acc = add(acc, a)
    return acc


def _map(t: int) -> Pt:
    """RFC 9496 §4.3.4's MAP."""
    r = SQRT_M1 * t * t % p
    u = (r + 1) * ONE_MINUS_D_SQ % p
    v = (-1 - r * D) * (r + D) % p
    was_square, s = sqrt_ratio_m1(u, v)
    s_prime = -ct_abs(s * t) % p
    s = s if was_square else s_prime
    c = -1 if was_square else r
    n = (c * (r - 1) * D_MINUS_ONE_SQ - v) % p
    w0 = 2 * s * v % p
    w1 = n * SQRT_AD_MINUS_ONE % p
    w2 = (1 - s * s) % p
    w3 = (1 + s * s) % p
    return (w0 * w3 % p, w2 * w1 % p, w1 * w3 % p, w0 * w2 % p)


def from_uniform_bytes(b: bytes) -> bytes:
    """RFC 9496 §4.3.4 element derivation of 64 bytes; the encoding."""
    assert len(b) == 64
    mask = (1 << 255) - 1
    r0 = (int.from_bytes(b[:32], "little") & mask) % p
    r1 = (int.from_bytes(b[32:], "little") & mask) % p
    return encode(add(_map(r0), _map(r1)))


G_BYTES = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")
G = decode(G_BYTES)
assert G is not None
