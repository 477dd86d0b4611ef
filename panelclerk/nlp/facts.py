"""Facts for the SCR criteria from a free-text description, each true, false or unknown, with
the words that support it. Cues are phrase lists matched on lower-cased tokens; a negation cue
before the cue (same clause, a few tokens) or a denial after it makes a mention false; a hedge
makes it suspected. Single-word cues of six letters or more also match one-letter typos.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import islice, pairwise
from typing import Any, Literal

from ..workflow.criteria import Fact, Facts
from . import steps
from .ages import age_in_doubt, age_months, age_read, every_age
from .assertion import (
    DENY_VERBS,
    HARM_HEDGES,
    NO_DOUBT,
    PARTIES,
    PARTY_SPAN,
    PROFESSIONALS,
    _asks_the_cause,
    _hypothetical,
    _opening_bracket,
    _polarity,
    _speaker,
    _unsure,
    in_a_partys_words,
    party_denies,
)
from .care import care_status
from .circumstance import neglect_by_circumstance
from .cues import (
    ADULTS,
    AFFIRMED_ONLY,
    ALIVE_CUES,
    AT_RISK_OF,
    ATTEMPTED,
    BODY,
    BRUISES,
    CARERS,
    CHARGED,
    CHILD_WORDS,
    COERCED,
    CUES,
    DIED_GENTLY,
    DISCIPLINED,
    DOERS,
    EVERYDAY_LOCKS,
    EVERYDAY_NEIGHBOURS,
    HARM_KINDS,
    HARMED_LASTING,
    HEDGES,
    HOUSEHOLD,
    INJURY_WORDS,
    MARK_WORDS,
    NEGATIONS,
    NOT_MOBILE_MONTHS,
    NOT_SERIOUS_CUES,
    OFFENCES,
    OTHERS,
    OWN_ACT,
    PATTERNS,
    PERSONS,
    QUOTE_MARKS,
    REFLEXIVES,
    RESUSCITATION,
    RESUSCITATION_ENDS,
    SECURE_HINTS,
    SHAPES,
    STOPPED,
    STRIKING,
    STRUCK,
    SUICIDE_TALK,
    TOUCHES,
    TYPO_TARGETS,
    UNFETCHED,
    UNHARMED,
    VIOLENT,
    WEEKDAYS,
    _at_risk,
)
from .cues import _split as _split_words
from .focus import find_focus
from .pipeline import nlp, sentences
from .quotes import distinct, snippet
from .together import working_together


@lru_cache(maxsize=1)
def _matcher() -> tuple[Any, Any]:
    from spacy.matcher import Matcher, PhraseMatcher

    pipeline = nlp()
    phrases = PhraseMatcher(pipeline.vocab, attr="LOWER")
    for name, cues in CUES.items():
        phrases.add(name, [pipeline.make_doc(p) for p in cues])

    patterns = Matcher(pipeline.vocab)
    for name, shapes in PATTERNS.items():
        patterns.add(name, shapes)
    return phrases, patterns


@lru_cache(maxsize=1)
def _typos() -> dict[str, str]:
    """Every one-letter slip (a letter dropped, added, changed, or two swapped) of the words
    in TYPO_TARGETS, to the fact it spells: one dictionary lookup per word of the text."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    real = {p for phrases in CUES.values() for p in phrases} | EVERYDAY_NEIGHBOURS
    out: dict[str, str] = {}
    for name, phrases in CUES.items():
        for word in (p for p in phrases if p in TYPO_TARGETS):
            splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
            slips = {a + b[1:] for a, b in splits if b}
            slips |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            slips |= {a + c + b[1:] for a, b in splits if b for c in letters}
            slips |= {a + c + b for a, b in splits for c in letters}
            for slip in slips - real:
                if len(slip) >= 6:
                    out.setdefault(slip, name)
    return out


def _typo_matches(doc: Any, taken: set[int]) -> Iterable[tuple[str, int, int]]:
    typos = _typos()
    for token in doc:
        name = typos.get(token.lower_)
        if name is not None and token.i not in taken:
            yield name, token.i, token.i + 1


def _not_about_this_child(name: str, doc: Any, start: int, end: int, sent: Any) -> bool:
    """A mention that says nothing of this child's fact: done by the child to itself
    ("self-inflicted"), an arrest for something else, someone else's prison, injury or death,
    a death that did not happen, a danger rather than a fact ("at risk of serious harm")."""
    # A boy's circumcision is no abuse; a girl's is FGM.
    if (
        name == "abuse_or_neglect"
        and doc[start:end].text.lower() in ("circumcision", "circumcised")
        and not _a_girl(doc)
    ):
        return True
    if name == "abuse_or_neglect" and (
        _self_done(doc, start, end)
        or _charged_with_else(doc, start, end, sent)
        or _a_siblings(doc, start, end, sent)
        or _own_charge(doc, start, end, sent)
    ):
        return True
    if (
        name in ("died_in_custody", "seriously_harmed")
        and _someone_elses(doc, start, sent)
        and not _done_to_the_child(doc, start, end)
    ):
        return True
    # "perpetrator charged and remanded": someone else's custody; "in custody at Cookham
    # Wood until Feb, released on licence": a custody that ended before the death
    if name == "died_in_custody" and (
        any(_someone_elses_hold(doc, i, sent) for i in range(start, end))
        or _custody_ended(doc, end, sent)
        or _custody_left(doc, start)
        or _held_together(doc, start, sent)
    ):
        return True
    # "on a CP plan under sexual exploitation", "category: neglect": the plan names a risk,
    # not a harm that happened
    if name == "seriously_harmed" and _a_plans_category(doc, start, sent):
        return True
    if name in ("died", "suicide_suspected") and _not_the_childs_death(doc, start, end):
        return True
    return name in AT_RISK_OF and _at_risk(doc, start)


def _custody_left(doc: Any, start: int) -> bool:
    """A custody left before: "released from HMYOI Werrington last month", "out of the YOI"."""
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    if before[-2:] in (["out", "of"], ["left", "the"]):
        return True
    return "from" in before[-2:] and any(w in CUSTODY_LEFT for w in before)


CUSTODY_LEFT = frozenset(_split_words("released discharged home"))


def _held_together(doc: Any, start: int, sent: Any) -> bool:
    """More than one held together, as parents are: "Both have been arrested and are in
    custody", "they are both in custody"."""
    before = {t.lower_ for t in doc[max(sent.start, start - 8) : start]}
    return bool(before & {"both", "couple"}) and not before & (CHILD_WORDS | ONE_CHILD)


# Words for one child between "both" and a custody: "Both of Tyler's parents were with him
# when he died in police custody".
ONE_CHILD = frozenset({"he", "she", "him", "her", "his"})


def _custody_ended(doc: Any, end: int, sent: Any) -> bool:
    """A custody the words after it end: "until Feb", "released on licence", "till last
    year"; "remanded until his trial" is still custody, so "until" needs a time after it."""
    after = doc[end : min(sent.end, end + 8)]
    for k, token in enumerate(after):
        word = token.lower_
        if word in ("released", "discharged"):
            return True
        if word in ("until", "till", "til") and k + 1 < len(after):
            following = after[k + 1]
            if following.like_num or following.lower_ in ENDED_WHEN:
                return True
    return False


def _done_to_the_child(doc: Any, start: int, end: int) -> bool:
    """ "Her stepfather has been having sex with her", "passed around by her boyfriend's mates
    and made to have sex": the person before the words did it, and the child, after them or
    made to, had it done to them."""
    if doc[end - 1].lower_ != "sex":
        return False
    after = [t.lower_ for t in doc[end : min(len(doc), end + 2)]]
    before = {t.lower_ for t in doc[max(0, start - 3) : start]}
    made = bool(before & COERCED)
    return made or (after[:1] == ["with"] and after[1:2] in (["her"], ["him"], ["them"]))


PLAN_WORDS = frozenset(_split_words("plan plans category categories registered registration"))


def _a_plans_category(doc: Any, start: int, sent: Any) -> bool:
    """A harm named as the category of a child protection plan ("on a CP plan under sexual
    exploitation", "plan for neglect", "category: physical harm"): the risk the plan is for,
    not a harm that happened."""
    before = [t.lower_ for t in doc[max(sent.start, start - 3) : start]]
    if not before:
        return False
    if before[-1] in ("category", "categories"):
        return True
    return before[-1] in ("under", "for", "of", ":") and any(w in PLAN_WORDS for w in before[:-1])


SIBLINGS = frozenset(
    {"brother", "sister", "sibling", "siblings", "twin", "stepbrother", "stepsister", "cousin"}
)
OBJECTS = frozenset({"her", "him", "them", "the", "this", "our", "their", "his"})
CHILDREN = frozenset({"child", "baby", "boy", "girl", "infant", "toddler", "pupil"})


# What a brother or sister does who tells of the harm rather than suffers it.
TELLING = frozenset(_split_words("told tells said says disclosed reported mentioned saw"))


def _tells_that(doc: Any, i: int, start: int) -> bool:
    """What follows the telling word at doc[i] is what was told: "told the tutor that"."""
    return any(t.lower_ in ("that", ":") or t.text in QUOTE_MARKS for t in doc[i + 1 : start])


# Words between a name and a brother or sister it is joined to: "Sophie and her brother".
JOINED = frozenset({"and", "&", "+", "her", "his", "their", "older", "younger", "little", "big"})

# Words that open an age but are no one's name: "Pupil, 13", "Child (6)".
NOT_A_NAME = frozenset(
    _split_words(
        "pupil child boy girl son daughter baby infant toddler student patient subject she he "
        "they it age aged now turned his her"
    )
)


def childs_name(doc: Any) -> str | None:
    """The name the child is given with their age ("Sophie, 13", "Tia (2)"): the child the
    description is about, since the first age given is theirs (`ages.age_read`). Read once
    per description and kept with it: the readings ask sentence by sentence, and spaCy
    builds `doc.text` anew each time it is asked."""
    if "childs_name" not in doc.user_data:
        read = age_read(doc.text)
        named = re.match(r"([A-Z][a-z]+)\b", read[1]) if read is not None else None
        found = named.group(1) if named and named.group(1).lower() not in NOT_A_NAME else None
        doc.user_data["childs_name"] = found
    name: str | None = doc.user_data["childs_name"]
    return name


def _with_the_child(doc: Any, i: int) -> bool:
    """The brother or sister at doc[i] is joined to the child: "Sophie and brother (7) alone",
    "she and her sister were left": what follows is said of both."""
    name = childs_name(doc)
    j = i - 1
    while j >= 0 and (doc[j].lower_ in JOINED or doc[j].text in "()" or doc[j].like_num):
        j -= 1
    joined = any(t.lower_ in ("and", "&", "+") for t in doc[j + 1 : i])
    return joined and j >= 0 and (doc[j].text == name or doc[j].lower_ in ("she", "he"))


def _a_siblings(doc: Any, start: int, end: int, sent: Any) -> bool:
    """ "Her older brother was removed into care after being physically abused", "sibling K
    (6) subject to a CP plan": the abuse of a brother or sister, not of this child. Not when
    the sibling did it ("abused by her brother", "her brother abused her"), nor when the
    child is in it with them ("Sophie and her brother were alone"), nor when the sibling
    tells it ("her brother told the tutor that their stepdad hits her")."""
    for token in reversed(doc[max(sent.start, start - 15) : start]):
        word = token.lower_
        # "her brother told the tutor that ...": he tells it; "her brother said he was hit": his
        if word in (";", ":") or (word in TELLING and _tells_that(doc, token.i, start)):
            return False
        if word in SIBLINGS:
            if (token.i and doc[token.i - 1].lower_ == "by") or _with_the_child(doc, token.i):
                return False
            after = [t.lower_ for t in doc[end : min(len(doc), end + 2)]]
            return not (after and (after[0] in OBJECTS or after[0] in CHILDREN))
        # "Her sister was removed because she was neglected": she is the sister.
        if word in PRONOUNS and _same_person(word, doc[max(sent.start, start - 15) : token.i]):
            continue
        if word in PERSONS and word not in ("child",):
            return False
    return False


PRONOUNS = frozenset({"she", "he", "they"})


def _same_person(pronoun: str, before: Any) -> bool:
    """A pronoun that can only be the brother or sister named before it in the sentence."""
    for token in reversed(before):
        if token.lower_ in SIBLINGS:
            gender = _gender(token.lower_)
            return pronoun == "they" or gender is None or gender == pronoun
        if token.lower_ in PERSONS:
            return False
    return False


def _self_done(doc: Any, start: int, end: int | None = None) -> bool:
    """ "Self-inflicted", "self-neglect", "tried to strangle herself": done by the child, not
    to the child."""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    if end is not None and end < len(doc) and doc[end].lower_ in REFLEXIVES:
        return True
    return bool(before) and (before[-1] == "self" or before == ["self", "-"])


REMAND = frozenset(_split_words("remanded remand custody yoi sentenced detained secure convicted"))


def _own_charge(doc: Any, start: int, end: int, sent: Any) -> bool:
    """ "Child T was remanded to a secure training centre after being charged with wounding":
    in a sentence about the child's custody, a charge is the child's own offence."""
    if not any(t.lower_ in CHARGED for t in doc[start:end]):
        return False
    others = RELATIVES | OTHER_PEOPLE | {"carer", "adult", "suspect", "perpetrator"}
    if any(t.lower_ in others for t in sent):  # "her father was remanded after being charged"
        return False
    return any(t.lower_ in REMAND for t in sent if not start <= t.i < end)


def _charged_with_else(doc: Any, start: int, end: int, sent: Any) -> bool:
    """ "The father was arrested for drug dealing", "charged £50 for parking", "arrested in
    1984 during the miners' strike", "police arrested his dad for drink driving": an arrest
    for something named, paid for, or long past is not evidence of abuse, unless what
    follows it in the sentence tells of a child or of harm ("arrested for hitting Noah",
    "arrested in 2024 after Lily was found with a broken arm", "charged with offences
    against her")."""
    arrest = any(t.lower_ in CHARGED for t in doc[start:end]) or (
        doc[end - 1].lower_ == "in" and any(t.lower_ in ("taken", "took") for t in doc[start:end])
    )
    if not arrest or end >= len(doc):
        return False
    first = doc[end].lower_
    if first in ("£", "$", "€"):  # "charged £10 at the door"
        return True
    near = doc[max(sent.start, start - 35) : min(sent.end, end + 35)]  # bounded: linear
    if _held_over_something_else(near.text, doc[end - 1].idx + len(doc[end - 1]) - near.start_char):
        return True
    rest = doc[end : min(sent.end, end + NEAR)]
    # a stranger's offence on the road or at work: "the driver was arrested for causing death
    # by dangerous driving", "company director arrested for corporate manslaughter"
    who = doc[max(sent.start, start - 12) : start].text
    if STRANGERS_OFFENCE.search(rest.text) and ELSEWHERE.search(who):
        return True
    if any(t.lower_ in HARM_AFTER_AN_ARREST for t in rest) or HARM_TOLD.search(rest.text):
        return False
    if any(t.lower_ in OTHER_OFFENCES for t in rest[:8]):
        return True
    if any(t.is_title and t.i != sent.start and t.lower_ not in NOT_NAMES for t in rest):
        return False  # a name: "arrested on Friday after Noah was found"
    year = end + 1 < len(doc) and bool(re.fullmatch(r"(?:19|20)\d\d", doc[end + 1].text))
    return first in ("for", "on", "over", "of", "with") or (first in ("in", "during") and year)


STRANGERS_OFFENCE = re.compile(
    r"\b(?:dangerous|careless|drink|drug|inconsiderate)\s+driving|\bcorporate manslaughter|"
    r"\bhealth and safety\b",
    re.IGNORECASE,
)
# What tells, after an arrest, that it was for harm to a child: an offence, a blow, an
# injury, a child, the child as "her" or "him".
HARM_AFTER_AN_ARREST = frozenset(
    {*OFFENCES, *STRUCK, *STRIKING, *VIOLENT, *INJURY_WORDS, *CHILD_WORDS}
) | frozenset(
    _split_words(
        "injuries injured battering smacking molesting kidnapping locking neglecting "
        "starving throwing hurting her him them"
    )
)
# Words of harm the tokenizer splits: "ill-treating", "force-feeding".
HARM_TOLD = re.compile(r"\b(?:ill\s*-?\s*treat|force\s*-?\s*fe[ed])", re.IGNORECASE)
MONTHS = "january february march april may june july august september october november december"
MONTH = "(?:" + MONTHS.replace(" ", "|") + ")"
# When a custody ended: "until Feb", "until last month", "till 2023".
ENDED_WHEN = frozenset(
    _split_words(MONTHS + " jan feb mar apr jun jul aug sep sept oct nov dec last earlier recently")
)
# Capitalised words after an arrest that name no one: months, days, places of arrest.
NOT_NAMES = frozenset(
    _split_words(
        MONTHS + " monday tuesday wednesday thursday friday saturday sunday spain france "
        "police court crown magistrates"
    )
)
# What people are arrested for that is no offence against a child.
OTHER_OFFENCES = frozenset(
    _split_words(
        "burglary robbery theft shoplifting fraud protest demonstration strike riot insurance "
        "speeding parking tax evasion drunk disorderly motoring possession dealing driving "
        "public order"
    )
)


def _a_child_killed(doc: Any, end: int) -> bool:
    """The child named, or a child, just after "killed": "killed Mia", "killed the baby";
    not "killed Mum"."""
    if end >= len(doc):
        return False
    after = doc[end]
    return (
        after.text == childs_name(doc)
        or after.lower_ in CHILD_WORDS
        or (
            after.lower_ in ("the", "a", "her", "his")
            and end + 1 < len(doc)
            and doc[end + 1].lower_ in CHILD_WORDS
        )
    )


def _not_the_childs_death(doc: Any, start: int, end: int) -> bool:
    """ "A suicide attempt", "attempted suicide", "at risk of suicide", "talked about
    suicide": nobody died. "The mother's death", "her father died": not the child's."""
    after = doc[end].lower_ if end < len(doc) else ""
    if after in ("attempt", "attempts") or (start and doc[start - 1].lower_ in ATTEMPTED):
        return True
    # "Stepdad killed Mia": the death is the one killed's, not the one who killed
    if doc[end - 1].lower_ in ("killed", "murdered") and _a_child_killed(doc, end):
        return False
    if doc[start:end].text.lower() in ("suicide", "suicides") and (
        after in SUICIDE_TALK
        or any(t.lower_ in SUICIDE_TALK for t in doc[max(0, start - 3) : start])
    ):
        return True
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    # "could have died", "could easily have died", "could of died", "was left for dead":
    # nobody died
    have = ["have" if w in ("'ve", "’ve", "of") else w for w in before if w not in SO_NEARLY]
    if have[-1:] == ["have"] and have[-2:-1] and have[-2] in MIGHT_HAVE:
        return True
    if before[-2:] == ["left", "for"]:
        return True
    # "mum thought he was dying": a fear, not a death
    if doc[end - 1].lower_ == "dying" and any(w in FEARED for w in before[:-1]):
        return True
    if _the_writers(doc, start):
        return True
    following = [t.lower_ for t in doc[end : min(len(doc), end + 5)]]
    # "the death of his grandmother", "life extinct for mother at 14:20", "the suicide of
    # her older brother Sam"; the one named next, not anyone after ("life extinct for Kai,
    # mum present")
    if following[:1] in (["of"], ["for"]):
        whose = [w for w in following[1:] if w not in WHOSE_WORDS]
        if whose[:1] and (whose[0] in OTHERS or whose[0] in FRIENDS):
            return True
    # "his friend Josh who passed away here last month"
    if _a_friends_clause(doc, start) or _a_relatives_and(doc, start):
        return True
    # "PMCT on mum showed no injury", "Mum had a post-mortem CT": someone else's scan
    if {t.lower_ for t in doc[start:end]} <= POST_MORTEM_IMAGING and any(
        t.lower_ in OTHERS for t in doc[max(0, start - 3) : min(len(doc), end + 3)]
    ):
        return True
    for token in reversed(doc[max(0, start - 4) : start]):
        if token.lower_ in OTHERS or token.lower_ in FRIENDS:
            return not _in_relative_clause(doc, token.i)
        if token.lower_ not in (
            "'s",
            "’s",
            "had",
            "has",
            "was",
            "were",
            "been",
            "later",
            "recently",
            "sadly",
            "also",
            "is",  # "her dad is dead"
            "are",
            # "Mum was pronounced dead at the scene", "her hamster was found dead"
            "found",
            "pronounced",
            "declared",
            "confirmed",
            "certified",
        ):
            return False
    return False


