"""A live malicious server for the red-team tests: a real HTTP server in front of the real
service that forwards every request, except those it answers itself with what the attacker
made up, and keeps every body clients post to it (what it would harvest).

The attacker here is a compromised server: it holds the board's signing key (read from the
service's own database) and can therefore sign checkpoints of any log it forges. What it does
not hold is anything pinned out of band: the trustees' identity keys, the credential
authority's list, a key the clients pinned earlier.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import msgspec
from nacl.signing import SigningKey
from sqlalchemy.orm import Session

from oylama.board import (
    GENESIS_PREV,
    Checkpoint,
    EntryKind,
    MemoryTree,
    decode_entry,
    encode_entry,
    leaf_hash,
    make_entry,
    sign_checkpoint,
    verifier_key,
)
from oylama.service.testing import serve_app
from oylama.store import Election, open_store

#: ``(status, content type, body)`` of an answer the attacker makes up.
Answer = tuple[int, str, bytes]
Handler = Callable[[str, dict[str, list[str]], bytes], Answer | None]


def board_signing_key(data_dir: Path, election_id: str) -> SigningKey:
    """What a compromised server holds: the election's checkpoint signing key."""
    engine = open_store(None, data_dir=data_dir)
    try:
        with Session(engine) as session:
            election = session.get(Election, election_id)
            assert election is not None
            return SigningKey(bytes(election.board_seed))
    finally:
        engine.dispose()


@dataclass
class ForgedLog:
    """A log the attacker serves instead of the real one: entries, and the checkpoint it signs
    with ``key`` under ``origin`` (``key`` the real board key, or one of its own)."""

    election_id: str
    origin: str
    key: SigningKey
    entries: list[bytes] = field(default_factory=list)
    view: bytes | None = None  # the election's view to serve (e.g. "closed" whatever it is)

    @classmethod
    def rebuilt(
        cls,
        election_id: str,
        origin: str,
        key: SigningKey,
        items: Sequence[tuple[EntryKind, bytes]],
        *,
        prefix: Sequence[bytes] = (),
        view: bytes | None = None,
    ) -> ForgedLog:
        """The real entries ``prefix`` kept byte for byte (what clients may have seen), then
        ``items`` (kind, payload) chained after them."""
        log = cls(election_id, origin, key, entries=list(prefix), view=view)
        prev = leaf_hash(prefix[-1]) if prefix else GENESIS_PREV
        time = decode_entry(prefix[-1]).timestamp if prefix else 1_780_000_000_000
        for kind, payload in items:
            i = len(log.entries)
            time += 1000
            data = encode_entry(
                make_entry(election_id, i, kind, prev_hash=prev, timestamp=time, payload=payload)
            )
            log.entries.append(data)
            prev = leaf_hash(data)
        return log

    @property
    def tree(self) -> MemoryTree:
        return MemoryTree([leaf_hash(e) for e in self.entries])

    def checkpoint(self) -> str:
        n = len(self.entries)
        return sign_checkpoint(Checkpoint(self.origin, n, self.tree.root(n)), self.origin, self.key)

    def board_key(self) -> bytes:
        body = {
            "origin": self.origin,
            "key_name": self.origin,
            "ed25519_public_key": base64.b64encode(bytes(self.key.verify_key)).decode(),
        }
        return msgspec.json.encode(body)

    def verifier_key(self) -> str:
        return verifier_key(self.origin, self.key.verify_key)

    def handler(self) -> Handler:
        """Answers the board endpoints (and the view's size) from this log."""
        base = f"/api/v1/elections/{self.election_id}"

        def answer(path: str, query: dict[str, list[str]], _body: bytes) -> Answer | None:
            if path == base and self.view is not None:
                return 200, "application/json", self.view
            if path == f"{base}/board/checkpoint":
                return 200, "text/plain; charset=utf-8", self.checkpoint().encode()
            if path == f"{base}/board/key":
                return 200, "application/json", self.board_key()
            if path == f"{base}/board/entries":
                start, end = int(query["start"][0]), int(query["end"][0])
                page = [
                    {"index": i, "data": base64.b64encode(self.entries[i]).decode()}
                    for i in range(start, min(end, len(self.entries)))
                ]
                return 200, "application/json", msgspec.json.encode({"entries": page})
            if path == f"{base}/board/proof/consistency":
                old, new = int(query["old"][0]), int(query["new"][0])
                hashes = [
                    base64.b64encode(h).decode() for h in self.tree.consistency_proof(old, new)
                ]
                body = {"old": old, "new": new, "hashes": hashes}
                return 200, "application/json", msgspec.json.encode(body)
            return None

        return answer


def real_items(entries: Sequence[bytes]) -> list[tuple[EntryKind, bytes]]:
    """(kind, payload) of real entries, to build forged logs from."""
    return [(e.kind, e.payload) for e in (decode_entry(d) for d in entries)]


class MaliciousServer:
    """ASGI app: ``handlers`` answer first (the first that returns an answer wins), anything
    else goes to ``upstream``; ``POST`` bodies to paths in ``swallow`` are kept and answered
    ``201`` without reaching upstream (the attacker keeps partial decryptions to itself)."""

    def __init__(
        self, upstream: str, handlers: Sequence[Handler], *, swallow: Sequence[str] = ()
    ) -> None:
        self.upstream = upstream
        self.handlers = list(handlers)
        self.swallow = tuple(swallow)
        self.posts: list[tuple[str, bytes]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        method, path = scope["method"], scope["path"]
        query = parse_qs(scope["query_string"].decode())
        if method == "POST":
            self.posts.append((path, body))
        answer: Answer | None = None
        if method == "POST" and path.endswith(self.swallow) and self.swallow:
            answer = (201, "application/json", b"{}")
        for handler in self.handlers:
            if answer is None and method == "GET":
                answer = handler(path, query, body)
        if answer is None:
            headers = {
                k.decode(): v.decode()
                for k, v in scope["headers"]
                if k.lower() not in (b"host", b"content-length")
            }
            async with httpx.AsyncClient(base_url=self.upstream, timeout=60) as client:
                url = path + (
                    ("?" + scope["query_string"].decode()) if scope["query_string"] else ""
                )
                r = await client.request(method, url, content=body, headers=headers)
            answer = (r.status_code, r.headers.get("content-type", "application/json"), r.content)
        status, content_type, data = answer
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", content_type.encode())],
            }
        )
        await send({"type": "http.response.body", "body": data})

    def posted(self, suffix: str) -> list[bytes]:
        return [b for p, b in self.posts if p.endswith(suffix)]


@contextmanager
def malicious(
    upstream: str, handlers: Sequence[Handler], *, swallow: Sequence[str] = ()
) -> Iterator[tuple[str, MaliciousServer]]:
    """Serve a :class:`MaliciousServer`; yield its URL and the app (to read what it kept)."""
    app = MaliciousServer(upstream, handlers, swallow=swallow)
    with serve_app(app) as url:
        yield url, app
