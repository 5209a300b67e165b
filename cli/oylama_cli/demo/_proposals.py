"""The demo's proposals (issue #18 item 1): residents of Karşıyaka propose and support ideas,
staff hide one with a public reason, review the others and put the feasible ones on the
ballot -- all through the real service, each resident action signed with the key of a demo
credential code, exactly as the residents' page signs it.

:func:`seed_proposals` is called by the demo while the election is a draft in its proposals
phase, after the credential list is uploaded and before the key ceremony;
:func:`proposals_election` makes such an election for ``oylama demo --serve``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import msgspec

from oylama import ballots, credentials
from oylama.client import ServiceClient
from oylama.cycle import ProposalContent, encode_content, sign_statement


@dataclass(frozen=True)
class Idea:
    """One demo proposal: what residents write, and what staff decide about it."""

    title: str
    description: str
    cost: str
    category: str
    sdg: tuple[str, ...]
    audience: tuple[str, ...]
    latitude: float
    longitude: float
    address: str
    supporters: int
    decision: str  # "feasible", "infeasible" or "hide"
    assessment: str


#: Karşıyaka's ideas (synthetic): three feasible, one infeasible, one hidden by moderators.
IDEAS = (
    Idea(
        "Bostanlı sahiline gölgelik ve çeşme",
        "Sahil yürüyüş yolu boyunca ağaç dikimi, gölgelikli oturma alanları ve içme suyu "
        "çeşmeleri. Yazın sıcakta yürüyenler için serinlik.",
        "420000",
        "çevre",
        ("SDG11", "SDG13"),
        ("yaşlılar", "çocuklu aileler"),
        38.4593,
        27.0948,
        "Bostanlı sahili, İskele önü",
        6,
        "feasible",
        "Sahil düzenleme projesiyle uyumlu; ağaç türleri tuzlu rüzgâra dayanıklı seçilmeli.",
    ),
    Idea(
        "Bostanlı'da çocuk kütüphanesi",
        "Kullanılmayan muhtarlık binasında hafta sonları açık bir çocuk kütüphanesi ve "
        "okuma atölyesi.",
        "250000",
        "eğitim",
        ("SDG4",),
        ("çocuklar",),
        38.4612,
        27.1012,
        "Bostanlı, eski muhtarlık binası",
        4,
        "feasible",
        "Bina belediyenin; deprem güçlendirmesi maliyete eklendi.",
    ),
    Idea(
        "Karşıyaka çarşısına bisiklet park yerleri",
        "Çarşı girişlerine kilitlenebilir bisiklet park yerleri ve bir bisiklet tamir istasyonu.",
        "90000",
        "ulaşım",
        ("SDG3", "SDG11"),
        ("bisiklet kullananlar",),
        38.4556,
        27.1100,
        "Karşıyaka çarşısı girişleri",
        3,
        "feasible",
        "Kaldırım genişliği yeterli; üç girişte uygulanabilir.",
    ),
    Idea(
        "Körfeze yüzen havuz",
        "Körfezin içine, sahile bağlı yüzen bir yüzme havuzu.",
        "9000000",
        "spor",
        ("SDG3",),
        ("gençler",),
        38.4570,
        27.0990,
        "Körfez, Karşıyaka iskelesi açığı",
        2,
        "infeasible",
        "Körfez suyu yüzmeye uygun değil; kıyı kanunu kapsamında izin alınamaz.",
    ),
    Idea(
        "Komşumun bahçesi otopark olsun",
        "Adresi ve adı verilen bir komşunun bahçesinin otoparka çevrilmesi.",
        "50000",
        "ulaşım",
        (),
        (),
        38.4601,
        27.1050,
        "(kişisel adres)",
        0,
        "hide",
        "Kişisel veri içeriyor ve özel mülk hakkında; öneri gizlendi, kaydı herkese açık.",
    ),
)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def propose_ideas(
    url: str, election_id: str, codes: list[tuple[str, str]], *, district: str
) -> list[tuple[str, Idea]]:
    """Residents propose :data:`IDEAS` for ``district`` with the codes ``(code, district)`` of
    that district and support them (the proposals phase); returns each proposal's id."""
    mine = [code for code, d in codes if d == district]
    needed = ideas_need()
    if len(mine) < needed:
        raise ValueError(f"the demo's proposals need {needed} codes of district {district}")
    keys = [credentials.signing_key(code, election_id) for code in mine]
    resident = ServiceClient(url)
    base = f"/elections/{election_id}/proposals"
    made: list[tuple[str, Idea]] = []
    try:
        for n, idea in enumerate(IDEAS):
            content = ProposalContent(
                title=idea.title,
                description=idea.description,
                cost=idea.cost,
                district=district,
                category=idea.category,
                sdg=idea.sdg,
                audience=idea.audience,
                latitude=idea.latitude,
                longitude=idea.longitude,
                address=idea.address,
            )
            data = encode_content(content)
            key = keys[n]
            body = {
                "content": data.decode(),
                "credential": _b64(bytes(key.verify_key)),
                "signature": _b64(sign_statement(key, election_id, "proposal", data)),
            }
            answer = resident.request("POST", base, body=msgspec.json.encode(body), auth=False)
            pid = str(answer.json()["id"])
            others = [k for k in keys if k is not key][: idea.supporters]
            for supporter in others:
                statement = msgspec.json.encode({"proposal": pid})
                support = {
                    "credential": _b64(bytes(supporter.verify_key)),
                    "signature": _b64(
                        sign_statement(supporter, election_id, "proposal-support", statement)
                    ),
                }
                resident.request(
                    "POST", f"{base}/{pid}/supports", body=msgspec.json.encode(support), auth=False
                )
            made.append((pid, idea))
    finally:
        resident.close()
    return made


