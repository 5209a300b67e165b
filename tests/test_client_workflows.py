"""The client workflows' pure steps, without a server: ceremony (identity-signed records,
pinned keys), the trustee's full verification of a closed log before any decryption, ballot
preparation, spoiling and receipts (against a board built here from the board's own core).

What the server would send is built from the same public structures a server builds; every
check the clients make is exercised both ways (accepts the honest input, refuses a tampered
one, naming what failed).
"""

from __future__ import annotations

import base64
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
    decode_entry,
    encode_entry,
    entry_hash,
    inclusion_proof,
    make_entry,
    sign_checkpoint,
    verifier_key,
)
from oylama.client import (
    MAX_CHECKPOINTS,
    BoardKey,
    CastReceipt,
    CeremonyView,
    ElectionView,
    TrusteeState,
    VerificationError,
    begin,
    check_ceremony_context,
    check_election,
    commitment_signature,
    credential_district,
    decrypt_tallies,
    eligible_ballots,
    finish,
    load_state,
    make_shares,
    prepare_ballot,
    random_choices,
    record_checkpoint,
    save_state,
    signed_record,
    spoil_and_check,
    verify_receipt,
)
from oylama.crypto import (
    ZERO_CIPHERTEXT,
    EncryptedShare,
    combine,
    tally_selections,
    to_json,
    verify_ceremony,
    verify_spoiled,
)
from oylama.crypto.hazmat import DeterministicRng
from oylama.election import (
    BallotPayload,
    BallotSuperseded,
    Closed,
    ClosedStyle,
    LogError,
    Manifest,
    Opened,
    PinError,
    Pins,
    SignedTrusteeRecord,
    Staff,
    Tally,
    TallyLogVerifier,
    TrusteeCommitment,
    ballot_payload,
    base_hash,
    ceremony_context,
    decode_payload,
    encode_manifest,
    encode_payload,
    identity_public_key,
    manifest_from_definition,
    manifest_hash,
    sign_record,
)
from oylama.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "oylama.test/e2e-knapsack"


#: The trustees' identity key seeds (their public keys go into the manifest).
_IDS = DeterministicRng(b"identities")
IDENTITIES = [_IDS.token_bytes(32) for _ in range(3)]
MIN_TALLY = 2


def _manifest(kind: str = "knapsack", trustees: int = 3, threshold: int = 2) -> Manifest:
    d = ballots.load(ROOT / "ballots" / "tests" / f"e2e-{kind}.toml")
    d = msgspec.structs.replace(
        d, election=msgspec.structs.replace(d.election, min_tally_ballots=MIN_TALLY)
    )
    keys = [identity_public_key(seed) for seed in IDENTITIES[:trustees]]
    return manifest_from_definition(
        d, trustees=trustees, threshold=threshold, trustee_keys=keys, origin=ORIGIN
    )


def _pins(manifest: Manifest, **more: object) -> Pins:
    """What a trustee pinned at init: every trustee's identity key (and ``more``)."""
    return Pins(trustee_keys=manifest.trustee_keys, **more)  # type: ignore[arg-type]


def _ceremony(manifest: Manifest, states: list[TrusteeState]) -> CeremonyView:
    records = [None] * manifest.trustees
    for s in states:
        records[s.index - 1] = signed_record(s)  # type: ignore[call-overload]
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
    pins = _pins(manifest)
    states = [
        begin(empty, mbytes, IDENTITIES[i - 1], pins, rng=rng)
        for i in range(1, manifest.trustees + 1)
    ]
    assert [s.index for s in states] == list(range(1, manifest.trustees + 1))
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
    mbytes = encode_manifest(manifest)
    pins = _pins(manifest)
    view = msgspec.structs.replace(_ceremony(manifest, []), ceremony_context=bytes(32))
    with pytest.raises(VerificationError, match="ceremony context"):
        begin(view, mbytes, IDENTITIES[0], pins)
    other = msgspec.structs.replace(_ceremony(manifest, []), threshold=3)
    with pytest.raises(VerificationError, match="3-of-3"):
        check_ceremony_context(other, mbytes)


