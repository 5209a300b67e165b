"""Whole elections through the real service and the reference clients, one per ballot kind, on
SQLite and PostgreSQL: accounts, definition, credentials, the key ceremony of three trustees,
casting with verified receipts (revotes, an idempotent retry, a Benaloh spoil), close, two
trustees' decryptions, tally, publication and the record.

The published result is checked against a recount computed here, independently of the
server, from the plaintext choices the voters cast: per-project scores summed over the last
ballot of each voter, and the allocation recomputed with :func:`oylama.tally.allocate` on the
full profile of those ballots (the server allocates from the decrypted totals).
"""

from __future__ import annotations

import base64
import random
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import msgspec
import pytest

from ceremony_helpers import keys_file, make_identities, pins_of, start
from oylama import ballots, credentials
from oylama.board import EntryKind, decode_entry, leaf_hash, verify_checkpoint, verify_inclusion
from oylama.client import (
    ServiceClient,
    ServiceError,
    UnreachableError,
    Voter,
    prepare_ballot,
    random_choices,
    signed_record,
)
from oylama.election import decode_record, encode_pins, identity_public_key
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama.tally import Profile, allocate
from oylama_audit.cli import main as audit_main
from oylama_cli.main import main

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["approval", "knapsack", "cumulative", "quadratic"]
PASSWORD = "staff-password-for-tests"


@pytest.fixture
def service(db_url: str) -> Iterator[str]:
    with run_service(db_url) as url:
        yield url


def _staff(url: str) -> ServiceClient:
    admin = ServiceClient(url)
    admin.login(ADMIN, ADMIN_PASSWORD)
    admin.create_account("staff", PASSWORD, "staff")
    admin.close()
    staff = ServiceClient(url)
    staff.login("staff", PASSWORD)
    return staff


def expected_outcome(
    ballot: ballots.Ballot, last: list[list[int]]
) -> tuple[list[int], list[str], Decimal]:
    """Scores, funded projects and their cost from the plaintext ballots ``last``."""
    n = len(ballot.projects)
    scores = [sum(c[j] for c in last) for j in range(n)]
    indices = [[j for j in range(n) if c[j]] for c in last]
    if ballot.kind in ("approval", "knapsack"):
        profile = Profile.from_ballots("approval", n, indices)
    else:
        points = [[c[j] for j in range(n) if c[j]] for c in last]
        kind = "cumulative" if ballot.kind == "cumulative" else "scoring"
        profile = Profile.from_ballots(kind, n, indices, points)
    rule, options = ballots.to_tally_options(ballot)
    outcome = allocate(ballots.to_tally_instance(ballot), profile, rule, options)
    return scores, list(outcome.selected), Decimal(outcome.total_cost)


