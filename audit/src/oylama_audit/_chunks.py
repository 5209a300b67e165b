"""The work of a recount cut into chunks that need no other chunk (run wherever Dask sends them).

A chunk is a run of consecutive board entries. Everything a chunk can check alone it checks:
each entry's base64 and canonical encoding (R1, R2), the hash chain inside the chunk (R3), the
leaf hashes (from which the caller builds every Merkle root, R5), and for each ``ballot`` entry
its payload, its signature and every proof (R12, R13) with the homomorphic sums of the ballots
whose proofs verify (R16). What needs the whole log -- the links between chunks, which ballot
of a credential is counted, the credential list, the order of kinds -- the caller decides from
the chunks' compact results, merged in entry order, so that the report is the same whatever
ran the chunks and in whatever order they finished.

The functions here are pure: a task carries its inputs (the entries' text, or where to read
it, with a checksum) and returns plain values; a task that fails or whose worker dies is simply
run again.
"""

from __future__ import annotations

import binascii
import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from oylama_audit._ballot import (
    Style,
    add_selections,
    ballot_equations,
    check_shape,
    tracking_code,
    verify_ballot,
    zero_sums,
)
from oylama_audit._board import Entry, VerifierKey, decode_entry, verify_note
from oylama_audit._credentials import verify_ballot_signature
from oylama_audit._errors import AuditError
from oylama_audit._group import Batch, add, backend, column_sums, use_backend
from oylama_audit._payloads import BallotPayload
from oylama_audit._wire import decode_canonical, encode

Sums = dict[str, tuple[int, list[tuple[bytes, bytes]]]]


class RecordChangedError(Exception):
    """A worker read other bytes than the client scanned (the file changed, or the workers
    see another file at that path)."""


@dataclass(frozen=True)
class Source:
    """Where a task's text is: ``data`` itself, or ``path`` read at ``[start, end)`` (the
    workers must see the same file), checked against ``crc``."""

    start: int
    end: int
    crc: int
    path: str | None = None
    data: bytes | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        try:
            with open(self.path, "rb") as f:
                f.seek(self.start)
                data = f.read(self.end - self.start)
        except OSError as exc:
            raise RecordChangedError(
                f"this worker cannot read the record at {self.path}: {exc.strerror or exc} "
                "(workers must see the record at the same path, or use --send-entries)"
            ) from None
        if len(data) != self.end - self.start or zlib.crc32(data) != self.crc:
            raise RecordChangedError(
                f"bytes {self.start}-{self.end} of {self.path} differ from those the auditor "
                "read: the file changed, or this worker sees another file at that path"
            )
        return data


@dataclass(frozen=True)
class BallotContext:
    """What every ballot's proofs are checked against (established from the log's head)."""

    election_id: str
    joint_key: bytes
    base_hash: bytes
    styles: dict[str, Style]


@dataclass(frozen=True)
class ChunkTask:
    first: int  # index of the chunk's first entry
    count: int
    source: Source  # the entries' base64 texts, separated by '","'
    election_id: str  # the record's (R2)
    context: BallotContext | None  # None: ballots are read, not verified
    backend: str


@dataclass
class BallotRows:
    """What the caller needs of each ``ballot`` entry, column by column (compact)."""

    index: list[int] = field(default_factory=list)
    credential: list[bytes] = field(default_factory=list)
    style: list[str] = field(default_factory=list)
    ballot_id: list[bytes] = field(default_factory=list)
    tracking_code: list[bytes] = field(default_factory=list)
    #: position in these lists -> message (only for the ballots that have one)
    decode_error: dict[int, str] = field(default_factory=dict)
    signature_error: dict[int, str] = field(default_factory=dict)
    proof_error: dict[int, str] = field(default_factory=dict)


@dataclass
class ChunkResult:
    first: int
    count: int
    leaves: bytes  # 32 bytes per entry
    r1: list[str] = field(default_factory=list)
    r2: list[str] = field(default_factory=list)
    undecodable: bool = False
    #: the chain inside the chunk (entries after the first), board §4
    r3: list[str] = field(default_factory=list)
    #: the first entry's index field, prev_hash and timestamp, and the last one's timestamp
    head: tuple[int, bytes, int] | None = None
    last_timestamp: int = 0
    ballots: BallotRows = field(default_factory=BallotRows)
    #: per style: how many ballots' proofs verified in this chunk, and their sums
    sums: Sums = field(default_factory=dict)


