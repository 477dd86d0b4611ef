"""The SCR criteria (Regulation 5(2) of the LSCB Regulations 2006; Working Together 2015 ch. 4;
Cambridgeshire 1.2-1.10) applied to facts about a case. The product only ever advises: the
decision is the Chair's, and nothing here delays reporting immediate risk.

`nlp/` extracts the facts from what people write; this module turns facts into advice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from .config import BoardConfig

Value = Literal["true", "false", "unknown"]
Outcome = Literal[
    "scr_required",
    "scr_expected",
    "threshold_not_met",
    "more_information_needed",
    "notify_serious_case",
    "notify_death_in_care",
]

FACTS = (
    "abuse_or_neglect",
    "died",
    "suicide_suspected",
    "seriously_harmed",
    "interagency_concern",
    "no_interagency_concern_evidence",
    "died_in_custody",
    "mental_health_act_detention",
    "deprivation_of_liberty_16_17",
    "child_in_care",
    "care_leaver",
    "age",
    "adult",
)

QUESTIONS = {
    "abuse_or_neglect": "Is abuse or neglect of the child known or suspected?",
    "died": "Has the child died?",
    "seriously_harmed": "Has the child been seriously harmed (a potentially life-threatening "
    "injury, or serious or likely long-term impairment of health or "
    "development)?",
    "interagency_concern": "Is there cause for concern about how the agencies worked together "
    "to safeguard the child?",
    "died_in_custody": "Did the child die in custody, on remand, in a Young Offender "
    "Institution, a secure training centre or a secure children's home?",
    "mental_health_act_detention": "Was the child detained under the Mental Health Act 1983?",
    "deprivation_of_liberty_16_17": "Was the child aged 16 or 17 and subject to a deprivation "
    "of liberty order under the Mental Capacity Act 2005?",
    "child_in_care": "Was the child in the care of the local authority?",
    "care_leaver": "Was the young person a care leaver, aged 24 or under?",
    "adult": "Was the person this is about 18 or over when it happened?",
}


@dataclass(frozen=True)
class Fact:
    name: str
    value: Value = "unknown"
    evidence: tuple[str, ...] = ()  # the words that support the value, to quote back
    detail: str | None = None  # the kind of harm; the age
    hedged: bool = False  # "may have been neglected": suspected, not known


@dataclass(frozen=True)
class Facts:
    values: Mapping[str, Fact] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Fact:
        return self.values.get(name) or Fact(name)

    def __contains__(self, name: object) -> bool:
        # Without it, `in` would call __getitem__(0), (1), ... for ever: it never raises.
        return name in self.values

    def value(self, name: str) -> Value:
        return self[name].value

    def is_true(self, name: str) -> bool:
        return self.value(name) == "true"

    def quoted(self, mask: Callable[[str], str]) -> Facts:
        """The same facts with every quote passed through `mask`: names out before chat."""
        return Facts(
            {
                n: replace(f, evidence=tuple(mask(e) for e in f.evidence))
                for n, f in self.values.items()
            }
        )

    def with_answer(self, name: str, value: Value, words: str = "") -> Facts:
        """The facts after the person answered a question about one of them."""
        updated = dict(self.values)
        updated[name] = Fact(name, value, (words,) if words else ())
        return Facts(updated)


@dataclass(frozen=True)
class Advice:
    outcome: Outcome
    reasons: tuple[str, ...]
    ask_about: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(QUESTIONS[f] for f in self.ask_about if f in QUESTIONS)


REMINDER = (
    "This is advice, not a decision: the decision rests with the Chair. If a child is "
    "at immediate risk, contact the police or children's social care now."
)


def reminder(config: BoardConfig | None) -> str:
    """Who decides, in the framework's own words, and what to do about risk now."""
    if config is None or config.framework.decision_makers == "chair":
        return REMINDER
    return (
        f"This is advice, not a decision: the decision rests with the "
        f"{config.terms.decision_maker}. If a child is at immediate risk, contact the "
        "police or children's social care now."
    )


def _quote(fact: Fact) -> str:
    return f' ("{fact.evidence[0]}")' if fact.evidence else ""


def _of_age(facts: Facts) -> bool:
    """The person said, when asked, that they were 18 or over: not a child (Children Act
    1989 s105). An age read from a description that may be someone else's (`Fact.hedged`:
    "her partner (Gary Ward, 24)") does not say it; "don't know" is answered as for a
    child."""
    if "adult" in facts:
        return facts.is_true("adult")
    age = facts["age"]
    return age.detail is not None and int(age.detail) >= 18 and not age.hedged


