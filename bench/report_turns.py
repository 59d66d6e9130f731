"""Card steps of the monthly report through the real HTTP endpoint, against a bare Agents
SDK echo bot on the same machine.

    python bench/report_turns.py [--rate 20] [--duration 20] [--clients 8]
                                 [--closed-duration 10] [--managers 100] [--goals 10]
                                 [--production [--postgres-url URL]]

Everything runs on loopback in separate processes, as in production: the bot
(``bot.create_app`` on a temporary SQLite database of its own, migrated and filled with a
generated kommun where every unit has ``--goals`` goals per perspective, i.e. per card
step), a fake Bot Connector (``testing.fake_connector``, limits off) and, for the
reference, a minimal ``AgentApplication`` with ``MemoryStorage`` that echoes text (same
``CloudAdapter``, same anonymous configuration, same connector). This process is the
client: Teams' ``Action.Execute`` invokes (verb ``report.step`` with every goal's status,
value, "Resultat och analys" and "Utveckling – åtgärder") from many managers.

1. Open loop: steps arrive at ``--rate`` per second for ``--duration`` seconds at fixed
   times, whatever the answers do (no coordinated omission: latency is measured from the
   scheduled arrival). p50/p95/p99.
2. Message turns (``hjälp``), answered through the Bot Connector: turns per second and
   the connections the bot opened.
3. Closed loops, the bot's and the echo's by turns (bot, echo, bot, echo: a change in the
   machine's speed weighs on both alike; each has the machine to itself while the other
   idles): ``--clients`` managers each send their next step as soon as the previous one
   is answered, the most steps per second the bot sustains; the echo bot the same with
   messages: turns per second.

``--production`` runs everything as in production instead: the bot on PostgreSQL (a
database of its own, created on the server ``--postgres-url`` or ``$BENCH_POSTGRES_URL``
or ``$TEST_POSTGRES_URL`` names, dropped at the end), the fake Bot Connector over HTTPS
with a self-signed certificate the bench makes (``cryptography``), JWT validation on (the
Bot Framework login is ``testing.fake_login`` on loopback; every activity carries a signed
token; the bot's own Entra token is faked as in the tests, since MSAL insists on
login.microsoftonline.com) and the bot's pooled Bot Connector connections. The bot trusts
the certificate through ``BOT_CONNECTOR_CA_FILE``; the echo bot, stock SDK with its own
``jwt_authorization_middleware``, through OpenSSL's ``SSL_CERT_FILE``.

Progress goes to stderr; the last line on stdout is one JSON object:
``{"rate", "p50_ms", "p95_ms", "p99_ms", "max_steps_per_s", "echo_turns_per_s",
"ratio_to_echo", "message_turns_per_s", "bot_cpu_ms_per_step", "echo_cpu_ms_per_turn",
"open_bot_cpu_ms_per_step", "open_client_cpu_ms_per_step", "steal_pct", "errors",
"database", "driver", "tls", "jwt", "connections_opened", "echo_connections_opened"}``
(``errors``: steps or turns not answered as expected, in all runs; figures with errors
are not to be trusted; ``message_turns_per_s``: ``hjälp`` messages answered through the
Bot Connector, a short closed loop after the card steps; ``connections_opened``: TCP
connections the bot opened to the Bot Connector during its runs, as the fake counted
them - card steps need none, their card travels in the HTTP answer -;
``echo_connections_opened`` the same for the echo bot; ``bot_cpu_ms_per_step`` /
``echo_cpu_ms_per_turn``: CPU time the server process used per answered step / echo turn
in its closed loop, read from /proc - the machine's other load moves them far less than
the rates; ``open_bot_cpu_ms_per_step`` / ``open_client_cpu_ms_per_step``: the same for
the bot and this process during the open loop, where every step arrives alone;
``steal_pct``: the share of the machine's CPU time its hypervisor gave to other machines
during the open loop, which no code here can win back). ``--profile FILE`` writes a
cProfile of the bot process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import json
import math
import os
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POOL_SIZE = 16  # connector_pool.DEFAULT_POOL_SIZE (not imported: no SDK here)
PERSPECTIVES = ("citizens", "operations", "economy", "employees")
TENANT = "00000000-0000-0000-0000-0000000000aa"
STATUSES = ("green", "yellow", "red")
CLOSED_LOOP_WINDOWS = 2  # the bot's and the echo's closed loops alternate this many times


def progress(message: str) -> None:
    print(f"[report_turns] {message}", file=sys.stderr, flush=True)


# =========================================================================== child roles


async def _serve(app: Any, *, stop_hook: Callable[[], None] | None = None) -> None:
    """Serve ``app`` on a free loopback port; print ``READY <port>``; stop on SIGTERM."""
    from aiohttp import web

    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(f"READY {port}", flush=True)
    await stop.wait()
    if stop_hook is not None:
        stop_hook()
    await runner.cleanup()


def _quiet_logging() -> None:
    """Production's logging setup (JSON, WARNING), the same for the bot and the echo."""
    from logging_setup import configure_logging

    configure_logging("WARNING")


