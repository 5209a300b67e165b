"""Verification of a whole election record (record.md §3, then every check of §2).

:func:`verify_record` never stops at the first failure: each check of
:data:`~oylama_audit.report.CHECKS` counts what passed and names what failed, and later checks
run on whatever earlier ones could establish (a check that lacks its inputs fails, saying so).
"""

from __future__ import annotations

import binascii
import bisect
import contextlib
import itertools
import mmap
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

import msgspec

from oylama_audit import rules
from oylama_audit._ballot import Style, check_spoiled, finish_tally, tracking_code, zero_sums
from oylama_audit._board import (
    ELECTION_KINDS,
    GENESIS,
    KINDS,
    Checkpoint,
    Entry,
    IncrementalRoot,
    VerifierKey,
    decode_entry,
    parse_verifier_key,
)
from oylama_audit._chunks import (
    BallotContext,
    ChunkResult,
    ChunkTask,
    NotesTask,
    Source,
    Sums,
    SumTask,
    check_chunk,
    check_notes,
    link_problem,
    merge_sums,
    sum_ballots,
)
from oylama_audit._cluster import Dask, Serial
from oylama_audit._credentials import decode_public_list, fingerprint, join_parts
from oylama_audit._errors import AuditError
from oylama_audit._group import backend, check_point, sub
from oylama_audit._identity import verify_commitment_signature, verify_record_signature
from oylama_audit._manifest import (
    CITY_WIDE,
    Manifest,
    base_hash,
    ceremony_context,
    decode_manifest,
    manifest_hash,
    money_text,
    money_units,
)
from oylama_audit._paper import (
    PaperBallotPayload,
    PaperKeyerPayload,
    add_clear,
    check_key,
    check_keyings,
    check_paper_choices,
    check_station,
    tally_values,
)
from oylama_audit._payloads import (
    RECORD_FORMAT,
    AllocationPayload,
    BallotPayload,
    ClosedPayload,
    CommitmentPayload,
    OpenedPayload,
    PartialPayload,
    RecordFile,
    ResultPayload,
    SignedRecordPayload,
    StaffPayload,
    SupersededPayload,
    TallyPayload,
)
from oylama_audit._pins import Pins
from oylama_audit._scan import (
    BALLOT as BALLOT_CODE,
)
from oylama_audit._scan import (
    FALLBACK_MAX,
    Buffer,
    Layout,
    NotCanonicalError,
    scan,
)
from oylama_audit._trustees import (
    Ceremony,
    check_plaintexts,
    verify_partial_decryption,
    verify_trustee_record,
)
from oylama_audit._wire import (
    PartialDecryption,
    SpoiledBallot,
    TrusteePublic,
    decode_canonical,
    encode,
)
from oylama_audit.report import Check, Report

Progress = Callable[[str, int, int], None]  # (task, done increment, total)


@dataclass
class BallotInfo:
    """What the recount knows of one ``ballot`` entry."""

    index: int
    credential: bytes
    style: str
    ballot_id: bytes
    tracking_code: bytes
    counted: bool = False
    superseded_by: int | None = None


@dataclass
class SpoiledInfo:
    """A ``ballot-spoiled`` entry and what R20 found (``error`` None when it passed)."""

    index: int
    payload: bytes
    style: str | None = None
    tracking_code: bytes | None = None
    choices: list[int] = field(default_factory=list)
    error: str | None = None


@dataclass
class Board:
    """The authenticated log: its entries (every one, or every one but the ballots when the
    ballots are checked in chunks), the kind and leaf hash of each, the final checkpoint."""

    election_id: str
    board_key: str
    size: int
    entries: list[Entry]
    kinds: Sequence[str]
    leaves: Sequence[bytes]
    key: VerifierKey | None
    checkpoints: list[Checkpoint] = field(default_factory=list)

    @property
    def final(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None

    def entry(self, index: int) -> Entry | None:
        """The entry at ``index`` if it is held (ballots may not be)."""
        if self.entries and self.entries[-1].index == len(self.entries) - 1:
            return self.entries[index] if 0 <= index < len(self.entries) else None
        found = bisect.bisect_left(self.entries, index, key=lambda e: e.index)
        if found < len(self.entries) and self.entries[found].index == index:
            return self.entries[found]
        return None


class Leaves(Sequence[bytes]):
    """The leaf hashes of a log, 32 bytes each in one buffer (a million is 32 MB)."""

    def __init__(self, data: bytes | bytearray) -> None:
        self._data = data

    def __len__(self) -> int:
        return len(self._data) // 32

    @overload
    def __getitem__(self, i: int) -> bytes: ...
    @overload
    def __getitem__(self, i: slice) -> list[bytes]: ...
    def __getitem__(self, i: int | slice) -> bytes | list[bytes]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return bytes(self._data[32 * i : 32 * i + 32])


@dataclass
class Election:
    """What the recount establishes, entry kind by entry kind."""

    manifest: Manifest | None = None
    manifest_bytes: bytes = b""
    ceremony: Ceremony | None = None
    joint_key: bytes | None = None
    base_hash: bytes | None = None
    credentials: dict[bytes, str] = field(default_factory=dict)
    fingerprint: str | None = None
    ballots: list[BallotInfo] = field(default_factory=list)
    #: (style, ballot id) of every cast ballot as :func:`cast_key` gives it (None: from
    #: ``ballots``), and per style the ballots cast and counted (None: from ``ballots``)
    cast_keys: set[bytes] | None = None
    cast_counts: dict[str, int] | None = None
    counted_counts: dict[str, int] | None = None
    tallies: dict[str, TallyPayload] = field(default_factory=dict)
    partials: dict[str, dict[int, tuple[int, PartialDecryption]]] = field(default_factory=dict)
    results: dict[str, ResultPayload] = field(default_factory=dict)
    spoiled: list[SpoiledInfo] = field(default_factory=list)
    #: per style, what its counted paper ballots add to each project's tally (record §2 7b)
    paper_totals: dict[str, list[int]] = field(default_factory=dict)


def cast_key(style: str, ballot_id: bytes) -> bytes:
    """One bytes value per (style, ballot id): compact in a set of a million."""
    name = style.encode("utf-8")
    return len(name).to_bytes(4, "big") + name + ballot_id


def _payload(entry: Entry, kind: type, what: str):  # type: ignore[no-untyped-def]
    return decode_canonical(entry.payload, kind, f"entry {entry.index} ({what})")


# -- board: R1-R5 ----------------------------------------------------------------------------------


def open_record(data: bytes | str | os.PathLike[str]) -> tuple[Buffer, str | None]:
    """The record's bytes (a file is mapped read-only, never read whole) and its path."""
    if isinstance(data, bytes):
        return data, None
    path = os.fspath(data)
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            return b"", path
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), path


