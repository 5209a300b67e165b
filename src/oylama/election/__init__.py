"""The election manifest and its hashes: what binds ballot definitions, trustees and ballots.

A :class:`Manifest` is the canonical public description of an election, fixed before the key
ceremony (:func:`manifest_from_definition` builds it from a checked ballot definition). It has
exactly one accepted byte encoding (:func:`encode_manifest`, :func:`decode_manifest`), which
the board publishes as the ``manifest`` entry. Three hashes derive from it:
:func:`manifest_hash` (the document), :func:`ceremony_context` (the ``context`` of the key
ceremony) and :func:`base_hash` (manifest and joint key: the ``context`` of every ballot and
decryption proof). Normative description: docs/spec/election.md.

Trustees sign their ceremony records and commitments with long-term identity keys fixed in
the manifest (:func:`sign_record`, :func:`verify_record_signature`, ...); clients hold the
server to values published out of band with :class:`Pins`; and a trustee verifies a closed
log in full before it decrypts anything (:class:`TallyLogVerifier`).

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
from oylama.election._identity import (
    COMMITMENT_TAG,
    RECORD_TAG,
    IdentityError,
    check_identity_key,
    commitment_message,
    identity_public_key,
    new_identity_seed,
    record_message,
    sign_commitment,
    sign_record,
    verify_commitment_signature,
    verify_record_signature,
)
from oylama.election._manifest import (
    CITY_WIDE,
    MAX_ELECTION_ID,
    SPEC_VERSION,
    CryptoStyle,
    Manifest,
    ManifestBallot,
    ManifestDistrict,
    ManifestPhase,
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
    SignedTrusteeRecord,
    Staff,
    Tally,
    TrusteeCommitment,
    ballot_payload,
    decode_ballot_text,
    decode_payload,
    decode_spoiled_text,
    encode_payload,
)
from oylama.election._pins import (
    LETTER_PREFIX,
    PINS_FORMAT,
    PinError,
    Pins,
    decode_pins,
    encode_pins,
    parse_fingerprint,
    parse_identity_key,
    parse_trustee_keys,
)
from oylama.election._record import (
    RECORD_FORMAT,
    RecordFile,
    RecordWriter,
    decode_record,
    encode_record,
    make_record,
)
from oylama.election._verify import (
    BallotTask,
    LogError,
    TallyLog,
    TallyLogVerifier,
    allowed_districts,
    check_ballot_task,
)

__all__ = [
    "CITY_WIDE",
    "COMMITMENT_TAG",
    "HASH_SIZE",
    "LETTER_PREFIX",
    "MAX_ELECTION_ID",
    "PAYLOAD_TYPES",
    "PINS_FORMAT",
    "RECORD_FORMAT",
    "RECORD_TAG",
    "SPEC_VERSION",
    "TAG_PREFIX",
    "Allocation",
    "BallotPayload",
    "BallotSuperseded",
    "BallotTask",
    "Closed",
    "ClosedStyle",
    "CryptoStyle",
    "IdentityError",
    "LogError",
    "Manifest",
    "ManifestBallot",
    "ManifestDistrict",
    "ManifestPhase",
    "ManifestProject",
    "ManifestText",
    "Opened",
    "PartialDecryptionPayload",
    "PayloadError",
    "PinError",
    "Pins",
    "RecordFile",
    "RecordWriter",
    "Result",
    "SignedTrusteeRecord",
    "Staff",
    "Tally",
    "TallyLog",
    "TallyLogVerifier",
    "TrusteeCommitment",
    "allowed_districts",
    "ballot_payload",
    "base_hash",
    "ceremony_context",
    "check_ballot_task",
    "check_identity_key",
    "check_manifest",
    "check_origin",
    "commitment_message",
    "decimal_text",
    "decode_ballot_text",
    "decode_manifest",
    "decode_payload",
    "decode_pins",
    "decode_record",
    "decode_spoiled_text",
    "encode_manifest",
    "encode_payload",
    "encode_pins",
    "encode_record",
    "float_text",
    "identity_public_key",
    "make_record",
    "manifest_from_definition",
    "manifest_hash",
    "new_identity_seed",
    "parse_fingerprint",
    "parse_identity_key",
    "parse_trustee_keys",
    "record_message",
    "sign_commitment",
    "sign_record",
    "time_text",
    "verify_commitment_signature",
    "verify_record_signature",
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

# -- paper ballots (docs/spec/record.md §2 items 7b-7c) --
from oylama.election._paper import (  # noqa: E402
    KEYINGS,
    MAX_STATION,
    PAPER_SIGNATURE_TAG,
    PaperBallot,
    PaperKeyer,
    PaperKeying,
    PaperStatement,
    check_paper_choices,
    check_station,
    clear_sums,
    keyer_public_key,
    paper_message,
    paper_tally_values,
    sign_paper,
    statement_bytes,
    verify_paper_signature,
)

__all__ += [
    "KEYINGS",
    "MAX_STATION",
    "PAPER_SIGNATURE_TAG",
    "PaperBallot",
    "PaperKeyer",
    "PaperKeying",
    "PaperStatement",
    "check_paper_choices",
    "check_station",
    "clear_sums",
    "keyer_public_key",
    "paper_message",
    "paper_tally_values",
    "sign_paper",
    "statement_bytes",
    "verify_paper_signature",
]
