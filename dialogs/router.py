"""Wires every feature into the AgentApplication, in the right order."""

from __future__ import annotations

import logging

import aiohttp
from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, RouteRank, TurnContext, TurnState

from bot_services import BotServices
from dialogs.commands import CommandTable
from dialogs.context import USER_KEY, TurnUser, current_user
from dialogs.features import (
    Feature,
    FeatureDeclarationError,
    check_declarations,
    declared_features,
    register_card_verbs,
)
from dialogs.identity import identify_user
from dialogs.scope_gate import stop_outside_personal
from i18n import t

logger = logging.getLogger(__name__)


def register_all(app: AgentApplication[TurnState], services: BotServices,
                 features: tuple[Feature, ...] | None = None) -> CommandTable:
    """Register the features' routes (card verbs and hooks before the catch-all message
    route). Raises ``FeatureDeclarationError`` when two features claim one phrase or verb."""
    features = declared_features() if features is None else features
    check_declarations(features)

    async def before_turn(context: TurnContext, _state: TurnState) -> bool:
        if await stop_outside_personal(context, services):
            return False  # a group chat, meeting or channel: one line, nothing else
        await identify_user(context, services)
        return True

    app.before_turn(before_turn)

    wired = [(feature, feature.setup(services)) for feature in features]
    commands = CommandTable.build(wired)
    for feature, wiring in wired:
        if feature.verbs:
            if wiring.verbs is None:
                raise FeatureDeclarationError(f"{feature.name}: card verbs but no verb handler")
            register_card_verbs(app, feature.verbs, wiring.verbs)
        if wiring.routes is not None:
            wiring.routes(app)

    async def on_message(context: TurnContext, state: TurnState) -> None:
        user = current_user(context)
        text = context.activity.text or ""
        if not text.strip():
            if context.activity.value is not None:
                await context.send_activity(t(user.lang, "card.unsupported"))
            else:
                await context.send_activity(t(user.lang, "empty_message"))
            return
        matched = commands.match(text)
        handler = commands.get(matched[0]) if matched else None
        if matched and handler is not None:
            await handler(context, state, matched[1])
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


async def send_apology(context: TurnContext, lang: str) -> None:
    """Tell the user something went wrong — unless the channel refuses that too (e.g.
    429 after a burst of messages): then it is logged, never turned into a 500."""
    try:
        await context.send_activity(t(lang, "error.generic"))
    except (aiohttp.ClientError, TimeoutError) as exc:
        logger.warning("could not send the error message either: %s", type(exc).__name__)
