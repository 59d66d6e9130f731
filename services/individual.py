"""Individual goals and check-ins: the use cases. Every read of someone else's individual
data goes through :func:`_authorise`, which applies :func:`followup.individual.read_basis`
and writes the access log (who, whose, when) in the same transaction as the read.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from followup.individual import (
    STATUSES,
    AccessBasis,
    Cadence,
    GoalDraft,
    GroupAggregate,
    RecordRef,
    aggregate_counts,
    check_goals,
    employment_on,
    latest_checkin_period,
    manager_in_charge_of,
    open_checkin,
    read_basis,
    team_of,
)
from followup.org import OrgTree
from services import Sessions, notices
from storage import individual as store
from storage.org_queries import load_org_tree
from storage.read_cache import INDIVIDUAL, ReadCache, cache_for, read_stamps

logger = logging.getLogger(__name__)


class IndividualRefused(Exception):
    """A use case refused; ``key`` is the i18n key of the Swedish message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Actor:
    person_id: int
    now: datetime
    zone: ZoneInfo

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()


# --------------------------------------------------------------------------- notices


def compose_notice(recipient: notices.NoticeRecipient, *, kind: str, period: str | None,
                   payload: dict[str, Any], not_before: datetime,
                   expires_at: datetime | None = None) -> notices.Notice:
    """One of this feature's proactive messages (about no one unit) as a typed notice."""
    return notices.Notice(
        kind=kind, person_id=recipient.person_id, subject=None, period=period,
        text=str(payload.get("text", "")), card=payload.get("card"), not_before=not_before,
        expires_at=expires_at, lang=recipient.lang)


# --------------------------------------------------------------------------- access


async def _authorise(session: AsyncSession, actor: Actor, tree: OrgTree, subject_id: int,
                     records: Sequence[RecordRef], what: str) -> list[RecordRef]:
    """The records ``actor`` may read; logs one access row when someone else's were read."""
    if subject_id == actor.person_id:
        return list(records)
    employments = await store.employments(session, [subject_id])
    grants = await store.hr_grants(session, actor.person_id)
    allowed: list[RecordRef] = []
    basis: AccessBasis | None = None
    for record in records:
        b = read_basis(actor.person_id, record, tree=tree, employments=employments,
                       hr_grants=grants, on=actor.today)
        if b is not None:
            allowed.append(record)
            basis = basis or b
    if basis is not None:
        await store.log_access(session, reader_id=actor.person_id, subject_ids=[subject_id],
                               basis=basis.value, what=what, now=actor.now)
    return allowed


def _local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


@dataclass(frozen=True)
class PersonFile:
    """One person's individual goals and check-ins of a year, as far as the reader may see."""

    person_id: int
    name: str
    unit_id: int | None
    year: int
    goals: list[store.GoalData]
    checkins: list[store.CheckinData]
    history: list[store.GoalData] = field(default_factory=list)

    @property
    def agreed(self) -> bool:
        return bool(self.goals) and all(g.agreed for g in self.goals)


async def read_person(session: AsyncSession, actor: Actor, subject_id: int, year: int, *,
                      what: str, with_history: bool = False) -> PersonFile:
    """A person's file; refused (nothing logged) when the reader may see none of it."""
    tree = await load_org_tree(session)
    all_goals = (await store.goals_of(session, [subject_id], year,
                                      include_ended=True)).get(subject_id, [])
    checkins = (await store.checkins_of(session, [subject_id])).get(subject_id, [])
    checkins = [c for c in checkins if c.period.startswith(str(year))]
    refs: dict[tuple[str, int, str], RecordRef] = {
        ("g", g.id, ""): RecordRef(subject_id, g.unit_id, _local_day(g.created_at, actor.zone))
        for g in all_goals}
    refs.update({("c", c.goal_id, c.period): RecordRef(
        subject_id, c.unit_id, _local_day(c.created_at, actor.zone)) for c in checkins})
    employment = employment_on(await store.employments(session, [subject_id]), subject_id,
                               actor.today)
    if subject_id != actor.person_id:
        allowed = set(map(id, await _authorise(session, actor, tree, subject_id,
                                               list(refs.values()), what)))
        if not allowed:
            # Nothing the reader may see (yet): only the one in charge of the person now
            # (or HR) may even learn that, e.g. a new manager right after a move.
            grants = await store.hr_grants(session, actor.person_id)
            probe = RecordRef(subject_id, employment.unit_id if employment else -1,
                              actor.today)
            basis = read_basis(actor.person_id, probe, tree=tree,
                               employments=await store.employments(session, [subject_id]),
                               hr_grants=grants, on=actor.today)
            if basis is None:
                raise IndividualRefused("ind.refused.not_yours")
            await store.log_access(session, reader_id=actor.person_id,
                                   subject_ids=[subject_id], basis=basis.value, what=what,
                                   now=actor.now)
        all_goals = [g for g in all_goals if id(refs[("g", g.id, "")]) in allowed]
        checkins = [c for c in checkins if id(refs[("c", c.goal_id, c.period)]) in allowed]
    name = (await store.names(session, [subject_id])).get(subject_id, "?")
    unit_now = employment.unit_id if employment else None
    # Goals agreed in another unit (before a move) are history, not the current set.
    current = [g for g in all_goals if g.ended_at is None and g.unit_id == unit_now]
    history = [g for g in all_goals if g not in current] if with_history else []
    return PersonFile(subject_id, name, employment.unit_id if employment else None, year,
                      current, checkins, history)


