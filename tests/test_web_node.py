"""The browser code's own tests (``web/test/*.test.js``) under node: the known-answer vectors,
the message catalogues, the secret-scalar rule and the spoiled-ballot checker.

They import noble from ``web/node_modules`` (``make test`` runs ``npm ci`` first); skipped when
node or the packages are missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parent.parent / "web"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None or not (WEB / "node_modules" / "@noble" / "curves").is_dir(),
    reason="node or web/node_modules is missing (cd web && npm ci)",
)


def test_node_suite_passes() -> None:
    assert NODE is not None
    run = subprocess.run(
        [NODE, "--test", "test/"],
        cwd=WEB,
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout
    for name in ("checker", "secret scalar", "vector"):
        assert name in run.stdout.lower(), name
