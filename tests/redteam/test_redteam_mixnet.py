"""Issue #20's attacks on the mixnet, carried out by a malicious mixer for real.

A fresh 2-of-3 election mixes four approval ballots through two trustees. In each test one
mixer cheats -- drops a ballot, duplicates one, replaces one, reuses a permutation commitment,
or proves with another style's generators -- and publishes the best payloads it can. The
independent auditor (``oylama_audit.mixnet``) must catch it with the check the attack breaks,
every earlier check passing; the engine's ``verify_mix_chain`` must refuse it too.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest

from oylama.crypto import (
    BallotStyle,
    Ceremony,
    Ciphertext,
    KeyShare,
    MixError,
    MixStep,
    decrypt_mixed,
    mix,
    mix_chunks,
    partial_decrypt_mixed,
    to_json,
    verify_mix_chain,
)
from oylama.crypto.hazmat import DeterministicRng
from oylama.election import MixDecryption, MixedBallots, encode_payload, shuffle_payloads
from oylama_audit._ballot import Style
from oylama_audit._trustees import Ceremony as AuditCeremony
from oylama_audit._wire import TrusteePublic as AuditTrusteePublic
from oylama_audit.mixnet import verify_mix

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = hashlib.sha256(b"oylama test election red team mixnet").digest()
STYLE = BallotStyle(id="redteam", kind="approval", projects=3, min_count=0)
CHOICES = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]


def _generator() -> Any:
    path = ROOT / "tests" / "vectors" / "generate_mixnet_vectors.py"
    spec = importlib.util.spec_from_file_location("generate_mixnet_vectors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


GEN = _generator()


@pytest.fixture(scope="module")
def election() -> dict[str, Any]:
    ceremony, publics, shares = GEN.ceremony(DeterministicRng(b"red team mixnet"))
    records = {p.index: msgspec.json.decode(to_json(p), type=AuditTrusteePublic) for p in publics}
    inputs = GEN.encrypt_rows(ceremony.joint_key, STYLE, CHOICES, DeterministicRng(b"inputs"))
    return {
        "ceremony": ceremony,
        "shares": shares,
        "audit_ceremony": AuditCeremony(records, ceremony.threshold),
        "inputs": inputs,
    }


def _publish(
    ceremony: Ceremony, shares: list[KeyShare], steps: list[MixStep], last: list[list[Ciphertext]]
) -> list[tuple[str, bytes]]:
    """The payloads of the steps, then trustees 1 and 2 open the last list (mixnet §8)."""
    rng = DeterministicRng(b"open")
    out: list[tuple[str, bytes]] = []
    for st in steps:
        header, chunks = shuffle_payloads(st)
        out.append(("shuffle", encode_payload(header)))
        out += [("shuffle-rows", encode_payload(c)) for c in chunks]
    partials = [
        partial_decrypt_mixed(s, last, style=STYLE, context=CONTEXT, rng=rng) for s in shares[:2]
    ]
    for p in partials:
        out += [
            ("mix-decryption", encode_payload(MixDecryption(style=STYLE.id, chunk=q, decryption=d)))
            for q, d in enumerate(p)
        ]
    for q, span in enumerate(mix_chunks(len(last), STYLE.projects)):
        trustees, rows = decrypt_mixed(
            ceremony,
            [p[q] for p in partials],
            last[span.start : span.stop],
            style=STYLE,
            context=CONTEXT,
            chunk=q,
        )
        out.append(
            (
                "mixed-ballots",
                encode_payload(
                    MixedBallots(style=STYLE.id, chunk=q, trustees=trustees, choices=rows)
                ),
            )
        )
    return out


def _audit(election: dict[str, Any], payloads: list[tuple[str, bytes]]) -> dict[str, Any]:
    style = msgspec.json.decode(to_json(STYLE), type=Style)
    inputs = [[(c.alpha, c.beta) for c in row] for row in election["inputs"]]
    outcome = verify_mix(
        style, inputs, payloads, ceremony=election["audit_ceremony"], trustees=3, context=CONTEXT
    )
    return outcome.checks


def _first_failure(checks: dict[str, Any]) -> str | None:
    failing = [cid for cid, c in checks.items() if c.failed]
    return failing[0] if failing else None


def _honest(election: dict[str, Any], first: MixStep | None = None) -> list[MixStep]:
    ceremony, shares = election["ceremony"], election["shares"]
    rng = DeterministicRng(b"honest")
    s0 = first or mix(
        shares[0], ceremony, election["inputs"], style=STYLE, context=CONTEXT, step=0, rng=rng
    )
    s1 = mix(shares[2], ceremony, s0.outputs, style=STYLE, context=CONTEXT, step=1, rng=rng)
    return [s0, s1]


def _engine_error(election: dict[str, Any], steps: list[MixStep]) -> MixError:
    with pytest.raises(MixError) as e:
        verify_mix_chain(
            election["ceremony"], election["inputs"], steps, style=STYLE, context=CONTEXT
        )
    return e.value


def test_honest_mix_passes_every_check(election: dict[str, Any]) -> None:
    steps = _honest(election)
    checks = _audit(
        election, _publish(election["ceremony"], election["shares"], steps, steps[-1].outputs)
    )
    assert _first_failure(checks) is None
    assert [checks[c].passed for c in ("M1", "M2", "M3", "M4", "M5")] == [2, 2, 2, 2, 1]


def test_a_mixer_that_drops_a_ballot_is_caught_by_m1(election: dict[str, Any]) -> None:
    steps = _honest(election)
    header, chunks = shuffle_payloads(steps[0])
    # The mixer publishes three of its four rows, and says so in its header.
    header = msgspec.structs.replace(header, ballots=3)
    chunks = [msgspec.structs.replace(chunks[0], rows=chunks[0].rows[:3])]
    payloads = _publish(election["ceremony"], election["shares"], steps, steps[-1].outputs)
    payloads[0] = ("shuffle", encode_payload(header))
    payloads[1] = ("shuffle-rows", encode_payload(chunks[0]))
    assert _first_failure(_audit(election, payloads)) == "M1"
    dropped = msgspec.structs.replace(steps[0], outputs=steps[0].outputs[:3])
    assert _engine_error(election, [dropped, steps[1]]).check == "shape"


def test_a_mixer_that_duplicates_a_ballot_is_caught_by_m2(election: dict[str, Any]) -> None:
    ceremony, shares = election["ceremony"], election["shares"]
    forged = GEN.forged_step(
        shares[0],
        ceremony,
        election["inputs"],
        style=STYLE,
        step=0,
        source=[0, 0, 2, 3],
        rng=DeterministicRng(b"duplicate"),
        context=CONTEXT,
    )
    steps = _honest(election, forged)
    checks = _audit(election, _publish(ceremony, shares, steps, steps[-1].outputs))
    assert _first_failure(checks) == "M2"
    assert checks["M2"].failed == 1 and "step 0" in checks["M2"].failures[0]
    assert _engine_error(election, steps).step == 0


def test_a_mixer_that_replaces_a_ballot_is_caught_by_m2(election: dict[str, Any]) -> None:
    ceremony, shares = election["ceremony"], election["shares"]
    honest = _honest(election)[0]
    other = GEN.encrypt_rows(ceremony.joint_key, STYLE, [[1, 1, 1]], DeterministicRng(b"other"))[0]
    replaced = msgspec.structs.replace(honest, outputs=[other, *honest.outputs[1:]])
    steps = _honest(election, replaced)
    checks = _audit(election, _publish(ceremony, shares, steps, steps[-1].outputs))
    assert _first_failure(checks) == "M2"
    assert _engine_error(election, steps).step == 0


def test_a_mixer_that_reuses_a_permutation_commitment_is_caught_by_m3(
    election: dict[str, Any],
) -> None:
    ceremony, shares = election["ceremony"], election["shares"]
    first, second = GEN.copied_permutation_step(
        (shares[0], shares[2]),
        ceremony,
        election["inputs"],
        style=STYLE,
        rng=DeterministicRng(b"reuse"),
        context=CONTEXT,
    )
    checks = _audit(election, _publish(ceremony, shares, [first, second], second.outputs))
    # Both proofs and both signatures verify: only the freshness check can see it.
    assert _first_failure(checks) == "M3"
    assert checks["M2"].passed == 2 and checks["M3"].failed == 1
    error = _engine_error(election, [first, second])
    assert (error.step, error.check) == (1, "fresh")


def test_a_mixer_that_proves_with_wrong_generators_is_caught_by_m2(
    election: dict[str, Any],
) -> None:
    ceremony, shares = election["ceremony"], election["shares"]
    wrong = GEN.wrong_generators_step(
        shares[0],
        ceremony,
        election["inputs"],
        style=STYLE,
        step=0,
        generators_style="not-redteam",
        rng=DeterministicRng(b"generators"),
        context=CONTEXT,
    )
    steps = _honest(election, wrong)
    checks = _audit(election, _publish(ceremony, shares, steps, steps[-1].outputs))
    assert _first_failure(checks) == "M2"
    assert "V1" in checks["M2"].failures[0]
    error = _engine_error(election, steps)
    assert (error.step, error.check) == (0, "V1")
