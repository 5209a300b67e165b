"""Group commit: many callers' appends committed together, each acknowledged after the commit.

A commit costs one disk flush (``synchronous=FULL`` on SQLite, WAL flush on PostgreSQL), so
one commit per entry caps the board at the disk's flush rate. :class:`BatchWriter` runs one
thread that takes every request waiting in its queue (up to ``max_batch``), appends them all in
one transaction and commits; only then does each caller's future resolve. A caller therefore
never hears "appended" for an entry that a crash could still take away.

A request may carry ``write``, a function that writes the business row in the same
transaction (``write(session)``); each request runs in its own savepoint, so one failing
request (a duplicate ballot, an invalid payload) fails alone and the others still commit.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from oylama.board import EntryKind
from oylama.store._append import StoredEntry, _build, _Head, _load_head, _write
from oylama.store._errors import StoreError

#: A business write run in the append's transaction, before the entry is added.
BusinessWrite = Callable[[Session], object]


@dataclass(slots=True)
class _Request:
    election_id: str
    kind: EntryKind | str
    payload: bytes
    now: int
    write: BusinessWrite | None
    future: Future[StoredEntry] = field(default_factory=Future)


_STOP = object()


class BatchWriter:
    """A background writer that group-commits appends from any number of threads.

    Use as a context manager, or call :meth:`close`. ``max_batch`` bounds the entries of one
    transaction (and so the latency of the first of them); ``linger`` is how long (seconds)
    the writer waits for more requests once it has one, 0 by default: under load the queue
    fills while the previous batch commits, so batches form by themselves.
    """

    def __init__(self, engine: Engine, *, max_batch: int = 512, linger: float = 0.0) -> None:
        if max_batch < 1:
            raise StoreError("max_batch must be at least 1")
        self._engine = engine
        self._max_batch = max_batch
        self._linger = linger
        self._queue: queue.SimpleQueue[_Request | object] = queue.SimpleQueue()
        self._closed = False
        self._close_lock = threading.Lock()
        self.batches = 0
        self.entries = 0
        self._thread = threading.Thread(target=self._run, name="oylama-board-writer", daemon=True)
        self._thread.start()

    def submit(
        self,
        election_id: str,
        kind: EntryKind | str,
        payload: bytes,
        now: int,
        write: BusinessWrite | None = None,
    ) -> Future[StoredEntry]:
        """Queue an append; the future resolves once its transaction has committed."""
        request = _Request(election_id, kind, payload, now, write)
        with self._close_lock:
            if self._closed:
                raise StoreError("the batch writer is closed")
            self._queue.put(request)
        return request.future

    def append(
        self,
        election_id: str,
        kind: EntryKind | str,
        payload: bytes,
        now: int,
        write: BusinessWrite | None = None,
    ) -> StoredEntry:
        """Append and wait for the commit (raises what the append or the commit raised)."""
        return self.submit(election_id, kind, payload, now, write).result()

    def close(self) -> None:
        """Commit what is queued, then stop the writer thread."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        self._thread.join()

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _take(self) -> tuple[list[_Request], bool]:
        """Block for one request, then take what else is waiting (up to ``max_batch``)."""
        batch: list[_Request] = []
        stop = False
        item = self._queue.get()
        while True:
            if item is _STOP:
                stop = True
                break
            assert isinstance(item, _Request)
            batch.append(item)
            if len(batch) >= self._max_batch:
                break
            try:
                item = (
                    self._queue.get(timeout=self._linger)
                    if self._linger
                    else (self._queue.get_nowait())
                )
            except queue.Empty:
                break
        return batch, stop

    def _run(self) -> None:
        stop = False
        while not stop:
            batch, stop = self._take()
            if batch:
                self._commit(batch)

    def _commit(self, batch: list[_Request]) -> None:
        done: list[tuple[_Request, StoredEntry]] = []
        try:
            with Session(self._engine) as session, session.begin():
                heads: dict[str, _Head] = {}
                rows: list[dict[str, Any]] = []
                nodes: list[dict[str, Any]] = []
                for request in batch:
                    if not request.future.set_running_or_notify_cancel():
                        continue
                    try:
                        head = heads.get(request.election_id)
                        if head is None:
                            head = _load_head(session, request.election_id, request.now)
                        if request.write is None:
                            # Validated before anything is written: no savepoint needed, and
                            # the rows go out in one multi-row insert below.
                            new_head, stored, row, new_nodes = _build(
                                head, request.kind, request.payload, request.now
                            )
                            rows.append(row)
                            nodes.extend(new_nodes)
                        else:
                            with session.begin_nested():
                                request.write(session)
                                new_head, stored, row, new_nodes = _build(
                                    head, request.kind, request.payload, request.now
                                )
                                _write(session, [row], new_nodes)
                    except Exception as exc:  # this request alone fails
                        request.future.set_exception(exc)
                        continue
                    heads[request.election_id] = new_head
                    done.append((request, stored))
                _write(session, rows, nodes)
        except BaseException as exc:  # the commit failed: nobody's entry is acknowledged
            for request, _ in done:
                request.future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        self.batches += 1
        self.entries += len(done)
        for request, stored in done:
            request.future.set_result(stored)
