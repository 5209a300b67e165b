"""No bad input makes the service fail: random bodies and paths never get a 500.

Hypothesis draws JSON-ish bodies (valid JSON of any shape, members of the right names with
values of the wrong types, raw bytes) and sends them with every role's token to every
endpoint that takes a body, on a real server with an election in its ceremony. Every answer
must be a problem+json of a 4xx status or a success, never a 5xx. The pure helper (tracking
code parsing) gets a property of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oylama.crypto import format_tracking_code
from oylama.service._casting import parse_tracking_code
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import API, EID, JSON, STAFF_PASSWORD, Clock, DetRng, Driver, login

E = f"{API}/elections/{EID}"

BODY_ROUTES = [
    ("POST", f"{API}/session"),
    ("POST", f"{API}/accounts"),
    ("POST", f"{API}/elections"),
    ("PUT", f"{E}/definition"),
    ("PUT", f"{E}/credentials"),
    ("POST", f"{E}/staff"),
    ("POST", f"{E}/ceremony"),
    ("POST", f"{E}/ceremony/records"),
    ("POST", f"{E}/ceremony/shares"),
    ("POST", f"{E}/ceremony/commitment"),
    ("POST", f"{E}/tally/partials"),
    ("POST", f"{E}/ballots"),
]

NAMES = [
    "username", "password", "role", "definition", "list", "trustees", "threshold", "index",
    "joint_key", "shares", "partials", "style", "decryption", "credential", "signature",
    "ballot", "commitments", "proofs", "box_public", "sender", "recipient", "box",
    "trustee_keys", "record",
]  # fmt: skip

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["AAAA", "AA==", "", "d1", "k", "staff", EID]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=12,
)

bodies = (
    json_values.map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=200)
    | st.dictionaries(st.sampled_from(NAMES), json_values, max_size=6).map(
        lambda v: json.dumps(v).encode()
    )
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[dict[str, str]]]]:
    data = tmp_path_factory.mktemp("fuzz")
    with (
        run_service(data_dir=data, clock=Clock(), rng=DetRng(11)) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": STAFF_PASSWORD, "role": "staff"},
            headers=admin,
        )
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        d.create()
        d.credentials(["d1", "d2"])
        d.start_ceremony(2, 2)
        yield url, [{}, admin, d.staff, d.trustees[0].auth]


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(route=st.sampled_from(BODY_ROUTES), body=bodies, who=st.integers(0, 3))
def test_no_body_makes_a_500(
    server: tuple[str, list[dict[str, str]]], route: tuple[str, str], body: bytes, who: int
) -> None:
    url, headers = server
    method, path = route
    with httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client:
        r = client.request(method, path, content=body, headers=headers[who])
    assert r.status_code < 500, (method, path, body, r.text)
    if r.status_code >= 400:
        assert r.headers["content-type"].startswith("application/problem+json")
        problem: dict[str, Any] = r.json()
        assert problem["status"] == r.status_code


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tail=st.text(min_size=1, max_size=60))
def test_no_path_makes_a_500(server: tuple[str, list[dict[str, str]]], tail: str) -> None:
    url, _ = server
    tail = quote(tail, safe="")
    with httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client:
        for path in (
            f"{API}/elections/{tail}",
            f"{E}/ballots/{tail}",
            f"{API}/elections/{tail}/record",
        ):
            r = client.get(path)
            assert r.status_code < 500, (path, r.text)


@given(st.binary(min_size=32, max_size=32), st.sampled_from([str.lower, str.upper]), st.booleans())
def test_tracking_codes_parse_in_any_case_with_or_without_dashes(
    code: bytes, case: Any, dashes: bool
) -> None:
    text = format_tracking_code(code)
    shown = case(text if dashes else text.replace("-", ""))
    assert parse_tracking_code(shown) == code


@given(st.text(max_size=80))
def test_tracking_code_parsing_never_raises(text: str) -> None:
    code = parse_tracking_code(text)
    assert code is None or (
        len(code) == 32 and parse_tracking_code(format_tracking_code(code)) == code
    )
