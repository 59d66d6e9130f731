"""The report service on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from followup.calendar import CalendarConfig
from followup.report_rules import RawGoalInput
from storage.db import make_async_engine, make_sessionmaker
from storage.models import AuditEntry, GoalResult, UnitReport
from storage.reports import (
    Actor,
    Outcome,
    load_report_form,
    open_for_edit,
    prompt_overview,
    save_step,
    submit_report,
)
from testing.report_fixtures import ReportOrg, seed_report_org

CFG = CalendarConfig()
NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)  # October 2026 open, before the deadline
AFTER_DEADLINE = datetime(2026, 11, 9, 8, 0, tzinfo=UTC)  # deadline was Fri 6 Nov 16.00
AFTER_CLOSE = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # November 2026 open instead


@dataclass
class Env:
    sessions: async_sessionmaker[AsyncSession]
    org: ReportOrg

    @property
    def alex(self) -> Actor:
        return Actor(self.org.alex_id, "Alex Wilber")

    @property
    def lee(self) -> Actor:
        return Actor(self.org.lee_id, "Lee Gu")

    @property
    def admin(self) -> Actor:
        return Actor(self.org.admin_id, "Ada Admin", is_admin=True)

    async def count(self, model: type, *where: object) -> int:
        async with self.sessions() as session:
            stmt = select(func.count()).select_from(model)
            for clause in where:
                stmt = stmt.where(clause)  # type: ignore[arg-type]
            return int((await session.execute(stmt)).scalar_one())

    async def save(self, actor: Actor, unit_id: int, inputs: dict[int, RawGoalInput],
                   version: int | None, now: datetime = NOW):  # type: ignore[no-untyped-def]
        async with self.sessions() as session:
            return await save_step(session, unit_id=unit_id, period="2026-10", actor=actor,
                                   inputs=inputs, expected_version=version, now=now, cfg=CFG)

    async def submit(self, actor: Actor, unit_id: int, version: int | None,
                     now: datetime = NOW):  # type: ignore[no-untyped-def]
        async with self.sessions() as session:
            return await submit_report(session, unit_id=unit_id, period="2026-10",
                                       actor=actor, expected_version=version, now=now, cfg=CFG)

    async def form(self, actor: Actor, unit_id: int, now: datetime = NOW):  # type: ignore[no-untyped-def]
        async with self.sessions() as session:
            return await load_report_form(session, unit_id=unit_id, period="2026-10",
                                          actor=actor, now=now, cfg=CFG)


@pytest.fixture
async def env(any_db_url: str) -> AsyncIterator[Env]:
    org = seed_report_org(any_db_url)
    engine = make_async_engine(any_db_url)
    try:
        yield Env(make_sessionmaker(engine), org)
    finally:
        await engine.dispose()


def complete_inputs(goal_ids: tuple[int, ...]) -> dict[int, RawGoalInput]:
    values = ["91", "12", "4", "", "0,5", "5,8"]
    return {
        gid: RawGoalInput(status="green", value=values[i], analysis=f"Bra läge {i}.",
                          actions="")
        for i, gid in enumerate(goal_ids)
    }


async def test_form_has_goals_in_perspective_order_and_last_months_values(env: Env) -> None:
    result = await env.form(env.alex, env.org.soc_id)
    assert result.outcome is Outcome.OK and result.form is not None
    form = result.form
    assert [g.perspective for g in form.goals] == [
        "citizens", "citizens", "operations", "operations", "economy", "employees"
    ]
    assert form.period.period == "2026-10" and form.period.is_open
    assert form.state.status == "not_started" and form.state.version == 0
    assert form.last_period == "2026-09"
    assert form.last[env.org.soc_goal_ids[4]].status == "red"
    assert form.last[env.org.soc_goal_ids[4]].value == -2.5
    assert [s.key for s in form.steps()] == ["citizens", "operations", "economy", "employees"]


async def test_saving_a_step_stores_a_draft_and_audits_before_and_after(env: Env) -> None:
    g1, g2 = env.org.soc_goal_ids[:2]
    result = await env.save(env.alex, env.org.soc_id, {
        g1: RawGoalInput(status="green", value="12,5", analysis="Fler svar än väntat.",
                         actions=""),
        g2: RawGoalInput(status="uppfylls delvis", value="17", analysis="",
                         actions="Ny rutin för bedömning."),
    }, version=0)
    assert result.outcome is Outcome.OK and result.changed == 2
    assert result.form is not None
    assert result.form.state.status == "draft" and result.form.state.version == 1
    assert result.form.results[g1].value == 12.5
    assert result.form.results[g2].status == "yellow"
    async with env.sessions() as session:
        entries = (await session.execute(
            select(AuditEntry).where(AuditEntry.entity == "goal_result").order_by(AuditEntry.id)
        )).scalars().all()
    assert len(entries) == 2
    assert entries[0].before is None
    assert entries[0].after == {"status": "green", "value": 12.5,
                                "analysis": "Fler svar än väntat.", "actions": ""}
    assert entries[0].actor_label == "Alex Wilber"
    assert entries[0].details == "role=manager"

    # A later change records before → after.
    result = await env.save(env.alex, env.org.soc_id,
                            {g1: RawGoalInput(status="red", actions="Enkät till alla.")},
                            version=1)
    assert result.outcome is Outcome.OK and result.changed == 1
    async with env.sessions() as session:
        last = (await session.execute(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
        )).scalar_one()
    assert last.before is not None and last.before["status"] == "green"
    assert last.after is not None and last.after["status"] == "red"
    assert last.after["value"] == 12.5  # fields not sent keep their value


async def test_replaying_a_step_writes_nothing_new(env: Env) -> None:
    g1 = env.org.soc_goal_ids[0]
    inputs = {g1: RawGoalInput(status="green", value="90", analysis="Stabilt.", actions="")}
    first = await env.save(env.alex, env.org.soc_id, inputs, version=0)
    again = await env.save(env.alex, env.org.soc_id, inputs, version=0)  # the old card
    assert first.changed == 1
    assert again.outcome is Outcome.OK and again.changed == 0
    assert again.form is not None and again.form.state.version == 1
    assert await env.count(AuditEntry) == 1
    assert await env.count(GoalResult, GoalResult.period_id == env.org.oct_id) == 1


async def test_stale_version_is_a_conflict_naming_who_changed_it(env: Env) -> None:
    # Ada Admin (on behalf) and Alex Wilber (acting) both report for Hemtjänst Syd; its
    # ordinary manager Lee Gu only reads it while Alex acts.
    async with env.sessions() as session:
        refused = await load_report_form(session, unit_id=env.org.hem_s_id, period="2026-10",
                                         actor=env.lee, now=NOW, cfg=CFG)
        form = (await load_report_form(session, unit_id=env.org.hem_s_id, period="2026-10",
                                       actor=env.admin, now=NOW, cfg=CFG)).form
    assert refused.outcome is Outcome.FORBIDDEN
    assert form is not None
    gid = form.goals[0].goal_id
    lee = await env.save(env.lee, env.org.hem_s_id,
                         {gid: RawGoalInput(status="green", analysis="Lees text")}, version=0)
    assert lee.outcome is Outcome.FORBIDDEN
    admin = await env.save(env.admin, env.org.hem_s_id,
                           {gid: RawGoalInput(status="green", analysis="Adas text")}, version=0)
    assert admin.outcome is Outcome.OK
    alex = await env.save(env.alex, env.org.hem_s_id,
                          {gid: RawGoalInput(status="red", actions="Alex åtgärd")}, version=0)
    assert alex.outcome is Outcome.CONFLICT
    assert alex.conflict_by == "Ada Admin"
    assert alex.form is not None and alex.form.results[gid].analysis == "Adas text"
    assert await env.count(AuditEntry) == 1
    async with env.sessions() as session:
        row = (await session.execute(select(GoalResult).where(GoalResult.goal_id == gid))
               ).scalar_one()
    assert row.status == "green"


async def test_simultaneous_writers_cannot_both_win(env: Env) -> None:
    gid = env.org.soc_goal_ids[0]
    first, second = await asyncio.gather(
        env.save(env.alex, env.org.soc_id, {gid: RawGoalInput(status="green", analysis="A")}, 0),
        env.save(env.alex, env.org.soc_id, {gid: RawGoalInput(status="green", analysis="B")}, 0),
    )
    outcomes = sorted([first.outcome, second.outcome])
    assert outcomes == sorted([Outcome.OK, Outcome.CONFLICT])
    assert await env.count(AuditEntry) == 1
    async with env.sessions() as session:
        report = (await session.execute(select(UnitReport).where(
            UnitReport.period_id == env.org.oct_id))).scalar_one()
    assert report.version == 1


async def test_invalid_input_is_reported_per_field_and_nothing_is_stored(env: Env) -> None:
    g1, g2, _, g4, g5, g6 = env.org.soc_goal_ids
    result = await env.save(env.alex, env.org.soc_id, {
        g1: RawGoalInput(status="green", value="abc"),
        g2: RawGoalInput(status="red", value="10", actions=""),
        g4: RawGoalInput(status="green", analysis="x" * 2001),
        g5: RawGoalInput(status="green", value="-0,5"),  # negative allowed: target 0 mkr
        g6: RawGoalInput(status="green", value="120"),  # a percentage over 100
    }, version=0)
    assert result.outcome is Outcome.INVALID
    keys = {(e.goal_id, e.field): e.key for e in result.errors}
    assert keys == {
        (g1, "value"): "report.error.value_not_number",
        (g2, "actions"): "report.error.actions_required",
        (g4, "analysis"): "report.error.text_too_long",
        (g6, "value"): "report.error.value_too_high",
    }
    assert await env.count(GoalResult) == 6  # only September's
    assert await env.count(AuditEntry) == 0
    assert await env.count(UnitReport, UnitReport.period_id == env.org.oct_id) == 0


async def test_foreign_or_unknown_goal_ids_are_rejected(env: Env) -> None:
    foreign = env.org.hem_n_goal_ids[0]
    own = env.org.soc_goal_ids[0]
    for bad in (foreign, 999_999):
        result = await env.save(env.alex, env.org.soc_id, {
            own: RawGoalInput(status="green"), bad: RawGoalInput(status="green"),
        }, version=0)
        assert result.outcome is Outcome.INVALID
        assert [e.key for e in result.errors] == ["report.error.unknown_goal"]
    assert await env.count(GoalResult, GoalResult.period_id == env.org.oct_id) == 0


async def test_only_the_manager_in_charge_or_an_admin_may_report(env: Env) -> None:
    adele = Actor(env.org.adele_id, "Adele Vance")
    gid = env.org.soc_goal_ids[0]
    denied = await env.save(adele, env.org.soc_id, {gid: RawGoalInput(status="green")}, 0)
    assert denied.outcome is Outcome.FORBIDDEN
    assert (await env.form(adele, env.org.soc_id)).outcome is Outcome.FORBIDDEN
    admin = Actor(env.org.admin_id, "Ada Admin", is_admin=True)
    done = await env.save(admin, env.org.soc_id, {gid: RawGoalInput(status="green")}, 0)
    assert done.outcome is Outcome.OK
    async with env.sessions() as session:
        entry = (await session.execute(select(AuditEntry))).scalar_one()
    assert entry.details is not None and "on behalf" in entry.details and "SOC" in entry.details


async def test_closed_period_writes_nothing_and_names_the_open_one(env: Env) -> None:
    gid = env.org.soc_goal_ids[0]
    result = await env.save(env.alex, env.org.soc_id, {gid: RawGoalInput(status="green")}, 0,
                            now=AFTER_CLOSE)
    assert result.outcome is Outcome.CLOSED
    assert result.current_period == "2026-11"
    assert (await env.form(env.alex, env.org.soc_id, now=AFTER_CLOSE)).outcome is Outcome.CLOSED
    assert await env.count(AuditEntry) == 0


async def test_submit_needs_every_goal_then_is_idempotent(env: Env) -> None:
    ids = env.org.soc_goal_ids
    partial = await env.save(env.alex, env.org.soc_id,
                             {ids[0]: RawGoalInput(status="green")}, 0)
    early = await env.submit(env.alex, env.org.soc_id, version=1)
    assert early.outcome is Outcome.INVALID
    assert {e.goal_id for e in early.errors} == set(ids[1:])
    assert partial.form is not None and partial.form.state.status == "draft"

    saved = await env.save(env.alex, env.org.soc_id, complete_inputs(ids), 1)
    assert saved.form is not None
    version = saved.form.state.version
    done = await env.submit(env.alex, env.org.soc_id, version=version)
    assert done.outcome is Outcome.OK and not done.already
    assert done.form is not None and done.form.state.submitted
    assert done.form.state.submitted_by == "Alex Wilber" and not done.form.state.late
    again = await env.submit(env.alex, env.org.soc_id, version=version)  # replayed card
    assert again.outcome is Outcome.OK and again.already
    assert await env.count(AuditEntry, AuditEntry.action == "unit_report.submit") == 1


async def test_simultaneous_submits_store_one_submission(env: Env) -> None:
    saved = await env.save(env.alex, env.org.soc_id, complete_inputs(env.org.soc_goal_ids), 0)
    assert saved.form is not None
    version = saved.form.state.version
    results = await asyncio.gather(*(env.submit(env.alex, env.org.soc_id, version)
                                     for _ in range(3)))
    assert all(r.outcome is Outcome.OK for r in results)
    assert await env.count(AuditEntry, AuditEntry.action == "unit_report.submit") == 1


async def test_late_submission_is_accepted_and_marked(env: Env) -> None:
    saved = await env.save(env.alex, env.org.soc_id, complete_inputs(env.org.soc_goal_ids), 0,
                           now=AFTER_DEADLINE)
    assert saved.form is not None
    done = await env.submit(env.alex, env.org.soc_id, saved.form.state.version,
                            now=AFTER_DEADLINE)
    assert done.outcome is Outcome.OK
    assert done.form is not None and done.form.state.late


async def test_a_submitted_report_can_be_changed_and_stays_submitted(env: Env) -> None:
    ids = env.org.soc_goal_ids
    saved = await env.save(env.alex, env.org.soc_id, complete_inputs(ids), 0)
    assert saved.form is not None
    done = await env.submit(env.alex, env.org.soc_id, saved.form.state.version)
    assert done.form is not None
    async with env.sessions() as session:
        edit = await open_for_edit(session, unit_id=env.org.soc_id, period="2026-10",
                                   actor=env.alex, now=NOW, cfg=CFG)
    assert edit.outcome is Outcome.OK
    cleared = await env.save(env.alex, env.org.soc_id, {ids[0]: RawGoalInput(status="")},
                             done.form.state.version)
    assert cleared.outcome is Outcome.INVALID  # a submitted report keeps every status
    changed = await env.save(env.alex, env.org.soc_id,
                             {ids[0]: RawGoalInput(status="yellow", actions="Mer personal.")},
                             done.form.state.version)
    assert changed.outcome is Outcome.OK and changed.form is not None
    assert changed.form.state.submitted
    assert changed.form.state.submitted_at == done.form.state.submitted_at


async def test_prompt_overview_lists_each_unit_in_charge(env: Env) -> None:
    async with env.sessions() as session:
        lines = await prompt_overview(session, person_id=env.org.alex_id, period="2026-10",
                                      now=NOW, cfg=CFG)
    assert [line.unit.code for line in lines] == ["SOC", "HEM-S"]  # own unit + acting
    assert lines[0].goals_per_perspective == {"citizens": 2, "operations": 2, "economy": 1,
                                              "employees": 1}
    assert lines[1].role is not None and lines[1].role.value == "acting"
    assert lines[0].progress.done == 0 and lines[0].progress.total == 6
