"""Encrypted ballots of each kind, their verification, tracking codes and the Benaloh challenge.

A ballot is one fresh ciphertext per project (for quadratic ballots also one of the vote's
square), a proof per project that it encrypts an allowed value, and proofs of the aggregate
bounds (count, budget, points, credits) on homomorphic combinations the verifier recomputes
itself -- so the aggregate ciphertexts are never sent. Every proof's label binds the style,
the ballot id, the voter's credential (its Ed25519 public key), the role and the position
(:func:`ballot_label`), and every context binds the election, so a proof moved to another
place, ballot, voter or election fails. Normative description: docs/spec/ballots.md.

:func:`verify_ballot` checks all of a ballot's proofs as one batch (random 128-bit weights,
one multi-scalar multiplication) on the native backend, and proof by proof on libsodium, or
after a batch that fails, so that the error names the first proof that does not verify.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Sequence
from typing import Final

import msgspec

from oylama.crypto._backend import NATIVE
from oylama.crypto._ballot_style import (
    MAX_BALLOT_ID,
    BallotStyle,
    check_choices,
    check_style,
    count_bounds,
    quadratic_offset,
    quadratic_rows,
    selection_scales,
    selection_values,
    total_bounds,
    total_weights,
)
from oylama.crypto._elgamal import Ciphertext, check_public_key, encrypt, encrypt_random
from oylama.crypto._equations import Batch, combine
from oylama.crypto._errors import CryptoError, EncodingError, ProofError
from oylama.crypto._group import (
    G_BYTES,
    GENERATOR,
    IDENTITY_BYTES,
    POINT_SIZE,
    L,
    Point,
    Rng,
    base_mul,
    combine_vartime,
    decode_scalar,
    encode_scalar,
    sum_columns,
)
from oylama.crypto._hash import CONTEXT_SIZE, lp
from oylama.crypto._proofs import (
    DisjunctiveProof,
    DleqProof,
    Equations,
    RangeProof,
    TableProof,
    _prove_one_of,
    _prove_range,
    check_table,
    dleq_equations,
    one_of_equations,
    prove_dleq,
    prove_table,
    range_equations,
    table_equations,
    verify_dleq,
    verify_one_of,
    verify_range,
    verify_table,
)
from oylama.crypto._trustee import _Redacted
from oylama.crypto._wire import to_json
from oylama.errors import InputError

#: First field of every ballot proof label.
LABEL_PREFIX: Final = b"oylama/ballot/v2"

#: Bytes of a voter's credential (an Ed25519 public key, docs/spec/credentials.md §3).
CREDENTIAL_SIZE: Final = 32

#: Domain tag of the tracking code hash.
TRACKING_TAG: Final = b"oylama/ballot/v1/tracking-code"

#: Label roles: a project's proof, the count proof, the total (budget/points/credits) proof.
ROLE_SELECTION: Final = "selection"
ROLE_COUNT: Final = "count"
ROLE_TOTAL: Final = "total"


class SelectionProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The proof of one project: exactly one field is set, the one the style prescribes."""

    one_of: DisjunctiveProof | None
    range: RangeProof | None
    table: TableProof | None


