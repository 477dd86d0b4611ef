"""`panelclerk`: the Business Manager's command line. Domain errors become one line on stderr
and a non-zero exit; nothing here prints a child's or family's details.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from .. import boardfile, services
from ..workflow.config import BoardConfig
from ..workflow.errors import ConfigError, UnknownReferral, WorkflowError
from ..workflow.forms import label
from ..workflow.lifecycle import MOVES

DEFAULT_DATABASE_URL = "sqlite:///var/panelclerk.db"

app = typer.Typer(
    name="panelclerk",
    help="The case-review sub-group's assistant: referrals, deadlines, recommendations, decisions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@dataclass
class Options:
    config_path: str | None
    database_url: str
    today: dt.date | None

    def config(self, framework: str | None = None) -> BoardConfig:
        return boardfile.load_board(self.config_path, framework)

    def app(self) -> services.App:
        clock: Callable[[], dt.datetime] = services.utcnow
        if self.today is not None:
            fixed = dt.datetime.combine(self.today, dt.time(12, 0), dt.UTC)
            clock = lambda: fixed  # noqa: E731
        return services.bootstrap(self.config(), self.database_url, clock)


@app.callback()
def _main(
    ctx: typer.Context,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            "-c",
            envvar="PANELCLERK_CONFIG",
            help="The board's TOML file (default: the fictional demo board).",
        ),
    ] = None,
    database_url: Annotated[
        str,
        typer.Option(
            "--database-url",
            envvar="DATABASE_URL",
            help="SQLAlchemy URL: a SQLite file by default, or postgresql+psycopg://...",
        ),
    ] = DEFAULT_DATABASE_URL,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            envvar="PANELCLERK_TODAY",
            help="Compute due dates as of this date (YYYY-MM-DD).",
        ),
    ] = None,
) -> None:
    as_of = None
    if today:
        try:
            as_of = dt.date.fromisoformat(today)
        except ValueError:
            _fail(f"--today: expected a date like 2026-11-24, got {today!r}", 2)
    ctx.obj = Options(config, database_url, as_of)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}", soft_wrap=True)
    raise typer.Exit(code)


def _run(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except ConfigError as exc:
        _fail(str(exc), 2)
    except UnknownReferral as exc:
        _fail(str(exc), 3)
    except WorkflowError as exc:
        _fail(str(exc), 1)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@app.command("check-config")
def check_config(
    file: Annotated[Path, typer.Argument(help="The board's TOML file.")],
) -> None:
    """Validate a board config; on error, name the file, the key and what was expected."""
    config = _run(lambda: boardfile.load_board(file))
    from ..workflow.deadlines import Deadlines

    meetings = Deadlines(config).schedule.year_ahead(dt.date.today())
    out.print(
        f"ok: {file}: {config.board.name} ({config.framework.id}), "
        f"{len(config.agencies)} agencies, {len(config.people)} people, "
        f"{len(config.review_types)} review types, {len(meetings)} meetings in the year ahead",
        soft_wrap=True,
    )


@app.command()
def meetings(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: today).")] = None,
) -> None:
    """The year's meetings with their submission, précis, dispatch and minutes deadlines."""
    opts: Options = ctx.obj
    config = _run(opts.config)
    from ..workflow.deadlines import Deadlines

    try:
        first = dt.date.fromisoformat(start) if start else (opts.today or dt.date.today())
    except ValueError:
        _fail(f"--from: expected a date like 2026-11-24, got {start!r}", 2)
    found = Deadlines(config).schedule.year_ahead(first)
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


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
    include_closed: Annotated[
        bool, typer.Option("--all", help="Include closed referrals.")
    ] = False,
) -> None:
    """The pipeline: each referral, its state, its next due date; overdue in red."""
    opts: Options = ctx.obj
    application = _run(opts.app)
    rows = _run(lambda: services.pipeline(application, include_closed=include_closed))
    today = application.today()
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "today": today.isoformat(),
                    "referrals": [
                        {
                            "reference": r.reference,
                            "state": r.state.value,
                            "referring_agency": r.referring_agency,
                            "received_on": _iso(r.received_on),
                            "meeting": _iso(r.meeting_date),
                            "missing": list(r.missing),
                            "precis_waiting": list(r.precis_waiting),
                            "next_due": None
                            if r.next_due is None
                            else {
                                "what": r.next_due.what,
                                "date": r.next_due.date.isoformat(),
                                "rule": r.next_due.rule,
                            },
                            "overdue": r.overdue(today),
                        }
                        for r in rows
                    ],
                }
            )
        )
        return
    if not rows:
        out.print("No open referrals.")
        return
    table = Table(title=f"Referrals, {application.config.board.short_name}, as of {today:%d %b %Y}")
    table.add_column("reference", no_wrap=True)
    for column in ("state", "agency", "meeting", "next due", "waiting for"):
        table.add_column(column)
    for r in rows:
        due = "-"
        if r.next_due is not None:
            due = f"{r.next_due.date:%d %b %Y}: {r.next_due.what}"
            if r.overdue(today):
                due = f"[bold red]OVERDUE {due}[/bold red]"
        waiting = ", ".join([*(label(f) for f in r.missing), *r.precis_waiting]) or "-"
        table.add_row(
            r.reference,
            r.state.label,
            r.referring_agency or "?",
            f"{r.meeting_date:%d %b %Y}" if r.meeting_date else "-",
            due,
            waiting,
        )
    out.print(table)


@app.command()
def move(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="Reference code, e.g. SCR-2026-007.")],
    move_name: Annotated[str, typer.Argument(metavar="MOVE", help="e.g. place_on_agenda")],
    actor: Annotated[str, typer.Option("--as", help="Who is acting: a person id from config.")],
    meeting: Annotated[str | None, typer.Option(help="Meeting date for place_on_agenda.")] = None,
    reason: Annotated[str | None, typer.Option(help="Reason, for decline.")] = None,
) -> None:
    """Make one life-cycle move on a referral, as a named person."""
    opts: Options = ctx.obj
    if move_name not in MOVES:
        _fail(f"unknown move {move_name!r}; moves: {', '.join(MOVES)}", 2)
    application = _run(opts.app)

    def act() -> Any:
        if move_name == "place_on_agenda":
            day = dt.date.fromisoformat(meeting) if meeting else None
            return services.place_on_agenda(application, reference, actor, day)
        if move_name == "request_precis":
            services.request_precis(application, reference, actor)
            return services.move  # any truthy marker
        details = {"reason": reason} if reason else {}
        return services.move(application, reference, move_name, actor, **details)

    _run(act)
    with application.uow() as uow:
        row = uow.referrals.row(reference, lock=False)
        out.print(
            f"{row.reference}: {move_name.replace('_', ' ')} done; "
            f"now {row.state.replace('_', ' ')}",
            soft_wrap=True,
        )


@app.command()
def demo(
    framework: Annotated[
        str | None,
        typer.Option(
            help=f"Run the demo board under another preset: {', '.join(boardfile.PRESETS)}."
        ),
    ] = None,
    data: Annotated[Path, typer.Option(help="Folder for the demo's database and mail.")] = Path(
        "var/demo"
    ),
) -> None:
    """Walk one referral through the whole life cycle, showing what each person sees."""
    from .demo import run_demo

    _run(lambda: run_demo(out, data, framework))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
