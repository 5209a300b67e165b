"""The client workflows' pure steps, without a server: ceremony, tally decryption, ballot
preparation, spoiling and receipts (against a board built here from the board's own core).

What the server would send is built from the same public structures a server builds; every
check the clients make is exercised both ways (accepts the honest input, refuses a tampered
one, naming what failed).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import msgspec
import pytest
from nacl.signing import SigningKey

from oylama import ballots, credentials
from oylama.board import (
    GENESIS_PREV,
    Checkpoint,
    EntryKind,
    MemoryTree,
    encode_entry,
    entry_hash,
    inclusion_proof,
    make_entry,
    sign_checkpoint,
)
from oylama.client import (
    BoardKey,
    CastReceipt,
    CeremonyView,
    ElectionView,
    TrusteeState,
    VerificationError,
    begin,
    check_ceremony_context,
    check_election,
    credential_district,
    decrypt_tallies,
    eligible_ballots,
    finish,
    load_state,
    make_shares,
    prepare_ballot,
    random_choices,
    recount_tallies,
    save_state,
    spoil_and_check,
    verify_receipt,
)
from oylama.client._http import StyleTally
from oylama.crypto import (
    ZERO_CIPHERTEXT,
    EncryptedShare,
    combine,
    verify_ceremony,
    verify_spoiled,
)
from oylama.crypto.hazmat import DeterministicRng
from oylama.election import (
    Manifest,
    ballot_payload,
    base_hash,
    ceremony_context,
    encode_manifest,
    encode_payload,
    manifest_from_definition,
    manifest_hash,
)
from oylama.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "oylama.test/e2e-knapsack"


def _manifest(kind: str = "knapsack", trustees: int = 3, threshold: int = 2) -> Manifest:
    d = ballots.load(ROOT / "ballots" / "tests" / f"e2e-{kind}.toml")
    return manifest_from_definition(d, trustees=trustees, threshold=threshold, origin=ORIGIN)


def _ceremony(manifest: Manifest, states: list[TrusteeState]) -> CeremonyView:
    records = [None] * manifest.trustees
    for s in states:
        records[s.index - 1] = s.public  # type: ignore[call-overload]
    return CeremonyView(
        trustees=manifest.trustees,
        threshold=manifest.threshold,
        ceremony_context=ceremony_context(manifest),
        records=records,  # type: ignore[arg-type]
        commitments=[None] * manifest.trustees,
    )


def _run_ceremony(
    manifest: Manifest, rng: DeterministicRng
) -> tuple[list[TrusteeState], CeremonyView]:
    mbytes = encode_manifest(manifest)
    empty = _ceremony(manifest, [])
    states = [begin(empty, mbytes, i, rng=rng) for i in range(1, manifest.trustees + 1)]
    # Shares only once every record is in.
    assert make_shares(states[0], _ceremony(manifest, states[:-1]), rng=rng) is None
    full = _ceremony(manifest, states)
    boxes: list[EncryptedShare] = []
    for s in states:
        out = make_shares(s, full, rng=rng)
        assert out is not None and len(out) == manifest.trustees - 1
        boxes += out
    for s in states:
        mine = [b for b in boxes if b.recipient == s.index]
        assert finish(s, msgspec.structs.replace(full, shares=mine[:-1])) is None
        done = finish(s, msgspec.structs.replace(full, shares=mine))
        assert done is not None
        s.key_share, s.joint_key = done
    return states, msgspec.structs.replace(full, shares=boxes)


@pytest.fixture(scope="module")
def election() -> tuple[Manifest, list[TrusteeState], CeremonyView]:
    manifest = _manifest()
    states, ceremony = _run_ceremony(manifest, DeterministicRng(b"client ceremony"))
    return manifest, states, ceremony


def _view(manifest: Manifest, joint_key: bytes, **changes: object) -> ElectionView:
    view = ElectionView(
        id=manifest.election_id,
        title=manifest.title.tr,
        status="open",
        manifest_hash=manifest_hash(manifest),
        joint_key=joint_key,
        base_hash=base_hash(manifest, joint_key),
        credentials="00" * 32,
        voters=1,
        board_size=1,
    )
    return msgspec.structs.replace(view, **changes)


# -- ceremony ------------------------------------------------------------------------------------


def test_ceremony_gives_every_trustee_the_joint_key_of_the_records(election) -> None:  # type: ignore[no-untyped-def]
    manifest, states, _ = election
    records = [s.public for s in states]
    key = verify_ceremony(records, context=ceremony_context(manifest)).joint_key.encode()
    assert {s.joint_key for s in states} == {key}
    assert len({s.key_share.secret for s in states if s.key_share}) == 3


def test_begin_refuses_a_ceremony_context_that_is_not_the_manifests() -> None:
    manifest = _manifest()
    view = msgspec.structs.replace(_ceremony(manifest, []), ceremony_context=bytes(32))
    with pytest.raises(VerificationError, match="ceremony context"):
        begin(view, encode_manifest(manifest), 1)
    other = msgspec.structs.replace(_ceremony(manifest, []), threshold=3)
    with pytest.raises(VerificationError, match="3-of-3"):
        check_ceremony_context(other, encode_manifest(manifest))
    with pytest.raises(InputError, match="index 4"):
        begin(_ceremony(manifest, []), encode_manifest(manifest), 4)


def test_a_tampered_box_is_refused_naming_its_sender(election) -> None:  # type: ignore[no-untyped-def]
    _, states, ceremony = election
    me = states[0]
    mine = [b for b in ceremony.shares if b.recipient == me.index]
    bad = mine[0]
    flipped = bad.box[:-1] + bytes([bad.box[-1] ^ 1])
    shares = [msgspec.structs.replace(bad, box=flipped), *mine[1:]]
    with pytest.raises(VerificationError, match=f"trustee {bad.sender} fails \\(box\\)"):
        finish(me, msgspec.structs.replace(ceremony, shares=shares))


def test_a_replaced_record_of_our_own_is_refused(election) -> None:  # type: ignore[no-untyped-def]
    manifest, states, ceremony = election
    rng = DeterministicRng(b"impostor")
    impostor = begin(_ceremony(manifest, []), encode_manifest(manifest), 1, rng=rng)
    records = [impostor.public, *ceremony.records[1:]]
    with pytest.raises(VerificationError, match="record for trustee 1 is not ours"):
        make_shares(states[0], msgspec.structs.replace(ceremony, records=records))


def test_state_file_is_private_and_round_trips(election, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, states, _ = election
    path = tmp_path / "t1.json"
    save_state(path, states[0])
    assert os.stat(path).st_mode & 0o777 == 0o600
    back = load_state(path)
    assert back == states[0]
    assert "secret" not in repr(back).lower()
    os.chmod(path, 0o644)
    with pytest.raises(InputError, match="0600"):
        load_state(path)
    path.write_text('{"format": "oylama-trustee-state/v1",\n "index": ]')
    os.chmod(path, 0o600)
    with pytest.raises(InputError) as info:
        load_state(path)
    assert info.value.line == 2
    with pytest.raises(InputError, match="no trustee state file"):
        load_state(tmp_path / "missing.json")


# -- voter ---------------------------------------------------------------------------------------


def test_check_election_recomputes_hashes_and_key(election) -> None:  # type: ignore[no-untyped-def]
    manifest, states, ceremony = election
    key = states[0].joint_key
    mbytes = encode_manifest(manifest)
    ctx = check_election(_view(manifest, key), mbytes, ceremony)
    assert ctx.base_hash == base_hash(manifest, key)
    with pytest.raises(VerificationError, match="manifest hash mismatch"):
        check_election(_view(manifest, key, manifest_hash=bytes(32)), mbytes)
    with pytest.raises(VerificationError, match="base hash mismatch"):
        check_election(_view(manifest, key, base_hash=bytes(32)), mbytes)
    # A key that is not the trustees' (here: the key of another ceremony) is refused.
    other, _ = _run_ceremony(manifest, DeterministicRng(b"other ceremony"))
    wrong = other[0].joint_key
    assert wrong is not None
    check_election(_view(manifest, wrong), mbytes)  # consistent on its own ...
    with pytest.raises(VerificationError, match="not the one the trustees"):
        check_election(_view(manifest, wrong), mbytes, ceremony)  # ... but not the trustees'
    with pytest.raises(VerificationError, match="not canonical"):
        check_election(_view(manifest, key), mbytes + b" ")
    with pytest.raises(VerificationError, match="no key yet"):
        check_election(
            msgspec.structs.replace(_view(manifest, key), joint_key=None, status="ceremony"), mbytes
        )


def test_credential_district_checks_the_fingerprint_and_finds_the_key() -> None:
    manifest = _manifest()
    roll = [
        credentials.RollEntry(voter_id=str(i), district=d, line=i + 2)
        for i, d in enumerate(["north", "south", "north"])
    ]
    rng = DeterministicRng(b"roll")
    secret, public = credentials.generate(
        roll, election_id=manifest.election_id, rng=rng.token_bytes
    )
    data = credentials.dump_public_list(public)
    fp = credentials.fingerprint(data)
    for s in secret:
        key = credentials.public_credential(credentials.parse_code(s.code), manifest.election_id)
        got = credential_district(
            data, fingerprint=fp, election_id=manifest.election_id, credential=key
        )
        assert got == s.district
        assert [b.id for b in eligible_ballots(manifest, got)] == (
            ["north-knapsack", "city-knapsack"] if got == "north" else ["city-knapsack"]
        )
    with pytest.raises(VerificationError, match="fingerprint"):
        credential_district(data, fingerprint="0" * 64, election_id="e2e-knapsack", credential=key)
    with pytest.raises(InputError, match="not in the election's credential list"):
        credential_district(data, fingerprint=fp, election_id="e2e-knapsack", credential=bytes(32))


class _Board:
    """A log built with the board's own core, as a server would: entries, tree, checkpoints."""

    def __init__(self, manifest: Manifest) -> None:
        self.election_id = manifest.election_id
        self.key = SigningKey(bytes(range(32)))
        self.tree = MemoryTree()
        self.entries: list[bytes] = []
        self.prev = GENESIS_PREV
        self.append(EntryKind.MANIFEST, encode_manifest(manifest))

    def append(self, kind: EntryKind, payload: bytes) -> int:
        i = len(self.entries)
        e = make_entry(
            self.election_id, i, kind, prev_hash=self.prev, timestamp=1_000 + i, payload=payload
        )
        data = encode_entry(e)
        self.entries.append(data)
        self.prev = entry_hash(e)
        self.tree.append(self.prev)
        return i

    def board_key(self, origin: str = ORIGIN) -> BoardKey:
        return BoardKey(
            origin=origin, key_name="board", ed25519_public_key=bytes(self.key.verify_key)
        )

    def receipt(self, index: int, code: str) -> CastReceipt:
        size = len(self.entries)
        cp = Checkpoint(ORIGIN, size, self.tree.root(size))
        return CastReceipt(
            tracking_code=code,
            index=index,
            superseded=None,
            checkpoint=sign_checkpoint(cp, "board", self.key),
            inclusion_proof=inclusion_proof(self.tree, index, size),
        )


