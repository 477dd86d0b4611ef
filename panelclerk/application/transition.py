"""Applying one move of the life cycle: the referral saved, the move audited, the chat
message it causes queued and the reminders it makes stale withdrawn, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select

from .. import chatqueue
from ..store import audit
from ..store.tables import OutboundMessage
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.errors import MoveNotAllowed
from ..workflow.lifecycle import State
from ..workflow.referral import Actor, Moved, Referral
from .context import App


def transition(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    referral: Referral,
    move: str,
    actor: Actor,
    at: dt.datetime,
    **details: Any,
) -> None:
    """Apply a move, save it, audit it and queue the chat message it causes: one transaction."""
    event = apply_move(app, uow, row, referral, move, actor, at, **details)
    record_move(app, uow, row, referral, event, move, actor, at, **details)


def apply_move(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    referral: Referral,
    move: str,
    actor: Actor,
    at: dt.datetime,
    **details: Any,
) -> Moved:
    """The move applied to the aggregate and its row (not yet audited: `record_move`)."""
    try:
        event = referral.apply(move, actor, at, **details)
    except MoveNotAllowed as exc:
        raise exc.in_words(app.config.state_label) from None
    uow.referrals.save(row, referral, at)
    return event


def record_move(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    referral: Referral,
    event: Moved,
    move: str,
    actor: Actor,
    at: dt.datetime,
    **details: Any,
) -> None:
    """A move applied: audited, its chat message queued, the reminders it ends withdrawn."""
    audit.append(
        uow.session,
        at=at,
        actor=actor.id,
        action=move,
        reference=referral.reference,
        source=event.source.value,
        target=event.target.value,
        details={k: v for k, v in details.items() if k != "decision"},
    )
    chatqueue.after_move(uow.session, app.config, move, row.id, at)
    kind = REMINDERS_OF.get(event.source)
    if kind and event.target not in (event.source, State.MORE_INFO_REQUESTED):
        withdraw_reminders(uow, row, kind, at, why=move)
    for done in ENDS_REMINDERS.get(event.target, ()):
        if done != kind:
            withdraw_reminders(uow, row, done, at, why=move)


# The reminders a referral gets while it waits in a state. One still queued when the
# referral moves on (the decision recorded, the meeting held) would ask someone for what is
# done, so it is withdrawn instead of sent; a pause for more information keeps them.
REMINDERS_OF = {
    State.DISCUSSED: "reminder:",
    State.DECISION_PENDING: "reminder:",
    State.PRECIS_REQUESTED: "precis_reminder",
}
# A decision reminder counts from the meeting, so it may be queued while the referral is
# still on the agenda; deciding or declining ends every reminder of what is no longer asked.
ENDS_REMINDERS = {
    State.DECIDED: ("reminder:",),
    State.DECLINED: ("reminder:", "precis_reminder"),
}


def withdraw_reminders(
    uow: UnitOfWork,
    row: ReferralRow | None,
    kind: str,
    at: dt.datetime,
    *,
    why: str,
    recipients: Sequence[str] | None = None,
) -> int:
    """Withdraw the reminders whose kind starts with `kind` still queued for a referral (or,
    with no referral, for none: a meeting's minutes), only those to exactly `recipients`
    when given; audited. Returns how many emails and chat posts it stopped."""
    from ..store.tables import ChatMessage

    which = (
        OutboundMessage.referral_id == row.id
        if row is not None
        else col(OutboundMessage.referral_id).is_(None)
    )
    emails = [
        m
        for m in uow.session.exec(
            select(OutboundMessage).where(
                which,
                OutboundMessage.status == "queued",
                col(OutboundMessage.kind).startswith(kind),
            )
        )
        if recipients is None or set(m.recipients) == set(recipients)
    ]
    posts = (
        list(
            uow.session.exec(
                select(ChatMessage).where(
                    ChatMessage.referral_id == row.id,
                    ChatMessage.status == "queued",
                    ChatMessage.kind == "reminder",
                )
            )
        )
        if row is not None and kind == "reminder:"
        else []
    )
    for item in (*emails, *posts):
        item.status = "withdrawn"
        uow.session.add(item)
    if emails or posts:
        audit.append(
            uow.session,
            at=at,
            actor="system",
            action="withdraw_reminders",
            reference=row.reference if row else None,
            details={"kind": kind, "emails": len(emails), "chat": len(posts), "after": why},
        )
    return len(emails) + len(posts)
