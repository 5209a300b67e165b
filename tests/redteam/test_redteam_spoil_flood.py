"""Red team, issue #13 item 8: publishing spoiled ballots must not open the board to strangers.

Against the real service: an outsider floods ``POST /spoiled`` with valid spoiled ballots under
unknown credentials, with a voter's public credential but another signature, and with a cast
signature in place of a spoil signature; a voter floods with more than the limit; and a server
that received a spoil tries to cast its ballot with the spoil's signature. Every attempt is
refused with its status, the board does not grow by one entry, the refusals of others never
stop the honest voter, and the spoil's signature never casts.
"""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import tiny_election as tiny

from oylama import credentials
from oylama.client import ServiceClient, Voter, cast_body, spoil_body
from oylama.crypto import spoil, to_json
from oylama.service.testing import run_service

DEFINITION = """
[election]
id = "spoil-flood"
title.tr = "Sel"
city = "İzmir"
currency = "TRY"

[[ballots]]
id = "genel"
title.tr = "Genel"
district = "city-wide"
kind = "approval"
budget = 1000
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "1"
name.tr = "Bir"
cost = 400

[[ballots.projects]]
id = "2"
name.tr = "İki"
cost = 300
"""


def test_strangers_cannot_flood_the_board_with_spoiled_ballots(tmp_path: Path) -> None:
    with (
        run_service(data_dir=tmp_path / "data") as url,
        httpx.Client(base_url=url, headers={"Content-Type": "application/json"}) as http,
    ):
        el = tiny.open_election(url, DEFINITION, tmp_path, ["city-wide"] * 2)
        eid = el.election_id
        path = f"/api/v1/elections/{eid}/spoiled"
        client = ServiceClient(url)
        voter = Voter(client, eid, el.codes[0])
        size = client.election(eid).board_size
        statuses: list[int] = []
        rng = random.Random("flood")
        for k in range(60):
            prepared = voter.prepare("genel", [rng.randint(0, 1), rng.randint(0, 1)])
            text = to_json(spoil(prepared.ballot, prepared.secrets))
            stranger = credentials.new_code(rng.randbytes)
            bodies = [
                # an unknown credential signing for itself
                spoil_body(
                    credentials.public_credential(stranger, eid),
                    credentials.sign_spoiled(stranger, eid, text),
                    text,
                ),
                # the voter's public credential, the stranger's signature
                spoil_body(
                    prepared.credential, credentials.sign_spoiled(stranger, eid, text), text
                ),
                # the voter's cast signature of that ballot (as the board shows casts) as a spoil's
                spoil_body(prepared.credential, prepared.signature, text),
            ]
            r = http.post(path, content=bodies[k % 3], headers={"Content-Type": "application/json"})
            statuses.append(r.status_code)
        assert set(statuses) == {403}, statuses
        assert client.election(eid).board_size == size  # not one entry

        # The voter is not locked out by any of it; a voter's own flood stops at the limit.
        published = [voter.spoil(voter.prepare("genel", [1, 0])) for _ in range(5)]
        assert all(p.index is not None for p in published)
        prepared = voter.prepare("genel", [0, 1])
        text = to_json(spoil(prepared.ballot, prepared.secrets))
        signature = credentials.sign_spoiled(voter.code, eid, text)
        r = http.post(path, content=spoil_body(prepared.credential, signature, text))
        assert r.status_code == 409 and "most allowed" in r.json()["detail"]
        assert client.election(eid).board_size == size + 5

        # The other voter still publishes; and the server that got a spoil cannot cast it with
        # the spoil's signature (another signed message).
        other = Voter(client, eid, el.codes[1])
        mine = other.prepare("genel", [1, 1])
        spoiled_text = to_json(spoil(mine.ballot, mine.secrets))
        spoil_sig = credentials.sign_spoiled(other.code, eid, spoiled_text)
        r = http.post(path, content=spoil_body(mine.credential, spoil_sig, spoiled_text))
        assert r.status_code == 201
        replay = cast_body(mine.credential, spoil_sig, mine.text)
        r = http.post(f"/api/v1/elections/{eid}/ballots", content=replay)
        assert r.status_code == 403, r.text
        # and with the voter's real cast signature, a spoiled ballot is still never cast
        r = http.post(
            f"/api/v1/elections/{eid}/ballots",
            content=cast_body(mine.credential, mine.signature, mine.text),
        )
        assert r.status_code == 409 and "spoiled" in r.json()["detail"]
        client.close()
