"""What a trustee verifies before it decrypts anything: the whole closed log, from scratch.

A trustee's partial decryption of a ciphertext is half of a decryption oracle: if a server
could have ``t`` trustees decrypt a "tally" that holds one voter's ballot alone, it would read
that ballot. So a trustee decrypts only the tally it has recomputed itself from a log it has
authenticated in full (docs/spec/trustees.md §6.2, record.md §2):

* the log is **the** log: its hash chain, its Merkle root equal to a checkpoint signed by the
  *pinned* board key, and every checkpoint the trustee recorded earlier a prefix of it (so a
  log forked after anything the trustee saw is refused);
* it is **this** election: the manifest is the one whose ceremony the trustee took part in
  (its hash was saved then), the trustee records and commitments are signed by the *pinned*
  identity keys, and the joint key is the one the trustee computed;
* the voters are the real ones: the credential list's fingerprint is the *pinned* one the
  credential authority announced, so no key the server added can vote;
* every ballot counts as record §2 says: listed credential, eligible district, signature,
  every proof, unique id, supersession by revotes, all between ``opened`` and ``closed``;
  every paper ballot is valid for its style and keyed by two different staff accounts whose
  keys are on the board, and the manifest's ``paper_and_online`` rule holds;
* the ``closed`` counts and each ``tally`` entry equal what the trustee recounted; and a
  ballot whose tally counts fewer than the manifest's ``min_tally_ballots`` ballots (but at
  least one) is not decrypted at all.

:class:`TallyLogVerifier` takes the entries one at a time (a trustee reads the log in pages
and need not hold it whole) and gives a :class:`TallyLog`; the ballots' proofs, nearly all of
the cost, go through an injected ``map`` so that a caller can spread them over processes (the
trustee client: a Dask cluster). With ``entries_at`` it also holds no ballot: it keeps running
sums of every ballot and, at the end, takes away those of the superseded ones, which it reads
again through ``entries_at`` (each checked against the leaf hash it recorded) -- so a log of a
million ballots needs a few dozen bytes per ballot, not the ballots' ciphertexts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from oylama import credentials as creds
from oylama.board import (
    GENESIS_PREV,
    BoardError,
    Checkpoint,
    EntryKind,
    MemoryTree,
    decode_entry,
    leaf_hash,
)
from oylama.crypto import (
    BallotStyle,
    Ciphertext,
    CryptoError,
    EncryptedBallot,
    Point,
    TrusteePublic,
    add_ciphertexts,
    linear_combination,
    tally_selections,
    verify_ballot,
    verify_ceremony,
    verify_trustee_public,
)
from oylama.crypto.hazmat import L
from oylama.election._hashes import base_hash, ceremony_context, manifest_hash
from oylama.election._identity import verify_commitment_signature, verify_record_signature
from oylama.election._manifest import CITY_WIDE, Manifest, decode_manifest
from oylama.election._paper import (
    KEYINGS,
    PaperBallot,
    PaperKeyer,
    check_paper_choices,
    check_station,
    clear_sums,
    verify_paper_signature,
)
from oylama.election._payloads import (
    BallotPayload,
    BallotSuperseded,
    Closed,
    Opened,
    PayloadError,
    SignedTrusteeRecord,
    Staff,
    Tally,
    TrusteeCommitment,
    decode_ballot_text,
    decode_payload,
)
from oylama.election._pins import Pins
from oylama.errors import InputError, OylamaError

#: Ballots whose proofs are handed to ``map`` at once.
BATCH: Final = 256

#: ``map(function, tasks)``: the builtin, or e.g. ``ProcessPoolExecutor.map``.
MapFunction = Callable[..., Iterable["str | None"]]

#: ``entries_at(indices)``: the canonical bytes of those entries of the log, in that order.
EntriesAt = Callable[[Sequence[int]], Iterable[bytes]]

#: Ballots summed per ``tally_selections`` call in the running sums (bounds memory).
SUM_BATCH: Final = 500


class LogError(OylamaError):
    """The log does not verify for decryption; ``index`` is the entry (``None``: the log)."""

    def __init__(self, message: str, index: int | None = None) -> None:
        self.index = index
        super().__init__(message if index is None else f"board entry {index}: {message}")


@dataclass(frozen=True)
class BallotTask:
    """What one ballot's full check needs (picklable, for a process pool)."""

    index: int
    election_id: str
    style: BallotStyle
    joint_key: bytes
    context: bytes
    credential: bytes
    signature: bytes
    ballot: bytes