def test_begin_holds_the_manifest_to_the_pinned_identity_keys() -> None:
    """A manifest naming other trustees than those pinned (e.g. a server that runs the whole
    ceremony with keys of its own) is refused before anything is drawn."""
    manifest = _manifest()
    mbytes = encode_manifest(manifest)
    empty = _ceremony(manifest, [])
    with pytest.raises(InputError, match="pin the trustees' identity keys"):
        begin(empty, mbytes, IDENTITIES[0], Pins())
    swapped = Pins(trustee_keys=tuple(reversed(manifest.trustee_keys)))
    with pytest.raises(VerificationError, match="not run by the trustees you know"):
        begin(empty, mbytes, IDENTITIES[0], swapped)
    stranger = DeterministicRng(b"stranger").token_bytes(32)
    with pytest.raises(VerificationError, match="not one of the election's trustees"):
        begin(empty, mbytes, stranger, _pins(manifest))
    with pytest.raises(VerificationError, match="trustee 1's, not 2's"):
        begin(empty, mbytes, IDENTITIES[0], _pins(manifest), index=2)
    with pytest.raises(VerificationError, match="pins are for election"):
        begin(empty, mbytes, IDENTITIES[0], _pins(manifest, election_id="another"))
    assert begin(empty, mbytes, IDENTITIES[1], _pins(manifest)).index == 2


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
    pins = _pins(manifest)
    impostor = begin(
        _ceremony(manifest, []), encode_manifest(manifest), IDENTITIES[0], pins, rng=rng
    )
    records = [signed_record(impostor), *ceremony.records[1:]]
    with pytest.raises(VerificationError, match="record for trustee 1 is not ours"):
        make_shares(states[0], msgspec.structs.replace(ceremony, records=records))


def test_records_not_signed_by_the_pinned_keys_are_refused(election) -> None:  # type: ignore[no-untyped-def]
    """A record the server made for trustee 2 (its proofs are honest: the server drew the
    coefficients) is refused unless trustee 2's pinned identity key signed it."""
    manifest, states, ceremony = election
    ctx = ceremony_context(manifest)
    rng = DeterministicRng(b"server-made")
    forged = begin(
        _ceremony(manifest, []), encode_manifest(manifest), IDENTITIES[1], _pins(manifest), rng=rng
    )
    server_key = DeterministicRng(b"server key").token_bytes(32)
    for signer in (server_key, IDENTITIES[0]):  # a key of the server's, another trustee's
        record = SignedTrusteeRecord(
            record=forged.public, signature=sign_record(signer, forged.public, context=ctx)
        )
        records = [ceremony.records[0], record, *ceremony.records[2:]]
        with pytest.raises(VerificationError, match="trustee 2's record: not signed"):
            make_shares(states[0], msgspec.structs.replace(ceremony, records=records))
        with pytest.raises(VerificationError, match="trustee 2's record: not signed"):
            check_election(
                _view(manifest, states[0].joint_key),
                encode_manifest(manifest),
                msgspec.structs.replace(ceremony, records=records),
            )


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
    path.write_text('{"format": "oylama-trustee-state/v2",\n "index": ]')
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
    # Pinned trustee keys: the manifest must name them, and the records are then required.
    check_election(_view(manifest, key), mbytes, ceremony, _pins(manifest))
    with pytest.raises(VerificationError, match="not run by the trustees you know"):
        check_election(
            _view(manifest, key),
            mbytes,
            ceremony,
            Pins(trustee_keys=tuple(reversed(manifest.trustee_keys))),
        )
    with pytest.raises(InputError, match="checked against the ceremony's records"):
        check_election(_view(manifest, key), mbytes, None, _pins(manifest))
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
    # the fingerprint the authority announced (or the letter's prefix of it) is pinned
    for pinned in (fp, fp[:20]):
        credential_district(
            data,
            fingerprint=fp,
            election_id="e2e-knapsack",
            credential=key,
            pins=Pins(credentials=pinned),
        )
    with pytest.raises(VerificationError, match="not the one it made"):
        credential_district(
            data,
            fingerprint=fp,
            election_id="e2e-knapsack",
            credential=key,
            pins=Pins(credentials="f" * 20),
        )
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
        verify_spoiled(
            style, ctx.joint_key, lie, context=ctx.base_hash, credential=prepared.credential
        )
    # The proofs bind the voter's credential: the device checks them with its own.
    with pytest.raises(Exception, match="project 0"):
        verify_spoiled(style, ctx.joint_key, spoiled, context=ctx.base_hash, credential=bytes(32))


