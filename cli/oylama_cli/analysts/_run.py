"""What ``oylama allocate``, ``convert`` and ``rules`` do (imported only when one of them runs)."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from oylama import pabulib
from oylama.errors import InputError
from oylama.tally import Options, Outcome, TieBreak, rule_names
from oylama.tally import allocate as _allocate
from oylama_cli._output import warning

if TYPE_CHECKING:
    from rich.table import Table

_JSON = msgspec.json.Encoder(decimal_format="number")


def _load(path: Path, *, strict: bool) -> pabulib.PbElection:
    """The election of a ``.pb`` (or ``.json``) file; each repair the reader made is a
    warning on stderr (with ``strict``, the first is the error instead)."""
    if path.suffix == ".json":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from None
        election = pabulib.from_json(data, source=str(path), strict=strict)
    else:
        election = pabulib.read(path, strict=strict)
    for repair in election.repairs:
        warning(str(repair))
    return election


def _outcome_json(outcome: Outcome, repairs: tuple[pabulib.Repair, ...] = ()) -> bytes:
    body: dict[str, object] = {
        "rule": outcome.rule,
        "utility": outcome.utility,
        "selected": outcome.selected,
        "total_cost": outcome.total_cost,
        "budget": outcome.budget,
    }
    notes: dict[str, object] = dict(outcome.notes)
    if repairs:
        notes["repairs"] = repairs  # (what the reader forgave, each with its line)
    if notes:
        body["notes"] = notes
    return _JSON.encode(body)


def _fmt(amount: int | Decimal) -> str:
    return f"{amount:,}"


def _outcome_table(election: pabulib.PbElection, outcome: Outcome, title: str) -> Table:
    from rich.table import Table  # noqa: PLC0415  (only the table needs rich: --json is faster)

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
    threshold = outcome.notes.get("threshold")
    below = outcome.notes.get("below_threshold")
    table.caption = (
        f"rule {outcome.rule}"
        + (f", utility {outcome.utility}" if outcome.utility else "")
        + (
            f", threshold {threshold} ({len(below)} below it)"
            if threshold is not None and isinstance(below, list)
            else ""
        )
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
    election = _load(args.file, strict=args.strict)
    outcome = _run_allocate(
        election, args.rule, args.utility, TieBreak(args.tie_break), args.time_limit
    )
    if args.json:
        sys.stdout.write(_outcome_json(outcome, election.repairs).decode() + "\n")
    else:
        from rich.console import Console  # noqa: PLC0415  (see _outcome_table)

        Console(highlight=False).print(_outcome_table(election, outcome, str(args.file)))
    return 0


def convert(args: argparse.Namespace) -> int:
    """``oylama convert``: the format of each file is chosen by its extension."""
    election = _load(args.source, strict=args.strict)
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
