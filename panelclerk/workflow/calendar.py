"""Working days for England and Wales: weekends, bank holidays (the `holidays` package, with
substitute days) and the board's own closure days.

Deadlines measured in calendar days, weeks or months that land on a non-working day move to
the working day before: a deadline is something to meet, so the earlier reading is the safe one.
"""

from __future__ import annotations

import calendar as _stdcal
import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .durations import Duration


@lru_cache(maxsize=256)
def _bank_holidays(country: str, subdivision: str, year: int) -> dict[dt.date, str]:
    from .bank_holidays import bundled

    known = bundled(country, subdivision, year)
    if known is not None:
        return known
    import holidays  # only when a date needs a year's bank holidays: the package loads slowly

    table = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return {day: str(name) for day, name in table.items()}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _stdcal.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


class WorkingCalendar:
    def __init__(
        self,
        country: str = "GB",
        subdivision: str = "ENG",
        closure_days: Iterable[dt.date] = (),
        every_year: Iterable[tuple[int, int]] = (),
    ) -> None:
        self._country = country
        self._subdivision = subdivision
        self._closures = frozenset(closure_days)
        self._every_year = frozenset(every_year)  # (month, day): closed each year
        self._years: dict[int, frozenset[dt.date]] = {}

    def _board_closures(self, year: int) -> frozenset[dt.date]:
        yearly = set()
        for month, day in self._every_year:
            with contextlib.suppress(ValueError):  # 29 February, outside leap years
                yearly.add(dt.date(year, month, day))
        return frozenset({d for d in self._closures if d.year == year} | yearly)

    def _closed(self, year: int) -> frozenset[dt.date]:
        found = self._years.get(year)
        if found is None:
            bank = _bank_holidays(self._country, self._subdivision, year)
            found = frozenset(bank) | self._board_closures(year)
            self._years[year] = found
        return found

    def closures_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The board's own closure days (one-off and yearly) from `start` to `end`."""
        found: set[dt.date] = set()
        for year in range(start.year, end.year + 1):
            found |= {d for d in self._board_closures(year) if start <= d <= end}
        return sorted(found)

    def gaps(self, today: dt.date) -> list[str]:
        """What the calendar does not know for the year from `today`, in words for the board
        file's keeper: one-off closure days that run out within it (the days after would be
        counted as working days), and years the holidays package has no bank holidays for."""
        end = add_months(today, 12)
        out = []
        for year in range(today.year, end.year + 1):
            if not _bank_holidays(self._country, self._subdivision, year):
                out.append(
                    f"the holidays package has no bank holidays for {self._country}"
                    f"{'-' + self._subdivision if self._subdivision else ''} in {year}: "
                    "every deadline that year counts them as working days; update it"
                )
        if self._closures and not self._every_year:
            last = max(self._closures)
            if last < end:
                out.append(
                    f"the board's closure days end on {last:%d %B %Y}, within the year ahead "
                    f"(to {end:%d %B %Y}): add the next ones to calendar.closure_days, or "
                    'name the yearly ones in calendar.closure_days_every_year ("12-24")'
                )
        return out

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self._closed(day.year)

    def why_closed(self, day: dt.date) -> str | None:
        if day.weekday() >= 5:
            return "weekend"
        if day in self._board_closures(day.year):
            return "board closure day"
        return _bank_holidays(self._country, self._subdivision, day.year).get(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the one before."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """Move `count` working days from `day` (backwards when negative); 0 returns `day`."""
        step = dt.timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for d in _days(start + dt.timedelta(days=1), end) if self.is_working_day(d))

    def after(self, day: dt.date, limit: Duration) -> dt.date:
        """The due date `limit` after `day`."""
        if limit.unit == "working_days":
            return self.add_working_days(day, limit.amount)
        return self.previous_working_day(_shift(day, limit, +1))

    def before(self, day: dt.date, limit: Duration) -> dt.date:
        """The latest date that is at least `limit` before `day`."""
        if limit.unit == "working_days":
            return self.add_working_days(day, -limit.amount)
        return self.previous_working_day(_shift(day, limit, -1))


def _shift(day: dt.date, limit: Duration, sign: int) -> dt.date:
    if limit.unit == "days":
        return day + dt.timedelta(days=sign * limit.amount)
    if limit.unit == "weeks":
        return day + dt.timedelta(weeks=sign * limit.amount)
    if limit.unit == "months":
        return add_months(day, sign * limit.amount)
    raise ValueError(f"not a calendar unit: {limit.unit}")


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)
