"""Choices: random valid ones for every ballot kind, and the text form a voter types.

Random choices drive the demo, the end-to-end tests and the benchmark; they must be valid
for the style (``encrypt_ballot`` refuses anything else) yet varied enough that a wrong tally
shows. The rng is injected (:class:`random.Random`), so a seeded run casts the same ballots.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from math import isqrt

from oylama.crypto import BallotStyle
from oylama.errors import InputError


def random_choices(style: BallotStyle, rng: random.Random) -> list[int]:
    """A uniformly-ish random valid vote for ``style``: one integer per project."""
    n = style.projects
    if style.kind == "approval":
        hi = n if style.max_count is None else style.max_count
        k = rng.randint(style.min_count, hi)
        chosen = set(rng.sample(range(n), k))
        return [1 if j in chosen else 0 for j in range(n)]
    if style.kind == "knapsack":
        return _knapsack(style, rng)
    if style.kind == "cumulative":
        out = [0] * n
        for _ in range(rng.randint(0, style.points)):
            out[rng.randrange(n)] += 1
        return out
    if style.kind == "quadratic":
        out = [0] * n
        left = style.credits
        for j in rng.sample(range(n), n):
            top = min(style.max_votes, isqrt(left))
            v = rng.randint(-top if style.signed else 0, top)
            out[j] = v
            left -= v * v
        return out
    raise InputError(f"unknown ballot kind {style.kind!r}")


def _knapsack(style: BallotStyle, rng: random.Random) -> list[int]:
    """Projects in random order, each taken if it fits, up to a random count in the bounds;
    if that falls short of ``min_count``, start from the cheapest ``min_count`` projects
    (a valid definition guarantees they fit) and add random ones that still fit."""
    n = style.projects
    hi = n if style.max_count is None else style.max_count
    target = rng.randint(style.min_count, hi)
    for _ in range(8):
        chosen, spent = _fill(style, rng, [], 0, target=target)
        if len(chosen) >= style.min_count:
            return [1 if j in chosen else 0 for j in range(n)]
    cheapest = sorted(range(n), key=lambda j: (style.costs[j], j))[: style.min_count]
    spent = sum(style.costs[j] for j in cheapest)
    chosen, _ = _fill(style, rng, cheapest, spent, target=max(target, style.min_count))
    return [1 if j in chosen else 0 for j in range(n)]


def _fill(
    style: BallotStyle, rng: random.Random, start: list[int], spent: int, *, target: int
) -> tuple[set[int], int]:
    chosen = set(start)
    for j in rng.sample(range(style.projects), style.projects):
        if len(chosen) >= target:
            break
        if j not in chosen and spent + style.costs[j] <= style.budget:
            chosen.add(j)
            spent += style.costs[j]
    return chosen, spent


def parse_choices(style: BallotStyle, project_ids: Sequence[str], text: str) -> list[int]:
    """Choices from what a voter typed: project ids separated by commas for approval and
    knapsack (``BOS-01,BOS-03``), ``id=value`` pairs for cumulative points and quadratic votes
    (``MAV-01=3,MAV-04=7``); unnamed projects get 0. An empty text is the empty vote.

    Raises :class:`InputError` naming the offending item; the style's own bounds (count,
    budget, points, credits) are checked later by ``encrypt_ballot``.
    """
    if len(project_ids) != style.projects:
        raise InputError(f"{len(project_ids)} project ids for {style.projects} projects")
    position = {pid: j for j, pid in enumerate(project_ids)}
    out = [0] * style.projects
    seen: set[str] = set()
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        if style.kind in ("approval", "knapsack"):
            pid, value = item, 1
            if "=" in item:
                raise InputError(f"{item!r}: name the projects you approve, without '='")
        else:
            pid, sep, number = item.partition("=")
            pid = pid.strip()
            if not sep:
                raise InputError(f"{item!r}: write PROJECT=VALUE on a {style.kind} ballot")
            try:
                value = int(number.strip())
            except ValueError:
                raise InputError(f"{item!r}: {number.strip()!r} is not an integer") from None
        if pid not in position:
            known = ", ".join(project_ids)
            raise InputError(f"{pid!r} is not a project of ballot {style.id!r} ({known})")
        if pid in seen:
            raise InputError(f"{pid!r} named twice")
        seen.add(pid)
        out[position[pid]] = value
    return out
