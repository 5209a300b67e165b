"""``GET /api/v1/elections/{id}/definition``: the frozen ballot definition, public once the
ceremony started (service.md §3), through the real service (uvicorn on 127.0.0.1).

The web page reads the project descriptions from it (the manifest has none), so the test
checks that the JSON answered is the uploaded definition, descriptions included, and that a
draft's definition is not public.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from oylama import ballots
from oylama.election import identity_public_key
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service

API = "/api/v1"
#: A trustee's identity key (trustees §3.3) for the ceremonies started here.
KEY = base64.b64encode(identity_public_key(bytes(32))).decode()
EXAMPLE = Path(__file__).resolve().parents[1] / "ballots" / "izmir-karsiyaka-2026.toml"
STAFF_PASSWORD = "staff-password-123"


def _login(client: httpx.Client, username: str, password: str) -> dict[str, str]:
    r = client.post(f"{API}/session", json={"username": username, "password": password})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _problem(r: httpx.Response, status: int, needle: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status
    assert needle in body["detail"], body["detail"]


JSON = {"Content-Type": "application/json"}


@pytest.fixture
def service(sqlite_url: str) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    """The service on a fresh SQLite file: a client and a staff account's headers."""
    with (
        run_service(sqlite_url) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = _login(client, ADMIN, ADMIN_PASSWORD)
        r = client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        assert r.status_code == 201, r.text
        yield client, _login(client, "staff1", STAFF_PASSWORD)


def _descriptions(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        p["id"]: p["description"]
        for b in data["ballots"]
        for p in b["projects"]
        if p.get("description") is not None
    }


def test_definition_public_after_ceremony(service: tuple[httpx.Client, dict[str, str]]) -> None:
    client, staff = service
    text = EXAMPLE.read_text(encoding="utf-8")
    uploaded = ballots.loads(text)
    eid = uploaded.election.id
    url = f"{API}/elections/{eid}/definition"

    _problem(client.get(f"{API}/elections/nope/definition"), 404, "nope")
    r = client.post(f"{API}/elections", json={"definition": text}, headers=staff)
    assert r.status_code == 201, r.text
    # a draft's definition may still change: not public, not even to its staff
    _problem(client.get(url), 409, "draft")
    _problem(client.get(url, headers=staff), 409, "draft")

    r = client.post(
        f"{API}/elections/{eid}/ceremony",
        json={"trustees": 1, "threshold": 1, "trustee_keys": [KEY]},
        headers=staff,
    )
    assert r.status_code == 201, r.text

    r = client.get(url)  # public: no token
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    # the JSON form decodes (with every check) to exactly the definition uploaded
    assert ballots.from_json(r.content) == uploaded
    data = r.json()
    assert isinstance(data["ballots"][0]["budget"], str)  # money as decimal strings

    # descriptions are there, in Turkish, and English where the file has one
    described = _descriptions(data)
    expected = {p.id: p.description for b in uploaded.ballots for p in b.projects if p.description}
    assert expected, "the example definition has project descriptions"
    assert set(described) == set(expected)
    for pid, d in expected.items():
        assert described[pid]["tr"] == d.tr
        assert described[pid].get("en") == d.en
    assert "Bostanlı İskelesi" in r.content.decode("utf-8")

    # frozen: staff cannot replace it any more, and the answer stays the same
    r2 = client.put(f"{API}/elections/{eid}/definition", json={"definition": text}, headers=staff)
    assert r2.status_code == 409, r2.text
    assert client.get(url).content == r.content


def test_definition_in_openapi(service: tuple[httpx.Client, dict[str, str]]) -> None:
    client, _ = service
    r = client.get("/schema/openapi.json")
    assert r.status_code == 200, r.text
    paths = r.json()["paths"]
    op = paths["/api/v1/elections/{election_id}/definition"]
    assert "get" in op and "put" in op
    assert "200" in op["get"]["responses"]


def test_pages_name_their_charset_once(service: tuple[httpx.Client, dict[str, str]]) -> None:
    """The HTML shells' content type names utf-8 once (it was doubled)."""
    client, _ = service
    for path in ("/", "/elections/x", "/elections/x/verify", "/elections/x/results"):
        r = client.get(path)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "text/html; charset=utf-8", path
