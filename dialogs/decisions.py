"""Decisions in Teams: ``beslut`` (list), the monthly status step, ``nytt beslut`` (admins).

Thin handlers: parse what the user typed or submitted, call ``services.decisions``, answer
with a card from ``cards.decisions``. Every verb the cards emit is handled twice — as
``Action.Execute`` (the card is refreshed in place) and as the ``Action.Submit`` fallback
(a new message with the card).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus
from typing import Any

from microsoft_agents.activity import AdaptiveCardInvokeResponse
from microsoft_agents.hosting.core import (
    CardFactory,
    MessageFactory,
    TurnContext,
    TurnState,
)

from bot_services import BotServices
from cards.common import NotText, card_int, card_text
from cards.decisions import (
    decision_created_card,
    decision_list_card,
    decision_round_card,
    decision_round_done_card,
    decision_saved_card,
    decision_update_card,
    new_decision_card,
    tn,
)
from dialogs.context import TurnUser, current_user
from dialogs.features import CardAnswer, Command, Feature, Wiring
from followup.calendar import parse_period, period_for_month
from followup.decision_rules import (
    NewDecision,
    check_decision_fields,
    update_permission,
    visible_unit_ids,
)
from followup.text_input import clean_text
from i18n import t
from services import Sessions
from services import decisions as decision_service
from services.decisions import Actor, Outcome, StatusChange
from services.org import active_unit_id

logger = logging.getLogger(__name__)

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
VERBS = (
    "decision.list",
    "decision.open",
    "decision.edit",
    "decision.update",
    "decision.round",
    "decision.new",
    "decision.create",
)

Card = dict[str, Any]


@dataclass(frozen=True)
class Answer:
    """What a handler answers: a card, optionally with a text line (for new messages)."""

    card: Card | None = None
    text: str | None = None


def _notice_card(text: str) -> Card:
    return {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": text, "wrap": True}],
    }


def _str(value: object) -> str:
    """An id-like value (status, period, date) from card data; "" for anything else."""
    return value.strip() if isinstance(value, str) else ""


def _texts(data: Mapping[str, Any], keys: Iterable[str]) -> tuple[dict[str, str], set[str]]:
    """Typed texts from card data, cleaned (:func:`clean_text`), and the keys whose value
    was not text at all (refused at their field, never stored)."""
    values: dict[str, str] = {}
    refused: set[str] = set()
    for key in keys:
        try:
            values[key] = clean_text(card_text(data.get(key)) or "")
        except NotText:
            values[key] = ""
            refused.add(key)
    return values, refused


def _shown(data: Mapping[str, Any]) -> dict[str, str]:
    """Card data fit to show back in a card's inputs: only the values that are text."""
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _int(value: object) -> int | None:
    """A row id from card data; None for anything that cannot be one."""
    return card_int(value, minimum=1)


def _period_or_none(value: object) -> str | None:
    """A well-formed period ("2026-10") from card data; None for anything else."""
    text = _str(value)
    if not text:
        return None
    try:
        return period_for_month(*parse_period(text))
    except ValueError:
        return None


