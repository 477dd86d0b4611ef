"""A child's age from how people write it: "7-week-old", "aged 14", "2y", "K (6)", "6wks";
a duration ("had lived here for 20 years") is not an age, and the first age given is the
child's, since a referral names the child first."""

from __future__ import annotations

import re
from functools import lru_cache

from .cues import _WORDS, AGE, DURATION_AFTER, DURATION_BEFORE, INFANT, SMALL_AGE
from .focus import RELATIVE_WORDS, find_focus


def _number(raw: str) -> int:
    return _WORDS[raw.lower()] if raw.lower() in _WORDS else int(raw)


def _just_before(text: str, start: int) -> str:
    """The words just before an age, where every pattern read there is anchored: the whole
    text before it made a text of 12,000 ages take two minutes."""
    return text[max(0, start - 120) : start]


def _relatives(text: str, start: int, end: int) -> bool:
    """An age given to a brother, sister or cousin: "her brother (10)", "his sister, 7",
    "older brother Callum (now 20)", "mother's older son (now 19)"."""
    return bool(
        RELATIVE_WORDS.match(text[start:end])
        or re.search(
            r"\b(?:brother|sister|sibling|cousin|eldest)\W{0,3}$", _just_before(text, start)
        )
        or SIBLING_NAMED.search(_just_before(text, start))
    )


# A brother or sister named before their age: "older brother Callum (", "mother's son (".
SIBLING_NAMED = re.compile(
    r"(?:\b(?i:brother|sister|sibling|cousin)\s+[A-Z][a-z]+"
    r"|\b(?i:mother|mum|father|dad)['’]s\s+(?i:older\s+|younger\s+|eldest\s+|other\s+)?"
    r"(?i:son|daughter))\W{0,3}(?i:now\s+|aged\s+)?$"
)


# An age given to a parent: "a 17yo mother", "19-year-old dad", "mum, 24": not the child's.
PARENT_AFTER = re.compile(
    r"^(?:[\s-]*old)?[\s,]*(?:first[\s-]*time\s+)?(?:single\s+)?(?:mother|mum|mom|father|dad|"
    r"parent|parents|stepfather|stepmother|stepdad|stepmum|partner|boyfriend|girlfriend|"
    r"carer|uncle|aunt|grandmother|grandfather|man|woman|adult)\b",
    re.I,
)
PARENT_BEFORE = re.compile(
    r"\b(?:mother|mum|mom|father|dad|parent|stepfather|stepmother|stepdad|stepmum|partner|"
    r"boyfriend|girlfriend|carer)\s*[,(]?\s*(?:aged?\s+)?$",
    re.I,
)


def _a_young_man(text: str, end: int, years: int) -> bool:
    """ "A 17-year-old man died": under 18, a man or a woman is the child the text is about."""
    return years < 18 and bool(
        re.match(r"^(?:[\s-]*old)?[\s,]*(?:young\s+)?(?:man|woman|male|female)\b", text[end:], re.I)
    )


def _a_parents(text: str, start: int, end: int) -> bool:
    """An age that belongs to a parent or another adult: "17yo mother", "mum, 24"."""
    return bool(
        PARENT_AFTER.match(text[end : end + 30])
        or PARENT_BEFORE.search(_just_before(text, start))
        or PARENT_BEFORE.search(text[start:end].split(",")[0] + ",")
    )


def _starts_with_number(match: re.Match[str]) -> bool:
    """ "20 years", "six years": the match is a length of time only if it opens with the
    number ("for Amira (13)" is no duration)."""
    head = match.group(0).split()[0].lower() if match.group(0).split() else ""
    return bool(head) and (head[0].isdigit() or head.rstrip("-") in _WORDS or head in _WORDS)


def age_months(text: str) -> int | None:
    """The age of the child the text is about, in months (see `age_read`)."""
    found = age_read(text)
    return None if found is None else found[0]


@lru_cache(maxsize=32)  # one description is asked its age by several readings of it
def age_read(text: str) -> tuple[int, str] | None:
    """The age of the child the text is about, in months, with the words it was read from
    (quoted back to the lead): the first given ("a 7-week-old infant ... his mother, who had
    lived here for 20 years"), past ages given to a brother, sister or cousin, unless the
    text says it is about that one ("My query is about his sister, 7")."""
    found = _ages(text)
    focus = find_focus(text)
    if focus is not None:
        named = [f for f in found if focus.object_start <= f[0] <= focus.end]
        if named:
            return _said(min(named))
    own = [f for f in found if not f[2]]
    if own:
        return _said(min(own))
    infant = INFANT.search(text)
    return (0, infant.group(0)) if infant else None


def _said(found: tuple[int, int, bool, str]) -> tuple[int, str]:
    """(months, the words) of one age found."""
    return found[1], found[3].strip()


# How far on a pregnancy is, not a baby's age: "she's 15 weeks gone", "32 weeks pregnant".
GESTATION = re.compile(r"\s*(?:gone|pregnant|gestation|into (?:the|her) pregnancy)\b", re.I)


@lru_cache(maxsize=32)
def _ages(text: str) -> tuple[tuple[int, int, bool, str], ...]:
    """Every age the text gives: (where, months, a relative's, the words)."""
    found: list[tuple[int, int, bool, str]] = []
    for match in AGE.finditer(text):
        years = _number(next(g for g in match.groups() if g))
        before = _just_before(text, match.start())
        if 0 <= years <= 25 and not (
            (_starts_with_number(match) and DURATION_BEFORE.search(before))
            or DURATION_AFTER.match(text[match.end() : match.end() + 16])
            or before.lower().endswith("when ")
            or (_a_parents(text, *match.span()) and not _a_young_man(text, match.end(), years))
        ):
            found.append(
                (match.start(), years * 12, _relatives(text, *match.span()), match.group(0))
            )
    for match in SMALL_AGE.finditer(text):
        groups = [g for g in match.groups() if g]
        count, unit = _number(groups[0]), groups[1].lower()
        weeks = unit.startswith("w") or unit == "52"
        months = count // 4 if weeks else count if unit[0] in "m1" else 0
        if _a_parents(text, *match.span()) or GESTATION.match(text[match.end() : match.end() + 24]):
            continue
        found.append((match.start(), months, _relatives(text, *match.span()), match.group(0)))
    return tuple(found)


