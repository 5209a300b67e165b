"""Generate the record known-answer vector of docs/spec/record.md §4 (vectors/record.json).

A small complete election runs through the real service (uvicorn on 127.0.0.1, a throwaway
SQLite file) driven by the reference clients over HTTP only: the example definition
``ballots/izmir-karsiyaka-2026.toml``, 14 voters spread over its districts in turn (5, 5
and 4: the third district's ballot counts fewer than ``min_tally_ballots`` = 5 and is withheld),
each casting every ballot they may with random valid choices from a fixed random source, two of
them voting again (the first ballot superseded), one spoiling and publishing a ballot first
(a Benaloh challenge, a ``ballot-spoiled`` entry), a 2-of-3 key ceremony of trustees with
identity keys, each trustee pinning the trustees' keys and the credential fingerprint, trustees
1 and 3 verifying the closed log and decrypting, tally and publish. The file holds the published
record's text, the election id, the pins (pins.md) an auditor holds it to, each cast ballot's
tracking code (from the voters' receipts) with its status, each spoiled ballot's tracking code,
entry and choices, the published result per style, and variants of the record text that are
valid JSON but MUST be rejected.

The record is not byte-reproducible (trustee keys, the board key, the ballots' randomness
and the timestamps are fresh on every run), so unlike the other generators ``--check`` does
not regenerate and compare: it verifies the committed file (record decodes, board chain and
checkpoints verify, tracking codes and results agree with the payloads, every variant is
refused). Usage::

    .venv/bin/python tests/vectors/generate_record_vectors.py          # runs an election, writes
    .venv/bin/python tests/vectors/generate_record_vectors.py --check  # verifies the file
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from oylama import ballots, credentials
from oylama.board import (
    EntryKind,
    decode_entry,
    parse_verifier_key,
    root_at,
    verifier_key,
    verify_checkpoint,
    verify_log,
)
from oylama.client import (
    PaperKeyer,
    ServiceClient,
    Trustee,
    Voter,
    load_identity,
    new_identity,
    random_choices,
)
from oylama.crypto import (
    Point,
    SpoiledBallot,
    format_tracking_code,
    tracking_code,
    verify_spoiled,
)
from oylama.election import (
    Allocation,
    BallotPayload,
    BallotSuperseded,
    Opened,
    PaperBallot,
    Pins,
    RecordFile,
    Result,
    decode_manifest,
    decode_payload,
    decode_record,
)
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "spec" / "vectors"
NAME = "record.json"
DEFINITION = ROOT / "ballots" / "izmir-karsiyaka-2026.toml"

VOTERS = 14
REVOTERS = (0, 7)
"""Voters who cast their first ballot again: the first one is superseded."""
SPOILERS = (3,)
#: Voters who then also vote on paper at a polling station for their first ballot, keyed by
#: two staff accounts (paper-counts: the paper ballot supersedes the online one).
PAPER_VOTERS = (5,)
KEYERS = ("belediye", "sandik")
"""Voters who spoil (and publish) a ballot of their first ballot's choices before casting."""
TRUSTEES, THRESHOLD = 3, 2
DECRYPTING = (1, 3)
SEED = "oylama/record-vectors/v1"

#: The service's clock runs from this moment (ms, 2026-05-10T09:00:00Z), inside the example
#: definition's voting window, whenever the generator runs: casts outside it are refused.
VOTING_DAY_MS = 1_778_403_600_000


def _voting_day_clock() -> Any:
    """The wall clock shifted to :data:`VOTING_DAY_MS` (it still moves: timestamps increase)."""
    shift = time.time_ns() // 1_000_000 - VOTING_DAY_MS
    return lambda: time.time_ns() // 1_000_000 - shift


# -- the election ------------------------------------------------------------------------------