def link_problem(
    j: int, index: int, prev_hash: bytes, timestamp: int, *, expected: bytes, before: int | None
) -> str | None:
    """Rules 1, 2 and 4 of board §4 at position ``j`` (the first that fails)."""
    if index != j:
        return f"entry {j}: index field is {index}"
    if prev_hash != expected:
        return f"entry {j}: prev_hash is not the hash of entry {j - 1}"
    if before is not None and timestamp < before:
        return f"entry {j}: timestamp goes back in time"
    return None


def _b64(text: bytes) -> tuple[bytes, bool] | None:
    """The bytes of a base64 text and whether the text is their canonical base64; None if it
    is not base64 at all."""
    try:
        raw = binascii.a2b_base64(text, strict_mode=True)
    except binascii.Error:
        return None
    return raw, binascii.b2a_base64(raw, newline=False) == text


def _texts(task_first: int, count: int, data: bytes) -> list[bytes]:
    texts = data.split(b'","') if count else []
    if len(texts) != count:
        raise RecordChangedError(
            f"entries {task_first}-{task_first + count - 1}: {len(texts)} texts, not {count}"
        )
    return texts


def check_chunk(task: ChunkTask) -> ChunkResult:
    """Everything a chunk of entries can check alone (see the module docstring)."""
    if backend() != task.backend:
        use_backend(task.backend)  # the client's choice (--backend), not the worker's default
    texts = _texts(task.first, task.count, task.source.read())
    out = ChunkResult(task.first, task.count, b"")
    leaves: list[bytes] = []
    entries: list[Entry | None] = []
    pending: list[tuple[int, BallotPayload, Style]] = []  # ballots whose proofs are to check
    for k, text in enumerate(texts):
        j = task.first + k
        decoded = _b64(text)
        if decoded is None:
            out.r1.append(f"entry {j}: not base64")
            out.r2.append(f"entry {j}: not base64 (its bytes are unknown)")
            out.undecodable = True
            leaves.append(bytes(32))
            entries.append(None)
            continue
        raw, canonical = decoded
        if not canonical:
            out.r1.append(f"entry {j}: not the canonical base64 of its bytes")
        leaves.append(hashlib.sha256(b"\x00" + raw).digest())
        try:
            e = decode_entry(raw)
        except AuditError as exc:
            out.r2.append(f"entry {j}: {exc}")
            out.undecodable = True
            entries.append(None)
            continue
        entries.append(e)
        if e.election_id != task.election_id:
            out.r2.append(f"entry {j}: election id {e.election_id!r}")
        if e.kind == "ballot":
            _ballot(task, out, j, e.payload, pending)
    _proofs(task, out, pending)
    out.leaves = b"".join(leaves)
    if out.undecodable or not entries:
        return out
    first = entries[0]
    assert first is not None
    out.head = (first.index, first.prev_hash, first.timestamp)
    for k in range(1, len(entries)):
        here, before = entries[k], entries[k - 1]
        assert here is not None and before is not None
        problem = link_problem(
            task.first + k,
            here.index,
            here.prev_hash,
            here.timestamp,
            expected=leaves[k - 1],
            before=before.timestamp,
        )
        if problem:
            out.r3.append(problem)
    last = entries[-1]
    assert last is not None
    out.last_timestamp = last.timestamp
    return out


def _ballot(
    task: ChunkTask,
    out: ChunkResult,
    j: int,
    payload: bytes,
    pending: list[tuple[int, BallotPayload, Style]],
) -> None:
    rows = out.ballots
    pos = len(rows.index)
    rows.index.append(j)
    try:
        p = decode_canonical(payload, BallotPayload, f"entry {j} (ballot)")
    except AuditError as exc:
        rows.decode_error[pos] = str(exc)
        rows.credential.append(b"")
        rows.style.append("")
        rows.ballot_id.append(b"")
        rows.tracking_code.append(b"")
        return
    ballot_text = encode(p.ballot)
    rows.credential.append(p.credential)
    rows.style.append(p.ballot.style)
    rows.ballot_id.append(p.ballot.ballot_id)
    rows.tracking_code.append(tracking_code(ballot_text))
    ctx = task.context
    if ctx is None:
        return
    try:
        verify_ballot_signature(p.credential, ballot_text, p.signature, election_id=ctx.election_id)
    except AuditError as exc:
        rows.signature_error[pos] = str(exc)
    style = ctx.styles.get(p.ballot.style)
    if style is None:
        rows.proof_error[pos] = f"unknown style {p.ballot.style!r}"
        return
    pending.append((pos, p, style))


