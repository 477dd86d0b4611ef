"""Posting-only Teams, through a Workflows webhook: cards posted to one channel, without
buttons, since nobody can answer through it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx

from ..application import context as context_stage
from .adaptive import attachment, card_adaptive, text_adaptive
from .cards import Card
from .conversations import Conversations
from .delivery import Failure, Sender
from .teams import PLATFORM


class WebhookSender(Sender):
    """Posting-only Teams (a Workflows webhook): routed referrals, the referral's card and
    reminders are posted to one channel as Adaptive Cards. Nobody can answer through it, so
    recommendations and decisions come by email or the command line."""

    platform = PLATFORM

    def __init__(
        self,
        app: context_stage.App,
        conversations: Conversations,
        url: str,
        client: Any = None,
    ) -> None:
        super().__init__(app, conversations)
        self.url = url
        self.client = client or httpx.Client(timeout=30)

    def channel(self) -> str | None:
        return "webhook"

    def private(self, person_id: str, uow: Any = None) -> str | None:
        return "webhook"  # one channel is all a webhook can reach

    def post(self, target: str, card: Card | None, text: str) -> str:
        content = card_adaptive(_without_buttons(card)) if card else text_adaptive(text)
        answer = self.client.post(
            self.url, json={"type": "message", "attachments": [attachment(content)]}
        )
        if answer.status_code >= 300:
            retry = answer.headers.get("Retry-After")
            raise _WebhookRefused(answer.status_code, float(retry) if retry else None)
        return f"webhook:{self.app.clock():%Y%m%d%H%M%S}"

    def open_thread(self, card: Card) -> tuple[str, str]:
        return "webhook", self.post("webhook", card, card.text())

    def update_thread(self, channel: str, root: str, card: Card) -> None:
        self.post(channel, card, card.text())  # a webhook cannot edit: the new state is posted

    def failure(self, exc: Exception) -> Failure | None:
        if isinstance(exc, _WebhookRefused):
            gone = exc.status in (400, 401, 403, 404, 410)
            advice = (
                "The Teams Workflows webhook no longer accepts posts (the workflow deleted, "
                "turned off or its owner gone): create it again and set the new "
                "TEAMS_WEBHOOK_URL where the service runs."
                if gone
                else ""
            )
            return Failure(exc.status, "webhook refused", exc.retry_after, gone, advice)
        if isinstance(exc, httpx.HTTPError):
            return Failure(0, exc.__class__.__name__)
        return None


class _WebhookRefused(Exception):
    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"webhook answered {status}")
        self.status, self.retry_after = status, retry_after


def _without_buttons(card: Card) -> Card:
    if not card.buttons:
        return card
    return replace(
        card,
        buttons=(),
        lines=(*card.lines, "Act on this by email or in PanelClerk: this channel only shows it."),
    )
