"""Ballot definitions (oylama.ballots): every check with its own invalid input, located by
file:line and field path; the line locator on awkward TOML; the İzmir example; the bridges to
the ballot cryptography and the tally; the ``oylama ballot validate`` command."""

from __future__ import annotations

import json
import random
import tomllib
from datetime import timedelta, timezone
from decimal import Decimal
from pathlib import Path

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama import ballots
from oylama.ballots._locate import format_path, locate
from oylama.crypto._ballot_style import check_choices
from oylama.errors import InputError
from oylama.tally import Profile, TieBreak, allocate, rule_names
from oylama_cli.main import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ballots" / "izmir-karsiyaka-2026.toml"
TESTS = ROOT / "ballots" / "tests"

BASE = """\
[election]
id = "test-2026"
title = { tr = "Deneme", en = "Test" }
city = "İzmir"
currency = "TRY"
opens = 2026-05-04T09:00:00+03:00
closes = 2026-05-24T21:00:00+03:00

[[districts]]
id = "d1"
name = "Bir"
neighbourhoods = ["A", "B"]

[[districts]]
id = "d2"
name = "İki"
neighbourhoods = ["C"]

[[districts]]
id = "d3"
name = "Üç"

[[ballots]]
id = "k"
title.tr = "Knapsack"
district = "d1"
kind = "knapsack"
budget = 100
min_count = 1
max_count = 2
rule = "max-welfare"
utility = "cost"
tie_break = "file-order"

[[ballots.projects]]
id = "p1"
name.tr = "Bir"
name.en = "One"
cost = 40
categories = ["x", "y"]
sdg = ["SDG1", "SDG11"]
latitude = 38.4
longitude = 27.1
neighbourhood = "A"

[[ballots.projects]]
id = "p2"
name.tr = "İki"
description = { tr = "Açıklama" }
cost = "30.50"

[[ballots.projects]]
id = "p3"
name.tr = "Üç"
cost = 70

[[ballots]]
id = "c"
title.tr = "Cumulative"
district = "d2"
kind = "cumulative"
budget = 50
points = 5
rule = "greedy"
tie_break = "pabutools"

[[ballots.projects]]
id = "q1"
name.tr = "Q1"
cost = 20

[[ballots.projects]]
id = "q2"
name.tr = "Q2"
cost = 30
neighbourhood = "C"

[[ballots]]
id = "qv"
title.tr = "Quadratic"
district = "d3"
kind = "quadratic"
budget = 60
max_votes = 3
credits = 9
rule = "quadratic-voting"
tie_break = "file-order"

[[ballots.projects]]
id = "v1"
name.tr = "V1"
cost = 25

[[ballots.projects]]
id = "v2"
name.tr = "V2"
cost = 35

[[ballots]]
id = "a"
title.tr = "Approval"
district = "city-wide"
kind = "approval"
budget = 10
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "r1"
name.tr = "R1"
cost = 5
neighbourhood = "C"
"""


def _line(text: str, marker: str) -> int:
    """The 1-based line where ``marker`` starts (it must occur exactly once)."""
    assert text.count(marker) == 1, f"marker {marker!r} occurs {text.count(marker)} times"
    return text[: text.index(marker)].count("\n") + 1


def _mutate(old: str, new: str) -> str:
    assert BASE.count(old) == 1, f"{old!r} occurs {BASE.count(old)} times in BASE"
    return BASE.replace(old, new)


def test_base_is_valid() -> None:
    d = ballots.loads(BASE, source="base.toml")
    assert [b.id for b in d.ballots] == ["k", "c", "qv", "a"]
    assert [b.kind for b in d.ballots] == ["knapsack", "cumulative", "quadratic", "approval"]
    p1, p2, _ = d.ballots[0].projects
    assert p1.cost == Decimal(40) and p2.cost == Decimal("30.50")
    assert p1.name == ballots.Text(tr="Bir", en="One")
    assert p2.description == ballots.Text(tr="Açıklama")
    assert p1.sdg == ("SDG1", "SDG11") and p1.categories == ("x", "y")
    assert d.election.title.en == "Test"


