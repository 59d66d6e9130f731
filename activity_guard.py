"""Envelope checks on an incoming activity, before any turn runs.

Pure functions: a parsed body (and the SDK's validated :class:`Activity`) in, a short reason
out when the request must be refused with 400 - nothing of it is processed. One check per
field the SDK or Målbot reads, on the raw JSON (the SDK's models coerce and accept extra
keys of any shape):

* ``type``, ``channelId``, ``conversation.id`` present; ``from`` and ``recipient`` present
  (with an ``id``) on every activity Målbot answers - the SDK builds the conversation
  reference from both;
* ``from``, ``recipient``, ``conversation``: objects whose values are scalars (strings,
  booleans, null); ids at most :data:`MAX_ID_CHARS`, other strings (names) at most
  :data:`MAX_NAME_CHARS`; ``conversation.isGroup`` a boolean;
* ``serviceUrl``: an http(s) URL with a host;
* ``locale``: absent, null or a BCP 47-shaped tag (``sv-SE``, ``se-Latn-NO``) of at most
  :data:`MAX_LOCALE_CHARS` characters - anything else is refused (not silently
  replaced: Teams always sends a well-formed tag, so another one is not Teams);
* ``channelData``: absent, null or an object; its ``tenant``, ``team``, ``channel`` and
  ``meeting`` objects when present, the tenant with a string id;
* ``value``: on a message (``Action.Submit``) absent, null or an object; on an
  ``adaptiveCard/action`` invoke an object with an ``action`` object whose ``verb`` is a
  string and ``data`` (when present) an object;
* no NUL character anywhere (PostgreSQL rejects them in text).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from microsoft_agents.activity import Activity

#: Teams ids (``29:...``, ``a:...``, ``19:...@thread.tacv2;messageid=...``) stay well below.
MAX_ID_CHARS = 256
#: Activity types that must say who sent them.
_NEEDS_SENDER = frozenset({"message", "invoke", "conversationUpdate", "installationUpdate"})


def _ids(activity: Activity) -> dict[str, str | None]:
    sender = activity.from_property
    recipient = activity.recipient
    conversation = activity.conversation
    return {
        "id": activity.id,
        "replyToId": activity.reply_to_id,
        "channelId": str(activity.channel_id) if activity.channel_id else None,
        "conversation.id": conversation.id if conversation else None,
        "conversation.tenantId": conversation.tenant_id if conversation else None,
        "from.id": sender.id if sender else None,
        "from.aadObjectId": sender.aad_object_id if sender else None,
        "recipient.id": recipient.id if recipient else None,
    }


MAX_JSON_DEPTH = 32
_JSON_TOKENS = re.compile(rb'"(?:\\.|[^"\\])*"|[\[\]{}]')


def json_too_deep(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when ``raw`` nests objects/arrays deeper than ``limit``.

    Checked before parsing, so a hostile body never depends on the interpreter's
    recursion limit (which other code may raise) to be refused. Cheap for ordinary
    activities: bodies with few brackets are not scanned at all.
    """
    if raw.count(b"{") + raw.count(b"[") <= limit:
        return False
    depth = 0
    for match in _JSON_TOKENS.finditer(raw):
        token = match.group()
        if token in (b"{", b"["):
            depth += 1
            if depth > limit:
                return True
        elif token in (b"}", b"]"):
            depth -= 1
    return False


