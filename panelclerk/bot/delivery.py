"""Delivery of the chat outbox, written once for every platform: which card goes where
(routing to the decision makers, the thread per referral and its updates, notices), the
digest that gathers a backlog of new referrals into one message, and retries with backoff.
A platform's sender supplies only how to post, update and open a private chat, and how to
read its errors; a behaviour added here exists on every platform."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import col, select

from .. import chatqueue, services
from ..store.tables import ChatMessage, ChatThread
from ..store.tables import Referral as ReferralRow
from .cards import Card
from .conversations import Conversations

MAX_ATTEMPTS = 8
CHAT_KINDS = {
    "routing": "card routing a new referral",
    "routing_update": "update of a routed referral's card",
    "thread": "referral's thread",
    "thread_update": "update of a referral's thread",
    "notice": "private notice",
    "reminder": "private reminder of a due date",
}
DIGEST_AT = 6  # this many new referrals waiting at once are posted as one digest


class Failure(Exception):
    """A platform's refusal, read: its HTTP status and code, and how long it asked us to
    wait (429 Retry-After), so that the loop backs off the same way on every platform."""

    def __init__(
        self,
        status: int,
        error: str,
        retry_after: float | None = None,
        permanent: bool = False,
        advice: str = "",
    ) -> None:
        super().__init__(f"{status} {error}")
        self.status, self.error, self.retry_after = status, error, retry_after
        # Refused until a person changes something (the bot removed from the channel, its
        # token revoked): waiting and trying again would only delay telling them.
        self.permanent, self.advice = permanent, advice


class Sender:
    platform = ""

    def __init__(self, app: services.App, conversations: Conversations) -> None:
        self.app, self.conversations = app, conversations

    # ---- what a platform supplies -------------------------------------------------------

    def channel(self) -> str | None:
        raise NotImplementedError

    def private(self, person_id: str, uow: Any) -> str | None:
        """The address of a person's private chat with the bot, opened if need be (inside
        the delivery's own transaction: `uow`)."""
        raise NotImplementedError

    def post(self, target: str, card: Card | None, text: str) -> str:
        """Posts a message; returns its id on the platform."""
        raise NotImplementedError

    def open_thread(self, card: Card) -> tuple[str, str]:
        """Starts a referral's thread in the sub-group channel: (channel, root message id)."""
        raise NotImplementedError

    def update_thread(self, channel: str, root: str, card: Card) -> None:
        raise NotImplementedError

    def failure(self, exc: Exception) -> Failure | None:
        """The platform's error as a Failure to retry, or None for one it does not know."""
        return None

    # ---- the loop -------------------------------------------------------------------------

    def deliver_due(self, now: dt.datetime, limit: int = 50) -> int:
        posted = 0
        for _ in range(limit):
            with self.app.uow() as uow:
                rows = chatqueue.due(uow.session, self.platform, now, limit=1, lock=True)
                row = rows[0] if rows else None
                if row is None:
                    break
                try:
                    row.posted_ts = self._post(uow, row)
                    row.status, row.attempts, row.last_error = "sent", row.attempts + 1, None
                    posted += 1
                except Exception as exc:
                    failure = self.failure(exc)
                    if failure is None and not isinstance(exc, OSError):
                        raise
                    row.attempts += 1
                    row.last_error = str(failure) if failure else exc.__class__.__name__
                    wait = 30 * 2 ** (row.attempts - 1)
                    if failure is not None and failure.retry_after is not None:
                        wait = max(1, int(failure.retry_after))
                    if row.attempts >= MAX_ATTEMPTS or (failure is not None and failure.permanent):
                        row.status = "failed"
                        self._tell_by_email(uow, row, now, failure.advice if failure else "")
                    else:
                        row.next_attempt_at = now + dt.timedelta(seconds=min(wait, 3600))
                uow.session.add(row)
                uow.commit()
        return posted

    def _tell_by_email(self, uow: Any, row: ChatMessage, now: dt.datetime, advice: str) -> None:
        """A chat message that will not be posted: the Business Manager hears by email, the
        channel that still works, once an hour per platform however many fail (a revoked
        token fails every message)."""
        from ..store.tables import OutboundMessage

        kind = f"chat_failed:{self.platform}"
        recent = uow.session.exec(
            select(OutboundMessage.id).where(
                OutboundMessage.kind == kind,
                col(OutboundMessage.created_at) > now - dt.timedelta(hours=1),
            )
        ).first()
        managers = self.app.config.people_with_role("business_manager")
        if recent is not None or not managers:
            return
        self.app.queue_email(
            uow,
            "email/chat_failed.txt.j2",
            kind=kind,
            recipients=[m.email for m in managers],
            at=now,
            platform=self.platform.title(),
            what=CHAT_KINDS.get(row.kind, "message"),
            reference=self._reference(uow, row),
            attempts=row.attempts,
            error=row.last_error or "",
            advice=advice,
            confirmer=managers[0].id,
        )

    def _reference(self, uow: Any, row: ChatMessage) -> str | None:
        if row.referral_id is None:
            return None
        found = uow.session.get(ReferralRow, row.referral_id)
        return found.reference if found else None

    def _routing_targets(self, uow: Any) -> list[str]:
        config = self.app.config
        if config.chat.route_to == "channel":
            targets = [self.channel()]
        else:
            targets = [self.private(p.id, uow) for p in config.deciders]
        return list(dict.fromkeys(t for t in targets if t))  # each place once

    def _digest(self, uow: Any, row: ChatMessage) -> str | None:
        """Many new referrals at once (a backlog after an outage): one message lists them,
        so a platform's one-message-a-second pace is never the bottleneck and nothing is
        lost."""
        waiting = [
            m
            for m in chatqueue.due(uow.session, self.platform, self.app.clock())
            if m.kind == "routing" and m.id != row.id
        ]
        if len(waiting) + 1 < DIGEST_AT:
            return None
        references = sorted(filter(None, (self._reference(uow, m) for m in [row, *waiting])))
        text = "\n".join(
            [
                f"{len(references)} new referrals are waiting for screening by the "
                f"{self.app.config.terms.decision_maker}:",
                ", ".join(references),
                "Open the app's home or ask me for status to see each one's card.",
            ]
        )
        posted = None
        for target in self._routing_targets(uow):
            posted = f"{target}|{self.post(target, None, text)}"
        for message in waiting:
            message.status, message.posted_ts = "sent", f"digest:{row.id}"
            uow.session.add(message)
        return posted

    def _post(self, uow: Any, row: ChatMessage) -> str | None:
        reference = self._reference(uow, row)
        if row.kind == "routing":
            digest = self._digest(uow, row)
            if digest is not None:
                return digest
        if row.kind in ("routing", "routing_update") and reference:
            card = self.conversations.routing_card(reference, uow)
            posted = None
            for target in self._routing_targets(uow):
                posted = f"{target}|{self.post(target, card, card.text())}"
            return posted
        if row.kind in ("thread", "thread_update") and reference and row.referral_id is not None:
            card = self.conversations.thread_card(reference, uow)
            thread = uow.session.exec(
                select(ChatThread).where(
                    ChatThread.platform == self.platform,
                    ChatThread.referral_id == row.referral_id,
                )
            ).first()
            if thread is None:
                channel, root = self.open_thread(card)
                uow.session.add(
                    ChatThread(
                        platform=self.platform,
                        referral_id=row.referral_id,
                        channel=channel,
                        ts=root,
                    )
                )
                return root
            self.update_thread(thread.channel, thread.ts, card)
            return str(thread.ts)
        if row.kind in ("notice", "reminder") and row.target:
            chat = self.private(row.target, uow)
            if chat:
                return self.post(chat, None, row.text or "")
            return self._notice_by_email(uow, row)
        return None

    def _notice_by_email(self, uow: Any, row: ChatMessage) -> str | None:
        """A private notice for someone with no chat identity on this platform: if no
        platform of the board's can reach them, it goes to their email (once, by the first
        platform), so that "the Business Manager has been told" stays true."""
        config = self.app.config
        person = config.person(row.target or "")
        if person is None:
            return None
        if any(person.chat_id(p) or p == "console" for p in config.chat.platforms):
            return None  # another platform posts it
        if config.chat.platforms[0] != self.platform:
            return None
        reference = self._reference(uow, row)
        self.app.queue_email(
            uow,
            "email/notice.txt.j2",
            kind="notice_by_email",
            recipients=[person.email],
            referral_id=row.referral_id,
            at=self.app.clock(),
            subject=f"{config.board.short_name}: a notice from panelclerk",
            message=row.text or "",
            reference=reference,
        )
        return "email"


def retry_failed(app: services.App, actor_id: str) -> int:
    """The Business Manager posts again what failed, once the cause is mended (audited).
    Cards are rendered when posted, so they show the state of now, not of the failure."""
    from ..store import audit

    app.config.business_manager(actor_id, "retry chat messages")
    now = app.clock()
    with app.uow() as uow:
        rows = list(uow.session.exec(select(ChatMessage).where(ChatMessage.status == "failed")))
        for row in rows:
            row.status, row.attempts, row.next_attempt_at = "queued", 0, now
            uow.session.add(row)
        if rows:
            audit.append(
                uow.session,
                at=now,
                actor=actor_id,
                action="retry_chat",
                details={"chat_messages": len(rows)},
            )
        uow.commit()
    return len(rows)
