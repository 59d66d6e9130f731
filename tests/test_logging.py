"""Structured JSON logs with a request id on every line; no secrets or personal data."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from logging_setup import configure_logging
from testing.fake_login import FakeBotFrameworkLogin
from testing.harness import ALEX, BotHarness, Reply, make_settings
from testing.production_mode import (
    BOT_APP_ID,
    CLIENT_SECRET,
    OUTBOUND_TOKEN,
    PRODUCTION_ENV,
    fake_entra_tokens,
    trust_fake_login,
)
from tests.conftest import fixed_clock

ROOT = Path(__file__).resolve().parent.parent
SECRET_TEXT = "Mitt personnummer är 19121212-1212 och budgeten för Solrosen spräcks"
CARD_TEXT = "Analysen: personalen på Solrosen mår dåligt"
TOUCHED_LOGGERS = ("", "microsoft_agents", "microsoft_agents.activity", "aiohttp.access",
                   "microsoft_agents.hosting.core.connector.client.user_token_client")


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """``configure_logging`` as ``bot.main`` calls it, writing into a buffer; restored after."""
    saved_handlers = logging.getLogger().handlers[:]
    saved_levels = {name: logging.getLogger(name).level for name in TOUCHED_LOGGERS}
    buffer = io.StringIO()
    configure_logging("INFO")
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    try:
        yield buffer
    finally:
        logging.getLogger().handlers[:] = saved_handlers
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
async def prod_bot(demo_url: str, monkeypatch: pytest.MonkeyPatch
                   ) -> AsyncIterator[tuple[BotHarness, FakeBotFrameworkLogin]]:
    fake_entra_tokens(monkeypatch)
    async with FakeBotFrameworkLogin() as login:
        trust_fake_login(login, monkeypatch)
        settings = make_settings(demo_url, **PRODUCTION_ENV)
        async with BotHarness(settings, clock=fixed_clock()) as bot:
            yield bot, login


def _lines(buffer: io.StringIO, start: int) -> list[dict[str, str]]:
    raw = buffer.getvalue()[start:].splitlines()
    out = []
    for line in raw:
        record = json.loads(line)  # every line is one JSON object
        assert {"ts", "level", "logger", "msg", "request_id"} <= set(record)
        out.append(record)
    return out


async def test_a_turns_logs_carry_its_request_id_and_no_personal_data(
    prod_bot: tuple[BotHarness, FakeBotFrameworkLogin], json_log: io.StringIO
) -> None:
    bot, login = prod_bot
    token = login.token(BOT_APP_ID, service_url=bot.connector.url)
    auth = {"Authorization": f"Bearer {token}"}
    turns = [
        ("install", bot.activity(ALEX, type="conversationUpdate",
                                 membersAdded=[{"id": ALEX.id}]), auth),
        ("help", bot.activity(ALEX, text="hjälp"), auth),
        ("whoami", bot.activity(ALEX, text="vem är jag"), auth),
        ("free text", bot.activity(ALEX, text=SECRET_TEXT), auth),
        ("report", bot.activity(ALEX, text="rapportera"), auth),
        ("card", bot.activity(ALEX, value={"verb": "report.save", "g1.result": CARD_TEXT}), auth),
        ("invalid", {**bot.activity(ALEX, text=SECRET_TEXT), "timestamp": ["not", "a", "date"]},
         auth),
        ("bad token", bot.activity(ALEX, text=SECRET_TEXT),
         {"Authorization": f"Bearer {token[:-6]}AAAAAA"}),
    ]
    replies: dict[str, Reply] = {}
    all_lines: list[dict[str, str]] = []
    for n, (name, activity, headers) in enumerate(turns):
        request_id = f"req-{n}-{name.replace(' ', '-')}"
        start = len(json_log.getvalue())
        replies[name] = await bot.post(activity, headers={**headers, "X-Request-Id": request_id})
        lines = _lines(json_log, start)
        own = [r for r in lines if not r["logger"].startswith(("testing", "aiohttp"))]
        assert own, f"{name}: nothing logged"
        assert all(r["request_id"] == request_id for r in own), (name, own)
        all_lines += lines

    # The turns did run: the bot answered with the user's data in the chat ...
    assert "Alex Wilber" in replies["install"].text
    assert "alexw@example.com" in replies["whoami"].text
    assert replies["invalid"].status == 400 and replies["bad token"].status == 401
    # ... which never reaches the log, nor do secrets or tokens.
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in all_lines)
    for forbidden in ("Alex", "Wilber", "alexw@example.com", "19121212-1212", "personnummer",
                      "Solrosen", "vem är jag", CARD_TEXT, CLIENT_SECRET, token[:40],
                      OUTBOUND_TOKEN, ALEX.aad_object_id or "?"):
        assert forbidden not in text, forbidden
    assert {r["level"] for r in all_lines} <= {"INFO", "WARNING"}


async def test_a_forged_request_id_is_replaced(
    prod_bot: tuple[BotHarness, FakeBotFrameworkLogin], json_log: io.StringIO
) -> None:
    bot, _login = prod_bot
    assert bot.http is not None and bot.server is not None
    for sent, kept in (("abc-123", True), ('x" injected\\u2028', False), ("z" * 65, False)):
        async with bot.http.get(bot.server.make_url("/healthz"),
                                headers={"X-Request-Id": sent}) as resp:
            answered = resp.headers["X-Request-Id"]
        assert (answered == sent) is kept
        assert 1 <= len(answered) <= 64


def test_bot_main_writes_json_lines_and_says_which_mode(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTIONS__")}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PORT": "0",
                "SEED_DEMO": "false", "SCHEDULER_ENABLED": "false", "LOG_LEVEL": "INFO",
                "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": ""})
    proc = subprocess.Popen([sys.executable, str(ROOT / "bot.py")], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            if "listening on" in line:
                break
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    records = [json.loads(line) for line in lines]
    assert records and all(r["request_id"] == "-" for r in records)
    assert any("local anonymous mode" in r["msg"] and r["level"] == "WARNING" for r in records)
    assert "listening on" in records[-1]["msg"]


def test_apscheduler_chatter_only_at_debug() -> None:
    # Issue 17 §7: "Running job …" / "executed successfully" every minute were most lines
    # of a day's log at INFO.
    import logging as std_logging

    from logging_setup import configure_logging

    root = std_logging.getLogger()
    saved = (root.handlers[:], root.level)
    aps = std_logging.getLogger("apscheduler")
    try:
        configure_logging("INFO")
        assert not aps.isEnabledFor(std_logging.INFO)
        assert aps.isEnabledFor(std_logging.WARNING)
        aps.setLevel(std_logging.NOTSET)
        configure_logging("DEBUG")
        assert aps.isEnabledFor(std_logging.INFO)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        aps.setLevel(std_logging.NOTSET)
