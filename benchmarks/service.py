"""Election service benchmark: accepted casts per second and cast latency on loopback.

    .venv/bin/python benchmarks/service.py                 # SQLite and a throwaway PostgreSQL
    .venv/bin/python benchmarks/service.py --ballots 200 --clients 1,4,16
    .venv/bin/python benchmarks/service.py --no-pg         # SQLite only
    .venv/bin/python benchmarks/service.py --pg-url postgresql+psycopg://u@host/db
    .venv/bin/python benchmarks/service.py --no-sqlite --server-processes 1,2 --crypto native

What is measured: the real service (``oylama serve`` itself, one uvicorn process, a child of this
one so that the clients do not share its interpreter, verifying proofs in its pool of
``--verify-processes``; stopped with SIGINT, so that the pool shuts down too) on each arithmetic
backend (``--crypto``, default both: the native extension, whose pool verifies each ballot as
one batch, and libsodium; one server each, ``OYLAMA_CRYPTO_BACKEND`` set) and each database, with
one open election of one city-wide 20-project knapsack ballot (budget 24,000,000: a 25-bit spending
proof) and three trustees. ``--ballots`` voters' ballots are encrypted, proved and signed *before*
the clock starts (client-side proving is the voter's device's cost, not the server's; the ballots
are made once and cast on both backends: the trustees draw their keys from a fixed seed, so both
elections have the same key and base hash). Then, for each level of ``--clients`` (default 1 and
8), that many threads, each with its own HTTP connection, cast ``--ballots`` fresh ballots as fast
as the server answers (1 client: the service time of one cast). Reported per backend and level:
accepted casts (``201``) per second of wall time, latency p50/p99/max of a cast (request sent to
answer read), and errors (any other status or a transport failure). The load average is printed
too: the figures are only as good as the machine is idle.

Every cast is a full server-side check (credential, Ed25519 signature, the ballot's proofs:
20 0/1 proofs and the 25-bit range proof) plus an appended board entry and a new signed
checkpoint, in one transaction, before the answer.

Target from issue #15: >= 200 accepted casts/s on PostgreSQL with 8 clients, p99 <= 100 ms,
zero errors; the native/libsodium ratios of casts/s are printed for each database and level.
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from oylama import ballots, credentials
from oylama.client import ServiceClient, Trustee, cast_body, random_choices
from oylama.crypto import BallotStyle, Point, ballot_bytes, encrypt_ballot, new_ballot_id
from oylama.crypto.hazmat import DeterministicRng
from oylama.election import Pins, decode_manifest, identity_public_key
from oylama.store.testing import ThrowawayPostgres, find_pg_bin

ELECTION = "bench-knapsack-20"
PROJECTS = 20
BUDGET = 24_000_000


def definition() -> str:
    """One city-wide knapsack ballot of 20 projects (costs 0.5-6 million, budget 24 million)."""
    rng = random.Random(20)
    parts = [
        f'[election]\nid = "{ELECTION}"\ntitle.tr = "Kıyaslama"\ncity = "İzmir"\n'
        'currency = "TRY"\n\n[[ballots]]\nid = "genel"\ntitle.tr = "Genel"\n'
        f'district = "city-wide"\nkind = "knapsack"\nbudget = {BUDGET}\nrule = "greedy"\n'
        'utility = "cost"\ntie_break = "file-order"\n'
    ]
    for j in range(PROJECTS):
        cost = rng.randrange(500_000, 6_000_000, 10_000)
        parts.append(f'\n[[ballots.projects]]\nid = "P{j:02d}"\nname.tr = "Proje {j}"\n')
        parts.append(f"cost = {cost}\n")
    return "".join(parts)


def _encrypt(job: tuple[BallotStyle, bytes, bytes, str, int]) -> bytes:
    """Pool worker: one voter's cast body (random valid choices, encrypted, proved, signed)."""
    style, key, context, code, seed = job
    choices = random_choices(style, random.Random(seed))
    credential = credentials.public_credential(code, ELECTION)
    ballot, _ = encrypt_ballot(
        style,
        Point.decode(key),
        choices,
        context=context,
        ballot_id=new_ballot_id(),
        credential=credential,
    )
    text = ballot_bytes(ballot)
    return cast_body(credential, credentials.sign_ballot(code, ELECTION, text), text)


