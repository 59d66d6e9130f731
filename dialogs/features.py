"""Feature declarations: what each dialog module offers, in one record.

A dialog module declares ``FEATURE = Feature(...)``: its typed commands (Swedish and
English phrases), its help lines (i18n keys; admin lines only shown to administrators), its
card verbs. Its ``setup`` binds the handlers to the running bot's services and may return
a ``routes`` hook (stateful dialogs, other activity types). The router builds the command
table and the help text from these records (there is no second list), and registers every
card verb for ``Action.Execute`` *and* its ``Action.Submit`` fallback through
:func:`register_card_verbs`.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, ContentTypes, InvokeResponse
from microsoft_agents.hosting.core import (
    AgentApplication,
    CardFactory,
    MessageFactory,
    TurnContext,
    TurnState,
)

from activity_guard import CARD_ACTION_INVOKE
from bot_services import BotServices
from i18n import t

Card = dict[str, Any]
#: A typed command's handler: ``(context, state, arguments after the phrase)``.
CommandHandler = Callable[[TurnContext, TurnState, str], Awaitable[None]]

_EXECUTE = "Action.Execute"


@dataclass(frozen=True)
class Command:
    """A typed command: its key and the phrases that start it (first = shown in help)."""

    key: str
    sv: tuple[str, ...]
    en: tuple[str, ...] = ()

    @property
    def phrases(self) -> tuple[str, ...]:
        return (*self.sv, *self.en)


@dataclass(frozen=True)
class CardAnswer:
    """What a card verb answers, for both ways a client may send the click.

    * ``card``: replaces the clicked card (Execute) or is posted as a new message (Submit,
      with ``text`` as the message text and ``summary`` as its notification preview).
    * no card, ``text``: shown as a message in place of the card (Execute) or posted
      (Submit); ``execute_card`` instead replaces the clicked card with it on Execute.
    * ``ack``: the ``text`` is a message of its own in both cases, and on Execute the
      short ``ack`` is the invoke answer shown in place.
    * ``followups``: cards posted after the answer in both cases.
    """

    card: Card | None = None
    text: str | None = None
    summary: str | None = None
    execute_card: Card | None = None
    ack: str | None = None
    followups: tuple[Card, ...] = ()


#: A feature's card-verb handler: ``(context, state, verb, action data) -> answer``.
VerbHandler = Callable[[TurnContext, TurnState, str, object], Awaitable[CardAnswer]]


@dataclass(frozen=True)
class Wiring:
    """A feature's handlers bound to the running bot's services."""

    commands: Mapping[str, CommandHandler] = field(default_factory=dict)
    verbs: VerbHandler | None = None
    #: Hook for stateful dialogs and other activity types: registers its own routes
    #: (ranked before the catch-all message route).
    routes: Callable[[AgentApplication[TurnState]], None] | None = None


@dataclass(frozen=True)
class Feature:
    """One dialog module's declaration (see the module docstring)."""

    name: str
    setup: Callable[[BotServices], Wiring]
    commands: tuple[Command, ...] = ()
    help: tuple[str, ...] = ()
    admin_help: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()


class FeatureDeclarationError(ValueError):
    """Two features claim one phrase or verb, or a declaration lacks its handler."""


# --------------------------------------------------------------------------- declarations


def declared_features() -> tuple[Feature, ...]:
    """Every dialog module's ``FEATURE``, in ``dialogs.FEATURE_MODULES`` order."""
    from dialogs import FEATURE_MODULES

    return tuple(importlib.import_module(name).FEATURE for name in FEATURE_MODULES)


def check_declarations(features: Collection[Feature]) -> None:
    """Refuse (at startup) a phrase, command key or verb declared twice."""
    from dialogs.commands import normalise

    phrases: dict[str, tuple[str, str]] = {}
    keys: dict[str, str] = {}
    verbs: dict[str, str] = {}
    for feature in features:
        for command in feature.commands:
            if command.key in keys:
                raise FeatureDeclarationError(
                    f"command key {command.key!r} is declared by both {keys[command.key]} "
                    f"and {feature.name}")
            keys[command.key] = feature.name
            for phrase in command.phrases:
                clean = normalise(phrase)
                if clean in phrases:
                    owner, key = phrases[clean]
                    raise FeatureDeclarationError(
                        f"command phrase {phrase!r} is declared twice: by {owner} "
                        f"(command {key!r}) and by {feature.name} (command {command.key!r})")
                phrases[clean] = (feature.name, command.key)
        for verb in feature.verbs:
            if verb in verbs:
                raise FeatureDeclarationError(
                    f"card verb {verb!r} is declared by both {verbs[verb]} and {feature.name}")
            verbs[verb] = feature.name


