"""The table of allocation rules by name.

Each rule module registers its rules here with :func:`register`; :mod:`oylama.tally`
imports the modules and looks rules up by the names the CLI and the ballot definitions use.
"""

from __future__ import annotations

from collections.abc import Callable

from oylama.tally._model import Instance, Options, Outcome, Profile

RuleFn = Callable[[Instance, Profile, Options], Outcome]

RULES: dict[str, RuleFn] = {}


def register(name: str) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the rule called ``name`` (names are unique)."""

    def deco(fn: RuleFn) -> RuleFn:
        if name in RULES:
            raise RuntimeError(f"rule {name!r} registered twice")
        RULES[name] = fn
        return fn

    return deco
