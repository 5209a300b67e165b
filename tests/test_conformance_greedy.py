"""The greedy family against real elections: the published outcome of every shared Pabulib
file whose META rule is a greedy variant, and pabutools' greedy on the shared files.

The expected outcomes are read from the files with the standard ``csv`` module, not with our
reader, so that a reader mistake cannot make a wrong outcome look right. See
``docs/pabulib-conformance.md`` for the counts and any file that cannot conform.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from pabutools.election import (
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    Cardinality_Sat,
    Cost_Sat,
    parse_pabulib,
)
from pabutools.rules import greedy_utilitarian_welfare

from oylama.pabulib import read
from oylama.pabulib._recipe import GREEDY_RULES, official_recipe
from oylama.tally import Options, TieBreak, Utility, allocate
from oylama.tally._greedy import pabulib_scores

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "pabulib"

LARGEST = frozenset({"Poland_Lodz_2022.pb", "Poland_Warszawa_2026.pb", "Poland_Wroclaw_2017.pb"})
"""Left to the benchmarks, except in the official-outcome test (our reader and greedy take
well under a second on each, and they are real greedy elections worth checking)."""

INCONSISTENT: dict[str, str] = {}
"""Files whose published outcome contradicts their own META rule, with the reason (each is
an ``xfail(strict=True)``). None of the shared greedy files is inconsistent: see
docs/pabulib-conformance.md."""


def _sections(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """META and PROJECTS of a .pb file, parsed with ``csv`` only."""
    meta: dict[str, str] = {}
    projects: list[dict[str, str]] = []
    section = ""
    header: list[str] | None = None
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter=";"):
            if len(row) == 1 and row[0].strip() in ("META", "PROJECTS", "VOTES"):
                section, header = row[0].strip(), None
                if section == "VOTES":
                    break
                continue
            if header is None:
                header = [h.strip() for h in row]
                continue
            cells = dict(zip(header, (c.strip() for c in row), strict=True))
            if section == "META":
                meta[cells["key"]] = cells["value"]
            else:
                projects.append(cells)
    return meta, projects


def _files() -> list[Path]:
    return sorted(SHARED.glob("*.pb")) if SHARED.is_dir() else []


def _meta_rule(path: Path) -> str:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("rule;"):
                return line.strip().split(";", 1)[1]
            if line.strip() == "PROJECTS":
                break
    return ""


def _vote_type(path: Path) -> str:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("vote_type;"):
                return line.strip().split(";", 1)[1]
    return ""


GREEDY_FILES = [p for p in _files() if _meta_rule(p) in GREEDY_RULES]


def _require_shared() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"shared Pabulib files not found at {SHARED}")


def _greedy_param(path: Path) -> Any:
    marks = []
    if path.name in INCONSISTENT:
        marks.append(pytest.mark.xfail(strict=True, reason=INCONSISTENT[path.name]))
    if path.name in LARGEST:
        marks.append(pytest.mark.slow)
    return pytest.param(path, id=path.name, marks=marks)


@pytest.mark.parametrize("path", [_greedy_param(p) for p in GREEDY_FILES])
def test_official_outcome(path: Path) -> None:
    """Our outcome under the META recipe and file-order ties is the published one."""
    meta, projects = _sections(path)
    if "selected" not in projects[0]:
        pytest.skip("the file publishes no outcome (no selected column)")
    funded = {p["project_id"] for p in projects if p["selected"] == "1"}
    topped_up = {p["project_id"] for p in projects if p["selected"] == "2"}

    election = read(path)
    rule, options = official_recipe(election)
    assert rule == meta["rule"]
    instance, profile = election.to_tally()
    outcome = allocate(instance, profile, rule, options)

    assert set(outcome.selected) == funded
    assert outcome.total_cost <= outcome.budget
    top_up = outcome.notes.get("top_up")
    assert ({top_up} if top_up is not None else set()) == topped_up


@pytest.mark.parametrize(
    "path", [pytest.param(p, id=p.name) for p in _files() if p.name not in LARGEST]
)
def test_published_columns_agree_with_ballots(path: Path) -> None:
    """``votes`` is the number of voters naming a project; ``score`` is the total points
    (cumulative) or the per-ballot Borda count (ordinal). This is why the recipe can let the
    tally recompute scores from the ballots (and use the published column only for ordinal)."""
    _, projects = _sections(path)
    instance, profile = read(path).to_tally()
    assert [p["project_id"] for p in projects] == list(instance.project_ids)
    if "votes" in projects[0]:
        assert [int(p["votes"]) for p in projects] == profile.approval_counts().tolist()
    if "score" in projects[0]:
        assert [int(p["score"]) for p in projects] == pabulib_scores(profile).tolist()


class _PointsTimesCost(AdditiveSatisfaction):  # type: ignore[misc]
    """Satisfaction whose utilitarian-greedy density is a project's total points (Pabulib's
    cumulative greedy)."""

    def __init__(self, instance: object, profile: object, ballot: object) -> None:
        super().__init__(
            instance, profile, ballot, lambda inst, prof, b, p, pre: b.get(p, 0) * p.cost
        )


PABUTOOLS_FILES = [
    p
    for p in _files()
    if p.name not in LARGEST and _vote_type(p) in ("approval", "choose-1", "cumulative")
]


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in PABUTOOLS_FILES])
def test_greedy_equals_pabutools(path: Path) -> None:
    """``greedy`` with pabutools ties equals pabutools' ``greedy_utilitarian_welfare``, for the
    Pabulib score (cost satisfaction; points times cost for cumulative ballots) and for the
    cardinality (and, for cumulative ballots, points) utility."""
    cumulative = _vote_type(path) == "cumulative"
    p_instance, p_profile = parse_pabulib(str(path))
    instance, profile = read(path).to_tally()
    cases: list[tuple[Utility | None, type]] = [
        (None, _PointsTimesCost if cumulative else Cost_Sat),
        ("cardinality", Cardinality_Sat),
    ]
    if cumulative:
        cases.append(("points", Additive_Cardinal_Sat))
    for utility, sat in cases:
        ours = allocate(
            instance, profile, "greedy", Options(utility=utility, tie_break=TieBreak.PABUTOOLS)
        )
        theirs = greedy_utilitarian_welfare(p_instance, p_profile, sat_class=sat)
        assert set(ours.selected) == {p.name for p in theirs}, utility


def test_shared_files_present() -> None:
    _require_shared()
    assert len(GREEDY_FILES) >= 40


# -- Katowice 2020-2021: why pabutools' greedy funds a project the city did not ------------------

KATOWICE_LIKE = """META
key;value
description;District PB in Katowice (the shape of the 2020 district files, not their data)
budget;100000
vote_type;cumulative
rule;greedy-threshold
min_sum_points;1
max_sum_points;3
min_project_score_threshold;50
PROJECTS
project_id;cost;votes;score;name;selected
L16/17/VII;60000;100;300;Remont szatni;1
L16/08/VII;30000;100;200;Rowerem do centrum;1
L16/10/VII;30000;75;150;Tor rolkowy;0
L16/09/VII;8000;7;21;Szachy na skwerze;0
VOTES
voter_id;vote;points
"""


def _katowice_like(tmp_path: Path) -> Path:
    rows = [f"{k};L16/17/VII;3" for k in range(100)]
    rows += [f"{100 + k};L16/08/VII,L16/10/VII;2,1" for k in range(75)]
    rows += [f"{175 + k};L16/08/VII;2" for k in range(25)]
    rows += [f"{200 + k};L16/09/VII,L16/10/VII;3,1" for k in range(7)]
    path = tmp_path / "katowice_like.pb"
    path.write_text(KATOWICE_LIKE + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_katowice_difference_is_the_threshold(tmp_path: Path) -> None:
    """On Katowice 2020-2021 (``rule;greedy-threshold``, ``min_project_score_threshold;50``)
    pabutools' ``greedy_utilitarian_welfare`` funds a cheap project scored under 50 that the
    city did not fund (e.g. ``L16/09/VII``, score 21, in Janów-Nikiszowiec 2020). The reading
    is the same -- ids with slashes, Roman numerals and leading zeros, costs, budget, ballots
    -- and so is the greedy walk: pabutools has no threshold, the city's rule has one. See
    docs/pabulib-conformance.md."""
    path = _katowice_like(tmp_path)
    election = read(path)
    instance, profile = election.to_tally()

    # The same election as pabutools reads it: ids, costs, budget and every ballot.
    p_instance, p_profile = parse_pabulib(str(path))
    assert {p.name: int(p.cost) for p in p_instance} == dict(
        zip(instance.project_ids, instance.costs.tolist(), strict=True)
    )
    assert int(p_instance.budget_limit) == instance.budget
    theirs = sorted(sorted((p.name, int(v)) for p, v in b.items()) for b in p_profile)
    ours = []
    for b in range(profile.num_ballots):
        lo, hi = int(profile.indptr[b]), int(profile.indptr[b + 1])
        assert profile.points is not None
        ballot = sorted(
            (instance.project_ids[j], int(v))
            for j, v in zip(profile.indices[lo:hi], profile.points[lo:hi], strict=True)
        )
        ours += [ballot] * int(profile.multiplicity[b])
    assert sorted(ours) == theirs

    # The city's rule, as META states it, gives the published outcome.
    rule, options = official_recipe(election)
    outcome = allocate(instance, profile, rule, options)
    assert rule == "greedy-threshold" and options.threshold == 50
    assert set(outcome.selected) == {"L16/17/VII", "L16/08/VII"}
    assert outcome.notes["below_threshold"] == ["L16/09/VII"]

    # pabutools' greedy, which knows no threshold, funds L16/09/VII; so does ours without one.
    funded = {p.name for p in greedy_utilitarian_welfare(p_instance, p_profile, _PointsTimesCost)}
    assert funded == {"L16/17/VII", "L16/08/VII", "L16/09/VII"}
    plain = allocate(instance, profile, "greedy", Options(tie_break=TieBreak.PABUTOOLS))
    assert set(plain.selected) == funded
