"""Verification of the cast ballots (record §2 item 6, ballots §7), in worker processes.

Ballot proofs are nearly all of the work of a recount, and each ballot is independent, so
chunks of ballot entries are verified in parallel. On the native backend the equations of every
ballot of a chunk are checked as one batch (crypto §3.3: one multi-scalar multiplication with
random weights); if it fails, each ballot is verified on its own, and a ballot whose proofs fail
is named with the first failing proof. Each chunk also returns the homomorphic sums of its
*counted*, verified ballots per style; the parent adds the chunks' sums (addition is
associative and commutative, so the order of chunks does not matter).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from oylama_audit._ballot import Style, ballot_equations, check_shape, verify_ballot
from oylama_audit._credentials import verify_ballot_signature
from oylama_audit._errors import AuditError
from oylama_audit._group import Batch, add, backend, column_sums, use_backend
from oylama_audit._manifest import CITY_WIDE
from oylama_audit._payloads import BallotPayload
from oylama_audit._wire import decode_canonical, encode


@dataclass(frozen=True)
class BallotContext:
    election_id: str
    joint_key: bytes
    base_hash: bytes
    styles: dict[str, Style]
    style_district: dict[str, str]
    credentials: dict[bytes, str]  # public key -> district


@dataclass(frozen=True)
class BallotOutcome:
    index: int
    acceptance_error: str | None  # credential, eligibility, signature
    proof_error: str | None


Sums = dict[str, tuple[int, list[tuple[bytes, bytes]]]]
Task = tuple[int, bytes, bool]  # entry index, payload, counted

_context: BallotContext | None = None


def _init(context: BallotContext, arithmetic: str) -> None:
    global _context  # noqa: PLW0603 (per-process state of a pool worker)
    _context = context
    use_backend(arithmetic)  # the parent's choice (--backend), not the worker's default


def _accept(
    ctx: BallotContext, index: int, payload: bytes
) -> tuple[BallotPayload | None, str | None]:
    """record §2 item 6 but the proofs: the payload, the credential, the district, the
    signature; returns the decoded payload (None if it does not decode) and why it is not
    accepted."""
    try:
        p = decode_canonical(payload, BallotPayload, "ballot payload")
    except AuditError as exc:
        return None, str(exc)
    district = ctx.credentials.get(p.credential)
    style = ctx.styles.get(p.ballot.style)
    if district is None:
        return p, "credential not in the published list"
    if style is None:
        return p, f"style {p.ballot.style!r} is not a ballot of the manifest"
    if ctx.style_district[style.id] not in (district, CITY_WIDE):
        return p, f"credential of district {district!r} may not cast {style.id!r}"
    try:
        verify_ballot_signature(
            p.credential, encode(p.ballot), p.signature, election_id=ctx.election_id
        )
    except AuditError as exc:
        return p, str(exc)
    return p, None


def _proof_error(ctx: BallotContext, p: BallotPayload) -> str | None:
    style = ctx.styles.get(p.ballot.style)
    if style is None:
        return f"unknown style {p.ballot.style!r}"
    try:
        verify_ballot(style, ctx.joint_key, ctx.base_hash, p.ballot, p.credential)
    except AuditError as exc:
        return str(exc)
    return None


def _batch_holds(ctx: BallotContext, ballots: Sequence[BallotPayload]) -> list[bool]:
    """Which ballots' proofs the chunk's batch vouches for: all whose equations could be
    formed, if the batch of all of them holds; none otherwise (crypto §3.3)."""
    batch = Batch()
    formed = []
    for p in ballots:
        style = ctx.styles.get(p.ballot.style)
        if style is None:
            formed.append(False)
            continue
        try:
            check_shape(style, ctx.base_hash, p.ballot, p.credential)
            batch.add(ballot_equations(style, ctx.joint_key, ctx.base_hash, p.ballot, p.credential))
        except AuditError:
            formed.append(False)
            continue
        formed.append(True)
    if not any(formed) or not batch.holds():
        return [False] * len(ballots)
    return formed


def check_chunk(ctx: BallotContext, tasks: Sequence[Task]) -> tuple[list[BallotOutcome], Sums]:
    accepted = [(_accept(ctx, index, payload), index, counted) for index, payload, counted in tasks]
    decoded = [p for (p, _), _, _ in accepted if p is not None]
    vouched = iter(_batch_holds(ctx, decoded) if backend() == "native" else [False] * len(decoded))
    outcomes: list[BallotOutcome] = []
    rows: dict[str, list[list[bytes]]] = {}
    for (p, acceptance), index, counted in accepted:
        if p is None:
            outcomes.append(BallotOutcome(index, acceptance, acceptance))
            continue
        proof_error = None if next(vouched) else _proof_error(ctx, p)
        outcomes.append(BallotOutcome(index, acceptance, proof_error))
        if counted and proof_error is None:
            rows.setdefault(p.ballot.style, []).append(
                [q for ct in p.ballot.selections for q in (ct.alpha, ct.beta)]
            )
    sums: Sums = {}
    for style_id, style_rows in rows.items():
        flat = column_sums(style_rows, 2 * ctx.styles[style_id].projects)
        sums[style_id] = (len(style_rows), list(zip(flat[0::2], flat[1::2], strict=True)))
    return outcomes, sums


def _worker(tasks: Sequence[Task]) -> tuple[list[BallotOutcome], Sums]:
    assert _context is not None
    return check_chunk(_context, tasks)


def merge_sums(total: Sums, part: Sums) -> None:
    for style, (n, sums) in part.items():
        if style not in total:
            total[style] = (n, sums)
            continue
        m, current = total[style]
        total[style] = (
            m + n,
            [(add(a1, a2), add(b1, b2)) for (a1, b1), (a2, b2) in zip(current, sums, strict=True)],
        )


def _chunks(tasks: Sequence[Task], size: int) -> Iterator[Sequence[Task]]:
    for start in range(0, len(tasks), size):
        yield tasks[start : start + size]


def check_ballots(
    ctx: BallotContext,
    tasks: Sequence[Task],
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[BallotOutcome], Sums]:
    """Verify every task; ``workers`` processes (default: all cores; 1: in this process)."""
    workers = workers or os.cpu_count() or 1
    outcomes: list[BallotOutcome] = []
    total: Sums = {}
    size = max(1, min(64, len(tasks) // (workers * 8) or 1))
    if workers == 1 or len(tasks) < 2:
        for chunk in _chunks(tasks, size):
            got, sums = check_chunk(ctx, chunk)
            outcomes += got
            merge_sums(total, sums)
            if progress:
                progress(len(chunk))
        return outcomes, total
    mp = multiprocessing.get_context("spawn")
    with mp.Pool(workers, initializer=_init, initargs=(ctx, backend())) as pool:
        for got, sums in pool.imap_unordered(_worker, _chunks(tasks, size)):
            outcomes += got
            merge_sums(total, sums)
            if progress:
                progress(len(got))
    outcomes.sort(key=lambda o: o.index)
    return outcomes, total
