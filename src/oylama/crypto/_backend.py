"""Which implementation carries the group arithmetic: the native extension or libsodium.

Two backends compute the same group (docs/spec/crypto.md §2) and accept and reject the same
encodings; only their speed differs:

* ``native`` -- ``oylama_arith`` (``arith/``, curve25519-dalek through PyO3): constant-time
  multiplication for secret scalars, variable-time multi-scalar multiplication for public data,
  batched decoding and sums. The default when it is installed.
* ``sodium`` -- libsodium through PyNaCl, one call per operation: what oylama ran on before the
  extension existed, kept so that a machine without cargo works and so that one benchmark run
  can measure both.

``OYLAMA_CRYPTO_BACKEND=native|sodium`` chooses; unset, the native backend is used when it is
importable, otherwise libsodium with a one-line notice on stderr (once per process). Asking for
``native`` when it is not installed, or for an unknown name, is an error rather than a silent
fallback: whoever set the variable wants to know which code ran.
"""

from __future__ import annotations

import os
import sys
from typing import Final

from oylama.crypto._errors import CryptoError

#: The environment variable that selects the backend.
BACKEND_ENV: Final = "OYLAMA_CRYPTO_BACKEND"

#: The backends, in order of preference.
BACKENDS: Final = ("native", "sodium")

_NOTICE: Final = (
    "oylama: the native arithmetic extension (oylama_arith) is not installed; using libsodium, "
    "which is slower (install it with `pip install ./arith`, which needs cargo)"
)


def _select() -> str:
    wanted = os.environ.get(BACKEND_ENV, "").strip().lower()
    if wanted and wanted not in BACKENDS:
        raise CryptoError(f"{BACKEND_ENV} must be one of {', '.join(BACKENDS)}; got {wanted!r}")
    if wanted == "sodium":
        return "sodium"
    try:
        import oylama_arith  # noqa: F401, PLC0415 (only whether it imports)
    except ImportError:
        pass
    else:
        return "native"
    if wanted == "native":
        raise CryptoError(
            f"{BACKEND_ENV}=native, but the native extension oylama_arith is not installed "
            "(`pip install ./arith`, which needs cargo)"
        )
    print(_NOTICE, file=sys.stderr)
    return "sodium"


#: The backend of this process: ``"native"`` or ``"sodium"``.
BACKEND: Final = _select()

#: Whether the native extension carries the arithmetic.
NATIVE: Final = BACKEND == "native"
