"""The mix of a style, checked from its board payloads (mixnet.md §6–§8): checks M1–M5.

Written from docs/spec/mixnet.md alone. :func:`verify_mix` takes what a verifier has
established before the mix -- the style, the ceremony (public shares), the base hash and the
input list it built from the counted ballots (mixnet §2) -- and the mix's payloads in board
order, and reports:

* **M1** layout: each step's ``shuffle`` entry and its ``shuffle-rows`` (canonical, this
  style, steps ``0, 1, …``, mixers increasing, at least ``t`` steps, the chunk layout of §7.1
  and §8, the input's rows and width);
* **M2** proofs: each step's proof of a shuffle (§5.4) against the previous list, and its
  mixer's signature (§6 item 3);
* **M3** fresh commitments: no permutation-commitment point twice (§6 item 4);
* **M4** decryptions: each ``mix-decryption`` per trustees §6.1 against its chunk of the last
  list (§7.2), at most one per trustee and chunk;
* **M5** opened ballots: one ``mixed-ballots`` per chunk, at least ``t`` trustees with verified
  decryptions, each row's choices allowed by the style and equal to the decryption (§7.3).

Nothing stops at the first failure: a step whose proof fails still hands its published output
to the next step (that is what the next mixer took), and the opening is checked against the
last published list.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from oylama_audit._ballot import Style, offset, scales
from oylama_audit._errors import AuditError
from oylama_audit._group import base, mul, point_sum, scalar_bytes, sub
from oylama_audit._proofs import verify_schnorr
from oylama_audit._shuffle import Row, ShuffleProof, mix_label, verify_shuffle
from oylama_audit._trustees import Ceremony, lagrange, verify_partial_decryption
from oylama_audit._wire import Ciphertext, PartialDecryption, SchnorrProof, Wire, decode_canonical
from oylama_audit.report import Check

#: The checks of a mix, in the order they run (docs/audit.md explains each).
MIX_CHECKS: tuple[tuple[str, str], ...] = (
    ("M1", "mix layout: steps, mixers, chunks, sizes"),
    ("M2", "shuffle proofs and mixers' signatures"),
    ("M3", "permutation commitments are fresh"),
    ("M4", "partial decryptions of the mixed list"),
    ("M5", "opened ballots: allowed choices, equal to the decryption"),
)

CHUNK_CELLS = 4096


class ShuffleSummary(Wire):
    t1: bytes
    t2: bytes
    t3: bytes
    t4: list[Ciphertext]
    s1: bytes
    s2: bytes
    s3: bytes
    s4: list[bytes]


class ShuffleRow(Wire):
    ciphertexts: list[Ciphertext]
    commitment: bytes
    chain: bytes
    t_chain: bytes
    s_chain: bytes
    s_perm: bytes


class ShufflePayload(Wire):
    style: str
    step: int
    mixer: int
    ballots: int
    width: int
    chunks: int
    proof: ShuffleSummary
    signature: SchnorrProof


class ShuffleRowsPayload(Wire):
    style: str
    step: int
    chunk: int
    rows: list[ShuffleRow]


class MixDecryptionPayload(Wire):
    style: str
    chunk: int
    decryption: PartialDecryption


class MixedBallotsPayload(Wire):
    style: str
    chunk: int
    trustees: list[int]
    choices: list[list[int]]


KINDS: dict[str, type[Any]] = {
    "shuffle": ShufflePayload,
    "shuffle-rows": ShuffleRowsPayload,
    "mix-decryption": MixDecryptionPayload,
    "mixed-ballots": MixedBallotsPayload,
}


def new_checks() -> dict[str, Check]:
    return {cid: Check(cid, name) for cid, name in MIX_CHECKS}


def chunk_spans(n: int, width: int) -> list[range]:
    """§7.1: chunks of ``max(1, ⌊4096 / w⌋)`` rows."""
    size = max(1, CHUNK_CELLS // width)
    return [range(start, min(n, start + size)) for start in range(0, n, size)]


def check_choices(style: Style, row: Sequence[int]) -> None:
    """ballots §2's table of allowed choices (raises :class:`AuditError`)."""
    n = style.projects
    if len(row) != n:
        raise AuditError(f"{len(row)} choices for {n} projects")
    if style.kind in ("approval", "knapsack"):
        if any(x not in (0, 1) for x in row):
            raise AuditError("a choice that is not 0 or 1")
        top = n if style.max_count is None else style.max_count
        if not style.min_count <= sum(row) <= top:
            raise AuditError(f"{sum(row)} projects selected, outside [{style.min_count}, {top}]")
        if style.kind == "knapsack":
            spent = sum(c * x for c, x in zip(style.costs, row, strict=True))
            if spent > style.budget:
                raise AuditError(f"selection costs {spent}, over the budget {style.budget}")
    elif style.kind == "cumulative":
        if any(not 0 <= x <= style.points for x in row) or sum(row) > style.points:
            raise AuditError(f"points outside [0, {style.points}] or more than {style.points}")
    else:
        low = -style.max_votes if style.signed else 0
        if any(not low <= v <= style.max_votes for v in row):
            raise AuditError(f"a vote outside [{low}, {style.max_votes}]")
        if sum(v * v for v in row) > style.credits:
            raise AuditError(f"votes cost more than {style.credits} credits")


