"""How a cue is asserted where it stands: denied (a negation before it in its clause, or a
denial after it, with pseudo-negations that deny nothing), suspected (a hedge), hypothetical
("if", "whether", "unless"), or affirmed."""

from __future__ import annotations

import re
from typing import Any

from .cues import (
    BREAKS,
    HEDGES,
    INJURY_WORDS,
    NEGATION_PHRASES,
    NEGATIONS,
    POST_DENIALS,
    WINDOW,
    _split,
)

# Injuries no fact is read from, which a list of them still passes over: "no bruising,
# fractures or burns" denies the fractures and the burns.
LISTED_INJURIES = frozenset(INJURY_WORDS) | frozenset(
    _split("cuts scratches grazes marks swelling abrasions lacerations wounds")
)
# What may follow one item of a list of injuries: the list goes on, or its verb comes.
LIST_GOES_ON = frozenset(
    _split(", or and nor . ; seen found noted were was identified present evident detected")
)


def _a_list_of_injuries(doc: Any, i: int) -> bool:
    """The comma at i stands between two plain injury words of one list ("no bruising,
    fractures or burns"); not before a finding of another kind ("No bruising, NAI
    suspected", "No cuts, bleeding on the brain", "no marks, fractures of different ages")."""
    return (
        doc[i - 1].lower_ in LISTED_INJURIES
        and i + 1 < len(doc)
        and doc[i + 1].lower_ in LISTED_INJURIES
        and (i + 2 >= len(doc) or doc[i + 2].lower_ in LIST_GOES_ON)
    )


# Words that open a new clause after a comma, out of a list's reach.
CLAUSE_OPENERS = frozenset({"when", "whilst", "while", "where", "after", "before", "until", "as"})


def _clause_has(tokens: list[str], words: frozenset[str]) -> bool:
    return any(t in words for t in tokens)


def _preceding(
    doc: Any,
    start: int,
    sent_start: int,
    cues: frozenset[int] = frozenset(),
    window: int = WINDOW,
) -> list[str]:
    """The words of the cue's clause before it, nearest first, at most `window` of them. The
    other cues of a list ("no concerns of abuse, neglect or harm") are passed over and do not
    use up the window, so one denial reaches every item of the list; they stand as CUE, so a
    negative inside another cue ("not breathing, died") denies nothing here."""
    out: list[str] = []
    counted = 0
    i = start - 1
    # a list is passed over for LIST_SPAN tokens at most: a text of one cue repeated
    # thousands of times would otherwise have each cue walk back through all the others
    stop = max(sent_start, start - LIST_SPAN)
    while i >= stop and counted < window:
        text = doc[i].lower_
        # "whether he had left (someone saw him outside) or was still in the cell": an aside
        # in brackets is passed over, so a scope reaches across it.
        if text == ")":
            opening = _opening_bracket(doc, i, sent_start)
            if opening is not None:
                i = opening - 1
                continue
        if i in cues:
            out.append(CUE)
            i -= 1
            continue
        # a list goes on over a comma, unless a new clause opens after it ("not on a
        # section, when she died")
        if (
            text in (",", "/", "or", "and", "nor")
            and (i - 1 in cues or _a_list_of_injuries(doc, i))
            and doc[i + 1].lower_ not in CLAUSE_OPENERS
        ):
            out.append(text)
            i -= 1
            continue
        if text in BREAKS and text != "and":
            break
        # "Nobody answered the door and that worries me", "we could not reach her in time and
        # we buried her": "and" before a new subject opens a new clause, out of the
        # negation's reach.
        if text == "and" and (out[-1] if out else doc[start].lower_) in NEW_SUBJECTS:
            break
        out.append(text)
        counted += 1
        i -= 1
    return out


CUE = "<cue>"


def _opening_bracket(doc: Any, close: int, sent_start: int) -> int | None:
    """Where the bracket that doc[close] shuts opens, in the same sentence and within 25
    words; None if it does not."""
    depth = 0
    for j in range(close, max(sent_start, close - 25) - 1, -1):
        if doc[j].text == ")":
            depth += 1
        elif doc[j].text == "(":
            depth -= 1
            if depth == 0:
                return j
    return None


NEW_SUBJECTS = frozenset(_split("that this it i we he she they which there"))

# Words between a negation and its verb: "nobody has ever reported it".
AUXILIARIES = frozenset(
    _split(
        "has have had was were is are be been ever yet so far at all previously one else "
        "could can would was able to"
    )
)

