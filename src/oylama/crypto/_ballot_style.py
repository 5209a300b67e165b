"""Ballot styles: the crypto-relevant projection of a ballot definition, and its rules.

A :class:`BallotStyle` says what a valid ballot of one election looks like to the ballot
cryptography -- kind, number of projects, costs and budget, count bounds, points, votes,
credits -- and nothing else (names, texts and languages live in the election's ballot
definition, which maps onto this). Everything a prover and a verifier must agree on is derived
here from the style alone: which proof each project gets, which aggregate bounds need a proof
at all, the quadratic table. Keeping these rules in one place is what makes the prover and the
verifier agree by construction (docs/spec/ballots.md §2–§4).
"""

from __future__ import annotations

from typing import Final

import msgspec

from oylama.crypto._proofs import MAX_ONE_OF, MAX_VALUE
from oylama.errors import InputError

#: The four ballot kinds.
KINDS: Final = ("approval", "knapsack", "cumulative", "quadratic")

#: Most projects on one ballot.
MAX_PROJECTS: Final = 1024

#: Longest ballot-style id and ballot id, in bytes (they enter every proof's label).
MAX_STYLE_ID: Final = 128
MAX_BALLOT_ID: Final = 64

#: Cumulative ballots: per-project one-of proof over ``{0..P}`` up to this ``P``, range proof
#: above (a one-of costs ``3(P+1)`` multiplications, a range ``6·bitlen(P) + 2``).
MAX_ONE_OF_POINTS: Final = 5

#: Quadratic ballots: largest ``V`` (the table proof has one row per allowed vote, at most 64).
MAX_VOTES_UNSIGNED: Final = MAX_ONE_OF - 1
MAX_VOTES_SIGNED: Final = (MAX_ONE_OF - 1) // 2


