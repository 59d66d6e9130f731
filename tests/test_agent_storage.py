"""The SDK Storage on our database (``SqlAgentStorage``) and the safe state codec.

The storage contract runs on SQLite and, when TEST_POSTGRES_URL is set, PostgreSQL.
The codec tests show that dialog state round-trips and that a row written by someone
else cannot make the bot instantiate or call anything outside the allow-list.
"""

from __future__ import annotations

import builtins
import os
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from microsoft_agents.activity import (
    ActionTypes,
    Activity,
    ActivityTypes,
    CardAction,
)
from microsoft_agents.hosting.core.state.agent_state import CachedAgentState
from microsoft_agents.hosting.core.storage import StoreItem
from microsoft_agents.hosting.dialogs import DialogInstance, DialogState, PromptOptions
from microsoft_agents.hosting.dialogs.choices import Choice, ListStyle
from microsoft_agents.hosting.dialogs.models.dialog_turn_status import DialogTurnStatus
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.agent_storage import MAX_KEY_LENGTH, SqlAgentStorage
from storage.db import make_async_engine, make_sessionmaker
from storage.state_codec import TAG, StateCodecError, decode, encode


class Note(StoreItem):
    """A plain store item, as a feature would define one."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def store_item_to_json(self) -> dict[str, Any]:
        return dict(self.data)

    @staticmethod
    def from_json_to_store_item(json_data: Any) -> Note:
        return Note(dict(json_data))


@pytest.fixture
async def sessionmaker(any_db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_async_engine(any_db_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


@pytest.fixture
def storage(sessionmaker: async_sessionmaker[AsyncSession]) -> SqlAgentStorage:
    return SqlAgentStorage(sessionmaker)


# --------------------------------------------------------------------- storage contract


async def test_missing_keys_read_as_absent(storage: SqlAgentStorage) -> None:
    assert await storage.read(["nobody/here"], target_cls=Note) == {}


async def test_write_then_read_returns_the_items(storage: SqlAgentStorage) -> None:
    await storage.write(
        {
            "msteams/conversations/a:1on1-x": Note({"count": 1, "name": "Åsa Öberg"}),
            "msteams/users/29:x": Note({"nested": {"list": [1, 2.5, None, True]}}),
        }
    )
    items = await storage.read(
        ["msteams/conversations/a:1on1-x", "msteams/users/29:x", "missing"], target_cls=Note
    )
    assert set(items) == {"msteams/conversations/a:1on1-x", "msteams/users/29:x"}
    assert items["msteams/conversations/a:1on1-x"].data == {"count": 1, "name": "Åsa Öberg"}
    assert items["msteams/users/29:x"].data == {"nested": {"list": [1, 2.5, None, True]}}


async def test_overwrite_keeps_only_the_last_value(storage: SqlAgentStorage) -> None:
    await storage.write({"k": Note({"v": 1, "old": "x"})})
    await storage.write({"k": Note({"v": 2})})
    await storage.write({"k": Note({"v": 3})})
    items = await storage.read(["k"], target_cls=Note)
    assert items["k"].data == {"v": 3}


async def test_delete_removes_and_tolerates_missing_keys(storage: SqlAgentStorage) -> None:
    await storage.write({"a": Note({"v": 1}), "b": Note({"v": 2})})
    await storage.delete(["a", "never-written"])
    items = await storage.read(["a", "b"], target_cls=Note)
    assert list(items) == ["b"]


async def test_keys_with_odd_characters_are_kept_apart(storage: SqlAgentStorage) -> None:
    keys = ["x/'; DROP TABLE agent_state; --", "x/%", "x/_", "x/ä ö", "X/%"]
    await storage.write({key: Note({"key": key}) for key in keys})
    items = await storage.read(keys, target_cls=Note)
    assert {k: v.data["key"] for k, v in items.items()} == {k: k for k in keys}
    assert await storage.read(["x/"], target_cls=Note) == {}


@pytest.mark.parametrize(
    "keys", [[], [""], ["ok", ""], ["k" * (MAX_KEY_LENGTH + 1)]], ids=["none", "empty",
                                                                      "one-empty", "too-long"]
)
async def test_invalid_keys_are_refused_on_every_operation(
    storage: SqlAgentStorage, keys: list[str]
) -> None:
    with pytest.raises(ValueError):
        await storage.read(keys, target_cls=Note)
    with pytest.raises(ValueError):
        await storage.delete(keys)
    if keys:
        with pytest.raises(ValueError):
            await storage.write({key: Note({}) for key in keys})
    with pytest.raises(ValueError):
        await storage.write({})


async def test_longest_allowed_key_works(storage: SqlAgentStorage) -> None:
    key = "k" * MAX_KEY_LENGTH
    await storage.write({key: Note({"v": 1})})
    assert (await storage.read([key], target_cls=Note))[key].data == {"v": 1}


async def test_a_value_that_cannot_be_encoded_writes_nothing(storage: SqlAgentStorage) -> None:
    with pytest.raises(StateCodecError):
        await storage.write({"good": Note({"v": 1}), "bad": Note({"v": object()})})
    assert await storage.read(["good", "bad"], target_cls=Note) == {}


async def test_dialog_state_survives_a_new_engine(any_db_url: str) -> None:
    """What a bot restart does: a new engine and storage read the same dialog stack."""
    key = "msteams/conversations/a:1on1-restart"
    engine = make_async_engine(any_db_url)
    content: dict[str, Any] = {"dialog_state": _sample_dialog_state(), "counter": 3}
    state = CachedAgentState(content)
    await SqlAgentStorage(make_sessionmaker(engine)).write({key: state})
    await engine.dispose()

    engine = make_async_engine(any_db_url)
    try:
        items = await SqlAgentStorage(make_sessionmaker(engine)).read(
            [key], target_cls=CachedAgentState
        )
    finally:
        await engine.dispose()
    loaded = items[key]
    assert isinstance(loaded, CachedAgentState)
    assert loaded.state["counter"] == 3
    _assert_same_dialog_state(loaded.state["dialog_state"], _sample_dialog_state())


async def test_a_tampered_row_is_refused_on_read(
    storage: SqlAgentStorage, sessionmaker: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spy = _Spy()
    monkeypatch.setattr(os, "system", spy)
    await storage.write({"evil": Note({"v": 1})})
    async with sessionmaker() as session, session.begin():
        await session.execute(
            text("UPDATE agent_state SET data = :data WHERE key = 'evil'"),
            {"data": '{"__type__": "os:system", "attrs": {"command": "touch /tmp/pwned"}}'},
        )
    with pytest.raises(StateCodecError):
        await storage.read(["evil"], target_cls=Note)
    assert spy.calls == []


# --------------------------------------------------------------------------- codec


def _sample_dialog_state() -> DialogState:
    prompt = Activity(type=ActivityTypes.message, text="Hur går det för målet?",
                      input_hint="expectingInput")
    options = PromptOptions(
        prompt=prompt,
        retry_prompt=Activity(type=ActivityTypes.message, text="Välj ett av alternativen."),
        choices=[
            Choice(value="uppfylls", synonyms=["grön", "green"]),
            Choice(
                value="delvis",
                action=CardAction(type=ActionTypes.im_back, title="Delvis", value="delvis"),
            ),
            Choice(value="uppfylls inte"),
        ],
        style=ListStyle.hero_card,
        number_of_attempts=2,
    )
    return DialogState(
        dialog_stack=[
            DialogInstance(
                id="ChoicePrompt",
                state={"options": options, "state": {"attemptCount": 1}},
            ),
            DialogInstance(
                id="report_text.walk",
                state={
                    "options": {"unit_id": 7, "period": "2026-10", "index": 3},
                    "values": {
                        "status": "yellow",
                        "value": 12.5,
                        "analysis": "Text med \"citat\" och radbrytning\nhär",
                        "when": datetime(2026, 11, 4, 9, 30, tzinfo=UTC),
                        "day": date(2026, 11, 6),
                        "turn_status": DialogTurnStatus.Waiting,
                        "user_dict": {TAG: "os:system", "items": [1, 2]},
                    },
                    "stepIndex": 2,
                },
            ),
        ]
    )


def _assert_same_dialog_state(got: object, expected: DialogState) -> None:
    assert isinstance(got, DialogState)
    assert [i.id for i in got.dialog_stack] == [i.id for i in expected.dialog_stack]
    prompt_state, walk_state = (i.state for i in got.dialog_stack)
    options = prompt_state["options"]
    assert isinstance(options, PromptOptions)
    assert isinstance(options.prompt, Activity)
    assert options.prompt.text == "Hur går det för målet?"
    assert options.prompt.input_hint == "expectingInput"
    assert options.retry_prompt is not None
    assert options.retry_prompt.text == "Välj ett av alternativen."
    assert options.choices is not None
    assert [c.value for c in options.choices] == ["uppfylls", "delvis", "uppfylls inte"]
    assert all(isinstance(c, Choice) for c in options.choices)
    assert options.choices[0].synonyms == ["grön", "green"]
    action = options.choices[1].action
    assert isinstance(action, CardAction)
    assert (action.type, action.title, action.value) == ("imBack", "Delvis", "delvis")
    # ListStyle is an IntEnum: it is stored as its number, which compares equal.
    assert options.style == ListStyle.hero_card
    assert options.number_of_attempts == 2
    assert prompt_state["state"] == {"attemptCount": 1}
    assert walk_state == expected.dialog_stack[1].state


def test_dialog_state_round_trips_through_json() -> None:
    import json

    encoded = encode(_sample_dialog_state())
    wire = json.loads(json.dumps(encoded))  # what the JSON column stores
    _assert_same_dialog_state(decode(wire), _sample_dialog_state())


def test_enum_datetime_and_date_keep_their_types() -> None:
    value = {"s": DialogTurnStatus.Complete, "t": datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
             "d": date(2026, 7, 1), "tuple": (1, 2)}
    back = decode(encode(value))
    assert back["s"] is DialogTurnStatus.Complete
    assert back["t"] == datetime(2026, 1, 2, 3, 4, tzinfo=UTC) and back["t"].tzinfo is not None
    assert type(back["d"]) is date and back["d"] == date(2026, 7, 1)
    assert back["tuple"] == [1, 2]


def test_a_user_dict_that_looks_like_a_tag_stays_data() -> None:
    data = {TAG: "subprocess:Popen", "attrs": {"args": ["rm", "-rf", "/"]}}
    assert decode(encode(data)) == data


@pytest.mark.parametrize(
    "value",
    [object(), {1: "non-string key"}, {"f": len}, subprocess.CompletedProcess([], 0)],
    ids=["object", "int-key", "function", "foreign-class"],
)
def test_values_outside_the_allow_list_cannot_be_stored(value: object) -> None:
    with pytest.raises(StateCodecError):
        encode(value)


class _Spy:
    def __init__(self) -> None:
        self.calls: list[tuple[object, ...]] = []

    def __call__(self, *args: object, **kwargs: object) -> None:
        self.calls.append(args)


@pytest.mark.parametrize("form", ["attrs", "fields", "model", "enum"])
@pytest.mark.parametrize(
    "tag,owner,attr",
    [("os:system", os, "system"), ("subprocess:Popen", subprocess, "Popen"),
     ("builtins:eval", builtins, "eval"), ("builtins:exec", builtins, "exec"),
     ("posix:system", os, "system")],
)
def test_tags_naming_classes_outside_the_allow_list_are_refused_and_never_called(
    tag: str, owner: object, attr: str, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy()
    monkeypatch.setattr(owner, attr, spy)
    payload: dict[str, Any] = {TAG: tag, form: {"args": ["touch", "/tmp/pwned"]}}
    with pytest.raises(StateCodecError):
        decode(payload)
    # Nested deep inside legitimate dialog state, too.
    nested = encode(DialogState([DialogInstance(id="x", state={"values": {"ok": 1}})]))
    nested["fields"]["dialog_stack"][0]["fields"]["state"]["values"]["evil"] = payload
    with pytest.raises(StateCodecError):
        decode(nested)
    assert spy.calls == []


@pytest.mark.parametrize(
    "tag",
    [
        "microsoft_agents.hosting.dialogs:DialogExtensions.run_dialog",  # a function
        "microsoft_agents.hosting.dialogs:DialogState.__init__",  # a function via a class
        "dialogs:FEATURE_MODULES",  # not even a class (module prefix "dialogs" alone)
        "microsoft_agents.hosting.dialogs",  # no class at all
        "microsoft_agents.hosting.dialogs:NoSuchClass",
    ],
)
def test_tags_that_are_not_allowed_classes_are_refused(tag: str) -> None:
    with pytest.raises(StateCodecError):
        decode({TAG: tag, "attrs": {}})


@pytest.mark.parametrize(
    "tag",
    [
        "microsoft_agents.hosting.core.connector.client.connector_client:ClientSession",
        "microsoft_agents.activity.activity:logging.Logger",
        "microsoft_agents.no_such_module:Thing",
    ],
    ids=["reexported-aiohttp", "reexported-logging", "unknown-module"],
)
def test_classes_reached_through_an_allowed_module_are_refused(tag: str) -> None:
    with pytest.raises(StateCodecError):
        decode({TAG: tag, "attrs": {"x": 1}})
