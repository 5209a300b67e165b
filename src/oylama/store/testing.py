"""A throwaway PostgreSQL server for tests and benchmarks.

The storage layer must be tested against a real PostgreSQL (row locks, triggers, isolation),
not an imitation. :class:`ThrowawayPostgres` runs ``initdb`` and ``pg_ctl`` from the
machine's PostgreSQL installation into a temporary directory, listening on a free loopback port
and a private Unix socket, and removes everything on :meth:`stop`. PostgreSQL refuses to run as
root, so as root it runs the server as the ``postgres`` user (``runuser``).

Nothing here is used by the engine itself.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from oylama.store._errors import StoreError

#: The user PostgreSQL runs as when we are root (Debian's packages create it).
SERVER_USER = "postgres"


def find_pg_bin() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl`` (PATH first, then Debian's layout)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2] or 0)
    )
    for directory in reversed(candidates):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    return None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    """A private PostgreSQL cluster in a temporary directory.

    ``durable=False`` (tests) turns off ``fsync``: the tests kill *clients*, never the server,
    so durability against power loss is not what they measure. Benchmarks keep the defaults.
    """

    def __init__(self, *, durable: bool = False, pg_bin: Path | None = None) -> None:
        found = pg_bin or find_pg_bin()
        if found is None:
            raise StoreError("PostgreSQL's initdb/pg_ctl not found (install 'postgresql')")
        self.pg_bin: Path = found
        self.durable = durable
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="oylama-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "server.log"
        self._as_other = os.geteuid() == 0
        self.started = False

    def _run(self, *args: str) -> None:
        command = [str(self.pg_bin / args[0]), *args[1:]]
        if self._as_other:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise StoreError(
                f"{' '.join(args[:1])} failed ({done.returncode}): {done.stderr.strip()}\n{log}"
            )

    def start(self) -> str:
        """Initialise and start the cluster; return a SQLAlchemy URL of its ``postgres`` db."""
        self.socket_dir.mkdir()
        if self._as_other:
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, SERVER_USER)
            shutil.chown(self.socket_dir, SERVER_USER)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )
        self.resume()
        return self.url("postgres")

    def resume(self) -> None:
        """Start the server on its data directory (again, after :meth:`kill`): returns once it
        accepts connections (crash recovery included)."""
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.socket_dir}",
            "-c max_connections=100",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c full_page_writes=off"]
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            " ".join(options),
            "start",
        )
        self.started = True

    def postmaster_pid(self) -> int | None:
        """The running postmaster's process id (from ``postmaster.pid``), or None."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def processes(self) -> list[int]:
        """The postmaster and every process it started (backends, checkpointer, ...)."""
        main = self.postmaster_pid()
        if main is None:
            return []
        return [main, *_children(main)]

    def signal_all(self, sig: int) -> list[int]:
        """Send ``sig`` to every process of the server (SIGSTOP freezes the database)."""
        pids = self.processes()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        return pids

    def kill(self, *, everything: bool) -> None:
        """``kill -9`` the postmaster (its children then exit by themselves) or every process
        of the server at once; returns when none is left, so that :meth:`resume` can start."""
        pids = self.processes()
        for pid in pids if everything else pids[:1]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        # gone, not just dead: PostgreSQL refuses to start while a zombie has the lock's pid
        while any(Path(f"/proc/{p}").exists() for p in pids):
            if time.monotonic() > deadline:
                raise StoreError("PostgreSQL's processes did not exit after the postmaster died")
            time.sleep(0.02)
        self.started = False

    def url(self, database: str) -> str:
        """URL of ``database`` on this server (user ``postgres``, trusted on loopback)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Stop the server (immediately: its data is thrown away) and remove the directory."""
        try:
            if self.started:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
                self.started = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
