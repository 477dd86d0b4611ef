"""A fault in panelclerk itself, said without what it was working on.

An exception's message can quote the data it choked on (a name in a ValueError, a line of a
form), and a traceback prints it, so logs and notices name only the exception's type and
where in the code it was raised. The message that caused it is kept in quarantine, which is
where a developer reproduces it, not in the log.
"""

from __future__ import annotations

import logging
import sqlite3
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy.exc

if TYPE_CHECKING:
    from .application.context import App

log = logging.getLogger("panelclerk.faults")
PACKAGE = Path(__file__).resolve().parent

# Worth another try: the store locked, restarting or unreachable; the machine short of
# memory, processes or disk. Anything else raised on the same input will be raised again.
TRANSIENT: tuple[type[BaseException], ...] = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.DisconnectionError,
    sqlalchemy.exc.TimeoutError,
    MemoryError,
    OSError,
)


def transient(exc: BaseException) -> bool:
    return isinstance(exc, TRANSIENT) and not damaged(exc)


# SQLite's own names for a file that is not (or no longer) a sound database: its header gone
# ("file is not a database") or a page corrupt ("database disk image is malformed"). Trying
# again finds the same damage; only the backup mends it.
_DAMAGE = {"SQLITE_NOTADB": "file is not a database", "SQLITE_CORRUPT": "disk image is malformed"}
DAMAGED = "the database is damaged: restore it from the last backup"

# Exit codes a script can tell apart (sysexits.h): try again later; restore the database
# from backup; a fault in panelclerk itself.
EX_DATAERR, EX_SOFTWARE, EX_TEMPFAIL = 65, 70, 75


def damaged(exc: BaseException) -> bool:
    """Whether the store's file is damaged, whichever layer raised it (SQLAlchemy keeps
    sqlite3's error as `orig`; a wrapper keeps it as the cause)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, sqlite3.DatabaseError):
            name = getattr(current, "sqlite_errorname", "") or ""
            code = name.split("_", 2)[:2]
            if "_".join(code) in _DAMAGE or any(w in str(current) for w in _DAMAGE.values()):
                return True
        orig = getattr(current, "orig", None)
        todo += [orig if isinstance(orig, BaseException) else None]
        todo += [current.__cause__, current.__context__]
    return False


def headline(exc: BaseException) -> str:
    """What went wrong, in the words the person who must act needs."""
    if damaged(exc):
        return DAMAGED
    if transient(exc):
        return "the database or a server it needs could not be used"
    return "a fault in panelclerk"


def exit_code(exc: BaseException) -> int:
    if damaged(exc):
        return EX_DATAERR
    return EX_TEMPFAIL if transient(exc) else EX_SOFTWARE


def describe(exc: BaseException) -> str:
    """`KeyError in nlp/care.py:123 (_whose)`: the type, and the innermost frame of our own
    code (then the innermost frame overall, when that is in a library). Never the message."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if _inside(f.filename)]
    where = []
    if ours:
        where.append(_frame(ours[-1], PACKAGE))
    if frames and (not ours or frames[-1] is not ours[-1]):
        where.append(_frame(frames[-1], None))
    name = type(exc).__name__
    if not where:
        return name
    return f"{name} in {where[0]}" + (f", raised in {where[1]}" if len(where) > 1 else "")


def report(app: App, what: str, exc: BaseException, *, then: str = "") -> bool:
    """Log a fault and tell the Business Manager in chat, so that someone who can act
    knows; whether they could be told (the store may be the fault)."""
    from . import chatqueue

    fault = describe(exc)
    text = f"{what} failed: {fault}. {then}".strip()
    if damaged(exc):  # not a fault to wait out: said first, and loudest
        text = f"{what} failed: {DAMAGED} ({fault}). Until then nothing new is recorded."
        log.critical("%s failed: %s (%s)", what, DAMAGED, fault)
    else:
        log.error("%s failed: %s", what, fault)
    try:
        with app.uow() as uow:
            chatqueue.tell_business_manager(uow.session, app.config, app.clock(), text)
            uow.commit()
    except Exception as inner:
        log.error("the Business Manager could not be told: %s", describe(inner))
        return False
    return True


def sorry(told: bool) -> str:
    """What the person hears: never the fault, and only what is true about who knows."""
    return "Something went wrong on our side and what you asked for was not done. " + (
        "The Business Manager has been told. Please try again in a few minutes."
        if told
        else "Please try again in a few minutes, and tell the Business Manager if it happens again."
    )


def _inside(filename: str) -> bool:
    try:
        return Path(filename).resolve().is_relative_to(PACKAGE)
    except (OSError, ValueError):
        return False


def _frame(frame: traceback.FrameSummary, root: Path | None) -> str:
    path = Path(frame.filename)
    if root is not None:
        shown = path.resolve().relative_to(root).as_posix()
    else:  # a library: its package and module are enough to find it
        parts = path.parts
        found = [i for i, p in enumerate(parts) if p in ("site-packages", "dist-packages")]
        cut = found[-1] if found else -2
        shown = "/".join(parts[cut + 1 :]) if cut >= 0 else path.name
    return f"{shown}:{frame.lineno} ({frame.name})"
