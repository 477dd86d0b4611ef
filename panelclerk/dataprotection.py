"""Data protection: the retention rules applied (anonymise what is due, keep what the board
must), everything held about one case exported for a subject access request, and both
audited. Special category data about children: UK GDPR Article 9(2)(g) with DPA 2018
Schedule 1 paragraph 18 (safeguarding of children and individuals at risk)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, delete, func, select

from .intake.mailbox import Filing, Mailbox, MessageRef
from .intake.parse import content_digest, first_message_id, message_id_of
from .notices import rebuild_agenda_packs
from .services import App, work
from .store import audit
from .store.tables import (
    ActionItem,
    AgendaItem,
    AuditEntry,
    ChatMessage,
    Document,
    InboundMessage,
    Meeting,
    OutboundMessage,
    Precis,
    Recommendation,
    SignOff,
)
from .store.tables import Decision as DecisionRow
from .store.tables import Referral as ReferralRow
from .workflow.calendar import add_months
from .workflow.config import Retention
from .workflow.durations import Duration
from .workflow.referral import Referral

REMOVED = "[removed under the retention policy]"
ADDRESS = re.compile(r"[^\s<>@,;:]+@[^\s<>@,;:]+")


def _before(today: dt.date, limit: Duration) -> dt.date:
    if limit.unit == "months":
        return add_months(today, -limit.amount)
    days = {"days": 1, "weeks": 7, "working_days": 1}[limit.unit] * limit.amount
    return today - dt.timedelta(days=days)


@dataclass
class Purged:
    referrals: int = 0
    quarantined: int = 0
    processed: int = 0
    agenda_packs: int = 0  # rendered again without the anonymised cases' précis
    outbound: int = 0  # our messages about no case, emptied
    emptied: set[int] = field(default_factory=set)  # inbound ids whose raw content went
    emptied_sent: set[int] = field(default_factory=set)  # outbound ids emptied


def _closed_on(referral: Referral, row: ReferralRow) -> dt.date | None:
    if referral.closed:
        return row.updated_at.date()
    return None


def purge(app: App, actor_id: str = "system", dry_run: bool = False) -> Purged:
    """Anonymise closed cases past their retention and drop old raw mail; audited."""
    rules, at = app.config.retention, app.clock()
    today = app.today()
    report = Purged()
    with work(app) as uow:
        session = uow.session
        meetings: set[int] = set()  # whose agenda packs quote an anonymised case
        cutoff = _before(today, rules.closed_referrals)
        for row in session.exec(select(ReferralRow)):
            referral = uow.referrals.aggregate(row)
            closed = _closed_on(referral, row)
            if closed is None or closed > cutoff or row.form.get("_anonymised"):
                continue
            report.referrals += 1
            meetings.update(
                session.exec(
                    select(col(AgendaItem.meeting_id)).where(AgendaItem.referral_id == row.id)
                ).all()
            )
            if dry_run:
                continue
            assert row.id is not None
            row.form = {"_anonymised": at.isoformat()}
            row.referrer_email = None
            row.child_key = None
            row.missing = []
            session.add(row)
            for precis in session.exec(select(Precis).where(Precis.referral_id == row.id)):
                precis.text = precis.original = REMOVED
                precis.author_email = None
                session.add(precis)
            for rec in session.exec(
                select(Recommendation).where(Recommendation.referral_id == row.id)
            ):
                rec.text = None
                session.add(rec)
            for sign in session.exec(select(SignOff).where(SignOff.referral_id == row.id)):
                sign.rationale = REMOVED
                session.add(sign)
            for decision in session.exec(
                select(DecisionRow).where(DecisionRow.referral_id == row.id)
            ):
                decision.rationale, decision.lead_reviewer = REMOVED, None
                session.add(decision)
            session.execute(delete(Document).where(col(Document.referral_id) == row.id))
            for sent in session.exec(
                select(OutboundMessage).where(OutboundMessage.referral_id == row.id)
            ):
                # the subject too: an answer repeats the sender's ("Re: ... about <child>")
                report.emptied_sent.add(sent.id or 0)
                sent.subject = sent.text_body = REMOVED
                sent.html_body = None
                session.add(sent)
            for message in session.exec(
                select(InboundMessage).where(InboundMessage.reference == row.reference)
            ):
                report.emptied.add(message.id or 0)
                message.raw, message.sender = b"", None
                session.add(message)
            audit.append(
                session,
                at=at,
                actor=actor_id,
                action="anonymise",
                reference=row.reference,
                details={"closed": closed.isoformat()},
            )
        if meetings:
            session.flush()
            for meeting_id in sorted(meetings):
                report.agenda_packs += rebuild_agenda_packs(app, uow, meeting_id)
        for outcome, limit, counter in (
            (("quarantined", "held"), rules.quarantined_messages, "quarantined"),
            (
                ("accepted", "incomplete", "late", "duplicate", "ignored"),
                rules.processed_messages,
                "processed",
            ),
        ):
            old = _before(today, limit)
            for message in session.exec(
                select(InboundMessage).where(col(InboundMessage.outcome).in_(outcome))
            ):
                if message.raw and message.received_at.date() < old:
                    setattr(report, counter, getattr(report, counter) + 1)
                    report.emptied.add(message.id or 0)
                    if not dry_run:
                        message.raw = b""
                        if counter == "quarantined":  # a stranger's address goes too
                            message.sender = None
                            message.reason = ADDRESS.sub("[address removed]", message.reason or "")
                        session.add(message)
        # Our own mail about no case (replies to mail we could not place, reminders) is kept
        # as long as the mail it answered: its subject may repeat a sender's words.
        old = _before(today, rules.processed_messages)
        for sent in session.exec(
            select(OutboundMessage).where(
                col(OutboundMessage.referral_id).is_(None),
                OutboundMessage.status != "queued",
                col(OutboundMessage.created_at) < dt.datetime.combine(old, dt.time(), dt.UTC),
                col(OutboundMessage.text_body) != REMOVED,
            )
        ):
            report.outbound += 1
            report.emptied_sent.add(sent.id or 0)
            if not dry_run:
                sent.subject = sent.text_body = REMOVED
                sent.html_body = None
                session.add(sent)
        if not dry_run and (report.quarantined or report.processed or report.outbound):
            audit.append(
                session,
                at=at,
                actor=actor_id,
                action="purge_mail",
                details={
                    "quarantined": report.quarantined,
                    "processed": report.processed,
                    "outbound": report.outbound,
                },
            )
        if dry_run:
            uow.rollback()
    return report


@dataclass
class Cleared:
    removed: int = 0  # originals filed in the mailbox whose store copy had gone: deleted
    held: int = 0  # older than the shortest rule, but the store still holds their content
    unrecorded: int = 0  # never recorded in the store: left for a person to look at
    sent: int = 0  # the mailbox's copies of our own mail whose store copy was emptied


def _shortest(today: dt.date, rules: Retention) -> dt.datetime:
    """Mail filed before this may be due under some rule; younger mail cannot be yet."""
    latest = max(
        _before(today, limit)
        for limit in (rules.closed_referrals, rules.quarantined_messages, rules.processed_messages)
    )
    return dt.datetime.combine(latest, dt.time(), dt.UTC)


def _still_held(session: Any, where: Any) -> list[tuple[int, int]]:
    """(id, length of the raw content kept) of the store's records matching `where`."""
    query = select(col(InboundMessage.id), func.length(col(InboundMessage.raw))).where(where)
    return [(int(i), int(n or 0)) for i, n in session.exec(query).all()]


