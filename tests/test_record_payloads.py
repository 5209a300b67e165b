"""Board entry payloads and the record file (docs/spec/record.md §1–§3): one accepted text each."""

from __future__ import annotations

import base64
import random

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.board import EntryKind
from oylama.crypto import (
    BallotStyle,
    EncryptedBallot,
    PartialDecryption,
    TrusteePublic,
    encrypt_ballot,
    generate_keypair,
    new_trustee,
    partial_decrypt,
    spoil,
    tally_selections,
    to_json,
)
from oylama.crypto._trustee import KeyShare
from oylama.cycle import CYCLE_KINDS
from oylama.election import (
    PAYLOAD_TYPES,
    RECORD_FORMAT,
    Allocation,
    BallotPayload,
    BallotSuperseded,
    Closed,
    ClosedStyle,
    Opened,
    PaperBallot,
    PaperKeyer,
    PaperKeying,
    PartialDecryptionPayload,
    PayloadError,
    Result,
    SignedTrusteeRecord,
    Staff,
    Tally,
    TrusteeCommitment,
    ballot_payload,
    decode_payload,
    decode_record,
    encode_payload,
    encode_record,
    make_record,
)
from oylama.errors import InputError


class _Rng:
    """A deterministic stand-in for ``secrets`` (the crypto layer's injected rng)."""

    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def token_bytes(self, n: int) -> bytes:
        return self._r.randbytes(n)


STYLE = BallotStyle(id="b1", kind="approval", projects=3, min_count=0, max_count=2)
CONTEXT = bytes(range(32))


def _ballot() -> EncryptedBallot:
    _, key = generate_keypair(rng=_Rng(1))
    ballot, _ = encrypt_ballot(
        STYLE,
        key,
        [1, 0, 1],
        context=CONTEXT,
        ballot_id=bytes(16),
        credential=b"\x04" * 32,
        rng=_Rng(2),
    )
    return ballot


BALLOT = _ballot()
BALLOT_TEXT = to_json(BALLOT)


def _samples() -> list[object]:
    _, public = new_trustee(1, 2, 2, context=CONTEXT, rng=_Rng(3))
    tally = tally_selections(STYLE, [BALLOT])
    share = KeyShare(index=1, trustees=2, threshold=2, secret=(5).to_bytes(32, "little"))
    partial = partial_decrypt(share, tally, context=CONTEXT, label=b"tally/b1", rng=_Rng(4))
    return [
        SignedTrusteeRecord(record=public, signature=b"\x06" * 64),
        TrusteeCommitment(index=1, joint_key=bytes(range(32)), signature=b"\x07" * 64),
        Opened(
            manifest_hash=b"\x01" * 32,
            joint_key=b"\x02" * 32,
            base_hash=b"\x03" * 32,
            credentials="ab" * 32,
            voters=17,
            by="staff1",
        ),
        ballot_payload(b"\x04" * 32, b"\x05" * 64, BALLOT_TEXT),
        BallotSuperseded(credential=b"\x04" * 32, style="b1", superseded=7, by=9),
        Closed(styles=[ClosedStyle(style="b1", cast=3, counted=2)], by="staff1"),
        Tally(style="b1", ballots=1, ciphertexts=tally),
        PartialDecryptionPayload(style="b1", decryption=partial),
        Result(
            style="b1", ballots=1, trustees=[1, 2], sums=[1, 0, 1], scores=[1, 0, 1], by="staff1"
        ),
        Allocation(
            style="b1",
            rule="greedy",
            selected=["p3", "p1"],
            cost="150.25",
            budget="200",
            by="staff2",
        ),
        _spoiled(),
        Staff(by="admin", added=["staff2"], removed=[], staff=["staff1", "staff2"]),
        PaperKeyer(account="staff1", key=bytes(range(32))),
        PaperBallot(
            credential=bytes(range(32)),
            style="k",
            choices=[1, 0, 3],
            station='Lise"A"<b>\\',
            keyings=[
                PaperKeying(account="staff1", signature=bytes(64)),
                PaperKeying(account="staff2", signature=bytes(range(64))),
            ],
        ),
    ]


def _spoiled() -> object:
    """A ``ballot-spoiled`` payload: the SpoiledBallot itself (record §2)."""
    _, key = generate_keypair(rng=_Rng(1))
    ballot, secrets = encrypt_ballot(
        STYLE,
        key,
        [0, 1, 1],
        context=CONTEXT,
        ballot_id=bytes([1] * 16),
        credential=b"\x04" * 32,
        rng=_Rng(5),
    )
    return spoil(ballot, secrets)


