"""What an import changed, as lines for the admin: "Ändrad enhet SOC-HT1: Namn
”Hemtjänst Norr” → ”Hemtjänst Nord”".

Pure functions over :class:`~services.importing.base.Change` (or an audit entry's fields):
the import report, ``--dry-run`` and ``python -m admin audit`` all use them. Field names
are shown as the import's column headers, values as they are written in the files.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from i18n import t

#: entity → the import kind whose columns name its fields
ENTITY_KINDS = {"unit": "org", "person": "people", "manager": "managers", "goal": "goals",
                "decision": "decisions", "delegation": "delegation",
                "role_title": "roles"}
_EMPTY = {"sv": "(tomt)", "en": "(empty)"}
_YES_NO = {"sv": ("ja", "nej"), "en": ("yes", "no")}


def _column_headers(entity: str, lang: str) -> dict[str, str]:
    from services.importing import get_kind

    kind_name = ENTITY_KINDS.get(entity)
    if kind_name is None:
        return {}
    return {c.key: c.header(lang) for c in get_kind(kind_name).columns}


def show_value(field: str, value: Any, lang: str) -> str:
    """A value as the admin writes it in an import file."""
    if value is None or value == "":
        return _EMPTY.get(lang, _EMPTY["sv"])
    if isinstance(value, bool):
        yes, no = _YES_NO.get(lang, _YES_NO["sv"])
        return yes if value else no
    text = str(value)
    if field == "kind":
        from followup.org import UNIT_KIND_LABELS

        text = UNIT_KIND_LABELS.get(lang, UNIT_KIND_LABELS["sv"]).get(text, text)
    elif field == "perspective":
        from followup.perspectives import perspective_label

        try:
            text = perspective_label(text, lang)
        except ValueError:
            pass
    elif field == "status":
        text = _decision_status(text, lang)
    elif field == "direction":
        text = {"higher": ("högre", "higher"), "lower": ("lägre", "lower")}.get(
            text, (text, text))[0 if lang != "en" else 1]
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else (
            text if lang == "en" else text.replace(".", ","))
    if isinstance(value, str) or field in ("kind", "perspective", "status", "direction"):
        return f"”{text}”" if lang != "en" else f"“{text}”"
    return text


def _decision_status(value: str, lang: str) -> str:
    labels = {
        "not_started": ("Ej påbörjat", "Not started"),
        "in_progress": ("Pågår", "In progress"),
        "done": ("Genomfört", "Done"),
        "cancelled": ("Avslutat utan genomförande", "Cancelled"),
    }
    pair = labels.get(value)
    return value if pair is None else pair[1 if lang == "en" else 0]


def describe_fields(entity: str, before: Mapping[str, Any] | None,
                    after: Mapping[str, Any] | None, lang: str) -> str:
    """``Namn ”A” → ”B”; Aktiv ja → nej`` (fields in ``after`` order, then the rest)."""
    headers = _column_headers(entity, lang)
    before = before or {}
    after = after or {}
    keys = list(dict.fromkeys([*after.keys(), *before.keys()]))
    parts = []
    for key in keys:
        label = headers.get(key, key)
        old, new = before.get(key), after.get(key)
        if key not in before:
            parts.append(f"{label} {show_value(key, new, lang)}")
        elif key not in after:
            parts.append(f"{label} {show_value(key, old, lang)} → "
                         f"{_EMPTY.get(lang, _EMPTY['sv'])}")
        else:
            parts.append(f"{label} {show_value(key, old, lang)} → {show_value(key, new, lang)}")
    return "; ".join(parts)


def describe_change(entity: str, key: str, action: str, before: Mapping[str, Any] | None,
                    after: Mapping[str, Any] | None, lang: str) -> str:
    """One line: "Ny enhet SOC-VO" or "Ändrad enhet SOC-HT1: Namn ”A” → ”B”"."""
    if action == "created":
        return t(lang, f"import.change.created.{entity}", key=key)
    fields = describe_fields(entity, before, after, lang)
    return t(lang, f"import.change.{action}.{entity}", key=key, fields=fields)
