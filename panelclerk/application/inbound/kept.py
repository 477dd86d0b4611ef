"""The mail kept for a person: quarantined or held messages, listed, read (audited), and
released by the Business Manager, who vouches for what is routed again, attached to a
referral as more information, or dismissed with a reason (kept, never deleted)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import bindparam
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import col, select

from ... import faults
from ...mail.parse import ParseError, parse_email
from ...store import audit
from ...store.tables import InboundMessage
from ...store.tables import Referral as ReferralRow
from ...store.uow import UnitOfWork
from ...workflow.errors import WorkflowError
from ...workflow.lifecycle import CLOSED
from .. import context as context_stage
from .casemail import expected_agencies
from .result import Result
from .router import Router


def _removed(inbound_id: int, so: str) -> WorkflowError:
    return WorkflowError(
        f"message {inbound_id}'s content was removed under the retention rules: {so}"
    )


def release(app: context_stage.App, inbound_id: int, actor_id: str) -> Result:
    """The Business Manager vouches for a quarantined or held message: it is routed again,
    past the sender and authentication rules, and the release is audited. A message kept
    back by a fault in our code is only routed again, through every rule: the fault may have
    come before the rules had judged its sender, and releasing it after a fix vouches for
    nobody."""
    app.config.business_manager(actor_id, "release messages")
    with app.uow() as uow:
        row = uow.session.get(InboundMessage, inbound_id)
        if row is None:
            raise WorkflowError(f"no inbound message with id {inbound_id}")
        if row.outcome not in ("quarantined", "held"):
            raise WorkflowError(f"message {inbound_id} is {row.outcome}, not quarantined or held")
        _still_kept(row)
        if not row.raw:  # routing nothing would record it again as an empty message
            raise _removed(inbound_id, "there is nothing to release")
        uow.session.expunge(row)
    router = Router(app)
    try:
        result = router.handle(row.mailbox_key, row.raw, trusted=row.kind != "fault", row=row)
    except Exception as exc:
        if faults.transient(exc):
            raise
        raise WorkflowError(
            f"message {inbound_id} still could not be processed ({faults.describe(exc)}); "
            "it stays in quarantine"
        ) from exc
    with app.uow() as uow:
        stored = uow.session.get(InboundMessage, inbound_id)
        assert stored is not None
        stored.released_by = actor_id
        if stored.outcome not in ("quarantined", "held"):  # a fault's: routed, not trusted
            stored.released_at = stored.released_at or app.clock()
        uow.session.add(stored)
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="release_inbound",
            reference=result.reference,
            details={"inbound_id": inbound_id, "outcome": result.outcome},
        )
        uow.commit()
    return result


def quarantined(app: context_stage.App) -> list[InboundMessage]:
    with app.reading() as uow:
        rows = list(
            uow.session.exec(
                select(InboundMessage)
                .where(
                    col(InboundMessage.outcome).in_(["quarantined", "held"]),
                    col(InboundMessage.released_at).is_(None),
                    col(InboundMessage.attached_at).is_(None),
                    col(InboundMessage.dismissed_at).is_(None),
                )
                .order_by(col(InboundMessage.id))
            )
        )
        for r in rows:
            uow.session.expunge(r)
    return rows


@dataclass(frozen=True)
class Kept:
    """A kept message as the Business Manager reads it, control characters removed."""

    id: int
    outcome: str
    reason: str
    sender: str
    subject: str
    date: str
    attachments: tuple[str, ...]
    text: str
    about: str | None = None  # the referral the mailbox thought it was about
    sender_agency: str | None = None  # the board's agency the sender's address is of
    attached_to: str | None = None  # the referral it was attached to
    dismissed_reason: str | None = None
    done_by: str | None = None  # who attached or dismissed it
    done_at: dt.datetime | None = None
    kind: str = "unknown"
    sent_at: dt.datetime | None = None  # the Date its sender's mail program gave

    @property
    def open(self) -> bool:
        """Still waiting for the Business Manager (not attached, not dismissed)."""
        return self.attached_to is None and self.dismissed_reason is None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # a terminal's escape codes too


def _plain(text: str) -> str:
    return _CONTROL.sub("?", text)


def read_kept(app: context_stage.App, inbound_id: int, actor_id: str) -> Kept:
    """A quarantined or held message's words, for the Business Manager only (an agency's
    action plan update, a case's late mail): reading one is audited, by its number."""
    app.config.business_manager(actor_id, "read kept messages")
    with context_stage.work(app) as uow:
        row = uow.session.get(InboundMessage, inbound_id)
        if row is None or row.outcome not in ("quarantined", "held"):
            raise WorkflowError(f"no quarantined or held message with id {inbound_id}")
        if not row.raw:
            raise _removed(inbound_id, "there is nothing to read")
        try:
            email = parse_email(row.raw, app.config.mailbox.max_message_bytes)
        except ParseError as exc:
            raise WorkflowError(f"message {inbound_id} cannot be read: {exc}") from None
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="read_kept",
            reference=row.reference,
            details={"inbound_id": inbound_id},
        )
        return Kept(
            id=inbound_id,
            outcome=row.outcome,
            reason=_plain(row.reason or ""),
            sender=_plain(
                f"{email.from_name} <{email.from_addr}>" if email.from_name else email.from_addr
            ),
            subject=_plain(email.subject),
            date=email.date.isoformat(" ", "minutes") if email.date else "not given",
            attachments=tuple(_plain(a.filename) for a in email.attachments),
            text=_plain(email.text),
            about=row.reference,
            sender_agency=_sender_agency(app, email.from_addr),
            attached_to=row.attached_to,
            dismissed_reason=row.dismissed_reason,
            done_by=row.attached_by or row.dismissed_by,
            done_at=row.attached_at or row.dismissed_at,
            kind=row.kind,
            sent_at=email.date,
        )