def _a_relatives_and(doc: Any, start: int) -> bool:
    """ "Grandad never regained consciousness and died", "Nan had a stroke and tragically
    died": the death is the second act of the clause's subject, a relative, with no one else
    in the clause. Anything else is left as it was read: a clause that opens with the child
    ("Jayden fell off his dad's quad bike and died"), with two people ("Mum and baby were hit
    by a car and died"), or that names another ("Dad was holding her and she went limp")."""
    j = start - 1
    while j >= 0 and doc[j].lower_ in THEN_WORDS:
        j -= 1
    if j < 1 or doc[j].lower_ != "and":
        return False
    # the clause back to its punctuation, at most CLAUSE_SPAN words (a text of one clause
    # repeated thousands of times would otherwise walk back through all of it at every cue)
    k = j - 1
    while k > 0 and doc[k - 1].lower_ not in (".", ";", ",", "!", "?", ":", "\n"):
        k -= 1
        if j - k > CLAUSE_SPAN:
            return False
    words = [t for t in doc[k:j] if t.lower_ not in BEFORE_A_RELATIVE]
    if not words or words[0].lower_ not in RELATIVES_FRIENDS_PETS:
        return False
    rest = words[1:]
    # the relative's own name and age: "Her brother Kieran (19) was knifed"
    while rest and (_a_name(rest[0]) or rest[0].text.isdigit() or rest[0].text in "()"):
        rest = rest[1:]
    # no one else in the clause: no person, no child, no name after the relative
    return not any(
        t.lower_ in PERSONS or t.lower_ in CHILD_NOUNS or t.lower_ in RELATIVES or _a_name(t)
        for t in rest
    )


def _a_name(token: Any) -> bool:
    """A capitalised word that may be a person's name (not a month or a weekday)."""
    return (
        token.text[:1].isupper()
        and token.is_alpha
        and token.lower_ not in MONTH_AND_DAY_NAMES
        and token.lower_ != "i"
    )


CLAUSE_SPAN = 30
# Words between "and" and a death: "and sadly died", "and was killed", "and was found dead".
THEN_WORDS = frozenset(
    _split_words("sadly later then subsequently tragically suddenly was were found")
)
# Words before a relative or a pet at a clause's opening: "his older brother", "the family
# dog".
BEFORE_A_RELATIVE = frozenset(
    _split_words("his her their my our the older younger elder big family family's")
)
MONTH_AND_DAY_NAMES = frozenset(_split_words(MONTHS)) | frozenset(WEEKDAYS)
# Imaging done only after a death: whose it was is the question ("PMCT on mum").
POST_MORTEM_IMAGING = frozenset(
    _split_words("pmct post-mortem postmortem post mortem skeletal survey ct -")
)


# Words between "could" and "have died": "could easily have died" (not "may well have died",
# a death whose cause is unsure).
SO_NEARLY = frozenset(_split_words("easily so nearly just quite"))
MIGHT_HAVE = frozenset(_split_words("could might would may"))
# A death only feared: "mum thought he was dying".
FEARED = frozenset(_split_words("thought feared worried panicked"))
WRITER = frozenset(_split_words("i im i'm"))
# Words between the writer and "dead" in a joke: "I'm actually dead", "im literally dead".
I_AM = frozenset(_split_words("'m ’m am m actually literally so lowkey basically"))


def _the_writers(doc: Any, start: int) -> bool:
    """ "im actually dead 💀", "I'm dead": the writer says they are, in jest (not "I found
    him dead", "I pronounced life extinct at 0702": the writer did something)."""
    for token in reversed(doc[max(0, start - 3) : start]):
        if token.lower_ in WRITER:
            return True
        if token.lower_ not in I_AM:
            return False
    return False


# Words between "the death of" and whose it was: "of your partner", "of her older brother".
WHOSE_WORDS = frozenset(
    _split_words("his her their the a your my our older younger elder big little step best")
)
FRIENDS = frozenset(_split_words("friend friends classmate classmates neighbour bestie mate"))


def _a_friends_clause(doc: Any, start: int) -> bool:
    """The death is told in a clause about a friend or a relative: "his friend Josh who
    passed away here", "her nan, who had died in May" (not "the boy who lived with his
    father died", where the one who died is the child)."""
    j = start - 1
    while j >= 0 and doc[j].lower_ in ("had", "has", "sadly", "recently", "tragically", "also"):
        j -= 1
    if j < 1 or doc[j].lower_ not in ("who", "whom"):
        return False
    k = j - 1
    if doc[k].text == ",":
        k -= 1
    if k >= 0 and doc[k].text[:1].isupper() and doc[k].is_alpha:
        k -= 1  # a name after the friend: "his friend Josh"
    return k >= 0 and (doc[k].lower_ in FRIENDS or doc[k].lower_ in OTHERS)


def _in_relative_clause(doc: Any, i: int) -> bool:
    """ "A 12-year-old boy who had been living with his father died": the father is inside a
    clause about the child, who is the one that died."""
    for token in reversed(doc[max(0, i - 10) : i]):
        if token.lower_ in (",", ";", ".", "and", "but"):
            return False
        if token.lower_ in ("who", "whose") and token.i:
            before = doc[token.i - 1].lower_
            return before not in OTHERS and (before in PERSONS or before in CHILD_NOUNS)
    return False


CHILD_NOUNS = frozenset(
    _split_words("old pupil student boy girl child toddler baby infant lad son")
)


# The facts a sentence about a brother, a sister or a parent says nothing of for this child.
ABOUT_A_RELATIVE = frozenset({"abuse_or_neglect", "seriously_harmed", "died", "suicide_suspected"})
HE = frozenset(
    _split_words(
        "brother stepbrother half-brother father dad stepfather stepdad uncle grandfather "
        "grandad boyfriend son boy lad schoolboy"
    )
)
SHE = frozenset(
    _split_words(
        "sister stepsister half-sister mother mum mom stepmother stepmum aunt grandmother "
        "nan nana girlfriend daughter girl schoolgirl"
    )
)
PETS = frozenset(_split_words("dog cat pet hamster rabbit puppy kitten pony horse budgie"))
RELATIVES = (SIBLINGS | OTHERS | HE | SHE) - CHILD_NOUNS - PETS
# Who may be the one a clause's death is about, other than the child: "Nan had a stroke and
# died", "the family dog became ill and died".
RELATIVES_FRIENDS_PETS = RELATIVES | FRIENDS | PETS
# Other people whose story a sentence may tell: "a classmate died", "his friend was stabbed".
OTHER_PEOPLE = frozenset(
    _split_words(
        "friend friends classmate classmates peer peers man woman men women someone "
        "somebody neighbour pupils students children boys girls teenagers"
    )
)
# Words that may open a sentence before its subject: "2019: CP plan ended", "Later, he ...".
OPENERS = frozenset(_split_words("then later later on in on at by since after before also"))


def _gender(word: str) -> str | None:
    return "he" if word in HE else "she" if word in SHE else None


def _childs_gender(doc: Any) -> str | None:
    """ "Her brother", "his older sister": the child is the one the possessive belongs to;
    otherwise the first "boy", "son", "girl" or "daughter" of the text."""
    for token in doc:
        if token.lower_ in RELATIVES and token.lower_ not in CHILD_NOUNS:
            for back in doc[max(0, token.i - 2) : token.i]:
                if back.lower_ in ("her", "his"):
                    return "she" if back.lower_ == "her" else "he"
    for token in doc:
        if token.lower_ in CHILD_NOUNS and _gender(token.lower_) and not _a_parent(doc, token.i):
            return _gender(token.lower_)
    return None


def _a_parent(doc: Any, i: int) -> bool:
    """ "My son was a good dad", "my son, her father,": a grandparent's son is the child's
    father (not "her son and his dad")."""
    after = doc[i + 1 : i + 6]
    if not len(after) or after[0].lower_ not in ("was", "is", "'s", "’s", ",", "-", "–"):
        return False
    for token in after[1:]:
        if token.lower_ in CARERS:
            return True
        if token.lower_ in ("and", "or", "but", ".", ";"):
            return False
    return False


def _a_girl(doc: Any) -> bool:
    """The child is a girl: named so ("girl", "daughter", "her sister"), or, with no such
    word, spoken of only as "she" and "her"."""
    gender = _childs_gender(doc)
    if gender is not None:
        return gender == "she"
    words = {t.lower_ for t in doc}
    return bool(words & {"she", "her", "hers", "herself"}) and not (
        words & {"he", "him", "his", "himself"}
    )


def _opening(sent: Any) -> Any:
    """The first word of a sentence past dates, numbers and punctuation ("10/01/24:")."""
    for token in sent:
        if (
            token.is_punct
            or token.like_num
            or token.lower_ in OPENERS
            or any(c.isdigit() for c in token.text)
        ):
            continue
        return token
    return None


def _names_someone(sent: Any) -> bool:
    """A person, a pronoun or a name ("L (9 months)", "Sam's") in the sentence."""
    for token in sent:
        word = token.lower_
        if word in PERSONS or word in CHILD_NOUNS or word in RELATIVES:
            return True
        if word in ("they", "we", "i", "his", "hers", "their", "you"):
            return True
        following = token.doc[token.i + 1].text if token.i + 1 < len(token.doc) else ""
        if token.text[:1].isupper() and token.is_alpha and following in ("(", "'s", "’s"):
            return True
    return False


def _relatives_subject(sent: Any) -> tuple[str | None, str] | None:
    """ "Her brother Sam (8) was ...": a relative is the sentence's first person, with their
    gender and the name that follows, if any. The child's own name first means it is not."""
    name = childs_name(sent.doc)
    for token in sent:
        word = token.lower_
        if name is not None and token.text == name:
            return None
        if word in RELATIVES:
            after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
            named = after.text if after is not None and after.text[:1].isupper() else ""
            return _gender(word), named
        if (word in PERSONS or word in CHILD_NOUNS) and word not in ("her", "his", "their"):
            return None
    return None


def _relatives_sentences(doc: Any, anchors: set[int]) -> frozenset[int]:
    """Sentences that go on about the relative the sentence before was about: "Her brother
    Sam was on a CP plan for neglect. He was also physically abused" (he is Sam when the child
    is a girl), "2019: sibling K subject to s47 for NAI. 2021: CP plan ended." (no one else
    named). A sentence that names someone else, the child or a name, ends it. After a
    sentence whose words were only read as the relative's (`anchors`), a sentence naming no
    one goes on; after one that merely starts with a relative, only "he", "she" or the
    relative's name does, and "he" or "she" only when the child is known to be the other."""
    child = _childs_gender(doc)
    name = childs_name(doc)
    out: set[int] = set()
    state: tuple[str | None, str, bool] | None = None
    for sent in doc.sents:
        subject = _relatives_subject(sent)
        # "... of his partner's son Alfie (2), declared dead": the child is named in it, so
        # what follows is not only the other one's story
        if sent.start in anchors and name is not None and any(t.text == name for t in sent):
            state = None
            continue
        if sent.start in anchors:
            gender, named = subject if subject is not None else (None, "")
            state = (gender, named, True)
            continue
        first = _opening(sent)
        if state is not None and first is not None:
            gender, named, strong = state
            word = first.lower_
            pronoun = (
                word in ("he", "she", "his", "her")
                and gender is not None
                and child is not None
                and child != gender
                and ("he" if word in ("he", "his") else "she") == gender
            )
            if pronoun or (named and first.text == named) or (strong and not _names_someone(sent)):
                out.add(sent.start)
                continue
        state = (*subject, False) if subject is not None else None
    return frozenset(out)


def _own_acts(
    doc: Any, spans: list[tuple[str, int, int]], sentence: Callable[[int], Any]
) -> Iterable[tuple[str, int, int]]:
    """A death by the child's own act is a suspected suicide: a sentence with a death in it
    and "hanging", "ligature" or "self-inflicted"."""
    with_a_death = {
        (sent.start, sent.end) for sent in (sentence(s) for name, s, _ in spans if name == "died")
    }
    for start, end in with_a_death:
        for i in range(start, end):
            word = doc[i].lower_
            if word in OWN_ACT or (word == "inflicted" and _self_done(doc, i)):
                yield "suicide_suspected", i, i + 1


def _someone_elses(doc: Any, start: int, sent: Any) -> bool:
    """The words are about someone else in the family: the nearest person before them is
    the father or a sister ("the father, who had served 6 years in prison", "her brother
    suffered a fractured skull"). A person in a by-phrase did it, and is passed over ("not
    cared for by her parents and admitted with pressure sores"); so is one who caused it
    ("the parents were convicted of causing serious harm to their son")."""
    for token in reversed(doc[max(sent.start, start - 8) : start]):
        word = token.lower_
        if word == ";":
            return False
        # "Grandmother phoned, Jayden (6/12) is in PICU": the child named with an age is
        # nearer than the relative, so the words are the child's.
        # "Sibling Lacey (2) now with PGM": a relative's name and age are the relative's (not
        # "my cousin Tyler (15)": the writer's relative is the child)
        if (
            _named_with_age(doc, token.i)
            and token.i
            and doc[token.i - 1].lower_ in OTHERS
            and (token.i < 2 or doc[token.i - 2].lower_ not in ("my", "our"))
        ):
            return True
        if _named_with_age(doc, token.i) or _an_age_given(doc, token.i):
            return False
        if word not in PERSONS:
            continue
        if (
            _after_by(doc, token.i)
            or _with_the_child(doc, token.i)
            or _company(doc, token.i, start)
        ):
            continue
        # "swallowed his mum's cocaine and was ventilated": hers is the thing, not the harm
        # ("she's in hospital", "Mum's been in intensive care" are she is, Mum has)
        if (
            token.i + 2 < start
            and doc[token.i + 1].text in ("'s", "’s")
            and word not in ("she", "he", "it", "they", "who", "that")
            and doc[token.i + 2].lower_ not in NOT_A_THING_OWNED
        ):
            continue
        if word in OTHERS and any(t.lower_ in DOERS for t in doc[token.i + 1 : start]):
            return False
        return word in OTHERS
    return False


# What follows "'s" when it is "is" or "has": "Mum's been", "Dad's in hospital".
IS_OR_HAS = frozenset(
    _split_words(
        "been got gone had being not in at on with now still just very so a an the also "
        "already never always said told done going coming staying back home"
    )
)
# After "'s", a word that is no thing owned: "is", "has", or the injury itself ("her
# brother's injuries").
NOT_A_THING_OWNED = IS_OR_HAS | frozenset(INJURY_WORDS)


def _company(doc: Any, i: int, start: int) -> bool:
    """The person at doc[i] is with the child, not the one the words at doc[start] are
    about: "while baking with mum on Sunday - small superficial burn" (not "staying with her
    grandmother, who fractured her hip")."""
    j = i - 1
    if j >= 0 and doc[j].lower_ in ("her", "his", "their"):
        j -= 1
    return (
        j >= 0
        and doc[j].lower_ == "with"
        and not any(t.lower_ in ("who", "whose", "she", "he") for t in doc[i + 1 : start])
    )


def _named_with_age(doc: Any, i: int) -> bool:
    """doc[i] is a name with an age in brackets after it: "Jayden (6/12)", "Mia (4)"."""
    token = doc[i]
    return (
        token.text[:1].isupper()
        and token.is_alpha
        and token.lower_ not in RELATIVES
        and i + 2 < len(doc)
        and doc[i + 1].text == "("
        and any(c.isdigit() for c in doc[i + 2].text)
    )


# The end of an age given without a name: "4 month old", "2yo", "15 y/o", "3/12", "10m".
AGE_GIVEN = re.compile(r"(?:\d+(?:yo|yrs?|/12|/52|m|mo|mths?|wks?)|yo|o)", re.IGNORECASE)
AGE_UNITS = frozenset(
    _split_words("year years yr yrs month months mth mths m mo week weeks wk wks day days")
)


def _an_age_given(doc: Any, i: int) -> bool:
    """doc[i] ends an age that stands for the child ("call from mother, 4 month old male
    unresponsive", "mum rang, 2yo F"): nearer than the relative, so the words are the
    child's. The age of a relative is written after them ("mum, 24"), not before."""
    token = doc[i]
    if token.lower_ == "old":
        j = i - 1
        while j >= 0 and doc[j].text == "-":
            j -= 1
        return j >= 1 and doc[j].lower_ in AGE_UNITS and not _an_adults(doc[j - 1].text)
    if not AGE_GIVEN.fullmatch(token.text):
        return False
    if token.text[:1].isdigit():
        return not _an_adults(token.text)
    # "2 yo", "15 y/o"
    before = doc[i - 1].text if i else ""
    number = before if token.lower_ == "yo" else doc[i - 3].text if i >= 3 else ""
    return (
        (token.lower_ == "yo" and before.isdigit())
        or (token.lower_ == "o" and before == "/" and i >= 3 and doc[i - 2].lower_ == "y")
    ) and not _an_adults(number)


def _an_adults(number: str) -> bool:
    """ "Mother, 32yo": the age of someone grown up, which is no word for the child."""
    digits = re.match(r"\d+", number)
    return digits is not None and int(digits.group()) >= 18


def _after_by(doc: Any, i: int) -> bool:
    """The person at doc[i] is named in a by-phrase: "by her father", "by mum's partner"."""
    j = i - 1
    while j >= 0 and (doc[j].lower_ in NOUN_PHRASE or doc[j].lower_ in PERSONS):
        j -= 1
    return j >= 0 and doc[j].lower_ == "by" and i - j <= 5


NOUN_PHRASE = frozenset(
    _split_words("'s ’s the a an his her their its older younger new mother's father's")
)


def _bruised_baby(
    doc: Any, text: str, months: int | None, sentence: Callable[[int], Any]
) -> Fact | None:
    """A bruise on a baby too young to move about, not denied: suspected abuse. Under four, a
    bruise where falls do not bruise (the torso, ears, neck, cheek; the TEN-4 rule), or a torn
    frenulum under one, is suspected abuse too."""
    lower = text.lower()
    too_old = months is None or months >= NOT_MOBILE_MONTHS
    non_mobile = not too_old or "non-mobile" in lower or "not yet mobile" in lower
    if not non_mobile and (months is None or months >= TEN_4_MONTHS):
        return None
    for token in doc:
        if token.lower_ not in BRUISES:
            continue
        sent = sentence(token.i)
        near = {t.lower_ for t in doc[max(sent.start, token.i - 6) : min(sent.end, token.i + 7)]}
        frenulum = token.lower_ == "frenulum" and months is not None and months < 12
        if not (non_mobile or frenulum or near & TEN_4_SITES):
            continue
        negated, _ = _polarity(doc, token.i, token.i + 1, sent)
        if not negated:
            quote = snippet(doc, token.i, token.i + 1, sent)
            return Fact("abuse_or_neglect", "true", (quote,), hedged=True)
    return None


# Violence that only a person does, told with the child's name after it: "stabbed Aaron in
# the chest" (not "hit", "hurt", "bit": a car, a fall and a dog do those).
VIOLENCE = frozenset(
    _split_words(
        "stabbed strangled battered assaulted raped smothered choked throttled killed murdered"
    )
)


def _done_to_the_named_child(doc: Any, sentence: Callable[[int], Any]) -> Fact | None:
    """Violence done to the child named as its object: suspected abuse, quoting it."""
    name = childs_name(doc)
    if name is None:
        return None
    for token in doc[:-1]:
        if token.lower_ not in VIOLENCE:
            continue
        end = _named_next(doc, token.i + 1, name)
        after = doc[end].lower_ if end < len(doc) else ""
        if end and after not in ("'s", "’s"):
            sent = sentence(token.i)
            negated, _ = _polarity(doc, token.i, end, sent)
            if not negated and not _hypothetical(doc, token.i, sent):
                quote = snippet(doc, token.i, end, sent)
                return Fact("abuse_or_neglect", "true", (quote,))
    return None


# What may stand between a verb and the child named as its object: "stabbed J and her son
# Mason".
BESIDE_THE_NAME = frozenset(
    _split_words("and her his their son daughter brother sister child little baby stepson")
)


def _named_next(doc: Any, start: int, name: str) -> int:
    """The end of the child's name if it is the object that starts at `start`, after at
    most another person named with it ("J and her son"); 0 if it is not."""
    for i in range(start, min(start + 6, len(doc))):
        if doc[i].text == name:
            return i + 1
        if doc[i].lower_ not in BESIDE_THE_NAME and not (doc[i].is_title or doc[i].is_upper):
            return 0
    return 0


# Words only a baby or a young child is described with.
YOUNG_CHILD = re.compile(
    r"\b(?:baby|babies|toddler|infant|newborn|neonate|neonatal|nappy|nappies|pushchair|"
    r"buggy|cot|moses basket|(?:weeks?|wks?|months?|mths?)[\s-]+old|reception class)\b",
    re.IGNORECASE,
)
# What the person was once, not is: "on the CP register as a toddler", "since she was a baby".
ONCE_WAS = re.compile(
    r"\b(?:as\s+an?|(?:when|since)\s+(?:he|she|they)\s+(?:was|were)\s+an?)\s+$", re.IGNORECASE
)


def _a_young_child_now(text: str) -> bool:
    """A baby or a young child spoken of as one now, so an adult's age beside it is most
    likely a parent's; "removed as a toddler" is the person's own past."""
    return any(
        not ONCE_WAS.search(text[max(0, m.start() - 40) : m.start()])
        for m in YOUNG_CHILD.finditer(text)
    )


