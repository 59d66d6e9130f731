"""Individual goals: ``mina mål``, ``medarbetarsamtal NAMN``, ``checka in``, ``mitt team``,
their card buttons and the underlag download (``GET /downloads/underlag?token=…``).

Thin: parse, call :mod:`services.individual` (which checks every read and logs reads of
someone else's data), render with :mod:`cards.individual`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from aiohttp import web
from microsoft_agents.hosting.core import (
    CardFactory,
    MessageFactory,
    TurnContext,
    TurnState,
)

from bot_services import BotServices
from cards import individual as cards
from cards.common import NotText, card_int, card_text
from dialogs.context import TurnUser, current_user
from dialogs.export import public_base_url, signing_secret
from dialogs.features import CardAnswer, Command, Feature, Wiring
from followup.individual import GoalDraft
from followup.text_input import clean_text
from i18n import t
from services import individual as svc

logger = logging.getLogger(__name__)

UNDERLAG_PATH = "/downloads/underlag"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(services: BotServices, user: TurnUser) -> svc.Actor:
    assert user.person_id is not None
    return svc.Actor(user.person_id, services.now(), services.tz)


def _card(card: dict[str, Any]) -> Any:
    return MessageFactory.attachment(CardFactory.adaptive_card(card))


def _refusal(user: TurnUser, error: svc.IndividualRefused) -> str:
    return t(user.lang, error.key, **error.params)


def _mapping(data: object) -> Mapping[str, Any]:
    return data if isinstance(data, Mapping) else {}


def read_drafts(value: Mapping[str, Any]) -> list[GoalDraft]:
    """The goal form's inputs; raises NotText for a non-text input."""
    drafts = []
    for slot in (1, 2, 3):
        title = clean_text(card_text(value.get(f"g{slot}_title")) or "")
        link = card_int(value.get(f"g{slot}_link"), minimum=1)
        drafts.append(GoalDraft(
            slot=slot, unit_goal_id=link, title=title,
            indicator_name=clean_text(card_text(value.get(f"g{slot}_ind")) or ""),
            indicator_target=clean_text(card_text(value.get(f"g{slot}_target")) or "")))
    return drafts


