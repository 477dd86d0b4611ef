"""The chat outbox's writer: which chat messages a change causes, queued in the caller's
transaction. What a card says is rendered from the store when it is sent, so a queued update
always shows the latest state, and several updates to one thread coalesce into one post."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from .store.tables import ChatMessage
from .workflow.config import BoardConfig

# A chat message being posted: claimed by one sender (status SENDING, next_attempt_at the
# claim's expiry) in a short transaction, posted with no transaction open, then recorded.
# LEASE is longer than any one post takes (each platform call times out in 30 s, and a
# routing card goes to a few people), so a live sender's claim is never taken over; one left
# by a sender that died is taken again once it runs out, so nothing is lost.
SENDING = "sending"
LEASE = dt.timedelta(minutes=10)
THREAD_KINDS = ("thread", "thread_update")

# The chat message each life-cycle move causes.
AFTER_MOVE = {
    "submit_for_screening": "routing",
    "place_on_agenda": "thread",
    "reschedule": "thread_update",
    "request_precis": "thread_update",
    "record_discussion": "thread_update",
    "defer_decision": "thread_update",
    "record_decision": "thread_update",
    "record_notifications": "thread_update",
    "decline": "routing_update",
    "request_more_info": "routing_update",
    "receive_more_info": "routing",
}


def queue(
    session: Session,
    config: BoardConfig,
    kind: str,
    at: dt.datetime,
    *,
    referral_id: int | None = None,
    target: str | None = None,
    text: str | None = None,
) -> None:
    for platform in config.chat.platforms:
        if kind in ("thread_update", "routing_update") and referral_id is not None:
            pending = session.exec(
                select(ChatMessage.id).where(
                    ChatMessage.platform == platform,
                    # a queued post renders the latest state too
                    col(ChatMessage.kind).in_((kind, kind.removesuffix("_update"))),
                    ChatMessage.referral_id == referral_id,
                    ChatMessage.status == "queued",
                )
            ).first()
            if pending is not None:
                continue  # the queued one will render the latest state
        session.add(
            ChatMessage(
                platform=platform,
                kind=kind,
                referral_id=referral_id,
                target=target,
                text=text,
                created_at=at,
                next_attempt_at=at,
            )
        )


def tell_business_manager(
    session: Session,
    config: BoardConfig,
    at: dt.datetime,
    text: str,
    *,
    referral_id: int | None = None,
) -> None:
    """A private chat notice to each Business Manager: what needs a person's hand."""
    for manager in config.people_with_role("business_manager"):
        queue(session, config, "notice", at, referral_id=referral_id, target=manager.id, text=text)


def after_move(
    session: Session, config: BoardConfig, move: str, referral_id: int | None, at: dt.datetime
) -> None:
    kind = AFTER_MOVE.get(move)
    if kind is not None:
        queue(session, config, kind, at, referral_id=referral_id)


def due(
    session: Session, platform: str, now: dt.datetime, limit: int | None = None, lock: bool = False
) -> list[ChatMessage]:
    """Queued chat messages for a platform whose time has come, oldest first."""
    query = (
        select(ChatMessage)
        .where(
            ChatMessage.platform == platform,
            ChatMessage.status == "queued",
            col(ChatMessage.next_attempt_at) <= now,
        )
        .order_by(col(ChatMessage.id))
    )
    if limit is not None:
        query = query.limit(limit)
    if lock:
        query = query.with_for_update(skip_locked=True)
    return list(session.exec(query))


def claimable(
    session: Session, platform: str, now: dt.datetime, limit: int | None = None, lock: bool = False
) -> list[ChatMessage]:
    """The chat messages a sender may claim now, oldest first: queued and due, or claimed by
    a sender whose claim has run out. A referral's thread waits while another of its thread
    messages is being posted, so that its first post has opened the thread (and written it
    down) before an update looks for it: one thread per referral, whoever sends."""
    busy = aliased(ChatMessage)
    posting = (
        select(busy.id)
        .where(
            busy.platform == ChatMessage.platform,
            busy.referral_id == ChatMessage.referral_id,
            col(busy.kind).in_(THREAD_KINDS),
            busy.status == SENDING,
            col(busy.next_attempt_at) > now,
        )
        .exists()
    )
    query = (
        select(ChatMessage)
        .where(
            ChatMessage.platform == platform,
            col(ChatMessage.status).in_(("queued", SENDING)),
            col(ChatMessage.next_attempt_at) <= now,
            ~(col(ChatMessage.kind).in_(THREAD_KINDS) & posting),
        )
        .order_by(col(ChatMessage.id))
    )
    if limit is not None:
        query = query.limit(limit)
    if lock:
        query = query.with_for_update(skip_locked=True)
    return list(session.exec(query))
