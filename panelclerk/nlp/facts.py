"""Facts for the SCR criteria from a free-text description, each true, false or unknown, with
the words that support it. Cues are phrase lists matched on lower-cased tokens; a negation cue
before the cue (same clause, a few tokens) or a denial after it makes a mention false; a hedge
makes it suspected. Single-word cues of six letters or more also match one-letter typos.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from ..workflow.criteria import Fact, Facts
from .care import care_status
from .pipeline import nlp, sentences
from .quotes import distinct, snippet
from .together import working_together


def _split(text: str) -> list[str]:
    return text.split()


CUES: dict[str, tuple[str, ...]] = {
    "abuse_or_neglect": (
        "abuse",
        "abused",
        "abusive",
        "neglect",
        "neglected",
        "neglectful",
        "maltreatment",
        "maltreated",
        "ill-treatment",
        "ill treated",
        "non-accidental injury",
        "non accidental",
        "non-accidental",
        "nai",
        "shaken",
        "shaking",
        "shaking injury",
        "assaulted",
        "assault",
        "beaten",
        "cruelty",
        "exploitation",
        "exploited",
        "cse",
        "cce",
        "fgm",
        "starved",
        "inflicted",
        "inflicted injuries",
        "unexplained injuries",
        "unexplained bruising",
        "unexplained bruises",
        "physically harmed by",
        "domestic abuse",
        "coercive control",
        "coercive controlling",
        "coercive and controlling",
        "controlling and coercive",
        "sexually abused",
        "sexual abuse",
        "emotional abuse",
        "physical abuse",
        "groomed",
        "grooming",
        "trafficked",
        "left alone",
        "left unsupervised",
        "malnourished",
        "severe malnutrition",
        "caused by a parent",
        "caused by a carer",
        "caused by his father",
        "caused by her father",
        "caused by his mother",
        "caused by her mother",
        "caused by the father",
        "caused by the mother",
        "caused by his stepfather",
        "caused by her stepfather",
        "caused by the parents",
        "caused by his parents",
        "caused by her parents",
        "safeguarding concerns",
        "raped",
        "rape",
        "poisoned",
        "does not explain the injuries",
        "account does not explain",
        "medical neglect",
        "dental neglect",
        "rotten teeth",
        "untreated",
        "inconsistent explanation",
        "explanation given was inconsistent",
        "explanation was inconsistent",
        "explanations were inconsistent",
        "inconsistent account",
        "no credible explanation",
        "exploiting",
        "female genital mutilation",
        "genital mutilation",
        "abducted",
        "abduction",
        "suspicious circumstances",
        "causing or allowing",
        "are not explained",
        "were not explained",
        "was not explained",
        "no explanation for the",
        "sexual activity with a child",
        "fabricated or induced illness",
        "not properly cared for",
        "poorly cared for",
        "not cared for",
        "went without food",
        "without food",
        "went hungry",
        "fabricated illness",
        "fii",
        "munchausen",
        # verb forms and plain words for what was done
        "neglecting",
        "abusing",
        "ill-treated",
        "mistreated",
        "mistreatment",
        "molested",
        "sexually assaulted",
        "sexual assault",
        "indecently assaulted",
        "indecent assault",
        "indecent images",
        "indecent photographs",
        "sexual images",
        "sexually explicit",
        "inappropriate sexual",
        "touched inappropriately",
        "inappropriately touched",
        "sexual touching",
        "sexually touched",
        "sexualised contact",
        "shown pornography",
        "made to watch pornography",
        "child sexual abuse",
        "csa",
        "abandoned",
        "abandonment",
        # inflicted injury, as a clinician describes it
        "inflicted injury",
        "non accidental injury",
        "abusive head trauma",
        "shaken baby",
        "unexplained fractures",
        "unexplained fracture",
        "unexplained head injury",
        "unexplained burns",
        "unexplained burn",
        "unexplained injury",
        "unexplained bruise",
        "at different stages of healing",
        "different stages of healing",
        "no plausible explanation",
        "no adequate explanation",
        "no satisfactory explanation",
        "no consistent explanation",
        "no clear explanation",
        # a young child left in danger
        "home alone",
        "left unattended",
        "left on his own",
        "left on her own",
        "left on their own",
        "found wandering",
        # a home without the basics
        "no food",
        "no food in the house",
        "no heating",
        "without heating",
        "no electricity",
        "no hot water",
        "no running water",
        "no bed",
        "no beds",
        "sleeping on the floor",
        "squalid",
        "squalor",
        "filthy",
        "faeces",
        "infested",
        "unwashed",
        "hungry",
        "basic needs were not met",
        "basic needs not met",
        "unmet basic needs",
        "not meeting her basic needs",
        "not meeting his basic needs",
        "not meeting their basic needs",
        "not fed",
        "underfed",
        # medical care neglected
        "missed appointments",
        "missed medical appointments",
        "missed hospital appointments",
        "was not brought",
        "were not brought",
        "not brought to",
        "repeatedly missed",
        "untreated condition",
        "left untreated",
        "went untreated",
        "treatment was not sought",
        "did not seek medical",
        "didn't seek medical",
        "failed to seek medical",
        "delay in seeking",
        "delayed seeking",
        "not given his medication",
        "not given her medication",
        "not given their medication",
        "medication was not given",
        "medication not given",
        "did not give his medication",
        "did not give her medication",
        "stopped giving his medication",
        "stopped giving her medication",
    ),
    "died": (
        "died",
        "dies",
        "death",
        "deaths",
        "dead",
        "deceased",
        "killed",
        "fatal",
        "fatally",
        "passed away",
        "found dead",
        "found hanged",
        "suicide",
        "suicides",
        "took his own life",
        "took her own life",
        "took their own life",
        "took own life",
        "taken his own life",
        "taken her own life",
        "taken their own life",
        "murdered",
        "murder",
        "homicide",
        "drowned",
        "lost his life",
        "lost her life",
        "did not survive",
        "was pronounced dead",
        "sudden unexpected death",
        "suffocated",
        "could not be resuscitated",
        "could not be revived",
        "was not revived",
        "sudi",
        "cot death",
    ),
    "suicide_suspected": (
        "suicide",
        "suicides",
        "took his own life",
        "took her own life",
        "took their own life",
        "took own life",
        "taken his own life",
        "taken her own life",
        "taken their own life",
        "found hanging",
        "found hanged",
        "hanged himself",
        "hanged herself",
        "self-inflicted death",
        "self-inflicted deaths",
        "ended his life",
        "ended her life",
        "ended their life",
    ),
    "seriously_harmed": (
        "seriously harmed",
        "serious harm",
        "serious physical harm",
        "serious physical injury",
        "serious physical injuries",
        "serious injury",
        "serious injuries",
        "seriously injured",
        "life-threatening",
        "life threatening",
        "brain injury",
        "brain damage",
        "head injury",
        "head injuries",
        "skull fracture",
        "fractured skull",
        "fractures",
        "fractured",
        "broken bones",
        "subdural",
        "bleed on the brain",
        "intensive care",
        "picu",
        "icu",
        "critical condition",
        "near-fatal",
        "near fatal",
        "long-term impairment",
        "permanent damage",
        "permanent disability",
        "overdose",
        "overdosed",
        "severe burns",
        "burns",
        "serious sexual assault",
        "raped",
        "rape",
        "stabbed",
        "stab wound",
        "severely malnourished",
        "significant developmental delay",
        "life changing",
        "life-changing",
        "catastrophic",
        "in a coma",
        "ventilated",
        "seriously hurt",
        "grievous",
        "fracture",
        "serious injures",
        "retinal haemorrhages",
        "retinal hemorrhages",
        "abusive head trauma",
        "shaken",
        "unconscious",
        "lost consciousness",
        "resuscitation",
        "resuscitated",
        "cardiac arrest",
        "life support",
        "critically ill",
        "critically injured",
        "hypoxic",
        "seizures",
        "paralysed",
        "paralyzed",
        "seriously assaulted",
        "serious assault",
        "sexually exploited",
        "sexual exploitation",
        "scalded",
        "scalds",
        "permanent scarring",
        "disfigured",
        "severe malnutrition",
        "malnourished",
        "severe weight loss",
        "pressure sores",
        "poisoned",
        "ingested",
        "ingesting",
        "starved",
        "needing surgery",
        "needed surgery",
        "required surgery",
        "airlifted",
        "not breathing",
        "stopped breathing",
        "ventilation",
        "multiple injuries",
        "internal injuries",
        "internal bleeding",
        "developmental delay",
        "failure to thrive",
        "faltering growth",
        "weighing less than",
        "severe dehydration",
        "severely dehydrated",
        # clinical and statutory wording
        "intubated",
        "high dependency",
        "hdu",
        "induced coma",
        "critical care",
        "brain bleed",
        "bleeding on the brain",
        "bleed on his brain",
        "bleed on her brain",
        "intracranial",
        "subdural haemorrhage",
        "subdural hemorrhage",
        "subdural haematoma",
        "subdural hematoma",
        "retinal haemorrhage",
        "retinal hemorrhage",
        "hypoxic brain injury",
        "organ failure",
        "sepsis",
        "septic",
        "skin grafts",
        "skin graft",
        "full thickness burns",
        "full-thickness burns",
        "amputation",
        "amputated",
        "blinded",
        "lost her sight",
        "lost his sight",
        "permanently disabled",
        "permanent injury",
        "permanent injuries",
        "lasting harm",
        "lasting damage",
        "lasting injury",
        "lasting injuries",
        "lasting psychological harm",
        "long-term harm",
        "long term harm",
        "long-term damage",
        "long term impairment",
        "impairment of health",
        "impairment of his health",
        "impairment of her health",
        "impairment of development",
        "impairment of his development",
        "impairment of her development",
        "significant impairment",
        "serious impairment",
        "life-limiting",
        "emergency surgery",
        "major surgery",
        "neurosurgery",
        "brain surgery",
        "in resus",
        "resus",
        "respiratory arrest",
        "multiple fractures",
        "spinal injury",
        "spinal injuries",
        "critically",
        "fighting for his life",
        "fighting for her life",
        "serious condition",
        "gravely ill",
        "seriously ill",
        "very seriously",
        "inpatient care",
        "inpatient treatment",
        "psychiatric admission",
        "tier 4",
    ),
    "died_in_custody": (
        "in custody",
        "police custody",
        "on remand",
        "remanded",
        "young offender institution",
        "yoi",
        "secure training centre",
        "stc",
        "secure children's home",
        "secure childrens home",
        "secure children s home",
        "secure unit",
        "prison",
        "police cell",
        "following sentencing",
        "in detention",
        "youth detention",
    ),
    "mental_health_act_detention": (
        "mental health act",
        "sectioned",
        "detained under section",
        "on a section",
        "section 3 of the mental health act",
        "section 2 of the mental health act",
        "detained in hospital under",
        "mha",
    ),
    "deprivation_of_liberty_16_17": (
        "deprivation of liberty",
        "deprivation-of-liberty",
        "dols",
        "dol order",
        "deprived of their liberty",
        "deprived of his liberty",
        "deprived of her liberty",
        "mental capacity act",
    ),
}

UNHARMED = frozenset({"unhurt", "uninjured", "unharmed"})
# Said of the child, the child is alive: "is recovering", "is safe", "remains in hospital".
ALIVE_CUES = (
    "is safe",
    "is now safe",
    "is safe now",
    "safe today",
    "are safe",
    "was safe",
    "is well",
    "is doing well",
    "doing well",
    "is recovering",
    "recovering",
    "recovered",
    "has recovered",
    "is stable",
    "stable condition",
    "is in hospital",
    "remains in hospital",
    "still in hospital",
    "is in intensive care",
    "remains in intensive care",
    "was discharged",
    "discharged home",
    "went home",
    "was home",
    "is home",
    "is at home",
    "back at home",
    "back home",
    "back at school",
    "returned to school",
    "is back",
    "survived",
    "is alive",
    "is expected to",
    "expected to make",
    "make a full recovery",
    "needed no treatment",
    "is living",
    "now lives",
    "lives with",
    "is living with",
    "comes to school",
    "is attending",
    "attends",
    "is being",
    "is now",
    "is currently",
    "is still",
    "has since been",
    "has told",
    "has disclosed",
    "disclosed",
    "told her teacher",
    "told his teacher",
    "told a teacher",
    "told staff",
    "now in",
    "she is",
    "he is",
    "she has",
    "he has",
    "is often",
    "is regularly",
    "is frequently",
    "is left",
    "is going",
    "she says",
    "he says",
    "she said",
    "he said",
)
# Said of the child, no serious harm: "needed no treatment", "minor bruising".
NOT_SERIOUS_CUES = (
    "minor injury",
    "minor injuries",
    "minor bruising",
    "minor bruise",
    "minor cuts",
    "minor graze",
    "minor scratch",
    "minor burn",
    "superficial",
    "needed no treatment",
    "needed no medical treatment",
    "required no treatment",
    "did not need treatment",
    "didn't need treatment",
    "no treatment needed",
    "no treatment was needed",
    "not harmed",
    "not been harmed",
    "not seriously harmed",
    "not seriously hurt",
    "not seriously injured",
    "not badly hurt",
    "no injuries",
    "no injury",
    "no lasting harm",
    "no lasting damage",
    "no serious harm",
    "no serious injury",
    "no serious injuries",
    "no physical injuries",
    "no harm",
)
# Words that hint at the special routes for a death (custody, the Mental Health Act, a
# deprivation of liberty) without saying them: then the advice asks rather than assumes.
SECURE_HINTS = frozenset(
    _split(
        "custody detained detention remand remanded arrest arrested sectioned "
        "secure cell cells prison prisoner yoi stc restraint restrained liberty dols mha "
        "inpatient in-patient psychiatric sentenced offender institution"
    )
)
# Cues that count only when affirmed: "no suspicious circumstances" says the death was not
# suspicious, not that no abuse or neglect was known (Regulation 5(2)(a) asks about abuse at
# all, not only as the cause of death), as a death "from natural causes" does.
AFFIRMED_ONLY = frozenset({"suspicious circumstances"})
# Said of a death, these are the child's own act: "died by hanging", "a self-inflicted death".
OWN_ACT = frozenset({"hanging", "hanged", "ligature"})
# Someone else in the family: their prison, injury or death is not the child's ("the father,
# who had served 6 years in prison", "her sister died of SIDS").
OTHERS = frozenset(
    _split(
        "father mother stepfather stepmother partner boyfriend uncle brother parent parents dad "
        "mum grandfather cousin sister sibling siblings twin grandmother grandparent grandparents "
        "aunt stepbrother stepsister dog cat pet"
    )
)
# "At risk of serious harm", "the risk of death": a danger, not a fact. Dropping the mention
# leaves the fact unknown, so the advice asks rather than assumes.
AT_RISK_OF = frozenset({"died", "seriously_harmed", "abuse_or_neglect"})
RISKS = frozenset(_split("risk risks danger dangers prevent preventing avoid avoiding"))


def _at_risk(doc: Any, start: int) -> bool:
    return any(t.lower_ in RISKS for t in doc[max(0, start - 3) : start])


# Words that make "suicide" a risk or a subject, not a death: "at risk of suicide", "talked
# about suicide", "suicide ideation".
SUICIDE_TALK = frozenset(
    _split(
        "risk risks thoughts thought talked talking talks ideation threatened threatening threat "
        "threats spoke speaking mentioned prevention planning planned plan plans contemplating "
        "considered considering about note watch"
    )
)
REFLEXIVES = frozenset({"herself", "himself", "themselves", "themself"})
ATTEMPTED = frozenset({"attempted", "attempt", "attempts", "failed", "nearly", "almost"})
# The child, as the words before a fact name them: the nearest person decides whose it is.
PERSONS = OTHERS | frozenset(
    _split("he she him her them boy girl child teenager son daughter baby infant toddler")
)
# Bruising in a baby not yet moving about is a warning of abuse in itself (NICE CG89).
BRUISES = frozenset({"bruise", "bruises", "bruising", "bruised", "frenulum"})
NOT_MOBILE_MONTHS = 6

# Kinds of harm, for the detail of seriously_harmed.
HARM_KINDS = {
    "life-threatening": "potentially life-threatening injury",
    "life threatening": "potentially life-threatening injury",
    "brain": "brain injury",
    "skull": "head injury",
    "head injur": "head injury",
    "fracture": "fractures",
    "burn": "burns",
    "overdos": "overdose",
    "sexual": "serious sexual harm",
    "rape": "serious sexual harm",
    "impairment": "long-term impairment",
    "developmental": "developmental impairment",
    "stab": "stab wounds",
    "coma": "life-threatening injury",
    "intensive care": "admitted to intensive care",
    "picu": "admitted to intensive care",
}

NEGATIONS = frozenset(
    {
        "no",
        "not",
        "n't",
        "never",
        "without",
        "denies",
        "denied",
        "none",
        "neither",
        "nor",
        "nothing",
        "unlikely",
        "excluded",
        "ruled",
        "unfounded",
        "isnt",
        "wasnt",
        "werent",
        "cannot",
        "absent",
        "free",
        "nobody",
        "noone",
        "no-one",
        "nowhere",
    }
)
NEGATION_PHRASES = (
    "no evidence",
    "no indication",
    "no suggestion",
    "no concerns",
    "no concern",
    "nothing to suggest",
    "ruled out",
    "not suspected",
    "there is no",
    "there are no",
    "there were no",
    "there was no",
)
POST_DENIALS = re.compile(
    r"^\s*(was|were|is|are|has been|have been|had been|has|have|had)?\s*"
    r"(not|never|ruled out|excluded|unfounded|unsubstantiated|disproved|no longer suspected)\b"
    # "her death was not preventable": a verdict on it, not a denial of it
    r"(?!\s+(?:been\s+|be\s+)?(?:preventable|predictable|expected|foreseeable|avoidable|suspicious|inevitable|"
    r"anticipated|explained|unexpected|recognised|recognized|reported|disclosed|shared|acted|"
    r"addressed|picked|noticed|followed|escalated|referred|recorded|spotted|investigated|"
    r"challenged|dealt|responded|explored|considered|known about|identified by|passed|"
    r"raised|treated|managed|always|only|just|the only|new|recent))"
)
HEDGES = frozenset(
    {
        "may",
        "might",
        "possibly",
        "possible",
        "suspected",
        "suspect",
        "suspicion",
        "suspicions",
        "query",
        "queried",
        "alleged",
        "allegedly",
        "allegation",
        "allegations",
        "likely",
        "could",
        "probable",
        "probably",
        "perhaps",
        "unclear",
        "unexplained",
        "apparent",
        "apparently",
        "potential",
        "potentially",
        "concern",
        "concerns",
        "worried",
        "worry",
        "believed",
        "thought",
        "seems",
        "seemed",
        "appears",
        "appeared",
        "reportedly",
        "?",
    }
)
BREAKS = frozenset(
    {",", ";", ":", "but", "however", "although", "though", "whereas", "yet", "while", "and", "."}
)
WINDOW = 6
# Words whose misspellings are common in referrals and which have no everyday neighbour: only
# these are matched with a one-letter typo ("person" must never become "prison").
TYPO_TARGETS = frozenset(
    {"abused", "neglect", "neglected", "neglectful", "maltreated", "maltreatment", "abusive"}
)
# Real words one letter away from a target: never read as a slip.
EVERYDAY_NEIGHBOURS = frozenset({"amused"})

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
}
_NUMBER = r"(\d{1,2}|" + "|".join(_WORDS) + r")"
_SMALL_UNITS = r"(days?|weeks?|months?)"
AGE = re.compile(
    rf"\b{_NUMBER}[\s-]*(?:years?|yrs?|yo)\b"
    rf"|\b(?:aged?|at the age of|now)\s+{_NUMBER}\b(?![\s-]*{_SMALL_UNITS}\b)"
    rf"|\b(?:boy|girl|child|son|daughter|student|pupil|teenager|person|(?-i:[A-Z][a-z]+))\s*,\s*(\d{{1,2}})\s*,",
    re.I,
)
# An age in days, weeks or months: "a 7-week-old", "aged 18 months", "a baby of 11 weeks".
SMALL_AGE = re.compile(
    rf"\b{_NUMBER}[\s-]*{_SMALL_UNITS}[\s-]*old\b"
    rf"|\b(?:aged?|at the age of|(?:baby|infant|child) of)\s+{_NUMBER}[\s-]*{_SMALL_UNITS}\b",
    re.I,
)
INFANT = re.compile(r"\b(baby|babies|infant|newborn|new-born|neonate)\b", re.I)
# "for 20 years", "sentenced to 12 years", "6 years ago": a length of time, not an age.
DURATION_BEFORE = re.compile(
    r"\b(?:for|to|after|within|over|past|served|spent|last|since|than)\s+"
    r"(?:about|around|nearly|almost|over|some|more than)?\s*$",
    re.I,
)
DURATION_AFTER = re.compile(
    r"^['’]?\s*(?:ago|earlier|later|before|previously|imprisonment|in )", re.I
)


# Cues built from parts, where a phrase list would need every combination: an injury to a
# part of the body ("a broken femur", "ruptured spleen"), a part lost ("lost an eye"), and
# harm done by a person ("kicked by his father"; "hit by a car" is not abuse).
BODY = _split(
    "arm arms leg legs femur femurs skull rib ribs wrist ankle collarbone clavicle jaw nose "
    "spine back neck pelvis hip elbow spleen liver kidney bowel lung eye eyes hand fingers "
    "eardrum teeth"
)
INJURED = _split("broken fractured ruptured crushed dislocated perforated lacerated torn")
LOST = _split("eye sight hearing leg arm hand finger fingers kidney")
VIOLENT = _split(
    "hit injured harmed attacked assaulted kicked punched beaten burned burnt bitten shaken "
    "strangled suffocated smothered throttled choked stamped slapped whipped thrown stabbed "
    "scalded cut raped abused neglected"
)
PEOPLE = _split(
    "father mother stepfather stepmother parent parents carer carers partner boyfriend "
    "girlfriend uncle aunt grandfather grandmother brother sister sibling relative relatives "
    "adult adults man men woman women gang peers babysitter childminder neighbour lodger "
    "dad mum cousin stepbrother stepsister foster"
)
DETERMINERS = ["a", "an", "the", "his", "her", "their", "one", "both", "two", "several"]
# Done to the child by a person named as its subject: "her stepfather hit her".
STRUCK = _split(
    "hit hits kicked punched beat beats slapped shook shakes strangled burned burnt bit "
    "assaulted attacked abused raped smothered choked throttled stabbed whipped hurt"
)
CHILDREN = _split("baby child boy girl infant son daughter toddler twins children")
# Verbs whose subject did the harm rather than suffered it.
DOERS = frozenset(_split("causing caused inflicted inflicting gave giving")) | frozenset(STRUCK)
# A criminal outcome for an offence against a child: "charged with murder", "pleaded guilty
# to manslaughter", "arrested on suspicion of causing grievous bodily harm".
CHARGED = _split("convicted charged guilty arrested sentenced jailed prosecuted cautioned")
OFFENCES = _split(
    "murder manslaughter cruelty neglect assault wounding gbh abh grievous rape causing "
    "infanticide sexual"
)
# Who a child's "sexual relationship with" makes it abuse: an adult or someone in a position
# of trust.
ADULTS = _split(
    "adult adults man men woman older teacher coach tutor leader worker officer staff "
    "stepfather uncle carer lodger child minor instructor"
)
# An attempt on the child's life, or the act named as a noun: "tried to strangle her",
# "attempted suffocation of a baby by his father".
ATTEMPTS = _split("strangle suffocate smother drown poison kill choke stab")
ACTS = _split("strangulation suffocation smothering beating stabbing shaking poisoning drowning")
SERIOUS = _split("serious severe lasting long-term long permanent significant lifelong")
ACCOUNTS = _split(
    "account accounts explanation explanations history histories story mechanism version "
    "description"
)
INJURY_WORDS = _split(
    "fracture fractures injury injuries bruise bruises bruising burns burn marks bleeds "
    "haemorrhages"
)
CONDITIONS = _split(
    "condition conditions asthma diabetes eczema epilepsy infection infections wound wounds "
    "teeth tooth illness injury injuries burn burns rash sores lice decay"
)
LASTING = _split("treatment disability impairment damage injury injuries care scarring condition")
ORGANS = _split("brain kidney kidneys liver lung lungs heart spleen bowel nerve spinal")
SUICIDE_PATTERNS: list[list[dict[str, Any]]] = [
    [
        {"LOWER": {"IN": ["took", "taken", "ended"]}},
        {"LOWER": {"IN": ["his", "her", "their"]}},
        {"LOWER": "own", "OP": "?"},
        {"LOWER": {"IN": ["life", "lives"]}},
    ],
    [
        {"LOWER": "by"},
        {"LOWER": {"IN": ["taking", "ending"]}},
        {"LOWER": {"IN": ["his", "her", "their"]}},
        {"LOWER": "own", "OP": "?"},
        {"LOWER": {"IN": ["life", "lives"]}},
    ],
]
PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "seriously_harmed": [
        [
            {"LOWER": {"IN": INJURED}},
            {"LOWER": {"IN": DETERMINERS}, "OP": "?"},
            {"LOWER": {"IN": BODY}},
        ],
        [
            {"LOWER": "lost"},
            {"LOWER": {"IN": DETERMINERS}, "OP": "?"},
            {"LOWER": {"IN": LOST}},
        ],
        [
            {"LOWER": {"IN": ["lifelong", "permanent", "irreversible"]}},
            {"OP": "?"},
            {"LOWER": {"IN": LASTING}},
        ],
        [
            {"LOWER": "life"},
            {"ORTH": "-", "OP": "?"},
            {"LOWER": "long"},
            {"LOWER": {"IN": LASTING}},
        ],
        [{"LOWER": {"IN": ORGANS}}, {"LOWER": {"IN": ["damage", "failure"]}}],
        # "serious psychological harm", "lasting emotional damage"
        [
            {"LOWER": {"IN": SERIOUS}},
            {"LOWER": "and", "OP": "?"},
            {"LOWER": {"IN": SERIOUS}, "OP": "?"},
            {"LOWER": {"IN": ["psychological", "emotional", "mental", "physical"]}},
            {"LOWER": {"IN": ["harm", "damage", "trauma", "injury", "injuries", "impairment"]}},
        ],
        # the statute's words: "(likely) long-term impairment of ... health or development"
        [
            {"LOWER": {"IN": SERIOUS}},
            {"ORTH": "-", "OP": "?"},
            {"LOWER": "term", "OP": "?"},
            {"LOWER": "impairment"},
        ],
        [
            {"LOWER": "impairment"},
            {"LOWER": "of"},
            {"LOWER": {"IN": ["his", "her", "their", "the", "its"]}, "OP": "?"},
            {"OP": "?"},
            {"OP": "?"},
            {"OP": "?"},
            {"LOWER": {"IN": ["development", "health"]}},
        ],
    ],
    "died": SUICIDE_PATTERNS,
    "suicide_suspected": SUICIDE_PATTERNS,
    "abuse_or_neglect": [
        # an injury a clinician finds inflicted: "inconsistent with the account given",
        # "do not fit the history", "fractures of different ages"
        [
            {"LOWER": {"IN": ["inconsistent", "incompatible", "not", "n't", "never"]}},
            {"LOWER": {"IN": ["consistent", "compatible", "fit", "match", "explained"]}, "OP": "?"},
            {"LOWER": "with"},
            {"LOWER": {"IN": [*DETERMINERS, "any"]}, "OP": "?"},
            {
                "LOWER": {"IN": ["parents", "parent", "mother", "father", "carer", "family"]},
                "OP": "?",
            },
            {"LOWER": {"IN": ["'s", "’s", "'"]}, "OP": "?"},
            {"LOWER": {"IN": ACCOUNTS}},
        ],
        [
            {"LOWER": {"IN": ["does", "do", "did"]}},
            {"LOWER": {"IN": ["not", "n't"]}},
            {"LOWER": {"IN": ["fit", "match", "explain", "account"]}},
            {"LOWER": "for", "OP": "?"},
            {"LOWER": {"IN": [*DETERMINERS, "these", "those"]}, "OP": "?"},
            {"LOWER": {"IN": ACCOUNTS + INJURY_WORDS}},
        ],
        [
            {"LOWER": {"IN": INJURY_WORDS}},
            {"LOWER": {"IN": ["are", "were", "is", "was", "remain", "remained", "remains"]}},
            {"LOWER": {"IN": ["unexplained", "inflicted", "non-accidental"]}},
        ],
        [
            {"LOWER": {"IN": INJURY_WORDS}},
            {"LOWER": {"IN": ["of", "at"]}},
            {"LOWER": {"IN": ["different", "differing", "varying", "various"]}},
            {"LOWER": {"IN": ["ages", "stages", "ages,"]}},
        ],
        [
            {"LOWER": {"IN": ["old", "older", "healing"]}},
            {"LOWER": "and", "OP": "?"},
            {"LOWER": {"IN": ["new", "recent", "healing", "fresh"]}, "OP": "?"},
            {"LOWER": {"IN": INJURY_WORDS}},
        ],
        # sexual abuse in other words: "touched her inappropriately", "made him touch"
        [
            {"LOWER": {"IN": ["touched", "touching", "touches", "fondled", "fondling", "groped"]}},
            {"LOWER": {"IN": ["her", "him", "them", "the", "a", "his", "their"]}},
            {"LOWER": {"IN": [*CHILDREN, "private", "intimate"]}, "OP": "?"},
            {
                "LOWER": {
                    "IN": [
                        "inappropriately",
                        "sexually",
                        "intimately",
                        "parts",
                        "genitals",
                        "breasts",
                        "bottom",
                        "indecently",
                        "private",
                        "areas",
                    ]
                }
            },
        ],
        [
            {"LOWER": {"IN": ["made", "forced", "coerced", "pressured", "persuaded"]}},
            {"LOWER": {"IN": ["her", "him", "them"]}},
            {"LOWER": "to", "OP": "?"},
            {"LOWER": {"IN": ["touch", "perform", "watch", "send", "undress", "strip"]}},
        ],
        [
            {"LOWER": {"IN": ["sent", "send", "sending", "shared", "took", "taking", "asked"]}},
            {"LOWER": {"IN": ["her", "him", "them"]}, "OP": "?"},
            {"LOWER": {"IN": ["for", "to"]}, "OP": "?"},
            {"LOWER": {"IN": ["naked", "nude", "explicit", "indecent", "sexual", "intimate"]}},
        ],
        # a young child left alone: "left her alone", "left the children unsupervised"
        [
            {"LOWER": {"IN": ["left", "leaving", "leaves", "leave"]}},
            {"LOWER": {"IN": [*DETERMINERS, "him", "them", "alone"]}, "OP": "?"},
            {"LOWER": {"IN": [*CHILDREN, "sibling", "siblings", "brother", "sister"]}, "OP": "?"},
            {"LOWER": {"IN": ["alone", "unsupervised", "unattended"]}},
        ],
        # a condition left untreated: "her eczema was left untreated for months"
        [
            {"LOWER": {"IN": CONDITIONS}},
            {"LOWER": {"IN": ["was", "were", "had", "went", "been", "left", "remained"]}},
            {"LOWER": {"IN": ["been", "left"]}, "OP": "?"},
            {"LOWER": "left", "OP": "?"},
            {"LOWER": {"IN": ["untreated", "unmanaged", "uncontrolled", "unaddressed"]}},
        ],
        [
            {"LOWER": {"IN": ["missed", "cancelled", "missing", "failed"]}},
            {"LOWER": {"IN": ["to", "attend"]}, "OP": "?"},
            {"LOWER": {"IN": ["attend", "bring"]}, "OP": "?"},
            {"OP": "?"},
            {
                "LOWER": {
                    "IN": [
                        "many",
                        "several",
                        "numerous",
                        "repeated",
                        "multiple",
                        "most",
                        "all",
                        "medical",
                        "hospital",
                        "clinic",
                        "health",
                        "dental",
                        "his",
                        "her",
                        "their",
                    ]
                },
                "OP": "?",
            },
            {"LOWER": {"IN": ["appointments", "reviews", "clinics", "check-ups", "checkups"]}},
        ],
        [
            {"LOWER": {"IN": ["not", "never", "n't"]}},
            {"LOWER": {"IN": ["taken", "brought", "registered"]}},
            {"LOWER": {"IN": ["to", "with"]}},
            {"OP": "?"},
            {"LOWER": {"IN": ["appointments", "doctor", "gp", "dentist", "hospital", "clinic"]}},
        ],
        [
            {"LOWER": {"IN": VIOLENT}},
            {"LOWER": {"IN": ["by", "at", "from"]}},
            {"LOWER": {"IN": DETERMINERS}, "OP": "?"},
            {"LOWER": {"IN": ["older", "young", "adult", "male", "female", "family"]}, "OP": "?"},
            {"LOWER": {"IN": PEOPLE}},
        ],
        [
            {"LOWER": {"IN": ["thrown", "pushed", "slammed", "swung"]}},
            {"LOWER": {"IN": ["against", "across", "down", "into", "at"]}},
        ],
        [{"LOWER": {"IN": ["locked", "tied", "shut"]}}, {"LOWER": {"IN": ["in", "up", "into"]}}],
        [
            {"LOWER": {"IN": PEOPLE}},
            {"LOWER": {"IN": ["had", "has", "repeatedly", "often"]}, "OP": "?"},
            {"LOWER": {"IN": STRUCK}},
            {"LOWER": {"IN": ["her", "him", "them", "the", "a"]}},
            {"LOWER": {"IN": CHILDREN}, "OP": "?"},
        ],
        [
            {"LOWER": {"IN": ["tried", "attempted", "tries", "trying"]}},
            {"LOWER": "to"},
            {"LOWER": {"IN": ATTEMPTS}},
        ],
        [
            {"LOWER": {"IN": ACTS}},
            {"LOWER": "of"},
            {"LOWER": {"IN": DETERMINERS}, "OP": "?"},
            {"LOWER": {"IN": CHILDREN}},
            {"LOWER": "by"},
        ],
        [
            {"LOWER": "induced"},
            {"LOWER": {"IN": ["his", "her", "their", "the"]}, "OP": "?"},
            {"LOWER": {"IN": ["illness", "illnesses", "symptoms"]}},
        ],
        [  # "the childminder has been arrested"; "arrested for burglary" is not about the child
            {"LOWER": {"IN": PEOPLE}},
            {"LOWER": {"IN": ["has", "have", "was", "were", "had", "is", "are"]}},
            {"LOWER": "been", "OP": "?"},
            {"LOWER": {"IN": CHARGED}},
        ],
        [
            {"LOWER": {"IN": CHARGED}},
            {"OP": "?"},
            {"OP": "?"},
            {"OP": "?"},
            {"LOWER": {"IN": OFFENCES}},
        ],
        [
            {"LOWER": "sexual"},
            {"LOWER": {"IN": ["relationship", "activity", "contact"]}},
            {"LOWER": "with"},
            *[{"OP": "?"}] * 6,
            {"LOWER": {"IN": ADULTS}},
        ],
    ],
}


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


def _clause_has(tokens: list[str], words: frozenset[str]) -> bool:
    return any(t in words for t in tokens)


def _preceding(
    doc: Any, start: int, sent_start: int, cues: frozenset[int] = frozenset()
) -> list[str]:
    """The words of the cue's clause before it, nearest first, at most WINDOW of them. The
    other cues of a list ("no concerns of abuse, neglect or harm") are passed over and do not
    use up the window, so one denial reaches every item of the list."""
    out: list[str] = []
    counted = 0
    i = start - 1
    while i >= sent_start and counted < WINDOW:
        text = doc[i].lower_
        if i in cues or (text in (",", "/", "or", "and", "nor") and i - 1 in cues):
            out.append(text)
            i -= 1
            continue
        if text in BREAKS and text != "and":
            break
        out.append(text)
        counted += 1
        i -= 1
    return out


# A negation whose scope is something else: "not known to children's services", "did not
# tell anyone about the abuse", "no doubt", "not only". The negation word is passed over.
NOT_A_DENIAL_AFTER = frozenset(
    _split(
        "known open previously only just doubt sure tell told report reported disclose "
        "disclosed share shared pass passed refer referred recognise recognised recognize "
        "recognized notice noticed act acted follow followed escalate escalated record "
        "recorded pick picked spot spotted investigate investigated address addressed respond "
        "responded challenge challenged explore explored see seen want wanted able allowed "
        "believe believed protect protected attend attended engage engaged take taken "
        "until safe"
    )
)
# "Could not rule out", "cannot exclude": a suspicion, not a denial.
SUSPICION_BEFORE = re.compile(
    r"\b(?:could not|cannot|can not|can't|couldn't|can ?n't|unable to|not able to|did not|"
    r"didn't|would not|wouldn't)\s+(?:rule out|exclude)\b"
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


def _denied_before(before: list[str]) -> bool:
    """A negation word in the clause before the cue, nearest first, whose scope reaches it."""
    for k, word in enumerate(before):
        if word not in NEGATIONS:
            continue
        # the word after the negation, in reading order, is before[k - 1]
        following = before[k - 1] if k else ""
        if word in ("no", "not", "n't", "never") and following in NOT_A_DENIAL_AFTER:
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
    before = _preceding(doc, start, sent.start, cues)
    window_text = " ".join(reversed(before))
    after = doc[end : min(sent.end, end + 8)].text.lower()
    # "The paediatrician could not rule out abuse"; "neglect cannot be excluded".
    if SUSPICION_BEFORE.search(window_text) or SUSPICION_AFTER.match(after):
        return False, True
    negated = any(p in window_text for p in NEGATION_PHRASES)
    # A cue that is itself a negative ("not followed up") is not undone by a bare "not" or
    # "without" nearby ("closed without a visit and not followed up"), only by a denial.
    if not any(t.lower_ in NEGATIONS for t in doc[start:end]):
        negated = negated or _denied_before(before)
    if POST_DENIALS.match(after[: len(doc[end : min(sent.end, end + 5)].text)]):
        negated = True
    # "Abuse was not suspected at first": a denial that no longer holds, so suspected now.
    if negated and re.search(r"\b(at first|initially|originally)\b", after):
        return False, True
    # "Likely long-term impairment of health or development" is the statute's own wording.
    cue = doc[start:end].text.lower()
    if "impairment" in cue or "long-term" in cue or "lasting" in cue:
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


def _asks_the_cause(doc: Any, start: int, sent: Any) -> bool:
    """ "Unsure whether the fractures are accidental": the question is the cause, and the
    fractures are still there."""
    return "whether" in _preceding(doc, start, sent.start)


def _hypothetical(doc: Any, start: int, sent: Any) -> str:
    """ "If he was abused", "whether neglect played a part": "" when it is no condition or
    question, "hedged" when someone is worried whether it is so, "skip" otherwise."""
    before = _preceding(doc, start, sent.start)
    for k, word in enumerate(before):
        if word in HYPOTHETICAL:
            earlier = before[k + 1 :]
            return "hedged" if any(w in WONDERING for w in earlier) else "skip"
    return ""


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


def _number(raw: str) -> int:
    return _WORDS[raw.lower()] if raw.lower() in _WORDS else int(raw)


def _age_months(text: str) -> int | None:
    """The first age given in the text, in months: the child a referral is about is named
    first ("a 7-week-old infant ... his mother, who had lived here for 20 years")."""
    found: list[tuple[int, int]] = []
    for match in AGE.finditer(text):
        years = _number(next(g for g in match.groups() if g))
        if 0 <= years <= 25 and not (
            DURATION_BEFORE.search(text[: match.start()])
            or DURATION_AFTER.match(text[match.end() : match.end() + 16])
        ):
            found.append((match.start(), years * 12))
    for match in SMALL_AGE.finditer(text):
        groups = [g for g in match.groups() if g]
        count, unit = _number(groups[0]), groups[1].lower()
        months = count if unit.startswith("month") else count // 4 if unit.startswith("week") else 0
        found.append((match.start(), months))
    if found:
        return min(found)[1]
    return 0 if INFANT.search(text) else None


def extract_age(text: str) -> int | None:
    months = _age_months(text)
    return None if months is None else months // 12


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
)


def _unsure(doc: Any, start: int, sent: Any) -> bool:
    """ "We are not sure whether abuse was involved": neither yes nor no, so the advice asks."""
    window = " ".join(reversed(_preceding(doc, start, sent.start)))
    return any(phrase in window for phrase in UNSURE)


def _not_about_this_child(name: str, doc: Any, start: int, end: int, sent: Any) -> bool:
    """A mention that says nothing of this child's fact: done by the child to itself
    ("self-inflicted"), an arrest for something else, someone else's prison, injury or death,
    a death that did not happen, a danger rather than a fact ("at risk of serious harm")."""
    if name == "abuse_or_neglect" and (
        _self_done(doc, start, end) or _charged_with_else(doc, start, end)
    ):
        return True
    if name in ("died_in_custody", "seriously_harmed") and _someone_elses(doc, start, sent):
        return True
    if name in ("died", "suicide_suspected") and _not_the_childs_death(doc, start, end):
        return True
    return name in AT_RISK_OF and _at_risk(doc, start)


def _self_done(doc: Any, start: int, end: int | None = None) -> bool:
    """ "Self-inflicted", "self-neglect", "tried to strangle herself": done by the child, not
    to the child."""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    if end is not None and end < len(doc) and doc[end].lower_ in REFLEXIVES:
        return True
    return bool(before) and (before[-1] == "self" or before == ["self", "-"])


def _charged_with_else(doc: Any, start: int, end: int) -> bool:
    """ "The father was arrested for drug dealing": an arrest for something named, when the
    words do not name an offence against a child, is not evidence of abuse."""
    if doc[end - 1].lower_ not in CHARGED or end >= len(doc):
        return False
    return doc[end].lower_ in ("for", "on", "over") and not any(
        t.lower_ in OFFENCES for t in doc[end : min(len(doc), end + 6)]
    )


def _not_the_childs_death(doc: Any, start: int, end: int) -> bool:
    """ "A suicide attempt", "attempted suicide", "at risk of suicide", "talked about
    suicide": nobody died. "The mother's death", "her father died": not the child's."""
    after = doc[end].lower_ if end < len(doc) else ""
    if after in ("attempt", "attempts") or (start and doc[start - 1].lower_ in ATTEMPTED):
        return True
    if doc[start:end].text.lower() in ("suicide", "suicides") and (
        after in SUICIDE_TALK
        or any(t.lower_ in SUICIDE_TALK for t in doc[max(0, start - 3) : start])
    ):
        return True
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    # "could have died", "was left for dead": nobody died.
    if len(before) == 2 and before[1] == "have" and before[0] in ("could", "might", "would", "may"):
        return True
    if before == ["left", "for"]:
        return True
    # "the death of his grandmother"
    following = [t.lower_ for t in doc[end : min(len(doc), end + 4)]]
    if following[:1] == ["of"] and any(w in OTHERS for w in following[1:]):
        return True
    for token in reversed(doc[max(0, start - 4) : start]):
        if token.lower_ in OTHERS:
            return True
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
        ):
            return False
    return False


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
        if word not in PERSONS:
            continue
        if "by" in (doc[max(0, token.i - 2)].lower_, doc[max(0, token.i - 1)].lower_):
            continue
        if word in OTHERS and any(t.lower_ in DOERS for t in doc[token.i + 1 : start]):
            return False
        return word in OTHERS
    return False


def _bruised_baby(
    doc: Any, text: str, months: int | None, sentence: Callable[[int], Any]
) -> Fact | None:
    """A bruise on a baby too young to move about, not denied: suspected abuse."""
    lower = text.lower()
    too_old = months is None or months >= NOT_MOBILE_MONTHS
    if too_old and "non-mobile" not in lower and "not yet mobile" not in lower:
        return None
    for token in doc:
        if token.lower_ in BRUISES:
            sent = sentence(token.i)
            negated, _ = _polarity(doc, token.i, token.i + 1, sent)
            if not negated:
                quote = snippet(doc, token.i, token.i + 1, sent)
                return Fact("abuse_or_neglect", "true", (quote,), hedged=True)
    return None


@lru_cache(maxsize=1)
def _state_matcher() -> Any:
    from spacy.matcher import PhraseMatcher

    pipeline = nlp()
    matcher = PhraseMatcher(pipeline.vocab, attr="LOWER")
    matcher.add("alive", [pipeline.make_doc(p) for p in ALIVE_CUES])
    matcher.add("not_serious", [pipeline.make_doc(p) for p in NOT_SERIOUS_CUES])
    matcher.add("danger", [pipeline.make_doc(p) for p in DANGER_CUES])
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


def _fill_in(
    doc: Any,
    facts: dict[str, Fact],
    sentence: Callable[[int], Any],
    cues: frozenset[int] = frozenset(),
) -> None:
    """Facts the text implies, filled in before anything is asked: a child described as
    safe, recovering or in hospital has not died; "minor bruising", "needed no treatment"
    are no serious harm; a custody or detention word is a hint at the special routes; a
    living child with abuse known or suspected, or in danger now, is at risk now."""
    alive: list[str] = []
    not_serious: list[str] = []
    danger: list[str] = []
    for match_id, start, end in _state_matcher()(doc):
        kind = doc.vocab.strings[match_id]
        sent = sentence(start)
        if _someone_elses(doc, start, sent):
            continue
        quote = snippet(doc, start, end, sent)
        if kind == "not_serious":
            not_serious.append(quote)
            continue
        negated, _ = _polarity(doc, start, end, sent)
        if negated or _hypothetical(doc, start, sent):
            continue
        (alive if kind == "alive" else danger).append(quote)
    died = facts.get("died")
    if alive and died is None:
        facts["died"] = Fact("died", "false", distinct(alive)[:2])
    harmed = facts.get("seriously_harmed")
    if not_serious and (harmed is None or harmed.value == "unknown"):
        facts["seriously_harmed"] = Fact("seriously_harmed", "false", distinct(not_serious)[:2])
    hints = [
        t.i
        for t in doc
        if t.lower_ in SECURE_HINTS
        and not (t.lower_.startswith("arrest") and t.i and doc[t.i - 1].lower_ in RESPIRATORY)
    ]
    # "He was not in custody or detained" hints at nothing.
    hints = [i for i in hints if not _polarity(doc, i, i + 1, sentence(i), cues=cues)[0]]
    if hints:
        i = hints[0]
        facts["secure_hint"] = Fact("secure_hint", "true", (snippet(doc, i, i + 1, sentence(i)),))
    abuse = facts.get("abuse_or_neglect")
    living = died is None or died.value != "true"
    if living and (danger or (abuse is not None and abuse.value == "true")):
        quotes = danger or list(abuse.evidence if abuse is not None else ())
        facts["immediate_risk"] = Fact("immediate_risk", "true", distinct(quotes)[:2])


RESPIRATORY = frozenset({"cardiac", "respiratory", "heart"})


def extract_facts(text: str) -> Facts:
    doc = nlp()(text[:100_000])
    phrases, patterns = _matcher()
    found: dict[str, list[tuple[bool, bool, str]]] = {}
    spans = [(doc.vocab.strings[mid], s, e) for mid, s, e in phrases(doc)]
    spans += [  # "bitten by a neighbour's dog" was not bitten by the neighbour
        (doc.vocab.strings[mid], s, e)
        for mid, s, e in patterns(doc)
        if e >= len(doc) or doc[e].lower_ not in ("'s", "’s")
    ]
    taken = {i for _, s, e in spans for i in range(s, e)}
    spans += list(_typo_matches(doc, taken))
    sentence = sentences(doc)
    spans += list(_own_acts(doc, spans, sentence))
    # "Could not be resuscitated" is a death, not a denial that the child was resuscitated.
    inside_a_death = {
        (i, j)
        for name, ds, de in spans
        if name == "died"
        for i in range(ds, de)
        for j in range(i + 1, de + 1)
        if (i, j) != (ds, de)
    }
    spans = [(name, s, e) for name, s, e in spans if name == "died" or (s, e) not in inside_a_death]
    cue_tokens = frozenset(i for _, s, e in spans for i in range(s, e))
    for name, start, end in spans:
        sent = sentence(start)
        if _not_about_this_child(name, doc, start, end, sent):
            continue
        # Doubt about the cause ("unsure whether the fractures are accidental") leaves the harm.
        if name != "seriously_harmed" and _unsure(doc, start, sent):
            continue
        condition = _hypothetical(doc, start, sent)
        if condition == "skip" and name == "seriously_harmed" and _asks_the_cause(doc, start, sent):
            condition = ""
        if condition == "skip":
            continue
        hedges = HARM_HEDGES if name == "seriously_harmed" else HEDGES
        negated, hedged = _polarity(doc, start, end, sent, hedges, cue_tokens)
        hedged = hedged or condition == "hedged"
        if negated and doc[start:end].text.lower() in AFFIRMED_ONLY:
            continue
        found.setdefault(name, []).append((negated, hedged, snippet(doc, start, end, sent)))
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
    # A death by suicide is a death.
    if facts.get("suicide_suspected", Fact("x")).value == "true" and "died" not in facts:
        facts["died"] = Fact("died", "true", facts["suicide_suspected"].evidence)
    if facts.get("died", Fact("x")).value == "false":
        facts.pop("suicide_suspected", None)
    months = _age_months(text)
    if "abuse_or_neglect" not in facts:
        bruised = _bruised_baby(doc, text, months, sentence)
        if bruised is not None:
            facts["abuse_or_neglect"] = bruised
    facts.update(working_together(doc))
    # "Found unhurt", "was not hurt": no harm, when nothing else says there was.
    if "seriously_harmed" not in facts:
        for token in doc:
            unhurt = (
                token.lower_ in ("hurt", "injured") and token.i and doc[token.i - 1].lower_ == "not"
            )
            if token.lower_ in UNHARMED or unhurt:
                sent = sentence(token.i)
                facts["seriously_harmed"] = Fact(
                    "seriously_harmed", "false", (snippet(doc, token.i, token.i + 1, sent),)
                )
                break
    _fill_in(doc, facts, sentence, cue_tokens)
    age = None if months is None else months // 12
    if age is not None:
        facts["age"] = Fact("age", "true", detail=str(age))
    facts.update(care_status(doc, age, sentence))
    dol = facts.get("deprivation_of_liberty_16_17")
    if dol is not None and dol.value == "true":
        if age is None:
            facts["deprivation_of_liberty_16_17"] = Fact(dol.name, "unknown", dol.evidence)
        elif age not in (16, 17):
            facts["deprivation_of_liberty_16_17"] = Fact(
                dol.name, "false", dol.evidence, detail=f"aged {age}"
            )
    return Facts(facts)


def facts_as_json(facts: Facts) -> dict[str, Any]:
    from ..workflow.criteria import FACTS

    out: dict[str, Any] = {}
    for name in FACTS:
        fact = facts[name]
        if name == "age":
            out[name] = {"value": int(fact.detail) if fact.detail else None, "evidence": []}
            continue
        item: dict[str, Any] = {"value": fact.value, "evidence": list(fact.evidence)}
        if fact.hedged:
            item["hedged"] = True
        if fact.detail:
            item["detail"] = fact.detail
        out[name] = item
    return out
