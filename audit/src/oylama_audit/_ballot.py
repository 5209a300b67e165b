"""Ballot styles, ballot verification, tracking codes and the tally (ballots.md).

A ballot is verified in the order of ballots §7; aggregates are computed here from the ballot's
own verified ciphertexts, never taken from the ballot.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence

import msgspec

from oylama_audit._errors import AuditError, EncodingError, ProofError
from oylama_audit._group import (
    IDENTITY,
    Batch,
    Equation,
    G,
    L,
    add,
    backend,
    base,
    check_point,
    combination,
    decode_scalar,
    lp,
    mul,
    point_sum,
    sub,
    u32be,
)
from oylama_audit._proofs import (
    MAX_VALUE,
    dleq_equations,
    one_of_equations,
    range_equations,
    table_equations,
    value_point,
    verify_dleq,
    verify_one_of,
    verify_range,
    verify_table,
)
from oylama_audit._wire import BoundProof, Ciphertext, EncryptedBallot, SpoiledBallot

KINDS = ("approval", "knapsack", "cumulative", "quadratic")


class Style(msgspec.Struct, forbid_unknown_fields=True):
    """A ballot style (ballots §2), as it appears in the manifest (election §2.5)."""

    id: str
    kind: str
    projects: int
    costs: list[int]
    budget: int
    min_count: int
    max_count: int | None
    points: int
    max_votes: int
    signed: bool
    credits: int


def check_style(style: Style) -> None:
    """Every rule of ballots §2's table (raises :class:`AuditError` naming the field)."""
    n = style.projects
    if not 1 <= len(style.id.encode("utf-8")) <= 128:
        raise AuditError("style id must be 1-128 bytes")
    if style.kind not in KINDS:
        raise AuditError(f"unknown kind {style.kind!r}")
    if not 1 <= n <= 1024:
        raise AuditError("projects must be 1-1024")
    kind = style.kind
    counted = kind in ("approval", "knapsack")
    if kind == "knapsack":
        if len(style.costs) != n or any(c < 0 for c in style.costs):
            raise AuditError("knapsack costs: one non-negative integer per project")
        if sum(style.costs) > MAX_VALUE:
            raise AuditError("knapsack costs sum above 2^62")
        if not 1 <= style.budget <= MAX_VALUE:
            raise AuditError("knapsack budget must be in [1, 2^62]")
    elif style.costs or style.budget != 0:
        raise AuditError("costs and budget are for knapsack styles only")
    if counted:
        top = n if style.max_count is None else style.max_count
        if not 0 <= style.min_count <= top <= n:
            raise AuditError("need 0 <= min_count <= max_count <= projects")
    elif style.min_count != 0 or style.max_count is not None:
        raise AuditError("min_count and max_count are for approval and knapsack styles")
    if kind == "cumulative":
        if style.points < 1 or style.points * n > MAX_VALUE:
            raise AuditError("points must be in [1, 2^62 / projects]")
    elif style.points != 0:
        raise AuditError("points is for cumulative styles only")
    if kind == "quadratic":
        if not 1 <= style.max_votes <= (31 if style.signed else 63):
            raise AuditError("max_votes must be in [1, 63] ([1, 31] if signed)")
        if not 1 <= style.credits <= MAX_VALUE:
            raise AuditError("credits must be in [1, 2^62]")
    elif style.max_votes != 0 or style.signed or style.credits != 0:
        raise AuditError("max_votes, signed and credits are for quadratic styles only")


def scales(style: Style) -> list[int]:
    """``k_j``: ``cost_j`` for a priced knapsack project, else 1 (ballots §3)."""
    if style.kind == "knapsack":
        return [c if c > 0 else 1 for c in style.costs]
    return [1] * style.projects


def offset(style: Style) -> int:
    return style.max_votes if style.kind == "quadratic" and style.signed else 0


