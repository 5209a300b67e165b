"""Issue #13, "unauthenticated trustee records": a server that runs all n ceremony roles
itself holds every key share, so it can decrypt any single ballot; before the fix voters and
auditors accepted its records (the voter client's docstring claimed otherwise), and trustee
commitments were unsigned.

Now each trustee has an identity key made on its own machine; the city publishes the trustees'
keys (the pins, docs/spec/pins.md); the manifest names the keys that sign every record and
commitment. Carried out for real:

* **the server's own keys in the manifest.** The real service, driven by a compromised staff
  account, starts the ceremony with three identity keys of its own and runs the three
  trustees itself. Unpinned, the voter client accepts the election -- and the server decrypts
  a voter's ballot alone with its key shares. Pinned: the voter client and ``oylama vote``
  refuse before encrypting; the real trustee's ``oylama trustee init`` refuses; the published
  record fails ``oylama-audit verify --trustee-keys`` (check R22).
* **the trustees' keys in the manifest, records made by the server.** The server cannot sign
  with the trustees' keys: the real service refuses such records (tests/test_service_
  election.py); served by a live malicious server in front of it, the voter refuses them; in a
  crafted record, the auditor fails check R8.
"""

from __future__ import annotations

import base64
from pathlib import Path

import msgspec
import pytest
from malicious_server import malicious

from ceremony_helpers import keys_file, make_identities, start
from oylama import credentials
from oylama.board import decode_entry
from oylama.client import ServiceClient, VerificationError, Voter
from oylama.crypto import (
    combine,
    new_trustee,
    partial_decrypt,
    verify_ceremony,
)
from oylama.election import (
    BallotPayload,
    Pins,
    SignedTrusteeRecord,
    TrusteeCommitment,
    base_hash,
    ceremony_context,
    decode_manifest,
    decode_payload,
    encode_payload,
    sign_record,
)
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_audit.cli import main as audit
from oylama_audit.record import verify_record
from oylama_cli.main import main as oylama
from test_audit_builder import assemble, build_election

EID = "captured-2026"
DEFINITION = f"""
[election]
id = "{EID}"
title.tr = "Ele geçirilmiş"
city = "İzmir"
currency = "TRY"
min_tally_ballots = 1

[[ballots]]
id = "city"
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
cost = 70
[[ballots.projects]]
id = "P3"
name.tr = "P3"
cost = 20
"""


def _staff(url: str) -> ServiceClient:
    admin = ServiceClient(url)
    admin.login(ADMIN, ADMIN_PASSWORD)
    admin.create_account("staff", "staff-password-1234", "staff")
    staff = ServiceClient(url)
    staff.login("staff", "staff-password-1234")
    staff.create_election(DEFINITION)
    return staff


def _roll(n: int) -> tuple[list[str], bytes]:
    roll = [
        credentials.RollEntry(voter_id=f"v{k}", district="city-wide", line=k + 2) for k in range(n)
    ]
    secret, public = credentials.generate(roll, election_id=EID)
    return [s.code for s in secret], credentials.dump_public_list(public)


def test_a_ceremony_run_by_the_server_with_keys_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The real trustees made their identity keys and the city published them.
    real_paths, real_keys = make_identities(tmp_path / "real", 3)
    published = keys_file(tmp_path / "trustees.txt", real_keys)
    with run_service(data_dir=tmp_path / "data") as url:
        staff = _staff(url)
        codes, listed = _roll(3)
        staff.upload_credentials(EID, listed)
        fingerprint = credentials.fingerprint(listed)
        # The compromised server runs every role, with identity keys of its own.
        trustees, own_pins = start(
            staff, url, EID, tmp_path / "server", trustees=3, threshold=2, fingerprint=fingerprint
        )
        for _ in range(3):
            for t in trustees:
                t.step()
        staff.open(EID)
        real = Pins(trustee_keys=tuple(real_keys))

        # Unpinned, a voter's device accepts the election and casts ...
        client = ServiceClient(url)
        voter = Voter(client, EID, codes[0])
        outcome = voter.cast("city", [1, 0, 1])
        # ... and the server, holding every key share, reads that ballot alone.
        entry = client.board_entries(EID, outcome.index, outcome.index + 1)[0]
        ballot = decode_payload(decode_entry(entry.data).payload, BallotPayload).encrypted_ballot()
        manifest = decode_manifest(staff.manifest_bytes(EID))
        records = [t.state.public for t in trustees]
        cer = verify_ceremony(records, context=ceremony_context(manifest))
        ctx = base_hash(manifest, cer.joint_key)
        shares = [t.state.key_share for t in trustees[:2]]
        partials = [
            partial_decrypt(s, ballot.selections, context=ctx, label=b"stolen")
            for s in shares
            if s is not None
        ]
        stolen = combine(cer, partials, ballot.selections, bound=1, context=ctx, label=b"stolen")
        assert stolen == [1, 0, 1]  # what the pins now prevent

        # Pinned: the voter's device refuses before it encrypts anything.
        size = staff.election(EID).board_size
        with pytest.raises(VerificationError, match="not run by the trustees you know"):
            Voter(client, EID, codes[1], pins=real).load()
        argv = ["vote", "--server", url, "--election", EID, "--code", codes[1], "--choices", "P1"]
        assert oylama([*argv, "--trustee-keys", str(published)]) == 1
        assert "not run by the trustees you know" in capsys.readouterr().err
        assert staff.election(EID).board_size == size
        # The real trustee, asked to join, refuses: the manifest is not its election's.
        token = "unused"  # the server handed its tokens to its own trustees
        init = ["trustee", "init", "--server", url, "--election", EID, "--token", token,
                "--state", str(tmp_path / "real" / "t1.json"), "--identity", str(real_paths[0]),
                "--trustee-keys", str(published)]  # fmt: skip
        assert oylama(init) == 1
        assert "not run by the trustees you know" in capsys.readouterr().err
        assert not (tmp_path / "real" / "t1.json").exists()

        # The election goes on, published; the auditor holding the real keys fails R22.
        staff.close_election(EID)
        for t in trustees[:2]:
            assert t.decrypt() == "posted"
        staff.tally(EID)
        staff.publish(EID)
        record = tmp_path / "record.json"
        record.write_bytes(staff.record(EID))
        verify = ["verify", str(record), "--workers", "1", "--json"]
        assert audit(verify) == 0  # the record is internally perfect
        capsys.readouterr()
        assert audit([*verify, "--trustee-keys", str(published)]) == 1
        report = msgspec.json.decode(capsys.readouterr().out)
        assert [c["id"] for c in report["checks"] if c["failed"]] == ["R22"]
        pins = tmp_path / "pins.json"
        pins.write_bytes(msgspec.json.encode({"format": "oylama-pins/v1", "trustee_keys": [
            base64.b64encode(k).decode() for k in real_keys
        ]}))  # fmt: skip
        assert audit([*verify, "--pins", str(pins)]) == 1
        assert own_pins.trustee_keys != real.trustee_keys


