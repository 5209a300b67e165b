"""The election manifest: strict decoding, every rule of election §2, and the hashes of §4."""

from __future__ import annotations

import hashlib
import re

import msgspec

from oylama_audit._ballot import Style, check_style
from oylama_audit._errors import AuditError, EncodingError
from oylama_audit._group import check_point, lp
from oylama_audit._identity import check_identity_key
from oylama_audit._wire import decode_canonical

CITY_WIDE = "city-wide"
SPEC = "oylama/election/v1"
SCORE_RULES = (
    "greedy",
    "greedy-no-skip",
    "max-welfare",
    "mes",
    "mes-greedy",
    "mes-add1",
    "mes-add1-greedy",
)
QUADRATIC_RULES = ("quadratic-voting", "quadratic-funding")

_MONEY = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")
_COORD = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_ELECTION_ID = re.compile(r"[\x21-\x7e]{1,128}")
_BAD_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class Struct(msgspec.Struct, forbid_unknown_fields=True):
    pass


class Text(Struct):
    tr: str
    en: str | None


class District(Struct):
    id: str
    name: str
    neighbourhoods: list[str]


class Project(Struct):
    id: str
    name: Text
    cost: str
    categories: list[str]
    sdg: list[str]
    latitude: str | None
    longitude: str | None
    neighbourhood: str | None


class Ballot(Struct):
    id: str
    title: Text
    district: str
    budget: str
    scale: int
    rule: str
    utility: str | None
    tie_break: str
    style: Style
    projects: list[Project]


class Phase(Struct):
    opens: str
    closes: str | None


class Manifest(Struct):
    spec: str
    election_id: str
    title: Text
    city: str
    currency: str
    opens: str | None
    closes: str | None
    proposals: Phase | None
    review: Phase | None
    implementation: Phase | None
    districts: list[District]
    ballots: list[Ballot]
    trustees: int
    threshold: int
    trustee_keys: list[bytes]
    min_tally_ballots: int
    paper_and_online: str
    origin: str


def _check_phases(m: Manifest) -> None:
    """election §2.1a: proposals, review, the vote, implementation, each in time form, each
    closing after it opens (only implementation open-ended), none beginning before the one
    before it ends."""
    spans: list[tuple[str, str | None, str | None]] = []
    for name, p in (("proposals", m.proposals), ("review", m.review)):
        if p is not None:
            spans.append((name, p.opens, p.closes))
    if m.opens is not None or m.closes is not None:
        spans.append(("the vote", m.opens, m.closes))
    if m.implementation is not None:
        spans.append(("implementation", m.implementation.opens, m.implementation.closes))
    last: str | None = None
    for name, opens, closes in spans:
        if name == "the vote":
            pass  # opens and closes are checked on their own
        elif opens is None or not _TIME.fullmatch(opens):
            raise AuditError(f"{name}.opens: not YYYY-MM-DDTHH:MM:SSZ")
        elif closes is None and name != "implementation":
            raise AuditError(f"{name}.closes: only implementation may be open-ended")
        elif closes is not None and not _TIME.fullmatch(closes):
            raise AuditError(f"{name}.closes: not YYYY-MM-DDTHH:MM:SSZ")
        elif closes is not None and closes <= opens:
            raise AuditError(f"{name}: closes must be later than opens")
        begin = opens if opens is not None else closes
        if last is not None and begin is not None and begin < last:
            raise AuditError(f"{name} begins before the phase before it ends")
        end = closes if closes is not None else opens
        if end is not None:
            last = end


def money_units(text: str, scale: int) -> int:
    """A money text times ``scale``, exactly (``scale`` a power of ten with enough digits)."""
    whole, _, frac = text.partition(".")
    digits = len(str(scale)) - 1
    if len(frac) > digits:
        raise AuditError(f"money {text!r} has more decimals than the scale allows")
    return int(whole) * scale + (int(frac.ljust(digits, "0")) if digits else 0)


