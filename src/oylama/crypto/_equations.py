"""Verification equations: linear combinations of public points that must be the identity.

Every proof of docs/spec/crypto.md (version 2) carries its commitments, so its verifier
recomputes the Fiat–Shamir challenge from them and then checks a fixed list of equations, each
of the form ``Σ k_i·P_i = O`` (e.g. ``z·G - c·X - A = O``), over points that anyone knows:
statement, commitments, generators (crypto §3.3). This module checks such equations, on
encodings, in two ways that accept exactly the same proofs:

* :func:`failing` -- each equation on its own, in order: the verdict, and which equation
  failed, which a verifier's error message names;
* :class:`Batch` -- all equations of many proofs at once: each multiplied by a random 128-bit
  weight drawn from a CSPRNG, summed, and the coefficients of every distinct point gathered,
  one multi-scalar multiplication. ristretto255 has prime order, so if any equation fails the
  weighted sum is ``O`` with probability at most ``2^-128`` (Bellare–Garay–Rabin's small
  exponents test); when it holds, every equation holds except with that probability. A batch
  that fails says nothing about *which* proof failed: the caller then checks each proof with
  :func:`failing` to name it.

Everything here is public data: multiplications are variable-time on the native backend.
Points are given as encodings; an encoding of no element makes :func:`failing` report the
equation it is in (the caller names the point) and :meth:`Batch.holds` return ``False``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import Final

from oylama.crypto._backend import NATIVE, SODIUM
from oylama.crypto._group import G_BYTES, IDENTITY_BYTES, POINT_SIZE, L, Rng

if NATIVE:
    import oylama_arith as _arith

#: One term ``k·P`` of an equation: the integer ``k`` (reduced modulo ``L`` here) and the
#: encoding of ``P``.
Term = tuple[int, bytes]

#: Bytes of a batch weight (128 bits).
WEIGHT_BYTES: Final = 16


def _evaluate_sodium(terms: Sequence[Term]) -> bytes:
    """``Σ k·P`` on libsodium: one multiplication per term (none for ``k`` in ``{0, 1, -1}``),
    the terms on ``G`` merged into one fixed-base multiplication. ``ValueError`` if a point
    encodes no element, whatever its coefficient (as on the native backend, which decodes
    every point it is given)."""
    assert SODIUM is not None
    acc = IDENTITY_BYTES
    g = 0
    for coefficient, p in terms:
        k = coefficient % L
        if p == G_BYTES:
            g += k
        elif k == 0 or p == IDENTITY_BYTES:
            if not SODIUM.is_valid(p):
                raise ValueError("not an encoding")
        elif k == 1:
            if acc == IDENTITY_BYTES:
                if not SODIUM.is_valid(p):
                    raise ValueError("not an encoding")
                acc = p
            else:
                acc = SODIUM.add(acc, p)
        elif k == L - 1:
            acc = SODIUM.sub(acc, p)
        else:
            q = SODIUM.mul(k.to_bytes(32, "little"), p)
            acc = q if acc == IDENTITY_BYTES else SODIUM.add(acc, q)
    g %= L
    if g:
        q = SODIUM.mul_base(g.to_bytes(32, "little"))
        acc = q if acc == IDENTITY_BYTES else SODIUM.add(acc, q)
    return acc


def _holds_sodium(row: Sequence[Term]) -> bool:
    # ``… - A = O`` as ``… = A``: one subtraction fewer (a commitment is last, with -1). An
    # encoding of no element never equals a sum, which is always an element's encoding.
    if row and row[-1][0] % L == L - 1:
        return _evaluate_sodium(row[:-1]) == row[-1][1]
    return _evaluate_sodium(row) == IDENTITY_BYTES


def failing(equations: Sequence[Sequence[Term]]) -> int | None:
    """The index of the first equation that does not hold (or holds a point that encodes no
    element), or ``None`` if every one holds. Each is checked on its own."""
    if not equations:
        return None
    if NATIVE:
        index: dict[bytes, int] = {}
        terms: list[int] = []
        scalars: list[bytes] = []
        widths: list[int] = []
        for row in equations:
            widths.append(len(row))
            for k, p in row:
                i = index.setdefault(p, len(index))
                terms.append(i)
                scalars.append((k % L).to_bytes(32, "little"))
        points = list(index)
        try:
            out = _arith.combine_vartime(b"".join(points), terms, b"".join(scalars), widths)
        except ValueError:
            return _first_with_bad_point(equations)
        for n in range(len(equations)):
            if out[32 * n : 32 * n + 32] != IDENTITY_BYTES:
                return n
        return None
    for n, row in enumerate(equations):
        try:
            if not _holds_sodium(row):
                return n
        except ValueError:
            return n
    return None


def _first_with_bad_point(equations: Sequence[Sequence[Term]]) -> int:
    """The first equation that fails, when one of them holds an encoding of no element: the
    equations before the first such one are checked on their own."""
    for n, row in enumerate(equations):
        if not all(is_element(p) for _, p in row):
            before = failing(equations[:n])
            return n if before is None else before
    raise ValueError("combine_vartime refused valid points")  # pragma: no cover


def is_element(p: bytes) -> bool:
    """Whether ``p`` is the encoding of an element (the identity included)."""
    if not isinstance(p, bytes) or len(p) != POINT_SIZE:
        return False
    if NATIVE:
        return bool(_arith.is_valid(p))
    assert SODIUM is not None
    return SODIUM.is_valid(p)


def combine(points: Sequence[bytes], rows: Sequence[Sequence[tuple[int, int]]]) -> list[bytes]:
    """Rows of ``Σ k·points[i]`` over terms ``(i, k)``, in variable time, as encodings
    (public data: aggregates a verifier computes). ``ValueError`` if a point used encodes no
    element."""
    if NATIVE:
        terms = [i for row in rows for i, _ in row]
        scalars = b"".join((k % L).to_bytes(32, "little") for row in rows for _, k in row)
        out = _arith.combine_vartime(b"".join(points), terms, scalars, [len(r) for r in rows])
        return [out[j : j + 32] for j in range(0, len(out), 32)]
    return [_evaluate_sodium([(k, points[i]) for i, k in row]) for row in rows]


class Batch:
    """Equations of many proofs, checked together with random 128-bit weights.

    :meth:`add` multiplies an equation by a fresh weight and adds each term's coefficient to
    its point's; :meth:`holds` is one multi-scalar multiplication over the distinct points
    (``G``, the election key and every statement and commitment point), compared with the
    identity. The weights come from ``rng`` (default :mod:`secrets`): they must be
    unpredictable to whoever made the proofs.
    """

    __slots__ = ("_coefficients", "_index", "_pool", "_rng", "equations")

    def __init__(self, rng: Rng | None = None) -> None:
        self._rng = secrets if rng is None else rng
        self._index: dict[bytes, int] = {}
        self._coefficients: list[int] = []
        self._pool = b""
        #: How many equations were added.
        self.equations = 0

    def _weights(self, count: int) -> list[int]:
        need = count * WEIGHT_BYTES
        if len(self._pool) < need:
            self._pool += self._rng.token_bytes(max(need, 64 * WEIGHT_BYTES))
        pool = self._pool
        self._pool = pool[need:]
        return [
            int.from_bytes(pool[i : i + WEIGHT_BYTES], "little")
            for i in range(0, need, WEIGHT_BYTES)
        ]

    def add(self, equations: Iterable[Sequence[Term]]) -> None:
        """Add equations (each a list of terms ``(k, encoding)``)."""
        rows = list(equations)
        index = self._index
        co = self._coefficients
        for w, row in zip(self._weights(len(rows)), rows, strict=True):
            for k, p in row:
                i = index.get(p)
                if i is None:
                    index[p] = len(co)
                    co.append(w * k)
                else:
                    co[i] += w * k
        self.equations += len(rows)

    def holds(self) -> bool:
        """Whether the weighted sum of every equation added is the identity (``False`` also
        when a point encodes no element)."""
        if not self._coefficients:
            return True
        points = list(self._index)
        if NATIVE:
            scalars = b"".join((k % L).to_bytes(32, "little") for k in self._coefficients)
            try:
                return _arith.msm_vartime(scalars, b"".join(points)) == IDENTITY_BYTES
            except ValueError:
                return False
        try:
            return _evaluate_sodium(list(zip(self._coefficients, points, strict=True))) == (
                IDENTITY_BYTES
            )
        except ValueError:
            return False
