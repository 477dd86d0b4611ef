"""The sub-group's meeting schedule and the dates that hang off each meeting.

Cambridgeshire 7.1-7.3: monthly, Tuesday mornings, set a year ahead; items in 10 working days
before; papers out 5 working days before; minutes within 14 working days (7.6).
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from dataclasses import dataclass

from .calendar import WorkingCalendar, add_months
from .config import MeetingRule, TimeLimits
from .config_base import WEEKDAYS


def in_words(day: dt.date, weekday: bool = False) -> str:
    """A date as people write it in a sentence: "8 December 2026" ("Tuesday 8 December
    2026" with the weekday), never "08 Dec 2026" or "2026-12-08"."""
    said = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {said}" if weekday else said


@dataclass(frozen=True)
class Meeting:
    date: dt.date
    start: dt.time
    submission_deadline: dt.date
    agenda_dispatch: dt.date
    precis_due: dt.date
    precis_reminder: dt.date
    minutes_due: dt.date
    moved_from: dt.date | None = None  # the rule's date, when a closure moved it

    @property
    def key(self) -> str:
        return self.date.isoformat()


@dataclass(frozen=True)
class Slot:
    """Which meeting an item received on a date can still make, and whether it missed one."""

    meeting: Meeting
    missed: Meeting | None  # the earlier meeting whose deadline had passed


class MeetingSchedule:
    def __init__(self, rule: MeetingRule, limits: TimeLimits, calendar: WorkingCalendar) -> None:
        self.rule = rule
        self.limits = limits
        self.calendar = calendar
        self._cancelled = frozenset(rule.cancelled)
        self._cache: dict[tuple[int, int], Meeting | None] = {}
        # A schedule never changes (cancellations make a new one), and the pipeline asks it
        # the same questions for every referral: each answer is worked out once.
        self._slots: dict[tuple[dt.date, dt.date | None], Slot] = {}

    def _rule_date(self, year: int, month: int) -> dt.date:
        weekday = WEEKDAYS.index(self.rule.weekday)
        days = [
            d
            for d in _stdcal.Calendar().itermonthdates(year, month)
            if d.month == month and d.weekday() == weekday
        ]
        return days[-1] if self.rule.week_of_month == -1 else days[self.rule.week_of_month - 1]

    def _month(self, year: int, month: int) -> Meeting | None:
        key = (year, month)
        if key not in self._cache:
            planned = self._rule_date(year, month)
            actual = self.calendar.next_working_day(planned)
            if planned in self._cancelled or actual in self._cancelled:
                self._cache[key] = None
            else:
                self._cache[key] = self.meeting_on(actual, moved_from=planned)
        return self._cache[key]

    def meeting_on(self, day: dt.date, moved_from: dt.date | None = None) -> Meeting:
        cal, lim = self.calendar, self.limits
        precis_due = cal.before(day, lim.precis_due_before_meeting)
        return Meeting(
            date=day,
            start=self.rule.start_time,
            submission_deadline=cal.before(day, lim.submission_before_meeting),
            agenda_dispatch=cal.before(day, lim.agenda_dispatch_before_meeting),
            precis_due=precis_due,
            precis_reminder=cal.before(precis_due, lim.precis_reminder_before_due),
            minutes_due=cal.after(day, lim.minutes_after_meeting),
            moved_from=moved_from if moved_from not in (None, day) else None,
        )

    def between(self, start: dt.date, end: dt.date) -> list[Meeting]:
        """Meetings on or after `start` and on or before `end`, cancellations removed."""
        found: list[Meeting] = []
        month = dt.date(start.year, start.month, 1)
        while month <= end:
            meeting = self._month(month.year, month.month)
            if meeting is not None and start <= meeting.date <= end:
                found.append(meeting)
            month = add_months(month, 1)
        for extra in self.rule.extra:
            if start <= extra <= end and extra not in self._cancelled:
                found.append(self.meeting_on(extra))
        found.sort(key=lambda m: m.date)
        return found

    def year_ahead(self, start: dt.date) -> list[Meeting]:
        return self.between(start, add_months(start, self.rule.horizon_months))

    def find(self, day: dt.date) -> Meeting | None:
        return next((m for m in self.between(day, day)), None)

    def slot_for(self, received: dt.date, today: dt.date | None = None) -> Slot:
        """The first meeting whose submission deadline had not passed on `received` and that
        is not yet held on `today`: an item read late (after an outage, or released from
        quarantine) was on time if it arrived on time, but cannot join a meeting gone by."""
        known = self._slots.get((received, today))
        if known is not None:
            return known
        if len(self._slots) > 10_000:  # bounded, whatever asks
            self._slots.clear()
        slot = self._slot_for(received, today)
        self._slots[(received, today)] = slot
        return slot

    def _slot_for(self, received: dt.date, today: dt.date | None) -> Slot:
        missed: Meeting | None = None
        first = received if today is None else max(received, today)
        horizon = add_months(first, self.rule.horizon_months + 2)
        for meeting in self.between(received, horizon):
            if meeting.date < first:
                continue
            if received <= meeting.submission_deadline:
                return Slot(meeting, missed)
            if missed is None:
                missed = meeting
        raise LookupError(
            f"no meeting within {self.rule.horizon_months + 2} months of {received.isoformat()}: "
            "check meetings.cancelled in the board config"
        )
