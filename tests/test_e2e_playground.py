"""End to end with a real client: Målbot and the Microsoft 365 Agents Playground.

Both run as processes on loopback: ``bot.py`` (SQLite, the demo kommun) and the Playground
(``node_modules/.bin/agentsplayground``, Teams channel). The tests play Alex Wilber in the
Playground's personal chat through the API its web UI uses:

* install the app (greeting), ``hjälp``, ``rapportera`` and a complete monthly report by
  pressing the card's buttons (Action.Execute invokes, each answered with the next card in
  place) to the receipt - then the database holds the submitted report;
* the monthly prompt delivered proactively: ``python -m admin run open`` queues it, the
  bot's outbox worker (scheduler on) sends it to the Playground's connector, and its button
  opens the report;
* a tenant not on ALLOWED_TENANTS gets no answer at all.

The clock: ``SCHEDULER_NOW`` starts the bot's clock (dialogs and jobs) on Thursday 12
November 2026 10.00, after October's deadline: the scheduler itself queues no prompts then,
so the only prompt Alex gets is the one the admin command queues after he installed the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from storage.db import sync_url
from storage.migrate import upgrade
from testing.adaptive_card_check import iter_actions, text_of
from testing.bot_process import BotProcess, free_port
from testing.playground import (
    PLAYGROUND_CONFIGS,
    ChatMessage,
    PlaygroundClient,
    PlaygroundProcess,
    listening_addresses,
    playground_missing,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(playground_missing() is not None,
                       reason=f"Agents Playground unavailable: {playground_missing()}"),
    pytest.mark.timeout(180),
]

ROOT = Path(__file__).resolve().parent.parent
# Thursday 12 November 2026, 10.00 in Stockholm: October's deadline (6 November) has passed,
# the period is open until the end of November, and it is inside the send window.
NOW = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)
PERIOD = "2026-10"
ALEX_AAD = "00000000-0000-0000-0000-0000000000020"
MEGAN_AAD = "00000000-0000-0000-0000-0000000000021"


@dataclass
class Stack:
    database_url: str
    env: dict[str, str]
    playground: PlaygroundProcess
    logs: Path


def _base_env(database_url: str, bot_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CONNECTIONS__", "PROACTIVE_", "ALLOWED_TENANTS", "ADMIN_AAD"))}
    env.update({
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(bot_port),
        "SEED_DEMO": "true",
        "SCHEDULER_ENABLED": "false",
        "SCHEDULER_NOW": NOW.isoformat(),  # the whole bot's clock (dialogs and jobs)
        "LANGUAGE": "sv",
        "LOG_LEVEL": "INFO",
        "ENVIRONMENT": "development",
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "",
    })
    return env


def _wait_http_ok(url: str, timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer 200 within {timeout} s")


@contextlib.contextmanager
def running_stack(tmp_path: Path, *, config: str | None = None,
                  **env_overrides: str) -> Iterator[Stack]:
    """The demo kommun as it stands on NOW, Målbot on it, and the Playground in front
    (``config``: as ``make playground USER=config``, e.g. ``"megan"``)."""
    from demo.seed import seed_if_empty

    database_url = f"sqlite:///{tmp_path / 'e2e.db'}"
    upgrade(database_url)
    seed_if_empty(database_url, now=NOW)
    bot_port = free_port()
    env = {**_base_env(database_url, bot_port), **env_overrides}
    playground = PlaygroundProcess(
        f"http://127.0.0.1:{bot_port}/api/messages", tmp_path / "playground.log",
        port=free_port(), config=PLAYGROUND_CONFIGS / f"{config}.yml" if config else None)
    bot = BotProcess(env, tmp_path / "bot.log")
    try:
        playground.start(timeout=60)
        bot.start()
        _wait_http_ok(f"http://127.0.0.1:{bot_port}/readyz", timeout=60)
        yield Stack(database_url, env, playground, tmp_path)
    finally:
        bot.stop()
        playground.stop()


def _inputs(card: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input.") and "id" in node:
                found.append(node)
            for key, value in node.items():
                if key != "fallback":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found


def _answers(card: dict[str, Any]) -> dict[str, str]:
    """What Alex fills in: every goal met, an indicator value, a short analysis."""
    answers: dict[str, str] = {}
    for element in _inputs(card):
        input_id = str(element["id"])
        if element["type"] == "Input.ChoiceSet":
            values = [c.get("value") for c in element.get("choices", [])]
            answers[input_id] = "green" if "green" in values else str(values[0])
        elif input_id.endswith(".value") or element["type"] == "Input.Number":
            answers[input_id] = "75"
        elif element["type"] == "Input.Text":
            answers[input_id] = "Arbetet går enligt plan och följs upp varje vecka."
        elif element["type"] == "Input.Toggle" and input_id.endswith(".confirm"):
            answers[input_id] = str(element["valueOn"])  # "Stämmer, spara ändå"
    return answers


def _execute(card: dict[str, Any], verb: str) -> dict[str, Any] | None:
    return next((a for a in iter_actions(card)
                 if a.get("type") == "Action.Execute" and a.get("verb") == verb), None)


ALEX_UNIT_CODE = "BUF"  # Barn- och utbildningsförvaltningen


def _has_verb(verb: str) -> Any:
    return lambda m: any(_execute(card, verb) for card in m.cards)


def _rows(database_url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params))
    finally:
        engine.dispose()


def _no_decisions(card: dict[str, Any]) -> dict[str, Any] | None:
    """The Delegationsbeslut step's "Inga beslut denna månad" button, if shown."""
    return next((a for a in iter_actions(card) if a.get("type") == "Action.Execute"
                 and (a.get("data") or {}).get("mandate_action") == "none"), None)


