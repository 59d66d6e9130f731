"""Benchmark: import N goals from a Swedish CSV (or .xlsx) into a fresh SQLite database.

    python bench/import_goals.py --rows 5000 [--format csv|xlsx] [--units 60]

Builds a temporary database with an organisation of ``--units`` units, writes a goals
file with ``--rows`` rows (decimal commas, a cascade to the parent unit's goals), then
times ``python -m admin import goals`` 's work (read, validate, write) and a second,
idempotent import of the same file. Prints progress; the last line is one JSON object:
``{"rows", "seconds", "reimport_seconds", "created", "format"}``. Target: seconds < 10.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from services.importing import get_kind  # noqa: E402
from services.importing.runner import run_import  # noqa: E402
from storage.db import make_async_engine, make_sessionmaker, make_sync_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

PERSPECTIVES = ("Medborgare", "Verksamhet", "Ekonomi", "Medarbetare")
HEADER = ["Målreferens", "Enhetskod", "Perspektiv", "Mål", "Indikator", "Måttenhet",
          "Målvärde", "Utgångsvärde", "Riktning", "Överordnat mål", "Gäller från",
          "Gäller till"]


def build_org(url: str, units: int) -> list[tuple[str, str | None]]:
    """A kommun with förvaltningar and enheter; returns (code, parent code) pairs."""
    from sqlalchemy.orm import Session

    from storage.models import OrgUnit

    codes: list[tuple[str, str | None]] = [("KOM", None)]
    branches = max(1, units // 10)
    for b in range(branches):
        codes.append((f"F{b:02d}", "KOM"))
    for u in range(units - 1 - branches):
        codes.append((f"F{u % branches:02d}-E{u:03d}", f"F{u % branches:02d}"))
    engine = make_sync_engine(url)
    with Session(engine) as session, session.begin():
        rows: dict[str, OrgUnit] = {}
        for code, parent in codes:
            parent_row = rows.get(parent) if parent else None
            row = OrgUnit(code=code, name=f"Enhet {code}",
                          kind="kommun" if parent is None else
                          ("forvaltning" if parent == "KOM" else "enhet"),
                          parent_id=parent_row.id if parent_row else None, path="/",
                          depth=0 if parent_row is None else parent_row.depth + 1)
            session.add(row)
            session.flush()
            row.path = f"{parent_row.path if parent_row else '/'}{row.id}/"
            rows[code] = row
    engine.dispose()
    return codes


def goal_rows(codes: list[tuple[str, str | None]], count: int) -> list[list[object]]:
    parents = dict(codes)
    per_unit: dict[str, list[str]] = {}
    rows: list[list[object]] = []
    unit_codes = [c for c, _ in codes]
    for i in range(count):
        code = unit_codes[i % len(unit_codes)]
        ref = f"G{i:06d}"
        parent_code = parents[code]
        parent_ref = per_unit.get(parent_code, [""])[0] if parent_code else ""
        per_unit.setdefault(code, []).append(ref)
        rows.append([ref, code, PERSPECTIVES[i % 4], f"Mål nummer {i} för {code}",
                     "Andel nöjda", "%", f"{80 + i % 20},5", f"{70 + i % 15},25", "högre",
                     parent_ref, "2026-01-01", "2026-12-31"])
    return rows


def write_file(folder: Path, rows: list[list[object]], fmt: str) -> Path:
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Mål")
        sheet.append(HEADER)
        for row in rows:
            sheet.append([_excel(v) for v in row])
        path = folder / "mal.xlsx"
        book.save(path)
        return path
    path = folder / "mal.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _excel(value: object) -> object:
    if isinstance(value, str) and value.endswith((",5", ",25")):
        return float(value.replace(",", "."))
    if isinstance(value, str) and value.startswith("2026-"):
        return date.fromisoformat(value)
    return value


async def timed_import(url: str, path: Path) -> tuple[float, int, int]:
    engine = make_async_engine(url)
    sessionmaker = make_sessionmaker(engine)
    now = datetime.now(UTC)
    try:
        start = time.perf_counter()
        report = await run_import(sessionmaker, get_kind("goals"), path, now=now,
                                  today=now.date())
        seconds = time.perf_counter() - start
    finally:
        await engine.dispose()
    if report.status != "applied":
        raise SystemExit(f"import failed: {len(report.errors)} errors, first: "
                         f"{report.errors[:1]}")
    return seconds, report.counts.created, report.counts.unchanged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.units < 3:
        parser.error("--rows must be ≥ 1 and --units ≥ 3")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'bench.db'}"
        print(f"migrating a fresh SQLite database in {folder}", flush=True)
        upgrade(url)
        codes = build_org(url, args.units)
        print(f"organisation: {len(codes)} units", flush=True)
        path = write_file(folder, goal_rows(codes, args.rows), args.format)
        print(f"wrote {args.rows} goals to {path.name} ({path.stat().st_size // 1024} KiB)",
              flush=True)
        seconds, created, _ = asyncio.run(timed_import(url, path))
        print(f"first import: {created} goals created in {seconds:.2f} s", flush=True)
        again, _, unchanged = asyncio.run(timed_import(url, path))
        print(f"second import: {unchanged} unchanged in {again:.2f} s", flush=True)
    print(json.dumps({"rows": args.rows, "seconds": round(seconds, 3),
                      "reimport_seconds": round(again, 3), "created": created,
                      "format": args.format}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