# (old, new, field path, marker of the expected line in the mutated text, part of the reason)
CASES: list[tuple[str, str, str, str, str]] = [
    # unknown keys (typos) and schema
    (
        "cost = 70\n",
        'cost = 70\ncolor = "red"\n',
        "ballots[0].projects[2].color",
        'color = "red"',
        "unknown field",
    ),
    ("budget = 100\n", "budjet = 100\n", "ballots[0].budjet", "budjet = 100", "unknown field"),
    (
        "cost = 35\n",
        'cost = 35\ntie_break = "file-order"\n',
        "ballots[2].projects[1].tie_break",
        'tie_break = "file-order"\n\n[[ballots]]\nid = "a"',
        "'tie_break' is a ballot field",
    ),
    (
        'city = "İzmir"\n',
        'city = "İzmir"\ncity_name = "x"\n',
        "election.city_name",
        'city_name = "x"',
        "unknown field",
    ),
    (
        'title = { tr = "Deneme", en = "Test" }',
        'title = { tr = "Deneme", eng = "Test" }',
        "election.title.eng",
        'title = { tr = "Deneme", eng',
        "unknown field",
    ),
    (
        'rule = "greedy"\ntie_break = "pabutools"\n',
        'rule = "greedy"\n',
        "ballots[1].tie_break",
        '[[ballots]]\nid = "c"',
        "missing required field",
    ),
    (
        'id = "q2"\nname.tr = "Q2"\n',
        'id = "q2"\n',
        "ballots[1].projects[1].name",
        '[[ballots.projects]]\nid = "q2"',
        "missing required field",
    ),
    ("points = 5\n", 'points = "five"\n', "ballots[1].points", 'points = "five"', "Expected"),
    (
        'kind = "approval"',
        'kind = "ranking"',
        "ballots[3].kind",
        'kind = "ranking"',
        "use one of approval, knapsack",
    ),
    (
        "latitude = 38.4\n",
        'latitude = "north"\n',
        "ballots[0].projects[0].latitude",
        'latitude = "north"',
        "Expected",
    ),
    # money
    ("cost = 20\n", "cost = 20.0\n", "ballots[1].projects[0].cost", "cost = 20.0", "not a float"),
    (
        'cost = "30.50"',
        'cost = "30,50"',
        "ballots[0].projects[1].cost",
        'cost = "30,50"',
        "not an amount",
    ),
    ("cost = 20\n", "cost = 0\n", "ballots[1].projects[0].cost", "cost = 0\n", "cost must be > 0"),
    (
        "cost = 35\n",
        'cost = "-1.5"\n',
        "ballots[2].projects[1].cost",
        'cost = "-1.5"',
        "cost must be > 0",
    ),
    ("budget = 50\n", "budget = -1\n", "ballots[1].budget", "budget = -1", "budget must be >= 0"),
    (
        "budget = 100\nmin_count = 1\n",
        "budget = 0\n",
        "ballots[0].budget",
        "budget = 0",
        "knapsack ballot's budget must be > 0",
    ),
    (
        "budget = 60\n",
        "budget = 9_000_000_000_000_000_000\n",
        "ballots[2].budget",
        "budget = 9_000",
        "at most 2^62",
    ),
    # ids and uniqueness
    (
        'id = "p3"',
        'id = "p1"',
        "ballots[0].projects[2].id",
        'id = "p1"\nname.tr = "Üç"',
        "duplicate project id",
    ),
    ('id = "p3"', 'id = "p 3"', "ballots[0].projects[2].id", 'id = "p 3"', "must be 1 to 64"),
    (
        'id = "c"\n',
        'id = "k"\n',
        "ballots[1].id",
        'id = "k"\ntitle.tr = "Cumulative"',
        "duplicate ballot id",
    ),
    (
        'id = "d3"',
        'id = "d2"',
        "districts[2].id",
        'id = "d2"\nname = "Üç"',
        "duplicate district id",
    ),
    ('id = "d3"', 'id = "city-wide"', "districts[2].id", 'id = "city-wide"', "reserved"),
    (
        'neighbourhoods = ["A", "B"]',
        'neighbourhoods = ["A", ""]',
        "districts[0].neighbourhoods[1]",
        'neighbourhoods = ["A", ""]',
        "must not be empty",
    ),
    (
        'neighbourhoods = ["A", "B"]',
        'neighbourhoods = ["A",\n  "B",\n  "A"]',
        "districts[0].neighbourhoods[2]",
        '"A"]',
        "duplicate neighbourhood",
    ),
    ('id = "test-2026"', 'id = ""', "election.id", 'id = ""', "must be 1 to 64"),
    # counts
    (
        "min_count = 1\n",
        "min_count = 3\n",
        "ballots[0].min_count",
        "min_count = 3",
        "more than max_count",
    ),
    (
        "max_count = 2\n",
        "max_count = 4\n",
        "ballots[0].max_count",
        "max_count = 4",
        "more than the 3 projects",
    ),
    (
        "max_count = 2\n",
        "max_count = 0\n",
        "ballots[0].max_count",
        "max_count = 0",
        "max_count must be >= 1",
    ),
    (
        "min_count = 1\n",
        "min_count = -1\n",
        "ballots[0].min_count",
        "min_count = -1",
        "must be >= 0",
    ),
    (
        "budget = 100\nmin_count = 1\n",
        "budget = 60\nmin_count = 2\n",
        "ballots[0].min_count",
        "min_count = 2",
        "no ballot would be valid",
    ),
    (
        'kind = "approval"\n',
        'kind = "approval"\nmin_count = 2\n',
        "ballots[3].min_count",
        "min_count = 2",
        "more than max_count",
    ),
    # kind parameters
    (
        "points = 5\n",
        "points = 5\nmax_count = 2\n",
        "ballots[1].max_count",
        'max_count = 2\nrule = "greedy"',
        "not a parameter of a cumulative ballot",
    ),
    (
        "min_count = 1\n",
        "min_count = 1\ncredits = 4\n",
        "ballots[0].credits",
        "credits = 4\n",
        "not a parameter of a knapsack ballot",
    ),
    ("points = 5\n", "", "ballots[1].points", '[[ballots]]\nid = "c"', "needs points"),
    ("points = 5\n", "points = 0\n", "ballots[1].points", "points = 0", "points must be 1"),
    ("credits = 9\n", "", "ballots[2].credits", '[[ballots]]\nid = "qv"', "needs credits"),
    ("max_votes = 3\n", "", "ballots[2].max_votes", '[[ballots]]\nid = "qv"', "needs max_votes"),
    (
        "max_votes = 3\n",
        "max_votes = 32\nsigned = true\n",
        "ballots[2].max_votes",
        "max_votes = 32",
        "must be 1 to 31",
    ),
    (
        "max_votes = 3\n",
        "max_votes = 64\n",
        "ballots[2].max_votes",
        "max_votes = 64",
        "must be 1 to 63",
    ),
    ("credits = 9\n", "credits = 0\n", "ballots[2].credits", "credits = 0", "credits must be 1"),
    # allocation
    (
        'rule = "max-welfare"',
        'rule = "mes-plus"',
        "ballots[0].rule",
        'rule = "mes-plus"',
        "unknown rule",
    ),
    (
        'rule = "greedy"\ntie_break = "pabutools"',
        'rule = "quadratic-voting"\ntie_break = "pabutools"',
        "ballots[1].rule",
        'rule = "quadratic-voting"\ntie_break = "pabutools"',
        "does not count cumulative ballots",
    ),
    (
        'rule = "quadratic-voting"',
        'rule = "greedy-no-skip"',
        "ballots[2].rule",
        'rule = "greedy-no-skip"',
        "does not count quadratic ballots",
    ),
    (
        'rule = "max-welfare"',
        'rule = "mes"',
        "ballots[0].rule",
        'rule = "mes"',
        "does not count knapsack ballots",
    ),
    (
        'rule = "greedy"\ntie_break = "pabutools"',
        'rule = "greedy-exclusive"\ntie_break = "pabutools"',
        "ballots[1].rule",
        'rule = "greedy-exclusive"',
        "does not count cumulative ballots",
    ),
    (
        'utility = "cost"',
        'utility = "points"',
        "ballots[0].utility",
        'utility = "points"',
        "does not fit a knapsack ballot",
    ),
    (
        'utility = "cost"',
        'utility = "happiness"',
        "ballots[0].utility",
        'utility = "happiness"',
        "does not fit",
    ),
    (
        "credits = 9\n",
        'credits = 9\nutility = "cost"\n',
        "ballots[2].utility",
        'utility = "cost"\nrule',
        "takes no utility",
    ),
    (
        'tie_break = "pabutools"',
        'tie_break = "random"',
        "ballots[1].tie_break",
        'tie_break = "random"',
        "unknown tie-break",
    ),
    # districts and eligibility
    (
        'district = "d2"',
        'district = "d9"',
        "ballots[1].district",
        'district = "d9"',
        "no district 'd9'",
    ),
    (
        'district = "city-wide"',
        'district = "d1"',
        "ballots[3].district",
        'district = "d1"\nkind = "approval"',
        "duplicate ballot for district",
    ),
    (
        'neighbourhood = "A"',
        'neighbourhood = "C"',
        "ballots[0].projects[0].neighbourhood",
        'neighbourhood = "C"\n\n[[ballots.projects]]\nid = "p2"',
        "not a neighbourhood",
    ),
    (
        'cost = 5\nneighbourhood = "C"',
        'cost = 5\nneighbourhood = "Z"',
        "ballots[3].projects[0].neighbourhood",
        'neighbourhood = "Z"',
        "not a neighbourhood",
    ),
    # projects: SDG, categories, coordinates, texts
    (
        'sdg = ["SDG1", "SDG11"]',
        'sdg = ["SDG1", "SDG18"]',
        "ballots[0].projects[0].sdg[1]",
        'sdg = ["SDG1", "SDG18"]',
        "not an SDG tag",
    ),
    (
        'sdg = ["SDG1", "SDG11"]',
        'sdg = [\n  "SDG1",\n  "sdg11",\n]',
        "ballots[0].projects[0].sdg[1]",
        '"sdg11"',
        "not an SDG tag",
    ),
    (
        'sdg = ["SDG1", "SDG11"]',
        'sdg = ["SDG1", "SDG1"]',
        "ballots[0].projects[0].sdg[1]",
        'sdg = ["SDG1", "SDG1"]',
        "duplicate SDG tag",
    ),
    (
        'categories = ["x", "y"]',
        'categories = ["x", " "]',
        "ballots[0].projects[0].categories[1]",
        'categories = ["x", " "]',
        "must have a visible character",
    ),
    (
        "latitude = 38.4\n",
        "latitude = 91\n",
        "ballots[0].projects[0].latitude",
        "latitude = 91",
        "latitude must be in [-90, 90]",
    ),
    (
        "longitude = 27.1\n",
        "longitude = -180.5\n",
        "ballots[0].projects[0].longitude",
        "longitude = -180.5",
        "longitude must be in [-180, 180]",
    ),
    (
        "longitude = 27.1\n",
        "longitude = nan\n",
        "ballots[0].projects[0].longitude",
        "longitude = nan",
        "longitude must be in",
    ),
    (
        "longitude = 27.1\n",
        "",
        "ballots[0].projects[0].longitude",
        '[[ballots.projects]]\nid = "p1"',
        "go together",
    ),
    (
        'name.tr = "Q1"',
        'name.tr = "  "',
        "ballots[1].projects[0].name.tr",
        'name.tr = "  "',
        "must have a visible character",
    ),
    # invisible-only names and bidirectional controls (a name that shows as blank, or shows
    # text in another order than it is, cannot be told apart from another project's)
    (
        'name.tr = "Q1"',
        'name.tr = "\\u200b\\u2060\\u3164"',
        "ballots[1].projects[0].name.tr",
        'name.tr = "\\u200b',
        "must have a visible character",
    ),
    (
        'name.tr = "Q1"',
        'name.tr = "Q1\\u202eSI"',
        "ballots[1].projects[0].name.tr",
        'name.tr = "Q1',
        "bidirectional controls (U+202E)",
    ),
    (
        'title.tr = "Approval"',
        'title.tr = "\\u2066Approval\\u2069"',
        "ballots[3].title.tr",
        'title.tr = "\\u2066',
        "bidirectional controls (U+2066, U+2069)",
    ),
    (
        'city = "İzmir"',
        'city = "İz\\u001bmir"',
        "election.city",
        "city =",
        "control characters (U+001B)",
    ),
    (
        'title.tr = "Approval"',
        'title.tr = "Approval"\ntitle.en = ""',
        "ballots[3].title.en",
        'title.en = ""',
        "must not be empty",
    ),
    (
        '[[ballots.projects]]\nid = "r1"\nname.tr = "R1"\ncost = 5\nneighbourhood = "C"\n',
        "projects = []\n",
        "ballots[3].projects",
        "projects = []",
        "at least one project",
    ),
    # election
    ('currency = "TRY"', 'currency = "TL"', "election.currency", 'currency = "TL"', "ISO 4217"),
    (
        "opens = 2026-05-04T09:00:00+03:00",
        "opens = 2026-05-04T09:00:00",
        "election.opens",
        "opens = ",
        "UTC offset",
    ),
    (
        "closes = 2026-05-24T21:00:00+03:00",
        "closes = 2026-05-04T08:00:00+02:00",
        "election.closes",
        "closes = ",
        "close after it opens",
    ),
    ('city = "İzmir"', 'city = ""', "election.city", 'city = ""', "must not be empty"),
    (
        'city = "İzmir"',
        'city = "İzmir"\nmin_tally_ballots = 0',
        "election.min_tally_ballots",
        "min_tally_ballots = 0",
        "an integer from 1 to 1,000,000",
    ),
    (
        'city = "İzmir"',
        'city = "İzmir"\nmin_tally_ballots = 1_000_001',
        "election.min_tally_ballots",
        "min_tally_ballots = 1_000_001",
        "an integer from 1 to 1,000,000",
    ),
    (
        'city = "İzmir"',
        'city = "İzmir"\nmin_tally_ballots = "5"',
        "election.min_tally_ballots",
        "min_tally_ballots = ",
        "Expected `int`",
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "at", "reason"), CASES, ids=[c[2] for c in CASES])
def test_each_check_names_field_and_line(
    old: str, new: str, field: str, at: str, reason: str
) -> None:
    text = _mutate(old, new)
    with pytest.raises(ballots.DefinitionError) as info:
        ballots.loads(text, source="def.toml")
    line = _line(text, at)
    found = [(p.field, p.line) for p in info.value.problems if reason in p.reason]
    assert (field, line) in found, info.value.messages()
    assert isinstance(info.value, InputError) and info.value.source == "def.toml"
    # The error itself is the first problem, printed as source:line: field: reason.
    first = info.value.problems[0]
    assert str(info.value) == f"def.toml:{first.line}: {first.field}: {first.reason}"


