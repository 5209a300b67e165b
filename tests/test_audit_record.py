"""``oylama-audit`` on whole election records: a valid one passes, each tampering is caught by
the check named for it, receipts and the checkpoint monitor work against the real service.

Records are made by the engine (``test_audit_builder``); tampered ones are re-assembled and
re-signed with the board key the test holds, so only the check the tampering breaks fails.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey
from sqlalchemy.orm import Session

from oylama import ballots as ballot_defs
from oylama import credentials
from oylama.board import Checkpoint, CheckpointSigner, EntryKind, MemoryTree, sign_checkpoint
from oylama.client import random_choices
from oylama.crypto import (
    ballot_bytes,
    combine,
    format_tracking_code,
    from_json,
    partial_decrypt,
    tally_selections,
    verify_ceremony,
)
from oylama.crypto import tracking_code as engine_tracking_code
from oylama.crypto._ballot import EncryptedBallot
from oylama.election import base_hash, ceremony_context, decode_record, manifest_from_definition
from oylama.election._payloads import (
    SignedTrusteeRecord,
    ballot_payload,
    decode_payload,
    encode_payload,
)
from oylama.service import BoardIdentity, ElectionBoard, StaticDirectory, create_app
from oylama.service._elections import allocate_style
from oylama.service.testing import serve_app
from oylama.store import append_many, issue_checkpoint, open_store, upgrade_to_head
from oylama_audit.cli import main
from oylama_audit.record import verify_record
from test_audit_builder import (
    BOARD_KEY,
    DEFINITION,
    ORIGIN,
    QUADRATIC_DEFINITION,
    STAFF,
    Built,
    Payloads,
    SeededRng,
    assemble,
    build_election,
    encrypt_job,
)


@pytest.fixture(scope="module")
def built() -> Built:
    return build_election(voters=6, revoters=2, seed=3)


def failed(record: bytes) -> set[str]:
    return set(verify_record(record, workers=1).failed_ids())


def reassemble(built: Built, payloads: Payloads) -> bytes:
    return assemble(built.election_id, payloads)


def _json(payload: bytes) -> dict:  # type: ignore[type-arg]
    return msgspec.json.decode(payload)


def _encode(obj: object) -> bytes:
    return msgspec.json.encode(obj)


def _index(payloads: Payloads, kind: str, nth: int = 0) -> int:
    return [i for i, (k, _) in enumerate(payloads) if k == kind][nth]


def _ballot(payload: bytes) -> EncryptedBallot:
    raw = payload.split(b'"ballot":', 1)[1][:-1]
    return from_json(raw, EncryptedBallot)


# -- valid records -------------------------------------------------------------------------------


def test_valid_record_passes_every_check(built: Built) -> None:
    report = verify_record(built.record, workers=1)
    assert report.passed, report.to_json()
    assert report.phase == "published"
    assert report["R13"].passed == len(built.ballot_entries)
    assert report["R14"].passed == 2
    assert report["R19"].passed == 3


def test_quadratic_signed_record_passes() -> None:
    b = build_election(QUADRATIC_DEFINITION, voters=5, revoters=1, seed=4)
    report = verify_record(b.record, workers=1)
    assert report.passed, report.to_json()


def test_running_election_reports_its_phase(built: Built) -> None:
    cut = _index(built.payloads, "closed")
    report = verify_record(reassemble(built, built.payloads[:cut]), workers=1)
    assert report.passed, report.to_json()
    assert report.phase == "open"
    cut = _index(built.payloads, "opened")
    report = verify_record(reassemble(built, built.payloads[:cut]), workers=1)
    assert report.passed and report.phase == "ceremony"


def test_parallel_workers_give_the_same_report(built: Built) -> None:
    one = verify_record(built.record, workers=1)
    two = verify_record(built.record, workers=2)
    assert one.to_json() == two.to_json()


# -- tampering, each named by its check ------------------------------------------------------------


def test_altered_ballot_byte(built: Built) -> None:
    payloads = list(built.payloads)
    i = built.ballot_entries[0]
    kind, payload = payloads[i]
    at = payload.index(b'"selections":[{"alpha":"') + len(b'"selections":[{"alpha":"') + 5
    swapped = b"A" if payload[at : at + 1] != b"A" else b"B"
    payloads[i] = (kind, payload[:at] + swapped + payload[at + 1 :])
    got = failed(reassemble(built, payloads))
    assert {"R12", "R13"} <= got
    assert not got & {"R1", "R2", "R3", "R4", "R5"}


def test_ballot_resigned_by_another_credential(built: Built) -> None:
    """A server that holds some credentials copies a voter's ballot and signs it with one of
    them: the signature verifies (R12), but every proof binds the first voter's credential
    (ballots §4), so R13 names project 0 of that entry (issue #13 item 3)."""
    payloads = list(built.payloads)
    i = built.ballot_entries[0]
    entry = _json(payloads[i][1])
    owner = next(v for v in built.voters if v.public == base64.b64decode(entry["credential"]))
    other = next(
        v for v in built.voters if v.district == owner.district and v.public != owner.public
    )
    text = ballot_bytes(_ballot(payloads[i][1]))
    signature = credentials.sign_ballot(other.code, built.election_id, text)
    payloads[i] = ("ballot", encode_payload(ballot_payload(other.public, signature, text)))
    report = verify_record(reassemble(built, payloads), workers=1)
    assert report["R13"].failed == 1
    assert any(f.startswith(f"entry {i}") and "project 0" in f for f in report["R13"].failures), (
        report["R13"].failures
    )
    assert report["R12"].failed == 0


def test_dropped_ballot(built: Built) -> None:
    payloads = list(built.payloads)
    revoted = {_json(p)["superseded"] for k, p in payloads if k == "ballot-superseded"}
    revoted |= {_json(p)["by"] for k, p in payloads if k == "ballot-superseded"}
    victim = next(i for i in built.ballot_entries if i not in revoted)
    del payloads[victim]
    got = failed(reassemble(built, payloads))
    assert {"R15", "R16"} <= got
    assert not got & {"R1", "R2", "R3", "R4", "R5", "R12", "R13"}


def _extra_ballot(built: Built, code: str, public: bytes, style: str) -> bytes:
    payloads = built.payloads
    sample = _ballot(payloads[built.ballot_entries[0]][1])

    manifest = manifest_from_definition(
        ballot_defs.loads(DEFINITION, source="t"),
        trustees=3,
        threshold=2,
        trustee_keys=built.trustee_keys,
        origin=ORIGIN,
    )
    st = next(b for b in manifest.ballots if b.id == style).ballot_style()
    opened = _json(payloads[_index(payloads, "opened")][1])
    ballot = encrypt_job(
        (
            st,
            base64.b64decode(opened["joint_key"]),
            random_choices(st, random.Random(9)),
            sample.election,
            b"extra-ballot-id!",
            0.5,
            public,
        )
    )
    text = ballot_bytes(ballot)
    signature = credentials.sign_ballot(code, built.election_id, text)
    return encode_payload(ballot_payload(public, signature, text))


def test_added_ballot_with_unknown_credential(built: Built) -> None:
    code = credentials.new_code(lambda n: b"\x42" * n)
    public = credentials.public_credential(code, built.election_id)
    payloads = list(built.payloads)
    at = _index(payloads, "closed")
    payloads.insert(at, ("ballot", _extra_ballot(built, code, public, "city-knapsack")))
    got = failed(reassemble(built, payloads))
    assert "R12" in got
    assert "R13" not in got  # the ballot itself is well formed and proved


def test_added_ballot_with_reused_credential(built: Built) -> None:
    voter = built.voters[0]
    payloads = list(built.payloads)
    at = _index(payloads, "closed")
    payloads.insert(at, ("ballot", _extra_ballot(built, voter.code, voter.public, "city-knapsack")))
    got = failed(reassemble(built, payloads))
    assert "R14" in got  # a revote without its ballot-superseded entry
    assert not got & {"R12", "R13"}


def test_counted_superseded_ballot(built: Built) -> None:
    """The server counts the superseded ballot instead of the revote, and gets trustees to
    decrypt that tally consistently: only the recomputed homomorphic sums catch it."""
    payloads = list(built.payloads)
    sup = _json(next(p for k, p in payloads if k == "ballot-superseded"))
    style_id = sup["style"]
    old, new = sup["superseded"], sup["by"]
    # The counted ballots of the style, with the old one in place of the new one.
    counted: dict[bytes, int] = {}
    for i in built.ballot_entries:
        p = _json(payloads[i][1])
        if _ballot(payloads[i][1]).style == style_id:
            counted[base64.b64decode(p["credential"])] = i
    chosen = [old if i == new else i for i in counted.values()]
    ballots = [_ballot(payloads[i][1]) for i in chosen]
    _retally(built, payloads, style_id, ballots)
    got = failed(reassemble(built, payloads))
    assert got == {"R16"}, got


def _retally(
    built: Built, payloads: Payloads, style_id: str, ballots: list[EncryptedBallot]
) -> None:
    """Replace the style's tally by ``ballots``' sums and decrypt it again, consistently."""

    manifest = manifest_from_definition(
        ballot_defs.loads(DEFINITION, source="t"),
        trustees=3,
        threshold=2,
        trustee_keys=built.trustee_keys,
        origin=ORIGIN,
    )
    style = next(b for b in manifest.ballots if b.id == style_id).ballot_style()
    tally = tally_selections(style, ballots)
    publics = [
        decode_payload(p, SignedTrusteeRecord).record for k, p in payloads if k == "trustee-key"
    ]
    ceremony = verify_ceremony(publics, context=ceremony_context(manifest))
    context = base_hash(manifest, ceremony.joint_key)
    label = b"tally/" + style_id.encode()
    ti = next(
        i for i, (k, p) in enumerate(payloads) if k == "tally" and _json(p)["style"] == style_id
    )
    t = _json(payloads[ti][1])
    t["ciphertexts"] = [msgspec.json.decode(msgspec.json.encode(c)) for c in tally]
    payloads[ti] = ("tally", _encode(t))
    partials = []
    for i, (k, p) in enumerate(payloads):
        if k == "partial-decryption" and _json(p)["style"] == style_id:
            index = _json(p)["decryption"]["index"]
            partial = partial_decrypt(
                built.key_shares[index], tally, context=context, label=label, rng=SeededRng(i)
            )
            partials.append(partial)
            payloads[i] = (k, _encode({"style": style_id, "decryption": partial}))
    sums = combine(ceremony, partials, tally, bound=len(ballots), context=context, label=label)
    ri = next(
        i for i, (k, p) in enumerate(payloads) if k == "result" and _json(p)["style"] == style_id
    )
    r = _json(payloads[ri][1])
    assert r["ballots"] == len(ballots)
    r["sums"] = r["scores"] = list(sums)
    payloads[ri] = ("result", _encode(r))

    definition = ballot_defs.loads(DEFINITION, source="t")
    ballot_def = next(b for b in definition.ballots if b.id == style_id)
    ai = next(
        i
        for i, (k, p) in enumerate(payloads)
        if k == "allocation" and _json(p)["style"] == style_id
    )
    budget = _json(payloads[ai][1])["budget"]
    payloads[ai] = (
        "allocation",
        msgspec.json.encode(allocate_style(ballot_def, budget, list(sums), by=STAFF)),
    )


def test_altered_tally_ciphertext(built: Built) -> None:
    payloads = list(built.payloads)
    i = _index(payloads, "tally")
    t = _json(payloads[i][1])
    t["ciphertexts"][0], t["ciphertexts"][1] = t["ciphertexts"][1], t["ciphertexts"][0]
    payloads[i] = ("tally", _encode(t))
    got = failed(reassemble(built, payloads))
    assert "R16" in got
    assert not got & {"R12", "R13", "R14", "R15"}


def test_altered_partial_decryption(built: Built) -> None:
    payloads = list(built.payloads)
    i = _index(payloads, "partial-decryption")
    p = _json(payloads[i][1])
    shares = p["decryption"]["shares"]
    shares[0], shares[1] = shares[1], shares[0]
    payloads[i] = ("partial-decryption", _encode(p))
    got = failed(reassemble(built, payloads))
    assert "R17" in got
    assert not got & {"R12", "R13", "R14", "R15", "R16"}


def test_altered_score(built: Built) -> None:
    payloads = list(built.payloads)
    i = _index(payloads, "result")
    r = _json(payloads[i][1])
    r["scores"][0] += 1
    payloads[i] = ("result", _encode(r))
    got = failed(reassemble(built, payloads))
    assert "R18" in got
    assert not got & {"R12", "R13", "R14", "R15", "R16", "R17"}


def test_altered_sum_and_score(built: Built) -> None:
    payloads = list(built.payloads)
    i = _index(payloads, "result")
    r = _json(payloads[i][1])
    r["scores"][0] += 1
    r["sums"][0] += 1
    payloads[i] = ("result", _encode(r))
    assert "R18" in failed(reassemble(built, payloads))


def test_altered_funded_list(built: Built) -> None:
    payloads = list(built.payloads)
    for nth in range(3):
        i = _index(payloads, "allocation", nth)
        a = _json(payloads[i][1])
        others = ["A1", "A2", "A3"] if a["style"] == "d1-approval" else None
        if others:
            a["selected"] = [x for x in others if x not in a["selected"]][:1] or []
            payloads[i] = ("allocation", _encode(a))
            break
    got = failed(reassemble(built, payloads))
    assert got == {"R19"}, got


def test_reordered_entries(built: Built) -> None:
    a, b = built.ballot_entries[0], built.ballot_entries[1]

    def swap(entries: list[bytes]) -> list[bytes]:
        entries = list(entries)
        entries[a], entries[b] = entries[b], entries[a]
        return entries

    record = assemble(built.election_id, built.payloads, raw_edit=swap)
    got = failed(record)
    assert "R3" in got
    assert not got & {"R4", "R5"}  # the checkpoints were signed over the reordered log


def test_forked_log(built: Built) -> None:
    """A checkpoint signed by the board key over another history (a fork) is caught."""
    payloads = list(built.payloads)
    i = built.ballot_entries[2]
    other = list(payloads)
    other[i] = other[built.ballot_entries[3]]
    other_record = decode_record(reassemble(built, other))
    size = i + 2
    tree = MemoryTree([hashlib.sha256(b"\x00" + e).digest() for e in other_record.entries])
    fork = sign_checkpoint(
        Checkpoint(origin=ORIGIN, size=size, root_hash=tree.root(size)), ORIGIN, BOARD_KEY
    )
    record = assemble(
        built.election_id,
        payloads,
        checkpoint_after=lambda j, kind: j == 0,
        extra_checkpoints=[fork],
    )
    got = failed(record)
    assert got == {"R5"}, got


def test_checkpoint_signed_by_another_key(built: Built) -> None:
    record = decode_record(built.record)
    other = SigningKey(bytes(32))
    tree = MemoryTree([hashlib.sha256(b"\x00" + e).digest() for e in record.entries])
    note = sign_checkpoint(
        Checkpoint(origin=ORIGIN, size=len(record.entries), root_hash=tree.root()), ORIGIN, other
    )
    data = json.loads(built.record)
    data["checkpoints"][-1] = note
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"
    assert "R4" in failed(text)


def test_non_canonical_record_is_refused(built: Built, tmp_path: Path) -> None:
    spaced = built.record.replace(b'{"format"', b'{ "format"', 1)
    report = verify_record(spaced, workers=1)
    assert report.failed_ids() == ["R1"] and not report.fatal
    report = verify_record(built.record[:-1], workers=1)
    assert report.failed_ids() == ["R1"]
    report = verify_record(b'{"format": 1}\n', workers=1)
    assert report.failed_ids() == ["R1"] and report.fatal
    path = tmp_path / "spaced.json"
    path.write_bytes(spaced)
    assert main(["verify", str(path), "--workers", "1"]) == 1
    path.write_bytes(b"not json\n")
    assert main(["verify", str(path), "--workers", "1"]) == 2


# -- the command line ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def record_file(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "record.json"
    path.write_bytes(built.record)
    return path


def test_cli_verify_exit_codes(
    record_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], built: Built
) -> None:
    assert main(["verify", str(record_file), "--workers", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] and [c["id"] for c in report["checks"]] == [
        f"R{i}" for i in range(1, 28)
    ]
    payloads = list(built.payloads)
    i = _index(payloads, "result")
    r = _json(payloads[i][1])
    r["scores"][1] += 2
    payloads[i] = ("result", _encode(r))
    bad = tmp_path / "bad.json"
    bad.write_bytes(reassemble(built, payloads))
    assert main(["verify", str(bad), "--workers", "1"]) == 1
    out = capsys.readouterr().out
    assert "FAIL R18" in out and f"entry {i}" in out
    assert main(["verify", str(tmp_path / "missing.json")]) == 2
    assert main(["verify"]) == 2
    assert main(["frobnicate"]) == 2


def test_console_script_runs(record_file: Path) -> None:
    exe = Path(sys.executable).with_name("oylama-audit")
    if not exe.exists():
        pytest.skip("oylama-audit is not installed in this environment")
    done = subprocess.run(  # noqa: PLW1510 (the return code is asserted)
        [str(exe), "verify", str(record_file), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all checks passed" in done.stdout


def test_receipt_counted_and_superseded(
    record_file: Path, built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    sup = _json(next(p for k, p in built.payloads if k == "ballot-superseded"))
    for index, status in ((sup["by"], "counted"), (sup["superseded"], "superseded")):
        code = format_tracking_code(engine_tracking_code(_ballot(built.payloads[index][1])))
        assert main(["receipt", str(record_file), code.lower(), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["index"] == index and out["status"] == status
        assert out["inclusion_verified"] is True
        if status == "superseded":
            assert out["superseded_by"] == sup["by"]
    unknown = format_tracking_code(bytes(32))
    assert main(["receipt", str(record_file), unknown]) == 1
    assert main(["receipt", str(record_file), "not-a-code"]) == 2


# -- monitor against the real service ----------------------------------------------------------


def _serve(engine, key: SigningKey) -> Iterator[str]:  # type: ignore[no-untyped-def]

    directory = StaticDirectory(
        {"e1": ElectionBoard("E1", "open", BoardIdentity(ORIGIN, ORIGIN, bytes(key.verify_key)))}
    )
    with serve_app(create_app(engine, directory=directory)) as url:
        yield f"{url}/api/v1/elections/e1"


def _grow(engine, start: int, end: int, key: SigningKey, salt: bytes = b"") -> None:  # type: ignore[no-untyped-def]

    with Session(engine) as session, session.begin():
        batch = [(EntryKind.BALLOT, salt + b"entry %d" % i) for i in range(start, end)]
        append_many(session, "e1", batch, now=1_767_229_200_000 + end)
        issue_checkpoint(session, "e1", CheckpointSigner(ORIGIN, key), now=end)


def _store(path: Path):  # type: ignore[no-untyped-def]

    engine = open_store(f"sqlite:///{path}")
    upgrade_to_head(engine)
    return engine


def test_monitor_follows_a_growing_log_and_catches_a_fork(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.json"
    honest = _store(tmp_path / "a.sqlite3")
    forked = _store(tmp_path / "b.sqlite3")
    _grow(honest, 0, 5, BOARD_KEY)
    _grow(forked, 0, 3, BOARD_KEY)
    _grow(forked, 3, 9, BOARD_KEY, salt=b"forked ")
    try:
        for url in _serve(honest, BOARD_KEY):
            assert main(["monitor", url, "--state", str(state), "--once"]) == 0
            saved = json.loads(state.read_text())["checkpoint"]
            assert saved.split("\n")[1] == "5"
            _grow(honest, 5, 8, BOARD_KEY)
            assert main(["monitor", url, "--state", str(state), "--once"]) == 0
            assert json.loads(state.read_text())["checkpoint"].split("\n")[1] == "8"
            assert main(["monitor", url, "--state", str(state), "--once"]) == 0
        capsys.readouterr()
        for url in _serve(forked, BOARD_KEY):
            before = state.read_bytes()
            assert main(["monitor", url, "--state", str(state), "--once"]) == 1
            assert "FORK" in capsys.readouterr().out
            assert state.read_bytes() == before  # the evidence is kept, not overwritten
        other = SigningKey(bytes(range(3, 35)))
        _grow(honest, 8, 10, other)  # the service now signs with a key nobody pinned
        for url in _serve(honest, other):
            assert main(["monitor", url, "--state", str(state), "--once"]) == 1
    finally:
        honest.dispose()
        forked.dispose()


# -- robustness: any changed byte of any payload is reported, never a crash ---------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_changed_payload_byte_fails_a_check(built: Built, data: st.DataObject) -> None:
    payloads = list(built.payloads)
    i = data.draw(st.integers(0, len(payloads) - 1), label="entry")
    kind, payload = payloads[i]
    if not payload:
        return
    at = data.draw(st.integers(0, len(payload) - 1), label="byte")
    value = data.draw(st.integers(0, 255).filter(lambda v: v != payload[at]), label="value")
    payloads[i] = (kind, payload[:at] + bytes([value]) + payload[at + 1 :])
    report = verify_record(reassemble(built, payloads), workers=1)
    assert not report.passed


# -- accountability: the staff roster and the account behind every lifecycle entry (R24) -------


def _with_payload(payloads: Payloads, kind: str, change: dict[str, object]) -> Payloads:
    out = list(payloads)
    i = _index(out, kind)
    out[i] = (kind, _encode({**_json(out[i][1]), **change}))
    return out


def test_lifecycle_entry_by_an_account_that_is_not_staff(built: Built) -> None:
    """A board that says an account outside the published staff closed the election."""
    got = failed(reassemble(built, _with_payload(built.payloads, "closed", {"by": "intruder"})))
    assert got == {"R24"}, got
    got = failed(reassemble(built, _with_payload(built.payloads, "allocation", {"by": ""})))
    assert got == {"R24"}, got


def test_staff_added_without_saying_so(built: Built) -> None:
    """An admin quietly adds an account which then tallies: caught unless a staff entry says
    who added it; with one, it passes (and names the admin)."""
    payloads = _with_payload(built.payloads, "result", {"by": "helper"})
    assert failed(reassemble(built, payloads)) == {"R24"}
    change = {"by": "admin", "added": ["helper"], "removed": [], "staff": ["belediye", "helper"]}
    payloads.insert(_index(payloads, "closed"), ("staff", _encode(change)))
    assert failed(reassemble(built, payloads)) == set()


def test_staff_entries_that_do_not_add_up(built: Built) -> None:
    at = _index(built.payloads, "closed")
    for change in (
        {"by": "admin", "added": ["x"], "removed": [], "staff": [STAFF]},  # x missing
        {"by": "admin", "added": [], "removed": [STAFF], "staff": []},  # nobody left
        {"by": "admin", "added": [], "removed": [], "staff": [STAFF]},  # no change
        {"by": "admin", "added": ["b", "a"], "removed": [], "staff": ["a", "b", STAFF]},
        {"by": "ad min", "added": ["x"], "removed": [], "staff": [STAFF, "x"]},
    ):
        payloads = list(built.payloads)
        payloads.insert(at, ("staff", _encode(change)))
        assert failed(reassemble(built, payloads)) == {"R24"}, change
    # the first staff entry must stand right after the manifest, and only there
    payloads = list(built.payloads)
    first = payloads.pop(1)
    payloads.insert(at, first)
    assert {"R7"} <= failed(reassemble(built, payloads))


def test_participation_kind_on_the_election_log(built: Built) -> None:
    """A participation-log entry (cycle §1) slipped into the election's own log, properly
    chained and signed, is refused by the order check (R7) and nothing else passes it off."""
    payloads = list(built.payloads)
    at = _index(payloads, "opened") + 1
    schedule = b'{"proposals":null,"review":null,"voting":null,"implementation":null,"by":"staff1"}'
    payloads.insert(at, ("phase", schedule))
    got = failed(reassemble(built, payloads))
    assert "R7" in got
