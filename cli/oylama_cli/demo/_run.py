"""``oylama demo``: a complete encrypted election on this machine, through the real service.

It starts the service (uvicorn, in a child process so that the server's ballot verification
and the clients' ballot encryption use two cores) on the embedded SQLite database, then does
what the people of an election would do, each through the reference clients and HTTP only:
the admin creates a staff account; staff upload the example İzmir definition and the public
credential list (generated here off-line, as the credential authority would), start the key
ceremony with three trustees (any two can decrypt); the trustees run it; staff open the
election; voters cast random valid ballots (a few vote again, one challenges a ballot with a
Benaloh spoil first), each checking its receipt; staff close; two trustees decrypt; staff
tally and publish; the record is downloaded. The published scores are compared with a
plaintext recount of the choices cast, and the results are printed.

``serve=True`` then keeps the service running with a second, open election and prints a few
unused credential codes for a person to try (``oylama vote`` or the web page), until Ctrl-C.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import secrets
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path

import msgspec
from rich.console import Console
from rich.table import Table

from oylama import ballots, credentials
from oylama.board import verifier_key
from oylama.client import (
    ServiceClient,
    ServiceError,
    StyleResult,
    Trustee,
    UnreachableError,
    VerificationError,
    Voter,
    load_identity,
    new_identity,
    random_choices,
)
from oylama.election import (
    Pins,
    decode_manifest,
    decode_record,
    encode_pins,
    identity_public_key,
)
from oylama.errors import InputError
from oylama_cli.demo._assemblies import demo_assemblies
from oylama_cli.demo._cycle import current_definition, in_proposals, to_review, to_voting
from oylama_cli.demo._paper import key_paper_ballots
from oylama_cli.demo._proposals import ideas_need, proposals_election, propose_ideas, review_ideas
from oylama_cli.demo._tracking import demo_tracking

DEFINITION = "izmir-karsiyaka-2026.toml"
"""The bundled example definition (``src/oylama/_data``); the repository's copy otherwise."""

TRUSTEES, THRESHOLD = 3, 2
DECRYPTING = (1, 3)
"""The trustees who decrypt: any ``THRESHOLD`` of them do; trustee 2 stays away."""

STAFF = "belediye"
#: The second staff member who keys paper ballots at the demo's polling station.
STATION_STAFF = "sandik"
#: Residents of the demo who vote on paper (the last letters).
PAPER_VOTERS = 3
#: The district whose residents propose ideas in the demo (Bostanlı has the most voters).
PROPOSALS_DISTRICT = "bostanli"
#: The staff account ``--serve`` prints for the console (staff of the second election).
STAFF_CONSOLE = "deneme"
CAST_THREADS = 4
VERIFY_PROCESSES: int | None = None
"""The server's proof-verifying processes in the demo (``None``: in its request threads)."""
CITY_WIDE_TURNOUT = 0.6
"""The share of voters who also cast the city-wide ballot (every voter casts their own)."""


def definition_text() -> str:
    """The example definition: the bundled one, else the repository's ``ballots/`` copy."""
    ref = resources.files("oylama").joinpath("_data", DEFINITION)
    if ref.is_file():
        return ref.read_text(encoding="utf-8")
    repo = Path(__file__).resolve().parents[3] / "ballots" / DEFINITION
    return repo.read_text(encoding="utf-8")


# -- the server, in a child process ----------------------------------------------------------------


