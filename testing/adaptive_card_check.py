"""A strict structural check of Adaptive Cards as Teams renders them (schema 1.5).

No official schema file ships with the project's dependencies, so this encodes the rules
that matter for Målbot's cards: known element/action types with the schema version they
came in, required properties, allowed enum values, unique ids, and Teams' rules that every
element newer than 1.2 (and every chart, which only desktop/web render) has a
``fallback``, and that every ``Action.Execute`` falls back to an ``Action.Submit`` with
the same verb and data. :func:`card_problems` returns human-readable problems (empty =
valid).
"""

from __future__ import annotations

import json
from typing import Any

# Teams: 100 KB per message counted in UTF-16, 80 KB recommended; 4 KB left for the envelope.
MAX_TEAMS_CARD_BYTES = 80 * 1024 - 4096
#: Teams shows about six buttons on a row and clips the rest.
MAX_ACTIONS_PER_ROW = 6
MOBILE_VERSION = (1, 2)

_COMMON = {"type", "id", "spacing", "separator", "isVisible", "height", "fallback", "requires",
           "horizontalAlignment"}
ELEMENTS: dict[str, tuple[tuple[int, int], set[str], set[str]]] = {
    # type: (version, required, allowed extra)
    "TextBlock": ((1, 0), {"text"}, {"wrap", "size", "weight", "color", "isSubtle",
                                     "maxLines", "fontType", "style"}),
    "FactSet": ((1, 0), {"facts"}, set()),
    "ColumnSet": ((1, 0), {"columns"}, {"selectAction", "style", "bleed", "minHeight"}),
    "Container": ((1, 0), {"items"}, {"selectAction", "style", "verticalContentAlignment",
                                      "bleed", "minHeight", "backgroundImage", "rtl"}),
    "ActionSet": ((1, 2), {"actions"}, set()),
    "Image": ((1, 0), {"url"}, {"altText", "size", "style", "width", "selectAction"}),
    "RichTextBlock": ((1, 2), {"inlines"}, set()),
    # Inputs: a visible ``label`` is required (read out by screen readers, DOS-lagen)
    "Input.Text": ((1, 0), {"id", "label"}, {"value", "isMultiline", "maxLength",
                                             "placeholder", "isRequired", "errorMessage",
                                             "style", "regex", "inlineAction"}),
    "Input.ChoiceSet": ((1, 0), {"id", "label", "choices"},
                        {"value", "style", "isMultiSelect", "isRequired", "errorMessage",
                         "placeholder", "wrap"}),
    "Input.Toggle": ((1, 0), {"id", "label", "title"},
                     {"value", "valueOn", "valueOff", "isRequired", "errorMessage", "wrap"}),
    "Input.Date": ((1, 0), {"id", "label"}, {"value", "min", "max", "placeholder",
                                             "isRequired", "errorMessage"}),
    "Input.Number": ((1, 0), {"id", "label"}, {"value", "min", "max", "placeholder",
                                               "isRequired", "errorMessage"}),
    "Table": ((1, 5), {"columns", "rows"}, {"firstRowAsHeader", "showGridLines",
                                            "gridStyle"}),
    "Chart.Donut": ((9, 9), {"data"}, {"title", "colorSet"}),
    "Chart.Pie": ((9, 9), {"data"}, {"title", "colorSet"}),
    "Chart.VerticalBar": ((9, 9), {"data"}, {"title", "colorSet", "xAxisTitle",
                                             "yAxisTitle"}),
    "Chart.HorizontalBar": ((9, 9), {"data"}, {"title", "colorSet", "displayMode"}),
}
ACTIONS: dict[str, tuple[tuple[int, int], set[str], set[str]]] = {
    "Action.Submit": ((1, 0), {"title"}, {"data", "style", "associatedInputs"}),
    "Action.OpenUrl": ((1, 0), {"title", "url"}, {"style"}),
    "Action.ShowCard": ((1, 0), {"title", "card"}, {"style"}),
    "Action.ToggleVisibility": ((1, 2), {"title", "targetElements"}, {"style"}),
    "Action.Execute": ((1, 4), {"title", "verb"}, {"data", "style", "associatedInputs"}),
}
_ACTION_COMMON = {"type", "id", "fallback", "iconUrl", "tooltip", "isEnabled", "mode",
                  "requires"}
