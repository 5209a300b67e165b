"""The reader on the real Pabulib files in ``../shared/pabulib``, against independent oracles.

Oracles: Python's ``csv`` module with a deliberately naive section walk, the PROJECTS
``votes`` / ``score`` columns published with each file, and pabutools (GPL, test-only). The
three largest files are left to the benchmark.
"""

from __future__ import annotations

import csv
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from oylama.pabulib import PbElection, dumps, loads, read
from oylama.tally import Instance, Profile

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "pabulib"
LARGEST = {"Poland_Lodz_2022.pb", "Poland_Warszawa_2026.pb", "Poland_Wroclaw_2017.pb"}
FILES = (
    sorted(p.name for p in SHARED.glob("*.pb") if p.name not in LARGEST) if SHARED.is_dir() else []
)

pytestmark = pytest.mark.skipif(
    not FILES, reason=f"shared Pabulib data not found at {SHARED} (needed for these tests)"
)

_cache: dict[str, tuple[PbElection, Instance, Profile]] = {}


def load(name: str) -> tuple[PbElection, Instance, Profile]:
    if name not in _cache:
        e = read(SHARED / name)
        _cache[name] = (e, *e.to_tally())
    return _cache[name]


def naive_sections(path: Path) -> dict[str, list[list[str]]]:
    """Rows of each section (header first) by Python's csv module."""
    sections: dict[str, list[list[str]]] = {}
    current = ""
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter=";"):
            if len(row) == 1 and row[0].strip() in {"META", "PROJECTS", "VOTES"}:
                current = row[0].strip()
                sections[current] = []
            elif row:
                sections[current].append(row)
    return sections


def as_multiset(profile: Profile, ids: tuple[str, ...]) -> Counter[tuple[object, ...]]:
    """Ballots as a multiset of (project id, points) lists, comparable across tools."""
    out: Counter[tuple[object, ...]] = Counter()
    for b in range(profile.num_ballots):
        lo, hi = int(profile.indptr[b]), int(profile.indptr[b + 1])
        pts = [1] * (hi - lo) if profile.points is None else profile.points[lo:hi].tolist()
        entries = [(ids[j], p) for j, p in zip(profile.indices[lo:hi].tolist(), pts, strict=True)]
        if profile.kind != "ordinal":
            entries.sort()
        out[tuple(entries)] += int(profile.multiplicity[b])
    return out


@pytest.mark.parametrize("name", FILES)
def test_matches_a_naive_csv_reading(name: str) -> None:
    e, instance, profile = load(name)
    sections = naive_sections(SHARED / name)
    meta = dict(sections["META"][1:])
    assert e.meta == meta
    header, *rows = sections["PROJECTS"]
    assert list(e.project_header) == header
    assert [p.columns for p in e.projects] == [dict(zip(header, r, strict=True)) for r in rows]
    assert instance.project_ids == tuple(r[0] for r in rows)
    scale = instance.scale
    assert Fraction(instance.budget, scale) == Fraction(meta["budget"])
    assert [Fraction(c, scale) for c in instance.costs.tolist()] == [
        Fraction(r[header.index("cost")]) for r in rows
    ]
    vheader, *vrows = sections["VOTES"]
    assert list(e.votes.header) == vheader
    assert [list(r) for r in zip(*e.votes.columns, strict=True)] == vrows
    # Ballots built the obvious way, merged by the tally model's own reference code.
    index = {pid: j for j, pid in enumerate(instance.project_ids)}
    vk = vheader.index("vote")
    ballots = [[index[p] for p in r[vk].split(",")] if r[vk] else [] for r in vrows]
    points = None
    if meta["vote_type"] in {"cumulative", "scoring"}:
        pk = vheader.index("points")
        points = [[int(x) for x in r[pk].split(",")] if r[pk] else [] for r in vrows]
    ref = Profile.from_ballots(meta["vote_type"], len(index), ballots, points)  # type: ignore[arg-type]
    assert profile.kind == meta["vote_type"]
    assert np.array_equal(profile.indptr, ref.indptr)
    assert np.array_equal(profile.indices, ref.indices)
    assert np.array_equal(profile.multiplicity, ref.multiplicity)
    assert (profile.points is None) == (ref.points is None)
    if profile.points is not None and ref.points is not None:
        assert np.array_equal(profile.points, ref.points)
    assert profile.num_voters == len(vrows) == e.num_voters


@pytest.mark.parametrize("name", FILES)
def test_round_trip(name: str) -> None:
    e, _, _ = load(name)
    text = dumps(e)
    assert loads(text) == e
    # Quoting only where needed: the published text comes back, up to line ends.
    original = (SHARED / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    assert text == (original if original.endswith("\n") else original + "\n")


@pytest.mark.parametrize("name", FILES)
def test_approval_counts_match_the_published_votes_column(name: str) -> None:
    e, _, profile = load(name)
    if not all("votes" in p.columns for p in e.projects):
        pytest.skip("no votes column")
    published = [int(p.columns["votes"]) for p in e.projects]
    assert profile.approval_counts().tolist() == published


CUMULATIVE = [n for n in FILES if "vote_type;cumulative" in (SHARED / n).read_text("utf-8")]


def test_there_are_cumulative_files() -> None:
    assert len(CUMULATIVE) >= 5


@pytest.mark.parametrize("name", CUMULATIVE)
def test_point_totals_match_the_published_score_column(name: str) -> None:
    e, _, profile = load(name)
    assert profile.points is not None
    published = [int(p.columns["score"]) for p in e.projects]
    assert profile.point_totals().tolist() == published


@pytest.mark.parametrize("name", FILES)
def test_agrees_with_pabutools(name: str) -> None:
    pabulib = pytest.importorskip("pabutools.election")
    e, instance, profile = load(name)
    p_instance, p_profile = pabulib.parse_pabulib(str(SHARED / name))
    assert Fraction(instance.budget, instance.scale) == Fraction(str(p_instance.budget_limit))
    p_costs = {p.name: Fraction(str(p.cost)) for p in p_instance}
    assert p_costs == {
        pid: Fraction(c, instance.scale)
        for pid, c in zip(instance.project_ids, instance.costs.tolist(), strict=True)
    }
    theirs: Counter[tuple[object, ...]] = Counter()
    for ballot in p_profile:
        if e.vote_type in {"cumulative", "scoring"}:
            entries = sorted((p.name, int(Fraction(str(v)))) for p, v in ballot.items())
        elif e.vote_type == "ordinal":
            entries = [(p.name, 1) for p in ballot]
        else:
            entries = sorted((p.name, 1) for p in ballot)
        theirs[tuple(entries)] += 1
    assert as_multiset(profile, instance.project_ids) == theirs


ORDINAL = [n for n in FILES if "vote_type;ordinal" in (SHARED / n).read_text("utf-8")]


def test_there_are_ordinal_files() -> None:
    assert len(ORDINAL) >= 5


@pytest.mark.parametrize("name", ORDINAL)
def test_ordinal_score_column_is_a_borda_count_over_each_ranking(name: str) -> None:
    """``score`` of ordinal files: a project at position p of a ranking of n gets n - p."""
    e, _, profile = load(name)
    totals = [0] * profile.num_projects
    for b in range(profile.num_ballots):
        lo, hi = int(profile.indptr[b]), int(profile.indptr[b + 1])
        for pos, j in enumerate(profile.indices[lo:hi].tolist()):
            totals[j] += (hi - lo - pos) * int(profile.multiplicity[b])
    assert totals == [int(p.columns["score"]) for p in e.projects]