def help_text(features: Collection[Feature], lang: str, *, is_admin: bool) -> str:
    """The ``hjälp`` answer: every feature's help lines (and admin lines for admins)."""
    keys = [key for feature in features for key in feature.help]
    if is_admin:
        keys += [key for feature in features for key in feature.admin_help]
    lines = [f"**{t(lang, 'help.title')}**", t(lang, "help.intro")]
    lines += [t(lang, key) for key in keys]
    lines.append(t(lang, "help.footer"))
    return "\n\n".join(lines)


# --------------------------------------------------------------------------- card verbs


class _SharedBody(dict[str, Any]):
    """An invoke response body that copies for free.

    The SDK deep-copies every outgoing activity (``TurnContext.send_activities``); for a
    refreshed card that is thousands of small objects per click. The body is built for
    this one answer and never changed afterwards, so a copy may be the body itself.
    """

    def __copy__(self) -> _SharedBody:
        return self

    def __deepcopy__(self, _memo: dict[int, Any]) -> _SharedBody:
        return self


def invoke_answer(kind: str, value: Card | str) -> Activity:
    """The ``invokeResponse`` answering an ``adaptiveCard/action``: the same JSON as the
    SDK's ``AdaptiveCardInvokeResponse`` (``{"statusCode": 200, "type", "value"}``)."""
    body = _SharedBody(statusCode=int(HTTPStatus.OK), type=kind, value=value)
    return Activity(type=ActivityTypes.invoke_response,
                    value=InvokeResponse(status=int(HTTPStatus.OK), body=body))


def execute_action(context: TurnContext, verbs: Collection[str]) -> dict[str, Any] | None:
    """The ``action`` of an ``Action.Execute`` invoke carrying one of ``verbs``."""
    activity = context.activity
    if activity.type != ActivityTypes.invoke or activity.name != CARD_ACTION_INVOKE:
        return None
    value = activity.value
    action = value.get("action") if isinstance(value, dict) else None
    if isinstance(action, dict) and action.get("type") == _EXECUTE \
            and action.get("verb") in verbs:
        return action
    return None


async def send_execute_answer(context: TurnContext, answer: CardAnswer) -> None:
    if answer.card is not None:
        await context.send_activity(invoke_answer(ContentTypes.adaptive_card, answer.card))
    elif answer.ack is not None:
        if answer.text:
            await context.send_activity(answer.text)
        await context.send_activity(invoke_answer(ContentTypes.message, answer.ack))
    elif answer.execute_card is not None:
        await context.send_activity(invoke_answer(ContentTypes.adaptive_card,
                                                  answer.execute_card))
    else:
        await context.send_activity(invoke_answer(ContentTypes.message, answer.text or ""))
    await _send_followups(context, answer)


async def send_submit_answer(context: TurnContext, answer: CardAnswer) -> None:
    if answer.card is not None:
        activity = MessageFactory.attachment(CardFactory.adaptive_card(answer.card),
                                             text=answer.text)
        if answer.summary is not None:
            activity.summary = answer.summary
        await context.send_activity(activity)
    elif answer.text:
        await context.send_activity(answer.text)
    await _send_followups(context, answer)


async def _send_followups(context: TurnContext, answer: CardAnswer) -> None:
    for extra in answer.followups:
        await context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(extra)))


def register_card_verbs(app: AgentApplication[TurnState], verbs: Collection[str],
                        answer: VerbHandler) -> None:
    """Route every verb's ``Action.Execute`` (an ``adaptiveCard/action`` invoke, answered
    in place) and its ``Action.Submit`` fallback (a message with ``value.verb``, answered
    with new messages) to ``answer``."""
    verb_set = frozenset(verbs)

    async def on_execute(context: TurnContext, state: TurnState) -> None:
        action = execute_action(context, verb_set)
        assert action is not None  # the route's selector checked it
        result = await answer(context, state, str(action["verb"]), action.get("data"))
        await send_execute_answer(context, result)

    app.add_route(lambda context: execute_action(context, verb_set) is not None, on_execute,
                  is_invoke=True)

    for verb in verbs:
        def bind(verb: str = verb) -> None:
            async def on_submit(context: TurnContext, state: TurnState, data: object) -> None:
                await send_submit_answer(context, await answer(context, state, verb, data))

            app.adaptive_card.action_submit(verb)(on_submit)

        bind()