def test_records_made_by_the_server_for_the_real_trustees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The manifest names the real trustees' keys, so the server cannot sign records with them:
    it serves records of its own (a key whose secret it knows) through a live malicious server;
    the voter's device refuses them, pinned or not."""
    with run_service(data_dir=tmp_path / "data") as url:
        staff = _staff(url)
        codes, listed = _roll(2)
        staff.upload_credentials(EID, listed)
        trustees, pins = start(
            staff,
            url,
            EID,
            tmp_path / "honest",
            trustees=2,
            threshold=2,
            fingerprint=credentials.fingerprint(listed),
        )
        for _ in range(3):
            for t in trustees:
                t.step()
        staff.open(EID)
        manifest = decode_manifest(staff.manifest_bytes(EID))
        ctx_c = ceremony_context(manifest)
        server_key = bytes(range(32))
        forged = []
        for i in (1, 2):
            _, public = new_trustee(i, 2, 2, context=ctx_c)
            forged.append(
                SignedTrusteeRecord(
                    record=public, signature=sign_record(server_key, public, context=ctx_c)
                )
            )
        joint = verify_ceremony([r.record for r in forged], context=ctx_c).joint_key.encode()
        view = msgspec.json.decode(ServiceClient(url).request("GET", f"/elections/{EID}").content)
        view["joint_key"] = base64.b64encode(joint).decode()
        view["base_hash"] = base64.b64encode(base_hash(manifest, joint)).decode()
        ceremony = msgspec.json.decode(
            ServiceClient(url).request("GET", f"/elections/{EID}/ceremony").content
        )
        ceremony["records"] = [msgspec.json.decode(encode_payload(r)) for r in forged]
        base = f"/api/v1/elections/{EID}"

        def lie(path: str, _q: dict[str, list[str]], _b: bytes) -> tuple[int, str, bytes] | None:
            if path == base:
                return 200, "application/json", msgspec.json.encode(view)
            if path == f"{base}/ceremony":
                return 200, "application/json", msgspec.json.encode(ceremony)
            return None

        with malicious(url, [lie]) as (evil, app):
            for with_pins in (None, pins):
                with pytest.raises(
                    VerificationError, match="not signed by the trustee's identity key"
                ):
                    Voter(ServiceClient(evil), EID, codes[0], pins=with_pins).load()
            assert app.posted("/ballots") == []


def test_a_crafted_record_with_a_server_made_trustee_record_fails_r8() -> None:
    """The auditor checks every record's signature against the manifest's keys (R8) and every
    commitment's (R9)."""
    built = build_election(voters=4, revoters=0)
    payloads = list(built.payloads)
    k = next(i for i, (kind, _) in enumerate(payloads) if kind == "trustee-key")
    signed = decode_payload(payloads[k][1], SignedTrusteeRecord)
    manifest = decode_manifest(payloads[0][1])
    forged = SignedTrusteeRecord(
        record=signed.record,
        signature=sign_record(bytes(32), signed.record, context=ceremony_context(manifest)),
    )
    payloads[k] = ("trustee-key", encode_payload(forged))
    report = verify_record(assemble(built.election_id, payloads), workers=1)
    assert "R8" in report.failed_ids()
    assert any("not signed by the trustee's identity key" in f for f in report["R8"].failures)
    # a commitment signed by another key than its trustee's fails R9
    payloads = list(built.payloads)
    c = next(i for i, (kind, _) in enumerate(payloads) if kind == "trustee-commitment")
    commitment = decode_payload(payloads[c][1], TrusteeCommitment)
    bad = msgspec.structs.replace(commitment, signature=commitment.signature[::-1])
    payloads[c] = ("trustee-commitment", encode_payload(bad))
    report = verify_record(assemble(built.election_id, payloads), workers=1)
    assert report.failed_ids() == ["R9"]
