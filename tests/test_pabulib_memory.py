"""The reader's memory: its peak and what it keeps, and the code paths that keep them small.

``read`` locates the VOTES rows in the file's bytes a chunk at a time (UTF-8 checked with
numpy, CRLF left in place), groups equal raw votes in the file itself (exact 64-bit words
for short votes, hashes verified byte for byte otherwise), decodes distinct votes a chunk at
a time, and keeps the file's bytes as the store of every column -- unless the ballots are
large, when it holds the votes as codes into the distinct ones, compresses the other columns
and lets the file go before decoding. The tests below measure the result with tracemalloc on
generated Wrocław- and Warszawa-like files, and check every one of those paths against an
independent answer (Python's own splitting, decoding and counting), small chunks included.
"""

from __future__ import annotations

import gc
import math
import tracemalloc
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.pabulib import PabulibError, PbVotes, _ballots, _reader, dumps, loads, read
from oylama.pabulib._model import PackedColumn, PbElection, RowText
from oylama.tally import Profile

T = TypeVar("T")

DISTRICTS = ["Śródmieście", "Ursynów", "Żoliborz", "Białołęka", "Wola", "Praga-Północ"]


def warszawa_like(
    path: Path, voters: int, *, newline: str = "\n", seed: int = 1, distinct: int = 0
) -> int:
    """A file shaped like Warszawa 2026 (mostly distinct approval votes of up to five of 83
    projects, four metadata columns, Polish text), or with ``distinct`` votes repeated in
    turn (Wrocław 2017: 62,529 voters, 1,157 distinct votes); returns its size in bytes."""
    rng = np.random.default_rng(seed)
    few = [rng.choice(83, size=int(rng.integers(1, 6)), replace=False) for _ in range(distinct)]
    ids = [str(int(k)) for k in rng.choice(np.arange(100, 2100), size=83, replace=False)]
    lines = ["META", "key;value", "budget;40000000", "vote_type;approval", "PROJECTS"]
    lines.append("project_id;cost;name")
    lines += [f"{pid};{1000 * (j + 1)};Projekt {j} – zażółć" for j, pid in enumerate(ids)]
    lines += ["VOTES", "voter_id;vote;age;sex;voting_method;neighborhood"]
    for v in range(voters):
        chosen = (
            few[v % distinct]
            if distinct
            else rng.choice(83, size=int(rng.integers(1, 6)), replace=False)
        )
        vote = ",".join(ids[j] for j in chosen)
        sex = "MF"[v % 2]
        method = "internet" if v % 7 else "paper"
        lines.append(
            f"{200000 + v};{vote};{18 + v % 70};{sex};{method};{DISTRICTS[v % len(DISTRICTS)]}"
        )
    data = (newline.join(lines) + newline).encode("utf-8")
    path.write_bytes(data)
    return len(data)


