"""The edwards25519 prime-order group (crypto.md §2) and Fiat–Shamir challenges (crypto.md §3).

Points are plain 32-byte encodings; arithmetic goes through libsodium's low-level bindings in
PyNaCl. libsodium never accepts or returns the identity ``O`` in a scalar multiplication and its
``is_valid_point`` rejects ``O``, yet sums of ciphertexts may cancel to ``O`` (crypto §2.2). So
the identity and the zero scalar are handled here explicitly, before libsodium is called.

Backends (``--backend``, :func:`use_backend`): ``sodium`` uses libsodium only, for an auditor
who trusts nothing else. ``native`` uses ``oylama_arith``, a generic edwards25519 extension
(curve25519-dalek) that the engine also calls, as both call libsodium; it holds no protocol. On
it this module keeps libsodium's contract exactly: :func:`mul` refuses a point that is not valid
(:func:`is_valid_point`) before multiplying, in variable time (an auditor has no secrets).
The default is ``$OYLAMA_CRYPTO_BACKEND`` if set, else ``native`` when it is installed.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from collections.abc import Iterable
from types import ModuleType

from nacl import bindings as sodium
from nacl._sodium import ffi as _ffi  # type: ignore[import-not-found]
from nacl._sodium import lib as _lib

from oylama_audit._errors import AuditError, EncodingError, ProofError

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = (-121665 * pow(121666, -1, P)) % P

G = bytes.fromhex("5866666666666666666666666666666666666666666666666666666666666666")
IDENTITY = b"\x01" + bytes(31)

_TAG_PREFIX = b"oylama/crypto/v1/"


# -- backend ------------------------------------------------------------------------------------

BACKENDS = ("native", "sodium")

_arith: ModuleType | None = None


def use_backend(name: str) -> None:
    """Select ``native`` or ``sodium`` for this process (workers are told the same)."""
    global _arith  # noqa: PLW0603 (the process's one choice)
    if name not in BACKENDS:
        raise AuditError(f"backend must be one of {', '.join(BACKENDS)}, not {name!r}")
    if name == "sodium":
        _arith = None
        return
    try:
        _arith = importlib.import_module("oylama_arith")
    except ImportError:
        raise AuditError(
            "the native backend needs the oylama_arith extension (`pip install ./arith`, "
            "which needs cargo); --backend sodium uses libsodium only"
        ) from None


def backend() -> str:
    """The backend in use: ``native`` or ``sodium``."""
    return "sodium" if _arith is None else "native"


def default_backend() -> str:
    """``$OYLAMA_CRYPTO_BACKEND`` if set, else ``native`` when importable, else ``sodium``."""
    wanted = os.environ.get("OYLAMA_CRYPTO_BACKEND", "").strip().lower()
    if wanted:
        return wanted
    return "native" if importlib.util.find_spec("oylama_arith") is not None else "sodium"


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


def is_valid_point(data: bytes) -> bool:
    """Canonical, on the curve, in the prime-order subgroup and not ``O`` (libsodium's test)."""
    if _arith is not None:
        return bool(_arith.is_valid_point(data))
    return len(data) == 32 and bool(sodium.crypto_core_ed25519_is_valid_point(data))


def check_point(data: bytes, *, allow_identity: bool, what: str = "point") -> bytes:
    """Accept a valid point, or exactly ``01 00…00`` where the identity is allowed."""
    if allow_identity and data == IDENTITY:
        return data
    if not is_valid_point(data):
        raise EncodingError(f"{what} is not a valid point")
    return data


def cheap_point_check(data: bytes, what: str) -> None:
    """Length, ``y < p`` and ``y != 1`` (so not ``O`` in any encoding).

    The remaining conditions of a valid point (on the curve, in the subgroup, not of small
    order) are checked by libsodium in the first multiplication of the point by a non-zero
    scalar; a verifier that relies on this must make sure such a multiplication happens
    (crypto §10, implementation note), or call :func:`check_point`.
    """
    if len(data) != 32:
        raise EncodingError(f"{what}: {len(data)} bytes, not 32")
    y = int.from_bytes(data, "little") & ((1 << 255) - 1)
    if y >= P:
        raise EncodingError(f"{what}: non-canonical encoding (y >= p)")
    if y == 1:
        raise EncodingError(f"{what}: the identity is not allowed here")


# The four operations below run about a thousand times per ballot. They call libsodium through
# PyNaCl's cffi module directly, as ``nacl.bindings`` does, but without its per-call argument
# checks and buffer allocation (7-8 % of a ballot's verification time, profiled); lengths are
# checked by the callers (every point here is 32 bytes: decoded and checked, or computed).
_out = _ffi.new("unsigned char[]", 32)


def _result(rc: int, what: str) -> bytes:
    if rc != 0:
        raise EncodingError(what)
    return bytes(_ffi.buffer(_out, 32))


def mul(k: int, point: bytes) -> bytes:
    """``k·point``; the identity for ``k ≡ 0`` or ``point = O`` (libsodium refuses both).

    libsodium refuses a point that is not canonical, of small order or outside the subgroup."""
    k %= L
    if k == 0 or point == IDENTITY:
        return IDENTITY
    if len(point) != 32:
        raise EncodingError("a point is 32 bytes")
    if _arith is not None:
        if not _arith.is_valid_point(point):
            raise EncodingError("not a valid point (scalar multiplication refused)")
        return bytes(_arith.mul_vartime(k.to_bytes(32, "little"), point))
    rc = _lib.crypto_scalarmult_ed25519_noclamp(_out, k.to_bytes(32, "little"), point)
    return _result(rc, "not a valid point (scalar multiplication refused)")


def base(k: int) -> bytes:
    """``k·G``."""
    k %= L
    if k == 0:
        return IDENTITY
    if _arith is not None:
        return bytes(_arith.mul_base(k.to_bytes(32, "little")))
    rc = _lib.crypto_scalarmult_ed25519_base_noclamp(_out, k.to_bytes(32, "little"))
    return _result(rc, "base multiplication failed")


def add(p: bytes, q: bytes) -> bytes:
    if p == IDENTITY:
        return q
    if q == IDENTITY:
        return p
    if len(p) != 32 or len(q) != 32:
        raise EncodingError("a point is 32 bytes")
    if _arith is not None:
        try:
            return bytes(_arith.add(p, q))
        except ValueError:
            raise EncodingError("not a point on the curve (addition refused)") from None
    rc = _lib.crypto_core_ed25519_add(_out, p, q)
    return _result(rc, "not a point on the curve (addition refused)")


def sub(p: bytes, q: bytes) -> bytes:
    if q == IDENTITY:
        return p
    if len(p) != 32 or len(q) != 32:
        raise EncodingError("a point is 32 bytes")
    if _arith is not None:
        try:
            return bytes(_arith.sub(p, q))
        except ValueError:
            raise EncodingError("not a point on the curve (subtraction refused)") from None
    rc = _lib.crypto_core_ed25519_sub(_out, p, q)
    return _result(rc, "not a point on the curve (subtraction refused)")


def point_sum(points: Iterable[bytes]) -> bytes:
    total = IDENTITY
    for p in points:
        total = add(total, p)
    return total


def _initial_backend() -> None:
    # At import, never fail: an unusable default falls back to libsodium; the CLI's --backend
    # (default: default_backend()) then reports a wrong or unavailable choice as a usage error.
    try:
        use_backend(default_backend())
    except AuditError:
        use_backend("sodium")


_initial_backend()


# -- hash to the group (crypto §2.4) --------------------------------------------------------------


def _decodes(data: bytes) -> bool:
    """RFC 8032 §5.1.3 decoding succeeds (no subgroup condition)."""
    y = int.from_bytes(data, "little") & ((1 << 255) - 1)
    sign = data[31] >> 7
    if y >= P:
        return False
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x2 = u * pow(v, -1, P) % P
    if x2 == 0:
        return sign == 0
    return pow(x2, (P - 1) // 2, P) == 1


def hash_to_point(tag: bytes, msg: bytes) -> bytes:
    for ctr in range(256):
        digest = hashlib.sha512(
            lp(b"oylama/crypto/v1/hash-to-point") + lp(tag) + lp(msg) + bytes([ctr])
        ).digest()[:32]
        if not _decodes(digest):
            continue
        # 8·Q by three doublings: libsodium's addition accepts any curve point, unlike its
        # scalar multiplication, which requires the subgroup.
        q = digest
        for _ in range(3):
            q = bytes(sodium.crypto_core_ed25519_add(q, q))
        if q != IDENTITY:
            return q
    raise EncodingError("hash_to_point: no point in 256 tries")


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