@pytest.mark.parametrize("kind", KINDS)
def test_election_end_to_end(kind: str, service: str, tmp_path: Path) -> None:
    url = service
    text = (ROOT / "ballots" / "tests" / f"e2e-{kind}.toml").read_text()
    definition = ballots.loads(text)
    eid = definition.election.id
    rng = random.Random(f"e2e/{kind}")
    staff = _staff(url)
    view = staff.create_election(text)
    assert (view.id, view.status) == (eid, "draft")

    roll = [
        credentials.RollEntry(voter_id=f"v{k}", district=d, line=k + 2)
        for k, d in enumerate(["north"] * 5 + ["south"] * 3)
    ]
    secret, public = credentials.generate(roll, election_id=eid)
    listed = credentials.dump_public_list(public)
    up = staff.upload_credentials(eid, listed)
    assert (up.fingerprint, up.voters) == (credentials.fingerprint(listed), 8)

    # Key ceremony: 3 trustees with identity keys, any 2 decrypt; every step over HTTP with the
    # trustee's token. Each pins the trustees' keys, the board key and the list's fingerprint.
    trustees, pins = start(
        staff, url, eid, tmp_path, trustees=3, threshold=2, fingerprint=up.fingerprint
    )
    assert [t.step() for t in trustees] == ["record posted"] * 3
    trustees[0].post_record()  # an identical retry is accepted (200), nothing appended
    assert [t.step() for t in trustees] == ["shares posted"] * 3
    trustees[0].state.shares_posted = False  # as if it crashed before saving that it sent them
    assert trustees[0].step() == "shares posted"  # the same boxes again: a retry
    assert [t.step() for t in trustees] == ["commitment posted"] * 3
    assert trustees[0].step() == "waiting for the election to close"
    assert len({t.state.joint_key for t in trustees}) == 1
    opened = staff.open(eid)
    assert opened.status == "open" and opened.joint_key == trustees[0].state.joint_key
    assert opened == staff.election(eid)

    # Voting: every voter casts each ballot they may; two revote, one spoils first.
    last: dict[tuple[str, str], list[int]] = {}
    voter_client = ServiceClient(url)
    superseded: list[str] = []
    first_codes: dict[str, str] = {}
    for k, s in enumerate(secret):
        voter = Voter(voter_client, eid, s.code, pins=pins)
        voter.load()
        assert voter.district == s.district
        for b in voter.ballots():
            choices = random_choices(b.ballot_style(), rng)
            out = voter.cast(b.id, choices, spoil_first=(k == 0))
            if k == 0:
                assert out.spoiled is not None and out.spoiled.choices == choices
            first_codes.setdefault(b.id, out.tracking_code)
            last[(voter.code, b.id)] = choices
            if k in (1, 6):  # a revote replaces the earlier ballot
                superseded.append(out.tracking_code)
                choices = random_choices(b.ballot_style(), rng)
                again = voter.cast(b.id, choices)
                assert again.superseded == out.index
                last[(voter.code, b.id)] = choices
    assert {b for (_, b) in last} == {b.id for b in definition.ballots}

    # Receipts can be looked up; a superseded ballot says so.
    status = voter_client.ballot_status(eid, superseded[0].lower().replace("-", ""))
    assert status.status == "superseded" and status.superseded_by is not None
    counted = [c for c in first_codes.values() if c not in superseded]
    assert voter_client.ballot_status(eid, counted[0]).status == "counted"
    with pytest.raises(ServiceError) as info:
        voter_client.ballot_status(eid, "AAAA-" * 12 + "AAAA")
    assert info.value.status == 404

    # An identical retry is idempotent; a ballot of another district is refused (403).
    south = next(s for s in secret if s.district == "south")
    v = Voter(voter_client, eid, south.code)
    north_ballot = definition.ballots[0].id
    wrong = prepare_ballot(
        v.context,
        v.context.manifest.ballot(north_ballot).ballot_style(),
        random_choices(v.context.manifest.ballot(north_ballot).ballot_style(), rng),
        v.code,
    )
    with pytest.raises(ServiceError) as info:
        voter_client.cast(eid, wrong.credential, wrong.signature, wrong.text)
    assert info.value.status == 403
    city = v.prepare(
        definition.ballots[1].id, random_choices(v.style(definition.ballots[1].id), rng)
    )
    r1 = voter_client.cast(eid, city.credential, city.signature, city.text)
    r2 = voter_client.cast(eid, city.credential, city.signature, city.text)
    assert (r1.created, r2.created) == (True, False)
    assert r1.superseded is not None  # south had cast the city-wide ballot in the loop
    assert (r2.tracking_code, r2.index, r2.superseded) == (
        r1.tracking_code,
        r1.index,
        r1.superseded,
    )
    last[(v.code, definition.ballots[1].id)] = list(city.secrets.choices)
    # A ballot signed with another key than the credential's is refused (403).
    forged = prepare_ballot(
        v.context, city.style, list(city.secrets.choices), secret[1].code.replace("-", "")
    )
    with pytest.raises(ServiceError) as info:
        voter_client.cast(eid, city.credential, forged.signature, forged.text)
    assert info.value.status == 403

    # No interim results: tally and result answer 409 while open.
    for fetch in (staff.tally_ciphertexts, staff.result):
        with pytest.raises(ServiceError) as info:
            fetch(eid)
        assert info.value.status == 409
    staff.close_election(eid)
    # A retry of a ballot cast before closing still gets its receipt (its answer may have
    # been lost); a new ballot is refused (409).
    again = voter_client.cast(eid, city.credential, city.signature, city.text)
    assert (again.created, again.tracking_code, again.index) == (False, r1.tracking_code, r1.index)
    late = v.prepare(definition.ballots[1].id, list(city.secrets.choices))
    with pytest.raises(ServiceError) as info:
        voter_client.cast(eid, late.credential, late.signature, late.text)
    assert info.value.status == 409

    # Trustees 2 and 3 decrypt (trustee 1 stays away), each after verifying the whole log.
    assert trustees[1].step() == "partial decryptions posted"
    assert trustees[2].step(workers=2) == "partial decryptions posted"  # on a Dask cluster
    trustees[1].state.partials_posted = False  # interrupted after posting: the same bytes again
    assert trustees[1].step() == "partial decryptions posted"
    assert staff.tally(eid).status == "tallied"
    assert staff.publish(eid).status == "published"
    assert trustees[0].step().startswith("done: the election is published")
    results = {r.style: r for r in staff.result(eid)}
    for b in definition.ballots:
        ballots_cast = [c for (_, bid), c in last.items() if bid == b.id]
        scores, selected, cost = expected_outcome(b, ballots_cast)
        r = results[b.id]
        assert r.ballots == len(ballots_cast)
        assert r.scores == scores
        assert r.selected == selected
        assert Decimal(r.cost) == cost
        assert Decimal(r.budget) == b.budget
        assert r.rule == b.rule

    # The ceremony stays public after publication (service §3: 409 only in draft).
    assert voter_client.ceremony(eid).records == [signed_record(t.state) for t in trustees]

    # The record: canonical, complete, with every counted and superseded ballot on it.
    record = decode_record(staff.record(eid))
    kinds = [decode_entry(e).kind for e in record.entries]
    assert kinds[0] is EntryKind.MANIFEST and kinds[-1] is EntryKind.ALLOCATION
    assert kinds.count(EntryKind.BALLOT_SUPERSEDED) == len(superseded) + 1  # + south's retry
    assert kinds.count(EntryKind.PARTIAL_DECRYPTION) == 2 * len(definition.ballots)
    assert record.checkpoints[-1].split("\n")[1] == str(len(record.entries))
    for c in (staff, voter_client, *(t.client for t in trustees)):
        c.close()


