"""Form fields from a referral written as prose or a loosely filled form: the referring agency
(matched to the board's agencies, abbreviations and misspellings included), dates (UK
day-first, and "last Tuesday" relative to the email's date), ages, agencies involved and
reference codes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..workflow.agencies import agencies_mentioned, match_name
from ..workflow.config import BoardConfig
from .ages import extract_age

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b")
WRITTEN = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
RELATIVE = re.compile(
    r"\b(today|yesterday|last\s+(?:" + "|".join(WEEKDAYS) + r")|"
    r"(?:on\s+)?(?:" + "|".join(WEEKDAYS) + r")|(\d+)\s+days?\s+ago)\b",
    re.I,
)


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    text: str


def parse_dates(text: str, sent_on: dt.date | None = None) -> list[FoundDate]:
    """Dates as UK writers write them: 02/11/2026 is 2 November; relative to `sent_on`."""
    found: list[tuple[int, FoundDate]] = []
    for match in NUMERIC.finditer(text):
        d, m, y = (int(g) for g in match.groups())
        y = y + 2000 if y < 100 else y
        try:
            found.append((match.start(), FoundDate(dt.date(y, m, d), match.group(0))))
        except ValueError:
            continue
    for match in WRITTEN.finditer(text):
        month_number = MONTHS.get(match.group(2).lower())
        if month_number:
            try:
                found.append(
                    (
                        match.start(),
                        FoundDate(
                            dt.date(int(match.group(3)), month_number, int(match.group(1))),
                            match.group(0),
                        ),
                    )
                )
            except ValueError:
                continue
    for match in ISO.finditer(text):
        try:
            found.append(
                (match.start(), FoundDate(dt.date.fromisoformat(match.group(0)), match.group(0)))
            )
        except ValueError:
            continue
    if sent_on is not None:
        for match in RELATIVE.finditer(text):
            word = match.group(1).lower()
            when: dt.date
            if word == "today":
                when = sent_on
            elif word == "yesterday":
                when = sent_on - dt.timedelta(days=1)
            elif match.group(2):
                when = sent_on - dt.timedelta(days=int(match.group(2)))
            else:
                name = word.split()[-1]
                back = (sent_on.weekday() - WEEKDAYS.index(name)) % 7 or 7
                when = sent_on - dt.timedelta(days=back)
            found.append((match.start(), FoundDate(when, match.group(0))))
    found.sort(key=lambda pair: pair[0])
    return [f for _, f in found]


@dataclass
class ProseFields:
    referring_agency: str | None = None
    agencies: list[str] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)
    age: int | None = None
    references: list[str] = field(default_factory=list)


def extract_fields(
    text: str, config: BoardConfig, sent_on: dt.date | None = None, sender_agency: str | None = None
) -> ProseFields:
    prefix = re.escape(config.reference_prefix)
    references = [m.upper() for m in re.findall(rf"\b{prefix}-\d{{4}}-\d{{3,}}\b", text, re.I)]
    referring = sender_agency
    match = re.search(
        r"\b(?:from|on behalf of|referring agency:?|agency:)\s+(?:the\s+)?"
        r"((?:[A-Za-z&'-]+\s*){1,6})",
        text,
        re.I,
    )
    if referring is None and match:
        words = match.group(1).split()
        for size in range(len(words), 0, -1):  # the longest run of words naming an agency
            referring = match_name(" ".join(words[:size]), config)
            if referring is not None:
                break
    return ProseFields(
        referring,
        agencies_mentioned(text, config),
        parse_dates(text, sent_on),
        extract_age(text),
        list(dict.fromkeys(references)),
    )
