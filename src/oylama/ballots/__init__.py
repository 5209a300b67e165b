"""Ballot definitions: what municipal staff configure for an election, in TOML.

A definition names the election, its districts and one or more ballots (one per district, plus
optionally a city-wide one); each ballot has a kind (approval, knapsack, cumulative,
quadratic) with its parameters, an allocation rule with utility and tie-break, and its projects
(names in Turkish and optionally English, exact costs, categories, SDG tags, coordinates).
:func:`load` / :func:`loads` read and check a definition and refuse any problem with
``file:line: field.path: reason``; :func:`to_crypto_style`, :func:`to_tally_instance` and
:func:`to_tally_options` map a ballot onto the ballot cryptography and the tally. The format
is specified in docs/ballots.md.
"""

from oylama.ballots._bridge import scale, to_crypto_style, to_tally_instance, to_tally_options
from oylama.ballots._check import (
    QUADRATIC_RULES,
    RULES_BY_KIND,
    SCORE_RULES,
    UTILITIES_BY_KIND,
    Problem,
    display_text_problem,
    problems,
)
from oylama.ballots._load import DefinitionError, from_json, load, loads
from oylama.ballots._model import (
    CITY_WIDE,
    DEFAULT_MIN_TALLY_BALLOTS,
    DEFAULT_PAPER_AND_ONLINE,
    KINDS,
    MAX_MIN_TALLY_BALLOTS,
    MAX_PHOTOS,
    PAPER_AND_ONLINE,
    PHASES,
    SDG_TAGS,
    Ballot,
    Definition,
    District,
    Election,
    Kind,
    Phase,
    Project,
    Text,
)
from oylama.ballots._write import dumps

__all__ = [
    "CITY_WIDE",
    "DEFAULT_MIN_TALLY_BALLOTS",
    "DEFAULT_PAPER_AND_ONLINE",
    "KINDS",
    "MAX_MIN_TALLY_BALLOTS",
    "MAX_PHOTOS",
    "PAPER_AND_ONLINE",
    "PHASES",
    "QUADRATIC_RULES",
    "RULES_BY_KIND",
    "SCORE_RULES",
    "SDG_TAGS",
    "UTILITIES_BY_KIND",
    "Ballot",
    "Definition",
    "DefinitionError",
    "District",
    "Election",
    "Kind",
    "Phase",
    "Problem",
    "Project",
    "Text",
    "display_text_problem",
    "dumps",
    "from_json",
    "load",
    "loads",
    "problems",
    "scale",
    "to_crypto_style",
    "to_tally_instance",
    "to_tally_options",
]
