"""The review once decided: its lead reviewer told to the Panel, and its start (the learning
summary and the terms of reference as documents)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from .. import documents
from ..store import audit
from ..store.tables import Decision as DecisionRow
from ..store.tables import (
    Document,
)
from ..store.uow import UnitOfWork
from ..workflow.errors import NotPermitted, WorkflowError
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
