"""Generate the known-answer vectors of docs/spec/election.md (vectors/election.json).

Deterministic: the example manifest is built from the ballot definition below (fixed text, not
the repository's example file, so editing that file cannot change the vectors) and three
trustee identity keys whose seeds are drawn from ``DeterministicRng(b"election/identities")``
(32 bytes each, trustee 1 first); the 2-of-3 key ceremony that gives the joint key draws every
random value from ``DeterministicRng(b"election")`` (crypto spec §12.3) in the order of
trustees spec §3.1, and each record and commitment is signed (trustees §3.3).
tests/test_election_manifest.py regenerates and compares byte for byte. Usage::

    .venv/bin/python tests/vectors/generate_election_vectors.py          # writes the file
    .venv/bin/python tests/vectors/generate_election_vectors.py --check  # compares only

Also listed: variants of the canonical bytes that a decoder MUST refuse.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from typing import Any

from oylama.ballots import loads
from oylama.crypto import new_trustee, to_json, verify_ceremony
from oylama.crypto.hazmat import DeterministicRng
from oylama.election import (
    Manifest,
    SignedTrusteeRecord,
    TrusteeCommitment,
    base_hash,
    ceremony_context,
    encode_manifest,
    encode_payload,
    identity_public_key,
    manifest_from_definition,
    manifest_hash,
    record_message,
    sign_commitment,
    sign_record,
)

OUT = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors"
NAME = "election.json"

TRUSTEES = 3
THRESHOLD = 2
ORIGIN = "oylama.example/vectors-2026"

DEFINITION = """\
[election]
id = "vectors-2026"
title.tr = "Örnek Bütçe 2026"
title.en = "Example Budget 2026"
city = "İzmir"
currency = "TRY"
opens = 2026-05-04T09:00:00+03:00
closes = 2026-05-24T21:00:00+03:00
min_tally_ballots = 10
proposals = { opens = 2026-01-05T09:00:00+03:00, closes = 2026-02-01T00:00:00+03:00 }
review = { opens = 2026-02-01T00:00:00+03:00, closes = 2026-03-01T00:00:00+03:00 }
implementation = { opens = 2026-06-01T00:00:00+03:00 }

[[districts]]
id = "bostanli"
name = "Bostanlı"
neighbourhoods = ["Bostanlı", "Yalı"]

[[ballots]]
id = "bostanli-2026"
title.tr = "Bostanlı Mahalle Bütçesi"
district = "bostanli"
kind = "approval"
budget = 1000
min_count = 1
max_count = 2
rule = "greedy"
utility = "cost"
tie_break = "file-order"

[[ballots.projects]]
id = "B1"
name.tr = "Çeşme"
name.en = "Fountain"
cost = 400
categories = ["çevre"]
sdg = ["SDG6", "SDG11"]
latitude = 38.4568
longitude = 27.0951
neighbourhood = "Yalı"

[[ballots.projects]]
id = "B2"
name.tr = "Bank"
cost = "150.25"

[[ballots]]
id = "genel-2026"
title.tr = "Genel oylama"
district = "city-wide"
kind = "knapsack"
budget = "2500.5"
min_count = 1
rule = "greedy"
utility = "cost"
tie_break = "file-order"

[[ballots.projects]]
id = "G1"
name.tr = "Kütüphane"
cost = "1200.25"

[[ballots.projects]]
id = "G2"
name.tr = "Park \\"Yeşil\\""
cost = 900
"""


def identity_seeds() -> list[bytes]:
    """The trustees' identity key seeds (trustee 1 first)."""
    rng = DeterministicRng(b"election/identities")
    return [rng.token_bytes(32) for _ in range(TRUSTEES)]


def example_manifest() -> Manifest:
    return manifest_from_definition(
        loads(DEFINITION, source="election vectors"),
        trustees=TRUSTEES,
        threshold=THRESHOLD,
        trustee_keys=[identity_public_key(s) for s in identity_seeds()],
        origin=ORIGIN,
    )


def _replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1, old
    return data.replace(old, new)


