"""The election manifest: the public description of an election, fixed before the key ceremony.

Everything a verifier must agree on before the first key is drawn -- who may vote on which
ballot, what a valid ballot is (its crypto style), how the result is computed, the trustees'
``(n, t)`` and the board's origin -- in one structure with exactly one accepted byte encoding,
so that its hash can bind the key ceremony and every ballot (docs/spec/election.md). Voter-facing
prose (descriptions) is left out on purpose: it may be corrected without a new ceremony.

Canonical bytes are msgspec JSON of these Structs: fields in the order declared here, every
field present (``null`` for an absent value), no whitespace, UTF-8. Decoding is strict: the
bytes must decode with no unknown or missing field and re-encode to themselves, and the
manifest must pass :func:`check_manifest`.
"""

from __future__ import annotations

import re
from typing import Final

import msgspec

from oylama.ballots import (
    MAX_MIN_TALLY_BALLOTS,
    PAPER_AND_ONLINE,
    QUADRATIC_RULES,
    RULES_BY_KIND,
    UTILITIES_BY_KIND,
)
from oylama.crypto import MAX_TRUSTEES, BallotStyle, check_style
from oylama.election._identity import check_identity_key
from oylama.errors import InputError
from oylama.tally import TieBreak

#: The ``spec`` field of every manifest this module reads and writes.
SPEC_VERSION: Final = "oylama/election/v1"

#: The ``district`` of a ballot every voter may cast (as in the ballot definitions).
CITY_WIDE: Final = "city-wide"

#: The 17 UN Sustainable Development Goal tags.
SDG_TAGS: Final = frozenset(f"SDG{k}" for k in range(1, 18))

#: Longest election id: the board's entries carry it (board spec §3).
MAX_ELECTION_ID: Final = 128

