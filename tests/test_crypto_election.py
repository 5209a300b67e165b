"""End to end: an encrypted election of each ballot kind, from key ceremony to verified result.

The issue's acceptance test for ``oylama.crypto``: 3 trustees with threshold 2 run the key
ceremony (docs/spec/trustees.md) exchanging only published JSON; voters cast ballots of one kind
(docs/spec/ballots.md), each verified before it is counted; one ballot is spoiled and checked
(Benaloh); the homomorphic tally is decrypted by every pair of trustees with proved partial
decryptions. The expected per-project sums are computed here from the voters' choices, never by
the library; one trustee alone, a tampered ballot and a forged partial decryption must fail.

Each :class:`Trustee` holds its own secret in a private attribute and reads only published
bytes; the test's "board" passes JSON text between them, so a trustee could not use another's
secret even by mistake. Everything is deterministic (seeded ``random.Random`` for the choices,
``DeterministicRng`` for the cryptography).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import msgspec
import pytest

from oylama.crypto import (
    BallotSecrets,
    BallotStyle,
    Ceremony,
    Ciphertext,
    EncryptedBallot,
    EncryptedShare,
    KeyShare,
    PartialDecryption,
    Point,
    ProofError,
    SpoiledBallot,
    ThresholdError,
    TrusteeError,
    TrusteePublic,
    TrusteeSecret,
    combine,
    encrypt_ballot,
    encrypt_shares,
    finish_ceremony,
    from_json,
    new_trustee,
    partial_decrypt,
    spoil,
    tally_ciphertexts,
    tally_selections,
    to_json,
    tracking_code,
    verify_ballot,
    verify_ceremony,
    verify_partial_decryption,
    verify_spoiled,
)
from oylama.crypto.hazmat import DeterministicRng, base_mul

TRUSTEES = 3
THRESHOLD = 2
TALLY_LABEL = b"tally"


def _lp(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


# -- trustees: each holds its own secret; everything it reads or writes is published JSON ------


class Trustee:
    """One trustee's machine. Its secrets never leave this object; it speaks JSON only."""

    def __init__(self, index: int, ceremony_context: bytes, seed: bytes) -> None:
        self._rng = DeterministicRng(seed)
        self._ctx_c = ceremony_context
        self._secret, public = new_trustee(
            index, TRUSTEES, THRESHOLD, context=ceremony_context, rng=self._rng
        )
        self._key_share: KeyShare | None = None
        self.index = index
        self.record = to_json(public)

    def _ceremony(self, records: Sequence[bytes]) -> tuple[list[TrusteePublic], Ceremony]:
        publics = [from_json(r, TrusteePublic) for r in records]
        return publics, verify_ceremony(publics, context=self._ctx_c)

    def send_shares(self, records: Sequence[bytes]) -> list[bytes]:
        """Verify every published record, then box ``P_i(l)`` for every other trustee."""
        publics, _ = self._ceremony(records)
        shares = encrypt_shares(self._secret, publics, context=self._ctx_c, rng=self._rng)
        return [to_json(s) for s in shares]

    def finish(self, records: Sequence[bytes], boxes: Sequence[bytes]) -> bytes:
        """Open the boxes addressed here; keep the key share; return the joint key as computed
        independently by this trustee from the records."""
        publics, ceremony = self._ceremony(records)
        shares = [from_json(b, EncryptedShare) for b in boxes]
        self._key_share = finish_ceremony(
            self._secret, ceremony, publics, shares, context=self._ctx_c
        )
        return ceremony.joint_key.encode()

    def decrypt(self, tally: Sequence[bytes], *, election_context: bytes) -> bytes:
        """The published partial decryption of the tally ciphertexts (given as JSON)."""
        assert self._key_share is not None, "the ceremony is not finished"
        cts = [from_json(c, Ciphertext) for c in tally]
        partial = partial_decrypt(
            self._key_share, cts, context=election_context, label=TALLY_LABEL, rng=self._rng
        )
        return to_json(partial)

    def secrets_for_repr_test(self) -> tuple[TrusteeSecret, KeyShare | None]:
        return self._secret, self._key_share