CODE = credentials.parse_code(
    credentials.format_code(credentials.new_code(DeterministicRng(b"c").token_bytes))
)


def test_receipt_verifies_and_every_tampering_is_named(election) -> None:  # type: ignore[no-untyped-def]
    manifest, states, ceremony = election
    ctx = check_election(_view(manifest, states[0].joint_key), encode_manifest(manifest), ceremony)
    style = manifest.ballot("north-knapsack").ballot_style()
    rng = DeterministicRng(b"voter")
    choices = random_choices(style, random.Random(3))
    prepared = prepare_ballot(ctx, style, choices, CODE, rng=rng)
    credentials.verify_ballot_signature(
        prepared.credential, prepared.text, prepared.signature, election_id=ctx.election_id
    )
    board = _Board(manifest)
    payload = encode_payload(ballot_payload(prepared.credential, prepared.signature, prepared.text))
    i = board.append(EntryKind.BALLOT, payload)
    board.append(EntryKind.BALLOT_SUPERSEDED, b"{}")  # the tree grows past the ballot
    receipt = board.receipt(i, prepared.tracking_code.lower())
    assert verify_receipt(ctx, prepared, receipt, board.entries[i], board.board_key()) == 3

    def refused(match: str, **kw: object) -> None:
        r = msgspec.structs.replace(receipt, **{k: v for k, v in kw.items() if k != "entry"})
        entry = kw.get("entry", board.entries[i])
        with pytest.raises(VerificationError, match=match):
            verify_receipt(ctx, prepared, r, entry, board.board_key())  # type: ignore[arg-type]

    other = prepare_ballot(ctx, style, choices, CODE, rng=rng)
    refused("tracking code", tracking_code=other.tracking_code)
    refused("checkpoint does not verify", checkpoint=receipt.checkpoint.replace("board", "braod"))
    refused("inclusion proof", inclusion_proof=[bytes(32), *receipt.inclusion_proof[1:]])
    refused("is a ballot-superseded entry", entry=board.entries[i + 1], index=i + 1)
    refused("another entry", entry=board.entries[0])
    # The entry holds another ballot with the same tracking code claimed: refused by content.
    j = board.append(
        EntryKind.BALLOT,
        encode_payload(ballot_payload(other.credential, other.signature, other.text)),
    )
    refused("holds another ballot", entry=board.entries[j], index=j)
    with pytest.raises(VerificationError, match="origin"):
        verify_receipt(ctx, prepared, receipt, board.entries[i], board.board_key("elsewhere"))


