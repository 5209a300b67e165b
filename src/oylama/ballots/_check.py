"""The checks a ballot definition must pass beyond its types.

Each check yields a :class:`Problem` naming the field path; the loader adds the line. All
problems are collected (staff fix a file in one go), in document order per ballot.

Why each rule exists is in docs/ballots.md; in short: ids are unique and short because they
enter URLs, Pabulib exports and the ballot proofs' labels; a ballot's parameters must admit at
least one valid vote and fit the ballot cryptography's limits (oylama.crypto.BallotStyle); the
allocation rule must be one that can count this kind of ballot.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from typing import Final

import msgspec

from oylama.ballots._bridge import to_units
from oylama.ballots._locate import Path, format_path
from oylama.ballots._model import (
    CITY_WIDE,
    MAX_MIN_TALLY_BALLOTS,
    MAX_PHOTOS,
    PAPER_AND_ONLINE,
    SDG_TAGS,
    Ballot,
    Definition,
    Election,
    Kind,
    Phase,
    Project,
    Text,
)
from oylama.crypto import (
    MAX_BOUND,
    MAX_PROJECTS,
    MAX_VALUE,
    MAX_VOTES_SIGNED,
    MAX_VOTES_UNSIGNED,
)
from oylama.pabulib import money_scale
from oylama.tally import (
    MAX_WELFARE_STATES,
    TieBreak,
    rule_names,
    welfare_capacity,
    welfare_states,
)


class Problem(msgspec.Struct, frozen=True):
    """One reason a definition is refused: where (field path, line) and why."""

    path: Path
    line: int | None
    reason: str

    @property
    def field(self) -> str:
        return format_path(self.path)


#: Rules that count approval-style and point ballots from their per-project totals. Ballots
#: are encrypted and tallied homomorphically, so only the totals are ever decrypted: rules that
#: weigh individual ballots (MES, quadratic funding) cannot count them (oylama.tally
#: TOTALS_RULES). Rules that need settings a definition does not carry (greedy-threshold,
#: greedy-custom, greedy-exclusive) are not offered either.
SCORE_RULES: Final = ("greedy", "greedy-no-skip", "max-welfare")
QUADRATIC_RULES: Final = ("quadratic-voting",)

#: Which allocation rules fit which ballot kind.
RULES_BY_KIND: Final[dict[Kind, tuple[str, ...]]] = {
    "approval": SCORE_RULES,
    "knapsack": SCORE_RULES,
    "cumulative": SCORE_RULES,
    "quadratic": QUADRATIC_RULES,
}

#: Utilities by kind, for the score rules (quadratic rules take none).
UTILITIES_BY_KIND: Final[dict[Kind, tuple[str, ...]]] = {
    "approval": ("cost", "cardinality"),
    "knapsack": ("cost", "cardinality"),
    "cumulative": ("points",),
    "quadratic": (),
}

#: Parameters of each kind; a parameter of another kind must stay unset.
PARAMETERS: Final[dict[Kind, tuple[str, ...]]] = {
    "approval": ("min_count", "max_count"),
    "knapsack": ("min_count", "max_count"),
    "cumulative": ("points",),
    "quadratic": ("max_votes", "signed", "credits"),
}
ALL_PARAMETERS: Final = ("min_count", "max_count", "points", "max_votes", "signed", "credits")

_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_DIGEST: Final = re.compile(r"[0-9a-f]{64}")
_CURRENCY: Final = re.compile(r"[A-Z]{3}")
_ID_RULE: Final = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"


def _id(value: str, path: Path) -> Iterator[Problem]:
    if not _ID.fullmatch(value):
        yield Problem(path, None, f"id {value!r} must be {_ID_RULE}")


#: Bidirectional controls: they reorder what follows them on screen, so a name can show one
#: thing and be another (Trojan Source); a text shown to voters never needs them.
BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

#: Characters that draw nothing although Unicode does not call them space or format.
_BLANK: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")

_INVISIBLE_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def _visible(c: str) -> bool:
    return c not in _BLANK and unicodedata.category(c) not in _INVISIBLE_CATEGORIES


def display_text_problem(value: str) -> str | None:
    """Why ``value`` cannot be shown to voters as a name or title, or ``None``.

    Refused: empty or invisible-only text (spaces, format characters, combining marks alone,
    fillers), bidirectional controls anywhere, control characters other than tab and line
    breaks. A ballot would otherwise show a blank (or reordered) project name that voters
    cannot tell apart from another.
    """
    if not any(_visible(c) for c in value):
        return "must have a visible character" if value else "must not be empty"
    bidi = sorted({f"U+{ord(c):04X}" for c in value if c in BIDI_CONTROLS})
    if bidi:
        return f"must not contain bidirectional controls ({', '.join(bidi)})"
    controls = sorted(
        {f"U+{ord(c):04X}" for c in value if unicodedata.category(c) == "Cc" and c not in "\t\n\r"}
    )
    if controls:
        return f"must not contain control characters ({', '.join(controls)})"
    return None


def _plain(value: str, path: Path, what: str) -> Iterator[Problem]:
    reason = display_text_problem(value)
    if reason is not None:
        yield Problem(path, None, f"{what} {reason}")


def _text(value: Text, path: Path) -> Iterator[Problem]:
    yield from _plain(value.tr, (*path, "tr"), "the Turkish text")
    if value.en is not None:
        yield from _plain(value.en, (*path, "en"), "the English text, when given,")


def _unique(values: list[tuple[str, Path]], what: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for value, path in values:
        if value in seen:
            yield Problem(path, None, f"duplicate {what} {value!r}")
        seen.add(value)


def _project(project: Project, path: Path, places: frozenset[str] | None) -> Iterator[Problem]:
    yield from _id(project.id, (*path, "id"))
    yield from _text(project.name, (*path, "name"))
    if project.description is not None:
        yield from _text(project.description, (*path, "description"))
    if project.cost <= 0:
        yield Problem((*path, "cost"), None, f"cost must be > 0, not {project.cost}")
    for k, category in enumerate(project.categories):
        yield from _plain(category, (*path, "categories", k), "a category")
    yield from _unique(
        [(c, (*path, "categories", k)) for k, c in enumerate(project.categories)], "category"
    )
    for k, tag in enumerate(project.sdg):
        if tag not in SDG_TAGS:
            yield Problem((*path, "sdg", k), None, f"{tag!r} is not an SDG tag (SDG1 to SDG17)")
    yield from _unique([(t, (*path, "sdg", k)) for k, t in enumerate(project.sdg)], "SDG tag")
    for name, limit in (("latitude", 90.0), ("longitude", 180.0)):
        value = getattr(project, name)
        if value is not None and not (math.isfinite(value) and -limit <= value <= limit):
            yield Problem((*path, name), None, f"{name} must be in [-{limit:g}, {limit:g}]")
    if (project.latitude is None) != (project.longitude is None):
        missing = "longitude" if project.longitude is None else "latitude"
        yield Problem((*path, missing), None, "latitude and longitude go together")
    for k, who in enumerate(project.audience):
        yield from _plain(who, (*path, "audience", k), "a target audience")
    yield from _unique(
        [(a, (*path, "audience", k)) for k, a in enumerate(project.audience)], "target audience"
    )
    if project.address is not None:
        yield from _plain(project.address, (*path, "address"), "the address")
    if project.proposal is not None:
        yield from _id(project.proposal, (*path, "proposal"))
    for k, digest in enumerate(project.photos):
        if not _DIGEST.fullmatch(digest):
            yield Problem(
                (*path, "photos", k),
                None,
                f"{digest!r} is not a photo's SHA-256 (64 lower-case hex digits)",
            )
    yield from _unique([(d, (*path, "photos", k)) for k, d in enumerate(project.photos)], "photo")
    if len(project.photos) > MAX_PHOTOS:
        yield Problem((*path, "photos"), None, f"at most {MAX_PHOTOS} photos per project")
    if (
        project.neighbourhood is not None
        and places is not None
        and project.neighbourhood not in places
    ):
        yield Problem(
            (*path, "neighbourhood"),
            None,
            f"{project.neighbourhood!r} is not a neighbourhood of the ballot's district",
        )


def _parameters(ballot: Ballot, path: Path) -> Iterator[Problem]:
    n = len(ballot.projects)
    own = PARAMETERS[ballot.kind]
    for name in ALL_PARAMETERS:
        if name not in own and getattr(ballot, name) is not None:
            yield Problem((*path, name), None, f"not a parameter of a {ballot.kind} ballot")
    for name in ("min_count", "max_count"):
        value = getattr(ballot, name)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            yield Problem((*path, name), None, f"{name} must be >= 0, not {value}")
    if ballot.kind in ("approval", "knapsack"):
        lo = ballot.min_count if ballot.min_count is not None else 0
        hi = ballot.max_count if ballot.max_count is not None else n
        if ballot.max_count is not None and ballot.max_count < 1:
            yield Problem((*path, "max_count"), None, "max_count must be >= 1")
        elif hi > n:
            yield Problem(
                (*path, "max_count"), None, f"max_count {hi} is more than the {n} projects"
            )
        elif lo > hi:
            yield Problem((*path, "min_count"), None, f"min_count {lo} is more than max_count {hi}")
        elif ballot.kind == "knapsack" and lo > 0:
            cheapest = sum(sorted(p.cost for p in ballot.projects)[:lo])
            if cheapest > ballot.budget:
                yield Problem(
                    (*path, "min_count"),
                    None,
                    f"the {lo} cheapest projects cost {cheapest}, over the budget "
                    f"{ballot.budget}: no ballot would be valid",
                )
    elif ballot.kind == "cumulative":
        if ballot.points is None:
            yield Problem((*path, "points"), None, "a cumulative ballot needs points")
        elif ballot.points < 1 or ballot.points > min(MAX_BOUND, MAX_VALUE // max(n, 1)):
            yield Problem(
                (*path, "points"),
                None,
                f"points must be 1 to {min(MAX_BOUND, MAX_VALUE // max(n, 1)):,} (a tally's "
                f"sums are decrypted up to {MAX_BOUND:,}: voters times points; the credential "
                "list is refused if there are too many voters for the points)",
            )
    else:
        top = MAX_VOTES_SIGNED if ballot.signed else MAX_VOTES_UNSIGNED
        if ballot.max_votes is None:
            yield Problem((*path, "max_votes"), None, "a quadratic ballot needs max_votes")
        elif not 1 <= ballot.max_votes <= top:
            signed = " (signed)" if ballot.signed else ""
            yield Problem((*path, "max_votes"), None, f"max_votes{signed} must be 1 to {top}")
        if ballot.credits is None:
            yield Problem((*path, "credits"), None, "a quadratic ballot needs credits")
        elif not 1 <= ballot.credits <= MAX_VALUE:
            yield Problem((*path, "credits"), None, "credits must be 1 to 2^62")


def _allocation(ballot: Ballot, path: Path) -> Iterator[Problem]:
    known = rule_names()
    fitting = [r for r in RULES_BY_KIND[ballot.kind] if r in known]
    if ballot.rule not in known:
        yield Problem(
            (*path, "rule"), None, f"unknown rule {ballot.rule!r}; use one of {', '.join(fitting)}"
        )
    elif ballot.rule not in fitting:
        yield Problem(
            (*path, "rule"),
            None,
            f"rule {ballot.rule!r} does not count {ballot.kind} ballots; "
            f"use one of {', '.join(fitting)}",
        )
    if ballot.utility is not None:
        allowed = UTILITIES_BY_KIND[ballot.kind]
        if ballot.rule in QUADRATIC_RULES or not allowed:
            yield Problem((*path, "utility"), None, f"rule {ballot.rule!r} takes no utility")
        elif ballot.utility not in allowed:
            yield Problem(
                (*path, "utility"),
                None,
                f"utility {ballot.utility!r} does not fit a {ballot.kind} ballot; "
                f"use one of {', '.join(allowed)}",
            )
    ties = [t.value for t in TieBreak]
    if ballot.tie_break not in ties:
        yield Problem(
            (*path, "tie_break"),
            None,
            f"unknown tie-break {ballot.tie_break!r}; use one of {', '.join(ties)}",
        )


def _money_range(ballot: Ballot, path: Path) -> Iterator[Problem]:
    if ballot.budget < 0:
        yield Problem((*path, "budget"), None, f"budget must be >= 0, not {ballot.budget}")
    elif ballot.kind == "knapsack" and ballot.budget == 0:
        yield Problem((*path, "budget"), None, "a knapsack ballot's budget must be > 0")
    if any(p.cost <= 0 for p in ballot.projects) or ballot.budget < 0:
        return  # reported above; the scale below needs positive amounts
    scale = money_scale([ballot.budget, *(p.cost for p in ballot.projects)])
    if max(ballot.budget, sum(p.cost for p in ballot.projects)) * scale > MAX_VALUE:
        yield Problem(
            (*path, "budget"),
            None,
            f"amounts too large: the budget and the sum of costs, in 1/{scale} units, "
            "must be at most 2^62",
        )


def _welfare(ballot: Ballot, path: Path) -> Iterator[Problem]:
    """max-welfare must be solvable exactly in bounded time, by the engine and by an
    independent auditor: both search over the budget in units of the costs' gcd
    (oylama.tally._welfare)."""
    if ballot.rule != "max-welfare" or any(p.cost <= 0 for p in ballot.projects):
        return
    if ballot.budget < 0:
        return
    k = money_scale([ballot.budget, *(p.cost for p in ballot.projects)])
    if max(ballot.budget, sum(p.cost for p in ballot.projects)) * k > MAX_VALUE:
        return  # reported by _money_range
    budget = to_units(ballot.budget, k)
    capacity = welfare_capacity([to_units(p.cost, k) for p in ballot.projects], budget)
    n = len(ballot.projects)
    states = welfare_states(n, capacity)
    if states > MAX_WELFARE_STATES:
        yield Problem(
            (*path, "rule"),
            None,
            f"max-welfare cannot be guaranteed to be solved and audited with these amounts: "
            f"the budget is {capacity:,} times the largest unit dividing every cost, so an exact "
            f"search over the {n} projects may keep {states:,} states, more than "
            f"{MAX_WELFARE_STATES:,}; round the costs to a coarser unit (e.g. whole thousands) "
            "or use the rule greedy",
        )


def _consultation(ballot: Ballot, path: Path) -> Iterator[Problem]:
    """A consultation is one question, one answer per voter, the most-voted answer chosen:
    an approval ballot with ``min_count`` = ``max_count`` = 1, every answer costing 1 and a
    budget of 1 (docs/ballots.md §4.1). Anything else would show residents a question whose
    result the allocation does not answer."""
    if not ballot.consultation:
        return
    if ballot.kind != "approval":
        yield Problem((*path, "kind"), None, "a consultation is an approval ballot")
        return
    if ballot.min_count != 1 or ballot.max_count != 1:
        yield Problem((*path, "max_count"), None, "a consultation has min_count = max_count = 1")
    if len(ballot.projects) < 2:
        yield Problem((*path, "projects"), None, "a consultation has at least two answers")
    if ballot.budget != 1:
        yield Problem((*path, "budget"), None, "a consultation's budget is 1")
    for k, project in enumerate(ballot.projects):
        if project.cost != 1:
            yield Problem(
                (*path, "projects", k, "cost"), None, "each answer of a consultation costs 1"
            )


def _ballot(ballot: Ballot, path: Path, places: frozenset[str] | None) -> Iterator[Problem]:
    yield from _id(ballot.id, (*path, "id"))
    yield from _text(ballot.title, (*path, "title"))
    if not ballot.projects:
        yield Problem((*path, "projects"), None, "a ballot needs at least one project")
    elif len(ballot.projects) > MAX_PROJECTS:
        yield Problem((*path, "projects"), None, f"at most {MAX_PROJECTS} projects per ballot")
    yield from _parameters(ballot, path)
    yield from _allocation(ballot, path)
    yield from _money_range(ballot, path)
    yield from _consultation(ballot, path)
    yield from _welfare(ballot, path)
    for j, project in enumerate(ballot.projects):
        yield from _project(project, (*path, "projects", j), places)
    yield from _unique(
        [(p.id, (*path, "projects", j, "id")) for j, p in enumerate(ballot.projects)],
        "project id",
    )


def _phases(e: Election) -> list[Problem]:
    """The cycle's phases: UTC offsets given, each closing after it opens, and in the order
    proposals, review, voting, implementation (a phase may start as the one before ends)."""
    out: list[Problem] = []
    spans: list[tuple[str, datetime | None, datetime | None]] = []
    for name in ("proposals", "review"):
        phase: Phase | None = getattr(e, name)
        if phase is not None:
            spans.append((name, phase.opens, phase.closes))
            if phase.closes is None:
                out.append(Problem(("election", name, "closes"), None, "give when it closes"))
    if e.opens is not None or e.closes is not None:
        spans.append(("voting", e.opens, e.closes))
    if e.implementation is not None:
        spans.append(("implementation", e.implementation.opens, e.implementation.closes))
    for name, opens, closes in spans:
        if name == "voting":
            continue  # opens/closes are checked above
        for end, moment in (("opens", opens), ("closes", closes)):
            if moment is not None and moment.utcoffset() is None:
                out.append(
                    Problem(
                        ("election", name, end),
                        None,
                        "give a UTC offset (e.g. 2026-05-01T09:00+03:00)",
                    )
                )
    if out:
        return out
    for name, opens, closes in spans:
        if name != "voting" and opens is not None and closes is not None and closes <= opens:
            out.append(
                Problem(("election", name, "closes"), None, "a phase must close after it opens")
            )
    previous: tuple[str, datetime] | None = None
    for name, opens, closes in spans:
        begin = opens if opens is not None else closes
        if previous is not None and begin is not None and begin < previous[1]:
            field = "opens" if name != "voting" or opens is not None else "closes"
            out.append(
                Problem(
                    ("election", field) if name == "voting" else ("election", name, field),
                    None,
                    f"the {name} phase must not begin before the {previous[0]} phase ends",
                )
            )
        until = closes if closes is not None else opens
        if until is not None:
            previous = (name, until)
    return out


def problems(definition: Definition) -> list[Problem]:
    """Every problem of ``definition`` (lines unset; the loader fills them in)."""
    out: list[Problem] = []
    e = definition.election
    out += _id(e.id, ("election", "id"))
    out += _text(e.title, ("election", "title"))
    out += _plain(e.city, ("election", "city"), "the city")
    if not _CURRENCY.fullmatch(e.currency):
        out.append(
            Problem(("election", "currency"), None, "an ISO 4217 code, e.g. TRY, EUR or PLN")
        )
    for name in ("opens", "closes"):
        moment = getattr(e, name)
        if moment is not None and moment.utcoffset() is None:
            out.append(
                Problem(("election", name), None, "give a UTC offset (e.g. 2026-05-01T09:00+03:00)")
            )
    if (
        e.opens is not None
        and e.closes is not None
        and e.opens.utcoffset() is not None
        and e.closes.utcoffset() is not None
        and e.closes <= e.opens
    ):
        out.append(Problem(("election", "closes"), None, "the election must close after it opens"))
    out += _phases(e)
    if not 1 <= e.min_tally_ballots <= MAX_MIN_TALLY_BALLOTS:
        out.append(
            Problem(
                ("election", "min_tally_ballots"),
                None,
                f"an integer from 1 to {MAX_MIN_TALLY_BALLOTS:,}",
            )
        )
    if e.paper_and_online not in PAPER_AND_ONLINE:
        out.append(
            Problem(
                ("election", "paper_and_online"),
                None,
                f"one of {', '.join(PAPER_AND_ONLINE)}",
            )
        )

    places_of: dict[str, frozenset[str]] = {}
    for i, district in enumerate(definition.districts):
        path: Path = ("districts", i)
        out += _id(district.id, (*path, "id"))
        if district.id == CITY_WIDE:
            out.append(Problem((*path, "id"), None, f"{CITY_WIDE!r} is reserved for ballots"))
        out += _plain(district.name, (*path, "name"), "the name")
        for k, nb in enumerate(district.neighbourhoods):
            out += _plain(nb, (*path, "neighbourhoods", k), "a neighbourhood")
        out += _unique(
            [(nb, (*path, "neighbourhoods", k)) for k, nb in enumerate(district.neighbourhoods)],
            "neighbourhood",
        )
        places_of.setdefault(district.id, frozenset(district.neighbourhoods))
    out += _unique(
        [(d.id, ("districts", i, "id")) for i, d in enumerate(definition.districts)], "district id"
    )
    everywhere = frozenset().union(*places_of.values()) if places_of else frozenset()

    if not definition.ballots:
        out.append(Problem(("ballots",), None, "the definition needs at least one ballot"))
    for i, ballot in enumerate(definition.ballots):
        path = ("ballots", i)
        places: frozenset[str] | None
        if ballot.city_wide:
            places = everywhere
        elif ballot.district in places_of:
            places = places_of[ballot.district]
        else:
            places = None
            known = ", ".join([*places_of, CITY_WIDE])
            out.append(
                Problem(
                    (*path, "district"),
                    None,
                    f"no district {ballot.district!r}; use one of {known}",
                )
            )
        out += _ballot(ballot, path, places)
    out += _unique(
        [(b.id, ("ballots", i, "id")) for i, b in enumerate(definition.ballots)], "ballot id"
    )
    out += _unique(
        [(b.district, ("ballots", i, "district")) for i, b in enumerate(definition.ballots)],
        "ballot for district",
    )
    return out
