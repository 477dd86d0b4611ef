"""Reading a description the way a practitioner does: the assertion status of each cue
(denied, suspected, hypothetical), abuse and serious harm recognised from what happened, facts
the text implies filled in before anything is asked, and immediate risk said first. The
phrasings here are written for these tests, not copied from any evaluation file."""

from __future__ import annotations

import json

import pytest

from panelclerk import boardfile
from panelclerk.bot.conversation import RISK_NOW, render_advice
from panelclerk.nlp.facts import extract_facts
from panelclerk.workflow.criteria import advise

from .nlp_support import DATA


@pytest.mark.parametrize(
    "text",
    [
        "Not one professional has raised any neglect or abuse.",
        "Nobody involved thinks she was abused.",
        "There were no safeguarding worries of any sort and no abuse.",
        "No one had ever suspected abuse, neglect or exploitation.",
        "Neglect has never been suspected.",
        "There are no concerns of cruelty, neglect or abuse.",
    ],
)
def test_a_denial_of_abuse_is_read_as_a_denial(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


@pytest.mark.parametrize(
    "text",
    [
        "The consultant could not rule out inflicted injury.",
        "Neglect cannot be excluded at this stage.",
        "Physical abuse has not been ruled out by the hospital.",
    ],
)
def test_could_not_rule_out_is_a_suspicion_not_a_denial(text):
    fact = extract_facts(text)["abuse_or_neglect"]
    assert fact.value == "true" and fact.hedged


def test_not_known_to_services_does_not_deny_the_abuse():
    text = "The family was not known to any services and the boy had been neglected for years."
    assert extract_facts(text).value("abuse_or_neglect") == "true"


def test_a_question_or_condition_is_not_a_fact():
    assert extract_facts("The police asked whether he was abused.").value("abuse_or_neglect") == (
        "unknown"
    )
    assert extract_facts("If she was neglected, we would refer.").value("abuse_or_neglect") == (
        "unknown"
    )


@pytest.mark.parametrize(
    "text",
    [
        "The radiologist said the fractures do not fit the history the parents gave.",
        "Skeletal survey showed rib fractures at different stages of healing.",
        "Her uncle touched her inappropriately on several occasions.",
        "The toddler was left on her own in the flat for two days.",
        "The three-year-old was left alone in the bath by his father.",
        "There was no food in the house and no heating all winter.",
        "His diabetes was left untreated and he missed numerous hospital appointments.",
        "The injuries are unexplained.",
    ],
)
def test_abuse_or_neglect_is_recognised_from_what_happened(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "She was intubated and moved to the high dependency unit.",
        "He has a subdural haemorrhage.",
        "The neglect led to probable long-term impairment of her health.",
        "He has suffered severe psychological harm.",
        "She was in an induced coma for a week.",
    ],
)
def test_serious_harm_is_recognised_from_clinical_and_statutory_words(text):
    assert extract_facts(text).value("seriously_harmed") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "A 9-year-old is recovering at home after a fall.",
        "The 6 year old remains in hospital.",
        "She is safe now and staying with her aunt.",
    ],
)
def test_a_living_child_is_not_asked_whether_they_died(board, text):
    facts = extract_facts(text)
    assert facts.value("died") == "false"
    assert "died" not in advise(facts, board).ask_about


@pytest.mark.parametrize(
    "text",
    [
        "A 7-year-old died of leukaemia. Nobody has any safeguarding concerns.",
        "A 12 year old was killed when hit by a bus. There is no suggestion of neglect or abuse.",
    ],
)
def test_a_death_from_illness_or_accident_is_answered_with_its_condition(board, text):
    advice = advise(extract_facts(text), board)
    assert advice.outcome == "threshold_not_met"
    assert not advice.ask_about
    assert any("unless the child was in custody or detained" in r for r in advice.reasons)


