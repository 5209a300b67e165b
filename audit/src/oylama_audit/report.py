"""The verification report: numbered checks with pass and fail counts, and each failure named."""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec

#: Every check of ``oylama-audit verify``, in the order they run (docs/audit.md explains each).
CHECKS: tuple[tuple[str, str], ...] = (
    ("R1", "record file is the canonical record text"),
    ("R2", "every entry decodes canonically, election id as the record's"),
    ("R3", "hash chain: indexes, links, timestamps"),
    ("R4", "checkpoints signed by the board key, origin, sizes"),
    ("R5", "checkpoint roots are the Merkle roots of the log (consistency)"),
    ("R6", "manifest: canonical, valid, entry 0 only"),
    ("R7", "entry kinds in the order of record §2"),
    ("R8", "trustee records (key ceremony)"),
    ("R9", "trustee commitments name the joint key"),
    ("R10", "public credential list"),
    ("R11", "opened: hashes, key, fingerprint, voters"),
    ("R12", "ballots: listed credential, eligible style, signature, unique id"),
    ("R13", "ballot proofs"),
    ("R14", "revotes: superseded entries exactly, last ballot counted"),
    ("R15", "closed: cast and counted per style"),
    ("R16", "tally ciphertexts are the homomorphic sums of the counted ballots"),
    ("R17", "partial decryptions verify"),
    ("R18", "results: combination gives the sums, scores from sums"),
    ("R19", "allocation recomputed with the reference rule"),
    ("R20", "spoiled ballots open to their choices and are never cast"),
    ("R21", "pinned board key (and election)"),
    ("R22", "pinned trustee identity keys"),
    ("R23", "pinned credential list fingerprint"),
    ("R24", "staff: roster changes, and a staff account behind every lifecycle entry"),
    ("R25", "paper keyers: staff accounts with valid keys"),
    ("R26", "paper ballots: listed credential, eligible style, valid choices, keyed twice"),
    ("R27", "paper and online: the manifest's rule, the code used after paper"),
)

MAX_LISTED = 50


@dataclass
class Check:
    id: str
    name: str
    passed: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def ok(self, n: int = 1) -> None:
        self.passed += n

    def fail(self, message: str) -> None:
        self.failed += 1
        if len(self.failures) < MAX_LISTED:
            self.failures.append(message)
        elif len(self.failures) == MAX_LISTED:
            self.failures.append("… (further failures not listed)")


@dataclass
class Report:
    election_id: str = ""
    phase: str = ""
    entries: int = 0
    checks: dict[str, Check] = field(
        default_factory=lambda: {cid: Check(cid, name) for cid, name in CHECKS}
    )
    fatal: str | None = None  # why verification could not go on

    def __getitem__(self, cid: str) -> Check:
        return self.checks[cid]

    @property
    def passed(self) -> bool:
        return self.fatal is None and all(c.failed == 0 for c in self.checks.values())

    def failed_ids(self) -> list[str]:
        return [c.id for c in self.checks.values() if c.failed]

    def to_json(self) -> bytes:
        return msgspec.json.encode(
            {
                "election_id": self.election_id,
                "phase": self.phase,
                "entries": self.entries,
                "passed": self.passed,
                "fatal": self.fatal,
                "checks": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "passed": c.passed,
                        "failed": c.failed,
                        "failures": c.failures,
                        "notes": c.notes,
                    }
                    for c in self.checks.values()
                ],
            }
        )
