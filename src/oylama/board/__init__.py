"""The bulletin board's pure core: hash-chained entries, RFC 9162 Merkle proofs, checkpoints.

Everything here is a pure function of its arguments (no I/O, no clock, no randomness: times
and keys come in), so the same code serves the board, which produces proofs and signs
checkpoints, and an independent auditor, which verifies them. Storage and the HTTP surface
build on it. The normative description is ``docs/spec/board.md``.

Verifiers raise a :class:`BoardError` subclass naming the failed check; they never return
``False``.
"""

from oylama.board._checkpoint import (
    Checkpoint,
    CheckpointSigner,
    check_consistent_extension,
    checkpoint_due,
    format_checkpoint,
    parse_checkpoint,
    sign_checkpoint,
    verify_checkpoint,
)
from oylama.board._entry import (
    ENTRY_VERSION,
    GENESIS_PREV,
    MAX_PAYLOAD,
    Entry,
    EntryKind,
    decode_entry,
    encode_entry,
    entry_hash,
    make_entry,
    verify_chain,
    verify_log,
)
from oylama.board._errors import (
    BoardError,
    ChainError,
    CheckpointError,
    EntryError,
    InconsistentCheckpointError,
    ProofError,
    TreeError,
)
from oylama.board._merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    MAX_SIZE,
    HashSource,
    MemoryTree,
    consistency_proof,
    consistency_proof_length,
    inclusion_proof,
    inclusion_proof_length,
    leaf_hash,
    node_hash,
    root_at,
)
from oylama.board._note import (
    ED25519_TYPE,
    MAX_SIGNATURES,
    key_id,
    parse_verifier_key,
    sign_note,
    verifier_key,
    verify_note,
)
from oylama.board._verify import verify_consistency, verify_inclusion

__all__ = [
    "ED25519_TYPE",
    "EMPTY_ROOT",
    "ENTRY_VERSION",
    "GENESIS_PREV",
    "HASH_SIZE",
    "MAX_PAYLOAD",
    "MAX_SIGNATURES",
    "MAX_SIZE",
    "BoardError",
    "ChainError",
    "Checkpoint",
    "CheckpointError",
    "CheckpointSigner",
    "Entry",
    "EntryError",
    "EntryKind",
    "HashSource",
    "InconsistentCheckpointError",
    "MemoryTree",
    "ProofError",
    "TreeError",
    "check_consistent_extension",
    "checkpoint_due",
    "consistency_proof",
    "consistency_proof_length",
    "decode_entry",
    "encode_entry",
    "entry_hash",
    "format_checkpoint",
    "inclusion_proof",
    "inclusion_proof_length",
    "key_id",
    "leaf_hash",
    "make_entry",
    "node_hash",
    "parse_checkpoint",
    "parse_verifier_key",
    "root_at",
    "sign_checkpoint",
    "sign_note",
    "verifier_key",
    "verify_chain",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
    "verify_log",
    "verify_note",
]
