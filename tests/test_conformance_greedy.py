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
