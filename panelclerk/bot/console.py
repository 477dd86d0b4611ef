"""The console chat: the third adapter of the same conversations, used by `make demo`. It
prints what each person would see and lets the demo act as them."""

from __future__ import annotations

import uuid
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from ..application import context
from .cards import Card, Reply
from .conversations import Conversations
from .delivery import Sender

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


class ConsoleSender(Sender):
    """Delivers the chat outbox to the console through the same delivery as Slack and Teams
    (who is routed to, the referral's thread, the digest of a backlog), printing what each
    place would show."""

    platform = PLATFORM

    def __init__(self, app: context.App, conversations: Conversations, console: Console) -> None:
        super().__init__(app, conversations)
        self.console = console

    def channel(self) -> str:
        return f"{self.app.config.terms.group} channel"

    def private(self, person_id: str, uow: Any) -> str:
        person = self.app.config.person(person_id)
        return f"{person.name if person else person_id}, privately"

    def post(self, target: str, card: Card | None, text: str) -> str:
        show(self.console, target, card if card is not None else text)
        return uuid.uuid4().hex

    def open_thread(self, card: Card) -> tuple[str, str]:
        channel = f"{self.app.config.terms.group} thread"
        return channel, self.post(channel, card, card.text())

    def update_thread(self, channel: str, root: str, card: Card) -> None:
        self.post(f"{channel}, updated", card, card.text())
