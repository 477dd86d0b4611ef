"""What the "should I refer?" conversation says, written once for every chat platform and
the command line: the facts it found with the words that support them, the advice with its
clause, the questions it still has, and always who decides and what to do about risk now."""

from __future__ import annotations

from ..nlp.redact import personal_details, redact, vocabulary
from ..workflow.config import BoardConfig
from ..workflow.criteria import FACTS, Advice, Facts, reminder

LABELS = {
    "abuse_or_neglect": "Abuse or neglect known or suspected",
    "died": "The child died",
    "suicide_suspected": "Suspected suicide",
    "seriously_harmed": "The child was seriously harmed",
    "interagency_concern": "Concern about how agencies worked together",
    "no_interagency_concern_evidence": "Definitive evidence of no such concern",
    "died_in_custody": "Died in custody or a secure setting",
    "mental_health_act_detention": "Detained under the Mental Health Act 1983",
    "deprivation_of_liberty_16_17": "Aged 16-17 under a deprivation of liberty order",
    "child_in_care": "In the care of the local authority",
    "care_leaver": "A care leaver aged 24 or under",
    "age": "Age",
    "adult": "18 or over",
}
HEADLINES = {
    "scr_required": "The criteria for a {review} appear to be met: it must be commissioned.",
    "scr_expected": "A {review} should always be carried out in a case like this.",
    "threshold_not_met": "The criteria for a {review} do not appear to be met.",
    "more_information_needed": "I need to know more before I can apply the criteria.",
    "notify_serious_case": "This appears to be a serious child safeguarding case: it must be "
    "notified.",
    "notify_death_in_care": "This death must be notified to the Secretary of State and Ofsted.",
}


RISK_NOW = (
    "First: the child may be at risk now. Contact children's social care now (the police on "
    "999 if the child is in immediate danger), and follow your agency's safeguarding "
    "procedures. Do not wait for a decision about a review: a review is not a referral to "
    "children's social care."
)


def board_words(config: BoardConfig) -> frozenset[str]:
    """The board's own vocabulary, written with capitals but never a person's name."""
    words = [a.name for a in config.agencies] + [x for a in config.agencies for x in a.aliases]
    words += [r.label for r in config.review_types] + [
        x for r in config.review_types for x in r.aliases
    ]
    words += [str(v) for v in config.terms.model_dump().values() if v]
    board = config.board
    return vocabulary([*words, board.name, board.short_name, board.local_authority])


def mask_quotes(facts: Facts, keep: frozenset[str]) -> Facts:
    """The facts as chat may quote them: any probable name in their words masked. `keep`
    is `board_words`."""
    return facts.quoted(lambda words: redact(words, strict=True, keep=keep))


def privacy_note(text: str, config: BoardConfig, keep: frozenset[str]) -> str | None:
    """Said to whoever typed personal details into chat: what they were and where they go."""
    kinds = personal_details(text, keep)
    if not kinds:
        return None
    found = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return (
        f"Your message seems to include {found}. Please delete it: the child's and family's "
        f"details go to {config.board.mailbox} by secure email, never into chat. I have not "
        "kept it, and my answer leaves them out."
    )


def render_advice(
    facts: Facts,
    advice: Advice,
    config: BoardConfig,
    asked: str = "",
    keep: frozenset[str] = frozenset(),
) -> str:
    """`asked` is the text the advice answers: if it holds personal details, the answer says
    so first (`keep` is `board_words`; chat masks the quotes themselves: `mask_quotes`)."""
    terms = config.terms
    note = privacy_note(asked, config, keep) if asked else None
    lines = ([note, ""] if note else []) + [
        HEADLINES[advice.outcome].format(review=terms.case_review),
        "",
    ]
    if facts.is_true("immediate_risk"):  # before anything about a review
        lines = [RISK_NOW, "", *lines]
    lines += [f"- {reason}" for reason in advice.reasons]
    lines += ["", "What I understood:"]
    for name in FACTS:
        fact = facts[name]
        if name == "age":
            # not an age the person said was not theirs ("18 or over: no")
            if fact.detail and not (fact.hedged and facts.value("adult") == "false"):
                lines.append(f"  {LABELS[name]}: {fact.detail}")
            continue
        if fact.value == "unknown":
            continue
        value = "yes" if fact.value == "true" else "no"
        if fact.hedged and fact.value == "true":
            value = "suspected"
        quote = f' ("{fact.evidence[0]}")' if fact.evidence else ""
        detail = f" [{fact.detail}]" if fact.detail and name != "age" else ""
        lines.append(f"  {LABELS[name]}: {value}{detail}{quote}")
    if advice.questions:
        lines += ["", "Please tell me:"] + [f"  - {q}" for q in advice.questions]
    if advice.alternatives:
        lines += [
            "",
            f"The {terms.board} may still commission a {terms.case_review_short} or "
            "an alternative:",
        ] + [f"  - {a}" for a in advice.alternatives]
    if advice.outcome in (
        "scr_required",
        "scr_expected",
        "threshold_not_met",
        "notify_serious_case",
        "notify_death_in_care",
    ):
        lines += [
            "",
            f"To refer: send the {terms.referral_form} to {config.board.mailbox} "
            f"by secure email, after speaking to your agency's named or designated "
            f"safeguarding lead. Questions: the {terms.group}'s Business Manager.",
        ]
    lines += ["", reminder(config)]
    return "\n".join(lines)
