"""Pins: values published out of band that the record must match (pins.md).

A record can be internally perfect and still not be the election the city ran: signed by a
board key the server made up, with a ceremony the server ran alone, with a credential list
padded with keys it voted with. Only values obtained elsewhere -- the board's verifier key,
the trustees' identity keys, the credential authority's fingerprint -- tell these apart.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

import msgspec

from oylama_audit._board import parse_verifier_key
from oylama_audit._errors import AuditError
from oylama_audit._identity import check_identity_key

PINS_FORMAT = "oylama-pins/v1"
MIN_FINGERPRINT_DIGITS = 20
_HEX = re.compile(r"[0-9a-f]{20,64}")


@dataclass
class Pins:
    election_id: str | None = None
    board_key: str | None = None
    trustee_keys: list[bytes] | None = None
    credentials: str | None = None


class _PinFile(msgspec.Struct, forbid_unknown_fields=True):
    format: str
    election_id: str | None = None
    board_key: str | None = None
    trustee_keys: list[str] | None = None
    credentials: str | None = None


def parse_fingerprint(text: str) -> str:
    """pins §2: 20 to 64 hex digits; '-' and spaces ignored, case not significant."""
    value = text.replace("-", "").replace(" ", "").lower()
    if not _HEX.fullmatch(value):
        raise AuditError("a credential fingerprint is 64 hex digits (or its first 20 or more)")
    return value


def parse_identity_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise AuditError(f"identity key {text!r}: not base64") from None
    if base64.b64encode(key).decode() != text:
        raise AuditError(f"identity key {text!r}: not canonical base64")
    check_identity_key(key, f"identity key {text!r}")
    return key


def parse_trustee_keys(text: str) -> list[bytes]:
    """pins §3: one key per line, trustee 1 first; blank and ``#`` lines skipped."""
    keys: list[bytes] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            key = parse_identity_key(line)
        except AuditError as exc:
            raise AuditError(f"line {number}: {exc}") from None
        if key in keys:
            raise AuditError(f"line {number}: the key is given twice")
        keys.append(key)
    if not keys:
        raise AuditError("no identity key")
    return keys


def parse_pin_file(data: bytes) -> Pins:
    """pins §2: the JSON pin file (every member but ``format`` optional)."""
    try:
        raw = msgspec.json.decode(data, type=_PinFile)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise AuditError(f"not a pin file: {exc}") from None
    if raw.format != PINS_FORMAT:
        raise AuditError(f"pin file format {raw.format!r}, expected {PINS_FORMAT!r}")
    pins = Pins(election_id=raw.election_id)
    if raw.board_key is not None:
        parse_verifier_key(raw.board_key)
        pins.board_key = raw.board_key
    if raw.trustee_keys is not None:
        pins.trustee_keys = parse_trustee_keys("\n".join(raw.trustee_keys))
    if raw.credentials is not None:
        pins.credentials = parse_fingerprint(raw.credentials)
    return pins


def merge(a: Pins, b: Pins) -> Pins:
    """Both sets of pins; two different values for one pin are an error."""
    out = Pins()
    for name in ("election_id", "board_key", "trustee_keys", "credentials"):
        x, y = getattr(a, name), getattr(b, name)
        if x is not None and y is not None and x != y:
            raise AuditError(f"two different pins of {name.replace('_', ' ')}")
        setattr(out, name, x if x is not None else y)
    return out
