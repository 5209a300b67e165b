"""Small discrete logarithms: baby-step giant-step over one cached table, many points at once.

Exponential ElGamal decrypts to ``m·G``; the tally must recover ``m``, which is small (at most
the number of ballots times the largest weight). With a table of ``t`` baby steps ``j·G`` the
search for one ``m <= N`` needs at most ``⌈(N+1)/t⌉`` giant steps, each one point subtraction.

A tally decodes a whole style at once (:func:`discrete_logs`), and its plaintexts have a known
**total** as well as a per-project bound: a cumulative ballot gives at most ``P`` points in
all, so the projects' sums add up to at most ``ballots·P`` however many projects there are.
The points are searched side by side, giant step by giant step, and each leaves the search
when it is found: the work is ``Σ m_k / t + (number of points)`` giant steps, below
``total / t + n`` -- not ``n`` times the worst case. A search that cannot succeed (the total
is exceeded by what is found plus what the unfound must at least be) stops early.

The table has ``t = min(2⌈√total⌉ + 2, MAX_TABLE)`` entries and is cached (the largest built so
far serves every smaller need): for the largest total, :data:`MAX_BOUND` = 10^10, about 2·10^5
entries (about 35 MB, a few seconds to build, once per process) and at most 5·10^4 giant steps.
The service refuses, when the credential list is uploaded, any election whose tally could
exceed that (docs/spec/service.md §6.3), so every accepted election can be decoded.

On the native backend (:mod:`oylama.crypto._backend`) the table is one ``progression`` call
and the giant steps are computed in chunks of :data:`_GIANT_CHUNK` per call
(:func:`_giant_steps`, the one seam both backends go through).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
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

#: Largest bound accepted, per plaintext and in total.
MAX_BOUND: Final = 10**10

#: Most baby steps kept (memory: about 170 bytes each).
MAX_TABLE: Final = 2 * math.isqrt(MAX_BOUND) + 2

#: Giant steps computed per native call: most tallies are found in the first few.
_GIANT_CHUNK: Final = 64


class TimeLimitError(CryptoError):
    """A search ran past its deadline (nothing is wrong with the input; it was too slow)."""


class _Table:
    """Baby steps ``{encode(j·G): j : 0 <= j < size}``, the giant step ``size·G`` and its
    negation."""

    __slots__ = ("giant", "minus_giant", "size", "steps")

    def __init__(self, size: int) -> None:
        self.size = size
        if NATIVE:
            # One call: the multiples 0·G … (t-1)·G, one addition and one encoding each.
            raw = _arith.progression(IDENTITY_BYTES, G_BYTES, size)
            self.steps = {raw[32 * j : 32 * j + 32]: j for j in range(size)}
        else:
            steps = {IDENTITY_BYTES: 0}
            q = G_BYTES
            for j in range(1, size):
                steps[q] = j
                q = _add(q, G_BYTES)
            self.steps = steps
        self.giant = base_mul(size).encode()
        # -t·G: the native giant steps add it (a progression) instead of subtracting t·G.
        self.minus_giant = (-base_mul(size)).encode()


_cached: _Table | None = None
_cache_lock = threading.Lock()


def _table(size: int) -> _Table:
    """A table of at least ``size`` entries: the cached one if large enough, else a new one
    (which replaces it). Built under a lock, so concurrent tallies build it once."""
    global _cached  # noqa: PLW0603 - one table per process, by design
    with _cache_lock:
        if _cached is None or _cached.size < size:
            _cached = _Table(size)
        return _cached


def forget_table() -> None:
    """Drop the cached table, so that the next search builds one (benchmarks time that)."""
    global _cached  # noqa: PLW0603 - one table per process, by design
    with _cache_lock:
        _cached = None


def table_size(total: int) -> int:
    """The baby steps worth building for searches whose plaintexts add up to ``total``."""
    return min(total + 1, 2 * math.isqrt(total) + 2, MAX_TABLE)


def _giant_steps(y: bytes, table: _Table, count: int) -> list[bytes]:
    """``y - i·t·G`` for ``i = 0 … count`` (``count + 1`` encodings)."""
    if NATIVE:
        raw = _arith.progression(y, table.minus_giant, count + 1)
        return [raw[32 * i : 32 * i + 32] for i in range(count + 1)]
    out = [y]
    for _ in range(count):
        y = _sub(y, table.giant)
        out.append(y)
    return out


def discrete_logs(
    points: Sequence[Point],
    bound: int,
    total: int | None = None,
    *,
    deadline: float | None = None,
) -> list[int]:
    """The ``m_k`` with ``0 <= m_k <= bound``, ``Σ m_k <= total`` and ``m_k·G == points[k]``.

    ``total`` defaults to ``len(points)·bound``. Raises :class:`DecryptionError` if there are
    none (a plaintext out of its bound, the total exceeded, or wrong decryption shares), and
    :class:`TimeLimitError` once ``time.monotonic()`` passes ``deadline``.
    """
    if total is None:
        total = len(points) * bound
    if not 0 <= bound <= MAX_BOUND:
        raise CryptoError(f"bound must be in [0, {MAX_BOUND}], got {bound}")
    if not 0 <= total <= MAX_BOUND:
        raise CryptoError(f"total must be in [0, {MAX_BOUND}], got {total}")
    if not points:
        return []
    table = _table(table_size(min(total, len(points) * bound)))
    steps, size = table.steps, table.size
    giants = bound // size + 1  # giant steps that can reach a value within the bound
    chunk = _GIANT_CHUNK if NATIVE else 1
    ys = [p.encode() for p in points]
    found: list[int] = [0] * len(points)
    pending = list(range(len(points)))
    got = 0
    step = 0  # giant steps done for every point still searched
    while pending:
        if deadline is not None and time.monotonic() > deadline:
            raise TimeLimitError("the discrete-log search ran out of time")
        count = min(chunk, giants - step)
        still: list[int] = []
        for k in pending:
            run = _giant_steps(ys[k], table, count)
            for i in range(count):
                j = steps.get(run[i])
                if j is None:
                    continue
                m = (step + i) * size + j
                if m > bound:  # the smallest solution is above the bound: there is none within
                    raise DecryptionError(f"plaintext {k} is not within [0, {bound}]")
                found[k] = m
                got += m
                break
            else:
                ys[k] = run[count]
                still.append(k)
        pending = still
        step += count
        # every point still searched is at least step·size
        if got + step * size * len(pending) > total or (pending and step >= giants):
            if got > total:
                raise DecryptionError(f"the plaintexts add up to more than {total}")
            raise DecryptionError(f"no plaintexts within [0, {bound}] adding up to at most {total}")
    return found


def discrete_log(point: Point, bound: int) -> int:
    """The ``m`` with ``0 <= m <= bound`` and ``m·G == point``.

    Raises :class:`DecryptionError` if there is none (the plaintext is out of the bound, or
    the decryption shares were wrong).
    """
    return discrete_logs([point], bound)[0]
