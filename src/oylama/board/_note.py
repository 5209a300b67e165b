"""C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys.

A note is UTF-8 text ending in a newline, a blank line, then signature lines
``— <key name> <base64(key ID || signature)>``. This module knows nothing of checkpoints: it
signs and opens notes so that :mod:`oylama.board._checkpoint` can put a tree head in them, and
so that interoperability can be tested against other implementations' notes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from oylama.board._errors import CheckpointError

#: Signature type byte of Ed25519 in signed notes (C2SP signed-note, "Signature types").
ED25519_TYPE = b"\x01"

#: The em dash (U+2014) and space that open every signature line.
SIGNATURE_PREFIX = "\u2014 "

#: At most this many signature lines are read (the signed-note spec requires at least 16).
MAX_SIGNATURES = 100


def check_name(what: str, name: object) -> str:
    """Key names (and our origins): non-empty, no Unicode space, no ``+``, no control char."""
    if not isinstance(name, str) or not name:
        raise CheckpointError(f"{what} must be a non-empty string")
    for ch in name:
        if ch.isspace() or ch in "+\ufeff" or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            raise CheckpointError(f"{what} {name!r} contains a space, '+' or control character")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise CheckpointError(f"{what} is not valid UTF-8 text") from None
    return name


def b64decode_strict(what: str, text: str) -> bytes:
    """Standard padded base64 (RFC 4648 §4), accepting only the canonical encoding."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise CheckpointError(f"{what} is not valid base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise CheckpointError(f"{what} is not in canonical base64")
    return raw


def _public_bytes(public_key: VerifyKey | bytes) -> bytes:
    pub = bytes(public_key) if isinstance(public_key, VerifyKey) else public_key
    if not isinstance(pub, bytes) or len(pub) != 32:
        raise CheckpointError("an Ed25519 public key is 32 bytes")
    return pub


def key_id(key_name: str, public_key: VerifyKey | bytes) -> bytes:
    """SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4]."""
    check_name("key name", key_name)
    material = key_name.encode("utf-8") + b"\n" + ED25519_TYPE + _public_bytes(public_key)
    return hashlib.sha256(material).digest()[:4]


def verifier_key(key_name: str, public_key: VerifyKey | bytes) -> str:
    """The ``<name>+<hex key ID>+<base64(0x01 || public key)>`` string that publishes a key."""
    pub = _public_bytes(public_key)
    material = base64.b64encode(ED25519_TYPE + pub).decode("ascii")
    return f"{key_name}+{key_id(key_name, pub).hex()}+{material}"


def parse_verifier_key(vkey: str) -> tuple[str, bytes]:
    """Parse a verifier key string into (key name, Ed25519 public key), checking its key ID."""
    if not isinstance(vkey, str):
        raise CheckpointError("a verifier key must be str")
    parts = vkey.split("+", 2)
    if len(parts) != 3:
        raise CheckpointError("a verifier key is '<name>+<key ID>+<key>'")
    name, kid, material = parts
    check_name("key name", name)
    raw = b64decode_strict("verifier key", material)
    if len(raw) != 33 or raw[:1] != ED25519_TYPE:
        raise CheckpointError("only Ed25519 verifier keys (type 0x01, 32 bytes) are supported")
    if kid != key_id(name, raw[1:]).hex():
        raise CheckpointError("the verifier key's key ID does not match its name and key")
    return name, raw[1:]


def sign_note(text: str, key_name: str, signing_key: SigningKey) -> str:
    """``text`` (ending in a newline), a blank line and one Ed25519 signature line."""
    _check_text(text)
    kid = key_id(key_name, signing_key.verify_key)
    signature = signing_key.sign(text.encode("utf-8")).signature
    sig = base64.b64encode(kid + signature).decode("ascii")
    return f"{text}\n{SIGNATURE_PREFIX}{key_name} {sig}\n"


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise CheckpointError("note text must be str")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CheckpointError("the note is not valid UTF-8 text") from None
    if any(ord(ch) < 0x20 and ch != "\n" for ch in text):
        raise CheckpointError("the note contains a control character other than newline")
    if not text.endswith("\n"):
        raise CheckpointError("the note text must end with a newline")


def split_note(note: str | bytes) -> tuple[str, list[tuple[str, bytes]]]:
    """Split a signed note into its text and its (key name, key ID || signature) pairs.

    Every signature line must be well formed, even those of keys we do not know.
    """
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError:
            raise CheckpointError("the note is not valid UTF-8") from None
    _check_text(note)
    split = note.rfind("\n\n")
    if split < 0:
        raise CheckpointError("the note has no blank line before its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    lines = block[:-1].split("\n") if block else []
    if not lines:
        raise CheckpointError("the note has no signature line")
    if len(lines) > MAX_SIGNATURES:
        raise CheckpointError(f"the note has more than {MAX_SIGNATURES} signatures")
    sigs: list[tuple[str, bytes]] = []
    for line in lines:
        if not line.startswith(SIGNATURE_PREFIX):
            raise CheckpointError("a signature line must start with an em dash and a space")
        parts = line[len(SIGNATURE_PREFIX) :].split(" ")
        if len(parts) != 2:
            raise CheckpointError("a signature line must be '\u2014 <name> <base64>'")
        name = check_name("key name", parts[0])
        raw = b64decode_strict("signature", parts[1])
        if len(raw) < 5:
            raise CheckpointError("a signature must hold a 4-byte key ID and a signature")
        sigs.append((name, raw))
    return text, sigs


def verify_note(note: str | bytes, key_name: str, public_key: VerifyKey | bytes) -> str:
    """Open a signed note with one trusted Ed25519 key and return its text.

    Exactly one signature line must carry this key's name and key ID, and it must verify.
    Signatures of other keys are ignored, as the specification requires (cosignatures).
    """
    pub = _public_bytes(public_key)
    kid = key_id(key_name, pub)
    text, sigs = split_note(note)
    mine = [raw[4:] for name, raw in sigs if name == key_name and raw[:4] == kid]
    if not mine:
        raise CheckpointError(f"no signature by key {key_name!r}")
    if len(mine) > 1:
        raise CheckpointError(f"more than one signature by key {key_name!r}")
    if len(mine[0]) != 64:
        raise CheckpointError("an Ed25519 signature is 64 bytes")
    try:
        VerifyKey(pub).verify(text.encode("utf-8"), mine[0])
    except BadSignatureError:
        raise CheckpointError(f"bad signature by key {key_name!r}") from None
    return text
