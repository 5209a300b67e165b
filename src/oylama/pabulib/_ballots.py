"""Decode, check and merge the raw VOTES strings: the one place ballots are read.

Real elections repeat the same raw vote string many times (Łódź 2022: 90,494 voters, 23,571
distinct votes), so identical raw ``vote`` (and ``points``) strings are counted first, and
only the distinct ones are decoded -- all at once: joined into one UTF-8 buffer whose entries
numpy matches to project ids as 64-bit words (or, for unusual ids, joined, split once and
looked up with a C-level ``map``); checks (unknown project, a project twice, points count)
are numpy operations over the whole batch. Ballots that differ only in the order of an
unordered list (``1,2`` and ``2,1`` in an approval vote) are merged as well; ordinal ballots
keep their order. The result is exactly what :class:`oylama.tally.Profile` stores.

Memory and speed: for a packed column, or for fields the reader located in the file's own
bytes (:class:`FieldSpans`), equal raw votes are found without a string per voter (whose
objects and ``Counter`` would cost several times the file): votes of at most 8 bytes (and no
NUL) are sorted as the 64-bit numbers their bytes make, which are exact; longer ones by a
hash of their bytes, every equal pair then compared byte for byte. The grouping can also
say each voter's vote among the distinct ones (:meth:`Grouping.codes`). Distinct votes are
then decoded a chunk at a time into arrays allocated once, and merged rows are compacted in
place, so the temporaries stay small next to the result.

When the batch finds anything wrong (or a leniency is needed, e.g. spaces around ids), the
straightforward per-vote decoder :func:`merge_ballots` runs instead: it is the reference
semantics and it names the first voter with the problem. A project named twice in a vote
(repaired: counted once, see :data:`REPAIRABLE_VOTE_TYPES`) is merged by the batch itself,
which then finds the voters who cast such votes in the column as stored (a few gathers, no
string per voter), so that a large file with one such slip stays on the fast path.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from itertools import compress, repeat
from typing import Any, NamedTuple, overload

import numpy as np
import numpy.typing as npt

from oylama.pabulib._model import PackedColumn, rows_at
from oylama.tally import IntArray

Ballot = tuple[tuple[int, ...], tuple[int, ...] | None]
"""Project indices (sorted unless ordinal) and their points (``None`` without points)."""

_POINTS = re.compile(r"\s*-?[0-9]+\s*(?:,\s*-?[0-9]+\s*)*")
_POINT_CHARS = re.compile(r"[0-9,\- \t]*")
_KEY_LIMIT = 1 << 62
_END = "\0"  # end of a vote in the joined batch
_JOIN = ",\0,"
_TAIL = ",\0"


class BallotError(Exception):
    """A raw vote that cannot be a ballot; ``row`` is the first voter (0-based) casting it."""

    def __init__(self, reason: str, row: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row


REPAIRABLE_VOTE_TYPES: frozenset[str] = frozenset({"approval", "choose-1", "ordinal", "cumulative"})
"""Vote types in which a vote naming a project more than once has one reading, which counts
the project once: it is named (approval, choose-1); it is ranked at its first, best place
(ordinal; pabutools' ordinal ballot, an ordered set, keeps the first place too); it gets the
points of all its entries added up (cumulative: points are amounts a voter spreads, and
Częstochowa 2020 records a voter's four points on one project as ``579,579,579,579`` with
``1,1,1,1``, its published ``score`` being the sum). A score given twice (scoring) has no
such reading -- scores are not amounts, and either could be the slip -- so it stays an
error."""


def _repair_of(vote_type: str) -> str:
    """What the repair of a project named twice did, as a warning says it."""
    if vote_type == "cumulative":
        return "counted once, with its points added up"
    if vote_type == "ordinal":
        return "counted once, at its first place"
    return "counted once"


class VoteRepair(NamedTuple):
    """A voter (0-based row) whose vote the decoder read after repairing it: what a strict
    reading objects to (``problem``, its error message) and what was read (``repair``)."""

    row: int
    problem: str
    repair: str


class Ballots(NamedTuple):
    """Merged ballots in CSR layout (the arrays of a :class:`oylama.tally.Profile`)."""

    indptr: IntArray
    indices: IntArray
    points: IntArray | None
    multiplicity: IntArray


class _SlowPathError(Exception):
    """The batch decoder met something only the per-vote decoder can explain or allow."""


def decode_ballots(
    index: Mapping[str, int],
    vote_type: str,
    votes: Sequence[str],
    points: Sequence[str] | None,
    *,
    keep_points: bool,
    repairs: list[VoteRepair] | None = None,
) -> Ballots:
    """Check the raw ``votes`` (and ``points``) columns and merge them into ballots.

    ``index`` maps project ids to their PROJECTS position. ``points`` are checked whenever
    given; they are part of the ballots only with ``keep_points``. Raises
    :class:`BallotError` naming the first voter casting a malformed vote. A project named
    more than once in a vote of a :data:`REPAIRABLE_VOTE_TYPES` type counts once; every
    voter whose vote was so repaired is added to ``repairs`` (in row order) when given.
    """
    return decode_distinct(
        index,
        vote_type,
        distinct_votes(votes, points),
        votes,
        points,
        keep_points=keep_points,
        repairs=repairs,
    )


class Distinct(NamedTuple):
    """The distinct raw votes (with their points) in order of first appearance, joined by
    line breaks (UTF-8), their points, how many voters cast each, and their number."""

    joined: bytes | bytearray
    points: list[str] | None
    counts: IntArray
    n: int
    grouping: Grouping | None = None  # (when found by hashing packed columns or spans)

    def ballot_bytes(self, *, keep_points: bool) -> int:
        """A bound on the size of the ballots' arrays (before equal ballots are merged)."""
        entries = self.joined.count(b",") + self.n
        return 8 * (2 * self.n + 1 + entries * (2 if keep_points else 1))


def distinct_votes(votes: Sequence[str], points: Sequence[str] | None) -> Distinct | None:
    """The distinct raw votes of the columns ``votes`` (and ``points``), ``None`` if only
    the per-vote decoder can read them (it is then given the columns themselves)."""
    try:
        return _distinct_votes(votes, points)
    except _SlowPathError:
        return None


def decode_distinct(
    index: Mapping[str, int],
    vote_type: str,
    distinct: Distinct | None,
    votes: Sequence[str],
    points: Sequence[str] | None,
    *,
    keep_points: bool,
    repairs: list[VoteRepair] | None = None,
) -> Ballots:
    """:func:`decode_ballots` of the distinct votes found in ``votes`` (and ``points``),
    which the per-vote decoder reads if ``distinct`` cannot be decoded as a batch (the batch
    repairs nothing: a vote to repair sends it to the per-vote decoder)."""
    if distinct is not None:
        repeats: list[tuple[int, int]] = []
        try:
            ballots = _decode_distinct(
                index, vote_type, distinct, keep_points=keep_points, repeats=repeats
            )
        except _SlowPathError:
            pass
        else:
            if repeats and repairs is not None:
                repairs.extend(_repaired_voters(index, vote_type, distinct, repeats, votes))
            return ballots
    del distinct
    merged = merge_ballots(
        index, vote_type, votes, points, keep_points=keep_points, repairs=repairs
    )
    return _from_merged(merged, keep_points=keep_points)


# -- the reference decoder ------------------------------------------------------------------


def _repaired_voters(
    index: Mapping[str, int],
    vote_type: str,
    distinct: Distinct,
    repeats: list[tuple[int, int]],
    votes: Sequence[str],
) -> list[VoteRepair]:
    """Every voter casting one of the distinct votes the batch repaired (``repeats``: the
    vote's number and its first repeated project), in row order."""
    pid = {j: p for p, j in index.items()}
    joined = distinct.joined
    ends = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == _NEWLINE)
    reasons: dict[str, str] = {}
    for k, j in repeats:
        start = int(ends[k - 1]) + 1 if k else 0
        stop = int(ends[k]) if k < len(ends) else len(joined)
        raw = bytes(joined[start:stop]).decode("utf-8")
        # (Every distinct vote with this raw text is repaired alike: points play no part.)
        reasons.setdefault(raw, f"vote names project {pid[j]!r} more than once")
    found = [(int(row), reason) for vote, reason in reasons.items() for row in rows_of(votes, vote)]
    repair = _repair_of(vote_type)
    return [VoteRepair(row, reason, repair) for row, reason in sorted(found)]


