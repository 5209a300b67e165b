"""Strict verifiers for RFC 9162 inclusion and consistency proofs.

They raise :class:`ProofError` naming the failed check. Beyond the RFC algorithms (§2.1.3.2
and §2.1.4.2), every input is checked first: hashes are ``bytes`` of exactly 32 bytes, sizes are
non-negative integers below 2**63, ``index < size``, ``1 <= old_size <= new_size`` and the proof
has exactly the length the tree shape dictates. A verifier that accepted a shorter or longer
proof, or a short hash, would let two different byte strings prove the same statement.
"""

from __future__ import annotations

from collections.abc import Sequence

from oylama.board._errors import ProofError
from oylama.board._merkle import (
    HASH_SIZE,
    MAX_SIZE,
    consistency_proof_length,
    inclusion_proof_length,
    node_hash,
)


def _check_hash(name: str, value: object) -> bytes:
    if not isinstance(value, bytes):
        raise ProofError(f"{name} must be bytes, not {type(value).__name__}")
    if len(value) != HASH_SIZE:
        raise ProofError(f"{name} has {len(value)} bytes, expected {HASH_SIZE}")
    return value


def _check_size(name: str, value: object) -> int:
    if type(value) is not int:
        raise ProofError(f"{name} must be an int, not {type(value).__name__}")
    if not 0 <= value <= MAX_SIZE:
        raise ProofError(f"{name} {value} is outside 0..2**63-1")
    return value


def _check_proof(proof: Sequence[bytes], expected: int) -> list[bytes]:
    if isinstance(proof, bytes | str):
        raise ProofError("the proof must be a sequence of hashes, not a string")
    hashes = [_check_hash(f"proof[{i}]", p) for i, p in enumerate(proof)]
    if len(hashes) != expected:
        raise ProofError(f"the proof has {len(hashes)} hashes, expected {expected}")
    return hashes


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``size`` leaves with ``root``.

    Implements RFC 9162 §2.1.3.2. Returns ``None`` on success and raises :class:`ProofError`
    otherwise.
    """
    _check_hash("leaf hash", leaf_hash)
    _check_hash("root", root)
    _check_size("index", index)
    _check_size("size", size)
    if index >= size:
        raise ProofError(f"index {index} is not below size {size}")
    path = _check_proof(proof, inclusion_proof_length(index, size))
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            raise ProofError("the proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the path to the root")
    if r != root:
        raise ProofError(f"leaf {index} is not included in the tree of size {size} with this root")


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree of ``new_size`` with ``new_root`` extends the one of ``old_size``.

    Implements RFC 9162 §2.1.4.2, plus: ``old_size`` must be at least 1 (consistency with the
    empty tree proves nothing), ``old_size <= new_size``, and for equal sizes the proof must be
    empty and the roots equal. Raises :class:`ProofError` on failure.
    """
    _check_size("old size", old_size)
    _check_size("new size", new_size)
    _check_hash("old root", old_root)
    _check_hash("new root", new_root)
    if old_size == 0:
        raise ProofError("old size 0: consistency with the empty tree proves nothing")
    if old_size > new_size:
        raise ProofError(f"old size {old_size} is larger than new size {new_size}")
    path = _check_proof(proof, consistency_proof_length(old_size, new_size))
    if old_size == new_size:
        if old_root != new_root:
            raise ProofError(f"two different roots for the same size {old_size}")
        return
    if old_size & (old_size - 1) == 0:
        # old_size is a power of two: the old root is itself a node of the new tree.
        path = [old_root, *path]
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the path to the root")
    if fr != old_root:
        raise ProofError(f"the proof does not lead to the old root at size {old_size}")
    if sr != new_root:
        raise ProofError(f"the proof does not lead to the new root at size {new_size}")