def test_all_problems_are_collected() -> None:
    text = _mutate('sdg = ["SDG1", "SDG11"]', 'sdg = ["SDG0"]').replace(
        'tie_break = "pabutools"', 'tie_break = "coin"'
    )
    with pytest.raises(ballots.DefinitionError) as info:
        ballots.loads(text, source="x.toml")
    fields = [p.field for p in info.value.problems]
    assert fields == ["ballots[0].projects[0].sdg[0]", "ballots[1].tie_break"]
    assert info.value.messages() == [
        f"x.toml:{_line(text, 'SDG0')}: ballots[0].projects[0].sdg[0]: "
        "'SDG0' is not an SDG tag (SDG1 to SDG17)",
        f"x.toml:{_line(text, 'coin')}: ballots[1].tie_break: "
        "unknown tie-break 'coin'; use one of file-order, pabutools",
    ]


def test_toml_syntax_error_has_line() -> None:
    text = _mutate("points = 5\n", "points = = 5\n")
    with pytest.raises(ballots.DefinitionError) as info:
        ballots.loads(text, source="s.toml")
    assert info.value.line == _line(text, "points = = 5")
    assert "not valid TOML" in str(info.value)


def test_no_ballots() -> None:
    text = BASE[: BASE.index("[[ballots]]")]
    with pytest.raises(ballots.DefinitionError) as info:
        ballots.loads(text)
    assert info.value.problems[0].field == "ballots"
    assert "missing required field" in info.value.problems[0].reason


