"""The payloads of a mix on the board (docs/spec/mixnet.md §8), one Struct per kind.

A step of the chain is far larger than a board entry may be (16 MiB, board §3): 10^4 ballots
of 20 projects are 12.8 MB of ciphertexts before JSON. So a step is published as one
``shuffle`` entry (who mixed, the sizes, the proof's parts of fixed size, the mixer's
signature) followed by ``shuffle-rows`` entries of at most 4,096 ciphertexts, each row with
the proof's items of its position; the opening is chunked the same way (``mix-decryption``,
``mixed-ballots``). The chunk size is fixed by the width, so a step has exactly one layout
and :func:`mix_step_from_payloads` refuses any other.

Every payload has one accepted text, as record.md §1 requires: encode with
:func:`~oylama.election.encode_payload`, decode with :func:`~oylama.election.decode_payload`.
The entry kinds join board.md §1 with the service's mix (mixnet §8's phase note); these are
their kind texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import msgspec

from oylama.crypto import (
    Ciphertext,
    MixStep,
    PartialDecryption,
    SchnorrProof,
    ShuffleProof,
    chunk_rows,
    mix_chunks,
)
from oylama.election._payloads import PayloadError


class _Payload(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class ShuffleSummary(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The parts of a shuffle proof whose size does not grow with the ballots (mixnet §9)."""

    t1: bytes
    t2: bytes
    t3: bytes
    t4: list[Ciphertext]
    s1: bytes
    s2: bytes
    s3: bytes
    s4: list[bytes]


class ShuffleRow(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Output row ``i`` of a step and the proof's items of position ``i`` (mixnet §9)."""

    ciphertexts: list[Ciphertext]
    commitment: bytes
    chain: bytes
    t_chain: bytes
    s_chain: bytes
    s_perm: bytes


class Shuffle(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``shuffle``: step ``step`` of style ``style`` by trustee ``mixer`` over ``ballots`` rows
    of ``width`` ciphertexts, published in ``chunks`` ``shuffle-rows`` entries."""

    style: str
    step: int
    mixer: int
    ballots: int
    width: int
    chunks: int
    proof: ShuffleSummary
    signature: SchnorrProof


class ShuffleRows(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``shuffle-rows``: chunk ``chunk`` of step ``step``'s output rows and proof items."""

    style: str
    step: int
    chunk: int
    rows: list[ShuffleRow]


class MixDecryption(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``mix-decryption``: one trustee's partial decryption of one chunk of the last list."""

    style: str
    chunk: int
    decryption: PartialDecryption


class MixedBallots(_Payload, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``mixed-ballots``: the choices of one chunk's rows, combined from ``trustees``."""

    style: str
    chunk: int
    trustees: list[int]
    choices: list[list[int]]


#: The Struct of each mix entry kind, by its kind text.
MIX_PAYLOAD_TYPES: Final[dict[str, type[Any]]] = {
    "shuffle": Shuffle,
    "shuffle-rows": ShuffleRows,
    "mix-decryption": MixDecryption,
    "mixed-ballots": MixedBallots,
}


def shuffle_payloads(step: MixStep) -> tuple[Shuffle, list[ShuffleRows]]:
    """The ``shuffle`` entry and its ``shuffle-rows`` entries of one step (mixnet §8)."""
    n = len(step.outputs)
    width = len(step.proof.t4)
    p = step.proof
    chunks = [
        ShuffleRows(
            style=step.style,
            step=step.step,
            chunk=q,
            rows=[
                ShuffleRow(
                    ciphertexts=list(step.outputs[i]),
                    commitment=p.commitments[i],
                    chain=p.chain[i],
                    t_chain=p.t_chain[i],
                    s_chain=p.s_chain[i],
                    s_perm=p.s_perm[i],
                )
                for i in rows
            ],
        )
        for q, rows in enumerate(mix_chunks(n, width))
    ]
    header = Shuffle(
        style=step.style,
        step=step.step,
        mixer=step.mixer,
        ballots=n,
        width=width,
        chunks=len(chunks),
        proof=ShuffleSummary(
            t1=p.t1, t2=p.t2, t3=p.t3, t4=list(p.t4), s1=p.s1, s2=p.s2, s3=p.s3, s4=list(p.s4)
        ),
        signature=step.signature,
    )
    return header, chunks


def mix_step_from_payloads(header: Shuffle, chunks: Sequence[ShuffleRows]) -> MixStep:
    """Put a step back together from its ``shuffle`` entry and the ``shuffle-rows`` entries
    that follow it, refusing (:class:`PayloadError`) any layout but mixnet §8's: ``chunks``
    entries of this style and step, numbered ``0, 1, …``, of ``⌊4096 / width⌋`` rows each
    (the last one fewer), ``ballots`` rows in all, each of ``width`` ciphertexts."""
    where = f"shuffle of {header.style!r} step {header.step}"
    if not 1 <= header.width <= 1024:
        raise PayloadError(f"{where}: width {header.width} outside [1, 1024]")
    if header.ballots < 0:
        raise PayloadError(f"{where}: negative ballot count")
    expected = mix_chunks(header.ballots, header.width)
    if header.chunks != len(expected) or len(chunks) != len(expected):
        raise PayloadError(
            f"{where}: {len(expected)} chunks of {chunk_rows(header.width)} rows expected, "
            f"header says {header.chunks}, {len(chunks)} given"
        )
    rows: list[ShuffleRow] = []
    for q, (chunk, span) in enumerate(zip(chunks, expected, strict=True)):
        if chunk.style != header.style or chunk.step != header.step or chunk.chunk != q:
            raise PayloadError(
                f"{where}: chunk {q} names style {chunk.style!r} step {chunk.step} "
                f"chunk {chunk.chunk}"
            )
        if len(chunk.rows) != len(span):
            raise PayloadError(f"{where}: chunk {q} has {len(chunk.rows)} rows, not {len(span)}")
        for i, row in enumerate(chunk.rows):
            if len(row.ciphertexts) != header.width:
                raise PayloadError(
                    f"{where}: row {span.start + i} has {len(row.ciphertexts)} ciphertexts, "
                    f"not {header.width}"
                )
        rows.extend(chunk.rows)
    s = header.proof
    proof = ShuffleProof(
        commitments=[r.commitment for r in rows],
        chain=[r.chain for r in rows],
        t1=s.t1,
        t2=s.t2,
        t3=s.t3,
        t4=list(s.t4),
        t_chain=[r.t_chain for r in rows],
        s1=s.s1,
        s2=s.s2,
        s3=s.s3,
        s4=list(s.s4),
        s_chain=[r.s_chain for r in rows],
        s_perm=[r.s_perm for r in rows],
    )
    return MixStep(
        style=header.style,
        step=header.step,
        mixer=header.mixer,
        outputs=[list(r.ciphertexts) for r in rows],
        proof=proof,
        signature=header.signature,
    )
