"""Where an election's participation log lives, and the canonical form of its payloads.

The election's own log starts with the manifest, fixed at the key ceremony, and ends with its
``allocation`` entries; a participatory-budgeting cycle changes state before (proposals,
supports, moderation, review), after (implementation) and beside the vote (assemblies). Those
changes go on a second log of the same board format, so that residents and observers can hold
the server to them exactly as to the vote (docs/spec/cycle.md §1).
"""

from __future__ import annotations

from typing import Final, TypeVar

import msgspec

from oylama.errors import InputError

#: Appended to an election id to name its participation log. Service election ids never
#: contain ``/`` (the definition's id rule), so no election's own log can have this id.
CYCLE_SUFFIX: Final = "/cycle"

T = TypeVar("T")

_ENCODER: Final = msgspec.json.Encoder()


def cycle_log_id(election_id: str) -> str:
    """The participation log's id (the ``election_id`` of its entries)."""
    return election_id + CYCLE_SUFFIX


def cycle_origin(election_origin: str) -> str:
    """The origin its checkpoints carry: the election board's origin plus ``/cycle``, so a
    checkpoint of one log can never pass for a checkpoint of the other (same signing key)."""
    return election_origin + CYCLE_SUFFIX


def encode_cycle_payload(obj: msgspec.Struct) -> bytes:
    """The canonical JSON text of a payload Struct (record §1's conventions)."""
    return _ENCODER.encode(obj)


def decode_cycle_payload(data: bytes, type_: type[T]) -> T:
    """Decode a payload of ``type_``; anything but exactly its canonical text is refused."""
    name = getattr(type_, "__name__", "payload")
    if not isinstance(data, bytes):
        raise InputError(f"{name}: a payload must be bytes")
    try:
        obj = msgspec.json.decode(data, type=type_)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{name}: {exc}") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply") from None
    if _ENCODER.encode(obj) != data:
        raise InputError(f"{name}: not in canonical form (re-encoding differs)")
    return obj
