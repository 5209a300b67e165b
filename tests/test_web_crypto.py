"""The browser's ballot crypto (web/, shipped as src/oylama/service/_web/oylama-crypto.js)
against oylama's Python verifier, both ways.

node runs the *committed bundle* (web/tools/py_bridge.mjs): it encrypts, proves and signs a
ballot of every kind and shape (one-of, range and table proofs; count and total bounds by
range and by DLEQ) with fresh randomness, and Python must accept the ballot
(``verify_ballot``), its signature (``verify_ballot_signature``) and its Benaloh opening
(``verify_spoiled``), and compute the same tracking code -- and, on the native backend, all of
them together must pass one batch of their equations (crypto §3.3), the path the service and
the auditor take. Python-made ballots go the other way through the JS verifier, which must
also refuse a changed one, and one checked with another voter's credential (ballots §4).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import msgspec
import pytest

from oylama.credentials import new_code, public_credential, sign_ballot, verify_ballot_signature
from oylama.crypto import (
    BallotStyle,
    EncryptedBallot,
    SpoiledBallot,
    _ballot,
    _equations,
    encrypt_ballot,
    format_tracking_code,
    from_json,
    generate_keypair,
    new_ballot_id,
    spoil,
    to_json,
    tracking_code,
    verify_ballot,
    verify_spoiled,
)

ROOT = Path(__file__).resolve().parents[1]
BRIDGE = ROOT / "web" / "tools" / "py_bridge.mjs"
BUNDLE = ROOT / "src" / "oylama" / "service" / "_web" / "oylama-crypto.js"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None,
    reason="node is not installed: the browser crypto cannot be run (apt install nodejs)",
)

ELECTION = "izmir-karsiyaka-2026"

#: (style, choices): every proof shape the ballot layer has.
CASES: list[tuple[BallotStyle, list[int]]] = [
    (BallotStyle(id="appr", kind="approval", projects=4, min_count=1, max_count=3), [1, 0, 1, 0]),
    (
        BallotStyle(id="appr-exact", kind="approval", projects=3, min_count=2, max_count=2),
        [0, 1, 1],
    ),
    (BallotStyle(id="appr-free", kind="approval", projects=2), [0, 0]),
    (
        BallotStyle(
            id="knap",
            kind="knapsack",
            projects=4,
            costs=(4_800_000, 3_250_000, 0, 5_400_000),
            budget=12_000_000,
            min_count=1,
        ),
        [1, 1, 1, 0],
    ),
    (BallotStyle(id="cum-small", kind="cumulative", projects=3, points=5), [2, 0, 3]),
    (BallotStyle(id="cum-big", kind="cumulative", projects=3, points=10), [7, 0, 2]),
    (BallotStyle(id="quad", kind="quadratic", projects=3, max_votes=3, credits=10), [3, 1, 0]),
    (
        BallotStyle(
            id="quad-signed", kind="quadratic", projects=3, max_votes=2, signed=True, credits=5
        ),
        [-2, 0, 1],
    ),
]


def _style_json(style: BallotStyle) -> dict[str, Any]:
    out: dict[str, Any] = msgspec.to_builtins(style)
    return out


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _node(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert NODE is not None
    assert BUNDLE.is_file(), f"{BUNDLE} is missing: run npm run build in web/"
    done = subprocess.run(
        [NODE, str(BRIDGE)],
        input=json.dumps(requests).encode(),
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def election() -> tuple[int, Any, bytes]:
    secret, key = generate_keypair()
    return secret, key, os.urandom(32)


def test_js_ballots_verify_in_python(election: tuple[int, Any, bytes]) -> None:
    _, key, context = election
    codes = [new_code(os.urandom) for _ in CASES]
    requests = [
        {
            "op": "encrypt",
            "style": _style_json(style),
            "choices": choices,
            "key": _b64(key.encode()),
            "context": _b64(context),
            "code": code,
            "election_id": ELECTION,
        }
        for (style, choices), code in zip(CASES, codes, strict=True)
    ]
    answers = _node(requests)
    batch = _equations.Batch()
    for (style, choices), code, ans in zip(CASES, codes, answers, strict=True):
        text = ans["ballot"].encode()
        ballot = from_json(text, EncryptedBallot)  # refuses non-canonical text
        credential = base64.b64decode(ans["credential"])
        assert credential == public_credential(code, ELECTION)
        verify_ballot(style, key, ballot, context=context, credential=credential)
        batch.add(
            _ballot.ballot_equations(style, key, ballot, context=context, credential=credential)
        )
        # the proofs bind the credential that made them: another voter's key refuses them
        with pytest.raises(Exception, match="project 0"):
            verify_ballot(style, key, ballot, context=context, credential=bytes(32))
        assert format_tracking_code(tracking_code(ballot)) == ans["tracking_code"]
        verify_ballot_signature(
            credential, text, base64.b64decode(ans["signature"]), election_id=ELECTION
        )
        spoiled = from_json(ans["spoiled"].encode(), SpoiledBallot)
        verify_spoiled(style, key, spoiled, context=context, credential=credential)
        assert spoiled.choices == choices
        # the signature binds the election id
        with pytest.raises(Exception, match="signature"):
            verify_ballot_signature(
                credential, text, base64.b64decode(ans["signature"]), election_id="other"
            )
    # Every browser-made ballot's equations at once: one multi-scalar multiplication on the
    # native backend (one multiplication per term on libsodium), as a service or auditor would.
    assert batch.equations > 100
    assert batch.holds()
    # ... and a batch with one browser ballot checked under a stranger's credential fails.
    (style, _), ans = CASES[0], answers[0]
    wrong = _equations.Batch()
    wrong.add(
        _ballot.ballot_equations(
            style,
            key,
            from_json(ans["ballot"].encode(), EncryptedBallot),
            context=context,
            credential=bytes(32),
        )
    )
    assert not wrong.holds()


def test_python_ballots_verify_in_js(election: tuple[int, Any, bytes]) -> None:
    _, key, context = election
    requests = []
    for style, choices in CASES:
        code = new_code(os.urandom)
        credential = public_credential(code, ELECTION)
        ballot, secrets_ = encrypt_ballot(
            style, key, choices, context=context, ballot_id=new_ballot_id(), credential=credential
        )
        text = to_json(ballot)
        base = {
            "op": "verify",
            "style": _style_json(style),
            "key": _b64(key.encode()),
            "context": _b64(context),
            "election_id": ELECTION,
        }
        requests.append(
            {
                **base,
                "ballot": text.decode(),
                "credential": _b64(credential),
                "signature": _b64(sign_ballot(code, ELECTION, text)),
                "spoiled": to_json(spoil(ballot, secrets_)).decode(),
            }
        )
        # one changed response scalar in the first project's proof must be refused
        doc: dict[str, Any] = json.loads(text)
        proof: dict[str, Any] = doc["proofs"][0]
        field: dict[str, Any] = next(v for v in proof.values() if v is not None)
        scalars: list[Any] = (
            field["responses"] if "responses" in field else [field["bits"][0]["response0"]]
        )
        first = scalars[0][0] if isinstance(scalars[0], list) else scalars[0]
        raw = bytearray(base64.b64decode(first))
        raw[0] ^= 1
        changed_text = text.decode().replace(first, _b64(bytes(raw)), 1)
        with_cred = {**base, "credential": _b64(credential)}
        requests.append({**with_cred, "ballot": changed_text})
        # another context must be refused
        requests.append({**with_cred, "ballot": text.decode(), "context": _b64(os.urandom(32))})
        # another voter's credential must be refused (the proofs bind it)
        requests.append({**base, "ballot": text.decode(), "credential": _b64(os.urandom(32))})
    answers = _node(requests)
    for i, (style, choices) in enumerate(CASES):
        good, changed, other, stranger = answers[4 * i : 4 * i + 4]
        assert good["ok"], (style.id, good["error"])
        assert good["choices"] == choices
        assert not changed["ok"] and "ProofError" in changed["error"], (style.id, changed)
        assert not other["ok"] and "context" in other["error"], (style.id, other)
        assert not stranger["ok"] and "ProofError" in stranger["error"], (style.id, stranger)


def test_committed_bundle_is_a_fresh_build() -> None:
    """``npm run check-bundle`` when the npm dependencies are installed (else skipped)."""
    if not (ROOT / "web" / "node_modules" / "esbuild").is_dir():
        pytest.skip("web/node_modules is missing: run `npm ci` in web/ to check the bundle")
    done = subprocess.run(
        [NODE or "node", "build.mjs", "--check"],
        cwd=ROOT / "web",
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode() + done.stdout.decode()
