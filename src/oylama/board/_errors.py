"""The precise errors of the bulletin board core.

Verifiers raise instead of returning ``False`` so that a caller cannot forget to look at the
result, and so that the message says *which* check failed (an auditor needs the reason, not a
boolean). Every class derives from :class:`oylama.errors.OylamaError` so the edges (CLI, HTTP)
can map all engine errors uniformly.
"""

from __future__ import annotations

from oylama.errors import OylamaError


class BoardError(OylamaError):
    """Base class of every error raised by :mod:`oylama.board`."""


class TreeError(BoardError):
    """A question the tree cannot answer: a size beyond the tree, a misaligned subtree range."""


class ProofError(BoardError):
    """An inclusion or consistency proof (or its inputs) failed strict verification."""


class EntryError(BoardError):
    """An entry that is malformed or not in canonical encoding."""


class ChainError(BoardError):
    """A log whose entries do not form one valid hash chain.

    ``index`` is the position of the first entry that cannot be authenticated (see
    ``docs/spec/board.md``, section "Chain verification"), so that an auditor can point at it.
    """

    def __init__(self, index: int, message: str):
        self.index = index
        self.message = message
        super().__init__(f"entry {index}: {message}")


class CheckpointError(BoardError):
    """A checkpoint or signed note that is malformed, non-canonical or wrongly signed."""


class InconsistentCheckpointError(CheckpointError):
    """A new checkpoint that is not a consistent extension of the last signed one.

    The log must never sign such a checkpoint (C2SP tlog-checkpoint, "Signatures").
    """
