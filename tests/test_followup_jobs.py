"""The scheduler queues leader summaries and decision follow-up once, when due."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import create_engine, select

from config import Settings
from scheduler.followup_jobs import reconcile_followups
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.models import OutboxMessage, Person
from testing.harness import make_settings

# The October 2026 period: deadline Fri 6 Nov 16.00, escalation and summaries Mon 9 Nov.
BEFORE_SUMMARY = datetime(2026, 11, 9, 8, 30, tzinfo=UTC)  # 09.30 in Stockholm
AFTER_SUMMARY = datetime(2026, 11, 9, 9, 30, tzinfo=UTC)  # 10.30 in Stockholm


def _outbox(settings: Settings) -> list[tuple[str, str | None, str | None]]:
    engine = create_engine(sync_url(settings.database_url))
    with engine.connect() as conn:
        rows = conn.execute(
            select(OutboxMessage.kind, Person.email, OutboxMessage.period)
            .join(Person, Person.id == OutboxMessage.person_id)
        ).all()
    engine.dispose()
    return [(r[0], r[1], r[2]) for r in rows]


async def _run(settings: Settings, now: datetime) -> dict[str, int | None]:
    engine = make_async_engine(settings.database_url)
    try:
        return await reconcile_followups(make_sessionmaker(engine), settings, now)
    finally:
        await engine.dispose()


async def test_summaries_wait_for_the_summary_moment_then_go_once(demo_url: str) -> None:
    settings = make_settings(demo_url)
    await _run(settings, BEFORE_SUMMARY)
    assert not [r for r in _outbox(settings) if r[0] == "summary"]

    done = await _run(settings, AFTER_SUMMARY)
    summaries = [r for r in _outbox(settings) if r[0] == "summary"]
    recipients = {email for _, email, _ in summaries}
    assert "meganb@example.com" in recipients  # the kommunchef
    assert "alexw@example.com" in recipients  # a förvaltningschef
    assert "adelev@example.com" not in recipients  # leads no one
    assert all(period == "2026-10" for _, _, period in summaries)
    assert done["summaries"] == len(summaries)

    again = await _run(settings, AFTER_SUMMARY.replace(hour=12))
    assert again["summaries"] is None
    assert len([r for r in _outbox(settings) if r[0] == "summary"]) == len(summaries)


async def test_overdue_decisions_are_reminded_once_a_day_at_most(demo_url: str) -> None:
    settings = make_settings(demo_url)
    first = await _run(settings, AFTER_SUMMARY)
    reminders = [r for r in _outbox(settings) if r[0] == "decision_reminder"]
    assert reminders, "the demo kommun has overdue decisions"
    assert first["decision_reminders"] == len(reminders)
    second = await _run(settings, AFTER_SUMMARY.replace(hour=13))
    assert second["decision_reminders"] is None
    third = await _run(settings, datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    assert third["decision_reminders"] == 0  # deduplicated per month in the outbox
    assert len([r for r in _outbox(settings) if r[0] == "decision_reminder"]) == len(reminders)
