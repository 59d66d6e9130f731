"""The four perspectives of the kommun's målstyrning, with labels."""

from __future__ import annotations

from enum import StrEnum


class Perspective(StrEnum):
    CITIZENS = "citizens"
    OPERATIONS = "operations"
    ECONOMY = "economy"
    EMPLOYEES = "employees"


PERSPECTIVE_ORDER: tuple[Perspective, ...] = (
    Perspective.CITIZENS,
    Perspective.OPERATIONS,
    Perspective.ECONOMY,
    Perspective.EMPLOYEES,
)

_LABELS: dict[str, dict[Perspective, str]] = {
    "sv": {
        Perspective.CITIZENS: "Medborgare",
        Perspective.OPERATIONS: "Verksamhet",
        Perspective.ECONOMY: "Ekonomi",
        Perspective.EMPLOYEES: "Medarbetare",
    },
    "en": {
        Perspective.CITIZENS: "Citizens",
        Perspective.OPERATIONS: "Operations",
        Perspective.ECONOMY: "Economy",
        Perspective.EMPLOYEES: "Employees",
    },
}


def perspective_label(perspective: Perspective | str, lang: str = "sv") -> str:
    return _LABELS.get(lang, _LABELS["sv"])[Perspective(perspective)]


def parse_perspective(text: str) -> Perspective:
    """Accept the key or a Swedish/English label, case-insensitive."""
    needle = text.strip().lower()
    for labels in _LABELS.values():
        for key, label in labels.items():
            if needle in {key.value, label.lower()}:
                return key
    raise ValueError(f"okänt perspektiv: {text!r}")
