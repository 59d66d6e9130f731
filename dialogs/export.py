"""``exportera [2026-10]``: a time-limited, signed link to the period's results as Excel.

The bot answers with a link to ``GET /downloads/results?token=…`` (served by this same
bot, see :func:`add_download_routes`). The token is ``base64url(json).base64url(hmac)``
signed with HMAC-SHA256 under ``DOWNLOAD_SECRET``; it names the person, the period, the
units (the top-most units they manage, or the whole kommun for an admin) and an expiry
(``DOWNLOAD_LINK_MINUTES``, default 30). On download the signature, the expiry and the
person's rights *today* are checked again, so a link stops working when someone leaves
their post. Anything wrong → 403 with no detail.

Without ``DOWNLOAD_SECRET`` a random secret is made per process (with a warning): links
then break on restart and do not work across several instances.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from aiohttp import web
from microsoft_agents.hosting.core import TurnContext, TurnState

from bot_services import BotServices
from config import Settings
from dialogs.context import current_user
from dialogs.features import Command, Feature, Wiring
from followup.calendar import parse_period
from followup.period import Period
from followup.sv_format import format_date, format_period, format_time
from i18n import t
from services.exports import export_period, export_tables_in_scope

logger = logging.getLogger(__name__)

DOWNLOAD_PATH = "/downloads/results"
DEFAULT_LINK_MINUTES = 30
ALL_UNITS = "all"

_secrets: dict[str, bytes] = {}


def signing_secret(settings: Settings) -> bytes:
    """``DOWNLOAD_SECRET``, or a random secret made once per process (with a warning)."""
    if settings.download_secret:
        return settings.download_secret.encode("utf-8")
    if "process" not in _secrets:
        _secrets["process"] = secrets.token_bytes(32)
        logger.warning(
            "DOWNLOAD_SECRET is not set: download links are signed with a random secret of "
            "this process and stop working when the bot restarts"
        )
    return _secrets["process"]


def link_minutes(settings: Settings) -> int:
    raw = str(settings.env.get("DOWNLOAD_LINK_MINUTES", "") or "").strip()
    if not raw:
        return DEFAULT_LINK_MINUTES
    try:
        minutes = int(raw)
    except ValueError:
        logger.warning("DOWNLOAD_LINK_MINUTES is not a whole number: %r", raw)
        return DEFAULT_LINK_MINUTES
    return max(1, min(minutes, 24 * 60))


def public_base_url(settings: Settings) -> str:
    return settings.public_base_url or f"http://{settings.host}:{settings.port}"


@dataclass(frozen=True)
class DownloadGrant:
    person_id: int
    period: str
    unit_ids: tuple[int, ...] | None  # None = everything (admin)
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_grant(grant: DownloadGrant, secret: bytes) -> str:
    payload = {
        "v": 1,
        "p": grant.person_id,
        "per": grant.period,
        "u": ALL_UNITS if grant.unit_ids is None else list(grant.unit_ids),
        "exp": int(grant.expires_at.timestamp()),
    }
    body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    mac = hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def verify_grant(token: str, secret: bytes, now: datetime) -> DownloadGrant | None:
    """The grant of a valid, unexpired token; None for anything else."""
    if not token or token.count(".") != 1 or len(token) > 4096:
        return None
    body, _, signature = token.partition(".")
    expected = hmac.new(secret, body.encode("ascii", "replace"), hashlib.sha256).digest()
    try:
        given = _unb64(signature)
        payload = json.loads(_unb64(body))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not hmac.compare_digest(expected, given) or not isinstance(payload, dict):
        return None
    try:
        expires = datetime.fromtimestamp(int(payload["exp"]), UTC)
        person_id = int(payload["p"])
        period = str(payload["per"])
        Period.parse(period)  # a month, tertial, delår or year code
        units = payload["u"]
        unit_ids = None if units == ALL_UNITS else tuple(int(u) for u in units)
    except (KeyError, TypeError, ValueError):
        return None
    if payload.get("v") != 1 or expires <= now:
        return None
    return DownloadGrant(person_id, period, unit_ids, expires)


async def export_answer(services: BotServices, *, person_id: int | None, is_admin: bool,
                        lang: str, args: str) -> str:
    """The reply to ``exportera [period]``: a download link, or why not."""
    if person_id is None:
        return t(lang, "error.not_registered")
    requested = args.strip()
    if requested:
        try:
            parse_period(requested)
            requested = Period.parse(requested).code  # 2026-t1 -> 2026-T1
        except ValueError:
            return t(lang, "export.bad_period")
    today = services.today()
    tree, period = await export_period(services.sessionmaker, requested or None,
                                       services.now(), services.calendar)
    if period is None:
        return t(lang, "export.no_period")
    managed = tree.units_managed(person_id, today)
    managed_ids = {u.id for u in managed}
    roots = [u for u in managed if not any(a.id in managed_ids for a in tree.ancestors(u.id))]
    if is_admin:
        unit_ids: tuple[int, ...] | None = None
        scope = t(lang, "export.scope_all")
    elif roots:
        unit_ids = tuple(sorted(u.id for u in roots))
        scope = ", ".join(u.name for u in roots)
    else:
        return t(lang, "export.not_allowed")
    minutes = link_minutes(services.settings)
    expires = services.now() + timedelta(minutes=minutes)
    token = sign_grant(DownloadGrant(person_id, period, unit_ids, expires),
                       signing_secret(services.settings))
    url = f"{public_base_url(services.settings)}{DOWNLOAD_PATH}?token={quote(token)}"
    local = expires.astimezone(services.tz)
    until = format_time(local, lang)
    if local.date() != today:
        until = f"{format_date(local.date(), lang)} {until}"
    return t(lang, "export.link", period=format_period(period, lang), scope=scope, url=url,
             until=until, minutes=minutes)


def _forbidden() -> web.Response:
    return web.Response(status=403, text="Länken är ogiltig eller har gått ut. / "
                        "The link is invalid or has expired.",
                        headers={"Cache-Control": "no-store"})


def add_download_routes(app: web.Application, services: BotServices) -> None:
    """Serve ``GET /downloads/results?token=…`` (add this in ``bot.create_app``)."""
    from services.exporting import XLSX_MIME, xlsx_bytes

    async def download(request: web.Request) -> web.StreamResponse:
        grant = verify_grant(request.query.get("token", ""),
                             signing_secret(services.settings), services.now())
        if grant is None:
            return _forbidden()
        lang = services.settings.language
        found = await export_tables_in_scope(
            services.sessionmaker, person_id=grant.person_id, unit_ids=grant.unit_ids,
            period=grant.period, today=services.today(),
            admin_aad_ids=services.settings.admin_aad_ids, lang=lang, zone=services.tz)
        if found is None:
            logger.warning("download refused: person %s no longer covers the units",
                           grant.person_id)
            return _forbidden()
        results = found.results
        tables = found.sheets()
        body = xlsx_bytes(*tables)
        logger.info("download of %s for person %s (%d rows)", grant.period, grant.person_id,
                    len(results.rows))
        filename = f"malbot-resultat-{grant.period}.xlsx"
        return web.Response(
            body=body,
            content_type=XLSX_MIME,
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    app.router.add_get(DOWNLOAD_PATH, download)


def setup(services: BotServices) -> Wiring:
    async def on_export(context: TurnContext, _state: TurnState, args: str) -> None:
        user = current_user(context)
        text = await export_answer(services, person_id=user.person_id,
                                   is_admin=user.is_admin, lang=user.lang, args=args)
        await context.send_activity(text)

    return Wiring(commands={"export": on_export})


FEATURE = Feature(
    name="dialogs.export",
    setup=setup,
    commands=(Command("export", sv=("exportera",), en=("export",)),),
    help=("help.export",),
)


def token_from_url(url: str) -> Mapping[str, Any]:
    """Split a download URL into path and token (for tests and support)."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    return {"path": parts.path, "token": parse_qs(parts.query).get("token", [""])[0]}
