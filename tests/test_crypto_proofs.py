"""Completeness and soundness of every proof: tampering, wrong statements, forgeries, replay.

Forgeries are built by hand from the prover's own internal steps applied to a false statement
(the public provers refuse to do it); each forging helper is first shown to produce a *valid*
proof for a true statement, so that its rejection on a false one means something. Version 2
proofs carry their commitments (docs/spec/crypto.md §3.3): every commitment is tampered with
too, encodings of no element among them are named, and the identity as a commitment -- which
the specification allows -- is accepted when the equations hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.crypto import (
    ZERO_CIPHERTEXT,
    Ciphertext,
    CryptoError,
    DisjunctiveProof,
    DleqProof,
    EncodingError,
    ProofError,
    RangeBit,
    RangeProof,
    SchnorrProof,
    TableProof,
    encrypt,
    from_json,
    generate_keypair,
    prove_bit,
    prove_decryption,
    prove_dleq,
    prove_one_of,
    prove_range,
    prove_schnorr,
    prove_table,
    range_weights,
    scale_ciphertext,
    sum_ciphertexts,
    to_json,
    verify_bit,
    verify_decryption,
    verify_dleq,
    verify_one_of,
    verify_range,
    verify_schnorr,
    verify_table,
)
from oylama.crypto import _proofs as internals
from oylama.crypto.hazmat import (
    GENERATOR,
    IDENTITY,
    IDENTITY_BYTES,
    DeterministicRng,
    L,
    Point,
    base_mul,
    challenge,
    encode_scalar,
    random_scalar,
)

SECRET, KEY = generate_keypair(DeterministicRng(b"proof tests"))
OTHER_SECRET, OTHER_KEY = generate_keypair(DeterministicRng(b"another election"))
CTX = bytes(range(32))
OTHER_CTX = bytes(range(1, 33))
LABEL = b"ballot 17/project 4"
P = 2**255 - 19
#: Encodings of no element: non-canonical (s = p, bit 255 set), negative (odd s), and an even
#: s below p that decodes to nothing.
NOT_ELEMENTS = [
    P.to_bytes(32, "little"),
    base_mul(5).encode()[:31] + bytes([base_mul(5).encode()[31] | 0x80]),
    (P - int.from_bytes(base_mul(5).encode(), "little")).to_bytes(32, "little"),
    (2).to_bytes(32, "little"),
    b"\x01" + bytes(31),
]


def rng(seed: str = "t") -> DeterministicRng:
    return DeterministicRng(seed.encode())


def flip(data: bytes, i: int, bit: int = 0) -> bytes:
    return data[:i] + bytes([data[i] ^ (1 << bit)]) + data[i + 1 :]


def fresh(m: int, seed: str = "ct") -> tuple[Ciphertext, int]:
    r = random_scalar(rng(seed))
    return encrypt(KEY, m, r), r


def test_the_encodings_of_no_element_are_that() -> None:
    for bad in NOT_ELEMENTS:
        with pytest.raises(EncodingError):
            Point.decode(bad, allow_identity=True)


def replace(proof: Any, **fields: Any) -> Any:
    return type(proof)(**{**{f: getattr(proof, f) for f in proof.__struct_fields__}, **fields})


def rejects(check: Callable[[], object], error: type[Exception] = ProofError) -> None:
    # Calls `check` at once, so lambdas passed in loops (noqa: B023) see the current values.
    with pytest.raises(error):
        check()


# -- Schnorr ------------------------------------------------------------------------------


def schnorr() -> SchnorrProof:
    return prove_schnorr(SECRET, context=CTX, label=LABEL, rng=rng())


def test_schnorr_complete_and_deterministic() -> None:
    proof = schnorr()
    verify_schnorr(KEY, proof, context=CTX, label=LABEL)
    assert proof == schnorr()
    assert from_json(to_json(proof), SchnorrProof) == proof


def test_schnorr_every_byte_matters() -> None:
    proof = schnorr()
    for field in ("commitment", "response"):
        for i in range(32):
            bad = replace(proof, **{field: flip(getattr(proof, field), i, i % 8)})
            rejects(lambda: verify_schnorr(KEY, bad, context=CTX, label=LABEL))  # noqa: B023


def test_schnorr_commitment_of_no_element_is_named() -> None:
    proof = schnorr()
    for bad in NOT_ELEMENTS:
        with pytest.raises(ProofError, match="commitment A: not the encoding"):
            verify_schnorr(KEY, replace(proof, commitment=bad), context=CTX, label=LABEL)
    with pytest.raises(ProofError, match="32 bytes"):
        verify_schnorr(KEY, replace(proof, commitment=bytes(31)), context=CTX, label=LABEL)


def test_schnorr_identity_commitment_is_allowed_when_the_equation_holds() -> None:
    """A = O (nonce 0) with z = c·s satisfies z·G - c·X - A = O: the specification allows the
    identity among commitments, so this proof verifies (it reveals s, its prover's loss)."""
    c = challenge(internals.TAG_SCHNORR, CTX, LABEL, [GENERATOR, KEY, IDENTITY])
    proof = SchnorrProof(IDENTITY_BYTES, encode_scalar(c * SECRET % L))
    verify_schnorr(KEY, proof, context=CTX, label=LABEL)
    rejects(
        lambda: verify_schnorr(
            KEY, replace(proof, response=encode_scalar(c)), context=CTX, label=LABEL
        )
    )


def test_schnorr_wrong_statement_and_replay() -> None:
    proof = schnorr()
    rejects(lambda: verify_schnorr(OTHER_KEY, proof, context=CTX, label=LABEL))
    rejects(lambda: verify_schnorr(KEY, proof, context=OTHER_CTX, label=LABEL))
    rejects(lambda: verify_schnorr(KEY, proof, context=CTX, label=LABEL + b"x"))
    rejects(lambda: verify_schnorr(IDENTITY, proof, context=CTX, label=LABEL))
    rejects(
        lambda: verify_schnorr(
            KEY, replace(proof, commitment=KEY.encode()), context=CTX, label=LABEL
        )
    )


def test_schnorr_non_canonical_scalar() -> None:
    proof = schnorr()
    z = int.from_bytes(proof.response, "little") + L
    if z < 2**256:
        bad = SchnorrProof(proof.commitment, z.to_bytes(32, "little"))
        with pytest.raises(ProofError, match="non-canonical"):
            verify_schnorr(KEY, bad, context=CTX, label=LABEL)


def test_schnorr_prover_refuses_and_forgery_fails() -> None:
    for bad in (0, L):
        rejects(lambda: prove_schnorr(bad, context=CTX, label=LABEL), CryptoError)  # noqa: B023
    # A proof for another secret does not prove KEY.
    other = prove_schnorr(OTHER_SECRET, context=CTX, label=LABEL, rng=rng())
    rejects(lambda: verify_schnorr(KEY, other, context=CTX, label=LABEL))
    # The textbook forgery without the secret: pick z, c and A = z·G - c·X; the challenge the
    # verifier computes from A is not c, so the equation fails.
    c, z = random_scalar(rng("c")), random_scalar(rng("z"))
    forged = SchnorrProof((base_mul(z) - KEY * c).encode(), encode_scalar(z))
    rejects(lambda: verify_schnorr(KEY, forged, context=CTX, label=LABEL))
    # The forgery works for the challenge it was made for: the test above means something.
    c = challenge(internals.TAG_SCHNORR, CTX, LABEL, [GENERATOR, KEY, base_mul(z) - KEY * c])
    assert c != random_scalar(rng("c"))


@pytest.mark.parametrize("context", [b"", bytes(31), bytes(33)])
def test_context_must_be_32_bytes(context: bytes) -> None:
    rejects(lambda: prove_schnorr(SECRET, context=context, label=LABEL), CryptoError)
    rejects(lambda: verify_schnorr(KEY, schnorr(), context=context, label=LABEL), CryptoError)


def test_label_length_limit() -> None:
    prove_schnorr(SECRET, context=CTX, label=b"x" * 1024, rng=rng())
    rejects(lambda: prove_schnorr(SECRET, context=CTX, label=b"x" * 1025), CryptoError)


# -- Chaum–Pedersen / decryption ----------------------------------------------------------


def test_decryption_share_complete() -> None:
    ct, _ = fresh(5)
    share, proof = prove_decryption(SECRET, ct, context=CTX, label=LABEL, rng=rng())
    assert share == Point.decode(ct.alpha) * SECRET
    verify_decryption(KEY, ct, share, proof, context=CTX, label=LABEL)
    assert from_json(to_json(proof), DleqProof) == proof


def test_decryption_share_of_an_aggregate_with_identity() -> None:
    share, proof = prove_decryption(SECRET, ZERO_CIPHERTEXT, context=CTX, label=LABEL, rng=rng())
    assert share == IDENTITY
    verify_decryption(KEY, ZERO_CIPHERTEXT, share, proof, context=CTX, label=LABEL)
    rejects(
        lambda: verify_decryption(KEY, ZERO_CIPHERTEXT, GENERATOR, proof, context=CTX, label=LABEL)
    )


def test_decryption_share_soundness() -> None:
    ct, _ = fresh(5)
    share, proof = prove_decryption(SECRET, ct, context=CTX, label=LABEL, rng=rng())
    verify = verify_decryption
    rejects(lambda: verify(KEY, ct, share + GENERATOR, proof, context=CTX, label=LABEL))
    rejects(lambda: verify(OTHER_KEY, ct, share, proof, context=CTX, label=LABEL))
    other_ct, _ = fresh(5, "other")
    rejects(lambda: verify(KEY, other_ct, share, proof, context=CTX, label=LABEL))
    rejects(lambda: verify(KEY, ct, share, proof, context=OTHER_CTX, label=LABEL))
    rejects(lambda: verify(KEY, ct, share, proof, context=CTX, label=b"trustee 2"))
    swapped = replace(proof, commitment1=proof.commitment2, commitment2=proof.commitment1)
    rejects(lambda: verify(KEY, ct, share, swapped, context=CTX, label=LABEL))
    for i in range(32):
        for bad in (
            replace(proof, commitment1=flip(proof.commitment1, i)),
            replace(proof, commitment2=flip(proof.commitment2, i, 3)),
            replace(proof, response=flip(proof.response, i, 7)),
        ):
            rejects(lambda: verify(KEY, ct, share, bad, context=CTX, label=LABEL))  # noqa: B023
    for bad_point in NOT_ELEMENTS:
        for field, name in (("commitment1", "A1"), ("commitment2", "A2")):
            with pytest.raises(ProofError, match=f"commitment {name}: not the encoding"):
                verify(
                    KEY, ct, share, replace(proof, **{field: bad_point}), context=CTX, label=LABEL
                )


def test_dleq_prover_refuses_a_false_statement() -> None:
    g2 = base_mul(77)
    rejects(
        lambda: prove_dleq(SECRET, GENERATOR, KEY, g2, g2 * (SECRET + 1), context=CTX, label=LABEL),
        CryptoError,
    )
    rejects(
        lambda: prove_dleq(0, IDENTITY, IDENTITY, g2, IDENTITY, context=CTX, label=LABEL),
        CryptoError,
    )
    proof = prove_dleq(SECRET, GENERATOR, KEY, g2, g2 * SECRET, context=CTX, label=LABEL)
    verify_dleq(GENERATOR, KEY, g2, g2 * SECRET, proof, context=CTX, label=LABEL)
    rejects(lambda: verify_dleq(IDENTITY, KEY, g2, g2 * SECRET, proof, context=CTX, label=LABEL))


# -- one-of (0/1 and small ranges) --------------------------------------------------------


def simulate_branch(key: Point, alpha: Point, beta: Point, v: int, c: int, z: int) -> list[Point]:  # noqa: PLR0917
    """The textbook simulation of a branch, from the verifier's equations alone: valid for any
    ciphertext whatever it encrypts (what a cheating prover can always do)."""
    shifted = beta - base_mul(v)
    return [base_mul(z) - alpha * c, key * z - shifted * c]


def commit_branches(  # type: ignore[no-untyped-def]
    key: Point, alpha: Point, beta: Point, values: Sequence[int], *, t: int, rng: Any
):
    """The textbook prover's commitments (real branch ``t``, every other simulated), which need
    no knowledge of the ciphertext's randomness; same draws as the engine's prover."""
    w = random_scalar(rng)
    cs: list[int] = []
    zs: list[int] = []
    commits: list[Point] = []
    for j, v in enumerate(values):
        if j == t:
            cs.append(0)
            zs.append(0)
            commits += (base_mul(w), key * w)
        else:
            c_j, z_j = random_scalar(rng), random_scalar(rng)
            cs.append(c_j)
            zs.append(z_j)
            commits += simulate_branch(key, alpha, beta, v, c_j, z_j)
    return w, cs, zs, commits


def forge_one_of(ct: Ciphertext, values: list[int], t: int, r: int, label: bytes = LABEL):  # type: ignore[no-untyped-def]
    """The prover's steps, treating branch ``t`` as real with randomness ``r``, unchecked."""
    alpha, beta = Point.decode(ct.alpha), Point.decode(ct.beta)
    w, cs, zs, commits = commit_branches(KEY, alpha, beta, values, t=t, rng=rng("forge"))
    fields = [*internals._one_of_statement(KEY, alpha, beta, values), *commits]
    c = challenge(internals.TAG_ONE_OF, CTX, label, fields)
    internals._finish_branches(c, w, r, t=t, cs=cs, zs=zs)
    return DisjunctiveProof(
        [p.encode() for p in commits],
        [encode_scalar(x) for x in cs[:-1]],
        [encode_scalar(x) for x in zs],
    )


@pytest.mark.parametrize("m", [0, 1])
def test_bit_complete(m: int) -> None:
    ct, r = fresh(m)
    proof = prove_bit(KEY, ct, m, r, context=CTX, label=LABEL, rng=rng())
    verify_bit(KEY, ct, proof, context=CTX, label=LABEL)
    assert from_json(to_json(proof), DisjunctiveProof) == proof
    assert len(to_json(proof)) == 375  # docs/spec/crypto.md §10: 224 raw bytes, 375 in JSON


@settings(max_examples=15, deadline=None)
@given(data=st.data(), values=st.lists(st.integers(0, 2**62), min_size=1, max_size=6, unique=True))
def test_one_of_complete(data: st.DataObject, values: list[int]) -> None:
    values.sort()
    m = data.draw(st.sampled_from(values))
    ct, r = fresh(m, str(values))
    proof = prove_one_of(KEY, ct, values, m, r, context=CTX, label=LABEL, rng=rng())
    verify_one_of(KEY, ct, values, proof, context=CTX, label=LABEL)


def test_one_of_prover_refuses_false_statements() -> None:
    ct, r = fresh(2)
    rejects(lambda: prove_bit(KEY, ct, 2, r, context=CTX, label=LABEL), CryptoError)
    rejects(lambda: prove_bit(KEY, ct, 1, r, context=CTX, label=LABEL), CryptoError)
    rejects(lambda: prove_bit(KEY, ct, 0, r + 1, context=CTX, label=LABEL), CryptoError)
    for values in ([], [1, 0], [0, 0], [-1, 0], [0, 2**62 + 1], list(range(65))):
        rejects(
            lambda: prove_one_of(KEY, ct, values, 2, r, context=CTX, label=LABEL),  # noqa: B023
            CryptoError,
        )


@pytest.mark.parametrize(("values", "m"), [((0, 1), 0), ((0, 1), 1), ((0, 2, 5, 9), 5)])
def test_prover_commitments_are_the_textbook_simulation(values: tuple[int, ...], m: int) -> None:
    """The prover computes simulated branches from the randomness it knows (``s = z - c·r``,
    fixed-base only); its commitments must be exactly the textbook ones from the same draws."""
    ct, r = fresh(m, f"textbook {values}")
    alpha, beta = ct.points()
    t = values.index(m)
    fast = internals._commit_branches(KEY, values, t=t, r=r, rng=rng("same draws"))
    slow = commit_branches(KEY, alpha, beta, values, t=t, rng=rng("same draws"))
    assert fast == slow


def test_forged_bit_for_a_two_is_rejected() -> None:
    ct1, r1 = fresh(1)
    verify_bit(KEY, ct1, forge_one_of(ct1, [0, 1], 1, r1), context=CTX, label=LABEL)  # helper ok
    ct2, r2 = fresh(2)
    for t in (0, 1):
        forged = forge_one_of(ct2, [0, 1], t, r2)
        rejects(lambda: verify_bit(KEY, ct2, forged, context=CTX, label=LABEL))  # noqa: B023
    # Simulating every branch (no real one) cannot meet the hash either: the last branch's
    # challenge is the hash minus the others, not the one it was simulated with.
    a, b = Point.decode(ct2.alpha), Point.decode(ct2.beta)
    cs = [random_scalar(rng("c0")), random_scalar(rng("c1"))]
    zs = [random_scalar(rng("z0")), random_scalar(rng("z1"))]
    commits = [
        q
        for v, c, z in zip((0, 1), cs, zs, strict=True)
        for q in simulate_branch(KEY, a, b, v, c, z)
    ]
    sim = DisjunctiveProof(
        [q.encode() for q in commits], [encode_scalar(cs[0])], [encode_scalar(x) for x in zs]
    )
    with pytest.raises(ProofError, match="branch 1"):
        verify_bit(KEY, ct2, sim, context=CTX, label=LABEL)


def _bit_variants(proof: DisjunctiveProof) -> Iterator[DisjunctiveProof]:
    for i in range(32):
        cs = [flip(proof.challenges[0], i, i % 8)]
        yield replace(proof, challenges=cs)
        for j in range(2):
            zs = list(proof.responses)
            zs[j] = flip(zs[j], i, (i + 3) % 8)
            yield replace(proof, responses=zs)
        for j in range(4):
            commits = list(proof.commitments)
            commits[j] = flip(commits[j], i, (i + j) % 8)
            yield replace(proof, commitments=commits)


def test_bit_every_proof_byte_matters() -> None:
    ct, r = fresh(1)
    proof = prove_bit(KEY, ct, 1, r, context=CTX, label=LABEL, rng=rng())
    for bad in _bit_variants(proof):
        rejects(lambda: verify_bit(KEY, ct, bad, context=CTX, label=LABEL))  # noqa: B023


def test_bit_every_ciphertext_byte_matters() -> None:
    ct, r = fresh(0)
    proof = prove_bit(KEY, ct, 0, r, context=CTX, label=LABEL, rng=rng())
    for i in range(32):
        for bad in (Ciphertext(flip(ct.alpha, i), ct.beta), Ciphertext(ct.alpha, flip(ct.beta, i))):
            rejects(lambda: verify_bit(KEY, bad, proof, context=CTX, label=LABEL), CryptoError)  # noqa: B023


def test_bit_swaps_and_replay() -> None:
    ct, r = fresh(1)
    proof = prove_bit(KEY, ct, 1, r, context=CTX, label=LABEL, rng=rng())
    a, c, z = proof.commitments, proof.challenges, proof.responses
    for bad in (
        DisjunctiveProof(a, c, z[::-1]),
        DisjunctiveProof(a[::-1], c, z),
        DisjunctiveProof(a[2:] + a[:2], c, z),
        DisjunctiveProof(a, z[:1], c + z[1:]),
        DisjunctiveProof(a, [], z),
        DisjunctiveProof(a, c + c, z),
        DisjunctiveProof(a[:2], c, z[:1]),
        DisjunctiveProof(a + a[:2], c + c, z + z[:1]),
    ):
        rejects(lambda: verify_bit(KEY, ct, bad, context=CTX, label=LABEL))  # noqa: B023
    other_ct, _ = fresh(1, "other")
    rejects(lambda: verify_bit(KEY, other_ct, proof, context=CTX, label=LABEL))
    rejects(lambda: verify_bit(OTHER_KEY, ct, proof, context=CTX, label=LABEL))
    rejects(lambda: verify_bit(KEY, ct, proof, context=OTHER_CTX, label=LABEL))
    rejects(lambda: verify_bit(KEY, ct, proof, context=CTX, label=b"ballot 17/project 5"))
    rejects(lambda: verify_bit(KEY, ct, proof, context=CTX, label=b"ballot 18/project 4"))
    rejects(lambda: verify_one_of(KEY, ct, [0, 2], proof, context=CTX, label=LABEL))
    rejects(lambda: verify_one_of(KEY, ct, [0, 1, 2], proof, context=CTX, label=LABEL))


def test_bit_non_canonical_scalar() -> None:
    ct, r = fresh(1)
    proof = prove_bit(KEY, ct, 1, r, context=CTX, label=LABEL, rng=rng())
    for j in range(2):
        for field in ("challenges", "responses"):
            items = list(getattr(proof, field))
            if j >= len(items):
                continue
            k = int.from_bytes(items[j], "little") + L
            if k >= 2**256:
                continue
            items[j] = k.to_bytes(32, "little")
            with pytest.raises(ProofError, match="non-canonical"):
                verify_bit(KEY, ct, replace(proof, **{field: items}), context=CTX, label=LABEL)


def test_bit_commitment_of_no_element_is_named() -> None:
    ct, r = fresh(1)
    proof = prove_bit(KEY, ct, 1, r, context=CTX, label=LABEL, rng=rng())
    for j, name in enumerate(("A_0", "B_0", "A_1", "B_1")):
        for bad in NOT_ELEMENTS:
            commits = list(proof.commitments)
            commits[j] = bad
            with pytest.raises(ProofError, match=f"commitment {name}: not the encoding"):
                verify_bit(KEY, ct, replace(proof, commitments=commits), context=CTX, label=LABEL)


SMALL = [IDENTITY_BYTES, *NOT_ELEMENTS]


@pytest.mark.parametrize("zero_challenge", [None, 0])
def test_bit_invalid_points_rejected_even_with_zero_challenges(zero_challenge: int | None) -> None:
    """A point whose coefficient in every equation is zero (c_0 = 0 leaves alpha out of branch
    0's first equation) must still be refused: every point is decoded, on both backends."""
    ct, r = fresh(1)
    proof = prove_bit(KEY, ct, 1, r, context=CTX, label=LABEL, rng=rng())
    cs = list(proof.challenges)
    if zero_challenge is not None:
        cs[zero_challenge] = bytes(32)
    tampered = replace(proof, challenges=cs)
    for bad_point in SMALL:
        for bad in (Ciphertext(bad_point, ct.beta), Ciphertext(ct.alpha, bad_point)):
            for pr in (proof, tampered):
                rejects(
                    lambda: verify_bit(KEY, bad, pr, context=CTX, label=LABEL),  # noqa: B023
                    CryptoError,
                )


def test_bit_invalid_point_error_is_an_encoding_error() -> None:
    ct, r = fresh(1)
    proof = prove_bit(KEY, ct, 1, r, context=CTX, label=LABEL, rng=rng())
    for bad in NOT_ELEMENTS:
        with pytest.raises(EncodingError, match="ristretto255"):
            verify_bit(KEY, Ciphertext(bad, ct.beta), proof, context=CTX, label=LABEL)
        with pytest.raises(EncodingError, match="ristretto255"):
            verify_bit(KEY, Ciphertext(ct.alpha, bad), proof, context=CTX, label=LABEL)


def test_bit_identity_key_rejected() -> None:
    ct, r = fresh(1)
    proof = prove_bit(KEY, ct, 1, r, context=CTX, label=LABEL, rng=rng())
    rejects(lambda: verify_bit(IDENTITY, ct, proof, context=CTX, label=LABEL), CryptoError)


# -- range ----------------------------------------------------------------------------------


def forge_range(
    ct: Ciphertext, r: int, a: int, b: int, *, digits: list[int], reals: list[int]
) -> RangeProof:
    """prove_range's steps with arbitrary digits; bit i is proved as if it encrypted reals[i]."""
    key = KEY
    weights = range_weights(a, b)
    alpha, beta = ct.points(aggregate=True)
    g = rng("forge range")
    rs = [0] + [random_scalar(g) for _ in range(1, len(weights))]
    rs[0] = (r - sum(w * x for w, x in zip(weights[1:], rs[1:], strict=True))) % L
    bits = [(base_mul(x), base_mul(d) + key * x) for d, x in zip(digits, rs, strict=True)]
    fields = internals._range_statement(key, alpha, beta, (a, b))
    states = []
    for (ba, bb), t in zip(bits, reals, strict=True):
        w, cs, zs, commits = commit_branches(key, ba, bb, (0, 1), t=t, rng=g)
        states.append((w, cs, zs, commits))
        fields += (ba, bb, *commits)
    c = challenge(internals.TAG_RANGE, CTX, LABEL, fields)
    out = []
    for (ba, bb), t, x, (w, cs, zs, commits) in zip(bits, reals, rs, states, strict=True):
        internals._finish_branches(c, w, x, t=t, cs=cs, zs=zs)
        out.append(
            RangeBit(
                Ciphertext.from_points(ba, bb),
                [q.encode() for q in commits],
                encode_scalar(cs[0]),
                encode_scalar(zs[0]),
                encode_scalar(zs[1]),
            )
        )
    return RangeProof(out)


@pytest.mark.parametrize(
    ("a", "b"), [(0, 1), (0, 2), (0, 3), (0, 4), (5, 12), (0, 255), (0, 256), (100, 1000)]
)
def test_range_complete_at_every_edge(a: int, b: int) -> None:
    for m in sorted({a, a + 1, (a + b) // 2, b - 1, b}):
        ct, r = fresh(m, f"{a} {b} {m}")
        proof = prove_range(KEY, ct, m, r, a=a, b=b, context=CTX, label=LABEL, rng=rng())
        assert len(proof.bits) == (b - a).bit_length()
        verify_range(KEY, ct, proof, a=a, b=b, context=CTX, label=LABEL)


@pytest.mark.parametrize("width", [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 255, 256, 24_000_000])
def test_range_weights_cover_exactly(width: int) -> None:
    weights = range_weights(7, 7 + width)
    assert sum(weights) == width
    assert len(weights) == width.bit_length()
    if width <= 256:
        reachable = {0}
        for w in weights:
            reachable |= {x + w for x in reachable}
        assert reachable == set(range(width + 1))
        for v in range(width + 1):
            digits = internals._decompose(v, weights)
            assert set(digits) <= {0, 1}
            assert sum(d * w for d, w in zip(digits, weights, strict=True)) == v


@settings(max_examples=8, deadline=None)
@given(data=st.data(), a=st.integers(0, 10**6), width=st.integers(1, 5000))
def test_range_complete_property(data: st.DataObject, a: int, width: int) -> None:
    m = data.draw(st.integers(a, a + width))
    ct, r = fresh(m, f"{a} {width} {m}")
    proof = prove_range(KEY, ct, m, r, a=a, b=a + width, context=CTX, label=LABEL, rng=rng())
    verify_range(KEY, ct, proof, a=a, b=a + width, context=CTX, label=LABEL)


def test_range_on_an_aggregate_ciphertext() -> None:
    """A knapsack ballot: the cost-weighted sum of selection ciphertexts is in the budget."""
    costs, picks = [700, 1200, 450, 3000], [1, 0, 1, 1]
    g = rng("agg")
    rs = [random_scalar(g) for _ in costs]
    cts = [encrypt(KEY, p, x) for p, x in zip(picks, rs, strict=True)]
    total = sum_ciphertexts(scale_ciphertext(c, k) for c, k in zip(cts, costs, strict=True))
    spent = sum(p * k for p, k in zip(picks, costs, strict=True))
    r = sum(k * x for k, x in zip(costs, rs, strict=True)) % L
    proof = prove_range(KEY, total, spent, r, a=0, b=5000, context=CTX, label=LABEL, rng=g)
    verify_range(KEY, total, proof, a=0, b=5000, context=CTX, label=LABEL)
    rejects(
        lambda: prove_range(KEY, total, spent, r, a=0, b=4000, context=CTX, label=LABEL),
        CryptoError,
    )


def test_range_on_an_aggregate_whose_alpha_is_the_identity() -> None:
    # r = 0: (O, m·G), e.g. a sum whose randomness cancelled; allowed as a range statement.
    ct = Ciphertext.from_points(IDENTITY, base_mul(9))
    proof = prove_range(KEY, ct, 9, 0, a=2, b=20, context=CTX, label=LABEL, rng=rng())
    verify_range(KEY, ct, proof, a=2, b=20, context=CTX, label=LABEL)
    rejects(
        lambda: verify_one_of(KEY, ct, [9], DisjunctiveProof([], [], []), context=CTX, label=LABEL)
    )


def test_range_prover_refuses() -> None:
    ct, r = fresh(11)
    for a, b in ((0, 10), (12, 20), (11, 11), (5, 4), (-1, 20), (0, 2**62 + 1)):
        rejects(
            lambda: prove_range(KEY, ct, 11, r, a=a, b=b, context=CTX, label=LABEL),  # noqa: B023
            CryptoError,
        )
    rejects(lambda: prove_range(KEY, ct, 10, r, a=0, b=20, context=CTX, label=LABEL), CryptoError)
    rejects(
        lambda: prove_range(KEY, ct, 11, r + 1, a=0, b=20, context=CTX, label=LABEL), CryptoError
    )


def test_forged_out_of_range_proofs_rejected() -> None:
    a, b = 0, 10  # weights 1, 2, 4, 3
    ct, r = fresh(6)
    ok = forge_range(
        ct, r, a, b, digits=[1, 1, 0, 1], reals=[1, 1, 0, 1]
    )  # the helper works: 1+2+3 = 6
    verify_range(KEY, ct, ok, a=a, b=b, context=CTX, label=LABEL)
    ct11, r11 = fresh(11)
    # 11 = 2·1 + 2 + 4 + 3: bit 0 encrypts 2, "proved" as a 0 or as a 1.
    for t in (0, 1):
        forged = forge_range(ct11, r11, a, b, digits=[2, 1, 1, 1], reals=[t, 1, 1, 1])
        rejects(lambda: verify_range(KEY, ct11, forged, a=a, b=b, context=CTX, label=LABEL))  # noqa: B023
    # a - 1 = -1: bit 0 encrypts L - 1.
    ctm, rm = fresh((a - 1) % L)
    forged = forge_range(ctm, rm, a, b, digits=[L - 1, 0, 0, 0], reals=[1, 0, 0, 0])
    rejects(lambda: verify_range(KEY, ctm, forged, a=a, b=b, context=CTX, label=LABEL))


def _range_case() -> tuple[Ciphertext, RangeProof]:
    ct, r = fresh(37)
    return ct, prove_range(KEY, ct, 37, r, a=3, b=60, context=CTX, label=LABEL, rng=rng())


def _bit(bit: RangeBit, **fields: Any) -> RangeBit:
    return replace(bit, **fields)


def test_range_every_field_matters() -> None:
    ct, proof = _range_case()
    verify_range(KEY, ct, proof, a=3, b=60, context=CTX, label=LABEL)

    def check(bad: RangeProof) -> None:
        rejects(lambda: verify_range(KEY, ct, bad, a=3, b=60, context=CTX, label=LABEL))

    for j, bit in enumerate(proof.bits):
        for i in (0, 13, 31):
            variants = [
                _bit(bit, challenge0=flip(bit.challenge0, i)),
                _bit(bit, response0=flip(bit.response0, i)),
                _bit(bit, response1=flip(bit.response1, i)),
                _bit(
                    bit, ciphertext=Ciphertext(flip(bit.ciphertext.alpha, i), bit.ciphertext.beta)
                ),
                _bit(
                    bit, ciphertext=Ciphertext(bit.ciphertext.alpha, flip(bit.ciphertext.beta, i))
                ),
            ]
            for k in range(4):
                commits = list(bit.commitments)
                commits[k] = flip(commits[k], i, k)
                variants.append(_bit(bit, commitments=commits))
            for bad_bit in variants:
                bits = list(proof.bits)
                bits[j] = bad_bit
                check(RangeProof(bits))
        swapped = _bit(bit, response0=bit.response1, response1=bit.response0)
        check(RangeProof([*proof.bits[:j], swapped, *proof.bits[j + 1 :]]))
        for bad in NOT_ELEMENTS:
            commits = [bad, *bit.commitments[1:]]
            match = f"range: commitment bit {j} A_0: not the encoding"
            with pytest.raises(ProofError, match=match):
                verify_range(
                    KEY,
                    ct,
                    RangeProof(
                        [*proof.bits[:j], _bit(bit, commitments=commits), *proof.bits[j + 1 :]]
                    ),
                    a=3,
                    b=60,
                    context=CTX,
                    label=LABEL,
                )
    check(RangeProof(proof.bits[::-1]))
    check(RangeProof(proof.bits[:-1]))
    check(RangeProof([*proof.bits, proof.bits[0]]))
    check(RangeProof([_bit(proof.bits[0], commitments=proof.bits[0].commitments[:3])]))
    # non-canonical challenge0 (c0 + L)
    c0 = int.from_bytes(proof.bits[0].challenge0, "little") + L
    if c0 < 2**256:
        bits = [_bit(proof.bits[0], challenge0=c0.to_bytes(32, "little")), *proof.bits[1:]]
        with pytest.raises(ProofError, match="non-canonical"):
            verify_range(KEY, ct, RangeProof(bits), a=3, b=60, context=CTX, label=LABEL)


def test_range_invalid_bit_points_rejected() -> None:
    ct, proof = _range_case()
    bit = proof.bits[2]
    for bad_point in SMALL:
        for bad_ct in (
            Ciphertext(bad_point, bit.ciphertext.beta),
            Ciphertext(bit.ciphertext.alpha, bad_point),
        ):
            bits = list(proof.bits)
            bits[2] = _bit(bit, ciphertext=bad_ct)
            with pytest.raises(ProofError, match="range bit 2"):
                verify_range(KEY, ct, RangeProof(bits), a=3, b=60, context=CTX, label=LABEL)


def test_range_replay_and_wrong_statement() -> None:
    ct, proof = _range_case()
    v = verify_range
    rejects(lambda: v(KEY, ct, proof, a=3, b=60, context=OTHER_CTX, label=LABEL))
    rejects(lambda: v(KEY, ct, proof, a=3, b=60, context=CTX, label=b"ballot 17/project 5"))
    rejects(lambda: v(OTHER_KEY, ct, proof, a=3, b=60, context=CTX, label=LABEL))
    for a, b in ((3, 61), (2, 60), (4, 60), (3, 59), (0, 63)):
        rejects(lambda: v(KEY, ct, proof, a=a, b=b, context=CTX, label=LABEL))  # noqa: B023
    other, _ = fresh(37, "other")
    rejects(lambda: v(KEY, other, proof, a=3, b=60, context=CTX, label=LABEL))
    rejects(lambda: v(KEY, ct, proof, a=5, b=5, context=CTX, label=LABEL), CryptoError)
    assert from_json(to_json(proof), RangeProof) == proof


# -- table (quadratic ballots: a vote and its square) ---------------------------------------

SQUARES = [(v, v * v) for v in range(8)]


def _table_case(v: int = 3, seed: str = "table") -> tuple[list[Ciphertext], list[int]]:
    g = rng(seed)
    rs = [random_scalar(g), random_scalar(g)]
    return [encrypt(KEY, v, rs[0]), encrypt(KEY, v * v, rs[1])], rs


def forge_table(
    cts: list[Ciphertext], rows: list[tuple[int, int]], t: int, rs: list[int]
) -> TableProof:
    """prove_table's steps with branch ``t`` real, unchecked."""
    points = [ct.points() for ct in cts]
    g = rng("forge table")
    ws = [random_scalar(g) for _ in cts]
    cs: list[int] = []
    zs: list[list[int]] = []
    commits: list[Any] = []
    for j, row in enumerate(rows):
        if j == t:
            cs.append(0)
            zs.append([])
            for w in ws:
                commits += (base_mul(w), KEY * w)
            continue
        c_j = random_scalar(g)
        z_row = [random_scalar(g) for _ in cts]
        cs.append(c_j)
        zs.append(z_row)
        for (a, b), v, z in zip(points, row, z_row, strict=True):
            commits += simulate_branch(KEY, a, b, v, c_j, z)
    fields = [*internals._table_statement(KEY, points, rows), *commits]
    c = challenge(internals.TAG_TABLE, CTX, LABEL, fields)
    cs[t] = (c - sum(cs)) % L
    zs[t] = [(w + cs[t] * r) % L for w, r in zip(ws, rs, strict=True)]
    per_row = 2 * len(cts)
    return TableProof(
        [[q.encode() for q in commits[i : i + per_row]] for i in range(0, len(commits), per_row)],
        [encode_scalar(x) for x in cs[:-1]],
        [[encode_scalar(x) for x in r] for r in zs],
    )


@pytest.mark.parametrize("v", [0, 1, 7])
def test_table_complete(v: int) -> None:
    cts, rs = _table_case(v)
    proof = prove_table(KEY, cts, SQUARES, (v, v * v), rs, context=CTX, label=LABEL, rng=rng())
    verify_table(KEY, cts, SQUARES, proof, context=CTX, label=LABEL)
    assert from_json(to_json(proof), TableProof) == proof


@settings(max_examples=10, deadline=None)
@given(data=st.data(), width=st.integers(1, 3), height=st.integers(1, 5))
def test_table_complete_property(data: st.DataObject, width: int, height: int) -> None:
    cells = st.tuples(*[st.integers(0, 2**62)] * width)
    rows = sorted(set(data.draw(st.lists(cells, min_size=height, max_size=height))))
    row = data.draw(st.sampled_from(rows))
    g = rng(repr(rows))
    rs = [random_scalar(g) for _ in range(width)]
    cts = [encrypt(KEY, v, r) for v, r in zip(row, rs, strict=True)]
    proof = prove_table(KEY, cts, rows, row, rs, context=CTX, label=LABEL, rng=g)
    verify_table(KEY, cts, rows, proof, context=CTX, label=LABEL)


def test_table_prover_refuses() -> None:
    cts, rs = _table_case(3)
    for values in ((3, 8), (3, 9, 0), (8, 64)):
        with pytest.raises(CryptoError):
            prove_table(KEY, cts, SQUARES, values, rs, context=CTX, label=LABEL)
    with pytest.raises(CryptoError):
        prove_table(KEY, cts, SQUARES, (3, 9), rs[::-1], context=CTX, label=LABEL)
    for rows in ([], SQUARES[::-1], [(0, 0), (0, 0)], [(0,), (1,)], [(-1, 1)], [(0, 0)] * 65):
        with pytest.raises(CryptoError):
            prove_table(KEY, cts, rows, (3, 9), rs, context=CTX, label=LABEL)


def test_forged_table_rows_rejected() -> None:
    cts, rs = _table_case(3)
    verify_table(KEY, cts, SQUARES, forge_table(cts, SQUARES, 3, rs), context=CTX, label=LABEL)
    # v = 3 but the "square" encrypts 10: no row matches; every choice of real branch fails.
    g = rng("bad square")
    bad_rs = [random_scalar(g), random_scalar(g)]
    bad = [encrypt(KEY, 3, bad_rs[0]), encrypt(KEY, 10, bad_rs[1])]
    for t in range(len(SQUARES)):
        forged = forge_table(bad, SQUARES, t, bad_rs)
        with pytest.raises(ProofError):
            verify_table(KEY, bad, SQUARES, forged, context=CTX, label=LABEL)


def test_table_tampering_and_replay() -> None:
    cts, rs = _table_case(5)
    proof = prove_table(KEY, cts, SQUARES, (5, 25), rs, context=CTX, label=LABEL, rng=rng())

    def check(
        bad: TableProof,
        *,
        key: Point = KEY,
        c: list[Ciphertext] = cts,
        rows: list[tuple[int, int]] = SQUARES,
        ctx: bytes = CTX,
        label: bytes = LABEL,
    ) -> None:
        rejects(lambda: verify_table(key, c, rows, bad, context=ctx, label=label), CryptoError)

    for j in (0, 5, 7):
        for i in (0, 17, 31):
            if j < len(proof.challenges):
                cs = list(proof.challenges)
                cs[j] = flip(cs[j], i)
                check(replace(proof, challenges=cs))
            for k in range(2):
                zs = [list(r) for r in proof.responses]
                zs[j][k] = flip(zs[j][k], i, 5)
                check(replace(proof, responses=zs))
            for k in range(4):
                commits = [list(r) for r in proof.commitments]
                commits[j][k] = flip(commits[j][k], i, 2)
                check(replace(proof, commitments=commits))
    check(replace(proof, challenges=proof.challenges[::-1]))
    check(replace(proof, responses=[r[::-1] for r in proof.responses]))
    check(replace(proof, commitments=proof.commitments[::-1]))
    check(replace(proof, commitments=[r[2:] + r[:2] for r in proof.commitments]))
    check(TableProof(proof.commitments[:-1], proof.challenges[:-1], proof.responses[:-1]))
    check(replace(proof, responses=[r[:1] for r in proof.responses]))
    check(replace(proof, commitments=[r[:2] for r in proof.commitments]))
    check(proof, c=cts[::-1])
    check(proof, key=OTHER_KEY)
    check(proof, ctx=OTHER_CTX)
    check(proof, label=b"ballot 17/project 5")
    check(proof, rows=[(v, v * v) for v in range(9)])
    for bad_point in SMALL:
        check(proof, c=[cts[0], Ciphertext(cts[1].alpha, bad_point)])
        check(proof, c=[Ciphertext(bad_point, cts[0].beta), cts[1]])
    for bad_point in NOT_ELEMENTS:
        commits = [list(r) for r in proof.commitments]
        commits[2][3] = bad_point
        with pytest.raises(ProofError, match=r"commitment B_\(2,1\): not the encoding"):
            verify_table(
                KEY, cts, SQUARES, replace(proof, commitments=commits), context=CTX, label=LABEL
            )


@pytest.mark.parametrize("bad", [*NOT_ELEMENTS, b"\x00" * 31])
def test_schnorr_and_dleq_statement_points_are_checked_on_decoding(bad: bytes) -> None:
    """Schnorr and DLEQ take decoded points: a bad key or share never gets that far."""
    with pytest.raises(EncodingError):
        Point.decode(bad)
    with pytest.raises(EncodingError):
        Point.decode(bad, allow_identity=True)
