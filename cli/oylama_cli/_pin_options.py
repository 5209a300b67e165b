"""The pin options shared by the commands that hold a server to values published out of band
(docs/spec/pins.md): ``--pins FILE``, ``--board-key KEY``, ``--trustee-keys FILE`` and
``--credentials-fingerprint HEX``. Declaring them imports argparse only; they are read by
:func:`oylama_cli._pins.pins_from` when a command runs."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_pin_arguments(
    parser: argparse.ArgumentParser, *, board_key: bool = True, trustee_keys: bool = True
) -> None:
    """Add the pin options to ``parser``."""
    g = parser.add_argument_group(
        "pins", "values published out of band that the server must match (docs/spec/pins.md)"
    )
    g.add_argument("--pins", type=Path, metavar="FILE", help="a pin file (JSON)")
    if board_key:
        g.add_argument(
            "--board-key", metavar="KEY", help="the board's verifier key (name+id+base64)"
        )
    if trustee_keys:
        g.add_argument(
            "--trustee-keys",
            type=Path,
            metavar="FILE",
            help="the trustees' identity keys, one base64 key per line, trustee 1 first",
        )
    g.add_argument(
        "--credentials-fingerprint",
        metavar="HEX",
        help="the credential list's SHA-256 as the credential authority announced it "
        "(or the first 20 or more digits, as printed on a voter's letter)",
    )
