"""Adaptive Card building blocks shared by Målbot's cards (schema 1.5, Teams).

Everything is a pure function returning plain dicts. Body elements are kept to types of
schema 1.0–1.2 so that older clients (Teams mobile) render them; anything newer must
carry a ``fallback`` – :func:`compat_problems` checks a whole card for that.

Buttons are Universal Actions (``Action.Execute``, schema 1.4) with an ``Action.Submit``
fallback carrying the same data plus a ``"verb"`` key, so clients without Universal
Actions still reach the same handler (``app.adaptive_card.action_submit``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

# Message size as Teams counts it: the whole activity (envelope, text, summary and
# attachments) encoded as UTF-16, at most 100 KB; Microsoft recommends staying under 80 KB.
# The activity is measured as the SDK posts it: ``json.dumps`` defaults, every non-ASCII
# character a six-character ``\u00e5`` escape, then two bytes per character. Measuring
# the decoded text instead would count "å" as 2 bytes rather than 12; the posted form is
# never smaller, so a message within budget here is within budget either way.
MAX_MESSAGE_BYTES = 80 * 1024
TEAMS_LIMIT_BYTES = 100 * 1024
# Room for what the SDK and the adapter put around a card: type, ids, conversation, from,
# recipient, serviceUrl, locale, channelData, the attachment wrapper (measured on the real
# SDK: under 2,000 characters even with 250-character ids and 100-letter names in å, ä, ö;
# tests/test_card_size.py checks).
ENVELOPE_ALLOWANCE_CHARS = 3000

# Schema version in which each element/action type appeared (for compatibility checks).
ELEMENT_VERSIONS: dict[str, str] = {
    "TextBlock": "1.0", "Image": "1.0", "Container": "1.0", "ColumnSet": "1.0",
    "Column": "1.0", "FactSet": "1.0", "ImageSet": "1.0", "Input.Text": "1.0",
    "Input.Number": "1.0", "Input.Date": "1.0", "Input.Time": "1.0", "Input.Toggle": "1.0",
    "Input.ChoiceSet": "1.0", "Media": "1.1", "ActionSet": "1.2", "RichTextBlock": "1.2",
    "TextRun": "1.2", "Table": "1.5", "TableRow": "1.5", "TableCell": "1.5",
    "Action.Submit": "1.0", "Action.OpenUrl": "1.0", "Action.ShowCard": "1.0",
    "Action.ToggleVisibility": "1.2", "Action.Execute": "1.4",
}
# What mobile clients are guaranteed to render; newer types need a fallback.
BASELINE_VERSION = "1.2"


def card(body: Sequence[dict[str, Any]], actions: Sequence[dict[str, Any]] = (), *,
         fallback_text: str | None = None) -> dict[str, Any]:
    """An Adaptive Card 1.5 with ``body`` and card-level ``actions``."""
    out: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": list(body),
    }
    if actions:
        out["actions"] = list(actions)
    if fallback_text:
        out["fallbackText"] = fallback_text
    return out


#: The card's ``lang`` per Målbot language: date pickers (Input.Date) and number formats
#: follow it where the client honours it (the Agents Playground showed English pickers).
CARD_LANGS = {"sv": "sv-SE", "en": "en-GB"}


def localized(card_dict: dict[str, Any], lang: str) -> dict[str, Any]:
    """``card_dict`` with its ``lang`` set from the user's language (Swedish by default)."""
    card_dict["lang"] = CARD_LANGS.get(lang, CARD_LANGS["sv"])
    return card_dict


def answer_buttons(answers: Sequence[str], lang: str = "sv") -> dict[str, Any]:
    """A card of buttons that each answer a text question with their own words: an
    ``Action.Submit`` whose ``msteams`` data is ``imBack``, so the client posts the word as
    the user's message (Teams and the Agents Playground both; the Playground ignored the
    hero card's imBack buttons)."""
    return localized(card([], [
        {"type": "Action.Submit", "title": answer,
         "data": {"msteams": {"type": "imBack", "value": answer}}}
        for answer in answers
    ]), lang)