SAMPLES = _samples()


def test_every_json_kind_has_a_struct() -> None:
    # the participation log's kinds have their Structs in oylama.cycle (cycle.md), not here
    kinds = set(EntryKind) - {EntryKind.MANIFEST, EntryKind.CREDENTIALS} - CYCLE_KINDS
    assert set(PAYLOAD_TYPES) == kinds
    assert {type(s) for s in SAMPLES} == set(PAYLOAD_TYPES.values())


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
def test_round_trip(obj: object) -> None:
    data = encode_payload(obj)
    assert b" " not in data and b"\n" not in data
    back = decode_payload(data, type(obj))
    assert encode_payload(back) == data
    if not isinstance(obj, BallotPayload):
        assert back == obj


def test_members_in_spec_order() -> None:
    opened = encode_payload(SAMPLES[2])
    names = ["manifest_hash", "joint_key", "base_hash", "credentials", "voters", "by"]
    positions = [opened.index(f'"{n}":'.encode()) for n in names]
    assert positions == sorted(positions)
    sup = encode_payload(SAMPLES[4])
    assert sup.startswith(b'{"credential":"BAQE')
    assert sup.endswith(b',"style":"b1","superseded":7,"by":9}')
    alloc = encode_payload(SAMPLES[9])
    assert alloc == (
        b'{"style":"b1","rule":"greedy","selected":["p3","p1"],"cost":"150.25","budget":"200",'
        b'"by":"staff2"}'
    )
    assert encode_payload(SAMPLES[11]) == (
        b'{"by":"admin","added":["staff2"],"removed":[],"staff":["staff1","staff2"]}'
    )


def test_ballot_payload_keeps_the_ballot_text_verbatim() -> None:
    payload = SAMPLES[3]
    assert isinstance(payload, BallotPayload)
    data = encode_payload(payload)
    assert BALLOT_TEXT in data
    assert data.endswith(b',"ballot":' + BALLOT_TEXT + b"}")
    back = decode_payload(data, BallotPayload)
    assert back.ballot_bytes == BALLOT_TEXT
    assert back.encrypted_ballot() == BALLOT
    assert back.credential == b"\x04" * 32


def _variants(data: bytes) -> list[bytes]:
    """Texts that decode to the same value but are not canonical."""
    text = data.decode()
    out = [
        b" " + data,
        data + b"\n",
        text.replace(":", ": ", 1).encode(),
        text.replace(",", " ,", 1).encode(),
    ]
    # escape the first letter of the first member name
    out.append(text.replace('{"', '{"\\u00' + format(ord(text[2]), "02x"), 1).encode())
    # members reordered: move the first member to the end
    obj = msgspec.json.decode(data)
    if isinstance(obj, dict) and len(obj) > 1:
        keys = list(obj)
        out.append(msgspec.json.encode({k: obj[k] for k in keys[1:] + keys[:1]}))
        dup = dict(obj)
        out.append(data[:-1] + b"," + msgspec.json.encode({keys[0]: dup[keys[0]]})[1:])
    return out


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
def test_non_canonical_texts_are_refused(obj: object) -> None:
    data = encode_payload(obj)
    for variant in _variants(data):
        with pytest.raises(PayloadError):
            decode_payload(variant, type(obj))


def test_unknown_missing_and_mistyped_members_are_refused() -> None:
    commitment = encode_payload(SAMPLES[1])
    with pytest.raises(PayloadError):
        decode_payload(commitment[:-1] + b',"extra":1}', TrusteeCommitment)
    with pytest.raises(PayloadError):
        decode_payload(b'{"index":1}', TrusteeCommitment)
    with pytest.raises(PayloadError):
        decode_payload(commitment.replace(b'"index":1', b'"index":1.0'), TrusteeCommitment)
    with pytest.raises(PayloadError):
        decode_payload(commitment.replace(b'"index":1', b'"index":"1"'), TrusteeCommitment)
    with pytest.raises(PayloadError):
        decode_payload(b"\xff\xfe", TrusteeCommitment)
    assert issubclass(PayloadError, InputError)


