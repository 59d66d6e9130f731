"""Group chats, meetings and channels: one line pointing to the 1:1 chat, nothing else.

Runs before anything else in a turn (:func:`dialogs.router.register_all`). Outside a
personal chat Målbot does not look the sender up, stores no conversation reference,
runs no command and saves nothing: a message or card button gets one short line (in
the activity's language) with a deep link to the user's 1:1 chat with the bot; an
other invoke gets a 400 invoke response; anything else (members added, installs,
reactions) is ignored quietly.
"""

from __future__ import annotations

import logging

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import TurnContext

from activity_guard import CARD_ACTION_INVOKE
from bot_services import BotServices
from conversation_scope import ConversationKind, conversation_kind, personal_chat_link
from i18n import pick_language, t

logger = logging.getLogger(__name__)

_MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"


def turn_kind(context: TurnContext, services: BotServices) -> ConversationKind:
    activity = context.activity
    conversation = activity.conversation
    return conversation_kind(
        conversation.conversation_type if conversation else None,
        conversation.is_group if conversation else None,
        activity.channel_data,
        untyped_is_personal=not services.settings.production_auth,
    )


def personal_chat_line(context: TurnContext, services: BotServices, *,
                       markdown: bool = True) -> str:
    """"Målbot arbetar bara i din personliga chatt …" with the deep link when known."""
    activity = context.activity
    lang = pick_language(services.settings.language, activity.locale)
    recipient = activity.recipient.id if activity.recipient else None
    link = personal_chat_link(services.settings.client_id, recipient)
    if link is None:
        return t(lang, "scope.personal_only")
    if markdown:
        return t(lang, "scope.personal_only_link", link=link)
    return t(lang, "scope.personal_only_url", link=link)


async def stop_outside_personal(context: TurnContext, services: BotServices) -> bool:
    """True (turn handled, stop here) when the conversation is not a 1:1 chat."""
    kind = turn_kind(context, services)
    if kind is ConversationKind.PERSONAL:
        return False
    activity = context.activity
    logger.info("%s activity in a %s conversation: pointed to the personal chat",
                activity.type, kind.value)
    if activity.type == ActivityTypes.message:
        await context.send_activity(personal_chat_line(context, services))
    elif activity.type == ActivityTypes.invoke:
        if activity.name == CARD_ACTION_INVOKE:
            status = 200
            body: dict[str, object] = {
                "statusCode": 200, "type": _MESSAGE_RESPONSE,
                "value": personal_chat_line(context, services, markdown=False)}
        else:
            status, body = 400, {"error": "Målbot answers only in the personal chat"}
        await context.send_activity(Activity(type=ActivityTypes.invoke_response,
                                             value=InvokeResponse(status=status, body=body)))
    return True
