"""The writer: what it emits, and that reading it back gives the same election."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oylama.pabulib import (
    PabulibError,
    PbElection,
    PbProject,
    PbVotes,
    dumps,
    loads,
    read,
    write,
)
from oylama.tally import Profile


def small() -> PbElection:
    return PbElection(
        meta={
            "description": 'Park "Nad Wisłą"; etap 2',
            "budget": "1000.50",
            "vote_type": "approval",
        },
        project_header=("project_id", "cost", "name"),
        projects=(
            PbProject.make("p1", "500.25", name="Çeşme; İzmir"),
            PbProject.make("p2", "400", name="Łódź\nnowa"),
        ),
        votes=PbVotes.from_rows(("voter_id", "vote", "sex"), [("a", "p1,p2", "K"), ("b", "", "")]),
    )


def test_output_format() -> None:
    assert dumps(small()) == (
        "META\n"
        "key;value\n"
        'description;"Park ""Nad Wisłą""; etap 2"\n'
        "budget;1000.50\n"
        "vote_type;approval\n"
        "PROJECTS\n"
        "project_id;cost;name\n"
        'p1;500.25;"Çeşme; İzmir"\n'
        'p2;400;"Łódź\nnowa"\n'
        "VOTES\n"
        "voter_id;vote;sex\n"
        "a;p1,p2;K\n"
        "b;;\n"
    )


def test_round_trip_and_write(tmp_path: Path) -> None:
    e = small()
    path = tmp_path / "out.pb"
    write(e, path)
    assert path.read_bytes() == dumps(e).encode("utf-8")
    assert b"\r" not in path.read_bytes()
    assert read(path) == e


def test_no_voters() -> None:
    e = msgspec.structs.replace(small(), votes=PbVotes.from_rows(("voter_id", "vote"), []))
    assert dumps(e).endswith("VOTES\nvoter_id;vote\n")
    assert loads(dumps(e)) == e


def test_writer_refuses_inconsistent_columns() -> None:
    e = small()
    odd = msgspec.structs.replace(e, projects=(PbProject.make("p1", "5"),))
    with pytest.raises(PabulibError, match="has columns"):
        dumps(odd)
    ragged = msgspec.structs.replace(e, votes=PbVotes(("voter_id", "vote"), (("a", "b"), ("p1",))))
    with pytest.raises(PabulibError, match="differ in length"):
        dumps(ragged)


def test_make_refuses_a_bad_cost() -> None:
    with pytest.raises(PabulibError, match="not an amount"):
        PbProject.make("x", "12,5")


# -- property: any election the model can hold is written and read back unchanged ------------

# Awkward text: separators, quotes, line breaks, Turkish and Polish letters, spaces.
# No "\r": line breaks inside fields are read as LF, so "\r\n" would not come back as is.
AWKWARD = st.text(
    alphabet=st.sampled_from(list(';"\n ,abcxyz019ÇçĞğİıÖöŞşÜüĄąĆćĘęŁłŃńÓóŚśŹźŻż-_.\t')),
    max_size=12,
)
IDS = st.text(alphabet=st.sampled_from(list('abcIİıŁł019;"_- ')), min_size=1, max_size=6).filter(
    lambda s: s == s.strip()
)
MONEY = st.builds(
    lambda whole, frac: f"{whole}.{frac}" if frac else str(whole),
    st.integers(0, 10**12),
    st.sampled_from(["", "5", "50", "05", "125", "999"]),
)
COLUMN_NAMES = st.lists(
    st.text(alphabet=st.sampled_from(list('abcąę;" _')), min_size=1, max_size=5).filter(
        lambda s: s not in {"project_id", "cost", "voter_id", "vote", "points"}
    ),
    max_size=3,
    unique=True,
)


@st.composite
def elections(draw: st.DrawFn) -> PbElection:
    vote_type = draw(st.sampled_from(["approval", "choose-1", "cumulative", "ordinal", "scoring"]))
    extra_meta = draw(st.dictionaries(AWKWARD, AWKWARD, max_size=4))
    meta = {"budget": draw(MONEY), "vote_type": vote_type}
    meta.update({k: v for k, v in extra_meta.items() if k not in meta})
    ids = draw(st.lists(IDS.filter(lambda s: "," not in s), min_size=1, max_size=6, unique=True))
    project_extra = draw(COLUMN_NAMES)
    projects = tuple(
        PbProject.make(pid, draw(MONEY), **{c: draw(AWKWARD) for c in project_extra}) for pid in ids
    )
    voter_extra = draw(COLUMN_NAMES)
    with_points = vote_type in {"cumulative", "scoring"} or draw(st.booleans())
    header = ("voter_id", "vote", *(["points"] if with_points else []), *voter_extra)
    voters = draw(st.lists(AWKWARD.filter(bool), max_size=12, unique=True))
    rows = []
    for vid in voters:
        if vote_type == "choose-1":
            chosen = draw(st.lists(st.sampled_from(ids), max_size=1))
        else:
            chosen = draw(st.permutations(ids))[: draw(st.integers(0, len(ids)))]
        low = -5 if vote_type == "scoring" else 0
        pts = [str(draw(st.integers(low, 9))) for _ in chosen]
        row = [vid, ",".join(chosen), *([",".join(pts)] if with_points else [])]
        row += [draw(AWKWARD) for _ in voter_extra]
        rows.append(row)
    return PbElection(
        meta=meta,
        project_header=("project_id", "cost", *project_extra),
        projects=projects,
        votes=PbVotes.from_rows(header, rows),
    )


def reference_profile(e: PbElection) -> Profile:
    """The profile built the slow, obvious way from the decoded votes."""
    index = {p.project_id: j for j, p in enumerate(e.projects)}
    kept = e.vote_type in {"cumulative", "scoring"}
    decoded = list(e.votes)
    return Profile.from_ballots(
        e.vote_type,  # type: ignore[arg-type]
        len(index),
        [[index[p] for p in v.projects] for v in decoded],
        [v.points or () for v in decoded] if kept else None,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections())
def test_dumps_then_loads_gives_the_same_election(e: PbElection) -> None:
    text = dumps(e)
    assert "\r" not in text
    back = loads(text)
    assert back == e
    assert dumps(back) == text
    instance, profile = back.to_tally()
    ref = reference_profile(e)
    assert profile.kind == ref.kind
    assert profile.indptr.tolist() == ref.indptr.tolist()
    assert profile.indices.tolist() == ref.indices.tolist()
    assert profile.multiplicity.tolist() == ref.multiplicity.tolist()
    assert (profile.points is None) == (ref.points is None)
    if profile.points is not None and ref.points is not None:
        assert profile.points.tolist() == ref.points.tolist()
    for p, units in zip(e.projects, instance.costs.tolist(), strict=True):
        assert Decimal(units) / instance.scale == p.cost
    assert Decimal(instance.budget) / instance.scale == e.budget