def rows_of(column: Sequence[str], value: str) -> IntArray:
    """The rows (increasing) whose field is ``value``, found without a string per row where
    the column allows (fields in a buffer, or a packed column)."""
    if isinstance(column, FieldSpans):
        buf = np.frombuffer(column.data, dtype=np.uint8)
        return rows_at(buf, column.starts, column.sizes, value.encode("utf-8"))
    if isinstance(column, PackedColumn):
        return column.rows_of(value)
    return np.asarray([i for i, v in enumerate(column) if v == value], dtype=np.int64)


def _first_row(votes: Sequence[str], points: Sequence[str] | None, raw: tuple[str, str]) -> int:
    """The first row whose raw vote (and points) are ``raw`` (only used to report errors)."""
    if points is None:
        return list(votes).index(raw[0])
    return list(zip(votes, points, strict=True)).index(raw)


def decode_vote(
    index: Mapping[str, int], vote_type: str, vote: str, pts: str | None
) -> tuple[tuple[int, ...], tuple[int, ...] | None, str | None]:
    """One raw vote: project indices in ballot order, points, and the first project named
    more than once or ``None`` (each counted once, at its first place; cumulative points
    added up, other points of a repeat dropped); raises ValueError."""
    repeated: str | None = None
    named = 0
    kept: list[int] = []  # the places of the projects counted, when one is repeated
    all_projects: tuple[int, ...] = ()
    if vote == "" or vote.isspace():
        projects: tuple[int, ...] = ()
    else:
        names = vote.split(",")
        named = len(names)
        try:
            projects = tuple([index[n] for n in names])
        except KeyError:
            # Leniency: spaces around ids ("1, 2") are tolerated.
            names = [n.strip() for n in names]
            for n in names:
                if n not in index:
                    raise ValueError(f"vote for unknown project {n!r}") from None
            projects = tuple([index[n] for n in names])
        if len(set(projects)) != len(projects):
            first: dict[int, int] = {}  # project -> its first place in the vote
            for k, (n, j) in enumerate(zip(names, projects, strict=True)):
                if j in first:
                    repeated = n.strip() if repeated is None else repeated
                else:
                    first[j] = k
            if vote_type not in REPAIRABLE_VOTE_TYPES:
                raise ValueError(
                    f"vote names project {repeated!r} more than once (a {vote_type} vote: "
                    "which of its scores counts is unclear)"
                )
            kept = list(first.values())
            all_projects = projects
            projects = tuple(first)
    if vote_type == "choose-1" and len(projects) > 1:
        raise ValueError(f"a choose-1 vote names {len(projects)} projects")
    points: tuple[int, ...] | None = None
    if pts is not None:
        if pts == "" or pts.isspace():
            points = ()
        elif _POINTS.fullmatch(pts) is None:
            raise ValueError(f"points {pts!r} are not comma-separated integers")
        else:
            points = tuple([int(p) for p in pts.split(",")])
        if len(points) != named:  # (one per project named: a repeat has its own)
            raise ValueError(f"{len(points)} points for {named} projects in the vote")
        if vote_type == "cumulative" and any(p < 0 for p in points):
            raise ValueError(f"negative points {pts!r} in a cumulative vote")
        if repeated is not None:
            if vote_type == "cumulative":
                total: dict[int, int] = dict.fromkeys(projects, 0)
                for j, p in zip(all_projects, points, strict=True):
                    total[j] += p
                points = tuple(total.values())
            else:
                points = tuple([points[k] for k in kept])  # (checked, not in the ballot)
    return projects, points, repeated


def merge_ballots(
    index: Mapping[str, int],
    vote_type: str,
    votes: Sequence[str],
    points: Sequence[str] | None,
    *,
    keep_points: bool,
    repairs: list[VoteRepair] | None = None,
) -> dict[Ballot, int]:
    """Distinct ballots with their counts, in order of first appearance (per-vote decoder);
    every voter whose vote was repaired is added to ``repairs`` when given."""
    raw_counts: Counter[tuple[str, str | None]]
    if points is None:
        raw_counts = Counter(zip(votes, repeat(None)))
    else:
        raw_counts = Counter(zip(votes, points, strict=True))
    ordered = vote_type == "ordinal"
    merged: dict[Ballot, int] = {}
    repaired: dict[tuple[str, str | None], str] = {}
    repair = _repair_of(vote_type)
    for (vote, pts), count in raw_counts.items():
        try:
            projects, pt, repeated = decode_vote(index, vote_type, vote, pts)
        except ValueError as exc:
            raw = (vote, pts if pts is not None else "")
            raise BallotError(str(exc), _first_row(votes, points, raw)) from None
        if repeated is not None:
            repaired[(vote, pts)] = f"vote names project {repeated!r} more than once"
        if not keep_points:
            pt = None
        if not ordered and len(projects) > 1:
            if pt is None:
                projects = tuple(sorted(projects))
            else:
                pairs = sorted(zip(projects, pt, strict=True))
                projects = tuple([j for j, _ in pairs])
                pt = tuple([p for _, p in pairs])
        key = (projects, pt)
        merged[key] = merged.get(key, 0) + count
    if repaired and repairs is not None:
        rows = zip(votes, repeat(None) if points is None else points, strict=False)
        repairs.extend(
            VoteRepair(row, repaired[raw], repair)
            for row, raw in enumerate(rows)
            if raw in repaired
        )
    return merged


