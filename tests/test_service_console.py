"""The staff console's sessions and accounts over the real service (issue #16, service.md §1.1).

A cookie session is what the browser console signs in with: the token in an HttpOnly,
SameSite=Strict cookie, a CSRF token every state-changing request must carry in
``X-CSRF-Token``, an idle limit, the same lock-out as bearer sign-ins. Each attack is a test:
a forged cross-site request (no or a wrong CSRF token) changes nothing; a cookie token
presented as a bearer token (or the reverse) is refused; an idle or signed-out session is
refused; a disabled account cannot sign in and its sessions end at once.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from PIL import Image

from oylama import ballots
from oylama.service._accounts import IDLE_MS
from oylama.service._cookies import COOKIE, csrf_token
from oylama.service.testing import ADMIN, ADMIN_PASSWORD, run_service
from test_service_election import (
    API,
    DEFINITION,
    EID,
    JSON,
    STAFF_PASSWORD,
    Clock,
    DetRng,
    Driver,
    login,
    open_election,
    problem,
)


@dataclass
class Console:
    url: str
    clock: Clock
    admin: dict[str, str]


@pytest.fixture
def console(sqlite_url: str) -> Iterator[Console]:
    clock = Clock()
    with (
        run_service(sqlite_url, clock=clock, rng=DetRng(11)) as url,
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
        yield Console(url, clock, admin)


def browser(c: Console) -> httpx.Client:
    """A client that keeps cookies like a browser (plain HTTP: no Secure cookies expected)."""
    return httpx.Client(base_url=c.url, headers=JSON, timeout=60.0)


def cookie_login(client: httpx.Client, username: str, password: str = STAFF_PASSWORD) -> str:
    """Sign in with a cookie session; the CSRF token the page is told."""
    r = client.post(
        f"{API}/session", json={"username": username, "password": password, "cookie": True}
    )
    assert r.status_code == 201, r.text
    return str(r.json()["csrf_token"])


def test_cookie_session_attributes_and_csrf(console: Console) -> None:
    with browser(console) as b:
        r = b.post(
            f"{API}/session",
            json={"username": "staff1", "password": STAFF_PASSWORD, "cookie": True},
        )
        assert r.status_code == 201, r.text
        body = r.json()
        # the token itself never reaches the page's script: only the CSRF token does
        assert set(body) == {"username", "role", "expires_at", "csrf_token", "idle_ms"}
        assert body["role"] == "staff" and body["idle_ms"] == IDLE_MS
        set_cookie = r.headers["set-cookie"]
        attrs = [a.strip() for a in set_cookie.split(";")]
        assert attrs[0].startswith(f"{COOKIE}=")
        assert "HttpOnly" in attrs and "SameSite=Strict" in attrs and "Path=/" in attrs
        assert "Secure" not in attrs  # served over plain HTTP here
        token = attrs[0].split("=", 1)[1]
        assert body["csrf_token"] == csrf_token(token) != token
        csrf = body["csrf_token"]

        # GET /session tells a reloaded page its CSRF token again
        info = b.get(f"{API}/session").json()
        assert info["username"] == "staff1" and info["csrf_token"] == csrf

        # a state-changing request with the cookie but no (or a wrong) CSRF token: 403, and
        # nothing is created -- what a page of another site could make the browser send
        for headers in ({}, {"X-CSRF-Token": "x" * 43}, {"X-CSRF-Token": csrf[:-1]}):
            r = b.post(f"{API}/elections", json={"definition": DEFINITION}, headers=headers)
            problem(r, 403, "X-CSRF-Token")
        assert b.get(f"{API}/elections/{EID}").status_code == 404
        # reads need no CSRF token; with it the write goes through
        assert b.get(f"{API}/console/elections").json() == []
        r = b.post(
            f"{API}/elections", json={"definition": DEFINITION}, headers={"X-CSRF-Token": csrf}
        )
        assert r.status_code == 201, r.text
        listed = b.get(f"{API}/console/elections").json()
        assert [(e["id"], e["staff"], e["test"]) for e in listed] == [(EID, True, False)]

        # the cookie's token is not a bearer token, and the CSRF token is neither
        for bad in (token, csrf):
            with httpx.Client(base_url=console.url, headers=JSON) as other:
                r = other.get(f"{API}/session", headers={"Authorization": f"Bearer {bad}"})
                problem(r, 401)
        # and a bearer token is not a cookie
        bearer = login(b, "staff2", STAFF_PASSWORD)["Authorization"].split()[1]
        with httpx.Client(base_url=console.url, headers=JSON) as other:
            other.cookies.set(COOKIE, bearer)
            problem(other.get(f"{API}/session"), 401)

        # sign out: the cookie is cleared and the token refused afterwards
        problem(b.delete(f"{API}/session"), 403)  # DELETE is state-changing too
        r = b.delete(f"{API}/session", headers={"X-CSRF-Token": csrf})
        assert r.status_code == 204, r.text
        assert "Max-Age=0" in r.headers["set-cookie"]
        with httpx.Client(base_url=console.url, headers=JSON) as other:
            other.cookies.set(COOKIE, token)
            problem(other.get(f"{API}/session"), 401)
            r = other.post(
                f"{API}/elections",
                json={"definition": DEFINITION.replace(EID, "x-2026")},
                headers={"X-CSRF-Token": csrf},
            )
            problem(r, 401)


def test_cookie_session_idle_expiry(console: Console) -> None:
    with browser(console) as b:
        cookie_login(b, "staff1")
        # used within the idle limit, the session lives on (each use restarts the idle time)
        for _ in range(3):
            console.clock.now += IDLE_MS - 60_000
            assert b.get(f"{API}/session").status_code == 200
        # left alone for the idle limit, it is gone
        console.clock.now += IDLE_MS
        problem(b.get(f"{API}/session"), 401)
        problem(b.get(f"{API}/console/elections"), 401)
        # a bearer session has no idle limit (programs), only its lifetime
    with httpx.Client(base_url=console.url, headers=JSON) as client:
        bearer = login(client, "staff1", STAFF_PASSWORD)
        console.clock.now += 2 * IDLE_MS
        assert client.get(f"{API}/session", headers=bearer).status_code == 200


def test_cookie_sign_in_shares_the_lockout(console: Console) -> None:
    """Five failed cookie sign-ins lock the user out at this address like bearer ones; the
    right password is then refused too until the wait is over."""
    with browser(console) as b:
        for _ in range(5):
            r = b.post(
                f"{API}/session",
                json={"username": "staff1", "password": "wrong-password", "cookie": True},
            )
            problem(r, 401)
        r = b.post(
            f"{API}/session",
            json={"username": "staff1", "password": STAFF_PASSWORD, "cookie": True},
        )
        problem(r, 429)
        assert "set-cookie" not in r.headers
        console.clock.now += 60_000
        cookie_login(b, "staff1")


def test_admin_manages_accounts(console: Console) -> None:
    with browser(console) as admin_b, browser(console) as staff_b, browser(console) as obs_b:
        csrf = cookie_login(admin_b, ADMIN, ADMIN_PASSWORD)
        staff_csrf = cookie_login(staff_b, "staff1")
        obs_csrf = cookie_login(obs_b, "obs")
        h = {"X-CSRF-Token": csrf}
        # create a staff account through the console
        r = admin_b.post(
            f"{API}/accounts",
            json={"username": "staff9", "password": STAFF_PASSWORD, "role": "staff"},
            headers=h,
        )
        assert r.status_code == 201, r.text
        # staff and observers cannot manage accounts
        for client, token in ((staff_b, staff_csrf), (obs_b, obs_csrf)):
            problem(client.get(f"{API}/accounts"), 403)
            r = client.patch(
                f"{API}/accounts/staff9", json={"disabled": True}, headers={"X-CSRF-Token": token}
            )
            problem(r, 403)
        # staff1 creates an election; the admin assigns staff9 to it
        r = staff_b.post(
            f"{API}/elections",
            json={"definition": DEFINITION},
            headers={"X-CSRF-Token": staff_csrf},
        )
        assert r.status_code == 201, r.text
        r = admin_b.post(f"{API}/elections/{EID}/staff", json={"username": "staff9"}, headers=h)
        assert r.status_code == 201, r.text
        accounts = {a["username"]: a for a in admin_b.get(f"{API}/accounts").json()}
        assert accounts["staff9"] == {
            "username": "staff9",
            "role": "staff",
            "disabled": False,
            "elections": [EID],
        }
        # staff9 signs in and sees the election; then the admin disables staff9
        with browser(console) as nine:
            cookie_login(nine, "staff9")
            assert [e["id"] for e in nine.get(f"{API}/console/elections").json()] == [EID]
            r = admin_b.patch(f"{API}/accounts/staff9", json={"disabled": True}, headers=h)
            assert r.status_code == 200 and r.json()["disabled"] is True
            # its session ended at once, and the right password now says it is disabled
            problem(nine.get(f"{API}/console/elections"), 401)
            r = nine.post(
                f"{API}/session",
                json={"username": "staff9", "password": STAFF_PASSWORD, "cookie": True},
            )
            problem(r, 403, "disabled")
            # a wrong password says only that it is wrong (nothing about the account)
            r = nine.post(
                f"{API}/session", json={"username": "staff9", "password": "nope-nope-nope"}
            )
            problem(r, 401, "wrong user name or password")
        # enabled again, it signs in
        r = admin_b.patch(f"{API}/accounts/staff9", json={"disabled": False}, headers=h)
        assert r.status_code == 200 and r.json()["disabled"] is False
        with browser(console) as nine:
            cookie_login(nine, "staff9")
        # the last enabled admin cannot be disabled; an unknown account is 404
        problem(admin_b.patch(f"{API}/accounts/{ADMIN}", json={"disabled": True}, headers=h), 409)
        problem(admin_b.patch(f"{API}/accounts/nobody", json={"disabled": True}, headers=h), 404)
        # the admin reads who did what in the audit log; staff read only their election's
        log = admin_b.get(f"{API}/audit").json()
        actions = [(e["username"], e["action"], e["detail"]) for e in reversed(log)]
        assert (ADMIN, "account-created", "staff9 (staff)") in actions
        assert ("staff1", "election-created", "") in actions
        assert (ADMIN, "staff-added", "staff9") in actions
        assert (ADMIN, "account-disabled", "staff9") in actions
        assert (ADMIN, "account-enabled", "staff9") in actions
        problem(staff_b.get(f"{API}/audit"), 403)
        mine = staff_b.get(f"{API}/audit", params={"election": EID}).json()
        assert {e["election"] for e in mine} == {EID}


def test_every_state_changing_request_needs_the_csrf_token(console: Console) -> None:
    """Each state-changing endpoint a console session can reach refuses the cookie alone
    (403) and changes nothing: the audit log and the board stay as they were."""
    e = f"{API}/elections/{EID}"
    writes = [
        ("POST", f"{API}/elections", {"definition": DEFINITION.replace(EID, "csrf-2026")}),
        ("PUT", f"{e}/definition", {"definition": DEFINITION.replace("Deneme", "Başka")}),
        ("PUT", f"{e}/credentials", {"list": "x"}),
        ("POST", f"{e}/staff", {"username": "staff2"}),
        ("DELETE", f"{e}/staff/staff1", None),
        ("POST", f"{e}/photos", {"data": "AAAA"}),
        ("DELETE", f"{e}/photos/{'0' * 64}", None),
        ("POST", f"{e}/projects/import", {"ballot": "k", "format": "csv", "data": "AAAA"}),
        ("POST", f"{e}/ceremony", {"trustees": 1, "threshold": 1, "trustee_keys": []}),
        ("POST", f"{e}/open", None),
        ("POST", f"{e}/close", None),
        ("POST", f"{e}/tally", None),
        ("POST", f"{e}/publish", None),
        ("DELETE", e, None),
        (
            "POST",
            f"{API}/accounts",
            {"username": "x1", "password": STAFF_PASSWORD, "role": "staff"},
        ),
        ("PATCH", f"{API}/accounts/staff2", {"disabled": True}),
        ("DELETE", f"{API}/session", None),
    ]
    with browser(console) as admin_b, browser(console) as staff_b:
        admin_csrf = cookie_login(admin_b, ADMIN, ADMIN_PASSWORD)
        csrf = cookie_login(staff_b, "staff1")
        r = staff_b.post(
            f"{API}/elections",
            json={"definition": DEFINITION, "test": True},
            headers={"X-CSRF-Token": csrf},
        )
        assert r.status_code == 201 and r.json()["test"] is True, r.text
        before = admin_b.get(f"{API}/audit").json()
        view = staff_b.get(f"{e}/staff-view").json()
        for client, token in ((staff_b, csrf), (admin_b, admin_csrf)):
            for method, path, body in writes:
                for headers in ({}, {"X-CSRF-Token": token + "x"}):
                    r = client.request(method, path, json=body, headers=headers)
                    problem(r, 403, "X-CSRF-Token")
        assert admin_b.get(f"{API}/audit").json() == before
        assert staff_b.get(f"{e}/staff-view").json() == view
        # with the token, the test election is deleted (and that is in the audit log)
        assert staff_b.delete(e, headers={"X-CSRF-Token": csrf}).status_code == 204
        assert staff_b.get(e).status_code == 404
        assert admin_b.get(f"{API}/audit").json()[0]["action"] == "test-election-deleted"


# -- settings as JSON documents: the loader's checks and messages -----------------------------


def _document_and_toml() -> tuple[dict[str, Any], str]:
    """DEFINITION with three mistakes, as the console's JSON document and as TOML text."""
    doc = tomllib.loads(DEFINITION)
    doc["ballots"][0]["projects"][1]["cost"] = "30,50"
    doc["ballots"][0]["rule"] = "mes"
    doc["ballots"][0]["projects"][2]["sdg"] = ["SDG18"]
    text = (
        DEFINITION.replace('cost = "30.50"', 'cost = "30,50"')
        .replace('rule = "greedy"', 'rule = "mes"', 1)
        .replace("cost = 70\n", 'cost = 70\nsdg = ["SDG18"]\n', 1)
    )
    return doc, text


