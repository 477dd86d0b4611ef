"""General reading rules a practitioner uses, one group of tests per rule: a worry denied by
a negative subject, a denial bounded by what the writer knew, verdicts of no fault, inflicted
injury in clinical words, lasting harm, signs of life and of death, custody only when it is
the child's, a plan's category as a risk, a review's finding as definitive evidence, and ages
written in many ways. The sentences are written for these tests, not copied from any
evaluation file; each asserts what a lead would see: the outcome, the fact and its quote."""

from __future__ import annotations

import pytest

from panelclerk.nlp.ages import extract_age
from panelclerk.nlp.facts import extract_facts

from .nlp_support import advised as _advice


# A negative subject whose verb is the worry itself: "nothing ... worries us".
@pytest.mark.parametrize(
    "text",
    [
        "Boy of 6 with a broken wrist after tripping at soft play. Nothing about the family, "
        "the nursery or the way he presents worries us in the slightest.",
        "Girl aged 9, fractured collarbone falling off a climbing frame; nothing in her "
        "history or her presentation troubles anyone here.",
    ],
)
def test_a_negative_subject_denies_the_worry_that_is_its_verb(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "false"
    assert advice.outcome == "threshold_not_met"


def test_and_before_a_new_subject_ends_the_negations_reach(board):
    facts, advice = _advice(
        "Nobody answered the door and that worries me. Kai (4) has a broken arm.", board
    )
    assert facts.value("abuse_or_neglect") == "unknown"
    assert advice.outcome == "more_information_needed"
    assert "abuse_or_neglect" in advice.ask_about


# A denial bounded by the writer's own time with the child, or from a writer who says they
# do not know what happened, answers nothing about what happened.
@pytest.mark.parametrize(
    "text",
    [
        "Our old chess club member Theo (13) has died. We never had any worries about him "
        "while he was coming to the club.",
        "Jordan (14) has died. We are not sure what happened, but we never had any concerns "
        "about his home life.",
        "Ayesha (11) died on Friday; her cause of death is still unknown. No concerns about "
        "her were ever raised with the school office.",
    ],
)
def test_a_bounded_or_unknowing_denial_leaves_abuse_open(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("died") == "true"
    assert facts.value("abuse_or_neglect") == "unknown"
    assert advice.outcome == "more_information_needed"
    assert "abuse_or_neglect" in advice.ask_about


# A finding of no fault by someone who looked.
@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "Child aged 7 had a seizure at school and went to hospital, fully recovered. The "
            "review concluded the care she received from school and parents was of a high "
            "standard throughout.",
            "care she received",
        ),
        (
            "Leah, 15, died of an undiagnosed heart condition at home. The independent review "
            "found no failings by anyone.",
            "found no failings",
        ),
    ],
)
def test_a_finding_of_no_fault_answers_abuse_no(text, quoted, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "false"
    assert quoted in facts["abuse_or_neglect"].evidence[0]
    assert advice.outcome == "threshold_not_met"


def test_care_said_good_with_no_one_finding_it_is_no_verdict(board):
    facts, advice = _advice("Baby Leo, 4 months, died at home. The care plan was good.", board)
    assert facts.value("abuse_or_neglect") == "unknown"
    assert advice.outcome == "more_information_needed"


# Inflicted injury in a clinician's words.
@pytest.mark.parametrize(
    "text",
    [
        "Infant of 5 months brought in with a head injury. Grip marks on the chest.",
        "Toddler of 3 admitted with a fractured femur; fingertip-type bruising to both thighs.",
        "The 4yo was admitted with scalds to both hands with glove-line edges.",
        "Tia (2) has severe burns to her legs; the registrar says the pattern is typical of "
        "being held in hot water.",
        "Baby of 10 weeks admitted with a fractured skull; dad's account of the fall kept "
        "changing.",
        "Hospital found old fractures in the ribs which nobody could explain. Baby is 10 "
        "weeks and on PICU.",
        "Ollie (7) has a fractured arm after being 'punished' at home.",
        "Relatives believe Kofi (8) is possessed and he was found with burns; he is in the "
        "burns unit.",
        "Her stepdad had been going into her bedroom late at night and touching her. Lily is "
        "11 and took an overdose; she is on ICU.",
    ],
)
def test_inflicted_injury_in_clinical_or_plain_words_is_abuse(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "true"
    assert facts.value("seriously_harmed") == "true"
    assert advice.outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "Mo (9) has to repeat a year, which means being held back from his friends.",
        "Her dad sat with her and kept touching her forehead to check her temperature.",
        "Sami (13) was upset after being disciplined at school for fighting.",
        "Ben (10) was circumcised at the hospital for a medical reason and is recovering.",
    ],
)
def test_the_same_words_about_no_harm_are_not_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