# Negations whose scope is the whole clause, however far the cue: "no one has raised any
# concern at all about abuse or neglect", "nil concerns re abuse or neglect".
WIDE_NEGATIONS = frozenset({"nobody", "noone", "no-one", "nil", "none"})
WIDE_WINDOW = 14
# How far a list of cues is followed, either way from a cue, in tokens.
LIST_SPAN = 60

# A denial some words after the cue: "abuse and neglect have been considered and excluded",
# "... were considered by the strategy meeting and excluded" (who considered it, passed over).
POST_DENIAL_FAR = re.compile(
    r"^\s*(?:(?:and|or|/|,)\s*[\w-]+\s+)?(?:was|were|is|are|has been|have been|had been)\s+"
    r"(?:\w+(?:\s+(?:by|at|in)(?:\s+[\w'-]+){1,4})?\s+and\s+)?"
    r"(?:excluded|ruled out|unfounded|unsubstantiated|not substantiated|disproved)\b"
)

# A negation whose scope is something else: "not known to children's services", "did not
# tell anyone about the abuse", "no doubt", "not only", "DASH not possible – V deceased".
# The negation word is passed over.
NOT_A_DENIAL_AFTER = frozenset(
    _split(
        "known open previously only just doubt sure tell told report reported disclose "
        "disclosed share shared pass passed refer referred recognise recognised recognize "
        "recognized notice noticed act acted follow followed escalate escalated record "
        "recorded pick picked spot spotted investigate investigated address addressed respond "
        "responded challenge challenged explore explored see seen want wanted able allowed "
        "believe believed protect protected attend attended engage engaged take taken "
        "until safe view views opinion opinions comment information info details detail "
        "decision conclusion documented documentation outcome explain explained account "
        "possible"
    )
)
# A failure to see or to act, which tells that the harm was there: "nobody realised how
# badly she was neglected", "did not stop the abuse", "not spotting the neglect".
FAILED_TO_SEE = frozenset(
    _split(
        "realise realised realize realized realising spotting spotted noticing stop stopped "
        "prevent prevented deserve deserved get escape escaped engagement acted"
    )
)
NOT_A_DENIAL = NOT_A_DENIAL_AFTER | FAILED_TO_SEE


def _failed_to_see(words: list[str], k: int) -> bool:
    """A verb of failing to see or act within six words after words[k] (reading order is
    backwards here): "none of us at school realised he was being abused"."""
    return any(w in FAILED_TO_SEE for w in words[max(0, k - 6) : k])


# "Nothing in our records, or in what the ward has told me, suggests abuse": a negative
# subject whose verb says what the evidence shows, however long the subject.
NOTHING_SUGGESTS = re.compile(
    r"\b(?:nothing|no one|no-one|nobody|none|neither|no evidence|no information|no records?)\b"
    r"(?:(?!\b(?:but|which|although|though|despite|however|yet|whereas|and (?:the|his|her|"
    r"their|it|this|then|so))\b)[^.;?!])*"
    r"\b(?:suggests?|suggested|suggesting|indicates?|indicated|indicating|shows?|showed|"
    r"showing|points? to|pointed to|pointing to|raises?|raised|gives?|gave|giving|caused)"
    r"(?:\s+(?:that|any|there|was|is|were|been|having|being|had|has|of))*"
    r"(?:\s+[\w'-]+){0,3}(?:\s+[\w-]+\s*(?:,|or|and|/))*\s*$"
)

# "Nothing in the home, the history or how she presents worries us": a negative subject whose
# verb is the worry itself, however long the subject.
WORRY_VERBS = frozenset(
    _split("worries worried concerns concerned troubles troubled alarms alarmed bothers bothered")
)
NOTHING_WORRIES = re.compile(
    r"\b(?:nothing|no one|no-one|nobody|none|neither)\b"
    r"(?:(?!\b(?:but|which|although|though|despite|however|yet|whereas|and|so|because|"
    r"since|then)\b)[^.;?!])*?"
    r"(?:\s+(?:that|who|has|have|had|ever|at all|really|particularly|so far))*\s*$"
)