def test_document_errors_are_those_of_ballot_validate(console: Console) -> None:
    doc, text = _document_and_toml()
    with pytest.raises(ballots.DefinitionError) as cli:
        ballots.loads(text)
    expected = [(p.field, p.reason) for p in cli.value.problems]
    with browser(console) as b:
        csrf = cookie_login(b, "staff1")
        h = {"X-CSRF-Token": csrf}
        r = b.post(f"{API}/elections", json={"document": doc}, headers=h)
        body = problem(r, 422)
        got = [(e["field"], e["message"]) for e in body["errors"]]
        # the same problems, in the same order, with the same messages as the CLI's checks
        # (the money problem is found first and alone, as `oylama ballot validate` does)
        assert got == expected, (got, expected)
        assert got[0][0] == "ballots[0].projects[1].cost"
        assert b.get(f"{API}/console/elections").json() == []
        # fixed, it is created; then each save is checked the same way and changes nothing
        doc["ballots"][0]["projects"][1]["cost"] = "30.50"
        doc["ballots"][0]["rule"] = "greedy"
        del doc["ballots"][0]["projects"][2]["sdg"]
        r = b.post(f"{API}/elections", json={"document": doc, "test": True}, headers=h)
        assert r.status_code == 201, r.text
        doc["ballots"][0]["projects"][0]["start"] = "2027-02-30"
        doc["ballots"][0]["projects"][0]["audience"] = ["çocuklar", "çocuklar"]
        r = b.put(f"{API}/elections/{EID}/definition", json={"document": doc}, headers=h)
        fields = [e["field"] for e in problem(r, 422)["errors"]]
        assert fields and all(f.startswith("ballots[0].projects[0].") for f in fields), fields
        view = b.get(f"{API}/elections/{EID}/staff-view").json()
        assert view["document"]["ballots"][0]["projects"][0].get("start") is None
        # both forms at once, or neither, is a 400
        both = {"document": doc, "definition": DEFINITION}
        problem(b.put(f"{API}/elections/{EID}/definition", json=both, headers=h), 400)
        problem(b.put(f"{API}/elections/{EID}/definition", json={}, headers=h), 400)


