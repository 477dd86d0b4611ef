"""The meeting schedule and the dates hanging off it (Cambridgeshire 7.1-7.3, 7.6)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from panelclerk import boardfile
from panelclerk.workflow.config import parse_config
from panelclerk.workflow.deadlines import Deadlines


def test_monthly_second_tuesday_a_year_ahead_with_cancellation(config):
    meetings = Deadlines(config).schedule.year_ahead(dt.date(2026, 11, 22))
    dates = [m.date for m in meetings]
    assert all(d.weekday() == 1 for d in dates)  # Tuesday mornings
    assert dates[0] == dt.date(2026, 12, 8)
    assert dt.date(2027, 8, 10) not in dates  # cancelled in the demo board's config
    assert len(dates) == 11
    first = meetings[0]
    assert first.submission_deadline == dt.date(2026, 11, 24)  # 10 working days before
    assert first.agenda_dispatch == dt.date(2026, 12, 1)  # 5 working days before
    assert first.minutes_due == dt.date(2027, 1, 4)  # 14 working days, over Christmas


def test_item_after_the_deadline_moves_to_the_next_meeting(config):
    schedule = Deadlines(config).schedule
    on_time = schedule.slot_for(dt.date(2026, 11, 24))
    assert on_time.meeting.date == dt.date(2026, 12, 8) and on_time.missed is None
    late = schedule.slot_for(dt.date(2026, 11, 25))
    assert late.meeting.date == dt.date(2027, 1, 12)
    assert late.missed is not None and late.missed.date == dt.date(2026, 12, 8)


def test_a_meeting_on_a_bank_holiday_moves_to_the_next_working_day():
    data = boardfile.resolve(boardfile._parse_toml(boardfile._preset_text("demo"), "demo"), "demo")
    data["meetings"] = dict(data["meetings"], week_of_month=-1, weekday="monday")
    config = parse_config(data, "test")
    meetings = Deadlines(config).schedule.between(dt.date(2027, 5, 1), dt.date(2027, 6, 30))
    # The last Monday of May 2027 is the Spring bank holiday.
    assert [m.date for m in meetings] == [dt.date(2027, 6, 1), dt.date(2027, 6, 28)]
    assert meetings[0].moved_from == dt.date(2027, 5, 31)


def test_a_meeting_recorded_held_opens_recommendations_on_the_referrals_it_had(sqlite_app, clock):
    """Cambridgeshire 4.3: the meeting discussed what was on its agenda. Recording it held,
    with who attended, is the one step: no separate, hidden `record_discussion` per case."""
    from panelclerk.application import meetings, referrals, screening
    from panelclerk.store.tables import AuditEntry

    from .conftest import COMPLETE_FORM, another_child

    first = referrals.receive_referral(sqlite_app, dict(COMPLETE_FORM)).reference
    second = referrals.receive_referral(sqlite_app, another_child(1)).reference
    for reference in (first, second):
        screening.place_on_agenda(sqlite_app, reference, "chair")
    clock.to(dt.date(2026, 12, 8), 13)
    attended = meetings.record_meeting(sqlite_app, dt.date(2026, 12, 8), "bm", ["police", "csc"])
    assert attended == ("csc", "police")
    with sqlite_app.uow() as uow:
        states = {r: uow.referrals.row(r, lock=False).state for r in (first, second)}
        moves = [
            (e.reference, e.actor, e.details.get("attended"))
            for e in uow.session.exec(select(AuditEntry))
            if e.action == "record_discussion"
        ]
    assert states == {first: "discussed", second: "discussed"}
    assert sorted(moves) == [(first, "bm", ["csc", "police"]), (second, "bm", ["csc", "police"])]
    # recorded again (an agency left out), nothing is discussed twice
    meetings.record_meeting(sqlite_app, dt.date(2026, 12, 8), "bm", ["health"])
    with sqlite_app.uow() as uow:
        again = [e for e in uow.session.exec(select(AuditEntry)) if e.action == "record_discussion"]
    assert len(again) == 2
