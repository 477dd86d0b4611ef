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
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from ..workflow.criteria import Fact
from .pipeline import nlp
from .together_words import (
    AGENCIES,
    AGENCY_FAILINGS,
    AGENCY_PHRASES,
    AUXILIARIES,
    CLAUSE_BREAKS,
    COLLECTIVE_PHRASES,
    CONCERN,
    CONCERN_FRAMES,
    CONCESSIONS,
    COPULAS,
    COUNTERFACTUAL,
    DENIAL_PHRASES,
    DENIERS,
    DETERMINERS,
    EVERYONE,
    EVIDENCE,
    FAILING_PHRASES,
    FAILINGS,
    FAMILY,
    GUESSES,
    HEADINGS,
    HEDGES,
    MANNERS,
    NEAR,
    NEGATIONS,
    NO_INVOLVEMENT,
    PASSED_ON,
    POINTERS,
    PRAISE,
    PRAISE_PHRASES,
    PRAISE_UNDONE,
    SELF_EVIDENT,
    TOGETHER,
    TOGETHER_PHRASES,
    TOPIC,
    TOPIC_PHRASES,
    VERDICTS,
    WONDERING,
    WORRIES,
    WRONGS,
)


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]
    text: str  # the clause as written, for quoting back
    sentence: tuple[str, ...]
    # the whole sentence, one object shared by its clauses (see `whole`)
    of: Clause | None = field(default=None, compare=False, repr=False)

    @cached_property
    def joined(self) -> str:
        """The words between single spaces, so that a phrase is found by a substring search."""
        return " " + " ".join(self.words) + " "

    def has(self, phrase: str) -> bool:
        return _tokens(phrase) in self.joined

    def where(self, phrase: str) -> int:
        at = self.joined.find(_tokens(phrase))
        return -1 if at < 0 else self.joined.count(" ", 0, at)

    @cached_property
    def whole(self) -> Clause:
        """The whole sentence the clause is part of: shared by all its clauses when they were
        read from one (a new one for each had made a long pasted sentence quadratic)."""
        return self.of if self.of is not None else Clause(self.sentence, "", self.sentence)

    @cached_property
    def names_an_agency(self) -> bool:
        return not AGENCIES.isdisjoint(self.words)


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
        whole = Clause(sentence, "", sentence)
        start = sent.start
        for i in range(sent.start, sent.end):
            # "While the hospital referred promptly, no strategy discussion was held": a
            # clause that opens with a concession ends at its comma.
            conceded = lowers[i] == "," and lowers[start] in CONCESSIONS
            if (lowers[i] in CLAUSE_BREAKS or conceded) and i > start:
                yield _clause(doc, lowers, start, i, whole)
                start = i
        if start < sent.end:
            yield _clause(doc, lowers, start, sent.end, whole)


def _clause(doc: Any, lowers: list[str], start: int, end: int, whole: Clause) -> Clause:
    opened = end - start > 1 and lowers[start] in CLAUSE_BREAKS
    quoted = doc[start + 1 if opened else start : end]
    return Clause(tuple(lowers[start:end]), str(quoted.text).strip(" ,;.:"), whole.sentence, whole)


def _about_agencies(clause: Clause) -> bool:
    return (
        clause.whole.names_an_agency
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


NO_NEED = frozenset({"needed", "required", "necessary", "warranted", "indicated"})


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
        # "no action needed per the named nurse": nothing was left undone
        and not (w == "no" and NO_NEED & set(words[i + 1 : i + 4]))
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
    return _praise_stands(clause)


KNOWING = frozenset({"know", "knew", "known", "knows", "knowing"})


def _another_well(words: tuple[str, ...], i: int) -> bool:
    if words[i] != "well":
        return False
    return (i > 0 and words[i - 1] == "as") or bool(
        KNOWING & set(words[i + 1 : i + 2]) | KNOWING & set(words[max(0, i - 3) : i])
    )


def _praise_stands(clause: Clause) -> bool:
    """A word of praise in the clause, not undone beside it, and not "well" in another sense:
    "as well" (also), "well known to police", "knew her well"."""
    words = clause.words
    at = [i for i, w in enumerate(words) if w in PRAISE and not _another_well(words, i)]
    at += [i for p in PRAISE_PHRASES if (i := clause.where(p)) >= 0]
    return any(not any(w in PRAISE_UNDONE for w in words[max(0, i - 5) : i + 2]) for i in at)


def _done_well(clause: Clause) -> bool:
    """One thing done together and done well ("the strategy meeting was held the same day",
    "the school rang CSC straight away"): no concern here, though not the definitive evidence
    that praise of everyone is."""
    words = clause.words
    if not _together_at(clause) or not _about_agencies(clause):
        return False
    if _any(clause, WONDERING) or any(w in GUESSES for w in words) or _failing(clause):
        return False
    return _praise_stands(clause)


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


# Who looks at every agency's part and finds: "the independent audit found no gaps", "the
# scoping of all agency records found no concern".
REVIEWERS = frozenset(
    {
        "audit",
        "audits",
        "review",
        "scoping",
        "inspection",
        "investigation",
        "inquiry",
        "reviewer",
        "reviewers",
        "chronology",
        "panel",
    }
)
FINDINGS = frozenset(
    {"found", "finds", "concluded", "confirmed", "identified", "showed", "established"}
)


def _found_by_review(clause: Clause) -> bool:
    """A denial of concern that a review or audit found, not one someone merely says: "the
    independent multi-agency audit has already found no gaps in joint working"."""
    words = clause.words
    finding = [i for i, w in enumerate(words) if w in FINDINGS]
    return bool(finding) and any(w in REVIEWERS for w in words[: finding[0]])


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
        # A review of all the agencies that found nothing wrong is the definitive evidence.
        praised = praised or (denied and _found_by_review(clause))
        if denied or (not praised and _done_well(clause)):
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
