"""Match the people to Entra ID (Microsoft Graph) for ``python -m admin sync-people``:
object ids, names, people who left, employees' units, and the Teams app for managers."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from graph.client import DirectoryUser, GraphClient, GraphError
from graph.sync import DirectoryIndex, PersonIdentity, lookup_key, plan_change
from services import Sessions
from storage import audit
from storage.models import ManagerAssignment, Person

logger = logging.getLogger(__name__)


@dataclass
class SyncReport:
    found: int = 0
    updated: int = 0
    missing: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    installed: int = 0
    already: int = 0
    install_failed: int = 0
    apps_checked: bool = False
    placed: int = 0  # employees given (or moved to) the unit their directory manager runs



async def resolve(client: GraphClient, people: list[PersonIdentity]
                  ) -> dict[int, DirectoryUser | None]:
    """Person id → directory user (None = not in the directory)."""
    index = DirectoryIndex.build([user async for user in client.iter_users()])
    found: dict[int, DirectoryUser | None] = {}
    for person in people:
        user = index.find(person)
        if user is None and (key := lookup_key(person)):
            user = await client.get_user(key)
        found[person.id] = user
    return found


async def place_employees(session: AsyncSession, client: GraphClient, rows: list[Person],
                          found: Mapping[int, DirectoryUser | None], today: date,
                          report: SyncReport) -> None:
    """Employees (people who manage no unit today) get the unit their directory manager
    runs (:meth:`OrgTree.units_in_charge`, the first in tree order) from today."""
    from storage.individual import current_units, set_unit
    from storage.org_queries import load_org_tree

    tree = await load_org_tree(session)
    managing = {a.person_id for a in tree.assignments if a.covers(today)}
    by_aad = {p.aad_object_id.lower(): p.id for p in rows if p.aad_object_id}
    unit_now = await current_units(session, today)
    for person in rows:
        user = found.get(person.id)
        if person.id in managing or user is None or not user.account_enabled:
            continue
        boss = await client.get_manager(user.id)
        boss_id = by_aad.get(boss.id.lower()) if boss is not None else None
        if boss_id is None:
            continue
        units = tree.units_in_charge(boss_id, today)
        if not units or unit_now.get(person.id) in {u.id for u in units}:
            continue
        await set_unit(session, person.id, units[0].id, today=today, source="graph")
        report.placed += 1


async def sync_people(
    sessions: Sessions,
    client: GraphClient,
    *,
    dry_run: bool,
    install_app: bool,
    today: date,
    now: datetime,
) -> SyncReport:
    report = SyncReport()
    managers: list[Person] = []
    async with sessions() as session:
        rows = list((await session.execute(
            select(Person)
            .where(Person.erased_at.is_(None))
            .where(or_(Person.email.is_not(None), Person.aad_object_id.is_not(None)))
            .order_by(Person.id)
        )).scalars())
        people = [PersonIdentity(p.id, p.email, p.aad_object_id, p.name, p.directory_missing)
                  for p in rows]
        found = await resolve(client, people)
        by_id = {p.id: p for p in rows}
        taken = {p.aad_object_id.lower(): p.id for p in
                 (await session.execute(select(Person).where(
                     Person.aad_object_id.is_not(None)))).scalars() if p.aad_object_id}
        for person in people:
            user = found[person.id]
            row = by_id[person.id]
            if user is not None and user.account_enabled:
                report.found += 1
            else:
                report.missing.append(person.email or person.aad_object_id or str(person.id))
            change = plan_change(person, user)
            if not change.changes_anything:
                report.unchanged += 1
                continue
            if change.aad_object_id is not None:
                owner = taken.get(change.aad_object_id.lower())
                if owner is not None and owner != person.id:
                    report.conflicts.append(person.email or str(person.id))
                    logger.warning("object id of person %s already belongs to person %s",
                                   person.id, owner)
                else:
                    row.aad_object_id = change.aad_object_id
                    taken[change.aad_object_id.lower()] = person.id
            if change.name is not None:
                row.name = change.name
            if change.directory_missing is not None:
                row.directory_missing = change.directory_missing
            report.updated += 1
        await place_employees(session, client, rows, found, today, report)
        if dry_run:
            await session.rollback()
            return report
        if report.updated:
            audit.record(session, actor_person_id=None, actor_label="sync-people",
                         action="people.sync", entity="people", entity_id="directory",
                         after={"found": report.found, "updated": report.updated,
                                "missing": len(report.missing)}, at=now)
        await session.commit()
        if install_app and client.config.teams_app_catalog_id:
            report.apps_checked = True
            manager_ids = set((await session.execute(
                select(ManagerAssignment.person_id)
                .where(ManagerAssignment.valid_from <= today)
                .where(or_(ManagerAssignment.valid_to.is_(None),
                           ManagerAssignment.valid_to >= today))
            )).scalars())
            managers = list((await session.execute(
                select(Person).where(Person.id.in_(manager_ids))
                .where(Person.erased_at.is_(None))
                .where(Person.directory_missing.is_(False))
                .where(Person.aad_object_id.is_not(None))
                .order_by(Person.id)
            )).scalars())
    if report.apps_checked:
        catalog_id = client.config.teams_app_catalog_id
        for manager in managers:
            assert manager.aad_object_id is not None
            try:
                if await client.has_app(manager.aad_object_id, catalog_id):
                    report.already += 1
                elif await client.install_app(manager.aad_object_id, catalog_id):
                    report.installed += 1
                else:
                    report.already += 1
            except GraphError as exc:
                report.install_failed += 1
                logger.warning("Teams app install for person %s failed: %s", manager.id, exc)
    return report
