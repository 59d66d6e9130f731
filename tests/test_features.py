"""Feature declarations: help and the command table come from them, every declared card
verb answers both ways a client sends a click, and a clash is refused at startup."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from dialogs.features import (
    Command,
    Feature,
    FeatureDeclarationError,
    Wiring,
    declared_features,
)
from i18n import t
from testing.fake_connector import ConnectorLimits, FakeConnector
from testing.harness import ALEX, MEGAN, BotHarness, ChatUser, make_settings

ADMIN_EN = ChatUser("Ada Admin", "aaaaaaaa-0000-0000-0000-0000000000e1", locale="en-US")
ADMIN_SV = ChatUser("Åsa Admin", "aaaaaaaa-0000-0000-0000-0000000000e2")
INVOKE_MESSAGE = "application/vnd.microsoft.activity.message"
INVOKE_CARD = "application/vnd.microsoft.card.adaptive"


@pytest.fixture
async def admin_bot(demo_url: str) -> AsyncIterator[BotHarness]:
    from tests.conftest import fixed_clock

    ids = ",".join(str(u.aad_object_id) for u in (ADMIN_EN, ADMIN_SV, ALEX))
    settings = make_settings(demo_url, ADMIN_AAD_IDS=ids)
    # Many clicks in a row: Teams' per-conversation rate limits are not what is tested.
    async with FakeConnector(limits=ConnectorLimits(enabled=False)) as connector, \
            BotHarness(settings, clock=fixed_clock(), connector=connector) as harness:
        yield harness


def _commands() -> list[Command]:
    return [command for feature in declared_features() for command in feature.commands]


def _admin_only() -> set[str]:
    """Command keys whose only help line is an admin line."""
    keys: set[str] = set()
    for feature in declared_features():
        if feature.admin_help and not feature.help:
            keys |= {c.key for c in feature.commands}
    keys |= {"new_decision"}
    return keys


async def test_help_lists_every_declared_command_in_swedish_and_english(
    admin_bot: BotHarness,
) -> None:
    commands = _commands()
    assert {"report", "text_report", "summary", "decisions", "status", "help"} <= {
        c.key for c in commands}
    swedish = (await admin_bot.send(ADMIN_SV, "hjälp")).text
    english = (await admin_bot.send(ADMIN_EN, "help")).text
    assert "Det här kan Målbot" in swedish and "What Målbot can do" in english
    for command in commands:
        assert f"**{command.sv[0]}" in swedish, command.key
        assert f"**{(command.en or command.sv)[0]}" in english, command.key
    plain = (await admin_bot.send(MEGAN, "hjälp")).text
    for command in commands:
        shown = f"**{command.sv[0]}**" in plain
        assert shown is (command.key not in _admin_only()), command.key


async def test_every_declared_phrase_starts_its_command(admin_bot: BotHarness) -> None:
    """Each phrase reaches a handler: never the "didn't understand" answer."""
    unknown_sv = t("sv", "unknown_command")
    for command in _commands():
        for phrase in command.phrases:
            reply = await admin_bot.send(ADMIN_SV, phrase)
            assert reply.status in (200, 202)
            assert reply.activities, phrase
            assert unknown_sv not in reply.text, phrase
            assert t("sv", "error.generic") not in reply.text, phrase
        if command.key == "text_report":
            await admin_bot.send(ADMIN_SV, "avbryt")


async def test_every_declared_verb_answers_execute_and_submit(admin_bot: BotHarness) -> None:
    unsupported = t("sv", "card.unsupported")
    verbs = [verb for feature in declared_features() for verb in feature.verbs]
    assert {"report.open", "summary.show", "decision.list", "level.save",
            "document.create"} <= set(verbs)
    for verb in verbs:
        executed = await admin_bot.execute(ALEX, verb, {})
        assert executed.status == 200, verb
        assert isinstance(executed.body, dict), verb
        assert executed.body.get("type") in (INVOKE_CARD, INVOKE_MESSAGE), verb
        assert executed.body.get("value") != unsupported, verb
        assert executed.body.get("value"), verb
        submitted = await admin_bot.submit(ALEX, {"verb": verb})
        assert submitted.status in (200, 202), verb
        assert submitted.texts or submitted.cards, verb
        assert unsupported not in submitted.text, verb
        assert t("sv", "error.generic") not in submitted.text, verb
    # A verb nobody declared is the polite fallback, both ways.
    unknown = await admin_bot.execute(ALEX, "nobody.declared", {})
    assert unknown.body.get("value") == unsupported
    assert unsupported in (await admin_bot.submit(ALEX, {"verb": "nobody.declared"})).text


def _noop(_services: object) -> Wiring:
    async def handler(*_args: object) -> None:
        return None

    return Wiring(commands={"clash": handler})


@pytest.mark.parametrize(("extra", "message"), [
    (Feature(name="tests.clash", setup=_noop,  # type: ignore[arg-type]
             commands=(Command("clash", sv=("Beslut",)),)),
     "command phrase 'Beslut' is declared twice: by dialogs.decisions (command 'decisions') "
     "and by tests.clash (command 'clash')"),
    (Feature(name="tests.clash", setup=_noop,  # type: ignore[arg-type]
             commands=(Command("clash", sv=("klocka",)),), verbs=("summary.show",)),
     "card verb 'summary.show' is declared by both dialogs.summary and tests.clash"),
    (Feature(name="tests.clash", setup=_noop,  # type: ignore[arg-type]
             commands=(Command("other", sv=("klocka",)),)),
     "tests.clash: declared commands ['other'] but handlers for ['clash']"),
])
def test_a_clash_is_refused_at_startup_with_a_clear_error(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, extra: Feature, message: str,
) -> None:
    import bot
    import dialogs.router

    real = declared_features()
    monkeypatch.setattr(dialogs.router, "declared_features", lambda: (*real, extra))
    with pytest.raises(FeatureDeclarationError) as refused:
        bot.create_app(make_settings(sqlite_url))
    assert str(refused.value) == message
