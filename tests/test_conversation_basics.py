"""Greeting, help, identity and bad input through the real HTTP endpoint."""

from __future__ import annotations

from sqlalchemy import create_engine, func, select

from storage.db import sync_url
from storage.models import ConversationRef
from testing.harness import ADELE, ALEX, MEGAN, STRANGER, BotHarness, ChatUser


async def test_help_answers_in_swedish_at_the_service_url(bot: BotHarness) -> None:
    reply = await bot.send(STRANGER, "hjälp")
    assert reply.status in (200, 202)
    assert len(reply.activities) == 1
    record = reply.activities[0]
    assert record.conversation_id == bot.conversation_id(STRANGER)
    assert record.path.startswith(f"/v3/conversations/{record.conversation_id}/activities/")
    assert "Det här kan Målbot" in reply.text
    assert "rapportera" in reply.text and "sammanställning" in reply.text


async def test_help_in_english_for_english_locale(bot: BotHarness) -> None:
    user = ChatUser("Eve English", "99999999-0000-0000-0000-000000000001", locale="en-US")
    reply = await bot.send(user, "help")
    assert "What Målbot can do" in reply.text


async def test_unknown_text_gets_a_hint_not_silence(bot: BotHarness) -> None:
    reply = await bot.send(STRANGER, "vad är klockan?")
    assert "förstod jag inte" in reply.text
    assert "hjälp" in reply.text


async def test_unregistered_user_is_told_who_to_ask(bot: BotHarness) -> None:
    reply = await bot.send(STRANGER, "vem är jag")
    assert "inte registrerad" in reply.text
    assert "administratör" in reply.text


async def test_install_greets_the_user(bot: BotHarness) -> None:
    reply = await bot.install(STRANGER)
    assert reply.status in (200, 202)
    assert any("Jag är Målbot" in t for t in reply.texts)


async def test_conversation_reference_is_stored_and_refreshed(bot: BotHarness) -> None:
    await bot.send(STRANGER, "hjälp")
    await bot.send(STRANGER, "hjälp")
    engine = create_engine(sync_url(bot.settings.database_url))
    with engine.connect() as conn:
        rows = conn.execute(select(ConversationRef)).all()
        count = conn.execute(select(func.count()).select_from(ConversationRef)).scalar_one()
    engine.dispose()
    assert count == 1
    assert rows[0].conversation_id == bot.conversation_id(STRANGER)
    assert rows[0].service_url == bot.connector.url


async def test_demo_manager_sees_their_units(demo_bot: BotHarness) -> None:
    reply = await demo_bot.send(ADELE, "mina enheter")
    assert "Adele Vance" in reply.text
    assert "Du är chef för" in reply.text
    reply = await demo_bot.send(ALEX, "vem är jag")
    assert "förvaltning" in reply.text
    assert "sammanställningar" in reply.text  # a leader
    reply = await demo_bot.send(MEGAN, "Vem är jag?")
    assert "Sjöviks kommun" in reply.text or "kommun" in reply.text


async def test_install_announced_twice_greets_once(bot: BotHarness) -> None:
    first = await bot.post(bot.activity(STRANGER, type="installationUpdate", action="add"))
    second = await bot.install(STRANGER)
    greetings = [t for t in first.texts + second.texts if "Jag är Målbot" in t]
    assert len(greetings) == 1


async def test_install_announced_twice_at_the_same_moment_greets_once(bot: BotHarness) -> None:
    # Issue 17 §8: the Playground sends installationUpdate and conversationUpdate together;
    # both turns loaded the conversation state before either saved the flag.
    import asyncio

    before = len(bot.connector.records)
    await asyncio.gather(
        bot.post(bot.activity(STRANGER, type="installationUpdate", action="add")),
        bot.install(STRANGER),
    )
    posted = [str(r.body.get("text") or "") for r in bot.connector.records[before:]]
    assert sum("Jag är Målbot" in text for text in posted) == 1
