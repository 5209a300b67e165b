"""Time ``oylama-audit verify`` on a record of many knapsack ballots.

The record is one city-wide knapsack ballot of 20 projects with a 25-bit budget (24 000 000),
the shape of docs/spec/ballots.md §9's measurements, made by the engine's pure APIs
(``tests/test_audit_builder.py``): every ballot is distinct, valid, encrypted with its own
randomness and signed by its own credential. Encrypting is the slow part, so the record is
cached (``--cache``, default under /tmp) and made with all cores.

    .venv/bin/python benchmarks/audit.py --ballots 10000
    .venv/bin/python benchmarks/audit.py --ballots 10000 --workers 1 2 --backend native sodium

Prints how long the record took to make (all cores), then per arithmetic backend (the
auditor's ``--backend``: native batches each chunk of ballots' equations, sodium checks proof
by proof) and worker count: wall time, ballots per second, ballots per second per worker, CPU
time, and the cost in libsodium multiplications ``V`` measured during the run; the last line is
one JSON object, with the native/sodium ratios.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

COSTS = [
    1_500_000,
    2_250_000,
    3_100_000,
    4_000_000,
    2_800_000,
    1_950_000,
    3_600_000,
    2_400_000,
    1_200_000,
    3_900_000,
    2_050_000,
    2_700_000,
    3_300_000,
    1_750_000,
    2_950_000,
    3_450_000,
    1_600_000,
    2_150_000,
    3_750_000,
    2_500_000,
]


def definition(ballots: int) -> str:
    projects = "".join(
        f'[[ballots.projects]]\nid = "P{j:02d}"\nname.tr = "Proje {j}"\ncost = {c}\n'
        for j, c in enumerate(COSTS)
    )
    return f"""
[election]
id = "audit-bench-{ballots}"
title.tr = "Denetim ölçümü"
city = "İzmir"
currency = "TRY"

[[ballots]]
id = "kent"
title.tr = "Kent bütçesi"
district = "city-wide"
kind = "knapsack"
budget = 24_000_000
rule = "greedy"
tie_break = "file-order"
{projects}"""


def _encrypt_all(jobs: list[object]) -> list[object]:
    from test_audit_builder import encrypt_job  # noqa: PLC0415 (tests/ is on sys.path now)

    with multiprocessing.get_context("spawn").Pool(os.cpu_count() or 1) as pool:
        return list(pool.imap(encrypt_job, jobs, chunksize=16))


def make_record(ballots: int, cache: Path, out: dict[str, object]) -> bytes:
    if cache.exists():
        return cache.read_bytes()
    from test_audit_builder import build_election  # noqa: PLC0415 (idem)

    load = os.getloadavg()[0]
    t = time.perf_counter()
    built = build_election(
        definition(ballots),
        voters=ballots,
        revoters=max(1, ballots // 100),
        seed=ballots,
        encrypt=_encrypt_all,  # type: ignore[arg-type]
    )
    made = time.perf_counter() - t
    out["record_made_s"] = round(made, 1)
    out["record_made_ballots_per_s"] = round(ballots / made, 1)
    out["record_made_load_start"] = round(load, 2)
    print(
        f"record of {ballots} voters made in {made:.0f} s ({ballots / made:.1f} voters/s on "
        f"{os.cpu_count()} cores, load {load:.1f}) -> {cache}"
    )
    cache.write_bytes(built.record)
    return built.record


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_v(samples: int = 300) -> float:
    """Seconds per libsodium ristretto255 variable-base scalar multiplication (the unit
    ``V``), measured now: on a shared machine absolute times drift, the cost in ``V`` less."""
    from oylama.crypto._libsodium import load  # noqa: PLC0415

    sodium = load()
    mul = sodium.mul
    k = (2**200 + 12345).to_bytes(32, "little")
    p = sodium.mul_base(k)
    best = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(samples // 5):
            mul(k, p)
        best.append((time.perf_counter() - t) / (samples // 5))
    return sorted(best)[len(best) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument(
        "--backend", nargs="+", default=None, help="the auditor's backends (default: both)"
    )
    args = parser.parse_args()
    cache = args.cache or Path(f"/tmp/oylama-audit-bench-{args.ballots}.record.json")
    out: dict[str, object] = {"ballots": args.ballots}
    record = make_record(args.ballots, cache, out)

    from oylama_audit._group import use_backend  # noqa: PLC0415 (after generation)
    from oylama_audit.record import verify_record  # noqa: PLC0415

    cores = os.cpu_count() or 1
    print(f"record: {len(record) / 1e6:.1f} MB; machine: {cores} cores")
    backends = args.backend or ["native", "sodium"]
    for backend in backends:
        use_backend(backend)
        for workers in args.workers or [1, cores]:
            v_before = measure_v()
            load = os.getloadavg()[0]
            cpu0 = _cpu()
            t = time.perf_counter()
            report = verify_record(record, workers=workers)
            elapsed = time.perf_counter() - t
            cpu = _cpu() - cpu0
            v = (v_before + measure_v()) / 2
            n = report["R13"].passed + report["R13"].failed
            status = "all checks passed" if report.passed else f"FAILED {report.failed_ids()}"
            per_ballot_v = elapsed * workers / n / v
            key = f"{backend}_{workers}"
            out[f"{key}_ballots_per_s"] = round(n / elapsed, 1)
            out[f"{key}_per_worker"] = round(n / elapsed / workers, 1)
            out[f"{key}_per_cpu_s"] = round(n / cpu, 1)
            out[f"{key}_v_per_ballot"] = round(per_ballot_v)
            out[f"{key}_load"] = round(load, 2)
            print(
                f"{backend}, workers={workers}: {elapsed:.1f} s for {n} ballots "
                f"({report.entries} entries): {n / elapsed:.1f} ballots/s, "
                f"{n / elapsed / workers:.1f} per worker; {status}\n"
                f"  CPU time {cpu:.0f} s: {n / cpu:.1f} ballots per CPU-second; load {load:.1f}\n"
                f"  V = {v * 1e6:.0f} us during the run; {per_ballot_v:.0f} V per ballot per worker"
            )
    for workers in args.workers or [1, cores]:
        a, b = out.get(f"native_{workers}_per_worker"), out.get(f"sodium_{workers}_per_worker")
        if isinstance(a, float) and isinstance(b, float) and b:
            out[f"speedup_{workers}"] = round(a / b, 2)
            print(f"native / sodium, {workers} workers: {a / b:.1f}x")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
