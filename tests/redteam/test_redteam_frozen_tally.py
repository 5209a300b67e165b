"""Attack (issue #13): a definition that ``oylama ballot validate`` accepts, but whose election
can never finish -- a cumulative ballot with ``points = 1,000,000`` and about 10,000 voters
(``POST /tally`` answered 500 for good: its discrete logs were beyond 10^10), or a 46-project
``max-welfare`` ballot with large costs (``POST /publish`` answered 422 on every try). The
election stays ``closed`` or ``tallied`` forever.

Carried out for real through the service: the definitions are uploaded, the credential lists
with the voters that break them, and elections at the very limits are run to ``published``
(and audited).

What stops it: what is accepted can always finish. ``points <= 10^10``; a credential list
whose tally could not be decrypted is refused at upload (voters × points over 10^10, service
§6.3); the tally searches a style's discrete logs together within their total; max-welfare is
accepted only where its exact DP is bounded, and that DP answers when the other engines give
up (docs/ballots.md §4, docs/rules/max-welfare.md).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceremony_helpers import start
from oylama import ballots, credentials
from oylama.client import ServiceClient, ServiceError, Voter
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_cli.main import main as oylama

STAFF_PASSWORD = "staff-password-123"


def _cumulative(eid: str, points: int) -> str:
    return f"""\
[election]
id = "{eid}"
title.tr = "Puan"
city = "İzmir"
currency = "TRY"
min_tally_ballots = 1

[[ballots]]
id = "puan"
title.tr = "Puan"
district = "city-wide"
kind = "cumulative"
points = {points}
budget = 100
rule = "greedy"
tie_break = "file-order"

[[ballots.projects]]
id = "p1"
name.tr = "Bir"
cost = 60

[[ballots.projects]]
id = "p2"
name.tr = "İki"
cost = 70
"""


def _welfare(eid: str, costs: list[int], budget: int) -> str:
    projects = "".join(
        f'[[ballots.projects]]\nid = "p{j}"\nname.tr = "P{j}"\ncost = {c}\n\n'
        for j, c in enumerate(costs)
    )
    return f"""\
[election]
id = "{eid}"
title.tr = "Refah"
city = "İzmir"
currency = "TRY"
min_tally_ballots = 1

[[ballots]]
id = "refah"
title.tr = "Refah"
district = "city-wide"
kind = "approval"
budget = {budget}
rule = "max-welfare"
utility = "cost"
tie_break = "file-order"

{projects}"""


@pytest.fixture
def staff(tmp_path: Path) -> Iterator[tuple[str, ServiceClient]]:
    with run_service(data_dir=tmp_path / "data") as url:
        admin = ServiceClient(url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_account("staff", STAFF_PASSWORD, "staff")
        client = ServiceClient(url, timeout=300)
        client.login("staff", STAFF_PASSWORD)
        yield url, client


def _voters(eid: str, n: int) -> tuple[list[credentials.SecretCredential], bytes]:
    roll = [
        credentials.RollEntry(voter_id=f"v{k}", district="city-wide", line=k + 2) for k in range(n)
    ]
    secret, public = credentials.generate(roll, election_id=eid)
    return secret, credentials.dump_public_list(public)


def _run(
    url: str,
    staff: ServiceClient,
    eid: str,
    *,
    secret: list[credentials.SecretCredential],
    choose: list[list[int]],
    tmp: Path,
) -> None:
    """Ceremony (1 of 1), the given votes, close, decrypt, tally, publish, audit."""
    fingerprint = staff.election(eid).credentials
    [trustee], _ = start(
        staff, url, eid, tmp / eid, trustees=1, threshold=1, fingerprint=fingerprint
    )
    while trustee.step() != "waiting for the election to close":
        pass
    staff.open(eid)
    client = ServiceClient(url, timeout=300)
    for code, choices in zip(secret, choose, strict=False):
        voter = Voter(client, eid, code.code)
        voter.cast(voter.ballots()[0].id, choices)
    staff.close_election(eid)
    assert trustee.step() == "partial decryptions posted"
    staff.tally(eid)
    assert staff.publish(eid).status == "published"
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(staff.record(eid), workers=1)
    assert report.passed, report.failed_ids()


def test_cumulative_points_times_voters(staff: tuple[str, ServiceClient], tmp_path: Path) -> None:
    url, client = staff
    # 1,000,000 points: 10,001 voters could not be decrypted -- refused at upload, naming why
    client.create_election(_cumulative("puan-2026", 10**6))
    _, too_many = _voters("puan-2026", 10_001)
    with pytest.raises(ServiceError) as info:
        client.upload_credentials("puan-2026", too_many)
    assert info.value.status == 422
    assert "10,001 voters × 1,000,000 points" in info.value.detail
    assert "10,000,000,000" in info.value.detail
    # 10,000 voters are accepted (10^10 exactly)
    _, enough = _voters("puan-2026", 10_000)
    assert client.upload_credentials("puan-2026", enough).voters == 10_000
    # what no voter count could decrypt is refused by the validator itself
    path = tmp_path / "huge.toml"
    path.write_text(_cumulative("huge-2026", 2**62 // 2))
    assert oylama(["ballot", "validate", str(path)]) == 2
    with pytest.raises(ServiceError) as info:
        client.create_election(_cumulative("huge-2026", 2**62 // 2))
    assert info.value.status == 422 and "points must be 1 to 10,000,000,000" in info.value.detail
    # at the very limit: 2 voters × 5·10^9 points, every point on one project -- the sum is
    # 10^10 -- closes, tallies (the discrete log of 10^10) and publishes
    client.create_election(_cumulative("limit-2026", 5 * 10**9))
    secret, public = _voters("limit-2026", 2)
    client.upload_credentials("limit-2026", public)
    votes = [[5 * 10**9, 0], [5 * 10**9, 0]]
    _run(url, client, "limit-2026", secret=secret, choose=votes, tmp=tmp_path)
    [result] = client.result("limit-2026")
    assert result.scores == [10**10, 0]


def test_max_welfare_with_large_costs(staff: tuple[str, ServiceClient], tmp_path: Path) -> None:
    url, client = staff
    rng = random.Random(46)
    # 46 projects with costs near 2^62 / 46 (to the lira), utility cost: once accepted, and
    # then no engine could publish it; now refused with the reason and the remedy
    large = [rng.randrange(10**16, 10**17) for _ in range(46)]
    text = _welfare("refah-2026", large, sum(large) // 2)
    with pytest.raises(ballots.DefinitionError, match="max-welfare cannot be guaranteed"):
        ballots.loads(text)
    with pytest.raises(ServiceError) as info:
        client.create_election(text)
    assert info.value.status == 422 and "coarser unit" in info.value.detail
    # the same ballot at a coarser unit (whole millions) is accepted, publishes, and the
    # auditor re-derives the allocation
    coarse = [rng.randrange(100, 1000) * 10**6 for _ in range(46)]
    client.create_election(_welfare("refah-2026", coarse, sum(coarse) // 2))
    secret, public = _voters("refah-2026", 3)
    client.upload_credentials("refah-2026", public)
    picks = [[int(rng.random() < 0.5) for _ in range(46)] for _ in range(3)]
    _run(url, client, "refah-2026", secret=secret, choose=picks, tmp=tmp_path)
    [result] = client.result("refah-2026")
    assert result.rule == "max-welfare" and result.selected


def test_the_validator_names_the_limit_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mw.toml"
    path.write_text(_welfare("cli-2026", [10**16 + k for k in range(46)], 10**17))
    assert oylama(["ballot", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and "ballots[0].rule" in err and "greedy" in err
