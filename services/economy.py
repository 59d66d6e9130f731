"""The economy as use cases: the Ekonomi step of a unit's report, saving a helårsprognos,
and the roll-up of a subtree for the leader's and the kommunchef's summary.

* :func:`open_step` — the unit's position for a month (None: the unit has no budget that
  year, so the report shows no economy section);
* :func:`save_forecast` — check (threshold rule, "samma som förra månaden") and save the
  forecast in one transaction; only the person :meth:`OrgTree.responsible` names (an
  acting manager while one is appointed) or an admin may;
* :func:`subtree_economy` — budget, utfall and forecasts summed in SQL over a subtree,
  the forecast's trend by month and the units with the largest negative deviations.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from followup.economy import EconomyConfig, economy_position
from followup.economy_step import (
    EconomyStep,
    ForecastEntry,
    ForecastProblem,
    check_forecast,
)
from followup.sv_format import format_number
from services import Sessions
from storage.economy import (
    forecasts_of_unit,
    subtree_economy,
    unit_by_month,
    write_forecast,
)
from storage.org_queries import load_org_tree

logger = logging.getLogger(__name__)

__all__ = ["ForecastAnswer", "ForecastRejected", "StepsInCharge", "open_step", "save_forecast",
           "steps_in_charge", "submit_forecast", "subtree_economy"]


class ForecastRejected(ValueError):
    """The forecast was not saved: ``problems`` by field, or ``not_allowed``."""

    def __init__(self, problems: dict[str, tuple[ForecastProblem, str]], *,
                 not_allowed: bool = False) -> None:
        super().__init__(", ".join(p.value for p, _d in problems.values()) or "not allowed")
        self.problems = problems
        self.not_allowed = not_allowed


async def open_step(session: AsyncSession, *, unit_id: int, year: int, month: int,
                    config: EconomyConfig, unit_name: str = "",
                    stamps: dict[str, int] | None = None) -> EconomyStep | None:
    lines = await unit_by_month(session, unit_id=unit_id, year=year, stamps=stamps)
    budget = lines.get("budget")
    if not budget:
        return None
    actual = lines.get("utfall", {})
    forecasts = await forecasts_of_unit(session, unit_id=unit_id, year=year)
    current = forecasts.get(month)
    earlier = [f for m, f in sorted(forecasts.items()) if m < month]
    previous = earlier[-1] if earlier else None
    position = economy_position(
        year, month, budget, actual,
        forecast=current.forecast_kr if current else None,
        previous_forecast=previous.forecast_kr if previous else None)
    return EconomyStep(
        unit_id=unit_id, unit_name=unit_name, year=year, month=month, position=position,
        comment=current.comment if current else "",
        previous_comment=previous.comment if previous else "",
        comment_percent=format_number(config.comment_percent),
        comment_tkr=config.comment_kr // 1000)


async def save_forecast(session: AsyncSession, *, unit_id: int, year: int, month: int,
                        forecast_text: str, comment: str, person_id: int | None,
                        is_admin: bool, today: date, config: EconomyConfig,
                        now: datetime, actor_label: str = "") -> ForecastEntry:
    """Check and save; ForecastRejected when the input (or the person) may not."""
    tree = await load_org_tree(session)
    permission = tree.report_permission(person_id or -1, unit_id, today, is_admin=is_admin)
    if not permission.allowed:
        raise ForecastRejected({}, not_allowed=True)
    name = tree.units[unit_id].name if unit_id in tree.units else ""
    step = await open_step(session, unit_id=unit_id, year=year, month=month, config=config,
                           unit_name=name)
    if step is None:
        raise ForecastRejected({}, not_allowed=True)
    entry, problems = check_forecast(step, forecast_text, comment, config)
    if entry is None:
        await session.rollback()
        raise ForecastRejected(problems)
    await write_forecast(session, unit_id=unit_id, year=year, month=month,
                         forecast_kr=entry.forecast_kr, comment=entry.comment,
                         author_person_id=person_id,
                         actor_label=actor_label or f"person {person_id}", now=now)
    await session.commit()
    logger.info("forecast saved for unit %s %s-%02d", unit_id, year, month)
    return entry


# ---------------------------------------------------------------- for the prognos dialog


@dataclass(frozen=True)
class ForecastAnswer:
    """What saving a forecast came to: ``entry`` when saved, else ``rejected``; ``step``
    the unit's refreshed Ekonomi step (None only when the person may not save)."""

    entry: ForecastEntry | None
    step: EconomyStep | None
    rejected: ForecastRejected | None = None


async def submit_forecast(sessions: Sessions, *, unit_id: int, year: int, month: int,
                          forecast_text: str, comment: str, person_id: int | None,
                          is_admin: bool, today: date, config: EconomyConfig, now: datetime,
                          actor_label: str = "") -> ForecastAnswer:
    """:func:`save_forecast` in a session of its own, with the step as it is afterwards."""
    async with sessions() as session:
        tree = await load_org_tree(session)
        name = tree.units[unit_id].name if unit_id in tree.units else ""
        try:
            entry = await save_forecast(
                session, unit_id=unit_id, year=year, month=month, forecast_text=forecast_text,
                comment=comment, person_id=person_id, is_admin=is_admin, today=today,
                config=config, now=now, actor_label=actor_label)
        except ForecastRejected as rejected:
            if rejected.not_allowed:
                return ForecastAnswer(None, None, rejected)
            step = await open_step(session, unit_id=unit_id, year=year, month=month,
                                   config=config, unit_name=name)
            return ForecastAnswer(None, step, rejected)
        step = await open_step(session, unit_id=unit_id, year=year, month=month,
                               config=config, unit_name=name)
    return ForecastAnswer(entry, step)


@dataclass(frozen=True)
class StepsInCharge:
    """The Ekonomi steps a ``prognos`` command may mean (at most two: "choose one")."""

    steps: list[EconomyStep]
    codes: dict[int, str]  # unit id -> unit code, for the "choose" answer
    rest: str  # the command's text after a leading unit code, if one was named


async def steps_in_charge(sessions: Sessions, *, person_id: int | None, is_admin: bool,
                          words: str, year: int, month: int, today: date,
                          config: EconomyConfig) -> StepsInCharge:
    """The units the person is responsible for (all units for an admin naming a code),
    narrowed to the unit code ``words`` starts with, and their economy steps."""
    args = words
    split = words.split()
    async with sessions() as session:
        tree = await load_org_tree(session)
        units = tree.units_responsible(person_id or -1, today)
        if split and is_admin:
            units = list(tree.iter_units())
        named = [u for u in units if split and u.code.lower() == split[0].lower()]
        if named:
            units, args = named, words.split(None, 1)[1] if len(split) > 1 else ""
        steps: list[EconomyStep] = []
        for unit in units:
            step = await open_step(session, unit_id=unit.id, year=year, month=month,
                                   config=config, unit_name=unit.name)
            if step is not None:
                steps.append(step)
            if len(steps) > 1:
                break
    return StepsInCharge(steps, {s.unit_id: tree.units[s.unit_id].code for s in steps}, args)