@dataclass(frozen=True)
class Released:
    """A kept message the Business Manager released, and what became of it when it was
    routed again (its outcome, kind and reference now)."""

    id: int
    released_at: dt.datetime | None
    released_by: str
    outcome: str
    kind: str
    reference: str | None
    referral_exists: bool  # the reference is one of the board's referrals (to link to)


def released(app: context_stage.App, inbound_id: int) -> Released | None:
    """A message released and routed out of the kept mail, or None (never released, or
    kept again: a fault's message the rules then quarantined). Nothing of its words."""
    with app.reading() as uow:
        row = uow.session.get(InboundMessage, inbound_id)
        if row is None or row.released_by is None or row.outcome in ("quarantined", "held"):
            return None
        exists = row.reference is not None and (
            uow.session.exec(
                select(ReferralRow.id).where(ReferralRow.reference == row.reference)
            ).first()
            is not None
        )
        return Released(
            inbound_id,
            row.released_at,
            row.released_by,
            row.outcome,
            row.kind,
            row.reference,
            exists,
        )


def _still_kept(row: InboundMessage) -> None:
    if row.attached_to is not None:
        raise WorkflowError(f"message {row.id} is already attached to {row.attached_to}")
    if row.dismissed_at is not None:
        raise WorkflowError(f"message {row.id} was dismissed")


def _kept_row(uow: UnitOfWork, inbound_id: int) -> InboundMessage:
    row = uow.session.get(InboundMessage, inbound_id)
    if row is None or row.outcome not in ("quarantined", "held"):
        raise WorkflowError(f"no quarantined or held message with id {inbound_id}")
    _still_kept(row)
    return row


@dataclass(frozen=True)
class AttachChoice:
    """A referral a kept message may be attached to, and whether its sender's agency is on
    it (if not, attaching it needs a reason)."""

    reference: str
    senders_agency_on_it: bool


def _sender_agency(app: context_stage.App, sender: str | None) -> str | None:
    found = app.config.agency_for_email(sender) if sender else None
    return found.id if found else None


