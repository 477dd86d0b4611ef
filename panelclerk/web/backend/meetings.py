"""The meetings as the console shows them, with every deadline, and the Business Manager's
and the Chair's acts on one: the same application calls as the command line's.

The read of the meetings (`meetings`, `meeting`) is a read model the application does not
have yet; it belongs in `application/`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlmodel import col, select

from ...application import agenda, meeting_changes, minutes
from ...application import meetings as meetings_stage
from ...store.tables import AgendaItem
from ...store.tables import Meeting as MeetingRow
from ...store.tables import Referral as ReferralRow
from ...workflow.calendar import add_months
from .common import App

PAST_MEETINGS = dt.timedelta(days=92)  # the console lists the last three months' as well


@dataclass(frozen=True)
class MeetingLine:
    date: dt.date
    start: dt.time
    submission_deadline: dt.date
    precis_due: dt.date
    agenda_dispatch: dt.date
    minutes_due: dt.date
    moved_from: dt.date | None
    status: str  # planned, held, cancelled
    scheduled: bool  # on the board's schedule (else convened for a case)
    agenda_status: str  # open, awaiting_confirmation, sent
    agenda_sent_at: dt.datetime | None
    minutes_sent_at: dt.datetime | None
    attended: tuple[str, ...]  # agency ids on record as attending
    referrals: tuple[str, ...]  # reference codes on its agenda
    other_items: int
    past: bool  # before today
    ahead: bool  # after today

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


def _meeting_lines(app: App, first: dt.date, last: dt.date) -> list[MeetingLine]:
    """The meetings between two days: the schedule's, those cancelled (by the board file or
    through the product), and any convened for a case, with what is on record of each."""
    app.refresh_meetings()
    today = app.today()
    deadlines = app.deadlines
    schedule = deadlines.schedule
    planned = {m.date: m for m in schedule.between(first, last)}
    cancelled = {d for d in deadlines.config.meetings.cancelled if first <= d <= last}
    with app.reading() as uow:
        stored = {
            m.date: m
            for m in uow.session.exec(
                select(MeetingRow).where(
                    col(MeetingRow.date) >= first, col(MeetingRow.date) <= last
                )
            )
        }
        items = uow.session.exec(
            select(AgendaItem.meeting_id, ReferralRow.reference)
            .join(ReferralRow, col(AgendaItem.referral_id) == col(ReferralRow.id), isouter=True)
            .where(col(AgendaItem.meeting_id).in_([m.id for m in stored.values()]))
        ).all()
    on_agenda: dict[int, list[str]] = {}
    others: Counter[int] = Counter()
    for meeting_id, reference in items:
        if reference is None:
            others[meeting_id] += 1
        else:
            on_agenda.setdefault(meeting_id, []).append(reference)
    lines = []
    for day in sorted(set(planned) | cancelled | set(stored)):
        info = planned.get(day) or schedule.meeting_on(day)
        row = stored.get(day)
        status = "cancelled" if day in cancelled else (row.status if row else "planned")
        lines.append(
            MeetingLine(
                date=day,
                start=info.start,
                submission_deadline=info.submission_deadline,
                precis_due=info.precis_due,
                agenda_dispatch=info.agenda_dispatch,
                minutes_due=info.minutes_due,
                moved_from=info.moved_from,
                status=status,
                scheduled=day in planned or day in cancelled,
                agenda_status=row.agenda_status if row else "open",
                agenda_sent_at=row.agenda_sent_at if row else None,
                minutes_sent_at=row.minutes_sent_at if row else None,
                attended=tuple(row.attended_agencies) if row else (),
                referrals=tuple(sorted(on_agenda.get(row.id or 0, []))) if row else (),
                other_items=others[row.id or 0] if row else 0,
                past=day < today,
                ahead=day > today,
            )
        )
    return lines


def meetings(app: App) -> list[MeetingLine]:
    """The last three months' meetings and the year ahead, cancelled ones among them."""
    today = app.today()
    horizon = app.config.meetings.horizon_months
    return _meeting_lines(app, today - PAST_MEETINGS, add_months(today, horizon))


def meeting(app: App, day: dt.date) -> MeetingLine | None:
    """One meeting, if it is (or was) one: on the schedule, cancelled, or on record."""
    found = _meeting_lines(app, day, day)
    return found[0] if found else None


def confirm_agenda(app: App, day: dt.date, person_id: str) -> int:
    """The Business Manager sends the agenda pack (CLI `agenda confirm`); how many get it."""
    return agenda.confirm_agenda(app, day, person_id)


def record_meeting(app: App, day: dt.date, person_id: str, attended: list[str]) -> tuple[str, ...]:
    """The meeting held, with the agencies that attended (CLI `attendance`)."""
    return meetings_stage.record_meeting(app, day, person_id, attended)


def record_minutes_sent(
    app: App, day: dt.date, person_id: str, on: dt.date | None = None
) -> dt.date:
    """The minutes went out (CLI `minutes sent`); they stop being due."""
    return minutes.record_minutes_sent(app, day, person_id, on)


def cancel_meeting(app: App, day: dt.date, person_id: str, reason: str) -> dt.date | None:
    """A planned meeting with no business cancelled (CLI `cancel-meeting`); the next one."""
    return meeting_changes.cancel_meeting(app, day, person_id, reason)


def reinstate_meeting(app: App, day: dt.date, person_id: str) -> None:
    """A cancellation undone while the meeting is ahead (CLI `reinstate-meeting`)."""
    meeting_changes.reinstate_meeting(app, day, person_id)


def move_referral(app: App, reference: str, person_id: str, day: dt.date) -> dt.date:
    """A referral on an agenda moved to another meeting ahead (CLI `move REF reschedule`):
    the agencies still owing a précis are told the new date; the meeting it leaves may then
    be cancelled. The meeting it is on now."""
    return meetings_stage.reschedule(app, reference, person_id, day)
