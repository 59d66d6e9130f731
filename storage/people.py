"""Finding and linking people (AAD object id, Teams user id, e-mail)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person


async def find_person(
    session: AsyncSession,
    *,
    aad_object_id: str | None = None,
    teams_user_id: str | None = None,
    email: str | None = None,
) -> Person | None:
    """Look a person up by AAD object id, then Teams user id, then e-mail/UPN."""
    if aad_object_id:
        person = (
            await session.execute(
                select(Person).where(func.lower(Person.aad_object_id) == aad_object_id.lower())
            )
        ).scalar_one_or_none()
        if person is not None:
            return person
    if teams_user_id:
        person = (
            await session.execute(select(Person).where(Person.teams_user_id == teams_user_id))
        ).scalar_one_or_none()
        if person is not None and _same_directory_identity(person, aad_object_id):
            return person
    if email:
        person = (
            await session.execute(
                select(Person).where(func.lower(Person.email) == email.strip().lower())
            )
        ).scalar_one_or_none()
        if person is not None and _same_directory_identity(person, aad_object_id):
            return person
    return None


def _same_directory_identity(person: Person, aad_object_id: str | None) -> bool:
    """A person already linked to an Entra account is never taken over by another one."""
    if not person.aad_object_id or not aad_object_id:
        return True
    return person.aad_object_id.lower() == aad_object_id.lower()


def link_identity(
    person: Person, *, aad_object_id: str | None, teams_user_id: str | None
) -> bool:
    """Fill in missing Teams identifiers on a person found by e-mail. True if changed."""
    if not _same_directory_identity(person, aad_object_id):
        return False
    changed = False
    if aad_object_id and not person.aad_object_id:
        person.aad_object_id = aad_object_id
        changed = True
    if teams_user_id and person.teams_user_id != teams_user_id:
        person.teams_user_id = teams_user_id
        changed = True
    return changed
