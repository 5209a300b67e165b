"""Verification of the cast ballots (record §2 item 6, ballots §7), in worker processes.

Ballot proofs are nearly all of the work of a recount, and each ballot is independent, so
chunks of ballot entries are verified in parallel. Each chunk also returns the homomorphic sums
of its *counted*, verified ballots per style; the parent adds the chunks' sums (addition is
associative and commutative, so the order of chunks does not matter).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from oylama_audit._ballot import Style, add_selections, verify_ballot, zero_sums
from oylama_audit._credentials import verify_ballot_signature
from oylama_audit._errors import AuditError
from oylama_audit._group import add, backend, use_backend
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


def check_one(
    ctx: BallotContext, index: int, payload: bytes
) -> tuple[BallotOutcome, BallotPayload | None]:
    try:
        p = decode_canonical(payload, BallotPayload, "ballot payload")
    except AuditError as exc:
        return BallotOutcome(index, str(exc), str(exc)), None
    acceptance: str | None = None
    district = ctx.credentials.get(p.credential)
    style = ctx.styles.get(p.ballot.style)
    if district is None:
        acceptance = "credential not in the published list"
    elif style is None:
        acceptance = f"style {p.ballot.style!r} is not a ballot of the manifest"
    elif ctx.style_district[style.id] not in (district, CITY_WIDE):
        acceptance = f"credential of district {district!r} may not cast {style.id!r}"
    else:
        try:
            verify_ballot_signature(
                p.credential, encode(p.ballot), p.signature, election_id=ctx.election_id
            )
        except AuditError as exc:
            acceptance = str(exc)
    proof_error: str | None = None
    if style is None:
        proof_error = f"unknown style {p.ballot.style!r}"
    else:
        try:
            verify_ballot(style, ctx.joint_key, ctx.base_hash, p.ballot)
        except AuditError as exc:
            proof_error = str(exc)
    return BallotOutcome(index, acceptance, proof_error), p


def check_chunk(ctx: BallotContext, tasks: Sequence[Task]) -> tuple[list[BallotOutcome], Sums]:
    outcomes: list[BallotOutcome] = []
    sums: Sums = {}
    for index, payload, counted in tasks:
        outcome, p = check_one(ctx, index, payload)
        outcomes.append(outcome)
        if counted and p is not None and outcome.proof_error is None:
            style = ctx.styles[p.ballot.style]
            n, current = sums.get(style.id, (0, zero_sums(style.projects)))
            sums[style.id] = (n + 1, add_selections(current, p.ballot.selections))
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
