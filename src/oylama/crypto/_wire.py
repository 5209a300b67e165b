"""JSON wire form of the crypto structures: msgspec JSON, bytes as padded standard base64.

msgspec's base64 decoder tolerates non-zero padding bits (``"AB=="`` decodes like
``"AA=="``), so :func:`from_json` re-encodes and compares: each structure has exactly one
accepted JSON text, which is what the bulletin board records (docs/spec/crypto.md §9).
"""

from __future__ import annotations

from typing import TypeVar

import msgspec

from oylama.crypto._errors import EncodingError

T = TypeVar("T")

_encoder = msgspec.json.Encoder()


def to_json(obj: object) -> bytes:
    """The canonical JSON text of a crypto structure (fields in declaration order, no spaces)."""
    return _encoder.encode(obj)


def from_json(data: bytes, type: type[T]) -> T:
    """Decode ``data`` as ``type``; refuse anything that is not exactly its canonical text."""
    try:
        obj = msgspec.json.decode(data, type=type)
    except msgspec.DecodeError as e:
        raise EncodingError(f"malformed {type.__name__} JSON: {e}") from None
    except RecursionError:
        raise EncodingError(f"malformed {type.__name__} JSON: nested too deeply") from None
    if _encoder.encode(obj) != data:
        raise EncodingError(f"non-canonical {type.__name__} JSON")
    return obj