def traced(fn: Callable[[], T]) -> tuple[T, int, int]:
    """``fn()``, its tracemalloc peak and what stays allocated after it."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak, held


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_read_peak_and_what_it_keeps(tmp_path: Path, newline: str) -> None:
    """The bounds of issue #2's memory work, on a 1.4 MB file shaped like Warszawa 2026
    (mostly distinct votes: large ballots, so the columns are packed).

    Peak: the file's bytes (1x) while its rows are located and the votes grouped and
    packed, then the packed columns plus the ballot arrays being built. Before this work the
    peak was 8x (the file as bytes and as text, one string per voter and a Counter of them);
    3.5x is the reader's share of the benchmark's 5x target (the rules need the rest).
    Kept: at most the two columns the reader reads (voter ids and votes, as text; the ids
    are in fact held as numbers, the votes as codes into the distinct ones), the other
    columns compressed, the profile arrays, and small change; the file is not kept.
    """
    warm = tmp_path / "warm.pb"
    warszawa_like(warm, 50)  # one-time costs (caches, lazy imports) are not the reader's
    read(warm).to_tally()
    path = tmp_path / "w.pb"
    size = warszawa_like(path, 30_000, newline=newline)

    def read_and_tally() -> tuple[PbElection, Profile]:
        election = read(path)
        return election, election.to_tally()[1]

    (election, profile), peak, held = traced(read_and_tally)
    assert profile.num_voters == 30_000
    assert peak <= 3.5 * size, f"peak {peak / size:.2f}x the file"
    own = sum(len("\n".join(c).encode()) for c in election.votes.columns[:2])
    arrays = profile.indptr.nbytes + profile.indices.nbytes + profile.multiplicity.nbytes
    rest = sum(len("\n".join(c).encode()) for c in election.votes.columns[2:])
    # The metadata columns compress to under a fifth (two values, six districts, ages).
    assert held <= own + arrays + rest / 5 + 200_000, (
        f"held {held / size:.2f}x the file: {own=} {arrays=} {rest=}"
    )


def test_packed_columns_are_the_rows_at_any_chunk_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiny chunks (split, scan, decode, merge, compact) give the same election as the
    default ones, and the same as Python's own split of the text."""
    path = tmp_path / "w.pb"
    warszawa_like(path, 3000)
    text = path.read_text(encoding="utf-8")
    body = text.split("VOTES\n", 1)[1].splitlines()
    rows = [line.split(";") for line in body[1:]]
    expected = PbVotes.from_rows(body[0].split(";"), rows)
    big = read(path)
    _, big_profile = big.to_tally()
    monkeypatch.setattr(_reader, "_CHUNK", 97)
    monkeypatch.setattr(_ballots, "_CHUNK_BYTES", 61)
    monkeypatch.setattr(_ballots, "_ROWS_AT_ONCE", 7)
    small = read(path)
    _, small_profile = small.to_tally()
    assert small.votes == expected and big.votes == expected
    assert small == big
    for name in ("indptr", "indices", "multiplicity"):
        array = getattr(small_profile, name)
        assert array.dtype == np.int64 and array.flags.c_contiguous  # the tally's contract
        assert np.array_equal(array, getattr(big_profile, name))
    # The merged ballots are what a plain Counter of sorted votes says.
    index = {p.project_id: j for j, p in enumerate(big.projects)}
    counts = Counter(tuple(sorted(index[p] for p in r[1].split(","))) for r in rows)
    got = {
        tuple(big_profile.indices[big_profile.indptr[b] : big_profile.indptr[b + 1]]): int(m)
        for b, m in enumerate(big_profile.multiplicity)
    }
    assert got == dict(counts)
    assert list(got) == list(counts)  # order of first appearance


NAMES = st.sampled_from(["age", "sex", "note", "points", "district"])
FIELD = st.text(
    alphabet=st.characters(blacklist_characters=';"\n\r\0', blacklist_categories=["Cs"]),
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(
    extra=st.lists(NAMES, unique=True, max_size=4),
    where=st.data(),
    newline=st.sampled_from(["\n", "\r\n"]),
    final=st.booleans(),
    share=st.sampled_from([0.0, math.inf]),
)
def test_any_column_order_round_trips(
    tmp_path_factory: pytest.TempPathFactory,
    *,
    extra: list[str],
    where: st.DataObject,
    newline: str,
    final: bool,
    share: float,
) -> None:
    """Own columns (voter_id, vote, points) anywhere among the others, the file's bytes
    kept as their store or the columns packed and compressed: every column reads back
    verbatim, and the file written back reads back equal."""
    original = _reader._RAW_SHARE
    _reader._RAW_SHARE = share  # (not monkeypatch: hypothesis runs this many times)
    try:
        _column_order_round_trip(tmp_path_factory, extra, where, newline, final)
    finally:
        _reader._RAW_SHARE = original


def _column_order_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    extra: list[str],
    where: st.DataObject,
    newline: str,
    final: bool,
) -> None:
    header = list(extra)
    for name in ("voter_id", "vote"):
        header.insert(where.draw(st.integers(0, len(header))), name)
    n = where.draw(st.integers(0, 12))
    votes = where.draw(st.lists(st.sampled_from(["", "p1", "p2", "p1,p2", "p2,p1"]), min_size=n))
    rows = []
    for i in range(n):
        row = []
        for name in header:
            if name == "voter_id":
                row.append(f"v{i}")
            elif name == "vote":
                row.append(votes[i])
            elif name == "points":
                row.append(",".join("1" for _ in votes[i].split(",")) if votes[i] else "")
            else:
                row.append(where.draw(FIELD.filter(lambda f: f.strip() == f or not f)))
        rows.append(row)
    head = "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\np1;1\np2;2\n"
    text = head + "VOTES\n" + ";".join(header) + "\n" + "\n".join(map(";".join, rows))
    text += "\n" if final and rows else ""
    path = tmp_path_factory.mktemp("order") / "e.pb"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    election = read(path)
    assert election.votes == PbVotes.from_rows(header, rows)
    for k, name in enumerate(header):
        assert election.votes.column(name) == tuple(r[k] for r in rows)
    assert loads(dumps(election)) == election
    assert election.to_tally()[1].num_voters == n


