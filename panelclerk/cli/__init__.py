"""`panelclerk`: the command line, for IT and scripts, in command groups. Domain errors become
one line on stderr and a non-zero exit; nothing here prints a child's or family's details.
The Business Manager and the Chair work in the console; these commands are for the server."""

from __future__ import annotations

import os
import sys

from . import actions, board, cases, mail, meetings, records, upgrade  # noqa: F401  (each registers its commands)
from .base import app, err

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
    except Exception as exc:
        # A traceback quotes the exception's text, which can hold what it was reading.
        if os.environ.get("PANELCLERK_DEBUG"):
            raise
        from ..faults import describe, exit_code, headline

        err.print(
            f"error: {headline(exc)} ({describe(exc)}); every change is made in one "
            "transaction, so nothing was half done. PANELCLERK_DEBUG=1 shows the traceback.",
            soft_wrap=True,
            markup=False,
        )
        sys.exit(exit_code(exc))  # 65 damaged (restore), 75 try again later, 70 our fault
