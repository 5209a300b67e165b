"""A trustee's side of the key ceremony and the tally decryption (docs/spec/trustees.md).

The trustee's secrets -- its identity key's seed, its polynomial and box key
(:class:`TrusteeSecret`), then its key share (:class:`KeyShare`) -- live only in a local state
file (mode 0600, written atomically) and never go to the server; what goes to the server is
its signed public record, the boxes it seals for the others, its signed commitment to the
joint key and its proved partial decryptions.

The trustee trusts nothing the server says that it can check, and holds the server to what it
**pinned** at ``init`` (docs/spec/pins.md): the trustees' identity keys (its own and the others'
as they were handed over out of band), the board's checkpoint key, and -- when known -- the
credential list's fingerprint. At every step it records the board's latest signed checkpoint,
after checking it under the pinned key and its consistency with the one recorded before.
Before each step it checks what it is given: the manifest against the pinned identity keys,
the other trustees' records (their proofs and their identity signatures), the boxes sent to it
(they must open and match the senders' commitments, else it refuses and names the sender).

Before it decrypts, it verifies the whole closed log itself (:class:`TallyLogVerifier`): hash
chain, the pinned board key's checkpoint, consistency with every checkpoint it recorded, the
manifest of its ceremony, signed trustee records and commitments, the pinned credential list,
every ballot in full, the ``closed`` counts and the tally entries against its own recount --
and it decrypts only those tallies, and none that counts fewer than the manifest's
``min_tally_ballots`` ballots. A server that serves a log holding only one voter's ballot, a
log forked from what the trustee saw, or a log under another key gets nothing decrypted.

The pure functions take what was fetched; :class:`Trustee` fetches, keeps the state file and
runs each step when it is due (:meth:`Trustee.step`).
"""

from __future__ import annotations

import base64
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import msgspec

from oylama.board import (
    BoardError,
    Checkpoint,
    parse_verifier_key,
    verifier_key,
    verify_checkpoint,
    verify_consistency,
)
from oylama.client._errors import VerificationError
from oylama.client._http import CeremonyView, ServiceClient
from oylama.crypto import (
    CryptoError,
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
    verify_ceremony,
)
from oylama.election import (
    LogError,
    Manifest,
    PinError,
    Pins,
    SignedTrusteeRecord,
    TallyLog,
    TallyLogVerifier,
    ceremony_context,
    decode_manifest,
    identity_public_key,
    manifest_hash,
    new_identity_seed,
    parse_fingerprint,
    sign_commitment,
    sign_record,
    verify_commitment_signature,
    verify_record_signature,
)
from oylama.errors import InputError

STATE_FORMAT: Final = "oylama-trustee-state/v2"
IDENTITY_FORMAT: Final = "oylama-trustee-identity/v1"
STATE_MODE: Final = 0o600

#: Checkpoints kept in the state file: the first one and the most recent others. Each was
#: checked consistent with the one before it when it was recorded, and consistency is
#: transitive, so dropping middle ones loses no guarantee; the log to decrypt is checked
#: against every one kept.
MAX_CHECKPOINTS: Final = 64


class StylePartial(msgspec.Struct, forbid_unknown_fields=True):
    """One style's partial decryption, as posted."""

    style: str
    decryption: PartialDecryption


