"""The SDK turn state with one database round trip for all of a turn's state reads.

The Agents SDK loads, at the start of every turn, the conversation state, then the user
state, then (for messages and invokes) its sign-in state: three reads one after the
other. :class:`PrefetchingTurnState`, given to ``AgentApplication`` as its turn state
factory, first prefetches those keys in a single query (``SqlAgentStorage.prefetch``);
the SDK's own reads are then answered from that batch. The states themselves
are loaded and saved exactly as the SDK does, so dialogs and handlers see no difference.

It lives beside the app factory, not in ``dialogs``: it is the SDK's state storage
wiring (it knows :class:`storage.agent_storage.SqlAgentStorage`), not a conversation, and
no use case calls it — only ``bot.build_agent_app`` does, once, when building the app.

Wire it in ``bot.build_agent_app``::

    AgentApplication[TurnState](storage=storage, ...,
                                turn_state_factory=PrefetchingTurnState)
"""

from __future__ import annotations

import logging

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import ConversationState, TurnContext, TurnState, UserState
from microsoft_agents.hosting.core.storage import Storage

from activity_guard import CARD_ACTION_INVOKE
from storage.agent_storage import SqlAgentStorage

logger = logging.getLogger(__name__)


def sign_in_state_key(context: TurnContext) -> str | None:
    """The key under which the SDK (1.9) keeps a user's sign-in flow state. Should the SDK
    change it, the prefetch simply misses that key and the SDK reads it itself."""
    activity = context.activity
    sender = activity.from_property
    if not activity.channel_id or sender is None or not sender.id:
        return None
    return f"auth:_SignInState:{activity.channel_id}:{sender.id}"


def turn_state_keys(context: TurnContext, storage: Storage) -> list[str]:
    """The storage keys a turn of this activity reads before any handler runs (the
    sign-in key only where someone can sign in: see ``SqlAgentStorage(sign_in=...)``)."""
    keys: list[str] = []
    for scope in (ConversationState(storage), UserState(storage)):
        try:
            keys.append(scope.get_storage_key(context))
        except (ValueError, TypeError, AttributeError):  # the SDK will report it itself
            continue
    sign_in = sign_in_state_key(context)
    if sign_in is not None and not (isinstance(storage, SqlAgentStorage)
                                    and storage.never_stored(sign_in)):
        keys.append(sign_in)
    return [k for k in keys if k]


def is_card_action(context: TurnContext) -> bool:
    """An Adaptive Card button (``Action.Execute``): answered from Målbot's own tables."""
    activity = context.activity
    return activity.type == ActivityTypes.invoke and activity.name == CARD_ACTION_INVOKE


class PrefetchingTurnState(TurnState):
    """``TurnState`` whose ``load`` reads all of the turn's state keys in one query.

    A card button's turn loads no conversation or user state at all: every card verb
    reads and writes Målbot's own tables (the report, its version, the decisions), and
    the conversation state holds only what text dialogs and the welcome remember. Such a
    turn has only the temp scope; a handler that asked for ``state.conversation`` there
    would get the SDK's clear "scope not found" error, and nothing is saved after it."""

    async def load(self, context: TurnContext, storage: Storage) -> TurnState:
        if is_card_action(context):
            return self
        if isinstance(storage, SqlAgentStorage):
            await storage.prefetch(turn_state_keys(context, storage))
        await super().load(context, storage)
        return self
