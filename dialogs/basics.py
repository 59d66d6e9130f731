"""Greeting, help, identity ("vem är jag") and the fallback for unknown text."""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import date

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot_services import BotServices
from dialogs.context import TurnUser, current_user
from dialogs.features import Command, Feature, Wiring, declared_features
from dialogs.features import help_text as features_help_text
from followup.org import UNIT_KIND_LABELS, OrgTree
from i18n import t
from services.org import org_tree, tree_and_names

logger = logging.getLogger(__name__)

WELCOMED = "malbot_welcomed"  # a ConversationState property
MAX_GREETED_REMEMBERED = 10_000


def help_text(lang: str, *, is_admin: bool) -> str:
    """The ``hjälp`` answer, built from every feature's declaration."""
    return features_help_text(declared_features(), lang, is_admin=is_admin)


def _fmt_date(d: date, lang: str) -> str:
    from followup.sv_format import format_date

    return format_date(d, lang)


def whoami_text(
    user: TurnUser, tree: OrgTree, today: date, names: dict[int, str]
) -> str:
    lang = user.lang
    if user.person_id is None:
        return t(lang, "whoami.unknown", name=user.display_name)
    email = f" ({user.email})" if user.email else ""
    lines = [t(lang, "whoami.header", name=user.display_name, email=email)]
    units = tree.units_managed(user.person_id, today)
    if not units:
        lines.append(t(lang, "whoami.no_units"))
    else:
        lines.append(t(lang, "whoami.units"))
        for unit in units:
            role = ""
            acting = tree.acting_manager(unit.id, today)
            assignment = next(
                (
                    a
                    for a in tree.assignments
                    if a.unit_id == unit.id and a.role == "acting" and a.covers(today)
                ),
                None,
            )
            until = (
                _fmt_date(assignment.valid_to, lang) if assignment and assignment.valid_to else ""
            )
            if acting == user.person_id:
                role = (
                    t(lang, "whoami.role_acting", until=until)
                    if until
                    else t(lang, "whoami.role_acting_open")
                )
            elif acting is not None:
                role = t(lang, "whoami.role_stood_in", acting=names.get(acting, "?"), until=until)
            kind = UNIT_KIND_LABELS.get(lang, UNIT_KIND_LABELS["sv"]).get(unit.kind, unit.kind)
            lines.append(
                t(lang, "whoami.unit_line", path=" › ".join(tree.path_names(unit.id)),
                  kind=kind, role=role)
            )
        if tree.is_leader(user.person_id, today):
            count = sum(
                len(tree.subtree(root.id)) for root in tree.led_subtree_roots(user.person_id, today)
            )
            lines.append(t(lang, "whoami.leader", count=count))
    if user.is_admin:
        lines.append(t(lang, "whoami.admin"))
    return "\n\n".join(lines)


def routes(app: AgentApplication[TurnState]) -> None:
    """Greeting on install (conversation and installation updates)."""
    # Conversations greeted by this app (bounded, oldest dropped first). The state flag
    # alone is not enough: Teams and the Playground send installationUpdate and
    # conversationUpdate at the same moment, and both turns load the conversation state
    # before either has saved the flag (last writer wins), so both greeted.
    greeted: OrderedDict[str, None] = OrderedDict()

    async def welcome_once(context: TurnContext, state: TurnState) -> None:
        """Teams (and the Playground) announce an install twice — installationUpdate and
        conversationUpdate: greet once per conversation."""
        conversation = context.activity.conversation
        key = conversation.id if conversation is not None else ""
        if state.conversation.get_value(WELCOMED) or (key and key in greeted):
            return
        if key:
            greeted[key] = None
            while len(greeted) > MAX_GREETED_REMEMBERED:
                greeted.popitem(last=False)
        state.conversation.set_value(WELCOMED, True)  # type: ignore[arg-type]  # plain JSON
        user = current_user(context)
        await context.send_activity(t(user.lang, "welcome", name=user.display_name))

    async def greet_members(context: TurnContext, state: TurnState) -> None:
        members = context.activity.members_added or []
        recipient = context.activity.recipient
        if members and recipient is not None and all(m.id == recipient.id for m in members):
            return  # only the bot itself was added
        await welcome_once(context, state)

    async def on_install(context: TurnContext, state: TurnState) -> None:
        action = (context.activity.action or "").lower()
        if action.startswith("add"):
            await welcome_once(context, state)

    app.conversation_update("membersAdded")(greet_members)
    app.activity(ActivityTypes.installation_update)(on_install)


def setup(services: BotServices) -> Wiring:
    async def on_help(context: TurnContext, _state: TurnState, _args: str) -> None:
        user = current_user(context)
        await context.send_activity(help_text(user.lang, is_admin=user.is_admin))

    async def on_whoami(context: TurnContext, _state: TurnState, _args: str) -> None:
        user = current_user(context)
        names: dict[int, str] = {}
        if user.person_id is None:
            tree = await org_tree(services.sessionmaker)
        else:
            tree, names = await tree_and_names(services.sessionmaker)
        await context.send_activity(whoami_text(user, tree, services.today(), names))

    return Wiring(commands={"help": on_help, "whoami": on_whoami}, routes=routes)


FEATURE = Feature(
    name="dialogs.basics",
    setup=setup,
    commands=(
        Command("whoami", sv=("vem är jag", "mina enheter", "vem ar jag"),
                en=("who am i", "whoami", "my units")),
        Command("help", sv=("hjälp", "hjalp", "meny", "?"), en=("help", "menu")),
    ),
    help=("help.whoami", "help.help"),
)
