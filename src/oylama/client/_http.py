"""``ServiceClient``: every endpoint of docs/spec/service.md (and board §8), typed, over httpx.

One method per endpoint; answers are decoded into the msgspec Structs below (unknown members
are ignored, as board §8.2 asks of clients, so a later server may add some). Any error status
raises :class:`ServiceError` with the status and the problem's ``detail``; a transport failure
raises :class:`UnreachableError`. No method checks anything cryptographic: that is the
workflows' job (:mod:`oylama.client._voter`, :mod:`oylama.client._trustee`), which treat what
this class returns as untrusted.
"""

from __future__ import annotations

from typing import TypeVar

import httpx
import msgspec

from oylama.client._errors import ServiceError, UnreachableError
from oylama.crypto import (
    Ciphertext,
    EncryptedShare,
    PartialDecryption,
)
from oylama.election import SignedTrusteeRecord, TrusteeCommitment

T = TypeVar("T")

API = "/api/v1"


class Session(msgspec.Struct):
    """``POST /session``: a bearer token, the account's role and when it expires (ms)."""

    token: str
    role: str
    expires_at: int


class Account(msgspec.Struct):
    username: str
    role: str


class ElectionSummary(msgspec.Struct):
    """One line of ``GET /elections``."""

    id: str
    title: str
    status: str


class ElectionView(msgspec.Struct):
    """``GET /elections/{id}``: the public view. Hashes and key are ``None`` before ``open``."""

    id: str
    title: str
    status: str
    manifest_hash: bytes | None = None
    joint_key: bytes | None = None
    base_hash: bytes | None = None
    credentials: str | None = None
    voters: int | None = None
    board_size: int = 0


class TrusteeProgress(msgspec.Struct):
    index: int
    record: bool
    shares: bool
    commitment: bool
    partial: bool


class StaffView(ElectionView):
    """``GET /elections/{id}/staff-view``: the public view plus what staff need."""

    definition: str = ""
    staff: list[str] = []
    trustees: list[TrusteeProgress] = []
    ballots_cast: int = 0


class CeremonyView(msgspec.Struct):
    """``GET /elections/{id}/ceremony``; ``shares`` only with a trustee token (those to it)."""

    trustees: int
    threshold: int
    ceremony_context: bytes
    records: list[SignedTrusteeRecord | None]
    commitments: list[TrusteeCommitment | None]
    shares: list[EncryptedShare] = []
    index: int | None = None  # with a trustee token of this election: the token's trustee


class StyleTally(msgspec.Struct):
    """One style's ``tally`` payload: the homomorphic sums of its counted ballots."""

    style: str
    ballots: int
    ciphertexts: list[Ciphertext]


class StyleResult(msgspec.Struct):
    """One style's published result (``GET /elections/{id}/result``)."""

    style: str
    ballots: int
    scores: list[int]
    selected: list[str]
    cost: str
    budget: str
    rule: str


class CredentialsUploaded(msgspec.Struct):
    fingerprint: str
    voters: int


class CastReceipt(msgspec.Struct):
    """``POST /ballots``'s answer. ``created`` is ``False`` for an idempotent retry (``200``)."""

    tracking_code: str
    index: int
    superseded: int | None
    checkpoint: str
    inclusion_proof: list[bytes]
    created: bool = True


class SpoiledReceipt(msgspec.Struct):
    """``POST /spoiled``'s answer. ``created`` is ``False`` for an idempotent retry (``200``)."""

    tracking_code: str
    index: int
    checkpoint: str
    inclusion_proof: list[bytes]
    created: bool = True


class BallotStatus(msgspec.Struct):
    """``GET /ballots/{tracking_code}``."""

    tracking_code: str
    style: str
    index: int
    status: str
    superseded_by: int | None
    checkpoint: str
    inclusion_proof: list[bytes]


class BoardKey(msgspec.Struct):
    origin: str
    key_name: str
    ed25519_public_key: bytes


class BoardEntry(msgspec.Struct):
    index: int
    data: bytes