def text(value: str, *, weight: str | None = None, size: str | None = None,
         color: str | None = None, subtle: bool = False, separator: bool = False,
         spacing: str | None = None, style: str | None = None) -> dict[str, Any]:
    """A wrapping TextBlock (markdown-lite as Teams renders it)."""
    out: dict[str, Any] = {"type": "TextBlock", "text": value, "wrap": True}
    if weight:
        out["weight"] = weight
    if size:
        out["size"] = size
    if color:
        out["color"] = color
    if subtle:
        out["isSubtle"] = True
    if separator:
        out["separator"] = True
    if spacing:
        out["spacing"] = spacing
    if style:
        out["style"] = style  # "heading" (1.5) – older clients ignore the property
    return out


def facts(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in pairs]}


def container(items: Sequence[dict[str, Any]], *, separator: bool = False,
              style: str | None = None, spacing: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "Container", "items": list(items)}
    if separator:
        out["separator"] = True
    if style:
        out["style"] = style
    if spacing:
        out["spacing"] = spacing
    return out


def execute(title: str, verb: str, data: Mapping[str, Any], *, style: str | None = None,
            inputs: bool = True) -> dict[str, Any]:
    """An ``Action.Execute`` button with an ``Action.Submit`` fallback (same data + verb).

    ``inputs=False`` sends no input values (``associatedInputs: none``) – for buttons
    that only navigate.
    """
    fallback: dict[str, Any] = {"type": "Action.Submit", "title": title,
                                "data": {**data, "verb": verb}}
    action: dict[str, Any] = {"type": "Action.Execute", "title": title, "verb": verb,
                              "data": dict(data), "fallback": fallback}
    if style:
        action["style"] = style
        fallback["style"] = style
    if not inputs:
        action["associatedInputs"] = "none"
        fallback["associatedInputs"] = "none"
    return action


def action_set(actions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "ActionSet", "actions": list(actions)}


def input_text(input_id: str, value: str = "", *, multiline: bool = False,
               max_length: int | None = None, placeholder: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "Input.Text", "id": input_id, "value": value}
    if multiline:
        out["isMultiline"] = True
    if max_length:
        out["maxLength"] = max_length
    if placeholder:
        out["placeholder"] = placeholder
    return out


def choice_set(input_id: str, choices: Sequence[tuple[str, str]], value: str = "", *,
               expanded: bool = True) -> dict[str, Any]:
    """Radio buttons (``expanded``) or a drop-down; ``choices`` are (title, value) pairs."""
    out: dict[str, Any] = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "style": "expanded" if expanded else "compact",
        "choices": [{"title": title, "value": v} for title, v in choices],
    }
    if value:
        out["value"] = value
    return out


# Row ids and versions are INTEGER columns: nothing outside 0..2**31-1 can be one (and a
# bigger Python int overflows the database driver instead of just finding nothing).
MAX_DB_INT = 2**31 - 1


def card_int(value: object, *, minimum: int = 0) -> int | None:
    """A whole number from card data (an int, or a string of ASCII digits); None for
    anything else or outside ``minimum``..:data:`MAX_DB_INT` (``"²".isdigit()`` is true,
    but ``int("²")`` fails: only ASCII digits count)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 10 or not (text.isascii() and text.isdigit()):
            return None
        value = int(text)
    if isinstance(value, int) and minimum <= value <= MAX_DB_INT:
        return value
    return None


class NotText(ValueError):
    """A card input that holds text arrived as another JSON type."""


def card_text(value: object) -> str | None:
    """A text input's value from card data: the string as sent; None when it was not
    sent (absent or null). Teams sends every input value as a string: a number,
    boolean, list or object raises :class:`NotText` - refused at its field, never
    turned into text such as ``"{'$gt': ''}"``. Cleaning is
    :func:`followup.text_input.clean_text`'s business."""
    if value is None or isinstance(value, str):
        return value
    raise NotText(type(value).__name__)


def utf16_bytes(value: Any) -> int:
    """Bytes of ``value``'s JSON as posted (``json.dumps`` defaults), encoded as UTF-16.
    Those defaults escape every non-ASCII character (``ensure_ascii``): the JSON is ASCII,
    two UTF-16 bytes per character, so no encoding is needed to count it."""
    return 2 * len(json.dumps(value))


def activity_bytes(activity: Mapping[str, Any]) -> int:
    """The size Teams counts for a whole outgoing activity (JSON data as posted)."""
    return utf16_bytes(activity)


