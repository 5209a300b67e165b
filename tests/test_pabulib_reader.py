"""The Pabulib reader on small hand-written files: what it accepts and what it keeps."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from oylama.errors import InputError
from oylama.pabulib import PabulibError, PbElection, loads, money_scale, read
from oylama.tally import Instance, Profile


def pb(
    *,
    meta: str = "budget;100\nvote_type;approval\n",
    projects: str = "project_id;cost;name\n1;40;A\n2;60;B\n3;25.5;C\n",
    votes: str = "voter_id;vote\nv1;1,2\nv2;2,1\nv3;3\n",
) -> str:
    return f"META\nkey;value\n{meta}PROJECTS\n{projects}VOTES\n{votes}"


def ballots(profile: Profile) -> dict[tuple[tuple[int, ...], tuple[int, ...] | None], int]:
    """The profile as {(projects, points): voters}, in the profile's order."""
    out: dict[tuple[tuple[int, ...], tuple[int, ...] | None], int] = {}
    for b in range(profile.num_ballots):
        lo, hi = int(profile.indptr[b]), int(profile.indptr[b + 1])
        pts = None if profile.points is None else tuple(profile.points[lo:hi].tolist())
        out[(tuple(profile.indices[lo:hi].tolist()), pts)] = int(profile.multiplicity[b])
    return out


def test_basic_election_is_kept_verbatim() -> None:
    e = loads(pb())
    assert isinstance(e, PbElection)
    assert e.meta == {"budget": "100", "vote_type": "approval"}
    assert list(e.meta) == ["budget", "vote_type"]
    assert e.budget == Decimal(100)
    assert e.vote_type == "approval"
    assert e.num_voters == 3
    assert [p.project_id for p in e.projects] == ["1", "2", "3"]
    assert e.projects[2].columns == {"project_id": "3", "cost": "25.5", "name": "C"}
    assert e.projects[2].cost == Decimal("25.5")
    assert e.votes.header == ("voter_id", "vote")
    assert e.votes.voter_ids == ("v1", "v2", "v3")
    assert e.votes.column("vote") == ("1,2", "2,1", "3")


def test_to_tally_scales_money_and_merges_unordered_ballots() -> None:
    instance, profile = loads(pb()).to_tally()
    assert isinstance(instance, Instance)
    assert instance.project_ids == ("1", "2", "3")
    assert instance.scale == 10
    assert instance.costs.tolist() == [400, 600, 255]
    assert instance.budget == 1000
    assert instance.money(instance.budget) == 100
    assert instance.money(255) == Decimal("25.5")
    assert profile.kind == "approval"
    assert profile.points is None
    # "1,2" and "2,1" are the same approval ballot.
    assert ballots(profile) == {((0, 1), None): 2, ((2,), None): 1}
    assert profile.approval_counts().tolist() == [2, 2, 1]


def test_scale_is_the_smallest_power_of_ten() -> None:
    text = pb(
        meta="budget;1656699.67\nvote_type;approval\n",
        projects="project_id;cost\na;100.50\nb;7\n",
        votes="voter_id;vote\nx;a\n",
    )
    instance, _ = loads(text).to_tally()
    assert instance.scale == 100
    assert instance.budget == 165669967
    assert instance.costs.tolist() == [10050, 700]
    # The election keeps the amounts exactly as published.
    assert loads(text).projects[0].columns["cost"] == "100.50"


def test_ordinal_ballots_keep_rank_order() -> None:
    text = pb(
        meta="budget;100\nvote_type;ordinal\n",
        votes="voter_id;vote\nv1;3,1,2\nv2;1,2,3\nv3;3,1,2\n",
    )
    _, profile = loads(text).to_tally()
    assert profile.kind == "ordinal"
    assert profile.points is None
    assert ballots(profile) == {((2, 0, 1), None): 2, ((0, 1, 2), None): 1}


