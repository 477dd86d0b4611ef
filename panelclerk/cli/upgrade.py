"""`panelclerk migrate`: the one command that upgrades the database's schema.

Every other command refuses a schema older or newer than its code (`store.engine.
ensure_current`), so an upgrade is a step IT takes on purpose: stop `serve`, install the new
release, run `panelclerk migrate`, start `serve`. A SQLite file is copied first, beside itself,
under a name carrying the moment of the copy; for PostgreSQL the command says what it will do
(take a `pg_dump` first) and then does it, each migration in its own transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import clock
from .base import Options, _fail, _run, app, out

if TYPE_CHECKING:  # the store (SQLAlchemy, Alembic) loads when the command runs, not for --help
    from sqlalchemy.engine import Engine


def version() -> str:
    """This release's version, as its package metadata says (`panelclerk --version`)."""
    from .. import __version__

    return __version__


@app.command("migrate")
def migrate_command(
    ctx: typer.Context,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Say what would be done, and do nothing."),
    ] = False,
) -> None:
    """Upgrade the database to this release's schema (stop `serve` first). A SQLite file is
    backed up beside itself before anything changes; take a pg_dump of PostgreSQL first."""
    from ..store.engine import make_engine

    opts: Options = ctx.obj
    engine = make_engine(opts.database_url)
    try:
        _run(lambda: _upgrade(engine, opts.database_url, dry_run))
    finally:
        engine.dispose()


def _upgrade(engine: Engine, database_url: str, dry_run: bool) -> None:
    from sqlalchemy.engine import make_url

    from ..store.engine import migrate, schema_state

    state = schema_state(engine)
    if state.unknown:
        _fail(
            f"the database's schema ({', '.join(state.unknown)}) is newer than this release "
            f"({version()}, schema {state.head}) knows: run the release that upgraded it, or "
            "restore the backup taken before that upgrade",
            1,
        )
    if state.at_head:
        out.print(f"the database is at this release's schema ({state.head}): nothing to do")
        return
    url = make_url(database_url)
    sqlite = url.get_backend_name() == "sqlite"
    where = url.render_as_string(hide_password=True)
    now = clock.now()
    steps = ", ".join(state.pending) or state.head
    start = ", ".join(state.current) or "empty"
    out.print(
        f"panelclerk {version()}: {where} is at schema {start}; this release's is {state.head}"
    )
    backup: Path | None = None
    if sqlite and url.database and url.database != ":memory:" and not state.empty:
        source = Path(url.database)
        backup = source.with_name(f"{source.name}.{now:%Y%m%dT%H%M%SZ}.bak")
        out.print(f"1. copy {source} to {backup} (owner-only), a consistent copy of the file")
    elif not sqlite:
        out.print(
            "1. no copy is taken of a PostgreSQL database: take one first "
            "(pg_dump --format=custom) if you have not"
        )
    out.print(f"2. apply the migrations {steps}, each in its own transaction")
    if dry_run:
        out.print("--dry-run: nothing was changed")
        return
    if backup is not None:
        _backup_sqlite(engine, backup)
        out.print(f"backed up to {backup}")
    migrate(engine)
    out.print(f"done: the database is at schema {state.head}; `panelclerk serve` may start")


def _backup_sqlite(engine: Engine, backup: Path) -> None:
    """A whole copy through SQLite's backup API (consistent even with a -wal file beside
    it), created owner-only and never over an earlier copy."""
    if backup.exists():
        _fail(f"{backup} already exists: move it away, or wait a second and run again", 1)
    backup.touch(mode=0o600, exist_ok=False)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(backup)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        raw.close()
