"""The two facts about working together: concern about how the agencies worked together, and
definitive evidence of no such concern.

Lists of whole phrases ("did not share", "worked in silos") learned the phrasings of the cases
they were written from and missed most new ones. People describe a failure of working
together in a few parts, so this looks for the parts in each clause: a failing (not, never,
failed, poor, gaps, without...) near something agencies do together (share, tell, refer,
escalate, a strategy meeting, the records...), with an agency or professional in the sentence.
A clause that denies concern about working together ("no issues with information sharing")
makes the fact false; praise of the agencies as a whole ("all agencies shared information
promptly", not one agency's "the school's practice was good") is the evidence of no concern.
What the family does or keeps back is not the agencies' failing. A clause that only wonders
("too early to say how they worked together") says nothing either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from ..workflow.criteria import Fact
from .pipeline import nlp


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CONCERN = "interagency_concern"
EVIDENCE = "no_interagency_concern_evidence"

# Words that split a sentence into clauses that can disagree ("the police shared it, but the
# school was not told", "while the hospital referred promptly, no strategy discussion was
# held"). "and" and commas do not: they usually continue the same thought.
CLAUSE_BREAKS = _words("""; : but however although though whereas yet while whilst""")
CONCESSIONS = _words("""while whilst although though""")

# A failing, when it comes within NEAR tokens before something done together ("did not
# share", "failed to inform", "gaps in communication").
FAILINGS = _words(
    """not n't never no nobody none neither failed fail fails failure failures failing failings lack
    lacking lacked gap gaps breakdown confusion confused shortcomings shortcoming weakness
    weaknesses missed unclear without delayed delay delays ignored overlooked assumed"""
)
# A judgement, before or after it ("communication between agencies was poor").
VERDICTS = _words(
    """poor poorly inadequate inadequately insufficient fragmented disjointed uncoordinated
    inconsistent ineffective patchy weak lacking limited delayed missing absent unanswered
    cancelled canceled problematic"""
)
FAILING_PHRASES = (
    "broke down",
    "fell through",
    "could have",
    "should have",
    "no one",
    "thought another",
    "relied on",
    "left it to",
    "if they had",
    "had they",
    "differently",
    "too long",
    "too late",
    "too slow",
)
NEAR = 7
COPULAS = _words("""was were is are been be remained seemed""")

# Things agencies do together, and the machinery they do it with.
TOGETHER = _words(
    """share shares shared sharing inform informed informing tell told telling notify notified
    notification refer referred referral referrals liaise liaised liaison coordinate
    coordinated coordinating coordination communicate communicated communication
    communications escalate escalated escalation escalating pass passed passing reach
    reached invite invited include included consult consulted consulting challenge
    challenged lead leading responsibility responsible records information intelligence
    together joint jointly partnership strategy conference meeting meetings discussion
    handover transfer transferred follow followed act acted acting response
    responded respond report reported reporting aware known know knew picture procedures
    spoken spoke speak talked met contact contacted check checked checks discuss discussed
    heard feedback involve alert alerted screen screened screening asked ask messages calls
    emails letters returned answered action"""
)
TOGETHER_PHRASES = (
    "joined - up",
    "joined up",
    "multi - agency",
    "inter - agency",
    "interagency",
    "following up",
)

# Enough on their own: the words are about working together and already say it failed.
SELF_EVIDENT = (
    "unaware",
    "in silos",
    "in isolation",
    "worked in isolation",
    "missed opportunities",
    "missed opportunity",
    "drift",
    "drifted",
    "unallocated",
    "lost to follow up",
    "nobody had the whole picture",
    "no one had the whole picture",
    "part of the picture",
    "put the pieces together",
    "never brought together",
    "held information",
    "did not know that",
    "closed the case",
    "case had been closed",
    "stepped down",
    "stepping down",
    "but not to the",
    "disagreement between agencies",
    "disagreed about the threshold",
    "nobody took the lead",
    "no one took the lead",
    "lost between",
    "fell between",
    "through the gaps",
    "through the net",
    "slipped through",
    "went no further",
    "went nowhere",
    "off against each other",
    "off against one another",
    "off against the other",
)
# Failings that are about agencies by their nature, once an agency is in the sentence.
AGENCY_FAILINGS = (
    "unaware",
    "not aware",
    "conflicting views",
    "conflicting",
    "disagreed",
    "disagreement",
    "disagreements",
    "professional differences",
    "differences of opinion",
    "assumed another",
    "assumed that another",
    "thought another",
    "relied on each other",
    "assumed the other",
    "each assumed",
    "thought the other",
    "believed the other",
    "assumed someone else",
    "no lead professional",
    "different understandings",
    "different understanding",
    "different views",
    "differing views",
    "did not agree",
    "disputed",
    "stayed with",
    "remained with",
)
WORRIES = _words(
    """concern concerns concerned worried worry questions learning lessons criticised criticized
    criticism criticisms critical issues problems difficulties improving improve improvement
    improvements strengthen strengthening recommends"""
)
# What a worry is about: "learning about how", "criticised the way they shared information",
# "recommends improving how maternity and police share notifications".
MANNERS = ("about how", "the way", "of how", "including how", "improving how", "improve how")
# A heading that says what follows is learning: "Key issues: ...", "Learning so far: ...".
HEADINGS = _words(
    """learning lessons issues findings reflections themes recommendations concerns"""
)
# Concern voiced in so many words: "concerns about how agencies worked together".
CONCERN_FRAMES = (
    "concern about",
    "concerns about",
    "concerned about",
    "concerns over",
    "concerns regarding",
    "worried about",
    "questions about",
    "questions over",
    "issues with",
    "issues around",
    "issues of",
    "problems with",
    "difficulties with",
    "difficulties in",
    "improving",
    "improve",
    "strengthen",
    "strengthening",
)

# Somebody in the sentence who works for an agency: "the mother did not tell anyone" is not
# about agencies; "the police were not told" is.
AGENCIES = _words(
    """agency agencies professional professionals practitioner practitioners partner partners
    services service police school schools gp gps health midwife midwifery maternity
    hospital camhs nursery probation yot housing education council authority authorities nhs
    paediatrician paediatricians doctor doctors nurse nurses surgery team unit ambulance
    counsellor teacher teachers officer officers clinic ward visitor visitors"""
)
FAMILY = _words(
    """mother father mum dad parent parents carer carers stepfather stepmother boyfriend
    girlfriend family grandmother grandfather grandparents uncle aunt he she they child boy
    girl baby"""
)
AGENCY_PHRASES = ("social care", "social worker", "social workers", "youth offending")
# Words that make the clause about working together even with no agency named.
TOPIC = _words(
    """together joint jointly partnership agency agencies professionals partner partners
    interagency information communication coordination liaison strategy conference mash
    interface"""
)
TOPIC_PHRASES = ("multi - agency", "inter - agency", "joined - up", "information sharing")

# The family was never known to anyone: no agency to fail.
NO_INVOLVEMENT = (
    "not known to any",
    "not known to services",
    "not known to agencies",
    "no agency had been involved",
    "no agency was involved",
    "no agencies were involved",
    "no agency involvement",
    "no previous involvement",
    "no contact with",
)
# "No" (or "nobody ... any") before a word for something wrong denies it: "no concerns about
# joint working", "no failures in communication", "nobody has raised any concern".
DENIERS = frozenset({"no", "nobody", "none", "without"})
WRONGS = _words(
    """concern concerns issue issues failure failures failing failings problem problems
    criticism criticisms learning lessons question questions indication evidence suggestion
    sign signs shortcomings shortcoming gaps gap weaknesses weakness missed delay delays"""
)
DENIAL_PHRASES = (
    "nothing to suggest",
    "nothing to indicate",
    "none identified",
    "not about how",
    "nothing about how",
)
PRAISE = _words(
    """well effectively effective appropriately appropriate promptly prompt timely good
    exemplary excellent quickly closely robust robustly properly strong smoothly seamless
    seamlessly"""
)
PRAISE_PHRASES = (
    "high standard",
    "in good time",
    "on time",
    "in full",
    "followed procedures",
    "in line with procedures",
    "definitive evidence",
)
# Praise undone: "could have worked together better", "failed to work together effectively".
PRAISE_UNDONE = FAILINGS | VERDICTS | {"could", "should", "more", "better", "if", "some"}
# Praise of everyone counts as praise of how they worked together.
EVERYONE = _words(
    """everyone everybody liaised jointly agencies agency partners partnership professionals
    together interagency"""
)
COLLECTIVE_PHRASES = ("multi - agency", "inter - agency", "joint working", "joint agency")
GUESSES = _words("""think probably hope hopefully assume may might""")
# What is passed between agencies, and so can be "not used", "never returned".
PASSED_ON = _words(
    """information intelligence referral referrals records messages calls emails letters report
    reports notification notifications feedback concerns"""
)
AUXILIARIES = _words("was were is are had has have did does would could might may will")
DETERMINERS = frozenset(["the", "a", "an", "his", "her", "their", "its", "'s"])
POINTERS = frozenset(["this", "that", "these", "it"])
NEGATIONS = frozenset(["not", "n't", "never", "nobody", "no"])
WONDERING = (
    "too early",
    "not yet known",
    "not yet clear",
    "not known whether",
    "not clear whether",
    "unclear whether",
    "unknown whether",
    "yet to be established",
    "consider whether",
    "explore whether",
    "ask whether",
    "asks whether",
    "establish whether",
    "look at whether",
    "whether agencies",
    "whether professionals",
    "not been checked",
    "not been confirmed",
    "not been verified",
    "yet to be checked",
    "yet to be confirmed",
)
COUNTERFACTUAL = ("could have", "should have", "more effectively", "better")
HEDGES = _words(
    """may might possibly possible could potential potentially appears appeared seems seemed
    perhaps probably likely"""
)


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]
    text: str  # the clause as written, for quoting back
    sentence: tuple[str, ...]

    @cached_property
    def joined(self) -> str:
        """The words between single spaces, so that a phrase is found by a substring search."""
        return " " + " ".join(self.words) + " "

    def has(self, phrase: str) -> bool:
        return _tokens(phrase) in self.joined

    def where(self, phrase: str) -> int:
        at = self.joined.find(_tokens(phrase))
        return -1 if at < 0 else self.joined.count(" ", 0, at)

    @property
    def whole(self) -> Clause:
        """The whole sentence the clause is part of."""
        return Clause(self.sentence, "", self.sentence)


@lru_cache(maxsize=1024)
def _tokens(phrase: str) -> str:
    """The phrase as the tokenizer splits it ("joined-up" is "joined - up"), between spaces."""
    return " " + " ".join(t.lower_ for t in nlp().make_doc(phrase)) + " "


def _any(clause: Clause, phrases: tuple[str, ...]) -> bool:
    return _pattern(phrases).search(clause.joined) is not None


@lru_cache(maxsize=64)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One search for a whole list of phrases, each between spaces as the clause is."""
    return re.compile("|".join(re.escape(_tokens(p)) for p in phrases))