def test_a_girls_circumcision_is_fgm(board):
    facts, advice = _advice(
        "Safa (11) was circumcised on a trip abroad; the wound is infected and the surgeon "
        "says she will have damage for life.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert facts.value("seriously_harmed") == "true"
    assert advice.outcome == "scr_required"


# Harm said to last.
@pytest.mark.parametrize(
    "text",
    [
        "Paeds say the impairment is likely to be permanent.",
        "The psychologist expects the effects to be long-lasting.",
        "The consultant says the damage to her kidneys will be with her for life.",
    ],
)
def test_harm_said_to_last_is_serious(text):
    assert extract_facts(text).value("seriously_harmed") == "true"


def test_harm_said_not_to_last_is_not_serious():
    assert (
        extract_facts("The injury will leave no lasting damage.").value("seriously_harmed")
        != "true"
    )


def test_a_writer_who_cannot_say_how_bad_an_injury_is_leaves_it_open(board):
    facts, advice = _advice(
        "Child of 5 in ED with what look like cigarette burns to the hand. Nobody has looked "
        "at them yet so I can't say how bad they are.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert facts.value("seriously_harmed") == "unknown"
    assert advice.outcome == "more_information_needed"


def test_a_plans_category_is_a_risk_not_a_harm(board):
    facts, advice = _advice(
        "Eli (15) is on a child protection plan under sexual exploitation. He has been "
        "missing for four days and nobody knows where he is.",
        board,
    )
    assert facts.value("seriously_harmed") == "unknown"
    assert advice.outcome == "more_information_needed"


# Signs of life and of death.
@pytest.mark.parametrize(
    ("text", "died"),
    [
        ("Zak (6) has a small bruise on his arm that had faded the next day.", "false"),
        ("Ivy (3) has burns to her hands and will need skin grafts.", "false"),
        ("Noor (8) is currently sedated on PICU.", "false"),
        ("Infant brought in by ambulance, CPR ongoing, pronounced in ED at 14:10.", "true"),
        ("Resuscitation was stopped at 10:40; the baby was 3 months old.", "true"),
        ("We buried our Maisie last week.", "true"),
        ("He is not seriously harmed.", "unknown"),
    ],
)
def test_signs_of_life_and_of_death(text, died):
    assert extract_facts(text).value("died") == died


def test_a_child_named_with_an_age_is_nearer_than_the_relative_before():
    facts = extract_facts("Grandmother phoned: Jayden (6/12) is in PICU with a skull fracture.")
    assert facts.value("died") == "false"
    assert facts["age"].detail == "0"


# Custody and detention, only when the words are the child's.
def test_a_police_station_cell_is_custody(board):
    facts, advice = _advice(
        "Jess (15) died in a police station cell overnight after being arrested.", board
    )
    assert facts.value("died_in_custody") == "true"
    assert advice.outcome == "scr_expected"


def test_someone_elses_remand_is_no_custody_of_the_child():
    facts = extract_facts(
        "Ruby (9) was sexually abused by a lodger; the perpetrator was charged and remanded."
    )
    assert facts.value("died_in_custody") != "true"


def test_a_voluntary_patient_is_no_hint_of_detention(board):
    facts, advice = _advice(
        "Leah, 15, an informal patient on an adolescent psychiatric ward, died of a sudden "
        "heart condition; the independent review found no failings by anyone.",
        board,
    )
    assert facts.value("secure_hint") != "true"
    assert advice.outcome == "threshold_not_met"


# A review that looked at every agency and found no concern is the definitive evidence.
def test_a_reviews_finding_of_no_concern_is_definitive_evidence(board):
    facts, advice = _advice(
        "Nina (13) was raped by a neighbour and the psychologist expects the impact to be "
        "long-lasting. The independent audit of all agencies found no concerns whatsoever "
        "about how they worked together.",
        board,
    )
    assert facts.value("no_interagency_concern_evidence") == "true"
    assert "audit" in facts["no_interagency_concern_evidence"].evidence[0]
    assert advice.outcome == "threshold_not_met"


def test_a_denial_nobody_found_is_not_definitive_evidence():
    facts = extract_facts(
        "Nina (13) was raped by a neighbour. There were no concerns about how the agencies "
        "worked together."
    )
    assert facts.value("no_interagency_concern_evidence") != "true"


# Ages written in many ways.
@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("A 19yo mother gave birth at home; the baby boy was taken to NICU.", 0),
        ("Mum, 24, called about her son Alfie (6).", 6),
        ("The baby died aged 5 hours.", 0),
        ("Seen at the 27-month review: not talking.", 2),
        ("Urgent: Rosa (8/12) admitted overnight.", 0),
        ("The boy is 11, he was hurt at home.", 11),
        ("Her son Leon, who was 16, died last week.", 16),
        ("I am the childminder for Isla (4), whose mum works nights.", 4),
        ("Harvey, 7 weeks, admitted with a bleed.", 0),
        ("Call from school: Ava (Y6, 10) is in hospital.", 10),
        ("She was only 6.", 6),
        ("A girl of 8 fell from a wall.", 8),
        ("He had lived here for 20 years.", None),
    ],
)
def test_ages_written_in_many_ways(text, age):
    assert extract_age(text) == age


# Bruising where a young child's falls do not bruise (TEN-4), a torn frenulum in a baby.
@pytest.mark.parametrize(
    "text",
    [
        "Theo, 3, has bruising to his neck and ear; dad says he fell. He is at home.",
        "Lena (8/12) has a torn frenulum; mum says she fell against the cot. On the ward.",
    ],
)
def test_bruising_where_falls_do_not_bruise_is_suspected_abuse(text):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert facts["abuse_or_neglect"].hedged


def test_a_bruise_where_falls_bruise_is_not_suspected_abuse():
    facts = extract_facts("Theo, 3, fell off the sofa and has a bruise on his forehead.")
    assert facts.value("abuse_or_neglect") != "true"


def test_a_carer_asleep_after_drinking_when_a_child_drowned_is_neglect(board):
    facts, advice = _advice(
        "The toddler drowned in the bath while his dad was downstairs asleep after drinking.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"
