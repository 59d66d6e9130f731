"""Benchmark: the kommun-wide delårsrapport as PDF/A-2b on a large generated kommun.

    python bench/document.py --units 2000 [--format pdf|docx] [--small 100]

Generates (in a child process, so its memory does not count) the organisation of
:mod:`bench.rollup` — ``--units`` units, ten goals each, fourteen followed-up months up
to October 2026 — plus a delårsrapport period ``2026-D`` (January–August) with one
submitted result per goal (2,000 × 10 = 20,000 goal results) and a leader's analysis per
perspective at every unit that leads units. Then it builds and renders the kommunchef's
document of the whole kommun for ``2026-D``, and the same for a kommun of ``--small``
units (a förvaltning's size).

Charts: one per goal of the root unit (the kommun-level goals, ten here), each with the
kommun's own series and the mean of the goals cascading from it — not one per unit.

Ends with ONE line of JSON: ``{"units", "pages", "seconds", "peak_rss_mb", "bytes",
"model_seconds", "render_seconds", "cpu_seconds", "goal_results", "detailed_goals",
"charts", "small": {"units", "pages", "seconds", "cpu_seconds"}}``; ``peak_rss_mb`` is this
process's peak (model + rendering), ``seconds`` wall-clock from the first query to the last
byte (with ``--format docx`` ``pages`` counts the forced page breaks: Word lays the
pages out itself), ``cpu_seconds`` this process's CPU time for the same (a busy machine's wall clock
includes waiting for a core).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DELAR = "2026-D"
SOURCE_MONTH = "2026-08"  # the delår's results are August's, copied
TODAY = date(2026, 9, 20)


def log(message: str) -> None:
    print(message, flush=True)


def _rollup_bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_rollup", ROOT / "bench" / "rollup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_rollup"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def generate(url: str, units: int, seed: int) -> int:
    """The rollup bench's kommun, plus the delår period, its results and level analyses."""
    from sqlalchemy import insert, select
    from sqlalchemy.orm import Session

    from followup.calendar import CalendarConfig, schedule_for
    from followup.perspectives import PERSPECTIVE_ORDER
    from storage.db import make_sync_engine
    from storage.migrate import upgrade
    from storage.models import (
        GoalResult,
        LevelAnalysis,
        LevelAnalysisText,
        OrgUnit,
        ReportingPeriod,
        UnitReport,
    )

    upgrade(url)
    rollup = _rollup_bench()
    org, _results = rollup.generate(url, units, 10, 14, seed)
    engine = make_sync_engine(url)
    cfg = CalendarConfig()
    sched = schedule_for(SOURCE_MONTH, cfg)
    with Session(engine) as session, session.begin():
        source = session.execute(select(ReportingPeriod.id).where(
            ReportingPeriod.period == SOURCE_MONTH)).scalar_one()
        delar = ReportingPeriod(period=DELAR, opens_at=sched.opens_at,
                                deadline_at=sched.deadline_at, closes_at=sched.closes_at)
        session.add(delar)
        session.flush()
        reports = session.execute(select(UnitReport.id, UnitReport.unit_id, UnitReport.status,
                                         UnitReport.late, UnitReport.submitted_at)
                                  .where(UnitReport.period_id == source)).all()
        offset = 10_000_000
        session.execute(insert(UnitReport), [
            {"id": rid + offset, "unit_id": uid, "period_id": delar.id, "status": status,
             "late": late, "version": 1, "submitted_at": at, "submitted_by_id": uid}
            for rid, uid, status, late, at in reports])
        rows = session.execute(select(
            GoalResult.goal_id, GoalResult.unit_id, GoalResult.report_id, GoalResult.perspective,
            GoalResult.status, GoalResult.value, GoalResult.analysis, GoalResult.actions)
            .where(GoalResult.period_id == source)).all()
        for start in range(0, len(rows), 20_000):
            session.execute(insert(GoalResult), [
                {"goal_id": g, "unit_id": u, "report_id": r + offset, "period_id": delar.id,
                 "perspective": p, "status": s, "value": v, "analysis": a, "actions": ac}
                for g, u, r, p, s, v, a, ac in rows[start:start + 20_000]])
        parents = {pid for (pid,) in session.execute(
            select(OrgUnit.parent_id).where(OrgUnit.parent_id.is_not(None))).all()}
        now = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)
        for uid in sorted(p for p in parents if p is not None):
            analysis = LevelAnalysis(unit_id=uid, period_id=delar.id, status="done", version=1,
                                     updated_at=now, updated_by_id=uid, done_at=now,
                                     done_by_id=uid)
            session.add(analysis)
            session.flush()
            session.add_all(LevelAnalysisText(
                analysis_id=analysis.id, perspective=p.value,
                text=f"Enhet {uid}: under perioden har verksamheten i stort nått målen inom "
                     f"perspektivet. Avvikelser analyseras och åtgärdas enligt plan. " * 3)
                for p in PERSPECTIVE_ORDER)
    engine.dispose()
    log(f"  {org.size} units, {len(rows)} delår results, {len(parents)} level analyses")
    return len(rows)


