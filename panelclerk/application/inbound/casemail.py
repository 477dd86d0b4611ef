"""Mail about a referral already open: who may write about it, and what each state does with
what they send (the statutory bodies' answers, the referrer's missing information, an agency's
précis, a member's recommendation); anything else waits for the Business Manager."""

from __future__ import annotations

from sqlmodel import select

from ...intake.formparse import extract_form
from ...mail.replies import latest_reply
from ...nlp.recommend import classify
from ...outbox.compose import answered_by
from ...store.tables import Precis
from ...store.tables import Referral as ReferralRow
from ...store.uow import UnitOfWork
from ...workflow.config import Agency, Person
from ...workflow.errors import WorkflowError
from ...workflow.lifecycle import State
from .. import notifications, recommendations, referrals
from .. import precis as precis_stage
from .answers import CONTROL, answer_subject, attachment_notes, written_on
from .incoming import Incoming
from .result import Result

STAFF_ROLES = frozenset({"chair", "deputy_chair", "business_manager"})
ASKING_MORE = (State.RECEIVED, State.INCOMPLETE, State.MORE_INFO_REQUESTED)


def about_referral(msg: Incoming, row: ReferralRow) -> Result:
    """A message naming (or threaded on) an open referral."""
    config, email = msg.config, msg.email
    dist = config.distribution
    if email.from_addr in (dist.national_panel, dist.dfe, dist.ofsted):
        body = notifications.record_statutory_response(
            msg.app, row.reference, email.from_addr, latest_reply(email.text), uow=msg.uow
        )
        return Result("-", "statutory_response", "accepted", row.reference, body)
    person = config.person_by_email(email.from_addr)
    agency = config.agency_for_email(email.from_addr)
    staff = person is not None and bool(STAFF_ROLES & set(person.roles))
    expected = expected_agencies(msg.uow, row)
    if not staff and (agency is None or agency.id not in expected):
        # Never attach on a matching subject alone: that is how trackers leak cases.
        return Result(
            "-",
            "unrelated",
            "quarantined",
            row.reference,
            f"about {row.reference} from {email.from_addr}, whose agency is not on that referral",
        )
    state = State(row.state)
    referrers_side = (
        staff
        or msg.trusted  # the Business Manager vouched for it by releasing it
        or email.from_addr == (row.referrer_email or "").lower()
        or (agency is not None and agency.id == row.referring_agency)
    )
    if state in ASKING_MORE and _answers_the_question(msg, state, referrers_side):
        return _more_information(msg, row, state, agency, referrers_side)
    if agency is not None and agency.id in expected and state in _waiting_for_precis(row):
        found = _precis(msg, row, agency)
        if found is not None:
            return found
    if state in (State.DISCUSSED, State.DECISION_PENDING) and person is not None:
        return _recommendation(msg, row, person)
    return held_for_business_manager(
        msg,
        row,
        f"message about a referral that is {config.state_label(state)}: for the Business Manager",
    )


def expected_agencies(uow: UnitOfWork, row: ReferralRow) -> set[str]:
    """The agencies that may write about a referral: involved, asked for a précis, referring."""
    precis = uow.session.exec(select(Precis.agency_key).where(Precis.referral_id == row.id)).all()
    found = {*row.agencies_involved, *precis}
    if row.referring_agency:
        found.add(row.referring_agency)
    return found


def held_for_business_manager(msg: Incoming, row: ReferralRow, why: str) -> Result:
    msg.answers.notice(
        answer_subject(msg.email.subject, row.reference),
        f"Thank you: your message about {row.reference} has reached the Business "
        "Manager, who will be in touch if anything more is needed.",
        referral_id=row.id,
        reference=row.reference,
    )
    return Result("-", "additional_information", "held", row.reference, why)


def _answers_the_question(msg: Incoming, state: State, referrers_side: bool) -> bool:
    """The Chair's question went to the referrer: the referrer's side (or the Business
    Manager passing it on) answers it. Another agency writing meanwhile, most often with the
    précis it was asked for, does not answer it for them."""
    if state != State.MORE_INFO_REQUESTED:
        return True
    replying_to = next((m.kind for m in answered_by(msg.uow.session, msg.email)), None)
    return replying_to == "more_info_request" or (
        referrers_side and replying_to not in ("precis_request", "precis_reminder")
    )


