"""The annual report's charts, drawn on the server by matplotlib as SVG: no script in them
(the Content-Security-Policy forbids it), text kept as text (no font file embedded or
fetched), and the same bytes every run for the same figures. Each chart has a table of the
same figures beside it on the page, for screen readers and for anyone who reads it there."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: a server

from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from ..workflow.performance import Report

# GOV.UK's colours: dark blue bars on white, black text (contrast above 4.5:1).
BAR = "#1d70b8"
NONE_COUNTED = "#b1b4b6"
TEXT = "#0b0c0c"
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # text as <text>: no glyphs embedded, no font file needed
    "svg.hashsalt": "panelclerk",  # ids the same every run
    "font.family": "sans-serif",
    "font.size": 10,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
}


def _bars(title: str, rows: Sequence[tuple[str, int | None]], what: str) -> bytes:
    """A horizontal bar a row, 0 to 100 per cent; a row with nothing counted is said so."""
    labels = [label for label, _ in rows] or ["Nothing to count"]
    values = [percent or 0 for _, percent in rows] or [0]
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        figure = Figure(figsize=(7.5, 0.45 * len(labels) + 1.2))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        colours = [BAR if percent is not None else NONE_COUNTED for _, percent in rows] or [
            NONE_COUNTED
        ]
        positions = list(range(len(labels)))
        axes.barh(positions, values, color=colours)
        axes.set_yticks(positions, labels=[_short(label) for label in labels])
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel(what)
        axes.set_title(title, loc="left", fontsize=11)
        for position, (_, percent) in zip(positions, rows, strict=False):
            said = f"{percent}%" if percent is not None else "none counted"
            axes.text(min(percent or 0, 85) + 1, position, said, va="center", fontsize=9)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def measures_chart(report: Report) -> bytes:
    """Each measure's share on time over the year."""
    rows = [(m.name, m.percent) for m in report.measures]
    return _bars("Measures: share on time", rows, "Per cent on time")


def attendance_chart(report: Report) -> bytes:
    """Each standing member agency's share of the meetings held that it attended."""
    rows = [(a.name, a.percent) for a in report.attendance]
    return _bars("Attendance of standing members", rows, "Per cent of meetings held attended")


CHARTS = {"measures": measures_chart, "attendance": attendance_chart}
