"""Reading rules of the seventh round, one group of tests per rule: an aside in brackets is
transparent to a scope, a denial after a list reaches every item of it, an inquiry's
conclusion that nothing was suspicious, "SG" for safeguarding, suspicion told as process (a
live section 47 enquiry, carers who give no account), injuries of differing ages, harm done to
a child named by whose child it is, a child's own words of being hurt, coercion to send
images, sex with a child, FGM and a child who could not be roused as serious harm, carers
who seem intoxicated, marks that went away and injuries told as minor, treatment that only
the living receive, and ages in a clinician's shorthand. The sentences are written for these
tests, not copied from any evaluation file; each asserts what a lead would see."""

from __future__ import annotations

import pytest

from panelclerk.nlp.ages import extract_age
from panelclerk.nlp.facts import extract_facts

from .nlp_support import advised as _advice


# "whether A (aside) or B": the question reaches B across the aside in brackets.
def test_an_aside_in_brackets_does_not_end_a_whether(board):
    facts, advice = _advice(
        "Rhys (16) was arrested on Friday and died early on Saturday. Nobody can yet tell me "
        "whether he had been let go before he collapsed (one officer thinks he was outside) "
        "or was still in the cell. Nothing suggests he was hurt by anyone.",
        board,
    )
    assert facts.value("died_in_custody") == "unknown"
    assert advice.outcome == "more_information_needed"
    assert "died_in_custody" in advice.ask_about


def test_a_negation_reaches_across_an_aside_in_brackets():
    facts = extract_facts(
        "Ellie (6) broke her wrist on the trampoline. There are no (and never have been) "
        "concerns of neglect."
    )
    assert facts.value("abuse_or_neglect") == "false"


