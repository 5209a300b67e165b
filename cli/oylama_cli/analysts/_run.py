"""What ``oylama allocate``, ``convert`` and ``rules`` do (imported only when one of them runs)."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

import msgspec
from rich.console import Console
from rich.table import Table

from oylama import pabulib
from oylama.errors import InputError
from oylama.tally import Options, Outcome, TieBreak, rule_names
from oylama.tally import allocate as _allocate

_JSON = msgspec.json.Encoder(decimal_format="number")


def _load(path: Path) -> pabulib.PbElection:
    if path.suffix == ".json":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from None
        return pabulib.from_json(data, source=str(path))
    return pabulib.read(path)


def _outcome_json(outcome: Outcome) -> bytes:
    body: dict[str, object] = {
        "rule": outcome.rule,
        "utility": outcome.utility,
        "selected": outcome.selected,
        "total_cost": outcome.total_cost,
        "budget": outcome.budget,
    }
    if outcome.notes:
        body["notes"] = outcome.notes
    return _JSON.encode(body)


def _fmt(amount: int | Decimal) -> str:
    return f"{amount:,}"


def _outcome_table(election: pabulib.PbElection, outcome: Outcome, title: str) -> Table:
    names = {p.project_id: p.columns.get("name", "") for p in election.projects}
    costs = {p.project_id: p.columns.get("cost", "") for p in election.projects}
    instance, profile = election.to_tally()
    support = dict(zip(instance.project_ids, profile.point_totals().tolist(), strict=True))
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("project")
    table.add_column("name")
    table.add_column("cost", justify="right")
    table.add_column("votes" if profile.points is None else "points", justify="right")
    for k, pid in enumerate(outcome.selected, 1):
        table.add_row(
            str(k), pid, names.get(pid, ""), costs.get(pid, ""), f"{support.get(pid, 0):,}"
        )
    table.caption = (
        f"rule {outcome.rule}"
        + (f", utility {outcome.utility}" if outcome.utility else "")
        + f": {len(outcome.selected)} funded, {_fmt(outcome.total_cost)} of {_fmt(outcome.budget)}"
    )
    return table


def _run_allocate(
    election: pabulib.PbElection,
    rule: str | None,
    utility: str | None,
    tie_break: TieBreak,
    time_limit: float | None,
) -> Outcome:
    instance, profile = election.to_tally()
    if rule is None:
        rule, options = pabulib.official_recipe(election, tie_break=tie_break)
        if utility is not None or time_limit is not None:
            options = pabulib.options_for(
                election, rule, utility=utility, tie_break=tie_break, time_limit=time_limit
            )
    else:
        options = pabulib.options_for(
            election, rule, utility=utility, tie_break=tie_break, time_limit=time_limit
        )
    assert isinstance(options, Options)
    return _allocate(instance, profile, rule, options)


def allocate(args: argparse.Namespace) -> int:
    """``oylama allocate``: print the outcome as a table, or as one JSON object."""
    if args.rule is not None and args.rule not in rule_names():
        # Checked before the file is read: a mistyped rule should not cost a parse.
        raise InputError(f"unknown rule {args.rule!r}; known rules: {', '.join(rule_names())}")
    election = _load(args.file)
    outcome = _run_allocate(
        election, args.rule, args.utility, TieBreak(args.tie_break), args.time_limit
    )
    if args.json:
        sys.stdout.write(_outcome_json(outcome).decode() + "\n")
    else:
        Console(highlight=False).print(_outcome_table(election, outcome, str(args.file)))
    return 0


def convert(args: argparse.Namespace) -> int:
    """``oylama convert``: the format of each file is chosen by its extension."""
    election = _load(args.source)
    if args.target.suffix == ".json":
        args.target.write_bytes(pabulib.to_json(election))
    else:
        pabulib.write(election, args.target)
    sys.stdout.write(f"wrote {args.target}\n")
    return 0


def rules(args: argparse.Namespace) -> int:
    """``oylama rules``: one rule name a line."""
    sys.stdout.write("".join(f"{name}\n" for name in rule_names()))
    return 0
