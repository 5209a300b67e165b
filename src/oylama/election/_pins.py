"""Pins: what a client learned out of band and holds the server to.

A compromised server can serve a whole self-consistent election -- its own board key, a
ceremony it ran alone, a credential list padded with keys it votes with -- and every proof in
it verifies. What it cannot do is make those values equal to the ones published out of band:
the board's verifier key (the election's checkpoint key), the trustees' identity keys and the
credential list's fingerprint that the credential authority announced. A client that *pins*
them compares what it is served with them and refuses on a mismatch (docs/spec/pins.md).

:class:`Pins` holds any of the three (each may be absent); :func:`decode_pins` reads the pin
file, :func:`parse_trustee_keys` a trustee-keys file, :func:`parse_fingerprint` a fingerprint
or the prefix printed on a voter's letter. The ``check_*`` methods raise :class:`PinError`.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Final

import msgspec

from oylama.board import BoardError, parse_verifier_key, verifier_key
from oylama.credentials import LETTER_DIGITS
from oylama.election._identity import check_identity_key
from oylama.errors import InputError, OylamaError

#: The ``format`` member of a pin file.
PINS_FORMAT: Final = "oylama-pins/v1"

#: Fewest hex digits of a pinned fingerprint: the prefix printed on a voter's letter.
LETTER_PREFIX: Final = LETTER_DIGITS

_HEX = re.compile(r"[0-9a-f]+")


class PinError(OylamaError):
    """A value the server gave is not the one pinned out of band; the message names both."""


class Pins(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The pinned values; ``None`` for what is not pinned.

    ``board_key`` is the board's verifier key text (board §6.2), ``trustee_keys`` the
    trustees' identity keys in index order, ``credentials`` the credential list's SHA-256 in
    lowercase hex -- or, as on a voter's letter, its first (at least 20) digits.
    """

    format: str = PINS_FORMAT
    election_id: str | None = None
    board_key: str | None = None
    trustee_keys: tuple[bytes, ...] | None = None
    credentials: str | None = None

    def merged(self, other: Pins) -> Pins:
        """These pins and ``other``'s together; a value pinned differently by both is an
        :class:`InputError` (two sources that disagree are a reason to stop, not to choose)."""
        values: dict[str, object] = {}
        for name in ("election_id", "board_key", "trustee_keys", "credentials"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine is not None and theirs is not None and mine != theirs:
                raise InputError(f"two different pins of {name.replace('_', ' ')} were given")
            values[name] = mine if mine is not None else theirs
        return Pins(**values)  # type: ignore[arg-type]

    @property
    def empty(self) -> bool:
        return self.board_key is None and self.trustee_keys is None and self.credentials is None

    def check_election(self, election_id: str) -> None:
        if self.election_id is not None and self.election_id != election_id:
            raise PinError(f"the pins are for election {self.election_id!r}, not {election_id!r}")

    def check_board_key(self, key_name: str, public_key: bytes) -> None:
        """The served board key (name and Ed25519 key) must be the pinned one."""
        if self.board_key is None:
            return
        served = verifier_key(key_name, public_key)
        if parse_verifier_key(self.board_key) != (key_name, public_key):
            raise PinError(f"the board key is {served}, pinned {self.board_key}")

    def check_trustee_keys(self, keys: tuple[bytes, ...] | list[bytes]) -> None:
        """The manifest's trustee identity keys must be the pinned ones, in order."""
        if self.trustee_keys is None:
            return
        if tuple(keys) != self.trustee_keys:
            served = ", ".join(_b64(k) for k in keys)
            pinned = ", ".join(_b64(k) for k in self.trustee_keys)
            raise PinError(
                f"the trustees' identity keys are [{served}], pinned [{pinned}]: the ceremony "
                "was not run by the trustees you know"
            )

    def check_credentials(self, fingerprint: str) -> None:
        """The credential list's fingerprint must be (or start with) the pinned one."""
        if self.credentials is None:
            return
        if not fingerprint.startswith(self.credentials):
            raise PinError(
                f"the credential list's fingerprint is {fingerprint}, pinned {self.credentials} "
                "(the credential authority's): the list is not the one it made"
            )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def parse_fingerprint(text: str, *, source: str | None = None) -> str:
    """A fingerprint as pinned: 64 hex digits, or the first ``LETTER_PREFIX``..63 of them
    (a letter's printed prefix); dashes and spaces are ignored, case is not significant."""
    value = text.replace("-", "").replace(" ", "").lower()
    if not _HEX.fullmatch(value) or not LETTER_PREFIX <= len(value) <= 64:
        raise InputError(
            f"a credential fingerprint is 64 hex digits (or the first {LETTER_PREFIX} or more)",
            source=source,
        )
    return value


def parse_identity_key(text: str, *, source: str | None = None, line: int | None = None) -> bytes:
    """One identity key in canonical base64 (as ``oylama trustee keygen`` prints it)."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InputError("an identity key is base64", source=source, line=line) from None
    if base64.b64encode(key).decode("ascii") != text.strip():
        raise InputError("an identity key is canonical base64", source=source, line=line)
    try:
        return check_identity_key(key)
    except InputError as exc:
        raise InputError(exc.message, source=source, line=line) from None


def parse_trustee_keys(text: str, *, source: str | None = None) -> tuple[bytes, ...]:
    """A trustee-keys file: one identity key per line, trustee 1's first; blank lines and
    lines starting with ``#`` are skipped. Two equal keys are refused."""
    keys: list[bytes] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key = parse_identity_key(stripped, source=source, line=number)
        if key in keys:
            raise InputError("this key is given twice", source=source, line=number)
        keys.append(key)
    if not keys:
        raise InputError("no identity key in the file", source=source)
    return tuple(keys)


def decode_pins(data: bytes, *, source: str | None = None) -> Pins:
    """Read a pin file (JSON, docs/spec/pins.md §2); every value it holds is checked."""
    try:
        pins = msgspec.json.decode(data, type=Pins)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a pin file: {exc}", source=source) from None
    if pins.format != PINS_FORMAT:
        raise InputError(
            f"pin file format {pins.format!r}, expected {PINS_FORMAT!r}", source=source
        )
    if pins.board_key is not None:
        try:
            parse_verifier_key(pins.board_key)
        except BoardError as exc:
            raise InputError(f"board_key: {exc}", source=source) from None
    if pins.trustee_keys is not None:
        if not pins.trustee_keys:
            raise InputError("trustee_keys: empty", source=source)
        for k, key in enumerate(pins.trustee_keys):
            try:
                check_identity_key(key)
            except InputError as exc:
                raise InputError(f"trustee_keys[{k}]: {exc.message}", source=source) from None
        if len(set(pins.trustee_keys)) != len(pins.trustee_keys):
            raise InputError("trustee_keys: a key is given twice", source=source)
    if pins.credentials is not None:
        pins = msgspec.structs.replace(
            pins, credentials=parse_fingerprint(pins.credentials, source=source)
        )
    return pins


def encode_pins(pins: Pins) -> bytes:
    """The pin file's text (JSON, indented, final line feed)."""
    return msgspec.json.format(msgspec.json.encode(pins), indent=2) + b"\n"
