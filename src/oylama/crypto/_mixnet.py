"""An election's mix: the chain of trustees that shuffle a style's ballots, and the opening of
the mixed ballots by ``t`` trustees (docs/spec/mixnet.md §6–§7).

Built on the generic proof of :mod:`._shuffle` and on the trustees' partial decryptions of
:mod:`._tally`, unchanged. What this layer adds is what makes the shuffles an election's:

* the label (style, step, mixer) and the generators (election, style) of every proof are
  computed here, never taken from a caller who could pick others;
* each step is signed by its mixer: a Schnorr proof of the trustee's key share over the step's
  challenge, so nobody -- the service included -- can pass a shuffle of its own (whose
  permutation it knows) as a trustee's;
* a chain has at least ``t`` steps by distinct trustees in increasing order, so one of them is
  honest under the threshold assumption, and no permutation-commitment point repeats (a step
  that copies another's permutation is refused even when its proof verifies);
* the last list is decrypted in chunks of at most 4,096 ciphertexts (the board's payloads stay
  small), and the published result of each row is the ballot's *choices*, checked against the
  style and against the decryption.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Final

import msgspec

from oylama.crypto._ballot_style import (
    BallotStyle,
    check_choices,
    check_style,
    quadratic_offset,
    selection_scales,
)
from oylama.crypto._dlog import MAX_BOUND, discrete_log
from oylama.crypto._elgamal import Ciphertext
from oylama.crypto._errors import CryptoError, DecryptionError, EncodingError, ProofError
from oylama.crypto._group import GENERATOR, IDENTITY, Point, Rng, base_mul, decode_scalar
from oylama.crypto._hash import lp
from oylama.crypto._proofs import SchnorrProof, prove_schnorr, verify_schnorr
from oylama.crypto._shuffle import (
    Rows,
    ShuffleError,
    ShuffleProof,
    decode_rows,
    encode_rows,
    prove_points,
    shuffle_generators,
    shuffle_points,
    verify_points,
)
from oylama.crypto._tally import (
    PartialDecryption,
    ThresholdError,
    lagrange_coefficient,
    partial_decrypt,
    verify_partial_decryption,
)
from oylama.crypto._trustee import Ceremony, KeyShare, TrusteeError
from oylama.errors import InputError

#: Prefix of a step's label (mixnet §5.1).
LABEL_PREFIX: Final = b"oylama/mixnet/v1"

#: Prefix of a mixer's signature label (mixnet §6).
MIXER_LABEL: Final = b"mixer"

#: Most ciphertexts in a chunk of the last list (mixnet §7.1).
CHUNK_CELLS: Final = 4096

#: Largest candidate table built to decode a column (larger ranges use baby-step giant-step).
_TABLE_LIMIT: Final = 4096


class MixError(ProofError):
    """A step or a chain that breaks docs/spec/mixnet.md §6.

    ``step`` is the step's position in the chain; ``check`` says what failed: ``"steps"``
    (fewer than ``t``, out of order, another style), ``"mixer"`` (index not increasing or out
    of range), ``"signature"``, ``"fresh"`` (a repeated permutation-commitment point), or the
    shuffle proof's own check (:class:`~oylama.crypto.ShuffleError`'s ``shape``, ``encoding``,
    ``V1`` … ``V5``).
    """

    def __init__(self, message: str, step: int, check: str) -> None:
        super().__init__(f"mix step {step}: {message}")
        self.step = step
        self.check = check


class MixStep(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One step of the chain: mixer ``mixer``'s output for step ``step`` of style ``style``,
    its proof of a shuffle and its signature (mixnet §9; on the board it is split into a
    ``shuffle`` entry and its ``shuffle-rows``, :mod:`oylama.election`)."""

    style: str
    step: int
    mixer: int
    outputs: list[list[Ciphertext]]
    proof: ShuffleProof
    signature: SchnorrProof


def shuffle_label(style_id: str, step: int, mixer: int) -> bytes:
    """``LP("oylama/mixnet/v1") || LP(style_id) || u32be(step) || u32be(mixer)`` (mixnet §5.1)."""
    return (
        lp(LABEL_PREFIX)
        + lp(style_id.encode("utf-8"))
        + step.to_bytes(4, "big")
        + mixer.to_bytes(4, "big")
    )


