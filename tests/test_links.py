"""A notice that asks a person to act sends them to the console page where they act, never
to a command to type at the server's shell."""

from __future__ import annotations

import re

from sqlmodel import select

from panelclerk import links
from panelclerk.application import context
from panelclerk.application.inbound.router import Router
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import ChatMessage

from .mail import referral

COMMAND = re.compile(r"`?panelclerk [a-z]")


def test_a_held_message_is_linked_to_its_page_in_the_console(config, tmp_path, clock):
    console = config.console.model_copy(
        update={"public_url": "https://panelclerk.fenmarsh.example"}
    )
    board = config.model_copy(update={"console": console})
    app = context.bootstrap(board, f"sqlite:///{tmp_path / 'l.db'}", clock)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral(sender="named.nurse@gmail.example"))
    box.deliver(
        referral(headers=[("Auto-Submitted", "auto-generated")], message_id="<f@x.example>")
    )
    Router(app).run_once(box)
    with app.uow() as uow:
        told = [m.text for m in uow.session.exec(select(ChatMessage)) if m.target == "bm"]
    assert told and all("https://panelclerk.fenmarsh.example/mail/" in text for text in told)
    assert not [text for text in told if COMMAND.search(text)]
    app.engine.dispose()


def test_without_a_console_address_the_page_is_named_not_a_command(config):
    assert links.kept_message(config, 7) == "held and quarantined mail, number 7 in the console"
    assert links.referral(config, "SCR-2026-001") == "the page of SCR-2026-001 in the console"
