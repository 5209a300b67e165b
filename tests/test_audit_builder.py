"""Election records made with the engine's pure APIs, for the auditor's tests and benchmark.

:func:`build_election` runs a whole election in memory the way the service does -- manifest,
2-of-3 key ceremony, credential list, signed ballots with revotes, tally, partial decryptions,
combination, allocation -- and :func:`assemble` turns a list of ``(kind, payload)`` into a
record file: entries chained, checkpoints signed with a board key the test holds. A test that
tampers with the payloads (or the entries) re-assembles, so the record stays validly signed and
only the check that the tampering breaks can fail.

This module imports ``oylama`` (the engine) on purpose: the auditor must agree with it.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import msgspec
from nacl.signing import SigningKey

from oylama import ballots as ballot_defs
from oylama import credentials
from oylama.board import (
    GENESIS_PREV,
    Checkpoint,
    EntryKind,
    MemoryTree,
    encode_entry,
    leaf_hash,
    make_entry,
    sign_checkpoint,
    verifier_key,
    verify_log,
)
from oylama.client import random_choices
from oylama.crypto import (
    EncryptedBallot,
    KeyShare,
    Point,
    combine,
    encrypt_ballot,
    encrypt_shares,
    finish_ceremony,
    new_trustee,
    partial_decrypt,
    tally_selections,
    verify_ceremony,
)
from oylama.crypto import ballot_bytes as engine_ballot_bytes
from oylama.election import (
    base_hash,
    ceremony_context,
    decode_record,
    encode_manifest,
    identity_public_key,
    manifest_from_definition,
    manifest_hash,
    sign_commitment,
    sign_record,
)
from oylama.election._payloads import (
    Allocation,
    Closed,
    ClosedStyle,
    Opened,
    PartialDecryptionPayload,
    Result,
    SignedTrusteeRecord,
    Staff,
    Tally,
    TrusteeCommitment,
    ballot_payload,
    encode_payload,
)
from oylama.election._record import encode_record, make_record
from oylama.service._elections import allocate_style

ORIGIN = "audit.test/records"
STAFF = "belediye"  # the staff account that runs the built elections
BOARD_KEY = SigningKey(bytes(range(7, 39)))

DEFINITION = """
[election]
id = "audit-test-2026"
title.tr = "Denetim testi"
city = "İzmir"
currency = "TRY"
min_tally_ballots = 2

[[districts]]
id = "d1"
name = "Birinci"

[[districts]]
id = "d2"
name = "İkinci"

[[ballots]]
id = "d1-approval"
title.tr = "Onay"
district = "d1"
kind = "approval"
budget = 500
min_count = 1
max_count = 2
rule = "greedy"
tie_break = "file-order"
[[ballots.projects]]
id = "A1"
name.tr = "A1"
cost = 200
[[ballots.projects]]
id = "A2"
name.tr = "A2"
cost = 300
[[ballots.projects]]
id = "A3"
name.tr = "A3"
cost = "250.5"

[[ballots]]
id = "d2-cumulative"
title.tr = "Puan"
district = "d2"
kind = "cumulative"
points = 7
budget = 1000
rule = "greedy-no-skip"
utility = "points"
tie_break = "pabutools"
[[ballots.projects]]
id = "C1"
name.tr = "C1"
cost = 600
[[ballots.projects]]
id = "C2"
name.tr = "C2"
cost = 500

[[ballots]]
id = "city-knapsack"
title.tr = "Kent"
district = "city-wide"
kind = "knapsack"
budget = 1000
rule = "max-welfare"
utility = "cost"
tie_break = "file-order"
[[ballots.projects]]
id = "K1"
name.tr = "K1"
cost = 700
[[ballots.projects]]
id = "K2"
name.tr = "K2"
cost = 400
[[ballots.projects]]
id = "K3"
name.tr = "K3"
cost = 300
"""

QUADRATIC_DEFINITION = """
[election]
id = "audit-quadratic"
title.tr = "Karesel"
city = "İzmir"
currency = "TRY"
min_tally_ballots = 2