def test_a_death_with_abuse_unknown_says_what_each_answer_means(board):
    """Asked whether abuse is suspected after a death, the lead is told what "yes" and "no"
    would each mean, quoting the death; the reply never says "the criteria are not met" as
    if it had been answered."""
    advice = advise(extract_facts("A 9-year-old died of leukaemia at the hospice."), board)
    assert advice.ask_about == ("abuse_or_neglect",)
    assert advice.reasons[0].startswith('The child died ("A 9-year-old died of leukaemia')
    assert (
        "If abuse or neglect is known or suspected, an SCR must be carried out"
        in (advice.reasons[0])
    )
    assert advice.reasons[1].startswith("If not, the criteria are not met, unless the child")
    assert not any(r.startswith("The criteria are not met") for r in advice.reasons)


def test_a_hint_of_detention_still_asks(board):
    text = "A 15-year-old died after being restrained. No abuse or neglect is suspected."
    advice = advise(extract_facts(text), board)
    assert advice.outcome == "more_information_needed"
    assert "died_in_custody" in advice.ask_about


def test_a_death_with_abuse_unknown_asks_only_about_abuse(board):
    advice = advise(extract_facts("A 10 year old boy has died; I don't know more."), board)
    assert advice.ask_about == ("abuse_or_neglect",)


def test_a_child_at_risk_now_is_told_first(board):
    text = "A six year old says her stepdad hits her and she is scared to go home tonight."
    facts = extract_facts(text)
    reply = render_advice(facts, advise(facts, board), board)
    assert reply.startswith(RISK_NOW)


def test_a_death_with_nothing_wrong_does_not_open_with_risk(board):
    facts = extract_facts("A 13 year old died of cancer. There are no safeguarding concerns.")
    reply = render_advice(facts, advise(facts, board), board)
    assert not reply.startswith(RISK_NOW)


@pytest.mark.parametrize(
    "text",
    [
        "His teacher is concerned about his attendance at school.",
        "I am worried about how he will manage at school after the accident.",
    ],
)
def test_a_worry_that_names_no_danger_does_not_open_with_risk(board, text):
    """A worry word, not denied, is no danger now: such replies once opened by sending the
    lead to the police or children's social care."""
    facts = extract_facts(text)
    assert facts.value("immediate_risk") != "true"
    assert not render_advice(facts, advise(facts, board), board).startswith(RISK_NOW)


@pytest.mark.parametrize(
    "text",
    [
        "Home visit 3/2. Nil safeguarding concerns re abuse. Child well.",
        "PC attended. No one has ever raised concern of neglect or abuse.",
        "Abuse and neglect were considered by the strategy meeting and excluded.",
    ],
)
def test_terse_notes_deny_as_plainly_as_prose(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Child 3y found alone in flat.", 3),
        ("Pupil J (13) disclosed to form tutor.", 13),
        ("Baby B, 9wks, brought to ED.", 0),
        ("The 15 y/o boy was missing overnight.", 15),
    ],
)
def test_ages_as_notes_write_them(text, years):
    from panelclerk.nlp.ages import extract_age

    assert extract_age(text) == years


def test_a_death_in_a_relative_clause_is_the_childs():
    facts = extract_facts("A girl who had been staying with her aunt died in hospital on Sunday.")
    assert facts.value("died") == "true"


def test_a_siblings_abuse_is_not_this_childs():
    facts = extract_facts(
        "Her older brother was physically abused by a lodger in 2019. She has never been "
        "harmed and nobody suspects any abuse of her."
    )
    assert facts.value("abuse_or_neglect") != "true"


@pytest.mark.parametrize(
    "text",
    [
        "Her brother Sam (8) was on a CP plan for neglect in 2020. He was also physically "
        "abused by a lodger. She died of meningitis on Tuesday.",
        "2018: sibling R subject to s47 for physical abuse. 2019: CP plan ended. "
        "2024: T (2) died at home of pneumonia.",
        "His older sister was taken into care in 2017. She had been neglected for years. He "
        "is 6 and died of leukaemia on Friday.",
    ],
)
def test_a_relative_named_earlier_is_who_he_or_she_is_later(board, text):
    """Abuse of a brother or sister told over two sentences is not this child's: the advice
    asks about this child rather than finding the criteria met."""
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "unknown"
    advice = advise(facts, board)
    assert advice.outcome == "more_information_needed"
    assert advice.ask_about == ("abuse_or_neglect",)


