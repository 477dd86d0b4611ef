"""The review once decided: its lead reviewer told to the Panel, and its start (the learning
summary and the terms of reference as documents)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select

from .. import chatqueue, documents, links
from ..store import audit
from ..store.tables import (
    AuditEntry,
    Document,
)
from ..store.tables import Decision as DecisionRow
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.agencies import match_agency
from ..workflow.config import BoardConfig
from ..workflow.distribution import agency_contacts
from ..workflow.errors import NotPermitted, WorkflowError
from ..workflow.lifecycle import State
from . import review
from .context import App, work
from .decision_notice import label_of, store_document


def record_lead_reviewer(app: App, reference: str, actor_id: str, lead_reviewer: str) -> None:
    """The lead reviewer, once appointed, goes on the record and to the Panel (8.1)."""
    config, at = app.config, app.clock()
    roles = config.roles_of(actor_id)
    if not roles & {"decision_maker", "business_manager"}:
        raise NotPermitted(
            reference,
            "record_lead_reviewer",
            actor_id,
            ("decision_maker", "business_manager"),
            config.role_titles,
        )
    name = lead_reviewer.strip()
    if not name:
        raise WorkflowError("the lead reviewer's name is empty")
    with work(app) as uow:
        row = uow.referrals.row(reference)
        found = uow.session.exec(
            select(DecisionRow).where(DecisionRow.referral_id == row.id)
        ).first()
        if found is None or found.kind != "statutory":
            raise WorkflowError(
                f"{row.reference}: a lead reviewer follows a decision to "
                f"initiate a {config.terms.case_review}"
            )
        found.lead_reviewer = name
        uow.session.add(found)
        decision = uow.referrals.aggregate(row).decision
        app.queue_email(
            uow,
            "email/lead_reviewer.txt.j2",
            kind="notice:lead reviewer",
            recipients=[config.distribution.national_panel],
            referral_id=row.id,
            at=at,
            reference=row.reference,
            decision=decision,
            lead_reviewer=name,
        )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="record_lead_reviewer",
            reference=row.reference,
        )


def start_review(
    app: App,
    reference: str,
    actor_id: str,
    on: dt.date | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> Document:
    """The review begins; the lead reviewer's Learning Summary is prepared (NW Appendix B)."""
    at = app.clock()
    with work(app, uow) as uow:
        row, referral = review.review_step(app, uow, reference, "start_review", actor_id, on)
        assert referral.decision is not None and row.id is not None
        incident = str(row.form.get("incident.date") or "")
        summary = documents.learning_summary(
            app.config,
            row.reference,
            label_of(app, referral.decision.review_type),
            referral.decision,
            incident,
        )
        return store_document(
            uow,
            "learning_summary",
            f"{row.reference} learning summary.docx",
            summary,
            at,
            referral_id=row.id,
        )


# How long before a review's start or completion is due its reminders go (as the action
# plans' updates are asked for), and the action each is recorded under (sent once each).
REVIEW_WARNING_DAYS = 10
REVIEW_REMINDER = "review_reminder"


def lead_reviewer_agency(config: BoardConfig, lead_reviewer: str | None) -> str | None:
    """The agency the lead reviewer works for: a person of the board file named as the lead
    reviewer, else the one agency the entry names ("Dr A Shah, Fenmarsh Hospitals")."""
    if not lead_reviewer:
        return None
    said = lead_reviewer.casefold()
    for person in config.people:
        if person.agency and person.name.casefold() in said:
            return person.agency
    return match_agency(lead_reviewer, config)


def review_reminders(app: App) -> list[str]:
    """A review decided upon is chased (7.6: begun within 3 months of the decision, completed
    within 12): REVIEW_WARNING_DAYS working days before each is due and once it is overdue,
    the Business Manager in chat and the lead reviewer's agency by email. Each goes once,
    recorded in the audit log with what was sent. Returns "REF: what (when)" for each sent."""
    config, today, at = app.config, app.today(), app.clock()
    cal = app.deadlines.calendar
    states = [State.DECIDED.value, State.NOTIFIED.value, State.REVIEW_UNDERWAY.value]
    sent: list[str] = []
    with work(app) as uow:
        for row in uow.session.exec(select(ReferralRow).where(col(ReferralRow.state).in_(states))):
            referral = uow.referrals.aggregate(row)
            decision = referral.decision
            if decision is None:
                continue
            done = {
                str(e.details.get("kind"))
                for e in uow.session.exec(
                    select(AuditEntry).where(
                        AuditEntry.reference == row.reference,
                        AuditEntry.action == REVIEW_REMINDER,
                    )
                )
            }
            for due in app.deadlines.review_dues(referral):
                if today > due.date:
                    when = "overdue"
                elif today >= cal.add_working_days(due.date, -REVIEW_WARNING_DAYS):
                    when = "before"
                else:
                    continue
                kind = f"{REVIEW_REMINDER}:{due.what}:{due.date.isoformat()}:{when}"
                if kind in done:
                    continue
                overdue = when == "overdue"
                verb = "begun" if due.what == "review begun" else "completed"
                review_label = label_of(app, decision.review_type)
                agency_id = lead_reviewer_agency(config, decision.lead_reviewer)
                agency = config.agency(agency_id) if agency_id else None
                emailed = agency_contacts(config, agency.id) if agency else []
                if agency is not None and emailed:
                    app.queue_email(
                        uow,
                        "email/review_reminder.txt.j2",
                        kind=kind,
                        recipients=emailed,
                        referral_id=row.id,
                        at=at,
                        reference=row.reference,
                        review_label=review_label,
                        verb=verb,
                        due=due.date,
                        rule=due.rule,
                        overdue=overdue,
                        agency_name=agency.name,
                        lead_reviewer=decision.lead_reviewer,
                        decided_on=decision.decided_on,
                    )
                told = (
                    f"{agency.name} (the lead reviewer's agency) has been emailed."
                    if agency is not None and emailed
                    else f"Nobody else was told: {_no_agency(config, decision.lead_reviewer)}."
                )
                head = (
                    f"Overdue: for {row.reference} the {review_label} was to be {verb} by "
                    f"{due.date:%d %B %Y} ({due.rule})."
                    if overdue
                    else f"Reminder: for {row.reference} the {review_label} is to be {verb} "
                    f"by {due.date:%d %B %Y} ({due.rule})."
                )
                chatqueue.tell_business_manager(
                    uow.session,
                    config,
                    at,
                    f"{head} {told} Record it when it is {verb}: "
                    f"{links.review(config, row.reference)}.",
                    referral_id=row.id,
                )
                audit.append(
                    uow.session,
                    at=at,
                    actor="system",
                    action=REVIEW_REMINDER,
                    reference=row.reference,
                    details={"kind": kind, "agency": agency.id if agency and emailed else None},
                )
                sent.append(f"{row.reference}: {due.what} ({when})")
    return sent


def _no_agency(config: BoardConfig, lead_reviewer: str | None) -> str:
    if not lead_reviewer:
        return "no lead reviewer is recorded yet"
    agency_id = lead_reviewer_agency(config, lead_reviewer)
    if agency_id is None:
        return f"the lead reviewer ({lead_reviewer}) is of no agency in the board file"
    agency = config.agency(agency_id)
    name = agency.name if agency else agency_id
    return f"the board file has nobody of {name}, the lead reviewer's agency, to write to"
