"""Ballot cryptography: exponential ElGamal on ristretto255 and its zero-knowledge proofs.

The safe layer. Keys are :class:`~oylama.crypto.hazmat.Point` objects decoded once with
``Point.decode``; ciphertexts and proofs are msgspec structs whose byte fields are checked when a
function uses them. Every proof binds a 32-byte election ``context`` (the election's base hash)
and a caller-chosen ``label`` (ballot and position), so it cannot be moved elsewhere. Provers take
an injected ``rng`` (default: :mod:`secrets`) and refuse false statements; verifiers raise
:class:`ProofError` (or :class:`EncodingError` for a malformed statement) and never return
``False``. Lower-level pieces are in :mod:`oylama.crypto.hazmat`. Normative description:
docs/spec/crypto.md.
"""

from oylama.crypto._dlog import MAX_BOUND, TimeLimitError, discrete_log
from oylama.crypto._elgamal import (
    ZERO_CIPHERTEXT,
    Ciphertext,
    add_ciphertexts,
    check_public_key,
    decrypt,
    decrypt_point,
    encrypt,
    encrypt_random,
    generate_keypair,
    linear_combination,
    public_key,
    scale_ciphertext,
    sum_ciphertexts,
)
from oylama.crypto._errors import CryptoError, DecryptionError, EncodingError, ProofError
from oylama.crypto._group import Point, Rng
from oylama.crypto._proofs import (
    MAX_ONE_OF,
    MAX_TABLE_CELLS,
    MAX_VALUE,
    DisjunctiveProof,
    DleqProof,
    RangeBit,
    RangeProof,
    SchnorrProof,
    TableProof,
    prove_bit,
    prove_decryption,
    prove_dleq,
    prove_one_of,
    prove_range,
    prove_schnorr,
    prove_table,
    range_weights,
    verify_bit,
    verify_decryption,
    verify_dleq,
    verify_one_of,
    verify_range,
    verify_schnorr,
    verify_table,
)
from oylama.crypto._wire import from_json, to_json

__all__ = [
    "MAX_BOUND",
    "MAX_ONE_OF",
    "MAX_TABLE_CELLS",
    "MAX_VALUE",
    "ZERO_CIPHERTEXT",
    "Ciphertext",
    "CryptoError",
    "DecryptionError",
    "DisjunctiveProof",
    "DleqProof",
    "EncodingError",
    "Point",
    "ProofError",
    "RangeBit",
    "RangeProof",
    "Rng",
    "SchnorrProof",
    "TableProof",
    "TimeLimitError",
    "add_ciphertexts",
    "check_public_key",
    "decrypt",
    "decrypt_point",
    "discrete_log",
    "encrypt",
    "encrypt_random",
    "from_json",
    "generate_keypair",
    "linear_combination",
    "prove_bit",
    "prove_decryption",
    "prove_dleq",
    "prove_one_of",
    "prove_range",
    "prove_schnorr",
    "prove_table",
    "public_key",
    "range_weights",
    "scale_ciphertext",
    "sum_ciphertexts",
    "to_json",
    "verify_bit",
    "verify_decryption",
    "verify_dleq",
    "verify_one_of",
    "verify_range",
    "verify_schnorr",
    "verify_table",
]

# -- ballots (docs/spec/ballots.md) --
from oylama.crypto._ballot import (
    BallotSecrets,
    BoundProof,
    EncryptedBallot,
    SelectionProof,
    SpoiledBallot,
    ballot_bytes,
    ballot_label,
    encrypt_ballot,
    format_tracking_code,
    new_ballot_id,
    spoil,
    tally_selections,
    tracking_code,
    verify_ballot,
    verify_spoiled,
)
from oylama.crypto._ballot_style import BallotStyle

