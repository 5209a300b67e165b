"""``oylama generate-record``: a large, valid election record, fast, for tests and benchmarks.

A recount of a million ballots needs a record of a million ballots, and casting them through
the service takes days. This makes one with the engine's pure APIs, in the order the service
writes it (manifest, a 2-of-3 key ceremony with identity keys, the credential list, opened,
ballots with revotes, closed, tallies, partial decryptions, results, allocations), every ballot
encrypted, proved and signed by its own credential -- so every check of ``oylama-audit verify``
has real work to do. The encryption, nearly all the cost, runs on every core; the record is
streamed to the file as the ballots come (:class:`oylama.election.RecordWriter`), so memory
stays small whatever the size (the leaf hashes, 32 bytes a ballot, and one counted-sum per
project are kept).

Shapes (``--shape``):

* ``knapsack20`` -- one city-wide knapsack ballot of 20 projects with a 25-bit budget (the
  shape of docs/spec/ballots.md §9's measurements); one ballot per voter;
* ``consultation`` -- ten neighbourhoods, each with its own question, and a city-wide one
  (approval of one of three options each): every voter answers two, their neighbourhood's and
  the city's, with cheap ballots.

The credential list is published in parts of 16 MiB, one board entry each (credentials §5.4):
a million voters make about six.

The credential codes are derived from the seed (a test record: never for a real election); the
randomness of the encryption is fresh. With ``--pins`` it writes the pin file the auditor
holds the record to (board key, trustee keys, credential fingerprint).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import secrets
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

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
)
from oylama.client import random_choices
from oylama.crypto import (
    ZERO_CIPHERTEXT,
    BallotStyle,
    Ciphertext,
    Point,
    add_ciphertexts,
    ballot_bytes,
    combine,
    encrypt_ballot,
    encrypt_shares,
    finish_ceremony,
    new_trustee,
    partial_decrypt,
    tally_selections,
    verify_ceremony,
)
from oylama.election import (
    Allocation,
    BallotSuperseded,
    Closed,
    ClosedStyle,
    Opened,
    PartialDecryptionPayload,
    Pins,
    RecordWriter,
    Result,
    SignedTrusteeRecord,
    Staff,
    Tally,
    TrusteeCommitment,
    ballot_payload,
    base_hash,
    ceremony_context,
    decimal_text,
    encode_manifest,
    encode_payload,
    encode_pins,
    identity_public_key,
    manifest_from_definition,
    manifest_hash,
    sign_commitment,
    sign_record,
)
from oylama.errors import InputError
from oylama.tally import allocate_totals

SHAPES = ("knapsack20", "consultation")
COSTS = [1_500_000, 2_250_000, 3_100_000, 4_000_000, 2_800_000, 1_950_000, 3_600_000]
COSTS += [2_400_000, 1_200_000, 3_900_000, 2_050_000, 2_700_000, 3_300_000, 1_750_000]
COSTS += [2_950_000, 3_450_000, 1_600_000, 2_150_000, 3_750_000, 2_500_000]
DISTRICTS = 10
ORIGIN_DOMAIN = "records.oylama.local"

#: The one staff account of a generated election (entry 1, and ``by`` of every lifecycle entry).
STAFF = "admin"

#: Casts encrypted per task of the pool.
BATCH = 32


def definition(shape: str, election_id: str) -> str:
    """The ballot definition (TOML) of a shape."""
    head = (
        f'[election]\nid = "{election_id}"\ntitle.tr = "Sentetik kayıt"\ncity = "İzmir"\n'
        'currency = "TRY"\n'
    )
    if shape == "knapsack20":
        projects = "".join(
            f'[[ballots.projects]]\nid = "P{j:02d}"\nname.tr = "Proje {j}"\ncost = {c}\n'
            for j, c in enumerate(COSTS)
        )
        return (
            head + '\n[[ballots]]\nid = "kent"\ntitle.tr = "Kent bütçesi"\n'
            'district = "city-wide"\nkind = "knapsack"\nbudget = 24_000_000\nrule = "greedy"\n'
            f'tie_break = "file-order"\n{projects}'
        )
    if shape == "consultation":
        out = head
        for d in range(DISTRICTS):
            out += f'\n[[districts]]\nid = "mahalle-{d + 1}"\nname = "Mahalle {d + 1}"\n'
        for q, district in [(d, f"mahalle-{d + 1}") for d in range(DISTRICTS)] + [
            (DISTRICTS, "city-wide")
        ]:
            out += (
                f'\n[[ballots]]\nid = "soru-{q + 1}"\ntitle.tr = "Soru {q + 1}"\n'
                f'district = "{district}"\nkind = "approval"\nmin_count = 1\nmax_count = 1\n'
                'budget = 100\nrule = "greedy"\ntie_break = "file-order"\n'
            )
            for o in range(3):
                out += (
                    f'[[ballots.projects]]\nid = "S{q + 1}-{o + 1}"\nname.tr = "Seçenek {o + 1}"'
                    "\ncost = 100\n"
                )
        return out
    raise InputError(f"unknown shape {shape!r} (one of {', '.join(SHAPES)})")


def voter_code(seed: int, k: int) -> str:
    """Voter ``k``'s credential code, derived from the seed (a synthetic record only)."""
    return credentials.new_code(random.Random(f"{seed}/voter/{k}").randbytes)


