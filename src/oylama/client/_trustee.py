"""A trustee's side of the key ceremony and the tally decryption (docs/spec/trustees.md).

The trustee's secrets -- its polynomial and box key (:class:`TrusteeSecret`), then its key
share (:class:`KeyShare`) -- live only in a local state file (mode 0600, written atomically)
and never go to the server; what goes to the server is its public record, the boxes it seals
for the others, its commitment to the joint key and its proved partial decryptions.

Before each step the trustee checks what it is given: the ceremony context against the
manifest it is served; the other trustees' records (their proofs); the boxes sent to it (they
must open and match the senders' commitments, else it refuses and names the sender); the base
hash against the manifest and the joint key it computed itself; and the tally it is asked to
decrypt against the homomorphic sums it recomputes from the ballots on the board, so that a
dishonest server cannot make the trustees decrypt a single ballot.

The pure functions take what was fetched; :class:`Trustee` fetches, keeps the state file and
runs each step when it is due (:meth:`Trustee.step`).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import msgspec

from oylama.board import EntryKind, decode_entry
from oylama.client._errors import VerificationError
from oylama.client._http import CeremonyView, ElectionView, ServiceClient, StyleTally
from oylama.crypto import (
    Ciphertext,
    CryptoError,
    EncryptedBallot,
    EncryptedShare,
    KeyShare,
    PartialDecryption,
    Rng,
    ShareError,
    TrusteePublic,
    TrusteeSecret,
    encrypt_shares,
    finish_ceremony,
    new_trustee,
    partial_decrypt,
    tally_selections,
    verify_ceremony,
)
from oylama.election import (
    BallotPayload,
    Manifest,
    PayloadError,
    base_hash,
    ceremony_context,
    decode_manifest,
    decode_payload,
)
from oylama.errors import InputError

STATE_FORMAT: Final = "oylama-trustee-state/v1"
STATE_MODE: Final = 0o600


class StylePartial(msgspec.Struct, forbid_unknown_fields=True):
    """One style's partial decryption, as posted."""

    style: str
    decryption: PartialDecryption