def voting_now(text: str, now: datetime) -> str:
    """The example definition with its voting window moved around ``now`` (opened an hour
    ago, closing in 30 days): the service refuses ballots outside the window the definition
    announces, and the example's window is a past one."""
    start = (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = re.sub(r"(?m)^opens = \S+", f"opens = {start}", text, count=1)
    return re.sub(r"(?m)^closes = \S+", f"closes = {end}", text, count=1)


def _serve(  # noqa: PLR0917 (a process target takes positional arguments)
    conn: Connection,
    data_dir: str,
    db_url: str | None,
    port: int,
    password: str,
    verify_processes: int | None,
) -> None:
    """Child process: migrate, create the admin, serve; send the bound port (or the error).

    It stops with the demo: on SIGTERM (the demo's ``terminate``) it shuts the server down
    properly (the proof workers' pool with it), and if the demo dies without a word
    (``kill -9``) it notices its parent is gone and exits (``watch_parent``).
    """
    # Imported here, in the child: the parent process runs the clients only.
    import uvicorn  # noqa: PLC0415

    from oylama.service import create_app, ensure_admin  # noqa: PLC0415
    from oylama.service._verify import watch_parent  # noqa: PLC0415
    from oylama.store import open_store, upgrade_to_head  # noqa: PLC0415

    watch_parent(os.getppid())
    try:
        engine = open_store(db_url, data_dir=data_dir)
        upgrade_to_head(engine)
        ensure_admin(engine, "admin", password)
        app = create_app(engine, verify_processes=verify_processes)
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
            proxy_headers=False,
        )
        server = uvicorn.Server(config)
        signal.signal(signal.SIGTERM, lambda *_: setattr(server, "should_exit", True))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"the server did not start on port {port}")
            time.sleep(0.01)
        conn.send(("ok", server.servers[0].sockets[0].getsockname()[1]))
        thread.join()
    except Exception as exc:  # reported to the parent, which prints it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


@contextmanager
def service_process(
    data_dir: Path,
    *,
    port: int = 0,
    db_url: str | None = None,
    admin_password: str,
    verify_processes: int | None = None,
) -> Iterator[str]:
    """The service in a child process on 127.0.0.1:``port`` (0: a free one); its base URL.

    ``verify_processes``: the server's proof-verifying worker processes, as ``oylama serve
    --verify-processes`` (``None``: in the request threads)."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_serve,
        args=(child, str(data_dir), db_url, port, admin_password, verify_processes),
        name="oylama-demo-server",
        daemon=True,
    )
    proc.start()
    try:
        if not parent.poll(60):
            raise UnreachableError("the server did not start within 60 s")
        status, value = parent.recv()
        if status != "ok":
            raise UnreachableError(f"the server did not start: {value}")
        yield f"http://127.0.0.1:{value}"
    finally:
        proc.terminate()
        proc.join(10)
        if proc.is_alive():
            proc.kill()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- the election --------------------------------------------------------------------------------


@dataclass
class Cast:
    """What the demo's voters cast: the counted choices per (voter, ballot), and counters."""

    counted: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    ballots: int = 0
    revotes: int = 0
    spoiled: int = 0
    receipts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class Letter:
    """A voter's letter: the code, and (for the demo's bookkeeping only) the district."""

    number: int
    district: str
    code: str


def make_roll(
    definition: ballots.Definition, voters: int, rng: random.Random
) -> list[credentials.RollEntry]:
    """``voters`` residents spread at random over the definition's districts."""
    ids = [d.id for d in definition.districts]
    return [
        credentials.RollEntry(voter_id=f"V{k:06d}", district=rng.choice(ids), line=k + 2)
        for k in range(voters)
    ]


def trustee_identities(state_dir: Path, n: int) -> list[Path]:
    """Each trustee's identity key file (``oylama trustee keygen``), made once and reused."""
    state_dir.mkdir(parents=True, exist_ok=True)
    paths = [state_dir / f"identity-{index}.json" for index in range(1, n + 1)]
    for path in paths:
        if not path.exists():
            new_identity(path)
    return paths


def identity_keys(paths: list[Path]) -> list[bytes]:
    """The public identity keys the trustees hand to staff (and to each other)."""
    return [identity_public_key(load_identity(p)) for p in paths]


def run_ceremony(
    client_for: Callable[[str], ServiceClient],
    election_id: str,
    tokens: list[str],
    state_dir: Path,
    *,
    identities: list[Path],
    pins: Pins,
) -> list[Trustee]:
    """Every trustee's steps, in the order the ceremony needs them (all over HTTP); each
    trustee pins the trustees' identity keys and the credential list given in ``pins``."""
    state_dir.mkdir(parents=True, exist_ok=True)
    trustees = [
        Trustee.init(
            client_for(token),
            election_id,
            state_dir / f"{election_id}-trustee-{index}.json",
            identity=load_identity(identities[index - 1]),
            pins=pins,
            index=index,
            force=True,
        )
        for index, token in enumerate(tokens, start=1)
    ]
    for t in trustees:
        t.post_record()
    for t in trustees:
        if not t.post_shares():
            raise RuntimeError(f"trustee {t.state.index}: the records are not all in")
    for t in trustees:
        if not t.commit():
            raise RuntimeError(f"trustee {t.state.index}: the shares are not all in")
    return trustees