async def build(url: str) -> Any:
    from services.documents import Requester, build_document
    from storage.db import make_async_engine, make_sessionmaker

    engine = make_async_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await build_document(
                session, requester=Requester(None, True, "Kommundirektören"), unit_id=1,
                period_code=DELAR, today=TODAY, zone=ZoneInfo("Europe/Stockholm"))
    finally:
        await engine.dispose()


def measure(url: str, fmt: str) -> dict[str, Any]:
    from services.documents import render

    started = time.perf_counter()
    cpu_started = time.process_time()
    document = asyncio.run(build(url))
    model_s = time.perf_counter() - started
    body = render(document, fmt)
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if fmt == "pdf":
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(body)).pages)
    else:
        from docx import Document

        word = Document(io.BytesIO(body))
        pages = sum(1 for p in word.paragraphs for r in p.runs if 'w:br w:type="page"'
                    in r._r.xml)
    return {"units": document.units, "pages": pages, "seconds": round(total, 1),
            "bytes": len(body), "model_seconds": round(model_s, 1),
            "render_seconds": round(total - model_s, 1), "cpu_seconds": round(cpu, 1),
            "detailed_goals": document.detailed_goals, "charts": len(document.charts)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--small", type=int, default=100,
                        help="also a kommun of this many units (0: skip)")
    parser.add_argument("--format", choices=("pdf", "docx"), default="pdf")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--generate-only", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.units < 2:
        parser.error("--units must be 2 or more")
    if args.generate_only:
        print(json.dumps({"results": generate(args.generate_only, args.units, args.seed)}))
        return 0

    with tempfile.TemporaryDirectory(prefix="malbot-bench-doc-") as tmp:
        figures: dict[str, Any] = {}
        small: dict[str, Any] | None = None
        for size, name in ((args.units, "big"), (args.small, "small")):
            if size < 2:
                continue
            url = f"sqlite:///{Path(tmp) / f'{name}.db'}"
            log(f"generating {size} units into {url}")
            out = subprocess.run([sys.executable, __file__, "--units", str(size),
                                  "--seed", str(args.seed), "--generate-only", url],
                                 check=True, capture_output=True, text=True)
            results = json.loads(out.stdout.strip().splitlines()[-1])["results"]
            log(f"rendering the kommun-wide {DELAR} document of {size} units ({args.format})")
            result = measure(url, args.format)
            result["goal_results"] = results
            log(f"  {json.dumps(result)}")
            if name == "big":
                figures = result
            else:
                small = {k: result[k] for k in ("units", "pages", "seconds", "cpu_seconds")}
        figures["peak_rss_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        if small is not None:
            figures["small"] = small
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
