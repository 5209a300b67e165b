"""``oylama-audit``: verify a record, check a receipt or spoiled ballots, monitor a board.

Exit codes: 0 every check passed; 1 a check failed (each failure is named); 2 a usage error,
or a record or service that cannot be read at all; 3 the recount did not finish (its Dask
cluster failed: nothing is concluded).
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import msgspec
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from oylama_audit._ballot import format_tracking_code, parse_tracking_code
from oylama_audit._board import (
    inclusion_path,
    key_id,
    parse_verifier_key,
    verify_consistency,
    verify_inclusion,
    verify_note,
)
from oylama_audit._cluster import ClusterError
from oylama_audit._credentials import decode_public_list
from oylama_audit._errors import AuditError
from oylama_audit._group import BACKENDS, default_backend, use_backend
from oylama_audit._pins import Pins, merge, parse_fingerprint, parse_pin_file, parse_trustee_keys
from oylama_audit.cycle import check_cycle_record
from oylama_audit.proposals import check_proposals, read_cycle_record
from oylama_audit.record import CHUNK_ENTRIES, load_board, verify_record
from oylama_audit.report import Report
from oylama_audit.spoiled import board_failures, check_file, check_record, describe
from oylama_audit.tracking import check_tracking_records

USAGE_ERROR = 2
NOT_FINISHED = 3

#: Records below this size (bytes, a few hundred ballots) are checked in this process unless
#: ``--workers`` or ``--scheduler`` says otherwise.
SMALL_RECORD = 16 * 1024 * 1024


class UnreadableError(Exception):
    """The input could not be read (file, network); exit code 2."""


def download(location: str, *, timeout: float = 60.0) -> Path:
    """An http(s) record saved to a temporary file (streamed, never held whole); the caller
    removes it."""
    handle, name = tempfile.mkstemp(prefix="oylama-record-", suffix=".json")
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(location, timeout=timeout) as r:
            shutil.copyfileobj(r, out, 1 << 20)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        Path(name).unlink(missing_ok=True)
        raise UnreadableError(f"{location}: {exc}") from None
    return Path(name)


def fetch(location: str, *, timeout: float = 60.0) -> bytes:
    """The bytes of a file path or an http(s) URL."""
    if location.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(location, timeout=timeout) as response:
                return bytes(response.read())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise UnreadableError(f"{location}: {exc}") from None
    try:
        return Path(location).read_bytes()
    except OSError as exc:
        raise UnreadableError(f"{location}: {exc.strerror or exc}") from None


# -- pins ------------------------------------------------------------------------


def pins_from(args: argparse.Namespace) -> Pins:
    """The pins of ``--pins``, ``--board-key``, ``--trustee-keys``, ``--credentials-fingerprint``
    (merged; two that disagree are a usage error)."""
    pins = Pins()
    if getattr(args, "pins", None) is not None:
        pins = parse_pin_file(fetch(args.pins))
    if getattr(args, "board_key", None) is not None:
        parse_verifier_key(args.board_key)
        pins = merge(pins, Pins(board_key=args.board_key))
    if getattr(args, "trustee_keys", None) is not None:
        text = fetch(args.trustee_keys).decode("utf-8", errors="strict")
        pins = merge(pins, Pins(trustee_keys=parse_trustee_keys(text)))
    if getattr(args, "credentials_fingerprint", None) is not None:
        fp = parse_fingerprint(args.credentials_fingerprint)
        pins = merge(pins, Pins(credentials=fp))
    return pins


# -- verify ---------------------------------------------------------------------


def print_report(report: Report, console: Console) -> None:
    table = Table(title=f"election {report.election_id or '?'} — phase {report.phase or '?'}")
    table.add_column("check")
    table.add_column("name")
    table.add_column("passed", justify="right")
    table.add_column("failed", justify="right")
    for c in report.checks.values():
        status = "[red]" if c.failed else "[green]"
        table.add_row(f"{status}{c.id}", c.name, str(c.passed), f"{status}{c.failed}")
    console.print(table)
    for c in report.checks.values():
        for message in c.failures:
            console.print(f"[red]FAIL {c.id}[/red] {message}", soft_wrap=True)
        for note in c.notes:
            console.print(f"[yellow]note {c.id}[/yellow] {note}", soft_wrap=True)
    if report.fatal:
        console.print(f"[red]stopped: {report.fatal}[/red]")
    verdict = "[green]all checks passed[/green]" if report.passed else "[red]FAILED[/red]"
    console.print(f"{report.entries} entries: {verdict}")


class RateColumn(ProgressColumn):
    """Entries checked per second (the recount's speed)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.0f} entries/s", style="progress.data.speed")


def cmd_verify(args: argparse.Namespace, console: Console) -> int:
    try:
        pins = pins_from(args)
    except (AuditError, UnicodeDecodeError) as exc:
        console.print(f"[red]pins: {exc}[/red]")
        return USAGE_ERROR
    if args.workers and args.scheduler:
        console.print("[red]--workers starts a local cluster; --scheduler uses another: not both")
        return USAGE_ERROR
    temporary: Path | None = None
    if args.record.startswith(("http://", "https://")):
        temporary = download(args.record)
        location: str = str(temporary)
    else:
        location = args.record
        if not Path(location).is_file():
            raise UnreadableError(f"{location}: no such file")
    # A small record is checked here: starting a cluster would take longer than the recount.
    small = Path(location).stat().st_size < SMALL_RECORD
    workers = args.workers or (1 if small else os.cpu_count() or 1)
    quiet = args.json or not console.is_terminal
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=quiet,
            transient=True,
        ) as bar:
            tasks: dict[str, TaskID] = {}

            def step(name: str, done: int, total: int) -> None:
                if name not in tasks:
                    tasks[name] = bar.add_task(f"checking {name}", total=total)
                bar.advance(tasks[name], done)

            report = verify_record(
                location,
                workers=None if args.scheduler else workers,
                scheduler=args.scheduler,
                progress=step,
                pins=pins,
                chunk=args.chunk,
                send_entries=args.send_entries,
            )
    except ClusterError as exc:
        Console(stderr=True).print(
            f"[red]the recount did not finish: {exc}[/red]\nnothing is concluded about the "
            "record (exit 3); run it again",
            soft_wrap=True,
        )
        return NOT_FINISHED
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    if args.json:
        sys.stdout.write(report.to_json().decode("utf-8") + "\n")
    else:
        print_report(report, console)
    if report.fatal == "unreadable record":
        return USAGE_ERROR
    return 0 if report.passed else 1