# -- the trustee's verification of the closed log, then decryption ---------------------------


class _Log(_Board):
    """A whole closed log as an honest server writes it (record §2), from the ceremony of
    ``election``, and the checkpoints it signs."""

    def __init__(
        self,
        manifest: Manifest,
        states: list[TrusteeState],
        codes: list[tuple[str, str]],
    ) -> None:
        super().__init__(manifest)
        self.manifest = manifest
        roster = ["staff1"]  # entry 1: the staff, published with the manifest
        staff = Staff(by="staff1", added=roster, removed=[], staff=roster)
        self.append(EntryKind.STAFF, encode_payload(staff))
        for st in states:
            self.append(EntryKind.TRUSTEE_KEY, encode_payload(signed_record(st)))
        for st in states:
            c = TrusteeCommitment(
                index=st.index, joint_key=st.joint_key or b"", signature=commitment_signature(st)
            )
            self.append(EntryKind.TRUSTEE_COMMITMENT, encode_payload(c))
        eid = manifest.election_id
        roll = sorted((credentials.public_credential(c, eid), d) for c, d in codes)
        listed = credentials.PublicCredentialList(
            format=credentials.FORMAT,
            election_id=eid,
            credentials=tuple(
                credentials.PublicCredential(public_key=_b64(k), district=d) for k, d in roll
            ),
        )
        self.list_bytes = credentials.dump_public_list(listed)
        self.fingerprint = credentials.fingerprint(self.list_bytes)
        self.append(EntryKind.CREDENTIALS, self.list_bytes)
        key = states[0].joint_key
        assert key is not None
        self.joint_key = key
        self.base = base_hash(manifest, key)
        opened = Opened(
            manifest_hash=manifest_hash(manifest),
            joint_key=key,
            base_hash=self.base,
            credentials=self.fingerprint,
            voters=len(roll),
            by="staff1",
        )
        self.append(EntryKind.OPENED, encode_payload(opened))
        self.ctx = check_election(_view(manifest, key), encode_manifest(manifest))
        self.latest: dict[tuple[str, str], tuple[int, object]] = {}
        self.cast_count = dict.fromkeys((b.id for b in manifest.ballots), 0)

    def cast(self, code: str, sid: str, choices: list[int], rng: DeterministicRng) -> int:
        style = self.manifest.ballot(sid).ballot_style()
        p = prepare_ballot(self.ctx, style, choices, code, rng=rng)
        i = self.append(
            EntryKind.BALLOT, encode_payload(ballot_payload(p.credential, p.signature, p.text))
        )
        before = self.latest.get((code, sid))
        if before is not None:
            s = BallotSuperseded(credential=p.credential, style=sid, superseded=before[0], by=i)
            self.append(EntryKind.BALLOT_SUPERSEDED, encode_payload(s))
        self.latest[(code, sid)] = (i, p.ballot)
        self.cast_count[sid] += 1
        return i

    def close(self) -> dict[str, list[object]]:
        counted: dict[str, list[object]] = {b.id: [] for b in self.manifest.ballots}
        for (_, sid), (_, ballot) in self.latest.items():
            counted[sid].append(ballot)
        lines = [
            ClosedStyle(style=b.id, cast=self.cast_count[b.id], counted=len(counted[b.id]))
            for b in self.manifest.ballots
        ]
        self.append(EntryKind.CLOSED, encode_payload(Closed(styles=lines, by="staff1")))
        for b in self.manifest.ballots:
            sums = tally_selections(b.ballot_style(), counted[b.id])  # type: ignore[arg-type]
            t = Tally(style=b.id, ballots=len(counted[b.id]), ciphertexts=sums)
            self.append(EntryKind.TALLY, encode_payload(t))
        return counted

    def checkpoint(self, size: int | None = None) -> Checkpoint:
        n = len(self.entries) if size is None else size
        return Checkpoint(ORIGIN, n, self.tree.root(n))

    def verify(self, state: TrusteeState, *, pins: Pins | None = None, **kw: object) -> object:
        v = TallyLogVerifier(
            election_id=self.manifest.election_id,
            manifest_hash=manifest_hash(self.manifest),
            joint_key=self.joint_key,
            pins=pins or _pins(self.manifest, credentials=self.fingerprint),
        )
        for e in kw.pop("entries", self.entries):  # type: ignore[attr-defined]
            v.add(e)
        return v.finish(kw.pop("checkpoint", self.checkpoint()), kw.pop("earlier", ()))  # type: ignore[arg-type]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _codes(n: int) -> list[str]:
    r = DeterministicRng(b"codes")
    return [credentials.new_code(r.token_bytes) for _ in range(n)]