class _Entries(msgspec.Struct):
    entries: list[BoardEntry]


class _Staff(msgspec.Struct):
    staff: list[str]


class _Tokens(msgspec.Struct):
    trustee_tokens: list[str]


class _Proof(msgspec.Struct):
    hashes: list[bytes]


class _Shares(msgspec.Struct):
    shares: list[EncryptedShare]


class _Commitment(msgspec.Struct):
    index: int
    joint_key: bytes
    signature: bytes


class _StylePartial(msgspec.Struct):
    style: str
    decryption: PartialDecryption


class _Partials(msgspec.Struct):
    partials: list[_StylePartial]


class _Health(msgspec.Struct):
    status: str


class _Problem(msgspec.Struct):
    status: int = 0
    title: str = ""
    detail: str = ""


_ENCODER = msgspec.json.Encoder()


class _Cast(msgspec.Struct):
    credential: bytes
    signature: bytes
    ballot: msgspec.Raw


def cast_body(credential: bytes, signature: bytes, ballot_text: bytes) -> bytes:
    """The body of a cast: ``{"credential", "signature", "ballot"}`` with the ballot's canonical
    text embedded verbatim (the signature and the tracking code are over those bytes)."""
    return _ENCODER.encode(_Cast(credential, signature, msgspec.Raw(ballot_text)))


class _Spoil(msgspec.Struct):
    credential: bytes
    signature: bytes
    spoiled: msgspec.Raw


def spoil_body(credential: bytes, signature: bytes, spoiled_text: bytes) -> bytes:
    """The body of a spoil: ``{"credential", "signature", "spoiled"}`` with the spoiled
    ballot's canonical text embedded verbatim (the signature is over those bytes)."""
    return _ENCODER.encode(_Spoil(credential, signature, msgspec.Raw(spoiled_text)))


