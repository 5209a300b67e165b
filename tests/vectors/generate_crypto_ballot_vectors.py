"""Generate the known-answer ballot vectors of docs/spec/ballots.md (docs/spec/vectors/).

Deterministic: every random value comes from ``DeterministicRng(b"ballots")`` consumed in the
order below, so running this twice gives the same bytes (tests/test_crypto_ballots.py
regenerates and compares byte for byte, then verifies every ballot). Usage::

    .venv/bin/python tests/vectors/generate_crypto_ballot_vectors.py          # writes the file
    .venv/bin/python tests/vectors/generate_crypto_ballot_vectors.py --check  # compares only
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import msgspec
from nacl.signing import SigningKey

from oylama.crypto import (
    BallotStyle,
    ballot_label,
    encrypt_ballot,
    format_tracking_code,
    public_key,
    spoil,
    to_json,
    tracking_code,
)
from oylama.crypto.hazmat import DeterministicRng, random_scalar

OUT = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors" / "crypto-ballots.json"

#: (style, choices) of every vector, in order; small so that the file stays readable.
CASES: list[tuple[BallotStyle, list[int]]] = [
    (
        BallotStyle(id="approval-1", kind="approval", projects=3, min_count=1, max_count=2),
        [1, 0, 1],
    ),
    (
        BallotStyle(id="approval-exact", kind="approval", projects=3, min_count=2, max_count=2),
        [0, 1, 1],
    ),
    (
        BallotStyle(
            id="knapsack-25bit",
            kind="knapsack",
            projects=3,
            costs=(12_000_000, 9_500_000, 7_000_000),
            budget=24_000_000,
        ),
        [1, 0, 1],
    ),
    (
        BallotStyle(
            id="knapsack-count",
            kind="knapsack",
            projects=3,
            costs=(300, 0, 450),
            budget=700,
            max_count=2,
        ),
        [0, 1, 1],
    ),
    (BallotStyle(id="cumulative-5", kind="cumulative", projects=3, points=5), [2, 0, 3]),
    (BallotStyle(id="cumulative-10", kind="cumulative", projects=2, points=10), [6, 4]),
    (BallotStyle(id="quadratic", kind="quadratic", projects=2, max_votes=3, credits=10), [3, 1]),
    (
        BallotStyle(
            id="quadratic-signed", kind="quadratic", projects=2, max_votes=2, signed=True, credits=5
        ),
        [-2, 1],
    ),
]


def _wire(obj: object) -> Any:
    return json.loads(to_json(obj))


def context() -> bytes:
    """The stand-in election base hash of the vectors."""
    return hashlib.sha256(b"oylama test election ballots").digest()


def credential(i: int) -> bytes:
    """Voter ``i``'s public credential: an Ed25519 public key of a seed hashed from ``i``."""
    seed = hashlib.sha256(f"oylama test voter {i}".encode()).digest()
    return SigningKey(seed).verify_key.encode()


def ballot_vectors() -> dict[str, Any]:
    rng = DeterministicRng(b"ballots")
    secret = random_scalar(rng)
    key = public_key(secret)
    ctx = context()
    vectors = []
    for i, (style, choices) in enumerate(CASES):
        ballot_id = f"ballot-{i}".encode()
        cred = credential(i)
        ballot, secrets_ = encrypt_ballot(
            style, key, choices, context=ctx, ballot_id=ballot_id, credential=cred, rng=rng
        )
        code = tracking_code(ballot)
        vectors.append(
            {
                "style": msgspec.to_builtins(style),
                "choices": choices,
                "ballot_id": ballot_id.hex(),
                "credential": cred.hex(),
                "labels": {
                    "selection_0": ballot_label(style.id, ballot_id, cred, "selection", 0).hex(),
                    "count": ballot_label(style.id, ballot_id, cred, "count", 0).hex(),
                    "total": ballot_label(style.id, ballot_id, cred, "total", 0).hex(),
                },
                "ballot": _wire(ballot),
                "tracking_code": code.hex(),
                "tracking_code_text": format_tracking_code(code),
                "spoiled": _wire(spoil(ballot, secrets_)),
            }
        )
    return {
        "description": "valid ballots of every kind under one key and context, each by its "
        "own voter's credential; each must verify with that credential and no other, its "
        "tracking code and labels must match, and its spoiled form must check",
        "context": ctx.hex(),
        "secret": secret.to_bytes(32, "little").hex(),
        "public": key.encode().hex(),
        "vectors": vectors,
    }


def file_bytes() -> bytes:
    """The exact bytes of docs/spec/vectors/crypto-ballots.json."""
    return (json.dumps(ballot_vectors(), indent=1) + "\n").encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    data = file_bytes()
    if args.check:
        if not OUT.exists() or OUT.read_bytes() != data:
            print(f"differs: {OUT}")
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