@dataclass(frozen=True)
class _Shared:
    """What every encrypting worker needs (sent once, to each worker's initializer)."""

    election_id: str
    seed: int
    styles: tuple[tuple[str, BallotStyle], ...]
    per_voter: int  # 1: the one city-wide style; 2: the voter's district's and the city's
    joint_key: bytes
    context: bytes
    voters: int
    revotes: tuple[int, ...]  # voter*styles + style of each revoting cast, in cast order


_shared: _Shared | None = None


def _init(shared: _Shared) -> None:
    global _shared  # noqa: PLW0603 (per-process state of a pool worker)
    _shared = shared


def _public_keys(job: tuple[str, int, int, int]) -> list[bytes]:
    election_id, seed, first, count = job
    return [
        credentials.public_credential(voter_code(seed, k), election_id)
        for k in range(first, first + count)
    ]


def district_of(shape_styles: int, per_voter: int, voter: int) -> int:
    """The position of voter ``voter``'s own district's style (the city-wide one is last)."""
    return 0 if per_voter == 1 else voter % (shape_styles - 1)


def cast_of(shared: _Shared, c: int) -> tuple[int, int]:
    """Cast ``c``'s (voter, style position): first every voter's ballots, then the revotes."""
    first = shared.voters * shared.per_voter
    slot = c if c < first else shared.revotes[c - first]
    voter, which = divmod(slot, shared.per_voter)
    if which == 1:
        return voter, len(shared.styles) - 1
    return voter, district_of(len(shared.styles), shared.per_voter, voter)


def _encrypt(job: tuple[int, int, frozenset[int]]) -> tuple[list[bytes], list[list[Ciphertext]]]:
    """Casts ``first … first+count-1``: their ballot payloads, and per style the sums of those
    that stay counted (``superseded`` lists the casts a later revote replaces)."""
    first, count, superseded = job
    shared = _shared
    assert shared is not None
    key = Point.decode(shared.joint_key)
    payloads = []
    counted: list[list[object]] = [[] for _ in shared.styles]
    for c in range(first, first + count):
        voter, s = cast_of(shared, c)
        _, style = shared.styles[s]
        rng = random.Random(f"{shared.seed}/cast/{c}")
        code = voter_code(shared.seed, voter)
        public = credentials.public_credential(code, shared.election_id)
        ballot, _ = encrypt_ballot(
            style,
            key,
            random_choices(style, rng),
            context=shared.context,
            ballot_id=rng.randbytes(16),
            credential=public,  # bound into every proof (ballots §4)
            rng=secrets,
        )
        text = ballot_bytes(ballot)
        signature = credentials.sign_ballot(code, shared.election_id, text)
        payloads.append(encode_payload(ballot_payload(public, signature, text)))
        if c not in superseded:
            counted[s].append(ballot)
    sums = [
        tally_selections(style, balls) if balls else []  # type: ignore[arg-type]
        for (_, style), balls in zip(shared.styles, counted, strict=True)
    ]
    return payloads, sums