def test_rule_tables_name_registered_rules() -> None:
    known = set(rule_names())
    for kind, rules in ballots.RULES_BY_KIND.items():
        assert rules and set(rules) <= known, kind
    assert set(ballots.RULES_BY_KIND) == set(ballots.KINDS)


# -- the line locator ------------------------------------------------------------------------

AWKWARD = '''\
# comment with [[ballots]] and key = value
"quoted.key" = 1
a.'b c'.d = """multi
[[not]] a header
x = "nor a key" # nor a comment
"""
lit = \'\'\'it's [x] = y\'\'\'
arr = [
  1, # one
  { k = "v", "w" = [2, 3] },
  "[[z]]",
]

[t . "u v"]
deep = "x\\"# y = 1"   # comment

[[aot]]
n = 1
[aot.sub]
m = 2
[[aot.inner]]
o = 3
[[aot.inner]]
o = 4

[[aot]]
n = 5
when = 1979-05-27 07:32:00Z
[[aot.inner]]
o = 6
'''


def test_locator_on_awkward_toml() -> None:
    tomllib.loads(AWKWARD)  # the locator only ever sees valid TOML
    lines = locate(AWKWARD)
    expect: dict[tuple[str | int, ...], str] = {
        ("quoted.key",): '"quoted.key" = 1',
        ("a", "b c", "d"): "a.'b c'.d",
        ("lit",): "lit = ",
        ("arr",): "arr = [",
        ("arr", 0): "1, # one",
        ("arr", 1): '{ k = "v"',
        ("arr", 1, "w", 1): '{ k = "v"',
        ("arr", 2): '"[[z]]"',
        ("t", "u v"): '[t . "u v"]',
        ("t", "u v", "deep"): "deep = ",
        ("aot", 0): "[[aot]]\nn = 1",
        ("aot", 0, "sub", "m"): "m = 2",
        ("aot", 0, "inner", 1, "o"): "o = 4",
        ("aot", 1, "n"): "n = 5",
        ("aot", 1, "when"): "when = ",
        ("aot", 1, "inner", 0, "o"): "o = 6",
    }
    for path, marker in expect.items():
        assert lines.get(path) == _line(AWKWARD, marker), path
    assert ("not",) not in lines and ("x",) not in lines and ("z",) not in lines
    assert ("y",) not in lines and ("t", "u v", "y") not in lines