# -- receipt ---------------------------------------------------------------------


def cmd_receipt(args: argparse.Namespace, console: Console) -> int:
    try:
        code = parse_tracking_code(args.tracking_code)
    except AuditError as exc:
        console.print(f"[red]{exc}[/red]")
        return USAGE_ERROR
    data = fetch(args.record)
    report, board, el = load_board(data)
    board_ids = ("R1", "R2", "R3", "R4", "R5", "R6")
    broken = [cid for cid in board_ids if report[cid].failed]
    if board is None or board.final is None or broken:
        for cid in broken:
            for message in report[cid].failures:
                console.print(f"[red]FAIL {cid}[/red] {message}", soft_wrap=True)
        console.print("[red]the record's board does not verify; no receipt can be checked[/red]")
        return USAGE_ERROR if report.fatal == "unreadable record" else 1
    match = [b for b in el.ballots if b.tracking_code == code]
    if not match:
        console.print(f"[red]tracking code {format_tracking_code(code)} is not in the record[/red]")
        return 1
    b = match[0]
    final = board.final
    proof = inclusion_path(b.index, board.leaves[: final.size])
    verify_inclusion(board.leaves[b.index], b.index, final.size, proof, final.root)
    status = "counted" if b.counted else f"superseded by entry {b.superseded_by}"
    root_b64 = base64.b64encode(final.root).decode()
    leaf_b64 = base64.b64encode(board.leaves[b.index]).decode()
    proof_b64 = [base64.b64encode(h).decode() for h in proof]
    out = {
        "tracking_code": format_tracking_code(code),
        "index": b.index,
        "style": b.style,
        "status": "counted" if b.counted else "superseded",
        "superseded_by": b.superseded_by,
        "checkpoint": {"size": final.size, "root": root_b64},
        "leaf_hash": leaf_b64,
        "inclusion_proof": proof_b64,
        "inclusion_verified": True,
    }
    if args.json:
        sys.stdout.write(msgspec.json.encode(out).decode() + "\n")
        return 0
    console.print(f"ballot {format_tracking_code(code)}")
    console.print(f"  entry {b.index}, style {b.style!r}: [bold]{status}[/bold]")
    console.print(f"  final checkpoint: size {final.size}, root {root_b64}")
    console.print(f"  leaf hash {leaf_b64}")
    console.print(f"  inclusion proof ({len(proof)} hashes, innermost first):")
    for h in proof_b64:
        console.print(f"    {h}")
    console.print("[green]inclusion proof verified against the signed final checkpoint[/green]")
    return 0