def test_spoil_reveals_exactly_the_choices(election) -> None:  # type: ignore[no-untyped-def]
    manifest, states, _ = election
    ctx = check_election(_view(manifest, states[0].joint_key), encode_manifest(manifest))
    style = manifest.ballot("city-knapsack").ballot_style()
    choices = random_choices(style, random.Random(5))
    prepared = prepare_ballot(ctx, style, choices, CODE)
    spoiled = spoil_and_check(ctx, prepared)
    assert spoiled.choices == choices
    # A device that encrypted something else than it shows is caught.
    lie = msgspec.structs.replace(spoiled, choices=[1 - c for c in choices])
    with pytest.raises(Exception, match="spoiled ballot"):
        verify_spoiled(style, ctx.joint_key, lie, context=ctx.base_hash)


# -- tally -----------------------------------------------------------------------------------------


def _cast_all(
    manifest: Manifest, ctx_key: bytes, casts: list[tuple[str, str, list[int]]]
) -> tuple[_Board, object]:
    ctx = check_election(_view(manifest, ctx_key), encode_manifest(manifest))
    board = _Board(manifest)
    rng = DeterministicRng(b"tally")
    for code, sid, choices in casts:
        p = prepare_ballot(ctx, manifest.ballot(sid).ballot_style(), choices, code, rng=rng)
        board.append(
            EntryKind.BALLOT, encode_payload(ballot_payload(p.credential, p.signature, p.text))
        )
    return board, ctx