_ENUMS: dict[str, set[str]] = {
    "spacing": {"None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"},
    "size": {"Small", "Default", "Medium", "Large", "ExtraLarge"},
    "weight": {"Lighter", "Default", "Bolder"},
    "color": {"Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"},
    "horizontalAlignment": {"Left", "Center", "Right"},
    "verticalContentAlignment": {"Top", "Center", "Bottom"},
}
CHART_COLOURS = {"good", "warning", "attention", "neutral"} | {
    f"categorical{c}" for c in ("Red", "Green", "Blue", "Purple", "Teal", "Lavender",
                                "LightBlue", "Lime", "Marigold")
}


def card_bytes(card: dict[str, Any]) -> int:
    """Size as Teams counts it: the JSON as the SDK posts it (``json.dumps`` defaults,
    non-ASCII escaped) encoded as UTF-16."""
    return len(json.dumps(card).encode("utf-16-le"))


def card_problems(card: dict[str, Any], *, version: str = "1.5") -> list[str]:
    checker = _Checker()
    if card.get("type") != "AdaptiveCard":
        checker.problems.append("root: type must be AdaptiveCard")
    if card.get("version") != version:
        checker.problems.append(f"root: version must be {version!r}, got {card.get('version')!r}")
    if not isinstance(card.get("body"), list):
        checker.problems.append("root: body must be a list")
    else:
        checker.elements(card["body"], "body")
    checker.actions(card.get("actions", []), "actions")
    checker.targets_exist()
    size = card_bytes(card)
    if size > MAX_TEAMS_CARD_BYTES:
        checker.problems.append(f"card is {size} bytes in UTF-16; with its envelope a message "
                                f"stays within 80 KB only below {MAX_TEAMS_CARD_BYTES}")
    return checker.problems


def iter_actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Every action of the card (ActionSets, columns, card actions), fallbacks excluded."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Action."):
                found.append(node)
            for key, value in node.items():
                if key != "fallback":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card.get("body", []))
    walk(card.get("actions", []))
    return found


def iter_elements(card: dict[str, Any], type_: str, *, fallbacks: bool = False
                  ) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == type_:
                found.append(node)
            for key, value in node.items():
                if key != "fallback" or fallbacks:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card.get("body", []))
    return found


