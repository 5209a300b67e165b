"""The few precise exception types the engine raises.

Callers at the edges (the CLI, the service) map them to an exit code or an HTTP problem; the
core never prints or exits itself.
"""

from __future__ import annotations


class OylamaError(Exception):
    """Base class of every error the engine raises on purpose."""


class InputError(OylamaError):
    """Input that the engine refuses: malformed, inconsistent or out of range.

    ``source`` and ``line`` locate the offending input when it came from a file, so that a
    person can fix it (the CLI prints ``source:line: message``).
    """

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.source is not None and self.line is not None:
            return f"{self.source}:{self.line}: {self.message}"
        if self.source is not None:
            return f"{self.source}: {self.message}"
        return self.message


class AllocationError(OylamaError):
    """An allocation rule could not produce an outcome (e.g. a solver hit its limit)."""
