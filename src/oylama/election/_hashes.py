"""The election's three hashes: of the manifest, the ceremony context and the base hash.

Each is SHA-256 over length-prefixed fields (``LP`` of crypto spec §3.1) behind its own tag,
so no hash can be mistaken for another: the manifest hash names the document (on the board),
the ceremony context is the ``context`` of the key ceremony (it cannot contain the key, which
does not exist yet), and the base hash -- manifest and joint key -- is the ``context`` of every
ballot and decryption proof (docs/spec/election.md §4).
"""

from __future__ import annotations

import hashlib
from typing import Final

from oylama.crypto import Point, check_public_key
from oylama.crypto.hazmat import lp
from oylama.election._manifest import Manifest, encode_manifest

#: The prefix of the election layer's hash tags.
TAG_PREFIX: Final = b"oylama/election/v1/"

#: Size of every hash of this module.
HASH_SIZE: Final = 32


def _hash(tag: str, *fields: bytes) -> bytes:
    data = lp(TAG_PREFIX + tag.encode("ascii")) + b"".join(lp(f) for f in fields)
    return hashlib.sha256(data).digest()


def manifest_hash(manifest: Manifest) -> bytes:
    """``SHA-256(LP("oylama/election/v1/manifest") || LP(canonical bytes))``."""
    return _hash("manifest", encode_manifest(manifest))


def ceremony_context(manifest: Manifest) -> bytes:
    """``SHA-256(LP("oylama/election/v1/ceremony-context") || LP(manifest_hash))``: the
    ``context`` of the key ceremony (trustees spec §2)."""
    return _hash("ceremony-context", manifest_hash(manifest))


def base_hash(manifest: Manifest, joint_key: Point | bytes) -> bytes:
    """``SHA-256(LP("oylama/election/v1/base-hash") || LP(manifest_hash) || LP(K))``: the
    ``context`` of ballots and decryption proofs (crypto spec §3.1).

    ``joint_key`` is the ceremony's joint key ``K``, a :class:`Point` or its 32-byte encoding
    (decoded strictly; the identity is refused).
    """
    key = joint_key if isinstance(joint_key, Point) else Point.decode(joint_key)
    check_public_key(key)
    return _hash("base-hash", manifest_hash(manifest), key.encode())
