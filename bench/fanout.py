"""Fan-out benchmark: N managers prompted through a fake Bot Connector under a global limit.

    python bench/fanout.py --n 2000 --rate 40

A temporary SQLite database gets a kommun with N units, each with a manager, a goal and a
stored 1:1 conversation (a few managers have none, so their chat is created first). The
open job queues the monthly prompts and the delivery worker sends them through the Agents
SDK to a local fake of the Teams Bot Connector, which enforces Teams' limits (50/s per app,
per-conversation windows) and injects random faults: 5xx/412/429 answers (429 with
``Retry-After: 1``) and slow answers (held ``--hang`` seconds, below the send timeout).

Figures: messages_per_s = prompts delivered / seconds from the first request to the last
delivery; share_of_limit = messages_per_s / rate; duplicates = extra copies of a prompt in
a conversation; lost = managers without their prompt; retries = attempts that were retried.

``--storm SECONDS`` adds a throttling storm: from ``--storm-start`` seconds after the first
request (default: the middle of the fan-out at full rate) the connector answers every
request 429 with ``Retry-After: --storm-retry-after`` (default 1). Then
requests_during_storm = requests that reached the connector during the storm;
allowed_during_storm = what the Retry-After values allow (one request per Retry-After,
plus the ``--concurrency`` requests already on their way when it began);
retry_after_violations = requests that arrived while an earlier Retry-After that applied
to them was still running (0.25 s grace for requests already on their way): a storm's 429
holds for every conversation (the app's limit), a random 429 outside a storm only for its
own conversation (as Teams' per-conversation limit does); in_any_retry_after = the same
count if every 429 held for every conversation (for comparison: the worker keeps sending
to other conversations after a lone 429 on purpose).
Progress goes to stderr; the last line on stdout is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

# The open moment of the October 2026 period (Monday 2 November 2026, 08:00 in Sweden).
OPEN_AT = datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


# The tertial 3 2026 check-in opens Tuesday 15 December 2026, 09:00 in Sweden.
CHECKIN_OPEN_AT = datetime(2026, 12, 15, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


async def queue_checkins(sessionmaker: Any, settings: Any, now: datetime) -> int:
    """The check-in cards of every employee with agreed goals, as the scheduler queues them."""
    from services.individual import queue_checkin_prompts

    async with sessionmaker() as session, session.begin():
        return await queue_checkin_prompts(session, now=now,
                                           cadence=settings.individual_cadence,
                                           zone=settings.calendar.zone,
                                           lang=settings.language)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="managers to prompt (default 2000)")
    parser.add_argument("--checkins", action="store_true",
                        help="prompt N employees to check in on their individual goals "
                        "(the tertial check-in card) instead of N managers to report")
    parser.add_argument("--rate", type=float, default=40.0, help="global limit L, messages/s")
    parser.add_argument("--concurrency", type=int, default=8, help="sends in flight")
    parser.add_argument("--fault-rate", type=float, default=0.02,
                        help="share of requests answered 429/412/5xx (default 0.02)")
    parser.add_argument("--slow-rate", type=float, default=0.01,
                        help="share of requests held --hang seconds before the answer")
    parser.add_argument("--hang", type=float, default=0.5, help="seconds a slow answer takes")
    parser.add_argument("--new-chats", type=int, default=20,
                        help="managers without a stored conversation (created first)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the fault generator")
    parser.add_argument("--storm", type=float, default=0.0, metavar="SECONDS",
                        help="a storm of 100%% 429 answers lasting SECONDS (default none)")
    parser.add_argument("--storm-start", type=float, default=None, metavar="SECONDS",
                        help="seconds after the first request the storm begins "
                             "(default: n / rate / 2, the middle of the fan-out)")
    parser.add_argument("--storm-retry-after", type=int, default=1, metavar="SECONDS",
                        help="the storm's Retry-After header (default 1)")
    args = parser.parse_args(argv)
    if args.storm < 0 or (args.storm_start is not None and args.storm_start < 0):
        parser.error("--storm and --storm-start must be 0 or more")
    if args.storm_retry_after < 1:
        parser.error("--storm-retry-after must be 1 or more")
    if args.n < 1 or args.rate <= 0 or args.concurrency < 1:
        parser.error("--n, --rate and --concurrency must be positive")
    if not 0 <= args.new_chats <= args.n:
        parser.error("--new-chats must be between 0 and --n")
    return args


def scoped_retry_after_violations(log: list[Any], storms: list[Any],
                                  grace_s: float = 0.25) -> int:
    """Requests that arrived while a Retry-After that applied to them was running: a
    429 during a storm (or one not for a conversation) holds for everyone, any other
    429 only for its conversation. Requests within ``grace_s`` of the 429 were already
    on their way."""
    never = (-math.inf, -math.inf)
    everyone = never  # (from, until)
    per_conversation: dict[str | None, tuple[float, float]] = {}
    violations = 0
    for entry in sorted(log, key=lambda e: e.at):
        scopes = [everyone, per_conversation.get(entry.conversation_id, never)]
        if any(start + grace_s <= entry.at < until for start, until in scopes):
            violations += 1
        if entry.status != 429 or entry.retry_after is None:
            continue
        until = entry.at + entry.retry_after
        if entry.conversation_id is None or any(s.start <= entry.at < s.end for s in storms):
            if until > everyone[1]:
                everyone = (entry.at, until)
        elif until > per_conversation.get(entry.conversation_id, never)[1]:
            per_conversation[entry.conversation_id] = (entry.at, until)
    return violations


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def run(args: argparse.Namespace) -> dict[str, object]:
    import bot
    from scheduler.clock import running_clock
    from scheduler.delivery import (
        AgentsTransport,
        DeliveryConfig,
        DeliveryWorker,
        ProactiveEndpoint,
    )
    from scheduler.jobs import run_job
    from services.round_rules import Job
    from storage.db import make_async_engine, make_sessionmaker
    from storage.migrate import upgrade
    from testing.fake_connector import FakeConnector, RandomFaults
    from testing.harness import make_settings
    from testing.org_builder import TENANT, build_checkin_org, build_fanout_org

    with tempfile.TemporaryDirectory(prefix="malbot-fanout-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'fanout.db'}"
        upgrade(url)
        faults = RandomFaults(
            fault_rate=args.fault_rate,
            statuses=(429, 500, 502, 503, 504, 412),
            timeout_rate=args.slow_rate,
            hang_seconds=args.hang,
            seed=args.seed,
            retry_after=1,
        )
        async with FakeConnector(random_faults=faults) as fake:
            if args.checkins:
                progress(f"building a kommun with {args.n} employees with goals …")
                people = build_checkin_org(url, args.n, fake.url,
                                           without_reference=args.new_chats)
            else:
                progress(f"building a kommun with {args.n} managers …")
                people = build_fanout_org(url, args.n, fake.url,
                                          without_reference=args.new_chats)
            settings = make_settings(url, OUTBOX_RATE_PER_S=str(args.rate),
                                     OUTBOX_CONCURRENCY=str(args.concurrency))
            engine = make_async_engine(url)
            sessionmaker = make_sessionmaker(engine)
            try:
                job_started = time.monotonic()
                start_at = OPEN_AT
                if args.checkins:
                    start_at = CHECKIN_OPEN_AT
                    queued = await queue_checkins(sessionmaker, settings, start_at)
                else:
                    queued = (await run_job(sessionmaker, settings, Job.OPEN,
                                            now=OPEN_AT)).queued
                progress(f"queued {queued} prompts in "
                         f"{time.monotonic() - job_started:.1f} s; "
                         f"sending at most {args.rate:g}/s")
                adapter, _, _ = bot.build_adapter(settings)
                transport = AgentsTransport(adapter, settings)
                worker = DeliveryWorker(
                    sessionmaker,
                    transport,
                    DeliveryConfig.from_settings(settings),
                    calendar=settings.calendar,
                    clock=running_clock(start_at),
                    endpoint=ProactiveEndpoint(fake.url, TENANT),
                )
                started = time.monotonic()

                async def report_progress() -> None:
                    while True:
                        await asyncio.sleep(5)
                        done = len(fake.messages())
                        elapsed = time.monotonic() - started
                        progress(f"  {elapsed:5.1f} s: {done}/{args.n} delivered "
                                 f"({done / elapsed:.1f}/s), statuses {fake.status_counts}")

                async def start_storm() -> None:
                    while not fake.response_log:
                        await asyncio.sleep(0.01)
                    delay = (args.storm_start if args.storm_start is not None
                             else args.n / args.rate / 2)
                    begin = fake.response_log[0].at + delay
                    await asyncio.sleep(max(0.0, begin - time.monotonic()))
                    fake.storm(args.storm, retry_after=args.storm_retry_after)
                    progress(f"  storm: every request answers 429 for {args.storm:g} s")

                reporter = asyncio.create_task(report_progress())
                storming = asyncio.create_task(start_storm()) if args.storm > 0 else None
                try:
                    await worker.drain(
                        timeout=max(120.0, 4 * args.n / args.rate) + 3 * args.storm)
                finally:
                    reporter.cancel()
                    if storming is not None:
                        storming.cancel()
                    await transport.close()
            finally:
                await engine.dispose()
            messages = fake.messages()
            log = fake.response_log
            storms = fake.storms
            in_any_retry_after = len(fake.retry_after_violations(grace_s=0.25))
    violations = scoped_retry_after_violations(log, storms, grace_s=0.25)
    first_request = min(entry.at for entry in log)
    last_delivery = max(record.received_at for record in messages)
    elapsed = max(last_delivery - first_request, 1e-9)
    per_conversation = Counter(record.conversation_id for record in messages)
    delivered = len(per_conversation)
    duplicates = sum(count - 1 for count in per_conversation.values())
    per_second = delivered / elapsed
    progress(f"done: {delivered} prompts in {elapsed:.1f} s; worker {worker.stats}")
    storm: dict[str, object] = {}
    if args.storm > 0:
        during = sum(1 for e in log for s in storms if s.start <= e.at < s.end)
        storm = {
            "storm_s": args.storm,
            "storm_started_after_s": round(storms[0].start - first_request, 2) if storms else None,
            "storm_retry_after": args.storm_retry_after,
            "requests_during_storm": during,
            "allowed_during_storm": math.ceil(args.storm / args.storm_retry_after)
            + args.concurrency,
            "retry_after_violations": violations,
            "in_any_retry_after": in_any_retry_after,
        }
    return {
        "n": args.n,
        "kind": "checkin" if args.checkins else "report_prompt",
        "rate_limit": args.rate,
        "messages_per_s": round(per_second, 2),
        "share_of_limit": round(per_second / args.rate, 3),
        "delivered": delivered,
        "duplicates": duplicates,
        "lost": len(people) - delivered,
        "retries": worker.stats.retries,
        "elapsed_s": round(elapsed, 2),
        "requests": len(log),
        "status_counts": {str(k): v for k, v in sorted(Counter(e.status for e in log).items())},
        "conversations_created": worker.stats.conversations_created,
        "failed": worker.stats.failed,
        "expired": worker.stats.expired,
        "unreachable": worker.stats.unreachable,
        "throttled": worker.stats.throttled,
        "back_offs": worker.stats.back_offs,
        "conversation_back_offs": worker.stats.conversation_back_offs,
        "concurrency": args.concurrency,
        "fault_rate": args.fault_rate,
        **storm,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # The SDK logs every rejected request and warns once per proactive turn in anonymous
    # mode (no app id); the faults are injected on purpose, so neither is news here.
    logging.getLogger("microsoft_agents").setLevel(logging.CRITICAL)
    logging.getLogger("scheduler.delivery").setLevel(logging.ERROR)
    result = asyncio.run(run(args))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