def _from_merged(merged: dict[Ballot, int], *, keep_points: bool) -> Ballots:
    lengths = np.fromiter((len(b[0]) for b in merged), dtype=np.int64, count=len(merged))
    indptr = np.zeros(len(merged) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    total = int(indptr[-1])
    indices = np.fromiter((j for b in merged for j in b[0]), dtype=np.int64, count=total)
    points = None
    if keep_points:
        points = np.fromiter((p for b in merged for p in b[1] or ()), dtype=np.int64, count=total)
    multiplicity = np.fromiter(merged.values(), dtype=np.int64, count=len(merged))
    return Ballots(indptr, indices, points, multiplicity)


# -- the batch decoder ----------------------------------------------------------------------


def _vote_entries(
    index: Mapping[str, int], distinct: list[str]
) -> tuple[IntArray, IntArray] | None:
    """Project indices of all distinct votes, concatenated, and each vote's length.

    One join, one split and one C-level lookup for the whole batch: every vote is followed
    by an end mark that looks up as -1 (so lengths fall out of the mark positions), and an
    empty entry looks up as -2 (allowed only as a whole, empty vote). ``None`` when
    something needs the reference decoder.
    """
    n = len(distinct)
    if "" in index or _END in index:
        return None
    lookup = {**index, _END: -1, "": -2}
    names = (_JOIN.join(distinct) + _TAIL).split(",") if n else []
    try:
        codes = np.fromiter(map(lookup.__getitem__, names), dtype=np.int64, count=len(names))
    except KeyError:
        return None
    ends = np.flatnonzero(codes == -1)
    if len(ends) != n:
        return None  # an end mark inside a vote
    lengths = np.diff(ends, prepend=-1) - 1
    empty = codes == -2
    if empty.any():
        vote_of = np.searchsorted(ends, np.flatnonzero(empty))
        if bool((lengths[vote_of] != 1).any()):
            return None  # an empty entry in a non-empty vote ("1,,2")
        lengths[vote_of] = 0
    return codes[codes >= 0], lengths


class _InvalidVoteError(Exception):
    """A batch holds a vote the reference decoder must explain (or tolerate)."""


_COMMA, _NEWLINE = ord(","), ord("\n")
_MAX_WORDS = 4  # ids of up to 32 bytes are matched as numbers
_MAX_TABLE_BITS = 20
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_MULTIPLIERS = np.array(
    [
        0x08DBF269A302CE47,
        0x1ED0A203A1734B93,
        0x4F9DC6B8813837EF,
        0x36094061CBC577ED,
        0x1457E2E4927A226B,
        0x4B5836BEF901D4D7,
        0x14783C9483EF2EFD,
        0x0E71F4E6112894D3,
        0x5875A3EE5EC5FBE5,
        0x19AB267CF50F3E95,
        0x1AF59B4C877E0EC9,
        0x007509DE3D88D5C3,
        0x09647B77AF651A33,
        0x0460EDDF396706A5,
        0x7F3C178F4FE9DD25,
        0x4D2D3E383C1484D1,
    ],
    dtype=np.uint64,
)
"""Fixed odd multipliers tried in turn for the perfect hash (deterministic builds). Written
out -- they are ``np.random.default_rng(20260411).integers(1, 2**63, 16) | 1`` -- so that
reading a file does not import :mod:`numpy.random`."""

U64Array = npt.NDArray[np.uint64]
PosArray = npt.NDArray[np.signedinteger[Any]]
"""Positions and sizes in a buffer (int32 where the buffer allows: half the memory)."""
_BYTE_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)
"""``_BYTE_MASKS[k]`` keeps the low ``k`` bytes of a 64-bit number."""


def _id_rows(index: Mapping[str, int], words: int) -> tuple[U64Array, IntArray] | None:
    """Project ids as rows of ``words`` 64-bit numbers (zero-padded UTF-8), with their
    indices; ids longer than that cannot match and are left out."""
    width = 8 * words
    rows: list[bytes] = []
    where: list[int] = []
    for pid, j in index.items():
        raw = pid.encode("utf-8", "surrogatepass")
        if b"\0" in raw:
            return None
        if len(raw) <= width:
            rows.append(raw.ljust(width, b"\0"))
            where.append(j)
    table = np.frombuffer(b"".join(rows), dtype="<u8").reshape(len(rows), words)
    return table, np.asarray(where, dtype=np.int64)


def _mix(rows: U64Array) -> U64Array:
    """One 64-bit number per row (wrapping arithmetic; matches are verified exactly)."""
    key = rows[:, 0].copy()
    for w in range(1, rows.shape[1]):
        key = key * _MIX + rows[:, w]
    return key


def _distinct_count(values: npt.NDArray[np.integer[Any]]) -> int:
    """How many distinct values (a sort: :func:`numpy.unique` would import ``numpy.ma``,
    half a megabyte, on first use)."""
    if not len(values):
        return 0
    ranked = np.sort(values)
    return 1 + int(np.count_nonzero(ranked[1:] != ranked[:-1]))