def _age_unconfirmed(facts: Facts) -> bool:
    """An age of 18 or over read from the description, not yet confirmed as theirs."""
    return facts["age"].hedged and "adult" not in facts


def _as_an_adult(facts: Facts) -> Advice | None:
    """Before any criterion for children: the age asked about, or the answer for an adult."""
    return _adult_open(facts) or (_adult(facts) if _of_age(facts) else None)


def _adult_open(facts: Facts) -> Advice | None:
    """An age of 18 or over read from a description: asked, quoting it, before anything is
    answered, since an adult is answered "not met" whatever happened, and the age may be
    a carer's, a suspect's or the writer's."""
    age = facts["age"]
    if not _age_unconfirmed(facts):
        return None
    said, may = (
        (
            f"The description gives an age of {age.detail}",
            ", and the age given may be someone else's",
        )
        if age.detail is not None
        else ("The description leaves their age in doubt", "")
    )
    return Advice(
        "more_information_needed",
        (
            f"{said}{_quote(age)}. The criteria for a case review are about children: they "
            "apply only if "
            f"the person this is about was under 18{may}.",
        ),
        ask_about=("adult",),
    )


# What each outcome that only a child can have says, for an age left in doubt.
REVIEW_FOR_A_CHILD = {
    "scr_required": "the criteria for a {review} are met",
    "scr_expected": "a {review} should always be carried out",
    "notify_serious_case": "it is a serious child safeguarding case, to be notified",
}


def _age_left_open(facts: Facts, advice: Advice, config: BoardConfig | None) -> Advice:
    """A review that turns on an age the description leaves in doubt and the lead could not
    settle ("don't know"): advised as for a child, as a "don't know" always is (and as age
    assessment gives a young person the benefit of the doubt, so no notification waits on
    it), with the condition said first, since an adult is never a case for a children's
    review."""
    age = facts["age"]
    unsettled = age.hedged and age.detail is None and facts.value("adult") == "unknown"
    if not unsettled or advice.outcome not in REVIEW_FOR_A_CHILD:
        return advice
    review = config.terms.case_review if config else "case review"
    condition = (
        f"Their age is in doubt{_quote(age)}, and it decides: if they were under 18, "
        f"{REVIEW_FOR_A_CHILD[advice.outcome].format(review=review)}, for the reasons "
        "below, and until their age is known they are treated as a child. If they were 18 "
        f"or over, the criteria for a {review} are not met; the Safeguarding Adults Board can "
        "consider a Safeguarding Adults Review (Care Act 2014 s44) where an adult with care "
        "and support needs died or was seriously harmed and abuse or neglect is known or "
        "suspected."
    )
    return replace(advice, reasons=(condition, *advice.reasons))


def _adult(facts: Facts) -> Advice:
    """No criterion for children applies to an adult, whatever happened. The age read is
    quoted back as the description's, so a lead whose words were misread sees which, and a
    "no" to the last question applies the criteria as for a child. A care leaver's death is
    the 2023 framework's, and is answered before this."""
    age = facts["age"]
    given = f" (the description gives {age.detail}{_quote(age)})" if age.detail else ""
    return Advice(
        "threshold_not_met",
        (
            f"They were 18 or over{given}: an adult, not a child (Children Act 1989 s105). "
            "The criteria for a case review are about children, so they are not met. If they "
            "were in fact under 18, reply no and the criteria will be applied.",
            "The Safeguarding Adults Board can consider a Safeguarding Adults Review (Care Act "
            "2014 s44) where an adult with care and support needs died or was seriously "
            "harmed and abuse or neglect is known or suspected.",
        ),
    )


def advise(facts: Facts, config: BoardConfig | None = None) -> Advice:
    """The criteria of the board's framework applied to the facts."""
    if config is not None and config.framework.criteria == "serious_child_safeguarding_case":
        return _age_left_open(facts, _serious_child_safeguarding_case(facts, config), config)
    adult = _as_an_adult(facts)
    if adult is not None:
        return adult
    advice = _age_left_open(facts, _regulation_5(facts, config), config)
    died = facts.is_true("died") or facts.is_true("suicide_suspected")
    if died and facts.is_true("child_in_care"):
        # Working Together 2015 ch. 4: a "serious childcare incident" whatever the SCR decision.
        note = (
            f"The child was looked after{_quote(facts['child_in_care'])}: the local authority "
            f"notifies Ofsted and the {config.terms.board if config else 'LSCB'} of the death "
            "whether or not an SCR follows "
            "(Working Together 2015, chapter 4)."
        )
        advice = replace(advice, reasons=(*advice.reasons, note))
    return advice


