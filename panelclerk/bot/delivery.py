"""Delivery of the chat outbox, written once for every platform: which card goes where
(routing to the decision makers, the thread per referral and its updates, notices), the
digest that gathers a backlog of new referrals into one message, and retries with backoff.
A platform's sender supplies only how to post, update and open a private chat, and how to
read its errors; a behaviour added here exists on every platform."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from .. import chatqueue, links
from ..application import context
from ..store.tables import ChatMessage, ChatThread
from ..store.tables import Referral as ReferralRow
from .cards import Card
from .conversations import Conversations

log = logging.getLogger("panelclerk.chat")

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


@dataclass(frozen=True)
class _Claim:
    """A chat message claimed for posting, with all the post needs from the store."""

    id: int
    lease: dt.datetime  # the claim's expiry, written in next_attempt_at: also its token
    kind: str
    referral_id: int | None
    target: str | None
    text: str | None
    card: Card | None  # rendered from the store when claimed
    thread: tuple[str, str] | None  # the referral's thread (channel, root), if opened
    digest: str | None  # the digest's text, when it gathers a backlog
    folded: tuple[int, ...]  # the other routing messages the digest stands for


@dataclass(frozen=True)
class _Answer:
    """What the platform answered to a post."""

    ts: str | None
    opened: tuple[str, str] | None = None  # a thread it opened: (channel, root)
    by_email: bool = False  # the person has no chat here: a notice to go by email


class Sender:
    platform = ""

    def __init__(self, app: context.App, conversations: Conversations) -> None:
        self.app, self.conversations = app, conversations

    # ---- what a platform supplies -------------------------------------------------------

    def channel(self) -> str | None:
        raise NotImplementedError

    def private(self, person_id: str, uow: Any) -> str | None:
        """The address of a person's private chat with the bot, opened if need be. Delivery
        asks with no transaction open (`uow` None), since opening a chat is a call to the
        platform: a platform that keeps addresses in the store uses a short one of its own."""
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
        """Post what is due, one message at a time, in three steps, as the email outbox
        sends: claim it (status `sending`, next_attempt_at the claim's expiry) in a short
        transaction, with the card rendered from the store and, for a digest, the new
        referrals it gathers claimed with it; post it with no transaction open, so a slow
        or hung platform holds up nobody's writes; record the answer (the thread opened,
        the digest's messages, a retry or a failure) in a second short transaction, only if
        the claim is still ours. A claim left by a sender that died is taken again once it
        runs out: nothing is lost, and nothing is posted twice while its sender lives."""
        posted, started, start = 0, time.monotonic(), now  # start: the caller's moment
        for _ in range(limit):
            # The pass's time moves on as it posts: each claim expires counted from when it
            # is made, and a pass that would outlive its first claims stops for the next.
            elapsed = dt.timedelta(seconds=time.monotonic() - started)
            if elapsed > chatqueue.LEASE / 2:
                break
            claim = self._claim(start + elapsed)  # its expiry counts from now
            if claim is None:
                break
            try:
                answer = self._deliver(claim)
            except Exception as exc:
                failure = self.failure(exc)
                if failure is None and not isinstance(exc, OSError):
                    self._release(claim, start)  # not the platform's: as if never tried
                    raise
                self._record(claim, start, None, exc, failure)
                continue
            posted += self._record(claim, start, answer, None, None)
        return posted

    def _claim(self, now: dt.datetime) -> _Claim | None:
        with self.app.uow() as uow:
            rows = chatqueue.claimable(uow.session, self.platform, now, limit=1, lock=True)
            if not rows:
                return None
            row = rows[0]
            assert row.id is not None
            reference = self._reference(uow, row)
            card: Card | None = None
            thread: tuple[str, str] | None = None
            digest, folded = self._digest(uow, row, now) if row.kind == "routing" else (None, [])
            if digest is None and row.kind in ("routing", "routing_update") and reference:
                card = self.conversations.routing_card(reference, uow)
            elif row.kind in chatqueue.THREAD_KINDS and reference and row.referral_id is not None:
                card = self.conversations.thread_card(reference, uow)
                found = self._thread(uow, row.referral_id)
                thread = (found.channel, found.ts) if found is not None else None
            lease = now + chatqueue.LEASE
            for claimed in (row, *folded):
                claimed.status, claimed.next_attempt_at = chatqueue.SENDING, lease
                uow.session.add(claimed)
            uow.commit()
            return _Claim(
                id=row.id,
                lease=lease,
                kind=row.kind,
                referral_id=row.referral_id,
                target=row.target,
                text=row.text,
                card=card,
                thread=thread,
                digest=digest,
                folded=tuple(m.id for m in folded if m.id is not None),
            )

    def _deliver(self, claim: _Claim) -> _Answer:
        """The posting itself: calls to the platform only, with no transaction open."""
        if claim.digest is not None:
            return _Answer(self._to_deciders(None, claim.digest))
        if claim.kind in ("routing", "routing_update") and claim.card is not None:
            return _Answer(self._to_deciders(claim.card, claim.card.text()))
        if claim.kind in chatqueue.THREAD_KINDS and claim.card is not None:
            if claim.thread is None:
                channel, root = self.open_thread(claim.card)
                return _Answer(root, opened=(channel, root))
            self.update_thread(claim.thread[0], claim.thread[1], claim.card)
            return _Answer(str(claim.thread[1]))
        if claim.kind in ("notice", "reminder") and claim.target:
            chat = self.private(claim.target, None)
            if chat:
                return _Answer(self.post(chat, None, claim.text or ""))
            return _Answer(None, by_email=True)
        return _Answer(None)

    def _to_deciders(self, card: Card | None, text: str) -> str | None:
        posted = None
        for target in self._routing_targets():
            posted = f"{target}|{self.post(target, card, text)}"
        return posted

    def _mine(self, uow: Any, claim: _Claim) -> tuple[ChatMessage | None, list[ChatMessage]]:
        """The claimed row and the digest's rows, if the claim is still ours."""
        query = select(ChatMessage).where(
            col(ChatMessage.id).in_((claim.id, *claim.folded)),
            ChatMessage.status == chatqueue.SENDING,
            ChatMessage.next_attempt_at == claim.lease,
        )
        rows = list(uow.session.exec(query.with_for_update()))
        row = next((r for r in rows if r.id == claim.id), None)
        return row, [r for r in rows if r.id != claim.id]

    def _record(
        self,
        claim: _Claim,
        now: dt.datetime,
        answer: _Answer | None,
        exc: Exception | None,
        failure: Failure | None,
    ) -> int:
        """The platform's answer, in a transaction of its own, on the row still claimed.
        Returns 1 for a message recorded as posted."""
        with self.app.uow() as uow:
            row, folded = self._mine(uow, claim)
            if answer is not None and answer.opened is not None and claim.referral_id is not None:
                self._remember_thread(uow, claim.referral_id, answer.opened)
            if row is None:
                log.warning(
                    "chat message %s: the claim ran out before the platform answered", claim.id
                )
                uow.commit()  # a thread opened is still written down: one thread per referral
                return 0
            if answer is not None:
                row.posted_ts = self._notice_by_email(uow, row) if answer.by_email else answer.ts
                row.status, row.attempts, row.last_error = "sent", row.attempts + 1, None
                for message in folded:
                    message.status, message.posted_ts = "sent", f"digest:{row.id}"
            else:
                row.attempts += 1
                row.last_error = str(failure) if failure else exc.__class__.__name__
                wait = 30 * 2 ** (row.attempts - 1)
                if failure is not None and failure.retry_after is not None:
                    wait = max(1, int(failure.retry_after))
                if row.attempts >= MAX_ATTEMPTS or (failure is not None and failure.permanent):
                    row.status = "failed"
                    self._tell_by_email(uow, row, now, failure.advice if failure else "")
                else:
                    row.status = "queued"
                    row.next_attempt_at = now + dt.timedelta(seconds=min(wait, 3600))
                for message in folded:  # each waits for the next post again
                    message.status, message.next_attempt_at = "queued", now
            for changed in (row, *folded):
                uow.session.add(changed)
            uow.commit()
            return 1 if answer is not None else 0

    def _release(self, claim: _Claim, now: dt.datetime) -> None:
        """Gives a claim back untried (a fault in our code, not the platform's answer)."""
        with self.app.uow() as uow:
            row, folded = self._mine(uow, claim)
            for message in (row, *folded) if row is not None else folded:
                message.status, message.next_attempt_at = "queued", now
                uow.session.add(message)
            uow.commit()

    def _thread(self, uow: Any, referral_id: int) -> ChatThread | None:
        found: ChatThread | None = uow.session.exec(
            select(ChatThread).where(
                ChatThread.platform == self.platform, ChatThread.referral_id == referral_id
            )
        ).first()
        return found

    def _remember_thread(self, uow: Any, referral_id: int, opened: tuple[str, str]) -> None:
        if self._thread(uow, referral_id) is None:
            channel, root = opened
            uow.session.add(
                ChatThread(
                    platform=self.platform, referral_id=referral_id, channel=channel, ts=root
                )
            )

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
            failed_page=links.failed(self.app.config),
        )

    def _reference(self, uow: Any, row: ChatMessage) -> str | None:
        if row.referral_id is None:
            return None
        found = uow.session.get(ReferralRow, row.referral_id)
        return found.reference if found else None

    def _routing_targets(self) -> list[str]:
        config = self.app.config
        if config.chat.route_to == "channel":
            targets = [self.channel()]
        else:
            targets = [self.private(p.id, None) for p in config.deciders]
        return list(dict.fromkeys(t for t in targets if t))  # each place once

    def _digest(
        self, uow: Any, row: ChatMessage, now: dt.datetime
    ) -> tuple[str | None, list[ChatMessage]]:
        """Many new referrals at once (a backlog after an outage): one message lists them,
        so a platform's one-message-a-second pace is never the bottleneck and nothing is
        lost. Its text, and the other routing messages it stands for (claimed with it)."""
        waiting = [
            m
            for m in chatqueue.claimable(uow.session, self.platform, now, lock=True)
            if m.kind == "routing" and m.id != row.id
        ]
        if len(waiting) + 1 < DIGEST_AT:
            return None, []
        references = sorted(filter(None, (self._reference(uow, m) for m in [row, *waiting])))
        text = "\n".join(
            [
                f"{len(references)} new referrals are waiting for screening by the "
                f"{self.app.config.terms.decision_maker}:",
                ", ".join(references),
                "Open the app's home or ask me for status to see each one's card.",
            ]
        )
        return text, waiting

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


def retry_failed(app: context.App, actor_id: str) -> int:
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
