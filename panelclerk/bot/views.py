"""Tables the command line and the demo both print: one way of showing each thing."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from ..application import actionplans
from ..workflow.config import BoardConfig

_RAG_COLOURS = {
    "red": "red",
    "amber": "yellow",
    "green": "green",
    "complete": "blue",
    "unrated": "dim",
}


def actions_table(config: BoardConfig, found: list[actionplans.Listed]) -> Table:
    """The action plans as `actions list` shows them (and the demo, to show what it is)."""
    table = Table(title="Action plans")
    for column in ("action", "agency", "due", "rating", "next rating", "at risk"):
        table.add_column(column)
    for f in found:
        colour = _RAG_COLOURS[f.action.rag.value]
        owner = config.agency(f.action.agency)
        table.add_row(
            f"{f.action.key}: {escape(f.action.text)}",
            owner.name if owner else f.action.agency,
            f"{f.action.due:%d %b %Y}",
            f"[{colour}]{f.action.rag.label}[/{colour}]"
            + (f" ({f.action.rated_on:%d %b})" if f.action.rated else ""),
            f"{f.rating_due:%d %b %Y}" if f.rating_due else "-",
            f"[red]{', '.join(f.risks)}[/red]" if f.risks else "",
        )
    return table