def _clauses(doc: Any) -> Iterator[Clause]:
    """Each clause keeps the word that opened it: "known to the police but not to the health
    visitor" leaves a clause "but not to the health visitor", which still says something."""
    lowers = [t.lower_ for t in doc]  # once: a token object costs more than its text
    for sent in doc.sents:
        sentence = tuple(lowers[sent.start : sent.end])
        start = sent.start
        for i in range(sent.start, sent.end):
            # "While the hospital referred promptly, no strategy discussion was held": a
            # clause that opens with a concession ends at its comma.
            conceded = lowers[i] == "," and lowers[start] in CONCESSIONS
            if (lowers[i] in CLAUSE_BREAKS or conceded) and i > start:
                yield _clause(doc, lowers, start, i, sentence)
                start = i
        if start < sent.end:
            yield _clause(doc, lowers, start, sent.end, sentence)


def _clause(doc: Any, lowers: list[str], start: int, end: int, sentence: tuple[str, ...]) -> Clause:
    opened = end - start > 1 and lowers[start] in CLAUSE_BREAKS
    quoted = doc[start + 1 if opened else start : end]
    return Clause(tuple(lowers[start:end]), str(quoted.text).strip(" ,;.:"), sentence)


def _about_agencies(clause: Clause) -> bool:
    return (
        any(w in AGENCIES for w in clause.sentence)
        or _any(clause.whole, AGENCY_PHRASES)
        or _about_working_together(clause)
    )


