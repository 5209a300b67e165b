"""Residents' proposals on a participation log, checked from docs/spec/cycle.md §4 alone.

Given the entries of a participation log (kind and payload, in log order), this checks what
the specification says anyone can check without trusting the service: every ``proposal`` and
``proposal-support`` payload is canonical, its content follows §4.2, and its statement
signature (§4.1) verifies under the public credential it names (on the election's credential
list, when the list is given); proposals are numbered ``P1, P2, ...`` in log order; a credential
supports a proposal at most once, never a hidden one, and only a proposal of its district or a
city-wide one (when the list is given); moderation hides only shown proposals and shows only
hidden ones; a proposal is accepted into a ballot at most once, only after a ``feasible``
review, and only while shown. The supports counted here are the public counts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from oylama_audit._cycle import read_cycle_log
from oylama_audit._ed25519 import is_valid_point
from oylama_audit._errors import RecordError
from oylama_audit._wire import Wire, decode_canonical, encode

TAG = b"oylama/cycle-statement/v1"
CITY_WIDE = "city-wide"
_COST = re.compile(r"(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?")
_PID = re.compile(r"P[1-9][0-9]{0,8}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SDG = {f"SDG{k}" for k in range(1, 18)}


class Content(Wire):
    title: str
    description: str
    cost: str
    district: str
    category: str | None
    sdg: list[str]
    audience: list[str]
    latitude: float | None
    longitude: float | None
    address: str | None
    photo: str | None


class Support(Wire):
    proposal: str


class ProposalEntry(Wire):
    proposal: str
    content: Content
    credential: bytes
    signature: bytes


class SupportEntry(Wire):
    proposal: str
    credential: bytes
    signature: bytes


class ModerationEntry(Wire):
    proposal: str
    action: Literal["hide", "unhide"]
    reason: str
    by: str


class ReviewEntry(Wire):
    proposal: str
    decision: Literal["feasible", "infeasible"]
    technical: str
    legal: str
    cost: str | None
    by: str


class AcceptedEntry(Wire):
    proposal: str
    ballot: str
    project: str
    cost: str
    by: str


@dataclass
class ProposalState:
    district: str
    credential: bytes
    supporters: set[bytes] = field(default_factory=set)
    hidden: bool = False
    review: str | None = None
    accepted: tuple[str, str] | None = None


@dataclass
class ProposalsReport:
    """What the log says: each proposal's state, in number order."""

    proposals: dict[str, ProposalState] = field(default_factory=dict)

    def supports(self, pid: str) -> int:
        return len(self.proposals[pid].supporters)


