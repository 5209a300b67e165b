"""What ``oylama credentials generate`` and ``verify-list`` do."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from oylama import ballots, credentials
from oylama.errors import InputError
from oylama_cli._output import error


def _context(args: argparse.Namespace) -> tuple[str | None, frozenset[str] | None]:
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


def _definition_errors(fn: Callable[[argparse.Namespace], int]) -> Callable[..., int]:
    """Print a bad ``--ballots`` definition's every problem, exit 2."""

    def wrapped(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except ballots.DefinitionError as exc:
            for message in exc.messages():
                error(message)
            return 2

    wrapped.__doc__ = fn.__doc__
    return wrapped


def _print(lines: list[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


@_definition_errors
def generate(args: argparse.Namespace) -> int:
    """Write the secret codes (0600) and the public list; print the list's fingerprint."""
    election_id, districts = _context(args)
    if election_id is None:
        raise InputError("give --election-id or --ballots")
    outputs = [args.secrets, args.public]
    if args.voting_url is not None:
        outputs.append(args.letters)
        credentials.check_voting_url(args.voting_url)
    credentials.refuse_existing(outputs, force=args.force)
    text = credentials.DEFAULT_TEXT
    if args.letter_text is not None:
        try:
            text = args.letter_text.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{args.letter_text}: {exc}") from None
    roll = credentials.load_roll(args.roll, districts=districts)
    secret, public = credentials.generate(roll, election_id=election_id)
    data = credentials.dump_public_list(public)
    fp = credentials.fingerprint(data)
    credentials.write_file(
        args.secrets,
        credentials.secrets_csv(secret, fingerprint=fp),
        mode=credentials.SECRET_MODE,
        force=args.force,
    )
    credentials.write_file(args.public, data, mode=credentials.PUBLIC_MODE, force=args.force)
    letters = []
    if args.voting_url is not None:
        pdf = credentials.letters_pdf(
            secret, election_id=election_id, fingerprint=fp, voting_url=args.voting_url, text=text
        )
        credentials.write_file(args.letters, pdf, mode=credentials.SECRET_MODE, force=args.force)
        letters = [f"{args.letters}: {len(secret)} letters (PDF, mode 0600, print off-line)"]
    _print(
        [
            f"{args.secrets}: {len(secret)} secret codes (mode 0600, never upload)",
            f"{args.public}: {len(public.credentials)} public credentials",
            *letters,
            *(f"  {district}: {n}" for district, n in public.districts().items()),
            f"SHA-256 {fp}",
            f"letters print {credentials.letter_fingerprint(fp)} (column list_fingerprint); "
            "announce the whole fingerprint so that anyone can pin it",
        ]
    )
    return 0


@_definition_errors
def verify_list(args: argparse.Namespace) -> int:
    """Check a public list strictly; print its counts and fingerprint."""
    election_id, districts = _context(args)
    data = args.file.read_bytes()
    public = credentials.load_public_list(
        data, source=str(args.file), election_id=election_id, districts=districts
    )
    _print(
        [
            f"{args.file}: valid: election {public.election_id}, "
            f"{len(public.credentials)} public credentials",
            *(f"  {district}: {n}" for district, n in public.districts().items()),
            f"SHA-256 {credentials.fingerprint(data)}",
        ]
    )
    return 0
