"""The chefsuppdrag in Teams: ``mitt uppdrag`` (also ``chefsuppdrag``), ``får jag besluta
om …`` and ``anmäl beslut`` (the anmälan av delegationsbeslut as a standalone section).

Thin handlers: parse, call ``services.mandate``, answer with ``cards.mandate``. Every
verb is handled as Action.Execute (the card refreshes in place) and as the Action.Submit
fallback; the point typeahead is the ``application/search`` invoke of dataset
``delegation.points``. Registration sits in the module's ``FEATURE`` record only.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from microsoft_agents.hosting.core import (
    AgentApplication,
    CardFactory,
    MessageFactory,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.app.adaptive_card.models import (
    AdaptiveCardSearchParams,
    AdaptiveCardSearchResult,
    Query,
)

from bot_services import BotServices
from cards import mandate as cards
from cards.common import card, card_text, text
from dialogs.context import TurnUser, current_user
from dialogs.features import CardAnswer, Command, Feature, Wiring
from followup.mandate_views import ReportOutcome
from followup.sv_format import format_deadline, format_period, parse_decimal
from i18n import t
from services import mandate as service
from services.org import open_period

logger = logging.getLogger(__name__)

Card = dict[str, Any]


@dataclass(frozen=True)
class Answer:
    card: Card | None = None
    text: str | None = None


def report_period(today: date) -> str:
    """The month decisions are anmälda for: the one the monthly report covers (the
    previous month)."""
    last = today.replace(day=1) - timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


# --- text path: "anmäl beslut BUN 5.8 2026-10-12 beskrivning dnr X belopp 5000" ---

_LINE = re.compile(
    r"^(?:(?P<committee>[a-zåäö]{2,8})\s+)?(?P<number>\d+(?:\.\d+)*)\s+"
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2})\s+(?P<rest>.+)$", re.IGNORECASE)
_REFERENCE = re.compile(r"\s+dnr\s+(?P<ref>.+?)(?=\s+belopp\s+|\s+amount\s+|$)",
                        re.IGNORECASE)
_AMOUNT = re.compile(r"\s+(?:belopp|amount)\s+(?P<amount>[\d  .,]+)\s*(?:kr)?\s*$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class ParsedLine:
    committee: str | None
    number: str
    decided_on: date | None
    description: str
    reference: str | None
    amount_kr: int | None
    problem: str | None = None


def parse_report_line(line: str) -> ParsedLine | None:
    """The decision typed on one line; None when it is not one."""
    match = _LINE.match(line.strip())
    if match is None:
        return None
    rest = match["rest"]
    amount: int | None = None
    problem: str | None = None
    if (m := _AMOUNT.search(rest)) is not None:
        try:
            amount = int(parse_decimal(m["amount"]))
        except ValueError:
            problem = "mandate.report.bad_amount"
        rest = rest[:m.start()]
    reference: str | None = None
    if (m := _REFERENCE.search(rest)) is not None:
        reference = m["ref"].strip()
        rest = rest[:m.start()]
    try:
        decided_on: date | None = date.fromisoformat(
            "-".join(part.zfill(2) for part in match["date"].split("-")))
    except ValueError:
        decided_on, problem = None, "mandate.report.bad_date"
    committee = match["committee"].upper() if match["committee"] else None
    return ParsedLine(committee, match["number"], decided_on, rest.strip(), reference,
                      amount, problem)


FORM_FIELDS = ("point", "decided_on", "description", "reference", "amount")
NO_DECISION_WORDS = ("inga", "inga beslut", "none", "no decisions")


def is_no_decisions(text: str) -> bool:
    return " ".join(text.strip().lower().rstrip(".!").split()) in NO_DECISION_WORDS


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The decision section's typed values, to show them again after a problem."""
    return {k: str(v) for k, v in data.items() if k in FORM_FIELDS and v is not None}