async def find_team_member(session: AsyncSession, actor: Actor, query: str) -> int:
    """The person in ``actor``'s team whose name (or e-mail) matches ``query``."""
    tree = await load_org_tree(session)
    team = team_of(actor.person_id, tree, await store.employments(session, on=actor.today),
                   actor.today)
    names = await store.names(session, [e.person_id for e in team])
    needle = " ".join(query.lower().split())
    hits = [pid for pid, name in names.items() if needle and needle in name.lower()]
    if not team:
        raise IndividualRefused("ind.refused.no_team")
    if len(hits) != 1:
        listed = ", ".join(sorted(names.values()))
        raise IndividualRefused("ind.refused.pick_member" if not hits else "ind.refused.ambiguous",
                                query=query, names=listed)
    return hits[0]


# --------------------------------------------------------------------------- goals


def _year(actor: Actor) -> int:
    return actor.today.year


async def goal_form(session: AsyncSession, actor: Actor, subject_id: int
                    ) -> tuple[PersonFile, list[store.UnitGoalOption]]:
    """What the goal card needs: the person's file and their unit's goals to link to."""
    person = await read_person(session, actor, subject_id, _year(actor), what="goal_form")
    if person.unit_id is None:
        raise IndividualRefused("ind.refused.no_unit")
    return person, await store.unit_goal_options(session, person.unit_id, person.year)


async def save_goals(session: AsyncSession, actor: Actor, subject_id: int,
                     drafts: Sequence[GoalDraft], *, lang: str) -> PersonFile:
    """The manager in charge (medarbetarsamtal) or the employee (mina mål) saves the goal
    set; the other party is asked to approve it."""
    tree = await load_org_tree(session)
    employments = await store.employments(session, [subject_id])
    employment = employment_on(employments, subject_id, actor.today)
    if employment is None:
        raise IndividualRefused("ind.refused.no_unit")
    in_charge = manager_in_charge_of(subject_id, tree, employments, actor.today)
    by_manager = actor.person_id != subject_id
    if by_manager and (in_charge is None or in_charge[0] != actor.person_id):
        raise IndividualRefused("ind.refused.not_yours")
    options = await store.unit_goal_options(session, employment.unit_id, _year(actor))
    problems = check_goals(drafts, [o.id for o in options])
    if problems:
        raise IndividualRefused(problems[0])
    changed = await store.save_goal_set(
        session, person_id=subject_id, unit_id=employment.unit_id, year=_year(actor),
        drafts=drafts, by_person_id=actor.person_id, by_manager=by_manager, now=actor.now)
    person = await read_person(session, actor, subject_id, _year(actor), what="goals_saved")
    if changed:
        other = subject_id if by_manager else (in_charge[0] if in_charge else None)
        if other is not None and not person.agreed:
            from cards.individual import approve_notice

            names = await store.names(session, [actor.person_id])
            allowed = await notices.recipients(session, [other], lang)
            if other in allowed:
                recipient = allowed[other]
                payload = approve_notice(recipient.lang,
                                         by_name=names.get(actor.person_id, "?"),
                                         for_employee=by_manager, subject_name=person.name,
                                         subject_id=subject_id)
                await notices.enqueue(session, [compose_notice(
                    recipient, kind="ind_approve", period=str(_year(actor)), payload=payload,
                    not_before=actor.now)], now=actor.now)
    return person


