"""Threshold trustees: a t-of-n key ceremony with Feldman commitments (docs/spec/trustees.md).

Each trustee ``i`` draws a polynomial ``P_i`` of degree ``t - 1`` and publishes the commitments
``K_ij = a_ij·G`` to its coefficients, each with a Schnorr proof of knowledge, plus an X25519
box key. It sends ``P_i(l)`` to every other trustee ``l`` inside a PyNaCl ``Box``; the recipient
checks the value against the public commitments (``P_i(l)·G == Σ_j l^j·K_ij``) and complains if
it does not match. The joint key is ``Σ_i K_i0`` and trustee ``l``'s key share is
``s_l = Σ_i P_i(l)``, a point of the polynomial ``Σ_i P_i`` whose value at 0 is the joint
secret. Nobody ever holds that secret: any ``t`` shares reconstruct decryptions of it
(:mod:`._tally`), fewer reveal nothing about it.

The public share ``s_l·G`` is computable by anyone from the commitments alone, so anyone can
verify a trustee's decryption shares. Everything here is a pure function over msgspec structs
that a CLI or a service shuttles between trustees; secrets (:class:`TrusteeSecret`,
:class:`KeyShare`) are meant to stay on their trustee's machine.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Final

import msgspec
from nacl import bindings as _nacl
from nacl import exceptions as _nacl_exceptions
from nacl.public import Box, PrivateKey, PublicKey

from oylama.crypto._errors import CryptoError, EncodingError, ProofError
from oylama.crypto._group import (
    IDENTITY,
    L,
    Point,
    Rng,
    base_mul,
    decode_scalar,
    encode_scalar,
    random_scalar,
)
from oylama.crypto._hash import TAG_PREFIX, check_context, lp
from oylama.crypto._proofs import SchnorrProof, prove_schnorr, verify_schnorr

#: Most trustees of a ceremony (bounds every list a verifier walks).
MAX_TRUSTEES: Final = 255

#: Size of an X25519 key and of a box nonce (crypto_box).
BOX_KEY_SIZE: Final = 32
BOX_NONCE_SIZE: Final = 24

#: Label prefix of the coefficient proofs (docs/spec/trustees.md §3).
LABEL_COEFFICIENT: Final = b"trustee-coefficient"

#: Domain tag of a share's plaintext inside its box (docs/spec/trustees.md §4).
SHARE_TAG: Final = TAG_PREFIX + b"trustee-share"


def _u32(v: int) -> bytes:
    return v.to_bytes(4, "big")


class _Redacted:
    """Stands for a secret field in ``repr``/``rich`` output: at most how many items it holds."""

    __slots__ = ("count",)

    def __init__(self, count: int | None) -> None:
        self.count = count

    def __repr__(self) -> str:
        return "<redacted>" if self.count is None else f"<{self.count} redacted>"


class TrusteeSecret(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What trustee ``index`` keeps on its own machine during the ceremony.

    ``coefficients`` are ``a_i0 … a_i(t-1)`` as scalars, ``box_secret`` its X25519 secret key.
    Serialise with :func:`~oylama.crypto.to_json` for the trustee's own file; never publish it.
    """

    index: int
    trustees: int
    threshold: int
    coefficients: list[bytes]
    box_secret: bytes

    def __repr__(self) -> str:
        # Redacted: a repr ends up in logs, tracebacks and debuggers, never on the trustee's disk.
        return (
            f"TrusteeSecret(index={self.index!r}, trustees={self.trustees!r}, "
            f"threshold={self.threshold!r}, coefficients=<{len(self.coefficients)} redacted>, "
            "box_secret=<redacted>)"
        )

    def __rich_repr__(self) -> list[tuple[str, object]]:
        return [
            ("index", self.index),
            ("trustees", self.trustees),
            ("threshold", self.threshold),
            ("coefficients", _Redacted(len(self.coefficients))),
            ("box_secret", _Redacted(None)),
        ]


