"""Generate the known-answer vectors of docs/spec/credentials.md (vectors/credentials.json).

Deterministic: every random byte comes from ``DeterministicRng(b"credentials")`` (crypto spec
§12), 15 bytes per code in the order below, so running this twice gives the same bytes
(tests/test_credentials.py regenerates and compares byte for byte, then re-derives every value
from the spec's formulas independently of the implementation). Usage::

    .venv/bin/python tests/vectors/generate_credential_vectors.py          # writes the file
    .venv/bin/python tests/vectors/generate_credential_vectors.py --check  # compares only

The secret codes are published here because these are test vectors.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from typing import Any

from oylama.credentials import (
    WEIGHTS,
    dump_public_list,
    fingerprint,
    format_code,
    generate,
    new_code,
    parse_roll,
    public_credential,
    secrets_csv,
    seed,
    sign_ballot,
    sign_spoiled,
    signed_message,
    spoil_signed_message,
)
from oylama.crypto.hazmat import DeterministicRng

OUT = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors"
NAME = "credentials.json"

ELECTIONS = ("izmir-karsiyaka-2026", "izmir-karsiyaka-2027")
BALLOTS = (b"", b'ballot bytes: {"approve": [1, 3]}', bytes(range(256)))
ROLL = (
    "voter_id,district,name\r\n"
    "TR-0001,bostanli,Ay\u015fe Y\u0131lmaz\r\n"
    "TR-0002,alaybey,Mehmet Demir\r\n"
    "TR-0003,bostanli,Zeynep Kaya\r\n"
    "TR-0004,mavisehir,Can \u00d6zt\u00fcrk\r\n"
    "TR-0005,city-wide,Elif \u015eahin\r\n"
)


class _Recorder:
    """Wraps the rng to record exactly the bytes each code consumed."""

    def __init__(self, seed_bytes: bytes) -> None:
        self._rng = DeterministicRng(seed_bytes)
        self.drawn: list[bytes] = []

    def __call__(self, n: int) -> bytes:
        out = self._rng.token_bytes(n)
        self.drawn.append(out)
        return out


def build() -> dict[str, Any]:
    rng = _Recorder(b"credentials")
    codes = []
    for _ in range(4):
        code = new_code(rng)
        codes.append(
            {"random": rng.drawn[-1].hex(), "canonical": code, "printed": format_code(code)}
        )
    derivations = []
    for c in codes[:2]:
        for election in ELECTIONS:
            key = public_credential(c["canonical"], election)
            derivations.append(
                {
                    "code": c["printed"],
                    "election_id": election,
                    "seed": seed(c["canonical"], election).hex(),
                    "public_key": base64.b64encode(key).decode(),
                }
            )
    signatures = []
    for ballot in BALLOTS:
        code = codes[0]["canonical"]
        signatures.append(
            {
                "code": codes[0]["printed"],
                "election_id": ELECTIONS[0],
                "ballot": ballot.hex(),
                "message": signed_message(ELECTIONS[0], ballot).hex(),
                "signature": sign_ballot(code, ELECTIONS[0], ballot).hex(),
            }
        )
    spoiled_signatures = [
        {
            "code": codes[0]["printed"],
            "election_id": ELECTIONS[0],
            "spoiled": text.hex(),
            "message": spoil_signed_message(ELECTIONS[0], text).hex(),
            "signature": sign_spoiled(codes[0]["canonical"], ELECTIONS[0], text).hex(),
        }
        for text in BALLOTS
    ]
    roll_rng = DeterministicRng(b"credentials/roll")
    secret, public = generate(parse_roll(ROLL), election_id=ELECTIONS[0], rng=roll_rng.token_bytes)
    listed = dump_public_list(public)
    first = codes[0]["printed"]
    return {
        "description": "oylama credential vectors, docs/spec/credentials.md section 7",
        "alphabet": "0123456789ABCDEFGHJKMNPQRSTVWXYZ",
        "weights": list(WEIGHTS),
        "codes": codes,
        "rejected_codes": [
            {
                "text": first[:-1] + ("0" if first[-1] != "0" else "1"),
                "reason": "check symbol",
            },
            {"text": first[:-2], "reason": "length"},
            {
                "text": "U" + first[1:],
                "reason": "symbol",
            },
        ],
        "derivations": derivations,
        "signatures": signatures,
        "spoiled_signatures": spoiled_signatures,
        "generation": {
            "rng_seed": "credentials/roll",
            "election_id": ELECTIONS[0],
            "roll_csv": ROLL,
            "secrets_csv": secrets_csv(secret, fingerprint=fingerprint(listed)).decode("utf-8"),
            "public_list": listed.decode("utf-8"),
            "fingerprint": fingerprint(listed),
        },
    }


def render() -> bytes:
    return (json.dumps(build(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    data = render()
    path = OUT / NAME
    if args.check:
        same = path.exists() and path.read_bytes() == data
        print(f"{path}: {'up to date' if same else 'DIFFERS'}")
        return 0 if same else 1
    path.write_bytes(data)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