def _about_working_together(clause: Clause) -> bool:
    return any(w in TOPIC for w in clause.words) or _any(clause, TOPIC_PHRASES)


def _together_at(clause: Clause) -> list[int]:
    """Where something is done together; not where it is done with the family ("the nursery
    had never met the father", "could not contact the mother")."""
    words = clause.words
    at = [i for i, w in enumerate(words) if w in TOGETHER and not _with_family(words, i)]
    at += [i for p in TOGETHER_PHRASES if (i := clause.where(p)) >= 0]
    return at


def _with_family(words: tuple[str, ...], i: int) -> bool:
    """The family is who it was done with ("told the mother"), not what was told ("did not
    know the family had moved", "were not told she was missing")."""
    rest = words[i + 1 : i + 6]
    at = next(
        (j for j, w in enumerate(rest) if w not in DETERMINERS and w not in ("to", "with")), None
    )
    if at is None or rest[at] not in FAMILY or rest[at] in ("he", "she", "they"):
        return False
    return at + 1 >= len(rest) or rest[at + 1] not in AUXILIARIES


def _failing(clause: Clause) -> bool:
    """A failing within NEAR tokens before something done together (or just after it), or a
    verdict on it either side."""
    together = _together_at(clause)
    if not together:
        return False
    words = clause.words
    # "Reported no concerns" finds nothing wrong; it is not a failure to report.
    failings = [
        i
        for i, w in enumerate(words)
        if w in FAILINGS
        and not (w == "no" and WRONGS & set(words[i + 1 : i + 3]))
        and not _by_family(words, i)
    ]
    failings += [i for p in FAILING_PHRASES if (i := clause.where(p)) >= 0]
    verdicts = [i for i, w in enumerate(words) if w in VERDICTS]
    # "the information from them was not used": the passive puts the failing after.
    passive = [
        i for i, w in enumerate(words) if w in ("not", "never") and i and words[i - 1] in COPULAS
    ]
    things = [i for i, w in enumerate(words) if w in PASSED_ON]
    if any(0 < p - t <= NEAR for p in passive for t in things):
        return True
    return any(-2 <= t - f <= NEAR for f in failings for t in together) or any(
        abs(t - v) <= NEAR or (v > t and words[v - 1] in COPULAS)
        for v in verdicts
        for t in together
    )


