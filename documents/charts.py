"""Indicator charts for the report document: a line per series, the target dashed.

Drawn with matplotlib's Agg canvas (no display, no pyplot), as SVG (text as paths, so the PDF needs
no extra font) or PNG (for Word). Lines differ by marker and dash as well as colour, so a
chart reads in black and white.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from followup.document import IndicatorChart
from followup.sv_format import format_number

logger = logging.getLogger(__name__)

_STYLES = (("#1f4e79", "o", "-"), ("#b35900", "s", "--"), ("#555555", "^", ":"))
WIDTH_IN = 6.3
HEIGHT_IN = 2.5


def draw(chart: IndicatorChart, fmt: str = "svg", lang: str = "sv", dpi: int = 150) -> bytes:
    """The chart as SVG or PNG bytes."""
    # The object API (no pyplot): no global state, so documents may be drawn in threads.
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    ax: Any = fig.subplots()
    xs = list(range(len(chart.periods)))
    for series, (colour, marker, dash) in zip(chart.series, _STYLES, strict=False):
        ys = [float("nan") if v is None else v for v in series.values]
        ax.plot(xs, ys, color=colour, marker=marker, linestyle=dash, linewidth=1.6,
                markersize=4, label=series.name)
    if chart.target is not None:
        ax.axhline(chart.target, color="#2e7d32", linestyle=(0, (6, 3)), linewidth=1.2,
                   label=("Målvärde" if lang == "sv" else "Target")
                   + f" {format_number(chart.target, lang=lang)}")
    ax.set_xticks(xs)
    # "okt 2025" on two lines, so fourteen labels fit without turning them.
    ax.set_xticklabels([label.replace(" ", "\n", 1) for label in chart.periods], fontsize=6.5)
    ax.tick_params(axis="y", labelsize=7)
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _pos: format_number(v, lang=lang)))
    if chart.unit:
        ax.set_ylabel(chart.unit, fontsize=7)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2),
              ncol=3)
    # Fixed margins (room for the period labels and the legend below them): tight_layout
    # would draw the figure twice.
    fig.subplots_adjust(left=0.08, right=0.99, bottom=0.3, top=0.96)
    out = io.BytesIO()
    if fmt == "svg":
        fig.savefig(out, format="svg", metadata={"Date": None})
    else:
        fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()