# "NAI and neglect not suspected": the denial after the list reaches its first item too.
@pytest.mark.parametrize(
    "text",
    [
        "Toddler of 2 with a small scald from a mug, healing well. NAI and neglect not "
        "suspected after discussion with the named nurse.",
        "Boy of 7 with a graze from a fall in the park. Abuse or neglect were both ruled out "
        "by the paediatrician.",
    ],
)
def test_a_denial_after_a_list_reaches_every_item(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "false"
    assert advice.outcome == "threshold_not_met"


# An inquiry that concluded nothing was suspicious answers "is abuse suspected?" with no; a
# bare "not suspicious" with nobody's conclusion behind it does not.
def test_an_inquirys_conclusion_that_nothing_was_suspicious_is_a_denial(board):
    facts, advice = _advice(
        "Baby Isla, 4 months, died in her sleep at home. The joint home visit has concluded "
        "there is nothing suspicious and the police have closed the case.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "false"
    assert "nothing suspicious" in facts["abuse_or_neglect"].evidence[0]
    assert advice.outcome == "threshold_not_met"


def test_a_bare_not_suspicious_still_asks(board):
    facts, advice = _advice("A boy of 3 died at home overnight. It is not suspicious.", board)
    assert facts.value("abuse_or_neglect") == "unknown"
    assert advice.outcome == "more_information_needed"


# "SG" is how notes write safeguarding, in a denial however short.
def test_sg_is_safeguarding(board):
    facts, advice = _advice(
        "11F fell from her bike, # wrist. Account fits. No SG concerns. Cast, home.", board
    )
    assert facts.value("abuse_or_neglect") == "false"
    assert advice.outcome == "threshold_not_met"
    facts = extract_facts("Baby (3/12) with a bruised ear. SG concerns raised by the HV.")
    assert facts.value("abuse_or_neglect") == "true"


# A live section 47 enquiry is made only when harm is suspected; a closed one is not.
@pytest.mark.parametrize(
    "text",
    [
        "Mia (2) admitted with a fractured femur. Section 47 enquiries are under way.",
        "Mia (2) admitted with a fractured femur; s47 initiated after the strategy meeting.",
        "Mia (2) admitted with a fractured femur. CSC opened a section 47 enquiry today.",
    ],
)
def test_a_live_section_47_enquiry_is_suspicion(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


def test_a_closed_section_47_is_not_suspicion():
    facts = extract_facts("Mia (2) had a bruise on her shin last spring; s47 closed NFA.")
    assert facts.value("abuse_or_neglect") != "true"


# Carers who give no account of a serious injury: suspected abuse.
def test_carers_who_offer_no_explanation(board):
    facts, advice = _advice(
        "Baby Leo, 9 weeks, has a skull fracture. His parents (both in their twenties) "
        "offered no explanation at all.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


# Bleeds of differing ages, as injuries of differing ages are, tell of more than one event.
def test_bleeds_of_differing_ages_are_suspected_abuse(board):
    facts, advice = _advice(
        "6/52 F, floppy at home. CT: subdural haematomas of different ages. To PICU.", board
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


# Harm done to a child named by whose child it is: "her husband beat their son".
def test_a_spouse_hitting_their_child(board):
    facts, advice = _advice(
        "The mother says her husband kicked their daughter, Lina (6), and she is now in "
        "intensive care with a ruptured spleen.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


def test_the_childs_own_words_of_being_hurt():
    facts = extract_facts("Zac (9) arrived with bruises and told the nurse 'a man hit me'.")
    assert facts.value("abuse_or_neglect") == "true"


# Coercion to send images of themselves is sexual abuse; sending a message is nothing.
def test_coercion_to_send_images():
    assert (
        extract_facts("Someone online tricked her into sending photos. Priya is 13.").value(
            "abuse_or_neglect"
        )
        == "true"
    )
    assert (
        extract_facts("Her nan got her to send a birthday card to her dad.").value(
            "abuse_or_neglect"
        )
        == "unknown"
    )


# Sex with a child under 16, or made to, is abuse and serious harm (as "raped" is); sex
# between older teenagers that nothing makes abuse is neither.
@pytest.mark.parametrize(
    "text",
    [
        "Girl, 13, disclosed that her mum's lodger has been having sex with her since Christmas.",
        "Amber (16) says she was made to have sex with two of his friends at a party.",
    ],
)
def test_sex_with_a_child(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "true"
    assert facts.value("seriously_harmed") == "true"
    assert facts["seriously_harmed"].detail == "serious sexual harm"
    assert advice.outcome == "scr_required"


def test_sex_between_older_teenagers_is_not_read_as_abuse():
    facts = extract_facts("Callum (17) has been having sex with his girlfriend, who is 17.")
    assert facts.value("abuse_or_neglect") == "unknown"
    assert facts.value("seriously_harmed") == "unknown"


# FGM is a permanent physical injury: serious harm as well as abuse.
def test_fgm_is_serious_harm(board):
    facts, advice = _advice(
        "The paediatrician has confirmed FGM in a girl of 8 after a trip abroad.", board
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert facts.value("seriously_harmed") == "true"
    assert advice.outcome == "scr_required"


# A child who could not be roused was in a potentially life-threatening state; after a death
# it adds nothing.
def test_a_child_who_could_not_be_roused(board):
    facts, advice = _advice(
        "Boy of 3 found unresponsive after drinking from dad's methadone bottle; both "
        "parents seemed drunk when the crew arrived. Now awake on the ward.",
        board,
    )
    assert facts.value("seriously_harmed") == "true"
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"
    facts = extract_facts("Baby found unresponsive in her cot and pronounced dead at 07:10.")
    assert facts.value("seriously_harmed") == "unknown"


# A mark that went away by itself, an injury told as minor, first aid only: no serious harm,
# and the child lived; with nothing to ask, the advice answers.
@pytest.mark.parametrize(
    "text",
    [
        "Two boys (10 and 11) scuffled in the playground. Red mark on one boy's arm, gone "
        "by home time.",
        "Girl of 8 knocked off her scooter by a dog, grazes to both knees. First aid only.",
        "Residential log: L (13) pushed by another resident, bump on the forehead. "
        "No first aid needed.",
    ],
)
def test_minor_injuries_need_no_question(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("seriously_harmed") == "false"
    assert facts.value("died") == "false"
    assert advice.outcome == "threshold_not_met"
    assert advice.ask_about == ()


def test_time_gone_by_is_no_mark():
    facts = extract_facts("As the months have gone by, Sam (12) has lost a lot of weight.")
    assert facts.value("seriously_harmed") != "false"


# Treatment only a living patient receives, in a text that tells of no death.
def test_treatment_of_the_living_is_a_sign_of_life():
    facts = extract_facts("Kian (5) hit by a van, intubated at scene and flown to the MTC.")
    assert facts.value("died") == "false"


# A clinician's opening shorthand: years and sex.
@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("15F, BIBA after taking 20 paracetamol.", 15),
        ("8M fell from a wall, # ulna.", 8),
        ("ED note\n12F, abdominal pain.", 12),
        ("She turned 17 in June and moved to semi-independent living.", 17),
    ],
)
def test_clinical_shorthand_ages(text, age):
    assert extract_age(text) == age


def test_a_room_or_a_floor_is_no_age():
    assert extract_age("Seen in room 2F at the clinic.") is None
    assert extract_age("He served 12 years in prison.") is None