def test_the_child_after_a_relatives_story_is_the_child_again():
    facts = extract_facts(
        "Her brother was physically abused by their father in 2019. She was admitted last "
        "night with bruising that the consultant believes was inflicted."
    )
    assert facts.value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "7yo admitted to hospital with a fractured skull, cause unclear.",
        "Baby 5m in surgery tonight with a bleed on the brain.",
        "12 year old checked by GP after the assault by his stepfather, bruising to face.",
        "The girl (9) was discharged home after two days with burns to her hands.",
        "He is 4 and recovering on the ward after a beating by his mother's partner.",
    ],
)
def test_signs_of_a_living_child_are_not_asked_about(board, text):
    facts = extract_facts(text)
    assert facts.value("died") == "false"
    assert "died" not in advise(facts, board).ask_about


@pytest.mark.parametrize(
    "text",
    [
        "Baby 4m admitted with fractured ribs, NAI suspected. HV didnt tell SW about the "
        "earlier bruise.",
        "Child 5 with a broken arm inflicted by dad, in hospital. no strat held despite 3 "
        "referrals.",
        "Teen 14 stabbed by her stepfather, in ICU. DV incidents not shared with police.",
        "Toddler 2 admitted with a scald, non-accidental, life-threatening. MASH closed it "
        "last month without a visit.",
    ],
)
def test_terse_notes_of_agencies_failing_are_a_concern(board, text):
    facts = extract_facts(text)
    assert facts.value("interagency_concern") == "true"
    assert "interagency_concern" not in advise(facts, board).ask_about


@pytest.fixture(scope="module")
def wt2023():
    return boardfile.load_board(None, "working-together-2023")


def test_under_2023_a_death_is_answered_with_the_detention_condition(wt2023):
    text = "A 15 year old died of an asthma attack. No concerns of abuse or neglect."
    advice = advise(extract_facts(text), wt2023)
    assert advice.outcome == "threshold_not_met"
    assert not advice.ask_about
    assert any("not met, unless the child was detained" in r for r in advice.reasons)


def test_under_2023_a_hint_of_detention_asks_whether_the_child_was_looked_after(wt2023):
    text = "A 16 year old died in a young offender institution. No abuse or neglect is suspected."
    advice = advise(extract_facts(text), wt2023)
    assert advice.outcome == "more_information_needed"
    assert advice.ask_about == ("child_in_care",)
    answered = advise(extract_facts(text).with_answer("child_in_care", "true"), wt2023)
    assert answered.outcome == "notify_death_in_care"


@pytest.mark.parametrize(
    "text",
    [
        "A 15 year old disclosed that her uncle sexually abused her in 2016, when she was 7. "
        "The uncle died in 2020. She is doing well at school.",
        "Historic disclosure: a 14 year old says her father hit her when she was little.",
        "A 2 year old died after being shaken by her father. Abuse is suspected.",
    ],
)
def test_a_historic_case_or_a_death_does_not_open_with_risk_now(board, text):
    facts = extract_facts(text)
    reply = render_advice(facts, advise(facts, board), board)
    assert not reply.startswith(RISK_NOW)


def test_history_does_not_hide_a_danger_now(board):
    facts = extract_facts(
        "A 12 year old says her stepfather abused her in 2019 and she is scared to go home "
        "tonight because he is back."
    )
    assert render_advice(facts, advise(facts, board), board).startswith(RISK_NOW)


# Blind descriptions, round two: each kind of miss, in wordings written for these tests.


@pytest.mark.parametrize(
    "text",
    [
        "A 10 year old was beaten by his father. The psychologist reports serious emotional "
        "harm that is likely to be lasting.",
        "Boy 8, assaulted by his stepfather, was moved to the regional liver unit with liver "
        "failure.",
        "A 6 year old hit by her mother's boyfriend has a skull # and is in theatre.",
        "Girl 11 abused by an uncle; after surgery on the tendons of her wrist she may never "
        "use the hand properly again.",
        "Toddler 3, scalded by his father, is having skin grafting and will be left with scarring.",
    ],
)
def test_serious_harm_read_from_clinical_severity_and_lasting_effects(board, text):
    facts = extract_facts(text)
    assert facts.value("seriously_harmed") == "true"
    advice = advise(facts, board)
    assert advice.outcome == "scr_required" and "seriously_harmed" not in advice.ask_about


