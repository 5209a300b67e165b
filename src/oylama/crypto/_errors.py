"""The precise errors of :mod:`oylama.crypto`.

Verifiers raise instead of returning ``False``: a caller cannot forget to look at the result,
and the message says *which* check failed, which an auditor needs. Every class derives from
:class:`oylama.errors.OylamaError` so that the edges (CLI, HTTP) map all engine errors alike.
"""

from __future__ import annotations

from oylama.errors import OylamaError


class CryptoError(OylamaError):
    """Base class of every error raised by :mod:`oylama.crypto`.

    Raised as such for a request the core refuses to carry out: a prover asked to prove a
    false statement (a value outside the allowed set, a secret that does not match), an
    invalid argument (a context that is not 32 bytes, a range with ``a > b``).
    """


class EncodingError(CryptoError):
    """Bytes that are not a valid encoding: 32 bytes that are not the encoding of a
    ristretto255 element (RFC 9496 §4.3.1: non-canonical, negative, or of no element); a
    scalar that is not canonical (``>= L``); a wrong length; the identity where the
    specification does not allow it; non-canonical JSON."""


class ProofError(CryptoError):
    """A zero-knowledge proof that failed verification; the message names the failed check."""


class DecryptionError(CryptoError):
    """A plaintext that cannot be recovered: its discrete log is not within the stated bound."""
