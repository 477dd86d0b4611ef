"""Engines and schema: a SQLite file by default, PostgreSQL when DATABASE_URL says so.
Nothing connects at import; callers build the engine in bootstrap.
"""

from __future__ import annotations

import logging
import os
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from ..workflow.errors import WorkflowError

if TYPE_CHECKING:  # alembic costs a fifth of a second to import: only a migration needs it
    from alembic.config import Config

log = logging.getLogger("panelclerk.store")


def make_engine(url: str) -> Engine:
    # An error's text never carries the values of its statement: they are names and précis.
    kwargs: dict[str, Any] = {"future": True, "hide_parameters": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 30}
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            _private_file(Path(path))
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _private_file(path: Path) -> None:
    """The database holds everything about every child: a new file is its owner's alone
    (SQLite gives its -wal and -shm files the database's own mode); one that others can
    read is said in the log, since a deployment may share it with a backup group on purpose."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    except FileExistsError:
        pass
    mode = path.stat().st_mode & 0o777
    if mode & 0o007:
        log.warning(
            "the database %s can be read by every user of this machine (mode %o): chmod 600 it",
            path,
            mode,
        )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE: a transaction takes the write
    # lock when it starts, so two writers never read the same row and both apply a move.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    location = resources.files("panelclerk.store").joinpath("migrations")
    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database). Only
    `panelclerk migrate` (and a new, empty database) comes here: no other command upgrades."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


UPGRADE_COMMAND = "panelclerk migrate"


class SchemaMismatch(WorkflowError):
    """The database's schema is not the one this release's code was written for."""


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands against this release's migrations."""

    current: tuple[str, ...]  # the revisions the database is at (none: never migrated)
    head: str  # this release's newest
    pending: tuple[str, ...]  # the migrations `migrate` would apply, oldest first
    unknown: tuple[str, ...]  # revisions this release does not know (a newer release's)
    empty: bool  # no tables at all: a new board's database

    @property
    def at_head(self) -> bool:
        return self.current == (self.head,)


def schema_state(engine: Engine) -> SchemaState:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    head = script.get_current_head()
    assert head is not None
    with engine.connect() as connection:
        current = tuple(MigrationContext.configure(connection).get_current_heads())
        empty = not inspect(connection).get_table_names()
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = tuple(r for r in current if r not in known)
    pending: tuple[str, ...] = ()
    if not unknown:
        below = "base" if not current else current[0]
        steps = list(script.iterate_revisions("head", below))
        pending = tuple(rev.revision for rev in reversed(steps) if rev.revision not in current)
    return SchemaState(current, head, pending, unknown, empty and not current)


def ensure_current(engine: Engine) -> None:
    """Refuse a database whose schema is older or newer than this release's code, naming
    what to do; a new, empty database is created at the newest schema. Nothing else is ever
    changed here: a command run after an upgrade of the code never upgrades the database
    under a `serve` still running the old code. A database at the head is known without
    alembic (read from the migration files and the version table); anything else asks it."""
    head = code_head()
    if head is not None and _current_revisions(engine) == (head,):
        return
    state = schema_state(engine)
    if state.at_head:
        return
    if state.empty:
        migrate(engine)
        return
    if state.unknown:
        raise SchemaMismatch(
            f"the database's schema ({', '.join(state.unknown)}) is newer than this release of "
            f"panelclerk knows (its newest is {state.head}): run the release that upgraded it, "
            "or restore the backup taken before that upgrade"
        )
    if not state.current:
        raise SchemaMismatch(
            "the database has tables but no panelclerk schema revision: it is not a panelclerk "
            "database, or it was made by hand; point DATABASE_URL at the board's own database"
        )
    raise SchemaMismatch(
        f"the database's schema ({', '.join(state.current)}) is older than this release's "
        f"({state.head}; {len(state.pending)} migration(s) to apply): stop `panelclerk serve`, "
        f"then run `{UPGRADE_COMMAND}` (it backs up a SQLite file first)"
    )


_VERSION_TABLE = "alembic_version"  # alembic's default; env.py does not change it
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(None|['\"]([^'\"]+)['\"])\s*$", re.M)


@lru_cache(maxsize=1)
def code_head() -> str | None:
    """This release's newest revision, read from the migration files' `revision` and
    `down_revision` lines without importing alembic: the one revision nothing revises. None
    when the files say anything less plain (a merge, a tuple, two heads): alembic decides."""
    versions = resources.files("panelclerk.store").joinpath("migrations", "versions")
    revisions: set[str] = set()
    revised: set[str] = set()
    for entry in versions.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        source = entry.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN.findall(source)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0][1]:
            revised.add(down[0][1])
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 and revised <= revisions else None


def _current_revisions(engine: Engine) -> tuple[str, ...]:
    """The revisions the database's version table holds (none without one)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(_VERSION_TABLE):
            return ()
        rows = connection.execute(text("SELECT version_num FROM alembic_version"))
        return tuple(row[0] for row in rows)


READING = "panelclerk_reading"  # an execution option: this connection's transaction only reads


def reading(engine: Engine) -> Engine:
    """The same database for a transaction that only reads (a page, the pipeline, `status`):
    on SQLite it does not take the write lock, so a person's page is never queued behind the
    mail being recorded and never holds up the mail, and the database refuses a write in it
    (`query_only`); on PostgreSQL it is a READ ONLY transaction. Built once per engine."""
    found = _readers.get(engine)
    if found is None:
        options: dict[str, Any] = {READING: True}
        if engine.dialect.name == "postgresql":
            options["postgresql_readonly"] = True
        found = _readers[engine] = engine.execution_options(**options)
    return found


_readers: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _sqlite_begin(connection: Any) -> None:
    """A transaction that writes takes the write lock when it starts (BEGIN IMMEDIATE), so
    two writers never read the same row and both apply a move; one that only reads starts a
    snapshot of the database as it stands (WAL), beside any writer, and may not write."""
    reads = bool(connection.get_execution_options().get(READING))
    kept = connection.connection.info  # the pooled connection's own: its PRAGMA lasts with it
    if kept.get(READING, False) != reads:  # said only when the connection changes its use
        connection.exec_driver_sql("PRAGMA query_only=ON" if reads else "PRAGMA query_only=OFF")
        kept[READING] = reads
    connection.exec_driver_sql("BEGIN" if reads else "BEGIN IMMEDIATE")
