"""A meeting cancelled or reinstated: its referrals moved to the next meeting, and everyone
who was to attend told."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select

from .. import links
from ..store import audit
from ..store.tables import (
    AgendaItem,
)
from ..store.tables import Meeting as MeetingRow
from ..store.tables import Referral as ReferralRow
from ..workflow.errors import WorkflowError
from ..workflow.lifecycle import State
from ..workflow.meetings import in_words
from . import transition as transition_stage
from .agenda import member_addresses
from .context import App, work
from .meetings import meeting_row


def _may_cancel(app: App, actor_id: str) -> None:
    """The Chair's decision (7.6: cancelled where no business is anticipated); the Business
    Manager may record it for them."""
    roles = app.actor(actor_id).roles
    if not roles & {"decision_maker", "business_manager"}:
        raise WorkflowError(
            f"Only the {app.config.terms.decision_maker} (or the Business Manager for them) "
            "may cancel or reinstate a meeting."
        )


def cancel_meeting(
    app: App, day: dt.date, actor_id: str, reason: str | None = None
) -> dt.date | None:
    """A planned meeting with no business is cancelled (7.6); members are told, with the next
    meeting. A meeting with business is refused, naming it: move that first. One already
    past that did not take place is recorded as cancelled too, without telling anyone, so
    that it is not counted as a meeting missed. Returns the next meeting's date."""
    config, at, today = app.config, app.clock(), app.today()
    _may_cancel(app, actor_id)
    if app.deadlines.schedule.find(day) is None:
        raise WorkflowError(
            f"No {config.terms.group} meeting is planned on {in_words(day, weekday=True)}: "
            f"see {links.meetings(config)}."
        )
    with work(app) as uow:
        meeting = meeting_row(uow, app.board_id, day)
        on_it = uow.session.exec(
            select(ReferralRow.reference).where(
                ReferralRow.meeting_date == day,
                col(ReferralRow.state).in_([State.ON_AGENDA.value, State.PRECIS_REQUESTED.value]),
            )
        ).all()
        items = uow.session.exec(
            select(AgendaItem.id).where(
                AgendaItem.meeting_id == meeting.id, col(AgendaItem.referral_id).is_(None)
            )
        ).all()
        said = in_words(day)
        if meeting.status == "held":
            raise WorkflowError(
                f"The meeting of {said} is on record as held: it cannot be cancelled."
            )
        if on_it:
            others = f", and {len(items)} other agenda item(s)" if items else ""
            raise WorkflowError(
                f"The meeting of {said} has business on it: {', '.join(sorted(on_it))}{others}. "
                "Move each referral to another meeting first, on the referral's page."
            )
        if items or meeting.agenda_status == "sent":
            what = f"{len(items)} other agenda item(s)" if items else "its agenda pack was sent"
            raise WorkflowError(
                f"The meeting of {said} has business on it ({what}), so it cannot be cancelled."
            )
        meeting.status, meeting.agenda_status = "cancelled", "open"
        uow.session.add(meeting)
        transition_stage.withdraw_reminders(uow, None, f"reminder:minutes:{day.isoformat()}", at,
                                    why="meeting cancelled")  # fmt: skip
        later = [m for m in app.deadlines.schedule.year_ahead(today) if m.date > max(day, today)]
        if day > today:
            app.queue_email(
                uow,
                "email/meeting_cancelled.txt.j2",
                kind=f"meeting_cancelled:{day.isoformat()}",
                recipients=member_addresses(config),
                at=at,
                meeting_date=day,
                reason=(reason or "").strip()[:300],
                next_meeting=later[0] if later else None,
                cancelled=True,
            )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="cancel_meeting",
            details={"meeting": day.isoformat()},
        )
    app.refresh_meetings()
    return later[0].date if later else None


def reinstate_meeting(app: App, day: dt.date, actor_id: str) -> None:
    """A cancellation undone, while the meeting is still ahead; members are told."""
    at = app.clock()
    _may_cancel(app, actor_id)
    if day <= app.today():
        raise WorkflowError(
            f"The meeting of {in_words(day)} is not ahead, so it cannot be reinstated."
        )
    with work(app) as uow:
        meeting = uow.session.exec(select(MeetingRow).where(MeetingRow.date == day)).first()
        if meeting is None or meeting.status != "cancelled":
            raise WorkflowError(
                f"The meeting of {in_words(day)} was not cancelled here: a cancellation in the "
                "board file is undone there, by IT."
            )
        meeting.status = "planned"
        uow.session.add(meeting)
        app.queue_email(
            uow,
            "email/meeting_cancelled.txt.j2",
            kind=f"meeting_reinstated:{day.isoformat()}",
            recipients=member_addresses(app.config),
            at=at,
            meeting_date=day,
            reason="",
            next_meeting=None,
            cancelled=False,
        )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="reinstate_meeting",
            details={"meeting": day.isoformat()},
        )
    app.refresh_meetings()
