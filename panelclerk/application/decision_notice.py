"""The decision made known (4.6, 5.2, 8.1): recorded and sent to the distribution list and
the statutory bodies, with its Word documents, in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any, Unpack

from sqlmodel import col, select

from .. import chatqueue, documents
from ..store.tables import (
    Document,
    Recommendation,
)
from ..store.tables import Meeting as MeetingRow
from ..store.uow import UnitOfWork
from ..workflow.distribution import decision_gaps, decision_recipients, statutory_recipients
from ..workflow.errors import WorkflowError
from ..workflow.referral import Actor, Submission
from . import decision as decision_stage
from .context import App, work
from .decision import Decided
from .transition import transition


def label_of(app: App, review_type: str) -> str:
    chosen = app.config.review_type(review_type)
    return chosen.label if chosen else review_type


def store_document(
    uow: UnitOfWork,
    kind: str,
    filename: str,
    data: bytes,
    at: dt.datetime,
    referral_id: int | None = None,
    meeting_id: int | None = None,
) -> Document:
    document = Document(
        kind=kind,
        referral_id=referral_id,
        meeting_id=meeting_id,
        filename=filename,
        content_type=documents.DOCX,
        data=data,
        created_at=at,
    )
    uow.session.add(document)
    uow.session.flush()
    return document


def decide(
    app: App,
    reference: str,
    actor_id: str,
    **submission: Unpack[Submission],
) -> Decided:
    """The decision maker's submission from any front end (chat form, command line): the
    decision or sign-off recorded, and once the decision is made, its email and notices."""
    decided = decision_stage.record_submission(app, reference, actor_id, **submission)
    if decided.decision is not None:
        notify_decision(app, reference)
    return decided


def notify_decision(app: App, reference: str, *, uow: UnitOfWork | None = None) -> list[str]:
    """The decision email with the completed decision record to the distribution list, and
    the notices to the statutory bodies, then the move to notified; one transaction."""
    config, at = app.config, app.clock()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        decision = referral.decision
        if decision is None:
            raise WorkflowError(f"{row.reference}: no decision has been recorded")
        assert row.id is not None
        meeting = uow.session.exec(
            select(MeetingRow).where(MeetingRow.date == row.meeting_date)
        ).first()
        attended = list(meeting.attended_agencies) if meeting else []
        recipients = decision_recipients(config, attended, row.referring_agency, row.referrer_email)
        gaps = decision_gaps(config, attended, row.referring_agency)
        if gaps:
            chatqueue.tell_business_manager(
                uow.session,
                config,
                at,
                f"The decision on {row.reference} could not be emailed to "
                + "; ".join(gaps)
                + ". Please send it by hand (the decision record is attached to the email "
                "that went to the others), and add them to the board file.",
                referral_id=row.id,
            )
        statutory = statutory_recipients(config, decision.review_type)
        review_label = label_of(app, decision.review_type)
        current = uow.session.exec(
            select(Recommendation).where(
                Recommendation.referral_id == row.id, col(Recommendation.current).is_(True)
            )
        ).all()
        agency_names = {a.id: a.name for a in config.agencies}
        record = documents.DecisionRecord(
            reference=row.reference,
            form=dict(row.form),
            decision=decision,
            review_label=review_label,
            meeting_date=row.meeting_date,
            recipients=recipients,
            statutory=statutory,
            recommendations=[
                (
                    agency_names.get(r.agency_key, r.agency_key),
                    label_of(app, r.review_type),
                    r.counts,
                )
                for r in current
            ],
        )
        form = store_document(
            uow,
            "decision_record",
            f"{row.reference} decision record.docx",
            documents.decision_record(config, record),
            at,
            referral_id=row.id,
        )
        context: dict[str, Any] = {
            "reference": row.reference,
            "decision": decision,
            "review_label": review_label,
        }
        app.queue_email(
            uow,
            "email/decision.txt.j2",
            kind="decision",
            recipients=[r.email for r in recipients],
            referral_id=row.id,
            attachments=[form],
            at=at,
            meeting_date=row.meeting_date,
            statutory=statutory,
            partners=config.framework.decision_makers == "partners",
            **context,
        )
        for body in statutory:
            app.queue_email(
                uow,
                "email/statutory_notice.txt.j2",
                kind=f"notice:{body.why}",
                recipients=[body.email],
                referral_id=row.id,
                at=at,
                body=body.why,
                greeting=body.greeting,
                scr=decision.kind == "statutory",
                **context,
            )
        sent_to = [r.email for r in recipients] + [r.email for r in statutory]
        transition(
            app, uow, row, referral, "record_notifications", Actor.system(), at, recipients=sent_to
        )
    return sent_to
