"""A referral as the console shows it (the pipeline, its page) and the decision maker's acts
on it: each the same application call the chat and the command line make, as the signed-in
person (whom the application checks again).

The read of one referral (`referral_page`) is a read model the application does not have
yet; it belongs in `application/` beside `pipeline`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from ...application import context, decision_notice, referrals, screening
from ...application import status as status_stage
from ...application.inbound import kept as kept_mail
from ...mail.parse import ParseError, parse_email
from ...store import audit
from ...store.referrals import aggregate
from ...store.tables import (
    AuditEntry,
    Document,
    InboundMessage,
    Precis,
    Recommendation,
    SignOff,
)
from ...store.tables import Referral as ReferralRow
from ...workflow.config import BoardConfig
from ...workflow.deadlines import Due
from ...workflow.distribution import agency_contacts
from ...workflow.forms import label as field_label
from ...workflow.lifecycle import MOVES
from .common import (
    CONSOLE_ACTIONS,
    VIEW_REFERRAL,
    App,
    agency_name,
    person_name,
    review_label,
)

PipelineRow = status_stage.PipelineRow

# A referral page's reads, built once (SQLAlchemy keys its compiled SQL by a statement's
# shape, worked out anew for every statement built): by its reference and its row's id.
_TIMELINE = (
    select(AuditEntry)
    .where(
        AuditEntry.reference == bindparam("reference"),
        col(AuditEntry.action).not_in(CONSOLE_ACTIONS),  # each view is audited too
    )
    .order_by(col(AuditEntry.seq))
)
_PRECIS = (
    select(Precis)
    .where(Precis.referral_id == bindparam("referral"))
    .order_by(col(Precis.agency_key))
)
_RECOMMENDATIONS = select(Recommendation).where(
    Recommendation.referral_id == bindparam("referral"), col(Recommendation.current).is_(True)
)
_SIGN_OFFS = select(SignOff).where(
    SignOff.referral_id == bindparam("referral"), col(SignOff.current).is_(True)
)
_DOCUMENTS = (
    select(Document.id, Document.filename, Document.kind, Document.created_at)
    .where(Document.referral_id == bindparam("referral"))
    .order_by(col(Document.created_at), col(Document.id))
)


def pipeline(app: App) -> list[PipelineRow]:
    """Every open referral, overdue first, then by the next date due."""
    today = app.today()
    rows = status_stage.pipeline(app)
    far = dt.date.max

    def order(row: PipelineRow) -> tuple[int, dt.date, str]:
        due = row.next_due.date if row.next_due else far
        return (0 if row.overdue(today) else 1, due, row.reference)

    return sorted(rows, key=order)


@dataclass(frozen=True)
class FormLine:
    field: str
    label: str
    value: str | None  # None: not given
    required: bool
    missing: bool


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    actor: str
    action: str
    source: str | None
    target: str | None


@dataclass(frozen=True)
class PrecisLine:
    agency: str
    requested_at: dt.datetime
    received_at: dt.datetime | None
    text: str | None


@dataclass(frozen=True)
class DecisionView:
    review_type: str
    methodology: str | None
    rationale: str
    decided_on: dt.date
    decided_by: str
    lead_reviewer: str | None


@dataclass(frozen=True)
class ReviewChoice:
    id: str
    label: str
    kind: str  # statutory, alternative, none
    methodologies: tuple[str, ...]


@dataclass(frozen=True)
class SignOffLine:
    partner: str
    review_type: str
    methodology: str | None
    recorded_at: dt.datetime


@dataclass(frozen=True)
class ReferralPage:
    reference: str
    state: str
    state_id: str
    moves: frozenset[str]  # the moves the referral's state allows (who may: the domain says)
    received_on: dt.date
    notified_on: dt.date | None
    meeting_date: dt.date | None
    referring_agency: str | None
    agencies: tuple[str, ...]
    form: tuple[FormLine, ...]
    declined_reason: str | None
    timeline: tuple[TimelineEntry, ...]
    precis: tuple[PrecisLine, ...]
    tally: tuple[tuple[str, int], ...]
    views: tuple[tuple[str, str], ...]  # invited agencies' views: (agency, review type)
    decision: DecisionView | None
    jointly: bool  # the safeguarding partners each sign off (Working Together 2023)
    sign_offs: tuple[SignOffLine, ...]  # the partners' current sign-offs, when jointly
    waiting_for: tuple[str, ...]  # partners yet to sign off, when jointly
    review_types: tuple[ReviewChoice, ...]
    meeting_choices: tuple[dt.date, ...]  # meetings ahead it may be placed on
    involved: tuple[tuple[str, str], ...] = ()  # (id, name) of the agencies involved
    others: tuple[tuple[str, str], ...] = ()  # (id, name) of the board's agencies not on it
    nobody_to_ask: tuple[str, ...] = ()  # agencies on it the board file names nobody at
    attached: tuple[kept_mail.Attached, ...] = ()  # messages the Business Manager attached
    next_due: Due | None = None  # what is due next, and by when
    overdue: bool = False
    notices: tuple[NoticeLine, ...] = ()  # the statutory notices and their due dates
    panel_notified: str | None = None  # the form's "National Panel notified", as recorded
    same_child: tuple[str, ...] = ()  # earlier referrals that may be about the same child
    decision_due: Due | None = None  # the earliest of the decision's limits, while undecided
    decision_kind: str | None = None  # statutory, alternative, none (a lead reviewer: statutory)
    awaited: tuple[tuple[str, str], ...] = ()  # (id, name): agencies whose précis is awaited
    documents: tuple[DocumentLine, ...] = ()
    arrived_with: tuple[str, ...] = ()  # the file names of the referral email's attachments


@dataclass(frozen=True)
class NoticeLine:
    to: str
    status: str  # queued, sent, failed, withdrawn
    due: dt.date
    sent_at: dt.datetime | None
    overdue: bool


@dataclass(frozen=True)
class DocumentLine:
    id: int
    filename: str
    kind: str
    created_at: dt.datetime


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    text = str(value).strip()
    return text or None


def _notified_on(value: Any) -> str | None:
    """The Panel notification as the page says it: "yes, 10/11/2026", as recorded by the
    console or the command line, becomes "10 November 2026"; anything else (a form's own
    words) is shown as it was given."""
    shown = _shown(value)
    if shown is None:
        return None
    found = re.fullmatch(r"yes, (\d{2})/(\d{2})/(\d{4})", shown)
    if found is None:
        return shown
    day, month, year = (int(part) for part in found.groups())
    try:
        return f"{dt.date(year, month, day):%-d %B %Y}"
    except ValueError:
        return shown


def _form_lines(config: BoardConfig, form: dict[str, Any], missing: list[str]) -> list[FormLine]:
    required = config.form.required
    fields = [*required, *config.form.optional]
    fields += sorted(k for k in form if k not in fields and not k.startswith("_"))
    return [
        FormLine(
            name,
            field_label(name),
            _shown(form.get(name)),
            name in required,
            name in missing or (name in required and _shown(form.get(name)) is None),
        )
        for name in fields
    ]


def referral_page(app: App, reference: str, person_id: str) -> ReferralPage:
    """Everything the console shows of one referral; the view is audited with the person
    who asked, in the same transaction as the read."""
    config = app.config
    with context.work(app) as uow:
        row = uow.referrals.row(reference, lock=False)
        session = uow.session
        decision = uow.referrals.decision_row(row)  # read once for the page and its line
        referral = aggregate(row, decision)
        entries = session.exec(_TIMELINE, params={"reference": row.reference}).all()
        precis = session.exec(_PRECIS, params={"referral": row.id}).all()
        current = session.exec(_RECOMMENDATIONS, params={"referral": row.id}).all()
        declined = row.form.get("_declined")
        jointly = config.framework.decision_makers == "partners"
        signed = (  # sign-offs are the partners' only
            session.exec(_SIGN_OFFS, params={"referral": row.id}).all() if jointly else []
        )
        by_partner = {s.person_key: s for s in signed}
        today = app.today()
        line = status_stage.referral_status(
            app, session, row, decision, [p.agency_key for p in precis if p.received_at is None]
        )
        page = ReferralPage(
            reference=row.reference,
            state=config.state_label(referral.state.value),
            state_id=referral.state.value,
            moves=frozenset(n for n, m in MOVES.items() if referral.state in m.sources),
            received_on=row.received_on,
            notified_on=row.notified_on,
            meeting_date=row.meeting_date,
            referring_agency=agency_name(config, row.referring_agency),
            agencies=tuple(agency_name(config, a) for a in row.agencies_involved),
            form=tuple(_form_lines(config, row.form, list(row.missing))),
            declined_reason=declined.get("reason") if isinstance(declined, dict) else None,
            timeline=tuple(
                TimelineEntry(
                    e.at,
                    "panelclerk" if e.actor == "system" else person_name(config, e.actor),
                    e.action.replace("_", " "),
                    config.state_label(e.source_state) if e.source_state else None,
                    config.state_label(e.target_state) if e.target_state else None,
                )
                for e in entries
            ),
            precis=tuple(
                PrecisLine(agency_name(config, p.agency_key), p.requested_at, p.received_at, p.text)
                for p in precis
            ),
            tally=tuple(
                sorted(
                    Counter(
                        review_label(config, r.review_type) for r in current if r.counts
                    ).items()
                )
            ),
            views=tuple(
                (agency_name(config, r.agency_key), review_label(config, r.review_type))
                for r in current
                if not r.counts
            ),
            decision=DecisionView(
                review_label(config, decision.review_type),
                decision.methodology,
                decision.rationale,
                decision.decided_on,
                person_name(config, decision.decided_by),
                decision.lead_reviewer,
            )
            if decision
            else None,
            jointly=jointly,
            sign_offs=tuple(
                SignOffLine(
                    p.name,
                    review_label(config, by_partner[p.id].review_type),
                    by_partner[p.id].methodology,
                    by_partner[p.id].recorded_at,
                )
                for p in config.deciders
                if p.id in by_partner
            ),
            waiting_for=tuple(p.name for p in config.deciders if p.id not in by_partner)
            if jointly
            else (),
            review_types=tuple(
                ReviewChoice(r.id, r.label, r.kind, tuple(r.methodologies))
                for r in config.review_types
            ),
            meeting_choices=tuple(_meetings_ahead(app)),
            involved=tuple((a, agency_name(config, a)) for a in row.agencies_involved),
            others=tuple(
                (a.id, a.name)
                for a in config.agencies
                if a.id not in row.agencies_involved and a.id != row.referring_agency
            ),
            nobody_to_ask=tuple(
                agency_name(config, a)
                for a in dict.fromkeys(
                    [
                        *([row.referring_agency] if row.referring_agency else []),
                        *row.agencies_involved,
                    ]
                )
                if not agency_contacts(config, a)
            ),
            attached=tuple(
                dataclasses.replace(m, attached_by=person_name(config, m.attached_by))
                for m in kept_mail.attached_to(app, row.reference, uow)
            ),
            next_due=line.next_due,
            overdue=line.overdue(today),
            notices=tuple(
                NoticeLine(n.what, n.status, n.due, n.sent_at, n.overdue(today))
                for n in line.notices
            ),
            panel_notified=_notified_on(row.form.get("notification.panel_notified")),
            same_child=tuple(row.form.get(referrals.SAME_CHILD) or ()),
            decision_due=min(
                app.deadlines.decision_dues(referral, today, row.notified_on),
                key=lambda due: due.date,
                default=None,
            ),
            decision_kind=decision.kind if decision else None,
            awaited=tuple(
                (p.agency_key, agency_name(config, p.agency_key))
                for p in precis
                if p.received_at is None
            ),
            documents=_documents(session, row.id),
            arrived_with=_arrived_with(app, session, row),
        )
        audit.append(
            session,
            at=app.clock(),
            actor=person_id,
            action=VIEW_REFERRAL,
            reference=row.reference,
            details={"via": "console"},
        )
    return page


def _documents(session: Session, referral_id: int | None) -> tuple[DocumentLine, ...]:
    """The referral's documents without their content (read only when downloaded)."""
    found = session.exec(_DOCUMENTS, params={"referral": referral_id}).all()
    return tuple(
        DocumentLine(number, filename, kind.replace("_", " "), at)
        for number, filename, kind, at in found
        if number is not None
    )


