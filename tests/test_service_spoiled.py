"""Publishing spoiled ballots through the real service (docs/spec/service.md §5.1).

Every refusal in its order, each changing nothing on the board; the identical retry; the
per-credential limit and failure window; a spoiled ballot is never cast and a cast one never
spoiled; the board records no credential; the reference voter publishes and checks its
spoiled ballot. On SQLite and PostgreSQL (the ``opened`` fixture of test_service_casting).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from oylama.board import EntryKind, decode_entry
from oylama.client import ServiceClient, Voter
from oylama.credentials import sign_ballot, sign_spoiled
from oylama.crypto import (
    Point,
    SpoiledBallot,
    encrypt_ballot,
    format_tracking_code,
    from_json,
    spoil,
    to_json,
    tracking_code,
)
from oylama.election import decode_manifest
from oylama.store import SpoilCount, SpoiledEntry, open_store
from test_service_casting import Service, opened  # noqa: F401 (the fixture)
from test_service_election import EID, Driver, b64, problem
from test_service_election import Voter as DriverVoter


@dataclass
class Spoil:
    body: bytes
    text: bytes  # the SpoiledBallot's canonical text
    ballot_text: bytes
    spoiled: SpoiledBallot


def _body(credential: bytes, signature: bytes, text: bytes) -> bytes:
    return (
        b'{"credential":"'
        + b64(credential).encode()
        + b'","signature":"'
        + b64(signature).encode()
        + b'","spoiled":'
        + text
        + b"}"
    )


def make_spoil(
    d: Driver, voter: DriverVoter, style_id: str, choices: list[int], ballot_id: bytes | None = None
) -> Spoil:
    view = d.view()
    manifest = decode_manifest(d.client.get(d.url("/manifest")).content)
    style = manifest.ballot(style_id).ballot_style()
    ballot, secrets = encrypt_ballot(
        style,
        Point.decode(base64.b64decode(view["joint_key"])),
        choices,
        context=base64.b64decode(view["base_hash"]),
        ballot_id=ballot_id or d.rng.token_bytes(16),
        credential=voter.public_key,
        rng=d.rng,
    )
    spoiled = spoil(ballot, secrets)
    text = to_json(spoiled)
    body = _body(voter.public_key, sign_spoiled(voter.credential.code, EID, text), text)
    return Spoil(body, text, to_json(ballot), spoiled)


def post(d: Driver, body: bytes):  # type: ignore[no-untyped-def]
    return d.client.post(d.url("/spoiled"), content=body)


def _cast_body(voter: DriverVoter, ballot_text: bytes) -> bytes:
    sig = sign_ballot(voter.credential.code, EID, ballot_text)
    return (
        b'{"credential":"'
        + b64(voter.public_key).encode()
        + b'","signature":"'
        + b64(sig).encode()
        + b'","ballot":'
        + ballot_text
        + b"}"
    )


def _entry(d: Driver, index: int):  # type: ignore[no-untyped-def]
    r = d.client.get(d.url("/board/entries"), params={"start": index, "end": index + 1})
    return decode_entry(base64.b64decode(r.json()["entries"][0]["data"]))


def test_spoil_refusals_in_spec_order(opened: Service) -> None:  # noqa: F811
    client, d, _clock, _url = opened
    v1, v2, v3, _ = d.voters
    good = make_spoil(d, v1, "k", [1, 0, 0])
    before = d.view()["board_size"]

    problem(post(d, b"{not json"), 400)
    problem(post(d, good.body[:-1] + b',"extra":1}'), 400, "extra")
    problem(client.post(d.url("/spoiled"), content=b"x" * (1024 * 1024 + 1)), 413)
    problem(client.post("/api/v1/elections/nope/spoiled", content=good.body), 404)
    spaced = good.text.replace(b":", b": ", 1)
    problem(
        post(d, _body(v1.public_key, sign_spoiled(v1.credential.code, EID, spaced), spaced)),
        400,
        "canonical",
    )
    # strangers: an unknown credential, another voter's signature, a cast signature
    cred_sig = sign_spoiled(v1.credential.code, EID, good.text)
    problem(post(d, _body(bytes(32), cred_sig, good.text)), 403, "credential")
    other = sign_spoiled(v2.credential.code, EID, good.text)
    problem(post(d, _body(v1.public_key, other, good.text)), 403, "signature")
    as_cast = sign_ballot(v1.credential.code, EID, good.text)
    problem(post(d, _body(v1.public_key, as_cast, good.text)), 403, "signature")
    # wrong district: v3 (d2) publishes a d1 ballot
    problem(post(d, make_spoil(d, v3, "k", [1, 0, 0]).body), 403, "district")
    # a bad opening: one randomness replaced, re-signed by the voter
    r = list(good.spoiled.randomness)
    r[0] = (int.from_bytes(r[0], "little") + 1).to_bytes(32, "little")
    forged = to_json(msgspec.structs.replace(good.spoiled, randomness=r))
    signed = _body(v1.public_key, sign_spoiled(v1.credential.code, EID, forged), forged)
    problem(post(d, signed), 422, "project 0")
    # other choices than the ciphertexts hold
    lie = to_json(msgspec.structs.replace(good.spoiled, choices=[0, 1, 0]))
    problem(post(d, _body(v1.public_key, sign_spoiled(v1.credential.code, EID, lie), lie)), 422)
    assert d.view()["board_size"] == before  # nothing reached the board

    first = post(d, good.body)
    assert first.status_code == 201, first.text
    receipt = first.json()
    assert receipt["index"] == before
    assert receipt["tracking_code"] == format_tracking_code(tracking_code(good.spoiled.ballot))
    again = post(d, good.body)  # the identical retry
    assert again.status_code == 200 and again.json()["index"] == receipt["index"]
    assert d.view()["board_size"] == before + 1
    entry = _entry(d, receipt["index"])
    assert entry.kind is EntryKind.BALLOT_SPOILED and entry.payload == good.text
    assert v1.public_key not in entry.payload  # the board does not say who spoiled
    # the same ballot_id with another ballot: 409
    clash = make_spoil(d, v1, "k", [0, 1, 0], ballot_id=good.spoiled.ballot.ballot_id)
    problem(post(d, clash.body), 409, "ballot_id")
    # the spoiled ballot can never be cast (its randomness is public)
    problem(d.cast(_cast_body(v1, good.ballot_text)), 409, "spoiled")
    # a cast ballot can never be spoiled
    cast = make_spoil(d, v2, "k", [0, 1, 0])
    assert d.cast(_cast_body(v2, cast.ballot_text)).status_code == 201
    problem(post(d, cast.body), 409, "cast")
    assert d.view()["board_size"] == before + 2
    # closed: 409
    assert client.post(d.url("/close"), headers=d.staff).status_code == 200
    problem(post(d, make_spoil(d, v1, "k", [1, 0, 0]).body), 409, "closed")


def test_spoil_limits_are_per_credential(opened: Service) -> None:  # noqa: F811
    _client, d, clock, db_url = opened
    v1, v2, _v3, _ = d.voters
    # failed openings: five per credential in the window, then 429 for that credential only
    for _ in range(5):
        bad = make_spoil(d, v1, "k", [1, 0, 0])
        lie = to_json(msgspec.structs.replace(bad.spoiled, choices=[0, 0, 1]))
        problem(post(d, _body(v1.public_key, sign_spoiled(v1.credential.code, EID, lie), lie)), 422)
    r = post(d, make_spoil(d, v1, "k", [1, 0, 0]).body)
    problem(r, 429)
    assert int(r.headers["retry-after"]) > 0
    assert post(d, make_spoil(d, v2, "k", [1, 0, 0]).body).status_code == 201  # others publish
    clock.now += 15 * 60 * 1000 + 1
    # at most five published per credential and style
    for _ in range(5):
        assert post(d, make_spoil(d, v1, "k", [1, 0, 0]).body).status_code == 201
    before = d.view()["board_size"]
    problem(post(d, make_spoil(d, v1, "k", [0, 1, 0]).body), 409, "most allowed")
    assert d.view()["board_size"] == before
    engine = open_store(db_url)
    try:
        with Session(engine) as session:
            counts = {bytes(c.credential): c.spoiled for c in session.scalars(select(SpoilCount))}
            assert counts == {v1.public_key: 5, v2.public_key: 1}
            assert session.scalars(select(SpoiledEntry)).all()  # indexed, without credentials
            assert not hasattr(SpoiledEntry, "credential")
    finally:
        engine.dispose()


def test_reference_voter_publishes_its_spoiled_ballot(opened: Service) -> None:  # noqa: F811
    client, d, _clock, _url = opened
    url = str(client.base_url).rstrip("/")
    v1 = d.voters[0]
    with ServiceClient(url) as service:
        voter = Voter(service, EID, v1.credential.code)
        prepared = voter.prepare("k", [0, 1, 0])
        outcome = voter.spoil(prepared)
        assert outcome.index is not None and outcome.tracking_code == prepared.tracking_code
        entry = _entry(d, outcome.index)
        assert entry.payload == outcome.text
        assert from_json(entry.payload, SpoiledBallot).choices == [0, 1, 0]
        # the device keeps its promise: the spoiled ballot is refused as a cast
        problem(d.cast(_cast_body(v1, prepared.text)), 409, "spoiled")
        cast = voter.cast("k", [1, 1, 0], spoil_first=True)
        assert cast.spoiled is not None and cast.spoiled_index is not None
        assert cast.spoiled_index < cast.index
        unpublished = voter.spoil(voter.prepare("k", [1, 0, 0]), publish=False)
        assert unpublished.index is None