def test_locator_crlf_and_spaced_headers() -> None:
    text = 'a = 1\r\n\r\n  [ t ]  # c\r\n  b = "x"\r\n[[ u ]]\r\n[[ u ]]\r\nc = 2\r\n'
    tomllib.loads(text)
    lines = locate(text)
    assert lines[("a",)] == 1 and lines[("t",)] == 3 and lines[("t", "b")] == 4
    assert lines[("u", 0)] == 5 and lines[("u", 1)] == 6 and lines[("u", 1, "c")] == 7


def test_load_accepts_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (TESTS / "minimal.toml").read_bytes())
    assert ballots.load(path) == ballots.load(TESTS / "minimal.toml")


def test_format_path() -> None:
    assert format_path(("ballots", 0, "projects", 3, "cost")) == "ballots[0].projects[3].cost"
    assert format_path(("a", "b c", 1)) == 'a."b c"[1]'


_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t"),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(_TEXT, min_size=1, max_size=4), multiline=st.lists(st.booleans(), min_size=4)
)
def test_locator_lines_after_arbitrary_strings(values: list[str], multiline: list[bool]) -> None:
    """Whatever a string holds (quotes, #, [, =, newlines), the keys after it are located."""
    out: list[str] = []
    for k, value in enumerate(values):
        if multiline[k] and "'''" not in value and not value.endswith("'"):
            out.append(f"s{k} = '''{value}'''")
        else:
            out.append(f"s{k} = {json.dumps(value, ensure_ascii=False)}")
        out.append(f"[[t]]\nafter{k} = {k}")
    text = "\n".join(out) + "\n"
    doc = tomllib.loads(text)
    lines = locate(text)
    for k in range(len(values)):
        assert doc["t"][k][f"after{k}"] == k
        assert lines[("t", k, f"after{k}")] == _line(text, f"after{k} = ")
        assert lines[("t", k)] == _line(text, f"after{k} = ") - 1


# -- the writer: a property round trip ------------------------------------------------------

_SOME_TEXT = st.text(
    alphabet=st.characters(
        exclude_categories=("Cs", "Co", "Cc", "Cf"), include_characters="\t\n\r\x7f\u200b"
    ),
    min_size=1,
    max_size=12,
)
# what a name may be: some visible character, no bidi or other controls (tested above)
_NONBLANK = _SOME_TEXT.filter(lambda s: ballots.display_text_problem(s) is None)
_TEXTS = st.builds(ballots.Text, tr=_NONBLANK, en=st.none() | _NONBLANK)
_MONEY = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2)
_TZ = timezone(timedelta(hours=3))


# max-welfare must be solvable exactly in bounded time: amounts in whole thousands keep
# budget / gcd(costs) within the limit (tested in test_max_welfare_amounts_are_bounded)
_THOUSANDS = st.integers(1, 10**6).map(lambda k: Decimal(k * 1000))


