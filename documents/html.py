"""The report document as HTML for WeasyPrint (styles in ``report.css``).

Plain string building with every text escaped; the structure is semantic (``h1``–``h3``,
``table`` with ``th scope``, ``figure`` with ``alt``) so the tagged PDF reads in order.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from html import escape

from followup.document import (
    STATUS_SYMBOLS,
    DecisionEntry,
    EconomyLineEntry,
    GoalEntry,
    LevelText,
    PerspectiveSection,
    ReportDocument,
    UnitRow,
    format_change,
    format_value,
)
from followup.summary import StatusCounts
from followup.sv_format import format_date, format_number
from i18n import t

ChartImage = Callable[[str], bytes | None]  # chart key -> PNG bytes


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _css_string(text: str) -> str:
    """``text`` inside a CSS string in ``<style>`` (where HTML entities mean nothing)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return " ".join(out.split())


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{'<br/>'.join(_e(line) for line in p.splitlines())}</p>" for p in parts)


def _tkr(kronor: int | None, lang: str, *, signed: bool = False) -> str:
    if kronor is None:
        return "–"
    text = format_number(round(kronor / 1000), 0, lang)
    return f"+{text}" if signed and kronor > 0 else text


def economy_head(lang: str) -> list[str]:
    return [t(lang, f"document.economy.{key}") for key in (
        "unit", "budget", "budget_to_date", "actual_to_date", "deviation", "forecast",
        "forecast_deviation")]


def economy_intro(doc: ReportDocument, lang: str) -> str:
    from followup.sv_format import month_name

    return t(lang, "document.economy.intro", month=month_name(doc.economy_month, lang))


def economy_rows(doc: ReportDocument, lang: str) -> list[tuple[EconomyLineEntry, list[str]]]:
    """(line, cells in tkr) of the economy table, the total last."""
    return [(line, [line.name, _tkr(line.annual_budget, lang),
                    _tkr(line.budget_to_date, lang), _tkr(line.actual_to_date, lang),
                    _tkr(line.deviation_to_date, lang, signed=True),
                    _tkr(line.forecast, lang),
                    _tkr(line.forecast_deviation, lang, signed=True)])
            for line in doc.economy]


def status_text(status: str | None, lang: str) -> str:
    key = status if status in ("green", "yellow", "red") else "not_reported"
    return f"{STATUS_SYMBOLS[status if key != 'not_reported' else None]} " \
        f"{t(lang, f'summary.status.{key}')}"


def _status(status: str | None, lang: str) -> str:
    css = status if status in ("green", "yellow", "red") else "none"
    return f'<span class="status s-{css}">{_e(status_text(status, lang))}</span>'


def _n(value: int, lang: str) -> str:
    return format_number(value, 0, lang)


def _table(head: Iterable[str], rows: Iterable[Iterable[str]], css: str = "") -> str:
    """Cells are HTML already (escape before)."""
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _counts_cells(counts: StatusCounts, lang: str) -> list[str]:
    return [_n(counts.green, lang), _n(counts.yellow, lang), _n(counts.red, lang),
            _n(counts.not_reported, lang)]


def row_name(row: UnitRow, lang: str) -> str:
    if row.units > 1:
        return t(lang, "document.children.with_below", unit=row.unit.name)
    return row.unit.name


def row_report(row: UnitRow, lang: str) -> str:
    """The report column: the unit's own report, or ``"38 av 41 rapporterade (41 enheter)"``."""
    if row.units > 1:
        return t(lang, "document.children.reports_of", done=_n(row.reports_done, lang),
                 expected=_n(row.reports_expected, lang), units=_n(row.units, lang))
    return t(lang, f"document.report.{row.report}")


def _counts_head(lang: str) -> list[str]:
    return [_e(status_text(s, lang)) for s in ("green", "yellow", "red", None)]