def _date(value: object) -> date | None:
    text = _str(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _actor(user: TurnUser) -> Actor:
    return Actor(person_id=user.person_id, label=user.display_name, is_admin=user.is_admin)


class DecisionFlow:
    """The handlers, sharing services; one instance per bot."""

    def __init__(self, services: BotServices) -> None:
        self.services = services

    @property
    def sessions(self) -> Sessions:
        return self.services.sessionmaker

    # ------------------------------------------------------------------ list

    async def list_answer(self, user: TurnUser, reference: str = "") -> Answer:
        lang = user.lang
        if not user.known and not user.is_admin:
            return Answer(text=t(lang, "error.not_registered"))
        today = self.services.today()
        if reference:
            return await self._one_by_reference(user, reference)
        found = await decision_service.decision_list(
            self.sessions, person_id=user.person_id, is_admin=user.is_admin, today=today)
        tree, items = found.tree, found.items
        if items is None:
            return Answer(text=t(lang, "decision.list.not_manager"))
        managed = tree.units_managed(user.person_id, today) if user.person_id else []
        if not items:
            key = (
                "decision.list.none_leader"
                if user.person_id and tree.is_leader(user.person_id, today)
                else "decision.list.none"
            )
            return Answer(text=t(lang, key))
        editable = {
            d.id
            for d in items
            if update_permission(tree, user.person_id, d.unit_id, today,
                                 is_admin=user.is_admin).allowed
        }
        if managed and user.person_id and tree.is_leader(user.person_id, today):
            title = t(lang, "decision.list.title_leader")
        elif managed:
            title = t(lang, "decision.list.title")
        else:
            title = t(lang, "decision.list.title_all")
        overdue = sum(1 for d in items if d.is_overdue(today))
        show_unit = len({d.unit_id for d in items}) > 1 or not managed
        card = decision_list_card(lang, items, today, title=title, editable_ids=editable,
                                  show_unit=show_unit)
        text = tn(lang, "decision.list.text", len(items))
        if overdue:
            text += " " + tn(lang, "decision.list.text_overdue", overdue)
        return Answer(card=card, text=text)

    async def _one_by_reference(self, user: TurnUser, reference: str) -> Answer:
        lang = user.lang
        today = self.services.today()
        found = await decision_service.decision_by_reference(
            self.sessions, reference, now=self.services.now(), calendar=self.services.calendar)
        tree, decision = found.tree, found.decision
        visible = visible_unit_ids(tree, user.person_id, today, is_admin=user.is_admin)
        if decision is None or (visible is not None and decision.unit_id not in visible):
            return Answer(text=t(lang, "decision.not_found_reference", reference=reference))
        permission = update_permission(tree, user.person_id, decision.unit_id, today,
                                       is_admin=user.is_admin)
        card = decision_update_card(lang, decision, today,
                                    role=permission.role if permission.allowed else None,
                                    period=found.period)
        return Answer(card=card)

    # ------------------------------------------------------------------ one decision

    async def _context(self, decision_id: int | None,
                       period: str | None = None) -> decision_service.DecisionContext:
        return await decision_service.decision_context(
            self.sessions, decision_id, period=period, now=self.services.now(),
            calendar=self.services.calendar)

    async def edit(self, user: TurnUser, data: Mapping[str, Any]) -> Answer:
        lang = user.lang
        today = self.services.today()
        found = await self._context(_int(data.get("decision_id")))
        decision = found.decision
        if decision is None:
            return Answer(text=t(lang, "decision.error.not_found"))
        permission = update_permission(found.tree, user.person_id, decision.unit_id, today,
                                       is_admin=user.is_admin)
        if not permission.allowed:
            return Answer(text=t(lang, "decision.error.not_allowed"))
        return Answer(card=decision_update_card(lang, decision, today, role=permission.role,
                                                period=found.period))

    async def update(self, user: TurnUser, data: Mapping[str, Any]) -> Answer:
        lang = user.lang
        decision_id = _int(data.get("decision_id"))
        if decision_id is None:
            return Answer(text=t(lang, "decision.error.not_found"))
        status = _str(data.get("status"))
        texts, refused = _texts(data, ("comment",))
        comment = texts["comment"]
        today = self.services.today()
        requested = _period_or_none(data.get("period"))
        if refused:
            found = await self._context(decision_id, requested)
            decision = found.decision
            if decision is None:
                return Answer(text=t(lang, "decision.error.not_found"))
            permission = update_permission(found.tree, user.person_id, decision.unit_id,
                                           today, is_admin=user.is_admin)
            if not permission.allowed:
                return Answer(text=t(lang, "decision.error.not_allowed"))
            return Answer(card=decision_update_card(
                lang, decision, today, role=permission.role, period=found.period,
                status=status, error=t(lang, "decision.field.not_text")))
        updated = await decision_service.update_decision(
            self.sessions, decision_id, status, comment, actor=_actor(user),
            now=self.services.now(), today=today, period=requested,
            expected_status=_str(data.get("expected")) or None,
            calendar=self.services.calendar,
        )
        result, tree = updated.result, updated.context.tree
        decision, period = updated.context.decision, updated.context.period
        if result.outcome is Outcome.NOT_FOUND or decision is None:
            return Answer(text=t(lang, "decision.error.not_found"))
        if result.outcome is Outcome.FORBIDDEN:
            return Answer(text=t(lang, "decision.error.not_allowed"))
        role = update_permission(tree, user.person_id, decision.unit_id, today,
                                 is_admin=user.is_admin).role
        if result.outcome is Outcome.INVALID:
            error = result.errors.get(decision_id)
            return Answer(card=decision_update_card(
                lang, decision, today, role=role, period=period, status=status,
                comment=comment, error=t(lang, error.value) if error else None))
        if result.outcome is Outcome.STALE:
            return Answer(card=decision_update_card(
                lang, decision, today, role=role, period=period, comment=comment,
                error=t(lang, "decision.error.stale")))
        notice = t(lang, "decision.saved", reference=decision.reference)
        return Answer(card=decision_saved_card(lang, decision, today, notice=notice))

    # ------------------------------------------------------------------ monthly round

    async def open_round(self, user: TurnUser, data: Mapping[str, Any]) -> Answer:
        lang = user.lang
        unit_id = _int(data.get("unit_id"))
        today = self.services.today()
        view = await decision_service.round_view(
            self.sessions, unit_id, requested=_period_or_none(data.get("period")),
            actor=_actor(user), now=self.services.now(), today=today,
            calendar=self.services.calendar)
        tree = view.tree
        if unit_id is None or unit_id not in tree.units:
            return Answer(text=t(lang, "decision.error.unknown_unit"))
        permission = update_permission(tree, user.person_id, unit_id, today,
                                       is_admin=user.is_admin)
        if not permission.allowed or view.items is None:
            return Answer(text=t(lang, "decision.error.not_allowed_unit",
                                 unit=tree.units[unit_id].name))
        unit = tree.units[unit_id]
        if not view.items:
            return Answer(text=t(lang, "decision.round.none_unit", unit=unit.name))
        return Answer(card=decision_round_card(lang, unit.name, unit_id, view.period,
                                               view.items, today, role=permission.role))

    async def save_round(self, user: TurnUser, data: Mapping[str, Any]) -> Answer:
        lang = user.lang
        unit_id = _int(data.get("unit_id"))
        period = _period_or_none(data.get("period"))
        today = self.services.today()
        changes: list[StatusChange] = []
        expected: dict[int, str] = {}
        for key, value in data.items():
            if key.startswith("expected_") and (decision_id := _int(key[9:])) is not None:
                expected[decision_id] = _str(value)
        comments, refused = _texts(data, (f"comment_{i}" for i in expected))
        for decision_id in sorted(expected):
            changes.append(
                StatusChange(
                    decision_id,
                    _str(data.get(f"status_{decision_id}")) or None,
                    comments[f"comment_{decision_id}"],
                )
            )
        saved = await decision_service.save_round(
            self.sessions, unit_id, period, changes, expected=expected, refused=bool(refused),
            actor=_actor(user), now=self.services.now(), today=today)
        tree, fresh, result = saved.tree, saved.fresh, saved.result
        if saved.state == "unknown_unit" or unit_id is None or not period:
            return Answer(text=t(lang, "decision.error.unknown_unit"))
        if saved.state == "not_found":
            return Answer(text=t(lang, "decision.error.not_found"))
        if saved.state == "refused" or result is None:
            role = update_permission(tree, user.person_id, unit_id, today,
                                     is_admin=user.is_admin).role
            not_text = t(lang, "decision.field.not_text")
            return Answer(card=decision_round_card(
                lang, tree.units[unit_id].name, unit_id, period, fresh, today,
                values=_shown(data), role=role,
                errors={int(key[len("comment_"):]): not_text for key in refused}))
        unit = tree.units[unit_id]
        role = update_permission(tree, user.person_id, unit_id, today,
                                 is_admin=user.is_admin).role
        if result.outcome is Outcome.FORBIDDEN:
            return Answer(text=t(lang, "decision.error.not_allowed_unit", unit=unit.name))
        if result.outcome is Outcome.NOT_FOUND:
            return Answer(text=t(lang, "decision.error.not_found"))
        if result.outcome is Outcome.INVALID:
            errors = {i: t(lang, e.value) for i, e in result.errors.items()}
            return Answer(card=decision_round_card(lang, unit.name, unit_id, period, fresh,
                                                   today, values=_shown(data), errors=errors,
                                                   role=role))
        if result.outcome is Outcome.STALE:
            open_ones = [d for d in fresh if d.is_open]
            comments = {k: v for k, v in _shown(data).items() if k.startswith("comment_")}
            return Answer(card=decision_round_card(
                lang, unit.name, unit_id, period, open_ones, today, values=comments,
                notice=t(lang, "decision.error.stale"), role=role))
        return Answer(card=decision_round_done_card(lang, unit.name, period, fresh, today,
                                                    remaining=saved.remaining,
                                                    unit_id=unit_id))

    # ------------------------------------------------------------------ registration

    async def new_form(self, user: TurnUser) -> Answer:
        if not user.is_admin:
            logger.warning("nytt beslut refused: person %s is not an admin", user.person_id)
            return Answer(text=t(user.lang, "error.not_admin"))
        units = await decision_service.unit_choices(self.sessions)
        return Answer(card=new_decision_card(user.lang, units))

    async def create(self, user: TurnUser, data: Mapping[str, Any]) -> Answer:
        lang = user.lang
        if not user.is_admin:
            logger.warning("decision.create refused: person %s is not an admin",
                           user.person_id)
            return Answer(text=t(lang, "error.not_admin"))
        today = self.services.today()
        values, refused = _texts(data, (
            "reference", "decided_on", "decided_by", "title", "assignment", "unit", "due_date"))
        errors: dict[str, str] = {}
        decided_on = _date(values["decided_on"])
        due_date = _date(values["due_date"])
        if decided_on is None:
            errors["decided_on"] = t(lang, "decision.field.bad_date" if values["decided_on"]
                                     else "decision.field.required")
        if values["due_date"] and due_date is None:
            errors["due_date"] = t(lang, "decision.field.bad_date")
        problems = check_decision_fields(
            reference=values["reference"], decided_by=values["decided_by"],
            title=values["title"], assignment=values["assignment"],
            decided_on=decided_on, due_date=due_date, today=today,
        )
        for name, problem in problems.items():
            errors.setdefault(name, t(lang, problem.value))
        unit_id = (await active_unit_id(self.sessions, values["unit"])
                   if values["unit"] else None)
        if unit_id is None:
            errors["unit"] = t(lang, "decision.field.required" if not values["unit"]
                               else "decision.field.unknown_unit")
        errors.update({name: t(lang, "decision.field.not_text") for name in refused})
        if errors or decided_on is None or unit_id is None:
            units = await decision_service.unit_choices(self.sessions)
            return Answer(card=new_decision_card(lang, units, values=values, errors=errors))
        result = await decision_service.register_decision(
            self.sessions,
            NewDecision(reference=values["reference"], decided_on=decided_on,
                        decided_by=values["decided_by"], title=values["title"],
                        assignment=values["assignment"], unit_id=unit_id,
                        due_date=due_date),
            actor=_actor(user), now=self.services.now(),
        )
        if result.outcome is Outcome.DUPLICATE:
            units = await decision_service.unit_choices(self.sessions)
            errors["reference"] = t(lang, "decision.field.duplicate")
            return Answer(card=new_decision_card(lang, units, values=values, errors=errors))
        if result.outcome is not Outcome.OK or result.decision is None:
            return Answer(text=t(lang, "decision.error.not_found"))
        logger.info("decision %s registered", result.decision.id)
        return Answer(card=decision_created_card(lang, result.decision, today))

    # ------------------------------------------------------------------ dispatch

    async def answer_verb(self, user: TurnUser, verb: str, data: Mapping[str, Any]) -> Answer:
        handlers: dict[str, Callable[[], Awaitable[Answer]]] = {
            "decision.list": lambda: self.list_answer(user),
            "decision.open": lambda: self.open_round(user, data),
            "decision.edit": lambda: self.edit(user, data),
            "decision.update": lambda: self.update(user, data),
            "decision.round": lambda: self.save_round(user, data),
            "decision.new": lambda: self.new_form(user),
            "decision.create": lambda: self.create(user, data),
        }
        return await handlers[verb]()


def _as_dict(data: object) -> dict[str, Any]:
    return dict(data) if isinstance(data, Mapping) else {}


def _invoke_response(answer: Answer) -> AdaptiveCardInvokeResponse:
    card = answer.card if answer.card is not None else _notice_card(answer.text or "")
    return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ADAPTIVE_CARD, value=card)