def cast_ballots(
    url: str,
    election_id: str,
    letters: list[Letter],
    rng: random.Random,
    *,
    revoters: set[int],
    spoiler: int | None,
    pins: Pins | None = None,
    threads: int = CAST_THREADS,
) -> Cast:
    """Every voter casts every ballot they may, with random valid choices, and checks the
    receipt; ``revoters`` cast their first ballot again with new choices (only the last
    counts); ``spoiler`` first spoils and checks a ballot (Benaloh)."""
    cast = Cast()
    seeds = {letter.number: rng.getrandbits(64) for letter in letters}
    local = threading.local()

    def client() -> ServiceClient:
        if not hasattr(local, "client"):
            local.client = ServiceClient(url)
        c: ServiceClient = local.client
        return c

    def vote(letter: Letter) -> None:
        choice_rng = random.Random(seeds[letter.number])
        voter = Voter(client(), election_id, letter.code, pins=pins)
        voter.load()
        for k, b in enumerate(voter.ballots()):
            if k > 0 and choice_rng.random() >= CITY_WIDE_TURNOUT:
                continue  # this voter skips the city-wide ballot
            style = b.ballot_style()
            choices = random_choices(style, choice_rng)
            spoil = letter.number == spoiler and k == 0
            outcome = voter.cast(b.id, choices, spoil_first=spoil)
            counts = 1
            if letter.number in revoters and k == 0:
                choices = random_choices(style, choice_rng)
                outcome = voter.cast(b.id, choices)
                if outcome.superseded is None:
                    raise RuntimeError("a revote did not supersede the earlier ballot")
                counts = 2
            with cast.lock:
                cast.counted[(letter.number, b.id)] = choices
                cast.ballots += counts
                cast.revotes += counts - 1
                cast.spoiled += int(spoil)
                cast.receipts += counts

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for f in [pool.submit(vote, letter) for letter in letters]:
            f.result()
    return cast


def recount(definition: ballots.Definition, cast: Cast) -> dict[str, list[int]]:
    """The per-project scores of the counted plaintext choices (what the tally must give)."""
    out = {b.id: [0] * len(b.projects) for b in definition.ballots}
    for (_, bid), choices in cast.counted.items():
        out[bid] = [a + c for a, c in zip(out[bid], choices, strict=True)]
    return out


def _money(text: str | Decimal) -> str:
    return f"{Decimal(text):,}"


def result_table(definition: ballots.Definition, result: StyleResult, currency: str) -> Table:
    ballot = definition.ballot(result.style)
    funded = set(result.selected)
    label = {
        "approval": "votes",
        "knapsack": "votes",
        "cumulative": "points",
        "quadratic": "net votes",
    }[ballot.kind]
    table = Table(
        title=f"{ballot.title.tr} ({ballot.kind}, {ballot.district})", title_justify="left"
    )
    table.add_column("project")
    table.add_column("name")
    table.add_column(label, justify="right")
    table.add_column(f"cost ({currency})", justify="right")
    table.add_column("funded", justify="center")
    for p, score in zip(ballot.projects, result.scores, strict=True):
        table.add_row(
            p.id,
            p.name.tr,
            f"{score:,}",
            _money(p.cost),
            "[green]✓[/green]" if p.id in funded else "",
        )
    table.caption = (
        f"{result.ballots} ballots counted; rule {result.rule}: {len(result.selected)} funded, "
        f"{_money(result.cost)} of {_money(result.budget)} {currency} "
        f"({Decimal(result.cost) / Decimal(result.budget):.0%} of the budget)"
    )
    return table


