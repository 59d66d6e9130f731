"""``status`` (admins only): the period's reporting state per unit, and the outbox.

``status`` shows the open period; ``status 2026-10`` a given one. Units with goals are
grouped as reported / draft / not started, with their manager in charge.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from microsoft_agents.hosting.core import TurnContext, TurnState

from bot_services import BotServices
from cards.common import largest_count, text_fits
from dialogs.context import current_user
from dialogs.features import Command, Feature, Wiring
from followup.calendar import next_opening, parse_period, schedule_for
from followup.org import OrgTree
from followup.sv_format import format_deadline, format_period
from followup.vocabulary import REPORT_ORDER
from i18n import t
from services.round_rules import report_status_of
from services.status import period_status

logger = logging.getLogger(__name__)

#: Longest list of units per group in one message.
MAX_LINES_PER_GROUP = 40
GROUPS = tuple(status.value for status in REPORT_ORDER)


@dataclass(frozen=True)
class UnitStatus:
    name: str
    manager: str | None
    state: str  # submitted | draft | not_started
    late: bool


def status_text(
    *,
    lang: str,
    period: str,
    deadline: datetime,
    units: Sequence[UnitStatus],
    outbox_counts: Mapping[str, int],
) -> str:
    """The admin's overview as Markdown text (pure), within one Teams message: with long
    unit names fewer lines per group (the rest counted, "… och N till")."""
    def render(per_group: int) -> str:
        return _status_text(lang, period, deadline, units, outbox_counts, per_group)

    return render(largest_count(lambda n: text_fits(render(n)), MAX_LINES_PER_GROUP))


def _status_text(lang: str, period: str, deadline: datetime, units: Sequence[UnitStatus],
                 outbox_counts: Mapping[str, int], per_group: int) -> str:
    lines = [t(lang, "status.title", period=format_period(period, lang),
               deadline=format_deadline(deadline, lang))]
    if not units:
        lines.append(t(lang, "status.no_units"))
    else:
        counts = {g: sum(1 for u in units if u.state == g) for g in GROUPS}
        lines.append(t(lang, "status.totals", total=len(units), **counts))
        for group in GROUPS:
            members = [u for u in units if u.state == group]
            if not members:
                continue
            block = [t(lang, f"status.group.{group}", count=len(members))]
            for unit in members[:per_group]:
                key = "status.unit_line_late" if unit.late else "status.unit_line"
                block.append(t(lang, key, unit=unit.name,
                               manager=unit.manager or t(lang, "sched.no_manager")))
            if len(members) > per_group:
                block.append(t(lang, "status.more", count=len(members) - per_group))
            lines.append("\n".join(block))
    lines.append(t(lang, "status.outbox", pending=outbox_counts.get("pending", 0)
                   + outbox_counts.get("sending", 0), sent=outbox_counts.get("sent", 0),
                   failed=outbox_counts.get("failed", 0),
                   unreachable=outbox_counts.get("unreachable", 0)))
    return "\n\n".join(lines)


def _unit_statuses(
    tree: OrgTree,
    unit_ids: set[int],
    states: Mapping[int, str],
    late: set[int],
    names: Mapping[int, str],
    on: date,
) -> list[UnitStatus]:
    out: list[UnitStatus] = []
    for unit in tree.iter_units():
        if unit.id not in unit_ids:
            continue
        manager = tree.manager_in_charge(unit.id, on)
        out.append(UnitStatus(
            name=" › ".join(tree.path_names(unit.id)),
            manager=names.get(manager) if manager is not None else None,
            state=report_status_of(unit.id, states),
            late=unit.id in late,
        ))
    return out


def setup(services: BotServices) -> Wiring:
    async def on_status(context: TurnContext, _state: TurnState, args: str) -> None:
        user = current_user(context)
        if not user.is_admin:
            logger.warning("status refused: person %s is not an admin", user.person_id)
            await context.send_activity(t(user.lang, "error.not_admin"))
            return
        await context.send_activity(await _status_for(services, user.lang, args.strip()))

    return Wiring(commands={"status": on_status})


FEATURE = Feature(
    name="dialogs.admin_status",
    setup=setup,
    commands=(Command("status", sv=("status",)),),
    admin_help=("help.status",),
)


async def _status_for(services: BotServices, lang: str, arg: str) -> str:
    cfg = services.calendar
    now = services.now()
    period: str | None = None
    if arg:
        try:
            parse_period(arg)
            schedule = schedule_for(arg, cfg)
        except ValueError as exc:
            return t(lang, "status.bad_period", error=str(exc))
        if now < schedule.opens_at:
            return t(lang, "status.unknown_period", period=format_period(arg, lang))
        period = schedule.period
    today = services.today()
    found = await period_status(services.sessionmaker, period=period, now=now, today=today,
                                calendar=cfg)
    if found is None:
        upcoming = next_opening(now, cfg)
        return t(lang, "status.no_period", period=format_period(upcoming.period, lang),
                 opens=format_deadline(upcoming.opens_at, lang))
    units = _unit_statuses(found.tree, set(found.goals), found.states, found.late,
                           found.manager_names, today)
    return status_text(lang=lang, period=found.period,
                       deadline=found.deadline_at.astimezone(cfg.zone), units=units,
                       outbox_counts=found.outbox_counts)
