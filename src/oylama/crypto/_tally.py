"""Tally decryption by any ``t`` trustees: partial decryptions with proofs, Lagrange combination.

The tally is the homomorphic sum of the ballots' ciphertexts per project. Each participating
trustee ``i`` publishes, per tally ciphertext ``(alpha, beta)``, the share ``M_i = s_i·alpha``
with a Chaum–Pedersen proof against its public share ``s_i·G`` (computable by anyone from the
ceremony's commitments), so every share is checked before use. With a set ``S`` of at least
``t`` verified trustees, ``Σ_{i∈S} λ_i·M_i = s·alpha`` for the Lagrange coefficients at 0 over
``S``; the plaintext sum is the small discrete log of ``beta - s·alpha``. Any such ``S`` gives
the same result; fewer than ``t`` shares are refused (docs/spec/trustees.md §6–§7).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import msgspec

from oylama.crypto._dlog import discrete_logs
from oylama.crypto._elgamal import Ciphertext
from oylama.crypto._errors import CryptoError, EncodingError, ProofError
from oylama.crypto._group import IDENTITY, L, Point, Rng, decode_scalar, sum_columns
from oylama.crypto._hash import MAX_LABEL
from oylama.crypto._proofs import DleqProof, prove_decryption, verify_decryption
from oylama.crypto._trustee import Ceremony, KeyShare, TrusteeError, check_parameters

#: Label prefix of a decryption share's proof (docs/spec/trustees.md §6).
LABEL_DECRYPTION: Final = b"decryption-share"

#: Longest caller label of a decryption (the prefix and three u32 fill the rest of MAX_LABEL).
MAX_DECRYPTION_LABEL: Final = MAX_LABEL - len(LABEL_DECRYPTION) - 12


class PartialDecryption(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Trustee ``index``'s share ``M = s_index·alpha`` and DLEQ proof for each ciphertext."""

    index: int
    shares: list[bytes]
    proofs: list[DleqProof]


class ThresholdError(CryptoError):
    """Fewer than ``t`` distinct trustees' verified partial decryptions: nothing to combine."""


def decryption_label(index: int, position: int, count: int, label: bytes) -> bytes:
    """``"decryption-share" || u32be(i) || u32be(k) || u32be(m) || label``."""
    if not isinstance(label, bytes) or len(label) > MAX_DECRYPTION_LABEL:
        raise CryptoError(f"a decryption label is at most {MAX_DECRYPTION_LABEL} bytes")
    return (
        LABEL_DECRYPTION
        + index.to_bytes(4, "big")
        + position.to_bytes(4, "big")
        + count.to_bytes(4, "big")
        + label
    )


def tally_ciphertexts(ballots: Sequence[Sequence[Ciphertext]]) -> list[Ciphertext]:
    """The per-project homomorphic sums of ballots that each hold one ciphertext per project.

    The caller has verified every ballot's proofs; each point is decoded and checked here
    again. An empty election gives no columns (``[]``); ragged ballots are refused.
    """
    if not ballots:
        return []
    width = len(ballots[0])
    encodings: list[bytes] = []
    for b, ballot in enumerate(ballots):
        if len(ballot) != width:
            raise CryptoError(f"ballot {b} has {len(ballot)} ciphertexts, expected {width}")
        for ct in ballot:
            encodings += (ct.alpha, ct.beta)
    if width == 0:
        return []
    sums = sum_columns(encodings, 2 * width, check=True, allow_identity=True)
    return [Ciphertext.from_points(a, b) for a, b in zip(sums[0::2], sums[1::2], strict=True)]


def partial_decrypt(
    key_share: KeyShare,
    ciphertexts: Sequence[Ciphertext],
    *,
    context: bytes,
    label: bytes,
    rng: Rng | None = None,
) -> PartialDecryption:
    """Trustee ``key_share.index``'s decryption shares of ``ciphertexts`` (aggregates), proved.

    ``context`` is the election's base hash; ``label`` names what is decrypted (e.g. the tally).
    Randomness: one DLEQ nonce per ciphertext, in order.
    """
    check_parameters(key_share.trustees, key_share.threshold)
    if not 1 <= key_share.index <= key_share.trustees:
        raise EncodingError(f"a key share's index is in [1, {key_share.trustees}]")
    s = decode_scalar(key_share.secret)
    if s == 0:
        raise EncodingError("a key share is not zero")
    m = len(ciphertexts)
    shares, proofs = [], []
    for k, ct in enumerate(ciphertexts):
        share, proof = prove_decryption(
            s,
            ct,
            context=context,
            label=decryption_label(key_share.index, k, m, label),
            rng=rng,
        )
        shares.append(share.encode())
        proofs.append(proof)
    return PartialDecryption(index=key_share.index, shares=shares, proofs=proofs)


