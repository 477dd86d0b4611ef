"""Data protection: the retention rules applied (anonymise what is due, keep what the board
must), everything held about one case exported for a subject access request, and both
audited. Special category data about children: UK GDPR Article 9(2)(g) with DPA 2018
Schedule 1 paragraph 18 (safeguarding of children and individuals at risk)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, delete, func, select

from .. import links
from ..clock import LONDON
from ..mail.mailbox import Filing, Mailbox, MessageRef
from ..mail.parse import content_digest, first_message_id, message_id_of
from ..store import audit
from ..store.tables import (
    AgendaItem,
    AuditEntry,
    AuditHead,
    Document,
    InboundMessage,
    OutboundMessage,
    Precis,
    Recommendation,
    SignOff,
)
from ..store.tables import Decision as DecisionRow
from ..store.tables import Referral as ReferralRow
from ..workflow.calendar import add_months
from ..workflow.config_service import Retention
from ..workflow.durations import Duration
from ..workflow.referral import Referral
from .agenda import rebuild_agenda_packs
from .context import App, work
from .naming import about_the_child, cleared_reason

REMOVED = "[removed under the retention policy]"
log = logging.getLogger("panelclerk.application.dataprotection")

# How far the clock may run ahead of the newest thing the store recorded before a purge
# doubts it. A sub-group that meets monthly writes something (mail in, an agenda, minutes,
# reminders) every few weeks, so a month of silence is itself unusual; and a clock wrong by
# less than a month can bring forward only by that month rules counted in months and years,
# while a clock years ahead (a dead CMOS battery, a mistyped PANELCLERK_NOW, a restored VM)
# would anonymise open years of cases at once, which no backup taken since can undo.
CLOCK_AHEAD_LIMIT = dt.timedelta(days=30)


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
    anonymised: list[str] = field(default_factory=list)  # the cases' reference codes


def _closed_on(referral: Referral, row: ReferralRow) -> dt.date | None:
    if referral.closed:
        return row.updated_at.date()
    return None


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite drops it


CONFIRM_BY_COMMAND = "run `panelclerk purge --confirm`"  # for IT at the server's shell


def clock_doubt(app: App, confirm: str = CONFIRM_BY_COMMAND) -> str | None:
    """Why the clock should not be trusted to purge, if it should not: it is more than
    CLOCK_AHEAD_LIMIT after the newest audit entry of the process (not of someone looking),
    inbound and outbound message in the store. None when it is not (or the store is empty,
    with nothing to purge). `confirm` says how to purge all the same: the command, for the
    command line's own refusal; for a person (the Business Manager told in chat, the
    console), `confirm_in_console`."""
    now = _utc(app.clock())
    newest: list[tuple[dt.datetime, str]] = []
    with app.uow() as uow:
        for column, what in (
            (AuditEntry.at, "audit entry"),
            (InboundMessage.received_at, "message received"),
            (OutboundMessage.created_at, "message sent"),
        ):
            query = select(func.max(col(column)))
            if column is AuditEntry.at:  # someone looking is no sign the clock is right
                query = query.where(col(AuditEntry.action).not_in(audit.LOOKING))
            found = uow.session.exec(query).one()
            if isinstance(found, dt.datetime):
                newest.append((_utc(found), what))
    if not newest:
        return None
    latest, what = max(newest)
    if now - latest <= CLOCK_AHEAD_LIMIT:
        return None
    return (
        f"the clock says {now:%d %b %Y %H:%M} UTC, but the newest record in the store (the "
        f"last {what}) is from {latest:%d %b %Y %H:%M} UTC, {(now - latest).days} days "
        f"earlier; a clock that far ahead would purge cases and mail before their time. "
        f"Check the machine's clock (and PANELCLERK_NOW or --today). If the clock is right "
        f"and the store has simply been quiet for {CLOCK_AHEAD_LIMIT.days} days, {confirm}"
    )


def confirm_in_console(app: App) -> str:
    """How a person purges when the clock is in doubt: on the console's page, confirmed."""
    return f"confirm the purge on {links.data_protection(app.config)}"


def scheduled_purge(app: App) -> Purged | None:
    """The daily purge under `serve`: skipped, and the Business Manager told why, when the
    clock is far ahead of the store (`clock_doubt`); the purge's report when it ran."""
    doubt = clock_doubt(app, confirm_in_console(app))
    if doubt is None:
        return purge(app)
    from .. import chatqueue

    log.warning("today's purge under the retention rules was skipped: the clock is in doubt")
    with work(app) as uow:
        chatqueue.tell_business_manager(
            uow.session,
            app.config,
            app.clock(),
            f"Today's purge under the retention rules was not run: {doubt}.",
        )
    return None


