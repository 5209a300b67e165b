"""Read and write Pabulib ``.pb`` participatory-budgeting files.

``read(path)`` / ``loads(text)`` give a :class:`PbElection` (META, projects and votes kept
verbatim, money exact); ``election.to_tally()`` gives the tally core's ``(Instance,
Profile)``; ``dumps`` / ``write`` write an election back, ``to_json`` / ``from_json`` convert
it to and from the engine's JSON form. ``official_recipe`` / ``options_for`` turn META into a
rule and its options. Malformed input raises :class:`PabulibError` (an
:class:`oylama.errors.InputError`) naming ``file:line``; the slips real files make that have
one reading (a project named twice in a vote, a stray quotation mark) are repaired and listed
in ``election.repairs`` (:class:`Repair`: warnings with their line), or refused with
``strict=True``. See ``docs/pabulib.md``.
"""

from __future__ import annotations

from oylama.pabulib._bridge import money_scale, to_tally
from oylama.pabulib._json import from_json, to_json
from oylama.pabulib._model import (
    VOTE_TYPES,
    PabulibError,
    PbElection,
    PbProject,
    PbVote,
    PbVotes,
    Repair,
    parse_money,
)
from oylama.pabulib._reader import loads, read
from oylama.pabulib._recipe import official_recipe, options_for
from oylama.pabulib._writer import dumps, write

__all__ = [
    "VOTE_TYPES",
    "PabulibError",
    "PbElection",
    "PbProject",
    "PbVote",
    "PbVotes",
    "Repair",
    "dumps",
    "from_json",
    "loads",
    "money_scale",
    "official_recipe",
    "options_for",
    "parse_money",
    "read",
    "to_json",
    "to_tally",
    "write",
]
