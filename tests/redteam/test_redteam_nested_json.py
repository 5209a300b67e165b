"""Attack (issue #13): JSON nested 1,000 deep in a cast's ``ballot`` answered 500 with a full
traceback logged (and TOML nested deep in a definition likewise) -- a cheap way to fill the
operator's logs and to find the decoders that crash.

Carried out for real: the deep documents are sent to the service, given to ``oylama ballot
validate``, served by a hostile server to the reference client, and put in a record for
``oylama-audit verify``.

What stops it: every decoder of untrusted JSON or TOML refuses what is nested too deeply as
bad input (400 / 422 / exit 2 / a failed check), never a crash (service.md, "JSON nested too
deeply to decode is 400").
"""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest

from oylama.client import ServiceClient, ServiceError
from oylama.crypto import EncodingError, EncryptedBallot, from_json
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_audit.cli import main as audit
from oylama_cli.main import main as oylama
from test_service_election import (
    API,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    login,
    open_election,
    problem,
)

DEEP_JSON = b"[" * 1000 + b"]" * 1000
DEEP_TOML = "[election]\nid = " + "[" * 5000 + "]" * 5000 + "\n"


def test_deep_json_and_toml_are_bad_input_never_a_crash(
    sqlite_url: str, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.ERROR, logger="oylama.service")
    with (
        run_service(sqlite_url, clock=Clock(), rng=DetRng(51)) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1"])
        body = b'{"credential":"AAAA","signature":"AAAA","ballot":' + DEEP_JSON + b"}"
        problem(d.cast(body), 400, "nested too deeply")
        r = client.post(f"{API}/elections", json={"definition": DEEP_TOML}, headers=d.staff)
        problem(r, 422, "nested too deeply")
        assert client.get(f"{API}/health").status_code == 200  # the service is fine
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []  # no traceback

    # the command line
    path = tmp_path / "deep.toml"
    path.write_text(DEEP_TOML)
    assert oylama(["ballot", "validate", str(path)]) == 2

    # the crypto decoder, the reference client facing a hostile server, the auditor: typed
    # decoders refuse the wrong shape before recursing, and say so as bad input
    with pytest.raises(EncodingError):
        from_json(DEEP_JSON, EncryptedBallot)
    hostile = ServiceClient(
        "http://hostile.test",
        transport=httpx.MockTransport(lambda req: httpx.Response(200, content=DEEP_JSON)),
    )
    with pytest.raises(ServiceError, match="unexpected answer"):
        hostile.elections()
    record = tmp_path / "record.json"
    record.write_bytes(b'{"format":' + DEEP_JSON + b"}\n")
    assert audit(["verify", str(record), "--workers", "1"]) == 2  # unreadable, not a crash
