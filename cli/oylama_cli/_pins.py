"""Reading the pin options (:mod:`oylama_cli._pin_options`) into :class:`oylama.election.Pins`."""

from __future__ import annotations

import argparse

from oylama.board import BoardError, parse_verifier_key
from oylama.election import Pins, decode_pins, parse_fingerprint, parse_trustee_keys
from oylama.errors import InputError


def pins_from(args: argparse.Namespace) -> Pins:
    """The pins the options give (merged; two that disagree are an input error)."""
    pins = Pins()
    if args.pins is not None:
        pins = decode_pins(args.pins.read_bytes(), source=str(args.pins))
    board_key = getattr(args, "board_key", None)
    if board_key is not None:
        try:
            parse_verifier_key(board_key)
        except BoardError as exc:
            raise InputError(f"--board-key: {exc}") from None
        pins = pins.merged(Pins(board_key=board_key))
    keys_file = getattr(args, "trustee_keys", None)
    if keys_file is not None:
        keys = parse_trustee_keys(keys_file.read_text(encoding="utf-8"), source=str(keys_file))
        pins = pins.merged(Pins(trustee_keys=keys))
    if args.credentials_fingerprint is not None:
        value = parse_fingerprint(args.credentials_fingerprint, source="--credentials-fingerprint")
        pins = pins.merged(Pins(credentials=value))
    return pins
