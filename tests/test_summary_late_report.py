"""A late report after the summary was sent shows up in the on-demand summary and in next
month's trend (SQLite, and PostgreSQL when configured).

Sjöviks kommun (testing.report_fixtures): Socialförvaltningen (SOC, Alex) with Hemtjänst
Norr (HEM-N, Adele) and Hemtjänst Syd (HEM-S, Lee; Alex acting 15 Oct–30 Nov), six goals
each. SOC and HEM-N report October on time; HEM-S has not reported when the summaries are
queued on the summary day. Alex, acting for HEM-S, then saves and submits its October
report through the report service after the deadline. The summary already queued keeps
its figures; ``sammanställning`` builds them anew, and November's trend compares with the
late October results.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from followup.calendar import CalendarConfig, schedule_for
from followup.report_rules import RawGoalInput
from followup.summary import StatusCounts, Summary
from services.summaries import (
    SUMMARY_KIND,
    RenderedSummary,
    Viewer,
    queue_summaries,
    summaries_for_command,
)
from storage.db import make_async_engine, make_sessionmaker
from storage.models import OutboxMessage
from storage.reports import Actor, Outcome, ReportResult, load_report_form, save_step, submit_report
from testing.adaptive_card_check import text_of
from testing.report_fixtures import ReportOrg, seed_report_org

CFG = CalendarConfig()
OCTOBER, NOVEMBER = "2026-10", "2026-11"
OCT_SCHEDULE, NOV_SCHEDULE = schedule_for(OCTOBER, CFG), schedule_for(NOVEMBER, CFG)
OCT_ON_TIME = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)  # before Fri 6 Nov 16.00
OCT_SUMMARY_DAY = OCT_SCHEDULE.summary_at  # Mon 9 Nov 10.00
OCT_LATE = datetime(2026, 11, 10, 13, 0, tzinfo=UTC)  # after the deadline, still open
NOV_ON_TIME = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # before Mon 7 Dec 16.00
NOV_SUMMARY_DAY = NOV_SCHEDULE.summary_at  # Tue 8 Dec 10.00

# Statuses per goal, in the goals' order on the form.
SOC_STATUSES = ("green", "green", "yellow", "green", "red", "yellow")
HEM_N_STATUSES = ("green", "green", "green", "red", "green", "green")
HEM_S_LATE = ("red", "red", "yellow", "green", "red", "red")
ALL_GREEN = ("green",) * 6


@dataclass
class Env:
    sessions: async_sessionmaker[AsyncSession]
    org: ReportOrg

    def actor(self, key: str) -> Actor:
        ids = {"alex": (self.org.alex_id, "Alex Wilber"), "adele": (self.org.adele_id,
               "Adele Vance"), "lee": (self.org.lee_id, "Lee Gu")}
        person_id, name = ids[key]
        return Actor(person_id, name)

    @property
    def megan(self) -> Viewer:
        return Viewer(person_id=self.org.megan_id)

    async def goal_ids(self, actor: Actor, unit_id: int, period: str,
                       now: datetime) -> list[int]:
        async with self.sessions() as session:
            result = await load_report_form(session, unit_id=unit_id, period=period,
                                            actor=actor, now=now, cfg=CFG)
        assert result.outcome is Outcome.OK and result.form is not None, result.outcome
        return [g.goal_id for g in result.form.goals]

    async def report(self, actor: Actor, unit_id: int, period: str,
                     statuses: Sequence[str], now: datetime, *,
                     in_steps: bool = False) -> ReportResult:
        """The unit's report through the service: all at once on submit, or (``in_steps``)
        the first half saved as a draft first, then the rest sent with the submit."""
        goal_ids = await self.goal_ids(actor, unit_id, period, now)
        assert len(goal_ids) == len(statuses)
        inputs = {
            gid: RawGoalInput(status=status, analysis=f"{period}: läget för mål {i}.",
                              actions="" if status == "green" else f"Åtgärd för mål {i}.")
            for i, (gid, status) in enumerate(zip(goal_ids, statuses, strict=True))
        }
        version = 0
        if in_steps:
            first = dict(list(inputs.items())[:3])
            async with self.sessions() as session:
                saved = await save_step(session, unit_id=unit_id, period=period, actor=actor,
                                        inputs=first, expected_version=0, now=now, cfg=CFG)
            assert saved.outcome is Outcome.OK and saved.form is not None, saved.errors
            assert saved.form.state.status == "draft"
            version = saved.form.state.version
            inputs = {gid: raw for gid, raw in inputs.items() if gid not in first}
        async with self.sessions() as session:
            result = await submit_report(session, unit_id=unit_id, period=period, actor=actor,
                                         expected_version=version, now=now, cfg=CFG,
                                         inputs=inputs)
        assert result.outcome is Outcome.OK and result.form is not None, result.errors
        assert result.form.state.submitted
        return result

    async def on_demand(self, period: str, now: datetime,
                        unit_query: str | None = None) -> RenderedSummary:
        """What ``sammanställning [enhet] <period>`` shows Megan (as dialogs.summary asks)."""
        async with self.sessions() as session:
            rendered = await summaries_for_command(
                session, viewer=self.megan, unit_query=unit_query, period=period, now=now,
                calendar=CFG, sessions=self.sessions,
            )
        assert len(rendered) == 1
        return rendered[0]

    async def queue(self, period: str, now: datetime) -> int:
        """The summary day's job: one summary per leader into the (real) outbox."""
        async with self.sessions() as session, session.begin():
            return await queue_summaries(session, period=period, now=now, lang="sv",
                                         calendar=CFG)

    async def queued_for_kommun(self, period: str) -> OutboxMessage:
        async with self.sessions() as session:
            return (await session.execute(
                select(OutboxMessage).where(OutboxMessage.kind == SUMMARY_KIND,
                                            OutboxMessage.period == period,
                                            OutboxMessage.unit_id == self.org.kommun_id)
            )).scalar_one()


