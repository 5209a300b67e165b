"""The voter's device: from a credential code to a verified receipt.

The device trusts nothing the server says that it can check itself:

1. the manifest it is served hashes to the manifest hash of the election view, and the base
   hash is recomputed from that manifest and the joint key -- which in turn is recomputed
   from the trustees' published records (their proofs verified, each signed by the identity
   key of its trustee). That alone does not stop a server that ran every trustee's role
   itself: it chose the identity keys in the manifest too. What stops it is **pins**
   (docs/spec/pins.md): with the trustees' identity keys pinned, the manifest must name
   exactly those keys, so only the real trustees can have signed the records, and no key
   whose secret the server holds is accepted;
2. the credential's district is read from the public credential list on the board, whose
   SHA-256 must be the fingerprint the view announces -- and the pinned one, when the
   credential authority's fingerprint is pinned (the prefix printed on the voter's letter
   will do) -- and the voter's key must be in it;
3. the ballot is encrypted and proved here (the choices never leave the device) and signed
   with the key derived from the code (which never leaves the device either);
4. the receipt is checked: the tracking code is recomputed from the ballot's bytes, the
   checkpoint's signature against the board key (the pinned one, when pinned), and the
   inclusion proof of the entry -- whose
   bytes, fetched from the board, must hold exactly this ballot and signature -- against the
   checkpoint's root.

A Benaloh spoil opens a ballot instead of casting it (:func:`spoil_and_check`) and verifies it
locally; the device then makes a new ballot with fresh randomness and a new id. Checking with
the code that encrypted proves little if that code is what cheats, so :meth:`Voter.spoil` also
publishes the spoiled ballot (signed for spoiling, service §5.1) and checks that the board
holds exactly it: any other device then checks it (the checker page, ``oylama-audit
spoiled``) with code that did not encrypt it.

A lost answer never becomes a revote: a cast that gets no answer, or a ``5xx``, is sent again
*byte for byte* with growing pauses for up to a minute (the server answers a repeated ballot
with its receipt and appends nothing), and with a :class:`~oylama.client._pending.PendingStore`
the signed ballot is kept on disk until its receipt is verified, so that running the device
again resends it instead of encrypting a new ballot that would supersede the counted one.

The pure functions take what was fetched; :class:`Voter` does the fetching.
"""

from __future__ import annotations

import base64
import dataclasses
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import msgspec

from oylama import credentials
from oylama.board import (
    BoardError,
    EntryKind,
    decode_entry,
    leaf_hash,
    verify_checkpoint,
    verify_inclusion,
)
from oylama.client._choices import random_choices
from oylama.client._errors import ServiceError, UnreachableError, VerificationError
from oylama.client._http import (
    BoardKey,
    CastReceipt,
    CeremonyView,
    ElectionView,
    ServiceClient,
    SpoiledReceipt,
)
from oylama.client._pending import PendingBallot, PendingStore
from oylama.crypto import (
    BallotSecrets,
    BallotStyle,
    CryptoError,
    EncryptedBallot,
    Point,
    Rng,
    SpoiledBallot,
    ballot_bytes,
    encrypt_ballot,
    format_tracking_code,
    from_json,
    new_ballot_id,
    spoil,
    to_json,
    tracking_code,
    verify_ceremony,
    verify_spoiled,
)
from oylama.election import (
    CITY_WIDE,
    BallotPayload,
    Manifest,
    ManifestBallot,
    PayloadError,
    PinError,
    Pins,
    base_hash,
    ceremony_context,
    decode_manifest,
    decode_payload,
    manifest_hash,
    verify_record_signature,
)
from oylama.errors import InputError


@dataclass(frozen=True)
class ElectionContext:
    """An election as the device checked it: everything a ballot binds to."""

    election_id: str
    manifest: Manifest
    joint_key: Point
    base_hash: bytes


@dataclass(frozen=True)
class PreparedBallot:
    """An encrypted, proved and signed ballot, ready to cast or to spoil. ``secrets`` is
    ``None`` for a ballot read back from a pending file (it is resent, never opened)."""

    style: BallotStyle
    ballot: EncryptedBallot
    secrets: BallotSecrets | None
    text: bytes
    credential: bytes
    signature: bytes

    @property
    def tracking_code(self) -> str:
        return format_tracking_code(tracking_code(self.ballot))