def _arrived_with(app: App, session: Session, row: ReferralRow) -> tuple[str, ...]:
    """The names of the files the referral email carried (never their content); none for a
    referral made another way, or whose message was removed under the retention rules.
    Recorded with the referral when it arrives; read from its message (a parse of the
    whole email, 25 ms for 800 kB) only for a referral recorded before that."""
    recorded = row.form.get(referrals.ARRIVED_WITH)
    if isinstance(recorded, list):
        return tuple(str(name) for name in recorded)
    names: list[str] = []
    for raw in session.exec(
        select(InboundMessage.raw).where(
            InboundMessage.reference == row.reference, InboundMessage.kind == "referral"
        )
    ):
        if not raw:
            continue
        try:
            email = parse_email(raw, app.config.mailbox.max_message_bytes)
        except ParseError:
            continue
        names += [a.filename for a in email.attachments]
    return tuple(names)


def _meetings_ahead(app: App) -> list[dt.date]:
    today = app.today()
    return [m.date for m in app.deadlines.schedule.year_ahead(today) if m.date > today]


def place_on_agenda(
    app: App, reference: str, person_id: str, meeting_date: dt.date | None = None
) -> dt.date | None:
    """The decision maker puts the referral on the next meeting it can make (or the one
    chosen), and the agencies are asked for their précis: what the chat's "place on the
    agenda" button does, here in one transaction."""
    with context.work(app) as uow:  # the précis are asked for with it (screening)
        screening.place_on_agenda(app, reference, person_id, meeting_date, uow=uow)
        return uow.referrals.row(reference, lock=False).meeting_date


