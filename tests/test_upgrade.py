"""Explicit upgrades: no command but `panelclerk migrate` changes the schema. A database
older or newer than the code is refused with the command to run; `migrate` backs up a SQLite
file beside itself first (named by the product's clock) and says what it does for
PostgreSQL; a new, empty database is still created at once, so a fresh board just works."""

from __future__ import annotations

import sqlite3
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from typer.testing import CliRunner

from panelclerk.application import context
from panelclerk.cli import app as cli_app
from panelclerk.store.engine import (
    SchemaMismatch,
    alembic_config,
    make_engine,
    schema_state,
)

ROOT = Path(__file__).resolve().parent.parent
OLD = "0011"  # a schema some releases back
runner = CliRunner()


def at_revision(url: str, revision: str) -> None:
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), revision)
    finally:
        engine.dispose()


def revisions(url: str) -> tuple[str, ...]:
    engine = make_engine(url)
    try:
        return schema_state(engine).current
    finally:
        engine.dispose()


def head(url: str) -> str:
    engine = make_engine(url)
    try:
        return schema_state(engine).head
    finally:
        engine.dispose()


def cli(url: str, *args: str):
    return runner.invoke(cli_app, ["--database-url", url, *args])


def test_a_stale_schema_is_refused_naming_migrate_and_left_as_it_was(database_url, config, clock):
    at_revision(database_url, OLD)
    with pytest.raises(SchemaMismatch, match=r"older than this release.*`panelclerk migrate`"):
        context.bootstrap(config, database_url, clock)
    result = cli(database_url, "meetings", "--json")
    assert result.exit_code == 1
    assert "panelclerk migrate" in result.output
    assert revisions(database_url) == (OLD,)


def test_serve_never_migrates(tmp_path):
    url = f"sqlite:///{tmp_path / 'board.db'}"
    at_revision(url, OLD)
    result = cli(url, "serve")
    assert result.exit_code == 1
    assert "panelclerk migrate" in result.output
    assert revisions(url) == (OLD,)


def test_migrate_backs_up_a_sqlite_file_then_upgrades_it(tmp_path, config, clock):
    path = tmp_path / "board.db"
    url = f"sqlite:///{path}"
    at_revision(url, OLD)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO board (key, name, framework) VALUES ('b', 'Fenmarsh', 'f')")
    db.close()

    result = cli(url, "migrate")

    assert result.exit_code == 0, result.output
    newest = head(url)
    assert revisions(url) == (newest,)
    # the product's clock, pinned by the suite: 10:00 on 11 November 2026
    backup = tmp_path / "board.db.20261111T100000Z.bak"
    assert str(backup) in result.output.replace("\n", "")
    assert backup.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(OLD,)]
        assert copy.execute("SELECT name FROM board").fetchall() == [("Fenmarsh",)]
    copy.close()
    # the upgraded database is used as it is: no further change, no refusal
    application = context.bootstrap(config, url, clock)
    application.engine.dispose()
    assert cli(url, "migrate").output.startswith("the database is at this release's schema")
    assert sorted(p.name for p in tmp_path.glob("board.db.*.bak")) == [backup.name]


@pytest.mark.postgres
def test_migrate_says_what_it_does_for_postgresql_then_does_it(postgres):
    url = postgres.create_database("upgrade_pg")
    at_revision(url, OLD)

    planned = cli(url, "migrate", "--dry-run")
    assert planned.exit_code == 0, planned.output
    assert "pg_dump" in planned.output
    assert "nothing was changed" in planned.output
    assert revisions(url) == (OLD,)

    result = cli(url, "migrate")
    assert result.exit_code == 0, result.output
    text = result.output.replace("\n", " ")
    assert "pg_dump" in text and "0012" in text
    assert revisions(url) == (head(url),)
    assert "password" not in text.lower() or "***" in text  # the URL is shown without it


def test_a_newer_schema_is_refused_by_every_command_and_by_migrate(tmp_path, config, clock):
    url = f"sqlite:///{tmp_path / 'board.db'}"
    context.bootstrap(config, url, clock).engine.dispose()
    engine = make_engine(url)
    with engine.begin() as db:
        db.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    with pytest.raises(SchemaMismatch, match="newer than this release"):
        context.bootstrap(config, url, clock)
    result = cli(url, "meetings", "--json")
    assert result.exit_code == 1 and "newer than this release" in result.output
    refused = cli(url, "migrate")
    assert refused.exit_code == 1 and "newer than this release" in refused.output
    assert revisions(url) == ("9999",)
    assert not list(tmp_path.glob("*.bak"))


def test_a_database_of_other_tables_is_refused_not_taken_over(tmp_path, config, clock):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    db.close()
    with pytest.raises(SchemaMismatch, match="not a panelclerk database"):
        context.bootstrap(config, f"sqlite:///{path}", clock)


def test_a_new_empty_database_is_created_at_the_newest_schema(tmp_path, config, clock):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    context.bootstrap(config, url, clock).engine.dispose()
    assert revisions(url) == (head(url),)


def test_version_prints_the_release_from_the_package_metadata():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    installed = metadata.version("panelclerk")
    assert installed == declared, "reinstall: pip install --no-deps -e ."
    result = runner.invoke(cli_app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"panelclerk {declared}"


def test_the_changelog_names_this_release():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## [{declared}]" in changelog
