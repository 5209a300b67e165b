"""Time ``oylama-audit verify`` on a large record, serially and on Dask, with a projection.

The record (``oylama generate-record``, cached under /tmp unless ``--record`` names one) is of
20-project knapsack ballots with a 25-bit budget by default. Each worker count runs the real
command in a child process (``oylama-audit verify RECORD --workers N --json``; 1 = serial, in
that process); its wall time, ballots per second and the auditor process's peak memory are
printed. Then the parts of the recount are measured one by one, in this process:

* the one pass over the record's text (serial, in the auditor's process);
* the cost of one chunk (:func:`oylama_audit._chunks.check_chunk`, a sample of chunks);
* the cost of merging one chunk's result into the report (serial);
* a Dask LocalCluster's overhead per task (empty tasks through the same windowed runner),

from which a table projects the recount on 8, 64 and 512 cores and of 10^6 ballots:
``T(c) = scan + merge + chunks × max(chunk / c, overhead)``.

    .venv/bin/python benchmarks/audit.py --ballots 100000 --workers 1 2
    .venv/bin/python benchmarks/audit.py --record /tmp/r.json --workers 1 2
    .venv/bin/python benchmarks/audit.py --ballots 2000 --workers 1 --backend native sodium

``--backend`` takes one or more of the auditor's arithmetic backends (default: native when the
extension is installed, then sodium: both in one run, issue #15); every worker count runs on
each, and the native/sodium ratio of each worker count is printed. The parts and the projection
are measured on the first backend. Ends with one JSON line of every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def make_record(ballots: int, path: Path, shape: str) -> Path:
    if path.exists():
        return path
    t = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "oylama"),
            "generate-record",
            "--ballots",
            str(ballots),
            "--shape",
            shape,
            "--revotes",
            str(max(1, ballots // 100)),
            "--out",
            str(path),
        ],
        check=True,
    )
    print(f"record of {ballots} ballots made in {time.perf_counter() - t:.0f} s -> {path}")
    return path


_CHILD = """
import json, resource, sys, time
from oylama_audit._group import use_backend
from oylama_audit.record import verify_record
use_backend(sys.argv[4])
t = time.perf_counter()
report = verify_record(sys.argv[1], workers=int(sys.argv[2]), chunk=int(sys.argv[3]))
elapsed = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "passed": report.passed, "failed": report.failed_ids(),
                  "ballots": report["R13"].passed + report["R13"].failed,
                  "entries": report.entries, "peak_rss_mb": rss / 1024}))