class _Log:
    """Entries chained, written and hashed as they come; checkpoints signed on the way."""

    def __init__(
        self, writer: RecordWriter, election_id: str, origin: str, key: SigningKey, every: int
    ) -> None:
        self.writer = writer
        self.election_id = election_id
        self.origin = origin
        self.key = key
        self.every = every
        self.tree = MemoryTree()
        self.prev = GENESIS_PREV
        self.notes: list[str] = []
        self.clock = int(time.time() * 1000)

    @property
    def size(self) -> int:
        return self.tree.size

    def append(self, kind: EntryKind, payload: bytes, *, checkpoint: bool = False) -> int:
        index = self.tree.size
        data = encode_entry(
            make_entry(
                self.election_id,
                index,
                kind,
                prev_hash=self.prev,
                timestamp=self.clock + index,
                payload=payload,
            )
        )
        self.writer.entry(data)
        self.prev = leaf_hash(data)
        self.tree.append(self.prev)
        if checkpoint or (self.every and self.tree.size % self.every == 0):
            self.checkpoint()
        return index

    def checkpoint(self) -> None:
        size = self.tree.size
        if self.notes and int(self.notes[-1].split("\n")[1]) == size:
            return
        cp = Checkpoint(origin=self.origin, size=size, root_hash=self.tree.root(size))
        self.notes.append(sign_checkpoint(cp, self.origin, self.key))