def mixer_label(style_id: str, step: int, mixer: int, challenge: int) -> bytes:
    """The label of a mixer's signature: ``"mixer" || label_mix || scalar(c)`` (mixnet §6)."""
    return MIXER_LABEL + shuffle_label(style_id, step, mixer) + challenge.to_bytes(32, "little")


def _check_step(step: int, mixer: int) -> None:
    if not isinstance(step, int) or not 0 <= step < 2**32:
        raise CryptoError(f"a step is a number in [0, 2^32), got {step!r}")
    if not isinstance(mixer, int) or not 1 <= mixer <= 255:
        raise CryptoError(f"a mixer is a trustee index in [1, 255], got {mixer!r}")


def _key_share_secret(key_share: KeyShare, ceremony: Ceremony) -> int:
    s = decode_scalar(key_share.secret)
    if s == 0 or base_mul(s) != ceremony.public_share(key_share.index):
        raise CryptoError(f"this is not trustee {key_share.index}'s key share of this ceremony")
    return s


def mix(
    key_share: KeyShare,
    ceremony: Ceremony,
    inputs: Rows,
    *,
    style: BallotStyle,
    context: bytes,
    step: int,
    rng: Rng | None = None,
) -> MixStep:
    """Trustee ``key_share.index``'s step ``step`` for ``style``: shuffle ``inputs`` under the
    election key, prove it, sign it (mixnet §4–§6).

    ``inputs`` is the style's input list (mixnet §2) for step 0, else the previous step's
    output, which the caller has verified (:func:`verify_mix_chain`). Randomness, in order:
    the shuffle's (§4), the proof's (§5.3), the signature's nonce. The witness is dropped.
    """
    check_style(style)
    mixer = key_share.index
    _check_step(step, mixer)
    secret = _key_share_secret(key_share, ceremony)
    rng = secrets if rng is None else rng
    key, width = ceremony.joint_key, style.projects
    xa, xb = decode_rows(inputs, width, "input")
    ya, yb, witness = shuffle_points(key, xa, xb, width, rng)
    proof, c = prove_points(
        key,
        (xa, xb),
        (ya, yb),
        width,
        witness,
        generators=shuffle_generators(context, style.id),
        context=context,
        label=shuffle_label(style.id, step, mixer),
        rng=rng,
    )
    signature = prove_schnorr(
        secret, context=context, label=mixer_label(style.id, step, mixer, c), rng=rng
    )
    return MixStep(
        style=style.id,
        step=step,
        mixer=mixer,
        outputs=encode_rows(ya, yb, width),
        proof=proof,
        signature=signature,
    )