"""


def run_verify(record: Path, workers: int, chunk: int, backend: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(record), str(workers), str(chunk), backend],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def parts(record: Path, chunk: int, samples: int) -> dict[str, float]:
    """Seconds of the serial parts and of one chunk, measured here."""
    from oylama_audit._chunks import check_chunk  # noqa: PLC0415
    from oylama_audit.record import (  # noqa: PLC0415
        BallotMerge,
        Board,
        Election,
        Leaves,
        _context,
        _decode_held,
        _entry_tasks,
        check_ceremony,
        check_manifest_entry,
        open_record,
        read_layout,
    )
    from oylama_audit.report import Report  # noqa: PLC0415

    buf, path = open_record(record)
    t = time.perf_counter()
    layout, buf, path = read_layout(buf, path)
    scan = time.perf_counter() - t
    held = _decode_held(buf, layout, ballots=False)
    head = Board(layout.election_id, layout.board_key, layout.entries, held, [], Leaves(b""), None)
    scratch = Report()
    el = check_manifest_entry(head, scratch)
    check_ceremony(head, el, scratch)
    context = _context(el)
    tasks = [t for t, _ in _entry_tasks(buf, path, layout, context, chunk=chunk, send=False)]
    chosen = random.Random(1).sample(tasks[1:-1] or tasks, min(samples, max(1, len(tasks) - 2)))
    t = time.perf_counter()
    results = [check_chunk(task) for task in chosen]
    per_chunk = (time.perf_counter() - t) / len(chosen)
    merge = BallotMerge(el if el else Election(), verified=context is not None)
    t = time.perf_counter()
    for r in results:
        merge.add(r)
    per_merge = (time.perf_counter() - t) / len(results)
    return {
        "scan_s": scan,
        "chunks": len(tasks),
        "chunk_s": per_chunk,
        "merge_per_chunk_s": per_merge,
        "entries": layout.entries,
        "bytes": layout.size,
    }


def task_overhead(workers: int, tasks: int = 2000) -> float:
    """Seconds per empty task through a LocalCluster and the auditor's windowed runner."""
    from oylama_audit._cluster import Dask  # noqa: PLC0415

    with Dask(workers=workers) as cluster:
        list(cluster.map(abs, ((k, 1) for k in range(200))))  # warm up
        t = time.perf_counter()
        list(cluster.map(abs, ((k, 1) for k in range(tasks))))
        return (time.perf_counter() - t) / tasks


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ballots", type=int, default=10_000)
    p.add_argument("--shape", default="knapsack20")
    p.add_argument("--record", type=Path, default=None)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--chunk", type=int, default=256)
    p.add_argument("--samples", type=int, default=8, help="chunks timed for the chunk cost")
    p.add_argument(
        "--backend",
        choices=("native", "sodium"),
        nargs="+",
        default=None,
        help="the auditor's arithmetic backends (default: native when installed, then sodium)",
    )
    args = p.parse_args()
    from oylama_audit._group import default_backend, use_backend  # noqa: PLC0415

    backends: list[str] = args.backend or (
        ["native", "sodium"] if default_backend() == "native" else ["sodium"]
    )
    args.backend = backends[0]
    use_backend(args.backend)  # for the parts measured in this process
    record = args.record or make_record(
        args.ballots,
        Path(f"/tmp/oylama-audit-bench-{args.shape}-{args.ballots}.json"),
        args.shape,
    )
    print(
        f"record {record}: {record.stat().st_size / 1e9:.2f} GB; backends {backends}; "
        f"load {os.getloadavg()}"
    )
    by_backend: dict[str, dict[int, dict[str, object]]] = {}
    for backend in backends:
        by_backend[backend] = {}
        for w in args.workers:
            out = run_verify(record, w, args.chunk, backend)
            by_backend[backend][w] = out
            ballots = int(out["ballots"])  # type: ignore[call-overload]
            seconds = float(out["seconds"])  # type: ignore[arg-type]
            print(
                f"{backend} --workers {w}: {seconds:.1f} s, {ballots / seconds:.1f} ballots/s, "
                f"auditor peak RSS {float(out['peak_rss_mb']):.0f} MB, "  # type: ignore[arg-type]
                f"{'all checks passed' if out['passed'] else out['failed']}, "
                f"load {os.getloadavg()[0]:.1f}"
            )
    ratios = {}
    if "native" in by_backend and "sodium" in by_backend:
        for w in args.workers:
            ratio = float(by_backend["sodium"][w]["seconds"]) / float(  # type: ignore[arg-type]
                by_backend["native"][w]["seconds"]  # type: ignore[arg-type]
            )
            ratios[w] = round(ratio, 2)
            print(f"native / sodium, --workers {w}: {ratio:.1f}x faster")
    runs = by_backend[args.backend]
    if 1 in runs and 2 in runs:
        speedup = float(runs[1]["seconds"]) / float(runs[2]["seconds"])  # type: ignore[arg-type]
        print(f"speed-up 1 -> 2 workers: {speedup:.2f}x (target >= 1.8x)")
    m = parts(record, args.chunk, args.samples)
    overhead = task_overhead(2)
    serial = m["scan_s"] + m["chunks"] * m["merge_per_chunk_s"]
    print(
        f"scan {m['scan_s']:.1f} s; {int(m['chunks'])} chunks of {args.chunk} entries, "
        f"{m['chunk_s']:.2f} s each; merge {m['merge_per_chunk_s'] * 1e3:.1f} ms per chunk; "
        f"Dask overhead {overhead * 1e3:.2f} ms per task"
    )
    scale = 1_000_000 / max(1, m["entries"])
    print("| cores | this record | 10^6 ballots |")
    print("|---|---|---|")
    table = {}
    for cores in (1, 2, 8, 64, 512):
        here = serial + m["chunks"] * max(m["chunk_s"] / cores, overhead)
        big = serial * scale + m["chunks"] * scale * max(m["chunk_s"] / cores, overhead)
        table[cores] = (here, big)
        print(f"| {cores} | {here:,.0f} s | {big:,.0f} s ({big / 60:,.1f} min) |")
    print(
        json.dumps(
            {
                "runs": runs,
                "runs_by_backend": by_backend,
                "native_over_sodium": ratios,
                "parts": m,
                "task_overhead_s": overhead,
                "projection_s": table,
                "backend": args.backend,
                "load": os.getloadavg(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
