"""Time ``oylama-audit verify`` on a record of many knapsack ballots.

The record is one city-wide knapsack ballot of 20 projects with a 25-bit budget (24 000 000),
the shape of docs/spec/ballots.md §9's measurements, made by the engine's pure APIs
(``tests/test_audit_builder.py``): every ballot is distinct, valid, encrypted with its own
randomness and signed by its own credential. Encrypting is the slow part, so the record is
cached (``--cache``, default under /tmp) and made with all cores.

    .venv/bin/python benchmarks/audit.py --ballots 10000
    .venv/bin/python benchmarks/audit.py --ballots 10000 --workers 1 2

Prints, per worker count: wall time, ballots per second, and ballots per second per worker.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
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


def make_record(ballots: int, cache: Path) -> bytes:
    if cache.exists():
        return cache.read_bytes()
    from test_audit_builder import build_election  # noqa: PLC0415 (idem)

    t = time.perf_counter()
    built = build_election(
        definition(ballots),
        voters=ballots,
        revoters=max(1, ballots // 100),
        seed=ballots,
        encrypt=_encrypt_all,  # type: ignore[arg-type]
    )
    print(f"record of {ballots} voters made in {time.perf_counter() - t:.0f} s -> {cache}")
    cache.write_bytes(built.record)
    return built.record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=None)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    cache = args.cache or Path(f"/tmp/oylama-audit-bench-{args.ballots}.record.json")
    record = make_record(args.ballots, cache)

    from oylama_audit.record import verify_record  # noqa: PLC0415 (after generation)

    cores = os.cpu_count() or 1
    print(f"record: {len(record) / 1e6:.1f} MB; machine: {cores} cores")
    for workers in args.workers or [1, cores]:
        t = time.perf_counter()
        report = verify_record(record, workers=workers)
        elapsed = time.perf_counter() - t
        n = report["R13"].passed + report["R13"].failed
        status = "all checks passed" if report.passed else f"FAILED {report.failed_ids()}"
        print(
            f"workers={workers}: {elapsed:.1f} s for {n} ballots ({report.entries} entries): "
            f"{n / elapsed:.1f} ballots/s, {n / elapsed / workers:.1f} per worker; {status}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
