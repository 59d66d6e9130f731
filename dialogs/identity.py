"""Who is talking: link the Teams user to a person and remember how to reach them."""

from __future__ import annotations

import logging

from microsoft_agents.hosting.core import TurnContext

from dialogs.context import USER_KEY, BotServices, TurnUser
from i18n import pick_language
from storage.conversations import upsert_reference
from storage.people import find_person, link_identity

logger = logging.getLogger(__name__)


def _tenant_id(context: TurnContext) -> str | None:
    activity = context.activity
    channel_data = activity.channel_data
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
            return str(tenant["id"])
    if activity.conversation is not None and activity.conversation.tenant_id:
        return activity.conversation.tenant_id
    return None


def _email_hint(context: TurnContext) -> str | None:
    """Some clients send the UPN/e-mail on the sender (Teams does in member lookups)."""
    sender = context.activity.from_property
    if sender is None:
        return None
    extra = sender.model_extra or {}
    for key in ("userPrincipalName", "email", "upn"):
        value = extra.get(key)
        if isinstance(value, str) and "@" in value:
            return value
    name = sender.name or ""
    return name if "@" in name else None


async def identify_user(context: TurnContext, services: BotServices) -> TurnUser:
    """Resolve the sender to a person, store/refresh the conversation reference."""
    activity = context.activity
    sender = activity.from_property
    aad_id = (sender.aad_object_id if sender else None) or None
    channel_user_id = sender.id if sender else None
    display = (sender.name if sender and sender.name else None) or "du"
    settings = services.settings
    async with services.sessionmaker() as session, session.begin():
        person = await find_person(
            session,
            aad_object_id=aad_id,
            teams_user_id=channel_user_id,
            email=_email_hint(context),
        )
        if person is not None and person.erased_at is None:
            if link_identity(person, aad_object_id=aad_id, teams_user_id=channel_user_id):
                logger.info("linked channel user to person %s", person.id)
            if person.unreachable_reason:
                person.unreachable_reason = None
        else:
            person = None
        user_key = (aad_id or channel_user_id or "").lower()
        if user_key and activity.conversation is not None and activity.service_url:
            reference = activity.get_conversation_reference().model_dump(
                mode="json", by_alias=True, exclude_none=True
            )
            await upsert_reference(
                session,
                user_key=user_key,
                person_id=person.id if person else None,
                reference=reference,
                conversation_id=activity.conversation.id,
                service_url=activity.service_url,
                channel_id=str(activity.channel_id or ""),
                tenant_id=_tenant_id(context),
            )
        locale = (person.locale if person and person.locale else None) or activity.locale
        is_admin = bool(
            (aad_id and aad_id.lower() in settings.admin_aad_ids)
            or (person is not None and person.is_admin)
        )
        user = TurnUser(
            display_name=person.name if person else display,
            lang=pick_language(settings.language, locale),
            aad_object_id=aad_id,
            channel_user_id=channel_user_id,
            person_id=person.id if person else None,
            email=person.email if person else None,
            is_admin=is_admin,
        )
    context.turn_state[USER_KEY] = user
    return user
