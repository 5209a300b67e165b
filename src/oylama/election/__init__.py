"""The election manifest and its hashes: what binds ballot definitions, trustees and ballots.

A :class:`Manifest` is the canonical public description of an election, fixed before the key
ceremony (:func:`manifest_from_definition` builds it from a checked ballot definition). It has
exactly one accepted byte encoding (:func:`encode_manifest`, :func:`decode_manifest`), which
the board publishes as the ``manifest`` entry. Three hashes derive from it:
:func:`manifest_hash` (the document), :func:`ceremony_context` (the ``context`` of the key
ceremony) and :func:`base_hash` (manifest and joint key: the ``context`` of every ballot and
decryption proof). Normative description: docs/spec/election.md.
"""

from oylama.election._convert import decimal_text, float_text, manifest_from_definition, time_text
from oylama.election._hashes import (
    HASH_SIZE,
    TAG_PREFIX,
    base_hash,
    ceremony_context,
    manifest_hash,
)
from oylama.election._manifest import (
    CITY_WIDE,
    MAX_ELECTION_ID,
    SPEC_VERSION,
    CryptoStyle,
    Manifest,
    ManifestBallot,
    ManifestDistrict,
    ManifestProject,
    ManifestText,
    check_manifest,
    check_origin,
    decode_manifest,
    encode_manifest,
)

__all__ = [
    "CITY_WIDE",
    "HASH_SIZE",
    "MAX_ELECTION_ID",
    "SPEC_VERSION",
    "TAG_PREFIX",
    "CryptoStyle",
    "Manifest",
    "ManifestBallot",
    "ManifestDistrict",
    "ManifestProject",
    "ManifestText",
    "base_hash",
    "ceremony_context",
    "check_manifest",
    "check_origin",
    "decimal_text",
    "decode_manifest",
    "encode_manifest",
    "float_text",
    "manifest_from_definition",
    "manifest_hash",
    "time_text",
]