def _serious_child_safeguarding_case(facts: Facts, config: BoardConfig) -> Advice:
    """Working Together 2023 ch. 5 and the Children Act 2004 s16C: abuse or neglect known or
    suspected, and the child died or was seriously harmed. No separate test of how agencies
    worked together; recovery does not mean there was no serious harm."""
    terms, limits = config.terms, config.time_limits
    died = facts.is_true("died") or facts.is_true("suicide_suspected")
    harmed = facts.is_true("seriously_harmed")
    abuse = facts.value("abuse_or_neglect")
    alternatives = tuple(r.label for r in config.review_types if r.kind == "alternative")
    in_care, leaver = facts.is_true("child_in_care"), facts.is_true("care_leaver")
    age = None if facts["age"].hedged else facts["age"].detail
    adult = _of_age(facts)
    # A care leaver of 18 to 24 is not a child: never a serious child safeguarding case.
    if died and (in_care or leaver) and (abuse != "true" or (leaver and not in_care and adult)):
        who, fact = (
            ("A child in the care of the local authority", facts["child_in_care"])
            if in_care
            else ("A care leaver aged 24 or under", facts["care_leaver"])
        )
        reasons = [
            f"{who} died{_quote(fact)}: the local authority tells the Secretary of State and "
            "Ofsted whether or not abuse or neglect is known or suspected (Working Together "
            "2023, chapter 5" + (", as updated in December 2023)." if not in_care else ")."),
        ]
        if not adult:
            reasons.append(
                ("If they were under 18, whether" if age is None and not in_care else "Whether")
                + f" it is also a serious child safeguarding case to notify to the "
                f"{terms.national_panel} depends on whether abuse or neglect is known or "
                "suspected."
            )
        # A care leaver's age read but not confirmed: whether they were 18 or over decides
        # whether there is anything more to ask (a looked-after child is under 18 anyway).
        asking: tuple[str, ...] = ()
        if abuse == "unknown" and not adult:
            unconfirmed = _age_unconfirmed(facts) and not in_care
            asking = ("adult",) if unconfirmed else ("abuse_or_neglect",)
        return Advice("notify_death_in_care", tuple(reasons), ask_about=asking)
    as_adult = _as_an_adult(facts)
    if as_adult is not None:
        return as_adult
    if abuse == "true" and (died or harmed):
        what = "died" if died else "was seriously harmed"
        cause = facts["died"] if died else facts["seriously_harmed"]
        within = f" within {limits.notification_within}" if limits.notification_within else ""
        return Advice(
            "notify_serious_case",
            (
                f"Abuse or neglect is known or suspected{_quote(facts['abuse_or_neglect'])} "
                f"and the child {what}{_quote(cause)}: a serious child safeguarding case "
                "(Children Act 2004 s16C; Working Together 2023, chapter 5).",
                f"The local authority notifies the {terms.national_panel} and Ofsted{within} of "
                f"becoming aware; the {terms.board} then carries out a {terms.review_process} to "
                f"decide whether to commission a {terms.case_review}.",
            ),
        )
    ask: list[str] = []
    if abuse == "unknown" and (died or harmed or facts.value("died") == "unknown"):
        ask.append("abuse_or_neglect")
    # A death with no abuse or neglect is told to the Secretary of State and Ofsted only if
    # the child was looked after, as a child remanded to youth detention accommodation is:
    # asked when the text hints at custody or detention, else answered with the condition.
    care_open = died and abuse == "false" and facts.value("child_in_care") == "unknown"
    hinted = facts.is_true("secure_hint") or any(facts.is_true(n) for n in SECURE_ROUTES)
    if care_open and hinted:
        return Advice(
            "more_information_needed",
            ("The criteria cannot be applied until these are known.", REMANDED_2023),
            ask_about=("child_in_care",),
        )
    if not died and not harmed and abuse != "false":
        if facts.value("died") == "unknown" and facts.value("seriously_harmed") != "false":
            ask.append("died")
        if facts.value("seriously_harmed") == "unknown" and facts.value("died") != "true":
            ask.append("seriously_harmed")
    if ask:
        return Advice(
            "more_information_needed",
            ("The criteria cannot be applied until these are known.",),
            ask_about=tuple(dict.fromkeys(ask)),
        )
    reason = (
        f"Abuse or neglect is not known or suspected{_quote(facts['abuse_or_neglect'])}"
        if abuse == "false"
        else "The child has neither died nor been seriously harmed"
    )
    still_told = (
        UNLESS_DETAINED_2023
        if care_open
        else "If the child was in the care of the local authority, or was a care leaver aged "
        "24 or under, and died, the Secretary of State and Ofsted are still told."
    )
    return Advice(
        "threshold_not_met",
        (
            f"{reason}, so this is not a serious child safeguarding case to notify.",
            f"{still_told} The {terms.board} may still learn from the case.",
        ),
        alternatives=alternatives,
    )


