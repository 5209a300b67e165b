"""Voter credentials (oylama.credentials, docs/spec/credentials.md): codes and their check,
key derivation, ballot signatures, the roll, the public list, the CLI and the vectors.

Where a value can be computed from the spec by other means (HKDF and Ed25519 from the
``cryptography`` package, GF(32) by logarithm tables), the test does so instead of trusting
the implementation.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.util
import io
import json
import os
import stat
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama import ballots
from oylama import credentials as cr
from oylama.crypto.hazmat import DeterministicRng
from oylama.errors import InputError
from oylama_cli.main import main

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "docs" / "spec" / "vectors" / "credentials.json"
DEFINITION = ROOT / "ballots" / "izmir-karsiyaka-2026.toml"
MINIMAL = ROOT / "ballots" / "tests" / "minimal.toml"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

VOTERS = ["tc-10001", "tc-10002", "tc-10003", "tc-10004", "tc-10005"]
ROLL = (
    "voter_id,district,name\n"
    "tc-10001,bostanli,A\n"
    "tc-10002,alaybey,B\n"
    "tc-10003,bostanli,C\n"
    "tc-10004,mavisehir,D\n"
    "tc-10005,bostanli,E\n"
)


def _rng(seed: bytes = b"test") -> Any:
    return DeterministicRng(seed).token_bytes


# --- GF(32) by log tables, independent of the implementation's shift-and-add -----------------

_EXP = [1]
for _ in range(30):
    x = _EXP[-1] << 1
    _EXP.append(x ^ 0b100101 if x & 0b100000 else x)
_LOG = {v: i for i, v in enumerate(_EXP)}


def _mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[(_LOG[a] + _LOG[b]) % 31]


def _valid_by_spec(canonical: str) -> bool:
    s = 0
    for i, c in enumerate(canonical):
        s ^= _mul(_EXP[(23 - i) % 31], ALPHABET.index(c))
    return len(canonical) == 24 and s == 0


# --- codes ------------------------------------------------------------------------------------


def test_field_is_gf32_and_weights_distinct() -> None:
    assert len(set(_EXP)) == 31  # x generates the multiplicative group: the polynomial is primitive
    assert list(cr.WEIGHTS) == [_EXP[23 - i] for i in range(24)]
    assert len(set(cr.WEIGHTS)) == 24 and 0 not in cr.WEIGHTS


def test_new_code_shape_and_check() -> None:
    rng = _rng()
    for _ in range(200):
        code = cr.new_code(rng)
        assert len(code) == 24 and set(code) <= set(ALPHABET)
        assert _valid_by_spec(code)
        assert cr.parse_code(code) == code
        printed = cr.format_code(code)
        assert printed.count("-") == 3 and printed.replace("-", "") == code


def test_new_code_reads_the_top_115_bits() -> None:
    raw = bytes.fromhex("ffffffffffffffffffffffffffffe0")  # low 5 bits are dropped
    code = cr.new_code(lambda n: raw)
    assert code[:23] == "Z" * 23
    assert cr.new_code(lambda n: bytes(15))[:23] == "0" * 23
    one = (1 << 5).to_bytes(15, "big")
    assert cr.new_code(lambda n: one)[:23] == "0" * 22 + "1"


def test_parse_code_normalises() -> None:
    code = cr.new_code(_rng(b"norm"))
    printed = cr.format_code(code)
    assert cr.parse_code(printed.lower()) == code
    assert cr.parse_code(" ".join(printed.split("-"))) == code
    assert cr.parse_code("\t" + code + " ") == code
    # Crockford aliases: O reads 0, I and L read 1.
    aliased = code.replace("0", "O").replace("1", "l")
    assert cr.parse_code(aliased) == code


def test_every_single_substitution_is_caught() -> None:
    rng = _rng(b"subst")
    for _ in range(20):
        code = cr.new_code(rng)
        for i in range(24):
            for c in ALPHABET:
                if c == code[i]:
                    continue
                typo = code[:i] + c + code[i + 1 :]
                with pytest.raises(InputError, match="check symbol"):
                    cr.parse_code(typo)


def test_every_transposition_of_distinct_symbols_is_caught() -> None:
    rng = _rng(b"swap")
    for _ in range(20):
        code = cr.new_code(rng)
        for i in range(24):
            for j in range(i + 1, 24):
                if code[i] == code[j]:
                    continue
                s = list(code)
                s[i], s[j] = s[j], s[i]
                with pytest.raises(InputError, match="check symbol"):
                    cr.parse_code("".join(s))


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=ALPHABET, min_size=23, max_size=23),
    st.integers(0, 23),
    st.integers(1, 31),
    st.integers(0, 23),
)
def test_check_symbol_property(payload: str, i: int, delta: int, j: int) -> None:
    code = payload + cr.check_symbol(payload)
    assert _valid_by_spec(code) and cr.parse_code(code) == code
    # change position i by a non-zero value (XOR, any other symbol is reachable)
    typo = code[:i] + ALPHABET[ALPHABET.index(code[i]) ^ delta] + code[i + 1 :]
    assert not _valid_by_spec(typo)
    with pytest.raises(InputError, match="check symbol"):
        cr.parse_code(typo)
    if code[i] != code[j]:
        swapped = list(code)
        swapped[i], swapped[j] = swapped[j], swapped[i]
        with pytest.raises(InputError, match="check symbol"):
            cr.parse_code("".join(swapped))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "0 symbols"),
        ("ABC", "3 symbols"),
        ("U" * 24, "not a code symbol"),
        ("0" * 23 + "*", "not a code symbol"),
        ("0" * 25, "25 symbols"),
        # Only ASCII case folding: "ß".upper() is "SS", "ı".upper() is "I", "ﬀ".upper() "FF".
        ("0" * 22 + "\u00df", "not a code symbol"),
        ("0" * 23 + "\u0131", "not a code symbol"),
        ("0" * 22 + "\ufb00", "not a code symbol"),
        ("0" * 23 + "\uff10", "not a code symbol"),
    ],
)
def test_parse_code_rejects(text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        cr.parse_code(text)


# --- derivation and signatures ----------------------------------------------------------------


def _hkdf_oracle(code: str, election_id: str) -> bytes:
    hkdf = importlib.import_module("cryptography.hazmat.primitives.kdf.hkdf")
    hashes = importlib.import_module("cryptography.hazmat.primitives.hashes")

    def lp(b: bytes) -> bytes:
        return len(b).to_bytes(4, "big") + b

    salt = lp(b"oylama/credential/v1") + lp(election_id.encode())
    kdf = hkdf.HKDF(
        algorithm=hashes.SHA512(),
        length=32,
        salt=salt,
        info=b"oylama/credential/v1/ed25519-seed",
    )
    return bytes(kdf.derive(code.encode("ascii")))


def test_derivation_is_hkdf_sha512_as_specified() -> None:
    ed = importlib.import_module("cryptography.hazmat.primitives.asymmetric.ed25519")
    ser = importlib.import_module("cryptography.hazmat.primitives.serialization")
    rng = _rng(b"derive")
    for election in ("e", "izmir-karsiyaka-2026", "İzmir 2026"):
        code = cr.new_code(rng)
        want = _hkdf_oracle(code, election)
        assert cr.seed(cr.format_code(code).lower(), election) == want
        pub = ed.Ed25519PrivateKey.from_private_bytes(want).public_key()
        raw = pub.public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
        assert cr.public_credential(code, election) == raw


def test_derivation_deterministic_and_election_separated() -> None:
    code = cr.new_code(_rng(b"sep"))
    a = cr.public_credential(code, "election-a")
    assert cr.public_credential(cr.format_code(code), "election-a") == a
    assert cr.public_credential(code, "election-b") != a
    other = cr.new_code(_rng(b"sep2"))
    assert cr.public_credential(other, "election-a") != a
    with pytest.raises(InputError, match="election id"):
        cr.public_credential(code, "")
    with pytest.raises(InputError, match="check symbol"):
        cr.signing_key(code[:-1] + ("0" if code[-1] != "0" else "1"), "election-a")


def test_signature_verifies_by_an_independent_ed25519() -> None:
    ed = importlib.import_module("cryptography.hazmat.primitives.asymmetric.ed25519")
    code = cr.new_code(_rng(b"sig"))
    ballot = b'{"approve":[1,2]}'
    sig = cr.sign_ballot(code, "el", ballot)
    pub = cr.public_credential(code, "el")
    message = b"oylama/ballot-signature/v1" + (2).to_bytes(4, "big") + b"el" + ballot
    assert cr.signed_message("el", ballot) == message
    ed.Ed25519PublicKey.from_public_bytes(pub).verify(sig, message)
    cr.verify_ballot_signature(pub, ballot, sig, election_id="el")


def test_every_tamper_is_rejected() -> None:
    code = cr.new_code(_rng(b"tamper"))
    ballot = b"canonical ballot bytes"
    sig = cr.sign_ballot(code, "el", ballot)
    pub = cr.public_credential(code, "el")
    verify = cr.verify_ballot_signature
    for i in range(len(sig)):
        for bit in (0x01, 0x80):
            bad = bytearray(sig)
            bad[i] ^= bit
            with pytest.raises(cr.SignatureError):
                verify(pub, ballot, bytes(bad), election_id="el")
    for i in range(len(ballot)):
        bad = bytearray(ballot)
        bad[i] ^= 0x01
        with pytest.raises(cr.SignatureError, match="does not verify"):
            verify(pub, bytes(bad), sig, election_id="el")
    with pytest.raises(cr.SignatureError, match="does not verify"):
        verify(pub, ballot + b"x", sig, election_id="el")
    with pytest.raises(cr.SignatureError, match="does not verify"):
        verify(pub, ballot[:-1], sig, election_id="el")
    with pytest.raises(cr.SignatureError, match="does not verify"):
        verify(pub, ballot, sig, election_id="el2")
    other = cr.public_credential(cr.new_code(_rng(b"other")), "el")
    with pytest.raises(cr.SignatureError, match="does not verify"):
        verify(other, ballot, sig, election_id="el")
    with pytest.raises(cr.SignatureError, match="64 bytes"):
        verify(pub, ballot, sig[:-1], election_id="el")
    with pytest.raises(cr.SignatureError, match="32 bytes"):
        verify(pub[:-1], ballot, sig, election_id="el")
    identity = (1).to_bytes(32, "little")  # the neutral element: small order
    with pytest.raises(cr.SignatureError, match="prime order"):
        verify(identity, ballot, sig, election_id="el")


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=200), st.text(min_size=1, max_size=20))
def test_sign_verify_round_trip(ballot: bytes, election: str) -> None:
    code = cr.new_code(_rng(election.encode()))
    sig = cr.sign_ballot(code, election, ballot)
    cr.verify_ballot_signature(
        cr.public_credential(code, election), ballot, sig, election_id=election
    )


# --- roll -------------------------------------------------------------------------------------


def test_roll_parses_with_bom_extra_columns_and_blank_lines() -> None:
    text = "\ufeffvoter_id,district,name,address\r\n\r\nv1, bostanli ,Ayşe,x\r\nv2,alaybey\r\n"
    roll = cr.parse_roll(text, source="r.csv")
    assert [(e.voter_id, e.district, e.line) for e in roll] == [
        ("v1", "bostanli", 3),
        ("v2", "alaybey", 4),
    ]


@pytest.mark.parametrize(
    ("text", "line", "match"),
    [
        ("id,district\nv1,a\n", 1, "header"),
        ("voter_id,district\nv1,a\nv1,b\n", 3, "already on line 2"),
        ("voter_id,district\nv1,a\nv2\n", 3, "missing district"),
        ("voter_id,district\nv1,a\n,b\n", 3, "empty voter_id"),
        ("voter_id,district\nv1,a\nv2, \n", 3, "empty district"),
        ("voter_id,district\nv1,a\nv2,nowhere\n", 3, "'nowhere' has no ballot"),
        ('voter_id,district\nv1,a\n"v2,a\n', 3, "malformed CSV"),
    ],
)
def test_roll_errors_name_the_line(text: str, line: int, match: str) -> None:
    with pytest.raises(InputError, match=match) as info:
        cr.parse_roll(text, source="r.csv", districts={"a", "b"})
    assert info.value.source == "r.csv"
    assert info.value.line == line


def test_roll_empty() -> None:
    with pytest.raises(InputError, match="no header"):
        cr.parse_roll("", source="r.csv")
    with pytest.raises(InputError, match="no voters"):
        cr.parse_roll("voter_id,district\n", source="r.csv")


def test_roll_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"voter_id,district\nv1,a\nv2,\xff\n")
    with pytest.raises(InputError, match="not UTF-8") as info:
        cr.load_roll(path)
    assert info.value.line == 3


def test_eligible_districts() -> None:
    full = cr.eligible_districts(ballots.load(DEFINITION))
    definition = ballots.load(DEFINITION)
    assert {d.id for d in definition.districts} <= full
    city = any(b.city_wide for b in definition.ballots)
    assert ("city-wide" in full) == city
    assert cr.eligible_districts(ballots.load(MINIMAL)) == {"city-wide"}


# --- generation and the public list -----------------------------------------------------------


def test_generate_from_roll() -> None:
    roll = cr.parse_roll(ROLL)
    secret, public = cr.generate(roll, election_id="el", rng=_rng())
    assert [s.voter_id for s in secret] == VOTERS
    assert [s.district for s in secret] == [e.district for e in roll]
    assert len({s.code for s in secret}) == 5
    assert public.districts() == {"alaybey": 1, "bostanli": 3, "mavisehir": 1}
    keys = [c.key_bytes for c in public.credentials]
    assert keys == sorted(keys) and len(set(keys)) == 5
    # Each secret code derives exactly the listed key, with that voter's district.
    listed = {c.key_bytes: c.district for c in public.credentials}
    for s in secret:
        assert listed[cr.public_credential(s.code, "el")] == s.district
    data = cr.dump_public_list(public)
    for voter in VOTERS:
        assert voter.encode() not in data
    assert set(json.loads(data)) == {"format", "election_id", "credentials"}
    assert all(set(c) == {"public_key", "district"} for c in json.loads(data)["credentials"])


def test_public_list_order_does_not_depend_on_roll_order() -> None:
    # The same voters with the same codes, generated from the roll in reverse order: the
    # public list is the same bytes, so its order carries nothing of the roll's.
    roll = cr.parse_roll(ROLL)
    draws = [bytes([k]) * 15 for k in range(len(roll))]

    def feed(order: list[int]) -> Any:
        it = iter([draws[k] for k in order])
        return lambda n: next(it)

    forward = list(range(len(roll)))
    backward = forward[::-1]
    _, pub_a = cr.generate(roll, election_id="el", rng=feed(forward))
    _, pub_b = cr.generate(tuple(reversed(roll)), election_id="el", rng=feed(backward))
    assert cr.dump_public_list(pub_a) == cr.dump_public_list(pub_b)


def test_generate_redraws_a_repeated_code() -> None:
    roll = cr.parse_roll("voter_id,district\nv1,a\nv2,a\n")
    draws = iter([bytes(15), bytes(15), b"\x01" * 15])
    secret, public = cr.generate(roll, election_id="el", rng=lambda n: next(draws))
    assert secret[0].code != secret[1].code
    assert len(public.credentials) == 2


def test_public_list_round_trip_and_fingerprint() -> None:
    _, public = cr.generate(cr.parse_roll(ROLL), election_id="el", rng=_rng())
    data = cr.dump_public_list(public)
    assert (
        cr.load_public_list(data, election_id="el", districts={"bostanli", "alaybey", "mavisehir"})
        == public
    )
    assert cr.fingerprint(data) == hashlib.sha256(data).hexdigest()


def _mutate(data: bytes, f: Any) -> bytes:
    obj = json.loads(data)
    f(obj)
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def _identity_b64() -> str:
    return base64.b64encode((1).to_bytes(32, "little")).decode()


@pytest.mark.parametrize(
    ("mutation", "match"),
    [
        (lambda o: o.update(format="v0"), "format"),
        (lambda o: o.update(election_id="other"), "not 'el'"),
        (lambda o: o.update(extra=1), "not a public credential list"),
        (lambda o: o["credentials"][0].update(voter_id="v1"), "not a public credential list"),
        (lambda o: o.update(credentials=[]), "no credentials"),
        (lambda o: o["credentials"].append(o["credentials"][-1]), "duplicate"),
        (lambda o: o["credentials"].reverse(), "not sorted"),
        (lambda o: o["credentials"][0].update(public_key="AAAA"), "32 bytes"),
        (lambda o: o["credentials"][0].update(public_key="!!" + "A" * 42), "base64"),
        (
            lambda o: o["credentials"][0].update(
                public_key=o["credentials"][0]["public_key"][:-2] + "B="
            ),
            "canonical base64",
        ),
        (lambda o: o["credentials"][0].update(public_key=_identity_b64()), "prime order"),
        (lambda o: o["credentials"][0].update(district="nowhere"), "has no ballot"),
        (lambda o: o["credentials"][0].update(district=""), "empty district"),
    ],
)
def test_load_public_list_refuses(mutation: Any, match: str) -> None:
    _, public = cr.generate(cr.parse_roll(ROLL), election_id="el", rng=_rng())
    data = cr.dump_public_list(public)
    bad = _mutate(data, mutation)
    with pytest.raises(InputError, match=match):
        cr.load_public_list(
            bad, source="p.json", election_id="el", districts={"bostanli", "alaybey", "mavisehir"}
        )


def test_load_public_list_refuses_non_canonical_bytes() -> None:
    _, public = cr.generate(cr.parse_roll(ROLL), election_id="el", rng=_rng())
    data = cr.dump_public_list(public)
    for bad in (data.rstrip(b"\n"), data.replace(b",", b", ", 1), b" " + data):
        with pytest.raises(InputError, match="canonical form"):
            cr.load_public_list(bad)
    with pytest.raises(InputError, match="not JSON"):
        cr.load_public_list(b"{")


# --- CLI --------------------------------------------------------------------------------------


def _cli_roll(tmp_path: Path, text: str = ROLL) -> Path:
    path = tmp_path / "roll.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_generate_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roll = _cli_roll(tmp_path)
    sec, pub = tmp_path / "secret.csv", tmp_path / "public.json"
    args = ["credentials", "generate", "--roll", str(roll), "--ballots", str(DEFINITION)]
    args += ["--secrets", str(sec), "--public", str(pub)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert stat.S_IMODE(os.stat(sec).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(pub).st_mode) == 0o644
    data = pub.read_bytes()
    assert f"SHA-256 {hashlib.sha256(data).hexdigest()}" in out
    public = cr.load_public_list(data, election_id="izmir-karsiyaka-2026")
    rows = list(csv.reader(io.StringIO(sec.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == ["voter_id", "district", "credential_code", "list_fingerprint"]
    assert [r[0] for r in rows[1:]] == VOTERS
    keys = {c.key_bytes: c.district for c in public.credentials}
    digest = hashlib.sha256(data).hexdigest()
    printed = "-".join(digest[k : k + 5] for k in range(0, 20, 5))
    for _, district, code, on_letter in rows[1:]:
        assert keys[cr.public_credential(code, "izmir-karsiyaka-2026")] == district
        assert on_letter == printed  # the letter pins the list the authority made
    assert f"letters print {printed}" in out
    for voter in VOTERS:
        assert voter.encode() not in data

    # verify-list agrees, and prints the same fingerprint
    assert main(["credentials", "verify-list", str(pub), "--ballots", str(DEFINITION)]) == 0
    out = capsys.readouterr().out
    assert hashlib.sha256(data).hexdigest() in out
    # one unwrapped line per fact, whatever the terminal width and path length
    assert f"{pub}: valid: election izmir-karsiyaka-2026, 5 public credentials\n" in out
    assert "  bostanli: 3\n" in out
    assert main(["credentials", "verify-list", str(pub), "--election-id", "other"]) == 2
    assert "not 'other'" in capsys.readouterr().err

    # refusal to overwrite: nothing changes, exit 2; --force replaces both, keeps modes
    before = (sec.read_bytes(), data)
    assert main(args) == 2
    assert "exists; not overwritten (use --force)" in capsys.readouterr().err
    assert (sec.read_bytes(), pub.read_bytes()) == before
    sec.chmod(0o644)
    assert main([*args, "--force"]) == 0
    capsys.readouterr()
    assert sec.read_bytes() != before[0] and pub.read_bytes() != before[1]
    assert stat.S_IMODE(os.stat(sec).st_mode) == 0o600


def test_cli_refuses_before_writing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roll = _cli_roll(tmp_path)
    sec, pub = tmp_path / "secret.csv", tmp_path / "public.json"
    pub.write_bytes(b"old")
    argv = ["credentials", "generate", "--roll", str(roll), "--election-id", "el"]
    assert main([*argv, "--secrets", str(sec), "--public", str(pub)]) == 2
    assert not sec.exists() and pub.read_bytes() == b"old"
    assert f"{pub}: exists" in capsys.readouterr().err


def test_cli_malformed_roll_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roll = _cli_roll(tmp_path, "voter_id,district\nv1,bostanli\nv2,atlantis\n")
    sec, pub = tmp_path / "s.csv", tmp_path / "p.json"
    argv = ["credentials", "generate", "--roll", str(roll), "--ballots", str(DEFINITION)]
    assert main([*argv, "--secrets", str(sec), "--public", str(pub)]) == 2
    err = capsys.readouterr().err
    assert f"{roll}:3: voter 'v2': district 'atlantis' has no ballot" in err
    assert not sec.exists() and not pub.exists()


def test_cli_election_id_required_and_consistent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roll = _cli_roll(tmp_path)
    out = ["--secrets", str(tmp_path / "s"), "--public", str(tmp_path / "p")]
    assert main(["credentials", "generate", "--roll", str(roll), *out]) == 2
    assert "--election-id or --ballots" in capsys.readouterr().err
    argv = ["credentials", "generate", "--roll", str(roll), "--ballots", str(DEFINITION)]
    assert main([*argv, "--election-id", "x", *out]) == 2
    assert "not the definition's election" in capsys.readouterr().err


def test_cli_bad_definition_and_missing_roll(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = ROOT / "ballots" / "tests" / "invalid-unknown-key.toml"
    out = ["--secrets", str(tmp_path / "s"), "--public", str(tmp_path / "p")]
    roll = _cli_roll(tmp_path)
    assert main(["credentials", "generate", "--roll", str(roll), "--ballots", str(bad), *out]) == 2
    assert f"{bad}:" in capsys.readouterr().err
    missing = tmp_path / "nope.csv"
    assert (
        main(["credentials", "generate", "--roll", str(missing), "--election-id", "e", *out]) == 2
    )
    assert "nope.csv" in capsys.readouterr().err


# --- vectors ----------------------------------------------------------------------------------


def _generator() -> ModuleType:
    path = ROOT / "tests" / "vectors" / "generate_credential_vectors.py"
    spec = importlib.util.spec_from_file_location("generate_credential_vectors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vectors_regenerate_byte_for_byte() -> None:
    assert VECTORS.read_bytes() == _generator().render()


def test_vectors_follow_the_spec() -> None:
    ed = importlib.import_module("cryptography.hazmat.primitives.asymmetric.ed25519")
    v = json.loads(VECTORS.read_text(encoding="utf-8"))
    assert v["alphabet"] == ALPHABET
    assert v["weights"] == [_EXP[23 - i] for i in range(24)]
    for c in v["codes"]:
        n = int(c["random"], 16) >> 5
        payload = "".join(ALPHABET[(n >> (5 * (22 - i))) & 31] for i in range(23))
        assert c["canonical"][:23] == payload and _valid_by_spec(c["canonical"])
        assert c["printed"] == "-".join(c["canonical"][k : k + 6] for k in range(0, 24, 6))
    for r in v["rejected_codes"]:
        with pytest.raises(InputError):
            cr.parse_code(r["text"])
    for d in v["derivations"]:
        canonical = d["code"].replace("-", "")
        assert _hkdf_oracle(canonical, d["election_id"]).hex() == d["seed"]
        priv = ed.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(d["seed"]))
        assert base64.b64encode(priv.public_key().public_bytes_raw()).decode() == d["public_key"]
    for s in v["signatures"]:
        eid = s["election_id"].encode()
        message = b"oylama/ballot-signature/v1" + len(eid).to_bytes(4, "big") + eid
        message += bytes.fromhex(s["ballot"])
        assert message.hex() == s["message"]
        priv = ed.Ed25519PrivateKey.from_private_bytes(
            _hkdf_oracle(s["code"].replace("-", ""), s["election_id"])
        )
        assert priv.sign(message).hex() == s["signature"]  # Ed25519 is deterministic
    assert len(v["spoiled_signatures"]) == len(v["signatures"])
    for s in v["spoiled_signatures"]:
        eid = s["election_id"].encode()
        message = b"oylama/spoiled-ballot-signature/v1" + len(eid).to_bytes(4, "big") + eid
        message += bytes.fromhex(s["spoiled"])
        assert message.hex() == s["message"]
        priv = ed.Ed25519PrivateKey.from_private_bytes(
            _hkdf_oracle(s["code"].replace("-", ""), s["election_id"])
        )
        signature = bytes.fromhex(s["signature"])
        assert priv.sign(message).hex() == s["signature"]
        public = priv.public_key().public_bytes_raw()
        spoiled = bytes.fromhex(s["spoiled"])
        cr.verify_spoiled_signature(public, spoiled, signature, election_id=s["election_id"])
        # never a ballot signature: a server cannot cast what it was given to spoil
        with pytest.raises(cr.SignatureError):
            cr.verify_ballot_signature(public, spoiled, signature, election_id=s["election_id"])
    g = v["generation"]
    listed = g["public_list"].encode()
    assert hashlib.sha256(listed).hexdigest() == g["fingerprint"]
    public = cr.load_public_list(listed, election_id=g["election_id"])
    header, *rows = list(csv.reader(io.StringIO(g["secrets_csv"], newline="")))
    assert header == ["voter_id", "district", "credential_code", "list_fingerprint"]
    roll = list(csv.reader(io.StringIO(g["roll_csv"], newline="")))[1:]
    assert [r[:2] for r in rows] == [r[:2] for r in roll]
    # every letter prints the first 20 digits of the list's fingerprint, in groups of five
    printed = g["fingerprint"][:20]
    assert {r[3] for r in rows} == {"-".join(printed[k : k + 5] for k in range(0, 20, 5))}
    want = sorted(
        (
            ed.Ed25519PrivateKey.from_private_bytes(
                _hkdf_oracle(code.replace("-", ""), g["election_id"])
            )
            .public_key()
            .public_bytes_raw(),
            district,
        )
        for _, district, code, _ in rows
    )
    assert [(c.key_bytes, c.district) for c in public.credentials] == want