def key_ceremony(ceremony_context: bytes, name: str) -> tuple[list[Trustee], list[bytes], Ceremony]:
    """Records published, boxes routed by recipient as JSON, key shares kept by each trustee."""
    trustees = [
        Trustee(i, ceremony_context, f"{name}/trustee {i}".encode()) for i in range(1, TRUSTEES + 1)
    ]
    records = [t.record for t in trustees]  # the board
    inbox: dict[int, list[bytes]] = {t.index: [] for t in trustees}
    for t in trustees:
        for box in t.send_shares(records):
            inbox[msgspec.json.decode(box)["recipient"]].append(box)
    assert all(len(v) == TRUSTEES - 1 for v in inbox.values())
    keys = {t.finish(records, inbox[t.index]) for t in trustees}
    assert len(keys) == 1, "every trustee computes the same joint key"
    # An auditor's view: the ceremony from the published records alone.
    ceremony = verify_ceremony(
        [from_json(r, TrusteePublic) for r in records], context=ceremony_context
    )
    assert keys == {ceremony.joint_key.encode()}
    # verify_ceremony takes n and t from the records: the auditor compares them with the
    # manifest's (trustees §3.2 checks a record "for a ceremony (n, t)").
    assert (ceremony.trustees, ceremony.threshold) == (TRUSTEES, THRESHOLD)
    return trustees, records, ceremony


# -- the elections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Election:
    style: BallotStyle
    voters: int
    draw: Callable[[random.Random], list[int]]
    #: What project j's tally decrypts to, from the plain choices (spec ballots §3 and §7).
    expected: Callable[[Sequence[Sequence[int]]], list[int]]
    #: The largest value one ballot adds to a project's tally.
    per_ballot_max: int


def _approval_draw(n: int, lo: int, hi: int) -> Callable[[random.Random], list[int]]:
    def draw(rnd: random.Random) -> list[int]:
        chosen = set(rnd.sample(range(n), rnd.randint(lo, hi)))
        return [int(j in chosen) for j in range(n)]

    return draw


def _knapsack_draw(costs: Sequence[int], budget: int) -> Callable[[random.Random], list[int]]:
    def draw(rnd: random.Random) -> list[int]:
        x, spent = [0] * len(costs), 0
        for j in rnd.sample(range(len(costs)), len(costs)):
            if spent + costs[j] <= budget and rnd.random() < 0.6:
                x[j], spent = 1, spent + costs[j]
        if not any(x):  # min_count = 1: the cheapest project always fits
            x[min(range(len(costs)), key=lambda j: costs[j])] = 1
        return x

    return draw


def _cumulative_draw(n: int, points: int) -> Callable[[random.Random], list[int]]:
    def draw(rnd: random.Random) -> list[int]:
        x = [0] * n
        for _ in range(rnd.randint(0, points)):
            x[rnd.randrange(n)] += 1
        return x

    return draw


def _quadratic_draw(
    n: int, max_votes: int, credits: int, signed: bool
) -> Callable[[random.Random], list[int]]:
    low = -max_votes if signed else 0

    def draw(rnd: random.Random) -> list[int]:
        v = [0] * n
        for j in rnd.sample(range(n), n):
            w = rnd.randint(low, max_votes)
            if sum(a * a for a in v) + w * w <= credits:
                v[j] = w
        return v

    return draw


def _column_sums(choices: Sequence[Sequence[int]]) -> list[int]:
    return [sum(col) for col in zip(*choices, strict=True)]


KNAPSACK_COSTS = (250_000, 400_000, 120_000, 600_000, 90_000, 310_000, 750_000, 180_000, 0)
SIGNED_V = 3

ELECTIONS = {
    "approval": Election(
        BallotStyle(id="district-approval", kind="approval", projects=6, min_count=1, max_count=3),
        voters=20,
        draw=_approval_draw(6, 1, 3),
        expected=_column_sums,
        per_ballot_max=1,
    ),
    "knapsack": Election(
        BallotStyle(
            id="city-knapsack",
            kind="knapsack",
            projects=len(KNAPSACK_COSTS),
            costs=KNAPSACK_COSTS,
            budget=1_500_000,
            min_count=1,
        ),
        voters=12,
        draw=_knapsack_draw(KNAPSACK_COSTS, 1_500_000),
        expected=_column_sums,
        per_ballot_max=1,
    ),
    "cumulative": Election(
        BallotStyle(id="cumulative", kind="cumulative", projects=5, points=7),
        voters=12,
        draw=_cumulative_draw(5, 7),
        expected=_column_sums,
        per_ballot_max=7,
    ),
    "quadratic": Election(
        BallotStyle(id="quadratic", kind="quadratic", projects=4, max_votes=4, credits=20),
        voters=12,
        draw=_quadratic_draw(4, 4, 20, signed=False),
        expected=_column_sums,
        per_ballot_max=4,
    ),
    "signed-quadratic": Election(
        BallotStyle(
            id="signed-quadratic",
            kind="quadratic",
            projects=4,
            max_votes=SIGNED_V,
            signed=True,
            credits=12,
        ),
        voters=12,
        draw=_quadratic_draw(4, SIGNED_V, 12, signed=True),
        # Signed votes are stored as v + V: the tally of N ballots is Σ v + N·V.
        expected=lambda cs: [s + len(cs) * SIGNED_V for s in _column_sums(cs)],
        per_ballot_max=2 * SIGNED_V,
    ),
}