def _perfect_hash(keys: U64Array) -> tuple[np.uint64, np.uint64, IntArray] | None:
    """A multiplier, a shift and a table such that ``table[(k * mult) >> shift]`` is the
    position of ``k`` in ``keys``, for every key (distinct slots); ``None`` if too big."""
    m = len(keys)
    if _distinct_count(keys) != m:
        return None
    bits = max(1, (m * m // 2).bit_length())
    while bits <= _MAX_TABLE_BITS:
        shift = np.uint64(64 - bits)
        for mult in _MULTIPLIERS:
            slots = ((keys * mult) >> shift).astype(np.int64)
            if _distinct_count(slots) == m:
                table = np.full(1 << bits, -1, dtype=np.int64)
                table[slots] = np.arange(m, dtype=np.int64)
                return mult, shift, table
        bits += 1
    return None


class _IdTables:
    """Project ids as 64-bit numbers with a perfect hash, built once per id width (in words)
    that a batch needs."""

    def __init__(self, index: Mapping[str, int]) -> None:
        self.index = index
        self.tables: dict[
            int, tuple[U64Array, IntArray, np.uint64, np.uint64, IntArray] | None
        ] = {}

    def get(self, words: int) -> tuple[U64Array, IntArray, np.uint64, np.uint64, IntArray] | None:
        if words not in self.tables:
            self.tables[words] = None
            ids = _id_rows(self.index, words)
            if ids is not None:
                id_rows, id_index = ids
                hashed = _perfect_hash(_mix(id_rows)) if len(id_index) else None
                if hashed is not None:
                    self.tables[words] = (id_rows, id_index, *hashed)
                elif not len(id_index):
                    empty = np.zeros(0, dtype=np.int64)
                    self.tables[words] = (id_rows, id_index, np.uint64(1), np.uint64(0), empty)
        return self.tables[words]


def _vote_entries_bytes(
    index: Mapping[str, int], distinct: list[str]
) -> tuple[IntArray, IntArray] | None:
    """Like :func:`_vote_entries`, without a Python string per entry (see
    :func:`_entries_of_bytes`, which does the work on the votes' UTF-8 joined by line
    breaks)."""
    try:
        data = "\n".join(distinct).encode("utf-8")
    except UnicodeEncodeError:
        return None
    return _entries_of_bytes(_IdTables(index), data, len(distinct))


def _entries_of_bytes(
    ids: _IdTables, data: bytes | bytearray, n: int
) -> tuple[IntArray, IntArray] | None:
    """Project indices of ``n`` votes (UTF-8, joined by line breaks), concatenated, and each
    vote's length.

    numpy finds the separators, reads each entry's bytes as up to four zero-padded 64-bit
    numbers, and finds the project with those numbers through a perfect hash of the ids'
    numbers, checking every match byte for byte (ids and entries hold no NUL byte, so the
    padding is unambiguous). ``None`` when the batch does not suit this method (long or odd
    entries, very many projects); raises :class:`_InvalidVoteError` for an entry that is no
    project id.
    """
    size = len(data)
    if data.count(b"\n") != n - 1 or b"\0" in data:
        return None
    data += bytes(8 * _MAX_WORDS)  # every entry can be read 8 bytes at a time
    buf = np.frombuffer(data, dtype=np.uint8, count=size)
    seps = np.flatnonzero((buf == _COMMA) | (buf == _NEWLINE))
    starts = np.empty(len(seps) + 1, dtype=np.int64)
    starts[0] = 0
    starts[1:] = seps + 1
    sizes = np.empty_like(starts)
    sizes[:-1] = seps - starts[:-1]
    sizes[-1] = size - starts[-1]
    closes = np.empty(len(starts), dtype=bool)
    closes[:-1] = buf[seps] == _NEWLINE
    closes[-1] = True
    del seps  # (temporaries the size of the batch are freed as soon as they are used)
    lengths = np.diff(np.flatnonzero(closes), prepend=-1)
    del closes
    empty = sizes == 0
    if empty.any():
        vote_of = np.repeat(np.arange(n, dtype=np.int64), lengths)[empty]
        if bool((lengths[vote_of] != 1).any()):
            raise _InvalidVoteError  # an empty entry in a non-empty vote ("1,,2")
        lengths[vote_of] = 0
        starts = starts[~empty]
        sizes = sizes[~empty]
    if not len(starts):
        return np.zeros(0, dtype=np.int64), lengths
    words = (int(sizes.max()) + 7) // 8
    if words > _MAX_WORDS:
        return None
    sizes = sizes.astype(np.int8)  # at most 8 * _MAX_WORDS: a byte per entry is enough
    table_of_ids = ids.get(words)
    if table_of_ids is None:
        return None
    id_rows, id_index, mult, shift, table = table_of_ids
    if not len(id_index):
        raise _InvalidVoteError  # no project id is that short
    # A view whose element i is the 8 bytes from offset i (little-endian): word w of every
    # entry is one gather, masked to the entry's length (the rest is zero padding).
    at = np.ndarray(shape=(len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    entry_rows = np.empty((len(starts), words), dtype=np.uint64)
    for w in range(words):
        word = at[starts + 8 * w]
        word &= _BYTE_MASKS[np.clip(sizes - 8 * w, 0, 8)]
        entry_rows[:, w] = word
        del word
    del starts, sizes
    slots = _mix(entry_rows)
    slots *= mult
    slots >>= shift
    found = table[slots]
    del slots
    if bool((found < 0).any()):
        raise _InvalidVoteError
    if not bool((id_rows[found] == entry_rows).all()):
        raise _InvalidVoteError  # an entry that is no project id
    return id_index[found], lengths


def _point_entries(raw_points: list[str], lengths: IntArray) -> IntArray | None:
    """All points, concatenated, if each vote has one integer per project; else ``None``."""
    n = len(raw_points)
    counts = np.fromiter(map(str.count, raw_points, repeat(",")), dtype=np.int64, count=n) + 1
    sizes = np.fromiter(map(len, raw_points), dtype=np.int64, count=n)
    counts[sizes == 0] = 0
    if not np.array_equal(counts, lengths):
        return None
    joined = ",".join(compress(raw_points, sizes.tolist()))
    if not joined:
        return np.zeros(0, dtype=np.int64)
    if _POINT_CHARS.fullmatch(joined) is None:
        return None
    try:
        return np.fromiter(map(int, joined.split(",")), dtype=np.int64, count=int(lengths.sum()))
    except ValueError:
        return None


# -- packed columns: equal raw votes found without a string per voter ------------------------

_CHUNK_BYTES = 1 << 16
"""Bytes handled at a time (distinct votes decoded, packed columns scanned): temporaries
(several numbers per ballot entry) stay the size of a chunk, not of the election."""
_ROWS_AT_ONCE = 1 << 14
"""Rows (voters, ballots) handled at a time, for the same reason."""
_GATHER_BYTES = 1 << 15
"""Bytes gathered at a time (their indices take four or eight times as much)."""
_MAX_FIELD_WORDS = 32
"""Fields of up to 256 bytes are hashed and compared as 64-bit words (longer: strings)."""


def _scramble(key: U64Array) -> None:
    """Mix every bit of ``key`` into every other, in place (xor-shift-multiply, as in
    MurmurHash's finaliser): without it, words that differ in a few bits can cancel out."""
    key ^= key >> np.uint64(33)
    key *= _MIX
    key ^= key >> np.uint64(29)
    key *= _MIX2
    key ^= key >> np.uint64(32)


class FieldSpans(Sequence[str]):
    """A column whose fields lie in a buffer at known places: ``data[starts[i] : starts[i] +
    sizes[i]]`` is field ``i`` (UTF-8, no line break), the same text as ``column[i]``.

    The reader hands the ``vote`` (and ``points``, ``voter_id``) columns to the decoder in
    this form while it still holds the file's bytes: equal votes are then found in the file
    itself, with no copy of the column. As a sequence it is ``column`` (what the per-vote
    decoder and the error messages read).
    """

    __slots__ = ("column", "data", "sizes", "starts")

    def __init__(
        self, data: bytes | bytearray, starts: PosArray, sizes: PosArray, column: Sequence[str]
    ) -> None:
        self.data = data
        self.starts = starts
        self.sizes = sizes
        self.column = column

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[str]:
        return iter(self.column)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        return self.column[i]

    def joined(self) -> bytes | bytearray:
        """Every field, joined by line breaks (what :class:`PackedColumn` holds)."""
        return _Fields(self.data, self.starts, self.sizes, longest=0).gather()


class _Fields:
    """Fields as numpy reads them: where each starts in a buffer, its size, and its bytes
    as zero-padded little-endian 64-bit words (no string per field).

    Everything is computed a block of rows at a time, so that the temporaries stay small
    (a number per voter is already a sixth of a typical file).
    """

    __slots__ = ("at", "blob", "joined", "last", "sizes", "starts", "words")

    def __init__(
        self,
        blob: bytes | bytearray,
        starts: PosArray,
        sizes: PosArray,
        *,
        longest: int,
        joined: bool = False,
    ) -> None:
        self.blob = blob
        # (A copy only when shorter than one word: the reader's buffer is never copied.)
        padded = blob if len(blob) >= 8 else bytes(blob).ljust(8, b"\0")
        self.at = np.ndarray(shape=(len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
        self.last = len(padded) - 8
        self.starts = starts
        self.sizes = sizes  # field i is blob[starts[i] : starts[i] + sizes[i]]
        self.words = (longest + 7) // 8
        self.joined = joined  # blob is the fields joined by line breaks, nothing else

    def __len__(self) -> int:
        return len(self.starts)

    @classmethod
    def of(cls, column: Sequence[str]) -> _Fields | None:
        """``None`` unless ``column`` is a non-empty packed column (or field spans) of short
        fields."""
        if isinstance(column, FieldSpans):
            if not len(column):
                return None
            longest = int(column.sizes.max())
            if longest > 8 * _MAX_FIELD_WORDS:
                return None
            return cls(column.data, column.starts, column.sizes, longest=longest)
        if not isinstance(column, PackedColumn) or not len(column):
            return None
        blob, count = column.blob, len(column)
        if blob.count(b"\n") != count - 1:
            return None
        starts = np.empty(count, dtype=np.int64)
        starts[0] = 0
        found = 1
        for a in range(0, len(blob), _CHUNK_BYTES):
            part = np.frombuffer(
                blob, dtype=np.uint8, count=min(_CHUNK_BYTES, len(blob) - a), offset=a
            )
            ends = np.flatnonzero(part == _NEWLINE)
            ends += a + 1
            starts[found : found + len(ends)] = ends
            found += len(ends)
        sizes = np.empty(count, dtype=np.int64)
        sizes[:-1] = starts[1:]
        sizes[-1] = len(blob) + 1
        sizes -= starts
        sizes -= 1
        longest = int(sizes.max())
        if longest > 8 * _MAX_FIELD_WORDS:
            return None
        return cls(blob, starts, sizes, longest=longest, joined=True)

    def _word(self, w: int, starts: PosArray, sizes: PosArray) -> U64Array:
        """Bytes ``8w .. 8w+7`` of the fields at ``starts`` (of ``sizes``), zero-padded."""
        pos = starts + 8 * w
        if len(pos) and int(pos.max()) > self.last:
            # Near the end of the buffer the word is read from earlier and shifted: the
            # bytes past the end come in as zeros (a field's bytes never lie past the end).
            clamped = np.minimum(pos, self.last)
            word = self.at[clamped]
            pos -= clamped
            pos *= 8
            np.minimum(pos, 56, out=pos)
            word >>= pos.astype(np.uint64)
        else:
            word = self.at[pos]
        word &= _BYTE_MASKS[np.clip(sizes - 8 * w, 0, 8)]
        return word

    def hash(self) -> U64Array:
        """One number per field; equal fields have equal numbers."""
        n = len(self)
        key = np.empty(n, dtype=np.uint64)
        for a in range(0, n, _ROWS_AT_ONCE):
            b = min(a + _ROWS_AT_ONCE, n)
            starts = self.starts[a:b]
            sizes = self.sizes[a:b]
            part = key[a:b]
            part[:] = sizes
            for w in range(self.words):
                part ^= self._word(w, starts, sizes)
                _scramble(part)
        return key

    def word_keys(self) -> U64Array:
        """Each field's first (zero-padded) word: the field itself if it is at most 8 bytes
        long and holds no NUL."""
        n = len(self)
        key = np.zeros(n, dtype=np.uint64)
        if self.words:
            for a in range(0, n, _ROWS_AT_ONCE):
                b = min(a + _ROWS_AT_ONCE, n)
                key[a:b] = self._word(0, self.starts[a:b], self.sizes[a:b])
        return key

    def equal(self, a: IntArray, b: IntArray) -> bool:
        """Whether field ``a[i]`` equals field ``b[i]`` for every ``i`` (byte for byte)."""
        for lo in range(0, len(a), _ROWS_AT_ONCE):
            rows_a, rows_b = a[lo : lo + _ROWS_AT_ONCE], b[lo : lo + _ROWS_AT_ONCE]
            sizes_a, sizes_b = self.sizes[rows_a], self.sizes[rows_b]
            if not np.array_equal(sizes_a, sizes_b):
                return False
            starts_a, starts_b = self.starts[rows_a], self.starts[rows_b]
            for w in range((int(sizes_a.max()) + 7) // 8 if len(sizes_a) else 0):
                if not np.array_equal(
                    self._word(w, starts_a, sizes_a), self._word(w, starts_b, sizes_b)
                ):
                    return False
        return True

    def gather(self, rows: IntArray | None = None) -> bytes | bytearray:
        """The fields ``rows`` (increasing; all if ``None``) joined by line breaks."""
        if self.joined and (rows is None or len(rows) == len(self)):
            return self.blob
        starts = self.starts if rows is None else self.starts[rows]
        sizes = self.sizes + 1 if rows is None else self.sizes[rows] + 1
        if not len(sizes):
            return b""
        out = bytearray(int(sizes.sum(dtype=np.int64)) - 1)
        # Each field is taken with the byte after it, which becomes a line break.
        filled = 0
        for piece, spans in gather_ranges(self.blob, starts, sizes):
            piece[np.cumsum(spans) - 1] = _NEWLINE
            size = min(len(piece), len(out) - filled)
            out[filled : filled + size] = piece[:size].data
            filled += size
        return out


def gather_ranges(
    data: bytes | bytearray, firsts: PosArray, lengths: PosArray
) -> Iterator[tuple[npt.NDArray[np.uint8], PosArray]]:
    """``data[firsts[i] : firsts[i] + lengths[i]]`` for every ``i``, in order, as pieces of
    about :data:`_GATHER_BYTES` (each with the lengths of its ranges): the byte indices
    built to gather them (four or eight bytes per byte) stay the size of a piece. A range may run
    one byte past the end of ``data`` (that byte reads as the last one)."""
    n = len(firsts)
    if not n:
        return
    buf = np.frombuffer(data, dtype=np.uint8)
    # Indices as narrow as the buffer allows (the positions are): half the bytes.
    kind: type[np.signedinteger[Any]] = np.int32 if len(buf) < 2**30 else np.int64
    ends = np.cumsum(lengths, dtype=np.int64)
    a = done = 0
    while a < n:
        b = max(a + 1, int(np.searchsorted(ends, done + _GATHER_BYTES, side="right")))
        spans = lengths[a:b]
        at = np.cumsum(spans, dtype=kind)
        total = int(at[-1])
        at -= spans
        at -= firsts[a:b]
        at *= -1
        index = np.repeat(at, spans)
        del at
        index += np.arange(total, dtype=kind)
        np.minimum(index, len(buf) - 1, out=index)
        yield buf[index], spans
        del index
        done = int(ends[b - 1])
        a = b


def _group_packed(
    columns: list[Sequence[str]],
) -> tuple[IntArray, IntArray, list[_Fields], Grouping] | None:
    """Rows equal in every column, found without a string per row: each group's first row
    (increasing) and its size. ``None`` unless the columns are packed (or when two
    different rows share a hash: the strings then decide)."""
    fields: list[_Fields] = []
    for column in columns:
        f = _Fields.of(column)
        if f is None:
            return None
        fields.append(f)
    n = len(fields[0])
    exact = len(fields) == 1 and fields[0].words <= 1 and fields[0].blob.find(b"\0") < 0
    # A field of at most 8 bytes and no NUL is its own number (its zero-padded word):
    # equal numbers are then equal fields, with nothing to verify.
    key = fields[0].word_keys() if exact else fields[0].hash()
    for f in fields[1:]:
        key ^= f.hash()
        _scramble(key)
    order = np.argsort(key)
    key = key[order]
    same = key[1:] == key[:-1]
    del key
    # Rows with equal hashes must be equal: each is compared with the one before it.
    for lo in range(0 if not exact else n, n - 1, _ROWS_AT_ONCE):
        hi = min(lo + _ROWS_AT_ONCE, n - 1)
        dup = same[lo:hi]
        if bool(dup.any()):
            a, b = order[lo + 1 : hi + 1][dup], order[lo:hi][dup]
            if not all(f.equal(a, b) for f in fields):
                return None
    heads = np.flatnonzero(~same)
    del same
    heads += 1
    heads = np.concatenate((np.zeros(1, dtype=np.int64), heads))
    first = np.minimum.reduceat(order, heads)
    counts = np.diff(heads, append=n)
    by_first = np.argsort(first)
    first, counts = first[by_first], counts[by_first]
    if n < 2**31:  # (kept while the caller decides whether it needs the codes: half the size)
        order, heads, by_first = (
            order.astype(np.int32),
            heads.astype(np.int32),
            by_first.astype(np.int32),
        )
    return first, counts, fields, Grouping(order, heads, by_first)


class Grouping(NamedTuple):
    """How :func:`_group_packed` sorted the rows into groups: enough to say each row's
    group (:meth:`codes`) when someone needs it, without computing it otherwise."""

    order: PosArray
    heads: PosArray
    by_first: PosArray

    def codes(self) -> npt.NDArray[np.signedinteger[Any]]:
        """Each row's group, the groups numbered by first appearance."""
        order, heads, by_first = self
        k = len(heads)
        step = np.zeros(len(order), dtype=np.int64)
        step[heads[1:]] = 1
        np.cumsum(step, out=step)  # the group of each row in sorted order
        rank = np.empty(k, dtype=np.int64)
        rank[by_first] = np.arange(k, dtype=np.int64)
        kind: type[np.signedinteger[Any]] = np.int32 if k < 2**31 else np.int64
        codes: npt.NDArray[np.signedinteger[Any]] = np.empty(len(order), dtype=kind)
        codes[order] = rank[step]
        return codes


def distinct_fields(column: Sequence[str]) -> bool:
    """Whether ``column`` is shown cheaply to hold no empty field and no field twice (a
    packed column or field spans, hashed); ``False`` means "not shown": the caller checks
    the strings."""
    if isinstance(column, PackedColumn):
        if column.increasing():
            return True
        numbers = column.numbers()
        if numbers is not None:
            numbers.sort()
            return not bool((numbers[1:] == numbers[:-1]).any())
    f = _Fields.of(column)
    if f is None:
        return False
    if int(f.sizes.min()) == 0:
        return False  # an empty field
    # (Fields of at most 8 bytes and no NUL are their own numbers: see _group_packed.)
    exact = f.words <= 1 and f.blob.find(b"\0") < 0
    key = f.word_keys() if exact else f.hash()
    key.sort()
    return not bool((key[1:] == key[:-1]).any())


# -- the batch decoder, a chunk of distinct votes at a time ----------------------------------


def _distinct_votes(votes: Sequence[str], points: Sequence[str] | None) -> Distinct:
    """The distinct raw votes (with their points) in order of first appearance, joined by
    line breaks (UTF-8), their points, how many voters cast each, and their number."""
    grouped = _group_packed([votes] if points is None else [votes, points])
    if grouped is not None:
        first, counts, fields, grouping = grouped
        joined = fields[0].gather(first)
        raw_points = None
        if points is not None:
            raw_points = fields[1].gather(first).decode("utf-8").split("\n")
        return Distinct(joined, raw_points, counts, len(first), grouping)
    raw_points = None
    if points is None:
        singles = Counter(votes)
        distinct = list(singles)
        counts = np.fromiter(singles.values(), dtype=np.int64, count=len(distinct))
        del singles
    else:
        pairs = Counter(zip(votes, points, strict=True))
        distinct = [v for v, _ in pairs]
        raw_points = [p for _, p in pairs]
        counts = np.fromiter(pairs.values(), dtype=np.int64, count=len(distinct))
        del pairs
    if any("\n" in v for v in distinct):
        raise _SlowPathError  # a line break inside a raw vote (never from a file)
    try:
        joined = "\n".join(distinct).encode("utf-8")
    except UnicodeEncodeError:
        raise _SlowPathError from None  # a lone surrogate: only the reference keeps it
    return Distinct(joined, raw_points, counts, len(distinct))


def _decode_batch(
    index: Mapping[str, int],
    vote_type: str,
    votes: Sequence[str],
    points: Sequence[str] | None,
    *,
    keep_points: bool,
) -> Ballots:
    """The batch decoder alone (raises :class:`_SlowPathError` where it cannot decide)."""
    distinct = _distinct_votes(votes, points)
    return _decode_distinct(index, vote_type, distinct, keep_points=keep_points)


def _decode_distinct(
    index: Mapping[str, int],
    vote_type: str,
    distinct: Distinct,
    *,
    keep_points: bool,
    repeats: list[tuple[int, int]] | None = None,
) -> Ballots:
    """The ballots of ``distinct``; each vote it repaired (a project named twice) is added
    to ``repeats`` as (its number, its first repeated project)."""
    joined, raw_points, counts, n, _ = distinct
    del distinct
    had_points = raw_points is not None
    m = max(len(index), 1)
    ids = _IdTables(index)
    # Every entry but the first of a vote follows a comma: this bounds the entries.
    bound = joined.count(b",") + n
    idx = np.empty(bound, dtype=np.int64)
    pts = np.empty(bound, dtype=np.int64) if raw_points is not None else None
    lengths = np.empty(n, dtype=np.int64)
    total = vote = pos = 0
    reordered = False
    while pos < len(joined) or vote < n:
        newline = joined.find(b"\n", min(pos + _CHUNK_BYTES, len(joined)))
        end = len(joined) if newline < 0 else newline
        chunk = joined[pos:end]
        count = chunk.count(b"\n") + 1
        part = _decode_chunk(
            ids,
            vote_type,
            chunk,
            count,
            raw_points=None if raw_points is None else raw_points[vote : vote + count],
            num_projects=m,
        )
        del chunk
        c_idx, c_lengths, c_pts, c_reordered, c_repeats = part
        if c_repeats is not None and repeats is not None:
            c_votes, c_projects = c_repeats
            repeats.extend(zip((c_votes + vote).tolist(), c_projects.tolist(), strict=True))
        idx[total : total + len(c_idx)] = c_idx
        if pts is not None and c_pts is not None:
            pts[total : total + len(c_pts)] = c_pts
        lengths[vote : vote + count] = c_lengths
        total += len(c_idx)
        vote += count
        reordered = reordered or c_reordered
        pos = end + 1
        del part, c_idx, c_lengths, c_pts
    del joined, raw_points
    idx.resize(total, refcheck=False)  # in place: nothing else refers to these arrays
    if pts is not None:
        pts.resize(total, refcheck=False)
        if vote_type == "cumulative" and total and int(pts.min()) < 0:
            raise _SlowPathError
    if not keep_points:
        pts = None
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    if not reordered and not had_points:
        # Distinct raw strings of exact ids are distinct ballots: nothing left to merge.
        return Ballots(indptr, idx, pts, counts)
    return _merge_rows(indptr, m, lengths=lengths, idx=idx, pts=pts, counts=counts)


def _decode_chunk(
    ids: _IdTables,
    vote_type: str,
    chunk: bytes | bytearray,
    n: int,
    *,
    raw_points: list[str] | None,
    num_projects: int,
) -> tuple[IntArray, IntArray, IntArray | None, bool, tuple[IntArray, IntArray] | None]:
    """One chunk of distinct votes: their entries (sorted within each vote unless ordinal),
    lengths, points, whether an entry moved or went, and the votes that named a project more
    than once (with the first such project; the repeats are dropped, as the reference
    decoder drops them); raises :class:`_SlowPathError` for anything the reference decoder
    must explain."""
    try:
        entries = _entries_of_bytes(ids, chunk, n)
    except _InvalidVoteError:
        raise _SlowPathError from None
    if entries is None:
        entries = _vote_entries(ids.index, chunk.decode("utf-8").split("\n"))
    if entries is None:
        raise _SlowPathError
    idx, lengths = entries
    total = len(idx)
    pts: IntArray | None = None
    if raw_points is not None:
        pts = _point_entries(raw_points, lengths)  # (one per project named, repeats too)
        if pts is None:
            raise _SlowPathError
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    rows *= num_projects
    key = rows + idx
    reordered = False
    repeats: tuple[IntArray, IntArray] | None = None
    if total > 1 and not bool((key[1:] > key[:-1]).all()):
        # Row r's keys lie in [r*m, r*m+m): sorting them sorts each vote in place, and
        # equal neighbours are a project named twice in one vote.
        sort_points = pts is not None and vote_type != "ordinal"
        order = np.argsort(key, kind="stable") if sort_points else None
        ranked = key[order] if order is not None else np.sort(key)
        twice = ranked[1:] == ranked[:-1]
        if bool(twice.any()):
            if vote_type not in REPAIRABLE_VOTE_TYPES:
                raise _SlowPathError  # a project twice in a vote with points: an error
            if order is None:
                order = np.argsort(key, kind="stable")
            # The stable order puts a project's first place first: the others go (their
            # cumulative points to it).
            if vote_type == "cumulative" and pts is not None:
                run = np.cumsum(np.concatenate(([True], ~twice))) - 1
                heads_at = order[np.flatnonzero(np.concatenate(([True], ~twice)))]
                np.add.at(pts, heads_at[run[1:][twice]], pts[order[1:][twice]])
                del run, heads_at
            later = np.sort(order[1:][twice])
            voter = rows[later] // num_projects
            heads = np.flatnonzero(np.diff(voter, prepend=-1))
            repeats = voter[heads], idx[later[heads]]  # (the first repeat in vote order)
            lengths = lengths - np.bincount(voter, minlength=n)
            keep = np.ones(total, dtype=bool)
            keep[later] = False
            idx, rows, key = idx[keep], rows[keep], key[keep]
            if pts is not None:
                pts = pts[keep]
            del later, voter, heads, keep
            order = np.argsort(key, kind="stable") if sort_points else None
            ranked = key[order] if order is not None else np.sort(key)
            reordered = True  # (two votes may now be one ballot: they are merged)
        del twice
        if vote_type != "ordinal":
            if order is None:
                idx = ranked - rows
            else:
                idx = idx[order]
                assert pts is not None
                pts = pts[order]
            reordered = True
        del ranked, order
    if vote_type == "choose-1" and n and int(lengths.max()) > 1:
        raise _SlowPathError
    return idx, lengths, pts, reordered, repeats


def _merge_rows(
    indptr: IntArray,
    num_projects: int,
    *,
    lengths: IntArray,
    idx: IntArray,
    pts: IntArray | None,
    counts: IntArray,
) -> Ballots:
    """Merge equal CSR rows, keeping the order of first appearance.

    ``idx`` and ``pts`` are consumed: the merged entries are compacted into them in place
    (they are the largest arrays here, and a copy would double them).
    """
    n = len(lengths)
    numbers = _row_numbers(indptr, num_projects, lengths=lengths, idx=idx, pts=pts)
    if numbers is not None:
        first, multiplicity = _groups(numbers, counts)
        del numbers
    else:
        width = int(lengths.max()) if n else 0
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        pos = np.arange(len(idx), dtype=np.int64) - indptr[rows]
        table = np.zeros((n, 1 + width * (2 if pts is not None else 1)), dtype=np.int64)
        table[:, 0] = lengths
        table[rows, 1 + pos] = idx
        if pts is not None:
            table[rows, 1 + width + pos] = pts
        del rows, pos
        first, group = _group_rows(table)
        del table
        k = len(first)
        by_first = np.argsort(first, kind="stable")
        rank = np.empty(k, dtype=np.int64)
        rank[by_first] = np.arange(k, dtype=np.int64)
        ballot = rank[group]
        del rank, group
        multiplicity = np.zeros(k, dtype=np.int64)
        np.add.at(multiplicity, ballot, counts)
        del ballot
        first = first[by_first]
    k = len(first)
    new_lengths = lengths[first]
    new_indptr = np.zeros(k + 1, dtype=np.int64)
    np.cumsum(new_lengths, out=new_indptr[1:])
    if k == n:
        return Ballots(new_indptr, idx, pts, multiplicity)
    keep = np.zeros(n, dtype=bool)
    keep[first] = True
    entry = np.repeat(keep, lengths)
    return Ballots(
        new_indptr,
        _compact(idx, entry),
        None if pts is None else _compact(pts, entry),
        multiplicity,
    )


def _compact(values: IntArray, keep: npt.NDArray[np.bool_]) -> IntArray:
    """``values[keep]`` computed in place, a block at a time (no second array of entries):
    ``values`` must own its data, have no views, and not be used by the caller again."""
    kept = 0
    for a in range(0, len(values), _CHUNK_BYTES):
        part = values[a : a + _CHUNK_BYTES][keep[a : a + _CHUNK_BYTES]]
        values[kept : kept + len(part)] = part
        kept += len(part)
        del part
    values.resize(kept, refcheck=False)
    return values


def _row_numbers(
    indptr: IntArray,
    num_projects: int,
    *,
    lengths: IntArray,
    idx: IntArray,
    pts: IntArray | None,
) -> IntArray | None:
    """One integer per row to group rows by, if it fits: the row read as a base-``b`` number.

    Each entry is a digit ``1..b-1`` (the project, and its points if kept) and position
    ``p`` in the row weighs ``b**p``, so equal numbers mean equal rows (lengths included,
    as no digit is 0). ``None`` if such numbers could overflow.
    """
    n = len(lengths)
    if n == 0:
        return None
    width = int(lengths.max())
    levels = num_projects
    low = span = 0
    if pts is not None and len(pts):
        low = int(pts.min())
        span = int(pts.max()) - low + 1
        levels = num_projects * span
    base = levels + 1
    if base**width >= _KEY_LIMIT:
        return None
    numbers = np.zeros(n, dtype=np.int64)
    step = max(1, _ROWS_AT_ONCE // max(width, 1))  # about _ROWS_AT_ONCE entries at a time
    for a in range(0, n, step):
        b = min(a + step, n)
        lo, hi = int(indptr[a]), int(indptr[b])
        if lo == hi:
            continue
        digits = idx[lo:hi] + 1
        if pts is not None and span:
            digits -= 1
            digits *= span
            digits += pts[lo:hi] - low
            digits += 1
        starts = indptr[a:b] - lo
        rows = np.repeat(np.arange(b - a, dtype=np.int64), lengths[a:b])
        weighted = np.arange(hi - lo, dtype=np.int64)
        weighted -= starts[rows]  # the position of each entry in its row
        del rows
        np.power(np.int64(base), weighted, out=weighted)
        weighted *= digits
        del digits
        filled = lengths[a:b] > 0
        numbers[a:b][filled] = np.add.reduceat(weighted, starts[filled])
    return numbers


def _groups(keys: IntArray, counts: IntArray) -> tuple[IntArray, IntArray]:
    """Rows with equal ``keys``: each group's first row (increasing) and the sum of its
    rows' ``counts`` (a sort, without :func:`numpy.unique`'s several arrays per row)."""
    order = np.argsort(keys)
    ranked = keys[order]
    heads = np.flatnonzero(ranked[1:] != ranked[:-1])
    del ranked
    heads += 1
    heads = np.concatenate((np.zeros(1, dtype=np.int64), heads))
    first = np.minimum.reduceat(order, heads)
    multiplicity = np.add.reduceat(counts[order], heads)
    del order, heads
    by_first = np.argsort(first)
    return first[by_first], multiplicity[by_first]


def _group_rows(table: IntArray) -> tuple[IntArray, IntArray]:
    """Equal rows of ``table``: each group's first row, and the group of every row."""
    n, width = table.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    low = table.min(axis=0)
    spans = (table.max(axis=0) - low + 1).tolist()
    product = 1
    for s in spans:
        product *= int(s)
    if product < _KEY_LIMIT:
        # One integer per row (mixed radix), then a 1-d unique: far faster than axis=0.
        weights = np.ones(width, dtype=np.int64)
        for c in range(width - 2, -1, -1):
            weights[c] = weights[c + 1] * spans[c + 1]
        key = (table - low) @ weights
        _, first, group = np.unique(key, return_index=True, return_inverse=True)
        return first.astype(np.int64), group.reshape(-1).astype(np.int64)
    order = np.lexsort(table.T[::-1])
    ranked = table[order]
    starts = np.empty(n, dtype=bool)
    starts[0] = True
    np.any(ranked[1:] != ranked[:-1], axis=1, out=starts[1:])
    group = np.empty(n, dtype=np.int64)
    group[order] = np.cumsum(starts) - 1
    return order[starts].astype(np.int64), group
