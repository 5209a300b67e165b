"""Implementation tracking, the Atom feeds and the city map over the real service (issue #18
items 2 and 3; docs/spec/cycle.md §5, service.md §8).

One election is run to publication over HTTP (``Driver``); then staff record statuses, notes
and photos of its funded projects on the participation log. Each role is tried on each write;
every refusal (before publication, an unfunded project, a bad transition, a foreign photo, a
bad sheet) is a problem and changes nothing; free text comes back verbatim as data and is
escaped in the feed; the exports keep spreadsheet formulas inert.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from defusedxml import ElementTree as SafeXml
from PIL import Image

from oylama.board import EntryKind, decode_entry
from oylama.cycle import ProjectStatus, decode_cycle_payload, verify_cycle_record
from oylama.service import _tracking
from oylama.service._map import safe_cell
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from oylama_audit.cli import main as audit_main
from oylama_audit.tracking import check_tracking_records
from test_service_election import (
    API,
    EVERY_TALLY,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    login,
    open_election,
    problem,
)

ATOM = "{http://www.w3.org/2005/Atom}"
XSS = '<img src=x onerror="alert(1)">&amp;<script>alert(2)</script>'

#: The test definition with the İzmir map's fields on p1 (located) and p2 (not).
TRACKED = EVERY_TALLY.replace(
    'id = "p1"\nname.tr = "Bir"\ncost = 40\n',
    'id = "p1"\nname.tr = "Bir"\ncost = 40\nsdg = ["SDG3", "SDG11"]\naudience = ["children"]\n'
    "start = 2027-03-01\nlatitude = 38.46\nlongitude = 27.11\n",
    1,
)


@dataclass
class World:
    url: str
    client: httpx.Client
    admin: dict[str, str]
    staff: dict[str, str]  # staff of the election
    other: dict[str, str]  # staff of no election
    observer: dict[str, str]
    driver: Driver
    clock: Clock

    def url_of(self, tail: str) -> str:
        return self.driver.url(tail)


@contextmanager
def published_world(
    tmp: Path, db_url: str | None = None, definition: str = TRACKED
) -> Iterator[World]:
    """A published election: on ballot ``k`` p1 and p2 are funded, p3 is not (also used by
    tests/test_web_map.py)."""
    clock = Clock()
    with (
        run_service(db_url, data_dir=None if db_url else tmp, clock=clock, rng=DetRng(5)) as url,
        httpx.Client(base_url=url, headers=JSON, timeout=60.0) as client,
    ):
        admin = login(client, ADMIN, ADMIN_PASSWORD)
        for name, role in (("staff1", "staff"), ("staff2", "staff"), ("obs", "observer")):
            r = client.post(
                f"{API}/accounts",
                json={"username": name, "password": STAFF_PASSWORD, "role": role},
                headers=admin,
            )
            assert r.status_code == 201, r.text
        d = Driver(client, login(client, "staff1", STAFF_PASSWORD))
        open_election(d, ["d1", "d1", "d2"], definition=definition)
        v = d.voters
        for voter, choices in ((v[0], [1, 1, 0]), (v[1], [1, 0, 0])):
            assert d.cast(d.ballot_body(voter, "k", choices)).status_code == 201
        w = World(
            url,
            client,
            admin,
            d.staff,
            login(client, "staff2", STAFF_PASSWORD),
            login(client, "obs", STAFF_PASSWORD),
            d,
            clock,
        )
        # before publication: nothing can be tracked, and the page says so
        r = client.post(
            w.url_of("/implementation/status"),
            json={"ballot": "k", "project": "p1", "status": "tendering"},
            headers=d.staff,
        )
        problem(r, 409, "published")
        problem(client.get(w.url_of("/implementation")), 409, "published")
        assert client.post(d.url("/close"), headers=d.staff).status_code == 200
        d.decrypt(d.trustees[0])
        assert client.post(d.url("/tally"), headers=d.staff).status_code == 200
        problem(client.get(w.url_of("/implementation")), 409, "tallied")
        assert client.post(d.url("/publish"), headers=d.staff).status_code == 200
        yield w


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with published_world(tmp_path_factory.mktemp("tracking")) as w:
        yield w


def cycle_size(w: World) -> int:
    r = w.client.get(f"{w.url_of('/implementation')}")
    assert r.status_code == 200
    return sum(len(p["history"]) for p in r.json()["projects"])


def project(w: World, pid: str) -> dict[str, Any]:
    r = w.client.get(w.url_of("/implementation"))
    assert r.status_code == 200, r.text
    return next(p for p in r.json()["projects"] if p["project"] == pid)


def jpeg() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


def test_funded_projects_start_planned(world: World) -> None:
    out = world.client.get(world.url_of("/implementation")).json()
    on_k = [p["project"] for p in out["projects"] if p["ballot"] == "k"]
    assert on_k == ["p1", "p2"]  # p3 did not fit the budget
    assert out["currency"] == "TRY"
    p2 = next(p for p in out["projects"] if p["project"] == "p2")
    assert p2["status"] == "planned" and p2["spent"] == "0" and p2["cost"] == "30.5"
    assert p2["history"] == [] and p2["updated"] is None


def test_each_role_on_each_write(world: World) -> None:
    w = world
    body = {"ballot": "k", "project": "p2", "status": "tendering", "spent": "0"}
    note = {"ballot": "k", "project": "p2", "text": "note"}
    before = cycle_size(w)
    for path, payload in (("/implementation/status", body), ("/implementation/notes", note)):
        problem(w.client.post(w.url_of(path), json=payload), 401)
        for who in (w.admin, w.observer, w.other, w.driver.trustees[0].auth):
            problem(w.client.post(w.url_of(path), json=payload, headers=who), 403)
    problem(w.client.post(w.url_of("/implementation/photos"), json={"data": jpeg()}), 401)
    for who in (w.admin, w.observer, w.other, w.driver.trustees[0].auth):
        r = w.client.post(w.url_of("/implementation/photos"), json={"data": jpeg()}, headers=who)
        problem(r, 403)
    assert cycle_size(w) == before  # nothing was appended
    r = w.client.post(w.url_of("/implementation/status"), json=body, headers=w.staff)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "tendering"
    # anyone reads, without an account
    assert project(w, "p2")["status"] == "tendering"


def test_unfunded_and_unknown_projects_are_refused(world: World) -> None:
    w = world
    before = cycle_size(w)
    r = w.client.post(
        w.url_of("/implementation/status"),
        json={"ballot": "k", "project": "p3", "status": "in-progress"},
        headers=w.staff,
    )
    problem(r, 409, "not funded")
    r = w.client.post(
        w.url_of("/implementation/notes"),
        json={"ballot": "k", "project": "p3", "text": "x"},
        headers=w.staff,
    )
    problem(r, 409, "not funded")
    r = w.client.post(
        w.url_of("/implementation/status"),
        json={"ballot": "k", "project": "nope", "status": "done"},
        headers=w.staff,
    )
    problem(r, 404, "nope")
    assert cycle_size(w) == before


def test_transitions_money_and_dates(world: World) -> None:
    w = world
    url = w.url_of("/implementation/status")

    def post(**fields: Any) -> httpx.Response:
        return w.client.post(url, json={"ballot": "k", "project": "p1", **fields}, headers=w.staff)

    before = cycle_size(w)
    for fields, needle in (
        ({"status": "cancelled"}, "reason"),
        ({"status": "finished"}, "status"),
        ({"status": "in-progress", "spent": "-5"}, "non-negative"),
        ({"status": "in-progress", "spent": "1e3"}, "amount"),
        ({"status": "in-progress", "spent": "12.345678"}, "4 after"),
        ({"status": "in-progress", "started": "2027-02-30"}, "started"),
        ({"status": "in-progress", "finished": "2027-05-01"}, "finished"),
        ({"status": "done", "started": "2027-05-01", "finished": "2027-04-01"}, "before"),
        ({"status": "in-progress", "reason": "\x00bad"}, "control"),
    ):
        r = post(**fields)
        assert r.status_code in (400, 422), (fields, r.text)
        assert needle in r.json()["detail"], (fields, r.json())
    assert cycle_size(w) == before
    r = post(status="in-progress", spent="1500.50", started="2027-03-01")
    assert r.status_code == 201, r.text
    assert r.json()["spent"] == "1500.5"  # exact decimal text, canonical
    # going back needs a reason; with one it is recorded
    problem(post(status="tendering", spent="1500.5"), 422, "reason")
    r = post(status="tendering", spent="1500.5", reason="the contractor went bankrupt")
    assert r.status_code == 201, r.text
    r = post(status="done", spent="39999.99", started="2027-03-01", finished="2027-09-30")
    assert r.status_code == 201, r.text
    # done is final: reopening needs a reason
    problem(post(status="in-progress", spent="39999.99"), 422, "reason")
    r = post(status="in-progress", spent="39999.99", reason="a defect found at handover")
    assert r.status_code == 201
    p1 = project(w, "p1")
    assert p1["status"] == "in-progress" and p1["spent"] == "39999.99"
    assert [e["status"] for e in p1["history"] if e["kind"] == "status"][-4:] == [
        "in-progress",
        "tendering",
        "done",
        "in-progress",
    ]


def test_notes_photos_and_xss_stay_text(world: World) -> None:
    w = world
    r = w.client.post(w.url_of("/implementation/photos"), json={"data": jpeg()}, headers=w.staff)
    assert r.status_code == 201, r.text
    digest = r.json()["digest"]
    # a photo not named by a note is not public yet
    assert w.client.get(f"{API}/elections/{w.driver.eid}/photos/{digest}").status_code == 401
    # an unknown photo and a malformed digest are refused
    for photos, needle in ((["a" * 64], "upload it first"), (["../x"], "digest")):
        r = w.client.post(
            w.url_of("/implementation/notes"),
            json={"ballot": "k", "project": "p2", "text": "t", "photos": photos},
            headers=w.staff,
        )
        problem(r, 422, needle)
    for text in ("", " ", "x" * 4001):
        r = w.client.post(
            w.url_of("/implementation/notes"),
            json={"ballot": "k", "project": "p2", "text": text},
            headers=w.staff,
        )
        problem(r, 422, "text")
    r = w.client.post(
        w.url_of("/implementation/notes"),
        json={"ballot": "k", "project": "p2", "text": XSS, "photos": [digest]},
        headers=w.staff,
    )
    assert r.status_code == 201, r.text
    r = w.client.post(
        w.url_of("/implementation/status"),
        json={"ballot": "k", "project": "p2", "status": "cancelled", "reason": XSS},
        headers=w.staff,
    )
    assert r.status_code == 201, r.text
    p2 = project(w, "p2")
    note = next(e for e in p2["history"] if e["kind"] == "note")
    assert note["text"] == XSS and note["photos"] == [digest] and note["by"] == "staff1"
    assert p2["history"][-1]["reason"] == XSS
    # named by a note: public, as an image
    r = w.client.get(f"{API}/elections/{w.driver.eid}/photos/{digest}")
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"


def test_atom_feeds_are_valid_and_escaped(world: World) -> None:
    w = world
    w.client.post(
        w.url_of("/implementation/notes"),
        json={"ballot": "k", "project": "p1", "text": XSS},
        headers=w.staff,
    )
    for path in (f"/elections/{w.driver.eid}/implementation.atom", "/map.atom"):
        r = w.client.get(path)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/atom+xml")
        assert b"<script>" not in r.content and b"<img" not in r.content
        root = SafeXml.fromstring(r.content)  # a parser that refuses entities and DTDs
        assert root.tag == f"{ATOM}feed"
        for needed in ("title", "id", "updated"):
            assert root.find(f"{ATOM}{needed}") is not None
        entries = root.findall(f"{ATOM}entry")
        assert entries
        stamps = [e.findtext(f"{ATOM}updated") for e in entries]
        assert stamps == sorted(stamps, reverse=True)  # newest first
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert len(set(ids)) == len(ids)
        for e in entries:
            for needed in ("title", "id", "updated", "content"):
                assert e.find(f"{ATOM}{needed}") is not None
            assert e.find(f"{ATOM}link").get("href", "").startswith("http")
        texts = [e.findtext(f"{ATOM}content") for e in entries]
        assert XSS in texts  # the text itself, unescaped by the parser: never markup
    problem(w.client.get("/elections/nope/implementation.atom"), 404)


def test_map_geojson_shape_and_filters(world: World) -> None:
    w = world
    r = w.client.get(f"{API}/map.geojson")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    doc = r.json()
    assert doc["type"] == "FeatureCollection"
    mine = [f for f in doc["features"] if f["properties"]["election"] == w.driver.eid]
    assert len(mine) == 3 + 2 + 3  # every project of every ballot
    for f in doc["features"]:
        assert f["type"] == "Feature" and set(f) == {"type", "geometry", "properties"}
        g = f["geometry"]
        assert g is None or (g["type"] == "Point" and len(g["coordinates"]) == 2)
    p1 = next(f for f in mine if f["properties"]["id"] == "p1")
    assert p1["geometry"]["coordinates"] == [27.11, 38.46]  # [longitude, latitude]
    props = p1["properties"]
    assert props["sdg"] == ["SDG3", "SDG11"] and props["audience"] == ["children"]
    assert props["start"] == "2027-03-01" and props["year"] == 2027
    assert props["district"] == "Bir" and props["url"].endswith("/projects/k/p1")
    stages = {f["properties"]["id"]: f["properties"]["stage"] for f in mine}
    assert stages["p3"] == "ballot"
    assert stages["p2"] == "cancelled"
    for query, ids in (
        ("sdg=SDG3", {"p1"}),
        ("audience=children", {"p1"}),
        ("stage=cancelled", {"p2"}),
        ("year=2027", {"p1"}),
        ("district=İki", {"q1", "q2"}),
    ):
        got = w.client.get(f"{API}/map.geojson?{query}").json()["features"]
        assert {f["properties"]["id"] for f in got if f["properties"]["election"]} == ids, query
    problem(w.client.get(f"{API}/map.geojson?year=99"), 400, "year")


CITY_CSV = (
    "id,name,status,district,sdg,audience,purpose,start,cost,latitude,longitude\r\n"
    'c-1,=HYPERLINK("http://evil"),done,Karşıyaka,SDG6;11,everyone,Water,2024-05-01,'
    "125000.50,38.45,27.12\r\n"
    "c-2,+cmd|' /C calc'!A0,in-progress,Bayraklı,,,\"-2+3\",2025-01-10,,,\r\n"
    "c-3,@SUM(1+1),planned,Karşıyaka,,,<img src=x onerror=alert(1)>,,,,\r\n"
)


def test_city_import_roles_errors_and_nothing_saved(world: World) -> None:
    w = world
    url = f"{API}/city-projects/import"

    def body(text: str) -> dict[str, str]:
        return {"format": "csv", "data": base64.b64encode(text.encode()).decode()}

    problem(w.client.post(url, json=body(CITY_CSV)), 401)
    for who in (w.observer, w.driver.trustees[0].auth):
        problem(w.client.post(url, json=body(CITY_CSV), headers=who), 403)
    # every refused cell is reported with its row and column, and nothing is saved
    bad = (
        "id,name,status,sdg,start,latitude,longitude,cost\r\n"
        "ok-1,Fine,done,,,,,\r\n"
        "bad id,X,finished,SDG18,2024-13-01,95,27,-1\r\n"
        "ok-1,Dup,planned,,,38.4,,\r\n"
    )
    r = w.client.post(url, json=body(bad), headers=w.staff)
    doc = problem(r, 422, "row 3")
    cells = {(e["row"], e["column"]) for e in doc["errors"]}
    assert {
        (3, "id"),
        (3, "status"),
        (3, "sdg"),
        (3, "start"),
        (3, "latitude"),
        (3, "cost"),
    } <= cells
    assert {(4, "id"), (4, "longitude")} <= cells
    r = w.client.post(url, json=body("id,name,colour\r\nx,y,red\r\n"), headers=w.staff)
    doc = problem(r, 422)
    assert {(e["row"], e["column"]) for e in doc["errors"]} == {(1, "colour"), (1, "status")}
    problem(w.client.post(url, json={"format": "csv", "data": "////"}, headers=w.staff), 422)
    features = w.client.get(f"{API}/map.geojson?stage=done").json()["features"]
    assert not [f for f in features if f["properties"]["source"] == "city"]
    # a municipality's whole list is larger than the default body limit (64 KiB)
    big = "id,name,status,purpose\r\n" + "".join(
        f"b-{k},Project number {k} of the list,done,{'x' * 60}\r\n" for k in range(1500)
    )
    assert len(big) > 100_000
    r = w.client.post(url, json=body(big), headers=w.staff)
    assert r.status_code == 200 and r.json() == {"imported": 1500}, r.text
    # a good sheet replaces the list (staff or admin)
    r = w.client.post(url, json=body(CITY_CSV), headers=w.admin)
    assert r.status_code == 200, r.text
    assert r.json() == {"imported": 3}
    city = [
        f
        for f in w.client.get(f"{API}/map.geojson").json()["features"]
        if f["properties"]["source"] == "city"
    ]
    assert [f["properties"]["id"] for f in city] == ["c-1", "c-2", "c-3"]
    c1 = city[0]["properties"]
    assert c1["stage"] == "done" and c1["sdg"] == ["SDG6", "SDG11"] and c1["cost"] == "125000.5"
    assert c1["year"] == 2024 and city[0]["geometry"]["coordinates"] == [27.12, 38.45]
    assert city[1]["geometry"] is None and city[1]["properties"]["stage"] == "under-way"
    assert city[2]["properties"]["purpose"] == "<img src=x onerror=alert(1)>"  # text, as given


def test_map_csv_is_formula_safe(world: World) -> None:
    w = world
    r = w.client.get(f"{API}/map.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["x-content-type-options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(r.text)))
    header = rows[0]
    assert header[:5] == ["source", "election", "ballot", "id", "name"]
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", row
    names = {row[3]: row[4] for row in rows[1:]}
    if "c-1" in names:  # the city list imported above (the tests share one service)
        assert names["c-1"] == '\'=HYPERLINK("http://evil")'
        assert names["c-2"].startswith("'+cmd")
        assert names["c-3"] == "'@SUM(1+1)"
        purpose = {row[3]: row[header.index("purpose")] for row in rows[1:]}
        assert purpose["c-2"] == "'-2+3"


def test_safe_cell_unit() -> None:
    for raw, out in (
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ):
        assert safe_cell(raw) == out


def test_the_participation_record_verifies_with_the_tracking_entries(world: World) -> None:
    """The tracking entries are on the participation log, under the election's board key, and
    the reference verifier decodes every payload as its kind's (cycle §1, §5)."""
    w = world
    key = w.client.get(w.url_of("/board/key")).json()
    pinned = base64.b64decode(key["ed25519_public_key"])
    record = verify_cycle_record(
        w.client.get(w.url_of("/cycle/record")).content, board_public_key=pinned
    )
    kinds = [decode_entry(e).kind for e in record.entries]
    assert kinds[0] == EntryKind.PHASE
    assert EntryKind.PROJECT_STATUS in kinds and EntryKind.PROGRESS_NOTE in kinds
    statuses = [
        decode_cycle_payload(decode_entry(e).payload, ProjectStatus)
        for e in record.entries
        if decode_entry(e).kind == EntryKind.PROJECT_STATUS
    ]
    assert {(s.ballot, s.project) for s in statuses} <= {("k", "p1"), ("k", "p2")}
    # the election's own log has none of them
    own = w.client.get(w.url_of("/record")).content
    assert b"project-status" not in own and b"progress-note" not in own