def manifest_bytes(style: BallotStyle) -> bytes:
    """What the election specification fixes before the ceremony (the key cannot be in it)."""
    return b'{"trustees":%d,"threshold":%d,"style":%s}' % (TRUSTEES, THRESHOLD, to_json(style))


def ceremony_context(manifest: bytes) -> bytes:
    """``ctx_c`` (trustees §2): a hash of the manifest, fixed before the ceremony."""
    return hashlib.sha256(_lp(b"oylama test/ceremony") + _lp(manifest)).digest()


def election_context(manifest: bytes, joint_key: Point) -> bytes:
    """``ctx_e``, the base hash (crypto §3.1, trustees §5): the manifest *and* the joint key."""
    return hashlib.sha256(
        _lp(b"oylama test/base-hash") + _lp(manifest) + _lp(joint_key.encode())
    ).digest()


# -- the test ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ELECTIONS))
def test_encrypted_election_from_ceremony_to_verified_result(kind: str) -> None:
    e = ELECTIONS[kind]
    style = e.style
    manifest = manifest_bytes(style)
    ctx_c = ceremony_context(manifest)

    # 1. Key ceremony: 3 trustees, threshold 2, published records and boxed shares only.
    trustees, _records, ceremony = key_ceremony(ctx_c, kind)
    key = ceremony.joint_key
    ctx_e = election_context(manifest, key)
    assert ctx_e != ctx_c

    # 2. Voting: the board accepts a ballot (its canonical JSON text) only once it verifies.
    board: list[tuple[bytes, bytes]] = []  # (credential, ballot text)

    def cred(v: int) -> bytes:  # voter v's public credential (any 32 bytes for the crypto)
        return hashlib.sha256(b"voter %d" % v).digest()

    def cast(text: bytes, credential: bytes) -> None:
        ballot = from_json(text, EncryptedBallot)
        verify_ballot(style, key, ballot, context=ctx_e, credential=credential)
        board.append((credential, text))

    rnd = random.Random(f"oylama e2e {kind}")
    device_rng = DeterministicRng(f"{kind}/devices".encode())
    choices: list[list[int]] = []
    for v in range(e.voters):
        x = e.draw(rnd)
        ballot, _ = encrypt_ballot(
            style,
            key,
            x,
            context=ctx_e,
            ballot_id=b"voter-%03d" % v,
            credential=cred(v),
            rng=device_rng,
        )
        cast(to_json(ballot), cred(v))
        choices.append(x)
    assert len({tracking_code(from_json(t, EncryptedBallot)) for _, t in board}) == e.voters

    # 3. Benaloh: a device's ballot is spoiled, checked by anyone, and never counted.
    x_spoiled = e.draw(rnd)
    challenged, secrets_ = encrypt_ballot(
        style,
        key,
        x_spoiled,
        context=ctx_e,
        ballot_id=b"spoiled",
        credential=cred(0),
        rng=device_rng,
    )
    opened = from_json(to_json(spoil(challenged, secrets_)), SpoiledBallot)
    verify_spoiled(style, key, opened, context=ctx_e, credential=cred(0))
    verify_spoiled(style, key, opened, context=ctx_e, credential=None)  # as a board's checker
    assert opened.choices == x_spoiled
    other = next(c for c in (e.draw(rnd) for _ in range(100)) if c != x_spoiled)
    lie = msgspec.structs.replace(opened, choices=other)
    for credential in (cred(0), None):  # the device lied about the choice
        with pytest.raises(ProofError, match="spoiled ballot"):
            verify_spoiled(style, key, lie, context=ctx_e, credential=credential)

    # 4. Tampered ballots are rejected before tallying, and the board is left unchanged:
    #    project 0's ciphertext of voter 1 put into voter 0's ballot (a valid encryption, but
    #    not the one voter 0's proof is about) ...
    b0, b1 = (from_json(t, EncryptedBallot) for _, t in board[:2])
    tampered = msgspec.structs.replace(b0, selections=[b1.selections[0], *b0.selections[1:]])
    with pytest.raises(ProofError, match="project 0"):
        cast(to_json(tampered), cred(0))
    # ... voter 1's whole ballot cast with voter 0's credential (every proof binds it) ...
    with pytest.raises(ProofError, match="project 0"):
        cast(to_json(b1), cred(0))
    # ... voter 1's aggregate proofs (count, budget, points, credits) on voter 0's ballot ...
    totals = {"knapsack": "cost of the selection", "cumulative": "points given"}
    names = {"count": "count of selected projects", "total": totals.get(kind, "credits spent")}
    assert (b0.count, b0.total) != (None, None), "each style here sends an aggregate proof"
    for field in ("count", "total"):
        if getattr(b0, field) is not None:
            swapped = msgspec.structs.replace(b0, **{field: getattr(b1, field)})
            with pytest.raises(ProofError, match=rf"^{names[field]} in \["):
                cast(to_json(swapped), cred(0))
    # ... and a ballot copied under a new id (every proof binds the id).
    with pytest.raises(ProofError, match="project 0"):
        cast(to_json(msgspec.structs.replace(b0, ballot_id=b"voter-new")), cred(0))
    assert len(board) == e.voters

    # 5. Tally: re-verify what the board holds, then the homomorphic sums.
    ballots = [from_json(t, EncryptedBallot) for _, t in board]
    for (credential, _), b in zip(board, ballots, strict=True):
        verify_ballot(style, key, b, context=ctx_e, credential=credential)
    columns = tally_selections(style, ballots)
    expected = e.expected(choices)
    bound = e.voters * e.per_ballot_max
    if style.kind == "quadratic":  # also the credits per project: Σ v_j² over ballots
        columns += tally_ciphertexts([b.squares for b in ballots])
        expected += _column_sums([[v * v for v in x] for x in choices])
        bound = max(bound, e.voters * style.max_votes**2)
    published = [to_json(c) for c in columns]

    # 6. Every trustee publishes a proved partial decryption; anyone verifies each one.
    partials = [
        from_json(t.decrypt(published, election_context=ctx_e), PartialDecryption) for t in trustees
    ]
    for p in partials:
        verify_partial_decryption(ceremony, p, columns, context=ctx_e, label=TALLY_LABEL)

    # 7. Every set of at least 2 trustees gives exactly the sums of the voters' choices.
    for size in (2, 3):
        for subset in itertools.combinations(partials, size):
            result = combine(
                ceremony, subset, columns, bound=bound, context=ctx_e, label=TALLY_LABEL
            )
            assert result == expected, [p.index for p in subset]

    # 8. One trustee alone cannot decrypt (nor by repeating itself).
    for p in partials:
        with pytest.raises(ThresholdError):
            combine(ceremony, [p], columns, bound=bound, context=ctx_e, label=TALLY_LABEL)
        with pytest.raises(TrusteeError, match="two partial"):
            combine(ceremony, [p, p], columns, bound=bound, context=ctx_e, label=TALLY_LABEL)

    # 9. A forged partial names its trustee: trustee 2 publishes trustee 3's share as its own
    #    for column 0 (a valid point, a proof of another statement) ...
    p1, p2, p3 = partials
    forged = msgspec.structs.replace(p2, shares=[p3.shares[0], *p2.shares[1:]])
    with pytest.raises(TrusteeError, match="trustee 2: ciphertext 0") as info:
        combine(ceremony, [p1, forged], columns, bound=bound, context=ctx_e, label=TALLY_LABEL)
    assert info.value.trustee == 2
    # ... or decrypts with a key of its own: every DLEQ proof is valid, but for a public share
    # that is not the one the ceremony's commitments give trustee 2.
    wrong_key = KeyShare(
        index=2, trustees=TRUSTEES, threshold=THRESHOLD, secret=bytes([7] * 31 + [0])
    )
    rogue = partial_decrypt(
        wrong_key, columns, context=ctx_e, label=TALLY_LABEL, rng=DeterministicRng(b"rogue")
    )
    with pytest.raises(TrusteeError, match="trustee 2: ciphertext 0") as info:
        combine(ceremony, [rogue, p3], columns, bound=bound, context=ctx_e, label=TALLY_LABEL)
    assert info.value.trustee == 2
    # The others finish without it.
    assert (
        combine(ceremony, [p1, p3], columns, bound=bound, context=ctx_e, label=TALLY_LABEL)
        == expected
    )
    # A partial for another election (context) or another decryption (label) is refused too.
    with pytest.raises(TrusteeError, match="trustee 1"):
        verify_partial_decryption(ceremony, p1, columns, context=ctx_c, label=TALLY_LABEL)
    with pytest.raises(TrusteeError, match="trustee 1"):
        verify_partial_decryption(ceremony, p1, columns, context=ctx_e, label=b"spoiled")


