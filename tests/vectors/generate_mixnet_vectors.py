"""Generate the known-answer vectors of docs/spec/mixnet.md (vectors/mixnet.json).

Deterministic: every random value comes from ``DeterministicRng(b"mixnet")``, consumed in the
order mixnet §11 gives, so running this twice gives the same bytes
(tests/test_crypto_shuffle_vectors.py regenerates and compares byte for byte, then verifies;
tests/test_audit_mixnet.py verifies the file with the independent auditor). Usage::

    .venv/bin/python tests/vectors/generate_mixnet_vectors.py          # writes the file
    .venv/bin/python tests/vectors/generate_mixnet_vectors.py --check  # compares only

A 2-of-3 ceremony; five knapsack ballots of three projects; two steps (trustees 1 and 3); the
last list opened by trustees 1 and 3; every board payload of mixnet §8; and variants of the
payloads that a verifier must refuse, each naming the auditor check that refuses it. The
trustees' key shares are published here because these are test vectors.

The module also holds the dishonest mixers that the tests and the red-team tests reuse
(:func:`copied_permutation_step`, :func:`wrong_generators_step`, :func:`forged_step`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from oylama.crypto import (
    BallotStyle,
    Ceremony,
    Ciphertext,
    KeyShare,
    MixStep,
    Point,
    decrypt_mixed,
    encrypt,
    encrypt_shares,
    finish_ceremony,
    mix,
    mix_chunks,
    mixer_label,
    new_trustee,
    partial_decrypt_mixed,
    plaintexts_of,
    prove_schnorr,
    shuffle_generators,
    shuffle_label,
    to_json,
    verify_ceremony,
)
from oylama.crypto._shuffle import (
    ShuffleWitness,
    _Decoded,
    _Statement,
    decode_rows,
    encode_rows,
    prove_points,
    shuffle_points,
)
from oylama.crypto.hazmat import DeterministicRng, Rng, base_mul, decode_scalar, random_scalar
from oylama.election import (
    MixDecryption,
    MixedBallots,
    Shuffle,
    ShuffleRow,
    ShuffleRows,
    encode_payload,
    shuffle_payloads,
)

T = TypeVar("T")

OUT = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors"
NAME = "mixnet.json"

TRUSTEES = 3
THRESHOLD = 2
MIXERS = (1, 3)
DECRYPTORS = (1, 3)
STYLE = BallotStyle(
    id="mix-2026", kind="knapsack", projects=3, costs=(300, 500, 200), budget=800, min_count=1
)
CHOICES = [[1, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 1]]


def named_context(name: str) -> bytes:
    """A stand-in for a ceremony context or an election base hash: SHA-256 of a name."""
    return hashlib.sha256(b"oylama test election " + name.encode()).digest()


CEREMONY_CONTEXT = named_context("mixnet ceremony")
CONTEXT = named_context("mixnet")


def _wire(obj: object) -> Any:
    return json.loads(to_json(obj))


class Recording:
    """A random source that remembers every draw (to replay some of them, below)."""

    def __init__(self, rng: Rng) -> None:
        self.rng = rng
        self.calls: list[bytes] = []

    def token_bytes(self, nbytes: int) -> bytes:
        data = self.rng.token_bytes(nbytes)
        self.calls.append(data)
        return data


class Replaying:
    """A random source that answers draw ``i`` with ``script[i]`` when given, else fresh."""

    def __init__(self, rng: Rng, script: dict[int, bytes]) -> None:
        self.rng, self.script, self.count = rng, script, 0

    def token_bytes(self, nbytes: int) -> bytes:
        i, self.count = self.count, self.count + 1
        return self.script[i] if i in self.script else self.rng.token_bytes(nbytes)


def ceremony(rng: Rng) -> tuple[Ceremony, list[Any], list[KeyShare]]:
    """The 2-of-3 ceremony (trustees §3–§5) under :data:`CEREMONY_CONTEXT`."""
    n, t = TRUSTEES, THRESHOLD
    pairs = [new_trustee(i, n, t, context=CEREMONY_CONTEXT, rng=rng) for i in range(1, n + 1)]
    publics = [p for _, p in pairs]
    cer = verify_ceremony(publics, context=CEREMONY_CONTEXT)
    boxes = [
        b for s, _ in pairs for b in encrypt_shares(s, publics, context=CEREMONY_CONTEXT, rng=rng)
    ]
    shares = [
        finish_ceremony(
            s, cer, publics, [b for b in boxes if b.recipient == s.index], context=CEREMONY_CONTEXT
        )
        for s, _ in pairs
    ]
    return cer, publics, shares


def encrypt_rows(
    key: Point, style: BallotStyle, choices: Sequence[Sequence[int]], rng: Rng
) -> list[list[Ciphertext]]:
    """Rows of selections as a ballot carries them (ballots §3), one fresh ``r`` per cell."""
    return [
        [encrypt(key, s, random_scalar(rng)) for s in plaintexts_of(style, row)] for row in choices
    ]


def copied_permutation_step(
    shares: tuple[KeyShare, KeyShare],
    cer: Ceremony,
    inputs: Sequence[Sequence[Ciphertext]],
    *,
    style: BallotStyle,
    rng: Rng,
    context: bytes = CONTEXT,
) -> tuple[MixStep, MixStep]:
    """Steps 0 and 1 by the trustees of ``shares``, both valid, whose permutation
    commitments are equal: the second mixer replays the first one's permutation and
    commitment randomness (two colluding mixers, or one copying a commitment it can open).

    Both proofs verify and both signatures too; only mixnet §6 item 4 (fresh commitments)
    refuses the second."""
    recording = Recording(rng)
    first = mix(shares[0], cer, inputs, style=style, context=context, step=0, rng=recording)
    n, w = len(inputs), style.projects
    permutation_draws = sum(1 for c in recording.calls if len(c) == 8)
    rho_start = permutation_draws + n * w
    script = {i: recording.calls[i] for i in range(permutation_draws)}
    script.update({rho_start + j: recording.calls[rho_start + j] for j in range(n)})
    second = mix(
        shares[1],
        cer,
        first.outputs,
        style=style,
        context=context,
        step=1,
        rng=Replaying(rng, script),
    )
    assert second.proof.commitments == first.proof.commitments
    return first, second


def wrong_generators_step(
    share: KeyShare,
    cer: Ceremony,
    inputs: Sequence[Sequence[Ciphertext]],
    *,
    style: BallotStyle,
    step: int,
    generators_style: str,
    rng: Rng,
    context: bytes = CONTEXT,
) -> MixStep:
    """An honest shuffle proved and signed as step ``step``, but with the generators of
    another style (``generators_style``): its proof must fail mixnet §5.4."""
    key, w = cer.joint_key, style.projects
    xa, xb = decode_rows(inputs, w, "input")
    ya, yb, witness = shuffle_points(key, xa, xb, w, rng)
    proof, c = prove_points(
        key,
        (xa, xb),
        (ya, yb),
        w,
        witness,
        generators=shuffle_generators(context, generators_style),
        context=context,
        label=shuffle_label(style.id, step, share.index),
        rng=rng,
    )
    signature = prove_schnorr(
        decode_scalar(share.secret),
        context=context,
        label=mixer_label(style.id, step, share.index, c),
        rng=rng,
    )
    return MixStep(
        style=style.id,
        step=step,
        mixer=share.index,
        outputs=encode_rows(ya, yb, w),
        proof=proof,
        signature=signature,
    )


def forged_step(
    share: KeyShare,
    cer: Ceremony,
    inputs: Sequence[Sequence[Ciphertext]],
    *,
    style: BallotStyle,
    step: int,
    source: Sequence[int],
    rng: Rng,
    context: bytes = CONTEXT,
) -> MixStep:
    """A dishonest mixer: output row ``i`` re-encrypts input row ``source[i]``, which need not
    be a permutation (a row duplicated, another dropped), proved with the honest prover's
    algorithm as far as it goes and signed. Its proof must fail mixnet §5.4."""
    key, w = cer.joint_key, style.projects
    xa, xb = decode_rows(inputs, w, "input")
    rand = [[random_scalar(rng) for _ in range(w)] for _ in source]
    ya, yb = [], []
    for i, src in enumerate(source):
        for k in range(w):
            ya.append(xa[src * w + k] + base_mul(rand[i][k]))
            yb.append(xb[src * w + k] + key * rand[i][k])
    proof, c = prove_points(
        key,
        (xa, xb),
        (ya, yb),
        w,
        ShuffleWitness(source, rand),
        generators=shuffle_generators(context, style.id),
        context=context,
        label=shuffle_label(style.id, step, share.index),
        rng=rng,
    )
    signature = prove_schnorr(
        decode_scalar(share.secret),
        context=context,
        label=mixer_label(style.id, step, share.index, c),
        rng=rng,
    )
    return MixStep(
        style=style.id,
        step=step,
        mixer=share.index,
        outputs=encode_rows(ya, yb, w),
        proof=proof,
        signature=signature,
    )


def intermediate(
    cer: Ceremony, inputs: Sequence[Sequence[Ciphertext]], st: MixStep, style: BallotStyle
) -> dict[str, Any]:
    """The verifier's values of mixnet §5.2 for one step: seed, ``u``, ``c``."""
    w = style.projects
    statement = _Statement(
        cer.joint_key,
        decode_rows(inputs, w, "input"),
        decode_rows(st.outputs, w, "output"),
        width=w,
        generators=shuffle_generators(CONTEXT, style.id),
        context=CONTEXT,
        label=shuffle_label(style.id, st.step, st.mixer),
    )
    p = _Decoded(st.proof, statement.n, w)
    seed = statement.seed(p.commitments)
    u = statement.vector(seed)
    c = statement.challenge(seed, p.chain, (p.t1, p.t2, p.t3), p.t4, p.t_chain)
    return {
        "seed": seed.hex(),
        "u": [str(x) for x in u],
        "challenge": c.to_bytes(32, "little").hex(),
    }


