"""The scheduler queues leader summaries and decision follow-up once, when due."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, delete, select

from config import Settings
from services.followup_rounds import DECISION_PROMPT_JOB, reconcile_followups
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.models import JobRun, OutboxMessage, Person
from testing.decision_fixtures import seed_decision_org
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


# --------------------------------------------------------------------------- decision prompts

# The October 2026 period opens Mon 2 Nov at 08.00 in Stockholm (07.00 UTC).
BEFORE_OPENING = datetime(2026, 11, 2, 6, 59, tzinfo=UTC)  # between two periods
AT_OPENING = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)


def _prompts(settings: Settings) -> list[Any]:
    engine = create_engine(sync_url(settings.database_url))
    with engine.connect() as conn:
        rows = conn.execute(
            select(OutboxMessage.person_id, OutboxMessage.unit_id, OutboxMessage.period,
                   OutboxMessage.payload, OutboxMessage.next_attempt_at)
            .where(OutboxMessage.kind == "decision_prompt")
        ).all()
    engine.dispose()
    return list(rows)


def _card_text(node: Any) -> str:
    if isinstance(node, dict):
        own = [str(node.get("text", ""))] if node.get("type") == "TextBlock" else []
        return "\n".join(own + [_card_text(v) for v in node.values()])
    if isinstance(node, list):
        return "\n".join(_card_text(v) for v in node)
    return ""


async def test_decision_prompt_is_queued_once_when_the_period_opens(any_db_url: str) -> None:
    """The decision organisation: KLK has open decisions and no goals, so its manager
    (Megan) gets the monthly decision card; every other unit reports goals and gets the
    decision step inside the monthly report instead."""
    org = seed_decision_org(any_db_url)
    settings = make_settings(any_db_url)

    before = await _run(settings, BEFORE_OPENING)
    assert DECISION_PROMPT_JOB not in before  # no open period, nothing to ask about
    assert _prompts(settings) == []

    first = await _run(settings, AT_OPENING)
    assert first[DECISION_PROMPT_JOB] == 1
    prompts = _prompts(settings)
    assert [(p.person_id, p.unit_id, p.period) for p in prompts] == [
        (org.people["megan"], org.units["KLK"], "2026-10")]

    # again the same minute and two days later: the job has run for the period
    assert (await _run(settings, AT_OPENING))[DECISION_PROMPT_JOB] is None
    assert (await _run(settings, datetime(2026, 11, 4, 9, 30, tzinfo=UTC)))[
        DECISION_PROMPT_JOB] is None
    assert len(_prompts(settings)) == 1

    # even if the run record is lost, the outbox key keeps it to one message
    engine = create_engine(sync_url(settings.database_url))
    with engine.begin() as conn:
        conn.execute(delete(JobRun).where(JobRun.job == DECISION_PROMPT_JOB))
    engine.dispose()
    assert (await _run(settings, AT_OPENING))[DECISION_PROMPT_JOB] == 0
    assert len(_prompts(settings)) == 1

    prompt = prompts[0]
    assert prompt.next_attempt_at == AT_OPENING  # Monday 08.00: at once
    assert prompt.payload["text"] == (
        "Dags att följa upp 2 öppna beslut för Kommunledningskontoret.")
    text = _card_text(prompt.payload["card"])
    assert "Beslut att följa upp – Kommunledningskontoret, oktober 2026" in text
    assert "**KS 2026/30** – Ny arkivplan" in text
    assert "**KS 2026/31** – Översyn av delegationsordningen" in text
    for other in ("KS 2026/10", "KS 2026/20", "KF 2026/3", "BUN 2026/7"):
        assert other not in text
