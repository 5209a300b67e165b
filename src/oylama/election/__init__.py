"""The election manifest and its hashes: what binds ballot definitions, trustees and ballots.

A :class:`Manifest` is the canonical public description of an election, fixed before the key
ceremony (:func:`manifest_from_definition` builds it from a checked ballot definition). It has
exactly one accepted byte encoding (:func:`encode_manifest`, :func:`decode_manifest`), which
the board publishes as the ``manifest`` entry. Three hashes derive from it:
:func:`manifest_hash` (the document), :func:`ceremony_context` (the ``context`` of the key
ceremony) and :func:`base_hash` (manifest and joint key: the ``context`` of every ballot and
decryption proof). Normative description: docs/spec/election.md.

The payloads of the election's board entries and the downloadable record file (one canonical
text each: :func:`encode_payload`, :func:`decode_payload`, :func:`encode_record`,
:func:`decode_record`) are in docs/spec/record.md.
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
from oylama.election._payloads import (
    PAYLOAD_TYPES,
    Allocation,
    BallotPayload,
    BallotSuperseded,
    Closed,
    ClosedStyle,
    Opened,
    PartialDecryptionPayload,
    PayloadError,
    Result,
    Tally,
    TrusteeCommitment,
    ballot_payload,
    decode_ballot_text,
    decode_payload,
    decode_spoiled_text,
    encode_payload,
)
from oylama.election._record import (
    RECORD_FORMAT,
    RecordFile,
    decode_record,
    encode_record,
    make_record,
)

__all__ = [
    "CITY_WIDE",
    "HASH_SIZE",
    "MAX_ELECTION_ID",
    "PAYLOAD_TYPES",
    "RECORD_FORMAT",
    "SPEC_VERSION",
    "TAG_PREFIX",
    "Allocation",
    "BallotPayload",
    "BallotSuperseded",
    "Closed",
    "ClosedStyle",
    "CryptoStyle",
    "Manifest",
    "ManifestBallot",
    "ManifestDistrict",
    "ManifestProject",
    "ManifestText",
    "Opened",
    "PartialDecryptionPayload",
    "PayloadError",
    "RecordFile",
    "Result",
    "Tally",
    "TrusteeCommitment",
    "ballot_payload",
    "base_hash",
    "ceremony_context",
    "check_manifest",
    "check_origin",
    "decimal_text",
    "decode_ballot_text",
    "decode_manifest",
    "decode_payload",
    "decode_record",
    "decode_spoiled_text",
    "encode_manifest",
    "encode_payload",
    "encode_record",
    "float_text",
    "make_record",
    "manifest_from_definition",
    "manifest_hash",
    "time_text",
]

# -- the mixnet's payloads (docs/spec/mixnet.md §8) --
from oylama.election._mix import (
    MIX_PAYLOAD_TYPES,
    MixDecryption,
    MixedBallots,
    Shuffle,
    ShuffleRow,
    ShuffleRows,
    ShuffleSummary,
    mix_step_from_payloads,
    shuffle_payloads,
)

__all__ += [
    "MIX_PAYLOAD_TYPES",
    "MixDecryption",
    "MixedBallots",
    "Shuffle",
    "ShuffleRow",
    "ShuffleRows",
    "ShuffleSummary",
    "mix_step_from_payloads",
    "shuffle_payloads",
]