def _voiced(clause: Clause) -> bool:
    """ "Concerns about how agencies worked together": the subject follows the frame closely;
    or a worry "about how" something was done together ("learning is likely about how health
    and children's services shared information")."""
    words = clause.words
    for manner in MANNERS:
        how = clause.where(manner)
        if how <= 0 or words[how - 1] in ("not", "nothing"):
            continue
        if any(w in WORRIES for w in words[:how]) and TOGETHER & set(words[how:][:16]):
            return True
    for frame in CONCERN_FRAMES:
        at = clause.where(frame)
        if at >= 0:
            after = Clause(clause.words[at : at + len(_tokens(frame).split()) + 5], "", ())
            if _about_working_together(after):
                return True
    return False


def _denied(clause: Clause) -> bool:
    words = clause.words
    deniers = [i for i, w in enumerate(words) if w in DENIERS]
    # "not aware of any problems": "any" denies when a negation comes just before it.
    deniers += [
        i
        for i, w in enumerate(words)
        if w == "any" and any(n in NEGATIONS for n in words[max(0, i - 4) : i])
    ]
    denied = _any(clause, DENIAL_PHRASES) or any(
        w in WRONGS and any(0 < i - d <= 6 for d in deniers) for i, w in enumerate(words)
    )
    return denied and _about_working_together(clause)


