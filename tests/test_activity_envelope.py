"""One validation of the activity envelope (issue 10 §3): every field the SDK and Målbot
read - ``from``, ``recipient``, ``conversation``, ``serviceUrl``, ``locale``,
``channelData``, ``value`` - refused with 400 when malformed, and then nothing is
processed (no reply, no row written); the shapes Teams really sends still pass."""

from __future__ import annotations

from typing import Any

import pytest

from testing.db_snapshot import DOMAIN_TABLES, TURN_TABLES, table_digests
from testing.harness import ALEX, BotHarness

SUBMIT = {"verb": "report.open"}
EXECUTE = {"action": {"type": "Action.Execute", "verb": "report.open", "data": {}},
           "trigger": "manual"}


OMITTED = "<omitted>"


def _with(activity: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    outer, _, inner = path.partition(".")
    if value == OMITTED:
        activity.pop(outer, None)
    elif inner:
        activity[outer] = {**activity[outer], inner: value}
    else:
        activity[outer] = value
    return activity


BAD_FIELDS: list[tuple[str, str, Any]] = [
    # (activity kind, field, hostile value)
    ("message", "recipient", None),  # was a 500: the SDK builds the reference from it
    ("message", "recipient", {}),
    ("invoke", "recipient", None),
    ("message", "recipient.name", "x" * 5000),
    ("message", "recipient.extra", {"nested": [1, 2]}),
    ("message", "from.name", "n" * 5000),
    ("message", "from.userPrincipalName", ["a@b.se"]),
    ("message", "conversation.isGroup", "yes"),
    ("message", "conversation.name", "c" * 5000),
    ("message", "conversation.extra", {"$gt": ""}),
    ("message", "locale", "x" * 10_000),
    ("message", "locale", "sv_SE"),
    ("message", "locale", "sv-SE\u202e"),
    ("message", "locale", "sv-" + "A" * 40),
    ("message", "locale", ""),
    ("message", "channelData", [1, 2]),
    ("message", "channelData", "tenant"),
    ("message", "channelData.tenant", "00000000-0000-0000-0000-0000000000aa"),
    ("message", "channelData.meeting", "m"),
    ("message", "channelData.team", ["t"]),
    ("message", "value", "report.open"),
    ("message", "value", [SUBMIT]),
    ("message", "value", 5),
    ("invoke", "value", None),
    ("invoke", "value", {"action": "report.open"}),
    ("invoke", "value", {"action": {"type": "Action.Execute", "verb": ["report.open"]}}),
    ("invoke", "value", {"action": {"type": "Action.Execute", "verb": "report.open",
                                    "data": "unit=1"}}),
]


def _activity(bot: BotHarness, kind: str) -> dict[str, Any]:
    if kind == "invoke":
        return bot.activity(ALEX, type="invoke", name="adaptiveCard/action", value=EXECUTE)
    return bot.activity(ALEX, text="vem är jag")


@pytest.mark.parametrize(("kind", "field", "value"), BAD_FIELDS,
                         ids=[f"{k}-{f}-{str(v)[:12]}" for k, f, v in BAD_FIELDS])
async def test_a_malformed_field_is_refused_and_nothing_is_processed(
    demo_bot: BotHarness, kind: str, field: str, value: Any
) -> None:
    url = demo_bot.settings.database_url
    before = table_digests(url, DOMAIN_TABLES + TURN_TABLES)
    reply = await demo_bot.post(_with(_activity(demo_bot, kind), field, value))
    assert reply.status == 400, reply.body
    assert isinstance(reply.body, dict) and reply.body.get("error")
    assert reply.activities == []
    assert table_digests(url, DOMAIN_TABLES + TURN_TABLES) == before


GOOD_FIELDS: list[tuple[str, Any]] = [
    ("locale", "sv-SE"), ("locale", "en-US"), ("locale", "se-NO"), ("locale", "fi"),
    ("locale", "zh-Hant-TW"), ("locale", OMITTED),
    ("channelData", OMITTED),
    ("channelData", {"tenant": {"id": "00000000-0000-0000-0000-0000000000aa"},
                     "source": {"name": "message"}, "legacy": {"replyToId": "1:x"}}),
    ("from.role", "user"),
    ("conversation.isGroup", False),
]


@pytest.mark.parametrize(("field", "value"), GOOD_FIELDS,
                         ids=[f"{f}-{v}" for f, v in GOOD_FIELDS])
async def test_what_teams_sends_is_accepted(demo_bot: BotHarness, field: str,
                                            value: Any) -> None:
    reply = await demo_bot.post(_with(_activity(demo_bot, "message"), field, value))
    assert reply.status in (200, 202), reply.body
    assert "Alex Wilber" in reply.text


async def test_submit_and_execute_values_of_the_right_shape_are_answered(
    demo_bot: BotHarness
) -> None:
    reply = await demo_bot.submit(ALEX, SUBMIT)
    assert reply.status in (200, 202) and reply.cards
    reply = await demo_bot.post(_activity(demo_bot, "invoke"))
    assert reply.status == 200 and reply.invoke_card is not None
