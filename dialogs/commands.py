"""Typed commands: Swedish and English words mapped to command keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from microsoft_agents.hosting.core import TurnContext, TurnState

# Phrases per command key; the first words of a message decide (rest = arguments).
COMMAND_PHRASES: dict[str, tuple[str, ...]] = {
    "help": ("hjälp", "hjalp", "help", "?", "meny", "menu"),
    "whoami": ("vem är jag", "mina enheter", "vem ar jag", "who am i", "whoami", "my units"),
    "report": ("rapportera", "rapport", "report"),
    "summary": ("sammanställning", "sammanstallning", "summary"),
    "level_analysis": ("analys", "sammanfattande analys", "skriv analys", "analysis"),
    "decisions": ("beslut", "decisions"),
    "new_decision": ("nytt beslut", "new decision"),
    "status": ("status",),
    "export": ("exportera", "export"),
    "document": ("rapport dokument", "rapportdokument", "dokument", "report document",
                 "document"),
    "cancel": ("avbryt", "cancel"),
    # individual goals (dialogs.individual)
    "ind_own": ("mina mål", "mina mal", "my goals"),
    "ind_talk": ("medarbetarsamtal", "appraisal"),
    "ind_checkin": ("checka in", "incheckning", "check in", "check-in"),
    "ind_team": ("mitt team", "my team"),
}

Handler = Callable[[TurnContext, TurnState, str], Awaitable[None]]

_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE)


def normalise(text: str) -> str:
    """Lower-case, NFC, mentions and surrounding punctuation removed, spaces collapsed."""
    text = unicodedata.normalize("NFC", _MENTION.sub(" ", text or ""))
    text = " ".join(text.strip().lower().split())
    return text if text == "?" else text.strip(" .!,;:?")


def match_command(text: str) -> tuple[str, str] | None:
    """``("summary", "2026-10")`` for "Sammanställning 2026-10"; None when unknown."""
    clean = normalise(text)
    if clean == "?":
        return ("help", "")
    best: tuple[int, str, str] | None = None
    for key, phrases in COMMAND_PHRASES.items():
        for phrase in phrases:
            if clean == phrase or clean.startswith(phrase + " "):
                rest = clean[len(phrase):].strip()
                if best is None or len(phrase) > best[0]:
                    best = (len(phrase), key, rest)
    return (best[1], best[2]) if best else None


@dataclass
class CommandRegistry:
    """Route modules register a handler per command key."""

    handlers: dict[str, Handler] = field(default_factory=dict)

    def add(self, key: str, handler: Handler) -> None:
        if key not in COMMAND_PHRASES:
            raise KeyError(f"unknown command key {key!r}")
        self.handlers[key] = handler

    def get(self, key: str) -> Handler | None:
        return self.handlers.get(key)
