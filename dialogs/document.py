"""``rapport dokument [enhet] [period] [pdf|word]`` and the summary card's **Skapa rapport**.

Both answer at once with a signed, time-limited link (the mechanism of
:mod:`dialogs.export`: HMAC under ``DOWNLOAD_SECRET``, ``DOWNLOAD_LINK_MINUTES``) to
``GET /downloads/document?token=…&format=pdf|docx``. The document is drawn when the link
is opened; the signature, the expiry and the person's rights *today* are checked again
then, so nothing from outside the person's subtree can be fetched with it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import quote

from aiohttp import web
from microsoft_agents.hosting.core import TurnContext, TurnState

from bot_services import BotServices
from cards.common import card_int
from cards.summary import VERB_DOCUMENT
from dialogs.context import TurnUser, current_user
from dialogs.export import (
    DownloadGrant,
    link_minutes,
    public_base_url,
    sign_grant,
    signing_secret,
    verify_grant,
)
from dialogs.features import CardAnswer, Command, Feature, Wiring
from followup.sv_format import format_date, format_time
from i18n import t
from services.documents import (
    FORMATS,
    DocumentRefused,
    Requester,
    make_document,
    parse_document_args,
    resolve_request,
)
from services.exports import download_requester

logger = logging.getLogger(__name__)

DOCUMENT_PATH = "/downloads/document"
_FORMAT_NAMES = {"pdf": "PDF/A", "docx": "Word"}


def _requester(user: TurnUser) -> Requester:
    return Requester(person_id=user.person_id, is_admin=user.is_admin, name=user.display_name)


def _delar_end(services: BotServices) -> int:
    return services.settings.steering_year.delar_end_month or 8


async def document_answer(services: BotServices, user: TurnUser, *, args: str = "",
                          unit_id: int | None = None, period: str | None = None,
                          fmt: str | None = None) -> str:
    """The reply: a download link, or why not (in the user's language)."""
    lang = user.lang
    if user.person_id is None:
        return t(lang, "error.not_registered")
    try:
        request = parse_document_args(args)
        resolved = await resolve_request(
            services.sessionmaker, requester=_requester(user), unit_query=request.unit_query,
            period=period or request.period, today=services.today(),
            opened_before=services.now(), delar_end_month=_delar_end(services), lang=lang,
            unit_id=unit_id)
    except DocumentRefused as refused:
        return t(lang, refused.key, **refused.params)
    chosen = fmt or request.fmt
    expires = services.now() + timedelta(minutes=link_minutes(services.settings))
    token = sign_grant(DownloadGrant(user.person_id, resolved.period, (resolved.unit_id,),
                                     expires), signing_secret(services.settings))
    url = (f"{public_base_url(services.settings)}{DOCUMENT_PATH}?token={quote(token)}"
           f"&format={chosen}")
    local = expires.astimezone(services.tz)
    until = format_time(local, lang)
    if local.date() != services.today():
        until = f"{format_date(local.date(), lang)} {until}"
    return t(lang, "document.link", title=resolved.title, unit=resolved.unit_name,
             format=_FORMAT_NAMES[chosen], url=url, until=until)


def read_button(data: object) -> tuple[int, str] | None:
    if not isinstance(data, Mapping):
        return None
    unit, period = card_int(data.get("unit"), minimum=1), data.get("period")
    if unit is None or not isinstance(period, str) or len(period) > 10:
        return None
    return unit, period


def _forbidden() -> web.Response:
    return web.Response(status=403, text="Länken är ogiltig eller har gått ut. / "
                        "The link is invalid or has expired.",
                        headers={"Cache-Control": "no-store"})


def add_document_routes(app: web.Application, services: BotServices) -> None:
    """Serve ``GET /downloads/document?token=…&format=pdf|docx``."""

    async def download(request: web.Request) -> web.StreamResponse:
        grant = verify_grant(request.query.get("token", ""),
                             signing_secret(services.settings), services.now())
        fmt = request.query.get("format", "pdf")
        if grant is None or fmt not in FORMATS or grant.unit_ids is None \
                or len(grant.unit_ids) != 1:
            return _forbidden()
        requester = await download_requester(services.sessionmaker, grant.person_id,
                                             services.settings.admin_aad_ids)
        if requester is None:
            return _forbidden()
        try:
            rendered = await make_document(
                services.analytics, requester=requester, unit_id=grant.unit_ids[0],
                period_code=grant.period, fmt=fmt, today=services.today(), zone=services.tz,
                delar_end_month=_delar_end(services), lang=services.settings.language)
        except DocumentRefused as refused:
            logger.warning("document download refused for person %s: %s", grant.person_id,
                           refused.key)
            return _forbidden()
        return web.Response(
            body=rendered.body, content_type=rendered.mime,
            headers={"Content-Disposition": f'attachment; filename="{rendered.filename}"',
                     "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    app.router.add_get(DOCUMENT_PATH, download)


def setup(services: BotServices) -> Wiring:
    async def on_command(context: TurnContext, _state: TurnState, args: str) -> None:
        await context.send_activity(await document_answer(services, current_user(context),
                                                          args=args))

    async def on_verb(context: TurnContext, _state: TurnState, _verb: str,
                      data: object) -> CardAnswer:
        user = current_user(context)
        parsed = read_button(data)
        if parsed is None:
            text = t(user.lang, "document.bad_action")
        else:
            unit_id, period = parsed
            text = await document_answer(services, user, unit_id=unit_id, period=period)
        # Execute: the link as a message of its own, "sent" in place of the card.
        return CardAnswer(text=text, ack=t(user.lang, "document.action.sent"))

    return Wiring(commands={"document": on_command}, verbs=on_verb)


FEATURE = Feature(
    name="dialogs.document",
    setup=setup,
    commands=(Command("document", sv=("rapport dokument", "rapportdokument", "dokument"),
                      en=("report document", "document")),),
    help=("help.document",),
    verbs=(VERB_DOCUMENT,),
)
