"""An independent verifier written from docs/spec/crypto.md alone, run on the published vectors.

It shares no code with ``oylama.crypto`` (nor with ``tests/ristretto_reference.py``):
ristretto255 is implemented here in pure Python from RFC 9496 (slow but obviously correct),
and every check follows the numbered steps and the equations of the specification. Agreement
with the vectors shows that the specification is complete and exact enough for an auditor to
implement, and that the implementation follows it.
"""

# The names follow the specification's notation (G, H, L, O, A_j, B_j, ...), not PEP 8.
# ruff: noqa: N803, N806, E741, PLR0917

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

VECTORS = Path(__file__).resolve().parents[1] / "docs" / "spec" / "vectors"

# -- §2.1 group: ristretto255 over edwards25519 (RFC 9496 §4) ---------------------------------
p = 2**255 - 19
d = -121665 * pow(121666, -1, p) % p
L = 2**252 + 27742317777372353535851937790883648493
SQRT_M1 = pow(2, (p - 1) // 4, p)
INVSQRT_A_MINUS_D = 54469307008909316920995813868745141605393597292927456921205312896311721017578
SQRT_AD_MINUS_ONE = 25063068953384623474111414158702152701244531502492656460079210482610430750235
Pt = tuple[int, int, int, int]  # extended coordinates (X, Y, Z, T) of a representative
O: Pt = (0, 1, 1, 0)
IDENTITY = bytes(32)


class Reject(Exception):  # noqa: N818 -- reads better in the checks
    """The auditor rejects."""


def neg_(x: int) -> bool:  # RFC 9496 IS_NEGATIVE
    return (x % p) & 1 == 1


def abs_(x: int) -> int:
    return -x % p if neg_(x) else x % p


def sqrt_ratio_m1(u: int, v: int) -> tuple[bool, int]:
    r = u * pow(v, 3, p) * pow(u * pow(v, 7, p), (p - 5) // 8, p) % p
    check = v * r * r % p
    if check in ((-u) % p, (-u * SQRT_M1) % p):
        r = r * SQRT_M1 % p
    return check in (u % p, (-u) % p), abs_(r)


def decode(b: bytes) -> Pt:
    """RFC 9496 §4.3.1 (§2.2)."""
    if len(b) != 32:
        raise Reject("length")
    s = int.from_bytes(b, "little")
    if s >= p or neg_(s):
        raise Reject("non-canonical or negative")
    u1, u2 = (1 - s * s) % p, (1 + s * s) % p
    v = (-d * u1 * u1 - u2 * u2) % p
    ok, inv = sqrt_ratio_m1(1, v * u2 * u2 % p)
    den_x = inv * u2 % p
    x = abs_(2 * s * den_x)
    y = u1 * inv * den_x * v % p
    if not ok or neg_(x * y) or y == 0:
        raise Reject("not an element")
    return (x, y, 1, x * y % p)


def encode(q: Pt) -> bytes:
    """RFC 9496 §4.3.2."""
    X, Y, Z, T = q
    u1, u2 = (Z + Y) * (Z - Y) % p, X * Y % p
    _, inv = sqrt_ratio_m1(1, u1 * u2 * u2 % p)
    den1, den2 = inv * u1 % p, inv * u2 % p
    z_inv = den1 * den2 * T % p
    if neg_(T * z_inv):
        X, Y, den = Y * SQRT_M1 % p, X * SQRT_M1 % p, den1 * INVSQRT_A_MINUS_D % p
    else:
        den = den2
    if neg_(X * z_inv):
        Y = -Y % p
    return abs_(den * (Z - Y)).to_bytes(32, "little")


def add(a: Pt, b: Pt) -> Pt:
    A = (a[1] - a[0]) * (b[1] - b[0]) % p
    B = (a[1] + a[0]) * (b[1] + b[0]) % p
    C = 2 * d * a[3] * b[3] % p
    D = 2 * a[2] * b[2] % p
    E, F, G, H = B - A, D - C, D + C, B + A
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


def sub(a: Pt, b: Pt) -> Pt:
    return add(a, neg(b))


def eq(a: Pt, b: Pt) -> bool:
    return encode(a) == encode(b)


def one_way_map(t: int) -> Pt:
    """RFC 9496 §4.3.4's MAP."""
    r = SQRT_M1 * t * t % p
    u = (r + 1) * (1 - d * d) % p
    v = (-1 - r * d) * (r + d) % p
    ok, s = sqrt_ratio_m1(u, v)
    if not ok:
        s = -abs_(s * t) % p
    c = -1 if ok else r
    N = (c * (r - 1) * (d - 1) ** 2 - v) % p
    w0, w1, w2, w3 = 2 * s * v, N * SQRT_AD_MINUS_ONE, 1 - s * s, 1 + s * s
    return (w0 * w3 % p, w2 * w1 % p, w1 * w3 % p, w0 * w2 % p)


def from_uniform(b: bytes) -> Pt:
    low = (1 << 255) - 1
    r0 = (int.from_bytes(b[:32], "little") & low) % p
    r1 = (int.from_bytes(b[32:], "little") & low) % p
    return add(one_way_map(r0), one_way_map(r1))


G = decode(bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"))


def point(b: bytes, *, identity: bool = False) -> Pt:
    """§2.2: an element, not O unless the field allows the identity."""
    q = decode(b)
    if b == IDENTITY and not identity:
        raise Reject("identity not allowed")
    return q


def scalar(b: bytes) -> int:
    if len(b) != 32 or int.from_bytes(b, "little") >= L:
        raise Reject("non-canonical scalar")
    return int.from_bytes(b, "little")


def INT(v: int) -> bytes:  # noqa: N802 -- the specification's name
    return v.to_bytes(32, "little")


# -- §3 transcript --------------------------------------------------------------------------
def LP(x: bytes) -> bytes:  # noqa: N802
    return len(x).to_bytes(4, "big") + x


def Hc(tag: str, context: bytes, label: bytes, fields: list[Any]) -> int:  # noqa: N802
    t = LP(b"oylama/crypto/v2/" + tag.encode()) + LP(context) + LP(label)
    for f in fields:
        t += LP(encode(f) if isinstance(f, tuple) else f)
    return int.from_bytes(hashlib.sha512(t).digest(), "little") % L


def b64(s: str) -> bytes:
    return base64.b64decode(s, validate=True)


# -- §5–§8 verifiers: recompute c from the commitments, then every equation must hold ---------
def holds(terms: list[tuple[int, Pt]]) -> bool:
    """``Σ k·P = O`` (§3.3)."""
    acc = O
    for k, P in terms:
        acc = add(acc, mul(k, P))
    return eq(acc, O)


def require(terms: list[tuple[int, Pt]], what: str) -> None:
    if not holds(terms):
        raise Reject(what)


def check_schnorr(X: Pt, proof: dict[str, str], ctx: bytes, label: bytes) -> None:
    if set(proof) != {"commitment", "response"}:
        raise Reject("fields")
    A, z = point(b64(proof["commitment"]), identity=True), scalar(b64(proof["response"]))
    c = Hc("schnorr", ctx, label, [G, X, A])
    require([(z, G), (-c, X), (-1, A)], "schnorr")


def check_dleq(
    g1: Pt, h1: Pt, g2: Pt, h2: Pt, proof: dict[str, str], ctx: bytes, label: bytes
) -> None:
    if eq(g1, O):
        raise Reject("g1 = O")
    A1 = point(b64(proof["commitment1"]), identity=True)
    A2 = point(b64(proof["commitment2"]), identity=True)
    z = scalar(b64(proof["response"]))
    c = Hc("dleq", ctx, label, [g1, h1, g2, h2, A1, A2])
    require([(z, g1), (-c, h1), (-1, A1)], "dleq 1")
    require([(z, g2), (-c, h2), (-1, A2)], "dleq 2")


def branches(
    H: Pt, alpha: Pt, beta: Pt, values: list[int], cs: list[int], zs: list[int], AB: list[Pt]
) -> None:
    """§7's equations of each branch j: z_j·G - c_j·alpha - A_j = O and
    z_j·H - c_j·beta + (c_j·v_j)·G - B_j = O."""
    for j, v in enumerate(values):
        require([(zs[j], G), (-cs[j], alpha), (-1, AB[2 * j])], f"A_{j}")
        require([(zs[j], H), (-cs[j], beta), (cs[j] * v, G), (-1, AB[2 * j + 1])], f"B_{j}")


def check_one_of(
    H: Pt,
    ct: dict[str, str],
    values: list[int],
    proof: dict[str, list[str]],
    ctx: bytes,
    label: bytes,
) -> None:
    if not 1 <= len(values) <= 64 or values != sorted(set(values)) or values[-1] > 2**62:
        raise Reject("values")
    k1 = len(values)
    if (len(proof["commitments"]), len(proof["challenges"]), len(proof["responses"])) != (
        2 * k1,
        k1 - 1,
        k1,
    ):
        raise Reject("lengths")
    AB = [point(b64(x), identity=True) for x in proof["commitments"]]
    cs = [scalar(b64(x)) for x in proof["challenges"]]
    zs = [scalar(b64(x)) for x in proof["responses"]]
    alpha, beta = point(b64(ct["alpha"])), point(b64(ct["beta"]))
    c = Hc("one-of", ctx, label, [H, alpha, beta, INT(k1), *(INT(v) for v in values), *AB])
    cs.append((c - sum(cs)) % L)
    branches(H, alpha, beta, values, cs, zs, AB)


def check_table(
    H: Pt,
    cts: list[dict[str, str]],
    rows: list[list[int]],
    proof: dict[str, Any],
    ctx: bytes,
    label: bytes,
) -> None:
    m, n = len(cts), len(rows)
    if m < 1 or not 1 <= n <= 64 or m * n > 256:
        raise Reject("table shape")
    if any(len(r) != m or not all(0 <= v <= 2**62 for v in r) for r in rows):
        raise Reject("table rows")
    if any(not rows[j] < rows[j + 1] for j in range(n - 1)):
        raise Reject("table order")
    if len(proof["commitments"]) != n or len(proof["challenges"]) != n - 1:
        raise Reject("lengths")
    if len(proof["responses"]) != n or any(len(r) != m for r in proof["responses"]):
        raise Reject("lengths")
    if any(len(r) != 2 * m for r in proof["commitments"]):
        raise Reject("lengths")
    AB = [[point(b64(q), identity=True) for q in r] for r in proof["commitments"]]
    cs = [scalar(b64(c)) for c in proof["challenges"]]
    zs = [[scalar(b64(z)) for z in r] for r in proof["responses"]]
    pts = [(point(b64(c["alpha"])), point(b64(c["beta"]))) for c in cts]
    fields: list[Any] = [H, INT(m)]
    for a, b in pts:
        fields += [a, b]
    fields += [INT(n), *(INT(v) for r in rows for v in r), *(q for r in AB for q in r)]
    c = Hc("table", ctx, label, fields)
    cs.append((c - sum(cs)) % L)
    for j in range(n):
        for i, (a, b) in enumerate(pts):
            branches(H, a, b, [rows[j][i]], [cs[j]], [zs[j][i]], AB[j][2 * i : 2 * i + 2])


def weights(a: int, b: int) -> list[int]:
    B = b - a
    n = B.bit_length()
    return [2**i for i in range(n - 1)] + [B - 2 ** (n - 1) + 1]


def check_range(
    H: Pt,
    ct: dict[str, str],
    a: int,
    b: int,
    proof: dict[str, Any],
    ctx: bytes,
    label: bytes,
) -> None:
    if not 0 <= a < b <= 2**62:
        raise Reject("bounds")
    w = weights(a, b)
    n = len(w)
    if set(proof) != {"bits"} or len(proof["bits"]) != n:
        raise Reject("bit count")
    alpha = point(b64(ct["alpha"]), identity=True)
    beta = point(b64(ct["beta"]), identity=True)
    bits = [
        (point(b64(x["ciphertext"]["alpha"])), point(b64(x["ciphertext"]["beta"])))
        for x in proof["bits"]
    ]
    AB = []
    for x in proof["bits"]:
        if len(x["commitments"]) != 4:
            raise Reject("commitments")
        AB.append([point(b64(q), identity=True) for q in x["commitments"]])
    fields: list[Any] = [H, alpha, beta, INT(a), INT(b), INT(n)]
    for (ai, bi), ab in zip(bits, AB, strict=True):
        fields += [ai, bi, *ab]
    c = Hc("range", ctx, label, fields)
    require([*((wi, ai) for wi, (ai, _) in zip(w, bits, strict=True)), (-1, alpha)], "alpha")
    require([*((wi, bi) for wi, (_, bi) in zip(w, bits, strict=True)), (a, G), (-1, beta)], "beta")
    for (ai, bi), ab, x in zip(bits, AB, proof["bits"], strict=True):
        c0, z0, z1 = (scalar(b64(x[k])) for k in ("challenge0", "response0", "response1"))
        branches(H, ai, bi, [0, 1], [c0, (c - c0) % L], [z0, z1], ab)


# -- the vectors ----------------------------------------------------------------------------
def load(name: str) -> dict[str, Any]:
    path = VECTORS / name
    if not path.exists():
        pytest.skip(f"{path} absent")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def x(s: str) -> bytes:
    return bytes.fromhex(s)


def test_auditor_group() -> None:
    v = load("crypto-group.json")
    assert int(v["L"]) == L and x(v["generator"]) == encode(G) and x(v["identity"]) == encode(O)
    for case in v["base_mul"]:
        assert encode(mul(scalar(x(case["k"])), G)) == x(case["kG"])
    for case in v["add"]:
        P_, Q = point(x(case["p"])), point(x(case["q"]))
        assert encode(add(P_, Q)) == x(case["p_plus_q"])
        assert encode(sub(P_, Q)) == x(case["p_minus_q"])
        assert encode(sub(P_, P_)) == x(case["p_minus_p"])
    for case in v["hash_to_point"]:  # §2.4
        uniform = hashlib.sha512(
            LP(b"oylama/crypto/v2/hash-to-point") + LP(x(case["tag"])) + LP(x(case["message"]))
        ).digest()
        assert uniform == x(case["uniform_bytes"])
        assert encode(from_uniform(uniform)) == x(case["point"])
    assert x(v["pedersen_h"]) == x(v["hash_to_point"][0]["point"])
    for case in v["invalid_points"]:
        with pytest.raises(Reject):
            point(x(case["encoding"]))
        if x(case["encoding"]) != IDENTITY:
            with pytest.raises(Reject):
                point(x(case["encoding"]), identity=True)
    for k in (1, 2, 3):  # RFC 9496 A.1
        assert encode(mul(k, G)) == encode(add(mul(k - 1, G), G))
    for case in v["invalid_scalars"]:
        with pytest.raises(Reject):
            scalar(x(case["encoding"]))


def test_auditor_transcripts() -> None:
    for case in load("crypto-transcript.json")["vectors"]:
        t = LP(b"oylama/crypto/v2/" + case["tag"].encode()) + LP(x(case["context"]))
        t += LP(x(case["label"])) + b"".join(LP(x(f)) for f in case["fields"])
        assert t == x(case["transcript"])
        c = int.from_bytes(hashlib.sha512(t).digest(), "little") % L
        assert INT(c) == x(case["challenge"])


def test_auditor_elgamal() -> None:
    v = load("crypto-elgamal.json")
    s = scalar(x(v["secret"]))
    H = point(x(v["public"]))
    assert eq(mul(s, G), H)
    for case in v["encryptions"]:
        r = scalar(x(case["r"]))
        alpha, beta = (
            point(b64(case["ciphertext"]["alpha"])),
            point(b64(case["ciphertext"]["beta"])),
        )
        assert eq(alpha, mul(r, G)) and eq(beta, add(mul(case["m"], G), mul(r, H)))
        assert encode(sub(beta, mul(s, alpha))) == x(case["decrypted_point"])


def _check(case: dict[str, Any], H: Pt, ctx: bytes, label: bytes) -> None:
    st = case["statement"]
    if case["type"] == "schnorr":
        check_schnorr(point(x(st["public"])), case["proof"], ctx, label)
    elif case["type"] == "one-of":
        check_one_of(H, st["ciphertext"], st["values"], case["proof"], ctx, label)
    elif case["type"] == "range":
        check_range(H, st["ciphertext"], st["a"], st["b"], case["proof"], ctx, label)
    elif case["type"] == "dleq":
        check_dleq(
            point(x(st["g1"])),
            point(x(st["h1"])),
            point(x(st["g2"]), identity=True),
            point(x(st["h2"]), identity=True),
            case["proof"],
            ctx,
            label,
        )
    elif case["type"] == "table":
        check_table(H, st["ciphertexts"], st["rows"], case["proof"], ctx, label)
    else:
        raise AssertionError(case["type"])


def test_auditor_proofs() -> None:
    v = load("crypto-proofs.json")
    ctx, H = x(v["context"]), point(x(v["public"]))
    for case in v["vectors"]:
        label = x(case["label"])
        _check(case, H, ctx, label)  # accepted
        with pytest.raises(Reject):
            _check(case, H, ctx, label + b"?")
        with pytest.raises(Reject):
            _check(case, H, bytes(32), label)
