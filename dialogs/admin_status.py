"""Placeholder route module (filled in by its feature)."""

from __future__ import annotations

from microsoft_agents.hosting.core import AgentApplication, TurnState

from dialogs.commands import CommandRegistry
from dialogs.context import BotServices


def register(
    app: AgentApplication[TurnState], services: BotServices, commands: CommandRegistry
) -> None:
    """Nothing yet."""
