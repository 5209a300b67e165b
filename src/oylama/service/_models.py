"""The response bodies, as msgspec structs (``bytes`` fields are encoded as padded base64).

Their field names and types are the public wire format (``docs/spec/board.md`` §8): observers'
tools parse exactly these shapes, so a change here is a breaking change of the API.
"""

from __future__ import annotations

import msgspec


class ElectionOut(msgspec.Struct):
    """One election of ``GET /api/v1/elections``."""

    id: str
    title: str
    status: str


class KeyOut(msgspec.Struct):
    """``GET .../board/key``: the trusted key of the election's checkpoints."""

    origin: str
    key_name: str
    ed25519_public_key: bytes


class EntryOut(msgspec.Struct):
    """One entry: its index and canonical bytes (its Merkle leaf is SHA-256(0x00 || data))."""

    index: int
    data: bytes


class EntriesOut(msgspec.Struct):
    """``GET .../board/entries``: consecutive entries ``start <= index < end``."""

    entries: list[EntryOut]


class InclusionOut(msgspec.Struct):
    """``GET .../board/proof/inclusion``: RFC 9162 PATH(index, D[size]), innermost first."""

    index: int
    size: int
    hashes: list[bytes]


class ConsistencyOut(msgspec.Struct):
    """``GET .../board/proof/consistency``: RFC 9162 PROOF(old, D[new])."""

    old: int
    new: int
    hashes: list[bytes]


class HealthOut(msgspec.Struct):
    """``GET /api/v1/health``."""

    status: str