def test_rest_columns_behave_as_their_strings() -> None:
    raw = "a;1\nb;2\n;Łódź\n".encode()
    rest = RowText.compress(raw, 3, 2)
    first, second = PackedColumn.in_text(rest, 0), PackedColumn.in_text(rest, 1)
    assert first == ("a", "b", "") and second == ["1", "2", "Łódź"]
    assert second == PackedColumn.pack(["1", "2", "Łódź"])
    assert PackedColumn.pack(["1", "2", "Łódź"]) == second
    assert second != PackedColumn.pack(["1", "2", "Lodz"])
    assert hash(second) == hash(("1", "2", "Łódź"))
    assert second.blob == "1\n2\nŁódź".encode()
    assert len(first) == 3 and first[1] == "b" and list(first) == ["a", "b", ""]
    assert PackedColumn.in_text(RowText.compress(b"", 0, 2), 1) == ()


# -- grouping packed columns by hash ------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["", "a", "ab", "a,b", "żółw", "x" * 9, "x" * 17, "1,22,333", "a\0", "\0"])
    )
)
def test_group_packed_is_a_counter(values: list[str]) -> None:
    column = PackedColumn.pack(values)
    grouped = _ballots._group_packed([column])
    if not values:
        assert grouped is None
        return
    assert grouped is not None
    first, counts, _, grouping = grouped
    counter = Counter(values)
    assert [values[i] for i in first] == list(counter)
    assert counts.tolist() == list(counter.values())
    distinct = list(counter)
    assert [distinct[c] for c in grouping.codes().tolist()] == values
    assert _ballots.distinct_fields(column) == (len(counter) == len(values) and "" not in values)


