"""Benchmark: leader summaries (roll-up query + card) on a large generated kommun.

    python bench/rollup.py --units 2000 --goals 10 --months 24

Creates a temporary SQLite database (``--database-url``: empties and uses a PostgreSQL
one instead), migrates it, generates an organisation of
``--units`` units (kommun → förvaltningar → avdelningar → enheter), ``--goals`` goals per
unit cascading from the parent unit's goals, and one result per goal for each of
``--months`` followed-up periods (2000 × 10 × 24 = 480,000 results), inserted with Core
``executemany`` (no ``ANALYZE`` on SQLite, which keeps no statistics unless asked; on
PostgreSQL ``ANALYZE`` runs afterwards, as autovacuum would soon after such an insert).
Then it times building the summary (all queries + the card) of the kommunchef's whole
organisation, of ten leaf units and of the biggest subtree at every level, the way the bot
does it: the three independent groups of queries on connections of their own at the same
time (``--serial``: one after the other on one connection).

Prints progress and ends with ONE line of JSON: ``{"database", "units", "results", "root_p50_ms",
"root_p95_ms", "leaf_p95_ms", "dialog_p50_ms", "dialog_p95_ms", "by_subtree_size":
[{"units", "depth", "p50_ms", "p95_ms"}, …], "root_cpu_p50_ms", "cold", "cache_hits",
"cache_misses", "generate_s", "total_s"}``
(CPU = the whole process, all threads; wall-clock figures include waiting for a busy
machine's cores).

``--employees N`` adds N employees with goals and check-ins: the summaries then count
their aggregates beside the summary, in a session of their own, and end the card with
them, as the dialog does; ``dialog_*`` times the kommunchef's whole use case as the
``sammanställning`` button runs it (org tree, summary, level analysis, economy, card,
aggregates).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.engine import Connection  # noqa: E402

from cards.common import MAX_MESSAGE_BYTES, message_bytes  # noqa: E402
from cards.individual import extend_within_budget, upward_items  # noqa: E402
from cards.summary import summary_card  # noqa: E402
from followup.calendar import (  # noqa: E402
    CalendarConfig,
    is_followed_period,
    previous_period,
    schedule_for,
)
from followup.individual import Cadence  # noqa: E402
from followup.perspectives import PERSPECTIVE_ORDER  # noqa: E402
from followup.summary import SummaryNav  # noqa: E402
from services.individual import upward_summary  # noqa: E402
from services.leader_summaries import summary_with_aggregates_for_button  # noqa: E402
from services.summaries import Viewer  # noqa: E402
from storage.db import (  # noqa: E402
    is_sqlite,
    make_async_engine,
    make_sessionmaker,
    make_sync_engine,
)
from storage.migrate import downgrade, upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    Decision,
    Goal,
    GoalResult,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
)
from storage.read_cache import cache_of_engine  # noqa: E402
from storage.rollup import build_summary  # noqa: E402
from testing.bench_org import analyze  # noqa: E402

NOW = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)  # after the October 2026 deadline
LAST_PERIOD = "2026-10"
CHECKIN_PERIOD = "2026-T3"  # the tertial check-in that counts on NOW
CHUNK = 20_000


def log(message: str) -> None:
    print(message, flush=True)


@dataclass
class Org:
    parents: list[int | None]  # index = unit number (0 = the kommun)
    depth: list[int]

    @property
    def size(self) -> int:
        return len(self.parents)

    def children(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for unit, parent in enumerate(self.parents):
            if parent is not None:
                out.setdefault(parent, []).append(unit)
        return out

    def subtree_sizes(self) -> list[int]:
        sizes = [1] * self.size
        for unit in range(self.size - 1, 0, -1):  # children come after their parents
            parent = self.parents[unit]
            assert parent is not None
            sizes[parent] += sizes[unit]
        return sizes


def make_org(units: int, rng: random.Random) -> Org:
    """A kommun with ~8 förvaltningar, ~6 avdelningar each and the rest as enheter."""
    parents: list[int | None] = [None]
    depth = [0]
    forvaltningar = min(8, max(0, units - 1))
    for _ in range(forvaltningar):
        parents.append(0)
        depth.append(1)
    level1 = list(range(1, 1 + forvaltningar))
    avdelningar = min(len(level1) * 6, max(0, units - len(parents)))
    for i in range(avdelningar):
        parents.append(level1[i % len(level1)])
        depth.append(2)
    level2 = list(range(1 + forvaltningar, len(parents))) or level1 or [0]
    while len(parents) < units:
        parent = level2[rng.randrange(len(level2))]
        parents.append(parent)
        depth.append(depth[parent] + 1)
    return Org(parents, depth)


def followed_periods(months: int, cfg: CalendarConfig) -> list[str]:
    out: list[str] = []
    current = LAST_PERIOD
    while len(out) < months:
        if is_followed_period(current, cfg):
            out.append(current)
        current = previous_period(current)
    return sorted(out)


def _chunks(rows: Sequence[dict[str, Any]]) -> list[Sequence[dict[str, Any]]]:
    return [rows[i : i + CHUNK] for i in range(0, len(rows), CHUNK)]


def insert_many(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        conn.execute(insert(table), list(chunk))


def generate(url: str, units: int, goals: int, months: int, seed: int) -> tuple[Org, int]:
    rng = random.Random(seed)
    cfg = CalendarConfig()
    org = make_org(units, rng)
    periods = followed_periods(months, cfg)
    first_day = date(int(periods[0][:4]), int(periods[0][5:]), 1)
    engine = make_sync_engine(url)
    with engine.begin() as conn:
        # Units: ids 1..N in order, so paths can be computed up front.
        paths: list[str] = []
        unit_rows = []
        for i, parent in enumerate(org.parents):
            uid = i + 1
            path = f"/{uid}/" if parent is None else f"{paths[parent]}{uid}/"
            paths.append(path)
            kind = ("kommun", "forvaltning", "avdelning", "enhet")[min(org.depth[i], 3)]
            unit_rows.append({
                "id": uid, "code": f"U{uid:05d}", "name": f"{kind.capitalize()} {uid}",
                "kind": kind, "parent_id": None if parent is None else parent + 1,
                "path": path, "depth": org.depth[i], "active": True, "sort_order": 0,
            })
        insert_many(conn, OrgUnit.__table__, unit_rows)
        insert_many(conn, Person.__table__, [
            {"id": i + 1, "name": f"Chef {i + 1}", "email": f"chef{i + 1}@example.com",
             "is_admin": False, "directory_missing": False}
            for i in range(org.size)
        ])
        insert_many(conn, ManagerAssignment.__table__, [
            {"unit_id": i + 1, "person_id": i + 1, "role": "manager",
             "valid_from": date(2020, 1, 1)}
            for i in range(org.size)
        ])
        log(f"  {org.size} units, {org.size} managers")

        # Goals: goal k of a unit cascades from goal k of its parent unit.
        goal_rows = []
        for i in range(org.size):
            for k in range(goals):
                gid = i * goals + k + 1
                parent = org.parents[i]
                goal_rows.append({
                    "id": gid, "ref": f"G{gid}", "unit_id": i + 1,
                    "perspective": PERSPECTIVE_ORDER[k % 4].value,
                    "title": f"Mål {k + 1}", "description": "",
                    "indicator_name": f"Indikator {k + 1}", "indicator_unit": "%",
                    "target": 80.0, "baseline": 70.0, "direction": "higher",
                    "parent_goal_id": None if parent is None else parent * goals + k + 1,
                    "valid_from": first_day, "valid_to": None, "sort_order": k,
                })
        insert_many(conn, Goal.__table__, goal_rows)
        log(f"  {len(goal_rows)} goals")

        period_rows = []
        for pid, period in enumerate(periods, start=1):
            sched = schedule_for(period, cfg)
            period_rows.append({"id": pid, "period": period, "opens_at": sched.opens_at,
                                "deadline_at": sched.deadline_at,
                                "closes_at": sched.closes_at})
        insert_many(conn, ReportingPeriod.__table__, period_rows)

        results = 0
        report_id = 0
        statuses = ("green", "yellow", "red")
        last = len(periods)
        state = [rng.choices(statuses, (70, 20, 10))[0] for _ in range(len(goal_rows))]
        for pid, period in enumerate(periods, start=1):
            sched = schedule_for(period, cfg)
            report_rows = []
            result_rows = []
            for i in range(org.size):
                report_id += 1
                roll = rng.random()
                draft = pid == last and roll < 0.08
                late = not draft and roll < 0.15
                report_rows.append({
                    "id": report_id, "unit_id": i + 1, "period_id": pid,
                    "status": "draft" if draft else "submitted", "late": late, "version": 1,
                    "submitted_at": None if draft else sched.deadline_at - timedelta(hours=2),
                })
                for k in range(goals):
                    gid = i * goals + k + 1
                    if rng.random() < 0.25:  # statuses mostly persist month to month
                        state[gid - 1] = rng.choices(statuses, (70, 20, 10))[0]
                    status = state[gid - 1]
                    value = {"green": 85.0, "yellow": 76.0, "red": 60.0}[status]
                    result_rows.append({
                        "goal_id": gid, "period_id": pid, "unit_id": i + 1,
                        "report_id": report_id, "perspective": PERSPECTIVE_ORDER[k % 4].value,
                        "status": status, "value": value + rng.random() * 4,
                        "analysis": "Analys av utfallet." if status != "green" else "",
                        "actions": "Åtgärder enligt plan." if status != "green" else "",
                    })
            insert_many(conn, UnitReport.__table__, report_rows)
            insert_many(conn, GoalResult.__table__, result_rows)
            results += len(result_rows)
            log(f"  {period}: {results} results")

        insert_many(conn, Decision.__table__, [
            {"reference": f"KS 2026/{n}", "decided_on": date(2026, 1, 15), "decided_by": "KS",
             "title": f"Beslut {n}", "assignment": "", "unit_id": rng.randrange(org.size) + 1,
             "due_date": date(2026, 6, 1) + timedelta(days=rng.randrange(400)),
             "status": rng.choice(("not_started", "in_progress", "done")),
             "created_at": NOW}
            for n in range(max(1, org.size // 10))
        ])
    engine.dispose()
    return org, results


def generate_individual(url: str, org: Org, employees: int, goals: int, seed: int) -> int:
    """``employees`` people spread over the leaf units, each with 1–3 agreed individual
    goals of 2026 linked to their unit's goals and (about 80 %) a check-in of the current
    tertial on each. Returns the number of check-ins."""
    from storage.models import Employment, IndividualCheckin, IndividualGoal

    rng = random.Random(seed + 16)
    kids = org.children()
    leaves = [i for i in range(org.size) if i not in kids]
    agreed = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    first = org.size + 1
    people, jobs, goal_rows, checkins = [], [], [], []
    goal_id = 0
    for n in range(employees):
        pid = first + n
        unit = leaves[n % len(leaves)] + 1
        people.append({"id": pid, "name": f"Medarbetare {pid}", "email": f"m{pid}@example.com",
                       "is_admin": False, "directory_missing": False})
        jobs.append({"person_id": pid, "unit_id": unit, "valid_from": date(2026, 1, 1),
                     "source": "import"})
        answered = rng.random() < 0.8
        for slot in range(1, rng.randint(1, 3) + 1):
            goal_id += 1
            goal_rows.append({
                "id": goal_id, "series_id": goal_id, "person_id": pid, "unit_id": unit,
                "year": 2026, "slot": slot,
                "unit_goal_id": (unit - 1) * goals + rng.randrange(goals) + 1,
                "title": "Ett eget mål", "created_at": agreed, "manager_ok_at": agreed,
                "employee_ok_at": agreed})
            if answered:
                checkins.append({"person_id": pid, "unit_id": unit, "goal_id": goal_id,
                                 "period": CHECKIN_PERIOD, "comment": "",
                                 "status": rng.choices(("green", "yellow", "red"),
                                                       (60, 30, 10))[0],
                                 "created_at": NOW - timedelta(days=2)})
    engine = make_sync_engine(url)
    with engine.begin() as conn:
        insert_many(conn, Person.__table__, people)
        insert_many(conn, Employment.__table__, jobs)
        insert_many(conn, IndividualGoal.__table__, goal_rows)
        insert_many(conn, IndividualCheckin.__table__, checkins)
    engine.dispose()
    return len(checkins)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


async def time_summaries(url: str, unit_ids: Sequence[int], repeat: int,
                         parallel: bool = True, cpu: list[float] | None = None,
                         individual: bool = False, dialog: bool = False,
                         cold: bool = False, cache_stats: list[int] | None = None
                         ) -> list[float]:
    """Wall-clock milliseconds per summary (query + card); CPU milliseconds of the whole
    process (all threads) are appended to ``cpu``. With ``individual`` the employees'
    aggregates are counted beside the summary (own session, as the dialog does) and end
    the card; with ``dialog`` it times the whole use case the ``sammanställning`` button
    runs: org tree, summary, level analysis, economy, card and aggregates. With ``cold``
    the process's read cache (org tree, check-in tallies) is emptied before every run, as
    after a write to those tables; ``cache_stats`` gets [hits, misses] added."""
    engine = make_async_engine(url, threaded=True)  # as the bot reads summaries
    sessions = make_sessionmaker(engine)
    cfg = CalendarConfig()

    async def summarise(unit_id: int) -> Any:
        async with sessions() as session:
            return await build_summary(session, unit_id=unit_id, period=LAST_PERIOD,
                                       today=NOW.date(), calendar=cfg,
                                       sessions=sessions if parallel else None)

    async def count(unit_id: int) -> Any:
        async with sessions() as session:
            return await upward_summary(session, unit_id=unit_id, today=NOW.date(),
                                        cadence=Cadence.TERTIAL, zone=cfg.zone)

    async def none() -> None:
        return None

    timings: list[float] = []
    try:
        for round_ in range(repeat + 1):
            for unit_id in unit_ids:
                if cold:
                    cache_of_engine(engine).clear()
                started = time.perf_counter()
                cpu_started = time.process_time()
                if dialog:
                    rendered = await summary_with_aggregates_for_button(
                        sessions, viewer=Viewer(person_id=unit_id, is_admin=False, lang="sv"),
                        unit_id=unit_id, period=LAST_PERIOD, now=NOW, calendar=cfg,
                        cadence=Cadence.TERTIAL, zone=cfg.zone)
                    card = rendered.card
                    assert "Medarbetarnas incheckningar" in json.dumps(
                        card, ensure_ascii=False), "no aggregates at the end of the card"
                else:
                    summary, upward = await asyncio.gather(
                        summarise(unit_id), count(unit_id) if individual else none())
                    assert summary is not None
                    card = summary_card(summary, SummaryNav(previous_period="2026-09"))
                    if individual:  # the employees' check-ins, read beside the summary
                        assert upward is not None
                        extend_within_budget(card, upward_items("sv", summary.root.name,
                                                                upward))
                elapsed = (time.perf_counter() - started) * 1000
                cpu_ms = (time.process_time() - cpu_started) * 1000
                assert message_bytes(card) <= MAX_MESSAGE_BYTES
                if round_ > 0:  # the first round warms caches and statement compilation
                    timings.append(elapsed)
                    if cpu is not None:
                        cpu.append(cpu_ms)
    finally:
        if cache_stats is not None:
            cache = cache_of_engine(engine)
            cache_stats[0] += cache.hits
            cache_stats[1] += cache.misses
        await engine.dispose()
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--goals", type=int, default=10)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per subtree")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--serial", action="store_true",
                        help="run a summary's queries one after the other on one connection")
    parser.add_argument("--employees", type=int, default=0,
                        help="employees with individual goals and check-ins (the summaries "
                        "then end with their aggregates)")
    parser.add_argument("--cold", action="store_true",
                        help="empty the process's read cache (org tree, check-in tallies) "
                        "before every timed summary, as after a write to those tables")
    parser.add_argument("--database-url", default=None,
                        help="a PostgreSQL database to use instead of a temporary SQLite "
                        "file (EVERYTHING IN IT IS DROPPED: downgraded to empty, migrated)")
    args = parser.parse_args(argv)
    if args.units < 1 or args.goals < 1 or args.months < 2 or args.repeat < 1:
        parser.error("--units and --goals must be 1 or more, --months 2 or more")

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="malbot-bench-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        if args.database_url:
            log("emptying the database")
            downgrade(url, "base")
        log(f"migrating {url.rpartition('@')[2]}")
        upgrade(url)
        log(f"generating {args.units} units × {args.goals} goals × {args.months} periods")
        t0 = time.perf_counter()
        org, results = generate(url, args.units, args.goals, args.months, args.seed)
        generate_s = time.perf_counter() - t0
        log(f"generated {results} results in {generate_s:.1f} s")
        checkins = 0
        if args.employees:
            checkins = generate_individual(url, org, args.employees, args.goals, args.seed)
            log(f"generated {args.employees} employees with {checkins} check-ins")
        individual = args.employees > 0
        if not is_sqlite(url):
            # PostgreSQL's autovacuum analyzes a table soon after a bulk insert like this
            # one (a production database has statistics); without them the planner picks
            # nested loops over the 480,000 results. SQLite keeps none unless asked.
            analyze(url)
            log("analyzed (as autovacuum would)")

        sizes = org.subtree_sizes()
        kids = org.children()
        leaves = [i for i in range(org.size) if i not in kids]
        rng = random.Random(args.seed)
        leaf_sample = [u + 1 for u in rng.sample(leaves, min(len(leaves), 10))]
        # One subtree per depth level (the biggest of each), for growth with subtree size.
        by_depth: dict[int, int] = {}
        for unit in range(org.size):
            d = org.depth[unit]
            if d not in by_depth or sizes[unit] > sizes[by_depth[d]]:
                by_depth[d] = unit
        samples = sorted({*by_depth.values()}, key=lambda u: -sizes[u])

        log("timing the kommunchef's summary (whole organisation)")
        root_cpu: list[float] = []
        parallel = not args.serial
        stats = [0, 0]
        root_times = asyncio.run(time_summaries(url, [1], args.repeat, parallel, root_cpu,
                                                individual, cold=args.cold,
                                                cache_stats=stats))
        log(f"  p50 {statistics.median(root_times):.1f} ms, "
            f"p95 {percentile(root_times, 0.95):.1f} ms")
        dialog_times: list[float] = []
        if individual:
            log("timing the kommunchef's whole use case (org tree … aggregates)")
            dialog_times = asyncio.run(time_summaries(url, [1], args.repeat, parallel,
                                                      individual=True, dialog=True,
                                                      cold=args.cold, cache_stats=stats))
            log(f"  p50 {statistics.median(dialog_times):.1f} ms, "
                f"p95 {percentile(dialog_times, 0.95):.1f} ms")
        log("timing leaf units' summaries")
        leaf_times = asyncio.run(time_summaries(
            url, leaf_sample, max(1, args.repeat // len(leaf_sample)), parallel,
            individual=individual, cold=args.cold, cache_stats=stats))
        log(f"  p50 {statistics.median(leaf_times):.1f} ms, "
            f"p95 {percentile(leaf_times, 0.95):.1f} ms")
        by_size = []
        for unit in samples:
            times = root_times if unit == 0 else asyncio.run(
                time_summaries(url, [unit + 1], max(3, args.repeat // 2), parallel))
            by_size.append({"units": sizes[unit], "depth": org.depth[unit],
                            "p50_ms": round(statistics.median(times), 1),
                            "p95_ms": round(percentile(times, 0.95), 1)})
            log(f"  subtree of {sizes[unit]} units: p50 {by_size[-1]['p50_ms']} ms")

    total_s = time.perf_counter() - started
    figures = {
        "database": url.partition(":")[0],
        "units": org.size,
        "results": results,
        "employees": args.employees,
        "checkins": checkins,
        "root_p50_ms": round(statistics.median(root_times), 1),
        "root_p95_ms": round(percentile(root_times, 0.95), 1),
        "leaf_p95_ms": round(percentile(leaf_times, 0.95), 1),
        "dialog_p50_ms": round(statistics.median(dialog_times), 1) if dialog_times else None,
        "dialog_p95_ms": round(percentile(dialog_times, 0.95), 1) if dialog_times else None,
        "root_cpu_p50_ms": round(statistics.median(root_cpu), 1),
        "cold": args.cold,
        "cache_hits": stats[0],
        "cache_misses": stats[1],
        "by_subtree_size": by_size,
        "generate_s": round(generate_s, 1),
        "total_s": round(total_s, 1),
    }
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
