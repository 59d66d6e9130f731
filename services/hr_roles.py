"""HR roles: who may read individual goals and check-ins of a unit's subtree (or of the
whole kommun) besides the person and their manager. Granting, revoking and listing them
(``python -m admin hr-role``); each write is audited in the same transaction.

Every use case opens its own session, commits or rolls back, and returns plain data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from services import Sessions
from storage import audit
from storage.models import HrRole, OrgUnit, Person

logger = logging.getLogger(__name__)


class HrRoleRefused(Exception):
    """Bad input for an HR-role change; ``key``/``params`` name the i18n message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class HrRoleRow:
    id: int
    person_name: str
    email: str | None
    unit_code: str | None  # None: the whole kommun
    unit_name: str | None
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class HrRoleChange:
    """What a grant or revoke did: ``rows`` the roles made or ended; ``changed`` False
    when there was nothing to do (the role existed already)."""

    rows: list[HrRoleRow]
    changed: bool


async def _person(session: Any, email: str) -> Person:
    wanted = email.strip().lower()
    if "@" not in wanted:
        raise HrRoleRefused("admin.hr_role.bad_email", email=email)
    person = (await session.execute(
        select(Person).where(func.lower(Person.email) == wanted,
                             Person.erased_at.is_(None)))).scalar_one_or_none()
    if person is None:
        raise HrRoleRefused("admin.person.not_found", email=email.strip())
    return person


async def _unit(session: Any, code: str | None) -> OrgUnit | None:
    if code is None:
        return None
    unit = (await session.execute(
        select(OrgUnit).where(func.lower(OrgUnit.code) == code.strip().lower()))
    ).scalar_one_or_none()
    if unit is None:
        raise HrRoleRefused("admin.hr_role.unknown_unit", code=code.strip())
    if not unit.active:
        raise HrRoleRefused("admin.hr_role.inactive_unit", code=unit.code, name=unit.name)
    return unit


def _row(role: HrRole, person: Person, unit: OrgUnit | None) -> HrRoleRow:
    return HrRoleRow(role.id, person.name, person.email, unit.code if unit else None,
                     unit.name if unit else None, role.valid_from, role.valid_to)


def _current(today: date) -> Any:
    return (HrRole.valid_from <= today) & or_(HrRole.valid_to.is_(None),
                                             HrRole.valid_to >= today)


def _scope(unit: OrgUnit | None) -> Any:
    return HrRole.unit_id.is_(None) if unit is None else HrRole.unit_id == unit.id


def _audit_value(row: HrRoleRow) -> dict[str, Any]:
    return {"person": row.email, "unit": row.unit_code or "hela kommunen",
            "valid_from": row.valid_from.isoformat(),
            "valid_to": row.valid_to.isoformat() if row.valid_to else None}


async def grant_hr_role(sessions: Sessions, *, email: str, unit_code: str | None,
                        today: date, until: date | None, now: datetime,
                        actor_label: str) -> HrRoleChange:
    """Give the person an HR role over ``unit_code``'s subtree (None: the whole kommun)
    from today (to ``until`` inclusive, or open-ended)."""
    if until is not None and until < today:
        raise HrRoleRefused("admin.hr_role.until_past", until=until.isoformat())
    async with sessions() as session, session.begin():
        person = await _person(session, email)
        unit = await _unit(session, unit_code)
        existing = (await session.execute(
            select(HrRole).where(HrRole.person_id == person.id, _scope(unit),
                                 _current(today)))).scalars().first()
        if existing is not None and existing.valid_to == until:
            return HrRoleChange([_row(existing, person, unit)], changed=False)
        before = _audit_value(_row(existing, person, unit)) if existing else None
        if existing is not None:
            existing.valid_to = until  # a new end date for the role already held
            role = existing
        else:
            role = HrRole(person_id=person.id, unit_id=unit.id if unit else None,
                          valid_from=today, valid_to=until)
            session.add(role)
        await session.flush()
        row = _row(role, person, unit)
        audit.record(session, actor_person_id=None, actor_label=actor_label,
                     action="hr_role.grant", entity="hr_role", entity_id=role.id,
                     before=before, after=_audit_value(row),
                     details="HR-roll: läser individuella mål och incheckningar", at=now)
    return HrRoleChange([row], changed=True)


async def revoke_hr_role(sessions: Sessions, *, email: str, unit_code: str | None,
                         every_scope: bool, today: date, now: datetime,
                         actor_label: str) -> HrRoleChange:
    """End the person's current HR role over ``unit_code`` (None: the whole kommun's;
    ``every_scope``: all of them) from today: it ends yesterday, or is removed if it
    had not started before today."""
    yesterday = today - timedelta(days=1)
    async with sessions() as session, session.begin():
        person = await _person(session, email)
        unit = None if every_scope else await _unit(session, unit_code)
        stmt = select(HrRole, OrgUnit).outerjoin(OrgUnit, OrgUnit.id == HrRole.unit_id).where(
            HrRole.person_id == person.id,
            or_(HrRole.valid_to.is_(None), HrRole.valid_to >= today))
        if not every_scope:
            stmt = stmt.where(_scope(unit))
        found = list(await session.execute(stmt.order_by(HrRole.id)))
        if not found:
            raise HrRoleRefused("admin.hr_role.none_to_revoke", email=email.strip())
        rows = []
        for role, role_unit in found:
            before = _audit_value(_row(role, person, role_unit))
            if role.valid_from <= yesterday:
                role.valid_to = yesterday
                after: dict[str, Any] | None = _audit_value(_row(role, person, role_unit))
            else:
                await session.delete(role)
                after = None
            rows.append(_row(role, person, role_unit))
            audit.record(session, actor_person_id=None, actor_label=actor_label,
                         action="hr_role.revoke", entity="hr_role", entity_id=role.id,
                         before=before, after=after, details="HR-roll avslutad", at=now)
    return HrRoleChange(rows, changed=True)


async def list_hr_roles(sessions: Sessions, *, today: date,
                        include_ended: bool = False) -> list[HrRoleRow]:
    """The HR roles (current and coming ones; ``include_ended``: all), by name."""
    async with sessions() as session:
        stmt = (select(HrRole, Person, OrgUnit)
                .join(Person, Person.id == HrRole.person_id)
                .outerjoin(OrgUnit, OrgUnit.id == HrRole.unit_id))
        if not include_ended:
            stmt = stmt.where(or_(HrRole.valid_to.is_(None), HrRole.valid_to >= today))
        rows = [_row(role, person, unit)
                for role, person, unit in (await session.execute(stmt))]
    return sorted(rows, key=lambda r: (r.person_name.lower(), r.unit_code or "", r.valid_from))