class TrusteeState(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Everything a trustee keeps between steps (secret: the file is mode 0600).

    What it sends is kept before it is sent (the boxes, the partial decryptions: both drawn
    with fresh randomness), so that a step interrupted after the server took it is retried
    with the same bytes, which the server accepts as a retry.
    """

    format: str = STATE_FORMAT
    election_id: str
    index: int
    trustees: int
    threshold: int
    ceremony_context: bytes
    secret: TrusteeSecret
    public: TrusteePublic
    record_posted: bool = False
    shares: list[EncryptedShare] | None = None
    shares_posted: bool = False
    key_share: KeyShare | None = None
    joint_key: bytes | None = None
    commitment_posted: bool = False
    partials: list[StylePartial] | None = None
    decrypted: list[str] = []

    def __repr__(self) -> str:  # a repr must never print the secrets
        return f"TrusteeState(election={self.election_id!r}, index={self.index})"


def tally_label(style_id: str) -> bytes:
    """The decryption label of a style's tally (record §2 item 10)."""
    return b"tally/" + style_id.encode("utf-8")


# -- state file ----------------------------------------------------------------------------------


def save_state(path: Path, state: TrusteeState) -> None:
    """Write the state atomically (temporary file in the same directory, then rename), 0600."""
    data = msgspec.json.format(msgspec.json.encode(state), indent=2) + b"\n"
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        os.fchmod(fd, STATE_MODE)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_state(path: Path) -> TrusteeState:
    """Read a state file; a malformed one is an :class:`InputError` naming the file (and line)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            "no trustee state file (run 'oylama trustee init' first)", source=str(path)
        ) from None
    try:
        state = msgspec.json.decode(data, type=TrusteeState)
    except msgspec.ValidationError as exc:
        raise InputError(f"not a trustee state file: {exc}", source=str(path)) from None
    except msgspec.DecodeError as exc:
        raise InputError(
            f"not a trustee state file: {exc}", source=str(path), line=_line(data, exc)
        ) from None
    if state.format != STATE_FORMAT:
        raise InputError(f"unknown state format {state.format!r}", source=str(path))
    if os.stat(path).st_mode & 0o077:
        raise InputError("the state file holds secrets: it must be mode 0600", source=str(path))
    return state


def _line(data: bytes, exc: Exception) -> int | None:
    """The line of a msgspec JSON decode error (it reports a byte position)."""
    found = re.search(r"\(byte ([0-9]+)\)", str(exc))
    return data[: int(found.group(1))].count(b"\n") + 1 if found else None


# -- pure steps ----------------------------------------------------------------------------------


def check_ceremony_context(ceremony: CeremonyView, manifest_bytes: bytes) -> Manifest:
    """The manifest, after checking that the served ceremony context is the one it gives."""
    try:
        manifest = decode_manifest(manifest_bytes)
    except InputError as exc:
        raise VerificationError(f"the served manifest is not canonical: {exc}") from None
    if ceremony_context(manifest) != ceremony.ceremony_context:
        raise VerificationError("the ceremony context is not the manifest's")
    if (ceremony.trustees, ceremony.threshold) != (manifest.trustees, manifest.threshold):
        raise VerificationError(
            f"the ceremony is {ceremony.threshold}-of-{ceremony.trustees}, the manifest says "
            f"{manifest.threshold}-of-{manifest.trustees}"
        )
    return manifest


def begin(
    ceremony: CeremonyView, manifest_bytes: bytes, index: int, *, rng: Rng | None = None
) -> TrusteeState:
    """Draw trustee ``index``'s polynomial and box key for this ceremony (trustees §3.1)."""
    manifest = check_ceremony_context(ceremony, manifest_bytes)
    if not 1 <= index <= ceremony.trustees:
        raise InputError(f"trustee index {index} is not in 1..{ceremony.trustees}")
    secret, public = new_trustee(
        index, ceremony.trustees, ceremony.threshold, context=ceremony.ceremony_context, rng=rng
    )
    return TrusteeState(
        election_id=manifest.election_id,
        index=index,
        trustees=ceremony.trustees,
        threshold=ceremony.threshold,
        ceremony_context=ceremony.ceremony_context,
        secret=secret,
        public=public,
    )


def _records(state: TrusteeState, ceremony: CeremonyView) -> list[TrusteePublic] | None:
    """All ``n`` records, verified, if they are all in (``None`` otherwise)."""
    if any(r is None for r in ceremony.records):
        return None
    records = [r for r in ceremony.records if r is not None]
    try:
        verify_ceremony(records, context=state.ceremony_context)
    except CryptoError as exc:
        raise VerificationError(f"the trustees' records do not verify: {exc}") from None
    mine = [r for r in records if r.index == state.index]
    if mine != [state.public]:
        raise VerificationError(f"the server's record for trustee {state.index} is not ours")
    return records


def make_shares(
    state: TrusteeState, ceremony: CeremonyView, *, rng: Rng | None = None
) -> list[EncryptedShare] | None:
    """The boxes for every other trustee (trustees §4.1), once every record is in."""
    records = _records(state, ceremony)
    if records is None:
        return None
    return encrypt_shares(state.secret, records, context=state.ceremony_context, rng=rng)


def finish(state: TrusteeState, ceremony: CeremonyView) -> tuple[KeyShare, bytes] | None:
    """The key share and the joint key, once the ``n - 1`` boxes to this trustee are in.

    A box that does not open or does not match its sender's commitments raises
    :class:`VerificationError` naming the sender and the complaint (trustees §4.2); the
    service does not run complaints, staff restart the ceremony (service §4).
    """
    records = _records(state, ceremony)
    if records is None:
        return None
    mine = [s for s in ceremony.shares if s.recipient == state.index]
    if len({s.sender for s in mine}) < state.trustees - 1:
        return None
    ceremony_ = verify_ceremony(records, context=state.ceremony_context)
    try:
        key_share = finish_ceremony(
            state.secret, ceremony_, records, mine, context=state.ceremony_context
        )
    except ShareError as exc:
        c = exc.complaint
        raise VerificationError(
            f"the share from trustee {c.accused} fails ({c.reason}): {exc}; report it to staff"
        ) from None
    except CryptoError as exc:
        raise VerificationError(f"cannot finish the ceremony: {exc}") from None
    return key_share, ceremony_.joint_key.encode()


def recount_tallies(manifest: Manifest, entries: Sequence[bytes]) -> dict[str, list[Ciphertext]]:
    """Each style's homomorphic sums over the counted ballots of a board log (record §2
    items 6-9: per credential and style the last ``ballot`` entry), recomputed from scratch.

    The proofs are not verified here (the server and any auditor do that); what this guards
    against is a server that asks the trustees to decrypt anything but the sums of the board's
    counted ballots.
    """
    latest: dict[tuple[bytes, str], EncryptedBallot] = {}
    for data in entries:
        entry = decode_entry(data)
        if entry.kind is not EntryKind.BALLOT:
            continue
        try:
            payload = decode_payload(entry.payload, BallotPayload)
            ballot = payload.encrypted_ballot()
        except PayloadError as exc:
            raise VerificationError(f"board entry {entry.index}: {exc}") from None
        latest[(payload.credential, ballot.style)] = ballot
    out: dict[str, list[Ciphertext]] = {}
    for b in manifest.ballots:
        style = b.ballot_style()
        counted = [ballot for (_, sid), ballot in latest.items() if sid == b.id]
        out[b.id] = tally_selections(style, counted)
    return out


def decrypt_tallies(
    state: TrusteeState,
    manifest: Manifest,
    view: ElectionView,
    tallies: Sequence[StyleTally],
    *,
    recount: dict[str, list[Ciphertext]] | None = None,
    rng: Rng | None = None,
) -> list[tuple[str, PartialDecryption]]:
    """This trustee's partial decryption of every style's tally (trustees §6), label
    ``b"tally/" + style id``, context the base hash -- recomputed from the manifest and the
    joint key this trustee computed itself. With ``recount`` (:func:`recount_tallies`) each
    tally must equal the recomputed sums."""
    if state.key_share is None or state.joint_key is None:
        raise InputError("the ceremony is not finished for this trustee")
    context = base_hash(manifest, state.joint_key)
    if view.base_hash != context:
        raise VerificationError("the election's base hash is not the one our joint key gives")
    styles = [b.id for b in manifest.ballots]
    if [t.style for t in tallies] != styles:
        raise VerificationError(f"the tally's styles are not the manifest's {styles}")
    out = []
    for t in tallies:
        if recount is not None and recount[t.style] != list(t.ciphertexts):
            raise VerificationError(
                f"style {t.style}: the tally is not the sum of the board's counted ballots"
            )
        out.append(
            (
                t.style,
                partial_decrypt(
                    state.key_share,
                    t.ciphertexts,
                    context=context,
                    label=tally_label(t.style),
                    rng=rng,
                ),
            )
        )
    return out


# -- I/O -----------------------------------------------------------------------------------------


class Trustee:
    """Trustee ``state.index`` of one election, with its token and its state file."""

    def __init__(self, client: ServiceClient, state_path: Path, state: TrusteeState) -> None:
        self.client = client
        self.path = state_path
        self.state = state

    @classmethod
    def init(
        cls,
        client: ServiceClient,
        election_id: str,
        index: int,
        state_path: Path,
        *,
        rng: Rng | None = None,
        force: bool = False,
    ) -> Trustee:
        """Create the state file (refusing to overwrite one: it may hold a live key share)."""
        if state_path.exists() and not force:
            raise InputError("the state file exists (it may hold secrets)", source=str(state_path))
        ceremony = client.ceremony(election_id)
        manifest = client.manifest_bytes(election_id)
        state = begin(ceremony, manifest, index, rng=rng)
        save_state(state_path, state)
        return cls(client, state_path, state)

    @classmethod
    def open(cls, client: ServiceClient, state_path: Path) -> Trustee:
        return cls(client, state_path, load_state(state_path))

    def _save(self) -> None:
        save_state(self.path, self.state)

    def post_record(self) -> None:
        self.client.post_trustee_record(self.state.election_id, self.state.public)
        self.state.record_posted = True
        self._save()

    def post_shares(self, *, rng: Rng | None = None) -> bool:
        """Send the boxes if every record is in; ``False`` if not yet."""
        if self.state.shares is None:
            ceremony = self.client.ceremony(self.state.election_id)
            shares = make_shares(self.state, ceremony, rng=rng)
            if shares is None:
                return False
            self.state.shares = shares
            self._save()
        self.client.post_shares(self.state.election_id, self.state.shares)
        self.state.shares_posted = True
        self._save()
        return True

    def commit(self) -> bool:
        """Open the boxes, keep the key share, post the commitment; ``False`` if not yet."""
        if self.state.key_share is None:
            done = finish(self.state, self.client.ceremony(self.state.election_id))
            if done is None:
                return False
            self.state.key_share, self.state.joint_key = done
            self._save()
        assert self.state.joint_key is not None
        self.client.post_commitment(self.state.election_id, self.state.index, self.state.joint_key)
        self.state.commitment_posted = True
        self._save()
        return True

    def decrypt(self, *, recount: bool = True, rng: Rng | None = None) -> str:
        """Partially decrypt every style's tally once the election is closed. Returns
        ``"posted"``, ``"waiting"`` (not closed yet) or the status if it is past ``closed``
        (tallied without this trustee: nothing to do)."""
        eid = self.state.election_id
        view = self.client.election(eid)
        if view.status != "closed":
            return view.status if view.status in ("tallied", "published") else "waiting"
        if self.state.partials is None:
            manifest = decode_manifest(self.client.manifest_bytes(eid))
            tallies = self.client.tally_ciphertexts(eid)
            sums = None
            if recount:
                entries = self.client.board_entries(eid, 0, view.board_size)
                sums = recount_tallies(manifest, [e.data for e in entries])
            made = decrypt_tallies(self.state, manifest, view, tallies, recount=sums, rng=rng)
            self.state.partials = [StylePartial(style, d) for style, d in made]
            self._save()
        partials = [(p.style, p.decryption) for p in self.state.partials]
        self.client.post_partials(eid, partials)
        self.state.decrypted = [style for style, _ in partials]
        self._save()
        return "posted"

    def step(self, *, rng: Rng | None = None, recount: bool = True) -> str:
        """Do the next step that is due; say what was done, or what is awaited."""
        s = self.state
        if not s.record_posted:
            self.post_record()
            return "record posted"
        if not s.shares_posted:
            return "shares posted" if self.post_shares(rng=rng) else "waiting for all records"
        if not s.commitment_posted:
            return "commitment posted" if self.commit() else "waiting for the shares to us"
        if not s.decrypted:
            done = self.decrypt(recount=recount, rng=rng)
            if done == "posted":
                return "partial decryptions posted"
            if done == "waiting":
                return "waiting for the election to close"
            return f"done: the election is {done} without this trustee's decryption"
        return "done"