def _praised(clause: Clause) -> bool:
    """Praise of how everyone worked together, not of one agency ("the school's own practice
    was good"), not undone just before it ("not shared promptly", "some agencies worked well"),
    by a comparison ("could have worked together better") or by a guess ("probably")."""
    words = clause.words
    if _any(clause, WONDERING) or any(w in GUESSES for w in words):
        return False
    # Definitive evidence is about the agencies as a whole: one act done well ("information
    # was shared promptly with the police") is not evidence that there is nothing to learn.
    about = any(w in EVERYONE for w in words) or _any(clause, COLLECTIVE_PHRASES)
    if not about and any(w in POINTERS for w in words):  # "; this worked well"
        about = _about_working_together(clause.whole) or bool(_together_at(clause.whole))
    if not about and not _any(clause, ("definitive evidence", "clear evidence")):
        return False
    at = [i for i, w in enumerate(words) if w in PRAISE]
    at += [i for p in PRAISE_PHRASES if (i := clause.where(p)) >= 0]
    return any(not any(w in PRAISE_UNDONE for w in words[max(0, i - 5) : i + 2]) for i in at)


# Words after which a family member is the topic, not the subject: "information about a new
# baby".
TOPICAL = frozenset({"about", "of", "for", "regarding", "concerning"})


def _by_family(words: tuple[str, ...], f: int) -> bool:
    """The failing at f is the family's own: its subject, the nearest person a few words
    before, is one of the family ("the mother did not tell the health visitor"). Not when the
    failing is passive ("the child was not seen") or the person is a topic ("information
    about a new baby was not shared")."""
    if f and words[f - 1] in COPULAS:
        return False
    for j in range(f - 1, max(-1, f - 5), -1):
        w = words[j]
        if w in FAMILY:
            return not (j and words[j - 1] in TOPICAL) and not (
                j > 1 and words[j - 1] in ("new", "the", "a") and words[j - 2] in TOPICAL
            )
        if w in AGENCIES or w in TOGETHER:
            return False
    return False


def _family_did_it(clause: Clause) -> bool:
    """ "The mother did not tell the health visitor", "had not been told ... by the family":
    every failing in the clause is the family's, and what a family keeps back is not a failure
    of the agencies."""
    words = clause.words
    if any(w == "by" and _with_family(words, i) for i, w in enumerate(words)):
        return True
    failings = [f for f, w in enumerate(words) if w in FAILINGS]
    return bool(failings) and all(_by_family(words, f) for f in failings)


def _concern(clause: Clause) -> bool:
    if _any(clause, NO_INVOLVEMENT) or _family_did_it(clause):
        return False
    if _any(clause, WONDERING) and not _any(clause, COUNTERFACTUAL):
        return False
    if _any(clause, SELF_EVIDENT) or _voiced(clause):
        return True
    return _about_agencies(clause) and (_any(clause, AGENCY_FAILINGS) or _failing(clause))


def _is_heading(clause: Clause) -> bool:
    """ "Key issues:", "Learning so far:": what follows the colon is a list of what went
    wrong, and an item about working together is a concern about it."""
    return len(clause.words) <= 5 and any(w in HEADINGS for w in clause.words)


def working_together(doc: Any) -> dict[str, Fact]:
    """The facts this text gives about working together: none, one or both."""
    concerns: list[tuple[bool, str]] = []
    denials: list[str] = []
    praise: list[str] = []
    heading: Clause | None = None  # "Key issues" before a colon, until the sentence ends
    listing = False
    for clause in _clauses(doc):
        if heading is not None and clause.sentence is not heading.sentence:
            heading, listing = None, False
        listing = listing or (heading is not None and clause.words[0] == ":")
        denied, praised = _denied(clause), _praised(clause)
        if denied:
            denials.append(clause.text)
        if praised:
            praise.append(clause.text)
        listed = listing and _about_working_together(clause)
        if not denied and not praised and (listed or _concern(clause)):
            hedged = any(w in HEDGES for w in clause.words) or _any(clause, WONDERING)
            concerns.append((hedged, clause.text))
        if not listing and _is_heading(clause):
            heading = clause
    facts: dict[str, Fact] = {}
    if concerns:
        evidence = tuple(dict.fromkeys(text for _, text in concerns))[:3]
        facts[CONCERN] = Fact(CONCERN, "true", evidence, hedged=all(h for h, _ in concerns))
    elif denials or praise:
        facts[CONCERN] = Fact(CONCERN, "false", tuple(dict.fromkeys(praise + denials))[:3])
        if praise:
            facts[EVIDENCE] = Fact(EVIDENCE, "true", tuple(dict.fromkeys(praise))[:3])
    return facts
