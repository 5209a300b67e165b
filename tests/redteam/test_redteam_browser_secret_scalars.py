"""Red team, issue #13 item 9: the browser prover multiplied secrets in variable time.

``web/src/proofs.js`` multiplied the encryption randomness (its "is this the stated
encryption" check) and the DLEQ witness of an exact count bound with noble's variable-time
``multiplyUnsafe``; a timing observer could learn about the ballot's randomness and so its
choices. ``web/test/secret-scalars.test.js`` instruments noble's two multiplications on the
very module the page runs (the committed bundle) and on the sources, encrypts a ballot of
every proof shape, and fails if any scalar that the ballot does not publish reaches
``multiplyUnsafe``. This test runs it with node (skipped without node).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
BUNDLE = ROOT / "src" / "oylama" / "service" / "_web" / "oylama-crypto.js"
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed (apt install nodejs)")
def test_no_secret_scalar_reaches_the_variable_time_multiplication() -> None:
    env = dict(os.environ)
    if not (WEB / "node_modules" / "@noble" / "curves").is_dir():
        # Without the npm packages only the bundle (self-contained) can be checked.
        env["OYLAMA_CRYPTO_MODULE"] = str(BUNDLE)
    assert NODE is not None
    run = subprocess.run(
        [NODE, "--test", "test/secret-scalars.test.js"],
        check=False,
        cwd=WEB,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout
    assert "oylama-crypto.js" in run.stdout  # the bundle the page runs was checked
