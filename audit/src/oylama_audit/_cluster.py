"""Running the recount's chunks: in this process, or on a Dask cluster.

A recount that outgrows one machine runs on an existing distributed engine, not on a pool of
our own: Dask's scheduler hands the chunks (:mod:`oylama_audit._chunks`) to its workers, runs a
chunk again elsewhere when its worker dies, and the results come back here, where they are
merged in entry order -- so the report is byte for byte the one a serial run gives.

``--workers N`` starts a :class:`distributed.LocalCluster` of ``N`` worker processes (one
thread each: the work is Python and libsodium); ``--scheduler tcp://HOST:PORT`` uses a running
cluster (``dask scheduler`` and ``dask worker`` processes, e.g. a university's), whose workers
must have ``oylama-audit`` installed and see the record at the same path (or be sent the
entries, ``--send-entries``). At most ``window`` chunks are in flight, so neither this process
nor the scheduler holds more than that many chunks' results or inputs.

Anything that stops the recount -- the scheduler gone, a chunk whose workers died again and
again, a worker that cannot read the record -- is a :class:`ClusterError`: the command says so
and exits 3, and never prints a report of a recount that did not finish.
"""

from __future__ import annotations

import logging
import os
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Progress callback: entries (or checkpoints) just checked.
Advance = Callable[[int], None]

#: Seconds to wait for a scheduler to answer (connect, and the cluster to come up).
CONNECT_TIMEOUT = 30


class ClusterError(Exception):
    """The recount could not finish on the cluster (the message says why)."""


class Serial:
    """Runs each task in this process, in order."""

    workers = 1

    def map(
        self, fn: Callable[[T], R], tasks: Iterable[tuple[T, int]], advance: Advance | None = None
    ) -> Iterator[R]:
        for task, weight in tasks:
            result = fn(task)
            if advance is not None:
                advance(weight)
            yield result

    def __enter__(self) -> Serial:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class Dask:
    """Runs tasks on a Dask cluster: a local one of ``workers`` processes, or the one whose
    scheduler is at ``address``."""

    def __init__(self, *, workers: int | None = None, address: str | None = None) -> None:
        self._cluster: Any = None
        self._client: Any = None
        self._workers = workers
        self._address = address
        self.workers = workers or 0

    def __enter__(self) -> Dask:
        try:
            import distributed  # noqa: PLC0415 (only when used)
        except ImportError:  # pragma: no cover - a dependency of the distribution
            raise ClusterError("Dask (dask[distributed]) is not installed") from None
        # The auditor says itself what went wrong with the cluster (and exits 3): distributed's
        # own logging would print tracebacks of every lost connection.
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        # distributed is untyped: its entry points are used through Any.
        Client: Any = distributed.Client  # noqa: N806
        LocalCluster: Any = distributed.LocalCluster  # noqa: N806
        try:
            if self._address is not None:
                self._client = Client(self._address, timeout=CONNECT_TIMEOUT, set_as_default=False)
                info = self._client.scheduler_info()
                self.workers = max(1, sum(w.get("nthreads", 1) for w in info["workers"].values()))
            else:
                with warnings.catch_warnings():
                    # "Port 8787 is already in use": its HTTP server moves to a free port.
                    warnings.simplefilter("ignore", UserWarning)
                    self._cluster = LocalCluster(
                        n_workers=self._workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        worker_dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                self._client = Client(self._cluster, set_as_default=False)
        except ClusterError:
            raise
        except (OSError, TimeoutError) as exc:
            self.__exit__(None, None, None)
            where = self._address or "a local cluster"
            raise ClusterError(f"cannot reach the Dask scheduler of {where}: {exc}") from None
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        client, self._client = self._client, None
        cluster, self._cluster = self._cluster, None
        for thing in (client, cluster):
            if thing is None:
                continue
            try:
                thing.close()
            except Exception:  # a cluster that is gone is closed enough
                logging.getLogger("oylama_audit").debug("closing %r failed", thing)

    @property
    def client(self) -> Any:
        assert self._client is not None, "use the runner as a context manager"
        return self._client

    def worker_pids(self) -> dict[str, int]:
        """Worker address -> process id (for the tests that kill one)."""
        return dict(self.client.run(os.getpid))

    def map(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[tuple[T, int]],
        advance: Advance | None = None,
        *,
        window: int | None = None,
    ) -> Iterator[R]:
        """``fn`` over ``tasks`` (each with its weight for ``advance``), results in order."""
        import distributed  # noqa: PLC0415

        as_completed: Any = distributed.as_completed  # untyped

        client = self.client
        window = window or max(4, 4 * self.workers)
        run = uuid.uuid4().hex[:12]
        pending = iter(tasks)
        keys: dict[str, tuple[int, int]] = {}
        done: dict[int, R] = {}
        submitted = 0
        yielded = 0
        ac: Any = as_completed(loop=client.loop, raise_errors=False)

        def submit() -> bool:
            nonlocal submitted
            try:
                task, weight = next(pending)
            except StopIteration:
                return False
            key = f"oylama-audit-{fn.__name__}-{run}-{submitted}"
            future = client.submit(fn, task, key=key, pure=False, retries=0)
            keys[future.key] = (submitted, weight)
            ac.add(future)
            submitted += 1
            return True

        more = True
        while more and submitted - yielded < window:
            more = submit()
        for future in ac:
            seq, weight = keys.pop(future.key)
            done[seq] = _outcome(future)
            future.release()
            if advance is not None:
                advance(weight)
            while yielded in done:
                result = done.pop(yielded)
                yielded += 1
                yield result
            while more and submitted - yielded < window:
                more = submit()
        if keys or done:
            raise ClusterError("the cluster stopped answering before every chunk was checked")


def _outcome(future: Any) -> Any:
    """The future's result, or a :class:`ClusterError` saying why there is none (its status
    may change under us: a lost scheduler cancels even finished futures)."""
    from distributed.client import FutureCancelledError  # noqa: PLC0415

    try:
        return future.result()
    except FutureCancelledError as exc:
        raise ClusterError(
            f"the Dask scheduler is gone (or cancelled the recount): {exc}"
        ) from None
    except Exception as exc:
        name = type(exc).__name__
        if name == "KilledWorker":
            raise ClusterError(
                f"a chunk's workers died again and again (Dask gave up on it): {exc}"
            ) from None
        raise ClusterError(f"a chunk failed on a worker: {name}: {exc}") from None