# -- spoiled ---------------------------------------------------------------------


def cmd_proposals(args: argparse.Namespace, console: Console) -> int:
    """Residents' proposals on a participation record (cycle §4): exit 0 when every check
    passes, 1 when one fails, 2 when the record or the options cannot be read."""
    pinned = None
    if args.board_key:
        try:
            pinned = parse_verifier_key(args.board_key).public_key
        except AuditError as exc:
            Console(stderr=True).print(f"[red]--board-key: {exc}[/red]")
            return USAGE_ERROR
    data = fetch(args.record)
    try:
        election_id, entries = read_cycle_record(data, board_public_key=pinned)
        listed = None
        if args.credentials:
            public = decode_public_list(fetch(args.credentials), election_id=election_id)
            listed = {c.public_key: c.district for c in public.credentials}
        report = check_proposals(entries, election_id, listed)
    except AuditError as exc:
        if args.json:
            console.print_json(msgspec.json.encode({"passed": False, "error": str(exc)}).decode())
        else:
            console.print(f"[red]FAILED[/red]: {exc}")
        return 1
    rows = [
        {
            "proposal": pid,
            "district": st.district,
            "supports": len(st.supporters),
            "hidden": st.hidden,
            "review": st.review,
            "ballot": None if st.accepted is None else st.accepted[0],
            "project": None if st.accepted is None else st.accepted[1],
        }
        for pid, st in report.proposals.items()
    ]
    if args.json:
        out = {"passed": True, "election_id": election_id, "proposals": rows}
        console.print_json(msgspec.json.encode(out).decode())
        return 0
    table = Table(title=f"proposals of {election_id}")
    for column in ("proposal", "district", "supports", "hidden", "review", "on the ballot"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r["proposal"]),
            str(r["district"]),
            str(r["supports"]),
            "yes" if r["hidden"] else "",
            str(r["review"] or ""),
            "" if r["ballot"] is None else f"{r['ballot']} / {r['project']}",
        )
    console.print(table)
    scope = "signed by listed credentials" if listed is not None else "list not given"
    console.print(f"[green]all checks passed[/green] ({len(rows)} proposals; {scope})")
    return 0


def cmd_spoiled(args: argparse.Namespace, console: Console) -> int:
    """A record's spoiled entries (R20), or with ``--record`` a device's saved spoiled ballot."""
    record = fetch(args.record if args.record is not None else args.file)
    report, el = check_record(record)
    if report.fatal == "unreadable record":
        console.print("[red]not a record file[/red] (a spoiled-ballot file needs --record)")
        return USAGE_ERROR
    broken = board_failures(report)
    outcome = check_file(el, fetch(args.file)) if args.record is not None else None
    entries = [
        {
            "index": s.index,
            "style": s.style,
            "tracking_code": format_tracking_code(s.tracking_code) if s.tracking_code else None,
            "choices": s.choices,
            "ok": s.error is None and not broken,
            "error": s.error,
        }
        for s in el.spoiled
    ]
    failed = bool(broken) or any(s.error for s in el.spoiled)
    if outcome is not None:
        failed = failed or outcome.error is not None
    if args.json:
        out: dict[str, object] = {
            "election_id": report.election_id,
            "board_verified": not broken,
            "board_failures": broken,
            "spoiled": entries,
            "file": None
            if outcome is None
            else {
                "style": outcome.style,
                "tracking_code": format_tracking_code(outcome.tracking_code)
                if outcome.tracking_code
                else None,
                "choices": outcome.choices,
                "ok": outcome.error is None and not broken,
                "error": outcome.error,
                "published_at": outcome.published_at,
            },
        }
        sys.stdout.write(msgspec.json.encode(out).decode() + "\n")
        return 1 if failed else 0
    if broken:
        for message in broken:
            console.print(f"[red]FAIL {message}[/red]", soft_wrap=True)
        console.print("[red]the record's board does not verify: its key vouches for nothing[/red]")
    else:
        console.print(f"election {report.election_id}: board verified ({report.entries} entries)")

    def show(title: str, style: str | None, choices: list[int], error: str | None) -> None:
        console.print(title, markup=False, soft_wrap=True)
        for line in describe(el.manifest, style, choices):
            console.print(f"    {line}", markup=False, soft_wrap=True)
        if error is None and not broken:
            console.print("  [green]its ciphertexts encrypt exactly these choices[/green]")
        elif error is not None:
            console.print(f"  [red]FAIL R20[/red] {error}", soft_wrap=True)

    if outcome is not None:
        code = format_tracking_code(outcome.tracking_code) if outcome.tracking_code else "?"
        show(
            f"spoiled ballot {code} ({args.file}), ballot {outcome.style!r}:",
            outcome.style,
            outcome.choices,
            outcome.error,
        )
        where = (
            f"published on the board as entry {outcome.published_at}"
            if outcome.published_at is not None
            else "not published in this record"
        )
        console.print(f"  {where}")
    else:
        if not el.spoiled:
            console.print("the record has no spoiled ballots")
        for s in el.spoiled:
            code = format_tracking_code(s.tracking_code) if s.tracking_code else "?"
            show(
                f"entry {s.index}: spoiled ballot {code}, ballot {s.style!r}:",
                s.style,
                s.choices,
                s.error,
            )
    return 1 if failed else 0