def generate(
    out: Path,
    *,
    ballots: int,
    shape: str = "knapsack20",
    revotes: int = 0,
    abstaining: int = 0,
    workers: int | None = None,
    seed: int = 1,
    checkpoint_every: int = 1000,
    pins: Path | None = None,
    progress: bool = False,
) -> dict[str, object]:
    """Write the record (see the module docstring); what was made, as a summary."""
    started = time.perf_counter()
    per_voter = 2 if shape == "consultation" else 1
    if ballots < per_voter:
        raise InputError(f"the {shape} shape needs at least {per_voter} ballots")
    voters = ballots // per_voter
    listed = voters + abstaining  # the abstaining voters are the list's last codes
    election_id = f"synthetic-{shape}-{ballots}"
    rng = random.Random(seed)
    defn = ballot_defs.loads(definition(shape, election_id), source=f"<{shape}>")
    identities = [rng.randbytes(32) for _ in range(3)]
    origin = f"{ORIGIN_DOMAIN}/{election_id}"
    manifest = manifest_from_definition(
        defn,
        trustees=3,
        threshold=2,
        trustee_keys=[identity_public_key(s) for s in identities],
        origin=origin,
    )
    ctx_c = ceremony_context(manifest)
    board_key = SigningKey(rng.randbytes(32))
    styles = tuple((b.id, b.ballot_style()) for b in manifest.ballots)
    workers = workers or multiprocessing.cpu_count()
    mp = multiprocessing.get_context("spawn")

    # The credential authority's list (the keys derived on every core).
    with mp.Pool(workers) as pool:
        jobs = [(election_id, seed, k, min(4096, listed - k)) for k in range(0, listed, 4096)]
        keys = [pk for part in pool.imap(_public_keys, jobs) for pk in part]
    districts = [b.district for b in manifest.ballots]
    public_list = credentials.PublicCredentialList(
        format="oylama-public-credentials/v1",
        election_id=election_id,
        credentials=tuple(
            credentials.PublicCredential(
                public_key=_b64(pk),
                district=districts[district_of(len(styles), per_voter, k)],
            )
            for pk, k in sorted(zip(keys, range(listed), strict=True))
        ),
    )
    del keys
    list_bytes = credentials.dump_public_list(public_list)
    del public_list
    fingerprint = credentials.fingerprint(list_bytes)

    with out.open("wb") as f:
        log = _Log(
            RecordWriter(f, election_id, verifier_key(origin, board_key.verify_key)),
            election_id,
            origin,
            board_key,
            checkpoint_every,
        )
        log.append(EntryKind.MANIFEST, encode_manifest(manifest), checkpoint=True)
        staff = Staff(by=STAFF, added=[STAFF], removed=[], staff=[STAFF])
        log.append(EntryKind.STAFF, encode_payload(staff))
        crng = random.Random(seed + 1)
        pairs = [new_trustee(i, 3, 2, context=ctx_c, rng=_Rng(crng)) for i in (1, 2, 3)]
        publics = [p for _, p in pairs]
        for p in publics:
            signature = sign_record(identities[p.index - 1], p, context=ctx_c)
            log.append(
                EntryKind.TRUSTEE_KEY,
                encode_payload(SignedTrusteeRecord(record=p, signature=signature)),
            )
        ceremony = verify_ceremony(publics, context=ctx_c)
        sent = [encrypt_shares(s, publics, context=ctx_c, rng=_Rng(crng)) for s, _ in pairs]
        shares = {
            p.index: finish_ceremony(
                s,
                ceremony,
                publics,
                [sh for batch in sent for sh in batch if sh.recipient == p.index],
                context=ctx_c,
            )
            for s, p in pairs
        }
        joint = ceremony.joint_key.encode()
        for p in publics:
            signature = sign_commitment(identities[p.index - 1], p.index, joint, context=ctx_c)
            log.append(
                EntryKind.TRUSTEE_COMMITMENT,
                encode_payload(
                    TrusteeCommitment(index=p.index, joint_key=joint, signature=signature)
                ),
            )
        for list_part in credentials.list_parts(list_bytes):
            log.append(EntryKind.CREDENTIALS, list_part)
        del list_bytes
        context = base_hash(manifest, joint)
        opened = Opened(
            manifest_hash=manifest_hash(manifest),
            joint_key=joint,
            base_hash=context,
            credentials=fingerprint,
            voters=listed,
            by=STAFF,
        )
        log.append(EntryKind.OPENED, encode_payload(opened), checkpoint=True)

        # The ballots: every voter's, then the revotes (each supersedes that voter's first).
        firsts = voters * per_voter
        chosen = tuple(rng.sample(range(firsts), min(revotes, firsts)))
        superseded = set(chosen)
        shared = _Shared(election_id, seed, styles, per_voter, joint, context, voters, chosen)
        total = firsts + len(chosen)
        sums = [[ZERO_CIPHERTEXT] * st.projects for _, st in styles]
        counted = [0] * len(styles)
        cast = [0] * len(styles)
        first_index: dict[int, int] = {}

        def batches() -> Iterator[tuple[int, int, frozenset[int]]]:
            for c in range(0, total, BATCH):
                n = min(BATCH, total - c)
                yield c, n, frozenset(x for x in range(c, c + n) if x in superseded)

        bar = _Bar(total, progress)
        with mp.Pool(workers, initializer=_init, initargs=(shared,)) as pool:
            c = 0
            for payloads, part in pool.imap(_encrypt, batches()):
                for payload in payloads:
                    voter, s = cast_of(shared, c)
                    index = log.append(EntryKind.BALLOT, payload)
                    cast[s] += 1
                    if c < firsts:
                        counted[s] += 1
                        if c in superseded:
                            first_index[c] = index
                    else:
                        slot = shared.revotes[c - firsts]
                        note = BallotSuperseded(
                            credential=credentials.public_credential(
                                voter_code(seed, voter), election_id
                            ),
                            style=styles[s][0],
                            superseded=first_index[slot],
                            by=index,
                        )
                        log.append(EntryKind.BALLOT_SUPERSEDED, encode_payload(note))
                    c += 1
                for s, ciphertexts in enumerate(part):
                    if ciphertexts:
                        sums[s] = [
                            add_ciphertexts(a, b) for a, b in zip(sums[s], ciphertexts, strict=True)
                        ]
                bar.advance(len(payloads))
        bar.close()

        closed = Closed(
            styles=[
                ClosedStyle(style=sid, cast=cast[s], counted=counted[s])
                for s, (sid, _) in enumerate(styles)
            ],
            by=STAFF,
        )
        log.append(EntryKind.CLOSED, encode_payload(closed), checkpoint=True)
        for s, (sid, _) in enumerate(styles):
            tally = Tally(style=sid, ballots=counted[s], ciphertexts=sums[s])
            log.append(EntryKind.TALLY, encode_payload(tally))
        by_id = {b.id: b for b in defn.ballots}
        results: list[tuple[str, list[int]]] = []
        for s, (sid, _) in enumerate(styles):
            if 0 < counted[s] < manifest.min_tally_ballots:  # withheld: never decrypted
                results.append((sid, []))
                empty = Result(
                    style=sid, ballots=counted[s], trustees=[], sums=[], scores=[], by=STAFF
                )
                log.append(EntryKind.RESULT, encode_payload(empty), checkpoint=True)
                continue
            label = b"tally/" + sid.encode()
            partials = []
            for index in (1, 3):
                partial = partial_decrypt(
                    shares[index], sums[s], context=context, label=label, rng=_Rng(crng)
                )
                partials.append(partial)
                log.append(
                    EntryKind.PARTIAL_DECRYPTION,
                    encode_payload(PartialDecryptionPayload(style=sid, decryption=partial)),
                )
            scores = combine(
                ceremony, partials, sums[s], bound=counted[s], context=context, label=label
            )
            results.append((sid, list(scores)))
            result = Result(
                style=sid,
                ballots=counted[s],
                trustees=[1, 3],
                sums=list(scores),
                scores=list(scores),
                by=STAFF,
            )
            log.append(EntryKind.RESULT, encode_payload(result), checkpoint=True)
        for sid, scores in results:
            budget = next(mb.budget for mb in manifest.ballots if mb.id == sid)
            b = by_id[sid]
            if not scores and any(counted[k] for k, (x, _) in enumerate(styles) if x == sid):
                nothing = Allocation(
                    style=sid, rule=b.rule, selected=[], cost="0", budget=budget, by=STAFF
                )
                log.append(EntryKind.ALLOCATION, encode_payload(nothing))
                continue
            instance = ballot_defs.to_tally_instance(b)
            rule, options = ballot_defs.to_tally_options(b)
            outcome = allocate_totals(instance, "approval", scores, rule, options)
            allocation = Allocation(
                style=sid,
                rule=rule,
                selected=list(outcome.selected),
                cost=decimal_text(Decimal(outcome.total_cost)),
                budget=budget,
                by=STAFF,
            )
            log.append(EntryKind.ALLOCATION, encode_payload(allocation))
        log.checkpoint()
        log.writer.close(log.notes)
    if pins is not None:
        pins.write_bytes(
            encode_pins(
                Pins(
                    election_id=election_id,
                    board_key=verifier_key(origin, board_key.verify_key),
                    trustee_keys=tuple(identity_public_key(s) for s in identities),
                    credentials=fingerprint,
                )
            )
        )
    return {
        "record": str(out),
        "election_id": election_id,
        "shape": shape,
        "voters": listed,
        "ballots": total,
        "revotes": len(chosen),
        "entries": log.size,
        "checkpoints": len(log.notes),
        "bytes": out.stat().st_size,
        "seconds": round(time.perf_counter() - started, 1),
        "workers": workers,
    }