def _production_process(jwks_url: str) -> dict[str, str]:
    """Production credentials for this process: the SDK validates tokens against the fake
    login's keys; the bot's own Entra token is faked (see the module docstring)."""
    import pytest

    from testing.production_mode import PRODUCTION_ENV, fake_entra_tokens, trust_jwks_url

    patches = pytest.MonkeyPatch()  # lives as long as the process
    trust_jwks_url(jwks_url, patches)
    fake_entra_tokens(patches)
    return dict(PRODUCTION_ENV)


def _bot_role(database_url: str, now_iso: str, profile_path: str | None,
              jwks_url: str | None, ca_file: str | None) -> None:
    import bot
    from testing.harness import make_settings

    _quiet_logging()
    now = datetime.fromisoformat(now_iso)
    overrides = _production_process(jwks_url) if jwks_url else {}
    if ca_file:
        overrides["BOT_CONNECTOR_CA_FILE"] = ca_file
    app = bot.create_app(make_settings(database_url, **overrides), clock=lambda: now)
    bot.freeze_startup_heap(app)  # as bot.main does
    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()

    def dump() -> None:
        if profiler is not None and profile_path:
            profiler.disable()
            profiler.dump_stats(profile_path)

    async def main() -> None:
        if profiler is not None:
            profiler.enable()
        await _serve(app, stop_hook=dump)

    asyncio.run(main())


def _echo_app(jwks_url: str | None = None) -> Any:
    """A bare Agents SDK bot: MemoryStorage, echo every message. Same adapter setup as
    Målbot in local anonymous mode; with ``jwks_url`` production credentials and the SDK's
    own JWT middleware (stock connector clients: no pool)."""
    from aiohttp import web
    from microsoft_agents.activity import load_configuration_from_env
    from microsoft_agents.authentication.msal import MsalConnectionManager
    from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware
    from microsoft_agents.hosting.core import (
        AgentApplication,
        MemoryStorage,
        TurnContext,
        TurnState,
    )

    env = (_production_process(jwks_url) if jwks_url else
           {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "true"})
    config = load_configuration_from_env(env)
    connections = MsalConnectionManager(**config)
    adapter = CloudAdapter(connection_manager=connections)
    agent = AgentApplication[TurnState](storage=MemoryStorage(), connection_manager=connections,
                                        start_typing_timer=False, **config)

    async def echo(context: TurnContext, _state: TurnState) -> None:
        await context.send_activity(f"Du skrev: {context.activity.text}")

    agent.activity("message")(echo)

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await adapter.process(request, agent)
        return response if response is not None else web.Response(status=202)

    app = web.Application(middlewares=[jwt_authorization_middleware] if jwks_url else [])
    app.router.add_post("/api/messages", messages)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        app["agent_configuration"] = connections.get_default_connection_configuration()
    return app


def _freeze_on_startup(app: Any) -> None:
    """``bot.freeze_startup_heap`` for the echo (without importing Målbot there)."""
    import gc

    async def freeze(_app: Any) -> None:
        gc.collect()
        gc.freeze()

    app.on_startup.append(freeze)


def _echo_role(jwks_url: str | None) -> None:
    _quiet_logging()

    async def main() -> None:  # the app is built inside the loop, as bot.py's is
        app = _echo_app(jwks_url)
        _freeze_on_startup(app)  # the same process setting as the bot's
        await _serve(app)

    asyncio.run(main())


