"""Malformed Pabulib input: every refusal names ``source:line`` and the reason.

What the reader repairs instead of refusing (a project named twice in a vote, a stray quote)
is refused here with ``strict=True``, with the message a strict reading always gave; the
repairs themselves are tested in ``test_pabulib_repairs.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from oylama.errors import InputError
from oylama.pabulib import PabulibError, PbElection, loads, read

HEAD = [
    "META",
    "key;value",
    "budget;100",
    "vote_type;approval",
    "PROJECTS",
    "project_id;cost;name",
    "1;40;A",
    "2;60;B",
    "VOTES",
    "voter_id;vote;age",
]
VOTES = ["v1;1,2;30", "v2;2;41", "v3;1;52"]


def fails(
    lines: list[str], line: int, match: str, *, newline: str = "\n", strict: bool = False
) -> PabulibError:
    """Parse ``lines``; assert the error is on ``line`` (1-based) and matches ``match``."""
    with pytest.raises(PabulibError, match=match) as info:
        loads(newline.join(lines) + newline, source="bad.pb", strict=strict)
    err = info.value
    assert isinstance(err, InputError)
    assert (err.source, err.line) == ("bad.pb", line), str(err)
    assert str(err).startswith(f"bad.pb:{line}: ")
    return err


def read_bytes(data: bytes) -> PbElection:
    """``read`` of a file holding ``data`` (the reader of files, not of text)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bad.pb"
        path.write_bytes(data)
        return read(path)


def test_valid_base_file_parses() -> None:
    assert loads("\n".join(HEAD + VOTES)).num_voters == 3


# -- sections ---------------------------------------------------------------------------------


def test_missing_meta_section() -> None:
    fails(HEAD[4:] + VOTES, 1, "missing META section before PROJECTS")


def test_rows_before_meta() -> None:
    fails(["budget;100", *HEAD, *VOTES], 1, "expected the META section first")


def test_missing_projects_section() -> None:
    fails(HEAD[:4] + HEAD[8:] + VOTES, 5, "missing PROJECTS section before VOTES")


def test_missing_votes_section() -> None:
    fails(HEAD[:8], 8, "missing VOTES section")


def test_empty_file() -> None:
    fails([], 1, "missing META section")


def test_section_twice() -> None:
    fails(
        [*HEAD, *VOTES, "PROJECTS", "project_id;cost", "3;1"], 14, "PROJECTS section appears twice"
    )


def test_votes_section_twice() -> None:
    fails([*HEAD, *VOTES, "VOTES"], 14, "VOTES section appears twice")


def test_section_without_header() -> None:
    fails([*HEAD[:4], "PROJECTS", "VOTES", "voter_id;vote"], 6, "PROJECTS section has no header")


def test_votes_without_header() -> None:
    fails(HEAD[:9], 9, "VOTES section has no header line")


def test_bad_meta_header() -> None:
    lines = list(HEAD)
    lines[1] = "name;value"
    fails(lines + VOTES, 2, "META header must be 'key;value'")


@pytest.mark.parametrize(
    ("k", "header", "missing"),
    [
        (5, "project_id;name", "cost"),
        (5, "id;cost;name", "project_id"),
        (9, "voter_id;ballot;age", "vote"),
        (9, "id;vote;age", "voter_id"),
    ],
)
def test_header_without_a_required_column(k: int, header: str, missing: str) -> None:
    lines = list(HEAD)
    lines[k] = header
    fails(lines + VOTES, k + 1, f"header has no '{missing}' column")


def test_header_names_a_column_twice() -> None:
    lines = list(HEAD)
    lines[5] = "project_id;cost;name;name"
    fails(lines + VOTES, 6, "PROJECTS header names column 'name' twice")


# -- META -------------------------------------------------------------------------------------


def test_missing_budget() -> None:
    fails([*HEAD[:2], *HEAD[3:], *VOTES], 1, "META has no 'budget'")


@pytest.mark.parametrize("budget", ["abc", "1,000", "1e5", "", "12.", "+5", "0x10", "١٠٠"])
def test_non_numeric_budget(budget: str) -> None:
    lines = list(HEAD)
    lines[2] = f"budget;{budget}"
    fails(lines + VOTES, 3, "non-numeric budget")