@pytest.mark.parametrize(
    "text",
    [
        "A 9 year old was smacked by his mum; slight redness that had faded by the evening, "
        "and no medical treatment was needed.",
        "Our 7 year old has never been hurt; she grazed her elbow at school last week.",
    ],
)
def test_a_mark_that_faded_or_a_graze_is_not_serious_harm(board, text):
    facts = extract_facts(text)
    assert facts.value("seriously_harmed") == "false"
    assert "seriously_harmed" not in advise(facts, board).ask_about


@pytest.mark.parametrize(
    "text",
    [
        "The baby did not make it; the family were told on the ward that night.",
        "They withdrew life support from the 3 year old on Monday evening.",
        "Paramedics worked on her for an hour but she couldn't be revived.",
        "ED note: 2yo, asystole, life pronounced extinct at 03:10.",
        "The 12 year old boy is dead since the weekend, the police say.",
    ],
)
def test_a_death_in_other_words_is_a_death(text):
    assert extract_facts(text).value("died") == "true"


def test_a_death_said_not_to_be_suicide_is_still_a_death(board):
    """Not suicide denies the suicide, never the death: read as a living child, a death in
    detention was once advised as below threshold."""
    text = (
        "A girl of 16 detained under section 3 of the Mental Health Act, she was dying last "
        "night from her anorexia. It was not suicide. Nobody thinks there was abuse or neglect."
    )
    facts = extract_facts(text)
    assert facts.value("died") == "true"
    assert advise(facts, board).outcome == "scr_expected"


@pytest.mark.parametrize(
    "place",
    ["a secure training centre", "a police cell", "the YOI", "a secure children's home"],
)
def test_a_death_in_a_custody_place_with_no_abuse_is_expected_to_be_reviewed(board, place):
    text = (
        f"A 15 year old died in {place} overnight of a heart condition nobody knew of. "
        "Staff acted properly and nobody suspects abuse or neglect."
    )
    facts = extract_facts(text)
    assert facts.value("died_in_custody") == "true"
    assert advise(facts, board).outcome == "scr_expected"


@pytest.mark.parametrize(
    "text",
    [
        "Nothing in the school file, nor anything her GP has said, indicates abuse or neglect.",
        "There are no worries about his care or anyone hitting him.",
        "Nobody on the team thinks there was any neglect.",
        "nobody think there was abuse",
        "Nil concerns re supervision.",
        "Concerns of neglect were looked into in 2022 but not substantiated.",
    ],
)
def test_denials_in_other_forms_are_denials(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


@pytest.mark.parametrize(
    "text",
    [
        "A 6 year old with a fractured femur; no opinion recorded yet on NAI.",
        "A 6 year old with a fractured femur; the safeguarding box was left blank and no view "
        "documented on neglect or NAI.",
    ],
)
def test_nobody_having_said_either_way_is_asked_not_denied(board, text):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "unknown"
    assert "abuse_or_neglect" in advise(facts, board).ask_about


@pytest.mark.parametrize(
    "text",
    [
        "The boy is 5. The mother's boyfriend was beating him every week.",
        "She is 12 and says a neighbour is doing sexual things to her.",
        "The surgeons think it is not an accident, the burns are a glove shape.",
        "Her stepdad hits her with a cable when he is drunk.",
        "The 14 year old was stabbed by his mum's partner.",
    ],
)
def test_abuse_in_plain_words_is_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Their cousin, 11, is on a CP plan for physical abuse. My query is about his brother, "
        "8, who died of sepsis; the ward has no concerns about his care at all.",
        "Her half-sister lives with her dad and is on a CP plan for neglect. The boy I'm "
        "asking about is 9 and has a head injury from a fall; we don't know yet how it "
        "happened.",
        "Her older sister was placed in foster care because she was neglected. She is 7 and "
        "has just had her tonsils out.",
    ],
)
def test_another_childs_abuse_is_not_this_childs(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


def test_a_referral_about_the_younger_one_after_an_elder_siblings_history(board):
    text = (
        "The eldest (15) was removed in 2021 after being sexually abused by a lodger; this "
        "referral is about the youngest, 4, who died of meningitis. Nobody suspects any "
        "abuse or neglect of the youngest."
    )
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "false"
    assert facts["age"].detail == "4"


def test_a_doubt_about_a_deprivation_of_liberty_order_is_asked(board):
    text = (
        "A 17 year old with autism died at his placement after a seizure; no one thinks "
        "there was neglect. I'm not certain whether the deprivation of liberty order was ever "
        "granted by the court."
    )
    advice = advise(extract_facts(text), board)
    assert advice.outcome == "more_information_needed"
    assert "deprivation_of_liberty_16_17" in advice.ask_about


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("ED: 16yo M brought in by police.", 16),
        ("One of our year 8s, she's 12, told a teacher.", 12),
        ("One of the boys, he was fifteen, was found.", 15),
        ("Pt 9/12 M, bruised ear.", 0),
        ("4/52 infant with a torn frenulum.", 0),
        ("Re: 13-year-old female.", 13),
        ("Her brother (10) is on a plan. My question is about his sister, 6, who", 6),
    ],
)
def test_ages_as_letters_and_notes_give_them(text, years):
    from panelclerk.nlp.ages import extract_age

    assert extract_age(text) == years