# -- monitor ---------------------------------------------------------------------


class MonitorState(msgspec.Struct):
    board_key: str
    checkpoint: str  # the last verified signed note


def _get(url: str) -> bytes:
    return fetch(url, timeout=30.0)


def _verifier_key_text(base: str) -> str:
    raw = msgspec.json.decode(_get(f"{base}/board/key"))
    public = base64.b64decode(raw["ed25519_public_key"], validate=True)
    name = raw["key_name"]
    blob = base64.b64encode(b"\x01" + public).decode()
    return f"{name}+{key_id(name, public).hex()}+{blob}"


def poll_once(base: str, state_path: Path, pinned_key: str | None, console: Console) -> int:
    state: MonitorState | None = None
    if state_path.exists():
        try:
            state = msgspec.json.decode(state_path.read_bytes(), type=MonitorState)
        except msgspec.DecodeError as exc:
            console.print(f"[red]state file {state_path}: {exc}[/red]")
            return USAGE_ERROR
    if pinned_key is not None:
        served = _verifier_key_text(base)
        if parse_verifier_key(served) != parse_verifier_key(pinned_key):
            console.print(
                f"[red]ALARM: the board key is {served}, pinned {pinned_key}[/red]", soft_wrap=True
            )
            return 1
    key_text = pinned_key or (state.board_key if state else None) or _verifier_key_text(base)
    if state and state.board_key != key_text:
        console.print("[red]ALARM: the board key differs from the one pinned in the state[/red]")
        return 1
    try:
        key = parse_verifier_key(key_text)
    except AuditError as exc:
        console.print(f"[red]board key: {exc}[/red]")
        return USAGE_ERROR
    note = _get(f"{base}/board/checkpoint").decode("utf-8", errors="replace")
    try:
        new = verify_note(note, key)
    except AuditError as exc:
        console.print(f"[red]ALARM: the checkpoint does not verify: {exc}[/red]")
        return 1
    if state is not None:
        old = verify_note(state.checkpoint, key)
        try:
            if new.origin != old.origin:
                raise AuditError(f"origin changed from {old.origin!r} to {new.origin!r}")
            if new.size < old.size:
                raise AuditError(f"the log shrank from {old.size} to {new.size} entries")
            if old.size > 0:
                proof: list[bytes] = []
                if new.size != old.size:
                    raw = msgspec.json.decode(
                        _get(f"{base}/board/proof/consistency?old={old.size}&new={new.size}")
                    )
                    proof = [base64.b64decode(h, validate=True) for h in raw["hashes"]]
                verify_consistency(old.size, new.size, old.root, new.root, proof)
        except AuditError as exc:
            console.print(
                f"[bold red]ALARM: FORK OR INCONSISTENT CHECKPOINT[/bold red]: {exc}\n"
                f"saved: size {old.size}; served: size {new.size}. "
                "Keep both signed notes: together they prove the board misbehaved.",
                soft_wrap=True,
            )
            console.print(state.checkpoint + "\n" + note, markup=False, soft_wrap=True)
            return 1
    state_path.write_bytes(msgspec.json.encode(MonitorState(key_text, note)))
    grown = "" if state is None else f" (was {verify_note(state.checkpoint, key).size})"
    console.print(f"checkpoint {new.origin} size {new.size}{grown}: consistent, saved")
    return 0


