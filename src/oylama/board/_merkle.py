"""RFC 9162 Merkle tree hashing and proof generation over stored subtree hashes.

The tree is never recomputed per question. A :class:`HashSource` answers "what is the hash of
the complete, aligned subtree covering leaves ``[start, end)``"; every root and proof is then
assembled from O(log n) such reads. :class:`MemoryTree` keeps those hashes per level in memory
(the storage layer will later back the same protocol with a table), appending in O(log n).

Definitions follow RFC 9162 §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1 (PROOF/SUBPROOF); the
docstrings name the section each function implements.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol

from oylama.board._errors import TreeError

#: Length in bytes of every hash in the tree (SHA-256).
HASH_SIZE = 32

#: MTH({}) = SHA-256() -- the root of the empty tree (RFC 9162 §2.1.1).
EMPTY_ROOT = hashlib.sha256(b"").digest()

#: Largest tree size accepted anywhere (sizes are stored as signed 64-bit integers).
MAX_SIZE = 2**63 - 1

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 || d): the hash of one leaf (RFC 9162 §2.1.1)."""
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): the hash of an interior node (RFC 9162 §2.1.1)."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (``n >= 2``): RFC 9162's ``k``."""
    return 1 << ((n - 1).bit_length() - 1)


class HashSource(Protocol):
    """Stored hashes of complete, aligned subtrees of one append-only tree.

    ``subtree_hash(start, end)`` must answer for every range with ``end - start`` a power of
    two, ``start`` a multiple of ``end - start`` and ``end <= size``; it is MTH(D[start:end]).
    A database implementation stores one row per such subtree, written when it completes.
    """

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        ...

    def subtree_hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) of a complete aligned subtree."""
        ...


def _check_aligned(start: int, end: int, size: int) -> int:
    """Validate a complete aligned range and return its level (log2 of its width)."""
    width = end - start
    if not (0 <= start < end <= size):
        raise TreeError(f"subtree [{start}, {end}) is outside the tree of size {size}")
    if width & (width - 1) or start % width:
        raise TreeError(f"subtree [{start}, {end}) is not a complete aligned subtree")
    return width.bit_length() - 1


class MemoryTree:
    """An in-memory append-only Merkle tree storing the hash of every complete aligned subtree.

    ``_levels[h][i]`` is MTH(D[i * 2**h : (i + 1) * 2**h]). Appending a leaf adds one hash on
    level 0 and then one on each level where it completes a pair: O(log n) worst case, O(1)
    amortised, and n - 1 + n hashes in total.
    """

    def __init__(self, leaf_hashes: Sequence[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = [[]]
        for h in leaf_hashes:
            self.append(h)

    @property
    def size(self) -> int:
        """Number of leaves."""
        return len(self._levels[0])

    def append(self, leaf: bytes) -> int:
        """Append a leaf *hash* (e.g. :func:`leaf_hash` of an entry); return its index."""
        if not isinstance(leaf, bytes) or len(leaf) != HASH_SIZE:
            raise TreeError(f"a leaf hash must be {HASH_SIZE} bytes")
        if self.size >= MAX_SIZE:
            raise TreeError("the tree is full")
        index = self.size
        self._levels[0].append(leaf)
        level, h = 0, leaf
        while len(self._levels[level]) % 2 == 0:
            h = node_hash(self._levels[level][-2], h)
            level += 1
            if level == len(self._levels):
                self._levels.append([])
            self._levels[level].append(h)
        return index

    def append_data(self, data: bytes) -> int:
        """Append a leaf given by its data (hashed with :func:`leaf_hash`); return its index."""
        return self.append(leaf_hash(data))

    def subtree_hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) of a complete aligned subtree: one stored read."""
        level = _check_aligned(start, end, self.size)
        return self._levels[level][start >> level]

    def root(self, size: int | None = None) -> bytes:
        """The root at ``size`` (default: the current size); see :func:`root_at`."""
        return root_at(self, self.size if size is None else size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The RFC 9162 inclusion proof of leaf ``index`` at ``size`` (default: current)."""
        return inclusion_proof(self, index, self.size if size is None else size)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """The RFC 9162 consistency proof from ``old_size`` to ``new_size``."""
        return consistency_proof(self, old_size, self.size if new_size is None else new_size)


def _range_hash(src: HashSource, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a range that is a node of the RFC tree of some size.

    Such a range splits, left to right, into complete aligned subtrees of strictly decreasing
    width (the binary digits of ``end - start``); MTH folds them from the right. At most
    log2(n) + 1 reads.
    """
    parts: list[bytes] = []
    pos = start
    while pos < end:
        width = 1 << ((end - pos).bit_length() - 1)
        parts.append(src.subtree_hash(pos, pos + width))
        pos += width
    acc = parts[-1]
    for h in reversed(parts[:-1]):
        acc = node_hash(h, acc)
    return acc


def _check_int(name: str, value: int) -> None:
    if type(value) is not int:
        raise TreeError(f"{name} must be an int")


def root_at(src: HashSource, size: int) -> bytes:
    """MTH(D[0:size]) (RFC 9162 §2.1.1), from O(log size) stored hashes."""
    _check_int("size", size)
    if not 0 <= size <= src.size:
        raise TreeError(f"size {size} is outside 0..{src.size}")
    if size == 0:
        return EMPTY_ROOT
    return _range_hash(src, 0, size)


def inclusion_proof(src: HashSource, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, innermost sibling first.

    Walks down from the root, taking at each split the sibling of the side that holds
    ``index``; only the one sibling on the right edge of the tree may be an incomplete subtree,
    so the whole proof costs O(log size) reads.
    """
    _check_int("index", index)
    _check_int("size", size)
    if not 0 <= index < size <= src.size:
        raise TreeError(f"need 0 <= index < size <= {src.size}, got index {index}, size {size}")
    path: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append(_range_hash(src, start + k, end))
            end = start + k
        else:
            path.append(_range_hash(src, start, start + k))
            start += k
    path.reverse()
    return path


def consistency_proof(src: HashSource, old_size: int, new_size: int) -> list[bytes]:
    """PROOF(old_size, D[0:new_size]) of RFC 9162 §2.1.4.1 (SUBPROOF with b = true).

    ``old_size`` 0 is refused: every tree is trivially consistent with the empty tree, and a
    proof for it would prove nothing (verifiers reject it too).
    """
    _check_int("old_size", old_size)
    _check_int("new_size", new_size)
    if not 1 <= old_size <= new_size <= src.size:
        raise TreeError(
            f"need 1 <= old_size <= new_size <= {src.size}, got {old_size} and {new_size}"
        )
    proof: list[bytes] = []
    start, end, m, complete = 0, new_size, old_size, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append(_range_hash(src, start + k, end))
            end = start + k
        else:
            proof.append(_range_hash(src, start, start + k))
            start += k
            m -= k
            complete = False
    if not complete:
        proof.append(_range_hash(src, start, end))
    proof.reverse()
    return proof


def inclusion_proof_length(index: int, size: int) -> int:
    """Length of PATH(index, D[0:size]): the number of splits on the way down to the leaf."""
    length, start, end = 0, 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            end = start + k
        else:
            start += k
        length += 1
    return length


def consistency_proof_length(old_size: int, new_size: int) -> int:
    """Length of PROOF(old_size, D[0:new_size]) for ``1 <= old_size <= new_size``."""
    length, start, end, m, complete = 0, 0, new_size, old_size, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            end = start + k
        else:
            start += k
            m -= k
            complete = False
        length += 1
    return length + (0 if complete else 1)
