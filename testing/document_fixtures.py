"""The decision test organisation (:mod:`testing.decision_fixtures`) with what a report
document shows: earlier periods to compare with, a red goal with a long Swedish text,
leaders' analyses at three levels and a tertial.

On top of ``seed_decision_org``:

* periods ``2026-09``, ``2025-10`` (last year) and ``2026-T1`` besides ``2026-10``;
* HEM-N's ``G-HEM-N-1`` (Andel nöjda, target 90 %): 90 in September, 95 in October 2025,
  92,5 in October 2026 (so +2,5 bättre / -2,5 sämre), 88 in T1;
* SKOLA (BUF, Cia Carlsson) October: red, value 12,5, a long analysis (:data:`LONG_TEXT`);
* HEM-S has no report (Alex Wilber acts for Lee Gu on 2026-11-04);
* level analyses for October: KOMMUN by Megan (:data:`KOMMUN_TEXT`, klar), SOC by Alex
  (:data:`SOC_TEXT`, klar), BUF by Bo (:data:`BUF_TEXT`, draft).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup.calendar import CalendarConfig, schedule_for
from storage.db import make_sync_engine
from storage.models import (
    GoalResult,
    LevelAnalysis,
    LevelAnalysisText,
    ReportingPeriod,
    UnitReport,
)
from testing.decision_fixtures import DecisionOrg, seed_decision_org

KOMMUN_TEXT = "Kommunens sammanfattning: Sjöviks verksamheter når de flesta målen i år."
SOC_TEXT = "Socialförvaltningens analys: hemtjänsten i Norr når målet för nöjdhet."
BUF_TEXT = "Barn- och utbildningsförvaltningens hemliga utkast om skolans åtgärder."
LONG_TEXT = (
    "Skolan når inte målet för nöjdhet. Eleverna i årskurs 7–9 är mindre nöjda med "
    "studiero och bemötande än förra året; särskilt på högstadiet. "
) * 18 + "\n\nSlutsats: åtgärderna ökar tryggheten och ökar nöjdheten före årsskiftet."


@dataclass(frozen=True)
class DocumentOrg:
    base: DecisionOrg
    periods: dict[str, int]

    @property
    def units(self) -> dict[str, int]:
        return self.base.units

    @property
    def people(self) -> dict[str, int]:
        return self.base.people


def seed_document_org(url: str, cfg: CalendarConfig | None = None) -> DocumentOrg:
    cfg = cfg or CalendarConfig()
    base = seed_decision_org(url, cfg)
    engine = make_sync_engine(url)
    try:
        with Session(engine) as session, session.begin():
            periods = {"2026-10": base.period_id}
            for code, month_code in (("2026-09", "2026-09"), ("2025-10", "2025-10"),
                                     ("2026-T1", "2026-04")):
                schedule = schedule_for(month_code, cfg)
                row = ReportingPeriod(period=code, opens_at=schedule.opens_at,
                                      deadline_at=schedule.deadline_at,
                                      closes_at=schedule.closes_at)
                session.add(row)
                session.flush()
                periods[code] = row.id
            units, people, goals = base.units, base.people, base.goals

            def report(code: str, period: str, by: str, at: datetime,
                       results: list[tuple[str, str, float | None, str, str]]) -> None:
                rep = UnitReport(unit_id=units[code], period_id=periods[period],
                                 status="submitted", version=1, submitted_at=at,
                                 submitted_by_id=people[by], submitted_by_role="manager",
                                 updated_at=at, updated_by_id=people[by])
                session.add(rep)
                session.flush()
                for ref, status, value, analysis, actions in results:
                    session.add(GoalResult(
                        goal_id=goals[ref], period_id=periods[period], unit_id=units[code],
                        report_id=rep.id, perspective="citizens" if ref.endswith("-1")
                        else "economy", status=status, value=value, analysis=analysis,
                        actions=actions, updated_at=at, updated_by_id=people[by]))

            report("HEM-N", "2026-09", "adele", datetime(2026, 10, 5, 9, 0, tzinfo=UTC),
                   [("G-HEM-N-1", "green", 90.0, "", "")])
            report("HEM-N", "2025-10", "adele", datetime(2025, 11, 5, 9, 0, tzinfo=UTC),
                   [("G-HEM-N-1", "green", 95.0, "", "")])
            report("HEM-N", "2026-T1", "adele", datetime(2026, 5, 6, 9, 0, tzinfo=UTC),
                   [("G-HEM-N-1", "yellow", 88.0, "Tertialets analys för Norr.", "")])
            report("SKOLA", "2026-10", "cia", datetime(2026, 11, 4, 8, 0, tzinfo=UTC),
                   [("G-SKOLA-1", "red", 12.5, LONG_TEXT, "Vi inför mentorstid och "
                     "förstärker rastvärdar.")])

            now = datetime(2026, 11, 4, 8, 30, tzinfo=UTC)
            for code, by, text, done in (("KOMMUN", "megan", KOMMUN_TEXT, True),
                                         ("SOC", "alex", SOC_TEXT, True),
                                         ("BUF", "bo", BUF_TEXT, False)):
                analysis = LevelAnalysis(
                    unit_id=units[code], period_id=periods["2026-10"],
                    status="done" if done else "draft", version=1, updated_at=now,
                    updated_by_id=people[by], done_at=now if done else None,
                    done_by_id=people[by] if done else None)
                session.add(analysis)
                session.flush()
                session.add(LevelAnalysisText(analysis_id=analysis.id, perspective="citizens",
                                              text=text))
            assert session.execute(select(ReportingPeriod.id)).first() is not None
        return DocumentOrg(base, periods)
    finally:
        engine.dispose()
