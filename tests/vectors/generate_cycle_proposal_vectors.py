"""Generate the known-answer vectors of docs/spec/cycle.md §4 (vectors/cycle-proposals.json).

Deterministic: the credential codes come from ``DeterministicRng(b"cycle/proposals")`` (crypto
§12), Ed25519 signatures are deterministic, so running this twice gives the same bytes
(tests/test_cycle_proposal_vectors.py regenerates and compares byte for byte; the auditor and
the browser code check every value from the spec's formulas). Usage::

    .venv/bin/python tests/vectors/generate_cycle_proposal_vectors.py          # writes the file
    .venv/bin/python tests/vectors/generate_cycle_proposal_vectors.py --check  # compares only

The secret codes are published here because these are test vectors.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from oylama.credentials import format_code, new_code, seed, signing_key
from oylama.crypto.hazmat import DeterministicRng
from oylama.cycle import (
    ProposalContent,
    ProposalPayload,
    SupportContent,
    SupportPayload,
    encode_content,
    sign_statement,
    statement,
)

OUT = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors"
NAME = "cycle-proposals.json"
ELECTION = "izmir-karsiyaka-2027"

CONTENTS = (
    ProposalContent(
        title="Bostanlı sahiline gölgelik",
        description="Ağaç, bank ve çeşme.\nYazın serinlik için.",
        cost="420000",
        district="bostanli",
        category="çevre",
        sdg=("SDG11", "SDG13"),
        audience=("yaşlılar", "çocuklar"),
        latitude=38.4593,
        longitude=27.0948,
        address="Bostanlı sahili",
        photo="9f" * 32,
    ),
    ProposalContent(
        title="Kütüphane",
        description="x",
        cost="0.5",
        district="city-wide",
    ),
    ProposalContent(
        title='Tırnak " ve \\ ters bölü <b>',
        description="\t\u0644\u0627 \u00a0 🌳",
        cost="123456789012.99",
        district="alaybey",
        latitude=38.0,
        longitude=-27.0,
    ),
)
PHOTO = bytes.fromhex("ffd8ffe000104a464946") + b"not really a photo: the statement is over bytes"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def build() -> dict[str, Any]:
    rng = DeterministicRng(b"cycle/proposals")
    codes = [new_code(rng.token_bytes) for _ in range(2)]
    keys = [signing_key(c, ELECTION) for c in codes]
    proposals = []
    for n, content in enumerate(CONTENTS, start=1):
        text = encode_content(content)
        key = keys[n % 2]
        signature = sign_statement(key, ELECTION, "proposal", text)
        payload = ProposalPayload(
            proposal=f"P{n}",
            content=content,
            credential=bytes(key.verify_key),
            signature=signature,
        )
        proposals.append(
            {
                "code": format_code(codes[n % 2]),
                "content": text.decode("utf-8"),
                "statement": statement(ELECTION, "proposal", text).hex(),
                "signature": signature.hex(),
                "payload": msgspec.json.encode(payload).decode("utf-8"),
            }
        )
    support_text = encode_content(SupportContent(proposal="P1"))
    support_signature = sign_statement(keys[0], ELECTION, "proposal-support", support_text)
    support = {
        "code": format_code(codes[0]),
        "content": support_text.decode(),
        "statement": statement(ELECTION, "proposal-support", support_text).hex(),
        "signature": support_signature.hex(),
        "payload": msgspec.json.encode(
            SupportPayload(
                proposal="P1", credential=bytes(keys[0].verify_key), signature=support_signature
            )
        ).decode(),
    }
    photo = {
        "code": format_code(codes[1]),
        "bytes": PHOTO.hex(),
        "statement": statement(ELECTION, "proposal-photo", PHOTO).hex(),
        "signature": sign_statement(keys[1], ELECTION, "proposal-photo", PHOTO).hex(),
    }
    first = encode_content(CONTENTS[1]).decode()
    return {
        "description": "oylama participation-log proposal vectors, docs/spec/cycle.md section 4",
        "election_id": ELECTION,
        "credentials": [
            {
                "code": format_code(c),
                "seed": seed(c, ELECTION).hex(),
                "public_key": _b64(bytes(k.verify_key)),
            }
            for c, k in zip(codes, keys, strict=True)
        ],
        "proposals": proposals,
        "support": support,
        "photo": photo,
        "rejected_contents": [
            {"text": first.replace('","', '", "', 1), "reason": "white space"},
            {"text": first.replace('"category":null,', ""), "reason": "a field left out"},
            {
                "text": first.replace(
                    '{"title":"Kütüphane","description":"x",',
                    '{"description":"x","title":"Kütüphane",',
                ),
                "reason": "field order",
            },
            {"text": first.replace("Kütüphane", "K\\u00fct\\u00fcphane"), "reason": "an escape"},
        ],
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
