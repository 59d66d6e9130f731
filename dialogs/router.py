"""Wires every route module into the AgentApplication, in the right order."""

from __future__ import annotations

import logging

import aiohttp
from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, RouteRank, TurnContext, TurnState

from dialogs import basics
from dialogs.commands import CommandRegistry, match_command
from dialogs.context import USER_KEY, BotServices, TurnUser, current_user
from dialogs.identity import identify_user
from dialogs.scope_gate import stop_outside_personal
from i18n import t

logger = logging.getLogger(__name__)


def register_all(app: AgentApplication[TurnState], services: BotServices) -> CommandRegistry:
    commands = CommandRegistry()

    async def before_turn(context: TurnContext, _state: TurnState) -> bool:
        if await stop_outside_personal(context, services):
            return False  # a group chat, meeting or channel: one line, nothing else
        await identify_user(context, services)
        return True

    app.before_turn(before_turn)

    basics.register(app, services, commands)
    for module in _feature_modules():
        module.register(app, services, commands)

    async def on_message(context: TurnContext, state: TurnState) -> None:
        user = current_user(context)
        text = context.activity.text or ""
        if not text.strip():
            if context.activity.value is not None:
                await context.send_activity(t(user.lang, "card.unsupported"))
            else:
                await context.send_activity(t(user.lang, "empty_message"))
            return
        matched = match_command(text)
        handler = commands.get(matched[0]) if matched else None
        if matched and handler is not None:
            await handler(context, state, matched[1])
            return
        fallback = commands.handlers.get("__fallback__")
        if fallback is not None:
            await fallback(context, state, text)
            return
        await context.send_activity(t(user.lang, "unknown_command"))

    app.activity(ActivityTypes.message, rank=RouteRank.LAST)(on_message)

    async def on_error(context: TurnContext, error: Exception) -> None:
        logger.exception("turn failed: %s", type(error).__name__, exc_info=error)
        lang = services.settings.language
        user = context.turn_state.get(USER_KEY)
        if isinstance(user, TurnUser):
            lang = user.lang
        if context.activity.type == ActivityTypes.message:
            await send_apology(context, lang)

    app.error(on_error)
    return commands


def _feature_modules() -> list:  # type: ignore[type-arg]
    """Route modules of the features (report, summaries, decisions …), in order."""
    import importlib

    from dialogs import FEATURE_MODULES

    return [importlib.import_module(name) for name in FEATURE_MODULES]


async def send_apology(context: TurnContext, lang: str) -> None:
    """Tell the user something went wrong — unless the channel refuses that too (e.g.
    429 after a burst of messages): then it is logged, never turned into a 500."""
    try:
        await context.send_activity(t(lang, "error.generic"))
    except (aiohttp.ClientError, TimeoutError) as exc:
        logger.warning("could not send the error message either: %s", type(exc).__name__)
