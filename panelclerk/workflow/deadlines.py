"""Every due date that follows from a referral's state, counted by the board's rules.

The clock runs from the meeting (Cambridgeshire 7.2-7.3, 4.5), from the board's notification of
the incident (North West: decide within one month) and from the decision (Panel within 14
days; review begun within 3 months and completed within 12, Cambridgeshire 7.6).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import WorkingCalendar
from .config import BoardConfig
from .durations import Duration
from .lifecycle import State
from .meetings import Meeting, MeetingSchedule, Slot
from .referral import Referral

PRE_DECISION = frozenset(
    {
        State.RECEIVED,
        State.INCOMPLETE,
        State.AWAITING_SCREENING,
        State.MORE_INFO_REQUESTED,
        State.ON_AGENDA,
        State.PRECIS_REQUESTED,
        State.DISCUSSED,
        State.DECISION_PENDING,
    }
)


@dataclass(frozen=True)
class Due:
    what: str
    date: dt.date
    rule: str

    def overdue(self, today: dt.date) -> bool:
        return self.date < today


@dataclass(frozen=True)
class RapidReviewPlan:
    """The day plan of a rapid review, counted in working days from the notification."""

    notified: dt.date
    notification_due: dt.date | None
    summaries_due: dt.date | None
    meeting: dt.date | None
    sign_off_due: dt.date
    length: int  # working days in the whole window

    def day(self, today: dt.date, calendar: WorkingCalendar) -> int:
        return max(0, calendar.working_days_between(self.notified, today))


class Deadlines:
    """Computes due dates from a board's config; built once per process."""

    def __init__(self, config: BoardConfig) -> None:
        self.config = config
        rules = config.calendar
        self.calendar = WorkingCalendar(
            rules.country, rules.subdivision, rules.closure_days, rules.closure_days_every_year
        )
        self.schedule = MeetingSchedule(config.meetings, config.time_limits, self.calendar)

    def meeting(self, day: dt.date) -> Meeting:
        return self.schedule.find(day) or self.schedule.meeting_on(day)

    @property
    def incident_clock(self) -> bool:
        return self.config.framework.clock == "incident"

    def plan(self, notified: dt.date) -> RapidReviewPlan:
        limits, cal = self.config.time_limits, self.calendar
        assert limits.rapid_review_within is not None

        def after(limit: Duration | None) -> dt.date | None:
            return cal.after(notified, limit) if limit else None

        return RapidReviewPlan(
            notified=notified,
            notification_due=after(limits.notification_within),
            summaries_due=after(limits.agency_summaries_within),
            meeting=after(limits.review_group_within),
            sign_off_due=cal.after(notified, limits.rapid_review_within),
            length=limits.rapid_review_within.amount,
        )

    def precis_due(
        self, received: dt.date, notified: dt.date | None, meeting: dt.date | None
    ) -> dt.date | None:
        """When each agency's précis is due: by a working day of the rapid review when the
        clock is the incident, else before the meeting the case is on."""
        if self.incident_clock:
            plan = self.plan(notified or received)
            if plan.summaries_due:
                return plan.summaries_due
        return self.meeting(meeting).precis_due if meeting else None

    def slot(
        self, received: dt.date, notified: dt.date | None = None, today: dt.date | None = None
    ) -> Slot:
        """The meeting a case can make: the next monthly meeting not yet held on `today`
        whose deadline it met, or, when the clock is the incident, the review group convened
        inside its window."""
        if self.incident_clock:
            plan = self.plan(notified or received)
            day = plan.meeting or plan.sign_off_due
            return Slot(self.schedule.meeting_on(self.calendar.previous_working_day(day)), None)
        return self.schedule.slot_for(received, today)

    def _incident_dues(
        self,
        referral: Referral,
        today: dt.date,
        notified_on: dt.date | None,
        notification_sent: bool,
    ) -> list[Due]:
        terms, state = self.config.terms, referral.state
        plan = self.plan(notified_on or referral.received_on)
        window = f"day {plan.length} of the {terms.review_process}"
        out: list[Due] = []
        if state not in PRE_DECISION:
            return out
        if plan.notification_due and not notification_sent:
            out.append(
                Due(
                    f"serious incident notification to the {terms.national_panel}",
                    plan.notification_due,
                    f"within {self.config.time_limits.notification_within} of becoming aware",
                )
            )
        if state in (State.ON_AGENDA, State.PRECIS_REQUESTED):
            if plan.summaries_due:
                out.append(
                    Due(
                        f"{terms.precis} from each agency",
                        plan.summaries_due,
                        f"by working day {self.config.time_limits.agency_summaries_within}",
                    )
                )
            meeting = referral.meeting_date or plan.meeting
            if meeting:
                out.append(Due(f"{terms.group} meeting", meeting, "convened for this case"))
        out.append(
            Due(
                f"{terms.review_process} signed off by the {terms.decision_maker} and "
                f"sent to the {terms.national_panel}",
                plan.sign_off_due,
                window,
            )
        )
        out.sort(key=lambda d: d.date)
        return out

    def for_referral(
        self,
        referral: Referral,
        today: dt.date,
        notified_on: dt.date | None = None,
        notification_sent: bool = False,
    ) -> list[Due]:
        limits, terms, cal = self.config.time_limits, self.config.terms, self.calendar
        state = referral.state
        if self.incident_clock and state in PRE_DECISION:
            return self._incident_dues(referral, today, notified_on, notification_sent)
        out: list[Due] = []
        if state in (State.RECEIVED, State.INCOMPLETE):
            slot = self.schedule.slot_for(max(referral.received_on, today))
            out.append(
                Due(
                    f"complete form for the meeting of {slot.meeting.date:%d %b %Y}",
                    slot.meeting.submission_deadline,
                    f"{limits.submission_before_meeting} before the meeting",
                )
            )
        elif state in (State.AWAITING_SCREENING, State.MORE_INFO_REQUESTED):
            slot = self.schedule.slot_for(referral.received_on)
            meeting = slot.meeting
            if meeting.agenda_dispatch < today:
                meeting = self.schedule.slot_for(today).meeting
            out.append(
                Due(
                    f"screening by the {terms.decision_maker} for {meeting.date:%d %b %Y}",
                    meeting.agenda_dispatch,
                    f"papers go out {limits.agenda_dispatch_before_meeting} before the meeting",
                )
            )
        elif state in (State.ON_AGENDA, State.PRECIS_REQUESTED) and referral.meeting_date:
            meeting = self.meeting(referral.meeting_date)
            out += [
                Due(
                    f"{terms.precis} from each agency",
                    meeting.precis_due,
                    f"{limits.precis_due_before_meeting} before the meeting",
                ),
                Due(
                    "agenda and papers sent",
                    meeting.agenda_dispatch,
                    f"{limits.agenda_dispatch_before_meeting} before the meeting",
                ),
                Due(f"{terms.group} meeting", meeting.date, "the meeting itself"),
            ]
        elif state in (State.DISCUSSED, State.DECISION_PENDING) and referral.meeting_date:
            out.append(
                Due(
                    f"decision by the {terms.decision_maker}",
                    cal.after(referral.meeting_date, limits.decision_deferral_after_meeting),
                    f"normally deferred {limits.decision_deferral_after_meeting} after the meeting",
                )
            )
        decided = referral.decision.decided_on if referral.decision else None
        if state == State.DECIDED and decided:
            out.append(
                Due(
                    "decision email to the distribution list",
                    decided,
                    "shared once the decision is made",
                )
            )
            if limits.panel_notification_after_decision is not None:
                out.append(
                    Due(
                        f"{terms.national_panel} notified",
                        cal.after(decided, limits.panel_notification_after_decision),
                        f"within {limits.panel_notification_after_decision} of the decision",
                    )
                )
        if state == State.NOTIFIED and decided and not referral.closed:
            out.append(
                Due(
                    "review begun",
                    cal.after(decided, limits.review_start_after_decision),
                    f"within {limits.review_start_after_decision} of the decision",
                )
            )
        if state in (State.NOTIFIED, State.REVIEW_UNDERWAY) and decided and not referral.closed:
            out.append(
                Due(
                    "review completed",
                    cal.after(decided, limits.review_complete_after_decision),
                    f"within {limits.review_complete_after_decision} of the decision",
                )
            )
        if state in PRE_DECISION and limits.decide_within_of_notification is not None:
            start = notified_on or referral.received_on
            out.append(
                Due(
                    f"decision by the {terms.decision_maker}",
                    cal.after(start, limits.decide_within_of_notification),
                    f"at the latest: within {limits.decide_within_of_notification} of the "
                    "incident's notification",
                )
            )
        out.sort(key=lambda d: d.date)
        return out

    def decision_due(
        self,
        state: State,
        received_on: dt.date,
        meeting_date: dt.date | None = None,
        notified_on: dt.date | None = None,
    ) -> dt.date | None:
        """The day the decision is due, while it is still to be made: the earliest of the
        framework's limits. Under an incident clock, the rapid review's sign-off; otherwise the
        meeting's deferral (4.5) once a meeting is set, and the limit from the notification
        (North West: one month) wherever the board has one. None when nothing sets a date."""
        if state not in PRE_DECISION:
            return None
        limits, cal = self.config.time_limits, self.calendar
        if self.incident_clock:
            return self.plan(notified_on or received_on).sign_off_due
        dates = []
        if meeting_date is not None and state not in (State.RECEIVED, State.INCOMPLETE):
            dates.append(cal.after(meeting_date, limits.decision_deferral_after_meeting))
        if limits.decide_within_of_notification is not None:
            dates.append(
                cal.after(notified_on or received_on, limits.decide_within_of_notification)
            )
        return min(dates) if dates else None

    def decision_dues(
        self, referral: Referral, today: dt.date, notified_on: dt.date | None = None
    ) -> list[Due]:
        """What the decision maker is reminded of while a decision is to be made, counted
        from the meeting (4.5: deferred after the meeting, whether or not anyone has yet
        marked the case discussed) and from the notification (North West: one month), or,
        under an incident clock, the rapid review's sign-off counted from the notification.
        Nothing before the form is complete: there is nothing yet to decide on."""
        state = referral.state
        if state not in PRE_DECISION or state in (State.RECEIVED, State.INCOMPLETE):
            return []
        limits, terms, cal = self.config.time_limits, self.config.terms, self.calendar
        if self.incident_clock:
            plan = self.plan(notified_on or referral.received_on)
            return [
                Due(
                    f"decision by the {terms.decision_maker}",
                    plan.sign_off_due,
                    f"the {terms.review_process} signed off by day {plan.length}, counted "
                    "from the notification",
                )
            ]
        out: list[Due] = []
        meeting = referral.meeting_date
        if meeting is not None and meeting <= today:
            out.append(
                Due(
                    f"decision by the {terms.decision_maker}",
                    cal.after(meeting, limits.decision_deferral_after_meeting),
                    f"normally deferred {limits.decision_deferral_after_meeting} after the "
                    f"meeting of {meeting:%d %B %Y}",
                )
            )
        if limits.decide_within_of_notification is not None:
            out.append(
                Due(
                    f"decision by the {terms.decision_maker}",
                    cal.after(
                        notified_on or referral.received_on, limits.decide_within_of_notification
                    ),
                    f"at the latest: within {limits.decide_within_of_notification} of the "
                    "incident's notification",
                )
            )
        return sorted(out, key=lambda d: d.date)

    def review_dues(self, referral: Referral) -> list[Due]:
        """A review decided upon: begun within 3 months and completed within 12 (7.6; Working
        Together 2023: LCSPRs within 6), each due until it is recorded."""
        decision = referral.decision
        if decision is None or not decision.starts_review or referral.closed:
            return []
        limits, cal = self.config.time_limits, self.calendar
        out: list[Due] = []
        if referral.state in (State.DECIDED, State.NOTIFIED):
            out.append(
                Due(
                    "review begun",
                    cal.after(decision.decided_on, limits.review_start_after_decision),
                    f"within {limits.review_start_after_decision} of the decision",
                )
            )
        if referral.state in (State.DECIDED, State.NOTIFIED, State.REVIEW_UNDERWAY):
            out.append(
                Due(
                    "review completed",
                    cal.after(decision.decided_on, limits.review_complete_after_decision),
                    f"within {limits.review_complete_after_decision} of the decision",
                )
            )
        return out

    def next_due(
        self,
        referral: Referral,
        today: dt.date,
        notified_on: dt.date | None = None,
        notification_sent: bool = False,
    ) -> Due | None:
        found = self.for_referral(referral, today, notified_on, notification_sent)
        return found[0] if found else None
