"""The report document as PDF/A-2b, drawn by WeasyPrint from :mod:`documents.html`.

PDF/A-2b (``pdf_variant="pdf/a-2b"``): every font embedded (DejaVu, installed with the
``fonts-dejavu-core`` package), an sRGB output intent, XMP metadata with the title, the
author ("Upprättad av") and the period as subject, and a tagged structure tree
(``pdf_tags=True``) with the document's language, so screen readers and the diarium's
archive both read it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from followup.document import ReportDocument

logger = logging.getLogger(__name__)

CSS_PATH = Path(__file__).with_name("report.css")


def render_pdf(document: ReportDocument, lang: str = "sv") -> bytes:
    from weasyprint import CSS, HTML

    from documents.charts import draw
    from documents.html import document_html

    images = {c.key: draw(c, "png", lang, dpi=130) for c in document.charts}
    html = document_html(document, lang, images.get)
    identifier = hashlib.sha256(
        f"{document.root.code}|{document.period.code}|{document.created_on}".encode()
    ).hexdigest()[:32].encode("ascii")
    pdf = HTML(string=html, base_url=str(CSS_PATH.parent)).write_pdf(
        stylesheets=[CSS(filename=str(CSS_PATH))],
        pdf_variant="pdf/a-2b",
        pdf_tags=True,
        pdf_identifier=identifier,
        custom_metadata=True,
    )
    assert pdf is not None
    return bytes(pdf)