def check_ballot_task(task: BallotTask) -> str | None:
    """The signature and every proof of one ballot; ``None`` if they verify, else why not."""
    try:
        creds.verify_ballot_signature(
            task.credential, task.ballot, task.signature, election_id=task.election_id
        )
    except InputError as exc:
        return str(exc)
    try:
        ballot = decode_ballot_text(task.ballot)
        verify_ballot(
            task.style,
            Point.decode(task.joint_key),
            ballot,
            context=task.context,
            credential=task.credential,
        )
    except (CryptoError, InputError) as exc:
        return str(exc)
    return None


@dataclass(frozen=True)
class TallyLog:
    """A closed log that verified: what a trustee may decrypt."""

    manifest: Manifest
    joint_key: bytes
    base_hash: bytes
    size: int
    root: bytes
    tallies: list[Tally]
    #: styles whose tally counts at least ``min_tally_ballots`` ballots, or none at all
    decryptable: list[str]
    #: styles whose tally counts 1 .. ``min_tally_ballots - 1`` ballots: never decrypted
    withheld: list[str]


def allowed_districts(manifest: Manifest) -> frozenset[str]:
    """Districts a credential may have: each with a ballot of its own or a city-wide ballot to
    cast, and ``city-wide`` when there is a city-wide ballot (credentials §5.2)."""
    city = any(b.district == CITY_WIDE for b in manifest.ballots)
    own = {b.district for b in manifest.ballots}
    found = {d.id for d in manifest.districts if city or d.id in own}
    if city:
        found.add(CITY_WIDE)
    return frozenset(found)


@dataclass
class _Latest:
    index: int
    selections: list[Ciphertext]


