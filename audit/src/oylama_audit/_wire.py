"""The JSON wire structures of crypto §9, ballots §6, trustees §9 and record §2.

Each structure has exactly one accepted text: decoding refuses unknown and missing fields,
then the decoded value is re-encoded and compared byte for byte with the input, which also
refuses white space, another field order and non-canonical base64 (crypto §9, record §1).
Lengths and values of byte fields are checked where they are used.
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

from oylama_audit._errors import EncodingError

T = TypeVar("T")


class Wire(msgspec.Struct, forbid_unknown_fields=True):
    """Base of the wire structures (fields in spec order, none optional)."""


class Ciphertext(Wire):
    alpha: bytes
    beta: bytes


class SchnorrProof(Wire):
    commitment: bytes
    response: bytes


class DleqProof(Wire):
    commitment1: bytes
    commitment2: bytes
    response: bytes


class DisjunctiveProof(Wire):
    commitments: list[bytes]
    challenges: list[bytes]
    responses: list[bytes]


class TableProof(Wire):
    commitments: list[list[bytes]]
    challenges: list[bytes]
    responses: list[list[bytes]]


class RangeBit(Wire):
    ciphertext: Ciphertext
    commitments: list[bytes]
    challenge0: bytes
    response0: bytes
    response1: bytes


class RangeProof(Wire):
    bits: list[RangeBit]


class SelectionProof(Wire):
    one_of: DisjunctiveProof | None
    range: RangeProof | None
    table: TableProof | None


class BoundProof(Wire):
    range: RangeProof | None
    exact: DleqProof | None


class EncryptedBallot(Wire):
    election: bytes
    style: str
    ballot_id: bytes
    selections: list[Ciphertext]
    squares: list[Ciphertext]
    proofs: list[SelectionProof]
    count: BoundProof | None
    total: BoundProof | None


class SpoiledBallot(Wire):
    """ballots §6: a ballot opened for a Benaloh challenge (the ``ballot-spoiled`` payload)."""

    ballot: EncryptedBallot
    choices: list[int]
    randomness: list[bytes]
    square_randomness: list[bytes]


class TrusteePublic(Wire):
    index: int
    trustees: int
    threshold: int
    commitments: list[bytes]
    proofs: list[SchnorrProof]
    box_public: bytes


class PartialDecryption(Wire):
    index: int
    shares: list[bytes]
    proofs: list[DleqProof]


_encoder = msgspec.json.Encoder()
_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}


def encode(value: object) -> bytes:
    return _encoder.encode(value)


def decode_canonical(data: bytes, kind: type[T], what: str = "") -> T:
    """Decode ``data`` as ``kind`` and require it to be exactly the canonical text."""
    decoder = _decoders.get(kind)
    if decoder is None:
        decoder = _decoders[kind] = msgspec.json.Decoder(kind)
    name = what or kind.__name__
    try:
        value: T = decoder.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise EncodingError(f"{name}: {exc}") from None
    except RecursionError:  # a record crafted to crash the auditor fails the check instead
        raise EncodingError(f"{name}: JSON nested too deeply") from None
    if _encoder.encode(value) != data:
        raise EncodingError(f"{name}: not the canonical text")
    return value
