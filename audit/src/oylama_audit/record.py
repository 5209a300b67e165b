"""Verification of a whole election record (record.md §3, then every check of §2).

:func:`verify_record` never stops at the first failure: each check of
:data:`~oylama_audit.report.CHECKS` counts what passed and names what failed, and later checks
run on whatever earlier ones could establish (a check that lacks its inputs fails, saying so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import msgspec

from oylama_audit import rules
from oylama_audit._ballot import Style, check_spoiled, finish_tally, tracking_code, zero_sums
from oylama_audit._ballots import BallotContext, Task, check_ballots
from oylama_audit._board import (
    Checkpoint,
    Entry,
    IncrementalRoot,
    VerifierKey,
    check_link,
    decode_entry,
    leaf_hash,
    parse_verifier_key,
    verify_note,
)
from oylama_audit._credentials import decode_public_list, fingerprint
from oylama_audit._errors import AuditError
from oylama_audit._group import check_point
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
from oylama_audit.report import Report

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
    """The authenticated log: entries, leaf hashes, the final checkpoint."""

    record: RecordFile
    entries: list[Entry]
    leaves: list[bytes]
    key: VerifierKey | None
    checkpoints: list[Checkpoint] = field(default_factory=list)

    @property
    def final(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None


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
    tallies: dict[str, TallyPayload] = field(default_factory=dict)
    partials: dict[str, dict[int, tuple[int, PartialDecryption]]] = field(default_factory=dict)
    results: dict[str, ResultPayload] = field(default_factory=dict)
    spoiled: list[SpoiledInfo] = field(default_factory=list)


def _payload(entry: Entry, kind: type, what: str):  # type: ignore[no-untyped-def]
    return decode_canonical(entry.payload, kind, f"entry {entry.index} ({what})")


# -- board: R1-R5 ----------------------------------------------------------------------------------


def read_board(data: bytes, report: Report) -> Board | None:
    """R1-R5 except the origin (which needs the manifest); None if the record is unusable."""
    r1, r2, r3, r4, r5 = (report[c] for c in ("R1", "R2", "R3", "R4", "R5"))
    if not data.endswith(b"\n"):
        r1.fail("the record does not end in a line feed")
        data += b"\n"  # still read it, to report everything else
    try:
        record = msgspec.json.decode(data[:-1], type=RecordFile)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
        r1.fail(f"not a record file: {exc or 'nested too deeply'}")
        report.fatal = "unreadable record"
        return None
    # Readable: a text that is not the canonical one fails R1, and the rest is still checked.
    if encode(record) != data[:-1]:
        r1.fail("not the canonical record text (white space, member order or base64)")
    elif record.format != RECORD_FORMAT:
        r1.fail(f"format {record.format!r}, expected {RECORD_FORMAT!r}")
    else:
        r1.ok()
    report.election_id = record.election_id
    report.entries = len(record.entries)

    entries: list[Entry] = []
    for j, raw in enumerate(record.entries):
        try:
            e = decode_entry(raw)
        except AuditError as exc:
            r2.fail(f"entry {j}: {exc}")
            continue
        if e.election_id != record.election_id:
            r2.fail(f"entry {j}: election id {e.election_id!r}")
        else:
            r2.ok()
        entries.append(e)
    if len(entries) != len(record.entries):
        report.fatal = "an entry does not decode; nothing after it can be trusted"
        return None
    leaves = [leaf_hash(raw) for raw in record.entries]
    for j in range(len(entries)):
        try:
            check_link(entries, leaves, j)
            r3.ok()
        except AuditError as exc:
            r3.fail(str(exc))

    key: VerifierKey | None = None
    try:
        key = parse_verifier_key(record.board_key)
    except AuditError as exc:
        r4.fail(str(exc))
    board = Board(record, entries, leaves, key)
    previous = -1
    for c, note in enumerate(record.checkpoints):
        if key is None:
            break
        try:
            cp = verify_note(note, key)
        except AuditError as exc:
            r4.fail(f"checkpoint {c}: {exc}")
            continue
        if cp.size <= previous:
            r4.fail(f"checkpoint {c}: size {cp.size} not above the previous {previous}")
        else:
            r4.ok()
        previous = cp.size
        board.checkpoints.append(cp)
    if not record.checkpoints:
        r4.fail("no checkpoint: nothing vouches for the log")
    elif board.final is not None and board.final.size != len(entries):
        r4.fail(f"final checkpoint has size {board.final.size}, the record {len(entries)} entries")

    # R5: every checkpoint's root is the root of the first `size` entries. Each root is
    # computed once as the log grows, so checkpoints after every ballot cost O(log n) each.
    wanted: dict[int, list[Checkpoint]] = {}
    for cp in board.checkpoints:
        wanted.setdefault(cp.size, []).append(cp)
    tree = IncrementalRoot()
    for cp in wanted.get(0, []):
        _compare_root(report, cp, tree.root())
    for leaf in leaves:
        tree.append(leaf)
        for cp in wanted.get(tree.size, []):
            _compare_root(report, cp, tree.root())
    for size, cps in wanted.items():
        if size > len(leaves):
            for _ in cps:
                r5.fail(f"checkpoint of size {size} beyond the log's {len(leaves)} entries")
    return board


def _compare_root(report: Report, cp: Checkpoint, root: bytes) -> None:
    if cp.root == root:
        report["R5"].ok()
    else:
        report["R5"].fail(
            f"checkpoint of size {cp.size}: root differs from the log's (fork or altered entries)"
        )


# -- order of entry kinds: R7 ----------------------------------------------------------------------


def check_order(entries: list[Entry], manifest: Manifest | None, report: Report) -> str:
    """record §2: where each kind may stand. Returns the election's phase."""
    r7 = report["R7"]
    styles = [b.id for b in manifest.ballots] if manifest else []
    n = manifest.trustees if manifest else 0
    keys = commitments = credentials = 0
    opened = closed = False
    tallies: list[str] = []
    results: list[str] = []
    allocations = 0

    def style_of(e: Entry) -> str | None:
        try:
            value = msgspec.json.decode(e.payload)
        except Exception:
            return None
        return value.get("style") if isinstance(value, dict) else None

    for e in entries:
        problem: str | None = None
        k = e.kind
        if e.index == 0 and k != "manifest":
            problem = "entry 0 must be the manifest"
        elif k == "manifest" and e.index != 0:
            problem = "a second manifest"
        elif e.index == 1 and k != "staff":
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
            if credentials > 1:
                problem = "a second credentials entry"
        elif k == "opened":
            if opened:
                problem = "a second opened entry"
            elif keys != n or commitments != n or credentials != 1:
                problem = "opened before every trustee-key, trustee-commitment and credentials"
            opened = True
        elif k in ("ballot", "ballot-superseded", "ballot-spoiled"):
            if not opened or closed:
                problem = f"{k} outside the open election"
        elif k == "closed":
            if closed or not opened:
                problem = "closed twice or before opened"
            closed = True
        elif k == "tally":
            expected = styles[len(tallies)] if len(tallies) < len(styles) else None
            prev = entries[e.index - 1].kind if e.index else ""
            if not closed or prev not in ("closed", "tally"):
                problem = "tally not right after closed"
            elif style_of(e) != expected:
                problem = f"tally of {style_of(e)!r}, expected {expected!r} (manifest order)"
            tallies.append(str(style_of(e)))
        elif k == "partial-decryption":
            if len(tallies) != len(styles) or len(results) == len(styles):
                problem = "partial-decryption not between the tallies and the last result"
        elif k == "result":
            expected = styles[len(results)] if len(results) < len(styles) else None
            if len(tallies) != len(styles):
                problem = "result before every tally"
            elif style_of(e) != expected:
                problem = f"result of {style_of(e)!r}, expected {expected!r} (manifest order)"
            results.append(str(style_of(e)))
        elif k == "allocation":
            expected = styles[allocations] if allocations < len(styles) else None
            if len(results) != len(styles):
                problem = "allocation before every result"
            elif style_of(e) != expected:
                problem = f"allocation of {style_of(e)!r}, expected {expected!r}"
            allocations += 1
        if problem:
            r7.fail(f"entry {e.index} ({k}): {problem}")
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
    if not board.entries or board.entries[0].kind != "manifest":
        r6.fail("entry 0 is not the manifest")
        return el
    first = board.entries[0]
    try:
        m = decode_manifest(first.payload)
    except AuditError as exc:
        r6.fail(f"entry 0: {exc}")
        return el
    if m.election_id != first.election_id or m.election_id != board.record.election_id:
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
    for e in cred_entries:
        try:
            lst = decode_public_list(e.payload, election_id=m.election_id, districts=allowed)
            el.credentials = {c.public_key: c.district for c in lst.credentials}
            fp = fingerprint(e.payload)
            el.fingerprint = fp
            voters = len(lst.credentials)
            r10.ok()
        except AuditError as exc:
            r10.fail(f"entry {e.index}: {exc}")
    if opened_entries and len(cred_entries) != 1:
        r10.fail(f"{len(cred_entries)} credentials entries, expected 1")

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


