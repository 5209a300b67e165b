"""Merkle tree, proofs and strict verifiers, checked against a naive RFC 9162 oracle.

The oracle below is the textbook recursive definition of MTH, PATH and PROOF (RFC 9162
§2.1.1, §2.1.3.1, §2.1.4.1), written independently of the stored-subtree implementation.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.board import (
    EMPTY_ROOT,
    MemoryTree,
    ProofError,
    TreeError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_at,
    verify_consistency,
    verify_inclusion,
)

MAX_N = 128


def _sha(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d: list[bytes]) -> bytes:
    """MTH(D[n]) by the recursive definition of RFC 9162 §2.1.1."""
    n = len(d)
    if n == 0:
        return _sha(b"")
    if n == 1:
        return _sha(b"\x00" + d[0])
    k = _k(n)
    return _sha(b"\x01" + mth(d[:k]) + mth(d[k:]))


@functools.cache
def mth_data(a: int, b: int) -> bytes:
    """MTH(DATA[a:b]), memoised so that the exhaustive oracle checks stay fast."""
    return (
        mth(DATA[a:b])
        if b - a <= 1
        else _sha(b"\x01" + mth_data(a, a + _k(b - a)) + mth_data(a + _k(b - a), b))
    )


def path(m: int, a: int, b: int) -> list[bytes]:
    """PATH(m, DATA[a:b]) of RFC 9162 §2.1.3.1."""
    n = b - a
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return [*path(m, a, a + k), mth_data(a + k, b)]
    return [*path(m - k, a + k, b), mth_data(a, a + k)]


def subproof(m: int, a: int, b: int, complete: bool) -> list[bytes]:
    """SUBPROOF(m, DATA[a:b], complete) of RFC 9162 §2.1.4.1."""
    n = b - a
    if m == n:
        return [] if complete else [mth_data(a, b)]
    k = _k(n)
    if m <= k:
        return [*subproof(m, a, a + k, complete), mth_data(a + k, b)]
    return [*subproof(m - k, a + k, b, False), mth_data(a, a + k)]


DATA = [f"entry {i}".encode() for i in range(MAX_N)]


@pytest.fixture(scope="module")
def tree() -> MemoryTree:
    t = MemoryTree()
    for i, x in enumerate(DATA):
        assert t.append_data(x) == i
    return t


def test_hashes_have_the_rfc_domain_separation() -> None:
    assert leaf_hash(b"abc") == _sha(b"\x00abc")
    assert node_hash(b"L" * 32, b"R" * 32) == _sha(b"\x01" + b"L" * 32 + b"R" * 32)
    assert _sha(b"") == EMPTY_ROOT


def test_roots_match_the_oracle_for_every_size(tree: MemoryTree) -> None:
    for n in range(MAX_N + 1):
        assert tree.root(n) == mth(DATA[:n]) == (mth_data(0, n) if n else EMPTY_ROOT)


def test_every_inclusion_proof_up_to_128_matches_and_verifies(tree: MemoryTree) -> None:
    for n in range(1, MAX_N + 1):
        root = mth_data(0, n)
        for i in range(n):
            proof = tree.inclusion_proof(i, n)
            assert proof == path(i, 0, n)
            verify_inclusion(leaf_hash(DATA[i]), i, n, proof, root)


def test_every_consistency_proof_up_to_128_matches_and_verifies(tree: MemoryTree) -> None:
    roots = [tree.root(n) for n in range(MAX_N + 1)]
    for n in range(1, MAX_N + 1):
        for m in range(1, n + 1):
            proof = tree.consistency_proof(m, n)
            assert proof == subproof(m, 0, n, True)
            verify_consistency(m, n, roots[m], roots[n], proof)


def _flips(proof: list[bytes]) -> list[list[bytes]]:
    out = []
    for j, h in enumerate(proof):
        for bit in range(256):
            bad = bytearray(h)
            bad[bit // 8] ^= 1 << (bit % 8)
            out.append([*proof[:j], bytes(bad), *proof[j + 1 :]])
    return out


SAMPLE_SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128]


@pytest.mark.parametrize("n", SAMPLE_SIZES)
def test_every_single_bit_flip_of_an_inclusion_proof_is_rejected(tree: MemoryTree, n: int) -> None:
    root = tree.root(n)
    indices = range(n) if n <= 9 else sorted({0, 1, n // 2, n - 2, n - 1})
    for i in indices:
        leaf = leaf_hash(DATA[i])
        proof = tree.inclusion_proof(i, n)
        for bad in _flips(proof):
            with pytest.raises(ProofError):
                verify_inclusion(leaf, i, n, bad, root)
        for bad_leaf in _flips([leaf]):
            with pytest.raises(ProofError):
                verify_inclusion(bad_leaf[0], i, n, proof, root)
        for bad_root in _flips([root]):
            with pytest.raises(ProofError):
                verify_inclusion(leaf, i, n, proof, bad_root[0])


@pytest.mark.parametrize("n", SAMPLE_SIZES[1:])
def test_every_single_bit_flip_of_a_consistency_proof_is_rejected(tree: MemoryTree, n: int) -> None:
    new_root = tree.root(n)
    for m in range(1, n) if n <= 9 else sorted({1, 2, n // 2, n - 1}):
        old_root = tree.root(m)
        proof = tree.consistency_proof(m, n)
        for bad in _flips(proof):
            with pytest.raises(ProofError):
                verify_consistency(m, n, old_root, new_root, bad)
        for bad_root in _flips([old_root]):
            with pytest.raises(ProofError):
                verify_consistency(m, n, bad_root[0], new_root, proof)
        for bad_root in _flips([new_root]):
            with pytest.raises(ProofError):
                verify_consistency(m, n, old_root, bad_root[0], proof)


def test_inclusion_proofs_are_bound_to_index_size_and_root(tree: MemoryTree) -> None:
    roots = [tree.root(n) for n in range(MAX_N + 1)]
    for n in range(1, 40):
        root = roots[n]
        for i in range(n):
            leaf, proof = leaf_hash(DATA[i]), tree.inclusion_proof(i, n)
            for j in range(n + 2):
                if j != i:
                    with pytest.raises(ProofError):
                        verify_inclusion(leaf, j, n, proof, root)
            for size in range(i + 1, MAX_N + 1):
                # A size is authenticated only together with its root (the checkpoint): the
                # proof for size n must fail against the genuine root of any other size.
                if size != n:
                    with pytest.raises(ProofError):
                        verify_inclusion(leaf, i, size, proof, roots[size])
            if n > 1:
                with pytest.raises(ProofError):
                    verify_inclusion(leaf, i, n, proof, roots[n - 1])
            with pytest.raises(ProofError, match="hashes, expected"):
                verify_inclusion(leaf, i, n, [*proof, root], root)
            if proof:
                with pytest.raises(ProofError, match="hashes, expected"):
                    verify_inclusion(leaf, i, n, proof[:-1], root)


def test_consistency_proofs_are_bound_to_both_sizes(tree: MemoryTree) -> None:
    roots = [tree.root(n) for n in range(50)]
    for n in range(2, 40):
        for m in range(1, n):
            proof = tree.consistency_proof(m, n)
            for m2 in range(1, n + 1):
                if m2 != m:
                    with pytest.raises(ProofError):
                        verify_consistency(m2, n, roots[m2], roots[n], proof)
            for n2 in range(m, 45):
                if n2 != n:
                    with pytest.raises(ProofError):
                        verify_consistency(m, n2, roots[m], roots[n2], proof)
            with pytest.raises(ProofError):
                verify_consistency(m, n, roots[n], roots[m], proof)  # swapped roots


def test_strict_inputs_are_rejected(tree: MemoryTree) -> None:
    leaf, root = leaf_hash(DATA[0]), tree.root(4)
    proof = tree.inclusion_proof(0, 4)
    cases = [
        (leaf[:31], 0, 4, proof, root),
        (leaf + b"\x00", 0, 4, proof, root),
        (leaf, 0, 4, proof, root[:31]),
        (leaf, 0, 4, [proof[0][:31], proof[1]], root),
        (leaf, 0, 4, [bytearray(proof[0]), proof[1]], root),
        (leaf.hex(), 0, 4, proof, root),
        (leaf, -1, 4, proof, root),
        (leaf, 4, 4, proof, root),
        (leaf, 0, 0, [], EMPTY_ROOT),
        (leaf, True, 4, proof, root),
        (leaf, 0, 2**63, proof, root),
        (leaf, 0, 4, b"".join(proof), root),
    ]
    for args in cases:
        with pytest.raises(ProofError):
            verify_inclusion(*args)  # type: ignore[arg-type]
    r1, r4 = tree.root(1), tree.root(4)
    cproof = tree.consistency_proof(1, 4)
    for cargs in [
        (0, 4, EMPTY_ROOT, r4, []),
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, []),
        (4, 1, r4, r1, cproof),
        (1, 4, r1[:16], r4, cproof),
        (1, 4, r1, r4, [*cproof, r1]),
        (1, 4, r1, r4, cproof[:-1]),
        (4, 4, r4, r4, [r4]),
        (4, 4, r4, r1, []),
        (1, 4, r1, r4, []),
    ]:
        with pytest.raises(ProofError):
            verify_consistency(*cargs)
    verify_consistency(4, 4, r4, r4, [])


class CountingSource:
    """A HashSource that counts stored-hash reads, to check the O(log n) promise."""

    def __init__(self, tree: MemoryTree) -> None:
        self.tree = tree
        self.reads = 0

    @property
    def size(self) -> int:
        return self.tree.size

    def subtree_hash(self, start: int, end: int) -> bytes:
        self.reads += 1
        return self.tree.subtree_hash(start, end)


def test_roots_and_proofs_read_logarithmically_many_hashes() -> None:
    tree = MemoryTree([leaf_hash(i.to_bytes(4, "big")) for i in range(3000)])
    src = CountingSource(tree)
    for n in [1, 2, 3, 1000, 1023, 1024, 1025, 2047, 2999, 3000]:
        bound = 2 * math.ceil(math.log2(n + 1)) + 2
        src.reads = 0
        root = root_at(src, n)
        assert src.reads <= bound
        for i in sorted({0, n // 3, n // 2, n - 1}):
            src.reads = 0
            proof = inclusion_proof(src, i, n)
            assert src.reads <= bound
            verify_inclusion(leaf_hash(i.to_bytes(4, "big")), i, n, proof, root)
        for m in sorted({1, n // 3 or 1, n - 1 or 1, n}):
            src.reads = 0
            cproof = consistency_proof(src, m, n)
            assert src.reads <= bound
            verify_consistency(m, n, tree.root(m), root, cproof)


def test_the_tree_stores_one_hash_per_complete_subtree() -> None:
    tree = MemoryTree()
    for i in range(37):
        tree.append_data(bytes([i]))
    assert tree.subtree_hash(32, 36) == mth([bytes([i]) for i in range(32, 36)])
    assert tree.subtree_hash(0, 32) == mth([bytes([i]) for i in range(32)])
    for start, end in [(0, 3), (1, 3), (2, 6), (32, 40), (36, 38), (-1, 1), (5, 5), (40, 41)]:
        with pytest.raises(TreeError):
            tree.subtree_hash(start, end)


def test_questions_beyond_the_tree_are_refused(tree: MemoryTree) -> None:
    calls: list[Callable[[], object]] = [
        lambda: tree.root(MAX_N + 1),
        lambda: tree.root(-1),
        lambda: tree.inclusion_proof(0, MAX_N + 1),
        lambda: tree.inclusion_proof(5, 5),
        lambda: tree.consistency_proof(0, 5),
        lambda: tree.consistency_proof(6, 5),
        lambda: tree.consistency_proof(1, MAX_N + 1),
        lambda: MemoryTree().append(b"short"),
    ]
    for call in calls:
        with pytest.raises(TreeError):
            call()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 600), st.data())
def test_random_proofs_round_trip(n: int, data: st.DataObject) -> None:
    leaves = [leaf_hash(i.to_bytes(2, "big")) for i in range(n)]
    tree = MemoryTree(leaves)
    i = data.draw(st.integers(0, n - 1))
    m = data.draw(st.integers(1, n))
    verify_inclusion(leaves[i], i, n, tree.inclusion_proof(i, n), tree.root())
    verify_consistency(m, n, tree.root(m), tree.root(), tree.consistency_proof(m, n))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 300), st.data())
def test_a_proof_of_a_different_tree_is_rejected(n: int, data: st.DataObject) -> None:
    leaves = [leaf_hash(i.to_bytes(2, "big")) for i in range(n)]
    changed = data.draw(st.integers(0, n - 1))
    other = list(leaves)
    other[changed] = leaf_hash(b"forged")
    good, evil = MemoryTree(leaves), MemoryTree(other)
    i = data.draw(st.integers(0, n - 1))
    with pytest.raises(ProofError):
        verify_inclusion(other[i], i, n, evil.inclusion_proof(i, n), good.root())
    m = data.draw(st.integers(changed + 1, n) if changed + 1 <= n - 1 else st.just(n))
    if m < n:
        # The old tree of size m includes the changed leaf: no proof links it to the good tree.
        with pytest.raises(ProofError):
            verify_consistency(m, n, evil.root(m), good.root(), evil.consistency_proof(m, n))
