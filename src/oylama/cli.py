"""The ``oylama`` command: a thin layer of argument parsing and printing over the engine.

Exit codes are part of the contract other tools rely on: 0 success, 1 the work could not be
done (e.g. a solver limit), 2 bad input or usage (the message names ``file:line``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import msgspec
from rich.console import Console
from rich.table import Table

from oylama import __version__, _cli_trustee, _cli_vote, _serve, ballots, credentials, pabulib
from oylama._demo import run_demo
from oylama.errors import AllocationError, InputError
from oylama.tally import Options, Outcome, TieBreak, allocate, rule_names

EXAMPLE = "izmir_karsiyaka_2026.pb"
"""The bundled example election (synthetic data) that ``oylama demo`` allocates."""

_JSON = msgspec.json.Encoder(decimal_format="number")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="oylama",
        description="oylama: participatory-budgeting and e-voting engine.",
    )
    p.add_argument("--version", action="version", version=f"oylama {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    a = sub.add_parser(
        "allocate",
        help="compute the funded projects of a Pabulib election",
        description="Compute the funded projects of a Pabulib .pb election. The rule defaults "
        "to the file's META rule.",
    )
    a.add_argument("file", metavar="FILE.pb", type=Path)
    a.add_argument("--rule", choices=rule_names(), help="allocation rule (default: META rule)")
    a.add_argument(
        "--utility",
        choices=["cost", "cardinality", "points"],
        help="utility for MES and max-welfare (default: cost for approval, points for cumulative)",
    )
    a.add_argument(
        "--tie-break",
        choices=[t.value for t in TieBreak],
        default=TieBreak.FILE_ORDER.value,
        help="how ties are broken (default: file-order)",
    )
    a.add_argument("--time-limit", type=float, help="seconds a solver may take (max-welfare)")
    a.add_argument("--json", action="store_true", help="print one JSON object")

    c = sub.add_parser(
        "convert",
        help="convert an election between Pabulib (.pb) and oylama JSON (.json)",
        description="Convert an election between Pabulib (.pb) and the engine's own JSON "
        "form (.json, the msgspec schema of oylama.pabulib.PbElection). The format is chosen "
        "by each file's extension.",
    )
    c.add_argument("source", type=Path)
    c.add_argument("target", type=Path)

    sub.add_parser("rules", help="list the allocation rules")

    d = sub.add_parser(
        "demo",
        help="run a whole encrypted election on the embedded database (İzmir, synthetic)",
        description="Seed and run a complete election through the real service on SQLite: the "
        "example İzmir ballot definition, 3 trustees (threshold 2), N voters across three "
        "neighbourhoods casting random valid ballots, tally, publication; then print the result "
        "and where to look.",
    )
    d.add_argument("--voters", type=int, default=200, help="number of voters (default 200)")
    d.add_argument("--record", type=Path, help="write the election record to this file")
    d.add_argument("--data", type=Path, help="keep the embedded database in this directory")
    d.add_argument(
        "--serve",
        action="store_true",
        help="keep serving afterwards, with a second open election and credential codes to try",
    )
    d.add_argument("--port", type=int, default=0, help="port to serve on (default: a free one)")

    s = sub.add_parser(
        "serve",
        help="run the election service (see `oylama serve --help`)",
        add_help=False,
    )
    s.add_argument("serve_args", nargs=argparse.REMAINDER)
    _cli_trustee.register(sub)
    _cli_vote.register(sub)

    b = sub.add_parser("ballot", help="ballot definitions (TOML): validate")
    bsub = b.add_subparsers(dest="ballot_command", required=True, metavar="SUBCOMMAND")
    bv = bsub.add_parser(
        "validate",
        help="check a ballot definition file",
        description="Check a ballot definition (TOML, docs/ballots.md). Every problem is "
        "printed as FILE:LINE: field.path: reason; the exit code is 2 if there is any.",
    )
    bv.add_argument("file", metavar="FILE", type=Path)

    cr = sub.add_parser(
        "credentials",
        help="voter credentials (off-line, credential authority): generate, verify-list",
    )
    crsub = cr.add_subparsers(dest="credentials_command", required=True, metavar="SUBCOMMAND")
    cg = crsub.add_parser(
        "generate",
        help="one secret credential code per voter of a roll, and the public credential list",
        description="Read the roll (CSV: voter_id,district[,...], docs/spec/credentials.md) and "
        "write the secret codes for the letter printer (CSV, mode 0600, never uploaded) and "
        "the public credential list to upload (JSON, no voter ids); print its SHA-256 "
        "fingerprint.",
    )
    cg.add_argument("--roll", required=True, type=Path, metavar="ROLL.csv")
    cg.add_argument(
        "--ballots",
        type=Path,
        metavar="FILE.toml",
        help="ballot definition: election id, districts",
    )
    cg.add_argument("--election-id", help="election id (default: the ballot definition's)")
    cg.add_argument(
        "--secrets",
        type=Path,
        default=Path("secret-credentials.csv"),
        help="secret codes file (default: secret-credentials.csv)",
    )
    cg.add_argument(
        "--public",
        type=Path,
        default=Path("public-credentials.json"),
        help="public list file (default: public-credentials.json)",
    )
    cg.add_argument("--force", action="store_true", help="overwrite existing output files")
    cl = crsub.add_parser(
        "verify-list",
        help="check a public credential list and print its fingerprint",
        description="Check a public credential list strictly (format, keys, order, duplicates, "
        "districts and election of --ballots) and print its SHA-256 fingerprint.",
    )
    cl.add_argument("file", metavar="FILE.json", type=Path)
    cl.add_argument("--ballots", type=Path, metavar="FILE.toml")
    cl.add_argument("--election-id")
    return p


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
    return allocate(instance, profile, rule, options)


def _cmd_allocate(args: argparse.Namespace, out: Console) -> int:
    election = _load(args.file)
    outcome = _run_allocate(
        election, args.rule, args.utility, TieBreak(args.tie_break), args.time_limit
    )
    if args.json:
        sys.stdout.write(_outcome_json(outcome).decode() + "\n")
    else:
        out.print(_outcome_table(election, outcome, str(args.file)))
    return 0


def _cmd_convert(args: argparse.Namespace, out: Console) -> int:
    election = _load(args.source)
    if args.target.suffix == ".json":
        data = pabulib.to_json(election)
        args.target.write_bytes(data)
    else:
        pabulib.write(election, args.target)
    out.print(f"wrote {args.target}")
    return 0


def _cmd_rules(args: argparse.Namespace, out: Console) -> int:
    for name in rule_names():
        out.print(name)
    return 0


def _cmd_demo(args: argparse.Namespace, out: Console) -> int:
    if args.voters < 1:
        raise InputError(f"--voters must be at least 1, not {args.voters}")
    return run_demo(
        voters=args.voters,
        record=args.record,
        data=args.data,
        serve=args.serve,
        port=args.port,
        out=out,
    )


def _cmd_ballot_validate(args: argparse.Namespace, out: Console) -> int:
    try:
        definition = ballots.load(args.file)
    except ballots.DefinitionError as exc:
        for message in exc.messages():
            _error(f"oylama: error: {message}")
        return 2
    e = definition.election
    out.print(
        f"{args.file}: valid: {e.id} ({e.city}), {len(definition.districts)} districts, "
        f"{len(definition.ballots)} ballots",
        markup=False,
        soft_wrap=True,
    )
    for bal in definition.ballots:
        out.print(
            f"  {bal.id}: {bal.kind}, {bal.district}, {len(bal.projects)} projects, "
            f"budget {_fmt(bal.budget)} {e.currency}, rule {bal.rule}",
            markup=False,
            soft_wrap=True,
        )
    return 0


def _credentials_context(
    args: argparse.Namespace,
) -> tuple[str | None, frozenset[str] | None]:
    """The election id and districts the credentials are for, from --ballots/--election-id."""
    election_id: str | None = args.election_id
    districts: frozenset[str] | None = None
    if args.ballots is not None:
        definition = ballots.load(args.ballots)
        districts = credentials.eligible_districts(definition)
        if election_id is not None and election_id != definition.election.id:
            raise InputError(
                f"--election-id {election_id!r} is not the definition's election "
                f"{definition.election.id!r}",
                source=str(args.ballots),
            )
        election_id = definition.election.id
    return election_id, districts


def _cmd_credentials_generate(args: argparse.Namespace, out: Console) -> int:
    election_id, districts = _credentials_context(args)
    if election_id is None:
        raise InputError("give --election-id or --ballots")
    credentials.refuse_existing([args.secrets, args.public], force=args.force)
    roll = credentials.load_roll(args.roll, districts=districts)
    secret, public = credentials.generate(roll, election_id=election_id)
    data = credentials.dump_public_list(public)
    credentials.write_file(
        args.secrets,
        credentials.secrets_csv(secret),
        mode=credentials.SECRET_MODE,
        force=args.force,
    )
    credentials.write_file(args.public, data, mode=credentials.PUBLIC_MODE, force=args.force)
    out.print(
        f"{args.secrets}: {len(secret)} secret codes (mode 0600, never upload)",
        markup=False,
        soft_wrap=True,
    )
    out.print(
        f"{args.public}: {len(public.credentials)} public credentials", markup=False, soft_wrap=True
    )
    for district, n in public.districts().items():
        out.print(f"  {district}: {n}", markup=False, soft_wrap=True)
    sys.stdout.write(f"SHA-256 {credentials.fingerprint(data)}\n")
    return 0


def _cmd_credentials_verify_list(args: argparse.Namespace, out: Console) -> int:
    election_id, districts = _credentials_context(args)
    data = args.file.read_bytes()
    public = credentials.load_public_list(
        data, source=str(args.file), election_id=election_id, districts=districts
    )
    out.print(
        f"{args.file}: valid: election {public.election_id}, "
        f"{len(public.credentials)} public credentials",
        markup=False,
        soft_wrap=True,
    )
    for district, n in public.districts().items():
        out.print(f"  {district}: {n}", markup=False, soft_wrap=True)
    sys.stdout.write(f"SHA-256 {credentials.fingerprint(data)}\n")
    return 0


def _cmd_credentials(args: argparse.Namespace, out: Console) -> int:
    try:
        if args.credentials_command == "generate":
            return _cmd_credentials_generate(args, out)
        return _cmd_credentials_verify_list(args, out)
    except ballots.DefinitionError as exc:
        for message in exc.messages():
            _error(f"oylama: error: {message}")
        return 2


_COMMANDS = {
    "allocate": _cmd_allocate,
    "convert": _cmd_convert,
    "rules": _cmd_rules,
    "demo": _cmd_demo,
    "trustee": lambda args, _out: _cli_trustee.run(args),
    "vote": lambda args, _out: _cli_vote.run(args),
    "ballot": _cmd_ballot_validate,
    "credentials": _cmd_credentials,
}


def _error(line: str) -> None:
    """One error line on stderr, never wrapped: tools parse ``file:line: reason``."""
    sys.stderr.write(line + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``oylama`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:  # its own parser, so that `oylama serve --help` is its help
        return _serve.main(argv[1:])
    args = _parser().parse_args(argv)
    out = Console(highlight=False)
    try:
        return _COMMANDS[args.command](args, out)
    except InputError as exc:
        _error(f"oylama: error: {exc}")
        return 2
    except AllocationError as exc:
        _error(f"oylama: cannot allocate: {exc}")
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"oylama: error: {where}{exc.strerror or exc}")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
