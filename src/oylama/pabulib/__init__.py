"""Read and write Pabulib ``.pb`` participatory-budgeting files.

``read(path)`` / ``loads(text)`` give a :class:`PbElection` (META, projects and votes kept
verbatim, money exact); ``election.to_tally()`` gives the tally core's ``(Instance,
Profile)``; ``dumps`` / ``write`` write an election back. Malformed input raises
:class:`PabulibError` (an :class:`oylama.errors.InputError`) naming ``file:line``.
"""

from __future__ import annotations

from oylama.pabulib._bridge import money_scale, to_tally
from oylama.pabulib._model import (
    VOTE_TYPES,
    PabulibError,
    PbElection,
    PbProject,
    PbVote,
    PbVotes,
    parse_money,
)
from oylama.pabulib._reader import loads, read
from oylama.pabulib._writer import dumps, write

__all__ = [
    "VOTE_TYPES",
    "PabulibError",
    "PbElection",
    "PbProject",
    "PbVote",
    "PbVotes",
    "dumps",
    "loads",
    "money_scale",
    "parse_money",
    "read",
    "to_tally",
    "write",
]
