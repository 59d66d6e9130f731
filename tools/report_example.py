"""Make the example pages of the report document in ``docs/`` (``report-example-N.png``).

    python tools/report_example.py [--period 2026-09] [--pages 1,5,7] [--keep-pdf F]

Seeds the demo kommun into a temporary SQLite database, lets Alex Wilber (the demo's
förvaltningschef of Barn- och utbildningsförvaltningen) write and mark klar the level's
sammanfattande analys through the same use case as the Teams card, renders the
förvaltning's document as PDF/A-2b and turns the chosen pages into PNG with ``pdftoppm``
(Poppler). Needs the packages named in the README.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)  # the demo's "now" (as in the tests)
TEXTS = {
    "citizens": (
        "Förskolorna och skolorna når i stort målen för trygghet och nöjdhet. Andelen elever "
        "som känner sig trygga ligger kvar över målvärdet, men nöjdheten med förskolans "
        "bemötande har sjunkit något sedan våren.\n\nVi följer särskilt upp de enheter där "
        "vårdnadshavarnas nöjdhet ligger under 85 %."
    ),
    "operations": (
        "Kunskapsresultaten förbättras: fler elever i årskurs 9 har godkända betyg i alla "
        "ämnen än för ett år sedan. Gymnasiets närvaro är fortsatt förvaltningens största "
        "utmaning; närvaroteamen arbetar nu på alla tre skolor."
    ),
    "economy": (
        "Förvaltningen prognostiserar ett underskott på 2,4 mnkr, främst för skolskjuts och "
        "tilläggsbelopp. Åtgärder: samordnade skjutsar och en översyn av vikariekostnaderna."
    ),
    "employees": (
        "Sjukfrånvaron har minskat till 6,1 %. Medarbetarenkätens resultat för arbetsmiljö "
        "är oförändrat; rektorerna tar fram handlingsplaner före december."
    ),
}


async def _prepare(url: str, period: str) -> bytes:
    from sqlalchemy import select

    from followup.calendar import CalendarConfig
    from services.documents import Requester, build_document, render
    from services.level_analysis import LevelActor, save_level
    from storage.db import make_async_engine, make_sessionmaker
    from storage.level_analysis import load_analysis
    from storage.models import OrgUnit, Person
    from storage.periods import get_period

    engine = make_async_engine(url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            unit_id = (await session.execute(
                select(OrgUnit.id).where(OrgUnit.code == "BUF"))).scalar_one()
            alex = (await session.execute(
                select(Person).where(Person.name == "Alex Wilber"))).scalar_one()
            row = await get_period(session, period)
            assert row is not None, period
            stored = await load_analysis(session, unit_id, row.id)
            result = await save_level(
                session, actor=LevelActor(alex.id, alex.name), unit_id=unit_id,
                period=period, texts=TEXTS, done=True, expected_version=stored.version,
                now=NOW, calendar=CalendarConfig())
            print(f"level analysis: {result.outcome}")
        async with sessions() as session:
            document = await build_document(
                session, requester=Requester(alex.id, name=alex.name), unit_id=unit_id,
                period_code=period, today=NOW.astimezone(ZoneInfo("Europe/Stockholm")).date(),
                zone=ZoneInfo("Europe/Stockholm"))
        return render(document, "pdf")
    finally:
        await engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--period", default="2026-09")
    parser.add_argument("--pages", default="1,5,7", help="page numbers, comma-separated")
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--keep-pdf", type=Path, default=None)
    args = parser.parse_args()
    from demo.seed import seed_if_empty
    from storage.migrate import upgrade

    if shutil.which("pdftoppm") is None:
        parser.error("pdftoppm is missing: apt-get install -y poppler-utils")
    with tempfile.TemporaryDirectory(prefix="malbot-example-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        upgrade(url)
        seed_if_empty(url, now=NOW)
        pdf = asyncio.run(_prepare(url, args.period))
        path = Path(tmp) / "example.pdf"
        path.write_bytes(pdf)
        if args.keep_pdf:
            args.keep_pdf.write_bytes(pdf)
        docs = ROOT / "docs"
        docs.mkdir(exist_ok=True)
        for n, page in enumerate(int(p) for p in args.pages.split(",")):
            prefix = Path(tmp) / f"page{n}"
            subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-f", str(page), "-l",
                            str(page), "-singlefile", str(path), str(prefix)], check=True)
            target = docs / f"report-example-{n + 1}.png"
            shutil.copy(f"{prefix}.png", target)
            print(f"page {page} → {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
