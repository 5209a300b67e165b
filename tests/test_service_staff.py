"""Accountability (issue #13 item 7): every lifecycle entry names the acting account, staff
changes are board entries, staff can be removed (service.md §1, record.md §2 ``staff``)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from oylama.board import EntryKind, decode_entry
from oylama.election import (
    Allocation,
    Closed,
    Opened,
    Result,
    Staff,
    decode_payload,
    decode_record,
)
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import (
    API,
    EVERY_TALLY,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    login,
    problem,
)


@pytest.fixture
def staffed(db_url: str) -> Iterator[tuple[Driver, dict[str, dict[str, str]]]]:
    with (
        run_service(db_url, clock=Clock(), rng=DetRng(8)) as url,
        httpx.Client(base_url=url, timeout=60.0, headers=JSON) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        for name in ("owner", "helper", "other"):
            r = client.post(
                f"{API}/accounts",
                json={"username": name, "password": STAFF_PASSWORD, "role": "staff"},
                headers=admin,
            )
            assert r.status_code == 201
        heads = {name: login(client, name, STAFF_PASSWORD) for name in ("owner", "helper", "other")}
        heads["admin"] = admin
        yield Driver(client, heads["owner"]), heads


def _entries(d: Driver) -> list[tuple[EntryKind, bytes]]:
    record = decode_record(d.client.get(d.url("/record")).content)
    return [(e.kind, e.payload) for e in map(decode_entry, record.entries)]


def _staff(d: Driver) -> list[Staff]:
    return [decode_payload(p, Staff) for k, p in _entries(d) if k is EntryKind.STAFF]


def test_who_did_what_is_on_the_board(staffed: tuple[Driver, dict[str, dict[str, str]]]) -> None:
    d, heads = staffed
    c = d.client
    d.create(EVERY_TALLY)
    # in draft nothing is on the board yet: the staff is published when the ceremony starts
    r = c.post(d.url("/staff"), json={"username": "other"}, headers=heads["owner"])
    assert r.status_code == 201 and r.json() == {"staff": ["other", "owner"]}
    d.credentials(["d1", "d2"])
    d.start_ceremony(1, 1)
    entries = _entries(d)
    assert [k for k, _ in entries] == [EntryKind.MANIFEST, EntryKind.STAFF]
    first = decode_payload(entries[1][1], Staff)
    assert first == Staff(
        by="owner", added=["other", "owner"], removed=[], staff=["other", "owner"]
    )
    d.run_ceremony()
    assert c.post(d.url("/open"), headers=heads["owner"]).status_code == 200

    # an admin adds an account to the open election: public, naming the admin
    r = c.post(d.url("/staff"), json={"username": "helper"}, headers=heads["admin"])
    assert r.status_code == 201 and r.json()["staff"] == ["helper", "other", "owner"]
    assert _staff(d)[-1] == Staff(
        by="admin", added=["helper"], removed=[], staff=["helper", "other", "owner"]
    )
    size = d.view()["board_size"]
    r = c.post(d.url("/staff"), json={"username": "helper"}, headers=heads["admin"])
    assert r.status_code == 201 and d.view()["board_size"] == size  # no change, no entry
    # the owner removes "other"; "other" can do nothing more, and the board says who did it
    r = c.delete(d.url("/staff/other"), headers=heads["owner"])
    assert r.status_code == 200 and r.json() == {"staff": ["helper", "owner"]}
    assert _staff(d)[-1] == Staff(
        by="owner", added=[], removed=["other"], staff=["helper", "owner"]
    )
    problem(c.post(d.url("/close"), headers=heads["other"]), 403)
    problem(c.delete(d.url("/staff/other"), headers=heads["owner"]), 404)
    # only the owner (while staff) or an admin manages staff
    problem(c.delete(d.url("/staff/owner"), headers=heads["helper"]), 403)
    problem(c.post(d.url("/staff"), json={"username": "other"}, headers=heads["helper"]), 403)

    assert d.cast(d.ballot_body(d.voters[0], "k", [1, 0, 0])).status_code == 201
    assert c.post(d.url("/close"), headers=heads["helper"]).status_code == 200
    d.decrypt(d.trustees[0])
    assert c.post(d.url("/tally"), headers=heads["owner"]).status_code == 200
    # the admin removes the owner; the owner can then not manage staff any more
    assert c.delete(d.url("/staff/owner"), headers=heads["admin"]).status_code == 200
    problem(c.delete(d.url("/staff/helper"), headers=heads["helper"]), 403)
    problem(c.delete(d.url("/staff/helper"), headers=heads["admin"]), 409, "last")
    assert c.post(d.url("/publish"), headers=heads["helper"]).status_code == 200
    problem(c.post(d.url("/staff"), json={"username": "other"}, headers=heads["admin"]), 409)

    entries = _entries(d)

    def by_of(kind: EntryKind, struct: type[Opened | Closed | Result | Allocation]) -> set[str]:
        return {decode_payload(p, struct).by for k, p in entries if k is kind}

    by = {
        EntryKind.OPENED: by_of(EntryKind.OPENED, Opened),
        EntryKind.CLOSED: by_of(EntryKind.CLOSED, Closed),
        EntryKind.RESULT: by_of(EntryKind.RESULT, Result),
        EntryKind.ALLOCATION: by_of(EntryKind.ALLOCATION, Allocation),
    }
    assert by == {
        EntryKind.OPENED: {"owner"},
        EntryKind.CLOSED: {"helper"},
        EntryKind.RESULT: {"owner"},
        EntryKind.ALLOCATION: {"helper"},
    }
    assert [s.by for s in _staff(d)] == ["owner", "admin", "owner", "admin"]
    audit = pytest.importorskip("oylama_audit.record")
    report = audit.verify_record(c.get(d.url("/record")).content)
    assert report.passed, report.failed_ids()
    assert (
        report["R24"].passed == 4 + 1 + 1 + 3 + 3
    )  # staff entries, opened, closed, results, allocations


def test_tokens_never_start_with_a_dash() -> None:
    """A trustee types the token after ``--token``: a leading ``-`` would make it an option
    (argparse refuses ``--token -x...``). Bytes whose encoding starts with ``-`` (0xf8..0xfb)
    are drawn again."""
    from oylama.service._accounts import new_token  # noqa: PLC0415 (the one generator)

    class Scripted:
        def __init__(self) -> None:
            self.draws = [b"\xf8" + bytes(31), b"\x00" * 32]

        def token_bytes(self, n: int) -> bytes:
            out = self.draws.pop(0)
            assert len(out) == n
            return out

    rng = Scripted()
    token = new_token(rng)
    assert not token.startswith("-") and token == "A" * 43
    assert rng.draws == []
