"""The public credential list: what the server keeps, and what observers compare.

Only public keys and their districts -- no voter id, no name, and sorted by key bytes so the
order says nothing about the roll (as in Belenios, a ballot is linkable to a credential, never
to a person). The bytes are canonical (one encoding per list), so its SHA-256 fingerprint read
aloud at the upload identifies exactly what was uploaded. docs/spec/credentials.md §5.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Collection, Sequence
from typing import Final

import msgspec

from oylama.credentials._keys import SignatureError, check_public_key
from oylama.errors import InputError

FORMAT: Final = "oylama-public-credentials/v1"


class PublicCredential(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One public credential: the Ed25519 public key (standard padded base64) and the
    district whose ballot (and the city-wide one, if any) it may cast."""

    public_key: str
    district: str

    @property
    def key_bytes(self) -> bytes:
        return base64.b64decode(self.public_key)


class PublicCredentialList(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """An election's public credentials, sorted by public key bytes, no duplicates."""

    format: str
    election_id: str
    credentials: tuple[PublicCredential, ...]

    def districts(self) -> dict[str, int]:
        """Credentials per district, districts in sorted order."""
        counts: dict[str, int] = {}
        for c in self.credentials:
            counts[c.district] = counts.get(c.district, 0) + 1
        return dict(sorted(counts.items()))


def encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def _decode_key(text: str, where: str) -> bytes:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise InputError(f"{where}: public_key is not standard base64") from None
    if encode_key(raw) != text:
        raise InputError(f"{where}: public_key is not canonical base64")
    try:
        check_public_key(raw)
    except SignatureError as exc:
        raise InputError(f"{where}: {exc.message}") from None
    return raw


def dump_public_list(public: PublicCredentialList) -> bytes:
    """The canonical bytes: compact JSON, fields in the order format, election_id,
    credentials (each public_key, district), then one ``\\n``."""
    return msgspec.json.encode(public) + b"\n"


#: Bytes of one part of a list on the board (credentials §5.4): the board's largest payload
#: (board §3), so a list of a million voters, about 85 MB, is six consecutive entries.
LIST_PART = 16 * 1024 * 1024


def list_parts(data: bytes) -> list[bytes]:
    """The list cut into the payloads of its ``credentials`` entries (credentials §5.4): parts
    of :data:`LIST_PART` bytes, the last shorter; the cut is at a byte count, so that there is
    one way to publish a list and the fingerprint stays that of the whole file."""
    return [data[k : k + LIST_PART] for k in range(0, len(data), LIST_PART)]


def join_parts(parts: Sequence[bytes]) -> bytes:
    """The list from the payloads of consecutive ``credentials`` entries, refusing any cut
    other than :func:`list_parts`'s (a part of another size but the last, an empty part)."""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if not part or len(part) > LIST_PART or (not last and len(part) != LIST_PART):
            raise InputError(
                f"credential list part {i} of {len(parts)} has {len(part)} bytes: every part "
                f"but the last holds exactly {LIST_PART} (credentials §5.4)"
            )
    if not parts:
        raise InputError("no credential list")
    return b"".join(parts)


def fingerprint(data: bytes) -> str:
    """SHA-256 of a list's bytes, lowercase hex: what staff and observers compare."""
    return hashlib.sha256(data).hexdigest()


#: Hex digits of the fingerprint printed on each voter's letter (80 bits: a list whose
#: fingerprint starts the same takes about 2^80 hashes to find).
LETTER_DIGITS = 20


def letter_fingerprint(fingerprint: str) -> str:
    """The fingerprint's first :data:`LETTER_DIGITS` digits in groups of five joined by ``-``
    (e.g. ``3f2a9-c81d0-77b4e-01a9c``), as the letters print it: a voter's device pins the
    list with it (credentials §6, pins.md)."""
    head = fingerprint[:LETTER_DIGITS]
    return "-".join(head[k : k + 5] for k in range(0, LETTER_DIGITS, 5))


def load_public_list(
    data: bytes,
    *,
    source: str | None = None,
    election_id: str | None = None,
    districts: Collection[str] | None = None,
) -> PublicCredentialList:
    """Read a public list and refuse anything but canonical, valid content: unknown fields,
    another format, another election (if ``election_id`` is given), a key that is not a
    canonical prime-order point, a duplicate, keys out of order, a district not in
    ``districts`` (if given), or bytes other than :func:`dump_public_list` would write."""
    try:
        public = msgspec.json.decode(data, type=PublicCredentialList)
    except msgspec.ValidationError as exc:
        raise InputError(f"not a public credential list: {exc}", source=source) from None
    except msgspec.DecodeError as exc:
        raise InputError(f"not JSON: {exc}", source=source) from None
    except RecursionError:
        raise InputError("not a public credential list: nested too deeply", source=source) from None
    if public.format != FORMAT:
        raise InputError(f"format is {public.format!r}, expected {FORMAT!r}", source=source)
    if not public.election_id:
        raise InputError("election_id is empty", source=source)
    if election_id is not None and public.election_id != election_id:
        raise InputError(
            f"list is for election {public.election_id!r}, not {election_id!r}", source=source
        )
    if not public.credentials:
        raise InputError("no credentials", source=source)
    previous: bytes | None = None
    for k, cred in enumerate(public.credentials):
        where = f"credentials[{k}]"
        try:
            raw = _decode_key(cred.public_key, where)
        except InputError as exc:
            raise InputError(exc.message, source=source) from None
        if previous is not None and raw == previous:
            raise InputError(f"{where}: duplicate public key", source=source)
        if previous is not None and raw < previous:
            raise InputError(f"{where}: not sorted by public key bytes", source=source)
        previous = raw
        if not cred.district:
            raise InputError(f"{where}: empty district", source=source)
        if districts is not None and cred.district not in districts:
            raise InputError(
                f"{where}: district {cred.district!r} has no ballot in the definition",
                source=source,
            )
    if dump_public_list(public) != data:
        raise InputError("not in canonical form (docs/spec/credentials.md §5)", source=source)
    return public
