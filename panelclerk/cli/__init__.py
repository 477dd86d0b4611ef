"""`panelclerk`: the command line, for IT and scripts, in command groups. Domain errors become
one line on stderr and a non-zero exit; nothing here prints a child's or family's details.
The Business Manager and the Chair work in the console; these commands are for the server."""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]

# Each module of commands and the commands and command groups it registers, in the order
# `--help` lists them. `panelclerk status` imports only cases.py, and typer builds the options
# of its commands alone rather than of all 46 (a tenth of the command's start; issue 29);
# any other first word (`--help`, a typo) registers every module. tests/test_startup.py
# checks this table against what the modules register.
REGISTERS = {
    "actions": ("actions",),
    "board": ("check-config", "serve", "demo", "teams-package", "slack-manifest", "ask"),
    "cases": ("status", "move", "request-info", "decide", "notified", "lead-reviewer", "documents"),
    "mail": ("ingest", "monitor", "check-mailbox", "quarantine", "outbox"),
    "meetings": (
        "meetings",
        "cancel-meeting",
        "reinstate-meeting",
        "attendance",
        "agenda",
        "minutes",
    ),
    "records": ("report", "export", "purge", "audit"),
    "upgrade": ("migrate",),
}
COMMANDS = {command: module for module, names in REGISTERS.items() for command in names}

# The root options that take a value (base._main): what follows them is not the command.
_VALUED = frozenset({"--config", "-c", "--database-url", "--today", "--now"})


def command_named(argv: list[str]) -> str | None:
    """The command a command line names: its first word that is not a root option or a
    root option's value; None when there is none (`panelclerk --help`)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word in _VALUED:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def register(argv: list[str] | None = None) -> typer.Typer:
    """The root command with the commands `argv` may run registered: the one it names, or
    every one (no `argv`, or a word that names none)."""
    name = command_named(argv) if argv is not None else None
    for module in (COMMANDS[name],) if name in COMMANDS else tuple(REGISTERS):
        importlib.import_module(f"{__name__}.{module}")
    from .base import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":  # `from panelclerk.cli import app`: every command, as tests invoke them
        return register()
    raise AttributeError(name)


def main() -> None:
    app = register(sys.argv[1:])
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
    except Exception as exc:
        # A traceback quotes the exception's text, which can hold what it was reading.
        if os.environ.get("PANELCLERK_DEBUG"):
            raise
        from ..faults import describe, exit_code, headline
        from .base import err

        err.print(
            f"error: {headline(exc)} ({describe(exc)}); every change is made in one "
            "transaction, so nothing was half done. PANELCLERK_DEBUG=1 shows the traceback.",
            soft_wrap=True,
            markup=False,
        )
        sys.exit(exit_code(exc))  # 65 damaged (restore), 75 try again later, 70 our fault
