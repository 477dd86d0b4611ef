"""The command line's common ground: the root command and its options (the board file, the
database, the clock), the two consoles it prints on, and one answer for each kind of error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from .. import clock

if TYPE_CHECKING:  # each command imports what it uses when it runs: `--help` stays quick
    from ..application import context
    from ..workflow.config import BoardConfig

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

    def config(self, framework: str | None = None) -> BoardConfig:
        from .. import boardfile

        return boardfile.load_board(self.config_path, framework)

    def app(self) -> context.App:
        from ..application import context

        return context.bootstrap(self.config(), self.database_url, clock.now)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        out.print(f"panelclerk {__version__}", markup=False)
        raise typer.Exit()


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
            envvar=clock.TODAY,
            help="Run as of this date (YYYY-MM-DD): shorthand for --now at noon that day.",
        ),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            help="Run at this fixed moment (YYYY-MM-DDTHH:MM, London time unless it has an "
            f"offset; {clock.NOW} in the environment): for trials and tests; without either, "
            "the machine's clock.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    # One setting for every command, the demo and check-config included: an option given pins
    # the process's clock here; otherwise clock.now() honours PANELCLERK_NOW itself.
    try:
        if today:
            clock.pin(clock.parse_moment(_day(today, "--today").isoformat(), "--today"))
        elif now:
            clock.pin(clock.parse_moment(now, "--now"))
        else:
            clock.setting()  # a bad PANELCLERK_NOW is said now, not deep in a command
    except clock.ClockSettingError as exc:
        _fail(str(exc), 2)
    ctx.obj = Options(config, database_url)


def _acting(name: str) -> str:
    """`--as NAME` is a label anyone at the shell can type: the operating-system user who
    typed it is recorded beside it in every audit entry the command writes."""
    from ..store import audit

    audit.acting_through(f"command line, OS user {_os_user()}")
    return name


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no name for this uid (a container): the number says who
        return f"uid {os.getuid()}"


def shown(value: object, *, lines: bool = False, markup: bool = False) -> str:
    """Stored or received text as it may reach the terminal (`defuse.defused`); `markup`
    escapes rich markup too, for a line printed with markup on (a table cell, a coloured
    line): `[red]` in the data is then shown, not applied."""
    from ..defuse import defused

    text = defused(value, lines)
    return escape(text) if markup else text


def _fail(message: str, code: int = 1) -> None:
    # an error can quote what it was given (a reference code, a file name): defused
    err.print(f"[red]error:[/red] {shown(message, markup=True)}", soft_wrap=True)
    raise typer.Exit(code)


def _run(action: Callable[[], Any]) -> Any:
    from ..workflow.errors import ConfigError, UnknownReferral, WorkflowError

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


def _day(text: str, what: str) -> dt.date:
    """A date as the Business Manager types it: 2026-12-08, or day first as in England
    (8/12/2026, 08.12.2026, 8 Dec 2026, 8 December 2026)."""
    text = text.strip()
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text)
    for form in ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y"):
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(text, form).date()
    _fail(f"{what}: expected a date like 2026-12-08 or 8/12/2026, got {text!r}", 2)
    raise AssertionError("unreachable")


def _write_private(path: Path, data: bytes) -> None:
    """A file only its owner can read, or one line saying why it could not be written."""
    from ..files import write_private

    try:
        write_private(path, data)
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc.__class__.__name__}", 1)


def _percent(met: int, of: int, value: int | None) -> str:
    return f"{met} of {of} ({value}%)" if value is not None else "none due"
