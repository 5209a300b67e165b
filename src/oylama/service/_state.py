"""What the handlers share: the read-only engine, the directory and the limits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from oylama.service._directory import BoardDirectory, BoardIdentity
from oylama.service._problems import NotFound


@dataclass(frozen=True, slots=True)
class BoardService:
    """Injected into every handler (``service``).

    ``read_engine`` is ``oylama.store.reader(engine)``: on SQLite its transactions begin
    DEFERRED, so serving proofs never holds the write lock that appenders need.
    """

    read_engine: Engine
    directory: BoardDirectory
    max_page: int

    def identity(self, election_id: str) -> BoardIdentity:
        """The election's board identity; 404 if the directory does not know it."""
        identity = self.directory.board(election_id)
        if identity is None:
            raise NotFound(detail=f"no election {election_id!r}")
        return identity

    def session(self) -> Session:
        """A session for one request's reads (use with ``session.begin()``)."""
        return Session(self.read_engine)
