"""The example definition shipped inside the package is the one in ballots/.

``oylama demo`` runs from an installed package, which cannot read the repository's
``ballots/`` folder; it carries a copy. This keeps the two from drifting apart.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from oylama import ballots

ROOT = Path(__file__).resolve().parents[1]


def test_bundled_example_definition_is_ballots_copy() -> None:
    bundled = resources.files("oylama").joinpath("_data/izmir-karsiyaka-2026.toml").read_bytes()
    assert bundled == (ROOT / "ballots" / "izmir-karsiyaka-2026.toml").read_bytes()
    definition = ballots.loads(bundled.decode())
    assert [b.rule for b in definition.ballots] == [
        "greedy",
        "max-welfare",
        "greedy",
        "quadratic-voting",
    ]