def request_more_info(app: App, reference: str, person_id: str, question: str) -> None:
    """The question goes to the referrer by email; the referral waits (CLI `request-info`)."""
    screening.request_more_info(app, reference, person_id, question)


def decline(app: App, reference: str, person_id: str, reason: str) -> None:
    screening.move(app, reference, "decline", person_id, reason=reason)


@dataclass(frozen=True)
class DecisionOutcome:
    reference: str
    decided: bool  # False: a partner's sign-off is recorded and others are awaited
    review_type: str | None
    waiting: tuple[str, ...]
    disagreeing: tuple[str, ...]


def decide(
    app: App,
    reference: str,
    person_id: str,
    *,
    review_type: str,
    rationale: str,
    methodology: str | None,
    lead_reviewer: str | None,
) -> DecisionOutcome:
    """The decision (or, under Working Together 2023, one partner's sign-off), with its
    email and statutory notices once made: the chat's decision form and the CLI `decide`."""
    decided = decision_notice.decide(
        app,
        reference,
        person_id,
        review_type=review_type,
        rationale=rationale,
        methodology=methodology,
        lead_reviewer=lead_reviewer,
    )
    made = decided.decision
    return DecisionOutcome(
        decided.reference,
        made is not None,
        review_label(app.config, made.review_type) if made else None,
        decided.waiting,
        decided.disagreeing,
    )


AgencyChange = referrals.AgencyChange


def add_agency(app: App, reference: str, person_id: str, agency: str, reason: str) -> AgencyChange:
    """An agency involved added by the Business Manager, with the reason (audited); asked
    for its précis at once when the others have been."""
    return referrals.add_agency(app, reference, person_id, agency, reason)


def remove_agency(
    app: App, reference: str, person_id: str, agency: str, reason: str
) -> AgencyChange:
    return referrals.remove_agency(app, reference, person_id, agency, reason)
