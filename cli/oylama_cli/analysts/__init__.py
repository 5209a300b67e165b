"""``oylama allocate``, ``convert``, ``rules``: for anyone studying a Pabulib election.

Staff checking a published result, researchers comparing rules: the commands read a ``.pb``
(or the engine's ``.json`` form) and print which projects a rule funds. Only argparse here;
the work is in :mod:`oylama_cli.analysts._run`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: Values of ``--tie-break`` (``oylama.tally.TieBreak``; a test keeps the two equal, so that
#: ``oylama allocate --help`` need not import the tally core to list them).
TIE_BREAKS = ("file-order", "pabutools")

_RUN = "oylama_cli.analysts._run"


def register(sub: Any) -> None:
    """Add ``allocate``, ``convert`` and ``rules`` to the ``oylama`` parser's subparsers."""
    a = sub.add_parser(
        "allocate",
        help="compute the funded projects of a Pabulib election",
        description="Compute the funded projects of a Pabulib .pb election. The rule defaults "
        "to the file's META rule.",
    )
    a.add_argument("file", metavar="FILE.pb", type=Path)
    a.add_argument(
        "--rule",
        metavar="RULE",
        help="allocation rule (default: the file's META rule; `oylama rules` lists them)",
    )
    a.add_argument(
        "--utility",
        choices=["cost", "cardinality", "points"],
        help="utility for MES and max-welfare (default: cost for approval, points for cumulative)",
    )
    a.add_argument(
        "--tie-break",
        choices=TIE_BREAKS,
        default=TIE_BREAKS[0],
        help="how ties are broken (default: file-order)",
    )
    a.add_argument("--time-limit", type=float, help="seconds a solver may take (max-welfare)")
    a.add_argument("--json", action="store_true", help="print one JSON object")
    _strict(a)
    a.set_defaults(run=f"{_RUN}:allocate")

    c = sub.add_parser(
        "convert",
        help="convert an election between Pabulib (.pb) and oylama JSON (.json)",
        description="Convert an election between Pabulib (.pb) and the engine's own JSON "
        "form (.json, the msgspec schema of oylama.pabulib.PbElection). The format is chosen "
        "by each file's extension.",
    )
    c.add_argument("source", type=Path)
    c.add_argument("target", type=Path)
    _strict(c)
    c.set_defaults(run=f"{_RUN}:convert")

    r = sub.add_parser("rules", help="list the allocation rules")
    r.set_defaults(run=f"{_RUN}:rules")


def _strict(p: Any) -> None:
    p.add_argument(
        "--strict",
        action="store_true",
        help="refuse what the reader would repair (a project named twice in a vote, a stray "
        "quotation mark): exit 2 naming file:line, instead of a warning",
    )


__all__ = ["TIE_BREAKS", "register"]
