"""The jobs every pass runs: agenda packs prepared when due, reminders of minutes, of
decisions and of reviews. Each is idempotent: a pass that runs twice sends nothing twice."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select

from .. import chatqueue
from ..store.referrals import aggregate
from ..store.tables import Decision as DecisionRow
from ..store.tables import Meeting as MeetingRow
from ..store.tables import (
    OutboundMessage,
    SignOff,
)
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.config import Person
from ..workflow.deadlines import PRE_DECISION
from ..workflow.lifecycle import State
from . import actionplans
from . import precis as precis_stage
from .agenda import prepare_agenda
from .context import App, work
from .minutes import minutes_reminders
from .reviewing import review_reminders


def scheduled_jobs(app: App) -> None:
    """Every job that runs on a date rather than on an event: each pass of the monitor and
    of `serve` runs them all; each sends what it sends once."""
    app.refresh_meetings()
    precis_stage.send_precis_reminders(app)
    agenda_jobs(app)
    decision_reminders(app)
    minutes_reminders(app)
    review_reminders(app)
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
    """Remind the decision maker as the decision's limits near and once they pass, counted
    from the meeting (4.5: the deferral ends a week after it, whether or not anyone has
    marked the case discussed), from the notification (North West: one month), or, under
    Working Together 2023, from the notification to the rapid review's sign-off. Under a
    joint decision only the partners yet to sign off are reminded (all, when they differ)."""
    config, today, at = app.config, app.today(), app.clock()
    waiting_states = [s.value for s in PRE_DECISION if s not in (State.RECEIVED, State.INCOMPLETE)]
    sent = []
    with work(app) as uow:
        rows = uow.session.exec(
            select(ReferralRow).where(col(ReferralRow.state).in_(waiting_states))
        ).all()
        # Every pass runs this (about once a second under `serve`): the referrals' decisions
        # and the reminders already sent are read in one query each, not one per referral.
        ids = [row.id for row in rows]
        decisions = {
            d.referral_id: d
            for d in uow.session.exec(
                select(DecisionRow).where(col(DecisionRow.referral_id).in_(ids))
            )
        }
        reminded = set(
            uow.session.exec(
                select(OutboundMessage.kind, OutboundMessage.referral_id).where(
                    col(OutboundMessage.kind).startswith("reminder:"),
                    col(OutboundMessage.referral_id).in_(ids),
                )
            ).all()
        )
        for row in rows:
            referral = aggregate(row, decisions.get(row.id or 0))
            deciders = _yet_to_decide(app, uow, row)
            for due in app.deadlines.decision_dues(referral, today, row.notified_on):
                if today < _remind_from(app, due.date):
                    continue
                kind = f"reminder:{due.what}:{due.date.isoformat()}"
                if (kind, row.id) in reminded:
                    continue
                reminded.add((kind, row.id))
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


def _remind_from(app: App, due: dt.date) -> dt.date:
    """Three days before a decision is due, or the working day before that when it falls on a
    weekend or a closure day: a reminder sent on a Saturday is read on Monday."""
    return app.deadlines.calendar.previous_working_day(due - dt.timedelta(3))


def _yet_to_decide(app: App, uow: UnitOfWork, row: ReferralRow) -> tuple[Person, ...]:
    """Who a decision reminder goes to: the decision makers; under a joint decision those
    partners who have not signed off, or all of them when every one has and they differ."""
    deciders = app.config.deciders
    if app.config.framework.decision_makers != "partners":
        return deciders
    signed = set(
        uow.session.exec(
            select(SignOff.person_key).where(
                SignOff.referral_id == row.id, col(SignOff.current).is_(True)
            )
        )
    )
    return tuple(d for d in deciders if d.id not in signed) or deciders
