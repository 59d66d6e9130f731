"""``analys [enhet] [2026-10]``: the leader writes their level's sammanfattande analys.

The card (:mod:`cards.level_analysis`) shows the children's progress and results with one
text per perspective; ``level.save`` saves, ``level.done`` saves and marks the level klar.
Both answer ``Action.Execute`` with the refreshed card and their ``Action.Submit`` fallback
with a new message.
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
from cards.level_analysis import (
    INPUT_PREFIX,
    VERB_DONE,
    VERB_OPEN,
    VERB_SAVE,
    LevelCardData,
    level_card,
)
from dialogs.context import TurnUser, current_user
from dialogs.features import CardAnswer, Command, Feature, Wiring
from followup.calendar import parse_period, period_for_month
from followup.perspectives import perspective_label
from followup.summary import SummaryArgsError, latest_opened_period, parse_summary_args
from followup.sv_format import format_period
from i18n import t
from services.level_analysis import (
    MAX_ANALYSIS_CHARS,
    LevelActor,
    LevelOutcome,
    LevelResult,
    LevelView,
    open_level_for,
    open_level_of,
    submit_level,
)

logger = logging.getLogger(__name__)


def _actor(user: TurnUser) -> LevelActor:
    return LevelActor(person_id=user.person_id, name=user.display_name, is_admin=user.is_admin)


def read_button(data: object) -> tuple[int, str, int, dict[str, object]] | None:
    """``(unit id, period, version, texts)`` from a level button's data; None if malformed."""
    if not isinstance(data, Mapping):
        return None
    unit = card_int(data.get("unit"), minimum=1)
    version = card_int(data.get("version"), minimum=0)
    period = data.get("period")
    if unit is None or version is None or not isinstance(period, str):
        return None
    try:
        year, month = parse_period(period)
    except ValueError:
        return None
    texts = {str(key)[len(INPUT_PREFIX):]: value for key, value in data.items()
             if isinstance(key, str) and key.startswith(INPUT_PREFIX)}
    return unit, period_for_month(year, month), version, texts


def _card_data(view: LevelView, *, errors: Mapping[str, str] | None = None,
               notice: str | None = None) -> LevelCardData:
    return LevelCardData(
        unit_id=view.unit.id, unit_name=view.unit.name, unit_kind=view.unit.kind,
        period=view.period, progress=view.progress, analysis=view.analysis,
        summary=view.summary, pending=view.pending, may_edit=view.may_edit,
        errors=errors or {}, notice=notice)


def _error_texts(errors: Mapping[str, str], lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, problem in errors.items():
        try:
            label = perspective_label(key, lang)
        except ValueError:
            out[key] = t(lang, "level.error.unknown")
            continue
        out[key] = t(lang, f"level.error.{problem}", perspective=label, max=MAX_ANALYSIS_CHARS)
    return out


def refusal(result: LevelResult, lang: str, unit_name: str = "") -> str:
    return t(lang, f"level.refused.{result.outcome.value}", unit=unit_name)


def render(result: LevelResult, user: TurnUser, services: BotServices, *,
           notice: str | None = None) -> dict[str, Any] | str:
    """The card for a result, or a refusal text."""
    view = result.view
    if view is None or result.outcome in (LevelOutcome.FORBIDDEN, LevelOutcome.NOT_A_LEVEL,
                                          LevelOutcome.NOT_FOUND):
        return refusal(result, user.lang, view.unit.name if view else "")
    errors = _error_texts(result.errors or {}, user.lang)
    if result.outcome is LevelOutcome.CONFLICT:
        notice = t(user.lang, "level.conflict",
                   name=result.conflict_by or t(user.lang, "level.conflict_unknown"))
    return level_card(_card_data(view, errors=errors, notice=notice), lang=user.lang,
                      zone=services.tz)


def setup(services: BotServices) -> Wiring:
    async def on_command(context: TurnContext, _state: TurnState, args: str) -> None:
        user = current_user(context)
        if user.person_id is None and not user.is_admin:
            await context.send_activity(t(user.lang, "level.none"))
            return
        try:
            request = parse_summary_args(args)
        except SummaryArgsError as error:
            await context.send_activity(t(user.lang, error.key, **error.params))
            return
        now = services.now()
        period = request.period or latest_opened_period(now, services.calendar)
        today = services.today()
        choice = await open_level_for(
            services.sessionmaker, actor=_actor(user), unit_query=request.unit_query,
            period=period, today=today, now=now, calendar=services.calendar)
        pool = choice.pool
        if not pool:
            await context.send_activity(t(user.lang, "level.none"))
            return
        if len(pool) > 1:
            names = ", ".join(u.name for u in pool[:8])
            await context.send_activity(t(user.lang, "level.choose", units=names,
                                          first=pool[0].code))
            return
        result = choice.result
        assert result is not None
        answer = render(result, user, services)
        await context.send_activity(_activity(answer))

    async def handle(context: TurnContext, data: object, *, done: bool) -> dict[str, Any] | str:
        user = current_user(context)
        parsed = read_button(data)
        if parsed is None:
            return t(user.lang, "level.bad_action")
        unit_id, period, version, texts = parsed
        result = await submit_level(
            services.sessionmaker, actor=_actor(user), unit_id=unit_id, period=period,
            texts=texts, done=done, expected_version=version, now=services.now(),
            calendar=services.calendar, lang=services.settings.language)
        notice = None
        if result.outcome is LevelOutcome.OK and result.view is not None:
            if done:
                notice = t(user.lang, "level.marked_done", unit=result.view.unit.name,
                           period=format_period(period, user.lang))
            else:
                notice = t(user.lang, "level.saved" if result.changed else "level.unchanged")
        logger.info("%s: %s", VERB_DONE if done else VERB_SAVE, result.outcome.value)
        return render(result, user, services, notice=notice)

    async def open_from_button(context: TurnContext, data: object) -> dict[str, Any] | str:
        """``level.open`` (the summary's "Skriv … analys"): the level's card."""
        user = current_user(context)
        parsed = read_button({"version": 0, **data} if isinstance(data, Mapping) else data)
        if parsed is None:
            return t(user.lang, "level.bad_action")
        unit_id, period, _version, _texts = parsed
        result = await open_level_of(services.sessionmaker, actor=_actor(user),
                                     unit_id=unit_id, period=period, now=services.now(),
                                     calendar=services.calendar)
        return render(result, user, services)

    async def on_verb(context: TurnContext, _state: TurnState, verb: str,
                      data: object) -> CardAnswer:
        if verb == VERB_OPEN:
            answer = await open_from_button(context, data)
        else:
            answer = await handle(context, data, done=verb == VERB_DONE)
        return CardAnswer(text=answer) if isinstance(answer, str) else CardAnswer(card=answer)

    return Wiring(commands={"level_analysis": on_command}, verbs=on_verb)


FEATURE = Feature(
    name="dialogs.level_analysis",
    setup=setup,
    commands=(Command("level_analysis", sv=("analys", "sammanfattande analys", "skriv analys"),
                      en=("analysis",)),),
    help=("help.level_analysis",),
    verbs=(VERB_SAVE, VERB_DONE, VERB_OPEN),
)


def _activity(answer: dict[str, Any] | str) -> Any:
    if isinstance(answer, str):
        return MessageFactory.text(answer)
    return MessageFactory.attachment(CardFactory.adaptive_card(answer))
