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

from ...application import status
from ...application.deliveries import retry as retry_outbound
from ...application.inbound import kept as kept_mail
from ...application.inbound import reasons
from ...application.inbound import result as inbound_result
from ...bot.delivery import retry_failed as retry_failed_chat
from ...store.tables import ChatMessage, OutboundMessage
from ...store.tables import Referral as ReferralRow
from .common import LONDON, App, agency_name, person_name

Kept = kept_mail.Kept
Result = inbound_result.Result


@dataclass(frozen=True)
class KeptLine:
    """A kept message as the list shows it: never its words, the reason in plain English."""

    id: int
    outcome: str
    kind: str
    received_at: dt.datetime
    sender: str | None
    reference: str | None
    reason: str


def kept_messages(app: App) -> list[KeptLine]:
    """Quarantined and held messages, oldest first (the list shows no message's words)."""
    return [
        KeptLine(
            r.id or 0,
            r.outcome,
            r.kind,
            r.received_at,
            r.sender,
            r.reference,
            reasons.plain(r.reason, r.kind),
        )
        for r in kept_mail.quarantined(app)
    ]


@dataclass(frozen=True)
class Waiting:
    """How many messages wait in held and quarantined mail (the pipeline's banner)."""

    quarantined: int
    held: int

    @property
    def total(self) -> int:
        return self.quarantined + self.held


def waiting(app: App) -> Waiting:
    """The counts the status report and App Home give: kept and not yet dealt with."""
    return Waiting(*status.kept(app))


def read_kept(app: App, inbound_id: int, person_id: str) -> Kept:
    """One kept message's headers and text (audited by the application, by its number),
    with the names of the sender's agency and of whoever attached or dismissed it, and why
    it was kept in plain English."""
    kept = kept_mail.read_kept(app, inbound_id, person_id)
    return dataclasses.replace(
        kept,
        reason=reasons.plain(kept.reason, kept.kind),
        sender_agency=agency_name(app.config, kept.sender_agency) if kept.sender_agency else None,
        done_by=person_name(app.config, kept.done_by) if kept.done_by else None,
    )


@dataclass(frozen=True)
class Released:
    """A released message: when, by whom, and what became of it when routed again."""

    id: int
    released_at: dt.datetime | None
    released_by: str
    reference: str | None
    referral: bool  # the reference is a referral of the board's, with a page to link to
    became: str  # what became of it, in a sentence or two

    @property
    def on(self) -> str:
        """When it was released, as a sentence says it: "11 November 2026 at 10:15"."""
        if self.released_at is None:
            return ""
        at = self.released_at
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # stored as UTC without its zone
        return f"{at.astimezone(LONDON):%-d %B %Y at %H:%M}"


def _became(app: App, outcome: str, kind: str, reference: str | None, why: str | None) -> str:
    said = reasons.became(outcome, kind, reference, app.config.terms.precis)
    if outcome in reasons.KEPT:
        said = f"{said} {reasons.plain(why, kind)}"
    return said


def release(app: App, inbound_id: int, person_id: str) -> Released:
    """The message routed again as vouched for (audited), and what became of it."""
    result = kept_mail.release(app, inbound_id, person_id)
    found = kept_mail.released(app, inbound_id)
    return Released(
        inbound_id,
        found.released_at if found else app.clock(),
        person_name(app.config, person_id),
        result.reference,
        bool(found and found.referral_exists),
        _became(app, result.outcome, result.kind, result.reference, result.detail),
    )


def released_message(app: App, inbound_id: int) -> Released | None:
    """A message released earlier, as its old page tells of it (None if it was not)."""
    found = kept_mail.released(app, inbound_id)
    if found is None:
        return None
    return Released(
        found.id,
        found.released_at,
        person_name(app.config, found.released_by),
        found.reference,
        found.referral_exists,
        _became(app, found.outcome, found.kind, found.reference, None),
    )


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
    subject: str = ""
    what: str = ""  # the kind of message, in plain words
    not_reached: tuple[tuple[str, str], ...] = ()  # (address, why it was not reached)


# What each kind of outbound message is, for the failed mail page: the kind's first part.
MAIL_KINDS = {
    "declined": "The email telling the referrer their referral was declined",
    "decision": "The decision email",
    "notice": "A reply to someone who wrote to the board",
    "precis_request": "A request for an agency's {precis}",
    "precis_reminder": "A reminder to an agency about its {precis}",
    "more_info_request": "The Chair's question to the referrer",
    "agenda_pack": "The agenda pack",
    "agenda_confirm": "The request to confirm the agenda",
    "meeting_cancelled": "The notice that a meeting is cancelled",
    "meeting_reinstated": "The notice that a meeting goes ahead again",
    "reminder": "A reminder",
    "chat_failed": "The warning that chat messages are failing",
    "notice_by_email": "A chat notice sent by email",
    "acknowledgement": "The acknowledgement to a sender",
}


def mail_kind(app: App, kind: str) -> str:
    """A kind of outbound message in plain words ("precis_request" → "A request for an
    agency's précis"); a kind not named here reads as its words."""
    head, _, rest = kind.partition(":")
    if head == "notice" and rest:
        return f"The statutory notice ({rest})"
    named = MAIL_KINDS.get(head)
    if named is not None:
        return named.format(precis=app.config.terms.precis)
    words = head.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "A message"


def _not_reached(row: OutboundMessage) -> tuple[tuple[str, str], ...]:
    """Each recipient the message has not reached, with the server's words for it."""
    why = row.last_error or "Not sent yet"
    return tuple(
        (address, row.refused.get(address) or why)
        for address in row.recipients
        if address not in row.delivered_to
    )


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
    list` shows of them, with its subject and each recipient not reached (never the
    message's words)."""
    with app.reading() as uow:
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
            r.subject,
            mail_kind(app, r.kind),
            _not_reached(r),
        )
        for r in rows
    ]


def failed_chat(app: App) -> list[FailedChat]:
    config = app.config
    with app.reading() as uow:
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
