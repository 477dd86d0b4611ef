"""The words the working-together reading is made of: failings, what agencies do together,
agencies and family, denials, praise, hedges. Data: a phrase is added in one line here."""

from __future__ import annotations


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
    """not n't nt never no nobody none neither failed fail fails failure failures failing failings
    lack lacking lacked gap gaps breakdown confusion confused shortcomings shortcoming weakness
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
    # nothing on record that it happened: "nothing to say this reached CSC"
    "nothing to say",
    "nothing to show",
    "nothing on file",
    "no record that",
    "no record of",
    "no sign that",
    "no trace of",
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
    emails letters returned answered action strat strats speaking talking visit visited
    visiting loop rang phoned"""
)

TOGETHER_PHRASES = (
    "joined - up",
    "joined up",
    "multi - agency",
    "inter - agency",
    "interagency",
    "following up",
    # what reaches whom, in plain words: "it never came through to us", "nobody picked it up"
    "came through",
    "come through",
    "coming through",
    "got through",
    "made it to",
    "made it through",
    "picked it up",
    "picked this up",
    "picked that up",
    "picked up on",
    "pick it up",
    "pick this up",
    "pick up on",
    "followed it up",
    "follow it up",
    "heard back",
    "heard nothing",
    "heard a thing",
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
    "closed without anyone",
    "closed without a visit",
    "closed without visiting",
    "closed without seeing",
    "closed without being seen",
    "closed with no visit",
    "never heard back",
    "heard nothing back",
    "never got back",
    "nobody got back",
    "no one got back",
    "out of the loop",
    "kept in the dark",
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
    # terse notes: "HV flagged it but nothing done", "MASH closed it", "closed without a visit"
    "nothing done",
    "nothing was done",
    "and nothing happened",
    "but nothing happened",
    # "police have been round six times and nothing ever comes of it"
    "nothing ever comes of it",
    "nothing comes of it",
    "nothing came of it",
    "nothing ever came of it",
    "nothing has come of it",
    "nothing ever happens",
    "nothing ever gets done",
    "and did nothing",
    "but did nothing",
    "n did nothing",
    "did nothing about",
    "did nothing with",
    "have done nothing",
    "has done nothing",
    "nothing came of it",
    "nothing came of that",
    "no action taken",
    "no action was taken",
    "closed it",
    "closed without",
    "closed the referral",
    "closed the contact",
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
# about agencies; "the police were not told" is. "Partners" are the safeguarding partners;
# one "partner" is somebody's ("mother's partner").
AGENCIES = _words(
    """agency agencies professional professionals practitioner practitioners partners
    services service police school schools gp gps health midwife midwifery maternity
    hospital camhs nursery probation yot housing education council authority authorities nhs
    paediatrician paediatricians doctor doctors nurse nurses surgery team unit ambulance
    counsellor teacher teachers officer officers clinic ward visitor visitors hv hvs sw sws
    csc cait mash yos yot dsl paed paeds"""
)

FAMILY = _words(
    """mother father mum dad parent parents carer carers stepfather stepmother boyfriend
    girlfriend family grandmother grandfather grandparents uncle aunt he she they child boy
    girl baby"""
)

AGENCY_PHRASES = ("social care", "social worker", "social workers", "youth offending")

# Words that make the clause about working together even with no agency named.
TOPIC = _words(
    """together joint jointly partnership agency agencies professionals partners
    interagency information communication coordination liaison strategy conference mash
    interface strat strats"""
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
    "no prior contact",
    "no previous contact",
    "no prior involvement",
    "not previously known",
    "never been known to",
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
    "in the loop",
    "same day",
    "same-day",
    "real time",
    "within the hour",
    "within hours",
    "straight away",
    "right away",
    "immediately",
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

NEGATIONS = frozenset(["not", "n't", "nt", "never", "nobody", "no"])

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
