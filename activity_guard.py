"""Envelope checks on an incoming activity, before any turn runs.

Pure functions: a parsed body (and the SDK's validated :class:`Activity`) in, a short reason
out when the request must be refused with 400. They keep out what Teams never sends and
what would otherwise fail deep inside the turn (a 5xx): missing ids, ids longer than any
Teams id (state keys are limited), NUL characters (PostgreSQL rejects them in text), and a
``serviceUrl`` that is not an http(s) URL with a host.
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


def envelope_problem(body: dict[str, Any], activity: Activity) -> str | None:
    """Why the activity must be refused (400), or None when its envelope is sound."""
    if not activity.type or activity.conversation is None or not activity.conversation.id:
        return "activity must have type and conversation.id"
    if not activity.channel_id:
        return "activity must have channelId"
    if activity.type in _NEEDS_SENDER and (
        activity.from_property is None or not activity.from_property.id
    ):
        return "activity must have from.id"
    for name, value in _ids(activity).items():
        if value is not None and len(value) > MAX_ID_CHARS:
            return f"{name} is too long"
    if not activity.service_url:
        return "activity must have serviceUrl"  # where would the answer go?
    problem = service_url_problem(activity.service_url)
    if problem:
        return problem
    if contains_nul(body):
        return "activity must not contain NUL characters"
    return None