# "There was never an allegation or any sign of abuse or neglect", "no history or record of
# neglect", "without any suggestion that she was abused": a negation of the evidence of it.
_EVIDENCE = (
    r"(?:allegations?|signs?|evidence|suggestions?|indications?|indicators?|hints?|reports?|"
    r"records?|concerns?|suspicions?|disclosures?|history|mention)"
)
NO_EVIDENCE_OF = re.compile(
    r"\b(?:never|no|not|nor|without)\s+(?:been\s+|ever\s+)?(?:a\s+|an\s+|any\s+|the slightest\s+)?"
    + _EVIDENCE
    + r"(?:\s*(?:,|or|and|nor)\s+(?:a\s+|an\s+|any\s+)?"
    + _EVIDENCE
    + r")*(?:\s+(?:at\s+(?:this|that|the|present)(?:\s+(?:point|stage|time|moment))?|so\s+far|"
    r"as\s+yet|yet))?"
    + r"\s+(?:of|that|about|regarding|re|around|suggesting|indicating|to suggest|"
    r"to indicate)(?:\s+(?:any|possible|physical|sexual|emotional|child|he|she|they|was|were|"
    r"had|has|been|being|having|the child|her|him))*(?:\s+[\w-]+\s*(?:,|or|and|/))*\s*$"
)

# "Nobody - hospital, school, me - has any concern at all about abuse": a negative subject
# whose verb says nobody holds the concern, however long the subject ("nobody has raised
# concerns about the neglect" is not this: nobody acting on it is another matter).
NOBODY_CONCERNED = re.compile(
    r"\b(?:nobody|no one|no-one|noone|none of us|none of them)\b[^.;?!]*\b"
    r"(?:has|have|had|is|are|was|were|feels?|felt)\s+(?:ever\s+|got\s+|had\s+|been\s+)*"
    r"(?:any\s+|the\s+slightest\s+)?(?:concerns?|worries|worried|concerned|suspicions?|"
    r"suspects?|suspected|suspicious)\b(?:\s+(?:at all|whatsoever))?"
    r"(?:\s+(?:about|regarding|re|of|around|over|that|for|as to))?"
    r"(?:\s+(?:any|possible|physical|sexual|emotional|child|of|or))*"
    r"(?:\s+[\w-]+\s*(?:,|/|or|and))?\s*$"
)

# "Abuse/neglect: none suspected", "Neglect - nil", "Abuse concerns: no": a heading on the cue
# and its answer after a colon or dash.
LABEL_DENIAL = re.compile(
    r"^\s*(?:(?:/|,|or|and|&)\s*[\w-]+\s*)*(?:concerns?\s*|suspected\s*|query\s*)?"
    r"(?:\?\s*)?[:=\-\u2013]\s*(?:none|nil|n/?a|denied|ruled out|excluded|not (?:suspected|known|"
    r"raised|alleged|identified|indicated|applicable|relevant)|no(?=\s*(?:$|[.,;\n)-]|concerns?\b|evidence\b|"
    r"suspicions?\b|indications?\b|signs?\b|known\b)))\b"
)

# "No safeguarding, abuse or neglect concerns raised": one denial before a list of kinds of
# concern reaches every kind in it, the first of which is no cue.
LIST_DENIAL_BEFORE = re.compile(
    r"\b(?:no|nil|not any|never any|without any|without)\s+(?:[\w-]+\s*,\s*){1,4}"
    r"(?:[\w/-]+\s*(?:,|or|and|/)\s*)*$"
)
LIST_DENIAL_AFTER = re.compile(
    r"^(?:\s*(?:,|or|and|/)\s*[\w-]+)*\s*(?:concerns?|worries|issues|suspicions?|"
    r"allegations?|indicators?|signs?)\b"
)

# "Concerns of neglect were raised but not substantiated", "abuse: not upheld".
NOT_SUBSTANTIATED = re.compile(
    r"^\s*[,:-]?\s*(?:[\w'-]+\s+){0,6}?(?:(?:was|were|is|are|has|have|had|been|but|and)\s+)*"
    r"(?:not|never)\s+(?:been\s+)?(?:substantiated|upheld|founded|proven|proved)\b"
    r"|^\s*[,:-]?\s*(?:[\w'-]+\s+){0,6}?(?:was|were|is|are|found|but|and)\s+"
    r"(?:to\s+be\s+)?(?:unsubstantiated|unfounded|unproven)\b"
)

# "Could not rule out", "cannot exclude": a suspicion, not a denial.
SUSPICION_BEFORE = re.compile(
    r"\b(?:could not|cannot|can not|can't|couldn't|can ?n't|unable to|not able to|did not|"
    r"didn't|would not|wouldn't|have not|has not|had not|haven't|hasn't|have n't|has n't|"
    r"not)\s+(?:yet\s+)?(?:rule out|exclude|ruled out|excluded)\b"
)

