"""Fiat–Shamir challenges in the strong form, with one exact byte layout.

Every challenge hashes a domain-separation tag, the election's 32-byte ``context`` (its base
hash: manifest and joint key), a caller-chosen ``label`` (which ballot, which position), the
full statement and the prover's commitments. Each field is length-prefixed so that no two
different field lists give the same bytes, and the tag is different for every proof type, so a
proof cannot be replayed in another election, at another position, or as another kind of proof
(docs/spec/crypto.md, section 3).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from typing import Final

from oylama.crypto._errors import CryptoError
from oylama.crypto._group import L, Point, encode_scalar

#: Size of the election context (its base hash).
CONTEXT_SIZE: Final = 32

#: Longest label accepted, in bytes.
MAX_LABEL: Final = 1024

#: The prefix of every domain-separation tag.
TAG_PREFIX: Final = b"oylama/crypto/v2/"


def lp(data: bytes) -> bytes:
    """``LP(x) = u32be(len(x)) || x``: the length-prefixed form of one field."""
    return len(data).to_bytes(4, "big") + data


def check_context(context: bytes, label: bytes) -> None:
    """Refuse a context that is not 32 bytes or a label longer than :data:`MAX_LABEL`."""
    if not isinstance(context, bytes) or len(context) != CONTEXT_SIZE:
        raise CryptoError(f"context must be {CONTEXT_SIZE} bytes (the election base hash)")
    if not isinstance(label, bytes) or len(label) > MAX_LABEL:
        raise CryptoError(f"label must be bytes of at most {MAX_LABEL} bytes")


@functools.lru_cache(maxsize=4096)
def integer(v: int) -> bytes:
    """A public integer of a statement (a value, a bound, an index): 32 bytes little-endian.

    Cached: the same few values recur in every proof of a ballot."""
    return encode_scalar(v)


Field = bytes | Point


_LP32: Final = (32).to_bytes(4, "big")


def transcript(tag: str, context: bytes, label: bytes, fields: Iterable[Field]) -> bytes:
    """``LP(TAG_PREFIX || tag) || LP(context) || LP(label) || LP(f_1) || … || LP(f_n)``.

    Points enter as their 32-byte encodings (the identity as 32 zero bytes).
    """
    parts = [lp(TAG_PREFIX + tag.encode("ascii")), lp(context), lp(label)]
    for f in fields:
        b = f.encode() if isinstance(f, Point) else f
        # Nearly every field is a 32-byte point or scalar: its prefix is a constant.
        parts.append(_LP32 + b if len(b) == 32 else lp(b))
    return b"".join(parts)


def challenge(tag: str, context: bytes, label: bytes, fields: Iterable[Field]) -> int:
    """The challenge scalar: ``SHA-512(transcript)`` read little-endian, modulo ``L``."""
    digest = hashlib.sha512(transcript(tag, context, label, fields)).digest()
    return int.from_bytes(digest, "little") % L
