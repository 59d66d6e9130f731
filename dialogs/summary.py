"""Leader summaries: ``sammanställning [enhetsnamn|kod] [2026-10]`` and the card's buttons.

``summary.show`` (``Action.Execute``) answers with the new card, which replaces the old one
in place; its ``Action.Submit`` fallback (clients without Execute) posts the card as a new
message. ``report.open`` on the card belongs to :mod:`dialogs.report`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import (
    CardFactory,
    MessageFactory,
    TurnContext,
    TurnState,
)

from bot_services import BotServices
from cards.common import card_int
from cards.summary import VERB_SHOW
from dialogs.context import TurnUser, current_user
from dialogs.features import CardAnswer, Command, Feature, Wiring
from followup.period import Period
from followup.summary import SummaryArgsError, parse_summary_args
from i18n import t
from services.leader_summaries import (
    summaries_with_aggregates,
    summary_with_aggregates_for_button,
)
from services.summaries import (
    RenderedSummary,
    SummaryRefused,
    Viewer,
    refusal_params,
)

logger = logging.getLogger(__name__)


def _viewer(user: TurnUser) -> Viewer:
    return Viewer(person_id=user.person_id, is_admin=user.is_admin, lang=user.lang)


def read_show_data(data: object) -> tuple[int, str] | None:
    """``(unit id, period)`` from a ``summary.show`` button's data; None if malformed."""
    if not isinstance(data, Mapping):
        return None
    unit, period = card_int(data.get("unit"), minimum=1), data.get("period")
    if unit is None or not isinstance(period, str):
        return None
    try:
        return unit, Period.parse(period).code
    except ValueError:
        return None


def message_activity(rendered: RenderedSummary) -> Any:
    activity = MessageFactory.attachment(CardFactory.adaptive_card(rendered.card))
    activity.summary = rendered.text
    return activity


def setup(services: BotServices) -> Wiring:
    def refusal_text(user: TurnUser, error: SummaryRefused | SummaryArgsError) -> str:
        return t(user.lang, error.key, **refusal_params(error, user.lang))

    async def on_summary(context: TurnContext, _state: TurnState, args: str) -> None:
        user = current_user(context)
        try:
            request = parse_summary_args(args)
            rendered = await summaries_with_aggregates(
                services.analytics,
                viewer=_viewer(user),
                unit_query=request.unit_query,
                period=request.period,
                now=services.now(),
                calendar=services.calendar,
                cadence=services.settings.individual_cadence,
                zone=services.tz,
            )
        except (SummaryRefused, SummaryArgsError) as error:
            await context.send_activity(refusal_text(user, error))
            return
        for item in rendered:
            await context.send_activity(message_activity(item))

    async def show(user: TurnUser, data: object) -> RenderedSummary | str:
        parsed = read_show_data(data)
        if parsed is None:
            return t(user.lang, "summary.bad_action")
        unit_id, period = parsed
        try:
            return await summary_with_aggregates_for_button(
                services.analytics,
                viewer=_viewer(user),
                unit_id=unit_id,
                period=period,
                now=services.now(),
                calendar=services.calendar,
                cadence=services.settings.individual_cadence,
                zone=services.tz,
            )
        except SummaryRefused as error:
            logger.info("summary.show refused: %s", error.key)
            return refusal_text(user, error)

    async def on_verb(context: TurnContext, _state: TurnState, _verb: str,
                      data: object) -> CardAnswer:
        result = await show(current_user(context), data)
        if isinstance(result, str):
            # Execute: a message answer keeps the card as it was and shows the text.
            return CardAnswer(text=result)
        return CardAnswer(card=result.card, summary=result.text)

    return Wiring(commands={"summary": on_summary}, verbs=on_verb)


FEATURE = Feature(
    name="dialogs.summary",
    setup=setup,
    commands=(Command("summary", sv=("sammanställning", "sammanstallning"), en=("summary",)),),
    help=("help.summary",),
    verbs=(VERB_SHOW,),
)
