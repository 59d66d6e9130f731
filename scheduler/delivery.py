"""The delivery worker: sends the outbox through the Agents SDK, politely and exactly once.

* One outbox-wide throttle (:class:`scheduler.rate_limits.SendThrottle`: a token bucket of
  ``OUTBOX_RATE_PER_S``, default 40/s, under Teams' 50/s per app) and Teams'
  per-conversation windows (7/1 s, 8/2 s, 60/30 s, 1800/h) pace the sends; at most
  ``OUTBOX_CONCURRENCY`` are in flight.
* A 429 is the service asking us to slow down, not a failed attempt. A lone one is
  usually Teams' per-conversation limit: only that conversation waits its ``Retry-After``
  and the rate drops a little. 429s from two conversations at once (or one in a storm)
  are the app's limit: the whole outbox sends nothing until the largest ``Retry-After``
  seen has passed, then resumes at a fraction of the rate and climbs back (AIMD); a
  burst of 503s backs off the same way. The throttled message goes back to the queue
  without using up an attempt.
* 412, 5xx, timeouts and connection errors are retried with exponential backoff and
  jitter until ``OUTBOX_MAX_ATTEMPTS``, then the message is marked failed with the error.
  403/404 on a 1:1 chat mean the user removed the app or is gone: the message and the
  person are marked unreachable, not retried.
* A message whose window passes before it could go out (``expires_at`` in its payload: a
  reminder after its deadline, a prompt after the period) is marked expired with the
  reason and its last error.
* Claims carry a short lease (``OUTBOX_LEASE_S``, default 6 s) that the worker renews
  every quarter lease while it lives, so when the process dies another one (a new
  PostgreSQL leader) sends its messages within seconds.
* A person without a stored conversation reference gets a 1:1 conversation created by
  their AAD object id (Teams allows it only when the app is installed for them); when that
  fails they are unreachable.
* A message flagged ``cancel_when_submitted`` (prompts, reminders) whose report was
  submitted meanwhile is skipped; so is one whose recipient the recipient policy now
  refuses (erased, or ``directory_missing`` since it was queued; see services.notices).
* Nothing is sent outside the allowed send window (working days, ``QUIET_HOURS``).

How the SDK surfaces errors (microsoft-agents-hosting-core 1.9): the connector client
raises ``aiohttp.ClientResponseError`` with the HTTP ``status``, the response ``headers``
(``Retry-After``) and the body as ``message``. In a proactive turn the adapter passes
exceptions from the callback to ``on_turn_error`` instead of raising them, so the
callback below keeps the exception and the transport re-raises it after the turn.

In local anonymous mode ``adapter.continue_conversation(app_id, …)`` and
``adapter.create_conversation(…)`` ask MSAL for a token and fail ("TENANT_ID is not set"),
so the transport posts new messages and creates conversations with a bare connector
client (one per service URL), without the ``"id": null`` the adapter's path would send.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import os
import random
import socket
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

import aiohttp

from config import Settings
from connector_pool import ConnectorPool, PoolConfig
from followup.calendar import CalendarConfig, is_allowed_send_time
from scheduler.rate_limits import TEAMS_CONVERSATION_WINDOWS, ConversationLimiter, SendThrottle
from services import Sessions, StorageError, deliveries
from services.deliveries import Claimed as _Claimed
from services.deliveries import OutboxItem, Outcome, Recipient
from services.notices import refusal

logger = logging.getLogger(__name__)

def utc_now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- configuration


def _env_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {raw!r}")
    return value


@dataclass(frozen=True)
class DeliveryConfig:
    rate_per_s: float = 40.0
    concurrency: int = 8
    max_attempts: int = 6
    send_timeout_s: float = 20.0
    #: Claims are renewed every quarter lease while the worker lives.
    lease_s: float = 6.0
    backoff_base_s: float = 1.0
    backoff_max_s: float = 300.0
    poll_interval_s: float = 1.0
    burst: float | None = None
    per_conversation: tuple[tuple[float, int], ...] = TEAMS_CONVERSATION_WINDOWS

    def __post_init__(self) -> None:
        if self.rate_per_s <= 0:
            raise ValueError("OUTBOX_RATE_PER_S must be positive")
        if self.concurrency < 1:
            raise ValueError("OUTBOX_CONCURRENCY must be 1 or more")
        if self.max_attempts < 1:
            raise ValueError("OUTBOX_MAX_ATTEMPTS must be 1 or more")
        if self.lease_s < 1:
            raise ValueError("OUTBOX_LEASE_S must be at least 1 second")

    @property
    def renew_every_s(self) -> float:
        """How often a worker renews the leases of the messages it holds."""
        return self.lease_s / 4

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryConfig:
        """Settings' rate/concurrency/attempts plus the optional OUTBOX_SEND_TIMEOUT_S,
        OUTBOX_LEASE_S, OUTBOX_BACKOFF_BASE_S and OUTBOX_BACKOFF_MAX_S."""
        env = settings.env
        timeout = _env_float(env, "OUTBOX_SEND_TIMEOUT_S", 20.0)
        return cls(
            rate_per_s=settings.outbox_rate_per_s,
            concurrency=settings.outbox_concurrency,
            max_attempts=settings.outbox_max_attempts,
            send_timeout_s=timeout,
            lease_s=_env_float(env, "OUTBOX_LEASE_S", 6.0),
            backoff_base_s=_env_float(env, "OUTBOX_BACKOFF_BASE_S", 1.0),
            backoff_max_s=_env_float(env, "OUTBOX_BACKOFF_MAX_S", 300.0),
        )


@dataclass(frozen=True)
class ProactiveEndpoint:
    """Where new 1:1 conversations are created: the channel's service URL and tenant."""

    service_url: str
    tenant_id: str | None


