"""The RFC 6962/9162 proof vectors of transparency-dev/merkle, run through our strict verifiers.

Every ``wantErr`` case must be rejected and every other case accepted -- with one documented
deviation: a vector that accepts 12-byte "roots" for equal sizes, which our verifier rejects
because every hash must be 32 bytes (docs/spec/board.md, "Verification of proofs").
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from oylama.board import ProofError, verify_consistency, verify_inclusion

VECTORS = Path(__file__).resolve().parents[1].parent / "shared" / "vectors" / "merkle-rfc9162"

# Accepted upstream, rejected here on purpose: the roots are 12 bytes, not 32.
SHORT_HASH_DEVIATIONS = {"consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"}


def _files(kind: str) -> list[Path]:
    if not VECTORS.is_dir():
        return []
    return sorted((VECTORS / kind).rglob("*.json"))


def _id(path: Path) -> str:
    return path.relative_to(VECTORS).as_posix()


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def _proof(data: dict[str, Any]) -> list[bytes]:
    return [_b64(p) for p in data["proof"] or []]


@pytest.fixture(autouse=True)
def _need_vectors() -> None:
    if not VECTORS.is_dir():
        pytest.skip(f"RFC 9162 vectors not found at {VECTORS} (../shared/ absent)")


def test_the_vector_set_is_complete() -> None:
    # Guards against silently running on an empty or truncated directory.
    assert len(_files("inclusion")) >= 90
    assert len(_files("consistency")) >= 90


@pytest.mark.parametrize("path", _files("inclusion"), ids=_id)
def test_inclusion_vector(path: Path) -> None:
    d = _load(path)
    args = (_b64(d["leafHash"]), d["leafIdx"], d["treeSize"], _proof(d), _b64(d["root"]))
    if d["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.parametrize("path", _files("consistency"), ids=_id)
def test_consistency_vector(path: Path) -> None:
    d = _load(path)
    args = (d["size1"], d["size2"], _b64(d["root1"]), _b64(d["root2"]), _proof(d))
    if _id(path) in SHORT_HASH_DEVIATIONS:
        assert not d["wantErr"]
        with pytest.raises(ProofError, match="12 bytes, expected 32"):
            verify_consistency(*args)
        # The same statement with real 32-byte roots is accepted.
        root = bytes(range(32))
        verify_consistency(d["size1"], d["size2"], root, root, _proof(d))
    elif d["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


def test_happy_paths_also_reject_a_flipped_root() -> None:
    # The accepting vectors are really checked against their root, not just parsed.
    checked = 0
    for path in _files("inclusion"):
        d = _load(path)
        if d["wantErr"]:
            continue
        root = bytearray(_b64(d["root"]))
        root[-1] ^= 1
        with pytest.raises(ProofError):
            verify_inclusion(
                _b64(d["leafHash"]), d["leafIdx"], d["treeSize"], _proof(d), bytes(root)
            )
        checked += 1
    assert checked >= 6
