"""The reference client never turns a lost answer into a revote (issue #13 item 10).

A service that commits a ballot and dies before answering -- a real process, killed right
after the commit, before the first byte of its answer -- leaves ``oylama vote`` without a
receipt. The client sends the *same bytes* again with back-off, keeps the signed ballot on
disk until a receipt comes, and a later run resends it instead of encrypting a new ballot:
the board ends with one ballot, not a revote superseding the counted one.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from ceremony_helpers import start
from oylama import credentials
from oylama.board import EntryKind, decode_entry
from oylama.client import (
    PendingBallot,
    PendingStore,
    PreparedBallot,
    ServiceClient,
    ServiceError,
    UnreachableError,
    Voter,
)
from oylama.crypto import BallotStyle, EncryptedBallot
from oylama.election import decode_record
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_cli.main import main as oylama

EID = "resend-2026"
DEFINITION = f"""\
[election]
id = "{EID}"
title.tr = "Yeniden gönder"
city = "İzmir"
currency = "TRY"

[[ballots]]
id = "park"
title.tr = "Park"
district = "city-wide"
kind = "approval"
budget = 100
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "p1"
name.tr = "Bir"
cost = 40

[[ballots.projects]]
id = "p2"
name.tr = "İki"
cost = 50
"""

#: Serves the app like `oylama serve`, but dies (os._exit) right after the first cast was
#: committed, before its answer's first byte: what a crash between commit and answer is.
DYING = """\
import os, sys
import uvicorn
from oylama.service import create_app
from oylama.store import open_store

app = create_app(open_store(data_dir=sys.argv[1]))

async def dying(scope, receive, send):
    if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].endswith("/ballots"):
        async def die_instead(message):
            if message["type"] == "http.response.start":
                os._exit(3)  # the ballot is committed: the writer answered before this
            await send(message)
        await app(scope, receive, die_instead)
    else:
        await app(scope, receive, send)

uvicorn.run(dying, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
            proxy_headers=False)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server did not start"
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).is_success:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the server did not start in time")