def read_layout(buf: Buffer, path: str | None) -> tuple[Layout, Buffer, str | None]:
    """The text's layout (:func:`oylama_audit._scan.scan`); a non-canonical text small enough
    to hold is decoded and its canonical re-encoding read instead (R1 fails either way): then
    the bytes are in memory, and the path is None."""
    try:
        return scan(buf), buf, path
    except NotCanonicalError as exc:
        why = str(exc)
    if len(buf) > FALLBACK_MAX:
        out = Layout(size=len(buf))
        out.problems.append(
            f"not the canonical record text ({why}); a record this large is read only in its "
            "canonical form"
        )
        return out, buf, path
    data = bytes(buf)
    problems = []
    if not data.endswith(b"\n"):
        problems.append("the record does not end in a line feed")
        data += b"\n"
    try:
        record = msgspec.json.decode(data[:-1], type=RecordFile)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
        out = Layout(size=len(buf))
        out.problems = [*problems, f"not a record file: {exc or 'nested too deeply'}"]
        return out, buf, path
    canonical = encode(record) + b"\n"
    out = scan(canonical)
    out.problems = [
        *problems,
        f"not the canonical record text (white space, member order or base64): {why}",
    ]
    return out, canonical, None


def _decode_held(buf: Buffer, layout: Layout, *, ballots: bool) -> list[Entry]:
    """The entries read here in full: every one but the ballots (or every one)."""
    out = []
    for j in range(layout.entries):
        if layout.kinds[j] == BALLOT_CODE and not ballots:
            continue
        try:
            raw = binascii.a2b_base64(layout.entry_text(buf, j))
            out.append(decode_entry(raw))
        except (binascii.Error, AuditError):
            continue  # the chunk that holds it reports it (R1, R2)
    return out


@dataclass
class _Chain:
    """The chunks' results merged in entry order: R1-R3 and the leaves."""

    r1: Check = field(default_factory=lambda: Check("R1", ""))
    r2: Check = field(default_factory=lambda: Check("R2", ""))
    r3: Check = field(default_factory=lambda: Check("R3", ""))
    leaves: bytearray = field(default_factory=bytearray)
    undecodable: bool = False
    _prev_leaf: bytes = GENESIS
    _prev_time: int | None = None

    def add(self, c: ChunkResult) -> None:
        for m in c.r1:
            self.r1.fail(m)
        for m in c.r2:
            self.r2.fail(m)
        self.r2.ok(c.count - len(c.r2))
        self.undecodable = self.undecodable or c.undecodable
        if not c.undecodable and c.head is not None:
            index, prev_hash, timestamp = c.head
            problem = link_problem(
                c.first,
                index,
                prev_hash,
                timestamp,
                expected=self._prev_leaf,
                before=self._prev_time,
            )
            if problem:
                self.r3.fail(problem)
            for m in c.r3:
                self.r3.fail(m)
            self.r3.ok(c.count - len(c.r3) - (1 if problem else 0))
            self._prev_time = c.last_timestamp
        if c.count:
            self._prev_leaf = c.leaves[-32:]
        self.leaves += c.leaves


def _absorb(target: Check, part: Check) -> None:
    """``part``'s failures after ``target``'s, as if each had been failed on ``target``."""
    for m in part.failures:
        if m.startswith("… (further"):
            continue
        target.fail(m)
    target.failed += part.failed - sum(1 for m in part.failures if not m.startswith("… (further"))
    target.passed += part.passed


def _notes_of(
    results: list[tuple[str, int, bytes] | str], count: int, board: Board, report: Report
) -> None:
    """R4 from the checkpoints' verification, then R5 (each root recomputed from the leaves)."""
    r4, r5 = report["R4"], report["R5"]
    previous = -1
    for item in results:
        if isinstance(item, str):
            r4.fail(item)
            continue
        cp = Checkpoint(*item)
        if cp.size <= previous:
            r4.fail(
                f"checkpoint {len(board.checkpoints)}: size {cp.size} not above the previous "
                f"{previous}"
            )
        else:
            r4.ok()
        previous = cp.size
        board.checkpoints.append(cp)
    if not count:
        r4.fail("no checkpoint: nothing vouches for the log")
    elif board.final is not None and board.final.size != board.size:
        r4.fail(f"final checkpoint has size {board.final.size}, the record {board.size} entries")
    # R5: every checkpoint's root is the root of the first `size` entries. Each root is
    # computed once as the log grows, so checkpoints after every ballot cost O(log n) each.
    wanted: dict[int, list[Checkpoint]] = {}
    for cp in board.checkpoints:
        wanted.setdefault(cp.size, []).append(cp)
    tree = IncrementalRoot()
    for cp in wanted.get(0, []):
        _compare_root(report, cp, tree.root())
    for leaf in board.leaves:
        tree.append(leaf)
        for cp in wanted.get(tree.size, []):
            _compare_root(report, cp, tree.root())
    for size, cps in wanted.items():
        if size > board.size:
            for _ in cps:
                r5.fail(f"checkpoint of size {size} beyond the log's {board.size} entries")


def _compare_root(report: Report, cp: Checkpoint, root: bytes) -> None:
    if cp.root == root:
        report["R5"].ok()
    else:
        report["R5"].fail(
            f"checkpoint of size {cp.size}: root differs from the log's (fork or altered entries)"
        )


def _entry_tasks(
    buf: Buffer,
    path: str | None,
    layout: Layout,
    context: BallotContext | None,
    *,
    chunk: int,
    send: bool,
) -> Iterator[tuple[ChunkTask, int]]:
    for first in range(0, layout.entries, chunk):
        count = min(chunk, layout.entries - first)
        start, end = layout.starts[first], layout.ends[first + count - 1]
        source = _source(buf, path, start, end, send=send)
        yield ChunkTask(first, count, source, layout.election_id, context, backend()), count


def _source(buf: Buffer, path: str | None, start: int, end: int, *, send: bool) -> Source:
    if path is None or send:
        return Source(start, end, 0, data=bytes(buf[start:end]))
    return Source(start, end, zlib.crc32(buf[start:end]), path=path)


def _note_tasks(
    buf: Buffer, path: str | None, layout: Layout, key: VerifierKey, *, chunk: int, send: bool
) -> Iterator[tuple[NotesTask, int]]:
    n = len(layout.note_starts)
    for first in range(0, n, chunk):
        last = min(n, first + chunk) - 1
        start, end = layout.note_starts[first], layout.note_ends[last]
        offsets = tuple(
            (layout.note_starts[c] - start, layout.note_ends[c] - start)
            for c in range(first, last + 1)
        )
        source = _source(buf, path, start, end, send=send)
        yield NotesTask(first, source, offsets, key), last + 1 - first


def read_board(data: bytes | str | os.PathLike[str], report: Report) -> Board | None:
    """R1-R5 except the origin (which needs the manifest), every entry held in memory (for
    receipts and spoiled ballots); None if the record is unusable."""
    buf, path = open_record(data)
    layout, buf, path = read_layout(buf, path)
    if not layout.readable:
        _unreadable(layout, report)
        return None
    with Serial() as runner:
        held = _decode_held(buf, layout, ballots=True)
        return _board(buf, path, layout, report, runner, context=None, on_ballots=None, held=held)


