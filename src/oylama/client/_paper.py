"""A paper-ballot keying device (docs/spec/service.md §5.2): one staff member's keyer.

The device holds the staff member's Ed25519 keying seed (never sent: the service cannot forge
a keying), publishes its public half once, and keys each paper ballot against the resident's
letter code: the code is turned into the credential here (credentials §3) and only the
credential, the statement and its signature go to the service. Two keyers of two different
accounts keying the same statement put the paper ballot on the board.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from oylama.client._http import ServiceClient
from oylama.credentials import public_credential
from oylama.election import PaperStatement, keyer_public_key, sign_paper


class Keyed(msgspec.Struct, frozen=True, kw_only=True):
    """The service's answer: ``waiting``, ``mismatch`` (held for review) or ``accepted``
    (on the board at ``index``)."""

    status: str
    id: int | None = None
    index: int | None = None


@dataclass
class PaperKeyer:
    """``client`` signed in as the staff member; ``seed`` the device's keying seed (32 bytes)."""

    client: ServiceClient
    election_id: str
    seed: bytes

    @property
    def public_key(self) -> bytes:
        return keyer_public_key(self.seed)

    def publish_key(self) -> None:
        """The ``paper-keyer`` entry for this device's key (nothing new if it is already)."""
        self.client.request(
            "POST",
            f"/elections/{self.election_id}/paper/keyers",
            body=msgspec.json.encode({"key": self.public_key}),
        )

    def key(self, code: str, style: str, choices: list[int], station: str) -> Keyed:
        """Key one paper ballot of the letter ``code``; the service's answer."""
        credential = public_credential(code, self.election_id)
        statement = PaperStatement(
            credential=credential, style=style, choices=list(choices), station=station
        )
        body = {
            "credential": credential,
            "style": style,
            "choices": list(choices),
            "station": station,
            "signature": sign_paper(self.seed, self.election_id, statement),
        }
        response = self.client.request(
            "POST", f"/elections/{self.election_id}/paper/keyings", body=msgspec.json.encode(body)
        )
        return msgspec.json.decode(response.content, type=Keyed)