# --------------------------------------------------------------------------- underlag link


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_underlag(services: BotServices, reader_id: int, subject_id: int) -> str:
    expires = int((services.now() + timedelta(minutes=30)).timestamp())
    body = _b64(json.dumps({"r": reader_id, "s": subject_id, "exp": expires},
                           separators=(",", ":")).encode())
    mac = hmac.new(signing_secret(services.settings), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def verify_underlag(services: BotServices, token: str) -> tuple[int, int] | None:
    body, _, signature = token.partition(".")
    if not body or len(token) > 1000:
        return None
    expected = hmac.new(signing_secret(services.settings), body.encode("ascii", "replace"),
                        hashlib.sha256).digest()
    try:
        given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        reader, subject, exp = int(payload["r"]), int(payload["s"]), int(payload["exp"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        return None
    if not hmac.compare_digest(expected, given) or exp <= services.now().timestamp():
        return None
    return reader, subject


def add_underlag_routes(app: web.Application, services: BotServices) -> None:
    """Serve the medarbetarsamtal's underlag as Excel (``&format=pdf``: as PDF/A); rights
    checked (and the read logged) again on download."""
    from documents.underlag import underlag_pdf, underlag_xlsx

    async def download(request: web.Request) -> web.StreamResponse:
        grant = verify_underlag(services, request.query.get("token", ""))
        fmt = request.query.get("format", "xlsx")
        if fmt not in ("xlsx", "pdf"):
            return web.Response(status=400, text="Okänt format: välj xlsx eller pdf.")
        if grant is None:
            return web.Response(status=403, text="Länken gäller inte längre.")
        reader, subject = grant
        actor = svc.Actor(reader, services.now(), services.tz)
        try:
            person = await svc.talk_file(services.sessionmaker, actor, subject)
        except svc.IndividualRefused:
            return web.Response(status=403, text="Länken gäller inte längre.")
        lang = services.settings.language
        if fmt == "pdf":
            # WeasyPrint takes a while: off the event loop's thread.
            body = await asyncio.to_thread(underlag_pdf, person, lang)
            mime = "application/pdf"
        else:
            body, mime = underlag_xlsx(person, lang), XLSX_MIME
        return web.Response(body=body, content_type=mime, headers={
            "Content-Disposition":
                f'attachment; filename="underlag-medarbetarsamtal.{fmt}"',
            "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    app.router.add_get(UNDERLAG_PATH, download)


# --------------------------------------------------------------------------- wiring

#: The answers of one use case: texts and cards, in order.
Answers = list[str | dict[str, Any]]
Work = Callable[[TurnUser, svc.Actor], Awaitable[Answers]]


def setup(services: BotServices) -> Wiring:
    cadence = services.settings.individual_cadence

    async def run(user: TurnUser, work: Work) -> Answers:
        """Run ``work(user, actor)`` (one service call, one transaction); refusals as text."""
        if user.person_id is None:
            return [t(user.lang, "ind.refused.no_unit")]
        try:
            return await work(user, _actor(services, user))
        except svc.IndividualRefused as error:
            return [_refusal(user, error)]
        except NotText:
            return [t(user.lang, "ind.bad_action")]

    async def send(context: TurnContext, work: Work) -> None:
        for answer in await run(current_user(context), work):
            await context.send_activity(answer if isinstance(answer, str) else _card(answer))

    def goal_form_answer(user: TurnUser, actor: svc.Actor, subject: int,
                         person: svc.PersonFile,
                         options: list[svc.UnitGoalOption]) -> Answers:
        return [cards.goal_form_card(
            user.lang, subject_id=subject, subject_name=person.name, year=person.year,
            goals=person.goals, options=options, for_manager=subject != actor.person_id)]

    async def on_own(context: TurnContext, _state: TurnState, _args: str) -> None:
        async def work(user: TurnUser, actor: svc.Actor) -> Answers:
            person, options = await svc.own_goal_form(services.sessionmaker, actor)
            return goal_form_answer(user, actor, actor.person_id, person, options)
        await send(context, work)

    async def on_talk(context: TurnContext, _state: TurnState, args: str) -> None:
        async def work(user: TurnUser, actor: svc.Actor) -> Answers:
            subject, person, options = await svc.team_member_goal_form(
                services.sessionmaker, actor, args)
            return goal_form_answer(user, actor, subject, person, options)
        await send(context, work)

    async def on_checkin(context: TurnContext, _state: TurnState, _args: str) -> None:
        async def work(user: TurnUser, actor: svc.Actor) -> Answers:
            person, period, last = await svc.own_checkin_form(services.sessionmaker, actor,
                                                              cadence)
            current = {c.goal_id: c for c in person.checkins if c.period == period}
            return [cards.checkin_card(user.lang, period=period, goals=person.goals,
                                       last=last, current=current)]
        await send(context, work)

    async def on_team(context: TurnContext, _state: TurnState, _args: str) -> None:
        async def work(user: TurnUser, actor: svc.Actor) -> Answers:
            view = await svc.my_team(services.sessionmaker, actor, cadence)
            return [cards.team_card(user.lang, view)]
        await send(context, work)

    def subject_of(value: Mapping[str, Any]) -> int:
        subject = card_int(value.get("subject"), minimum=1)
        if subject is None:
            raise svc.IndividualRefused("ind.bad_action")
        return subject

    def verb_work(verb: str, value: Mapping[str, Any]) -> Work | None:
        async def save_goals(user: TurnUser, actor: svc.Actor) -> Answers:
            person = await svc.submit_goals(services.sessionmaker, actor, subject_of(value),
                                            read_drafts(value), lang=user.lang)
            return [t(user.lang, "ind.saved",
                      state=cards.goal_state_text(user.lang, person.goals))]

        async def approve(user: TurnUser, actor: svc.Actor) -> Answers:
            person = await svc.approve_goals(services.sessionmaker, actor, subject_of(value))
            return [t(user.lang, "ind.approved",
                      state=cards.goal_state_text(user.lang, person.goals))]

        def answers_for(person: svc.PersonFile) -> dict[int, tuple[str, str]]:
            return {g.id: (card_text(value.get(f"s_{g.id}")) or "",
                           clean_text(card_text(value.get(f"c_{g.id}")) or ""))
                    for g in person.goals}

        async def check_in(user: TurnUser, actor: svc.Actor, *, same: bool) -> Answers:
            period = await svc.submit_checkin(services.sessionmaker, actor, cadence,
                                              None if same else answers_for)
            return [t(user.lang, "ind.checkin.saved",
                      period=cards.period_label(user.lang, period))]

        async def checkin_save(user: TurnUser, actor: svc.Actor) -> Answers:
            return await check_in(user, actor, same=False)

        async def checkin_same(user: TurnUser, actor: svc.Actor) -> Answers:
            return await check_in(user, actor, same=True)

        async def prepare(user: TurnUser, actor: svc.Actor) -> Answers:
            subject = subject_of(value)
            person = await svc.talk_file(services.sessionmaker, actor, subject)
            token = sign_underlag(services, actor.person_id, subject)
            link = f"{public_base_url(services.settings)}{UNDERLAG_PATH}?token={quote(token)}"
            return [cards.talk_card(user.lang, person, link, pdf_link=f"{link}&format=pdf")]

        return {
            cards.VERB_GOALS_SAVE: save_goals,
            cards.VERB_GOALS_APPROVE: approve,
            cards.VERB_CHECKIN_SAVE: checkin_save,
            cards.VERB_CHECKIN_SAME: checkin_same,
            cards.VERB_TALK: prepare,
        }.get(verb)

    async def on_verb(context: TurnContext, _state: TurnState, verb: str,
                      data: object) -> CardAnswer:
        user = current_user(context)
        work = verb_work(verb, _mapping(data))
        answers = await run(user, work) if work is not None else [
            t(user.lang, "ind.bad_action")]
        texts = [a for a in answers if isinstance(a, str)]
        found = [a for a in answers if not isinstance(a, str)]
        if found:
            # Execute: the card replaces the clicked one; Submit: posted as a new message.
            return CardAnswer(card=found[0], text="\n\n".join(texts) or None,
                              followups=tuple(found[1:]))
        return CardAnswer(text="\n\n".join(texts))

    return Wiring(commands={"ind_own": on_own, "ind_talk": on_talk,
                            "ind_checkin": on_checkin, "ind_team": on_team},
                  verbs=on_verb)


FEATURE = Feature(
    name="dialogs.individual",
    setup=setup,
    commands=(
        Command("ind_own", sv=("mina mål", "mina mal"), en=("my goals",)),
        Command("ind_talk", sv=("medarbetarsamtal",), en=("appraisal",)),
        Command("ind_checkin", sv=("checka in", "incheckning"), en=("check in", "check-in")),
        Command("ind_team", sv=("mitt team",), en=("my team",)),
    ),
    help=("help.individual", "help.individual_manager"),
    verbs=cards.VERBS,
)