SUSPICION_AFTER = re.compile(
    r"^\s*(?:\S+\s+){0,2}?(?:could not|cannot|can not|can't|couldn't|ca n't|could n't|"
    r"has not been|have not been|had not been|hasn't been|has n't been|was not|were not|is not|"
    r"are not|not|not yet|unable to be|yet to be)\s+(?:be\s+|been\s+|yet\s+)?"
    r"(?:ruled out|excluded|discounted|dismissed)\b"
)

# "If", "whether": a question or a condition, not a fact.
HYPOTHETICAL = frozenset({"if", "whether", "unless"})

WONDERING = frozenset(
    {"concern", "concerns", "concerned", "worried", "worry", "worries", "suspicion", "suspect"}
)
# "Police are investigating whether she was neglected": of abuse, a suspicion being tested;
# of anything else ("whether he died"), still a question (facts.read_mention).
INVESTIGATING = frozenset(
    {"investigating", "investigate", "investigates", "enquiring", "enquiries", "inquiring"}
)


def _verb_after(before: list[str], k: int) -> str:
    """The word after before[k] in reading order, past auxiliaries ("nobody has told")."""
    j = k - 1
    while j >= 0 and before[j] in AUXILIARIES:
        j -= 1
    return before[j] if j >= 0 else ""


def _denied_far(wide: list[str]) -> bool:
    """A clause-wide negation ("no one", "nobody", "nil") before the cue, not one whose verb
    is something else ("nobody noticed the neglect")."""
    for k, word in enumerate(wide):
        if word == "no" and k and wide[k - 1] == "one":
            word = "noone"
        if word in WIDE_NEGATIONS and _verb_after(wide, k) not in NOT_A_DENIAL_AFTER:
            if _failed_to_see(wide, k):
                continue
            return True
    return False


# "was not obvious", "were not visible": of "the neglect", it was there but not seen.
NOT_SEEN_AFTER = re.compile(
    r"^\s*(?:was|were|is|are|had been|has been)\s+(?:not|never)\s+(?:obvious|visible|apparent)\b"
)
# Words that take for granted that what follows was there: "not aware of the neglect".
DEFINITE = frozenset(_split("the his her their this that how"))
# Who may deny what they are suspected of: their denial is no evidence that it did not happen.
ACCUSED = frozenset(
    _split(
        "dad father mum mother parent parents partner partners stepfather stepmother stepdad "
        "stepmum boyfriend girlfriend carer carers uncle aunt suspect suspects man woman "
        "grandfather grandmother husband wife ex childminder babysitter lodger"
    )
)


DENY_VERBS = frozenset(_split("denies denied deny denying disputes disputed"))
SAYS = frozenset(
    _split(
        "says said tells told insists insisted claims claimed maintains maintained assured "
        "assures stated states reports reported explained explains"
    )
)
# Who may give their own account of what they are suspected of: a parent, a carer, someone
# of the household ("partners" are the safeguarding partners).
PARTIES = (ACCUSED - {"partners", "childminder"}) | frozenset(
    _split("grandma grandad granddad nan nana nanna gran grandparents mr mrs ms miss couple")
)
PRONOUNS = frozenset(_split("he she they"))
# Who speaks for an agency: a pronoun whose nearest person is one of these is no party.
PROFESSIONALS = frozenset(
    _split(
        "paediatrician paediatricians consultant consultants doctor doctors gp gps nurse nurses "
        "police officer officers pathologist surgeon registrar coroner clinician psychiatrist "
        "worker workers sw teacher teachers headteacher dsl midwife visitor hv paramedic "
        "paramedics detective inspector sergeant manager practitioner dr prof pc ds dc sgt"
    )
)
# Between a speaker and the verb: "Mum has always denied", "Mum's partner, Dean, denies".
SPEAKER_GAP = frozenset(
    _split("has have had always strongly firmly still repeatedly consistently both also now")
)
MEANT = frozenset(_split("mean meant intend intended"))
# What a party may dispute that is a professional's: "disputes the paediatrician's opinion".
FINDINGS = frozenset(_split("opinion opinions finding findings view diagnosis conclusion report"))
# How far back a party's verb is looked for: "His mother told police at interview that she
# did not think he was being neglected".
PARTY_SPAN = 24
KNEW = frozenset(_split("know knew realise realised realize realized"))
# Word sets the readers below test once a token, built once here.
NAMED_PEOPLE = PARTIES | PROFESSIONALS
NAMED_PARTIES = PARTIES | PRONOUNS
SPEECH = SAYS | DENY_VERBS
NOT_A_PARTYS_DENIAL = MEANT | KNEW | NOT_A_DENIAL
NOT_KNOWN_WHAT = frozenset(
    _split("of about any anything whether if how which what where when who is was are")
)


