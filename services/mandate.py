"""Use cases of the chefsuppdrag: ``mitt uppdrag``, "får jag besluta om …?", the
anmälan av delegationsbeslut and the nämnd's list. Each owns its transaction and returns
followup/ data (plain dataclasses) for the cards and the admin commands."""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.anmalan import covered_span, earlier_asked
from followup.calendar import CalendarConfig, parse_code
from followup.delegation_text import Analyzer, rank, vocabulary_of
from followup.mandate import (
    HeldRole,
    OrderVersion,
    Point,
    RoleGrant,
    check_decision,
    holders,
    holds,
    roles_on,
)
from followup.mandate_views import (
    AnmalanStatus,
    CommitteeList,
    HeldPoint,
    ListLine,
    MandateView,
    Match,
    ReportedDecision,
    ReportOutcome,
    SearchAnswer,
    Standin,
    UnitRole,
)
from followup.org import OrgTree
from followup.report_forms import Actor
from followup.report_rules import missing_for_submit
from services import Sessions
from storage import delegation as store
from storage.audit import first_after
from storage.audit import record as audit_record
from storage.decisions import list_decisions
from storage.mandate_base import MandateBase, load_mandate_base, people_names, points_of
from storage.models import Goal
from storage.read_cache import DECISIONS, DELEGATION, PEOPLE, kept
from storage.reports import load_report_form


@dataclass
class _World:
    base: MandateBase
    people: Mapping[int, str]

    @property
    def tree(self) -> OrgTree:
        return self.base.tree

    @property
    def grants(self) -> Sequence[RoleGrant]:
        return self.base.grants

    @property
    def titles(self) -> Mapping[int, str | None]:
        return self.base.titles

    @property
    def versions(self) -> Sequence[OrderVersion]:
        return self.base.versions

    @property
    def names(self) -> Mapping[str, str]:
        return self.base.committee_names

    def held(self, person_id: int, on: date) -> list[HeldRole]:
        return roles_on(person_id, on, self.grants, self.titles.get(person_id), self.tree)


async def _world(session: AsyncSession, *, with_names: bool = True,
                 stamps: dict[str, int] | None = None) -> _World:
    """What the mandate follows from (kept by the process, storage.mandate_base); the
    people's names only ``with_names``; ``stamps`` as the use case read them."""
    base = await load_mandate_base(session, stamps)
    return _World(base, await people_names(session, base) if with_names else {})


async def _points_on(session: AsyncSession, world: _World, on: date) -> Sequence[Point]:
    """The points of the delegationsordningar in force on ``on``."""
    return await points_of(session, world.base, store.versions_on(world.versions, on))


def _unit_name(world: _World, unit_id: int) -> str:
    unit = world.tree.units.get(unit_id)
    return unit.name if unit else "?"


async def mandate(sessions: Sessions, person_id: int, on: date) -> MandateView:
    async with sessions() as session:
        world = await _world(session)
        view = MandateView(world.people.get(person_id, "?"), on)
        held = world.held(person_id, on)
        role_of = {(h.unit_id, h.acting): h.role for h in held}
        for g in world.grants:
            if g.person_id != person_id or not g.covers(on):
                continue
            view.units.append(UnitRole(g.unit_id, _unit_name(world, g.unit_id),
                                       role_of.get((g.unit_id, g.acting)), g.acting,
                                       g.valid_from, g.valid_to))
            if g.acting:
                continue
            for other in world.grants:
                if other.acting and other.unit_id == g.unit_id and other.person_id != \
                        person_id and (other.valid_to is None or other.valid_to >= on):
                    view.my_deputies.append(Standin(_unit_name(world, g.unit_id),
                                                    world.people.get(other.person_id, "?"),
                                                    other.valid_from, other.valid_to))
        for g in world.grants:
            if g.person_id == person_id and g.acting and (g.valid_to is None
                                                          or g.valid_to >= on):
                manager = world.tree.manager(g.unit_id, max(on, g.valid_from))
                view.my_acting.append(Standin(_unit_name(world, g.unit_id),
                                              world.people.get(manager or 0, "–"),
                                              g.valid_from, g.valid_to))
        unit_ids = [u.unit_id for u in view.units]
        if unit_ids:
            leader = world.tree.leader_of(unit_ids[0], on)
            view.leader_name = world.people.get(leader) if leader else None
            rows = await session.execute(
                select(Goal.perspective, func.count()).where(
                    Goal.unit_id.in_(unit_ids), Goal.valid_from <= on,
                    (Goal.valid_to.is_(None)) | (Goal.valid_to >= on))
                .group_by(Goal.perspective))
            view.goals_per_perspective = {p: int(n) for p, n in rows}
            in_charge = [u.id for u in world.tree.units_in_charge(person_id, on)]
            decisions = await list_decisions(session, unit_ids=in_charge, open_only=True)
            view.open_decisions = [(d.reference, d.title, d.due_date) for d in decisions]
        points = await _points_on(session, world, on)
        for p in points:
            role = holds(p, held, world.tree)
            if role is not None:
                view.points.append(HeldPoint(p, world.names.get(p.committee, p.committee),
                                             _unit_name(world, role.unit_id)))
        view.reported_points = sum(1 for p in view.points if p.point.report_required)
        return view