# Mends for the blind development descriptions: each situation in words of our own.


@pytest.mark.parametrize(
    "text",
    [
        "Nobody - the ward, the school, the GP - has any concern at all about abuse or neglect.",
        "None of us, from the HV to the paediatrician, had any worries about abuse.",
        "Nobody involved in her care, police included, is worried about neglect.",
    ],
)
def test_a_long_negative_subject_still_denies_the_concern(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


@pytest.mark.parametrize(
    "text",
    [
        "Died after a seizure at home.\n- Abuse/neglect: none suspected",
        "The girl died of sepsis.\n* Neglect - nil\n* Abuse concerns: none",
        "Sudden death in his sleep.\n- NAI: not suspected",
    ],
)
def test_a_heading_answered_none_is_a_denial(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "false"
    assert advise(facts, board).outcome == "threshold_not_met"


@pytest.mark.parametrize(
    "text",
    [
        "He died of meningitis while on remand. No safeguarding, abuse or neglect concerns "
        "were raised by anyone.",
        "She died in the secure children's home after an asthma attack; there were no "
        "welfare, neglect or abuse worries.",
        "Died in custody of a heart condition. Nil safeguarding, neglect or abuse issues.",
    ],
)
def test_one_denial_before_a_list_of_kinds_of_concern_denies_each(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "false"
    assert advise(facts, board).outcome == "scr_expected"


@pytest.mark.parametrize(
    "text",
    [
        "The toddler died at the weekend and there were bruises nobody could explain; her "
        "mother's boyfriend is in custody.",
        "Our pupil's baby brother is fine, but she herself died on Friday: she had marks "
        "that no one was able to account for.",
        "The baby has died. No one could explain the fractures and the father has left.",
    ],
)
def test_injuries_nobody_can_explain_are_suspected_abuse(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert advise(facts, board).outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "The 2-year-old died overnight and police are treating the death as suspicious.",
        "She died in hospital on Tuesday; her injuries are being treated as suspicious.",
        "He was found dead at home. Detectives are treating it as unexplained and suspicious.",
    ],
)
def test_a_death_treated_as_suspicious_is_suspected_abuse(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert advise(facts, board).outcome == "scr_required"


def test_a_death_not_treated_as_suspicious_does_not_deny_neglect():
    facts = extract_facts("The baby died. Police are not treating the death as suspicious.")
    assert facts.value("abuse_or_neglect") == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "A 2014 infant death was reopened: the new post-mortem review suggests she was smothered.",
        "The baby died in 2019; experts now think smothering is likely, with old rib "
        "fractures found on review.",
        "Our pupil died last month; the pathologist believes he was strangled by his stepfather.",
    ],
)
def test_smothering_or_strangling_of_the_child_is_abuse(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert advise(facts, board).outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "Jay, 15, has been running drugs for older men. He was stabbed on Saturday and is in "
        "intensive care.",
        "She is 14 and was found in a trap house in another county; she was raped there and "
        "is now in hospital.",
        "A 16-year-old with a positive reasonable grounds decision under the NRM was shot "
        "and needed emergency surgery.",
    ],
)
def test_criminal_exploitation_in_the_words_of_the_work_is_abuse(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert advise(facts, board).outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "Boy, 4, on a CIN plan for neglect; the paediatrician says he is two years behind "
        "in his development and seen with mum for his review.",
        "Our 3-year-old is 20 months behind in language after long neglect at home; she is "
        "now in foster care.",
        "The community paediatrician found significant delay from emotional neglect, likely "
        "to be long-term. He is at nursery daily.",
    ],
)
def test_development_far_behind_or_lastingly_delayed_is_serious_harm(text, board):
    facts = extract_facts(text)
    assert facts.value("seriously_harmed") == "true"
    advice = advise(facts, board)
    assert advice.outcome == "scr_required" and "died" not in advice.ask_about


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("- YP: 15, male\n- Died in a car crash", 15),
        ("Child: F, 9\nInjury: burns", 9),
        ("One of our Year 9s (14) was admitted last night.", 14),
        ("The little one, she was 9 months, was taken to hospital.", 0),
    ],
)
def test_ages_on_forms_and_school_notes(text, years):
    assert extract_facts(text)["age"].detail == str(years)