def test_an_implementation_phase_is_kept(tmp_path: Path) -> None:
    """Publication starts the implementation phase even before its planned date (cycle §3:
    the result is carried out once known), and tracking stops when the phase closes (409
    naming the phase, nothing appended)."""
    scheduled = TRACKED.replace(
        "min_tally_ballots = 1\n",
        "min_tally_ballots = 1\nimplementation = { opens = 2026-07-01T00:00:00+03:00,"
        " closes = 2027-07-01T00:00:00+03:00 }\n",
        1,
    )
    assert scheduled != TRACKED
    with published_world(tmp_path, definition=scheduled) as w:
        assert w.clock.now < 1_782_853_200_000  # before 2026-07-01T00:00:00+03:00
        assert w.client.get(w.url_of("/cycle")).json()["phase"] == "implementation"
        body = {"ballot": "k", "project": "p1", "status": "tendering"}
        r = w.client.post(w.url_of("/implementation/status"), json=body, headers=w.staff)
        assert r.status_code == 201, r.text
        w.clock.now = 1_814_389_200_000  # 2027-07-01T00:00:00+03:00: the phase closed
        assert w.client.get(w.url_of("/cycle")).json()["phase"] == "between"
        staff = login(w.client, "staff1", STAFF_PASSWORD)
        size = w.client.get(w.url_of("/cycle")).json()["entries"]
        body = {"ballot": "k", "project": "p1", "status": "in-progress"}
        r = w.client.post(w.url_of("/implementation/status"), json=body, headers=staff)
        problem(r, 409, "implementation phase")
        assert w.client.get(w.url_of("/cycle")).json()["entries"] == size