def check_ballot_entries(
    board: Board, el: Election, report: Report, *, workers: int | None, progress: Progress | None
) -> dict[str, tuple[int, list[tuple[bytes, bytes]]]]:
    """R12-R14: acceptance, proofs, revotes. Returns the recomputed sums per style."""
    r12, r13, r14 = report["R12"], report["R13"], report["R14"]
    m = el.manifest
    entries = board.entries
    # Pass 1 (here): decode, find the counted ballot of each (credential, style).
    latest: dict[tuple[bytes, str], BallotInfo] = {}
    tasks: list[tuple[int, bytes]] = []
    ids: set[tuple[str, bytes]] = set()
    for e in entries:
        if e.kind != "ballot":
            continue
        try:
            p = _payload(e, BallotPayload, "ballot")
        except AuditError as exc:
            r12.fail(str(exc))
            r13.fail(f"entry {e.index}: not a ballot")
            continue
        info = BallotInfo(
            e.index,
            p.credential,
            p.ballot.style,
            p.ballot.ballot_id,
            tracking_code(encode(p.ballot)),
        )
        el.ballots.append(info)
        if (p.ballot.style, p.ballot.ballot_id) in ids:
            r12.fail(f"entry {e.index}: ballot id already used for style {p.ballot.style!r}")
        ids.add((p.ballot.style, p.ballot.ballot_id))
        before = latest.get((p.credential, p.ballot.style))
        if before is not None:
            before.superseded_by = e.index
        latest[(p.credential, p.ballot.style)] = info
        tasks.append((e.index, e.payload))
    for info in latest.values():
        info.counted = True

    # R14: a ballot-superseded entry right after each revote, and no other.
    by_index = {b.index: b for b in el.ballots}
    previous: dict[tuple[bytes, str], int] = {}
    expected_at: dict[int, tuple[bytes, str, int, int]] = {}
    for b in el.ballots:
        key = (b.credential, b.style)
        if key in previous:
            expected_at[b.index + 1] = (b.credential, b.style, previous[key], b.index)
        previous[key] = b.index
    for e in entries:
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
    del by_index

    if m is None or el.joint_key is None or el.base_hash is None:
        if tasks:
            r13.fail("no manifest or joint key: ballots cannot be verified")
        return {}
    ctx = BallotContext(
        election_id=m.election_id,
        joint_key=el.joint_key,
        base_hash=el.base_hash,
        styles={b.id: b.style for b in m.ballots},
        style_district={b.id: b.district for b in m.ballots},
        credentials=el.credentials,
    )
    counted = {b.index for b in el.ballots if b.counted}
    full: list[Task] = [(i, payload, i in counted) for i, payload in tasks]
    step = (lambda k: progress("ballots", k, len(full))) if progress else None
    outcomes, sums = check_ballots(ctx, full, workers=workers, progress=step)
    for o in outcomes:
        if o.acceptance_error:
            r12.fail(f"entry {o.index}: {o.acceptance_error}")
        else:
            r12.ok()
        if o.proof_error:
            r13.fail(f"entry {o.index}: {o.proof_error}")
        else:
            r13.ok()
    return sums


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
    for b in el.ballots:
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