class TrusteePublic(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What trustee ``index`` publishes: commitments ``K_ij``, their Schnorr proofs, its box key."""

    index: int
    trustees: int
    threshold: int
    commitments: list[bytes]
    proofs: list[SchnorrProof]
    box_public: bytes


class EncryptedShare(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``P_sender(recipient)`` in a box from ``sender`` to ``recipient``: ``nonce || box``."""

    sender: int
    recipient: int
    box: bytes


class Complaint(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Trustee ``accuser`` publishes that the share it got from ``accused`` is wrong.

    ``reason`` is ``"box"`` (the box did not open or its plaintext is malformed) or
    ``"commitments"`` (the value does not match the accused's commitments). The accused answers
    with a :class:`ShareReveal`; if it does not, or the reveal fails, it is disqualified.
    """

    accuser: int
    accused: int
    reason: str


class ShareReveal(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The accused's public answer to a complaint: ``P_sender(recipient)`` in the clear."""

    sender: int
    recipient: int
    share: bytes


class KeyShare(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Trustee ``index``'s final secret share ``s_index = Σ_i P_i(index)``; stays local."""

    index: int
    trustees: int
    threshold: int
    secret: bytes

    def __repr__(self) -> str:
        return (
            f"KeyShare(index={self.index!r}, trustees={self.trustees!r}, "
            f"threshold={self.threshold!r}, secret=<redacted>)"
        )

    def __rich_repr__(self) -> list[tuple[str, object]]:
        return [
            ("index", self.index),
            ("trustees", self.trustees),
            ("threshold", self.threshold),
            ("secret", _Redacted(None)),
        ]


class ShareError(ProofError):
    """A share that did not verify; :attr:`complaint` is what the recipient publishes."""

    def __init__(self, message: str, complaint: Complaint) -> None:
        super().__init__(message)
        self.complaint = complaint


class TrusteeError(ProofError):
    """A trustee's published record or decryption is wrong; :attr:`trustee` names it."""

    def __init__(self, message: str, trustee: int) -> None:
        super().__init__(f"trustee {trustee}: {message}")
        self.trustee = trustee


def check_parameters(trustees: int, threshold: int) -> None:
    """``1 <= threshold <= trustees <= MAX_TRUSTEES``."""
    if not (isinstance(trustees, int) and isinstance(threshold, int)):
        raise CryptoError("trustees and threshold are integers")
    if not 1 <= threshold <= trustees <= MAX_TRUSTEES:
        raise CryptoError(
            f"need 1 <= threshold <= trustees <= {MAX_TRUSTEES}, got {threshold} of {trustees}"
        )


def _check_index(index: int, trustees: int, what: str) -> None:
    if not isinstance(index, int) or not 1 <= index <= trustees:
        raise CryptoError(f"{what} must be a trustee index in [1, {trustees}], got {index!r}")


def coefficient_label(
    trustees: int, threshold: int, index: int, j: int, box_public: bytes
) -> bytes:
    """``"trustee-coefficient" || u32be(n) || u32be(t) || u32be(i) || u32be(j) || box_public``.

    The box key is in the label so that only the holder of the coefficients can publish (or
    swap) the key that shares to it are encrypted with.
    """
    return LABEL_COEFFICIENT + _u32(trustees) + _u32(threshold) + _u32(index) + _u32(j) + box_public


def _horner(coefficients: Sequence[int], x: int) -> int:
    acc = 0
    for a in reversed(coefficients):
        acc = (acc * x + a) % L
    return acc


def _scalars(data: Sequence[bytes], what: str) -> list[int]:
    out = []
    for j, b in enumerate(data):
        k = decode_scalar(b)
        if k == 0:
            raise EncodingError(f"{what} {j} is zero")
        out.append(k)
    return out


def _secret_coefficients(secret: TrusteeSecret) -> list[int]:
    check_parameters(secret.trustees, secret.threshold)
    _check_index(secret.index, secret.trustees, "index")
    if len(secret.coefficients) != secret.threshold:
        raise EncodingError(f"a trustee secret has {secret.threshold} coefficients")
    if len(secret.box_secret) != BOX_KEY_SIZE:
        raise EncodingError(f"a box secret key is {BOX_KEY_SIZE} bytes")
    return _scalars(secret.coefficients, "coefficient")


def new_trustee(
    index: int, trustees: int, threshold: int, *, context: bytes, rng: Rng | None = None
) -> tuple[TrusteeSecret, TrusteePublic]:
    """Trustee ``index`` of ``trustees`` starts the ceremony: its secret and public records.

    ``context`` is the ceremony's 32-byte context (docs/spec/trustees.md §2). Randomness, in
    order: 32 bytes of box secret key, ``t`` coefficients, ``t`` Schnorr nonces.
    """
    check_parameters(trustees, threshold)
    _check_index(index, trustees, "index")
    check_context(context, b"")
    rng = secrets if rng is None else rng
    box_secret = rng.token_bytes(BOX_KEY_SIZE)
    coefficients = [random_scalar(rng) for _ in range(threshold)]
    secret = TrusteeSecret(
        index=index,
        trustees=trustees,
        threshold=threshold,
        coefficients=[encode_scalar(a) for a in coefficients],
        box_secret=box_secret,
    )
    return secret, trustee_public(secret, context=context, rng=rng)


def trustee_public(
    secret: TrusteeSecret, *, context: bytes, rng: Rng | None = None
) -> TrusteePublic:
    """The public record of ``secret``: commitments, a Schnorr proof per coefficient, box key."""
    coefficients = _secret_coefficients(secret)
    box_public = bytes(PrivateKey(secret.box_secret).public_key)
    proofs = [
        prove_schnorr(
            a,
            context=context,
            label=coefficient_label(secret.trustees, secret.threshold, secret.index, j, box_public),
            rng=rng,
        )
        for j, a in enumerate(coefficients)
    ]
    return TrusteePublic(
        index=secret.index,
        trustees=secret.trustees,
        threshold=secret.threshold,
        commitments=[base_mul(a).encode() for a in coefficients],
        proofs=proofs,
        box_public=box_public,
    )


def _check_box_key(key: bytes, trustee: int) -> None:
    if not isinstance(key, bytes) or len(key) != BOX_KEY_SIZE:
        raise TrusteeError(f"a box public key is {BOX_KEY_SIZE} bytes", trustee)
    try:
        # 8 (a multiple of the cofactor) times a small-order key is zero: libsodium refuses it.
        _nacl.crypto_scalarmult(b"\x08" + bytes(31), key)
    except _nacl_exceptions.RuntimeError:
        raise TrusteeError("the box public key has small order", trustee) from None


def verify_trustee_public(
    public: TrusteePublic, *, trustees: int, threshold: int, context: bytes
) -> list[Point]:
    """Check a trustee's record for a ceremony of ``threshold`` of ``trustees``; its commitments.

    Raises :class:`TrusteeError` (naming the trustee) for wrong parameters, a commitment that is
    not a valid point (the identity, or not the encoding of an element: docs/spec/crypto.md
    §2.2), a
    bad box key or a Schnorr proof that fails.
    """
    check_parameters(trustees, threshold)
    check_context(context, b"")
    i = public.index
    if not isinstance(i, int) or not 1 <= i <= trustees:
        raise TrusteeError(f"index outside [1, {trustees}]", i)
    if public.trustees != trustees or public.threshold != threshold:
        raise TrusteeError(
            f"record is for {public.threshold} of {public.trustees}, the ceremony is "
            f"{threshold} of {trustees}",
            i,
        )
    if len(public.commitments) != threshold or len(public.proofs) != threshold:
        raise TrusteeError(f"expected {threshold} commitments and {threshold} proofs", i)
    _check_box_key(public.box_public, i)
    points = []
    for j, (b, proof) in enumerate(zip(public.commitments, public.proofs, strict=True)):
        try:
            k = Point.decode(b)
        except EncodingError as e:
            raise TrusteeError(f"commitment {j}: {e}", i) from None
        try:
            verify_schnorr(
                k,
                proof,
                context=context,
                label=coefficient_label(trustees, threshold, i, j, public.box_public),
            )
        except ProofError as e:
            raise TrusteeError(f"commitment {j}: {e}", i) from None
        points.append(k)
    return points


class Ceremony:
    """A verified set of trustee records: the joint key and every trustee's public share.

    Get one from :func:`verify_ceremony`, which checks every record first; the constructor
    itself only sums commitments that the caller has already decoded and verified.
    """

    __slots__ = ("_sums", "joint_key", "threshold", "trustees")

    def __init__(self, trustees: int, threshold: int, commitments: list[list[Point]]) -> None:
        self.trustees = trustees
        self.threshold = threshold
        # C_j = Σ_i K_ij: the commitments of the joint polynomial Σ_i P_i.
        sums = [IDENTITY] * threshold
        for row in commitments:
            sums = [a + b for a, b in zip(sums, row, strict=True)]
        self._sums = sums
        if sums[0].is_identity:  # Σ_i a_i0 = 0: only colluding trustees could arrange it
            raise ProofError("the joint key is the identity")
        self.joint_key: Point = sums[0]

    def public_share(self, index: int) -> Point:
        """``s_index·G = Σ_j index^j·C_j``, the key a trustee's decryption shares prove against."""
        _check_index(index, self.trustees, "index")
        acc = IDENTITY
        for c in reversed(self._sums):
            acc = acc * index + c
        return acc


def verify_ceremony(publics: Sequence[TrusteePublic], *, context: bytes) -> Ceremony:
    """Check the records of all ``n`` trustees (one per index ``1 … n``, same ``n`` and ``t``)."""
    if not publics:
        raise CryptoError("a ceremony has at least one trustee")
    trustees, threshold = publics[0].trustees, publics[0].threshold
    check_parameters(trustees, threshold)
    if len(publics) != trustees:
        raise CryptoError(f"expected {trustees} trustee records, got {len(publics)}")
    ordered = sorted(publics, key=lambda p: p.index)
    for expected, p in enumerate(ordered, start=1):
        if p.index != expected:
            raise TrusteeError("duplicate or missing trustee index", p.index)
    rows = [
        verify_trustee_public(p, trustees=trustees, threshold=threshold, context=context)
        for p in ordered
    ]
    return Ceremony(trustees, threshold, rows)


def joint_public_key(publics: Sequence[TrusteePublic], *, context: bytes) -> Point:
    """The election key ``K = Σ_i K_i0``, after checking every record."""
    return verify_ceremony(publics, context=context).joint_key


def _share_header(context: bytes, secret: TrusteeSecret, sender: int, recipient: int) -> bytes:
    """``LP(tag) || LP(context) || u32be(n) || u32be(t) || u32be(sender) || u32be(recipient)``."""
    return (
        lp(SHARE_TAG)
        + lp(context)
        + _u32(secret.trustees)
        + _u32(secret.threshold)
        + _u32(sender)
        + _u32(recipient)
    )


def encrypt_shares(
    secret: TrusteeSecret,
    publics: Sequence[TrusteePublic],
    *,
    context: bytes,
    rng: Rng | None = None,
) -> list[EncryptedShare]:
    """``P_i(l)`` for every other trustee ``l`` (increasing), each in a box to ``l``'s key.

    ``publics`` must have been verified (:func:`verify_ceremony`). Randomness: one 24-byte nonce
    per recipient, in order.
    """
    coefficients = _secret_coefficients(secret)
    check_context(context, b"")
    rng = secrets if rng is None else rng
    sender_key = PrivateKey(secret.box_secret)
    out = []
    for p in sorted(publics, key=lambda p: p.index):
        if p.index == secret.index:
            continue
        _check_index(p.index, secret.trustees, "recipient")
        _check_box_key(p.box_public, p.index)
        header = _share_header(context, secret, secret.index, p.index)
        value = encode_scalar(_horner(coefficients, p.index))
        nonce = rng.token_bytes(BOX_NONCE_SIZE)
        box = Box(sender_key, PublicKey(p.box_public)).encrypt(header + value, nonce)
        out.append(EncryptedShare(sender=secret.index, recipient=p.index, box=bytes(box)))
    return out


def _expected_share(commitments: Sequence[Point], recipient: int) -> Point:
    acc = IDENTITY
    for k in reversed(commitments):
        acc = acc * recipient + k
    return acc


def check_share(sender: TrusteePublic, recipient: int, value: int) -> bool:
    """Whether ``value·G == Σ_j recipient^j·K_sender,j`` (commitments decoded and checked)."""
    commitments = [Point.decode(b) for b in sender.commitments]
    return base_mul(value) == _expected_share(commitments, recipient)


def receive_share(
    secret: TrusteeSecret,
    sender: TrusteePublic,
    share: EncryptedShare,
    *,
    context: bytes,
) -> int:
    """Open and check the share ``sender`` sent to ``secret``'s trustee; the value ``P_i(l)``.

    ``sender`` must have been verified. Raises :class:`ShareError` with the :class:`Complaint`
    to publish if the box does not open, its plaintext is not the expected one, or the value
    does not match the sender's commitments.
    """
    _secret_coefficients(secret)
    check_context(context, b"")
    me, them = secret.index, sender.index
    if share.recipient != me or share.sender != them:
        raise CryptoError(
            f"share from {share.sender} to {share.recipient} is not from {them} to {me}"
        )
    header = _share_header(context, secret, them, me)
    try:
        if len(share.box) < BOX_NONCE_SIZE:
            raise _nacl_exceptions.CryptoError("too short")
        plain = Box(PrivateKey(secret.box_secret), PublicKey(sender.box_public)).decrypt(
            share.box[BOX_NONCE_SIZE:], share.box[:BOX_NONCE_SIZE]
        )
    except (_nacl_exceptions.CryptoError, _nacl_exceptions.ValueError, _nacl_exceptions.TypeError):
        raise ShareError(
            f"the share from trustee {them} does not open", Complaint(me, them, "box")
        ) from None
    if len(plain) != len(header) + 32 or plain[: len(header)] != header:
        raise ShareError(
            f"the share from trustee {them} is not for this ceremony and recipient",
            Complaint(me, them, "box"),
        )
    try:
        value = decode_scalar(plain[len(header) :])
    except EncodingError:
        raise ShareError(
            f"the share from trustee {them} is not a scalar", Complaint(me, them, "box")
        ) from None
    if not check_share(sender, me, value):
        raise ShareError(
            f"the share from trustee {them} does not match its commitments",
            Complaint(me, them, "commitments"),
        )
    return value


def answer_complaint(secret: TrusteeSecret, complaint: Complaint) -> ShareReveal:
    """The accused reveals ``P_accused(accuser)`` publicly (it was owed to the accuser anyway)."""
    coefficients = _secret_coefficients(secret)
    if complaint.accused != secret.index:
        raise CryptoError("this complaint accuses another trustee")
    _check_index(complaint.accuser, secret.trustees, "accuser")
    value = _horner(coefficients, complaint.accuser)
    return ShareReveal(secret.index, complaint.accuser, encode_scalar(value))


def resolve_complaint(accused: TrusteePublic, complaint: Complaint, reveal: ShareReveal) -> int:
    """Check a reveal against the accused's commitments: the share the accuser now uses.

    Raises :class:`TrusteeError` naming the accused when the reveal is wrong: the accused is
    disqualified and the ceremony restarts without it.
    """
    i = complaint.accused
    if accused.index != i or reveal.sender != i or reveal.recipient != complaint.accuser:
        raise CryptoError("the reveal does not answer this complaint")
    try:
        value = decode_scalar(reveal.share)
    except EncodingError as e:
        raise TrusteeError(f"revealed share: {e}", i) from None
    if not check_share(accused, complaint.accuser, value):
        raise TrusteeError("the revealed share does not match its commitments", i)
    return value


def finish_ceremony(
    secret: TrusteeSecret,
    ceremony: Ceremony,
    publics: Sequence[TrusteePublic],
    shares: Sequence[EncryptedShare],
    *,
    context: bytes,
    resolved: dict[int, int] | None = None,
) -> KeyShare:
    """Trustee ``l``'s key share ``s_l = Σ_i P_i(l)`` from its own value and one box per sender.

    ``resolved`` maps a sender to a value obtained by :func:`resolve_complaint` instead of its
    box. Raises :class:`ShareError` (with the complaint) at the first bad share. The result is
    checked against the public share ``s_l·G`` computed from the commitments.
    """
    coefficients = _secret_coefficients(secret)
    me = secret.index
    if (ceremony.trustees, ceremony.threshold) != (secret.trustees, secret.threshold):
        raise CryptoError("the secret is not from this ceremony")
    by_index = {p.index: p for p in publics}
    by_sender: dict[int, EncryptedShare] = {}
    for sh in shares:
        if sh.recipient != me:
            raise CryptoError(f"share from {sh.sender} is for trustee {sh.recipient}")
        if sh.sender in by_sender:
            raise CryptoError(f"two shares from trustee {sh.sender}")
        by_sender[sh.sender] = sh
    resolved = resolved or {}
    total = _horner(coefficients, me)
    for i in range(1, secret.trustees + 1):
        if i == me:
            continue
        if i in resolved:
            total += resolved[i]
            continue
        if i not in by_sender or i not in by_index:
            raise CryptoError(f"no share from trustee {i}")
        total += receive_share(secret, by_index[i], by_sender[i], context=context)
    total %= L
    if base_mul(total) != ceremony.public_share(me):
        raise CryptoError("the key share does not match the public share (wrong ceremony?)")
    if total == 0:
        raise CryptoError("the key share is zero; restart the ceremony")
    return KeyShare(me, secret.trustees, secret.threshold, encode_scalar(total))