def payload_list(
    steps: Sequence[MixStep], decryptions: Sequence[MixDecryption], ballots: Sequence[MixedBallots]
) -> list[tuple[str, bytes]]:
    """Every board payload of the mix, in the order of mixnet §8."""
    out: list[tuple[str, bytes]] = []
    for st in steps:
        header, chunks = shuffle_payloads(st)
        out.append(("shuffle", encode_payload(header)))
        out += [("shuffle-rows", encode_payload(c)) for c in chunks]
    out += [("mix-decryption", encode_payload(d)) for d in decryptions]
    out += [("mixed-ballots", encode_payload(b)) for b in ballots]
    return out


def mixnet_vectors() -> dict[str, Any]:
    rng = DeterministicRng(b"mixnet")
    cer, publics, shares = ceremony(rng)
    key = cer.joint_key
    inputs = encrypt_rows(key, STYLE, CHOICES, rng)
    steps: list[MixStep] = []
    current = inputs
    for k, mixer in enumerate(MIXERS):
        st = mix(shares[mixer - 1], cer, current, style=STYLE, context=CONTEXT, step=k, rng=rng)
        steps.append(st)
        current = st.outputs
    last = current
    chunks = mix_chunks(len(last), STYLE.projects)
    partials = {
        d: partial_decrypt_mixed(shares[d - 1], last, style=STYLE, context=CONTEXT, rng=rng)
        for d in DECRYPTORS
    }
    decryptions = [
        MixDecryption(style=STYLE.id, chunk=q, decryption=partials[d][q])
        for d in DECRYPTORS
        for q in range(len(chunks))
    ]
    opened = []
    choices: list[list[int]] = []
    for q, span in enumerate(chunks):
        trustees, rows = decrypt_mixed(
            cer,
            [partials[d][q] for d in DECRYPTORS],
            last[span.start : span.stop],
            style=STYLE,
            context=CONTEXT,
            chunk=q,
        )
        opened.append(MixedBallots(style=STYLE.id, chunk=q, trustees=trustees, choices=rows))
        choices += rows
    assert sorted(choices) == sorted(CHOICES)
    payloads = payload_list(steps, decryptions, opened)
    return {
        "context": CONTEXT.hex(),
        "ceremony_context": CEREMONY_CONTEXT.hex(),
        "style": _wire(STYLE),
        "trustees": TRUSTEES,
        "threshold": THRESHOLD,
        "trustee_records": [_wire(p) for p in publics],
        "key_shares": [s.secret.hex() for s in shares],
        "joint_key": key.encode().hex(),
        "public_shares": [cer.public_share(i).encode().hex() for i in range(1, TRUSTEES + 1)],
        "generators": {
            "chain": shuffle_generators(CONTEXT, STYLE.id).chain.encode().hex(),
            "commitment": [
                f.encode().hex()
                for f in shuffle_generators(CONTEXT, STYLE.id).commitment(len(CHOICES))
            ],
        },
        "input_choices": CHOICES,
        "input": [[_wire(c) for c in row] for row in inputs],
        "steps": [
            {
                "step": st.step,
                "mixer": st.mixer,
                "label": shuffle_label(STYLE.id, st.step, st.mixer).hex(),
                **intermediate(
                    cer, inputs if st.step == 0 else steps[st.step - 1].outputs, st, STYLE
                ),
                "output": [[_wire(c) for c in row] for row in st.outputs],
                "proof": _wire(st.proof),
                "signature": _wire(st.signature),
            }
            for st in steps
        ],
        "payloads": [{"kind": kind, "text": text.decode()} for kind, text in payloads],
        "choices": choices,
        "rejected": rejected(payloads, cer, shares, inputs, rng),
    }


