"""A stored definition's text, parsed once.

Every public page that draws an election (proposals, tracking, the map, photos, assemblies)
needs its definition, and the stored text was checked when it was saved. Parsing the TOML and
re-running every check on each request would be the hot path's largest cost, so parsing is
cached by the text itself: a changed draft is a new text, a frozen one never changes, and the
:class:`~oylama.ballots.Definition` is an immutable Struct, safe to share between threads.
"""

from __future__ import annotations

import functools

from oylama import ballots as ballot_defs


@functools.lru_cache(maxsize=128)
def stored_definition(text: str) -> ballot_defs.Definition:
    """The definition a stored (already checked) text holds."""
    return ballot_defs.loads(text, source="definition")