@pytest.mark.parametrize(
    "text",
    [
        "Baby, 4 months: bruise to the ear, ?NAI. Skeletal survey pending.",
        "Infant with a torn frenulum; awaiting a CT head and ophthalmology.",
        "2-year-old girl seen with dad for her check; bruising to both arms.",
    ],
)
def test_a_child_awaiting_tests_or_seen_with_a_parent_is_alive(text, board):
    facts = extract_facts(text)
    assert facts.value("died") == "false"
    assert "died" not in advise(facts, board).ask_about


@pytest.mark.parametrize(
    "text",
    [
        "The police were called to a fight at the house last week and it never came through to us.",
        "I can find nothing to say the HV's concern reached children's social care.",
        "The GP never heard anything about the bruising.",
        "Nobody picked it up after the nursery called about the marks.",
        "The referral was closed without anyone visiting the family.",
        "Each time CSC closed the contact without speaking to the school.",
        "The school rang MASH twice and never heard back.",
    ],
)
def test_working_together_failing_told_without_agency_words(text):
    assert extract_facts(text).value("interagency_concern") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Everyone was in the loop from the first call.",
        "The strategy meeting was held the same day.",
        "The school rang CSC straight away and police attended within the hour.",
    ],
)
def test_working_together_done_well_is_no_concern(text):
    assert extract_facts(text).value("interagency_concern") == "false"


def test_no_prior_contact_is_no_failing_and_definitive_evidence_counts(board):
    text = (
        "8-year-old stabbed by his father, life-threatening, now stable. No prior contact with "
        "any agency, all information shared in real time; the independent reviewer confirms "
        "definitive evidence of no concerns about inter-agency working."
    )
    facts = extract_facts(text)
    assert facts.value("interagency_concern") == "false"
    assert advise(facts, board).outcome == "threshold_not_met"


# Mends found on descriptions written in other styles (police log, parent's email,
# text-speak, case conference minutes): the worst misses, in words of our own.