def cmd_monitor(args: argparse.Namespace, console: Console) -> int:
    base = args.url.rstrip("/")
    state = Path(args.state)
    try:
        pins = pins_from(args)
        if args.key is not None:
            pins = merge(pins, Pins(board_key=args.key))
    except (AuditError, UnicodeDecodeError) as exc:
        console.print(f"[red]pins: {exc}[/red]")
        return USAGE_ERROR
    while True:
        code = poll_once(base, state, pins.board_key, console)
        if code != 0 or args.once:
            return code
        time.sleep(args.interval)


# -- entry point -------------------------------------------------------------------------------


def cmd_tracking(args: argparse.Namespace, console: Console) -> int:
    """Implementation tracking (cycle §5) of a participation record against the election's."""
    problems = check_tracking_records(fetch(args.record), fetch(args.cycle_record))
    if args.json:
        sys.stdout.write(
            msgspec.json.encode({"passed": not problems, "problems": problems}).decode()
        )
        sys.stdout.write("\n")
        return 1 if problems else 0
    for message in problems:
        console.print(f"FAIL {message}", markup=False, soft_wrap=True)
    if not problems:
        console.print("[green]implementation tracking verified[/green] (cycle §5)")
    return 1 if problems else 0


def cmd_cycle(args: argparse.Namespace, console: Console) -> int:
    """A whole participation record (cycle §1-§6) as numbered checks C1-C7: exit 0 when every
    check passes, 1 when one fails, 2 when an input or option cannot be read."""
    try:
        pins = pins_from(args)
        pinned = None if pins.board_key is None else parse_verifier_key(pins.board_key)
    except AuditError as exc:
        Console(stderr=True).print(f"[red]pins: {exc}[/red]")
        return USAGE_ERROR
    data = fetch(args.cycle_record)
    election = fetch(args.record) if args.record else None
    listed = None
    if args.credentials:
        eid = pins.election_id
        if eid is None and data.endswith(b"\n"):
            try:
                eid = msgspec.json.decode(data).get("election_id", "").removesuffix("/cycle")
            except (msgspec.DecodeError, AttributeError):
                eid = None
        try:
            public = decode_public_list(fetch(args.credentials), election_id=eid or "")
        except AuditError as exc:
            Console(stderr=True).print(f"[red]--credentials: {exc}[/red]")
            return USAGE_ERROR
        listed = {c.public_key: c.district for c in public.credentials}
    report = check_cycle_record(
        data,
        board_public_key=None if pinned is None else pinned.public_key,
        board_key_name=None if pinned is None else pinned.name,
        election_id=pins.election_id,
        election_record=election,
        credentials=listed,
    )
    if args.json:
        sys.stdout.write(report.to_json().decode() + "\n")
        return 0 if report.passed else 1
    table = Table(title=f"participation record of {report.election_id or '?'}")
    for column in ("check", "name", "passed", "failed"):
        table.add_column(column)
    for c in report.checks.values():
        style = "[red]" if c.failed else ("[yellow]" if c.id in report.skipped else "[green]")
        failed = "skipped" if c.id in report.skipped else str(c.failed)
        table.add_row(f"{style}{c.id}", c.name, str(c.passed), f"{style}{failed}")
    console.print(table)
    for c in report.checks.values():
        for message in c.failures:
            console.print(f"[red]FAIL {c.id}[/red] {escape(message)}", soft_wrap=True)
        for note in c.notes:
            console.print(f"[yellow]note {c.id}[/yellow] {escape(note)}", soft_wrap=True)
    figures = ", ".join(f"{k} {v}" for k, v in sorted(report.figures.items()))
    verdict = "[green]all checks passed[/green]" if report.passed else "[red]FAILED[/red]"
    console.print(f"{report.entries} entries ({escape(figures)}): {verdict}")
    return 0 if report.passed else 1


