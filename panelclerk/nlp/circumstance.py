"""Neglect or exploitation told by the circumstances, not named: a young child alone in the
bath or the flat overnight, no adult in the house, a carer drunk beside a young child, a
toddler who swallowed a parent's methadone, older men taking a girl to hotels. Writers tell
a child's death or harm this way far more often than they write "neglect", and a lead who
reads it suspects neglect; so the rules read it as suspected, quoting the words.

Each reading needs the child it could happen to (young, for being left or a carer's drink;
under 18, for older men) and words that no negation in its clause takes back ("she was never
left alone")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .cues import CARERS

# Left without anyone: "on their own in the flat overnight", "alone in the bath for twenty
# minutes", "left unsupervised while mum went out".
ALONE = re.compile(
    r"\b(?:alone|on\s+(?:his|her|their)\s+own|by\s+(?:him|her|them)sel(?:f|ves)|unsupervised"
    r"|unattended)\b",
    re.IGNORECASE,
)
# Where or how long, which makes being alone a danger for a young child (not "playing on his
# own in the garden").
DANGER_ALONE = re.compile(
    r"\b(?:flat|house|home|bath|bathtub|water|pool|car|overnight|all\s+night|all\s+day"
    r"|for\s+(?:over\s+|more\s+than\s+)?(?:hours|days|an\s+hour|(?:\d+|ten|fifteen|twenty"
    r"|thirty|forty|45|fifty)\s*(?:hours?|hrs?|mins?|minutes))"
    r"|(?:went|gone|popped|nipped|was|were)\s+(?:out|to\s+the\s+(?:shop|pub)|downstairs"
    r"|asleep|at\s+work)|at\s+the\s+pub)\b",
    re.IGNORECASE,
)
# Left where a young child comes to harm without an adult: "left him in the water with the
# taps running", "left strapped in a car seat", "left the older one in charge", "leaving the
# baby with her 10-year-old brother overnight".
LEFT_IN_DANGER = re.compile(
    r"(?<!\bher\s)(?<!\bhis\s)(?<!\bthe\s)(?<!\bmy\s)(?<!\btheir\s)(?<!\byour\s)"
    r"\b(?:(?:left|leaving|leaves)\s+(?:him|her|them|the\s+(?:baby|child|children|kids?|boy"
    r"|girl|toddler|twins|little\s+\w+|(?:older|oldest|eldest)\s+\w+"
    r"|\d+[- ]?(?:year[- ]old|yo|y/o|month[- ]old))"
    r"|(?:his|her|their)\s+(?:baby|son|daughter|brother|sister|kids?|children)"
    r"|(?-i:[A-Z][a-z]+)(?:\s*\([^)]{1,15}\))?)"
    r"|(?:was|were|been|being|is|are)\s+left)\s+"
    r"(?:\S+\s+){0,3}?(?:in\s+(?:the\s+)?(?:bath|water|car|pool)"
    r"|in\s+(?:a|the|his|her)\s+(?:bath|car)\s+seat|strapped|in\s+charge"
    r"|with\s+(?:his|her|their)\s+(?:\d+|\w+)[- ]year[- ]old\s+(?:brother|sister|sibling))"
    r"|\b(?:minded|looked\s+after|babysat|left)\s+(?:\w+\s+){0,2}?by\s+(?:his|her|their)\s+"
    r"(?:[4-9]|1[0-2]|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ](?:year[- ]old|yo)\b",
    re.IGNORECASE,
)
# Nobody there to look after them: "no adult in the house", "without supervision",
# "nobody was watching her".
NO_ADULT = re.compile(
    r"\b(?:no\s+(?:other\s+)?(?:adults?|grown[- ]?ups?|supervision)"
    r"(?!\s+(?:safeguarding|services|social|care|team|mental|(?:was\s+|were\s+)?(?:needed"
    r"|required|necessary|injured|hurt|harmed|involved)))"
    r"|without\s+(?:an?\s+|any\s+)?(?:adults?|grown[- ]?ups?|supervision)"
    r"|(?:nobody|no\s+one|no-one)\s+(?:else\s+)?(?:was\s+)?(?:watching|supervising"
    r"|looking\s+after|minding|with\s+(?:him|her|them))"
    r"|(?:nobody|no\s+one|no-one)\s+else\s+(?:was\s+)?(?:in\s+the\s+(?:flat|house)|at\s+home"
    r"|home))\b",
    re.IGNORECASE,
)
# The cues' carers, and who else is looking after a child at the time.
CARER = re.compile(
    r"\b(?:"
    + "|".join(sorted(CARERS))
    + r"|mom|stepmum|stepdad|partner|boyfriend|both\s+of\s+them|adults?|grown[- ]?ups)\b",
    re.IGNORECASE,
)
# A carer unfit to look after a young child at the time.
INTOXICATED = re.compile(
    r"\b(?:drunk|intoxicated|slurring|sme(?:lt|lled|lling|lls?)\s+(?:strongly\s+)?of\s+"
    r"(?:alcohol|drink|booze|cannabis|weed)|under\s+the\s+influence|unrousable|gouching"
    r"|passed\s+out|out\s+of\s+it|off\s+(?:his|her|their)\s+(?:face|faces|head|heads)|high\s+on|been\s+drinking"
    r"|on\s+the\s+drink|empties|empty\s+(?:\w+\s+)?(?:bottles|cans)|cans\s+everywhere"
    r"|burnt\s+spoons|taken\s+something|been\s+on\s+it|(?:couldn['’]?t|could\s+not|can['’]?t"
    r"|cannot)\s+be\s+(?:roused|woken)"
    r"|had\s+(?:about\s+|around\s+)?(?:a\s+)?(?:few|couple\s+of|lot\s+of|load\s+of|several|\d+"
    r"|two|three|four|five|six|seven|eight|nine|ten)\s+(?:zoots|spliffs|joints|lines)"
    r"|(?:used|using|taken|taking|smoking|injecting|injected)\s+(?:heroin|cocaine|crack|drugs"
    r"|spice|ketamine)"
    r"|positive\s+for\s+(?:\w+\s+){0,2}?(?:cocaine|heroin|opiates|alcohol|benzodiazepines"
    r"|amphetamines?|cannabis|ketamine))\b",
    re.IGNORECASE,
)
DRUGS = (
    r"(?:methadone|heroin|cocaine|crack|cannabis|weed|ketamine|ecstasy|mdma|buprenorphine"
    r"|subutex|spice|opiates|amphetamines?)"
)
# Whose drugs or medicine a young child took: "grandad's gliclazide", "her mother's tramadol".
KIN = (
    r"(?:mum|mummy|dad|daddy|mother|father|parents?|nan|nana|nanna|gran|granny|grandad|grandma"
    r"|grandpa|grandfather|grandmother|uncle|aunt|auntie|partner|boyfriend|step(?:dad|father"
    r"|mum|mother))"
)
MEDICINES = (
    r"(?:tablets|pills|medication|medicines?|meds|drugs|methadone|tramadol|diazepam|codeine"
    r"|amitriptyline|gliclazide|morphine|oxycodone|paracetamol|antidepressants|painkillers"
    r"|sleeping\s+pills|edibles|gummies|weed|coke|stash|gear)"
)
# A young child who took a carer's drugs: "swallowed his father's methadone", "got into
# Sunday's bottle of methadone", "methadone toxicity".
INGESTED = re.compile(
    r"\b(?:(?:swallow(?:ed|ing)|ingest(?:ed|ing)|ingestion\s+of|got\s+hold\s+of|got\s+into"
    r"|getting\s+into"
    r"|drank|drinking|taken|took|taking|ate|eaten|eating)\s+(?:\S+\s+){0,4}?(?:"
    + DRUGS
    + r"|(?:(?:his|her|their)\s+)?"
    + KIN
    + r"['’]s\s+(?:\w+\s+)?"
    + MEDICINES
    + r")"
    r"|" + DRUGS + r"\s+(?:toxicity|poisoning|overdose|ingestion|in\s+(?:(?:his|her|their|the)\s+)?"
    r"(?:blood|urine|system))"
    # (a screen told negative is none: "Urine tox: negative for opiates")
    r"|(?:positive\s+for|traces\s+of|tox(?:icology)?(?:\s+screen)?\s*[:=-])\s*"
    r"(?:(?!(?:negative|neg|no|nil|none|clear)\b)\w+\s+){0,2}?"
    + DRUGS
    + r"|(?:found|finding)\s+(?:(?:his|her|their)\s+)?"
    + KIN
    + r"['’]s\s+(?:\w+\s+)?"
    + MEDICINES
    # found with a carer's supply: "found pt w/ her methadone bottle, lid off"
    + r"|(?:with|w/)\s+(?:(?:his|her|their)\s+|"
    + KIN
    + r"['’]s\s+)"
    + DRUGS
    + r"\s+(?:bottle|tablets|pills|stash|supply|script))\b",
    re.IGNORECASE,
)
# Adults who exploit a child, and what they do with one.
EXPLOITERS = re.compile(
    r"\b(?:(?:older|adult|grown)\s+(?:men|man|males?|lads?|guys|blokes|boys|boyfriend)"
    r"|(?:men|males|blokes|guys|a\s+man)\s+in\s+(?:their|his)\s+(?:\d0s|twenties|thirties"
    r"|forties|fifties)|(?:males?|men)\s+aged\s+(?:[2-5]\d)"
    r"|(?:[2-5]\d)[- ]year[- ]old\s+['‘\"]?(?:boyfriend|man)"
    r"|(?:a|an)\s+[2-5]\d\s*(?:yo|y/o|yr\s+old|[- ]year[- ]old)(?!\s+(?:motorist|driver|woman"
    r"|mum|mother|dad|father|neighbour|teacher|coach|nurse|doctor|cyclist|pedestrian))"
    r"|gang|gangs|dealers?|groomers?|crack\s+house|county\s+lines?)\b",
    re.IGNORECASE,
)
EXPLOITING = re.compile(
    r"\b(?:hotels?|flats?|(?:to|for|at)\s+(?:\S+\s+)?['‘\"]?part(?:y|ies)|drugs|vodka|alcohol"
    r"|sex|money|gifts|phones?|iphones?|new\s+trainers|(?:new|designer)\s+clothes|lifts|fags"
    r"|ket|paid|pays|drives?\s+(?:her|him)|sending\s+(?:him|her)"
    r"|picking\s+(?:her|him|them)\s+up"
    r"|sell(?:ing)?|run(?:ning)?\s+(?:drugs|for\s+them)|sent\s+(?:him|her|them)|wraps?"
    r"|packages?|owes?|owed|debt|cash|ma(?:ke|kes|de|king)\s+(?:her|him|them))\b",
    re.IGNORECASE,
)
# Basic or medical care left unmet until the child was gravely ill: "watering down her
# formula", "so thin you could count his ribs", "stopped collecting his insulin", "missed
# every clinic weigh-in", "didn't phone anyone", "pressure sores", "cupboards empty".
UNMET_CARE = re.compile(
    r"\b(?:water(?:ed|ing)\s+down\s+(?:(?:his|her|their|the)\s+)?(?:formula|milk|feeds?|bottles?)"
    r"|watered[- ]down\s+(?:formula|milk|feeds?|bottles?)"
    r"|count\s+(?:his|her|their)\s+ribs|pressure\s+sores|soiled\s+(?:bed|mattress|clothes|nappy)"
    r"|bare\s+mattress|nothing\s+(?:to\s+eat|in\s+the\s+fridge)"
    r"|curdled\s+milk|no\s+immunisations"
    r"|(?:missed|cancelled|skipped)\s+(?:every|all|each|the\s+last\s+\w+)\s+(?:\S+\s+){0,3}?"
    r"(?:appointments?"
    r"|weigh-?ins?|clinics?|check-?ups?|visits?)"
    r"|(?:stopped|not|never|hasn['’]t|had\s+not|has\s+not|didn['’]?t|did\s+not)\s+(?:been\s+)?"
    r"(?:collect(?:ing|ed)?|pick(?:ing|ed)?\s+up)\s+(?:\w+\s+){0,2}?(?:insulin|prescriptions?"
    r"|medication|medicine|inhalers?)"
    r"|(?:didn['’]?t|did\s+not|never|not)\s+(?:phone|call|ring)\s+(?:anyone|anybody|a\s+doctor"
    r"|the\s+gp)"
    r"|(?:fridge|cupboards?)\s+(?:was\s+|were\s+)?(?:empty|bare)"
    r"|(?:didn['’]?t|did\s+not|never|not)\s+(?:take|took|taken|bring|brought)\s+(?:him|her|them)"
    r"\s+(?:to\s+(?:a|the)\s+)?(?:doctor|gp|hospital|a&e|dentist|anywhere))",
    re.IGNORECASE,
)
# Drink or drugs given to a child, by anyone but those treating them.
SPIRITS = (
    r"(?:vodka|whisky|whiskey|brandy|rum|gin|cider|wine|beer|lager|alcohol|booze|drugs|spirits"
    r"|sips|xanax|shots"
    r"|cocaine|ketamine|spice|weed|cannabis|ecstasy|mdma|cans(?!\s+of\s+(?:coke|pop|juice|fizzy"
    r"|fanta|sprite|lemonade|pepsi|soup|beans))|pints|joints?|spliffs?"
    r"|zoots?)"
)
GIVEN = re.compile(
    r"\b(?:(?:gave|give|gives|given|giving|plied|plying|supplied|supplying|fed|feeding|handed"
    r"|handing|hands\s+out|handing\s+out|buys|bought|buying|lets\s+(?:him|her|them)\s+have"
    r"|let\s+(?:him|her|them)\s+have)\s+(?:\S+\s+){0,4}?"
    + SPIRITS
    + r"|(?:let|dared|made|got)\s+(?:him|her|them)\s+(?:to\s+)?(?:smoke|drink|down|take|try)\s+"
    r"(?:\S+\s+){0,3}?"
    + SPIRITS
    + r"|"
    + SPIRITS
    + r"\s+(?:\w+\s+){0,2}?(?:supplied|given|provided|handed)\s+(?:to\s+\w+\s+)?by"
    r"|(?:puts?|putting|added|adding|rubs?|rubbed|rubbing)\s+(?:\w+\s+){0,3}?"
    + SPIRITS
    + r"\s+(?:in|on|into)\s+(?:his|her|their|the)\s+(?:bottle|milk|drink|juice|gums|dummy))\b",
    re.IGNORECASE,
)
TREATING = re.compile(
    r"\b(?:paramedics?|doctors?|nurses?|midwi(?:fe|ves)|ambulance|hospital|prescribed|sedat\w*"
    r"|pain\s*(?:relief|killers?)|naloxone|vaccin\w*|immunis\w*|jabs?|gp)\b",
    re.IGNORECASE,
)
# Someone else sober looking after the child: "while the grandparents looked after the
# 2-year-old", "having left the 5-year-old with his grandparents overnight".
CARED_FOR_ELSEWHERE = re.compile(
    r"\b(?:grandparents?|grandma|grandad|granny|gran|nan|nana|babysitter|childminder|auntie|aunt"
    r"|uncle)\s+(?:\w+\s+){0,2}?(?:looked\s+after|looking\s+after|minding|babysitting|had\s+"
    r"(?:him|her|them))"
    r"|\b(?:left|leaving)\s+(?:\S+\s+){0,4}?with\s+(?:his|her|their|the)\s+(?:grand\w+|nan|gran"
    r"|aunt\w*|uncle|babysitter|childminder)",
    re.IGNORECASE,
)
# Someone who is not the child's carer: "Drunk man in his 40s, a stranger", "a man who'd been
# drinking at the next table".
STRANGER = re.compile(
    r"\b(?:man|woman|men|stranger|driver|motorist|passer-?by|customer|guest|neighbour|another"
    r"|other|member\s+of\s+the\s+public)\b",
    re.IGNORECASE,
)


def _after_a_carer(sentence: str, match: re.Match[str]) -> str | None:
    """The words between the last carer named in the 80 characters before the match and
    the match, or None if no carer is named there."""
    before = sentence[max(0, match.start() - 80) : match.start()]
    carers = list(CARER.finditer(before))
    return before[carers[-1].end() :] if carers else None


def _a_carers_state(sentence: str, match: re.Match[str]) -> bool:
    """The state is a carer's: a carer named in the words just before it, and no stranger
    named after the carer ("mum and her fella were still passed out", not "a drunk man fell
    on the girl sitting on her mum's lap" nor "Mum was hit by a drunk driver")."""
    between = _after_a_carer(sentence, match)
    if between is None:
        return False
    after = sentence[match.end() : match.end() + 15]
    return not (
        STRANGER.search(between)
        or BY_SOMEONE_ELSE.search(between)
        or STRANGER.match(after.lstrip())
    )


# Done by someone else, not the carer's own state ("Mum was hit by a drunk driver"); not who
# found the carer so ("Dad found by police asleep on sofa, alcohol + cannabis, slurring").
BY_SOMEONE_ELSE = re.compile(
    r"\bby\b(?!\s+(?:the\s+)?(?:police|officers?|paramedics?|crews?|ambulance|staff|neighbours?)\b)",
    re.IGNORECASE,
)


# On the way somewhere, where being alone is ordinary: "walking home alone from school",
# "cycling home by himself".
JOURNEY = re.compile(
    r"\b(?:walk\w*|cycl\w*|rid\w*|going|went|travel\w*|way|drove|driving|ran|running|bus|train)\b",
    re.IGNORECASE,
)
# Who else may miss or cancel an appointment: the service itself.
SERVICES = re.compile(
    r"\b(?:hospital|clinic|service|surgery|practice|school|nhs|strikes?|consultant|dentist)\b",
    re.IGNORECASE,
)


def _not_a_journey(sentence: str, match: re.Match[str]) -> bool:
    """Being alone told of no journey in the words just before it."""
    return not JOURNEY.search(sentence[max(0, match.start() - 30) : match.start()])


def _a_carers_failing(sentence: str, match: re.Match[str]) -> bool:
    """Appointments missed or cancelled by a carer, not by the service ("the hospital
    cancelled the last two appointments due to strikes"); the other readings stand alone."""
    if not re.match(r"(?:missed|cancelled|skipped)\b", match.group(0), re.IGNORECASE):
        return True
    between = _after_a_carer(sentence, match)
    return between is not None and not SERVICES.search(between)


def _not_treatment(sentence: str, match: re.Match[str]) -> bool:
    """Drink or drugs given by no one treating the child: no paramedic, doctor or hospital
    in the words around ("given ketamine by the paramedics")."""
    return not TREATING.search(sentence[max(0, match.start() - 40) : match.end() + 40])


# A carer "out of it" from treatment, not drink: "after the caesarean", "on morphine".
CARER_UNDER_TREATMENT = re.compile(
    r"\b(?:caesarean|c-section|anaesthe\w*|surgery|operation|morphine|epidural|labour"
    r"|pain\s*(?:relief|killers?)|medication|sedat\w*)\b",
    re.IGNORECASE,
)
NEGATED_BEFORE = re.compile(
    r"(?:\b(?:not|never|no|nor|neither|no\s+longer|denies|denied|deny|denying)\b|n['’]t\b)"
    r"(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)


def _said(sentence: str, match: re.Match[str]) -> bool:
    """The match is asserted: no negation just before it in its sentence."""
    return not NEGATED_BEFORE.search(sentence[max(0, match.start() - 40) : match.start()])


def _quote(sentence: str, match: re.Match[str]) -> str:
    """The whole words around the match, up to about 40 characters either side."""
    start = max(0, match.start() - 40)
    end = min(len(sentence), match.end() + 40)
    if start:
        start = sentence.find(" ", start, match.start()) + 1
    if end < len(sentence):
        cut = sentence.rfind(" ", match.end(), end)
        end = cut if cut != -1 else end
    return sentence[start:end].strip()


def _first_said(
    pattern: re.Pattern[str],
    sentence: str,
    also: Callable[[str, re.Match[str]], bool] | None = None,
) -> str | None:
    """The words around the first match of `pattern` no negation takes back (and that
    `also` accepts, looking only near the match), or None."""
    for match in pattern.finditer(sentence):
        if _said(sentence, match) and (also is None or also(sentence, match)):
            return _quote(sentence, match)
    return None


def neglect_by_circumstance(sentences: Iterable[str], young: bool, child: bool) -> str | None:
    """The words that tell neglect or exploitation by what happened, or None. `young`: the
    child is under about 10 (or a baby or toddler); `child`: not known to be 18 or over.
    What each reading needs beside its words is looked for once a sentence, so a long
    sentence costs its length, not its length times its matches."""
    for sentence in sentences:
        readings: list[tuple[re.Pattern[str], Callable[[str, re.Match[str]], bool] | None]] = []
        if young:
            if DANGER_ALONE.search(sentence):
                readings.append((ALONE, _not_a_journey))
            readings += [(LEFT_IN_DANGER, None), (NO_ADULT, None)]
            if not CARER_UNDER_TREATMENT.search(sentence) and not CARED_FOR_ELSEWHERE.search(
                sentence
            ):
                readings.append((INTOXICATED, _a_carers_state))
            readings.append((INGESTED, None))
        if child:
            readings += [(UNMET_CARE, _a_carers_failing), (GIVEN, _not_treatment)]
            if EXPLOITING.search(sentence):
                readings.append((EXPLOITERS, None))
        for pattern, also in readings:
            quote = _first_said(pattern, sentence, also)
            if quote is not None:
                return quote
    return None
