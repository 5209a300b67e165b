"""Issue #13, "trustees as a decryption oracle": a compromised server serves the trustees a
forged board log so that the "tally" they decrypt reveals one voter's ballot.

Before the fix the trustee client compared the tally with a log it authenticated in no way
(no chain, no signed checkpoint under a pinned key, no consistency with what it saw, no
ballot checks) and a server could switch even that off (``--no-recount``). Here the attack is
carried out for real: a real election on the real service; the trustees ran the ceremony with
it and pinned its board key, the trustees' identity keys and the credential list; trustee 1
also watched the board while the election was open (``oylama trustee run`` does, at every
poll). After the close, the trustees are pointed at a live malicious server in front of the
real one. It holds the board's signing key (read from the service's database, as a
compromised server would) and serves, in turn:

* a log that holds only the target's ballot, re-chained and signed with the real board key;
* the same with the credential list padded with keys of its own, so that the target's ballot
  is not alone (the minimum of counted ballots would otherwise stop it);
* the real log forked: an honest ballot dropped;
* the real log under a board key of its own;
* the real log with the tally entry replaced by the target's ballot.

Each time no partial decryption reaches the attacker (it keeps every one posted to it), the
trustee's state holds none, and the check that stopped it is named. At the end the same
trustees decrypt the real tally through the real server: the checks did not break them.
"""

from __future__ import annotations

import base64
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from malicious_server import ForgedLog, board_signing_key, malicious
from nacl.signing import SigningKey

from ceremony_helpers import start
from oylama import credentials
from oylama.board import EntryKind, decode_entry
from oylama.client import ServiceClient, Trustee, VerificationError, Voter, prepare_ballot
from oylama.crypto import EncryptedBallot, tally_selections
from oylama.election import (
    BallotPayload,
    Closed,
    ClosedStyle,
    Opened,
    Tally,
    ballot_payload,
    decode_manifest,
    decode_payload,
    decode_record,
    encode_payload,
)
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_cli.main import main

EID = "oracle-2026"
STYLE = "city"
DEFINITION = f"""
[election]
id = "{EID}"
title.tr = "Kâhin"
city = "İzmir"
currency = "TRY"
min_tally_ballots = 3

[[ballots]]
id = "{STYLE}"
title.tr = "Kent"
district = "city-wide"
kind = "approval"
budget = 100
rule = "greedy"
tie_break = "file-order"
[[ballots.projects]]
id = "P1"
name.tr = "P1"
cost = 40
[[ballots.projects]]
id = "P2"
name.tr = "P2"
cost = 30
[[ballots.projects]]
id = "P3"
name.tr = "P3"
cost = 50
"""
CHOICES = [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 1]]
TARGET = 0  # the voter whose ballot the attacker wants to read
WATCHED_AFTER = 3  # trustee 1 recorded a checkpoint after this many ballots