def _b64(data: bytes) -> str:
    import base64  # noqa: PLC0415

    return base64.b64encode(data).decode("ascii")


class _Rng:
    """The engine's ``Rng`` protocol from a seeded ``random.Random`` (ceremony and
    decryptions: a synthetic record, reproducible up to the ballots' randomness)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def token_bytes(self, nbytes: int) -> bytes:
        return self._rng.randbytes(nbytes)


class _Bar:
    def __init__(self, total: int, show: bool) -> None:
        self._progress = None
        if show:
            from rich.progress import (  # noqa: PLC0415
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("encrypting ballots", total=total)

    def advance(self, n: int) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def main(args: argparse.Namespace) -> int:
    """``oylama generate-record``."""
    import msgspec  # noqa: PLC0415

    if (
        args.ballots < 1
        or args.revotes < 0
        or args.abstaining < 0
        or (args.workers is not None and args.workers < 1)
    ):
        raise InputError(
            "--ballots and --workers must be positive, --revotes and --abstaining not negative"
        )
    summary = generate(
        args.out,
        ballots=args.ballots,
        shape=args.shape,
        revotes=args.revotes,
        abstaining=args.abstaining,
        workers=args.workers,
        seed=args.seed,
        checkpoint_every=args.checkpoint_every,
        pins=args.pins,
        progress=sys.stderr.isatty(),
    )
    sys.stdout.write(msgspec.json.encode(summary).decode() + "\n")
    return 0