[[ballots]]
id = "q"
title.tr = "Karesel"
district = "city-wide"
kind = "quadratic"
max_votes = 3
signed = true
credits = 10
budget = 900
rule = "quadratic-voting"
tie_break = "file-order"
[[ballots.projects]]
id = "Q1"
name.tr = "Q1"
cost = 500
[[ballots.projects]]
id = "Q2"
name.tr = "Q2"
cost = 400
[[ballots.projects]]
id = "Q3"
name.tr = "Q3"
cost = 300
"""


class SeededRng:
    """The engine's ``Rng`` protocol from a seeded ``random.Random`` (tests only)."""

    def __init__(self, seed: object) -> None:
        self._random = random.Random(str(seed))

    def token_bytes(self, nbytes: int) -> bytes:
        return self._random.randbytes(nbytes)


Payloads = list[tuple[str, bytes]]


@dataclass
class Voter:
    code: str
    district: str
    public: bytes


@dataclass
class Built:
    """A finished election: its payloads, the record, and what a tamperer needs."""

    election_id: str
    payloads: Payloads
    record: bytes
    voters: list[Voter]
    key_shares: dict[int, KeyShare]
    ballot_entries: list[int] = field(default_factory=list)  # index of each ballot entry
    identities: list[bytes] = field(default_factory=list)  # the trustees' identity seeds
    manifest_hash: bytes = b""
    joint_key: bytes = b""
    fingerprint: str = ""
    withheld: list[str] = field(default_factory=list)  # styles never decrypted

    @property
    def trustee_keys(self) -> list[bytes]:
        return [identity_public_key(s) for s in self.identities]


def identity_seeds(trustees: int, seed: object = 0) -> list[bytes]:
    """The trustees' identity key seeds of an election built here (trustee 1 first)."""
    rng = SeededRng(("identity", seed))
    return [rng.token_bytes(32) for _ in range(trustees)]


def assemble(
    election_id: str,
    payloads: Sequence[tuple[str, bytes]],
    *,
    checkpoint_after: Callable[[int, str], bool] | None = None,
    key: SigningKey = BOARD_KEY,
    origin: str = ORIGIN,
    raw_edit: Callable[[list[bytes]], list[bytes]] | None = None,
    extra_checkpoints: Sequence[str] = (),
) -> bytes:
    """Entries chained from ``payloads``, checkpoints signed (after the manifest, the ``opened``
    and ``closed`` entries, every 3rd entry and the last), then the record file's bytes.

    ``raw_edit`` may change the encoded entries *after* chaining (to break the chain while
    keeping valid signatures over the changed log)."""
    entries: list[bytes] = []
    prev = GENESIS_PREV
    for i, (kind, payload) in enumerate(payloads):
        data = encode_entry(
            make_entry(
                election_id,
                i,
                EntryKind(kind),
                prev_hash=prev,
                timestamp=1_767_225_600_000 + 1000 * i,
                payload=payload,
            )
        )
        entries.append(data)
        prev = leaf_hash(data)
    if raw_edit is not None:
        entries = raw_edit(entries)
    tree = MemoryTree([leaf_hash(e) for e in entries])
    due = checkpoint_after or (
        lambda i, kind: i == 0 or kind in ("opened", "closed", "result") or i % 3 == 2
    )
    sizes = sorted(
        {i + 1 for i, (kind, _) in enumerate(payloads[: len(entries)]) if due(i, kind)}
        | {len(entries)}
    )
    notes = [
        sign_checkpoint(Checkpoint(origin=origin, size=s, root_hash=tree.root(s)), origin, key)
        for s in sizes
    ]
    notes = sorted([*notes, *extra_checkpoints], key=lambda n: int(n.split("\n")[1]))
    board_key = verifier_key(origin, key.verify_key)
    return encode_record(make_record(election_id, board_key, entries, notes))


