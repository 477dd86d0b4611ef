"""The jobs every pass runs: agenda packs prepared when due, reminders of minutes and of
decisions. Each is idempotent: a pass that runs twice sends nothing twice."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select

from .. import chatqueue
from ..store.tables import Meeting as MeetingRow
from ..store.tables import (
    OutboundMessage,
)
from ..store.tables import Referral as ReferralRow
from ..workflow.lifecycle import State
from . import actionplans
from . import precis as precis_stage
from .agenda import prepare_agenda
from .context import App, work
from .minutes import minutes_reminders


def scheduled_jobs(app: App) -> None:
    """Every job that runs on a date rather than on an event: each pass of the monitor and
    of `serve` runs them all; each sends what it sends once."""
    app.refresh_meetings()
    precis_stage.send_precis_reminders(app)
    agenda_jobs(app)
    decision_reminders(app)
    minutes_reminders(app)
    actionplans.update_requests(app)


def agenda_jobs(app: App) -> list[dt.date]:
    """On the working day before papers are due out, ask the Business Manager to confirm."""
    today, asked = app.today(), []
    cal = app.deadlines.calendar
    horizon = today + dt.timedelta(days=21)
    meetings = {m.date: m for m in app.deadlines.schedule.between(today, horizon)}
    with app.uow() as uow:  # and meetings convened for a case (a rapid review's review group)
        for row in uow.session.exec(
            select(MeetingRow).where(
                col(MeetingRow.date) >= today,
                col(MeetingRow.date) <= horizon,
                MeetingRow.status != "cancelled",
            )
        ):
            meetings.setdefault(row.date, app.deadlines.meeting(row.date))
    for meeting in sorted(meetings.values(), key=lambda m: m.date):
        if today >= cal.add_working_days(meeting.agenda_dispatch, -1) and prepare_agenda(
            app, meeting.date
        ):
            asked.append(meeting.date)
    return asked


def decision_reminders(app: App) -> list[str]:
    """Remind the decision maker when the deferral ends (4.5) and as the limit nears."""
    config, today, at = app.config, app.today(), app.clock()
    deciders = config.deciders
    sent = []
    with work(app) as uow:
        rows = uow.session.exec(
            select(ReferralRow).where(
                col(ReferralRow.state).in_([State.DISCUSSED.value, State.DECISION_PENDING.value])
            )
        ).all()
        for row in rows:
            referral = uow.referrals.aggregate(row)
            for due in app.deadlines.for_referral(referral, today, row.notified_on):
                if not due.what.startswith("decision") or due.date > today + dt.timedelta(3):
                    continue
                kind = f"reminder:{due.what}:{due.date.isoformat()}"
                already = uow.session.exec(
                    select(OutboundMessage.id).where(
                        OutboundMessage.kind == kind, OutboundMessage.referral_id == row.id
                    )
                ).first()
                if already is not None:
                    continue
                app.queue_email(
                    uow,
                    "email/due_reminder.txt.j2",
                    kind=kind,
                    recipients=[d.email for d in deciders],
                    referral_id=row.id,
                    at=at,
                    reference=row.reference,
                    what=due.what,
                    due=due.date,
                    rule=due.rule,
                    overdue=due.date < today,
                )
                for decider in deciders:
                    chatqueue.queue(
                        uow.session,
                        config,
                        "reminder",
                        at,
                        referral_id=row.id,
                        target=decider.id,
                        text=f"Overdue: for {row.reference} the {due.what} was due on "
                        f"{due.date:%d %B %Y} ({due.rule})."
                        if due.date < today
                        else f"Reminder: for {row.reference} the {due.what} is due on "
                        f"{due.date:%d %B %Y} ({due.rule}).",
                    )
                sent.append(row.reference)
    return sent
