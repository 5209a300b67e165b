"""The demo's implementation tracking: funded Karşıyaka projects followed after the vote, and
a few projects of the municipality's own list on the city map (issue #18 items 2 and 3).

Called with one line from ``_run`` once the result is published. The dates and amounts are
made up for the demo; the service checks them like any other (only funded projects, sensible
transitions, a reason for a cancellation).
"""

from __future__ import annotations

import base64
import json

from oylama.client import ServiceClient, StyleResult

#: Example projects of the municipality's own list (fictional), shown on /map beside the vote.
_CITY_ROWS = (
    ("id", "name", "status", "district", "neighbourhood", "purpose", "audience", "sdg"),
    ("ksk-2024-01", "Bostanlı sahil bisiklet yolu yenilemesi", "done", "Karşıyaka", "Bostanlı"),
    ("ksk-2025-02", "Mavişehir yağmur suyu hasadı", "in-progress", "Karşıyaka", "Mavişehir"),
    ("ksk-2025-03", "Alaybey kütüphanesine engelsiz giriş", "tendering", "Karşıyaka", "Alaybey"),
    ("ksk-2026-04", "Örnekköy toplum bahçesi", "planned", "Karşıyaka", "Örnekköy"),
)
_CITY_MORE = (
    ("start", "cost", "latitude", "longitude"),
    ("Güvenli ulaşım", "everyone", "SDG11;SDG13", "2024-04-01", "2450000", "38.4585", "27.0968"),
    ("Su verimliliği", "everyone", "SDG6;SDG13", "2025-06-15", "1200000", "38.4710", "27.0790"),
    ("Erişilebilirlik", "disabled people", "SDG10", "2025-09-01", "380000", "38.4555", "27.1190"),
    ("Yerel gıda", "older people;children", "SDG2", "2026-03-01", "150000", "38.4790", "27.1210"),
)
CITY_CSV = "".join(",".join((*a, *b)) + "\n" for a, b in zip(_CITY_ROWS, _CITY_MORE, strict=True))

#: What happens to the funded projects, in the order the rule funded them.
_STEPS: list[list[dict[str, object]]] = [
    [
        {"status": "tendering", "spent": "0"},
        {"status": "in-progress", "spent": "120000", "started": "2026-09-01"},
        {"status": "done", "spent": "236500.40", "started": "2026-09-01", "finished": "2027-02-20"},
    ],
    [
        {"status": "tendering", "spent": "0"},
        {"status": "in-progress", "spent": "85000", "started": "2026-10-15"},
    ],
    [{"status": "tendering", "spent": "0"}],
    [
        {
            "status": "cancelled",
            "spent": "0",
            "reason": "Zemin etüdü alanın uygun olmadığını gösterdi.",
        }
    ],
]
_NOTES = [
    "İhale tamamlandı; yüklenici sahaya çıktı.",
    "Çalışmalar sürüyor; mahalle sakinleri ile bilgilendirme toplantısı yapıldı.",
]


def _post(client: ServiceClient, path: str, body: dict[str, object]) -> None:
    client.request("POST", path, body=json.dumps(body).encode())


def demo_tracking(staff: ServiceClient, election_id: str, results: list[StyleResult]) -> None:
    """Record statuses and notes for the first funded projects, and import the city's list."""
    funded = [(r.style, p) for r in results for p in r.selected]
    base = f"/elections/{election_id}/implementation"
    for k, (ballot, project) in enumerate(funded[: len(_STEPS)]):
        for step in _STEPS[k]:
            _post(staff, f"{base}/status", {"ballot": ballot, "project": project, **step})
        if k < len(_NOTES):
            _post(staff, f"{base}/notes", {"ballot": ballot, "project": project, "text": _NOTES[k]})
    data = base64.b64encode(CITY_CSV.encode()).decode()
    _post(staff, "/city-projects/import", {"format": "csv", "data": data})