def test_knapsack_columns_hold_cost_times_selection() -> None:
    """ballots §3: before unscaling, a knapsack column encrypts cost_j·X_j (X_j = selections).

    Decrypted jointly by trustees 1 and 3, from the raw per-column sums of the ciphertexts.
    """
    e = ELECTIONS["knapsack"]
    style = e.style
    manifest = manifest_bytes(style)
    ctx_c = ceremony_context(manifest)
    trustees, _, ceremony = key_ceremony(ctx_c, "knapsack raw")
    key = ceremony.joint_key
    ctx_e = election_context(manifest, key)
    rnd, rng = random.Random("oylama e2e knapsack raw"), DeterministicRng(b"knapsack raw")
    choices = [e.draw(rnd) for _ in range(4)]
    ballots = [
        encrypt_ballot(
            style, key, x, context=ctx_e, ballot_id=b"b%d" % i, credential=bytes(32), rng=rng
        )[0]
        for i, x in enumerate(choices)
    ]
    raw = tally_ciphertexts([b.selections for b in ballots])
    published = [to_json(c) for c in raw]
    partials = [
        from_json(trustees[i].decrypt(published, election_context=ctx_e), PartialDecryption)
        for i in (0, 2)
    ]
    bound = len(choices) * max(style.costs)
    got = combine(ceremony, partials, raw, bound=bound, context=ctx_e, label=TALLY_LABEL)
    assert got == [max(c, 1) * s for c, s in zip(style.costs, _column_sums(choices), strict=True)]