def _closed_log(election, casts: list[tuple[int, str, list[int]]]) -> tuple[_Log, list[str]]:  # type: ignore[no-untyped-def]
    manifest, states, _ = election
    codes = _codes(4)
    districts = ["north", "north", "north", "south"]
    log = _Log(manifest, states, list(zip(codes, districts, strict=True)))
    rng = DeterministicRng(b"tally")
    for who, sid, choices in casts:
        log.cast(codes[who], sid, choices, rng)
    log.close()
    return log, codes


CASTS = [
    (0, "north-knapsack", [1, 1, 0, 0, 0]),
    (1, "north-knapsack", [0, 1, 1, 0, 0]),
    (0, "north-knapsack", [0, 0, 1, 0, 1]),  # revote: replaces voter 0's first ballot
    (2, "city-knapsack", [0, 1, 0, 0]),
    (3, "city-knapsack", [1, 0, 0, 0]),
]


@pytest.mark.parametrize("pair", [(1, 2), (2, 3), (1, 3)])
def test_two_trustees_decrypt_the_verified_log_revotes_replaced(election, pair) -> None:  # type: ignore[no-untyped-def]
    manifest, states, _ = election
    log, _ = _closed_log(election, CASTS)
    checked = log.verify(states[0])
    assert checked.decryptable == ["north-knapsack", "city-knapsack"]
    assert checked.withheld == []
    trustee = [s for s in states if s.index in pair]
    partials = [decrypt_tallies(s, checked) for s in trustee]
    cer = verify_ceremony([s.public for s in states], context=ceremony_context(manifest))
    expected = {"north-knapsack": [0, 1, 2, 0, 1], "city-knapsack": [1, 1, 0, 0]}
    for k, t in enumerate(checked.tallies):
        got = combine(
            cer,
            [p[k][1] for p in partials],
            t.ciphertexts,
            bound=10,
            context=base_hash(manifest, log.joint_key),
            label=b"tally/" + t.style.encode(),
        )
        assert got == expected[t.style]


def test_a_tally_of_fewer_ballots_than_the_minimum_is_not_decrypted(election) -> None:  # type: ignore[no-untyped-def]
    """A log holding one voter's ballot (the decryption-oracle attack's log) gets nothing of
    that ballot decrypted: a tally of 1 <= k < min_tally_ballots is withheld; an empty one is
    decrypted (it is the identity, it says nothing)."""
    _, states, _ = election
    log, _ = _closed_log(election, [(0, "north-knapsack", [1, 0, 1, 0, 0])])
    checked = log.verify(states[0])
    assert checked.withheld == ["north-knapsack"] and checked.decryptable == ["city-knapsack"]
    made = decrypt_tallies(states[0], checked)
    assert [style for style, _ in made] == ["city-knapsack"]
    assert checked.tallies[1].ciphertexts == [ZERO_CIPHERTEXT] * 4


def _replace(log: _Log, index: int, kind: EntryKind, payload: bytes) -> list[bytes]:
    """The log's entries with entry ``index`` replaced and the chain after it rebuilt."""
    rebuilt = _Board(log.manifest)
    for j, data in enumerate(log.entries[1:], start=1):
        e = decode_entry(data)
        if j == index:
            rebuilt.append(kind, payload)
        else:
            rebuilt.append(e.kind, e.payload)
    log.entries, log.tree = rebuilt.entries, rebuilt.tree
    return rebuilt.entries


