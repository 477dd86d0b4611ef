"""One message, one transaction: recorded under the mailbox's key with what became of it,
duplicates known by their content, the intake rules and the documents read, then the chain
of steps (`steps.route`); a person is told at once of what waits for them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, or_
from sqlmodel import col, select

from ... import chatqueue, links
from ...intake import rules
from ...intake.formparse import ExtractedForm
from ...intake.sandbox import KeptUnread, read_attachments
from ...mail.parse import InboundEmail, ParseError, content_digest, parse_email
from ...store import audit
from ...store.tables import ChatMessage, InboundMessage
from ...store.uow import UnitOfWork
from ...workflow.config import BoardConfig
from .. import context as context_stage
from . import reasons
from .incoming import Incoming
from .result import Result, arrival
from .steps import route


def handle(
    app: context_stage.App,
    key: str,
    raw: bytes,
    *,
    arrived: dt.datetime | None = None,
    trusted: bool = False,
    row: InboundMessage | None = None,
) -> Result:
    """`arrived`: when the mail server received it. Its deadlines count from then, not from
    when it is read: mail read after an outage was on time if it came on time. `row`: a kept
    message routed again; `trusted`: the Business Manager vouched for it."""
    now = app.clock()
    at = arrival(arrived if row is None else row.received_at, now)
    digest = content_digest(raw)
    with app.uow() as uow:
        record = (
            uow.session.merge(row)
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
        result = decide(app, uow, record, raw, digest, trusted, at)
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
            actor=audit_actor(app.config, record.sender),
            action="inbound",
            reference=result.reference,
            details={"inbound_id": record.id, "kind": result.kind, "outcome": result.outcome},
        )
        if not trusted:
            _tell_business_manager(app, uow, record, result, now)
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


def decide(
    app: context_stage.App,
    uow: UnitOfWork,
    record: InboundMessage,
    raw: bytes,
    digest: str,
    trusted: bool,
    at: dt.datetime,
) -> Result:
    """Parsed, checked against what came before and the rules, its documents read; then
    routed. A released message skips the checks the Business Manager vouched for."""
    config, key = app.config, record.mailbox_key
    try:
        email = parse_email(raw, config.mailbox.max_message_bytes)
    except ParseError as exc:
        return Result(key, "unknown", "quarantined", None, str(exc))
    record.sender, record.message_id = email.from_addr, email.message_id
    if not trusted:
        refused = _seen_before(uow, record, digest) or _refused_by_rules(email, config, key)
        if refused is not None:
            return refused
    try:
        email.attachment_forms = read_attachments(email.attachments, config.mailbox.read_seconds)
    except KeptUnread as exc:
        return Result(key, "unknown", "quarantined", None, str(exc))
    if not trusted:  # what reading the documents found: the rules at every depth
        found = inside_documents(email.attachment_forms, config)
        if found is not None:
            return Result(key, "unknown", "quarantined", None, found)
    return route(Incoming(app, uow, email, at, trusted))


def _seen_before(uow: UnitOfWork, record: InboundMessage, digest: str) -> Result | None:
    """The same content delivered again, or another content under a Message-ID we have:
    one read, the same content first."""
    key = record.mailbox_key
    content = col(InboundMessage.content_hash) == digest
    same = content
    if record.message_id:
        same = or_(content, col(InboundMessage.message_id) == record.message_id)
    earlier = uow.session.exec(
        select(
            InboundMessage.id,
            InboundMessage.kind,
            InboundMessage.reference,
            InboundMessage.content_hash,
        )
        .where(same, col(InboundMessage.id).is_not(None), InboundMessage.mailbox_key != key)
        .order_by(case((content, 0), else_=1), col(InboundMessage.id))
        .limit(1)
    ).first()
    if earlier is None:
        return None
    earlier_id, kind, reference, content_hash = earlier
    if content_hash == digest:
        record.duplicate_of = earlier_id
        return Result(key, kind, "duplicate", reference, "the same message was delivered before")
    return Result(
        key,
        "unknown",
        "quarantined",
        None,
        "reuses the Message-ID of an earlier message with different content",
    )


def _refused_by_rules(email: InboundEmail, config: BoardConfig, key: str) -> Result | None:
    hit = rules.check(email, config)
    if hit is None:
        return None
    outcome = {"ignore": "ignored", "hold": "held"}.get(hit.outcome, "quarantined")
    return Result(key, hit.kind, outcome, hit.reference, hit.reason)


def inside_documents(forms: list[ExtractedForm], config: BoardConfig) -> str | None:
    """Active content found while reading (a PDF's JavaScript), or a file inside a forwarded
    or Outlook message that the attachment rules refuse at the top level."""
    for form in forms:
        if form.dangers:
            return form.dangers[0]
    inner = [a for form in forms for a in form.inner]
    return rules.attachment_problem(inner, config) if inner else None


def audit_actor(config: BoardConfig, sender: str | None) -> str:
    """Who sent it, as the audit log (kept whole for ever) may say: a board person's or an
    agency's address, never a stranger's, whose address goes with the quarantined mail."""
    if sender and (config.person_by_email(sender) or config.agency_for_email(sender)):
        return sender
    return "outside sender" if sender else "mailbox"


def _tell_business_manager(
    app: context_stage.App,
    uow: UnitOfWork,
    record: InboundMessage,
    result: Result,
    now: dt.datetime,
) -> None:
    """What waits for a person is said now, with the page where they act, not when the
    Business Manager next happens to look."""
    config, number = app.config, record.id
    if result.outcome == "held" and result.reference:
        said = (
            f"A message about {result.reference} is held for you, number {number} "
            f"({result.detail}). Read it, then release it or answer it by hand: "
            f"{links.kept_message(config, number)}."
        )
    elif result.outcome == "held" and result.kind == rules.AUTOMATIC_REFERRAL:
        # Sent automatically (a form tool, a list), so never answered (RFC 3834), yet it may
        # be a referral: a person must see it.
        said = (
            f"A message is held for you, number {number} ({result.detail}); nobody has been "
            "answered. Read it; releasing it routes it as a referral: "
            f"{links.kept_message(config, number)}."
        )
    elif result.kind == "action_update":
        what, _, read = (result.detail or "").partition("; read as ")
        if read:
            said = (
                f"An {what} is held for you, number {number}: applying it records the ratings "
                f"read ({read}). Read and apply it on {links.action_update(config, number)}."
            )
        else:
            said = (
                f"An {what} is held for you, number {number}: no rating could be read in it. "
                f"Read it and rate each action on {links.action_update(config, number)}."
            )
    elif result.outcome == "quarantined":
        # Chat may show a message's number, a reference code and our own words only: the
        # sender's address, the subject and a file's name may carry a child's name (and a
        # stranger's words never reach chat). The sender is not answered (no backscatter).
        why = reasons.category(result.detail, result.kind)
        genuine = why != reasons.NOT_GENUINE  # a forged From names nobody
        sender = _sender(config, record.sender if genuine else None, known=genuine)
        stranger = sender.startswith(("a sender", "an unknown"))
        if stranger and _told_of_quarantine_within(uow, now, STRANGERS_EVERY):
            return  # anyone can send mail: one notice an hour, the pipeline counts the rest
        about = f" about {result.reference}" if result.reference else ""
        said = (
            f"A message{about} from {sender} is {KEPT_IN_QUARANTINE} for you, number "
            f"{number}: {why}. Nobody has been answered. Read it, then release it if you know "
            "who sent it and it should go through, attach it to a referral or dismiss it: "
            f"{links.kept_message(config, number)}."
            + (" Messages from strangers that come within the hour are not told one by one: "
            "the pipeline counts them." if stranger else "")
        )  # fmt: skip
    else:
        return
    chatqueue.tell_business_manager(uow.session, config, now, said)


KEPT_IN_QUARANTINE = "kept in quarantine"  # the notice's words, found again by the next
STRANGERS_EVERY = dt.timedelta(hours=1)


def _told_of_quarantine_within(uow: UnitOfWork, now: dt.datetime, within: dt.timedelta) -> bool:
    """Whether the Business Manager was told of mail kept in quarantine this past while."""
    found = uow.session.exec(
        select(ChatMessage.id).where(
            ChatMessage.kind == "notice",
            col(ChatMessage.created_at) >= now - within,
            col(ChatMessage.text).contains(KEPT_IN_QUARANTINE),
        )
    ).first()
    return found is not None


def _sender(config: BoardConfig, sender: str | None, *, known: bool = True) -> str:
    """Who sent a kept message, as chat may say it: a board person's name or an agency's,
    never an address (a stranger's may be a person's name at a personal domain); `known`
    False when the From could not be confirmed as genuine (a forgery names nobody)."""
    if not known:
        return "a sender who could not be confirmed as genuine"
    person = config.person_by_email(sender) if sender else None
    if person is not None:
        return person.name
    agency = config.agency_for_email(sender) if sender else None
    if agency is not None:
        return f"someone at {agency.name}"
    return "a sender the board file does not know" if sender else "an unknown sender"
