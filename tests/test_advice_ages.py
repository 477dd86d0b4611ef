"""Someone of 18 or over is answered as an adult, "not met", whatever happened to them; so an
age must never be taken for theirs when it may be someone else's, or when it was months.
Written from a red-team's look at the rule: 32 of 76 descriptions of a child's death or
serious harm were answered "not met" on a carer's, a suspect's or the writer's age, or on
months read as years. An adult's age that may be someone else's is now asked about, quoting
it; one that surely is theirs still answers at once."""

from __future__ import annotations

import pytest

from panelclerk.bot.advice import Advice
from panelclerk.nlp.ages import age_read
from panelclerk.nlp.facts import extract_facts
from panelclerk.workflow.criteria import advise


@pytest.mark.parametrize(
    "text",
    [
        "Kai died in hospital from a head injury. Mr B (23) who was caring for him has been "
        "arrested on suspicion of murder.",
        "Mum is Sarah Jones (21). Her daughter Lily has a fractured femur and bruising; an "
        "inflicted injury is suspected.",
        "A 22-year-old lodger has been charged after Amelia suffered life-changing injuries at "
        "the family home.",
        "I am 24 years old and my son died last month. I think my ex hurt him.",
        "The defendant, aged 24, is charged with causing the death of Oscar.",
        "Suspect: PoP 19M. Victim Ella has serious injuries including fractures; physical "
        "abuse suspected.",
        "Rosie took her own life; she had been sexually exploited by a 21 year old she met online.",
        "Jasmine (Y9) has been seriously assaulted by her mother's partner (Gary Ward, 24); "
        "she is in hospital.",
    ],
)
def test_an_age_that_may_be_someone_elses_is_never_answered_as_an_adult(text, board):
    advice = advise(extract_facts(text), board)
    assert advice.outcome != "threshold_not_met"


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Leo aged 19/12 brought to ED with a spiral fracture of the femur.", 19),
        ("Isaac, aged 20 mo, died; the post-mortem found healing fractures.", 20),
        ("Ruby aged 22 mnths has died, suspected neglect.", 22),
        ("Reggie (aged 23 m) was found with cigarette burns.", 23),
        ("Nancy is 20 months and was admitted with a skull fracture.", 20),
    ],
)
def test_months_as_notes_write_them_are_months(text, months):
    read = age_read(text)
    assert read is not None and read[0] == months


def test_the_age_is_asked_quoting_it_and_the_answer_is_used(board):
    text = (
        "Kai died in hospital from a head injury. Mr B (23) who was caring for him has been "
        "arrested on suspicion of murder."
    )
    advice = advise(extract_facts(text), board)
    assert advice.outcome == "more_information_needed"
    assert advice.ask_about == ("adult",)
    assert '23 ("B (23)")' in advice.reasons[0]
    bot = Advice(board, frozenset())
    first = bot.on_direct_message("slack", "U1", text)
    assert first.card is not None
    assert "Was the person this is about 18 or over" in first.card.text()
    answered = bot.on_direct_message("slack", "U1", "no")
    assert answered.card is not None
    assert "must be commissioned" in answered.card.text()


@pytest.mark.parametrize(
    "text",
    [
        "SH note: 19M attended after a sexual assault at a party. Police aware.",
        "EHC consult: client 19 yrs, DOB checked on ID, disclosed that her ex-boyfriend forced "
        "her to have sex. No children in the household.",
    ],
)
def test_an_age_that_surely_is_theirs_answers_at_once(text, board):
    advice = advise(extract_facts(text), board)
    assert advice.outcome == "threshold_not_met"
    assert "not a child" in advice.reasons[0]
