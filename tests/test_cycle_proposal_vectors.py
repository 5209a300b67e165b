"""The proposal vectors of cycle §4 (docs/spec/vectors/cycle-proposals.json): the generator
gives the same bytes, the engine and the independent auditor both accept every valid value
and refuse every rejected text (the browser's check is web/test/proposals.test.js)."""

from __future__ import annotations

import base64
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest

from oylama.credentials import public_credential
from oylama.cycle import (
    ProposalContent,
    ProposalPayload,
    SupportPayload,
    check_proposal,
    decode_content,
    statement,
    verify_proposal_payload,
    verify_statement,
    verify_support_payload,
)
from oylama.errors import InputError
from oylama_audit._errors import AuditError
from oylama_audit._wire import decode_canonical
from oylama_audit.proposals import Content, check_proposals
from oylama_audit.proposals import statement as audit_statement

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "docs" / "spec" / "vectors" / "cycle-proposals.json"
VECTORS: dict[str, Any] = json.loads(PATH.read_text(encoding="utf-8"))
E = VECTORS["election_id"]


def _generator() -> ModuleType:
    path = ROOT / "tests" / "vectors" / "generate_cycle_proposal_vectors.py"
    spec = importlib.util.spec_from_file_location("generate_cycle_proposal_vectors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_file() -> None:
    assert PATH.read_bytes() == _generator().render()


def test_engine_accepts_every_vector() -> None:
    for c in VECTORS["credentials"]:
        assert base64.b64encode(public_credential(c["code"], E)).decode() == c["public_key"]
    for v in VECTORS["proposals"]:
        text = v["content"].encode()
        content = decode_content(text, ProposalContent)
        check_proposal(content, {content.district})
        assert statement(E, "proposal", text).hex() == v["statement"]
        payload = msgspec.json.decode(v["payload"], type=ProposalPayload)
        assert payload.signature.hex() == v["signature"]
        verify_proposal_payload(payload, E)
    s = VECTORS["support"]
    assert statement(E, "proposal-support", s["content"].encode()).hex() == s["statement"]
    verify_support_payload(msgspec.json.decode(s["payload"], type=SupportPayload), E)
    p = VECTORS["photo"]
    key = base64.b64decode(VECTORS["credentials"][1]["public_key"])
    data = bytes.fromhex(p["bytes"])
    assert statement(E, "proposal-photo", data).hex() == p["statement"]
    verify_statement(key, bytes.fromhex(p["signature"]), E, "proposal-photo", data)


def test_auditor_accepts_every_vector() -> None:
    for v in VECTORS["proposals"]:
        assert audit_statement(E, "proposal", v["content"].encode()).hex() == v["statement"]
    entries = [("proposal", v["payload"].encode()) for v in VECTORS["proposals"]]
    entries.append(("proposal-support", VECTORS["support"]["payload"].encode()))
    report = check_proposals(entries, E)
    assert report.supports("P1") == 1 and len(report.proposals) == 3


@pytest.mark.parametrize("bad", VECTORS["rejected_contents"], ids=lambda b: b["reason"])
def test_rejected_contents(bad: dict[str, str]) -> None:
    with pytest.raises(InputError):
        decode_content(bad["text"].encode(), ProposalContent)
    with pytest.raises(AuditError):
        decode_canonical(bad["text"].encode(), Content)
