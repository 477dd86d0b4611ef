"""The product's one clock: every reading of "now" goes through `now()`.

Deadlines, meeting slots, retention and reference numbers all turn on the date, so the date
is an input like any other. A trial, a demonstration or a test fixes it with one setting:
`PANELCLERK_NOW` (an ISO date and time; London time when it names no offset) or its shorthand
`PANELCLERK_TODAY` / `--today` (a date: noon UTC that day). A fixed moment stays fixed: the
clock does not run on from it. Without either, it is the machine's time.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
NOW = "PANELCLERK_NOW"
TODAY = "PANELCLERK_TODAY"

Source = Callable[[], dt.datetime]

_pinned: Source | None = None
_since = time.monotonic()  # when the moment was last fixed


class ClockSettingError(ValueError):
    """A fixed moment that cannot be read: said with the setting's name and what it takes."""


def real() -> dt.datetime:
    """The machine's time, in UTC: the only place the product reads it."""
    return dt.datetime.now(dt.UTC)


def parse_moment(text: str, name: str = NOW) -> dt.datetime:
    """A moment as a person writes it: `2026-11-11` (noon UTC, as `--today` has always
    meant), `2026-11-11T10:00` (London time) or with an offset (`...T10:00:00+00:00`, `Z`)."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return dt.datetime.combine(day, dt.time(12, 0), dt.UTC)
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ClockSettingError(
            f"{name}: expected a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM, "
            f"London time unless it ends with an offset), got {text!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(dt.UTC)


def setting(environ: dict[str, str] | None = None) -> dt.datetime | None:
    """The fixed moment the environment asks for, if any. `PANELCLERK_TODAY` is the more
    specific of the two and wins where both are set."""
    env = os.environ if environ is None else environ
    for name in (TODAY, NOW):
        text = env.get(name, "").strip()
        if text:
            return parse_moment(text, name)
    return None


def pin(source: Source | dt.datetime | None) -> None:
    """Fix what `now()` answers for this process: a moment, a callable (a test's settable
    clock), or None to go back to the environment's setting and then the machine's time."""
    global _pinned, _since
    _since = time.monotonic()
    if isinstance(source, dt.datetime):
        moment = source.astimezone(dt.UTC)
        _pinned = lambda: moment  # noqa: E731
    else:
        _pinned = source


def now() -> dt.datetime:
    """Now, in UTC: the pinned moment, else the environment's, else the machine's."""
    if _pinned is not None:
        return _pinned()
    return setting() or real()


def running() -> dt.datetime:
    """Now, moving on even under a fixed moment (the moment plus the time since it was
    fixed): for what must run out in real time whatever date the board works at, such as a
    console session's idle timeout."""
    moment = now()
    if _pinned is None and setting() is None:
        return moment
    return moment + dt.timedelta(seconds=time.monotonic() - _since)


def today() -> dt.date:
    """Today's date in London, where the board works and its deadlines fall."""
    return now().astimezone(LONDON).date()
