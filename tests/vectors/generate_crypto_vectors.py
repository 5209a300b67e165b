"""Generate the known-answer vectors of docs/spec/crypto.md into docs/spec/vectors/.

Deterministic: every random value comes from ``DeterministicRng`` with a fixed seed, so running
this twice gives the same bytes (tests/test_crypto_vectors.py regenerates and compares byte for
byte, then verifies every vector). Usage::

    .venv/bin/python tests/vectors/generate_crypto_vectors.py          # writes the files
    .venv/bin/python tests/vectors/generate_crypto_vectors.py --check  # compares only

Byte strings are lowercase hex in the vectors; proofs and ciphertexts also appear in their wire
JSON form (base64), exactly as ``oylama.crypto.to_json`` writes them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from oylama.crypto import (
    EncodingError,
    encrypt,
    prove_bit,
    prove_decryption,
    prove_one_of,
    prove_range,
    prove_schnorr,
    prove_table,
    public_key,
    to_json,
)
from oylama.crypto.hazmat import (
    G_BYTES,
    GENERATOR,
    IDENTITY_BYTES,
    PEDERSEN_H,
    DeterministicRng,
    L,
    P,
    Point,
    base_mul,
    challenge,
    discrete_log,
    encode_scalar,
    hash_to_point,
    integer,
    random_scalar,
    transcript,
)

OUT = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors"


def _h(b: bytes) -> str:
    return b.hex()


def _wire(obj: object) -> Any:
    return json.loads(to_json(obj))


def _context(name: str) -> bytes:
    # A stand-in for an election base hash: SHA-256 of a name.
    return hashlib.sha256(b"oylama test election " + name.encode()).digest()


def _lp(b: bytes) -> bytes:
    return len(b).to_bytes(4, "big") + b


def _no_elements(count: int) -> list[bytes]:
    """The smallest even ``s`` (canonical, non-negative) that encode no element."""
    out = []
    s = 2
    while len(out) < count:
        b = s.to_bytes(32, "little")
        try:
            Point.decode(b)
        except EncodingError:
            out.append(b)
        s += 2
    return out


def group_vectors() -> dict[str, Any]:
    rng = DeterministicRng(b"group")
    scalars = [1, 2, 3, 8, L - 1, *(random_scalar(rng) for _ in range(3))]
    g = int.from_bytes(G_BYTES, "little")
    no_element = _no_elements(2)
    invalid_points = [
        ("identity (allowed only where the spec says so)", IDENTITY_BYTES),
        ("non-canonical: s = p (that is, 0)", (P).to_bytes(32, "little")),
        ("non-canonical: s = p + 2 (even; that is, 2)", (P + 2).to_bytes(32, "little")),
        ("non-canonical: 2^256 - 1", b"\xff" * 32),
        (
            "non-canonical: the generator's encoding with bit 255 set",
            (g | 1 << 255).to_bytes(32, "little"),
        ),
        ("non-canonical: the identity's encoding with bit 255 set", bytes(31) + b"\x80"),
        ("negative: s = 1 (odd)", (1).to_bytes(32, "little")),
        (
            "negative: p - s of the generator's s (odd; the same element)",
            (P - g).to_bytes(32, "little"),
        ),
        (f"not an element: s = {int.from_bytes(no_element[0], 'little')}", no_element[0]),
        (f"not an element: s = {int.from_bytes(no_element[1], 'little')}", no_element[1]),
        ("31 bytes", G_BYTES[:31]),
    ]
    k1, k2 = random_scalar(rng), random_scalar(rng)
    hashes = []
    for tag, msg in [(b"pedersen", b"H"), (b"test", b""), (b"test", b"\x00" * 40)]:
        digest = hashlib.sha512(_lp(b"oylama/crypto/v2/hash-to-point") + _lp(tag) + _lp(msg))
        hashes.append(
            {
                "tag": _h(tag),
                "message": _h(msg),
                "uniform_bytes": digest.hexdigest(),
                "point": _h(hash_to_point(tag, msg).encode()),
            }
        )
    return {
        "description": "ristretto255 (RFC 9496): constants, scalar multiplication, addition, "
        "hash_to_point (element derivation of a SHA-512 digest), and encodings every decoder "
        "must reject",
        "L": str(L),
        "generator": _h(G_BYTES),
        "identity": _h(IDENTITY_BYTES),
        "pedersen_h": _h(PEDERSEN_H.encode()),
        "base_mul": [{"k": _h(encode_scalar(k)), "kG": _h(base_mul(k).encode())} for k in scalars],
        "add": [
            {
                "p": _h(base_mul(k1).encode()),
                "q": _h(base_mul(k2).encode()),
                "p_plus_q": _h(base_mul(k1 + k2).encode()),
                "p_minus_q": _h(base_mul(k1 - k2).encode()),
                "p_minus_p": _h(IDENTITY_BYTES),
            }
        ],
        "hash_to_point": hashes,
        "invalid_points": [{"reason": why, "encoding": _h(enc)} for why, enc in invalid_points],
        "invalid_scalars": [
            {"reason": "L", "encoding": _h(L.to_bytes(32, "little"))},
            {"reason": "L + 1", "encoding": _h((L + 1).to_bytes(32, "little"))},
            {"reason": "2^256 - 1", "encoding": "ff" * 32},
            {"reason": "31 bytes", "encoding": "01" * 31},
        ],
    }


def transcript_vectors() -> dict[str, Any]:
    ctx = _context("transcript")
    cases = [
        ("schnorr", b"", [GENERATOR.encode(), IDENTITY_BYTES]),
        ("one-of", b"ballot 7/project 3", [integer(2), integer(0), integer(1)]),
        ("range", b"x" * 300, []),
    ]
    return {
        "description": "Fiat-Shamir transcripts and challenges (docs/spec/crypto.md section 3)",
        "vectors": [
            {
                "tag": tag,
                "context": _h(ctx),
                "label": _h(label),
                "fields": [_h(f) for f in fields],
                "transcript": _h(transcript(tag, ctx, label, fields)),
                "challenge": _h(encode_scalar(challenge(tag, ctx, label, fields))),
            }
            for tag, label, fields in cases
        ],
    }


def elgamal_vectors() -> dict[str, Any]:
    rng = DeterministicRng(b"elgamal")
    s = random_scalar(rng)
    key = public_key(s)
    out = []
    for m in (0, 1, 2, 1000, 1_000_000):
        r = random_scalar(rng)
        ct = encrypt(key, m, r)
        out.append(
            {
                "m": m,
                "r": _h(encode_scalar(r)),
                "ciphertext": _wire(ct),
                "alpha": _h(ct.alpha),
                "beta": _h(ct.beta),
                "decrypted_point": _h(base_mul(m).encode()),
            }
        )
    assert all(discrete_log(base_mul(v["m"]), 10**6) == v["m"] for v in out)
    return {
        "description": "exponential ElGamal: (r*G, m*G + r*H); decrypted_point = beta - s*alpha",
        "secret": _h(encode_scalar(s)),
        "public": _h(key.encode()),
        "encryptions": out,
    }


def proof_vectors() -> dict[str, Any]:
    rng = DeterministicRng(b"proofs")
    ctx = _context("proofs")
    s = random_scalar(rng)
    key = public_key(s)
    vectors: list[dict[str, Any]] = []

    label = b"trustee 1"
    vectors.append(
        {
            "type": "schnorr",
            "label": _h(label),
            "statement": {"public": _h(key.encode())},
            "proof": _wire(prove_schnorr(s, context=ctx, label=label, rng=rng)),
        }
    )
    for m, lab in ((0, b"ballot 1/project 0"), (1, b"ballot 1/project 1")):
        r = random_scalar(rng)
        ct = encrypt(key, m, r)
        vectors.append(
            {
                "type": "one-of",
                "label": _h(lab),
                "statement": {"ciphertext": _wire(ct), "values": [0, 1]},
                "proof": _wire(prove_bit(key, ct, m, r, context=ctx, label=lab, rng=rng)),
            }
        )
    r = random_scalar(rng)
    ct = encrypt(key, 3, r)
    lab = b"ballot 2/project 0"
    vectors.append(
        {
            "type": "one-of",
            "label": _h(lab),
            "statement": {"ciphertext": _wire(ct), "values": [0, 1, 2, 3, 4, 5]},
            "proof": _wire(
                prove_one_of(key, ct, [0, 1, 2, 3, 4, 5], 3, r, context=ctx, label=lab, rng=rng)
            ),
        }
    )
    for m, a, b in ((5, 0, 7), (0, 0, 1), (1, 0, 1), (6, 3, 10), (17_345_678, 0, 24_000_000)):
        r = random_scalar(rng)
        ct = encrypt(key, m, r)
        lab = f"ballot 3/budget [{a},{b}]".encode()
        proof = prove_range(key, ct, m, r, a=a, b=b, context=ctx, label=lab, rng=rng)
        vectors.append(
            {
                "type": "range",
                "label": _h(lab),
                "statement": {"ciphertext": _wire(ct), "a": a, "b": b},
                "proof": _wire(proof),
            }
        )
    r = random_scalar(rng)
    ct = encrypt(key, 42, r)
    lab = b"tally/project 0/trustee 1"
    share, dproof = prove_decryption(s, ct, context=ctx, label=lab, rng=rng)
    vectors.append(
        {
            "type": "dleq",
            "label": _h(lab),
            "statement": {
                "g1": _h(G_BYTES),
                "h1": _h(key.encode()),
                "g2": _h(ct.alpha),
                "h2": _h(share.encode()),
            },
            "proof": _wire(dproof),
        }
    )
    rows = [[v, v * v] for v in range(6)]
    rs = [random_scalar(rng), random_scalar(rng)]
    cts = [encrypt(key, 4, rs[0]), encrypt(key, 16, rs[1])]
    lab = b"ballot 4/project 2"
    vectors.append(
        {
            "type": "table",
            "label": _h(lab),
            "statement": {"ciphertexts": [_wire(c) for c in cts], "rows": rows},
            "proof": _wire(
                prove_table(key, cts, rows, [4, 16], rs, context=ctx, label=lab, rng=rng)
            ),
        }
    )
    return {
        "description": "valid proofs under one key and context; every one must verify, and "
        "must fail under any other context or label",
        "context": _h(ctx),
        "public": _h(key.encode()),
        "vectors": vectors,
    }


def all_vectors() -> dict[str, bytes]:
    """File name -> exact file bytes."""
    files = {
        "crypto-group.json": group_vectors(),
        "crypto-transcript.json": transcript_vectors(),
        "crypto-elgamal.json": elgamal_vectors(),
        "crypto-proofs.json": proof_vectors(),
    }
    return {name: (json.dumps(v, indent=1) + "\n").encode() for name, v in files.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