def _filed_state(
    app: App, mailbox: Filing, folder: str, ref: MessageRef, emptied: set[int]
) -> tuple[str, list[int]]:
    """Whether a filed original may go: only when the store recorded it and every record of
    it (by content, and by Message-ID) has had its content removed under the rules (or is
    in `emptied`, what a dry run of the purge would remove)."""
    with app.uow() as uow:
        listed = first_message_id(ref.message_id)
        same_id = col(InboundMessage.message_id) == listed
        if listed and any(n for i, n in _still_held(uow.session, same_id) if i not in emptied):
            return "held", []  # the cheap answer, without reading the message
        raw = mailbox.read_filed(folder, ref)
        named = message_id_of(raw)
        where = col(InboundMessage.content_hash) == content_digest(raw)
        if named:
            where = or_(where, col(InboundMessage.message_id) == named)
        records = _still_held(uow.session, where)
    if not records:
        return "unrecorded", []
    if any(n for i, n in records if i not in emptied):
        return "held", []
    return "removable", sorted(i for i, _ in records)


def clear_mailbox(
    app: App,
    mailbox: Mailbox,
    actor_id: str = "system",
    dry_run: bool = False,
    purged: Purged | None = None,
) -> Cleared:
    """The originals the monitor filed in the mailbox's Processed and Quarantine folders
    follow the store's copies: one goes once the store has removed its content under the
    retention rules (under `serve`, the same day). Audited by inbound id; mail the store
    never recorded is left alone and counted. `purged`, a dry run's report, counts what
    that purge would empty as emptied."""
    report = Cleared()
    emptied = purged.emptied if purged else set()
    emptied_sent = purged.emptied_sent if purged else set()
    if not isinstance(mailbox, Filing):  # a folder read once by `ingest`: nothing filed
        return report
    before = _shortest(app.today(), app.config.retention)
    for folder in (mailbox.processed, mailbox.quarantine):
        due: list[MessageRef] = []
        ids: list[int] = []
        for ref in mailbox.filed(folder, before):
            state, records = _filed_state(app, mailbox, folder, ref, emptied)
            if state == "removable":
                due.append(ref)
                ids += records
            else:
                setattr(report, state, getattr(report, state) + 1)
        report.removed += len(due)
        if due and not dry_run:  # audited first: a removal is never unrecorded
            _audit_cleared(app, actor_id, folder, due, "inbound_ids", ids)
            mailbox.remove_filed(folder, due)
    # Our own mail, where the mailbox keeps a copy of what it sends (Graph's Sent Items, a
    # Maildir's outbox folder): it goes once the store emptied its record. Mail a person
    # sent from the mailbox by hand has no record and is never touched.
    sent: list[MessageRef] = []
    sent_ids: list[int] = []
    with app.uow() as uow:
        for ref in mailbox.sent_copies(before):
            named = first_message_id(ref.message_id)
            ours = uow.session.exec(
                select(col(OutboundMessage.id), col(OutboundMessage.text_body) == REMOVED).where(
                    col(OutboundMessage.message_id) == named
                )
            ).all()
            if named and ours and all(gone or i in emptied_sent for i, gone in ours):
                sent.append(ref)
                sent_ids += [int(i) for i, _ in ours if i is not None]
    report.sent = len(sent)
    if sent and not dry_run:
        _audit_cleared(app, actor_id, "sent", sent, "outbound_ids", sorted(sent_ids))
        mailbox.remove_sent(sent)
    return report


