"""Issue 26: the Slack app manifest is the board's, generated: its slash command's example is
a reference as the board writes them, of this year, never the demo's "SCR-2026-001" on an
RR- partnership; the repository's file is the demo board's and cannot drift from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from panelclerk import boardfile
from panelclerk.bot.slack_manifest import manifest
from panelclerk.cli import app as cli_app
from panelclerk.workflow.errors import WorkflowError

ROOT = Path(__file__).resolve().parent.parent


def test_the_repositorys_manifest_is_the_demo_boards_generated(config):
    assert (ROOT / "slack-manifest.yml").read_text(encoding="utf-8") == manifest(config)


def test_a_working_together_partnership_gets_its_own_references_of_this_year(clock):
    wt = boardfile.load_board(None, "working-together-2023")
    found = yaml.safe_load(manifest(wt, "https://slack.partnership.example/"))
    [command] = found["features"]["slash_commands"]
    assert command["usage_hint"] == "decide RR-2026-001"
    assert command["description"] == "decide RR-2026-001 | status"
    assert command["url"] == "https://slack.partnership.example/slack/events"
    assert found["settings"]["interactivity"]["request_url"] == command["url"]
    assert "SCR-" not in manifest(wt)
    clock.to(dt.date(2027, 1, 4))
    assert "decide RR-2027-001" in manifest(wt)


def test_the_command_prints_it_and_refuses_an_address_that_is_not_https(config):
    runner = CliRunner()
    done = runner.invoke(cli_app, ["slack-manifest"], env={"PANELCLERK_CONFIG": ""})
    assert done.exit_code == 0 and done.stdout == manifest(config)
    bad = runner.invoke(
        cli_app, ["slack-manifest", "--url", "http://x"], env={"PANELCLERK_CONFIG": ""}
    )
    assert bad.exit_code == 1 and "https://" in bad.output
    with pytest.raises(WorkflowError):
        manifest(config, "https://a.example/#x")


def test_its_help_imports_only_the_command_lines_own_packages():
    from .test_startup import CLI_OWN, NEVER, _imported, _third_party

    code, names = _imported("slack-manifest", "--help")
    assert code == 0 and not names & NEVER
    assert _third_party(names) <= CLI_OWN