def _index_of(log: _Log, kind: EntryKind, nth: int = 0) -> int:
    return [j for j, d in enumerate(log.entries) if decode_entry(d).kind is kind][nth]


def test_the_log_verifier_refuses_every_forgery(election) -> None:  # type: ignore[no-untyped-def]
    """Each way a server could make trustees decrypt something else than the real tally is
    refused, naming the entry and the check -- the log re-chained and re-signed each time, as
    a compromised server (which holds the board key) would."""
    manifest, states, _ = election

    def fresh() -> _Log:
        return _closed_log(election, CASTS)[0]

    def refused(log: _Log, match: str, **kw: object) -> None:
        with pytest.raises((LogError, PinError), match=match):
            log.verify(states[0], **kw)

    # the tally of one style replaced by one voter's ballot (the decryption oracle)
    log = fresh()
    t = _index_of(log, EntryKind.TALLY)
    ballot = decode_payload(
        decode_entry(log.entries[_index_of(log, EntryKind.BALLOT)]).payload, BallotPayload
    )
    one = Tally(style="north-knapsack", ballots=2, ciphertexts=ballot.encrypted_ballot().selections)
    _replace(log, t, EntryKind.TALLY, encode_payload(one))
    refused(log, "not the sum of its counted ballots")
    # a credential list that is not the pinned one (keys added by the server)
    log = fresh()
    refused(log, "not the one it made", pins=_pins(manifest, credentials="0" * 64))
    # a record that its trustee's pinned identity key did not sign
    log = fresh()
    k = _index_of(log, EntryKind.TRUSTEE_KEY, 1)
    signed = decode_payload(decode_entry(log.entries[k]).payload, SignedTrusteeRecord)
    bad = msgspec.structs.replace(signed, signature=signed.signature[::-1])
    _replace(log, k, EntryKind.TRUSTEE_KEY, encode_payload(bad))
    refused(log, "trustee 2's record: not signed")
    # pinned trustee keys that are not the manifest's
    log = fresh()
    refused(
        log,
        "not run by the trustees you know",
        pins=Pins(trustee_keys=tuple(reversed(manifest.trustee_keys)), credentials=log.fingerprint),
    )
    # a commitment to another key
    log = fresh()
    c = _index_of(log, EntryKind.TRUSTEE_COMMITMENT)
    other = TrusteeCommitment(index=1, joint_key=bytes(32), signature=bytes(64))
    _replace(log, c, EntryKind.TRUSTEE_COMMITMENT, encode_payload(other))
    refused(log, "another joint key")
    # a revote without its ballot-superseded entry
    log = fresh()
    sup = _index_of(log, EntryKind.BALLOT_SUPERSEDED)
    entries = [decode_entry(d) for d in log.entries]
    rebuilt = _Board(manifest)
    for e in entries[1:]:
        if e.index != sup:
            rebuilt.append(e.kind, e.payload)
    log.entries, log.tree = rebuilt.entries, rebuilt.tree
    refused(log, "ballot-superseded entry must follow")
    # closed that does not count the log's ballots
    log = fresh()
    cl = _index_of(log, EntryKind.CLOSED)
    wrong = Closed(
        styles=[
            ClosedStyle(style="north-knapsack", cast=3, counted=3),
            ClosedStyle(style="city-knapsack", cast=2, counted=2),
        ],
        by="staff1",
    )
    _replace(log, cl, EntryKind.CLOSED, encode_payload(wrong))
    refused(log, "closed states")
    # a ballot whose proof fails (signed anew by its voter's key, so only the proof is wrong)
    log, codes = _closed_log(election, CASTS)
    b = _index_of(log, EntryKind.BALLOT, 3)
    p = decode_payload(decode_entry(log.entries[b]).payload, BallotPayload)
    eb = p.encrypted_ballot()
    broken = msgspec.structs.replace(
        eb, selections=[eb.selections[1], eb.selections[0], *eb.selections[2:]]
    )
    text = to_json(broken)
    sig = credentials.sign_ballot(codes[2], manifest.election_id, text)
    _replace(log, b, EntryKind.BALLOT, encode_payload(ballot_payload(p.credential, sig, text)))
    refused(log, "the ballot does not verify")
    # a checkpoint that is not this log's, and a log forked from a checkpoint seen earlier
    log = fresh()
    refused(
        log,
        "not the one the checkpoint signs",
        checkpoint=Checkpoint(ORIGIN, len(log.entries), bytes(32)),
    )
    # A log forked from what the trustee saw: it recorded a checkpoint after the first two
    # ballots; the server then serves a log without the second one. On its own that log is
    # valid (re-chained, re-signed); against the recorded checkpoint it is a fork.
    second = _index_of(log, EntryKind.BALLOT, 1)
    seen = log.checkpoint(second + 1)
    forked, _ = _closed_log(election, [CASTS[0], *CASTS[2:]])
    forked.verify(states[0])
    refused(forked, "not an extension of the checkpoint of size", earlier=[seen])
    refused(log, "had 99", earlier=[Checkpoint(ORIGIN, 99, bytes(32))])
    log.verify(states[0], earlier=[seen])
    # the election's own log, but for another ceremony (the manifest hash saved at init)
    log = fresh()
    v = TallyLogVerifier(
        election_id=manifest.election_id,
        manifest_hash=bytes(32),
        joint_key=log.joint_key,
        pins=_pins(manifest, credentials=log.fingerprint),
    )
    with pytest.raises(LogError, match="not the one of the ceremony"):
        v.add(log.entries[0])
    # the honest log still verifies (the helpers do not break it by themselves)
    fresh().verify(states[0])


