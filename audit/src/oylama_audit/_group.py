"""The ristretto255 group (crypto.md §2), Fiat–Shamir challenges (§3.1) and equations (§3.3).

Points are plain 32-byte encodings (RFC 9496 §4.3.2); every string that decodes is an element,
so validity is one decoding, and the identity ``O`` (32 zero bytes) is refused or allowed per
field (crypto §2.2) by :func:`check_point`. libsodium refuses the zero scalar and a product that
is the identity, yet sums of ciphertexts may cancel to ``O``: the identity and the zero scalar
are handled here, before any backend is called.

Backends (``--backend``, :func:`use_backend`): ``sodium`` uses libsodium only
(:mod:`oylama_audit._libsodium`, the operating system's library), for an auditor who trusts
nothing else. ``native`` uses ``oylama_arith``, a generic ristretto255 extension
(curve25519-dalek) that the engine also calls, as both call libsodium; it holds no protocol.
The default is ``$OYLAMA_CRYPTO_BACKEND`` if set, else ``native`` when it is installed.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import secrets
from collections.abc import Iterable, Sequence
from types import ModuleType

from oylama_audit._errors import AuditError, EncodingError, ProofError
from oylama_audit._libsodium import Sodium

L = 2**252 + 27742317777372353535851937790883648493

G = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")
IDENTITY = bytes(32)

_TAG_PREFIX = b"oylama/crypto/v2/"


# -- backend ------------------------------------------------------------------------------------

BACKENDS = ("native", "sodium")

_arith: ModuleType | None = None
_sodium: Sodium | None = None


def use_backend(name: str) -> None:
    """Select ``native`` or ``sodium`` for this process (workers are told the same)."""
    global _arith, _sodium  # noqa: PLW0603 (the process's one choice)
    if name not in BACKENDS:
        raise AuditError(f"backend must be one of {', '.join(BACKENDS)}, not {name!r}")
    if name == "sodium":
        _sodium = Sodium()
        _arith = None
        return
    try:
        module = importlib.import_module("oylama_arith")
    except ImportError:
        module = None
    if module is None or not hasattr(module, "from_uniform_bytes"):
        raise AuditError(
            "the native backend needs the oylama_arith extension, a ristretto255 build "
            "(`pip install ./arith`, which needs cargo); --backend sodium uses libsodium only"
        )
    _arith = module


def backend() -> str:
    """The backend in use: ``native`` or ``sodium``."""
    return "native" if _arith is not None else "sodium"


def default_backend() -> str:
    """``$OYLAMA_CRYPTO_BACKEND`` if set, else ``native`` when importable, else ``sodium``."""
    wanted = os.environ.get("OYLAMA_CRYPTO_BACKEND", "").strip().lower()
    if wanted:
        return wanted
    return "native" if importlib.util.find_spec("oylama_arith") is not None else "sodium"


def _lib() -> Sodium:
    global _sodium  # noqa: PLW0603 (loaded once, on first use)
    if _sodium is None:
        _sodium = Sodium()
    return _sodium


# -- integers and scalars (crypto §2.3) --------------------------------------------------------


def u32be(n: int) -> bytes:
    return n.to_bytes(4, "big")


def lp(data: bytes) -> bytes:
    """``LP(x) = u32be(len(x)) || x``: length prefixes make every field list injective."""
    return u32be(len(data)) + data


def scalar_bytes(k: int) -> bytes:
    """The 32-byte little-endian encoding of ``k mod L`` (also ``INT(v)`` for ``0 <= v < L``)."""
    return (k % L).to_bytes(32, "little")


def decode_scalar(data: bytes) -> int:
    """A canonical scalar: exactly 32 bytes, value below ``L`` (else :class:`ProofError`)."""
    if len(data) != 32:
        raise ProofError(f"scalar of {len(data)} bytes, not 32")
    value = int.from_bytes(data, "little")
    if value >= L:
        raise ProofError("non-canonical scalar (>= L)")
    return value


# -- points (crypto §2.2) -----------------------------------------------------------------------


def is_element(data: bytes) -> bool:
    """RFC 9496 §4.3.1: ``data`` decodes (the identity included)."""
    if len(data) != 32:
        return False
    if _arith is not None:
        return bool(_arith.is_valid(data))
    return _lib().is_valid(data)


def check_point(data: bytes, *, allow_identity: bool, what: str = "point") -> bytes:
    """Accept the encoding of an element; the identity only where the field allows it."""
    if len(data) != 32:
        raise EncodingError(f"{what}: {len(data)} bytes, not 32")
    if data == IDENTITY:
        if allow_identity:
            return data
        raise EncodingError(f"{what}: the identity is not allowed here")
    if not is_element(data):
        raise EncodingError(f"{what} is not the encoding of a ristretto255 element")
    return data


def mul(k: int, point: bytes) -> bytes:
    """``k·point``; the identity for ``k ≡ 0`` or ``point = O`` (libsodium refuses both)."""
    k %= L
    if k == 0 or point == IDENTITY:
        return IDENTITY
    if len(point) != 32:
        raise EncodingError("a point is 32 bytes")
    if _arith is not None:
        try:
            return bytes(_arith.mul_vartime(k.to_bytes(32, "little"), point))
        except ValueError:
            raise EncodingError("not the encoding of a ristretto255 element") from None
    out = _lib().mul(k.to_bytes(32, "little"), point)
    if out is None:
        raise EncodingError("not the encoding of a ristretto255 element")
    return out


def base(k: int) -> bytes:
    """``k·G``."""
    k %= L
    if k == 0:
        return IDENTITY
    if _arith is not None:
        return bytes(_arith.mul_base(k.to_bytes(32, "little")))
    out = _lib().base(k.to_bytes(32, "little"))
    assert out is not None  # k != 0 and G has order L
    return out


def add(p: bytes, q: bytes) -> bytes:
    if p == IDENTITY and len(q) == 32:
        return check_point(q, allow_identity=True)
    if q == IDENTITY and len(p) == 32:
        return check_point(p, allow_identity=True)
    if _arith is not None:
        try:
            return bytes(_arith.add(p, q))
        except ValueError:
            raise EncodingError("not the encoding of a ristretto255 element") from None
    out = _lib().add(p, q)
    if out is None:
        raise EncodingError("not the encoding of a ristretto255 element")
    return out


def sub(p: bytes, q: bytes) -> bytes:
    if q == IDENTITY and len(p) == 32:
        return check_point(p, allow_identity=True)
    if _arith is not None:
        try:
            return bytes(_arith.sub(p, q))
        except ValueError:
            raise EncodingError("not the encoding of a ristretto255 element") from None
    out = _lib().sub(p, q)
    if out is None:
        raise EncodingError("not the encoding of a ristretto255 element")
    return out


def point_sum(points: Iterable[bytes]) -> bytes:
    items = list(points)
    if _arith is not None and items:
        if any(len(p) != 32 for p in items):
            raise EncodingError("a point is 32 bytes")
        try:
            return bytes(_arith.sum_points(b"".join(items)))
        except ValueError:
            raise EncodingError("not the encoding of a ristretto255 element") from None
    total = IDENTITY
    for p in items:
        total = add(total, p)
    return total


def column_sums(rows: Sequence[Sequence[bytes]], width: int) -> list[bytes]:
    """The sum of each column of equally long rows of encodings (a homomorphic tally)."""
    if not rows:
        return [IDENTITY] * width
    if _arith is not None:
        flat = [p for row in rows for p in row]
        if any(len(p) != 32 for p in flat) or any(len(row) != width for row in rows):
            raise EncodingError("rows of 32-byte points of one width")
        try:
            out = bytes(_arith.sum_columns(b"".join(flat), width))
        except ValueError:
            raise EncodingError("not the encoding of a ristretto255 element") from None
        return [out[i : i + 32] for i in range(0, len(out), 32)]
    return [point_sum(row[c] for row in rows) for c in range(width)]


def combination(terms: Sequence[tuple[int, bytes]]) -> bytes:
    """``Σ k·P`` over public scalars and points (variable time on the native backend).

    Every point is decoded, whatever its coefficient (:class:`EncodingError` otherwise)."""
    if _arith is not None:
        if any(len(p) != 32 for _, p in terms):
            raise EncodingError("a point is 32 bytes")
        try:
            return bytes(
                _arith.msm_vartime(
                    b"".join(scalar_bytes(k) for k, _ in terms), b"".join(p for _, p in terms)
                )
            )
        except ValueError:
            raise EncodingError("not the encoding of a ristretto255 element") from None
    total = IDENTITY
    g = 0
    for k, p in terms:
        check_point(p, allow_identity=True)
        if p == G:
            g += k
        else:
            total = add(total, mul(k, p))
    return add(total, base(g))


def _initial_backend() -> None:
    # At import, never fail: an unusable default falls back to libsodium; the CLI's --backend
    # (default: default_backend()) then reports a wrong or unavailable choice as a usage error.
    try:
        use_backend(default_backend())
    except AuditError:
        global _arith  # noqa: PLW0603
        _arith = None


_initial_backend()


# -- hash to the group (crypto §2.4) --------------------------------------------------------------


def hash_to_point(tag: bytes, msg: bytes) -> bytes:
    """RFC 9496 §4.3.4's element derivation of ``SHA-512(LP(T) || LP(tag) || LP(msg))``."""
    uniform = hashlib.sha512(lp(b"oylama/crypto/v2/hash-to-point") + lp(tag) + lp(msg)).digest()
    if _arith is not None:
        return bytes(_arith.from_uniform_bytes(uniform))
    return _lib().from_hash(uniform)