def _batch_holds(ctx: BallotContext, ballots: Sequence[tuple[BallotPayload, Style]]) -> list[bool]:
    """Which ballots' proofs the chunk's batch vouches for: all whose equations could be
    formed, if the batch of all of them holds; none otherwise (crypto §3.3)."""
    batch = Batch()
    formed = []
    for p, style in ballots:
        try:
            check_shape(style, ctx.base_hash, p.ballot, p.credential)
            batch.add(ballot_equations(style, ctx.joint_key, ctx.base_hash, p.ballot, p.credential))
        except AuditError:
            formed.append(False)
            continue
        formed.append(True)
    if not any(formed) or not batch.holds():
        return [False] * len(ballots)
    return formed


def _proofs(
    task: ChunkTask, out: ChunkResult, pending: list[tuple[int, BallotPayload, Style]]
) -> None:
    """The proofs of the chunk's ballots (ballots §7, the credential bound into each label):
    on the native backend as one batch, each ballot on its own only if the batch fails (so a
    failing ballot is named with its first failing proof); the sums of those that verify."""
    ctx = task.context
    if ctx is None or not pending:
        return
    if backend() == "native":
        vouched = _batch_holds(ctx, [(p, style) for _, p, style in pending])
    else:
        vouched = [False] * len(pending)
    rows: dict[str, list[list[bytes]]] = {}
    for (pos, p, style), ok in zip(pending, vouched, strict=True):
        if not ok:
            try:
                verify_ballot(style, ctx.joint_key, ctx.base_hash, p.ballot, p.credential)
            except AuditError as exc:
                out.ballots.proof_error[pos] = str(exc)
                continue
        rows.setdefault(style.id, []).append(
            [q for ct in p.ballot.selections for q in (ct.alpha, ct.beta)]
        )
    for sid, style_rows in rows.items():
        flat = column_sums(style_rows, 2 * ctx.styles[sid].projects)
        out.sums[sid] = (len(style_rows), list(zip(flat[0::2], flat[1::2], strict=True)))


@dataclass(frozen=True)
class SumTask:
    """The sums of some ballots of a chunk (those a later revote superseded)."""

    first: int
    count: int
    source: Source
    indices: tuple[int, ...]
    projects: dict[str, int]  # style id -> projects
    backend: str


def sum_ballots(task: SumTask) -> Sums:
    """Per style, the number and homomorphic sums of the ballots at ``indices`` (already
    verified by :func:`check_chunk`: only decoded here)."""
    if backend() != task.backend:
        use_backend(task.backend)
    texts = _texts(task.first, task.count, task.source.read())
    sums: Sums = {}
    for j in task.indices:
        raw = binascii.a2b_base64(texts[j - task.first])
        p = decode_canonical(decode_entry(raw).payload, BallotPayload, f"entry {j} (ballot)")
        style = p.ballot.style
        n, current = sums.get(style, (0, zero_sums(task.projects[style])))
        sums[style] = (n + 1, add_selections(current, p.ballot.selections))
    return sums


def merge_sums(total: Sums, part: Sums) -> None:
    for style, (n, sums) in part.items():
        if style not in total:
            total[style] = (n, sums)
            continue
        m, current = total[style]
        total[style] = (
            m + n,
            [(add(a1, a2), add(b1, b2)) for (a1, b1), (a2, b2) in zip(current, sums, strict=True)],
        )


@dataclass(frozen=True)
class NotesTask:
    """Checkpoints ``first …`` (their JSON string tokens at the offsets, relative to the
    source) verified under the board key."""

    first: int
    source: Source
    offsets: tuple[tuple[int, int], ...]
    key: VerifierKey


def check_notes(task: NotesTask) -> list[tuple[str, int, bytes] | str]:
    """Each checkpoint's ``(origin, size, root)``, or why it does not verify (board §6.2)."""
    import msgspec  # noqa: PLC0415 (light; kept local to the worker function)

    data = task.source.read()
    out: list[tuple[str, int, bytes] | str] = []
    for c, (a, b) in enumerate(task.offsets):
        note = msgspec.json.decode(data[a:b], type=str)
        try:
            cp = verify_note(note, task.key)
        except AuditError as exc:
            out.append(f"checkpoint {task.first + c}: {exc}")
            continue
        out.append((cp.origin, cp.size, cp.root))
    return out
