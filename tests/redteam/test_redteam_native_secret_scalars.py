"""Red team, issue #15: a secret scalar must never reach the native variable-time arithmetic.

The native backend has variable-time multi-scalar multiplication (``oylama_arith.*_vartime``,
reached through ``hazmat.combine_vartime`` and ``hazmat.msm_vartime``) for verifiers, whose
scalars are public. If a prover passed its encryption randomness, a nonce, a simulated branch's
challenge or response before publication, or a secret key to it, a timing observer on the
voter's device or the trustee's machine could learn it. This test instruments every
``*_vartime`` function of the extension, runs the provers of every proof shape (ballots of the
four kinds, with one-of, range, table and exact-bound proofs; Schnorr; a decryption share) with
a random source that records every scalar it hands out, and fails if any of those scalars, the
secret key, or its negation modulo ``L`` reaches a variable-time call. A verification run under
the same instrumentation shows that the instrumentation does see the verifiers' calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from oylama.crypto import (
    BallotStyle,
    encrypt_ballot,
    generate_keypair,
    prove_decryption,
    prove_schnorr,
    verify_ballot,
)
from oylama.crypto.hazmat import BACKEND, DeterministicRng, L

pytestmark = pytest.mark.skipif(BACKEND != "native", reason="the native backend is not in use")

CTX = bytes(range(32))
CRED = bytes(range(32, 64))


class RecordingRng(DeterministicRng):
    """Every 64-byte draw is a random scalar (docs/spec/crypto.md §2.3): keep its value."""

    def __init__(self, seed: bytes) -> None:
        super().__init__(seed)
        self.scalars: set[int] = set()

    def token_bytes(self, nbytes: int) -> bytes:
        out = super().token_bytes(nbytes)
        if nbytes == 64:
            self.scalars.add(int.from_bytes(out, "little") % L)
        return out


@pytest.fixture
def vartime_scalars(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every scalar passed to one of the extension's variable-time functions."""
    import oylama_arith  # noqa: PLC0415

    seen: list[int] = []

    def scalars_of(data: bytes) -> list[int]:
        return [int.from_bytes(data[i : i + 32], "little") for i in range(0, len(data), 32)]

    def wrap(name: str, pick: Callable[..., list[bytes]]) -> None:
        original = getattr(oylama_arith, name)

        def recorded(*args: object, **kwargs: object) -> object:
            for data in pick(*args, **kwargs):
                seen.extend(scalars_of(data))
            return original(*args, **kwargs)

        monkeypatch.setattr(oylama_arith, name, recorded)

    wrap("combine_vartime", lambda points, terms, scalars, widths: [scalars])
    wrap("msm_vartime", lambda scalars, points: [scalars])
    wrap("mul_vartime", lambda k, p: [k])
    wrap("double_mul_base_vartime", lambda a, p, b: [a, b])
    yield seen


STYLES = [
    (BallotStyle(id="a", kind="approval", projects=5, min_count=1, max_count=3), [1, 0, 1, 0, 0]),
    (BallotStyle(id="e", kind="approval", projects=3, min_count=2, max_count=2), [1, 1, 0]),
    (
        BallotStyle(id="k", kind="knapsack", projects=4, costs=(300, 500, 700, 900), budget=1500),
        [1, 1, 0, 0],
    ),
    (BallotStyle(id="c", kind="cumulative", projects=3, points=5), [3, 0, 2]),
    (
        BallotStyle(id="q", kind="quadratic", projects=3, max_votes=3, credits=9),
        [2, 0, 1],
    ),
]


def test_provers_never_pass_a_secret_to_variable_time_code(vartime_scalars: list[int]) -> None:
    rng = RecordingRng(b"red team #15")
    secret, key = generate_keypair(rng)
    ballots = []
    for i, (style, choices) in enumerate(STYLES):
        ballot, secrets_ = encrypt_ballot(
            style, key, choices, context=CTX, ballot_id=bytes([i + 1]), credential=CRED, rng=rng
        )
        ballots.append((style, ballot))
        for r in secrets_.randomness + secrets_.square_randomness:
            rng.scalars.add(int.from_bytes(r, "little"))
    prove_schnorr(secret, context=CTX, label=b"schnorr", rng=rng)
    prove_decryption(secret, ballots[0][1].selections[0], context=CTX, label=b"share", rng=rng)

    secrets = rng.scalars | {secret}
    secrets |= {(-s) % L for s in secrets}
    assert len(rng.scalars) > 100  # nonces, randomness and simulations were recorded
    leaked = secrets.intersection(vartime_scalars)
    assert not leaked, f"{len(leaked)} secret scalars reached variable-time arithmetic"

    # The instrumentation sees the verifiers, which use the variable-time path on purpose.
    before = len(vartime_scalars)
    for style, ballot in ballots:
        verify_ballot(style, key, ballot, context=CTX, credential=CRED)
    assert len(vartime_scalars) > before + 50