class ServiceClient:
    """A client of one oylama service at ``base_url`` (e.g. ``http://127.0.0.1:8000``).

    ``token`` is a session token (:meth:`login` sets it) or a trustee token. Safe to share
    between threads (httpx's client is), but each thread may as well have its own.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ServiceClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        params: dict[str, int] | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        """Send one request; return the response if its status is below 400."""
        headers = {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if auth and self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        url = API + path
        try:
            response = self._http.request(method, url, content=body, params=params, headers=headers)
        except httpx.HTTPError as exc:
            raise UnreachableError(f"{method} {url}: {exc}") from None
        if response.status_code >= 400:
            raise _error(method, url, response)
        return response

    def _json(
        self, method: str, path: str, type: type[T], body: object = None, *, auth: bool = True
    ) -> T:
        data = None if body is None else _ENCODER.encode(body)
        response = self.request(method, path, body=data, auth=auth)
        return _decode(response, type, method, API + path)

    # -- sessions and accounts (service §1-2) ----------------------------------------------------

    def login(self, username: str, password: str) -> Session:
        """Open a session and use its token from now on."""
        s = self._json("POST", "/session", Session, {"username": username, "password": password})
        self.token = s.token
        return s

    def logout(self) -> None:
        self.request("DELETE", "/session")
        self.token = None

    def create_account(self, username: str, password: str, role: str) -> Account:
        body = {"username": username, "password": password, "role": role}
        return self._json("POST", "/accounts", Account, body)

    def accounts(self) -> list[Account]:
        return self._json("GET", "/accounts", list[Account])

    # -- elections (service §3) ------------------------------------------------------------------

    def elections(self) -> list[ElectionSummary]:
        return self._json("GET", "/elections", list[ElectionSummary])

    def create_election(self, definition: str) -> ElectionView:
        return self._json("POST", "/elections", ElectionView, {"definition": definition})

    def replace_definition(self, election_id: str, definition: str) -> ElectionView:
        path = f"/elections/{election_id}/definition"
        return self._json("PUT", path, ElectionView, {"definition": definition})

    def upload_credentials(self, election_id: str, public_list: bytes) -> CredentialsUploaded:
        """Upload the public credential list file (its exact text)."""
        body = {"list": public_list.decode("utf-8")}
        return self._json("PUT", f"/elections/{election_id}/credentials", CredentialsUploaded, body)

    def add_staff(self, election_id: str, username: str) -> list[str]:
        """Add a staff account to the election; the election's staff afterwards."""
        path = f"/elections/{election_id}/staff"
        return self._json("POST", path, _Staff, {"username": username}).staff

    def remove_staff(self, election_id: str, username: str) -> list[str]:
        """Remove a staff account from the election; the election's staff afterwards."""
        path = f"/elections/{election_id}/staff/{username}"
        return self._json("DELETE", path, _Staff).staff

    def start_ceremony(
        self, election_id: str, *, threshold: int, trustee_keys: list[bytes]
    ) -> list[str]:
        """Freeze the definition with ``threshold``-of-``n`` trustees whose identity keys are
        ``trustee_keys`` (``n`` of them, trustee ``l``'s at ``l - 1``); the trustee tokens,
        token ``l`` for trustee ``l``."""
        body = {"trustees": len(trustee_keys), "threshold": threshold, "trustee_keys": trustee_keys}
        path = f"/elections/{election_id}/ceremony"
        return self._json("POST", path, _Tokens, body).trustee_tokens

    def _transition(self, election_id: str, action: str) -> ElectionView:
        return self._json("POST", f"/elections/{election_id}/{action}", ElectionView)

    def open(self, election_id: str) -> ElectionView:
        return self._transition(election_id, "open")

    def close_election(self, election_id: str) -> ElectionView:
        return self._transition(election_id, "close")

    def tally(self, election_id: str) -> ElectionView:
        """Ask the server to combine the partial decryptions (``POST /tally``)."""
        return self._transition(election_id, "tally")

    def publish(self, election_id: str) -> ElectionView:
        return self._transition(election_id, "publish")

    def election(self, election_id: str) -> ElectionView:
        return self._json("GET", f"/elections/{election_id}", ElectionView, auth=False)

    def manifest_bytes(self, election_id: str) -> bytes:
        """The canonical manifest bytes, exactly as served."""
        return self.request("GET", f"/elections/{election_id}/manifest", auth=False).content

    def staff_view(self, election_id: str) -> StaffView:
        return self._json("GET", f"/elections/{election_id}/staff-view", StaffView)

    def tally_ciphertexts(self, election_id: str) -> list[StyleTally]:
        return self._json("GET", f"/elections/{election_id}/tally", list[StyleTally])

    def result(self, election_id: str) -> list[StyleResult]:
        return self._json("GET", f"/elections/{election_id}/result", list[StyleResult])

    def record(self, election_id: str) -> bytes:
        """The record file (record §3), byte for byte."""
        return self.request("GET", f"/elections/{election_id}/record", auth=False).content

    # -- ceremony (service §4) -------------------------------------------------------------------

    def ceremony(self, election_id: str) -> CeremonyView:
        """The ceremony's state; with a trustee token also the shares sent to that trustee."""
        return self._json("GET", f"/elections/{election_id}/ceremony", CeremonyView)

    def post_trustee_record(self, election_id: str, signed: SignedTrusteeRecord) -> None:
        path = f"/elections/{election_id}/ceremony/records"
        self.request("POST", path, body=_ENCODER.encode(signed))

    def post_shares(self, election_id: str, shares: list[EncryptedShare]) -> None:
        path = f"/elections/{election_id}/ceremony/shares"
        self.request("POST", path, body=_ENCODER.encode(_Shares(shares)))

    def post_commitment(
        self, election_id: str, index: int, joint_key: bytes, signature: bytes
    ) -> None:
        path = f"/elections/{election_id}/ceremony/commitment"
        body = _ENCODER.encode(_Commitment(index, joint_key, signature))
        self.request("POST", path, body=body)

    def post_partials(
        self, election_id: str, partials: list[tuple[str, PartialDecryption]]
    ) -> None:
        body = _Partials([_StylePartial(style, d) for style, d in partials])
        path = f"/elections/{election_id}/tally/partials"
        self.request("POST", path, body=_ENCODER.encode(body))

    # -- casting (service §5) --------------------------------------------------------------------

    def cast(
        self, election_id: str, credential: bytes, signature: bytes, ballot_text: bytes
    ) -> CastReceipt:
        """Cast a signed ballot (its canonical text); ``201`` new, ``200`` the same again."""
        return self.cast_raw(election_id, cast_body(credential, signature, ballot_text))

    def cast_raw(self, election_id: str, body: bytes) -> CastReceipt:
        """Cast a prepared body (:func:`cast_body`); benchmarks time only this."""
        path = f"/elections/{election_id}/ballots"
        response = self.request("POST", path, body=body, auth=False)
        receipt = _decode(response, CastReceipt, "POST", API + path)
        receipt.created = response.status_code == 201
        return receipt

    def spoil(
        self, election_id: str, credential: bytes, signature: bytes, spoiled_text: bytes
    ) -> SpoiledReceipt:
        """Publish a spoiled ballot (its canonical text) signed for spoiling (service §5.1)."""
        path = f"/elections/{election_id}/spoiled"
        body = spoil_body(credential, signature, spoiled_text)
        response = self.request("POST", path, body=body, auth=False)
        receipt = _decode(response, SpoiledReceipt, "POST", API + path)
        receipt.created = response.status_code == 201
        return receipt

    def ballot_status(self, election_id: str, tracking_code: str) -> BallotStatus:
        path = f"/elections/{election_id}/ballots/{tracking_code}"
        return self._json("GET", path, BallotStatus, auth=False)

    # -- board (board §8) ------------------------------------------------------------------------

    def board_key(self, election_id: str) -> BoardKey:
        return self._json("GET", f"/elections/{election_id}/board/key", BoardKey, auth=False)

    def board_checkpoint(self, election_id: str) -> str:
        path = f"/elections/{election_id}/board/checkpoint"
        return self.request("GET", path, auth=False).text

    def board_entries(self, election_id: str, start: int, end: int) -> list[BoardEntry]:
        """Entries ``start <= i < end``, read in pages of at most 1000 (board §8.3)."""
        out: list[BoardEntry] = []
        path = f"/elections/{election_id}/board/entries"
        while start < end:
            stop = min(end, start + 1000)
            response = self.request("GET", path, params={"start": start, "end": stop}, auth=False)
            out.extend(_decode(response, _Entries, "GET", API + path).entries)
            start = stop
        return out

    def inclusion_proof(self, election_id: str, index: int, size: int) -> list[bytes]:
        path = f"/elections/{election_id}/board/proof/inclusion"
        response = self.request("GET", path, params={"index": index, "size": size}, auth=False)
        return _decode(response, _Proof, "GET", API + path).hashes

    def health(self) -> str:
        """``GET /health``: ``"ok"`` once the server's database answers (``503`` otherwise)."""
        return self._json("GET", "/health", _Health, auth=False).status

    def consistency_proof(self, election_id: str, old: int, new: int) -> list[bytes]:
        path = f"/elections/{election_id}/board/proof/consistency"
        response = self.request("GET", path, params={"old": old, "new": new}, auth=False)
        return _decode(response, _Proof, "GET", API + path).hashes


def _decode(response: httpx.Response, type: type[T], method: str, path: str) -> T:
    try:
        return msgspec.json.decode(response.content, type=type)
    except (msgspec.DecodeError, RecursionError) as exc:  # a server may send anything
        raise ServiceError(
            response.status_code,
            f"unexpected answer: {exc}",
            title="bad response",
            method=method,
            path=path,
        ) from None


def _error(method: str, path: str, response: httpx.Response) -> ServiceError:
    try:
        p = msgspec.json.decode(response.content, type=_Problem)
        detail, title = p.detail, p.title
    except (msgspec.DecodeError, RecursionError):
        detail, title = response.text[:200], response.reason_phrase
    return ServiceError(response.status_code, detail, title=title, method=method, path=path)
