"""The record file and the JSON payloads of every board entry kind (record.md §2, §3)."""

from __future__ import annotations

from oylama_audit._wire import Ciphertext, EncryptedBallot, PartialDecryption, TrusteePublic, Wire

RECORD_FORMAT = "oylama-record/v1"


class RecordFile(Wire):
    format: str
    election_id: str
    board_key: str
    entries: list[bytes]
    checkpoints: list[str]


class SignedRecordPayload(Wire):
    record: TrusteePublic
    signature: bytes


class CommitmentPayload(Wire):
    index: int
    joint_key: bytes
    signature: bytes


class OpenedPayload(Wire):
    manifest_hash: bytes
    joint_key: bytes
    base_hash: bytes
    credentials: str
    voters: int
    by: str


class BallotPayload(Wire):
    credential: bytes
    signature: bytes
    ballot: EncryptedBallot


class SupersededPayload(Wire):
    credential: bytes
    style: str
    superseded: int
    by: int


class ClosedStyle(Wire):
    style: str
    cast: int
    counted: int


class ClosedPayload(Wire):
    styles: list[ClosedStyle]
    by: str


class TallyPayload(Wire):
    style: str
    ballots: int
    ciphertexts: list[Ciphertext]


class PartialPayload(Wire):
    style: str
    decryption: PartialDecryption


class ResultPayload(Wire):
    style: str
    ballots: int
    trustees: list[int]
    sums: list[int]
    scores: list[int]
    by: str


class AllocationPayload(Wire):
    style: str
    rule: str
    selected: list[str]
    cost: str
    budget: str
    by: str


class StaffPayload(Wire):
    """record §2 ``staff``: the roster after a change, what changed and who changed it."""

    by: str
    added: list[str]
    removed: list[str]
    staff: list[str]


__all__ = [
    "RECORD_FORMAT",
    "AllocationPayload",
    "BallotPayload",
    "ClosedPayload",
    "ClosedStyle",
    "CommitmentPayload",
    "OpenedPayload",
    "PartialPayload",
    "RecordFile",
    "ResultPayload",
    "SignedRecordPayload",
    "StaffPayload",
    "SupersededPayload",
    "TallyPayload",
    "TrusteePublic",
]
