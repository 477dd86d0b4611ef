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


def _known(names: Iterable[str]) -> list[str]:
    parts: set[str] = set()
    for name in names:
        for piece in re.split(r"[,;\n]|\band\b", name or ""):
            piece = re.sub(r"\(.*?\)", "", piece).strip()
            if len(piece) >= 2:
                parts.add(piece)
                parts.update(w for w in piece.split() if len(w) >= 3 and w[0].isupper())
    return sorted(parts, key=len, reverse=True)


def redact(text: str, known_names: Iterable[str] = ()) -> str:
    text = EMAIL.sub(MASK, text)  # first: a name inside an address must not break it
    for name in _known(known_names):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", MASK, text, flags=re.I)
    text = DOB.sub(MASK, text)
    text = STREET.sub(MASK, text)
    text = POSTCODE.sub(MASK, text)
    text = PHONE.sub(MASK, text)
    text = TITLED.sub(MASK + " ", text)
    text = NAMED.sub(lambda m: m.group(0).replace(m.group(1), MASK), text)
    return re.sub(r"(\[redacted\]\s*){2,}", MASK + " ", text)