def _speaker(doc: Any, i: int, sent_start: int) -> str:
    """The person who says the verb at doc[i], past auxiliaries, adverbs, an age or a name
    in apposition ("Dean Walsh, 24, denies"), and what is in brackets ("Kerry Smith
    (mother) denies", "Ms Hughes (social worker) said"). A pronoun that denies stands for a
    party named in the 40 words before it; one that says, for the nearest person named."""
    j = i - 1
    floor = max(sent_start, i - 10)
    while j >= floor:
        word = doc[j].lower_
        if word == ")":  # "(mother)", "(social worker)": the person is named inside
            inside = j - 1
            while inside > floor and doc[inside].text != "(":
                inside -= 1
            named = [t.lower_ for t in doc[inside + 1 : j] if t.lower_ in NAMED_PEOPLE]
            if named:
                return str(named[-1])
            j = inside - 1
            continue
        if not (
            word in SPEAKER_GAP
            or doc[j].text in (",", "'s", "’s")
            or doc[j].like_num
            or (doc[j].text.istitle() and word not in NAMED_PEOPLE | PRONOUNS)
        ):
            break
        j -= 1
    a_name = j + 1 < i and doc[j + 1].text.istitle() and doc[j + 1].lower_ not in PRONOUNS
    if doc[i].lower_ in DENY_VERBS and a_name and (j < sent_start or doc[j].is_punct):
        return "parent"  # "Dean Walsh, 24, denies": a person named, denying, is a party
    if j < sent_start:
        return ""
    word = str(doc[j].lower_)
    if word in ("carer", "carers") and j and doc[j - 1].lower_ == "foster":
        return "foster"  # a foster carer speaks as a professional does
    if word not in PRONOUNS:
        return word
    before = doc[max(0, j - 40) : j]
    # "The consultant spoke to dad. He denies any abuse": one who denies is a party
    if doc[i].lower_ in DENY_VERBS and any(t.lower_ in PARTIES for t in before):
        return "parent"
    # one who says is the nearest person named ("the paediatrician met mum and her
    # partner; he says ..."), a party when in doubt, so that the lead is asked
    return next((str(t.lower_) for t in reversed(before) if t.lower_ in NAMED_PEOPLE), "")


def party_denies(doc: Any, start: int, sent: Any) -> bool:
    """A denial in the words of a parent or a carer ("Stepmother denies any
    maltreatment", "His mother told police she did not think he was neglected", "Mr Jones
    has always denied it"): their account, no finding that it did not happen, and no
    evidence either way. Not a professional's ("She [the GP] said there was no neglect"),
    nor the denial of an act ("Dad denies shaking him"), which answers an allegation of it
    (`_denied_before`), nor a denial of meaning it ("he never meant to hit him")."""
    between: list[str] = []  # the words from doc[i + 1] to the cue
    negated = False
    for i in range(start - 1, max(sent.start, start - PARTY_SPAN) - 1, -1):
        word = doc[i].lower_
        if word in BREAKS:
            return False
        negation = word in NEGATIONS or word == "didnt"
        # "he never meant to", "he did not know leaving her was neglect", "her partner would
        # not stop shaking him": no denial of it
        if negation and between[:1] and between[0] in NOT_A_PARTYS_DENIAL:
            return False
        negated = negated or negation
        said = word in SAYS and negated
        if not (word in DENY_VERBS or said):
            between.insert(0, word)
            continue
        # "we were told by his mother", "by the GP": the one right after "by", after a passive
        if said and between[:1] == ["by"] and doc[i - 1].lower_ in ("was", "were", "been"):
            by = [w for w in between[1:4] if w not in ("the", "his", "her", "their", "a")]
            return bool(by) and by[0] in PARTIES
        # "we had been told he was never left alone": an account given before, since
        # overtaken; "we have been told there is no sign of neglect" is what is known now
        if said and i >= 2 and doc[i - 1].lower_ == "been":
            return bool(doc[i - 2].lower_ == "had")
        # "Dad disputes the paediatrician's opinion that the injuries were inflicted": the
        # finding stands
        if word in DENY_VERBS and any(w in FINDINGS for w in between):
            return False
        if _speaker(doc, i, sent.start) in PARTIES:
            return not (doc[start].lower_.endswith("ing") and set(between) <= {"ever", "having"})
        return False
    return False


