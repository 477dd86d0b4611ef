"""Action plans and their RAG rating (Cambridgeshire 7.4: "Progress of Serious Case Review
Action Plans and other action plans will be monitored through a 'RAG Rating' System and
reviewed on a quarterly basis"; 7.6: the sub-group raises any agencies or actions at risk of
not being completed within the timescale with the Independent Chair).

An action belongs to a plan: a review's reference code, or the name of another plan (an
audit's, a learning event's). Each is owned by one agency, has a date to be done by, and a
rating that is renewed every quarter until it is complete.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from .calendar import WorkingCalendar
from .config import TimeLimits
from .errors import WorkflowError

MAX_TEXT = 2000
# An open action due within this, or overdue, is at risk (7.6): the action plans' lists and
# the annual report (performance) say so alike.
AT_RISK_WITHIN = dt.timedelta(days=30)
PLAN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,'&()/-]{1,79}$")


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"  # "blue" on many boards' trackers
    # A new action, until its agency (or the Business Manager) first rates it: never shown
    # as green, which would say someone judged it on track.
    UNRATED = "unrated"

    @property
    def label(self) -> str:
        """How every view says it: "not yet rated" rather than a colour nobody gave."""
        return "not yet rated" if self is Rag.UNRATED else self.value

    @classmethod
    def read(cls, text: str) -> Rag:
        """As people write it: "R", "Red", "amber", "blue" and "done" for complete. A rating
        is given, never "unrated"."""
        word = text.strip().lower()
        aliases = {"r": "red", "a": "amber", "g": "green", "b": "complete", "blue": "complete"}
        aliases.update({"done": "complete", "completed": "complete", "c": "complete"})
        try:
            found = cls(aliases.get(word, word))
            if found is Rag.UNRATED:
                raise ValueError(word)
            return found
        except ValueError:
            raise WorkflowError(
                f"{text.strip()!r} is not a rating: give red, amber, green or complete."
            ) from None


@dataclass(frozen=True)
class Action:
    plan: str
    number: int
    text: str
    agency: str
    due: dt.date
    rag: Rag
    rated_on: dt.date
    completed_on: dt.date | None = None

    @property
    def key(self) -> str:
        """How people name it: "SCR-2026-001/3"."""
        return f"{self.plan}/{self.number}"

    @property
    def open(self) -> bool:
        return self.rag != Rag.COMPLETE

    @property
    def rated(self) -> bool:
        """False for a new action nobody has rated yet (`rated_on` is then when it was added)."""
        return self.rag != Rag.UNRATED


def parse_key(text: str) -> tuple[str, int]:
    """ "SCR-2026-001/3" -> ("SCR-2026-001", 3); the plan's name may hold spaces."""
    plan, _, number = text.strip().rpartition("/")
    if not plan or not number.isdigit():
        raise WorkflowError(
            f"{text.strip()!r} does not name an action: write the plan and the action's "
            "number, like SCR-2026-001/3."
        )
    return plan.strip(), int(number)


@dataclass(frozen=True)
class RatingLine:
    """One line of an agency's reply: "SCR-2026-001/1: amber, two of three teams trained"."""

    key: str
    rag: Rag
    note: str


_RATING_LINE = re.compile(
    r"^\W*(?:\d{1,2}[.)]\s+)?"  # a bullet or a list number
    r"(?P<key>[A-Za-z0-9][A-Za-z0-9 .,'&()/-]{0,88}/\d+)\s*[:=\-\u2013\u2014]\s*"
    r"(?P<rag>red|amber|green|complete|completed|done|blue|[RAGB])\b[\s,;:.\-\u2013\u2014]*"
    r"(?P<note>.*)$",
    re.IGNORECASE,
)


def parse_ratings(text: str) -> list[RatingLine]:
    """The ratings in a reply, one a line, as the request asked for them; a line that is
    not one is left for the Business Manager to read."""
    found = []
    for line in text.splitlines():
        match = _RATING_LINE.match(line.strip())
        if match:
            note = " ".join(match["note"].split()).strip(" \"'")
            if note.startswith("(") and note.endswith(")"):
                note = note[1:-1].strip()
            found.append(RatingLine(match["key"].strip(), Rag.read(match["rag"]), note))
    return found


def check_text(text: str, what: str = "the action") -> str:
    text = " ".join(text.split())
    said = what[:1].upper() + what[1:]
    if not text:
        raise WorkflowError(f"{said} is empty: write it.")
    if len(text) > MAX_TEXT:
        raise WorkflowError(
            f"{said} is {len(text)} characters long: keep it under {MAX_TEXT} characters."
        )
    return text


def check_plan_name(name: str) -> str:
    name = " ".join(name.split())
    if not PLAN_NAME.match(name):
        raise WorkflowError(
            f"{name!r} cannot be a plan's name: a plan is a review's reference code or a "
            "short name (letters, digits, spaces and .,'&()/- up to 80 characters)."
        )
    return name


class Tracker:
    """When each action's next rating is due, and which are at risk (7.4, 7.6)."""

    def __init__(self, calendar: WorkingCalendar, limits: TimeLimits) -> None:
        self.calendar = calendar
        self.every = limits.action_rating_every
        self.ask_before = limits.action_update_before_due

    def rating_due(self, action: Action) -> dt.date | None:
        return None if not action.open else self.calendar.after(action.rated_on, self.every)

    def ask_on(self, action: Action) -> dt.date | None:
        """When the owning agency is asked for the quarter's rating."""
        due = self.rating_due(action)
        return None if due is None else self.calendar.before(due, self.ask_before)

    def risks(self, action: Action, today: dt.date, within: dt.timedelta) -> list[str]:
        """Why an open action is at risk now: its rating, its date, or a rating not renewed."""
        if not action.open:
            return []
        why = []
        if action.rag == Rag.RED:
            why.append("rated red")
        if action.due < today:
            why.append("past its date")
        elif action.due <= today + within:
            why.append("due soon")
        due = self.rating_due(action)
        if due is not None and due < today:
            why.append(
                "rating not renewed this quarter" if action.rated else "not yet rated this quarter"
            )
        return why
