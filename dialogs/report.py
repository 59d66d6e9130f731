"""The monthly report in Teams: the ``rapportera`` command, the prompt card and the card
steps (``Action.Execute`` refreshing the card in place, ``Action.Submit`` as fallback).

Thin: reads the card's data, calls :mod:`storage.reports`, answers with a card from
:mod:`cards.report`. The monthly prompt card (:func:`services.prompting.prompt_card_for`,
:func:`services.prompting.build_prompt_message`) is shared with the scheduler.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, tzinfo
from http import HTTPStatus
from typing import Any

from microsoft_agents.activity import (
    Activity,
    AdaptiveCardInvokeResponse,
    ContentTypes,
)
from microsoft_agents.hosting.core import (
    TurnContext,
    TurnState,
)
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.report import (
    REVIEW_STEP,
    VERB_BACK,
    VERB_DECISIONS,
    VERB_EDIT,
    VERB_OPEN,
    VERB_PREFILL,
    VERB_SAVE,
    VERB_STEP,
    VERB_SUBMIT,
    VERBS,
    closed_card,
    conflict_card,
    decisions_action,
    message_card,
    prompt_card,
    read_action_data,
    read_confirmations,
    read_goal_inputs,
    receipt_card,
    review_card,
    stand_in_line,
    step_card,
    when,
)
from cards.report_section import (
    section_of_step,
    section_review_block,
    section_step_card,
)
from dialogs.context import BotServices, TurnUser, current_user
from dialogs.features import CardAnswer, Command, Feature, Wiring, invoke_answer
from dialogs.report_sections import (
    OpenSection,
    SectionContext,
    open_sections,
    sections_missing,
)
from followup.calendar import CalendarConfig, next_opening
from followup.report_rules import FieldError, missing_for_submit, prefill_from_last, step_index
from followup.sv_format import format_period
from i18n import t
from services.prompting import build_prompt_message, prompt_card_for
from storage.periods import current_period
from storage.reports import (
    Actor,
    Outcome,
    ReportForm,
    ReportResult,
    load_report_form,
    load_report_view,
    open_for_edit,
    prompt_overview,
    resolve_unit,
    save_step,
    stand_in_for,
    submit_report,
    unit_by_code,
    units_to_report,
)

logger = logging.getLogger(__name__)

Card = dict[str, Any]


# --------------------------------------------------------------------------- actions


def _refused(lang: str, key: str) -> Card:
    return message_card(t(lang, "report.refused.title"), t(lang, key))


class ReportFlow:
    """Turns a button press (verb + data) into the next card."""

    def __init__(self, services: BotServices) -> None:
        self.services = services

    @property
    def tz(self) -> tzinfo:
        return self.services.tz

    async def card_for(self, user: TurnUser, verb: str, raw: object,
                       followups: list[Card] | None = None) -> Card:
        """The card that answers the button; ``followups`` receives cards to send as
        messages of their own after it (the unit's open decisions after a submit)."""
        lang = user.lang
        followups = followups if followups is not None else []
        if user.person_id is None:
            return message_card(t(lang, "report.refused.title"), t(lang, "error.not_registered"))
        data = read_action_data(raw)
        if data is None or verb not in VERBS:
            return _refused(lang, "report.refused.bad_card")
        actor = Actor(user.person_id, user.display_name, user.is_admin)
        now = self.services.now()
        cfg = self.services.calendar
        async with self.services.sessionmaker() as session:
            if verb == VERB_OPEN and data.unit_id is None:
                return await self._prompt(session, user, data.period, now)
            if data.unit_id is None or data.period is None:
                return _refused(lang, "report.refused.bad_card")
            args: dict[str, Any] = {"unit_id": data.unit_id, "period": data.period,
                                    "actor": actor, "now": now, "cfg": cfg}
            inputs = read_goal_inputs(raw)
            confirmed = read_confirmations(raw)
            if verb == VERB_DECISIONS:
                return await self._decisions_apart(session, user, args, followups)
            section_key = section_of_step(data.step)
            if section_key is not None and verb in (VERB_OPEN, VERB_STEP, VERB_SAVE,
                                                    VERB_BACK):
                return await self._section_verb(session, user, verb, args, section_key, raw)
            if verb in (VERB_OPEN, VERB_EDIT, VERB_PREFILL) or (
                verb == VERB_BACK and data.step == REVIEW_STEP
            ):
                loader = open_for_edit if verb == VERB_EDIT else load_report_form
                result = await loader(session, **args)
                if result.outcome is Outcome.FORBIDDEN:
                    # Not theirs to report: a leader above the unit (or its ordinary
                    # manager while someone else acts) may still read it.
                    return await self._read_only(session, user, args, verb, now)
                if result.outcome is not Outcome.OK or result.form is None:
                    return await self._not_ok(session, user, result, now)
                return await self._navigate(session, user, verb, result.form, data.step,
                                            inputs)
            if verb == VERB_SUBMIT:
                if data.version is None:
                    return _refused(lang, "report.refused.bad_card")
                unfinished = await self._sections_unfinished(session, user, args)
                if unfinished is not None:
                    return unfinished
                result = await submit_report(session, expected_version=data.version,
                                             inputs=inputs, confirmed=confirmed, **args)
                if result.outcome is Outcome.FORBIDDEN:
                    return await self._read_only(session, user, args, verb, now)
                return await self._after_submit(session, user, result, now, followups)
            if data.version is None:
                return _refused(lang, "report.refused.bad_card")
            result = await save_step(session, inputs=inputs, expected_version=data.version,
                                     confirmed=confirmed, **args)
            if result.outcome is Outcome.FORBIDDEN:
                return await self._read_only(session, user, args, verb, now)
            if result.outcome is Outcome.OK and result.changed_ids and result.form is not None \
                    and result.form.state.submitted:
                await self._tell_leaders(session, user, result.form, result.changed_ids, now)
            return await self._after_save(session, user, verb, result, data.step, inputs, now)

    # -- report-level sections (Ekonomi, Delegationsbeslut) ------------------------------

    async def _open_sections(self, session: AsyncSession, user: TurnUser,
                             form: ReportForm) -> list[OpenSection]:
        return await open_sections(SectionContext(self.services, session, user, form))

    async def _review(self, session: AsyncSession, user: TurnUser, form: ReportForm, *,
                      opened: list[OpenSection] | None = None,
                      errors: Sequence[FieldError] = (), notice: str | None = None,
                      notice_color: str | None = None,
                      extra_actions: Sequence[dict[str, Any]] = ()) -> Card:
        """The review step with the report's sections (their lines and what they miss)."""
        if opened is None:
            opened = await self._open_sections(session, user, form)
        ctx = SectionContext(self.services, session, user, form)
        blocks = [section_review_block(section.key, section.review(ctx, state), user.lang)
                  for section, state in opened]
        return review_card(form, lang=user.lang, tz=self.tz, errors=errors, notice=notice,
                           notice_color=notice_color, extra_actions=extra_actions,
                           sections=blocks, section_missing=sections_missing(ctx, opened))

    def _section_card(self, session: AsyncSession, user: TurnUser, form: ReportForm,
                      opened: list[OpenSection], index: int, *,
                      values: Any = None, problems: Any = None, notice: str | None = None,
                      notice_color: str | None = None) -> Card:
        section, state = opened[index]
        ctx = SectionContext(self.services, session, user, form)
        body = section.body(ctx, state, values=values or {}, problems=problems or {})
        return section_step_card(form, section.key, body,
                                 number=len(form.steps()) + index + 1,
                                 total=len(form.steps()) + len(opened) + 1,
                                 lang=user.lang, tz=self.tz, notice=notice,
                                 notice_color=notice_color)

    async def _section_verb(self, session: AsyncSession, user: TurnUser, verb: str,
                            args: dict[str, Any], key: str, raw: object) -> Card:
        """A button on a section's step: save its inputs, then the next / previous step."""
        lang = user.lang
        result = await load_report_form(session, **args)
        if result.outcome is Outcome.FORBIDDEN:
            return await self._read_only(session, user, args, verb, args["now"])
        if result.outcome is not Outcome.OK or result.form is None:
            return await self._not_ok(session, user, result, args["now"])
        form = result.form
        opened = await self._open_sections(session, user, form)
        keys = [section.key for section, _state in opened]
        if key not in keys:  # no such step (any more) for this unit: the review
            return await self._review(session, user, form, opened=opened,
                                      extra_actions=await self._decision_actions(
                                          session, user, form))
        index = keys.index(key)
        if verb == VERB_OPEN:
            return self._section_card(session, user, form, opened, index)
        section, state = opened[index]
        data: dict[str, Any] = dict(raw) if isinstance(raw, dict) else {}
        ctx = SectionContext(self.services, session, user, form)
        notice = None
        if section.has_input(data):
            saved = await section.save(ctx, state, data)
            if saved.problems is not None:
                return self._section_card(
                    session, user, form, opened, index,
                    values={k: str(v) for k, v in data.items() if isinstance(v, str)},
                    problems=saved.problems,
                    notice=t(lang, "report.section.problems") if saved.problems
                    else saved.message, notice_color="attention")
            notice = saved.message
            opened = await self._open_sections(session, user, form)
            keys = [s.key for s, _state in opened]
            index = keys.index(key) if key in keys else len(opened) - 1
        if verb == VERB_STEP:
            if index + 1 < len(opened):
                return self._section_card(session, user, form, opened, index + 1,
                                          notice=notice, notice_color="good")
            return await self._review(session, user, form, opened=opened, notice=notice,
                                      notice_color="good",
                                      extra_actions=await self._decision_actions(
                                          session, user, form))
        if verb == VERB_BACK:
            if index > 0:
                return self._section_card(session, user, form, opened, index - 1,
                                          notice=notice, notice_color="good")
            steps = form.steps()
            if not steps:
                return self._section_card(session, user, form, opened, 0, notice=notice,
                                          notice_color="good")
            return step_card(form, len(steps) - 1, lang=lang, tz=self.tz, notice=notice,
                             notice_color="good", extra_steps=len(opened))
        return self._section_card(session, user, form, opened, index,
                                  notice=notice or t(lang, "report.step.unchanged"),
                                  notice_color="good")

    async def _sections_unfinished(self, session: AsyncSession, user: TurnUser,
                                   args: dict[str, Any]) -> Card | None:
        """Before a submit: the review listing what the sections still need, or None."""
        result = await load_report_form(session, **args)
        if result.outcome is not Outcome.OK or result.form is None:
            return None  # submit_report answers (closed, forbidden, …)
        form = result.form
        opened = await self._open_sections(session, user, form)
        ctx = SectionContext(self.services, session, user, form)
        missing = sections_missing(ctx, opened)
        if not missing:
            return None
        goals_missing = missing_for_submit(form.goals, form.results, form.kind)
        return await self._review(session, user, form, opened=opened,
                                  errors=[*goals_missing, *missing])

    # -- helpers -----------------------------------------------------------------------

    async def _tell_leaders(self, session: AsyncSession, user: TurnUser, form: ReportForm,
                            changed_ids: Sequence[int], now: datetime) -> None:
        """A submitted report changed: the leaders whose summary went out are told."""
        await tell_leaders_of_change(self.services, session, user, form, changed_ids, now)

    async def _decision_card(self, user: TurnUser, form: ReportForm) -> Card | None:
        from dialogs.decisions import DecisionFlow

        answer = await DecisionFlow(self.services).open_round(
            user, {"unit_id": form.unit.id, "period": form.period.period})
        return answer.card

    async def _decisions_apart(self, session: AsyncSession, user: TurnUser,
                               args: dict[str, Any], followups: list[Card]) -> Card:
        """The receipt's decision button: the receipt stays as it is and the decisions
        come as a card of their own."""
        result = await load_report_form(session, **args)
        if result.outcome is not Outcome.OK or result.form is None:
            return await self._not_ok(session, user, result, args["now"])
        form = result.form
        card = await self._decision_card(user, form)
        if card is not None:
            followups.append(card)
        if form.state.submitted:
            return receipt_card(form, lang=user.lang, tz=self.tz,
                                viewer_name=user.display_name,
                                extra_actions=await self._receipt_actions(session, user, form))
        return await self._review(session, user, form,
                                  extra_actions=await self._decision_actions(session, user, form))

    async def _receipt_actions(self, session: AsyncSession, user: TurnUser,
                               form: ReportForm) -> list[dict[str, Any]]:
        """On the receipt the decision button keeps the receipt (verb report.decisions)."""
        actions = await self._decision_actions(session, user, form)
        return [decisions_action(form, str(a.get("title"))) for a in actions]

    async def _read_only(self, session: AsyncSession, user: TurnUser, args: dict[str, Any],
                         verb: str, now: datetime) -> Card:
        """The answer when the user may not write the report: the ordinary manager while
        someone else acts reads it with a line saying who reports; a leader above reads
        it when opening it; anyone else is refused."""
        from storage.models import OrgUnit

        assert user.person_id is not None
        unit = await session.get(OrgUnit, args["unit_id"])
        stand_in = (await stand_in_for(session, user.person_id, unit, self.services.today())
                    if unit is not None and unit.active else None)
        if stand_in is not None or verb == VERB_OPEN:
            view = await load_report_view(session, **args)
            if view.outcome is Outcome.OK and view.form is not None:
                notice = stand_in_line(stand_in, user.lang) if stand_in is not None else None
                return await self._view(session, user, view.form, notice=notice)
        return await self._not_ok(session, user, ReportResult(Outcome.FORBIDDEN), now)

    async def _view(self, session: AsyncSession, user: TurnUser, form: ReportForm,
                    notice: str | None = None) -> Card:
        from cards.report_view import report_view_card
        from storage.models import OrgUnit

        parent = await session.scalar(select(OrgUnit.parent_id).where(OrgUnit.id == form.unit.id))
        back = ({"unit": parent, "period": form.period.period}
                if parent is not None and notice is None else None)
        return report_view_card(form, lang=user.lang, tz=self.tz, back=back, notice=notice)

    async def _prompt(self, session: AsyncSession, user: TurnUser, period: str | None,
                      now: datetime) -> Card:
        lang = user.lang
        cfg = self.services.calendar
        if period is None:
            row = await current_period(session, now, cfg)
            if row is None:
                return message_card(t(lang, "report.refused.title"), no_period_text(lang, now,
                                                                                   cfg, self.tz))
            period = row.period
        assert user.person_id is not None
        card = await prompt_card_for(session, person_id=user.person_id, period=period, now=now,
                                     cfg=cfg, lang=lang, tz=self.tz)
        if card is None:
            return message_card(t(lang, "report.refused.title"),
                                t(lang, "report.no_units", period=format_period(period, lang)))
        return card

    async def _not_ok(self, session: AsyncSession, user: TurnUser, result: ReportResult,
                      now: datetime) -> Card:
        lang = user.lang
        if result.outcome is Outcome.CLOSED:
            nxt = None
            if result.current_period is None:
                nxt = next_opening(now, self.services.calendar)
            return closed_card(result.form, lang=lang, tz=self.tz,
                               current_period=result.current_period,
                               next_period=nxt.period if nxt else None,
                               next_opens=nxt.opens_at if nxt else None)
        if result.outcome is Outcome.FORBIDDEN:
            return _refused(lang, "report.refused.forbidden")
        return _refused(lang, "report.refused.not_found")

    async def _decision_actions(self, session: AsyncSession, user: TurnUser,
                                form: ReportForm) -> list[dict[str, Any]]:
        """The step after the perspectives: the unit's open decisions (beslut), if any."""
        from cards.decisions import round_action
        from storage.decisions import open_decision_count

        count = await open_decision_count(session, form.unit.id, period=form.period.period)
        if count <= 0:
            return []
        return [round_action(user.lang, form.unit.id, form.period.period, count)]

    async def _navigate(self, session: AsyncSession, user: TurnUser, verb: str,
                        form: ReportForm, step: str | None, inputs: dict[int, Any]) -> Card:
        lang = user.lang
        steps = form.steps()
        opened = await self._open_sections(session, user, form)

        def show(index: int, **kw: Any) -> Card:
            return step_card(form, index, lang=lang, tz=self.tz, extra_steps=len(opened), **kw)
        if verb == VERB_OPEN and form.state.submitted and step is None:
            return receipt_card(form, lang=lang, tz=self.tz, viewer_name=user.display_name,
                                extra_actions=await self._receipt_actions(session, user, form))
        if step == REVIEW_STEP and verb == VERB_OPEN:
            return await self._review(
                session, user, form, opened=opened,
                extra_actions=await self._decision_actions(session, user, form))
        if verb == VERB_BACK:  # from the review: the last step (a section's, if any)
            if opened:
                return self._section_card(session, user, form, opened, len(opened) - 1)
            return show(len(steps) - 1)
        index = step_index(steps, key=step, goal_ids=inputs) if verb != VERB_EDIT else 0
        index = index or 0
        if verb == VERB_PREFILL and steps:
            goal_ids = steps[min(index, len(steps) - 1)].goal_ids
            if not any(gid in form.last for gid in goal_ids):
                return show(index, typed=inputs,
                                 notice=t(lang, "report.step.prefill_none"))
            filled = prefill_from_last(goal_ids, inputs, form.results, form.last)
            notice = t(lang, "report.step.prefilled",
                       period=format_period(form.last_period or form.period.period, lang))
            return show(index, typed=filled, notice=notice,
                             notice_color="accent")
        return show(index)

    async def _after_save(self, session: AsyncSession, user: TurnUser, verb: str,
                          result: ReportResult, step: str | None, inputs: dict[int, Any],
                          now: datetime) -> Card:
        lang = user.lang
        form = result.form
        if form is None or result.outcome in (Outcome.CLOSED, Outcome.FORBIDDEN,
                                              Outcome.NOT_FOUND):
            return await self._not_ok(session, user, result, now)
        steps = form.steps()
        opened = await self._open_sections(session, user, form)

        def show(index: int, **kw: Any) -> Card:
            return step_card(form, index, lang=lang, tz=self.tz, extra_steps=len(opened), **kw)
        index = step_index(steps, key=step, goal_ids=inputs) or 0
        if result.outcome is Outcome.INVALID:
            return show(index, typed=inputs,
                             errors=result.errors)
        if result.outcome is Outcome.UNLIKELY:
            return show(index, typed=inputs,
                             warnings=result.warnings)
        if result.outcome is Outcome.CONFLICT:
            return conflict_card(form, index, lang=lang, tz=self.tz, yours=inputs,
                                 changed_by=result.conflict_by, changed_at=result.conflict_at)
        # A change to a submitted report is live at once: say so (it is no draft).
        live = (t(lang, "report.step.saved_submitted", when=when(now, lang, self.tz))
                if result.changed and form.state.submitted else None)
        if verb == VERB_STEP:
            if index + 1 >= len(steps) and opened:  # the report's sections come next
                return self._section_card(session, user, form, opened, 0, notice=live,
                                          notice_color="good")
            if index + 1 >= len(steps):
                return await self._review(
                    session, user, form, opened=opened, notice=live, notice_color="good",
                    extra_actions=await self._decision_actions(session, user, form))
            return show(index + 1, notice=live,
                             notice_color="good")
        if verb == VERB_BACK:
            return show(max(index - 1, 0), notice=live,
                             notice_color="good")
        notice = live or (t(lang, "report.step.saved", when=when(now, lang, self.tz))
                          if result.changed else t(lang, "report.step.unchanged"))
        return show(index, notice=notice, notice_color="good")

    async def _after_submit(self, session: AsyncSession, user: TurnUser,
                            result: ReportResult, now: datetime,
                            followups: list[Card]) -> Card:
        lang = user.lang
        form = result.form
        if form is None or result.outcome in (Outcome.CLOSED, Outcome.FORBIDDEN,
                                              Outcome.NOT_FOUND):
            return await self._not_ok(session, user, result, now)
        if result.outcome is Outcome.INVALID:
            return await self._review(session, user, form, errors=result.errors)
        if result.outcome is Outcome.UNLIKELY:
            return await self._review(session, user, form, errors=result.warnings)
        if result.outcome is Outcome.CONFLICT:
            return conflict_card(form, len(form.steps()), lang=lang, tz=self.tz, yours={},
                                 changed_by=result.conflict_by, changed_at=result.conflict_at)
        if not result.already:
            await ask_leaders_when_ready(self.services, session, form.unit.id,
                                         form.period.period, now)
        notice = None
        if result.already and result.changed:
            notice = t(lang, "report.receipt.changed")
        elif result.already:
            notice = t(lang, "report.receipt.already")
        elif await self._decision_actions(session, user, form):
            # The receipt stays; the decisions come as the next message.
            card = await self._decision_card(user, form)
            if card is not None:
                followups.append(card)
                notice = t(lang, "report.receipt.decisions_sent")
        return receipt_card(form, lang=lang, tz=self.tz, viewer_name=user.display_name,
                            notice=notice,
                            extra_actions=await self._receipt_actions(session, user, form))


async def tell_leaders_of_change(services: BotServices, session: AsyncSession,
                                 user: TurnUser, form: ReportForm,
                                 changed_ids: Sequence[int], now: datetime) -> None:
    """Queue the leader notices for a change to a submitted report (card and text
    dialog alike; a failure to queue never undoes the saved change)."""
    from services.report_changes import notify_leaders_of_change

    titles = [g.title for g in form.goals if g.goal_id in set(changed_ids)]
    try:
        await notify_leaders_of_change(
            session, unit_id=form.unit.id, period=form.period.period,
            changed_by=user.display_name, goal_titles=titles, now=now,
            calendar=services.calendar, lang=services.settings.language)
        await session.commit()
    except Exception:  # the change itself is committed; the notice is a courtesy
        logger.exception("could not queue the leader notice for %s/%s", form.unit.code,
                         form.period.period)
        await session.rollback()


async def ask_leaders_when_ready(services: BotServices, session: AsyncSession, unit_id: int,
                                 period: str, now: datetime) -> None:
    """A unit is klar (its report submitted, or its level's analysis done): the leaders
    above whose every child is now klar are asked for their own analysis. A failure to
    queue never undoes what was saved."""
    from services.level_analysis import queue_level_prompts

    try:
        await queue_level_prompts(session, period=period, now=now,
                                  calendar=services.calendar,
                                  lang=services.settings.language, only_under=unit_id)
        await session.commit()
    except Exception:  # the report itself is committed; the prompt is a courtesy
        logger.exception("could not queue the level analysis prompts after unit %s/%s",
                         unit_id, period)
        await session.rollback()


def no_period_text(lang: str, now: datetime, cfg: CalendarConfig, tz: tzinfo) -> str:
    """"Ingen rapportperiod är öppen … Nästa period, november 2026, öppnar …"."""
    nxt = next_opening(now, cfg)
    return t(lang, "report.no_period", period=format_period(nxt.period, lang),
             opens=when(nxt.opens_at, lang, tz))


def invoke_response(card: Card) -> AdaptiveCardInvokeResponse:
    """The answer to an ``adaptiveCard/action`` invoke: the card that replaces the old one."""
    return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK,
                                      type=ContentTypes.adaptive_card, value=card)


