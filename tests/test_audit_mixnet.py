"""The independent auditor's mix checks (M1–M5) against docs/spec/vectors/mixnet.json.

The auditor is written from docs/spec/mixnet.md alone and this module imports nothing of the
engine: the vectors (made by the engine) must verify, the auditor must reach the same choices
and the same challenges, and each variant the vectors list must fail exactly the check they
name, with every check before it passing.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from oylama_audit._ballot import Style
from oylama_audit._errors import AuditError
from oylama_audit._shuffle import ShuffleProof, generators, mix_label, verify_shuffle
from oylama_audit._trustees import Ceremony, verify_trustee_record
from oylama_audit._wire import TrusteePublic
from oylama_audit.mixnet import MIX_CHECKS, check_choices, chunk_spans, verify_mix

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "spec" / "vectors" / "mixnet.json").read_text()
)


def _rows(wire: list[list[dict[str, str]]]) -> list[list[tuple[bytes, bytes]]]:
    return [
        [(base64.b64decode(c["alpha"]), base64.b64decode(c["beta"])) for c in row] for row in wire
    ]


def _setup() -> tuple[Style, Ceremony, bytes, list[list[tuple[bytes, bytes]]]]:
    v = VECTORS
    style = msgspec.json.decode(json.dumps(v["style"]), type=Style)
    records = {}
    for r in v["trustee_records"]:
        record = msgspec.json.decode(json.dumps(r), type=TrusteePublic)
        verify_trustee_record(
            record,
            trustees=v["trustees"],
            threshold=v["threshold"],
            context=bytes.fromhex(v["ceremony_context"]),
        )
        records[record.index] = record
    ceremony = Ceremony(records, v["threshold"])
    assert ceremony.joint_key.hex() == v["joint_key"]
    return style, ceremony, bytes.fromhex(v["context"]), _rows(v["input"])


def _payloads() -> list[tuple[str, bytes]]:
    return [(p["kind"], p["text"].encode()) for p in VECTORS["payloads"]]


def _run(payloads: list[tuple[str, bytes]]) -> Any:
    style, ceremony, context, inputs = _setup()
    return verify_mix(
        style, inputs, payloads, ceremony=ceremony, trustees=VECTORS["trustees"], context=context
    )


def test_the_vectors_mix_verifies_and_opens_to_the_same_choices() -> None:
    outcome = _run(_payloads())
    failed = {cid: c.failures for cid, c in outcome.checks.items() if c.failed}
    assert failed == {}
    passed = {cid: c.passed for cid, c in outcome.checks.items()}
    assert passed == {"M1": 2, "M2": 2, "M3": 2, "M4": 2, "M5": 1}
    assert outcome.choices == VECTORS["choices"]
    assert sorted(outcome.choices) == sorted(VECTORS["input_choices"])
    assert [cid for cid, _ in MIX_CHECKS] == ["M1", "M2", "M3", "M4", "M5"]


def test_generators_labels_and_challenges_agree_with_the_engine() -> None:
    style, ceremony, context, inputs = _setup()
    gens = generators(context, style.id)
    assert gens.chain.hex() == VECTORS["generators"]["chain"]
    assert [f.hex() for f in gens.commitment(5)] == VECTORS["generators"]["commitment"]
    current = inputs
    for s in VECTORS["steps"]:
        label = mix_label(style.id, s["step"], s["mixer"])
        assert label.hex() == s["label"]
        proof = msgspec.json.decode(json.dumps(s["proof"]), type=ShuffleProof)
        outputs = _rows(s["output"])
        c = verify_shuffle(
            ceremony.joint_key,
            current,
            outputs,
            proof,
            width=style.projects,
            context=context,
            style_id=style.id,
            label=label,
        )
        assert c.to_bytes(32, "little").hex() == s["challenge"]
        # Another step number, mixer, style or election: refused.
        for other_label, other_context in (
            (mix_label(style.id, s["step"] + 1, s["mixer"]), context),
            (mix_label(style.id, s["step"], 2), context),
            (mix_label("other", s["step"], s["mixer"]), context),
            (label, bytes(32)),
        ):
            with pytest.raises(AuditError):
                verify_shuffle(
                    ceremony.joint_key,
                    current,
                    outputs,
                    proof,
                    width=style.projects,
                    context=other_context,
                    style_id=style.id,
                    label=other_label,
                )
        current = outputs


@pytest.mark.parametrize(
    "variant", VECTORS["rejected"], ids=[r["why"] for r in VECTORS["rejected"]]
)
def test_each_rejected_variant_fails_its_check(variant: dict[str, Any]) -> None:
    payloads = _payloads()
    for r in variant["replace"]:
        assert payloads[r["index"]][1] != r["text"].encode()
        payloads[r["index"]] = (payloads[r["index"]][0], r["text"].encode())
    outcome = _run(payloads)
    failing = [cid for cid, c in outcome.checks.items() if c.failed]
    assert failing, variant["why"]
    assert failing[0] == variant["check"], (variant["why"], outcome.checks[failing[0]].failures)


def test_non_canonical_and_misplaced_payloads_fail_m1() -> None:
    payloads = _payloads()
    spaced = [(payloads[0][0], payloads[0][1].replace(b'"step":0', b'"step": 0')), *payloads[1:]]
    assert _run(spaced).checks["M1"].failed
    moved = [payloads[1], payloads[0], *payloads[2:]]
    assert _run(moved).checks["M1"].failed
    one_step = [p for p in payloads if p[1] != payloads[2][1] and p[1] != payloads[3][1]]
    outcome = _run(one_step)
    assert outcome.checks["M1"].failed and "threshold" in outcome.checks["M1"].failures[0]


def test_choices_and_chunks_follow_the_spec() -> None:
    style, _, _, _ = _setup()
    check_choices(style, [1, 0, 1])
    for bad in ([1, 1, 1], [0, 0, 0], [2, 0, 0], [1, 0]):
        with pytest.raises(AuditError):
            check_choices(style, bad)
    assert [(s.start, s.stop) for s in chunk_spans(9, 512)] == [(0, 8), (8, 9)]
    assert [(s.start, s.stop) for s in chunk_spans(5, 3)] == [(0, 5)]
    assert chunk_spans(0, 3) == []