def verify_partial_decryption(
    ceremony: Ceremony,
    partial: PartialDecryption,
    ciphertexts: Sequence[Ciphertext],
    *,
    context: bytes,
    label: bytes,
) -> list[Point]:
    """Check every share of ``partial`` against the trustee's public share; the share points.

    Raises :class:`TrusteeError` naming the trustee (and the ciphertext position) for a wrong
    count, an invalid point or a failed proof.
    """
    i = partial.index
    if not isinstance(i, int) or not 1 <= i <= ceremony.trustees:
        raise TrusteeError(f"index outside [1, {ceremony.trustees}]", i)
    m = len(ciphertexts)
    if len(partial.shares) != m or len(partial.proofs) != m:
        raise TrusteeError(f"expected {m} shares and {m} proofs", i)
    public = ceremony.public_share(i)
    points = []
    for k, (ct, b, proof) in enumerate(
        zip(ciphertexts, partial.shares, partial.proofs, strict=True)
    ):
        try:
            share = Point.decode(b, allow_identity=True)
            verify_decryption(
                public,
                ct,
                share,
                proof,
                context=context,
                label=decryption_label(i, k, m, label),
            )
        except ProofError as e:
            raise TrusteeError(f"ciphertext {k}: {e}", i) from None
        except EncodingError as e:
            raise TrusteeError(f"ciphertext {k}: share: {e}", i) from None
        points.append(share)
    return points


def lagrange_coefficient(index: int, indices: Sequence[int]) -> int:
    """``λ_i = Π_{j ∈ S, j != i} j / (j - i) mod L``: the weight of ``P(i)`` in ``P(0)``."""
    if index not in indices or len(set(indices)) != len(indices):
        raise CryptoError("the indices are distinct and include the index")
    num, den = 1, 1
    for j in indices:
        if j != index:
            num = num * j % L
            den = den * (j - index) % L
    return num * pow(den, -1, L) % L


def combine(
    ceremony: Ceremony,
    partials: Sequence[PartialDecryption],
    ciphertexts: Sequence[Ciphertext],
    *,
    bound: int,
    context: bytes,
    label: bytes,
    total: int | None = None,
    deadline: float | None = None,
) -> list[int]:
    """The plaintexts ``0 <= m <= bound`` of ``ciphertexts`` from at least ``t`` trustees' shares.

    Every partial is verified first (:class:`TrusteeError` names a bad one); two partials of
    one trustee are refused; fewer than ``t`` raise :class:`ThresholdError`. The Lagrange
    coefficients are over the participating indices, so any ``t`` or more trustees give the
    same plaintexts. :class:`~oylama.crypto.DecryptionError` if a plaintext exceeds ``bound``
    or (when ``total`` is given) they add up to more than ``total``: a tally's sums are
    searched together, so the work follows the total, not the number of ciphertexts.
    ``deadline`` (``time.monotonic()``) bounds the search (``TimeLimitError``).
    """
    seen: set[int] = set()
    verified: list[tuple[int, list[Point]]] = []
    for p in partials:
        if p.index in seen:
            raise TrusteeError("two partial decryptions", p.index)
        seen.add(p.index)
        points = verify_partial_decryption(ceremony, p, ciphertexts, context=context, label=label)
        verified.append((p.index, points))
    if len(verified) < ceremony.threshold:
        raise ThresholdError(
            f"{len(verified)} trustees decrypted; {ceremony.threshold} of "
            f"{ceremony.trustees} are needed"
        )
    indices = [i for i, _ in verified]
    weights = [lagrange_coefficient(i, indices) for i in indices]
    plain = []
    for k, ct in enumerate(ciphertexts):
        _, beta = ct.points(aggregate=True)
        mask = IDENTITY
        for w, (_, points) in zip(weights, verified, strict=True):
            mask = mask + points[k] * w
        plain.append(beta - mask)
    return discrete_logs(plain, bound, total, deadline=deadline)
