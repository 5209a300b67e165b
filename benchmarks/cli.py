"""Command-line benchmark: whole processes, ``oylama`` against a pabutools script.

What a person waits for is a process: the interpreter starting, the imports, reading the
file, the rule, the output. This benchmark times exactly that, a few runs each, as wall time
and as CPU time (user + system, from the child's resource usage: it varies far less than wall
time on a shared machine):

* ``oylama --help`` and ``oylama allocate --help`` (target: 150 ms each);
* ``oylama allocate FILE --rule RULE --utility cost --tie-break pabutools --json`` against
  ``python -c SCRIPT FILE RULE MODE``, a pabutools 1.2.3 script doing the same parse and rule
  (``parse_pabulib``, ``Cost_Sat``; the rules as in ``benchmarks/allocation.py``) and printing
  the funded projects, for greedy and MES+add1+greedy on Łódź 2022 by default (targets: 100×
  and 50×). MODE ``plain`` is the script anyone writes from pabutools' documentation (the
  rule on the parsed profile, one ballot per voter); ``multi`` is pabutools' fastest mode
  (``profile.as_multiprofile()`` first: equal ballots merged, as ours are). Greedy is timed in
  both; MES+add1+greedy in ``multi`` only (``plain`` takes many minutes a run);

and checks that both processes fund the same projects. It prints a table and, last, one JSON
line with the medians and the ratios of the medians.

The children run with the bytecode cache on (``PYTHONDONTWRITEBYTECODE`` removed, the cache
in a temporary ``PYTHONPYCACHEPREFIX``, one untimed warm-up run of each command), as after
``pip install`` or any first run: without it every run of ``oylama`` recompiles its own
modules (about 30-40 ms here), while pabutools' were compiled when it was installed.

pabutools is GPL: it runs here, in a benchmark, only as an independent reference.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PABULIB = ROOT.parent / "shared" / "pabulib"
DEFAULT_FILE = PABULIB / "Poland_Lodz_2022.pb"
RULES = ("greedy", "mes-add1-greedy")
MODES = {"greedy": ("plain", "multi"), "mes-add1-greedy": ("multi",)}
"""The pabutools script's modes timed for each rule (see the module docstring)."""
TARGETS = {"greedy": 100.0, "mes-add1-greedy": 50.0}
HELP_TARGET_S = 0.150

PABUTOOLS_SCRIPT = """\
import json, sys
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import (
    completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares,
)
path, rule, mode = sys.argv[1], sys.argv[2], sys.argv[3]
instance, profile = parse_pabulib(path)
if mode == "multi":
    profile = profile.as_multiprofile()
if rule == "greedy":
    funded = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
elif rule == "mes-add1-greedy":
    funded = completion_by_rule_combination(
        instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
    )
else:
    raise SystemExit(f"no pabutools script for {rule}")
print(json.dumps({"selected": sorted(str(p.name) for p in funded)}))
"""


@dataclass
class Runs:
    """Wall and CPU seconds of each timed run of one command, and its last output."""

    wall: list[float]
    cpu: list[float]
    output: str

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def child_env(cache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """One process: its wall time, its CPU time (user + system) and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def timed(argv: list[str], env: dict[str, str], runs: int, *, warm: bool = True) -> Runs:
    if warm:
        run(argv, env)  # (untimed: the bytecode cache is written)
    walls: list[float] = []
    cpus: list[float] = []
    out = ""
    for _ in range(runs):
        wall, cpu, out = run(argv, env)
        walls.append(wall)
        cpus.append(cpu)
    return Runs(walls, cpus, out)


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="a Pabulib file")
    parser.add_argument("--rules", default=",".join(RULES), help="comma-separated rules")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of oylama (default 7)")
    parser.add_argument(
        "--pabutools-runs", type=int, default=3, help="timed runs of pabutools (default 3)"
    )
    parser.add_argument("--no-pabutools", action="store_true", help="time oylama only")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"no such file: {args.file} (the shared Pabulib files are beside the checkout)")
        return 2
    oylama = str(Path(sys.executable).with_name("oylama"))
    rules = [r for r in args.rules.split(",") if r]
    print(f"{args.file.name}; load average {os.getloadavg()[0]:.2f} at the start")

    with tempfile.TemporaryDirectory(prefix="oylama-bench-pycache-") as cache:
        env = child_env(cache)
        results: dict[str, Any] = {}
        print("\nStart-up (median of the runs; target 150 ms)")
        for name, command in (
            ("help", [oylama, "--help"]),
            ("allocate_help", [oylama, "allocate", "--help"]),
        ):
            r = timed(command, env, args.runs)
            results[f"{name}_ms"] = round(r.wall_median * 1000, 1)
            results[f"{name}_cpu_ms"] = round(r.cpu_median * 1000, 1)
            verdict = "met" if r.wall_median <= HELP_TARGET_S else "MISSED"
            print(
                f"  oylama {' '.join(command[1:]):<16} wall {fmt(r.wall_median):>8}  "
                f"cpu {fmt(r.cpu_median):>8}  ({verdict}; runs {', '.join(fmt(w) for w in r.wall)})"
            )

        print("\nWhole processes, file to funded projects (medians; ratio = pabutools / oylama)")
        for rule in rules:
            ours_cmd = [
                oylama, "allocate", str(args.file), "--rule", rule,
                "--utility", "cost", "--tie-break", "pabutools", "--json",
            ]  # fmt: skip
            ours = timed(ours_cmd, env, args.runs)
            selected = sorted(json.loads(ours.output)["selected"])
            row = (
                f"  {rule:<16} oylama wall {fmt(ours.wall_median):>8} cpu {fmt(ours.cpu_median):>8}"
            )
            results[f"{rule}_oylama_s"] = round(ours.wall_median, 4)
            results[f"{rule}_oylama_cpu_s"] = round(ours.cpu_median, 4)
            if not args.no_pabutools:
                run([sys.executable, "-c", "import pabutools.rules"], env)  # (warm, untimed)
            for mode in () if args.no_pabutools else MODES.get(rule, ("multi",)):
                theirs_cmd = [sys.executable, "-c", PABUTOOLS_SCRIPT, str(args.file), rule, mode]
                theirs = timed(theirs_cmd, env, args.pabutools_runs, warm=False)
                same = json.loads(theirs.output)["selected"] == selected
                wall_ratio = theirs.wall_median / ours.wall_median
                cpu_ratio = theirs.cpu_median / ours.cpu_median
                verdict = "met" if wall_ratio >= TARGETS.get(rule, 0) else "MISSED"
                row += (
                    f"\n{'':<19}pabutools ({mode}) wall {fmt(theirs.wall_median):>8}"
                    f" cpu {fmt(theirs.cpu_median):>8}"
                    f" | {wall_ratio:.0f}× wall, {cpu_ratio:.0f}× cpu (target "
                    f"{TARGETS.get(rule, 0):.0f}×: {verdict}) | outcome "
                    f"{'equal' if same else 'DIFFERENT'}"
                    f"\n{'':<19}  runs: pabutools {', '.join(fmt(w) for w in theirs.wall)}"
                )
                key = f"{rule}_{mode}"
                results[f"{key}_pabutools_s"] = round(theirs.wall_median, 3)
                results[f"{key}_pabutools_cpu_s"] = round(theirs.cpu_median, 3)
                results[f"{key}_ratio"] = round(wall_ratio, 1)
                results[f"{key}_cpu_ratio"] = round(cpu_ratio, 1)
                results[f"{key}_outcome_equal"] = same
            row += f"\n{'':<19}  runs: oylama {', '.join(fmt(w) for w in ours.wall)}"
            print(row)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
