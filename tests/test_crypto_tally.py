"""Tally decryption by trustees (docs/spec/trustees.md §6–§7).

Any ``t`` of ``n`` trustees decrypt the same tally and fewer cannot; a wrong, forged, moved or
duplicated partial decryption is rejected and its trustee named; a homomorphic tally of random
ballots decrypts to the plaintext sums (hypothesis).
"""

from __future__ import annotations

import hashlib
import itertools
import random
from functools import cache

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oylama.crypto import (
    ZERO_CIPHERTEXT,
    Ceremony,
    Ciphertext,
    CryptoError,
    DecryptionError,
    KeyShare,
    PartialDecryption,
    ThresholdError,
    TrusteeError,
    add_ciphertexts,
    combine,
    encrypt,
    encrypt_random,
    encrypt_shares,
    finish_ceremony,
    lagrange_coefficient,
    new_trustee,
    partial_decrypt,
    scale_ciphertext,
    tally_ciphertexts,
    verify_ceremony,
    verify_partial_decryption,
)
from oylama.crypto.hazmat import (
    IDENTITY_BYTES,
    DeterministicRng,
    L,
    Point,
    base_mul,
    decode_scalar,
    encode_scalar,
)

CEREMONY = hashlib.sha256(b"oylama test tally ceremony").digest()
ELECTION = hashlib.sha256(b"oylama test tally election").digest()
OTHER = hashlib.sha256(b"oylama test another election").digest()
LABEL = b"tally"

_SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _setup(n: int, t: int) -> tuple[Ceremony, tuple[KeyShare, ...]]:
    rng = DeterministicRng(f"tally {n} {t}".encode())
    pairs = [new_trustee(i, n, t, context=CEREMONY, rng=rng) for i in range(1, n + 1)]
    publics = [p for _, p in pairs]
    ceremony = verify_ceremony(publics, context=CEREMONY)
    boxes = [b for s, _ in pairs for b in encrypt_shares(s, publics, context=CEREMONY, rng=rng)]
    keys = tuple(
        finish_ceremony(
            s, ceremony, publics, [b for b in boxes if b.recipient == s.index], context=CEREMONY
        )
        for s, _ in pairs
    )
    return ceremony, keys


@cache
def _partials(n: int, t: int, cts: tuple[Ciphertext, ...]) -> tuple[PartialDecryption, ...]:
    _, keys = _setup(n, t)
    rng = DeterministicRng(b"partials")
    return tuple(partial_decrypt(k, cts, context=ELECTION, label=LABEL, rng=rng) for k in keys)


def _tally(n: int, t: int, values: list[int], seed: bytes = b"t") -> tuple[Ciphertext, ...]:
    ceremony, _ = _setup(n, t)
    rng = DeterministicRng(seed)
    return tuple(encrypt_random(ceremony.joint_key, m, rng)[0] for m in values)


def _combine(
    n: int, t: int, partials: list[PartialDecryption], cts: tuple[Ciphertext, ...], bound: int = 100
) -> list[int]:
    ceremony, _ = _setup(n, t)
    return combine(ceremony, partials, cts, bound=bound, context=ELECTION, label=LABEL)


@pytest.mark.parametrize(("n", "t"), [(3, 2), (5, 3)])
def test_every_subset_of_t_or_more_decrypts_the_same(n: int, t: int) -> None:
    values = [0, 1, 7, 42]
    cts = _tally(n, t, values)
    partials = _partials(n, t, cts)
    for size in range(t, n + 1):
        for subset in itertools.combinations(partials, size):
            assert _combine(n, t, list(subset), cts) == values
    for size in range(t):
        for subset in itertools.combinations(partials, size):
            with pytest.raises(ThresholdError, match=f"{size} trustees decrypted; {t} of {n}"):
                _combine(n, t, list(subset), cts)


def test_fewer_than_t_give_a_wrong_mask() -> None:
    # Below the threshold the Lagrange combination of the shares is not s·alpha: applying it
    # yields a point that is not the plaintext (what combine refuses to attempt).
    _, keys = _setup(5, 3)
    cts = _tally(5, 3, [5])
    alpha, beta = cts[0].points()
    shares = {k.index: decode_scalar(k.secret) for k in keys}
    for subset in itertools.combinations(shares, 2):
        mask = sum(lagrange_coefficient(i, subset) * shares[i] for i in subset) % L
        assert beta - alpha * mask != base_mul(5)
    for triple in itertools.combinations(shares, 3):
        mask = sum(lagrange_coefficient(i, triple) * shares[i] for i in triple) % L
        assert beta - alpha * mask == base_mul(5)