def text_of(card: dict[str, Any]) -> str:
    """All visible text of a card (text blocks, facts, legends, action titles), fallbacks
    included; action data is not text."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "legend"):
                if isinstance(node.get(key), str):
                    parts.append(node[key])
            if "facts" in node and isinstance(node["facts"], list):
                parts.extend(
                    f"{f.get('title')}: {f.get('value')}"
                    for f in node["facts"]
                    if isinstance(f, dict)
                )
            for key, value in node.items():
                if not (key == "data" and isinstance(value, dict)) and key != "facts":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return "\n".join(parts)


# Rough pixel heights of what Teams renders (desktop, standard width ~ 75 characters a
# line); good enough to compare layouts, not to place anything.
_LINE_PX = 20
_CHARS_PER_LINE = 75


def visible_height(node: Any) -> int:
    """Estimated height in px of what a card shows before any button is pressed
    (elements with ``isVisible: false`` and their content count nothing)."""
    if isinstance(node, list):
        return sum(visible_height(item) for item in node)
    if not isinstance(node, dict) or node.get("isVisible") is False:
        return 0
    kind = node.get("type")
    if kind == "AdaptiveCard":
        actions = 40 if node.get("actions") else 0
        return visible_height(node.get("body", [])) + actions
    if kind == "TextBlock":
        lines = max(1, -(-len(str(node.get("text", ""))) // _CHARS_PER_LINE))
        lines += str(node.get("text", "")).count("\n")
        size = {"large": 1.6, "medium": 1.3, "extralarge": 2.0}.get(
            str(node.get("size", "")).lower(), 1.0)
        return int(lines * _LINE_PX * size) + 4
    if kind == "RichTextBlock":
        chars = sum(len(str(i.get("text", ""))) for i in node.get("inlines", [])
                    if isinstance(i, dict))
        return max(1, -(-chars // _CHARS_PER_LINE)) * _LINE_PX + 4
    if kind == "FactSet":
        return len(node.get("facts", [])) * _LINE_PX + 4
    if kind == "ActionSet":
        return 40
    if str(kind).startswith("Chart."):
        return 220
    if kind == "Input.Text":
        return 110 if node.get("isMultiline") else 56
    if kind == "Input.ChoiceSet":
        return 24 + 28 * len(node.get("choices", []))
    if kind == "Input.Toggle":
        return 32
    if kind == "ColumnSet":
        return max((visible_height(c.get("items", [])) for c in node.get("columns", [])
                    if isinstance(c, dict) and c.get("isVisible") is not False), default=0) + 8
    if kind == "Container":
        return visible_height(node.get("items", [])) + 8
    return 0


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.targets: list[tuple[str, str]] = []  # (where, id) of ToggleVisibility targets

    def targets_exist(self) -> None:
        for where, target in self.targets:
            if target not in self.ids:
                self.problems.append(f"{where}: toggles {target!r}, which is not in the card")

    def _id(self, node: dict[str, Any], where: str) -> None:
        ident = node.get("id")
        if ident is None:
            return
        if ident in self.ids:
            self.problems.append(f"{where}: duplicate id {ident!r}")
        self.ids.add(ident)

    def _enums(self, node: dict[str, Any], where: str) -> None:
        for key, allowed in _ENUMS.items():
            # enum values are case-insensitive in the schema ("medium" = "Medium")
            if key in node and str(node[key]).lower() not in {a.lower() for a in allowed}:
                self.problems.append(f"{where}: {key}={node[key]!r} not in {sorted(allowed)}")

    def elements(self, items: Any, where: str, *, in_fallback: bool = False) -> None:
        if not isinstance(items, list):
            self.problems.append(f"{where}: must be a list")
            return
        for i, item in enumerate(items):
            self.element(item, f"{where}[{i}]", in_fallback=in_fallback)

    def element(self, node: Any, where: str, *, in_fallback: bool = False) -> None:
        if not isinstance(node, dict):
            self.problems.append(f"{where}: element must be an object")
            return
        kind = node.get("type")
        where = f"{where}<{kind}>"
        if kind == "Column":
            self.problems.append(f"{where}: a Column only belongs in ColumnSet.columns")
            return
        spec = ELEMENTS.get(str(kind))
        if spec is None:
            self.problems.append(f"{where}: unknown element type")
            return
        version, required, extra = spec
        for key in required:
            if key not in node:
                self.problems.append(f"{where}: missing {key!r}")
        for key in node:
            if key not in required | extra | _COMMON:
                self.problems.append(f"{where}: unknown property {key!r}")
        self._id(node, where)
        self._enums(node, where)
        if version > MOBILE_VERSION:
            fallback = node.get("fallback")
            if fallback is None:
                self.problems.append(f"{where}: newer than 1.2 (or a chart) without fallback")
            elif fallback != "drop":
                self.element(fallback, f"{where}.fallback", in_fallback=True)
                if isinstance(fallback, dict):
                    fb = ELEMENTS.get(str(fallback.get("type")))
                    if fb is not None and fb[0] > MOBILE_VERSION:
                        self.problems.append(f"{where}: fallback is itself newer than 1.2")
        elif "fallback" in node and node["fallback"] != "drop":
            self.element(node["fallback"], f"{where}.fallback", in_fallback=True)
        check = {
            "TextBlock": self._text_block,
            "FactSet": self._fact_set,
            "ColumnSet": self._column_set,
            "Container": self._container,
            "ActionSet": self._action_set,
            "Chart.Donut": self._donut,
            "Chart.Pie": self._donut,
        }.get(str(kind))
        if check is not None:
            check(node, where)

    # --- per type ---------------------------------------------------------------
    def _text_block(self, node: dict[str, Any], where: str) -> None:
        if not isinstance(node.get("text"), str) or not node["text"].strip():
            self.problems.append(f"{where}: text must be a non-empty string")

    def _fact_set(self, node: dict[str, Any], where: str) -> None:
        facts = node.get("facts")
        if not isinstance(facts, list) or not facts:
            self.problems.append(f"{where}: facts must be a non-empty list")
            return
        for i, fact in enumerate(facts):
            if not (isinstance(fact, dict) and set(fact) == {"title", "value"}
                    and all(isinstance(v, str) for v in fact.values())):
                self.problems.append(f"{where}.facts[{i}]: must be {{title: str, value: str}}")

    def _column_set(self, node: dict[str, Any], where: str) -> None:
        columns = node.get("columns")
        if not isinstance(columns, list):
            self.problems.append(f"{where}: columns must be a list")
            return
        for i, column in enumerate(columns):
            cw = f"{where}.columns[{i}]"
            if not isinstance(column, dict) or column.get("type") != "Column":
                self.problems.append(f"{cw}: must be a Column")
                continue
            allowed = {"type", "items", "width", "id", "spacing", "separator", "style",
                       "verticalContentAlignment", "selectAction", "isVisible", "bleed",
                       "minHeight", "fallback", "horizontalAlignment"}
            for key in column:
                if key not in allowed:
                    self.problems.append(f"{cw}: unknown property {key!r}")
            width = column.get("width", "auto")
            if not (width in ("auto", "stretch") or isinstance(width, int)
                    or (isinstance(width, str) and width.endswith("px"))):
                self.problems.append(f"{cw}: bad width {width!r}")
            self._enums(column, cw)
            self.elements(column.get("items", []), f"{cw}.items")

    def _container(self, node: dict[str, Any], where: str) -> None:
        self.elements(node.get("items"), f"{where}.items")

    def _action_set(self, node: dict[str, Any], where: str) -> None:
        self.actions(node.get("actions"), f"{where}.actions")

    def _donut(self, node: dict[str, Any], where: str) -> None:
        data = node.get("data")
        if not isinstance(data, list) or not data:
            self.problems.append(f"{where}: data must be a non-empty list")
            return
        for i, point in enumerate(data):
            if not isinstance(point, dict) or not isinstance(point.get("legend"), str) or not (
                isinstance(point.get("value"), int | float)
                and not isinstance(point.get("value"), bool)
            ):
                self.problems.append(f"{where}.data[{i}]: needs legend (str) and value (number)")
            elif "color" in point and point["color"] not in CHART_COLOURS:
                self.problems.append(f"{where}.data[{i}]: unknown colour {point['color']!r}")

    # --- actions ------------------------------------------------------------------
    def actions(self, items: Any, where: str) -> None:
        if not isinstance(items, list):
            self.problems.append(f"{where}: must be a list")
            return
        if len(items) > MAX_ACTIONS_PER_ROW:
            self.problems.append(f"{where}: {len(items)} buttons on one row; Teams clips "
                                 f"beyond {MAX_ACTIONS_PER_ROW}")
        for i, action in enumerate(items):
            self.action(action, f"{where}[{i}]")

    def action(self, node: Any, where: str, *, in_fallback: bool = False) -> None:
        if not isinstance(node, dict):
            self.problems.append(f"{where}: action must be an object")
            return
        kind = node.get("type")
        where = f"{where}<{kind}>"
        spec = ACTIONS.get(str(kind))
        if spec is None:
            self.problems.append(f"{where}: unknown action type")
            return
        version, required, extra = spec
        for key in required:
            if key == "targetElements":
                targets = node.get(key)
                if not isinstance(targets, list) or not targets:
                    self.problems.append(f"{where}: targetElements must be a non-empty list")
                    continue
                for target in targets:
                    ident = target.get("elementId") if isinstance(target, dict) else target
                    self.targets.append((where, str(ident)))
                continue
            if not isinstance(node.get(key), str) or not node[key].strip():
                self.problems.append(f"{where}: {key!r} must be a non-empty string")
        for key in node:
            if key not in required | extra | _ACTION_COMMON:
                self.problems.append(f"{where}: unknown property {key!r}")
        if "style" in node and node["style"] not in ("default", "positive", "destructive"):
            self.problems.append(f"{where}: bad style {node['style']!r}")
        self._id(node, where)
        if "data" in node and not isinstance(node["data"], dict):
            self.problems.append(f"{where}: data must be an object")
        if version > MOBILE_VERSION:
            fallback = node.get("fallback")
            if not isinstance(fallback, dict) or fallback.get("type") != "Action.Submit":
                self.problems.append(f"{where}: needs an Action.Submit fallback")
            else:
                self.action(fallback, f"{where}.fallback", in_fallback=True)
                data = fallback.get("data", {})
                if kind == "Action.Execute" and (
                    not isinstance(data, dict) or data.get("verb") != node.get("verb")
                ):
                    self.problems.append(f"{where}: fallback data must carry the same verb")
                elif kind == "Action.Execute":
                    for key, value in (node.get("data") or {}).items():
                        if data.get(key) != value:
                            self.problems.append(f"{where}: fallback data differs at {key!r}")
