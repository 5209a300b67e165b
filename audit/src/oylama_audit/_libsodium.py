"""libsodium's ristretto255 functions through ctypes, for the ``sodium`` backend (crypto.md §2).

PyNaCl does not bind libsodium's ristretto255 functions, and the libsodium inside its wheel is
built without them; the operating system's libsodium (>= 1.0.18; Debian/Ubuntu: the package
``libsodium23``) has them. This module loads it and calls seven functions on 32-byte
encodings. libsodium 1.0.18 accepts an encoding with bit 255 set (it reads the low 255 bits);
RFC 9496 §4.3.1 refuses it, and so does every function here, before libsodium sees it.
``OYLAMA_LIBSODIUM`` may name the library file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

from oylama_audit._errors import AuditError

_FUNCTIONS = (
    "crypto_core_ristretto255_is_valid_point",
    "crypto_core_ristretto255_add",
    "crypto_core_ristretto255_sub",
    "crypto_core_ristretto255_from_hash",
    "crypto_scalarmult_ristretto255",
    "crypto_scalarmult_ristretto255_base",
)

INSTALL = (
    "libsodium >= 1.0.18 with its ristretto255 functions (Debian/Ubuntu: apt-get install "
    "libsodium23; macOS: brew install libsodium), or OYLAMA_LIBSODIUM set to its file"
)


class Sodium:
    """The loaded library's ristretto255 functions (``None`` results where libsodium refuses)."""

    def __init__(self) -> None:
        self.lib = _load()
        c = ctypes.c_char_p
        for name in _FUNCTIONS:
            getattr(self.lib, name).restype = ctypes.c_int
        self.lib.crypto_core_ristretto255_is_valid_point.argtypes = [c]
        for name in (
            "crypto_core_ristretto255_add",
            "crypto_core_ristretto255_sub",
            "crypto_scalarmult_ristretto255",
        ):
            getattr(self.lib, name).argtypes = [c, c, c]
        self.lib.crypto_core_ristretto255_from_hash.argtypes = [c, c]
        self.lib.crypto_scalarmult_ristretto255_base.argtypes = [c, c]

    @staticmethod
    def _shape(p: bytes) -> bool:
        return len(p) == 32 and p[31] < 0x80

    def is_valid(self, p: bytes) -> bool:
        return self._shape(p) and self.lib.crypto_core_ristretto255_is_valid_point(p) == 1

    def _call(self, name: str, *args: bytes) -> bytes | None:
        out = ctypes.create_string_buffer(32)
        return out.raw if getattr(self.lib, name)(out, *args) == 0 else None

    def add(self, p: bytes, q: bytes) -> bytes | None:
        if not (self._shape(p) and self._shape(q)):
            return None
        return self._call("crypto_core_ristretto255_add", p, q)

    def sub(self, p: bytes, q: bytes) -> bytes | None:
        if not (self._shape(p) and self._shape(q)):
            return None
        return self._call("crypto_core_ristretto255_sub", p, q)

    def mul(self, k: bytes, p: bytes) -> bytes | None:
        """``k·P`` for ``0 < k < L``, ``P != O``; ``None`` if ``P`` encodes no element."""
        if not self._shape(p):
            return None
        return self._call("crypto_scalarmult_ristretto255", k, p)

    def base(self, k: bytes) -> bytes | None:
        return self._call("crypto_scalarmult_ristretto255_base", k)

    def from_hash(self, h: bytes) -> bytes:
        out = self._call("crypto_core_ristretto255_from_hash", h)
        assert out is not None
        return out


def _load() -> ctypes.CDLL:
    named = os.environ.get("OYLAMA_LIBSODIUM", "").strip()
    found = ctypes.util.find_library("sodium")
    names = [named] if named else [n for n in (found, "libsodium.so.26", "libsodium.so.23") if n]
    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        if all(hasattr(lib, f) for f in _FUNCTIONS) and lib.sodium_init() >= 0:
            return lib
    raise AuditError(f"the sodium backend needs {INSTALL} (tried: {', '.join(names) or '-'})")