def _connector_role(cert_dir: str | None) -> None:
    from testing.fake_connector import ConnectorLimits, FakeConnector
    from testing.tls import CertificateFiles

    tls = None
    if cert_dir:
        tls = CertificateFiles(Path(cert_dir) / "cert.pem",
                               Path(cert_dir) / "key.pem").server_context()

    async def main() -> None:
        async with FakeConnector(limits=ConnectorLimits.unlimited(), ssl_context=tls) as fake:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, stop.set)
            print(f"READY {fake.url}", flush=True)
            await stop.wait()

    asyncio.run(main())


# =========================================================================== orchestration


@dataclass
class Child:
    """A role of this script in its own process."""

    name: str
    process: asyncio.subprocess.Process
    ready: str

    @classmethod
    async def start(cls, name: str, *args: str, env: dict[str, str] | None = None) -> Child:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(Path(__file__).resolve()), "--role", name, *args,
            stdout=asyncio.subprocess.PIPE, cwd=str(PROJECT_ROOT),
            env={**os.environ, **env} if env else None,
        )
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
        text = line.decode().strip()
        if not text.startswith("READY "):
            process.kill()
            raise RuntimeError(f"{name} did not start (got {text!r})")
        return cls(name, process, text.removeprefix("READY "))

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout=30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


@dataclass
class Manager:
    """A manager walking their unit's report, step after step, round after round."""

    aad: str
    name: str
    unit_id: int
    goals: dict[str, tuple[int, ...]]
    version: int = 0
    steps_done: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def next_data(self) -> dict[str, Any]:
        """The step card's data as Teams sends it: ids, version, and every goal's fields."""
        key = PERSPECTIVES[self.steps_done % len(PERSPECTIVES)]
        round_no = self.steps_done // len(PERSPECTIVES)
        data: dict[str, Any] = {"unit": self.unit_id, "period": "2026-10", "step": key,
                                "version": self.version}
        for gid in self.goals[key]:
            status = STATUSES[(gid + round_no) % 3]
            data[f"g{gid}.status"] = status
            data[f"g{gid}.value"] = f"{80 + (gid + round_no) % 10},5"
            data[f"g{gid}.analysis"] = (
                f"Omgång {round_no + 1}: utfallet ligger nära målvärdet. Vi ser en tydlig "
                "förbättring jämfört med förra månaden tack vare nya arbetssätt.")
            data[f"g{gid}.actions"] = ("" if status == "green" else
                                       "Vi följer upp varje vecka och justerar schemat.")
        return data


