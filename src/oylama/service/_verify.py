"""Ballot verification off the event loop and, optionally, off the server process.

Verifying a ballot's proofs is pure CPU (tens of milliseconds for a large knapsack ballot).
In threads it contends for the GIL with everything else the server does, the single cast
writer included (each of its database round trips must win the GIL back), so a loaded server
would spend its time switching. :class:`Verifier` with ``processes`` runs the proofs in a pool
of worker processes (started with ``spawn``: forking a threaded server is unsafe), which also
uses every core; with ``processes=None`` it verifies in the caller's thread (tests, small
deployments). The worker function takes and returns only plain, picklable values.

Workers must not outlive the server: a server killed outright (``kill -9``, an OOM kill)
runs no shutdown, and a spawned worker blocked on its task queue would wait forever (it holds
both ends of that queue), with about 100 MB, re-parented to init. Each worker therefore
watches its parent (:func:`watch_parent`) and exits when it is gone; once they are gone, the
multiprocessing resource tracker sees its pipe close and exits too. (Linux's
``PR_SET_PDEATHSIG`` is no use here: it fires when the *thread* that started the worker
exits, and a pool starts workers from whichever request thread needs one.)
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from oylama.crypto import (
    BallotStyle,
    CryptoError,
    EncryptedBallot,
    Point,
    SpoiledBallot,
    from_json,
    verify_ballot,
    verify_spoiled,
)


def verify_cast(
    style: BallotStyle, key: bytes, ballot_text: bytes, context: bytes, credential: bytes
) -> str | None:
    """``None`` if the ballot verifies (ballots §7) for the voter whose ``credential`` signed
    it, else why not (the message names the project or bound)."""
    try:
        ballot = from_json(ballot_text, EncryptedBallot)
        verify_ballot(style, Point.decode(key), ballot, context=context, credential=credential)
    except CryptoError as exc:
        return str(exc)
    return None


def verify_spoiled_text(
    style: BallotStyle, key: bytes, spoiled_text: bytes, context: bytes, credential: bytes
) -> str | None:
    """``None`` if the spoiled ballot checks (ballots §8 steps 1-4, its proofs with the
    ``credential`` that signed the request), else why not."""
    try:
        spoiled = from_json(spoiled_text, SpoiledBallot)
        verify_spoiled(style, Point.decode(key), spoiled, context=context, credential=credential)
    except CryptoError as exc:
        return str(exc)
    return None


def _warm_up() -> None:
    """A no-op task: unpickling it imports this module (and the crypto) in the worker."""


J = TypeVar("J")
R = TypeVar("R")

#: How often a worker looks whether its parent is still there (seconds).
PARENT_POLL = 0.5


def watch_parent(parent: int, poll: float = PARENT_POLL) -> None:
    """Exit this process as soon as ``parent`` is no longer its parent (it died and this
    process was re-parented): a daemon thread polls ``os.getppid()``. For a process pool's
    ``initializer`` (and any child that must die with its parent)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(0)

    if os.getppid() != parent:
        os._exit(0)
    threading.Thread(target=watch, name="oylama-parent-watch", daemon=True).start()


class Verifier:
    """Runs :func:`verify_cast` in a process pool of ``processes`` workers, or inline."""

    def __init__(self, processes: int | None = None) -> None:
        if processes is not None and processes < 1:
            raise ValueError("processes must be at least 1")
        self.processes = processes
        #: Ballots sent to the pool (a figure for operators, and for the test that the server
        #: really verifies there: an unused pool once went unnoticed).
        self.pooled = 0
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=watch_parent,
                    initargs=(os.getpid(),),
                )
            return self._pool

    def start(self) -> None:
        """Start the pool's workers now (at the app's start-up), not on the first cast: a
        spawned worker imports the crypto stack, seconds that the first voters would wait."""
        if self.processes is None:
            return
        pool = self._get_pool()
        for _ in range(self.processes):
            pool.submit(_warm_up)

    def __call__(
        self, style: BallotStyle, key: bytes, ballot_text: bytes, context: bytes, credential: bytes
    ) -> str | None:
        if self.processes is None:
            return verify_cast(style, key, ballot_text, context, credential)
        future = self._get_pool().submit(verify_cast, style, key, ballot_text, context, credential)
        with self._lock:
            self.pooled += 1
        return future.result()

    def spoiled(
        self, style: BallotStyle, key: bytes, spoiled_text: bytes, context: bytes, credential: bytes
    ) -> str | None:
        """:func:`verify_spoiled_text`, in the pool like a cast's proofs."""
        if self.processes is None:
            return verify_spoiled_text(style, key, spoiled_text, context, credential)
        future = self._get_pool().submit(
            verify_spoiled_text, style, key, spoiled_text, context, credential
        )
        return future.result()

    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        """``fn`` of every job, in order: in the pool, at most two jobs a worker in flight (a
        job is read from ``jobs`` only when there is room, so a stream of jobs is never held
        whole); inline without a pool. Jobs not yet done when the caller stops are cancelled."""
        if self.processes is None:
            yield from map(fn, jobs)
            return
        pool = self._get_pool()
        ahead = 2 * self.processes
        flight: deque[Future[R]] = deque()
        try:
            for job in jobs:
                flight.append(pool.submit(fn, job))
                if len(flight) >= ahead:
                    yield flight.popleft().result()
            while flight:
                yield flight.popleft().result()
        finally:
            for f in flight:
                f.cancel()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
