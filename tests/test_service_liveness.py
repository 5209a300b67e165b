"""Every definition ``oylama ballot validate`` accepts can be closed, tallied and published
(issue #13 item 5), generated at the validator's limits and run through the real service:
cumulative points at what the tally decrypts for the voters (``voters × points = 10^10``, every
point on one project), quadratic votes at the largest ``max_votes``, max-welfare budgets at the
definitions' limit (an exact search's Pareto states at one million) with costs that share only
that unit, every kind and rule, one to three voters; each election is audited (the
auditor re-derives every allocation).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceremony_helpers import start
from oylama import ballots, credentials
from oylama.client import ServiceClient, Voter
from oylama.crypto import MAX_BOUND, MAX_VOTES_SIGNED, MAX_VOTES_UNSIGNED, BallotStyle
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama.tally import MAX_WELFARE_STATES, welfare_states

STAFF_PASSWORD = "staff-password-123"
_ids = itertools.count()


@dataclass(frozen=True)
class Case:
    """One generated election: its definition text and each voter's choices."""

    definition: str
    votes: list[list[int]]


def _project(j: int, cost: int) -> str:
    return f'[[ballots.projects]]\nid = "p{j}"\nname.tr = "Proje {j}"\ncost = {cost}\n\n'


def _largest_capacity(n: int, cap: int = 10**12) -> int:
    """The largest budget / gcd(costs) a definition allows for ``n`` projects (at most
    ``cap``): the exact search's states at the limit."""
    lo, hi = 0, cap
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if welfare_states(n, mid) <= MAX_WELFARE_STATES:
            lo = mid
        else:
            hi = mid - 1
    return lo


@st.composite
def cases(draw: st.DrawFn) -> Case:
    kind = draw(st.sampled_from(["approval", "knapsack", "cumulative", "quadratic"]))
    voters = draw(st.integers(1, 3))
    rule = (
        "quadratic-voting"
        if kind == "quadratic"
        else draw(st.sampled_from(["greedy", "greedy-no-skip", "max-welfare"]))
    )
    n = draw(st.sampled_from([1, 2, 5, 46] if rule == "max-welfare" else [1, 2, 5, 17]))
    rng = random.Random(draw(st.integers(0, 2**32)))
    params: list[str] = []
    utility = None
    if rule == "max-welfare":
        # the budget at the definitions' limit, in units of 1000; costs sharing only that unit
        capacity = _largest_capacity(n)
        unit = 1000
        budget = capacity * unit
        costs = [rng.randrange(1, capacity // 2 + 2) * unit for _ in range(n)]
        costs[0] = unit * (capacity // 3 * 2 + 1)  # gcd of the units is 1: nothing to divide
        if kind != "cumulative":
            utility = draw(st.sampled_from([None, "cost"]))
    else:
        budget = rng.randrange(10, 10**6)
        costs = [rng.randrange(1, budget + 1) for _ in range(n)]
    if kind == "cumulative":
        points = min(MAX_BOUND // voters, 2**62 // n)
        params.append(f"points = {points}")
        if draw(st.booleans()):  # spread evenly, or every point on one project (the worst)
            vote = [points // n + (j < points % n) for j in range(n)]
        else:
            vote = [points] + [0] * (n - 1)
        votes = [vote] * voters
    elif kind == "quadratic":
        signed = draw(st.booleans())
        top = MAX_VOTES_SIGNED if signed else MAX_VOTES_UNSIGNED
        credits = draw(st.sampled_from([top * top, n * top * top, 10**12]))
        params += [f"max_votes = {top}", f"credits = {credits}", f"signed = {str(signed).lower()}"]
        votes = []
        for _ in range(voters):
            left, vote = credits, []
            for _ in range(n):
                v = top if left >= top * top else 0
                left -= v * v
                vote.append(-v if signed and rng.random() < 0.5 else v)
            votes.append(vote)
    elif kind == "approval":
        votes = [[1] * n for _ in range(voters)]
    else:
        votes = []
        for _ in range(voters):
            left, vote = budget, []
            for c in costs:
                vote.append(int(c <= left))
                left -= c * vote[-1]
            votes.append(vote)
    eid = f"live-{next(_ids)}"
    text = (
        f'[election]\nid = "{eid}"\ntitle.tr = "Sınır"\ncity = "İzmir"\ncurrency = "TRY"\n'
        "min_tally_ballots = 1\n\n"
        f'[[ballots]]\nid = "b"\ntitle.tr = "B"\ndistrict = "city-wide"\nkind = "{kind}"\n'
        f'budget = {budget}\nrule = "{rule}"\ntie_break = "file-order"\n'
        + (f'utility = "{utility}"\n' if utility else "")
        + "".join(p + "\n" for p in params)
        + "\n"
        + "".join(_project(j, c) for j, c in enumerate(costs))
    )
    return Case(text, votes)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ServiceClient, Path]]:
    tmp = tmp_path_factory.mktemp("liveness")
    with run_service(data_dir=tmp / "data") as url:
        admin = ServiceClient(url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_account("staff", STAFF_PASSWORD, "staff")
        staff = ServiceClient(url, timeout=300)
        staff.login("staff", STAFF_PASSWORD)
        yield url, staff, tmp


@pytest.mark.slow
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases())
def test_every_accepted_definition_finishes(
    service: tuple[str, ServiceClient, Path], case: Case
) -> None:
    url, staff, tmp = service
    definition = ballots.loads(case.definition, source="generated")  # the validator accepts it
    eid = definition.election.id
    staff.create_election(case.definition)
    roll = [
        credentials.RollEntry(voter_id=f"v{k}", district="city-wide", line=k + 2)
        for k in range(len(case.votes))
    ]
    secret, public = credentials.generate(roll, election_id=eid)
    up = staff.upload_credentials(eid, credentials.dump_public_list(public))
    [trustee], _ = start(
        staff, url, eid, tmp / eid, trustees=1, threshold=1, fingerprint=up.fingerprint
    )
    while trustee.step() != "waiting for the election to close":
        pass
    staff.open(eid)
    voters = ServiceClient(url, timeout=300)
    for code, vote in zip(secret, case.votes, strict=True):
        Voter(voters, eid, code.code).cast("b", vote)
    staff.close_election(eid)
    assert trustee.step() == "partial decryptions posted"
    staff.tally(eid)
    assert staff.publish(eid).status == "published"
    [result] = staff.result(eid)
    style: BallotStyle = ballots.to_crypto_style(definition.ballots[0])
    expected = [sum(v[j] for v in case.votes) for j in range(style.projects)]
    assert result.scores == expected  # approvals, points or net votes, exactly
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(staff.record(eid), workers=1)
    assert report.passed, (
        report.failed_ids(),
        [c.failures for c in report.checks.values() if c.failed],
        case.definition,
    )