def non_canonical(data: bytes) -> list[tuple[str, bytes]]:
    """Variants of the canonical bytes ``data`` that decode as JSON but MUST be refused."""
    return [
        ("white space after the first brace", b"{ " + data[1:]),
        ("trailing newline", data + b"\n"),
        (
            "fields out of order",
            _replace_once(
                data,
                b'"spec":"oylama/election/v1","election_id":"vectors-2026"',
                b'"election_id":"vectors-2026","spec":"oylama/election/v1"',
            ),
        ),
        (
            "non-ASCII escaped",
            _replace_once(data, '"city":"İzmir"'.encode(), b'"city":"\\u0130zmir"'),
        ),
        (
            "money with a trailing zero",
            _replace_once(data, b'"cost":"150.25"', b'"cost":"150.250"'),
        ),
        ("money as a number", _replace_once(data, b'"cost":"150.25"', b'"cost":150.25')),
        ("integer written as 3.0", _replace_once(data, b'"trustees":3', b'"trustees":3.0')),
        ("missing field", _replace_once(data, f',"origin":"{ORIGIN}"'.encode(), b"")),
        ("unknown field", data[:-1] + b',"extra":null}'),
        (
            "other spec version",
            _replace_once(data, b'"oylama/election/v1"', b'"oylama/election/v2"'),
        ),
        ("threshold above trustees", _replace_once(data, b'"threshold":2', b'"threshold":4')),
        (
            "min_tally_ballots 0",
            _replace_once(data, b'"min_tally_ballots":10', b'"min_tally_ballots":0'),
        ),
        (
            "paper_and_online unknown",
            _replace_once(data, b'"paper-counts"', b'"last-counts"'),
        ),
        (
            "implementation before the vote closes",
            _replace_once(
                data,
                b'"implementation":{"opens":"2026-05-31T21:00:00Z"',
                b'"implementation":{"opens":"2026-05-20T21:00:00Z"',
            ),
        ),
        (
            "review without its end",
            _replace_once(
                data,
                b'"closes":"2026-02-28T21:00:00Z"},"implementation"',
                b'"closes":null},"implementation"',
            ),
        ),
        ("a trustee key missing", _drop_first_key(data)),
        ("two equal trustee keys", _repeat_first_key(data)),
    ]


def _keys(data: bytes) -> tuple[bytes, list[bytes]]:
    start = data.index(b'"trustee_keys":[') + len(b'"trustee_keys":[')
    end = data.index(b"]", start)
    return data[start:end], data[start:end].split(b",")


def _drop_first_key(data: bytes) -> bytes:
    text, keys = _keys(data)
    return _replace_once(data, text, b",".join(keys[1:]))


def _repeat_first_key(data: bytes) -> bytes:
    text, keys = _keys(data)
    return _replace_once(data, text, b",".join([keys[0], keys[0], *keys[2:]]))


def election_vectors() -> dict[str, Any]:
    manifest = example_manifest()
    data = encode_manifest(manifest)
    ctx_c = ceremony_context(manifest)
    rng = DeterministicRng(b"election")
    publics = [
        new_trustee(i, TRUSTEES, THRESHOLD, context=ctx_c, rng=rng)[1]
        for i in range(1, TRUSTEES + 1)
    ]
    joint_key = verify_ceremony(publics, context=ctx_c).joint_key
    seeds = identity_seeds()
    signed = [
        SignedTrusteeRecord(record=p, signature=sign_record(seed, p, context=ctx_c))
        for seed, p in zip(seeds, publics, strict=True)
    ]
    key = joint_key.encode()
    commitments = [
        TrusteeCommitment(
            index=i, joint_key=key, signature=sign_commitment(seed, i, key, context=ctx_c)
        )
        for i, seed in enumerate(seeds, start=1)
    ]
    return {
        "description": "docs/spec/election.md §7: the example manifest, its hashes and base hash",
        "manifest_text": data.decode("utf-8"),
        "manifest_hex": data.hex(),
        "manifest_base64": base64.b64encode(data).decode("ascii"),
        "manifest_hash": manifest_hash(manifest).hex(),
        "ceremony_context": ctx_c.hex(),
        "trustee_identities": [
            {
                "seed": seed.hex(),
                "public_key": base64.b64encode(identity_public_key(seed)).decode("ascii"),
            }
            for seed in seeds
        ],
        "trustee_records": [json.loads(to_json(p)) for p in publics],
        "record_messages": [record_message(p, context=ctx_c).hex() for p in publics],
        "signed_records": [encode_payload(r).decode("ascii") for r in signed],
        "commitments": [encode_payload(c).decode("ascii") for c in commitments],
        "joint_key": joint_key.encode().hex(),
        "base_hash": base_hash(manifest, joint_key).hex(),
        "non_canonical": [
            {"why": why, "base64": base64.b64encode(bad).decode("ascii")}
            for why, bad in non_canonical(data)
        ],
    }


def all_vectors() -> dict[str, bytes]:
    """File name -> exact file bytes."""
    text = json.dumps(election_vectors(), indent=1, ensure_ascii=False) + "\n"
    return {NAME: text.encode("utf-8")}


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