class TrusteeState(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Everything a trustee keeps between steps (secret: the file is mode 0600).

    What it sends is kept before it is sent (the boxes, the partial decryptions: both drawn
    with fresh randomness), so that a step interrupted after the server took it is retried
    with the same bytes, which the server accepts as a retry. ``pins`` always pin the board
    key and the trustees' identity keys; the credential fingerprint may come later (it is
    required before decrypting). ``checkpoints`` are the signed notes recorded so far.
    """

    format: str = STATE_FORMAT
    election_id: str
    index: int
    trustees: int
    threshold: int
    ceremony_context: bytes
    manifest_hash: bytes
    identity: bytes
    pins: Pins
    checkpoints: list[str] = []
    secret: TrusteeSecret
    public: TrusteePublic
    record_posted: bool = False
    shares: list[EncryptedShare] | None = None
    shares_posted: bool = False
    key_share: KeyShare | None = None
    joint_key: bytes | None = None
    commitment_posted: bool = False
    partials: list[StylePartial] | None = None
    partials_posted: bool = False
    withheld: list[str] = []

    def __repr__(self) -> str:  # a repr must never print the secrets
        return f"TrusteeState(election={self.election_id!r}, index={self.index})"


class IdentityFile(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A trustee's long-term identity key (secret: mode 0600), reused across elections."""

    format: str = IDENTITY_FORMAT
    seed: bytes

    def __repr__(self) -> str:
        return "IdentityFile(...)"


def tally_label(style_id: str) -> bytes:
    """The decryption label of a style's tally (record §2 item 10)."""
    return b"tally/" + style_id.encode("utf-8")


# -- files -----------------------------------------------------------------------------------------


def _write_secret(path: Path, data: bytes) -> None:
    """Write ``data`` atomically (temporary file in the same directory, then rename), 0600."""
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


def save_state(path: Path, state: TrusteeState) -> None:
    """Write the state atomically, mode 0600."""
    _write_secret(path, msgspec.json.format(msgspec.json.encode(state), indent=2) + b"\n")


def _read_secret(path: Path, kind: type[msgspec.Struct], what: str, missing: str) -> object:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(missing, source=str(path)) from None
    try:
        value = msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError as exc:
        raise InputError(f"not a {what} file: {exc}", source=str(path)) from None
    except msgspec.DecodeError as exc:
        raise InputError(
            f"not a {what} file: {exc}", source=str(path), line=_line(data, exc)
        ) from None
    if os.stat(path).st_mode & 0o077:
        raise InputError(f"the {what} file holds secrets: it must be mode 0600", source=str(path))
    return value


def load_state(path: Path) -> TrusteeState:
    """Read a state file; a malformed one is an :class:`InputError` naming the file (and line)."""
    state = _read_secret(
        path, TrusteeState, "trustee state", "no trustee state file (run 'oylama trustee init')"
    )
    assert isinstance(state, TrusteeState)
    if state.format != STATE_FORMAT:
        raise InputError(f"unknown state format {state.format!r}", source=str(path))
    return state


def new_identity(path: Path, *, force: bool = False, rng: Rng | None = None) -> bytes:
    """Make a trustee identity key in ``path`` (0600); its public key, to hand to staff."""
    if path.exists() and not force:
        raise InputError("the identity file exists (it holds a secret key)", source=str(path))
    seed = new_identity_seed(rng)
    _write_secret(path, msgspec.json.encode(IdentityFile(seed=seed)) + b"\n")
    return identity_public_key(seed)


def load_identity(path: Path) -> bytes:
    """The identity seed kept in ``path`` (:func:`new_identity`)."""
    found = _read_secret(
        path, IdentityFile, "trustee identity", "no identity file (run 'oylama trustee keygen')"
    )
    assert isinstance(found, IdentityFile)
    if found.format != IDENTITY_FORMAT or len(found.seed) != 32:
        raise InputError(f"not a {IDENTITY_FORMAT} file", source=str(path))
    return found.seed