def money_text(units: int, scale: int) -> str:
    """Integer units back to the money form of election §2.6."""
    whole, frac = divmod(units, scale)
    digits = len(str(scale)) - 1
    if digits == 0 or frac == 0:
        return str(whole)
    return f"{whole}.{str(frac).rjust(digits, '0').rstrip('0')}"


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def _strings(value: object, path: str) -> None:
    """No control characters or unpaired surrogates anywhere (election §2.6)."""
    if isinstance(value, str):
        if _BAD_CHARS.search(value):
            raise AuditError(f"{path}: forbidden character")
    elif isinstance(value, msgspec.Struct):
        for field in value.__struct_fields__:
            _strings(getattr(value, field), f"{path}.{field}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _strings(item, f"{path}[{i}]")


def _text(t: Text, path: str) -> None:
    if not t.tr or t.en == "":
        raise AuditError(f"{path}: tr must be non-empty, en null or non-empty")


def _unique(items: list[str], path: str) -> None:
    if len(set(items)) != len(items):
        raise AuditError(f"{path}: duplicates")


def _check_ballot(b: Ballot, districts: set[str], path: str) -> None:
    if not b.id or b.id != b.style.id:
        raise AuditError(f"{path}.id: must be non-empty and equal to style.id")
    _text(b.title, f"{path}.title")
    if b.district != CITY_WIDE and b.district not in districts:
        raise AuditError(f"{path}.district: unknown district {b.district!r}")
    if not _MONEY.fullmatch(b.budget):
        raise AuditError(f"{path}.budget: not a money text")
    for i, p in enumerate(b.projects):
        pp = f"{path}.projects[{i}]"
        if not p.id:
            raise AuditError(f"{pp}.id: empty")
        _text(p.name, f"{pp}.name")
        if not _MONEY.fullmatch(p.cost):
            raise AuditError(f"{pp}.cost: not a money text")
        if any(not c for c in p.categories):
            raise AuditError(f"{pp}.categories: empty category")
        _unique(p.categories, f"{pp}.categories")
        if any(s not in {f"SDG{k}" for k in range(1, 18)} for s in p.sdg):
            raise AuditError(f"{pp}.sdg: not SDG1..SDG17")
        _unique(p.sdg, f"{pp}.sdg")
        if (p.latitude is None) != (p.longitude is None):
            raise AuditError(f"{pp}: latitude and longitude must both be null or both given")
        for name, value, limit in (("latitude", p.latitude, 90), ("longitude", p.longitude, 180)):
            if value is not None and (
                not _COORD.fullmatch(value)
                or (value.startswith("-0") and float(value) == 0)
                or abs(float(value)) > limit
            ):
                raise AuditError(f"{pp}.{name}: not a coordinate in range")
        if p.neighbourhood == "":
            raise AuditError(f"{pp}.neighbourhood: empty")
    _unique([p.id for p in b.projects], f"{path}.projects ids")
    decimals = max([_decimals(b.budget)] + [_decimals(p.cost) for p in b.projects])
    if b.scale != 10**decimals:
        raise AuditError(f"{path}.scale: expected {10**decimals}")
    try:
        check_style(b.style)
    except AuditError as exc:
        raise AuditError(f"{path}.style: {exc}") from None
    if b.style.projects != len(b.projects):
        raise AuditError(f"{path}.style.projects: differs from the number of projects")
    if b.style.kind == "knapsack":
        if b.style.costs != [money_units(p.cost, b.scale) for p in b.projects]:
            raise AuditError(f"{path}.style.costs: not cost x scale")
        if b.style.budget != money_units(b.budget, b.scale):
            raise AuditError(f"{path}.style.budget: not budget x scale")
    quadratic = b.style.kind == "quadratic"
    if b.rule not in (QUADRATIC_RULES if quadratic else SCORE_RULES):
        raise AuditError(f"{path}.rule: {b.rule!r} not allowed for {b.style.kind}")
    allowed_utility: tuple[str | None, ...] = (None,)
    if not quadratic:
        allowed_utility = (None, "cost", "cardinality")
        if b.style.kind == "cumulative":
            allowed_utility += ("points",)
    if b.utility not in allowed_utility:
        raise AuditError(f"{path}.utility: {b.utility!r} not allowed")
    if b.tie_break not in ("file-order", "pabutools"):
        raise AuditError(f"{path}.tie_break: {b.tie_break!r}")


def check_manifest(m: Manifest) -> None:
    """Every rule of election §2 (raises :class:`AuditError` naming the field)."""
    _strings(m, "manifest")
    if m.spec != SPEC:
        raise AuditError(f"spec: {m.spec!r}, expected {SPEC!r}")
    if not _ELECTION_ID.fullmatch(m.election_id):
        raise AuditError("election_id: 1-128 characters in 0x21..0x7E")
    _text(m.title, "title")
    if not m.city or not m.currency:
        raise AuditError("city and currency must be non-empty")
    for name, value in (("opens", m.opens), ("closes", m.closes)):
        if value is not None and not _TIME.fullmatch(value):
            raise AuditError(f"{name}: not YYYY-MM-DDTHH:MM:SSZ")
    if m.opens is not None and m.closes is not None and m.closes <= m.opens:
        raise AuditError("closes must be later than opens")
    _check_phases(m)
    ids = [d.id for d in m.districts]
    _unique(ids, "districts ids")
    for i, d in enumerate(m.districts):
        if not d.id or d.id == CITY_WIDE or not d.name:
            raise AuditError(f"districts[{i}]: empty id or name, or id city-wide")
        if any(not n for n in d.neighbourhoods):
            raise AuditError(f"districts[{i}].neighbourhoods: empty name")
        _unique(d.neighbourhoods, f"districts[{i}].neighbourhoods")
    if not m.ballots:
        raise AuditError("ballots: at least one")
    _unique([b.id for b in m.ballots], "ballots ids")
    for i, b in enumerate(m.ballots):
        _check_ballot(b, set(ids), f"ballots[{i}]")
    if not 1 <= m.threshold <= m.trustees <= 255:
        raise AuditError("need 1 <= threshold <= trustees <= 255")
    if len(m.trustee_keys) != m.trustees:
        raise AuditError(f"trustee_keys: {len(m.trustee_keys)} keys for {m.trustees} trustees")
    for i, key in enumerate(m.trustee_keys):
        check_identity_key(key, f"trustee_keys[{i}]")
    _unique([k.hex() for k in m.trustee_keys], "trustee_keys")
    if not 1 <= m.min_tally_ballots <= 1_000_000:
        raise AuditError("min_tally_ballots: not in 1..1000000")
    if m.paper_and_online not in ("paper-counts", "online-counts"):
        raise AuditError("paper_and_online: neither paper-counts nor online-counts")
    if (
        not m.origin
        or "+" in m.origin
        or "\ufeff" in m.origin
        or any(ch.isspace() for ch in m.origin)
    ):
        raise AuditError("origin: empty, or contains white space, + or U+FEFF")


def decode_manifest(data: bytes) -> Manifest:
    """election §3: decode, check §2, require the canonical bytes."""
    manifest = decode_canonical(data, Manifest, "manifest")
    check_manifest(manifest)
    return manifest


def manifest_hash(data: bytes) -> bytes:
    return hashlib.sha256(lp(b"oylama/election/v1/manifest") + lp(data)).digest()


def ceremony_context(m_hash: bytes) -> bytes:
    return hashlib.sha256(lp(b"oylama/election/v1/ceremony-context") + lp(m_hash)).digest()


def base_hash(m_hash: bytes, joint_key: bytes) -> bytes:
    check_point(joint_key, allow_identity=False, what="joint key")
    return hashlib.sha256(lp(b"oylama/election/v1/base-hash") + lp(m_hash) + lp(joint_key)).digest()


__all__ = [
    "CITY_WIDE",
    "Ballot",
    "EncodingError",
    "Manifest",
    "base_hash",
    "ceremony_context",
    "check_manifest",
    "decode_manifest",
    "manifest_hash",
    "money_text",
    "money_units",
]
