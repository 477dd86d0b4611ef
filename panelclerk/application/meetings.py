"""The sub-group's meetings (Cambridgeshire 7.1, 7.6): which meeting a case is on, a case
moved to another, and a meeting recorded as held with the agencies that attended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlmodel import col, select

from .. import links
from ..store import audit
from ..store.tables import AgendaItem, Precis
from ..store.tables import Meeting as MeetingRow
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.config import BoardConfig
from ..workflow.errors import WorkflowError
from ..workflow.lifecycle import State
from ..workflow.meetings import in_words
from .context import App, work
from .precis import queue_precis_email
from .transition import transition, withdraw_reminders


def meeting_row(uow: UnitOfWork, board_id: int, day: dt.date) -> MeetingRow:
    """The stored row of a scheduled meeting, made on first use (agenda status lives there)."""
    found = uow.session.exec(select(MeetingRow).where(MeetingRow.date == day)).first()
    if found is None:
        found = MeetingRow(board_id=board_id, date=day)
        uow.session.add(found)
        uow.session.flush()
    return found


def is_meeting(app: App, uow: UnitOfWork, day: dt.date) -> bool:
    """A meeting on the schedule, or one convened for a case (a rapid review's review group
    meets on the day its referrer was told): a referral is on it, or it is on record."""
    if app.deadlines.schedule.find(day) is not None:
        return True
    stored = uow.session.exec(select(MeetingRow).where(MeetingRow.date == day)).first()
    if stored is not None:
        return stored.status != "cancelled"
    return (
        uow.session.exec(select(ReferralRow.id).where(ReferralRow.meeting_date == day)).first()
        is not None
    )


def meeting_to_be(app: App, uow: UnitOfWork, day: dt.date) -> None:
    """A meeting a referral may be put on or moved to: one still ahead (so not held) and not
    cancelled, on the schedule, or, when the clock is the incident, one convened for
    the case on any working day. A form left open in a tab since may name one gone by."""
    today, said = app.today(), in_words(day, weekday=True)
    if day <= today:
        raise WorkflowError(
            f"The meeting of {said} has gone by: choose a meeting after today."
            if day < today
            else f"The meeting of {said} is today: choose a meeting after today."
        )
    stored = uow.session.exec(select(MeetingRow).where(MeetingRow.date == day)).first()
    if stored is not None and stored.status == "cancelled":
        raise WorkflowError(f"The meeting of {said} is cancelled: choose another meeting.")
    if app.deadlines.incident_clock:
        if not app.deadlines.calendar.is_working_day(day):
            raise WorkflowError(f"{said} is not a working day: choose a working day.")
    elif app.deadlines.schedule.find(day) is None:
        raise WorkflowError(
            f"No {app.config.terms.group} meeting is planned on {said}: choose one of the "
            "board's meetings."
        )


def reschedule(
    app: App,
    reference: str,
    actor_id: str,
    meeting_date: dt.date | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> dt.date:
    """The referral moves to another meeting (the next after its own, unless one is named),
    one still ahead and planned: its agenda item goes with it, the move is audited with both
    dates, and each agency whose précis is still awaited is asked again with its new due
    date (a reminder still queued for the old one is withdrawn). Any referral on an agenda
    whose meeting is not on record as held may be moved; a meeting with business can then
    be cancelled."""
    at, today = app.clock(), app.today()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        was = row.meeting_date
        if was is not None and row.state in (State.ON_AGENDA.value, State.PRECIS_REQUESTED.value):
            held = uow.session.exec(select(MeetingRow.status).where(MeetingRow.date == was)).first()
            if held == "held":
                raise WorkflowError(
                    f"The meeting of {in_words(was)} is on record as held, so {row.reference} "
                    "cannot be moved from it."
                )
        if meeting_date is None:
            after = max(today, was or today)
            cancelled = set(
                uow.session.exec(
                    select(col(MeetingRow.date)).where(MeetingRow.status == "cancelled")
                ).all()
            )  # here, or by another process since this one read the schedule
            later = [
                m.date
                for m in app.deadlines.schedule.year_ahead(after)
                if m.date > after and m.date not in cancelled
            ]
            if not later:
                raise WorkflowError(
                    f"No meeting is planned after {in_words(after)} to move {row.reference} to."
                )
            meeting_date = later[0]
        elif meeting_date == was:
            raise WorkflowError(
                f"{row.reference} is on the agenda of {in_words(was, weekday=True)} already: "
                "choose another meeting."
            )
        else:
            meeting_to_be(app, uow, meeting_date)
        transition(
            app, uow, row, referral, "reschedule", app.actor(actor_id), at,
            meeting_date=meeting_date, moved_from=was,
        )  # fmt: skip
        meeting = meeting_row(uow, row.board_id, meeting_date)
        assert meeting.id is not None and row.id is not None
        for item in uow.session.exec(
            select(AgendaItem).where(AgendaItem.referral_id == row.id)
        ).all():
            item.meeting_id = meeting.id
            uow.session.add(item)
        info = app.deadlines.meeting(meeting_date)
        before = app.deadlines.meeting(was).precis_due if was is not None else None
        awaited = uow.session.exec(
            select(Precis).where(Precis.referral_id == row.id, col(Precis.received_at).is_(None))
        ).all()
        if info.precis_due == before:
            awaited = []  # due on the same day still: nothing to tell, nothing to withdraw
        else:
            withdraw_reminders(uow, row, "precis_reminder", at, why="reschedule")
        for precis in awaited:
            precis.reminded_at = None  # the new meeting's reminder is still to come
            uow.session.add(precis)
            queue_precis_email(
                app, uow, row, precis.agency_key, info, at, reminder=False, moved_from=was
            )
    return meeting_date


def record_discussion(
    app: App,
    reference: str,
    actor_id: str,
    attended: Iterable[str],
    *,
    uow: UnitOfWork | None = None,
) -> None:
    at = app.clock()
    attended = _known_agencies(app.config, attended)
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        transition(
            app, uow, row, referral, "record_discussion", app.actor(actor_id), at, attended=attended
        )
        assert referral.meeting_date is not None
        _held(uow, meeting_row(uow, row.board_id, referral.meeting_date), attended)


def _known_agencies(config: BoardConfig, attended: Iterable[str]) -> list[str]:
    attended = sorted(set(attended))
    unknown = [a for a in attended if config.agency(a) is None]
    if unknown:
        known = ", ".join(a.id for a in config.agencies)
        raise WorkflowError(
            f"The attendance names agencies the board file does not have: {', '.join(unknown)}. "
            f"The board's agencies are {known}."
        )
    return attended


def _held(uow: UnitOfWork, meeting: MeetingRow, attended: Iterable[str]) -> list[str]:
    """The meeting is on record as held, its attendance added to; who is new to it."""
    added = sorted(set(attended) - set(meeting.attended_agencies))
    meeting.status = "held"
    meeting.attended_agencies = sorted(set(meeting.attended_agencies) | set(attended))
    uow.session.add(meeting)
    return added


def record_meeting(
    app: App, day: dt.date, actor_id: str, attended: Iterable[str]
) -> tuple[str, ...]:
    """The Business Manager records that a meeting took place and who attended (7.6): a
    meeting whose business was action plans or other items, with no referral discussed,
    is on record too, and its minutes fall due. Each referral on its agenda not yet
    recorded as discussed is, in the same transaction, so its members' recommendations
    open (4.3) with no separate step. Attendance adds to what the discussions recorded; it
    returns the agencies on record for the meeting."""
    config, at = app.config, app.clock()
    config.business_manager(actor_id, "record a meeting's attendance")
    attended = _known_agencies(config, attended)
    if not attended:
        raise WorkflowError("Name at least one agency that attended.")
    if day > app.today():
        raise WorkflowError(
            f"The meeting of {in_words(day)} has not happened yet: record it as held on the "
            "day or after."
        )
    if not app.deadlines.incident_clock and app.deadlines.schedule.find(day) is None:
        raise WorkflowError(
            f"No {config.terms.group} meeting is scheduled on {in_words(day, weekday=True)}: "
            f"see {links.meetings(config)}. A meeting held on another day is added by IT to "
            "meetings.extra in the board file."
        )
    with work(app) as uow:
        meeting = meeting_row(uow, app.board_id, day)
        added = _held(uow, meeting, attended)
        on_agenda = uow.session.exec(
            select(col(AgendaItem.referral_id)).where(
                AgendaItem.meeting_id == meeting.id, col(AgendaItem.referral_id).is_not(None)
            )
        ).all()
        actor = app.actor(actor_id)
        for referral_id in sorted({r for r in on_agenda if r is not None}):
            row = uow.session.get(ReferralRow, referral_id)
            if row is None or row.state not in (
                State.ON_AGENDA.value,
                State.PRECIS_REQUESTED.value,
            ):
                continue  # discussed already, moved on, or taken off this meeting
            row, referral = uow.referrals.get(row.reference)
            transition(
                app, uow, row, referral, "record_discussion", actor, at, attended=list(attended)
            )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="record_meeting",
            details={"meeting": day.isoformat(), "attended": added},
        )
        return tuple(meeting.attended_agencies)
