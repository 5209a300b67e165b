"""The election manifest (docs/spec/election.md): canonical bytes, strict decoding, the three
hashes, the known-answer vectors, and a 2-of-3 election whose ceremony and ballots use them.

The hashes are recomputed here from the document's byte layouts with :mod:`hashlib` alone, not
through :mod:`oylama.election`, so a drift between the code and the text fails.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import random
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oylama.ballots import Definition, load, loads, scale, to_crypto_style
from oylama.crypto import (
    CryptoError,
    EncodingError,
    ProofError,
    TrusteePublic,
    combine,
    encrypt_ballot,
    encrypt_shares,
    finish_ceremony,
    from_json,
    new_trustee,
    partial_decrypt,
    tally_selections,
    verify_ballot,
    verify_ceremony,
    verify_trustee_public,
)
from oylama.crypto.hazmat import DeterministicRng, base_mul
from oylama.election import (
    IdentityError,
    Manifest,
    ManifestText,
    SignedTrusteeRecord,
    TrusteeCommitment,
    base_hash,
    ceremony_context,
    check_manifest,
    decimal_text,
    decode_manifest,
    decode_payload,
    encode_manifest,
    identity_public_key,
    manifest_from_definition,
    manifest_hash,
    time_text,
    verify_commitment_signature,
    verify_record_signature,
)
from oylama.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "docs" / "spec" / "vectors"
EXAMPLE = ROOT / "ballots" / "izmir-karsiyaka-2026.toml"


def _generator() -> ModuleType:
    path = ROOT / "tests" / "vectors" / "generate_election_vectors.py"
    spec = importlib.util.spec_from_file_location("generate_election_vectors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


def _vectors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / "election.json").read_text("utf-8"))
    return data


# -- the spec's formulas, written out independently ----------------------------------------------


def _lp(x: bytes) -> bytes:
    return len(x).to_bytes(4, "big") + x


def _spec_manifest_hash(m: bytes) -> bytes:
    return hashlib.sha256(_lp(b"oylama/election/v1/manifest") + _lp(m)).digest()


def _spec_ceremony_context(m: bytes) -> bytes:
    h = _spec_manifest_hash(m)
    return hashlib.sha256(_lp(b"oylama/election/v1/ceremony-context") + _lp(h)).digest()


def _spec_base_hash(m: bytes, key: bytes) -> bytes:
    h = _spec_manifest_hash(m)
    return hashlib.sha256(_lp(b"oylama/election/v1/base-hash") + _lp(h) + _lp(key)).digest()


def _manifest() -> Manifest:
    m: Manifest = GEN.example_manifest()
    return m


def _keys(n: int, seed: bytes = b"keys") -> list[bytes]:
    """``n`` distinct trustee identity keys."""
    rng = DeterministicRng(seed)
    return [identity_public_key(rng.token_bytes(32)) for _ in range(n)]


# -- vectors -----------------------------------------------------------------------------------


def test_vectors_regenerate_byte_for_byte() -> None:
    for name, data in GEN.all_vectors().items():
        assert (VECTORS / name).read_bytes() == data, f"{name} differs from the generator"


def test_vectors_match_the_spec_formulas() -> None:
    v = _vectors()
    data = bytes.fromhex(v["manifest_hex"])
    assert base64.b64decode(v["manifest_base64"], validate=True) == data
    assert v["manifest_text"].encode("utf-8") == data
    m = decode_manifest(data)
    assert encode_manifest(m) == data
    assert bytes.fromhex(v["manifest_hash"]) == _spec_manifest_hash(data) == manifest_hash(m)
    ctx_c = bytes.fromhex(v["ceremony_context"])
    assert ctx_c == _spec_ceremony_context(data) == ceremony_context(m)
    # The joint key is what the published records give under the ceremony context.
    publics = [
        from_json(json.dumps(r, separators=(",", ":")).encode(), TrusteePublic)
        for r in v["trustee_records"]
    ]
    ceremony = verify_ceremony(publics, context=ctx_c)
    assert (ceremony.trustees, ceremony.threshold) == (m.trustees, m.threshold)
    key = bytes.fromhex(v["joint_key"])
    assert ceremony.joint_key.encode() == key
    assert bytes.fromhex(v["base_hash"]) == _spec_base_hash(data, key) == base_hash(m, key)
    # Under another manifest's ceremony context the records do not verify.
    other = msgspec.structs.replace(m, origin=m.origin + "-other")
    with pytest.raises(ProofError):
        verify_ceremony(publics, context=ceremony_context(other))


def test_vector_non_canonical_variants_are_refused() -> None:
    v = _vectors()
    assert len(v["non_canonical"]) >= 10
    for case in v["non_canonical"]:
        data = base64.b64decode(case["base64"], validate=True)
        json.loads(data)  # each is JSON, so only the canonical-form rules refuse it
        with pytest.raises(InputError):
            decode_manifest(data)


# -- canonical bytes and strict decoding --------------------------------------------------------


def test_canonical_layout() -> None:
    data = encode_manifest(_manifest())
    text = data.decode("utf-8")
    assert text.startswith('{"spec":"oylama/election/v1","election_id":"vectors-2026","title":')
    keys = ",".join(
        f'"{base64.b64encode(k).decode()}"' for k in GEN.example_manifest().trustee_keys
    )
    assert text.endswith(
        f',"trustees":3,"threshold":2,"trustee_keys":[{keys}],"min_tally_ballots":10,'
        '"paper_and_online":"paper-counts","origin":"oylama.example/vectors-2026"}'
    )
    # Same bytes as a JSON writer with compact separators, raw UTF-8 and fields in order.
    assert json.dumps(json.loads(data), separators=(",", ":"), ensure_ascii=False) == text
    assert "İzmir" in text and "\\u" not in text  # UTF-8, never \u escapes
    assert '"Park \\"Yeşil\\""' in text  # quotes escaped with a backslash
    assert '"en":null' in text  # absent values are present as null
    assert '"costs":[120025,90000],"budget":250050' in text  # integers as integers


def test_decoding_refuses_other_types_and_garbage() -> None:
    data = encode_manifest(_manifest())
    for bad in (b"", b"null", b"[]", data[:-1], data + b" ", b"\xef\xbb\xbf" + data):
        with pytest.raises(InputError):
            decode_manifest(bad)
    with pytest.raises(InputError):
        decode_manifest(data.decode("utf-8"))  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"m\.json"):
        decode_manifest(data.replace(b'"scale":100', b'"scale":10', 1), source="m.json")


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: not any("\x7f" <= c <= "\x9f" for c in s))


@given(title=_TEXT, en=st.none() | _TEXT)
def test_any_text_round_trips(title: str, en: str | None) -> None:
    m = msgspec.structs.replace(_manifest(), title=ManifestText(tr=title, en=en))
    data = encode_manifest(m)
    assert decode_manifest(data) == m
    assert json.dumps(json.loads(data), separators=(",", ":"), ensure_ascii=False).encode() == data


@pytest.mark.parametrize("bad", ["a\nb", "tab\there", "\x00", "del\x7f", "c1\x85", "\ud800"])
def test_control_characters_refused(bad: str) -> None:
    m = msgspec.structs.replace(_manifest(), city=bad)
    with pytest.raises(InputError, match="city"):
        encode_manifest(m)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: d >= 0))
def test_decimal_text_is_exact_and_canonical(d: Decimal) -> None:
    text = decimal_text(d)
    assert Decimal(text) == d
    assert "e" not in text.lower() and (("." not in text) or not text.endswith("0"))
    assert decimal_text(Decimal(text)) == text


def test_time_text() -> None:
    assert time_text(datetime.fromisoformat("2026-05-04T09:00:00+03:00"), "opens") == (
        "2026-05-04T06:00:00Z"
    )
    assert time_text(None, "opens") is None
    with pytest.raises(InputError, match="UTC offset"):
        time_text(datetime(2026, 5, 4, 9), "opens")
    with pytest.raises(InputError, match="whole seconds"):
        time_text(datetime.fromisoformat("2026-05-04T09:00:00.5+00:00"), "opens")


# -- every field is bound -----------------------------------------------------------------------


def _leaf_candidates(v: object) -> list[object]:
    if isinstance(v, bool):
        return [not v]
    if isinstance(v, int):
        return [v + 1, *([v - 1] if v > 0 else [])]
    if isinstance(v, bytes):  # an identity key: another valid one
        return [identity_public_key(hashlib.sha256(v).digest())]
    if isinstance(v, str):
        out: list[object] = [v + "1", "x" + v]
        if v:
            out.append(v[:-1] + ("1" if v[-1] != "1" else "2"))
        if len(v) > 1:
            out.append(v[:-2] + ("1" if v[-2] != "1" else "2") + v[-1])
        return out
    if v is None:
        return ["x", 1]
    raise AssertionError(type(v))


def _mutations(obj: object) -> Iterator[tuple[str, object]]:
    """Every single change of one field or one list of ``obj``: (path, changed object)."""
    if isinstance(obj, msgspec.Struct):
        for f in obj.__struct_fields__:
            for path, value in _mutations(getattr(obj, f)):
                yield f".{f}{path}", msgspec.structs.replace(obj, **{f: value})
    elif isinstance(obj, tuple):
        if len(obj) > 1:
            yield "[]", obj[::-1]
            yield "[]", obj[:-1]
        if all(isinstance(x, str) for x in obj):
            yield "[]", (*obj, "yeni")
        for i, item in enumerate(obj):
            for path, value in _mutations(item):
                yield f"[{i}]{path}", (*obj[:i], value, *obj[i + 1 :])
    else:
        for value in _leaf_candidates(obj):
            yield "", value


def test_manifest_phases_are_checked() -> None:
    """The cycle's phases are in the manifest as the definition gives them (UTC), and every
    rule of election §2.1a is checked: time form, closes after opens, the order of phases."""
    m = _manifest()
    assert m.proposals is not None and m.review is not None and m.implementation is not None
    assert (m.proposals.opens, m.review.closes) == ("2026-01-05T06:00:00Z", "2026-02-28T21:00:00Z")
    assert m.implementation.closes is None
    phase = msgspec.structs.replace
    changes = [
        ("proposals.closes", phase(m, proposals=phase(m.proposals, closes=None))),
        ("review.closes", phase(m, review=phase(m.review, closes=m.review.opens))),
        ("review", phase(m, review=phase(m.review, opens="2026-01-20T00:00:00Z"))),
        ("opens", phase(m, review=phase(m.review, closes="2026-05-05T00:00:00Z"))),
        ("implementation", phase(m, implementation=phase(m.implementation, opens=m.opens))),
        ("implementation.opens", phase(m, implementation=phase(m.implementation, opens="soon"))),
    ]
    for field, changed in changes:
        with pytest.raises(InputError, match=field):
            check_manifest(changed)
    # the phases are optional, and implementation may have an end
    for other in (
        phase(m, proposals=None, review=None, implementation=None),
        phase(m, implementation=phase(m.implementation, closes="2027-06-01T00:00:00Z")),
    ):
        assert decode_manifest(encode_manifest(other)) == other
        assert manifest_hash(other) != manifest_hash(m)


def test_paper_and_online_is_bound() -> None:
    """Both rules for a credential used on paper and online give valid, different manifests;
    anything else is refused naming the field."""
    m = _manifest()
    assert m.paper_and_online == "paper-counts"  # the definition's default
    other = msgspec.structs.replace(m, paper_and_online="online-counts")
    assert decode_manifest(encode_manifest(other)) == other
    assert manifest_hash(other) != manifest_hash(m)
    for bad in ("last-counts", "", "Paper-counts"):
        with pytest.raises(InputError, match="paper_and_online"):
            check_manifest(msgspec.structs.replace(m, paper_and_online=bad))


def test_every_field_change_changes_every_hash() -> None:
    m = _manifest()
    key = base_mul(7)
    before = (manifest_hash(m), ceremony_context(m), base_hash(m, key))
    changed: set[str] = set()
    refused: set[str] = set()
    for path, other in _mutations(m):
        assert isinstance(other, Manifest)
        try:
            check_manifest(other)
        except InputError:
            refused.add(path)
            continue
        changed.add(path)
        after = (manifest_hash(other), ceremony_context(other), base_hash(other, key))
        assert all(a != b for a, b in zip(before, after, strict=True)), path
        assert decode_manifest(encode_manifest(other)) == other
    # Fields that no single change leaves valid, each because another field repeats or
    # determines it; changing one alone is refused, so it cannot go unnoticed either.
    determined = {
        ".spec",  # the one version this code reads
        ".paper_and_online",  # a closed list (test_paper_and_online_is_bound changes it)
        # the phases come in order (proposals, review, the vote, implementation): the change the
        # walk makes to these ends runs into the next phase; implementation's null end stays
        # null or a time (test_manifest_phases_are_checked changes them)
        ".proposals.closes",
        ".implementation.closes",
        ".trustees",  # one identity key per trustee
        *(f".ballots[{b}].{f}" for b in (0, 1) for f in ("id", "style.id")),  # style id = id
        *(f".ballots[{b}].district" for b in (0, 1)),  # must name a district (or city-wide)
        ".districts[0].id",  # named by ballot 0
        *(f".ballots[{b}].scale" for b in (0, 1)),  # from the amounts
        # closed lists (test_rule_utility_and_tie_break_are_bound changes them)
        *(f".ballots[{b}].{f}" for b in (0, 1) for f in ("rule", "utility", "tie_break")),
        # the style: its size is the number of projects, its kind fixes the unused fields
        *(
            f".ballots[{b}].style.{f}"
            for b in (0, 1)
            for f in ("projects", "kind", "points", "max_votes", "signed", "credits")
        ),
        ".ballots[0].style.costs[]",  # unused by an approval style
        ".ballots[0].style.budget",
        # knapsack: the style's costs and budget are the amounts times the scale
        ".ballots[1].budget",
        ".ballots[1].style.budget",
        ".ballots[1].style.costs[]",
        ".ballots[1].style.costs[0]",
        ".ballots[1].style.costs[1]",
        ".ballots[1].projects[0].cost",
        ".ballots[1].projects[1].cost",
        ".ballots[1].projects[]",
        # coordinates come in pairs; SDG tags are SDG1 ... SDG17
        *(
            f".ballots[{b}].projects[{j}].{f}"
            for b, j in ((0, 1), (1, 0), (1, 1))
            for f in ("latitude", "longitude")
        ),
        *(f".ballots[{b}].projects[{j}].sdg[]" for b, j in ((0, 1), (1, 0), (1, 1))),
    }
    assert refused - changed == determined
    # The walk reached every field of the manifest, and most can change on their own.
    for f in Manifest.__struct_fields__:
        assert any(p.startswith(f".{f}") for p in changed | refused), f
    assert len(changed) > len(determined)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rule", "greedy-no-skip"),
        ("rule", "max-welfare"),
        ("utility", "cardinality"),
        ("utility", None),
        ("tie_break", "pabutools"),
    ],
)
def test_rule_utility_and_tie_break_are_bound(field: str, value: str | None) -> None:
    m = _manifest()
    key = base_mul(11)
    for k, b in enumerate(m.ballots):
        assert getattr(b, field) != value
        changed = msgspec.structs.replace(b, **{field: value})
        other = msgspec.structs.replace(m, ballots=(*m.ballots[:k], changed, *m.ballots[k + 1 :]))
        assert decode_manifest(encode_manifest(other)) == other
        assert manifest_hash(other) != manifest_hash(m)
        assert ceremony_context(other) != ceremony_context(m)
        assert base_hash(other, key) != base_hash(m, key)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("rule", "quadratic-voting", "rule"),
        ("rule", "greedy-threshold", "rule"),
        ("utility", "points", "utility"),
        ("tie_break", "random", "tie_break"),
    ],
)
def test_rule_utility_and_tie_break_are_checked(field: str, value: str, match: str) -> None:
    m = _manifest()
    b = msgspec.structs.replace(m.ballots[0], **{field: value})
    with pytest.raises(InputError, match=rf"ballots\[0\]\.{match}"):
        check_manifest(msgspec.structs.replace(m, ballots=(b, *m.ballots[1:])))


def test_knapsack_amounts_are_bound_through_the_definition() -> None:
    definition = loads(GEN.DEFINITION)
    keys = _keys(4)
    base = manifest_from_definition(
        definition, trustees=3, threshold=2, trustee_keys=keys[:3], origin="o"
    )
    ballot = definition.ballots[1]
    p0 = ballot.projects[0]
    variants = [
        msgspec.structs.replace(ballot, budget=ballot.budget + 1),
        msgspec.structs.replace(
            ballot, projects=(msgspec.structs.replace(p0, cost=p0.cost + 1), *ballot.projects[1:])
        ),
        msgspec.structs.replace(ballot, projects=ballot.projects[::-1]),
    ]
    hashes = {manifest_hash(base)}
    for b in variants:
        d = msgspec.structs.replace(definition, ballots=(definition.ballots[0], b))
        m = manifest_from_definition(d, trustees=3, threshold=2, trustee_keys=keys[:3], origin="o")
        hashes.add(manifest_hash(m))
    assert len(hashes) == 1 + len(variants)
    # ... and trustees/threshold/keys/origin, which the definition does not hold.
    for n, t, k, o in (
        (4, 2, keys, "o"),
        (3, 3, keys[:3], "o"),
        (3, 2, keys[:3], "p"),
        (3, 2, keys[1:], "o"),
        (3, 2, keys[2::-1], "o"),
    ):
        m = manifest_from_definition(definition, trustees=n, threshold=t, trustee_keys=k, origin=o)
        assert manifest_hash(m) not in hashes
    # ... and the minimum tally, which it does
    fewer = msgspec.structs.replace(
        definition, election=msgspec.structs.replace(definition.election, min_tally_ballots=9)
    )
    m = manifest_from_definition(fewer, trustees=3, threshold=2, trustee_keys=keys[:3], origin="o")
    assert m.min_tally_ballots == 9 and manifest_hash(m) not in hashes


def test_joint_key_changes_base_hash_only() -> None:
    m = _manifest()
    keys = [base_mul(k) for k in (1, 2, 3, 2**200 + 5)]
    assert len({base_hash(m, k) for k in keys}) == len(keys)
    assert base_hash(m, keys[0]) == base_hash(m, keys[0].encode())
    assert len({manifest_hash(m), ceremony_context(m), base_hash(m, keys[0])}) == 3
    with pytest.raises(CryptoError):
        base_hash(m, base_mul(0))  # the identity is no public key
    with pytest.raises(EncodingError):
        base_hash(m, bytes(31))
    with pytest.raises(EncodingError):
        base_hash(m, b"\x01" + bytes(30) + b"\x80")  # a non-canonical identity


# -- from a ballot definition --------------------------------------------------------------------


def test_from_the_example_definition() -> None:
    definition: Definition = load(EXAMPLE)
    keys = _keys(5)
    m = manifest_from_definition(
        definition, trustees=5, threshold=3, trustee_keys=keys, origin="izmir/2026"
    )
    assert decode_manifest(encode_manifest(m)) == m
    assert m.election_id == definition.election.id
    assert (m.trustees, m.threshold, m.origin) == (5, 3, "izmir/2026")
    assert m.trustee_keys == tuple(keys)
    assert m.min_tally_ballots == definition.election.min_tally_ballots == 5  # the default
    assert [d.id for d in m.districts] == [d.id for d in definition.districts]
    assert len(m.ballots) == len(definition.ballots) and len(m.ballots) > 1
    for mb, b in zip(m.ballots, definition.ballots, strict=True):
        assert mb.ballot_style() == to_crypto_style(b)
        assert mb.scale == scale(b)
        assert Decimal(mb.budget) == b.budget
        assert (mb.rule, mb.utility, mb.tie_break) == (b.rule, b.utility, b.tie_break)
        for mp, p in zip(mb.projects, b.projects, strict=True):
            assert mp.id == p.id and Decimal(mp.cost) == p.cost
            assert (mp.categories, mp.sdg) == (tuple(p.categories), tuple(p.sdg))
            if p.latitude is not None and p.longitude is not None:
                assert mp.latitude is not None and mp.longitude is not None
                assert (float(mp.latitude), float(mp.longitude)) == (p.latitude, p.longitude)
    opens = definition.election.opens
    assert opens is not None and m.opens is not None
    assert datetime.fromisoformat(m.opens.replace("Z", "+00:00")) == opens


@pytest.mark.parametrize(
    ("n", "t", "origin", "match"),
    [
        (3, 4, "o", "threshold"),
        (0, 0, "o", "threshold"),
        (256, 2, "o", "threshold"),
        (3, 2, "", "origin"),
        (3, 2, "a b", "origin"),
        (3, 2, "a+b", "origin"),
    ],
)
def test_parameters_refused(n: int, t: int, origin: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        manifest_from_definition(
            loads(GEN.DEFINITION), trustees=n, threshold=t, trustee_keys=_keys(n), origin=origin
        )


def test_trustee_keys_refused() -> None:
    """One identity key per trustee, each a canonical Ed25519 point of prime order, no two
    alike; a minimum tally of at least one ballot."""
    d = loads(GEN.DEFINITION)
    keys = _keys(3)
    small_order = bytes(31) + b"\x80"  # a non-canonical encoding of the identity
    identity = b"\x01" + bytes(31)
    for bad, match in (
        (keys[:2], "one identity key per trustee"),
        ([*keys, _keys(1, b"x")[0]], "one identity key per trustee"),
        ([keys[0], keys[0], keys[2]], "same identity key"),
        ([keys[0], identity, keys[2]], r"trustee_keys\[1\]: .*prime order"),
        ([keys[0], keys[1], small_order], r"trustee_keys\[2\]"),
        ([keys[0], keys[1], keys[2][:31]], r"trustee_keys\[2\]"),
    ):
        with pytest.raises(InputError, match=match):
            manifest_from_definition(d, trustees=3, threshold=2, trustee_keys=bad, origin="o")
    m = manifest_from_definition(d, trustees=3, threshold=2, trustee_keys=keys, origin="o")
    for value in (0, 1_000_001):
        with pytest.raises(InputError, match="min_tally_ballots"):
            check_manifest(msgspec.structs.replace(m, min_tally_ballots=value))


def test_vector_signatures_match_the_spec() -> None:
    """trustees §3.3, recomputed with hashlib and an independent Ed25519 (pyca/cryptography):
    each record and commitment of the vectors is signed by its trustee's identity key over
    the tagged message; any other key, context or index is refused."""
    from cryptography.hazmat.primitives.asymmetric import ed25519 as ed  # noqa: PLC0415

    v = _vectors()
    ctx_c = bytes.fromhex(v["ceremony_context"])
    m = decode_manifest(bytes.fromhex(v["manifest_hex"]))
    for k, ident in enumerate(v["trustee_identities"]):
        priv = ed.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(ident["seed"]))
        assert priv.public_key().public_bytes_raw() == m.trustee_keys[k]
        assert base64.b64decode(ident["public_key"]) == m.trustee_keys[k]
    for k, (text, message) in enumerate(
        zip(v["signed_records"], v["record_messages"], strict=True)
    ):
        signed = decode_payload(text.encode(), SignedTrusteeRecord)
        record_text = json.dumps(v["trustee_records"][k], separators=(",", ":")).encode()
        want = b"oylama/trustee-record/v1" + _lp(ctx_c) + record_text
        assert bytes.fromhex(message) == want
        assert (
            text.encode()
            == b'{"record":'
            + record_text
            + b',"signature":"'
            + base64.b64encode(signed.signature)
            + b'"}'
        )
        ed.Ed25519PublicKey.from_public_bytes(m.trustee_keys[k]).verify(signed.signature, want)
        verify_record_signature(
            signed.record, signed.signature, trustee_keys=m.trustee_keys, context=ctx_c
        )
        with pytest.raises(IdentityError):  # another trustee's key
            verify_record_signature(
                signed.record,
                signed.signature,
                trustee_keys=m.trustee_keys[1:] + m.trustee_keys[:1],
                context=ctx_c,
            )
        with pytest.raises(IdentityError):  # another ceremony
            verify_record_signature(
                signed.record, signed.signature, trustee_keys=m.trustee_keys, context=bytes(32)
            )
    key = bytes.fromhex(v["joint_key"])
    for k, text in enumerate(v["commitments"], start=1):
        c = decode_payload(text.encode(), TrusteeCommitment)
        assert (c.index, c.joint_key) == (k, key)
        want = b"oylama/trustee-commitment/v1" + _lp(ctx_c) + k.to_bytes(4, "big") + _lp(key)
        ed.Ed25519PublicKey.from_public_bytes(m.trustee_keys[k - 1]).verify(c.signature, want)
        verify_commitment_signature(k, key, c.signature, trustee_keys=m.trustee_keys, context=ctx_c)
        with pytest.raises(IdentityError):  # a commitment to another key
            verify_commitment_signature(
                k, bytes(32), c.signature, trustee_keys=m.trustee_keys, context=ctx_c
            )
        with pytest.raises(IdentityError):  # presented as another trustee's
            verify_commitment_signature(
                k % 3 + 1, key, c.signature, trustee_keys=m.trustee_keys, context=ctx_c
            )


# -- end to end: the ceremony under the ceremony context, ballots under the base hash -----------


def test_election_end_to_end() -> None:
    m = _manifest()
    ballot = m.ballot("bostanli-2026")
    style = ballot.ballot_style()
    data = encode_manifest(m)
    ctx_c = ceremony_context(m)
    assert ctx_c == _spec_ceremony_context(data)
    rng = DeterministicRng(b"election end to end")
    pairs = [new_trustee(i, m.trustees, m.threshold, context=ctx_c, rng=rng) for i in (1, 2, 3)]
    publics = [p for _, p in pairs]
    for p in publics:
        verify_trustee_public(p, trustees=m.trustees, threshold=m.threshold, context=ctx_c)
    ceremony = verify_ceremony(publics, context=ctx_c)
    assert (ceremony.trustees, ceremony.threshold) == (m.trustees, m.threshold)
    boxes = [b for s, _ in pairs for b in encrypt_shares(s, publics, context=ctx_c, rng=rng)]
    shares = [
        finish_ceremony(
            s, ceremony, publics, [b for b in boxes if b.recipient == s.index], context=ctx_c
        )
        for s, _ in pairs
    ]
    key = ceremony.joint_key
    ctx_e = base_hash(m, key)
    assert ctx_e == _spec_base_hash(data, key.encode())

    rnd = random.Random(5)
    choices = [[1, 0], [0, 1], [1, 1], [1, 0], [0, 1], [1, 1]]
    rnd.shuffle(choices)
    ballots = []
    for k, c in enumerate(choices):
        b, _ = encrypt_ballot(
            style,
            key,
            c,
            context=ctx_e,
            ballot_id=f"ballot-{k}".encode(),
            credential=bytes(32),
            rng=rng,
        )
        verify_ballot(style, key, b, context=ctx_e, credential=bytes(32))
        ballots.append(b)
    # A ballot is bound to this election: another manifest's base hash refuses it.
    other = msgspec.structs.replace(m, title=ManifestText(tr="Başka", en=None))
    with pytest.raises(CryptoError):
        verify_ballot(style, key, ballots[0], context=base_hash(other, key), credential=bytes(32))
    # ... and so is a trustee record (its proofs use the ceremony context).
    with pytest.raises(ProofError):
        verify_trustee_public(
            publics[0], trustees=m.trustees, threshold=m.threshold, context=ceremony_context(other)
        )

    tally = tally_selections(style, ballots)
    partials = [partial_decrypt(s, tally, context=ctx_e, label=b"tally", rng=rng) for s in shares]
    expected = [sum(col) for col in zip(*choices, strict=True)]
    for pair in ((0, 1), (0, 2), (1, 2)):
        got = combine(
            ceremony,
            [partials[i] for i in pair],
            tally,
            bound=len(choices),
            context=ctx_e,
            label=b"tally",
        )
        assert got == expected
    with pytest.raises(ProofError):
        combine(ceremony, partials[:2], tally, bound=len(choices), context=ctx_c, label=b"tally")


# -- the document's example is the vectors' ------------------------------------------------------


def test_spec_example_is_the_vector() -> None:
    doc = (ROOT / "docs" / "spec" / "election.md").read_text("utf-8")
    section = doc.split("### 3.1 Example", 1)[1]
    block = section.split("```\n", 2)[1]
    v = _vectors()
    assert "".join(block.splitlines()).encode("utf-8") == bytes.fromhex(v["manifest_hex"])
    for key in ("manifest_hash", "ceremony_context", "joint_key", "base_hash"):
        assert v[key] in section, key
    tag = _lp(b"oylama/election/v1/manifest")
    assert f"`{tag[:4].hex()} {tag[4:].hex()}`" in doc


@given(position=st.integers(min_value=0), byte=st.integers(min_value=0, max_value=255))
def test_any_byte_change_is_refused_or_changes_the_hash(position: int, byte: int) -> None:
    data = encode_manifest(_manifest())
    i = position % len(data)
    if data[i] == byte:
        return
    changed = data[:i] + bytes([byte]) + data[i + 1 :]
    try:
        other = decode_manifest(changed)
    except InputError:
        return
    assert encode_manifest(other) == changed
    assert manifest_hash(other) != manifest_hash(_manifest())