def test_cumulative_points_follow_their_projects_when_merged() -> None:
    text = pb(
        meta="budget;100\nvote_type;cumulative\n",
        votes="voter_id;vote;points\nv1;2,1;3,1\nv2;1,2;1,3\nv3;1,2;3,1\nv4;3;04\n",
    )
    _, profile = loads(text).to_tally()
    assert profile.kind == "cumulative"
    assert ballots(profile) == {((0, 1), (1, 3)): 2, ((0, 1), (3, 1)): 1, ((2,), (4,)): 1}
    assert profile.point_totals().tolist() == [5, 7, 4]
    assert profile.approval_counts().tolist() == [3, 3, 1]


def test_scoring_allows_negative_and_zero_points() -> None:
    text = pb(
        meta="budget;100\nvote_type;scoring\n",
        votes="voter_id;vote;points\nv1;1,2;-2,0\nv2;3;5\n",
    )
    _, profile = loads(text).to_tally()
    assert profile.point_totals().tolist() == [-2, 0, 5]


def test_points_column_of_an_ordinal_file_is_checked_but_not_tallied() -> None:
    text = pb(
        meta="budget;100\nvote_type;ordinal\n",
        votes="voter_id;vote;points\nv1;2,1;2,1\nv2;2,1;9,9\n",
    )
    e = loads(text)
    assert e.votes.column("points") == ("2,1", "9,9")
    _, profile = e.to_tally()
    assert profile.points is None
    assert ballots(profile) == {((1, 0), None): 2}


def test_choose_one() -> None:
    text = pb(meta="budget;100\nvote_type;choose-1\n", votes="voter_id;vote\na;2\nb;2\nc;1\n")
    _, profile = loads(text).to_tally()
    assert profile.kind == "choose-1"
    assert profile.approval_counts().tolist() == [1, 2, 0]


def test_empty_votes_are_empty_ballots() -> None:
    text = pb(votes="voter_id;vote\nv1;\nv2;1\nv3;\n")
    e = loads(text)
    assert e.num_voters == 3
    _, profile = e.to_tally()
    assert profile.num_voters == 3
    assert ballots(profile) == {((), None): 2, ((0,), None): 1}


def test_no_voters_at_all() -> None:
    _, profile = loads(pb(votes="voter_id;vote\n")).to_tally()
    assert profile.num_voters == 0
    assert profile.indptr.tolist() == [0]


def test_quoted_fields_with_separator_quotes_and_line_breaks() -> None:
    projects = (
        'project_id;cost;name\n1;40;"Park ""Zielony""; etap 1"\n2;60;"two\nlines"\n3;25;""""\n'
    )
    text = pb(meta='budget;100\nvote_type;approval\ncomment;"a;b ""c"""\n', projects=projects)
    e = loads(text)
    assert e.meta["comment"] == 'a;b "c"'
    assert [p.columns["name"] for p in e.projects] == ['Park "Zielony"; etap 1', "two\nlines", '"']


def test_quoted_votes_go_through_the_row_parser() -> None:
    text = pb(votes='voter_id;vote;note\nv1;"1,2";"x;y"\nv2;3;plain\n')
    e = loads(text)
    assert e.votes.column("note") == ("x;y", "plain")
    assert e.votes.column("vote") == ("1,2", "3")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_line_ends_and_byte_order_mark(newline: str) -> None:
    text = "\ufeff" + pb().replace("\n", newline)
    assert loads(text) == loads(pb())


def test_mixed_line_ends() -> None:
    lines = pb().split("\n")
    mixed = "".join(line + ("\r\n" if k % 2 else "\n") for k, line in enumerate(lines[:-1]))
    assert loads(mixed) == loads(pb())


def test_blank_lines_and_missing_final_newline_are_tolerated() -> None:
    text = pb().replace("PROJECTS\n", "\n  \nPROJECTS\n").replace("v2;", "\nv2;").rstrip("\n")
    assert loads(text) == loads(pb())


def test_section_names_are_case_insensitive() -> None:
    text = pb().replace("META", "meta").replace("PROJECTS", " Projects ").replace("VOTES", "votes")
    assert loads(text) == loads(pb())


