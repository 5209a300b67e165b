"""Decode, check and merge the raw VOTES strings: the one place ballots are read.

Real elections repeat the same raw vote string many times (Łódź 2022: 90,494 voters, 23,571
distinct votes), so identical raw ``vote`` (and ``points``) strings are counted first, and
only the distinct ones are decoded -- all at once: joined into one UTF-8 buffer whose entries
numpy matches to project ids as 64-bit words (or, for unusual ids, joined, split once and
looked up with a C-level ``map``); checks (unknown project, a project twice, points count)
are numpy operations over the whole batch. Ballots that differ only in the order of an
unordered list (``1,2`` and ``2,1`` in an approval vote) are merged as well; ordinal ballots
keep their order. The result is exactly what :class:`oylama.tally.Profile` stores.

When the batch finds anything wrong (or a leniency is needed, e.g. spaces around ids), the
straightforward per-vote decoder :func:`merge_ballots` runs instead: it is the reference
semantics and it names the first voter with the problem.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import compress, repeat
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

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
) -> Ballots:
    """Check the raw ``votes`` (and ``points``) columns and merge them into ballots.

    ``index`` maps project ids to their PROJECTS position. ``points`` are checked whenever
    given; they are part of the ballots only with ``keep_points``. Raises
    :class:`BallotError` naming the first voter casting a malformed vote.
    """
    try:
        return _decode_batch(index, vote_type, votes, points, keep_points=keep_points)
    except _SlowPathError:
        pass
    merged = merge_ballots(index, vote_type, votes, points, keep_points=keep_points)
    return _from_merged(merged, keep_points=keep_points)


# -- the reference decoder ------------------------------------------------------------------


def _first_row(votes: Sequence[str], points: Sequence[str] | None, raw: tuple[str, str]) -> int:
    """The first row whose raw vote (and points) are ``raw`` (only used to report errors)."""
    if points is None:
        return list(votes).index(raw[0])
    return list(zip(votes, points, strict=True)).index(raw)


def decode_vote(
    index: Mapping[str, int], vote_type: str, vote: str, pts: str | None
) -> tuple[tuple[int, ...], tuple[int, ...] | None]:
    """One raw vote: project indices in ballot order and points; raises ValueError."""
    if vote == "" or vote.isspace():
        projects: tuple[int, ...] = ()
    else:
        names = vote.split(",")
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
            seen: set[int] = set()
            for n, j in zip(names, projects, strict=True):
                if j in seen:
                    raise ValueError(f"vote names project {n.strip()!r} more than once")
                seen.add(j)
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
        if len(points) != len(projects):
            raise ValueError(f"{len(points)} points for {len(projects)} projects in the vote")
        if vote_type == "cumulative" and any(p < 0 for p in points):
            raise ValueError(f"negative points {pts!r} in a cumulative vote")
    return projects, points


def merge_ballots(
    index: Mapping[str, int],
    vote_type: str,
    votes: Sequence[str],
    points: Sequence[str] | None,
    *,
    keep_points: bool,
) -> dict[Ballot, int]:
    """Distinct ballots with their counts, in order of first appearance (per-vote decoder)."""
    raw_counts: Counter[tuple[str, str | None]]
    if points is None:
        raw_counts = Counter(zip(votes, repeat(None)))
    else:
        raw_counts = Counter(zip(votes, points, strict=True))
    ordered = vote_type == "ordinal"
    merged: dict[Ballot, int] = {}
    for (vote, pts), count in raw_counts.items():
        try:
            projects, pt = decode_vote(index, vote_type, vote, pts)
        except ValueError as exc:
            raw = (vote, pts if pts is not None else "")
            raise BallotError(str(exc), _first_row(votes, points, raw)) from None
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
_MULTIPLIERS = np.random.default_rng(20260411).integers(
    1, 2**63, size=16, dtype=np.uint64
) | np.uint64(1)
"""Fixed odd multipliers tried in turn for the perfect hash (deterministic builds)."""

U64Array = npt.NDArray[np.uint64]
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


def _perfect_hash(keys: U64Array) -> tuple[np.uint64, np.uint64, IntArray] | None:
    """A multiplier, a shift and a table such that ``table[(k * mult) >> shift]`` is the
    position of ``k`` in ``keys``, for every key (distinct slots); ``None`` if too big."""
    m = len(keys)
    if len(np.unique(keys)) != m:
        return None
    bits = max(1, (m * m // 2).bit_length())
    while bits <= _MAX_TABLE_BITS:
        shift = np.uint64(64 - bits)
        for mult in _MULTIPLIERS:
            slots = ((keys * mult) >> shift).astype(np.int64)
            if len(np.unique(slots)) == m:
                table = np.full(1 << bits, -1, dtype=np.int64)
                table[slots] = np.arange(m, dtype=np.int64)
                return mult, shift, table
        bits += 1
    return None


def _vote_entries_bytes(
    index: Mapping[str, int], distinct: list[str]
) -> tuple[IntArray, IntArray] | None:
    """Like :func:`_vote_entries`, without a Python string per entry.

    The distinct votes are joined into one UTF-8 buffer; numpy finds the separators, reads
    each entry's bytes as up to four zero-padded 64-bit numbers, and finds the project with
    those numbers through a perfect hash of the ids' numbers, checking every match byte for
    byte (ids and entries hold no NUL byte, so the padding is unambiguous). ``None`` when
    the batch does not suit this method (long or odd entries, very many projects); raises
    :class:`_InvalidVoteError` for an entry that is no project id.
    """
    n = len(distinct)
    joined = "\n".join(distinct)
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:
        return None
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
    ids = _id_rows(index, words)
    if ids is None:
        return None
    id_rows, id_index = ids
    if not len(id_index):
        raise _InvalidVoteError  # no project id is that short
    hashed = _perfect_hash(_mix(id_rows))
    if hashed is None:
        return None
    mult, shift, table = hashed
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


def _decode_batch(
    index: Mapping[str, int],
    vote_type: str,
    votes: Sequence[str],
    points: Sequence[str] | None,
    *,
    keep_points: bool,
) -> Ballots:
    raw_points: list[str] | None = None
    if points is None:
        singles = Counter(votes)
        distinct = list(singles)
        n = len(distinct)
        counts = np.fromiter(singles.values(), dtype=np.int64, count=n)
        del singles
    else:
        pairs = Counter(zip(votes, points, strict=True))
        distinct = [v for v, _ in pairs]
        raw_points = [p for _, p in pairs]
        n = len(distinct)
        counts = np.fromiter(pairs.values(), dtype=np.int64, count=n)
        del pairs
    try:
        entries = _vote_entries_bytes(index, distinct) if n else None
    except _InvalidVoteError:
        raise _SlowPathError from None
    if entries is None:
        entries = _vote_entries(index, distinct)
    if entries is None:
        raise _SlowPathError
    idx, lengths = entries
    total = len(idx)
    if vote_type == "choose-1" and n and int(lengths.max()) > 1:
        raise _SlowPathError
    pts: IntArray | None = None
    if raw_points is not None:
        pts = _point_entries(raw_points, lengths)
        if pts is None or (vote_type == "cumulative" and total and int(pts.min()) < 0):
            raise _SlowPathError
    m = max(len(index), 1)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    key = rows * m + idx
    reordered = False
    if total > 1 and not bool((key[1:] > key[:-1]).all()):
        if vote_type == "ordinal":
            ranked = np.sort(key)
            if bool((ranked[1:] == ranked[:-1]).any()):
                raise _SlowPathError  # a project twice in one ranking
        else:
            # Sorting the keys sorts each vote in place (row r's keys lie in [r*m, r*m+m)).
            if pts is None:
                key = np.sort(key)
                idx = key - rows * m
            else:
                order = np.argsort(key, kind="stable")
                key = key[order]
                idx = idx[order]
                pts = pts[order]
            if bool((key[1:] == key[:-1]).any()):
                raise _SlowPathError  # a project twice in one vote
            reordered = True
    if not keep_points:
        pts = None
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    if not reordered and raw_points is None:
        # Distinct raw strings of exact ids are distinct ballots: nothing left to merge.
        return Ballots(indptr, idx, pts, counts)
    del key  # the sort keys are not needed to merge
    return _merge_rows(indptr, m, lengths=lengths, rows=rows, idx=idx, pts=pts, counts=counts)


def _merge_rows(
    indptr: IntArray,
    num_projects: int,
    *,
    lengths: IntArray,
    rows: IntArray,
    idx: IntArray,
    pts: IntArray | None,
    counts: IntArray,
) -> Ballots:
    """Merge equal CSR rows, keeping the order of first appearance."""
    n = len(lengths)
    grouped = _group_by_number(indptr, num_projects, lengths=lengths, rows=rows, idx=idx, pts=pts)
    if grouped is None:
        width = int(lengths.max()) if n else 0
        pos = np.arange(len(idx), dtype=np.int64) - indptr[rows]
        table = np.zeros((n, 1 + width * (2 if pts is not None else 1)), dtype=np.int64)
        table[:, 0] = lengths
        table[rows, 1 + pos] = idx
        if pts is not None:
            table[rows, 1 + width + pos] = pts
        grouped = _group_rows(table)
    first, group = grouped
    k = len(first)
    by_first = np.argsort(first, kind="stable")
    rank = np.empty(k, dtype=np.int64)
    rank[by_first] = np.arange(k, dtype=np.int64)
    ballot = rank[group]
    multiplicity = np.zeros(k, dtype=np.int64)
    np.add.at(multiplicity, ballot, counts)
    keep = np.zeros(n, dtype=bool)
    keep[first] = True
    entry = keep[rows]
    new_lengths = lengths[first[by_first]]
    new_indptr = np.zeros(k + 1, dtype=np.int64)
    np.cumsum(new_lengths, out=new_indptr[1:])
    return Ballots(new_indptr, idx[entry], None if pts is None else pts[entry], multiplicity)


def _group_by_number(
    indptr: IntArray,
    num_projects: int,
    *,
    lengths: IntArray,
    rows: IntArray,
    idx: IntArray,
    pts: IntArray | None,
) -> tuple[IntArray, IntArray] | None:
    """Group rows by one integer per row, if it fits: the row read as a base-``b`` number.

    Each entry is a digit ``1..b-1`` (the project, and its points if kept) and position
    ``p`` in the row weighs ``b**p``, so equal numbers mean equal rows (lengths included,
    as no digit is 0). ``None`` if such numbers could overflow.
    """
    n = len(lengths)
    if n == 0:
        return None
    width = int(lengths.max())
    digits = idx
    levels = num_projects
    if pts is not None and len(pts):
        low = int(pts.min())
        span = int(pts.max()) - low + 1
        digits = idx * span + (pts - low)
        levels = num_projects * span
    base = levels + 1
    if base**width >= _KEY_LIMIT:
        return None
    # In place: these arrays have one element per ballot entry.
    weighted = np.arange(len(idx), dtype=np.int64)
    weighted -= indptr[rows]  # the position of each entry in its row
    np.power(np.int64(base), weighted, out=weighted)
    weighted *= digits + 1
    numbers = np.zeros(n, dtype=np.int64)
    filled = lengths > 0
    if len(weighted):
        numbers[filled] = np.add.reduceat(weighted, indptr[:-1][filled])
    _, first, group = np.unique(numbers, return_index=True, return_inverse=True)
    return first.astype(np.int64), group.reshape(-1).astype(np.int64)


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
