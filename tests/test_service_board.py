"""The board's HTTP surface, served by a real uvicorn on 127.0.0.1, read like an observer's tool.

Each test starts the app on a free port in a background thread, over SQLite and over the real
PostgreSQL of ``tests/conftest.py`` (``store_engine``), fills a log with ``oylama.store``
(``append_many`` + ``issue_checkpoint``), and fetches everything over HTTP with httpx. The
responses are then verified with nothing but the core verifiers and the key the service
publishes (``docs/spec/board.md`` §8): the checkpoint's signature, every entry's leaf hash
against the signed root, inclusion proofs for every index at several sizes, and consistency
proofs between every pair of sizes.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from nacl.signing import SigningKey
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from oylama.board import (
    Checkpoint,
    CheckpointSigner,
    EntryKind,
    MemoryTree,
    ProofError,
    decode_entry,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
    verify_log,
)
from oylama.errors import InputError
from oylama.service import (
    MAX_PAGE,
    PROBLEM_JSON,
    BoardDirectory,
    BoardIdentity,
    ElectionBoard,
    ElectionListing,
    StaticDirectory,
    create_app,
)
from oylama.store import append_many, issue_checkpoint, open_store

ELECTION = "izmir-2026"
EMPTY = "ankara-2026"  # configured, but no entry appended yet
ORIGIN = "board.example/izmir-2026"
KEY = SigningKey(bytes(range(1, 33)))
OTHER_KEY = SigningKey(bytes(range(2, 34)))
API = "/api/v1"
BOARD = f"{API}/elections/{ELECTION}/board"


def _directory() -> StaticDirectory:
    return StaticDirectory(
        {
            ELECTION: ElectionBoard(
                "İzmir participatory budget 2026",
                "open",
                BoardIdentity(ORIGIN, ORIGIN, bytes(KEY.verify_key)),
            ),
            EMPTY: ElectionBoard(
                "Ankara 2026",
                "draft",
                BoardIdentity(
                    "board.example/ankara-2026",
                    "board.example/ankara-2026",
                    bytes(OTHER_KEY.verify_key),
                ),
            ),
        }
    )


@dataclass
class Server:
    """A running service: its base URL and the engine its log lives in."""

    url: str
    engine: Engine

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10.0)


def _serve(engine: Engine, directory: BoardDirectory) -> Iterator[str]:
    """Run the app under uvicorn on a free port of 127.0.0.1 until the generator is closed."""
    app = create_app(engine, directory=directory)
    # Port 0: the kernel picks a free port, read back once listening. (Handing uvicorn a socket
    # bound here instead made every response take about 40 ms: delayed ACKs.)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        access_log=False,
        lifespan="on",
        proxy_headers=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def server(store_engine: Engine) -> Iterator[Server]:
    for url in _serve(store_engine, _directory()):
        yield Server(url, store_engine)


def _payload(i: int) -> bytes:
    return hashlib.sha256(b"ballot %d" % i).digest() * (1 + i % 3)


def _grow(engine: Engine, start: int, end: int) -> None:
    """Append entries ``start..end-1`` and sign a checkpoint of the new head."""
    with Session(engine) as session, session.begin():
        batch = [(EntryKind.BALLOT, _payload(i)) for i in range(start, end)]
        append_many(session, ELECTION, batch, now=1_767_229_200_000 + end)
        issue_checkpoint(session, ELECTION, CheckpointSigner(ORIGIN, KEY), now=end)


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _json(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def _trusted_key(client: httpx.Client) -> tuple[str, str, bytes]:
    body = _json(client.get(f"{BOARD}/key"))
    assert set(body) == {"origin", "key_name", "ed25519_public_key"}
    return body["origin"], body["key_name"], _b64(body["ed25519_public_key"])


def _checkpoint(client: httpx.Client, key: tuple[str, str, bytes]) -> Checkpoint:
    response = client.get(f"{BOARD}/checkpoint")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    origin, key_name, public_key = key
    return verify_checkpoint(response.text, key_name, public_key, origin=origin)


def _entries(client: httpx.Client, start: int, end: int) -> list[bytes]:
    body = _json(client.get(f"{BOARD}/entries", params={"start": start, "end": end}))
    assert set(body) == {"entries"}
    assert [set(e) for e in body["entries"]] == [{"index", "data"}] * (end - start)
    assert [e["index"] for e in body["entries"]] == list(range(start, end))
    return [_b64(e["data"]) for e in body["entries"]]


def _inclusion(client: httpx.Client, index: int, size: int) -> list[bytes]:
    params = {"index": index, "size": size}
    body = _json(client.get(f"{BOARD}/proof/inclusion", params=params))
    assert set(body) == {"index", "size", "hashes"}
    assert (body["index"], body["size"]) == (index, size)
    return [_b64(h) for h in body["hashes"]]


def _consistency(client: httpx.Client, old: int, new: int) -> list[bytes]:
    body = _json(client.get(f"{BOARD}/proof/consistency", params={"old": old, "new": new}))
    assert set(body) == {"old", "new", "hashes"}
    assert (body["old"], body["new"]) == (old, new)
    return [_b64(h) for h in body["hashes"]]


def _leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def test_observer_verifies_checkpoints_entries_and_proofs(server: Server) -> None:
    sizes = (1, 6, 8, 13)
    with server.client() as client:
        elections = _json(client.get(f"{API}/elections"))
        assert elections == [
            {"id": ELECTION, "title": "İzmir participatory budget 2026", "status": "open"},
            {"id": EMPTY, "title": "Ankara 2026", "status": "draft"},
        ]
        key = _trusted_key(client)
        assert key == (ORIGIN, ORIGIN, bytes(KEY.verify_key))

        # The log grows while the observer watches; it keeps every checkpoint it saw.
        seen: list[Checkpoint] = []
        previous = 0
        for size in sizes:
            _grow(server.engine, previous, size)
            previous = size
            cp = _checkpoint(client, key)
            assert (cp.origin, cp.size) == (ORIGIN, size)
            if seen:  # the board only grew: consistency from the last checkpoint seen
                proof = _consistency(client, seen[-1].size, cp.size)
                verify_consistency(seen[-1].size, cp.size, seen[-1].root_hash, cp.root_hash, proof)
            seen.append(cp)

        # All entries, in two pages: the chain and the Merkle root match the latest checkpoint.
        latest = seen[-1]
        data = _entries(client, 0, 5) + _entries(client, 5, latest.size)
        verify_log(data, election_id=ELECTION, size=latest.size, root=latest.root_hash)
        assert [decode_entry(d).payload for d in data] == [_payload(i) for i in range(13)]
        leaves = [_leaf(d) for d in data]
        tree = MemoryTree(leaves)
        for cp in seen:
            assert tree.root(cp.size) == cp.root_hash

        # Every index at every checkpointed size; every pair of sizes.
        for cp in seen:
            for index in range(cp.size):
                proof = _inclusion(client, index, cp.size)
                verify_inclusion(leaves[index], index, cp.size, proof, cp.root_hash)
                with pytest.raises(ProofError):  # the proof is about this leaf only
                    other = leaves[(index + 1) % cp.size] if cp.size > 1 else bytes(32)
                    verify_inclusion(other, index, cp.size, proof, cp.root_hash)
        for old in seen:
            for new in seen:
                if old.size <= new.size:
                    proof = _consistency(client, old.size, new.size)
                    verify_consistency(old.size, new.size, old.root_hash, new.root_hash, proof)

        # Sizes between checkpoints, against roots the observer computes from the entries.
        for size in range(1, latest.size + 1):
            for index in range(size):
                proof = _inclusion(client, index, size)
                verify_inclusion(leaves[index], index, size, proof, tree.root(size))
            for m in range(1, size + 1):
                proof = _consistency(client, m, size)
                verify_consistency(m, size, tree.root(m), tree.root(size), proof)

        # Empty ranges are fine, including at the end and in an election without a log.
        assert _json(client.get(f"{BOARD}/entries", params={"start": 13, "end": 13})) == {
            "entries": []
        }
        empty = f"{API}/elections/{EMPTY}/board/entries"
        assert _json(client.get(empty, params={"start": 0, "end": 0})) == {"entries": []}


def _assert_problem(response: httpx.Response, status: int, *needles: str) -> dict[str, Any]:
    assert response.status_code == status, (response.request.url, response.text)
    assert response.headers["content-type"] == PROBLEM_JSON, response.request.url
    body: dict[str, Any] = response.json()
    assert set(body) == {"type", "title", "status", "detail"}, body
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    for needle in needles:
        assert needle in body["detail"], (response.request.url, body)
    return body


#: (path under the board, query, words the detail must contain); the log has 13 entries.
BAD_ARGUMENTS: Sequence[tuple[str, Any, tuple[str, ...]]] = [
    ("entries", {"start": "5", "end": "4"}, ("start 5", "end 4")),
    ("entries", {"start": "0", "end": "14"}, ("end 14", "size 13")),
    ("entries", {"start": "13", "end": "14"}, ("end 14",)),
    ("entries", {"start": "-1", "end": "3"}, ("start", "negative")),
    ("entries", {"start": "0", "end": "-3"}, ("end", "negative")),
    ("entries", {"start": "a", "end": "3"}, ("start", "integer")),
    ("entries", {"start": "1.0", "end": "3"}, ("start", "integer")),
    ("entries", {"start": "", "end": "3"}, ("start",)),
    ("entries", {"start": "0", "end": "0x10"}, ("end", "integer")),
    ("entries", {"start": "0", "end": "99999999999999999999999"}, ("end", "2**63-1")),
    ("entries", {"start": "0"}, ("end",)),
    ("entries", {"start": "\uff11", "end": "3"}, ("start", "integer")),
    ("entries", [("start", "0"), ("start", "1"), ("end", "2")], ("start", "more than once")),
    ("entries", {"start": "0", "end": str(MAX_PAGE + 1)}, (f"at most {MAX_PAGE}",)),
    ("proof/inclusion", {"index": "13", "size": "13"}, ("index 13", "size 13")),
    ("proof/inclusion", {"index": "0", "size": "0"}, ("index 0", "size 0")),
    ("proof/inclusion", {"index": "3", "size": "14"}, ("size 14", "log size 13")),
    ("proof/inclusion", {"index": "-1", "size": "5"}, ("index", "negative")),
    ("proof/inclusion", {"index": "1", "size": "five"}, ("size", "integer")),
    ("proof/inclusion", {"size": "5"}, ("index",)),
    ("proof/inclusion", [("index", "1"), ("size", "5"), ("size", "6")], ("size", "once")),
    ("proof/consistency", {"old": "0", "new": "5"}, ("old", "at least 1")),
    ("proof/consistency", {"old": "0", "new": "0"}, ("old", "at least 1")),
    ("proof/consistency", {"old": "6", "new": "5"}, ("old 6", "new 5")),
    ("proof/consistency", {"old": "5", "new": "14"}, ("new 14", "log size 13")),
    ("proof/consistency", {"old": "-2", "new": "5"}, ("old", "negative")),
    ("proof/consistency", {"old": "2", "new": "5 "}, ("new", "integer")),
    ("proof/consistency", {"old": "2"}, ("new",)),
    ("proof/consistency", [("old", "2"), ("old", "2"), ("new", "5")], ("old", "once")),
]


def test_bad_arguments_are_400_problems(server: Server) -> None:
    _grow(server.engine, 0, 13)
    with server.client() as client:
        for path, params, needles in BAD_ARGUMENTS:
            _assert_problem(client.get(f"{BOARD}/{path}", params=params), 400, *needles)
        # The same arguments in range succeed (the 400s are about the values, not the routes).
        assert len(_entries(client, 12, 13)) == 1
        assert _inclusion(client, 12, 13)
        assert _consistency(client, 13, 13) == []


def test_unknown_elections_routes_and_missing_checkpoints_are_404_problems(
    server: Server,
) -> None:
    with server.client() as client:
        # No checkpoint yet, for a log that does not exist yet and for one without checkpoint.
        _assert_problem(client.get(f"{BOARD}/checkpoint"), 404, "no checkpoint")
        _assert_problem(
            client.get(f"{API}/elections/{EMPTY}/board/checkpoint"), 404, "no checkpoint"
        )
        with Session(server.engine) as session, session.begin():
            append_many(session, ELECTION, [(EntryKind.OPENED, b"")], now=1)
        _assert_problem(client.get(f"{BOARD}/checkpoint"), 404, "no checkpoint")
        _grow(server.engine, 1, 2)
        assert _checkpoint(client, _trusted_key(client)).size == 2

        # An election the directory does not know, even if the store had a log for it.
        with Session(server.engine) as session, session.begin():
            append_many(session, "unlisted", [(EntryKind.OPENED, b"")], now=1)
        for election in ("unlisted", "nope"):
            board = f"{API}/elections/{election}/board"
            for path, params in [
                ("checkpoint", {}),
                ("key", {}),
                ("entries", {"start": "0", "end": "1"}),
                ("proof/inclusion", {"index": "0", "size": "1"}),
                ("proof/consistency", {"old": "1", "new": "1"}),
            ]:
                response = client.get(f"{board}/{path}", params=params)
                _assert_problem(response, 404, election)
        _assert_problem(client.get(f"{API}/nothing-here"), 404)
        _assert_problem(client.get(f"{BOARD}/proof/unknown"), 404)


def test_methods_bodies_health_and_schema(server: Server) -> None:
    with server.client() as client:
        for method in ("PUT", "DELETE", "PATCH"):
            response = client.request(method, f"{API}/elections")
            _assert_problem(response, 405)
            assert {"GET", "POST"} <= set(response.headers["allow"].replace(" ", "").split(","))
        # POST creates an election (docs/spec/service.md): it needs a staff session.
        json = {"Content-Type": "application/json"}
        _assert_problem(client.post(f"{API}/elections", content=b"{}", headers=json), 401)
        # ... and before anything else, a JSON body (415 for any other media type)
        _assert_problem(client.post(f"{API}/elections", content=b"{}"), 415)
        _assert_problem(client.post(f"{BOARD}/entries", content=b"{}", headers=json), 405)
        _assert_problem(client.request("GET", f"{API}/elections", content=b"x" * 70_000), 413)
        # A small body is tolerated (and ignored) by a GET.
        assert _json(client.request("GET", f"{API}/elections", content=b"x" * 10))

        assert _json(client.get(f"{API}/health")) == {"status": "ok"}

        response = client.get("/schema/openapi.json")
        assert response.status_code == 200
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        assert set(schema["paths"]) >= {
            f"{API}/elections",
            f"{API}/health",
            f"{API}/elections/{{election_id}}/board/checkpoint",
            f"{API}/elections/{{election_id}}/board/key",
            f"{API}/elections/{{election_id}}/board/entries",
            f"{API}/elections/{{election_id}}/board/proof/inclusion",
            f"{API}/elections/{{election_id}}/board/proof/consistency",
        }
        assert client.get("/schema").status_code == 200


class _FailingDirectory:
    """A directory whose backend fails with a message that must never reach the client."""

    SECRET = "password=hunter2 at /srv/oylama/db"

    def elections(self) -> Sequence[ElectionListing]:
        raise RuntimeError(self.SECRET)

    def board(self, election_id: str) -> BoardIdentity | None:
        raise RuntimeError(self.SECRET)


def test_internal_errors_are_500_problems_without_internals(
    store_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="oylama.service"):
        for url in _serve(store_engine, _FailingDirectory()):
            with httpx.Client(base_url=url, timeout=10.0) as client:
                for path in (f"{API}/elections", f"{BOARD}/key", f"{BOARD}/checkpoint"):
                    response = client.get(path)
                    body = _assert_problem(response, 500)
                    assert "hunter2" not in response.text and "RuntimeError" not in response.text
                    assert body["title"] == "Internal Server Error"
                # Health does not depend on the directory.
                assert _json(client.get(f"{API}/health")) == {"status": "ok"}
    assert any(_FailingDirectory.SECRET in r.getMessage() or r.exc_info for r in caplog.records)


def test_health_reports_an_unmigrated_database_as_503(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)  # tables never created
    try:
        for url in _serve(engine, _directory()):
            with httpx.Client(base_url=url, timeout=10.0) as client:
                response = client.get(f"{API}/health")
                _assert_problem(response, 503, "database")
                assert "board_logs" not in response.text
    finally:
        engine.dispose()


def test_board_identity_is_checked() -> None:
    with pytest.raises(InputError):
        BoardIdentity(ORIGIN, ORIGIN, bytes(31))
    with pytest.raises(InputError):
        BoardIdentity("has space", ORIGIN, bytes(KEY.verify_key))
    with pytest.raises(InputError):
        BoardIdentity(ORIGIN, "a+b", bytes(KEY.verify_key))
