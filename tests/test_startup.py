"""The command line starts at once: `--help` and `--version` import only the CLI's own
packages, and `status` no language, chat or Exchange code (issue 29). Each is run in a fresh
interpreter, which then lists the top-level packages it imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# Runs the command as `panelclerk ARGS`, then prints the imported top-level packages as JSON.
PROBE = """
import json, runpy, sys
sys.argv = ["panelclerk", *sys.argv[1:]]
try:
    runpy.run_module("panelclerk", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
names = sorted({name.split(".")[0] for name in sys.modules})
names += sorted(name for name in sys.modules if name.startswith("panelclerk."))
print("\\nIMPORTED " + json.dumps({"code": code, "names": names}))
"""

NEVER = {"spacy", "slack_bolt", "slack_sdk", "microsoft_agents", "exchangelib", "msal"}
# what `status` reads needs no mail parsing, redaction or chat queue, and the UK's bank
# holidays come from the bundled table: the holidays package loads all its countries
NOT_FOR_STATUS = {
    "holidays",
    "panelclerk.mail.parse",
    "panelclerk.mail.replies",
    "panelclerk.nlp.redact",
    "panelclerk.workflow.performance",
    "panelclerk.intake",
    "panelclerk.bot",
    "panelclerk.web",
    # the other commands' modules: typer builds only the options of the commands imported
    "panelclerk.cli.actions",
    "panelclerk.cli.board",
    "panelclerk.cli.mail",
    "panelclerk.cli.meetings",
    "panelclerk.cli.records",
    "panelclerk.cli.upgrade",
}
# typer and rich, with what they bring themselves (rich.pretty tries attrs)
CLI_OWN = {"typer", "click", "rich", "shellingham", "annotated_doc", "markdown_it", "mdurl"}
CLI_OWN |= {"pygments", "attr", "typing_extensions"}
# typer coerces some parameter types through pydantic when a command's options are built
CLI_OWN |= {"pydantic", "pydantic_core", "annotated_types", "typing_inspection"}


def _imported(*args: str, env: dict[str, str] | None = None) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("IMPORTED "))
    found = json.loads(line.removeprefix("IMPORTED "))
    return found["code"], set(found["names"])


def _third_party(names: set[str]) -> set[str]:
    return {
        n
        for n in names
        if not n.startswith("_")
        and n not in sys.stdlib_module_names
        and n.split(".")[0] != "panelclerk"
    } - {"sitecustomize", "cython_runtime"}


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("status", "--help")])
def test_help_and_version_import_only_the_command_lines_own_packages(args):
    code, names = _imported(*args)
    assert code == 0
    assert not names & NEVER
    assert _third_party(names) <= CLI_OWN, _third_party(names) - CLI_OWN


def test_the_demo_help_names_every_preset_without_reading_the_config_code():
    from panelclerk.boardfile import PRESETS
    from panelclerk.cli.board import _presets

    assert _presets() == ", ".join(sorted(PRESETS))


def test_status_on_an_empty_store_imports_no_language_chat_or_exchange_code(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    code, names = _imported(
        "--today",
        "2026-11-09",
        "--database-url",
        url,
        "status",
        env={"PANELCLERK_AUDIT_KEY": "k" * 40, "PANELCLERK_AUDIT_KEY_FILE": ""},
    )
    assert code == 0
    assert not names & NEVER, names & NEVER
    assert not names & NOT_FOR_STATUS, names & NOT_FOR_STATUS


def test_status_on_a_current_store_imports_no_alembic(tmp_path):
    """Alembic is for `migrate` and a new database: a database already at the head is known
    from the migration files' revision ids and its version table."""
    url = f"sqlite:///{tmp_path / 'current.db'}"
    env = {"PANELCLERK_AUDIT_KEY": "k" * 40, "PANELCLERK_AUDIT_KEY_FILE": ""}
    args = ("--today", "2026-11-09", "--database-url", url, "status")
    code, names = _imported(*args, env=env)  # creates it (alembic, once)
    assert code == 0
    code, names = _imported(*args, env=env)
    assert code == 0
    assert "alembic" not in names and "mako" not in names, names & {"alembic", "mako"}


def test_the_head_read_from_the_migration_files_is_alembics():
    from alembic.script import ScriptDirectory

    from panelclerk.store.engine import alembic_config, code_head, make_engine

    engine = make_engine("sqlite://")
    try:
        script = ScriptDirectory.from_config(alembic_config(engine))
        assert code_head() == script.get_current_head()
    finally:
        engine.dispose()


def test_the_bundled_bank_holidays_are_the_holidays_packages():
    """`status` reads the UK's bank holidays from a table written from the pinned package
    (importing the package loads all its countries): the table must say what it says."""
    import holidays

    from panelclerk.workflow import bank_holidays
    from panelclerk.workflow.bank_holidays_table import FIRST, LAST, VERSION

    assert bank_holidays._same_package(), (
        f"holidays {holidays.__version__} is installed, the table is from {VERSION}: "
        "python -m panelclerk.workflow.bank_holidays"
    )
    for subdivision in bank_holidays.SUBDIVISIONS:
        for year in range(FIRST, LAST + 1):
            package = holidays.country_holidays("GB", subdiv=subdivision, years=year)
            expected = {day: str(name) for day, name in package.items()}
            assert bank_holidays.bundled("GB", subdivision, year) == expected, (subdivision, year)
    assert bank_holidays.bundled("GB", "ENG", LAST + 1) is None  # asked of the package
    assert bank_holidays.bundled("IE", "", 2026) is None


def test_the_command_table_names_what_each_module_registers():
    """`panelclerk status` imports only the module registering `status`: the table it is
    looked up in must name every command and group where it is registered."""
    import panelclerk.cli as cli

    app = cli.register()
    found = {}
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__.replace("_", "-")
        found[name] = info.callback.__module__.rsplit(".", 1)[1]
    for group in app.registered_groups:
        modules = {
            c.callback.__module__.rsplit(".", 1)[1]
            for c in group.typer_instance.registered_commands
            if c.callback is not None
        }
        assert len(modules) == 1, (group.name, modules)
        found[group.name] = modules.pop()
    assert found == cli.COMMANDS
    assert tuple(cli.REGISTERS) == tuple(sorted(cli.REGISTERS))  # --help's order, as before


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["status"], "status"),
        (["--today", "2026-11-09", "--database-url", "sqlite://", "status", "--all"], "status"),
        (["-c", "board.toml", "serve", "--health-port", "0"], "serve"),
        (["--config=board.toml", "--now", "2026-11-09T10:00", "outbox", "list"], "outbox"),
        (["--", "status"], "status"),
        (["--help"], None),
        (["--version"], None),
        ([], None),
    ],
)
def test_the_command_named_is_found_after_the_root_options(argv, named):
    from panelclerk.cli import command_named

    assert command_named(argv) == named