class Client:
    """Posts activities to a bot on loopback, as the Teams channel would."""

    def __init__(self, endpoint: str, service_url: str, concurrency: int,
                 token: str | None = None) -> None:
        from aiohttp import ClientSession, ClientTimeout, TCPConnector

        self.endpoint = endpoint
        self.service_url = service_url
        self.headers = {"Content-Type": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.http = ClientSession(connector=TCPConnector(limit=max(concurrency, 8) * 4),
                                  timeout=ClientTimeout(total=60))
        self._ids = itertools.count(1)

    async def close(self) -> None:
        await self.http.close()

    def _envelope(self, aad: str, display: str, **fields: Any) -> dict[str, Any]:
        activity: dict[str, Any] = {
            "id": f"bench-{next(self._ids)}",
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "timestamp": "2026-11-04T09:30:00Z",
            "locale": "sv-SE",
            "from": {"id": f"29:{aad}", "name": display, "aadObjectId": aad},
            "recipient": {"id": "28:malbot", "name": "Målbot"},
            "conversation": {"id": f"a:1on1-{aad}", "conversationType": "personal",
                             "tenantId": TENANT},
            "channelData": {"tenant": {"id": TENANT}},
        }
        activity.update(fields)
        return activity

    async def post(self, activity: dict[str, Any]) -> tuple[int, Any]:
        async with self.http.post(self.endpoint, data=json.dumps(activity),
                                  headers=self.headers) as resp:
            raw = await resp.read()
            return resp.status, (json.loads(raw) if raw else None)

    async def card_step(self, manager: Manager) -> bool:
        """One ``report.step`` invoke; True when the bot saved it and moved on."""
        activity = self._envelope(
            manager.aad, manager.name, type="invoke", name="adaptiveCard/action",
            value={"action": {"type": "Action.Execute", "verb": "report.step",
                              "data": manager.next_data()}, "trigger": "manual"})
        status, body = await self.post(activity)
        card = body.get("value") if isinstance(body, dict) else None
        version = _card_version(card)
        ok = status == 200 and version == manager.version + 1
        if version is not None:
            manager.version = version
        manager.steps_done += 1
        return ok

    async def echo_turn(self, user: str) -> bool:
        status, _ = await self.post(self._envelope(user, user, type="message",
                                                   text="Hej, hur går det?"))
        return status in (200, 202)

    async def help_turn(self, manager: Manager) -> bool:
        """``hjälp`` as a message: the bot answers through the Bot Connector."""
        status, _ = await self.post(self._envelope(manager.aad, manager.name, type="message",
                                                   text="hjälp"))
        return status in (200, 202)


def _card_version(card: Any) -> int | None:
    """The report version the returned card's buttons carry."""
    found: list[int] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("version"), int):
                found.append(data["version"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return max(found) if found else None


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


async def open_loop(client: Client, managers: list[Manager], rate: float,
                    duration: float) -> tuple[list[float], int]:
    """Steps at fixed arrival times; latency from the scheduled arrival to the answer."""
    loop = asyncio.get_running_loop()
    total = int(rate * duration)
    latencies: list[float] = []
    errors = 0
    start = loop.time() + 0.2
    tasks: list[asyncio.Task[None]] = []

    async def one(i: int, scheduled: float) -> None:
        nonlocal errors
        manager = managers[i % len(managers)]
        async with manager.lock:  # a person does not click twice at once
            ok = await client.card_step(manager)
        latencies.append(loop.time() - scheduled)
        errors += 0 if ok else 1

    next_report = start + 5
    for i in range(total):
        scheduled = start + i / rate
        delay = scheduled - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, scheduled)))
        if loop.time() >= next_report:
            next_report += 5
            done = sorted(latencies)
            progress(f"open loop: {len(done)}/{total} answered, p95 so far "
                     f"{percentile(done, 95) * 1000:.1f} ms, errors {errors}")
    await asyncio.gather(*tasks)
    return latencies, errors


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process ``pid`` has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_ticks() -> tuple[int, int]:
    """(steal, total) clock ticks of all the machine's CPUs so far (Linux /proc/stat):
    steal is time the hypervisor gave this virtual machine's CPUs to someone else."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("cpu "):
            ticks = [int(x) for x in line.split()[1:]]
            return (ticks[7] if len(ticks) > 7 else 0), sum(ticks[:8])
    return 0, 0


@dataclass
class CpuWindow:
    """CPU used by the bot and this process (the load generator) between ``start`` and
    ``stop``, per answered step, and the machine's steal over that time."""

    bot_pid: int
    begin: tuple[float, float, int, int] = (0.0, 0.0, 0, 0)

    def start(self) -> None:
        self.begin = (cpu_seconds(self.bot_pid), time.process_time(), *machine_ticks())

    def stop(self, steps: int) -> dict[str, float]:
        bot0, client0, steal0, total0 = self.begin
        steal, total = machine_ticks()
        per_step = 1000 / max(steps, 1)
        return {
            "open_bot_cpu_ms_per_step": round((cpu_seconds(self.bot_pid) - bot0) * per_step, 2),
            "open_client_cpu_ms_per_step": round(
                (time.process_time() - client0) * per_step, 2),
            "steal_pct": round(100 * (steal - steal0) / max(total - total0, 1), 1),
        }