def in_a_partys_words(doc: Any, start: int, sent: Any) -> bool:
    """The words are what a parent or a carer says, a little earlier in the sentence
    ("Mother says he came off his bike and 'it was just a few stitches'"): their account of
    the harm, not a finding of how bad it was. ("They said it's fine" may be the
    clinicians', so only a named party counts.)"""
    words = [t.lower_ for t in doc[max(sent.start, start - PARTY_SPAN) : start]]
    for k in range(len(words) - 1, 0, -1):
        if words[k] in ("but", "however", "although", "though"):
            return False
        if words[k] in SPEECH and words[k - 1] in PARTIES:
            return True
    return False


# "There was no question this was neglect", "no doubt that": certainty, not a denial
# ("no question of neglect" still denies).
SURE_OF = frozenset(_split("that this it he she they whatsoever"))
NO_DOUBT = re.compile(r"\bno (?:question|doubt)\s+(?:" + "|".join(sorted(SURE_OF)) + r")\b")
RECOVER = frozenset(_split("recover recovered recovering survive survived surviving"))


# "No cause of death on the paperwork", "time of death not recorded": a death taken as given.
OF_A_DEATH = frozenset(_split("cause time date place manner circumstances"))


def _denied_before(before: list[str]) -> bool:
    """A negation word in the clause before the cue, nearest first, whose scope reaches it."""
    for k, word in enumerate(before):
        if word not in NEGATIONS:
            continue
        # the word after the negation, in reading order, is before[k - 1]
        following = before[k - 1] if k else ""
        # "no known concerns" denies; "not known to services" does not.
        if word == "no" and following == "known":
            return True
        if word in ("no", "not", "n't", "never") and following in NOT_A_DENIAL:
            continue
        # "not aware of the neglect" knows it was there; "not aware of any abuse" denies it
        if (
            word in ("not", "n't", "never")
            and following in ("aware", "knew", "know")
            and k >= 3
            and before[k - 2] in ("of", "about")
            and before[k - 3] in DEFINITE
        ):
            continue
        # "nothing was done about the neglect" (not "nothing recorded re abuse")
        if word == "nothing" and _verb_after(before, k) == "done":
            continue
        if word in WIDE_NEGATIONS | {"nobody"} and (
            _verb_after(before, k) in NOT_A_DENIAL or _failed_to_see(before, k)
        ):
            continue
        # "Dad denies shaking him": the one suspected denies an act, not that harm was done
        # ("Mum denies any abuse" still denies)
        if (
            word in ("denies", "denied", "deny", "denying")
            and k + 1 < len(before)
            and before[k + 1] in ACCUSED
            and (k == 0 or following.endswith("ing") or set(before[:k]) <= {"ever", "having"})
        ):
            continue
        # "unlikely to recover from the abusive head trauma", "did not survive her injuries":
        # what a child does not recover from or survive was there
        if any(w in RECOVER for w in before[max(0, k - 3) : k]):
            continue
        # "he never meant to hit him so hard", "she didn't mean to burn her": an admission
        if any(w in MEANT for w in before[max(0, k - 2) : k]):
            continue
        # "he did not know leaving her alone was neglect": what he did not know was so
        # ("not know of any abuse", "not know whether" still deny or doubt)
        if following in KNEW and k >= 2 and before[k - 2] not in NOT_KNOWN_WHAT:
            continue
        # "there was no question this was neglect": no doubt of it ("no question of neglect"
        # still denies)
        if (
            word == "no"
            and following in ("question", "doubt")
            and k >= 2
            and before[k - 2] in SURE_OF
        ):
            continue
        # "Father absent and mother neglectful": a person away, not a cue denied
        if word == "absent" and k + 1 < len(before) and before[k + 1] in NAMED_PARTIES:
            continue
        # "excluded from school": a sanction, not a cue ruled out
        if word == "excluded" and following == "from":
            continue
        if word == "without" and k >= 2:  # "without a visit": not the cue's own denial
            continue
        return True
    return False


# Whether harm happened at all is hedged only by doubt about the harm itself: "unexplained
# fractures" and "suspected abuse" doubt the cause, and the fractures are still there.
HARM_HEDGES = HEDGES - {
    "unexplained",
    "suspected",
    "suspect",
    "suspicion",
    "suspicions",
    "alleged",
    "allegedly",
    "allegation",
    "allegations",
    "concern",
    "concerns",
    "query",
    "queried",
    "worried",
    "worry",
}


