"""The monthly report in Teams: the ``rapportera`` command, the prompt card and the card
steps (``Action.Execute`` refreshing the card in place, ``Action.Submit`` as fallback).

Thin: reads the card's data, calls :mod:`services.reports` (one transaction per
button), answers with a card from :mod:`cards.report`. The monthly prompt for a manager's
units (also the scheduler's) is :func:`services.prompting.prompt_card_for` /
:func:`services.prompting.build_prompt_message`.
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

from bot_services import BotServices
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
from dialogs.context import TurnUser, current_user
from dialogs.features import CardAnswer, Command, Feature, Wiring, invoke_answer
from dialogs.report_sections import (
    OpenSection,
    SectionContext,
    open_sections,
    sections_missing,
)
from followup.calendar import CalendarConfig, next_opening
from followup.report_forms import Actor, Outcome, ReportForm, ReportResult
from followup.report_rules import FieldError, missing_for_submit, prefill_from_last, step_index
from followup.sv_format import format_period
from i18n import t
from services.prompting import build_prompt_message
from services.reports import (
    ReportTx,
    in_transaction,
    resolve_unit,
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

        async def turn(tx: ReportTx) -> Card:
            return await self._card_for(tx, user, verb, raw, data, actor, now, followups)
        return await in_transaction(self.services.sessionmaker, turn)

    async def _card_for(self, tx: ReportTx, user: TurnUser, verb: str, raw: object,
                        data: Any, actor: Actor, now: datetime,
                        followups: list[Card]) -> Card:
        lang = user.lang
        cfg = self.services.calendar
        if verb == VERB_OPEN and data.unit_id is None:
            return await self._prompt(tx, user, data.period, now)
        if data.unit_id is None or data.period is None:
            return _refused(lang, "report.refused.bad_card")
        args: dict[str, Any] = {"unit_id": data.unit_id, "period": data.period,
                                "actor": actor, "now": now, "cfg": cfg}
        inputs = read_goal_inputs(raw)
        confirmed = read_confirmations(raw)
        if verb == VERB_DECISIONS:
            return await self._decisions_apart(tx, user, args, followups)
        section_key = section_of_step(data.step)
        if section_key is not None and verb in (VERB_OPEN, VERB_STEP, VERB_SAVE,
                                                VERB_BACK):
            return await self._section_verb(tx, user, verb, args, section_key, raw)
        if verb in (VERB_OPEN, VERB_EDIT, VERB_PREFILL) or (
            verb == VERB_BACK and data.step == REVIEW_STEP
        ):
            loader = tx.open_for_edit if verb == VERB_EDIT else tx.load_form
            result = await loader(**args)
            if result.outcome is Outcome.FORBIDDEN:
                # Not theirs to report: a leader above the unit (or its ordinary
                # manager while someone else acts) may still read it.
                return await self._read_only(tx, user, args, verb, now)
            if result.outcome is not Outcome.OK or result.form is None:
                return await self._not_ok(tx, user, result, now)
            return await self._navigate(tx, user, verb, result.form, data.step,
                                        inputs)
        if verb == VERB_SUBMIT:
            if data.version is None:
                return _refused(lang, "report.refused.bad_card")
            unfinished = await self._sections_unfinished(tx, user, args)
            if unfinished is not None:
                return unfinished
            result = await tx.submit(expected_version=data.version, inputs=inputs,
                                     confirmed=confirmed, **args)
            if result.outcome is Outcome.FORBIDDEN:
                return await self._read_only(tx, user, args, verb, now)
            return await self._after_submit(tx, user, result, now, followups)
        if data.version is None:
            return _refused(lang, "report.refused.bad_card")
        result = await tx.save_step(inputs=inputs, expected_version=data.version,
                                    confirmed=confirmed, **args)
        if result.outcome is Outcome.FORBIDDEN:
            return await self._read_only(tx, user, args, verb, now)
        if result.outcome is Outcome.OK and result.changed_ids and result.form is not None \
                and result.form.state.submitted:
            await self._tell_leaders(tx, user, result.form, result.changed_ids, now)
        return await self._after_save(tx, user, verb, result, data.step, inputs, now)

    # -- report-level sections (Ekonomi, Delegationsbeslut) ------------------------------

    async def _open_sections(self, tx: ReportTx, user: TurnUser,
                             form: ReportForm) -> list[OpenSection]:
        return await open_sections(SectionContext(self.services, tx, user, form))

    async def _review(self, tx: ReportTx, user: TurnUser, form: ReportForm, *,
                      opened: list[OpenSection] | None = None,
                      errors: Sequence[FieldError] = (), notice: str | None = None,
                      notice_color: str | None = None,
                      extra_actions: Sequence[dict[str, Any]] = ()) -> Card:
        """The review step with the report's sections (their lines and what they miss)."""
        if opened is None:
            opened = await self._open_sections(tx, user, form)
        ctx = SectionContext(self.services, tx, user, form)
        blocks = [section_review_block(section.key, section.review(ctx, state), user.lang)
                  for section, state in opened]
        return review_card(form, lang=user.lang, tz=self.tz, errors=errors, notice=notice,
                           notice_color=notice_color, extra_actions=extra_actions,
                           sections=blocks, section_missing=sections_missing(ctx, opened))

    def _section_card(self, tx: ReportTx, user: TurnUser, form: ReportForm,
                      opened: list[OpenSection], index: int, *,
                      values: Any = None, problems: Any = None, notice: str | None = None,
                      notice_color: str | None = None) -> Card:
        section, state = opened[index]
        ctx = SectionContext(self.services, tx, user, form)
        body = section.body(ctx, state, values=values or {}, problems=problems or {})
        return section_step_card(form, section.key, body,
                                 number=len(form.steps()) + index + 1,
                                 total=len(form.steps()) + len(opened) + 1,
                                 lang=user.lang, tz=self.tz, notice=notice,
                                 notice_color=notice_color)

    async def _section_verb(self, tx: ReportTx, user: TurnUser, verb: str,
                            args: dict[str, Any], key: str, raw: object) -> Card:
        """A button on a section's step: save its inputs, then the next / previous step."""
        lang = user.lang
        result = await tx.load_form(**args)
        if result.outcome is Outcome.FORBIDDEN:
            return await self._read_only(tx, user, args, verb, args["now"])
        if result.outcome is not Outcome.OK or result.form is None:
            return await self._not_ok(tx, user, result, args["now"])
        form = result.form
        opened = await self._open_sections(tx, user, form)
        keys = [section.key for section, _state in opened]
        if key not in keys:  # no such step (any more) for this unit: the review
            return await self._review(tx, user, form, opened=opened,
                                      extra_actions=await self._decision_actions(
                                          tx, user, form))
        index = keys.index(key)
        if verb == VERB_OPEN:
            return self._section_card(tx, user, form, opened, index)
        section, state = opened[index]
        data: dict[str, Any] = dict(raw) if isinstance(raw, dict) else {}
        ctx = SectionContext(self.services, tx, user, form)
        notice = None
        if section.has_input(data):
            saved = await section.save(ctx, state, data)
            tx.renew_stamps()  # the save may have written what kept reads depend on
            if saved.problems is not None:
                return self._section_card(
                    tx, user, form, opened, index,
                    values={k: str(v) for k, v in data.items() if isinstance(v, str)},
                    problems=saved.problems,
                    notice=t(lang, "report.section.problems") if saved.problems
                    else saved.message, notice_color="attention")
            notice = saved.message
            opened = await self._open_sections(tx, user, form)
            keys = [s.key for s, _state in opened]
            index = keys.index(key) if key in keys else len(opened) - 1
        if verb == VERB_STEP:
            if index + 1 < len(opened):
                return self._section_card(tx, user, form, opened, index + 1,
                                          notice=notice, notice_color="good")
            return await self._review(tx, user, form, opened=opened, notice=notice,
                                      notice_color="good",
                                      extra_actions=await self._decision_actions(
                                          tx, user, form))
        if verb == VERB_BACK:
            if index > 0:
                return self._section_card(tx, user, form, opened, index - 1,
                                          notice=notice, notice_color="good")
            steps = form.steps()
            if not steps:
                return self._section_card(tx, user, form, opened, 0, notice=notice,
                                          notice_color="good")
            return step_card(form, len(steps) - 1, lang=lang, tz=self.tz, notice=notice,
                             notice_color="good", extra_steps=len(opened))
        return self._section_card(tx, user, form, opened, index,
                                  notice=notice or t(lang, "report.step.unchanged"),
                                  notice_color="good")

    async def _sections_unfinished(self, tx: ReportTx, user: TurnUser,
                                   args: dict[str, Any]) -> Card | None:
        """Before a submit: the review listing what the sections still need, or None."""
        result = await tx.load_form(**args)
        if result.outcome is not Outcome.OK or result.form is None:
            return None  # submit_report answers (closed, forbidden, …)
        form = result.form
        opened = await self._open_sections(tx, user, form)
        ctx = SectionContext(self.services, tx, user, form)
        missing = sections_missing(ctx, opened)
        if not missing:
            return None
        goals_missing = missing_for_submit(form.goals, form.results, form.kind)
        return await self._review(tx, user, form, opened=opened,
                                  errors=[*goals_missing, *missing])

    # -- helpers -----------------------------------------------------------------------

    async def _tell_leaders(self, tx: ReportTx, user: TurnUser, form: ReportForm,
                            changed_ids: Sequence[int], now: datetime) -> None:
        """A submitted report changed: the leaders whose summary went out are told."""
        await tell_leaders_of_change(self.services, tx, user, form, changed_ids, now)

    async def _decision_card(self, user: TurnUser, form: ReportForm) -> Card | None:
        from dialogs.decisions import DecisionFlow

        answer = await DecisionFlow(self.services).open_round(
            user, {"unit_id": form.unit.id, "period": form.period.period})
        return answer.card

    async def _decisions_apart(self, tx: ReportTx, user: TurnUser,
                               args: dict[str, Any], followups: list[Card]) -> Card:
        """The receipt's decision button: the receipt stays as it is and the decisions
        come as a card of their own."""
        result = await tx.load_form(**args)
        if result.outcome is not Outcome.OK or result.form is None:
            return await self._not_ok(tx, user, result, args["now"])
        form = result.form
        card = await self._decision_card(user, form)
        if card is not None:
            followups.append(card)
        if form.state.submitted:
            return receipt_card(form, lang=user.lang, tz=self.tz,
                                viewer_name=user.display_name,
                                extra_actions=await self._receipt_actions(tx, user, form))
        return await self._review(tx, user, form,
                                  extra_actions=await self._decision_actions(tx, user, form))

    async def _receipt_actions(self, tx: ReportTx, user: TurnUser,
                               form: ReportForm) -> list[dict[str, Any]]:
        """On the receipt the decision button keeps the receipt (verb report.decisions)."""
        actions = await self._decision_actions(tx, user, form)
        return [decisions_action(form, str(a.get("title"))) for a in actions]

    async def _read_only(self, tx: ReportTx, user: TurnUser, args: dict[str, Any],
                         verb: str, now: datetime) -> Card:
        """The answer when the user may not write the report: the ordinary manager while
        someone else acts reads it with a line saying who reports; a leader above reads
        it when opening it; anyone else is refused."""
        assert user.person_id is not None
        stand_in = await tx.stand_in(user.person_id, args["unit_id"],
                                          self.services.today())
        if stand_in is not None or verb == VERB_OPEN:
            view = await tx.load_view(**args)
            if view.outcome is Outcome.OK and view.form is not None:
                notice = stand_in_line(stand_in, user.lang) if stand_in is not None else None
                return await self._view(tx, user, view.form, notice=notice)
        return await self._not_ok(tx, user, ReportResult(Outcome.FORBIDDEN), now)

    async def _view(self, tx: ReportTx, user: TurnUser, form: ReportForm,
                    notice: str | None = None) -> Card:
        from cards.report_view import report_view_card
        parent = await tx.parent_of(form.unit.id)
        back = ({"unit": parent, "period": form.period.period}
                if parent is not None and notice is None else None)
        return report_view_card(form, lang=user.lang, tz=self.tz, back=back, notice=notice)

    async def _prompt(self, tx: ReportTx, user: TurnUser, period: str | None,
                      now: datetime) -> Card:
        lang = user.lang
        cfg = self.services.calendar
        if period is None:
            period = await tx.current_period(now, cfg)
            if period is None:
                return message_card(t(lang, "report.refused.title"), no_period_text(lang, now,
                                                                                   cfg, self.tz))
        assert user.person_id is not None
        overviews = await tx.prompt_overview(person_id=user.person_id, period=period,
                                                  now=now, cfg=cfg)
        card = prompt_card(overviews, lang=lang, tz=self.tz) if overviews else None
        if card is None:
            return message_card(t(lang, "report.refused.title"),
                                t(lang, "report.no_units", period=format_period(period, lang)))
        return card

    async def _not_ok(self, tx: ReportTx, user: TurnUser, result: ReportResult,
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

    async def _decision_actions(self, tx: ReportTx, user: TurnUser,
                                form: ReportForm) -> list[dict[str, Any]]:
        """The step after the perspectives: the unit's open decisions (beslut), if any."""
        from cards.decisions import round_action
        count = await tx.open_decision_count(form.unit.id, period=form.period.period)
        if count <= 0:
            return []
        return [round_action(user.lang, form.unit.id, form.period.period, count)]

    async def _navigate(self, tx: ReportTx, user: TurnUser, verb: str,
                        form: ReportForm, step: str | None, inputs: dict[int, Any]) -> Card:
        lang = user.lang
        steps = form.steps()
        opened = await self._open_sections(tx, user, form)

        def show(index: int, **kw: Any) -> Card:
            return step_card(form, index, lang=lang, tz=self.tz, extra_steps=len(opened), **kw)
        if verb == VERB_OPEN and form.state.submitted and step is None:
            return receipt_card(form, lang=lang, tz=self.tz, viewer_name=user.display_name,
                                extra_actions=await self._receipt_actions(tx, user, form))
        if step == REVIEW_STEP and verb == VERB_OPEN:
            return await self._review(
                tx, user, form, opened=opened,
                extra_actions=await self._decision_actions(tx, user, form))
        if verb == VERB_BACK:  # from the review: the last step (a section's, if any)
            if opened:
                return self._section_card(tx, user, form, opened, len(opened) - 1)
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

    async def _after_save(self, tx: ReportTx, user: TurnUser, verb: str,
                          result: ReportResult, step: str | None, inputs: dict[int, Any],
                          now: datetime) -> Card:
        lang = user.lang
        form = result.form
        if form is None or result.outcome in (Outcome.CLOSED, Outcome.FORBIDDEN,
                                              Outcome.NOT_FOUND):
            return await self._not_ok(tx, user, result, now)
        steps = form.steps()
        opened = await self._open_sections(tx, user, form)

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
                return self._section_card(tx, user, form, opened, 0, notice=live,
                                          notice_color="good")
            if index + 1 >= len(steps):
                return await self._review(
                    tx, user, form, opened=opened, notice=live, notice_color="good",
                    extra_actions=await self._decision_actions(tx, user, form))
            return show(index + 1, notice=live,
                             notice_color="good")
        if verb == VERB_BACK:
            return show(max(index - 1, 0), notice=live,
                             notice_color="good")
        notice = live or (t(lang, "report.step.saved", when=when(now, lang, self.tz))
                          if result.changed else t(lang, "report.step.unchanged"))
        return show(index, notice=notice, notice_color="good")

    async def _after_submit(self, tx: ReportTx, user: TurnUser,
                            result: ReportResult, now: datetime,
                            followups: list[Card]) -> Card:
        lang = user.lang
        form = result.form
        if form is None or result.outcome in (Outcome.CLOSED, Outcome.FORBIDDEN,
                                              Outcome.NOT_FOUND):
            return await self._not_ok(tx, user, result, now)
        if result.outcome is Outcome.INVALID:
            return await self._review(tx, user, form, errors=result.errors)
        if result.outcome is Outcome.UNLIKELY:
            return await self._review(tx, user, form, errors=result.warnings)
        if result.outcome is Outcome.CONFLICT:
            return conflict_card(form, len(form.steps()), lang=lang, tz=self.tz, yours={},
                                 changed_by=result.conflict_by, changed_at=result.conflict_at)
        if not result.already:
            await tx.ask_leaders_when_ready(
                unit_id=form.unit.id, period=form.period.period, now=now,
                calendar=self.services.calendar, lang=self.services.settings.language)
        notice = None
        if result.already and result.changed:
            notice = t(lang, "report.receipt.changed")
        elif result.already:
            notice = t(lang, "report.receipt.already")
        elif await self._decision_actions(tx, user, form):
            # The receipt stays; the decisions come as the next message.
            card = await self._decision_card(user, form)
            if card is not None:
                followups.append(card)
                notice = t(lang, "report.receipt.decisions_sent")
        return receipt_card(form, lang=lang, tz=self.tz, viewer_name=user.display_name,
                            notice=notice,
                            extra_actions=await self._receipt_actions(tx, user, form))


async def tell_leaders_of_change(services: BotServices, tx: ReportTx,
                                 user: TurnUser, form: ReportForm,
                                 changed_ids: Sequence[int], now: datetime) -> None:
    """Queue the leader notices for a change to a submitted report (card and text
    dialog alike; a failure to queue never undoes the saved change)."""
    await tx.tell_leaders_of_change(form=form, changed_ids=changed_ids,
                                    changed_by=user.display_name, now=now,
                                    calendar=services.calendar,
                                    lang=services.settings.language)


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
        assert user.person_id is not None
        person_id = user.person_id

        async def overview(tx: ReportTx) -> tuple[str | None, list[Any] | str]:
            """The period and its overviews, or the line that answers instead."""
            period = await tx.current_period(now, cfg)
            if period is None:
                return None, no_period_text(lang, now, cfg, services.tz)
            unit_ids: list[int] | None = None
            if args.strip():
                mine = await tx.units_to_report(person_id, services.today(),
                                                include_stood_in=True)
                unit = resolve_unit(mine, args)
                if unit is None and user.is_admin:
                    unit = await tx.unit_by_code(args)
                if unit is None:
                    codes = ", ".join(u.code for u in mine) or "–"
                    return period, t(lang, "report.unknown_unit", code=args.strip(),
                                     codes=codes)
                unit_ids = [unit.id]
            return period, await tx.prompt_overview(
                person_id=person_id, period=period, now=now, cfg=cfg, unit_ids=unit_ids,
                is_admin=user.is_admin, include_stood_in=True)

        period, overviews = await in_transaction(services.sessionmaker, overview)
        if isinstance(overviews, str):
            await context.send_activity(overviews)
            return
        assert period is not None
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