SECURE_ROUTES = ("died_in_custody", "mental_health_act_detention", "deprivation_of_liberty_16_17")
UNLESS_DETAINED = (
    "The criteria are not met, unless the child was in custody or detained when they died (in "
    "custody, on remand or in a secure setting, detained under the Mental Health Act 1983, or "
    "aged 16 or 17 under a deprivation of liberty order): then an SCR should always be "
    "carried out (Cambridgeshire 1.7, 1.8). Tell me if so."
)

# The same condition, as the answer to "no" after a question about abuse or neglect.
IF_NOT_UNLESS_DETAINED = "If not, t" + UNLESS_DETAINED[1:]


# Working Together 2023: a death is notified whatever is suspected only for a looked-after
# child (or a care leaver); a child remanded to youth detention accommodation is looked after
# (Legal Aid, Sentencing and Punishment of Offenders Act 2012, s104).
REMANDED = (
    "a child remanded to youth detention accommodation is looked after (Legal Aid, "
    "Sentencing and Punishment of Offenders Act 2012, s104), and the death of a looked-after "
    "child is told to the Secretary of State and Ofsted whether or not abuse or neglect is "
    "known or suspected (Working Together 2023, chapter 5)"
)
UNLESS_DETAINED_2023 = (
    "The criteria are not met, unless the child was detained on remand or otherwise in the "
    f"care of the local authority when they died: {REMANDED}. Tell me if so."
)
REMANDED_2023 = (
    "The description mentions custody or detention: was the child in the care of the local "
    f"authority when they died? {REMANDED[0].upper()}{REMANDED[1:]}."
)


def _open_secure_routes(facts: Facts) -> list[str]:
    """The special routes for a death that the facts leave open: a deprivation of liberty
    order counts only at 16 or 17, so it is not open for a child whose age rules it out
    (an age that may be someone else's rules nothing out)."""
    age = None if facts["age"].hedged else facts["age"].detail
    out = []
    for name in SECURE_ROUTES:
        if facts.value(name) != "unknown":
            continue
        if name == "deprivation_of_liberty_16_17" and age is not None and int(age) not in (16, 17):
            continue
        out.append(name)
    return out