def _polarity(
    doc: Any,
    start: int,
    end: int,
    sent: Any,
    hedges: frozenset[str] = HEDGES,
    cues: frozenset[int] = frozenset(),
) -> tuple[bool, bool]:
    """(negated, hedged) for the cue at doc[start:end] in its sentence."""
    # "No cause of death on the paperwork", "time of death not known": the death is given
    if (
        doc[end - 1].lower_ in ("death", "deaths")
        and start >= 2
        and doc[start - 1].lower_ == "of"
        and doc[start - 2].lower_ in OF_A_DEATH
    ):
        return False, False
    before = _preceding(doc, start, sent.start, cues)
    window_text = " ".join(reversed(before))
    # "NAI and neglect not suspected", "abuse or neglect were both ruled out": a denial after a
    # list of cues reaches every item, so the words after the list are read for each.
    end = _past_the_list(doc, end, sent.end, cues)
    after = doc[end : min(sent.end, end + 8)].text.lower()
    # "The paediatrician could not rule out abuse"; "neglect cannot be excluded".
    # (read on the words as written too: "haven't yet excluded NAI", where "yet" ends the
    # clause the window reads)
    near = doc[max(sent.start, start - 6) : start].text.lower()
    if SUSPICION_BEFORE.search(window_text) or SUSPICION_BEFORE.search(near):
        return False, True
    if SUSPICION_AFTER.match(after):
        return False, True
    negated = any(p in window_text for p in NEGATION_PHRASES) and not NO_DOUBT.search(window_text)
    # A cue that is itself a negative ("not followed up") is not undone by a bare "not" or
    # "without" nearby ("closed without a visit and not followed up"), only by a denial.
    if not any(t.lower_ in NEGATIONS for t in doc[start:end]):
        negated = (
            negated
            or _denied_before(before)
            or _denied_far(_preceding(doc, start, sent.start, cues, WIDE_WINDOW))
        )
    if POST_DENIALS.match(after[: len(doc[end : min(sent.end, end + 5)].text)]):
        # "the neglect was not obvious to the school" knows it was there; "neglect was not
        # apparent" denies it
        told = start > 0 and doc[start - 1].lower_ in DEFINITE
        if not (told and NOT_SEEN_AFTER.match(after)):
            negated = True
    if POST_DENIAL_FAR.match(doc[end : min(sent.end, end + 14)].text.lower()):
        negated = True
    if NOT_SUBSTANTIATED.match(doc[end : min(sent.end, end + 12)].text.lower()):
        negated = True
    earlier_text = doc[max(sent.start, start - 30) : start].text.lower()
    if (
        NOTHING_SUGGESTS.search(earlier_text)
        or NOBODY_CONCERNED.search(earlier_text)
        or NO_EVIDENCE_OF.search(earlier_text)
    ):
        negated = True
    if doc[start:end].text.lower() in WORRY_VERBS and NOTHING_WORRIES.search(earlier_text):
        negated = True
    if LABEL_DENIAL.match(doc[end : min(sent.end, end + 10)].text.lower()):
        negated = True
    if LIST_DENIAL_BEFORE.search(earlier_text) and LIST_DENIAL_AFTER.match(
        doc[end : min(sent.end, end + 8)].text.lower()
    ):
        negated = True
    # "Abuse was not suspected at first": a denial that no longer holds, so suspected now.
    if negated and re.search(r"\b(at first|initially|originally)\b", after):
        return False, True
    # "Likely long-term impairment of health or development" is the statute's own wording.
    cue = doc[start:end].text.lower()
    if (
        "impairment" in cue
        or "long-term" in cue
        or "lasting" in cue
        or LIKELY_LASTING.search(after)
    ):
        hedges = hedges - {"likely", "probable", "probably"}
    # "... and could not explain it": "could not" is no doubt about the fact.
    following: list[Any] = []
    for t in doc[end : min(sent.end, end + 3)]:
        if t.lower_ in BREAKS:
            break
        following.append(t)
    hedged = _clause_has(before, hedges) or any(
        t.lower_ in hedges and (t.i + 1 >= len(doc) or doc[t.i + 1].lower_ not in ("not", "n't"))
        for t in following
    )
    return negated, hedged