def test_equal_hashes_of_different_votes_fall_back_to_strings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hash that maps every vote to one number: the byte-for-byte check must notice, and
    the strings then decide (the result is still right). Votes of at most 8 bytes are
    grouped by their bytes, with no hash to collide."""
    votes = ["alpha,beta", "beta", "alpha,beta", "gamma", "beta,alpha", ""]
    index = {"alpha": 0, "beta": 1, "gamma": 2}
    expected = _ballots.decode_ballots(
        index, "approval", PackedColumn.pack(votes), None, keep_points=False
    )

    def collide(key: npt.NDArray[np.uint64]) -> None:
        key[:] = 0

    monkeypatch.setattr(_ballots, "_scramble", collide)
    column = PackedColumn.pack(votes)
    assert _ballots._group_packed([column]) is None
    assert not _ballots.distinct_fields(PackedColumn.pack(["voter-0001", "voter-0002"]))
    assert _ballots.distinct_fields(PackedColumn.pack(["v1", "v2"]))  # (exact: no hash)
    same = _ballots._group_packed([PackedColumn.pack(["x", "x", "x"])])
    assert same is not None and same[1].tolist() == [3]
    short = _ballots._group_packed([PackedColumn.pack(["a,b", "b", "a,b", "b,a", ""])])
    assert short is not None and short[1].tolist() == [2, 1, 1, 1]
    got = _ballots.decode_ballots(index, "approval", column, None, keep_points=False)
    assert got.multiplicity.tolist() == expected.multiplicity.tolist() == [3, 1, 1, 1]
    assert np.array_equal(got.indices, expected.indices)


def test_compact_keeps_the_chosen_entries_in_place() -> None:
    values = np.arange(10, dtype=np.int64) * 3
    keep = np.array([1, 0, 0, 1, 1, 0, 1, 0, 0, 1], dtype=bool)
    expected = values[keep].copy()
    out = _ballots._compact(values, keep)
    assert out is values and out.tolist() == expected.tolist()


# -- errors from a file still name the line -----------------------------------------------------

HEAD = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;40\n2;60\n"


@pytest.mark.parametrize(
    ("votes", "line", "match"),
    [
        ("v1;1\nv2;2\nv1;1,2\n", 13, "duplicate voter id 'v1'"),
        ("v1;1\n;2\n", 12, "empty voter id"),
        ("v1;1\nv2;3\n", 12, "unknown project '3'"),
        ("v1;1\nv2;2,2\n", 12, "more than once"),
        ("v1;1\nv2\n", 12, "1 fields where the VOTES header has 2"),
        ("v1;1\nv2;\xff\n", 12, "not UTF-8"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_errors_read_from_a_file_name_their_line(
    tmp_path: Path, votes: str, line: int, match: str, newline: str
) -> None:
    path = tmp_path / "bad.pb"
    raw = (HEAD + "VOTES\nvoter_id;vote\n" + votes).replace("\n", newline)
    path.write_bytes(raw.encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))
    with pytest.raises(PabulibError, match=match) as info:
        read(path, strict="more than once" in match)  # (else a repair: test_pabulib_repairs)
    assert info.value.line == line


# -- voter ids held as numbers --------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(0, 10**18 - 1).map(str),
            st.sampled_from(["007", "-1", "+1", "", "1e3", "١٢", "1 ", "10" * 10, "x"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_numeric_columns_give_their_text_back(ids: list[str]) -> None:
    blob = "\n".join(ids).encode()
    column = PackedColumn.of_numbers(blob, len(ids))
    canonical = all(i.isascii() and i.isdigit() and str(int(i)) == i for i in ids)
    canonical = canonical and all(len(i) <= 18 for i in ids)
    assert (column is not None) == canonical
    if column is None:
        return
    assert column == tuple(ids) and column.strings() == tuple(ids)
    assert column.blob == blob and len(column) == len(ids)
    assert column == PackedColumn(blob, len(ids))
    ascending = all(int(a) < int(b) for a, b in pairwise(ids))
    assert column.increasing() == ascending
    assert _ballots.distinct_fields(column) == (len(set(ids)) == len(ids))


def test_numeric_steps_use_the_smallest_type() -> None:
    column = PackedColumn.of_numbers(b"5\n6\n9\n7", 4)
    assert column is not None and column._steps is not None
    assert column._steps.dtype == np.int8 and not column.increasing()
    wide = PackedColumn.of_numbers(b"1\n999999999999999999\n2", 3)
    assert wide is not None and wide._steps is not None and wide._steps.dtype == np.int64
    assert wide == ("1", "999999999999999999", "2")


def test_numeric_voter_ids_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "e.pb"
    path.write_text(HEAD + "VOTES\nvoter_id;vote;age\n30;1;x\n4;2;y\n1000;1,2;z\n")
    election = read(path)
    assert election.votes.voter_ids == ("30", "4", "1000")
    assert loads(dumps(election)) == election
    path.write_text(HEAD + "VOTES\nvoter_id;vote\n30;1\n4;2\n30;1,2\n")
    with pytest.raises(PabulibError, match="duplicate voter id '30'") as info:
        read(path)
    assert info.value.line == 13


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=24),
        st.text(max_size=12).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(
            st.sampled_from(
                [
                    b"a",
                    b"\xc3\xa9",
                    b"\xe2\x82\xac",
                    b"\xf0\x9f\x98\x80",
                    b"\x80",
                    b"\xc0\xaf",
                    b"\xe0\x80\xaf",
                    b"\xed\xa0\x80",
                    b"\xf4\x90\x80\x80",
                    b"\xf5",
                    b"\xc3",
                    b"\xe2\x82",
                ]
            ),
            max_size=8,
        ).map(b"".join),
    )
)
def test_utf8_check_agrees_with_python(data: bytes) -> None:
    """The reader's numpy UTF-8 check says what Python's strict decoder says (overlong
    forms, surrogates, code points past 10FFFF, truncated and stray bytes included)."""
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert _reader._utf8(np.frombuffer(data, dtype=np.uint8)) == valid


@pytest.mark.parametrize("share", [0.0, math.inf])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_rows_kept_as_the_file_or_packed_give_the_same_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: float, newline: str
) -> None:
    """Whether the reader keeps the file's bytes (columns split when asked for) or packs
    and compresses the columns, every column reads back as Python's own split of the file,
    CRLF and a CR inside a field included, and the file written back reads back equal."""
    monkeypatch.setattr(_reader, "_RAW_SHARE", share)
    monkeypatch.setattr(_reader, "_CHUNK", 101)
    monkeypatch.setattr(_ballots, "_GATHER_BYTES", 37)
    path = tmp_path / "w.pb"
    warszawa_like(path, 400, newline=newline)
    raw = path.read_bytes().replace(b";18;", b";1\r8;")  # a CR that is the field's own
    path.write_bytes(raw)
    text = raw.decode("utf-8").replace("\r\n", "\n")
    body = text.split("VOTES\n", 1)[1].split("\n")[:-1]
    expected = PbVotes.from_rows(body[0].split(";"), [line.split(";") for line in body[1:]])
    election = read(path)
    assert election.votes == expected
    for k, name in enumerate(expected.header):
        assert election.votes.column(name) == expected.columns[k]
    assert any("\r" in v for v in election.votes.column("age"))
    assert loads(dumps(election)) == election


def test_the_file_is_kept_only_when_the_ballots_are_small(tmp_path: Path) -> None:
    """Few distinct votes (Wrocław): the file's bytes are the store of every column, no
    copy; many (Warszawa): the columns are packed and the file is let go."""
    few, many = tmp_path / "few.pb", tmp_path / "many.pb"
    warszawa_like(many, 3000)
    lines = many.read_text(encoding="utf-8").split("\n")
    start = lines.index("VOTES") + 2
    for i in range(start, len(lines) - 1):
        fields = lines[i].split(";")
        fields[1] = fields[1].split(",")[0]
        lines[i] = ";".join(fields)
    few.write_text("\n".join(lines), encoding="utf-8")
    for path, kept in ((few, True), (many, False)):
        election = read(path)
        vote = election.votes.stored("vote")
        assert isinstance(vote, PackedColumn)
        assert (vote._text is not None) == kept
        age = election.votes.stored("age")
        assert isinstance(age, PackedColumn) and age._text is not None
        assert age._text._compressed != kept


def test_file_kept_as_the_store_holds_little_more_than_the_file(tmp_path: Path) -> None:
    """Few distinct votes, Wrocław-sized (2.7 MB): what stays after read + to_tally is the
    file's bytes (the store of every column), the small ballot arrays and small change; the
    peak stays under 2.5x (row-block temporaries are a larger share of smaller files)."""
    path = tmp_path / "few.pb"
    warszawa_like(path, 60_000, distinct=1000)
    read(path).to_tally()
    size = path.stat().st_size

    def read_and_tally() -> tuple[PbElection, Profile]:
        election = read(path)
        return election, election.to_tally()[1]

    (election, profile), peak, held = traced(read_and_tally)
    vote = election.votes.stored("vote")
    assert isinstance(vote, PackedColumn) and vote.text is not None  # the file is the store
    assert profile.num_ballots <= 1000 and profile.num_voters == 60_000
    assert held <= 1.1 * size, f"held {held / size:.2f}x the file"
    assert peak <= 2.5 * size, f"peak {peak / size:.2f}x the file"


@pytest.mark.parametrize("line_end", [b"\r\r\n", b"\r\r\r\n"])
def test_two_crs_before_a_line_break_are_read_as_the_row_parser_reads_them(
    tmp_path: Path, line_end: bytes
) -> None:
    """The row parser decides what such a line holds; the fast path must not guess."""
    path = tmp_path / "e.pb"
    head = b"META\r\nkey;value\r\nbudget;100\r\nvote_type;approval\r\nPROJECTS\r\n"
    head += b"project_id;cost\r\n1;40\r\n2;60\r\nVOTES\r\nvoter_id;vote;age\r\n"
    path.write_bytes(head + b"v1;1;30\r\nv2;2;41" + line_end + b"v3;1,2;52\r\n")
    expected = loads(path.read_bytes().decode("utf-8"))
    election = read(path)
    assert election == expected
    assert election.votes.column("age")[0] == "30"
    assert election.votes.column("age")[1].startswith("41")


@pytest.mark.parametrize("column", ["age", "vote", "voter_id"])
def test_bad_utf8_in_any_votes_column_names_its_line(tmp_path: Path, column: str) -> None:
    """Every byte of the rows is checked, in the columns the tally never reads too."""
    rows = ["v1;1;30", "v2;2;41", "v3;1;52"]
    field = {"voter_id": 0, "vote": 1, "age": 2}[column]
    parts = rows[1].split(";")
    parts[field] = parts[field] + "Ł"
    rows[1] = ";".join(parts)
    text = HEAD + "VOTES\nvoter_id;vote;age\n" + "\n".join(rows) + "\n"
    path = tmp_path / "e.pb"
    path.write_bytes(text.encode("utf-8").replace("Ł".encode(), "Ł".encode("iso-8859-2")))
    with pytest.raises(PabulibError, match="not UTF-8") as info:
        read(path)
    assert info.value.line == 12


def test_code_columns_behave_as_their_strings() -> None:
    values = PackedColumn.pack(["1,2", "", "Łódź"])
    column = PackedColumn.of_codes(values, np.array([2, 0, 0, 1], dtype=np.int32))
    assert column == ("Łódź", "1,2", "1,2", "") and len(column) == 4
    assert column.blob == "Łódź\n1,2\n1,2\n".encode()
    assert column == PackedColumn.pack(["Łódź", "1,2", "1,2", ""])
    assert hash(column) == hash(("Łódź", "1,2", "1,2", ""))
    index = {"1": 0, "2": 1, "Łódź": 2}
    got = _ballots.decode_ballots(index, "approval", column, None, keep_points=False)
    assert got.multiplicity.tolist() == [1, 2, 1]
