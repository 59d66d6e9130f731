"""``prognos [ENHETSKOD] [12 400 kommentar | samma]``: the Ekonomi step on its own.

The hook that lets a manager give the helårsprognos before the report wizard walks its
sections (the integrator plugs :func:`cards.economy_step.economy_section` into it):

* ``prognos`` — the Ekonomi card of the unit the user is in charge of (an acting manager
  while appointed) for the open period: årsbudget, budget and utfall so far, avvikelse,
  last month's prognos, and the inputs; ``economy.save`` (Action.Execute, Action.Submit
  fallback) saves and refreshes it;
* ``prognos 12 400 Fler placeringar`` / ``prognos samma`` — the text path: saved at once.

Units without budget have no economy step; the service decides who may save.
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
from cards.economy_step import SAVE_VERB, economy_card, economy_text, problem_text, tkr
from dialogs.context import TurnUser, current_user
from dialogs.features import CardAnswer, Command, Feature, Wiring
from followup.calendar import parse_period
from followup.economy_step import FIELD_COMMENT, FIELD_FORECAST, parse_forecast_message
from followup.summary import latest_opened_period
from i18n import t
from services.economy import steps_in_charge, submit_forecast

logger = logging.getLogger(__name__)


def _activity(answer: dict[str, Any] | str) -> Any:
    if isinstance(answer, str):
        return MessageFactory.text(answer)
    return MessageFactory.attachment(CardFactory.adaptive_card(answer))


async def _save(services: BotServices, user: TurnUser, unit_id: int, period: str,
                forecast: str, comment: str, *, as_card: bool) -> dict[str, Any] | str:
    year, month = parse_period(period)
    answer = await submit_forecast(
        services.sessionmaker, unit_id=unit_id, year=year, month=month, forecast_text=forecast,
        comment=comment, person_id=user.person_id, is_admin=user.is_admin,
        today=services.today(), config=services.settings.economy, now=services.now(),
        actor_label=user.display_name)
    rejected, step = answer.rejected, answer.step
    if rejected is not None:
        if rejected.not_allowed:
            return t(user.lang, "economy.problem.not_allowed")
        assert step is not None
        if as_card:
            return economy_card(step, user.lang, period=period,
                                values={FIELD_FORECAST: forecast, FIELD_COMMENT: comment},
                                problems=rejected.problems)
        return "\n\n".join(problem_text(p, d, step, user.lang)
                           for p, d in rejected.problems.values())
    assert step is not None and answer.entry is not None
    if as_card:
        return economy_card(step, user.lang, period=period, saved=True)
    return f"{t(user.lang, 'economy.saved')} {tkr(answer.entry.forecast_kr, user.lang)}."


def setup(services: BotServices) -> Wiring:
    async def on_command(context: TurnContext, _state: TurnState, args: str) -> None:
        user = current_user(context)
        period = latest_opened_period(services.now(), services.calendar)
        year, month = parse_period(period)
        found = await steps_in_charge(
            services.sessionmaker, person_id=user.person_id, is_admin=user.is_admin,
            words=args, year=year, month=month, today=services.today(),
            config=services.settings.economy)
        steps, args = found.steps, found.rest
        if not steps:
            await context.send_activity(t(user.lang, "economy.none"))
            return
        if len(steps) > 1:
            codes = ", ".join(found.codes[s.unit_id] for s in steps)
            await context.send_activity(t(user.lang, "economy.choose", units=codes))
            return
        step = steps[0]
        if not args.strip():
            await context.send_activity(_activity(economy_card(step, user.lang,
                                                               period=period)))
            await context.send_activity(economy_text(step, user.lang))
            return
        forecast, comment = parse_forecast_message(args)
        answer = await _save(services, user, step.unit_id, period, forecast, comment,
                             as_card=False)
        await context.send_activity(_activity(answer))

    async def answer_for(context: TurnContext, data: object) -> dict[str, Any] | str:
        user = current_user(context)
        if not isinstance(data, Mapping):
            return t(user.lang, "economy.bad_action")
        unit_id = card_int(data.get("unit_id"), minimum=1)
        period = data.get("period")
        if unit_id is None or not isinstance(period, str):
            return t(user.lang, "economy.bad_action")
        try:
            parse_period(period)
        except ValueError:
            return t(user.lang, "economy.bad_action")
        forecast = str(data.get(FIELD_FORECAST) or "")
        comment = str(data.get(FIELD_COMMENT) or "")
        logger.info("%s for unit %s %s", SAVE_VERB, unit_id, period)
        return await _save(services, user, unit_id, period, forecast, comment, as_card=True)

    async def on_verb(context: TurnContext, _state: TurnState, verb: str,
                      data: object) -> CardAnswer:
        answer = await answer_for(context, data)
        return CardAnswer(text=answer) if isinstance(answer, str) else CardAnswer(card=answer)

    return Wiring(commands={"economy": on_command}, verbs=on_verb)


FEATURE = Feature(
    name="dialogs.economy",
    setup=setup,
    commands=(Command("economy", sv=("prognos", "helårsprognos", "helarsprognos"),
                      en=("forecast",)),),
    help=("help.economy",),
    verbs=(SAVE_VERB,),
)