def _unreadable(layout: Layout, report: Report) -> None:
    for m in layout.problems:
        report["R1"].fail(m)
    report.fatal = "unreadable record"


def _board(
    buf: Buffer,
    path: str | None,
    layout: Layout,
    report: Report,
    runner: Serial | Dask,
    *,
    context: BallotContext | None,
    on_ballots: Callable[[ChunkResult], None] | None,
    held: list[Entry],
    chunk: int = 256,
    send: bool = False,
    progress: Progress | None = None,
) -> Board | None:
    """The chunks run (R1-R3, leaves, and whatever ``on_ballots`` does with each chunk's
    ballots, in entry order), then R4 and R5 from the checkpoints."""
    r1, r2, r3, r4 = (report[c] for c in ("R1", "R2", "R3", "R4"))
    report.election_id = layout.election_id
    report.entries = layout.entries
    chain = _Chain()
    advance = (lambda k: progress("entries", k, layout.entries)) if progress else None
    tasks = _entry_tasks(buf, path, layout, context, chunk=chunk, send=send)
    for result in runner.map(check_chunk, tasks, advance):
        chain.add(result)
        if on_ballots is not None:
            on_ballots(result)
    for m in layout.problems:
        r1.fail(m)
    _absorb(r1, chain.r1)
    if layout.format != RECORD_FORMAT:
        r1.fail(f"format {layout.format!r}, expected {RECORD_FORMAT!r}")
    if not r1.failed:
        r1.ok()
    _absorb(r2, chain.r2)
    if chain.undecodable:
        report.fatal = "an entry does not decode; nothing after it can be trusted"
        return None
    _absorb(r3, chain.r3)
    key: VerifierKey | None = None
    try:
        key = parse_verifier_key(layout.board_key)
    except AuditError as exc:
        r4.fail(str(exc))
    board = Board(
        election_id=layout.election_id,
        board_key=layout.board_key,
        size=layout.entries,
        entries=held,
        kinds=[KINDS[k] if k < len(KINDS) else "?" for k in layout.kinds],
        leaves=Leaves(chain.leaves),
        key=key,
    )
    notes: list[tuple[str, int, bytes] | str] = []
    if key is not None:
        for part in runner.map(
            check_notes, _note_tasks(buf, path, layout, key, chunk=4096, send=send)
        ):
            notes.extend(part)
    _notes_of(notes, len(layout.note_starts), board, report)
    return board


# -- order of entry kinds: R7 ----------------------------------------------------------------------


def check_order(board: Board, manifest: Manifest | None, report: Report) -> str:
    """record §2: where each kind may stand. Returns the election's phase."""
    r7 = report["R7"]
    styles = [b.id for b in manifest.ballots] if manifest else []
    n = manifest.trustees if manifest else 0
    keys = commitments = credentials = 0
    opened = closed = False
    tallies: list[str] = []
    results: list[str] = []
    allocations = 0

    def style_of(index: int) -> str | None:
        e = board.entry(index)
        if e is None:
            return None
        try:
            value = msgspec.json.decode(e.payload)
        except Exception:
            return None
        return value.get("style") if isinstance(value, dict) else None

    for index, k in enumerate(board.kinds):
        problem: str | None = None
        if k not in ELECTION_KINDS:
            problem = f"{k} belongs to a participation log (cycle §1), not to the election's"
        elif index == 0 and k != "manifest":
            problem = "entry 0 must be the manifest"
        elif k == "manifest" and index != 0:
            problem = "a second manifest"
        elif index == 1 and k != "staff":
            problem = "entry 1 must be the staff published with the manifest"
        elif allocations and k != "allocation":
            problem = f"{k} after an allocation (allocations end the log)"
        elif k in ("trustee-key", "trustee-commitment", "credentials") and opened:
            problem = f"{k} after opened"
        elif k == "trustee-key":
            keys += 1
            if keys > n:
                problem = f"more than {n} trustee-key entries"
        elif k == "trustee-commitment":
            commitments += 1
            if keys < n:
                problem = "trustee-commitment before all trustee-key entries"
            elif commitments > n:
                problem = f"more than {n} trustee-commitment entries"
        elif k == "credentials":
            credentials += 1
            if credentials > 1 and board.kinds[index - 1] != "credentials":
                problem = "credentials entries not consecutive (credentials §5.4)"
        elif k == "opened":
            if opened:
                problem = "a second opened entry"
            elif keys != n or commitments != n or not credentials:
                problem = "opened before every trustee-key, trustee-commitment and credentials"
            opened = True
        elif k in ("ballot", "ballot-superseded", "ballot-spoiled", "paper-ballot"):
            if not opened or closed:
                problem = f"{k} outside the open election"
        elif k == "paper-keyer":
            if closed:
                problem = "paper-keyer after closed"
        elif k == "closed":
            if closed or not opened:
                problem = "closed twice or before opened"
            closed = True
        elif k == "tally":
            expected = styles[len(tallies)] if len(tallies) < len(styles) else None
            prev = board.kinds[index - 1] if index else ""
            if not closed or prev not in ("closed", "tally"):
                problem = "tally not right after closed"
            elif style_of(index) != expected:
                problem = f"tally of {style_of(index)!r}, expected {expected!r} (manifest order)"
            tallies.append(str(style_of(index)))
        elif k == "partial-decryption":
            if len(tallies) != len(styles) or len(results) == len(styles):
                problem = "partial-decryption not between the tallies and the last result"
        elif k == "result":
            expected = styles[len(results)] if len(results) < len(styles) else None
            if len(tallies) != len(styles):
                problem = "result before every tally"
            elif style_of(index) != expected:
                problem = f"result of {style_of(index)!r}, expected {expected!r} (manifest order)"
            results.append(str(style_of(index)))
        elif k == "allocation":
            expected = styles[allocations] if allocations < len(styles) else None
            if len(results) != len(styles):
                problem = "allocation before every result"
            elif style_of(index) != expected:
                problem = f"allocation of {style_of(index)!r}, expected {expected!r}"
            allocations += 1
        if problem:
            r7.fail(f"entry {index} ({k}): {problem}")
        else:
            r7.ok()
    if allocations == len(styles) and styles:
        return "published"
    if styles and len(results) == len(styles):
        return "tallied"
    if closed:
        return "closed"
    if opened:
        return "open"
    return "ceremony"


# -- the election: R6, R8-R19 ----------------------------------------------------------------