def purge(app: App, actor_id: str = "system", dry_run: bool = False) -> Purged:
    """Anonymise closed cases past their retention and drop old raw mail; audited."""
    rules, at = app.config.retention, app.clock()
    today = app.today()
    max_bytes = app.config.mailbox.max_message_bytes
    report = Purged()
    with work(app) as uow:
        session = uow.session
        if not dry_run:
            # one purge at a time (the console's and `serve`'s daily one): the audit log's
            # head row, which every audited write locks anyway, is held from the start, so a
            # second purge waits for the first and then finds nothing left to do
            session.exec(select(AuditHead).where(col(AuditHead.id) == 1).with_for_update()).first()
        meetings: set[int] = set()  # whose agenda packs quote an anonymised case
        cutoff = _before(today, rules.closed_referrals)
        for row in session.exec(select(ReferralRow)):
            referral = uow.referrals.aggregate(row)
            closed = _closed_on(referral, row)
            if closed is None or closed > cutoff or row.form.get("_anonymised"):
                continue
            report.referrals += 1
            report.anonymised.append(row.reference)
            meetings.update(
                session.exec(
                    select(col(AgendaItem.meeting_id)).where(AgendaItem.referral_id == row.id)
                ).all()
            )
            if dry_run:
                continue
            assert row.id is not None
            naming, words = about_the_child(row, max_bytes)
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
                message.reason = cleared_reason(message.reason, message.raw, max_bytes, words)
                message.raw, message.sender = b"", None
                session.add(message)
            # mail about the child that carried no reference code (a chronology sent on its
            # own, a question by name): found by the child's name, and emptied the same way
            if naming:
                for message in session.exec(
                    select(InboundMessage).where(col(InboundMessage.reference).is_(None))
                ):
                    if naming.inbound(message):
                        report.emptied.add(message.id or 0)
                        message.reason = cleared_reason(
                            message.reason, message.raw, max_bytes, words
                        )
                        message.raw, message.sender = b"", None
                        session.add(message)
                for sent in session.exec(
                    select(OutboundMessage).where(col(OutboundMessage.referral_id).is_(None))
                ):
                    if sent.text_body != REMOVED and naming.outbound(sent):
                        report.emptied_sent.add(sent.id or 0)
                        sent.subject = sent.text_body = REMOVED
                        sent.html_body = None
                        session.add(sent)
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
                if message.raw and _london_day(message.received_at) < old:
                    setattr(report, counter, getattr(report, counter) + 1)
                    report.emptied.add(message.id or 0)
                    if not dry_run:
                        # the reason goes without the file names and addresses it quoted
                        # (a chronology named after the child), read from the content first
                        message.reason = cleared_reason(message.reason, message.raw, max_bytes)
                        message.raw = b""
                        if counter == "quarantined":  # a stranger's address goes too
                            message.sender = None
                        session.add(message)
                elif not message.raw and message.reason and not dry_run:
                    # emptied before reasons were cleared too: what can still be found goes
                    cleaned = cleared_reason(message.reason, b"", max_bytes)
                    if cleaned != message.reason:
                        message.reason = cleaned
                        session.add(message)
        # Our own mail about no case (replies to mail we could not place, reminders) is kept
        # as long as the mail it answered: its subject may repeat a sender's words.
        old = _before(today, rules.processed_messages)
        for sent in session.exec(
            select(OutboundMessage).where(
                col(OutboundMessage.referral_id).is_(None),
                col(OutboundMessage.status).not_in(("queued", "sending")),
                col(OutboundMessage.created_at) < _london_midnight(old),
                col(OutboundMessage.text_body) != REMOVED,
            )
        ):
            report.outbound += 1
            report.emptied_sent.add(sent.id or 0)
            if not dry_run:
                sent.subject = sent.text_body = REMOVED
                sent.html_body = None
                session.add(sent)
        # Every run is recorded, something due or not: the day's entry is also what tells the
        # next run that the clock moves on by days, not years (clock_doubt).
        if not dry_run:
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
    return _london_midnight(latest)


def _london_day(at: dt.datetime) -> dt.date:
    """The date in London of a stored moment (kept in UTC, without its zone): the rules'
    cut-offs are London dates, so a UTC date would be an hour off in summer time."""
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(LONDON).date()


def _london_midnight(day: dt.date) -> dt.datetime:
    """The first moment of `day` in London, in UTC, to compare stored moments with."""
    return dt.datetime.combine(day, dt.time(), LONDON).astimezone(dt.UTC)


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
