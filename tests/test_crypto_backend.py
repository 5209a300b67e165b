"""Choosing the arithmetic backend: ``OYLAMA_CRYPTO_BACKEND``, the fallback and its notice,
the auditor's ``--backend``, and identical results on both backends.

Each case runs in a fresh interpreter (the choice is made once, at import). Hiding the
extension is done with ``sys.modules["oylama_arith"] = None``, which makes its import fail as
on a machine where it was never built.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_audit_builder import Built, build_election

INSTALLED = importlib.util.find_spec("oylama_arith") is not None
needs_native = pytest.mark.skipif(not INSTALLED, reason="the native extension is not installed")

HIDE = "import sys; sys.modules['oylama_arith'] = None\n"


def run(code: str, backend: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OYLAMA_CRYPTO_BACKEND"}
    if backend is not None:
        env["OYLAMA_CRYPTO_BACKEND"] = backend
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_variable_chooses_and_unset_prefers_native() -> None:
    show = "from oylama.crypto.hazmat import BACKEND; print(BACKEND)"
    assert run(show, "sodium").stdout.strip() == "sodium"
    if INSTALLED:
        assert run(show, None).stdout.strip() == "native"
        assert run(show, "native").stdout.strip() == "native"
        assert run(show, " Native ").stdout.strip() == "native"


def test_without_the_extension_libsodium_runs_with_one_notice() -> None:
    code = HIDE + (
        "from oylama.crypto.hazmat import BACKEND\n"
        "import oylama.crypto, oylama.crypto._group\n"
        "print(BACKEND)"
    )
    done = run(code, None)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "sodium"
    notice = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(notice) == 1 and "oylama_arith" in notice[0] and "libsodium" in notice[0]
    # Chosen explicitly: no notice.
    quiet = run(HIDE + "import oylama.crypto", "sodium")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_without_libsodium_the_error_says_what_to_install(tmp_path: Path) -> None:
    env = {"OYLAMA_LIBSODIUM": str(tmp_path / "no-such-libsodium.so")}
    for code, backend in (
        (HIDE + "import oylama.crypto", None),
        ("import oylama.crypto", "sodium"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, **env, **({"OYLAMA_CRYPTO_BACKEND": backend} if backend else {})},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode != 0
        assert "libsodium23" in done.stderr and "no-such-libsodium.so" in done.stderr
        assert "pip install ./arith" in done.stderr


def test_the_libsodium_wrapper_refuses_bit_255() -> None:
    """libsodium 1.0.18 reads an encoding with bit 255 set as the element of its low bits;
    RFC 9496 refuses it, and so does oylama's wrapper (else every element would have two
    encodings on the libsodium backend, and the backends would disagree)."""
    code = """
from oylama.crypto._libsodium import load
lib = load()
g = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")
flipped = g[:31] + bytes([g[31] | 0x80])
assert lib.is_valid(g) and not lib.is_valid(flipped)
for f in (lambda: lib.add(flipped, g), lambda: lib.sub(g, flipped),
          lambda: lib.mul((5).to_bytes(32, "little"), flipped)):
    try:
        f()
    except ValueError:
        continue
    raise AssertionError("accepted")
print("ok")
"""
    done = run(code, "sodium")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_asking_for_what_is_not_there_is_an_error() -> None:
    missing = run(HIDE + "import oylama.crypto", "native")
    assert missing.returncode != 0
    assert "OYLAMA_CRYPTO_BACKEND=native" in missing.stderr
    assert "not installed" in missing.stderr
    unknown = run("import oylama.crypto", "gmp")
    assert unknown.returncode != 0
    assert "must be one of native, sodium; got 'gmp'" in unknown.stderr


@needs_native
def test_both_backends_make_the_same_bytes() -> None:
    # Deterministic keys, ballots, proofs, sums and a decryption: identical on both backends
    # (the provers' randomness and the group are the same; only the arithmetic differs).
    code = """
import json
from oylama.crypto import (BallotStyle, encrypt_ballot, to_json, sum_ciphertexts, decrypt,
    generate_keypair, verify_ballot, tally_selections)
from oylama.crypto.hazmat import DeterministicRng, BACKEND, sum_checked_ciphertexts
rng = DeterministicRng(b"backends")
s, key = generate_keypair(rng)
style = BallotStyle(id="k", kind="knapsack", projects=6, costs=(5, 9, 13, 2, 7, 11), budget=30)
ctx = bytes(32)
cred = bytes(range(32))
ballots = [encrypt_ballot(style, key, c, context=ctx, ballot_id=bytes([i + 1]), credential=cred,
                          rng=rng)[0]
           for i, c in enumerate([[1, 1, 0, 0, 1, 0], [0, 0, 1, 1, 0, 1], [1, 0, 0, 1, 1, 0]])]
for b in ballots:
    verify_ballot(style, key, b, context=ctx, credential=cred)
tally = tally_selections(style, ballots)
fast = sum_checked_ciphertexts([b.selections[0] for b in ballots])
print(json.dumps({
    "backend": BACKEND,
    "ballots": [to_json(b).decode() for b in ballots],
    "tally": [to_json(t).decode() for t in tally],
    "fast": to_json(fast).decode(),
    "counts": [decrypt(s, t, 3) for t in tally],
}))
"""
    native, sodium = run(code, "native"), run(code, "sodium")
    assert native.returncode == 0, native.stderr
    assert sodium.returncode == 0, sodium.stderr
    a, b = json.loads(native.stdout), json.loads(sodium.stdout)
    assert (a.pop("backend"), b.pop("backend")) == ("native", "sodium")
    assert a == b
    assert a["counts"] == [2, 1, 1, 2, 2, 1]


@pytest.fixture(scope="module")
def built() -> Built:
    return build_election(voters=4, revoters=1, seed=11)


@pytest.mark.parametrize("backend", ["sodium", "native"])
def test_auditor_backend_switch(backend: str, built: Built, tmp_path: Path) -> None:
    if backend == "native" and not INSTALLED:
        pytest.skip("the native extension is not installed")
    record = tmp_path / "record.json"
    record.write_bytes(built.record)
    code = (
        "import sys\nfrom oylama_audit.cli import main\nfrom oylama_audit import _group\n"
        f"rc = main(['verify', {str(record)!r}, '--workers', '2', '--backend', {backend!r}])\n"
        "print('BACKEND', _group.backend()); sys.exit(rc)"
    )
    done = run(code, None)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"BACKEND {backend}" in done.stdout
    assert "all checks passed" in done.stdout


def test_auditor_native_without_the_extension_is_a_usage_error(
    built: Built, tmp_path: Path
) -> None:
    record = tmp_path / "record.json"
    record.write_bytes(built.record)
    code = HIDE + (
        "import sys\nfrom oylama_audit.cli import main\n"
        f"sys.exit(main(['verify', {str(record)!r}, '--workers', '1', '--backend', 'native']))"
    )
    done = run(code, None)
    assert done.returncode == 2
    assert "oylama_arith" in done.stderr and "--backend sodium" in done.stderr
    # Unset, the auditor quietly uses libsodium when the extension is missing.
    code = HIDE + (
        "import sys\nfrom oylama_audit.cli import main\nfrom oylama_audit import _group\n"
        f"rc = main(['verify', {str(record)!r}, '--workers', '1'])\n"
        "print('BACKEND', _group.backend()); sys.exit(rc)"
    )
    done = run(code, None)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BACKEND sodium" in done.stdout
