"""``oylama serve`` (``oylama_cli.staff._serve``) as a real process: migrations, admin, uvicorn."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

API = "/api/v1"
SERVE = [sys.executable, "-m", "oylama_cli", "serve"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    proc = subprocess.Popen(
        [*SERVE, *args, "--port", str(port), "--verify-processes", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(f"{url}{API}/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    out = proc.communicate(timeout=10)[0] if proc.poll() is not None else ""
    proc.kill()
    raise AssertionError(f"oylama serve did not start: {out}")


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    return out


def test_first_start_prints_a_generated_admin_password_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc, url = _start(["--data", str(data)])
    try:
        r = httpx.get(f"{url}/schema/openapi.json")
        assert r.status_code == 200
        doc = r.json()
        cast = doc["paths"][f"{API}/elections/{{election_id}}/ballots"]["post"]
        ref = cast["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert body["required"] == ["credential", "signature", "ballot"]
        assert body["additionalProperties"] is False
    finally:
        out = _stop(proc)
    m = re.search(r"created the admin account 'admin' with password: (\S+)", out)
    assert m is not None, out
    password = m.group(1)
    assert (data / "board.sqlite3").exists()
    # second start: the same database, no new password, the old one still works
    proc, url = _start(["--data", str(data)])
    try:
        r = httpx.post(f"{url}{API}/session", json={"username": "admin", "password": password})
        assert r.status_code == 201 and r.json()["role"] == "admin"
    finally:
        out = _stop(proc)
    assert "password" not in out


def test_admin_password_file_and_bad_input(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("a-long-admin-password\n", encoding="utf-8")
    proc, url = _start(["--data", str(tmp_path / "d"), "--admin-password-file", str(secret)])
    try:
        r = httpx.post(
            f"{url}{API}/session",
            json={"username": "admin", "password": "a-long-admin-password"},
        )
        assert r.status_code == 201
    finally:
        out = _stop(proc)
    assert "a-long-admin-password" not in out
    short = tmp_path / "short"
    short.write_text("short\n", encoding="utf-8")
    done = subprocess.run(
        [*SERVE, "--data", str(tmp_path / "e"), "--admin-password-file", str(short)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "12" in done.stderr