def build_election(
    definition_text: str = DEFINITION,
    *,
    voters: int = 8,
    revoters: int = 2,
    seed: int = 1,
    trustees: int = 3,
    threshold: int = 2,
    decrypting: Sequence[int] = (1, 3),
    choices: Callable[[object, random.Random], list[int]] | None = None,
    encrypt: Callable[..., Sequence[EncryptedBallot]] | None = None,
    closed_only: bool = False,
) -> Built:
    """A whole election (see the module docstring). ``encrypt(jobs)`` may encrypt the ballots
    elsewhere (the benchmark does it in parallel); each job is
    ``(style, key_bytes, choices, context, ballot_id, seed)``. ``closed_only``: stop after the
    tally entries (what trustees verify before decrypting). A style whose tally counts fewer
    than the definition's ``min_tally_ballots`` ballots (but some) is withheld: not decrypted,
    its result and allocation empty (record §2 items 10-12)."""
    rng = random.Random(seed)
    crng = SeededRng(("crypto", seed))
    definition = ballot_defs.loads(definition_text, source="test")
    seeds = identity_seeds(trustees, seed)
    manifest = manifest_from_definition(
        definition,
        trustees=trustees,
        threshold=threshold,
        trustee_keys=[identity_public_key(s) for s in seeds],
        origin=ORIGIN,
    )
    eid = manifest.election_id
    ctx_c = ceremony_context(manifest)
    payloads: Payloads = [
        ("manifest", encode_manifest(manifest)),
        ("staff", encode_payload(Staff(by=STAFF, added=[STAFF], removed=[], staff=[STAFF]))),
    ]

    pairs = [
        new_trustee(i, trustees, threshold, context=ctx_c, rng=crng) for i in range(1, 1 + trustees)
    ]
    publics = [p for _, p in pairs]
    for p in publics:
        signature = sign_record(seeds[p.index - 1], p, context=ctx_c)
        payloads.append(
            ("trustee-key", encode_payload(SignedTrusteeRecord(record=p, signature=signature)))
        )
    ceremony = verify_ceremony(publics, context=ctx_c)
    sent = [encrypt_shares(s, publics, context=ctx_c, rng=crng) for s, _ in pairs]
    key_shares: dict[int, KeyShare] = {}
    for s, p in pairs:
        mine = [sh for batch in sent for sh in batch if sh.recipient == p.index]
        key_shares[p.index] = finish_ceremony(s, ceremony, publics, mine, context=ctx_c)
    joint = ceremony.joint_key.encode()
    for p in publics:
        signature = sign_commitment(seeds[p.index - 1], p.index, joint, context=ctx_c)
        payloads.append(
            (
                "trustee-commitment",
                encode_payload(
                    TrusteeCommitment(index=p.index, joint_key=joint, signature=signature)
                ),
            )
        )

    districts = [d.id for d in definition.districts] or ["city-wide"]
    people: list[Voter] = []
    for k in range(voters):
        code = credentials.new_code(rng.randbytes)
        district = districts[k % len(districts)]
        people.append(Voter(code, district, credentials.public_credential(code, eid)))
    public_list = credentials.PublicCredentialList(
        format="oylama-public-credentials/v1",
        election_id=eid,
        credentials=[
            credentials.PublicCredential(
                public_key=base64.b64encode(v.public).decode(), district=v.district
            )
            for v in sorted(people, key=lambda v: v.public)
        ],
    )
    list_bytes = credentials.dump_public_list(public_list)
    payloads.append(("credentials", list_bytes))
    context = base_hash(manifest, joint)
    payloads.append(
        (
            "opened",
            encode_payload(
                Opened(
                    manifest_hash=manifest_hash(manifest),
                    joint_key=joint,
                    base_hash=context,
                    credentials=credentials.fingerprint(list_bytes),
                    voters=len(people),
                    by=STAFF,
                )
            ),
        )
    )

    styles = {b.id: b.ballot_style() for b in manifest.ballots}
    district_of = {b.id: b.district for b in manifest.ballots}
    # Who casts what: each voter every ballot they may cast, some of them twice (revotes).
    casts: list[tuple[Voter, str]] = []
    for v in people:
        for sid in styles:
            if district_of[sid] in (v.district, "city-wide"):
                casts.append((v, sid))
    casts += [casts[i] for i in rng.sample(range(len(casts)), min(revoters, len(casts)))]
    pick = choices or random_choices
    jobs = [
        (
            styles[sid],
            joint,
            pick(styles[sid], rng),
            context,
            rng.randbytes(16),
            rng.random(),
            v.public,
        )
        for v, sid in casts
    ]
    encrypted = list(encrypt(jobs)) if encrypt else [encrypt_job(job) for job in jobs]
    latest: dict[tuple[bytes, str], tuple[int, EncryptedBallot]] = {}
    built = Built(
        eid,
        payloads,
        b"",
        people,
        key_shares,
        identities=seeds,
        manifest_hash=manifest_hash(manifest),
        joint_key=joint,
        fingerprint=credentials.fingerprint(list_bytes),
    )
    counted: dict[str, dict[bytes, EncryptedBallot]] = {sid: {} for sid in styles}
    cast_count = dict.fromkeys(styles, 0)
    for (v, sid), ballot in zip(casts, encrypted, strict=True):
        text = engine_ballot_bytes(ballot)
        signature = credentials.sign_ballot(v.code, eid, text)
        index = len(payloads)
        payloads.append(("ballot", encode_payload(ballot_payload(v.public, signature, text))))
        built.ballot_entries.append(index)
        cast_count[sid] += 1
        before = latest.get((v.public, sid))
        if before is not None:
            payloads.append(
                (
                    "ballot-superseded",
                    msgspec.json.encode(
                        {"credential": v.public, "style": sid, "superseded": before[0], "by": index}
                    ),
                )
            )
        latest[(v.public, sid)] = (index, ballot)
        counted[sid][v.public] = ballot
    payloads.append(
        (
            "closed",
            encode_payload(
                Closed(
                    styles=[
                        ClosedStyle(style=sid, cast=cast_count[sid], counted=len(counted[sid]))
                        for sid in styles
                    ],
                    by=STAFF,
                )
            ),
        )
    )
    tallies = {}
    for sid, style in styles.items():
        tallies[sid] = tally_selections(style, list(counted[sid].values()))
        payloads.append(
            (
                "tally",
                encode_payload(
                    Tally(style=sid, ballots=len(counted[sid]), ciphertexts=tallies[sid])
                ),
            )
        )
    if closed_only:
        built.record = assemble(eid, payloads)
        return built
    results: dict[str, list[int]] = {}
    for sid, style in styles.items():
        n_counted = len(counted[sid])
        if 0 < n_counted < manifest.min_tally_ballots:
            built.withheld.append(sid)
            results[sid] = []
            payloads.append(
                (
                    "result",
                    encode_payload(
                        Result(
                            style=sid,
                            ballots=n_counted,
                            trustees=[],
                            sums=[],
                            scores=[],
                            by=STAFF,
                        )
                    ),
                )
            )
            continue
        partials = []
        for index in decrypting:
            partial = partial_decrypt(
                key_shares[index],
                tallies[sid],
                context=context,
                label=b"tally/" + sid.encode(),
                rng=crng,
            )
            partials.append(partial)
            payloads.append(
                (
                    "partial-decryption",
                    encode_payload(PartialDecryptionPayload(style=sid, decryption=partial)),
                )
            )
        weight = {
            "cumulative": style.points,
            "quadratic": (2 if style.signed else 1) * style.max_votes,
        }
        bound = n_counted * weight.get(style.kind, 1)
        sums = combine(
            ceremony,
            partials,
            tallies[sid],
            bound=bound,
            context=context,
            label=b"tally/" + sid.encode(),
        )
        shift = n_counted * style.max_votes if style.kind == "quadratic" and style.signed else 0
        results[sid] = [s - shift for s in sums]
        payloads.append(
            (
                "result",
                encode_payload(
                    Result(
                        style=sid,
                        ballots=n_counted,
                        trustees=sorted(decrypting),
                        sums=list(sums),
                        scores=results[sid],
                        by=STAFF,
                    )
                ),
            )
        )
    by_id = {b.id: b for b in definition.ballots}
    for b in manifest.ballots:
        if b.id in built.withheld:
            allocation = Allocation(
                style=b.id, rule=b.rule, selected=[], cost="0", budget=b.budget, by=STAFF
            )
        else:
            allocation = allocate_style(by_id[b.id], b.budget, results[b.id], by=STAFF)
        payloads.append(("allocation", encode_payload(allocation)))
    built.record = assemble(eid, payloads)
    return built


def encrypt_job(
    job: tuple[object, bytes, list[int], bytes, bytes, float, bytes],
) -> EncryptedBallot:
    """One ballot of the builder: the proofs bind the voter's credential (the last item)."""
    style, joint, chosen, context, ballot_id, seed, credential = job
    ballot, _ = encrypt_ballot(
        style,  # type: ignore[arg-type]
        Point.decode(joint),
        chosen,
        context=context,
        ballot_id=ballot_id,
        credential=credential,
        rng=SeededRng(seed),
    )
    return ballot


# -- the builder's own checks (the engine accepts what it builds) ---------------------------------


def test_built_record_is_accepted_by_the_engine_codec() -> None:
    built = build_election(voters=4, revoters=1)
    record = decode_record(built.record)
    assert len(record.entries) == len(built.payloads)
    assert record.checkpoints
    verify_log(record.entries, election_id=built.election_id)
