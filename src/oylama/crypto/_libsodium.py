"""libsodium's ristretto255 functions, through ctypes: the arithmetic of the ``sodium`` backend.

PyNaCl binds only libsodium's edwards25519 group functions, and the copy of libsodium inside
its wheel is built without the ristretto255 ones (its module exports no
``crypto_core_ristretto255_*`` symbol). The libsodium of the operating system has them since
1.0.18 (Debian and Ubuntu: the package ``libsodium23``; macOS: ``brew install libsodium``), so
this module loads that library with :mod:`ctypes` and wraps the six functions the group needs,
on 32-byte encodings. Nothing else of libsodium is used through it (Ed25519 signatures and
boxes stay with PyNaCl).

One defect is corrected here: libsodium 1.0.18 (Debian 12's ``libsodium23``) accepts an
encoding with bit 255 set as the element of the same 255 low bits, although RFC 9496 §4.3.1
refuses it (later releases refuse it too). Accepting it would make every element malleable
(two encodings, so two tracking codes, for one ballot) and would make the two backends
disagree; so every input is refused here when its bit 255 is set, before libsodium sees it.

``OYLAMA_LIBSODIUM`` may name the library file; otherwise the usual names are tried.
:func:`load` raises :class:`LibsodiumMissingError` with what to install when none has the
functions. Every wrapper raises :class:`ValueError` when libsodium refuses its input (an
encoding of no element, or a product that is the identity, which libsodium's multiplication
refuses); callers handle the identity and the zero scalar before calling.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Final

#: The environment variable that may name the libsodium shared library.
LIBRARY_ENV: Final = "OYLAMA_LIBSODIUM"

#: File names tried after ``ctypes.util.find_library("sodium")``.
_NAMES: Final = ("libsodium.so.26", "libsodium.so.23", "libsodium.so", "libsodium.dylib")

_FUNCTIONS: Final = (
    "crypto_core_ristretto255_is_valid_point",
    "crypto_core_ristretto255_add",
    "crypto_core_ristretto255_sub",
    "crypto_core_ristretto255_from_hash",
    "crypto_scalarmult_ristretto255",
    "crypto_scalarmult_ristretto255_base",
)

#: What a user without the library should do, for every message that says it is missing.
INSTALL_HINT: Final = (
    "install libsodium >= 1.0.18 (Debian/Ubuntu: `apt-get install libsodium23`; macOS: "
    f"`brew install libsodium`) or set {LIBRARY_ENV} to its file"
)


class LibsodiumMissingError(Exception):
    """No libsodium with the ristretto255 functions could be loaded."""


class Ristretto255:
    """The loaded library's ristretto255 functions on ``bytes``."""

    def __init__(self, lib: ctypes.CDLL, path: str) -> None:
        self.path = path
        self.version = _version(lib)
        c = ctypes.c_char_p
        for name in _FUNCTIONS:
            getattr(lib, name).restype = ctypes.c_int
        lib.crypto_core_ristretto255_is_valid_point.argtypes = [c]
        lib.crypto_core_ristretto255_add.argtypes = [c, c, c]
        lib.crypto_core_ristretto255_sub.argtypes = [c, c, c]
        lib.crypto_core_ristretto255_from_hash.argtypes = [c, c]
        lib.crypto_scalarmult_ristretto255.argtypes = [c, c, c]
        lib.crypto_scalarmult_ristretto255_base.argtypes = [c, c]
        self._is_valid = lib.crypto_core_ristretto255_is_valid_point
        self._add = lib.crypto_core_ristretto255_add
        self._sub = lib.crypto_core_ristretto255_sub
        self._from_hash = lib.crypto_core_ristretto255_from_hash
        self._mul = lib.crypto_scalarmult_ristretto255
        self._mul_base = lib.crypto_scalarmult_ristretto255_base

    # Every input is checked for its length here (libsodium reads exactly 32 or 64 bytes) and
    # for bit 255 (see the module's docstring).

    def is_valid(self, p: bytes) -> bool:
        """Whether ``p`` encodes an element (RFC 9496 §4.3.1), the identity included."""
        return _shape(p) and self._is_valid(p) == 1

    def add(self, p: bytes, q: bytes) -> bytes:
        """``P + Q``; :class:`ValueError` if either encodes no element."""
        out = ctypes.create_string_buffer(32)
        if not (_shape(p) and _shape(q)) or self._add(out, p, q) != 0:
            raise ValueError("not the encoding of a ristretto255 element")
        return out.raw

    def sub(self, p: bytes, q: bytes) -> bytes:
        """``P - Q``; :class:`ValueError` if either encodes no element."""
        out = ctypes.create_string_buffer(32)
        if not (_shape(p) and _shape(q)) or self._sub(out, p, q) != 0:
            raise ValueError("not the encoding of a ristretto255 element")
        return out.raw

    def mul(self, k: bytes, p: bytes) -> bytes:
        """``k·P`` in constant time for a scalar ``0 < k < L`` and an element ``P != O``."""
        out = ctypes.create_string_buffer(32)
        if len(k) != 32 or not _shape(p) or self._mul(out, k, p) != 0:
            raise ValueError("not the encoding of a ristretto255 element (or k·P = O)")
        return out.raw

    def mul_base(self, k: bytes) -> bytes:
        """``k·G`` in constant time for a scalar ``0 < k < L``."""
        out = ctypes.create_string_buffer(32)
        if len(k) != 32 or self._mul_base(out, k) != 0:
            raise ValueError("k·G is the identity")
        return out.raw

    def from_hash(self, h: bytes) -> bytes:
        """RFC 9496 §4.3.4 element derivation of 64 uniformly random bytes."""
        out = ctypes.create_string_buffer(32)
        if len(h) != 64 or self._from_hash(out, h) != 0:
            raise ValueError("the element derivation takes 64 bytes")
        return out.raw


def _shape(p: bytes) -> bool:
    """32 bytes with bit 255 clear (RFC 9496 §4.3.1 refuses it; libsodium 1.0.18 does not)."""
    return len(p) == 32 and p[31] < 0x80


def _version(lib: ctypes.CDLL) -> str:
    try:
        fn = lib.sodium_version_string
    except AttributeError:
        return "unknown"
    fn.restype = ctypes.c_char_p
    value = fn()
    return value.decode("ascii", "replace") if isinstance(value, bytes) else "unknown"


def _candidates() -> list[str]:
    named = os.environ.get(LIBRARY_ENV, "").strip()
    if named:
        return [named]
    found = ctypes.util.find_library("sodium")
    return ([found] if found else []) + [n for n in _NAMES if n != found]


def load() -> Ristretto255:
    """The first library that loads and has every function (``sodium_init`` called)."""
    tried: list[str] = []
    for name in _candidates():
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            tried.append(f"{name} (not found)")
            continue
        if not all(hasattr(lib, f) for f in _FUNCTIONS):
            tried.append(f"{name} (no ristretto255 functions: libsodium older than 1.0.18?)")
            continue
        if lib.sodium_init() < 0:
            tried.append(f"{name} (sodium_init failed)")
            continue
        return Ristretto255(lib, name)
    raise LibsodiumMissingError(
        f"no libsodium with the ristretto255 functions (tried: {', '.join(tried) or 'nothing'}); "
        + INSTALL_HINT
    )
