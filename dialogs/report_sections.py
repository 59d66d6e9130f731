"""Report-level sections of the report wizard: each declared once in
:mod:`followup.report_kinds` (``SectionSpec(per="report")``) and provided here as a step
(card body, saving, review lines, what it needs to submit, and the text path's question
and answer). The wizard (:mod:`dialogs.report`, :mod:`dialogs.report_text`) walks the
report kind's report sections whose provider opens a step for the unit and person.

* :class:`EconomySection` – the Ekonomi step (units with a budget; :mod:`services.economy`);
* :class:`MandateSection` – anmälan av delegationsbeslut (managers holding delegation
  points; :mod:`services.mandate`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot_services import BotServices
from cards.economy_step import economy_section, economy_text, position_facts, problem_text, tkr
from cards.mandate import outcome_text
from cards.report_section import (
    MANDATE_ACTION,
    answered_elsewhere_line,
    covered_line,
    mandate_answered_body,
    mandate_decision_line,
    mandate_step_body,
)
from dialogs.context import TurnUser
from dialogs.mandate import MandateFlow, form_values, is_no_decisions
from followup.economy_step import (
    FIELD_COMMENT,
    FIELD_FORECAST,
    EconomyStep,
    parse_forecast_message,
)
from followup.mandate_views import AnmalanStatus
from followup.period import Period
from followup.report_forms import ReportForm
from followup.report_rules import FieldError
from followup.sv_format import format_period
from i18n import t
from services.economy import ForecastRejected
from services.mandate import note_anmalan_unit
from services.reports import ReportTx

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SectionContext:
    """What a section step needs: the turn's person, the report's form and the turn's
    use case (:class:`services.reports.ReportTx`, one transaction)."""

    services: BotServices
    tx: ReportTx
    user: TurnUser
    form: ReportForm

    @property
    def lang(self) -> str:
        return self.user.lang


@dataclass(frozen=True)
class Saved:
    """A section's answer to input: ``problems`` (None: saved) and a line to show."""

    problems: Mapping[str, Any] | None = None
    message: str = ""
    #: saved, and the same step is asked again (one more decision, …)
    again: bool = False


