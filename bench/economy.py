"""Economy at kommun scale: a SIE 4 import of every unit's monthly utfall, and the
kommun-wide economy roll-up of the summary card.

A temporary SQLite database (or ``--database-url``) gets a kommun with ``--forvaltningar``
förvaltningar and ``--units`` enheter under them, a budget for every enhet and a
helårsprognos per enhet and month. A SIE 4 file (CP437, #KSUMMA) with ``--units`` ×
``--months`` × ``--accounts`` ``#PSALDO`` rows (object per enhet in dimension 1) is
written and imported through the real import (:func:`services.importing.sie.run_sie_import`:
read, check, sum per unit and month, write, audit) — timed as ``import_s``. Then the
kommun-wide roll-up (:func:`services.economy.subtree_economy`: budget, utfall, forecast
trend and the worst deviations, all in SQL) runs ``--rollups`` times: ``rollup_p95_ms``.

Targets: import < 60 s, roll-up p95 < 100 ms on SQLite. Last line: one JSON object.
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
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, update  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from followup.sie4 import encode_lines, quote  # noqa: E402
from services.economy import subtree_economy  # noqa: E402
from services.importing.sie import run_sie_import  # noqa: E402
from storage.db import make_async_engine, make_sessionmaker, make_sync_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import EconomyForecast, EconomyLine, OrgUnit  # noqa: E402

NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)
YEAR = 2026


def log(text: str) -> None:
    print(text, flush=True)


def seed(url: str, *, units: int, forvaltningar: int, months: int) -> tuple[int, list[str]]:
    """(root id, enhet codes)."""
    engine = make_sync_engine(url)
    rng = random.Random(14)
    codes = [f"E{n:05d}" for n in range(units)]
    with Session(engine) as session, session.begin():
        root = OrgUnit(code="KOM", name="Benchkommunen", kind="kommun", path="", depth=0)
        session.add(root)
        session.flush()
        root.path = f"/{root.id}/"
        forv_ids: list[tuple[int, str]] = []
        for f in range(forvaltningar):
            row = OrgUnit(code=f"F{f:02d}", name=f"Förvaltning {f}", kind="forvaltning",
                          parent_id=root.id, path="", depth=1)
            session.add(row)
            session.flush()
            row.path = f"{root.path}{row.id}/"
            forv_ids.append((row.id, row.path))
        session.execute(insert(OrgUnit), [
            {"code": code, "name": f"Enhet {code}", "kind": "enhet",
             "parent_id": forv_ids[i % forvaltningar][0], "path": "", "depth": 2}
            for i, code in enumerate(codes)])
        rows = session.execute(select(OrgUnit.id, OrgUnit.parent_id)
                               .where(OrgUnit.depth == 2)).all()
        paths = dict(forv_ids)
        session.execute(update(OrgUnit), [{"id": i, "path": f"{paths[p or 0]}{i}/"}
                                          for i, p in rows])
        unit_ids = [i for i, _p in rows]
        budget = {i: rng.randrange(5_000, 60_000) * 1000 for i in unit_ids}
        session.execute(insert(EconomyLine), [
            {"kind": "budget", "unit_id": i, "year": YEAR, "month": m, "account_group": "",
             "amount_kr": budget[i] // 12, "source": "template", "imported_at": NOW}
            for i in unit_ids for m in range(1, 13)])
        session.execute(insert(EconomyForecast), [
            {"unit_id": i, "year": YEAR, "month": m,
             "forecast_kr": int(budget[i] * rng.uniform(0.97, 1.05)),
             "comment": "Fler placeringar än budgeterat" if m % 2 else "",
             "author_person_id": None, "created_at": NOW}
            for i in unit_ids for m in range(2, months + 1)])
        root_id = root.id
    engine.dispose()
    return root_id, codes


def write_sie(path: Path, codes: Sequence[str], *, months: int, accounts: int) -> int:
    rng = random.Random(4)
    account_numbers = [str(4000 + 100 * (a % 40) + a // 40) for a in range(accounts)]
    lines = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", '#PROGRAM "Bench Ekonomi" 1.0',
             '#FNAMN "Benchkommunen"', f"#RAR 0 {YEAR}0101 {YEAR}1231", '#DIM 1 "Ansvar"']
    lines += [f"#OBJEKT 1 {quote(code)} {quote('Enhet ' + code)}" for code in codes]
    lines += [f"#KONTO {a} {quote('Konto ' + a)}" for a in account_numbers]
    rows = 0
    for code in codes:
        for month in range(1, months + 1):
            for account in account_numbers:
                amount = rng.randrange(-200_000, 2_000_000) / 100
                lines.append(f'#PSALDO 0 {YEAR}{month:02d} {account} {{1 "{code}"}} '
                             f"{amount:.2f}")
                rows += 1
    path.write_bytes(encode_lines(lines, with_checksum=True))
    return rows


async def run(url: str, sie_path: Path, root_id: int, month: int,
              rollups: int) -> tuple[float, list[float], int]:
    engine = make_async_engine(url)
    sessionmaker = make_sessionmaker(engine)
    try:
        started = time.perf_counter()
        report = await run_sie_import(sessionmaker, "utfall", sie_path, now=NOW)
        import_s = time.perf_counter() - started
        if report.status != "applied":
            raise SystemExit("import failed: " + "; ".join(report.problems[:5]))
        timings: list[float] = []
        for _ in range(rollups):
            async with sessionmaker() as session:
                t0 = time.perf_counter()
                economy = await subtree_economy(session, root_unit_id=root_id, year=YEAR,
                                                month=month)
                timings.append((time.perf_counter() - t0) * 1000)
                assert economy is not None and economy.position.actual_to_date != 0
        return import_s, timings, report.changes.total
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--forvaltningar", type=int, default=10)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--accounts", type=int, default=40)
    parser.add_argument("--rollups", type=int, default=50)
    parser.add_argument("--database-url", default=None,
                        help="an empty database to use instead of a temporary SQLite file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="malbot-bench-economy-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        log(f"seeding {args.units} enheter under {args.forvaltningar} förvaltningar …")
        root_id, codes = seed(url, units=args.units, forvaltningar=args.forvaltningar,
                              months=args.months)
        sie_path = Path(tmp) / "utfall.se"
        rows = write_sie(sie_path, codes, months=args.months, accounts=args.accounts)
        log(f"SIE file: {rows} #PSALDO rows, {sie_path.stat().st_size / 1e6:.1f} MB")
        import_s, timings, unit_months = asyncio.run(
            run(url, sie_path, root_id, args.months, args.rollups))
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        log(f"import: {import_s:.1f} s for {unit_months} unit-months "
            f"({rows / import_s:,.0f} rows/s)")
        log(f"roll-up: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
            f"over {len(timings)} runs")
        figures = {"rows": rows, "import_s": round(import_s, 2),
                   "rollup_p95_ms": round(p95, 2), "rollup_p50_ms":
                   round(statistics.median(timings), 2), "unit_months": unit_months,
                   "database": url.split(":", 1)[0]}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