def test_spaces_around_ids_in_a_vote_are_tolerated() -> None:
    e = loads(pb(votes="voter_id;vote\nv1;1, 2\nv2;2,1\n"))
    assert e.votes.column("vote") == ("1, 2", "2,1")  # kept verbatim
    _, profile = e.to_tally()
    assert ballots(profile) == {((0, 1), None): 2}


def test_optional_columns_are_kept_in_order() -> None:
    projects = "project_id;cost;votes;name;selected;latitude;longitude\n1;5;2;X;1;50.1;19.9\n"
    votes = "voter_id;age;vote;sex;neighbourhood\nv1;34;1;F;Stare Miasto\nv2;;1;M;\n"
    e = loads(pb(projects=projects, votes=votes))
    assert list(e.projects[0].columns) == projects.split("\n", maxsplit=1)[0].split(";")
    assert e.votes.header == ("voter_id", "age", "vote", "sex", "neighbourhood")
    assert e.votes.column("neighbourhood") == ("Stare Miasto", "")
    assert [(v.voter_id, v.projects, v.extra) for v in e.votes] == [
        ("v1", ("1",), {"age": "34", "sex": "F", "neighbourhood": "Stare Miasto"}),
        ("v2", ("1",), {"age": "", "sex": "M", "neighbourhood": ""}),
    ]


def test_meta_values_are_verbatim_strings() -> None:
    e = loads(pb(meta="budget; 100 \nvote_type;approval\nnum_votes;3\ncomment;\n"))
    assert e.meta["budget"] == " 100 "
    assert e.budget == 100
    assert e.meta["comment"] == ""


def test_read_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.pb"
    path.write_text(pb(), encoding="utf-8")
    assert read(path) == loads(pb())
    path.write_text(pb(meta="vote_type;approval\n"), encoding="utf-8")
    with pytest.raises(PabulibError) as info:
        read(path)
    assert info.value.source == str(path)
    assert str(info.value).startswith(f"{path}:")


def test_read_refuses_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.pb"
    text = pb(projects="project_id;cost;name\n1;4;Ł\n2;5;x\n")
    path.write_bytes(text.encode("utf-8").replace("Ł".encode(), "Ł".encode("iso-8859-2")))
    with pytest.raises(PabulibError, match="not UTF-8") as info:
        read(path)
    assert info.value.line == 7


def test_errors_are_input_errors() -> None:
    with pytest.raises(InputError):
        loads("nothing")


def test_to_tally_of_a_programmatic_election_checks_votes() -> None:
    import msgspec  # noqa: PLC0415

    e = loads(pb())
    bad_votes = msgspec.structs.replace(e.votes, columns=(e.votes.columns[0], ("1,2", "9", "3")))
    bad = msgspec.structs.replace(e, votes=bad_votes)
    with pytest.raises(PabulibError, match="voter 'v2': vote for unknown project '9'"):
        bad.to_tally()


def test_to_tally_follows_a_changed_vote_type() -> None:
    import msgspec  # noqa: PLC0415

    e = loads(pb(votes="voter_id;vote\nv1;3,1\nv2;1,3\n"))
    ordinal = msgspec.structs.replace(e, meta={**e.meta, "vote_type": "ordinal"})
    assert ballots(e.to_tally()[1]) == {((0, 2), None): 2}
    assert ballots(ordinal.to_tally()[1]) == {((2, 0), None): 1, ((0, 2), None): 1}
    assert np.array_equal(e.to_tally()[0].costs, ordinal.to_tally()[0].costs)


def test_money_scale_is_exact_beyond_28_digits() -> None:
    many = Decimal("1234567890123456789012345678.125")  # 31 significant digits
    assert money_scale([many]) == 1000
    assert money_scale([Decimal("1656699.670"), Decimal("100"), Decimal("0.00")]) == 100
    assert money_scale([Decimal("1E+3"), Decimal("0")]) == 1
