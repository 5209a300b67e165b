"""The client's errors: what the server refused, and what the client itself refused to trust.

A refusal by the server keeps its status and its RFC 9457 ``detail`` (docs/spec/service.md,
board §8.4), so a caller can tell a ``409`` (wrong status, a taken id) from a ``422`` (a
ballot that does not verify) without parsing text. A check the client makes itself -- a
manifest hash, a receipt, a share box -- raises :class:`VerificationError`: the server may be
wrong or dishonest, and the client must say so rather than carry on.
"""

from __future__ import annotations

from oylama.errors import OylamaError


class ServiceError(OylamaError):
    """The server answered with an error status (``problem+json`` when it follows the spec).

    ``status`` is the HTTP status, ``detail`` the problem's detail (or the body's start when the
    answer is not a problem object), ``method`` and ``path`` the request.
    """

    def __init__(self, status: int, detail: str, *, title: str = "", method: str, path: str):
        self.status = status
        self.detail = detail
        self.title = title
        self.method = method
        self.path = path
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"{self.status} {self.title}" if self.title else str(self.status)
        return f"{self.method} {self.path}: {head}: {self.detail}"


class UnreachableError(OylamaError):
    """No answer at all: the server is down, the address is wrong, or the request timed out."""


class VerificationError(OylamaError):
    """Something the server sent does not check locally (hash, signature, proof, receipt)."""