def test_partial_from_the_wrong_trustee_is_named() -> None:
    cts = _tally(3, 2, [3, 4])
    p1, _, p3 = _partials(3, 2, cts)
    impostor = msgspec.structs.replace(p1, index=2)
    with pytest.raises(TrusteeError, match="trustee 2: ciphertext 0") as info:
        _combine(3, 2, [impostor, p3], cts)
    assert info.value.trustee == 2
    with pytest.raises(TrusteeError, match="trustee 4: index outside"):
        _combine(3, 2, [msgspec.structs.replace(p1, index=4), p3], cts)
    with pytest.raises(TrusteeError, match="trustee 1: two partial decryptions"):
        _combine(3, 2, [p1, p1, p3], cts)


def test_partial_for_other_ciphertexts_or_election_is_rejected() -> None:
    cts = _tally(3, 2, [3, 4])
    other = _tally(3, 2, [3, 4], seed=b"other")
    p1, _, p3 = _partials(3, 2, cts)
    ceremony, keys = _setup(3, 2)
    # Partials of other ciphertexts (same plaintexts) presented for these.
    q1 = _partials(3, 2, other)[0]
    with pytest.raises(TrusteeError, match="trustee 1: ciphertext 0: dleq"):
        _combine(3, 2, [q1, p3], cts)
    # The same ciphertexts in another order: each proof is bound to its position.
    swapped = (cts[1], cts[0])
    with pytest.raises(TrusteeError, match="trustee 1: ciphertext 0: dleq"):
        verify_partial_decryption(ceremony, p1, swapped, context=ELECTION, label=LABEL)
    # Another election, another label, a prefix of the list.
    for context, label in [(OTHER, LABEL), (ELECTION, b"tally2")]:
        with pytest.raises(TrusteeError, match="trustee 1: ciphertext 0: dleq"):
            verify_partial_decryption(ceremony, p1, cts, context=context, label=label)
    with pytest.raises(TrusteeError, match="expected 1 shares"):
        verify_partial_decryption(ceremony, p1, cts[:1], context=ELECTION, label=LABEL)
    # A trustee's honest partial for one ciphertext does not verify as part of a longer list.
    single = partial_decrypt(keys[0], cts[:1], context=ELECTION, label=LABEL)
    verify_partial_decryption(ceremony, single, cts[:1], context=ELECTION, label=LABEL)
    glued = msgspec.structs.replace(
        p1, shares=[single.shares[0], p1.shares[1]], proofs=[single.proofs[0], p1.proofs[1]]
    )
    with pytest.raises(TrusteeError, match="trustee 1: ciphertext 0"):
        verify_partial_decryption(ceremony, glued, cts, context=ELECTION, label=LABEL)


def test_forged_shares_and_proofs_are_rejected() -> None:
    cts = _tally(3, 2, [3, 4])
    p1, p2, _ = _partials(3, 2, cts)
    ceremony, _ = _setup(3, 2)
    # A share moved by G (would shift the plaintext by a Lagrange multiple) with the old proof.
    moved = (Point.decode(p2.shares[1], allow_identity=True) + base_mul(1)).encode()
    forged = msgspec.structs.replace(p2, shares=[p2.shares[0], moved])
    with pytest.raises(TrusteeError, match="trustee 2: ciphertext 1: dleq"):
        _combine(3, 2, [p1, forged], cts)
    # Proofs swapped between positions.
    swapped = msgspec.structs.replace(p2, proofs=[p2.proofs[1], p2.proofs[0]])
    with pytest.raises(TrusteeError, match="trustee 2: ciphertext 0"):
        _combine(3, 2, [p1, swapped], cts)
    # Invalid encodings in the share and in the proof.
    not_element = (2**255 - 19).to_bytes(32, "little")  # s = p: non-canonical
    for bad, what in [
        (not_element, "share: not the encoding of a ristretto255"),
        (b"\x01" * 31, "share: a point"),
    ]:
        broken = msgspec.structs.replace(p2, shares=[bad, p2.shares[1]])
        with pytest.raises(TrusteeError, match=f"trustee 2: ciphertext 0: {what}"):
            verify_partial_decryption(ceremony, broken, cts, context=ELECTION, label=LABEL)
    proof = msgspec.structs.replace(p2.proofs[0], response=b"\xff" * 32)
    broken = msgspec.structs.replace(p2, proofs=[proof, p2.proofs[1]])
    with pytest.raises(TrusteeError, match="trustee 2: ciphertext 0: dleq response"):
        verify_partial_decryption(ceremony, broken, cts, context=ELECTION, label=LABEL)


def test_identity_alpha_and_zero_tally() -> None:
    # An aggregate whose alpha cancelled (and the empty tally) decrypts to its plaintext.
    ceremony, _ = _setup(3, 2)
    ct = encrypt(ceremony.joint_key, 2, 99)
    a, b = ct.points()
    cancelled = Ciphertext.from_points(a - a, b - a * 0)
    assert cancelled.alpha == IDENTITY_BYTES
    cts = (ZERO_CIPHERTEXT, cancelled)
    partials = _partials(3, 2, cts)
    assert all(s == IDENTITY_BYTES for p in partials for s in p.shares)
    # beta of `cancelled` is 2·G + 99·K: with alpha = O it does not decrypt below the bound.
    with pytest.raises(DecryptionError):
        _combine(3, 2, list(partials[:2]), cts, bound=1000)
    public = (Ciphertext.from_points(a - a, base_mul(7)),)
    assert _combine(3, 2, list(_partials(3, 2, public)[::2]), public) == [7]
    zero = (ZERO_CIPHERTEXT,)
    assert _combine(3, 2, list(_partials(3, 2, zero)[1:]), zero) == [0]


