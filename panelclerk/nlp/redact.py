"""Masking personal data before a text is shown in chat or written to a log: the referral's
own known names first, then patterns for titled names, addresses and postcodes, dates of
birth, phone numbers and email addresses. Over-masking is the safe error here."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "[redacted]"

POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)
STREET = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Rd|Street|St|Lane|Ln|"
    r"Avenue|Ave|Close|Drive|Dr|Way|Court|Ct|Crescent|Place|Gardens|Grove|Terrace|"
    r"Square|Walk|Hill|Row|Mews|Park|View|Rise)\b\.?"
)
PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d(?:[\s-]?\d){8,9}\b")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
DOB = re.compile(
    r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\s+"
    r"\d{4}|\d{4}-\d{2}-\d{2})",
    re.I,
)
TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?\s+(?:[A-Z][a-z'-]+\s?){1,3}")
NAMED = re.compile(
    r"\b(?:named|called|known as|child|mother|father|stepfather|stepmother|"
    r"sibling|brother|sister|partner|carer|grandmother|grandfather|aunt|uncle)"
    r"\s+((?:[A-Z][a-z'-]+)(?:\s+[A-Z][a-z'-]+){0,2})"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words written with a capital that are not people's names: the words of sentences and of
# safeguarding (agencies, roles, law, places of care), days and months. Anything else with a
# capital in mid-sentence is taken for a name: over-masking is the safe error.
NOT_NAMES = _words(
    """a an the he she they it we i you his her their its our my your this that these those
    there here when while whilst after before during following since until both all each
    every some any no not none on in at by for from of to with without into onto over under
    and but or nor if as so then also however although though despite because yet once
    what who whom whose which where why how dear hi hello thanks thank regards kind best yes
    please today yesterday tomorrow last next later earlier now recently sadly unfortunately
    initially subsequently meanwhile further additionally finally overall one two three four
    five six seven eight nine ten first second third monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december christmas easter police social care services service health
    visitor visitors school schools hospital hospitals court courts council councils child
    children childrens child's children's baby babies infant toddler teenager boy girl son
    daughter mother father mum dad mom parent parents carer carers stepfather stepmother
    brother sister sibling siblings grandmother grandfather aunt uncle family protection
    plan plans act acts mental capacity deprivation liberty order orders section
    safeguarding designated named lead leads head review reviews panel board partnership
    partnerships serious case cases local authority authorities national early help youth
    offending justice probation housing education trust trusts team teams unit units centre
    center officer officers nurse nurses doctor doctors gp gps ward wards surgery practice
    paediatric paediatrician paediatrics consultant emergency department accident a&e
    intensive maternity midwife midwives midwifery ambulance coroner inquest post mortem
    working together regulation regulations statutory guidance chair sub group subgroup
    business manager referral referrals form forms strategy meeting conference core group
    assessment year nursery primary secondary academy college university foundation nhs
    mash camhs cahms yot cse cce lado icb ofsted dfe england wales scotland britain british
    english uk mr mrs ms miss dr mx master sir madam independent rapid notification
    practitioner practitioners professional professionals agency agencies partner partners
    multi inter single thematic literature learning event audit management information
    neglect abuse harm death died injury injuries"""
)
# A capital at the start of a sentence is a name when a name's verb or a possessive follows:
# "Georgina was brought in", "Reece's foster carer".
NAME_VERBS = _words(
    """was is had has died suffered sustained attended lived became went told said disclosed
    reported lives attends and"""
)
WORD = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]+)?(?:-[A-Z]?[a-z]+)?\b")
OPENERS = '.!?:;\n"“('


def vocabulary(phrases: Iterable[str]) -> frozenset[str]:
    """The words of a board's own names (agencies, review types, terms), lower-cased: built
    once, then asked of every capitalised word."""
    return frozenset(w.lower() for p in phrases for w in re.findall(r"[\w'’&-]+", p))


def _starts_sentence(text: str, at: int) -> bool:
    at -= 1
    while at >= 0 and text[at] in " \t":
        at -= 1
    return at < 0 or text[at] in OPENERS


def probable_names(text: str, keep: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Where a capitalised word is probably somebody's name. `keep` is the board's own
    vocabulary (`vocabulary`), which is never a person."""
    spans = []
    for match in WORD.finditer(text):
        word = match.group().lower()
        base = re.sub(r"['’]s$", "", word)
        if any(w in NOT_NAMES or w in keep for w in (word, base)):
            continue
        if _starts_sentence(text, match.start()):
            after = text[match.end() : match.end() + 20].split()
            possessive = base != word
            if not possessive and not (after and after[0].lower().strip(",") in NAME_VERBS):
                continue
        spans.append((match.start(), match.start() + len(base)))
    return spans


def personal_details(text: str, keep: frozenset[str] = frozenset()) -> list[str]:
    """What kinds of personal detail a text seems to hold, to tell its sender in words."""
    kinds = [
        ("a name", bool(TITLED.search(text) or NAMED.search(text) or probable_names(text, keep))),
        ("a date of birth", bool(DOB.search(text))),
        ("an address", bool(STREET.search(text) or POSTCODE.search(text))),
        ("a phone number", bool(PHONE.search(text))),
        ("an email address", bool(EMAIL.search(text))),
    ]
    return [kind for kind, found in kinds if found]


# Words of a pseudonym ("Child A", "Baby B", "Adult C", "Unborn Child") that are no name on
# their own: the whole pseudonym is masked, but "child" elsewhere in a sentence is not.
GENERIC = frozenset(
    [
        "child",
        "baby",
        "infant",
        "unborn",
        "adult",
        "young",
        "person",
        "sibling",
        "subject",
        "mother",
        "father",
        "mum",
        "dad",
        "girl",
        "boy",
        "family",
        "unknown",
        "fictional",
    ]
)


def _known(names: Iterable[str]) -> list[str]:
    parts: set[str] = set()
    for name in names:
        for piece in re.split(r"[,;\n]|\band\b", name or ""):
            piece = re.sub(r"\(.*?\)", "", piece).strip()
            if len(piece) >= 2:
                parts.add(piece)
                parts.update(
                    w
                    for w in piece.split()
                    if len(w) >= 3 and w[0].isupper() and w.casefold() not in GENERIC
                )
    return sorted(parts, key=len, reverse=True)


def redact(
    text: str,
    known_names: Iterable[str] = (),
    *,
    strict: bool = False,
    keep: frozenset[str] = frozenset(),
) -> str:
    """Known names, then patterns; `strict` also masks every probable name (what a chat
    message quotes from free text, where the names are not known)."""
    text = EMAIL.sub(MASK, text)  # first: a name inside an address must not break it
    for name in _known(known_names):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", MASK, text, flags=re.I)
    text = DOB.sub(MASK, text)
    text = STREET.sub(MASK, text)
    text = POSTCODE.sub(MASK, text)
    text = PHONE.sub(MASK, text)
    text = TITLED.sub(MASK + " ", text)
    text = NAMED.sub(lambda m: m.group(0).replace(m.group(1), MASK), text)
    if strict:
        for start, end in reversed(probable_names(text, keep)):
            text = text[:start] + MASK + text[end:]
    return re.sub(r"(\[redacted\]\s*){2,}", MASK + " ", text)
