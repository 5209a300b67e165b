"""The cycle's schedule and the participation log (docs/spec/cycle.md §1–§3).

The definition's phases are checked by the one loader; the phase at a moment is computed from
the schedule on the participation log, which the service appends when an election is created
and whenever staff change a date; the log is served like the election's board and as a record
file that verifies, under the election's board key, and any change of it is caught.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from oylama import ballots
from oylama.board import EntryKind, decode_entry, parse_verifier_key
from oylama.cycle import (
    PhaseDates,
    PhasePayload,
    current_phase,
    decode_cycle_payload,
    verify_cycle_record,
)
from oylama.errors import InputError
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service

API = "/api/v1"
EXAMPLE = Path(__file__).resolve().parents[1] / "ballots" / "izmir-karsiyaka-2026.toml"
JSON = {"Content-Type": "application/json"}

PHASES = """proposals = { opens = 2026-01-05T09:00:00+03:00, closes = 2026-02-01T00:00:00+03:00 }
review = { opens = 2026-02-01T00:00:00+03:00, closes = 2026-03-01T00:00:00+03:00 }
implementation = { opens = 2026-06-01T00:00:00+03:00 }
"""


def _with_phases(text: str, phases: str = PHASES) -> str:
    """The example definition with ``phases`` added to its [election] table."""
    return text.replace("min_tally_ballots", phases + "min_tally_ballots", 1)


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


# -- the definition's phases ------------------------------------------------------------------


def test_example_takes_phases() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "min_tally_ballots" in text
    d = ballots.loads(_with_phases(text))
    assert d.election.proposals is not None and d.election.implementation is not None
    assert d.election.implementation.closes is None
    # written back and read again: the same definition
    assert ballots.loads(ballots.dumps(d)) == d


@pytest.mark.parametrize(
    ("phases", "path", "needle"),
    [
        (  # review before the proposals end
            "proposals = { opens = 2026-01-05T09:00:00+03:00,"
            " closes = 2026-02-01T00:00:00+03:00 }\n"
            "review = { opens = 2026-01-20T00:00:00+03:00, closes = 2026-03-01T00:00:00+03:00 }\n",
            "election.review.opens",
            "must not begin before the proposals phase ends",
        ),
        (  # the vote (opens 2026-05-04) before the review ends
            "review = { opens = 2026-02-01T00:00:00+03:00, closes = 2026-05-10T00:00:00+03:00 }\n",
            "election.opens",
            "must not begin before the review phase ends",
        ),
        (  # implementation before the vote closes (2026-05-24)
            "implementation = { opens = 2026-05-20T00:00:00+03:00 }\n",
            "election.implementation.opens",
            "must not begin before the voting phase ends",
        ),
        (
            "proposals = { opens = 2026-01-05T09:00:00+03:00 }\n",
            "election.proposals.closes",
            "give when it closes",
        ),
        (
            "review = { opens = 2026-02-01T00:00:00, closes = 2026-03-01T00:00:00+03:00 }\n",
            "election.review.opens",
            "give a UTC offset",
        ),
        (
            "proposals = { opens = 2026-02-01T00:00:00+03:00,"
            " closes = 2026-01-01T00:00:00+03:00 }\n",
            "election.proposals.closes",
            "must close after it opens",
        ),
    ],
)
def test_bad_phases_refused(phases: str, path: str, needle: str) -> None:
    text = _with_phases(EXAMPLE.read_text(encoding="utf-8"), phases)
    with pytest.raises(ballots.DefinitionError) as info:
        ballots.loads(text, source="def.toml")
    found = [(p.field, p.reason) for p in info.value.problems]
    assert any(needle in m for _, m in found), found
    assert path in [f for f, _ in found], found


# -- the phase at a moment --------------------------------------------------------------------


def _schedule(**spans: tuple[str | None, str | None]) -> PhasePayload:
    def dates(name: str) -> PhaseDates | None:
        span = spans.get(name)
        return None if span is None else PhaseDates(opens=span[0], closes=span[1])

    return PhasePayload(
        proposals=dates("proposals"),
        review=dates("review"),
        voting=dates("voting"),
        implementation=dates("implementation"),
        by="staff1",
    )


def test_current_phase_edges() -> None:
    s = _schedule(
        proposals=("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"),
        review=("2026-02-10T00:00:00Z", "2026-03-01T00:00:00Z"),
        voting=("2026-05-01T00:00:00Z", "2026-05-20T00:00:00Z"),
        implementation=("2026-06-01T00:00:00Z", None),
    )
    at = {
        "2025-12-31T23:59:59+00:00": "before",
        "2026-01-01T00:00:00+00:00": "proposals",  # opens is inclusive
        "2026-01-31T23:59:59+00:00": "proposals",
        "2026-02-01T00:00:00+00:00": "between",  # closes is exclusive; a gap until review
        "2026-02-10T00:00:00+00:00": "review",
        "2026-04-01T00:00:00+00:00": "between",
        "2026-05-19T00:00:00+00:00": "voting",
        "2026-05-25T00:00:00+00:00": "between",
        "2030-01-01T00:00:00+00:00": "implementation",  # open-ended
    }
    for moment, phase in at.items():
        assert current_phase(s, _ms(moment)) == phase, moment


def test_current_phase_open_ends() -> None:
    # a vote without opens is open from the end of the review; without closes until the next
    s = _schedule(
        review=("2026-02-10T00:00:00Z", "2026-03-01T00:00:00Z"),
        voting=(None, None),
        implementation=("2026-06-01T00:00:00Z", None),
    )
    assert current_phase(s, _ms("2026-03-01T00:00:00+00:00")) == "voting"
    assert current_phase(s, _ms("2026-05-31T23:59:59+00:00")) == "voting"
    assert current_phase(s, _ms("2026-06-01T00:00:00+00:00")) == "implementation"
    assert current_phase(_schedule(), 0) == "between"


def test_phase_payload_is_canonical() -> None:
    s = _schedule(voting=("2026-05-01T00:00:00Z", None))
    text = (
        b'{"proposals":null,"review":null,"voting":{"opens":"2026-05-01T00:00:00Z",'
        b'"closes":null},"implementation":null,"by":"staff1"}'
    )
    assert decode_cycle_payload(text, PhasePayload) == s
    for bad in (
        text.replace(b":null,", b": null,", 1),
        text + b" ",
        text.replace(b'"by"', b'"xy"'),
    ):
        with pytest.raises(InputError):
            decode_cycle_payload(bad, PhasePayload)


# -- the service ------------------------------------------------------------------------------


class Clock:
    def __init__(self, at: str) -> None:
        self.ms = _ms(at)

    def __call__(self) -> int:
        return self.ms


@pytest.fixture
def service(sqlite_url: str) -> Iterator[tuple[httpx.Client, dict[str, str], Clock]]:
    clock = Clock("2026-01-10T12:00:00+03:00")
    with (
        run_service(sqlite_url, clock=clock) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        r = client.post(f"{API}/session", json={"username": ADMIN, "password": ADMIN_PASSWORD})
        admin = {"Authorization": f"Bearer {r.json()['token']}"}
        r = client.post(
            f"{API}/accounts",
            json={"username": "staff1", "password": "staff-password-123", "role": "staff"},
            headers=admin,
        )
        assert r.status_code == 201, r.text
        r = client.post(
            f"{API}/session", json={"username": "staff1", "password": "staff-password-123"}
        )
        yield client, {"Authorization": f"Bearer {r.json()['token']}"}, clock


def _phases_on_board(client: httpx.Client, eid: str) -> list[PhasePayload]:
    size = client.get(f"{API}/elections/{eid}/cycle").json()["entries"]
    r = client.get(f"{API}/elections/{eid}/cycle/board/entries", params={"start": 0, "end": size})
    assert r.status_code == 200, r.text
    out = []
    for e in r.json()["entries"]:
        entry = decode_entry(base64.b64decode(e["data"]))
        assert entry.election_id == f"{eid}/cycle"
        assert entry.kind is EntryKind.PHASE
        out.append(decode_cycle_payload(entry.payload, PhasePayload))
    return out


def test_schedule_on_the_participation_log(
    service: tuple[httpx.Client, dict[str, str], Clock],
) -> None:
    client, staff, clock = service
    text = _with_phases(EXAMPLE.read_text(encoding="utf-8"))
    eid = ballots.loads(text).election.id
    r = client.post(f"{API}/elections", json={"definition": text}, headers=staff)
    assert r.status_code == 201, r.text

    view = client.get(f"{API}/elections/{eid}/cycle").json()
    assert view["phase"] == "proposals"
    assert view["proposals"] == {"opens": "2026-01-05T06:00:00Z", "closes": "2026-01-31T21:00:00Z"}
    assert view["voting"] == {"opens": "2026-05-04T06:00:00Z", "closes": "2026-05-24T18:00:00Z"}
    assert view["implementation"] == {"opens": "2026-05-31T21:00:00Z", "closes": None}
    clock.ms = _ms("2026-02-15T00:00:00+03:00")
    assert client.get(f"{API}/elections/{eid}/cycle").json()["phase"] == "review"
    clock.ms = _ms("2026-01-10T12:05:00+03:00")  # back, so the staff session is still live

    # the same dates again: nothing appended; other dates: a second schedule, by its author
    assert len(_phases_on_board(client, eid)) == 1
    r = client.put(f"{API}/elections/{eid}/definition", json={"definition": text}, headers=staff)
    assert r.status_code == 200, r.text
    assert len(_phases_on_board(client, eid)) == 1
    moved = text.replace("2026-03-01T00:00:00+03:00", "2026-03-08T00:00:00+03:00")
    r = client.put(f"{API}/elections/{eid}/definition", json={"definition": moved}, headers=staff)
    assert r.status_code == 200, r.text
    schedules = _phases_on_board(client, eid)
    assert len(schedules) == 2
    assert schedules[1].review is not None
    assert schedules[1].review.closes == "2026-03-07T21:00:00Z"
    assert schedules[1].by == "staff1"

    # an invalid schedule changes nothing
    bad = text.replace(
        "2026-02-01T00:00:00+03:00, closes = 2026-03-01",
        "2026-01-20T00:00:00+03:00, closes = 2026-03-01",
    )
    r = client.put(f"{API}/elections/{eid}/definition", json={"definition": bad}, headers=staff)
    assert r.status_code == 422, r.text
    assert len(_phases_on_board(client, eid)) == 2

    # the election's own log has none of it (it starts at the ceremony)
    own = client.get(f"{API}/elections/{eid}/board/entries", params={"start": 0, "end": 0})
    assert own.status_code == 200 and own.json()["entries"] == []

    # the record verifies under the election's board key, and any change is caught
    key = client.get(f"{API}/elections/{eid}/board/key").json()
    cycle_key = client.get(f"{API}/elections/{eid}/cycle/board/key").json()
    assert cycle_key["origin"] == key["origin"] + "/cycle"
    assert cycle_key["ed25519_public_key"] == key["ed25519_public_key"]
    pinned = base64.b64decode(key["ed25519_public_key"])
    data = client.get(f"{API}/elections/{eid}/cycle/record").content
    record = verify_cycle_record(data, board_public_key=pinned)
    assert len(record.entries) == 2 and len(record.checkpoints) == 2
    assert parse_verifier_key(record.board_key)[1] == pinned
    with pytest.raises(InputError, match="pinned"):
        verify_cycle_record(data, board_public_key=bytes(32))
    tampered = data.replace(b"staff1", b"staff2") if b"staff1" in data else None
    assert tampered is None  # payloads are base64 inside the record: change a byte of one
    entry0 = re.search(rb'"entries":\["([^"]+)"', data)
    assert entry0 is not None
    raw = bytearray(base64.b64decode(entry0.group(1)))
    raw[-3] ^= 1
    changed = data.replace(entry0.group(1), base64.b64encode(bytes(raw)))
    with pytest.raises(InputError):
        verify_cycle_record(changed, board_public_key=pinned)
    dropped = data.replace(entry0.group(1) + b'",', b"", 1)
    with pytest.raises(InputError):
        verify_cycle_record(dropped, board_public_key=pinned)

    # the checkpoint route and the proofs answer like the election board's
    note = client.get(f"{API}/elections/{eid}/cycle/board/checkpoint").text
    assert note.startswith(key["origin"] + "/cycle\n2\n")
    r = client.get(
        f"{API}/elections/{eid}/cycle/board/proof/consistency", params={"old": 1, "new": 2}
    )
    assert r.status_code == 200 and r.json()["old"] == 1
    r = client.get(f"{API}/elections/nope/cycle")
    assert r.status_code == 404


def test_election_without_phases_has_a_schedule(
    service: tuple[httpx.Client, dict[str, str], Clock],
) -> None:
    client, staff, clock = service
    text = EXAMPLE.read_text(encoding="utf-8")
    eid = ballots.loads(text).election.id
    r = client.post(f"{API}/elections", json={"definition": text}, headers=staff)
    assert r.status_code == 201, r.text
    view = client.get(f"{API}/elections/{eid}/cycle").json()
    assert view["proposals"] is None and view["implementation"] is None
    assert view["phase"] == "before"  # the vote opens 2026-05-04
    clock.ms = _ms("2026-05-10T00:00:00+03:00")
    assert client.get(f"{API}/elections/{eid}/cycle").json()["phase"] == "voting"
    assert datetime.now(UTC).year >= 2026