def _line(data: bytes, exc: Exception) -> int | None:
    """The line of a msgspec JSON decode error (it reports a byte position)."""
    found = re.search(r"\(byte ([0-9]+)\)", str(exc))
    return data[: int(found.group(1))].count(b"\n") + 1 if found else None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


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
    ceremony: CeremonyView,
    manifest_bytes: bytes,
    identity: bytes,
    pins: Pins,
    *,
    index: int | None = None,
    rng: Rng | None = None,
) -> TrusteeState:
    """Draw this trustee's polynomial and box key for this ceremony (trustees §3.1), after
    checking the manifest against the pinned identity keys.

    ``identity`` is the seed of this trustee's identity key; its public key must be in the
    manifest, at ``index`` if given. ``pins`` must pin every trustee's identity key.
    """
    manifest = check_ceremony_context(ceremony, manifest_bytes)
    if pins.trustee_keys is None:
        raise InputError("pin the trustees' identity keys (--trustee-keys or --pins)")
    try:
        pins.check_election(manifest.election_id)
        pins.check_trustee_keys(manifest.trustee_keys)
    except PinError as exc:
        raise VerificationError(str(exc)) from None
    mine = identity_public_key(identity)
    if mine not in manifest.trustee_keys:
        raise VerificationError(
            f"this trustee's identity key {_b64(mine)} is not one of the election's trustees'"
        )
    at = manifest.trustee_keys.index(mine) + 1
    if index is not None and index != at:
        raise VerificationError(f"this trustee's identity key is trustee {at}'s, not {index}'s")
    secret, public = new_trustee(
        at, ceremony.trustees, ceremony.threshold, context=ceremony.ceremony_context, rng=rng
    )
    return TrusteeState(
        election_id=manifest.election_id,
        index=at,
        trustees=ceremony.trustees,
        threshold=ceremony.threshold,
        ceremony_context=ceremony.ceremony_context,
        manifest_hash=manifest_hash(manifest),
        identity=identity,
        pins=pins,
        secret=secret,
        public=public,
    )


def signed_record(state: TrusteeState) -> SignedTrusteeRecord:
    """This trustee's record, signed with its identity key (trustees §3.3)."""
    signature = sign_record(state.identity, state.public, context=state.ceremony_context)
    return SignedTrusteeRecord(record=state.public, signature=signature)


def _pinned_keys(state: TrusteeState) -> tuple[bytes, ...]:
    assert state.pins.trustee_keys is not None
    return state.pins.trustee_keys


def _records(state: TrusteeState, ceremony: CeremonyView) -> list[TrusteePublic] | None:
    """All ``n`` records, each signed by its pinned identity key and verified, if they are
    all in (``None`` otherwise)."""
    if any(r is None for r in ceremony.records):
        return None
    signed = [r for r in ceremony.records if r is not None]
    keys = _pinned_keys(state)
    for s in signed:
        try:
            verify_record_signature(
                s.record, s.signature, trustee_keys=keys, context=state.ceremony_context
            )
        except InputError as exc:
            raise VerificationError(str(exc)) from None
    records = [s.record for s in signed]
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
    """The boxes for every other trustee (trustees §4.1), once every signed record is in."""
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


def commitment_signature(state: TrusteeState) -> bytes:
    """This trustee's signature of the joint key it computed (trustees §3.3)."""
    assert state.joint_key is not None
    return sign_commitment(
        state.identity, state.index, state.joint_key, context=state.ceremony_context
    )


def check_commitments(state: TrusteeState, ceremony: CeremonyView) -> None:
    """Every commitment the server shows is signed by its pinned identity key and names the
    joint key this trustee computed."""
    keys = _pinned_keys(state)
    for c in ceremony.commitments:
        if c is None:
            continue
        if c.joint_key != state.joint_key:
            raise VerificationError(f"trustee {c.index} committed to another joint key")
        try:
            verify_commitment_signature(
                c.index, c.joint_key, c.signature, trustee_keys=keys, context=state.ceremony_context
            )
        except InputError as exc:
            raise VerificationError(str(exc)) from None


def board_checkpoint(state: TrusteeState, note: str) -> Checkpoint:
    """``note`` verified under the pinned board key, with the manifest's origin."""
    assert state.pins.board_key is not None
    name, key = parse_verifier_key(state.pins.board_key)
    try:
        return verify_checkpoint(note, name, key, origin=name)
    except BoardError as exc:
        raise VerificationError(f"the board's checkpoint does not verify: {exc}") from None