def plaintexts(style: Style, row: Sequence[int]) -> list[int]:
    """ballots §3 / mixnet §7.3: the selection plaintext of each choice."""
    if style.kind == "quadratic":
        return [v + offset(style) for v in row]
    return [k * x for k, x in zip(scales(style), row, strict=True)]


@dataclass
class _Step:
    header: ShufflePayload
    chunks: list[ShuffleRowsPayload] = field(default_factory=list)


@dataclass
class MixOutcome:
    checks: dict[str, Check]
    choices: list[list[int]] | None  # the opened ballots, if M5 passed for every chunk


def _parse(
    payloads: Sequence[tuple[str, bytes]], m1: Check
) -> tuple[
    list[_Step], list[tuple[int, MixDecryptionPayload]], list[tuple[int, MixedBallotsPayload]]
]:
    steps: list[_Step] = []
    decryptions: list[tuple[int, MixDecryptionPayload]] = []
    opened: list[tuple[int, MixedBallotsPayload]] = []
    for index, (kind, data) in enumerate(payloads):
        struct = KINDS.get(kind)
        if struct is None:
            m1.fail(f"payload {index}: {kind!r} is not a mix entry kind")
            continue
        try:
            value = decode_canonical(data, struct, kind)
        except AuditError as exc:
            m1.fail(f"payload {index}: {exc}")
            continue
        if isinstance(value, ShufflePayload):
            if decryptions or opened:
                m1.fail(f"payload {index}: a shuffle after the decryptions")
            steps.append(_Step(value))
        elif isinstance(value, ShuffleRowsPayload):
            if not steps or decryptions or opened:
                m1.fail(f"payload {index}: shuffle rows without their shuffle entry")
                continue
            steps[-1].chunks.append(value)
        elif isinstance(value, MixDecryptionPayload):
            if opened:
                m1.fail(f"payload {index}: a decryption after opened ballots")
            decryptions.append((index, value))
        else:
            opened.append((index, value))
    return steps, decryptions, opened


