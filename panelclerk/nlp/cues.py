"""The vocabulary the facts are read with: phrase lists per fact, and spaCy patterns for what
a phrase list cannot say. Data, not logic: long by nature (over 500 lines), kept in one
place so that a cue is added in one line and reviewed beside its neighbours."""

from __future__ import annotations

import re
from typing import Any


def _split(text: str) -> list[str]:
    return text.split()


# A child to be married against their will, as notes name it (honour-based abuse).
FORCED_MARRIAGE = (
    "forced marriage",
    "forced to marry",
    "forced marriage unit",
    "forced marriage protection order",
    "fmpo",
)
# Resuscitation, and the words of its end: "resus stopped in ED 17:20".
RESUSCITATION = _split("cpr resus resuscitation als")
RESUSCITATION_ENDS = _split("stopped ceased discontinued abandoned terminated")
# A medicine not fetched: "repeat scripts not collected".
UNFETCHED = _split("collected fetched dispensed")

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
        # a child to be married against their will: honour-based abuse
        *FORCED_MARRIAGE,
        # "Cause of death 1a: Starvation" (not "oxygen starvation", "self-starvation":
        # `facts._misread`)
        "starvation",
        "starved",
        "died of starvation",
        "died from starvation",
        "death from starvation",
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
        "sextortion",
        "sextorted",
        "sexual extortion",
        "sexually extorted",
        "financially motivated sexual extortion",
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
        # the offence of child cruelty and neglect: "interviewed under s1 Children and Young
        # Persons Act" (not the 1969 Act's remand)
        "s1 children and young persons act",
        "s.1 children and young persons act",
        "section 1 children and young persons act",
        "section 1 of the children and young persons act",
        "children and young persons act 1933",
        # "SG" is how notes write safeguarding: "No SG concerns", "SG concerns raised"
        "sg concerns",
        "sg concern",
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
        "inducing and fabricating",
        "fabricating and inducing",
        "induced and fabricated",
        "fabricated and induced",
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
        # no grown-up there: "No adult in the property at time of fire", "the kids are
        # always on their own at night"
        "no adult in the property",
        "no adult in the house",
        "no adult in the flat",
        "no adult at home",
        "no adults in the property",
        "no adults in the house",
        "on their own at night",
        "on their own overnight",
        # a home without the basics
        "no food",
        "no food in the house",
        "nothing in the fridge",
        "nothing in fridge",
        "no food in the fridge",
        "fridge was empty",
        "empty fridge",
        "no heating",
        "no working heating",
        "no electric",
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
        "never fed",
        "rarely fed",
        "underfed",
        *(
            f"{never} given anything to {what}"
            for never in ("never", "rarely")
            for what in ("eat", "drink")
        ),
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
        # case-note shorthand for abuse or neglect known or suspected of this child (not
        # "s47": an enquiry often ends "s47 closed NFA")
        "child protection plan",
        "cp plan",
        "a beating",
        "sexual messages",
        "sexualised messages",
        # a dangerous thing left where a child could reach it
        "left it out",
        "left them out",
        "left within reach",
        "within reach",
        "left lying around",
        # plain and second-language words for what was done
        "sexual things",
        "sexual stuff",
        "rude things",
        "not accident",
        "not an accident",
        "not accidental",
        "no accident",
        "lack of supervision",
        "poor supervision",
        "inadequate supervision",
        "inappropriate supervision",
        "supervision was poor",
        "supervision was inadequate",
        # a child exploited to run drugs or for sex, told in the words of the work
        "county lines",
        "running drugs",
        "run drugs",
        "drug running",
        "dealing drugs for",
        "selling drugs for",
        "holding drugs for",
        "nrm referral",
        "national referral mechanism",
        "reasonable grounds decision",
        "conclusive grounds decision",
        "trap house",
        "cuckooed",
        "cuckooing",
        "criminal exploitation",
        "criminally exploited",
        "modern slavery",
        "trafficking",
        # a death or an injury the police or a clinician treat as caused by someone
        "treated as suspicious",
        "suspicious injuries",
        "suspicious injury",
        "suspicious bruising",
        "suspicious bruises",
        "suspicious marks",
        "smothering",
        "smothered",
        "strangled by",
        "choked by",
        "suffocated by",
        "deliberate suffocation",
        "deliberately suffocated",
        *(
            phrase
            for how in ("deliberately", "intentionally")
            for done in _split(
                "scalded poisoned starved drowned stabbed suffocated injured harmed burned burnt"
            )
            for phrase in (f"{how} {done}", f"{done} {how}")  # "was scalded deliberately"
        ),
        "carry drugs",
        "carrying drugs",
        "carried drugs",
        "carrying for a gang",
        "carrying for gangs",
        "running for a gang",
        "working for a gang",
        "dealing for a gang",
        "used to carry",
        "using him to carry",
        "using her to carry",
        # a hurt done as punishment, an injury with no account of it
        "as punishment",
        "as a punishment",
        "to punish him",
        "to punish her",
        "to punish them",
        "no explanation given",
        "no explanation was given",
        "no explanation has been given",
        "no explanation offered",
        "no explanation was offered",
        "no explanation from",
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
        "passed peacefully",
        "passed away peacefully",
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
        # in other words: a clinician's, a family's, a second-language writer's
        "couldn't be revived",
        "couldn't be resuscitated",
        "could not be saved",
        "couldn't be saved",
        "didn't make it",
        "did not make it",
        "dead on arrival",
        "didn't survive",
        "pronounced dead",
        "declared dead",
        "confirmed dead",
        "pronounced extinct",
        "rosc not achieved",
        "no rosc",
        "resuscitation unsuccessful",
        "resuscitation was unsuccessful",
        "resus unsuccessful",
        "life extinct",
        "life pronounced extinct",
        "withdrew life support",
        "withdrawn life support",
        "life support was withdrawn",
        "life support was switched off",
        "life support was turned off",
        "life support withdrawn",
        "withdrawal of life support",
        "withdrawal of care",
        "switched off life support",
        "turned off life support",
        "taken off life support",
        "removed from life support",
        "is dying",
        "was dying",
        # a burial or a funeral: "we buried our Kayla yesterday"
        "we buried",
        "buried our",
        "buried him",
        "buried her",
        "was buried",
        "his funeral",
        "her funeral",
        # a death as the resuscitation team records it
        "pronounced in resus",
        "pronounced in ed",
        "pronounced in a&e",
        "pronounced at the scene",
        "pronounced at scene",
        "pronounced at hospital",
        "time of death",
        "resuscitation was stopped",
        "resuscitation was discontinued",
        "resuscitation was abandoned",
        # as control rooms record it: "FATALITY CONFIRMED BY A&E CONSULTANT"
        "fatality confirmed",
        "confirmed fatality",
        "resuscitation stopped",
        "resuscitation discontinued",
        "resuscitation ceased",
        "resuscitation was ceased",
        "recognition of life extinct",
        "death was verified",
        "death verified",
        "verification of death",
        # as families say it: "found lifeless in his room", "machines turned off 05:55"
        "found lifeless",
        "lifeless body",
        "machines turned off",
        "machines switched off",
        "machine turned off",
        "machine switched off",
        "turned off the machines",
        "switched off the machines",
        "turned the machines off",
        "switched the machines off",
        "ventilation was withdrawn",
        "turned the machine off",
        "switched the machine off",
        "turned off the machine",
        "switched off the machine",
        # as a crew or a ward says resuscitation failed: "CPR unsuccessful", "never regained
        # consciousness", "didn't pull through"
        "heart rate ceased",
        "heartbeat ceased",
        "cpr unsuccessful",
        "cpr was unsuccessful",
        "never regained consciousness",
        "did not pull through",
        "didn't pull through",
        "didnt pull through",
        # imaging only the dead have: "PMCT + POST-MORTEM SKELETAL SURVEY"
        "pmct",
        "post-mortem skeletal survey",
        "post mortem skeletal survey",
        "postmortem skeletal survey",
        "post-mortem ct",
        "post mortem ct",
        # as families and faiths say it: "gained his wings", "is with the Lord now"
        "gained his wings",
        "gained her wings",
        "with the angels now",
        "with the lord now",
        "with jesus now",
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
        "hung himself",
        "hung herself",
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
        "brain-damaged",
        "brain damaged",
        "emaciated",
        "died of starvation",
        "died from starvation",
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
        "itu",
        "on a ventilator",
        "on the ventilator",
        "critical condition",
        "near-fatal",
        "near fatal",
        "long-term impairment",
        "permanent damage",
        # injuries told by what they took away: "can no longer walk", "fingers amputated"
        "spinal cord",
        "can no longer walk",
        "amputated",
        "amputation",
        "had to be removed",
        "on ventilator",
        "rosc",
        "raping",
        # sight lost: "visual loss likely permanent", "permanent loss of vision"
        "visual loss",
        "loss of vision",
        "sight loss",
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
        # a child who cannot be roused is in a potentially life-threatening state
        "unresponsive",
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
        "full thickness burn",
        "full-thickness burn",
        "massive burn",
        "extensive burns",
        "extensive burn",
        "severe burns",
        "severe burn",
        "deep burn",
        "deep burns",
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
        # lasting loss and specialist care
        "loss of use",
        "lost the use",
        "lose the use",
        "loss of function",
        "permanent loss",
        "liver unit",
        "liver transplant",
        "burns unit",
        "neurosurgical",
        "neurosurgeons",
        "major trauma centre",
        "skin grafting",
        "scarring",
        "was shot",
        "been shot",
        "were shot",
        "gunshot",
        "gunshot wound",
        "gunshot wounds",
        # cutting a girl's genitals is a permanent physical injury whatever the type
        "fgm",
        "female genital mutilation",
        "genital mutilation",
        "female circumcision",
    ),
    "died_in_custody": (
        "in custody",
        "police custody",
        "on remand",
        "remanded",
        "young offender institution",
        "yoi",
        # a custody officer's log: "conveyed to Northgate custody", "detainee KB"
        "detainee",
        "on a cell check",
        "cell check",
        "booked into custody",
        "hmyoi",
        "hm yoi",
        "hmp yoi",
        "hmp / yoi",
        "hmp/yoi",
        "secure training centre",
        "stc",
        "secure children's home",
        "secure childrens home",
        "secure children s home",
        "prison",
        "in cell",
        "in his cell",
        "in her cell",
        "in the cell",
        "in a cell",
        "custody suite",
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
        # as wards write it: "detained on section 3", "detained on s3"
        "detained on section",
        "detained on a section",
        "detained on s2",
        "detained on s3",
        "detained under s2",
        "detained under s3",
    ),
    "deprivation_of_liberty_16_17": (
        "deprivation of liberty",
        "deprivation of her liberty",
        "deprivation of his liberty",
        "deprivation of their liberty",
        "depriving her of her liberty",
        "depriving him of his liberty",
        "deprive her of her liberty",
        "deprive him of his liberty",
        "deprivation-of-liberty",
        "dols",
        "dol order",
        "deprived of their liberty",
        "deprived of his liberty",
        "deprived of her liberty",
        "mental capacity act",
        # as families put the order: "an order from the High Court letting them restrict his
        # liberty"
        "restrict his liberty",
        "restrict her liberty",
        "restrict their liberty",
        "restricting his liberty",
        "restricting her liberty",
        "restriction of liberty",
        "restrictions on his liberty",
        "restrictions on her liberty",
    ),
}

# A death told by what could not be done or who was lost: "they couldn't bring him back",
# "the paramedics were unable to save her", "we lost him on Sunday".
_COULD_NOT = (
    "could not",
    "couldn't",
    "could n't",
    "couldnt",
    "were unable to",
    "was unable to",
    "failed to",
)
_BACK = ("bring {} back", "bring {} round", "get {} back", "save {}", "revive {}", "resuscitate {}")
_WHOM = ("him", "her", "them", "the baby", "the child")
CUES["died"] = (
    CUES["died"]
    + tuple(f"{c} {v.format(w)}" for c in _COULD_NOT for v in _BACK for w in _WHOM)
    + tuple(
        f"{who} lost {w}" for who in ("we", "they", "i", "family") for w in (*_WHOM, "our", "my")
    )
)
# Development that "won't catch up": the statute's likely long-term impairment, in lay words.
CUES["seriously_harmed"] = CUES["seriously_harmed"] + tuple(
    f"{m} catch up" for m in ("won't", "wont", "will not", "may never", "might never", "never")
)
# Neglect told by what was done: kept shut away ("a room to which he had been largely
# confined"), development held back "by deprivation".
CUES["abuse_or_neglect"] = CUES["abuse_or_neglect"] + (
    "largely confined",
    "been confined",
    "kept confined",
    "kept locked",
    "locked in his room",
    "locked in her room",
    "locked in a room",
    "locked in the room",
    "locked in their room",
    "result of deprivation",
    "due to deprivation",
    "caused by deprivation",
    "effects of deprivation",
)

# Detention told as "under a section": "on the adolescent ward under a section since June".
CUES["mental_health_act_detention"] = CUES["mental_health_act_detention"] + (
    "under a section",
    "on a section",
    "under section 2",
    "under section 3",
    # as notes shorten it: "under s.3 per her SW", "on a s2 since Friday"
    *(
        f"{on} {a}{s}{n}"
        for on in ("under", "on")
        for a in ("", "a ")
        for s in ("s", "s.", "s. ", "sec ", "sec. ")
        for n in ("2", "3")
    ),
    "on section 2",
    "on section 3",
    "s3 mha",
    "s2 mha",
    "s.3 mha",
    "s.2 mha",
)
# Sexual abuse told without its name, and criminal exploitation told by its signs.
CUES["abuse_or_neglect"] = CUES["abuse_or_neglect"] + (
    "tried to touch her",
    "tried to touch him",
    "touch her private",
    "touch his private",
    "touched her private",
    "touched his private",
    "private parts",
    "her privates",
    "his privates",
    "did things to her",
    "did things to him",
    "county lines",
    "trap house",
    "cuckooed",
    "cuckooing",
    "running drugs",
    "run drugs",
    "drug running",
    "made to sell drugs",
    "owes money to",
    "with older men",
    "with older males",
)

# Abuse linked to faith or belief: a child said to be possessed or a witch, "delivered".
CUES["abuse_or_neglect"] = CUES["abuse_or_neglect"] + (
    "witchcraft",
    "branded a witch",
    "called a witch",
    "accused of being a witch",
    "accused of witchcraft",
    "spirit possession",
    "possessed by",
    "is possessed",
    "was possessed",
    "being possessed",
    "exorcism",
    "exorcise",
    "exorcised",
    "female circumcision",
    # of a girl, always FGM (read only when the child is a girl)
    "circumcision",
    "circumcised",
)

# Held in police cells: "died in the cells", "collapsed in the police cells".
CUES["died_in_custody"] = CUES["died_in_custody"] + (
    "police cells",
    "in the cells",
    "custody cell",
    "custody cells",
    # a custody record's own words: "CPR by custody staff", "found on a rousing check"
    "custody staff",
    "custody suite",
    "rousing check",
)

UNHARMED = frozenset({"unhurt", "uninjured", "unharmed", "unscathed"})

# Said of the child, the child is alive: "is recovering", "is safe", "remains in hospital".
ALIVE_CUES = (
    "is safe",
    "safe at",
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
    # where a living child is now: admitted, in surgery, on the ward, checked, discharged
    "was admitted",
    "been admitted",
    "admitted to",
    "admitted with",
    "admitted onto",
    "admitted overnight",
    "admitted for obs",
    "admitted for observation",
    "admitted for observations",
    "kept in",
    # being treated as only a living child is: "in a sling, all fine", "cast on, home by 7",
    # "took her up to Ward 12", "Plastics seeing her tomorrow"
    "in a sling",
    "in a cast",
    "in plaster",
    "cast on",
    "plaster cast",
    "home by",
    "up to ward",
    "seeing her tomorrow",
    "seeing him tomorrow",
    "dressing due",
    "in surgery",
    "underwent surgery",
    "had surgery",
    "on the ward",
    "in picu",
    "in icu",
    "in nicu",
    "in hdu",
    "in intensive care",
    "in hospital",
    "in hosp",
    "to picu",
    "to icu",
    "to hdu",
    "ventilated",
    "critical but stable",
    "in a critical condition",
    "in a stable condition",
    "checked by",
    "checked over",
    "seen by gp",
    "seen by the gp",
    "seen by a doctor",
    "examined by",
    "discharged",
    "d / c",
    "placed with",
    "now with",
    "staying with",
    "complaining of",
    "was complaining",
    "collected him",
    "collected her",
    "stable post-op",
    "post-op",
    "now medically fit",
    "medically fit",
    "is expected to survive",
    # seen alive by a professional, for a reason only the living are seen for
    "seen with mum",
    "seen with dad",
    "seen with her mother",
    "seen with his mother",
    "seen with her father",
    "seen with his father",
    "seen with mother",
    "seen with father",
    "seen for a",
    "seen for his",
    "seen for her",
    "brought in by",
    "brought to surgery",
    "brought to clinic",
    # tests of a living child still to come: "CT head and skeletal survey pending"
    "survey pending",
    "ct head pending",
    "ct pending",
    "scan pending",
    "scans pending",
    "bloods pending",
    "ophthalmology pending",
    "awaiting ct",
    "awaiting a ct",
    "awaiting skeletal survey",
    "awaiting a skeletal survey",
    "awaiting scan",
    "awaiting a scan",
    "awaiting ophthalmology",
    "in school now",
    "in school today",
    "is in school",
    "'s in school",
    "shes in school",
    "hes in school",
    "in theatre",
    "in a&e now",
    "in a & e now",
    "in ed now",
    "in a&e",
    # a patient still being cared for: "currently sedated on PICU", "now tubed", "He's stable"
    "on picu",
    "on nicu",
    "on icu",
    "on itu",
    "on the itu",
    "in itu",
    "on hdu",
    "on a ventilator",
    "paeds ward",
    "children's ward",
    "kept in overnight",
    "kept in hospital",
    "kept in for",
    "on the unit",
    "on a ward",
    "'s stable",
    "’s stable",
    "stable now",
    "now stable",
    "sent home",
    "currently sedated",
    "now sedated",
    "now tubed",
    "now intubated",
    "extubated",
    "now extubated",
    "playing happily",
    "now awake",
    "is awake",
    "on the ward",
    "home safe",
    "seems otherwise fine",
    "otherwise fine",
    # treatment given to a living patient, in a text that tells of no death
    "intubated",
    "conveyed to",
    "transferred to",
)

# Said of the child, no serious harm: "needed no treatment", "minor bruising".
NOT_SERIOUS_CUES = (
    "is fine",
    "she's fine",
    "he's fine",
    "doing fine",
    "no medical treatment",
    "not need any treatment",
    "no medical attention",
    "did not require treatment",
    "didn't require treatment",
    "never been harmed",
    "never been hurt",
    "never been injured",
    "faint redness",
    "slight redness",
    "gone by next morning",
    "gone by the next morning",
    "gone by the morning",
    "faded by",
    "had faded",
    "has faded",
    "had gone by",
    "had settled by",
    "grazed",
    "grazes",
    "scratches",
    "minor grazes",
    "minor scratches",
    # first aid was all, or not even that: "no first aid needed beyond a cold compress"
    "no first aid",
    "first aid only",
    "only first aid",
    "graze",
    "grazed his knee",
    "grazed her knee",
    "minor injury",
    "minor injuries",
    # small by their nature, said so: "a small corneal abrasion", a cut closed with glue
    # (not "abrasions" alone: a post-mortem or a beaten child has them too)
    "small abrasion",
    "corneal abrasion",
    "minor abrasion",
    "minor abrasions",
    "glued",
    "not even broken",
    # injuries small by their nature, told plainly (not a bruise: on a young child even a
    # small one can be the sign that matters)
    "small cut",
    "small cuts",
    "bloody nose",
    "nosebleed",
    "nose bleed",
    "sprained",
    "sprain",
    "soft tissue injury",
    "soft tissue sprain",
    "x-ray clear",
    "x-ray was clear",
    "xray clear",
    "x-rays clear",
    "split lip",
    "steri-strip",
    "steri-strips",
    "steristrips",
    "happy and playing",
    "fine at training",
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
    "not been hurt",
    "hasn't been hurt",
    "no ill effects",
    "no ill-effects",
    "no after-effects",
    "no lasting harm",
    "no lasting damage",
    "no harm done",
    "none the worse",
    "nothing has happened to him",
    "nothing has happened to her",
    "nothing's happened to him",
    "nothing's happened to her",
    "nothing's actually happened to him",
    "nothing's actually happened to her",
    "physically fine",
    "no injuries",
    "not seriously harmed",
    "not seriously hurt",
    "not seriously injured",
    "not badly hurt",
    "no injuries",
    "no injury",
    "no other injuries",
    "no other injury",
    "no inj",
    "no phys inj",
    "no physical inj",
    "no other inj",
    "no lasting harm",
    "no lasting damage",
    "no serious harm",
    "no serious injury",
    "no serious injuries",
    "no physical injuries",
    "no harm",
    "no treatment required",
    "no treatment was required",
    "steri strips",
    "a few stitches",
    "a couple of stitches",
    *(f"{n} stitches" for n in ("two", "three", "four", "five", "2", "3", "4", "5")),
)