def _replace(payloads: list[tuple[str, bytes]], kind: str, nth: int, obj: object) -> dict[str, Any]:
    """``{index, text}``: the ``nth`` payload of ``kind`` replaced by ``obj``'s text."""
    indices = [i for i, (k, _) in enumerate(payloads) if k == kind]
    return {"index": indices[nth], "text": encode_payload(obj).decode()}


def _step_replacements(
    payloads: list[tuple[str, bytes]], st: MixStep, first_chunk: int
) -> list[dict[str, Any]]:
    header, chunks = shuffle_payloads(st)
    return [
        _replace(payloads, "shuffle", st.step, header),
        *(_replace(payloads, "shuffle-rows", first_chunk + q, c) for q, c in enumerate(chunks)),
    ]


def rejected(
    payloads: list[tuple[str, bytes]],
    cer: Ceremony,
    shares: Sequence[KeyShare],
    inputs: Sequence[Sequence[Ciphertext]],
    rng: Rng,
) -> list[dict[str, Any]]:
    """Variants of the payloads that MUST be refused, each naming the auditor check."""

    def decode(kind: str, nth: int, struct: type[T]) -> T:
        indices = [i for i, (k, _) in enumerate(payloads) if k == kind]
        return msgspec.json.decode(payloads[indices[nth]][1], type=struct)

    def variant(why: str, check: str, replace: list[dict[str, Any]]) -> dict[str, Any]:
        return {"why": why, "check": check, "replace": replace}

    header = decode("shuffle", 0, Shuffle)
    chunk = decode("shuffle-rows", 0, ShuffleRows)
    rows = chunk.rows

    def with_rows(new_rows: list[ShuffleRow]) -> list[dict[str, Any]]:
        return [
            _replace(payloads, "shuffle-rows", 0, msgspec.structs.replace(chunk, rows=new_rows))
        ]

    other = encrypt_rows(cer.joint_key, STYLE, [[0, 0, 1]], rng)[0]
    bumped = (decode_scalar(rows[2].s_perm) + 1).to_bytes(32, "little")
    out = [
        variant(
            "a mixer replaced a ballot",
            "M2",
            with_rows([msgspec.structs.replace(rows[0], ciphertexts=other), *rows[1:]]),
        ),
        variant(
            "a mixer duplicated a ballot",
            "M2",
            with_rows(
                [
                    rows[0],
                    msgspec.structs.replace(rows[1], ciphertexts=rows[0].ciphertexts),
                    *rows[2:],
                ]
            ),
        ),
        variant("a mixer dropped a ballot", "M1", with_rows(rows[:-1])),
        variant(
            "a response of the proof changed",
            "M2",
            with_rows([*rows[:2], msgspec.structs.replace(rows[2], s_perm=bumped), *rows[3:]]),
        ),
        variant(
            "the step claims another mixer",
            "M2",
            [_replace(payloads, "shuffle", 0, msgspec.structs.replace(header, mixer=2))],
        ),
    ]
    wrong = wrong_generators_step(
        shares[0], cer, inputs, style=STYLE, step=0, generators_style="other-style", rng=rng
    )
    out.append(
        variant(
            "a mixer proved with another style's generators",
            "M2",
            _step_replacements(payloads, wrong, 0),
        )
    )
    first, second = copied_permutation_step(
        (shares[0], shares[2]), cer, inputs, style=STYLE, rng=rng
    )
    chunks0 = len(shuffle_payloads(first)[1])
    out.append(
        variant(
            "a mixer reused a permutation commitment",
            "M3",
            _step_replacements(payloads, first, 0) + _step_replacements(payloads, second, chunks0),
        )
    )
    dec = decode("mix-decryption", 0, MixDecryption)
    swapped = [dec.decryption.shares[1], dec.decryption.shares[0], *dec.decryption.shares[2:]]
    out.append(
        variant(
            "two decryption shares swapped",
            "M4",
            [
                _replace(
                    payloads,
                    "mix-decryption",
                    0,
                    msgspec.structs.replace(
                        dec, decryption=msgspec.structs.replace(dec.decryption, shares=swapped)
                    ),
                )
            ],
        )
    )
    opened = decode("mixed-ballots", 0, MixedBallots)
    changed = [next(r for r in CHOICES if r != opened.choices[0]), *opened.choices[1:]]
    out.append(
        variant(
            "a decrypted ballot changed",
            "M5",
            [
                _replace(
                    payloads, "mixed-ballots", 0, msgspec.structs.replace(opened, choices=changed)
                )
            ],
        )
    )
    return out


def all_vectors() -> dict[str, bytes]:
    """File name -> exact file bytes."""
    return {NAME: (json.dumps(mixnet_vectors(), indent=1) + "\n").encode()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    bad = 0
    for name, data in all_vectors().items():
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                print(f"differs: {path}")
                bad += 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path} ({len(data)} bytes)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
