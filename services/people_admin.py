"""GDPR for ``python -m admin person export|erase EMAIL``: the register extract of a person
and the erasure of their personal data (see :mod:`admin.commands.person`). Each call owns
its transaction."""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services import Sessions
from storage import audit
from storage.models import (
    AgentStateItem,
    AuditEntry,
    ConversationRef,
    Decision,
    DecisionUpdate,
    DelegatedDecision,
    Goal,
    GoalResult,
    ManagerAssignment,
    OrgUnit,
    OutboxMessage,
    Person,
    ReportingPeriod,
    UnitReport,
)

ROLE_TITLES = {
    "sv": {"kommun": "Kommunchef", "forvaltning": "Förvaltningschef",
           "avdelning": "Avdelningschef", "enhet": "Enhetschef"},
    "en": {"kommun": "Municipal manager", "forvaltning": "Head of administration",
           "avdelning": "Head of division", "enhet": "Unit manager"},
}
ACTING_PREFIX = {"sv": "Tf. ", "en": "Acting "}
NO_ROLE = {"sv": "Raderad person", "en": "Erased person"}
UNSENT = ("pending", "sending")


def role_label(assignments: Iterable[tuple[str, str, str]], lang: str) -> str:
    """"Enhetschef, Hemtjänst Norr" from (role, unit kind, unit name), most recent first."""
    lang = "en" if lang == "en" else "sv"
    labels: list[str] = []
    for role, kind, unit_name in assignments:
        title = ROLE_TITLES[lang].get(kind, ROLE_TITLES[lang]["enhet"])
        if role == "acting":
            title = ACTING_PREFIX[lang] + title[0].lower() + title[1:]
        label = f"{title}, {unit_name}"
        if label not in labels:
            labels.append(label)
    text = "; ".join(labels) or NO_ROLE[lang]
    return text if len(text) <= 200 else text[:199] + "…"