def configured_endpoint(settings: Settings) -> ProactiveEndpoint | None:
    """``PROACTIVE_SERVICE_URL`` (+ ``PROACTIVE_TENANT_ID``, else the app's tenant)."""
    url = (settings.env.get("PROACTIVE_SERVICE_URL") or "").strip()
    if not url:
        return None
    return ProactiveEndpoint(url, default_tenant(settings))


def default_tenant(settings: Settings) -> str | None:
    tenant = (settings.env.get("PROACTIVE_TENANT_ID") or "").strip()
    if tenant:
        return tenant
    if settings.tenant_id:
        return settings.tenant_id
    return settings.allowed_tenants[0] if settings.allowed_tenants else None


# --------------------------------------------------------------------------- errors


Action = Literal["retry", "unreachable", "failed"]


@dataclass(frozen=True)
class Verdict:
    action: Action
    error: str
    status: int | None = None
    retry_after: float | None = None


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or utc_now())).total_seconds())


def classify_error(exc: BaseException, *, creating: bool = False) -> Verdict:
    """What to do after a failed send (or conversation creation when ``creating``)."""
    if isinstance(exc, aiohttp.ClientResponseError):
        status = exc.status
        body = " ".join(str(exc.message or "").split())[:300]
        error = f"HTTP {status}: {body}" if body else f"HTTP {status}"
        if status in (429, 503):
            retry_after = parse_retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            return Verdict("retry", error, status, retry_after)
        if status in (403, 404):
            return Verdict("unreachable", error, status)
        if status in (408, 412) or status >= 500:
            return Verdict("retry", error, status)
        if creating:
            return Verdict("unreachable", error, status)
        return Verdict("failed", error, status)
    if isinstance(exc, TimeoutError):
        return Verdict("retry", "timeout: no answer from the Bot Connector in time")
    if isinstance(exc, aiohttp.ClientError | OSError):
        return Verdict("retry", f"connection error: {type(exc).__name__}: {exc}"[:500])
    return Verdict("retry", f"unexpected error: {type(exc).__name__}: {exc}"[:500])


# --------------------------------------------------------------------------- transport


class Transport(Protocol):
    """Sends one payload to one conversation; creates 1:1 conversations."""

    async def send(self, reference: dict[str, Any], payload: Mapping[str, Any]) -> str | None:
        """Post the message; return the activity id. Raises on failure."""
        ...

    async def create_personal_conversation(
        self, *, service_url: str, tenant_id: str | None, aad_object_id: str
    ) -> dict[str, Any]:
        """Create (or find) the 1:1 chat; return a conversation reference (JSON)."""
        ...

    async def close(self) -> None:
        """Release HTTP sessions."""
        ...