def _pin_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("pins", "values published out of band (docs/spec/pins.md)")
    g.add_argument("--pins", metavar="FILE", help="a pin file (JSON)")
    g.add_argument("--board-key", metavar="KEY", help="the board's verifier key")
    g.add_argument(
        "--trustee-keys", metavar="FILE", help="the trustees' identity keys, one per line"
    )
    g.add_argument(
        "--credentials-fingerprint",
        metavar="HEX",
        help="the credential list's SHA-256 as the credential authority announced it",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oylama-audit",
        description="Independent verification of oylama election records (docs/audit.md).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="verify a whole election record")
    v.add_argument("record", help="record file, or http(s) URL of .../elections/{id}/record")
    v.add_argument("--json", action="store_true", help="print a machine-readable report")
    v.add_argument(
        "--workers",
        type=int,
        default=0,
        help="start a local Dask cluster of N worker processes (default: one per core, or "
        "this process alone for a record under 16 MiB; 1: everything in this process)",
    )
    v.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="use the running Dask cluster whose scheduler is at ADDRESS (tcp://HOST:PORT)",
    )
    v.add_argument(
        "--chunk",
        type=int,
        default=CHUNK_ENTRIES,
        help=f"entries per task (default {CHUNK_ENTRIES})",
    )
    v.add_argument(
        "--send-entries",
        action="store_true",
        help="send each chunk's entries to the workers instead of letting them read the "
        "record at the same path (for workers that do not share this file system)",
    )
    v.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="group arithmetic: sodium (libsodium only) or native (the oylama_arith extension); "
        "default: $OYLAMA_CRYPTO_BACKEND, else native when installed",
    )
    _pin_arguments(v)
    r = sub.add_parser("receipt", help="find a ballot by its tracking code")
    r.add_argument("record")
    r.add_argument("tracking_code")
    r.add_argument("--json", action="store_true")
    s = sub.add_parser(
        "spoiled",
        help="check spoiled ballots (Benaloh challenges): a record's, or a device's saved file",
    )
    s.add_argument(
        "file",
        help="a record (file or URL): check its spoiled entries; with --record: a spoiled "
        "ballot file saved by a voter's device",
    )
    s.add_argument("--record", help="the election's record (file or URL) to check FILE against")
    s.add_argument("--json", action="store_true")
    p = sub.add_parser(
        "proposals", help="check residents' proposals on a participation record (cycle §4)"
    )
    p.add_argument(
        "record", help="participation record file, or URL of …/elections/{id}/cycle/record"
    )
    p.add_argument("--board-key", help="the election's board verifier key, pinned")
    p.add_argument("--credentials", help="the public credential list (file or URL)")
    p.add_argument("--json", action="store_true")
    t = sub.add_parser(
        "tracking", help="check a participation record's implementation tracking (cycle §5)"
    )
    t.add_argument("record", help="the election's record (file or URL)")
    t.add_argument("cycle_record", help="its participation record (file or URL)")
    t.add_argument("--json", action="store_true")
    c = sub.add_parser("cycle", help="check a whole participation record (cycle §1-§6)")
    c.add_argument(
        "cycle_record", help="participation record file, or URL of …/elections/{id}/cycle/record"
    )
    c.add_argument(
        "--record", help="the election's record (file or URL): ties the log to it, checks C6"
    )
    c.add_argument("--board-key", metavar="KEY", help="the election's board verifier key")
    c.add_argument("--pins", metavar="FILE", help="a pin file; its board key and election")
    c.add_argument("--credentials", help="the public credential list (file or URL), for C5")
    c.add_argument("--json", action="store_true", help="print a machine-readable report")
    m = sub.add_parser("monitor", help="watch a board's checkpoints for forks")
    m.add_argument("url", help="the election's API base, e.g. http://host/api/v1/elections/ID")
    m.add_argument("--state", required=True, help="file keeping the last verified checkpoint")
    m.add_argument("--key", help="the board's verifier key (the same as --board-key)")
    m.add_argument(
        "--board-key",
        help="the board's verifier key, pinned (default: the state's, else the service's)",
    )
    m.add_argument("--pins", metavar="FILE", help="a pin file; its board key is pinned")
    m.add_argument("--once", action="store_true", help="poll once and exit")
    m.add_argument("--interval", type=float, default=60.0, help="seconds between polls")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else USAGE_ERROR
    console = Console(stderr=False)
    if getattr(args, "workers", 0) < 0:
        console.print("[red]--workers must be positive[/red]")
        return USAGE_ERROR
    if getattr(args, "chunk", 1) < 1:
        console.print("[red]--chunk must be positive[/red]")
        return USAGE_ERROR
    try:
        use_backend(getattr(args, "backend", None) or default_backend())
    except AuditError as exc:
        Console(stderr=True).print(f"[red]{exc}[/red]")
        return USAGE_ERROR
    try:
        if args.command == "verify":
            return cmd_verify(args, console)
        if args.command == "receipt":
            return cmd_receipt(args, console)
        if args.command == "spoiled":
            return cmd_spoiled(args, console)
        if args.command == "proposals":
            return cmd_proposals(args, console)
        if args.command == "tracking":
            return cmd_tracking(args, console)
        if args.command == "cycle":
            return cmd_cycle(args, console)
        return cmd_monitor(args, console)
    except UnreadableError as exc:
        Console(stderr=True).print(f"[red]cannot read: {exc}[/red]")
        return USAGE_ERROR