async def _report_through_cards(client: PlaygroundClient, prompt: ChatMessage
                                ) -> tuple[dict[str, Any], list[str]]:
    """Press the prompt card's buttons like Alex would, to the receipt."""
    card = prompt.cards[0]
    steps: list[str] = []
    for _ in range(15):
        action = next((a for verb in ("report.submit", "report.step", "report.open")
                       if (a := _execute(card, verb)) is not None), None)
        none = _no_decisions(card)  # Alex holds delegation points: "Inga beslut"
        if none is not None and "mandate.none" not in steps:
            response = await client.press(prompt.message_id, str(none["verb"]),
                                          dict(none.get("data") or {}))
            steps.append("mandate.none")
            card = response["value"]
            assert "Noterat: inga beslut på delegation" in text_of(card), text_of(card)
            continue
        if action is None:
            return card, steps
        # the Delegationsbeslut step once answered: Nästa without a decision's inputs
        answers = {} if none is not None else _answers(card)
        data = {**(action.get("data") or {}), **answers}
        response = await client.press(prompt.message_id, str(action["verb"]), data)
        assert response.get("type") == "application/vnd.microsoft.card.adaptive", response
        steps.append(str(action["verb"]))
        card = response["value"]
        assert "Något behöver rättas" not in text_of(card), text_of(card)
    raise AssertionError(f"no receipt after {steps}")


async def _installed(client: PlaygroundClient) -> None:
    """Install the app; Målbot greets Alex by name."""
    await client.install()
    greeting = await client.wait_for(lambda m: "Hej Alex Wilber" in m.text)
    assert "hjälp" in greeting.text


