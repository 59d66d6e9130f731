"""The Alembic migrations build the schema from empty, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.db import sync_url
from storage.migrate import downgrade, upgrade
from storage.models import Base, Goal, GoalResult, OrgUnit, ReportingPeriod, UnitReport


def test_schema_matches_the_models(any_db_url: str) -> None:
    engine = create_engine(sync_url(any_db_url))
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables


def test_downgrade_to_empty_and_up_again(any_db_url: str) -> None:
    downgrade(any_db_url, "base")
    engine = create_engine(sync_url(any_db_url))
    assert "goals" not in inspect(engine).get_table_names()
    engine.dispose()
    upgrade(any_db_url)
    engine = create_engine(sync_url(any_db_url))
    assert "goals" in inspect(engine).get_table_names()
    engine.dispose()


def test_one_result_per_goal_and_period(any_db_url: str) -> None:
    engine = create_engine(sync_url(any_db_url))
    now = datetime(2026, 11, 2, 7, tzinfo=UTC)
    with Session(engine) as session:
        unit = OrgUnit(code="E1", name="Enhet", kind="enhet", path="/", depth=0)
        session.add(unit)
        session.flush()
        unit.path = f"/{unit.id}/"
        goal = Goal(unit_id=unit.id, perspective="citizens", title="Mål",
                    valid_from=date(2026, 1, 1))
        period = ReportingPeriod(period="2026-10", opens_at=now, deadline_at=now, closes_at=now)
        session.add_all([goal, period])
        session.flush()
        report = UnitReport(unit_id=unit.id, period_id=period.id)
        session.add(report)
        session.flush()
        common = {"goal_id": goal.id, "period_id": period.id, "unit_id": unit.id,
                  "report_id": report.id, "perspective": "citizens", "status": "green"}
        session.add(GoalResult(**common))
        session.commit()
        session.add(GoalResult(**common))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        session.add(GoalResult(**{**common, "goal_id": goal.id, "status": "purple"}))
        with pytest.raises(IntegrityError):  # status check constraint
            session.commit()
    engine.dispose()


def test_datetimes_come_back_timezone_aware(any_db_url: str) -> None:
    engine = create_engine(sync_url(any_db_url))
    at = datetime(2026, 11, 6, 15, 0, tzinfo=UTC)
    with Session(engine) as session:
        session.add(ReportingPeriod(period="2026-10", opens_at=at, deadline_at=at, closes_at=at))
        session.commit()
    with Session(engine) as session:
        row = session.query(ReportingPeriod).one()
        assert row.deadline_at == at and row.deadline_at.tzinfo is not None
        with pytest.raises(Exception, match="naive"):
            session.add(ReportingPeriod(period="2026-11", opens_at=at.replace(tzinfo=None),
                                        deadline_at=at, closes_at=at))
            session.commit()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reporting_periods")).scalar_one() == 1
    engine.dispose()
