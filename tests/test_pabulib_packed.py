"""VOTES columns kept packed: same strings as the row parser, far less memory."""

from __future__ import annotations

import gc
import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.pabulib import PbVotes, from_json, loads, read, to_json
from oylama.pabulib._model import PackedColumn

HEAD = (
    "META\nkey;value\nbudget;100\nvote_type;approval\ndescription;Łódź – zażółć\n"
    "PROJECTS\nproject_id;cost;name\np1;10;Żółw\np2;20;Ćma\n"
)

field = st.text(
    alphabet=st.characters(blacklist_characters=';"\n\r\0', blacklist_categories=["Cs"]),
    max_size=6,
)
vote = st.sampled_from(["", "p1", "p2", "p1,p2", "p2,p1"])


def text_of(rows: list[tuple[str, str, str]], newline: str = "\n", final: bool = True) -> str:
    body = newline.join(f"v{i};{v};{a}" for i, (v, a, _) in enumerate(rows))
    return (
        HEAD.replace("\n", newline)
        + f"VOTES{newline}voter_id;vote;note{newline}"
        + body
        + (newline if final else "")
    )


def test_packed_column_is_a_sequence_equal_to_its_strings() -> None:
    col = PackedColumn.pack(["a", "", "Łódź"])
    assert len(col) == 3
    assert col == ("a", "", "Łódź") and col == ["a", "", "Łódź"]
    assert ("a", "", "Łódź") == col  # noqa: SIM300  (the tuple's comparison defers to ours)
    assert col != ("a", "", "Lodz")
    assert col != ("a", "")
    assert col[2] == "Łódź" and col[-3] == "a" and col[1:] == ("", "Łódź")
    assert list(col) == ["a", "", "Łódź"]
    assert hash(col) == hash(("a", "", "Łódź"))
    assert PackedColumn.pack([]) == () and len(PackedColumn.pack([])) == 0
    assert PackedColumn.pack([""]) == ("",)
    assert repr(col) == "PackedColumn(('a', '', 'Łódź'))"
    with pytest.raises(ValueError, match="line break"):
        PackedColumn.pack(["a\nb"])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(vote, field, field), min_size=1, max_size=30))
def test_fast_split_equals_the_rows(rows: list[tuple[str, str, str]]) -> None:
    e = loads(text_of(rows))
    assert all(isinstance(c, PackedColumn) for c in e.votes.columns)
    assert e.votes.voter_ids == tuple(f"v{i}" for i in range(len(rows)))
    assert e.votes.column("vote") == tuple(v for v, _, _ in rows)
    assert e.votes.column("note") == tuple(a for _, a, _ in rows)
    # The same election built from rows (tuples) is equal, and survives JSON.
    built = PbVotes.from_rows(
        ("voter_id", "vote", "note"), [(f"v{i}", v, a) for i, (v, a, _) in enumerate(rows)]
    )
    assert e.votes == built
    assert from_json(to_json(e)) == e


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_read_splits_votes_after_a_multibyte_head(
    tmp_path: Path, newline: str, final: bool, bom: str
) -> None:
    rows = [("p1,p2", "ąę", ""), ("", "", ""), ("p2", "x y", "")]
    path = tmp_path / "e.pb"
    path.write_bytes((bom + text_of(rows, newline, final)).encode("utf-8"))
    e = read(path)
    assert e.meta["description"] == "Łódź – zażółć"
    assert e.votes.voter_ids == ("v0", "v1", "v2")
    assert e.votes.column("vote") == ("p1,p2", "", "p2")
    assert e.votes.column("note") == ("ąę", "", "x y")
    _, profile = e.to_tally()
    assert profile.num_voters == 3


def test_wrong_field_count_still_names_the_line() -> None:
    text = text_of([("p1", "a", ""), ("p2", "b", "")]).replace("v1;p2;b", "v1;p2")
    with pytest.raises(Exception, match="2 fields where the VOTES header has 3") as info:
        loads(text)
    assert getattr(info.value, "line", None) == 13


def test_json_writes_packed_columns_as_lists() -> None:
    e = loads(text_of([("p1", "a", ""), ("p2", "", "")]))
    obj = json.loads(to_json(e))
    assert obj["votes"]["columns"] == [["v0", "v1"], ["p1", "p2"], ["a", ""]]


def test_votes_are_kept_in_about_their_size_in_the_file() -> None:
    # One string object per field costs ~50 bytes plus the text: ~10x these short fields.
    n = 20_000
    rows = [("p1,p2" if i % 3 else "p2", str(i % 90), "") for i in range(n)]
    text = text_of(rows)
    gc.collect()
    tracemalloc.start()
    try:
        e = loads(text)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert e.num_voters == n
    assert kept < 2 * len(text.encode("utf-8"))