async def test_install_help_and_a_monthly_report_through_the_cards(tmp_path: Path) -> None:
    with running_stack(tmp_path) as stack:
        client = await PlaygroundClient(stack.playground.base_url).connect()
        try:
            assert client.me["aadObjectId"] == ALEX_AAD
            await _installed(client)

            mark = len(client.messages)
            await client.say("hjälp")
            help_message = await client.wait_for(lambda m: "Det här kan Målbot" in m.text,
                                                 after=mark)
            for word in ("rapportera", "sammanställning", "beslut"):
                assert word in help_message.text

            mark = len(client.messages)
            await client.say("rapportera")
            prompt = await client.wait_for(_has_verb("report.open"), after=mark)
            assert "oktober 2026" in text_of(prompt.cards[0])
            receipt, steps = await _report_through_cards(client, prompt)
        finally:
            await client.close()
        assert stack.playground.port is not None
        addresses = listening_addresses(stack.playground.port)

    assert steps[0] == "report.open" and steps[-1] == "report.submit"
    assert "report.step" in steps and "mandate.none" in steps
    assert "Rapporten är inskickad" in text_of(receipt)
    assert "efter sista dag" in text_of(receipt)  # late, and it says so
    unit_id = (_execute(prompt.cards[0], "report.open") or {}).get("data", {}).get("unit")
    reports = _rows(stack.database_url,
                    "SELECT r.status, r.late, p.name FROM unit_reports r "
                    "JOIN reporting_periods rp ON rp.id = r.period_id "
                    "JOIN people p ON p.id = r.submitted_by_id "
                    "WHERE r.unit_id = :unit AND rp.period = :period",
                    unit=unit_id, period=PERIOD)
    assert [(r[0], bool(r[1]), r[2]) for r in reports] == [("submitted", True, "Alex Wilber")]
    results = _rows(stack.database_url,
                    "SELECT g.status FROM goal_results g JOIN reporting_periods rp "
                    "ON rp.id = g.period_id WHERE g.unit_id = :unit AND rp.period = :period",
                    unit=unit_id, period=PERIOD)
    assert results and {r[0] for r in results} == {"green"}
    # The Playground listened on loopback only (tools/loopback-only.cjs).
    assert addresses and addresses <= {"127.0.0.1", "::ffff:127.0.0.1"}, addresses


async def test_monthly_prompt_is_delivered_proactively_to_the_playground(tmp_path: Path) -> None:
    """The admin queues October's prompts; the bot's outbox worker delivers Alex's to the
    Playground's connector, and its button opens the report."""
    with running_stack(tmp_path, SCHEDULER_ENABLED="true") as stack:
        client = await PlaygroundClient(stack.playground.base_url).connect()
        try:
            await _installed(client)
            mark = len(client.messages)
            run = subprocess.run(
                [sys.executable, "-m", "admin", "run", "open", "--period", PERIOD],
                cwd=ROOT, env=stack.env, capture_output=True, text=True, timeout=60)
            assert run.returncode == 0, run.stderr
            assert "Alex Wilber" in run.stdout
            prompt = await _prompt_or_delivery_failure(client, stack, after=mark)
            assert prompt.action == "createMessage"
            assert "oktober 2026" in text_of(prompt.cards[0])
            action = _execute(prompt.cards[0], "report.open")
            assert action is not None
            opened = await client.press(prompt.message_id, "report.open",
                                        dict(action.get("data") or {}))
            assert "Steg 1 av" in text_of(opened["value"])
        finally:
            await client.close()
    # Stopped with SIGTERM while other managers' prompts may still be on their way: what
    # reached the Playground is recorded as sent (in-flight sends finish before shutdown).
    sent = _rows(stack.database_url,
                 "SELECT o.status FROM outbox o JOIN people p ON p.id = o.person_id "
                 "WHERE p.aad_object_id = :aad AND o.kind = 'prompt' AND o.period = :period",
                 aad=ALEX_AAD, period=PERIOD)
    assert [r[0] for r in sent] == ["sent"]
    in_flight = _rows(stack.database_url, "SELECT count(*) FROM outbox WHERE status = 'sending'")
    assert in_flight[0][0] == 0


async def test_make_playground_user_megan_is_the_kommunchef_and_an_administrator(
    tmp_path: Path,
) -> None:
    """Issue 17 §7/§8: ``make playground USER=megan`` (tools/playground/megan.yml): Megan is
    the current user in a fixed personal chat, is greeted once, and may use ``status`` (she
    is the administrator in local mode)."""
    with running_stack(tmp_path, config="megan") as stack:
        client = await PlaygroundClient(stack.playground.base_url).connect()
        try:
            assert client.me["aadObjectId"] == MEGAN_AAD
            assert client.chat_id == "malbot-playground-megan"
            await client.install()
            await client.wait_for(lambda m: "Hej Megan Bowen" in m.text)
            mark = len(client.messages)
            await client.say("status")
            status = await client.wait_for(lambda m: "oktober 2026" in m.text, after=mark)
            assert "bara för administratörer" not in status.text
            await asyncio.sleep(1)  # a second greeting would have arrived by now
            greetings = [m for m in client.messages
                         if m.action == "createMessage" and "Jag är Målbot" in m.text]
            assert len(greetings) == 1
        finally:
            await client.close()


