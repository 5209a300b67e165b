"""Errors of the storage layer.

A log whose *entries* were tampered with is reported with the core's
:class:`oylama.board.ChainError`, whose ``index`` names the first bad entry: the storage layer
adds no second way of saying the same thing. What is specific to storage gets its own class.
"""

from __future__ import annotations

from oylama.errors import OylamaError


class StoreError(OylamaError):
    """The store cannot do what was asked: a missing row, an unsupported database."""


class StoredTreeError(StoreError):
    """A stored subtree hash (``board_subtrees``) is missing, extra or wrong.

    The entries themselves verified; the hashes proofs are built from did not. ``level`` and
    ``position`` name the first bad row (subtree of leaves ``[position * 2**level, ...)``).
    """

    def __init__(self, level: int, position: int, message: str):
        self.level = level
        self.position = position
        super().__init__(f"subtree level {level} position {position}: {message}")


class StoredCheckpointError(StoreError):
    """A stored checkpoint that does not verify or does not match the log at its size."""

    def __init__(self, size: int, message: str):
        self.size = size
        super().__init__(f"checkpoint at size {size}: {message}")