def label(style_id: str, ballot_id: bytes, credential: bytes, role: str, index: int) -> bytes:
    """ballots §4: where a proof belongs, the voter's credential included."""
    return (
        lp(b"oylama/ballot/v2")
        + lp(style_id.encode("utf-8"))
        + lp(ballot_id)
        + lp(credential)
        + lp(role.encode("ascii"))
        + u32be(index)
    )


def tracking_code(ballot_bytes: bytes) -> bytes:
    """ballots §6: SHA-256 of the tag and the ballot's canonical bytes."""
    return hashlib.sha256(lp(b"oylama/ballot/v1/tracking-code") + ballot_bytes).digest()


def format_tracking_code(code: bytes) -> str:
    text = base64.b32encode(code).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_tracking_code(text: str) -> bytes:
    """The display form back to 32 bytes (case-insensitive, dashes optional)."""
    cleaned = text.replace("-", "").replace(" ", "").upper()
    if len(cleaned) != 52:
        raise EncodingError("a tracking code has 52 base32 characters")
    try:
        return base64.b32decode(cleaned + "====")
    except ValueError:
        raise EncodingError("not a base32 tracking code") from None


def _bounds(style: Style) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The (count, total) bounds that ballots §5.2 sends, or None where omitted."""
    n = style.projects
    count: tuple[int, int] | None = None
    total: tuple[int, int] | None = None
    if style.kind in ("approval", "knapsack"):
        top = n if style.max_count is None else style.max_count
        if (style.min_count, top) != (0, n):
            count = (style.min_count, top)
    if style.kind == "knapsack" and sum(style.costs) > style.budget:
        total = (0, style.budget)
    elif style.kind == "cumulative" and n > 1:
        total = (0, style.points)
    elif style.kind == "quadratic" and n * style.max_votes**2 > style.credits:
        total = (0, style.credits)
    return count, total


def _verify_bound(
    name: str,
    key: bytes,
    aggregate: tuple[bytes, bytes],
    bounds: tuple[int, int],
    proof: BoundProof,
    *,
    context: bytes,
    label_bytes: bytes,
) -> None:
    a, b = bounds
    alpha, beta = aggregate
    try:
        if a < b:
            if proof.range is None or proof.exact is not None:
                raise ProofError("expected a range proof only")
            verify_range(key, alpha, beta, a, b, proof.range, context=context, label=label_bytes)
        else:
            if proof.exact is None or proof.range is not None:
                raise ProofError("expected an exact (dleq) proof only")
            shifted = sub(beta, value_point(a)) if a else beta
            verify_dleq(G, alpha, key, shifted, proof.exact, context=context, label=label_bytes)
    except AuditError as exc:
        raise type(exc)(f"{name} in [{a}, {b}]: {exc}") from None


def check_shape(style: Style, context: bytes, ballot: EncryptedBallot, credential: bytes) -> None:
    """ballots §7 steps 1 (the ballot's part) to 3."""
    if not 1 <= len(ballot.ballot_id) <= 64:
        raise EncodingError("ballot_id must be 1-64 bytes")
    if len(credential) != 32:
        raise EncodingError("a credential is 32 bytes")
    if ballot.election != context:
        raise ProofError("ballot's election is not this election's base hash")
    if ballot.style != style.id:
        raise ProofError("ballot's style differs")
    n = style.projects
    if len(ballot.selections) != n or len(ballot.proofs) != n:
        raise EncodingError(f"expected {n} selections and proofs")
    if len(ballot.squares) != (n if style.kind == "quadratic" else 0):
        raise EncodingError("wrong number of squares")
    count_bounds, total_bounds = _bounds(style)
    if (ballot.count is None) != (count_bounds is None):
        raise ProofError("count bound present/absent contrary to the style")
    if (ballot.total is None) != (total_bounds is None):
        raise ProofError("total bound present/absent contrary to the style")


def _values(style: Style, j: int) -> list[int] | None:
    """The one-of values of project ``j`` (ballots §5.1), or None for a range or table."""
    if style.kind in ("approval", "knapsack"):
        return [0, scales(style)[j]]
    if style.kind == "cumulative" and style.points <= 5:
        return list(range(style.points + 1))
    return None


def _table_rows(style: Style) -> list[list[int]]:
    o = offset(style)
    low = -style.max_votes if style.signed else 0
    return [[v + o, v * v] for v in range(low, style.max_votes + 1)]


def _aggregates(
    style: Style, ballot: EncryptedBallot
) -> tuple[tuple[bytes, bytes] | None, tuple[bytes, bytes] | None]:
    """ballots §5.2: the count and total aggregates the verifier computes itself."""
    count_bounds, total_bounds = _bounds(style)
    n = style.projects
    count = total = None
    if count_bounds is not None:
        if style.kind == "knapsack":
            inverse = [pow(kj, -1, L) for kj in scales(style)]
            count = (
                combination([(inverse[j], ballot.selections[j].alpha) for j in range(n)]),
                combination([(inverse[j], ballot.selections[j].beta) for j in range(n)]),
            )
        else:
            count = (
                point_sum(c.alpha for c in ballot.selections),
                point_sum(c.beta for c in ballot.selections),
            )
    if total_bounds is not None:
        if style.kind == "knapsack":
            parts = [ballot.selections[j] for j in range(n) if style.costs[j] > 0]
        elif style.kind == "cumulative":
            parts = list(ballot.selections)
        else:
            parts = list(ballot.squares)
        total = (point_sum(c.alpha for c in parts), point_sum(c.beta for c in parts))
    return count, total


def ballot_equations(
    style: Style, key: bytes, context: bytes, ballot: EncryptedBallot, credential: bytes
) -> list[Equation]:
    """Every equation of steps 4-5 (after the checks that are not equations), for a batch
    (crypto §3.3). Raises where the ballot fails before its equations."""
    for c in [*ballot.selections, *ballot.squares]:
        for part in (c.alpha, c.beta):
            if len(part) != 32 or part == IDENTITY:
                raise EncodingError("a fresh ciphertext holds 32-byte points, not the identity")
    bid = ballot.ballot_id
    eqs: list[Equation] = []
    rows = _table_rows(style) if style.kind == "quadratic" else []
    for j, (s, proof) in enumerate(zip(ballot.selections, ballot.proofs, strict=True)):
        lab = label(style.id, bid, credential, "selection", j)
        values = _values(style, j)
        if style.kind == "quadratic":
            if proof.table is None or proof.one_of is not None or proof.range is not None:
                raise ProofError("expected a table proof only")
            q = ballot.squares[j]
            pairs = [(s.alpha, s.beta), (q.alpha, q.beta)]
            eqs += table_equations(key, pairs, rows, proof.table, context=context, label=lab)
        elif values is not None:
            if proof.one_of is None or proof.range is not None or proof.table is not None:
                raise ProofError("expected a one-of proof only")
            eqs += one_of_equations(
                key, s.alpha, s.beta, values, proof.one_of, context=context, label=lab
            )
        else:
            if proof.range is None or proof.one_of is not None or proof.table is not None:
                raise ProofError("expected a range proof only")
            eqs += range_equations(
                key, s.alpha, s.beta, 0, style.points, proof.range, context=context, label=lab
            )
    count_bounds, total_bounds = _bounds(style)
    count, total = _aggregates(style, ballot)
    for role, agg, bounds, bound in (
        ("count", count, count_bounds, ballot.count),
        ("total", total, total_bounds, ballot.total),
    ):
        if agg is None or bounds is None or bound is None:
            continue
        a, b = bounds
        lab = label(style.id, bid, credential, role, 0)
        if a < b:
            if bound.range is None or bound.exact is not None:
                raise ProofError("expected a range proof only")
            eqs += range_equations(
                key, agg[0], agg[1], a, b, bound.range, context=context, label=lab
            )
        else:
            if bound.exact is None or bound.range is not None:
                raise ProofError("expected an exact (dleq) proof only")
            shifted = sub(agg[1], value_point(a)) if a else agg[1]
            eqs += dleq_equations(G, agg[0], key, shifted, bound.exact, context=context, label=lab)
    return eqs


def verify_ballot(
    style: Style, key: bytes, context: bytes, ballot: EncryptedBallot, credential: bytes
) -> None:
    """ballots §7, steps 2-5 (step 1's style and key checks are made once per election), for
    the ballot signed by ``credential``: on the native backend all its equations as one batch
    (crypto §3.3), and proof by proof when the batch fails or on libsodium, so that the error
    names the first proof that fails."""
    check_shape(style, context, ballot, credential)
    if backend() == "native":
        batch = Batch()
        try:
            batch.add(ballot_equations(style, key, context, ballot, credential))
        except AuditError:
            pass
        else:
            if batch.holds():
                return
    verify_each(style, key, context, ballot, credential)


def verify_each(
    style: Style, key: bytes, context: bytes, ballot: EncryptedBallot, credential: bytes
) -> None:
    """ballots §7 steps 2-5, every proof checked on its own (the first failure is raised)."""
    check_shape(style, context, ballot, credential)
    n = style.projects
    bid = ballot.ballot_id
    for j in range(n):
        s = ballot.selections[j]
        proof = ballot.proofs[j]
        lab = label(style.id, bid, credential, "selection", j)
        values = _values(style, j)
        try:
            if values is not None and style.kind != "quadratic":
                if proof.one_of is None or proof.range is not None or proof.table is not None:
                    raise ProofError("expected a one-of proof only")
                verify_one_of(
                    key, s.alpha, s.beta, values, proof.one_of, context=context, label=lab
                )
            elif style.kind == "cumulative":
                if proof.range is None or proof.one_of is not None or proof.table is not None:
                    raise ProofError("expected a range proof only")
                check_point(s.alpha, allow_identity=False, what="alpha")
                check_point(s.beta, allow_identity=False, what="beta")
                verify_range(
                    key, s.alpha, s.beta, 0, style.points, proof.range, context=context, label=lab
                )
            else:
                if proof.table is None or proof.one_of is not None or proof.range is not None:
                    raise ProofError("expected a table proof only")
                q = ballot.squares[j]
                verify_table(
                    key,
                    [(s.alpha, s.beta), (q.alpha, q.beta)],
                    _table_rows(style),
                    proof.table,
                    context=context,
                    label=lab,
                )
        except AuditError as exc:
            raise type(exc)(f"project {j}: {exc}") from None
    count_bounds, total_bounds = _bounds(style)
    count, total = _aggregates(style, ballot)
    names = {
        "knapsack": "cost of the selection",
        "cumulative": "points given",
        "quadratic": "credits spent",
    }
    if ballot.count is not None and count_bounds is not None and count is not None:
        _verify_bound(
            "count of selected projects",
            key,
            count,
            count_bounds,
            ballot.count,
            context=context,
            label_bytes=label(style.id, bid, credential, "count", 0),
        )
    if ballot.total is not None and total_bounds is not None and total is not None:
        _verify_bound(
            names.get(style.kind, "total"),
            key,
            total,
            total_bounds,
            ballot.total,
            context=context,
            label_bytes=label(style.id, bid, credential, "total", 0),
        )


def check_choices(style: Style, choices: Sequence[int]) -> None:
    """ballots §2's table of allowed choices (raises :class:`ProofError` naming the rule)."""
    n = style.projects
    if len(choices) != n:
        raise ProofError(f"{len(choices)} choices for {n} projects")
    if style.kind in ("approval", "knapsack"):
        if any(x not in (0, 1) for x in choices):
            raise ProofError(f"a {style.kind} choice is 0 or 1")
        top = n if style.max_count is None else style.max_count
        if not style.min_count <= sum(choices) <= top:
            raise ProofError(
                f"{sum(choices)} projects selected, outside [{style.min_count}, {top}]"
            )
        if style.kind == "knapsack":
            spent = sum(c * x for c, x in zip(style.costs, choices, strict=True))
            if spent > style.budget:
                raise ProofError(f"the selection costs {spent}, over the budget {style.budget}")
    elif style.kind == "cumulative":
        if any(not 0 <= x <= style.points for x in choices) or sum(choices) > style.points:
            raise ProofError(f"points outside [0, {style.points}] or more than {style.points}")
    else:
        low = -style.max_votes if style.signed else 0
        if any(not low <= v <= style.max_votes for v in choices):
            raise ProofError(f"a vote outside [{low}, {style.max_votes}]")
        if sum(v * v for v in choices) > style.credits:
            raise ProofError(f"the votes cost more than {style.credits} credits")


def plaintexts(style: Style, choices: Sequence[int]) -> tuple[list[int], list[int]]:
    """ballots §3: what each selection (and square) encrypts."""
    if style.kind == "quadratic":
        o = offset(style)
        return [v + o for v in choices], [v * v for v in choices]
    return [k * x for k, x in zip(scales(style), choices, strict=True)], []


def _revealed(data: bytes, what: str) -> int:
    try:
        r = decode_scalar(data)  # 32 bytes, canonical
    except ProofError as exc:
        raise ProofError(f"{what}: {exc}") from None
    if r == 0:
        raise ProofError(f"{what}: randomness 0")
    return r


def check_spoiled(style: Style, key: bytes, context: bytes, spoiled: SpoiledBallot) -> None:
    """ballots §8 steps 2-4 (record §2.7a): the ballot is of this election and style with the
    style's sizes, the choices are allowed, one canonical non-zero randomness per ciphertext,
    and each ciphertext is exactly ``Enc(H, s_j; r_j)``. Step 1, the ballot's proofs, binds the
    credential that published it, which the board does not record: the service checked it."""
    check_shape(style, context, spoiled.ballot, bytes(32))
    try:
        check_choices(style, spoiled.choices)
    except ProofError as exc:
        raise ProofError(f"the revealed choices are not allowed: {exc}") from None
    selections, squares = plaintexts(style, spoiled.choices)
    if len(spoiled.randomness) != len(selections) or len(spoiled.square_randomness) != len(squares):
        raise ProofError("one revealed randomness per ciphertext is needed")
    pairs = [
        (ballot_ct, m, r, f"project {j}")
        for j, (ballot_ct, m, r) in enumerate(
            zip(spoiled.ballot.selections, selections, spoiled.randomness, strict=True)
        )
    ] + [
        (ballot_ct, m, r, f"project {j} square")
        for j, (ballot_ct, m, r) in enumerate(
            zip(spoiled.ballot.squares, squares, spoiled.square_randomness, strict=True)
        )
    ]
    for ct, m, data, what in pairs:
        r = _revealed(data, what)
        if base(r) != ct.alpha or add(base(m), mul(r, key)) != ct.beta:
            raise ProofError(
                f"{what}: the ciphertext is not the encryption of {m} with the revealed randomness"
            )


def add_selections(
    sums: list[tuple[bytes, bytes]], selections: Sequence[Ciphertext]
) -> list[tuple[bytes, bytes]]:
    """Homomorphic per-project running sums (ballots §7, "Tally")."""
    return [(add(a, c.alpha), add(b, c.beta)) for (a, b), c in zip(sums, selections, strict=True)]


def zero_sums(n: int) -> list[tuple[bytes, bytes]]:
    return [(IDENTITY, IDENTITY)] * n


def finish_tally(style: Style, sums: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Knapsack sums encrypt ``k_j·X_j``; multiplying by ``k_j^-1`` gives ``X_j`` (ballots §3)."""
    if style.kind != "knapsack":
        return sums
    out = []
    for (a, b), kj in zip(sums, scales(style), strict=True):
        inv = pow(kj, -1, L)
        out.append((mul(inv, a), mul(inv, b)))
    return out