def check_spoiled_entries(board: Board, el: Election, report: Report) -> None:
    """R20 (record §2 item 6a, ballots §8): every ``ballot-spoiled`` entry opens to its
    choices under ``K`` and the base hash, and its ballot id is never a cast ballot's (in
    either order) nor another spoiled ballot's of the style. ``el.ballots`` must be read."""
    r20 = report["R20"]
    m = el.manifest
    cast = {(b.style, b.ballot_id) for b in el.ballots}
    seen: set[tuple[str, bytes]] = set()
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
            key = (sp.ballot.style, sp.ballot.ballot_id)
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
    eid = board.record.election_id
    if pins.election_id is not None and pins.election_id != eid:
        r21.fail(f"the pins are for election {pins.election_id!r}, the record is {eid!r}")
    if pins.board_key is None:
        r21.notes.append("board key not pinned: the record's own key proves nothing by itself")
    elif board.key is None:
        r21.fail("the record's board key does not parse")
    else:
        pinned = parse_verifier_key(pins.board_key)
        if (pinned.name, pinned.public_key) != (board.key.name, board.key.public_key):
            r21.fail(f"the record's board key is {board.record.board_key}, pinned {pins.board_key}")
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


def verify_record(
    data: bytes,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    pins: Pins | None = None,
) -> Report:
    """Every check of record.md §3 and §2 over the record file's bytes, and the pins."""
    report = Report()
    board = read_board(data, report)
    if board is None:
        return report
    el = check_manifest_entry(board, report)
    report.phase = check_order(board.entries, el.manifest, report)
    check_ceremony(board, el, report)
    sums = check_ballot_entries(board, el, report, workers=workers, progress=progress)
    check_spoiled_entries(board, el, report)
    check_tally(board, el, report, sums)
    check_decryption(board, el, report)
    check_allocations(board, el, report)
    check_pins(board, el, report, pins)
    check_staff(board, report)
    return report


def load_board(data: bytes) -> tuple[Report, Board | None, Election]:
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
    latest: dict[tuple[bytes, str], BallotInfo] = {}
    for b in el.ballots:
        before = latest.get((b.credential, b.style))
        if before is not None:
            before.superseded_by = b.index
        latest[(b.credential, b.style)] = b
    for b in latest.values():
        b.counted = True
    return report, board, el