_MONEY = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")
_COORDINATE = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class _Struct(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class ManifestText(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A text shown to voters: Turkish (non-empty), English or ``None``."""

    tr: str
    en: str | None


class ManifestDistrict(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    id: str
    name: str
    neighbourhoods: tuple[str, ...]


class CryptoStyle(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The :class:`oylama.crypto.BallotStyle` fields, all present, in the manifest's own order
    (so a change of the crypto Struct cannot silently change manifest bytes)."""

    id: str
    kind: str
    projects: int
    costs: tuple[int, ...]
    budget: int
    min_count: int
    max_count: int | None
    points: int
    max_votes: int
    signed: bool
    credits: int

    def to_ballot_style(self) -> BallotStyle:
        return BallotStyle(
            id=self.id,
            kind=self.kind,
            projects=self.projects,
            costs=self.costs,
            budget=self.budget,
            min_count=self.min_count,
            max_count=self.max_count,
            points=self.points,
            max_votes=self.max_votes,
            signed=self.signed,
            credits=self.credits,
        )

    @classmethod
    def from_ballot_style(cls, style: BallotStyle) -> CryptoStyle:
        return cls(
            id=style.id,
            kind=style.kind,
            projects=style.projects,
            costs=tuple(style.costs),
            budget=style.budget,
            min_count=style.min_count,
            max_count=style.max_count,
            points=style.points,
            max_votes=style.max_votes,
            signed=style.signed,
            credits=style.credits,
        )


class ManifestProject(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``cost`` is an exact decimal string; coordinates are decimal strings or ``None``."""

    id: str
    name: ManifestText
    cost: str
    categories: tuple[str, ...]
    sdg: tuple[str, ...]
    latitude: str | None
    longitude: str | None
    neighbourhood: str | None


class ManifestBallot(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One ballot: who casts it, its crypto style, its allocation rule and its projects.

    ``scale`` is the money scale: ``budget`` and every ``cost`` times ``scale`` are the
    integers of the style (knapsack) and of the tally.
    """

    id: str
    title: ManifestText
    district: str
    budget: str
    scale: int
    rule: str
    utility: str | None
    tie_break: str
    style: CryptoStyle
    projects: tuple[ManifestProject, ...]

    def ballot_style(self) -> BallotStyle:
        return self.style.to_ballot_style()


class ManifestPhase(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A phase of the participatory-budgeting cycle (election.md §2.1a): informative dates,
    like ``opens`` and ``closes``; ``closes`` null only for implementation (open-ended)."""

    opens: str
    closes: str | None


class Manifest(_Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The canonical, public description of an election (docs/spec/election.md §2)."""

    spec: str
    election_id: str
    title: ManifestText
    city: str
    currency: str
    opens: str | None
    closes: str | None
    proposals: ManifestPhase | None
    review: ManifestPhase | None
    implementation: ManifestPhase | None
    districts: tuple[ManifestDistrict, ...]
    ballots: tuple[ManifestBallot, ...]
    trustees: int
    threshold: int
    trustee_keys: tuple[bytes, ...]
    min_tally_ballots: int
    paper_and_online: str
    origin: str

    def ballot(self, ballot_id: str) -> ManifestBallot:
        for b in self.ballots:
            if b.id == ballot_id:
                return b
        raise KeyError(ballot_id)


# -- checks ------------------------------------------------------------------------------------


def _fail(path: str, reason: str) -> None:
    raise InputError(f"manifest: {path}: {reason}")


def _text_field(path: str, value: object, *, empty: bool = False) -> None:
    if not isinstance(value, str):
        _fail(path, "must be a string")
        return
    if not empty and value == "":
        _fail(path, "must not be empty")
    if _FORBIDDEN.search(value):
        _fail(path, "contains a control character or a lone surrogate")


def _texts(path: str, values: tuple[str, ...]) -> None:
    for k, v in enumerate(values):
        _text_field(f"{path}[{k}]", v)
    if len(set(values)) != len(values):
        _fail(path, "has duplicates")


def _voter_text(path: str, text: ManifestText) -> None:
    _text_field(f"{path}.tr", text.tr)
    if text.en is not None:
        _text_field(f"{path}.en", text.en)


def _unique(path: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            _fail(path, f"id {i!r} appears twice")
        seen.add(i)


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def _units(text: str, scale: int) -> int:
    whole, _, frac = text.partition(".")
    digits = len(str(scale)) - 1
    return int(whole) * scale + (int(frac.ljust(digits, "0")) if frac else 0)


def _coordinate(path: str, value: str | None, limit: int) -> None:
    if value is None:
        return
    _text_field(path, value)
    if not _COORDINATE.fullmatch(value) or (value.startswith("-0") and value.strip("-0.") == ""):
        _fail(path, f"{value!r} is not a canonical decimal")
    whole = value.lstrip("-").partition(".")
    if int(whole[0]) > limit or (int(whole[0]) == limit and whole[2]):
        _fail(path, f"{value} is outside [-{limit}, {limit}]")


def _check_ballot(path: str, b: ManifestBallot, districts: set[str]) -> None:
    _text_field(f"{path}.id", b.id)
    _voter_text(f"{path}.title", b.title)
    if b.district != CITY_WIDE and b.district not in districts:
        _fail(f"{path}.district", f"{b.district!r} is neither {CITY_WIDE!r} nor a district")
    amounts = [b.budget, *(p.cost for p in b.projects)]
    for k, amount in enumerate(amounts):
        where = f"{path}.budget" if k == 0 else f"{path}.projects[{k - 1}].cost"
        _text_field(where, amount)
        if not _MONEY.fullmatch(amount):
            _fail(where, f"{amount!r} is not a canonical non-negative decimal")
    expected_scale = 10 ** max(_decimals(a) for a in amounts)
    if b.scale != expected_scale:
        _fail(f"{path}.scale", f"is {b.scale}, the amounts give {expected_scale}")
    if b.style.id != b.id:
        _fail(f"{path}.style.id", f"must equal the ballot id {b.id!r}")
    if b.style.projects != len(b.projects):
        _fail(f"{path}.style.projects", f"is {b.style.projects}, the ballot has {len(b.projects)}")
    try:
        check_style(b.ballot_style())
    except InputError as e:
        _fail(f"{path}.style", str(e))
    kind = b.style.kind
    if b.rule not in RULES_BY_KIND[kind]:  # type: ignore[index]  # kind checked just above
        _fail(f"{path}.rule", f"{b.rule!r} is not a rule for a {kind} ballot")
    if b.utility is not None and (
        b.rule in QUADRATIC_RULES or b.utility not in UTILITIES_BY_KIND[kind]  # type: ignore[index]
    ):
        _fail(f"{path}.utility", f"{b.utility!r} does not fit rule {b.rule!r} on a {kind} ballot")
    if b.tie_break not in {t.value for t in TieBreak}:
        _fail(f"{path}.tie_break", f"{b.tie_break!r} is not one of {', '.join(TieBreak)}")
    if kind == "knapsack":
        costs = tuple(_units(p.cost, b.scale) for p in b.projects)
        if b.style.costs != costs or b.style.budget != _units(b.budget, b.scale):
            _fail(f"{path}.style", "costs and budget must be the amounts times the scale")
    _unique(f"{path}.projects", [p.id for p in b.projects])
    for j, p in enumerate(b.projects):
        where = f"{path}.projects[{j}]"
        _text_field(f"{where}.id", p.id)
        _voter_text(f"{where}.name", p.name)
        _texts(f"{where}.categories", p.categories)
        _texts(f"{where}.sdg", p.sdg)
        for tag in p.sdg:
            if tag not in SDG_TAGS:
                _fail(f"{where}.sdg", f"{tag!r} is not SDG1 ... SDG17")
        if (p.latitude is None) != (p.longitude is None):
            _fail(where, "latitude and longitude are given together")
        _coordinate(f"{where}.latitude", p.latitude, 90)
        _coordinate(f"{where}.longitude", p.longitude, 180)
        if p.neighbourhood is not None:
            _text_field(f"{where}.neighbourhood", p.neighbourhood)


def check_origin(origin: object) -> None:
    """The board's origin rules (board spec §6.1): non-empty, no Unicode white space, no ``+``,
    no control character, no U+FEFF."""
    _text_field("origin", origin)
    assert isinstance(origin, str)
    if any(c.isspace() or c in "+\ufeff" for c in origin):
        _fail("origin", "must not contain white space, '+' or U+FEFF")


def check_manifest(m: Manifest) -> None:
    """Refuse an inconsistent manifest with an :class:`InputError` naming the field."""
    if not isinstance(m, Manifest):
        raise InputError("a manifest must be a Manifest")
    try:  # Structs do not check types when built in Python: a decoded manifest would.
        msgspec.convert(msgspec.to_builtins(m), Manifest)
    except (msgspec.ValidationError, TypeError) as e:
        raise InputError(f"manifest: {e}") from None
    if m.spec != SPEC_VERSION:
        _fail("spec", f"must be {SPEC_VERSION!r}")
    eid = m.election_id
    if not (1 <= len(eid) <= MAX_ELECTION_ID and all("\x21" <= c <= "\x7e" for c in eid)):
        _fail("election_id", f"must be 1 to {MAX_ELECTION_ID} printable ASCII characters")
    _voter_text("title", m.title)
    _text_field("city", m.city)
    _text_field("currency", m.currency)
    for name in ("opens", "closes"):
        value = getattr(m, name)
        if value is not None and not (isinstance(value, str) and _TIME.fullmatch(value)):
            _fail(name, "must be YYYY-MM-DDTHH:MM:SSZ (UTC) or null")
    if m.opens is not None and m.closes is not None and m.closes <= m.opens:
        _fail("closes", "must be after opens")
    _check_phases(m)
    _unique("districts", [d.id for d in m.districts])
    for k, d in enumerate(m.districts):
        _text_field(f"districts[{k}].id", d.id)
        if d.id == CITY_WIDE:
            _fail(f"districts[{k}].id", f"{CITY_WIDE!r} is reserved")
        _text_field(f"districts[{k}].name", d.name)
        _texts(f"districts[{k}].neighbourhoods", d.neighbourhoods)
    if not m.ballots:
        _fail("ballots", "at least one ballot")
    _unique("ballots", [b.id for b in m.ballots])
    districts = {d.id for d in m.districts}
    for k, b in enumerate(m.ballots):
        _check_ballot(f"ballots[{k}]", b, districts)
    n, t = m.trustees, m.threshold
    if not (isinstance(n, int) and isinstance(t, int) and 1 <= t <= n <= MAX_TRUSTEES):
        _fail("trustees", f"need 1 <= threshold <= trustees <= {MAX_TRUSTEES}; got t={t}, n={n}")
    if len(m.trustee_keys) != n:
        _fail(
            "trustee_keys", f"needs one identity key per trustee ({n}), got {len(m.trustee_keys)}"
        )
    for k, key in enumerate(m.trustee_keys):
        try:
            check_identity_key(key)
        except InputError as e:
            _fail(f"trustee_keys[{k}]", e.message)
    if len(set(m.trustee_keys)) != len(m.trustee_keys):
        _fail("trustee_keys", "two trustees have the same identity key")
    if not 1 <= m.min_tally_ballots <= MAX_MIN_TALLY_BALLOTS:
        _fail("min_tally_ballots", f"must be 1 to {MAX_MIN_TALLY_BALLOTS}")
    if m.paper_and_online not in PAPER_AND_ONLINE:
        _fail("paper_and_online", f"must be one of {', '.join(PAPER_AND_ONLINE)}")
    check_origin(m.origin)


def _check_phases(m: Manifest) -> None:
    """election §2.1a: each phase's times in time form, ``closes`` after ``opens`` (only
    implementation may leave it null), and the order proposals, review, the vote (``opens`` to
    ``closes``), implementation -- a phase may begin as the one before it ends, not earlier."""
    spans: list[tuple[str, str | None, str | None]] = []

    def phase(name: str) -> None:
        p: ManifestPhase | None = getattr(m, name)
        if p is None:
            return
        if not (isinstance(p.opens, str) and _TIME.fullmatch(p.opens)):
            _fail(f"{name}.opens", "must be YYYY-MM-DDTHH:MM:SSZ (UTC)")
        if p.closes is None:
            if name != "implementation":
                _fail(f"{name}.closes", "must be a time (only implementation is open-ended)")
        elif not (isinstance(p.closes, str) and _TIME.fullmatch(p.closes)):
            _fail(f"{name}.closes", "must be YYYY-MM-DDTHH:MM:SSZ (UTC) or null")
        elif p.closes <= p.opens:
            _fail(f"{name}.closes", "must be after opens")
        spans.append((name, p.opens, p.closes))

    phase("proposals")
    phase("review")
    if m.opens is not None or m.closes is not None:
        spans.append(("opens", m.opens, m.closes))
    phase("implementation")
    previous: tuple[str, str] | None = None
    for name, opens, closes in spans:
        begin = opens if opens is not None else closes
        if previous is not None and begin is not None and begin < previous[1]:
            _fail(name, f"must not begin before {previous[0]} ends")
        until = closes if closes is not None else opens
        if until is not None:
            previous = (name, until)


# -- canonical bytes ---------------------------------------------------------------------------

_ENCODER: Final = msgspec.json.Encoder()
_DECODER: Final = msgspec.json.Decoder(Manifest)


def encode_manifest(m: Manifest) -> bytes:
    """The manifest's canonical bytes (checked first: an invalid manifest has no bytes)."""
    check_manifest(m)
    return _ENCODER.encode(m)


def decode_manifest(data: bytes, *, source: str | None = None) -> Manifest:
    """Read canonical manifest bytes; refuse anything else (:class:`InputError`).

    Refused: invalid UTF-8 or JSON, unknown, missing or mistyped fields, any byte that differs
    from the re-encoding (whitespace, field order, escapes, number forms), an invalid manifest.
    """
    if not isinstance(data, bytes):
        raise InputError("manifest bytes must be bytes", source=source)
    try:
        m = _DECODER.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError) as e:  # msgspec lets the latter through
        raise InputError(f"manifest: {e}", source=source) from None
    try:
        check_manifest(m)
    except InputError as e:
        raise InputError(e.message, source=source) from None
    if _ENCODER.encode(m) != data:
        raise InputError("manifest: not in canonical form (re-encoding differs)", source=source)
    return m