@dataclass(frozen=True)
class LoopRun:
    """What a closed loop (or several, added up) counted: ``turns`` answered in
    ``seconds``, ``errors`` among them, and ``cpu_ms`` the server used meanwhile (NaN when
    not measured)."""

    seconds: float = 0.0
    turns: int = 0
    errors: int = 0
    cpu_ms: float = 0.0

    @property
    def per_s(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_turn(self) -> float:
        return self.cpu_ms / max(self.turns, 1)

    def __add__(self, other: LoopRun) -> LoopRun:
        return LoopRun(self.seconds + other.seconds, self.turns + other.turns,
                       self.errors + other.errors, self.cpu_ms + other.cpu_ms)


async def closed_loop(turn: Callable[[int], Awaitable[bool]], clients: int, duration: float,
                      warmup: float = 2.0, *, server_pid: int | None = None) -> LoopRun:
    """``clients`` workers, each starting its next turn when the last is answered; what
    they did over ``duration`` after ``warmup`` (the CPU of the server process
    ``server_pid``, NaN without one)."""
    loop = asyncio.get_running_loop()
    counting = False
    count = 0
    errors = 0
    stop_at = loop.time() + warmup + duration

    async def worker(n: int) -> None:
        nonlocal count, errors
        while loop.time() < stop_at:
            ok = await turn(n)
            if counting:
                count += 1
                errors += 0 if ok else 1

    workers = [asyncio.create_task(worker(n)) for n in range(clients)]
    await asyncio.sleep(warmup)
    counting = True
    begin = loop.time()
    cpu_begin = cpu_seconds(server_pid) if server_pid else math.nan
    await asyncio.sleep(duration)
    measured, counted = loop.time() - begin, count
    cpu_used = cpu_seconds(server_pid) - cpu_begin if server_pid else math.nan
    await asyncio.gather(*workers)  # turns still in flight may fail too: errors counts them
    return LoopRun(measured, counted, errors, cpu_used * 1000)


def _prepare_database(url: str, managers: int, goals: int) -> list[Manager]:
    from storage.migrate import upgrade
    from testing.bench_org import analyze, seed_bench_org

    upgrade(url)
    seeded = seed_bench_org(url, units=managers, goals_per_perspective=goals)
    if url.startswith("postgresql"):
        analyze(url)  # as autovacuum soon would: statistics, and no ANALYZE mid-run
    return [Manager(m.aad_object_id, m.name, m.unit_id, m.goals) for m in seeded]


def _postgres_server(args: argparse.Namespace) -> str:
    url = (args.postgres_url or os.environ.get("BENCH_POSTGRES_URL")
           or os.environ.get("TEST_POSTGRES_URL") or "")
    if not url.startswith(("postgresql://", "postgresql+")):
        raise SystemExit("--production needs a PostgreSQL server: --postgres-url "
                         "postgresql://user@host:port/db (or BENCH_POSTGRES_URL; "
                         "postgresql+psycopg://… runs the bot on psycopg)")
    return url


def _create_database(server_url: str) -> str:
    """A new database of the bench's own on the server; its URL."""
    import uuid

    from sqlalchemy import create_engine, text

    from storage.db import sync_url

    name = f"report_turns_{uuid.uuid4().hex[:10]}"
    admin = create_engine(sync_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return f"{server_url.rpartition('/')[0]}/{name}"


def _drop_database(server_url: str, url: str) -> None:
    from sqlalchemy import create_engine, text

    from storage.db import sync_url

    admin = create_engine(sync_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}" '
                              "WITH (FORCE)"))
    finally:
        admin.dispose()


