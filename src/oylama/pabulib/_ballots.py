"""Decode and merge the raw VOTES strings: the one place ballots are checked and merged.

Real elections repeat the same raw vote string many times (Łódź 2022: 90,494 voters), so
identical ``(vote, points)`` strings are counted first and each distinct one is split,
looked up and checked once. Ballots that differ only in the order of an unordered list
(``1,2`` and ``2,1`` in an approval vote) are then merged as well; ordinal ballots keep
their order. The result is what :class:`oylama.tally.Profile` stores.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

Ballot = tuple[tuple[int, ...], tuple[int, ...] | None]
"""Project indices (sorted unless ordinal) and their points (``None`` without points)."""

_POINTS = re.compile(r"\s*-?[0-9]+\s*(?:,\s*-?[0-9]+\s*)*")


class BallotError(Exception):
    """A raw vote that cannot be a ballot; ``row`` is the first voter (0-based) casting it."""

    def __init__(self, reason: str, row: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row


def _first_row(votes: Sequence[str], points: Sequence[str] | None, raw: tuple[str, str]) -> int:
    """The first row whose raw vote (and points) are ``raw`` (only used to report errors)."""
    if points is None:
        return list(votes).index(raw[0])
    return list(zip(votes, points, strict=True)).index(raw)


def _decode_one(
    index: Mapping[str, int], vote_type: str, vote: str, pts: str | None
) -> tuple[tuple[int, ...], tuple[int, ...] | None]:
    """One distinct raw vote: project indices in ballot order and points; raises ValueError."""
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
    """Merge the raw ``votes`` (and ``points``) columns into distinct ballots with counts.

    ``index`` maps project ids to their PROJECTS position. ``points`` are checked whenever
    given; they are part of the ballot only with ``keep_points``. Raises :class:`BallotError`
    naming the first voter casting a malformed vote.
    """
    if points is None:
        raw_counts: Counter[tuple[str, str | None]] = Counter(
            zip(votes, [None] * len(votes), strict=True)
        )
    else:
        raw_counts = Counter(zip(votes, points, strict=True))
    ordered = vote_type == "ordinal"
    merged: dict[Ballot, int] = {}
    for (vote, pts), count in raw_counts.items():
        try:
            projects, pt = _decode_one(index, vote_type, vote, pts)
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
