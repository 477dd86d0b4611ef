"""After a meeting: the minutes sent, and who is reminded while they are outstanding or the
meeting is not yet recorded as held."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import col, select

from .. import chatqueue, links
from ..store import audit
from ..store.tables import Meeting as MeetingRow
from ..store.tables import (
    OutboundMessage,
)
from ..workflow.errors import WorkflowError
from ..workflow.meetings import in_words
from . import transition as transition_stage
from .context import App, work


def record_minutes_sent(
    app: App, meeting_date: dt.date, actor_id: str, on: dt.date | None = None
) -> dt.date:
    """The Business Manager records that a meeting's minutes went out (7.6): the minutes
    stop being due and any reminder still queued is withdrawn."""
    config, at, today = app.config, app.clock(), app.today()
    config.business_manager(actor_id, "record the minutes")
    on = on or today
    if on > today or on < meeting_date:
        raise WorkflowError(
            f"The minutes of the meeting of {in_words(meeting_date)} cannot have gone out on "
            f"{in_words(on)}: give a day between the meeting and today."
        )
    with work(app) as uow:
        meeting = uow.session.exec(
            select(MeetingRow).where(MeetingRow.date == meeting_date)
        ).first()
        if meeting is None or meeting.status != "held":
            raise WorkflowError(
                f"No meeting held on {in_words(meeting_date)} is on record: record the meeting "
                "as held first."
            )
        if meeting.minutes_sent_at is not None:
            raise WorkflowError(
                f"The minutes of the meeting of {in_words(meeting_date)} were recorded as sent "
                f"on {in_words(app.local_date(meeting.minutes_sent_at))} already."
            )
        meeting.minutes_sent_at = at if on == today else dt.datetime.combine(on, at.timetz())
        uow.session.add(meeting)
        transition_stage.withdraw_reminders(
            uow, None, f"reminder:minutes:{meeting_date.isoformat()}", at, why="minutes_sent"
        )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="minutes_sent",
            details={"meeting": meeting_date.isoformat(), "on": on.isoformat()},
        )
    return on


def minutes_outstanding(app: App) -> list[Any]:
    """Meetings held whose minutes are not recorded as sent, with their due dates (the
    schedule's Meeting, so that `status` can say when and whether overdue)."""
    with app.reading() as uow:
        held = uow.session.exec(
            select(col(MeetingRow.date)).where(
                MeetingRow.status == "held", col(MeetingRow.minutes_sent_at).is_(None)
            )
        ).all()
    return [app.deadlines.meeting(day) for day in sorted(held)]


def meetings_unrecorded(app: App) -> list[dt.date]:
    """Planned meetings of the last MINUTES_LOOKBACK that are not on record as held: until
    they are, their minutes are never due and the year's measures count them as not held.
    A meeting that discussed a referral is on record already."""
    today = app.today()
    planned = app.deadlines.schedule.between(today - MINUTES_LOOKBACK, today - dt.timedelta(1))
    if not planned:
        return []
    with app.reading() as uow:
        held = set(
            uow.session.exec(
                select(col(MeetingRow.date)).where(
                    MeetingRow.status == "held",
                    col(MeetingRow.date) >= planned[0].date,
                )
            ).all()
        )
    return [m.date for m in planned if m.date not in held]


MINUTES_LOOKBACK = dt.timedelta(days=30)


def minutes_reminders(app: App) -> list[dt.date]:
    """Two working days before a held meeting's minutes are due, remind the Business
    Manager by email and chat, once; the reminder says "overdue" if that day has passed.
    Minutes due more than MINUTES_LOOKBACK ago get no reminder (a board upgrading from
    before minutes were tracked would get one for every past meeting); `status` still
    lists them until they are recorded."""
    config, today, at = app.config, app.today(), app.clock()
    managers = config.people_with_role("business_manager")
    reminded = []
    for meeting in minutes_outstanding(app):
        if today < app.deadlines.calendar.add_working_days(meeting.minutes_due, -2):
            continue
        if meeting.minutes_due < today - MINUTES_LOOKBACK:
            continue
        kind = f"reminder:minutes:{meeting.date.isoformat()}"
        with work(app) as uow:
            if uow.session.exec(
                select(OutboundMessage.id).where(OutboundMessage.kind == kind)
            ).first():
                continue
            overdue = meeting.minutes_due < today
            app.queue_email(
                uow,
                "email/minutes_reminder.txt.j2",
                kind=kind,
                recipients=[m.email for m in managers],
                at=at,
                meeting=meeting,
                overdue=overdue,
                meeting_page=links.meeting(config, meeting.date),
            )
            chatqueue.tell_business_manager(
                uow.session,
                config,
                at,
                f"The minutes of the {config.terms.group} of {meeting.date:%d %b %Y} "
                f"{'were' if overdue else 'are'} due by {meeting.minutes_due:%d %b %Y}; once "
                f"they are out, record it on {links.meeting(config, meeting.date)}",
            )
            reminded.append(meeting.date)
    return reminded
