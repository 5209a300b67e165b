"""Errors of the auditor: each names what failed, so a report can show it.

``verify_*`` functions raise one of these rather than return ``False``.
"""

from __future__ import annotations


class AuditError(Exception):
    """A check failed (the message says which and why)."""


class EncodingError(AuditError):
    """Malformed or non-canonical bytes, or an invalid point where a point is needed."""


class ProofError(AuditError):
    """A zero-knowledge proof, signature or recombination does not verify."""


class RecordError(AuditError):
    """A record, entry or payload breaks a rule of record.md / board.md."""


class NotFromTotalsError(AuditError):
    """An allocation rule (or utility) that per-project totals cannot decide (record.md §2)."""
