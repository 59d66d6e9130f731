"""Scheduled reconcile jobs and the runtime that runs them: leadership and the delivery loop.

The jobs decide only *when* they run: every minute the leader asks the use cases what is
due (:func:`services.prompting.queue_round` for prompts, reminders and escalations;
:func:`services.followup_rounds.reconcile_followups` for the rest). Those open their own
transactions and queue through the outbox; this module holds no session.

Tests and ``python -m admin run`` call :func:`run_job` directly with a fixed ``now``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot_services import BotServices
from config import Settings
from scheduler.clock import clock_from_env
from scheduler.delivery import (
    AgentsTransport,
    DeliveryConfig,
    DeliveryWorker,
    configured_endpoint,
    default_tenant,
)
from services import Sessions, StorageError, deliveries
from services.followup_rounds import reconcile_followups
from services.leadership import Leader, make_leader
from services.prompting import JobError, JobReport, Planned
from services.prompting import queue_round as run_job
from services.round_rules import Job

__all__ = ["Job", "JobError", "JobReport", "Planned", "SchedulerRuntime", "install",
           "reconcile_all", "run_job"]

logger = logging.getLogger(__name__)

RECONCILE_EVERY_S = 60
#: How often leadership is renewed or tried: a standby takes over from a dead leader
#: within this, and the dead one's claims free up within OUTBOX_LEASE_S (default 6 s).
SUPERVISE_EVERY_S = 4


async def reconcile_all(
    sessionmaker: Sessions, settings: Settings, now: datetime
) -> list[JobReport]:
    """Every job for the open period, in order: prompts, reminders, escalations."""
    reports = [
        await run_job(sessionmaker, settings, job, now=now)
        for job in (Job.OPEN, Job.REMIND, Job.ESCALATE)
    ]
    await reconcile_followups(sessionmaker, settings, now)
    return reports


# --------------------------------------------------------------------------- runtime


class SchedulerRuntime:
    """What runs in the bot: leadership, the reconcile job and the delivery worker.

    Only the leader reconciles and delivers, so the global send rate holds for the
    whole installation (several bot processes may share one PostgreSQL).
    """

    def __init__(
        self,
        services: BotServices,
        worker: DeliveryWorker,
        leader: Leader,
        *,
        clock: Callable[[], datetime],
    ) -> None:
        self._services = services
        self.worker = worker
        self.leader = leader
        self._clock = clock
        self._worker_task: asyncio.Task[None] | None = None
        self._worker_stop = asyncio.Event()
        self._recovered = False
        self._closed = False

    @classmethod
    def create(cls, services: BotServices, adapter: Any) -> SchedulerRuntime:
        settings = services.settings
        clock = clock_from_env(settings.env, services.clock)
        worker = DeliveryWorker(
            services.sessionmaker,
            AgentsTransport(adapter, settings, pool=services.connector_pool),
            DeliveryConfig.from_settings(settings),
            # Local anonymous mode (the Playground): what is due goes out at any hour, so
            # `admin run … --now` can be tried in the evening. Due times still follow the
            # calendar's send window (next_allowed_send_time) for everything else.
            calendar=settings.calendar if settings.production_auth else None,
            clock=clock,
            endpoint=configured_endpoint(settings),
            default_tenant_id=default_tenant(settings),
        )
        leader = make_leader(settings.database_url, services.sessionmaker)
        return cls(services, worker, leader, clock=clock)

    async def supervise(self) -> bool:
        """Renew leadership; start or stop the delivery worker accordingly."""
        if self._closed:
            return False
        try:
            leading = await self.leader.acquire_or_renew()
        except (StorageError, OSError) as exc:
            logger.warning("scheduler leadership check failed: %s", type(exc).__name__)
            leading = False
        if leading and not self._recovered:
            self._recovered = True
            if self._services.settings.is_sqlite:
                # Single process on SQLite: claims left over belong to a process that died.
                released = await deliveries.release_all_claims(self._services.sessionmaker)
                if released:
                    logger.warning("released %d outbox claim(s) of a previous run", released)
        task = self._worker_task
        if task is not None and task.done() and not task.cancelled() and task.exception():
            logger.error("the delivery worker stopped with an error; restarting it",
                         exc_info=task.exception())
        if leading and (task is None or task.done()):
            self._worker_stop = asyncio.Event()
            self._worker_task = asyncio.create_task(self.worker.run_forever(self._worker_stop))
        elif not leading and self._worker_task is not None:
            await self._stop_worker()
        return leading

    async def reconcile(self) -> list[JobReport]:
        if not await self.supervise():
            return []
        return await reconcile_all(self._services.sessionmaker, self._services.settings,
                                   self._clock())

    async def _stop_worker(self) -> None:
        task, self._worker_task = self._worker_task, None
        if task is None:
            return
        self._worker_stop.set()
        self.worker.stop()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=5)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def close(self) -> None:
        self._closed = True
        await self._stop_worker()
        await self.leader.release()
        await self.worker.transport.close()


def install(
    scheduler: AsyncIOScheduler, services: BotServices, adapter: Any
) -> Callable[[], Awaitable[None]]:
    """Add the jobs: leadership + delivery supervision, and the reconcile step.

    Both run at start (catch-up) and then every ``SUPERVISE_EVERY_S`` /
    ``RECONCILE_EVERY_S`` seconds; messages due at a calendar moment are queued within a
    minute of it. Returns the runtime's ``close``: the app awaits it at shutdown (messages
    in flight finish and are recorded, the lease is released).
    """
    runtime = SchedulerRuntime.create(services, adapter)
    start = datetime.now(UTC)
    scheduler.add_job(
        runtime.supervise, "interval", seconds=SUPERVISE_EVERY_S, id="malbot.supervise",
        next_run_time=start, max_instances=1, coalesce=True, misfire_grace_time=None,
    )
    scheduler.add_job(
        runtime.reconcile, "interval", seconds=RECONCILE_EVERY_S, id="malbot.reconcile",
        next_run_time=start + timedelta(seconds=1), max_instances=1, coalesce=True,
        misfire_grace_time=None,
    )
    return runtime.close