async def _connections_opened(connector_url: str, ssl_context: Any, *,
                              clear: bool = False) -> int:
    """The fake connector's count of TCP connections (optionally reset afterwards)."""
    from aiohttp import ClientSession, TCPConnector

    base = connector_url.rstrip("/")
    async with ClientSession(connector=TCPConnector(ssl=ssl_context or True)) as http:
        async with http.get(f"{base}/_fake/stats") as response:
            opened = int((await response.json())["connectionsOpened"])
        if clear:
            async with http.post(f"{base}/_fake/clear") as response:
                response.raise_for_status()
    return opened


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from testing.bench_org import BENCH_NOW

    server_url = _postgres_server(args) if args.production else ""
    with tempfile.TemporaryDirectory(prefix="report_turns-") as tmp:
        url = (await asyncio.to_thread(_create_database, server_url) if args.production
               else f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            return await _run(args, url, Path(tmp), BENCH_NOW)
        finally:
            if args.production:
                await asyncio.to_thread(_drop_database, server_url, url)


async def _run(args: argparse.Namespace, url: str, tmp: Path, now: datetime) -> dict[str, Any]:
    from storage.db import async_url

    started = time.perf_counter()
    # the server's driver (SQLite files run on the event loop's thread: storage.sqlite_inline)
    driver = async_url(url).partition("://")[0].partition("+")[2] if args.production \
        else "sqlite3 (inline)"
    managers = await asyncio.to_thread(_prepare_database, url, args.managers + args.clients,
                                       args.goals)
    progress(f"database ready ({url.partition(':')[0]}): {len(managers)} units × "
             f"{4 * args.goals} goals ({args.goals} per step) in "
             f"{time.perf_counter() - started:.1f} s")
    async with contextlib.AsyncExitStack() as stack:
        connector_args: list[str] = []
        bot_args = ["--database-url", url, "--now", now.isoformat()]
        echo_args: list[str] = []
        echo_env: dict[str, str] = {}
        token = None
        client_tls = None
        login = None
        if args.production:
            from testing.fake_login import FakeBotFrameworkLogin
            from testing.tls import self_signed_certificate

            cert = self_signed_certificate(tmp / "tls")
            client_tls = cert.client_context()
            login = await FakeBotFrameworkLogin().start()
            stack.push_async_callback(login.stop)
            connector_args = ["--cert-dir", str(cert.cert.parent)]
            bot_args += ["--jwks-url", login.jwks_url, "--ca-file", str(cert.cert)]
            echo_args = ["--jwks-url", login.jwks_url]
            echo_env = {"SSL_CERT_FILE": str(cert.cert)}
        connector = await Child.start("connector", *connector_args)
        stack.push_async_callback(connector.stop)
        if login is not None:
            from testing.production_mode import BOT_APP_ID

            token = login.token(BOT_APP_ID, service_url=connector.ready)
            progress(f"fake Bot Connector at {connector.ready} (TLS), JWT validation on")
        if args.profile:
            bot_args += ["--profile", str(Path(args.profile).resolve())]
        bot = await Child.start("bot", *bot_args)
        stack.push_async_callback(bot.stop)
        client = Client(f"http://127.0.0.1:{bot.ready}/api/messages", connector.ready,
                        args.clients, token)
        stack.push_async_callback(client.close)
        open_managers, closed_managers = managers[: args.managers], managers[args.managers:]
        # This process is the load generator: its own full collections (100 ms and more
        # with the harness imported) would be timed as the bot's latency.
        gc.collect()
        gc.freeze()
        for manager in open_managers[:4]:  # warm up imports, caches, connections
            await client.card_step(manager)
        progress(f"bot on port {bot.ready}; open loop at {args.rate:g} steps/s for "
                 f"{args.duration:g} s")
        open_window = CpuWindow(bot.process.pid)
        open_window.start()
        latencies, errors = await open_loop(client, open_managers, args.rate, args.duration)
        open_cpu = open_window.stop(len(latencies))
        ms = [x * 1000 for x in latencies]
        figures = {"p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95),
                   "p99_ms": percentile(ms, 99)}
        progress(f"open loop: {len(ms)} steps, p50 {figures['p50_ms']:.1f} ms, "
                 f"p95 {figures['p95_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, "
                 f"max {max(ms):.1f} ms, errors {errors}; CPU a step: bot "
                 f"{open_cpu['open_bot_cpu_ms_per_step']:.1f} ms, load generator "
                 f"{open_cpu['open_client_cpu_ms_per_step']:.1f} ms; steal "
                 f"{open_cpu['steal_pct']:.1f} %")

        async def step_turn(n: int) -> bool:
            return await client.card_step(closed_managers[n])

        async def help_turn(n: int) -> bool:
            return await client.help_turn(closed_managers[n])

        # Card steps are answered in the HTTP response; messages go through the Bot
        # Connector: these turns show how many connections the bot's replies open.
        progress(f"message turns (hjälp, replies through the Bot Connector): {args.clients} "
                 f"managers for {args.closed_duration / 2:g} s")
        texts = await closed_loop(help_turn, args.clients, args.closed_duration / 2)
        progress(f"message turns: {texts.turns} turns, {texts.per_s:.1f} turns/s, "
                 f"errors {texts.errors}")
        opened = await _connections_opened(connector.ready, client_tls, clear=True)
        progress(f"the bot opened {opened} connection(s) to the Bot Connector "
                 f"(pool of {DEFAULT_POOL_SIZE} at most)")

        echo = await Child.start("echo", *echo_args, env=echo_env)
        stack.push_async_callback(echo.stop)
        echo_client = Client(f"http://127.0.0.1:{echo.ready}/api/messages",
                             connector.ready, args.clients, token)
        stack.push_async_callback(echo_client.close)

        async def echo_turn(n: int) -> bool:
            return await echo_client.echo_turn(f"echo-user-{n}")

        # The two closed loops take turns (bot, echo, bot, echo ...), each with the
        # machine to itself while the other server idles: a change in the machine's speed
        # during the run then weighs on both alike.
        steps, echoes = LoopRun(), LoopRun()
        seconds = args.closed_duration / CLOSED_LOOP_WINDOWS
        for n in range(CLOSED_LOOP_WINDOWS):
            warmup = 2.0 if n == 0 else 1.0
            progress(f"closed loops, window {n + 1} of {CLOSED_LOOP_WINDOWS}: bot then echo "
                     f"(port {echo.ready}), {args.clients} clients for {seconds:g} s each")
            steps += await closed_loop(step_turn, args.clients, seconds, warmup,
                                       server_pid=bot.process.pid)
            echoes += await closed_loop(echo_turn, args.clients, seconds, warmup,
                                        server_pid=echo.process.pid)
        progress(f"closed loop: {steps.turns} steps, {steps.per_s:.1f} steps/s, "
                 f"bot CPU {steps.cpu_ms_per_turn:.2f} ms per step, errors {steps.errors}")
        progress(f"echo: {echoes.turns} turns, {echoes.per_s:.1f} turns/s, echo CPU "
                 f"{echoes.cpu_ms_per_turn:.2f} ms per turn, errors {echoes.errors}")
        # card steps open no connection: what opened since is the echo's
        echo_opened = await _connections_opened(connector.ready, client_tls)
        progress(f"the echo bot (stock SDK) opened {echo_opened} connection(s)")
    if args.profile:
        progress(f"bot profile written to {args.profile}")
    return {
        "rate": args.rate,
        "p50_ms": round(figures["p50_ms"], 1),
        "p95_ms": round(figures["p95_ms"], 1),
        "p99_ms": round(figures["p99_ms"], 1),
        "max_steps_per_s": round(steps.per_s, 1),
        "echo_turns_per_s": round(echoes.per_s, 1),
        "ratio_to_echo": round(steps.per_s / echoes.per_s, 2) if echoes.per_s else None,
        "message_turns_per_s": round(texts.per_s, 1),
        "bot_cpu_ms_per_step": round(steps.cpu_ms_per_turn, 2),
        "echo_cpu_ms_per_turn": round(echoes.cpu_ms_per_turn, 2),
        **open_cpu,
        "errors": errors + steps.errors + texts.errors + echoes.errors,
        "database": "postgresql" if args.production else "sqlite",
        "driver": driver,
        "tls": bool(args.production),
        "jwt": bool(args.production),
        "connections_opened": opened,
        "echo_connections_opened": echo_opened,
    }


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Report card steps through the real endpoint vs. a bare SDK echo bot.")
    parser.add_argument("--rate", type=float, default=20.0,
                        help="open loop: card steps per second (default 20)")
    parser.add_argument("--duration", type=float, default=20.0,
                        help="open loop: seconds (default 20)")
    parser.add_argument("--clients", type=int, default=8,
                        help="closed loop: concurrent managers / echo clients (default 8)")
    parser.add_argument("--closed-duration", type=float, default=10.0,
                        help="closed loops: measured seconds each (default 10)")
    parser.add_argument("--managers", type=int, default=100,
                        help="open loop: managers taking turns (default 100)")
    parser.add_argument("--goals", type=int, default=10,
                        help="goals per perspective, i.e. per card step (default 10)")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the bot")
    parser.add_argument("--production", action="store_true",
                        help="PostgreSQL, HTTPS to the Bot Connector, JWT validation on")
    parser.add_argument("--postgres-url", metavar="URL",
                        help="--production: the PostgreSQL server to create the bench's "
                             "database on (default $BENCH_POSTGRES_URL, $TEST_POSTGRES_URL)")
    parser.add_argument("--role", choices=("bot", "echo", "connector"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--now", help=argparse.SUPPRESS)
    parser.add_argument("--jwks-url", help=argparse.SUPPRESS)
    parser.add_argument("--ca-file", help=argparse.SUPPRESS)
    parser.add_argument("--cert-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.role is None and (args.rate <= 0 or args.duration <= 0 or args.clients < 1
                              or args.closed_duration <= 0 or args.managers < 1
                              or args.goals < 1):
        parser.error("rates, durations and counts must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    args = _parse_args(argv)
    if args.role == "bot":
        _bot_role(args.database_url, args.now, args.profile, args.jwks_url, args.ca_file)
        return 0
    if args.role == "echo":
        _echo_role(args.jwks_url)
        return 0
    if args.role == "connector":
        _connector_role(args.cert_dir)
        return 0
    with contextlib.suppress(KeyboardInterrupt):
        result = asyncio.run(run(args))
        print(json.dumps(result), flush=True)
        return 0
    return 130


if __name__ == "__main__":
    raise SystemExit(main())