def check_manifest_entry(board: Board, report: Report) -> Election:
    r6 = report["R6"]
    el = Election()
    first = board.entry(0)
    if first is None or first.kind != "manifest":
        r6.fail("entry 0 is not the manifest")
        return el
    try:
        m = decode_manifest(first.payload)
    except AuditError as exc:
        r6.fail(f"entry 0: {exc}")
        return el
    if m.election_id != first.election_id or m.election_id != board.election_id:
        r6.fail("manifest election_id differs from the entries'")
        return el
    el.manifest = m
    el.manifest_bytes = first.payload
    r6.ok()
    # The origin of every checkpoint is the manifest's (record §3; board §6.2 step 5).
    for cp in board.checkpoints:
        if cp.origin != m.origin:
            report["R4"].fail(f"checkpoint of size {cp.size}: origin {cp.origin!r}")
    if board.key is not None and board.key.name != m.origin:
        report["R4"].notes.append(f"board key name {board.key.name!r} is not the origin")
    return el


def check_ceremony(board: Board, el: Election, report: Report) -> None:
    r8, r9, r10, r11 = (report[c] for c in ("R8", "R9", "R10", "R11"))
    m = el.manifest
    if m is None:
        for c in (r8, r9, r10, r11):
            c.fail("no valid manifest")
        return
    m_hash = manifest_hash(el.manifest_bytes)
    ctx_c = ceremony_context(m_hash)
    records: dict[int, TrusteePublic] = {}
    for e in board.entries:
        if e.kind != "trustee-key":
            continue
        try:
            signed = _payload(e, SignedRecordPayload, "trustee-key")
            rec = signed.record
            verify_record_signature(encode(rec), rec.index, signed.signature, m.trustee_keys, ctx_c)
            verify_trustee_record(rec, trustees=m.trustees, threshold=m.threshold, context=ctx_c)
            if rec.index in records:
                raise AuditError(f"a second record for trustee {rec.index}")
            records[rec.index] = rec
            r8.ok()
        except AuditError as exc:
            r8.fail(f"entry {e.index}: {exc}")
    opened_entries = [e for e in board.entries if e.kind == "opened"]
    if len(records) == m.trustees:
        try:
            el.ceremony = Ceremony(records, m.threshold)
            el.joint_key = el.ceremony.joint_key
            el.base_hash = base_hash(m_hash, el.joint_key)
        except AuditError as exc:
            r8.fail(str(exc))
    elif opened_entries:
        r8.fail(f"{len(records)} valid trustee records, the manifest has {m.trustees} trustees")

    seen: set[int] = set()
    for e in board.entries:
        if e.kind != "trustee-commitment":
            continue
        try:
            c = _payload(e, CommitmentPayload, "trustee-commitment")
            if not 1 <= c.index <= m.trustees or c.index in seen:
                raise AuditError(f"index {c.index} out of range or repeated")
            seen.add(c.index)
            if el.joint_key is None or c.joint_key != el.joint_key:
                raise AuditError(f"trustee {c.index}'s joint key is not K of the records")
            verify_commitment_signature(c.index, c.joint_key, c.signature, m.trustee_keys, ctx_c)
            r9.ok()
        except AuditError as exc:
            r9.fail(f"entry {e.index}: {exc}")
    if opened_entries and len(seen) != m.trustees:
        r9.fail(f"{len(seen)} commitments, expected {m.trustees}")

    districts = {b.district for b in m.ballots}
    has_city_wide = CITY_WIDE in districts
    allowed = {d.id for d in m.districts if d.id in districts or has_city_wide}
    if has_city_wide:
        allowed.add(CITY_WIDE)
    cred_entries = [e for e in board.entries if e.kind == "credentials"]
    fp: str | None = None
    voters = 0
    consecutive = all(b.index == a.index + 1 for a, b in itertools.pairwise(cred_entries))
    if cred_entries and not consecutive:
        r10.fail(
            f"entries {', '.join(str(e.index) for e in cred_entries)}: credentials entries "
            "not consecutive (credentials §5.4)"
        )
    elif cred_entries:
        where = f"entry {cred_entries[0].index}" + (
            f"-{cred_entries[-1].index}" if len(cred_entries) > 1 else ""
        )
        try:
            data = join_parts([e.payload for e in cred_entries])
            lst = decode_public_list(data, election_id=m.election_id, districts=allowed)
            el.credentials = {c.public_key: c.district for c in lst.credentials}
            fp = fingerprint(data)
            el.fingerprint = fp
            voters = len(lst.credentials)
            r10.ok()
        except AuditError as exc:
            r10.fail(f"{where}: {exc}")
    elif opened_entries:
        r10.fail("no credentials entry")

    for e in opened_entries:
        try:
            o = _payload(e, OpenedPayload, "opened")
            if o.manifest_hash != m_hash:
                raise AuditError("manifest_hash differs")
            if o.joint_key != el.joint_key:
                raise AuditError("joint_key differs from K")
            if o.base_hash != el.base_hash:
                raise AuditError("base_hash differs")
            if o.credentials != fp:
                raise AuditError("credentials fingerprint differs")
            if o.voters != voters:
                raise AuditError(f"voters {o.voters}, the list has {voters}")
            r11.ok()
        except AuditError as exc:
            r11.fail(f"entry {e.index}: {exc}")