def _lp(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def statement(election_id: str, kind: str, content: bytes) -> bytes:
    """§4.1: ``TAG || LP(E) || LP(K) || SHA-256(C)``."""
    return TAG + _lp(election_id.encode()) + _lp(kind.encode()) + hashlib.sha256(content).digest()


def _verify(key: bytes, signature: bytes, election_id: str, kind: str, content: bytes) -> None:
    if not is_valid_point(key):
        raise RecordError(f"{kind}: the credential is not a canonical Ed25519 point")
    if len(signature) != 64:
        raise RecordError(f"{kind}: a signature is 64 bytes")
    try:
        VerifyKey(key).verify(statement(election_id, kind, content), signature)
    except BadSignatureError:
        raise RecordError(f"{kind}: the statement signature does not verify") from None


def _text(where: str, value: str, limit: int, *, lines: bool = False) -> None:
    if not value.strip() or len(value) > limit:
        raise RecordError(f"{where}: empty or over {limit} characters")
    if _CONTROL.search(value) or (not lines and re.search(r"[\t\n]", value)):
        raise RecordError(f"{where}: control characters")


def _content(c: Content, where: str) -> None:
    _text(f"{where} title", c.title, 120)
    _text(f"{where} description", c.description, 4000, lines=True)
    if not _COST.fullmatch(c.cost):
        raise RecordError(f"{where}: cost {c.cost!r} is not an amount")
    if c.category is not None:
        _text(f"{where} category", c.category, 64)
    if len(set(c.sdg)) != len(c.sdg) or not set(c.sdg) <= _SDG:
        raise RecordError(f"{where}: sdg must be distinct SDG1 ... SDG17")
    if len(c.audience) > 8:
        raise RecordError(f"{where}: more than 8 audience groups")
    for a in c.audience:
        _text(f"{where} audience", a, 64)
    if (c.latitude is None) != (c.longitude is None):
        raise RecordError(f"{where}: latitude and longitude, both or neither")
    if (
        c.latitude is not None
        and c.longitude is not None
        and not (-90 <= c.latitude <= 90 and -180 <= c.longitude <= 180)
    ):
        raise RecordError(f"{where}: coordinates out of range")
    if c.address is not None:
        _text(f"{where} address", c.address, 200)
    if c.photo is not None and not _DIGEST.fullmatch(c.photo):
        raise RecordError(f"{where}: photo is not a SHA-256 digest")


def check_proposals(
    entries: Iterable[tuple[str, bytes]],
    election_id: str,
    credentials: Mapping[bytes, str] | None = None,
) -> ProposalsReport:
    """Check the proposal entries of a participation log (other kinds are skipped);
    ``credentials``: the election's list (public key -> district), when known. Raises
    :class:`RecordError` at the first entry that breaks §4."""
    report = ProposalsReport()
    state = report.proposals
    for index, (kind, payload) in enumerate(entries):
        where = f"entry {index} ({kind})"
        if kind == "proposal":
            p = decode_canonical(payload, ProposalEntry, where)
            if p.proposal != f"P{len(state) + 1}":
                raise RecordError(f"{where}: proposal {p.proposal!r} out of sequence")
            _content(p.content, where)
            _verify(p.credential, p.signature, election_id, kind, encode(p.content))
            if credentials is not None:
                district = credentials.get(p.credential)
                if district is None:
                    raise RecordError(f"{where}: the credential is not on the list")
                if p.content.district not in (district, CITY_WIDE):
                    raise RecordError(f"{where}: a proposal for another district")
            state[p.proposal] = ProposalState(p.content.district, p.credential)
        elif kind == "proposal-support":
            s = decode_canonical(payload, SupportEntry, where)
            target = _known(state, s.proposal, where)
            _verify(
                s.credential, s.signature, election_id, kind, encode(Support(proposal=s.proposal))
            )
            if s.credential in target.supporters:
                raise RecordError(f"{where}: a second support of {s.proposal} by one credential")
            if target.hidden:
                raise RecordError(f"{where}: a support of hidden {s.proposal}")
            if credentials is not None:
                district = credentials.get(s.credential)
                if district is None:
                    raise RecordError(f"{where}: the credential is not on the list")
                if target.district not in (district, CITY_WIDE):
                    raise RecordError(f"{where}: a support of another district's proposal")
            target.supporters.add(s.credential)
        elif kind == "proposal-moderation":
            m = decode_canonical(payload, ModerationEntry, where)
            target = _known(state, m.proposal, where)
            _text(f"{where} reason", m.reason, 1000, lines=True)
            if target.hidden == (m.action == "hide"):
                raise RecordError(f"{where}: {m.action} of a proposal already so")
            target.hidden = m.action == "hide"
        elif kind == "proposal-review":
            r = decode_canonical(payload, ReviewEntry, where)
            target = _known(state, r.proposal, where)
            _text(f"{where} technical", r.technical, 4000, lines=True)
            _text(f"{where} legal", r.legal, 4000, lines=True)
            if r.cost is not None and not _COST.fullmatch(r.cost):
                raise RecordError(f"{where}: cost is not an amount")
            if target.accepted is not None:
                raise RecordError(f"{where}: a review of a proposal on the ballot")
            target.review = r.decision
        elif kind == "proposal-accepted":
            a = decode_canonical(payload, AcceptedEntry, where)
            target = _known(state, a.proposal, where)
            if target.review != "feasible" or target.hidden or target.accepted is not None:
                raise RecordError(f"{where}: accepted without a feasible review, hidden, or twice")
            if not _COST.fullmatch(a.cost):
                raise RecordError(f"{where}: cost is not an amount")
            target.accepted = (a.ballot, a.project)
    return report


def _known(state: dict[str, ProposalState], pid: str, where: str) -> ProposalState:
    if not _PID.fullmatch(pid) or pid not in state:
        raise RecordError(f"{where}: no earlier proposal {pid[:20]!r}")
    return state[pid]


def read_cycle_record(
    data: bytes, *, board_public_key: bytes | None = None
) -> tuple[str, list[tuple[str, bytes]]]:
    """A participation record checked as cycle §1 says (:func:`read_cycle_log`: the canonical
    text, the chain, every checkpoint under the log's origin, the last one of the whole log).
    ``board_public_key``: the election's board key, pinned (else the record's own is trusted).
    Returns the election id and the entries' ``(kind, payload)``."""
    log = read_cycle_log(data, board_public_key=board_public_key)
    return log.election_id, [(e.kind, e.payload) for e in log.entries]
