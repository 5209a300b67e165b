"""Under CI, the tools that some tests skip without must be there.

The browser, the in-browser crypto and the bundle check skip with a clear message on a machine
that lacks Chromium, Node.js, Playwright or web/node_modules (a developer's laptop), and the
native arithmetic's tests where cargo could not build it, but CI must never pass without having
run them: ``make test`` installs them, and this test fails if it did
not. (PostgreSQL has the same rule in conftest.py.)
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.mark.skipif(not IN_CI, reason="only CI must have every tool (CI=true)")
def test_ci_has_everything_the_skippable_tests_need() -> None:
    missing = [
        what
        for what, ok in [
            ("/usr/bin/chromium (.ci/chromium.sh)", Path("/usr/bin/chromium").exists()),
            ("node", shutil.which("node") is not None),
            ("playwright (dev extra)", importlib.util.find_spec("playwright") is not None),
            ("web/node_modules (npm ci in make test)", (ROOT / "web/node_modules").is_dir()),
            ("cargo (the native arithmetic extension)", shutil.which("cargo") is not None),
            (
                "oylama_arith (built by make test from arith/)",
                importlib.util.find_spec("oylama_arith") is not None,
            ),
        ]
        if not ok
    ]
    assert not missing, f"CI lacks: {', '.join(missing)}"
