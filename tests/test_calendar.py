"""Working days in England: weekends, bank holidays with substitute days, board closures."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from panelclerk.workflow.calendar import WorkingCalendar, add_months
from panelclerk.workflow.durations import Duration

CAL = WorkingCalendar("GB", "ENG", closure_days=[dt.date(2026, 12, 24)])
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=300)
limits = st.builds(
    Duration, st.integers(0, 60), st.sampled_from(["working_days", "days", "weeks", "months"])
)


def test_christmas_2026_substitute_days_and_closures():
    # 25 Dec 2026 is a Friday, Boxing Day a Saturday: Monday 28 Dec is the substitute day.
    assert not CAL.is_working_day(dt.date(2026, 12, 25))
    assert not CAL.is_working_day(dt.date(2026, 12, 28))
    assert CAL.why_closed(dt.date(2026, 12, 28)) == "Boxing Day (observed)"
    assert CAL.why_closed(dt.date(2026, 12, 24)) == "board closure day"
    assert CAL.is_working_day(dt.date(2026, 12, 29))


def test_one_off_and_moved_bank_holidays_are_known():
    assert not CAL.is_working_day(dt.date(2023, 5, 8))  # coronation of King Charles III
    assert not CAL.is_working_day(dt.date(2022, 9, 19))  # state funeral
    assert not CAL.is_working_day(dt.date(2020, 5, 8))  # VE Day, moved from Monday
    assert CAL.is_working_day(dt.date(2020, 5, 4))
    assert not CAL.is_working_day(dt.date(2027, 3, 29))  # Easter Monday (England)


def test_ten_working_days_before_a_january_meeting_skips_the_holidays():
    # 12 Jan 2027 back 10 working days crosses Christmas, the substitute day, the closure
    # day (24 Dec) and New Year's Day: 11, 8-4 Jan, 31, 30, 29, 23 Dec.
    assert CAL.add_working_days(dt.date(2027, 1, 12), -10) == dt.date(2026, 12, 23)
    assert CAL.before(dt.date(2027, 1, 12), Duration(10, "working_days")) == dt.date(2026, 12, 23)
    assert CAL.working_days_between(dt.date(2026, 12, 23), dt.date(2027, 1, 12)) == 10


def test_calendar_limits_roll_back_to_a_working_day():
    # 14 days after Friday 11 Dec 2026 is Friday 25 Dec: due the working day before.
    assert CAL.after(dt.date(2026, 12, 11), Duration(14, "days")) == dt.date(2026, 12, 23)
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


@given(days, counts)
@settings(max_examples=300, deadline=None)
def test_a_working_day_deadline_is_never_a_weekend_or_bank_holiday(day, n):
    for sign in (1, -1):
        due = CAL.add_working_days(day, sign * n)
        if n:
            assert due.weekday() < 5
            assert CAL.why_closed(due) is None


@given(days, counts)
@settings(max_examples=300, deadline=None)
def test_adding_then_subtracting_returns_to_a_working_start(day, n):
    start = CAL.next_working_day(day)
    assert CAL.add_working_days(CAL.add_working_days(start, n), -n) == start


@given(days, counts)
@settings(max_examples=200, deadline=None)
def test_working_days_between_counts_what_was_added(day, n):
    start = CAL.next_working_day(day)
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(days, limits)
@settings(max_examples=300, deadline=None)
def test_every_due_date_is_a_working_day_and_on_the_right_side(day, limit):
    after, before = CAL.after(day, limit), CAL.before(day, limit)
    if limit.amount:
        assert CAL.is_working_day(after) and CAL.is_working_day(before)
        assert before < day
    assert CAL.is_working_day(after) or limit.amount == 0


def test_durations_parse_and_refuse_clearly():
    assert Duration.parse("10 working days") == Duration(10, "working_days")
    assert Duration.parse(" 1 Week ") == Duration(1, "weeks")
    assert str(Duration(1, "months")) == "1 month"
    try:
        Duration.parse("ten days")
    except ValueError as exc:
        assert "'10 working days'" in str(exc) and "'ten days'" in str(exc)
    else:
        raise AssertionError("expected a ValueError")