def test_negative_budget() -> None:
    lines = list(HEAD)
    lines[2] = "budget;-100"
    fails(lines + VOTES, 3, "negative budget '-100'")


def test_missing_vote_type() -> None:
    fails([*HEAD[:3], *HEAD[4:], *VOTES], 1, "META has no 'vote_type'")


def test_unknown_vote_type() -> None:
    lines = list(HEAD)
    lines[3] = "vote_type;approve"
    fails(lines + VOTES, 4, "unknown vote_type 'approve'")


def test_meta_key_twice() -> None:
    fails(
        [*HEAD[:3], "budget;200", *HEAD[3:], *VOTES],
        4,
        r"META key 'budget' given twice \(first on line 3\)",
    )


def test_meta_row_with_three_fields() -> None:
    fails(
        [*HEAD[:3], "rule;greedy;extra", *HEAD[3:], *VOTES],
        4,
        "3 fields where the META header has 2",
    )


# -- PROJECTS ---------------------------------------------------------------------------------


def test_duplicate_project_id() -> None:
    fails(
        [*HEAD[:8], "1;5;C", *HEAD[8:], *VOTES], 9, r"duplicate project id '1' \(first on line 7\)"
    )


@pytest.mark.parametrize("cost", ["-40", "-0.5"])
def test_negative_cost(cost: str) -> None:
    lines = list(HEAD)
    lines[6] = f"1;{cost};A"
    fails(lines + VOTES, 7, f"negative cost '{cost}' of project '1'")


@pytest.mark.parametrize("cost", ["forty", "", "40 PLN", "4,5", "nan", "inf"])
def test_non_numeric_cost(cost: str) -> None:
    lines = list(HEAD)
    lines[6] = f"1;{cost};A"
    fails(lines + VOTES, 7, "non-numeric cost")


@pytest.mark.parametrize("pid", ["", " 1", "1,5"])
def test_unusable_project_id(pid: str) -> None:
    lines = list(HEAD)
    lines[6] = f"{pid};40;A"
    fails(lines + VOTES, 7, "project id")


def test_project_row_with_too_few_fields() -> None:
    lines = list(HEAD)
    lines[7] = "2;60"
    fails(lines + VOTES, 8, "2 fields where the PROJECTS header has 3")


# -- quoting ----------------------------------------------------------------------------------


def test_unterminated_quote() -> None:
    lines = list(HEAD)
    lines[7] = '2;60;"B'
    fails(lines + VOTES, 8, "unterminated quoted field")


def test_unterminated_quote_in_votes() -> None:
    fails([*HEAD, "v1;1;30", 'v2;"2;41', "v3;1;52"], 12, "unterminated quoted field")


def test_text_after_closing_quote() -> None:
    lines = list(HEAD)
    lines[7] = '2;60;"B"x'
    fails(lines + VOTES, 8, "text 'x' after a closing quote", strict=True)


def test_quote_inside_unquoted_field() -> None:
    lines = list(HEAD)
    lines[7] = '2;60;B "big"'
    fails(lines + VOTES, 8, "quote inside an unquoted field", strict=True)


# -- VOTES: each case is checked by the one-split path, with CRLF, and by the row parser ------

VOTE_CASES = [
    ("v2;3;41", "vote for unknown project '3'"),
    ("v2;;41;x", "4 fields where the VOTES header has 3"),
    ("v2;2", "2 fields where the VOTES header has 3"),
    ("v2;1,,2;41", "vote for unknown project ''"),
    ("v1;2;41", r"duplicate voter id 'v1' \(first on line 11\)"),
    (";2;41", "empty voter id"),
    ("v2;1,2;41;", "4 fields where the VOTES header has 3"),  # a trailing separator
    ("v2;1,2,;41", "vote for unknown project ''"),  # a trailing comma
    ("v2;2,1,2;41", "vote names project '2' more than once"),  # (only when strict)
]