# -- the voting window ------------------------------------------------------------------------

WINDOW = DEFINITION.replace(
    'currency = "TRY"\n',
    'currency = "TRY"\nopens = 2026-06-01T00:00:00Z\ncloses = 2026-06-02T00:00:00Z\n',
)
OPENS_MS = 1_780_272_000_000  # 2026-06-01T00:00:00Z
CLOSES_MS = OPENS_MS + 86_400_000


def test_casts_only_inside_the_announced_window(console: Console) -> None:
    assert console.clock.now < OPENS_MS
    with httpx.Client(base_url=console.url, headers=JSON, timeout=60.0) as client:
        staff = login(client, "staff2", STAFF_PASSWORD)
        d = Driver(client, staff, eid="early-2026")
        open_election(d, ["d1"], definition=WINDOW)
        # a staff close before `closes` (before `opens`, even) works
        assert client.post(d.url("/close"), headers=staff).status_code == 200
    with httpx.Client(base_url=console.url, headers=JSON, timeout=60.0) as client:
        staff = login(client, "staff1", STAFF_PASSWORD)
        d = Driver(client, staff)
        # staff may open before `opens` (residents see the page) ...
        open_election(d, ["d1", "d1"], definition=WINDOW)
        # ... but no ballot is taken before it, nor from `closes` on
        body = d.ballot_body(d.voters[0], "k", [1, 0, 0])
        problem(d.cast(body), 409, "voting opens at 2026-06-01T00:00:00Z")
        console.clock.now = OPENS_MS
        r = d.cast(body)
        assert r.status_code in (200, 201), r.text
        console.clock.now = CLOSES_MS
        problem(d.cast(d.ballot_body(d.voters[1], "k", [0, 1, 0])), 409, "voting closed at")
        # the retry of the ballot cast inside the window still gets its receipt
        assert d.cast(body).status_code in (200, 201)
        # a staff close after `closes` works (signed in again: days have passed)
        staff = login(client, "staff1", STAFF_PASSWORD)
        assert client.post(d.url("/close"), headers=staff).status_code == 200
    # opening after `closes` is refused with the reason
    with httpx.Client(base_url=console.url, headers=JSON, timeout=60.0) as client:
        staff = login(client, "staff2", STAFF_PASSWORD)
        d = Driver(client, staff, eid="late-2026")
        d.create(WINDOW)
        d.credentials(["d1"])
        d.start_ceremony(1, 1)
        d.run_ceremony()
        problem(client.post(d.url("/open"), headers=staff), 409, "closing time")