# -- transcripts and challenges (crypto §3.1) -----------------------------------------------------


def transcript(tag: str, context: bytes, label: bytes, fields: Iterable[bytes]) -> bytes:
    if len(context) != 32:
        raise ProofError(f"context of {len(context)} bytes, not 32")
    if len(label) > 1024:
        raise ProofError(f"label of {len(label)} bytes (at most 1024)")
    parts = [lp(_TAG_PREFIX + tag.encode("ascii")), lp(context), lp(label)]
    parts.extend(lp(f) for f in fields)
    return b"".join(parts)


def challenge(tag: str, context: bytes, label: bytes, fields: Iterable[bytes]) -> int:
    digest = hashlib.sha512(transcript(tag, context, label, fields)).digest()
    return int.from_bytes(digest, "little") % L


# -- equations (crypto §3.3) ----------------------------------------------------------------------

#: One equation: terms ``(k, P)`` whose sum ``Σ k·P`` must be ``O``.
Equation = list[tuple[int, bytes]]


def holds(equation: Equation) -> bool:
    """Whether ``Σ k·P = O`` (an encoding of no element: it does not)."""
    try:
        return combination(equation) == IDENTITY
    except EncodingError:
        return False


class Batch:
    """crypto §3.3: equations of many proofs checked as one, each weighted by a random
    128-bit integer from :mod:`secrets` (never from the proofs), the coefficients of each
    distinct point gathered into one multi-scalar multiplication."""

    def __init__(self) -> None:
        self.coefficients: dict[bytes, int] = {}

    def add(self, equations: Iterable[Equation]) -> None:
        co = self.coefficients
        for equation in equations:
            w = secrets.randbits(128)
            for k, p in equation:
                co[p] = co.get(p, 0) + w * k

    def holds(self) -> bool:
        return not self.coefficients or holds(
            list(zip(self.coefficients.values(), self.coefficients, strict=True))
        )
