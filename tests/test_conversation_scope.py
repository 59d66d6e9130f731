"""Målbot talks about a person only in that person's 1:1 chat (issue 10 §2).

Through the real app over HTTP (BotHarness, fake Bot Connector), with the conversation
shapes Teams sends for a group chat, a meeting chat and a team channel: one short line
pointing to the personal chat, nothing shown (no e-mail, no card), nothing changed (no
report saved, no conversation reference replaced), and a manager's later proactive
prompt still goes to their 1:1 chat.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, select, update

import bot as bot_module
from conversation_scope import ConversationKind, conversation_kind, personal_chat_link
from scheduler.clock import running_clock
from scheduler.delivery import AgentsTransport, DeliveryConfig, DeliveryWorker
from storage import outbox
from storage.db import sync_url
from storage.models import ConversationRef, Person
from testing.conversation_shapes import CHANNEL_ID, SHARED_KINDS, in_conversation
from testing.db_snapshot import DOMAIN_TABLES, TURN_TABLES, table_digests
from testing.harness import ALEX, DEFAULT_TENANT, BotHarness, ChatUser
from tests.conftest import DEMO_NOW
from tests.test_report_flow import fill_green, input_values, start_report

LINK = "https://teams.microsoft.com/l/chat/0/0?users=28:malbot"
KINDS = SHARED_KINDS


def _snapshot(url: str) -> dict[str, str]:
    return table_digests(url, DOMAIN_TABLES + TURN_TABLES)


def _references(url: str) -> list[tuple[str, str]]:
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        rows = conn.execute(select(ConversationRef.user_key, ConversationRef.conversation_id))
        out = [(r[0], r[1]) for r in rows]
    engine.dispose()
    return out


# --------------------------------------------------------------------------- pure rules


@pytest.mark.parametrize(("conversation_type", "is_group", "channel_data", "untyped", "kind"), [
    ("personal", None, None, False, ConversationKind.PERSONAL),
    ("personal", True, None, True, ConversationKind.GROUP_CHAT),
    ("groupChat", True, None, True, ConversationKind.GROUP_CHAT),
    ("channel", True, {"team": {"id": "t"}}, True, ConversationKind.CHANNEL),
    ("groupChat", True, {"meeting": {"id": "m"}}, True, ConversationKind.MEETING),
    (None, None, None, True, ConversationKind.PERSONAL),  # Playground's 1:1 chat
    (None, True, None, True, ConversationKind.GROUP_CHAT),  # Playground's group chat
    (None, None, None, False, ConversationKind.GROUP_CHAT),  # production: must say so
    ("somethingNew", None, None, True, ConversationKind.GROUP_CHAT),
])
def test_conversation_kind(conversation_type: Any, is_group: Any, channel_data: Any,
                           untyped: bool, kind: ConversationKind) -> None:
    assert conversation_kind(conversation_type, is_group, channel_data,
                             untyped_is_personal=untyped) is kind


def test_personal_chat_link_prefers_the_app_id() -> None:
    assert personal_chat_link("1b2c-3d", "28:other") == \
        "https://teams.microsoft.com/l/chat/0/0?users=28:1b2c-3d"
    assert personal_chat_link("", "28:malbot") == LINK
    assert personal_chat_link("", "29:a-user") is None
    assert personal_chat_link("", "28:x&users=29:evil") is None


# --------------------------------------------------------------------------- over HTTP


@pytest.mark.parametrize("kind", KINDS)
async def test_a_command_outside_the_personal_chat_gets_one_line_and_changes_nothing(
    demo_bot: BotHarness, kind: str
) -> None:
    await demo_bot.send(ALEX, "hej")  # the 1:1 chat: reference stored
    url = demo_bot.settings.database_url
    references = _references(url)
    before = _snapshot(url)
    for text in ("vem är jag", "rapportera", "hjälp", "beslut"):
        reply = await demo_bot.post(in_conversation(demo_bot.activity(ALEX, text=text), kind))
        assert reply.status in (200, 202)
        assert len(reply.activities) == 1, reply.texts
        (record,) = reply.activities
        assert record.conversation_id != demo_bot.conversation_id(ALEX)
        assert record.text == ("Målbot arbetar bara i din personliga chatt: "
                               f"[öppna chatten med Målbot]({LINK}).")
        assert record.cards == []
        assert "alexw@example.com" not in str(record.body)
    assert _snapshot(url) == before
    assert _references(url) == references


@pytest.mark.parametrize("kind", KINDS)
async def test_a_report_save_from_a_shared_conversation_is_not_accepted(
    demo_bot: BotHarness, kind: str
) -> None:
    card = await start_report(demo_bot)  # a real step card, from the 1:1 chat
    url = demo_bot.settings.database_url
    before = _snapshot(url)
    save = next(a for a in _actions(card) if a["verb"] == "report.save")
    data = {**save["data"], **input_values(card), **fill_green(card)}

    execute = demo_bot.activity(ALEX, type="invoke", name="adaptiveCard/action",
                                value={"action": {"type": "Action.Execute",
                                                  "verb": "report.save", "data": data},
                                       "trigger": "manual"})
    reply = await demo_bot.post(in_conversation(execute, kind))
    assert reply.status == 200
    assert reply.body["type"] == "application/vnd.microsoft.activity.message"
    assert reply.body["value"] == f"Målbot arbetar bara i din personliga chatt: {LINK}"
    assert reply.activities == []

    submit = demo_bot.activity(ALEX, value={"verb": "report.save", **data})
    reply = await demo_bot.post(in_conversation(submit, kind))
    assert [r.text for r in reply.activities] == [
        f"Målbot arbetar bara i din personliga chatt: [öppna chatten med Målbot]({LINK})."]
    assert _snapshot(url) == before


def _actions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        own = [node] if node.get("type") == "Action.Execute" else []
        return own + [a for v in node.values() for a in _actions(v)]
    if isinstance(node, list):
        return [a for v in node for a in _actions(v)]
    return []


async def test_english_locale_gets_the_line_in_english(demo_bot: BotHarness) -> None:
    english = ChatUser(ALEX.name, ALEX.aad_object_id, locale="en-GB")
    reply = await demo_bot.post(in_conversation(demo_bot.activity(english, text="help"),
                                                "channel"))
    assert [r.text for r in reply.activities] == [
        f"Målbot works only in your personal chat: [open the chat with Målbot]({LINK})."]


@pytest.mark.parametrize("kind", KINDS)
async def test_being_added_to_a_shared_conversation_is_quiet(demo_bot: BotHarness,
                                                             kind: str) -> None:
    url = demo_bot.settings.database_url
    before = _snapshot(url)
    added = demo_bot.activity(ALEX, type="conversationUpdate",
                              membersAdded=[{"id": "28:malbot"}, {"id": ALEX.id}])
    reply = await demo_bot.post(in_conversation(added, kind))
    assert reply.status in (200, 202)
    assert reply.activities == []
    other_invoke = demo_bot.activity(ALEX, type="invoke", name="task/fetch", value={})
    reply = await demo_bot.post(in_conversation(other_invoke, kind))
    assert reply.status == 400
    assert _snapshot(url) == before


async def test_the_playground_1to1_chat_without_a_type_is_personal(demo_bot: BotHarness
                                                                   ) -> None:
    """The Agents Playground sends no conversationType for its personal chat (and
    isGroup for its group chats): in local mode the first is personal, the second not."""
    activity = demo_bot.activity(ALEX, text="vem är jag")
    activity["conversation"] = {"id": "personal-chat-id", "tenantId": DEFAULT_TENANT}
    reply = await demo_bot.post(activity)
    assert "Alex Wilber" in reply.text
    activity = demo_bot.activity(ALEX, text="vem är jag")
    activity["conversation"] = {"id": "group-chat-id", "isGroup": True,
                                "tenantId": DEFAULT_TENANT}
    reply = await demo_bot.post(activity)
    assert reply.text.startswith("Målbot arbetar bara i din personliga chatt")


async def test_the_prompt_after_writing_in_a_channel_goes_to_the_1to1_chat(
    demo_bot: BotHarness
) -> None:
    await demo_bot.send(ALEX, "hej")
    await demo_bot.post(in_conversation(demo_bot.activity(ALEX, text="rapportera"),
                                        "channel"))
    delivered = await _deliver_a_prompt_to_alex(demo_bot)
    assert delivered == [demo_bot.conversation_id(ALEX)]


async def test_a_channel_reference_stored_by_an_older_version_is_never_used(
    demo_bot: BotHarness
) -> None:
    """A row an older version stored from a channel: the outbox does not send there; it
    opens (or finds) the manager's 1:1 chat by their AAD object id instead."""
    await demo_bot.send(ALEX, "hej")
    url = demo_bot.settings.database_url
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        (reference,) = conn.execute(select(ConversationRef.reference)).scalars()
        channel = dict(in_conversation({}, "channel")["conversation"])
        conn.execute(update(ConversationRef).values(
            reference={**reference, "conversation": channel}, conversation_id=CHANNEL_ID))
    engine.dispose()
    delivered = await _deliver_a_prompt_to_alex(demo_bot)
    assert delivered and CHANNEL_ID not in delivered
    assert all(not c.startswith("19:") for c in delivered)


async def _deliver_a_prompt_to_alex(harness: BotHarness) -> list[str]:
    """Queue a prompt for Alex and run the outbox through the app's adapter; the
    conversations the fake connector received it in."""
    from storage.db import make_async_engine, make_sessionmaker

    url = harness.settings.database_url
    engine = make_async_engine(url)
    sm = make_sessionmaker(engine)
    async with sm() as session, session.begin():
        alex = (await session.execute(select(Person.id).where(
            Person.aad_object_id == ALEX.aad_object_id))).scalar_one()
        assert await outbox.enqueue(
            session, kind="prompt", person_id=alex, period="2026-10", unit_id=None,
            payload={"text": "Dags att rapportera."}, not_before=DEMO_NOW, now=DEMO_NOW)
    before = len(harness.connector.records)
    transport = AgentsTransport(harness.app[bot_module.ADAPTER], harness.settings)
    worker = DeliveryWorker(sm, transport, DeliveryConfig(rate_per_s=50, max_attempts=2),
                            calendar=harness.settings.calendar,
                            clock=running_clock(DEMO_NOW))
    try:
        await worker.drain()
    finally:
        await transport.close()
        await engine.dispose()
    return [r.conversation_id for r in harness.connector.records[before:]
            if r.kind == "send"]
