"""The sub-group's meetings (7.1-7.6): the year ahead, the agenda pack, attendance, minutes,
a meeting cancelled or reinstated.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from .base import Options, _acting, _day, _iso, _run, app, out


@app.command()
def meetings(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: today).")] = None,
) -> None:
    """The year's meetings with their submission, précis, dispatch and minutes deadlines."""
    opts: Options = ctx.obj
    application = _run(opts.app)  # the Chair's cancellations are in the store
    config = application.config
    first = _day(start, "--from") if start else application.today()
    found = application.deadlines.schedule.year_ahead(first)
    if as_json:
        out.print_json(
            json.dumps(
                [
                    {
                        "date": m.date.isoformat(),
                        "start": m.start.isoformat("minutes"),
                        "submission_deadline": _iso(m.submission_deadline),
                        "precis_due": _iso(m.precis_due),
                        "agenda_dispatch": _iso(m.agenda_dispatch),
                        "minutes_due": _iso(m.minutes_due),
                        "moved_from": _iso(m.moved_from),
                    }
                    for m in found
                ]
            )
        )
        return
    table = Table(title=f"{config.terms.group} meetings, {config.board.short_name}")
    for column in (
        "meeting",
        "items and papers by",
        f"{config.terms.precis} by",
        "agenda sent by",
        "minutes by",
    ):
        table.add_column(column)
    for m in found:
        moved = f" (moved from {m.moved_from:%d %b})" if m.moved_from else ""
        table.add_row(
            f"{m.date:%a %d %b %Y} {m.start:%H:%M}{moved}",
            f"{m.submission_deadline:%a %d %b %Y}",
            f"{m.precis_due:%a %d %b %Y}",
            f"{m.agenda_dispatch:%a %d %b %Y}",
            f"{m.minutes_due:%a %d %b %Y}",
        )
    out.print(table)


agenda_app = typer.Typer(help="The agenda pack of a meeting (7.3).", no_args_is_help=True)


app.add_typer(agenda_app, name="agenda")


@agenda_app.command("prepare")
def agenda_prepare(
    ctx: typer.Context, meeting: Annotated[str, typer.Argument(help="The meeting's date.")]
) -> None:
    """Compile the pack and ask the Business Manager to confirm it."""
    from ..application import agenda

    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    asked = _run(lambda: agenda.prepare_agenda(application, day))
    out.print(
        "the Business Manager is asked to confirm"
        if asked
        else "already prepared; waiting for confirmation or sent"
    )


@agenda_app.command("confirm")
def agenda_confirm(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's date.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Send the agenda pack to members and invited agencies."""
    from ..application import agenda

    application = _run(ctx.obj.app)
    count = _run(lambda: agenda.confirm_agenda(application, _day(meeting, "MEETING"), actor))
    out.print(f"agenda pack queued to {count} recipients; `panelclerk outbox send` sends it")


minutes_app = typer.Typer(help="The minutes of meetings held (7.6).", no_args_is_help=True)


app.add_typer(minutes_app, name="minutes")


@minutes_app.command("sent")
def minutes_sent(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's date.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="The day they went out (default: today).")
    ] = None,
) -> None:
    """Record that a meeting's minutes went out; they stop being due."""
    from ..application import minutes

    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    sent_on = _day(on, "--on") if on else None
    recorded = _run(lambda: minutes.record_minutes_sent(application, day, actor, sent_on))
    out.print(f"minutes of the meeting of {day:%d %b %Y} recorded as sent {recorded:%d %b %Y}")


@app.command("cancel-meeting")
def cancel_meeting(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The planned meeting's date.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Chair (or the Business Manager).")
    ],
    reason: Annotated[
        str | None, typer.Option(help="Why, for the members (default: no business).")
    ] = None,
) -> None:
    """Cancel a planned meeting with no business on it (7.6: the Chair's decision); members
    are told, with the next meeting. A meeting with business is refused, naming it. A past
    meeting that did not take place is recorded as cancelled, telling nobody."""
    from ..application import meeting_changes

    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    following = _run(lambda: meeting_changes.cancel_meeting(application, day, actor, reason))
    told = "members are told" if day > application.today() else "nobody is told"
    after = f"; the next is {following:%d %b %Y}" if following else ""
    out.print(f"the meeting of {day:%d %b %Y} is cancelled; {told}{after}", soft_wrap=True)


@app.command("reinstate-meeting")
def reinstate_meeting(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The cancelled meeting's date.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Chair (or the Business Manager).")
    ],
) -> None:
    """Undo a cancellation made here, while the meeting is still ahead; members are told."""
    from ..application import meeting_changes

    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    _run(lambda: meeting_changes.reinstate_meeting(application, day, actor))
    out.print(f"the meeting of {day:%d %b %Y} goes ahead; members are told", soft_wrap=True)


@app.command()
def attendance(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's date.")],
    agencies: Annotated[list[str], typer.Argument(help="Each agency that attended, by id.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The Business Manager's person id.")
    ],
) -> None:
    """Record a meeting as held, with who attended (7.6); its minutes then fall due.
    Discussing a referral records this too; use it for the rest of the attendance, or for
    a meeting that discussed no referral."""
    from ..application import meetings as meetings_stage

    application = _run(ctx.obj.app)
    day = _day(meeting, "MEETING")
    on_record = _run(lambda: meetings_stage.record_meeting(application, day, actor, agencies))
    out.print(
        f"the meeting of {day:%d %b %Y} is recorded as held; attended: {', '.join(on_record)}",
        soft_wrap=True,
    )