# Words that hint at the special routes for a death (custody, the Mental Health Act, a
# deprivation of liberty) without saying them: then the advice asks rather than assumes.
SECURE_HINTS = frozenset(
    _split(
        "custody detained detention remand remanded arrest arrested sectioned "
        "secure cell cells prison prisoner yoi hmyoi stc restraint restrained liberty dols mha "
        "inpatient in-patient psychiatric sentenced offender institution"
    )
)

# Cues that count only when affirmed: "no suspicious circumstances" says the death was not
# suspicious, not that no abuse or neglect was known (Regulation 5(2)(a) asks about abuse at
# all, not only as the cause of death), as a death "from natural causes" does.
AFFIRMED_ONLY = frozenset({"suspicious circumstances", "treated as suspicious"})

# Said of a death, these are the child's own act: "died by hanging", "a self-inflicted death".
OWN_ACT = frozenset({"hanging", "hanged", "ligature"})

# Someone else in the family: their prison, injury or death is not the child's ("the father,
# who had served 6 years in prison", "her sister died of SIDS").
OTHERS = frozenset(
    _split(
        "father mother stepfather stepmother partner boyfriend uncle brother parent parents dad "
        "mum grandfather cousin sister sibling siblings twin grandmother grandparent grandparents "
        "aunt stepbrother stepsister dog cat pet grandad granddad grandpa grandma nan nana gran "
        "granny hamster rabbit puppy kitten pony horse budgie"
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
    "sex with": "serious sexual harm",
    "have sex": "serious sexual harm",
    "fgm": "female genital mutilation",
    "mutilation": "female genital mutilation",
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
        "nil",
    }
)

NEGATION_PHRASES = (
    "no evidence",
    "no indication",
    "no suggestion",
    "no concerns",
    "no concern",
    "nil concerns",
    "nil concern",
    "no known",
    "nothing to suggest",
    "ruled out",
    "not suspected",
    "there is no",
    "there are no",
    "there were no",
    "there was no",
)

POST_DENIALS = re.compile(
    r"^\s*(was|were|is|are|has been|have been|had been|has|have|had)?\s*(?:both\s+|all\s+)?"
    r"(not|never|ruled out|excluded|unfounded|unsubstantiated|disproved|no longer suspected)\b"
    # "her death was not preventable": a verdict on it, not a denial of it
    r"(?!\s+(?:been\s+|be\s+)?(?:preventable|predictable|expected|foreseeable|avoidable|suspicious|inevitable|"
    r"anticipated|explained|unexpected|recognised|recognized|reported|disclosed|shared|acted|"
    r"addressed|picked|noticed|followed|escalated|referred|recorded|spotted|investigated|"
    r"challenged|dealt|responded|explored|considered|known about|identified by|passed|"
    r"raised|treated|managed|always|only|just|the only|new|recent|"
    # a comment on the harm, which tells it was there: "the burns were not accidental",
    # "the abuse never stopped", "had never come to light", "was not obvious"
    r"accidental|superficial|caused|stopped|ended|come to light|came to light|"
    r"taken seriously|minor|self-inflicted|unnoticed))"
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
    {
        ",",
        ";",
        ":",
        "but",
        "however",
        "although",
        "though",
        "whereas",
        "yet",
        "while",
        "and",
        ".",
        "where",
    }
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
    # months said in words: "aged eighteen months", "twenty-two months old"
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "twenty-one": 21,
    "twenty-two": 22,
    "twenty-three": 23,
    "twenty-four": 24,
    "twenty one": 21,
    "twenty two": 22,
    "twenty three": 23,
    "twenty four": 24,
}

# longest first, so that "twenty one months" is not read as "twenty"
_NUMBER = r"(\d{1,2}|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"