class _Builder:
    def __init__(self, doc: ReportDocument, lang: str, chart_image: ChartImage) -> None:
        self.doc = doc
        self.lang = lang
        self.chart_image = chart_image
        self.out: list[str] = []
        self.toc: list[tuple[int, str, str]] = []  # level, anchor, title
        self._ids = 0

    def tr(self, key: str, **params: object) -> str:
        return t(self.lang, key, **params)

    def heading(self, level: int, text: str, *, toc: bool = True) -> None:
        self._ids += 1
        anchor = f"h{self._ids}"
        if toc and level <= 2:
            self.toc.append((level, anchor, text))
        self.out.append(f'<h{level} id="{anchor}">{_e(text)}</h{level}>')

    # ---------------------------------------------------------------- parts

    def cover(self) -> str:
        d = self.doc
        facts = [
            (self.tr("document.cover.period"), d.period.cover_label or d.period.label),
            (self.tr("document.cover.unit"), d.root_path),
            (self.tr("document.cover.units"), _n(d.units, self.lang)),
            (self.tr("document.cover.date"), format_date(d.created_on, self.lang)),
            (self.tr("document.cover.prepared_by"), d.prepared_by or "–"),
        ]
        rows = "".join(f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>'
                       for k, v in facts)
        return (
            '<section class="cover">'
            f'<p class="kommun">{_e(d.kommun)}</p>'
            f'<p class="doc-title">{_e(d.title)}</p>'
            f'<p class="doc-unit">{_e(d.root.name)}</p>'
            f'<table class="cover-facts"><tbody>{rows}</tbody></table>'
            f'<p class="cover-note">{_e(self.tr("document.cover.note"))}</p>'
            "</section>"
        )

    def contents(self) -> str:
        items = "".join(
            f'<li class="toc-{level}"><a href="#{anchor}">{_e(text)}</a></li>'
            for level, anchor, text in self.toc
        )
        return (f'<nav class="toc"><h1 class="toc-title">{_e(self.tr("document.contents"))}'
                f"</h1><ul>{items}</ul></nav>")

    def level_text(self, text: LevelText, *, with_unit: bool) -> None:
        author = text.author or "–"
        by = self.tr("document.summary.by", unit=text.unit.name, author=author) if with_unit \
            else author
        draft = "" if text.done else f' {_e(self.tr("document.summary.draft"))}'
        self.out.append(f'<div class="level-text">{_paragraphs(text.text)}'
                        f'<p class="byline">{_e(by)}{draft}</p></div>')

    def summary(self) -> None:
        d = self.doc
        self.heading(1, self.tr("document.summary.heading"))
        if not d.summary_texts:
            self.out.append(f"<p>{_e(self.tr('document.summary.none', unit=d.root.name))}</p>")
        for text in d.summary_texts:
            self.heading(3, d.perspective_labels.get(text.perspective or "", ""), toc=False)
            self.level_text(text, with_unit=False)

    def overview(self) -> None:
        d = self.doc
        lang = self.lang
        self.heading(1, self.tr("document.overview.heading"))
        rows = [
            [_e(d.perspective_labels[key]), _n(c.total, lang), *_counts_cells(c, lang)]
            for key, c in d.overview.items()
        ]
        total = d.goals
        rows.append([f"<strong>{_e(self.tr('document.overview.total'))}</strong>",
                     _n(total.total, lang), *_counts_cells(total, lang)])
        self.out.append(_table([_e(self.tr("document.overview.perspective")),
                                _e(self.tr("document.overview.goals")), *_counts_head(lang)],
                               rows, "numbers overview"))
        if d.reports_expected:
            line = self.tr("document.overview.reporting",
                           reported=_n(d.reports_on_time + d.reports_late, lang),
                           expected=_n(d.reports_expected, lang),
                           late=_n(d.reports_late, lang))
        else:
            line = self.tr("document.overview.no_reporting")
        self.out.append(f"<p>{_e(line)}</p>"
                        f'<p class="legend">{_e(self.tr("document.overview.legend"))}</p>')

    def indicator_table(self, goals: tuple[GoalEntry, ...]) -> None:
        lang = self.lang
        d = self.doc
        # a steering period's table has the year-end assessment instead of an empty
        # "against the previous period" column when there is no earlier period of its kind
        with_previous = bool(d.previous_label) or not d.year_end_asked
        prev = self.tr("document.indicators.previous", period=d.previous_label) \
            if d.previous_label else self.tr("document.indicators.previous_none")
        rows = []
        for g in goals:
            ind = g.indicator
            assert ind is not None
            row = [
                f"{_e(g.title)}<br/><span class='small'>{_e(ind.name)}"
                f"{'' if g.unit.id == d.root.id else ' · ' + _e(g.unit_path)}</span>",
                _status(g.status, lang),
            ]
            if d.year_end_asked:
                row.append(_status(g.year_end, lang) if g.year_end else "–")
            row += [
                _e(format_value(ind.value, ind.unit, lang)),
                _e(format_value(ind.target, ind.unit, lang)),
                _e(format_value(ind.baseline, ind.unit, lang)),
            ]
            if with_previous:
                row.append(_e(format_change(ind.previous, lang)))
            row.append(_e(format_change(ind.last_year, lang)))
            rows.append(row)
        head = [_e(self.tr("document.indicators.goal")), _e(self.tr("document.goal.status"))]
        if d.year_end_asked:
            head.append(_e(self.tr("document.goal.year_end")))
        head += [_e(self.tr("document.indicators.value")),
                 _e(self.tr("document.indicators.target")),
                 _e(self.tr("document.indicators.baseline"))]
        if with_previous:
            head.append(_e(prev))
        head.append(_e(self.tr("document.indicators.last_year", period=d.last_year_label)))
        css = "numbers indicators year-end" if d.year_end_asked else "numbers indicators"
        self.out.append(_table(head, rows, css))

    def goal(self, g: GoalEntry, *, with_unit: bool) -> None:
        lang = self.lang
        title = f"{g.title} – {g.unit_path}" if with_unit else g.title
        self.out.append('<div class="goal">')
        self.heading(3, title, toc=False)
        self.out.append(f'<p class="goal-status">{_status(g.status, lang)}')
        if g.indicator is not None:
            ind = g.indicator
            self.out.append(
                f' · {_e(ind.name)}: <strong>{_e(format_value(ind.value, ind.unit, lang))}'
                f"</strong> ({_e(self.tr('document.indicators.target'))} "
                f"{_e(format_value(ind.target, ind.unit, lang))})")
        self.out.append("</p>")
        if g.year_end:
            self.out.append(f'<p class="goal-status">{_e(self.tr("document.goal.year_end"))}: '
                            f"{_status(g.year_end, lang)}</p>")
        if g.description:
            self.out.append(f'<p class="description">{_e(g.description)}</p>')
        if g.chart is not None:
            image = self.chart_image(g.chart.key)
            if image:
                src = "data:image/png;base64," + base64.b64encode(image).decode("ascii")
                self.out.append(f'<figure class="chart"><img src="{src}" '
                                f'alt="{_e(g.chart.alt_text)}"/>'
                                f"<figcaption>{_e(g.chart.alt_text)}</figcaption></figure>")
        if g.status is None:
            self.out.append(f'<p class="muted">{_e(self.tr("document.goal.not_reported"))}</p>')
        else:
            for key, text in (("document.goal.analysis", g.analysis),
                              ("document.goal.actions", g.actions)):
                if text.strip():
                    self.out.append(f'<p class="label">{_e(self.tr(key))}</p>'
                                    f"{_paragraphs(text)}")
            if not g.analysis.strip() and not g.actions.strip() and g.status != "green":
                self.out.append(f'<p class="muted">{_e(self.tr("document.goal.no_text"))}</p>')
            if g.author:
                key = "document.goal.reported_by_acting" if g.author_role == "acting" \
                    else "document.goal.reported_by"
                when = format_date(g.submitted_on, lang) if g.submitted_on else "–"
                late = f" ({self.tr('document.goal.late')})" if g.late else ""
                self.out.append(f'<p class="byline">{_e(self.tr(key, author=g.author, date=when))}'
                                f"{_e(late)}</p>")
        self.out.append("</div>")

    def perspective(self, p: PerspectiveSection) -> None:
        lang = self.lang
        c = p.counts
        self.out.append('<section class="perspective">')
        self.heading(1, p.label)
        self.out.append("<p>" + _e(self.tr(
            "document.perspective.counts", total=_n(c.total, lang), green=_n(c.green, lang),
            yellow=_n(c.yellow, lang), red=_n(c.red, lang),
            missing=_n(c.not_reported, lang))) + "</p>")
        if p.indicator_goals:
            self.heading(2, f"{p.label}: {self.tr('document.indicators.heading')}")
            self.indicator_table(p.indicator_goals)
        if p.own_goals:
            self.heading(2, self.tr("document.own.heading", unit=self.doc.root.name))
            for g in p.own_goals:
                self.goal(g, with_unit=False)
        if p.level_texts:
            self.heading(2, f"{p.label}: {self.tr('document.levels.heading')}")
            for text in p.level_texts:
                self.heading(3, text.unit.name, toc=False)
                self.level_text(text, with_unit=False)
        if p.details or p.details_omitted:
            self.heading(2, f"{p.label}: {self.tr('document.details.heading')}")
            self.out.append(f'<p class="muted">{_e(self.tr("document.details.red_first"))}</p>')
            for g in p.details:
                self.goal(g, with_unit=True)
            if p.details_omitted:
                self.out.append("<p>" + _e(self.tr(
                    "document.details.omitted", count=_n(p.details_omitted, lang))) + "</p>")
        self.out.append("</section>")

    def children(self) -> None:
        d = self.doc
        if not d.children:
            return
        lang = self.lang
        self.out.append('<section class="children">')
        self.heading(1, self.tr("document.children.heading"))
        self.out.append(f"<p>{_e(self.tr('document.children.intro'))}</p>")
        if any(r.units > 1 for child in d.children for r in child.rows):
            self.out.append(f'<p class="muted">{_e(self.tr("document.children.summed"))}</p>')
        for child in d.children:
            self.heading(2, child.unit.name)
            rows = [
                [f'<span class="indent-{min(r.depth, 4)}">{_e(row_name(r, lang))}</span>',
                 _e(row_report(r, lang)),
                 *_counts_cells(r.counts, lang), _e(r.in_charge or "–")]
                for r in child.rows
            ]
            self.out.append(_table(
                [_e(self.tr("document.children.unit")), _e(self.tr("document.children.report")),
                 *_counts_head(lang), _e(self.tr("document.children.in_charge"))],
                rows, "numbers compact"))
        self.out.append("</section>")

    def decision_table(self, decisions: tuple[DecisionEntry, ...], done: bool) -> None:
        lang = self.lang
        if not decisions:
            self.out.append(f"<p>{_e(self.tr('document.decisions.none'))}</p>")
            return
        rows = []
        for dec in decisions:
            status = self.tr(f"document.decision.{dec.status}")
            if dec.overdue:
                status += f" ({self.tr('document.decision.overdue')})"
            last = dec.completed_on if done else dec.due_date
            rows.append([_e(dec.reference), _e(dec.title), _e(dec.unit.name),
                         _e(format_date(last, lang) if last else "–"), _e(status)])
        self.out.append(_table(
            [_e(self.tr("document.decisions.reference")), _e(self.tr("document.decisions.title")),
             _e(self.tr("document.decisions.unit")),
             _e(self.tr("document.decisions.completed" if done else "document.decisions.due")),
             _e(self.tr("document.decisions.status"))], rows, "decisions"))

    def economy(self) -> None:
        d = self.doc
        if not d.economy:
            return
        self.out.append('<section class="economy">')
        self.heading(1, self.tr("document.economy.heading"))
        self.out.append(f"<p>{_e(economy_intro(d, self.lang))}</p>")
        rows = [[("<strong>" + _e(c) + "</strong>") if line.total else _e(c)
                 for c in cells] for line, cells in economy_rows(d, self.lang)]
        self.out.append(_table([_e(h) for h in economy_head(self.lang)], rows, "economy"))
        self.out.append("</section>")

    def decisions(self) -> None:
        d = self.doc
        self.out.append('<section class="decisions">')
        self.heading(1, self.tr("document.decisions.heading"))
        for key, items, done in (("document.decisions.overdue", d.decisions_overdue, False),
                                 ("document.decisions.open", d.decisions_open, False),
                                 ("document.decisions.done", d.decisions_done, True)):
            self.heading(2, self.tr(key))
            self.decision_table(items, done)
        self.out.append("</section>")

    def missing(self) -> None:
        d = self.doc
        self.out.append('<section class="appendix">')
        self.heading(1, self.tr("document.missing.heading"))
        if not d.missing:
            self.out.append(f"<p>{_e(self.tr('document.missing.none'))}</p>")
        else:
            rows = [[_e(m.unit_path), _e(m.in_charge or "–"),
                     _e(self.tr("document.report.draft" if m.draft else "document.report.missing"))]
                    for m in d.missing]
            self.out.append(_table([_e(self.tr("document.missing.unit")),
                                    _e(self.tr("document.missing.in_charge")),
                                    _e(self.tr("document.missing.state"))], rows, "missing"))
        self.out.append("</section>")


