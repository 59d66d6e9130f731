"""``rapport dokument`` and **Skapa rapport**: a signed link to the leader's document."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from docx import Document
from pypdf import PdfReader

from bot_services import BotServices
from cards.summary import VERB_DOCUMENT
from dialogs.document import DOCUMENT_PATH, add_document_routes
from dialogs.export import DownloadGrant, sign_grant
from storage.db import make_async_engine, make_sessionmaker
from testing.document_fixtures import DocumentOrg, seed_document_org
from testing.harness import ADELE, ALEX, STRANGER, BotHarness, make_settings
from tests.conftest import DEMO_NOW

SECRET = "a-test-secret-that-is-long-enough"
BASE = "https://malbot.example.se"


@dataclass
class Env:
    bot: BotHarness
    http: ClientSession
    server: TestServer
    clock: list[datetime]
    org: DocumentOrg

    async def get(self, link: str) -> tuple[int, bytes, dict[str, str]]:
        query = parse_qs(urlsplit(link).query)
        params = {k: v[0] for k, v in query.items()}
        async with self.http.get(self.server.make_url(urlsplit(link).path),
                                 params=params) as resp:
            return resp.status, await resp.read(), dict(resp.headers)


@pytest.fixture
async def env(sqlite_url: str) -> AsyncIterator[Env]:
    org = seed_document_org(sqlite_url)
    clock = [DEMO_NOW]
    settings = make_settings(sqlite_url, DOWNLOAD_SECRET=SECRET, PUBLIC_BASE_URL=BASE)
    engine = make_async_engine(sqlite_url)
    services = BotServices(settings=settings, sessionmaker=make_sessionmaker(engine),
                           clock=lambda: clock[0])
    app = web.Application()
    add_document_routes(app, services)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    async with BotHarness(settings, clock=lambda: clock[0]) as bot, ClientSession() as http:
        yield Env(bot, http, server, clock, org)
    await server.close()
    await engine.dispose()


def _link(text: str) -> str:
    match = re.search(r"\]\((https?://[^)]+)\)", text)
    assert match, text
    return match.group(1)


def _pdf_text(body: bytes) -> str:
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    return " ".join(text.replace("\u00a0", " ").split())


async def test_command_gives_a_link_to_the_leaders_subtree(env: Env) -> None:
    reply = await env.bot.send(ALEX, "rapport dokument")
    assert "Månadsrapport oktober 2026" in reply.text and "Socialförvaltningen" in reply.text
    assert "PDF/A" in reply.text and "kl. 11.00" in reply.text
    link = _link(reply.text)
    assert link.startswith(f"{BASE}{DOCUMENT_PATH}?token=") and link.endswith("format=pdf")
    status, body, headers = await env.get(link)
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert 'filename="rapport-SOC-2026-10.pdf"' in headers["Content-Disposition"]
    text = _pdf_text(body)
    assert "Upprättad av Alex Wilber" in text and "92,5 %" in text
    assert "Skolan i Sjövik" not in text


async def test_word_for_a_named_unit_and_tertial(env: Env) -> None:
    reply = await env.bot.send(ALEX, "rapport dokument Hemtjänst Norr 2026-T1 word")
    assert "Tertialrapport 1 2026" in reply.text and "Word" in reply.text
    status, body, headers = await env.get(_link(reply.text))
    assert status == 200 and headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    word = Document(io.BytesIO(body))
    assert word.core_properties.title == "Tertialrapport 1 2026 – Hemtjänst Norr"


async def test_refusals_are_clear(env: Env) -> None:
    assert "bara skapa rapporter för din egen del" in (
        await env.bot.send(ADELE, "rapport dokument Socialförvaltningen")).text
    assert "ingen enhet som heter" in (await env.bot.send(ALEX, "rapport dokument Mars")).text
    assert "ingen period" in (await env.bot.send(ALEX, "rapport dokument 2026-13")).text
    assert "Det finns ingen uppföljning för delår" not in (
        await env.bot.send(ALEX, "rapport dokument 2026-10")).text
    no_delar = await env.bot.send(ALEX, "rapport dokument 2026-D")
    assert "ingen uppföljning för januari–augusti 2026" in no_delar.text
    assert "Jag hittar dig inte" in (await env.bot.send(STRANGER, "rapport dokument")).text


async def test_summary_card_button_sends_the_link(env: Env) -> None:
    summary = await env.bot.send(ALEX, "sammanställning 2026-10")
    card = summary.cards[0]
    actions = [a for a in card.get("actions", []) if a.get("verb") == VERB_DOCUMENT]
    assert [a["title"] for a in actions] == ["Skapa rapport"]
    assert actions[0]["fallback"]["type"] == "Action.Submit"
    data = actions[0]["data"]
    reply = await env.bot.execute(ALEX, VERB_DOCUMENT, data)
    assert reply.body["value"] == "Länken till rapporten kommer i chatten."
    status, _body, _headers = await env.get(_link(reply.text))
    assert status == 200
    fallback = await env.bot.submit(ALEX, actions[0]["fallback"]["data"])
    assert _link(fallback.text).startswith(f"{BASE}{DOCUMENT_PATH}")
    # someone else's button data gets no link to that subtree
    denied = await env.bot.execute(ADELE, VERB_DOCUMENT, data)
    assert "bara skapa rapporter" in denied.text and "](" not in denied.text


async def test_download_rechecks_signature_expiry_and_rights(env: Env) -> None:
    link = _link((await env.bot.send(ALEX, "rapport dokument")).text)
    tampered = link.replace("token=", "token=x")
    assert (await env.get(tampered))[0] == 403
    assert (await env.get(link.replace("format=pdf", "format=exe")))[0] == 403
    # a self-made grant for another unit, signed with the right secret, still needs rights
    forged = sign_grant(DownloadGrant(env.org.people["adele"], "2026-10",
                                      (env.org.units["SOC"],), DEMO_NOW + timedelta(hours=1)),
                        SECRET.encode())
    assert (await env.get(f"{BASE}{DOCUMENT_PATH}?token={forged}&format=pdf"))[0] == 403
    env.clock[0] = DEMO_NOW + timedelta(minutes=31)
    assert (await env.get(link))[0] == 403
