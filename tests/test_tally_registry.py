"""The rule table: every rule is known by name without importing it, and found when run."""

from __future__ import annotations

import importlib
import subprocess
import sys

import numpy as np
import pytest

from oylama.errors import InputError
from oylama.tally import Instance, Options, Outcome, Profile, allocate, rule_names
from oylama.tally._registry import HOMES, RULES, register


def test_homes_list_exactly_the_rules_their_modules_register() -> None:
    for module in set(HOMES.values()):
        importlib.import_module(module)
    assert {name: fn.__module__ for name, fn in RULES.items()} == HOMES
    assert rule_names() == sorted(HOMES)


def test_a_rule_must_be_listed_to_register() -> None:
    with pytest.raises(RuntimeError, match="not listed in HOMES"):

        @register("no-such-rule")
        def _rule(instance: Instance, profile: Profile, options: Options) -> Outcome:
            raise AssertionError("never run")


def test_rules_are_imported_when_they_run() -> None:
    """``import oylama.tally`` (and the reader) imports no rule; running one imports its
    module alone: greedy never pays for the max-welfare solver or MES."""
    script = (
        "import sys\n"
        "import numpy as np\n"
        "from oylama import pabulib\n"
        "from oylama.tally import Instance, Profile, allocate\n"
        "before = {m for m in sys.modules if m.startswith('oylama.tally.')}\n"
        "i = Instance(('a', 'b'), np.array([1, 2]), 2)\n"
        "p = Profile.from_ballots('approval', 2, [[0], [0, 1]])\n"
        "allocate(i, p, 'greedy')\n"
        "after = {m for m in sys.modules if m.startswith('oylama.tally.')}\n"
        "print(sorted(before), sorted(after - before), 'highspy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.split("] [") == [
        # _welfare: max-welfare's limits (plain integers), for the ballot definitions' check
        "['oylama.tally._model', 'oylama.tally._registry', 'oylama.tally._totals', "
        "'oylama.tally._welfare'",
        "'oylama.tally._greedy'] False\n",
    ]


def test_unknown_rule() -> None:
    i = Instance(("a",), np.array([1]), 1)
    p = Profile.from_ballots("approval", 1, [[0]])
    with pytest.raises(InputError, match="unknown rule 'nope'; known rules: greedy"):
        allocate(i, p, "nope")
