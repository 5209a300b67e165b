"""The hazmat fast sum equals the checked sum on valid input and refuses non-points."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.crypto import (
    ZERO_CIPHERTEXT,
    Ciphertext,
    EncodingError,
    decrypt,
    encrypt,
    generate_keypair,
    sum_ciphertexts,
)
from oylama.crypto.hazmat import DeterministicRng, L, sum_checked_ciphertexts

SECRET, KEY = generate_keypair(DeterministicRng(b"sum tests"))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(1, L - 1)), max_size=12))
def test_fast_sum_equals_checked_sum(items: list[tuple[int, int]]) -> None:
    cts = [encrypt(KEY, m, r) for m, r in items]
    fast = sum_checked_ciphertexts(cts)
    assert fast == sum_ciphertexts(cts)
    assert decrypt(SECRET, fast, 1000 * 12) == sum(m for m, _ in items)


def test_cancelling_sum_is_the_identity_ciphertext() -> None:
    ct = encrypt(KEY, 0, 5)
    neg = encrypt(KEY, 0, L - 5)  # randomness cancels: alpha and beta both sum to the identity
    assert sum_checked_ciphertexts([ct, neg]) == ZERO_CIPHERTEXT == sum_ciphertexts([ct, neg])
    assert sum_checked_ciphertexts([]) == ZERO_CIPHERTEXT


def test_not_a_point_is_refused() -> None:
    ct = encrypt(KEY, 1, 7)
    off_curve = Ciphertext(alpha=ct.alpha, beta=bytes([2]) + bytes(31))
    with pytest.raises(EncodingError):
        sum_checked_ciphertexts([ct, off_curve])
    short = Ciphertext(alpha=ct.alpha[:31], beta=ct.beta)
    with pytest.raises(EncodingError):
        sum_checked_ciphertexts([ct, short])