async def _send(context: TurnContext, answer: Answer) -> None:
    if answer.card is not None:
        await context.send_activity(
            MessageFactory.attachment(CardFactory.adaptive_card(answer.card), text=answer.text)
        )
    elif answer.text:
        await context.send_activity(answer.text)


def setup(services: BotServices) -> Wiring:
    flow = DecisionFlow(services)

    async def on_decisions(context: TurnContext, _state: TurnState, args: str) -> None:
        await _send(context, await flow.list_answer(current_user(context), args.strip()))

    async def on_new_decision(context: TurnContext, _state: TurnState, _args: str) -> None:
        await _send(context, await flow.new_form(current_user(context)))

    async def on_verb(context: TurnContext, _state: TurnState, verb: str,
                      data: object) -> CardAnswer:
        answer = await flow.answer_verb(current_user(context), verb, _as_dict(data))
        # Execute: a text-only answer replaces the clicked card with a notice card.
        return CardAnswer(card=answer.card, text=answer.text,
                          execute_card=_notice_card(answer.text or "")
                          if answer.card is None else None)

    return Wiring(commands={"decisions": on_decisions, "new_decision": on_new_decision},
                  verbs=on_verb)


FEATURE = Feature(
    name="dialogs.decisions",
    setup=setup,
    commands=(
        Command("decisions", sv=("beslut",), en=("decisions",)),
        Command("new_decision", sv=("nytt beslut",), en=("new decision",)),
    ),
    help=("help.decisions",),
    admin_help=("help.new_decision",),
    verbs=VERBS,
)