def test_out_of_bound_plaintext() -> None:
    cts = _tally(3, 2, [101])
    partials = list(_partials(3, 2, cts))
    with pytest.raises(DecryptionError, match=r"\[0, 100\]"):
        _combine(3, 2, partials, cts, bound=100)
    assert _combine(3, 2, partials, cts, bound=101) == [101]


def test_label_too_long() -> None:
    _, keys = _setup(3, 2)
    with pytest.raises(CryptoError, match="decryption label"):
        partial_decrypt(keys[0], [ZERO_CIPHERTEXT], context=ELECTION, label=b"x" * 1000)


def test_tally_ciphertexts_shape() -> None:
    assert tally_ciphertexts([]) == []
    cts = _tally(3, 2, [1, 2, 3])
    with pytest.raises(CryptoError, match="ballot 1 has 2 ciphertexts, expected 3"):
        tally_ciphertexts([list(cts), list(cts[:2])])


# -- properties ------------------------------------------------------------------------------


@_SETTINGS
@given(
    st.lists(st.integers(0, 50), min_size=1, max_size=4),
    st.lists(st.integers(0, 50), min_size=1, max_size=4),
    st.integers(0, 5),
    st.randoms(use_true_random=False),
)
def test_homomorphism(xs: list[int], ys: list[int], k: int, rnd: random.Random) -> None:
    width = min(len(xs), len(ys))
    xs, ys = xs[:width], ys[:width]
    a = _tally(3, 2, xs, seed=bytes(str(xs), "ascii"))
    b = _tally(3, 2, ys, seed=bytes(str(ys), "ascii") + b"y")
    combined = tuple(scale_ciphertext(add_ciphertexts(p, q), k) for p, q in zip(a, b, strict=True))
    _, keys = _setup(3, 2)
    chosen = rnd.sample(keys, 2)
    rng = DeterministicRng(b"h")
    partials = [
        partial_decrypt(x, combined, context=ELECTION, label=LABEL, rng=rng) for x in chosen
    ]
    got = _combine(3, 2, partials, combined, bound=500)
    assert got == [k * (x + y) for x, y in zip(xs, ys, strict=True)]


@_SETTINGS
@given(
    st.integers(1, 4),
    st.lists(st.lists(st.integers(0, 3), min_size=4, max_size=4), min_size=0, max_size=6),
    st.randoms(use_true_random=False),
)
def test_random_ballots_tally_to_the_plaintext_sums(
    projects: int, rows: list[list[int]], rnd: random.Random
) -> None:
    ceremony, keys = _setup(5, 3)
    votes = [row[:projects] for row in rows]
    rng = DeterministicRng(repr(votes).encode())
    ballots = [[encrypt_random(ceremony.joint_key, m, rng)[0] for m in row] for row in votes]
    tally = tally_ciphertexts(ballots) if ballots else [ZERO_CIPHERTEXT] * projects
    size = rnd.randint(3, 5)
    chosen = sorted(rnd.sample(keys, size), key=lambda k: rnd.random())
    partials = [partial_decrypt(k, tally, context=ELECTION, label=LABEL, rng=rng) for k in chosen]
    bound = 3 * len(votes)
    got = combine(ceremony, partials, tally, bound=bound, context=ELECTION, label=LABEL)
    assert got == [sum(row[j] for row in votes) for j in range(projects)]
    # One fewer trustee than the threshold is refused.
    with pytest.raises(ThresholdError):
        combine(ceremony, partials[:2], tally, bound=bound, context=ELECTION, label=LABEL)


@settings(max_examples=50, deadline=None)
@given(
    st.sets(st.integers(1, 255), min_size=1, max_size=8),
    st.lists(st.integers(0, L - 1), min_size=8, max_size=8),
)
def test_lagrange_interpolates_at_zero(indices: set[int], coefficients: list[int]) -> None:
    s = sorted(indices)
    poly = coefficients[: len(s)]  # degree < |S|

    def value(x: int) -> int:
        acc = 0
        for a in reversed(poly):
            acc = (acc * x + a) % L
        return acc

    assert sum(lagrange_coefficient(i, s) * value(i) for i in s) % L == poly[0]
    assert encode_scalar(lagrange_coefficient(s[0], s))  # a canonical scalar


def test_lagrange_refuses_bad_sets() -> None:
    with pytest.raises(CryptoError):
        lagrange_coefficient(1, [2, 3])
    with pytest.raises(CryptoError):
        lagrange_coefficient(1, [1, 2, 2])
