"""The demo's neighbourhood assemblies (issue #18 item 4): two Karşıyaka meetings with agendas
linked to ballot projects, a show of hands, a quick vote with one-time slips, and minutes --
every step through the public API, as the console does it, each an entry of the
participation log."""

from __future__ import annotations

import json
import random

from oylama.client import ServiceClient

#: (meeting, [(agenda item, projects)], minutes)
_MEETINGS = [
    (
        {
            "date": "2026-10-03",
            "district": "bostanli",
            "neighbourhood": "Bostanlı",
            "attendees": 46,
            "title": "Bostanlı Mahalle Meclisi — Ekim 2026",
        },
        [
            ("Sahil bisiklet yolunun yenilenmesi", ["BOS-01"]),
            ("Mahalle için öncelikli ihtiyaçlar", []),
        ],
        "Toplantı Bostanlı Muhtarlığı'nda 19:00'da başladı; 46 kişi katıldı.\n"
        "1. Bisiklet yolu: katılımcılar gece aydınlatmasının öncelikli olmasını istedi.\n"
        "2. İhtiyaçlar: gölgelik ve içme suyu noktaları öne çıktı.",
    ),
    (
        {
            "date": "2026-10-10",
            "district": "alaybey",
            "neighbourhood": "Tersane",
            "attendees": 31,
            "title": "Alaybey–Tersane Mahalle Meclisi",
        },
        [("Tersane Sokağı'nın yayalaştırılması", ["ALB-01"])],
        "Toplantı Tersane Sokağı'nda açık havada yapıldı; esnaf ve sakinler katıldı.\n"
        "Yayalaştırma fişlerle hızlı oylamaya sunuldu.",
    ),
]


def demo_assemblies(staff: ServiceClient, election_id: str, rng: random.Random) -> str:
    """Record the demo's assemblies with ``staff`` 's session; their residents' page path."""

    def call(method: str, path: str, body: object | None = None, *, auth: bool = True) -> object:
        data = None if body is None else json.dumps(body).encode()
        return staff.request(method, path, body=data, auth=auth).json()

    base = f"/elections/{election_id}/assemblies"
    for meeting, agenda, minutes in _MEETINGS:
        items = [{"text": text, "projects": projects} for text, projects in agenda]
        created = call("POST", base, {**meeting, "agenda": items, "minutes": minutes})
        assert isinstance(created, dict)
        one = f"{base}/{created['id']}"
        attendees = int(meeting["attendees"])  # type: ignore[call-overload]
        if created["id"] == "a1":
            call(
                "POST",
                f"{one}/items/1/hands",
                {"yes": 38, "no": 5, "abstain": 3, "advice": "Aydınlatma öncelikli olsun."},
            )
            call(
                "POST",
                f"{one}/items/2/hands",
                {"yes": 41, "no": 0, "abstain": 5, "advice": "Gölgelik ve su noktaları önerilir."},
            )
            continue  # fmt: skip
        slips = call("POST", f"{one}/slips", {"count": attendees})
        assert isinstance(slips, dict)
        call("POST", f"{one}/items/1/quick-vote")
        for code in slips["codes"][: attendees - 3]:
            choice = rng.choices(["yes", "no", "abstain"], weights=[7, 2, 1])[0]
            call("POST", f"{one}/items/1/slip-votes", {"code": code, "choice": choice}, auth=False)
        call("POST", f"{one}/items/1/quick-vote/close",
             {"advice": "Yayalaştırma, teslimat saatleri düzenlenerek önerilir."})  # fmt: skip
    return base