def ideas_need() -> int:
    """How many codes of one district :func:`propose_ideas` needs (authors and supporters)."""
    return max(len(IDEAS), max(i.supporters for i in IDEAS) + 1)


def review_ideas(
    staff: ServiceClient, election_id: str, made: list[tuple[str, Idea]], *, ballot: str
) -> list[str]:
    """Staff hide, review and accept the proposals :func:`propose_ideas` made (the feasible
    ones into ``ballot``); one line per proposal saying what became of it."""
    base = f"/elections/{election_id}/proposals"
    lines = []
    for pid, idea in made:
        if idea.decision == "hide":
            staff.request(
                "POST",
                f"{base}/{pid}/moderation",
                body=msgspec.json.encode({"action": "hide", "reason": idea.assessment}),
            )
            lines.append(f"{pid} {idea.title}: hidden ({idea.assessment})")
            continue
        review = {
            "decision": idea.decision,
            "technical": idea.assessment,
            "legal": "İmar planına ve mevzuata uygun."
            if idea.decision == "feasible"
            else "Kıyı Kanunu'na aykırı.",
            "cost": None,
        }
        staff.request("POST", f"{base}/{pid}/review", body=msgspec.json.encode(review))
        if idea.decision == "feasible":
            staff.request(
                "POST", f"{base}/{pid}/accept", body=msgspec.json.encode({"ballot": ballot})
            )
            lines.append(f"{pid} {idea.title}: {idea.supporters} supports, on ballot {ballot}")
        else:
            lines.append(f"{pid} {idea.title}: not feasible ({idea.assessment})")
    return lines


def seed_proposals(
    url: str,
    staff: ServiceClient,
    election_id: str,
    codes: list[tuple[str, str]],
    *,
    district: str,
    ballot: str,
) -> list[str]:
    """:func:`propose_ideas` then :func:`review_ideas` (reviews may start in the proposals
    phase, cycle §4.5)."""
    made = propose_ideas(url, election_id, codes, district=district)
    return review_ideas(staff, election_id, made, ballot=ballot)


def _z(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def in_proposals_phase(text: str, election_id: str, now: datetime) -> str:
    """The example definition as a new election ``election_id`` in its proposals phase:
    proposals from yesterday for two weeks, review for two weeks after, then the vote."""
    day = timedelta(days=1)
    text = re.sub(r'(?m)^id = "[^"]+"', f'id = "{election_id}"', text, count=1)
    text = re.sub(r"(?m)^opens = \S+", f"opens = {_z(now + 28 * day)}", text, count=1)
    text = re.sub(r"(?m)^closes = \S+", f"closes = {_z(now + 58 * day)}", text, count=1)
    phases = (
        f"proposals = {{ opens = {_z(now - day)}, closes = {_z(now + 14 * day)} }}\n"
        f"review = {{ opens = {_z(now + 14 * day)}, closes = {_z(now + 28 * day)} }}\n"
    )
    return re.sub(r"(?m)^(closes = \S+\n)", lambda m: m.group(1) + phases, text, count=1)


def proposals_election(
    url: str, staff: ServiceClient, text: str, say: Callable[[str], object]
) -> str:
    """A draft Karşıyaka election in its proposals phase, with :data:`IDEAS` proposed,
    supported, moderated, reviewed and the feasible ones on the ballot; ``say`` prints where to
    look and two unused codes to propose with. Returns the election id."""
    base = ballots.loads(text)
    eid = f"{base.election.id}-oneriler"
    definition = in_proposals_phase(text, eid, datetime.now(UTC))
    staff.create_election(definition)
    district = "bostanli"
    ballot = next(b.id for b in ballots.loads(definition).ballots if b.district == district)
    roll = [
        credentials.RollEntry(voter_id=f"{d.id}-{k}", district=d.id, line=0)
        for d in base.districts
        for k in range(10 if d.id == district else 2)
    ]
    secret, public = credentials.generate(roll, election_id=eid)
    staff.upload_credentials(eid, credentials.dump_public_list(public))
    codes = [(s.code, s.district) for s in secret]
    lines = seed_proposals(url, staff, eid, codes, district=district, ballot=ballot)
    say(f"Residents' proposals of {eid} (proposals phase; review, then the vote, follow):")
    say(f"  {url}/elections/{eid}/proposals")
    for line in lines:
        say(f"  {line}")
    unused = [c for c, d in codes if d == district][-2:]
    say(f"  propose or support with an unused code of {district}: {', '.join(unused)}")
    return eid