# --- "får jag besluta om …?" ---------------------------------------------------


async def ranked_points(session: AsyncSession, versions: Sequence[OrderVersion],
                        question: str, limit: int) -> list[int]:
    """Point ids best matching ``question``: the database's full-text search finds the
    candidates, :func:`followup.delegation_text.rank` orders them."""
    texts = await store.search_texts(session, versions)
    if not texts:
        return []
    analyzer = Analyzer(vocabulary=vocabulary_of(whole for _m, whole in texts.values()))
    weights = analyzer.query_weights(question)
    candidates = await store.full_text_candidates(session, versions, list(weights))
    return [s.point_id for s in rank(weights, texts, candidates, limit=limit)]


async def can_i_decide(sessions: Sessions, person_id: int, question: str, on: date,
                       *, limit: int = 3) -> SearchAnswer:
    answer = SearchAnswer(question)
    async with sessions() as session:
        world = await _world(session)
        versions = store.versions_on(world.versions, on)
        ids = await ranked_points(session, versions, question, limit)
        points = await store.points_by_id(session, ids)
        held = world.held(person_id, on)
        for pid in ids:
            p = points[pid]
            mine = holds(p, held, world.tree) is not None
            names: tuple[str, ...] = ()
            if not mine:
                names = tuple(world.people.get(h, "?")
                              for h in holders(p, on, world.grants, world.titles, world.tree))
            answer.matches.append(Match(p, world.names.get(p.committee, p.committee), mine,
                                        names, p.substitute_role))
        if not answer.matches:
            units = world.tree.units_in_charge(person_id, on)
            leader = world.tree.leader_of(units[0].id, on) if units else None
            answer.ask_name = world.people.get(leader) if leader else None
    return answer


async def typeahead(sessions: Sessions, person_id: int, query: str, on: date,
                    limit: int = 15) -> list[Point]:
    """Points for the anmälan's typeahead: by number ("3.2") or by words."""
    async with sessions() as session:
        versions = store.versions_on(await store.load_versions(session), on)
        if not query.strip():  # before typing: the points the person holds first
            world = await _world(session)
            held = world.held(person_id, on)
            points = await store.load_points(session, versions)
            mine = [p for p in points if holds(p, held, world.tree) is not None]
            held_ids = {p.id for p in mine}
            return (mine + [p for p in points if p.id not in held_ids])[:limit]
        number = query.strip().split()[0]
        all_points = await store.load_points(session, versions)
        exact = [p for p in all_points if p.number == number or
                 f"{p.committee} {p.number}".lower() == query.strip().lower()]
        ids = await ranked_points(session, versions, query, limit)
        by_id = {p.id: p for p in all_points}
        ranked = [by_id[i] for i in ids if i in by_id]
        return list(dict.fromkeys(exact + ranked))[:limit]


# --- anmälan av delegationsbeslut ----------------------------------------------


@dataclass(frozen=True)
class DecisionInput:
    point_id: int
    decided_on: date
    description: str
    reference: str | None = None
    amount_kr: int | None = None


MAX_DESCRIPTION = 500


async def report_decision(sessions: Sessions, person_id: int, item: DecisionInput,
                          *, today: date, now: datetime) -> ReportOutcome:
    """Record a decision taken under delegation. A point the person does not hold on
    the decision date (or an amount above its limit) is accepted and flagged."""
    description = " ".join(item.description.split())
    if not description:
        return ReportOutcome(False, problem="mandate.report.need_description")
    if len(description) > MAX_DESCRIPTION:
        return ReportOutcome(False, problem="mandate.report.too_long")
    if item.decided_on > today:
        return ReportOutcome(False, problem="mandate.report.future")
    async with sessions() as session:
        world = await _world(session)
        point = (await store.points_by_id(session, [item.point_id])).get(item.point_id)
        if point is None:
            return ReportOutcome(False, problem="mandate.report.unknown_point")
        version = next((v for v in world.versions if v.id == point.order_id), None)
        if version is None or not version.covers(item.decided_on):
            return ReportOutcome(False, point, problem="mandate.report.point_not_valid")
        check = check_decision(point, world.held(person_id, item.decided_on), world.tree,
                               item.amount_kr)
        await store.add_decision(session, point=point, person_id=person_id,
                                 decided_on=item.decided_on, description=description,
                                 reference=(item.reference or "").strip() or None,
                                 amount_kr=item.amount_kr, flag=check.flag, now=now)
        await session.commit()
        return ReportOutcome(True, point, check.flag)