# -- uploads: photos and sheets ---------------------------------------------------------------


def _png_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 50, 50))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (38.0, 27.0, 0.0)}  # GPSInfo: where the photo was taken
    exif[0x010F] = "SecretCam"
    buf = io.BytesIO()
    image.save(buf, format="JPEG", exif=exif)
    return buf.getvalue()


def test_upload_abuse_is_refused_and_photos_are_served_as_images(console: Console) -> None:
    with browser(console) as b:
        csrf = cookie_login(b, "staff1")
        h = {"X-CSRF-Token": csrf}
        r = b.post(f"{API}/elections", json={"definition": DEFINITION}, headers=h)
        assert r.status_code == 201, r.text
        e = f"{API}/elections/{EID}"
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        html = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
        polyglot = b"\x89PNG\r\n\x1a\n" + html  # a PNG signature, then a page
        for bad in (svg, html, polyglot, b"", b"GIF89a" + bytes(100)):
            r = b.post(f"{e}/photos", json={"data": base64.b64encode(bad).decode()}, headers=h)
            problem(r, 422, "photo")
        # a 50 MB upload is refused by its size before it is read
        huge = base64.b64encode(bytes(50 * 1024 * 1024)).decode()
        r = b.post(f"{e}/photos", json={"data": huge}, headers=h)
        assert r.status_code == 413, r.status_code
        assert b.get(f"{e}/photos").json() == []
        # a real photo is re-encoded: a JPEG without its EXIF (camera, GPS position)
        data = _png_with_gps()
        assert b"SecretCam" in data
        r = b.post(f"{e}/photos", json={"data": base64.b64encode(data).decode()}, headers=h)
        assert r.status_code == 201, r.text
        digest = r.json()["digest"]
        served = b.get(f"{e}/photos/{digest}")
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/jpeg"
        assert served.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in served.headers["content-security-policy"]
        assert hashlib.sha256(served.content).hexdigest() == digest
        stored = Image.open(io.BytesIO(served.content))
        assert stored.format == "JPEG" and stored.size == (40, 30)
        assert not stored.getexif() and b"SecretCam" not in served.content
        # before the definition freezes, only the election's readers see it
        with httpx.Client(base_url=console.url) as anon:
            problem(anon.get(f"{e}/photos/{digest}"), 401)

        # ZIP bombs posing as XLSX sheets are refused before they are unpacked: one that
        # unpacks past the total limit, one whose part is compressed too well
        before = b.get(f"{e}/staff-view").json()["definition"]
        for size in (60 * 1024 * 1024, 10 * 1024 * 1024):
            bomb = io.BytesIO()
            with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", "<Types/>")
                z.writestr("xl/worksheets/sheet1.xml", bytes(size))
            assert len(bomb.getvalue()) < 200_000
            r = b.post(
                f"{e}/projects/import",
                json={
                    "ballot": "k",
                    "format": "xlsx",
                    "data": base64.b64encode(bomb.getvalue()).decode(),
                },
                headers=h,
            )
            problem(r, 422, "ZIP bomb", "refused before unpacking")
        # CSVs with bad rows: each problem by row and column (row 1 is the header), and
        # nothing imported; a cell the sheet reader refuses, then one the loader refuses
        for sheet, cell in (
            ("id,name_tr,cost\np9,Dokuz,12\n,Boş,5\n", (3, "id")),
            ("id,name_tr,cost\np9,Dokuz,12\np8,Sekiz,-3\n", (3, "cost")),
            ("id,name_tr,cost\np9,Dokuz,12\np1,Aynı kimlik,5\n", (3, "id")),
        ):
            r = b.post(
                f"{e}/projects/import",
                json={
                    "ballot": "k",
                    "format": "csv",
                    "data": base64.b64encode(sheet.encode()).decode(),
                },
                headers=h,
            )
            cells = {(x.get("row"), x.get("column")) for x in problem(r, 422)["errors"]}
            assert cell in cells, (sheet, cells)
        assert b.get(f"{e}/staff-view").json()["definition"] == before


