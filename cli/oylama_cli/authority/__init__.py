"""``oylama credentials``: the credential authority, off-line.

It turns the voter roll into one secret code per voter (for the letter printer; never
uploaded) and the public credential list that staff upload, and prints the list's
fingerprint, which the authority announces so that anyone can pin it. Only argparse here; the
work is in :mod:`oylama_cli.authority._run`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_RUN = "oylama_cli.authority._run"


def register(sub: Any) -> None:
    """Add ``credentials generate`` and ``credentials verify-list``."""
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
    cg.add_argument(
        "--voting-url",
        metavar="URL",
        help="the service's address (https://...): also write the printable letters, one PDF "
        "page per voter with the code and a QR code of the voting page",
    )
    cg.add_argument(
        "--letters",
        type=Path,
        default=Path("credential-letters.pdf"),
        help="letters file, with --voting-url (default: credential-letters.pdf; mode 0600)",
    )
    cg.add_argument(
        "--letter-text",
        type=Path,
        metavar="TEXT.txt",
        help="the municipality's text for the letters (UTF-8; default: a short TR/EN text)",
    )
    cg.add_argument("--force", action="store_true", help="overwrite existing output files")
    cg.set_defaults(run=f"{_RUN}:generate")
    cl = crsub.add_parser(
        "verify-list",
        help="check a public credential list and print its fingerprint",
        description="Check a public credential list strictly (format, keys, order, duplicates, "
        "districts and election of --ballots) and print its SHA-256 fingerprint.",
    )
    cl.add_argument("file", metavar="FILE.json", type=Path)
    cl.add_argument("--ballots", type=Path, metavar="FILE.toml")
    cl.add_argument("--election-id")
    cl.set_defaults(run=f"{_RUN}:verify_list")
