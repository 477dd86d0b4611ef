"""Whether the child was in the care of the local authority when it happened, and whether a
young person who died was a care leaver.

Working Together 2023 (chapter 5) has the local authority tell the Secretary of State and
Ofsted of the death of a looked after child whether or not abuse or neglect is known or
suspected, and, since its December 2023 update, of the death of a care leaver up to and
including the age of 24.

"Care" is easily misread. A parent who grew up in care, a sibling placed in foster care after
the death, a care order applied for but not made, a child who left care and went home,
special guardianship, adoption and private fostering (none of them looked after), intensive
care and day care: none of these is a child in care. Each mention is read in its own clause:
whose it is (the nearest person before it), whether it is denied, whether it had ended or
had not yet begun, and whether it came only after the harm.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import takewhile
from typing import Any, NamedTuple

from ..workflow.criteria import Fact
from .pipeline import nlp, sentences
from .quotes import distinct, snippet


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


IN_CARE = "child_in_care"
LEAVER = "care_leaver"
OLDEST_LEAVER = 24  # "up to and including the age of 24"
LOOK_BACK = 15  # words before a mention searched for the person it is about

# Looked after by the local authority (Children Act 1989 s22): a care order, interim or
# full; accommodation under section 20; a placement order; remand to local authority
# accommodation; a secure placement by the local authority under section 25.
IN_CARE_CUES = (
    "in care",
    "into care",
    "in local authority care",
    "in the care of the local authority",
    "in the care of the council",
    "looked after",
    "looked - after",
    "child looked after",
    "children looked after",
    "lac",
    "cla",
    "foster care",
    "foster carer",
    "foster carers",
    "foster parent",
    "foster parents",
    "foster placement",
    "foster home",
    "foster family",
    "children 's home",
    "childrens home",
    "residential care",
    "residential placement",
    "care order",
    "interim care order",
    "full care order",
    "placement order",
    "placed for adoption",
    "section 20",
    "s20",
    "accommodated by the local authority",
    "accommodated by the council",
    "accommodated under",
    "local authority accommodation",
    "supported lodgings",
    "children in care team",
    "under section 25",
)
# Arrangements that are not being looked after: said of the child, they mean "not in care".
NOT_LOOKED_AFTER_CUES = (
    "special guardianship",
    "special guardianship order",
    "child arrangements order",
    "child arrangement order",
    "residence order",
    "private fostering",
    "privately fostered",
    "adoption order",
)
LEAVER_CUES = (
    "care leaver",
    "care leavers",
    "left care",
    "leaving care",
    "discharged from care",
    "care experienced",
    "care - experienced",
    "former looked after",
    "formerly looked after",
)
# Steps towards care are not care: "care proceedings were being considered", "the plan was
# to accommodate the baby at birth". They count only as a "no", when not yet taken.
INTENDED_CUES = (
    "care proceedings",
    "application for a care order",
    "apply for a care order",
    "accommodate",
)

CLAUSE_ENDS = frozenset({";", ":", ".", "!", "?", ",", "but", "and", "however", "although"})
DENIALS = frozenset({"no", "not", "n't", "never", "none", "nobody", "neither", "nor", "without"})
ENDED_BEFORE = frozenset({"previously", "formerly", "former", "once", "used"})
ENDED_AFTER = frozenset({"revoked", "discharged", "discharge", "ended", "ceased", "closed"})
# "returned home", "went back to his mother": the care ended; "returned to the children's
# home that evening" did not end it.
WENT_HOME = frozenset({"returned", "return", "went", "gone", "going"})
HOME = frozenset({"home", "mother", "father", "parents", "family", "mum", "dad", "back"})
NOT_YET = frozenset(
    {
        "considered",
        "considering",
        "consider",
        "preparing",
        "prepared",
        "apply",
        "applied",
        "application",
        "planned",
        "planning",
        "proposed",
        "intended",
        "pre",
        "threshold",
    }
)
AFTERMATH = frozenset({"after", "following"})
EVENTS = frozenset(
    {
        "death",
        "died",
        "injury",
        "injuries",
        "injured",
        "incident",
        "harm",
        "assault",
        "admission",
        "killing",
        "found",
    }
)
# The family, whose care is not the child's ("her mother had herself grown up in care").
OTHERS = _words(
    """father mother stepfather stepmother partner boyfriend girlfriend uncle brother brothers
    parent parents dad mum grandfather grandmother grandparent grandparents cousin sister
    sisters sibling siblings twin aunt stepbrother stepsister"""
)
BE = _words("was been then is were")
QUOTES = frozenset({"'", "’", "‘"})
CARERS_OF = frozenset({"with", "to", "by"})
PRONOUNS = _words("he she him her they them")
CHILD = _words(
    """he she him her they them boy girl child teenager son daughter baby infant toddler
    newborn pupil"""
)


# A young adult's age, which the child's age reader leaves alone (it stops at 25, so that
# "for 30 years" is not read as an age): "aged 26", "a 23-year-old", "the young man, 23,".
ADULT_AGE = re.compile(
    r"\b(?:aged?|at the age of)\s+(\d{2})\b|\b(\d{2})[\s-]*years?[\s-]*old\b|,\s*(\d{2})\s*,"
)


def _adult_age(text: str) -> int | None:
    for match in ADULT_AGE.finditer(text):
        years = int(next(g for g in match.groups() if g))
        if 18 <= years <= 99:
            return years
    return None


@lru_cache(maxsize=1)
def _matcher() -> Any:
    from spacy.matcher import PhraseMatcher

    pipeline = nlp()
    matcher = PhraseMatcher(pipeline.vocab, attr="LOWER")
    for label, cues in (
        ("in_care", IN_CARE_CUES),
        ("not_looked_after", NOT_LOOKED_AFTER_CUES),
        ("leaver", LEAVER_CUES),
        ("intended", INTENDED_CUES),
    ):
        matcher.add(label, [pipeline.make_doc(c) for c in cues])
    return matcher


def _clause_before(doc: Any, start: int, sent: Any) -> list[Any]:
    out: list[Any] = []
    for i in range(start - 1, max(sent.start, start - 10) - 1, -1):
        if doc[i].lower_ in CLAUSE_ENDS:
            break
        out.append(doc[i])
    return out[::-1]


def _rest_of_sentence(doc: Any, end: int, sent: Any) -> list[Any]:
    out: list[Any] = []
    for token in doc[end : min(sent.end, end + 16)]:
        if token.lower_ in (";", "."):
            break
        out.append(token)
    return out


def _whose(doc: Any, start: int, sent: Any) -> str:
    """ "child", "other" or "" (nobody named): the nearest person before the words, in their
    sentence and at most LOOK_BACK words before, with "the infant's older siblings" read as
    the siblings."""
    for token in reversed(doc[max(sent.start, start - LOOK_BACK) : start]):
        word = token.lower_
        # "Adult B", "Adult C": how reviews name the adults around the child ("Child A")
        named_adult = word == "adult" and token.i + 1 < len(doc) and doc[token.i + 1].is_upper
        if word in OTHERS or named_adult:
            # "lived with their grandparents under a special guardianship order": the
            # grandparents look after the child; the order is the child's.
            if _carer(doc, token.i, sent):
                continue
            return "other"
        if word in CHILD:
            following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
            if following in ("'s", "’s"):
                continue
            return "child"
    return ""


def _carer(doc: Any, i: int, sent: Any) -> bool:
    """The person at doc[i] is the one the child was placed with or lived with ("placed with
    the perpetrator and his then partner under a child arrangements order")."""
    for token in reversed(doc[max(sent.start, i - 6) : i]):
        word = token.lower_
        if word in CARERS_OF:
            return True
        if (word in CHILD and word not in PRONOUNS) or (word in CLAUSE_ENDS and word != "and"):
            return False
    return False


def _possessive(doc: Any, start: int, end: int) -> bool:
    """ "The foster carers' own son": someone of the carers' family, not the child. A closing
    quotation mark ("was 'looked after' by the council") is not an apostrophe."""
    following = doc[end].lower_ if end < len(doc) else ""
    if following in ("'s", "’s"):
        return True
    quoted = start > 0 and doc[start - 1].lower_ in QUOTES
    return following in QUOTES and doc[end - 1].lower_.endswith("s") and not quoted


def _after_the_event(words: list[str]) -> bool:
    return any(
        w in AFTERMATH and any(x in EVENTS for x in words[i + 1 : i + 5])
        for i, w in enumerate(words)
    )


class Mention(NamedTuple):
    fact: str  # IN_CARE or LEAVER
    reading: str  # "yes", "no", or "" (nothing either way)
    quote: str
    ended: bool = False  # the care had ended before


def _mentions(doc: Any, sentence: Callable[[int], Any]) -> list[Mention]:
    """Each mention of care that is about the child, read in its clause."""
    out: list[Mention] = []
    for match_id, start, end in _matcher()(doc):
        kind = doc.vocab.strings[match_id]
        sent = sentence(start)
        if _whose(doc, start, sent) == "other" or _possessive(doc, start, end):
            continue
        before = [t.lower_ for t in _clause_before(doc, start, sent)]
        after = [t.lower_ for t in _rest_of_sentence(doc, end, sent)]
        if _after_the_event(after):
            continue  # "the siblings were taken into care after the baby's death"
        quote = snippet(doc, start, end, sent)
        denied = any(w in DENIALS for w in before)
        clause_after = list(takewhile(lambda w: w not in CLAUSE_ENDS, after))[:6]
        not_yet = any(w in NOT_YET for w in before + clause_after)
        ended = (
            bool(before and before[-1] == "left")
            or any(w in ENDED_BEFORE for w in before)
            or any(w in ENDED_AFTER for w in after)
            or any(w in WENT_HOME and HOME & set(after[i + 1 : i + 5]) for i, w in enumerate(after))
            # "in care until he was five"; not "in care until his death"
            or any(
                w == "until" and not EVENTS & set(after[i + 1 : i + 4]) for i, w in enumerate(after)
            )
            or "adopted" in after
        )
        if kind == "intended":  # "the plan was to accommodate the baby at birth"
            if not_yet or denied or "plan" in before:
                out.append(Mention(IN_CARE, "no", quote, False))
            continue
        if kind == "not_looked_after":
            out.append(Mention(IN_CARE, "" if denied else "no", quote, False))
            continue
        if kind == "leaver":
            out.append(Mention(LEAVER, "no" if denied else "yes", quote, False))
            continue
        if denied or not_yet:
            out.append(Mention(IN_CARE, "no", quote, False))
        else:
            out.append(Mention(IN_CARE, "no" if ended else "yes", quote, ended))
    # "She was adopted at two": adoption ends being looked after.
    for token in doc:
        if token.lower_ == "adopted" and token.i and doc[token.i - 1].lower_ in BE:
            sent = sentence(token.i)
            if _whose(doc, token.i, sent) != "other":
                out.append(Mention(IN_CARE, "no", snippet(doc, token.i, token.i + 1, sent)))
    return out


def care_status(
    doc: Any,
    age: int | None,
    sentence: Callable[[int], Any] | None = None,
    age_sure: bool = True,
) -> dict[str, Fact]:
    """The two facts, from the text and the age found in it (None when it gives none);
    `sentence` finds a token's sentence (pipeline.sentences), built here if not given.
    `age_sure` False: the age may be someone else's ("his flatmate, aged 25"), so it does
    not end a care leaver's years."""
    mentions = _mentions(doc, sentence or sentences(doc))
    if age is None and mentions:
        age = _adult_age(doc.text)
    # A young adult who had been in care ("looked after until his 18th birthday") is a care
    # leaver, not a child who was not in care.
    if age is not None and age >= 18:
        mentions = [Mention(LEAVER, "yes", m.quote) if m.ended else m for m in mentions]
    facts: dict[str, Fact] = {}
    in_care = [m for m in mentions if m.fact == IN_CARE and m.reading]
    if in_care:
        yes = [m.quote for m in in_care if m.reading == "yes"]
        facts[IN_CARE] = Fact(
            IN_CARE, "true" if yes else "false", distinct(yes or [m.quote for m in in_care])[:3]
        )
    leaver = [m for m in mentions if m.fact == LEAVER]
    said = [m.quote for m in leaver if m.reading == "yes"]
    if said and age is not None and age > OLDEST_LEAVER and age_sure:
        facts[LEAVER] = Fact(LEAVER, "false", distinct(said)[:3], detail=f"aged {age}")
    elif leaver:
        facts[LEAVER] = Fact(
            LEAVER, "true" if said else "false", distinct(said or [m.quote for m in leaver])[:3]
        )
    return facts
