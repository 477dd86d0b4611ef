"""From one message in the mailbox to one workflow step, in one transaction.

The message is recorded in `inbound_message` under the mailbox's own key in the same commit
as its effect (a referral, a précis, an agenda item) and the acknowledgement queued in the
outbox; the mailbox is told it was processed only after that commit. A crash in between
leaves a message that the next pass finds already recorded: it is moved, not applied again.

A message that our own code fails on (a fault, not bad input we recognise) is tried again on
the next passes in case the fault was passing; after FAULT_TRIES it is quarantined whole with
the fault's type and place, and the Business Manager is told in chat. A fault in the store
itself (locked, unreachable) leaves the mail waiting however long it lasts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from ... import chatqueue, faults, links
from ...intake import rules
from ...intake.formparse import ExtractedForm, extract_form
from ...intake.sandbox import KeptUnread, read_attachments
from ...mail.mailbox import Mailbox, MessageRef
from ...mail.parse import InboundEmail, ParseError, content_digest, parse_email, sender_of
from ...mail.replies import latest_reply
from ...nlp.recommend import classify
from ...outbox.compose import answered_by
from ...store import audit
from ...store.tables import AgendaItem, InboundMessage, MailAttempt, OutboundMessage, Precis
from ...store.tables import Referral as ReferralRow
from ...store.uow import UnitOfWork
from ...workflow.actions import parse_ratings
from ...workflow.errors import WorkflowError
from ...workflow.forms import label
from ...workflow.lifecycle import State
from .. import actionplans, meetings, notifications, recommendations, referrals
from .. import context as context_stage
from .. import precis as precis_stage
from .result import Result, arrival

log = logging.getLogger("panelclerk.intake")

REFERRAL_WORDS = re.compile(r"\b(referral|refer|scr\s+referral|serious case review)\b", re.I)
AGENDA_WORDS = re.compile(r"\bagenda\s+item\b", re.I)
FAULT_TRIES = 3


class Router:
    def __init__(self, app: context_stage.App) -> None:
        self.app = app
        self.config = app.config
        prefix = re.escape(self.config.reference_prefix)
        self.reference_pattern = re.compile(rf"\b{prefix}-(\d{{4}})-(\d{{3,}})\b", re.I)
        self.left_before_start = 0

    # ---- the pass over a mailbox ----------------------------------------------------

    def process(self, mailbox: Mailbox, ref: MessageRef) -> Result:
        with self.app.uow() as uow:
            existing = uow.session.exec(
                select(InboundMessage).where(InboundMessage.mailbox_key == ref.key)
            ).first()
            if existing is not None:
                result = Result(
                    ref.key,
                    existing.kind,
                    "already_processed",
                    existing.reference,
                    f"recorded earlier as {existing.outcome}",
                )
                quarantined = existing.outcome == "quarantined"
        if existing is None:
            raw = mailbox.fetch(ref)
            tries = self._begin(ref.key)
            if tries > FAULT_TRIES:  # each earlier try died with the process: not again
                result = self._quarantine_fault(
                    ref.key,
                    raw,
                    ref.arrived,
                    f"reading it stopped panelclerk {tries - 1} times (the process was "
                    "killed or ran out of memory); kept whole and unread",
                    "stopped the process",
                )
            else:
                try:
                    result = self.handle(ref.key, raw, arrived=ref.arrived)
                except IntegrityError:
                    # Another worker recorded the same key first: it is theirs to apply.
                    self._end(ref.key)
                    return Result(
                        ref.key, "unknown", "already_processed", None, "recorded by another pass"
                    )
                except Exception as exc:
                    # Out of memory is this message's doing (a header or a document built to
                    # exhaust the parser), not a passing fault of the machine.
                    if faults.transient(exc) and not isinstance(exc, MemoryError):
                        self._end(ref.key, give_back=True)  # the store's fault, not its
                        raise
                    result = self._fault(ref.key, raw, exc, ref.arrived, tries)
                    if result.outcome == "error":
                        return result
        self._end(ref.key)
        quarantined = result.outcome == "quarantined"
        mailbox.mark_processed(ref, quarantined=quarantined)
        log.info(
            "inbound %s kind=%s outcome=%s reference=%s",
            _short(ref.key),
            result.kind,
            result.outcome,
            result.reference or "-",
        )
        return result

    def _begin(self, key: str) -> int:
        """Count this try in the store before the message is read: a try that kills the
        process is counted all the same. Returns the tries so far, this one included."""
        with self.app.uow() as uow:
            attempt = uow.session.get(MailAttempt, key) or MailAttempt(mailbox_key=key)
            attempt.tries += 1
            attempt.updated_at = self.app.clock()
            uow.session.add(attempt)
            uow.commit()
            return attempt.tries

    def _end(self, key: str, *, give_back: bool = False, fault: str | None = None) -> None:
        """The try is over: recorded (the count goes), failed on the store (given back: the
        message did nothing wrong), or failed in our code (kept, with the fault)."""
        with contextlib.suppress(*faults.TRANSIENT), self.app.uow() as uow:
            attempt = uow.session.get(MailAttempt, key)
            if attempt is None:
                return
            if fault is not None:
                attempt.last_fault = fault[:255]
                uow.session.add(attempt)
            elif give_back and attempt.tries > 1:
                attempt.tries -= 1
                uow.session.add(attempt)
            else:
                uow.session.delete(attempt)
            uow.commit()

    def run_once(self, mailbox: Mailbox) -> list[Result]:
        # A meeting cancelled since, by another process; with the store down, each message
        # below is left waiting anyway, so the schedule as it was is good enough.
        with contextlib.suppress(*faults.TRANSIENT):
            self.app.refresh_meetings()
        out = []
        refs = self.after_start(mailbox.list_new())
        for ref in refs:
            try:
                out.append(self.process(mailbox, ref))
            except Exception as exc:
                fault = faults.describe(exc)
                log.error(
                    "inbound %s could not be processed (%s); left in the mailbox",
                    _short(ref.key),
                    fault,
                )
                out.append(
                    Result(
                        ref.key,
                        "unknown",
                        "error",
                        None,
                        f"left in the mailbox for the next pass ({fault})",
                    )
                )
        if all(r.outcome != "error" for r in out):
            done = getattr(mailbox, "batch_done", None)  # a cursor moves on only when all
            if done is not None:  # were recorded (Graph's delta link, EWS's sync state)
                done()
        return out

    def after_start(self, refs: list[MessageRef]) -> list[MessageRef]:
        """The messages that arrived on or after `mailbox.start_from`; older ones are left
        untouched in the mailbox (one whose arrival the server does not say is read)."""
        start = self.config.mailbox.start_from
        if start is None:
            return refs
        keep = [r for r in refs if r.arrived is None or self.app.local_date(r.arrived) >= start]
        if len(refs) - len(keep) != self.left_before_start:  # said once, not every pass
            self.left_before_start = len(refs) - len(keep)
            log.info(
                "%d messages arrived before start_from %s: left where they are",
                self.left_before_start,
                start.isoformat(),
            )
        return keep

    # ---- a fault in our code -----------------------------------------------------------

    def _fault(
        self, key: str, raw: bytes, exc: Exception, arrived: dt.datetime | None, tries: int
    ) -> Result:
        fault = faults.describe(exc)
        if tries < FAULT_TRIES:
            self._end(key, fault=fault)
            log.error(
                "inbound %s: %s on try %d of %d; left for the next pass",
                _short(key),
                fault,
                tries,
                FAULT_TRIES,
            )
            return Result(
                key, "unknown", "error", None, f"left in the mailbox for the next pass ({fault})"
            )
        reason = f"could not be processed ({tries} tries): a fault in panelclerk, {fault}"
        return self._quarantine_fault(key, raw, arrived, reason, fault)

    def _quarantine_fault(
        self, key: str, raw: bytes, arrived: dt.datetime | None, reason: str, fault: str
    ) -> Result:
        """Keep a message our code cannot get through, whole, and tell the Business
        Manager; nobody is answered. It is not parsed again here: that may be what failed."""
        sender = sender_of(raw)  # who sent it, for the quarantine list only
        at = self.app.clock()
        with self.app.uow() as uow:
            record = InboundMessage(
                mailbox_key=key,
                content_hash=content_digest(raw),
                raw=raw,
                size=len(raw),
                sender=sender,
                kind="fault",
                outcome="quarantined",
                reason=reason,
                received_at=arrival(arrived, at),
            )
            uow.session.add(record)
            uow.session.flush()
            audit.append(
                uow.session,
                at=at,
                actor=self._audit_actor(sender),
                action="inbound",
                details={
                    "inbound_id": record.id,
                    "kind": "fault",
                    "outcome": "quarantined",
                    "fault": fault,
                },
            )
            chatqueue.tell_business_manager(
                uow.session,
                self.config,
                at,
                f"A message in the mailbox could not be processed ({fault}). It is kept "
                f"whole in quarantine as number {record.id} and nobody has been answered. "
                "Once the fault is mended, releasing it routes it again: "
                f"{links.kept_message(self.config, record.id)}.",
            )
            uow.commit()
        log.error("inbound %s quarantined: %s", _short(key), fault)
        return Result(key, "fault", "quarantined", None, reason)

    # ---- one message, one transaction -----------------------------------------------

    def handle(
        self,
        key: str,
        raw: bytes,
        *,
        arrived: dt.datetime | None = None,
        trusted: bool = False,
        row: InboundMessage | None = None,
    ) -> Result:
        """`arrived`: when the mail server received it. Its deadlines count from then, not
        from when it is read: mail read after an outage was on time if it came on time."""
        app, _config = self.app, self.config
        now = app.clock()
        at = arrival(arrived if row is None else row.received_at, now)
        digest = content_digest(raw)
        with app.uow() as uow:
            record = (
                row
                if row is not None
                else InboundMessage(
                    mailbox_key=key,
                    content_hash=digest,
                    raw=raw,
                    size=len(raw),
                    outcome="pending",
                    received_at=at,
                )
            )
            if row is not None:
                record = uow.session.merge(row)
            result = self._decide(uow, record, raw, digest, trusted, at)
            record.kind, record.outcome = result.kind, result.outcome
            record.reference = result.reference
            record.reason = result.detail or None
            if trusted:
                record.released_at = now
            uow.session.add(record)
            uow.session.flush()
            audit.append(
                uow.session,
                at=now,
                actor=self._audit_actor(record.sender),
                action="inbound",
                reference=result.reference,
                details={"inbound_id": record.id, "kind": result.kind, "outcome": result.outcome},
            )
            if result.outcome == "held" and result.reference and not trusted:
                # A case's mail the monitor could not act on waits for a person: say so now,
                # not when the Business Manager next happens to run `status`.
                chatqueue.tell_business_manager(
                    uow.session,
                    self.config,
                    now,
                    f"A message about {result.reference} is held for you, number {record.id} "
                    f"({result.detail}). Read it, then release it or answer it by hand: "
                    f"{links.kept_message(self.config, record.id)}.",
                )
            elif result.outcome == "held" and result.kind == rules.AUTOMATIC_REFERRAL:
                # Sent automatically (a form tool, a list), so never answered (RFC 3834), yet it
                # may be a referral: a person must see it.
                chatqueue.tell_business_manager(
                    uow.session,
                    self.config,
                    now,
                    f"A message is held for you, number {record.id} ({result.detail}); nobody "
                    "has been answered. Read it; releasing it routes it as a referral: "
                    f"{links.kept_message(self.config, record.id)}.",
                )
            elif result.kind == "action_update" and not trusted:
                what, _, read = (result.detail or "").partition("; read as ")
                then = (
                    f"`panelclerk actions apply {record.id}` records the ratings read ({read})"
                    if read
                    else "then record each rating with `panelclerk actions rate`"
                )
                chatqueue.tell_business_manager(
                    uow.session,
                    self.config,
                    now,
                    f"An {what} is held for you, number {record.id}: read it with "
                    f"`panelclerk quarantine show {record.id}`; {then}.",
                )
            uow.commit()
        return Result(
            key,
            result.kind,
            result.outcome,
            result.reference,
            result.detail,
            result.missing,
            result.meeting,
        )

    def _audit_actor(self, sender: str | None) -> str:
        """Who sent it, as the audit log (kept whole for ever) may say: a board person's or an
        agency's address, never a stranger's, whose address goes with the quarantined mail."""
        if sender and (self.config.person_by_email(sender) or self.config.agency_for_email(sender)):
            return sender
        return "outside sender" if sender else "mailbox"

    def _decide(
        self,
        uow: UnitOfWork,
        record: InboundMessage,
        raw: bytes,
        digest: str,
        trusted: bool,
        at: dt.datetime,
    ) -> Result:
        key = record.mailbox_key
        try:
            email = parse_email(raw, self.config.mailbox.max_message_bytes)
        except ParseError as exc:
            return Result(key, "unknown", "quarantined", None, str(exc))
        record.sender, record.message_id = email.from_addr, email.message_id
        if not trusted:
            earlier = uow.session.exec(
                select(InboundMessage).where(
                    InboundMessage.content_hash == digest,
                    col(InboundMessage.id).is_not(None),
                    InboundMessage.mailbox_key != key,
                )
            ).first()
            if earlier is not None:
                record.duplicate_of = earlier.id
                return Result(
                    key,
                    earlier.kind,
                    "duplicate",
                    earlier.reference,
                    "the same message was delivered before",
                )
            if email.message_id:
                reused = uow.session.exec(
                    select(InboundMessage).where(
                        InboundMessage.message_id == email.message_id,
                        InboundMessage.mailbox_key != key,
                    )
                ).first()
                if reused is not None:
                    return Result(
                        key,
                        "unknown",
                        "quarantined",
                        None,
                        "reuses the Message-ID of an earlier message with different content",
                    )
            hit = rules.check(email, self.config)
            if hit is not None:
                outcome = {"ignore": "ignored", "hold": "held"}.get(hit.outcome, "quarantined")
                return Result(key, hit.kind, outcome, hit.reference, hit.reason)
        try:
            email.attachment_forms = read_attachments(
                email.attachments, self.config.mailbox.read_seconds
            )
        except KeptUnread as exc:
            return Result(key, "unknown", "quarantined", None, str(exc))
        if not trusted:  # what reading the documents found: the rules at every depth
            found = self._inside_documents(email.attachment_forms)
            if found is not None:
                return Result(key, "unknown", "quarantined", None, found)
        return self._route(uow, email, at, trusted)

    def _inside_documents(self, forms: list[ExtractedForm]) -> str | None:
        """Active content found while reading (a PDF's JavaScript), or a file inside a
        forwarded or Outlook message that the attachment rules refuse at the top level."""
        for form in forms:
            if form.dangers:
                return form.dangers[0]
        inner = [a for form in forms for a in form.inner]
        return rules.attachment_problem(inner, self.config) if inner else None

    # ---- routing ----------------------------------------------------------------------

    def _find_referral(self, uow: UnitOfWork, email: InboundEmail) -> tuple[str | None, bool]:
        """The reference code the message is about, and whether it came from threading only."""
        for text in (email.subject, latest_reply(email.text)[:4000]):
            match = self.reference_pattern.search(text or "")
            if match:
                return match.group(0).upper(), False
        answered = answered_by(uow.session, email)
        sent = next((m for m in answered if m.referral_id is not None), None)
        if sent is not None:
            row = uow.session.get(ReferralRow, sent.referral_id)
            if row is not None:
                return row.reference, True
        return None, False

    def _route(
        self, uow: UnitOfWork, email: InboundEmail, at: dt.datetime, trusted: bool = False
    ) -> Result:
        key = "-"
        # Before the reference codes: an update names its actions "SCR-2026-001/2", and is
        # about the plan, not the case's referral.
        agency = actionplans.update_from(uow.session, self.config, email)
        if agency is not None:
            self._notice(
                uow,
                email,
                at,
                _answer_subject(email.subject),
                "Thank you: your action plan update has reached the Business Manager, who "
                "records the ratings.",
            )
            owner = self.config.agency(agency)
            read = parse_ratings(latest_reply(email.text))
            return Result(
                key,
                "action_update",
                "held",
                None,
                f"action plan update for {owner.name if owner else agency}"
                # codes and ratings only: the notes are the agency's words
                + (
                    f"; read as {', '.join(f'{r.key} {r.rag.value}' for r in read)}" if read else ""
                ),
            )
        reference, _ = self._find_referral(uow, email)
        if reference:
            row = uow.session.exec(
                select(ReferralRow).where(ReferralRow.reference == reference)
            ).first()
            if row is None:
                self._notice(
                    uow,
                    email,
                    at,
                    _answer_subject(email.subject),
                    f"We could not find a referral with the reference code {reference}. "
                    "Please check the code and send it again.",
                )
                return Result(key, "unrelated", "held", reference, "unknown reference code")
            return self._about_referral(uow, email, row, at, trusted)
        if AGENDA_WORDS.search(email.subject):
            return self._agenda_item(uow, email, at)
        form = extract_form(email.text, email.attachments, email.attachment_forms)
        if REFERRAL_WORDS.search(email.subject) or len(form.fields) >= 3:
            return self._new_referral(uow, email, form, at)
        self._notice(
            uow,
            email,
            at,
            _answer_subject(email.subject),
            "We could not tell what your message is about. To make a referral, send "
            f"the {self.config.terms.referral_form}; about an existing referral, keep "
            "its reference code in the subject.",
        )
        return Result(key, "unrelated", "held", None, "no reference code and no referral form")

    def _expected_agencies(self, uow: UnitOfWork, row: ReferralRow) -> set[str]:
        precis = uow.session.exec(
            select(Precis.agency_key).where(Precis.referral_id == row.id)
        ).all()
        found = {*row.agencies_involved, *precis}
        if row.referring_agency:
            found.add(row.referring_agency)
        return found

    def _held_for_business_manager(
        self, uow: UnitOfWork, email: InboundEmail, row: ReferralRow, at: dt.datetime, why: str
    ) -> Result:
        self._notice(
            uow,
            email,
            at,
            _answer_subject(email.subject, row.reference),
            f"Thank you: your message about {row.reference} has reached the Business "
            "Manager, who will be in touch if anything more is needed.",
            referral_id=row.id,
            reference=row.reference,
        )
        return Result("-", "additional_information", "held", row.reference, why)

    def _about_referral(
        self,
        uow: UnitOfWork,
        email: InboundEmail,
        row: ReferralRow,
        at: dt.datetime,
        trusted: bool = False,
    ) -> Result:
        config, key = self.config, "-"
        dist = config.distribution
        if email.from_addr in (dist.national_panel, dist.dfe, dist.ofsted):
            body = notifications.record_statutory_response(
                self.app, row.reference, email.from_addr, latest_reply(email.text), uow=uow
            )
            return Result(key, "statutory_response", "accepted", row.reference, body)
        person = config.person_by_email(email.from_addr)
        agency = config.agency_for_email(email.from_addr)
        staff = person is not None and bool(
            {"chair", "deputy_chair", "business_manager"} & set(person.roles)
        )
        expected = self._expected_agencies(uow, row)
        if not staff and (agency is None or agency.id not in expected):
            # Never attach on a matching subject alone: that is how trackers leak cases.
            return Result(
                key,
                "unrelated",
                "quarantined",
                row.reference,
                f"about {row.reference} from {email.from_addr}, whose agency is not "
                "on that referral",
            )
        state = State(row.state)
        reply = latest_reply(email.text)
        # The Chair's question went to the referrer: the referrer's side (or the Business
        # Manager passing it on) answers it. Another agency writing meanwhile, most often
        # with the précis it was asked for, does not answer it for them.
        referrers_side = (
            staff
            or trusted  # the Business Manager vouched for it by releasing it
            or email.from_addr == (row.referrer_email or "").lower()
            or (agency is not None and agency.id == row.referring_agency)
        )
        answers = state != State.MORE_INFO_REQUESTED
        if not answers:
            replying_to = next((m.kind for m in answered_by(uow.session, email)), None)
            answers = replying_to == "more_info_request" or (
                referrers_side and replying_to not in ("precis_request", "precis_reminder")
            )
        waiting_for_precis: tuple[State, ...] = (State.ON_AGENDA, State.PRECIS_REQUESTED)
        if state == State.MORE_INFO_REQUESTED and row.paused_from in waiting_for_precis:
            waiting_for_precis += (State.MORE_INFO_REQUESTED,)
        if answers and state in (State.RECEIVED, State.INCOMPLETE, State.MORE_INFO_REQUESTED):
            if not referrers_side:
                # Another agency on the case may know more, but only the referrer (or the
                # Business Manager) says who the child is, when they were born and who
                # referred: what it sends waits for the Business Manager to add.
                return self._held_for_business_manager(
                    uow,
                    email,
                    row,
                    at,
                    f"information from {agency.name if agency else email.from_addr}, not the "
                    "referrer: for the Business Manager to add to the referral",
                )
            form = extract_form(email.text, email.attachments, email.attachment_forms)
            fields = dict(form.fields)
            if not fields and state == State.MORE_INFO_REQUESTED and reply:
                fields = {"attachments.documents": reply[:20000]}
            receipt = referrals.add_information(
                self.app, row.reference, fields, at=at, written_on=_written_on(email, at), uow=uow
            )
            self._ack(uow, email, at, row.id, receipt)
            outcome = "incomplete" if receipt.missing else "accepted"
            return Result(
                key,
                "additional_information",
                outcome,
                row.reference,
                ", ".join(receipt.missing),
                list(receipt.missing),
                receipt.slot.meeting.key,
            )
        if state in waiting_for_precis and agency is not None and agency.id in expected:
            asked = uow.session.exec(
                select(Precis).where(Precis.referral_id == row.id, Precis.agency_key == agency.id)
            ).first()
            if asked is not None:
                names = ", ".join(a.filename for a in email.attachments)
                original = email.text + (f"\n\n[attachments: {names}]" if names else "")
                # A précis is often a Word or PDF file: its text is the précis members read.
                read = email.attachment_forms or []
                files = "".join(
                    f"\n\n[{CONTROL.sub('', a.filename)[:120]}]\n{f.text[:20000]}"
                    for a, f in zip(email.attachments, read, strict=False)
                    if f.text.strip()
                )
                precis_stage.record_precis(
                    self.app,
                    row.reference,
                    agency.id,
                    ((reply or email.text).strip() + files).strip() or original,
                    author_email=email.from_addr,
                    original=original,
                    uow=uow,
                )
                notes = " ".join(_attachment_notes(email, [n for f in read for n in f.unread]))
                self._notice(
                    uow,
                    email,
                    at,
                    f"[{row.reference}] {config.terms.precis} received",
                    f"Thank you: your agency's {config.terms.precis} for "
                    f"{row.reference} is recorded and will be shared with members."
                    + (f" {notes}" if notes else ""),
                    referral_id=row.id,
                    reference=row.reference,
                )
                return Result(key, "precis", "accepted", row.reference, agency.id)
        if state in (State.DISCUSSED, State.DECISION_PENDING) and person is not None:
            guess = classify(reply, config)  # the same classifier as a reply in chat
            choice = guess.review_type if guess.confident else None
            if choice is not None:
                try:
                    recommendations.record_recommendation(
                        self.app, row.reference, person.id, choice, text=reply[:4000], uow=uow
                    )
                except WorkflowError as exc:
                    self._notice(
                        uow,
                        email,
                        at,
                        f"Re: [{row.reference}] your recommendation",
                        f"Your recommendation could not be recorded: {exc} The Business "
                        "Manager has your message.",
                        referral_id=row.id,
                        reference=row.reference,
                    )
                    return Result(key, "recommendation", "held", row.reference, str(exc))
                return Result(key, "recommendation", "accepted", row.reference, choice)
            types = ", ".join(r.label for r in config.review_types)
            self._notice(
                uow,
                email,
                at,
                f"Re: [{row.reference}] your recommendation",
                f"We could not tell which recommendation you are making for "
                f"{row.reference}. Please reply naming one of: {types}; "
                "or record it in the referral's chat thread.",
                referral_id=row.id,
                reference=row.reference,
            )
            return Result(
                key, "recommendation", "held", row.reference, "recommendation not recognised"
            )
        return self._held_for_business_manager(
            uow,
            email,
            row,
            at,
            f"message about a referral that is {self.config.state_label(state)}: for the "
            "Business Manager",
        )

    def _new_referral(
        self,
        uow: UnitOfWork,
        email: InboundEmail,
        form: ExtractedForm,
        at: dt.datetime,
    ) -> Result:
        fields, problems = dict(form.fields), form.problems
        fields.setdefault("referrer.email", email.from_addr)
        if email.from_name:
            fields.setdefault("referrer.name", email.from_name)
        if email.attachments:
            fields.setdefault(
                "attachments.documents", ", ".join(a.filename for a in email.attachments)
            )
        receipt = referrals.receive_referral(
            self.app,
            fields,
            referrer_email=email.from_addr,
            received_at=at,
            written_on=_written_on(email, at),
            source="email",
            uow=uow,
        )
        row = uow.referrals.row(receipt.reference)
        self._ack(uow, email, at, row.id, receipt, _attachment_notes(email, form.unread))
        outcome = (
            "incomplete" if receipt.missing else ("late" if receipt.slot.missed else "accepted")
        )
        detail = ", ".join(receipt.missing) if receipt.missing else ""
        if receipt.slot.missed:
            detail = (detail + "; " if detail else "") + (
                f"missed the deadline for {receipt.slot.missed.key}"
            )
        if problems:
            detail = (detail + "; " if detail else "") + "; ".join(problems)
        return Result(
            "-",
            "referral",
            outcome,
            receipt.reference,
            detail,
            list(receipt.missing),
            receipt.slot.meeting.key,
        )

    def _agenda_item(self, uow: UnitOfWork, email: InboundEmail, at: dt.datetime) -> Result:
        app = self.app
        slot = app.deadlines.schedule.slot_for(app.local_date(at), app.today())
        meeting = meetings.meeting_row(uow, app.board_id, slot.meeting.date)
        title = re.sub(AGENDA_WORDS, "", email.subject).strip(" :-") or "agenda item"
        assert meeting.id is not None
        uow.session.add(
            AgendaItem(
                meeting_id=meeting.id,
                kind="item",
                title=title[:200],
                submitted_by=email.from_addr,
                late=slot.missed is not None,
                added_at=at,
            )
        )
        self._reply(
            uow,
            email,
            at,
            "agenda_item_ack",
            "email/agenda_item_ack.txt.j2",
            title=title[:200],
            slot=slot,
        )
        return Result(
            "-",
            "agenda_item",
            "late" if slot.missed else "accepted",
            None,
            f"moved to {slot.meeting.key}" if slot.missed else "",
            meeting=slot.meeting.key,
        )

    # ---- replies to the sender ----------------------------------------------------------

    def _reply(
        self,
        uow: UnitOfWork,
        email: InboundEmail,
        at: dt.datetime,
        kind: str,
        template: str,
        referral_id: int | None = None,
        **context: Any,
    ) -> None:
        """One email back to the sender, threaded on their message, in this transaction;
        once: a message routed again (released by the Business Manager) is not answered
        twice the same way about the same referral. Another message under the same
        Message-ID (a mail system that reuses them, released from quarantine) makes a
        referral of its own, and its sender is told that referral's code."""
        same_case = (
            OutboundMessage.referral_id == referral_id
            if referral_id is not None
            else col(OutboundMessage.referral_id).is_(None)
        )
        if (
            email.message_id
            and uow.session.exec(
                select(OutboundMessage.id).where(
                    OutboundMessage.in_reply_to == email.message_id,
                    OutboundMessage.kind == kind,
                    same_case,
                )
            ).first()
        ):
            return
        self.app.queue_email(
            uow,
            template,
            kind=kind,
            recipients=[email.from_addr],
            referral_id=referral_id,
            in_reply_to=email.message_id,
            at=at,
            **context,
        )

    def _ack(
        self,
        uow: UnitOfWork,
        email: InboundEmail,
        at: dt.datetime,
        referral_id: int | None,
        receipt: referrals.Receipt,
        notes: Sequence[str] = (),
    ) -> None:
        self._reply(
            uow,
            email,
            at,
            "acknowledgement",
            "email/acknowledgement.txt.j2",
            referral_id,
            reference=receipt.reference,
            slot=receipt.slot,
            notes=list(notes),
            missing=[
                f"{label(f)} ({receipt.unreadable[f]})" if f in receipt.unreadable else label(f)
                for f in receipt.missing
            ],
        )

    def _notice(
        self,
        uow: UnitOfWork,
        email: InboundEmail,
        at: dt.datetime,
        subject: str,
        message: str,
        referral_id: int | None = None,
        reference: str | None = None,
    ) -> None:
        self._reply(
            uow,
            email,
            at,
            "notice",
            "email/notice.txt.j2",
            referral_id,
            subject=re.sub(r"[\x00-\x1f\x7f]", " ", subject),
            message=message,
            reference=reference,
        )


def _short(key: str) -> str:
    return key if len(key) <= 48 else key[:20] + "…" + key[-20:]


def _answer_subject(subject: str, reference: str | None = None) -> str:
    """Our answer's subject: theirs, with the reference code kept in it and one "Re:"."""
    subject = re.sub(r"^((re|fw|fwd|aw)\s*:\s*)+", "", subject.strip(), flags=re.I)[:150]
    if reference is None or reference in subject:
        return f"Re: {subject}"
    return f"Re: [{reference}] {subject}"


CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MENTIONS_ATTACHMENT = re.compile(r"\b(attached|attach|attachments?|enclosed)\b", re.I)


def _attachment_notes(email: InboundEmail, unread: Sequence[str]) -> list[str]:
    """What the sender is told about their files: the ones that could not be read (by name,
    as they sent it), or that the email speaks of an attachment and none came with it."""
    names = dict.fromkeys(CONTROL.sub("", name)[:120] for name in unread)
    notes = [
        f'We could not read the attached file "{name}". Please send it as a Word (.docx) '
        "or PDF file, or in the body of the email."
        for name in names
    ]
    if not email.attachments and MENTIONS_ATTACHMENT.search(email.text[:5000]):
        notes.append(
            "Your email mentions an attachment, but none came with it. Please send it again."
        )
    return notes


def _written_on(email: InboundEmail, at: dt.datetime) -> dt.date | None:
    """The day the sender wrote the message, from its Date header, for "last Tuesday". The
    header is the sender's word, so it counts only within a week before arrival."""
    if email.date is None or email.date.tzinfo is None:
        return None
    if not at - dt.timedelta(days=7) <= email.date <= at:
        return None
    return context_stage.App.local_date(email.date)