def _layout(
    step: _Step, k: int, *, style: Style, n: int, previous_mixer: int, trustees: int
) -> str | None:
    """§8's layout of step ``k``; the reason it is wrong, or ``None``."""
    h = step.header
    if h.style != style.id or h.step != k:
        return f"names style {h.style!r} step {h.step}"
    if not previous_mixer < h.mixer <= trustees:
        return (
            f"mixer {h.mixer} after {previous_mixer} (distinct trustees, increasing, <= {trustees})"
        )
    if h.ballots != n or h.width != style.projects:
        return f"{h.ballots} rows of {h.width}, the input has {n} of {style.projects}"
    spans = chunk_spans(n, style.projects)
    if h.chunks != len(spans) or len(step.chunks) != len(spans):
        return f"{len(spans)} chunks expected, the entry says {h.chunks}, {len(step.chunks)} follow"
    for q, (chunk, span) in enumerate(zip(step.chunks, spans, strict=True)):
        if chunk.style != style.id or chunk.step != k or chunk.chunk != q:
            return f"chunk {q} names style {chunk.style!r} step {chunk.step} chunk {chunk.chunk}"
        if len(chunk.rows) != len(span):
            return f"chunk {q} has {len(chunk.rows)} rows, not {len(span)}"
        if any(len(r.ciphertexts) != style.projects for r in chunk.rows):
            return f"chunk {q} has a row that is not {style.projects} ciphertexts"
    return None


def _assemble(step: _Step) -> tuple[list[Row], ShuffleProof]:
    rows = [r for chunk in step.chunks for r in chunk.rows]
    s = step.header.proof
    proof = ShuffleProof(
        commitments=[r.commitment for r in rows],
        chain=[r.chain for r in rows],
        t1=s.t1,
        t2=s.t2,
        t3=s.t3,
        t4=s.t4,
        t_chain=[r.t_chain for r in rows],
        s1=s.s1,
        s2=s.s2,
        s3=s.s3,
        s4=s.s4,
        s_chain=[r.s_chain for r in rows],
        s_perm=[r.s_perm for r in rows],
    )
    return [[(ct.alpha, ct.beta) for ct in r.ciphertexts] for r in rows], proof


def verify_mix(
    style: Style,
    inputs: Sequence[Row],
    payloads: Sequence[tuple[str, bytes]],
    *,
    ceremony: Ceremony,
    trustees: int,
    context: bytes,
    seen: set[bytes] | None = None,
) -> MixOutcome:
    """Check one style's mix (M1–M5). ``inputs`` is the style's input list (mixnet §2);
    ``payloads`` its mix entries ``(kind, payload bytes)`` in board order; ``seen`` collects
    permutation-commitment points across the styles of one election."""
    checks = new_checks()
    m1, m2, m3 = checks["M1"], checks["M2"], checks["M3"]
    seen = set() if seen is None else seen
    steps, decryptions, opened = _parse(payloads, m1)
    n = len(inputs)
    if len(steps) < ceremony.threshold:
        m1.fail(f"{len(steps)} steps; the threshold t = {ceremony.threshold} are needed")
    current: list[Row] | None = list(inputs)
    previous_mixer = 0
    for k, step in enumerate(steps):
        reason = _layout(
            step, k, style=style, n=n, previous_mixer=previous_mixer, trustees=trustees
        )
        if reason is not None:
            m1.fail(f"step {k}: {reason}")
            current = None  # the lists after a malformed step are unknown
            continue
        m1.ok()
        previous_mixer = step.header.mixer
        outputs, proof = _assemble(step)
        if current is None:
            m2.notes.append(f"step {k}: not checked, its input list is unknown")
        else:
            try:
                label = mix_label(style.id, k, step.header.mixer)
                c = verify_shuffle(
                    ceremony.joint_key,
                    current,
                    outputs,
                    proof,
                    width=style.projects,
                    context=context,
                    style_id=style.id,
                    label=label,
                )
                verify_schnorr(
                    ceremony.public_share(step.header.mixer),
                    step.header.signature,
                    context=context,
                    label=b"mixer" + label + scalar_bytes(c),
                )
                m2.ok()
            except AuditError as exc:
                m2.fail(f"step {k} (mixer {step.header.mixer}): {exc}")
        repeated = []
        for j, point in enumerate(proof.commitments):
            if point in seen:
                repeated.append(j)
            seen.add(point)
        if repeated:
            m3.fail(f"step {k}: permutation commitment points {repeated} appeared before")
        else:
            m3.ok()
        current = outputs
    choices = _open(
        style,
        current,
        decryptions,
        opened,
        ceremony=ceremony,
        trustees=trustees,
        context=context,
        checks=checks,
    )
    return MixOutcome(checks, choices)


