"""The chain a message passes through once it is recorded and the rules let it in, in the
Mailman manner: each step looks at the message and either routes it (a Result) or passes it
on. The order is the rule: an action plan update names its actions "SCR-2026-001/2" and is
about the plan, not the case, so it comes before the reference codes; a case's mail comes
before anything that looks like a new referral."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlmodel import select

from ...intake.formparse import extract_form
from ...mail.replies import latest_reply
from ...outbox.compose import answered_by
from ...store.tables import AgendaItem
from ...store.tables import Referral as ReferralRow
from ...workflow.actions import parse_ratings
from .. import actionplans, meetings, referrals
from .answers import answer_subject, attachment_notes, written_on
from .casemail import about_referral
from .incoming import Incoming
from .result import Result

REFERRAL_WORDS = re.compile(r"\b(referral|refer|scr\s+referral|serious case review)\b", re.I)
AGENDA_WORDS = re.compile(r"\bagenda\s+item\b", re.I)
FORM_FIELDS = 3  # fields read from a form that make a message a referral without the word

Step = Callable[[Incoming], "Result | None"]


def route(msg: Incoming) -> Result:
    """The first step that takes the message decides what becomes of it."""
    for step in STEPS:
        result = step(msg)
        if result is not None:
            return result
    raise AssertionError("the last step takes every message")


def action_plan_update(msg: Incoming) -> Result | None:
    """An agency's reply about its actions: held for the Business Manager, who applies the
    ratings read from it (codes and ratings only in the record: the notes are its words)."""
    agency = actionplans.update_from(msg.uow.session, msg.config, msg.email)
    if agency is None:
        return None
    msg.answers.notice(
        answer_subject(msg.email.subject),
        "Thank you: your action plan update has reached the Business Manager, who records "
        "the ratings.",
    )
    owner = msg.config.agency(agency)
    read = parse_ratings(latest_reply(msg.email.text))
    return Result(
        "-",
        "action_update",
        "held",
        None,
        f"action plan update for {owner.name if owner else agency}"
        + (f"; read as {', '.join(f'{r.key} {r.rag.value}' for r in read)}" if read else ""),
    )


def case_mail(msg: Incoming) -> Result | None:
    """Mail naming a reference code (or threaded on our mail about a referral)."""
    reference = find_reference(msg)
    if reference is None:
        return None
    row = msg.uow.session.exec(
        select(ReferralRow).where(ReferralRow.reference == reference)
    ).first()
    if row is None:
        msg.answers.notice(
            answer_subject(msg.email.subject),
            f"We could not find a referral with the reference code {reference}. Please check "
            "the code and send it again.",
        )
        return Result("-", "unrelated", "held", reference, "unknown reference code")
    return about_referral(msg, row)


def find_reference(msg: Incoming) -> str | None:
    """The reference code the message is about: in its subject or its own words, or the
    referral of our message it answers."""
    prefix = re.escape(msg.config.reference_prefix)
    pattern = re.compile(rf"\b{prefix}-(\d{{4}})-(\d{{3,}})\b", re.I)
    for text in (msg.email.subject, latest_reply(msg.email.text)[:4000]):
        match = pattern.search(text or "")
        if match:
            return match.group(0).upper()
    answered = answered_by(msg.uow.session, msg.email)
    sent = next((m for m in answered if m.referral_id is not None), None)
    if sent is not None:
        row = msg.uow.session.get(ReferralRow, sent.referral_id)
        if row is not None:
            return row.reference
    return None


def agenda_item(msg: Incoming) -> Result | None:
    """An item for a meeting's agenda ("Agenda item: ..." in the subject)."""
    if not AGENDA_WORDS.search(msg.email.subject):
        return None
    app = msg.app
    slot = app.deadlines.schedule.slot_for(app.local_date(msg.at), app.today())
    meeting = meetings.meeting_row(msg.uow, app.board_id, slot.meeting.date)
    title = re.sub(AGENDA_WORDS, "", msg.email.subject).strip(" :-") or "agenda item"
    assert meeting.id is not None
    msg.uow.session.add(
        AgendaItem(
            meeting_id=meeting.id,
            kind="item",
            title=title[:200],
            submitted_by=msg.email.from_addr,
            late=slot.missed is not None,
            added_at=msg.at,
        )
    )
    msg.answers.reply(
        "agenda_item_ack", "email/agenda_item_ack.txt.j2", title=title[:200], slot=slot
    )
    return Result(
        "-",
        "agenda_item",
        "late" if slot.missed else "accepted",
        None,
        f"moved to {slot.meeting.key}" if slot.missed else "",
        meeting=slot.meeting.key,
    )


def new_referral(msg: Incoming) -> Result | None:
    """A referral form (the word in the subject, or enough of the form's fields)."""
    email = msg.email
    form = extract_form(email.text, email.attachments, email.attachment_forms)
    if not REFERRAL_WORDS.search(email.subject) and len(form.fields) < FORM_FIELDS:
        return None
    fields: dict[str, Any] = dict(form.fields)
    fields.setdefault("referrer.email", email.from_addr)
    if email.from_name:
        fields.setdefault("referrer.name", email.from_name)
    if email.attachments:
        names = [a.filename for a in email.attachments]
        fields.setdefault("attachments.documents", ", ".join(names))
        fields[referrals.ARRIVED_WITH] = names
    receipt = referrals.receive_referral(
        msg.app,
        fields,
        referrer_email=email.from_addr,
        received_at=msg.at,
        written_on=written_on(email, msg.at),
        source="email",
        uow=msg.uow,
    )
    row = msg.uow.referrals.row(receipt.reference)
    msg.answers.acknowledge(row.id, receipt, attachment_notes(email, form.unread))
    missed = receipt.slot.missed
    details = [", ".join(receipt.missing)] if receipt.missing else []
    if missed:
        details.append(f"missed the deadline for {missed.key}")
    details.extend(form.problems)
    return Result(
        "-",
        "referral",
        "incomplete" if receipt.missing else ("late" if missed else "accepted"),
        receipt.reference,
        "; ".join(details),
        list(receipt.missing),
        receipt.slot.meeting.key,
    )


def unclassified(msg: Incoming) -> Result:
    """Nothing we can act on: the sender is told what we need, a person sees it."""
    msg.answers.notice(
        answer_subject(msg.email.subject),
        "We could not tell what your message is about. To make a referral, send the "
        f"{msg.config.terms.referral_form}; about an existing referral, keep its reference "
        "code in the subject.",
    )
    return Result("-", "unrelated", "held", None, "no reference code and no referral form")


STEPS: tuple[Step, ...] = (action_plan_update, case_mail, agenda_item, new_referral, unclassified)
