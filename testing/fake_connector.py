"""A local fake of Microsoft's Bot Connector service, as the Teams channel runs it.

The bot posts its activities to the `serviceUrl` of a conversation (Bot Framework v3 REST
API). `FakeConnector` serves that API on 127.0.0.1 and behaves like the Teams channel:

* `POST /v3/conversations` creates (or returns the existing) 1:1 chat with a user, or
  starts a thread in a team channel. Like Teams it needs a tenant id and answers 403
  `ForbiddenOperationException` when the app is not installed for the user.
* `POST /v3/conversations/{id}/activities` sends, `POST .../activities/{activityId}`
  replies, `PUT .../activities/{activityId}` updates and `DELETE` deletes a message.
* Teams' rate limits, per conversation (7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in an hour;
  the same for creating conversations) and per app (50 requests a second), answer 429
  `Throttled` with an integer `Retry-After` header (seconds). Only accepted requests use
  up the allowance; updates and deletes count like sends.
* Bodies over 100 KB counted as Teams counts a message (the JSON text as received,
  encoded as UTF-16: two bytes a character) answer 413 `MessageSizeTooBig`; malformed
  JSON answers 400.
* Error bodies follow the Bot Framework shape `{"error": {"code": ..., "message": ...}}`
  with the codes Microsoft documents for Teams (`BotNotInConversationRoster`,
  `ConversationNotFound`, `PreconditionFailed`, `ServiceError`, ...). A user who blocked
  or uninstalled the bot gets the Teams-specific `errorCode` 209 /
  `MessageWritesBlocked` body, as Microsoft documents it.

Every accepted operation is recorded as an `ActivityRecord`; every request, rejected or
not, is counted by status. Faults can be scripted (`fail_next`, `respond_429_next`,
`hang_next`, `fail_conversation`, user states), drawn at random with a seeded RNG
(`RandomFaults`), or come as a *throttling storm* (`storm`): for a stretch of time every
request answers 429 `Throttled` with a `Retry-After` header, as the Bot Connector does
when an app or tenant is throttled. `retry_after_violations` lists requests that came in
while an earlier `Retry-After` was still running. A request that is held (a "hang") is
processed normally afterwards, so - as with the real service - a client that gave up
waiting may still find its message delivered.

Besides the Microsoft endpoints the fake serves `GET /_fake/stats`,
`GET /_fake/records[?conversation_id=...]`, `POST /_fake/clear` and
`POST /_fake/storm?seconds=S[&retry_after=R][&starts_in=T]` so that benchmark
scripts can inspect a fake that runs in another process
(`python -m testing.fake_connector --port N`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import random
import secrets
import signal
import ssl
import sys
import time
import weakref
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, Self

from aiohttp import web
from aiohttp.typedefs import Handler

__all__ = [
    "ACTIVITY_KINDS",
    "ADAPTIVE_CARD_CONTENT_TYPE",
    "MESSAGE_KINDS",
    "TEAMS_PER_CONVERSATION_WINDOWS",
    "ActivityRecord",
    "ConnectorLimits",
    "FakeConnector",
    "RandomFaults",
    "RateWindow",
    "RecordKind",
    "ResponseLogEntry",
    "Storm",
    "main",
]

RecordKind = Literal["create_conversation", "send", "reply", "update", "delete"]

#: Operations that put a new message into a conversation.
MESSAGE_KINDS: frozenset[RecordKind] = frozenset({"send", "reply"})
#: Every operation on the activities of a conversation.
ACTIVITY_KINDS: frozenset[RecordKind] = frozenset({"send", "reply", "update", "delete"})

ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

_FAKE_CONTROL_PREFIX = "/_fake/"
_DEFAULT_WAIT_TIMEOUT = 5.0


@dataclass(frozen=True)
class RateWindow:
    """At most `max_operations` accepted operations within any `seconds` long window."""

    seconds: float
    max_operations: int

    def __post_init__(self) -> None:
        if self.seconds <= 0 or self.max_operations < 1:
            raise ValueError(f"invalid rate window: {self!r}")


#: Teams' documented per bot, per conversation limits ("send to conversation" and
#: "create conversation" alike).
TEAMS_PER_CONVERSATION_WINDOWS: tuple[RateWindow, ...] = (
    RateWindow(1, 7),
    RateWindow(2, 8),
    RateWindow(30, 60),
    RateWindow(3600, 1800),
)


@dataclass(frozen=True)
class ConnectorLimits:
    """The limits the fake enforces; the defaults are Teams' own.

    `enabled=False` switches all rate limits off (the body size limit stays);
    `ConnectorLimits.unlimited()` switches off everything.
    """

    enabled: bool = True
    per_conversation: tuple[RateWindow, ...] = TEAMS_PER_CONVERSATION_WINDOWS
    create_conversation: tuple[RateWindow, ...] = TEAMS_PER_CONVERSATION_WINDOWS
    global_limit_per_s: int | None = 50
    max_body_bytes: int | None = 100 * 1024

    @classmethod
    def unlimited(cls) -> ConnectorLimits:
        """No rate limits and no body size limit."""
        return cls(enabled=False, max_body_bytes=None)


@dataclass(frozen=True)
class RandomFaults:
    """Random faults drawn from an RNG seeded with `seed` (reproducible runs).

    Each request first fails with probability `fault_rate` (status picked from
    `statuses`; a 429 carries `Retry-After: retry_after`), else is held for
    `hang_seconds` with probability `timeout_rate` and then processed normally.
    """

    fault_rate: float = 0.0
    statuses: tuple[int, ...] = (500, 502, 503, 504, 412)
    timeout_rate: float = 0.0
    hang_seconds: float = 30.0
    seed: int = 0
    retry_after: int = 1

    def __post_init__(self) -> None:
        if not (0.0 <= self.fault_rate <= 1.0 and 0.0 <= self.timeout_rate <= 1.0):
            raise ValueError("fault_rate and timeout_rate must lie in [0, 1]")
        if self.fault_rate > 0 and not self.statuses:
            raise ValueError("fault_rate > 0 needs at least one status")
        if self.hang_seconds < 0 or self.retry_after < 1:
            raise ValueError("hang_seconds must be >= 0 and retry_after >= 1")


@dataclass(frozen=True)
class ActivityRecord:
    """One accepted operation, as the fake received it."""

    kind: RecordKind
    conversation_id: str
    #: The id the fake assigned (send, reply, create) or the target id (update, delete).
    activity_id: str
    #: The JSON body; for a created conversation the conversation parameters, for a
    #: delete an empty dict.
    body: dict[str, Any]
    #: Time of arrival on the fake's clock (`time.monotonic` unless injected).
    received_at: float
    #: The Authorization header as sent, or None.
    authorization: str | None
    method: str
    path: str
    #: For a reply: the activity id in the URL that is replied to.
    reply_to_id: str | None = None
    query: Mapping[str, str] = field(default_factory=dict)

    @property
    def activity_type(self) -> str | None:
        value = self.body.get("type")
        return value if isinstance(value, str) else None

    @property
    def text(self) -> str | None:
        value = self.body.get("text")
        return value if isinstance(value, str) else None

    @property
    def attachments(self) -> list[dict[str, Any]]:
        value = self.body.get("attachments")
        if not isinstance(value, list):
            return []
        return [item for item in value if isinstance(item, dict)]

    @property
    def cards(self) -> list[dict[str, Any]]:
        """The Adaptive Card contents among the attachments."""
        return [
            item["content"]
            for item in self.attachments
            if item.get("contentType") == ADAPTIVE_CARD_CONTENT_TYPE
            and isinstance(item.get("content"), dict)
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "conversationId": self.conversation_id,
            "activityId": self.activity_id,
            "replyToId": self.reply_to_id,
            "method": self.method,
            "path": self.path,
            "query": dict(self.query),
            "receivedAt": self.received_at,
            "authorization": self.authorization,
            "body": self.body,
        }


@dataclass(frozen=True)
class ResponseLogEntry:
    """One answered request, accepted or rejected."""

    method: str
    path: str
    status: int
    at: float
    conversation_id: str | None
    #: The `Retry-After` header of the answer, in seconds (429s), else None.
    retry_after: float | None = None


@dataclass(frozen=True)
class Storm:
    """From `start` to `end` (the fake's clock) every request answers 429 with
    `Retry-After: retry_after`."""

    start: float
    end: float
    retry_after: int

    def covers(self, at: float) -> bool:
        return self.start <= at < self.end


@dataclass
class _ScriptedFault:
    remaining: int
    conversation_id: str | None
    status: int | None = None
    retry_after: int | None = None
    hang_seconds: float | None = None

    def matches(self, conversation_id: str | None) -> bool:
        return self.conversation_id is None or self.conversation_id == conversation_id


@dataclass(frozen=True)
class _ConversationFault:
    status: int
    body: dict[str, Any]


class _SlidingWindows:
    """Sliding-window counters of accepted operations, one list of times per key."""

    def __init__(self, windows: Sequence[RateWindow]) -> None:
        self._windows = tuple(windows)
        self._longest = max((w.seconds for w in self._windows), default=0.0)
        self._events: dict[str, list[float]] = {}

    def wait_seconds(self, key: str, now: float) -> float:
        """Seconds until one more operation fits every window (0 when it fits now)."""
        events = self._events.get(key)
        if not events:
            return 0.0
        del events[: bisect_right(events, now - self._longest)]
        wait = 0.0
        for window in self._windows:
            start = bisect_right(events, now - window.seconds)
            in_window = len(events) - start
            if in_window >= window.max_operations:
                # The operation whose expiry frees a slot in this window.
                blocking = events[start + in_window - window.max_operations]
                wait = max(wait, blocking + window.seconds - now)
        return wait

    def add(self, key: str, now: float) -> None:
        if self._windows:
            self._events.setdefault(key, []).append(now)

    def clear(self) -> None:
        self._events.clear()


def _json_response(
    status: int, body: Mapping[str, Any] | None, headers: Mapping[str, str] | None = None
) -> web.Response:
    if body is None:
        return web.Response(status=status, headers=headers)
    return web.Response(
        status=status,
        text=json.dumps(body),
        content_type="application/json",
        charset="utf-8",
        headers=headers,
    )


def _error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


_DEFAULT_ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadArgument", "Invalid request."),
    403: ("BotNotInConversationRoster", "The bot is not part of the conversation roster."),
    404: ("ConversationNotFound", "Conversation not found."),
    412: ("PreconditionFailed", "Precondition failed, please try again."),
    413: ("MessageSizeTooBig", "Message size too large."),
    429: ("Throttled", "Too many requests."),
    500: ("ServiceError", "Internal server error."),
    502: ("ServiceError", "Service dependency issue."),
    503: ("ServiceUnavailable", "Service is unavailable."),
    504: ("GatewayTimeout", "Gateway Timeout."),
}


def _default_error(status: int) -> dict[str, Any]:
    code, message = _DEFAULT_ERRORS.get(status, ("ServiceError", f"HTTP {status}."))
    return _error_body(code, message)


def _writes_blocked_body() -> dict[str, Any]:
    """The body Teams documents for a user who blocked or uninstalled the bot."""
    details = {
        "subCode": "MessageWritesBlocked",
        "details": "Thread is blocked from message writes.",
        "errorCode": None,
        "errorSubCode": None,
    }
    return {"errorCode": 209, "message": json.dumps(details, indent=2)}


def _retry_after_header(wait_seconds: float) -> str:
    return str(max(1, math.ceil(wait_seconds)))


def _throttled(wait_seconds: float) -> web.Response:
    return _json_response(
        429, _default_error(429), headers={"Retry-After": _retry_after_header(wait_seconds)}
    )


def _bad_request(code: str, message: str) -> web.Response:
    return _json_response(400, _error_body(code, message))


def _dict_or_empty(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class FakeConnector:
    """Microsoft's Bot Connector (Teams channel) REST API on 127.0.0.1.

    Use `async with FakeConnector() as fake:` (or `await fake.start()` /
    `await fake.stop()`); `fake.url` is the service URL to give the bot.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        limits: ConnectorLimits | None = None,
        require_auth: str | None = None,
        not_installed: Iterable[str] = (),
        unknown_users: Iterable[str] = (),
        random_faults: RandomFaults | None = None,
        path_prefix: str = "",
        strict_activity_ids: bool = False,
        clock: Callable[[], float] = time.monotonic,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """Configure the fake; nothing runs until `start()`.

        :param port: 0 picks a free port.
        :param require_auth: when set, requests need `Authorization: Bearer <it>` (else 401).
        :param not_installed: users (AAD object ids or Teams ids, as the bot sends them in
            `members`) for whom the app is not installed: creating a chat answers 403,
            sends to their existing chat answer 403 `MessageWritesBlocked`.
        :param unknown_users: users unknown to the tenant: creating a chat answers 404.
        :param path_prefix: e.g. "emea/" to serve under `http://127.0.0.1:PORT/emea/`, as the
            real service URLs (`https://smba.trafficmanager.net/emea/`) do.
        :param strict_activity_ids: when True, updating or deleting an activity this fake
            did not create in that conversation (or already deleted) answers 404
            `ActivityNotFoundInConversation`.
        :param clock: a non-decreasing clock in seconds for the rate limits and records.
        :param ssl_context: serve HTTPS with this server context (the URL is then https).
        """
        self._host = host
        self._port = port
        self._require_auth = require_auth
        self._path_prefix = path_prefix.strip("/")
        self._strict_activity_ids = strict_activity_ids
        self._clock = clock
        self._ssl_context = ssl_context
        self._limits = limits if limits is not None else ConnectorLimits()
        self._conversation_windows = _SlidingWindows(())
        self._create_windows = _SlidingWindows(())
        self._global_windows = _SlidingWindows(())
        self._apply_limits()

        self._not_installed: set[str] = set(not_installed)
        self._blocked: set[str] = set()
        self._unknown_users: set[str] = set(unknown_users)
        self._member_profiles: dict[str, dict[str, Any]] = {}
        self._user_conversations: dict[tuple[str, str], str] = {}
        self._conversation_users: dict[str, str] = {}
        self._activity_ids: dict[str, set[str]] = {}
        self._last_activity_id = 0

        self._scripted: list[_ScriptedFault] = []
        self._conversation_faults: dict[str, _ConversationFault] = {}
        self._random_faults: RandomFaults | None = None
        self._rng = random.Random(0)
        self.set_random_faults(random_faults)
        self._storms: list[Storm] = []

        self._records: list[ActivityRecord] = []
        self._response_log: list[ResponseLogEntry] = []
        self._status_counts: Counter[int] = Counter()
        self._changed = asyncio.Event()
        # TCP connections the bot opened: each transport is counted the first time it
        # carries a request (a weak set, so a finished connection's memory is not kept).
        self._transports: weakref.WeakSet[asyncio.BaseTransport] = weakref.WeakSet()
        self._connections_opened = 0

        self._runner: web.AppRunner | None = None
        self._stopping: asyncio.Event | None = None
        self._url: str | None = None
        self._bound_port: int | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> str:
        """Start serving; return the base URL, e.g. "http://127.0.0.1:PORT/"."""
        if self._runner is not None:
            raise RuntimeError("FakeConnector is already started")
        self._stopping = asyncio.Event()
        runner = web.AppRunner(
            self._build_app(), access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port, ssl_context=self._ssl_context)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._changed = asyncio.Event()
        self._bound_port = int(runner.addresses[0][1])
        prefix = f"{self._path_prefix}/" if self._path_prefix else ""
        scheme = "https" if self._ssl_context is not None else "http"
        self._url = f"{scheme}://{self._host}:{self._bound_port}/{prefix}"
        return self._url

    async def stop(self) -> None:
        """Stop serving; requests still held by a hang get 503 and are not delivered."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        if self._stopping is not None:
            self._stopping.set()
        await runner.cleanup()
        self._url = None
        self._bound_port = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """The service URL (with a trailing slash) while running."""
        if self._url is None:
            raise RuntimeError("FakeConnector is not started")
        return self._url

    @property
    def port(self) -> int:
        """The bound port while running."""
        if self._bound_port is None:
            raise RuntimeError("FakeConnector is not started")
        return self._bound_port

    # ------------------------------------------------------------ configuration

    @property
    def limits(self) -> ConnectorLimits:
        return self._limits

    @limits.setter
    def limits(self, limits: ConnectorLimits) -> None:
        """Replace the limits; the rate counters start afresh."""
        self._limits = limits
        self._apply_limits()

    def reset_rate_limits(self) -> None:
        """Forget every operation counted towards the rate limits."""
        self._conversation_windows.clear()
        self._create_windows.clear()
        self._global_windows.clear()

    def set_random_faults(self, faults: RandomFaults | None) -> None:
        """Start (or with None stop) random faults; the RNG is reseeded from `faults.seed`."""
        self._random_faults = faults
        self._rng = random.Random(faults.seed if faults is not None else 0)

    def fail_next(
        self, n: int = 1, status: int = 500, *, conversation_id: str | None = None
    ) -> None:
        """Answer the next `n` requests (to `conversation_id` only, if given) with `status`."""
        self._script(_ScriptedFault(n, conversation_id, status=status))

    def respond_429_next(
        self, n: int = 1, retry_after: int = 1, *, conversation_id: str | None = None
    ) -> None:
        """Throttle the next `n` requests with `Retry-After: retry_after`."""
        if retry_after < 1:
            raise ValueError("retry_after must be >= 1")
        self._script(_ScriptedFault(n, conversation_id, status=429, retry_after=retry_after))

    def storm(self, seconds: float, *, retry_after: int = 1, starts_in: float = 0.0) -> Storm:
        """Throttle every request for `seconds`, starting `starts_in` seconds from now:
        429 `Throttled` with `Retry-After: retry_after` (whole seconds, as Teams sends)."""
        if seconds <= 0 or starts_in < 0 or retry_after < 1:
            raise ValueError("seconds must be > 0, starts_in >= 0 and retry_after >= 1")
        start = self._clock() + starts_in
        storm = Storm(start, start + seconds, retry_after)
        self._storms.append(storm)
        return storm

    @property
    def storms(self) -> list[Storm]:
        return list(self._storms)

    def requests_between(self, start: float, end: float) -> list[ResponseLogEntry]:
        """Requests answered in `[start, end)` on the fake's clock."""
        return [entry for entry in self._response_log if start <= entry.at < end]

    def retry_after_violations(self, grace_s: float = 0.25) -> list[ResponseLogEntry]:
        """Requests that arrived while the `Retry-After` of an earlier 429 was running.

        A request that was already on its way when the 429 went out cannot have known
        about it: requests within `grace_s` of the 429 are not counted.
        """
        violations: list[ResponseLogEntry] = []
        blocked_until = -math.inf
        blocked_from = -math.inf
        for entry in sorted(self._response_log, key=lambda e: e.at):
            if blocked_from + grace_s <= entry.at < blocked_until:
                violations.append(entry)
            if (
                entry.status == 429
                and entry.retry_after is not None
                and entry.at + entry.retry_after > blocked_until
            ):
                blocked_until = entry.at + entry.retry_after
                blocked_from = entry.at
        return violations

    def hang_next(
        self, n: int = 1, seconds: float = 30.0, *, conversation_id: str | None = None
    ) -> None:
        """Hold the next `n` requests for `seconds`, then process them normally."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        self._script(_ScriptedFault(n, conversation_id, hang_seconds=seconds))

    def clear_faults(self) -> None:
        """Drop scripted faults, conversation faults, storms and random faults."""
        self._scripted.clear()
        self._storms.clear()
        self._conversation_faults.clear()
        self.set_random_faults(None)

    def fail_conversation(
        self,
        conversation_id: str,
        status: int = 403,
        *,
        code: str | None = None,
        message: str | None = None,
    ) -> None:
        """Answer every operation on `conversation_id` with `status` until healed.

        The default bodies are Teams' `BotNotInConversationRoster` (403) and
        `ConversationNotFound` (404); `code`/`message` override them.
        """
        body = _default_error(status)
        if code is not None:
            body["error"]["code"] = code
        if message is not None:
            body["error"]["message"] = message
        self._conversation_faults[conversation_id] = _ConversationFault(status, body)

    def heal_conversation(self, conversation_id: str) -> None:
        self._conversation_faults.pop(conversation_id, None)

    def mark_not_installed(self, *user_ids: str) -> None:
        """The app is (no longer) installed for these users."""
        self._not_installed.update(user_ids)

    def mark_installed(self, *user_ids: str) -> None:
        self._not_installed.difference_update(user_ids)
        self._blocked.difference_update(user_ids)

    def mark_blocked(self, *user_ids: str) -> None:
        """These users blocked the bot: their chat exists but sends answer 403."""
        self._blocked.update(user_ids)

    def mark_unknown(self, *user_ids: str) -> None:
        """These users do not exist in the tenant: creating a chat answers 404."""
        self._unknown_users.update(user_ids)

    def set_member_profile(self, user_id: str, **profile: Any) -> None:
        """What ``GET …/members/{user_id}`` answers (Teams: name, email,
        userPrincipalName, aadObjectId …); members without a profile answer 404."""
        self._member_profiles[user_id] = {"id": user_id, **profile}

    # --------------------------------------------------------------- inspection

    @property
    def records(self) -> list[ActivityRecord]:
        """Every accepted operation, created conversations included, in arrival order."""
        return list(self._records)

    def activities(
        self,
        conversation_id: str | None = None,
        *,
        kinds: Collection[RecordKind] = ACTIVITY_KINDS,
    ) -> list[ActivityRecord]:
        """Accepted operations on activities (all four kinds unless narrowed)."""
        return [
            record
            for record in self._records
            if record.kind in kinds
            and (conversation_id is None or record.conversation_id == conversation_id)
        ]

    def messages(self, conversation_id: str | None = None) -> list[ActivityRecord]:
        """Messages posted (sends and replies)."""
        return self.activities(conversation_id, kinds=MESSAGE_KINDS)

    def texts(
        self,
        conversation_id: str | None = None,
        *,
        kinds: Collection[RecordKind] = MESSAGE_KINDS,
    ) -> list[str]:
        """The `text` of each posted activity that has one."""
        return [
            record.text
            for record in self.activities(conversation_id, kinds=kinds)
            if record.text is not None
        ]

    def attachments(
        self,
        conversation_id: str | None = None,
        *,
        kinds: Collection[RecordKind] = MESSAGE_KINDS,
        content_type: str | None = None,
    ) -> list[dict[str, Any]]:
        return [
            attachment
            for record in self.activities(conversation_id, kinds=kinds)
            for attachment in record.attachments
            if content_type is None or attachment.get("contentType") == content_type
        ]

    def cards(
        self,
        conversation_id: str | None = None,
        *,
        kinds: Collection[RecordKind] = MESSAGE_KINDS,
    ) -> list[dict[str, Any]]:
        """Adaptive Card contents posted (add "update" to `kinds` for refreshed cards)."""
        return [
            card
            for record in self.activities(conversation_id, kinds=kinds)
            for card in record.cards
        ]

    def created_conversations(self) -> list[ActivityRecord]:
        return [record for record in self._records if record.kind == "create_conversation"]

    def conversation_for_user(self, user_id: str, tenant_id: str | None = None) -> str | None:
        """The 1:1 conversation id created for `user_id`, if any."""
        for (tenant, user), conversation_id in self._user_conversations.items():
            if user == user_id and (tenant_id is None or tenant == tenant_id):
                return conversation_id
        return None

    async def wait_for(
        self,
        condition: int | Callable[[ActivityRecord], bool],
        timeout: float = _DEFAULT_WAIT_TIMEOUT,
        *,
        conversation_id: str | None = None,
        kinds: Collection[RecordKind] = ACTIVITY_KINDS,
    ) -> list[ActivityRecord]:
        """Wait until `condition` holds for the selected records and return them.

        An int waits for at least that many records (all are returned); a predicate waits
        for at least one record it accepts (the accepted ones are returned). Raises
        `TimeoutError` after `timeout` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            selected = self.activities(conversation_id, kinds=kinds)
            if isinstance(condition, int):
                if len(selected) >= condition:
                    return selected
            else:
                matching = [record for record in selected if condition(record)]
                if matching:
                    return matching
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"condition not met within {timeout} s; "
                    f"{len(selected)} record(s) so far: {[r.text for r in selected]!r}"
                )
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    def clear(self) -> None:
        """Forget records, the response log and the counters (not limits or faults).

        Connections open now are not counted again when they carry the next request."""
        self._records.clear()
        self._response_log.clear()
        self._status_counts.clear()
        self._connections_opened = 0

    @property
    def request_count(self) -> int:
        """Requests answered, rejected ones included (the `/_fake/` endpoints excluded)."""
        return sum(self._status_counts.values())

    @property
    def connections_opened(self) -> int:
        """TCP (or TLS) connections that carried Bot Connector requests since the start
        (or the last :meth:`clear`)."""
        return self._connections_opened

    @property
    def status_counts(self) -> dict[int, int]:
        return dict(self._status_counts)

    def count_status(self, status: int) -> int:
        return self._status_counts[status]

    @property
    def response_log(self) -> list[ResponseLogEntry]:
        return list(self._response_log)

    def stats(self) -> dict[str, Any]:
        """Counters as JSON-ready data (also served at `GET /_fake/stats`)."""
        return {
            "requests": self.request_count,
            "statusCounts": {str(k): v for k, v in sorted(self._status_counts.items())},
            "records": len(self._records),
            "messages": len(self.messages()),
            "connectionsOpened": self._connections_opened,
        }

    # ----------------------------------------------------------------- internals

    def _apply_limits(self) -> None:
        limits = self._limits
        enabled = limits.enabled
        self._conversation_windows = _SlidingWindows(limits.per_conversation if enabled else ())
        self._create_windows = _SlidingWindows(limits.create_conversation if enabled else ())
        global_windows: tuple[RateWindow, ...] = ()
        if enabled and limits.global_limit_per_s is not None:
            global_windows = (RateWindow(1, limits.global_limit_per_s),)
        self._global_windows = _SlidingWindows(global_windows)

    def _script(self, fault: _ScriptedFault) -> None:
        if fault.remaining < 1:
            raise ValueError("n must be >= 1")
        self._scripted.append(fault)

    def _next_activity_id(self) -> str:
        # Teams message ids are epoch milliseconds; keep them unique and increasing.
        self._last_activity_id = max(self._last_activity_id + 1, int(time.time() * 1000))
        return str(self._last_activity_id)

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._count_middleware], client_max_size=64 * 2**20)
        base = (
            f"/{self._path_prefix}/v3/conversations" if self._path_prefix else "/v3/conversations"
        )
        activities = base + "/{conversation_id}/activities"
        activity = activities + "/{activity_id}"
        app.router.add_post(base, self._handle_create)
        app.router.add_post(activities, self._handle_send)
        app.router.add_post(activity, self._handle_reply)
        app.router.add_put(activity, self._handle_update)
        app.router.add_delete(activity, self._handle_delete)
        app.router.add_get(base + "/{conversation_id}/members/{member_id}",
                           self._handle_get_member)
        app.router.add_get(_FAKE_CONTROL_PREFIX + "stats", self._handle_stats)
        app.router.add_get(_FAKE_CONTROL_PREFIX + "records", self._handle_records)
        app.router.add_post(_FAKE_CONTROL_PREFIX + "clear", self._handle_clear)
        app.router.add_post(_FAKE_CONTROL_PREFIX + "storm", self._handle_storm)
        return app

    @web.middleware
    async def _count_middleware(
        self,
        request: web.Request,
        handler: Handler,
    ) -> web.StreamResponse:
        if request.path.startswith(_FAKE_CONTROL_PREFIX):
            return await handler(request)
        transport = request.transport
        if transport is not None and transport not in self._transports:
            self._transports.add(transport)
            self._connections_opened += 1
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            self._log_response(request, exc.status)
            raise
        self._log_response(request, response.status, response.headers.get("Retry-After"))
        return response

    def _log_response(
        self, request: web.Request, status: int, retry_after: str | None = None
    ) -> None:
        self._status_counts[status] += 1
        seconds: float | None = None
        if retry_after is not None:
            with contextlib.suppress(ValueError):
                seconds = float(retry_after)
        self._response_log.append(
            ResponseLogEntry(
                method=request.method,
                path=request.path,
                status=status,
                at=self._clock(),
                conversation_id=request.match_info.get("conversation_id"),
                retry_after=seconds,
            )
        )

    async def _handle_create(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "create_conversation")

    async def _handle_send(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "send")

    async def _handle_reply(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "reply")

    async def _handle_update(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "update")

    async def _handle_delete(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "delete")

    async def _handle_get_member(self, request: web.Request) -> web.StreamResponse:
        """Teams' member lookup (the UPN/e-mail a bot cannot see on activities)."""
        authorization = request.headers.get("Authorization")
        if self._require_auth is not None and authorization != f"Bearer {self._require_auth}":
            return _json_response(
                401, {"message": "Authorization has been denied for this request."}
            )
        profile = self._member_profiles.get(request.match_info["member_id"])
        if profile is None:
            return _json_response(404, _error_body(
                "MemberNotFoundInConversation", "The member was not found in the conversation."))
        return _json_response(200, profile)

    async def _handle(self, request: web.Request, kind: RecordKind) -> web.StreamResponse:
        conversation_id = request.match_info.get("conversation_id")
        authorization = request.headers.get("Authorization")
        if self._require_auth is not None and authorization != f"Bearer {self._require_auth}":
            return _json_response(
                401, {"message": "Authorization has been denied for this request."}
            )

        # Like the real service, take in the whole request before deciding on it.
        raw = await request.read()
        fault = await self._injected_fault(conversation_id)
        if fault is not None:
            return fault

        max_bytes = self._limits.max_body_bytes
        if max_bytes is not None and len(raw.decode("utf-8", "replace").encode("utf-16-le")) \
                > max_bytes:
            return _json_response(413, _default_error(413))
        body: dict[str, Any] = {}
        if kind != "delete" or raw.strip():
            try:
                parsed = json.loads(raw)
            except ValueError:
                return _bad_request("BadSyntax", "The request body is not valid JSON.")
            if not isinstance(parsed, dict):
                return _bad_request("BadSyntax", "The request body must be a JSON object.")
            body = parsed

        if kind == "create_conversation":
            return self._create_conversation(request, body, authorization)
        assert conversation_id is not None
        return self._activity_operation(request, kind, conversation_id, body, authorization)

    async def _injected_fault(self, conversation_id: str | None) -> web.StreamResponse | None:
        now = self._clock()
        for storm in self._storms:
            if storm.covers(now):
                return _throttled(storm.retry_after)
        for index, scripted in enumerate(self._scripted):
            if not scripted.matches(conversation_id):
                continue
            scripted.remaining -= 1
            if scripted.remaining <= 0:
                del self._scripted[index]
            if scripted.hang_seconds is not None:
                return await self._hang(scripted.hang_seconds)
            status = scripted.status if scripted.status is not None else 500
            if status == 429:
                return _throttled(scripted.retry_after or 1)
            return _json_response(status, _default_error(status))

        faults = self._random_faults
        if faults is None:
            return None
        if faults.fault_rate > 0 and self._rng.random() < faults.fault_rate:
            status = self._rng.choice(faults.statuses)
            if status == 429:
                return _throttled(faults.retry_after)
            return _json_response(status, _default_error(status))
        if faults.timeout_rate > 0 and self._rng.random() < faults.timeout_rate:
            return await self._hang(faults.hang_seconds)
        return None

    async def _hang(self, seconds: float) -> web.StreamResponse | None:
        """Hold the request; None to go on processing it, a 503 when the fake stops."""
        stopping = self._stopping
        if stopping is None:
            await asyncio.sleep(seconds)
            return None
        try:
            await asyncio.wait_for(stopping.wait(), seconds)
        except TimeoutError:
            return None
        return _json_response(503, _default_error(503))

    def _throttle_wait(self, now: float, key: str, windows: _SlidingWindows) -> float:
        return max(self._global_windows.wait_seconds("", now), windows.wait_seconds(key, now))

    def _count_operation(self, now: float, key: str, windows: _SlidingWindows) -> None:
        self._global_windows.add("", now)
        windows.add(key, now)

    def _create_conversation(
        self, request: web.Request, body: dict[str, Any], authorization: str | None
    ) -> web.StreamResponse:
        members = body.get("members")
        is_group = bool(body.get("isGroup"))
        channel_data = _dict_or_empty(body.get("channelData"))
        tenant_id = body.get("tenantId") or _dict_or_empty(channel_data.get("tenant")).get("id")
        initial_activity = body.get("activity")
        if initial_activity is not None and not isinstance(initial_activity, dict):
            return _bad_request("BadArgument", "activity must be an object.")

        user_id: str | None = None
        if is_group:
            channel_id = _dict_or_empty(channel_data.get("channel")).get("id")
            if not isinstance(channel_id, str) or not channel_id:
                return _bad_request(
                    "BadArgument",
                    "Bots cannot create group chats; give channelData.channel.id to start "
                    "a thread in a team channel.",
                )
            if initial_activity is None:
                return _bad_request("BadArgument", "A channel thread needs an activity.")
            rate_key = f"channel:{channel_id}"
        else:
            if (
                not isinstance(members, list)
                or len(members) != 1
                or not isinstance(members[0], dict)
                or not isinstance(members[0].get("id"), str)
                or not members[0]["id"]
            ):
                return _bad_request(
                    "BadArgument", "A 1:1 conversation needs exactly one member with an id."
                )
            if not isinstance(tenant_id, str) or not tenant_id:
                return _bad_request(
                    "BadArgument", "A tenant id (tenantId or channelData.tenant.id) is required."
                )
            user_id = members[0]["id"]
            if user_id in self._unknown_users:
                return _json_response(404, _error_body("NotFound", "User not found."))
            if user_id in self._not_installed:
                return _json_response(
                    403,
                    _error_body(
                        "ForbiddenOperationException",
                        "Bot is not installed in user's personal scope",
                    ),
                )
            rate_key = f"user:{tenant_id}:{user_id}"

        now = self._clock()
        wait = self._throttle_wait(now, rate_key, self._create_windows)
        if wait > 0:
            return _throttled(wait)
        self._count_operation(now, rate_key, self._create_windows)

        activity_id: str | None = None
        if is_group:
            activity_id = self._next_activity_id()
            conversation_id = f"{rate_key.removeprefix('channel:')};messageid={activity_id}"
        else:
            assert user_id is not None and isinstance(tenant_id, str)
            key = (tenant_id, user_id)
            conversation_id = self._user_conversations.get(key) or (
                "a:1" + secrets.token_urlsafe(64)
            )
            self._user_conversations[key] = conversation_id
            self._conversation_users[conversation_id] = user_id
            if initial_activity is not None:
                activity_id = self._next_activity_id()

        self._record(
            "create_conversation", request, conversation_id, conversation_id, body, authorization
        )
        response: dict[str, Any] = {"id": conversation_id}
        if activity_id is not None and isinstance(initial_activity, dict):
            self._activity_ids.setdefault(conversation_id, set()).add(activity_id)
            self._record(
                "send", request, conversation_id, activity_id, initial_activity, authorization
            )
            response["activityId"] = activity_id
        return _json_response(201, response)

    def _activity_operation(
        self,
        request: web.Request,
        kind: RecordKind,
        conversation_id: str,
        body: dict[str, Any],
        authorization: str | None,
    ) -> web.StreamResponse:
        if kind != "delete" and not isinstance(body.get("type"), str):
            return _bad_request("BadArgument", "The activity type is required.")

        conversation_fault = self._conversation_faults.get(conversation_id)
        if conversation_fault is not None:
            return _json_response(conversation_fault.status, conversation_fault.body)
        user_id = self._conversation_users.get(conversation_id)
        if user_id is not None and (user_id in self._not_installed or user_id in self._blocked):
            return _json_response(403, _writes_blocked_body())

        target_id = request.match_info.get("activity_id")
        known_ids = self._activity_ids.setdefault(conversation_id, set())
        if (
            self._strict_activity_ids
            and kind in ("update", "delete")
            and target_id not in known_ids
        ):
            return _json_response(
                404, _error_body("ActivityNotFoundInConversation", "Conversation not found.")
            )

        now = self._clock()
        wait = self._throttle_wait(now, conversation_id, self._conversation_windows)
        if wait > 0:
            return _throttled(wait)
        self._count_operation(now, conversation_id, self._conversation_windows)

        if kind in MESSAGE_KINDS:
            activity_id = self._next_activity_id()
            known_ids.add(activity_id)
        else:
            assert target_id is not None
            activity_id = target_id
            if kind == "delete":
                known_ids.discard(target_id)
        reply_to_id = target_id if kind == "reply" else None
        self._record(kind, request, conversation_id, activity_id, body, authorization, reply_to_id)
        if kind == "delete":
            return _json_response(200, None)
        status = 200 if kind == "update" else 201
        return _json_response(status, {"id": activity_id})

    def _record(
        self,
        kind: RecordKind,
        request: web.Request,
        conversation_id: str,
        activity_id: str,
        body: dict[str, Any],
        authorization: str | None,
        reply_to_id: str | None = None,
    ) -> None:
        self._records.append(
            ActivityRecord(
                kind=kind,
                conversation_id=conversation_id,
                activity_id=activity_id,
                body=body,
                received_at=self._clock(),
                authorization=authorization,
                method=request.method,
                path=request.path,
                reply_to_id=reply_to_id,
                query=dict(request.query),
            )
        )
        # Wake every waiter, then give later waiters a fresh event.
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def _handle_stats(self, request: web.Request) -> web.StreamResponse:
        return _json_response(200, self.stats())

    async def _handle_records(self, request: web.Request) -> web.StreamResponse:
        conversation_id = request.query.get("conversation_id")
        selected = [
            record.to_json()
            for record in self._records
            if conversation_id is None or record.conversation_id == conversation_id
        ]
        return web.json_response(selected)

    async def _handle_clear(self, request: web.Request) -> web.StreamResponse:
        self.clear()
        return _json_response(200, {"cleared": True})

    async def _handle_storm(self, request: web.Request) -> web.StreamResponse:
        try:
            storm = self.storm(
                float(request.query["seconds"]),
                retry_after=int(request.query.get("retry_after", "1")),
                starts_in=float(request.query.get("starts_in", "0")),
            )
        except (KeyError, ValueError) as exc:
            return _bad_request("BadArgument", f"storm needs seconds (> 0): {exc}")
        return _json_response(
            200, {"start": storm.start, "end": storm.end, "retryAfter": storm.retry_after}
        )


