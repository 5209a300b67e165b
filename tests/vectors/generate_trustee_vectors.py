"""Generate the known-answer vectors of docs/spec/trustees.md (vectors/crypto-trustees.json).

Deterministic: every random value comes from ``DeterministicRng(b"trustees")``, consumed in the
order docs/spec/trustees.md §9 gives, so running this twice gives the same bytes
(tests/test_crypto_trustees.py regenerates and compares byte for byte, then verifies). Usage::

    .venv/bin/python tests/vectors/generate_trustee_vectors.py          # writes the file
    .venv/bin/python tests/vectors/generate_trustee_vectors.py --check  # compares only

A ceremony of 3 trustees with threshold 2; a tally of 4 ballots over 3 projects under the joint
key; every trustee's partial decryption; the combination for every pair and for all three.
The trustees' secrets are published here because these are test vectors.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from pathlib import Path
from typing import Any

from oylama.crypto import (
    combine,
    encrypt,
    encrypt_shares,
    finish_ceremony,
    lagrange_coefficient,
    new_trustee,
    partial_decrypt,
    tally_ciphertexts,
    to_json,
    verify_ceremony,
)
from oylama.crypto._tally import decryption_label
from oylama.crypto._trustee import coefficient_label
from oylama.crypto.hazmat import DeterministicRng, encode_scalar, random_scalar

OUT = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors"
NAME = "crypto-trustees.json"

TRUSTEES = 3
THRESHOLD = 2
#: Ballots' choices per project (rows: ballots; columns: projects).
VOTES = [[1, 0, 1], [1, 1, 0], [0, 1, 1], [1, 0, 0]]
BOUND = len(VOTES)
LABEL = b"tally"


def _context(name: str) -> bytes:
    # A stand-in for a ceremony context or an election base hash: SHA-256 of a name.
    return hashlib.sha256(b"oylama test election " + name.encode()).digest()


def _wire(obj: object) -> Any:
    return json.loads(to_json(obj))


def trustee_vectors() -> dict[str, Any]:
    rng = DeterministicRng(b"trustees")
    ceremony_context = _context("trustees ceremony")
    election_context = _context("trustees election")
    n, t = TRUSTEES, THRESHOLD
    pairs = [new_trustee(i, n, t, context=ceremony_context, rng=rng) for i in range(1, n + 1)]
    secrets_ = [s for s, _ in pairs]
    publics = [p for _, p in pairs]
    ceremony = verify_ceremony(publics, context=ceremony_context)
    boxes = [encrypt_shares(s, publics, context=ceremony_context, rng=rng) for s in secrets_]
    flat = [b for row in boxes for b in row]
    key_shares = [
        finish_ceremony(
            s,
            ceremony,
            publics,
            [b for b in flat if b.recipient == s.index],
            context=ceremony_context,
        )
        for s in secrets_
    ]
    key = ceremony.joint_key
    ballots = []
    for row in VOTES:
        ballot = []
        for m in row:
            ballot.append(encrypt(key, m, random_scalar(rng)))
        ballots.append(ballot)
    tally = tally_ciphertexts(ballots)
    expected = [sum(col) for col in zip(*VOTES, strict=True)]
    partials = [
        partial_decrypt(k, tally, context=election_context, label=LABEL, rng=rng)
        for k in key_shares
    ]
    combinations = []
    for size in range(t, n + 1):
        for subset in itertools.combinations(partials, size):
            indices = [p.index for p in subset]
            plain = combine(
                ceremony,
                subset,
                tally,
                bound=BOUND,
                context=election_context,
                label=LABEL,
            )
            assert plain == expected
            combinations.append(
                {
                    "indices": indices,
                    "lagrange": [
                        encode_scalar(lagrange_coefficient(i, indices)).hex() for i in indices
                    ],
                    "plaintexts": plain,
                }
            )
    return {
        "ceremony_context": ceremony_context.hex(),
        "election_context": election_context.hex(),
        "trustees": n,
        "threshold": t,
        "trustee_records": [
            {
                "secret": _wire(s),
                "public": _wire(p),
                "coefficient_labels": [
                    coefficient_label(n, t, p.index, j, p.box_public).hex() for j in range(t)
                ],
                "public_share": ceremony.public_share(p.index).encode().hex(),
                "key_share": _wire(k),
            }
            for s, p, k in zip(secrets_, publics, key_shares, strict=True)
        ],
        "encrypted_shares": [_wire(b) for b in flat],
        "joint_key": key.encode().hex(),
        "votes": VOTES,
        "ballots": [[_wire(c) for c in b] for b in ballots],
        "tally": [_wire(c) for c in tally],
        "bound": BOUND,
        "decryption_label": LABEL.hex(),
        "decryption_proof_labels": [
            [decryption_label(p.index, k, len(tally), LABEL).hex() for k in range(len(tally))]
            for p in partials
        ],
        "partial_decryptions": [_wire(p) for p in partials],
        "combinations": combinations,
    }


def all_vectors() -> dict[str, bytes]:
    """File name -> exact file bytes."""
    return {NAME: (json.dumps(trustee_vectors(), indent=1) + "\n").encode()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    bad = 0
    for name, data in all_vectors().items():
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                print(f"differs: {path}")
                bad += 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path} ({len(data)} bytes)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