def every_age(text: str) -> tuple[int, ...]:
    """Every age the text gives, in months, whoever's it is."""
    return tuple(found[1] for found in _ages(text))


def extract_age(text: str) -> int | None:
    months = age_months(text)
    return None if months is None else months // 12


# The writer cannot say how old they are: "I don't know his exact age", "dont know how old
# the lad was", "can't remember his birthday", "age disputed", "booked in as unknown DOB",
# "could have been 17 or she could have turned 18", "some say he's 17".
AGE_UNKNOWN = re.compile(
    r"\b(?:(?:don['’]?t|do\s+not|doesn['’]?t|didn['’]?t|not|never|can['’]?t|cannot|couldn['’]?t"
    r"|no\s+one|nobody)\s+(?:\w+\s+){0,3}?"
    r"(?:know|knew|sure|certain|remember|recall|tell\s+you|had|have|got|confirm(?:ed)?)\s+"
    r"(?:of\s+|about\s+)?(?:(?:his|her|their|the|exact|lad['’]s|girl['’]s|boy['’]s)\s+){0,3}"
    r"(?:age|dob|d\.o\.b|date\s+of\s+birth|birthday|how\s+old)(?!\s+of\b)"
    r"|(?:age|dob|date\s+of\s+birth)\s+(?:is\s+|was\s+)?(?:unknown|not\s+known|unclear|uncertain"
    r"|disputed|in\s+dispute|contested|unconfirmed|not\s+confirmed|under\s+challenge)"
    r"|(?:disputed|unknown|unconfirmed)\s+(?:age|dob|date\s+of\s+birth)"
    r"|(?:work\s+out|establish)\s+(?:his|her|their)\s+age"
    # "No details yet on cause or his age"
    r"|\bno\s+(?:details|information|info|idea)\s+(?:yet\s+)?(?:on|of|about|as\s+to)\s+"
    r"(?:\w+\s+){0,3}?(?:his|her|their)\s+age"
    r"|(?:could|might|may)\s+(?:have\s+)?(?:be|been|turned)\s+(?:about\s+|around\s+)?"
    r"(?:(?:1[6-9]|2\d)\b(?!\s*(?:minutes|mins|hours|hrs|days|weeks|months|times|%))"
    r"|an\s+adult|over\s+18)"
    r"|(?:some|others?|one|people|friends?)\s+(?:say|says|said|think|thinks|reckons?)\s+"
    r"(?:he|she|they)(?:['’]s|\s+is|\s+was|\s+were|\s+are)\s+(?:about\s+|around\s+)?1[6-9]\b)",
    re.IGNORECASE,
)
# What puts the age near 18, where it decides: an age of 16 to 25, an 18th, "adult",
# "college age", "Year 13", "sixth form", "older".
NEAR_ADULT = re.compile(
    r"\b(?:1[6-9]|2[0-5]|18th|adults?|older|college|sixth\s+form|y(?:ea)?r\s*13|y13|yoi|hmyoi"
    r"|young\s+(?:man|woman|adult)|young\s+offender"
    r"|a\s+levels?)\b",
    re.IGNORECASE,
)


# A dispute about the age itself, which stands even beside an age given: "he says he is 17;
# age disputed", "17 or 18".
DISPUTED = re.compile(
    r"\b(?:disputed|in\s+dispute|contested|unconfirmed|not\s+confirmed|under\s+challenge"
    r"|age\s+assessment|1[67]\s+or\s+(?:1[89]|nearly\s+18)|turned\s+18\s+or\s+not"
    r"|(?:could|might|may)\s+(?:have\s+)?(?:be|been|turned)\s+(?:18|19|over\s+18|an\s+adult)"
    r"|(?:some|others?|one|people|friends?)\s+(?:say|says|said|think|thinks|reckons?))\b",
    re.IGNORECASE,
)
# Whose age it may be instead, named just after the doubt in its sentence: "how old the
# attackers were", "could not confirm their age" of the men; "the bruises may be older" (not
# "could be an adult, nobody knows. Marks round both wrists").
OTHERS_AGE = re.compile(
    r"^[^\w.;!?]*(?:\w+[^\w.;!?]+){0,3}?(?:the\s+)?(?:attackers?|men|man|males?|suspects?|offenders?"
    r"|perpetrators?|boyfriend|partner|driver|mum|dad|mother|father|bruises?|injur\w*"
    r"|fractures?|marks?)\b",
    re.IGNORECASE,
)


def age_in_doubt(text: str) -> str | None:
    """The words that leave in doubt whether the person was under 18 ("I'd guess 17 or
    18, I don't know his exact age"), unless the text gives an age under 16, or one under
    18 that nothing disputes: an age that decides whether any criterion for children
    applies is asked, never guessed."""
    months = age_months(text)
    if (months is not None and months < 16 * 12) or not NEAR_ADULT.search(text):
        return None
    child = months is not None and months < 18 * 12
    for match in AGE_UNKNOWN.finditer(text):
        said = match.group(0)
        if OTHERS_AGE.match(text[match.end() : match.end() + 40]):
            continue  # someone else's age, or an injury's
        if child and not DISPUTED.search(said):
            continue  # a child's age given, and no dispute of it
        return said
    return None