# -- secrets do not leak through repr/str ------------------------------------------------------


def _renderings(data: bytes) -> list[str]:
    """Every way a secret's bytes might show up in text: hex, base64, decimal (both orders)."""
    out = [
        data.hex(),
        data.hex().upper(),
        base64.b64encode(data).decode(),
        base64.urlsafe_b64encode(data).decode().rstrip("="),
        str(int.from_bytes(data, "little")),
        str(int.from_bytes(data, "big")),
        repr(data)[2:-1],
    ]
    return [s for s in out if len(s) >= 8]


def _assert_hidden(obj: msgspec.Struct, secrets_: Sequence[bytes]) -> None:
    """repr, str, format, inside a container and rich's pretty-printing hook show no secret."""
    texts = [repr(obj), str(obj), f"{obj}", repr([obj]), repr(list(obj.__rich_repr__()))]
    for text in texts:
        for s in secrets_:
            for r in _renderings(s):
                assert r not in text, (type(obj).__name__, r)
        assert "redacted" in text


def test_secret_structs_have_redacted_repr_and_unchanged_wire_form() -> None:
    style = ELECTIONS["quadratic"].style
    manifest = manifest_bytes(style)
    ctx_c = ceremony_context(manifest)
    trustees, _, ceremony = key_ceremony(ctx_c, "repr")
    ctx_e = election_context(manifest, ceremony.joint_key)
    for t in trustees:
        secret, share = t.secrets_for_repr_test()
        assert share is not None
        _assert_hidden(secret, [*secret.coefficients, secret.box_secret])
        _assert_hidden(share, [share.secret])
        assert f"index={t.index}" in repr(secret) and f"index={t.index}" in repr(share)
        # The wire form is the full struct, unchanged by the repr.
        assert from_json(to_json(secret), TrusteeSecret) == secret
        assert (
            msgspec.json.decode(to_json(share))["secret"] == base64.b64encode(share.secret).decode()
        )
        assert base_mul(int.from_bytes(share.secret, "little")) == ceremony.public_share(t.index)

    votes = [4, 0, 1, 1]  # decimal "[4, 0, 1, 1]" must not appear either
    ballot, bs = encrypt_ballot(
        style,
        ceremony.joint_key,
        votes,
        context=ctx_e,
        ballot_id=b"repr",
        credential=bytes(32),
        rng=DeterministicRng(b"repr ballot"),
    )
    spoiled = spoil(ballot, bs)
    for obj in (bs, spoiled):
        assert isinstance(obj, BallotSecrets | SpoiledBallot)
        _assert_hidden(obj, [*obj.randomness, *obj.square_randomness])
        for text in (repr(obj), str(obj)):
            assert repr(votes) not in text and "choices=[" not in text
        assert msgspec.json.decode(to_json(obj))["choices"] == votes
        assert from_json(to_json(obj), type(obj)) == obj
    assert repr(ballot) in repr(spoiled)  # the public ballot is still shown