def record_checkpoint(
    state: TrusteeState, note: str, consistency: Callable[[int, int], list[bytes]]
) -> Checkpoint:
    """Verify ``note`` and its consistency with the last checkpoint recorded (``consistency``
    fetches the proof from ``old`` to ``new`` size), and record it; the checkpoint."""
    new = board_checkpoint(state, note)
    if state.checkpoints:
        old = board_checkpoint(state, state.checkpoints[-1])
        if new.size < old.size:
            raise VerificationError(
                f"the board shrank from {old.size} to {new.size} entries (a fork)"
            )
        if old.size:
            proof = consistency(old.size, new.size) if new.size != old.size else []
            try:
                verify_consistency(old.size, new.size, old.root_hash, new.root_hash, proof)
            except BoardError as exc:
                raise VerificationError(
                    f"the board's checkpoint of size {new.size} is not consistent with the one "
                    f"of size {old.size} recorded earlier (a fork): {exc}"
                ) from None
        if new.size == old.size:
            return new
    state.checkpoints.append(note)
    if len(state.checkpoints) > MAX_CHECKPOINTS:
        del state.checkpoints[1]
    return new


def decrypt_tallies(
    state: TrusteeState, log: TallyLog, *, rng: Rng | None = None
) -> list[tuple[str, PartialDecryption]]:
    """This trustee's partial decryption of every decryptable style's tally of a verified log
    (trustees §6), label ``b"tally/" + style id``, context the base hash -- recomputed from the
    manifest and the joint key this trustee computed itself."""
    if state.key_share is None or state.joint_key is None:
        raise InputError("the ceremony is not finished for this trustee")
    if log.joint_key != state.joint_key:
        raise VerificationError("the log was verified for another joint key")
    out = []
    for t in log.tallies:
        if t.style not in log.decryptable:
            continue
        out.append(
            (
                t.style,
                partial_decrypt(
                    state.key_share,
                    t.ciphertexts,
                    context=log.base_hash,
                    label=tally_label(t.style),
                    rng=rng,
                ),
            )
        )
    return out


# -- I/O -----------------------------------------------------------------------------------------