@pytest.mark.parametrize(
    "text",
    [
        "Child: J, 11. J tried to kill himself and was ventilated on PICU. J then told staff "
        "his uncle had sexually abused him for a year.",
        "Sam, 14, attempted suicide last week and is in intensive care. Sam disclosed sexual "
        "abuse by a neighbour.",
        "Case note. L nearly died after an overdose, now on HDU. L says her stepdad has been "
        "abusing her.",
    ],
)
def test_a_childs_own_attempt_does_not_make_the_next_sentence_someone_elses(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert advise(facts, board).outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "My nephew, 13, has died; older lads were using him to carry drugs.",
        "He is 16, carrying for a gang since year 9, and was stabbed last night; in ICU.",
        "The 15-year-old was shot; police say she had been carrying drugs between towns.",
    ],
)
def test_carrying_drugs_for_others_is_exploitation(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert advise(facts, board).outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "14 mth M pronounced life extinct at 02:58. Injuries inconsistent per the consultant.",
        "The toddler died in hospital; her fractures were incompatible with a fall from a bed.",
        "Infant died. Bruises found inconsistent with the parents' story.",
    ],
)
def test_injuries_said_to_be_inconsistent_are_suspected_abuse(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert advise(facts, board).outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "The 5yo has severe burns to his hands after his mother held them under a hot tap as "
        "punishment; he needs skin grafts.",
        "Her father locked her outside overnight in January to punish her; she was admitted "
        "to intensive care with hypothermia.",
        "Boy aged 12 with a spiral fracture of the femur, no explanation given; in theatre now.",
    ],
)
def test_harm_as_punishment_or_with_no_account_is_abuse(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    advice = advise(facts, board)
    assert advice.outcome == "scr_required" and "died" not in advice.ask_about


@pytest.mark.parametrize(
    "text",
    [
        "yr 6 girl told me her mums bf has been touchin her at nite",
        "She says her stepdad keeps touching her when mum is at work.",
        "The boy, 3, has a black eye and says daddy did it.",
    ],
)
def test_abuse_told_in_a_childs_or_text_speak_words(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Baby found dead in the parents' bed; the father had been drinking.",
        "The infant died while co-sleeping with her mother, who had been drinking all evening.",
    ],
)
def test_a_carer_drinking_when_a_baby_dies_is_suspected_neglect(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert advise(facts, board).outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "urgent - baby 8wks, bruise on ear, in a&e now. HV saw the bruise last wk n did nothing.",
        "I told the health visitor in the summer I was worried and nothing happened.",
        "The school raised it with the GP and nothing came of it.",
    ],
)
def test_a_professional_doing_nothing_is_a_working_together_concern(text):
    assert extract_facts(text).value("interagency_concern") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "In the whole time we knew him there was never a report or any hint of neglect or abuse.",
        "The GP holds no record or history suggesting that he was neglected or abused.",
        "Nothing in the school, health or police files points to Kacey having been abused.",
        "Neither the ward nor the council has any record indicating she was neglected.",
        "Nothing the nursery or the health visitor ever saw suggests that Mo was abused or "
        "neglected.",
    ],
)
def test_a_denial_reaches_a_cue_far_after_it(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


@pytest.mark.parametrize(
    "text",
    [
        "A boy of 12 died of a brain haemorrhage at home. Nothing about his home life ever "
        "caused the school any concern.",
        "Girl aged 5 died of sepsis after a short illness. Nobody involved has had any worry "
        "about how she was cared for.",
        "A 9-year-old was killed by a falling tree in a storm. The police found nothing to "
        "indicate any care issue at home.",
        "Boy, 14, died in a cycling accident. The joint agency response identified no "
        "safeguarding issues of any kind.",
        "A 6 year old girl drowned on holiday. The coroner's officer is satisfied that it was "
        "a tragic accident.",
        # the writer's own worry about anything, and "I do not believe there is any concern"
        "Poppy, 3, passed peacefully at the hospice last night. I'm not worried about "
        "anything at home AT ALL.",
        "Harvey, 10, died at the hospice after leukaemia. I do not believe there is any "
        "concern of any kind, but I would rather ask than assume.",
    ],
)
def test_a_denial_of_any_worry_about_care_answers_abuse(text, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "false"
    assert "abuse_or_neglect" not in advise(facts, board).ask_about


@pytest.mark.parametrize(
    "text",
    [
        "A baby died in her sleep. No worries.",
        "Boy of 4 died. No previous concerns known to the school.",
        "A girl of 8 died at home. There were no concerns about her mother's drinking.",
        "Boy, 6, died in hospital. No concerns.",
        "Mia, 6, has a broken arm. The school did not believe her, but the paediatrician "
        "found old fractures.",
        # another's disbelief, or a worry about something else
        "Harvey, 10, died at the hospice. Mum does not believe there is any concern.",
        "Sam (9) died in hospital. I have no concerns about anything to do with his asthma.",
    ],
)
def test_a_bare_or_historic_no_concerns_does_not_answer_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") != "false"


@pytest.mark.parametrize(
    "text,fact",
    [
        ("Jo (15) collapsed in the police cells and died.", "died_in_custody"),
        (
            "Our son, 16, was on the ward under a section and died last week.",
            "mental_health_act_detention",
        ),
    ],
)
def test_custody_and_detention_in_plain_words(text, fact):
    assert extract_facts(text).value(fact) == "true"


@pytest.mark.parametrize(
    "text",
    [
        "The ambulance crew could not bring her back.",
        "We lost him on Friday; he was only 3.",
        "The doctors were unable to save him.",
    ],
)
def test_a_death_told_by_what_could_not_be_done(text):
    assert extract_facts(text).value("died") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Baby Ali, 3 months, has a skull fracture; the doctors say somebody did this to him.",
        "Girl, 2, with scalds to both feet; the pattern fits her being held in hot water.",
        "Boy of 1 with rib fractures, consistent with him being squeezed hard.",
    ],
)
def test_harm_said_to_be_done_by_someone_is_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