async def confirm_no_decisions(sessions: Sessions, person_id: int, period: str,
                               now: datetime) -> bool:
    async with sessions() as session:
        done = await store.confirm_no_decisions(session, person_id, period, now)
        await session.commit()
        return done


async def point_at(sessions: Sessions, committee: str | None, number: str,
                   on: date) -> list[Point]:
    """The points numbered ``number`` in force on ``on`` (one per nämnd)."""
    async with sessions() as session:
        versions = store.versions_on(await store.load_versions(session), on)
        points = await store.load_points(session, versions)
    return [p for p in points if p.number == number
            and (committee is None or p.committee.lower() == committee.lower())]


def month_range(period: str) -> tuple[date, date]:
    year, month = int(period[:4]), int(period[5:7])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


async def committee_list(sessions: Sessions, committee: str, start: date,
                         end: date) -> CommitteeList | None:
    """Every anmält beslut of the nämnd between the dates, in point order (then date).
    None when the nämnd has no delegationsordning."""
    async with sessions() as session:
        names = await store.committee_names(session)
        key = next((c for c in names if c.lower() == committee.lower()), None)
        if key is None:
            return None
        decisions = await store.decisions_between(session, committee=key, start=start,
                                                  end=end)
        points = await store.points_by_id(session, [d.point_id for d in decisions])
        result = CommitteeList(key, names[key], start, end)
        from followup.mandate import point_sort_key

        result.lines = sorted(
            (ListLine(points[d.point_id], d) for d in decisions),
            key=lambda ln: (point_sort_key(ln.point.number), ln.decision.decided_on,
                            ln.decision.id))
        periods = sorted({f"{d.year:04d}-{d.month:02d}" for d in (start, end)})
        nil: set[str] = set()
        for period in periods:
            nil.update((await store.nil_reports(session, period)).values())
        result.nil_reports = sorted(nil)
        return result


async def my_decisions(sessions: Sessions, person_id: int,
                       period: str) -> list[tuple[Point, ReportedDecision]]:
    start, end = month_range(period)
    async with sessions() as session:
        decisions = await store.decisions_between(session, person_id=person_id, start=start,
                                                  end=end)
        points = await store.points_by_id(session, [d.point_id for d in decisions])
    return [(points[d.point_id], d) for d in decisions]


async def anmalan_status(sessions: Sessions, person_id: int, period: str,
                         on: date) -> AnmalanStatus | None:
    """The report's Delegationsbeslut section for ``person_id`` and month ``period``;
    None when they hold no point to report on ``on`` (no section)."""
    async with sessions() as session:
        world = await _world(session)
        held = world.held(person_id, on)
        if not held:
            return None
        points = await _points_on(session, world, on)
        mine = tuple(p for p in points
                     if p.report_required and holds(p, held, world.tree) is not None)
        if not mine:
            return None
        confirmed = person_id in await store.nil_reports(session, period)
    decisions = await my_decisions(sessions, person_id, period)
    return AnmalanStatus(period, mine, tuple(decisions), confirmed)


# --- the anmälan in the report (every asked period, once per person) -------------

#: The audit entry naming the unit whose report the anmälan was answered in.
ANMALAN_ENTITY = "delegation_anmalan"
ANMALAN_ACTION = "mandate.anmalan_answered"


def _anmalan_key(person_id: int, period: str) -> str:
    return f"{person_id}:{period}"


async def _answered_unit(session: AsyncSession, person_id: int, period: str) -> int | None:
    row = await first_after(session, ANMALAN_ENTITY, _anmalan_key(person_id, period))
    unit = row.get("unit_id") if isinstance(row, dict) else None
    return unit if isinstance(unit, int) else None


@dataclass(frozen=True)
class _AnmalanReads:
    """What the Delegationsbeslut section reads of one person for one asked period."""

    nil: frozenset[str]  # periods confirmed "inga beslut"
    reported: tuple[ReportedDecision, ...]  # anmälda beslut dated in the window
    points: Mapping[int, Point]  # the points of those decisions
    answered_in: int | None  # the unit whose report the anmälan was answered in


