"""The table of allocation rules by name, imported only when a rule runs.

Each rule module registers its rules here with :func:`register`. The names, and the module
each lives in, are listed in :data:`HOMES`, so that the names are known (``oylama rules``,
``--rule`` checks, ballot definitions) without importing any rule: a command that runs greedy
does not import the max-welfare solver (highspy, tens of milliseconds) or the Method of Equal
Shares. :func:`rule` imports a rule's module the first time the rule is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from oylama.tally._model import Instance, Options, Outcome, Profile

RuleFn = Callable[[Instance, Profile, Options], Outcome]

HOMES: dict[str, str] = {
    "greedy": "oylama.tally._greedy",
    "greedy-custom": "oylama.tally._greedy",
    "greedy-exclusive": "oylama.tally._greedy",
    "greedy-no-skip": "oylama.tally._greedy",
    "greedy-threshold": "oylama.tally._greedy",
    "max-welfare": "oylama.tally._knapsack",
    "mes": "oylama.tally._mes",
    "mes-add1": "oylama.tally._mes",
    "mes-add1-greedy": "oylama.tally._mes",
    "mes-greedy": "oylama.tally._mes",
    "quadratic-funding": "oylama.tally._quadratic",
    "quadratic-voting": "oylama.tally._quadratic",
}
"""Every rule's name and the module that registers it (a test keeps the two in step)."""

RULES: dict[str, RuleFn] = {}
"""The rules registered so far (those of the modules imported)."""


def register(name: str) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the rule called ``name`` (names are unique, and listed in
    :data:`HOMES` with the module that registers them)."""

    def deco(fn: RuleFn) -> RuleFn:
        if name in RULES:
            raise RuntimeError(f"rule {name!r} registered twice")
        if HOMES.get(name) != fn.__module__:
            raise RuntimeError(f"rule {name!r} is not listed in HOMES as {fn.__module__}'s")
        RULES[name] = fn
        return fn

    return deco


def rule(name: str) -> RuleFn:
    """The rule called ``name``, its module imported if need be; ``KeyError`` if unknown."""
    if name not in RULES:
        importlib.import_module(HOMES[name])
    return RULES[name]
