"""Renderers of the report document (:class:`followup.document.ReportDocument`).

* :mod:`documents.pdf` — HTML and CSS (:mod:`documents.html`, ``report.css``) drawn by
  WeasyPrint as PDF/A-2b: embedded fonts, XMP metadata, tagged;
* :mod:`documents.docx` — a Word document with real headings and tables (python-docx);
* :mod:`documents.charts` — the indicator charts (matplotlib, Agg).

Each renderer only draws the model: no database, no decisions about content. The heavy
libraries are imported when a document is drawn, never at start-up.
"""