async def _anmalan_reads(session: AsyncSession, person_id: int, start: date, end: date,
                         code: str, stamps: dict[str, int] | None) -> _AnmalanReads:
    """Kept per person and window while no decision, "inga beslut", anmälan answer
    (group ``decisions``, migration 0014), name or delegationsordning changes: a report
    step reads none of them again."""

    async def load() -> _AnmalanReads:
        nil = await store.nil_periods_of(session, person_id)
        reported = await store.decisions_between(session, person_id=person_id,
                                                 start=start, end=end)
        points = await store.points_by_id(session, [d.point_id for d in reported])
        return _AnmalanReads(frozenset(nil), tuple(reported), MappingProxyType(points),
                             await _answered_unit(session, person_id, code))

    return await kept(session, ("anmalan", person_id, start, end, code),
                      (DECISIONS, PEOPLE, DELEGATION), load, stamps, family="units")


async def report_anmalan(sessions: Sessions, person_id: int, period: str, on: date,
                         cfg: CalendarConfig, *, unit_id: int | None = None
                         ) -> AnmalanStatus | None:
    """The Delegationsbeslut section of ``person_id``'s report for ``period`` (a month, a
    tertial, the delår or the helår): the decisions dated in what the anmälan covers
    (:func:`followup.anmalan.covered_span`), "inga beslut", and whether it was answered in
    another unit's report than ``unit_id``. None when they hold no point to report."""
    async with sessions() as session:
        return await anmalan_in(session, person_id, period, on, cfg, unit_id=unit_id)


async def anmalan_in(session: AsyncSession, person_id: int, period: str, on: date,
                     cfg: CalendarConfig, *, unit_id: int | None = None,
                     stamps: dict[str, int] | None = None) -> AnmalanStatus | None:
    """:func:`report_anmalan` inside the caller's session (reads only); ``stamps``: the
    change stamps the caller's use case already read."""
    asked = parse_code(period, cfg)
    earlier = earlier_asked(asked, cfg)
    world = await _world(session, with_names=False, stamps=stamps)
    held = world.held(person_id, on)
    if not held:
        return None
    points = await _points_on(session, world, on)
    mine = tuple(p for p in points
                 if p.report_required and holds(p, held, world.tree) is not None)
    if not mine:
        return None
    window = earlier[0].first_day if earlier else asked.first_day
    reads = await _anmalan_reads(session, person_id, min(window, asked.first_day),
                                 asked.last_day, asked.code, stamps)
    nil, reported, answered_in = reads.nil, reads.reported, reads.answered_in
    span = covered_span(asked, earlier, nil, [d.decided_on for d in reported])
    inside = [d for d in reported if span.contains(d.decided_on)]
    by_id = reads.points
    confirmed = asked.code in nil
    done = confirmed or bool(inside)
    elsewhere = (done and unit_id is not None and answered_in is not None
                 and answered_in != unit_id)
    return AnmalanStatus(asked.code, mine, tuple((by_id[d.point_id], d) for d in inside),
                         confirmed, span, elsewhere)


async def note_anmalan_unit(sessions: Sessions, person_id: int, period: str, unit_id: int,
                            *, actor_label: str, now: datetime) -> bool:
    """Remember the unit whose report the person answered the anmälan of ``period`` in
    (the first one; the other units' reports then show a line). False when known."""
    async with sessions() as session:
        if await _answered_unit(session, person_id, period) is not None:
            return False
        audit_record(session, actor_person_id=person_id, actor_label=actor_label,
               action=ANMALAN_ACTION, entity=ANMALAN_ENTITY,
               entity_id=_anmalan_key(person_id, period), after={"unit_id": unit_id}, at=now)
        await session.commit()
        return True


async def anmalan_missing(sessions: Sessions, person_ids: Sequence[int], period: str,
                          on: date, cfg: CalendarConfig) -> set[int]:
    """Of ``person_ids``, those who hold points to report and have not answered the
    anmälan of ``period`` (for the reminders)."""
    missing: set[int] = set()
    for person_id in dict.fromkeys(person_ids):
        status = await report_anmalan(sessions, person_id, period, on, cfg)
        if status is not None and not status.done:
            missing.add(person_id)
    return missing


async def only_anmalan_missing(session: AsyncSession, person_id: int,
                               unit_ids: Sequence[int], period: str, now: datetime,
                               on: date, cfg: CalendarConfig) -> bool:
    """Whether the only thing ``person_id``'s reports of ``unit_ids`` still need before
    they can be submitted is the anmälan av delegationsbeslut (for a reminder that says so)."""
    status = await anmalan_in(session, person_id, period, on, cfg)
    if status is None or status.done or not unit_ids:
        return False
    actor = Actor(person_id, "", is_admin=True)
    for unit_id in unit_ids:
        loaded = await load_report_form(session, unit_id=unit_id, period=period, actor=actor,
                                        now=now, cfg=cfg)
        form = loaded.form
        if form is None or missing_for_submit(form.goals, form.results, form.kind):
            return False
    return True
