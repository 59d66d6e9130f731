"""Typed commands: the table of Swedish and English phrases the features declare."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from dialogs.features import CommandHandler, Feature, FeatureDeclarationError, Wiring

_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE)


def normalise(text: str) -> str:
    """Lower-case, NFC, mentions and surrounding punctuation removed, spaces collapsed."""
    text = unicodedata.normalize("NFC", _MENTION.sub(" ", text or ""))
    text = " ".join(text.strip().lower().split())
    return text if text == "?" else text.strip(" .!,;:?")


@dataclass(frozen=True)
class CommandTable:
    """Phrase → command key (from the features' declarations) and key → bound handler."""

    phrases: dict[str, str]
    handlers: dict[str, CommandHandler]

    @classmethod
    def build(cls, declared: Collection[tuple[Feature, Wiring]]) -> CommandTable:
        """The table; refuses a command without a handler or a handler without a command
        (duplicate phrases are refused by ``check_declarations`` before)."""
        phrases: dict[str, str] = {}
        handlers: dict[str, CommandHandler] = {}
        for feature, wiring in declared:
            keys = {command.key for command in feature.commands}
            if keys != set(wiring.commands):
                raise FeatureDeclarationError(
                    f"{feature.name}: declared commands {sorted(keys)} but handlers for "
                    f"{sorted(wiring.commands)}")
            for command in feature.commands:
                for phrase in command.phrases:
                    phrases[normalise(phrase)] = command.key
                handlers[command.key] = wiring.commands[command.key]
        return cls(phrases, handlers)

    def match(self, text: str) -> tuple[str, str] | None:
        """``("summary", "2026-10")`` for "Sammanställning 2026-10"; None when unknown.
        The longest phrase wins ("nytt beslut" over "beslut"); the rest are arguments."""
        clean = normalise(text)
        best: tuple[int, str, str] | None = None
        for phrase, key in self.phrases.items():
            starts = clean == phrase or clean.startswith(phrase + " ")
            if starts and (best is None or len(phrase) > best[0]):
                best = (len(phrase), key, clean[len(phrase):].strip())
        return (best[1], best[2]) if best else None

    def get(self, key: str) -> CommandHandler | None:
        return self.handlers.get(key)