def verify_mix_chain(
    ceremony: Ceremony,
    inputs: Rows,
    steps: Sequence[MixStep],
    *,
    style: BallotStyle,
    context: bytes,
    seen: set[bytes] | None = None,
    rng: Rng | None = None,
) -> list[list[Ciphertext]]:
    """Check a style's whole chain (mixnet §6) and return the last list (the one to decrypt).

    ``inputs`` is the style's input list (mixnet §2), built by the caller from the counted,
    verified ballots. ``seen`` collects the permutation-commitment points across the styles of
    an election (pass the same set for each style); every failure is a :class:`MixError`
    naming the step and the check.
    """
    check_style(style)
    width = style.projects
    if len(steps) < ceremony.threshold:
        raise MixError(
            f"{len(steps)} steps; at least the threshold t = {ceremony.threshold} are needed",
            len(steps),
            "steps",
        )
    seen = set() if seen is None else seen
    current = decode_rows(inputs, width, "input")
    n = len(inputs)
    previous_mixer = 0
    for k, st in enumerate(steps):
        if st.style != style.id or st.step != k:
            raise MixError(f"names style {st.style!r} step {st.step}", k, "steps")
        if not isinstance(st.mixer, int) or not previous_mixer < st.mixer <= ceremony.trustees:
            raise MixError(
                f"mixer {st.mixer} after {previous_mixer}: mixers are distinct trustees in "
                f"increasing order, at most {ceremony.trustees}",
                k,
                "mixer",
            )
        previous_mixer = st.mixer
        if len(st.outputs) != n:
            raise MixError(f"{len(st.outputs)} output rows for {n} input rows", k, "shape")
        try:
            outputs = decode_rows(st.outputs, width, "output")
            c = verify_points(
                ceremony.joint_key,
                current,
                outputs,
                width,
                st.proof,
                generators=shuffle_generators(context, style.id),
                context=context,
                label=shuffle_label(style.id, k, st.mixer),
                rng=rng,
            )
        except ShuffleError as e:
            raise MixError(str(e), k, e.check) from None
        except EncodingError as e:
            raise MixError(str(e), k, "encoding") from None
        try:
            verify_schnorr(
                ceremony.public_share(st.mixer),
                st.signature,
                context=context,
                label=mixer_label(style.id, k, st.mixer, c),
            )
        except (ProofError, EncodingError) as e:
            raise MixError(f"the mixer's signature: {e}", k, "signature") from None
        for j, cj in enumerate(st.proof.commitments):
            if cj in seen:
                raise MixError(
                    f"permutation commitment {j} was used before (a copied permutation)",
                    k,
                    "fresh",
                )
            seen.add(cj)
        current = outputs
    return encode_rows(current[0], current[1], width)


# -- opening the last list (mixnet §7) --------------------------------------------------------