def _regulation_5(facts: Facts, config: BoardConfig | None) -> Advice:
    """Regulation 5(2) and Working Together 2015 ch. 4 (Cambridgeshire 1.6-1.9)."""
    died = facts.is_true("died") or facts.is_true("suicide_suspected")
    harmed = facts.is_true("seriously_harmed")
    abuse = facts.value("abuse_or_neglect")
    secure = [
        n
        for n in ("died_in_custody", "mental_health_act_detention", "deprivation_of_liberty_16_17")
        if facts.is_true(n)
    ]
    alternatives = (
        tuple(r.label for r in config.review_types if r.kind == "alternative") if config else ()
    )
    reasons: list[str] = []
    if abuse == "true" and died:
        cause = facts["suicide_suspected"] if facts.is_true("suicide_suspected") else facts["died"]
        reasons.append(
            f"Abuse or neglect is known or suspected{_quote(facts['abuse_or_neglect'])}"
            f" and the child died{_quote(cause)}: Regulation 5(2)(a) and (b)(i). "
            "This includes suspected suicide (Cambridgeshire 1.6)."
        )
        return Advice("scr_required", tuple(reasons))
    if abuse == "true" and harmed:
        if facts.is_true("no_interagency_concern_evidence"):
            reasons.append(
                "The child was seriously harmed and abuse or neglect is known or "
                "suspected, but there is definitive evidence that there are no "
                "concerns about inter-agency working"
                f"{_quote(facts['no_interagency_concern_evidence'])}: an SCR is not "
                "required (1.6); the board may still commission one or an "
                "alternative review (1.9)."
            )
            return Advice("threshold_not_met", tuple(reasons), alternatives=alternatives)
        concern = facts["interagency_concern"]
        how = (
            f"there is cause for concern about how agencies worked together{_quote(concern)}"
            if concern.value == "true"
            else "unless there is definitive evidence of no concern about inter-agency working, "
            "an SCR must be commissioned (1.6)"
        )
        reasons.append(
            f"Abuse or neglect is known or suspected{_quote(facts['abuse_or_neglect'])}"
            f" and the child was seriously harmed{_quote(facts['seriously_harmed'])}; "
            f"{how}: Regulation 5(2)(b)(ii)."
        )
        return Advice("scr_required", tuple(reasons))
    if died and secure:
        where = {
            "died_in_custody": "in custody or a secure setting",
            "mental_health_act_detention": "while detained under the Mental Health Act 1983",
            "deprivation_of_liberty_16_17": "aged 16 or 17 under a deprivation of liberty order",
        }
        for name in secure:
            reasons.append(
                f"The child died {where[name]}{_quote(facts[name])}: an SCR should "
                "always be carried out, even if the criteria of Regulation 5(2) are "
                "not met (Cambridgeshire 1.7, 1.8)."
            )
        return Advice("scr_expected", tuple(reasons))

    open_routes = _open_secure_routes(facts)
    if died and abuse == "false" and not (open_routes and facts.is_true("secure_hint")):
        # Nothing in the text hints at custody or detention: answer with the condition
        # rather than asking three questions after every death from illness or an accident.
        reasons.append(
            f"Abuse or neglect is not known or suspected"
            f"{_quote(facts['abuse_or_neglect'])}, so Regulation 5(2)(a) is not met."
        )
        if open_routes:
            reasons.append(UNLESS_DETAINED)
        reasons.append(
            "The board may still commission an SCR or an alternative review to "
            "learn from the case (Cambridgeshire 1.9, 5.1)."
        )
        return Advice("threshold_not_met", tuple(reasons), alternatives=alternatives)
    # Detained, and whether the child died not told ("in cardiac arrest ... pronounced
    # 06:52"): that answer decides, since a death in detention calls for an SCR (1.7, 1.8).
    death_open = bool(secure) and facts.value("died") == "unknown"
    if abuse == "false" and not died and not death_open:
        # Regulation 5(2)(a) fails; only a death in a secure setting would still call for an
        # SCR (1.7, 1.8), and no death is described.
        reasons.append(
            f"Abuse or neglect is not known or suspected"
            f"{_quote(facts['abuse_or_neglect'])}, so Regulation 5(2)(a) is not met."
        )
        reasons.append(
            "The board may still commission an SCR or an alternative review to "
            "learn from the case (Cambridgeshire 1.9, 5.1)."
        )
        return Advice("threshold_not_met", tuple(reasons), alternatives=alternatives)
    ask: list[str] = []
    if abuse == "unknown" and (died or harmed or facts.value("died") == "unknown"):
        ask.append("abuse_or_neglect")
    if not died and not harmed:
        # A child described as not seriously harmed is alive: do not ask whether they died.
        if facts.value("died") == "unknown" and facts.value("seriously_harmed") != "false":
            ask.append("died")
        if facts.value("seriously_harmed") == "unknown" and facts.value("died") != "true":
            ask.append("seriously_harmed")
    if death_open and abuse != "true":
        ask.append("died")
    if died and abuse != "true" and facts.is_true("secure_hint"):
        ask += open_routes
    if ask and died and abuse == "unknown" and open_routes and not facts.is_true("secure_hint"):
        # The death is known, and whether abuse or neglect is suspected decides: said as the
        # two answers' outcomes, so that the route left open reads as a condition of "no",
        # not as an answer given before the question.
        return Advice(
            "more_information_needed",
            (
                f"The child died{_quote(facts['died'])}. If abuse or neglect is known or "
                "suspected, an SCR must be carried out: Regulation 5(2)(a) and (b)(i).",
                IF_NOT_UNLESS_DETAINED,
            ),
            ask_about=tuple(dict.fromkeys(ask)),
        )
    if ask and not (
        abuse == "false"
        and not died
        and not harmed
        and facts.value("died") == "false"
        and facts.value("seriously_harmed") == "false"
    ):
        return Advice(
            "more_information_needed",
            ("The criteria cannot be applied until these are known.",),
            ask_about=tuple(dict.fromkeys(ask)),
        )
    if abuse == "false":
        reasons.append(
            f"Abuse or neglect is not known or suspected"
            f"{_quote(facts['abuse_or_neglect'])}, so Regulation 5(2)(a) is not met."
        )
    elif not died and not harmed:
        reasons.append(
            "The child has neither died nor been seriously harmed, so Regulation "
            "5(2)(b) is not met."
        )
    reasons.append(
        "The board may still commission an SCR or an alternative review to learn "
        "from the case (Cambridgeshire 1.9, 5.1)."
    )
    return Advice("threshold_not_met", tuple(reasons), alternatives=alternatives)