def test_base64_padding_bits_are_refused() -> None:
    key = b"\x00" * 31 + b"\x01"
    data = encode_payload(TrusteeCommitment(index=2, joint_key=key, signature=bytes(64)))
    good = base64.b64encode(key)
    assert good.endswith(b"E=")
    bad = data.replace(good, good[:-2] + b"F=")
    assert msgspec.json.decode(bad, type=TrusteeCommitment).joint_key == key  # msgspec tolerates
    with pytest.raises(PayloadError):
        decode_payload(bad, TrusteeCommitment)
    unpadded = data.replace(good, good[:-1])
    with pytest.raises(PayloadError):
        decode_payload(unpadded, TrusteeCommitment)


def test_a_non_canonical_embedded_ballot_is_refused() -> None:
    payload = encode_payload(SAMPLES[3])
    spaced = payload.replace(BALLOT_TEXT, BALLOT_TEXT.replace(b":", b": ", 1))
    assert spaced != payload
    # The outer text is what msgspec writes back (Raw is verbatim), so only the inner check sees it.
    with pytest.raises(PayloadError, match="ballot"):
        decode_payload(spaced, BallotPayload)
    with pytest.raises(PayloadError):
        ballot_payload(b"\x04" * 32, b"\x05" * 64, BALLOT_TEXT + b" ")
    not_a_ballot = payload.replace(BALLOT_TEXT, b'{"x":1}')
    with pytest.raises(PayloadError):
        decode_payload(not_a_ballot, BallotPayload)


def test_trustee_key_payload_holds_the_trustee_public_text() -> None:
    signed = SAMPLES[0]
    assert isinstance(signed, SignedTrusteeRecord)
    assert isinstance(signed.record, TrusteePublic)
    sig = base64.b64encode(signed.signature)
    assert (
        encode_payload(signed)
        == b'{"record":' + to_json(signed.record) + b',"signature":"' + sig + b'"}'
    )
    commitment = encode_payload(SAMPLES[1])
    assert commitment.startswith(b'{"index":1,"joint_key":"') and b',"signature":"' in commitment
    partial = SAMPLES[7]
    assert isinstance(partial, PartialDecryptionPayload)
    assert isinstance(partial.decryption, PartialDecryption)
    assert encode_payload(partial).endswith(b',"decryption":' + to_json(partial.decryption) + b"}")


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(range(len(SAMPLES))), st.data())
def test_any_byte_change_is_refused_or_changes_the_value(k: int, data: st.DataObject) -> None:
    obj = SAMPLES[k]
    text = encode_payload(obj)
    pos = data.draw(st.integers(0, len(text) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != text[pos]))
    changed = text[:pos] + bytes([new]) + text[pos + 1 :]
    try:
        back = decode_payload(changed, type(obj))
    except PayloadError:
        return
    assert encode_payload(back) == changed != text


# -- record file ---------------------------------------------------------------------------


def _record_text() -> bytes:
    record = make_record(
        "izmir-2026",
        "oylama.example/izmir-2026+0a1b2c3d+" + base64.b64encode(bytes(32)).decode(),
        [b"\x00\x01", b"\xff" * 40],
        ["oylama.example/izmir-2026\n2\nAAAA\n\n\u2014 sig\n"],
    )
    return encode_record(record)


def test_record_round_trip_and_shape() -> None:
    data = _record_text()
    assert data.startswith(b'{"format":"oylama-record/v1","election_id":"izmir-2026","board_key":')
    assert data.endswith(b"]}\n") and data.count(b"\n") == 1
    record = decode_record(data)
    assert record.format == RECORD_FORMAT
    assert record.entries == [b"\x00\x01", b"\xff" * 40]
    assert encode_record(record) == data
    note = b'"checkpoints":["oylama.example/izmir-2026\\n2\\nAAAA\\n\\n\xe2\x80\x94 sig\\n"]'
    assert note in data


def test_record_non_canonical_is_refused() -> None:
    data = _record_text()
    for bad in (
        data[:-1],
        data + b"\n",
        data[:-1] + b"\r\n",
        b" " + data,
        data.replace(b'","election_id"', b'", "election_id"'),
        data.replace(b"\\u2014", b"\\u2014"),  # no-op guard: the dash is written as itself
        data.replace("\u2014".encode(), b"\\u2014"),
        data.replace(b'"format":"oylama-record/v1"', b'"format":"oylama-record/v2"'),
        data.replace(b"AAE=", b"AAF="),
        data[:-3] + b'],"extra":1}\n',
    ):
        if bad == data:
            continue
        with pytest.raises(PayloadError):
            decode_record(bad)