def chunk_rows(width: int) -> int:
    """Rows per chunk: ``max(1, ⌊4096 / w⌋)`` (mixnet §7.1)."""
    return max(1, CHUNK_CELLS // width)


def mix_chunks(count: int, width: int) -> list[range]:
    """The row ranges of the chunks of a list of ``count`` rows of width ``width``."""
    size = chunk_rows(width)
    return [range(start, min(count, start + size)) for start in range(0, count, size)]


def mixed_label(style_id: str, chunk: int) -> bytes:
    """``"mixed/" || style_id || "/" || decimal(chunk)``: the decryption label of a chunk."""
    return b"mixed/" + style_id.encode("utf-8") + b"/" + str(chunk).encode("ascii")


def _cells(rows: Rows) -> list[Ciphertext]:
    return [ct for row in rows for ct in row]


def partial_decrypt_mixed(
    key_share: KeyShare,
    rows: Rows,
    *,
    style: BallotStyle,
    context: bytes,
    rng: Rng | None = None,
) -> list[PartialDecryption]:
    """Trustee ``key_share.index``'s partial decryption of every chunk of the last list, in
    chunk order (trustees §6 with the labels of mixnet §7.2)."""
    check_style(style)
    width = style.projects
    return [
        partial_decrypt(
            key_share,
            _cells(rows[r.start : r.stop]),
            context=context,
            label=mixed_label(style.id, q),
            rng=rng,
        )
        for q, r in enumerate(mix_chunks(len(rows), width))
    ]


def plaintexts_of(style: BallotStyle, choices: Sequence[int]) -> list[int]:
    """The selection plaintexts of ballots §3 for one row of choices."""
    if style.kind == "quadratic":
        offset = quadratic_offset(style)
        return [v + offset for v in choices]
    return [s * x for s, x in zip(selection_scales(style), choices, strict=True)]


def _decryption_points(
    ceremony: Ceremony,
    partials: Sequence[PartialDecryption],
    cells: Sequence[Ciphertext],
    *,
    context: bytes,
    label: bytes,
) -> tuple[list[int], list[Point]]:
    """The trustees' indices and, per ciphertext, ``beta − Σ λ_l·M_l`` (the plaintext point)."""
    seen: set[int] = set()
    verified: list[tuple[int, list[Point]]] = []
    for p in partials:
        if p.index in seen:
            raise TrusteeError("two partial decryptions of one chunk", p.index)
        seen.add(p.index)
        verified.append(
            (p.index, verify_partial_decryption(ceremony, p, cells, context=context, label=label))
        )
    if len(verified) < ceremony.threshold:
        raise ThresholdError(
            f"{len(verified)} trustees decrypted; {ceremony.threshold} of "
            f"{ceremony.trustees} are needed"
        )
    indices = sorted(i for i, _ in verified)
    weights = {i: lagrange_coefficient(i, indices) for i in indices}
    out = []
    for k, ct in enumerate(cells):
        _, beta = ct.points(aggregate=True)
        mask = IDENTITY
        for i, shares in verified:
            mask = mask + shares[k] * weights[i]
        out.append(beta - mask)
    return indices, out


def _column_decoders(style: BallotStyle) -> list[dict[bytes, int] | int]:
    """Per column: a table from plaintext point to choice, or the bound of a choice that
    baby-step giant-step recovers (cumulative styles with many points)."""
    if style.kind in ("approval", "knapsack"):
        return [{IDENTITY.encode(): 0, base_mul(s).encode(): 1} for s in selection_scales(style)]
    if style.kind == "quadratic":
        offset = quadratic_offset(style)
        low = -style.max_votes if style.signed else 0
        table = {base_mul(v + offset).encode(): v for v in range(low, style.max_votes + 1)}
        return [table] * style.projects
    if style.points < _TABLE_LIMIT:
        table, point = {}, IDENTITY
        for x in range(style.points + 1):
            table[point.encode()] = x
            point = point + GENERATOR
        return [table] * style.projects
    return [style.points] * style.projects


def decrypt_mixed(
    ceremony: Ceremony,
    partials: Sequence[PartialDecryption],
    rows: Rows,
    *,
    style: BallotStyle,
    context: bytes,
    chunk: int,
) -> tuple[list[int], list[list[int]]]:
    """Open chunk ``chunk`` (its ``rows`` of the last list) from at least ``t`` trustees'
    partial decryptions: the trustees combined and each row's choices (mixnet §7.3).

    Every partial is verified first (:class:`TrusteeError` names a bad one; two of one
    trustee are refused; fewer than ``t``: :class:`ThresholdError`). A plaintext that is not a
    choice the style allows raises :class:`DecryptionError` naming row and column.
    """
    check_style(style)
    cells = _cells(rows)
    indices, points = _decryption_points(
        ceremony, partials, cells, context=context, label=mixed_label(style.id, chunk)
    )
    decoders = _column_decoders(style)
    width = style.projects
    out: list[list[int]] = []
    for i in range(len(rows)):
        row = []
        for k in range(width):
            point, decoder = points[i * width + k], decoders[k]
            if isinstance(decoder, dict):
                x = decoder.get(point.encode())
                if x is None:
                    raise DecryptionError(f"row {i}, column {k}: not a plaintext of the style")
            else:
                x = discrete_log(point, min(decoder, MAX_BOUND))
            row.append(x)
        try:
            check_choices(style, row)
        except InputError as e:
            raise DecryptionError(f"row {i}: {e}") from None
        out.append(row)
    return indices, out


def verify_mixed_choices(
    ceremony: Ceremony,
    partials: Sequence[PartialDecryption],
    rows: Rows,
    choices: Sequence[Sequence[int]],
    *,
    style: BallotStyle,
    context: bytes,
    chunk: int,
) -> None:
    """Check published choices of chunk ``chunk`` (mixnet §7.3): each row allowed by the style,
    and ``s_k·G = beta_k − D_k`` for every ciphertext, with ``D`` combined from ``partials``
    (each verified). Raises :class:`DecryptionError` naming the row and column."""
    check_style(style)
    if len(choices) != len(rows):
        raise DecryptionError(f"{len(choices)} rows of choices for {len(rows)} ciphertext rows")
    cells = _cells(rows)
    _, points = _decryption_points(
        ceremony, partials, cells, context=context, label=mixed_label(style.id, chunk)
    )
    width = style.projects
    for i, row in enumerate(choices):
        try:
            check_choices(style, list(row))
        except InputError as e:
            raise DecryptionError(f"row {i}: {e}") from None
        for k, s in enumerate(plaintexts_of(style, row)):
            if base_mul(s) != points[i * width + k]:
                raise DecryptionError(f"row {i}, column {k}: the choice is not the decryption")
