"""A small real election for the red-team tests of the spoiled-ballot and map attacks.

Everything goes through the real service (:func:`oylama.service.testing.run_service`) and the
reference clients: staff create the election from a TOML definition, upload a credential list,
run a ``t``-of-``n`` ceremony with real trustees and open it. The caller votes and, when it
wants, :func:`finish` closes, decrypts, tallies and publishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceremony_helpers import start
from oylama import ballots, credentials
from oylama.client import ServiceClient, Trustee
from oylama.service.testing import ADMIN, ADMIN_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
STAFF_PASSWORD = "staff-password-for-tests"


@dataclass
class Opened:
    """An open election: its id, the staff client, the voters' secret codes, the trustees."""

    election_id: str
    staff: ServiceClient
    codes: list[str]
    trustees: list[Trustee]


def open_election(
    url: str, definition: str, tmp_path: Path, districts: list[str], *, trustees: int = 2
) -> Opened:
    """Create, fill and open an election (a ``trustees``-of-``trustees`` ceremony)."""
    admin = ServiceClient(url)
    admin.login(ADMIN, ADMIN_PASSWORD)
    admin.create_account("staff", STAFF_PASSWORD, "staff")
    admin.close()
    staff = ServiceClient(url)
    staff.login("staff", STAFF_PASSWORD)
    eid = ballots.loads(definition).election.id
    staff.create_election(definition)
    roll = [
        credentials.RollEntry(voter_id=f"v{k}", district=d, line=k + 2)
        for k, d in enumerate(districts)
    ]
    secret, public = credentials.generate(roll, election_id=eid)
    listed = credentials.dump_public_list(public)
    staff.upload_credentials(eid, listed)
    people, _ = start(
        staff,
        url,
        eid,
        tmp_path / "trustees",
        trustees=trustees,
        threshold=trustees,
        fingerprint=credentials.fingerprint(listed),
    )
    for _ in range(3):
        for t in people:
            t.step()
    staff.open(eid)
    return Opened(eid, staff, [s.code for s in secret], people)


def finish(opened: Opened) -> None:
    """Close, let every trustee decrypt, tally and publish."""
    opened.staff.close_election(opened.election_id)
    for t in opened.trustees:
        t.step()
    opened.staff.tally(opened.election_id)
    opened.staff.publish(opened.election_id)


def page(browser: Any, url: str) -> Any:
    """A fresh desktop page on ``url`` that collects the page's script errors in ``.errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=url)
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.errors = errors
    return p