class MandateFlow:
    def __init__(self, services: BotServices) -> None:
        self.services = services

    @property
    def sessions(self) -> service.Sessions:
        return self.services.sessionmaker

    async def _deadline(self) -> str | None:
        row = await open_period(self.sessions, self.services.now(), self.services.calendar)
        if row is None:
            return None
        return format_deadline(row.deadline_at.astimezone(self.services.tz))

    async def mandate_answer(self, user: TurnUser, *, group: str | None = None,
                             page: int = 0) -> Answer:
        if user.person_id is None:
            return Answer(text=t(user.lang, "mandate.no_units"))
        view = await service.mandate(self.sessions, user.person_id, self.services.today())
        return Answer(cards.mandate_card(view, user.lang, open_group=group or None, page=page,
                                         deadline_text=await self._deadline()))

    async def search_answer(self, user: TurnUser, question: str) -> Answer:
        if not question.strip():
            return Answer(text=t(user.lang, "mandate.search.ask"))
        person = user.person_id or 0
        answer = await service.can_i_decide(self.sessions, person, question,
                                            self.services.today())
        return Answer(cards.search_card(answer, user.lang),
                      cards.search_text_answer(answer, user.lang))

    async def form(self, user: TurnUser, *, problem: str | None = None,
                   values: dict[str, str] | None = None, notice: str | None = None) -> Answer:
        today = self.services.today()
        period = report_period(today)
        reported = []
        initial = []
        if user.person_id is not None:
            for point, d in await service.my_decisions(self.sessions, user.person_id, period):
                reported.append((point, f"{d.decided_on.isoformat()} {d.description}"))
            initial = await service.typeahead(self.sessions, user.person_id, "", today, 10)
        return Answer(cards.decision_form_card(user.lang, period, today=today,
                                               reported=reported, initial=initial,
                                               problem=problem, values=values,
                                               notice=notice))

    async def report_text(self, user: TurnUser, args: str) -> Answer:
        lang = user.lang
        clean = args.strip()
        if not clean:
            return await self.form(user)
        if user.person_id is None:
            return Answer(text=t(lang, "mandate.no_units"))
        if is_no_decisions(clean):
            return Answer(text=await self._confirm_none(user, report_period(
                self.services.today())))
        _outcome, answer = await self.report_line(user, clean)
        return Answer(text=answer)

    async def report_line(self, user: TurnUser, line: str) -> tuple[ReportOutcome | None, str]:
        """One decision typed on a line: (the outcome when saved, the answer)."""
        lang = user.lang
        if user.person_id is None:
            return None, t(lang, "mandate.no_units")
        parsed = parse_report_line(line)
        if parsed is None:
            return None, t(lang, "mandate.text.usage")
        if parsed.problem or parsed.decided_on is None:
            return None, t(lang, parsed.problem or "mandate.report.bad_date")
        points = await service.point_at(self.sessions, parsed.committee, parsed.number,
                                        parsed.decided_on)
        if not points:
            return None, t(lang, "mandate.report.unknown_point")
        if len(points) > 1:
            return None, t(lang, "mandate.report.ambiguous", number=parsed.number)
        outcome = await service.report_decision(
            self.sessions, user.person_id,
            service.DecisionInput(points[0].id, parsed.decided_on, parsed.description,
                                  parsed.reference, parsed.amount_kr),
            today=self.services.today(), now=self.services.now())
        if not outcome.ok:
            return None, t(lang, outcome.problem or "mandate.report.unknown_point")
        return outcome, cards.outcome_text(outcome, lang)

    async def confirm_none(self, user: TurnUser, period: str) -> str:
        """"Inga beslut" for ``period``: the answer to show."""
        return await self._confirm_none(user, period)

    async def _confirm_none(self, user: TurnUser, period: str) -> str:
        assert user.person_id is not None
        done = await service.confirm_no_decisions(self.sessions, user.person_id, period,
                                                  self.services.now())
        key = "mandate.none_saved" if done else "mandate.none_already"
        return t(user.lang, key, period=format_period(period, user.lang))

    async def answer_verb(self, user: TurnUser, verb: str, data: Mapping[str, Any]) -> Answer:
        lang = user.lang
        if verb == cards.VERB_GROUP:
            page = data.get("page")
            return await self.mandate_answer(user, group=card_text(data.get("group")) or "",
                                             page=page if isinstance(page, int) else 0)
        if verb == cards.VERB_FORM:
            return await self.form(user)
        if user.person_id is None:
            return Answer(text=t(lang, "mandate.no_units"))
        if verb == cards.VERB_NONE:
            period = card_text(data.get("period")) or report_period(self.services.today())
            if not re.fullmatch(r"\d{4}-\d{2}", period):
                period = report_period(self.services.today())
            return await self.form(user, notice=await self._confirm_none(user, period))
        # VERB_REPORT
        values = form_values(data)
        outcome, problem = await self.report_from_card(user, data)
        if outcome is None:
            return await self.form(user, problem=problem, values=values)
        return await self.form(user, notice=cards.outcome_text(outcome, lang))

    async def report_from_card(self, user: TurnUser, data: Mapping[str, Any]
                               ) -> tuple[ReportOutcome | None, str | None]:
        """The decision section's inputs saved: (the outcome, None) or (None, the i18n key
        of the problem)."""
        if user.person_id is None:
            return None, "mandate.no_units"
        point_id = _int(data.get("point"))
        if point_id is None:
            typed = card_text(data.get("point_text")) or ""
            found = await self._point_from_text(typed)
            point_id = found
        if point_id is None:
            return None, "mandate.form.point_needed"
        try:
            decided_on = date.fromisoformat(card_text(data.get("decided_on")) or "")
        except ValueError:
            return None, "mandate.report.bad_date"
        amount: int | None = None
        raw_amount = card_text(data.get("amount"))
        if raw_amount:
            try:
                amount = int(parse_decimal(raw_amount))
            except ValueError:
                return None, "mandate.report.bad_amount"
        outcome = await service.report_decision(
            self.sessions, user.person_id,
            service.DecisionInput(point_id, decided_on, card_text(data.get("description"))
                                  or "", card_text(data.get("reference")), amount),
            today=self.services.today(), now=self.services.now())
        if not outcome.ok:
            return None, outcome.problem or "mandate.report.unknown_point"
        return outcome, None

    async def _point_from_text(self, typed: str) -> int | None:
        match = re.match(r"^\s*(?:([a-zåäö]{2,8})\s+)?(\d+(?:\.\d+)*)\s*$", typed, re.I)
        if match is None:
            return None
        points = await service.point_at(self.sessions, match[1], match[2],
                                        self.services.today())
        return points[0].id if len(points) == 1 else None

    async def search_points(self, user: TurnUser, query: str,
                            count: int) -> list[AdaptiveCardSearchResult]:
        points = await service.typeahead(self.sessions, user.person_id or 0, query,
                                         self.services.today(), max(1, min(count or 15, 30)))
        return [AdaptiveCardSearchResult(*cards.point_choice(p)) for p in points]