def test_the_verifier_needs_the_pins() -> None:
    manifest = _manifest()
    for pins in (Pins(credentials="0" * 64), Pins(trustee_keys=manifest.trustee_keys)):
        with pytest.raises(InputError, match="pin the"):
            TallyLogVerifier(
                election_id=manifest.election_id,
                manifest_hash=manifest_hash(manifest),
                joint_key=bytes(32),
                pins=pins,
            )


def test_checkpoints_are_recorded_only_when_consistent(election) -> None:  # type: ignore[no-untyped-def]
    """record_checkpoint: the pinned key, the manifest's origin, and consistency with the one
    recorded before (a shrink or a fork is refused and nothing is recorded)."""
    manifest, states, _ = election
    log, _ = _closed_log(election, CASTS)
    key = verifier_key(ORIGIN, log.key.verify_key)
    state = msgspec.structs.replace(states[0], pins=_pins(manifest, board_key=key), checkpoints=[])

    def note(size: int, *, root: bytes | None = None, signer: SigningKey = log.key) -> str:
        cp = Checkpoint(ORIGIN, size, root or log.tree.root(size))
        return sign_checkpoint(cp, ORIGIN, signer)

    def proof(old: int, new: int) -> list[bytes]:
        return log.tree.consistency_proof(old, new)

    assert record_checkpoint(state, note(3), proof).size == 3
    assert record_checkpoint(state, note(3), proof).size == 3  # the same again: kept once
    assert record_checkpoint(state, note(10), proof).size == 10
    assert len(state.checkpoints) == 2
    with pytest.raises(VerificationError, match="shrank"):
        record_checkpoint(state, note(5), proof)
    with pytest.raises(VerificationError, match="a fork"):
        record_checkpoint(state, note(12, root=bytes(32)), proof)
    with pytest.raises(VerificationError, match="does not verify"):
        record_checkpoint(state, note(12, signer=SigningKey(bytes(32))), proof)
    assert len(state.checkpoints) == 2
    for size in range(11, len(log.entries) + 1):
        record_checkpoint(state, note(size), proof)
    many = msgspec.structs.replace(state, checkpoints=[state.checkpoints[0]] * MAX_CHECKPOINTS)
    record_checkpoint(many, note(len(log.entries)), proof)
    assert len(many.checkpoints) == MAX_CHECKPOINTS and many.checkpoints[0] == state.checkpoints[0]
