"""Going live on a mailbox that already holds years of referrals: older mail is left where it
is, and the monitor will not start on such an inbox without being told where to begin."""

from __future__ import annotations

import datetime as dt
import os

from sqlmodel import select
from typer.testing import CliRunner

from panelclerk.application.inbound.golive import first_pass_problem
from panelclerk.application.inbound.router import Router
from panelclerk.cli import app as cli_app
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import InboundMessage, OutboundMessage

from .conftest import starting_from
from .mail import referral
from .test_config import BOARD as BASE

OLD = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)


def deliver(box: MaildirMailbox, raw: bytes, at: dt.datetime | None = None) -> None:
    box.deliver(raw)
    if at is not None:  # as if it had landed then: Maildir keeps the delivery time
        [newest] = sorted((box.root / "new").iterdir(), key=lambda p: p.stat().st_mtime)[-1:]
        os.utime(newest, (at.timestamp(), at.timestamp()))


def test_mail_that_arrived_before_start_from_is_never_read_answered_or_moved(
    config, clock, tmp_path
):
    app = starting_from(config, clock, tmp_path, dt.date(2026, 11, 1))
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    deliver(box, referral(), OLD)
    deliver(box, referral())
    [result] = Router(app).run_once(box)
    assert result.outcome == "accepted"
    [left] = box.list_new()  # the old one, untouched, in the inbox
    assert left.arrived is not None and left.arrived.date() == OLD.date()
    with app.uow() as uow:
        assert len(uow.session.exec(select(InboundMessage)).all()) == 1
        assert len(uow.session.exec(select(OutboundMessage)).all()) == 1  # one answer
    assert Router(app).run_once(box) == []
    app.engine.dispose()


def test_the_monitor_will_not_start_on_an_inbox_of_old_mail_without_start_from(
    sqlite_app, tmp_path
):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    for _ in range(3):
        deliver(box, referral(), OLD)
    deliver(box, referral())
    problem = first_pass_problem(sqlite_app, box)
    assert problem is not None
    assert "holds 4 messages, 3 of them received more than 30 days ago" in problem
    assert "the oldest on 05 March 2024" in problem
    assert 'mailbox.start_from = "2026-11-11"' in problem
    Router(sqlite_app).run_once(box)  # once the store has mail, a backlog is an outage's
    assert first_pass_problem(sqlite_app, box) is None


def test_monitor_refuses_in_one_paragraph_and_touches_nothing(tmp_path):
    mailbox, outbox = tmp_path / "mb", tmp_path / "ob"
    box = MaildirMailbox(mailbox, outbox)
    deliver(box, referral(), OLD)
    board = tmp_path / "board.toml"
    board.write_text(
        BASE.replace("[mailbox]\n", f'[mailbox]\nmaildir = "{mailbox}"\noutbox_dir = "{outbox}"\n')
    )
    url = f"sqlite:///{tmp_path / 'm.db'}"
    runner = CliRunner()
    refused = runner.invoke(
        cli_app, ["--config", str(board), "--database-url", url, "monitor", "--once"]
    )
    assert refused.exit_code == 2
    assert "received more than 30 days ago" in refused.output and "start_from" in refused.output
    assert len(box.list_new()) == 1 and not list(outbox.glob("*.eml"))
    board.write_text(board.read_text() + 'start_from = "2026-11-01"\n')
    started = runner.invoke(
        cli_app, ["--config", str(board), "--database-url", url, "monitor", "--once"]
    )
    assert started.exit_code == 0, started.output
    assert "0 messages processed" in started.output and len(box.list_new()) == 1