def _audit_cleared(
    app: App, actor_id: str, folder: str, refs: list[MessageRef], kind: str, ids: list[int]
) -> None:
    """Committed before the removal: should the removal then fail, the next purge finds
    the same mail and records it again, so the log may repeat a removal, never miss one."""
    with work(app) as uow:
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="clear_mailbox",
            details={"folder": folder, "removed": len(refs), kind: ids},
        )


def _row(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.model_dump().items():
        if isinstance(value, bytes):
            out[key] = base64.b64encode(value).decode()
        elif isinstance(value, (dt.date, dt.datetime)):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def export(app: App, reference: str, actor_id: str) -> dict[str, Any]:
    """Everything held about one case, for a subject access request; the export is audited."""
    roles = app.config.roles_of(actor_id)
    if "business_manager" not in roles:
        from .workflow.errors import NotPermitted

        raise NotPermitted(reference.upper(), "export", actor_id, ("business_manager",))
    with work(app) as uow:
        row = uow.referrals.row(reference, lock=False)
        session = uow.session

        def rows(table: Any, column: Any) -> list[dict[str, Any]]:
            return [_row(r) for r in session.exec(select(table).where(column == row.id))]

        data = {
            "reference": row.reference,
            "exported_at": app.clock().isoformat(),
            "exported_by": actor_id,
            "referral": _row(row),
            "precis": rows(Precis, Precis.referral_id),
            "recommendations": rows(Recommendation, Recommendation.referral_id),
            "sign_offs": rows(SignOff, SignOff.referral_id),
            "decision": rows(DecisionRow, DecisionRow.referral_id),
            "documents": rows(Document, Document.referral_id),
            "actions": rows(ActionItem, ActionItem.referral_id),
            "agenda": rows(AgendaItem, AgendaItem.referral_id),
            "outbound_messages": rows(OutboundMessage, OutboundMessage.referral_id),
            "chat_messages": rows(ChatMessage, ChatMessage.referral_id),
            "inbound_messages": [
                _row(m)
                for m in session.exec(
                    select(InboundMessage).where(InboundMessage.reference == row.reference)
                )
            ],
            "audit": [
                _row(e)
                for e in session.exec(
                    select(AuditEntry)
                    .where(AuditEntry.reference == row.reference)
                    .order_by(col(AuditEntry.seq))
                )
            ],
        }
        # A meeting's agenda pack quotes this case's précis beside other cases': named here
        # (the précis themselves are above) for whoever answers the request to consider.
        data["agenda_packs"] = [
            {
                "id": document.id,
                "meeting": meeting_date.isoformat(),
                "kind": document.kind,
                "filename": document.filename,
                "created_at": document.created_at.isoformat(),
            }
            for document, meeting_date in session.exec(
                select(Document, col(Meeting.date))
                .join(Meeting, col(Meeting.id) == col(Document.meeting_id))
                .join(AgendaItem, col(AgendaItem.meeting_id) == col(Meeting.id))
                .where(AgendaItem.referral_id == row.id, col(Document.referral_id).is_(None))
                .order_by(col(Document.id))
            )
        ]
        audit.append(
            session, at=app.clock(), actor=actor_id, action="export", reference=row.reference
        )
    json.dumps(data)  # everything in it is JSON
    return data