class BallotMerge:
    """R12-R14 from the chunks' ballot rows, merged in entry order (see ``finish``).

    Compact on purpose: for a million ballots it keeps one set entry per ballot id and one
    dict entry per (credential, style), ints where it can, and the messages of what failed.
    """

    def __init__(
        self,
        el: Election,
        *,
        verified: bool,
        paper: Sequence[tuple[int, bytes, str]] = (),
    ) -> None:
        self.verified = verified
        # paper ballots (index, credential, style), merged into the entry order (record §2 7b)
        self.paper = sorted(paper)
        self._next_paper = 0
        self.rule = el.manifest.paper_and_online if el.manifest else "paper-counts"
        self.paper_voters: dict[int, int] = {}
        self.r27 = Check("R27", "")
        self.credentials = el.credentials
        m = el.manifest
        self.style_district = {b.id: b.district for b in m.ballots} if m else {}
        self.pass1_r12, self.pass1_r13 = Check("R12", ""), Check("R13", "")
        self.accept, self.proofs = Check("R12", ""), Check("R13", "")
        self.decodable = 0
        self.ids: set[bytes] = set()
        self.latest: dict[int, int] = {}
        self.revotes: dict[int, tuple[bytes, str, int, int]] = {}
        self.superseded: list[int] = []
        self.proof_failed: set[int] = set()
        self.cast: dict[str, int] = {}
        self.sums: Sums = {}
        self.chunks: list[tuple[int, int]] = []
        self._cred_ids: dict[bytes, int] = {}
        self._style_ids: dict[str, int] = {}
        self._styles: list[str] = []

    def _key(self, credential: bytes, style: str) -> int:
        cid = self._cred_ids.setdefault(credential, len(self._cred_ids))
        sid = self._style_ids.get(style)
        if sid is None:
            sid = self._style_ids[style] = len(self._styles)
            self._styles.append(style)
        return (cid << 32) | sid

    def _papers_before(self, j: int) -> None:
        """The paper ballots at indices below ``j``, in order."""
        while self._next_paper < len(self.paper) and self.paper[self._next_paper][0] < j:
            self._paper_at(*self.paper[self._next_paper])
            self._next_paper += 1

    def _paper_at(self, p: int, credential: bytes, style: str) -> None:
        """R27: the manifest's rule for a credential used on paper and online."""
        self.cast[style] = self.cast.get(style, 0) + 1
        voter = self._key(credential, style)
        if voter in self.paper_voters:
            self.r27.fail(
                f"entry {p}: a second paper ballot of the credential for {style!r} (entry "
                f"{self.paper_voters[voter]})"
            )
            return
        before = self.latest.get(voter)
        if before is not None:
            if self.rule == "paper-counts":
                self.revotes[p + 1] = (credential, style, before, p)
                self.superseded.append(before)
            else:
                self.r27.fail(
                    f"entry {p}: the credential voted online for {style!r} (entry {before}) and "
                    f"the manifest says {self.rule}"
                )
                self.superseded.append(before)
        self.latest[voter] = p
        self.paper_voters[voter] = p
        self.r27.ok()

    def add(self, c: ChunkResult) -> None:
        self.chunks.append((c.first, c.count))
        rows = c.ballots
        for pos, j in enumerate(rows.index):
            self._papers_before(j)
            error = rows.decode_error.get(pos)
            if error is not None:
                self.pass1_r12.fail(error)
                self.pass1_r13.fail(f"entry {j}: not a ballot")
                continue
            credential, style = rows.credential[pos], rows.style[pos]
            self.decodable += 1
            self.cast[style] = self.cast.get(style, 0) + 1
            key = cast_key(style, rows.ballot_id[pos])
            if key in self.ids:
                self.pass1_r12.fail(f"entry {j}: ballot id already used for style {style!r}")
            self.ids.add(key)
            voter = self._key(credential, style)
            if voter in self.paper_voters:  # the code is used: never counted
                self.r27.fail(
                    f"entry {j}: the credential voted on paper for {style!r} (entry "
                    f"{self.paper_voters[voter]}) before this online ballot"
                )
                self.superseded.append(j)
                continue
            before = self.latest.get(voter)
            if before is not None:
                self.revotes[j + 1] = (credential, style, before, j)
                self.superseded.append(before)
            self.latest[voter] = j
            if not self.verified:
                continue
            district = self.credentials.get(credential)
            acceptance: str | None = None
            if district is None:
                acceptance = "credential not in the published list"
            elif style not in self.style_district:
                acceptance = f"style {style!r} is not a ballot of the manifest"
            elif self.style_district[style] not in (district, CITY_WIDE):
                acceptance = f"credential of district {district!r} may not cast {style!r}"
            else:
                acceptance = rows.signature_error.get(pos)
            if acceptance:
                self.accept.fail(f"entry {j}: {acceptance}")
            else:
                self.accept.ok()
            proof = rows.proof_error.get(pos)
            if proof:
                self.proofs.fail(f"entry {j}: {proof}")
                self.proof_failed.add(j)
            else:
                self.proofs.ok()
        merge_sums(self.sums, c.sums)

    def finish(
        self,
        board: Board,
        el: Election,
        report: Report,
        run_sums: Callable[[list[tuple[int, int, tuple[int, ...]]]], Iterable[Sums]],
    ) -> Sums:
        """R12-R14 into ``report``; the sums of the counted ballots whose proofs verify."""
        r12, r13, r14 = report["R12"], report["R13"], report["R14"]
        self._papers_before(board.size)
        _absorb(report["R27"], self.r27)
        _absorb(r12, self.pass1_r12)
        _absorb(r13, self.pass1_r13)
        # R14: a ballot-superseded entry right after each revote, and no other.
        expected_at = dict(self.revotes)
        for e in board.entries:
            if e.kind != "ballot-superseded":
                continue
            try:
                s = _payload(e, SupersededPayload, "ballot-superseded")
                want = expected_at.pop(e.index, None)
                if want is None:
                    raise AuditError("no revote right before it")
                if (s.credential, s.style, s.superseded, s.by) != want:
                    raise AuditError(
                        f"names superseded={s.superseded} by={s.by}, expected "
                        f"superseded={want[2]} by={want[3]} with the same credential and style"
                    )
                r14.ok()
            except AuditError as exc:
                r14.fail(f"entry {e.index}: {exc}")
        for at, (_c, style, i, j) in sorted(expected_at.items()):
            r14.fail(f"entry {j} revotes {style!r} after entry {i}: no ballot-superseded at {at}")
        counted: dict[str, int] = {}
        for voter in self.latest:
            style = self._styles[voter & 0xFFFFFFFF]
            counted[style] = counted.get(style, 0) + 1
        el.cast_keys, el.cast_counts, el.counted_counts = self.ids, self.cast, counted
        if not self.verified:
            if self.decodable:
                r13.fail("no manifest or joint key: ballots cannot be verified")
            return {}
        _absorb(r12, self.accept)
        _absorb(r13, self.proofs)
        # The chunks summed every ballot whose proofs verify; take away the superseded ones.
        firsts = [first for first, _ in self.chunks]
        wanted: dict[int, list[int]] = {}
        for i in sorted(self.superseded):
            if i not in self.proof_failed:
                k = bisect.bisect_right(firsts, i) - 1
                wanted.setdefault(k, []).append(i)
        jobs = [(*self.chunks[k], tuple(indices)) for k, indices in sorted(wanted.items())]
        total = self.sums
        for part in run_sums(jobs):
            for style, (n, sums) in part.items():
                m, current = total[style]
                total[style] = (
                    m - n,
                    [
                        (sub(a1, a2), sub(b1, b2))
                        for (a1, b1), (a2, b2) in zip(current, sums, strict=True)
                    ],
                )
        return total