# The days of the week as notes write them: "passed on Tues".
WEEKDAYS = _split(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed weds thu thur "
    "thurs fri sat sun"
)
# Capitalised words that are not a name before an age: "Plan B, 12", "Monday, 14/12" (a
# date), "Flat C, 12", "Leeds General, 03/12".
_NOT_NAMES = (
    r"(?:Plan|Section|Type|Class|Group|Block|Room|Ward|Bay|Bed|Appendix|Annex|Category|Flat|"
    r"Apartment|House|Court|Road|Street|Lane|Close|General|Infirmary|Hospital|Clinic|Centre|"
    r"Schedule|Level|Stage|Tier|Part|Table|Figure|Vitamin|Hepatitis|Grade|Unit|Team|Zone|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|"
    r"Thurs|Fri|Sat|Sun|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
# "mths", "mnths", "mo": months as notes write them ("aged 23 m" is read apart)
_SMALL_UNITS = r"(days?|weeks?|months?|hours?|mths?|mnths?|mos?|wks?)"

AGE = re.compile(
    rf"\b{_NUMBER}[\s-]*(?:years?|yrs?|yo|y-o|y\.o)\b"
    # a form's field: "Age: 15"
    r"|\bage\s*:\s*(\d{1,2})\b(?![\s-]*(?:months?|mths?|weeks?|wks?|days?|(?-i:m)\b|w\b|/))"
    rf"|\b(?:aged?|at the age of|now)\s+{_NUMBER}\b"
    rf"(?![\s-]*{_SMALL_UNITS}\b|\s?(?-i:m)\b|\s?/\s?(?:12|52)\b)"
    # "Ollie, turned 18 last month"; not "turned 3 times"
    rf"|\bturned\s+{_NUMBER}\b"
    rf"(?![\s-]*(?:{_SMALL_UNITS[1:-1]}|times|degrees|minutes?|mins?|seconds?)\b|\s*%)"
    rf"|\b(?:boy|girl|child|son|daughter|student|pupil|teenager|person|lads?|toddler|infant|"
    rf"brother|sister|cousin|sibling|eldest|youngest|oldest|(?-i:[A-Z][a-z]+))\s*,\s*{_NUMBER}\s*(?=[,.;)(]|and\b|$)"
    # a first name and an initial or a surname in capitals, as case notes give them: "RE:
    # Kieran M, 16, LAC", "Tyler-James H, 17, ASC", "Arrested Kai BROWN, 17"
    rf"|\b(?!{_NOT_NAMES}\b)(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s(?:[A-Z]{{2,}}(?:-[A-Z]{{2,}})?|[A-Z]))"
    # (under 18 only, as for an initial alone: logs name an adult the same way, "Tyler
    # BROOKS, 18, attended address", and a child's age is the one wanted)
    r"\.?\s*,\s*(1[0-7]|\d)\s*(?=[,.;)(]|and\b|$)"
    # an initial for a name, as notes give it: "Sup 30/1. J, 16, Y11"; not "Plan B, 12," nor
    # an adult's ("Suspect: D, 19")
    r"|(?:^|(?<=[.;\n]\s)|(?<=\n))(?-i:[A-Z])\s*,\s*(1[0-7]|\d)\s*(?=[,.;)(]|$)"
    # "she's 15", "she was fourteen", "the girl I'm asking about is 14 and"; not "when she was 7"
    rf"|\b(?:she|he|about|girl|boy|child|son|daughter|teenager|(?-i:[A-Z][a-z]+))\s*"
    r"(?:['’]s|\s+is|\s+was|\s+is\s+now|\s+turned|,?\s+who\s+(?:is|was))(?:\s+only|\s+just)?\s+"
    rf"{_NUMBER}\b(?=\s*(?:[,.;:)!?]|$|and\b|but\b|with\b|who\b|years?\b|yrs?\b|at\b|in\b|"
    r"on\b|now\b|and\b))"
    # notes: "child 2y", "14 y/o F", "DP (17y M)", "K (6)", "A (16, serving", "girl 16 sectioned"
    r"|\b(\d{1,2})\s?(?:y|y/o|yr|yrs)\b(?!/)"
    r"|\b(?:boy|girl|child|son|daughter|student|pupil|sibling|toddler|infant|brother|sister|"
    r"cousin|eldest|youngest|(?-i:[A-Z]))\s*\((\d{1,2})\s*[,)]"
    # a name and an age: "Harley (16), Brooke (13)"; not "Section (3)", "Mum (24)"
    r"|\b(?!(?:Year|Section|Regulation|Paragraph|Para|Appendix|Page|Part|Chapter|Rule|Item|"
    r"Step|Note|Table|Figure|Stage|Level|Tier|Room|Ward|Bed|Case|Annex|Mum|Mom|Dad|Mother|"
    r"Father|Nan|Nana|Gran|Granny|Grandad|Grandma|Grandpa|Aunt|Auntie|Uncle|Stepdad|Stepmum|"
    r"Partner|Boyfriend|Girlfriend|Carer|Foster|Parent|Parents)\b)(?-i:[A-Z][a-z]+)"
    r"\s\((\d{1,2})(?:\)|(?=,\s*(?!\d)))"
    # a clinic's shorthand for a teenager, "15F", "19M"; a date of birth with the age after
    # it, "DOB 04/03/2007 (16)"
    r"|\b(1\d)(?-i:[FM])\b"
    r"|\b(?:dob|d\.o\.b\.?)\s*:?\s*[\d/.-]{6,10}\s*\((\d{1,2})\)"
    # a sex and an age, as forms give them: "(female, 15)", "pupil (F, 14)". Under 18 only:
    # notes give an adult's the same way ("practitioner (F, 22)"), and a child's is wanted
    r"|\((?:female|male|f|m)\s*,\s*(1[0-7]|\d)\)"
    # a school year and an age in brackets: "Ava (Y6, 10)", "(Year 9, 14)"
    r"|\((?:y|yr|year)\s*\d{1,2}\s*,\s*(\d{1,2})\)"
    # "a girl of 8", "a child of eleven"
    rf"|\b(?:boy|girl|child|son|daughter|pupil|lad)\s+of\s+{_NUMBER}\b(?![\s-]*(?:{_SMALL_UNITS[1:-1]}|"
    r"/|%)\b)"
    r"|\b(?:boy|girl|child)\s+(\d{1,2})\b(?!\s*(?:years?|months?|weeks?|days?|hours?|hrs|[:/%.]\d))"
    # forms and school notes: "YP: 16, female", "Child: M, 14", "one of our Year 3s (7)",
    # "a pupil in Year 1 (5)", "the girl in Y5 (9)", "one of our young people (17)"
    r"|\b(?:yp|cyp|child|young person|pupil|student|subject|patient)\s*:\s*(?:[a-z]{1,2}\s*,\s*)?"
    # (not an email's "Subject: 22 Orchard Close", a number and then a name)
    r"(\d{1,2})\b(?!\s*(?:/|months?|mths?|weeks?|wks?|days?|m\b|w\b))"
    r"(?![ \t]+(?!(?-i:Male|Female|Boy|Girl)\b)(?-i:[A-Z][a-z]))"
    r"|\b(?:people|person|students|pupils|years?\s*\d{1,2}s?|y\d{1,2}s?|yps?|lads?|kids?|"
    r"granddaughter|grandson|niece|nephew|stepson|stepdaughter)"
    r"\s*\((\d{1,2})\)"
    # a clinician's opening shorthand, years then sex: "14F, self-presented", "9M trampoline
    # fall", at the start of the note or of a line
    r"|(?:^|(?<=\n))\s*(\d{1,2})\s?(?-i:[MF])(?=[\s,.;:)]|$)",
    re.I,
)

# An age in days, weeks or months: "a 7-week-old", "aged 18 months", "a baby of 11 weeks".
SMALL_AGE = re.compile(
    rf"\b{_NUMBER}[\s-]*{_SMALL_UNITS}[\s-]*old\b"
    rf"|\b(?:aged?|at the age of|(?:baby|infant|child) of|age\s*:)\s*{_NUMBER}[\s-]*"
    rf"{_SMALL_UNITS}\b"
    # "aged 23 m": a lower-case m after "aged" is months ("Age: 16 M" is a boy of 16)
    r"|\baged?\s+(\d{1,2})\s?((?-i:m))\b"
    # a clinician's months or weeks after "aged": "aged 19/12", "age 6/52"
    r"|\baged?\s+(\d{1,2})\s?/\s?(12|52)\b"
    # notes: "I (11m)", "L (9 months)", "7wk old", "baby 6wks"
    r"|\((\d{1,2})\s?(m|mths?|months?|wks?|weeks?)\)"
    # "Ruby (3/12)", "baby (6/52)": months or weeks in brackets, as clinicians write them
    r"|\((\d{1,2})/(12|52)\)"
    # a name or a child and an age in days, weeks or months: "Harvey, 7 weeks", "baby, 3 months"
    rf"|\b(?:baby|infant|child|son|daughter|boy|girl|(?-i:[A-Z][a-z]+)),\s*{_NUMBER}[\s-]*"
    rf"{_SMALL_UNITS}\b(?![\s-]*(?:ago|later|earlier|before|after|behind))"
    # a check named by the age it is done at: "seen at her 27-month review", "the 8-week check"
    rf"|\b{_NUMBER}[\s-]*(weeks?|months?|wks?|mths?)[\s-]*(?:review|check|check-up|checkup|"
    r"assessment|development check|developmental check|development review|developmental "
    r"review)\b"
    r"|\b(\d{1,2})\s?(wks?|mths?)\b"
    # "she was 20 months", "he's 9 weeks"; not "18 months behind", "two months ago"
    rf"|\b(?:she|he)\s*(?:['’]s|\s+is|\s+was)\s+{_NUMBER}[\s-]*{_SMALL_UNITS}\b"
    r"(?!\s*(?:behind|ago|later|earlier|before|after|late|early|pregnant|into|in\b|of\b))"
    # a name and a clinician's months or weeks: "Ellie-Mae J, 14/12, mauled"; not a date
    rf"|(?<!\bat\s)(?<!\bby\s)(?<!\bDr\s)(?<!\bto\s)(?<!\bMr\s)(?<!\bMs\s)(?<!\bMrs\s)"
    rf"\b(?!{_NOT_NAMES}\b)(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s[A-Z])?)\.?,\s*(?!0)(\d{{1,2}})"
    r"/(12|52)(?![/\d])"
    # clinical notes: "7/12 F" (seven months), "6/52 infant" (six weeks); not a date
    r"|(?<![/\d])(\d{1,2})/(12|52)(?![/\d])(?=\s*(?:old\b|[MF]\b|male\b|female\b|infant\b|baby\b|"
    r"boy\b|girl\b|[,.]\s*[MF]\b))",
    re.I,
)

INFANT = re.compile(r"\b(baby|babies|infant|newborn|new-born|neonate)\b", re.I)

# "for 20 years", "sentenced to 12 years", "6 years ago": a length of time, not an age.
DURATION_BEFORE = re.compile(
    r"\b(?:for|to|after|within|over|past|served|spent|last|since|than)\s+"
    r"(?:about|around|nearly|almost|over|some|more than)?\s*$",
    re.I,
)

# "12 years in prison" is a length of time; "she turned 18 in March" is an age and a date.
DURATION_AFTER = re.compile(
    r"^['’]?\s*(?:ago|earlier|later|before|previously|imprisonment|"
    # an age gap, not an age: "her boyfriend is 12 years older than her"
    r"(?:(?:years?|yrs?)\s+)?(?:older|younger|apart|senior|junior)\b|"
    r"in (?!(?:the\s+)?(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|jan|feb|mar|apr|"
    r"jun|jul|aug|sep|sept|oct|nov|dec|(?:19|20)\d\d)\b))",
    re.I,
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
    "scalded cut raped abused neglected shot poisoned drowned"
)

PEOPLE = _split(
    "father mother stepfather stepmother parent parents carer carers partner boyfriend "
    "girlfriend uncle aunt grandfather grandmother brother sister sibling relative relatives "
    "adult adults man men woman women gang peers babysitter childminder neighbour lodger "
    "dad mum cousin stepbrother stepsister foster stepdad stepmum daddy mummy bf husband wife "
    "ex"
)

DETERMINERS = ["a", "an", "the", "his", "her", "their", "one", "both", "two", "several"]

# Done to the child by a person named as its subject: "her stepfather hit her".
STRUCK = _split(
    "hit hits kicked punched beat beats batters battered slapped shook shakes strangled burned "
    "burnt bit assaulted attacked abused raped smothered choked throttled stabbed whipped hurt "
    "struck smacked headbutted thumps thumped wallops walloped clouts clouted whacks whacked "
    "leathers leathered"
)

# The same, as something going on: "the boyfriend was beating him", "anyone hurting her".
STRIKING = _split(
    "hitting kicking punching beating battering slapping shaking strangling burning biting "
    "assaulting attacking abusing raping smothering choking throttling stabbing whipping "
    "hurting harming molesting touching"
)

# What a mark's shape is, and what made it: "the shape of an iron", "the outline of a hand".
SHAPES = _split("shape outline imprint pattern")
# Words of a mark on the body, beside which a shape or a glove's line tells what made it.
MARK_WORDS = frozenset(
    _split(
        "burn burns burned burnt scald scalds scalded bruise bruises bruising bruised mark "
        "marks weal weals welt welts injury injuries"
    )
)

# What a child is struck with: "hit him with a belt".
IMPLEMENTS = _split(
    "belt belts stick sticks cable wire cord slipper shoe shoes hammer bat pole spoon hanger "
    "lead rope knife iron whip"
)
# Fabricated or induced illness, in its verbs: "inducing/fabricating".
FII_VERBS = _split("inducing induced induce fabricating fabricated fabricate")
FII_SIGNS = _split(
    "seizures seizure fits symptoms symptom illness illnesses vomiting apnoeas apnoea hypos "
    "bleeding bleeds rashes fevers diarrhoea allergies"
)
SHAPED_BY = [*IMPLEMENTS, "lighter", "cigarette", "kettle", "hand", "buckle"]

QUOTE_MARKS = ["'", "‘", "’", '"', "“", "”"]

# The people in PEOPLE known to a child, not any man or woman ("police arrested the man who
# stole the charity box").
HOUSEHOLD = [
    *(w for w in PEOPLE if w not in ("man", "men", "woman", "women", "gang", "peers")),
    "nanny",
]
# After "'I only shook him": a purpose, not the act ("I just shook him to check he was
# breathing", "shook her awake").
NOT_STRUCK_AFTER = _split("awake up off gently lightly to")
# What a child is let back into that is no home: "refused to let her back in the pool".
LET_BACK_INTO = _split(
    "the a his her their car pool game chat class lesson lessons match team group club water "
    "shop van"
)
# Between "filming her" and where: "filming her while she was getting changed".
FILMED_WHERE = _split("the her his she he in was is getting")
# How a person in the house comes to the child's room: "stepdad comes into her room".
COMES_IN = _split("comes came coming creeps crept sneaks")
# A medicine or a feed a carer stops: "Dad says he stopped insulin".
STOPPED = _split("stopped withheld stopping withholding stops")
# A mother's partner, who has the chance when she is out: "stepdad comes in at night when
# mum's on lates" (a parent doing the feeds is no such chance).
MUMS_PARTNERS = _split(
    "stepdad stepfather step-dad boyfriend partner uncle lodger fella bloke stepbrother"
)

# Parts of the body a carer hurts on themselves, beside BODY: "Mum burnt her hand".
OWN_PARTS = _split("head face foot feet knee knees toe toes thumb shoulder lip mouth chin")

# What those treating an injury say it looks like: "it looks like she was (held in...)".
LOOKS_LIKE_SHE_WAS: list[dict[str, Any]] = [
    {"LOWER": {"IN": ["looks", "look", "looked", "appears", "appeared", "seems", "seemed"]}},
    {"LOWER": {"IN": ["like", "as", "that"]}},
    {"LOWER": {"IN": ["if", "though"]}, "OP": "?"},
    {"LOWER": {"IN": ["she", "he", "they", "the", "baby", "child"]}},
    {"LOWER": {"IN": ["was", "were", "had", "has", "been", "'d", "’d"]}, "OP": "+"},
]

# Thrown by someone, and where: "threw M against the wall", "flung him down the stairs".
THROWN = _split("threw flung hurled slammed shoved")
THREW_SOMEONE: list[dict[str, Any]] = [
    {"LOWER": {"IN": THROWN}},
    {"LOWER": {"IN": ["him", "her", "them", "the", "baby", "child", "me"]}, "OP": "?"},
    {"IS_TITLE": True, "OP": "?"},
]
# "making her send", "made him take": what sexual extortion and exploitation ask of a child.
MADE_TO_SEND: list[dict[str, Any]] = [
    {"LOWER": {"IN": ["making", "made", "makes", "make", "forcing", "forced", "getting"]}},
    {"LOWER": {"IN": ["her", "him", "me", "them"]}},
    {"LOWER": "to", "OP": "?"},
    {"LOWER": {"IN": ["send", "sending", "take", "taking"]}},
]
PICTURES = _split("pics pictures photos images videos")
# What children are made to do for those who exploit them.
CARRIED = _split("hold carry sell deliver move run stash")
# What a child's carers must give them: "without insulin", "not given her medication".
MEDICINES = _split("insulin medication medicines meds inhaler inhalers")
# An age in brackets after a name, as the tokenizer gives it: "(", "8", ")" or "8)".
AN_AGE_IN_BRACKETS: list[dict[str, Any]] = [
    {"TEXT": {"REGEX": r"^[()\d]+$"}, "OP": "?"} for _ in range(3)
]
# Shutting a child in, out or to something: "locked him in", "tied her to".
LOCKS = _split("locked locks locking lock shut shuts shutting tied ties tie tying")
SHUT_WHERE = _split("in into inside up to")
# What "locked in" and "tied up" mean in their everyday senses: "locked in a tight game",
# "tied up in knots", "locked in a battle of wits".
EVERYDAY_LOCKS = frozenset(
    _split(
        "tight close battle battles game games match contest dispute disputes row argument "
        "struggle stalemate embrace talks negotiations knots traffic meetings work"
    )
)
# Where a child is shut in or tied to, after "the boy locked in" (no "was" to say it was
# done to him): "the boy locked in the garden shed", "Mia (6) tied up in the shed".
SHUT_IN = _split(
    "room bedroom cupboard cellar basement shed garage cage kennel box toilet bathroom loft "
    "attic car boot wardrobe flat house chair bed radiator cot banister bannister pipe door "
    "drawer dark"
)
# Something a person kept doing: "had been coming", "kept coming", "would come".
HAD_BEEN_COMING: list[dict[str, Any]] = [
    {"LOWER": {"IN": ["had", "has", "have", "kept", "keeps", "would", "used", "'d", "’d"]}},
    {"LOWER": {"IN": ["been", "to"]}, "OP": "?"},
    {"LOWER": {"IN": ["coming", "come", "creeping", "sneaking", "going"]}},
]
# "threatening to send ...", "threatened to share ...": what sexual extortion opens with.
THREATENED_TO_SHARE: list[dict[str, Any]] = [
    {"LOWER": {"IN": ["threatening", "threatened", "threatens", "threaten"]}},
    {"LOWER": "to"},
    {"LOWER": {"IN": ["send", "share", "post", "leak", "publish", "spread", "show"]}},
]
HARD_PLACES = _split(
    "stairs wall walls floor ground radiator door cot bath table fireplace concrete window"
)
SWAPPING = _split("swapping swapped swap swaps trading traded trade exchanging exchanged")
# Pictures whose threatened sharing is sexual extortion in itself.
SEXUAL_IMAGES = _split("nudes nude naked intimate explicit indecent sexual")

# A hurt told as discipline, and a sexual touch: read in patterns here and in facts' vetoes.
DISCIPLINED = _split("disciplined punished chastised chastened")
TOUCHES = _split("touching touched fondling fondled groping groped molesting molested")

# What is given to a child to groom or exploit them, besides SUBSTANCES.
GIVEN_TO_CHILDREN = _split("vodka pills weed drink drinks mdma ecstasy xanax")

# What a concern about care is about: "concerns re supervision", "no problems with the
# family", "no concerns about her care".
CARE_SUBJECTS = _split("supervision care parenting hygiene neglect family parents home welfare")

CHILDREN = _split("baby child boy girl infant son daughter toddler twins children")
# Words for a child, as a subject or an object: "locked the kids in", "the boy locked in".
CHILD_WORDS = frozenset(CHILDREN) | frozenset(
    _split("kid kids babies toddlers boys girls sons daughters infants stepson stepdaughter")
)

# Verbs whose subject did the harm rather than suffered it.
DOERS = frozenset(_split("causing caused inflicted inflicting gave giving")) | frozenset(STRUCK)

# A criminal outcome for an offence against a child: "charged with murder", "pleaded guilty
# to manslaughter", "arrested on suspicion of causing grievous bodily harm".
CHARGED = _split("convicted charged guilty arrested sentenced jailed prosecuted cautioned")

OFFENCES = _split(
    "murder manslaughter cruelty neglect assault wounding gbh abh grievous rape causing "
    "infanticide sexual abuse abusing harm harming killing kill death exploitation "
    "trafficking grooming indecent strangulation suffocation wilful assaulting"
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

NOBODY_VERBS = _split("could can has have had was were is been able to would")

ACTS = _split("strangulation suffocation smothering beating stabbing shaking poisoning drowning")

SERIOUS = _split("serious severe lasting long-term long permanent significant lifelong")

ACCOUNTS = _split(
    "account accounts explanation explanations history histories story mechanism version "
    "description"
)

INJURY_WORDS = _split(
    "fracture fractures injury injuries bruise bruises bruising burns burn marks bleeds "
    "haemorrhages breaks haematoma haematomas hematoma hematomas bleeding"
)

# Who looks after the child, and what leaves them unable to: for "a carer intoxicated".
CARERS = _split("mother father mum dad parent parents carer carers stepfather stepmother mums dads")
SUBSTANCES = _split(
    "heroin drugs cocaine crack methadone alcohol influence spice cannabis ketamine diazepam"
)

# "had been drinking and fell asleep on the sofa with ...": a carer asleep on drink or drugs.
ASLEEP_ON_DRINK_WITH: list[dict[str, Any]] = [
    {"LOWER": {"IN": [*SUBSTANCES, "drinking", "drunk", "high", "stoned"]}},
    *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 3,
    {"LOWER": {"IN": ["fell", "passed", "falling", "passing"]}},
    {"LOWER": {"IN": ["asleep", "out"]}},
    *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 4,
    {"LOWER": "with"},
]

CONDITIONS = _split(
    "condition conditions asthma diabetes eczema epilepsy infection infections wound wounds "
    "teeth tooth illness injury injuries burn burns rash sores lice decay"
)

LASTING = _split("treatment disability impairment damage injury injuries care scarring condition")

ORGANS = _split("brain kidney kidneys liver lung lungs heart spleen bowel nerve spinal")

# What may be said to last: "the impairment is likely to be permanent", "effects expected to be
# long-lasting", "problems all her life".
LASTING_HEADS = _split(
    "delay delays delayed damage damaged behind impairment impairments impaired effects effect "
    "impact harm problems difficulties disability disabilities consequences injury injuries"
)

# Words in the gap that undo the lasting: "the injury will leave no lasting damage".
UNLASTING = [".", ";", "?", "!", "no", "not", "n't", "never", "without", "unlikely", "nothing"]

# What marks an injury as made by a hand or a thing: "fingertip bruising", "grip marks".
MARKERS = _split(
    "fingertip fingertips finger-tip fingermark fingermarks grip grab grasp slap handprint "
    "hand-print loop cigarette pinch"
)

# What a live section 47 enquiry is said to be doing, after its name or before it.
S47_NAMES = _split("s47 s.47 s s. section")
# What a child's medicine comes as, to be fetched: "repeat scripts not collected".
MEDICINE_SUPPLIES = _split(
    "prescription prescriptions script scripts medication medications medicine medicines meds "
    "inhaler inhalers insulin"
)
# Making a referral, and the service referred to: "rang MASH", "referred to the front door".
# (Not "informed" or "notified": the police tell children's social care of every child's
# death, and a foster carer tells the child's social worker of every injury.)
REFERRING = _split("referred referral rang rung phoned called")
# Children's social care as notes name it: "MASH", "CSC", "children's social care", "duty
# social work", "children's services" (not the child's own social worker).
SOCIAL_CARE: list[list[dict[str, Any]]] = [
    [{"LOWER": {"IN": ["mash", "csc"]}}],
    [
        {"LOWER": {"IN": ["local", "children", "'s", "’s", "childrens", "duty"]}, "OP": "*"},
        {"LOWER": "social"},
        {"LOWER": {"IN": ["care", "services", "work"]}},
    ],
    [
        {"LOWER": {"IN": ["children", "childrens"]}},
        {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
        {"LOWER": "services"},
    ],
]
REFERRED_TO: list[list[dict[str, Any]]] = [
    [
        {"LOWER": {"IN": REFERRING}},
        {"LOWER": {"IN": ["to", "through", "into"]}, "OP": "?"},
        {"LOWER": {"IN": ["the", "a"]}, "OP": "?"},
        *service,
    ]
    for service in SOCIAL_CARE
]
# What is smoked, and put to a child: "daddy's fag did it".
SMOKES = _split("cigarette cigarettes cig cigs fag fags ciggie ciggy lighter")
# The steps of child protection that follow a suspicion of harm: "a CP medical", "the child
# protection paediatrician", "CP referral". As "CP" they are fewer: "the CP team", "CP
# assessment" and "CP consultant" are as often of cerebral palsy.
PROTECTION_STEPS = _split(
    "medical medicals examination exam assessment paediatrician paediatricians paeds paed "
    "team referral consultant doctor investigation enquiry enquiries"
)
CP_STEPS = _split(
    "medical medicals examination exam paediatrician paediatricians paeds paed referral enquiry "
    "enquiries"
)
S47_LIVE = _split(
    "initiated underway started commenced ongoing opened begun instigated progressing"
)
S47_STARTED = _split(
    "started starting initiated initiating commenced opened began begun instigated"
)

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
        # "lost part of L ear", "lost the tip of her nose": a part of the body gone for good
        [
            {"LOWER": "lost"},
            {"LOWER": {"IN": ["part", "parts", "some", "most", "the"]}},
            {"LOWER": {"IN": ["of", "tip", "end", "top"]}},
            {"LOWER": {"IN": ["of", *DETERMINERS]}, "OP": "?"},
            {"LOWER": {"IN": [*DETERMINERS, "l", "r", "left", "right"]}, "OP": "?"},
            {"LOWER": {"IN": [*LOST, *OWN_PARTS, "ear", "ears", "nose", "scalp", "tongue"]}},
        ],
        # "part of L ear missing", "the tip of his finger bitten off"
        [
            {"LOWER": {"IN": ["part", "parts", "tip", "end", "top"]}},
            {"LOWER": "of"},
            {"LOWER": {"IN": [*DETERMINERS, "l", "r", "left", "right"]}, "OP": "*"},
            {"LOWER": {"IN": [*LOST, *OWN_PARTS, "ear", "ears", "nose", "scalp", "tongue"]}},
            {"LOWER": {"IN": ["missing", "gone", "severed", "amputated", "bitten", "torn", "cut"]}},
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
        # "bleeding inside Rowan's skull", "blood around her brain", "bleeds in both retinas"
        [
            {
                "LOWER": {
                    "IN": ["bleeding", "bleed", "bleeds", "blood", "haemorrhage", "haemorrhages"]
                }
            },
            {"LOWER": {"IN": ["inside", "in", "on", "around", "over", "within", "behind"]}},
            {"LOWER": {"IN": DETERMINERS}, "OP": "?"},
            {"ORTH": {"REGEX": r"^[A-Z][a-z]+$"}, "OP": "?"},
            {"ORTH": {"IN": ["'s", "’s"]}, "OP": "?"},
            {"LOWER": {"IN": ["skull", "brain", "retinas", "retina"]}},
        ],
        # notes' shorthand for a fracture: "skull #", "rib #s", "# R distal tibia"
        [{"LOWER": {"IN": BODY}}, {"ORTH": {"IN": ["#", "#s"]}}],
        [{"ORTH": {"IN": ["#", "#s"]}}, {"LOWER": {"IN": ["l", "r", "left", "right"]}}],
        # surgery to a part that does not heal by itself: "operation on the tendons"
        [
            {"LOWER": {"IN": ["surgery", "operation", "operated", "repair", "reconstruction"]}},
            {"LOWER": {"IN": ["on", "to", "of"]}},
            {"LOWER": {"IN": DETERMINERS}, "OP": "?"},
            {"LOWER": {"IN": [*ORGANS, "tendon", "tendons", "nerves", "skull", "spine"]}},
        ],
        # a use lost for good: "will not use the hand again", "may never walk again"
        [
            {"LOWER": {"IN": ["not", "never", "n't"]}},
            {"LOWER": {"IN": ["use", "walk", "see", "hear", "move", "talk", "speak"]}},
            {"OP": "?"},
            {"OP": "?"},
            {"OP": "?"},
            {"LOWER": {"IN": ["again", "normally", "properly"]}},
        ],
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
        # development far behind: "18 months behind in speech", "two years behind"
        [
            {"TEXT": {"REGEX": r"^~?(?:1[2-9]|[2-9]\d)$"}},
            {"LOWER": {"IN": ["months", "mths"]}},
            {"LOWER": "behind"},
        ],
        [
            {"LOWER": {"IN": ["two", "three", "four", "2", "3", "4", "several", "many"]}},
            {"LOWER": {"IN": ["years", "yrs"]}},
            {"LOWER": "behind"},
        ],
        [
            {"LOWER": {"IN": ["significant", "severe", "profound", "global", "marked"]}},
            {"LOWER": {"IN": ["delay", "delays", "developmental", "speech"]}},
        ],
        [
            {"LOWER": {"IN": ["significantly", "severely", "profoundly", "globally"]}},
            {"LOWER": {"IN": ["delayed", "behind"]}},
        ],
        # a delay or damage said to last: "delay due to neglect, likely long-term"
        [
            {"LOWER": {"IN": ["delay", "delays", "delayed", "damage", "damaged", "behind"]}},
            *[{"IS_SENT_START": False, "LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 6,
            {"LOWER": {"IN": ["long", "longterm"]}},
            {"ORTH": "-", "OP": "?"},
            {"LOWER": "term"},
        ],
        [
            {"LOWER": {"IN": LASTING_HEADS}},
            *[{"IS_SENT_START": False, "LOWER": {"NOT_IN": UNLASTING}, "OP": "?"}] * 6,
            {"LOWER": {"IN": ["lasting", "permanent", "lifelong", "irreversible"]}},
        ],
        # harm for the rest of a life: "damage for life", "problems all her life"
        [
            {"LOWER": {"IN": [*LASTING_HEADS, "scar", "scarred", "disabled"]}},
            *[{"IS_SENT_START": False, "LOWER": {"NOT_IN": UNLASTING}, "OP": "?"}] * 8,
            {"LOWER": {"IN": ["for", "all", "rest", "throughout"]}},
            {"LOWER": {"IN": ["of", "the"]}, "OP": "?"},
            {"LOWER": {"IN": ["her", "his", "their", "its"]}},
            {"LOWER": "life"},
        ],
        [
            {"LOWER": {"IN": [*LASTING_HEADS, "scar", "scarred", "disabled"]}},
            *[{"IS_SENT_START": False, "LOWER": {"NOT_IN": UNLASTING}, "OP": "?"}] * 8,
            {"LOWER": "for"},
            {"LOWER": "life"},
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
    # a cell named by whose it is: "the police station cell", "a custody suite cell"
    "died_in_custody": [
        [
            {"LOWER": {"IN": ["police", "station", "custody", "prison", "remand", "suite"]}},
            {"LOWER": {"IN": ["station", "suite", "'s"]}, "OP": "?"},
            {"LOWER": {"IN": ["cell", "cells"]}},
        ],
    ],
    "died": SUICIDE_PATTERNS,
    "suicide_suspected": SUICIDE_PATTERNS,
    "abuse_or_neglect": [
        # "the doctors say someone did this to him", "they think her partner did it to her"
        [
            {"LOWER": {"IN": [*PEOPLE, "someone", "somebody", "anyone", "he", "she"]}},
            {"LOWER": {"IN": ["did", "had", "has", "done", "caused"]}, "OP": "+"},
            {"LOWER": {"IN": ["this", "that", "it", "these", "them"]}},
            {"LOWER": "to"},
            {"LOWER": {"IN": ["him", "her", "them", "the"]}},
        ],
        # "the burns fit Logan being held in hot water", "consistent with her being shaken"
        [
            {
                "LOWER": {
                    "IN": [
                        "fit",
                        "fits",
                        "fitted",
                        "consistent",
                        "match",
                        "matches",
                        "means",
                        "meant",
                        "suggests",
                        "suggested",
                        "suggestive",
                        "indicates",
                        "indicated",
                        "indicative",
                        "typical",
                    ]
                }
            },
            {"LOWER": {"IN": ["with", "of"]}, "OP": "?"},
            {"IS_ALPHA": True, "OP": "?"},
            {"LOWER": "being"},
            {
                "LOWER": {
                    "IN": [
                        *STRUCK,
                        "held",
                        "shaken",
                        "thrown",
                        "scalded",
                        "burned",
                        "burnt",
                        "squeezed",
                        "gripped",
                        "dipped",
                        "immersed",
                        "forced",
                        "dropped",
                        "swung",
                        "smothered",
                        "strangled",
                        "suffocated",
                        "grabbed",
                    ]
                }
            },
        ],
        # an injury whose pattern a clinician reads as inflicted: "fingertip-type bruising",
        # "grip marks", "slap marks", "loop marks", "cigarette burns"
        [
            {"LOWER": {"IN": MARKERS}},
            {"ORTH": {"IN": ["-", "'", "‘", "’"]}, "OP": "?"},
            {"LOWER": {"IN": ["type", "shaped", "pattern", "like"]}, "OP": "?"},
            {"ORTH": {"IN": ["-", "'", "’"]}, "OP": "?"},
            {"LOWER": {"IN": ["bruising", "bruises", "bruise", "marks", "mark", "burns", "burn"]}},
        ],
        # a scald with the line of a sock or glove: held in hot water
        [
            {"LOWER": {"IN": ["sock", "socks", "glove", "gloves", "stocking", "tide", "tidemark"]}},
            {"ORTH": {"IN": ["'", "’", "-"]}, "OP": "?"},
            {
                "LOWER": {
                    "IN": ["line", "lines", "distribution", "pattern", "mark", "marks", "type"]
                }
            },
        ],
        # what a scald held in hot water leaves: "sharp line of demarcation at wrist, no
        # splash marks"
        [
            {"LOWER": {"IN": ["sharp", "clear", "straight", "distinct"]}},
            {"LOWER": {"IN": ["line", "lines"]}},
            {"LOWER": "of"},
            {"LOWER": "demarcation"},
        ],
        [
            {"LOWER": {"IN": ["no", "without", "absence"]}},
            {"LOWER": "of", "OP": "?"},
            {"LOWER": {"IN": ["splash", "splashes"]}},
            {"LOWER": {"IN": ["marks", "burns", "pattern"]}},
        ],
        [{"LOWER": "immersion"}, {"LOWER": {"IN": ["burn", "burns", "injury", "scald", "scalds"]}}],
        # an account that changes: "the story changed again", "three different versions"
        [
            {"LOWER": {"IN": [*ACCOUNTS, "stories", "versions", "story"]}},
            {"LOWER": {"IN": ["of", "about", "for"]}, "OP": "?"},
            {"LOWER": {"IN": ["the", "a", "his", "her", "their", "what"]}, "OP": "?"},
            {
                "IS_ALPHA": True,
                "LOWER": {"NOT_IN": ["has", "had", "was", "were", "kept"]},
                "OP": "?",
            },
            {
                "LOWER": {"IN": ["has", "had", "have", "kept", "keeps", "was", "were", "then"]},
                "OP": "*",
            },
            {"LOWER": {"IN": ["changed", "changing", "changes", "shifted", "shifting", "altered"]}},
        ],
        [
            {
                "LOWER": {
                    "IN": ["changing", "conflicting", "differing", "shifting", "contradictory"]
                }
            },
            {"LOWER": {"IN": [*ACCOUNTS, "stories", "versions"]}},
        ],
        # a hurt done as discipline: "injured after being 'disciplined' at home"
        [
            {"LOWER": {"IN": ["after", "from", "during", "following", "while"]}},
            {"LOWER": "being"},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"LOWER": {"IN": DISCIPLINED}},
        ],
        # an adult doing something sexual to the child, told at length: "her mum's boyfriend
        # had been coming into her room at night and touching her"
        [
            {"LOWER": {"IN": PEOPLE}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!", "but"]}, "OP": "?"}] * 10,
            {"LOWER": {"IN": TOUCHES}},
            {"LOWER": {"IN": ["her", "him", "them"]}},
        ],
        # injuries that nobody can explain, said after them: "old broken bones in the arm
        # which nobody can explain"
        [
            {"LOWER": {"IN": [*INJURY_WORDS, "bones"]}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!", "but"]}, "OP": "?"}] * 8,
            {"LOWER": {"IN": ["which", "that"]}},
            {"LOWER": {"IN": ["nobody", "noone", "no-one", "no"]}},
            {"LOWER": "one", "OP": "?"},
            {"LOWER": {"IN": NOBODY_VERBS}, "OP": "*"},
            {"LOWER": {"IN": ["explain", "explained", "account"]}},
        ],
        # "her stepdad hits her", "the boyfriend of the mother was beating him"
        [
            {"LOWER": {"IN": PEOPLE}},
            {
                "LOWER": {"IN": ["was", "were", "is", "has", "had", "been", "kept", "keeps"]},
                "OP": "*",
            },
            {"LOWER": {"IN": STRIKING}},
            {"LOWER": {"IN": ["her", "him", "them", "the", "a"]}},
        ],
        [
            {"LOWER": {"IN": ["anyone", "anybody", "someone", "somebody", "adults", "adult"]}},
            {"LOWER": {"IN": [*STRIKING, *STRUCK]}},
            {"LOWER": {"IN": ["her", "him", "them", "me"]}},
        ],
        [
            {"LOWER": {"IN": [*STRUCK, *STRIKING]}},
            {"LOWER": {"IN": ["her", "him", "them"]}},
            {"LOWER": "with"},
            {"LOWER": {"IN": DETERMINERS}, "OP": "?"},
            {"LOWER": {"IN": IMPLEMENTS}},
        ],
        [
            {"LOWER": {"IN": ["concern", "concerns", "worries", "problem", "problems", "issues"]}},
            {"LOWER": {"IN": ["re", "about", "regarding", "over", "around", "with", "for"]}},
            {"LOWER": {"IN": [*DETERMINERS, "its"]}, "OP": "?"},
            {"LOWER": {"IN": PEOPLE}, "OP": "?"},
            {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
            {"LOWER": {"IN": CARE_SUBJECTS}},
        ],
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
        # the account named first: "the history is not consistent", "mechanism not
        # consistent, not yet mobile"
        [
            {"LOWER": {"IN": ACCOUNTS}},
            {"LOWER": {"IN": ["is", "was", "are", "were", "given"]}, "OP": "?"},
            {"LOWER": {"IN": ["not", "n't"]}},
            {"LOWER": {"IN": ["consistent", "compatible", "plausible"]}},
        ],
        [
            {"LOWER": {"IN": ACCOUNTS}},
            {"LOWER": {"IN": ["is", "was", "are", "were", "given"]}, "OP": "?"},
            {"LOWER": {"IN": ["inconsistent", "incompatible", "implausible"]}},
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
            {"LOWER": {"IN": [*BODY, "broken"]}, "OP": "?"},
            {"LOWER": {"IN": [*INJURY_WORDS, "bones"]}},
        ],
        # "injuries inconsistent per the consultant", "the fractures were incompatible"
        [
            {"LOWER": {"IN": INJURY_WORDS}},
            {"LOWER": {"IN": ["are", "were", "is", "was", "seen", "found"]}, "OP": "?"},
            {"LOWER": {"IN": ["inconsistent", "incompatible"]}},
        ],
        # "her mum's bf has been touching her", "daddy did it"
        [
            {"LOWER": {"IN": PEOPLE}},
            {
                "LOWER": {"IN": ["was", "were", "is", "has", "had", "been", "keeps", "kept"]},
                "OP": "*",
            },
            {"LOWER": {"IN": ["touching", "touchin", "fondling", "groping", "molesting"]}},
            {"LOWER": {"IN": ["her", "him", "them", "me"]}},
        ],
        [
            {"LOWER": {"IN": PEOPLE}},
            {"LOWER": {"IN": ["did", "done", "has", "had"]}},
            {"LOWER": "done", "OP": "?"},
            {"LOWER": {"IN": ["it", "this", "that"]}},
        ],
        # "police are treating her death as suspicious", "investigating his death as suspicious"
        [
            {
                "LOWER": {
                    "IN": [
                        "treating",
                        "treated",
                        "treat",
                        "treats",
                        "investigating",
                        "investigated",
                    ]
                }
            },
            *[{"LOWER": {"NOT_IN": [".", ";", "as"]}, "OP": "?"}] * 5,
            {"LOWER": "as"},
            {"LOWER": {"IN": ["suspicious", "unexplained", "non-accidental"]}},
        ],
        # injuries nobody can explain: "bruises nobody could explain", "no one can account for"
        [
            {"LOWER": {"IN": INJURY_WORDS}},
            {"LOWER": {"IN": ["that", "which"]}, "OP": "?"},
            {"LOWER": {"IN": ["nobody", "noone", "no-one", "no"]}},
            {"LOWER": "one", "OP": "?"},
            {"LOWER": {"IN": NOBODY_VERBS}, "OP": "*"},
            {"LOWER": {"IN": ["explain", "explained", "account"]}},
        ],
        [
            {"LOWER": {"IN": ["nobody", "noone", "no-one", "no"]}},
            {"LOWER": "one", "OP": "?"},
            {"LOWER": {"IN": NOBODY_VERBS}, "OP": "*"},
            {"LOWER": {"IN": ["explain", "explained", "account"]}},
            {"LOWER": "for", "OP": "?"},
            {"LOWER": {"IN": [*DETERMINERS, "these", "those", "any"]}, "OP": "?"},
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
        # coercion in everyday words, to send images of themselves: "got her to send nudes",
        # "tricked him into sending pictures"
        [
            {"LOWER": {"IN": ["got", "tricked", "manipulated", "blackmailed", "convinced"]}},
            {"LOWER": {"IN": ["her", "him", "them"]}},
            {"LOWER": {"IN": ["to", "into"]}},
            {"LOWER": {"IN": ["send", "sending", "share", "sharing"]}},
            {
                "LOWER": {"IN": ["more", "some", "a", "him", "her", "them", "photos", "pictures"]},
                "OP": "*",
            },
            {
                "LOWER": {
                    "IN": [
                        "naked",
                        "nude",
                        "nudes",
                        "explicit",
                        "indecent",
                        "sexual",
                        "intimate",
                        "images",
                        "pictures",
                        "photos",
                        "pics",
                    ]
                }
            },
        ],
        [
            {
                "LOWER": {
                    "IN": ["sent", "send", "sends", "sending", "shared", "took", "taking", "asked"]
                }
            },
            {"LOWER": {"IN": ["her", "him", "them"]}, "OP": "?"},
            {"LOWER": {"IN": ["for", "to"]}, "OP": "?"},
            {
                "LOWER": {
                    "IN": ["naked", "nude", "nudes", "explicit", "indecent", "sexual", "intimate"]
                }
            },
        ],
        # a young child left alone: "left her alone", "left the children unsupervised"
        [
            {"LOWER": {"IN": ["left", "leaving", "leaves", "leave"]}},
            {"LOWER": {"IN": [*DETERMINERS, "him", "them", "alone"]}, "OP": "?"},
            {"LOWER": {"IN": [*CHILDREN, "sibling", "siblings", "brother", "sister"]}, "OP": "?"},
            {"LOWER": {"IN": ["alone", "unsupervised", "unattended"]}},
        ],
        # "3 kids under 7 left to themselves", "left to fend for themselves"
        [
            {"LOWER": {"IN": [*CHILD_WORDS, "ones", "them", "kids"]}},
            {"LOWER": {"NOT_IN": [".", ";", ",", "?", "!"]}, "OP": "?"},
            {"LOWER": {"NOT_IN": [".", ";", ",", "?", "!"]}, "OP": "?"},
            {"LOWER": {"IN": ["were", "was", "been", "being"]}, "OP": "?"},
            {"LOWER": "left"},
            {"LOWER": "to"},
            {"LOWER": {"IN": ["fend", "themselves"]}},
        ],
        # a poisoning the blood shows: "high insulin, undetectable C-peptide" (insulin given,
        # not made: a child with diabetes on insulin has a low C-peptide, but no high insulin)
        [
            {"LOWER": {"IN": ["high", "raised", "elevated", "very"]}},
            {"LOWER": "high", "OP": "?"},
            {"LOWER": {"IN": ["insulin", "serum"]}},
            {
                "LOWER": {"IN": [",", "with", "and", "but", "insulin", "level", "levels", "+"]},
                "OP": "*",
            },
            {"LOWER": {"IN": ["undetectable", "suppressed", "low", "absent", "unrecordable"]}},
            {"LOWER": "c"},
            {"TEXT": "-", "OP": "?"},
            {"LOWER": "peptide"},
        ],
        # a carer intoxicated while looking after the child: "his mother was asleep after
        # taking heroin", "both parents were drunk", "a parent under the influence"
        [
            {"LOWER": {"IN": CARERS}},
            {
                "LOWER": {"IN": ["was", "were", "had", "been", "being", "asleep", "after", "is"]},
                "OP": "*",
            },
            {"LOWER": {"IN": ["intoxicated", "drunk", "taking", "taken", "under", "high"]}},
            {"LOWER": {"IN": [*SUBSTANCES, "the", "on"]}},
        ],
        [
            {"LOWER": {"IN": CARERS}},
            {
                "LOWER": {
                    "IN": [
                        "was",
                        "were",
                        "had",
                        "been",
                        "being",
                        "asleep",
                        "after",
                        "is",
                        "who",
                        ",",
                        "upstairs",
                        "downstairs",
                        "passed",
                        "out",
                        "in",
                        "bed",
                        # how they seemed to whoever saw them: "both parents appear intoxicated"
                        "appear",
                        "appears",
                        "appeared",
                        "seem",
                        "seems",
                        "seemed",
                        "looked",
                        "to",
                        "be",
                    ]
                },
                "OP": "*",
            },
            {"LOWER": {"IN": ["intoxicated", "drunk", "inebriated", "comatose", "drinking"]}},
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
            {"LOWER": {"IN": PEOPLE}, "OP": "?"},
            {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
            {"LOWER": {"IN": PEOPLE}},
        ],
        [
            {"LOWER": {"IN": ["thrown", "pushed", "slammed", "swung"]}},
            {"LOWER": {"IN": ["against", "across", "down", "into", "at"]}},
        ],
        # the same told of the one who did it: "threw M against the wall", "flung him down
        # the stairs" (a name or a pronoun between; not "swung him onto his shoulders")
        [
            *THREW_SOMEONE,
            {"LOWER": "against"},
        ],
        [
            *THREW_SOMEONE,
            {"LOWER": {"IN": ["down", "into", "onto", "across", "at"]}},
            {"LOWER": {"IN": ["the", "a", "his", "her"]}, "OP": "?"},
            {"LOWER": {"IN": HARD_PLACES}},
        ],
        # a burn or a mark with the shape of what made it: "a burn the shape of an iron"
        # (not "a cake in the shape of a shoe")
        [
            {"LOWER": {"IN": ["burn", "burns", "bruise", "bruises", "bruising", "mark", "marks"]}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 3,
            {"LOWER": {"IN": SHAPES}},
            {"LOWER": "of"},
            {"LOWER": {"IN": ["a", "an", "the"]}, "OP": "?"},
            {"LOWER": {"IN": SHAPED_BY}},
        ],
        # the same told further on: "a large burn on his back - looked like the shape of an
        # iron" (read only beside a burn or a mark in its sentence: `facts._misread`)
        [
            {"LOWER": {"IN": SHAPES}},
            {"LOWER": "of"},
            {"LOWER": {"IN": ["a", "an", "the"]}, "OP": "?"},
            {"LOWER": {"IN": SHAPED_BY}},
        ],
        [  # "burnt her with a cigarette", "burned him with a lighter"
            {"LOWER": {"IN": ["burned", "burnt", "branded"]}},
            {"LOWER": {"IN": ["him", "her", "me"]}},
            {"LOWER": "with"},
            {"LOWER": {"IN": ["a", "an", "the", "his", "her", "their"]}},
            {"LOWER": {"IN": ["lighter", "cigarette", "iron", "hot"]}},
        ],
        # sexual extortion, which is child sexual abuse: "threatening to send them to all his
        # contacts unless he paid", "threatened to share her nudes"
        [
            *THREATENED_TO_SHARE,
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 8,
            {"LOWER": "unless"},
        ],
        [
            *THREATENED_TO_SHARE,
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 3,
            {"LOWER": {"IN": SEXUAL_IMAGES}},
        ],
        # a carer who fell asleep or passed out on drink or drugs with a baby: "had a bit of
        # heroin and fell asleep on the sofa with him on her chest"
        [
            *ASLEEP_ON_DRINK_WITH,
            {"LOWER": {"IN": ["him", "her", "them", "the", "baby"]}},
        ],
        [
            *ASLEEP_ON_DRINK_WITH,
            {"IS_TITLE": True, "IS_ALPHA": True},
        ],
        # restraint a professional may not use: "a prohibited restraint hold", "during
        # restraint ... a prohibited nose-distraction technique" (not "a banned hold" in judo)
        [
            {"LOWER": {"IN": ["prohibited", "excessive", "unlawful", "unauthorised", "banned"]}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!", ","]}, "OP": "?"}] * 2,
            {"LOWER": {"IN": ["restraint", "restraints"]}},
        ],
        [
            {"LOWER": {"IN": ["restraint", "restrained", "restraining", "restrain"]}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 12,
            {"LOWER": {"IN": ["prohibited", "excessive", "unlawful", "unauthorised", "banned"]}},
        ],
        # "swapping sex for a bed", "trading sex for somewhere to stay"
        [
            {"LOWER": {"IN": SWAPPING}},
            {"LOWER": "sex"},
            {"LOWER": "for"},
            {"LOWER": {"IN": ["a", "somewhere", "money", "drugs", "food", "cash", "vapes"]}},
        ],
        # drink or drugs given to a child by adults: "given ketamine and vodka by men in their
        # twenties"
        # (not "given antibiotics by a GP": a drink or a drug, and men)
        [
            {"LOWER": {"IN": ["given", "plied", "supplied", "fed"]}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 2,
            {"LOWER": {"IN": [*SUBSTANCES, *GIVEN_TO_CHILDREN]}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 2,
            {"LOWER": "by"},
            {"LOWER": {"IN": ["older", "adult", "two", "several", "some", "a", "an"]}, "OP": "?"},
            {"LOWER": {"IN": ["men", "man", "adults", "guys", "lads", "males"]}},
        ],
        # injuries the child will not explain: "turning up with bruises she wouldn't explain"
        [
            {"LOWER": {"IN": INJURY_WORDS}},
            {"LOWER": {"IN": ["she", "he", "they"]}},
            {"LOWER": {"IN": ["would", "will", "could", "can", "wo", "ca", "did", "does"]}},
            {"LOWER": {"IN": ["not", "n't", "never"]}},
            {"LOWER": {"IN": ["explain", "say", "account"]}},
        ],
        # sex bought from a child: "sex with older men in exchange for vapes and money" (not
        # "sex education"); "being 'passed round' at a flat"
        [
            {"LOWER": "sex"},
            {"LOWER": {"NOT_IN": ["education", "ed", "and", "health", "offender", "offenders"]}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 9,
            {"LOWER": "in"},
            {"LOWER": {"IN": ["exchange", "return"]}},
            {"LOWER": "for"},
        ],
        [  # in the teller's quotes: "being 'passed round'" (not the baby at a christening)
            {"ORTH": {"IN": QUOTE_MARKS}},
            {"LOWER": {"IN": ["passed", "handed"]}},
            {"LOWER": {"IN": ["round", "around"]}},
            {"ORTH": {"IN": QUOTE_MARKS}},
        ],
        [  # "passed round between his mates", "passed around to other men"
            {"LOWER": {"IN": ["passed", "handed"]}},
            {"LOWER": {"IN": ["her", "him"]}, "OP": "?"},
            {"LOWER": {"IN": ["round", "around"]}},
            {"LOWER": {"IN": ["between", "to", "among", "amongst"]}},
            {"LOWER": {"IN": ["his", "their", "other", "older"]}, "OP": "?"},
            {"LOWER": {"IN": ["men", "mates", "friends", "lads", "boys"]}},
        ],
        # a young child left with no one: "the mum goes out at night and leaves her", "had gone
        # out till 4am and left him propped up with a bottle" (not "left him with his nan",
        # "left the kids' breakfast on the table")
        [
            {"LOWER": {"IN": ["goes", "went", "going", "gone", "go"]}},
            {"LOWER": "out"},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 5,
            {"LOWER": {"IN": ["leaves", "left", "leaving", "leave"]}},
            {"LOWER": {"IN": ["her", "him", "them", "baby"]}},
            {"LOWER": {"IN": [".", ";", "alone", "unattended", "crying", "propped", "overnight"]}},
        ],
        # "locks him out all night", "locked her outside in the cold" (not "locked him out of
        # his account")
        [
            {"LOWER": {"IN": ["locked", "locks", "locking", "shut", "shuts"]}},
            {"LOWER": {"IN": ["him", "her", "them"]}},
            {"LOWER": {"IN": ["out", "outside"]}},
            {"LOWER": {"IN": ["all", "overnight", "in", "at"]}},
            {"LOWER": {"IN": ["the", "night", "day", "cold", "garden", "rain", "snow", "dark"]}},
        ],
        [  # "left out in the garden in just a nappy" (not "left out of the squad")
            {"LOWER": {"IN": ["left", "leaves", "leaving", "kept"]}},
            {"LOWER": {"IN": ["him", "her", "them"]}, "OP": "?"},
            {"LOWER": {"IN": ["out", "outside"]}},
            {"LOWER": {"IN": ["in", "on"]}},
            {"LOWER": {"IN": ["the", "a"]}, "OP": "?"},
            {"LOWER": {"IN": ["garden", "street", "cold", "rain", "snow", "yard", "balcony"]}},
        ],
        # a child made to carry or sell for others: criminal exploitation ("made to hold stuff
        # for them"; not "told to deliver parcels" on work experience)
        [
            {"LOWER": {"IN": ["made", "forced", "groomed", "pressured", "threatened"]}},
            {"LOWER": "to"},
            {"LOWER": {"IN": CARRIED}},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"LOWER": {"IN": ["stuff", "drugs", "packages", "knives", "weapons", "gear", "wraps"]}},
        ],
        # "older lads were making him carry 'packages'", "made to carry by 'the olders'"
        [
            {"LOWER": {"IN": ["making", "makes", "make", "forcing", "forces", "force"]}},
            {"LOWER": {"IN": ["him", "her", "them"]}},
            {"LOWER": {"IN": CARRIED}},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"LOWER": {"IN": ["stuff", "drugs", "packages", "knives", "weapons", "gear", "wraps"]}},
        ],
        [
            {"LOWER": {"IN": ["made", "forced"]}},
            {"LOWER": "to"},
            {"LOWER": {"IN": CARRIED}},
            {"LOWER": {"IN": ["by", "for"]}},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"LOWER": {"IN": ["the", "older", "olders", "a", "his", "her"]}},
        ],
        # a child not fed: "nobody had fed him properly for weeks", "doesn't feed him at all"
        [
            {"LOWER": {"IN": ["nobody", "not", "n't", "never"]}},
            {"LOWER": {"IN": ["had", "has", "have", "been", "was", "were", "being"]}, "OP": "*"},
            {"LOWER": {"IN": ["fed", "feed", "feeding", "feeds"]}},
            {"LOWER": {"IN": ["him", "her", "them"]}},
            {"LOWER": {"IN": ["properly", "for", "at"]}},
            {"LOWER": {"IN": ["days", "weeks", "all"]}, "OP": "?"},
        ],
        # "harm ... from being hit at home"
        [
            {"LOWER": {"IN": ["from", "after", "through"]}},
            {"LOWER": "being"},
            {"LOWER": {"IN": [*STRUCK, "shaken", "thrown", "beaten", "scalded"]}},
            {"LOWER": "at"},
            {"LOWER": "home"},
        ],
        # what an injury looks like to those treating it: "looks like she was shaken", "looks
        # like she was held in hot water" (not "looks like he was hit by a tennis ball")
        [
            *LOOKS_LIKE_SHE_WAS,
            {
                "LOWER": {
                    "IN": ["shaken", "strangled", "smothered", "scalded", "dipped", "immersed"]
                }
            },
        ],
        [
            *LOOKS_LIKE_SHE_WAS,
            {"LOWER": "held"},
            {"LOWER": {"IN": ["in", "under"]}},
            {"LOWER": {"IN": ["hot", "the", "a"]}, "OP": "?"},
            {"LOWER": {"IN": ["water", "bath", "sink"]}},
        ],
        # notified or treated as a serious child safeguarding case: the 2023 framework's
        # notification is for abuse or neglect known or suspected (not "do I need to notify
        # it as one?")
        [
            {"LOWER": {"IN": ["notified", "treating", "treated", "accepted", "confirmed"]}},
            {"LOWER": {"IN": ["it", "this", "him", "her", "the"]}, "OP": "?"},
            {"LOWER": {"IN": ["case", "death", "panel", "national"]}, "OP": "?"},
            {"LOWER": "panel", "OP": "?"},
            {"LOWER": "as"},
            {"LOWER": "a"},
            {"LOWER": "serious"},
            {"LOWER": "child"},
            {"LOWER": "safeguarding"},
            {"LOWER": "case"},
        ],
        # "put her in the hot bath to teach her a lesson": an immersion told plainly
        [
            {"LOWER": {"IN": ["put", "held", "holding", "dipped", "plunged", "forced", "sat"]}},
            {"LOWER": {"IN": ["him", "her", "them", "the"]}},
            {"LOWER": {"IN": ["baby", "child", "boy", "girl"]}, "OP": "?"},
            {"LOWER": {"IN": ["in", "into", "under"]}},
            {"LOWER": {"IN": ["the", "a"]}, "OP": "?"},
            {"LOWER": {"IN": ["hot", "boiling", "scalding"]}},
            {"LOWER": {"IN": ["bath", "water", "tap"]}},
        ],
        # police "have taken mum's boyfriend in": arrested, as people say it
        [
            {"LOWER": {"IN": ["police", "officers", "they"]}},
            {"LOWER": {"IN": ["have", "has", "had"]}, "OP": "?"},
            {"LOWER": {"IN": ["taken", "took"]}},
            {
                "LOWER": {"IN": ["the", "his", "her", "their", "mum", "dad", "mum's", "dad's"]},
                "OP": "?",
            },
            {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
            {"LOWER": {"IN": HOUSEHOLD}},
            {"LOWER": "in"},
        ],
        # sexual abuse as children say it: "'doing stuff' to her", "making her send pics"
        [
            {"LOWER": {"IN": ["doing", "did", "done", "do", "does"]}},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"LOWER": {"IN": ["stuff", "things"]}},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"LOWER": "to"},
            {"LOWER": {"IN": ["her", "him", "me", "them"]}},
        ],
        [
            *MADE_TO_SEND,
            {"LOWER": {"IN": SEXUAL_IMAGES}},
        ],
        [  # "making her send pics", "... pics of herself" (not "pictures of her homework")
            *MADE_TO_SEND,
            {"LOWER": {"IN": PICTURES}},
            {"LOWER": {"NOT_IN": ["of", "to", "for", "from"]}},
        ],
        [
            *MADE_TO_SEND,
            {"LOWER": {"IN": PICTURES}},
            {"LOWER": "of"},
            {"LOWER": {"IN": ["herself", "himself", "themselves", "myself", "her", "him"]}},
            {"LOWER": {"NOT_IN": ["homework", "work", "drawing", "drawings", "dog", "cat"]}},
        ],
        # an immersion burn told plainly: "held his hands in hot water from the kettle"
        [
            {"LOWER": {"IN": ["held", "holding", "holds", "forced", "dipped", "plunged", "put"]}},
            {"LOWER": {"IN": ["his", "her", "their", "him", "them"]}},
            {"LOWER": {"IN": ["hands", "hand", "feet", "foot", "arm", "arms", "legs", "bottom"]}},
            {"LOWER": {"IN": ["in", "into", "under"]}},
            {"LOWER": {"IN": ["hot", "boiling", "scalding"]}},
            {"LOWER": {"IN": ["water", "bath", "tap"]}},
        ],
        # a child left to find food in the bin: "eating out of the bin", "scavenging for food"
        [
            {"LOWER": {"IN": ["eating", "eat", "eats", "ate", "taking", "took"]}},
            {"LOWER": {"IN": ["out", "from"]}},
            {"LOWER": "of", "OP": "?"},
            {"LOWER": {"IN": ["the", "a"]}, "OP": "?"},
            {"LOWER": {"IN": ["bin", "bins", "rubbish"]}},
        ],
        [{"LOWER": {"IN": ["scavenging", "scavenged", "scavenges"]}}, {"LOWER": "for"}],
        # medicine not given: "hadn't been given her insulin for days"
        [
            {"LOWER": {"IN": ["not", "n't", "never"]}},
            {"LOWER": "been", "OP": "?"},
            {"LOWER": "given"},
            {"LOWER": {"IN": ["him", "her", "them"]}, "OP": "?"},  # "not given him his meds"
            {"LOWER": {"IN": ["his", "her", "their", "any"]}},
            {"LOWER": {"IN": MEDICINES}},
        ],
        # the way a child's sexual abuse at home is told: "her stepfather had been coming
        # into her room at night", "mum's partner has been coming into her room at night"
        # (told as something that went on; "Mum comes into her room at night to check she is
        # asleep" is care: facts._misread)
        [
            {"LOWER": {"IN": HOUSEHOLD}},
            *HAD_BEEN_COMING,
            {"LOWER": {"IN": ["into", "in", "to"]}},
            {"LOWER": {"IN": ["her", "his", "their", "my"]}},
            {"LOWER": {"IN": ["room", "bedroom", "bed"]}},
            {"LOWER": {"IN": ["at", "in", "during"]}},
            {"LOWER": "the", "OP": "?"},
            {"LOWER": "night"},
        ],
        # ... and as it goes on: "stepdad comes into her room at night", "about her stepdad
        # coming in her room at night", "he comes into my room at night"
        [
            {"LOWER": {"IN": [*HOUSEHOLD, "he"]}},
            {"LOWER": {"IN": COMES_IN}},
            {"LOWER": {"IN": ["into", "in"]}},
            {"LOWER": {"IN": ["her", "his", "their", "my"]}},
            {"LOWER": {"IN": ["room", "bedroom", "bed"]}},
            {"LOWER": {"IN": ["at", "in", "during"]}},
            {"LOWER": "the", "OP": "?"},
            {"LOWER": "night"},
        ],
        # "about her stepdad 'coming in at night when mum's on lates'": the chance told with it
        [
            {"LOWER": {"IN": MUMS_PARTNERS}},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"LOWER": {"IN": COMES_IN}},
            {"LOWER": "in"},
            {"LOWER": "at"},
            {"LOWER": "night"},
            {"LOWER": {"IN": ["when", "while", "whilst"]}},
            {"LOWER": {"IN": ["mum", "mums", "mom", "mother", "her", "my"]}},
            {"LOWER": {"IN": ["'s", "’s", "is", "was", "s"]}, "OP": "?"},
            {"LOWER": {"IN": ["on", "at", "out", "away", "working", "asleep"]}},
        ],
        # a child's medical care neglected: "prolonged periods without insulin at home"
        [
            {"LOWER": {"IN": ["periods", "days", "weeks", "months", "spells"]}},
            {"LOWER": "without"},
            {"LOWER": {"IN": ["his", "her", "their", "any"]}, "OP": "?"},
            {"LOWER": {"IN": MEDICINES}},
        ],
        # the way children are sexually exploited: taken to hotels with men, "took her to a
        # hotel in town 'with his mates'"
        [
            {"LOWER": {"IN": ["took", "taken", "taking", "takes"]}},
            {"LOWER": {"IN": ["her", "him", "them"]}},
            {"LOWER": "to"},
            {"LOWER": {"IN": ["a", "the"]}, "OP": "?"},
            {"LOWER": {"IN": ["hotels", "hotel"]}},
            {"LOWER": {"IN": ["in", "room", "town", "the", "city", "centre"]}, "OP": "*"},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"LOWER": {"IN": ["with", "w", "w/"]}},
            {"LOWER": {"IN": ["his", "their", "older"]}},
            {"LOWER": {"IN": ["mates", "men"]}},
        ],
        [
            {"LOWER": {"IN": ["going", "goes", "went", "gone", "taken", "took", "staying"]}},
            {"LOWER": "to"},
            {"LOWER": {"IN": ["hotels", "hotel"]}},
            {"LOWER": {"IN": ["with", "w", "w/"]}},
            {"LOWER": {"IN": ["him", "them", "men", "older"]}},
        ],
        # a child shut in or tied up, told with the child: "locked him in the cupboard", "tied
        # Noah to the radiator", "locked the kids out overnight", "was found tied to the
        # banister", "Mia (6) locked in a shed"; not "locked up the hall", "tied up his laces",
        # "were locked in a tight game"
        [
            {"LOWER": {"IN": LOCKS}},
            {"LOWER": {"IN": ["him", "her", "them", "me", "us"]}},
            {"LOWER": {"IN": SHUT_WHERE}},
        ],
        [  # "locked the kids out overnight" (not "shut them out for 90 minutes")
            {"LOWER": {"IN": ["locked", "locks", "locking", "lock"]}},
            {"LOWER": {"IN": ["him", "her", "them", "me", "us"]}},
            {"LOWER": "out"},
        ],
        [
            {"LOWER": {"IN": LOCKS}},
            {"IS_TITLE": True, "LOWER": {"NOT_IN": ["the", "a", "his", "her", "their"]}},
            *AN_AGE_IN_BRACKETS,
            {"LOWER": {"IN": [*SHUT_WHERE, "out"]}},
        ],
        [
            {"LOWER": {"IN": LOCKS}},
            {"LOWER": {"IN": ["the", "his", "her", "their", "both", "my", "a"]}},
            {"LIKE_NUM": True, "OP": "?"},
            {"LOWER": {"IN": ["little", "younger", "older", "eldest", "youngest"]}, "OP": "?"},
            {"LOWER": {"IN": sorted(CHILD_WORDS)}},
            {"LOWER": {"IN": [*SHUT_WHERE, "out"]}},
        ],
        [
            {"LOWER": {"IN": sorted(CHILD_WORDS)}},
            *AN_AGE_IN_BRACKETS,
            {"LOWER": {"IN": ["locked", "shut", "tied"]}},
            {"LOWER": {"IN": SHUT_WHERE}, "OP": "+"},
            {"LOWER": {"IN": ["a", "an", "the", "his", "her", "their"]}, "OP": "?"},
            {"IS_ALPHA": True, "OP": "?"},
            {"LOWER": {"IN": SHUT_IN}},
        ],
        [  # "found Mia (6) tied up in the shed"
            {"IS_TITLE": True, "LOWER": {"NOT_IN": ["the", "a", "his", "her", "their"]}},
            *AN_AGE_IN_BRACKETS,
            {"LOWER": {"IN": ["locked", "shut", "tied"]}},
            {"LOWER": {"IN": SHUT_WHERE}, "OP": "+"},
            {"LOWER": {"IN": ["a", "an", "the", "his", "her", "their"]}, "OP": "?"},
            {"IS_ALPHA": True, "OP": "?"},
            {"LOWER": {"IN": SHUT_IN}},
        ],
        [  # "the children were locked in"; not "locked in a tight game" (facts._misread)
            {"LOWER": {"IN": ["was", "were", "is", "are", "been", "being", "gets", "got"]}},
            {"LOWER": {"IN": ["found", "left", "kept", "often", "always", "regularly"]}, "OP": "?"},
            {"LOWER": {"IN": ["locked", "shut", "tied"]}},
            {"LOWER": {"IN": SHUT_WHERE}},
        ],
        [  # "Mum kept him tied to a chair"
            {"LOWER": {"IN": ["kept", "keeps", "keep", "keeping", "left", "leaves"]}},
            {"LOWER": {"IN": ["him", "her", "them"]}},
            {"LOWER": {"IN": ["locked", "shut", "tied"]}},
            {"LOWER": {"IN": SHUT_WHERE}},
        ],
        [  # "tied her hands behind her back"
            {"LOWER": {"IN": ["tied", "ties", "taped", "bound", "binds"]}},
            {"LOWER": {"IN": ["his", "her", "their"]}},
            {"LOWER": {"IN": ["hands", "wrists", "feet", "ankles", "arms", "legs"]}},
        ],
        # "her dad hits her", "a man hurt me" (the child's own words); not "Mum hurt her back",
        # "Mum burnt her hand on the iron": a body part after "her" is the carer's own
        [
            {"LOWER": {"IN": PEOPLE}},
            *AN_AGE_IN_BRACKETS,
            {"LOWER": {"IN": ["had", "has", "repeatedly", "often"]}, "OP": "?"},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},  # her dad 'hits her when he's drunk'
            {"LOWER": {"IN": STRUCK}},
            {"LOWER": {"IN": ["her", "him", "them", "me"]}},
            {"LOWER": {"NOT_IN": [*BODY, *OWN_PARTS]}},
        ],
        # a carer's own admission, as a call handler or a crew records it: "'I only shook him
        # a bit cos he wouldn't stop crying'" (not "I shook him awake")
        [
            {"ORTH": {"IN": QUOTE_MARKS}},
            {"LOWER": "i"},
            {"LOWER": {"IN": ["only", "just", "accidentally", "might", "may"]}, "OP": "?"},
            {"LOWER": {"IN": ["have", "'ve"]}, "OP": "?"},
            {"LOWER": {"IN": [*STRUCK, "shaken", "threw", "thrown"]}},
            {"LOWER": {"IN": ["her", "him", "them"]}},
            {"LOWER": {"NOT_IN": [*BODY, *OWN_PARTS, *NOT_STRUCK_AFTER]}},
        ],
        # a bone broken by a person, in the child's own words: "my mums boyfriend snapped my
        # wrist"
        [
            {"LOWER": {"IN": PEOPLE}},
            {"LOWER": {"IN": ["snapped", "broke", "twisted", "burned", "burnt", "cut", "bent"]}},
            {"LOWER": "my"},
            {"LOWER": {"IN": BODY}},
        ],
        # a hot thing held to the child: "put the hot iron on the boy leg", "held a lighter to
        # her hand", "pressed a cigarette into his arm"
        [
            {"LOWER": {"IN": ["put", "held", "pressed", "placed", "holding", "pressing"]}},
            {"LOWER": {"IN": ["a", "the", "his", "her", "lit"]}, "OP": "?"},
            {"LOWER": "hot", "OP": "?"},
            {"LOWER": {"IN": ["iron", "lighter", "cigarette", "fag", "poker", "spoon", "knife"]}},
            {"LOWER": {"IN": ["on", "onto", "against", "to", "into"]}},
            {"LOWER": {"IN": ["the", "his", "her", "their", "him"]}},
            {"LOWER": {"IN": [*BODY, *CHILD_WORDS, "skin", "face", "leg", "arm", "hand", "back"]}},
            {"LOWER": {"NOT_IN": ["and", "himself", "herself", "themselves"]}},
        ],
        # a carer who stopped a child's medicine: "Dad says he stopped insulin", "mum stopped
        # her meds"
        [
            {"LOWER": {"IN": [*PEOPLE, "he", "she", "they"]}},
            {"LOWER": {"IN": ["had", "has", "says", "said"]}, "OP": "?"},
            {"LOWER": {"IN": ["he", "she", "they"]}, "OP": "?"},
            {"LOWER": {"IN": STOPPED}},
            {"LOWER": {"IN": ["her", "his", "their", "giving"]}, "OP": "?"},
            {"LOWER": {"IN": ["her", "his", "their", "the"]}, "OP": "?"},
            {"LOWER": {"IN": MEDICINES}},
        ],
        # a child shut out of home: "parents changed the locks and refused to let him back in"
        [
            {"LOWER": {"IN": PEOPLE}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!", "school", "staff", "police"]}, "OP": "?"}]
            * 5,
            {"LOWER": {"IN": ["refused", "refuse", "refusing", "refuses", "would", "wo", "will"]}},
            {"LOWER": {"IN": ["n't", "not", "to"]}, "OP": "?"},
            {"LOWER": "let"},
            {"LOWER": {"IN": ["him", "her", "them"]}},
            {"LOWER": "back", "OP": "?"},
            {"LOWER": {"IN": ["in", "into", "home"]}},
            {"LOWER": {"NOT_IN": LET_BACK_INTO}},
        ],
        # a child watched or filmed undressed: "stepdad has been filming her in the bathroom"
        [
            {"LOWER": {"IN": [*PEOPLE, "he", "been", "was"]}},
            {"LOWER": {"IN": ["filming", "filmed", "recording", "recorded", "photographing"]}},
            {"LOWER": {"IN": ["her", "him", "them"]}},
            {"LOWER": {"IN": ["in", "while", "whilst", "when", "getting"]}},
            *[{"LOWER": {"IN": FILMED_WHERE}, "OP": "?"}] * 3,
            {"LOWER": {"IN": ["bathroom", "shower", "undressed", "changing", "changed", "toilet"]}},
        ],
        # one carer's accusation of another, in their words: "mum was shouting 'you shook
        # him'"
        [
            {"ORTH": {"IN": QUOTE_MARKS}},
            {"LOWER": "you"},
            {"LOWER": {"IN": STRUCK}},
            {"LOWER": {"IN": ["her", "him", "them"]}},
            {"LOWER": {"NOT_IN": [*BODY, *OWN_PARTS, "awake", "up", "off", "gently", "lightly"]}},
        ],
        [  # "the boyfriend hit the baby"; not "Dad hit the brakes", "hit a six"
            {"LOWER": {"IN": PEOPLE}},
            *AN_AGE_IN_BRACKETS,
            {"LOWER": {"IN": ["had", "has", "repeatedly", "often"]}, "OP": "?"},
            {"LOWER": {"IN": STRUCK}},
            {"LOWER": {"IN": ["the", "a"]}},
            {"LOWER": {"IN": CHILDREN}},
        ],
        # "stepdad 'batters' Callum": the child by name, the verb in the teller's quotes
        [
            {"LOWER": {"IN": PEOPLE}},
            *AN_AGE_IN_BRACKETS,
            {"LOWER": {"IN": ["had", "has", "repeatedly", "often"]}, "OP": "?"},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"LOWER": {"IN": [w for w in STRUCK if w not in ("beat", "beats", "shook", "shakes")]}},
            {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
            {"IS_TITLE": True, "IS_ALPHA": True},
        ],
        # "her husband beat their son", "the partner kicked his daughter": the child named by
        # whose it is
        [
            {"LOWER": {"IN": PEOPLE}},
            *AN_AGE_IN_BRACKETS,
            {"LOWER": {"IN": ["had", "has", "repeatedly", "often"]}, "OP": "?"},
            {"LOWER": {"IN": STRUCK}},
            {"LOWER": {"IN": ["their", "his", "her", "our", "my"]}},
            {
                "LOWER": {
                    "IN": ["young", "little", "baby", "infant", "older", "youngest", "eldest"]
                },
                "OP": "?",
            },
            {"LOWER": {"IN": [*CHILDREN, "stepson", "stepdaughter", "kids", "kid"]}},
        ],
        # a live enquiry under section 47 of the Children Act 1989, which is made only when
        # the local authority suspects a child is suffering significant harm: "s47 initiated",
        # "section 47 enquiries are under way" (not "s47 closed NFA")
        [
            {"LOWER": {"IN": S47_NAMES}},
            {"LOWER": "47", "OP": "?"},
            {
                "LOWER": {"IN": ["enquiry", "enquiries", "inquiry", "inquiries", "investigation"]},
                "OP": "?",
            },
            {
                "LOWER": {
                    "IN": ["is", "are", "was", "were", "has", "have", "been", "now", "being"]
                },
                "OP": "*",
            },
            {"LOWER": {"IN": S47_LIVE}},
        ],
        [
            {"LOWER": {"IN": S47_NAMES}},
            {"LOWER": "47", "OP": "?"},
            {
                "LOWER": {"IN": ["enquiry", "enquiries", "inquiry", "inquiries", "investigation"]},
                "OP": "?",
            },
            {"LOWER": {"IN": ["is", "are", "was", "were", "now", "being"]}, "OP": "*"},
            {"LOWER": {"IN": ["under", "in"]}},
            {"LOWER": {"IN": ["way", "progress"]}},
        ],
        [
            {"LOWER": {"IN": S47_STARTED}},
            {"LOWER": {"IN": ["a", "an", "the"]}, "OP": "?"},
            {"LOWER": {"IN": S47_NAMES}},
            {"LOWER": "47", "OP": "?"},
            {"LOWER": {"IN": ["enquiry", "enquiries", "inquiry", "inquiries", "investigation"]}},
        ],
        # a step of child protection taken for this child, which is taken only when harm is
        # suspected: "paeds to do CP medical today", "skeletal survey requested", "strategy
        # discussion held" (one that found nothing, or is routine after any infant death, is
        # dropped by `steps.misread_step`)
        [{"LOWER": {"IN": ["cp", "c.p."]}}, {"LOWER": {"IN": CP_STEPS}}],
        [
            {"LOWER": "child"},
            {"LOWER": "protection"},
            {"LOWER": {"IN": PROTECTION_STEPS}},
        ],
        [{"LOWER": "skeletal"}, {"LOWER": {"IN": ["survey", "surveys"]}}],
        # the child referred to children's social care: "DSL rang MASH", "referral to CSC
        # made", "I've phoned duty social work"
        *REFERRED_TO,
        # "referred to the front door" (not "rang the front door bell", "called to the front
        # door by the police")
        [
            {"LOWER": {"IN": ["referred", "referral"]}},
            {"LOWER": {"IN": ["to", "through", "into", "via"]}},
            {"LOWER": {"IN": ["the", "a"]}, "OP": "?"},
            {"LOWER": "front"},
            {"LOWER": "door"},
            {"LOWER": {"NOT_IN": ["bell", "step", "key", "open", "of"]}},
        ],
        [
            {"LOWER": {"IN": ["mash", "csc"]}},
            {"LOWER": {"IN": ["referral", "referrals"]}},
            {"LOWER": {"IN": ["made", "done", "sent", "submitted", "completed", "raised"]}},
        ],
        [
            {"LOWER": {"IN": ["strategy", "strat"]}},
            {"LOWER": {"IN": ["discussion", "discussions", "meeting", "meetings", "disc", "mtg"]}},
        ],
        # "neither parent offers an explanation", "no hx of trauma offered"
        [
            {"LOWER": "neither"},
            {"LOWER": {"IN": CARERS}},
            {"LOWER": {"IN": ["offers", "offered", "gives", "gave", "provides", "provided"]}},
            {"LOWER": {"IN": ["an", "any"]}, "OP": "?"},
            {"LOWER": {"IN": ["explanation", "explanations", "account"]}},
        ],
        [
            {"LOWER": "no"},
            {"LOWER": {"IN": ["hx", "history", "account", "explanation"]}},
            {"LOWER": "of"},
            {"LOWER": {"IN": ["trauma", "injury"]}},
            {"LOWER": "offered"},
        ],
        # carers who can give no account of the injury: "parents (both 19) offer no explanation"
        [
            {"LOWER": {"IN": CARERS}},
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!", "but"]}, "OP": "?"}] * 7,
            {
                "LOWER": {
                    "IN": [
                        "offer",
                        "offers",
                        "offered",
                        "give",
                        "gives",
                        "gave",
                        "provide",
                        "provided",
                        "provides",
                    ]
                }
            },
            {"LOWER": "no"},
            {"LOWER": {"IN": ["explanation", "explanations", "account"]}},
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
        # "the childminder has been arrested", "mum's partner arrested"; "arrested for
        # burglary" is not about the child (facts._charged_with_else)
        [
            {"LOWER": {"IN": PEOPLE}},
            {"LOWER": {"IN": ["has", "have", "was", "were", "had", "is", "are"]}},
            {"LOWER": "been", "OP": "?"},
            {"LOWER": {"IN": CHARGED}},
        ],
        [  # a note's "mum's partner arrested." (no verb before it, nothing after it)
            {"LOWER": {"IN": PEOPLE}},
            {"LOWER": {"IN": ["arrested", "charged"]}},
            {"LOWER": {"IN": [".", ";", ",", "and", "on", "-", "–"]}},
        ],
        [  # "police have charged father", "officers arrested the stepfather" (not "the man
            # who stole the charity box")
            {"LOWER": {"IN": ["police", "officers", "detectives", "they"]}},
            {"LOWER": {"IN": ["have", "has", "had", "then", "later"]}, "OP": "*"},
            {"LOWER": {"IN": ["charged", "arrested"]}},
            {"LOWER": {"IN": ["the", "his", "her", "their", "both"]}, "OP": "?"},
            {"LOWER": {"IN": HOUSEHOLD}},
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

# Sex with a child, told plainly: "made to have sex with several men", "he has been having sex
# with her". Read as abuse and serious harm (as "raped" is) only where the law makes it rape
# or abuse: the child is under 16, was made to, or the other is an adult (facts._consensual).
SEX_ACT: list[dict[str, Any]] = [
    {"LOWER": {"IN": ["have", "having", "had", "has", "do", "doing"]}},
    {"ORTH": {"IN": ["'", "‘", "’"]}, "OP": "?"},
    {"LOWER": "sex"},
]
PATTERNS["abuse_or_neglect"].append(SEX_ACT)
PATTERNS["seriously_harmed"].append(SEX_ACT)
# a coma score of 8 or less, a severe brain injury: "GCS 5 at scene", "GCS of 3/15"
PATTERNS["seriously_harmed"].append(
    [
        {"LOWER": "gcs"},
        {"LOWER": {"IN": ["of", "was", "=", ":", "now"]}, "OP": "?"},
        {"TEXT": {"REGEX": r"^[3-8](?:/15)?$"}},
    ]
)

# A death recorded as a clinician records it: "pronounced 06:52", "pronounced at 0652" (a new
# list: "died" shares SUICIDE_PATTERNS with "suicide_suspected").
FATAL_ILLNESSES = _split(
    "meningitis sepsis septicaemia cancer leukaemia leukemia tumour tumor pneumonia covid "
    "flu influenza asthma epilepsy"
)
# A time of day as logs write it: "14:20", "0331".
CLOCK_TIME = r"^(?:(?:[01]?\d|2[0-3])[:.][0-5]\d|(?:[01]\d|2[0-3])[0-5]\d)$"
# Capitalised words after "funeral for", "the loss of" that name no child: "the funeral for
# Grandma Rose", "the cremation for Tuesday", "the loss of Mr Hughes".
NOT_A_CHILDS_NAME = [
    *PEOPLE,
    *OTHERS,
    *WEEKDAYS,
    *_split("nanna aunty auntie great mr mrs ms miss dr sir"),
]
# How a child's death is told as a loss: "the tragic loss of Ethan Walsh".
LOSS_WORDS = _split("tragic sudden devastating heartbreaking untimely")
# Words between "CPR" and "unsuccessful" as a crew writes them: "CPR by LAS and ED", "resus
# x 40 mins", "resuscitation attempts were".
CPR_BY = _split(
    "by las and ed a&e crew paramedics hems team x mins minutes attempts efforts attempted was "
    "were on scene in resus the for over emergency department hospital"
)
# Who is said to have "passed" at a time or with their family: a child, by pronoun or word.
PASSED_WHO = _split("he she baby child boy girl infant son daughter they")
PATTERNS["died"] = [
    *PATTERNS["died"],
    [
        {"LOWER": "pronounced"},
        {"LOWER": "at", "OP": "?"},
        {"TEXT": {"REGEX": CLOCK_TIME}},
    ],
    # a crew's "ROLE completed 0147" (recognition of life extinct), in its capitals, not "his
    # role completed the team"
    [{"ORTH": "ROLE"}, {"LOWER": {"IN": ["completed", "confirmed", "declared", "done"]}}],
    # "PLE 0331 by HEMS doctor" (pronounced life extinct), "RIP 06:10 today", in capitals;
    # not "has PLE after his Fontan", "PLE confirmed by biopsy" (protein-losing enteropathy),
    # "grandad (RIP 2015)" (a year, so RIP wants a time written with its colon)
    [
        {"ORTH": {"IN": ["PLE", "P.L.E.", "ROLE"]}},
        {"LOWER": {"IN": ["at", "@", "declared", "pronounced"]}, "OP": "?"},
        {"TEXT": {"REGEX": CLOCK_TIME}},
    ],
    # "pt RIP 02/11/24" in a letter about the patient
    [{"LOWER": {"IN": ["pt", "patient"]}}, {"ORTH": {"IN": ["RIP", "R.I.P."]}}],
    [
        {"ORTH": {"IN": ["RIP", "R.I.P."]}},
        {"LOWER": {"IN": ["at", "@"]}, "OP": "?"},
        {"TEXT": {"REGEX": r"^(?:[01]?\d|2[0-3])[:.][0-5]\d$"}},
    ],
    [
        {"ORTH": {"IN": ["PLE", "P.L.E."]}},
        {"LOWER": {"IN": ["by", "declared", "pronounced"]}},
        {"LOWER": {"NOT_IN": ["biopsy", "endoscopy", "scan", "albumin", "bloods", "stool"]}},
    ],
    # "he didnt make it" (not "didnt make it to the appointment")
    [
        {"LOWER": "did"},
        {"LOWER": "nt"},
        {"LOWER": "make"},
        {"LOWER": "it"},
        {
            "LOWER": {
                "NOT_IN": ["to", "in", "into", "home", "back", "out", "on", "for", "up", "down"]
            }
        },
    ],
    # "she passed overnight", "hes gone, passed on Tues": a death, said gently (not "passed
    # out", "she passed this on to me", "she passed yesterday" of a driving test)
    [
        {"LOWER": {"IN": ["he", "she", "hes", "shes", "they", "baby", "child"]}},
        {"LOWER": {"IN": ["'s", "’s", "has", "had", "s"]}, "OP": "?"},
        {"LOWER": "passed"},
        {"LOWER": {"IN": ["overnight", "peacefully", "suddenly"]}},
    ],
    # "our Leah passed on Tues" (not "Referral passed on Monday to the locality team", "Nana
    # passed on Sunday")
    [
        {"LOWER": {"IN": ["he", "she", "hes", "shes", "baby", "child"]}},
        {"LOWER": {"IN": ["'s", "’s", "has", "had", "s"]}, "OP": "?"},
        {"LOWER": "passed"},
        {"LOWER": "on"},
        {"LOWER": {"IN": WEEKDAYS}},
    ],
    [  # "hes gone, passed on Tues"
        {"LOWER": "gone"},
        {"LOWER": ","},
        {"LOWER": "passed"},
        {"LOWER": "on"},
        {"LOWER": {"IN": WEEKDAYS}},
    ],
    [
        {"LOWER": {"IN": ["our", "my", "little", "baby"]}},
        {
            "IS_TITLE": True,
            "LOWER": {"NOT_IN": [*PEOPLE, "nan", "nana", "nanna", "gran", "grandad"]},
        },
        {"LOWER": "passed"},
        {"LOWER": "on"},
        {"LOWER": {"IN": WEEKDAYS}},
    ],
    # "baby Amara passed in her sleep last night"
    [
        {"LOWER": "passed"},
        {"LOWER": {"IN": ["away", "peacefully"]}, "OP": "?"},
        {"LOWER": "in"},
        {"LOWER": {"IN": ["his", "her", "their"]}},
        {"LOWER": "sleep"},
    ],
    # "slipped away peacefully", "slipped away at home ... as everyone had expected", "slipped
    # away at Lakeview children's hospice" (not "slipped away at the shopping centre", "When
    # staff turned round, Tyler slipped away.": a child gone missing)
    [
        {"LOWER": {"IN": ["slipped", "slips", "slipping"]}},
        {"LOWER": "away"},
        {"LOWER": {"IN": ["peacefully", "gently", "calmly", "surrounded"]}},
    ],
    [  # "Our Kayla slipped away last Wednesday in the hospital"
        {"LOWER": {"IN": ["slipped", "slips", "slipping"]}},
        {"LOWER": "away"},
        {"LOWER": {"IN": ["last", "on"]}},
        {"LOWER": {"IN": WEEKDAYS}},
    ],
    [
        {"LOWER": {"IN": ["slipped", "slips", "slipping"]}},
        {"LOWER": "away"},
        {"LOWER": {"IN": ["at", "in"]}},
        *[{"LOWER": {"NOT_IN": [".", ",", ";", "!", "?"]}, "OP": "?"}] * 6,
        {"LOWER": {"IN": ["home", "hospice", "hospital", "sleep", "picu", "icu", "arms"]}},
    ],
    # nothing more to be done, after an attempt to revive the child: "CPR till the crew
    # arrived; crew said there was nothing more to be done" (not "nothing more could be done
    # tonight" in a search)
    [
        {"LOWER": {"IN": ["cpr", "resus", "resuscitation", "resuscitated", "crew", "paramedics"]}},
        *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 8,
        {"LOWER": "nothing"},
        {"LOWER": {"IN": ["more", "else"]}},
        {"LOWER": {"IN": ["to", "could", "that"]}},
        {"LOWER": {"IN": ["be", "could"]}},
        {"LOWER": {"IN": ["done", "be"]}},
    ],
    # gone, after they tried to revive the child: "they tried to bring him round but hes
    # gone", "worked on her for 40 mins but she's gone." (not "went up but he's gone out")
    *(
        [
            *revived,
            *[{"LOWER": {"NOT_IN": [".", ";", "?", "!"]}, "OP": "?"}] * 6,
            {"LOWER": "but"},
            {"LOWER": {"IN": ["he", "she", "hes", "shes"]}},
            {"LOWER": {"IN": ["'s", "’s", "s", "is", "has"]}, "OP": "?"},
            {"LOWER": "gone"},
            {"IS_PUNCT": True},
        ]
        for revived in (
            [
                {"LOWER": {"IN": ["tried", "trying", "try"]}},
                {"LOWER": "to"},
                {"LOWER": {"IN": ["bring", "revive", "resuscitate", "save"]}},
            ],
            [{"LOWER": {"IN": ["worked", "working"]}}, {"LOWER": "on"}],
            [{"LOWER": {"IN": ["cpr", "resus", "resuscitation"]}}],
        )
    ),
    # "ROLE criteria met, resus not commenced" (recognition of life extinct; not "ROLE
    # criteria not met so full ALS commenced")
    [
        {"ORTH": "ROLE"},
        {"LOWER": "criteria"},
        {"LOWER": {"IN": ["met", "fulfilled"]}},
        {"IS_PUNCT": True, "OP": "?"},
        {"LOWER": {"IN": ["resus", "resuscitation", "cpr"]}},
        {"LOWER": {"IN": ["not", "was"]}},
        {"LOWER": {"IN": ["not", "commenced", "started", "attempted", "begun"]}},
        {"LOWER": {"IN": ["commenced", "started", "attempted", "begun"]}, "OP": "?"},
    ],
    # "HR ceased 0355" on a neonatal unit (not "HR ceased her sick pay"), "lost her battle
    # with leukaemia" (not "with the council"), "sustained unsurvivable head injuries",
    # "Conclusion: Misadventure"
    [{"ORTH": "HR"}, {"LOWER": "ceased"}, {"TEXT": {"REGEX": CLOCK_TIME}}],
    [
        {"LOWER": "lost"},
        {"LOWER": {"IN": ["his", "her", "their"]}},
        {"LOWER": {"IN": ["long", "brave", "short", "hard", "courageous"]}, "OP": "?"},
        {"LOWER": {"IN": ["battle", "fight"]}},
        {"LOWER": {"IN": ["with", "against"]}},
        {"LOWER": {"IN": ["a", "an", "his", "her", "their"]}, "OP": "?"},
        {"LOWER": {"IN": [*FATAL_ILLNESSES, "illness", "disease", "sma", "dmd", "duchenne"]}},
    ],
    [{"LOWER": {"IN": ["sustained", "suffered", "suffering"]}}, {"LOWER": "unsurvivable"}],
    # "she passed at 16:05 with her parents holding her hands", said of a child (not "urine
    # passed at 14:20", "the night passed with her parents", "passed out")
    [
        {"LOWER": {"IN": PASSED_WHO}},
        {"LOWER": {"IN": ["has", "had", "'s", "’s", "s"]}, "OP": "?"},
        {"LOWER": "passed"},
        {"LOWER": {"IN": ["at", "@"]}},
        {"TEXT": {"REGEX": CLOCK_TIME}},
    ],
    [
        {"LOWER": {"IN": PASSED_WHO}},
        {"LOWER": {"IN": ["has", "had", "'s", "’s", "s"]}, "OP": "?"},
        {"LOWER": "passed"},
        {"LOWER": {"IN": ["away", "peacefully"]}, "OP": "?"},
        {"LOWER": "with"},
        {"LOWER": {"IN": ["his", "her", "their"]}},
        {"LOWER": {"IN": ["parents", "family", "mum", "dad", "mother", "father", "mam"]}},
    ],
    # "DOA 1712" (dead on arrival), in its capitals and with its time (not "DOA 02/11/26",
    # a ward's date of admission)
    [
        {"ORTH": {"IN": ["DOA", "D.O.A."]}},
        {"LOWER": {"IN": ["at", "@", ":", "-"]}, "OP": "?"},
        {"TEXT": {"REGEX": CLOCK_TIME}},
    ],
    # "resus stopped in ED 17:20", "CPR discontinued after 40 mins" (not "CPR stopped when
    # the crew took over", nor one that ended as the heart started: `facts._misread`)
    [
        {"LOWER": {"IN": RESUSCITATION}},
        {"LOWER": {"IN": ["was", "were", "efforts", "attempts"]}, "OP": "?"},
        {"LOWER": {"IN": RESUSCITATION_ENDS}},
    ],
    # brainstem death confirmed: "second set of brainstem tests done today, confirmed"
    [
        # (not "brain tests confirmed a glioma", nor a newborn's "auditory brainstem test":
        # `facts._misread`)
        {"LOWER": "brainstem"},
        {"LOWER": {"IN": ["death", "tests", "testing", "test"]}},
        *[
            {
                "LOWER": {
                    "NOT_IN": [".", ";", "?", "!", "not", "n't", "never", "awaited", "pending"]
                },
                "OP": "?",
            }
        ]
        * 7,
        {"LOWER": {"IN": ["confirmed", "completed", "met", "positive"]}},
    ],
    [
        {"LOWER": {"IN": ["conclusion", "verdict"]}},
        {"IS_PUNCT": True, "OP": "?"},
        {"LOWER": "misadventure"},
    ],
    # "CPR by LAS and ED unsuccessful.", "resus x 40 mins unsuccessful" (not "CPR training
    # was unsuccessful", "resus unsuccessful at first")
    [
        {"LOWER": {"IN": ["cpr", "resus", "resuscitation"]}},
        *[{"LOWER": {"IN": CPR_BY}, "OP": "?"}] * 5,
        {"LOWER": {"IN": ["unsuccessful", "unsuccessfull", "futile"]}},
        {"LOWER": {"NOT_IN": ["at", "initially", "until", "till", "before"]}},
    ],
    # "janazah prayer for Ibrahim (11)", "funeral for our Kayla", "the vigil for him": a
    # rite for the child, by name or word (not "the funeral of a friend", "funeral for nan")
    [
        {"LOWER": {"IN": ["funeral", "janazah", "levaya", "cremation", "burial"]}},
        {"LOWER": {"IN": ["prayer", "prayers", "service", "mass"]}, "OP": "?"},
        {"LOWER": "for"},
        {"LOWER": {"IN": ["our", "little", "baby", "young", "their", "his", "her"]}, "OP": "*"},
        {
            "LOWER": {
                "IN": ["son", "daughter", "baby", "boy", "girl", "grandson", "granddaughter"]
            },
            "OP": "?",
        },
        {
            "IS_TITLE": True,
            "LOWER": {"NOT_IN": NOT_A_CHILDS_NAME},
        },
    ],
    # "the tragic loss of Ethan Walsh", "the sudden loss of our little boy"
    [
        {"LOWER": {"IN": LOSS_WORDS}},
        {"LOWER": "loss"},
        {"LOWER": "of"},
        {"LOWER": {"IN": ["our", "little", "baby", "young"]}, "OP": "*"},
        {
            "IS_TITLE": True,
            "LOWER": {"NOT_IN": NOT_A_CHILDS_NAME},
        },
    ],
    [
        {"LOWER": {"IN": LOSS_WORDS}},
        {"LOWER": "loss"},
        {"LOWER": "of"},
        {"LOWER": {"IN": ["our", "their", "a", "her", "his"]}},
        {"LOWER": {"IN": ["little", "baby", "young", "beautiful"]}, "OP": "*"},
        {"LOWER": {"IN": ["son", "daughter", "boy", "girl", "child", "pupil", "student"]}},
    ],
    # an illness that took the child: "baby Amir was taken by GBS sepsis", "taken from us by
    # meningitis" (not "taken with flu": fell ill)
    [
        {"LOWER": {"IN": ["was", "been"]}},
        {"LOWER": "taken"},
        {"LOWER": "from", "OP": "?"},
        {"LOWER": "us", "OP": "?"},
        {"LOWER": "by"},
        {"OP": "?"},
        {"LOWER": {"IN": FATAL_ILLNESSES}},
    ],
    # an illness that took the child: "meningitis B took her last month", "cancer took him"
    [
        {"LOWER": {"IN": FATAL_ILLNESSES}},
        {"LOWER": {"IN": ["b", "c", "w", "y", "disease", "infection"]}, "OP": "?"},
        {"LOWER": {"IN": ["took", "claimed"]}},
        {"LOWER": {"IN": ["him", "her", "them"]}},
        # not "flu took him out of school", "took her to A&E"
        {"LOWER": {"NOT_IN": ["out", "to", "off", "into", "from", "through", "away", "in"]}},
    ],
]

# A death as crews, wards, families and faiths tell it, each with the words that make it a
# death and not its everyday sense (a family of words, not one writer's phrase):
# "not able to be resuscitated", "never woke up", "never made it to hospital", "ROLE at
# scene 0551", "TOD 1152", "succumbed to his injuries", "laid to rest".
# Whose death it is, and a death denied or feared, are read as for every other cue; and
# since each has an everyday sense too ("lost her fight at the county championships", "PM
# booked with the school nurse"), a plain word that the child lives outweighs them
# (`facts`: DIED_GENTLY).
DIED_GENTLY = "died_gently"
CUES[DIED_GENTLY] = (
    tuple(
        f"{neg} be {done}"
        for neg in ("not able to", "unable to")
        for done in ("resuscitated", "revived", "saved", "brought back")
    )
    + tuple(  # "hospital unable to save him", "doctors cannot bring him back" (not "unable to
        # get him back into class")
        f"{c} {v.format(w)}"
        for c in ("cannot", "can't", "cant", "unable to")
        for v in _BACK
        for w in _WHOM
        if not v.startswith("get")
    )
    + (
        "could not be brought back",
        "couldn't be brought back",
        "resuscitation failed",
        "resus failed",
        "failed resuscitation",
        "unsuccessful resuscitation",
        "did not respond to resuscitation",
        "didn't respond to resuscitation",
        "did not respond to cpr",
        "didn't respond to cpr",
        "did not regain consciousness",
        "didn't regain consciousness",
        "compassionate extubation",
        "palliative extubation",
        "laid to rest",
        "was cremated",
        "gone too soon",
        "taken too soon",
        "earned his wings",
        "earned her wings",
        "gone to heaven",
        "went to heaven",
        "in heaven now",
        "up in heaven",
        "heaven gained",
        "rest in peace",
        "donated his organs",
        "donated her organs",
        # the last breath, the end of a life: "he took his last breath at 15:22", "her life
        # ended peacefully at Helen House", "Deshawn's life was taken on Marsh Lane"
        "took his last breath",
        "took her last breath",
        "breathed his last",
        "breathed her last",
        "life was cut short",
        "gone to sleep forever",
        "went to sleep forever",
        "asleep forever",
        "beyond help",
        "beyond medical help",
        "beyond any medical help",
        # as faiths say it: "went home to be with the Lord", "left for her heavenly abode",
        # "attained the lotus feet of the Lord", "returned to Allah"
        "to be with the lord",
        "to be with jesus",
        "to be with god",
        "heavenly abode",
        "lotus feet",
        "returned to allah",
        "returned to god",
        "returned to waheguru",
        # angel wings, a small white coffin, the care of the body after a death, the
        # mortuary: "Theo gained his angel wings on 4th June", "carrying his small white
        # coffin", "Jack's last offices completed 19:00", "He is in the mortuary"
        "gained his angel wings",
        "gained her angel wings",
        "earned his angel wings",
        "earned her angel wings",
        "grew his wings",
        "grew her wings",
        "white coffin",
        "small coffin",
        "tiny coffin",
        "last offices",
        "in the mortuary",
        "at the mortuary",
        "to the mortuary",
        "from the mortuary",
        "non-survival",
        "ventilator was switched off",
        "ventilator was turned off",
        "ventilator switched off",
        "switched off the ventilator",
        "turned off the ventilator",
        "taken from us too soon",
        "taken from us far too soon",
        "taken from us so young",
    )
)
# Who a death word is said of, by pronoun or word, in the patterns below.
ONE_CHILD_WORDS = _split("he she hes shes baby child boy girl son daughter")
CLAUSE_ENDS = _split(". , ; ! ? - –")
# What ends "she never woke up": the clause, or when ("never woke up this morning").
WOKE_NO_MORE = [
    *CLAUSE_ENDS,
    "again",
    "this",
    "that",
    "from",
    "after",
    "yesterday",
    "today",
    "last",
]
# What is said of a post-mortem of the child: "PM booked Tues", "post mortem pending".
POST_MORTEM_TOLD = _split(
    "booked pending awaited showed shows found revealed results result confirmed today "
    "tomorrow scheduled arranged"
)
# Recognition of life extinct, in its capitals.
ROLE = ["ROLE", "R.O.L.E.", "R.O.L.E"]
LOST_THE_FIGHT: list[dict[str, Any]] = [
    {"LOWER": "lost"},
    {"LOWER": {"IN": ["his", "her", "their"]}},
    {"LOWER": {"IN": ["fight", "battle"]}},
]
MADE_IT_TO_HOSPITAL: list[dict[str, Any]] = [
    {"LOWER": "it", "OP": "?"},
    {"LOWER": "to", "OP": "?"},
    {"LOWER": "the", "OP": "?"},
    {"LOWER": {"IN": ["hospital", "a&e", "ed", "resus", "theatre", "picu"]}},
    {"LOWER": {"IN": CLAUSE_ENDS}},
]
PATTERNS[DIED_GENTLY] = [
    # "ROLE at scene 0551 by paramedics", "ROLE by crew 03:12", "ROLE criteria met, verified
    # 03:12" (recognition of life extinct), in its capitals (not "his ROLE in the gang",
    # "ROLE criteria not met", "Were ROLE criteria met?": a question, `facts`)
    [
        {"ORTH": {"IN": ROLE}},
        {"LOWER": {"IN": ["at", "on", "@"]}},
        {"LOWER": {"IN": ["scene", "home", "the"]}},
        {"LOWER": {"IN": ["scene", "address", "house", "property"]}, "OP": "?"},
    ],
    [
        {"ORTH": {"IN": ROLE}},
        {"LOWER": {"IN": ["by", "confirmed", "verified", "declared"]}},
        {
            "LOWER": {
                "IN": _split(
                    "crew crews paramedic paramedics ambulance hems doctor dr gp clinician by at"
                )
            }
        },
    ],
    [
        # (asked, "ROLE criteria met?", is left by `facts`; the match may end the text)
        {"ORTH": {"IN": ROLE}},
        {"LOWER": "criteria"},
        {"LOWER": {"IN": ["met", "fulfilled", "applied"]}},
    ],
    # "Breathing stopped 05:50", "heart stopped at 03:10" as a ward records a death (not
    # "stopped breathing for 20 seconds": a time of day is wanted)
    [
        {"LOWER": {"IN": ["breathing", "heart", "heartbeat", "respirations"]}},
        {"LOWER": {"IN": ["stopped", "ceased"]}},
        {"LOWER": {"IN": ["at", "@"]}, "OP": "?"},
        {"TEXT": {"REGEX": CLOCK_TIME}},
    ],
    # "lost her fight on 03/08", "lost his battle last night" (not "lost her battle to stay
    # in the netball team", "lost his fight at the boxing club")
    [
        *LOST_THE_FIGHT,
        {"LOWER": {"IN": ["for", "on", "last", "yesterday", "today", "this"]}},
        {"LOWER": {"NOT_IN": ["a", "the", "place", "title", "belt", "match", "spot"]}},
    ],
    [*LOST_THE_FIGHT, {"LOWER": {"IN": [".", ";", "!"]}}],  # which may end the text
    # "Charlie would have been 9 today": a birthday the child did not live to see
    [
        {"LOWER": "would"},
        {"LOWER": "have"},
        {"LOWER": "been"},
        {"LIKE_NUM": True},
        {"LOWER": {"IN": ["today", "tomorrow", "yesterday", "on", "this"]}},
    ],
    # "since we lost Ellie", "the night they lost Kai" (not "we lost Nana", "we lost Tuesday's
    # session", "lost Wi-Fi")
    [
        {"LOWER": {"IN": ["we", "they", "family", "i"]}},
        {"LOWER": "lost"},
        {"LOWER": {"IN": ["little", "baby", "our", "my", "their", "beautiful"]}, "OP": "{,3}"},
        {"IS_TITLE": True, "LOWER": {"NOT_IN": [*NOT_A_CHILDS_NAME, "wi-fi", "wifi", "sky"]}},
        # the clause ends, or says what took the child (not "we lost Alfie at Drayton Manor
        # for 45 mins": a child who went missing)
        {"LOWER": {"IN": [".", ",", ";", "!", "-", "–", "to", "last", "yesterday", "suddenly"]}},
    ],
    # "sitting shiva for their son Eli", "Antim Ardas for Harnoor"
    [
        {"LOWER": {"IN": ["sitting", "sit", "sat", "antim"]}},
        {"LOWER": {"IN": ["shiva", "ardas"]}},
        {"LOWER": "for"},
        {"LOWER": {"IN": ["their", "his", "her", "our"]}, "OP": "?"},
        {"LOWER": {"IN": ["son", "daughter", "baby", "child", "boy", "girl"]}, "OP": "?"},
        {"IS_TITLE": True, "LOWER": {"NOT_IN": NOT_A_CHILDS_NAME}},
    ],
    # "cause 1a hypoxic ischaemic encephalopathy", "the medical cause was 1a multiple
    # injuries": a death certificate's line for the cause of death
    [
        {"LOWER": "cause"},
        {"LOWER": {"IN": ["was", "is", ":", "of", "death", "-"]}, "OP": "{,3}"},
        {"LOWER": {"IN": ["1a", "1(a", "ia", "1a:", "1a."]}},
    ],
    # "the loss of Noa Cohen, aged 9", "on losing Anya" (not "the loss of Nana", "the loss
    # of Mr Hughes", "loss of Wi-Fi")
    [
        {"LOWER": {"IN": ["the", "on"]}},
        {"LOWER": {"IN": ["loss", "losing"]}},
        {"LOWER": "of", "OP": "?"},
        {"LOWER": {"IN": ["little", "baby", "our", "young"]}, "OP": "{,3}"},
        {"IS_TITLE": True, "LOWER": {"NOT_IN": [*NOT_A_CHILDS_NAME, "wi", "wi-fi", "wifi"]}},
        # a surname (not "the loss of Universal Credit", "of Child Benefit")
        {
            "IS_TITLE": True,
            "LOWER": {"NOT_IN": _split("credit benefit benefits allowance sports payment")},
            "OP": "?",
        },
        # then who the child was: "the loss of Noa Cohen, aged 9", "of Leo (3)"
        {"LOWER": {"IN": [",", "(", "aged", "who", "-", "–"]}},
    ],
    # "TOD 1152", "T.O.D. 03:40" (time of death), in its capitals and with its time
    [
        {"ORTH": {"IN": ["TOD", "T.O.D.", "T.O.D"]}},
        {"LOWER": {"IN": [":", "-", "at", "@"]}, "OP": "?"},
        {"TEXT": {"REGEX": CLOCK_TIME}},
    ],
    # "she never woke up on Saturday morning", "just didn't wake up." (not "never woke up
    # till the neighbour banged on the door", "didn't wake up on time for school", "she has
    # woken up")
    [
        {"LOWER": {"IN": [*ONE_CHILD_WORDS, "just", "simply"]}},
        {"LOWER": "never"},
        {"LOWER": {"IN": ["woke", "wake", "woken"]}},
        {"LOWER": "up", "OP": "?"},
        {"LOWER": {"IN": WOKE_NO_MORE}},
    ],
    [
        {"LOWER": {"IN": [*ONE_CHILD_WORDS, "just", "simply"]}},
        {"LOWER": "never"},
        {"LOWER": {"IN": ["woke", "wake", "woken"]}},
        {"LOWER": "up", "OP": "?"},
        {"LOWER": "on"},
        {"LOWER": {"IN": [*WEEKDAYS, "the"]}},
    ],
    [
        {"LOWER": {"IN": [*ONE_CHILD_WORDS, "just", "simply"]}},
        {"LOWER": {"IN": ["did", "has", "had"]}},
        {"LOWER": {"IN": ["not", "n't", "nt"]}},
        {"LOWER": {"IN": ["wake", "woken"]}},
        {"LOWER": "up", "OP": "?"},
        {"LOWER": {"IN": WOKE_NO_MORE}},
    ],
    # "never made it to hospital", "didn't make it to A&E" (not "never made it to the
    # appointment", "didn't make it to school", "she did make it to hospital")
    [
        {"LOWER": "never"},
        {"LOWER": {"IN": ["made", "reached"]}},
        *MADE_IT_TO_HOSPITAL,
    ],
    [
        {"LOWER": "did"},
        {"LOWER": {"IN": ["not", "n't", "nt"]}},
        {"LOWER": {"IN": ["make", "reach"]}},
        *MADE_IT_TO_HOSPITAL,
    ],
    # "his life ended peacefully", "Deshawn's life was taken on Marsh Lane" (not "his life
    # ended up in chaos", "his life was taken over by county lines")
    [
        {"LOWER": "life"},
        {"LOWER": {"IN": ["ended", "ends"]}},
        {"LOWER": {"NOT_IN": ["up", "when", "as", "because"]}},
    ],
    [
        {"LOWER": "life"},
        {"LOWER": "was"},
        {"LOWER": "taken"},
        {"LOWER": {"NOT_IN": ["over", "up", "away", "into", "from"]}},
    ],
    # "succumbed to his injuries", "succumbed to sepsis" (not "succumbed to peer pressure")
    [
        {"LOWER": "succumbed"},
        {"LOWER": "to"},
        {"LOWER": {"IN": ["his", "her", "their", "the"]}, "OP": "?"},
        {"LOWER": {"IN": ["injuries", "wounds", "illness", "burns", *FATAL_ILLNESSES]}},
    ],
    # "his body was recovered", "found her body", "recovery of his body" (not "body map",
    # "her body language", "his body was covered in bruises": a living child's body)
    [
        {"LOWER": {"IN": ["his", "her", "their"]}},
        {"LOWER": "body"},
        {"LOWER": {"IN": ["was", "has", "had", "were"]}},
        {"LOWER": "been", "OP": "?"},
        {"LOWER": {"IN": _split("recovered found discovered identified released pulled located")}},
    ],
    [
        {"LOWER": {"IN": _split("found recovered discovered identified located")}},
        {"LOWER": {"IN": ["his", "her", "their"]}},
        {"LOWER": "body"},
    ],  # (not "found her body covered in bruises": `facts`)
    # "RIP Jayden", "RIP little man", "fly high baby girl": the words of a post about the
    # child (not "RIP grandad", "RIP 2015")
    [
        {"ORTH": {"IN": ["RIP", "R.I.P."]}},  # (not "a Rip Curl hoodie")
        {"LOWER": {"IN": ["little", "baby", "sweet", "beautiful", "our", "my"]}, "OP": "{,3}"},
        {
            "IS_TITLE": True,
            "LOWER": {"NOT_IN": NOT_A_CHILDS_NAME},
        },
    ],
    [
        {"ORTH": {"IN": ["RIP", "R.I.P.", "rip"]}},
        {"LOWER": {"IN": ["little", "baby", "sweet", "beautiful", "our", "my"]}},
        {"LOWER": {"IN": ["man", "boy", "girl", "angel", "princess", "prince", "one", "lad"]}},
    ],
    [
        {"LOWER": "fly"},
        {"LOWER": "high"},
        {"LOWER": {"IN": _split("angel little baby princess prince sweetheart my our beautiful")}},
    ],
    # a post-mortem of the child: "PM booked Tues", "post mortem pending", "the autopsy
    # showed" (not "PM visit", "2pm", a post-mortem of someone else: `facts`)
    [
        {"LOWER": {"IN": ["post-mortem", "postmortem", "autopsy"]}},
        {"LOWER": {"IN": ["exam", "examination"]}, "OP": "?"},
        {"LOWER": {"IN": POST_MORTEM_TOLD}},
    ],
    [  # "PM booked Tues" in its capitals (not "2 PM tomorrow": `facts._misread`)
        {"ORTH": "PM"},
        {"LOWER": {"IN": _split("booked pending awaited showed shows found revealed results")}},
    ],
    [
        {"LOWER": "post"},
        {"LOWER": {"IN": ["-", "mortem"]}},
        {"LOWER": "mortem", "OP": "?"},
        {"LOWER": {"IN": ["exam", "examination"]}, "OP": "?"},
        {"LOWER": {"IN": POST_MORTEM_TOLD}},
    ],
]

# Lasting harm told by how long the help will be needed or what was lost for good (the
# statute's "likely long-term impairment", Regulation 5(2)(b)(ii)): "he will need
# neurorehabilitation for years", "a wheelchair from now on", "I do not expect full
# recovery", "persisting left hemiparesis", "CAMHS have diagnosed PTSD", "bilateral profound
# sensorineural hearing loss", "expected to remain in hospital for several months". A
# condition from birth, a planned operation or someone else's is none (`facts`:
# HARMED_LASTING).
HARMED_LASTING = "harmed_lasting"
CUES[HARMED_LASTING] = (
    "hemiparesis",
    "hemiplegia",
    "quadriplegia",
    "tetraplegia",
    "ptsd",
    "post-traumatic stress",
    "post traumatic stress",
    "craniectomy",
    "craniotomy",
    "splenectomy",
    "spleen removed",
    "spleen had to come out",
    "tracheostomy",
    "cochlear implant",
    "profound hearing loss",
    "profoundly deaf",
    "sensorineural hearing loss",
    "major operations",
    "major operation",
    "major surgery",
    "not expect full recovery",
    "not expect a full recovery",
    "not expect him to recover",
    "not expect her to recover",
    "will not fully recover",
    "won't fully recover",
    "unlikely to fully recover",
    "unlikely to make a full recovery",
    "no full recovery",
    "months in hospital",
    "wheelchair from now on",
    "brain was damaged",
    "spine was broken",
    "broke his spine",
    "broke her spine",
    "broken spine",
    "broken back",
    "broke his back",
    "broke her back",
)
# A need, and up to six words of what is needed, in one clause: "will need therapy input".
NEEDED: list[dict[str, Any]] = [
    {"LOWER": {"REGEX": r"^(?:need|needs|needed|needing|require|requires|required)$"}},
    *[{"LOWER": {"NOT_IN": [".", ";", "!", "?"]}, "OP": "?"}] * 6,
]
PATTERNS[HARMED_LASTING] = [
    # "will need therapy for several years", "therapy to be needed for years", "support
    # throughout his education" (not "needs antibiotics for 5 days", "physio for a few weeks")
    [
        *NEEDED,
        {"LOWER": {"IN": ["for", "over"]}},
        {"LOWER": {"IN": ["many", "several", "some", "the", "a", "coming"]}, "OP": "?"},
        {"LOWER": {"IN": ["years", "life"]}},
    ],
    [
        *NEEDED,
        {"LOWER": "throughout"},
        {"LOWER": {"IN": ["his", "her", "their"]}},
        {"LOWER": {"IN": ["education", "schooling", "childhood", "life", "school"]}},
    ],
    [
        {"LOWER": {"IN": ["to", "be", "needed", "required"]}},
        {"LOWER": {"IN": ["needed", "required"]}, "OP": "?"},
        {"LOWER": "for"},
        {"LOWER": {"IN": ["many", "several", "some"]}, "OP": "?"},
        {"LOWER": "years"},
    ],
    # "expected to remain in hospital for several months" (not "in hospital for a few days")
    [
        {"LOWER": "in"},
        {"LOWER": "hospital"},
        {"LOWER": "for"},
        {"LOWER": {"IN": ["many", "several", "some", "a", "the", "next"]}, "OP": "?"},
        {"LOWER": {"IN": ["few"]}, "OP": "?"},
        {"LOWER": {"IN": ["months", "years"]}},
    ],
    # "can't feel or move her legs", "cannot move his legs"
    [
        {"LOWER": {"IN": ["cant", "can't", "cannot", "can"]}},
        {"LOWER": {"IN": ["not", "n't"]}, "OP": "?"},
        {"LOWER": {"IN": ["feel", "move", "walk"]}},
        {"LOWER": {"IN": ["or", "and"]}, "OP": "?"},
        {"LOWER": {"IN": ["feel", "move"]}, "OP": "?"},
        {"LOWER": {"IN": ["his", "her", "their", "either"]}},
        {"LOWER": {"IN": ["legs", "arms", "body", "leg", "arm"]}},
    ],
]

# What makes sex with a young person abuse whatever their age: they were made to.
COERCED = frozenset(
    _split("made forced pressured pressurised coerced threatened blackmailed groomed passed")
)

# Harm told by what a person did, in words the lists above lack (each family, not a phrase):
HOT_LIQUIDS = _split("water tea coffee oil fat soup")
HOT_LIQUID_ON: list[dict[str, Any]] = [
    {"LOWER": {"IN": ["poured", "threw", "thrown", "tipped", "chucked", "pouring"]}},
    {"LOWER": {"IN": ["a", "the", "some"]}, "OP": "?"},
    {"LOWER": {"IN": ["boiling", "hot", "scalding", "kettle"]}},
    {"LOWER": {"IN": HOT_LIQUIDS}, "OP": "?"},
    {"LOWER": {"IN": ["on", "over", "onto", "at"]}},
]
INTOXICATED_AS: list[dict[str, Any]] = [  # "her mother was 'out of it' on drugs"
    {"LOWER": {"IN": CARERS}},
    {"LOWER": {"IN": ["was", "were", "had", "been", "is", "completely"]}, "OP": "*"},
    {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
    {"LOWER": "out"},
    {"LOWER": "of"},
    {"LOWER": "it"},
    {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
    {"LOWER": "on"},  # "on drugs", not "with flu"
    {"LOWER": {"IN": [*SUBSTANCES, "drink", "booze", "something", "pills", "weed"]}},
]
PATTERNS["abuse_or_neglect"] += [
    # a head driven into something by a person: "her mum's fella smashed her head against
    # the wall" (not "Jamie slammed his head against the goal post")
    [
        {"LOWER": {"IN": [*PEOPLE, "fella", "bloke"]}},
        {"LOWER": {"IN": ["had", "has", "then", "repeatedly"]}, "OP": "?"},
        {"LOWER": {"IN": ["smashed", "slammed", "rammed", "smashing", "slamming"]}},
        {"LOWER": {"IN": ["her", "his", "their", "the"]}},
        {"OP": "?"},
        {"LOWER": {"IN": ["head", "face"]}},
        {"LOWER": {"IN": ["against", "into", "off"]}},
    ],
    # a hot liquid put on the child: "poured the kettle on her", "threw boiling water over him"
    [*HOT_LIQUID_ON, {"LOWER": {"IN": ["her", "him", "them"]}}],
    [
        *HOT_LIQUID_ON,
        {"LOWER": {"IN": ["the", "his", "her"]}},
        {"LOWER": {"IN": [*CHILDREN, "kids"]}},
    ],
    # an injury someone meant: "the hospital think it was done on purpose", "burned her on
    # purpose" (not "he did it on purpose to annoy his sister")
    [
        {"LOWER": {"IN": ["was", "were", "been", "being"]}},
        {"LOWER": {"IN": ["done", "caused", "inflicted"]}},
        {"LOWER": "on"},
        {"LOWER": "purpose"},
    ],
    [
        {"LOWER": {"IN": ["hurt", "injured", "burned", "burnt", "scalded", "hit"]}},
        {"LOWER": {"IN": ["him", "her", "them"]}},
        {"LOWER": "on"},
        {"LOWER": "purpose"},
    ],
    # a carer's vague act told as an accusation: "mum's boyfriend 'did something to her'",
    # "'did something to him cos he wouldn't stop crying'"
    [
        {"LOWER": {"IN": PEOPLE}},
        {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
        {"LOWER": {"IN": ["did", "done", "has", "had", "does"]}},
        {"LOWER": {"IN": ["done", "did"]}, "OP": "?"},
        {"LOWER": {"IN": ["something", "stuff", "things"]}},
        {"LOWER": "to"},
        {"LOWER": {"IN": ["her", "him", "them", "me"]}},
        {"ORTH": {"IN": QUOTE_MARKS}, "OP": "?"},
        # "did something to her' and", not "did something to her' phone"
        {"LOWER": {"IN": _split(". , ; ! ? and but when while - last cos coz because cause")}},
    ],
    # a child's food or treatment stopped by a carer: "mum had stopped her gastrostomy feeds"
    [
        {"LOWER": {"IN": CARERS}},
        {"LOWER": {"IN": ["had", "has", "have", "just", "simply"]}, "OP": "*"},
        {"LOWER": {"IN": ["stopped", "withheld", "stopping", "withholding"]}},
        {"LOWER": {"IN": ["giving", "feeding"]}, "OP": "?"},
        {"LOWER": {"IN": ["her", "his", "him", "their", "the", "baby", "all"]}},
        {"OP": "?"},
        {
            "LOWER": {
                "IN": ["feeds", "feed", "feeding", "food", "medication", "meds", "insulin", "milk"]
            }
        },
        # for days, not for hours before an operation: "for several days", "for a week"
        {"LOWER": "for"},
        {
            "LOWER": {"IN": ["several", "a", "two", "three", "four", "five", "few", "many"]},
            "OP": "?",
        },
        {"LOWER": "few", "OP": "?"},
        {"LOWER": {"IN": ["days", "weeks", "week", "months", "month"]}},
    ],
    INTOXICATED_AS,
    # exploitation told plainly: "made to sleep with men for money", "men ... gave her vodka"
    [
        {"LOWER": {"IN": ["made", "forced", "pressured", "coerced"]}},
        {"LOWER": "to"},
        {"LOWER": "sleep"},
        {"LOWER": "with"},
        {"LOWER": {"IN": ["older", "a", "adult", "several", "different"]}, "OP": "?"},
        {"LOWER": {"IN": ["men", "man", "adults", "strangers", "him", "them", "lads", "boys"]}},
    ],
    [
        {"LOWER": {"IN": ["men", "males", "adults", "lads"]}},
        *[{"LOWER": {"NOT_IN": [".", ";", "!", "?"]}, "OP": "?"}] * 6,
        {"LOWER": {"IN": ["gave", "giving", "plied", "supplied", "supplying"]}},
        {"LOWER": {"IN": ["her", "him", "them"]}},
        {"LOWER": {"IN": ["vodka", "alcohol", "drugs", "weed", "pills", "cocaine", "spirits"]}},
    ],
]
# An act admitted by a carer in denying the intent: "Mum's boyfriend told police he never
# meant to hit him so hard" (a carer or partner only: "the bowler never meant to hit him").
INTIMATES = [
    *CARERS,
    *_split("stepdad stepmum partner boyfriend girlfriend fella bloke uncle babysitter lodger"),
]
PATTERNS["abuse_or_neglect"].append(
    [
        {"LOWER": {"IN": INTIMATES}},
        *[{"LOWER": {"NOT_IN": [".", ";", "!", "?", ",", "but"]}, "OP": "?"}] * 4,
        {"LOWER": {"IN": ["never", "not", "n't", "didnt"]}},
        {"LOWER": {"IN": ["mean", "meant", "intend", "intended"]}},
        {"LOWER": "to"},
        {"LOWER": {"IN": _split("hit hurt shake burn kick punch harm injure smack slap scald")}},
        {"LOWER": {"IN": ["him", "her", "them", "the"]}},
        {"LOWER": {"NOT_IN": ["with"]}},  # "hit him so hard", not "hit him with the ball"
    ]
)
# Done to the child with something, somewhere, by a person: "hit with a hammer by his
# father", "thrown onto the floor by his father", "held under the water by her father",
# "bitten and scratched by her mother" (not "injured in the crash driven by her father").
PATTERNS["abuse_or_neglect"] += [
    [
        {"LOWER": {"IN": [*VIOLENT, "held", "pinned", "pushed"]}},
        {"LOWER": {"IN": ["with", "onto", "into", "under", "against", "across", "down"]}},
        # (a ball hit in a game is no blow: "hit with the ball by her brother at cricket")
        *[{"LOWER": {"NOT_IN": [".", ",", ";", "by", "and", "in", "ball", "balls"]}, "OP": "?"}]
        * 3,
        {"LOWER": "by"},
        {"LOWER": {"IN": DETERMINERS}, "OP": "?"},
        {"LOWER": {"IN": PEOPLE}, "OP": "?"},
        {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
        {"LOWER": {"IN": PEOPLE}},
    ],
    [
        {"LOWER": {"IN": VIOLENT}},
        {"LOWER": "and"},
        {"LOWER": {"IN": [*VIOLENT, "scratched", "bruised", "starved"]}},
        {"LOWER": "by"},
        {"LOWER": {"IN": DETERMINERS}, "OP": "?"},
        {"LOWER": {"IN": PEOPLE}},
    ],
    [
        {"LOWER": {"IN": ["burned", "burnt", "burn", "burns", "burning"]}},
        {"LOWER": "with", "OP": "?"},
        {"LOWER": {"IN": ["a", "his", "her", "lit"]}, "OP": "?"},
        {"LOWER": {"IN": ["cigarette", "cigarettes", "lighter"]}},
    ],
    [{"LOWER": {"IN": ["cigarette", "cigarettes"]}}, {"LOWER": {"IN": ["burn", "burns"]}}],
    [{"LOWER": {"IN": ["sold", "trafficked", "pimped"]}}, {"LOWER": "for"}, {"LOWER": "sex"}],
    # a scald to the line of a glove or a sock: held in hot water ("burns to both hands, right
    # up to the wrist like gloves")
    # (read only beside a burn or a scald in its sentence: `facts._misread`)
    [
        {"LOWER": "like"},
        {"LOWER": {"IN": ["a", "she", "he", "wearing"]}, "OP": "?"},
        {"LOWER": {"IN": ["gloves", "glove", "socks", "sock", "stockings", "stocking"]}},
    ],
    # a safety plan that keeps a carer from the child: "Told parents not to be left alone w/
    # pt", "mum NOT to be alone w/ baby" (not "supervised contact", which family courts
    # order for many reasons)
    [
        {"LOWER": {"IN": ["not", "never"]}},
        {"LOWER": "to", "OP": "?"},
        {"LOWER": "be"},
        {"LOWER": "left", "OP": "?"},
        {"LOWER": "alone"},
        {"LOWER": {"IN": ["with", "w/", "w"]}},
    ],
    # illness fabricated or induced, however the pair is joined: "inducing/fabricating the
    # 'seizures'", "fabricating or inducing her symptoms"
    [
        {"LOWER": {"IN": FII_VERBS}},
        {"LOWER": {"IN": ["/", "or", "and", "&", "-"]}},
        {"LOWER": {"IN": FII_VERBS}},
    ],
    # one verb, and what was induced or made up, by someone named just before: "Bella's
    # mother has been inducing the seizures", "mum has been fabricating the vomiting history"
    # (not "strobe lights induce seizures", "A&E induced vomiting", "Jess admits fabricating
    # symptoms to get out of PE")
    [
        {"LOWER": {"IN": PEOPLE}},
        *[{"LOWER": {"NOT_IN": [".", ";", "!", "?", ","]}, "OP": "?"}] * 4,
        {"LOWER": {"IN": FII_VERBS}},
        {"LOWER": {"IN": ["the", "her", "his", "their", "these"]}, "OP": "?"},
        {"LOWER": {"IN": ["child's", "baby's", "daughter's", "son's"]}, "OP": "?"},
        {"LOWER": {"IN": FII_SIGNS}},
    ],
    # "in the hospital because Gary lost it with him", "lost her temper with the baby"
    [
        {"LOWER": "lost"},
        {"LOWER": {"IN": ["it", "his", "her", "their"]}},
        {"LOWER": "temper", "OP": "?"},
        {"LOWER": "with"},
        {"LOWER": {"IN": ["him", "her", "them", "the"]}},
        {"LOWER": {"IN": ["baby", "child", "boy", "girl", "kids"]}, "OP": "?"},
    ],
    # a clinician who does not accept the account: "I am not satisfied with the explanation"
    [
        {"LOWER": "not"},
        {"LOWER": {"IN": ["satisfied", "convinced", "reassured"]}},
        {"LOWER": {"IN": ["with", "by"]}},
        {"LOWER": {"IN": ["the", "her", "his", "their", "mum's", "dad's", "this"]}},
        {"LOWER": {"IN": ["explanation", "explanations", "account", "history", "story"]}},
        # of the injury, not "the explanation the school gave about the lunch queue"
        {"LOWER": {"IN": [".", ",", ";", "!", "-", "for", "of", "and", "but", "given"]}},
    ],
    # a carer "knocking her about": violence in the home, which the children live with
    [
        {"LOWER": {"IN": ["knocking", "knocked", "knocks", "knock", "slapping"]}},
        {"LOWER": {"IN": ["her", "him", "them", "me", "us", "mum", "the"]}},
        {"LOWER": {"IN": ["kids", "children"]}, "OP": "?"},
        {"LOWER": {"IN": ["about", "around"]}},
    ],
    # a child's words for sexual abuse: "my uncle touches me", "he makes me do stuff"
    [
        {"LOWER": {"IN": [*PEOPLE, "he", "she", "they", "stepdad", "step-dad"]}},
        {"LOWER": {"IN": ["touches", "touched", "touching", "fiddles", "fiddled", "feels"]}},
        {"LOWER": "me"},
        {"LOWER": {"NOT_IN": ["on", "'s", "’s", "first", "back", "by", "with"]}},
    ],
    [
        {"LOWER": {"IN": ["makes", "made", "making", "make"]}},
        {"LOWER": {"IN": ["me", "her", "him"]}},
        {"LOWER": "do"},
        {"LOWER": {"IN": ["stuff", "sex", "sexual", "rude", "dirty"]}},
        # not chores: "makes me do stuff around the house", "... like homework"
        {"LOWER": {"NOT_IN": _split("around round like for at in on with after before")}},
    ],
    # the line of a glove or a sock: "both hands right up to the wrist like gloves"
    [
        {"LOWER": {"IN": ["wrist", "wrists", "ankle", "ankles", "elbows", "knees"]}},
        {"LOWER": "like"},
        {"LOWER": {"IN": ["a", "wearing"]}, "OP": "?"},
        {"LOWER": {"IN": ["gloves", "glove", "socks", "sock", "stockings", "stocking"]}},
    ],
    # a child's medicine never fetched: "repeat scripts not collected for 3 months", "her
    # inhaler was never collected" (not "not collected by the school at the end of term")
    [
        {"LOWER": {"IN": MEDICINE_SUPPLIES}},
        *[{"LOWER": {"NOT_IN": [".", ";", "!", "?", "bin", "error", "mistake"]}, "OP": "?"}] * 7,
        {"LOWER": {"IN": ["not", "never", "n't", "nt"]}},
        {"LOWER": {"IN": ["been", "being"]}, "OP": "?"},
        {"LOWER": {"IN": UNFETCHED}},
    ],
    # illness induced or made up by a carer, in the passive: "symptoms are being reported or
    # induced by mum"
    [
        {"LOWER": {"IN": FII_VERBS}},
        {"LOWER": "by"},
        {"LOWER": {"IN": ["the", "her", "his", "their"]}, "OP": "?"},
        {"LOWER": {"IN": CARERS}},
    ],
    # symptoms that stop when the carer is away: "when separated from mother, symptoms
    # ceased", "the fits stopped whenever mum was not on the ward"
    [
        {"LOWER": {"IN": [*FII_SIGNS, "apnoeas", "desaturations", "episodes"]}},
        {"LOWER": {"IN": ["ceased", "stopped", "stop", "stops", "resolved", "settled"]}},
        {"LOWER": {"IN": ["when", "whenever", "once", "after"]}},
        {"LOWER": {"IN": ["separated", "away", "apart", "kept"]}},
        {"LOWER": {"IN": ["from", "away"]}, "OP": "?"},
        {"LOWER": {"IN": ["the", "her", "his", "their"]}, "OP": "?"},
        {"LOWER": {"IN": CARERS}},
    ],
    [
        {"LOWER": "when"},
        {"LOWER": {"IN": ["separated", "apart", "kept"]}},
        {"LOWER": {"IN": ["from", "away"]}},
        {"LOWER": {"IN": ["the", "her", "his", "their"]}, "OP": "?"},
        {"LOWER": {"IN": CARERS}},
        {"LOWER": {"IN": [",", "on", "the"]}, "OP": "*"},
        {"LOWER": {"IN": ["ward", "unit"]}, "OP": "?"},
        {"LOWER": {"IN": [",", "the", "her", "his", "all"]}, "OP": "*"},
        {"LOWER": {"IN": [*FII_SIGNS, "apnoeas", "desaturations", "episodes"]}},
        {"LOWER": {"IN": ["ceased", "stopped", "resolved", "settled"]}},
    ],
    # a carer's cigarette put to the child, in the child's words: "'daddy's fag did it'",
    # "'that's where Steve puts his cigarette when I'm bad'" (not "Dad put his cigarette
    # out")
    # (an opening quote, with no space after it, not the possessive of "Marcus' dad's
    # lighter"; a mark on the child said in the text: `facts._misread`)
    [
        {"ORTH": {"IN": QUOTE_MARKS}, "SPACY": False},
        {"LOWER": {"IN": PEOPLE}},
        {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
        {"LOWER": {"IN": SMOKES}},
        # what it did, or the quote closed: not "'Dad's fags are disgusting'"
        {"LOWER": {"IN": ["did", "done", "burnt", "burned", "burns", "hurt", *QUOTE_MARKS]}},
    ],
    # a hand over a baby's face: "pressing her hand over baby's nose and mouth"
    # (the baby's, not her own: "Mum held her hand over her mouth when the doctor told her";
    # not a clinician's mask: `facts._misread`)
    [
        {"LOWER": {"IN": ["pressing", "pressed", "presses", "holding", "held", "holds"]}},
        {"LOWER": {"IN": ["her", "his", "their", "a", "the"]}},
        {"LOWER": {"IN": ["hand", "hands"]}},
        {"LOWER": {"IN": ["over", "across"]}},
        {"LOWER": "the", "OP": "?"},
        {"LOWER": {"IN": ["baby", "babys", "child", "infant"]}},
        {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
        {"LOWER": {"IN": ["nose", "mouth", "face"]}},
    ],
    # an injury a clinician finds does not fit the fall or the story given: "not in keeping
    # with reported short fall", "it dont match a fall off a bed" ("do" + "nt")
    [
        {"LOWER": {"IN": ["not", "n't", "nt", "never"]}},
        {"LOWER": "in"},
        {"LOWER": "keeping"},
        {"LOWER": "with"},
        {"LOWER": {"IN": [*DETERMINERS, "any"]}, "OP": "*"},
        {"LOWER": {"IN": ["reported", "described", "given", "stated", "alleged"]}, "OP": "?"},
        {"LOWER": {"IN": ["short", "simple", "minor", "low"]}, "OP": "?"},
        {"LOWER": {"IN": [*ACCOUNTS, "fall", "falls", "mechanism"]}},
    ],
    [
        {"LOWER": {"IN": ["do", "does", "did"]}},
        {"LOWER": {"IN": ["not", "n't", "nt"]}},
        {"LOWER": {"IN": ["match", "fit"]}},
        {"LOWER": {"IN": ["a", "the", "his", "her", "with"]}, "OP": "*"},
        {"LOWER": {"IN": ["short", "simple", "minor"]}, "OP": "?"},
        {"LOWER": {"IN": ["fall", "falls", "story"]}},
    ],
]
