"""Attack (issue #13): unbounded board growth -- one credential made 681 accepted revotes
(+1,362 entries) in 10 s; and validly signed ballots with broken proofs cost the server a full
proof check each, never limited.

Carried out for real: one credential floods the service with 60 distinct valid revotes in
parallel, then with 30 validly signed ballots whose proofs do not verify; the proof checks the
server runs are counted.

What stops it: at most 20 ballots per credential and style (identical retries are not
ballots), and failed proof checks count against the credential: after 10 within 15 minutes its
casts are refused (429) before any proof is checked (service.md §5).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import msgspec
import pytest

from oylama.credentials import sign_ballot
from oylama.crypto import EncryptedBallot, from_json, to_json
from oylama.service import MAX_BALLOTS, _verify
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import (
    API,
    EID,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    b64,
    login,
    open_election,
)


def test_one_credential_cannot_flood_the_board(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = [0]
    real = _verify.verify_cast

    def counted(*args: object) -> str | None:
        checks[0] += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(_verify, "verify_cast", counted)
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(41)) as url,
        httpx.Client(base_url=url, timeout=120.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1", "d1"])
        flooder, other = d.voters
        before = d.view()["board_size"]
        revotes = [d.ballot_body(flooder, "a", [k % 2, k // 2 % 2, k // 4 % 2]) for k in range(60)]
        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(d.cast, revotes))
        accepted = [r for r in answers if r.status_code == 201]
        refused = [r for r in answers if r.status_code == 409]
        assert len(accepted) == MAX_BALLOTS and len(refused) == 60 - MAX_BALLOTS
        assert all("most allowed" in r.json()["detail"] for r in refused)
        # the board grew by at most 2 entries per accepted ballot (ballot + superseded)
        assert d.view()["board_size"] - before == 2 * MAX_BALLOTS - 1
        # an identical retry of an accepted one is still answered, and adds nothing
        assert d.cast(revotes[answers.index(accepted[0])]).status_code == 200

        # ballots whose proofs do not verify, validly signed by another listed credential
        checks[0] = 0
        statuses = []
        for k in range(30):
            body = d.ballot_body(other, "k", [k % 2, 0, 0])
            text = body[body.index(b'"ballot":') + len(b'"ballot":') : -1]
            ballot = from_json(text, EncryptedBallot)
            sels = list(ballot.selections)
            sels[0], sels[1] = sels[1], sels[0]
            bad = to_json(msgspec.structs.replace(ballot, selections=sels))
            sig = sign_ballot(other.credential.code, EID, bad)
            forged = (
                b'{"credential":"' + b64(other.public_key).encode() + b'","signature":"'
                + b64(sig).encode() + b'","ballot":' + bad + b"}"
            )  # fmt: skip
            statuses.append(d.cast(forged).status_code)
        assert statuses[:10] == [422] * 10 and set(statuses[10:]) == {429}
        assert checks[0] == 10  # the server stopped paying for them
        assert d.view()["board_size"] - before == 2 * MAX_BALLOTS - 1  # nothing more
