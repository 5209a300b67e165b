"""The verifiable shuffle and the mixnet layer (docs/spec/mixnet.md), tested for soundness.

Round trips are the least of it: every item of a proof and every ciphertext of an output is
mutated and must be refused; a proof made for another key, election, label, input or with
other generators must be refused; a mixer whose output is not a permutation of its input
cannot produce a proof that verifies, whatever it does; and the chain rules (threshold, order,
signatures, fresh commitments) and the opening of the mixed ballots each refuse what they
must. Sizes go through 0, 1, 2 and several ballots and widths 1 to 20 (hypothesis).
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.crypto import (
    BallotStyle,
    Ceremony,
    Ciphertext,
    CryptoError,
    DecryptionError,
    EncodingError,
    KeyShare,
    MixError,
    MixStep,
    ShuffleError,
    ShuffleProof,
    ShuffleWitness,
    ThresholdError,
    TrusteeError,
    decrypt,
    decrypt_mixed,
    encrypt,
    generate_keypair,
    mix,
    mix_chunks,
    partial_decrypt_mixed,
    prove_shuffle,
    shuffle,
    shuffle_generators,
    shuffle_label,
    verify_mix_chain,
    verify_mixed_choices,
    verify_shuffle,
)
from oylama.crypto._shuffle import (
    _Decoded,
    _equations,
    _Statement,
    decode_rows,
    prove_points,
    random_permutation,
)
from oylama.crypto.hazmat import (
    GENERATOR,
    IDENTITY,
    DeterministicRng,
    L,
    Point,
    base_mul,
    hash_to_point,
    lp,
    msm_vartime,
    random_scalar,
)
from oylama.election import (
    PayloadError,
    Shuffle,
    ShuffleRows,
    decode_payload,
    encode_payload,
    mix_step_from_payloads,
    shuffle_payloads,
)

ROOT = Path(__file__).resolve().parents[1]
CONTEXT = hashlib.sha256(b"oylama test election shuffle").digest()
LABEL = b"test shuffle"


def _generator_module() -> ModuleType:
    path = ROOT / "tests" / "vectors" / "generate_mixnet_vectors.py"
    spec = importlib.util.spec_from_file_location("generate_mixnet_vectors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


GEN = _generator_module()


@pytest.fixture(scope="module")
def election() -> tuple[Ceremony, list[KeyShare]]:
    ceremony, _, shares = GEN.ceremony(DeterministicRng(b"test shuffle ceremony"))
    return ceremony, shares


def _rows(key: Point, values: list[list[int]], rng: DeterministicRng) -> list[list[Ciphertext]]:
    return [[encrypt(key, v, random_scalar(rng)) for v in row] for row in values]


def _plain(secret: int, rows: list[list[Ciphertext]], bound: int = 64) -> list[tuple[int, ...]]:
    return [tuple(decrypt(secret, ct, bound) for ct in row) for row in rows]


def _proved(n: int, w: int, seed: bytes = b"proved") -> dict[str, Any]:
    rng = DeterministicRng(seed)
    secret, key = generate_keypair(rng)
    values = [[(7 * i + 3 * k) % 11 for k in range(w)] for i in range(n)]
    inputs = _rows(key, values, rng)
    gens = shuffle_generators(CONTEXT, "style-a")
    outputs, witness = shuffle(key, inputs, width=w, rng=rng)
    proof = prove_shuffle(
        key,
        inputs,
        outputs,
        witness,
        width=w,
        generators=gens,
        context=CONTEXT,
        label=LABEL,
        rng=rng,
    )
    return {
        "secret": secret,
        "key": key,
        "values": values,
        "inputs": inputs,
        "outputs": outputs,
        "witness": witness,
        "proof": proof,
        "gens": gens,
        "w": w,
    }


def _verify(case: dict[str, Any], **changes: Any) -> None:
    args = {
        "key": case["key"],
        "inputs": case["inputs"],
        "outputs": case["outputs"],
        "proof": case["proof"],
        "width": case["w"],
        "generators": case["gens"],
        "context": CONTEXT,
        "label": LABEL,
    }
    args.update(changes)
    verify_shuffle(
        args["key"],
        args["inputs"],
        args["outputs"],
        args["proof"],
        width=args["width"],
        generators=args["generators"],
        context=args["context"],
        label=args["label"],
    )


# -- round trips over sizes --------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    n=st.sampled_from([0, 1, 2, 3, 5, 8]),
    w=st.integers(min_value=1, max_value=20),
    seed=st.binary(min_size=1, max_size=8),
)
def test_shuffle_proves_and_keeps_every_row_whole(n: int, w: int, seed: bytes) -> None:
    if n * w > 60:
        w = max(1, 60 // n)
    rng = DeterministicRng(b"sizes" + seed)
    secret, key = generate_keypair(rng)
    values = [[(i * 5 + k * 3 + seed[0]) % 13 for k in range(w)] for i in range(n)]
    inputs = _rows(key, values, rng)
    outputs, witness = shuffle(key, inputs, width=w, rng=rng)
    gens = shuffle_generators(CONTEXT, "sizes")
    proof = prove_shuffle(
        key,
        inputs,
        outputs,
        witness,
        width=w,
        generators=gens,
        context=CONTEXT,
        label=LABEL,
        rng=rng,
    )
    verify_shuffle(
        key, inputs, outputs, proof, width=w, generators=gens, context=CONTEXT, label=LABEL
    )
    # The rows are permuted together: the same multiset of whole rows, in the witness's order.
    assert Counter(_plain(secret, outputs)) == Counter(tuple(r) for r in values)
    assert _plain(secret, outputs) == [tuple(values[j]) for j in witness.permutation]
    # Every ciphertext is re-encrypted: no output point equals an input point.
    seen = {ct.alpha for row in inputs for ct in row} | {ct.beta for row in inputs for ct in row}
    assert not any(ct.alpha in seen or ct.beta in seen for row in outputs for ct in row)
    assert len(proof.commitments) == n and len(proof.t4) == w


def test_permutations_are_uniform_enough() -> None:
    # 4 rows: all 24 permutations appear over 600 shuffles, none more than twice as often as
    # expected (a biased Fisher-Yates, e.g. drawing j in [0, n), fails this).
    rng = DeterministicRng(b"uniform")

    counts = Counter(tuple(random_permutation(4, rng)) for _ in range(600))
    assert len(counts) == 24
    assert max(counts.values()) < 2 * 600 / 24


# -- soundness: every mutation is refused ----------------------------------------------------


def _other_point(b: bytes) -> bytes:
    p = Point.decode(b, allow_identity=True)
    return (p + GENERATOR).encode()


def _other_scalar(b: bytes) -> bytes:
    return ((int.from_bytes(b, "little") + 1) % L).to_bytes(32, "little")


def _mutations(proof: ShuffleProof) -> list[tuple[str, ShuffleProof]]:
    out = []
    for name in ("t1", "t2", "t3"):
        out.append(
            (name, msgspec.structs.replace(proof, **{name: _other_point(getattr(proof, name))}))
        )
    for name in ("s1", "s2", "s3"):
        out.append(
            (name, msgspec.structs.replace(proof, **{name: _other_scalar(getattr(proof, name))}))
        )
    for name, change in (
        ("commitments", _other_point),
        ("chain", _other_point),
        ("t_chain", _other_point),
        ("s4", _other_scalar),
        ("s_chain", _other_scalar),
        ("s_perm", _other_scalar),
    ):
        items = getattr(proof, name)
        for i in range(len(items)):
            changed = list(items)
            changed[i] = change(items[i])
            out.append((f"{name}[{i}]", msgspec.structs.replace(proof, **{name: changed})))
    for k, ct in enumerate(proof.t4):
        for part in ("alpha", "beta"):
            changed = list(proof.t4)
            changed[k] = msgspec.structs.replace(ct, **{part: _other_point(getattr(ct, part))})
            out.append((f"t4[{k}].{part}", msgspec.structs.replace(proof, t4=changed)))
    return out


def test_every_mutation_of_the_proof_is_refused() -> None:
    case = _proved(3, 2)
    _verify(case)
    mutations = _mutations(case["proof"])
    assert len(mutations) == 6 + 3 * 3 + 2 + 3 * 2 + 2 * 2
    for name, bad in mutations:
        with pytest.raises(ShuffleError):
            _verify(case, proof=bad)
        assert name  # each mutation is named for the failure message


def test_each_response_names_its_equation() -> None:
    case = _proved(3, 2)
    p = case["proof"]
    expected = {
        "s1": ("V1", p.s1),
        "s2": ("V2", p.s2),
        "s3": ("V3", p.s3),
    }
    for name, (check, value) in expected.items():
        with pytest.raises(ShuffleError) as e:
            _verify(case, proof=msgspec.structs.replace(p, **{name: _other_scalar(value)}))
        assert e.value.check == check
    s4 = list(p.s4)
    s4[1] = _other_scalar(s4[1])
    with pytest.raises(ShuffleError, match="column 1") as e:
        _verify(case, proof=msgspec.structs.replace(p, s4=s4))
    assert e.value.check == "V4"
    s_chain = list(p.s_chain)
    s_chain[2] = _other_scalar(s_chain[2])
    with pytest.raises(ShuffleError, match="row 2") as e:
        _verify(case, proof=msgspec.structs.replace(p, s_chain=s_chain))
    assert e.value.check == "V5"
    # A commitment is hashed: changing it changes the challenge, so no equation holds.
    with pytest.raises(ShuffleError) as e:
        _verify(case, proof=msgspec.structs.replace(p, t1=_other_point(p.t1)))
    assert e.value.check == "statement"


def test_malformed_proofs_are_refused_by_shape_and_encoding() -> None:
    case = _proved(2, 2)
    p = case["proof"]
    for name in ("commitments", "chain", "t_chain", "s4", "s_chain", "s_perm", "t4"):
        with pytest.raises(ShuffleError) as e:
            _verify(case, proof=msgspec.structs.replace(p, **{name: list(getattr(p, name))[:-1]}))
        assert e.value.check == "shape"
    bad_scalar = L.to_bytes(32, "little")
    not_on_curve = (2).to_bytes(32, "little")
    small_order = bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
    for bad in (bad_scalar,):
        with pytest.raises(ShuffleError) as e:
            _verify(case, proof=msgspec.structs.replace(p, s1=bad))
        assert e.value.check == "encoding"
    for bad in (not_on_curve, small_order, b"\x01" + bytes(30), IDENTITY.encode()[:-1] + b"\x80"):
        with pytest.raises(ShuffleError) as e:
            _verify(case, proof=msgspec.structs.replace(p, chain=[bad, *p.chain[1:]]))
        assert e.value.check == "encoding"


def test_every_mutation_of_the_output_is_refused() -> None:
    case = _proved(3, 2)
    key = case["key"]
    rng = DeterministicRng(b"output mutations")
    outputs = case["outputs"]
    for i, k in itertools.product(range(3), range(2)):
        ct = outputs[i][k]
        a, b = ct.points(aggregate=True)
        r = random_scalar(rng)
        # Re-encrypted again (same plaintext), one component changed, or both.
        for changed in (
            Ciphertext.from_points(a + r * GENERATOR, b + key * r),
            Ciphertext.from_points(a + GENERATOR, b),
            Ciphertext.from_points(a, b + GENERATOR),
        ):
            bad = [list(row) for row in outputs]
            bad[i][k] = changed
            with pytest.raises(ShuffleError):
                _verify(case, outputs=bad)
    swapped_rows = [outputs[1], outputs[0], outputs[2]]
    swapped_columns = [[outputs[0][1], outputs[0][0]], outputs[1], outputs[2]]
    for bad in (swapped_rows, swapped_columns):
        with pytest.raises(ShuffleError):
            _verify(case, outputs=bad)
    with pytest.raises(ShuffleError) as e:
        _verify(case, outputs=outputs[:2])
    assert e.value.check == "shape"
    invalid = [list(row) for row in outputs]
    invalid[0][0] = msgspec.structs.replace(invalid[0][0], alpha=(2).to_bytes(32, "little"))
    with pytest.raises(EncodingError):
        _verify(case, outputs=invalid)


def test_a_proof_binds_key_election_label_inputs_and_generators() -> None:
    case = _proved(3, 2)
    rng = DeterministicRng(b"binding")
    _, other_key = generate_keypair(rng)
    other_inputs = [list(row) for row in case["inputs"]]
    other_inputs[2][1] = encrypt(case["key"], 1, random_scalar(rng))
    for changes in (
        {"key": other_key},
        {"context": hashlib.sha256(b"another election").digest()},
        {"label": LABEL + b"!"},
        {"inputs": other_inputs},
        {"generators": shuffle_generators(CONTEXT, "style-b")},
        {"generators": shuffle_generators(hashlib.sha256(b"x").digest(), "style-a")},
    ):
        with pytest.raises(ShuffleError):
            _verify(case, **changes)


def test_generators_are_the_spec_derivation() -> None:

    gens = shuffle_generators(CONTEXT, "style-a")
    prefix = CONTEXT + lp(b"style-a")
    assert gens.chain == hash_to_point(b"oylama/mixnet/v1/chain", prefix)
    assert gens.commitment(3) == [
        hash_to_point(b"oylama/mixnet/v1/generator", prefix + i.to_bytes(4, "big"))
        for i in range(3)
    ]
    # A prefix of a longer list, all distinct and none equal to G or J.
    longer = gens.commitment(6)
    assert longer[:3] == gens.commitment(3)
    assert len({*longer, gens.chain, GENERATOR}) == 8


# -- a shuffle that is not a permutation cannot be proved -----------------------------------


@settings(max_examples=12, deadline=None)
@given(st.data())
def test_a_non_permutation_cannot_be_proved(data: st.DataObject) -> None:
    n = data.draw(st.integers(min_value=2, max_value=4))
    w = data.draw(st.integers(min_value=1, max_value=3))
    source = data.draw(
        st.lists(st.integers(min_value=0, max_value=n - 1), min_size=n, max_size=n).filter(
            lambda s: sorted(s) != list(range(n))
        )
    )
    rng = DeterministicRng(bytes(source) + bytes([n, w]))
    _, key = generate_keypair(rng)
    inputs = _rows(key, [[i + k for k in range(w)] for i in range(n)], rng)
    gens = shuffle_generators(CONTEXT, "forged")

    xa, xb = decode_rows(inputs, w, "input")
    rand = [[random_scalar(rng) for _ in range(w)] for _ in range(n)]
    ya = [xa[source[i] * w + k] + base_mul(rand[i][k]) for i in range(n) for k in range(w)]
    yb = [xb[source[i] * w + k] + key * rand[i][k] for i in range(n) for k in range(w)]
    outputs = [
        [Ciphertext.from_points(ya[i * w + k], yb[i * w + k]) for k in range(w)] for i in range(n)
    ]
    witness = ShuffleWitness(source, rand)
    # The honest prover refuses ...
    with pytest.raises(CryptoError, match="not a permutation"):
        prove_shuffle(
            key, inputs, outputs, witness, width=w, generators=gens, context=CONTEXT, label=LABEL
        )
    # ... and the prover's algorithm, run anyway, gives a proof that does not verify.
    forged, _ = prove_points(
        key, (xa, xb), (ya, yb), w, witness, generators=gens, context=CONTEXT, label=LABEL, rng=rng
    )
    with pytest.raises(ShuffleError):
        verify_shuffle(
            key, inputs, outputs, forged, width=w, generators=gens, context=CONTEXT, label=LABEL
        )


def test_the_prover_refuses_a_wrong_witness() -> None:
    case = _proved(3, 2)
    witness = case["witness"]
    rand = [list(r) for r in witness.randomness]
    rand[0][0] = (rand[0][0] + 1) % L
    perm = list(witness.permutation)
    perm[0], perm[1] = perm[1], perm[0]
    for bad in (
        ShuffleWitness(witness.permutation, rand),
        ShuffleWitness(perm, witness.randomness),
        ShuffleWitness(witness.permutation, [[0, 1]] * 3),
    ):
        with pytest.raises(CryptoError):
            prove_shuffle(
                case["key"],
                case["inputs"],
                case["outputs"],
                bad,
                width=2,
                generators=case["gens"],
                context=CONTEXT,
                label=LABEL,
            )
    assert repr(witness) == "ShuffleWitness(<secret: 3 rows>)"


def test_batch_and_single_equations_agree() -> None:
    case = _proved(4, 3)
    w = 3
    st_ = _Statement(
        case["key"],
        decode_rows(case["inputs"], w, "input"),
        decode_rows(case["outputs"], w, "output"),
        width=w,
        generators=case["gens"],
        context=CONTEXT,
        label=LABEL,
    )
    p = _Decoded(case["proof"], 4, w)
    seed = st_.seed(p.commitments)
    u = st_.vector(seed)
    c = st_.challenge(seed, p.chain, (p.t1, p.t2, p.t3), p.t4, p.t_chain)

    equations = _equations(st_, p, u, c)
    assert len(equations) == 3 + 2 * w + 4
    for _, _, terms in equations:
        assert msm_vartime([k for k, _ in terms], [q for _, q in terms]).is_identity
    assert all(0 <= x < 2**128 for x in u)


# -- the chain of mixers --------------------------------------------------------------------

STYLE = BallotStyle(id="chain", kind="approval", projects=3, min_count=0, max_count=3)


def _inputs(ceremony: Ceremony, n: int, seed: bytes) -> list[list[Ciphertext]]:
    rng = DeterministicRng(seed)
    choices = [[(i >> k) & 1 for k in range(3)] for i in range(n)]
    return GEN.encrypt_rows(ceremony.joint_key, STYLE, choices, rng)


def _chain(
    election: tuple[Ceremony, list[KeyShare]], mixers: tuple[int, ...], n: int = 4
) -> tuple[list[list[Ciphertext]], list[MixStep]]:
    ceremony, shares = election
    rng = DeterministicRng(b"chain" + bytes(mixers))
    inputs = _inputs(ceremony, n, b"chain inputs")
    steps, current = [], inputs
    for k, m in enumerate(mixers):
        s = mix(shares[m - 1], ceremony, current, style=STYLE, context=CONTEXT, step=k, rng=rng)
        steps.append(s)
        current = s.outputs
    return inputs, steps


def test_a_chain_of_t_or_more_trustees_verifies(election: tuple[Ceremony, list[KeyShare]]) -> None:
    ceremony, _shares = election
    for mixers in ((1, 2), (2, 3), (1, 3), (1, 2, 3)):
        inputs, steps = _chain(election, mixers)
        last = verify_mix_chain(ceremony, inputs, steps, style=STYLE, context=CONTEXT)
        assert last == steps[-1].outputs
    inputs, steps = _chain(election, (1, 2), n=0)
    assert verify_mix_chain(ceremony, inputs, steps, style=STYLE, context=CONTEXT) == []


def _chain_error(
    election: tuple[Ceremony, list[KeyShare]], inputs: Any, steps: Any, **kw: Any
) -> MixError:
    ceremony, _ = election
    with pytest.raises(MixError) as e:
        verify_mix_chain(ceremony, inputs, steps, style=STYLE, context=CONTEXT, **kw)
    return e.value


def test_chain_rules(election: tuple[Ceremony, list[KeyShare]]) -> None:
    ceremony, _shares = election
    inputs, steps = _chain(election, (1, 2, 3))
    # Fewer than t steps.
    assert _chain_error(election, inputs, steps[:1]).check == "steps"
    # Out of order: step numbers and mixers.
    assert _chain_error(election, inputs, [steps[1], steps[0]]).check == "steps"
    inputs2, steps2 = _chain(election, (2, 1))
    error = _chain_error(election, inputs2, steps2)
    assert (error.check, error.step) == ("mixer", 1)
    # A step whose input is not the previous output (step 1 skipped).
    error = _chain_error(election, inputs, [steps[0], msgspec.structs.replace(steps[2], step=1)])
    assert error.step == 1 and error.check == "statement"
    # Another style's steps.
    other = BallotStyle(id="other", kind="approval", projects=3, min_count=0, max_count=3)
    with pytest.raises(MixError) as e:
        verify_mix_chain(ceremony, inputs, steps, style=other, context=CONTEXT)
    assert e.value.check == "steps"


def test_a_step_is_signed_by_its_mixer(election: tuple[Ceremony, list[KeyShare]]) -> None:
    ceremony, shares = election
    inputs, steps = _chain(election, (1, 2))
    # The signature of another step, or of another trustee over this step: refused.
    error = _chain_error(
        election,
        inputs,
        [steps[0], msgspec.structs.replace(steps[1], signature=steps[0].signature)],
    )
    assert (error.step, error.check) == (1, "signature")
    # Claiming to be another trustee changes the label: the proof itself fails.
    error = _chain_error(election, inputs, [msgspec.structs.replace(steps[0], mixer=2), steps[1]])
    assert error.step == 0 and error.check in ("statement", "mixer")
    # mix() refuses a key share that is not the ceremony's.
    bad = msgspec.structs.replace(shares[0], index=2)
    with pytest.raises(CryptoError, match="not trustee 2's key share"):
        mix(bad, ceremony, inputs, style=STYLE, context=CONTEXT, step=0)


def test_a_copied_permutation_commitment_is_refused(
    election: tuple[Ceremony, list[KeyShare]],
) -> None:
    ceremony, shares = election
    inputs = _inputs(ceremony, 4, b"copied")
    first, second = GEN.copied_permutation_step(
        (shares[0], shares[2]),
        ceremony,
        inputs,
        style=STYLE,
        rng=DeterministicRng(b"copy"),
        context=CONTEXT,
    )
    # Each step on its own is a valid shuffle with a valid signature ...
    assert first.proof.commitments == second.proof.commitments
    # ... but the chain refuses the repeated commitment.
    error = _chain_error(election, inputs, [first, second])
    assert (error.step, error.check) == (1, "fresh")
    # Across styles of one election too (the caller's shared set).
    inputs_b, steps_b = _chain(election, (1, 2))
    seen: set[bytes] = set()
    verify_mix_chain(ceremony, inputs_b, steps_b, style=STYLE, context=CONTEXT, seen=seen)
    error = _chain_error(election, inputs_b, steps_b, seen=seen)
    assert (error.step, error.check) == (0, "fresh")


def test_a_proof_with_other_generators_is_refused(
    election: tuple[Ceremony, list[KeyShare]],
) -> None:
    ceremony, shares = election
    inputs = _inputs(ceremony, 3, b"generators")
    rng = DeterministicRng(b"wrong generators")
    wrong = GEN.wrong_generators_step(
        shares[0],
        ceremony,
        inputs,
        style=STYLE,
        step=0,
        generators_style="elsewhere",
        rng=rng,
        context=CONTEXT,
    )
    honest = mix(shares[1], ceremony, wrong.outputs, style=STYLE, context=CONTEXT, step=1, rng=rng)
    error = _chain_error(election, inputs, [wrong, honest])
    assert error.step == 0 and error.check == "V1"


def test_forged_steps_are_refused(election: tuple[Ceremony, list[KeyShare]]) -> None:
    ceremony, shares = election
    inputs = _inputs(ceremony, 4, b"forged")
    rng = DeterministicRng(b"forged steps")
    for source in ([0, 0, 2, 3], [1, 2, 3, 3], [0, 1, 2, 2]):
        forged = GEN.forged_step(
            shares[0],
            ceremony,
            inputs,
            style=STYLE,
            step=0,
            source=source,
            rng=rng,
            context=CONTEXT,
        )
        honest = mix(
            shares[1], ceremony, forged.outputs, style=STYLE, context=CONTEXT, step=1, rng=rng
        )
        error = _chain_error(election, inputs, [forged, honest])
        assert error.step == 0 and error.check in ("V1", "V2", "V3", "V4", "V5")


# -- opening the mixed ballots ---------------------------------------------------------------

KIND_STYLES = [
    (
        BallotStyle(id="ap", kind="approval", projects=3, min_count=1, max_count=2),
        [[1, 0, 0], [0, 1, 1], [1, 1, 0]],
    ),
    (
        BallotStyle(id="kn", kind="knapsack", projects=3, costs=(5, 0, 7), budget=12, min_count=0),
        [[1, 0, 1], [0, 1, 0], [0, 0, 0]],
    ),
    (BallotStyle(id="cu", kind="cumulative", projects=2, points=9), [[9, 0], [4, 5], [0, 0]]),
    (BallotStyle(id="cb", kind="cumulative", projects=2, points=5000), [[4999, 1], [0, 5000]]),
    (
        BallotStyle(id="qs", kind="quadratic", projects=2, max_votes=3, signed=True, credits=10),
        [[-3, 1], [0, 0], [2, -2]],
    ),
]


@pytest.mark.parametrize(("style", "choices"), KIND_STYLES, ids=[s.id for s, _ in KIND_STYLES])
def test_mixed_ballots_open_to_their_choices(
    election: tuple[Ceremony, list[KeyShare]], style: BallotStyle, choices: list[list[int]]
) -> None:
    ceremony, shares = election
    rng = DeterministicRng(b"open " + style.id.encode())
    inputs = GEN.encrypt_rows(ceremony.joint_key, style, choices, rng)
    s0 = mix(shares[0], ceremony, inputs, style=style, context=CONTEXT, step=0, rng=rng)
    s1 = mix(shares[2], ceremony, s0.outputs, style=style, context=CONTEXT, step=1, rng=rng)
    last = verify_mix_chain(ceremony, inputs, [s0, s1], style=style, context=CONTEXT)
    partials = {
        i: partial_decrypt_mixed(shares[i - 1], last, style=style, context=CONTEXT, rng=rng)
        for i in (1, 2, 3)
    }
    assert [len(p) for p in partials.values()] == [1, 1, 1]
    results = []
    for subset in ((1, 2), (1, 3), (2, 3), (1, 2, 3)):
        trustees, opened = decrypt_mixed(
            ceremony, [partials[i][0] for i in subset], last, style=style, context=CONTEXT, chunk=0
        )
        assert trustees == list(subset)
        verify_mixed_choices(
            ceremony,
            [partials[i][0] for i in subset],
            last,
            opened,
            style=style,
            context=CONTEXT,
            chunk=0,
        )
        results.append(opened)
    assert all(r == results[0] for r in results)
    assert Counter(map(tuple, results[0])) == Counter(map(tuple, choices))
    # Fewer than t, a partial twice, a partial of another chunk's label: refused.
    with pytest.raises(ThresholdError):
        decrypt_mixed(ceremony, [partials[1][0]], last, style=style, context=CONTEXT, chunk=0)
    with pytest.raises(TrusteeError):
        decrypt_mixed(
            ceremony, [partials[1][0], partials[1][0]], last, style=style, context=CONTEXT, chunk=0
        )
    with pytest.raises(TrusteeError):
        decrypt_mixed(
            ceremony, [partials[1][0], partials[2][0]], last, style=style, context=CONTEXT, chunk=1
        )
    # Published choices that are not the decryption, or not allowed: refused.
    wrong = [list(r) for r in results[0]]
    wrong[0], wrong[1] = wrong[1], wrong[0]
    if wrong != results[0]:
        with pytest.raises(DecryptionError, match="not the decryption"):
            verify_mixed_choices(
                ceremony,
                [partials[1][0], partials[3][0]],
                last,
                wrong,
                style=style,
                context=CONTEXT,
                chunk=0,
            )


def test_a_row_that_decrypts_to_no_allowed_choice_is_refused(
    election: tuple[Ceremony, list[KeyShare]],
) -> None:
    ceremony, shares = election
    style = KIND_STYLES[0][0]  # approval, 1 to 2 projects
    rng = DeterministicRng(b"not allowed")
    # A row of three approvals (the style allows at most two), smuggled in as a mix input.
    rows = GEN.encrypt_rows(ceremony.joint_key, style, [[1, 1, 1]], rng)
    partials = [
        partial_decrypt_mixed(shares[i], rows, style=style, context=CONTEXT, rng=rng)[0]
        for i in (0, 1)
    ]
    with pytest.raises(DecryptionError, match="row 0"):
        decrypt_mixed(ceremony, partials, rows, style=style, context=CONTEXT, chunk=0)
    with pytest.raises(DecryptionError, match="row 0"):
        verify_mixed_choices(
            ceremony, partials, rows, [[1, 1, 1]], style=style, context=CONTEXT, chunk=0
        )


# -- board payloads ---------------------------------------------------------------------------


def test_payloads_round_trip_and_refuse_other_layouts(
    election: tuple[Ceremony, list[KeyShare]],
) -> None:
    _, steps = _chain(election, (1, 2), n=5)
    step = steps[0]
    header, chunks = shuffle_payloads(step)
    assert header.chunks == len(chunks) == 1 and header.ballots == 5 and header.width == 3
    text = encode_payload(header)
    assert decode_payload(text, Shuffle) == header
    texts = [encode_payload(c) for c in chunks]
    back = mix_step_from_payloads(
        decode_payload(text, Shuffle), [decode_payload(t, ShuffleRows) for t in texts]
    )
    assert back == step
    with pytest.raises(PayloadError):
        decode_payload(text.replace(b'"step":0', b'"step": 0'), Shuffle)
    for bad_header, bad_chunks in (
        (msgspec.structs.replace(header, chunks=2), chunks),
        (header, []),
        (header, [msgspec.structs.replace(chunks[0], chunk=1)]),
        (header, [msgspec.structs.replace(chunks[0], step=1)]),
        (header, [msgspec.structs.replace(chunks[0], rows=chunks[0].rows[:-1])]),
        (msgspec.structs.replace(header, ballots=4), chunks),
        (msgspec.structs.replace(header, width=0), chunks),
    ):
        with pytest.raises(PayloadError):
            mix_step_from_payloads(bad_header, bad_chunks)


@pytest.mark.slow
def test_wide_lists_are_chunked(election: tuple[Ceremony, list[KeyShare]]) -> None:
    # Width 512: 8 rows per chunk, so 9 rows are two chunks on the board and two decryptions.
    ceremony, shares = election
    style = BallotStyle(id="wide", kind="approval", projects=512, min_count=0)
    rng = DeterministicRng(b"wide")
    choices = [[(i + k) % 2 for k in range(512)] for i in range(9)]
    inputs = GEN.encrypt_rows(ceremony.joint_key, style, choices, rng)
    s0 = mix(shares[0], ceremony, inputs, style=style, context=CONTEXT, step=0, rng=rng)
    header, chunks = shuffle_payloads(s0)
    assert header.chunks == 2 and [len(c.rows) for c in chunks] == [8, 1]
    assert mix_step_from_payloads(header, chunks) == s0
    assert [(r.start, r.stop) for r in mix_chunks(9, 512)] == [(0, 8), (8, 9)]
    s1 = mix(shares[1], ceremony, s0.outputs, style=style, context=CONTEXT, step=1, rng=rng)
    last = verify_mix_chain(ceremony, inputs, [s0, s1], style=style, context=CONTEXT)
    partials = [
        partial_decrypt_mixed(shares[i], last, style=style, context=CONTEXT, rng=rng)
        for i in (0, 1)
    ]
    opened = []
    for q, span in enumerate(mix_chunks(9, 512)):
        _, rows = decrypt_mixed(
            ceremony,
            [p[q] for p in partials],
            last[span.start : span.stop],
            style=style,
            context=CONTEXT,
            chunk=q,
        )
        opened += rows
    assert Counter(map(tuple, opened)) == Counter(map(tuple, choices))


def test_labels() -> None:
    assert shuffle_label("mix-2026", 1, 3) == (
        bytes.fromhex("00000010")
        + b"oylama/mixnet/v1"
        + bytes.fromhex("00000008")
        + b"mix-2026"
        + (1).to_bytes(4, "big")
        + (3).to_bytes(4, "big")
    )