def document_html(doc: ReportDocument, lang: str = "sv",
                  chart_image: ChartImage = lambda _key: None) -> str:
    """The whole document as one HTML page (metadata in ``<head>`` for the PDF's XMP)."""
    b = _Builder(doc, lang, chart_image)
    b.summary()
    b.overview()
    for section in doc.perspectives:
        b.perspective(section)
    b.children()
    b.economy()
    b.decisions()
    b.missing()
    body = "".join(b.out)
    title = f"{doc.title} – {doc.root.name}"
    subject = t(lang, "document.subject", period=doc.period.label)
    page_label = t(lang, "document.page", page="\x01", pages="\x02")
    page_css = page_label.replace('"', "").replace("\x01", '" counter(page) "').replace(
        "\x02", '" counter(pages) "')
    head = (
        f'<meta charset="utf-8"/><title>{_e(title)}</title>'
        f'<meta name="author" content="{_e(doc.prepared_by or doc.root.name)}"/>'
        f'<meta name="description" content="{_e(subject)}"/>'
        f'<meta name="keywords" content="{_e(doc.kommun)}, {_e(doc.root.name)}, '
        f'{_e(doc.period.code)}"/>'
        f'<meta name="generator" content="Målbot"/>'
        f'<meta name="dcterms.created" content="{doc.created_on.isoformat()}"/>'
        f'<style>@page {{ @bottom-center {{ content: "{page_css}"; }} '
        f'@top-right {{ content: "{_css_string(f"{doc.title} · {doc.root.name}")}"; }} }}'
        f"@page :first {{ @bottom-center {{ content: none; }} @top-right {{ content: none; }} }}"
        "</style>"
    )
    return (f'<!DOCTYPE html><html lang="{_e(lang)}"><head>{head}</head><body>'
            f"{b.cover()}{b.contents()}<main>{body}</main></body></html>")