class _Steps:
    """Prints one line per step with its duration."""

    def __init__(self, out: Console) -> None:
        self.out = out
        self.start = time.monotonic()

    @contextmanager
    def step(self, text: str) -> Iterator[None]:
        t = time.monotonic()
        yield
        self.out.print(f"[green]✓[/green] {text} [dim]({time.monotonic() - t:.1f} s)[/dim]")


def run_demo(  # noqa: PLR0917 (the CLI's options, in its order)
    voters: int = 200,
    record: Path | None = None,
    data: Path | None = None,
    serve: bool = False,
    port: int = 0,
    rng: random.Random | None = None,
    *,
    db_url: str | None = None,
    out: Console | None = None,
) -> int:
    """Run the whole election; return 0 when the published result equals the recount."""
    out = out or Console(highlight=False)
    rng = rng or random.Random()
    if voters < 1:
        raise InputError(f"--voters {voters}: the demo needs at least one voter")
    with tempfile.TemporaryDirectory(prefix="oylama-demo-") as tmp:
        data_dir = Path(data) if data is not None else Path(tmp)
        if data is not None and data_dir.is_dir() and any(data_dir.iterdir()):
            raise InputError("the demo needs an empty (or new) directory", source=str(data_dir))
        data_dir.mkdir(parents=True, exist_ok=True)
        admin_password = secrets.token_urlsafe(18)
        try:
            with service_process(
                data_dir,
                port=port,
                db_url=db_url,
                admin_password=admin_password,
                verify_processes=VERIFY_PROCESSES,
            ) as url:
                code = _election(
                    url,
                    data_dir=data_dir,
                    voters=voters,
                    record=record,
                    rng=rng,
                    admin_password=admin_password,
                    out=out,
                )
                if serve and code == 0:
                    _serve_forever(url, data_dir, admin_password, out)
        except (ServiceError, UnreachableError, VerificationError) as exc:
            out.print(f"[red]✗ the demo failed:[/red] {exc}", soft_wrap=True)
            return 1
    if not serve and code == 0:
        if data is not None:
            hint = f"browse it again:  oylama serve --data {data_dir} --port 8000"
        elif record is None:
            hint = (
                "(the database and the record were in a temporary directory, now removed; "
                "keep them with --data DIR or --record PATH)"
            )
        else:
            hint = ""
        if hint:
            out.print(hint, soft_wrap=True, markup=False)
    return code


def _proposals_and_review(  # noqa: PLR0917 (the demo's state, in its order)
    url: str,
    staff: ServiceClient,
    eid: str,
    secret: list[credentials.SecretCredential],
    steps: _Steps,
    out: Console,
) -> None:
    """The proposals phase (residents propose and support ideas with their codes), then
    staff close it and review: one idea hidden with its reason, one infeasible, the feasible
    ones put on the district's ballot; prints what became of each idea."""
    codes = [(s.code, s.district) for s in secret]
    district = PROPOSALS_DISTRICT
    if sum(1 for _, d in codes if d == district) < ideas_need():
        with steps.step(f"proposals left out: too few voters in {district} for the demo's ideas"):
            to_review(staff, eid, datetime.now(UTC))
        return
    with steps.step(f"proposals phase: residents of {district} proposed and supported ideas"):
        made = propose_ideas(url, eid, codes, district=district)
    with steps.step("proposals closed by staff; review phase"):
        to_review(staff, eid, datetime.now(UTC))
    d = ballots.loads(current_definition(staff, eid))
    ballot = next(b.id for b in d.ballots if b.district == district)
    with steps.step(f"review: one idea hidden, one not feasible, the feasible on ballot {ballot}"):
        lines = review_ideas(staff, eid, made, ballot=ballot)
    for line in lines:
        out.print(f"  {line}", markup=False)