def run_election(work: Path) -> dict[str, Any]:
    """Run the election through the service; the vector file's data (without variants)."""
    text = DEFINITION.read_text(encoding="utf-8")
    definition = ballots.loads(text, source=str(DEFINITION))
    eid = definition.election.id
    rng = random.Random(SEED)
    with run_service(data_dir=work / "data", clock=_voting_day_clock()) as url:
        admin = ServiceClient(url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_account("belediye", "staff-password-for-vectors", "staff")
        staff = ServiceClient(url)
        staff.login("belediye", "staff-password-for-vectors")
        staff.create_election(text)
        admin.create_account("sandik", "staff-password-for-vectors", "staff")
        staff.add_staff(eid, "sandik")
        ids = [d.id for d in definition.districts]
        roll = [
            credentials.RollEntry(voter_id=f"V{k:03d}", district=ids[k % len(ids)], line=k + 2)
            for k in range(VOTERS)
        ]
        secret, public = credentials.generate(roll, election_id=eid)
        listed = credentials.dump_public_list(public)
        staff.upload_credentials(eid, listed)
        identities = [work / f"identity{i}.json" for i in range(1, TRUSTEES + 1)]
        keys = [new_identity(path, force=True) for path in identities]
        tokens = staff.start_ceremony(eid, threshold=THRESHOLD, trustee_keys=keys)
        served = staff.board_key(eid)
        pins = Pins(
            election_id=eid,
            board_key=verifier_key(served.key_name, served.ed25519_public_key),
            trustee_keys=tuple(keys),
            credentials=credentials.fingerprint(listed),
        )
        trustees = [
            Trustee.init(
                ServiceClient(url, token=tok),
                eid,
                work / f"t{i}.json",
                identity=load_identity(identities[i - 1]),
                pins=pins,
                force=True,
            )
            for i, tok in enumerate(tokens, start=1)
        ]
        assert [t.state.index for t in trustees] == [1, 2, 3]
        for t in trustees:
            t.post_record()
        for t in trustees:
            assert t.post_shares(), f"trustee {t.state.index}: records missing"
        for t in trustees:
            assert t.commit(), f"trustee {t.state.index}: shares missing"
        staff.open(eid)

        cast: list[dict[str, Any]] = []
        spoiled: list[dict[str, Any]] = []
        counted: dict[tuple[int, str], list[int]] = {}
        voter_client = ServiceClient(url)
        for k, s in enumerate(secret):
            voter = Voter(voter_client, eid, credentials.parse_code(s.code), pins=pins)
            voter.load()
            for j, b in enumerate(voter.ballots()):
                rounds = 2 if (k in REVOTERS and j == 0) else 1
                for _ in range(rounds):
                    choices = random_choices(voter.style(b.id), rng)
                    spoil_first = k in SPOILERS and j == 0
                    outcome = voter.cast(b.id, choices, spoil_first=spoil_first)
                    if outcome.spoiled is not None:
                        spoiled.append(
                            {
                                "code": format_tracking_code(tracking_code(outcome.spoiled.ballot)),
                                "style": b.id,
                                "index": outcome.spoiled_index,
                                "choices": list(outcome.spoiled.choices),
                            }
                        )
                    counted[(k, b.id)] = choices
                    cast.append(
                        {
                            "code": outcome.tracking_code,
                            "style": b.id,
                            "index": outcome.index,
                            "voter": k,
                        }
                    )
                    if outcome.superseded is not None:
                        superseded = next(c for c in cast if c["index"] == outcome.superseded)
                        superseded["superseded_by"] = outcome.index
        voter_client.close()

        paper: list[dict[str, Any]] = []
        keyers = []
        for name in KEYERS:
            c = ServiceClient(url)
            c.login(name, "staff-password-for-vectors")
            keyer = PaperKeyer(c, eid, rng.randbytes(32))
            keyer.publish_key()
            keyers.append(keyer)
        for k in PAPER_VOTERS:
            code = credentials.parse_code(secret[k].code)
            voter = Voter(ServiceClient(url), eid, code, pins=pins)
            voter.load()
            b = voter.ballots()[0]
            choices = random_choices(voter.style(b.id), rng)
            first = keyers[0].key(code, b.id, choices, "Karşıyaka Lisesi")
            answer = keyers[1].key(code, b.id, choices, "Karşıyaka Lisesi")
            assert (first.status, answer.status) == ("waiting", "accepted"), (first, answer)
            assert answer.index is not None
            online = next(c for c in reversed(cast) if c["style"] == b.id and c.get("voter") == k)
            online["superseded_by"] = answer.index
            counted[(k, b.id)] = choices
            paper.append(
                {"style": b.id, "index": answer.index, "choices": choices, "keyers": list(KEYERS)}
            )
            voter.client.close()
        for keyer in keyers:
            keyer.client.close()

        staff.close_election(eid)
        for t in trustees:
            if t.state.index in DECRYPTING:
                assert t.decrypt() == "posted", f"trustee {t.state.index} did not decrypt"
        staff.tally(eid)
        staff.publish(eid)
        results = staff.result(eid)
        record = staff.record(eid)
        for c in (admin, staff, *(t.client for t in trustees)):
            c.close()

    # the published scores are the plaintext recount of the counted choices, but for a ballot
    # that counts fewer than min_tally_ballots: it is withheld (nothing decrypted or funded)
    recount = {b.id: [0] * len(b.projects) for b in definition.ballots}
    ballots_of = dict.fromkeys(recount, 0)
    for (_, bid), choices in counted.items():
        recount[bid] = [a + x for a, x in zip(recount[bid], choices, strict=True)]
        ballots_of[bid] += 1
    minimum = definition.election.min_tally_ballots
    withheld = [b for b, n in ballots_of.items() if 0 < n < minimum]
    assert len(withheld) == 1, f"the vector needs exactly one withheld ballot, got {withheld}"
    for r in results:
        want = [] if r.style in withheld else recount[r.style]
        assert r.scores == want, f"{r.style}: result differs from the recount"
        assert r.ballots == ballots_of[r.style]
    assert sum("superseded_by" in c for c in cast) == len(REVOTERS) + len(PAPER_VOTERS)
    assert len(spoiled) == len(SPOILERS)

    return {
        "election_id": eid,
        "pins": {
            "board_key": pins.board_key,
            "trustee_keys": [base64.b64encode(k).decode("ascii") for k in keys],
            "credentials": pins.credentials,
        },
        "tracking_codes": [
            {
                "code": c["code"],
                "style": c["style"],
                "index": c["index"],
                "status": "superseded" if "superseded_by" in c else "counted",
            }
            for c in cast
        ],
        "spoiled": spoiled,
        "paper": paper,
        "results": [
            {"style": r.style, "ballots": r.ballots, "scores": r.scores, "selected": r.selected}
            for r in results
        ],
        "record_text": record.decode("utf-8"),
    }


# -- variants that MUST be refused -----------------------------------------------------------


def _dump(obj: dict[str, Any]) -> str:
    """The record's JSON text as its canonical form writes it (compact, UTF-8, members in
    the given order), plus the line feed."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"


def _nonzero_padding_bits(b64: str) -> str:
    """The same bytes in base64 whose unused low bits of the last symbol are not zero."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    body = b64.rstrip("=")
    pad = len(b64) - len(body)
    assert pad in (1, 2)
    last = alphabet.index(body[-1])
    changed = alphabet[last | 1]  # bit 0 is unused with either padding
    out = body[:-1] + changed + "=" * pad
    assert base64.b64decode(out) == base64.b64decode(b64) and out != b64
    return out


def non_canonical(record_text: str) -> list[dict[str, str]]:
    """Variants of ``record_text``, each valid JSON, each refused. ``check`` is the auditor
    check (docs/audit.md) that fails: R1 (not the canonical text) or R4 (checkpoint order).

    Only the variants record.md §4 names: each one is a whole record text (~0.4 MB).
    """
    obj = json.loads(record_text)
    assert _dump(obj) == record_text, "the record's text is not what its canonical form writes"
    assert record_text.startswith('{"format":')
    reordered = {"election_id": obj["election_id"]} | {
        k: v for k, v in obj.items() if k != "election_id"
    }
    padded = dict(obj)
    entries = list(obj["entries"])
    i = next(i for i, e in enumerate(entries) if e.endswith("="))
    entries[i] = _nonzero_padding_bits(entries[i])
    padded["entries"] = entries
    swapped = dict(obj)
    cps = list(obj["checkpoints"])
    assert len(cps) >= 2
    cps[0], cps[1] = cps[1], cps[0]
    swapped["checkpoints"] = cps
    return [
        {
            "why": "white space added (a space after the first member name's colon)",
            "check": "R1",
            "text": record_text.replace('{"format":', '{"format": ', 1),
        },
        {"why": "the trailing line feed removed", "check": "R1", "text": record_text[:-1]},
        {"why": "members reordered (election_id first)", "check": "R1", "text": _dump(reordered)},
        {
            "why": f"entry {i}'s base64 has non-zero padding bits (same bytes)",
            "check": "R1",
            "text": _dump(padded),
        },
        {
            "why": "the first two checkpoints swapped (sizes not increasing)",
            "check": "R4",
            "text": _dump(swapped),
        },
    ]


def record_vectors(work: Path) -> dict[str, Any]:
    data = run_election(work)
    out: dict[str, Any] = {
        "description": (
            "A complete small published election through the real service (record.md §4): "
            "the record file's text, the pins it matches (pins.md), each cast ballot's "
            "tracking code and status, each spoiled ballot's tracking code, entry and choices, "
            "each paper ballot's entry, style, choices and keyers (record.md §2 item 7b), "
            "the result per style (one withheld), and non-canonical variants that MUST be "
            "rejected. Not reproducible byte for byte (fresh keys, randomness, times): verify, "
            "do not regenerate."
        ),
        "election_id": data["election_id"],
        "pins": data["pins"],
        "tracking_codes": data["tracking_codes"],
        "spoiled": data["spoiled"],
        "paper": data["paper"],
        "results": data["results"],
        "record_text": data["record_text"],
    }
    out["non_canonical"] = non_canonical(data["record_text"])
    return out


# -- verification (--check, and the tests) -----------------------------------------------------


def verify_board(record: RecordFile) -> None:
    """The board checks of record.md §3 with ``oylama.board``: chain, every checkpoint signed
    by the board key with the manifest's origin, sizes strictly increasing, roots, the final
    one covering every entry (roots of one tree at increasing sizes: every checkpoint is
    consistent with the final one). Raises (a ``BoardError`` or ``AssertionError``) otherwise."""
    name, public_key = parse_verifier_key(record.board_key)
    manifest = decode_manifest(decode_entry(record.entries[0]).payload)
    size = len(record.entries)
    tree = verify_log(record.entries, election_id=record.election_id)
    previous = None
    for note in record.checkpoints:
        cp = verify_checkpoint(note, name, public_key, origin=manifest.origin)
        if previous is not None and cp.size <= previous.size:
            raise AssertionError(f"checkpoint sizes not increasing: {previous.size}, {cp.size}")
        if cp.root_hash != root_at(tree, cp.size):
            raise AssertionError(f"checkpoint of size {cp.size}: root differs")
        previous = cp
    if previous is None or previous.size != size:
        raise AssertionError("the final checkpoint does not cover every entry")
    verify_log(record.entries, election_id=record.election_id, size=size, root=previous.root_hash)


def read_record(text: str) -> RecordFile:
    """The engine's reading of a record: canonical decoding, then the board checks."""
    record = decode_record(text.encode("utf-8"))
    verify_board(record)
    return record


def spoiled_facts(record: RecordFile) -> list[dict[str, Any]]:
    """The ``ballot-spoiled`` entries (tracking code, style, index, choices), each checked with
    the engine (ballots §8) under the record's joint key and base hash."""
    opened = next(
        decode_payload(e.payload, Opened)
        for e in map(decode_entry, record.entries)
        if e.kind == EntryKind.OPENED
    )
    manifest = decode_manifest(decode_entry(record.entries[0]).payload)
    styles = {b.id: b.ballot_style() for b in manifest.ballots}
    out = []
    for raw in record.entries:
        e = decode_entry(raw)
        if e.kind != EntryKind.BALLOT_SPOILED:
            continue
        sp = decode_payload(e.payload, SpoiledBallot)
        style = sp.ballot.style
        # The board does not name the credential that published it (ballots §8): steps 2-5.
        verify_spoiled(
            styles[style],
            Point.decode(opened.joint_key),
            sp,
            context=opened.base_hash,
            credential=None,
        )
        code = format_tracking_code(tracking_code(sp.ballot))
        out.append({"code": code, "style": style, "index": e.index, "choices": sp.choices})
    return out


def payload_facts(record: RecordFile) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Tracking codes with status, and results per style, as the record's payloads say."""
    codes: list[dict[str, Any]] = []
    superseded: set[int] = set()
    results: dict[str, dict[str, Any]] = {}
    for raw in record.entries:
        e = decode_entry(raw)
        if e.kind == EntryKind.BALLOT:
            p = decode_payload(e.payload, BallotPayload)
            ballot = p.encrypted_ballot()
            code = format_tracking_code(tracking_code(ballot))
            codes.append({"code": code, "style": ballot.style, "index": e.index})
        elif e.kind == EntryKind.BALLOT_SUPERSEDED:
            superseded.add(decode_payload(e.payload, BallotSuperseded).superseded)
        elif e.kind == EntryKind.RESULT:
            r = decode_payload(e.payload, Result)
            results.setdefault(r.style, {})["scores"] = r.scores
            results[r.style]["ballots"] = r.ballots
        elif e.kind == EntryKind.ALLOCATION:
            a = decode_payload(e.payload, Allocation)
            results.setdefault(a.style, {})["selected"] = a.selected
    for c in codes:
        c["status"] = "superseded" if c["index"] in superseded else "counted"
    return codes, [{"style": s} | results[s] for s in results]


def check(data: dict[str, Any]) -> list[str]:
    """Problems of the committed vector file (empty: it verifies)."""
    problems: list[str] = []
    record = read_record(data["record_text"])
    if record.election_id != data["election_id"]:
        problems.append("election_id differs from the record's")
    manifest = decode_manifest(decode_entry(record.entries[0]).payload)
    pins = data["pins"]
    if pins["board_key"] != record.board_key:
        problems.append("the pinned board key is not the record's")
    if [base64.b64decode(k) for k in pins["trustee_keys"]] != list(manifest.trustee_keys):
        problems.append("the pinned trustee keys are not the manifest's")
    listed = next(
        decode_entry(e).payload
        for e in record.entries
        if decode_entry(e).kind == EntryKind.CREDENTIALS
    )
    if credentials.fingerprint(listed) != pins["credentials"]:
        problems.append("the pinned credential fingerprint is not the list's")
    codes, results = payload_facts(record)
    if sorted(codes, key=lambda c: c["index"]) != sorted(
        data["tracking_codes"], key=lambda c: c["index"]
    ):
        problems.append("tracking_codes differ from the record's ballot entries")
    if {"counted", "superseded"} != {c["status"] for c in codes}:
        problems.append("the record needs counted and superseded ballots")
    try:
        spoiled = spoiled_facts(record)
    except Exception as exc:  # a spoiled entry that does not check
        problems.append(f"a spoiled ballot does not check: {exc}")
        spoiled = []
    if not spoiled or spoiled != data.get("spoiled"):
        problems.append("spoiled differs from the record's ballot-spoiled entries")
    paper = [
        {
            "style": p.style,
            "index": e.index,
            "choices": p.choices,
            "keyers": [k.account for k in p.keyings],
        }
        for e in map(decode_entry, record.entries)
        if e.kind == EntryKind.PAPER_BALLOT
        for p in [decode_payload(e.payload, PaperBallot)]
    ]
    if not paper or paper != data.get("paper"):
        problems.append("paper differs from the record's paper-ballot entries")
    want = {r["style"]: r for r in data["results"]}
    got = {r["style"]: r for r in results}
    if want.keys() != got.keys() or any(
        (want[s]["scores"], want[s]["selected"], want[s]["ballots"])
        != (got[s]["scores"], got[s]["selected"], got[s]["ballots"])
        for s in want
    ):
        problems.append("results differ from the record's result and allocation entries")
    for v in data["non_canonical"]:
        try:
            read_record(v["text"])
        except Exception:  # any refusal is what is wanted
            continue
        problems.append(f"variant accepted: {v['why']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the file, do not write")
    args = parser.parse_args(argv)
    path = OUT / NAME
    if args.check:
        problems = check(json.loads(path.read_text(encoding="utf-8")))
        for p in problems:
            print(f"{path}: {p}", file=sys.stderr)
        if not problems:
            print(f"{path}: verifies")
        return 1 if problems else 0
    with tempfile.TemporaryDirectory(prefix="oylama-record-vectors-") as tmp:
        data = record_vectors(Path(tmp))
    problems = check(data)
    if problems:
        for p in problems:
            print(f"not written: {p}", file=sys.stderr)
        return 1
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
