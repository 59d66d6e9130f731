"""Who is talking: the sender resolved to a person, their conversation reference stored.

One call per turn that needs the database (:func:`identify_sender`), in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from services import Sessions
from storage.conversations import stable_reference, upsert_reference
from storage.people import find_person, link_identity

logger = logging.getLogger(__name__)

__all__ = ["ConversationRef", "SenderPerson", "identify_sender", "stable_reference"]


@dataclass(frozen=True)
class ConversationRef:
    """The conversation reference of a turn, as it would be stored."""

    user_key: str
    reference: dict[str, Any]
    conversation_id: str
    service_url: str
    channel_id: str
    tenant_id: str | None


@dataclass(frozen=True)
class SenderPerson:
    """The person behind a sender, as stored."""

    person_id: int
    name: str
    email: str | None
    locale: str | None
    is_admin: bool


async def identify_sender(sessions: Sessions, *, aad_object_id: str | None,
                          teams_user_id: str | None, email_hint: str | None,
                          member_email: Callable[[], Awaitable[str | None]],
                          reference: ConversationRef | None) -> SenderPerson | None:
    """Find the sender's person (by AAD id, Teams id, then e-mail; for a first contact of
    someone imported by e-mail, ``member_email`` asks Teams), fill in missing Teams ids,
    clear an "unreachable" mark, and store the conversation reference. None: not known
    (or erased). Commits before returning."""
    async with sessions() as session, session.begin():
        person = await find_person(session, aad_object_id=aad_object_id,
                                   teams_user_id=teams_user_id, email=email_hint)
        if person is None and email_hint is None and aad_object_id:
            looked_up = await member_email()
            if looked_up is not None:
                person = await find_person(session, aad_object_id=aad_object_id,
                                           email=looked_up)
        if person is not None and person.erased_at is None:
            if link_identity(person, aad_object_id=aad_object_id, teams_user_id=teams_user_id):
                logger.info("linked channel user to person %s", person.id)
            if person.unreachable_reason:
                person.unreachable_reason = None
        else:
            person = None
        if reference is not None:
            await upsert_reference(
                session,
                user_key=reference.user_key,
                person_id=person.id if person else None,
                reference=reference.reference,
                conversation_id=reference.conversation_id,
                service_url=reference.service_url,
                channel_id=reference.channel_id,
                tenant_id=reference.tenant_id,
            )
        found = None if person is None else SenderPerson(
            person_id=person.id, name=person.name, email=person.email, locale=person.locale,
            is_admin=bool(person.is_admin))
    return found
