"""Harm told by what was done about it: a step of child protection taken for the child (a
child protection medical, a skeletal survey, a strategy discussion, a referral to children's
social care) is taken only when harm is suspected, so it answers "is abuse or neglect
suspected?", unless it found nothing, is routine, is a job or another child's, or looked at
what a diagnosed illness explains. With it, other signs told by what was done (a medicine
never fetched, illness induced by a carer, a forced marriage, an injury that does not fit the
fall described), a coma score of 8 or less, and deaths said as crews and wards say them. The
sentences are written for these tests; the three data files are two red teams'."""

from __future__ import annotations

import json

import pytest

from panelclerk.nlp.facts import extract_facts

from .nlp_support import DATA, lines
from .nlp_support import advised as _advice


@pytest.mark.parametrize(
    "text",
    [
        "Toby, 3, has a spiral fracture of his femur. Paeds to do a CP medical this afternoon.",
        "Baby of 4 months on PICU with a subdural. Skeletal survey requested.",
        "Mia, 2, admitted with a fractured skull; strategy discussion held with police today.",
        "Jay, 6, has burns to both hands. The school nurse rang MASH straight away.",
        "Lily (9) came in with a broken arm. Referral to children's social care made.",
        "Ava, 15, has a broken finger; the Forced Marriage Unit has been contacted.",
        "Noah, 4, on the ward after a 40 minute fit; his repeat scripts were not collected "
        "for three months.",
        "Six admissions with seizures nobody has seen; I think they are being induced by mum.",
        "Round burns on his arm. He told staff 'daddy's fag did it'.",
        "Night staff saw mum holding her hand over the baby's nose and mouth; he went dusky.",
        "Retinal bleeds in both eyes, not in keeping with the short fall described.",
    ],
)
def test_a_step_of_child_protection_or_a_sign_told_by_what_was_done_is_read(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


def test_with_serious_harm_a_step_taken_answers_the_review_question(board):
    facts, advice = _advice(
        "Toby, 3, has a spiral fracture of his femur. Paeds to do a CP medical this afternoon.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"
    assert "CP medical" in " ".join(advice.reasons)


@pytest.mark.parametrize(
    "text",
    [
        # found nothing, or settled
        "Toby, 3, broke his wrist on the trampoline. CP medical: skeletal survey normal.",
        "Mia, 2, fractured her skull. Strategy discussion concluded no further action.",
        "Sam, 4, broke his arm; CP referral withdrawn once brittle bones were diagnosed.",
        "Child protection consultant agreed with the family's account of the fall.",
        # routine, or after a death
        "Baby found dead in his cot; post-mortem skeletal survey as per the SUDI protocol.",
        "Leo, 2, died at home. A skeletal survey has been completed.",
        # a job, another child, cerebral palsy, before
        "Mum works in the child protection team at the council. Zak, 9, died of sepsis.",
        "MASH referral made for her older brother, 15. Maya, 6, died of meningitis.",
        "Known to the CP team for her cerebral palsy; she died of pneumonia.",
        "A previous CP medical in 2023 found nothing. Amy, 5, was hit by a car.",
        # another strategy, a referral for support
        "A strategy meeting was held between police and the council about the flood.",
        "GP referred to children's services for a young carer's assessment as mum has MS.",
        # a medicine not fetched for a reason, a parent's own marriage
        "Her prescription was not collected because the pharmacy was closed; she died of "
        "an asthma attack.",
        "Mum said she had been forced to marry dad at 16. Priya, 14, died in a car crash.",
    ],
)
def test_a_step_that_found_nothing_or_is_no_step_is_not_read_as_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


@pytest.mark.parametrize(
    "text",
    [
        "Mia, 2, fractured her skull. No strategy discussion was held.",
        "Sana, 15, said she was not being forced to marry; her teacher is worried.",
        "The court did not grant the FMPO as she was already abroad.",
    ],
)
def test_a_step_not_taken_or_a_sign_denied_by_someone_denies_nothing(text):
    assert extract_facts(text).value("abuse_or_neglect") != "false"


def test_a_red_teams_descriptions_without_harm_are_seldom_read_as_abuse():
    """133 descriptions with no abuse in the steps' words; 1 is still read as abuse (an
    inhaler never collected, the reason after a comma). The figure may fall, never rise."""
    cases = lines("steps_without_harm.txt")
    assert len(cases) == 133
    read = [t for t in cases if extract_facts(t).value("abuse_or_neglect") == "true"]
    assert len(read) <= 1, read


def test_a_red_teams_descriptions_of_harm_are_never_denied():
    """59 descriptions of suspected abuse beside words the guards know: none is read as a
    denial, and 39 are read as abuse (the rest are asked). The count may rise, never fall."""
    cases = lines("steps_with_harm.txt")
    assert len(cases) == 59
    values = [extract_facts(t).value("abuse_or_neglect") for t in cases]
    assert "false" not in values
    assert values.count("true") >= 39


@pytest.mark.parametrize(
    ("text", "harmed"),
    [
        ("Found in the pond. GCS 5 at scene, intubated by HEMS.", "true"),
        ("GCS of 3/15 on arrival in resus.", "true"),
        ("GCS 15, alert and chatty, home after an hour.", "unknown"),
    ],
)
def test_a_coma_score_of_eight_or_less_is_serious_harm(text, harmed):
    assert extract_facts(text).value("seriously_harmed") == harmed


@pytest.mark.parametrize(
    ("text", "died"),
    [
        ("Amira, 14: she passed at 16:05 with her parents holding her hands.", "true"),
        ("Child conveyed by crew. DOA 1712.", "true"),
        ("Resus stopped in ED at 17:20.", "true"),
        ("Second set of brainstem tests done today, confirmed.", "true"),
        ("CPR stopped when the crew took over and he went to resus.", "unknown"),
        ("Resus stopped, ROSC at 10 mins, transferred to PICU.", "false"),
        ("She passed her driving test with her dad watching.", "unknown"),
    ],
)
def test_deaths_said_as_wards_and_crews_say_them(text, died):
    assert extract_facts(text).value("died") == died


def test_starvation_is_read_but_oxygen_starvation_is_not():
    assert (
        extract_facts("Girl of 5. Cause of death 1a: Starvation.").value("abuse_or_neglect")
        == "true"
    )
    assert (
        extract_facts("Brain injury from oxygen starvation after drowning.").value(
            "abuse_or_neglect"
        )
        != "true"
    )


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # from a reading of the code: a "n't" no pattern had seen
        ("Resus stopped at 17:20; ROSC wasn't achieved.", "died", "true"),
        ("CP medical: injuries weren't consistent with the account.", "abuse_or_neglect", "true"),
        # what found harm is no finding of nothing
        ("CP medical: injuries non-accidental.", "abuse_or_neglect", "true"),
        ("Skeletal survey requested. Clotting normal.", "abuse_or_neglect", "true"),
        ("Toby has CP medical tomorrow after the fractured femur.", "abuse_or_neglect", "true"),
        (
            "There was a strategy discussion with police about the bruising.",
            "abuse_or_neglect",
            "true",
        ),
        ("The school nurse rang MASH to report the burns on her arm.", "abuse_or_neglect", "true"),
        ("The IDVA rang MASH straight away; he has a fractured skull.", "abuse_or_neglect", "true"),
        ("Her dad is arranging a forced marriage for her.", "abuse_or_neglect", "true"),
        ("Mum contacted the Forced Marriage Unit about Amina, 16.", "abuse_or_neglect", "true"),
        (
            "Her seizures are worrying. I think they are being induced by mum.",
            "abuse_or_neglect",
            "true",
        ),
        ("GCS 3 at scene, hypothermic and hypoxic.", "seriously_harmed", "true"),
        ("Cause of death 1a - Starvation.", "abuse_or_neglect", "true"),
        # and what is none
        (
            "Mum was keeping her locked in the bedroom all day; dad is a taxi driver.",
            "abuse_or_neglect",
            "true",
        ),
        ("Vasovagal syncope at the dentist. GCS 7 briefly then 15.", "seriously_harmed", "unknown"),
        (
            "Police rang MASH for background checks. Jack, 16, died in a crash.",
            "abuse_or_neglect",
            "unknown",
        ),
    ],
)
def test_what_a_reading_of_the_code_found(text, fact, value):
    assert extract_facts(text).value(fact) == value


def test_a_second_red_teams_descriptions_are_read_as_written():
    """A second red team's 129 descriptions against the rules as the first left them: none
    is read the opposite way ("died" false of a child who died, abuse denied where it is
    suspected), and 6 still read a fact that is not there (a "DOA" with a time on a
    discharged boy's sheet, a referral to mind the children, a hand over a baby's face
    against the hail). The figure may fall, never rise."""
    rows = [
        json.loads(line)
        for line in (DATA / "steps_second_read.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(rows) == 129
    wrong, opposite = [], []
    for row in rows:
        read = extract_facts(row["text"]).value(row["fact"])
        if row["want"] == "true" and read == "false":
            opposite.append(row["text"])
        elif (read == "true") != (row["want"] == "true") and read != "unknown":
            wrong.append(row["text"])
    assert opposite == []
    assert len(wrong) <= 6, wrong