@pytest.mark.parametrize("variant", ["plain", "crlf", "quoted", "blank-lines"])
@pytest.mark.parametrize(("row", "match"), VOTE_CASES)
def test_bad_vote_row(row: str, match: str, variant: str) -> None:
    votes = [VOTES[0], row, VOTES[2]]
    bad_line = len(HEAD) + 2
    newline = "\r\n" if variant == "crlf" else "\n"
    if variant == "quoted":
        votes[2] = 'v3;1;"5;2"'
    if variant == "blank-lines":
        votes = ["", votes[0], "  ", *votes[1:]]
        bad_line += 2
        match = match.replace("line 11", "line 12")
    fails(HEAD + votes, bad_line, match, newline=newline, strict="more than once" in match)


def test_same_project_twice_in_a_scoring_vote() -> None:
    """Two scores for one project: which one counts? Refused even when not strict."""
    lines = list(HEAD)
    lines[3] = "vote_type;scoring"
    lines[9] = "voter_id;vote;points"
    fails(
        [*lines, "v1;1,2;2,1", "v2;2,2;1,-1"],
        12,
        r"vote names project '2' more than once \(a scoring vote: which of its scores",
    )


@pytest.mark.parametrize("vote_type", ["approval", "choose-1", "ordinal", "cumulative"])
def test_same_project_twice_is_an_error_when_strict(vote_type: str) -> None:
    lines = list(HEAD)
    lines[3] = f"vote_type;{vote_type}"
    lines[9] = "voter_id;vote;points"
    fails(
        [*lines, "v1;1;2", "v2;2,2;1,1"],
        12,
        "bad.pb:12: vote names project '2' more than once$",
        strict=True,
    )


def test_not_utf8_names_the_byte_and_the_code_page() -> None:
    text = "\n".join([*HEAD[:6], "1;40;Łódź", *HEAD[7:], *VOTES]) + "\n"
    with pytest.raises(PabulibError) as info:
        read_bytes(text.encode("cp1250"))
    err = info.value
    assert err.line == 7
    assert "not UTF-8 text: byte 0xA3 at byte 6 of the line (invalid start byte)" in str(err)
    assert "cp1250" in str(err)


def test_utf16_is_named() -> None:
    text = "\n".join(HEAD + VOTES) + "\n"
    with pytest.raises(PabulibError, match="looks like UTF-16"):
        read_bytes(text.encode("utf-16"))


def test_choose_one_vote_with_two_projects() -> None:
    lines = list(HEAD)
    lines[3] = "vote_type;choose-1"
    fails([*lines, "v1;1;3", "v2;2,1;3"], 12, "a choose-1 vote names 2 projects")


POINT_HEAD = [*HEAD[:3], "vote_type;cumulative", *HEAD[4:9], "voter_id;vote;points"]


def test_points_needed_for_cumulative_votes() -> None:
    fails([*POINT_HEAD[:9], "voter_id;vote", "v1;1"], 10, "needs a 'points' column")


@pytest.mark.parametrize(
    ("vote", "points", "match"),
    [
        ("1,2", "3", "1 points for 2 projects in the vote"),
        ("1", "3,1", "2 points for 1 projects in the vote"),
        ("1", "", "0 points for 1 projects in the vote"),
        ("1,2", "3,x", "points '3,x' are not comma-separated integers"),
        ("1,2", "3,1.5", "points '3,1.5' are not comma-separated integers"),
        ("1", "+2", "points '\\+2' are not comma-separated integers"),
        ("1", "1_0", "points '1_0' are not comma-separated integers"),
        ("1,2", "3,-1", "negative points '3,-1' in a cumulative vote"),
    ],
)
def test_bad_points(vote: str, points: str, match: str) -> None:
    fails([*POINT_HEAD, "v1;1;2", f"v2;{vote};{points}"], 12, match)


def test_error_names_the_first_voter_with_a_repeated_bad_vote() -> None:
    fails([*HEAD, "v1;1;1", "v2;9;1", "v3;1;1", "v4;9;1"], 12, "unknown project '9'")


def test_later_error_after_a_multiline_quoted_field() -> None:
    lines = list(HEAD)
    lines[6] = '1;40;"A\nsecond line"'
    # The quoted field spans lines 7-8, so every later line moves down by one.
    fails([*lines, "v1;1;30", "v2;7;41"], 13, "unknown project '7'")