@dataclass
class TallyLogVerifier:
    """Feed the entries in index order (:meth:`add`), then :meth:`finish`.

    ``manifest_hash`` and ``joint_key`` are what the trustee saved during the ceremony;
    ``pins`` must pin the trustee identity keys and the credential list (the board key is
    checked by whoever verified the checkpoint handed to :meth:`finish`).
    """

    election_id: str
    manifest_hash: bytes
    joint_key: bytes
    pins: Pins
    map: MapFunction = map
    entries_at: EntriesAt | None = None

    _tree: MemoryTree = field(default_factory=MemoryTree)
    _prev: bytes = GENESIS_PREV
    _time: int = 0
    _manifest: Manifest | None = None
    _context: bytes = b""
    _base: bytes = b""
    _records: dict[int, TrusteePublic] = field(default_factory=dict)
    _commitments: set[int] = field(default_factory=set)
    _credentials: dict[bytes, str] | None = None
    _fingerprint: str = ""
    _parts: list[bytes] = field(default_factory=list)  # of the list (credentials §5.4)
    _parts_end: int = -1
    _opened: bool = False
    _closed: Closed | None = None
    _closed_at: int = -1
    _ids: set[tuple[str, bytes]] = field(default_factory=set)
    _latest: dict[tuple[bytes, str], _Latest] = field(default_factory=dict)
    _cast: dict[str, int] = field(default_factory=dict)
    _superseded_due: dict[int, tuple[bytes, str, int, int]] = field(default_factory=dict)
    _tallies: list[Tally] = field(default_factory=list)
    _pending: list[BallotTask] = field(default_factory=list)
    # with entries_at: running sums of every ballot, and the ballots superseded since
    _sums: dict[str, list[Ciphertext]] = field(default_factory=dict)
    _unsummed: dict[str, list[EncryptedBallot]] = field(default_factory=dict)
    _superseded: list[tuple[int, str]] = field(default_factory=list)
    # paper ballots: the roster in force, the keyers' keys, (credential, style) -> entry
    _staff: frozenset[str] = frozenset()
    _keyers: dict[str, bytes] = field(default_factory=dict)
    _paper: dict[tuple[bytes, str], int] = field(default_factory=dict)
    _paper_choices: dict[str, list[list[int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.pins.trustee_keys is None:
            raise InputError("pin the trustees' identity keys before verifying a log")
        if self.pins.credentials is None:
            raise InputError(
                "pin the credential list's fingerprint (as the credential authority announced "
                "it) before verifying a log"
            )

    # -- the chain -------------------------------------------------------------------------------

    def add(self, data: bytes) -> None:
        """The next entry's canonical bytes."""
        j = self._tree.size
        try:
            e = decode_entry(data)
        except BoardError as exc:
            raise LogError(str(exc), j) from None
        if e.index != j:
            raise LogError(f"carries index {e.index} at position {j}", j)
        if e.prev_hash != self._prev:
            raise LogError("prev_hash is not the hash of the previous entry", j)
        if e.election_id != self.election_id:
            raise LogError(f"belongs to election {e.election_id!r}", j)
        if e.timestamp < self._time:
            raise LogError("timestamp goes back in time", j)
        self._prev = leaf_hash(data)
        self._time = e.timestamp
        self._tree.append(self._prev)
        try:
            self._entry(j, e.kind, e.payload)
        except (PayloadError, CryptoError) as exc:
            raise LogError(str(exc), j) from None
        if len(self._pending) >= BATCH:
            self._flush()

    def _entry(self, j: int, kind: EntryKind, payload: bytes) -> None:
        if j == 0:
            if kind is not EntryKind.MANIFEST:
                raise LogError("entry 0 is not the manifest", j)
            self._manifest_entry(j, payload)
            return
        if kind is EntryKind.MANIFEST:
            raise LogError("a second manifest", j)
        m = self._manifest
        assert m is not None
        due = self._superseded_due.pop(j, None)
        if due is not None and kind is not EntryKind.BALLOT_SUPERSEDED:
            raise LogError(f"entry {due[3]} is a revote: a ballot-superseded entry must follow", j)
        ceremony_kinds = (
            EntryKind.TRUSTEE_KEY,
            EntryKind.TRUSTEE_COMMITMENT,
            EntryKind.CREDENTIALS,
        )
        if kind in ceremony_kinds and self._opened:
            raise LogError(f"{kind.value} after opened", j)
        if self._parts and kind is not EntryKind.CREDENTIALS:
            self._credential_list(self._parts_end, m)
        if kind is EntryKind.TRUSTEE_KEY:
            self._record(j, m, payload)
        elif kind is EntryKind.TRUSTEE_COMMITMENT:
            self._commitment(j, m, payload)
        elif kind is EntryKind.CREDENTIALS:
            if self._credentials is not None:
                raise LogError("a second credential list", j)
            self._parts.append(payload)
            self._parts_end = j
        elif kind is EntryKind.OPENED:
            self._opened_entry(j, m, payload)
        elif kind is EntryKind.BALLOT:
            self._ballot(j, m, payload)
        elif kind is EntryKind.STAFF:
            self._staff = frozenset(decode_payload(payload, Staff).staff)
        elif kind is EntryKind.PAPER_KEYER:
            self._keyer(j, payload)
        elif kind is EntryKind.PAPER_BALLOT:
            self._paper_ballot(j, m, payload)
        elif kind is EntryKind.BALLOT_SUPERSEDED:
            if due is None:
                raise LogError("ballot-superseded without a revote right before it", j)
            s = decode_payload(payload, BallotSuperseded)
            if (s.credential, s.style, s.superseded, s.by) != due:
                raise LogError("ballot-superseded names other entries than the revote's", j)
        elif kind is EntryKind.CLOSED:
            if not self._opened or self._closed is not None:
                raise LogError("closed twice or before opened", j)
            self._closed = decode_payload(payload, Closed)
            self._closed_at = j
        elif kind is EntryKind.TALLY:
            if self._closed is None or j != self._closed_at + 1 + len(self._tallies):
                raise LogError("a tally entry not right after closed", j)
            self._tallies.append(decode_payload(payload, Tally))
        # Any other kind (partial decryptions of other trustees, ...) changes no sum.

    def _manifest_entry(self, j: int, payload: bytes) -> None:
        try:
            m = decode_manifest(payload)
        except InputError as exc:
            raise LogError(str(exc), j) from None
        if manifest_hash(m) != self.manifest_hash:
            raise LogError("the manifest is not the one of the ceremony this trustee ran", j)
        if m.election_id != self.election_id:
            raise LogError(f"the manifest is for election {m.election_id!r}", j)
        self.pins.check_trustee_keys(m.trustee_keys)
        self._manifest = m
        self._context = ceremony_context(m)
        self._base = base_hash(m, self.joint_key)

    def _record(self, j: int, m: Manifest, payload: bytes) -> None:
        signed = decode_payload(payload, SignedTrusteeRecord)
        r = signed.record
        try:
            verify_record_signature(
                r, signed.signature, trustee_keys=m.trustee_keys, context=self._context
            )
            verify_trustee_public(
                r, trustees=m.trustees, threshold=m.threshold, context=self._context
            )
        except InputError as exc:
            raise LogError(str(exc), j) from None
        if r.index in self._records:
            raise LogError(f"a second record of trustee {r.index}", j)
        self._records[r.index] = r

    def _commitment(self, j: int, m: Manifest, payload: bytes) -> None:
        c = decode_payload(payload, TrusteeCommitment)
        if len(self._records) != m.trustees:
            raise LogError("a commitment before every trustee's record", j)
        if c.index in self._commitments or not 1 <= c.index <= m.trustees:
            raise LogError(f"commitment index {c.index} out of range or repeated", j)
        if c.joint_key != self.joint_key:
            raise LogError(f"trustee {c.index} committed to another joint key", j)
        try:
            verify_commitment_signature(
                c.index,
                c.joint_key,
                c.signature,
                trustee_keys=m.trustee_keys,
                context=self._context,
            )
        except InputError as exc:
            raise LogError(str(exc), j) from None
        self._commitments.add(c.index)

    def _credential_list(self, j: int, m: Manifest) -> None:
        """The list of the consecutive ``credentials`` entries ending at ``j``, put together
        from its parts (credentials §5.4) and held to the pinned fingerprint."""
        try:
            data = creds.join_parts(self._parts)
        except InputError as exc:
            raise LogError(str(exc), j) from None
        self._parts = []
        fingerprint = creds.fingerprint(data)
        self.pins.check_credentials(fingerprint)
        try:
            public = creds.load_public_list(
                data, election_id=self.election_id, districts=allowed_districts(m)
            )
        except InputError as exc:
            raise LogError(f"the credential list: {exc}", j) from None
        self._credentials = {c.key_bytes: c.district for c in public.credentials}
        self._fingerprint = fingerprint

    def _opened_entry(self, j: int, m: Manifest, payload: bytes) -> None:
        if self._opened:
            raise LogError("a second opened entry", j)
        if len(self._commitments) != m.trustees or self._credentials is None:
            raise LogError("opened before every commitment and the credential list", j)
        ceremony = verify_ceremony(
            [self._records[i] for i in sorted(self._records)], context=self._context
        )
        if ceremony.joint_key.encode() != self.joint_key:
            raise LogError("the trustees' records give another joint key", j)
        o = decode_payload(payload, Opened)
        want = Opened(
            manifest_hash=self.manifest_hash,
            joint_key=self.joint_key,
            base_hash=self._base,
            credentials=self._fingerprint,
            voters=len(self._credentials),
            by=o.by,  # who opened it is the auditor's check (R24), not the decryption's
        )
        if o != want:
            raise LogError("opened does not state the manifest, key, base hash and voters", j)
        self._opened = True

    def _ballot(self, j: int, m: Manifest, payload: bytes) -> None:
        if not self._opened or self._closed is not None:
            raise LogError("a ballot outside the open election", j)
        p = decode_payload(payload, BallotPayload)
        ballot = p.encrypted_ballot()
        assert self._credentials is not None
        district = self._credentials.get(p.credential)
        if district is None:
            raise LogError("the credential is not in the pinned credential list", j)
        try:
            mb = m.ballot(ballot.style)
        except KeyError:
            raise LogError(f"no ballot {ballot.style!r} in the manifest", j) from None
        if mb.district not in (CITY_WIDE, district):
            raise LogError(f"a credential of {district!r} may not cast {mb.id!r}", j)
        if (ballot.style, ballot.ballot_id) in self._ids:
            raise LogError(f"ballot id used twice in style {ballot.style!r}", j)
        self._ids.add((ballot.style, ballot.ballot_id))
        key = (p.credential, ballot.style)
        if key in self._paper:
            raise LogError(
                f"the credential voted on paper (entry {self._paper[key]}) for {ballot.style!r}: "
                "it is used",
                j,
            )
        before = self._latest.get(key)
        if before is not None:
            self._superseded_due[j + 1] = (p.credential, ballot.style, before.index, j)
        if self.entries_at is None:
            self._latest[key] = _Latest(j, list(ballot.selections))
        else:
            self._latest[key] = _Latest(j, [])
            if before is not None:
                self._superseded.append((before.index, ballot.style))
            self._add(ballot.style, [_selections_only(ballot)])
        self._cast[ballot.style] = self._cast.get(ballot.style, 0) + 1
        self._pending.append(
            BallotTask(
                index=j,
                election_id=self.election_id,
                style=mb.ballot_style(),
                joint_key=self.joint_key,
                context=self._base,
                credential=p.credential,
                signature=p.signature,
                ballot=p.ballot_bytes,
            )
        )

    def _keyer(self, j: int, payload: bytes) -> None:
        if self._closed is not None:
            raise LogError("a paper-keyer entry after closed", j)
        k = decode_payload(payload, PaperKeyer)
        if k.account not in self._staff:
            raise LogError(f"paper keyer {k.account!r} is not staff of the election", j)
        self._keyers[k.account] = k.key

    def _paper_ballot(self, j: int, m: Manifest, payload: bytes) -> None:
        """record §2 item 7b: a valid ballot in the clear, keyed twice, under the manifest's
        rule for a credential used on paper and online."""
        if not self._opened or self._closed is not None:
            raise LogError("a paper ballot outside the open election", j)
        p = decode_payload(payload, PaperBallot)
        assert self._credentials is not None
        district = self._credentials.get(p.credential)
        if district is None:
            raise LogError("the paper ballot's credential is not in the pinned list", j)
        try:
            mb = m.ballot(p.style)
        except KeyError:
            raise LogError(f"no ballot {p.style!r} in the manifest", j) from None
        if mb.district not in (CITY_WIDE, district):
            raise LogError(f"a credential of {district!r} may not cast {mb.id!r}", j)
        try:
            check_station(p.station)
            check_paper_choices(mb.ballot_style(), p.choices)
        except InputError as exc:
            raise LogError(f"the paper ballot: {exc}", j) from None
        accounts = [k.account for k in p.keyings]
        if len(accounts) != KEYINGS or len(set(accounts)) != KEYINGS:
            raise LogError("a paper ballot needs two keyings by two different accounts", j)
        statement = p.statement()
        for k in p.keyings:
            key = self._keyers.get(k.account)
            if k.account not in self._staff or key is None:
                raise LogError(f"keyer {k.account!r} is not a staff keyer with a key", j)
            try:
                verify_paper_signature(key, self.election_id, statement, k.signature)
            except InputError as exc:
                raise LogError(f"keying by {k.account!r}: {exc}", j) from None
        voter = (p.credential, p.style)
        if voter in self._paper:
            raise LogError(f"a second paper ballot of the credential for {p.style!r}", j)
        before = self._latest.get(voter)
        if before is not None:
            if m.paper_and_online != "paper-counts":
                raise LogError(
                    f"the credential voted online (entry {before.index}) and the manifest says "
                    f"{m.paper_and_online}",
                    j,
                )
            self._superseded_due[j + 1] = (p.credential, p.style, before.index, j)
            del self._latest[voter]
            if self.entries_at is not None:
                self._superseded.append((before.index, p.style))
        self._paper[voter] = j
        self._paper_choices.setdefault(p.style, []).append(list(p.choices))
        self._cast[p.style] = self._cast.get(p.style, 0) + 1

    def _add(self, style: str, ballots: list[EncryptedBallot], *, flush: bool = False) -> None:
        """Into the running sums of ``style`` (every ``SUM_BATCH`` ballots, or now)."""
        pending = self._unsummed.setdefault(style, [])
        pending += ballots
        if pending and (flush or len(pending) >= SUM_BATCH):
            assert self._manifest is not None
            part = tally_selections(self._manifest.ballot(style).ballot_style(), pending)
            current = self._sums.get(style)
            self._sums[style] = (
                part
                if current is None
                else [add_ciphertexts(a, b) for a, b in zip(current, part, strict=True)]
            )
            pending.clear()

    def _counted_sums(self, style: str) -> list[Ciphertext]:
        """``entries_at`` mode: the running sums less the superseded ballots' (read again)."""
        assert self._manifest is not None and self.entries_at is not None
        b = self._manifest.ballot(style)
        self._add(style, [], flush=True)
        total = self._sums.get(style) or tally_selections(b.ballot_style(), [])
        gone = [i for i, s in self._superseded if s == style]
        for start in range(0, len(gone), SUM_BATCH):
            indices = gone[start : start + SUM_BATCH]
            ballots = []
            for i, data in zip(indices, self.entries_at(indices), strict=True):
                if leaf_hash(data) != self._tree.subtree_hash(i, i + 1):
                    raise LogError("an entry read again is not the one verified", i)
                e = decode_entry(data)
                ballot = decode_payload(e.payload, BallotPayload).encrypted_ballot()
                ballots.append(_selections_only(ballot))
            part = tally_selections(b.ballot_style(), ballots)
            minus = [linear_combination([c], [L - 1]) for c in part]  # L - 1 is -1
            total = [add_ciphertexts(a, c) for a, c in zip(total, minus, strict=True)]
        return total

    def _flush(self) -> None:
        tasks, self._pending = self._pending, []
        for task, problem in zip(tasks, self.map(check_ballot_task, tasks), strict=True):
            if problem is not None:
                raise LogError(f"the ballot does not verify: {problem}", task.index)

    # -- the end ---------------------------------------------------------------------------------

    def finish(self, checkpoint: Checkpoint, earlier: Sequence[Checkpoint] = ()) -> TallyLog:
        """Check the log against ``checkpoint`` (verified by the caller under the pinned board
        key) and every ``earlier`` checkpoint, then recount; the :class:`TallyLog`."""
        self._flush()
        n = self._tree.size
        if checkpoint.size != n or self._tree.root() != checkpoint.root_hash:
            raise LogError(f"the log of {n} entries is not the one the checkpoint signs")
        for cp in earlier:
            if cp.size > n:
                raise LogError(f"the log has {n} entries; a checkpoint seen earlier had {cp.size}")
            if cp.size and self._tree.root(cp.size) != cp.root_hash:
                raise LogError(
                    f"the log is not an extension of the checkpoint of size {cp.size} seen "
                    "earlier (a fork)"
                )
        m = self._manifest
        if m is None:
            raise LogError("the log is empty")
        if self._superseded_due:
            j = min(self._superseded_due)
            raise LogError("a revote without its ballot-superseded entry", j - 1)
        if self._closed is None:
            raise LogError("the election is not closed")
        counted = dict.fromkeys((b.id for b in m.ballots), 0)
        for _, style in self._latest:
            counted[style] += 1
        for _, style in self._paper:
            counted[style] += 1
        lines = [(c.style, c.cast, c.counted) for c in self._closed.styles]
        want = [(b.id, self._cast.get(b.id, 0), counted[b.id]) for b in m.ballots]
        if lines != want:
            raise LogError(f"closed states {lines}, the log gives {want}", self._closed_at)
        if [t.style for t in self._tallies] != [b.id for b in m.ballots]:
            raise LogError("not one tally per ballot in manifest order", self._closed_at)
        decryptable, withheld = [], []
        for k, (b, t) in enumerate(zip(m.ballots, self._tallies, strict=True)):
            at = self._closed_at + 1 + k
            if t.ballots != counted[b.id]:
                raise LogError(f"the tally counts {t.ballots} ballots, the log {counted[b.id]}", at)
            if self.entries_at is None:
                sums = tally_selections(b.ballot_style(), list(self._counted(b.id)))
            else:
                sums = self._counted_sums(b.id)
            paper = self._paper_choices.get(b.id)
            if paper:
                clear = clear_sums(b.ballot_style(), paper)
                sums = [add_ciphertexts(a, c) for a, c in zip(sums, clear, strict=True)]
            if list(t.ciphertexts) != sums:
                raise LogError(f"the tally of {b.id!r} is not the sum of its counted ballots", at)
            if 0 < t.ballots < m.min_tally_ballots:
                withheld.append(b.id)
            else:
                decryptable.append(b.id)
        return TallyLog(
            manifest=m,
            joint_key=self.joint_key,
            base_hash=self._base,
            size=n,
            root=checkpoint.root_hash,
            tallies=list(self._tallies),
            decryptable=decryptable,
            withheld=withheld,
        )

    def _counted(self, style: str) -> Iterator[EncryptedBallot]:  # without entries_at
        for (_, s), latest in self._latest.items():
            if s == style:
                yield EncryptedBallot(
                    election=self._base,
                    style=s,
                    ballot_id=b"",
                    selections=latest.selections,
                    squares=[],
                    proofs=[],
                    count=None,
                    total=None,
                )


def _selections_only(ballot: EncryptedBallot) -> EncryptedBallot:
    """What the sums need of a verified ballot (its proofs are let go)."""
    return EncryptedBallot(
        election=ballot.election,
        style=ballot.style,
        ballot_id=b"",
        selections=list(ballot.selections),
        squares=[],
        proofs=[],
        count=None,
        total=None,
    )
