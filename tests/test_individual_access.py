"""Authorization properties of individual goals and check-ins (hypothesis).

Over random org trees, manager and acting periods, employments (moves included) and HR
roles: nobody outside {the person, the one in charge of their unit now, an HR role
covering it} reads an individual record; the one in charge reads only what was made since
the person joined that unit; every group shown upward has at least five people or is
suppressed; and through the service, every read by someone else is logged while a refused
read logs nothing and shows nothing.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from followup.individual import (
    MIN_GROUP,
    AccessBasis,
    Employment,
    HrGrant,
    RecordRef,
    aggregate_counts,
    aggregate_group,
    read_basis,
    shown_upward,
)
from followup.org import Assignment, OrgTree, Unit
from services import individual as svc
from storage.db import make_async_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.models import IndividualAccess
from testing.org_builder import OrgBuilder

DAY0 = date(2026, 1, 1)
PEOPLE = range(1, 13)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[OrgTree, list[Employment], list[HrGrant]]:
    size = draw(st.integers(1, 7))
    units = [Unit(1, "U1", "U1", "kommun", None)]
    for i in range(2, size + 1):
        units.append(Unit(i, f"U{i}", f"U{i}", "enhet", draw(st.integers(1, i - 1))))
    assignments = []
    for unit in units:
        if draw(st.booleans()):
            start = DAY0 + timedelta(days=draw(st.integers(0, 200)))
            end = draw(st.none() | st.just(start + timedelta(days=draw(st.integers(0, 200)))))
            assignments.append(Assignment(unit.id, draw(st.sampled_from(PEOPLE)), "manager",
                                          start, end))
        if draw(st.booleans()):
            start = DAY0 + timedelta(days=draw(st.integers(0, 300)))
            assignments.append(Assignment(unit.id, draw(st.sampled_from(PEOPLE)), "acting",
                                          start, start + timedelta(days=draw(st.integers(0, 60)))))
    employments = []
    for person in PEOPLE:
        start = DAY0
        for _ in range(draw(st.integers(0, 2))):  # a move: the old row ends the day before
            length = draw(st.integers(1, 200))
            employments.append(Employment(person, draw(st.integers(1, size)), start,
                                          start + timedelta(days=length - 1)))
            start = start + timedelta(days=length)
        if draw(st.booleans()):
            employments.append(Employment(person, draw(st.integers(1, size)), start))
    grants = [HrGrant(draw(st.sampled_from(PEOPLE)), draw(st.none() | st.integers(1, size)),
                      DAY0, draw(st.none() | st.just(DAY0 + timedelta(days=150))))
              for _ in range(draw(st.integers(0, 2)))]
    return OrgTree.build(units, assignments), employments, grants


def _unit_on(employments: list[Employment], person: int, on: date) -> Employment | None:
    rows = [e for e in employments if e.person_id == person and e.covers(on)]
    return max(rows, key=lambda e: e.valid_from) if rows else None


@settings(max_examples=300, deadline=None)
@given(scenarios(), st.sampled_from(PEOPLE), st.sampled_from(PEOPLE),
       st.integers(0, 400), st.integers(0, 400), st.integers(1, 7))
def test_only_self_manager_in_charge_and_hr_read(
    scenario: tuple[OrgTree, list[Employment], list[HrGrant]], reader: int, subject: int,
    made: int, today: int, record_unit: int,
) -> None:
    tree, employments, grants = scenario
    on = DAY0 + timedelta(days=today)
    record = RecordRef(subject, min(record_unit, len(tree.units)),
                       DAY0 + timedelta(days=min(made, today)))
    basis = read_basis(reader, record, tree=tree, employments=employments, hr_grants=grants,
                       on=on)
    job = _unit_on(employments, subject, on)
    charge = tree.responsible(job.unit_id, on) if job is not None else None
    in_charge = (charge is not None and charge.person_id == reader and reader != subject
                 and job is not None and record.unit_id == job.unit_id
                 and record.made_on >= job.valid_from)
    hr = any(g.person_id == reader and g.covers(on)
             and (g.unit_id is None or tree.is_in_subtree(record.unit_id, g.unit_id))
             for g in grants)
    allowed = reader == subject or in_charge or hr
    assert (basis is not None) == allowed
    if basis is not None and reader != subject:
        assert basis.logged
    # An ordinary manager stood in for by an acting manager reads nothing by that role.
    if job is not None and tree.stood_in_by(reader, job.unit_id, on) is not None and not hr:
        assert reader == subject or basis is None


@given(st.dictionaries(st.integers(1, 40), st.lists(st.sampled_from(("green", "yellow", "red")),
                                                    max_size=3), max_size=12),
       st.sets(st.integers(1, 40), max_size=12))
def test_upward_aggregates_need_five_people(statuses: dict[int, list[str]],
                                            members: set[int]) -> None:
    aggregate = aggregate_group(members, statuses)
    if shown_upward(aggregate):
        assert aggregate.people >= MIN_GROUP
        assert aggregate.checked_in <= aggregate.people
    else:
        assert aggregate.suppressed
        assert (aggregate.checked_in, aggregate.green, aggregate.yellow, aggregate.red) == \
            (0, 0, 0, 0)


@given(st.integers(0, 30), st.integers(0, 40), st.integers(0, 50), st.integers(0, 50),
       st.integers(0, 50))
def test_counted_aggregates_follow_the_same_rule(people: int, checked: int, green: int,
                                                 yellow: int, red: int) -> None:
    aggregate = aggregate_counts(people, checked, green, yellow, red)
    if people < MIN_GROUP:
        assert aggregate.suppressed and not shown_upward(aggregate)
        assert (aggregate.checked_in, aggregate.green, aggregate.yellow, aggregate.red) == \
            (0, 0, 0, 0)
    else:
        assert shown_upward(aggregate) and aggregate.checked_in <= people


@given(st.lists(st.integers(0, 9), min_size=1, max_size=6))
def test_one_small_group_among_shown_ones_hides_another(sizes: list[int]) -> None:
    groups = [svc.UpwardGroup(i, f"U{i}", aggregate_group(range(1000 * i, 1000 * i + n), {}))
              for i, n in enumerate(sizes, start=1)]
    out = svc.suppress_complements(groups)
    hidden = [g for g in out if g.aggregate.suppressed and g.aggregate.people > 0]
    shown = [g for g in out if not g.aggregate.suppressed]
    assert not (len(hidden) == 1 and shown)  # a total minus the shown would reveal it
    assert all(g.aggregate.people >= MIN_GROUP for g in shown)


# --------------------------------------------------------------------------- service


def _build(url: str) -> dict[str, int]:
    """Kommun → två enheter; manager, acting manager, HR, employees, an outsider."""
    with OrgBuilder(url) as org:
        root = org.unit("K", "Kommun", kind="kommun")
        a = org.unit("A", "Enhet A", root)
        b = org.unit("B", "Enhet B", root)
        ids = {name: org.person(name, f"aad-{name}") for name in
               ("chef", "boss", "acting", "hr", "anna", "bo", "outsider", "chefb")}
        org.manage(root, ids["boss"])
        org.manage(a, ids["chef"])
        org.manage(b, ids["chefb"])
        org.manage(a, ids["acting"], role="acting", valid_from=date(2026, 6, 1),
                   valid_to=date(2026, 6, 30))
        org.session.flush()
        from storage.models import Employment as Job
        from storage.models import Goal, HrRole

        for name in ("anna", "bo"):
            org.session.add(Job(person_id=ids[name], unit_id=a, valid_from=date(2025, 1, 1),
                                source="import"))
        org.session.add(HrRole(person_id=ids["hr"], unit_id=None, valid_from=date(2025, 1, 1)))
        ids["unit_a"], ids["unit_b"] = a, b
        ids["goal_a"] = org.session.execute(
            select(Goal.id).where(Goal.unit_id == a)).scalar_one_or_none() or org.goal(a)
    return ids


def test_service_reads_are_logged_and_refusals_show_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'access.db'}"
    upgrade(url)
    ids = _build(url)
    zone = ZoneInfo("Europe/Stockholm")

    async def setup() -> None:
        engine = make_async_engine(url)
        sessions = make_sessionmaker(engine)
        from followup.individual import GoalDraft

        now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        async with sessions() as session, session.begin():
            for name in ("anna", "bo"):
                await svc.save_goals(session, svc.Actor(ids["chef"], now, zone), ids[name],
                                     [GoalDraft(1, ids["goal_a"], f"Mål för {name}")],
                                     lang="sv")
        await engine.dispose()

    asyncio.run(setup())

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.sampled_from(["chef", "boss", "acting", "hr", "anna", "bo", "outsider", "chefb"]),
           st.sampled_from(["anna", "bo"]), st.integers(0, 300))
    def check(reader: str, subject: str, day: int) -> None:
        async def run() -> None:
            engine = make_async_engine(url)
            sessions = make_sessionmaker(engine)
            now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC) + timedelta(days=day)
            actor = svc.Actor(ids[reader], now, zone)
            today = now.astimezone(zone).date()
            async with sessions() as session:
                before = (await session.execute(
                    select(func.count()).select_from(IndividualAccess))).scalar_one()
                try:
                    person = await svc.read_person(session, actor, ids[subject], 2026,
                                                   what="property")
                except svc.IndividualRefused:
                    person = None
                after = (await session.execute(
                    select(func.count()).select_from(IndividualAccess))).scalar_one()
                await session.rollback()
            await engine.dispose()
            acting = date(2026, 6, 1) <= today <= date(2026, 6, 30)
            in_charge = "acting" if acting else "chef"
            allowed = {subject, in_charge, "hr"}
            if reader in allowed:
                assert person is not None and person.goals
            else:
                assert person is None
            assert after - before == (1 if person is not None and reader != subject else 0)

        asyncio.run(run())

    check()
    assert AccessBasis.HR.logged
