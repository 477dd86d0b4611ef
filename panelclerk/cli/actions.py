"""Action plans and their RAG ratings, reviewed quarterly (7.4)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from .base import _acting, _day, _iso, _run, app, out

actions_app = typer.Typer(
    help="Action plans and their RAG ratings, reviewed quarterly (7.4).", no_args_is_help=True
)


app.add_typer(actions_app, name="actions")


@actions_app.command("add")
def actions_add(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="A review's reference code, or a plan's name.")],
    text: Annotated[str, typer.Argument(help="The action, without names.")],
    agency: Annotated[str, typer.Option(help="The agency that owns it, by id.")],
    due: Annotated[str, typer.Option(help="The date it is to be done by.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Add an action to a plan; it is rated green until its agency says otherwise."""
    from ..application import actionplans

    application = _run(ctx.obj.app)
    by = _day(due, "--due")
    added = _run(lambda: actionplans.add(application, plan, text, agency, by, actor))
    out.print(f"{added.key} added for {agency}, due {added.due:%d %b %Y}", soft_wrap=True)


@actions_app.command("rate")
def actions_rate(
    ctx: typer.Context,
    action: Annotated[str, typer.Argument(help="The action, as PLAN/NUMBER.")],
    rating: Annotated[str, typer.Argument(help="red, amber, green or complete.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
    note: Annotated[str | None, typer.Option(help="A line on progress, without names.")] = None,
    on: Annotated[str | None, typer.Option(help="The day it was rated (default: today).")] = None,
) -> None:
    """Record an action's rating, as its agency gave it; complete closes it."""
    from ..application import actionplans

    application = _run(ctx.obj.app)
    day = _day(on, "--on") if on else None
    rated = _run(lambda: actionplans.rate(application, action, rating, actor, note, day))
    out.print(f"{rated.key} rated {rated.rag.value} on {rated.rated_on:%d %b %Y}", soft_wrap=True)


@actions_app.command("apply")
def actions_apply(
    ctx: typer.Context,
    message: Annotated[int, typer.Argument(help="The held update's id, from the chat notice.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Record the ratings an agency's reply gives ("SCR-2026-001/1: amber, ..."), once you
    have read it (`quarantine show`); lines that are not its own actions are left."""
    from ..application import actionplans

    application = _run(ctx.obj.app)
    done = _run(lambda: actionplans.apply_update(application, message, actor))
    for line in done:
        mark = "recorded" if line.recorded else "[yellow]left[/yellow]"
        out.print(f"{escape(line.key)}: {mark}, {escape(line.why)}", soft_wrap=True)


@actions_app.command("list")
def actions_list(
    ctx: typer.Context,
    plan: Annotated[str | None, typer.Option(help="One plan only.")] = None,
    agency: Annotated[str | None, typer.Option(help="One agency's actions only.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Include complete actions.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
) -> None:
    """The open actions with their ratings; what is at risk in red (7.6)."""
    from ..application import actionplans
    from ..bot.views import actions_table

    application = _run(ctx.obj.app)
    found = _run(lambda: actionplans.listing(application, plan, agency, everything))
    if as_json:
        out.print_json(
            json.dumps(
                [
                    {
                        "action": f.action.key,
                        "text": f.action.text,
                        "agency": f.action.agency,
                        "due": f.action.due.isoformat(),
                        "rag": f.action.rag.value,
                        "rated_on": f.action.rated_on.isoformat(),
                        "rating_due": _iso(f.rating_due),
                        "note": f.note,
                        "at_risk": list(f.risks),
                    }
                    for f in found
                ]
            )
        )
        return
    if not found:
        out.print("no actions" if everything else "no open actions")
        return
    out.print(actions_table(application.config, found))