# A bleed around a young child's brain with bleeding in the eyes or broken ribs: the pattern
# clinicians read as an inflicted head injury (shaking, impact), whatever words carry it.
BRAIN_BLEED = re.compile(
    r"\b(?:subdural|sdh|intracranial\s+(?:bleed|haemorrhage|hemorrhage)|brain\s+bleeds?|"
    r"bleed(?:ing|s)?\s+(?:over|on|around|in)\s+(?:the\s+|his\s+|her\s+)?brain)",
    re.IGNORECASE,
)
ITS_COMPANIONS = re.compile(
    r"\b(?:retinal|(?:bleed(?:ing|s)?|haemorrhages?|hemorrhages?)\s+(?:behind|in)\s+"
    r"(?:the|both|his|her)\s+eyes|(?:broken|fractured|old|healing)\s+ribs|rib\s+(?:fractures?|#))",
    re.IGNORECASE,
)
# Another cause told for the bleeds: an impact, a birth, an illness.
AN_IMPACT = re.compile(
    r"\b(?:crash|collision|rtc|road traffic|hit by a|knocked (?:down|off)|by a (?:car|van|bus|"
    r"lorry)|fell (?:off|from|out of)|fall (?:off|from)|(?:difficult|traumatic|instrumental) "
    r"(?:birth|delivery)|ventouse|forceps|platelets?|leuka?emia|aciduria|haemophilia|"
    r"hemophilia|bleeding disorder)\b",
    re.IGNORECASE,
)
HEAD_INJURY_MONTHS = 60


def _inflicted_head_injury(
    doc: Any, months: int | None, sentence: Callable[[int], Any]
) -> Fact | None:
    """A child under five with a bleed around the brain and bleeding in the eyes or broken
    ribs, with no crash or fall told: suspected abuse, quoting the bleed."""
    text = doc.text  # what was read: at most the first 100,000 characters
    if months is None or months >= HEAD_INJURY_MONTHS or AN_IMPACT.search(text):
        return None
    bleed = BRAIN_BLEED.search(text)
    if bleed is None or not ITS_COMPANIONS.search(text):
        return None
    span = doc.char_span(bleed.start(), bleed.end(), alignment_mode="expand")
    if span is None:
        return None
    sent = sentence(span.start)
    negated, _ = _polarity(doc, span.start, span.end, sent)
    if negated:
        return None
    return Fact("abuse_or_neglect", "true", (snippet(doc, span.start, span.end, sent),))


# Where a young child's falls do not bruise (TEN-4-FACESp): torso, ears, neck and face.
TEN_4_MONTHS = 48
TEN_4_SITES = frozenset(
    _split_words(
        "torso chest abdomen tummy stomach back buttock buttocks bottom genitals ear ears neck "
        "jaw cheek cheeks eyelid eyelids"
    )
)


@lru_cache(maxsize=1)
def _state_matcher() -> Any:
    from spacy.matcher import PhraseMatcher

    pipeline = nlp()
    matcher = PhraseMatcher(pipeline.vocab, attr="LOWER")
    matcher.add("alive", [pipeline.make_doc(p) for p in ALIVE_CUES])
    matcher.add("not_serious", [pipeline.make_doc(p) for p in NOT_SERIOUS_CUES])
    matcher.add("danger", [pipeline.make_doc(p) for p in DANGER_CUES])
    return matcher


@lru_cache(maxsize=1)
def _concern_matcher() -> Any:
    """General worry words, read only for their denial (`_no_concern`): a worry that is not
    denied ("concerned about his attendance") is no danger now."""
    from spacy.matcher import PhraseMatcher

    pipeline = nlp()
    matcher = PhraseMatcher(pipeline.vocab, attr="LOWER")
    matcher.add("concern", [pipeline.make_doc(p) for p in GENERAL_CONCERNS])
    return matcher


# Said of a living child, a danger now: the lead contacts the police or children's social
# care before anything about a review.
DANGER_CUES = (
    "at risk",
    "at immediate risk",
    "in danger",
    "in immediate danger",
    "unsafe",
    "not safe",
    "scared to go home",
    "afraid to go home",
    "frightened to go home",
    "does not want to go home",
    "doesn't want to go home",
    "won't go home",
    "refusing to go home",
    "home alone",
    "left alone",
    "still living with",
    "still lives with",
    "still at home with",
    "returned home to",
    "is being",
    "are being",
    "has disclosed",
    "disclosed today",
    "disclosed this morning",
    "told me today",
    "told her teacher",
    "told his teacher",
)


# Words for a worry about a child's care that name no kind of abuse: denied ("nothing gives us
# any cause for concern", "Safeguarding: not applicable", "NOTHING TO INDICATE ANY CARE
# ISSUE", "nobody has ever had any worry about how she was looked after"), they answer "is
# abuse or neglect suspected?" with no, when the text names no abuse or neglect at all.
# What "safeguarding" names when it is an agency's act or part, not a worry: "no
# safeguarding referral made", "no safeguarding lead in post".
SAFEGUARDING_ACTS = frozenset(
    _split_words(
        "referral referrals lead leads team teams board partnership training policy "
        "procedures meeting meetings officer nurse hub form forms log logs record records "
        "course contact check checks plan advice"
    )
)

GENERAL_CONCERNS = (
    "concern",
    "concerns",
    "concerned",
    "cause for concern",
    "worry",
    "worries",
    "worried",
    "suspicion",
    "suspicions",
    "safeguarding",
    "safeguarding issue",
    "safeguarding issues",
    "safeguarding concern",
    "welfare concern",
    "welfare concerns",
    "care issue",
    "care issues",
    "care concerns",
    "failure in his care",
    "failure in her care",
    "failure in their care",
    "failings in his care",
    "failings in her care",
    "pause",
    "harm",
    "red flags",
    "red flag",
    "dodgy",
    "untoward",
    "amiss",
    "anything wrong",
    "worrying",  # "nothing at all worrying about his care" (see `_after_nothing`)
    # a doubt raised about how it happened: "nobody has raised any question about how it
    # happened" (not "nobody questioned how it happened", a failing, nor "no question about
    # how serious this is")
    "any question about how it happened",
    "any questions about how it happened",
    # the worry as a verb, for a negative subject: "nothing in her history troubles us"
    "troubles",
    "troubled",
    "alarms",
    "bothers",
)

# Said of what services knew before, a "no concerns" is no answer about what happened now:
# "no previous concerns", "not known to services before".
BEFORE_NOW = frozenset(
    _split_words(
        "previous previously prior before earlier historic historical past until known "
        "beforehand background"
    )
)

# A verdict that it was an accident, or good care, from someone who looked: "the police are
# satisfied it was an accident", "a genuine accident", "the care at home to be good", "warm
# and attentive care at home".
NO_FAULT = re.compile(
    r"\b(?:(?:satisfied|confirmed|concluded|agreed|found|judged|accepted|determined|ruled)"
    r"\b[^.;]{0,40}?\b(?:an?\s+|the\s+)?(?:genuine\s+|tragic\s+|pure\s+|true\s+)?"
    r"accident(?:al)?|genuine(?:ly)?\s+accident(?:al)?|(?:a|an)\s+(?:tragic|pure|genuine)\s+"
    r"accident|(?:care|parenting)\b[^.;]{0,25}?\bto\s+be\s+(?:good|excellent|appropriate|"
    r"warm|loving)|(?:good|excellent|warm|attentive|loving|exemplary)\s+(?:and\s+\w+\s+)?"
    r"(?:care|parenting)\b|(?:could\s+not|couldn't|could\s+n't)\s+have\s+done\s+more|never\s+"
    r"missed\s+(?:a\s+single|an?|any)\s+appointments?"
    # a finding on the care given: "the care she received from the home, school and health
    # services was appropriate throughout"
    r"|\b(?:found|finds|recorded|concluded|concludes|confirmed|confirms|judged|"
    r"determined|agreed|established|showed)\s+"
    r"(?:that\s+)?(?:the\s+|her\s+|his\s+|their\s+|all\s+the\s+)?care\b[^.;]{0,60}?\b(?:was|were|"
    r"had been|has been)\s+(?:entirely\s+|wholly\s+|fully\s+|always\s+)?(?:appropriate|good|"
    r"adequate|excellent|of a (?:good|high) standard)"
    # a review that found nobody at fault: "found no act or omission by anyone", "identified
    # no failings"
    r"|\b(?:found|identified|concluded|confirmed|showed|established)\s+(?:that\s+there\s+(?:was|were)\s+)?"
    r"no\s+(?:act(?:s)?\s+or\s+omissions?|omissions?|failings?|failures?\s+(?:of|in)\s+care|"
    r"fault|shortcomings?|neglect|culpability)"
    # an inquiry's conclusion that nothing was suspicious: "police are satisfied there is
    # nothing suspicious", "the joint visit concluded there were no suspicious circumstances",
    # "police looked at the room, nothing suspicious" (a bare "not suspicious" is not
    # enough: whoever looked must have concluded it)
    r"|\b(?:satisfied|concluded|confirmed|established|determined|content|found|looked|"
    r"checked|examined|reviewed|deemed)\b[^.;]{0,40}?"
    r"\b(?:nothing\s+(?:suspicious|untoward|sinister)|not\s+suspicious|non-suspicious|"
    r"no\s+suspicious\s+circumstances|(?:of\s+|was\s+|were\s+)?natural\s+causes)"
    # an expected death, as those caring for a child with a life-limiting condition call it
    # ("slipped away at the hospice, as everyone had expected"), said to end its clause: not
    # "it was expected that mum would attend", "expected mum would stay with him", "expected
    # within months", "the expected death pathway" (read only where the text tells of
    # palliative care: PALLIATIVE)
    r"|\b(?:(?:an\s+)?(?:expected|anticipated)\s+death|(?:the|her|his|their)\s+death\s+"
    r"(?:was|had\s+been)\s+(?:always\s+|fully\s+|entirely\s+)?(?:expected|anticipated)"
    r"(?:\s+by\s+(?:the\s+|her\s+|his\s+)?(?:palliative|hospice|medical|clinical|care|oncology)"
    r"\s+team)?"
    r"|(?:it|this)\s+(?:was|had\s+been)\s+(?:always\s+|fully\s+|entirely\s+)?expected"
    r"|as\s+(?:everyone|we|all|the\s+team|they)\s+(?:had\s+)?(?:always\s+)?"
    r"expected)(?=\s*(?:[,.;:!)\n]|$)|\s+(?:and|with|at)\b|\s+for\s+(?:some|several|many|a\s+few)"
    r"\s+(?:days|weeks|months)))",
    re.IGNORECASE,
)


# Care that tells of a life-limiting condition, where a death is expected.
PALLIATIVE = re.compile(
    r"\b(?:hospice|palliative|end[\s-]of[\s-]life|life[\s-]limiting|advance\s+care\s+plan|"
    r"dnacpr|dnar|comfort\s+care|terminal(?:ly)?)",
    re.IGNORECASE,
)
AT_THE_TIME = re.compile(r"\bat (?:the|that) (?:time|stage|point)\b", re.IGNORECASE)


# A denial bounded by the writer's own time with the child: "while she was with us", "when he
# attended our club", "during his time with us".
WHILE_WITH_US = re.compile(
    r"\b(?:while|whilst|when|during|in)\s+(?:she|he|they|her|his|their)\s+"
    r"(?:was|were|attended|came|used to|time|stayed|trained|played)\b",
    re.IGNORECASE,
)

# The writer says they do not know what happened or how the child lived: "We don't know how
# she died or anything about her life at home". A denial of worry from such a writer says
# only that they saw nothing.
NOT_KNOWING = re.compile(
    r"\b(?:don't|do not|do n't|did not|didn't|did n't|dont|never)\s+(?:really\s+)?"
    r"(?:know|knew|found out|heard)\s+(?:\w+\s+){0,2}?(?:how|why|what happened|anything|the cause|"
    r"(?:the\s+)?circumstances|"
    r"what (?:went on|caused|led)|whether)"
    r"|\bno idea\s+(?:how|why|what)"
    r"|\b(?:not sure|unsure|uncertain|not certain)\s+(?:of\s+|about\s+)?(?:how (?:she|he|they) "
    r"died|why (?:she|he|they) died|what happened|what went on|what caused|what led)"
    r"|\bcause\s+(?:is\s+|was\s+|remains\s+|still\s+)*(?:not\s+yet\s+known|unknown|unclear|"
    r"not\s+known)"
    r"|\b(?:cause|circumstances) of (?:the |her |his |their )?death\s+(?:is\s+|are\s+|was\s+|"
    r"remains?\s+|still\s+)*(?:unknown|not known|unclear|undetermined|unascertained|awaited|"
    r"pending|not yet known)",
    re.IGNORECASE,
)


# What a worry about the child's care is about: "no concerns about his care", "about
# Leo", "about abuse or neglect", "about her at home". Anything else ("no concerns about his
# asthma control", "about his attendance") answers another question.
CARE_TOPICS = (
    frozenset(
        _split_words(
            "care cared welfare wellbeing well-being safety safe parenting parent parents home "
            "family household upbringing abuse abused neglect neglected safeguarding harm "
            "harmed injury injured bruise bruising mark scald burn fracture fall wound "
            "kid youngster teenager teen twin grandchild grandson granddaughter pupil student "
            "sibling one presentation supervision him her them he she they treatment risk it "
            "us me we you death died accident incident circumstance event happened "
            "explanation story account foul drowning fire collision crash episode mechanism "
            "description"
        )
    )
    | CHILD_WORDS
    | frozenset(INJURY_WORDS)
)
ABOUT = frozenset(_split_words("about regarding re around over for"))


def _about_something_else(doc: Any, end: int, sent: Any) -> bool:
    """A worry denied about a named thing that is not the child or their care: "the GP had
    no concerns about his asthma control at the review"."""
    window = doc[end : min(sent.end, end + 3)]
    at = next((t.i for t in window if t.lower_ in ABOUT), None)
    if at is None:
        return False
    topic = []
    for t in doc[at + 1 : min(sent.end, at + 7)]:
        if (t.is_punct and t.lower_ not in ("/", ",")) or t.lower_ in TOPIC_ENDS:
            break
        if t.lower_ not in TOPIC_SKIPPED:
            topic.append(t)
    # "I'm not worried about anything at home": the writer's own worry, about all of it (not
    # "the foster carer said 'no concerns about anything'")
    if [t.lower_ for t in topic[:1]] in (["anything"], ["everything"]) and any(
        t.lower_ in WRITER for t in doc[max(sent.start, end - 6) : end]
    ):
        # (not "anything to do with his asthma", "anything medical")
        topic = topic[1:]
        if not topic:
            return False
    return (
        bool(topic)
        and not any(
            t.lower_ in CARE_TOPICS
            or t.lower_.removesuffix("s") in CARE_TOPICS
            or t.lower_.removesuffix("ren") in CARE_TOPICS  # "grandchildren"
            or t.text[:1].isupper()
            for t in topic
        )
    )


# Where the topic of a worry ends: "about his asthma control | at the review".
TOPIC_ENDS = frozenset(
    _split_words(
        "at in on while whilst when during since from by was were is are had has have "
        "that which who until before after"
    )
)
TOPIC_SKIPPED = frozenset(_split_words("the his her their its a an any this that these those"))


def _short(sent: Any) -> bool:
    """Fewer than five words, counted only as far as the fifth (a pasted sentence of
    100,000 characters was counted in full for each worry word in it)."""
    return sum(1 for _ in islice((t for t in sent if not t.is_punct), 5)) < 5


def _had_been(span: Any) -> bool:
    """ "No concerns had been raised by the drug service": a view held before, in the past
    perfect, not an answer about what happened since."""
    words = [t.lower_ for t in span]
    return ("had", "been") in pairwise(words)


# A view held at an earlier time or in another setting: "no concerns at the 2 year review",
# "at the home visit in March", "when the case was closed", "in class", "at nursery".
EARLIER_VIEW = re.compile(
    r"\b(?:at\s+(?:the|his|her|their|a|an|its|each|last)\s+(?:[\w-]+\s+){0,2}"
    r"(?:review|check|checks|visit|appointment|contact|session)\b|(?:on|at)\s+(?:discharge|birth|"
    r"booking)|"
    r"last\s+(?:year|month|week|time|visit)|when\s+the\s+case\s+was\s+closed|in\s+class|"
    r"at\s+(?:nursery|school|club|the\s+nursery)|with\s+(?:me|us)\b|"
    r"in\s+" + MONTH + ")",
    re.IGNORECASE,
)
# A view held now, which no earlier view undoes: "at the appointment today".
NOW_WORDS = re.compile(r"\b(?:today|now|currently|this\s+(?:morning|afternoon|week))\b", re.I)


def _an_earlier_view(doc: Any, start: int, end: int, sent: Any) -> bool:
    """A worry denied at an earlier time or in another setting: "no concerns about his
    care at the 6 week check", "when the case was closed", "at nursery"."""
    near = doc[max(sent.start, start - 12) : min(sent.end, end + 12)].text
    return bool(EARLIER_VIEW.search(near)) and not NOW_WORDS.search(near)


# Who looked and concluded: "the child protection medical found no safeguarding concerns".
FINDING = re.compile(
    r"\b(?:found|finds|concluded|confirmed|satisfied|established|determined|ruled|medical)\b",
    re.IGNORECASE,
)
WORRY_WORD = re.compile(r"\b(?:concern|worr|safeguarding|suspicion)", re.IGNORECASE)

# A criminal inquiry still open into what happened: while the police investigate, or hold
# one of the child's household, no one's view of the child's care settles whether abuse is
# suspected (a parent's denial, a health visitor's earlier view, a relative who is a nurse).
# Read a clause at a time, from what it is about rather than from set phrases (a red team
# found 70 of 80 wordings of an open inquiry missed by the phrases first written): the
# police, or someone held, and the words of an inquiry, in a clause that neither closes it
# ("stood down", "no further action", "treating it as an accident", "routine for any
# sudden death") nor turns it on a stranger or a thing ("the driver was arrested", "police
# are investigating the hotel"). A professional's finding ("the child protection medical
# found no signs of abuse") still answers, and so does a denial by everyone ("abuse is not
# suspected by anyone").
POLICE = re.compile(
    r"\b(?:police|officers?|detectives?|cid|mit|homicide|major crime|major investigation|"
    r"constabulary|cps|crown prosecution|oic|sio|d[cis]|cops)\b",
    re.IGNORECASE,
)
# Officers who are not the police: "the coroner's officer is making enquiries".
NOT_POLICE = re.compile(
    r"(?:coroner['’]s|coroners|safety|standards|fire|probation|prison|welfare|attendance|liaison|"
    r"environmental|licensing)\s+$",
    re.IGNORECASE,
)
# Teams and inquiries that are only into crimes: "CID have taken over", "the MIT are now
# involved", "a criminal investigation is under way", "a file has gone to the CPS".
CRIME_TEAMS = re.compile(
    r"\b(?:cid|mit|homicide (?:team|unit|detectives)|major crime|major investigation team|"
    r"(?:criminal|murder|manslaughter|homicide) (?:investigation|inquiry|enquiry)|cps|"
    r"(?<!as a )crime scene)\b",
    re.IGNORECASE,
)
INQUIRING = re.compile(
    r"\b(?:investigat\w*|inquiry|inquiries|enquiry|enquiries|looking into|"
    r"third[- ]party involvement|an open mind|charging decision|under caution|questioning|"
    r"questioned|interviewed)\b",
    re.IGNORECASE,
)
HELD = re.compile(
    r"\b(?:arrested|under arrest|bailed|on (?:police |pre-charge )?bail(?! duty)|pre-charge bail|"
    r"refused bail|rui|rui'd|released under investigation|remanded|in (?:police )?custody|"
    r"in police detention|held (?:at|overnight|in (?:custody|a cell|the cells)|on suspicion|"
    r"by (?:the )?police|by detectives)|(?:night|nights) in (?:the )?cells|"
    r"assisting (?:the )?police|(?:been|got|getting) done(?=\s+for\b)|"
    r"under caution|for questioning|being questioned|questioned by|helping (?:the )?police|"
    r"a suspect|charged|appeared in court|"
    r"released pending|to the (?:police )?station|in cuffs|under police investigation|"
    r"(?:remains|is|are|was|were) under investigation|"
    r"due (?:in|at|to appear in) court|due to appear|got lifted|been lifted|"
    r"detained (?:nearby|at the scene|on suspicion|by (?:the )?(?:police|officers)))\b",
    re.IGNORECASE,
)
# Held, as people say it of the police: "they've taken her dad in" (only where the police
# are named: "Dad took her in" is to a hospital).
TAKEN_IN = re.compile(
    r"\b(?:taken|took)\s+(?:\w+\s+){1,2}in\b"
    r"(?=\s*(?:[,.;!?]|$|for\b|last\b|overnight\b|yesterday\b|this\b|and\b))",
    re.IGNORECASE,
)


def _one_of(words: Iterable[str]) -> str:
    """The words as alternatives of a pattern, the longest tried first."""
    return "|".join(sorted(words, key=len, reverse=True))


def _any_word(words: Iterable[str]) -> str:
    """A pattern for any of the words, and "step-" anything."""
    return r"\b(?:" + _one_of(words) + r")\b|\bstep-\w+"