@st.composite
def _projects(
    draw: st.DrawFn, n: int, money: st.SearchStrategy[Decimal] = _MONEY
) -> tuple[ballots.Project, ...]:
    out = []
    for j in range(n):
        located = draw(st.booleans())
        out.append(
            ballots.Project(
                id=f"p{j}",
                name=draw(_TEXTS),
                cost=draw(money),
                description=draw(st.none() | _TEXTS),
                categories=tuple(draw(st.lists(_NONBLANK, unique=True, max_size=3))),
                sdg=tuple(draw(st.lists(st.sampled_from(ballots.SDG_TAGS), unique=True))),
                latitude=draw(st.floats(-90, 90)) if located else None,
                longitude=draw(st.floats(-180, 180)) if located else None,
            )
        )
    return tuple(out)


@st.composite
def _ballot(draw: st.DrawFn, ballot_id: str, district: str) -> ballots.Ballot:
    kind = draw(st.sampled_from(ballots.KINDS))
    rule = draw(st.sampled_from(ballots.RULES_BY_KIND[kind]))
    money = _THOUSANDS if rule == "max-welfare" else _MONEY
    n = draw(st.integers(1, 4))
    projects = draw(_projects(n, money))
    budget = draw(money)
    params: dict[str, object] = {}
    if kind in ("approval", "knapsack"):
        max_count = draw(st.none() | st.integers(1, n))
        min_count = draw(st.none() | st.integers(0, max_count or n))
        if kind == "knapsack" and min_count:
            budget = max(budget, sum(sorted(p.cost for p in projects)[:min_count], Decimal(0)))
        params = {"min_count": min_count, "max_count": max_count}
    elif kind == "cumulative":
        params = {"points": draw(st.integers(1, 1000))}
    else:
        signed = draw(st.none() | st.booleans())
        top = 31 if signed else 63
        params = {
            "signed": signed,
            "max_votes": draw(st.integers(1, top)),
            "credits": draw(st.integers(1, 10**6)),
        }
    utilities = ballots.UTILITIES_BY_KIND[kind]
    return ballots.Ballot(
        id=ballot_id,
        title=draw(_TEXTS),
        district=district,
        kind=kind,
        budget=budget,
        rule=rule,
        tie_break=draw(st.sampled_from(["file-order", "pabutools"])),
        projects=projects,
        utility=draw(st.none() | st.sampled_from(utilities)) if utilities else None,
        **params,  # type: ignore[arg-type]
    )


@st.composite
def _definitions(draw: st.DrawFn) -> ballots.Definition:
    k = draw(st.integers(0, 2))
    districts = tuple(
        ballots.District(
            id=f"d{i}",
            name=draw(_NONBLANK),
            neighbourhoods=tuple(draw(st.lists(_NONBLANK, unique=True, max_size=2))),
        )
        for i in range(k)
    )
    targets = [d.id for d in districts if draw(st.booleans())]
    if draw(st.booleans()) or not targets:
        targets.append(ballots.CITY_WIDE)
    opens = draw(st.none() | st.datetimes(timezones=st.just(_TZ)))
    closes = None
    if opens is not None and opens.year < 9000:
        closes = opens + timedelta(days=draw(st.integers(1, 60)))
    return ballots.Definition(
        election=ballots.Election(
            id=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)),
            title=draw(_TEXTS),
            city=draw(_NONBLANK),
            currency=draw(st.sampled_from(["TRY", "EUR", "PLN"])),
            opens=opens,
            closes=closes,
        ),
        districts=districts,
        ballots=tuple(draw(_ballot(f"b{i}", t)) for i, t in enumerate(targets)),
    )


@settings(max_examples=150, deadline=None)
@given(d=_definitions())
def test_dumps_loads_round_trip(d: ballots.Definition) -> None:
    assert ballots.problems(d) == []
    text = ballots.dumps(d)
    assert ballots.loads(text, source="gen.toml") == d
    # The writer puts one key per line and escapes newlines, so each key's line is known by
    # counting headers; the locator must agree whatever the strings hold.
    lines = locate(text)
    table: tuple[str | int, ...] = ()
    n_districts = n_ballots = n_projects = -1
    for number, line in enumerate(text.split("\n"), 1):  # TOML breaks lines at \n only
        if line == "[election]":
            table = ("election",)
        elif line == "[[districts]]":
            n_districts += 1
            table = ("districts", n_districts)
        elif line == "[[ballots]]":
            n_ballots, n_projects = n_ballots + 1, -1
            table = ("ballots", n_ballots)
        elif line == "[[ballots.projects]]":
            n_projects += 1
            table = ("ballots", n_ballots, "projects", n_projects)
        elif " = " in line:
            key = line.split(" = ", 1)[0]
            assert lines[(*table, key)] == number, (table, key)


def test_dumps_example_round_trip() -> None:
    d = ballots.load(EXAMPLE)
    assert ballots.loads(ballots.dumps(d)) == d


# -- the example, eligibility, bridges ---------------------------------------------------------


def test_izmir_example() -> None:
    d = ballots.load(EXAMPLE)
    assert d.election.city == "İzmir" and d.election.currency == "TRY"
    assert sorted(b.kind for b in d.ballots) == sorted(ballots.KINDS)
    assert sum(b.city_wide for b in d.ballots) == 1
    for b in d.ballots:
        assert 6 <= len(b.projects) <= 12, b.id
        assert all(p.sdg for p in b.projects), b.id
        assert b.rule in ballots.RULES_BY_KIND[b.kind]
        ballots.to_crypto_style(b)
        instance = ballots.to_tally_instance(b)
        assert instance.project_ids == tuple(p.id for p in b.projects)
        for p, units in zip(b.projects, instance.costs, strict=True):
            assert Decimal(int(units)) / instance.scale == p.cost
        assert Decimal(instance.budget) / instance.scale == b.budget
    assert [b.id for b in d.ballots_for("alaybey")] == ["alaybey-2026", "karsiyaka-geneli-2026"]
    with pytest.raises(InputError):
        d.ballots_for("bornova")


