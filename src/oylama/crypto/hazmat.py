"""The hazardous core: group elements, scalars, Fiat–Shamir transcripts, small discrete logs.

Like ``cryptography.hazmat``: correct and tested, but easy to misuse -- a scalar reused as a
nonce, a point decoded without the identity rule its field needs, a challenge without a label.
Engine code above the crypto layer (trustees, ballots) uses these only to build new proofs or
to sum many already-verified ciphertexts fast; everything else goes through :mod:`oylama.crypto`.
Normative description: docs/spec/crypto.md.

:data:`BACKEND` names the arithmetic in use (``"native"``: the ``oylama_arith`` extension;
``"sodium"``: libsodium), chosen by ``OYLAMA_CRYPTO_BACKEND`` (:mod:`oylama.crypto._backend`).
"""

from oylama.crypto._backend import BACKEND
from oylama.crypto._dlog import MAX_BOUND, TimeLimitError, discrete_log, discrete_logs
from oylama.crypto._elgamal import encrypt_points, sum_checked_ciphertexts
from oylama.crypto._group import (
    G_BYTES,
    GENERATOR,
    IDENTITY,
    IDENTITY_BYTES,
    PEDERSEN_H,
    POINT_SIZE,
    SCALAR_SIZE,
    DeterministicRng,
    FixedBase,
    L,
    P,
    Point,
    Rng,
    base_mul,
    combine_vartime,
    decode_scalar,
    encode_scalar,
    fixed_base,
    hash_to_point,
    msm_vartime,
    random_scalar,
    sum_columns,
)
from oylama.crypto._hash import (
    CONTEXT_SIZE,
    MAX_LABEL,
    TAG_PREFIX,
    challenge,
    integer,
    lp,
    transcript,
)

__all__ = [
    "BACKEND",
    "CONTEXT_SIZE",
    "GENERATOR",
    "G_BYTES",
    "IDENTITY",
    "IDENTITY_BYTES",
    "MAX_BOUND",
    "MAX_LABEL",
    "PEDERSEN_H",
    "POINT_SIZE",
    "SCALAR_SIZE",
    "TAG_PREFIX",
    "DeterministicRng",
    "FixedBase",
    "L",
    "P",
    "Point",
    "Rng",
    "TimeLimitError",
    "base_mul",
    "challenge",
    "combine_vartime",
    "decode_scalar",
    "discrete_log",
    "discrete_logs",
    "encode_scalar",
    "encrypt_points",
    "fixed_base",
    "hash_to_point",
    "integer",
    "lp",
    "msm_vartime",
    "random_scalar",
    "sum_checked_ciphertexts",
    "sum_columns",
    "transcript",
]