def _codes(n: int) -> list[str]:
    r = DeterministicRng(b"codes")
    return [credentials.new_code(r.token_bytes) for _ in range(n)]


@pytest.mark.parametrize("pair", [(1, 2), (2, 3), (1, 3)])
def test_two_trustees_decrypt_the_recounted_tally_revotes_replaced(election, pair) -> None:  # type: ignore[no-untyped-def]
    manifest, states, _ = election
    key = states[0].joint_key
    a, b, c = _codes(3)
    casts = [
        (a, "north-knapsack", [1, 1, 0, 0, 0]),
        (b, "north-knapsack", [0, 1, 1, 0, 0]),
        (a, "north-knapsack", [0, 0, 1, 0, 1]),  # revote: replaces a's first ballot
        (c, "city-knapsack", [0, 1, 0, 0]),
    ]
    board, _ = _cast_all(manifest, key, casts)
    sums = recount_tallies(manifest, board.entries)
    tallies = [
        StyleTally(style=s, ballots=0, ciphertexts=sums[s])
        for s in ("north-knapsack", "city-knapsack")
    ]
    view = _view(manifest, key)
    trustee = [s for s in states if s.index in pair]
    partials = [decrypt_tallies(s, manifest, view, tallies, recount=sums) for s in trustee]
    cer = verify_ceremony([s.public for s in states], context=ceremony_context(manifest))
    expected = {"north-knapsack": [0, 1, 2, 0, 1], "city-knapsack": [0, 1, 0, 0]}
    for k, t in enumerate(tallies):
        got = combine(
            cer,
            [p[k][1] for p in partials],
            t.ciphertexts,
            bound=10,
            context=base_hash(manifest, key),
            label=b"tally/" + t.style.encode(),
        )
        assert got == expected[t.style]


def test_decrypt_refuses_a_tally_that_is_not_the_boards_sum(election) -> None:  # type: ignore[no-untyped-def]
    manifest, states, _ = election
    key = states[0].joint_key
    (a,) = _codes(1)
    board, _ = _cast_all(manifest, key, [(a, "north-knapsack", [1, 0, 0, 0, 0])])
    sums = recount_tallies(manifest, board.entries)
    # A server that asks for the decryption of one ballot's selection alone, relabelled:
    forged = dict(sums)
    forged["city-knapsack"] = [sums["north-knapsack"][0], *sums["city-knapsack"][1:]]
    tallies = [StyleTally(style=s, ballots=1, ciphertexts=forged[s]) for s in forged]
    view = _view(manifest, key)
    with pytest.raises(VerificationError, match="city-knapsack: the tally is not the sum"):
        decrypt_tallies(states[0], manifest, view, tallies, recount=sums)
    with pytest.raises(VerificationError, match="base hash"):
        decrypt_tallies(states[0], manifest, _view(manifest, key, base_hash=bytes(32)), tallies)
    swapped = list(reversed(tallies))
    with pytest.raises(VerificationError, match="styles"):
        decrypt_tallies(states[0], manifest, view, swapped)


def test_recount_of_an_empty_style_is_the_identity_per_project(election) -> None:  # type: ignore[no-untyped-def]
    manifest, _, _ = election
    sums = recount_tallies(manifest, _Board(manifest).entries)
    assert sums == {"north-knapsack": [ZERO_CIPHERTEXT] * 5, "city-knapsack": [ZERO_CIPHERTEXT] * 4}