def invoke_response_activity(card: Card) -> Activity:
    """The ``invokeResponse`` activity answering an ``adaptiveCard/action`` with ``card``:
    the JSON body is what ``invoke_response(card)`` serialises to
    (``{"statusCode": 200, "type": "application/vnd.microsoft.card.adaptive", "value"}``)."""
    return invoke_answer(ContentTypes.adaptive_card, card)


# --------------------------------------------------------------------------- registration


def setup(services: BotServices) -> Wiring:
    flow = ReportFlow(services)

    async def on_verb(context: TurnContext, _state: TurnState, verb: str,
                      data: object) -> CardAnswer:
        """Any report verb: the card that replaces (Execute) or follows (Submit) the
        clicked one, and any cards to post after it."""
        followups: list[Card] = []
        card = await flow.card_for(current_user(context), verb, data, followups)
        return CardAnswer(card=card, followups=tuple(followups))

    async def on_report(context: TurnContext, _state: TurnState, args: str) -> None:
        user = current_user(context)
        lang = user.lang
        if user.person_id is None:
            await context.send_activity(t(lang, "error.not_registered"))
            return
        now = services.now()
        cfg = services.calendar
        async with services.sessionmaker() as session:
            row = await current_period(session, now, cfg)
            if row is None:
                await context.send_activity(no_period_text(lang, now, cfg, services.tz))
                return
            period = row.period
            unit_ids: list[int] | None = None
            if args.strip():
                mine = await units_to_report(session, user.person_id, services.today(),
                                             include_stood_in=True)
                unit = resolve_unit(mine, args)
                if unit is None and user.is_admin:
                    unit = await unit_by_code(session, args)
                if unit is None:
                    codes = ", ".join(u.code for u in mine) or "–"
                    await context.send_activity(
                        t(lang, "report.unknown_unit", code=args.strip(), codes=codes))
                    return
                unit_ids = [unit.id]
            overviews = await prompt_overview(session, person_id=user.person_id, period=period,
                                              now=now, cfg=cfg, unit_ids=unit_ids,
                                              is_admin=user.is_admin, include_stood_in=True)
        if not overviews:
            await context.send_activity(
                t(lang, "report.no_units", period=format_period(period, lang)))
            return
        card = prompt_card(overviews, lang=lang, tz=services.tz)
        await context.send_activity(build_prompt_message(card, period=period, lang=lang))

    return Wiring(commands={"report": on_report}, verbs=on_verb)


FEATURE = Feature(
    name="dialogs.report",
    setup=setup,
    commands=(Command("report", sv=("rapportera", "rapport"), en=("report",)),),
    help=("help.report",),
    verbs=VERBS,
)
