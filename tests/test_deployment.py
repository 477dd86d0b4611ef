"""A board that would half-work under `serve` is refused before it runs: `check-config
--deployment` and `serve` itself name the key to set. A Maildir board sends through SMTP."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from panelclerk import boardfile
from panelclerk.application import context
from panelclerk.cli import app as cli_app
from panelclerk.mail.backends import open_mailbox
from panelclerk.mail.maildir import FolderTransport
from panelclerk.mail.smtp import SmtpTransport
from panelclerk.outbox import compose
from panelclerk.outbox.delivery import deliver_due

from .deployable import TRUST, WEBHOOK_CHAT, deployable_text
from .servers import SmtpServer

runner = CliRunner()

BM_SLACK = 'slack_user = "U0BM00001"\n'
BM_TEAMS = 'teams_user = "00000000-0000-0000-0000-00000000b001"\n'
SLACK_CHAT = 'platforms = ["slack"]\nslack_channel = "C0SUB"\n'
TEAMS_CHAT = (
    'platforms = ["teams"]\nteams_channel = "19:abc@thread.tacv2"\n'
    'teams_tenant = "11111111-2222-3333-4444-555555555555"\n'
)
LONELY_AGENCY = """
[[agencies]]
id = "youth_justice"
name = "Fenmarsh Youth Justice Service"
domains = ["yjs.fenmarsh.example"]
"""


def check(tmp_path, text: str, *options: str):
    path = tmp_path / "board.toml"
    path.write_text(text)
    return runner.invoke(cli_app, ["check-config", *options, str(path)])


def test_the_demo_board_made_complete_is_accepted(tmp_path):
    result = check(tmp_path, deployable_text(), "--deployment")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


def _without_chat(text: str) -> str:
    return text[: text.rindex("\n[chat]\n")] + "\n"


def _insert_agency(text: str) -> str:
    return text.replace("\n[[people]]\n", LONELY_AGENCY + "\n[[people]]\n", 1)


INCOMPLETE = {
    "no chat platform": (_without_chat, "chat.platforms"),
    "the Business Manager not on Slack": (
        lambda t: t.replace(WEBHOOK_CHAT, SLACK_CHAT).replace(BM_SLACK, ""),
        "people[1].slack_user",
    ),
    "the Business Manager not on Teams": (
        lambda t: t.replace(WEBHOOK_CHAT, TEAMS_CHAT).replace(BM_TEAMS, ""),
        "people[1].teams_user",
    ),
    "no sender authentication": (
        lambda t: t.replace('authserv_id = "mx.fenmarsh-lscb.example"\n', TRUST + "\n"),
        "mailbox.authserv_id",
    ),
    "an agency nobody speaks for": (_insert_agency, 'agency = "youth_justice"'),
    "a Maildir board that cannot send": (
        lambda t: t.replace('smtp_host = "127.0.0.1"\n', ""),
        "mailbox.smtp_host",
    ),
    "plain SMTP to another host": (
        lambda t: t.replace('smtp_host = "127.0.0.1"', 'smtp_host = "mail.fenmarsh.example"'),
        "mailbox.smtp_security",
    ),
}


@pytest.mark.parametrize("case", INCOMPLETE)
def test_an_incomplete_board_is_refused_naming_the_key_to_set(tmp_path, case):
    change, key = INCOMPLETE[case]
    text = change(deployable_text())
    assert text != deployable_text()
    assert check(tmp_path, text).exit_code == 0  # valid: only a deployment refuses it
    result = check(tmp_path, text, "--deployment")
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, result.output  # the problem, then the count
    assert key in errors[0]
    assert "not ready to deploy: 1 problem above" in errors[1]


def test_the_demo_board_as_shipped_is_refused_for_each_of_its_gaps(tmp_path):
    result = check(tmp_path, boardfile._preset_text("demo"), "--deployment")
    assert result.exit_code == 2
    for key in ("chat.platforms", "mailbox.authserv_id", "mailbox.smtp_host"):
        assert key in result.output


def test_serve_refuses_to_start_on_an_incomplete_board_listing_each_problem(tmp_path):
    board = tmp_path / "board.toml"
    board.write_text(_insert_agency(_without_chat(deployable_text())))
    command = [sys.executable, "-m", "panelclerk.cli", "--config", str(board)]
    done = subprocess.run(
        [*command, "--database-url", f"sqlite:///{tmp_path / 'p.db'}", "serve"],
        cwd=tmp_path,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "chat.platforms" in done.stderr and 'agency = "youth_justice"' in done.stderr
    assert "panelclerk serve will not start: 2 problems above" in done.stderr
    assert "panelclerk serving" not in done.stdout


def test_a_maildir_board_with_an_smtp_host_sends_through_it(tmp_path, clock):
    server = SmtpServer().start()
    try:
        config = boardfile.load_board(_write(tmp_path, deployable_text(smtp_port=server.port)))
        mailbox = config.mailbox.model_copy(
            update={"maildir": str(tmp_path / "mb"), "outbox_dir": str(tmp_path / "ob")}
        )
        config = config.model_copy(update={"mailbox": mailbox})
        box = open_mailbox(config)
        assert isinstance(box.transport(), SmtpTransport)
        app = context.bootstrap(config, f"sqlite:///{tmp_path / 'p.db'}", clock)
        with app.uow() as uow:
            compose.queue(
                uow,
                app.config,
                kind="acknowledgement",
                recipients=["kim.walsh@hospitals.fenmarsh.example"],
                subject="[SCR-2026-001] Referral received",
                text="Thank you.\n",
                at=app.clock(),
            )
            uow.commit()
        report = deliver_due(app.uow, app.config, box.transport(), app.clock())
        app.engine.dispose()
    finally:
        server.stop()
    assert report.sent == 1
    [(_sender, recipients, raw)] = server.messages
    assert recipients == ["kim.walsh@hospitals.fenmarsh.example"]
    assert b"Referral received" in raw
    assert not (tmp_path / "ob").exists() or not list((tmp_path / "ob").iterdir())


def test_a_maildir_board_without_one_still_writes_to_its_folder(tmp_path, config):
    assert "smtp_host" not in config.mailbox.model_fields_set  # the demo board
    mailbox = config.mailbox.model_copy(
        update={"maildir": str(tmp_path / "mb"), "outbox_dir": str(tmp_path / "ob")}
    )
    box = open_mailbox(config.model_copy(update={"mailbox": mailbox}))
    assert isinstance(box.transport(), FolderTransport)


def _write(tmp_path, text: str):
    path = tmp_path / "board.toml"
    path.write_text(text)
    return path


def test_an_exchange_board_may_rely_on_exchanges_own_anti_spoofing(tmp_path):
    """Exchange Online stamps its Authentication-Results without an authserv-id: a Graph
    board trusting its mail server is not refused for it, while an IMAP board is."""
    from panelclerk import deployment

    text = deployable_text().replace('authserv_id = "mx.fenmarsh-lscb.example"\n', TRUST + "\n")
    config = boardfile.load_board(_write(tmp_path, text))
    graph = config.mailbox.model_copy(
        update={
            "backend": "graph",
            "graph_tenant": "00000000-0000-0000-0000-000000000001",
            "graph_client_id": "client",
            "graph_user": "scr@fenmarsh-lscb.example",
        }
    )
    on_exchange = deployment.problems(config.model_copy(update={"mailbox": graph}))
    assert not [p for p in on_exchange if "authserv_id" in p]
    imap = config.mailbox.model_copy(update={"backend": "imap"})
    on_imap = deployment.problems(config.model_copy(update={"mailbox": imap}))
    assert [p for p in on_imap if p.startswith("mailbox.authserv_id")]
