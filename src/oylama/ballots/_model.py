"""The ballot definition of an election, as municipal staff write it (TOML) and the engine uses it.

One schema (msgspec Structs) serves the TOML file, the API's JSON upload and storage, so what
staff wrote, what the service froze at opening and what the tally reads cannot drift apart.
Every Struct forbids unknown fields: a typo such as ``budjet`` must be refused, not silently
ignored (an ignored ``max_count`` would change who may vote for what).

Money (``budget``, ``cost``) is :class:`~decimal.Decimal`, exact: written in TOML as an integer
or a quoted decimal string, never a float. The loader checks everything the types cannot say;
a :class:`Definition` returned by :func:`oylama.ballots.load` is valid.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Final, Literal

import msgspec

from oylama.errors import InputError

#: The value of ``Ballot.district`` for a ballot every voter of the city may cast.
CITY_WIDE: Final = "city-wide"

#: Ballot kinds (the kinds of :class:`oylama.crypto.BallotStyle`).
Kind = Literal["approval", "knapsack", "cumulative", "quadratic"]
KINDS: Final[tuple[Kind, ...]] = ("approval", "knapsack", "cumulative", "quadratic")

#: The default of ``election.min_tally_ballots``: the fewest counted ballots a ballot's tally
#: needs before the trustees decrypt it (docs/ballots.md §3.1 says why five).
DEFAULT_MIN_TALLY_BALLOTS: Final = 5

#: The largest ``election.min_tally_ballots`` a definition may set.
MAX_MIN_TALLY_BALLOTS: Final = 1_000_000

#: What counts when one credential votes both on paper (at a polling station) and online, per
#: ballot (docs/ballots.md §3.1, record.md §2 item 7b): ``paper-counts`` -- a paper ballot
#: replaces the credential's online ballots cast before it; ``online-counts`` -- a credential
#: that voted online cannot vote on paper. Either way a paper ballot marks the credential used:
#: no online ballot after it.
PAPER_AND_ONLINE: Final = ("paper-counts", "online-counts")

#: The default of ``election.paper_and_online``.
DEFAULT_PAPER_AND_ONLINE: Final = "paper-counts"

#: Most photos a project may show.
MAX_PHOTOS: Final = 6

#: The 17 UN Sustainable Development Goals, as tags ``SDG1`` ... ``SDG17`` (İzmir's
#: sustainability map tags projects the same way).
SDG_TAGS: Final = tuple(f"SDG{k}" for k in range(1, 18))


class _Struct(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class Text(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A text shown to voters: Turkish always, English optionally."""

    tr: str
    en: str | None = None


class District(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """An administrative area with its own ballot (in İzmir: an ilçe, or a group of
    mahalleler). ``neighbourhoods`` are the mahalle names projects may be placed in."""

    id: str
    name: str
    neighbourhoods: tuple[str, ...] = ()


class Project(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One project on a ballot. ``cost`` is in the election's currency (exact).

    ``audience`` (who it is for: "children", "older people", ...), ``start`` (when work would
    begin), ``address`` (the location in words, beside or instead of coordinates) and
    ``photos`` (SHA-256 hex digests of photos uploaded to the election) are display text for
    voters, like ``description``: they are in the definition, not in the manifest. So is
    ``proposal``, the id of the resident's proposal the project came from (docs/spec/cycle.md
    §4), which the residents' pages link back to.
    """

    id: str
    name: Text
    cost: Decimal
    description: Text | None = None
    categories: tuple[str, ...] = ()
    sdg: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    neighbourhood: str | None = None
    audience: tuple[str, ...] = ()
    start: date | None = None
    address: str | None = None
    photos: tuple[str, ...] = ()
    proposal: str | None = None


class Ballot(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One ballot: who may cast it (``district``), what a valid vote is (``kind`` and its
    parameters) and how the result is computed (``rule``, ``utility``, ``tie_break``).

    ``budget`` is the money the allocation spends; on a knapsack ballot it is also each
    voter's spending limit. Kind parameters: approval and knapsack ``min_count``/``max_count``
    (``max_count`` ``None``: no limit), cumulative ``points``, quadratic ``max_votes``,
    ``signed`` and ``credits``. A parameter of another kind must not be set.

    ``consultation`` (true): the ballot is a question to residents, not a budget (issue #18,
    docs/ballots.md §4.1): its title is the question and its projects are the answers; it
    is an approval ballot on which a voter marks exactly one answer (``min_count`` =
    ``max_count`` = 1), each answer costs 1 and the budget is 1, so the allocation is the
    answer with the most votes (ties by ``tie_break``). A display flag like ``description``:
    not in the manifest; the pages show a question and its answer counts instead of costs.
    """

    id: str
    title: Text
    district: str
    kind: Kind
    budget: Decimal
    rule: str
    tie_break: str
    projects: tuple[Project, ...]
    utility: str | None = None
    min_count: int | None = None
    max_count: int | None = None
    points: int | None = None
    max_votes: int | None = None
    signed: bool | None = None
    credits: int | None = None
    consultation: bool | None = None

    @property
    def city_wide(self) -> bool:
        return self.district == CITY_WIDE


class Phase(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One phase of the participatory-budgeting cycle around the vote, ``opens`` (inclusive)
    to ``closes`` (exclusive; ``None``: open-ended, for implementation only)."""

    opens: datetime
    closes: datetime | None = None


#: The phases of a cycle, in the order they must come (the vote is ``opens``/``closes``).
PHASES: Final = ("proposals", "review", "voting", "implementation")


class Election(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Who runs the election and when; ``opens`` is the moment its settings freeze.

    ``proposals``, ``review`` and ``implementation`` are the optional phases of the
    participatory-budgeting cycle around the vote (docs/spec/cycle.md §3): residents propose
    and support ideas only in ``proposals``, staff review them in ``proposals`` or ``review``,
    funded projects are tracked from ``implementation``. They must come in that order, with
    the vote (``opens`` to ``closes``) between review and implementation.

    ``min_tally_ballots``: a ballot whose tally counts fewer ballots (but at least one) is
    never decrypted -- its sums would say too much about the few voters in it, and a server
    that forged a log holding only a target's ballot could read that ballot (issue #13).
    """

    id: str
    title: Text
    city: str
    currency: str
    opens: datetime | None = None
    closes: datetime | None = None
    min_tally_ballots: int = DEFAULT_MIN_TALLY_BALLOTS
    proposals: Phase | None = None
    review: Phase | None = None
    implementation: Phase | None = None
    paper_and_online: str = DEFAULT_PAPER_AND_ONLINE


class Definition(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A whole ballot definition file: the election, its districts and its ballots."""

    election: Election
    ballots: tuple[Ballot, ...]
    districts: tuple[District, ...] = ()

    def ballot(self, ballot_id: str) -> Ballot:
        for b in self.ballots:
            if b.id == ballot_id:
                return b
        raise KeyError(ballot_id)

    def ballots_for(self, district_id: str) -> tuple[Ballot, ...]:
        """The ballots a voter of ``district_id`` may cast: their district's, then the
        city-wide one (each if defined). An unknown district is an :class:`InputError`."""
        if district_id not in {d.id for d in self.districts}:
            raise InputError(f"no district {district_id!r} in election {self.election.id!r}")
        own = [b for b in self.ballots if b.district == district_id]
        city = [b for b in self.ballots if b.city_wide]
        return (*own, *city)