def original_case(typed: str, args: str) -> str:
    """``args`` (lower-cased by the command matcher) as the user typed it, when found."""
    clean = unicodedata.normalize("NFC", " ".join(typed.split()))
    at = clean.lower().rfind(args) if args else -1
    return clean[at:at + len(args)] if at >= 0 else args


def _int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
        return int(value.strip())
    return None


def _as_dict(data: object) -> dict[str, Any]:
    return dict(data) if isinstance(data, Mapping) else {}


async def _send(context: TurnContext, answer: Answer) -> None:
    if answer.card is not None:
        await context.send_activity(
            MessageFactory.attachment(CardFactory.adaptive_card(answer.card)))
    elif answer.text:
        await context.send_activity(answer.text)


def setup(services: BotServices) -> Wiring:
    flow = MandateFlow(services)

    async def on_mandate(context: TurnContext, _state: TurnState, _args: str) -> None:
        await _send(context, await flow.mandate_answer(current_user(context)))

    async def on_can_i_decide(context: TurnContext, _state: TurnState, args: str) -> None:
        await _send(context, await flow.search_answer(current_user(context), args))

    async def on_report(context: TurnContext, _state: TurnState, args: str) -> None:
        original = original_case(context.activity.text or "", args)
        await _send(context, await flow.report_text(current_user(context), original))

    async def on_verb(context: TurnContext, _state: TurnState, verb: str,
                      data: object) -> CardAnswer:
        answer = await flow.answer_verb(current_user(context), verb, _as_dict(data))
        return CardAnswer(card=answer.card, text=answer.text,
                          execute_card=card([text(answer.text or "")])
                          if answer.card is None else None)

    async def on_search(context: TurnContext, _state: TurnState,
                        query: Query[AdaptiveCardSearchParams]) -> list[
                            AdaptiveCardSearchResult]:
        return await flow.search_points(current_user(context), query.parameters.query_text,
                                        query.count)

    def routes(app: AgentApplication[TurnState]) -> None:
        # the point typeahead of the anmälan (Input.ChoiceSet with Data.Query)
        app.adaptive_card.search(cards.POINT_DATASET)(on_search)

    return Wiring(commands={"mandate": on_mandate, "can_i_decide": on_can_i_decide,
                            "report_decisions": on_report},
                  verbs=on_verb, routes=routes)


FEATURE = Feature(
    name="dialogs.mandate",
    setup=setup,
    commands=(
        Command("mandate", sv=("mitt uppdrag", "chefsuppdrag", "mitt chefsuppdrag"),
                en=("my mandate",)),
        Command("can_i_decide", sv=("får jag besluta om", "får jag besluta",
                                    "far jag besluta om", "kan jag besluta om",
                                    "får jag fatta beslut om"),
                en=("may i decide on", "may i decide")),
        Command("report_decisions", sv=("anmäl beslut", "anmal beslut",
                                        "anmäl delegationsbeslut"),
                en=("report decisions",)),
    ),
    help=("help.mandate", "help.can_i_decide", "help.report_decisions"),
    verbs=cards.VERBS,
)