def _open(
    style: Style,
    last: list[Row] | None,
    decryptions: Sequence[tuple[int, MixDecryptionPayload]],
    opened: Sequence[tuple[int, MixedBallotsPayload]],
    *,
    ceremony: Ceremony,
    trustees: int,
    context: bytes,
    checks: dict[str, Check],
) -> list[list[int]] | None:
    m4, m5 = checks["M4"], checks["M5"]
    if last is None:
        m4.notes.append("not checked: the last list is unknown (M1)")
        m5.notes.append("not checked: the last list is unknown (M1)")
        return None
    width = style.projects
    spans = chunk_spans(len(last), width)
    cells = [[ct for row in last[s.start : s.stop] for ct in row] for s in spans]
    verified: dict[tuple[int, int], tuple[int, PartialDecryption]] = {}
    for index, d in decryptions:
        q, l_index = d.chunk, d.decryption.index
        where = f"payload {index} (trustee {l_index}, chunk {q})"
        if d.style != style.id or not 0 <= q < len(spans):
            m4.fail(f"{where}: not a chunk of style {style.id!r}")
            continue
        if (l_index, q) in verified:
            m4.fail(f"{where}: a second decryption of this chunk by this trustee")
            continue
        try:
            verify_partial_decryption(
                ceremony,
                d.decryption,
                cells[q],
                trustees=trustees,
                context=context,
                what=b"mixed/" + style.id.encode("utf-8") + b"/" + str(q).encode("ascii"),
            )
        except AuditError as exc:
            m4.fail(f"{where}: {exc}")
            continue
        verified[(l_index, q)] = (index, d.decryption)
        m4.ok()
    out: list[list[int]] = []
    complete = len(opened) == len(spans)
    if not complete:
        m5.fail(f"{len(opened)} opened chunks for {len(spans)} chunks")
    for q, (index, ob) in enumerate(opened):
        where = f"payload {index} (chunk {ob.chunk})"
        if ob.style != style.id or ob.chunk != q or q >= len(spans):
            m5.fail(f"{where}: expected chunk {q} of style {style.id!r}")
            complete = False
            continue
        try:
            out += _check_opened(style, ob, cells[q], verified, ceremony=ceremony, index=index)
            m5.ok()
        except AuditError as exc:
            m5.fail(f"{where}: {exc}")
            complete = False
    return out if complete else None


def _check_opened(
    style: Style,
    ob: MixedBallotsPayload,
    cells: Sequence[tuple[bytes, bytes]],
    verified: dict[tuple[int, int], tuple[int, PartialDecryption]],
    *,
    ceremony: Ceremony,
    index: int,
) -> list[list[int]]:
    indices = ob.trustees
    if any(a >= b for a, b in itertools.pairwise(indices)):
        raise AuditError("trustees not strictly increasing")
    if len(indices) < ceremony.threshold:
        raise AuditError(f"{len(indices)} trustees; t = {ceremony.threshold} are needed")
    partials = []
    for i in indices:
        found = verified.get((i, ob.chunk))
        if found is None or found[0] > index:
            raise AuditError(f"trustee {i} has no verified decryption of this chunk before it")
        partials.append(found[1])
    width = style.projects
    if len(ob.choices) * width != len(cells):
        raise AuditError(f"{len(ob.choices)} rows for {len(cells) // width} in the chunk")
    weights = {i: lagrange(i, indices) for i in indices}
    for r, row in enumerate(ob.choices):
        try:
            check_choices(style, row)
        except AuditError as exc:
            raise AuditError(f"row {r}: {exc}") from None
        for k, s in enumerate(plaintexts(style, row)):
            position = r * width + k
            mask = point_sum(mul(weights[p.index], p.shares[position]) for p in partials)
            if base(s) != sub(cells[position][1], mask):
                raise AuditError(f"row {r}, column {k}: the choice is not the decryption")
    return [list(row) for row in ob.choices]
