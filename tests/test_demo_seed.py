"""The demo kommun: structure, demo identities, goals, history, open period, decisions."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from demo.seed import (
    ACTING_UNIT_CODE,
    ADELE_AAD_ID,
    ADELE_UNIT_CODE,
    ALEX_AAD_ID,
    ALEX_UNIT_CODE,
    HISTORY_PERIODS,
    MEGAN_AAD_ID,
    MEGAN_UNIT_CODE,
    SeedSummary,
    clear_database,
    seed_demo,
    seed_if_empty,
)
from followup.org import Assignment, OrgTree
from followup.perspectives import PERSPECTIVE_ORDER
from storage.db import make_sync_engine
from storage.migrate import upgrade
from storage.models import (
    Decision,
    DecisionUpdate,
    Goal,
    GoalResult,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
)
from storage.org_queries import unit_from_row

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STHLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Seeded:
    url: str
    summary: SeedSummary
    seconds: float


def _seed_file(path: Path, now: datetime) -> Seeded:
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_sync_engine(url)
    try:
        with Session(engine) as session:
            started = time.perf_counter()
            summary = seed_demo(session, now=now)
            session.commit()
            seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    return Seeded(url, summary, seconds)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    return _seed_file(tmp_path_factory.mktemp("seed") / "demo.db", NOW)


@pytest.fixture
def session(seeded: Seeded) -> Iterator[Session]:
    engine = make_sync_engine(seeded.url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _tree(session: Session) -> OrgTree:
    units = session.execute(select(OrgUnit)).scalars().all()
    assignments = session.execute(select(ManagerAssignment)).scalars().all()
    return OrgTree.build(
        (unit_from_row(u) for u in units),
        (
            Assignment(a.unit_id, a.person_id, a.role, a.valid_from, a.valid_to)
            for a in assignments
        ),
    )


def _unit(session: Session, code: str) -> OrgUnit:
    return session.execute(select(OrgUnit).where(OrgUnit.code == code)).scalar_one()


def _person(session: Session, aad_id: str) -> Person:
    return session.execute(select(Person).where(Person.aad_object_id == aad_id)).scalar_one()


def _current(session: Session, now: datetime) -> ReportingPeriod:
    opened = session.execute(
        select(ReportingPeriod)
        .where(ReportingPeriod.opens_at <= now)
        .order_by(ReportingPeriod.opens_at.desc())
    ).scalars().first()
    assert opened is not None
    return opened


def _is_open(period: ReportingPeriod, now: datetime) -> bool:
    until = max(period.closes_at, period.reopened_until or period.closes_at)
    return period.opens_at <= now < until


def _demo_unit_ids(session: Session, tree: OrgTree, on: date) -> set[int]:
    people = {_person(session, aad).id for aad in (ALEX_AAD_ID, MEGAN_AAD_ID, ADELE_AAD_ID)}
    return {u.id for p in people for u in tree.units_managed(p, on)}


# --------------------------------------------------------------------------- organisation


def test_seeding_is_fast_and_counts_match(seeded: Seeded, session: Session) -> None:
    assert seeded.seconds < 10  # typically well under a second
    s = seeded.summary
    assert s.units == session.scalar(select(func.count()).select_from(OrgUnit))
    assert s.goals == session.scalar(select(func.count()).select_from(Goal))
    assert s.goal_results == session.scalar(select(func.count()).select_from(GoalResult))
    assert s.reports == session.scalar(select(func.count()).select_from(UnitReport))
    assert s.decisions == session.scalar(select(func.count()).select_from(Decision))
    assert s.current_period == "2026-10"
    assert not s.current_period_reopened
    assert any("Mål:" in line for line in s.lines())


def test_org_tree_has_a_kommun_root_forvaltningar_and_four_levels(session: Session) -> None:
    units = session.execute(select(OrgUnit)).scalars().all()
    kinds = Counter(u.kind for u in units)
    assert len(units) >= 25
    assert kinds["kommun"] == 1
    assert kinds["kommun"] + kinds["forvaltning"] >= 5
    assert kinds["avdelning"] >= 5 and kinds["enhet"] >= 10
    assert max(u.depth for u in units) >= 3

    root = _unit(session, MEGAN_UNIT_CODE)
    assert root.kind == "kommun" and root.parent_id is None and root.path == f"/{root.id}/"
    by_id = {u.id: u for u in units}
    for unit in units:
        if unit.parent_id is not None:
            parent = by_id[unit.parent_id]
            assert unit.path == f"{parent.path}{unit.id}/"
            assert unit.depth == parent.depth + 1
            assert unit.code.startswith(parent.code) or parent.kind == "kommun"
    assert len({u.code for u in units}) == len(units)


def test_every_unit_has_one_manager_and_some_lead_several(session: Session) -> None:
    tree = _tree(session)
    today = NOW.astimezone(STHLM).date()
    managers = [tree.manager(u.id, today) for u in tree.units.values()]
    assert all(m is not None for m in managers)
    assert max(Counter(managers).values()) >= 2  # someone manages more than one unit
    people = session.execute(select(Person)).scalars().all()
    assert all(p.email and p.email.endswith("@example.com") for p in people)
    assert sum(p.is_admin for p in people) == 1


def test_demo_identities_have_their_roles(session: Session) -> None:
    tree = _tree(session)
    today = NOW.astimezone(STHLM).date()

    megan = _person(session, MEGAN_AAD_ID)
    assert (megan.name, megan.email) == ("Megan Bowen", "meganb@example.com")
    assert [u.code for u in tree.units_in_charge(megan.id, today)] == [MEGAN_UNIT_CODE]
    assert tree.is_leader(megan.id, today)

    alex = _person(session, ALEX_AAD_ID)
    assert (alex.name, alex.email) == ("Alex Wilber", "alexw@example.com")
    (alex_unit,) = tree.units_in_charge(alex.id, today)
    assert alex_unit.code == ALEX_UNIT_CODE and alex_unit.kind == "forvaltning"
    assert tree.is_leader(alex.id, today)
    assert len(tree.subtree(alex_unit.id)) >= 8

    adele = _person(session, ADELE_AAD_ID)
    assert (adele.name, adele.email) == ("Adele Vance", "adelev@example.com")
    (adele_unit,) = tree.units_in_charge(adele.id, today)
    assert adele_unit.code == ADELE_UNIT_CODE and adele_unit.kind == "enhet"
    assert not tree.has_children(adele_unit.id)
    assert not tree.is_leader(adele.id, today)
    assert tree.leader_of(adele_unit.id, today) is not None
    assert tree.is_in_subtree(adele_unit.id, alex_unit.id)

    admin = session.execute(select(Person).where(Person.is_admin.is_(True))).scalar_one()
    assert "administratör" in (admin.title or "").lower()


def test_an_acting_manager_covers_now(session: Session) -> None:
    tree = _tree(session)
    today = NOW.astimezone(STHLM).date()
    acting = session.execute(
        select(ManagerAssignment).where(ManagerAssignment.role == "acting")
    ).scalars().all()
    assert len(acting) == 1
    (stand_in,) = acting
    assert stand_in.valid_from < today and stand_in.valid_to is not None
    assert stand_in.valid_to > today
    unit = _unit(session, ACTING_UNIT_CODE)
    assert stand_in.unit_id == unit.id
    assert tree.manager_in_charge(unit.id, today) == stand_in.person_id
    assert tree.manager(unit.id, today) not in (None, stand_in.person_id)


# --------------------------------------------------------------------------- goals


def test_goals_cover_every_perspective_for_every_unit(session: Session) -> None:
    goals = session.execute(select(Goal)).scalars().all()
    per_unit: Counter[tuple[int, str]] = Counter((g.unit_id, g.perspective) for g in goals)
    unit_ids = session.execute(select(OrgUnit.id)).scalars().all()
    for unit_id in unit_ids:
        for perspective in PERSPECTIVE_ORDER:
            assert 1 <= per_unit[(unit_id, perspective.value)] <= 3
    assert len({g.ref for g in goals}) == len(goals)
    assert all(g.ref and g.ref.startswith("SJV") for g in goals)
    with_indicator = [g for g in goals if g.indicator_name]
    assert len(with_indicator) > 0.75 * len(goals)
    for g in with_indicator:
        assert g.indicator_unit and g.target is not None and g.baseline is not None
        assert g.direction == ("higher" if g.target >= g.baseline else "lower")
    titles = {g.title for g in goals}
    assert {"Sjukfrånvaro", "Budgetavvikelse"} <= {
        name.split(" (")[0] for name in (g.indicator_name or "" for g in goals)
    }
    assert "Hållbart medarbetarengagemang (HME)" in titles


def test_goals_cascade_from_kommun_through_forvaltning(session: Session) -> None:
    goals = {g.id: g for g in session.execute(select(Goal)).scalars().all()}
    kinds = {u.id: u.kind for u in session.execute(select(OrgUnit)).scalars().all()}
    kommun_goals = [g for g in goals.values() if kinds[g.unit_id] == "kommun"]
    forv_goals = [g for g in goals.values() if kinds[g.unit_id] == "forvaltning"]
    assert kommun_goals and all(g.parent_goal_id is None for g in kommun_goals)
    for g in forv_goals:
        assert g.parent_goal_id is not None
        parent = goals[g.parent_goal_id]
        assert kinds[parent.unit_id] == "kommun" and parent.perspective == g.perspective
    lower = [g for g in goals.values() if kinds[g.unit_id] in ("avdelning", "enhet")]
    cascaded = [g for g in lower if g.parent_goal_id is not None]
    assert len(cascaded) > len(lower) / 2
    for g in cascaded:
        assert g.parent_goal_id is not None
        parent = goals[g.parent_goal_id]
        assert kinds[parent.unit_id] == "forvaltning" and parent.perspective == g.perspective


# --------------------------------------------------------------------------- reports


def test_history_has_results_for_fourteen_closed_periods(session: Session) -> None:
    periods = session.execute(
        select(ReportingPeriod).order_by(ReportingPeriod.opens_at)
    ).scalars().all()
    closed = [p for p in periods if p.closes_at <= NOW]
    assert len(closed) >= HISTORY_PERIODS
    assert "2026-01" not in {p.period for p in periods}  # January is not followed up
    assert "2026-07" not in {p.period for p in periods}
    for p in closed:
        assert p.opens_at < p.deadline_at < p.closes_at
        count = session.scalar(
            select(func.count()).select_from(GoalResult).where(GoalResult.period_id == p.id)
        )
        assert count and count > 100

    reports = session.execute(
        select(UnitReport).where(UnitReport.period_id.in_([p.id for p in closed]))
    ).scalars().all()
    assert all(r.status == "submitted" and r.submitted_at for r in reports)
    late = [r for r in reports if r.late]
    assert 0.04 < len(late) / len(reports) < 0.2
    deadlines = {p.id: p.deadline_at for p in closed}
    assert all(r.late == (r.submitted_at is not None and r.submitted_at > deadlines[r.period_id])
               for r in reports)
    units = session.scalar(select(func.count()).select_from(OrgUnit))
    assert units is not None
    assert len(reports) < units * len(closed)  # a few reports are missing


def test_status_mix_and_texts(session: Session) -> None:
    results = session.execute(select(GoalResult)).scalars().all()
    mix = Counter(r.status for r in results)
    assert set(mix) == {"green", "yellow", "red"}
    total = sum(mix.values())
    assert 0.45 < mix["green"] / total < 0.75
    assert 0.15 < mix["yellow"] / total < 0.40
    assert 0.05 < mix["red"] / total < 0.20
    assert all(r.analysis for r in results)
    assert all(r.actions for r in results if r.status in ("yellow", "red"))
    assert len({r.actions for r in results if r.actions}) > 20
    assert all(r.updated_by_id is not None and r.updated_at is not None for r in results)
    assert any(r.value is not None for r in results)


def test_some_goals_have_a_red_streak(session: Session) -> None:
    rows = session.execute(
        select(GoalResult.goal_id, GoalResult.status, ReportingPeriod.opens_at)
        .join(ReportingPeriod, ReportingPeriod.id == GoalResult.period_id)
        .where(ReportingPeriod.closes_at <= NOW)
        .order_by(GoalResult.goal_id, ReportingPeriod.opens_at)
    ).all()
    by_goal: dict[int, list[str | None]] = {}
    for goal_id, status, _ in rows:
        by_goal.setdefault(goal_id, []).append(status)
    streaks = [g for g, statuses in by_goal.items() if statuses[-3:] == ["red"] * 3]
    assert len(streaks) >= 3


def test_current_period_is_open_and_demo_units_have_not_reported(session: Session) -> None:
    current = _current(session, NOW)
    assert current.period == "2026-10"
    assert _is_open(current, NOW)
    tree = _tree(session)
    demo_units = _demo_unit_ids(session, tree, NOW.astimezone(STHLM).date())
    assert {_unit(session, c).id for c in (ALEX_UNIT_CODE, MEGAN_UNIT_CODE, ADELE_UNIT_CODE)} \
        <= demo_units
    reports = session.execute(
        select(UnitReport).where(UnitReport.period_id == current.id)
    ).scalars().all()
    assert not {r.unit_id for r in reports} & demo_units
    statuses = Counter(r.status for r in reports)
    assert statuses["submitted"] >= 3 and statuses["draft"] >= 3
    assert len(reports) < len(tree.units) - len(demo_units)  # some units have nothing yet
    for r in reports:
        assert r.updated_at is not None and current.opens_at <= r.updated_at <= NOW
        if r.status == "submitted":
            assert r.submitted_at is not None and r.submitted_at <= NOW
    draft_ids = [r.id for r in reports if r.status == "draft"]
    draft_results = session.scalar(
        select(func.count()).select_from(GoalResult).where(GoalResult.report_id.in_(draft_ids))
    )
    assert draft_results


# --------------------------------------------------------------------------- decisions


def test_decisions_with_updates_and_an_overdue_one(session: Session) -> None:
    today = NOW.astimezone(STHLM).date()
    decisions = session.execute(select(Decision)).scalars().all()
    assert 6 <= len(decisions) <= 10
    assert {d.decided_by for d in decisions} <= {"KF", "KS", "nämnd", "ledningsgrupp"}
    assert {"KS", "nämnd", "ledningsgrupp"} <= {d.decided_by for d in decisions}
    assert {d.status for d in decisions} == {"not_started", "in_progress", "done", "cancelled"}
    assert any(d.reference.startswith("KS 2026/") for d in decisions)
    overdue = [
        d for d in decisions
        if d.due_date and d.due_date < today and d.status in ("not_started", "in_progress")
    ]
    assert overdue
    units = {d.unit_id for d in decisions}
    assert _unit(session, ALEX_UNIT_CODE).id in units
    assert _unit(session, ADELE_UNIT_CODE).id in units
    for d in decisions:
        assert d.decided_on <= today and (d.due_date is None or d.due_date > d.decided_on)
        updates = session.execute(
            select(DecisionUpdate).where(DecisionUpdate.decision_id == d.id)
        ).scalars().all()
        assert all(u.created_at <= NOW and u.comment for u in updates)
        if d.status in ("done", "cancelled"):
            assert d.completed_at is not None
            assert any(u.status == d.status and u.comment for u in updates)


# --------------------------------------------------------------------------- idempotence


def test_seed_if_empty_seeds_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    upgrade(url)
    assert seed_if_empty(url, now=NOW) is True
    assert seed_if_empty(url, now=NOW) is False
    engine = make_sync_engine(url)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(OrgUnit)) == 46
        assert s.scalar(
            select(func.count()).select_from(Person).where(Person.aad_object_id == ALEX_AAD_ID)
        ) == 1
        clear_database(s)
        s.commit()
        assert s.scalar(select(func.count()).select_from(OrgUnit)) == 0
    engine.dispose()
    assert seed_if_empty(url, now=NOW) is True


def test_seeding_is_deterministic(tmp_path: Path, seeded: Seeded) -> None:
    again = _seed_file(tmp_path / "again.db", NOW)
    assert again.summary == seeded.summary

    def fingerprint(url: str) -> list[tuple[object, ...]]:
        engine = make_sync_engine(url)
        with Session(engine) as s:
            rows = s.execute(
                select(Goal.ref, ReportingPeriod.period, GoalResult.status, GoalResult.value)
                .join(Goal, Goal.id == GoalResult.goal_id)
                .join(ReportingPeriod, ReportingPeriod.id == GoalResult.period_id)
                .order_by(Goal.ref, ReportingPeriod.period)
            ).all()
        engine.dispose()
        return [tuple(r) for r in rows]

    assert fingerprint(again.url) == fingerprint(seeded.url)


@pytest.mark.parametrize(
    "now",
    [
        datetime(2027, 7, 20, 10, 0, tzinfo=STHLM),  # July is not followed up
        datetime(2026, 12, 24, 12, 0, tzinfo=STHLM),  # julafton
        datetime(2026, 11, 2, 7, 30, tzinfo=STHLM),  # before the October period opens
    ],
    ids=["july", "julafton", "opening-morning"],
)
def test_odd_dates_still_give_an_open_current_period(tmp_path: Path, now: datetime) -> None:
    seeded = _seed_file(tmp_path / "odd.db", now)
    engine = make_sync_engine(seeded.url)
    with Session(engine) as s:
        current = _current(s, now)
        assert current.period == seeded.summary.current_period
        assert _is_open(current, now)
        closed = s.execute(
            select(ReportingPeriod).where(ReportingPeriod.id != current.id)
        ).scalars().all()
        assert len(closed) == HISTORY_PERIODS
        assert all(p.closes_at <= now for p in closed)
        tree = _tree(s)
        demo_units = _demo_unit_ids(s, tree, now.astimezone(STHLM).date())
        reported = s.execute(
            select(UnitReport.unit_id).where(UnitReport.period_id == current.id)
        ).scalars().all()
        assert not set(reported) & demo_units
        acting = s.execute(
            select(ManagerAssignment).where(ManagerAssignment.role == "acting")
        ).scalar_one()
        assert acting.valid_to is not None
        assert acting.valid_from <= now.astimezone(STHLM).date() <= acting.valid_to
    engine.dispose()
    if now.month == 7:
        assert seeded.summary.current_period == "2027-06"
    if now.day == 24:
        assert seeded.summary.current_period == "2026-11"
    if now.month == 11:
        assert seeded.summary.current_period == "2026-09"
        assert seeded.summary.current_period_reopened


def test_naive_now_is_rejected(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'naive.db'}"
    upgrade(url)
    with pytest.raises(ValueError):
        seed_if_empty(url, now=datetime(2026, 11, 4, 9, 30))


def test_seed_if_empty_on_every_backend(any_db_url: str) -> None:
    assert seed_if_empty(any_db_url, now=NOW) is True
    assert seed_if_empty(any_db_url, now=NOW) is False
    engine = make_sync_engine(any_db_url)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(OrgUnit)) == 46
        clear_database(s)
        summary = seed_demo(s, now=NOW)
        s.commit()
        assert s.scalar(select(func.count()).select_from(GoalResult)) == summary.goal_results
    engine.dispose()


# --------------------------------------------------------------------------- admin command


def _admin(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("ENVIRONMENT", None)
    return subprocess.run(
        [sys.executable, "-m", "admin", "seed-demo", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_admin_seed_demo_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'admin.db'}"  # not migrated: the command migrates

    first = _admin(url, "--now", "2026-11-04T10:30")
    assert first.returncode == 0, first.stderr
    assert "Sjöviks kommun" in first.stdout and "Enheter: 46" in first.stdout
    assert "2026-10" in first.stdout

    second = _admin(url)
    assert second.returncode == 0, second.stderr
    assert "Databasen innehåller redan en organisation – inget ändrat." in second.stdout

    reset = _admin(url, "--reset", "--now", "2027-07-20T10:00+02:00")
    assert reset.returncode == 0, reset.stderr
    assert "2027-06" in reset.stdout
    engine = make_sync_engine(url)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(OrgUnit)) == 46
        assert s.scalar(select(func.count()).select_from(Decision)) == 10
    engine.dispose()

    bad = _admin(url, "--now", "not-a-date")
    assert bad.returncode == 2
    assert "--now" in bad.stderr
