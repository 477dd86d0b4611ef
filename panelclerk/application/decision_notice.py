"""The decision made known (4.6, 5.2, 8.1): recorded and sent to the distribution list and
the statutory bodies, with its Word documents, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Unpack

from sqlmodel import col, select

from .. import chatqueue, documents
from ..store.tables import (
    Document,
    Recommendation,
    SignOff,
)
from ..store.tables import Meeting as MeetingRow
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.distribution import (
    decision_gaps,
    decision_recipients,
    panel_report_filename,
    statutory_recipients,
)
from ..workflow.errors import WorkflowError
from ..workflow.referral import Actor, Decision, Submission
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
        report = None
        panel = config.distribution.national_panel
        filename = panel_report_filename(config, row.reference)
        if filename and any(b.email == panel for b in statutory):
            report = _rapid_review_report(
                app, uow, row, decision, review_label, attended, record.recommendations, filename
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
            carries = report if report is not None and body.email == panel else None
            app.queue_email(
                uow,
                "email/statutory_notice.txt.j2",
                kind=f"notice:{body.why}",
                recipients=[body.email],
                referral_id=row.id,
                attachments=[carries] if carries else [],
                at=at,
                body=body.why,
                greeting=body.greeting,
                scr=decision.kind == "statutory",
                report=carries.filename if carries else None,
                **context,
            )
        sent_to = [r.email for r in recipients] + [r.email for r in statutory]
        transition(
            app, uow, row, referral, "record_notifications", Actor.system(), at, recipients=sent_to
        )
    return sent_to


def _rapid_review_report(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    decision: Decision,
    review_label: str,
    attended: Sequence[str],
    recommendations: Sequence[tuple[str, str, bool]],
    filename: str,
) -> Document:
    """Working Together 2023: the rapid review report the partners send the National Panel,
    due on the rapid review's last working day counted from the notification; stored with
    the referral's documents and attached to the notice to the Panel."""
    config = app.config
    assert row.id is not None
    names = {a.id: a.name for a in config.agencies}
    signed = {
        s.person_key: s
        for s in uow.session.exec(
            select(SignOff).where(SignOff.referral_id == row.id, col(SignOff.current).is_(True))
        )
    }
    sign_offs = [
        (
            partner.name,
            names.get(partner.agency or "", partner.agency or ""),
            label_of(app, signed[partner.id].review_type)
            + (f" ({signed[partner.id].methodology})" if signed[partner.id].methodology else ""),
        )
        for partner in config.deciders
        if partner.id in signed
    ]
    notified = row.notified_on or row.received_on
    report = documents.RapidReviewReport(
        reference=row.reference,
        form=dict(row.form),
        notified_on=row.notified_on,
        due=app.deadlines.plan(notified).sign_off_due,
        meeting_date=row.meeting_date,
        involved=[names.get(a, a) for a in row.agencies_involved],
        attended=[names.get(a, a) for a in attended],
        decision=decision,
        review_label=review_label,
        sign_offs=sign_offs,
        recommendations=recommendations,
    )
    return store_document(
        uow,
        "rapid_review_report",
        filename,
        documents.rapid_review_report(config, report),
        app.clock(),
        referral_id=row.id,
    )