def contains_nul(value: Any) -> bool:
    """True when any string (key or value) anywhere in a JSON value holds a NUL character."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def service_url_problem(service_url: str) -> str | None:
    try:
        parts = urlsplit(service_url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return "serviceUrl is not a valid URL"
    if parts.scheme not in ("http", "https") or not host:
        return "serviceUrl must be an http(s) URL with a host"
    if any(c.isspace() or ord(c) < 32 for c in service_url):
        return "serviceUrl must not contain spaces or control characters"
    return None


#: Display names (Teams allows 256 characters) and conversation names.
MAX_NAME_CHARS = 1024
#: RFC 5646 §4.4.1: 35 characters hold every language tag worth supporting.
MAX_LOCALE_CHARS = 35
_LOCALE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*", re.ASCII)
_ID_KEYS = frozenset({"id", "aadObjectId", "tenantId"})
#: The invoke an Adaptive Card button (``Action.Execute``) sends.
CARD_ACTION_INVOKE = "adaptiveCard/action"
_CHANNEL_DATA_OBJECTS = ("tenant", "team", "channel", "meeting")


def _account_problem(name: str, value: Any, *, required: bool) -> str | None:
    """``from`` / ``recipient`` / ``conversation``: a flat object of scalars."""
    if value is None:
        return f"activity must have {name}" if required else None
    if not isinstance(value, dict):
        return f"{name} must be an object"
    for key, item in value.items():
        if item is None or isinstance(item, bool):
            continue
        if not isinstance(item, str):
            return f"{name}.{key} must be a string"
        limit = MAX_ID_CHARS if key in _ID_KEYS else MAX_NAME_CHARS
        if len(item) > limit:
            return f"{name}.{key} is too long"
    if required and not (isinstance(value.get("id"), str) and value["id"]):
        return f"activity must have {name}.id"
    return None


def locale_problem(locale: Any) -> str | None:
    if locale is None:
        return None
    if not isinstance(locale, str) or len(locale) > MAX_LOCALE_CHARS \
            or not _LOCALE.fullmatch(locale):
        return "locale must be a language tag such as sv-SE"
    return None


def channel_data_problem(channel_data: Any) -> str | None:
    if channel_data is None:
        return None
    if not isinstance(channel_data, dict):
        return "channelData must be an object"
    for key in _CHANNEL_DATA_OBJECTS:
        item = channel_data.get(key)
        if item is not None and not isinstance(item, dict):
            return f"channelData.{key} must be an object"
    tenant = channel_data.get("tenant")
    if isinstance(tenant, dict):
        tenant_id = tenant.get("id")
        if tenant_id is not None and (not isinstance(tenant_id, str)
                                      or len(tenant_id) > MAX_ID_CHARS):
            return "channelData.tenant.id must be a string"
    return None


def value_problem(body: dict[str, Any]) -> str | None:
    """The ``value`` of a message (Action.Submit data) or of a card action invoke."""
    value = body.get("value")
    kind = body.get("type")
    if kind == "message":
        if value is not None and not isinstance(value, dict):
            return "value of a message must be an object"
    elif kind == "invoke" and body.get("name") == CARD_ACTION_INVOKE:
        action = value.get("action") if isinstance(value, dict) else None
        if not isinstance(action, dict):
            return "value.action of a card action must be an object"
        verb = action.get("verb")
        if verb is not None and not isinstance(verb, str):
            return "value.action.verb must be a string"
        data = action.get("data")
        if data is not None and not isinstance(data, dict):
            return "value.action.data must be an object"
    return None


def envelope_problem(body: dict[str, Any], activity: Activity) -> str | None:
    """Why the activity must be refused (400), or None when its envelope is sound."""
    if not activity.type or activity.conversation is None or not activity.conversation.id:
        return "activity must have type and conversation.id"
    if not activity.channel_id:
        return "activity must have channelId"
    answered = activity.type in _NEEDS_SENDER
    for name in ("from", "recipient", "conversation"):
        problem = _account_problem(name, body.get(name), required=answered or
                                   name == "conversation")
        if problem:
            return problem
    is_group = body["conversation"].get("isGroup")
    if is_group is not None and not isinstance(is_group, bool):
        return "conversation.isGroup must be a boolean"
    for name, value in _ids(activity).items():
        if value is not None and len(value) > MAX_ID_CHARS:
            return f"{name} is too long"
    if not activity.service_url:
        return "activity must have serviceUrl"  # where would the answer go?
    problem = (service_url_problem(activity.service_url)
               or locale_problem(body.get("locale"))
               or channel_data_problem(body.get("channelData"))
               or value_problem(body))
    if problem:
        return problem
    if contains_nul(body):
        return "activity must not contain NUL characters"
    return None