@dataclass(frozen=True)
class CastOutcome:
    """One cast ballot, its choices and its verified receipt. ``resent``: a ballot kept from
    an earlier run (no answer had come), sent again instead of a new one (its choices are not
    known here: they were never stored)."""

    style: str
    choices: list[int]
    tracking_code: str
    index: int
    superseded: int | None
    checkpoint_size: int
    spoiled: SpoiledBallot | None
    spoiled_index: int | None = None  # the board entry of the published spoiled ballot
    resent: bool = False


@dataclass(frozen=True)
class SpoilOutcome:
    """A ballot opened for a Benaloh challenge, checked here, and where the board holds it."""

    spoiled: SpoiledBallot
    text: bytes  # its canonical bytes: what was published and what a device saves
    tracking_code: str
    index: int | None  # its ``ballot-spoiled`` entry; None when not published
    checkpoint_size: int | None


def _b64(data: bytes | None) -> str:
    return "null" if data is None else base64.b64encode(data).decode("ascii")


def check_election(
    view: ElectionView,
    manifest_bytes: bytes,
    ceremony: CeremonyView | None = None,
    pins: Pins | None = None,
) -> ElectionContext:
    """Check the served manifest, joint key and base hash against each other (and the joint
    key against the trustees' signed records, when ``ceremony`` is given; it must be when
    ``pins`` pin the trustees' identity keys, which the manifest must then name)."""
    try:
        manifest = decode_manifest(manifest_bytes)
    except InputError as exc:
        raise VerificationError(f"the served manifest is not canonical: {exc}") from None
    if pins is not None:
        try:
            pins.check_election(manifest.election_id)
            pins.check_trustee_keys(manifest.trustee_keys)
        except PinError as exc:
            raise VerificationError(str(exc)) from None
        if pins.trustee_keys is not None and ceremony is None:
            raise InputError("pinned trustee keys are checked against the ceremony's records")
    if manifest.election_id != view.id:
        raise VerificationError(
            f"the manifest is for election {manifest.election_id!r}, not {view.id!r}"
        )
    if view.manifest_hash is None or view.joint_key is None or view.base_hash is None:
        raise VerificationError(f"election {view.id!r} is {view.status}: it has no key yet")
    if manifest_hash(manifest) != view.manifest_hash:
        raise VerificationError(
            f"manifest hash mismatch: served manifest hashes to {_b64(manifest_hash(manifest))}, "
            f"the view says {_b64(view.manifest_hash)}"
        )
    try:
        key = Point.decode(view.joint_key)
        expected = base_hash(manifest, key)
    except CryptoError as exc:
        raise VerificationError(f"the joint key is not a valid key: {exc}") from None
    if expected != view.base_hash:
        raise VerificationError(
            f"base hash mismatch: recomputed {_b64(expected)}, the view says {_b64(view.base_hash)}"
        )
    if ceremony is not None:
        if (ceremony.trustees, ceremony.threshold) != (manifest.trustees, manifest.threshold):
            raise VerificationError("the ceremony's trustees/threshold are not the manifest's")
        context = ceremony_context(manifest)
        signed = [r for r in ceremony.records if r is not None]
        try:
            for r in signed:
                verify_record_signature(
                    r.record, r.signature, trustee_keys=manifest.trustee_keys, context=context
                )
        except InputError as exc:
            raise VerificationError(str(exc)) from None
        try:
            joint = verify_ceremony([r.record for r in signed], context=context).joint_key
        except CryptoError as exc:
            raise VerificationError(f"the trustees' records do not verify: {exc}") from None
        if joint != key:
            raise VerificationError("the joint key is not the one the trustees' records give")
    return ElectionContext(view.id, manifest, key, expected)


def credential_district(
    list_bytes: bytes,
    *,
    fingerprint: str,
    election_id: str,
    credential: bytes,
    pins: Pins | None = None,
) -> str:
    """The district of ``credential`` in the public list, after checking the list's
    fingerprint against the announced one (credentials §5.3) and the pinned one."""
    got = credentials.fingerprint(list_bytes)
    if got != fingerprint:
        raise VerificationError(
            f"the credential list on the board has fingerprint {got}, announced {fingerprint}"
        )
    if pins is not None:
        try:
            pins.check_credentials(got)
        except PinError as exc:
            raise VerificationError(str(exc)) from None
    # The fingerprint binds the list to what the authority announced, and the server and every
    # auditor check the list in full; the device only needs its own line, so it decodes the
    # list without re-checking every key (a list of 10^5 keys would take seconds).
    try:
        public = msgspec.json.decode(list_bytes, type=credentials.PublicCredentialList)
    except (msgspec.DecodeError, RecursionError) as exc:
        raise VerificationError(f"the credential list on the board: {exc}") from None
    if public.election_id != election_id:
        raise VerificationError(f"the credential list is for election {public.election_id!r}")
    for c in public.credentials:
        if c.key_bytes == credential:
            return c.district
    raise InputError("this credential code is not in the election's credential list (a typo?)")


