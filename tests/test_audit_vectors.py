"""The independent auditor (``oylama_audit``) against every known-answer vector of docs/spec.

The auditor is written from the specification alone; these tests feed it the published
vectors: everything valid must verify, every variant the documents say to reject must be
rejected, and proofs must fail under another context or label.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from nacl.signing import SigningKey

from oylama_audit import _board as board
from oylama_audit import _credentials as creds
from oylama_audit import _group as grp
from oylama_audit import _identity as identity
from oylama_audit import _manifest as manifest
from oylama_audit._ballot import (
    Style,
    check_style,
    format_tracking_code,
    label,
    parse_tracking_code,
    tracking_code,
    verify_ballot,
    verify_each,
)
from oylama_audit._errors import AuditError
from oylama_audit._payloads import CommitmentPayload, SignedRecordPayload
from oylama_audit._pins import Pins
from oylama_audit._proofs import (
    verify_dleq,
    verify_one_of,
    verify_range,
    verify_schnorr,
    verify_table,
)
from oylama_audit._trustees import (
    Ceremony,
    check_plaintexts,
    coefficient_label,
    decryption_label,
    lagrange,
    verify_partial_decryption,
    verify_trustee_record,
)
from oylama_audit._wire import (
    Ciphertext,
    DisjunctiveProof,
    DleqProof,
    EncryptedBallot,
    PartialDecryption,
    RangeProof,
    SchnorrProof,
    TableProof,
    TrusteePublic,
    decode_canonical,
    encode,
)
from oylama_audit.record import load_board, verify_record

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "docs" / "spec" / "vectors"
SHARED = ROOT.parent / "shared"


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text("utf-8"))


def wire(obj: Any, kind: type[Any]) -> Any:
    return decode_canonical(json.dumps(obj, separators=(",", ":")).encode(), kind)


def b64(text: str) -> bytes:
    return base64.b64decode(text)


# -- crypto-group, crypto-transcript, crypto-elgamal ----------------------------------------------


def test_group_constants_and_arithmetic() -> None:
    v = load("crypto-group.json")
    assert int(v["L"]) == grp.L
    assert bytes.fromhex(v["generator"]) == grp.G
    assert bytes.fromhex(v["identity"]) == grp.IDENTITY
    for case in v["base_mul"]:
        k = int.from_bytes(bytes.fromhex(case["k"]), "little")
        assert grp.base(k) == bytes.fromhex(case["kG"])
        assert grp.mul(k, grp.G) == bytes.fromhex(case["kG"])
    for case in v["add"]:
        p, q = bytes.fromhex(case["p"]), bytes.fromhex(case["q"])
        assert grp.add(p, q) == bytes.fromhex(case["p_plus_q"])
        assert grp.sub(p, q) == bytes.fromhex(case["p_minus_q"])
        assert grp.sub(p, p) == bytes.fromhex(case["p_minus_p"]) == grp.IDENTITY


def test_hash_to_point() -> None:
    v = load("crypto-group.json")
    for case in v["hash_to_point"]:
        point = grp.hash_to_point(bytes.fromhex(case["tag"]), bytes.fromhex(case["message"]))
        assert point == bytes.fromhex(case["point"])
    assert grp.hash_to_point(b"pedersen", b"H") == bytes.fromhex(v["pedersen_h"])


def test_invalid_points_and_scalars_rejected() -> None:
    v = load("crypto-group.json")
    for case in v["invalid_points"]:
        data = bytes.fromhex(case["encoding"])
        with pytest.raises(AuditError):
            grp.check_point(data, allow_identity=False)
        if data != grp.IDENTITY:
            with pytest.raises(AuditError):
                grp.check_point(data, allow_identity=True)
            # Arithmetic refuses it too: every operation decodes.
            with pytest.raises(AuditError):
                grp.mul(5, data)
            assert not grp.holds([(0, data)])
    assert grp.check_point(grp.IDENTITY, allow_identity=True) == grp.IDENTITY
    for case in v["invalid_scalars"]:
        with pytest.raises(AuditError):
            grp.decode_scalar(bytes.fromhex(case["encoding"]))


def test_transcripts_and_challenges() -> None:
    for case in load("crypto-transcript.json")["vectors"]:
        args = (
            case["tag"],
            bytes.fromhex(case["context"]),
            bytes.fromhex(case["label"]),
            [bytes.fromhex(f) for f in case["fields"]],
        )
        assert grp.transcript(*args) == bytes.fromhex(case["transcript"])
        assert grp.scalar_bytes(grp.challenge(*args)) == bytes.fromhex(case["challenge"])


def test_elgamal_decryption_points() -> None:
    v = load("crypto-elgamal.json")
    secret = int.from_bytes(bytes.fromhex(v["secret"]), "little")
    key = bytes.fromhex(v["public"])
    assert grp.base(secret) == key
    for case in v["encryptions"]:
        ct = wire(case["ciphertext"], Ciphertext)
        r = int.from_bytes(bytes.fromhex(case["r"]), "little")
        assert ct.alpha == bytes.fromhex(case["alpha"]) == grp.base(r)
        assert ct.beta == grp.add(grp.base(case["m"]), grp.mul(r, key))
        assert grp.sub(ct.beta, grp.mul(secret, ct.alpha)) == bytes.fromhex(case["decrypted_point"])


# -- crypto-proofs ---------------------------------------------------------------------


def _verify_proof(case: dict[str, Any], key: bytes, context: bytes, lab: bytes) -> None:
    st = case["statement"]
    kind = case["type"]
    if kind == "schnorr":
        verify_schnorr(
            bytes.fromhex(st["public"]),
            wire(case["proof"], SchnorrProof),
            context=context,
            label=lab,
        )
    elif kind == "one-of":
        ct = wire(st["ciphertext"], Ciphertext)
        verify_one_of(
            key,
            ct.alpha,
            ct.beta,
            st["values"],
            wire(case["proof"], DisjunctiveProof),
            context=context,
            label=lab,
        )
    elif kind == "range":
        ct = wire(st["ciphertext"], Ciphertext)
        verify_range(
            key,
            ct.alpha,
            ct.beta,
            st["a"],
            st["b"],
            wire(case["proof"], RangeProof),
            context=context,
            label=lab,
        )
    elif kind == "dleq":
        pts = [bytes.fromhex(st[k]) for k in ("g1", "h1", "g2", "h2")]
        verify_dleq(*pts, wire(case["proof"], DleqProof), context=context, label=lab)
    elif kind == "table":
        cts = [wire(c, Ciphertext) for c in st["ciphertexts"]]
        verify_table(
            key,
            [(c.alpha, c.beta) for c in cts],
            st["rows"],
            wire(case["proof"], TableProof),
            context=context,
            label=lab,
        )
    else:
        raise AssertionError(kind)


def test_proofs_verify_and_bind_context_and_label() -> None:
    v = load("crypto-proofs.json")
    context = bytes.fromhex(v["context"])
    key = bytes.fromhex(v["public"])
    kinds = set()
    for case in v["vectors"]:
        lab = bytes.fromhex(case["label"])
        _verify_proof(case, key, context, lab)
        kinds.add(case["type"])
        with pytest.raises(AuditError):
            _verify_proof(case, key, hashlib.sha256(b"other").digest(), lab)
        with pytest.raises(AuditError):
            _verify_proof(case, key, context, lab + b"x")
    assert kinds == {"schnorr", "one-of", "range", "dleq", "table"}


def test_proof_with_a_changed_response_fails() -> None:
    v = load("crypto-proofs.json")
    context = bytes.fromhex(v["context"])
    key = bytes.fromhex(v["public"])
    case = next(c for c in v["vectors"] if c["type"] == "range")
    proof = json.loads(json.dumps(case["proof"]))
    z = grp.decode_scalar(b64(proof["bits"][0]["response0"]))
    proof["bits"][0]["response0"] = base64.b64encode(grp.scalar_bytes(z + 1)).decode()
    with pytest.raises(AuditError):
        _verify_proof({**case, "proof": proof}, key, context, bytes.fromhex(case["label"]))


# -- crypto-ballots ---------------------------------------------------------------------


def test_ballots_verify_with_labels_and_tracking_codes() -> None:
    v = load("crypto-ballots.json")
    context = bytes.fromhex(v["context"])
    key = bytes.fromhex(v["public"])
    kinds = set()
    for case in v["vectors"]:
        style = msgspec.convert(case["style"], Style)
        check_style(style)
        kinds.add(style.kind)
        text = json.dumps(case["ballot"], separators=(",", ":")).encode()
        ballot = decode_canonical(text, EncryptedBallot)
        assert encode(ballot) == text
        bid = bytes.fromhex(case["ballot_id"])
        assert ballot.ballot_id == bid
        cred = bytes.fromhex(case["credential"])
        for name, hexlabel in case["labels"].items():
            role, _, index = name.partition("_")
            assert label(style.id, bid, cred, role, int(index or 0)) == bytes.fromhex(hexlabel)
        verify_ballot(style, key, context, ballot, cred)
        verify_each(style, key, context, ballot, cred)
        code = tracking_code(text)
        assert code.hex() == case["tracking_code"]
        assert format_tracking_code(code) == case["tracking_code_text"]
        assert parse_tracking_code(case["tracking_code_text"].lower()) == code
        with pytest.raises(AuditError):
            verify_ballot(style, key, hashlib.sha256(b"x").digest(), ballot, cred)
        # The same ballot under another id: every proof binds the id.
        moved = msgspec.structs.replace(ballot, ballot_id=bid + b"!")
        with pytest.raises(AuditError):
            verify_ballot(style, key, context, moved, cred)
        # ... and the voter's credential (ballots §4): another voter's key refuses it.
        with pytest.raises(AuditError, match="project 0"):
            verify_ballot(style, key, context, ballot, hashlib.sha256(b"voter").digest())
    assert kinds == {"approval", "knapsack", "cumulative", "quadratic"}


# -- crypto-trustees ---------------------------------------------------------------------


def test_trustee_ceremony_and_decryption() -> None:
    v = load("crypto-trustees.json")
    ctx_c = bytes.fromhex(v["ceremony_context"])
    ctx_e = bytes.fromhex(v["election_context"])
    n, t = v["trustees"], v["threshold"]
    records = {}
    for rec in v["trustee_records"]:
        public = wire(rec["public"], TrusteePublic)
        verify_trustee_record(public, trustees=n, threshold=t, context=ctx_c)
        for j, hexlabel in enumerate(rec["coefficient_labels"]):
            assert coefficient_label(n, t, public.index, j, public.box_public) == bytes.fromhex(
                hexlabel
            )
        records[public.index] = public
        with pytest.raises(AuditError):
            verify_trustee_record(public, trustees=n, threshold=t, context=ctx_e)
    ceremony = Ceremony(records, t)
    assert ceremony.joint_key == bytes.fromhex(v["joint_key"])
    for rec in v["trustee_records"]:
        assert ceremony.public_share(rec["public"]["index"]) == bytes.fromhex(rec["public_share"])
    # The tally is the column sums of the ballots.
    tally = [wire(c, Ciphertext) for c in v["tally"]]
    for k, ct in enumerate(tally):
        column = [wire(b[k], Ciphertext) for b in v["ballots"]]
        assert grp.point_sum(c.alpha for c in column) == ct.alpha
        assert grp.point_sum(c.beta for c in column) == ct.beta
    cts = [(c.alpha, c.beta) for c in tally]
    what = bytes.fromhex(v["decryption_label"])
    partials = {}
    for p in v["partial_decryptions"]:
        partial = wire(p, PartialDecryption)
        for k in range(len(cts)):
            assert (
                decryption_label(partial.index, k, len(cts), what).hex()
                == (v["decryption_proof_labels"][partial.index - 1][k])
            )
        verify_partial_decryption(ceremony, partial, cts, trustees=n, context=ctx_e, what=what)
        with pytest.raises(AuditError):
            verify_partial_decryption(ceremony, partial, cts, trustees=n, context=ctx_c, what=what)
        with pytest.raises(AuditError):
            verify_partial_decryption(
                ceremony, partial, cts, trustees=n, context=ctx_e, what=what + b"x"
            )
        partials[partial.index] = partial
    sums = [sum(row[k] for row in v["votes"]) for k in range(len(cts))]
    for combo in v["combinations"]:
        indices = combo["indices"]
        for index, lam in zip(indices, combo["lagrange"], strict=True):
            assert grp.scalar_bytes(lagrange(index, indices)).hex() == lam
        assert combo["plaintexts"] == sums
        chosen = [partials[i] for i in indices]
        check_plaintexts(chosen, cts, combo["plaintexts"], v["bound"])
        with pytest.raises(AuditError):
            check_plaintexts(chosen, cts, [s + 1 for s in sums], v["bound"])


# -- election ---------------------------------------------------------------------


def test_election_manifest_and_hashes() -> None:
    v = load("election.json")
    data = b64(v["manifest_base64"])
    assert data == v["manifest_text"].encode("utf-8") == bytes.fromhex(v["manifest_hex"])
    m = manifest.decode_manifest(data)
    m_hash = manifest.manifest_hash(data)
    assert m_hash.hex() == v["manifest_hash"]
    ctx_c = manifest.ceremony_context(m_hash)
    assert ctx_c.hex() == v["ceremony_context"]
    records = {}
    for rec in v["trustee_records"]:
        public = wire(rec, TrusteePublic)
        verify_trustee_record(public, trustees=m.trustees, threshold=m.threshold, context=ctx_c)
        records[public.index] = public
    key = Ceremony(records, m.threshold).joint_key
    assert key.hex() == v["joint_key"]
    assert manifest.base_hash(m_hash, key).hex() == v["base_hash"]
    assert len(v["non_canonical"]) >= 10
    for case in v["non_canonical"]:
        with pytest.raises(AuditError):
            manifest.decode_manifest(b64(case["base64"]))


def test_election_signed_records_and_commitments() -> None:
    """trustees §3.3: each record and commitment of the vectors verifies under its trustee's
    identity key in the manifest, and under no other key, context or index."""
    v = load("election.json")
    data = b64(v["manifest_base64"])
    m = manifest.decode_manifest(data)
    ctx_c = manifest.ceremony_context(manifest.manifest_hash(data))
    keys = list(m.trustee_keys)
    assert [b64(i["public_key"]) for i in v["trustee_identities"]] == keys
    for text in v["signed_records"]:
        signed = decode_canonical(text.encode(), SignedRecordPayload)
        rec = encode(signed.record)
        index = signed.record.index
        identity.verify_record_signature(rec, index, signed.signature, keys, ctx_c)
        for bad_keys, bad_ctx, bad_index in (
            (keys[1:] + keys[:1], ctx_c, index),
            (keys, bytes(32), index),
            (keys, ctx_c, index % 3 + 1),
        ):
            with pytest.raises(AuditError):
                identity.verify_record_signature(
                    rec, bad_index, signed.signature, bad_keys, bad_ctx
                )
    joint = bytes.fromhex(v["joint_key"])
    for text in v["commitments"]:
        c = decode_canonical(text.encode(), CommitmentPayload)
        assert c.joint_key == joint
        identity.verify_commitment_signature(c.index, c.joint_key, c.signature, keys, ctx_c)
        with pytest.raises(AuditError):
            identity.verify_commitment_signature(c.index, bytes(32), c.signature, keys, ctx_c)


def test_election_spec_example_is_the_vector() -> None:
    text = (ROOT / "docs" / "spec" / "election.md").read_text("utf-8")
    block = text.split("### 3.1 Example", 1)[1].split("```", 2)[1]
    joined = "".join(block.strip("\n").split("\n"))
    assert joined.encode("utf-8") == b64(load("election.json")["manifest_base64"])


def test_money_forms() -> None:
    assert manifest.money_units("150.25", 100) == 15025
    assert manifest.money_units("1000", 100) == 100000
    assert manifest.money_text(15025, 100) == "150.25"
    assert manifest.money_text(15020, 100) == "150.2"
    assert manifest.money_text(100000, 100) == "1000"


# -- credentials ---------------------------------------------------------------------


def test_credentials_vectors() -> None:
    v = load("credentials.json")
    assert v["alphabet"] == creds.ALPHABET
    assert v["weights"] == creds.weights()
    for case in v["codes"]:
        assert creds.parse_code(case["printed"]) == case["canonical"]
        assert creds.parse_code(case["printed"].lower().replace("0", "o")) == case["canonical"]
    for case in v["rejected_codes"]:
        with pytest.raises(AuditError):
            creds.parse_code(case["text"])
    for case in v["derivations"]:
        code = creds.parse_code(case["code"])
        assert creds.derive_seed(code, case["election_id"]).hex() == case["seed"]
        assert creds.public_credential(code, case["election_id"]) == b64(case["public_key"])
    for case in v["signatures"]:
        code = creds.parse_code(case["code"])
        ballot = bytes.fromhex(case["ballot"])
        message = creds.signed_message(case["election_id"], ballot)
        assert message.hex() == case["message"]
        public = creds.public_credential(code, case["election_id"])
        signature = bytes.fromhex(case["signature"])
        creds.verify_ballot_signature(public, ballot, signature, election_id=case["election_id"])
        with pytest.raises(AuditError):
            creds.verify_ballot_signature(
                public, ballot + b"x", signature, election_id=case["election_id"]
            )
        with pytest.raises(AuditError):
            creds.verify_ballot_signature(public, ballot, signature, election_id="other")
    gen = v["generation"]
    data = gen["public_list"].encode("utf-8")
    lst = creds.decode_public_list(data, election_id=gen["election_id"])
    assert creds.fingerprint(data) == gen["fingerprint"]
    assert len(lst.credentials) == 5
    with pytest.raises(AuditError):
        creds.decode_public_list(data, election_id="other")
    with pytest.raises(AuditError):
        creds.decode_public_list(data.rstrip(b"\n"), election_id=gen["election_id"])
    with pytest.raises(AuditError):
        creds.decode_public_list(data.replace(b",", b", ", 1), election_id=gen["election_id"])


# -- board ---------------------------------------------------------------------


def test_board_spec_examples() -> None:
    raw = bytes.fromhex(
        "97 01 aa 69 7a 6d 69 72 2d 32 30 32 36 00 a8 6d 61 6e 69 66 65 73 74"
        " c4 20" + " 00" * 32 + " cf 00 00 01 9b 76 da a8 00"
        " c4 0e 6d 61 6e 69 66 65 73 74 20 62 79 74 65 73"
    )
    entry = board.decode_entry(raw)
    assert entry.kind == "manifest" and entry.timestamp == 1767225600000
    assert board.leaf_hash(raw).hex() == (
        "ca6aed6e0a12f029ff158b212fc89f4794282992676047e5364598aced7165fd"
    )
    # Any longer form of a value is refused (index 0 as 0xcc 0x00).
    longer = raw.replace(b"\x36\x00\xa8", b"\x36\xcc\x00\xa8", 1)
    with pytest.raises(AuditError):
        board.decode_entry(longer)
    with pytest.raises(AuditError):
        board.decode_entry(raw + b"\x00")
    note = (
        "board.example/izmir-2026\n2\nfGApwvfLQ5ybpDJ3tCOAA07HYJOEHrxhA2U//oozThw=\n\n"
        "\u2014 board.example/izmir-2026 8lqsbaissPwke7Wgog7FY3yJjzeZeFdZCu+fqkf5McpLivZl"
        "P4gMdVFJZRHOVsmMVBliPPkM+8WQTVszUGIc1EKjWgc=\n"
    )
    key = board.parse_verifier_key(
        "board.example/izmir-2026+f25aac6d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
    )
    cp = board.verify_note(note, key)
    second = bytes.fromhex("5753604d3582b50fa78f06339943ad0898474970fe4813a543ccbc5d511bef72")
    assert cp.size == 2 and cp.root == board.tree_hash([board.leaf_hash(raw), second])
    with pytest.raises(AuditError):
        board.verify_note(note.replace("\n2\n", "\n3\n"), key)
    with pytest.raises(AuditError):
        board.verify_note(note.replace("\n\n", "\nextension\n\n"), key)


def _rfc_cases(kind: str) -> list[Path]:
    base = SHARED / "vectors" / "merkle-rfc9162" / kind
    if not base.is_dir():
        pytest.skip(f"{base} not present")
    return sorted(base.rglob("*.json"))


def test_rfc9162_inclusion_vectors() -> None:
    count = 0
    for path in _rfc_cases("inclusion"):
        case = json.loads(path.read_text())
        args = (
            b64(case["leafHash"]) if case.get("leafHash") else b"",
            case["leafIdx"],
            case["treeSize"],
            [b64(h) for h in case.get("proof") or []],
            b64(case["root"]) if case.get("root") else b"",
        )
        if case.get("wantErr"):
            with pytest.raises(AuditError):
                board.verify_inclusion(*args)
        else:
            board.verify_inclusion(*args)
        count += 1
    assert count > 10


def test_rfc9162_consistency_vectors() -> None:
    count = 0
    for path in _rfc_cases("consistency"):
        case = json.loads(path.read_text())
        args = (
            case["size1"],
            case["size2"],
            b64(case["root1"]) if case.get("root1") else b"",
            b64(case["root2"]) if case.get("root2") else b"",
            [b64(h) for h in case.get("proof") or []],
        )
        accepted_by_spec = not case.get("wantErr") and not path.name.startswith(
            "sizes-are-equal-one-and-proof-is-empty"
        )
        if accepted_by_spec:
            board.verify_consistency(*args)
        else:
            with pytest.raises(AuditError):
                board.verify_consistency(*args)
        count += 1
    assert count > 10


def test_incremental_root_and_paths_match_the_recursive_definition() -> None:
    leaves = [hashlib.sha256(bytes([i])).digest() for i in range(40)]
    tree = board.IncrementalRoot()
    assert tree.root() == board.EMPTY_ROOT
    for n in range(1, 41):
        tree.append(leaves[n - 1])
        assert tree.root() == board.tree_hash(leaves[:n])
        for m in range(n):
            path = board.inclusion_path(m, leaves[:n])
            board.verify_inclusion(leaves[m], m, n, path, tree.root())


def test_the_auditor_shares_no_code_with_the_engine() -> None:
    """No module of the auditor imports ``oylama`` (the engine); only ``oylama_audit``."""
    sources = sorted((ROOT / "audit" / "src" / "oylama_audit").rglob("*.py"))
    assert len(sources) > 10
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"oylama", "oylama_cli"}, (
                    f"{path.name} imports {name}"
                )


# -- record (record.md §4) --------------------------------------------------------------------


def test_record_vector_verifies_with_its_codes_and_results() -> None:
    v = load("record.json")
    data = v["record_text"].encode("utf-8")
    report = verify_record(data, workers=1)
    assert report.passed, report.to_json()
    assert report.election_id == v["election_id"] and report.phase == "published"
    # unpinned, the pin checks count nothing and say so
    assert [report[c].passed + report[c].failed for c in ("R21", "R22", "R23")] == [0, 0, 0]
    assert all("not pinned" in report[c].notes[0] for c in ("R21", "R22", "R23"))
    # held to the vector's pins (pins.md): each passes; any other value fails its check
    pins = v["pins"]
    good = Pins(
        election_id=v["election_id"],
        board_key=pins["board_key"],
        trustee_keys=[base64.b64decode(k) for k in pins["trustee_keys"]],
        credentials=pins["credentials"],
    )
    pinned = verify_record(data, workers=1, pins=good)
    assert pinned.passed and [pinned[c].passed for c in ("R21", "R22", "R23")] == [1, 1, 1]
    letter = verify_record(data, workers=1, pins=Pins(credentials=pins["credentials"][:20]))
    assert letter["R23"].passed == 1  # the prefix printed on a letter pins it too
    other_list = Pins(credentials="0" * 64)
    other_keys = Pins(trustee_keys=good.trustee_keys[::-1] if good.trustee_keys else None)
    other_board = Pins(board_key=_other_board_key(pins["board_key"]))
    other_election = Pins(election_id="another-election")
    for wrong, check in (
        (other_list, "R23"),
        (other_keys, "R22"),
        (other_board, "R21"),
        (other_election, "R21"),
    ):
        assert verify_record(data, workers=1, pins=wrong).failed_ids() == [check]
    _, built, el = load_board(data)
    assert built is not None
    by_code = {format_tracking_code(b.tracking_code): b for b in el.ballots}
    assert len(by_code) == len(v["tracking_codes"])
    for case in v["tracking_codes"]:
        b = by_code[case["code"]]
        assert (b.index, b.style) == (case["index"], case["style"])
        assert ("counted" if b.counted else "superseded") == case["status"]
    payloads = [(e.kind, json.loads(e.payload)) for e in built.entries]
    results = {p["style"]: p for kind, p in payloads if kind == "result"}
    allocations = {p["style"]: p for kind, p in payloads if kind == "allocation"}
    for case in v["results"]:
        assert results[case["style"]]["scores"] == case["scores"]
        assert results[case["style"]]["ballots"] == case["ballots"]
        assert allocations[case["style"]]["selected"] == case["selected"]


def _other_board_key(text: str) -> str:
    """A verifier key of the same name for another Ed25519 key."""
    name = text.split("+", 1)[0]
    public = bytes(SigningKey(bytes(range(32))).verify_key)
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]
    blob = base64.b64encode(b"\x01" + public).decode()
    return f"{name}+{key_id.hex()}+{blob}"


def test_record_vector_non_canonical_variants_fail_their_check() -> None:
    cases = load("record.json")["non_canonical"]
    assert len(cases) >= 5
    for case in cases:
        report = verify_record(case["text"].encode("utf-8"), workers=1)
        assert case["check"] in report.failed_ids(), case["why"]