# The household and the family as a description names them, not any man or woman or a
# suspect: "mum's fella", "her fiancé", "Nan".
KIN_AND_CARERS = (set(HOUSEHOLD) | set(PARTIES) | {"fiance", "fiancé", "fella"}) - {
    *("adult", "adults", "ex", "man", "men", "woman", "women", "suspect", "suspects")
}
HELD_WHO = re.compile(
    _any_word(KIN_AND_CARERS | {"he", "she", "they", "both", "household"}), re.IGNORECASE
)
# A held person released for good: "released without charge", "no further action".
RELEASED = re.compile(
    r"\b(?:no further action|nfa|released without charge|no case to answer|"
    r"no (?:criminal )?offence|no crime|de-arrested)\b",
    re.IGNORECASE,
)
# What closes an inquiry, or makes it routine or about something other than the child's care;
# a release (RELEASED) closes one too.
CLOSED = re.compile(
    r"\b(?:closed|concluded|ended|stood down|wound (?:up|down)|"
    r"(?:investigation|inquiry|enquiries|enquiry) (?:is |are |was |were |has been |have been )?"
    r"complete(?:d)?|completed their (?:enquiries|investigation|inquiry)|"
    r"no longer (?:investigating|involved|treating)|"
    r"non-suspicious|not suspicious|no suspicious|nothing suspicious|accident|accidental|"
    r"natural causes|as expected|not open|found no(?:thing)?|routine|as standard|as with all|"
    r"as they do(?!\s+not)\b|for any (?:sudden|unexpected) (?:child )?death|"
    r"on behalf of the coroner|"
    r"on the coroner's|(?:charges?|case|investigation|inquiry) (?:was |were |has been |have been )?"
    r"dropped|not (?:treating|treated) [^.;!?]{0,20}as suspicious|"
    r"(?:are|is|were|was) clear|not pursuing|no prosecution|"
    r"ruled out (?:any )?(?:third[- ]party|foul play|suspicious|crime|criminal|anyone)|"
    r"(?:no|without) (?:third[- ]party|suspicious)|no evidence of (?:a )?crime)\b|"
    + RELEASED.pattern,
    re.IGNORECASE,
)
STILL_OPEN = re.compile(
    r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:ruled out|concluded|closed|ended|complete)\b"
    r"|\bfound no \w+ yet\b"
    r"|\bnot (?:believed|thought|treating it as|treated as) (?:to be )?(?:an? )?"
    r"(?:accident\w*|natural causes)"
    r"|\bruled out an? (?:accident\w*|fall)"
    r"|\bwhether\b[^.;!?]*"
    r"|\b(?:" + "|".join(sorted(PARTIES, key=len, reverse=True)) + r")\s+(?:says|said|claims|"
    r"told \w+|insists)\b[^.;!?]*",  # a party's own account: "dad says he dropped her"
    re.IGNORECASE,
)
ELSEWHERE = re.compile(
    r"\b(?:driver|drivers|motorist|cyclist|stranger|strangers|operator|owner|owners|manager|"
    r"company|hotel|council|farm|restaurant|site|collision|crash|fire|lorry|van|bus|train|"
    r"ride|landlord|engineer|contractor|instructor|lifeguard|website|dog|yard|club|boiler|"
    r"takeaway|retailer|seller|shop|manufacturer|showroom|factory|warehouse|director|"
    r"unknown to)\b",
    re.IGNORECASE,
)
# A sentence's parts, apart where it turns: "found no evidence in March, but have now
# arrested dad".
SENTENCES = re.compile(r"[^.;!?]+")
CLAUSES = re.compile(r"(?:(?!\b(?:but|however|although)\b)[^.;!?])+", re.IGNORECASE)
NOT_HELD = re.compile(r"(?:\bnot|\bnever|n't|\bno longer)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# The words that put a stranger or a thing as what is looked into: "investigating the ...",
# "looking into whether the ...".
INQUIRED_INTO = re.compile(
    r"\b(?:investigat\w*|looking into|enquiries (?:with|into)|questioned|interviewed)\s+"
    r"(?:\w+(?:'s)?\s+){0,4}$",
    re.IGNORECASE,
)
# Where a thing happened, not what the police look into: "at the council flat", "at a
# caravan site".
A_PLACE_BEFORE = re.compile(r"\b(?:at|in|on)\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+)?$", re.I)


def _turned_elsewhere(clause: str) -> bool:
    """The clause is about a stranger or a thing: what the police look into ("investigating
    the collision", "looking into whether the council had been warned") or who is held or
    said ("the driver was arrested"); not a place where the harm happened ("at a caravan
    site") nor what else the police do ("have seized the family dog")."""
    for found in ELSEWHERE.finditer(clause):
        before = clause[max(0, found.start() - 100) : found.start()]
        if A_PLACE_BEFORE.search(before[-24:]):
            continue
        if INQUIRED_INTO.search(before) or not INQUIRING.search(before):
            return True
    return False


WHO_CLAUSE = re.compile(r",\s*who\s+[^,]{1,60},")
# "Mum's boyfriend, a van driver, has been arrested": who someone is, not someone else.
APPOSITION = re.compile(r",\s*(?:an?|the)\s+[^,]{1,40},")
EVERYONE = re.compile(
    r"\b(?:suspected|thought|believed) by (?:anyone|anybody)\b(?!\s+(?:in|of|from|at)\b)"
    r"|\b(?:nobody|no one|no-one)\s+suspect",
    re.IGNORECASE,
)
# A view dated before the harm: an earlier view (EARLIER_VIEW), or "at the time", "in 2023",
# "on 3 March".
DATED = re.compile(
    EARLIER_VIEW.pattern + r"|\b(?:at the time|at that (?:stage|time|point)|previously|earlier|"
    r"before|in (?:19|20)\d\d|on \d{1,2}(?:st|nd|rd|th)? " + MONTH + r")\b",
    re.IGNORECASE,
)
# "No concerns" however it is confirmed is a view, not a finding: "the nursery confirmed
# they have no concerns".
NO_SIGN = re.compile(r"\bno (?:evidence|signs?|indication|injuries|findings)\b", re.IGNORECASE)


def _the_police(clause: str) -> bool:
    """The police named in the clause, not another service's officers."""
    return any(
        not NOT_POLICE.search(clause[max(0, m.start() - 16) : m.start()])
        for m in POLICE.finditer(clause)
    )


ACTIVE_HOLDS = frozenset({"arrested", "charged", "bailed", "questioned by"})
PASSIVE = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+$", re.IGNORECASE)


def _household_held(clause: str, tail: str) -> re.Match[str] | None:
    """One of the household held: the person named last before a word of custody is of
    the household ("mum's partner is on bail", "they were arrested"), not a stranger ("the
    lorry driver was arrested at the scene"), or named right after ("police have arrested
    dad"), and the custody is not denied ("he was not in custody") nor ended ("arrested but
    since released without charge", where no one else is named between). `tail`: the
    sentence from the clause on. The words of custody, or None."""
    holds = list(HELD.finditer(clause))
    if _the_police(clause):
        holds += TAKEN_IN.finditer(clause)
    for found in holds:
        rest = tail[found.end() : found.end() + 120]  # bounded: a long sentence stays linear
        ended = RELEASED.search(rest)
        if ended is not None and not HELD_WHO.search(rest[: ended.start()]):
            continue
        before = APPOSITION.sub(" ", clause[max(0, found.start() - 80) : found.start()])
        before = WHO_CLAUSE.sub(" ", before)  # "Mum's boyfriend, who works at a warehouse,"
        if NOT_HELD.search(before[-30:]):
            continue
        who = [m.end() for m in HELD_WHO.finditer(before)]
        strangers = [
            m.end()
            for m in ELSEWHERE.finditer(before)
            if not A_PLACE_BEFORE.search(before[max(0, m.start() - 24) : m.start()])
        ]
        if who and (not strangers or max(who) > max(strangers)):
            return found
        # the one held named inside the words: "they've taken her dad in"
        if found.re is TAKEN_IN and HELD_WHO.search(found.group()):
            return found
        # the one held named after an active verb: "police have now arrested dad"
        if found.group().lower() not in ACTIVE_HOLDS or PASSIVE.search(before[-12:]):
            continue
        after = clause[found.end() : found.end() + 40]
        named = HELD_WHO.search(after)
        stranger = ELSEWHERE.search(after)
        if named and (stranger is None or named.start() < stranger.start()):
            return found
    return None


def _an_open_inquiry(text: str) -> bool:
    """A clause says the police investigate what happened, or hold one of the household,
    and nothing in it closes the inquiry or turns it elsewhere (see POLICE)."""
    police_before = False
    for clause, tail, _ in _clauses(text):
        police = _the_police(clause)
        open_clause = STILL_OPEN.sub(" ", clause)
        # "Police attended. They've since opened an investigation"
        theirs = police or (police_before and re.match(r"\s*they\b", clause, re.I))
        inquiry = bool(CRIME_TEAMS.search(clause)) or bool(theirs and INQUIRING.search(clause))
        if _household_held(clause, tail) is not None:
            return True
        if inquiry and not CLOSED.search(open_clause) and not _turned_elsewhere(clause):
            return True
        police_before = police
    return False


def _clauses(text: str) -> Iterable[tuple[str, str, int]]:
    """Each clause of the text, with the rest of its sentence from the clause on and where
    the clause starts."""
    for found in SENTENCES.finditer(text):
        sentence_text, at = found.group(), 0
        for clause in CLAUSES.findall(sentence_text):
            at = sentence_text.find(clause, at)
            yield clause, sentence_text[at:], found.start() + at


# One of the household by what they are to the child, not by a pronoun, which may be the
# child's own ("he was remanded"): "her dad", "mum's boyfriend", "the childminder".
CARER_WORDS = KIN_AND_CARERS - {"neighbour", "mr", "mrs", "ms", "miss", "couple"}
CARER_NAMED = re.compile(_any_word(CARER_WORDS), re.IGNORECASE)
# The one held named just after an active verb: "police have arrested (her) dad".
CARER_AFTER = re.compile(
    r"^\s+(?:now\s+)?(?:(?:the|his|her|their|both|\w+['’]?s|older|younger|eldest|elder|new|"
    r"former)\s+){0,3}(?:" + _one_of(CARER_WORDS) + r")\b",
    re.IGNORECASE,
)
# Holds that others than the police make, or that a witness is in: held as a suspicion only
# where the police are named and no other purpose is ("questioned by the coroner", "went to
# the police station to collect his car", "helping police to trace the driver").
WEAK_HOLDS = re.compile(
    r"^(?:to the|questioned by|being questioned|helping|assisting|held by)",
    re.IGNORECASE,
)
OTHER_PURPOSE = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:by (?:(?:his|her|their|the) )?(?:employer|coroner|hmrc|council|school|"
    r"work)|to (?:collect|give|report|trace|help|find|identify)"
    r"|with (?:a |the )?(?:missing|search))",
    re.IGNORECASE,
)


# What follows a note's passive hold, where no one is named as held after it.
NOTHING_HELD_AFTER = re.compile(
    r"^\s*(?:$|[^\w\s]|(?:on|at|in|for|over|after|yesterday|today|last|this|and|but|pending|"
    r"until|till|without|overnight|again)\b)",
    re.IGNORECASE,
)
# Who works where people are held: "his mum, who works in custody at the station".
WORKS_THERE = re.compile(r"\b(?:works?|working|worked|staff|officer)\s+(?:\w+\s+)?$", re.I)


# A hold given a reason: "arrested for criminal damage", "on bail over a VAT fraud", "held
# overnight after a fight", "in custody on unrelated motoring matters", "on drugs charges".
HELD_FOR = re.compile(
    r"\b(?:for|over|into|about|because|after|in|on|re|following)\b.*",
    re.IGNORECASE,
)
# What a reason names that is no harm to a child: another offence, a fight, a place of work
# ("for criminal damage", "after a pub fight", "over a VAT fraud").
OTHER_MATTERS = frozenset(
    OTHER_OFFENCES
    | set(
        _split_words(
            "damage vat stolen stealing theft employer handling goods break-in fight brawl "
            "scuffle historic historical own speed camera drugs drug cannabis warrant fine "
            "fines benefit immigration pub bar football workplace firm business market shop "
            "warehouse hedge boundary"
        )
    )
)
# Adults harmed or quarrelled with, named in a reason after a harm or "with": "for
# assaulting a neighbour", "after a row with a parking attendant" (not "after a neighbour
# called 999", who called).
ADULTS_HARMED = re.compile(
    r"\b(?:with|assault\w*|hit\w*|attack\w*|injur\w*|punch\w*|stabb?\w*|threaten\w*|"
    r"abus\w*)\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+)?(?:\w+\s+)?(?:neighbour|nurse|"
    r"paramedic|stranger|officer|attendant|doorman|bouncer|colleague|customer|driver|"
    r"motorist|man|men|woman|women|someone|landlord|worker|member of staff|security)s?\b",
    re.IGNORECASE,
)
# A reason that is the harm to the child: "on suspicion of murder", "for assaulting him",
# "over her death", "in connection with his injuries", "for child cruelty".
HARM_REASON = re.compile(
    r"\b(?:murder|manslaughter|gbh|grievous|wounding|neglect\w*|cruelty|ill-?treat\w*|causing|"
    r"allowing|death|died|dying|kill\w*|injur\w*|harm\w*|abus\w*|s\.?\s?(?:18|20|47)|"
    r"section (?:18|20|47)|suspicion|connection|baby|child|son|daughter|what happened|"
    r"the incident|him|her|them)\b",
    re.IGNORECASE,
)
# What says a hold is not over the child: "an unrelated fraud", "nothing to do with Freddie",
# "as the key witness", or a time before the harm ("the month before", "years ago"); not
# "unrelated to Leo", of kin.
NOT_OVER_THE_CHILD = re.compile(
    r"\b(?:unrelated(?!\s+to\b)|nothing to do with|"
    r"separate (?:matter|investigation|incident|case)|(?:other|another) (?:matter|case)|"
    r"as (?:a|the) (?:key |main |only )?witness|"
    r"\d+ (?:years?|yrs?|months?) (?:ago|before|earlier)|years ago|"
    r"(?:the|a) (?:month|week|year|day)s? (?:before|earlier)|before \w+ (?:was|were) born)\b",
    re.IGNORECASE,
)


def _held_over_something_else(text: str, after: int) -> bool:
    """A hold, its words ending at `after` in `text`, said to be over something else: a
    reason after it that names another matter and no harm to a child ("on bail over a VAT
    fraud", "held overnight after a fight in A&E", "for assaulting a neighbour"), or words
    near it that set it apart ("nothing to do with Freddie", "as the key witness", "the
    month before"). A reason that names nothing else ("arrested in a dawn raid", "following
    the post-mortem") leaves the hold over what happened; a harm to the child named in it
    ("for murder", "for assaulting him") keeps it so whatever is near."""
    reason = HELD_FOR.search(re.split(r"[,;.]", text[after : after + 70])[0])
    said = reason.group() if reason is not None else ""
    words = set(re.findall(r"[a-z-]+", said.lower()))
    others = words & OTHER_MATTERS or ADULTS_HARMED.search(said)
    harmed = words & HARM_AFTER_AN_ARREST or HARM_REASON.search(said) or HARM_TOLD.search(said)
    harm_to_child = bool(harmed) and not others
    if harm_to_child:
        return False
    if NOT_OVER_THE_CHILD.search(text[max(0, after - 160) : after + 160]):
        return True
    return bool(others)


# Two or more held, named by a word that points back: "arrested both of them", "Both have
# been arrested".
BOTH_OF_THEM = re.compile(
    r"^\s*(?:both\s+of\s+them|them\s+both|both|the\s+(?:couple|pair))\b|\bboth\s*$",
    re.IGNORECASE,
)


def _carers_just_named(before: str) -> re.Match[str] | None:
    """The carer named last in the words before a clause, with no stranger or thing named
    after them ("Mum and dad were out.", not "Mum rang about the two men next door.")."""
    carers = list(CARER_NAMED.finditer(before))
    if not carers:
        return None
    after = before[carers[-1].end() :]
    return None if ELSEWHERE.search(after) or OTHER_PEOPLE_NAMED.search(after) else carers[-1]


# People who are not the household, named between the carers and "both of them".
OTHER_PEOPLE_NAMED = re.compile(
    r"\b(?:men|man|woman|women|males?|females?|youths?|lads|boys|girls|teenagers|suspects?|"
    r"neighbours?|gang|group|people|strangers?|offenders?|friends?|mates)\b",
    re.IGNORECASE,
)


def _a_carer_held(doc: Any, sentence: Callable[[int], Any]) -> str | None:
    """The words of a clause in which the police hold one of the household, named as such
    ("police have arrested her dad", "mum's partner is on bail", "they've taken her dad
    in"): the police suspect someone close to the child of what happened, and a suspicion is
    what Regulation 5(2)(a) asks about. Not a hold over something else ("arrested for
    burglary last year"), by anyone but the police ("questioned by the coroner"), of a
    witness or a stranger near the family ("arrested a man who was shouting at his mum"), nor
    one of the family making an arrest ("Her dad, a police officer, arrested a shoplifter").
    None when no one of the household is held."""
    text = doc.text  # spaCy joins the whole text each time it is asked for
    for clause, tail, at in _clauses(text):
        held = _household_held(clause, tail)
        if held is None or _held_over_something_else(clause, held.end()):
            continue
        said, before = held.group().lower(), clause[max(0, held.start() - 60) : held.start()]
        rest = clause[held.end() : held.end() + 60]
        # "both parents bailed.", "mum's partner arrested on Friday": a note's passive
        passive = (
            bool(PASSIVE.search(before[-12:]))
            or said not in ACTIVE_HOLDS
            or NOTHING_HELD_AFTER.match(rest) is not None
        )
        if said.startswith(("taken", "took")):  # "they've taken her dad in"
            named = CARER_NAMED.search(said)
        elif passive:  # "mum's partner is on bail", "Mum and her partner ... have been bailed"
            named = CARER_NAMED.search(APPOSITION.sub(" ", clause[: held.start()]))
            # "Mum and dad were out. Both have been arrested."
            if named is None and BOTH_OF_THEM.search(clause[: held.start()]):
                named = _carers_just_named(text[max(0, at - 200) : at])
        else:  # "police have arrested dad"; not "her dad arrested a shoplifter"
            named = CARER_AFTER.match(rest)
            # "Mum and dad were out. Police have arrested both of them."
            if named is None and BOTH_OF_THEM.match(rest):
                named = _carers_just_named(text[max(0, at - 200) : at])
        if named is None or WORKS_THERE.search(before):
            continue
        if OTHER_PURPOSE.match(rest) or (WEAK_HOLDS.match(said) and not _the_police(clause)):
            continue
        words = doc.char_span(at + held.start(), at + held.end(), alignment_mode="expand")
        if words is not None and _charged_with_else(
            doc, words.start, words.end, sentence(words.start)
        ):
            continue
        return " ".join(clause.split())[:160]
    return None


def _answers_beside_an_inquiry(quotes: tuple[str, ...]) -> bool:
    """A denial an open inquiry does not reopen: a professional's finding, made since the
    harm ("the paediatrician found no signs of abuse", not "found no evidence ... in March"),
    or a denial by everyone."""
    return any(
        EVERYONE.search(quote)
        or (
            FINDING.search(quote)
            and (NO_SIGN.search(quote) or not WORRY_WORD.search(quote))
            and not DATED.search(quote)
        )
        for quote in quotes
    )


# An inquiry's act that makes a finding of nothing suspicious (NO_FAULT) only when a
# professional did it.
LOOKED = re.compile(
    r"(?:found|looked|checked|examined|reviewed|deemed)\b[^.;]*?"
    r"(?:suspicious|untoward|sinister|natural causes)",
    re.I,
)

# Of what NO_FAULT finds, what ends an inquiry into how the child came to harm: an accident
# or natural causes, nothing suspicious; not a view of the care ("found her care to be good").
AN_INQUIRYS_END = re.compile(r"accident|natural causes|suspicious|sinister|untoward", re.I)
PARTY_PRONOUNS = frozenset({"he", "she", "they"})


def _a_professionals_sentence(sent: Any, seen: dict[int, bool]) -> bool:
    """A professional speaks in the sentence, and no party and no pronoun that may be one
    ("She found him at the foot of the stairs and it was a tragic accident")."""
    if sent.start not in seen:
        words = {t.lower_ for t in sent} - ({"couple"} if "couple of" in sent.text else set())
        seen[sent.start] = bool(words & PROFESSIONALS) and not words & (PARTIES | PARTY_PRONOUNS)
    return seen[sent.start]


def _after_nothing(doc: Any, i: int) -> bool:
    """The word follows "nothing" or "anything", with "at all" between or not."""
    before = [t.lower_ for t in doc[max(0, i - 3) : i]]
    if before[-2:] == ["at", "all"]:
        before = before[:-2]
    return bool(before) and before[-1] in ("nothing", "anything")


def _no_concern(
    doc: Any, sentence: Callable[[int], Any], cues: frozenset[int], *, alleged: bool = False
) -> tuple[str, ...]:
    """Quotes that deny any worry about the child's care, or find it an accident or good
    care: the answer "no" to "is abuse or neglect suspected?" when nothing names either.
    `alleged` (a parent or a carer has denied something): only a professional's finding of
    natural causes, an accident or nothing suspicious answers ("the paediatrician confirmed
    natural causes"), not a view of the child's care."""
    quotes: list[str] = []
    seen: dict[int, bool] = {}  # each sentence read once, however many matches it holds
    unknowing = bool(NOT_KNOWING.search(doc.text))
    for _, start, end in () if unknowing or alleged else _concern_matcher()(doc):
        # "no safeguarding referral made": an agency's act not done, no answer about the
        # child (a dental practice's missed referral had answered "not met")
        if (
            doc[end - 1].lower_ == "safeguarding"
            and end < len(doc)
            and doc[end].lower_ in SAFEGUARDING_ACTS
        ):
            continue
        # "nothing at all worrying", "anything worrying"; not "Mum is not worrying about it"
        if doc[start].lower_ == "worrying" and (
            not _after_nothing(doc, start) or in_a_partys_words(doc, start, sentence(start))
        ):
            continue
        sent = sentence(start)
        # "No concerns." on its own says no more than that nothing was written down: a
        # confirmation is asked, quoting it. A statement of who found what answers.
        # "no worries about mum's drinking" is about someone else
        about = doc[max(sent.start, start - 2) : min(sent.end, end + 4)]
        if any(t.lower_ in RELATIVES for t in about):
            continue
        if _short(sent):
            continue
        near = doc[max(sent.start, start - 8) : min(sent.end, end + 6)]
        # "nobody raised any question about how it happened at the time": a view then
        if (
            any(t.lower_ in BEFORE_NOW for t in near)
            or _had_been(near)
            or AT_THE_TIME.search(near.text)
        ):
            continue
        if _an_earlier_view(doc, start, end, sent):
            continue
        if _meant_to(doc, start, sent):  # "nobody intended to harm him"
            continue
        if _about_something_else(doc, end, sent):
            continue
        # "never had any worries about her while she was with us": what the writer saw
        # in their own time with the child, no answer about what happened since.
        if WHILE_WITH_US.search(doc[end : min(sent.end, end + 12)].text):
            continue
        negated, _ = _polarity(doc, start, end, sent, cues=cues)
        # "I do not believe there is any concern": the writer's own denial, raised to "believe"
        negated = negated or bool(
            I_DO_NOT_BELIEVE.search(doc[max(sent.start, start - 9) : start].text)
        )
        if negated and not _hypothetical(doc, start, sent) and not _unsure(doc, start, sent):
            quotes.append(snippet(doc, start, end, sent))
    text = doc.text  # spaCy joins the whole text each time it is asked for
    for match in NO_FAULT.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        sent = sentence(span.start)
        if alleged and not (
            AN_INQUIRYS_END.search(match.group())
            and FINDING.search(match.group())
            and _a_professionals_sentence(sent, seen)
        ):
            continue
        # "looked at the room, nothing suspicious" is a finding when a professional looked,
        # not when a parent did ("Mum says she looked in on him, nothing suspicious")
        if LOOKED.match(match.group()) and not _a_professionals_sentence(sent, seen):
            continue
        # an expected death is a clearance only in palliative care, and in a parent's words
        # it is their account ("Mum says it was expected", "According to mum, it was
        # expected", "The family said her death was expected")
        said = match.group().lower()
        if ("expected" in said or "anticipated" in said) and (
            not PALLIATIVE.search(text)
            or in_a_partys_words(doc, span.start, sent)
            or any(t.lower_ in PARTIES for t in doc[max(sent.start, span.start - 8) : span.start])
        ):
            continue
        before = doc[max(sent.start, span.start - 4) : span.start].text.lower()
        if re.search(
            r"\b(?:not|n't|never|no|whether|if|unless|undetermined|initially|originally)\b|"
            r"\bat first\b",
            before,
        ):
            continue
        # "nothing suspicious at this stage, awaiting PM", "..., though the pathologist has
        # concerns": a view for now, not a finding
        after = doc[span.end : min(sent.end, span.end + 6)].text.lower()
        if re.search(
            r"\b(?:not|undetermined|unclear|questioned|doubted|but|however|until|though|"
            r"although|yet|so far|at (?:this|that) (?:stage|point|time)|at present|for now|"
            r"awaiting|pending|initial(?:ly)?|provisional(?:ly)?)\b",
            after,
        ):
            continue
        quotes.append(snippet(doc, span.start, span.end, sent))
    return distinct(quotes)[:2]


# Sexual abuse, in the words the abuse was read from: "raping her", "sexually abusing her".
SEXUAL = re.compile(
    r"\b(?:sexual|sexually|rap(?:e|ed|es|ing)|molest|indecent|intercourse|cse|exploit|groom)",
    re.IGNORECASE,
)


# A wound closed, told as slight: of an injury, no serious harm; beside abuse, no answer.
WOUND_CLOSED = ("stitches", "steri strips", "steri-strips", "steristrips")


def _only_the_body(said: list[str], abuse: Fact | None) -> bool:
    """ "Physically fine", "no physical injuries" of a child sexually abused, or "needed a
    few stitches" of a child abused at all: the wound was small, and the harm the abuse does
    is another question (regulation 5's serious harm is of mental health and development
    too)."""
    if not said or abuse is None or abuse.value != "true":
        return False
    if all(any(w in each for w in WOUND_CLOSED) for each in said):
        return True
    return all("phys" in each for each in said) and any(SEXUAL.search(q) for q in abuse.evidence)


def _fill_in(
    doc: Any,
    facts: dict[str, Fact],
    sentence: Callable[[int], Any],
    cues: frozenset[int] = frozenset(),
    historic: bool = False,
    dead: bool = False,
) -> None:
    """Facts the text implies, filled in before anything is asked: a child described as
    safe, recovering or in hospital has not died; "minor bruising", "needed no treatment"
    are no serious harm; a custody or detention word is a hint at the special routes; a
    living child with abuse known or suspected, or in danger now, is at risk now."""
    alive: list[str] = []
    not_serious: list[str] = []
    not_serious_said: list[str] = []
    danger: list[str] = []
    for match_id, start, end in _state_matcher()(doc):
        kind = doc.vocab.strings[match_id]
        sent = sentence(start)
        if _someone_elses(doc, start, sent):
            continue
        quote = snippet(doc, start, end, sent)
        # "taken to the minor injuries unit" names a place, not how bad the injury was; "X-ray
        # clear?" asks
        if kind == "not_serious" and end < len(doc) and doc[end].lower_ in (*PLACES, "?"):
            continue
        if kind == "not_serious" and (_hypothetical(doc, start, sent) or _unsure(doc, start, sent)):
            continue  # "we cannot be sure there will be no lasting damage"
        # "apart from superficial scratches, he can no longer walk": an exception, not all
        if kind == "not_serious" and any(
            t.lower_ in ("apart", "aside", "besides", "other")
            for t in doc[max(sent.start, start - 3) : start]
        ):
            continue
        if kind == "not_serious" and in_a_partys_words(doc, start, sent):
            continue  # "Mother says ... 'it was just a few stitches'"
        if kind == "not_serious":
            not_serious.append(quote)
            said = doc[start:end].text.lower()
            # "she is fine now, physically": of the body, as "physically fine" is
            if any(t.lower_.startswith("phys") for t in doc[end : min(sent.end, end + 3)]):
                said += " physically"
            not_serious_said.append(said)
            continue
        negated, _ = _polarity(doc, start, end, sent)
        if negated or _hypothetical(doc, start, sent):
            continue
        # "RNLI recovered him from the water": a body retrieved, not a child who got better
        if (
            kind == "alive"
            and doc[end - 1].lower_ == "recovered"
            and end < len(doc)
            and doc[end].lower_ in ("him", "her", "them", "the", "his", "a", "body")
        ):
            continue
        (alive if kind == "alive" else danger).append(quote)
    went = _marks_that_went(doc, sentence)
    not_serious += went
    not_serious_said += ["gone"] * len(went)
    died = facts.get("died")
    if died is None:
        alive += _alive_signs(doc, sentence)
        # An injury told as slight ("a pink mark that had faded by teatime") was survived.
        # A bare denial ("he is not seriously harmed") tells of the harm, not of the child.
        alive += [
            q
            for q, said in zip(not_serious, not_serious_said, strict=True)
            if not DENIAL_WORDS & set(said.split())
        ]
    if (
        alive
        and died is None
        and not (DEATH_HINTS.search(doc.text) and not any(SAID_ALIVE.search(q) for q in alive))
    ):
        facts["died"] = Fact("died", "false", distinct(alive)[:2])
    harmed = facts.get("seriously_harmed")
    if not_serious and _only_the_body(not_serious_said, facts.get("abuse_or_neglect")):
        not_serious = []
    if not_serious and (harmed is None or harmed.value == "unknown"):
        facts["seriously_harmed"] = Fact("seriously_harmed", "false", distinct(not_serious)[:2])
    hints = [
        t.i
        for t in doc
        if t.lower_ in SECURE_HINTS
        and not (t.lower_.startswith("arrest") and t.i and doc[t.i - 1].lower_ in RESPIRATORY)
        and not _someone_elses_hold(doc, t.i, sentence(t.i))
        and not _voluntary(doc, t.i)
        and not _custody_ended(doc, t.i + 1, sentence(t.i))
    ]
    # "He was not in custody or detained" hints at nothing.
    # "I can't remember whether his DoLS order got made" still hints: a doubt, not a denial.
    hints = [
        i
        for i in hints
        if not _polarity(doc, i, i + 1, sentence(i), cues=cues)[0]
        or _hypothetical(doc, i, sentence(i))
    ]
    if hints:
        i = hints[0]
        facts["secure_hint"] = Fact("secure_hint", "true", (snippet(doc, i, i + 1, sentence(i)),))
    abuse = facts.get("abuse_or_neglect")
    # (`dead`: a death told gently, set aside while the signs of life are read)
    living = not dead and (died is None or died.value != "true")
    # Abuse told as history ("abused by an uncle in 2016, when she was 7", "historic
    # disclosure") is no danger now by itself; words of a danger now still are.
    abused_now = abuse is not None and abuse.value == "true" and not historic
    if living and (danger or abused_now):
        quotes = danger or list(abuse.evidence if abuse is not None else ())
        facts["immediate_risk"] = Fact("immediate_risk", "true", distinct(quotes)[:2])


# A mark that went away by itself: "small red mark, gone by tea time", "the redness had
# faded within the hour". Said of a mark, so "as the weeks have gone by" is no injury.
MARK_WENT = re.compile(
    r"\b(?:mark|marks|redness|swelling|bruise|bruising|graze|grazes|scratch|scratches|bump)\b"
    r"[^.;]{0,30}?\b(?:gone|faded|disappeared|settled|resolved|cleared)\s+(?:by|within|after|"
    r"overnight|the next|next)\b",
    re.IGNORECASE,
)


def _marks_that_went(doc: Any, sentence: Callable[[int], Any]) -> list[str]:
    out = []
    for match in MARK_WENT.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        sent = sentence(span.start)
        if _someone_elses(doc, span.start, sent) or _polarity(doc, span.start, span.end, sent)[0]:
            continue
        out.append(snippet(doc, span.start, span.end, sent))
    return out


RESPIRATORY = frozenset({"cardiac", "respiratory", "heart"})
DENIAL_WORDS = frozenset(_split_words("not never"))

# A stay the child chose: "an informal (voluntary) inpatient", "a voluntary admission".
VOLUNTARY = frozenset(_split_words("informal informally voluntary voluntarily"))


def _voluntary(doc: Any, i: int) -> bool:
    """A hint word said of a stay by consent, which detains nobody."""
    return any(t.lower_ in VOLUNTARY for t in doc[max(0, i - 6) : i])


# Not signs of life in "is ...ing": a death, a state of the record, or what others do.
STATES = frozenset(
    _split_words(
        "settled fine happy calm bright ok okay comfortable asleep awake well safe chatty "
        "chatting smiling cheerful eating"
    )
)
# Words of the child's own, told as now: "crying, saying her dad had punched her".
NOT_LIVING = frozenset(_split_words("dying being going nothing something investigating"))


# Words that tell of a death without a word the cues read as one ("a body in the river",
# "no longer with us", "the inquest"): beside them, signs of life read from a
# text (often another child's, or a time before) do not answer whether the child died; the
# lead is asked. Only a plain statement that the child lived still answers.
# What follows a death: beside "no longer with us" it makes that a death (AFTER_A_DEATH).
FOLLOWS_A_DEATH = (
    r"funeral|inquest|coroner'?s?|post[- ]?mortem|condolences?|(?-i:RIP)|mortuary|bereave\w*"
)
DEATH_HINTS = re.compile(
    r"\b(?:(?:a|the) body(?! ?maps?\b)|body (?:was )?(?:found|sighted|recovered|discovered)|"
    r"no longer with us|taken from us|coffin|cremation|cremated|memorial|headstone|vigil|hymns|"
    r"cold bedroom|time of passing|sorry for (?:your|their) loss|(?-i:ROLE)|(?-i:SNOD)|"
    r"memory box|hand ?prints|foot ?prints|redirection of care|organ donation|"
    r"(?-i:SUDIC?)|joint agency response|(?-i:JAR) meeting|undertakers?|funeral directors?|"
    r"chapel of rest|cuddle ?cot|cool room|last offices|sitting shiva|levaya|janazah|(?-i:MCCD)|"
    r"tell us once|in heaven|to heaven|heaven gained|never grow up|light a candle|"
    + FOLLOWS_A_DEATH
    + r")\b",
    re.IGNORECASE,
)


def _a_child_just_before(doc: Any, start: int, sent: Any) -> bool:
    """The one "no longer with us" is said of is a child: an age under 18 or a word for a
    child just before ("Jordan M (16, CLA) is no longer with us", "our baby was taken from
    us"), not "Mrs Jones (head of PE)"."""
    first = max(sent.start, start - 6)
    # a bracket just before is read whole: "Jordan M (ex Y11, 16, been a CLA since Y8) is"
    if start > sent.start and doc[start - 1].text == ")":
        opening = _opening_bracket(doc, start - 1, sent.start)
        if opening is not None:
            first = max(sent.start, opening - 3)
    before = doc[first:start]
    return any(
        t.lower_ in CHILD_NOUNS
        or (
            t.text.isdigit()
            and int(t.text) < 18
            and t.i > 0
            and doc[t.i - 1].text in ("(", ",", "aged", "age")
        )
        for t in before
    )


GONE_FROM_US = re.compile(
    r"\b(?:(?:is|was|are) no longer with us|taken from us)\b(?!\s+(?:at|in|on|here|as)\b)", re.I
)
AFTER_A_DEATH = re.compile(r"\b(?:" + FOLLOWS_A_DEATH + r")\b", re.IGNORECASE)
SAID_ALIVE = re.compile(
    r"\b(?:survived|is alive|still alive|did not die|didn't die|expected to survive|"
    r"full recovery|has recovered|is recovering)\b",
    re.IGNORECASE,
)


def _alive_signs(doc: Any, sentence: Callable[[int], Any]) -> list[str]:
    """Signs of life told in the present about the child, in a text that tells of no death:
    "Mason is feeding well" (the child named or "he"/"she", then "is ...ing"), "Saw Ruby (5)
    and baby Alfie with Mum" (a visit that saw the child)."""
    out: list[str] = []
    for token in doc:
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        prev = doc[token.i - 1] if token.i else None
        subject = prev
        # "Ivy has burns to her hands and will need grafts": the subject is the sentence's
        if prev is not None and prev.lower_ == "and" and token.lower_ not in ("is", "'s"):
            subject = _opening(sentence(token.i))
        said_of_child = (
            subject is not None
            and (
                subject.lower_ in ("he", "she") or (subject.text[:1].isupper() and subject.is_alpha)
            )
            and subject.lower_ not in RELATIVES
            and subject.lower_ not in OTHER_PEOPLE
            and subject.lower_ not in ROLES
        )
        # "is ...ing", or the child's future told as fact: "she will have problems all her
        # life", "he will need grafts"; not "he will be missed"
        now = (
            token.lower_ in ("is", "'s")
            and nxt is not None
            and (nxt.lower_.endswith("ing") or nxt.lower_ in STATES)
            and nxt.lower_ not in NOT_LIVING
        )
        later = (
            token.lower_ in ("will", "'ll", "’ll")
            and nxt is not None
            and nxt.lower_ in FUTURE_LIVING
        )
        if said_of_child and (now or later) and prev is not None and nxt is not None:
            out.append(snippet(doc, prev.i, nxt.i + 1, sentence(token.i)))
        elif (
            token.lower_ in ("saw", "visited", "met")
            and token.i == sentence(token.i).start
            and nxt is not None
            and nxt.text[:1].isupper()
            and nxt.lower_ not in RELATIVES
        ):
            out.append(snippet(doc, token.i, nxt.i + 1, sentence(token.i)))
    return out[:2]


PLACES = frozenset(_split_words("unit units clinic centre center department service ward"))

# Those whose work goes on after a death, in capitals: "The Prisons Ombudsman is looking into
# it", "Coroner is awaiting the toxicology".
ROLES = frozenset(
    _split_words(
        "ombudsman coroner police officer officers inspector pathologist team manager ipcc "
        "iopc hse ofsted cqc court cps csc school hospital trust board panel council"
    )
)

# What a living child will do or undergo: "will need", "will have", "will scar".
FUTURE_LIVING = frozenset(
    _split_words(
        "need needs have require scar lose recover walk grow stay go start return undergo get "
        "live carry struggle"
    )
)

# Someone other than the child who may be arrested or held: "HGV driver arrested", "the man
# was remanded"; a seat belt or car seat holds a passenger: "child correctly restrained".
HOLDERS = frozenset(
    _split_words(
        "driver drivers suspect suspects man men woman women offender perpetrator perpetrators "
        "abuser accused defendant partner "
        "boyfriend stepfather stepdad father dad mother mum uncle neighbour carer motorist "
        "rider owner youths adult adults he she they director"
    )
)
SEAT = frozenset(_split_words("correctly properly appropriately seatbelt seat-belt belted booster"))


def _someone_elses_hold(doc: Any, i: int, sent: Any) -> bool:
    """A custody word said of another person ("HGV DRIVER ARRESTED", "mum's partner has been
    arrested"), or a car's restraint ("child correctly restrained"): no hint at the child's
    own custody. Who is held is the nearest person before the word in its clause."""
    word = doc[i].lower_
    if word.startswith("restrain") and any(
        t.lower_ in SEAT or t.lower_ in ("car", "vehicle", "passenger") for t in sent
    ):
        return True
    if not (word.startswith("arrest") or word in ("remanded", "charged", "sentenced")):
        return False
    # "police have arrested both of them", "arrested them both": more than one, not the child
    after = [t.lower_ for t in doc[i + 1 : min(sent.end, i + 4)]]
    if (
        after[:1] == ["them"]
        or after[:3] == ["both", "of", "them"]
        or after[:2] == ["both", "parents"]
    ):
        return True
    for token in reversed(doc[max(sent.start, i - 6) : i]):
        if token.lower_ in (",", ";", ":", "but"):
            return False
        if token.lower_ in HOLDERS or token.lower_ in RELATIVES:
            return not _in_relative_clause(doc, token.i)
        if token.lower_ in CHILD_NOUNS:
            return False
    return False


# Said of what happened, it is history: "historic abuse", "years ago", "when she was 7".
HISTORIC = re.compile(
    r"\b(?:historic|historical|non-recent|years ago|long ago|in the past|as a (?:young )?"
    r"(?:child|baby|toddler|infant)|when (?:she|he|they) (?:was|were) (?:little|small|young|"
    r"younger|a baby|a toddler|\d{1,2}))\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


def _all_historic(doc: Any, sents: list[Any]) -> bool:
    """Every sentence that affirms abuse tells it as history: in words ("historic", "years
    ago", "when she was 7"), or by a year earlier than the latest year the text gives."""
    if not sents:
        return False
    years = [int(y) for y in YEAR.findall(doc.text)]
    latest = max(years, default=0)

    def past(sent: Any) -> bool:
        text = sent.text
        if HISTORIC.search(text):
            return True
        told = [int(y) for y in YEAR.findall(text)]
        return bool(told) and max(told) < latest

    return all(past(sent) for sent in sents)


# What is said of an injury's cause, not of the injury: "were not consistent with".
HARM_EXPLAINED_AWAY = re.compile(
    r"^\s*(?:was|were|is|are)\s+not\s+(?:consistent|caused|accidental|explained|self-inflicted)\b",
    re.IGNORECASE,
)
# Words that put a denial before the time of the harm.
BEFORE_THEN = frozenset(_split_words("previous previously prior"))


def _before_then(span: Any, start: int) -> bool:
    """A denial told of an earlier time: "previous abuse/neglect: none known", "abuse
    concerns: none prior", "no concerns about neglect before Dylan died", "no history of
    abuse"; not one that says now too ("previously or now", "prior to or at the time of her
    death", "no signs or history of abuse"), nor "no record or history suggesting he was
    neglected", nor "previously healthy"."""
    words = [t.lower_ for t in span]
    if any(w in ("now", "current", "currently", "time", "since", "either", "nor") for w in words):
        return False
    for t in span:
        near = [u.lower_ for u in t.doc[t.i + 1 : t.i + 4]]
        if t.lower_ in BEFORE_THEN and (
            any(w in PRIOR_WHAT for w in near) or t.i == span.end - 1 or near[:1] == ["."]
        ):
            return True  # "previous abuse/neglect", "previous concerns", "none prior."
        if t.lower_ == "before" and t.i > start and ("died" in near or "death" in near):
            return True
        # "No history of abuse in the family": what was known before, not what happened
        if (
            t.lower_ == "history"
            and near[:1] == ["of"]
            and t.i + 1 < start <= t.i + 4
            and not (t.i >= 1 and t.doc[t.i - 1].lower_ in ("or", "and", "/"))
        ):
            return True
    return False


# What a denial of an earlier time is about: "previous concerns", "prior abuse/neglect".
PRIOR_WHAT = frozenset(
    _split_words("abuse neglect concerns concern safeguarding referrals involvement history")
)


Label = Literal["affirmed", "denied", "hypothetical", "other", "unsure", "dropped", "party"]


def _an_intent(said: str) -> bool:
    return "on purpose" in said or said.startswith(("deliberately", "intentionally"))


# Verbs of a view that a negation doubts: "does not think", "did not believe".
DOUBTING = frozenset(
    _split_words(
        "think thinks thought believe believes believed consider considers considered "
        "suspect feel feels felt"
    )
)


INTENDING = frozenset(_split_words("intend intended intends intent intention meant mean"))


def _meant_to(doc: Any, start: int, sent: Any) -> bool:
    """The cue follows "intended to", "meant to": "nobody intended to harm him"."""
    before = [t.lower_ for t in doc[max(sent.start, start - 2) : start]]
    return len(before) == 2 and before[0] in INTENDING and before[1] == "to"


def _intent_doubted(doc: Any, start: int, sent: Any) -> bool:
    """A negation of the intent itself ("not deliberately scalded") or of a view of it
    ("does not think it was done on purpose"); not "no doubt it was done on purpose"."""
    window = doc[max(sent.start, start - 8) : start]
    if NO_DOUBT.search(window.text.lower()):
        return False
    for t in window:
        if t.lower_ not in NEGATIONS:
            continue
        after = [u.lower_ for u in doc[t.i + 1 : min(start, t.i + 4)]]
        if t.i >= start - 2 or any(w in DOUBTING for w in after):
            return True
    return False


def _a_denial_verb_before(doc: Any, start: int, sent: Any) -> bool:
    return any(t.lower_ in DENY_VERBS for t in doc[max(sent.start, start - PARTY_SPAN) : start])


def read_mention(
    name: str, doc: Any, start: int, end: int, sent: Any, cue_tokens: frozenset[int]
) -> tuple[Label, bool]:
    """How the rules read one mention of a fact: (label, hedged)."""
    if _not_about_this_child(name, doc, start, end, sent):
        return "other", False
    # Doubt about the cause ("unsure whether the fractures are accidental") leaves the harm.
    if name != "seriously_harmed" and _unsure(doc, start, sent):
        return "unsure", False
    condition = _hypothetical(doc, start, sent)
    if condition == "investigated":
        condition = "hedged" if name == "abuse_or_neglect" else "skip"
    if (
        condition == "skip"
        and name == "seriously_harmed"
        and _asks_the_cause(doc, start, end, sent)
    ):
        # the harm is there, whatever is said of the question: "cannot say whether the
        # skull fracture was caused by a fall"
        return "affirmed", False
    if condition == "skip":
        return "hypothetical", False
    if name == "abuse_or_neglect" and party_denies(doc, start, sent):
        # "Mum denies abuse" answers an allegation; "Mum says no one has raised worries" not
        return ("party" if _a_denial_verb_before(doc, start, sent) else "other"), False
    hedges = HARM_HEDGES if name == "seriously_harmed" else HEDGES
    negated, hedged = _polarity(doc, start, end, sent, hedges, cue_tokens)
    # "global developmental delay likely secondary to neglect": the doubt is of the cause,
    # and the harm is there
    if hedged and name == "seriously_harmed" and CAUSE_DOUBTED.match(doc[end : end + 5].text):
        hedged = False
    hedged = hedged or condition == "hedged"
    said = doc[start:end].text.lower()
    # "no strategy discussion was held", "not being forced to marry": a sign not there,
    # which denies nothing
    if negated and (
        said in AFFIRMED_ONLY
        or said.endswith("as suspicious")
        or steps.dropped_when_negated(said)
        or (name == "died" and _resuscitation_ended(said))
    ):
        return "dropped", False
    # "The paediatrician does not think it was done on purpose", "not believed to be
    # deliberately scalded": a doubt about intent, which denies neither abuse nor neglect
    if _an_intent(said) and _intent_doubted(doc, start, sent):
        return "dropped", False
    # "nobody intended to harm him", "no intent to harm him": a denial of meaning it, which
    # answers neither whether it happened nor whether it was neglect
    if _meant_to(doc, start, sent) and any(
        t.lower_ in NEGATIONS for t in doc[max(sent.start, start - 8) : start]
    ):
        return "dropped", False
    # "The fractures were not consistent with her account": a comment on the cause, and
    # the fractures are there
    if (
        negated
        and name == "seriously_harmed"
        and HARM_EXPLAINED_AWAY.match(doc[end : end + 6].text)
    ):
        return "affirmed", hedged
    # "The health visitor had no concerns about his care at the 6 week check": a worry
    # denied at an earlier time or elsewhere, no answer about what happened
    if negated and WORRY_WORD.search(said) and _an_earlier_view(doc, start, end, sent):
        return "other", False
    # "Previous abuse/neglect: none known", "no concerns about neglect before he died": a
    # denial of what was known before, not of what happened
    if negated and _before_then(doc[max(sent.start, start - 8) : min(sent.end, end + 8)], start):
        return "other", False
    return ("denied" if negated else "affirmed"), hedged


# The cues of a death, firm and gentle: what they hold ("could not be resuscitated") is
# no cue of its own.
DEATH_CUES = frozenset({"died", DIED_GENTLY})


def cue_spans(doc: Any, sentence: Callable[[int], Any]) -> list[tuple[str, int, int]]:
    """Every mention of a fact's cue in the text: phrases, patterns, one-letter typos and
    deaths by the child's own act."""
    phrases, patterns = _matcher()
    spans = [(doc.vocab.strings[mid], s, e) for mid, s, e in phrases(doc)]
    spans += [  # "bitten by a neighbour's dog" was not bitten by the neighbour
        (doc.vocab.strings[mid], s, e)
        for mid, s, e in patterns(doc)
        if e >= len(doc) or doc[e].lower_ not in ("'s", "’s")
    ]
    spans = [(name, s, e) for name, s, e in spans if not _misread(name, doc, s, e, sentence)]
    taken = {i for _, s, e in spans for i in range(s, e)}
    spans += list(_typo_matches(doc, taken))
    spans += list(_own_acts(doc, spans, sentence))
    # "Could not be resuscitated" is a death, not a denial that the child was resuscitated.
    deaths = [(ds, de) for name, ds, de in spans if name in DEATH_CUES]
    return [
        (name, s, e)
        for name, s, e in spans
        if name in DEATH_CUES
        or not any(ds <= s and e <= de and (s, e) != (ds, de) for ds, de in deaths)
    ]


SUICIDES = frozenset({"suicide", "suicides"})
BEFORE_DEATH = frozenset({"unresponsive"})

# The writer's own denial of a worry, raised to "believe" ("I do not believe there is any
# concern", "we don't believe anyone has any worries"); not another's ("Dad does not believe
# there has been any abuse"), nor "did not believe her".
I_DO_NOT_BELIEVE = re.compile(
    r"\b(?:i|we)\s+(?:do\s+not|don't|do\s+n't|dont)\s+(?:really\s+)?believe\s+(?:that\s+)?"
    r"(?:there\s+(?:is|are|was|were|has\s+been|have\s+been)|anyone|anybody)\b",
    re.IGNORECASE,
)


# Words that read a pattern as a clinician's: "that pattern usually means being held in hot
# water"; without one, "this means being held back a year" is about school.
INJURY_CONTEXT = re.compile(
    r"\b(?:pattern|injur|burn|scald|fractur|bruis|mark|wound|bleed|haemorrhag|hemorrhag|"
    r"lesion|clinician|paediatrician|pediatrician|paramedic|consultant|doctor|registrar)",
    re.IGNORECASE,
)
INFERRING = frozenset(
    _split_words("means meant suggests suggested suggestive indicates indicated indicative typical")
)
# Parts of the body touched in care or comfort: "touching her forehead".
CARING_TOUCH = frozenset(
    _split_words(
        "forehead face hair head shoulder shoulders arm arms hand hands back cheek knee leg "
        "temperature"
    )
)
SCHOOL_SANCTION = re.compile(
    r"\b(?:school|teacher|class|detention|excluded|exclusion|suspended|isolation|club|coach)\b",
    re.IGNORECASE,
)


# Words of abuse in their everyday senses, told by the word before or after: "oilseed rape",
# "hip abduction", "dog grooming", "an assault course". Each: (the words one of which comes
# just before, the words one of which comes just after). A word whose everyday sense a
# neighbour cannot tell from its abuse ("shaken but unhurt", "shaken but no fractures";
# "left alone to get on with her homework", "left alone to sleep while mum went out") is
# left to be read as abuse: a red team found real abuse told in each such way.
EVERYDAY_SENSES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "rape": (frozenset({"oilseed"}), frozenset({"seed", "field", "fields"})),
    "abduction": (
        frozenset(_split_words("hip shoulder arm leg thumb finger toe joint")),
        frozenset(),
    ),
    "grooming": (
        frozenset(_split_words("dog dogs pet")),
        frozenset(_split_words("salon parlour parlor business")),
    ),
    "assault": (frozenset(), frozenset(_split_words("course courses"))),
    # "walking home alone from school": a way home, not a child left at home
    "home": (
        frozenset(
            _split_words(
                "walking walked walk walks cycling cycled cycle went going goes go came coming "
                "come travelling travelled drove driving ran running run way journey got getting"
            )
        ),
        frozenset(),
    ),
}
# Of workers, not of a child: "the exploitation of workers in Victorian mills".
NOT_CHILDREN = frozenset(_split_words("workers resources land miners"))
# Lost at sport: "beaten 5-0", "beaten in the semi-final" (not "beaten 2-3 times a week").
A_SCORE = re.compile(r"^\d{1,2}\s*[-–]\s*\d{1,2}")
FIXTURES = frozenset(_split_words("final semi-final semi match game league cup quiz derby"))
# What follows a count, not a score: "2-3 times a week", "2-3 days a week", "2-3 weeks ago".
HOW_OFTEN = frozenset(
    _split_words("times time x a per each every days day weeks week months nights ago hours")
)


def _everyday_sense(doc: Any, start: int, end: int, sent: Any) -> bool:
    """A word of abuse used in its everyday sense, told by the words beside it."""
    if (
        _locked_out_of_a_device(doc, start, end)
        or _locked_in_a_contest(doc, start, end)
        or _locked_up_by_a_court(doc, start, end, sent)
    ):
        return True
    for i in range(start, end):
        word = doc[i].lower_
        before = doc[i - 1].lower_ if i else ""
        after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        beyond = doc[i + 2].lower_ if i + 2 < len(doc) else ""
        senses = EVERYDAY_SENSES.get(word)
        if senses is not None and (before in senses[0] or after in senses[1]):
            return True
        if (
            (word == "exploitation" and after == "of" and beyond in NOT_CHILDREN)
            or (word == "inflicted" and after == "damage" and beyond == "on")
            or (word == "neglected" and _said_of_a_thing(doc, i, sent))
        ):
            return True
        if word == "beaten" and (_a_score(doc, i + 1) or (after == "in" and _a_fixture(doc, i))):
            return True
    return False


DEVICES = frozenset(
    _split_words("account accounts phone laptop computer email ipad tablet app game console")
)


def _locked_out_of_a_device(doc: Any, start: int, end: int) -> bool:
    """ "The IT system locked him out of his account": out of a device, not a home."""
    if doc[start].lower_ not in ("locked", "locks", "lock", "locking"):
        return False
    following = [t.lower_ for t in doc[end : end + 4]]
    return following[:1] == ["of"] and any(w in DEVICES for w in following)


# Where a child is "locked up" by the law: a secure home, custody, a court's order.
DETAINED_BY_LAW = frozenset(
    _split_words(
        "secure order custody remand remanded prison jail yoi stc dto sentence sentenced "
        "cells detained"
    )
)


def _locked_up_by_a_court(doc: Any, start: int, end: int, sent: Any) -> bool:
    """ "Had been locked up at Moorfield secure children's home on a court order": detained
    by the law, a special route asked about in its own right, not a carer shutting a child
    in."""
    if doc[end - 1].lower_ != "up" or not any(t.lower_ == "locked" for t in doc[start:end]):
        return False
    return any(t.lower_ in DETAINED_BY_LAW for t in doc[end : min(sent.end, end + 12)])


def _locked_in_a_contest(doc: Any, start: int, end: int) -> bool:
    """ "They were locked in a tight game", "tied up in knots": locked in a contest or a
    state, not a place."""
    if doc[end - 1].lower_ not in ("in", "up", "into") or not any(
        t.lower_ in ("locked", "tied", "shut") for t in doc[start:end]
    ):
        return False
    j = end
    while j < len(doc) and doc[j].lower_ in OPENING_WORDS:
        j += 1
    return j < len(doc) and doc[j].lower_ in EVERYDAY_LOCKS


def _a_score(doc: Any, i: int) -> bool:
    """ "4-1", "4 - 1" at doc[i], not followed by how often ("2-3 times a week")."""
    for width in (1, 3):
        told = doc[i : i + width]
        if A_SCORE.fullmatch(told.text.replace(" ", "")):
            following = doc[i + width].lower_ if i + width < len(doc) else ""
            return following not in HOW_OFTEN
    return False


def _a_fixture(doc: Any, i: int) -> bool:
    """ "Beaten in the cup final": a fixture named just after."""
    return any(t.lower_ in FIXTURES for t in doc[i + 2 : i + 5])


# What a school or a group learns about: "an assembly about sextortion", "the assembly on
# county lines", "in history they studied the exploitation of workers".
TOPICS = frozenset(
    _split_words(
        "assembly assemblies talk talks lesson lessons workshop workshops presentation "
        "curriculum pshe leaflet leaflets poster posters"
    )
)


def _a_topic(doc: Any, start: int, sent: Any) -> bool:
    """A word of abuse as the subject taught or studied, not a thing that happened: the
    cue follows "<a lesson> about" or "studied", with only "the", "online", "child" or
    "sexual" between; not in a sentence that tells of it happening ("after a lesson about
    sexual abuse she told her teacher it was happening to her")."""
    if any(t.lower_ in TOLD_OF_IT for t in doc[max(sent.start, start - NEAR) : start + NEAR]):
        return False
    j = start - 1
    while j >= 0 and doc[j].lower_ in ("the", "online", "child", "sexual"):
        j -= 1
    if j < 0:
        return False
    if doc[j].lower_ == "studied":
        return True
    return doc[j].lower_ in ("about", "on") and j > 0 and doc[j - 1].lower_ in TOPICS


# Words that tell something happened, beside a topic: "disclosed", "told", "happening".
TOLD_OF_IT = frozenset(
    _split_words("told tells disclosed discloses said says happening happened reported admitted")
)


# Things and animals that are said to be neglected: "the garden looked neglected", "the
# puppy had been neglected" (not a home: "the flat was neglected" is a child's home).
THINGS = frozenset(
    _split_words(
        "garden gardens allotment lawn car puppy dog dogs cat cats horse horses pony animal "
        "animals hamster plants hedge hedges field yard bike piano church hall masterpiece"
    )
)
# What stands between a thing and "neglected": "had been", "looked a bit".
LINKING = frozenset(
    _split_words(
        "had has have been was were is are looked looks looking seemed seems a bit very quite "
        "badly so rather really totally completely"
    )
)


def _said_of_a_thing(doc: Any, i: int, sent: Any) -> bool:
    """ "Neglected" said of a thing or an animal, its subject: "the garden looked neglected";
    not when a child, anyone or a name is told before it in the sentence ("both children at
    the property were neglected", "the toddler found in the car had been neglected")."""
    j = i - 1
    while j >= 0 and doc[j].lower_ in LINKING:
        j -= 1
    if j < 0 or doc[j].lower_ not in THINGS:
        return False
    return not any(
        t.lower_ in SOMEONE or (t.is_title and t.lower_ not in OPENING_WORDS)
        for t in doc[max(sent.start, j - NEAR) : j]
    )


# How far a reading looks from a cue within its sentence: a clause, not a pasted page with
# no full stop (which would make each reading scan the page).
NEAR = 20


# What is tended on a child, not done to them: "doing things to her hair".
BODY_TENDED = frozenset(_split_words("hair nails face make-up makeup teeth"))
# What makes a hot bath a punishment or a harm.
PUNISHED = frozenset(
    _split_words(
        "punish punished punishment lesson naughty wet wetting soiled crying scald scalds "
        "scalded scalding blister blisters blistered peeling raw skin graft grafts surgery "
        "thickness intensive picu amputation"
    )
) | frozenset(INJURY_WORDS)
# Who tends a child's body, in a sentence where "doing stuff to her" is care.
TENDING = frozenset(
    _split_words("nurse nurses doctor doctors physio dentist hairdresser dressing dressings")
)
# Capitalised words that open a sentence and name no one.
OPENING_WORDS = frozenset(_split_words("the a an our my his her their this that its"))


# Words for a child or a person, before a thing said to be neglected.
SOMEONE = CHILD_WORDS | frozenset(_split_words("he she they him her them family"))


def _consensual(doc: Any, start: int, sent: Any) -> bool:
    """Sex that the words do not make abuse: not said to be made or forced ("made to have sex",
    "'had to' have sex", "passed around"), not with an adult ("her stepfather", "men", "his
    mates (22)"), and the child not known to be under 16."""
    before = [t.lower_ for t in doc[max(sent.start, start - 4) : start] if not t.is_punct]
    if any(w in COERCED for w in before) or " ".join(before[-2:]) in ("had to", "has to"):
        return False
    if any(t.lower_ in COERCED for t in sent):
        return False
    after = doc[start : min(sent.end, start + 10)]
    if any(t.lower_ in ADULTS or t.lower_ in ("stepfather", "stepdad", "mates") for t in after):
        return False
    # "men in their twenties ... who gave her vodka and had sex with her"
    if any(
        t.lower_ in ("men", "man", "adult", "adults")
        for t in doc[max(sent.start, start - 20) : start]
    ):
        return False
    months = age_months(doc.text)
    return months is None or months >= 16 * 12


# What is done about a possible injury, after its name: "head injury checks".
ROUTINES = frozenset(
    _split_words(
        "check checks obs observations advice leaflet protocol assessment sheet form "
        "pathway screening screen precautions"
    )
)


# "Shaken" as a feeling, not a blow: "Driver shaken but ok", "Staff very shaken", "I'm ok but
# shaken", "very shaken." Told by a witness who is never the child named just before, or by a
# degree or a seeming at the clause's end; never after "been" or "being", nor where more
# follows ("really shaken afterwards and floppy", "shaken up and down by his father": a red
# team wrote abuse so), nor "shaken but unhurt" alone.
SHAKEN_FEELING = frozenset(
    _split_words(
        "very visibly quite bit really clearly understandably obviously pretty so too extremely "
        "rather feeling felt feel feels looked looks looking seemed seems"
    )
)
WITNESSES = frozenset(
    _split_words(
        "i we driver drivers crew crews staff everyone everybody officer officers witness "
        "witnesses lifeguard lifeguards colleagues team"
    )
)
BE = frozenset(_split_words("was were is are am 'm"))
UNHURT = frozenset(_split_words("ok okay fine unhurt uninjured alright well"))
PASSIVE_AUXILIARIES = frozenset(_split_words("been being get got getting"))
# What may stand between a witness and "shaken": "Staff very shaken", "I'm ok but shaken".
BEFORE_SHAKEN = SHAKEN_FEELING | BE | UNHURT | {"but"}


# What is said beside "shaking" when it is how someone feels: "C/o tight chest, shaking,
# can't catch breath".
SYMPTOMS = frozenset(
    _split_words(
        "c/o complains complaining complained breath breathless chest tremor trembling "
        "shivering sweating sweaty fever feverish dizzy anxious nauseous"
    )
)
FELT = frozenset(_split_words("cold laughter excitement nerves anxiety panic adrenaline"))
# Who is shaken when "shaking" has an object: "shaking her", "shaking my granddaughter".
SHAKEN_WHOM = frozenset(
    _split_words("him her them the a his my our their your baby babies child infant")
)


def _a_symptom(doc: Any, i: int) -> bool:
    """ "Shaking" told among symptoms, not shaking done to a child ("shaking her", "shaking
    the baby")."""
    if i + 1 < len(doc) and (doc[i + 1].lower_ in SHAKEN_WHOM or doc[i + 1].text[:1].isupper()):
        return False
    # "shaking with cold", "shaking with laughter": how someone felt (not "with fear" of a
    # carer, nor "with force")
    if i + 2 < len(doc) and doc[i + 1].lower_ == "with" and doc[i + 2].lower_ in FELT:
        return True
    return any(t.lower_ in SYMPTOMS for t in doc[max(0, i - 5) : i + 6])


def _shaken_up(doc: Any, i: int) -> bool:
    """The token at i is "shaken" in the sense of upset: of a witness, or by degree."""
    j = i - 1
    while j >= 0 and doc[j].lower_ in BEFORE_SHAKEN:
        j -= 1
    if j >= 0 and doc[j].lower_ in WITNESSES:
        return True

    def ends(k: int) -> bool:
        return k >= len(doc) or doc[k].is_punct or doc[k].lower_ == "but"

    if i > 0 and doc[i - 1].lower_ in SHAKEN_FEELING and ends(i + 1):
        return i < 2 or doc[i - 2].lower_ not in PASSIVE_AUXILIARIES
    # "He's fine just shaken", "ok, just a bit shaken": unhurt, and upset (not of a baby:
    # "baby was fine, just shaken, then went floppy")
    k = i - 1
    while k >= 0 and doc[k].lower_ in ONLY_SHAKEN:
        k -= 1
    near = {t.lower_ for t in doc[max(0, i - 12) : i + 6]}
    if k >= 0 and k < i - 1 and doc[k].lower_ in UNHURT and ends(i + 1) and not near & BABY_WORDS:
        return True
    return i + 1 < len(doc) and doc[i + 1].lower_ == "up" and ends(i + 2)


BABY_WORDS = frozenset(_split_words("baby babies infant newborn floppy"))
# Between "fine" and "shaken" when only upset is left: "fine, just a bit shaken".
ONLY_SHAKEN = frozenset({"just", "a", "bit", "little", "slightly", ",", "-", "but"})


# Harm done on purpose as part of a treatment: "the surgeon intentionally injured the nerve".
CLINICIAN = re.compile(r"\b(?:surgeons?|anaesthetists?|physio\w*|dentists?)\b", re.IGNORECASE)
CLINICAL_ACT = re.compile(
    r"\b(?:during|in|as\s+part\s+of)\s+(?:the|his|her|a)\s+(?:planned\s+)?"
    r"(?:operation|procedure|surgery|treatment)",
    re.IGNORECASE,
)


# Things said to go dead: "the line went dead", "his phone was dead".
DEAD_THINGS = frozenset(
    _split_words("line phone mobile battery signal call engine car laptop tablet ipad screen")
)


# What may follow a part of the body lost: "lost part of his ear in the attack", "lost the
# tip of her finger, and".
AFTER_A_PART = frozenset(
    _split_words(
        "in at from during after when while and to on as with by because but which that "
        "yesterday today tonight last this earlier"
    )
)


def _not_a_part_lost(doc: Any, start: int, end: int) -> bool:
    """ "Nearly lost the tip of her finger" lost nothing; "lost part of his ear defender" lost
    a thing, not a part of the body."""
    if start and doc[start - 1].lower_ in ("nearly", "almost"):
        return True
    return end < len(doc) and doc[end].is_alpha and doc[end].lower_ not in AFTER_A_PART


def _another_section(doc: Any, end: int) -> bool:
    """ "On S2" as a ward's name ("nursed on S2 ward"), or a section of another Act ("under
    s.3 of the Children Act"), not detention under the Mental Health Act."""
    after = [t.lower_ for t in doc[end : end + 4]]
    if after[:1] and after[0] in ("ward", "unit", "bay"):
        return True
    return after[:2] == ["of", "the"] and not any(w in ("mental", "mha") for w in after[2:])


# The words of the readings of a scald's shape, and the words of a burn or a scald.
SCALD_SHAPES = ("demarcation", "splash", "glove", "sock", "stocking", "tide")
SCALDED = re.compile(r"\b(?:scald\w*|burn\w*|immersion|hot water|bath|kettle)", re.IGNORECASE)


def _no_mark_shaped(doc: Any, start: int, sent: Any) -> bool:
    """No burn or mark in the sentence before "the shape of ...", "like gloves", or a thing
    named as what has the shape ("a cake in the shape of a shoe")."""
    # (bounded: a long sentence of such matches stays linear)
    if not any(t.lower_ in MARK_WORDS for t in doc[max(sent.start, start - 40) : start]):
        return True
    i = start - 1
    while i > sent.start and doc[i].lower_ in ("the", "a", "an"):
        i -= 1
    if doc[i].lower_ != "in" or i == sent.start:
        return False
    thing = doc[i - 1].lower_
    return doc[i - 1].is_alpha and thing not in MARK_WORDS and thing not in BODY


# What a carer comes into a room at night to do: "and reads me a story".
NIGHT_CARE = frozenset(
    _split_words("reads read checks checked tucks tucked kisses kissed sings says gives brings")
)
PETS_AND_THINGS = frozenset(_split_words("dog dogs puppy cat pet pets animal"))


# A medicine stopped on a clinician's word ("as the GP advised"), unless the word was
# defied ("against medical advice"); or the mother's own, in pregnancy.
ADVISED = re.compile(
    r"\b(?:advised|advice|agreed|prescribed|gp|doctor|consultant|nurse|clinic|team|plan|weaned|"
    r"no longer needed)\b",
    re.IGNORECASE,
)
DEFIED = re.compile(
    r"\b(?:against|despite|ignor\w*|without|refus\w*|did ?n[o']?t tell|not told)\b",
    re.IGNORECASE,
)
OWN_MEDICINE = re.compile(
    r"\b(?:she|mum|mother) (?:was|is|became) pregnant\b|\bbreastfeeding\b", re.I
)


def _a_medicine_stopped(doc: Any, start: int, end: int) -> bool:
    """The match tells of a medicine stopped or withheld."""
    return any(t.lower_ in STOPPED for t in doc[start:end])


# A medicine not fetched (`cues`: "repeat scripts not collected"), and the words that give
# a reason for it.
REASONS = frozenset({"because", "as", "since", "due", "owing", "cos", "coz", "-", "–"})


# "Starvation" as a body's state or a fast, not a child starved: "starvation ketosis".
STARVATION_AS_A_STATE = frozenset(
    {"ketosis", "time", "times", "diet", "period", "hours", "hrs", "fluids", "regime"}
)
# A low coma score that passed: a fit, a hypo, a faint, drink, or a score that rose.
SCORE_PASSED = re.compile(
    r"\b(?:post[-\s]?ictal|hypo(?:glyc\w*|s)?|syncope|vasovagal|faint\w*|seizures?|convulsions?|"
    r"fits?|alcohol|drunk|intox\w*|breath[-\s]holding|improved|recovered|back\s+to\s+(?:baseline|"
    r"normal)|15/15|gcs\s+(?:of\s+)?15|(?:then|to)\s+15|woke|then\s+(?:fully\s+)?alert)\b",
    re.IGNORECASE,
)
# Resuscitation as the cue of its end names it ("resus stopped in ED"); a "not" after it is
# about something else ("resus stopped 02:15, ROSC was not achieved"), so it is never read
# as a denial of the death.
# What follows a resuscitation stopped that is no death: "CPR stopped when the crew took
# over", "... as he started breathing".
HANDED_OVER = frozenset(
    {"when", "as", "once", "while", "because", "to", "so", "until", "by", "and"}
)
# What follows "GCS 5" that makes it no coma score: "GCS: 8 am 15/15", "GCS of 8 year old",
# "GCS 8 - 10".
NOT_A_SCORE_AFTER = frozenset(
    _split_words("/ - to hours hrs hr mins min minutes am pm year years yr yrs yo y month months")
)
RESTARTED = re.compile(
    r"\b(?:rosc|(?:good|strong|central)\s+(?:central\s+)?pulse|pulse\s+(?:back|returned|regained|"
    r"present|felt)|output\s+(?:back|returned|regained)|heart\s+(?:restarted|started)|started\s+"
    r"(?:crying|breathing)|breathing\s+(?:on\s+(?:her|his|their)\s+own|again|spontaneously)|"
    r"spontaneous\s+breathing|came\s+round|woke\s+up)\b",
    re.IGNORECASE,
)
NOT_RESTARTED = re.compile(r"\b(?:no|not|never|without|nt)\b|n['’]t\b", re.IGNORECASE)


def _resuscitation_ended(said: str) -> bool:
    """The cue of a resuscitation's end (`cues`: "resus stopped in ED")."""
    words = said.split()
    return words[0] in RESUSCITATION and any(w in RESUSCITATION_ENDS for w in words)


def _heart_restarted(doc: Any, end: int, sent: Any) -> bool:
    """After resuscitation stopped, the heart started again ("ROSC at 10 mins", "pulse back
    after adrenaline"), not "ROSC never achieved", "no ROSC"."""
    after = doc[end : min(sent.end, end + 20)].text
    for match in RESTARTED.finditer(after):
        around = after[max(0, match.start() - 12) : match.end() + 10]
        if not NOT_RESTARTED.search(around):
            return True
    return False


def _revived(doc: Any, start: int, end: int, sent: Any) -> bool:
    """A failed resuscitation that was only the first ("Initial CPR unsuccessful"), or after
    which the heart restarted ("resuscitation failed; ROSC at 12 minutes")."""
    return bool(start and doc[start - 1].lower_ in ("initial", "initially", "first")) or (
        _heart_restarted(doc, end, sent)
    )


# The cues read as another fact's, kept apart for the guards of their own (`cues`).
ALIASES = {DIED_GENTLY: "died", HARMED_LASTING: "seriously_harmed"}
# What makes a lasting harm no harm done to the child: a condition from birth or a
# developmental one, an operation planned, a fear ("Ellie has had a left-sided hemiplegia
# since birth", "awaiting major surgery on her kidneys", "could have left Zara needing major
# operations").
NOT_A_HARM_DONE = re.compile(
    r"\b(?:congenital\w*|since\s+birth|from\s+birth|born\s+(?:with|deaf)|at\s+birth|genetic|"
    r"inherited|planned|elective|awaiting|scheduled|on\s+the\s+list|routine|dyslexi\w*|"
    r"autis\w*|adhd|scoliosis|could\s+have|might\s+have|would\s+have|any\s+chance)\b",
    re.IGNORECASE,
)


def _not_a_lasting_harm(doc: Any, start: int, end: int, sent: Any) -> bool:
    """A word of lasting harm that tells none done to the child here (`NOT_A_HARM_DONE`), in
    quotation marks ("she 'broke her back' doing double shifts"), or said of someone named
    just before it ("Mum told me she has PTSD", "his older sister had her spleen removed")."""
    window = doc[max(sent.start, start - 12) : min(sent.end, end + 12)]
    if NOT_A_HARM_DONE.search(window.text):
        return True
    if any(t.text in QUOTE_MARKS for t in doc[max(sent.start, start - 2) : start]):
        return True
    return any(
        t.lower_ in RELATIVES or t.lower_ in OTHER_PEOPLE or t.lower_ in ("mr", "mrs", "ms")
        for t in doc[max(sent.start, start - 8) : start]
        if t.lower_ not in CHILD_NOUNS
    )


# What makes a word of a gentle death someone else's, or no death (`cues`: DIED_GENTLY):
# a sport ("lost her fight on Tuesday at the county boxing championships"), a game, an
# animal, a time it held only at first ("did not respond to CPR at first").
NOT_A_LIFE = frozenset(
    _split_words(
        "boxing championship championships bout tournament games gaming minecraft fortnite "
        "xbox playstation vet cadets"
    )
)
AT_FIRST = re.compile(r"^\W*(?:at\s+first|initially|to\s+begin\s+with|briefly)\b", re.I)


def _not_gently_dead(doc: Any, start: int, end: int, sent: Any) -> bool:
    """A gentle word of a death that tells none here: in quotation marks ('RIP me', 'gone
    too soon' about a phone), asked ("Heart stopped at 03:10? No") or feared, of someone
    named just before it with no word of the child between ("Grandma is ready to be with the
    Lord", not "told his father that he could not be brought back"), of an animal or a game,
    held only at first or ended by the heart restarting ("resuscitation failed; ROSC at 12
    minutes"), a body covered in bruises, or "2 PM tomorrow"."""
    if doc[start].text == "PM" and (
        (start and doc[start - 1].like_num) or (end < len(doc) and doc[end].lower_ == "with")
    ):
        return True  # "2 PM tomorrow", "PM booked with the school nurse"
    if end < len(doc) and doc[end].lower_ in ("covered", "?"):
        return True
    before = doc[max(sent.start, start - 8) : start]
    if any(t.lower_ in FEARED for t in before):  # "we thought she was going to be with Jesus"
        return True
    if any(t.text in QUOTE_MARKS for t in doc[max(sent.start, start - 3) : start]) and any(
        t.text in QUOTE_MARKS for t in doc[end : min(sent.end, end + 6)]
    ):
        return True
    others = [
        t.i
        for t in before
        if (t.lower_ in RELATIVES or t.lower_ in PETS or t.lower_ in OTHER_PEOPLE)
        and t.lower_ not in CHILD_NOUNS
    ]
    if others and not any(
        t.lower_ in ONE_CHILD or t.lower_ in CHILD_NOUNS for t in doc[others[-1] + 1 : start]
    ):
        return True
    # (a window, not the sentence: a pasted sentence of 100,000 characters is read once a
    # match otherwise)
    if any(
        t.lower_ in NOT_A_LIFE or t.lower_ in PETS
        for t in doc[max(sent.start, start - 12) : min(sent.end, end + 12)]
    ):
        return True
    if _revived(doc, start, end, sent):
        return True
    return bool(AT_FIRST.search(doc[end : min(sent.end, end + 4)].text))


CAUSE_DOUBTED = re.compile(
    r"\s*(?:likely|probably|possibly|presumed|thought\s+to\s+be|most\s+likely)\s+"
    r"(?:secondary\s+to|due\s+to|caused\s+by|related\s+to|the\s+result\s+of|from)\b",
    re.IGNORECASE,
)


def _misread(name: str, doc: Any, start: int, end: int, sentence: Callable[[int], Any]) -> bool:
    """A pattern match that is no fact here: an inference ("means being held") in a sentence
    about no injury, a touch of a part of the body touched in care ("touching her
    forehead"), or sex that nothing makes abuse."""
    if doc[end - 1].lower_ == "sex" and name in ("abuse_or_neglect", "seriously_harmed"):
        return _consensual(doc, start, sentence(start))
    # "Initial CPR unsuccessful, ROSC achieved after 3 cycles": the heart started again
    if name == "died" and any(t.lower_ in ("unsuccessful", "futile") for t in doc[start:end]):
        sent = sentence(start)
        if _revived(doc, start, end, sent):
            return True
    # "CPR ceased, pulse back after adrenaline", "resus stopped, ROSC at 10 mins" (the
    # resuscitation the new cue reads, `cues`: not "ROSC never achieved")
    if (
        name == "died"
        and doc[start].lower_ in RESUSCITATION
        and (
            _heart_restarted(doc, end, sentence(start))
            or (end < len(doc) and doc[end].lower_ in HANDED_OVER)
        )
    ):
        return True
    # "a newborn's auditory brainstem test completed": hearing, not a death
    if (
        name == "died"
        and doc[start].lower_ == "brainstem"
        and start
        and doc[start - 1].lower_ in ("auditory", "hearing", "newborn", "abr", "evoked")
    ):
        return True
    # "GCS 7 post-ictal, back to baseline within 30 mins", "GCS 8 ... rapidly improved to 15
    # with glucose": a coma score that passed, no lasting harm
    if name == "seriously_harmed" and doc[start].lower_ == "gcs":
        if end < len(doc) and doc[end].lower_ in NOT_A_SCORE_AFTER:
            return True
        sent = sentence(start)
        after = sentence(sent.end) if sent.end < len(doc) else sent
        if SCORE_PASSED.search(doc[max(sent.start, start - 40) : min(after.end, end + 40)].text):
            return True
    # "did the head injury checks", "head injury advice given": a routine, not an injury
    if name == "seriously_harmed" and end < len(doc) and doc[end].lower_ in ROUTINES:
        return True
    if (
        name == "seriously_harmed"
        and doc[start].lower_ == "lost"
        and _not_a_part_lost(doc, start, end)
    ):
        return True
    if end - start == 1 and doc[start].lower_ == "shaken" and _shaken_up(doc, start):
        return True
    if end - start == 1 and doc[start].lower_ == "shaking" and _a_symptom(doc, start):
        return True
    # "the line went dead", "my phone was dead": a thing that stopped, not a death (not "got
    # back to the car and he was dead")
    if (
        name == "died"
        and doc[start].lower_ == "dead"
        and start >= 2
        and doc[start - 1].lower_ in ("went", "was", "is", "gone", "goes", "had")
        and doc[start - 2].lower_ in DEAD_THINGS
    ):
        return True
    # "unable to get him back into class", "couldn't bring her back to school": a return, not
    # a revival (not "couldn't bring him back to life")
    if (
        name in DEATH_CUES
        and doc[end - 1].lower_ in ("back", "round")
        and end + 1 < len(doc)
        and (
            doc[end].lower_ in ("into", "in", "on", "at", "for", "from", "home", "inside", "up")
            or (doc[end].lower_ == "to" and doc[end + 1].lower_ not in ("life", "us"))
        )
    ):
        return True
    if name == HARMED_LASTING and _not_a_lasting_harm(doc, start, end, sentence(start)):
        return True
    if name == DIED_GENTLY and _not_gently_dead(doc, start, end, sentence(start)):
        return True
    if name == "mental_health_act_detention" and _another_section(doc, end):
        return True
    if name != "abuse_or_neglect":
        return False
    sent = sentence(start)
    said = doc[start:end].text.lower()
    if _everyday_sense(doc, start, end, sent) or _a_topic(doc, start, sent):
        return True
    # "the shape of an iron", "like gloves" tell what made a mark only beside one ("a cake in
    # the shape of a shoe" is none)
    if doc[start].lower_ in (*SHAPES, "like") and _no_mark_shaped(doc, start, sent):
        return True
    # a scald's line or a glove's pattern tells only of a burn or a scald ("sunburn, sharp
    # line of demarcation at the swimsuit straps", "peeling in a glove-type pattern after
    # Kawasaki disease")
    if any(t.lower_.startswith(SCALD_SHAPES) for t in doc[start:end]):
        # the burn may be named a sentence before: "Scalds to both legs ... Sharp tide line"
        # (bounded: a long sentence of such matches stays linear)
        around = doc[max(0, start - 50) : min(sent.end, end + 50)].text.replace("sunburn", "")
        if not SCALDED.search(around):
            return True
    # "Mum stopped her meds as the GP advised", "On GP advice mum stopped his medication": a
    # medicine stopped on a clinician's word (not "against medical advice", "despite the
    # consultant's advice"); "Mum stopped her meds as she was pregnant": her own
    if _a_medicine_stopped(doc, start, end):
        told = doc[max(sent.start, start - 20) : min(sent.end, end + 20)].text
        if (ADVISED.search(told) and not DEFIED.search(told)) or OWN_MEDICINE.search(told):
            return True
    if steps.is_step(said) and steps.misread_step(doc, start, end, sentence):
        return True
    if steps.misread_sign(doc, start, end, sentence):
        return True
    # "oxygen starvation", "self-starvation", "starvation of oxygen", "starvation ketosis",
    # "pre-op starvation time": no one starved the child
    if said == "starvation" and (
        (start and doc[start - 1].lower_ in ("oxygen", "self", "op"))
        or (
            start >= 2 and doc[start - 1].lower_ == "-" and doc[start - 2].lower_ in ("self", "pre")
        )
        or (end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ == "oxygen")
        or (end < len(doc) and doc[end].lower_ in STARVATION_AS_A_STATE)
    ):
        return True
    # "her prescription was not collected because the pharmacy was closed", "... - mum uses
    # the delivery service": for a reason
    # "not collected by the school", "not collected from school at the end of term": the
    # school's store, not the child's
    if any(t.lower_ in UNFETCHED for t in doc[start:end]) and (
        any(t.lower_ in REASONS for t in doc[end : min(sent.end, end + 6)])
        or (end < len(doc) and doc[end].lower_ == "by")
        or "from school" in doc[end : min(sent.end, end + 3)].text.lower()
    ):
        return True
    # "not satisfied with the explanation given by the school": someone else's account
    if doc[end - 1].lower_ == "given" and end < len(doc) and doc[end].lower_ == "by":
        return True
    # "comes into her room at night to check she is asleep", "... and reads me a story": for
    # a reason, not abuse
    if doc[end - 1].lower_ == "night" and end < len(doc):
        after = [t.lower_ for t in doc[end : end + 2]]
        if after[0] == "to" or (after[0] == "and" and after[1:] and after[1] in NIGHT_CARE):
            return True
    # "Parents are not satisfied with the explanation of why his sepsis was missed": a
    # family's complaint, not a clinician's doubt about an injury
    if (
        doc[start].lower_ == "not"
        and start + 1 < len(doc)
        and doc[start + 1].lower_ in ("satisfied", "convinced", "reassured")
        and {t.lower_ for t in doc[max(sent.start, start - 4) : start]}
        & (PARTIES | {"parents", "family", "they"})
    ):
        return True
    # "the vet said the dog should not be left alone with children": advice about a dog
    if (
        doc[start].lower_ in ("not", "never")
        and "alone" in said
        and {t.lower_ for t in doc[max(sent.start, start - 6) : start]} & PETS_AND_THINGS
    ):
        return True
    # "the surgeon intentionally injured the nerve during the planned operation" (not "the
    # surgeon thinks the burns were done on purpose": the surgeon is not the doer)
    if said.startswith(("deliberately", "intentionally")) and (
        CLINICIAN.search(doc[max(sent.start, start - 3) : start].text)
        or CLINICAL_ACT.search(doc[end : sent.end].text)
    ):
        return True
    # "doing things to her hair": done to what the child has, not to the child
    tended = (*BODY_TENDED, "room", "bike", "homework")
    if doc[end - 1].lower_ in ("her", "him") and end < len(doc) and doc[end].lower_ in tended:
        return True
    # "put her in a hot bath to warm her up": care, unless the description tells of a
    # punishment or an injury anywhere ("to teach her a lesson", "scalds", "skin grafts")
    words = {t.lower_ for t in doc[start:end]}
    if "hot" in words and "bath" in words and not any(t.lower_ in PUNISHED for t in doc):
        return True
    # "they took mum's boyfriend in to A&E": taken in, not arrested
    taken_in = words & {"taken", "took"} and doc[end - 1].lower_ == "in"
    if taken_in and end < len(doc) and doc[end].lower_ in ("to", "at"):
        return True
    # "the nurse was doing stuff to her, changing her dressings": the one doing it tends her
    if words & {"stuff", "things"} and any(
        t.lower_ in TENDING for t in doc[max(sent.start, start - 4) : start]
    ):
        return True
    if doc[start].lower_ in INFERRING and not INJURY_CONTEXT.search(sent.text):
        return True
    # "excluded after being disciplined at school": a school's sanction, not a parent's blow
    if doc[end - 1].lower_ in DISCIPLINED and SCHOOL_SANCTION.search(sent.text):
        return True
    # "touching her forehead", "touched him on the shoulder" (not "fondled her on the back
    # seat", "touched her on the back of her legs")
    after = [t.lower_ for t in doc[end : end + 4]]
    if end - start <= 2 or doc[end - 2].lower_ not in TOUCHES or not after:
        return False
    if after[0] in CARING_TOUCH:
        return True
    return (
        doc[end - 2].lower_ in ("touched", "touching", "touches")
        and after[0] == "on"
        and len(after) > 2
        and after[1] in ("the", "his", "her", "my", "their")
        and after[2] in CARING_TOUCH
        and (len(after) < 4 or after[3] not in ("seat", "of"))
    )


def _before_the_focus(doc: Any) -> Callable[[int, Any], bool]:
    """Whether a mention is in the other child's story told before the text says which child
    it is about: all of it when that child is named as the other one's relative ("My query is
    about his sister"), else the sentences whose first person is a relative ("Her
    step-sister is on a CP plan. The girl I'm asking about is 14")."""
    focus = find_focus(doc.text)
    if focus is None:
        return lambda start, sent: False
    cut = focus.start

    def earlier(start: int, sent: Any) -> bool:
        if doc[start].idx >= cut:
            return False
        return focus.relative or _relatives_subject(sent) is not None

    return earlier


# The writer cannot yet say how bad the injury is: "I can't tell you how deep they are or
# whether she'll need anything more than dressings", "too early to know how serious".
SEVERITY_OPEN = re.compile(
    r"\b(?:can't|cannot|can not|ca n't|couldn't|could not|don't|do not|not yet|unable to|no idea|"
    r"not sure|unsure|unclear|too early|not known|not clear|don't yet|do not yet|"
    r"(?:have|has|had)\s+not\s+been\s+able\s+to|(?:haven't|hasn't)\s+been\s+able\s+to)\b"
    r"[^.;?!]{0,40}?"
    r"\b(?:how\s+(?:deep|bad|badly|serious|seriously|severe|severely|extensive)|"
    r"whether\s+(?:\w+\s+){0,3}(?:will|'ll|’ll)\s+need|the\s+(?:extent|severity)\s+of)"
    # said the other way round: "extent/depth ... unknown to me", "Depth + %TBSA NOT yet
    # assessed"
    # (of an injury: not "an in-depth assessment is awaited", "the severity of the neglect is
    # unclear", "the extent of the family's knowledge is unclear")
    r"|(?<![-\w])(?:extent|depth|severity|tbsa)\b"
    r"(?!\s+of\s+(?:the\s+|his\s+|her\s+|their\s+)?(?!injur|burn|scald|wound|harm|damage|bleed)\w)"
    r"[^.;?!]{0,40}?\b(?:unknown|not\s+(?:yet\s+)?(?:known|assessed|established|clear)|unclear|tbc|"
    r"awaited|to\s+be\s+assessed)\b",
    re.IGNORECASE,
)
# Care that only the seriously hurt are given: a doubt about the injury does not undo it.
GRAVE_CARE = re.compile(
    r"picu|icu|intensive|ventilat|intubat|coma|surgery|theatre|resus|life|critical|brain|skull",
    re.IGNORECASE,
)


def _the_childs_own(doc: Any, i: int, child: str) -> bool:
    """The child named as the one who denies: "Ella denies", "Ella (15) denies"; not
    "Ella's mum denies"."""
    j = i - 1
    while j >= 0 and (doc[j].like_num or doc[j].text in ("(", ")", ",")):
        j -= 1
    return j >= 0 and doc[j].text == child


def _a_party_denies(doc: Any, sentence: Callable[[int], Any]) -> bool:
    """A parent or a carer denies something, whatever it is ("Mum denies giving it to her",
    "He denies it", "The couple deny any wrongdoing"): it has been put to them, so an
    agency's "no concerns about his care" does not answer whether abuse is suspected. Not
    what they say without denying ("Dad says no one has raised any worries"): parents'
    accounts of a child who is well say as much. Nor the child's own ("Ella denies any
    self-harm")."""
    child = childs_name(doc)
    return any(
        token.lower_ in DENY_VERBS
        and not (child and _the_childs_own(doc, token.i, child))
        and _speaker(doc, token.i, sentence(token.i).start) in PARTIES
        for token in doc
    )


def _severity_open(text: str, harmed: Fact) -> bool:
    """The text says how bad the harm is is not yet known, and nothing in the harm it names
    is grave in itself (intensive care, surgery, a brain injury)."""
    doubt = SEVERITY_OPEN.search(text)
    if doubt is None or any(GRAVE_CARE.search(quote) for quote in harmed.evidence):
        return False
    # "Depth not yet assessed, she has gone straight to theatre": the grave care is told
    # beside the doubt
    start = max(text.rfind(mark, 0, doubt.start()) for mark in ".;!?\n")
    ends = [e for e in (text.find(mark, doubt.end()) for mark in ".;!?\n") if e != -1]
    return not GRAVE_CARE.search(text[start + 1 : min(ends, default=len(text))])


# A child left without an adult ("home alone", "left unsupervised", "no adult in the
# house"): neglect for a young child, not for one of 16 or 17 (NSPCC: no child under 16
# should be left alone overnight).
ALONE = re.compile(
    r"\balone\b|\bon (?:his|her|their) own\b|unsupervised|unattended|^no adults?\b", re.I
)
OLD_ENOUGH_ALONE = 16 * 12
# What makes being left alone neglect at any age: a need for care, or a long time alone.
NEEDS_CARE = re.compile(
    r"\b(?:disab\w*|learning|cerebral|autis\w*|non-verbal|sen|ehcp|1:1|one-to-one|obs|"
    r"observations|epilep\w*|vulnerable|wheelchair|overnight|nights?|days|weekend|week)\b",
    re.IGNORECASE,
)


def _old_enough(text: str) -> bool:
    """Everyone whose age is given is 16 or over, and nothing tells of a need for care or a
    long time alone ("Jake (16) and his sister Lily (4) were left home alone", "Jake (16)
    has severe learning disabilities", "for three days")."""
    ages = every_age(text)
    return bool(ages) and min(ages) >= OLD_ENOUGH_ALONE and not NEEDS_CARE.search(text)


def extract_facts(text: str) -> Facts:
    doc = nlp()(text[:100_000])
    found: dict[str, list[tuple[bool, bool, str]]] = {}
    sentence = sentences(doc)
    spans = cue_spans(doc, sentence)
    # (a phrase in both lists is a firm one)
    gently = {(s, e) for name, s, e in spans if name == DIED_GENTLY} - {
        (s, e) for name, s, e in spans if name == "died"
    }
    spans = [(ALIASES.get(name, name), s, e) for name, s, e in spans]
    # a death told in words that have no everyday sense, and in words that have one
    firmly_dead = gently_dead = False
    cue_tokens = frozenset(i for _, s, e in spans for i in range(s, e))
    read = [
        (name, start, end, *read_mention(name, doc, start, end, sentence(start), cue_tokens))
        for name, start, end in spans
    ]
    # Only a sentence that names someone else starts their story: "K attempted suicide" is
    # read "other" (no death), but it is still the child's own.
    anchors = {
        sentence(start).start
        for name, start, _, label, _ in read
        if label == "other"
        and name in ABOUT_A_RELATIVE
        and any(t.lower_ in RELATIVES or t.lower_ in OTHER_PEOPLE for t in sentence(start))
    }
    relatives = _relatives_sentences(doc, anchors)
    earlier = _before_the_focus(doc)
    abuse_sentences: list[Any] = []
    # "Found unresponsive ... pronounced dead": a state on the way to a death is no separate
    # harm; only a child who lived was seriously harmed by it.
    a_death = any(name == "died" and label == "affirmed" for name, _, _, label, _ in read)
    # "Mum denies neglect": someone has put it to her, so an agency's "no concerns about his
    # care" does not answer whether it is suspected; only a denial of the abuse itself does.
    alleged = any(label == "party" for _, _, _, label, _ in read) or _a_party_denies(doc, sentence)
    age_words = age_read(text)
    months = None if age_words is None else age_words[0]
    old_enough: bool | None = None  # read once, when a word of being alone needs it
    for name, start, end, label, hedged in read:
        sent = sentence(start)
        if name in ABOUT_A_RELATIVE and (sent.start in relatives or earlier(start, sent)):
            continue
        # "Jake (16) was home alone": at 16 or 17 being alone is no neglect in itself
        if name == "abuse_or_neglect" and ALONE.search(doc[start:end].text):
            # "Told parents not to be left alone w/ pt", "she was never left alone": being
            # alone denied answers nothing about abuse (a safety plan is a sign of it)
            if label == "denied":
                continue
            if old_enough is None:
                old_enough = _old_enough(doc.text)
            if old_enough:
                continue
        if (
            alleged
            and label == "denied"
            and WORRY_WORD.search(doc[start:end].text)
            and not FINDING.search(sent.text)
        ):
            continue
        if label not in ("affirmed", "denied"):
            continue
        if a_death and name == "seriously_harmed" and doc[start:end].text.lower() in BEFORE_DEATH:
            continue
        # "It was not suicide": a death of another cause, not a denial of the death.
        if name == "died" and label == "denied" and doc[start:end].text.lower() in SUICIDES:
            continue
        if name == "abuse_or_neglect" and label == "affirmed":
            abuse_sentences.append(sent)
        if name == "died" and (start, end) in gently:
            if label == "denied":  # "cannot give a view until the post-mortem results"
                continue
            gently_dead = True
        elif name == "died" and label == "affirmed":
            firmly_dead = True
        found.setdefault(name, []).append(
            (label == "denied", hedged, snippet(doc, start, end, sent))
        )
    facts: dict[str, Fact] = {}
    for name, mentions in found.items():
        affirmed = [m for m in mentions if not m[0]]
        if name == "seriously_harmed" and affirmed and all(m[1] for m in affirmed):
            facts[name] = Fact(name, "unknown", (affirmed[0][2],), hedged=True)
            continue
        if affirmed:
            hedged = all(m[1] for m in affirmed)
            evidence = distinct(m[2] for m in affirmed)[:3]
            detail = None
            if name == "seriously_harmed":
                joined = " ".join(evidence).lower()
                detail = next((kind for key, kind in HARM_KINDS.items() if key in joined), None)
            facts[name] = Fact(name, "true", evidence, detail, hedged)
        else:
            facts[name] = Fact(name, "false", tuple(dict.fromkeys(m[2] for m in mentions))[:3])
    # "Is no longer with us" is a death when the text also tells of what follows one ("police
    # + coroner involved", "the funeral"); alone it may be someone who left.
    if "died" not in facts:
        gone = GONE_FROM_US.search(doc.text)
        if gone and AFTER_A_DEATH.search(doc.text):
            span = doc.char_span(gone.start(), gone.end(), alignment_mode="expand")
            if (
                span is not None
                and _a_child_just_before(doc, span.start, sentence(span.start))
                and not _someone_elses(doc, span.start, sentence(span.start))
            ):
                quote = snippet(doc, span.start, span.end, sentence(span.start))
                facts["died"] = Fact("died", "true", (quote,))
    # A death by suicide is a death.
    if facts.get("suicide_suspected", Fact("x")).value == "true" and "died" not in facts:
        facts["died"] = Fact("died", "true", facts["suicide_suspected"].evidence)
    if facts.get("died", Fact("x")).value == "false":
        facts.pop("suicide_suspected", None)
    # "We don't know what happened, but we never had concerns about his home": from a writer
    # who says they do not know, a denial of worry says only that they saw nothing.
    abuse_fact = facts.get("abuse_or_neglect")
    if (
        abuse_fact is not None
        and abuse_fact.value == "false"
        and NOT_KNOWING.search(doc.text)
        and all(WORRY_WORD.search(q) for q in abuse_fact.evidence)
    ):
        del facts["abuse_or_neglect"]
    if "abuse_or_neglect" not in facts:
        inferred = (
            _bruised_baby(doc, text, months, sentence)
            or _inflicted_head_injury(doc, months, sentence)
            or _done_to_the_named_child(doc, sentence)
        )
        if inferred is not None:
            facts["abuse_or_neglect"] = inferred
    if "abuse_or_neglect" not in facts:
        cleared = _no_concern(doc, sentence, cue_tokens, alleged=alleged)
        if cleared:
            facts["abuse_or_neglect"] = Fact("abuse_or_neglect", "false", cleared)
    cleared_fact = facts.get("abuse_or_neglect")
    if (
        cleared_fact is not None
        and cleared_fact.value == "false"
        and not _answers_beside_an_inquiry(cleared_fact.evidence)
        and _an_open_inquiry(text)
    ):
        del facts["abuse_or_neglect"]
    if "abuse_or_neglect" not in facts:
        young = months < 120 if months is not None else bool(YOUNG_CHILD.search(text))
        told = neglect_by_circumstance(
            (s.text for s in doc.sents), young=young, child=months is None or months < 216
        )
        if told is not None:
            facts["abuse_or_neglect"] = Fact("abuse_or_neglect", "true", (told,), hedged=True)
    if "abuse_or_neglect" not in facts and any(
        facts.get(name, Fact(name)).value == "true" for name in ("died", "seriously_harmed")
    ):
        held = _a_carer_held(doc, sentence)
        if held is not None:
            facts["abuse_or_neglect"] = Fact("abuse_or_neglect", "true", (held,), hedged=True)
    facts.update(working_together(doc))
    _detention_doubted(doc.text, facts)
    harmed = facts.get("seriously_harmed")
    if harmed is not None and harmed.value == "true" and _severity_open(doc.text, harmed):
        facts["seriously_harmed"] = Fact(
            "seriously_harmed", "unknown", harmed.evidence, hedged=True
        )
    # "Found unhurt", "was not hurt": no harm, when nothing else says there was.
    if "seriously_harmed" not in facts:
        for token in doc:
            # "not hurt", "not actually hurt", "wasn't really injured"
            before = [t.lower_ for t in doc[max(0, token.i - 2) : token.i]]
            unhurt = token.lower_ in ("hurt", "injured") and (
                before[-1:] == ["not"]
                or (before[:1] == ["not"] and before[1:] in (["actually"], ["really"]))
            )
            if (token.lower_ in UNHARMED or unhurt) and not in_a_partys_words(
                doc, token.i, sentence(token.i)
            ):
                sent = sentence(token.i)
                facts["seriously_harmed"] = Fact(
                    "seriously_harmed", "false", (snippet(doc, token.i, token.i + 1, sent),)
                )
                break
    # A death told only in words with an everyday sense ("lost her fight on Tuesday") gives
    # way to a plain word that the child lives ("uninjured and already training"): the lead
    # is asked, quoting it.
    gentle = facts.get("died")
    if gentle is not None and gentle.value == "true" and gently_dead and not firmly_dead:
        del facts["died"]
    else:
        gentle = None
    _fill_in(
        doc,
        facts,
        sentence,
        cue_tokens,
        _all_historic(doc, abuse_sentences),
        dead=gentle is not None,
    )
    if gentle is not None:
        lives = facts.get("died")
        facts["died"] = (
            gentle
            if lives is None
            else Fact(
                "died", "unknown", distinct((*gentle.evidence, *lives.evidence))[:3], hedged=True
            )
        )
    age = None if months is None else months // 12
    # An adult's age where the text speaks of a baby or a young child is most likely a
    # parent's or a worker's: no adult is answered "not met" on it.
    if age is not None and age >= 18 and _a_young_child_now(text):
        age = None
    # Any other age of 18 or over is kept but unsure: it may be a carer's, a suspect's or the
    # writer's ("Mr B (23), who was caring for him", "the landlord, a 24-year-old"), and no
    # list of who else it can belong to is ever complete (two red-team rounds: 32 of 76, then
    # 54 of 116 got through one), and neither is a list of what makes it theirs (a third:
    # 65 of 96 got through a check that wanted one age, by the first name, with no word of a
    # child or of anyone who harmed one). So it is asked, quoting it, and not used by the
    # rules that turn on an age.
    unsure = age is not None and age >= 18
    if age is not None:
        words = (age_words[1],) if age_words else ()
        facts["age"] = Fact("age", "true", words, detail=str(age), hedged=unsure)
    doubt = age_in_doubt(text)
    if doubt is not None:
        facts["age"] = Fact("age", "unknown", (doubt,), hedged=True)
        age, unsure = None, True
    facts.update(care_status(doc, age, sentence, age_sure=not unsure))
    if unsure:
        age = None
    dol = facts.get("deprivation_of_liberty_16_17")
    if dol is not None and dol.value == "true":
        if age is None:
            # An order depriving a child of liberty, of an age not given: the route is open
            # and the text names it, so it is asked, not answered with its condition.
            facts["deprivation_of_liberty_16_17"] = Fact(dol.name, "unknown", dol.evidence)
            facts.setdefault("secure_hint", Fact("secure_hint", "true", dol.evidence))
        elif age not in (16, 17):
            facts["deprivation_of_liberty_16_17"] = Fact(
                dol.name, "false", dol.evidence, detail=f"aged {age}"
            )
    return Facts(facts)


# The writer cannot say whether the child was still detained: "I can't tell you whether he
# was detained when he died" (a section that may have run out).
DETENTION_DOUBTED = re.compile(
    r"\b(?:can['’]?t|cannot|could\s*n['’]?t|could\s+not|don['’]?t\s+know|do\s+not\s+know|"
    r"not\s+sure|unsure|unclear|no\s+idea|no\s+record\s+of)\b[^.;!?]{0,60}?\b(?:whether|if)\b"
    r"[^.;!?]{0,60}?\b(?:detained|sectioned|section|in\s+custody|deprived\s+of|regraded|"
    r"made\s+informal)\b",
    re.IGNORECASE,
)
OTHERS_DOUBTED = re.compile(
    r"\b(?:brother|sister|mum|mother|dad|father|parent|friend|cousin|uncle|aunt|partner|"
    r"boyfriend|girlfriend|stepdad|stepfather|nan|gran)s?\b",
    re.IGNORECASE,
)
DETENTIONS = ("died_in_custody", "mental_health_act_detention", "deprivation_of_liberty_16_17")


def _detention_doubted(text: str, facts: dict[str, Fact]) -> None:
    """A detention read from the text, which the writer says they cannot confirm held when
    it mattered, is asked (quoting their doubt), not answered."""
    doubt = DETENTION_DOUBTED.search(text)
    # someone else's ("unclear if his brother was detained as well")
    if doubt is None or OTHERS_DOUBTED.search(doubt.group(0)):
        return
    for name in DETENTIONS:
        fact = facts.get(name)
        if fact is not None and fact.value == "true":
            facts[name] = Fact(name, "unknown", (*fact.evidence, doubt.group(0)))
            facts.setdefault("secure_hint", Fact("secure_hint", "true", fact.evidence))


def facts_as_json(facts: Facts) -> dict[str, Any]:
    from ..workflow.criteria import FACTS

    out: dict[str, Any] = {}
    for name in FACTS:
        fact = facts[name]
        if name == "age":
            out[name] = {"value": int(fact.detail) if fact.detail else None, "evidence": []}
            if fact.hedged:  # an adult's age that may be someone else's: asked, not used
                out[name]["hedged"] = True
            continue
        item: dict[str, Any] = {"value": fact.value, "evidence": list(fact.evidence)}
        if fact.hedged:
            item["hedged"] = True
        if fact.detail:
            item["detail"] = fact.detail
        out[name] = item
    return out