def test_definition_round_trips_through_json() -> None:
    """What the API upload carries (msgspec JSON) decodes to the same definition."""
    d = ballots.load(EXAMPLE)
    again = msgspec.json.decode(msgspec.json.encode(d), type=ballots.Definition)
    assert again == d
    assert ballots.problems(again) == []
    assert ballots.from_json(msgspec.json.encode(d)) == d


def test_from_json_checks_and_names_fields() -> None:
    doc = msgspec.to_builtins(ballots.loads(BASE))
    doc["ballots"][0]["projects"][1]["sdg"] = ["SDG20"]
    with pytest.raises(ballots.DefinitionError) as info:
        ballots.from_json(json.dumps(doc), source="upload")
    assert str(info.value) == (
        "upload: ballots[0].projects[1].sdg[0]: 'SDG20' is not an SDG tag (SDG1 to SDG17)"
    )
    doc["ballots"][0]["projects"][1]["sdg"] = []
    doc["ballots"][1]["budjet"] = "1"
    with pytest.raises(ballots.DefinitionError) as info:
        ballots.from_json(json.dumps(doc))
    assert info.value.problems[0].field == "ballots[1].budjet"


def test_crypto_styles_of_each_kind() -> None:
    d = ballots.loads(BASE)
    k, c, qv, a = (ballots.to_crypto_style(b) for b in d.ballots)
    # "30.50" makes the knapsack's money scale 10: costs 40, 30.5, 70 and budget 100.
    assert (k.kind, k.projects, k.costs, k.budget) == ("knapsack", 3, (400, 305, 700), 1000)
    assert (k.min_count, k.max_count) == (1, 2)
    assert (c.kind, c.projects, c.points) == ("cumulative", 2, 5)
    assert (qv.kind, qv.max_votes, qv.credits, qv.signed) == ("quadratic", 3, 9, False)
    assert (a.kind, a.projects, a.min_count, a.max_count) == ("approval", 1, 0, None)
    assert k.id == "k"
    check_choices(k, [1, 1, 0])  # 70.5 of 100
    with pytest.raises(InputError):
        check_choices(k, [1, 0, 1])  # 110 of 100
    with pytest.raises(InputError):
        check_choices(qv, [3, 1])  # 10 credits of 9


def test_tally_instance_options_and_allocation() -> None:
    d = ballots.loads(BASE)
    knap, cum, quad, _ = d.ballots
    inst = ballots.to_tally_instance(knap)
    assert inst.project_ids == ("p1", "p2", "p3")
    assert inst.costs.tolist() == [400, 305, 700] and inst.budget == 1000 and inst.scale == 10
    rule, options = ballots.to_tally_options(knap)
    assert (rule, options.utility, options.tie_break) == (
        "max-welfare",
        "cost",
        TieBreak.FILE_ORDER,
    )
    assert ballots.to_tally_options(cum)[1].tie_break is TieBreak.PABUTOOLS
    # Everyone approves p3 only: it gets all the money, and the outcome is in currency units.
    profile = Profile.from_ballots("approval", 3, [[2]] * 5)
    outcome = allocate(inst, profile, rule, options)
    assert outcome.selected == ["p3"] and outcome.total_cost == 70 and outcome.budget == 100
    # Quadratic voting gets the ballot's credits: a ballot over them is refused by the tally.
    rule, options = ballots.to_tally_options(quad)
    assert options.extra == {"credits": 9, "signed": False}
    qinst = ballots.to_tally_instance(quad)
    ok = Profile.from_ballots("cumulative", 2, [[0, 1]], points=[[2, 2]])
    assert allocate(qinst, ok, rule, options).selected == ["v1", "v2"]
    over = Profile.from_ballots("cumulative", 2, [[0]], points=[[4]])
    with pytest.raises(InputError):
        allocate(qinst, over, rule, options)
    assert np.array_equal(qinst.costs, [25, 35])


# -- the command -------------------------------------------------------------------------------


def test_cli_validate_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ballot", "validate", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "valid: izmir-karsiyaka-2026" in out and "4 ballots" in out
    assert "tallies decrypted from 5 counted ballots" in out
    for kind in ballots.KINDS:
        assert kind in out