class BallotStyle(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What the ballot cryptography needs to know about one ballot style.

    Fields that a kind does not use must keep their defaults (a mapped definition that sets
    them is a mistake worth catching). ``max_count`` ``None`` means "the number of projects".
    """

    id: str
    kind: str
    projects: int
    costs: tuple[int, ...] = ()
    budget: int = 0
    min_count: int = 0
    max_count: int | None = None
    points: int = 0
    max_votes: int = 0
    signed: bool = False
    credits: int = 0


def _require(cond: bool, style: BallotStyle, message: str) -> None:
    if not cond:
        raise InputError(f"ballot style {style.id!r} ({style.kind}): {message}")


def check_style(style: BallotStyle) -> None:
    """Refuse an inconsistent style with an :class:`InputError` naming the field."""
    if not isinstance(style, BallotStyle):
        raise InputError("a ballot style must be a BallotStyle")
    sid = style.id.encode("utf-8")
    _require(1 <= len(sid) <= MAX_STYLE_ID, style, f"id must be 1 to {MAX_STYLE_ID} bytes")
    _require(style.kind in KINDS, style, f"kind must be one of {', '.join(KINDS)}")
    _require(
        isinstance(style.projects, int) and 1 <= style.projects <= MAX_PROJECTS,
        style,
        f"projects must be 1 to {MAX_PROJECTS}",
    )
    n = style.projects
    unused = {
        "costs": style.costs != (),
        "budget": style.budget != 0,
        "min_count": style.min_count != 0,
        "max_count": style.max_count is not None,
        "points": style.points != 0,
        "max_votes": style.max_votes != 0,
        "signed": style.signed,
        "credits": style.credits != 0,
    }
    used: set[str] = set()
    if style.kind in ("approval", "knapsack"):
        used |= {"min_count", "max_count"}
        hi = n if style.max_count is None else style.max_count
        _require(
            0 <= style.min_count <= hi <= n, style, "need 0 <= min_count <= max_count <= projects"
        )
    if style.kind == "knapsack":
        used |= {"costs", "budget"}
        _require(len(style.costs) == n, style, f"costs must list {n} costs, one per project")
        _require(all(c >= 0 for c in style.costs), style, "costs must be >= 0")
        _require(sum(style.costs) <= MAX_VALUE, style, "the costs' sum must be at most 2^62")
        _require(1 <= style.budget <= MAX_VALUE, style, "budget must be 1 to 2^62")
    elif style.kind == "cumulative":
        used.add("points")
        _require(1 <= style.points <= MAX_VALUE // n, style, "points must be 1 to 2^62/projects")
    elif style.kind == "quadratic":
        used |= {"max_votes", "signed", "credits"}
        top = MAX_VOTES_SIGNED if style.signed else MAX_VOTES_UNSIGNED
        _require(1 <= style.max_votes <= top, style, f"max_votes must be 1 to {top}")
        _require(1 <= style.credits <= MAX_VALUE, style, "credits must be 1 to 2^62")
    for name, is_set in unused.items():
        _require(name in used or not is_set, style, f"{name} is not used by this kind")


def count_bounds(style: BallotStyle) -> tuple[int, int] | None:
    """Approval and knapsack: ``[min, max]`` of the number of selected projects, or ``None``
    when every 0/1 ballot satisfies it (then no count proof is sent)."""
    if style.kind not in ("approval", "knapsack"):
        return None
    n = style.projects
    hi = n if style.max_count is None else style.max_count
    return None if (style.min_count, hi) == (0, n) else (style.min_count, hi)


def total_bounds(style: BallotStyle) -> tuple[int, int] | None:
    """The bounds of the kind's weighted total, or ``None`` when the per-project proofs imply
    them: knapsack ``Σ cost·x ∈ [0, budget]``, cumulative ``Σ x ∈ [0, P]``, quadratic
    ``Σ w ∈ [0, credits]``."""
    n = style.projects
    if style.kind == "knapsack":
        return None if sum(style.costs) <= style.budget else (0, style.budget)
    if style.kind == "cumulative":
        return None if n == 1 else (0, style.points)
    if style.kind == "quadratic":
        return None if n * style.max_votes**2 <= style.credits else (0, style.credits)
    return None


def tally_bounds(style: BallotStyle) -> tuple[int, int]:
    """``(w, t)``: the most one ballot adds to one project's tally plaintext (record.md §2
    item 11's ``w``), and to all projects' together.

    A tally of ``N`` ballots then decrypts to plaintexts ``m_k <= N·w`` with
    ``Σ m_k <= N·t``. Approval and knapsack: 1 per project (knapsack tallies are unscaled),
    ``max_count`` in all; cumulative: ``P`` and ``P``; quadratic: ``V`` (``2V`` if signed)
    per project, and in all ``min(nV, credits)`` (``Σ v <= Σ v²`` for whole votes), plus the
    offsets ``nV`` if signed.
    """
    n = style.projects
    if style.kind in ("approval", "knapsack"):
        return 1, n if style.max_count is None else style.max_count
    if style.kind == "cumulative":
        return style.points, style.points
    votes = min(n * style.max_votes, style.credits)
    if style.signed:
        return 2 * style.max_votes, votes + n * style.max_votes
    return style.max_votes, votes


def selection_scales(style: BallotStyle) -> tuple[int, ...]:
    """What a selected project's ciphertext encrypts: ``s_j·x_j``.

    Knapsack: ``s_j = cost_j`` (or 1 for a free project), so the ballot's spending is the plain
    sum of the selections -- additions instead of one scalar multiplication per project for the
    verifier; a tally is unscaled once per project by ``s_j^-1 mod L``. Other kinds: 1.
    """
    if style.kind == "knapsack":
        return tuple(c if c > 0 else 1 for c in style.costs)
    return (1,) * style.projects


def total_weights(style: BallotStyle) -> tuple[int, ...]:
    """The coefficients of the total on the selections (knapsack: 1, or 0 for a free project,
    since selections already encrypt ``cost·x``) or on the squares (quadratic: 1)."""
    if style.kind == "knapsack":
        return tuple(1 if c > 0 else 0 for c in style.costs)
    return (1,) * style.projects


def selection_values(style: BallotStyle) -> list[list[int] | None]:
    """Per project, the one-of value set of its ciphertext, or ``None`` for a range proof
    (cumulative with ``P`` above :data:`MAX_ONE_OF_POINTS`) or a table proof (quadratic)."""
    if style.kind in ("approval", "knapsack"):
        return [[0, s] for s in selection_scales(style)]
    if style.kind == "cumulative" and style.points <= MAX_ONE_OF_POINTS:
        return [list(range(style.points + 1))] * style.projects
    return [None] * style.projects


def quadratic_offset(style: BallotStyle) -> int:
    """What a quadratic selection adds to the vote ``v``: ``V`` if signed (so ``v + V >= 0``)."""
    return style.max_votes if style.signed else 0


def quadratic_rows(style: BallotStyle) -> list[tuple[int, int]]:
    """The public table of a quadratic project: rows ``(v + offset, v²)``, increasing."""
    v_max, off = style.max_votes, quadratic_offset(style)
    low = -v_max if style.signed else 0
    return [(v + off, v * v) for v in range(low, v_max + 1)]


def check_choices(style: BallotStyle, choices: list[int]) -> None:
    """Refuse choices that the style does not allow, naming the project or the bound."""
    n = style.projects
    if len(choices) != n:
        raise InputError(f"expected {n} choices (one per project), got {len(choices)}")
    for j, x in enumerate(choices):
        if not isinstance(x, int) or isinstance(x, bool):
            raise InputError(f"project {j}: a choice is an integer, got {x!r}")
    if style.kind in ("approval", "knapsack"):
        for j, x in enumerate(choices):
            if x not in (0, 1):
                raise InputError(f"project {j}: a {style.kind} choice is 0 or 1, got {x}")
        count = sum(choices)
        hi = n if style.max_count is None else style.max_count
        if count < style.min_count:
            raise InputError(
                f"{count} projects selected, the ballot needs at least {style.min_count}"
            )
        if count > hi:
            raise InputError(f"{count} projects selected, the ballot allows at most {hi}")
        if style.kind == "knapsack":
            spent = sum(c * x for c, x in zip(style.costs, choices, strict=True))
            if spent > style.budget:
                raise InputError(f"the selection costs {spent}, over the budget of {style.budget}")
    elif style.kind == "cumulative":
        for j, x in enumerate(choices):
            if not 0 <= x <= style.points:
                raise InputError(f"project {j}: points must be in [0, {style.points}], got {x}")
        if sum(choices) > style.points:
            raise InputError(f"{sum(choices)} points given, the ballot allows {style.points}")
    else:
        v_max = style.max_votes
        low = -v_max if style.signed else 0
        for j, v in enumerate(choices):
            if not low <= v <= v_max:
                raise InputError(f"project {j}: votes must be in [{low}, {v_max}], got {v}")
        cost = sum(v * v for v in choices)
        if cost > style.credits:
            raise InputError(f"the votes cost {cost} credits, the ballot allows {style.credits}")
