"""Encrypted ballots (docs/spec/ballots.md): completeness, soundness, binding, Benaloh, vectors.

Soundness is tested two ways: the prover refuses invalid choices, and hand-forged ballots --
invalid values encrypted under a looser style of the same id, proofs reused from other
positions, ballots or elections, tampered bytes, invalid points -- are rejected by the verifier
with an error that names the failing project or aggregate.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oylama.crypto import (
    BallotStyle,
    BoundProof,
    Ciphertext,
    CryptoError,
    EncodingError,
    EncryptedBallot,
    ProofError,
    SelectionProof,
    SpoiledBallot,
    _ballot,
    _equations,
    ballot_label,
    decrypt,
    encrypt_ballot,
    encrypt_random,
    format_tracking_code,
    from_json,
    generate_keypair,
    prove_one_of,
    prove_range,
    spoil,
    sum_ciphertexts,
    tally_selections,
    to_json,
    tracking_code,
    verify_ballot,
    verify_one_of,
    verify_spoiled,
)
from oylama.crypto.hazmat import IDENTITY_BYTES, DeterministicRng, L, Point, encode_scalar
from oylama.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
CTX = hashlib.sha256(b"oylama test election ballot tests").digest()
OTHER_CTX = hashlib.sha256(b"oylama test election another").digest()
RNG = DeterministicRng(b"test ballots")
SECRET, KEY = generate_keypair(RNG)
#: The voters' credentials (Ed25519 public keys; any 32 bytes for the crypto layer).
CRED = hashlib.sha256(b"voter 1").digest()
OTHER_CRED = hashlib.sha256(b"voter 2").digest()

APPROVAL = BallotStyle(id="a", kind="approval", projects=4, min_count=1, max_count=2)
APPROVAL_EXACT = BallotStyle(id="ax", kind="approval", projects=3, min_count=2, max_count=2)
KNAPSACK = BallotStyle(
    id="k",
    kind="knapsack",
    projects=5,
    costs=(9_000_000, 8_000_000, 0, 10_000_000, 5_000_000),
    budget=24_000_000,
)
KNAPSACK_COUNT = BallotStyle(
    id="kc", kind="knapsack", projects=3, costs=(5, 7, 11), budget=18, min_count=1, max_count=2
)
CUMULATIVE = BallotStyle(id="c", kind="cumulative", projects=3, points=10)
CUMULATIVE_SMALL = BallotStyle(id="cs", kind="cumulative", projects=3, points=4)
QUADRATIC = BallotStyle(id="q", kind="quadratic", projects=3, max_votes=4, credits=20)
QUADRATIC_SIGNED = BallotStyle(
    id="qs", kind="quadratic", projects=3, max_votes=3, signed=True, credits=12
)

VALID: list[tuple[BallotStyle, list[int]]] = [
    (APPROVAL, [1, 0, 0, 1]),
    (APPROVAL_EXACT, [1, 1, 0]),
    (KNAPSACK, [1, 0, 1, 1, 0]),
    (KNAPSACK_COUNT, [0, 1, 1]),
    (CUMULATIVE, [4, 0, 6]),
    (CUMULATIVE_SMALL, [1, 3, 0]),
    (QUADRATIC, [4, 1, 1]),
    (QUADRATIC_SIGNED, [-3, 1, 1]),
]


def _encrypt(
    style: BallotStyle,
    choices: list[int],
    *,
    ballot_id: bytes = b"id-1",
    context: bytes = CTX,
    credential: bytes = CRED,
) -> tuple[EncryptedBallot, Any]:
    return encrypt_ballot(
        style, KEY, choices, context=context, ballot_id=ballot_id, credential=credential, rng=RNG
    )


# -- completeness ------------------------------------------------------------------------------


@pytest.mark.parametrize(("style", "choices"), VALID, ids=[s.id for s, _ in VALID])
def test_valid_ballots_verify_and_roundtrip(style: BallotStyle, choices: list[int]) -> None:
    ballot, secrets_ = _encrypt(style, choices)
    verify_ballot(style, KEY, ballot, context=CTX, credential=CRED)
    again = from_json(to_json(ballot), EncryptedBallot)
    assert again == ballot
    verify_ballot(style, KEY, again, context=CTX, credential=CRED)
    assert secrets_.choices == choices


@st.composite
def _style_and_choices(draw: st.DrawFn) -> tuple[BallotStyle, list[int]]:
    kind = draw(st.sampled_from(["approval", "knapsack", "cumulative", "quadratic"]))
    n = draw(st.integers(1, 4))
    if kind == "approval":
        choices = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
        k = sum(choices)
        lo = draw(st.integers(0, k))
        hi = draw(st.integers(k, n))
        return BallotStyle(id="h", kind=kind, projects=n, min_count=lo, max_count=hi), choices
    if kind == "knapsack":
        costs = draw(st.lists(st.integers(0, 2**25), min_size=n, max_size=n))
        choices = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
        spent = sum(c * x for c, x in zip(costs, choices, strict=True))
        budget = draw(st.integers(max(spent, 1), max(spent, 1) + 2**20))
        style = BallotStyle(id="h", kind=kind, projects=n, costs=tuple(costs), budget=budget)
        return style, choices
    if kind == "cumulative":
        points = draw(st.integers(1, 20))
        choices = draw(st.lists(st.integers(0, points), min_size=n, max_size=n))
        total = sum(choices)
        if total > points:  # scale down to a valid ballot
            choices = [0] * n
            choices[0] = points
        return BallotStyle(id="h", kind=kind, projects=n, points=points), choices
    signed = draw(st.booleans())
    v_max = draw(st.integers(1, 5))
    low = -v_max if signed else 0
    choices = draw(st.lists(st.integers(low, v_max), min_size=n, max_size=n))
    credits = draw(st.integers(max(1, sum(v * v for v in choices)), 80))
    style = BallotStyle(
        id="h", kind="quadratic", projects=n, max_votes=v_max, signed=signed, credits=credits
    )
    return style, choices


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_style_and_choices())
def test_completeness_property(case: tuple[BallotStyle, list[int]]) -> None:
    style, choices = case
    ballot, secrets_ = _encrypt(style, choices)
    verify_ballot(style, KEY, ballot, context=CTX, credential=CRED)
    verify_spoiled(style, KEY, spoil(ballot, secrets_), context=CTX, credential=CRED)


def test_homomorphic_tally_equals_plaintext_sums() -> None:
    rng = DeterministicRng(b"tally")
    for style, valid in VALID:
        pool = [valid, _other_valid(style, valid)]
        sums = [0] * style.projects
        squares = [0] * style.projects
        ballots = []
        for i in range(7):
            choices = pool[i % 2]
            ballot, _ = encrypt_ballot(
                style,
                KEY,
                choices,
                context=CTX,
                ballot_id=f"t{i}".encode(),
                credential=CRED,
                rng=rng,
            )
            ballots.append(ballot)
            sums = [s + x for s, x in zip(sums, choices, strict=True)]
            squares = [s + x * x for s, x in zip(squares, choices, strict=True)]
        offset = style.max_votes * len(ballots) if style.signed else 0
        tallies = tally_selections(style, ballots)
        assert [decrypt(SECRET, ct, 1000) - offset for ct in tallies] == sums, style.id
        if style.kind == "quadratic":
            for j in range(style.projects):
                total = sum_ciphertexts(b.squares[j] for b in ballots)
                assert decrypt(SECRET, total, 1000) == squares[j]


# -- the prover refuses invalid choices ------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "choices", "message"),
    [
        (APPROVAL, [1, 1, 1, 0], "at most 2"),
        (APPROVAL, [0, 0, 0, 0], "at least 1"),
        (APPROVAL, [2, 0, 0, 0], "project 0: a approval choice is 0 or 1"),
        (APPROVAL, [1, 0, 0], "expected 4 choices"),
        (APPROVAL, [True, 0, 0, 0], "project 0: a choice is an integer"),
        (KNAPSACK, [1, 1, 0, 1, 0], "costs 27000000, over the budget of 24000000"),
        (KNAPSACK_COUNT, [0, 0, 0], "at least 1"),
        (CUMULATIVE, [5, 0, 6], "11 points given"),
        (CUMULATIVE, [11, 0, 0], r"project 0: points must be in \[0, 10\]"),
        (CUMULATIVE, [-1, 0, 0], "project 0: points"),
        (QUADRATIC, [5, 0, 0], r"project 0: votes must be in \[0, 4\]"),
        (QUADRATIC, [-1, 0, 0], r"project 0: votes must be in \[0, 4\]"),
        (QUADRATIC, [4, 2, 1], "cost 21 credits"),
        (QUADRATIC_SIGNED, [0, -4, 0], r"project 1: votes must be in \[-3, 3\]"),
    ],
)
def test_prover_refuses_invalid_choices(
    style: BallotStyle, choices: list[int], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        _encrypt(style, choices)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"id": "", "kind": "approval", "projects": 2}, "id must be"),
        ({"id": "x", "kind": "ranked", "projects": 2}, "kind must be"),
        ({"id": "x", "kind": "approval", "projects": 0}, "projects must be"),
        ({"id": "x", "kind": "approval", "projects": 2, "max_count": 3}, "max_count"),
        ({"id": "x", "kind": "approval", "projects": 2, "budget": 3}, "budget is not used"),
        ({"id": "x", "kind": "knapsack", "projects": 2, "costs": (1,), "budget": 3}, "costs"),
        ({"id": "x", "kind": "knapsack", "projects": 1, "costs": (1,)}, "budget must be"),
        ({"id": "x", "kind": "knapsack", "projects": 1, "costs": (-1,), "budget": 1}, ">= 0"),
        ({"id": "x", "kind": "cumulative", "projects": 2}, "points must be"),
        ({"id": "x", "kind": "quadratic", "projects": 2, "max_votes": 64, "credits": 9}, "1 to 63"),
        (
            {"id": "x", "kind": "quadratic", "projects": 2, "max_votes": 32, "signed": True},
            "1 to 31",
        ),
        ({"id": "x", "kind": "quadratic", "projects": 2, "max_votes": 3}, "credits must be"),
    ],
)
def test_invalid_styles_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        _encrypt(BallotStyle(**kwargs), [0] * max(1, kwargs["projects"]))


def test_bad_context_ballot_id_and_credential_refused() -> None:
    with pytest.raises(CryptoError, match="context"):
        _encrypt(APPROVAL, [1, 0, 0, 0], context=b"short")
    for bad in (b"", bytes(31), bytes(33)):
        with pytest.raises(CryptoError, match="credential is 32 bytes"):
            _encrypt(APPROVAL, [1, 0, 0, 0], credential=bad)
    ballot, _ = _encrypt(APPROVAL, [1, 0, 0, 0])
    with pytest.raises(CryptoError, match="credential is 32 bytes"):
        verify_ballot(APPROVAL, KEY, ballot, context=CTX, credential=CRED[:31])
    with pytest.raises(CryptoError, match="ballot id"):
        _encrypt(APPROVAL, [1, 0, 0, 0], ballot_id=b"")
    with pytest.raises(CryptoError, match="ballot id"):
        _encrypt(APPROVAL, [1, 0, 0, 0], ballot_id=bytes(65))


# -- forged ballots are rejected -----------------------------------------------------------------


def _loose(style: BallotStyle, **changes: Any) -> BallotStyle:
    # The same style id with a looser rule: its proofs carry the same labels, so only the
    # changed statement separates a forgery from a valid ballot.
    return msgspec.structs.replace(style, **changes)


@pytest.mark.parametrize(
    ("style", "loose", "choices", "message"),
    [
        (APPROVAL, {"max_count": 4}, [1, 1, 1, 0], r"count of selected projects in \[1, 2\]"),
        (APPROVAL, {"min_count": 0}, [0, 0, 0, 0], r"count of selected projects in \[1, 2\]"),
        (APPROVAL_EXACT, {"max_count": 3}, [1, 1, 1], r"count of selected projects in \[2, 2\]"),
        (
            KNAPSACK,
            {"budget": 30_000_000},
            [1, 1, 0, 1, 0],
            r"cost of the selection in \[0, 24000000\]",
        ),
        (KNAPSACK_COUNT, {"max_count": 3, "budget": 23}, [1, 1, 1], "count of selected"),
        (QUADRATIC, {"credits": 40}, [4, 4, 0], r"credits spent in \[0, 20\]"),
        (QUADRATIC, {"max_votes": 5, "credits": 40}, [5, 0, 0], "project 0: table"),
        (CUMULATIVE_SMALL, {"points": 5}, [5, 0, 0], "project 0: one-of"),
        (CUMULATIVE, {"points": 12}, [0, 12, 0], "project 0: range"),
    ],
)
def test_ballot_of_a_looser_style_rejected(
    style: BallotStyle, loose: dict[str, Any], choices: list[int], message: str
) -> None:
    forged, _ = _encrypt(_loose(style, **loose), choices)
    with pytest.raises(ProofError, match=message):
        verify_ballot(style, KEY, forged, context=CTX, credential=CRED)


def _one_of_proof(ct: Ciphertext, values: list[int], m: int, r: int, label: bytes) -> Any:
    return prove_one_of(KEY, ct, values, m, r, context=CTX, label=label, rng=RNG)


def test_cumulative_over_points_forged_by_hand_rejected() -> None:
    # Every project's proof is valid (each value <= P), the total is over P: the total proof
    # is for the true statement [0, 8], which the verifier does not accept for [0, 4].
    style, ballot_id = CUMULATIVE_SMALL, b"forged"
    values = list(range(style.points + 1))
    choices = [4, 4, 0]
    enc = [encrypt_random(KEY, m, RNG) for m in choices]
    proofs = [
        SelectionProof(
            one_of=_one_of_proof(
                ct, values, m, r, ballot_label("cs", ballot_id, CRED, "selection", j)
            ),
            range=None,
            table=None,
        )
        for j, ((ct, r), m) in enumerate(zip(enc, choices, strict=True))
    ]
    total = sum_ciphertexts(ct for ct, _ in enc)
    rsum = sum(r for _, r in enc) % L
    total_range = prove_range(
        KEY,
        total,
        8,
        rsum,
        a=0,
        b=8,
        context=CTX,
        label=ballot_label("cs", ballot_id, CRED, "total", 0),
    )
    forged = EncryptedBallot(
        election=CTX,
        style="cs",
        ballot_id=ballot_id,
        selections=[ct for ct, _ in enc],
        squares=[],
        proofs=proofs,
        count=None,
        total=BoundProof(range=total_range, exact=None),
    )
    with pytest.raises(ProofError, match=r"points given in \[0, 4\]"):
        verify_ballot(style, KEY, forged, context=CTX, credential=CRED)
    # The same hand-built ballot with a total within P verifies: the forgery is the only flaw.
    ok_choices = [1, 3, 0]
    enc = [encrypt_random(KEY, m, RNG) for m in ok_choices]
    proofs = [
        SelectionProof(
            one_of=_one_of_proof(
                ct, values, m, r, ballot_label("cs", ballot_id, CRED, "selection", j)
            ),
            range=None,
            table=None,
        )
        for j, ((ct, r), m) in enumerate(zip(enc, ok_choices, strict=True))
    ]
    total = sum_ciphertexts(ct for ct, _ in enc)
    rsum = sum(r for _, r in enc) % L
    total_range = prove_range(
        KEY,
        total,
        4,
        rsum,
        a=0,
        b=4,
        context=CTX,
        label=ballot_label("cs", ballot_id, CRED, "total", 0),
    )
    good = msgspec.structs.replace(
        forged,
        selections=[ct for ct, _ in enc],
        proofs=proofs,
        total=BoundProof(range=total_range, exact=None),
    )
    verify_ballot(style, KEY, good, context=CTX, credential=CRED)


def test_quadratic_square_not_v_squared_rejected() -> None:
    ballot, _ = _encrypt(QUADRATIC, [3, 1, 1])
    wrong, _ = encrypt_random(KEY, 4, RNG)  # 4 != 3²
    forged = msgspec.structs.replace(ballot, squares=[wrong, *ballot.squares[1:]])
    with pytest.raises(ProofError, match="project 0: table"):
        verify_ballot(QUADRATIC, KEY, forged, context=CTX, credential=CRED)


def test_invalid_value_with_reused_proofs_rejected() -> None:
    # An approval ballot whose project 1 encrypts 2 (a double vote), with the proofs of a
    # valid ballot of the same id: the proof no longer matches its ciphertext.
    ballot, _ = _encrypt(APPROVAL, [1, 1, 0, 0])
    two, _ = encrypt_random(KEY, 2, RNG)
    forged = msgspec.structs.replace(
        ballot, selections=[ballot.selections[0], two, *ballot.selections[2:]]
    )
    with pytest.raises(ProofError, match="project 1: one-of"):
        verify_ballot(APPROVAL, KEY, forged, context=CTX, credential=CRED)


# -- binding: positions, ballots, elections ---------------------------------------------------


def test_proofs_moved_to_another_position_rejected() -> None:
    ballot, _ = _encrypt(APPROVAL, [1, 1, 0, 0])
    p = ballot.proofs
    moved = msgspec.structs.replace(ballot, proofs=[p[1], p[0], *p[2:]])
    with pytest.raises(ProofError, match="project 0"):
        verify_ballot(APPROVAL, KEY, moved, context=CTX, credential=CRED)
    s = ballot.selections
    both = msgspec.structs.replace(
        ballot, selections=[s[1], s[0], *s[2:]], proofs=[p[1], p[0], *p[2:]]
    )
    with pytest.raises(ProofError, match="project 0"):
        verify_ballot(APPROVAL, KEY, both, context=CTX, credential=CRED)


def test_swapped_ciphertexts_rejected() -> None:
    ballot, _ = _encrypt(CUMULATIVE, [4, 0, 6])
    s = ballot.selections
    swapped = msgspec.structs.replace(ballot, selections=[s[2], s[1], s[0]])
    with pytest.raises(ProofError, match="project 0"):
        verify_ballot(CUMULATIVE, KEY, swapped, context=CTX, credential=CRED)
    q, _ = _encrypt(QUADRATIC, [4, 1, 1])
    sw = msgspec.structs.replace(q, selections=[q.squares[0], *q.selections[1:]])
    with pytest.raises(CryptoError, match="project 0"):
        verify_ballot(QUADRATIC, KEY, sw, context=CTX, credential=CRED)


def test_proofs_moved_to_another_ballot_rejected() -> None:
    a, _ = _encrypt(KNAPSACK, [1, 0, 1, 1, 0], ballot_id=b"A")
    b, _ = _encrypt(KNAPSACK, [0, 1, 1, 1, 0], ballot_id=b"B")
    # The whole content of A under B's id (a copied ballot): every label differs.
    with pytest.raises(ProofError, match="project 0"):
        verify_ballot(
            KNAPSACK, KEY, msgspec.structs.replace(a, ballot_id=b"B"), context=CTX, credential=CRED
        )
    # B's per-project proofs with A's ciphertexts, or B's total proof in A.
    with pytest.raises(ProofError, match="project 0"):
        verify_ballot(
            KNAPSACK, KEY, msgspec.structs.replace(a, proofs=b.proofs), context=CTX, credential=CRED
        )
    with pytest.raises(ProofError, match="cost of the selection"):
        verify_ballot(
            KNAPSACK, KEY, msgspec.structs.replace(a, total=b.total), context=CTX, credential=CRED
        )


def test_proofs_bound_to_the_credential() -> None:
    """ballots §4 (issue #13 item 3): a ballot verifies only for the credential its proofs
    were made for, and a proof transplanted between two voters' ballots -- same style, same
    ballot id, so nothing but the credential tells them apart -- is refused."""
    a, _ = _encrypt(KNAPSACK, [1, 0, 1, 1, 0], ballot_id=b"same", credential=CRED)
    b, _ = _encrypt(KNAPSACK, [0, 1, 1, 1, 0], ballot_id=b"same", credential=OTHER_CRED)
    verify_ballot(KNAPSACK, KEY, a, context=CTX, credential=CRED)
    verify_ballot(KNAPSACK, KEY, b, context=CTX, credential=OTHER_CRED)
    with pytest.raises(ProofError, match="project 0"):
        verify_ballot(KNAPSACK, KEY, a, context=CTX, credential=OTHER_CRED)
    # B's ciphertext and proof of project 1 moved into A: refused at project 1.
    moved = msgspec.structs.replace(
        a,
        selections=[a.selections[0], b.selections[1], *a.selections[2:]],
        proofs=[a.proofs[0], b.proofs[1], *a.proofs[2:]],
    )
    with pytest.raises(ProofError, match="project 1: one-of"):
        verify_ballot(KNAPSACK, KEY, moved, context=CTX, credential=CRED)
    # B's budget proof in a ballot whose selections are B's too, signed by A: refused.
    whole = msgspec.structs.replace(b, total=b.total)
    with pytest.raises(ProofError):
        verify_ballot(KNAPSACK, KEY, whole, context=CTX, credential=CRED)
    # The same transplant checked again at each proof's own level.
    label_a = ballot_label("k", b"same", CRED, "selection", 1)
    one_of = b.proofs[1].one_of
    assert one_of is not None
    with pytest.raises(ProofError):
        verify_one_of(KEY, b.selections[1], [0, 8_000_000], one_of, context=CTX, label=label_a)


def test_batch_and_proof_by_proof_verification_agree() -> None:
    """The batch (one multi-scalar multiplication with random weights) and the proof-by-proof
    check give the same verdict and the same error, for every byte changed in a ballot."""
    for style, choices in (VALID[3], VALID[4], VALID[6]):
        ballot, _ = _encrypt(style, choices)
        tree = json.loads(to_json(ballot))
        for i, path in enumerate(_leaves(tree)):
            if i % 3:
                continue
            text = json.dumps(_flip(tree, path, i * 11), separators=(",", ":")).encode()
            changed = msgspec.json.decode(text, type=EncryptedBallot)
            with pytest.raises(CryptoError) as batch:
                verify_ballot(style, KEY, changed, context=CTX, credential=CRED)
            with pytest.raises(CryptoError) as single:
                _ballot._check_ids(CTX, changed.ballot_id, CRED)
                _ballot._check_shape(style, KEY, changed, CTX)
                _ballot._verify_each(style, KEY, changed, context=CTX, credential=CRED)
            assert (type(batch.value), str(batch.value)) == (
                type(single.value),
                str(single.value),
            ), path


def test_batch_weights_come_from_the_given_source() -> None:
    """A batch whose weights are all zero would accept anything: the weights must be
    unpredictable. With a source that gives zeros the forged ballot passes the batch -- so
    verify_ballot never takes its weights from anything but a CSPRNG by default -- and with
    any real weights it is refused."""

    class Zeros:
        def token_bytes(self, n: int) -> bytes:
            return bytes(n)

    ballot, _ = _encrypt(APPROVAL, [1, 0, 0, 1])
    forged = msgspec.structs.replace(ballot, proofs=ballot.proofs[::-1])
    batch = _equations.Batch(Zeros())
    batch.add(_ballot.ballot_equations(APPROVAL, KEY, forged, context=CTX, credential=CRED))
    assert batch.holds()  # the danger the default source avoids
    honest = _equations.Batch()
    honest.add(_ballot.ballot_equations(APPROVAL, KEY, forged, context=CTX, credential=CRED))
    assert not honest.holds()
    with pytest.raises(ProofError, match="project 0"):
        verify_ballot(APPROVAL, KEY, forged, context=CTX, credential=CRED)


def test_ballot_of_another_election_or_style_rejected() -> None:
    ballot, _ = _encrypt(APPROVAL, [1, 0, 0, 0])
    with pytest.raises(CryptoError, match="another election"):
        verify_ballot(APPROVAL, KEY, ballot, context=OTHER_CTX, credential=CRED)
    moved = msgspec.structs.replace(ballot, election=OTHER_CTX)
    with pytest.raises(ProofError, match="project 0"):
        verify_ballot(APPROVAL, KEY, moved, context=OTHER_CTX, credential=CRED)
    with pytest.raises(CryptoError, match="style 'a', not 'ax'"):
        verify_ballot(APPROVAL_EXACT, KEY, ballot, context=CTX, credential=CRED)


def test_missing_extra_and_wrong_proofs_rejected() -> None:
    ballot, _ = _encrypt(APPROVAL, [1, 0, 0, 0])
    with pytest.raises(ProofError, match="count of selected projects: the proof"):
        verify_ballot(
            APPROVAL, KEY, msgspec.structs.replace(ballot, count=None), context=CTX, credential=CRED
        )
    with pytest.raises(ProofError, match="total: this style has no total proof"):
        verify_ballot(
            APPROVAL,
            KEY,
            msgspec.structs.replace(ballot, total=ballot.count),
            context=CTX,
            credential=CRED,
        )
    with pytest.raises(EncodingError, match="expected 4 selections"):
        verify_ballot(
            APPROVAL,
            KEY,
            msgspec.structs.replace(ballot, selections=ballot.selections[:3]),
            context=CTX,
            credential=CRED,
        )
    wrong_kind = SelectionProof(
        one_of=None, range=ballot.count.range if ballot.count else None, table=None
    )
    with pytest.raises(ProofError, match="project 2: expected a one-of proof only"):
        verify_ballot(
            APPROVAL,
            KEY,
            msgspec.structs.replace(
                ballot, proofs=[*ballot.proofs[:2], wrong_kind, ballot.proofs[3]]
            ),
            context=CTX,
            credential=CRED,
        )


_INVALID_POINTS = [
    bytes.fromhex(v["encoding"])
    for v in json.loads((ROOT / "docs/spec/vectors/crypto-group.json").read_text())[
        "invalid_points"
    ]
]


@pytest.mark.parametrize(
    "style", [APPROVAL, CUMULATIVE, QUADRATIC], ids=["one-of", "range", "table"]
)
@pytest.mark.parametrize("field", ["alpha", "beta"])
def test_invalid_points_in_selections_rejected(style: BallotStyle, field: str) -> None:
    ballot, _ = _encrypt(style, next(c for s, c in VALID if s is style))
    for enc in [*_INVALID_POINTS, IDENTITY_BYTES]:
        bad = msgspec.structs.replace(ballot.selections[1], **{field: enc})
        forged = msgspec.structs.replace(
            ballot, selections=[ballot.selections[0], bad, *ballot.selections[2:]]
        )
        with pytest.raises(CryptoError, match="project 1"):
            verify_ballot(style, KEY, forged, context=CTX, credential=CRED)


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path] if isinstance(node, str) else []


def _flip(tree: Any, path: tuple[Any, ...], byte: int) -> Any:
    tree = json.loads(json.dumps(tree))
    node = tree
    for k in path[:-1]:
        node = node[k]
    leaf = node[path[-1]]
    if path == ("style",):
        node[path[-1]] = leaf + "x"
        return tree
    raw = bytearray(base64.b64decode(leaf))
    raw[byte % len(raw)] ^= 0x01
    node[path[-1]] = base64.b64encode(bytes(raw)).decode()
    return tree


@pytest.mark.parametrize(("style", "choices"), [VALID[0], VALID[3]], ids=["approval", "knapsack"])
def test_any_changed_byte_rejected_and_changes_tracking_code(
    style: BallotStyle, choices: list[int]
) -> None:
    ballot, _ = _encrypt(style, choices)
    code = tracking_code(ballot)
    tree = json.loads(to_json(ballot))
    leaves = _leaves(tree)
    assert len(leaves) > 20
    for i, path in enumerate(leaves):
        text = json.dumps(_flip(tree, path, i * 7), separators=(",", ":")).encode()
        changed = msgspec.json.decode(text, type=EncryptedBallot)
        assert tracking_code(changed) != code, path
        with pytest.raises(CryptoError):
            verify_ballot(style, KEY, changed, context=CTX, credential=CRED)


def test_non_canonical_scalar_rejected() -> None:
    ballot, _ = _encrypt(APPROVAL, [1, 0, 0, 0])
    p0 = ballot.proofs[0].one_of
    assert p0 is not None
    c0 = int.from_bytes(p0.challenges[0], "little")
    big = (c0 + L).to_bytes(32, "little")  # same value modulo L, not canonical
    bad = msgspec.structs.replace(p0, challenges=[big, *p0.challenges[1:]])
    forged = msgspec.structs.replace(
        ballot, proofs=[SelectionProof(one_of=bad, range=None, table=None), *ballot.proofs[1:]]
    )
    with pytest.raises(ProofError, match="project 0: one-of challenge 0"):
        verify_ballot(APPROVAL, KEY, forged, context=CTX, credential=CRED)


# -- tracking code and labels ------------------------------------------------------------------


def test_tracking_code_definition_and_display() -> None:
    ballot, _ = _encrypt(APPROVAL, [1, 0, 0, 0])
    tag = b"oylama/ballot/v1/tracking-code"
    expected = hashlib.sha256(len(tag).to_bytes(4, "big") + tag + to_json(ballot)).digest()
    assert tracking_code(ballot) == expected
    text = format_tracking_code(expected)
    groups = text.split("-")
    assert len(groups) == 13 and all(len(g) == 4 for g in groups)
    assert base64.b32decode("".join(groups) + "====") == expected
    with pytest.raises(CryptoError):
        format_tracking_code(expected[:31])


def test_label_bytes() -> None:
    credential = bytes(range(32))
    label = ballot_label("style-1", b"\x00\x01", credential, "selection", 258)
    assert label == (
        b"\x00\x00\x00\x10oylama/ballot/v2"
        b"\x00\x00\x00\x07style-1"
        b"\x00\x00\x00\x02\x00\x01"
        b"\x00\x00\x00\x20" + credential + b"\x00\x00\x00\x09selection"
        b"\x00\x00\x01\x02"
    )


# -- Benaloh challenge ---------------------------------------------------------------------------


@pytest.mark.parametrize(("style", "choices"), VALID, ids=[s.id for s, _ in VALID])
def test_spoiled_ballot_checks(style: BallotStyle, choices: list[int]) -> None:
    ballot, secrets_ = _encrypt(style, choices)
    spoiled = spoil(ballot, secrets_)
    again = from_json(to_json(spoiled), SpoiledBallot)
    verify_spoiled(style, KEY, again, context=CTX, credential=CRED)


def _other_valid(style: BallotStyle, choices: list[int]) -> list[int]:
    # Another valid choice list: a rotation (valid for every style above except where the
    # rotation is the same list), else the all-zero ballot when the style allows it.
    for k in range(1, len(choices)):
        other = choices[k:] + choices[:k]
        if other != choices:
            try:
                _encrypt(style, other)
            except InputError:
                continue
            return other
    raise AssertionError("no other valid choices")


@pytest.mark.parametrize(("style", "choices"), VALID, ids=[s.id for s, _ in VALID])
def test_spoiled_ballot_lie_caught(style: BallotStyle, choices: list[int]) -> None:
    ballot, secrets_ = _encrypt(style, choices)
    lie = msgspec.structs.replace(spoil(ballot, secrets_), choices=_other_valid(style, choices))
    with pytest.raises(ProofError, match="spoiled ballot: project"):
        verify_spoiled(style, KEY, lie, context=CTX, credential=CRED)
    r = list(secrets_.randomness)
    r[0] = encode_scalar(int.from_bytes(r[0], "little") + 1)
    with pytest.raises(ProofError, match="spoiled ballot: project 0"):
        verify_spoiled(
            style,
            KEY,
            msgspec.structs.replace(spoil(ballot, secrets_), randomness=r),
            context=CTX,
            credential=CRED,
        )


def test_spoiled_ballot_invalid_reveal_rejected() -> None:
    ballot, secrets_ = _encrypt(QUADRATIC, [4, 1, 1])
    spoiled = spoil(ballot, secrets_)
    with pytest.raises(ProofError, match="revealed choices are not valid"):
        verify_spoiled(
            QUADRATIC,
            KEY,
            msgspec.structs.replace(spoiled, choices=[5, 0, 0]),
            context=CTX,
            credential=CRED,
        )
    sq = list(secrets_.square_randomness)
    sq[2] = encode_scalar(1)
    with pytest.raises(ProofError, match="project 2: the square"):
        verify_spoiled(
            QUADRATIC,
            KEY,
            msgspec.structs.replace(spoiled, square_randomness=sq),
            context=CTX,
            credential=CRED,
        )
    with pytest.raises(ProofError, match="one revealed randomness per ciphertext"):
        verify_spoiled(
            QUADRATIC,
            KEY,
            msgspec.structs.replace(spoiled, randomness=secrets_.randomness[:2]),
            context=CTX,
            credential=CRED,
        )


# -- known-answer vectors ----------------------------------------------------------------------


def _generator() -> ModuleType:
    path = ROOT / "tests" / "vectors" / "generate_crypto_ballot_vectors.py"
    spec = importlib.util.spec_from_file_location("generate_crypto_ballot_vectors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vectors_regenerate_byte_for_byte_and_verify() -> None:
    path = ROOT / "docs" / "spec" / "vectors" / "crypto-ballots.json"
    assert _generator().file_bytes() == path.read_bytes()
    data = json.loads(path.read_text())
    ctx = bytes.fromhex(data["context"])
    key = Point.decode(bytes.fromhex(data["public"]))
    secret = int.from_bytes(bytes.fromhex(data["secret"]), "little")
    assert len(data["vectors"]) == 8
    for v in data["vectors"]:
        style = msgspec.convert(v["style"], BallotStyle)
        ballot_text = json.dumps(v["ballot"], separators=(",", ":")).encode()
        ballot = from_json(ballot_text, EncryptedBallot)
        cred = bytes.fromhex(v["credential"])
        verify_ballot(style, key, ballot, context=ctx, credential=cred)
        with pytest.raises(ProofError):
            verify_ballot(style, key, ballot, context=ctx, credential=CRED)
        with pytest.raises(CryptoError):
            verify_ballot(
                style,
                key,
                msgspec.structs.replace(ballot, election=OTHER_CTX),
                context=OTHER_CTX,
                credential=CRED,
            )
        bid = bytes.fromhex(v["ballot_id"])
        assert ballot.ballot_id == bid
        tag = b"oylama/ballot/v1/tracking-code"
        code = hashlib.sha256(len(tag).to_bytes(4, "big") + tag + ballot_text).digest()
        assert v["tracking_code"] == code.hex()
        assert v["labels"]["count"] == ballot_label(style.id, bid, cred, "count", 0).hex()
        spoiled_text = json.dumps(v["spoiled"], separators=(",", ":")).encode()
        spoiled = from_json(spoiled_text, SpoiledBallot)
        verify_spoiled(style, key, spoiled, context=ctx, credential=cred)
        verify_spoiled(style, key, spoiled, context=ctx, credential=None)
        # The revealed randomness opens each ciphertext to the revealed choice (by decryption
        # with the vectors' secret, independently of the re-encryption path).
        offset = style.max_votes if style.signed else 0
        scales = style.costs if style.kind == "knapsack" else (1,) * style.projects
        for j, ct in enumerate(ballot.selections):
            s = scales[j] or 1
            assert decrypt(secret, ct, 2**25) == s * v["choices"][j] + offset


@pytest.mark.parametrize("field", ["alpha", "beta"])
def test_invalid_points_in_squares_rejected(field: str) -> None:
    ballot, _ = _encrypt(QUADRATIC, [4, 1, 1])
    for enc in [*_INVALID_POINTS, IDENTITY_BYTES]:
        bad = msgspec.structs.replace(ballot.squares[2], **{field: enc})
        forged = msgspec.structs.replace(ballot, squares=[*ballot.squares[:2], bad])
        with pytest.raises(CryptoError, match="project 2"):
            verify_ballot(QUADRATIC, KEY, forged, context=CTX, credential=CRED)