def _iso(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


async def _find(session: AsyncSession, email: str) -> Person | None:
    return (await session.execute(
        select(Person).where(func.lower(Person.email) == email.strip().lower())
        .where(Person.erased_at.is_(None))
    )).scalar_one_or_none()


async def _assignments(session: AsyncSession, person_id: int
                       ) -> list[tuple[ManagerAssignment, OrgUnit]]:
    rows = await session.execute(
        select(ManagerAssignment, OrgUnit).join(OrgUnit, OrgUnit.id == ManagerAssignment.unit_id)
        .where(ManagerAssignment.person_id == person_id)
        .order_by(ManagerAssignment.valid_from.desc(), ManagerAssignment.id.desc())
    )
    return list(rows)


# --------------------------------------------------------------------------- export


async def export_person(session: AsyncSession, person: Person, now: datetime) -> dict[str, Any]:
    pid = person.id
    assignments = await _assignments(session, pid)
    reports = await session.execute(
        select(UnitReport, ReportingPeriod.period, OrgUnit.code)
        .join(ReportingPeriod, ReportingPeriod.id == UnitReport.period_id)
        .join(OrgUnit, OrgUnit.id == UnitReport.unit_id)
        .where(or_(UnitReport.submitted_by_id == pid, UnitReport.updated_by_id == pid))
        .order_by(ReportingPeriod.period)
    )
    results = await session.execute(
        select(GoalResult, ReportingPeriod.period, OrgUnit.code, Goal.ref, Goal.title)
        .join(ReportingPeriod, ReportingPeriod.id == GoalResult.period_id)
        .join(OrgUnit, OrgUnit.id == GoalResult.unit_id)
        .join(Goal, Goal.id == GoalResult.goal_id)
        .where(GoalResult.updated_by_id == pid)
        .order_by(ReportingPeriod.period, Goal.id)
    )
    comments = await session.execute(
        select(DecisionUpdate, Decision.reference)
        .join(Decision, Decision.id == DecisionUpdate.decision_id)
        .where(DecisionUpdate.person_id == pid)
        .order_by(DecisionUpdate.created_at)
    )
    audits = await session.execute(
        select(AuditEntry).where(or_(
            AuditEntry.actor_person_id == pid,
            (AuditEntry.entity == "person") & (AuditEntry.entity_id == str(pid)),
        )).order_by(AuditEntry.at)
    )
    refs = await session.execute(select(ConversationRef).where(ConversationRef.person_id == pid))
    outbox = await session.execute(select(OutboxMessage).where(OutboxMessage.person_id == pid)
                                   .order_by(OutboxMessage.created_at))
    from storage.individual import export_individual

    individual = await export_individual(session, pid)
    delegated = await session.execute(
        select(DelegatedDecision).where(DelegatedDecision.person_id == pid)
        .order_by(DelegatedDecision.decided_on, DelegatedDecision.id))
    return {
        "exported_at": now.isoformat(),
        "individual": individual,
        "person": {
            "id": pid, "name": person.name, "email": person.email, "title": person.title,
            "locale": person.locale, "aad_object_id": person.aad_object_id,
            "teams_user_id": person.teams_user_id, "is_admin": person.is_admin,
            "directory_missing": person.directory_missing,
            "unreachable_reason": person.unreachable_reason,
        },
        "manager_assignments": [
            {"unit_code": u.code, "unit": u.name, "role": a.role,
             "valid_from": _iso(a.valid_from), "valid_to": _iso(a.valid_to),
             "delegation_role": a.delegation_role}
            for a, u in assignments
        ],
        "reports": [
            {"period": period, "unit_code": code, "status": r.status,
             "submitted_at": _iso(r.submitted_at), "submitted_by_me": r.submitted_by_id == pid,
             "role": r.submitted_by_role}
            for r, period, code in reports
        ],
        "results_written": [
            {"period": period, "unit_code": code, "goal_ref": ref, "goal": title,
             "status": r.status, "value": r.value, "analysis": r.analysis,
             "actions": r.actions, "updated_at": _iso(r.updated_at)}
            for r, period, code, ref, title in results
        ],
        "decision_comments": [
            {"reference": reference, "period": u.period, "status": u.status,
             "comment": u.comment, "created_at": _iso(u.created_at)}
            for u, reference in comments
        ],
        "audit_entries": [
            {"at": _iso(a.at), "action": a.action, "entity": a.entity,
             "entity_id": a.entity_id, "details": a.details}
            for a in audits.scalars()
        ],
        "teams_conversations": [
            {"channel": r.channel_id, "conversation_id": r.conversation_id,
             "service_url": r.service_url, "updated_at": _iso(r.updated_at)}
            for r in refs.scalars()
        ],
        "messages": [
            {"kind": m.kind, "period": m.period, "status": m.status,
             "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at)}
            for m in outbox.scalars()
        ],
        "delegated_decisions": [
            {"committee": d.committee, "decided_on": _iso(d.decided_on),
             "description": d.description, "reference": d.reference,
             "amount_kr": d.amount_kr, "flag": d.flag}
            for d in delegated.scalars()
        ],
    }


# --------------------------------------------------------------------------- erase


@dataclass(frozen=True)
class ErasePlan:
    person_id: int
    label: str
    #: anmälda delegationsbeslut kept (the nämnd's record, allmän handling)
    kept_decisions: int = 0


def _replace(value: Any, needles: list[str], label: str) -> Any:
    if isinstance(value, str):
        for needle in needles:
            if needle and needle.lower() in value.lower():
                value = _case_insensitive_replace(value, needle, label)
        return value
    if isinstance(value, list):
        return [_replace(v, needles, label) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, needles, label) for k, v in value.items()}
    return value


def _case_insensitive_replace(text: str, needle: str, label: str) -> str:
    lower, target = text.lower(), needle.lower()
    out: list[str] = []
    start = 0
    while (index := lower.find(target, start)) >= 0:
        out.append(text[start:index])
        out.append(label)
        start = index + len(needle)
    out.append(text[start:])
    return "".join(out)


async def erase_person(session: AsyncSession, person: Person, *, lang: str, now: datetime,
                       today: date, dry_run: bool) -> ErasePlan:
    pid = person.id
    assignments = await _assignments(session, pid)
    label = role_label(((a.role, u.kind, u.name) for a, u in assignments), lang)
    kept = int((await session.execute(select(func.count()).select_from(DelegatedDecision)
                                      .where(DelegatedDecision.person_id == pid))).scalar_one())
    plan = ErasePlan(pid, label, kept)
    if dry_run:
        return plan
    # Full names and e-mail addresses only: a short first name would match other words.
    needles = [n for n in (person.email, person.name)
               if n and (("@" in n) or (" " in n.strip() and len(n) >= 5))]
    refs = list((await session.execute(select(ConversationRef).where(or_(
        ConversationRef.person_id == pid,
        ConversationRef.user_key == (person.aad_object_id or "").lower(),
    )))).scalars())
    state_suffixes = {f"/conversations/{r.conversation_id}" for r in refs}
    if person.teams_user_id:
        state_suffixes.add(f"/users/{person.teams_user_id}")
    for suffix in state_suffixes:
        await session.execute(delete(AgentStateItem).where(
            AgentStateItem.key.endswith(suffix, autoescape=True)))
    for ref in refs:
        await session.delete(ref)
    await session.execute(delete(OutboxMessage).where(OutboxMessage.person_id == pid)
                          .where(OutboxMessage.status.in_(UNSENT)))
    for message in (await session.execute(
            select(OutboxMessage).where(OutboxMessage.person_id == pid))).scalars():
        message.payload = {"erased": True}
        message.last_error = None
    yesterday = today - timedelta(days=1)
    for assignment, _unit in assignments:
        if assignment.valid_to is None or assignment.valid_to >= today:
            if assignment.valid_from <= yesterday:
                assignment.valid_to = yesterday
            else:
                await session.delete(assignment)
    for entry in (await session.execute(select(AuditEntry).where(or_(
        AuditEntry.actor_person_id == pid,
        (AuditEntry.entity == "person") & (AuditEntry.entity_id == str(pid)),
        *(cast(AuditEntry.before, String).contains(n) for n in needles),
        *(cast(AuditEntry.after, String).contains(n) for n in needles),
        *(AuditEntry.details.contains(n) for n in needles),
        *(AuditEntry.actor_label.contains(n) for n in needles),
    )))).scalars():
        if entry.actor_person_id == pid:
            entry.actor_label = label
        if entry.entity == "person" and entry.entity_id == str(pid):
            entry.before = None
            entry.after = None
        entry.before = _replace(entry.before, needles, label)
        entry.after = _replace(entry.after, needles, label)
        entry.details = _replace(entry.details, needles, label)
        entry.actor_label = _replace(entry.actor_label, needles, label)
    from storage.individual import erase_individual

    await erase_individual(session, pid, today)
    person.name = label
    person.email = None
    person.aad_object_id = None
    person.teams_user_id = None
    person.title = None
    person.locale = None
    person.is_admin = False
    person.unreachable_reason = None
    person.directory_missing = False
    person.erased_at = now
    audit.record(session, actor_person_id=None, actor_label=f"admin CLI ({_os_user()})",
                 action="person.erase", entity="person", entity_id=pid,
                 after={"erased": True, "attributed_to": label},
                 details="personuppgifter raderade", at=now)
    await session.commit()
    return plan


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "okänd"


# --------------------------------------------------------------------------- use cases


async def export_person_data(sessions: Sessions, email: str, *, now: datetime
                             ) -> dict[str, Any] | None:
    """Everything held about the (not erased) person with this e-mail; None when none."""
    async with sessions() as session:
        person = await _find(session, email)
        if person is None:
            return None
        return await export_person(session, person, now)


async def erase_person_data(sessions: Sessions, email: str, *, lang: str, now: datetime,
                            today: date, dry_run: bool) -> ErasePlan | None:
    """Erase the person with this e-mail (``dry_run``: only the plan); None when none."""
    async with sessions() as session:
        person = await _find(session, email)
        if person is None:
            return None
        return await erase_person(session, person, lang=lang, now=now, today=today,
                                  dry_run=dry_run)
