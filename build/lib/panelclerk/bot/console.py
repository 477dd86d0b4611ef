"""The console chat: the third adapter of the same conversations, used by `make demo`. It
prints what each person would see and lets the demo act as them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from .. import chatqueue, services
from ..store.tables import Referral as ReferralRow
from .cards import Card, Reply
from .conversations import Conversations

PLATFORM = "console"


def show(console: Console, who: str, reply: Reply | Card | str, style: str = "magenta") -> None:
    if isinstance(reply, Reply):
        if reply.modal is not None:
            text = f"[form] {reply.modal.title}: " + ", ".join(i.label for i in reply.modal.inputs)
        elif reply.errors:
            text = "\n".join(f"{k}: {v}" for k, v in reply.errors.items())
        else:
            text = reply.card.text() if reply.card else (reply.text or "")
        if reply.private:
            who += ", only they see this"
    elif isinstance(reply, Card):
        text = reply.text()
    else:
        text = reply
    console.print(
        Panel(escape(text), title=f"{who} (chat)", title_align="left", border_style=style)
    )


class ConsoleSender:
    """Delivers the chat outbox to the console, as Slack's and Teams' senders do to theirs."""

    def __init__(self, app: services.App, conversations: Conversations, console: Console) -> None:
        self.app, self.conversations, self.console = app, conversations, console

    def deliver_due(self, now: dt.datetime) -> int:
        shown = 0
        with self.app.uow() as uow:
            rows = chatqueue.due(uow.session, PLATFORM, now)
            for row in rows:
                reference = None
                if row.referral_id is not None:
                    found = uow.session.get(ReferralRow, row.referral_id)
                    reference = found.reference if found else None
                card: Any = None
                who = "sub-group channel"
                if row.kind in ("routing", "routing_update") and reference:
                    card, who = (
                        self.conversations.routing_card(reference, uow),
                        (self.app.config.terms.decision_maker),
                    )
                elif row.kind in ("thread", "thread_update") and reference:
                    card = self.conversations.thread_card(reference, uow)
                    who = f"{self.app.config.terms.group} thread"
                elif row.kind == "notice":
                    card, who = row.text or "", row.target or "notice"
                if card is not None:
                    show(self.console, who, card)
                    shown += 1
                row.status, row.attempts = "sent", row.attempts + 1
                uow.session.add(row)
            uow.commit()
        return shown