@pytest.mark.parametrize("trusted", [True, False])
def test_cookie_is_secure_behind_a_tls_proxy(sqlite_url: str, trusted: bool) -> None:
    """Behind a trusted proxy that says the client came over TLS, the cookie is ``Secure``;
    the same header from an untrusted peer changes nothing."""
    allow = "127.0.0.1" if trusted else "10.9.9.9"
    with (
        run_service(sqlite_url, forwarded_allow_ips=allow) as url,
        httpx.Client(base_url=url, headers=JSON) as client,
    ):
        r = client.post(
            f"{API}/session",
            json={"username": ADMIN, "password": ADMIN_PASSWORD, "cookie": True},
            headers={"X-Forwarded-Proto": "https"},
        )
        assert r.status_code == 201, r.text
        attrs = [a.strip() for a in r.headers["set-cookie"].split(";")]
        assert ("Secure" in attrs) == trusted, attrs


def test_xlsx_import_and_exports(console: Console) -> None:
    """A real XLSX sheet (written by openpyxl) adds its projects; the definition, the CSV of a
    ballot and its Pabulib file come back out."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name_tr", "name_en", "cost", "sdg", "audience", "start"])
    sheet.append(["p4", "Dört", "Four", 25, "SDG3;SDG11", "çocuklar", "2027-06-01"])
    sheet.append(["p5", "Beş", None, "12.75", None, None, None])
    buf = io.BytesIO()
    book.save(buf)
    with browser(console) as b:
        h = {"X-CSRF-Token": cookie_login(b, "staff1")}
        assert b.post(f"{API}/elections", json={"definition": DEFINITION}, headers=h).is_success
        e = f"{API}/elections/{EID}"
        r = b.post(
            f"{e}/projects/import",
            json={
                "ballot": "k",
                "format": "xlsx",
                "data": base64.b64encode(buf.getvalue()).decode(),
            },
            headers=h,
        )
        assert r.status_code == 200, r.text
        assert r.json()["imported"] == 2
        projects = b.get(f"{e}/staff-view").json()["document"]["ballots"][0]["projects"]
        assert [p["id"] for p in projects] == ["p1", "p2", "p3", "p4", "p5"]
        assert projects[3]["sdg"] == ["SDG3", "SDG11"] and projects[3]["start"] == "2027-06-01"
        assert projects[3]["audience"] == ["çocuklar"] and projects[4]["cost"] == "12.75"
        toml = b.get(f"{e}/export", params={"format": "toml"})
        assert toml.status_code == 200 and toml.headers["x-content-type-options"] == "nosniff"
        assert ballots.loads(toml.text).ballot("k").projects[4].id == "p5"
        sheet_out = b.get(f"{e}/export", params={"format": "csv", "ballot": "k"}).text
        assert sheet_out.splitlines()[0].startswith("id,name_tr")
        assert "p4,Dört,Four" in sheet_out
        pb = b.get(f"{e}/export", params={"format": "pabulib", "ballot": "k"})
        assert pb.status_code == 200 and "PROJECTS" in pb.text and "p5;" in pb.text