def message_activity(payload: Mapping[str, Any]) -> Any:
    """The activity for a payload ``{"text": ..., "card": {...}}``.

    With a card the text becomes the activity's ``summary`` (what notifications and
    clients without cards show) so the message does not say everything twice.
    """
    from microsoft_agents.hosting.core import CardFactory, MessageFactory

    text = payload.get("text")
    card = payload.get("card")
    if isinstance(card, dict):
        activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
        if isinstance(text, str) and text:
            activity.summary = text.replace("**", "")
        return activity
    if not isinstance(text, str) or not text:
        raise ValueError("an outbox payload needs a text or a card")
    return MessageFactory.text(text)


class AgentsTransport:
    """The real thing: the Agents SDK's CloudAdapter."""

    def __init__(self, adapter: Any, settings: Settings,
                 pool: ConnectorPool | None = None) -> None:
        """``pool``: the process's Bot Connector connections (the app's); without one the
        transport keeps a pool of its own and closes it in :meth:`close`."""
        self._adapter = adapter
        self._app_id = settings.client_id
        self._anonymous = not settings.production_auth
        self._clients: dict[str, Any] = {}
        self._own_pool = pool is None
        self._pool = pool if pool is not None else ConnectorPool(
            PoolConfig.from_env(settings.env))

    def _anonymous_client(self, service_url: str) -> Any:
        """One connector client per service URL, reused, on the shared pool."""
        client = self._clients.get(service_url)
        if client is None:
            client = self._pool.connector_client(service_url)
            self._clients[service_url] = client
        return client

    async def close(self) -> None:
        clients, self._clients = self._clients, {}
        for client in clients.values():
            await client.close()
        if self._own_pool:
            await self._pool.close()

    async def _send_anonymous(self, ref: Any, payload: Mapping[str, Any]) -> str | None:
        """Local mode: post the new message straight to the conversation.

        The adapter's proactive path sends ``"id": null`` (it clears the id after the
        activity was built), which the Agents Playground's connector rejects with 400;
        an activity whose id was never set is serialised without it.
        """
        activity = message_activity(payload)
        activity.channel_id = ref.channel_id
        activity.service_url = ref.service_url
        activity.conversation = ref.conversation
        activity.from_property = ref.agent
        activity.recipient = ref.user
        client = self._anonymous_client(str(ref.service_url))
        response = await client.conversations.send_to_conversation(ref.conversation.id, activity)
        return str(response.id) if response is not None and response.id else None

    @property
    def bot_id(self) -> str:
        return f"28:{self._app_id}" if self._app_id else "28:malbot"

    async def send(self, reference: dict[str, Any], payload: Mapping[str, Any]) -> str | None:
        from microsoft_agents.activity import ConversationReference
        from microsoft_agents.hosting.core import TurnContext

        ref = ConversationReference.model_validate(reference)
        if self._anonymous:
            return await self._send_anonymous(ref, payload)
        continuation = ref.get_continuation_activity()
        continuation.id = None  # a new message, not a reply to the continuation event
        activity = message_activity(payload)
        outcome: dict[str, Any] = {}

        async def callback(context: TurnContext) -> None:
            try:
                response = await context.send_activity(activity)
            except Exception as exc:  # re-raised below: the adapter would swallow it
                outcome["error"] = exc
                return
            outcome["id"] = response.id if response is not None else None

        await self._adapter.continue_conversation(self._app_id, continuation, callback)
        if "error" in outcome:
            raise outcome["error"]
        activity_id = outcome.get("id")
        return str(activity_id) if activity_id else None

    async def create_personal_conversation(
        self, *, service_url: str, tenant_id: str | None, aad_object_id: str
    ) -> dict[str, Any]:
        from microsoft_agents.activity import ConversationParameters
        from microsoft_agents.hosting.core import TurnContext
        from microsoft_agents.hosting.core.authorization import AuthenticationConstants

        body: dict[str, Any] = {
            "isGroup": False,
            "bot": {"id": self.bot_id},
            "members": [{"id": aad_object_id}],
        }
        if tenant_id:
            body["tenantId"] = tenant_id
            body["channelData"] = {"tenant": {"id": tenant_id}}
        params = ConversationParameters.model_validate(body)
        if self._anonymous:
            client = self._pool.connector_client(service_url)
            try:
                result = await client.conversations.create_conversation(params)
            finally:
                await client.close()
            conversation_id: str | None = result.id
        else:
            captured: dict[str, str] = {}

            async def callback(context: TurnContext) -> None:
                if context.activity.conversation is not None:
                    captured["id"] = context.activity.conversation.id

            await self._adapter.create_conversation(
                self._app_id,
                "msteams",
                service_url,
                AuthenticationConstants.AGENTS_SDK_SCOPE,
                params,
                callback,
            )
            conversation_id = captured.get("id")
        if not conversation_id:
            raise RuntimeError("the Bot Connector returned no conversation id")
        conversation: dict[str, Any] = {"id": conversation_id, "conversationType": "personal"}
        if tenant_id:
            conversation["tenantId"] = tenant_id
        return {
            "channelId": "msteams",
            "serviceUrl": service_url,
            "conversation": conversation,
            "user": {"id": aad_object_id, "aadObjectId": aad_object_id},
            "bot": {"id": self.bot_id},
        }


