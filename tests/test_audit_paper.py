"""The auditor (and the trustees' log verifier) on records with paper ballots (record §2 7b-7c).

Records are built with the engine's pure APIs (test_audit_builder), then paper ballots are
added the way the service adds them -- two keyers' ``paper-keyer`` entries, ``paper-ballot``
entries keyed twice, a ``ballot-superseded`` entry when a paper ballot replaces an online one
-- and ``closed`` and the tallies are recomputed. A good record passes every check of the
auditor and the engine's :class:`~oylama.election.TallyLogVerifier`; each attack named in issue
#18 item 5 fails the numbered check docs/audit.md gives it, and the engine refuses it too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import msgspec
import pytest

from oylama import credentials
from oylama.board import parse_checkpoint
from oylama.crypto import EncryptedBallot, add_ciphertexts, tally_selections
from oylama.crypto import ballot_bytes as engine_ballot_bytes
from oylama.election import (
    BallotPayload,
    BallotSuperseded,
    Closed,
    ClosedStyle,
    LogError,
    Manifest,
    PaperBallot,
    PaperKeyer,
    PaperKeying,
    PaperStatement,
    Pins,
    Staff,
    Tally,
    TallyLogVerifier,
    ballot_payload,
    clear_sums,
    decode_manifest,
    decode_payload,
    decode_record,
    encode_payload,
    keyer_public_key,
    sign_paper,
)
from test_audit_builder import (
    DEFINITION,
    QUADRATIC_DEFINITION,
    STAFF,
    Built,
    SeededRng,
    assemble,
    build_election,
    encrypt_job,
)

audit = pytest.importorskip("oylama_audit.record")

SECOND = "gorevli"  # the second keyer's account
STATION = "Bostanlı <b>sandık</b> 1"  # free text: kept verbatim, never interpreted
SEEDS = {STAFF: bytes(range(1, 33)), SECOND: bytes(range(2, 34)), "yabanci": bytes(range(3, 35))}


@dataclass
class Paper:
    """A paper ballot to add: voter ``voter`` of the built election, keyed by ``keyers``."""

    voter: int
    style: str
    choices: list[int]
    keyers: Sequence[str] = (STAFF, SECOND)
    station: str = STATION
    superseded_entry: bool = True  # add the ballot-superseded entry a replaced vote needs
    sign: Callable[[str, PaperStatement], bytes] | None = None  # a forged keying


@dataclass
class Online:
    """An online ballot cast by ``voter`` after the paper ballots (a code used twice)."""

    voter: int
    style: str
    choices: list[int]


@dataclass
class Case:
    built: Built
    head: list[tuple[str, bytes]]
    manifest: Manifest
    extra: list[tuple[str, bytes]] = field(default_factory=list)


def _case(definition: str = DEFINITION, *, seed: int = 3) -> Case:
    built = build_election(definition, voters=6, revoters=1, seed=seed, closed_only=True)
    closed = next(i for i, (k, _) in enumerate(built.payloads) if k == "closed")
    head = list(built.payloads[:closed])
    manifest = decode_manifest(head[0][1])
    staff = Staff(by=STAFF, added=[SECOND], removed=[], staff=sorted([STAFF, SECOND]))
    keyers = [
        ("staff", encode_payload(staff)),
        *(
            ("paper-keyer", encode_payload(PaperKeyer(account=a, key=keyer_public_key(SEEDS[a]))))
            for a in (STAFF, SECOND)
        ),
    ]
    head += keyers  # after the online ballots: their indices (and supersessions) stay
    return Case(built, head, manifest)


def _paper_payload(c: Case, p: Paper) -> bytes:
    eid = c.built.election_id
    credential = c.built.voters[p.voter].public
    statement = PaperStatement(
        credential=credential, style=p.style, choices=p.choices, station=p.station
    )
    keyings = [
        PaperKeying(
            account=a,
            signature=p.sign(a, statement) if p.sign else sign_paper(SEEDS[a], eid, statement),
        )
        for a in p.keyers
    ]
    return encode_payload(
        PaperBallot(
            credential=credential,
            style=p.style,
            choices=p.choices,
            station=p.station,
            keyings=keyings,
        )
    )


def _online_payload(c: Case, o: Online, seed: int) -> bytes:
    v = c.built.voters[o.voter]
    style = c.manifest.ballot(o.style).ballot_style()
    opened = next(p for k, p in c.head if k == "opened")
    context = msgspec.json.decode(opened)["base_hash"]
    import base64  # noqa: PLC0415

    ballot = encrypt_job(
        (
            style,
            c.built.joint_key,
            o.choices,
            base64.b64decode(context),
            SeededRng(("id", seed)).token_bytes(16),
            float(seed),
            v.public,
        )
    )
    text = engine_ballot_bytes(ballot)
    signature = credentials.sign_ballot(v.code, c.built.election_id, text)
    return encode_payload(ballot_payload(v.public, signature, text))


def _record(c: Case, events: Sequence[Paper | Online]) -> bytes:
    """The head, the events in order, then ``closed`` and the tallies recounted as the spec
    says (paper ballots in the clear, replaced online ballots left out)."""
    payloads = list(c.head)
    latest: dict[tuple[bytes, str], int] = {}
    for k, (kind, data) in enumerate(payloads):
        if kind == "ballot":
            b = decode_payload(data, BallotPayload)
            latest[(b.credential, b.encrypted_ballot().style)] = k
    for n, ev in enumerate(events):
        if isinstance(ev, Paper):
            index = len(payloads)
            payloads.append(("paper-ballot", _paper_payload(c, ev)))
            credential = c.built.voters[ev.voter].public
            before = latest.pop((credential, ev.style), None)
            if before is not None and ev.superseded_entry:
                note = BallotSuperseded(
                    credential=credential, style=ev.style, superseded=before, by=index
                )
                payloads.append(("ballot-superseded", encode_payload(note)))
            latest[(credential, ev.style)] = index
        else:
            payloads.append(("ballot", _online_payload(c, ev, n)))
    # closed and the tallies: every online ballot that is the last of its voter, every paper one
    cast: dict[str, int] = {}
    online: dict[str, list[EncryptedBallot]] = {}
    paper: dict[str, list[list[int]]] = {}
    counted = set(latest.values())
    for k, (kind, data) in enumerate(payloads):
        if kind == "ballot":
            ballot = decode_payload(data, BallotPayload).encrypted_ballot()
            cast[ballot.style] = cast.get(ballot.style, 0) + 1
            if k in counted:
                online.setdefault(ballot.style, []).append(ballot)
        elif kind == "paper-ballot":
            pb = decode_payload(data, PaperBallot)
            cast[pb.style] = cast.get(pb.style, 0) + 1
            if k in counted:
                paper.setdefault(pb.style, []).append(pb.choices)
    lines, tallies = [], []
    for b in c.manifest.ballots:
        style = b.ballot_style()
        mine = online.get(b.id, [])
        sums = tally_selections(style, mine)
        if b.id in paper:
            clear = clear_sums(style, paper[b.id])
            sums = [add_ciphertexts(x, y) for x, y in zip(sums, clear, strict=True)]
        n = len(mine) + len(paper.get(b.id, []))
        lines.append(ClosedStyle(style=b.id, cast=cast.get(b.id, 0), counted=n))
        tallies.append(("tally", encode_payload(Tally(style=b.id, ballots=n, ciphertexts=sums))))
    payloads.append(("closed", encode_payload(Closed(styles=lines, by=STAFF))))
    payloads += tallies
    return assemble(c.built.election_id, payloads)


def _engine(c: Case, record: bytes, *, reread: bool = False) -> str | None:
    """The trustees' log verifier on the record: None if it would decrypt, else why not.
    ``reread``: in its bounded-memory mode (running sums, superseded ballots read again)."""
    rec = decode_record(record)
    verifier = TallyLogVerifier(
        election_id=c.built.election_id,
        manifest_hash=c.built.manifest_hash,
        joint_key=c.built.joint_key,
        pins=Pins(trustee_keys=tuple(c.built.trustee_keys), credentials=c.built.fingerprint),
        entries_at=(lambda indices: [rec.entries[i] for i in indices]) if reread else None,
    )
    try:
        for e in rec.entries:
            verifier.add(e)
        verifier.finish(parse_checkpoint(rec.checkpoints[-1].split("\n\n")[0] + "\n"))
    except LogError as exc:
        return str(exc)
    return None


def _voter_of(c: Case, district: str, k: int = 0) -> int:
    return [i for i, v in enumerate(c.built.voters) if v.district == district][k]


def _check(record: bytes, check: str, *needles: str) -> list[str]:
    report = audit.verify_record(record)
    assert check in report.failed_ids(), (check, report.failed_ids())
    failures = report[check].failures
    for needle in needles:
        assert any(needle in f for f in failures), (needle, failures)
    return list(report.failed_ids())


# -- good records -------------------------------------------------------------------------------


def test_paper_ballots_recounted_with_the_rest() -> None:
    c = _case()
    d1, d2 = _voter_of(c, "d1"), _voter_of(c, "d2")
    record = _record(
        c,
        [
            Paper(d1, "d1-approval", [1, 0, 1]),  # replaces d1's online ballot (paper-counts)
            Paper(d2, "d2-cumulative", [4, 3]),
            Paper(d2, "city-knapsack", [0, 1, 1]),
        ],
    )
    report = audit.verify_record(record)
    assert report.passed, report.failed_ids()
    assert report.phase == "closed"
    assert report["R26"].passed == 3 and report["R25"].passed == 2 and report["R27"].passed == 3
    assert _engine(c, record) is None
    assert _engine(c, record, reread=True) is None
    # read in chunks of a few entries, paper ballots fall between chunks: the same verdict
    assert audit.verify_record(record, chunk=3).passed
    # the clear totals are really in the tallies: the tallies without them fail R16
    payloads = _payloads_of(record)
    without = _record(c, [])
    _check(assemble(c.built.election_id, payloads[:-3] + _payloads_of(without)[-3:]), "R16")


def test_quadratic_paper_ballot_adds_votes_plus_the_offset() -> None:
    c = _case(QUADRATIC_DEFINITION, seed=4)
    record = _record(c, [Paper(0, "q", [-2, 1, 2]), Paper(1, "q", [0, 0, -3])])
    report = audit.verify_record(record)
    assert report.passed, report.failed_ids()
    assert _engine(c, record) is None


# -- attacks -----------------------------------------------------------------------------------


def test_single_keyed_paper_ballot_is_refused_by_r26() -> None:
    c = _case()
    record = _record(c, [Paper(_voter_of(c, "d2"), "d2-cumulative", [1, 1], keyers=[STAFF])])
    _check(record, "R26", "two keyings by two different accounts")
    assert "keyings" in (_engine(c, record) or "")


def test_one_account_keying_twice_is_refused() -> None:
    c = _case()
    record = _record(c, [Paper(_voter_of(c, "d2"), "d2-cumulative", [1, 1], keyers=[STAFF, STAFF])])
    _check(record, "R26", "two different accounts")
    assert _engine(c, record) is not None


def test_wrong_keying_signature_is_refused() -> None:
    c = _case()
    eid = c.built.election_id

    def forged(account: str, statement: PaperStatement) -> bytes:
        # the second keyer "signed" other choices: its signature is not over this statement
        if account == SECOND:
            other = msgspec.structs.replace(statement, choices=[0, 2])
            return sign_paper(SEEDS[SECOND], eid, other)
        return sign_paper(SEEDS[account], eid, statement)

    record = _record(c, [Paper(_voter_of(c, "d2"), "d2-cumulative", [2, 0], sign=forged)])
    _check(record, "R26", f"signature of {SECOND!r} does not verify")
    assert "does not verify" in (_engine(c, record) or "")


def test_keyer_not_in_the_roster_is_refused() -> None:
    c = _case()
    # "yabanci" signs with a key of its own, published nowhere, and is not staff
    record = _record(
        c, [Paper(_voter_of(c, "d2"), "d2-cumulative", [2, 0], keyers=[STAFF, "yabanci"])]
    )
    _check(record, "R26", "'yabanci' is not staff")
    assert _engine(c, record) is not None
    # nor may it publish a keying key while not staff
    c2 = _case()
    c2.head.append(
        (
            "paper-keyer",
            encode_payload(PaperKeyer(account="yabanci", key=keyer_public_key(SEEDS["yabanci"]))),
        ),
    )
    record = _record(c2, [])
    _check(record, "R25", "'yabanci' is not staff")
    assert _engine(c2, record) is not None


def test_keyer_removed_from_the_roster_cannot_key_any_more() -> None:
    c = _case()
    removal = Staff(by=STAFF, added=[], removed=[SECOND], staff=[STAFF])
    c.head.append(("staff", encode_payload(removal)))
    record = _record(c, [Paper(_voter_of(c, "d2"), "d2-cumulative", [2, 0])])
    _check(record, "R26", f"{SECOND!r} is not staff")
    assert _engine(c, record) is not None


@pytest.mark.parametrize(
    ("style", "choices", "needle"),
    [
        ("d1-approval", [1, 1, 1], "outside [1, 2]"),  # max_count 2
        ("d1-approval", [0, 0, 0], "outside [1, 2]"),  # min_count 1
        ("d2-cumulative", [5, 3], "points"),  # 8 > 7 points
        ("city-knapsack", [1, 1, 0], "budget"),  # 700 + 400 > 1000
        ("city-knapsack", [2, 0, 0], "0 or 1"),
        ("d1-approval", [1, 0], "choices for 3 projects"),
    ],
)
def test_paper_ballot_against_the_ballots_rules_is_refused(
    style: str, choices: list[int], needle: str
) -> None:
    c = _case()
    district = "d1" if style == "d1-approval" else "d2"
    record = _record(c, [Paper(_voter_of(c, district, 1), style, choices)])
    _check(record, "R26", needle)
    assert _engine(c, record) is not None


def test_paper_ballot_of_another_district_or_unlisted_credential_is_refused() -> None:
    c = _case()
    record = _record(c, [Paper(_voter_of(c, "d2"), "d1-approval", [1, 0, 0])])
    _check(record, "R26", "may not cast")
    assert _engine(c, record) is not None


def test_station_text_is_limited() -> None:
    c = _case()
    record = _record(c, [Paper(_voter_of(c, "d2"), "d2-cumulative", [1, 0], station="x" * 65)])
    _check(record, "R26", "station")
    assert _engine(c, record) is not None


# -- paper and online ---------------------------------------------------------------------------


def test_paper_counts_replaces_an_earlier_online_ballot() -> None:
    """The credential voted online, then on paper: the paper ballot counts, the online one is
    superseded -- and that needs its ballot-superseded entry (R14)."""
    c = _case()
    d1 = _voter_of(c, "d1")
    good = _record(c, [Paper(d1, "d1-approval", [0, 1, 0])])
    assert audit.verify_record(good).passed
    assert _engine(c, good) is None
    kinds = [k for k, _ in _payloads_of(good)]
    at = kinds.index("paper-ballot")
    assert kinds[at + 1] == "ballot-superseded"
    missing = _record(c, [Paper(d1, "d1-approval", [0, 1, 0], superseded_entry=False)])
    _check(missing, "R14", "no ballot-superseded")
    assert "R14" in audit.verify_record(missing, chunk=2).failed_ids()
    assert "ballot-superseded" in (_engine(c, missing) or "")


def test_online_after_paper_is_refused_the_code_is_used() -> None:
    c = _case()
    d2 = _voter_of(c, "d2")
    record = _record(c, [Paper(d2, "d2-cumulative", [1, 2]), Online(d2, "d2-cumulative", [3, 3])])
    _check(record, "R27", "voted on paper")
    assert "voted on paper" in (_engine(c, record) or "")


def test_second_paper_ballot_of_a_code_is_refused() -> None:
    c = _case()
    d2 = _voter_of(c, "d2")
    record = _record(c, [Paper(d2, "d2-cumulative", [1, 2]), Paper(d2, "d2-cumulative", [0, 2])])
    _check(record, "R27", "second paper ballot")
    assert "second paper ballot" in (_engine(c, record) or "")


ONLINE_COUNTS = DEFINITION.replace(
    'currency = "TRY"\n', 'currency = "TRY"\npaper_and_online = "online-counts"\n', 1
)


def test_online_counts_refuses_a_paper_ballot_of_a_code_that_voted_online() -> None:
    c = _case(ONLINE_COUNTS)
    assert c.manifest.paper_and_online == "online-counts"
    d1 = _voter_of(c, "d1")  # every built voter voted online for each of its ballots
    record = _record(c, [Paper(d1, "d1-approval", [0, 1, 0], superseded_entry=False)])
    _check(record, "R27", "online-counts")
    assert "online-counts" in (_engine(c, record) or "")
    # the same paper ballot under paper-counts is fine (the rule is the manifest's)
    c2 = _case()
    record = _record(c2, [Paper(_voter_of(c2, "d1"), "d1-approval", [0, 1, 0])])
    assert audit.verify_record(record).passed


def test_online_counts_accepts_paper_of_a_code_that_never_voted_online() -> None:
    c = _case(ONLINE_COUNTS)
    d2 = _voter_of(c, "d2")
    _drop_online_votes(c, d2)  # as if that resident never voted online
    record = _record(c, [Paper(d2, "d2-cumulative", [3, 4]), Paper(d2, "city-knapsack", [1, 0, 1])])
    report = audit.verify_record(record)
    assert report.passed, report.failed_ids()
    assert report["R27"].passed == 2
    assert _engine(c, record) is None


def _drop_online_votes(c: Case, voter: int) -> None:
    """The head without ``voter``'s ballots, the supersessions renumbered."""
    credential = c.built.voters[voter].public
    kept: list[tuple[str, bytes]] = []
    latest: dict[tuple[bytes, str], int] = {}
    for kind, data in c.head:
        if kind == "ballot-superseded":
            continue
        if kind == "ballot":
            b = decode_payload(data, BallotPayload)
            if b.credential == credential:
                continue
            key = (b.credential, b.encrypted_ballot().style)
            index = len(kept)
            kept.append((kind, data))
            if key in latest:
                note = BallotSuperseded(
                    credential=key[0], style=key[1], superseded=latest[key], by=index
                )
                kept.append(("ballot-superseded", encode_payload(note)))
            latest[key] = index
            continue
        kept.append((kind, data))
    c.head = kept


def test_paper_ballot_after_closed_is_out_of_order() -> None:
    c = _case()
    record = _record(c, [])
    # a paper-ballot entry appended after the tallies: R7
    payloads = [(k, p) for k, p in _payloads_of(record)]
    payloads.append(
        ("paper-ballot", _paper_payload(c, Paper(_voter_of(c, "d2"), "d2-cumulative", [1, 0])))
    )
    _check(assemble(c.built.election_id, payloads), "R7", "outside the open election")


def _payloads_of(record: bytes) -> list[tuple[str, bytes]]:
    from oylama.board import decode_entry  # noqa: PLC0415

    return [
        (decode_entry(e).kind.value, decode_entry(e).payload) for e in decode_record(record).entries
    ]
