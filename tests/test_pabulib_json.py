"""The JSON form of an election: exact round trip, and the same checks as a .pb file."""

from __future__ import annotations

import json

import msgspec
import pytest

from oylama.pabulib import PabulibError, PbElection, from_json, loads, to_json

TEXT = (
    'META\nkey;value\nbudget;1000.50\nvote_type;cumulative\ncomment;"a;b"\n'
    "PROJECTS\nproject_id;cost;name\np1;500.25;Çeşme\np2;400;Łódź\n"
    "VOTES\nvoter_id;vote;points;age\na;p1,p2;2,1;30\nb;p2;3;\n"
)


def election() -> PbElection:
    return loads(TEXT)


def test_round_trip_is_exact() -> None:
    e = election()
    data = to_json(e)
    obj = json.loads(data)
    assert obj["meta"]["budget"] == "1000.50"
    assert obj["projects"][0]["cost"] == "500.25"  # exact, not a float
    back = from_json(data, source="e.json")
    assert back == e
    instance, profile = back.to_tally()
    assert instance.budget == 100050 and instance.scale == 100
    assert profile.point_totals().tolist() == [2, 4]


def test_malformed_json() -> None:
    with pytest.raises(PabulibError, match=r"^e.json: not an election in JSON form"):
        from_json(b"{", source="e.json")
    with pytest.raises(PabulibError, match="not an election in JSON form"):
        from_json(b'{"meta": {}}', source="e.json")


def test_vote_errors_are_found_as_in_a_pb_file() -> None:
    obj = json.loads(to_json(election()))
    obj["votes"]["columns"][1][1] = "p3"
    with pytest.raises(PabulibError, match=r"vote for unknown project 'p3' \(line 13 of") as info:
        from_json(json.dumps(obj), source="e.json")
    assert (info.value.source, info.value.line) == ("e.json", None)


def test_bad_budget() -> None:
    obj = json.loads(to_json(election()))
    obj["meta"]["budget"] = "lots"
    with pytest.raises(PabulibError, match="non-numeric budget 'lots'"):
        from_json(json.dumps(obj))


def test_cost_field_must_match_its_column() -> None:
    obj = json.loads(to_json(election()))
    obj["projects"][0]["cost"] = "1"
    with pytest.raises(PabulibError, match="differs from its cost column"):
        from_json(json.dumps(obj))


def test_columns_must_match_the_header() -> None:
    obj = json.loads(to_json(election()))
    del obj["projects"][1]["columns"]["name"]
    with pytest.raises(PabulibError, match="the PROJECTS header has"):
        from_json(json.dumps(obj))
    obj = json.loads(to_json(election()))
    obj["votes"]["columns"][0].append("c")
    with pytest.raises(PabulibError, match="VOTES columns differ in length"):
        from_json(json.dumps(obj))


def test_a_field_that_cannot_survive_pb_is_refused() -> None:
    e = election()
    odd = msgspec.structs.replace(e, meta={**e.meta, "comment": "x\r\ny"})
    with pytest.raises(PabulibError, match="does not read back as itself"):
        from_json(to_json(odd))


def test_repairs_are_not_part_of_the_json_form() -> None:
    """The JSON form leaves out how a .pb text was read: a repaired quote is plain text in
    it, and a repeated project (kept verbatim in the vote) is repaired again by from_json,
    at the line of the election written as .pb."""
    text = (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
        '1;40;"Odkupmy" i my\n2;60;B\nVOTES\nvoter_id;vote\nv1;1,2,1\nv2;2\n'
    )
    e = loads(text, source="damaged.pb")
    assert [(r.kind, r.line) for r in e.repairs] == [("quote", 7), ("repeated-project", 11)]
    data = to_json(e)
    assert b"repairs" not in data and b"Odkupmy i my" in data
    back = from_json(data, source="e.json")
    assert [(r.kind, r.line, r.source) for r in back.repairs] == [
        ("repeated-project", 11, "e.json")
    ]
    assert back.repairs[0].problem == (
        "vote names project '1' more than once (line 11 of the election written as .pb)"
    )
    assert back.projects == e.projects and back.votes == e.votes
    assert back.to_tally()[1].multiplicity.tolist() == e.to_tally()[1].multiplicity.tolist()
    with pytest.raises(PabulibError, match=r"^e\.json: vote names project '1' more than once"):
        from_json(data, source="e.json", strict=True)
