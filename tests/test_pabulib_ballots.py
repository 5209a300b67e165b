"""The batch ballot decoder against the per-vote reference decoder, on arbitrary raw votes.

The batch decoder may hand a batch over to the reference decoder (that is how errors and
leniencies are handled), but whenever it answers itself its answer must be the reference's,
and it must never accept a batch the reference refuses. The same holds for repairs (a project
named twice in a vote): the batch makes them itself, and must report the same voters, with
the same message, as the reference.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.pabulib._ballots import (
    BallotError,
    Ballots,
    FieldSpans,
    VoteRepair,
    _decode_batch,
    _from_merged,
    _SlowPathError,
    _vote_entries_bytes,
    decode_ballots,
    merge_ballots,
)
from oylama.pabulib._model import PackedColumn

INDEX = {"a": 0, "b": 1, "c": 2, "10": 3, "Ł": 4, "długa-nazwa": 5, "x" * 17: 6}
# Known ids, unknown ones, spaces, empty entries: raw votes as a careless file may hold.
TOKENS = st.sampled_from(
    ["a", "b", "c", "10", "Ł", "długa-nazwa", "x" * 17, "1", "x", " a", "b ", "", "A", "długa"]
)
VOTE = st.lists(TOKENS, max_size=5).map(",".join)
POINT = st.sampled_from(["0", "1", "2", "3", "07", "-1", " 2", "x", "", "1.5", "+1"])
POINTS = st.lists(POINT, max_size=5).map(",".join)
VOTE_TYPE = st.sampled_from(["approval", "choose-1", "cumulative", "ordinal", "scoring"])


def same(a: Ballots, b: Ballots) -> bool:
    if a.points is None or b.points is None:
        points_equal = a.points is None and b.points is None
    else:
        points_equal = np.array_equal(a.points, b.points)
    return (
        np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.multiplicity, b.multiplicity)
        and points_equal
    )


def spans(values: list[str]) -> FieldSpans:
    """``values`` as the reader hands them over: fields where they lie in a buffer."""
    data = ("\n".join(values) + "\n").encode()
    sizes = np.asarray([len(v.encode()) for v in values], dtype=np.int64)
    starts = np.cumsum(sizes + 1) - (sizes + 1)
    return FieldSpans(data, starts, sizes, tuple(values))


def check(vote_type: str, votes: list[str], points: list[str] | None, keep: bool) -> None:
    ref_repairs: list[VoteRepair] = []
    try:
        ref = _from_merged(
            merge_ballots(INDEX, vote_type, votes, points, keep_points=keep, repairs=ref_repairs),
            keep_points=keep,
        )
    except BallotError as exc:
        with pytest.raises(_SlowPathError):
            _decode_batch(INDEX, vote_type, votes, points, keep_points=keep)
        with pytest.raises(BallotError) as info:
            decode_ballots(INDEX, vote_type, votes, points, keep_points=keep)
        assert (info.value.reason, info.value.row) == (exc.reason, exc.row)
        packed_points = None if points is None else PackedColumn.pack(points)
        with pytest.raises(BallotError) as info:
            decode_ballots(
                INDEX, vote_type, PackedColumn.pack(votes), packed_points, keep_points=keep
            )
        assert (info.value.reason, info.value.row) == (exc.reason, exc.row)
        return
    assert [r.row for r in ref_repairs] == sorted({r.row for r in ref_repairs})
    for r in ref_repairs:
        assert vote_type != "scoring"
        assert r.problem.startswith("vote names project ")
        assert r.problem.endswith(" more than once")
    repairs: list[VoteRepair] = []
    assert same(
        decode_ballots(INDEX, vote_type, votes, points, keep_points=keep, repairs=repairs), ref
    )
    assert repairs == ref_repairs
    # Packed columns and fields in a buffer (as the reader hands them over) are grouped by
    # hashing: the same answer, the same repairs.
    packed_points = None if points is None else PackedColumn.pack(points)
    for vote_column in (PackedColumn.pack(votes), spans(votes)):
        repairs = []
        packed = decode_ballots(
            INDEX, vote_type, vote_column, packed_points, keep_points=keep, repairs=repairs
        )
        assert same(packed, ref)
        assert repairs == ref_repairs
    try:
        batch = _decode_batch(INDEX, vote_type, votes, points, keep_points=keep)
    except _SlowPathError:
        return
    assert same(batch, ref)


@settings(max_examples=200, deadline=None)
@given(VOTE_TYPE, st.lists(VOTE, max_size=30))
def test_votes_without_points(vote_type: str, votes: list[str]) -> None:
    check(vote_type, votes, None, keep=False)


@settings(max_examples=200, deadline=None)
@given(VOTE_TYPE, st.lists(st.tuples(VOTE, POINTS), max_size=30), st.booleans())
def test_votes_with_points(vote_type: str, rows: list[tuple[str, str]], keep: bool) -> None:
    check(vote_type, [v for v, _ in rows], [p for _, p in rows], keep)


# Clean votes exercise the batch decoder's own answers (not the hand-over) much more often.
CLEAN = st.permutations(list(INDEX)).flatmap(
    lambda ids: st.integers(0, len(ids)).map(lambda k: ",".join(ids[:k]))
)


@settings(max_examples=150, deadline=None)
@given(VOTE_TYPE, st.lists(CLEAN, max_size=40), st.data())
def test_clean_votes(vote_type: str, votes: list[str], data: st.DataObject) -> None:
    if vote_type == "choose-1":
        votes = [v.split(",")[0] for v in votes]
    points = [
        ",".join(data.draw(st.sampled_from(["0", "1", "3", "03"])) for _ in v.split(","))
        if v
        else ""
        for v in votes
    ]
    check(vote_type, votes, None, keep=False)
    check(vote_type, votes, points, keep=vote_type in {"cumulative", "scoring"})
    batch = _decode_batch(INDEX, vote_type, votes, None, keep_points=False)
    assert int(batch.multiplicity.sum()) == len(votes)


def test_wide_ballots_group_by_lexsort() -> None:
    """Many projects and long ballots overflow the one-integer row key: the other grouping."""
    index = {str(j): j for j in range(400)}
    rng = np.random.default_rng(7)
    votes = []
    for _ in range(300):
        chosen = rng.choice(400, size=int(rng.integers(0, 12)), replace=False).tolist()
        votes.append(",".join(map(str, chosen)))
    votes += [",".join(reversed(v.split(","))) for v in votes[:100]]
    ref = _from_merged(
        merge_ballots(index, "approval", votes, None, keep_points=False), keep_points=False
    )
    assert same(_decode_batch(index, "approval", votes, None, keep_points=False), ref)
    assert int(ref.multiplicity.max()) >= 2


@pytest.mark.parametrize(
    ("ids", "as_numbers"),
    [
        ([f"2023/CIS/{k:04d}" for k in range(30)], True),  # two 64-bit words, same first word
        (["Łódź-1", "İzmir-2", "ağaç", "plain"], True),  # non-ASCII UTF-8
        ([f"{'x' * 40}{k}" for k in range(5)], False),  # too long for numbers: string batch
        ([f"P{k}" for k in range(3000)], False),  # too many for the hash table: string batch
        (["a\0b", "plain"], False),  # NUL would make padding ambiguous: string batch
    ],
)
def test_id_shapes_take_every_batch_path(ids: list[str], as_numbers: bool) -> None:
    index = {pid: j for j, pid in enumerate(ids)}
    rng = np.random.default_rng(3)
    votes = [
        ",".join(
            ids[j]
            for j in rng.choice(
                len(ids), size=int(rng.integers(0, min(4, len(ids) + 1))), replace=False
            )
        )
        for _ in range(200)
    ]
    ref = _from_merged(
        merge_ballots(index, "approval", votes, None, keep_points=False), keep_points=False
    )
    distinct = list(dict.fromkeys(votes))
    assert (_vote_entries_bytes(index, distinct) is not None) == as_numbers
    assert same(_decode_batch(index, "approval", votes, None, keep_points=False), ref)
    # One unknown id (a prefix of a real one) anywhere is caught.
    bad = [*votes[:50], ids[0][:-1], *votes[50:]]
    with pytest.raises(_SlowPathError):
        _decode_batch(index, "approval", bad, None, keep_points=False)
    with pytest.raises(BallotError) as info:
        decode_ballots(index, "approval", bad, None, keep_points=False)
    assert info.value.row == 50


# Clean ids, some named twice or more: the batch repairs these itself (no hand-over).
REPEATING = st.lists(st.sampled_from(list(INDEX)), max_size=6).map(",".join)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["approval", "ordinal", "cumulative"]),
    st.lists(REPEATING, max_size=30),
    st.data(),
)
def test_repeats_are_repaired_by_the_batch(
    vote_type: str, votes: list[str], data: st.DataObject
) -> None:
    points = [
        ",".join(data.draw(st.sampled_from(["1", "2", "5"])) for _ in v.split(",")) if v else ""
        for v in votes
    ]
    keep = vote_type == "cumulative"
    for pts in (None, points) if not keep else (points,):
        check(vote_type, votes, pts, keep)
        ref_repairs: list[VoteRepair] = []
        ref = _from_merged(
            merge_ballots(INDEX, vote_type, votes, pts, keep_points=keep, repairs=ref_repairs),
            keep_points=keep,
        )
        assert same(_decode_batch(INDEX, vote_type, votes, pts, keep_points=keep), ref)
        repeated = [i for i, v in enumerate(votes) if len(set(v.split(","))) < len(v.split(","))]
        assert [r.row for r in ref_repairs] == repeated


def test_a_repeat_counts_once_as_the_vote_type_says() -> None:
    index = {"a": 0, "b": 1, "c": 2}

    def ballots(vote_type: str, vote: str, pts: str | None) -> list[tuple[int, ...]]:
        b = decode_ballots(
            index,
            vote_type,
            [vote],
            None if pts is None else [pts],
            keep_points=vote_type == "cumulative",
        )
        out = [tuple(b.indices.tolist())]
        if b.points is not None:
            out.append(tuple(b.points.tolist()))
        return out

    assert ballots("approval", "b,a,b,b", None) == [(0, 1)]
    assert ballots("choose-1", "b,b", None) == [(1,)]
    assert ballots("ordinal", "c,a,c,b,a", "5,4,3,2,1") == [(2, 0, 1)]  # first places
    assert ballots("cumulative", "c,a,c,c", "1,2,3,4") == [(0, 2), (2, 8)]  # points added up
    with pytest.raises(BallotError, match="a scoring vote: which of its scores counts"):
        decode_ballots(index, "scoring", ["a,a"], ["1,-1"], keep_points=True)
    with pytest.raises(BallotError, match="a choose-1 vote names 2 projects"):
        decode_ballots(index, "choose-1", ["a,b,a"], None, keep_points=False)
