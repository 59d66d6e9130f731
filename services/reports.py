"""The monthly report's use cases for the report dialogs (card steps, review, submit,
reopen for edit, the text dialog and the report-level section hooks).

A dialog turn is one use case: :func:`in_transaction` opens ONE session, hands the turn's
work a :class:`ReportTx` (the report's reads and writes, each returning
:mod:`followup.report_forms` data) and commits when the work returns, rolls back when it
raises. A card step ("Nästa") is thus one session checkout and one transaction: the save,
the report-level sections' reads and the decision count share it. The dialogs never see
the session (import-linter contract "Report dialogs own no transaction").
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.calendar import CalendarConfig
from followup.economy_step import EconomyStep
from followup.mandate_views import AnmalanStatus
from followup.report_forms import (
    ReportForm,
    ReportResult,
    StandIn,
    UnitInfo,
    UnitOverview,
)
from services import Sessions
from storage import reports as store
from storage.read_cache import cache_for, read_stamps
from storage.reports import resolve_unit

logger = logging.getLogger(__name__)

T = TypeVar("T")

__all__ = ["ReportTx", "in_transaction", "prompt_overview", "resolve_unit"]


async def prompt_overview(session: AsyncSession, **kw: Any) -> list[UnitOverview]:
    """The prompt's per-unit overview (for :func:`dialogs.report.prompt_card_for`, which
    the scheduler calls with its own session)."""
    return await store.prompt_overview(session, **kw)


class ReportTx:
    """The report's reads and writes inside one use case's transaction (see the module
    docstring). Methods return domain data; none commits unless its name says so."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._stamps: dict[str, int] | None = None

    async def stamps(self) -> dict[str, int] | None:
        """The change stamps (storage.read_cache), read once for the whole use case: its
        cached reads (goals, org tree, the mandate's base, the anmälan) all check the same
        ones. None: the session has no cache. The report's own writes touch no stamped
        table; writes through other sessions call :meth:`renew_stamps`."""
        if self._stamps is None and cache_for(self._session) is not None:
            self._stamps = await read_stamps(self._session)
        return self._stamps

    def renew_stamps(self) -> None:
        """After a write through another session in this use case (a section's save: a
        decision anmäld, "inga beslut", the unit it was answered in), the next kept read
        checks the stamps again instead of trusting the ones read before the write."""
        self._stamps = None

    # -- the report form -----------------------------------------------------------------

    async def load_form(self, **args: Any) -> ReportResult:
        return await store.load_report_form(self._session, commit=False,
                                            stamps=await self.stamps(), **args)

    async def load_view(self, **args: Any) -> ReportResult:
        return await store.load_report_view(self._session, commit=False,
                                            stamps=await self.stamps(), **args)

    async def open_for_edit(self, **args: Any) -> ReportResult:
        return await store.open_for_edit(self._session, **args)

    async def save_step(self, **args: Any) -> ReportResult:
        """Save a step's inputs; an OK save stays in this transaction (committed with the
        rest of the turn)."""
        return await store.save_step(self._session, commit=False,
                                     stamps=await self.stamps(), **args)

    async def submit(self, **args: Any) -> ReportResult:
        return await store.submit_report(self._session, **args)

    # -- who reports -----------------------------------------------------------------------

    async def stand_in(self, person_id: int, unit_id: int, today: date, *,
                       active_only: bool = True) -> StandIn | None:
        """Who acts for the unit's manager when ``person_id`` is its ordinary manager
        (None otherwise, also for an unknown unit, or an inactive one if ``active_only``)."""
        from storage.models import OrgUnit

        unit = await self._session.get(OrgUnit, unit_id)
        if unit is None or (active_only and not unit.active):
            return None
        return await store.stand_in_for(self._session, person_id, unit, today)

    async def parent_of(self, unit_id: int) -> int | None:
        from storage.models import OrgUnit

        return await self._session.scalar(select(OrgUnit.parent_id)
                                          .where(OrgUnit.id == unit_id))

    async def units_to_report(self, person_id: int, today: date, *,
                              include_stood_in: bool = False) -> list[UnitInfo]:
        return list(await store.units_to_report(self._session, person_id, today,
                                                include_stood_in=include_stood_in))

    async def unit_by_code(self, code: str) -> UnitInfo | None:
        return await store.unit_by_code(self._session, code)

    async def current_period(self, now: datetime, cfg: CalendarConfig) -> str | None:
        """The newest open period's name, None between periods."""
        from storage.periods import current_period

        row = await current_period(self._session, now, cfg)
        return row.period if row is not None else None

    async def prompt_overview(self, **kw: Any) -> list[UnitOverview]:
        return await store.prompt_overview(self._session, **kw)

    async def open_decision_count(self, unit_id: int, *, period: str) -> int:
        from storage.decisions import open_decision_count

        return await open_decision_count(self._session, unit_id, period=period)

    # -- section hooks (report-level sections) -------------------------------------------

    async def economy_step(self, **kw: Any) -> EconomyStep | None:
        from services.economy import open_step

        return await open_step(self._session, stamps=await self.stamps(), **kw)

    async def anmalan(self, person_id: int, period: str, on: date, cfg: CalendarConfig, *,
                      unit_id: int) -> AnmalanStatus | None:
        """The Delegationsbeslut section's state (:func:`services.mandate.anmalan_in`,
        in this transaction)."""
        from services.mandate import anmalan_in

        return await anmalan_in(self._session, person_id, period, on, cfg, unit_id=unit_id,
                                stamps=await self.stamps())

    async def save_forecast(self, **kw: Any) -> Any:
        """:func:`services.economy.save_forecast` (commits the forecast; raises
        :class:`services.economy.ForecastRejected`)."""
        from services.economy import save_forecast

        return await save_forecast(self._session, **kw)

    # -- the leaders' courtesies -----------------------------------------------------------

    async def tell_leaders_of_change(self, *, form: ReportForm, changed_ids: Sequence[int],
                                     changed_by: str, now: datetime, calendar: CalendarConfig,
                                     lang: str) -> None:
        """A submitted report changed: the change is committed first, then the leaders
        whose summary went out are told (a failure to queue never undoes the change)."""
        from services.report_changes import notify_leaders_of_change

        await self._session.commit()
        titles = [g.title for g in form.goals if g.goal_id in set(changed_ids)]
        try:
            await notify_leaders_of_change(
                self._session, unit_id=form.unit.id, period=form.period.period,
                changed_by=changed_by, goal_titles=titles, now=now, calendar=calendar,
                lang=lang)
            await self._session.commit()
        except Exception:  # the change itself is committed; the notice is a courtesy
            logger.exception("could not queue the leader notice for %s/%s", form.unit.code,
                             form.period.period)
            await self._session.rollback()

    async def ask_leaders_when_ready(self, *, unit_id: int, period: str, now: datetime,
                                     calendar: CalendarConfig, lang: str) -> None:
        """A unit is klar: the leaders above whose every child is now klar are asked for
        their own analysis (what was saved is committed first)."""
        await self._session.commit()
        await ask_leaders_when_ready(self._session, unit_id=unit_id, period=period, now=now,
                                     calendar=calendar, lang=lang)


async def ask_leaders_when_ready(session: AsyncSession, *, unit_id: int, period: str,
                                 now: datetime, calendar: CalendarConfig, lang: str) -> None:
    """Queue the level analysis prompts under ``unit_id`` and commit; a failure to queue
    never undoes what was saved before (it is rolled back and logged)."""
    from services.level_analysis import queue_level_prompts

    try:
        await queue_level_prompts(session, period=period, now=now, calendar=calendar,
                                  lang=lang, only_under=unit_id)
        await session.commit()
    except Exception:  # the report itself is committed; the prompt is a courtesy
        logger.exception("could not queue the level analysis prompts after unit %s/%s",
                         unit_id, period)
        await session.rollback()


async def in_transaction(sessions: Sessions, work: Callable[[ReportTx], Awaitable[T]]) -> T:
    """Run one use case: one session, one transaction, committed when ``work`` returns and
    rolled back when it raises."""
    async with sessions() as session:
        try:
            answer = await work(ReportTx(session))
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
        return answer
