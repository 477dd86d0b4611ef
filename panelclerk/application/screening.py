"""Screening (Cambridgeshire 4.1): the decision maker puts a referral on an agenda, asks
for more information or declines it; `move` is the one door for every life-cycle move.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import chatqueue
from ..store.tables import AgendaItem
from ..store.uow import UnitOfWork
from ..workflow.errors import WorkflowError
from ..workflow.referral import Referral
from .context import App, work
from .meetings import meeting_row, meeting_to_be, reschedule
from .precis import request_precis
from .review import review_step
from .transition import transition


def move(
    app: App,
    reference: str,
    move_name: str,
    actor_id: str,
    *,
    uow: UnitOfWork | None = None,
    **details: Any,
) -> Referral:
    """The one door for every life-cycle move, whoever asks (chat, console, command line):
    each move with its own rows and mail (the agenda and the précis it asks for, a
    reschedule, a review begun with its learning summary) or, for the rest, the move alone.
    `details`: meeting_date (agenda, reschedule), on (review begun or completed), reason
    (decline), and whatever else the move records."""
    if move_name == "decline":
        return decline(app, reference, actor_id, str(details.get("reason") or ""), uow=uow)
    if move_name == "place_on_agenda":
        return place_on_agenda(app, reference, actor_id, details.get("meeting_date"), uow=uow)
    if move_name in ("reschedule", "request_precis", "start_review", "complete_review"):
        with work(app, uow) as uow:
            if move_name == "reschedule":
                reschedule(app, reference, actor_id, details.get("meeting_date"), uow=uow)
            elif move_name == "request_precis":
                request_precis(app, reference, actor_id, uow=uow)
            elif move_name == "start_review":
                from .reviewing import start_review  # the learning summary is a document

                start_review(app, reference, actor_id, details.get("on"), uow=uow)
            else:
                review_step(app, uow, reference, move_name, actor_id, details.get("on"))
            return uow.referrals.get(reference)[1]
    at = app.clock()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        transition(app, uow, row, referral, move_name, app.actor(actor_id), at, **details)
    return referral


def decline(
    app: App, reference: str, actor_id: str, reason: str, *, uow: UnitOfWork | None = None
) -> Referral:
    """The decision maker screens a referral out (4.1). The reason is kept with the case (so
    that it goes when the case is anonymised; the audit log is kept whole, so it holds no
    free text) and goes to the referrer, who would otherwise never hear."""
    config, at = app.config, app.clock()
    reason = reason.strip()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        transition(app, uow, row, referral, "decline", app.actor(actor_id), at)
        if not reason:
            raise WorkflowError(
                f"Give the reason for declining {row.reference}: the referrer is told it."
            )
        row.form = {
            **row.form,
            "_declined": {"reason": reason, "by": actor_id, "on": app.today().isoformat()},
        }
        uow.session.add(row)
        if row.referrer_email:
            app.queue_email(
                uow,
                "email/declined.txt.j2",
                kind="declined",
                recipients=[row.referrer_email],
                referral_id=row.id,
                at=at,
                reference=row.reference,
                reason=reason,
            )
        else:
            chatqueue.tell_business_manager(
                uow.session,
                config,
                at,
                f"{row.reference} was declined, and it has no referrer email: please tell "
                "the referrer by hand.",
                referral_id=row.id,
            )
    return referral


def place_on_agenda(
    app: App,
    reference: str,
    actor_id: str,
    meeting_date: dt.date | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> Referral:
    """The decision maker puts the referral on a meeting's agenda (the next it can make, or
    the one named), and each agency involved is asked for its précis (4.1-4.2)."""
    at = app.clock()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        if meeting_date is None:
            meeting_date = app.deadlines.slot(app.today(), row.notified_on).meeting.date
        else:
            meeting_to_be(app, uow, meeting_date)
        transition(
            app,
            uow,
            row,
            referral,
            "place_on_agenda",
            app.actor(actor_id),
            at,
            meeting_date=meeting_date,
        )
        meeting = meeting_row(uow, row.board_id, meeting_date)
        assert meeting.id is not None and row.id is not None
        uow.session.add(AgendaItem(meeting_id=meeting.id, referral_id=row.id, added_at=at))
        # Every agency involved is asked for its précis at once (4.2), in the same
        # transaction, wherever the agenda is set: the system asks, not the Chair.
        request_precis(app, reference, uow=uow)
        row, referral = uow.referrals.get(reference)
    return referral


def request_more_info(app: App, reference: str, actor_id: str, question: str) -> None:
    """The Chair's question goes to the referrer by email; the referral waits (4.1, 4.5)."""
    at = app.clock()
    if not question.strip():
        raise WorkflowError("Enter the question for the referrer.")
    with work(app) as uow:
        row, referral = uow.referrals.get(reference)
        if not row.referrer_email:
            raise WorkflowError(
                f"{row.reference} has no referrer email to send the question to: ask the "
                "referrer yourself."
            )
        transition(app, uow, row, referral, "request_more_info", app.actor(actor_id), at)
        app.queue_email(
            uow,
            "email/more_info_request.txt.j2",
            kind="more_info_request",
            recipients=[row.referrer_email],
            referral_id=row.id,
            at=at,
            reference=row.reference,
            question=question.strip(),
        )