class ReportSection(Protocol):
    """A report-level section's step (see the module docstring)."""

    key: str

    async def open(self, ctx: SectionContext) -> Any | None:
        """The step's state for the report, None when the unit/person has no such step."""

    def body(self, ctx: SectionContext, state: Any, *, values: Mapping[str, str],
             problems: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The card elements of the step (inputs with their values and problems)."""

    def has_input(self, data: Mapping[str, Any]) -> bool:
        """Whether a card's data carries anything for this section to save."""

    async def save(self, ctx: SectionContext, state: Any, data: Mapping[str, Any]) -> Saved:
        """Check and save the card's inputs (one transaction)."""

    def review(self, ctx: SectionContext, state: Any) -> list[tuple[str, str]]:
        """The review step's lines ("label", "value")."""

    def missing(self, ctx: SectionContext, state: Any) -> FieldError | None:
        """What the section still needs before the report can be submitted."""

    def question(self, ctx: SectionContext, state: Any) -> str:
        """The text path's question."""

    async def answer(self, ctx: SectionContext, state: Any, text: str) -> Saved:
        """The text path's answer (a whole message)."""


def missing_error(section_key: str, message: str) -> FieldError:
    return FieldError(None, section_key, "report.section.missing", {"message": message})


# --------------------------------------------------------------------------- economy


def _month_of(form: ReportForm) -> tuple[int, int]:
    """The report's economy month: the period's last month (a tertial's April, …)."""
    period = Period.parse(form.period.period)
    return period.year, period.last_month


class EconomySection:
    """The Ekonomi step: position so far, helårsprognos (tkr) and kommentar."""

    key = "economy"

    async def open(self, ctx: SectionContext) -> EconomyStep | None:
        year, month = _month_of(ctx.form)
        return await ctx.tx.economy_step(unit_id=ctx.form.unit.id, year=year, month=month,
                                         config=ctx.services.settings.economy,
                                         unit_name=ctx.form.unit.name)

    def body(self, ctx: SectionContext, state: EconomyStep, *, values: Mapping[str, str],
             problems: Mapping[str, Any]) -> list[dict[str, Any]]:
        shown = {k: str(values[k])[:2100] for k in (FIELD_FORECAST, FIELD_COMMENT)
                 if k in values}
        return economy_section(state, ctx.lang, values=shown, problems=dict(problems))

    def has_input(self, data: Mapping[str, Any]) -> bool:
        return bool(str(data.get(FIELD_FORECAST) or "").strip()
                    or str(data.get(FIELD_COMMENT) or "").strip())

    async def _save(self, ctx: SectionContext, state: EconomyStep, forecast: str,
                    comment: str) -> Saved:
        year, month = _month_of(ctx.form)
        try:
            entry = await ctx.tx.save_forecast(
                unit_id=state.unit_id, year=year, month=month,
                forecast_text=forecast, comment=comment, person_id=ctx.user.person_id,
                is_admin=ctx.user.is_admin, today=ctx.services.today(),
                config=ctx.services.settings.economy, now=ctx.services.now(),
                actor_label=ctx.user.display_name)
        except ForecastRejected as rejected:
            if rejected.not_allowed:
                return Saved({}, t(ctx.lang, "economy.problem.not_allowed"))
            lines = [problem_text(p, d, state, ctx.lang) for p, d in rejected.problems.values()]
            return Saved(rejected.problems, "\n\n".join(lines))
        return Saved(None, f"{t(ctx.lang, 'economy.saved')} {tkr(entry.forecast_kr, ctx.lang)}.")

    async def save(self, ctx: SectionContext, state: EconomyStep,
                   data: Mapping[str, Any]) -> Saved:
        forecast = str(data.get(FIELD_FORECAST) or "")
        comment = str(data.get(FIELD_COMMENT) or "")
        return await self._save(ctx, state, forecast, comment)

    def review(self, ctx: SectionContext, state: EconomyStep) -> list[tuple[str, str]]:
        lines = position_facts(state, ctx.lang)
        forecast = state.position.forecast
        lines.append((t(ctx.lang, "economy.input.forecast"),
                      tkr(forecast, ctx.lang) if forecast is not None
                      else t(ctx.lang, "report.section.economy.none")))
        if state.comment:
            lines.append((t(ctx.lang, "economy.input.comment"), state.comment[:160]))
        return lines

    def missing(self, ctx: SectionContext, state: EconomyStep) -> FieldError | None:
        if state.position.forecast is not None:
            return None
        return missing_error(self.key, t(ctx.lang, "report.section.economy.missing"))

    def question(self, ctx: SectionContext, state: EconomyStep) -> str:
        return economy_text(state, ctx.lang)

    async def answer(self, ctx: SectionContext, state: EconomyStep, text: str) -> Saved:
        forecast, comment = parse_forecast_message(text)
        return await self._save(ctx, state, forecast, comment)


# --------------------------------------------------------------------------- Delegationsbeslut


class MandateSection:
    """Anmälan av delegationsbeslut: the month's decisions (point by typeahead, date,
    description, dnr, amount) or "inga beslut"; for managers holding points to report."""

    key = "mandate"

    def _flow(self, ctx: SectionContext) -> MandateFlow:
        return MandateFlow(ctx.services)

    async def open(self, ctx: SectionContext) -> AnmalanStatus | None:
        if ctx.user.person_id is None:
            return None
        return await ctx.tx.anmalan(ctx.user.person_id, ctx.form.period.period,
                                    ctx.services.today(), ctx.services.calendar,
                                    unit_id=ctx.form.unit.id)

    def body(self, ctx: SectionContext, state: AnmalanStatus, *, values: Mapping[str, str],
             problems: Mapping[str, Any]) -> list[dict[str, Any]]:
        if state.answered_elsewhere:
            return mandate_answered_body(state, ctx.lang)
        problem = next(iter(problems.values()), None) if problems else None
        return mandate_step_body(ctx.form, state, ctx.lang, today=ctx.services.today(),
                                 problem=str(problem) if problem else None,
                                 values=form_values(values))

    def has_input(self, data: Mapping[str, Any]) -> bool:
        if data.get(MANDATE_ACTION) in ("add", "none"):
            return True
        return bool(str(data.get("description") or "").strip()
                    and (data.get("point") or data.get("point_text")))

    async def save(self, ctx: SectionContext, state: AnmalanStatus,
                   data: Mapping[str, Any]) -> Saved:
        if state.answered_elsewhere:
            return Saved(None, "")
        flow = self._flow(ctx)
        if data.get(MANDATE_ACTION) == "none":
            saved = Saved(None, await flow.confirm_none(ctx.user, state.period))
            await self._note_unit(ctx, state)
            return saved
        outcome, problem = await flow.report_from_card(ctx.user, data)
        if outcome is None:
            key = problem or "mandate.report.unknown_point"
            return Saved({"point": key}, t(ctx.lang, key))
        await self._note_unit(ctx, state)
        return Saved(None, outcome_text(outcome, ctx.lang), again=True)

    async def _note_unit(self, ctx: SectionContext, state: AnmalanStatus) -> None:
        if ctx.user.person_id is not None:
            await note_anmalan_unit(ctx.services.sessionmaker, ctx.user.person_id,
                                    state.period, ctx.form.unit.id,
                                    actor_label=ctx.user.display_name, now=ctx.services.now())

    def review(self, ctx: SectionContext, state: AnmalanStatus) -> list[tuple[str, str]]:
        if state.answered_elsewhere:
            return [(t(ctx.lang, "report.section.mandate.label"),
                     answered_elsewhere_line(state, ctx.lang))]
        label = t(ctx.lang, "report.section.mandate.decision")
        lines = [(label, mandate_decision_line(p, d, ctx.lang)) for p, d in state.decisions]
        if not lines and state.none_confirmed:
            lines.append((t(ctx.lang, "report.section.mandate.label"),
                          t(ctx.lang, "report.section.mandate.none")))
        return lines

    def missing(self, ctx: SectionContext, state: AnmalanStatus) -> FieldError | None:
        if state.done or state.answered_elsewhere:
            return None
        return missing_error(self.key, t(ctx.lang, "report.section.mandate.missing"))

    def question(self, ctx: SectionContext, state: AnmalanStatus) -> str:
        if state.answered_elsewhere:
            return "\n\n".join([answered_elsewhere_line(state, ctx.lang),
                                 t(ctx.lang, "report.section.mandate.text_next")])
        lines = [f"**{t(ctx.lang, 'report.section.mandate.label')}** – "
                 f"{format_period(state.period, ctx.lang)}"]
        if state.span is not None:
            lines.append(covered_line(state, ctx.lang))
        lines += [f"- {mandate_decision_line(p, d, ctx.lang)}" for p, d in state.decisions]
        if state.none_confirmed:
            lines.append(t(ctx.lang, "report.section.mandate.none_confirmed",
                           period=format_period(state.period, ctx.lang)))
        lines.append(t(ctx.lang, "report.section.mandate.text_ask"))
        return "\n\n".join(lines)

    async def answer(self, ctx: SectionContext, state: AnmalanStatus, text: str) -> Saved:
        flow = self._flow(ctx)
        if state.answered_elsewhere or is_done_word(text):
            return Saved(None, "")
        if is_no_decisions(text):
            saved = Saved(None, await flow.confirm_none(ctx.user, state.period))
            await self._note_unit(ctx, state)
            return saved
        outcome, answer = await flow.report_line(ctx.user, text)
        if outcome is None:
            return Saved({"line": answer}, answer)
        await self._note_unit(ctx, state)
        return Saved(None, answer, again=True)


DONE_WORDS = ("klart", "klar", "färdig", "done", "nästa", "next")


def is_done_word(text: str) -> bool:
    return text.strip().lower().rstrip(".!") in DONE_WORDS


# --------------------------------------------------------------------------- registry

ECONOMY_SECTION = EconomySection()
MANDATE_SECTION = MandateSection()
_PROVIDERS: dict[str, ReportSection] = {ECONOMY_SECTION.key: ECONOMY_SECTION,
                                        MANDATE_SECTION.key: MANDATE_SECTION}


def provider(key: str) -> ReportSection | None:
    return _PROVIDERS.get(key)


OpenSection = tuple[ReportSection, Any]


async def open_sections(ctx: SectionContext) -> list[OpenSection]:
    """The report's section steps for this unit and person, in the kind's order."""
    opened: list[OpenSection] = []
    for spec in ctx.form.kind.report_sections:
        section = _PROVIDERS.get(spec.key)
        if section is None:
            continue
        try:
            state = await section.open(ctx)
        except Exception:  # a section that cannot open never blocks the goals
            logger.exception("report section %s could not open for unit %s", spec.key,
                             ctx.form.unit.id)
            continue
        if state is not None:
            opened.append((section, state))
    return opened


def section_review_text(section_key: str, lines: Sequence[tuple[str, str]], lang: str) -> str:
    """A section in the text dialog's summary: its label and its lines."""
    head = f"**{t(lang, f'report.section.{section_key}.label')}**"
    return "\n".join([head, *(f"- {k}: {v}" for k, v in lines)])


def sections_missing(ctx: SectionContext, opened: Sequence[OpenSection]) -> list[FieldError]:
    return [m for section, state in opened if (m := section.missing(ctx, state)) is not None]