def test_refusals_carry_status_and_detail(service: str) -> None:
    url = service
    anon = ServiceClient(url)
    with pytest.raises(ServiceError) as info:
        anon.login(ADMIN, "wrong-password-123")
    assert info.value.status == 401 and info.value.method == "POST"
    with pytest.raises(ServiceError) as info:
        anon.create_election("x")
    assert info.value.status == 401
    staff = _staff(url)
    with pytest.raises(ServiceError) as info:
        staff.create_election("[election]\nid = 1\n")
    assert info.value.status == 422 and info.value.detail
    with pytest.raises(ServiceError) as info:
        staff.election("no-such-election")
    assert info.value.status == 404
    text = (ROOT / "ballots" / "tests" / "e2e-approval.toml").read_text()
    staff.create_election(text)
    with pytest.raises(ServiceError) as info:
        staff.create_election(text)
    assert info.value.status == 409
    with pytest.raises(ServiceError) as info:
        staff.open("e2e-approval")
    assert info.value.status == 409 and "draft" in info.value.detail


def _cli(argv: list[str]) -> int:
    return main(argv)


def test_cli_trustees_and_voters(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``oylama trustee`` steps and ``oylama vote`` against the real service (SQLite)."""
    text = (ROOT / "ballots" / "tests" / "e2e-cumulative.toml").read_text()
    eid = "e2e-cumulative"
    with run_service(sqlite_url) as url:
        staff = _staff(url)
        staff.create_election(text)
        roll = [
            credentials.RollEntry(voter_id=f"v{k}", district=d, line=k + 2)
            for k, d in enumerate(["north", "north", "south"])
        ]
        secret, public = credentials.generate(roll, election_id=eid)
        listed = credentials.dump_public_list(public)
        staff.upload_credentials(eid, listed)
        fingerprint = credentials.fingerprint(listed)
        # Each trustee makes its identity key on its machine and hands the public key over.
        keys = []
        for i in (1, 2, 3):
            assert _cli(["trustee", "keygen", "--identity", str(tmp_path / f"id{i}.json")]) == 0
            printed = capsys.readouterr().out.splitlines()[-1]
            keys.append(base64.b64decode(printed, validate=True))
        assert (tmp_path / "id1.json").stat().st_mode & 0o777 == 0o600
        assert _cli(["trustee", "keygen", "--identity", str(tmp_path / "id1.json")]) == 2
        tokens = staff.start_ceremony(eid, threshold=2, trustee_keys=keys)
        everyone = keys_file(tmp_path / "trustees.txt", keys)

        def trustee(step: str, i: int, *extra: str) -> int:
            state = str(tmp_path / f"t{i}.json")
            return _cli(["trustee", step, "--server", url, "--election", eid,
                         "--token", tokens[i - 1], "--state", state, *extra])  # fmt: skip

        def init(i: int, *extra: str) -> int:
            return trustee("init", i, "--identity", str(tmp_path / f"id{i}.json"), *extra)

        # Without the other trustees' keys, or with keys that are not the manifest's: refused.
        assert init(1) == 2
        assert "--trustee-keys" in capsys.readouterr().err
        wrong = keys_file(tmp_path / "wrong.txt", [keys[1], keys[0], keys[2]])
        assert init(1, "--trustee-keys", str(wrong)) == 1
        assert "not run by the trustees you know" in capsys.readouterr().err
        assert not (tmp_path / "t1.json").exists()
        assert init(1, "--trustee-keys", str(everyone), "--index", "1") == 0
        assert "board key oylama.local/e2e-cumulative+" in capsys.readouterr().out
        assert [init(i, "--trustee-keys", str(everyone)) for i in (2, 3)] == [0, 0]
        assert (tmp_path / "t1.json").stat().st_mode & 0o777 == 0o600
        assert trustee("commit", 1) == 0
        assert "waiting for the shares to us" in capsys.readouterr().out
        assert [trustee("shares", i) for i in (1, 2, 3)] == [0, 0, 0]
        assert [trustee("commit", i) for i in (1, 2, 3)] == [0, 0, 0]
        # The wrong token for this state file: the server refuses (403), exit 1.
        state1 = str(tmp_path / "t1.json")
        assert _cli(["trustee", "records", "--server", url, "--election", eid,
                     "--token", tokens[1], "--state", state1]) == 1  # fmt: skip
        assert "403" in capsys.readouterr().err
        assert trustee("decrypt", 2) == 0
        assert "not closed yet" in capsys.readouterr().out
        staff.open(eid)

        north, south = secret[0].code, secret[2].code
        pins = tmp_path / "pins.json"
        pins.write_bytes(encode_pins(pins_of(staff, eid, keys, fingerprint)))

        def vote(code: str, *extra: str) -> int:
            return _cli(["vote", "--server", url, "--election", eid, "--code", code, "--pins",
                         str(pins), *extra])  # fmt: skip

        receipt = tmp_path / "receipt.json"
        spoiled = tmp_path / "spoiled.json"
        assert vote(north, "--random", "--seed", "1", "--spoil", "--spoiled-file", str(spoiled),
                    "--receipt", str(receipt)) == 0  # fmt: skip
        out = capsys.readouterr().out
        assert "spoiled a ballot of these choices and checked it" in out
        assert out.count("published as board entry") == 2
        assert out.count("receipt verified") == 2  # north casts its ballot and the city-wide one
        saved = msgspec.json.decode(receipt.read_bytes())
        assert [r["ballot"] for r in saved] == ["north-cumulative", "city-cumulative"]
        assert vote(north, "--choices", "N-01=2,N-05=3") == 2  # two ballots: which one?
        assert "--ballot" in capsys.readouterr().err
        choose = ["--ballot", "north-cumulative", "--choices"]
        assert vote(north, *choose, "N-01=2,N-05=3") == 0
        assert "superseding entry" in capsys.readouterr().out
        assert vote(north, *choose, "N-01=6") == 2  # 6 points > 5: refused locally
        assert vote(north, *choose, "X-01=1") == 2
        assert vote(south, *choose, "N-01=1") == 2  # not a ballot of the south district
        assert "not one this voter may cast" in capsys.readouterr().err
        assert vote(south, "--choices", "C-02=3") == 0  # south's only ballot
        # A voter holding the letter's fingerprint prefix: another list is refused before casting.
        assert vote(south, "--choices", "C-02=3", "--credentials-fingerprint", "0" * 20) == 2
        assert "two different pins" in capsys.readouterr().err
        bare = ["vote", "--server", url, "--election", eid, "--code", south, "--choices"]
        assert _cli([*bare, "C-02=3", "--credentials-fingerprint", "0" * 20]) == 1
        assert "not the one it made" in capsys.readouterr().err
        staff.close_election(eid)
        assert vote(south, "--choices", "C-02=1") == 1  # closed: the server's 409
        assert "409" in capsys.readouterr().err
        # Decrypting needs the credential list pinned (from the authority, not the server); a
        # wrong one fails the verification and is not kept.
        assert trustee("decrypt", 1) == 2
        assert "credentials-fingerprint" in capsys.readouterr().err
        assert trustee("decrypt", 1, "--credentials-fingerprint", "0" * 64) == 1
        assert "not the one it made" in capsys.readouterr().err
        assert trustee("decrypt", 1, "--credentials-fingerprint", fingerprint) == 0
        assert trustee("decrypt", 3, "--credentials-fingerprint", fingerprint[:20]) == 0
        assert "board log verified" in capsys.readouterr().out
        # once a log verified against it, the fingerprint is pinned: another is an input error
        assert trustee("decrypt", 3, "--credentials-fingerprint", "1" * 64) == 2
        assert "pins the credential fingerprint" in capsys.readouterr().err
        staff.tally(eid)
        staff.publish(eid)
        scores = {r.style: r.scores for r in staff.result(eid)}
        assert scores["north-cumulative"] == [2, 0, 0, 0, 3]  # the revote replaced --random
        # The city-wide ballot: north's --seed 1 choices (drawn after its north ballot's) + C-02=3.
        definition = ballots.loads(text)
        seeded = random.Random(1)
        random_choices(ballots.to_crypto_style(definition.ballots[0]), seeded)
        city = random_choices(ballots.to_crypto_style(definition.ballots[1]), seeded)
        assert scores["city-cumulative"] == [c + (3 if j == 1 else 0) for j, c in enumerate(city)]
        # Trustee 2 has nothing left to do.
        assert _cli(["trustee", "run", "--server", url, "--election", eid,
                     "--token", tokens[1], "--state", str(tmp_path / "t2.json"),
                     "--credentials-fingerprint", fingerprint]) == 0  # fmt: skip
        assert "done: the election is published" in capsys.readouterr().out
        # The spoiled ballots `--spoil` saved, checked by the auditor's own code against the
        # record, which holds them (never counted: the scores above are the cast ballots').
        record = tmp_path / "record.json"
        record.write_bytes(staff.record(eid))
        for style in ("north-cumulative", "city-cumulative"):
            saved_file = tmp_path / f"spoiled-{style}.json"
            assert audit_main(["spoiled", str(saved_file), "--record", str(record)]) == 0
            assert "published on the board as entry" in capsys.readouterr().out
        assert audit_main(["spoiled", str(record)]) == 0


def test_every_endpoint_through_the_client(service: str) -> None:
    """The endpoints the election tests do not need, decoded into the client's types."""
    url = service
    admin = ServiceClient(url)
    assert admin.health() == "ok"
    session = admin.login(ADMIN, ADMIN_PASSWORD)
    assert session.role == "admin" and session.token == admin.token
    admin.create_account("staff", PASSWORD, "staff")
    admin.create_account("helper", PASSWORD, "staff")
    admin.create_account("watcher", PASSWORD, "observer")
    assert {(a.username, a.role) for a in admin.accounts()} >= {
        ("staff", "staff"),
        ("watcher", "observer"),
    }
    staff = ServiceClient(url)
    staff.login("staff", PASSWORD)
    text = (ROOT / "ballots" / "tests" / "e2e-knapsack.toml").read_text()
    staff.create_election(text)
    eid = "e2e-knapsack"
    replaced = staff.replace_definition(eid, text.replace("Uçtan uca", "Uçtan uca (2)"))
    assert replaced.title == "Uçtan uca (2) deneme: knapsack"
    assert sorted(staff.add_staff(eid, "helper")) == ["helper", "staff"]
    view = staff.staff_view(eid)
    assert "helper" in view.staff and view.definition.startswith("# End-to-end")
    assert [e.id for e in staff.elections()] == [eid]
    roll = [credentials.RollEntry(voter_id="a", district="north", line=2)]
    _, public = credentials.generate(roll, election_id=eid)
    staff.upload_credentials(eid, credentials.dump_public_list(public))
    staff.start_ceremony(eid, threshold=1, trustee_keys=[identity_public_key(bytes(32))])
    ceremony = staff.ceremony(eid)
    assert (ceremony.trustees, ceremony.threshold, ceremony.records) == (1, 1, [None])
    # The board: checkpoint, key, entries and proofs (one manifest entry so far).
    key = staff.board_key(eid)
    note = staff.board_checkpoint(eid)
    cp = verify_checkpoint(note, key.key_name, key.ed25519_public_key, origin=key.origin)
    entries = staff.board_entries(eid, 0, cp.size)
    assert decode_entry(entries[0].data).kind is EntryKind.MANIFEST
    proof = staff.inclusion_proof(eid, 0, cp.size)
    verify_inclusion(leaf_hash(entries[0].data), 0, cp.size, proof, cp.root_hash)
    assert staff.consistency_proof(eid, cp.size, cp.size) == []
    watcher = ServiceClient(url)
    watcher.login("watcher", PASSWORD)
    assert watcher.staff_view(eid).id == eid
    with pytest.raises(ServiceError) as info:
        watcher.open(eid)
    assert info.value.status == 403
    watcher.logout()
    with pytest.raises(ServiceError) as info:
        watcher.staff_view(eid)  # the token was ended
    assert info.value.status == 401


def test_trustees_run_unattended(sqlite_url: str, tmp_path: Path) -> None:
    """Three ``oylama trustee run`` loops do every step when it is due, polling, while staff
    drive the election; each ends once its decryption is posted."""
    text = (ROOT / "ballots" / "tests" / "e2e-approval.toml").read_text()
    eid = "e2e-approval"
    with run_service(sqlite_url) as url:
        staff = _staff(url)
        staff.create_election(text)
        roll = [credentials.RollEntry(voter_id="a", district="south", line=2)]
        secret, public = credentials.generate(roll, election_id=eid)
        listed = credentials.dump_public_list(public)
        staff.upload_credentials(eid, listed)
        paths, keys = make_identities(tmp_path, 3)
        tokens = staff.start_ceremony(eid, threshold=2, trustee_keys=keys)
        everyone = keys_file(tmp_path / "trustees.txt", keys)
        codes: dict[int, int] = {}

        def run(i: int) -> None:
            state = str(tmp_path / f"t{i}.json")
            # trustee 1 names its index; 2 and 3 find theirs in the manifest (their keys')
            index = ["--index", "1"] if i == 1 else []
            codes[i] = _cli(["trustee", "run", "--server", url, "--election", eid,
                             "--token", tokens[i - 1], "--state", state, *index,
                             "--identity", str(paths[i - 1]), "--trustee-keys", str(everyone),
                             "--credentials-fingerprint", credentials.fingerprint(listed),
                             "--interval", "0.05", "--timeout", "120"])  # fmt: skip

        threads = [threading.Thread(target=run, args=(i,)) for i in (1, 2, 3)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while not all(t.commitment for t in staff.staff_view(eid).trustees):
            assert time.monotonic() < deadline, "the trustees did not finish the ceremony"
            time.sleep(0.05)
        staff.open(eid)
        voter = Voter(ServiceClient(url), eid, secret[0].code)
        choices = [1, 0, 1, 0]
        voter.cast("city-approval", choices)
        staff.close_election(eid)
        for t in threads:
            t.join(120)
        assert codes == {1: 0, 2: 0, 3: 0}
        assert all(t.partial for t in staff.staff_view(eid).trustees)
        staff.tally(eid)
        staff.publish(eid)
        scores = {r.style: r.scores for r in staff.result(eid)}
        assert scores == {"north-approval": [0] * 5, "city-approval": choices}


class _LostAnswers(httpx.HTTPTransport):
    """The network between the device and the real server: the first ``lose`` casts reach the
    server, which records them, but their answers are lost (a read timeout)."""

    def __init__(self, lose: int) -> None:
        super().__init__()
        self.lose = lose
        self.casts = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/ballots"):
            self.casts += 1
            if self.lose > 0:
                self.lose -= 1
                response.read()
                raise httpx.ReadTimeout("answer lost", request=request)
        return response


def test_a_cast_whose_answer_is_lost_is_retried_safely(sqlite_url: str, tmp_path: Path) -> None:
    text = (ROOT / "ballots" / "tests" / "e2e-approval.toml").read_text()
    eid = "e2e-approval"
    with run_service(sqlite_url) as url:
        staff = _staff(url)
        staff.create_election(text)
        roll = [credentials.RollEntry(voter_id="a", district="south", line=2)]
        secret, public = credentials.generate(roll, election_id=eid)
        staff.upload_credentials(eid, credentials.dump_public_list(public))
        (t,), _ = start(staff, url, eid, tmp_path, trustees=1, threshold=1, fingerprint=None)
        while t.step() != "waiting for the election to close":
            pass
        staff.open(eid)
        transport = _LostAnswers(lose=4)
        now, pauses = [0.0], []

        def sleep(seconds: float) -> None:
            pauses.append(seconds)
            now[0] += seconds

        voter = Voter(
            ServiceClient(url, transport=transport),
            eid,
            secret[0].code,
            sleep=sleep,
            clock=lambda: now[0],
        )
        out = voter.cast("city-approval", [0, 1, 0, 0])
        assert transport.casts == 5  # four answers lost, the fifth try answered
        assert pauses == [0.5, 1.0, 2.0, 4.0]  # growing pauses between the tries
        assert out.superseded is None  # the retries were not revotes
        assert staff.staff_view(eid).ballots_cast == 1
        transport.lose = 10**6  # no answer ever: given up after the patience (60 s)
        with pytest.raises(UnreachableError, match="answer lost"):
            voter.cast("city-approval", [1, 0, 0, 0], spoil_first=False)
        assert now[0] <= 4 + 0.5 + 1 + 2 + 4 + 60
