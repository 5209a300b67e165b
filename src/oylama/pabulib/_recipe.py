"""From a Pabulib file's META to one of our rules and its options.

Pabulib records how a city counted in META ``rule`` (plus ``min_project_score_threshold``
and free-text ``comment`` items for the details a rule name cannot carry). This module is the
single place that reads those fields, so that the CLI, tests and benchmarks all reproduce an
official outcome the same way. The mapping and its evidence are documented in
``docs/rules/greedy.md`` ("META rule names").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import get_args

import numpy as np

from oylama.errors import InputError
from oylama.pabulib._model import PbElection
from oylama.tally import rule_names
from oylama.tally._model import Options, TieBreak, Utility

GREEDY_RULES: frozenset[str] = frozenset(
    {"greedy", "greedy-no-skip", "greedy-threshold", "greedy-custom", "greedy-exclusive"}
)
"""META ``rule`` values that are our rule of the same name."""

MES_RULES: dict[str, str] = {
    "equalshares": "mes",
    "equalshares/add1": "mes-add1",
    # Not values Pabulib itself uses (its checker knows the four equalshares spellings
    # handled here and below); accepted for files labelled by tools that name the
    # utilitarian-greedy completion of MES explicitly.
    "equalshares-greedy": "mes-greedy",
    "equalshares/add1-greedy": "mes-add1-greedy",
}
"""META ``rule`` values of the Method of Equal Shares and the MES rule implementing each."""

COMPARISON_RULES: dict[str, str] = {
    "equalshares-comparison": "mes-comparison",
    "equalshares/add1-comparison": "mes-add1-comparison",
}
"""META ``rule`` values with a comparison step, and the rule name they map to once a rule of
that name is registered (none is yet; until then :func:`official_recipe` refuses them)."""

NOT_IMPLEMENTED: dict[str, str] = {
    "equalshares-comparison": (
        "MES, then a comparison step: the greedy outcome replaces it if more voters prefer "
        "greedy (more of their approved projects funded) than prefer MES"
    ),
    "equalshares/add1-comparison": (
        "MES with add1 completion, then a comparison step: the greedy outcome replaces it if "
        "more voters prefer greedy (more of their approved projects funded) than prefer MES"
    ),
}
"""META ``rule`` values Pabulib defines that no rule here implements yet, with their meaning."""

_TOP_UP = re.compile(r"at least (\d+)\s*% of that project", re.IGNORECASE)
_COMMENT_ITEM = re.compile(r"#\d+:\s*")
_EXCLUSIVE = re.compile(
    r"\bprojects?\s+(?P<ids>\S+(?:(?:,\s*|\s+and\s+)\S+)+?)\s+(?:were|are)\b[^#]*?"
    r"\bmutually exclusive\b",
    re.IGNORECASE,
)
_ID_SPLIT = re.compile(r",\s*|\s+and\s+")


def _rule_of(election: PbElection) -> str:
    return election.meta.get("rule", "").strip()


def comment_items(election: PbElection) -> list[str]:
    """The numbered items (``#1: ...``) of META ``comment``, or the whole comment."""
    comment = election.meta.get("comment", "").strip()
    if not comment:
        return []
    items = [c.strip() for c in _COMMENT_ITEM.split(comment) if c.strip()]
    return items or [comment]


def threshold_of(election: PbElection) -> int | None:
    """META ``min_project_score_threshold`` as an integer, or ``None`` if absent."""
    raw = election.meta.get("min_project_score_threshold")
    if raw is None or not raw.strip():
        return None
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise InputError(f"min_project_score_threshold {raw!r} is not a number") from None
    if value != value.to_integral_value():
        # A score is a count of votes or points; the threshold is compared with ``>=``, so a
        # fractional threshold t means the same as its ceiling.
        value = value.to_integral_value(rounding="ROUND_CEILING")
    return int(value)


def top_up_percent_of(election: PbElection) -> int | None:
    """The share of a project the leftover must cover in Poznań's top-up (``80``), if the
    file's comment describes that rule."""
    for item in comment_items(election):
        m = _TOP_UP.search(item)
        if m and "does not fit" in item:
            return int(m.group(1))
    return None


def exclusive_groups_of(election: PbElection) -> tuple[frozenset[int], ...]:
    """Groups of mutually exclusive projects that the META comments name.

    Pabulib states exclusions in words, e.g. "projects 12 and 26 were treated by the city as
    mutually exclusive because they concern the same area" (Ruda Śląska 2026). Each such
    sentence gives one group; an id that is not a project of the file is an error, since
    the exclusion could not be honoured.
    """
    index = {pid: j for j, pid in enumerate(election.project_ids)}
    groups: list[frozenset[int]] = []
    for item in comment_items(election):
        for m in _EXCLUSIVE.finditer(item):
            ids = [t.strip().rstrip(".") for t in _ID_SPLIT.split(m.group("ids"))]
            unknown = [t for t in ids if t not in index]
            if unknown:
                raise InputError(
                    f"META comment names mutually exclusive projects {', '.join(unknown)} "
                    "that are not in PROJECTS"
                )
            group = frozenset(index[t] for t in ids)
            if len(group) > 1 and group not in groups:
                groups.append(group)
    return tuple(groups)


def file_scores(election: PbElection) -> np.ndarray | None:
    """The PROJECTS ``score`` column of an ordinal file, as the greedy score; else ``None``.

    For ordinal ballots the points per rank are a city's convention (Kraków: 3-2-1) that
    META does not always state, so the published column is authoritative. For the other
    vote types the tally recomputes the score from the ballots; the published ``votes`` and
    ``score`` columns agree with it on every shared file (``tests/test_greedy.py``).
    """
    if election.vote_type != "ordinal":
        return None
    if not election.projects or "score" not in election.projects[0].columns:
        return None
    values: list[int] = []
    for p in election.projects:
        raw = p.columns.get("score", "").strip()
        try:
            values.append(int(raw))
        except ValueError:
            raise InputError(f"project {p.project_id!r}: score {raw!r} is not an integer") from None
    return np.asarray(values, dtype=np.int64)


def _check_utility(utility: str | None) -> Utility | None:
    if utility is None:
        return None
    allowed: tuple[str, ...] = get_args(Utility)
    if utility not in allowed:
        raise InputError(f"unknown utility {utility!r}; known: {', '.join(allowed)}")
    return utility  # type: ignore[return-value]


def options_for(
    election: PbElection,
    rule: str,
    *,
    utility: str | None = None,
    tie_break: TieBreak = TieBreak.FILE_ORDER,
    time_limit: float | None = None,
) -> Options:
    """Options for running ``rule`` (any registered rule) on ``election``.

    Carries over what the file says about eligibility and scores, whatever the rule: the
    ``min_project_score_threshold``, the ordinal ``score`` column, exclusive groups named in
    the comments, and (for ``greedy-custom``) the top-up percentage of the comment.
    """
    extra: dict[str, object] = {}
    if rule == "greedy-custom":
        percent = top_up_percent_of(election)
        if percent is not None:
            extra["top_up_percent"] = percent
    return Options(
        tie_break=tie_break,
        utility=_check_utility(utility),
        scores=file_scores(election),
        threshold=threshold_of(election),
        exclusive=exclusive_groups_of(election),
        time_limit=time_limit,
        extra=extra,
    )


def official_recipe(
    election: PbElection, *, tie_break: TieBreak = TieBreak.FILE_ORDER
) -> tuple[str, Options]:
    """The rule and options that reproduce the election's official outcome.

    Raises :class:`InputError` when META ``rule`` is missing, ``unknown`` or a rule not
    implemented here; the message says to choose one with ``--rule``.
    """
    meta_rule = _rule_of(election)
    if not meta_rule or meta_rule == "unknown":
        raise InputError(
            "the file does not say which rule the city used (META rule "
            f"{meta_rule or 'missing'!r}); pass --rule to choose one"
        )
    if meta_rule in GREEDY_RULES:
        rule = meta_rule
        if rule == "greedy-threshold" and threshold_of(election) is None:
            raise InputError(
                "META rule greedy-threshold without min_project_score_threshold; "
                "pass --rule to choose a rule"
            )
        if rule == "greedy-custom" and top_up_percent_of(election) is None:
            raise InputError(
                "META rule greedy-custom, but the comment does not describe the Poznań "
                "top-up rule, the only greedy-custom variant implemented; pass --rule"
            )
    elif meta_rule in MES_RULES:
        rule = MES_RULES[meta_rule]
    elif meta_rule in COMPARISON_RULES and COMPARISON_RULES[meta_rule] in rule_names():
        rule = COMPARISON_RULES[meta_rule]
    elif meta_rule in NOT_IMPLEMENTED:
        raise InputError(
            f"META rule {meta_rule!r} ({NOT_IMPLEMENTED[meta_rule]}) is not implemented; "
            "pass --rule to choose one"
        )
    else:
        raise InputError(f"unknown META rule {meta_rule!r}; pass --rule to choose one")
    return rule, options_for(election, rule, tie_break=tie_break)