# --------------------------------------------------------------------------- the worker


@dataclass
class DeliveryStats:
    sent: int = 0
    retries: int = 0
    #: 429 answers (never counted as attempts).
    throttled: int = 0
    #: Times the outbox-wide throttle paused and slowed down.
    back_offs: int = 0
    #: 429s that paused only their own conversation (a lone 429, not a storm).
    conversation_back_offs: int = 0
    failed: int = 0
    expired: int = 0
    unreachable: int = 0
    skipped: int = 0
    deferred: int = 0
    conversations_created: int = 0
    lost_claims: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _expires_at(payload: Mapping[str, Any]) -> datetime | None:
    raw = payload.get("expires_at")
    if not isinstance(raw, str) or not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _reference_key(reference: Mapping[str, Any]) -> str:
    conversation = reference.get("conversation")
    if isinstance(conversation, Mapping) and isinstance(conversation.get("id"), str):
        return str(conversation["id"])
    return repr(sorted(reference.items()))


class DeliveryWorker:
    """Claims due outbox rows and sends them. Many workers may share one PostgreSQL."""

    def __init__(
        self,
        sessionmaker: Sessions,
        transport: Transport,
        config: DeliveryConfig | None = None,
        *,
        calendar: CalendarConfig | None = None,
        clock: Callable[[], datetime] = utc_now,
        endpoint: ProactiveEndpoint | None = None,
        default_tenant_id: str | None = None,
        worker_id: str | None = None,
        rng: random.Random | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        lease_clock: Callable[[], datetime] = utc_now,
        throttle: SendThrottle | None = None,
    ) -> None:
        """``clock`` is the bot's time (what is due, send windows; tests shift it);
        ``lease_clock`` the wall clock the claim leases run on, shared by every process."""
        self.config = config or DeliveryConfig()
        self._sessionmaker = sessionmaker
        self._transport = transport
        self._calendar = calendar
        self._clock = clock
        self._endpoint = endpoint
        self._default_tenant = default_tenant_id
        self.worker_id = worker_id or default_worker_id()
        self._rng = rng or random.Random()
        self.throttle = throttle or SendThrottle(
            self.config.rate_per_s, self.config.burst, clock=monotonic
        )
        self._throttle_turn = asyncio.Lock()
        self._lease_clock = lease_clock
        self._held: dict[int, OutboxItem] = {}
        self._limiter = ConversationLimiter(self.config.per_conversation, clock=monotonic)
        self._stopping = False
        self._creating: dict[int, asyncio.Lock] = {}
        self._created: dict[int, dict[str, Any]] = {}
        self.stats = DeliveryStats()

    # ------------------------------------------------------------------ running

    def stop(self) -> None:
        """Claim nothing more; messages in flight finish."""
        self._stopping = True

    def sending_allowed(self, now: datetime | None = None) -> bool:
        if self._calendar is None:
            return True
        return is_allowed_send_time(now or self._clock(), self._calendar)


    @property
    def transport(self) -> Transport:
        return self._transport

    async def run_until_idle(self) -> int:
        """Send everything due now; return (the number handled) when nothing is due and
        nothing is in flight. Outside the send window nothing is claimed."""
        handled = 0
        queue: deque[_Claimed] = deque()
        tasks: set[asyncio.Task[None]] = set()
        nothing_due = False
        concurrency = self.config.concurrency
        heartbeat = asyncio.create_task(self._renew_leases())
        try:
            while True:
                if (
                    not nothing_due
                    and not self._stopping
                    and len(queue) < concurrency
                    and self.sending_allowed()
                ):
                    batch = await self._claim(2 * concurrency - len(queue))
                    queue.extend(batch)
                    nothing_due = not batch
                while queue and len(tasks) < concurrency:
                    tasks.add(asyncio.create_task(self._process(queue.popleft())))
                if not tasks:
                    break
                done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                tasks -= done
                handled += len(done)
                for task in done:
                    task.result()
                if nothing_due and not queue:
                    nothing_due = False  # something finished: look again once
            if queue:  # stopping: give unstarted claims back
                for claimed in queue:
                    await self._release(claimed.item, self._clock())
        except BaseException:
            for task in tasks:
                task.cancel()
            raise
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            self._held.clear()  # recorded, given back, or (after an error) left to expire
        self._limiter.forget_idle()
        self._created.clear()  # stored in the database by now
        return handled

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set, looking for due messages every poll interval."""
        while not stop.is_set():
            self._stopping = False
            try:
                await self.run_until_idle()
            except (OSError, aiohttp.ClientError, StorageError) as exc:
                logger.warning("delivery round failed (%s); trying again", type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.config.poll_interval_s)

    async def drain(self, timeout: float = 60.0) -> None:
        """Deliver until the outbox has nothing pending or being sent (tests, benchmarks)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            await self.run_until_idle()
            nxt = await deliveries.earliest_pending(self._sessionmaker)
            if nxt is None:
                return
            if loop.time() >= deadline:
                raise TimeoutError(f"outbox not drained within {timeout} s")
            wait = (nxt - self._clock()).total_seconds()
            await asyncio.sleep(min(max(wait, 0.02), self.config.poll_interval_s))

    # ------------------------------------------------------------------ steps

    async def _claim(self, limit: int) -> list[_Claimed]:
        claimed = await deliveries.claim_due(
            self._sessionmaker,
            worker_id=self.worker_id,
            now=self._clock(),
            limit=limit,
            lease=timedelta(seconds=self.config.lease_s),
            lease_now=self._lease_clock(),
        )
        for c in claimed:
            self._held[c.item.id] = c.item
        return claimed

    async def _process(self, claimed: _Claimed) -> None:
        item, recipient = claimed.item, claimed.recipient
        now = self._clock()
        expires = _expires_at(item.payload)
        if expires is not None and now >= expires:
            await self._expire(item, expires)
            return
        if claimed.submitted:
            await self._skip(item, "the report was submitted")
            return
        refused = refusal(recipient)
        if refused is not None or recipient is None:
            # The recipient policy once more: erased or gone from the directory since
            # the notice was queued.
            await self._skip(item, refused or "the recipient no longer exists")
            return
        reference = recipient.reference or self._created.get(recipient.person_id)
        if reference is None:
            # One creation per person even when several of their messages are in flight.
            lock = self._creating.setdefault(recipient.person_id, asyncio.Lock())
            async with lock:
                reference = self._created.get(recipient.person_id)
                if reference is None:
                    reference = await self._create_conversation(item, recipient)
            self._creating.pop(recipient.person_id, None)
            if reference is None:
                return
        key = _reference_key(reference)
        await self._send_turn()
        wait = self._limiter.take(key)
        if wait > 0:
            self.stats.deferred += 1
            await self._release(item, self._clock() + timedelta(seconds=wait))
            return
        try:
            activity_id = await asyncio.wait_for(
                self._transport.send(reference, item.payload), self.config.send_timeout_s
            )
        except Exception as exc:  # every failure is classified and recorded below
            self._limiter.done(key)
            verdict = classify_error(exc)
            self._log_failure(item, verdict, exc)
            await self._record_failure(item, verdict, key)
            return
        except BaseException:
            self._limiter.done(key)
            raise
        self._limiter.done(key)
        self.throttle.succeeded()
        await self._record(
            "sent", item, activity_id=activity_id, now=self._clock(),
            person_reachable_again=recipient.unreachable_reason is not None,
        )
        self.stats.sent += 1

    async def _create_conversation(
        self, item: OutboxItem, recipient: Recipient
    ) -> dict[str, Any] | None:
        if not recipient.aad_object_id:
            await self._unreachable(
                item, "no conversation with the person and no AAD object id to start one",
                attempted=False,
            )
            return None
        endpoint = await self._resolve_endpoint()
        if endpoint is None:
            await self._unreachable(
                item,
                "no conversation with the person, and no service URL known to start one "
                "(set PROACTIVE_SERVICE_URL)",
                attempted=False,
            )
            return None
        await self._send_turn()
        try:
            reference = await asyncio.wait_for(
                self._transport.create_personal_conversation(
                    service_url=endpoint.service_url,
                    tenant_id=endpoint.tenant_id,
                    aad_object_id=recipient.aad_object_id,
                ),
                self.config.send_timeout_s,
            )
        except Exception as exc:  # classified and recorded below
            verdict = classify_error(exc, creating=True)
            if verdict.action == "unreachable":
                verdict = Verdict(
                    "unreachable", f"could not start a 1:1 chat: {verdict.error}", verdict.status
                )
            self._log_failure(item, verdict, exc)
            await self._record_failure(item, verdict, None)
            return None
        self.throttle.succeeded()
        self.stats.conversations_created += 1
        await deliveries.remember_conversation(
            self._sessionmaker, recipient=recipient, reference=reference,
            service_url=endpoint.service_url, tenant_id=endpoint.tenant_id,
        )
        self._created[recipient.person_id] = reference
        return reference

    async def _resolve_endpoint(self) -> ProactiveEndpoint | None:
        if self._endpoint is not None:
            return self._endpoint
        newest = await deliveries.newest_service_endpoint(self._sessionmaker)
        if newest is None:
            return None
        url, tenant = newest
        return ProactiveEndpoint(url, tenant or self._default_tenant)

    # ------------------------------------------------------------------ outcomes

    def backoff_seconds(self, attempt: int) -> float:
        """Exponential backoff with jitter for the ``attempt``-th failure (1-based)."""
        cap = min(self.config.backoff_max_s, self.config.backoff_base_s * 2 ** (attempt - 1))
        return cap / 2 + self._rng.random() * cap / 2

    async def _send_turn(self) -> None:
        """Wait until the outbox-wide throttle lets one more request start (first come,
        first served; during a pause nothing starts)."""
        async with self._throttle_turn:
            while (wait := self.throttle.reserve()) > 0:
                await asyncio.sleep(wait)

    async def _renew_leases(self) -> None:
        """While this worker runs, keep the leases of the messages it holds fresh."""
        every = self.config.renew_every_s
        lease = timedelta(seconds=self.config.lease_s)
        while True:
            await asyncio.sleep(every)
            held = list(self._held.values())
            if not held:
                continue
            try:
                renewed = await deliveries.renew_claims(
                    self._sessionmaker, held, lease_now=self._lease_clock(), lease=lease
                )
            except (StorageError, OSError) as exc:
                logger.warning("could not renew the outbox claims (%s)", type(exc).__name__)
                continue
            lost = [i.id for i in held if i.id not in renewed and i.id in self._held]
            if lost:
                logger.warning("outbox claims no longer ours: %s", lost[:20])

    async def _record_failure(self, item: OutboxItem, verdict: Verdict, key: str | None) -> None:
        if verdict.status is not None:
            self.stats.by_status[verdict.status] = self.stats.by_status.get(verdict.status, 0) + 1
        if verdict.action == "unreachable":
            await self._unreachable(item, verdict.error)
            return
        if verdict.status == 429:
            await self._throttled(item, verdict, key)
            return
        if verdict.status == 503 and self.throttle.unavailable(verdict.retry_after):
            self.stats.back_offs += 1
            logger.warning("a burst of 503s: the outbox pauses %.1f s and slows down to %.1f/s",
                           self.throttle.paused_for(), self.throttle.rate)
        attempts = item.attempts + 1
        if verdict.action == "failed" or attempts >= self.config.max_attempts:
            error = verdict.error
            if verdict.action == "retry":
                error = f"gave up after {attempts} attempts: {error}"
            await self._record("failed", item, error=error)
            self.stats.failed += 1
            return
        if verdict.retry_after is not None:
            delay = verdict.retry_after * (1 + self._rng.random() * 0.1)
            if key is not None:
                self._limiter.block(key, verdict.retry_after)
        else:
            delay = self.backoff_seconds(attempts)
        when = self._clock() + timedelta(seconds=delay)
        if await self._expire_if_too_late(item, when, verdict.error):
            return
        await self._record("retry", item, error=verdict.error, next_attempt_at=when)
        self.stats.retries += 1

    async def _throttled(self, item: OutboxItem, verdict: Verdict, key: str | None) -> None:
        """A 429: its conversation waits (a lone 429) or the whole outbox pauses and slows
        down (a storm); this message waits its turn again without using up an attempt."""
        self.stats.throttled += 1
        before = (self.throttle.back_offs, self.throttle.conversation_back_offs)
        wait = self.throttle.throttled(verdict.retry_after, key)
        if self.throttle.back_offs > before[0]:
            self.stats.back_offs += 1
            logger.warning("throttled by the Bot Connector (429): the outbox pauses %.1f s "
                           "and resumes at %.1f/s", wait, self.throttle.rate)
        elif self.throttle.conversation_back_offs > before[1]:
            self.stats.conversation_back_offs += 1
            logger.info("throttled by the Bot Connector (429) in one conversation: it waits "
                        "%.1f s, the outbox goes on at %.1f/s", wait, self.throttle.rate)
        wait = max(wait, verdict.retry_after or 0.0)
        if key is not None:
            self._limiter.block(key, wait)
        delay = wait * (1 + self._rng.random() * 0.1)
        when = self._clock() + timedelta(seconds=delay)
        if await self._expire_if_too_late(item, when, verdict.error):
            return
        await self._record("throttled", item, error=f"throttled: {verdict.error}",
                           next_attempt_at=when)

    async def _expire_if_too_late(self, item: OutboxItem, when: datetime, error: str) -> bool:
        """Expire the message now when its next try would come after its window."""
        expires = _expires_at(item.payload)
        if expires is None or when < expires:
            return False
        await self._expire(item, expires, last_error=error)
        return True

    async def _expire(
        self, item: OutboxItem, expires: datetime, *, last_error: str | None = None
    ) -> None:
        error = last_error if last_error is not None else item.last_error
        closed = expires.astimezone(UTC)
        reason = f"its window closed {closed:%Y-%m-%d %H:%M} UTC before it was sent"
        if error:
            reason += f" (last error: {error})"
        await self._record("expired", item, reason=reason)
        self.stats.expired += 1
        logger.info("outbox message %s expired: %s", item.id, reason)

    async def _unreachable(self, item: OutboxItem, error: str, *, attempted: bool = True) -> None:
        await self._record("unreachable", item, error=error, attempted=attempted)
        self.stats.unreachable += 1

    async def _skip(self, item: OutboxItem, reason: str) -> None:
        await self._record("skipped", item, reason=reason)
        self.stats.skipped += 1
        logger.info("outbox message %s skipped: %s", item.id, reason)

    async def _release(self, item: OutboxItem, when: datetime) -> None:
        await self._record("released", item, next_attempt_at=when)

    async def _record(self, outcome: Outcome, item: OutboxItem, **values: Any) -> None:
        try:
            done = await deliveries.record(self._sessionmaker, outcome, item, **values)
        finally:
            self._held.pop(item.id, None)
        if not done:
            self.stats.lost_claims += 1
            logger.warning(
                "outbox message %s: claim lost before its outcome was recorded", item.id
            )

    def _log_failure(self, item: OutboxItem, verdict: Verdict, exc: BaseException) -> None:
        if verdict.error.startswith("unexpected error"):
            logger.error("outbox message %s: %s", item.id, verdict.error, exc_info=exc)
        elif verdict.action == "retry":
            logger.info("outbox message %s will be retried: %s", item.id, verdict.error)
        else:
            logger.warning("outbox message %s %s: %s", item.id, verdict.action, verdict.error)