def _election(
    url: str,
    *,
    data_dir: Path,
    voters: int,
    record: Path | None,
    rng: random.Random,
    admin_password: str,
    out: Console,
) -> int:
    steps = _Steps(out)
    text = in_proposals(definition_text(), datetime.now(UTC))
    definition = ballots.loads(text, source=DEFINITION)
    eid = definition.election.id
    currency = definition.election.currency
    out.print(f"[bold]oylama demo[/bold]: {definition.election.title.tr}, service at {url}\n")

    with steps.step("admin signed in; staff account created"):
        admin = ServiceClient(url)
        admin.login("admin", admin_password)
        staff_password = secrets.token_urlsafe(18)
        admin.create_account(STAFF, staff_password, "staff")
        staff = ServiceClient(url)
        staff.login(STAFF, staff_password)
        station_password = secrets.token_urlsafe(18)
        admin.create_account(STATION_STAFF, station_password, "staff")
        station = ServiceClient(url)
        station.login(STATION_STAFF, station_password)
    with steps.step(
        f"definition {eid} uploaded ({len(definition.ballots)} ballots), in its proposals phase"
    ):
        staff.create_election(text)
        staff.add_staff(eid, STATION_STAFF)  # the second pair of hands at the polling station
    with steps.step(f"{voters} credential codes generated off-line; public list uploaded"):
        roll = make_roll(definition, voters, rng)
        secret, public = credentials.generate(roll, election_id=eid)
        data = credentials.dump_public_list(public)
        uploaded = staff.upload_credentials(eid, data)
        if uploaded.fingerprint != credentials.fingerprint(data):
            raise RuntimeError("the server's fingerprint of the credential list is not ours")
    fingerprint = credentials.fingerprint(data)
    letters = [Letter(k, s.district, credentials.parse_code(s.code)) for k, s in enumerate(secret)]
    _proposals_and_review(url, staff, eid, secret, steps, out)
    with steps.step("review closed by staff; the vote opens (each date change on the board)"):
        text = to_voting(staff, eid, datetime.now(UTC))
        definition = ballots.loads(text, source=DEFINITION)
    with steps.step(f"key ceremony: {TRUSTEES} trustees, any {THRESHOLD} can decrypt"):
        identities = trustee_identities(data_dir / "trustees", TRUSTEES)
        keys = identity_keys(identities)
        tokens = staff.start_ceremony(eid, threshold=THRESHOLD, trustee_keys=keys)
        served = staff.board_key(eid)
        pins = Pins(
            election_id=eid,
            board_key=verifier_key(served.key_name, served.ed25519_public_key),
            trustee_keys=tuple(keys),
            credentials=fingerprint,
        )
        trustees = run_ceremony(
            lambda token: ServiceClient(url, token=token),
            eid,
            tokens,
            data_dir / "trustees",
            identities=identities,
            pins=pins,
        )
        pins_path = data_dir / f"{eid}.pins.json"
        pins_path.write_bytes(encode_pins(pins))
    # A voter's letter prints the list's fingerprint prefix; the device pins it (and, here, the
    # board and trustee keys published by the city).
    voter_pins = msgspec.structs.replace(
        pins, credentials=credentials.letter_fingerprint(fingerprint).replace("-", "")
    )
    with steps.step("election opened"):
        staff.open(eid)
    # the last few residents vote on paper at the polling station (none when very few)
    paper = letters[-PAPER_VOTERS:] if voters >= 4 * PAPER_VOTERS else []
    online = letters[: len(letters) - len(paper)]
    revoters = set(rng.sample(range(len(online)), max(1, voters // 20)))
    t0 = time.monotonic()
    with steps.step("ballots encrypted, proved, signed, cast; every receipt verified"):
        cast = cast_ballots(url, eid, online, rng, revoters=revoters, spoiler=0, pins=voter_pins)
    elapsed = time.monotonic() - t0
    out.print(
        f"  {cast.ballots} ballots from {voters} voters ({cast.revotes} revotes, "
        f"{cast.spoiled} Benaloh spoil checked and published), "
        f"{cast.ballots / elapsed:.1f} ballots/s"
    )
    if paper:
        with steps.step(
            f"{len(paper)} paper ballots from one polling station, each keyed by "
            f"{STAFF} and {STATION_STAFF} on their own devices"
        ):
            manifest = decode_manifest(staff.manifest_bytes(eid))
            on_paper = key_paper_ballots(
                staff,
                station,
                eid,
                manifest,
                [(x.number, secret[x.number].code, x.district) for x in paper],
                rng,
            )
            cast.counted.update(on_paper)
            cast.ballots += len(on_paper)
    with steps.step("election closed; tally computed on the board"):
        staff.close_election(eid)
    with steps.step(
        f"trustees {' and '.join(map(str, DECRYPTING))} verified the whole board and decrypted "
        "the tally"
    ):
        for t in trustees:
            if t.state.index in DECRYPTING and t.decrypt() != "posted":
                raise RuntimeError(f"trustee {t.state.index} could not decrypt")
    with steps.step("result combined, allocation published"):
        staff.tally(eid)
        staff.publish(eid)
        results = staff.result(eid)
        demo_tracking(staff, eid, results)  # funded projects followed; the city's own list
    with steps.step("neighbourhood assemblies: agendas, a show of hands, a quick vote with slips"):
        assemblies = demo_assemblies(staff, eid, rng)
    with steps.step("records downloaded: the election's and its participation log's"):
        data_record = staff.record(eid)
        parsed = decode_record(data_record)
        path = record or data_dir / f"{eid}.record.json"
        path.write_bytes(data_record)
        cycle_path = path.with_name(f"{eid}.cycle.json")
        cycle_path.write_bytes(staff.request("GET", f"/elections/{eid}/cycle/record").content)

    out.print()
    city = [b.id for b in definition.ballots if b.city_wide]
    turnout = Table(title="Turnout", title_justify="left")
    turnout.add_column("district")
    turnout.add_column("credentials", justify="right")
    turnout.add_column("own ballot", justify="right")
    if city:
        turnout.add_column("city-wide ballot", justify="right")
    for d in definition.districts:
        who = [x.number for x in letters if x.district == d.id]
        own = [b.id for b in definition.ballots if b.district == d.id]
        row = [d.name, str(len(who))]
        row.append(str(sum(1 for n in who for b in own if (n, b) in cast.counted)))
        if city:
            row.append(str(sum(1 for n in who if (n, city[0]) in cast.counted)))
        turnout.add_row(*row)
    out.print(turnout)
    expected = recount(definition, cast)
    counted = {b.id: sum(1 for _, bid in cast.counted if bid == b.id) for b in definition.ballots}
    minimum = definition.election.min_tally_ballots
    ok = True
    for r in results:
        if 0 < counted[r.style] < minimum:
            out.print(
                f"{r.style}: {counted[r.style]} ballots, fewer than min_tally_ballots "
                f"({minimum}): not decrypted, nothing funded",
                markup=False,
            )
            if r.scores or r.selected:
                ok = False
                out.print(f"[red]✗ {r.style}: a withheld ballot has scores[/red]")
            continue
        out.print(result_table(definition, r, currency))
        if r.scores != expected[r.style]:
            ok = False
            out.print(f"[red]✗ {r.style}: published scores differ from the plaintext recount[/red]")
    if ok:
        out.print(
            "[green]✓[/green] every published score equals the plaintext recount of the "
            "choices cast"
        )
    out.print(
        f"\nrecord: {path} ({len(parsed.entries)} board entries, {len(parsed.checkpoints)} "
        "signed checkpoints)",
        soft_wrap=True,
        markup=False,
    )
    out.print("look at (while the service runs, with --serve):", soft_wrap=True)
    for line in (
        f"  {url}/elections/{eid}/proposals   residents' ideas, their supports and review",
        f"  {url}/elections/{eid}/results   the published result (web page)",
        f"  {url}/elections/{eid}/board     the bulletin board",
        f"  {url}{assemblies}  neighbourhood assemblies: minutes, decisions",
        f"  {url}/elections/{eid}/spoiled   the published Benaloh checks, re-encrypted",
        f"  {url}/elections/{eid}/implementation   what became of the vote; {url}/map",
        f"  {url}/api/v1/elections/{eid}/result",
        f"  {url}/api/v1/elections/{eid}/record",
        f"  {url}/api/v1/elections/{eid}/cycle/record   the participation log (cycle.md)",
        f"  {url}/schema                   the API (OpenAPI)",
    ):
        out.print(line, soft_wrap=True, markup=False)
    out.print(
        f"verify the record:  oylama-audit verify {path} --pins {pins_path}",
        soft_wrap=True,
        markup=False,
    )
    out.print(
        f"and the cycle around it:  oylama-audit cycle {cycle_path} --record {path} "
        f"--pins {pins_path}",
        soft_wrap=True,
        markup=False,
    )
    out.print(f"[dim]total {time.monotonic() - steps.start:.1f} s[/dim]")
    for c in (admin, staff, station, *(t.client for t in trustees)):
        c.close()
    return 0 if ok else 1


def _serve_forever(url: str, data_dir: Path, admin_password: str, out: Console) -> None:
    """A second election, open, with a few unused codes; serve until Ctrl-C."""
    base = ballots.loads(voting_now(definition_text(), datetime.now(UTC)), source=DEFINITION)
    eid = f"{base.election.id}-deneme"
    election = msgspec.structs.replace(base.election, id=eid)
    text = ballots.dumps(msgspec.structs.replace(base, election=election))
    admin = ServiceClient(url)
    admin.login("admin", admin_password)
    staff_password = secrets.token_urlsafe(18)
    admin.create_account(STAFF_CONSOLE, staff_password, "staff")
    staff = ServiceClient(url)
    staff.login(STAFF_CONSOLE, staff_password)
    staff.create_election(text)
    roll = [
        credentials.RollEntry(voter_id=f"{d.id}-{k}", district=d.id, line=0)
        for d in base.districts
        for k in range(2)
    ]
    secret, public = credentials.generate(roll, election_id=eid)
    listed = credentials.dump_public_list(public)
    staff.upload_credentials(eid, listed)
    identities = trustee_identities(data_dir / "trustees", TRUSTEES)
    keys = identity_keys(identities)
    tokens = staff.start_ceremony(eid, threshold=THRESHOLD, trustee_keys=keys)
    pins = Pins(
        election_id=eid, trustee_keys=tuple(keys), credentials=credentials.fingerprint(listed)
    )
    run_ceremony(
        lambda t: ServiceClient(url, token=t),
        eid,
        tokens,
        data_dir / "trustees",
        identities=identities,
        pins=pins,
    )
    staff.open(eid)
    printed = credentials.letter_fingerprint(credentials.fingerprint(listed))
    out.print(f"\n[bold]Still serving at {url}[/bold] with a second, open election {eid}.")
    out.print(f"admin password (this run only): {admin_password}")
    out.print(
        f"Staff console (run elections in the browser):  {url}/staff  -- sign in as "
        f"{STAFF_CONSOLE!r} with password {staff_password!r} (staff of {eid}), or as 'admin'",
        soft_wrap=True,
        markup=False,
    )
    out.print(
        "Vote in the browser (Turkish, 'English' to switch), the link as a letter prints it "
        f"(it pins the credential list):  {url}/elections/{eid}#fp={printed.replace('-', '')}"
    )
    out.print(f"with one of these unused credential codes (letters print list {printed}):")
    for s in secret:
        out.print(f"  {s.code}  ({s.district})")
    out.print(f"then check the receipt at  {url}/elections/{eid}/verify")
    out.print(
        "or from the command line:  "
        f"oylama vote --server {url} --election {eid} --code {secret[0].code} --random "
        f"--credentials-fingerprint {printed}"
    )
    proposals_election(url, staff, definition_text(), out.print)  # issue #18: proposals
    out.print("Ctrl-C to stop.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        out.print("stopped")


def _stop_on_sigterm(*_: object) -> None:
    raise KeyboardInterrupt  # unwinds like Ctrl-C: the server process is stopped on the way


def main(args: argparse.Namespace) -> int:
    """``oylama demo``: :func:`run_demo` with the command line's options.

    SIGTERM stops it as Ctrl-C does: without this, Python's default action ends the demo at
    once, and its server process (with its workers) lived on.
    """
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return run_demo(
            voters=args.voters,
            record=args.record,
            data=args.data,
            serve=args.serve,
            port=args.port,
        )
    except KeyboardInterrupt:
        return 130
