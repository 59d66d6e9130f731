"""Where a conversation happens: Målbot talks about a person only in their 1:1 chat.

Pure functions on the plain fields Teams sends (``conversation.conversationType``,
``conversation.isGroup``, ``channelData.meeting``), used by the turn gate
(:mod:`dialogs.scope_gate`) and by the outbox's choice of stored references:

* ``personal`` - the 1:1 chat between a user and the bot: the only place Målbot shows
  or changes anything, and the only conversation whose reference is stored;
* ``groupChat`` - a group chat; with ``channelData.meeting`` it is a meeting's chat;
* ``channel`` - a team's channel.

Teams always names the type. The Microsoft 365 Agents Playground and the Bot Framework
Emulator send none for their 1:1 chat (and ``isGroup: true`` for their group chats and
channels): in local anonymous mode a conversation without a type counts as personal
unless it is marked ``isGroup``. With Microsoft credentials configured (production) a
conversation that does not say it is personal is not treated as one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any
from urllib.parse import quote


class ConversationKind(StrEnum):
    PERSONAL = "personal"
    GROUP_CHAT = "groupChat"
    CHANNEL = "channel"
    MEETING = "meeting"


def conversation_kind(
    conversation_type: object,
    is_group: object,
    channel_data: object,
    *,
    untyped_is_personal: bool,
) -> ConversationKind:
    """The kind of a conversation from what the activity (or a stored reference) says.

    ``untyped_is_personal``: a conversation without ``conversationType`` (and not marked
    ``isGroup``) is personal - true in local anonymous mode (Playground, Emulator).
    """
    if isinstance(channel_data, Mapping) and channel_data.get("meeting") is not None:
        return ConversationKind.MEETING
    if conversation_type == "channel":
        return ConversationKind.CHANNEL
    if conversation_type == "personal":
        return ConversationKind.GROUP_CHAT if is_group is True else ConversationKind.PERSONAL
    if conversation_type is None and is_group is not True and untyped_is_personal:
        return ConversationKind.PERSONAL
    # "groupChat", an untyped group, or a type Teams may add later: never personal.
    return ConversationKind.GROUP_CHAT


def reference_is_personal(reference: Mapping[str, Any]) -> bool:
    """True unless a stored conversation reference says it is not a 1:1 chat.

    References are stored only from personal conversations; this guards against rows
    stored before that rule (an older version replaced a manager's 1:1 reference with a
    channel's) - such a reference is never used to reach a person.
    """
    conversation = reference.get("conversation")
    if not isinstance(conversation, Mapping):
        return False
    return conversation_kind(conversation.get("conversationType"), conversation.get("isGroup"),
                             None, untyped_is_personal=True) is ConversationKind.PERSONAL


_BOT_ID = re.compile(r"28:[A-Za-z0-9._-]{1,100}")
_APP_ID = re.compile(r"[A-Za-z0-9._-]{1,100}")


def personal_chat_link(app_id: str, recipient_id: str | None) -> str | None:
    """The Teams deep link that opens the user's 1:1 chat with the bot.

    ``https://teams.microsoft.com/l/chat/0/0?users=28:<bot app id>`` - the link the Azure
    Bot Service gives for a bot's Teams channel ("Get bot embed code"). The bot id is the
    configured app id (production); in local mode the recipient id of the activity when
    it has the bot form ``28:…``. None when neither is usable.
    """
    if app_id and _APP_ID.fullmatch(app_id):
        bot_id = f"28:{app_id}"
    elif recipient_id and _BOT_ID.fullmatch(recipient_id):
        bot_id = recipient_id
    else:
        return None
    return f"https://teams.microsoft.com/l/chat/0/0?users={quote(bot_id, safe=':')}"
