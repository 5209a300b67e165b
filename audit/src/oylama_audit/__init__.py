"""oylama-audit: an independent recount of oylama election records.

Written from docs/spec/ alone; it shares no code with the engine (``oylama``). Entry points:
:func:`oylama_audit.record.verify_record` (every check of record.md), the reference allocation
rules in :mod:`oylama_audit.rules`, and the ``oylama-audit`` command (:mod:`oylama_audit.cli`).
"""

__version__ = "0.1.0.dev0"
