"""Writing what a command says: plain lines, never wrapped, so that tools can parse them."""

from __future__ import annotations

import sys


def say(line: str) -> None:
    """One line on stdout, flushed (a long-running command's progress is seen as it happens)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def error(line: str) -> None:
    """One ``oylama: error: ...`` line on stderr: tools parse ``file:line: reason`` from it."""
    sys.stderr.write(f"oylama: error: {line}\n")


def warning(line: str) -> None:
    """One ``oylama: warning: ...`` line on stderr (``file:line: reason`` as errors have it)."""
    sys.stderr.write(f"oylama: warning: {line}\n")