def eligible_ballots(manifest: Manifest, district: str) -> list[ManifestBallot]:
    """The ballots a voter of ``district`` may cast: their district's, then the city-wide one."""
    own = [b for b in manifest.ballots if b.district == district and district != CITY_WIDE]
    city = [b for b in manifest.ballots if b.district == CITY_WIDE]
    return own + city


def prepare_ballot(
    ctx: ElectionContext,
    style: BallotStyle,
    choices: Sequence[int],
    code: str,
    *,
    rng: Rng | None = None,
) -> PreparedBallot:
    """Encrypt, prove and sign ``choices`` (``code`` canonical, see :func:`parse_code`); the
    proofs bind the code's public credential (ballots §4)."""
    credential = credentials.public_credential(code, ctx.election_id)
    ballot, secrets_ = encrypt_ballot(
        style,
        ctx.joint_key,
        list(choices),
        context=ctx.base_hash,
        ballot_id=new_ballot_id(rng) if rng is not None else new_ballot_id(),
        credential=credential,
        rng=rng,
    )
    text = ballot_bytes(ballot)
    return PreparedBallot(
        style=style,
        ballot=ballot,
        secrets=secrets_,
        text=text,
        credential=credential,
        signature=credentials.sign_ballot(code, ctx.election_id, text),
    )


def spoil_and_check(ctx: ElectionContext, prepared: PreparedBallot) -> SpoiledBallot:
    """Open ``prepared`` for a Benaloh challenge and check it as any other device would; the
    ballot must never be cast afterwards."""
    if prepared.secrets is None:
        raise InputError("a ballot read back from a pending file cannot be spoiled")
    spoiled = spoil(prepared.ballot, prepared.secrets)
    try:
        verify_spoiled(
            prepared.style,
            ctx.joint_key,
            spoiled,
            context=ctx.base_hash,
            credential=prepared.credential,
        )
    except CryptoError as exc:
        raise VerificationError(f"the spoiled ballot does not check: {exc}") from None
    return spoiled


def normalise_tracking_code(text: str) -> str:
    """Upper case without dashes or spaces, to compare display forms."""
    return text.replace("-", "").replace(" ", "").upper()


def verify_receipt(
    ctx: ElectionContext,
    prepared: PreparedBallot,
    receipt: CastReceipt,
    entry_data: bytes,
    board_key: BoardKey,
) -> int:
    """Check a receipt against the ballot that was cast and the board's entry ``receipt.index``
    (``entry_data``, its canonical bytes); return the checkpoint's size. Raises
    :class:`VerificationError` naming the first failed check."""
    if normalise_tracking_code(receipt.tracking_code) != normalise_tracking_code(
        prepared.tracking_code
    ):
        raise VerificationError(
            f"the receipt's tracking code {receipt.tracking_code} is not this ballot's "
            f"{prepared.tracking_code}"
        )
    if board_key.origin != ctx.manifest.origin:
        raise VerificationError(
            f"the board key's origin {board_key.origin!r} is not the manifest's "
            f"{ctx.manifest.origin!r}"
        )
    try:
        cp = verify_checkpoint(
            receipt.checkpoint,
            board_key.key_name,
            board_key.ed25519_public_key,
            origin=ctx.manifest.origin,
        )
    except BoardError as exc:
        raise VerificationError(f"the receipt's checkpoint does not verify: {exc}") from None
    try:
        entry = decode_entry(entry_data)
    except BoardError as exc:
        raise VerificationError(f"board entry {receipt.index}: {exc}") from None
    if entry.index != receipt.index or entry.election_id != ctx.election_id:
        raise VerificationError(f"board entry {receipt.index} is another entry")
    if entry.kind is not EntryKind.BALLOT:
        raise VerificationError(f"board entry {receipt.index} is a {entry.kind.value} entry")
    try:
        payload = decode_payload(entry.payload, BallotPayload)
    except PayloadError as exc:
        raise VerificationError(f"board entry {receipt.index}: {exc}") from None
    if payload.ballot_bytes != prepared.text:
        raise VerificationError(f"board entry {receipt.index} holds another ballot")
    if payload.credential != prepared.credential or payload.signature != prepared.signature:
        raise VerificationError(f"board entry {receipt.index} has another credential or signature")
    try:
        verify_inclusion(
            leaf_hash(entry_data), receipt.index, cp.size, receipt.inclusion_proof, cp.root_hash
        )
    except BoardError as exc:
        raise VerificationError(f"the receipt's inclusion proof does not verify: {exc}") from None
    return cp.size