def fresh_database(db_url: str | None, run: int) -> str | None:
    """A new, empty database on the same PostgreSQL server for each run (every run starts from
    an empty service, as on SQLite, where each run has its own data directory)."""
    if db_url is None:
        return None
    import sqlalchemy  # noqa: PLC0415 - only for PostgreSQL runs

    name = f"oylama_bench_{os.getpid()}_{run}"
    engine = sqlalchemy.create_engine(db_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return str(sqlalchemy.engine.make_url(db_url).set(database=name).render_as_string(False))


@contextmanager
def serve(
    data_dir: Path, db_url: str | None, verify_processes: int, crypto: str, processes: int = 1
) -> Iterator[str]:
    """``oylama serve`` in a child process on a free port of 127.0.0.1; its base URL.

    Not ``oylama_cli.demo._run.service_process``: that child is a daemonic process, which may
    not start the verifying pool (multiprocessing refuses children of daemons)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    password_file = data_dir / "admin-password"
    password_file.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "oylama_cli",
        "serve",
        "--data",
        str(data_dir),
        "--port",
        str(port),
    ]
    cmd += ["--admin-password-file", str(password_file)]
    cmd += ["--verify-processes", str(verify_processes), "--workers", str(processes)]
    if db_url is not None:
        cmd += ["--db", db_url]
    # Its log (one access line per request) is the server's cost, but not read here; the
    # errors' log is kept in the data directory and shown if the server does not start.
    log = data_dir / "serve.log"
    env = {**os.environ, "OYLAMA_CRYPTO_BACKEND": crypto}
    with log.open("wb") as err:  # the child holds its own descriptor once started
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError(f"oylama serve exited with {proc.returncode}:\n{tail}")
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("oylama serve did not answer within 60 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown: writer and pool stop
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def setup_election(url: str, text: str, public_list: bytes, state_dir: Path) -> tuple[bytes, bytes]:
    """Accounts, election, credentials, ceremony (trustees with fixed seeds), open. Returns
    the joint key and the base hash."""
    admin = ServiceClient(url)
    admin.login("admin", ADMIN_PASSWORD)
    admin.create_account("bench", ADMIN_PASSWORD, "staff")
    staff = ServiceClient(url)
    staff.login("bench", ADMIN_PASSWORD)
    staff.create_election(text)
    staff.upload_credentials(ELECTION, public_list)
    seeds = [DeterministicRng(f"bench identity {i}".encode()).token_bytes(32) for i in (1, 2, 3)]
    keys = [identity_public_key(s) for s in seeds]
    tokens = staff.start_ceremony(ELECTION, threshold=2, trustee_keys=keys)
    pins = Pins(trustee_keys=tuple(keys))
    trustees = [
        Trustee.init(
            ServiceClient(url, token=tok),
            ELECTION,
            state_dir / f"t{i}.json",
            identity=seeds[i - 1],
            pins=pins,
            index=i,
            rng=DeterministicRng(f"bench trustee {i}".encode()),
            force=True,
        )
        for i, tok in enumerate(tokens, start=1)
    ]
    for step in ("post_record", "post_shares", "commit"):
        for t in trustees:
            getattr(t, step)(
                **({"rng": DeterministicRng(b"boxes")} if step == "post_shares" else {})
            )
    staff.open(ELECTION)
    view = staff.election(ELECTION)
    assert view.joint_key is not None and view.base_hash is not None
    return view.joint_key, view.base_hash


def cast_all(url: str, bodies: list[bytes], clients: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = list(reversed(bodies))

    def worker() -> None:
        client = ServiceClient(url, timeout=60)
        mine: list[float] = []
        try:
            while True:
                with lock:
                    if not queue:
                        break
                    body = queue.pop()
                t = time.perf_counter()
                try:
                    receipt = client.cast_raw(ELECTION, body)
                    ok = receipt.created
                    err = "" if ok else "200 (not new)"
                except Exception as exc:  # every failure is counted and reported
                    ok, err = False, f"{type(exc).__name__}: {exc}"
                mine.append(time.perf_counter() - t)
                if not ok:
                    with lock:
                        errors.append(err)
        finally:
            client.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - start
    ms = sorted(x * 1000 for x in latencies)
    accepted = len(bodies) - len(errors)
    return {
        "ballots": len(bodies),
        "accepted": accepted,
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "wall_s": round(wall, 2),
        "casts_per_s": round(accepted / wall, 1),
        "p50_ms": round(statistics.median(ms), 1),
        "p99_ms": round(ms[min(len(ms) - 1, int(0.99 * len(ms)))], 1),
        "max_ms": round(ms[-1], 1),
    }


ADMIN_PASSWORD = secrets.token_urlsafe(18)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--ballots", type=int, default=300, help="ballots cast per backend and concurrency"
    )
    ap.add_argument(
        "--clients",
        default="1,8",
        help="concurrent client threads; a comma list runs each level (default 1,8)",
    )
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="encrypting processes")
    ap.add_argument(
        "--verify-processes",
        type=int,
        default=os.cpu_count() or 1,
        help="the server's proof-verifying processes (as oylama serve: one per core; 0: threads)",
    )
    ap.add_argument(
        "--crypto",
        default="native,sodium",
        help="arithmetic backends of the server, a comma list (default native,sodium)",
    )
    ap.add_argument(
        "--server-processes",
        default="1",
        help="server processes behind the one address (oylama serve --workers); a comma list "
        "runs each (e.g. 1,2), each on a fresh database",
    )
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--pg-url", help="an existing PostgreSQL (default: a throwaway server)")
    args = ap.parse_args()

    levels = [int(c) for c in args.clients.split(",")]
    cryptos = [c.strip() for c in args.crypto.split(",") if c.strip()]
    processes = [int(c) for c in args.server_processes.split(",")]
    total = args.ballots * len(levels)
    text = definition()
    style = ballots.to_crypto_style(ballots.loads(text).ballots[0])
    roll = [
        credentials.RollEntry(voter_id=f"v{k}", district="city-wide", line=k + 2)
        for k in range(total)
    ]
    secret, public = credentials.generate(roll, election_id=ELECTION)
    public_list = credentials.dump_public_list(public)
    codes = [credentials.parse_code(s.code) for s in secret]

    backends: list[tuple[str, str | None]] = []
    if not args.no_sqlite:
        backends.append(("sqlite", None))
    pg: ThrowawayPostgres | None = None
    if not args.no_pg:
        if args.pg_url:
            backends.append(("postgresql", args.pg_url))
        elif find_pg_bin() is not None:
            pg = ThrowawayPostgres(durable=True)
            backends.append(("postgresql", pg.start()))
        else:
            print("PostgreSQL not found: skipped")

    bodies: list[bytes] | None = None
    made_for: tuple[bytes, bytes] | None = None
    rows: dict[tuple[str, str, int], dict[str, Any]] = {}
    try:
        runs = [(c, b, d, n) for c in cryptos for b, d in backends for n in processes]
        for run, (crypto, backend, given_url, n) in enumerate(runs):
            name = f"{backend}×{n}" if n > 1 else backend
            db_url = fresh_database(given_url, run)
            with (
                tempfile.TemporaryDirectory(prefix="oylama-bench-") as tmp,
                serve(Path(tmp), db_url, args.verify_processes, crypto, n) as url,
            ):
                key, base = setup_election(url, text, public_list, Path(tmp))
                if bodies is None or made_for != (key, base):
                    t = time.perf_counter()
                    jobs = [(style, key, base, c, k) for k, c in enumerate(codes)]
                    with ProcessPoolExecutor(args.workers) as pool:
                        bodies = list(pool.map(_encrypt, jobs, chunksize=8))
                    made_for = (key, base)
                    print(
                        f"{len(bodies)} ballots encrypted and proved in "
                        f"{time.perf_counter() - t:.1f} s ({args.workers} processes), "
                        f"{len(bodies[0]):,} bytes each"
                    )
                for k, clients in enumerate(levels):
                    part = bodies[k * args.ballots : (k + 1) * args.ballots]
                    rows[(crypto, name, clients)] = cast_all(url, part, clients)
                manifest = decode_manifest(ServiceClient(url).manifest_bytes(ELECTION))
                assert manifest.ballots[0].style.projects == PROJECTS
    finally:
        if pg is not None:
            pg.stop()

    print(
        f"\n{PROJECTS}-project knapsack ballots, loopback, {os.cpu_count()} CPUs, "
        f"server verifying in {args.verify_processes or 'no'} worker processes"
    )
    print(
        f"{'crypto':<8}{'database':<11}{'clients':>8}{'accepted':>9}{'errors':>7}{'casts/s':>9}"
        f"{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}"
    )
    for (crypto, name, clients), r in rows.items():
        print(
            f"{crypto:<8}{name:<11}{clients:>8}{r['accepted']:>9}{r['errors']:>7}"
            f"{r['casts_per_s']:>9}{r['p50_ms']:>8}{r['p99_ms']:>8}{r['max_ms']:>8}"
        )
        if r["first_error"]:
            print(f"  first error: {r['first_error']}")
    figures: dict[str, Any] = {
        f"{crypto}/{name}/{clients}": r for (crypto, name, clients), r in rows.items()
    }
    for (crypto, name, clients), r in rows.items():
        other = rows.get(("sodium", name, clients))
        if crypto == "native" and other and other["casts_per_s"]:
            ratio = r["casts_per_s"] / other["casts_per_s"]
            figures[f"speedup/{name}/{clients}"] = round(ratio, 2)
            print(f"native / libsodium, {name}, {clients} clients: {ratio:.1f}x casts/s")
    info = {
        "cpus": os.cpu_count(),
        "verify_processes": args.verify_processes,
        "server_processes": processes,
    }
    print(json.dumps({**info, "load": os.getloadavg()[0], **figures}))


if __name__ == "__main__":
    main()
