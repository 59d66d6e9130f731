"""One round trip for a turn's SDK state: ``SqlAgentStorage.prefetch`` and
``turn_state.PrefetchingTurnState`` (SQLite and, with TEST_POSTGRES_URL,
PostgreSQL). Prefetching is only an optimisation: what a turn reads must be exactly what a
plain read would have returned."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from microsoft_agents.activity import Activity, ChannelAccount, ConversationAccount
from microsoft_agents.hosting.core import TurnContext
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.agent_storage import SqlAgentStorage
from storage.db import make_async_engine, make_sessionmaker
from tests.test_agent_storage import Note
from turn_state import PrefetchingTurnState, sign_in_state_key, turn_state_keys


@pytest.fixture
async def engine(any_db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_async_engine(any_db_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def selects(engine: AsyncEngine) -> list[str]:
    """Every SELECT on agent_state, as the database sees it."""
    seen: list[str] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "agent_state" in statement:
            seen.append(statement)

    return seen


@pytest.fixture
def storage(engine: AsyncEngine) -> SqlAgentStorage:
    return SqlAgentStorage(make_sessionmaker(engine))


async def test_prefetched_keys_are_read_in_one_query_and_served_once(
    storage: SqlAgentStorage, selects: list[str]
) -> None:
    await storage.write({"a": Note({"v": 1}), "b": Note({"v": 2})})
    selects.clear()
    await storage.prefetch(["a", "b", "missing"])
    assert len(selects) == 1
    assert (await storage.read(["a"], target_cls=Note))["a"].data == {"v": 1}
    assert await storage.read(["missing"], target_cls=Note) == {}
    assert (await storage.read(["b"], target_cls=Note))["b"].data == {"v": 2}
    assert len(selects) == 1  # all three answered from the batch
    # served once: a second read of the same key goes to the database again
    assert (await storage.read(["a"], target_cls=Note))["a"].data == {"v": 1}
    assert len(selects) == 2


async def test_a_write_or_delete_through_the_storage_is_never_hidden_by_the_batch(
    storage: SqlAgentStorage,
) -> None:
    await storage.write({"a": Note({"v": 1}), "b": Note({"v": 1})})
    await storage.prefetch(["a", "b"])
    await storage.write({"a": Note({"v": 2})})
    await storage.delete(["b"])
    assert (await storage.read(["a"], target_cls=Note))["a"].data == {"v": 2}
    assert await storage.read(["b"], target_cls=Note) == {}


async def test_a_batch_belongs_to_the_turn_that_read_it(storage: SqlAgentStorage) -> None:
    await storage.write({"k": Note({"v": 1})})

    async def turn_that_prefetches() -> None:
        await storage.prefetch(["k"])

    await asyncio.create_task(turn_that_prefetches())
    await storage.write({"k": Note({"v": 2})})
    # another task's batch (holding v=1) is not visible here
    assert (await storage.read(["k"], target_cls=Note))["k"].data == {"v": 2}


class _NoAdapter:
    """Loading and saving state never sends anything."""


def _context(user_id: str = "29:alex", *, card_action: bool = False) -> TurnContext:
    if card_action:
        activity = Activity.model_validate({"type": "invoke", "channelId": "msteams"})
        activity = activity.model_copy(update=dict(name="adaptiveCard/action",
                                                   value={"action": {}}))
    else:
        activity = Activity.model_validate({"type": "message", "channelId": "msteams",
                                            "text": "hjälp"})
    activity = activity.model_copy(update=dict(
        from_property=ChannelAccount(id=user_id, aad_object_id="aad-alex"),
        recipient=ChannelAccount(id="28:malbot"),
        conversation=ConversationAccount(id="a:1on1-alex"),
        service_url="http://127.0.0.1:1/",
    ))
    return TurnContext(_NoAdapter(), activity)  # type: ignore[arg-type]


async def test_a_turn_loads_conversation_user_and_sign_in_state_with_one_query(
    storage: SqlAgentStorage, selects: list[str]
) -> None:
    context = _context()
    conversation_key, user_key, sign_in_key = turn_state_keys(context, storage)
    assert sign_in_key == sign_in_state_key(context)
    first = PrefetchingTurnState()
    await first.load(context, storage)
    first.conversation.set_value("step", Note({"n": 3}))
    first.user.set_value("lang", Note({"code": "sv"}))
    await first.save(context)

    selects.clear()
    context = _context()
    state = PrefetchingTurnState()
    await state.load(context, storage)
    sign_in = await storage.read([sign_in_key], target_cls=Note)  # as the SDK's auth does
    assert sign_in == {}
    assert len(selects) == 1
    step = state.conversation.get_value("step", target_cls=Note)
    lang = state.user.get_value("lang", target_cls=Note)
    assert isinstance(step, Note) and step.data == {"n": 3}
    assert isinstance(lang, Note) and lang.data == {"code": "sv"}
    assert {conversation_key, user_key} == {"msteams/conversations/a:1on1-alex",
                                            "msteams/users/29:alex"}


async def _remember_state(storage: SqlAgentStorage) -> None:
    first = PrefetchingTurnState()
    await first.load(_context(), storage)
    first.conversation.set_value("step", Note({"n": 3}))
    await first.save(_context())


async def test_a_card_button_turn_reads_and_writes_no_sdk_state(
    storage: SqlAgentStorage, selects: list[str], engine: AsyncEngine
) -> None:
    """Card verbs answer from Målbot's tables: the turn reads no agent_state row, saves
    none, and a handler asking for the conversation state gets a clear error."""
    await _remember_state(storage)
    selects.clear()
    writes: list[str] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "agent_state" in statement and not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement)

    context = _context(card_action=True)
    state = PrefetchingTurnState()
    await state.load(context, storage)
    state.temp.input_files = []  # the temp scope works as usual
    with pytest.raises(ValueError):
        state.conversation.get_value("step", target_cls=Note)
    await state.save(context)
    assert selects == [] and writes == []
    # the next message turn still finds the conversation state as it was
    message = PrefetchingTurnState()
    await message.load(_context(), storage)
    step = message.conversation.get_value("step", target_cls=Note)
    assert isinstance(step, Note) and step.data == {"n": 3}


async def test_without_a_sign_in_handler_the_sign_in_state_costs_no_query(
    engine: AsyncEngine, selects: list[str]
) -> None:
    storage = SqlAgentStorage(make_sessionmaker(engine), sign_in=False)
    await _remember_state(storage)
    context = _context()
    keys = turn_state_keys(context, storage)
    assert sign_in_state_key(context) not in keys and len(keys) == 2
    selects.clear()
    state = PrefetchingTurnState()
    await state.load(context, storage)
    key = sign_in_state_key(context)
    assert key is not None
    assert await storage.read([key], target_cls=Note) == {}  # as the SDK's auth asks
    assert len(selects) == 1  # conversation and user state, together
    # a sign-in flow stored after all (a handler configured at run time) is read back
    await storage.write({key: Note({"flow": "started"})})
    assert (await storage.read([key], target_cls=Note))[key].data == {"flow": "started"}
