"""Small discrete logarithms: baby-step giant-step with a cached table per bound.

Exponential ElGamal decrypts to ``m·G``; the tally must recover ``m``, which is small (at most
the number of ballots times the largest weight). With a table of ``t`` baby steps ``j·G`` the
search needs at most ``⌈(N+1)/t⌉`` giant steps, each one point subtraction. ``t = 2⌈√(N+1)⌉``
halves the search at the price of a table built once per bound and cached: for ``N = 10^6``,
2,002 additions to build, then at most 500 subtractions per decoding.
"""

from __future__ import annotations

import functools
import math
from typing import Final

from oylama.crypto._backend import NATIVE, SODIUM
from oylama.crypto._errors import CryptoError, DecryptionError
from oylama.crypto._group import G_BYTES, IDENTITY_BYTES, Point, base_mul

if NATIVE:
    import oylama_arith as _arith
else:
    assert SODIUM is not None
    _add = SODIUM.add
    _sub = SODIUM.sub

#: Largest bound accepted. The table grows as the square root of the bound: 2·10^5 entries
#: (about 35 MB, 3 s to build) here, and a decoding takes at most 5·10^4 subtractions. Tallies
#: stay far below (ballots times the largest weight).
MAX_BOUND: Final = 10**10

#: Giant steps computed per native call: most tallies are found in the first few.
_GIANT_CHUNK: Final = 64


class _Table:
    """Baby steps ``{encode(j·G): j : 0 <= j < t}`` and the giant step ``t·G``."""

    __slots__ = ("giant", "minus_giant", "size", "steps")

    def __init__(self, bound: int) -> None:
        self.size = min(bound + 1, 2 * math.isqrt(bound) + 2)
        if NATIVE:
            # One call: the multiples 0·G … (t-1)·G, one addition and one encoding each.
            raw = _arith.progression(IDENTITY_BYTES, G_BYTES, self.size)
            self.steps = {raw[32 * j : 32 * j + 32]: j for j in range(self.size)}
        else:
            steps = {IDENTITY_BYTES: 0}
            q = G_BYTES
            for j in range(1, self.size):
                steps[q] = j
                q = _add(q, G_BYTES)
            self.steps = steps
        self.giant = base_mul(self.size).encode()
        # -t·G: the native giant steps add it (a progression) instead of subtracting t·G.
        self.minus_giant = (-base_mul(self.size)).encode()


@functools.lru_cache(maxsize=8)
def _table(bound: int) -> _Table:
    return _Table(bound)


def discrete_log(point: Point, bound: int) -> int:
    """The ``m`` with ``0 <= m <= bound`` and ``m·G == point``.

    Raises :class:`DecryptionError` if there is none (the plaintext is out of the bound, or
    the decryption shares were wrong).
    """
    if not 0 <= bound <= MAX_BOUND:
        raise CryptoError(f"bound must be in [0, {MAX_BOUND}], got {bound}")
    table = _table(bound)
    steps, giant, size = table.steps, table.giant, table.size
    y = point.encode()
    giants = bound // size + 1
    if NATIVE:
        # M - i·t·G for i = 0, 1, …, computed in chunks (one native call each).
        for first in range(0, giants, _GIANT_CHUNK):
            count = min(_GIANT_CHUNK, giants - first)
            ys = _arith.progression(y, table.minus_giant, count + 1)
            for i in range(count):
                j = steps.get(ys[32 * i : 32 * i + 32])
                if j is not None:
                    m = (first + i) * size + j
                    if m <= bound:
                        return m
                    raise DecryptionError(f"the plaintext is not within [0, {bound}]")
            y = ys[32 * count :]
        raise DecryptionError(f"the plaintext is not within [0, {bound}]")
    for i in range(giants):
        j = steps.get(y)
        if j is not None:
            m = i * size + j
            if m <= bound:
                return m
            break
        y = _sub(y, giant)
    raise DecryptionError(f"the plaintext is not within [0, {bound}]")