@dataclass
class World:
    url: str
    data_dir: Path
    snapshot: Path  # the trustees' state files right after the close
    tokens: list[str]
    entries: list[bytes]  # the real closed log
    origin: str
    list_bytes: bytes
    codes: list[str]
    staff: ServiceClient
    closed_view: bytes  # the election's view once closed (what the attacker shows)

    def forged(self, key: SigningKey, keep: int, items: list[tuple[EntryKind, bytes]]) -> ForgedLog:
        """The first ``keep`` real entries byte for byte, then ``items``, signed by ``key``."""
        return ForgedLog.rebuilt(
            EID, self.origin, key, items, prefix=self.entries[:keep], view=self.closed_view
        )

    def trustee(self, index: int, server: str, tmp: Path) -> Trustee:
        """Trustee ``index`` as it was right after the close, talking to ``server``."""
        tmp.mkdir(parents=True, exist_ok=True)
        path = tmp / f"t{index}.json"
        shutil.copy(self.snapshot / f"t{index}.json", path)
        return Trustee.open(ServiceClient(server, token=self.tokens[index - 1]), path)

    def index_of(self, kind: EntryKind, nth: int = 0) -> int:
        found = [j for j, d in enumerate(self.entries) if decode_entry(d).kind is kind]
        return found[nth]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("oracle")
    data_dir = tmp / "data"
    with run_service(data_dir=data_dir) as url:
        admin = ServiceClient(url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_account("staff", "staff-password-1234", "staff")
        staff = ServiceClient(url)
        staff.login("staff", "staff-password-1234")
        staff.create_election(DEFINITION)
        roll = [
            credentials.RollEntry(voter_id=f"v{k}", district="city-wide", line=k + 2)
            for k in range(len(CHOICES))
        ]
        secret, public = credentials.generate(roll, election_id=EID)
        listed = credentials.dump_public_list(public)
        staff.upload_credentials(EID, listed)
        trustees, pins = start(
            staff,
            url,
            EID,
            tmp / "trustees",
            trustees=3,
            threshold=2,
            fingerprint=credentials.fingerprint(listed),
        )
        for _ in range(3):
            for t in trustees:
                t.step()
        staff.open(EID)
        client = ServiceClient(url)
        for k, s in enumerate(secret):
            if k == WATCHED_AFTER:
                assert trustees[0].step() == "waiting for the election to close"  # records
            voter = Voter(client, EID, s.code, pins=pins)
            voter.cast(STYLE, CHOICES[k])
        staff.close_election(EID)
        snapshot = tmp / "snapshot"
        snapshot.mkdir()
        for t in trustees:
            shutil.copy(t.path, snapshot / t.path.name)
        record = decode_record(staff.record(EID))
        manifest = decode_manifest(staff.manifest_bytes(EID))
        closed_view = httpx.get(f"{url}/api/v1/elections/{EID}").content
        yield World(
            url=url,
            data_dir=data_dir,
            snapshot=snapshot,
            tokens=[t.client.token or "" for t in trustees],
            entries=list(record.entries),
            origin=manifest.origin,
            list_bytes=listed,
            codes=[s.code for s in secret],
            staff=staff,
            closed_view=closed_view,
        )


def _ballot(world: World, nth: int) -> tuple[bytes, EncryptedBallot]:
    """The payload and ballot of the ``nth`` ballot entry."""
    data = world.entries[world.index_of(EntryKind.BALLOT, nth)]
    payload = decode_entry(data).payload
    return payload, decode_payload(payload, BallotPayload).encrypted_ballot()


def _closed(ballots_: list[EncryptedBallot]) -> list[tuple[EntryKind, bytes]]:
    closed = Closed(
        styles=[ClosedStyle(style=STYLE, cast=len(ballots_), counted=len(ballots_))],
        by="staff",
    )
    return [(EntryKind.CLOSED, encode_payload(closed))]


def _tally(world: World, ballots_: list[EncryptedBallot]) -> tuple[EntryKind, bytes]:
    manifest = decode_manifest(decode_entry(world.entries[0]).payload)
    sums = tally_selections(manifest.ballot(STYLE).ballot_style(), ballots_)
    return EntryKind.TALLY, encode_payload(
        Tally(style=STYLE, ballots=len(ballots_), ciphertexts=sums)
    )


def _attack(
    world: World, tmp: Path, forged: ForgedLog, index: int
) -> tuple[Exception | str, list[bytes]]:
    """Trustee ``index`` asked to decrypt through a malicious server serving ``forged``:
    what happened, and the partial decryptions the attacker received."""
    with malicious(world.url, [forged.handler()], swallow=("/tally/partials",)) as (url, app):
        trustee = world.trustee(index, url, tmp)
        try:
            outcome: Exception | str = trustee.decrypt()
        except VerificationError as exc:
            outcome = exc
        received = app.posted("/tally/partials")
        # nothing decrypted is kept either: the state holds no partial of the target's style
        partials = trustee.state.partials or []
        assert STYLE not in [p.style for p in partials]
    return outcome, received


def test_a_log_holding_only_the_targets_ballot(world: World, tmp_path: Path) -> None:
    key = board_signing_key(world.data_dir, EID)
    payload, target = _ballot(world, TARGET)
    keep = world.index_of(EntryKind.OPENED) + 1  # the real log up to the opening
    items = [(EntryKind.BALLOT, payload), *_closed([target]), _tally(world, [target])]
    forged = world.forged(key, keep, items)
    # Trustee 1 recorded a checkpoint while the election was open: the forged log is a fork.
    outcome, received = _attack(world, tmp_path / "t1", forged, 1)
    assert isinstance(outcome, VerificationError), outcome
    assert "(a fork)" in str(outcome)
    assert received == []
    # Trustee 2 saw nothing after the ceremony: the forged log is consistent with what it saw,
    # every ballot in it is real and verifies -- but one ballot is fewer than the manifest's
    # min_tally_ballots (3): the tally is withheld, nothing of it is decrypted.
    outcome, received = _attack(world, tmp_path / "t2", forged, 2)
    assert outcome == "posted"
    assert received == []


def test_the_targets_ballot_among_ballots_of_keys_the_server_added(
    world: World, tmp_path: Path
) -> None:
    """The server pads the credential list with two keys of its own and votes with them, so
    that the target's ballot is one of three (the minimum); it knows its own two ballots, so
    the decrypted sum would give the target's choices. The pinned fingerprint stops it."""
    key = board_signing_key(world.data_dir, EID)
    payload, target = _ballot(world, TARGET)
    listed = credentials.load_public_list(world.list_bytes)
    rng = random.Random(13)
    mine = [credentials.new_code(rng.randbytes) for _ in range(2)]
    added = [
        credentials.PublicCredential(
            public_key=base64.b64encode(credentials.public_credential(c, EID)).decode(),
            district="city-wide",
        )
        for c in mine
    ]
    padded = credentials.PublicCredentialList(
        format=listed.format,
        election_id=EID,
        credentials=tuple(
            sorted([*listed.credentials, *added], key=lambda c: base64.b64decode(c.public_key))
        ),
    )
    padded_bytes = credentials.dump_public_list(padded)
    keep = world.index_of(EntryKind.CREDENTIALS)
    items = [(EntryKind.CREDENTIALS, padded_bytes)]
    opened = decode_payload(
        decode_entry(world.entries[world.index_of(EntryKind.OPENED)]).payload, Opened
    )
    fake_opened = Opened(
        manifest_hash=opened.manifest_hash,
        joint_key=opened.joint_key,
        base_hash=opened.base_hash,
        credentials=credentials.fingerprint(padded_bytes),
        voters=len(padded.credentials),
        by=opened.by,
    )
    items.append((EntryKind.OPENED, encode_payload(fake_opened)))
    items.append((EntryKind.BALLOT, payload))
    voter = Voter(ServiceClient(world.url), EID, world.codes[1])
    ctx = voter.context
    ballots_ = [target]
    manifest = decode_manifest(decode_entry(world.entries[0]).payload)
    for code, choices in zip(mine, ([0, 0, 0], [0, 0, 0]), strict=True):
        p = prepare_ballot(ctx, manifest.ballot(STYLE).ballot_style(), choices, code)
        items.append(
            (EntryKind.BALLOT, encode_payload(ballot_payload(p.credential, p.signature, p.text)))
        )
        ballots_.append(p.ballot)
    items += [*_closed(ballots_), _tally(world, ballots_)]
    forged = world.forged(key, keep, items)
    # trustee 2 saw nothing after the ceremony: the pinned fingerprint refuses the list
    outcome, received = _attack(world, tmp_path / "t2", forged, 2)
    assert isinstance(outcome, VerificationError), outcome
    assert "not the one it made" in str(outcome)
    assert received == []
    # trustee 1 watched the board while it was open: a fork (the real list was on it)
    outcome, received = _attack(world, tmp_path / "t1", forged, 1)
    assert isinstance(outcome, VerificationError), outcome
    assert "(a fork)" in str(outcome)
    assert received == []


def test_a_log_forked_from_what_the_trustee_saw(world: World, tmp_path: Path) -> None:
    """An honest ballot cast before trustee 1's recorded checkpoint is dropped (the tally is
    then a sum the attacker can compare with the published one)."""
    key = board_signing_key(world.data_dir, EID)
    keep = world.index_of(EntryKind.BALLOT, 1)  # the real log up to the second ballot
    items: list[tuple[EntryKind, bytes]] = []
    kept = [_ballot(world, 0)[1]]
    for nth in range(2, len(CHOICES)):
        payload, ballot = _ballot(world, nth)
        items.append((EntryKind.BALLOT, payload))
        kept.append(ballot)
    items += [*_closed(kept), _tally(world, kept)]
    forged = world.forged(key, keep, items)
    outcome, received = _attack(world, tmp_path, forged, 1)
    assert isinstance(outcome, VerificationError), outcome
    assert "(a fork)" in str(outcome)
    assert received == []


def test_the_real_log_under_another_board_key(world: World, tmp_path: Path) -> None:
    """An attacker without the board key re-signs the log (with a target-only tally) under a
    key of its own, and serves that key as the board's: the pinned key refuses it."""
    own = SigningKey(bytes(range(32)))
    _, target = _ballot(world, TARGET)
    t = world.index_of(EntryKind.TALLY)
    forged = world.forged(own, t, [_tally(world, [target])])
    for index in (1, 2):
        outcome, received = _attack(world, tmp_path / f"t{index}", forged, index)
        assert isinstance(outcome, VerificationError), outcome
        assert "checkpoint does not verify" in str(outcome)
        assert received == []


def test_the_real_log_with_a_tally_of_the_targets_ballot(world: World, tmp_path: Path) -> None:
    """Every entry real but the tally, which is the target's ballot alone, re-chained and
    signed with the real key: the trustee's own recount refuses it."""
    key = board_signing_key(world.data_dir, EID)
    _, target = _ballot(world, TARGET)
    t = world.index_of(EntryKind.TALLY)
    kind, data = _tally(world, [target])
    tally = decode_payload(data, Tally)
    lie = Tally(style=STYLE, ballots=len(CHOICES), ciphertexts=tally.ciphertexts)
    forged = world.forged(key, t, [(kind, encode_payload(lie))])
    for index in (1, 2):
        outcome, received = _attack(world, tmp_path / f"t{index}", forged, index)
        assert isinstance(outcome, VerificationError), outcome
        assert "is not the sum of its counted ballots" in str(outcome)
        assert received == []


def test_the_command_line_refuses_and_says_why(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``oylama trustee decrypt`` against the malicious server: exit 1, the check named."""
    key = board_signing_key(world.data_dir, EID)
    payload, target = _ballot(world, TARGET)
    keep = world.index_of(EntryKind.OPENED) + 1  # the real log up to the opening
    items = [(EntryKind.BALLOT, payload), *_closed([target]), _tally(world, [target])]
    forged = world.forged(key, keep, items)
    state = tmp_path / "t1.json"
    shutil.copy(world.snapshot / "t1.json", state)
    with malicious(world.url, [forged.handler()], swallow=("/tally/partials",)) as (url, app):
        code = main(["trustee", "decrypt", "--server", url, "--election", EID,
                     "--token", world.tokens[0], "--state", str(state)])  # fmt: skip
        assert code == 1
        assert "(a fork)" in capsys.readouterr().err
        assert app.posted("/tally/partials") == []


def test_the_real_tally_is_still_decrypted(world: World, tmp_path: Path) -> None:
    """The same trustees, through the real server: the log verifies, they decrypt, the
    published result is the plaintext count."""
    for index in (1, 2):
        assert world.trustee(index, world.url, tmp_path).decrypt() == "posted"
    world.staff.tally(EID)
    world.staff.publish(EID)
    (result,) = world.staff.result(EID)
    assert result.scores == [sum(c[j] for c in CHOICES) for j in range(3)]