def _waiting_for_precis(row: ReferralRow) -> tuple[State, ...]:
    waiting: tuple[State, ...] = (State.ON_AGENDA, State.PRECIS_REQUESTED)
    if State(row.state) == State.MORE_INFO_REQUESTED and row.paused_from in waiting:
        waiting += (State.MORE_INFO_REQUESTED,)
    return waiting


def _more_information(
    msg: Incoming, row: ReferralRow, state: State, agency: Agency | None, referrers_side: bool
) -> Result:
    """Missing fields, or the answer to the Chair's question, added to the referral."""
    email = msg.email
    if not referrers_side:
        # Another agency on the case may know more, but only the referrer (or the Business
        # Manager) says who the child is, when they were born and who referred: what it sends
        # waits for the Business Manager to add.
        return held_for_business_manager(
            msg,
            row,
            f"information from {agency.name if agency else email.from_addr}, not the "
            "referrer: for the Business Manager to add to the referral",
        )
    reply = latest_reply(email.text)
    form = extract_form(email.text, email.attachments, email.attachment_forms)
    fields = dict(form.fields)
    if not fields and state == State.MORE_INFO_REQUESTED and reply:
        fields = {"attachments.documents": reply[:20000]}
    receipt = referrals.add_information(
        msg.app,
        row.reference,
        fields,
        at=msg.at,
        written_on=written_on(email, msg.at),
        uow=msg.uow,
    )
    msg.answers.acknowledge(row.id, receipt)
    return Result(
        "-",
        "additional_information",
        "incomplete" if receipt.missing else "accepted",
        row.reference,
        ", ".join(receipt.missing),
        list(receipt.missing),
        receipt.slot.meeting.key,
    )


def _precis(msg: Incoming, row: ReferralRow, agency: Agency) -> Result | None:
    """An agency's précis, when one was asked of it: its words and its documents' text."""
    email, config = msg.email, msg.config
    asked = msg.uow.session.exec(
        select(Precis).where(Precis.referral_id == row.id, Precis.agency_key == agency.id)
    ).first()
    if asked is None:
        return None
    names = ", ".join(a.filename for a in email.attachments)
    original = email.text + (f"\n\n[attachments: {names}]" if names else "")
    # A précis is often a Word or PDF file: its text is the précis members read.
    read = email.attachment_forms or []
    files = "".join(
        f"\n\n[{CONTROL.sub('', a.filename)[:120]}]\n{f.text[:20000]}"
        for a, f in zip(email.attachments, read, strict=False)
        if f.text.strip()
    )
    reply = latest_reply(email.text)
    precis_stage.record_precis(
        msg.app,
        row.reference,
        agency.id,
        ((reply or email.text).strip() + files).strip() or original,
        author_email=email.from_addr,
        original=original,
        uow=msg.uow,
    )
    notes = " ".join(attachment_notes(email, [n for f in read for n in f.unread]))
    msg.answers.notice(
        f"[{row.reference}] {config.terms.precis} received",
        f"Thank you: your agency's {config.terms.precis} for {row.reference} is recorded and "
        "will be shared with members." + (f" {notes}" if notes else ""),
        referral_id=row.id,
        reference=row.reference,
    )
    return Result("-", "precis", "accepted", row.reference, agency.id)


def _recommendation(msg: Incoming, row: ReferralRow, person: Person) -> Result:
    """A member's recommendation by email, read by the same classifier as one in chat."""
    config = msg.config
    reply = latest_reply(msg.email.text)
    guess = classify(reply, config)
    choice = guess.review_type if guess.confident else None
    subject = f"Re: [{row.reference}] your recommendation"
    if choice is None:
        types = ", ".join(r.label for r in config.review_types)
        msg.answers.notice(
            subject,
            f"We could not tell which recommendation you are making for {row.reference}. "
            f"Please reply naming one of: {types}; or record it in the referral's chat thread.",
            referral_id=row.id,
            reference=row.reference,
        )
        return Result("-", "recommendation", "held", row.reference, "recommendation not recognised")
    try:
        recommendations.record_recommendation(
            msg.app, row.reference, person.id, choice, text=reply[:4000], uow=msg.uow
        )
    except WorkflowError as exc:
        msg.answers.notice(
            subject,
            f"Your recommendation could not be recorded: {exc} The Business Manager has your "
            "message.",
            referral_id=row.id,
            reference=row.reference,
        )
        return Result("-", "recommendation", "held", row.reference, str(exc))
    return Result("-", "recommendation", "accepted", row.reference, choice)
