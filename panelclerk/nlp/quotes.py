"""The words a fact is quoted with, so that the bot can say what it read: a cue with a few
words either side, within its clause, each quote once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

STOPS = frozenset({";", ".", "!", "?", ":", "but", "however", "although", "whereas"})


def snippet(doc: Any, start: int, end: int, sent: Any) -> str:
    """The cue with a few words either side, not crossing into the next clause."""
    left = start
    while left > max(sent.start, start - 6) and doc[left - 1].lower_ not in STOPS:
        left -= 1
    # A hyphenated word is quoted whole: "12-year-old was admitted", not "year-old was ...".
    while left > sent.start and "-" in (doc[left - 1].text, doc[left].text):
        left -= 1
    right = end
    while right < min(sent.end, end + 6) and doc[right].lower_ not in STOPS:
        right += 1
    while right < sent.end and "-" in (doc[right].text, doc[right - 1].text):
        right += 1
    return str(doc[left:right].text).strip(" ,;.")


def distinct(quotes: Iterable[str]) -> tuple[str, ...]:
    """Each quote once, and none that another quote already holds."""
    unique = list(dict.fromkeys(quotes))
    return tuple(q for q in unique if not any(q != o and q in o for o in unique))
