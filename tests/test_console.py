"""The console chat of `make demo` delivers through the same code as Slack and Teams: the
Chair's routed card privately, and a backlog gathered into one digest."""

from __future__ import annotations

from rich.console import Console
from sqlmodel import select

from panelclerk.application import context, referrals
from panelclerk.bot.console import ConsoleSender
from panelclerk.bot.conversations import Conversations
from panelclerk.store.tables import ChatMessage
from tests.conftest import COMPLETE_FORM, another_child


def _sender(app: context.App) -> tuple[ConsoleSender, Console]:
    console = Console(record=True, width=100)
    return ConsoleSender(app, Conversations(app), console), console


def test_a_new_referral_reaches_the_chair_privately(sqlite_app):
    referral = referrals.receive_referral(sqlite_app, dict(COMPLETE_FORM))
    sender, console = _sender(sqlite_app)
    sender.deliver_due(sqlite_app.clock())
    shown = console.export_text()
    chair = sqlite_app.config.deciders[0].name
    assert f"{chair}, privately" in shown
    assert referral.reference in shown


def test_a_backlog_is_shown_as_one_digest_and_nothing_is_left(sqlite_app):
    for number in range(12):
        referrals.receive_referral(sqlite_app, another_child(number))
    sender, console = _sender(sqlite_app)
    sender.deliver_due(sqlite_app.clock())
    shown = console.export_text()
    assert shown.count("(chat)") == 1
    assert "12 new referrals are waiting" in shown
    with sqlite_app.uow() as uow:
        rows = uow.session.exec(select(ChatMessage).where(ChatMessage.platform == "console"))
        assert {m.status for m in rows} == {"sent"}