def check_tally(
    board: Board,
    el: Election,
    report: Report,
    sums: dict[str, tuple[int, list[tuple[bytes, bytes]]]],
) -> None:
    """R15 (closed) and R16 (tally = recomputed sums)."""
    r15, r16 = report["R15"], report["R16"]
    m = el.manifest
    if m is None:
        return
    cast = {b.id: 0 for b in m.ballots}
    counted = {b.id: 0 for b in m.ballots}
    if el.cast_counts is not None and el.counted_counts is not None:
        for sid in cast:
            cast[sid] = el.cast_counts.get(sid, 0)
            counted[sid] = el.counted_counts.get(sid, 0)
    for b in el.ballots if el.cast_counts is None else ():
        if b.style in cast:
            cast[b.style] += 1
            counted[b.style] += b.counted
    for e in board.entries:
        if e.kind != "closed":
            continue
        try:
            c = _payload(e, ClosedPayload, "closed")
            stated = [(s.style, s.cast, s.counted) for s in c.styles]
            logged = [(b.id, cast[b.id], counted[b.id]) for b in m.ballots]
            if stated != logged:
                raise AuditError(f"states {stated}, the log gives {logged}")
            r15.ok()
        except AuditError as exc:
            r15.fail(f"entry {e.index}: {exc}")
    styles = {b.id: b.style for b in m.ballots}
    for e in board.entries:
        if e.kind != "tally":
            continue
        try:
            t = _payload(e, TallyPayload, "tally")
            style = styles.get(t.style)
            if style is None:
                raise AuditError(f"unknown style {t.style!r}")
            if t.style in el.tallies:
                raise AuditError(f"a second tally of {t.style!r}")
            el.tallies[t.style] = t
            if t.ballots != counted[t.style]:
                raise AuditError(f"ballots {t.ballots}, counted {counted[t.style]}")
            n, recomputed = sums.get(t.style, (0, []))
            if n == 0:
                recomputed = zero_sums(style.projects)
            want = finish_tally(style, recomputed)
            clear = el.paper_totals.get(t.style)
            if clear is not None:  # counted paper ballots: (O, P·G) per project
                want = add_clear(want, clear)
            published = [(c.alpha, c.beta) for c in t.ciphertexts]
            if len(published) != style.projects:
                raise AuditError(f"{len(published)} ciphertexts, expected {style.projects}")
            bad = [k for k in range(style.projects) if published[k] != want[k]]
            if bad:
                raise AuditError(
                    f"style {t.style!r}: ciphertexts of projects {bad} are not the sums of "
                    "the counted ballots"
                )
            r16.ok()
        except AuditError as exc:
            r16.fail(f"entry {e.index}: {exc}")


def _weight(style: Style) -> int:
    if style.kind == "cumulative":
        return style.points
    if style.kind == "quadratic":
        return 2 * style.max_votes if style.signed else style.max_votes
    return 1


def withheld(m: Manifest, ballots: int) -> bool:
    """record §2 item 10: a tally of ``0 < ballots < min_tally_ballots`` is never decrypted."""
    return 0 < ballots < m.min_tally_ballots


def check_decryption(board: Board, el: Election, report: Report) -> None:
    """R17 (partial decryptions) and R18 (results)."""
    r17, r18 = report["R17"], report["R18"]
    m = el.manifest
    if m is None or el.ceremony is None or el.base_hash is None:
        if any(e.kind in ("partial-decryption", "result") for e in board.entries):
            r17.fail("no manifest or ceremony: decryptions cannot be verified")
        return
    styles = {b.id: b.style for b in m.ballots}
    for e in board.entries:
        if e.kind == "partial-decryption":
            try:
                p = _payload(e, PartialPayload, "partial-decryption")
                t = el.tallies.get(p.style)
                if t is None:
                    raise AuditError(f"no tally of style {p.style!r}")
                if withheld(m, t.ballots):
                    raise AuditError(
                        f"style {p.style!r} counts {t.ballots} ballots, fewer than "
                        f"min_tally_ballots ({m.min_tally_ballots}): it must not be decrypted"
                    )
                per_style = el.partials.setdefault(p.style, {})
                if p.decryption.index in per_style:
                    raise AuditError(f"a second partial of trustee {p.decryption.index}")
                ciphertexts = [(c.alpha, c.beta) for c in t.ciphertexts]
                for alpha, beta in ciphertexts:
                    check_point(alpha, allow_identity=True, what="tally alpha")
                    check_point(beta, allow_identity=True, what="tally beta")
                verify_partial_decryption(
                    el.ceremony,
                    p.decryption,
                    ciphertexts,
                    trustees=m.trustees,
                    context=el.base_hash,
                    what=b"tally/" + p.style.encode("utf-8"),
                )
                per_style[p.decryption.index] = (e.index, p.decryption)
                r17.ok()
            except AuditError as exc:
                r17.fail(f"entry {e.index}: {exc}")
        elif e.kind == "result":
            try:
                res = _payload(e, ResultPayload, "result")
                style = styles.get(res.style)
                t = el.tallies.get(res.style)
                if style is None or t is None:
                    raise AuditError(f"no tally of style {res.style!r}")
                if res.style in el.results:
                    raise AuditError(f"a second result of {res.style!r}")
                el.results[res.style] = res
                if res.ballots != t.ballots:
                    raise AuditError(f"ballots {res.ballots}, the tally has {t.ballots}")
                if withheld(m, t.ballots):
                    if res.trustees or res.sums or res.scores:
                        raise AuditError(
                            f"style {res.style!r} is withheld (fewer than min_tally_ballots "
                            "ballots): trustees, sums and scores must be empty"
                        )
                    r18.ok()
                    continue
                if any(b <= a for a, b in zip(res.trustees, res.trustees[1:], strict=False)):
                    raise AuditError("trustees not strictly increasing")
                if len(res.trustees) < m.threshold:
                    raise AuditError(f"{len(res.trustees)} trustees, threshold {m.threshold}")
                verified = el.partials.get(res.style, {})
                partials = []
                for index in res.trustees:
                    if index not in verified or verified[index][0] > e.index:
                        raise AuditError(f"no verified partial decryption of trustee {index}")
                    partials.append(verified[index][1])
                ciphertexts = [(c.alpha, c.beta) for c in t.ciphertexts]
                check_plaintexts(partials, ciphertexts, res.sums, res.ballots * _weight(style))
                shift = res.ballots * style.max_votes if style.signed else 0
                if res.scores != [s - shift for s in res.sums]:
                    raise AuditError(
                        "scores are not the sums (minus ballots x max_votes if signed)"
                    )
                r18.ok()
            except AuditError as exc:
                r18.fail(f"entry {e.index}: {exc}")


def totals_kind(style: Style) -> str:
    if style.kind in ("approval", "knapsack"):
        return "approval"
    return style.kind


def check_allocations(board: Board, el: Election, report: Report) -> None:
    """R19: each style's rule recomputed from the published scores."""
    r19 = report["R19"]
    m = el.manifest
    if m is None:
        return
    ballots = {b.id: b for b in m.ballots}
    for e in board.entries:
        if e.kind != "allocation":
            continue
        try:
            a = _payload(e, AllocationPayload, "allocation")
            b = ballots.get(a.style)
            res = el.results.get(a.style)
            if b is None or res is None:
                raise AuditError(f"no result of style {a.style!r}")
            if a.rule != b.rule:
                raise AuditError(f"rule {a.rule!r}, the manifest says {b.rule!r}")
            if a.budget != b.budget:
                raise AuditError(f"budget {a.budget!r}, the manifest says {b.budget!r}")
            if withheld(m, res.ballots):
                if a.selected or a.cost != "0":
                    raise AuditError(f"style {a.style!r} is withheld: nothing is funded")
                r19.ok()
                continue
            ids = [p.id for p in b.projects]
            costs = [money_units(p.cost, b.scale) for p in b.projects]
            budget = money_units(b.budget, b.scale)
            outcome = rules.allocate(
                b.rule,
                ids,
                costs,
                budget,
                res.scores,
                kind=totals_kind(b.style),
                utility=b.utility,
                tie_break=b.tie_break,
            )
            if a.selected != outcome.selected:
                raise AuditError(
                    f"style {a.style!r}: funded {a.selected}, the rule funds {outcome.selected}"
                )
            if a.cost != money_text(outcome.total_cost, b.scale):
                raise AuditError(
                    f"cost {a.cost!r}, expected {money_text(outcome.total_cost, b.scale)!r}"
                )
            r19.ok()
        except AuditError as exc:
            r19.fail(f"entry {e.index}: {exc}")


