"""Which implementation carries the group arithmetic: the native extension or libsodium.

Two backends compute the same group, ristretto255 (docs/spec/crypto.md §2), and accept and
reject the same encodings; only their speed differs:

* ``native`` -- ``oylama_arith`` (``arith/``, curve25519-dalek through PyO3): constant-time
  multiplication for secret scalars, variable-time multi-scalar multiplication for public data
  (batch verification), batched decoding and sums. The default when it is installed.
* ``sodium`` -- libsodium's ristretto255 functions, one call per operation, through
  :mod:`._libsodium` (the operating system's libsodium >= 1.0.18): kept so that a machine
  without cargo works, so that one benchmark run can measure both, and for those who trust
  only libsodium.

``OYLAMA_CRYPTO_BACKEND=native|sodium`` chooses; unset, the native backend is used when it is
importable, otherwise libsodium with a one-line notice on stderr (once per process). Asking for
a backend that is not available, or for an unknown name, is an error rather than a silent
fallback: whoever set the variable wants to know which code ran.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import Final

from oylama.crypto._errors import CryptoError
from oylama.crypto._libsodium import LibsodiumMissingError, Ristretto255, load

#: The environment variable that selects the backend.
BACKEND_ENV: Final = "OYLAMA_CRYPTO_BACKEND"

#: The backends, in order of preference.
BACKENDS: Final = ("native", "sodium")

_BUILD_HINT: Final = "`pip install ./arith`, which needs cargo"


def _native() -> ModuleType | None:
    """The extension, if an up-to-date (ristretto255) build of it is installed."""
    try:
        import oylama_arith  # noqa: PLC0415 (only whether it imports)
    except ImportError:
        return None
    # A build from before the group became ristretto255 lacks the element derivation.
    return oylama_arith if hasattr(oylama_arith, "from_uniform_bytes") else None


def _sodium(reason: str) -> Ristretto255:
    try:
        return load()
    except LibsodiumMissingError as e:
        raise CryptoError(f"{reason}: {e}; or build the native extension ({_BUILD_HINT})") from None


def _select() -> tuple[str, Ristretto255 | None]:
    wanted = os.environ.get(BACKEND_ENV, "").strip().lower()
    if wanted and wanted not in BACKENDS:
        raise CryptoError(f"{BACKEND_ENV} must be one of {', '.join(BACKENDS)}; got {wanted!r}")
    if wanted == "sodium":
        return "sodium", _sodium(f"{BACKEND_ENV}=sodium")
    if _native() is not None:
        return "native", None
    if wanted == "native":
        raise CryptoError(
            f"{BACKEND_ENV}=native, but the native extension oylama_arith (a ristretto255 "
            f"build) is not installed ({_BUILD_HINT})"
        )
    lib = _sodium("no arithmetic for ristretto255: the native extension is not installed")
    print(
        "oylama: the native arithmetic extension (oylama_arith) is not installed; using "
        f"libsodium {lib.version} ({lib.path}), which is slower ({_BUILD_HINT})",
        file=sys.stderr,
    )
    return "sodium", lib


#: The backend of this process: ``"native"`` or ``"sodium"``; and libsodium's functions when
#: it is ``"sodium"``.
BACKEND, SODIUM = _select()

#: Whether the native extension carries the arithmetic.
NATIVE: Final = BACKEND == "native"