async def approve(session: AsyncSession, actor: Actor, subject_id: int) -> PersonFile:
    """The other party's approval: the employee confirms, the manager agrees."""
    if actor.person_id != subject_id:
        tree = await load_org_tree(session)
        in_charge = manager_in_charge_of(subject_id, tree,
                                         await store.employments(session, [subject_id]),
                                         actor.today)
        if in_charge is None or in_charge[0] != actor.person_id:
            raise IndividualRefused("ind.refused.not_yours")
    await store.approve_goals(session, person_id=subject_id, year=_year(actor),
                              by_person_id=actor.person_id,
                              by_manager=actor.person_id != subject_id, now=actor.now)
    return await read_person(session, actor, subject_id, _year(actor), what="goals_approved")


# --------------------------------------------------------------------------- check-ins


async def checkin_form(session: AsyncSession, actor: Actor, cadence: Cadence
                       ) -> tuple[PersonFile, str, dict[int, store.CheckinData]]:
    """The employee's agreed goals, the period to check in for and the last check-in per
    goal series (for "som förra gången")."""
    person = await read_person(session, actor, actor.person_id, _year(actor), what="own")
    if not person.goals or not person.agreed:
        raise IndividualRefused("ind.refused.no_agreed_goals")
    period = latest_checkin_period(actor.today, cadence, actor.zone).code
    series = {g.id: g.series_id for g in person.goals + person.history}
    all_goals = await store.goals_of(session, [actor.person_id], person.year, include_ended=True)
    series.update({g.id: g.series_id for g in all_goals.get(actor.person_id, [])})
    last: dict[int, store.CheckinData] = {}
    for c in sorted(person.checkins, key=lambda c: c.created_at):
        if c.period != period:
            last[series.get(c.goal_id, c.goal_id)] = c
    return person, period, last


async def check_in(session: AsyncSession, actor: Actor, cadence: Cadence,
                   answers: dict[int, tuple[str, str]] | None) -> tuple[PersonFile, str]:
    """Save a check-in: ``answers`` goal id → (status, comment); None = som förra gången."""
    person, period, last = await checkin_form(session, actor, cadence)
    if answers is None:
        answers = {}
        for goal in person.goals:
            previous = last.get(goal.series_id)
            if previous is None:
                raise IndividualRefused("ind.refused.no_previous")
            answers[goal.id] = (previous.status, previous.comment)
    entries = []
    for goal in person.goals:
        status, comment = answers.get(goal.id, ("", ""))
        if status not in STATUSES:
            raise IndividualRefused("ind.error.status_missing", goal=goal.title)
        entries.append((goal.id, status, comment.strip()[:300]))
    assert person.unit_id is not None
    await store.save_checkin(session, person_id=actor.person_id, unit_id=person.unit_id,
                             period=period, entries=entries, now=actor.now)
    return person, period


# --------------------------------------------------------------------------- team view


@dataclass(frozen=True)
class TeamView:
    period: str
    members: list[PersonFile]


async def team_view(session: AsyncSession, actor: Actor, cadence: Cadence) -> TeamView:
    """The manager's team: each member's goals and this period's check-ins (each member
    read is logged)."""
    tree = await load_org_tree(session)
    team = team_of(actor.person_id, tree, await store.employments(session, on=actor.today),
                   actor.today)
    if not team:
        raise IndividualRefused("ind.refused.no_team")
    period = latest_checkin_period(actor.today, cadence, actor.zone).code
    members = []
    for employment in sorted(team, key=lambda e: e.person_id):
        person = await read_person(session, actor, employment.person_id, _year(actor),
                                   what="team_view")
        members.append(PersonFile(person.person_id, person.name, person.unit_id, person.year,
                                  person.goals, [c for c in person.checkins if c.period == period]))
    members.sort(key=lambda p: p.name)
    return TeamView(period, members)


async def prepare_talk(session: AsyncSession, actor: Actor, subject_id: int) -> PersonFile:
    """Underlag for the next medarbetarsamtal: the year's goals (with history) and check-ins."""
    return await read_person(session, actor, subject_id, _year(actor), what="underlag",
                             with_history=True)


