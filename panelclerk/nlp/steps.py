"""Harm told by what was done about it: a step of child protection taken for the child (a
child protection medical, a skeletal survey, a strategy discussion, a referral to children's
social care), which is taken only when harm is suspected, and what shows that a step found
nothing, is routine, is someone else's or was taken before; and the signs read with them
(a forced marriage, illness induced by a carer, a carer's cigarette in the child's words, a
hand over a baby's face, an injury not in keeping with the fall described).

The cues themselves are in `cues.PATTERNS`; this module says when one is no suspicion here
(`misread_step`, `misread_sign`) and which of them a negation drops rather than turns into
a denial (`dropped_when_negated`: "no strategy discussion was held" denies nothing).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from .cues import FORCED_MARRIAGE, QUOTE_MARKS, SMOKES

# A step of child protection, as the cues in `cues` find one: "CP medical", "child
# protection paediatrician", "skeletal survey", "strategy discussion", "rang MASH",
# "referral to children's social care", "referred to the front door", "MASH referral made"
# (and no older cue: "CP plan", "child protection plan" are read as they were).
STEP = re.compile(
    r"(?:cp|c\.p\.)\s+(?:medicals?|examination|exam|paediatricians?|paeds|paed|referral|enquiry|"
    r"enquiries)$|child\s+protection\s+(?:medicals?|examination|exam|assessment|paediatricians?|"
    r"paeds|paed|team|referral|consultant|doctor|investigation|enquiry|enquiries)$|skeletal\s+"
    r"surveys?$|(?:strategy|strat)\s+(?:discussions?|meetings?|disc|mtg)$|(?:referred|referral|"
    r"rang|rung|phoned|called)\b.*\b(?:mash|csc|social\s+(?:care|services|"
    r"work)|children\s?['’]?s\s+services)$|(?:referred|referral)\b.*\bfront\s+door\b|"
    r"(?:mash|csc)\s+referrals?\s+\w+$"
)

# What settles a step as no harm, anywhere after it: "CP referral withdrawn", "strategy
# discussion concluded, no further action", "NAI excluded", "injury entirely consistent
# with the account", "not in a position to say whether abuse is suspected". (Each is read
# after `_NEGATED_BEFORE`: "not entirely consistent with the account" settles nothing.)
SETTLED = re.compile(
    r"\b(?:nfa|no\s+further\s+action|no\s+(?:safeguarding|cp|child\s+protection)\s+concerns?|"
    r"(?:nai|abuse|neglect|non-accidental\s+injury|inflicted\s+injury|harm)\s+(?:was\s+|is\s+|"
    r"has\s+been\s+)?(?:excluded|ruled\s+out|not\s+suspected)|(?:excluded|ruled\s+out)\s+"
    r"(?:nai|abuse|neglect)|(?:referral|concerns?|allegations?|s47|enquiry|enquiries)\s+(?:was\s+|"
    r"were\s+|has\s+been\s+)?(?:withdrawn|unfounded|unsubstantiated|closed)|stood\s+down|"
    r"no\s+(?:abuse|neglect|nai|third[-\s]party)|not\s+(?:a\s+safeguarding|abuse|neglect|nai|"
    r"inflicted|non-accidental)|not\s+(?:felt|thought|considered|believed|judged)\s+to\s+be\s+"
    r"(?:inflicted|non-accidental|deliberate|abuse)|concluded\s+(?:that\s+)?(?:there\s+(?:was|were)\s+)?"
    r"no\b|malicious\s+(?:referrals?|allegations?|reports?|claims?)|found\s+to\s+be\s+malicious|"
    r"(?:consistent|in\s+keeping|in\s+line)\s+with\s+(?:the\s+|his\s+|her\s+|their\s+|an?\s+|"
    r"mum's\s+|dad's\s+)?(?:\w+\s+)?(?:account|explanation|history|story|fall|accident|play)|"
    r"(?:satisfied|confirmed|concluded|agreed|accepted|found)\s+(?:that\s+)?(?:it\s+|this\s+)?"
    r"(?:was\s+)?(?:an?\s+|as\s+an?\s+)?(?:genuine\s+|tragic\s+)?accident(?:al)?|"
    r"no\s+further\s+(?:action|involvement)|single[-\s]agency|no\s+crime|closed\s+it|natural\s+"
    r"causes|"
    r"closed\s+the\s+(?:referral|case|"
    r"enquiry|s47)|(?:fully\s+)?explained\s+by\s+(?:the\s+|an?\s+|her\s+|his\s+)?(?:\w+\s+){0,2}?"
    r"(?:diagnosis|condition|disease|disorder|illness|event|birth|delivery)|(?:not|nothing|no)\s+suspicious|"
    r"(?:satisfied|agreed|content|happy)\s+with\s+(?:the\s+)?(?:[\w'’]+\s+){0,2}?(?:account|"
    r"explanation|history|story)|not\s+(?:considered\s+|deemed\s+|thought\s+)?(?:a\s+)?"
    r"(?:child\s+protection|safeguarding|cp)\s+(?:matter|issue|case|concern)|(?:concluded|found|"
    r"confirmed)\s+(?:\w+\s+){0,4}?self[-\s]?harm|"
    r"(?:not\s+in\s+a\s+position|too\s+early)\s+to\s+say\s+whether\s+(?:abuse|neglect|it|"
    r"this|the\s+injur\w*)|happy\s+(?:to\s+discharge|for\s+(?:him|her|them)\s+to\s+go))",
    re.IGNORECASE,
)
# What ends a step in nothing, said just after it: "skeletal survey normal", "CP medical:
# skeletal survey, CT head and bloods all normal", "strat mtg - nothing to worry about".
FOUND_NOTHING = re.compile(
    r"\b(?:normal|nad|negative|unremarkable|unnecessary|nil\s+of\s+note|no\s+worries|"
    r"(?:not|(?:was|is|were)n['’]?t)\s+(?:thought|felt|deemed|considered)\s+(?:necessary|needed|"
    r"required)|(?<!non-)(?<!not\s)accidental|mechanism\s+fits|"
    r"nothing\s+recorded|not\s+(?:suggestive|indicative)|no\s+(?:concerns?|abnormalit\w*|"
    r"(?:(?:further|new|other|acute|healing|old|bony|rib|skull)\s+(?:or\s+\w+\s+)?)?(?:fractures?|"
    r"injur\w*|bleeds?)|(?:other\s+)?(?:signs?|evidence|findings|marks))|not\s+(?:indicated|needed|required|necessary|warranted)|nothing\s+(?:of\s+note|"
    r"to\s+suggest|to\s+worry|untoward|suspicious|abnormal|found)|reassur\w*)\b",
    re.IGNORECASE,
)
# The same in a word that has other senses, read only just after the step: "skeletal survey
# clear", "CP medical: all fine" (not "dad OK with this", "clear they're worried").
FOUND_NOTHING_JUST_AFTER = re.compile(
    r"^(?:\W*\w+){0,4}?\W*(?<!not\s)(?<!n't\s)(?:all\s+)?(?:clear|ok|okay|fine)\b"
    r"(?!\s+(?:with|that|about|they|to|evidence))",
    re.IGNORECASE,
)
# Tokens after a step within which what it found is said, in its sentence or in one that
# gives its result ("Skeletal survey requested. Results: no fractures seen").
FOUND_SPAN = 12
RESULT_WORDS = frozenset({"result", "results", "outcome", "findings", "report", "conclusion"})
# A step done for every such case, or not reached: "as per the SUDI protocol", "as standard
# for sudden unexpected death in infancy", "informed as per procedure for all child
# deaths", "did not meet the threshold".
ROUTINE = re.compile(
    r"\b(?:sudi|sudic|sudc|sudden\s+unexpected\s+deaths?|protocol|procedure|as\s+standard|"
    r"standard\s+practice|routine\w*|as\s+per\s+(?:the\s+)?(?:sudi\w*|protocol|procedure|policy)|"
    r"polic(?:y|ies)|training|awareness|across\s+the\s+(?:county|borough|area|city|country)|"
    r"for\s+(?:all|every|any)\s+(?:child|infant|baby|"
    r"sudden)|post[-\s]?mortem|pm\s*(?:\+|and|&)?\s*skeletal|because\s+of\s+(?:her|his|their)\s+"
    r"age|below\s+(?:the\s+)?threshold)\b|(?:\bnot|\bnever|n['’]t)\s+(?:meet|met|reach\w*)\s+"
    r"(?:the\s+)?threshold\b",
    re.IGNORECASE,
)
# Abuse denied in the step's own sentence: "Abuse and neglect were considered by the
# strategy meeting and excluded".
DENIED_BESIDE = re.compile(
    r"\b(?:abuse|neglect|nai|non-accidental\s+injury)\b[^.;]{0,80}\b(?:excluded|ruled\s+out|not\s+"
    r"(?:suspected|found|substantiated))|\bno\s+(?:abuse|neglect|nai)\b",
    re.IGNORECASE,
)
# A step taken before, just before it: "a previous CP medical", "prior strategy meeting".
EARLIER = frozenset({"previous", "previously", "prior", "historic", "historical", "earlier"})
BEFORE_IN_SENTENCE = re.compile(
    r"\b(?:last\s+year|years?\s+ago|as\s+a\s+(?:baby|toddler|infant)|when\s+(?:he|she|they)\s+"
    r"(?:was|were)\s+(?:\d+|a\s+child|little|young))\b",
    re.IGNORECASE,
)
# Only thought of, just before it: "consider a CP medical", "?strategy discussion".
THOUGHT_OF = frozenset({"consider", "considering", "?", "query"})
# A job, not a step: "mum works in the child protection team" (and "mum is a child
# protection paediatrician", "Mum, a child protection doctor": `AS_A`, of the steps that are
# people).
JOBS = frozenset({"works", "worked"})
AS_A = frozenset({"is", "was", "as", "are", "were", "became", ","})
PEOPLE_STEPS = ("paediatrician", "paediatricians", "doctor", "consultant", "team")
# A step about another child: "the Op Encompass notification was about another pupil", "an
# FMPO for her cousin".
ANOTHER_CHILD = re.compile(
    r"\b(?:another|different|wrong)\s+(?:pupil|child|student|family|boy|girl|baby)\b|\bfor\s+"
    r"(?:her|his|their)\s+(?:older\s+|younger\s+|big\s+|little\s+|adult\s+)?(?:cousin|sister|"
    r"brother|aunt|friend|sibling)\b",
    re.IGNORECASE,
)
# A death, after which a young child's skeletal survey is routine.
AFTER_A_DEATH = re.compile(
    r"\b(?:died|dead|death|deceased|passed\s+away|post[-\s]?mortem|autopsy|life\s+extinct)\b",
    re.IGNORECASE,
)
# CP as cerebral palsy: "known to the CP team for her cerebral palsy".
CEREBRAL_PALSY = re.compile(
    r"cerebral\s+palsy|\b(?:her|his|their|has|with)\s+cp\b(?!\s+(?:medical|paed\w*|referral|exam\w*|"
    r"consultant|enquir\w*))|\bcp\b[^.]{0,40}\b(?:quadriplegic|diplegic|"
    r"hemiplegic|spastic|gmfcs|wheelchair|physio\w*)",
    re.IGNORECASE,
)
# The strategy of something else: "feeding strategy discussion", "a strategy meeting at
# work". A strategy discussion of child protection has the police, social care or a harm
# beside it, and no strategy of care or of work (`CARE_NOT_PROTECTION`,
# `OTHER_STRATEGIES`).
STRATEGY_CONTEXT = re.compile(
    r"\b(?:s\.?47|section\s+47|safeguarding|child\s+protection|cp|nai|injur\w*|fractur\w*|"
    r"bruis\w*|burns?|harm\w*|abuse\w*|neglect\w*|cait|lado|disclos\w*|assault\w*|picu|icu|"
    r"itu|intensive\s+care|subdural|bleed\w*|unexplained|inflicted|csc|social\s+care|mash|"
    r"domestic|dv|police|sio)\b",
    re.IGNORECASE,
)
# A strategy meeting of care or of work, said beside it: "the palliative care team held a
# strategy meeting about end of life care", "dad was in a strategy meeting at work".
CARE_NOT_PROTECTION = re.compile(
    r"\b(?:palliative|end\s+of\s+life|hospice|at\s+work|his\s+work|her\s+work|flood\w*|traffic|"
    r"storm|weather)\b",
    re.IGNORECASE,
)
# Strategies of care, not of child protection: "ventilation strategy discussion", "feeding
# strategy meeting", "orthopaedic strategy meeting re the fracture".
OTHER_STRATEGIES = frozenset(
    {
        "ventilation",
        "ventilatory",
        "feeding",
        "weaning",
        "pain",
        "orthopaedic",
        "surgical",
        "treatment",
        "management",
        "discharge",
        "behaviour",
        "communication",
        "sleep",
        "reduction",
        "prevention",
        "marketing",
        "business",
        "exit",
        "transition",
        "medical",
        "nursing",
        "rehabilitation",
        "rehab",
        "education",
        "learning",
        "flood",
        "traffic",
        "neurosurgical",
        "cardiac",
        "respiratory",
        "oncology",
        "anaesthetic",
        "clinical",
        "therapeutic",
        "nutritional",
        "seizure",
        "epilepsy",
        "asthma",
        "diabetes",
    }
)
# A referral for what is no harm: "for a disability assessment", "a young carer's
# assessment", "bereavement support", "for background checks".
NOT_FOR_HARM = re.compile(
    r"\b(?:disabilit\w*|short\s+breaks?|respite|young\s+carer|bereave\w*|housing|homeless\w*|"
    r"asylum|unaccompanied|private(?:ly)?\s+fostering|kinship|special\s+guardianship|ehcp|"
    r"no\s+trace|(?:background|police|pnc|routine)\s+checks?|to\s+(?:let\s+them\s+know|inform|tell|"
    r"notify)|nosebleed|"
    r"early\s+help|child\s+in\s+need|cin\b|financial|benefits?|section\s+17|s\.?17|"
    r"overcrowd\w*|home\s+office|nappies|(?:for|needs?)\s+a\s+cot|equipment|adaptations?|blue\s+badge|carer['’]?s\s+"
    r"assessment|complaint|funeral|as\s+required|(?:any|every)\s+child\s+(?:dies|death)|"
    r"by\s+mistake|in\s+error|for\s+(?:\w+\s+){0,3}?support|end\s+of\s+life|palliative|to\s+ask|help\s+with|transport|complain\w*|off\s+work|childcare|"
    r"mind\s+the\s+kids|look\s+after\s+the\s+(?:kids|children)|discharge\s+plan|looked\s+after\s+"
    r"child)\b",
    re.IGNORECASE,
)
# A child referred on arrival in the country: "an unaccompanied asylum-seeking child,
# referred to children's services by the Home Office".
NEWLY_ARRIVED = re.compile(r"\b(?:unaccompanied|uasc|home\s+office)\b", re.IGNORECASE)
# An illness found to explain what was seen, which the steps are there to tell from harm: a
# diagnosis given, not one being ruled out ("to rule out a bleeding disorder").
MIMIC = (
    r"(?:osteogenesis\s+imperfecta|brittle\s+bones?|ha?emophilia|von\s+willebrand|bleeding\s+"
    r"disorder|clotting\s+disorder|glutaric\s+aciduria|lichen\s+sclerosus|rickets|ehlers|"
    r"mongolian\s+(?:spots?|blue)|dermal\s+melanocytosis|birth\s*marks?|impetigo|\bitp\b|"
    r"thrombocytopenia|leuka?em\w*|skeletal\s+dysplasia|achondroplasia|scurvy|menkes|"
    r"birth[-\s](?:related|trauma|injury)|obstetric|shoulder\s+dystocia|histiocytosis|"
    r"langerhans|osteosarcoma|tumou?rs?|cancer|neuroblastoma|long\s+qt)"
)
DIAGNOSED = re.compile(
    r"\b(?:confirm\w*|diagnos\w*|dx|explained\s+by|due\s+to|caused\s+by|consistent\s+with|"
    r"known|has|had|shows?|showed|found|is|are|was|were|for)\W+"
    r"(?:\w+\W+){0,5}?"
    + MIMIC
    + r"|"
    + MIMIC
    + r"\W+(?:\w+\W+){0,3}?(?:confirmed|diagnosed|found)|(?:can|may|could)\s+mimic",
    re.IGNORECASE,
)
# A diagnosis only thought of, just before it: "to rule out a bleeding disorder", "query
# OI", "for possible haemophilia".
NOT_DIAGNOSED = re.compile(
    r"rule\s+out|exclud\w*|query|\?|possible|suspected|\bno\b", re.IGNORECASE
)
_NEGATED_BEFORE = frozenset({"not", "n't", "n’t", "never", "no", "nt"})
_ONCE = "panelclerk.steps"
SETTLED_SPAN = 400  # tokens after a step within which a settlement of it is read
NEAR = 30  # tokens either side of a step within which its sentence is read
DIAGNOSED_SPAN = 150  # tokens after a step within which a diagnosis that explains it is read


def is_step(said: str) -> bool:
    return STEP.match(said) is not None


def dropped_when_negated(said: str) -> bool:
    """Signs that are only ever affirmed: a negation drops them ("no strategy discussion was
    held", "not being forced to marry", "the court did not grant the FMPO", "the illness was
    not fabricated by the mother"), since it answers the sign, not whether the child was
    harmed."""
    return is_step(said) or said in FORCED_MARRIAGE or FII_BY.search(said) is not None


def _settled_after(doc: Any, start: int, end: int) -> bool:
    """A settlement said after the step, within `SETTLED_SPAN` tokens (not negated: "not
    entirely consistent with")."""
    return _any_within(_read_once(doc)["settled"], start, end + SETTLED_SPAN)


def _any_within(at: list[int], low: int, high: int) -> bool:
    """Whether any of the sorted token indices `at` lies in [low, high)."""
    i = bisect_left(at, low)
    return i < len(at) and at[i] < high


def _read_once(doc: Any) -> dict[str, Any]:
    """What is read of the whole text, once for it however many steps it names (a pasted
    100,000 characters of "CP medical today" named 5,500 and read the text for each)."""
    found: dict[str, Any] | None = doc.user_data.get(_ONCE)
    if found is None:
        text = doc.text

        def negated(at: int) -> bool:
            before = text[max(0, at - 24) : at].lower().split()[-3:]
            return any(w in _NEGATED_BEFORE or w.endswith(("n't", "n’t")) for w in before)

        def only_thought_of(at: int) -> bool:
            return NOT_DIAGNOSED.search(text[max(0, at - 25) : at]) is not None

        found = {
            "settled": _token_starts(doc, SETTLED, text, negated),
            "diagnosed": _token_starts(doc, DIAGNOSED, text, only_thought_of),
            "cerebral palsy": CEREBRAL_PALSY.search(text) is not None,
            "a mark": A_MARK.search(text) is not None,
        }
        doc.user_data[_ONCE] = found
    return found


def _token_starts(
    doc: Any, pattern: re.Pattern[str], text: str, left_out: Callable[[int], bool]
) -> list[int]:
    """The index of the token where each match of `pattern` in the text starts, in order,
    but those `left_out` says of the match's first character."""
    return [
        doc.char_span(match.start(), match.end(), alignment_mode="expand").start
        for match in pattern.finditer(text)
        if not left_out(match.start())
    ]


def _near(doc: Any, sent: Any, start: int, end: int, span: int = NEAR) -> str:
    """The words of the sentence within `span` of the match: a pasted text with no full
    stop is one sentence, and reading all of it at each match was quadratic."""
    return doc[max(sent.start, start - span) : min(sent.end, end + span)].text  # type: ignore[no-any-return]


def misread_step(doc: Any, start: int, end: int, sentence: Callable[[int], Any]) -> bool:
    """A step of child protection that is no suspicion of harm now: it found nothing, is
    routine or below the threshold, was taken before, is only thought of, is a job or
    another child's, is another strategy than child protection's, is a referral for support,
    or looked at what a diagnosed illness explains."""
    said = doc[start:end].text.lower()
    sent = sentence(start)
    found_in = min(sent.end, end + FOUND_SPAN)
    if sent.end < len(doc) and doc[sent.end].lower_ in RESULT_WORDS:
        found_in = min(sentence(sent.end).end, end + 2 * FOUND_SPAN)
    if FOUND_NOTHING.search(doc[end:found_in].text):
        return True
    if FOUND_NOTHING_JUST_AFTER.search(doc[end : min(sent.end, end + 5)].text):
        return True
    near = _near(doc, sent, start, end)
    if ROUTINE.search(near) or BEFORE_IN_SENTENCE.search(near) or DENIED_BESIDE.search(near):
        return True
    before = {t.lower_ for t in doc[max(sent.start, start - 5) : start]}
    just_before = {t.lower_ for t in doc[max(0, start - 2) : start]}
    if before & (EARLIER | JOBS) or just_before & THOUGHT_OF:
        return True
    if ANOTHER_CHILD.search(near):
        return True
    if said.startswith(("cp", "c.p.")) and _read_once(doc)["cerebral palsy"]:
        return True
    # a skeletal survey after a young child's death is part of every post-mortem
    if said.startswith("skeletal") and AFTER_A_DEATH.search(
        doc[max(0, start - 2 * NEAR) : end + NEAR].text
    ):
        return True
    if said.startswith("strat"):
        if (start and doc[start - 1].lower_ in OTHER_STRATEGIES) or CARE_NOT_PROTECTION.search(
            near
        ):
            return True
        after = sentence(sent.end) if sent.end < len(doc) else sent
        around = doc[max(sent.start, start - NEAR) : min(after.end, end + 2 * NEAR)].text
        if not STRATEGY_CONTEXT.search(around):
            return True
    if not said.startswith(("cp", "c.p.", "child", "skeletal", "strat")) and (
        NOT_FOR_HARM.search(doc[end : min(sent.end, end + 20)].text) or NEWLY_ARRIVED.search(near)
    ):
        return True
    # "mum is a child protection paediatrician", "Mum, a child protection doctor": a job
    if (
        said.endswith(PEOPLE_STEPS)
        and start >= 2
        and doc[start - 1].lower_ in ("a", "an")
        and doc[start - 2].lower_ in AS_A
    ):
        return True
    return _settled_after(doc, start, end) or _diagnosed_near(doc, sent, start, end)


def _diagnosed_near(doc: Any, sent: Any, start: int, end: int) -> bool:
    """An illness that mimics harm diagnosed in the match's sentence or within
    `DIAGNOSED_SPAN` tokens after it (not "to rule out a bleeding disorder")."""
    return _any_within(
        _read_once(doc)["diagnosed"], max(sent.start, start - NEAR), end + DIAGNOSED_SPAN
    )


# A mark on the child, beside a carer's cigarette in the child's words: "round burns ...
# 'daddy's fag did it'" (not "he said 'daddy's cigs'" of a Father's Day present).
A_MARK = re.compile(
    r"\b(?:burn\w*|marks?|blister\w*|scars?|scarring|wounds?|sores?|lesions?|scab\w*)\b",
    re.IGNORECASE,
)
# A clinician, or a mask, not a carer: "the paramedic held her hand over the baby's face to
# keep the oxygen mask in place".
CLINICIANS = re.compile(
    r"\b(?:paramedics?|nurses?|doctors?|crew|midwi\w+|clinicians?|consultant|registrar|hca)\b",
    re.IGNORECASE,
)
HELD_FOR = re.compile(r"\b(?:mask|oxygen|o2|ventilat\w*|bag)\b", re.IGNORECASE)
# Forced marriage spoken of, not done: "a forced marriage awareness assembly", "an
# arranged marriage with his full consent".
NOT_FORCED = re.compile(
    r"\b(?:awareness|assembly|training|lesson|campaign|with\s+(?:his|her|their)\s+(?:full\s+)?"
    r"consent)\b",
    re.IGNORECASE,
)
# A parent who was married so, the subject before the words: "Mum was forced to marry at 15".
PARENTS = frozenset(
    {"mum", "mother", "dad", "father", "nan", "gran", "grandma", "grandmother", "mam", "mom"}
)
# The new shapes of illness made by a carer (`cues`): "induced by mum", "symptoms ceased
# when separated from mother".
FII_BY = re.compile(r"\b(?:induced|fabricated)\s+by\b")
FII_SHAPE = re.compile(
    FII_BY.pattern + r"|\b(?:when|whenever|once|after)\s+(?:separated|away|apart|kept)\b"
)
# Illness made by following a clinician's word: "induced by the parent giving his insulin
# exactly as the clinic letter said", "induced by mum as the poisons line told her".
ON_ADVICE = re.compile(
    r"\b(?:clinic|letter|advised|advice|prescribed|poisons|as\s+told|instructions?)\b",
    re.IGNORECASE,
)
# A vehicle that hit the child, whose injuries then do not fit a fall: "she had been hit by
# a car on her bike and not told her parents", "they match the seatbelt".
HIT_ON_THE_ROAD = re.compile(
    r"\b(?:hit\s+by\s+a|knocked\s+(?:down|over)|collision|rtc|crash|seatbelt|driver)\b",
    re.IGNORECASE,
)
# What a parent does about a child's forced marriage, not one of their own: arranges it,
# or tells of it ("Mum contacted the Forced Marriage Unit").
ACTED_ON_IT = (
    "arrang",
    "plann",
    "organis",
    "forc",
    "mak",
    "tak",
    "contact",
    "rang",
    "call",
    "phon",
    "told",
    "report",
    "ask",
)
# A parent's own marriage: "mum had been forced to marry dad at 16".
MARRIED_TO = frozenset({"dad", "father", "husband", "mum", "mother", "wife"})
# What is told of as made up or induced, before "by mum": "the seizures were fabricated by
# the mother" (not "claims that the school ... were fabricated by the parents").
MADE_UP = re.compile(
    r"\b(?:symptoms?|seizures?|fits?|illness\w*|vomiting|apnoeas?|bleeds?|bleeding|rash\w*|"
    r"fevers?|hypos?|hypoglycaemi\w*|diarrhoea|allerg\w*|desaturations?|episodes?|pain)\b",
    re.IGNORECASE,
)
# Where the carer lives, not the carer: "episodes stopped once away from mum and dad's flat".
HOME_WORDS = re.compile(r"\b(?:flat|house|home|room|address)\b", re.IGNORECASE)


def misread_sign(doc: Any, start: int, end: int, sentence: Callable[[int], Any]) -> bool:
    """A sign told by what was done that is none here: a forced marriage that is a parent's,
    another child's, a job, spoken of or found to be none; a cigarette in the child's words
    with no mark on the child; illness "induced by mum" with no illness named before it, on
    a clinician's advice or found to be an invention, or that stopped away from a home, not
    a carer; a hand over a face that is a clinician's or holds a mask; an injury "not in
    keeping with" a fall that a diagnosed illness or a road collision explains."""
    said = doc[start:end].text.lower()
    sent = sentence(start)
    before = {t.lower_ for t in doc[max(sent.start, start - 5) : start]}
    words = said.split()
    if said in FORCED_MARRIAGE:
        after = [t.lower_ for t in doc[end : min(sent.end, end + 2)]]
        near = _near(doc, sent, start, end)
        # a parent's own ("Mum was forced to marry at 15", "Mum escaped a forced marriage"),
        # not one a parent arranges ("her dad is arranging a forced marriage for her")
        lead = [t.lower_ for t in doc[max(sent.start, start - 4) : start]]
        parent_married = bool(set(lead) & PARENTS) and not any(
            w.startswith(ACTED_ON_IT) for w in lead
        )
        return bool(
            before & (JOBS | EARLIER)
            or parent_married
            or ANOTHER_CHILD.search(near)
            or NOT_FORCED.search(near)
            or (said.endswith("marry") and set(after) & MARRIED_TO)
            or FOUND_NOTHING.search(doc[end : min(sent.end, end + FOUND_SPAN)].text)
            or _settled_after(doc, start, end)
        )
    smoked = [t.lower_ for t in doc[start:end] if t.lower_ in SMOKES]
    if said[:1] in QUOTE_MARKS and smoked:
        return smoked[-1] == "lighter" or not _read_once(doc)["a mark"]
    if FII_SHAPE.search(said):
        if " by" in said and not MADE_UP.search(doc[max(0, start - 25) : start].text):
            return True
        if " by" not in said and HOME_WORDS.search(doc[end : min(sent.end, end + 5)].text):
            return True
        return bool(
            ON_ADVICE.search(_near(doc, sent, start, end)) or _settled_after(doc, start, end)
        )
    if words[-1] in ("nose", "mouth", "face") and ("over" in words or "across" in words):
        who = doc[max(0, start - 1) : start].text
        purpose = []
        for token in doc[end : min(sent.end, end + 6)]:
            if token.is_punct:
                break
            purpose.append(token.text)
        return bool(CLINICIANS.search(who) or HELD_FOR.search(" ".join(purpose)))
    # the new shapes only: "not in keeping with ...", "do not match a fall"
    if " in keeping with" in f" {said}" or (
        words[-1] in ("fall", "falls") and {"match", "fit"} & set(words)
    ):
        return _diagnosed_near(doc, sent, start, end) or bool(
            HIT_ON_THE_ROAD.search(_near(doc, sent, start, end))
        )
    return False
