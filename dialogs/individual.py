"""Individual goals: ``mina mål``, ``medarbetarsamtal NAMN``, ``checka in``, ``mitt team``,
their card buttons and the underlag download (``GET /downloads/underlag?token=…``).

Thin: parse, call :mod:`services.individual` (which checks every read and logs reads of
someone else's data), render with :mod:`cards.individual`.
"""

from __future__ import annotations

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
    AgentApplication,
    CardFactory,
    MessageFactory,
    TurnContext,
    TurnState,
)

from cards import individual as cards
from cards.common import NotText, card_int, card_text
from dialogs.commands import CommandRegistry
from dialogs.context import BotServices, TurnUser, current_user
from dialogs.export import public_base_url, signing_secret
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
    """Serve the medarbetarsamtal's underlag as Excel; rights checked (and the read logged)
    again on download."""
    from documents.underlag import underlag_xlsx

    async def download(request: web.Request) -> web.StreamResponse:
        grant = verify_underlag(services, request.query.get("token", ""))
        if grant is None:
            return web.Response(status=403, text="Länken gäller inte längre.")
        reader, subject = grant
        actor = svc.Actor(reader, services.now(), services.tz)
        try:
            async with services.sessionmaker() as session, session.begin():
                person = await svc.prepare_talk(session, actor, subject)
        except svc.IndividualRefused:
            return web.Response(status=403, text="Länken gäller inte längre.")
        body = underlag_xlsx(person, services.settings.language)
        return web.Response(body=body, content_type=XLSX_MIME, headers={
            "Content-Disposition": 'attachment; filename="underlag-medarbetarsamtal.xlsx"',
            "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    app.router.add_get(UNDERLAG_PATH, download)


async def aggregate_items(services: BotServices, root: Any,
                          lang: str) -> list[dict[str, Any]]:
    """Upward: for a summarised unit (``.id``, ``.name``), the employees' check-ins as
    aggregates (groups under five suppressed); nothing where nobody has agreed goals."""
    async with services.analytics() as session:
        summary = await svc.upward_summary(
            session, unit_id=root.id, today=services.today(),
            cadence=services.settings.individual_cadence, zone=services.tz)
    return cards.upward_items(lang, root.name, summary) if summary is not None else []


# --------------------------------------------------------------------------- routes


def register(app: AgentApplication[TurnState], services: BotServices,
             commands: CommandRegistry) -> None:
    cadence = services.settings.individual_cadence

    Work = Callable[[Any, TurnUser, svc.Actor], Awaitable[list[Any]]]

    async def guarded(context: TurnContext, work: Work) -> None:
        """Run ``work(session, user, actor)`` in one transaction; refusals as text."""
        user = current_user(context)
        if user.person_id is None:
            await context.send_activity(t(user.lang, "ind.refused.no_unit"))
            return
        try:
            async with services.sessionmaker() as session, session.begin():
                answers = await work(session, user, _actor(services, user))
        except svc.IndividualRefused as error:
            await context.send_activity(_refusal(user, error))
            return
        except NotText:
            await context.send_activity(t(user.lang, "ind.bad_action"))
            return
        for answer in answers:
            await context.send_activity(answer)

    async def goal_form_answer(session: Any, user: TurnUser, actor: svc.Actor,
                               subject: int) -> list[Any]:
        person, options = await svc.goal_form(session, actor, subject)
        return [_card(cards.goal_form_card(
            user.lang, subject_id=subject, subject_name=person.name, year=person.year,
            goals=person.goals, options=options, for_manager=subject != actor.person_id))]

    async def on_own(context: TurnContext, _state: TurnState, _args: str) -> None:
        async def work(session: Any, user: TurnUser, actor: svc.Actor) -> list[Any]:
            return await goal_form_answer(session, user, actor, actor.person_id)
        await guarded(context, work)

    async def on_talk(context: TurnContext, _state: TurnState, args: str) -> None:
        async def work(session: Any, user: TurnUser, actor: svc.Actor) -> list[Any]:
            subject = await svc.find_team_member(session, actor, args)
            return await goal_form_answer(session, user, actor, subject)
        await guarded(context, work)

    async def on_checkin(context: TurnContext, _state: TurnState, _args: str) -> None:
        async def work(session: Any, user: TurnUser, actor: svc.Actor) -> list[Any]:
            person, period, last = await svc.checkin_form(session, actor, cadence)
            current = {c.goal_id: c for c in person.checkins if c.period == period}
            return [_card(cards.checkin_card(user.lang, period=period, goals=person.goals,
                                             last=last, current=current))]
        await guarded(context, work)

    async def on_team(context: TurnContext, _state: TurnState, _args: str) -> None:
        async def work(session: Any, user: TurnUser, actor: svc.Actor) -> list[Any]:
            view = await svc.team_view(session, actor, cadence)
            return [_card(cards.team_card(user.lang, view))]
        await guarded(context, work)

    def subject_of(value: Mapping[str, Any], actor: svc.Actor) -> int:
        subject = card_int(value.get("subject"), minimum=1)
        if subject is None:
            raise svc.IndividualRefused("ind.bad_action")
        return subject

    async def on_save_goals(context: TurnContext, _state: TurnState, data: object) -> None:
        async def work(session: Any, user: TurnUser, actor: svc.Actor) -> list[Any]:
            value = _mapping(data)
            subject = subject_of(value, actor)
            person = await svc.save_goals(session, actor, subject, read_drafts(value),
                                          lang=user.lang)
            return [t(user.lang, "ind.saved", state=cards.goal_state_text(user.lang,
                                                                         person.goals))]
        await guarded(context, work)

    async def on_approve(context: TurnContext, _state: TurnState, data: object) -> None:
        async def work(session: Any, user: TurnUser, actor: svc.Actor) -> list[Any]:
            subject = subject_of(_mapping(data), actor)
            person = await svc.approve(session, actor, subject)
            return [t(user.lang, "ind.approved", state=cards.goal_state_text(user.lang,
                                                                            person.goals))]
        await guarded(context, work)

    async def on_checkin_save(context: TurnContext, _state: TurnState, data: object, *,
                              same: bool = False) -> None:
        async def work(session: Any, user: TurnUser, actor: svc.Actor) -> list[Any]:
            value = _mapping(data)
            answers: dict[int, tuple[str, str]] | None = None
            if not same:
                person, _period, _last = await svc.checkin_form(session, actor, cadence)
                answers = {g.id: (card_text(value.get(f"s_{g.id}")) or "",
                                  clean_text(card_text(value.get(f"c_{g.id}")) or ""))
                           for g in person.goals}
            _person, period = await svc.check_in(session, actor, cadence, answers)
            return [t(user.lang, "ind.checkin.saved",
                      period=cards.period_label(user.lang, period))]
        await guarded(context, work)

    async def on_checkin_same(context: TurnContext, state: TurnState, data: object) -> None:
        await on_checkin_save(context, state, data, same=True)

    async def on_talk_prepare(context: TurnContext, _state: TurnState, data: object) -> None:
        async def work(session: Any, user: TurnUser, actor: svc.Actor) -> list[Any]:
            subject = subject_of(_mapping(data), actor)
            person = await svc.prepare_talk(session, actor, subject)
            token = sign_underlag(services, actor.person_id, subject)
            link = f"{public_base_url(services.settings)}{UNDERLAG_PATH}?token={quote(token)}"
            return [_card(cards.talk_card(user.lang, person, link))]
        await guarded(context, work)

    app.adaptive_card.action_submit(cards.VERB_GOALS_SAVE)(on_save_goals)
    app.adaptive_card.action_submit(cards.VERB_GOALS_APPROVE)(on_approve)
    app.adaptive_card.action_submit(cards.VERB_CHECKIN_SAVE)(on_checkin_save)
    app.adaptive_card.action_submit(cards.VERB_CHECKIN_SAME)(on_checkin_same)
    app.adaptive_card.action_submit(cards.VERB_TALK)(on_talk_prepare)
    commands.add("ind_own", on_own)
    commands.add("ind_talk", on_talk)
    commands.add("ind_checkin", on_checkin)
    commands.add("ind_team", on_team)