def test_a_charge_in_the_childs_own_custody_is_not_abuse_but_a_fathers_is():
    own = "Child K, 15, was remanded to a YOI after being charged with robbery. He died there."
    assert extract_facts(own).value("abuse_or_neglect") != "true"
    father = "Her father was remanded after being charged with assault on her."
    assert extract_facts(father).value("abuse_or_neglect") == "true"


def test_someone_elses_arrest_or_a_seat_belt_hints_at_no_custody(board):
    text = (
        "Boy aged 9 killed in a collision, correctly restrained in a booster seat. The van "
        "driver was arrested. Nothing to indicate any care issue at home."
    )
    advice = advise(extract_facts(text), board)
    assert advice.outcome == "threshold_not_met"
    assert not advice.ask_about


def test_a_name_and_age_in_brackets_is_the_childs_age():
    assert extract_facts("Riley (16) and Jess (12) live with their gran.")["age"].detail == "16"
    assert extract_facts("Mum (24) and the baby.")["age"].detail != "24"


@pytest.mark.parametrize(
    "text",
    [
        "Toddler with bruises to the face, seen at the walk-in centre. Ellis is eating well now.",
        "Saw Priya (4) with her dad today; a small scratch on her arm.",
    ],
)
def test_a_child_doing_something_now_has_not_died(text):
    assert extract_facts(text).value("died") == "false"


def test_a_minor_injuries_unit_names_a_place_not_a_severity():
    text = (
        "Ben (2) was taken to the minor injuries unit with a swollen head; no one has seen "
        "him since."
    )
    assert extract_facts(text).value("seriously_harmed") != "false"


def test_a_red_teams_short_denials_and_denials_of_anything():
    """100 notes against denials (a short line that says someone looked, which is still
    asked about; a worry about anything; "I do not believe there is any concern"): 70 where
    abuse or neglect is suspected beside such words, 30 where nobody suspects it. Three of
    the 70 are still read as denied, all by older rules: "'no concerns noted' last spring"
    beside bruises, "No concerns noted in relation to the father", and "No concerns raised?
    Really?"; the new readings added none (two were found and mended: a party's quoted "no
    concerns about anything")."""
    rows = [
        json.loads(line)
        for line in (DATA / "denials_short_and_of_anything.jsonl").open(encoding="utf-8")
    ]
    assert len(rows) == 100
    read = [(row["abuse"], extract_facts(row["text"]).value("abuse_or_neglect")) for row in rows]
    assert read.count((True, "false")) <= 3
    assert read.count((False, "false")) >= 15
    assert read.count((False, "true")) <= 4