def verify_spoiled_receipt(
    ctx: ElectionContext,
    spoiled_text: bytes,
    receipt: SpoiledReceipt,
    entry_data: bytes,
    board_key: BoardKey,
) -> int:
    """Check that board entry ``receipt.index`` (``entry_data``) is a ``ballot-spoiled`` entry
    holding exactly ``spoiled_text``, included in the receipt's signed checkpoint; return the
    checkpoint's size."""
    if board_key.origin != ctx.manifest.origin:
        raise VerificationError(
            f"the board key's origin {board_key.origin!r} is not the manifest's "
            f"{ctx.manifest.origin!r}"
        )
    try:
        cp = verify_checkpoint(
            receipt.checkpoint,
            board_key.key_name,
            board_key.ed25519_public_key,
            origin=ctx.manifest.origin,
        )
        entry = decode_entry(entry_data)
    except BoardError as exc:
        raise VerificationError(f"the spoiled ballot's receipt: {exc}") from None
    if entry.index != receipt.index or entry.election_id != ctx.election_id:
        raise VerificationError(f"board entry {receipt.index} is another entry")
    if entry.kind is not EntryKind.BALLOT_SPOILED or entry.payload != spoiled_text:
        raise VerificationError(f"board entry {receipt.index} does not hold this spoiled ballot")
    try:
        verify_inclusion(
            leaf_hash(entry_data), receipt.index, cp.size, receipt.inclusion_proof, cp.root_hash
        )
    except BoardError as exc:
        raise VerificationError(f"the spoiled ballot's inclusion proof: {exc}") from None
    return cp.size


#: How long a cast without an answer (or with a 5xx) is resent, and the pauses between tries.
PATIENCE = 60.0
BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0)


def _lost(exc: Exception) -> bool:
    """Whether a cast may have been committed without its answer arriving: no answer at all,
    a server error (the database or the service failed, perhaps after committing) or a body
    that did not arrive in time. Any other refusal is final."""
    if isinstance(exc, UnreachableError):
        return True
    return isinstance(exc, ServiceError) and (exc.status >= 500 or exc.status == 408)


