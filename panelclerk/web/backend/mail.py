"""Held and quarantined mail (read, release), and failed mail and chat (what failed and
why, retry): each act the same application call as the command line's.

The reads of failed mail and chat are read models the application does not have yet; they
belong in `application/`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from ...application.deliveries import retry as retry_outbound
from ...application.inbound import kept as kept_mail
from ...application.inbound import result as inbound_result
from ...bot.delivery import retry_failed as retry_failed_chat
from ...store.tables import ChatMessage, InboundMessage, OutboundMessage
from ...store.tables import Referral as ReferralRow
from .common import App, agency_name, person_name

Kept = kept_mail.Kept
Result = inbound_result.Result


def kept_messages(app: App) -> list[InboundMessage]:
    """Quarantined and held messages, oldest first (the list shows no message's words)."""
    return kept_mail.quarantined(app)


def read_kept(app: App, inbound_id: int, person_id: str) -> Kept:
    """One kept message's headers and text (audited by the application, by its number),
    with the names of the sender's agency and of whoever attached or dismissed it."""
    kept = kept_mail.read_kept(app, inbound_id, person_id)
    return dataclasses.replace(
        kept,
        sender_agency=agency_name(app.config, kept.sender_agency) if kept.sender_agency else None,
        done_by=person_name(app.config, kept.done_by) if kept.done_by else None,
    )


def release(app: App, inbound_id: int, person_id: str) -> Result:
    return kept_mail.release(app, inbound_id, person_id)


AttachChoice = kept_mail.AttachChoice


def attach_choices(app: App, inbound_id: int) -> list[AttachChoice]:
    """The open referrals a kept message may be attached to, each saying whether the
    sender's agency is on it."""
    return kept_mail.attach_choices(app, inbound_id)


def attach(app: App, inbound_id: int, person_id: str, reference: str, reason: str) -> str:
    """The message recorded against a referral as more information (audited)."""
    return kept_mail.attach(app, inbound_id, person_id, reference, reason)


def dismiss(app: App, inbound_id: int, person_id: str, reason: str) -> None:
    """The message dismissed with the reason: kept in the store, off the list (audited)."""
    kept_mail.dismiss(app, inbound_id, person_id, reason)


@dataclass(frozen=True)
class FailedMail:
    id: int
    kind: str
    reference: str | None
    status: str
    attempts: int
    recipients: int
    delivered: int
    refused: tuple[tuple[str, str], ...]  # (address, the server's words)
    last_error: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class FailedChat:
    id: int
    platform: str
    kind: str
    reference: str | None
    target: str | None
    attempts: int
    last_error: str | None
    created_at: dt.datetime


def _references(uow: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {
        i: r
        for i, r in uow.session.exec(
            select(ReferralRow.id, ReferralRow.reference).where(col(ReferralRow.id).in_(ids))
        )
        if i is not None
    }


def failed_mail(app: App) -> list[FailedMail]:
    """Outbound mail that failed, or that some recipients' servers refused: what `outbox
    list` shows of them (never the message's words)."""
    with app.uow() as uow:
        rows = [
            r
            for r in uow.session.exec(
                select(OutboundMessage)
                .where(col(OutboundMessage.status).in_(("failed", "sent")))
                .order_by(col(OutboundMessage.id))
            )
            if r.status == "failed" or r.refused
        ]
        refs = _references(uow, {r.referral_id for r in rows if r.referral_id})
    return [
        FailedMail(
            r.id or 0,
            r.kind,
            refs.get(r.referral_id or 0),
            r.status,
            r.attempts,
            len(r.recipients),
            len(r.delivered_to),
            tuple(sorted(r.refused.items())),
            r.last_error,
            r.created_at,
        )
        for r in rows
    ]


def failed_chat(app: App) -> list[FailedChat]:
    config = app.config
    with app.uow() as uow:
        rows = list(
            uow.session.exec(
                select(ChatMessage)
                .where(ChatMessage.status == "failed")
                .order_by(col(ChatMessage.id))
            )
        )
        refs = _references(uow, {r.referral_id for r in rows if r.referral_id})
    return [
        FailedChat(
            r.id or 0,
            r.platform,
            r.kind,
            refs.get(r.referral_id or 0),
            person_name(config, r.target) if r.target and config.person(r.target) else r.target,
            r.attempts,
            r.last_error,
            r.created_at,
        )
        for r in rows
    ]


def retry_mail(app: App, outbox_id: int, person_id: str) -> int:
    """A failed message queued again for those who lack it (CLI `outbox retry`); how many."""
    row = retry_outbound(app, outbox_id, person_id)
    return len(row.recipients) - len(row.delivered_to)


def retry_chat(app: App, person_id: str) -> int:
    """Every failed chat message queued again (CLI `outbox retry-chat`); how many."""
    return retry_failed_chat(app, person_id)
