"""A child being treated is alive: "admitted for obs", "in a sling, all fine", "took her up to
Ward 12", "plastics seeing her tomorrow" (not "taken to A&E", which a child may not leave).
Asked "Has the child died?" about such a child, a lead stops trusting the rest, so a text
that tells of no death, and of nothing that leaves the child's life in doubt, is read as one
about a living child when it tells of treatment."""

from __future__ import annotations

import re

# Words of a death, or of one that may follow: with any of them the question stays open.
DEATH_OR_DOUBT = re.compile(
    r"\b(?:die|died|dies|dying|dead|death|deaths|deceased|passed\s+away|killed|fatal\w*|funeral"
    r"|coroner\w*|post[- ]?mortem|cdop|extinct|rip|inquest|bereave\w*|sudi\w*|drown\w*|body"
    r"|pronounced|declared|mortuary|heaven|angel|lost\s+(?:his|her|their|our|my)\s+(?:son"
    r"|daughter|baby|child|boy|girl)"
    r"|unresponsive|not\s+breathing|cpr|resus\w*|arrest|critical\w*|life\s+support"
    r"|life[- ]threatening|not\s+expected|fighting|gravely|ventilat\w*|intubat\w*|coma|picu"
    r"|icu|itu|intensive\s+care|hdu|high\s+dependency|brain[- ]dead|switch\w*\s+off|withdraw\w*"
    r"|no\s+update|nobody\s+will\s+tell|not\s+(?:yet\s+)?known|unknown"
    r"|(?:don['’]?t|do\s+not|not\s+sure)\s+(?:know\s+)?(?:how\s+(?:he|she|they)\s+(?:is|are)"
    r"|if\s+(?:he|she|they)(?:['’]s|\s+is|\s+are|\s+will)\s+(?:ok|okay|alright|alive|going)))\b",
    re.IGNORECASE,
)
# Treatment or care that only a living child receives.
TREATED = re.compile(
    r"\b(?:admitted|kept\s+(?:her|him|them)?\s*in|discharged|in\s+a\s+(?:cast|sling|plaster"
    r"|splint|brace)|(?:cast|plaster)\s+on|plaster\s+cast|home\s+by|dressing\s+due"
    r"|(?:is|'s|was|remains|still)\s+(?:in|at)\s+(?:the\s+)?(?:hospital|ward|royal|infirmary"
    r"|children['’]s\s+hospital|a&e)"
    r"|up\s+to\s+ward|(?:seeing|see|review|reviewing)\s+(?:her|him|them)\s+(?:tomorrow|today"
    r"|later|this\s+afternoon))\b",
    re.IGNORECASE,
)
# Someone other than the child, just before a treatment that does not name the child.
OTHERS = re.compile(
    r"\b(?:mum|mother|dad|father|nan|gran|grandmother|grandfather|partner|boyfriend|staff"
    r"|officer|driver|teacher|carer)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
CHILD_NAMED = re.compile(r"\b(?:him|her|them|child|baby|boy|girl|son|daughter|\d+)\b", re.I)


def treated_alive(text: str) -> str | None:
    """The words that tell a child being treated, in a text that tells of no death and of
    nothing that leaves the child's life in doubt; or None."""
    if DEATH_OR_DOUBT.search(text):
        return None
    for match in TREATED.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if OTHERS.search(before) and not CHILD_NAMED.search(match.group(0)):
            continue  # "Mum was admitted": hers, not the child's
        start = max(0, match.start() - 30)
        start = text.find(" ", start, match.start()) + 1 if start else 0
        return text[start : match.end()].strip()
    return None