async def test_the_fixed_chat_id_keeps_proactive_delivery_across_a_playground_restart(
    tmp_path: Path,
) -> None:
    """Alex installs, the Playground restarts (same config, same chat id), and the prompt
    ``admin run open --now`` queues still reaches him."""
    with running_stack(tmp_path, config="alex", SCHEDULER_ENABLED="true") as stack:
        client = await PlaygroundClient(stack.playground.base_url).connect()
        try:
            await _installed(client)
        finally:
            await client.close()
        stack.playground.stop()
        stack.playground.start(timeout=60)
        client = await PlaygroundClient(stack.playground.base_url).connect()
        try:
            assert client.chat_id == "malbot-playground-alex"
            run = subprocess.run(
                [sys.executable, "-m", "admin", "run", "open", "--period", PERIOD, "--now"],
                cwd=ROOT, env=stack.env, capture_output=True, text=True, timeout=60)
            assert run.returncode == 0, run.stderr
            prompt = await _prompt_or_delivery_failure(client, stack, after=0)
            assert "oktober 2026" in text_of(prompt.cards[0])
        finally:
            await client.close()


async def _prompt_or_delivery_failure(client: PlaygroundClient, stack: Stack, *, after: int,
                                     timeout: float = 25) -> ChatMessage:
    """Alex's prompt as the Playground shows it; stops early when the outbox gave up."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            # Managers who never wrote to the bot get new 1:1 chats at the same connector,
            # and the stream shows those too: wait for the prompt for Alex's own unit.
            alex_unit = _rows(stack.database_url,
                              "SELECT id FROM org_units WHERE code = :code",
                              code=ALEX_UNIT_CODE)[0][0]

            def for_alex(message: ChatMessage, unit: int = alex_unit) -> bool:
                return any(
                    (_execute(card, "report.open") or {}).get("data", {}).get("unit") == unit
                    for card in message.cards
                )

            return await client.wait_for(for_alex, after=after, timeout=1)
        except TimeoutError:
            rows = _rows(stack.database_url,
                         "SELECT o.status, o.last_error FROM outbox o JOIN people p "
                         "ON p.id = o.person_id WHERE p.aad_object_id = :aad "
                         "AND o.kind = 'prompt' AND o.period = :period",
                         aad=ALEX_AAD, period=PERIOD)
            if any(r[0] in ("failed", "unreachable") for r in rows) or \
                    time.monotonic() > deadline:
                raise AssertionError(f"Alex's prompt did not arrive; outbox: {rows}") from None


async def test_bot_answers_nothing_to_the_playground_when_the_tenant_is_not_allowed(
    tmp_path: Path,
) -> None:
    """The Playground's tenant is not on ALLOWED_TENANTS: the bot refuses, nothing arrives."""
    database_url = f"sqlite:///{tmp_path / 'e2e.db'}"
    bot_port = free_port()
    env = {**_base_env(database_url, bot_port), "SEED_DEMO": "false",
           "ALLOWED_TENANTS": "77777777-8888-4999-aaaa-bbbbbbbbbbbb"}
    playground = PlaygroundProcess(f"http://127.0.0.1:{bot_port}/api/messages",
                                   tmp_path / "playground.log")
    bot = BotProcess(env, tmp_path / "bot.log")
    try:
        playground.start(timeout=60)
        bot.start()
        _wait_http_ok(f"http://127.0.0.1:{bot_port}/readyz", timeout=60)
        client = await PlaygroundClient(playground.base_url).connect()
        try:
            await client.say("hjälp")
            with pytest.raises(TimeoutError):
                await client.wait_for(lambda m: True, timeout=3)
        finally:
            await client.close()
    finally:
        bot.stop()
        playground.stop()
    log = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert "not in ALLOWED_TENANTS" in log and "-> 403" in log


def test_playground_helpers_parse_proc_net() -> None:
    """The loopback check reads /proc/net/tcp{,6}; it must see a socket we open."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert listening_addresses(port) == {"127.0.0.1"}