def _account_name(name: str) -> bool:
    """record §2: an account name is 1 to 64 printable ASCII characters other than space."""
    return 1 <= len(name) <= 64 and all("!" <= c <= "~" for c in name)


def check_staff(board: Board, report: Report) -> None:
    """R24 (record §2 ``staff`` and ``by``): each ``staff`` entry changes the roster of the
    one before it exactly as it says; every ``opened``, ``closed``, ``result`` and
    ``allocation`` names an account of the roster in force."""
    r24 = report["R24"]
    roster: list[str] | None = None
    kinds = {
        "opened": OpenedPayload,
        "closed": ClosedPayload,
        "result": ResultPayload,
        "allocation": AllocationPayload,
    }
    for e in board.entries:
        try:
            if e.kind == "staff":
                s = _payload(e, StaffPayload, "staff")
                for names, what in ((s.added, "added"), (s.removed, "removed"), (s.staff, "staff")):
                    if names != sorted(set(names)) or not all(map(_account_name, names)):
                        raise AuditError(f"{what} is not a sorted list of distinct account names")
                if not _account_name(s.by):
                    raise AuditError(f"by {s.by!r} is not an account name")
                before = set(roster or [])
                if roster is None:
                    if s.removed or s.added != s.staff or s.by not in s.staff:
                        raise AuditError(
                            "the first staff entry must add the whole roster, remove nothing "
                            "and be by one of them (who started the ceremony)"
                        )
                elif not s.added and not s.removed:
                    raise AuditError("changes nothing")
                elif set(s.added) & before or not set(s.removed) <= before:
                    raise AuditError("adds a name already staff, or removes one that is not")
                if sorted((before | set(s.added)) - set(s.removed)) != s.staff:
                    raise AuditError("staff is not the previous roster with the change made")
                if not s.staff:
                    raise AuditError("no staff left")
                roster = s.staff
                r24.ok()
            elif e.kind in kinds:
                by = _payload(e, kinds[e.kind], e.kind).by
                if roster is None or by not in roster:
                    raise AuditError(f"by {by!r}, not an account of the election's staff")
                r24.ok()
        except AuditError as exc:
            r24.fail(f"entry {e.index}: {exc}")


def paper_voters(entries: Sequence[Entry]) -> list[tuple[int, bytes, str]]:
    """(index, credential, style) of every decodable ``paper-ballot`` entry (the recount's
    R27 and counts; R26 reports the ones that do not decode)."""
    out = []
    for e in entries:
        if e.kind != "paper-ballot":
            continue
        try:
            p = _payload(e, PaperBallotPayload, "paper-ballot")
        except AuditError:
            continue
        out.append((e.index, p.credential, p.style))
    return out


def check_paper(board: Board, el: Election, report: Report) -> None:
    """R25 (``paper-keyer``: a staff account of the roster in force, a valid key) and R26
    (``paper-ballot``: listed credential, eligible style, choices valid for the style, a
    station name, two keyings by two different staff accounts under their keys in force);
    the clear totals each style's counted paper ballots add to its tally (``el``)."""
    r25, r26 = report["R25"], report["R26"]
    m = el.manifest
    roster: list[str] = []
    keys: dict[str, bytes] = {}
    ballots = {b.id: b for b in m.ballots} if m else {}
    for e in board.entries:
        try:
            if e.kind == "staff":
                with contextlib.suppress(AuditError):  # R24 reports it
                    roster = _payload(e, StaffPayload, "staff").staff
            elif e.kind == "paper-keyer":
                k = _payload(e, PaperKeyerPayload, "paper-keyer")
                if k.account not in roster:
                    raise AuditError(f"keyer {k.account!r} is not staff of the election")
                check_key(k.key)
                keys[k.account] = k.key
                r25.ok()
            elif e.kind == "paper-ballot":
                p = _payload(e, PaperBallotPayload, "paper-ballot")
                district = el.credentials.get(p.credential)
                if district is None:
                    raise AuditError("credential not in the published list")
                b = ballots.get(p.style)
                if b is None:
                    raise AuditError(f"style {p.style!r} is not a ballot of the manifest")
                if b.district not in (district, CITY_WIDE):
                    raise AuditError(
                        f"credential of district {district!r} may not cast {p.style!r}"
                    )
                check_station(p.station)
                check_paper_choices(b.style, p.choices)
                check_keyings(board.election_id, p, roster, keys)
                totals = el.paper_totals.setdefault(p.style, [0] * b.style.projects)
                for k, v in enumerate(tally_values(b.style, p.choices)):
                    totals[k] += v
                r26.ok()
        except AuditError as exc:
            (r25 if e.kind == "paper-keyer" else r26).fail(f"entry {e.index}: {exc}")


def check_spoiled_entries(board: Board, el: Election, report: Report) -> None:
    """R20 (record §2 item 6a, ballots §8): every ``ballot-spoiled`` entry opens to its
    choices under ``K`` and the base hash, and its ballot id is never a cast ballot's (in
    either order) nor another spoiled ballot's of the style. ``el.ballots`` must be read."""
    r20 = report["R20"]
    m = el.manifest
    cast = el.cast_keys
    if cast is None:
        cast = {cast_key(b.style, b.ballot_id) for b in el.ballots}
    seen: set[bytes] = set()
    for e in board.entries:
        if e.kind != "ballot-spoiled":
            continue
        info = SpoiledInfo(e.index, e.payload)
        el.spoiled.append(info)
        try:
            sp = _payload(e, SpoiledBallot, "ballot-spoiled")
            info.style = sp.ballot.style
            info.tracking_code = tracking_code(encode(sp.ballot))
            info.choices = list(sp.choices)
            style = {b.id: b.style for b in m.ballots}.get(sp.ballot.style) if m else None
            if style is None:
                raise AuditError(f"style {sp.ballot.style!r} is not a ballot of the manifest")
            key = cast_key(sp.ballot.style, sp.ballot.ballot_id)
            if key in cast:
                raise AuditError("its ballot id is a cast ballot's: a counted vote made public")
            if key in seen:
                raise AuditError("its ballot id was spoiled before")
            seen.add(key)
            if el.joint_key is None or el.base_hash is None:
                raise AuditError("no joint key: the opening cannot be checked")
            check_spoiled(style, el.joint_key, el.base_hash, sp)
            r20.ok()
        except AuditError as exc:
            info.error = str(exc)
            r20.fail(f"entry {e.index}: {exc}")