__all__ += [
    "BallotSecrets",
    "BallotStyle",
    "BoundProof",
    "EncryptedBallot",
    "SelectionProof",
    "SpoiledBallot",
    "ballot_bytes",
    "ballot_label",
    "encrypt_ballot",
    "format_tracking_code",
    "new_ballot_id",
    "spoil",
    "tally_selections",
    "tracking_code",
    "verify_ballot",
    "verify_spoiled",
]

# -- trustees and tally decryption (docs/spec/trustees.md) --
from oylama.crypto._tally import (  # noqa: E402 (appended block)
    PartialDecryption,
    ThresholdError,
    combine,
    lagrange_coefficient,
    partial_decrypt,
    tally_ciphertexts,
    verify_partial_decryption,
)
from oylama.crypto._trustee import (  # noqa: E402
    MAX_TRUSTEES,
    Ceremony,
    Complaint,
    EncryptedShare,
    KeyShare,
    ShareError,
    ShareReveal,
    TrusteeError,
    TrusteePublic,
    TrusteeSecret,
    answer_complaint,
    encrypt_shares,
    finish_ceremony,
    joint_public_key,
    new_trustee,
    receive_share,
    resolve_complaint,
    trustee_public,
    verify_ceremony,
    verify_trustee_public,
)

__all__ += [
    "MAX_TRUSTEES",
    "Ceremony",
    "Complaint",
    "EncryptedShare",
    "KeyShare",
    "PartialDecryption",
    "ShareError",
    "ShareReveal",
    "ThresholdError",
    "TrusteeError",
    "TrusteePublic",
    "TrusteeSecret",
    "answer_complaint",
    "combine",
    "encrypt_shares",
    "finish_ceremony",
    "joint_public_key",
    "lagrange_coefficient",
    "new_trustee",
    "partial_decrypt",
    "receive_share",
    "resolve_complaint",
    "tally_ciphertexts",
    "trustee_public",
    "verify_ceremony",
    "verify_partial_decryption",
    "verify_trustee_public",
]

# Ballot-style limits and checks, for layers that map their own definitions onto a style.
from oylama.crypto._ballot_style import (  # noqa: E402
    MAX_PROJECTS,
    MAX_VOTES_SIGNED,
    MAX_VOTES_UNSIGNED,
    check_style,
    tally_bounds,
)

__all__ += ["MAX_PROJECTS", "MAX_VOTES_SIGNED", "MAX_VOTES_UNSIGNED", "check_style", "tally_bounds"]

# -- paper ballots' clear choices (record.md §2 item 7b) --
from oylama.crypto._ballot_style import check_choices, quadratic_offset  # noqa: E402

__all__ += ["check_choices", "quadratic_offset"]

# -- the verifiable mixnet (docs/spec/mixnet.md) --
from oylama.crypto._mixnet import (  # noqa: E402
    CHUNK_CELLS,
    MixError,
    MixStep,
    chunk_rows,
    decrypt_mixed,
    mix,
    mix_chunks,
    mixed_label,
    mixer_label,
    partial_decrypt_mixed,
    plaintexts_of,
    shuffle_label,
    verify_mix_chain,
    verify_mixed_choices,
)
from oylama.crypto._shuffle import (  # noqa: E402
    MAX_WIDTH,
    ShuffleError,
    ShuffleGenerators,
    ShuffleProof,
    ShuffleWitness,
    prove_shuffle,
    shuffle,
    shuffle_generators,
    verify_shuffle,
)

__all__ += [
    "CHUNK_CELLS",
    "MAX_WIDTH",
    "MixError",
    "MixStep",
    "ShuffleError",
    "ShuffleGenerators",
    "ShuffleProof",
    "ShuffleWitness",
    "chunk_rows",
    "decrypt_mixed",
    "mix",
    "mix_chunks",
    "mixed_label",
    "mixer_label",
    "partial_decrypt_mixed",
    "plaintexts_of",
    "prove_shuffle",
    "shuffle",
    "shuffle_generators",
    "shuffle_label",
    "verify_mix_chain",
    "verify_mixed_choices",
    "verify_shuffle",
]
