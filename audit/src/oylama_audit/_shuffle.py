"""The proof of a shuffle (mixnet.md §2–§5), checked equation by equation.

Written from docs/spec/mixnet.md alone. Lists are rows of ``(alpha, beta)`` encodings; every
equation of §5.4 is recomputed as the spec writes it, with the group's multiplications (which
also refuse an encoding of no element). No batching: each equation on its own, so that a
failure is named by the equation that fails.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import msgspec

from oylama_audit._errors import EncodingError, ProofError
from oylama_audit._group import (
    G,
    L,
    add,
    base,
    challenge,
    check_point,
    decode_scalar,
    hash_to_point,
    lp,
    mul,
    point_sum,
    scalar_bytes,
    sub,
    transcript,
    u32be,
)
from oylama_audit._wire import Ciphertext, Wire

Row = Sequence[tuple[bytes, bytes]]


class ShuffleProof(Wire):
    """mixnet §9, with the per-row items gathered in row order."""

    commitments: list[bytes]
    chain: list[bytes]
    t1: bytes
    t2: bytes
    t3: bytes
    t4: list[Ciphertext]
    t_chain: list[bytes]
    s1: bytes
    s2: bytes
    s3: bytes
    s4: list[bytes]
    s_chain: list[bytes]
    s_perm: list[bytes]


def mix_label(style_id: str, step: int, mixer: int) -> bytes:
    """§5.1: ``LP("oylama/mixnet/v1") || LP(style_id) || u32be(step) || u32be(mixer)``."""
    return lp(b"oylama/mixnet/v1") + lp(style_id.encode("utf-8")) + u32be(step) + u32be(mixer)


class Generators:
    """§3: ``J`` and ``F_0, F_1, …`` of one style of one election (grown on demand)."""

    def __init__(self, context: bytes, style_id: str) -> None:
        self._message = context + lp(style_id.encode("utf-8"))
        self.chain = hash_to_point(b"oylama/mixnet/v1/chain", self._message)
        self._f: list[bytes] = []

    def commitment(self, count: int) -> list[bytes]:
        while len(self._f) < count:
            index = u32be(len(self._f))
            self._f.append(hash_to_point(b"oylama/mixnet/v1/generator", self._message + index))
        return self._f[:count]


_generators: dict[tuple[bytes, str], Generators] = {}


def generators(context: bytes, style_id: str) -> Generators:
    found = _generators.get((context, style_id))
    if found is None:
        if len(_generators) > 16:
            _generators.clear()
        found = _generators[(context, style_id)] = Generators(context, style_id)
    return found


def _list_bytes(rows: Sequence[Row]) -> bytes:
    return b"".join(a + b for row in rows for a, b in row)


def _product(values: Sequence[int]) -> int:
    out = 1
    for v in values:
        out = out * v % L
    return out


def _combination(scalars: Sequence[int], points: Sequence[bytes]) -> bytes:
    return point_sum(mul(k, p) for k, p in zip(scalars, points, strict=True))


def _points(items: Sequence[bytes], what: str) -> list[bytes]:
    return [check_point(p, allow_identity=True, what=f"{what}[{i}]") for i, p in enumerate(items)]


def _scalars(items: Sequence[bytes], what: str) -> list[int]:
    out = []
    for i, s in enumerate(items):
        try:
            out.append(decode_scalar(s))
        except ProofError as exc:
            raise ProofError(f"{what}[{i}]: {exc}") from None
    return out


def verify_shuffle(
    key: bytes,
    inputs: Sequence[Row],
    outputs: Sequence[Row],
    proof: ShuffleProof,
    *,
    width: int,
    context: bytes,
    style_id: str,
    label: bytes,
) -> int:
    """§5.4: raise :class:`ProofError` (or :class:`EncodingError`) unless the proof shows that
    ``outputs`` is ``inputs`` permuted and re-encrypted; return the challenge ``c``."""
    check_point(key, allow_identity=False, what="election key")
    if not 1 <= width <= 1024:
        raise ProofError(f"width {width} outside [1, 1024]")
    n = len(inputs)
    if len(outputs) != n or any(len(r) != width for r in (*inputs, *outputs)):
        raise ProofError(f"the lists are not {n} rows of {width} ciphertexts each")
    for i, row in enumerate(outputs):
        for k, (alpha, beta) in enumerate(row):
            check_point(alpha, allow_identity=True, what=f"output row {i} column {k} alpha")
            check_point(beta, allow_identity=True, what=f"output row {i} column {k} beta")
    sizes = {
        "commitments": n,
        "chain": n,
        "t_chain": n,
        "s_chain": n,
        "s_perm": n,
        "t4": width,
        "s4": width,
    }
    for name, size in sizes.items():
        if len(getattr(proof, name)) != size:
            raise ProofError(f"{name}: {len(getattr(proof, name))} entries, not {size}")
    commitments = _points(proof.commitments, "commitments")
    chain = _points(proof.chain, "chain")
    t_chain = _points(proof.t_chain, "t_chain")
    t1, t2, t3 = _points([proof.t1, proof.t2, proof.t3], "t")
    t4 = [
        (
            check_point(ct.alpha, allow_identity=True, what=f"t4[{k}].alpha"),
            check_point(ct.beta, allow_identity=True, what=f"t4[{k}].beta"),
        )
        for k, ct in enumerate(proof.t4)
    ]
    s1, s2, s3 = _scalars([proof.s1, proof.s2, proof.s3], "s")
    s4 = _scalars(proof.s4, "s4")
    s_chain = _scalars(proof.s_chain, "s_chain")
    s_perm = _scalars(proof.s_perm, "s_perm")

    gens = generators(context, style_id)
    f = gens.commitment(n)
    j_point = gens.chain

    # §5.2: seed, u, U, c.
    seed = hashlib.sha512(
        transcript(
            "shuffle-statement",
            context,
            label,
            [
                key,
                scalar_bytes(n),
                scalar_bytes(width),
                _list_bytes(inputs),
                _list_bytes(outputs),
                b"".join(commitments),
            ],
        )
    ).digest()
    u = [
        int.from_bytes(
            hashlib.sha512(transcript("shuffle-vector", context, label, [seed, u32be(j)])).digest()[
                :16
            ],
            "little",
        )
        for j in range(n)
    ]
    big_u = _product(u)
    c = challenge(
        "shuffle",
        context,
        label,
        [seed, b"".join(chain), t1, t2, t3, b"".join(a + b for a, b in t4), b"".join(t_chain)],
    )

    failed: list[str] = []
    # (V1) s_1·G − c·(Σ c_j − Σ F_i) = T_1
    v1 = sub(base(s1), mul(c, sub(point_sum(commitments), point_sum(f))))
    if v1 != t1:
        failed.append("V1 (the permutation commitment's sum)")
    # (V2) s_2·G − c·(ĉ_(N-1) − U·J) = T_2
    last = chain[-1] if n else j_point
    v2 = sub(base(s2), mul(c, sub(last, mul(big_u, j_point))))
    if v2 != t2:
        failed.append("V2 (the chain's product)")
    # (V3) s_3·G + Σ s'_i·F_i − c·Σ u_j·c_j = T_3
    v3 = sub(add(base(s3), _combination(s_perm, f)), mul(c, _combination(u, commitments)))
    if v3 != t3:
        failed.append("V3 (the permuted challenges)")
    # (V4, k) Σ s'_i·y_(i,k) − c·Σ u_j·x_(j,k) − Enc0(s_(4,k)) = T_(4,k)
    for k in range(width):
        for part, generator in ((0, G), (1, key)):
            ys = [row[k][part] for row in outputs]
            xs = [row[k][part] for row in inputs]
            v4 = sub(
                sub(_combination(s_perm, ys), mul(c, _combination(u, xs))),
                mul(s4[k], generator),
            )
            if v4 != t4[k][part]:
                failed.append(f"V4 (column {k}, {'alpha' if part == 0 else 'beta'})")
    # (V5, i) ŝ_i·G + s'_i·ĉ_(i-1) − c·ĉ_i = T̂_i, with ĉ_(-1) = J
    previous = j_point
    for i in range(n):
        v5 = sub(add(base(s_chain[i]), mul(s_perm[i], previous)), mul(c, chain[i]))
        if v5 != t_chain[i]:
            failed.append(f"V5 (row {i})")
        previous = chain[i]

    total = 3 + 2 * width + n
    if len(failed) == total:
        raise ProofError("no equation holds: the proof is not for this statement")
    if failed:
        raise ProofError(f"{len(failed)} of {total} equations fail, first {failed[0]}")
    return c


def decode_proof(data: bytes) -> ShuffleProof:
    """A ``ShuffleProof`` from its canonical JSON text (mixnet §9)."""
    try:
        proof = msgspec.json.decode(data, type=ShuffleProof)
    except msgspec.DecodeError as exc:
        raise EncodingError(f"ShuffleProof: {exc}") from None
    if msgspec.json.encode(proof) != data:
        raise EncodingError("ShuffleProof: not the canonical text")
    return proof
