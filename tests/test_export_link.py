"""``exportera``: a signed, time-limited download link for the leader's subtree."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from openpyxl import load_workbook
from sqlalchemy import create_engine, update

from bot_services import BotServices
from config import load_settings
from dialogs.export import (
    DOWNLOAD_PATH,
    DownloadGrant,
    _b64,
    _unb64,
    add_download_routes,
    sign_grant,
    signing_secret,
    token_from_url,
    verify_grant,
)
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.models import ManagerAssignment
from testing.decision_fixtures import ADMIN_AAD, DecisionOrg, seed_decision_org
from testing.harness import ADELE, ALEX, STRANGER, BotHarness, ChatUser, make_settings
from tests.conftest import DEMO_NOW

ADMIN = ChatUser("Ada Admin", ADMIN_AAD)
SECRET = "a-test-secret-that-is-long-enough"
BASE = "https://malbot.example.se"


@dataclass
class Env:
    bot: BotHarness
    http: ClientSession
    server: TestServer
    clock: list[datetime]
    org: DecisionOrg
    url: str

    async def download(self, token: str) -> tuple[int, bytes, dict[str, str]]:
        async with self.http.get(self.server.make_url(DOWNLOAD_PATH),
                                 params={"token": token}) as resp:
            return resp.status, await resp.read(), dict(resp.headers)


@pytest.fixture
async def env(sqlite_url: str) -> AsyncIterator[Env]:
    org = seed_decision_org(sqlite_url)
    clock = [DEMO_NOW]
    settings = make_settings(sqlite_url, DOWNLOAD_SECRET=SECRET, PUBLIC_BASE_URL=BASE)
    # The chat side runs in the real bot; the download route in an app of its own with
    # the same settings and clock (bot.create_app adds it once wired).
    engine = make_async_engine(sqlite_url)
    services = BotServices(settings=settings, sessionmaker=make_sessionmaker(engine),
                           clock=lambda: clock[0])
    app = web.Application()
    add_download_routes(app, services)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    async with BotHarness(settings, clock=lambda: clock[0]) as bot, ClientSession() as http:
        yield Env(bot, http, server, clock, org, sqlite_url)
    await server.close()
    await engine.dispose()


def _link(text: str) -> str:
    match = re.search(r"\]\((https?://[^)]+)\)", text)
    assert match, text
    return match.group(1)


def _rows(body: bytes, sheet: int = 0) -> list[dict[str, Any]]:
    book = load_workbook(io.BytesIO(body))
    ws = book.worksheets[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


async def test_leader_gets_a_link_to_their_subtree(env: Env) -> None:
    reply = await env.bot.send(ALEX, "exportera 2026-10")
    assert "oktober 2026" in reply.text and "Socialförvaltningen" in reply.text
    assert "kl. 11.00" in reply.text  # 09:30 UTC = 10:30 local, valid 30 minutes
    # Issue 17 §8: the link works for anyone holding it, and the text says so.
    assert "Länken gäller i 30 minuter (till kl. 11.00); dela den inte" in reply.text
    link = _link(reply.text)
    assert link.startswith(f"{BASE}{DOWNLOAD_PATH}?token=")
    parts = token_from_url(link)
    status, body, headers = await env.download(parts["token"])
    assert status == 200
    assert headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="malbot-resultat-2026-10.xlsx"' in headers["Content-Disposition"]
    results = _rows(body)
    assert {r["Enhetskod"] for r in results} == {"SOC", "HEM-N", "HEM-S"}
    hem_n = {r["Målreferens"]: r for r in results if r["Enhetskod"] == "HEM-N"}
    assert hem_n["G-HEM-N-1"]["Status"] == "Uppfylls"
    assert hem_n["G-HEM-N-1"]["Utfall"] == 92.5
    assert hem_n["G-HEM-N-1"]["Rapporterad av"] == "Adele Vance"
    assert hem_n["G-HEM-N-2"]["Status"] == "Uppfylls delvis"
    assert hem_n["G-HEM-N-1"]["Enhet"] == "Sjöviks kommun › Socialförvaltningen › Hemtjänst Norr"
    decisions = _rows(body, 1)
    assert {d["Diarienummer"] for d in decisions} == {
        "KS 2026/10", "KS 2026/11", "KF 2025/5", "KS 2026/20", "KF 2026/3"}


async def test_default_period_and_unit_manager(env: Env) -> None:
    reply = await env.bot.send(ADELE, "exportera")
    assert "oktober 2026" in reply.text and "Hemtjänst Norr" in reply.text
    status, body, _ = await env.download(token_from_url(_link(reply.text))["token"])
    assert status == 200
    assert {r["Enhetskod"] for r in _rows(body)} == {"HEM-N"}


async def test_admin_gets_everything(env: Env) -> None:
    reply = await env.bot.send(ADMIN, "exportera 2026-10")
    assert "hela kommunen" in reply.text
    status, body, _ = await env.download(token_from_url(_link(reply.text))["token"])
    assert status == 200
    assert {"KOMMUN", "BUF", "SKOLA", "HEM-N"} <= {r["Enhetskod"] for r in _rows(body)}


async def test_bad_input_and_strangers(env: Env) -> None:
    assert "ÅÅÅÅ-MM" in (await env.bot.send(ALEX, "exportera oktober")).text
    assert "Jag hittar dig inte" in (await env.bot.send(STRANGER, "exportera")).text


async def test_expired_link_is_refused(env: Env) -> None:
    reply = await env.bot.send(ALEX, "exportera 2026-10")
    token = token_from_url(_link(reply.text))["token"]
    env.clock[0] = DEMO_NOW + timedelta(minutes=29)
    assert (await env.download(token))[0] == 200
    env.clock[0] = DEMO_NOW + timedelta(minutes=31)
    status, body, _ = await env.download(token)
    assert status == 403 and b"PK" not in body[:2]


async def test_tampered_link_is_refused(env: Env) -> None:
    reply = await env.bot.send(ALEX, "exportera 2026-10")
    token = token_from_url(_link(reply.text))["token"]
    body, _, signature = token.partition(".")
    payload = json.loads(_unb64(body))
    # widen the scope to the whole kommun, keep the old signature
    payload["u"] = [env.org.units["KOMMUN"]]
    forged = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    assert (await env.download(f"{forged}.{signature}"))[0] == 403
    assert (await env.download(f"{body}.{signature[:-2]}xx"))[0] == 403
    assert (await env.download("not-a-token"))[0] == 403
    assert (await env.download(""))[0] == 403
    # a correctly signed token for a subtree Alex does not lead is refused too
    other = sign_grant(DownloadGrant(env.org.people["alex"], "2026-10",
                                     (env.org.units["BUF"],), DEMO_NOW + timedelta(minutes=5)),
                       SECRET.encode())
    assert (await env.download(other))[0] == 403


async def test_link_dies_when_the_leader_leaves(env: Env) -> None:
    reply = await env.bot.send(ALEX, "exportera 2026-10")
    token = token_from_url(_link(reply.text))["token"]
    engine = create_engine(sync_url(env.url))
    with engine.begin() as conn:
        conn.execute(update(ManagerAssignment)
                     .where(ManagerAssignment.person_id == env.org.people["alex"])
                     .values(valid_to=date(2026, 11, 1)))
    engine.dispose()
    assert (await env.download(token))[0] == 403


def test_random_secret_without_configuration(caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings({"DATABASE_URL": "sqlite:///x.db"}, dotenv=False)
    with caplog.at_level(logging.WARNING):
        secret = signing_secret(settings)
    assert len(secret) == 32 and signing_secret(settings) == secret
    grant = DownloadGrant(1, "2026-10", (2,), DEMO_NOW + timedelta(minutes=1))
    token = sign_grant(grant, secret)
    assert verify_grant(token, secret, DEMO_NOW) == grant
    assert verify_grant(token, b"another secret", DEMO_NOW) is None


async def test_the_bot_itself_serves_the_link(env: Env) -> None:
    """Once bot.create_app calls add_download_routes, the link works on the bot's port."""
    paths = {getattr(r.resource, "canonical", "") for r in env.bot.app.router.routes()}
    if DOWNLOAD_PATH not in paths:
        pytest.skip("bot.create_app does not call dialogs.export.add_download_routes yet")
    reply = await env.bot.send(ALEX, "exportera 2026-10")
    token = token_from_url(_link(reply.text))["token"]
    assert env.bot.server is not None
    async with env.http.get(env.bot.server.make_url(DOWNLOAD_PATH),
                            params={"token": token}) as resp:
        assert resp.status == 200
        assert {r["Enhetskod"] for r in _rows(await resp.read())} == {"SOC", "HEM-N", "HEM-S"}
    async with env.http.get(env.bot.server.make_url(DOWNLOAD_PATH),
                            params={"token": token + "x"}) as resp:
        assert resp.status == 403