# --------------------------------------------------------------------------- upward


@dataclass(frozen=True)
class UpwardGroup:
    unit_id: int
    name: str
    aggregate: GroupAggregate


@dataclass(frozen=True)
class UpwardSummary:
    period: str
    total: GroupAggregate
    groups: list[UpwardGroup]


def suppress_complements(groups: list[UpwardGroup]) -> list[UpwardGroup]:
    """When exactly one sibling group is suppressed, the total minus the shown ones would
    reveal it: suppress the smallest shown sibling too."""
    hidden = [g for g in groups if g.aggregate.suppressed and g.aggregate.people > 0]
    shown = [g for g in groups if not g.aggregate.suppressed]
    if len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda g: (g.aggregate.people, g.unit_id))
        return [UpwardGroup(g.unit_id, g.name, GroupAggregate(g.aggregate.people,
                                                              suppressed=True))
                if g is smallest else g for g in groups]
    return groups


#: Up to this many units the tallies are read for the subtree only, else for all units.
_SUBTREE_FILTER_MAX = 400


async def _tallies(session: AsyncSession, cache: ReadCache | None,
                   stamps: dict[str, int] | None, ids: list[int], *, year: int, period: str,
                   today: date) -> dict[int, store.UnitTally]:
    """The subtree's tallies: a big subtree's from every unit's, which the process keeps
    while the employees' tables are unchanged (or a small one's read for it alone, unless
    every unit's are kept already: the same counts either way)."""
    key = ("unit_tallies", year, period, today)

    def every_unit() -> Awaitable[dict[int, store.UnitTally]]:
        return store.unit_tallies(session, unit_ids=None, year=year, period=period,
                                  today=today)

    small = len(ids) <= _SUBTREE_FILTER_MAX
    if small and (cache is None or not cache.holds(key, (INDIVIDUAL,), stamps)):
        return await store.unit_tallies(session, unit_ids=ids, year=year, period=period,
                                        today=today)
    if cache is None:
        return await every_unit()
    return await cache.get(session, key, (INDIVIDUAL,), every_unit, stamps)


async def upward_summary(session: AsyncSession, *, unit_id: int, today: date,
                         cadence: Cadence, zone: ZoneInfo) -> UpwardSummary | None:
    """Aggregates of the subtree's check-ins (the unit and each child subtree), each
    suppressed below five people. None when nobody there has agreed goals. Only counts
    are read: nothing per person leaves the database."""
    cache = cache_for(session)
    stamps = await read_stamps(session) if cache is not None else None
    units = await store.subtree_units_cached(session, unit_id, stamps,
                                             keep_from=_SUBTREE_FILTER_MAX)
    if not units:
        return None
    period = latest_checkin_period(today, cadence, zone).code
    tallies = await _tallies(session, cache, stamps, [u.id for u in units],
                             year=today.year, period=period, today=today)
    root = next(u for u in units if u.id == unit_id)
    depth = root.path.count("/")
    child_of: dict[int, int] = {}
    names: dict[int, str] = {}
    for unit in units:
        segments = unit.path.strip("/").split("/")
        if len(segments) >= depth:
            child_of[unit.id] = int(segments[depth - 1])
        if unit.path.count("/") == depth + 1:
            names[unit.id] = unit.name
    sums: dict[int | None, list[int]] = {}
    for uid, tally in tallies.items():
        if uid not in child_of and uid != unit_id:
            continue
        keys: tuple[int | None, ...] = (None,) if uid == unit_id else (None, child_of[uid])
        for key in keys:
            row = sums.setdefault(key, [0, 0, 0, 0, 0])
            for i, value in enumerate((tally.people, tally.checked_in, tally.green,
                                       tally.yellow, tally.red)):
                row[i] += value
    total = sums.get(None)
    if not total or total[0] == 0:
        return None
    groups = [UpwardGroup(cid, names.get(cid, "?"), aggregate_counts(*sums[cid]))
              for cid in sorted(names, key=lambda c: (names[c], c))
              if cid in sums and sums[cid][0] > 0]
    return UpwardSummary(period, aggregate_counts(*total), suppress_complements(groups))


# --------------------------------------------------------------------------- prompts