def test_cli_validate_minimal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ballot", "validate", str(TESTS / "minimal.toml")]) == 0
    out = capsys.readouterr().out
    assert "1 ballots" in out
    # not set: the default, five (docs/ballots.md §3.1 says why)
    assert ballots.load(TESTS / "minimal.toml").election.min_tally_ballots == 5
    assert "tallies decrypted from 5 counted ballots" in out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("invalid-unknown-key.toml", [("budjet = 1000", "ballots[0].budjet: unknown field")]),
        (
            "invalid-sdg.toml",
            [
                ("max_count = 2", "ballots[0].max_count: not a parameter of a cumulative ballot"),
                ('sdg = ["SDG11", "SDG18"]', "ballots[0].projects[0].sdg[1]: 'SDG18' is not"),
            ],
        ),
    ],
)
def test_cli_validate_invalid(
    name: str, expected: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = TESTS / name
    text = path.read_text(encoding="utf-8")
    assert main(["ballot", "validate", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == len(expected)
    for got, (marker, message) in zip(err, expected, strict=True):
        assert got.startswith(f"oylama: error: {path}:{_line(text, marker)}: {message}"), got


def test_cli_validate_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["ballot", "validate", str(tmp_path / "nope.toml")]) == 2
    err = " ".join(capsys.readouterr().err.split())  # the console may wrap long paths
    assert err.startswith("oylama: error: ") and "nope.toml: cannot read" in err


def test_cli_validate_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'[election]\nid = "x"\ncity = "\xddzmir"\n')
    assert main(["ballot", "validate", str(bad)]) == 2
    assert f"{bad}:3: not UTF-8" in capsys.readouterr().err


# -- what the tally and the allocation can always finish --------------------------------------

_BOUNDED = """\
[election]
id = "bounded-2026"
title.tr = "Sınır"
city = "İzmir"
currency = "TRY"

[[ballots]]
id = "b"
title.tr = "B"
district = "city-wide"
kind = "{kind}"
budget = "{budget}"
rule = "{rule}"
tie_break = "file-order"
{extra}
{projects}
"""


def _bounded(kind: str, budget: str, rule: str, costs: list[str], extra: str = "") -> str:
    projects = "".join(
        f'[[ballots.projects]]\nid = "p{j}"\nname.tr = "P{j}"\ncost = "{c}"\n\n'
        for j, c in enumerate(costs)
    )
    return _BOUNDED.format(kind=kind, budget=budget, rule=rule, extra=extra, projects=projects)


def test_max_welfare_amounts_are_bounded() -> None:
    """max-welfare is accepted only where its exact search (budget in units of the costs'
    gcd) is bounded, for the engine and an auditor: 46 projects with costs to the lira (gcd 1)
    and a 2·10^8 budget are refused with the reason and the remedy, and so are whole
    thousands (a capacity of 200,000); whole millions are accepted."""
    rng = random.Random(46)
    fine = [str(rng.randrange(10**6, 10**7)) for _ in range(46)]
    text = _bounded("approval", "200000000", "max-welfare", fine)
    with pytest.raises(ballots.DefinitionError) as info:
        ballots.loads(text, source="mw.toml")
    [problem] = info.value.problems
    assert problem.field == "ballots[0].rule"
    assert "200,000,000" in problem.reason and "coarser unit" in problem.reason
    thousands = [str(int(c) // 1000 * 1000) for c in fine]
    with pytest.raises(ballots.DefinitionError, match="200,000 times the largest unit"):
        ballots.loads(_bounded("approval", "200000000", "max-welfare", thousands))
    millions = [str(int(c) // 10**6 * 10**6) for c in fine]
    assert ballots.loads(_bounded("approval", "200000000", "max-welfare", millions))
    assert ballots.loads(_bounded("approval", "200000000", "greedy", fine))  # greedy: any


def test_cumulative_points_are_bounded_by_what_a_tally_decrypts() -> None:
    ok = _bounded("cumulative", "100", "greedy", ["10", "20"], "points = 10000000000")
    assert ballots.loads(ok).ballots[0].points == 10**10
    over = _bounded("cumulative", "100", "greedy", ["10", "20"], "points = 10000000001")
    with pytest.raises(ballots.DefinitionError, match="points must be 1 to 10,000,000,000"):
        ballots.loads(over)


def test_consultation_is_one_answer_of_cost_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A consultation (docs/ballots.md §4.1) validates as such, and each way of making it
    something else is named with its line: more than one answer per voter, answers that
    cost, a budget other than 1, another kind, a single answer."""
    path = TESTS / "consultation.toml"
    assert main(["ballot", "validate", str(path)]) == 0
    d = ballots.load(path)
    assert d.ballots[0].consultation is True
    assert ballots.loads(ballots.dumps(d)) == d  # the flag survives an export
    # the most-voted answer is the allocation (ties by file order)
    text = path.read_text(encoding="utf-8")
    for old, new, message in (
        ("max_count = 1", "max_count = 2", "a consultation has min_count = max_count = 1"),
        ("budget = 1\n", "budget = 2\n", "a consultation's budget is 1"),
        ('name = { tr = "Hayır", en = "No" }\ncost = 1', 'name.tr = "Hayır"\ncost = 3',
         "each answer of a consultation costs 1"),
        ('kind = "approval"', 'kind = "cumulative"\npoints = 3', "a consultation is an approval"),
    ):  # fmt: skip
        bad = tmp_path / "bad.toml"
        changed = text.replace(old, new, 1)
        assert changed != text
        bad.write_text(changed, encoding="utf-8")
        assert main(["ballot", "validate", str(bad)]) == 2
        err = capsys.readouterr().err
        assert message in err, err
    one = text[: text.rindex("[[ballots.projects]]")]
    (tmp_path / "one.toml").write_text(one, encoding="utf-8")
    assert main(["ballot", "validate", str(tmp_path / "one.toml")]) == 2
    assert "at least two answers" in capsys.readouterr().err