def message_bytes(card_dict: Mapping[str, Any], text: str = "") -> int:
    """Size of the message that carries ``card_dict`` (and ``text`` as its text or
    summary), as Teams counts it: see :data:`MAX_MESSAGE_BYTES`. The envelope is counted
    as :data:`ENVELOPE_ALLOWANCE_CHARS`."""
    body = utf16_bytes(card_dict) + 2 * ENVELOPE_ALLOWANCE_CHARS
    return body + (utf16_bytes(text) if text else 0)


def fits_in_message(card_dict: Mapping[str, Any], text: str = "", *, reserve: int = 0) -> bool:
    """Within :data:`MAX_MESSAGE_BYTES`, keeping ``reserve`` bytes free (for what a
    caller adds later, e.g. a banner)."""
    return message_bytes(card_dict, text) + reserve <= MAX_MESSAGE_BYTES


def text_fits(message_text: str) -> bool:
    """A text-only message within :data:`MAX_MESSAGE_BYTES`."""
    return utf16_bytes(message_text) + 2 * ENVELOPE_ALLOWANCE_CHARS <= MAX_MESSAGE_BYTES


def largest_count(fits: Callable[[int], bool], count: int, *, least: int = 0) -> int:
    """The largest ``n`` in ``least..count`` with ``fits(n)`` (``least`` when none does);
    ``fits`` must be monotone (true up to some ``n``, false above): a binary search."""
    if count <= least or fits(count):
        return max(count, least)
    low, high = least, count - 1  # fits(count) is false; fits(low) assumed
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def largest_fitting(build: Callable[[int], dict[str, Any]], count: int, *,
                    text: str = "", least: int = 0, reserve: int = 0) -> dict[str, Any]:
    """``build(n)`` for the largest ``n`` in ``least..count`` whose message fits
    (``build(n)`` shows the first ``n`` of ``count`` items and says "+N till" for the
    rest); ``build(least)`` when none does."""
    built: dict[int, dict[str, Any]] = {}

    def fits(n: int) -> bool:
        built[n] = build(n)
        return fits_in_message(built[n], text, reserve=reserve)

    n = largest_count(fits, count, least=least)
    return built[n] if n in built else build(n)


def clip(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters, with "…" when cut."""
    if len(value) <= limit:
        return value
    return value[: max(limit - 1, 0)].rstrip() + "…"



def _version(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def iter_elements(node: Any) -> Iterable[dict[str, Any]]:
    """Every element and action in a card (not descending into fallbacks)."""
    if isinstance(node, dict):
        if "type" in node:
            yield node
        for key, value in node.items():
            if key == "fallback":
                continue
            yield from iter_elements(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_elements(item)


def compat_problems(card_dict: Mapping[str, Any]) -> list[str]:
    """What makes a card unfit for Teams: wrong version, newer elements without a
    fallback, ``Action.Execute`` without an ``Action.Submit`` fallback, or too large."""
    problems: list[str] = []
    if card_dict.get("version") != CARD_VERSION:
        problems.append(f"version is {card_dict.get('version')!r}, not {CARD_VERSION}")
    for element in iter_elements(card_dict.get("body", [])):
        kind = element.get("type")
        if kind == "AdaptiveCard":
            continue
        introduced = ELEMENT_VERSIONS.get(str(kind))
        # Data.Query: the dynamic choices of a typeahead Input.ChoiceSet (not an element)
        if introduced is None and kind not in ("Input.Choice", "Fact", "Data.Query"):
            problems.append(f"unknown element type {kind!r}")
            continue
        if introduced and _version(introduced) > _version(BASELINE_VERSION) and not element.get(
            "fallback"
        ):
            problems.append(f"{kind} (schema {introduced}) has no fallback")
    for element in iter_elements(card_dict):
        if element.get("type") == "Action.Execute":
            fallback = element.get("fallback")
            if not isinstance(fallback, dict) or fallback.get("type") != "Action.Submit":
                problems.append(f"Action.Execute {element.get('verb')!r} lacks Submit fallback")
            elif fallback.get("data", {}).get("verb") != element.get("verb"):
                problems.append(f"fallback of {element.get('verb')!r} carries another verb")
            elif {k: v for k, v in fallback["data"].items() if k != "verb"} != element.get(
                "data", {}
            ):
                problems.append(f"fallback of {element.get('verb')!r} carries other data")
    size = message_bytes(card_dict)
    if size > MAX_MESSAGE_BYTES:
        problems.append(f"message is {size} bytes in UTF-16 (limit {MAX_MESSAGE_BYTES})")
    return problems