def attach_choices(app: context_stage.App, inbound_id: int) -> list[AttachChoice]:
    """The open referrals a kept message may be attached to, newest first."""
    with app.reading() as uow:
        row = uow.session.get(InboundMessage, inbound_id)
        sender = _sender_agency(app, row.sender if row else None)
        referrals = uow.session.exec(
            select(ReferralRow)
            .where(col(ReferralRow.state).not_in([s.value for s in CLOSED]))
            .order_by(col(ReferralRow.received_on).desc(), col(ReferralRow.id))
        ).all()
        return [
            AttachChoice(r.reference, sender is not None and sender in expected_agencies(uow, r))
            for r in referrals
        ]


def attach(
    app: context_stage.App, inbound_id: int, actor_id: str, reference: str, reason: str = ""
) -> str:
    """The Business Manager records a kept message against a referral as more information
    for them (it is not routed: nobody's answer or précis is taken from it). From a sender
    whose agency is not on that referral it needs the reason. Audited; the message leaves
    the kept list and goes with the referral (its subject access export, its retention).
    Returns the referral's reference."""
    app.config.business_manager(actor_id, "attach messages to a referral")
    reason = reason.strip()
    at = app.clock()
    with context_stage.work(app) as uow:
        row = _kept_row(uow, inbound_id)
        referral = uow.referrals.row(reference.strip().upper(), lock=False)
        if referral.state in {s.value for s in CLOSED}:
            raise WorkflowError(f"{referral.reference} is closed: a message is not attached to it")
        sender = _sender_agency(app, row.sender)
        on_it = sender is not None and sender in expected_agencies(uow, referral)
        if not on_it and not reason:
            raise WorkflowError(
                f"the sender's agency is not on {referral.reference}: give the reason for "
                "attaching the message to it"
            )
        was = row.reference
        row.attached_to = row.reference = referral.reference
        row.attached_at = row.released_at = at
        row.attached_by = actor_id
        row.attached_reason = reason or None
        uow.session.add(row)
        details: dict[str, object] = {"inbound_id": inbound_id, "senders_agency_on_it": on_it}
        if reason:
            details["reason"] = reason
        if was and was != referral.reference:
            details["was_about"] = was
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="attach_inbound",
            reference=referral.reference,
            details=details,
        )
        return referral.reference


def dismiss(app: context_stage.App, inbound_id: int, actor_id: str, reason: str) -> None:
    """The Business Manager dismisses a kept message with a reason: it leaves the kept list
    and stays in the store, with the reason and who dismissed it (never deleted; the
    retention rules empty it in time as any quarantined message). Audited."""
    app.config.business_manager(actor_id, "dismiss messages")
    reason = reason.strip()
    if not reason:
        raise WorkflowError("give the reason for dismissing the message")
    at = app.clock()
    with context_stage.work(app) as uow:
        row = _kept_row(uow, inbound_id)
        row.dismissed_at = row.released_at = at
        row.dismissed_by, row.dismissed_reason = actor_id, reason
        uow.session.add(row)
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="dismiss_inbound",
            reference=row.reference,
            details={"inbound_id": inbound_id, "reason": reason},
        )


@dataclass(frozen=True)
class Attached:
    """A message attached to a referral, as its page lists it."""

    id: int
    sender: str
    received_at: dt.datetime
    attached_at: dt.datetime
    attached_by: str
    reason: str | None


_ATTACHED = (  # built once: read on every view of a referral's page, without the messages
    select(InboundMessage)
    .options(defer(cast(QueryableAttribute[Any], InboundMessage.raw)))
    .where(InboundMessage.attached_to == bindparam("reference"))
    .order_by(col(InboundMessage.id))
)


def attached_to(
    app: context_stage.App, reference: str, uow: UnitOfWork | None = None
) -> list[Attached]:
    """The messages attached to a referral (within the caller's unit of work if given);
    their headers, never the messages themselves."""
    with context_stage.work(app, uow) as uow:
        rows = uow.session.exec(_ATTACHED, params={"reference": reference}).all()
        return [
            Attached(
                r.id or 0,
                _plain(r.sender or "no sender"),
                r.received_at,
                r.attached_at or r.received_at,
                r.attached_by or "",
                r.attached_reason,
            )
            for r in rows
        ]
