"""Allocation benchmark: oylama against a plain CSV pass and against pabutools.

For each Pabulib file (by default the three largest in ``../shared/pabulib``) it times

* parsing: ``oylama.pabulib.read`` + ``to_tally`` (ballots merged) against one plain
  ``csv.reader`` pass over the file (a floor: it only splits the text) and against
  pabutools ``parse_pabulib`` + ``as_multiprofile`` (its merged-ballot mode);
* every rule (greedy, max-welfare, mes, mes-add1, mes-add1-greedy), ours against pabutools
  in its fastest mode (multiprofile, cost satisfaction, lexicographic tie-breaking);
* the peak memory of our parse + rules (tracemalloc) against the file size;

and checks that our outcome equals pabutools' (with ``tie_break=pabutools``; for max-welfare,
whose optimum may not be unique, that the welfare is equal). It prints a table and, last, one
JSON line with the speed-up ratios.

Everything of ours runs first, for all files, so that the process's peak RSS at that point is
ours alone; pabutools runs after, one file at a time, each call bounded by
``--pabutools-timeout`` and all of them by ``--pabutools-budget`` (a call cut off by a limit
makes its speed-up a lower bound). One process throughout: the limits are ``SIGALRM`` timers,
which interrupt pabutools' pure-Python loops.

pabutools is GPL: it is imported here, in a benchmark, only as an independent reference.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import math
import resource
import signal
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

from oylama.errors import OylamaError
from oylama.pabulib import read
from oylama.tally import Instance, Options, Outcome, Profile, TieBreak, allocate

ROOT = Path(__file__).resolve().parents[1]
PABULIB = ROOT.parent / "shared" / "pabulib"
DEFAULT_FILES = ("Poland_Lodz_2022.pb", "Poland_Warszawa_2026.pb", "Poland_Wroclaw_2017.pb")
QUICK_FILES = ("Poland_Warszawa_2017_Grochow_Centrum.pb", "Poland_Swiecie_2023.pb")
RULES = ("greedy", "max-welfare", "mes", "mes-add1", "mes-add1-greedy")
MEMORY_RULE_LIMIT = 30.0
"""Seconds (untraced) above which a rule is left out of the traced memory pass."""
SLOW_PABUTOOLS = frozenset({"mes-add1", "mes-add1-greedy"})
"""pabutools rules that take minutes even on mid-size files (skipped by ``--quick``)."""

# Every rule with cost utility: a voter values a funded project she approves at its cost
# (pabutools' Cost_Sat; for greedy this is the Pabulib order by number of votes).
OUR_OPTIONS = Options(tie_break=TieBreak.PABUTOOLS, utility="cost")


class PabutoolsTimeout(BaseException):
    """Raised by the alarm inside a timed call, pabutools' or ours (a BaseException so that
    nothing swallows it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with :class:`PabutoolsTimeout` after ``seconds``."""

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise PabutoolsTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Timed:
    """One pabutools measurement: seconds, and ``ok``, ``timeout``, ``skipped`` or ``error``."""

    seconds: float | None
    status: str
    detail: str = ""


@dataclass
class FileResult:
    name: str
    size: int
    vote_type: str = ""
    projects: int = 0
    voters: int = 0
    ballots: int = 0
    csv_s: float = math.nan
    read_s: float = math.nan
    parse_s: float = math.nan
    peak_bytes: int = 0
    ours: dict[str, Timed] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    pab_parse: Timed = field(default_factory=lambda: Timed(None, "skipped"))
    pab_merge: Timed = field(default_factory=lambda: Timed(None, "skipped"))
    pab: dict[str, Timed] = field(default_factory=dict)
    agree: dict[str, str] = field(default_factory=dict)
    memory_skipped: list[str] = field(default_factory=list)
    instance: Instance | None = None
    profile: Profile | None = None


def best_times(
    *fns: Callable[[], object], min_total: float = 1.0, max_runs: int = 7
) -> list[float]:
    """Minimum wall time of each of ``fns`` over a few rounds (fewer when they are slow).

    The functions run in turn within each round, so that load from other processes on the
    machine falls on all of them alike.
    """
    best = [math.inf] * len(fns)
    spent = 0.0
    for _ in range(max_runs):
        for k, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            dt = time.perf_counter() - t
            best[k] = min(best[k], dt)
            spent += dt
        if spent >= min_total:
            break
    return best


def best_time(fn: Callable[[], object]) -> float:
    return best_times(fn)[0]


def csv_pass(path: Path) -> int:
    """The floor any parser pays: read the file and split every line on ';'."""
    rows = 0
    with path.open(newline="", encoding="utf-8") as f:
        for _ in csv.reader(f, delimiter=";"):
            rows += 1
    return rows


def run_ours(path: Path, timeout: float) -> FileResult:
    res = FileResult(path.name, path.stat().st_size)
    # End to end on a fresh election each time: the reader decodes and merges the ballots
    # while it checks them and hands them to to_tally, so to_tally alone is cheap.
    res.csv_s, res.read_s, res.parse_s = best_times(
        lambda: csv_pass(path), lambda: read(path), lambda: read(path).to_tally(), min_total=3.0
    )
    election = read(path)
    res.vote_type = election.meta.get("vote_type", "")
    inst, prof = election.to_tally()
    res.instance, res.profile = inst, prof
    res.projects, res.voters, res.ballots = inst.num_projects, prof.num_voters, prof.num_ballots
    for rule in RULES:
        if rule == "mes-add1-greedy" and res.ours["mes-add1"].status == "timeout":
            res.ours[rule] = Timed(None, "skipped", "its mes-add1 stage timed out")
            continue
        t = time.perf_counter()
        try:
            with time_limit(timeout):
                res.outcomes[rule] = allocate(inst, prof, rule, OUR_OPTIONS)
        except PabutoolsTimeout:
            res.ours[rule] = Timed(
                time.perf_counter() - t, "timeout", f"ours stopped at {timeout} s"
            )
            continue
        except (OylamaError, NotImplementedError) as exc:
            res.ours[rule] = Timed(None, "error", f"{type(exc).__name__}: {exc}"[:80])
            continue
        first = time.perf_counter() - t
        if first >= 1.0:
            res.ours[rule] = Timed(first, "ok")
        else:
            res.ours[rule] = Timed(
                best_time(partial(allocate, inst, prof, rule, OUR_OPTIONS)), "ok"
            )
    del election
    gc.collect()
    # Peak memory of a fresh parse plus every rule, traced (numpy reports to tracemalloc).
    # Tracing slows Python code several times: rules that took over MEMORY_RULE_LIMIT
    # seconds untraced are left out (and listed).
    tracemalloc.start()
    try:
        i2, p2 = read(path).to_tally()
        for rule in RULES:
            mine = res.ours[rule]
            if mine.status == "ok" and (mine.seconds or 0) <= MEMORY_RULE_LIMIT:
                allocate(i2, p2, rule, OUR_OPTIONS)
            else:
                res.memory_skipped.append(rule)
        res.peak_bytes = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return res


# --------------------------------------------------------------------------- pabutools


def pabutools_rules() -> dict[str, Callable[[Any, Any], Any]]:
    # Imported here, not at the top, so that --no-pabutools runs without the dev extra.
    from pabutools.election import Cost_Sat  # noqa: PLC0415
    from pabutools.rules import (  # noqa: PLC0415
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        max_additive_utilitarian_welfare,
        method_of_equal_shares,
    )

    return {
        "greedy": lambda i, p: greedy_utilitarian_welfare(i, p, sat_class=Cost_Sat),
        "max-welfare": lambda i, p: max_additive_utilitarian_welfare(i, p, sat_class=Cost_Sat),
        "mes": lambda i, p: method_of_equal_shares(i, p, sat_class=Cost_Sat),
        "mes-add1": lambda i, p: method_of_equal_shares(
            i, p, sat_class=Cost_Sat, voter_budget_increment=1
        ),
        "mes-add1-greedy": lambda i, p: completion_by_rule_combination(
            i,
            p,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        ),
    }


class Clock:
    """The pabutools time budget: per call, per file (a fair share of what is left), total."""

    def __init__(self, per_call: float, total: float) -> None:
        self.per_call = per_call
        self.deadline = time.monotonic() + total
        self.file_deadline = self.deadline

    def start_file(self, files_left: int) -> None:
        left = max(self.deadline - time.monotonic(), 0.0)
        self.file_deadline = time.monotonic() + left / max(files_left, 1)

    def limit(self) -> float:
        return min(self.per_call, self.file_deadline - time.monotonic())


def timed_call(clock: Clock, fn: Callable[[], Any]) -> tuple[Timed, Any]:
    limit = clock.limit()
    if limit <= 0.5:
        return Timed(None, "skipped", "time budget spent"), None
    t = time.perf_counter()
    try:
        with time_limit(limit):
            value = fn()
    except PabutoolsTimeout:
        return Timed(time.perf_counter() - t, "timeout", f"stopped at {limit:.1f} s"), None
    except Exception as exc:
        return Timed(None, "error", f"{type(exc).__name__}: {exc}"[:80]), None
    return Timed(time.perf_counter() - t, "ok"), value


def welfare(res: FileResult, ids: set[str]) -> int:
    """Utilitarian cost welfare Σ approvals·cost of the projects ``ids`` (our exact units)."""
    assert res.instance is not None and res.profile is not None
    counts = res.profile.approval_counts()
    return sum(
        int(counts[j]) * int(res.instance.costs[j])
        for j, pid in enumerate(res.instance.project_ids)
        if pid in ids
    )


def compare(res: FileResult, rule: str, theirs: Any) -> str:
    if res.vote_type != "approval":
        return f"n/a ({res.vote_type})"
    mine = set(res.outcomes[rule].selected)
    their_ids = {str(p.name) for p in theirs}
    if mine == their_ids:
        return "equal"
    if rule == "max-welfare" and welfare(res, mine) == welfare(res, their_ids):
        return "equal welfare (different optimum)"
    only_ours = sorted(mine - their_ids)
    only_theirs = sorted(their_ids - mine)
    return f"DIFFERENT: ours only {only_ours}, pabutools only {only_theirs}"


def run_pabutools(res: FileResult, path: Path, clock: Clock, rules: tuple[str, ...]) -> None:
    from pabutools.election import parse_pabulib  # noqa: PLC0415

    table = pabutools_rules()
    res.pab_parse, parsed = timed_call(clock, lambda: parse_pabulib(str(path)))
    if parsed is None:
        for rule in RULES:
            res.pab[rule] = Timed(None, "skipped", "parse did not finish")
        return
    instance, profile = parsed
    res.pab_merge, multi = timed_call(clock, profile.as_multiprofile)
    del profile
    if multi is None:
        for rule in RULES:
            res.pab[rule] = Timed(None, "skipped", "merge did not finish")
        return
    for rule in RULES:
        if rule not in rules:
            res.pab[rule] = Timed(None, "skipped", "--quick")
            continue
        if res.ours[rule].status != "ok":
            res.pab[rule] = Timed(None, "skipped", "nothing of ours to compare")
            continue
        if rule == "mes-add1-greedy" and res.pab.get("mes-add1", Timed(None, "")).status == (
            "timeout"
        ):
            # Its first stage is mes-add1, which already ran out of time: it would too.
            spent = res.pab["mes-add1"].seconds
            res.pab[rule] = Timed(spent, "timeout", "its mes-add1 stage timed out")
            continue
        res.pab[rule], outcome = timed_call(clock, partial(table[rule], instance, multi))
        if outcome is not None and rule in res.outcomes:
            res.agree[rule] = compare(res, rule, outcome)


# --------------------------------------------------------------------------- report


def fmt_s(t: Timed | float | None) -> str:
    if isinstance(t, Timed):
        if t.status == "ok" and t.seconds is not None:
            return fmt_s(t.seconds)
        if t.status == "timeout" and t.seconds is not None:
            return ">" + fmt_s(t.seconds).strip()
        return t.status
    if t is None or math.isnan(t):
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f} µs"
    if t < 1:
        return f"{t * 1e3:.1f} ms"
    return f"{t:.2f} s"


def ratio(num: float | None, den: float | None) -> str:
    if num is None or den is None or den <= 0 or math.isnan(num) or math.isnan(den):
        return "-"
    return f"{num / den:,.1f}x"


def end_to_end(r: FileResult, rule: str) -> tuple[float | None, float | None, bool]:
    """Seconds from the file to the outcome, ours and pabutools', and whether pabutools'
    figure is a lower bound (its rule was stopped by the time limit)."""
    o, p = r.ours.get(rule), r.pab.get(rule)
    if o is None or o.status != "ok" or o.seconds is None or math.isnan(r.parse_s):
        return None, None, False
    ours = r.parse_s + o.seconds
    if (
        p is None
        or p.status not in ("ok", "timeout")
        or p.seconds is None
        or r.pab_parse.seconds is None
        or r.pab_merge.seconds is None
        or r.pab_parse.status != "ok"
        or r.pab_merge.status != "ok"
    ):
        return ours, None, False
    theirs = r.pab_parse.seconds + r.pab_merge.seconds + p.seconds
    return ours, theirs, p.status == "timeout"


def report(results: list[FileResult], ours_rss: int) -> dict[str, Any]:
    mb = 1024 * 1024
    print()
    print("Files")
    print(f"  {'file':<60} {'type':<9} {'size':>8} {'projects':>8} {'voters':>8} {'ballots':>8}")
    for r in results:
        print(
            f"  {r.name[:60]:<60} {r.vote_type:<9} {r.size / mb:>6.2f}MB {r.projects:>8} "
            f"{r.voters:>8} {r.ballots:>8}"
        )
    print()
    print(
        "Parse (ours = read, and read + to_tally end to end, ballots merged; "
        "pabutools = parse + multiprofile)"
    )
    head = (
        f"  {'file':<28} {'csv pass':>10} {'ours read':>10} {'+to_tally':>10} "
        f"{'ours/csv':>9} {'pab parse':>10} {'pab merge':>10} {'pab/ours':>9}"
    )
    print(head)
    for r in results:
        pab_total = None
        if r.pab_parse.status == "ok" and r.pab_merge.status == "ok":
            assert r.pab_parse.seconds is not None and r.pab_merge.seconds is not None
            pab_total = r.pab_parse.seconds + r.pab_merge.seconds
        print(
            f"  {r.name[:28]:<28} {fmt_s(r.csv_s):>10} {fmt_s(r.read_s):>10} "
            f"{fmt_s(r.parse_s):>10} {ratio(r.parse_s, r.csv_s):>9} "
            f"{fmt_s(r.pab_parse):>10} {fmt_s(r.pab_merge):>10} {ratio(pab_total, r.parse_s):>9}"
        )
    print()
    print("Rules (ours: best of a few runs; pabutools: one run, '>' = stopped by the time limit)")
    print(f"  {'file':<28} {'rule':<16} {'ours':>10} {'pabutools':>11} {'speed-up':>10}  outcome")
    for r in results:
        for rule in RULES:
            o, p = r.ours.get(rule), r.pab.get(rule)
            speed = "-"
            if o and o.status == "ok" and p and p.status in ("ok", "timeout"):
                speed = ("≥" if p.status == "timeout" else "") + ratio(p.seconds, o.seconds)
            agree = r.agree.get(rule, p.detail if p and p.detail else "")
            if o and o.status != "ok":
                agree = o.detail
            print(
                f"  {r.name[:28]:<28} {rule:<16} {fmt_s(o):>10} {fmt_s(p):>11} {speed:>10}  {agree}"
            )
    print()
    print(
        "End to end, file to outcome (ours = read + to_tally + rule; "
        "pabutools = parse + multiprofile + rule)"
    )
    print(f"  {'file':<28} {'rule':<16} {'ours':>10} {'pabutools':>11} {'speed-up':>10}")
    for r in results:
        for rule in RULES:
            o_s, p_s, bound = end_to_end(r, rule)
            speed = "-" if p_s is None else ("≥" if bound else "") + ratio(p_s, o_s)
            print(
                f"  {r.name[:28]:<28} {rule:<16} {fmt_s(o_s):>10} "
                f"{(('>' if bound else '') + fmt_s(p_s).strip()) if p_s else '-':>11} {speed:>10}"
            )
    print()
    print("Memory of ours (tracemalloc peak of read + to_tally + every rule)")
    for r in results:
        print(
            f"  {r.name[:28]:<28} peak {r.peak_bytes / mb:7.1f} MB  file {r.size / mb:5.2f} MB  "
            f"ratio {r.peak_bytes / r.size:5.1f}x"
            + (f"  (without {', '.join(r.memory_skipped)})" if r.memory_skipped else "")
        )
    print(f"  process peak RSS after all of ours (with interpreter, numpy): {ours_rss / mb:.0f} MB")
    final_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"  process peak RSS at the end (pabutools included): {final_rss / mb:.0f} MB")

    summary: dict[str, Any] = {"files": [r.name for r in results]}
    csv_total = sum(r.csv_s for r in results)
    ours_parse = sum(r.parse_s for r in results)
    summary["parse_vs_csv"] = round(ours_parse / csv_total, 2) if csv_total else None
    parsed = [r for r in results if r.pab_parse.status == "ok" and r.pab_merge.status == "ok"]
    if parsed:
        pab = sum((r.pab_parse.seconds or 0) + (r.pab_merge.seconds or 0) for r in parsed)
        summary["parse_speedup"] = round(pab / sum(r.parse_s for r in parsed), 1)
    else:
        summary["parse_speedup"] = None
    lower: list[str] = []
    for rule in RULES:
        key = rule.replace("-", "_") + "_speedup"
        both = [
            r
            for r in results
            if r.ours.get(rule, Timed(None, "")).status == "ok"
            and r.pab.get(rule, Timed(None, "")).status in ("ok", "timeout")
        ]
        if not both:
            summary[key] = None
            continue
        pab_s = sum(r.pab[rule].seconds or 0 for r in both)
        ours_s = sum(r.ours[rule].seconds or 0 for r in both)
        summary[key] = round(pab_s / ours_s, 1) if ours_s > 0 else None
        if any(r.pab[rule].status == "timeout" for r in both):
            lower.append(key)
    for rule in RULES:
        key = rule.replace("-", "_") + "_end_to_end_speedup"
        pairs = [end_to_end(r, rule) for r in results]
        pairs = [(o, p, b) for o, p, b in pairs if o is not None and p is not None]
        if not pairs:
            summary[key] = None
            continue
        # the least ratio over the files: the target must hold on each
        summary[key] = round(min((p or 0) / (o or 1) for o, p, _ in pairs), 1)
        if any(b for *_, b in pairs):
            lower.append(key)
    summary["lower_bounds"] = lower
    summary["peak_mem_over_file_size"] = round(max(r.peak_bytes / r.size for r in results), 1)
    summary["peak_mem_mb"] = round(max(r.peak_bytes for r in results) / mb, 1)
    verdicts = [v for r in results for v in r.agree.values() if not v.startswith("n/a")]
    summary["outcomes_compared"] = len(verdicts)
    summary["outcomes_equal"] = all(v.startswith("equal") for v in verdicts)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="+", help="Pabulib files (paths, or names in shared/)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="two small files, and pabutools only for its fast rules (a smoke test)",
    )
    parser.add_argument(
        "--pabutools-timeout",
        type=float,
        default=400.0,
        help="seconds allowed to one pabutools call (default 400)",
    )
    parser.add_argument(
        "--pabutools-budget",
        type=float,
        default=1500.0,
        help="seconds allowed to all pabutools calls together (default 1500)",
    )
    parser.add_argument(
        "--ours-timeout",
        type=float,
        default=120.0,
        help="seconds allowed to one of our rule runs (default 120)",
    )
    parser.add_argument("--no-pabutools", action="store_true", help="time ours only")
    args = parser.parse_args(argv)

    names = args.files or (QUICK_FILES if args.quick else DEFAULT_FILES)
    paths = [Path(n) if Path(n).exists() else PABULIB / n for n in names]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"missing files: {', '.join(missing)} (is ../shared/ beside the checkout?)")
        return 2

    started = time.monotonic()
    print(f"oylama allocation benchmark on {len(paths)} file(s); Python {sys.version.split()[0]}")
    results = []
    for path in paths:
        print(f"  ours: {path.name} ...", flush=True)
        results.append(run_ours(path, args.ours_timeout))
    ours_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    if not args.no_pabutools:
        rules = tuple(r for r in RULES if not (args.quick and r in SLOW_PABUTOOLS))
        clock = Clock(args.pabutools_timeout, args.pabutools_budget)
        for n, (res, path) in enumerate(zip(results, paths, strict=True)):
            clock.start_file(len(paths) - n)
            print(f"  pabutools: {path.name} ...", flush=True)
            run_pabutools(res, path, clock, rules)
            gc.collect()

    summary = report(results, ours_rss)
    print(f"\nwall time {time.monotonic() - started:.0f} s")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