class BoundProof(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An aggregate lies in ``[a, b]``: a range proof if ``a < b``, a DLEQ proof if ``a == b``."""

    range: RangeProof | None
    exact: DleqProof | None


class EncryptedBallot(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A cast (or spoilable) encrypted ballot; its canonical JSON is what the board records."""

    election: bytes
    style: str
    ballot_id: bytes
    selections: list[Ciphertext]
    squares: list[Ciphertext]
    proofs: list[SelectionProof]
    count: BoundProof | None
    total: BoundProof | None


class BallotSecrets(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What only the voter's device knows: the choices and every encryption's randomness."""

    choices: list[int]
    randomness: list[bytes]
    square_randomness: list[bytes]

    def __repr__(self) -> str:
        # Redacted: the choices are the vote and the randomness decrypts it; a repr ends up in
        # logs and tracebacks. Only the counts (the ballot's public shape) are shown.
        return (
            f"BallotSecrets(choices=<{len(self.choices)} redacted>, "
            f"randomness=<{len(self.randomness)} redacted>, "
            f"square_randomness=<{len(self.square_randomness)} redacted>)"
        )

    def __rich_repr__(self) -> list[tuple[str, object]]:
        return [
            ("choices", _Redacted(len(self.choices))),
            ("randomness", _Redacted(len(self.randomness))),
            ("square_randomness", _Redacted(len(self.square_randomness))),
        ]


class SpoiledBallot(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A ballot opened for a Benaloh challenge: never counted, checked by anyone."""

    ballot: EncryptedBallot
    choices: list[int]
    randomness: list[bytes]
    square_randomness: list[bytes]

    def __repr__(self) -> str:
        # Published for checking, but the voter usually casts the same choices next: a log
        # line next to a session must not show them. The JSON wire form is unchanged.
        return (
            f"SpoiledBallot(ballot={self.ballot!r}, choices=<{len(self.choices)} redacted>, "
            f"randomness=<{len(self.randomness)} redacted>, "
            f"square_randomness=<{len(self.square_randomness)} redacted>)"
        )

    def __rich_repr__(self) -> list[tuple[str, object]]:
        return [
            ("ballot", self.ballot),
            ("choices", _Redacted(len(self.choices))),
            ("randomness", _Redacted(len(self.randomness))),
            ("square_randomness", _Redacted(len(self.square_randomness))),
        ]


def ballot_label(
    style_id: str, ballot_id: bytes, credential: bytes, role: str, index: int
) -> bytes:
    """``LP(prefix) || LP(style id) || LP(ballot id) || LP(credential) || LP(role) ||
    u32be(index)``: where a proof belongs, including whose ballot it is."""
    return (
        lp(LABEL_PREFIX)
        + lp(style_id.encode("utf-8"))
        + lp(ballot_id)
        + lp(credential)
        + lp(role.encode("ascii"))
        + index.to_bytes(4, "big")
    )


def new_ballot_id(rng: Rng = secrets) -> bytes:
    """A fresh random 16-byte ballot id."""
    return rng.token_bytes(16)


def _check_ids(context: bytes, ballot_id: bytes, credential: bytes) -> None:
    if not isinstance(context, bytes) or len(context) != CONTEXT_SIZE:
        raise CryptoError(f"context must be {CONTEXT_SIZE} bytes (the election base hash)")
    if not isinstance(ballot_id, bytes) or not 1 <= len(ballot_id) <= MAX_BALLOT_ID:
        raise CryptoError(f"a ballot id is 1 to {MAX_BALLOT_ID} bytes")
    if not isinstance(credential, bytes) or len(credential) != CREDENTIAL_SIZE:
        raise CryptoError(f"a credential is {CREDENTIAL_SIZE} bytes (the voter's public key)")


# -- aggregates --------------------------------------------------------------------------------


def _count_weights(style: BallotStyle) -> list[int]:
    """``s_j^-1 mod L``: the combination of the selections that encrypts the number selected."""
    return [pow(s, -1, L) if s != 1 else 1 for s in selection_scales(style)]


def _combine(points: Sequence[tuple[Point, Point]], weights: Sequence[int]) -> Ciphertext:
    """``Σ k_j·(alpha_j, beta_j)`` on already-checked points (an aggregate).

    The weights (costs, scales) and the ciphertexts are public: variable time.
    """
    flat = [p for pair in points for p in pair]
    ks = list(weights)
    if len(ks) != len(points):
        raise CryptoError("as many weights as ciphertexts")
    alpha, beta = combine_vartime(
        flat, [[(2 * j, k) for j, k in enumerate(ks)], [(2 * j + 1, k) for j, k in enumerate(ks)]]
    )
    return Ciphertext.from_points(alpha, beta)


def _prove_bound(
    key: Point,
    ct: Ciphertext,
    m: int,
    r: int,
    bounds: tuple[int, int],
    *,
    context: bytes,
    label: bytes,
    rng: Rng,
) -> BoundProof:
    a, b = bounds
    if a < b:
        # ct is the aggregate of the ballot's own encryptions, r its randomness: no re-check
        proof = _prove_range(key, ct, m, r, a=a, b=b, context=context, label=label, rng=rng)
        return BoundProof(range=proof, exact=None)
    if m != a:
        raise CryptoError(f"bound: {m} is not {a}")
    alpha, beta = ct.points(aggregate=True)
    dleq = prove_dleq(
        r, GENERATOR, alpha, key, beta - base_mul(a), context=context, label=label, rng=rng
    )
    return BoundProof(range=None, exact=dleq)


def _verify_bound(
    key: Point,
    ct: Ciphertext,
    proof: BoundProof | None,
    bounds: tuple[int, int],
    what: str,
    *,
    context: bytes,
    label: bytes,
) -> None:
    a, b = bounds
    if proof is None:
        raise ProofError(f"{what}: the proof that it lies in [{a}, {b}] is missing")
    try:
        if a < b:
            if proof.range is None or proof.exact is not None:
                raise ProofError("expected a range proof only")
            verify_range(key, ct, proof.range, a=a, b=b, context=context, label=label)
        else:
            if proof.exact is None or proof.range is not None:
                raise ProofError("expected an exact (DLEQ) proof only")
            alpha, beta = ct.points(aggregate=True)
            verify_dleq(
                GENERATOR, alpha, key, beta - base_mul(a), proof.exact, context=context, label=label
            )
    except CryptoError as e:
        raise type(e)(f"{what} in [{a}, {b}]: {e}") from None


# -- encryption ------------------------------------------------------------------------------


def _plaintexts(style: BallotStyle, choices: Sequence[int]) -> tuple[list[int], list[int]]:
    """The selection plaintexts and (quadratic) square plaintexts of valid choices."""
    if style.kind == "quadratic":
        off = quadratic_offset(style)
        return [v + off for v in choices], [v * v for v in choices]
    return [s * x for s, x in zip(selection_scales(style), choices, strict=True)], []


def encrypt_ballot(
    style: BallotStyle,
    key: Point,
    choices: Sequence[int],
    *,
    context: bytes,
    ballot_id: bytes,
    credential: bytes,
    rng: Rng | None = None,
) -> tuple[EncryptedBallot, BallotSecrets]:
    """Encrypt and prove a ballot; refuse choices the style does not allow (:class:`InputError`).

    ``choices`` has one integer per project: 0/1 (approval, knapsack), points (cumulative),
    votes ``v`` (quadratic, negative allowed if the style is signed). ``credential`` is the
    voter's 32-byte public credential, which every proof's label binds (the ballot verifies
    only with it). Returns the ballot and the secrets a Benaloh challenge reveals (keep them
    until the ballot is cast or spoiled).
    """
    check_style(style)
    check_public_key(key)
    _check_ids(context, ballot_id, credential)
    choices = list(choices)
    check_choices(style, choices)
    rng = secrets if rng is None else rng
    sid, n = style.id, style.projects

    sel_m, sq_m = _plaintexts(style, choices)
    sel = [encrypt_random(key, m, rng) for m in sel_m]
    sq = [encrypt_random(key, m, rng) for m in sq_m]

    values = selection_values(style)
    proofs: list[SelectionProof] = []
    for j in range(n):
        label = ballot_label(sid, ballot_id, credential, ROLE_SELECTION, j)
        ct, r = sel[j]
        vals = values[j]
        if style.kind == "quadratic":
            table = prove_table(
                key,
                [ct, sq[j][0]],
                quadratic_rows(style),
                (sel_m[j], sq_m[j]),
                [r, sq[j][1]],
                context=context,
                label=label,
                rng=rng,
            )
            proofs.append(SelectionProof(one_of=None, range=None, table=table))
        elif vals is not None:
            one = _prove_one_of(key, ct, vals, sel_m[j], r, context=context, label=label, rng=rng)
            proofs.append(SelectionProof(one_of=one, range=None, table=None))
        else:
            rp = _prove_range(
                key, ct, sel_m[j], r, a=0, b=style.points, context=context, label=label, rng=rng
            )
            proofs.append(SelectionProof(one_of=None, range=rp, table=None))

    sel_points = [ct.points() for ct, _ in sel]
    count_proof = None
    cb = count_bounds(style)
    if cb is not None:
        cw = _count_weights(style)
        agg = _combine(sel_points, cw)
        count_proof = _prove_bound(
            key,
            agg,
            sum(choices),
            sum(k * r for k, (_, r) in zip(cw, sel, strict=True)) % L,
            cb,
            context=context,
            label=ballot_label(sid, ballot_id, credential, ROLE_COUNT, 0),
            rng=rng,
        )
    total_proof = None
    tb = total_bounds(style)
    if tb is not None:
        weights = total_weights(style)
        pairs = sq if style.kind == "quadratic" else sel
        plain = sq_m if style.kind == "quadratic" else sel_m
        points = [ct.points() for ct, _ in pairs]
        agg = _combine(points, weights)
        total_proof = _prove_bound(
            key,
            agg,
            sum(k * m for k, m in zip(weights, plain, strict=True)),
            sum(k * r for k, (_, r) in zip(weights, pairs, strict=True)) % L,
            tb,
            context=context,
            label=ballot_label(sid, ballot_id, credential, ROLE_TOTAL, 0),
            rng=rng,
        )

    ballot = EncryptedBallot(
        election=context,
        style=sid,
        ballot_id=ballot_id,
        selections=[ct for ct, _ in sel],
        squares=[ct for ct, _ in sq],
        proofs=proofs,
        count=count_proof,
        total=total_proof,
    )
    secrets_ = BallotSecrets(
        choices=choices,
        randomness=[encode_scalar(r) for _, r in sel],
        square_randomness=[encode_scalar(r) for _, r in sq],
    )
    return ballot, secrets_


# -- verification ----------------------------------------------------------------------------


def _verify_selection(
    style: BallotStyle,
    key: Point,
    ballot: EncryptedBallot,
    j: int,
    values: list[int] | None,
    *,
    context: bytes,
    label: bytes,
) -> None:
    proof = ballot.proofs[j]
    ct = ballot.selections[j]
    if style.kind == "quadratic":
        if proof.table is None or proof.one_of is not None or proof.range is not None:
            raise ProofError("expected a table proof only")
        verify_table(
            key,
            [ct, ballot.squares[j]],
            quadratic_rows(style),
            proof.table,
            context=context,
            label=label,
        )
    elif values is not None:
        if proof.one_of is None or proof.range is not None or proof.table is not None:
            raise ProofError("expected a one-of proof only")
        verify_one_of(key, ct, values, proof.one_of, context=context, label=label)
    else:
        if proof.range is None or proof.one_of is not None or proof.table is not None:
            raise ProofError("expected a range proof only")
        # verify_range accepts aggregates; a selection is fresh, so the identity is refused
        # here (every other check of the points is verify_range's decoding).
        if IDENTITY_BYTES in (ct.alpha, ct.beta):
            raise EncodingError("the identity point is not allowed in a fresh ciphertext")
        verify_range(key, ct, proof.range, a=0, b=style.points, context=context, label=label)


def _check_shape(style: BallotStyle, key: Point, ballot: EncryptedBallot, context: bytes) -> None:
    """ballots §7 steps 1-3: everything but the proofs."""
    check_style(style)
    check_public_key(key)
    if ballot.election != context:
        raise CryptoError("the ballot names another election (context)")
    if ballot.style != style.id:
        raise CryptoError(f"the ballot is of style {ballot.style!r}, not {style.id!r}")
    n = style.projects
    n_sq = n if style.kind == "quadratic" else 0
    if len(ballot.selections) != n or len(ballot.proofs) != n or len(ballot.squares) != n_sq:
        raise EncodingError(
            f"expected {n} selections, {n} proofs and {n_sq} squares; got "
            f"{len(ballot.selections)}, {len(ballot.proofs)} and {len(ballot.squares)}"
        )
    if count_bounds(style) is None and ballot.count is not None:
        raise ProofError("count: this style has no count proof")
    if total_bounds(style) is None and ballot.total is not None:
        raise ProofError("total: this style has no total proof")


def _total_of(style: BallotStyle) -> str:
    return {"quadratic": "credits spent", "knapsack": "cost of the selection"}.get(
        style.kind, "points given"
    )


def _verify_each(
    style: BallotStyle, key: Point, ballot: EncryptedBallot, *, context: bytes, credential: bytes
) -> None:
    """ballots §7 steps 4-5 proof by proof, each checked on its own: the first that fails is
    named (:func:`verify_ballot` runs this on libsodium, and after a batch that fails)."""
    values = selection_values(style)
    bid = ballot.ballot_id
    for j in range(style.projects):
        try:
            label = ballot_label(style.id, bid, credential, ROLE_SELECTION, j)
            _verify_selection(style, key, ballot, j, values[j], context=context, label=label)
        except CryptoError as e:
            raise type(e)(f"project {j}: {e}") from None

    sel_points = [_fresh_points(ct) for ct in ballot.selections]
    cb, tb = count_bounds(style), total_bounds(style)
    if cb is not None:
        _verify_bound(
            key,
            _combine(sel_points, _count_weights(style)),
            ballot.count,
            cb,
            "count of selected projects",
            context=context,
            label=ballot_label(style.id, bid, credential, ROLE_COUNT, 0),
        )
    if tb is not None:
        if style.kind == "quadratic":
            points = [_fresh_points(ct) for ct in ballot.squares]
        else:
            points = sel_points
        _verify_bound(
            key,
            _combine(points, total_weights(style)),
            ballot.total,
            tb,
            _total_of(style),
            context=context,
            label=ballot_label(style.id, bid, credential, ROLE_TOTAL, 0),
        )


def _fresh_points(ct: Ciphertext) -> tuple[Point, Point]:
    # Only after the project's proof verified, which decoded both points as fresh ones.
    return Point.decode(ct.alpha), Point.decode(ct.beta)


def _statement_points(cts: Sequence[Ciphertext]) -> list[bytes]:
    """The fresh ciphertexts' encodings, for the batch: 32 bytes each and not the identity
    (whether they encode elements, the batch's decoding finds out)."""
    out: list[bytes] = []
    for ct in cts:
        for p in (ct.alpha, ct.beta):
            if not isinstance(p, bytes) or len(p) != POINT_SIZE or p == IDENTITY_BYTES:
                raise EncodingError("not a fresh ciphertext")
            out.append(p)
    return out


def _bound_equations(
    key: bytes,
    aggregate: tuple[bytes, bytes],
    proof: BoundProof | None,
    bounds: tuple[int, int],
    *,
    context: bytes,
    label: bytes,
) -> Equations:
    a, b = bounds
    alpha, beta = aggregate
    if proof is None:
        raise ProofError("a bound's proof is missing")
    if a < b:
        if proof.range is None or proof.exact is not None:
            raise ProofError("expected a range proof only")
        return range_equations(
            key, alpha, beta, proof.range, a=a, b=b, context=context, label=label
        )
    if proof.exact is None or proof.range is not None:
        raise ProofError("expected an exact (DLEQ) proof only")
    (shifted,) = combine([beta, G_BYTES], [[(0, 1), (1, -a)]])
    return dleq_equations(G_BYTES, alpha, key, shifted, proof.exact, context=context, label=label)


def ballot_equations(
    style: BallotStyle, key: Point, ballot: EncryptedBallot, *, context: bytes, credential: bytes
) -> Equations:
    """Every verification equation of a ballot's proofs (ballots §7 steps 4-5), after every
    check that is not an equation; for a batch. Raises :class:`CryptoError` (or
    ``ValueError``, for an encoding of no element among the ciphertexts the aggregates sum)
    where the ballot fails before its equations; which proof fails, :func:`verify_ballot`
    finds out proof by proof."""
    k = key.encode()
    bid, sid = ballot.ballot_id, style.id
    values = selection_values(style)
    sel = _statement_points(ballot.selections)
    eqs: Equations = []
    if style.kind == "quadratic":
        sq = _statement_points(ballot.squares)
        table = check_table(quadratic_rows(style), 2)
    for j, proof in enumerate(ballot.proofs):
        label = ballot_label(sid, bid, credential, ROLE_SELECTION, j)
        alpha, beta = sel[2 * j], sel[2 * j + 1]
        vals = values[j]
        if style.kind == "quadratic":
            if proof.table is None or proof.one_of is not None or proof.range is not None:
                raise ProofError("expected a table proof only")
            pairs = [(alpha, beta), (sq[2 * j], sq[2 * j + 1])]
            eqs += table_equations(k, pairs, table, proof.table, context=context, label=label)
        elif vals is not None:
            if proof.one_of is None or proof.range is not None or proof.table is not None:
                raise ProofError("expected a one-of proof only")
            eqs += one_of_equations(
                k, alpha, beta, vals, proof.one_of, context=context, label=label
            )
        else:
            if proof.range is None or proof.one_of is not None or proof.table is not None:
                raise ProofError("expected a range proof only")
            eqs += range_equations(
                k, alpha, beta, proof.range, a=0, b=style.points, context=context, label=label
            )
    cb, tb = count_bounds(style), total_bounds(style)
    rows: list[list[tuple[int, int]]] = []
    if cb is not None:
        count = _count_weights(style)
        rows += [
            [(2 * j, w) for j, w in enumerate(count)],
            [(2 * j + 1, w) for j, w in enumerate(count)],
        ]
    if tb is not None:
        weights = total_weights(style)
        offset = len(sel) if style.kind == "quadratic" else 0
        rows += [
            [(offset + 2 * j, w) for j, w in enumerate(weights) if w],
            [(offset + 2 * j + 1, w) for j, w in enumerate(weights) if w],
        ]
    if rows:
        aggregates = combine(sel + (sq if style.kind == "quadratic" else []), rows)
        if cb is not None:
            eqs += _bound_equations(
                k,
                (aggregates[0], aggregates[1]),
                ballot.count,
                cb,
                context=context,
                label=ballot_label(sid, bid, credential, ROLE_COUNT, 0),
            )
        if tb is not None:
            eqs += _bound_equations(
                k,
                (aggregates[-2], aggregates[-1]),
                ballot.total,
                tb,
                context=context,
                label=ballot_label(sid, bid, credential, ROLE_TOTAL, 0),
            )
    return eqs


def verify_ballot(
    style: BallotStyle,
    key: Point,
    ballot: EncryptedBallot,
    *,
    context: bytes,
    credential: bytes,
    rng: Rng | None = None,
) -> None:
    """Check every statement of ``ballot`` (docs/spec/ballots.md §7); raise naming the failure.

    ``credential`` is the public credential that signed the ballot: every proof's label binds
    it, so a ballot (or any of its proofs) verifies for that voter only. On the native
    backend every equation of every proof is checked in one batch (``rng``, default
    :mod:`secrets`, draws its weights); if the batch fails, and always on libsodium, the
    proofs are checked one by one, so the error names the first that fails:
    :class:`EncodingError` for a malformed point or field, :class:`ProofError` for a proof that
    fails (the message names the project or the aggregate), :class:`CryptoError` for a ballot
    of another election or style.
    """
    _check_ids(context, ballot.ballot_id, credential)
    _check_shape(style, key, ballot, context)
    if NATIVE:
        batch = Batch(rng)
        try:
            batch.add(ballot_equations(style, key, ballot, context=context, credential=credential))
        except (CryptoError, ValueError):
            pass  # the proof-by-proof check below names it
        else:
            if batch.holds():
                return
    _verify_each(style, key, ballot, context=context, credential=credential)
    if NATIVE:  # pragma: no cover (a weighted sum of equations that all hold is O)
        raise CryptoError("the ballot's batch fails although each of its proofs verifies")


# -- tracking code -----------------------------------------------------------------------------


def ballot_bytes(ballot: EncryptedBallot) -> bytes:
    """The canonical bytes of a ballot: its canonical JSON text (docs/spec/ballots.md §6)."""
    return to_json(ballot)


def tracking_code(ballot: EncryptedBallot) -> bytes:
    """``SHA-256(LP("oylama/ballot/v1/tracking-code") || canonical JSON)``: the receipt."""
    return hashlib.sha256(lp(TRACKING_TAG) + ballot_bytes(ballot)).digest()


def format_tracking_code(code: bytes) -> str:
    """Display form: base32 (RFC 4648, no padding), in dash-separated groups of four."""
    if len(code) != 32:
        raise CryptoError("a tracking code is 32 bytes")
    text = base64.b32encode(code).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


# -- Benaloh challenge ---------------------------------------------------------------------------


def spoil(ballot: EncryptedBallot, secrets_: BallotSecrets) -> SpoiledBallot:
    """Open a ballot for a Benaloh challenge; the ballot must never be cast afterwards."""
    return SpoiledBallot(
        ballot=ballot,
        choices=list(secrets_.choices),
        randomness=list(secrets_.randomness),
        square_randomness=list(secrets_.square_randomness),
    )


def _reveal(data: bytes, what: str) -> int:
    try:
        r = decode_scalar(data)
    except EncodingError as e:
        raise ProofError(f"spoiled ballot: {what}: {e}") from None
    if r == 0:
        raise ProofError(f"spoiled ballot: {what}: randomness 0")
    return r


def verify_spoiled(
    style: BallotStyle,
    key: Point,
    spoiled: SpoiledBallot,
    *,
    context: bytes,
    credential: bytes | None,
) -> None:
    """Check that the spoiled ballot encrypts exactly the revealed choices (ballots §8).

    Verifies the ballot itself (:func:`verify_ballot` with ``credential``, whose key the
    proofs bind: the voter's device and the service that takes the spoil know it; the board
    does not record it, so a checker of the board passes ``None`` and only the ballot's
    election, style and sizes are checked -- step 1 left out, as ballots §8 allows), that the
    choices are valid for the style, then re-encrypts every revealed choice with its revealed
    randomness and compares with the ballot's ciphertexts; raises :class:`ProofError` naming
    the first mismatch.
    """
    if credential is None:
        _check_ids(context, spoiled.ballot.ballot_id, bytes(CREDENTIAL_SIZE))
        _check_shape(style, key, spoiled.ballot, context)
    else:
        verify_ballot(style, key, spoiled.ballot, context=context, credential=credential)
    choices = list(spoiled.choices)
    try:
        check_choices(style, choices)
    except InputError as e:
        raise ProofError(f"spoiled ballot: the revealed choices are not valid: {e}") from None
    sel_m, sq_m = _plaintexts(style, choices)
    ballot = spoiled.ballot
    if len(spoiled.randomness) != len(sel_m) or len(spoiled.square_randomness) != len(sq_m):
        raise ProofError("spoiled ballot: one revealed randomness per ciphertext is needed")
    for j, (m, rb) in enumerate(zip(sel_m, spoiled.randomness, strict=True)):
        r = _reveal(rb, f"project {j}")
        if encrypt(key, m, r) != ballot.selections[j]:
            raise ProofError(
                f"spoiled ballot: project {j}: the ciphertext is not the encryption of the "
                f"revealed choice {choices[j]} with the revealed randomness"
            )
    for j, (m, rb) in enumerate(zip(sq_m, spoiled.square_randomness, strict=True)):
        r = _reveal(rb, f"project {j} square")
        if encrypt(key, m, r) != ballot.squares[j]:
            raise ProofError(
                f"spoiled ballot: project {j}: the square ciphertext is not the encryption of "
                f"{m} with the revealed randomness"
            )


# -- tally -----------------------------------------------------------------------------------


def tally_selections(style: BallotStyle, ballots: Sequence[EncryptedBallot]) -> list[Ciphertext]:
    """Per project, an aggregate ciphertext of the sum over ``ballots`` of its choice.

    The ballots must have been verified (:func:`verify_ballot`). Approval and knapsack: the
    number of ballots selecting the project (knapsack selections encrypt ``cost·x``, so the sum
    is multiplied by ``cost^-1 mod L``, exact because it is an integer multiple of the cost);
    cumulative: the points given; quadratic: ``Σ v`` plus ``len(ballots)·V`` when the style is
    signed (the offset is public and subtracted after decryption).
    """
    check_style(style)
    n = style.projects
    encodings: list[bytes] = []
    for ballot in ballots:
        if ballot.style != style.id or len(ballot.selections) != n:
            raise CryptoError("tally: a ballot of another style")
        for ct in ballot.selections:
            encodings += (ct.alpha, ct.beta)
    # Every point is checked again (fresh: no identity), all at once.
    sums = sum_columns(encodings, 2 * n, check=True, allow_identity=False)
    alphas, betas = sums[0::2], sums[1::2]
    weights = _count_weights(style)
    return [
        Ciphertext.from_points(a * k, b * k) if k != 1 else Ciphertext.from_points(a, b)
        for a, b, k in zip(alphas, betas, weights, strict=True)
    ]