async def queue_checkin_prompts(session: AsyncSession, *, now: datetime, cadence: Cadence,
                                zone: ZoneInfo, lang: str) -> int:
    """The open check-in period's card to everyone with agreed goals who has not checked
    in (from its open moment), and the one reminder (from its reminder moment)."""
    from cards.individual import checkin_prompt

    schedule = open_checkin(now, cadence, zone)
    if schedule is None:
        return 0
    today = now.astimezone(zone).date()
    holders = await store.agreed_goal_holders(session, schedule.period.year, today)
    done = await store.checked_in(session, schedule.period.code)
    due = sorted(set(holders) - done)
    remind = now >= schedule.reminder_at
    allowed = await notices.recipients(session, due, lang)
    payloads: dict[tuple[str, bool], dict[str, Any]] = {}

    def payload(recipient_lang: str, reminder: bool) -> dict[str, Any]:
        key = (recipient_lang, reminder)
        if key not in payloads:
            payloads[key] = checkin_prompt(recipient_lang, schedule.period,
                                           schedule.closes_at, reminder=reminder)
        return payloads[key]

    batch: list[notices.Notice] = []
    for pid in due:
        recipient = allowed.get(pid)
        if recipient is None:
            continue  # erased or gone from the directory: no check-ins
        batch.append(compose_notice(
            recipient, kind="checkin", period=schedule.period.code,
            payload=payload(recipient.lang, False), not_before=schedule.opens_at,
            expires_at=schedule.closes_at))
        if remind:
            batch.append(compose_notice(
                recipient, kind="checkin_reminder", period=schedule.period.code,
                payload=payload(recipient.lang, True), not_before=schedule.reminder_at,
                expires_at=schedule.closes_at))
    queued = len(await notices.enqueue(session, batch, now=now))
    return queued


# --------------------------------------------------------------------------- for the dialogs

#: A unit goal an individual goal may be linked to (what the goal card offers).
UnitGoalOption = store.UnitGoalOption

# Each use case in one transaction of its own (commit, or roll back on a refusal).


async def own_goal_form(sessions: Sessions, actor: Actor
                        ) -> tuple[PersonFile, list[store.UnitGoalOption]]:
    """``mina mål``: :func:`goal_form` for the actor themself."""
    async with sessions() as session, session.begin():
        return await goal_form(session, actor, actor.person_id)


async def team_member_goal_form(sessions: Sessions, actor: Actor, query: str
                                ) -> tuple[int, PersonFile, list[store.UnitGoalOption]]:
    """``medarbetarsamtal NAMN``: the team member meant, and their goal form."""
    async with sessions() as session, session.begin():
        subject = await find_team_member(session, actor, query)
        person, options = await goal_form(session, actor, subject)
    return subject, person, options


async def own_checkin_form(sessions: Sessions, actor: Actor, cadence: Cadence
                           ) -> tuple[PersonFile, str, dict[int, store.CheckinData]]:
    async with sessions() as session, session.begin():
        return await checkin_form(session, actor, cadence)


async def my_team(sessions: Sessions, actor: Actor, cadence: Cadence) -> TeamView:
    async with sessions() as session, session.begin():
        return await team_view(session, actor, cadence)


async def submit_goals(sessions: Sessions, actor: Actor, subject_id: int,
                       drafts: Sequence[GoalDraft], *, lang: str) -> PersonFile:
    async with sessions() as session, session.begin():
        return await save_goals(session, actor, subject_id, drafts, lang=lang)


async def approve_goals(sessions: Sessions, actor: Actor, subject_id: int) -> PersonFile:
    async with sessions() as session, session.begin():
        return await approve(session, actor, subject_id)


async def submit_checkin(
    sessions: Sessions, actor: Actor, cadence: Cadence,
    answers_for: Callable[[PersonFile], dict[int, tuple[str, str]]] | None,
) -> str:
    """Save a check-in; ``answers_for`` reads the answers for the form's goals (None: som
    förra gången). The period checked in for."""
    async with sessions() as session, session.begin():
        answers = None
        if answers_for is not None:
            person, _period, _last = await checkin_form(session, actor, cadence)
            answers = answers_for(person)
        _person, period = await check_in(session, actor, cadence, answers)
    return period


async def talk_file(sessions: Sessions, actor: Actor, subject_id: int) -> PersonFile:
    """:func:`prepare_talk` in a transaction of its own."""
    async with sessions() as session, session.begin():
        return await prepare_talk(session, actor, subject_id)
