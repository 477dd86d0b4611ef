"""How the sub-group did against its own measures over a period, from what is on record.

Cambridgeshire 7.6 lists the measures the sub-group is judged by: planned meetings take
place, agencies attend, reviews begin within 3 months of the decision and finish within 12,
minutes go out within 14 working days, and "any agencies or actions that are at risk of not
being completed within the timescale" are raised with the Independent Chair. 7.3 adds papers
out 5 working days before the meeting; North West adds a decision within one month of the
notification and the Panel told within 14 days; Working Together 2023 a rapid review within
15 working days. Each measure is counted only when the board's config sets its limit.

Meeting measures count the meetings held in the period. Case measures count what fell due
in the period: done (on time or late), or not done and already past its date; an item still
within its time is not counted until it is done or late. Pure: the caller gathers records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .actions import AT_RISK_WITHIN as AT_RISK_WITHIN  # defined beside the tracker
from .actions import Action, Tracker
from .config import BoardConfig
from .deadlines import Deadlines
from .durations import Duration


@dataclass(frozen=True)
class MeetingRecord:
    date: dt.date
    held: bool
    attended: frozenset[str]
    agenda_sent: dt.date | None = None
    minutes_sent: dt.date | None = None


Sent = Callable[[MeetingRecord], dt.date | None]


@dataclass(frozen=True)
class CaseRecord:
    reference: str
    received_on: dt.date
    notified_on: dt.date | None = None
    declined: bool = False
    decided_on: dt.date | None = None
    review_type: str | None = None
    review_started: dt.date | None = None
    review_completed: dt.date | None = None
    # False: a message opened as a referral (the word in its subject) that never carried one:
    # no child, no incident, never screened. Not a referral received, nor one declined.
    referral: bool = True


@dataclass(frozen=True)
class NoticeRecord:
    """A statutory notice about a decision (DfE, Panel, Ofsted: 5.2, 8.1)."""

    reference: str
    to: str
    decided_on: dt.date
    sent: dt.date | None


@dataclass(frozen=True)
class PrecisRecord:
    reference: str
    agency: str
    due: dt.date
    received: dt.date | None


@dataclass(frozen=True)
class Item:
    """One thing that fell due: a meeting's minutes, a case's decision."""

    what: str  # a reference code or a meeting's date, never a name
    due: dt.date
    done: dt.date | None

    @property
    def on_time(self) -> bool:
        return self.done is not None and self.done <= self.due


@dataclass(frozen=True)
class Measure:
    name: str
    rule: str
    items: tuple[Item, ...]
    per: Literal["meeting", "case"] = "case"  # what an item's `what` names
    undone: str | None = None  # how a miss not done reads, if not "not done, due ..."

    @property
    def met(self) -> int:
        return sum(1 for i in self.items if i.on_time)

    @property
    def counted(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int | None:
        return round(100 * self.met / self.counted) if self.items else None

    @property
    def missed(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if not i.on_time)

    def described_misses(self) -> list[str]:
        """ "SCR-2026-004 (done 02 Mar 2027, due 15 Feb 2027)"; a meeting by its date."""
        out = []
        for item in self.missed:
            what = item.what
            if self.per == "meeting":
                what = f"{dt.date.fromisoformat(item.what):%d %b %Y}"
            if item.done is None and self.undone:
                out.append(f"{what} ({self.undone})")
                continue
            done = f"done {item.done:%d %b %Y}" if item.done else "not done"
            out.append(f"{what} ({done}, due {item.due:%d %b %Y})")
        return out


@dataclass(frozen=True)
class Attendance:
    agency: str
    name: str
    attended: int
    held: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.attended / self.held) if self.held else None


@dataclass(frozen=True)
class AtRisk:
    """Open now and due soon or overdue, for the Chair (7.6)."""

    what: str
    task: str
    due: dt.date
    agency: str | None = None


@dataclass(frozen=True)
class Report:
    start: dt.date
    end: dt.date
    today: dt.date
    received: int
    declined: int
    decisions: tuple[tuple[str, int], ...]  # review type label, how many decided in the period
    planned: tuple[dt.date, ...]
    cancelled: tuple[dt.date, ...]
    measures: tuple[Measure, ...]
    attendance: tuple[Attendance, ...]
    at_risk: tuple[AtRisk, ...]
    records_from: dt.date | None = None  # later than `start`: the rest was before our records
    # planned meetings, now past, not on record as held (a cancelled one is not planned)
    unheld: tuple[dt.date, ...] = ()
    # messages opened as referrals in the period that never carried one (not counted above)
    not_referrals: int = 0


def _due_in_period(
    items: Iterable[Item], start: dt.date, end: dt.date, today: dt.date
) -> tuple[Item, ...]:
    return tuple(
        sorted(
            (i for i in items if start <= i.due <= end and (i.done is not None or i.due < today)),
            key=lambda i: (i.due, i.what),
        )
    )


class Effectiveness:
    """The measures of one board's rules; built once, asked for any period."""

    def __init__(self, config: BoardConfig, deadlines: Deadlines) -> None:
        self.config = config
        self.deadlines = deadlines
        self.limits = config.time_limits
        self.tracker = Tracker(deadlines.calendar, config.time_limits)

    def _after(self, day: dt.date, limit: Duration) -> dt.date:
        return self.deadlines.calendar.after(day, limit)

    def _reviewed(self, case: CaseRecord) -> bool:
        kind = self.config.review_type(case.review_type) if case.review_type else None
        return case.decided_on is not None and kind is not None and kind.kind != "none"

    def _decision_limits(self, case: CaseRecord) -> list[tuple[str, str, dt.date]]:
        """(measure name, rule, due date) of each limit on reaching a decision."""
        limits, terms = self.limits, self.config.terms
        notified = case.notified_on or case.received_on
        out = []
        if limits.rapid_review_within is not None:
            out.append(
                (
                    f"{terms.review_process} completed",
                    f"within {limits.rapid_review_within} of the notification",
                    self.deadlines.plan(notified).sign_off_due,
                )
            )
        elif limits.decide_within_of_notification is not None:
            out.append(
                (
                    f"decision by the {terms.decision_maker}",
                    f"within {limits.decide_within_of_notification} of the notification",
                    self._after(notified, limits.decide_within_of_notification),
                )
            )
        return out

    def report(
        self,
        start: dt.date,
        end: dt.date,
        today: dt.date,
        meetings: Sequence[MeetingRecord],
        cases: Sequence[CaseRecord],
        notices: Sequence[NoticeRecord] = (),
        precis: Sequence[PrecisRecord] = (),
        actions: Sequence[Action] = (),
        records_from: dt.date | None = None,
    ) -> Report:
        """`records_from`: the first day the product kept records (go-live); a meeting before
        it is not counted as missed (nothing could say whether it was held), nor its agenda or
        minutes as late (they went out before the product could see them). Its attendance,
        recorded afterwards, is still counted."""
        if end < start:
            raise ValueError(f"the period ends ({end:%d %b %Y}) before it starts")
        limits, terms = self.limits, self.config.terms
        until = min(end, today)
        since = max(start, records_from) if records_from else start
        planned = tuple(m.date for m in self.deadlines.schedule.between(since, until))
        held = [m for m in meetings if m.held and start <= m.date <= until]
        held_on = {m.date for m in held}
        measures: list[Measure] = []

        measures.append(
            Measure(
                f"planned {terms.group} meetings held",
                "100% of planned meetings take place",
                tuple(
                    Item(day.isoformat(), day, day if day in held_on else None) for day in planned
                ),
                per="meeting",
                undone="not on record as held",
            )
        )
        schedule = {m.date: self.deadlines.meeting(m.date) for m in held}
        timed: list[tuple[str, str, Callable[[MeetingRecord], dt.date], Sent]] = [
            (
                "agenda and papers sent",
                f"at least {limits.agenda_dispatch_before_meeting} before the meeting",
                lambda m: schedule[m.date].agenda_dispatch,
                lambda m: m.agenda_sent,
            ),
            (
                "minutes circulated",
                f"within {limits.minutes_after_meeting} of the meeting",
                lambda m: schedule[m.date].minutes_due,
                lambda m: m.minutes_sent,
            ),
        ]
        recorded = [m for m in held if m.date >= since]
        for title, rule, due_of, sent_of in timed:
            papers = [Item(m.date.isoformat(), due_of(m), sent_of(m)) for m in recorded]
            counted = [i for i in papers if i.done is not None or i.due < today]
            measures.append(
                Measure(title, rule, tuple(sorted(counted, key=lambda i: i.what)), per="meeting")
            )

        by_name: dict[tuple[str, str], list[Item]] = {}
        for case in cases:
            if case.declined or not case.referral:
                continue
            for name, rule, due in self._decision_limits(case):
                by_name.setdefault((name, rule), []).append(
                    Item(case.reference, due, case.decided_on)
                )
        for (name, rule), items in by_name.items():
            measures.append(Measure(name, rule, _due_in_period(items, start, end, today)))

        if limits.panel_notification_after_decision is not None:
            limit = limits.panel_notification_after_decision
            measures.append(
                Measure(
                    "statutory notices sent",
                    f"within {limit} of the decision",
                    _due_in_period(
                        (
                            Item(
                                f"{n.reference} to {n.to}", self._after(n.decided_on, limit), n.sent
                            )
                            for n in notices
                        ),
                        start,
                        end,
                        today,
                    ),
                )
            )

        reviewed = [c for c in cases if self._reviewed(c)]
        for name, limit, done in (
            ("review begun", limits.review_start_after_decision, "review_started"),
            ("review completed", limits.review_complete_after_decision, "review_completed"),
        ):
            items = [
                Item(c.reference, self._after(c.decided_on, limit), getattr(c, done))
                for c in reviewed
                if c.decided_on is not None
            ]
            measures.append(
                Measure(
                    name,
                    f"within {limit} of the decision",
                    _due_in_period(items, start, end, today),
                )
            )

        if actions:
            measures.append(
                Measure(
                    "actions completed",
                    "by their date, RAG-rated quarterly",
                    _due_in_period(
                        (Item(a.key, a.due, a.completed_on) for a in actions), start, end, today
                    ),
                )
            )

        standing = [a for a in self.config.agencies if a.standing_member]
        attendance = tuple(
            Attendance(a.id, a.name, sum(1 for m in held if a.id in m.attended), len(held))
            for a in standing
        )

        decisions = Counter(
            c.review_type for c in cases if c.decided_on and start <= c.decided_on <= end
        )
        in_period = [c for c in cases if start <= c.received_on <= end]
        labels = []
        for review in self.config.review_types:
            if decisions.get(review.id):
                labels.append((review.label, decisions[review.id]))
        return Report(
            start=start,
            end=end,
            today=today,
            received=sum(1 for c in in_period if c.referral),
            declined=sum(1 for c in in_period if c.referral and c.declined),
            decisions=tuple(labels),
            planned=planned,
            cancelled=tuple(  # the config's and the Chair's through the product
                d for d in sorted(self.deadlines.config.meetings.cancelled) if start <= d <= end
            ),
            measures=tuple(measures),
            attendance=attendance,
            at_risk=self.at_risk(today, cases, notices, precis, actions),
            records_from=records_from if records_from and records_from > start else None,
            unheld=tuple(day for day in planned if day not in held_on),
            not_referrals=sum(1 for c in in_period if not c.referral),
        )

    def at_risk(
        self,
        today: dt.date,
        cases: Sequence[CaseRecord],
        notices: Sequence[NoticeRecord] = (),
        precis: Sequence[PrecisRecord] = (),
        actions: Sequence[Action] = (),
    ) -> tuple[AtRisk, ...]:
        """What is still open and due within AT_RISK_WITHIN, or overdue: the list 7.6 asks
        the sub-group to raise with the Independent Chair."""
        horizon = today + AT_RISK_WITHIN
        limits = self.limits
        found: list[AtRisk] = []
        for case in cases:
            if case.declined or not case.referral:
                continue
            if case.decided_on is None:
                for name, _rule, due in self._decision_limits(case):
                    found.append(AtRisk(case.reference, name, due))
            elif self._reviewed(case) and case.review_completed is None:
                if case.review_started is None:
                    due = self._after(case.decided_on, limits.review_start_after_decision)
                    found.append(AtRisk(case.reference, "review begun", due))
                due = self._after(case.decided_on, limits.review_complete_after_decision)
                found.append(AtRisk(case.reference, "review completed", due))
        limit = limits.panel_notification_after_decision
        for notice in notices:
            if notice.sent is None:
                due = self._after(notice.decided_on, limit) if limit else notice.decided_on
                found.append(AtRisk(notice.reference, f"notice to {notice.to}", due))
        for p in precis:
            if p.received is None:
                found.append(AtRisk(p.reference, self.config.terms.precis, p.due, p.agency))
        found = [r for r in found if r.due <= horizon]
        for action in actions:  # red, or late, or not re-rated, whatever its date
            why = self.tracker.risks(action, today, AT_RISK_WITHIN)
            if why:
                found.append(
                    AtRisk(action.key, f"action: {', '.join(why)}", action.due, action.agency)
                )
        return tuple(sorted(found, key=lambda r: (r.due, r.what, r.task)))
