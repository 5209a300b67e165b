"""Benchmark of one mixing step (docs/spec/mixnet.md): shuffle + proof, and verification.

    .venv/bin/python benchmarks/mixnet.py                          # 10^3 and 10^4 ballots x 20
    .venv/bin/python benchmarks/mixnet.py --ballots 1000 --width 20
    .venv/bin/python benchmarks/mixnet.py --quick                  # smoke test, seconds

One core, one process. For each size it measures

- ``prove``: what a trustee's ``oylama trustee run`` will do per step -- re-encrypt and permute
  the list and prove it (``shuffle_points`` + ``prove_points``, i.e. :func:`oylama.crypto.mix`
  without the 64-byte signature);
- ``verify``: what every verifier does per step -- decode and check the output list's points
  and verify the proof (``decode_rows`` + ``verify_points``, i.e. one step of
  :func:`oylama.crypto.verify_mix_chain`); the input list is already decoded, as it is in a
  chain (it was the previous step's output);
- ``audit``: the independent auditor's verifier (``oylama_audit``), equation by equation, on
  the same step (``--no-audit`` skips it);

as seconds and **ballot-vectors per second**. The multi-scalar multiplication of the batched
verification has ``4Nw + 4N + 2w + 8`` terms; ``verify_us_per_term`` is the verification time
divided by that count, and ``var_mult_us`` a libsodium variable-base multiplication measured in
the same run, so figures taken on a busy shared machine can be rescaled. The input list is made
with a known secret key (``beta = (m + r·s)·G``, two fixed-base multiplications per ciphertext),
which is far faster than encrypting and changes nothing of what is measured.

The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time

import msgspec
from nacl import bindings as nacl

from oylama.crypto import Ciphertext, shuffle_generators, shuffle_label
from oylama.crypto._shuffle import decode_rows, prove_points, shuffle_points, verify_points
from oylama.crypto.hazmat import DeterministicRng, base_mul, random_scalar
from oylama_audit._shuffle import ShuffleProof as AuditProof
from oylama_audit._shuffle import verify_shuffle as audit_verify

CONTEXT = hashlib.sha256(b"oylama benchmark mixnet").digest()


def var_mult_us() -> float:
    """One libsodium variable-base multiplication, best of 3 x 300."""
    p = base_mul(123456789).encode()
    k = (2**251 + 12345).to_bytes(32, "little")
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(300):
            nacl.crypto_scalarmult_ed25519_noclamp(k, p)
        best = min(best, (time.perf_counter() - t) / 300)
    return best * 1e6


def make_inputs(n: int, width: int, seed: bytes) -> tuple[object, list[list[Ciphertext]]]:
    rng = DeterministicRng(seed)
    s = random_scalar(rng)
    key = base_mul(s)
    rows = []
    for i in range(n):
        row = []
        for k in range(width):
            r = random_scalar(rng)
            m = (i + k) % 2
            row.append(Ciphertext(alpha=base_mul(r).encode(), beta=base_mul(m + r * s).encode()))
        rows.append(row)
    return key, rows


def run(n: int, width: int, audit: bool) -> dict[str, float | int]:
    key, inputs = make_inputs(n, width, b"bench %d %d" % (n, width))
    gens = shuffle_generators(CONTEXT, "bench")
    label = shuffle_label("bench", 0, 1)
    t = time.perf_counter()
    gens.commitment(n)
    generators_s = time.perf_counter() - t
    xa, xb = decode_rows(inputs, width, "input")
    rng = DeterministicRng(b"bench prove")

    t = time.perf_counter()
    ya, yb, witness = shuffle_points(key, xa, xb, width, rng)  # type: ignore[arg-type]
    proof, _ = prove_points(
        key,  # type: ignore[arg-type]
        (xa, xb),
        (ya, yb),
        width,
        witness,
        generators=gens,
        context=CONTEXT,
        label=label,
        rng=rng,
    )
    prove_s = time.perf_counter() - t
    outputs = [
        [
            Ciphertext(alpha=ya[i * width + k].encode(), beta=yb[i * width + k].encode())
            for k in range(width)
        ]
        for i in range(n)
    ]

    t = time.perf_counter()
    decoded = decode_rows(outputs, width, "output")
    verify_points(
        key,  # type: ignore[arg-type]
        (xa, xb),
        decoded,
        width,
        proof,
        generators=gens,
        context=CONTEXT,
        label=label,
    )
    verify_s = time.perf_counter() - t
    terms = 4 * n * width + 4 * n + 2 * width + 8
    out: dict[str, float | int] = {
        "ballots": n,
        "width": width,
        "generators_s": round(generators_s, 3),
        "prove_s": round(prove_s, 2),
        "prove_ballots_per_s": round(n / prove_s, 1),
        "verify_s": round(verify_s, 2),
        "verify_ballots_per_s": round(n / verify_s, 1),
        "verify_terms": terms,
        "verify_us_per_term": round(verify_s / terms * 1e6, 1),
    }
    if audit:
        a_in = [[(c.alpha, c.beta) for c in row] for row in inputs]
        a_out = [[(c.alpha, c.beta) for c in row] for row in outputs]
        a_proof = msgspec.json.decode(msgspec.json.encode(proof), type=AuditProof)
        t = time.perf_counter()
        audit_verify(
            key.encode(),  # type: ignore[attr-defined]
            a_in,
            a_out,
            a_proof,
            width=width,
            context=CONTEXT,
            style_id="bench",
            label=label,
        )
        audit_s = time.perf_counter() - t
        out["audit_s"] = round(audit_s, 2)
        out["audit_ballots_per_s"] = round(n / audit_s, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--ballots", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--width", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="50 ballots x 5 projects")
    parser.add_argument("--no-audit", action="store_true", help="skip the auditor's verifier")
    args = parser.parse_args()
    sizes = [50] if args.quick else args.ballots
    width = 5 if args.quick else args.width
    results: dict[str, object] = {
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "var_mult_us": round(var_mult_us(), 1),
        "runs": [],
    }
    for n in sizes:
        r = run(n, width, audit=not args.no_audit)
        print(
            f"{n} ballots x {width}: prove {r['prove_s']} s ({r['prove_ballots_per_s']}/s), "
            f"verify {r['verify_s']} s ({r['verify_ballots_per_s']}/s, "
            f"{r['verify_us_per_term']} us/term)"
            + (
                f", audit {r['audit_s']} s ({r['audit_ballots_per_s']}/s)" if "audit_s" in r else ""
            ),
            flush=True,
        )
        results["runs"].append(r)  # type: ignore[attr-defined]
    results["var_mult_us_after"] = round(var_mult_us(), 1)
    results["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
