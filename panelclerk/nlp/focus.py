"""Which child a description is about when it tells of more than one: "My query is about his
sister, 7", "this referral is about the younger brother", "The child who has died is her
cousin", "The girl I'm asking about is 14". What comes before such a statement is the other
child's story (all of it, when the child asked about is named as that one's relative)."""

from __future__ import annotations

import re
from dataclasses import dataclass

FOCUS = re.compile(
    r"\b(?:(?:query|question|enquiry|referral|concern|call|email|message|this)\s+is\s+"
    r"(?:about|regarding|re|for|concerning)"
    r"|(?:asking|ringing|calling|writing|emailing|enquiring|phoning)\s+(?:you\s+)?"
    r"(?:about|regarding)"
    r"|the\s+(?:child|girl|boy|baby|young\s+person|one|infant|toddler|teenager|pupil)\s+"
    r"(?:who|that|i'?m|i\s+am|we'?re|we\s+are)\b[^.;?!]{0,40}?\s(?:is|was))"
    r"\s+(?P<object>[^.;?!]{0,60})",
    re.IGNORECASE,
)

# Words that name the child asked about as someone's relative: "about his sister".
RELATIVE_WORDS = re.compile(
    r"\b(?:brother|sister|sibling|cousin|twin|half-brother|half-sister|step-?brother|"
    r"step-?sister|eldest|youngest|older|younger)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Focus:
    start: int  # where the statement begins, in characters
    object_start: int  # where the child it names begins
    end: int  # the end of the statement's sentence
    relative: bool  # the child is named as the other one's relative


def find_focus(text: str) -> Focus | None:
    """The first statement of which child the text is about, if it follows something else."""
    for match in FOCUS.finditer(text):
        if not text[: match.start()].strip():
            continue
        head = match.group("object")[:30]
        relative = bool(RELATIVE_WORDS.search(head))
        end = match.end("object")
        return Focus(match.start(), match.start("object"), end, relative)
    return None