def test_the_auditor_checks_the_tracking_against_the_election_record(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """oylama-audit (no code shared with the service) verifies the participation record's
    chain and checkpoints under the election's board key and every tracking entry against the
    published allocations; a forged or truncated record fails."""
    w = world
    record = w.client.get(w.url_of("/record")).content
    cycle = w.client.get(w.url_of("/cycle/record")).content
    assert check_tracking_records(record, cycle) == []
    (tmp_path / "r.json").write_bytes(record)
    (tmp_path / "c.json").write_bytes(cycle)
    assert audit_main(["tracking", str(tmp_path / "r.json"), str(tmp_path / "c.json")]) == 0
    assert "implementation tracking verified" in capsys.readouterr().out
    # a participation record cut short: its last checkpoint no longer covers it
    doc = json.loads(cycle)
    doc["entries"] = doc["entries"][:-1]
    cut = (json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
    assert any("checkpoint" in p for p in check_tracking_records(record, cut))
    # one signed by another key, or of another election
    other = doc | {"board_key": json.loads(record)["board_key"]}
    forged = (json.dumps(other, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
    assert check_tracking_records(record, forged)
    renamed = (
        json.dumps(
            json.loads(cycle) | {"election_id": "x/cycle"},
            separators=(",", ":"),
            ensure_ascii=False,
        )
        + "\n"
    ).encode()
    assert any("not election" in p for p in check_tracking_records(record, renamed))
    (tmp_path / "cut.json").write_bytes(cut)
    assert (
        audit_main(["tracking", str(tmp_path / "r.json"), str(tmp_path / "cut.json"), "--json"])
        == 1
    )
    assert json.loads(capsys.readouterr().out)["passed"] is False


def test_tracking_writes_are_rate_limited(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A flood of entries (a stolen staff session, a script gone wrong) stops at the limit per
    election and hour: 429 with Retry-After, nothing appended."""
    w = world
    monkeypatch.setattr(_tracking, "MAX_PER_HOUR", cycle_size(w) + 1)
    note = {"ballot": "k", "project": "p1", "text": "one more"}
    r = w.client.post(w.url_of("/implementation/notes"), json=note, headers=w.staff)
    assert r.status_code == 201, r.text
    before = cycle_size(w)
    r = w.client.post(w.url_of("/implementation/notes"), json=note, headers=w.staff)
    problem(r, 429, "per election an hour")
    assert int(r.headers["retry-after"]) > 0
    assert cycle_size(w) == before
    # an hour later the window has moved on (the service's clock is the test's)
    w.clock.now += _tracking.HOUR_MS + 1
    staff = login(w.client, "staff1", STAFF_PASSWORD)  # the session may have expired meanwhile
    r = w.client.post(w.url_of("/implementation/notes"), json=note, headers=staff)
    assert r.status_code == 201, r.text


def test_tracking_and_the_map_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """The same writes and reads on PostgreSQL: the log, the fold and the city list."""
    with published_world(tmp_path, pg_url) as w:
        r = w.client.post(
            w.url_of("/implementation/status"),
            json={"ballot": "k", "project": "p1", "status": "in-progress", "spent": "10.25"},
            headers=w.staff,
        )
        assert r.status_code == 201, r.text
        r = w.client.post(
            w.url_of("/implementation/notes"),
            json={"ballot": "k", "project": "p1", "text": XSS},
            headers=w.staff,
        )
        assert r.status_code == 201, r.text
        p1 = project(w, "p1")
        assert p1["status"] == "in-progress" and p1["spent"] == "10.25"
        assert p1["history"][-1]["text"] == XSS
        data = base64.b64encode(CITY_CSV.encode()).decode()
        r = w.client.post(
            f"{API}/city-projects/import", json={"format": "csv", "data": data}, headers=w.staff
        )
        assert r.status_code == 200, r.text
        features = w.client.get(f"{API}/map.geojson?stage=under-way").json()["features"]
        assert {f["properties"]["id"] for f in features} == {"p1", "c-2"}
        assert SafeXml.fromstring(w.client.get("/map.atom").content).tag == f"{ATOM}feed"
