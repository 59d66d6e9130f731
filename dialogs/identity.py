"""Who is talking: link the Teams user to a person and remember how to reach them.

Every turn needs the person behind it, and most turns come from someone the bot saw a
moment ago (a manager clicking through the report's steps). :class:`IdentityCache` keeps,
per application and for :data:`IDENTITY_TTL_S` seconds, what the last database visit
established for a sender: the person (only people found — an unknown sender is looked up
on every turn, so a newly imported manager is recognised at once) and the conversation
reference stored for them. A turn whose sender and reference match a fresh entry needs
no database work at all. Consequences, by design:

* Changes to a known person made elsewhere (name, language, admin flag, erasure) reach
  the bot within :data:`IDENTITY_TTL_S` seconds; :func:`forget_identities` drops every
  entry at once (for code in the same process that changed people).
* Install and uninstall events (``conversationUpdate`` / ``installationUpdate``) always go
  to the database, so a reinstall clears a person's "unreachable" mark right away.
* A conversation reference is not rewritten when only volatile fields changed
  (``storage.conversations.VOLATILE_REFERENCE_FIELDS``, e.g. the activity id).
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from dataclasses import dataclass
from typing import Any

import aiohttp
from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import TurnContext

from bot_services import BotServices
from dialogs.context import USER_KEY, TurnUser
from i18n import pick_language
from services.identity import ConversationRef, identify_sender, stable_reference

logger = logging.getLogger(__name__)

#: How long a sender's person and stored conversation reference are trusted in-process.
IDENTITY_TTL_S = 10.0

#: Activities that always look the sender up in the database.
_UNCACHED_TYPES = frozenset({ActivityTypes.conversation_update,
                             ActivityTypes.installation_update})

_SenderKey = tuple[str, str, str]  # (aad object id, channel user id, e-mail hint)


@dataclass(frozen=True)
class _KnownSender:
    """What one database visit established about a sender."""

    person_id: int
    name: str
    email: str | None
    locale: str | None
    is_admin: bool
    reference: tuple[Any, ...] | None  # _reference_fingerprint of the stored reference
    expires: float


class IdentityCache:
    """Short-lived, in-process memory of recently seen senders (see the module doc)."""

    def __init__(self, ttl_s: float = IDENTITY_TTL_S, max_entries: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._entries: dict[_SenderKey, _KnownSender] = {}

    def get(self, key: _SenderKey) -> _KnownSender | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= time.monotonic():
            del self._entries[key]
            return None
        return entry

    def put(self, key: _SenderKey, entry: _KnownSender) -> None:
        if len(self._entries) >= self.max_entries:
            now = time.monotonic()
            self._entries = {k: v for k, v in self._entries.items() if v.expires > now}
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
        self._entries[key] = entry

    def forget(self, key: _SenderKey) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()


# One cache per application (keyed by its sessionmaker: one database each).
_CACHES: weakref.WeakKeyDictionary[object, IdentityCache] = weakref.WeakKeyDictionary()


def identity_cache(services: BotServices) -> IdentityCache:
    cache = _CACHES.get(services.sessionmaker)
    if cache is None:
        cache = IdentityCache()
        _CACHES[services.sessionmaker] = cache
    return cache


def forget_identities() -> None:
    """Drop every cached sender in this process (after changing people in-process)."""
    for cache in list(_CACHES.values()):
        cache.clear()


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
    """The UPN/e-mail the channel put on the sender (Teams does in member lookups).

    Never the display name: anyone can name themselves after someone else's address.
    """
    sender = context.activity.from_property
    if sender is None:
        return None
    extra = sender.model_extra or {}
    for key in ("userPrincipalName", "email", "upn"):
        value = extra.get(key)
        if isinstance(value, str) and "@" in value:
            return value
    return None


MEMBER_LOOKUP_TIMEOUT_S = 3.0


async def _member_email(context: TurnContext) -> str | None:
    """The sender's e-mail/UPN from Teams' member lookup (``GET …/members/{id}``), or None.

    Activities carry no e-mail; the channel does, for members of the conversation. Only
    for 1:1 Teams chats; any failure just means "not known".
    """
    activity = context.activity
    sender = activity.from_property
    conversation = activity.conversation
    if (
        sender is None
        or conversation is None
        or str(activity.channel_id or "") != "msteams"
        or (conversation.conversation_type or "personal") != "personal"
    ):
        return None
    client: Any = context.turn_state.get("ConnectorClient")  # set by the SDK's adapter
    if client is None:
        return None
    try:
        member = await asyncio.wait_for(
            client.conversations.get_conversation_member(conversation.id, sender.id),
            MEMBER_LOOKUP_TIMEOUT_S,
        )
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        logger.info("member lookup failed: %s", type(exc).__name__)
        return None
    extra = getattr(member, "model_extra", None) or {}
    for key in ("email", "userPrincipalName"):
        value = extra.get(key)
        if isinstance(value, str) and "@" in value:
            return value
    return None


_Reference = ConversationRef  # the conversation reference of this turn


def _reference_of(context: TurnContext, user_key: str) -> _Reference | None:
    activity = context.activity
    if not user_key or activity.conversation is None or not activity.service_url:
        return None
    reference = activity.get_conversation_reference().model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    return _Reference(user_key, reference, activity.conversation.id, activity.service_url,
                      str(activity.channel_id or ""), _tenant_id(context))


def _reference_fingerprint(ref: _Reference, person_id: int | None) -> tuple[Any, ...]:
    """Everything upsert_reference compares, minus the volatile fields."""
    stable = stable_reference(ref.reference)
    return (person_id, ref.conversation_id, ref.service_url, ref.channel_id, ref.tenant_id,
            repr(sorted(stable.items())))


def _turn_user(services: BotServices, context: TurnContext, *, display: str,
               aad_id: str | None, channel_user_id: str | None,
               known: _KnownSender | None) -> TurnUser:
    settings = services.settings
    locale = (known.locale if known and known.locale else None) or context.activity.locale
    is_admin = bool(
        (aad_id and aad_id.lower() in settings.admin_aad_ids)
        or (known is not None and known.is_admin)
    )
    return TurnUser(
        display_name=known.name if known else display,
        lang=pick_language(settings.language, locale),
        aad_object_id=aad_id,
        channel_user_id=channel_user_id,
        person_id=known.person_id if known else None,
        email=known.email if known else None,
        is_admin=is_admin,
    )


async def identify_user(context: TurnContext, services: BotServices) -> TurnUser:
    """Resolve the sender to a person, store/refresh the conversation reference."""
    activity = context.activity
    sender = activity.from_property
    aad_id = (sender.aad_object_id if sender else None) or None
    channel_user_id = sender.id if sender else None
    display = (sender.name if sender and sender.name else None) or "du"
    email_hint = _email_hint(context)
    user_key = (aad_id or channel_user_id or "").lower()
    reference = _reference_of(context, user_key)
    cache = identity_cache(services)
    cache_key: _SenderKey = ((aad_id or "").lower(), channel_user_id or "", email_hint or "")
    cacheable = bool(aad_id or channel_user_id) and activity.type not in _UNCACHED_TYPES

    known = cache.get(cache_key) if cacheable else None
    if known is not None and (
        reference is None
        or known.reference == _reference_fingerprint(reference, known.person_id)
    ):
        user = _turn_user(services, context, display=display, aad_id=aad_id,
                          channel_user_id=channel_user_id, known=known)
        context.turn_state[USER_KEY] = user
        return user

    cache.forget(cache_key)
    person = await identify_sender(
        services.sessionmaker, aad_object_id=aad_id, teams_user_id=channel_user_id,
        email_hint=email_hint, member_email=lambda: _member_email(context),
        reference=reference)
    known = None
    if person is not None:
        known = _KnownSender(
            person_id=person.person_id, name=person.name, email=person.email,
            locale=person.locale, is_admin=person.is_admin,
            reference=(_reference_fingerprint(reference, person.person_id)
                       if reference is not None else None),
            expires=time.monotonic() + cache.ttl_s,
        )
    if known is not None and cacheable:
        cache.put(cache_key, known)  # only once the transaction has committed
    user = _turn_user(services, context, display=display, aad_id=aad_id,
                      channel_user_id=channel_user_id, known=known)
    context.turn_state[USER_KEY] = user
    return user
