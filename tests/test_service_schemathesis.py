"""Requests generated from the service's own OpenAPI document never get a server error.

schemathesis reads ``/schema/openapi.json`` from the real service (uvicorn on 127.0.0.1, an
election in its ceremony, a staff session) and sends generated requests (valid and invalid
bodies, paths and query arguments) to every operation. The only check is the one the API
promises for any input: no 5xx. (Other statuses are specified in docs/spec/service.md, not in
the OpenAPI document, so conformance to it is not asked.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import API, JSON, STAFF_PASSWORD, Clock, DetRng, Driver, login


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    data: Path = tmp_path_factory.mktemp("schemathesis")
    with (
        run_service(data_dir=data, clock=Clock(), rng=DetRng(21)) as url,
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
        yield url, d.staff


def test_no_generated_request_makes_a_server_error(served: tuple[str, dict[str, str]]) -> None:
    url, staff = served
    api = schemathesis.openapi.from_url(f"{url}/schema/openapi.json")
    operations = []
    for result in api.get_all_operations():
        assert isinstance(result, Ok), result  # every operation of the document is valid
        operations.append(result.ok())
    assert len(operations) > 30
    calls = 0
    for operation in operations:

        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case[Any]) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(base_url=url, headers=staff, checks=[not_a_server_error])

        run()
    assert calls >= 3 * len(operations)