@contextmanager
def _mapper(
    workers: int, scheduler: str | None = None
) -> Iterator[Callable[..., Iterable[str | None]]]:
    """``map`` on a Dask cluster -- a local one of ``workers`` processes, or the running one
    of ``scheduler`` -- or the builtin for one worker: the same mechanism as the auditor's
    recount, so a trustee's check of a million ballots can use a city's cluster."""
    if workers <= 1 and scheduler is None:
        yield map
        return
    import distributed  # noqa: PLC0415 (only for a cluster)

    cluster: Any = None
    try:
        if scheduler is None:
            cluster = distributed.LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers,
                threads_per_worker=1,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        client: Any = distributed.Client(  # type: ignore[no-untyped-call]
            cluster or scheduler, timeout=30, set_as_default=False
        )
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise VerificationError(f"cannot reach the Dask cluster: {exc}") from None

    def run(fn: Callable[..., str | None], tasks: Iterable[object]) -> list[str | None]:
        try:
            return list(client.gather(client.map(fn, list(tasks), pure=False)))
        except Exception as exc:  # the cluster failed: nothing is concluded
            raise VerificationError(f"the Dask cluster failed: {exc}") from None

    try:
        yield run
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class Trustee:
    """Trustee ``state.index`` of one election, with its token and its state file."""

    def __init__(self, client: ServiceClient, state_path: Path, state: TrusteeState) -> None:
        self.client = client
        self.path = state_path
        self.state = state
        #: a credential fingerprint given but not yet pinned (:meth:`pin_credentials`)
        self.offered_credentials: str | None = None

    @classmethod
    def init(
        cls,
        client: ServiceClient,
        election_id: str,
        state_path: Path,
        *,
        identity: bytes,
        pins: Pins,
        index: int | None = None,
        rng: Rng | None = None,
        force: bool = False,
    ) -> Trustee:
        """Create the state file (refusing to overwrite one: it may hold a live key share).

        ``pins`` must pin the trustees' identity keys; the board key is pinned too if given,
        else the one the server publishes now is kept (trust on first use: compare it with the
        one staff published) and every later step is held to it.
        """
        if state_path.exists() and not force:
            raise InputError("the state file exists (it may hold secrets)", source=str(state_path))
        ceremony = client.ceremony(election_id)
        manifest_bytes = client.manifest_bytes(election_id)
        state = begin(ceremony, manifest_bytes, identity, pins, index=index, rng=rng)
        manifest = decode_manifest(manifest_bytes)
        served = client.board_key(election_id)
        if served.origin != manifest.origin or served.key_name != manifest.origin:
            raise VerificationError(
                f"the board key is for {served.key_name!r}, the manifest's origin is "
                f"{manifest.origin!r}"
            )
        try:
            pins.check_board_key(served.key_name, served.ed25519_public_key)
        except PinError as exc:
            raise VerificationError(str(exc)) from None
        if pins.board_key is None:
            state.pins = msgspec.structs.replace(
                state.pins, board_key=verifier_key(served.key_name, served.ed25519_public_key)
            )
        trustee = cls(client, state_path, state)
        trustee.observe()
        save_state(state_path, state)
        return trustee

    @classmethod
    def open(cls, client: ServiceClient, state_path: Path) -> Trustee:
        return cls(client, state_path, load_state(state_path))

    def _save(self) -> None:
        save_state(self.path, self.state)

    @property
    def board_key(self) -> str:
        assert self.state.pins.board_key is not None
        return self.state.pins.board_key

    def pin_credentials(self, fingerprint: str) -> None:
        """Pin the credential list's fingerprint (as the credential authority announced it).

        One pinned before must be the same (else :class:`InputError`). A new one is kept in the
        state file once a log verified against it: a mistyped fingerprint makes the
        verification fail without locking the trustee to the typo.
        """
        value = parse_fingerprint(fingerprint)
        pinned = self.state.pins.credentials
        if pinned is not None and pinned != value:
            raise InputError(f"the state pins the credential fingerprint {pinned}, not {value}")
        self.offered_credentials = value

    def observe(self) -> Checkpoint:
        """Fetch the board's latest checkpoint, verify it under the pinned key and its
        consistency with the last one recorded, and record it."""
        eid = self.state.election_id
        note = self.client.board_checkpoint(eid)
        cp = record_checkpoint(
            self.state, note, lambda old, new: self.client.consistency_proof(eid, old, new)
        )
        self._save()
        return cp

    def post_record(self) -> None:
        self.observe()
        self.client.post_trustee_record(self.state.election_id, signed_record(self.state))
        self.state.record_posted = True
        self._save()

    def post_shares(self, *, rng: Rng | None = None) -> bool:
        """Send the boxes if every record is in; ``False`` if not yet."""
        self.observe()
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
        """Open the boxes, keep the key share, post the signed commitment; ``False`` if not
        yet."""
        self.observe()
        if self.state.key_share is None:
            done = finish(self.state, self.client.ceremony(self.state.election_id))
            if done is None:
                return False
            self.state.key_share, self.state.joint_key = done
            self._save()
        assert self.state.joint_key is not None
        check_commitments(self.state, self.client.ceremony(self.state.election_id))
        self.client.post_commitment(
            self.state.election_id,
            self.state.index,
            self.state.joint_key,
            commitment_signature(self.state),
        )
        self.state.commitment_posted = True
        self._save()
        return True

    def verify_log(self, *, workers: int = 1, scheduler: str | None = None) -> TallyLog:
        """Verify the closed log in full (:class:`TallyLogVerifier`) against a checkpoint
        recorded now and every checkpoint recorded before."""
        s = self.state
        if s.joint_key is None:
            raise InputError("the ceremony is not finished for this trustee")
        pins = s.pins
        if pins.credentials is None and self.offered_credentials is not None:
            pins = msgspec.structs.replace(pins, credentials=self.offered_credentials)
        if pins.credentials is None:
            raise InputError(
                "pin the credential list's fingerprint before decrypting "
                "(--credentials-fingerprint, as the credential authority announced it)"
            )
        cp = self.observe()
        earlier = [board_checkpoint(s, note) for note in s.checkpoints]
        eid = s.election_id
        with _mapper(workers, scheduler) as mapper:
            verifier = TallyLogVerifier(
                election_id=eid,
                manifest_hash=s.manifest_hash,
                joint_key=s.joint_key,
                pins=pins,
                map=mapper,
                entries_at=lambda indices: self._entries_at(eid, indices),
            )
            try:
                for start in range(0, cp.size, 1000):
                    page = self.client.board_entries(eid, start, min(cp.size, start + 1000))
                    for k, e in enumerate(page):
                        if e.index != start + k:
                            raise VerificationError(
                                f"the board sent entry {e.index} for {start + k}"
                            )
                        verifier.add(e.data)
                log = verifier.finish(cp, earlier)
            except (LogError, PinError) as exc:
                raise VerificationError(f"the board log does not verify: {exc}") from None
        if s.pins != pins:  # the offered fingerprint held: it is pinned from now on
            s.pins = pins
            self._save()
        return log

    def _entries_at(self, eid: str, indices: Sequence[int]) -> list[bytes]:
        """Those board entries again (runs of consecutive indices in one request each)."""
        out: list[bytes] = []
        k = 0
        while k < len(indices):
            end = k + 1
            while end < len(indices) and indices[end] == indices[end - 1] + 1 and end - k < 1000:
                end += 1
            page = self.client.board_entries(eid, indices[k], indices[end - 1] + 1)
            if [e.index for e in page] != list(indices[k:end]):
                raise VerificationError("the board sent other entries than those asked for")
            out += [e.data for e in page]
            k = end
        return out

    def decrypt(
        self, *, workers: int = 1, scheduler: str | None = None, rng: Rng | None = None
    ) -> str:
        """Partially decrypt every style's tally once the election is closed, after verifying
        the log in full. Returns ``"posted"``, ``"waiting"`` (not closed yet) or the status if
        it is past ``closed`` (tallied without this trustee: nothing to do)."""
        eid = self.state.election_id
        view = self.client.election(eid)
        if view.status != "closed":
            self.observe()
            return view.status if view.status in ("tallied", "published") else "waiting"
        if self.state.partials is None:
            log = self.verify_log(workers=workers, scheduler=scheduler)
            made = decrypt_tallies(self.state, log, rng=rng)
            self.state.partials = [StylePartial(style, d) for style, d in made]
            self.state.withheld = list(log.withheld)
            self._save()
        partials = [(p.style, p.decryption) for p in self.state.partials]
        if partials:
            self.client.post_partials(eid, partials)
        self.state.partials_posted = True
        self._save()
        return "posted"

    def step(
        self, *, workers: int = 1, scheduler: str | None = None, rng: Rng | None = None
    ) -> str:
        """Do the next step that is due; say what was done, or what is awaited."""
        s = self.state
        if not s.record_posted:
            self.post_record()
            return "record posted"
        if not s.shares_posted:
            return "shares posted" if self.post_shares(rng=rng) else "waiting for all records"
        if not s.commitment_posted:
            return "commitment posted" if self.commit() else "waiting for the shares to us"
        if not s.partials_posted:
            done = self.decrypt(workers=workers, scheduler=scheduler, rng=rng)
            if done == "posted":
                return "partial decryptions posted"
            if done == "waiting":
                return "waiting for the election to close"
            return f"done: the election is {done} without this trustee's decryption"
        return "done"
