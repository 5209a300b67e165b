"""No process outlives the one that started it (issue #13 item 9): the proof-verifying
workers of ``oylama serve`` exit when the server is killed outright (``kill -9``), and so does
the multiprocessing resource tracker; ``oylama demo --serve`` stops every process it started on
SIGTERM. Real processes, found through ``/proc``, really killed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

OYLAMA = [sys.executable, "-m", "oylama_cli"]


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a live process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st is not None and st[1] == pid and st[0] != "Z":
                out.append(int(entry.name))
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        found += kids
        todo += kids
    return found


def _alive(pids: list[int]) -> list[int]:
    """Those still running (a zombie waiting for its reaper is gone for this purpose)."""
    return [p for p in pids if (st := _stat(p)) is not None and st[0] != "Z"]


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(pids)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_verifier_workers_die_with_a_killed_server(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [*OYLAMA, "serve", "--data", str(tmp_path), "--port", str(port), "--verify-processes", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).is_success:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
            time.sleep(0.2)
        # the pool's two workers (started with the app) and the resource tracker
        deadline = time.monotonic() + 30
        while len(children := _children(server.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(children) >= 3, children
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        assert _wait_gone(children, 10) == [], "workers outlived their server"
    finally:
        if server.poll() is None:
            server.kill()


def test_demo_stops_every_process_on_sigterm(tmp_path: Path) -> None:
    demo = subprocess.Popen(
        [*OYLAMA, "demo", "--serve", "--voters", "2", "--data", str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert demo.stdout is not None
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 300
        for line in demo.stdout:
            lines.append(line)
            if "Ctrl-C to stop" in line:
                break
            assert time.monotonic() < deadline, "".join(lines)
        assert any("Ctrl-C to stop" in x for x in lines), "".join(lines)
        started = _descendants(demo.pid)
        assert started, "the demo started no process"  # its server, the resource tracker
        demo.send_signal(signal.SIGTERM)
        demo.wait(60)
        assert _wait_gone(started, 15) == [], (started, "".join(lines[-5:]))
    finally:
        if demo.poll() is None:
            demo.kill()