LIST_JOINS = frozenset({",", "and", "or", "/", "nor", "&"})


def _past_the_list(doc: Any, end: int, sent_end: int, cues: frozenset[int]) -> int:
    """Where a list of cues that starts at this one ends ("NAI, neglect and FII"): the end of
    its last item, or `end` if none follows. A list is read for LIST_SPAN tokens at most, so
    a text of one cue repeated thousands of times takes no longer per cue than a list does."""
    j = end
    limit = min(sent_end, end + LIST_SPAN)
    while j + 1 < limit and doc[j].lower_ in LIST_JOINS and j + 1 in cues:
        j += 1
        while j < limit and j in cues:
            j += 1
    return j


# "Harm that is likely to be long-term": the likelihood is of lasting, not of the harm.
LIKELY_LASTING = re.compile(
    r"\blikely to (?:be|have|cause|result in|leave)\s+(?:a\s+)?(?:long[- ]term|lasting|"
    r"permanent|life-?long|long-lasting|serious)"
)


# What a question about an injury's cause asks: "whether the fractures are accidental",
# "whether the fall caused the fracture".
CAUSES = frozenset(
    _split(
        "accidental accident accidentally inflicted deliberate deliberately caused cause "
        "non-accidental nai intentional intentionally self-inflicted consistent"
    )
)
# What joins an injury to its cause in such a question: "the fractures were accidental".
CAUSE_VERBS = frozenset(_split("was were is are could might may had has been be"))


def _asks_the_cause(doc: Any, start: int, end: int, sent: Any) -> bool:
    """ "Unsure whether the fractures are accidental", "whether the fall caused the
    fracture": the question is the cause, and the fractures are still there; not "never
    established whether there is a fracture" nor "whether he had a fracture from the fall",
    which ask whether there is one."""
    before = _preceding(doc, start, sent.start)
    if "whether" not in before:
        return False
    asked = before[: before.index("whether")]  # from the cue back to "whether"
    if any(w in CAUSES for w in asked):
        return True
    after = [t.lower_ for t in doc[end : min(sent.end, end + 5)]]
    return bool(after) and after[0] in CAUSE_VERBS and any(w in CAUSES for w in after[1:])


def _hypothetical(doc: Any, start: int, sent: Any) -> str:
    """ "If he was abused", "whether neglect played a part": "" when it is no condition or
    question, "hedged" when someone is worried whether it is so, "investigated" when someone
    is looking into whether it is, "skip" otherwise."""
    before = _preceding(doc, start, sent.start, window=WIDE_WINDOW)
    for k, word in enumerate(before):
        if word in HYPOTHETICAL:
            earlier = before[k + 1 :]
            if any(w in WONDERING for w in earlier):
                return "hedged"
            return "investigated" if any(w in INVESTIGATING for w in earlier) else "skip"
    # "If it turns out his dad let him ride without a helmet, would that count as neglect?":
    # a question about a condition set earlier in the sentence.
    if doc[sent.end - 1].text.endswith("?") and any(
        t.lower_ in HYPOTHETICAL for t in doc[max(sent.start, start - 40) : start]
    ):
        return "skip"
    return ""


UNSURE = (
    "not sure",
    "unsure",
    "not certain",
    "uncertain",
    "don't know",
    "do not know",
    "not known whether",
    "unclear whether",
    "no idea",
    "can't remember",
    "ca n't remember",
    "cannot remember",
    "can not remember",
    "don't remember",
    "do n't remember",
    "can't recall",
    "ca n't recall",
    "cannot recall",
    "not clear whether",
    "do n't know",
    # "I'm not saying anybody hurt him": the writer will not say either way
    "not saying",
    "n't saying",
    "not suggesting",
    "n't suggesting",
    "not accusing",
    "n't accusing",
    "not claiming",
)


def _unsure(doc: Any, start: int, sent: Any) -> bool:
    """ "We are not sure whether abuse was involved": neither yes nor no, so the advice asks."""
    window = " ".join(reversed(_preceding(doc, start, sent.start)))
    if any(phrase in window for phrase in UNSURE):
        return True
    return bool(NO_VIEW.search(doc[max(sent.start, start - 8) : start].text.lower()))


# Nobody has said either way: "no view documented on NAI", "no opinion recorded yet on
# neglect", "no information about abuse".
NO_VIEW = re.compile(
    r"\bno\s+(?:view|views|opinion|opinions|comment|decision|conclusion|information|info)\b"
    r"[^,;.:]*$"
)