# ---------------------------------------------------------------------- command line


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m testing.fake_connector",
        description="Serve a fake of Microsoft's Bot Connector (Teams channel) REST API.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--path-prefix", default="", help='serve under a prefix, e.g. "emea/"')
    parser.add_argument("--require-auth", metavar="TOKEN", help="require Bearer TOKEN")
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="switch Teams' rate limits off"
    )
    parser.add_argument(
        "--global-limit-per-s", type=int, default=50, help="requests per second per app"
    )
    parser.add_argument("--fault-rate", type=float, default=0.0, help="random fault rate")
    parser.add_argument("--timeout-rate", type=float, default=0.0, help="random hang rate")
    parser.add_argument("--hang-seconds", type=float, default=30.0, help="length of a hang")
    parser.add_argument("--seed", type=int, default=0, help="seed of the fault RNG")
    parser.add_argument("--tls-cert", metavar="PEM", help="serve HTTPS with this certificate")
    parser.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    return args


async def _serve(args: argparse.Namespace) -> None:
    random_faults = None
    if args.fault_rate > 0 or args.timeout_rate > 0:
        random_faults = RandomFaults(
            fault_rate=args.fault_rate,
            timeout_rate=args.timeout_rate,
            hang_seconds=args.hang_seconds,
            seed=args.seed,
        )
    server_tls = None
    if args.tls_cert:
        server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_tls.load_cert_chain(args.tls_cert, args.tls_key)
    fake = FakeConnector(
        ssl_context=server_tls,
        host=args.host,
        port=args.port,
        path_prefix=args.path_prefix,
        require_auth=args.require_auth,
        limits=ConnectorLimits(
            enabled=not args.no_rate_limits, global_limit_per_s=args.global_limit_per_s
        ),
        random_faults=random_faults,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with fake:
        print(fake.url, flush=True)
        await stop.wait()
    print(json.dumps(fake.stats()), file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGINT/SIGTERM; print the URL on stdout, final counters on stderr."""
    asyncio.run(_serve(_parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