def check_pins(board: Board, el: Election, report: Report, pins: Pins | None) -> None:
    """R21-R23 (pins.md §4): each pinned value equals the record's; a pin not given is noted."""
    r21, r22, r23 = report["R21"], report["R22"], report["R23"]
    pins = pins or Pins()
    eid = board.election_id
    if pins.election_id is not None and pins.election_id != eid:
        r21.fail(f"the pins are for election {pins.election_id!r}, the record is {eid!r}")
    if pins.board_key is None:
        r21.notes.append("board key not pinned: the record's own key proves nothing by itself")
    elif board.key is None:
        r21.fail("the record's board key does not parse")
    else:
        pinned = parse_verifier_key(pins.board_key)
        if (pinned.name, pinned.public_key) != (board.key.name, board.key.public_key):
            r21.fail(f"the record's board key is {board.board_key}, pinned {pins.board_key}")
        else:
            r21.ok()
    if pins.trustee_keys is None:
        r22.notes.append(
            "trustee identity keys not pinned: a server that ran every trustee's role "
            "would pass R8-R9"
        )
    elif el.manifest is None:
        r22.fail("no valid manifest to compare the trustee keys with")
    elif list(el.manifest.trustee_keys) != list(pins.trustee_keys):
        r22.fail("the manifest's trustee identity keys are not the pinned ones")
    else:
        r22.ok()
    if pins.credentials is None:
        r23.notes.append(
            "credential fingerprint not pinned: keys added to the list by the server "
            "would pass R10-R12"
        )
    elif el.fingerprint is None:
        r23.fail("no valid credential list in the record")
    elif not el.fingerprint.startswith(pins.credentials):
        r23.fail(
            f"the credential list's fingerprint is {el.fingerprint}, pinned {pins.credentials} "
            "(the credential authority's): the list is not the one it made"
        )
    else:
        r23.ok()


#: Entries per chunk of work: enough to make a task's overhead small beside its ballots'
#: proofs, few enough that a hundred cores all get some of a 10^5-ballot record.
CHUNK_ENTRIES = 256


def runner_for(workers: int | None, scheduler: str | None) -> Serial | Dask:
    """Serial for one worker (or none asked), else a Dask cluster: the scheduler at
    ``scheduler``, or a local one of ``workers`` processes."""
    if scheduler is not None:
        return Dask(address=scheduler)
    if (workers or 1) <= 1:
        return Serial()
    return Dask(workers=workers)


def _context(el: Election) -> BallotContext | None:
    m = el.manifest
    if m is None or el.joint_key is None or el.base_hash is None:
        return None
    return BallotContext(
        election_id=m.election_id,
        joint_key=el.joint_key,
        base_hash=el.base_hash,
        styles={b.id: b.style for b in m.ballots},
    )


def verify_record(
    data: bytes | str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    pins: Pins | None = None,
    chunk: int = CHUNK_ENTRIES,
    send_entries: bool = False,
    runner: Serial | Dask | None = None,
) -> Report:
    """Every check of record.md §3 and §2 over the record file (its bytes, or its path: a
    file is read in one pass and in chunks, never whole), and the pins.

    The chunks run in this process (``workers`` 1 or None), on a local Dask cluster of
    ``workers`` processes, on the cluster of ``scheduler``, or on ``runner``; the report is
    the same. A cluster that fails raises :class:`~oylama_audit._cluster.ClusterError`."""
    report = Report()
    buf, path = open_record(data)
    layout, buf, path = read_layout(buf, path)
    if not layout.readable:
        _unreadable(layout, report)
        return report
    held = _decode_held(buf, layout, ballots=False)
    # The ballots are checked against the ceremony's key and base hash: established first,
    # from the entries held here (the same checks run again below, into the report).
    head = Board(layout.election_id, layout.board_key, layout.entries, held, [], Leaves(b""), None)
    scratch = Report()
    el0 = check_manifest_entry(head, scratch)
    check_ceremony(head, el0, scratch)
    context = _context(el0)
    merge = BallotMerge(el0, verified=context is not None, paper=paper_voters(held))
    projects = {sid: st.projects for sid, st in context.styles.items()} if context else {}
    with (
        runner_for(workers, scheduler) if runner is None else contextlib.nullcontext(runner) as run
    ):
        # In this process a chunk is handed its bytes; a worker elsewhere reads them itself.
        send_entries = send_entries or isinstance(run, Serial)

        def sums_of(jobs: list[tuple[int, int, tuple[int, ...]]]) -> Iterable[Sums]:
            tasks = []
            for first, count, indices in jobs:
                start, end = layout.starts[first], layout.ends[first + count - 1]
                source = _source(buf, path, start, end, send=send_entries)
                task = SumTask(first, count, source, indices, projects, backend())
                tasks.append((task, len(indices)))
            return run.map(sum_ballots, tasks)

        board = _board(
            buf,
            path,
            layout,
            report,
            run,
            context=context,
            on_ballots=merge.add,
            held=held,
            chunk=chunk,
            send=send_entries,
            progress=progress,
        )
        if board is None:
            return report
        el = check_manifest_entry(board, report)
        report.phase = check_order(board, el.manifest, report)
        check_ceremony(board, el, report)
        sums = merge.finish(board, el, report, sums_of)
    check_spoiled_entries(board, el, report)
    check_paper(board, el, report)
    check_tally(board, el, report, sums)
    check_decryption(board, el, report)
    check_allocations(board, el, report)
    check_pins(board, el, report, pins)
    check_staff(board, report)
    return report


def load_board(data: bytes | str | os.PathLike[str]) -> tuple[Report, Board | None, Election]:
    """The board checks and the ballot index, without verifying proofs (for receipts)."""
    report = Report()
    board = read_board(data, report)
    el = Election()
    if board is None:
        return report, None, el
    el = check_manifest_entry(board, report)
    for e in board.entries:
        if e.kind != "ballot":
            continue
        try:
            p = _payload(e, BallotPayload, "ballot")
        except AuditError:
            continue
        el.ballots.append(
            BallotInfo(
                e.index,
                p.credential,
                p.ballot.style,
                p.ballot.ballot_id,
                tracking_code(encode(p.ballot)),
            )
        )
    # a paper ballot (record §2 7b) supersedes the online ballot before it, like a revote
    events: list[tuple[int, bytes, str, BallotInfo | None]] = [
        (b.index, b.credential, b.style, b) for b in el.ballots
    ]
    events += [(i, c, st, None) for i, c, st in paper_voters(board.entries)]
    latest: dict[tuple[bytes, str], BallotInfo | None] = {}
    for index, credential, style, info in sorted(events, key=lambda ev: ev[0]):
        key = (credential, style)
        if key in latest and latest[key] is None and info is not None:
            continue  # an online ballot after a paper one: never counted (R27)
        before = latest.get(key)
        if before is not None:
            before.superseded_by = index
        latest[key] = info
    for b in latest.values():
        if b is not None:
            b.counted = True
    return report, board, el