class Voter:
    """One voter's device talking to the service: ``load`` once, then ``cast`` per ballot.

    ``pending``: where signed ballots wait for their receipts (see the module docstring);
    ``patience`` (seconds), ``sleep`` and ``clock`` govern resending (injected by tests).
    """

    def __init__(
        self,
        client: ServiceClient,
        election_id: str,
        code: str,
        *,
        pins: Pins | None = None,
        pending: PendingStore | None = None,
        patience: float = PATIENCE,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.election_id = election_id
        self.pins = pins
        self.code = credentials.parse_code(code)  # refuses a mistyped code before any request
        self.credential = credentials.public_credential(self.code, election_id)
        self.pending = pending
        self.patience = patience
        self._sleep = sleep
        self._clock = clock
        self._ctx: ElectionContext | None = None
        self._district: str | None = None
        self._board_key: BoardKey | None = None

    @property
    def context(self) -> ElectionContext:
        if self._ctx is None:
            self.load()
        assert self._ctx is not None
        return self._ctx

    @property
    def district(self) -> str:
        if self._district is None:
            self.load()
        assert self._district is not None
        return self._district

    def load(self, *, district: str | None = None, check_trustees: bool = True) -> None:
        """Fetch and check the election (view, manifest, ceremony, credential list, board key).

        ``district`` skips reading the credential list (the server still checks eligibility);
        it cannot be given when the credential fingerprint is pinned. Pinned trustee keys need
        the trustees' records (``check_trustees``).
        """
        pins = self.pins
        if pins is not None and pins.credentials is not None and district is not None:
            raise InputError("a pinned credential list is checked: do not skip it")
        if pins is not None and pins.trustee_keys is not None:
            check_trustees = True
        view = self.client.election(self.election_id)
        manifest = self.client.manifest_bytes(self.election_id)
        ceremony = self.client.ceremony(self.election_id) if check_trustees else None
        self._ctx = check_election(view, manifest, ceremony, pins)
        self._board_key = self.client.board_key(self.election_id)
        if pins is not None:
            try:
                pins.check_board_key(self._board_key.key_name, self._board_key.ed25519_public_key)
            except PinError as exc:
                raise VerificationError(str(exc)) from None
        if district is None:
            assert view.credentials is not None
            data = self._credential_list(view.board_size)
            district = credential_district(
                data,
                fingerprint=view.credentials,
                election_id=self.election_id,
                credential=self.credential,
                pins=pins,
            )
        self._district = district

    def _credential_list(self, board_size: int) -> bytes:
        """The list the consecutive ``credentials`` entries carry, put together from its parts
        (credentials §5.4). They follow the manifest and the ceremony's entries, so the first
        ``2n + 3`` entries hold a one-part list; later pages are read if not (a few entries
        at a time once the list has begun: each part is 16 MiB)."""
        start, step = 0, 2 * self.context.manifest.trustees + 3
        parts: list[bytes] = []
        while start < board_size:
            end = min(board_size, start + step)
            for e in self.client.board_entries(self.election_id, start, end):
                entry = decode_entry(e.data)
                if entry.kind is EntryKind.CREDENTIALS:
                    parts.append(entry.payload)
                elif parts:
                    try:
                        return credentials.join_parts(parts)
                    except InputError as exc:
                        raise VerificationError(f"the board's {exc}") from None
            start, step = end, (2 if parts else 1000)
        raise VerificationError("the board has no complete credential list")

    def ballots(self) -> list[ManifestBallot]:
        """The ballots this voter may cast."""
        return eligible_ballots(self.context.manifest, self.district)

    def style(self, ballot_id: str) -> BallotStyle:
        for b in self.ballots():
            if b.id == ballot_id:
                return b.ballot_style()
        allowed = ", ".join(b.id for b in self.ballots())
        raise InputError(f"ballot {ballot_id!r} is not one this voter may cast ({allowed})")

    def prepare(
        self, ballot_id: str, choices: Sequence[int], *, rng: Rng | None = None
    ) -> PreparedBallot:
        return prepare_ballot(self.context, self.style(ballot_id), choices, self.code, rng=rng)

    def _send(self, prepared: PreparedBallot) -> CastReceipt:
        """Cast, resending the same bytes while the answer may have been lost (transport
        errors, 5xx, 408), with growing pauses, for up to ``patience`` seconds."""
        start = self._clock()
        attempt = 0
        while True:
            try:
                return self.client.cast(
                    self.election_id, prepared.credential, prepared.signature, prepared.text
                )
            except (UnreachableError, ServiceError) as exc:
                if not _lost(exc):
                    raise
                pause = BACKOFF[min(attempt, len(BACKOFF) - 1)]
                if self._clock() - start + pause > self.patience:
                    raise UnreachableError(
                        f"no answer to the cast for {self.patience:g} s ({exc}); the ballot "
                        "may have been recorded: it is kept and sent again, never replaced, "
                        "the next time"
                        if self.pending is not None
                        else f"no answer to the cast for {self.patience:g} s ({exc})"
                    ) from None
                self._sleep(pause)
                attempt += 1

    def cast_prepared(self, prepared: PreparedBallot, *, resent: bool = False) -> CastOutcome:
        """Cast, then verify the receipt (fetching the entry it names).

        A cast that got no answer (timeout, dropped connection, a server error) may or may not
        have been recorded; it is sent again, byte for byte, with back-off (:meth:`_send`):
        the server answers a repeated ballot with the same receipt and appends nothing
        (service §5). With a pending store the ballot is kept on disk until the receipt is
        verified, or the server refuses it for good.
        """
        style = prepared.style.id
        if self.pending is not None:
            self.pending.save(
                PendingBallot(
                    server=self.client.base_url,
                    election_id=self.election_id,
                    style=style,
                    credential=prepared.credential,
                    signature=prepared.signature,
                    ballot=msgspec.Raw(prepared.text),
                )
            )
        try:
            receipt = self._send(prepared)
        except ServiceError:  # refused for good: it was never recorded
            if self.pending is not None:
                self.pending.remove(self.election_id, prepared.credential, style)
            raise
        entry = self.client.board_entries(self.election_id, receipt.index, receipt.index + 1)
        if len(entry) != 1:
            raise VerificationError(f"the board has no entry {receipt.index}")
        assert self._board_key is not None
        size = verify_receipt(self.context, prepared, receipt, entry[0].data, self._board_key)
        if self.pending is not None:
            self.pending.remove(self.election_id, prepared.credential, style)
        return CastOutcome(
            style=style,
            choices=[] if prepared.secrets is None else list(prepared.secrets.choices),
            tracking_code=receipt.tracking_code,
            index=receipt.index,
            superseded=receipt.superseded,
            checkpoint_size=size,
            spoiled=None,
            resent=resent,
        )

    def waiting(self, ballot_id: str) -> PreparedBallot | None:
        """The ballot of ``ballot_id`` kept from an earlier cast that got no answer, if any."""
        if self.pending is None:
            return None
        kept = self.pending.load(self.election_id, self.credential, ballot_id)
        if kept is None:
            return None
        text = bytes(kept.ballot)
        try:
            ballot = from_json(text, EncryptedBallot)
        except CryptoError as exc:
            raise InputError(f"the pending ballot of {ballot_id!r}: {exc}") from None
        return PreparedBallot(
            style=self.style(ballot_id),
            ballot=ballot,
            secrets=None,
            text=text,
            credential=kept.credential,
            signature=kept.signature,
        )

    def spoil(self, prepared: PreparedBallot, *, publish: bool = True) -> SpoilOutcome:
        """Open ``prepared`` for a Benaloh challenge and check it here; with ``publish``, post
        it signed for spoiling (its choices become public, never with this credential) and
        check that the board holds exactly it. ``prepared`` must never be cast afterwards."""
        spoiled = spoil_and_check(self.context, prepared)
        text = to_json(spoiled)
        code = prepared.tracking_code
        if not publish:
            return SpoilOutcome(spoiled, text, code, None, None)
        signature = credentials.sign_spoiled(self.code, self.election_id, text)
        receipt = self.client.spoil(self.election_id, prepared.credential, signature, text)
        if normalise_tracking_code(receipt.tracking_code) != normalise_tracking_code(code):
            raise VerificationError(
                f"the service names tracking code {receipt.tracking_code}, not {code}"
            )
        entry = self.client.board_entries(self.election_id, receipt.index, receipt.index + 1)
        if len(entry) != 1:
            raise VerificationError(f"the board has no entry {receipt.index}")
        assert self._board_key is not None
        size = verify_spoiled_receipt(self.context, text, receipt, entry[0].data, self._board_key)
        return SpoilOutcome(spoiled, text, code, receipt.index, size)

    def cast(
        self,
        ballot_id: str,
        choices: Sequence[int],
        *,
        spoil_first: bool = False,
        publish_spoiled: bool = True,
        rng: Rng | None = None,
    ) -> CastOutcome:
        """Cast ``choices`` on ``ballot_id``. ``spoil_first``: first make a ballot of the same
        choices, spoil and check it (Benaloh) -- and publish it unless ``publish_spoiled`` is
        false -- then cast a fresh one.

        If a ballot of ``ballot_id`` is still waiting for its answer from an earlier cast
        (:meth:`waiting`), that one is resent instead and ``choices`` are not used
        (``CastOutcome.resent``): casting new choices now could supersede the counted ballot.
        """
        kept = self.waiting(ballot_id)
        if kept is not None:
            return self.cast_prepared(kept, resent=True)
        spoiled = None
        if spoil_first:
            spoiled = self.spoil(self.prepare(ballot_id, choices, rng=rng), publish=publish_spoiled)
        outcome = self.cast_prepared(self.prepare(ballot_id, choices, rng=rng))
        if spoiled is not None:
            outcome = dataclasses.replace(
                outcome, spoiled=spoiled.spoiled, spoiled_index=spoiled.index
            )
        return outcome

    def cast_random(
        self, ballot_id: str, choice_rng: random.Random, *, rng: Rng | None = None
    ) -> CastOutcome:
        return self.cast(ballot_id, random_choices(self.style(ballot_id), choice_rng), rng=rng)