@pytest.fixture
async def env(any_db_url: str) -> AsyncIterator[Env]:
    org = seed_report_org(any_db_url)
    engine = make_async_engine(any_db_url)
    try:
        yield Env(make_sessionmaker(engine), org)
    finally:
        await engine.dispose()


def counts(statuses: Sequence[str]) -> StatusCounts:
    return StatusCounts(green=statuses.count("green"), yellow=statuses.count("yellow"),
                        red=statuses.count("red"))


async def october_summary_sent_without_hem_s(env: Env) -> Summary:
    """SOC and HEM-N report on time, HEM-S not; the summaries are queued."""
    org = env.org
    await env.report(env.actor("alex"), org.soc_id, OCTOBER, SOC_STATUSES, OCT_ON_TIME)
    await env.report(env.actor("adele"), org.hem_n_id, OCTOBER, HEM_N_STATUSES, OCT_ON_TIME)
    assert await env.queue(OCTOBER, OCT_SUMMARY_DAY) == 2  # Megan (kommun), Alex (SOC)
    sent = (await env.on_demand(OCTOBER, OCT_SUMMARY_DAY)).summary
    assert (sent.reporting.on_time, sent.reporting.late, sent.reporting.missing) == (2, 0, 1)
    assert [(m.unit.code, m.draft) for m in sent.reporting.missing_units] == [("HEM-S", False)]
    assert sent.goals == counts(SOC_STATUSES) + counts(HEM_N_STATUSES) + StatusCounts(
        not_reported=6)
    queued = await env.queued_for_kommun(OCTOBER)
    assert "2 av 3 enheter har rapporterat" in queued.payload["text"]
    return sent


async def test_late_report_counts_in_the_on_demand_summary_of_its_month(env: Env) -> None:
    sent = await october_summary_sent_without_hem_s(env)
    late = await env.report(env.actor("alex"), env.org.hem_s_id, OCTOBER, HEM_S_LATE,
                            OCT_LATE, in_steps=True)
    assert late.form is not None and late.form.state.late
    assert late.form.state.submitted_by_role == "acting"

    rendered = await env.on_demand(OCTOBER, OCT_LATE + timedelta(hours=1))
    now = rendered.summary
    assert now.root.code == "KOMMUN"
    # HEM-S is reported late, no longer missing; its results are in the counts.
    assert (now.reporting.on_time, now.reporting.late, now.reporting.missing) == (2, 1, 0)
    assert now.reporting.missing_units == ()
    assert now.goals == counts(SOC_STATUSES) + counts(HEM_N_STATUSES) + counts(HEM_S_LATE)
    assert now.goals.red == sent.goals.red + 4 and now.goals.not_reported == 0
    assert now.attention_total == sent.attention_total + 4
    assert "HEM-S" in {a.unit.code for a in now.attention}
    (soc,) = now.children
    assert soc.unit.code == "SOC"
    assert (soc.reporting.on_time, soc.reporting.late, soc.reporting.missing) == (2, 1, 0)
    assert "3 av 3 enheter har rapporterat" in rendered.text
    # Drilled down to SOC, HEM-S's own report is late.
    soc_view = (await env.on_demand(OCTOBER, OCT_LATE + timedelta(hours=1), "SOC")).summary
    assert {c.unit.code: c.own_report for c in soc_view.children} == {
        "HEM-N": "on_time", "HEM-S": "late"
    }
    # What was queued on the summary day stays as it was and is not queued again.
    queued = await env.queued_for_kommun(OCTOBER)
    assert "2 av 3 enheter har rapporterat" in queued.payload["text"]
    assert await env.queue(OCTOBER, OCT_LATE + timedelta(hours=2)) == 0


async def test_late_results_are_what_next_month_is_compared_with(env: Env) -> None:
    await october_summary_sent_without_hem_s(env)
    await env.report(env.actor("alex"), env.org.hem_s_id, OCTOBER, HEM_S_LATE, OCT_LATE,
                     in_steps=True)
    # November: SOC and HEM-N as in October; HEM-S (Lee again) all green.
    org = env.org
    await env.report(env.actor("alex"), org.soc_id, NOVEMBER, SOC_STATUSES, NOV_ON_TIME)
    await env.report(env.actor("adele"), org.hem_n_id, NOVEMBER, HEM_N_STATUSES, NOV_ON_TIME)
    await env.report(env.actor("lee"), org.hem_s_id, NOVEMBER, ALL_GREEN, NOV_ON_TIME)

    november = (await env.on_demand(NOVEMBER, NOV_SUMMARY_DAY)).summary
    previous = november.trends[0]
    assert (previous.kind, previous.period) == ("previous", OCTOBER)
    # All 18 goals compare with a submitted October result, HEM-S's late ones included:
    # its four reds and one yellow are now green.
    assert (previous.compared, previous.improved, previous.worsened, previous.newly_red) == (
        18, 5, 0, 0
    )
    hem_s = (await env.on_demand(NOVEMBER, NOV_SUMMARY_DAY, "HEM-S")).summary
    assert (hem_s.trends[0].compared, hem_s.trends[0].improved) == (6, 5)

    # The summary queued on November's summary day says so too.
    assert await env.queue(NOVEMBER, NOV_SUMMARY_DAY) == 2
    card_text = text_of((await env.queued_for_kommun(NOVEMBER)).payload["card"])
    assert "Mot oktober 2026" in card_text
    assert "5 bättre · 0 sämre · 0 nya som inte uppfylls" in card_text