@contextmanager
def _server(data: Path, port: int, *, dying: bool) -> Iterator[subprocess.Popen[bytes]]:
    if dying:
        script = data.parent / "dying_server.py"
        script.write_text(DYING)
        argv = [sys.executable, str(script), str(data), str(port)]
    else:
        argv = [sys.executable, "-m", "oylama_cli", "serve", "--data", str(data)]
        argv += ["--port", str(port), "--verify-processes", "0"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_up(f"http://127.0.0.1:{port}", proc)
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(30)


def _open_election(data: Path, tmp: Path) -> str:
    """An open election on the SQLite file in ``data`` (1-of-1 trustee); a voter's code."""
    with run_service(data_dir=data) as url:
        admin = ServiceClient(url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_account("staff", "staff-password-12", "staff")
        staff = ServiceClient(url)
        staff.login("staff", "staff-password-12")
        staff.create_election(DEFINITION)
        roll = [credentials.RollEntry(voter_id="v1", district="city-wide", line=2)]
        secret, public = credentials.generate(roll, election_id=EID)
        staff.upload_credentials(EID, credentials.dump_public_list(public))
        [trustee], _ = start(
            staff, url, EID, tmp / "trustee", trustees=1, threshold=1, fingerprint=None
        )
        for _ in range(3):
            trustee.step()
        staff.open(EID)
        return secret[0].code


def _ballots(url: str) -> tuple[int, int]:
    record = decode_record(httpx.get(f"{url}/api/v1/elections/{EID}/record").content)
    kinds = [decode_entry(e).kind for e in record.entries]
    return kinds.count(EntryKind.BALLOT), kinds.count(EntryKind.BALLOT_SUPERSEDED)


def test_a_lost_answer_is_resent_never_revoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, state, port = tmp_path / "data", tmp_path / "state", _free_port()
    code = _open_election(data, tmp_path)
    url = f"http://127.0.0.1:{port}"
    base = ["vote", "--server", url, "--election", EID, "--code", code, "--state", str(state)]
    with _server(data, port, dying=True) as dying:
        # the service commits the ballot and dies before answering; for 2 s nothing answers
        assert oylama([*base, "--choices", "p1", "--patience", "2"]) == 1
        dying.wait(10)
        assert dying.returncode == 3  # it really died at the answer, after the commit
    err = capsys.readouterr().err
    assert "no answer" in err and "kept and sent again" in err
    kept = list(state.glob("pending-*.json"))
    assert len(kept) == 1
    sent = msgspec.json.decode(kept[0].read_bytes())
    with _server(data, port, dying=False):
        assert _ballots(url) == (1, 0)  # it was committed
        # running again, even with other choices, resends the kept bytes: no revote
        assert oylama([*base, "--choices", "p2", "--patience", "10"]) == 0
        out = capsys.readouterr().out
        assert "resent the ballot kept" in out
        assert _ballots(url) == (1, 0)
        assert list(state.glob("pending-*.json")) == []
        entry = decode_entry(
            decode_record(httpx.get(f"{url}/api/v1/elections/{EID}/record").content).entries[-1]
        )
        assert sent["signature"] in entry.payload.decode()  # the same signed bytes
        # now the voter may vote anew: a real revote
        assert oylama([*base, "--choices", "p2", "--patience", "10"]) == 0
        assert "superseding entry" in capsys.readouterr().out
        assert _ballots(url) == (2, 1)


def test_resending_rides_out_a_restart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same run keeps resending (with growing pauses) until the service is back: the
    receipt is that of the ballot committed before the crash (200, nothing appended)."""
    data, state, port = tmp_path / "data", tmp_path / "state", _free_port()
    code = _open_election(data, tmp_path)
    url = f"http://127.0.0.1:{port}"
    restarted: list[Any] = []

    def restart_after_crash(dying: subprocess.Popen[bytes]) -> None:
        dying.wait(60)
        time.sleep(1.0)
        cm = _server(data, port, dying=False)
        cm.__enter__()
        restarted.append(cm)

    with _server(data, port, dying=True) as dying:
        helper = threading.Thread(target=restart_after_crash, args=(dying,))
        helper.start()
        argv = ["vote", "--server", url, "--election", EID, "--code", code]
        argv += ["--choices", "p1", "--state", str(state), "--patience", "60"]
        try:
            assert oylama(argv) == 0, capsys.readouterr().err
        finally:
            helper.join(90)
    try:
        assert restarted, "the service was not restarted"
        assert "cast (p1=1)" in capsys.readouterr().out
        assert _ballots(url) == (1, 0)
        assert list(state.glob("pending-*.json")) == []
    finally:
        for cm in restarted:
            cm.__exit__(None, None, None)


# -- the resending rule, with a scripted transport ---------------------------------------------


def _prepared() -> PreparedBallot:
    style = BallotStyle(id="park", kind="approval", projects=1)
    ballot = EncryptedBallot(
        election=bytes(32),
        style="park",
        ballot_id=b"x" * 16,
        selections=[],
        squares=[],
        proofs=[],
        count=None,
        total=None,
    )
    return PreparedBallot(style, ballot, None, b'{"ballot":1}', b"c" * 32, b"s" * 64)


def _voter(answers: list[int | None]) -> tuple[Voter, list[bytes], list[float]]:
    bodies: list[bytes] = []
    sleeps: list[float] = []
    now = [0.0]

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        status = answers.pop(0)
        if status is None:
            raise httpx.ConnectError("connection reset", request=request)
        if status in (200, 201):
            receipt = {
                "tracking_code": "T",
                "index": 5,
                "superseded": None,
                "checkpoint": "cp",
                "inclusion_proof": [],
            }
            return httpx.Response(status, json=receipt)
        return httpx.Response(status, json={"status": status, "title": "x", "detail": "d"})

    def sleep(s: float) -> None:
        sleeps.append(s)
        now[0] += s

    client = ServiceClient("http://service.test", transport=httpx.MockTransport(handler))
    code = credentials.new_code(lambda n: b"\x07" * n)
    voter = Voter(client, EID, code, patience=20.0, sleep=sleep, clock=lambda: now[0])
    return voter, bodies, sleeps


def test_transport_errors_5xx_and_408_are_resent_byte_for_byte() -> None:
    voter, bodies, sleeps = _voter([None, 500, 503, 408, 200])
    receipt = voter._send(_prepared())
    assert receipt.index == 5 and not receipt.created
    assert len(bodies) == 5 and len(set(bodies)) == 1  # the very same bytes every time
    assert sleeps == [0.5, 1.0, 2.0, 4.0]


def test_a_refusal_is_final_and_patience_runs_out() -> None:
    voter, bodies, sleeps = _voter([None, 422])
    with pytest.raises(ServiceError) as info:
        voter._send(_prepared())
    assert info.value.status == 422 and len(bodies) == 2
    voter, bodies, sleeps = _voter([None] * 20)
    with pytest.raises(UnreachableError, match="no answer to the cast for 20 s"):
        voter._send(_prepared())
    assert sum(sleeps) <= 20 and sleeps[:5] == [0.5, 1.0, 2.0, 4.0, 8.0]


def test_a_pending_ballot_is_private_and_tied_to_its_voter(tmp_path: Path) -> None:
    store = PendingStore(tmp_path / "s")
    pending = PendingBallot(
        server="http://x",
        election_id=EID,
        style="park",
        credential=b"c" * 32,
        signature=b"s" * 64,
        ballot=msgspec.Raw(b'{"a":1}'),
    )
    path = store.save(pending)
    assert path.stat().st_mode & 0o777 == 0o600
    assert store.load(EID, b"c" * 32, "park") == pending
    assert store.load(EID, b"d" * 32, "park") is None
    store.remove(EID, b"c" * 32, "park")
    assert store.load(EID, b"c" * 32, "park") is None
