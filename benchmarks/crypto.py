"""Benchmark of the ballot cryptography core (oylama.crypto), one core.

    .venv/bin/python benchmarks/crypto.py            # about 20 s
    .venv/bin/python benchmarks/crypto.py --quick    # smoke test, a few seconds

Measures, each as the best of a few repetitions (the machine may be shared):

- libsodium primitives through PyNaCl: variable-base and fixed-base scalar multiplication,
  addition, ``is_valid_point`` -- the units every other figure is made of;
- 0/1 selection proofs: encrypt + prove time, verifications per second (the ciphertext's
  points are checked inside each verification, as for a ballot just received);
- a one-of-{0..5} proof (cumulative ballots), a table proof of 11 rows × 2 ciphertexts (a
  quadratic vote and its square), and a 25-bit range proof
  (``[0, 24_000_000]``, a large PB budget): prove and verify times;
- baby-step giant-step: building the table for 10^6, then the worst-case decoding (10^6).

The last line is one JSON object with every figure; ``selection_verify_per_s`` is the headline
(target: at least 1,700 per second per core). ``load_avg_1m`` says how busy the machine was;
``selection_verify_in_var_mults`` is the verification's cost in units of one variable-base
multiplication measured in the same run, and ``selection_verify_per_s_at_63us`` rescales it to
an idle core (63 µs per multiplication), which stays comparable when the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable

from nacl import bindings as nacl

from oylama.crypto import (
    _dlog,
    encrypt,
    encrypt_random,
    generate_keypair,
    prove_bit,
    prove_one_of,
    prove_range,
    prove_table,
    verify_bit,
    verify_one_of,
    verify_range,
    verify_table,
)
from oylama.crypto.hazmat import DeterministicRng, base_mul, discrete_log, random_scalar

CONTEXT = bytes(32)


def best(fn: Callable[[], object], number: int, repeat: int) -> float:
    """Best mean seconds per call over ``repeat`` runs of ``number`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="oylama.crypto benchmark")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)
    n_sel = 100 if args.quick else 500
    repeat = 2 if args.quick else 5
    rng = DeterministicRng(b"benchmark")
    secret, key = generate_keypair(rng)
    out: dict[str, float | int | str] = {}

    k = random_scalar(rng).to_bytes(32, "little")
    p, q = base_mul(random_scalar(rng)).encode(), base_mul(random_scalar(rng)).encode()
    units = {
        "var_mult_us": lambda: nacl.crypto_scalarmult_ed25519_noclamp(k, p),
        "base_mult_us": lambda: nacl.crypto_scalarmult_ed25519_base_noclamp(k),
        "add_us": lambda: nacl.crypto_core_ed25519_add(p, q),
        "is_valid_point_us": lambda: nacl.crypto_core_ed25519_is_valid_point(p),
    }
    print("primitives (µs per call)")
    for name, fn in units.items():
        out[name] = round(best(fn, 300 if args.quick else 1000, repeat) * 1e6, 1)
        print(f"  {name[:-3]:<16} {out[name]:>8}")

    # -- 0/1 selections
    items = []
    start = time.perf_counter()
    for i in range(n_sel):
        m = i & 1
        label = f"ballot {i}/project 0".encode()
        ct, r = encrypt_random(key, m, rng)
        items.append((ct, label, prove_bit(key, ct, m, r, context=CONTEXT, label=label, rng=rng)))
    prove_s = (time.perf_counter() - start) / n_sel

    # Verifications in chunks of 50, interleaved with chunks of bare multiplications, keeping
    # the best of each: on a shared machine both minima come from the quiet moments, so their
    # ratio (the cost in multiplications) is steadier than either figure alone.
    chunk = 50
    verify_s, mult_s = float("inf"), float("inf")
    for _ in range(repeat * 4):
        for lo in range(0, n_sel, chunk):
            part = items[lo : lo + chunk]
            start = time.perf_counter()
            for ct, label, proof in part:
                verify_bit(key, ct, proof, context=CONTEXT, label=label)
            verify_s = min(verify_s, (time.perf_counter() - start) / len(part))
            start = time.perf_counter()
            for _ in range(chunk):
                nacl.crypto_scalarmult_ed25519_noclamp(k, p)
            mult_s = min(mult_s, (time.perf_counter() - start) / chunk)
    out["var_mult_us"] = round(min(float(out["var_mult_us"]), mult_s * 1e6), 1)
    out["selection_encrypt_prove_ms"] = round(prove_s * 1e3, 3)
    out["selection_verify_ms"] = round(verify_s * 1e3, 3)
    out["selection_verify_per_s"] = round(1 / verify_s)
    out["selection_verify_in_var_mults"] = round(verify_s / mult_s, 2)
    # The same work on a core where a variable-base multiplication takes 63 µs (an idle core of
    # this machine): comparable across runs on a busy machine. Clearly labelled as derived.
    out["selection_verify_per_s_at_63us"] = round(
        1e6 / (63.0 * float(out["selection_verify_in_var_mults"]))
    )
    print(
        f"0/1 selection: encrypt+prove {prove_s * 1e3:.3f} ms, verify {verify_s * 1e3:.3f} ms "
        f"= {1 / verify_s:,.0f} verifications/s "
        f"({out['selection_verify_in_var_mults']} variable-base multiplications' worth)"
    )

    # -- one of {0..5}
    values = list(range(6))
    r = random_scalar(rng)
    ct = encrypt(key, 4, r)
    proof6 = prove_one_of(key, ct, values, 4, r, context=CONTEXT, label=b"x", rng=rng)
    out["one_of_6_prove_ms"] = round(
        best(
            lambda: prove_one_of(key, ct, values, 4, r, context=CONTEXT, label=b"x", rng=rng),
            10,
            repeat,
        )
        * 1e3,
        2,
    )
    out["one_of_6_verify_ms"] = round(
        best(
            lambda: verify_one_of(key, ct, values, proof6, context=CONTEXT, label=b"x"), 20, repeat
        )
        * 1e3,
        2,
    )
    print(
        f"one of {{0..5}}: prove {out['one_of_6_prove_ms']} ms, "
        f"verify {out['one_of_6_verify_ms']} ms"
    )

    # -- table: a quadratic vote v in 0..10 and its cost v²
    rows = [(v, v * v) for v in range(11)]
    rs = [random_scalar(rng), random_scalar(rng)]
    cts = [encrypt(key, 7, rs[0]), encrypt(key, 49, rs[1])]
    tproof = prove_table(key, cts, rows, (7, 49), rs, context=CONTEXT, label=b"q", rng=rng)
    out["table_11x2_verify_ms"] = round(
        best(lambda: verify_table(key, cts, rows, tproof, context=CONTEXT, label=b"q"), 5, repeat)
        * 1e3,
        2,
    )
    print(
        f"table 11 rows × 2 ciphertexts (quadratic vote): verify {out['table_11x2_verify_ms']} ms"
    )

    # -- 25-bit range
    budget = 24_000_000
    m = 17_345_678
    r = random_scalar(rng)
    ct = encrypt(key, m, r)
    rp = prove_range(key, ct, m, r, a=0, b=budget, context=CONTEXT, label=b"b", rng=rng)
    out["range_bits"] = len(rp.bits)
    out["range25_prove_ms"] = round(
        best(
            lambda: prove_range(key, ct, m, r, a=0, b=budget, context=CONTEXT, label=b"b", rng=rng),
            2 if args.quick else 5,
            repeat,
        )
        * 1e3,
        1,
    )
    out["range25_verify_ms"] = round(
        best(
            lambda: verify_range(key, ct, rp, a=0, b=budget, context=CONTEXT, label=b"b"),
            2 if args.quick else 5,
            repeat,
        )
        * 1e3,
        1,
    )
    print(
        f"range [0, {budget:,}] ({len(rp.bits)} bits): prove {out['range25_prove_ms']} ms, "
        f"verify {out['range25_verify_ms']} ms"
    )

    # -- baby-step giant-step
    bound = 10**6
    _dlog._table.cache_clear()
    target = base_mul(bound)
    start = time.perf_counter()
    assert discrete_log(target, bound) == bound
    out["bsgs_1e6_first_ms"] = round((time.perf_counter() - start) * 1e3, 1)
    out["bsgs_1e6_decode_ms"] = round(best(lambda: discrete_log(target, bound), 3, repeat) * 1e3, 1)
    print(
        f"BSGS 10^6: first call (table + decode) {out['bsgs_1e6_first_ms']} ms, "
        f"worst-case decode {out['bsgs_1e6_decode_ms']} ms"
    )
    del secret
    out["load_avg_1m"] = round(os.getloadavg()[0], 2)
    out["cpus"] = os.cpu_count() or 0
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
