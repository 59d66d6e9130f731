"""The report document as Word (DOCX) for further editing, with python-docx.

Real Word headings (styles Heading 1–3, so Word's navigation pane and its own table of
contents work), real tables, the charts as PNG pictures with alternative text, a table-of-
contents field that Word fills in when the document is opened, page numbers in the footer
and the core properties (title, author, subject, keywords, language) set.
"""

from __future__ import annotations

import io
from typing import Any

from documents.html import economy_head, economy_intro, economy_rows, row_name, row_report
from followup.document import (
    STATUS_SYMBOLS,
    DecisionEntry,
    GoalEntry,
    LevelText,
    PerspectiveSection,
    ReportDocument,
    format_change,
    format_value,
)
from followup.summary import StatusCounts
from followup.sv_format import format_date, format_number
from i18n import t


def _status_text(status: str | None, lang: str) -> str:
    key = status if status in ("green", "yellow", "red") else "not_reported"
    symbol = STATUS_SYMBOLS[status if key != "not_reported" else None]
    return f"{symbol} {t(lang, f'summary.status.{key}')}"


class _Writer:
    def __init__(self, doc: ReportDocument, lang: str) -> None:
        from docx import Document
        from docx.shared import Pt

        self.model = doc
        self.lang = lang
        self.word: Any = Document()
        normal = self.word.styles["Normal"]
        normal.font.name = "DejaVu Sans"
        normal.font.size = Pt(10)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
            self.word.styles[name].font.name = "DejaVu Sans"

    def tr(self, key: str, **params: object) -> str:
        return t(self.lang, key, **params)

    def n(self, value: int) -> str:
        return format_number(value, 0, self.lang)

    # ---------------------------------------------------------------- helpers

    def para(self, text: str, *, bold: bool = False, italic: bool = False,
             small: bool = False) -> Any:
        from docx.shared import Pt

        paragraph = self.word.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
        if small:
            run.font.size = Pt(8)
        return paragraph

    def paragraphs(self, text: str) -> None:
        for part in [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]:
            self.para(part)

    def table(self, head: list[str], rows: list[list[str]], numeric_from: int = 99) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        table = self.word.add_table(rows=1, cols=len(head))
        table.style = "Table Grid"
        header = table.rows[0]
        # Repeat the header row on every page.
        tr_pr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for i, text in enumerate(head):
            cell = header.cells[i]
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.size = Pt(8)
        for row in rows:
            cells = table.add_row().cells
            for i, text in enumerate(row):
                cells[i].text = ""
                paragraph = cells[i].paragraphs[0]
                run = paragraph.add_run(text)
                run.font.size = Pt(8)
                if i >= numeric_from:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.word.add_paragraph()
        return table

    def counts(self, counts: StatusCounts) -> list[str]:
        return [self.n(counts.green), self.n(counts.yellow), self.n(counts.red),
                self.n(counts.not_reported)]

    def counts_head(self) -> list[str]:
        return [_status_text(s, self.lang) for s in ("green", "yellow", "red", None)]

    def field(self, paragraph: Any, instruction: str, placeholder: str = "") -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        def char(kind: str) -> Any:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                el.set(qn("w:dirty"), "true")
            return el

        run = paragraph.add_run()
        run._r.append(char("begin"))
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = instruction
        run._r.append(instr)
        run._r.append(char("separate"))
        paragraph.add_run(placeholder)
        end = paragraph.add_run()
        end._r.append(char("end"))

    # ---------------------------------------------------------------- parts

    def properties(self) -> None:
        d = self.model
        props = self.word.core_properties
        props.title = f"{d.title} – {d.root.name}"
        props.author = d.prepared_by or d.root.name
        props.subject = self.tr("document.subject", period=d.period.label)
        props.keywords = f"{d.kommun}, {d.root.name}, {d.period.code}"
        props.language = "sv-SE" if self.lang == "sv" else "en-GB"
        props.comments = self.tr("document.cover.note")
        # Word refreshes the table of contents and page fields when it opens the file.
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        self.word.settings.element.append(update)

    def cover(self) -> None:
        from docx.shared import Pt

        d = self.model
        self.para(d.kommun.upper(), bold=True)
        title = self.word.add_paragraph(style="Title")
        title.add_run(d.title)
        unit = self.para(d.root.name)
        unit.runs[0].font.size = Pt(16)
        facts = [
            (self.tr("document.cover.period"), d.period.cover_label or d.period.label),
            (self.tr("document.cover.unit"), d.root_path),
            (self.tr("document.cover.units"), self.n(d.units)),
            (self.tr("document.cover.date"), format_date(d.created_on, self.lang)),
            (self.tr("document.cover.prepared_by"), d.prepared_by or "–"),
        ]
        table = self.word.add_table(rows=0, cols=2)
        for key, value in facts:
            cells = table.add_row().cells
            cells[0].text = key
            cells[1].text = value
        self.para(self.tr("document.cover.note"), italic=True, small=True)
        self.word.add_page_break()

    def contents(self) -> None:
        self.para(self.tr("document.contents"), bold=True)
        self.field(self.word.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u',
                   "Högerklicka och välj Uppdatera fält för att visa innehållet."
                   if self.lang == "sv" else "Right-click and choose Update Field.")
        footer = self.word.sections[0].footer.paragraphs[0]
        footer.text = ""
        page, pages = self.tr("document.page", page="\x01", pages="\x02").split("\x01")
        before_pages, after_pages = pages.split("\x02")
        footer.add_run(page)
        self.field(footer, "PAGE", "1")
        footer.add_run(before_pages)
        self.field(footer, "NUMPAGES", "1")
        footer.add_run(after_pages)

    def h1(self, text: str) -> None:
        self.word.add_page_break()
        self.word.add_heading(text, level=1)

    def level_text(self, text: LevelText) -> None:
        self.paragraphs(text.text)
        byline = text.author or "–"
        if not text.done:
            byline += f" {self.tr('document.summary.draft')}"
        self.para(byline, small=True, italic=True)

    def summary(self) -> None:
        d = self.model
        self.h1(self.tr("document.summary.heading"))
        if not d.summary_texts:
            self.para(self.tr("document.summary.none", unit=d.root.name))
        for text in d.summary_texts:
            self.word.add_heading(d.perspective_labels.get(text.perspective or "", ""), level=3)
            self.level_text(text)

    def overview(self) -> None:
        d = self.model
        self.h1(self.tr("document.overview.heading"))
        rows = [[d.perspective_labels[k], self.n(c.total), *self.counts(c)]
                for k, c in d.overview.items()]
        rows.append([self.tr("document.overview.total"), self.n(d.goals.total),
                     *self.counts(d.goals)])
        self.table([self.tr("document.overview.perspective"), self.tr("document.overview.goals"),
                    *self.counts_head()], rows, numeric_from=1)
        if d.reports_expected:
            self.para(self.tr("document.overview.reporting",
                              reported=self.n(d.reports_on_time + d.reports_late),
                              expected=self.n(d.reports_expected), late=self.n(d.reports_late)))
        else:
            self.para(self.tr("document.overview.no_reporting"))
        self.para(self.tr("document.overview.legend"), small=True)

    def indicator_table(self, goals: tuple[GoalEntry, ...]) -> None:
        d = self.model
        lang = self.lang
        with_previous = bool(d.previous_label) or not d.year_end_asked  # as in the PDF
        prev = self.tr("document.indicators.previous", period=d.previous_label) \
            if d.previous_label else self.tr("document.indicators.previous_none")
        rows = []
        for g in goals:
            ind = g.indicator
            assert ind is not None
            where = "" if g.unit.id == d.root.id else f", {g.unit_path}"
            row = [f"{g.title} ({ind.name}{where})", _status_text(g.status, lang)]
            if d.year_end_asked:
                row.append(_status_text(g.year_end, lang) if g.year_end else "–")
            row += [format_value(ind.value, ind.unit, lang),
                    format_value(ind.target, ind.unit, lang),
                    format_value(ind.baseline, ind.unit, lang)]
            if with_previous:
                row.append(format_change(ind.previous, lang))
            row.append(format_change(ind.last_year, lang))
            rows.append(row)
        head = [self.tr("document.indicators.goal"), self.tr("document.goal.status")]
        if d.year_end_asked:
            head.append(self.tr("document.goal.year_end"))
        head += [self.tr("document.indicators.value"), self.tr("document.indicators.target"),
                 self.tr("document.indicators.baseline")]
        if with_previous:
            head.append(prev)
        head.append(self.tr("document.indicators.last_year", period=d.last_year_label))
        self.table(head, rows, numeric_from=3 if d.year_end_asked else 2)

    def goal(self, g: GoalEntry, *, with_unit: bool, charts: dict[str, bytes]) -> None:
        from docx.shared import Cm

        lang = self.lang
        self.word.add_heading(f"{g.title} – {g.unit_path}" if with_unit else g.title, level=3)
        line = f"{self.tr('document.goal.status')}: {_status_text(g.status, lang)}"
        if g.indicator is not None:
            ind = g.indicator
            line += (f" · {ind.name}: {format_value(ind.value, ind.unit, lang)} "
                     f"({self.tr('document.indicators.target')} "
                     f"{format_value(ind.target, ind.unit, lang)})")
        self.para(line, bold=True)
        if g.year_end:
            self.para(f"{self.tr('document.goal.year_end')}: {_status_text(g.year_end, lang)}",
                      bold=True)
        if g.description:
            self.para(g.description, italic=True)
        if g.chart is not None and g.chart.key in charts:
            self.word.add_picture(io.BytesIO(charts[g.chart.key]), width=Cm(16))
            picture = self.word.inline_shapes[-1]
            picture._inline.docPr.set("descr", g.chart.alt_text)
            self.para(g.chart.alt_text, small=True, italic=True)
        if g.status is None:
            self.para(self.tr("document.goal.not_reported"), italic=True)
            return
        for key, text in (("document.goal.analysis", g.analysis),
                          ("document.goal.actions", g.actions)):
            if text.strip():
                self.para(self.tr(key), bold=True)
                self.paragraphs(text)
        if not g.analysis.strip() and not g.actions.strip() and g.status != "green":
            self.para(self.tr("document.goal.no_text"), italic=True)
        if g.author:
            key = "document.goal.reported_by_acting" if g.author_role == "acting" \
                else "document.goal.reported_by"
            when = format_date(g.submitted_on, lang) if g.submitted_on else "–"
            late = f" ({self.tr('document.goal.late')})" if g.late else ""
            self.para(self.tr(key, author=g.author, date=when) + late, small=True, italic=True)

    def perspective(self, p: PerspectiveSection, charts: dict[str, bytes]) -> None:
        c = p.counts
        self.h1(p.label)
        self.para(self.tr("document.perspective.counts", total=self.n(c.total),
                          green=self.n(c.green), yellow=self.n(c.yellow), red=self.n(c.red),
                          missing=self.n(c.not_reported)))
        if p.indicator_goals:
            self.word.add_heading(f"{p.label}: {self.tr('document.indicators.heading')}", level=2)
            self.indicator_table(p.indicator_goals)
        if p.own_goals:
            self.word.add_heading(self.tr("document.own.heading", unit=self.model.root.name),
                                  level=2)
            for g in p.own_goals:
                self.goal(g, with_unit=False, charts=charts)
        if p.level_texts:
            self.word.add_heading(f"{p.label}: {self.tr('document.levels.heading')}", level=2)
            for text in p.level_texts:
                self.word.add_heading(text.unit.name, level=3)
                self.level_text(text)
        if p.details or p.details_omitted:
            self.word.add_heading(f"{p.label}: {self.tr('document.details.heading')}", level=2)
            self.para(self.tr("document.details.red_first"), italic=True, small=True)
            for g in p.details:
                self.goal(g, with_unit=True, charts=charts)
            if p.details_omitted:
                self.para(self.tr("document.details.omitted", count=self.n(p.details_omitted)))

    def children(self) -> None:
        d = self.model
        if not d.children:
            return
        self.h1(self.tr("document.children.heading"))
        self.para(self.tr("document.children.intro"))
        if any(r.units > 1 for child in d.children for r in child.rows):
            self.para(self.tr("document.children.summed"), small=True, italic=True)
        for child in d.children:
            self.word.add_heading(child.unit.name, level=2)
            rows = [["\u2003" * min(r.depth, 4) + row_name(r, self.lang),
                     row_report(r, self.lang), *self.counts(r.counts),
                     r.in_charge or "–"] for r in child.rows]
            self.table([self.tr("document.children.unit"), self.tr("document.children.report"),
                        *self.counts_head(), self.tr("document.children.in_charge")], rows)

    def decision_table(self, decisions: tuple[DecisionEntry, ...], done: bool) -> None:
        if not decisions:
            self.para(self.tr("document.decisions.none"))
            return
        rows = []
        for dec in decisions:
            status = self.tr(f"document.decision.{dec.status}")
            if dec.overdue:
                status += f" ({self.tr('document.decision.overdue')})"
            last = dec.completed_on if done else dec.due_date
            rows.append([dec.reference, dec.title, dec.unit.name,
                         format_date(last, self.lang) if last else "–", status])
        self.table([self.tr("document.decisions.reference"), self.tr("document.decisions.title"),
                    self.tr("document.decisions.unit"),
                    self.tr("document.decisions.completed" if done else "document.decisions.due"),
                    self.tr("document.decisions.status")], rows)

    def economy(self) -> None:
        d = self.model
        if not d.economy:
            return
        self.h1(self.tr("document.economy.heading"))
        self.para(economy_intro(d, self.lang))
        self.table(economy_head(self.lang), [cells for _l, cells in economy_rows(d, self.lang)],
                   numeric_from=1)

    def decisions(self) -> None:
        d = self.model
        self.h1(self.tr("document.decisions.heading"))
        for key, items, done in (("document.decisions.overdue", d.decisions_overdue, False),
                                 ("document.decisions.open", d.decisions_open, False),
                                 ("document.decisions.done", d.decisions_done, True)):
            self.word.add_heading(self.tr(key), level=2)
            self.decision_table(items, done)

    def missing(self) -> None:
        d = self.model
        self.h1(self.tr("document.missing.heading"))
        if not d.missing:
            self.para(self.tr("document.missing.none"))
            return
        self.table([self.tr("document.missing.unit"), self.tr("document.missing.in_charge"),
                    self.tr("document.missing.state")],
                   [[m.unit_path, m.in_charge or "–",
                     self.tr("document.report.draft" if m.draft else "document.report.missing")]
                    for m in d.missing])


def render_docx(document: ReportDocument, lang: str = "sv") -> bytes:
    from documents.charts import draw

    charts = {c.key: draw(c, "png", lang) for c in document.charts}
    writer = _Writer(document, lang)
    writer.properties()
    writer.cover()
    writer.contents()
    writer.summary()
    writer.overview()
    for section in document.perspectives:
        writer.perspective(section, charts)
    writer.children()
    writer.economy()
    writer.decisions()
    writer.missing()
    out = io.BytesIO()
    writer.word.save(out)
    return out.getvalue()
