"""Reading rules of the eighth round: harm told by what someone did rather than by its name
(an arrest, a child thrown, a burn with the shape of what made it, images used to extort,
children taken to hotels, a carer asleep on drink or drugs, force a professional may not
use, the bleeds of an inflicted head injury), harm said plainly not to have come, a liberty
deprived by its order's own words, a child's name joined to a brother or sister, and ages as
forms give them. The sentences are written for these tests, not copied from any evaluation
file; each asserts what a lead would see."""

from __future__ import annotations

import pytest

from panelclerk.nlp.ages import age_read, extract_age
from panelclerk.nlp.facts import extract_facts
from panelclerk.workflow.criteria import advise

from .nlp_support import advised as _advice
from .nlp_support import lines


# An arrest or a charge of a carer, with or without "has been".
@pytest.mark.parametrize(
    "text",
    [
        "Baby Rosie (4 months) was admitted with a fractured femur. Mum's boyfriend arrested.",
        "Kai (3) has a fractured skull and is on the neuro ward. Police have charged the "
        "stepfather.",
    ],
)
def test_a_carer_arrested_or_charged_is_suspected_abuse(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


def test_a_parents_arrest_for_something_else_is_not_abuse_of_the_child():
    facts = extract_facts(
        "Toby (9) broke his arm falling off his bike. His father was arrested for burglary "
        "last year."
    )
    assert facts.value("abuse_or_neglect") != "true"


# What was done, told of the one who did it.
@pytest.mark.parametrize(
    "text",
    [
        "Her partner threw Mason against the radiator when he would not stop crying.",
        "A burn the shape of an iron was found on Lily's back at school.",
        "She said the older boys burnt her with a cigarette when she tried to leave.",
        "Staff at the unit used a prohibited restraint hold on Jay (15) for twenty minutes.",
        "Shannon, 17 - partner (22) kicked her in the stomach and stamped on her face.",
    ],
)
def test_harm_told_by_what_someone_did_is_suspected_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


# Sexual extortion is child sexual abuse: with a suicide, a review is required.
@pytest.mark.parametrize(
    "text",
    [
        "Ollie (15) took his own life on Sunday. Someone he met online had photos of him and "
        "threatened to share them with his whole school unless he paid.",
        "Ollie (15) took his own life on Sunday. A man online was threatening to send his "
        "naked pictures to his family.",
    ],
)
def test_images_used_to_extort_a_child_are_abuse(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


def test_taken_to_hotels_with_men_is_exploitation():
    facts = extract_facts(
        "Demi (14) has been going to hotels with men she met through a friend; they give her "
        "vodka and cash."
    )
    assert facts.value("abuse_or_neglect") == "true"


def test_a_carer_asleep_on_drink_with_a_baby_who_died_is_suspected_neglect(board):
    facts, advice = _advice(
        "Baby Theo (6 weeks) died on Saturday. Dad had been drinking and fell asleep on the "
        "sofa with Theo on his chest.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


# The bleeds clinicians read as an inflicted head injury, in lay words too; not after a crash.
def test_a_young_childs_brain_and_eye_bleeds_are_suspected_abuse(board):
    facts, advice = _advice(
        "Leo (7 weeks) is on PICU. The scan shows bleeding on the brain, and the eye doctor "
        "found bleeding behind both eyes.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert any("brain" in quote for quote in facts["abuse_or_neglect"].evidence)
    assert advice.outcome == "scr_required"


def test_the_same_bleeds_after_a_crash_are_not_read_as_abuse():
    facts = extract_facts(
        "Max (3) has a subdural haematoma and broken ribs after the car crash on the A14."
    )
    assert facts.value("abuse_or_neglect") != "true"


def test_a_large_burn_said_plainly_is_serious_harm():
    facts = extract_facts("Chloe (13) has a massive burn on her arm from the barbecue.")
    assert facts.value("seriously_harmed") == "true"


def test_no_ill_effects_is_no_serious_harm(board):
    facts, advice = _advice(
        "Oscar (3) swallowed two of his grandad's tablets. He was watched in A&E for six "
        "hours with no ill effects and went home. The family are known to us and we have no "
        "concerns at all about his care.",
        board,
    )
    assert facts.value("seriously_harmed") == "false"
    assert advice.outcome == "threshold_not_met"


def test_an_order_depriving_a_seventeen_year_old_of_her_liberty(board):
    facts, advice = _advice(
        "Grace (17) died at her placement, where a court order authorised the deprivation of "
        "her liberty. Staff did all they could and no one has any concern about her care.",
        board,
    )
    assert facts.value("deprivation_of_liberty_16_17") == "true"
    assert advice.outcome == "scr_expected"


# "Maisie and her brother were alone": the child is in it, not only the brother.
def test_a_child_named_with_a_brother_shares_what_follows(board):
    facts, advice = _advice(
        "Pupil: Maisie, 11 (Y6). Maisie and her brother (6) were found alone in the flat with "
        "no food and no heating. Maisie was admitted with severe malnutrition.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert facts.value("seriously_harmed") == "true"
    assert advice.outcome == "scr_required"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Pupil: Jordan, 12 (Y7). Attendance 40%.", 12),
        ("Y10 pupil (male, 14) disclosed to his tutor", 14),
        ("Amira (18, DOB checked) asked to see the nurse", 18),
    ],
)
def test_ages_as_forms_give_them(text, age):
    assert extract_age(text) == age


def test_an_adults_age_given_with_a_sex_is_not_the_childs():
    text = "Nursery practitioner (F, 24) seen on CCTV shaking a 9-month-old boy."
    read = age_read(text)
    assert read is not None and read[0] == 9


# Round eight, second part: from blind set 6, used after it was measured.
def test_a_sentence_naming_the_child_does_not_start_someone_elses_story(board):
    facts, advice = _advice(
        "Detained: Ryan P, 29, on suspicion of the murder of his girlfriend's daughter Isla "
        "(3), who died at the hospital. The post-mortem found bruises of differing ages.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


def test_a_writer_who_will_not_say_either_way_is_asked(board):
    facts, advice = _advice(
        "I have just heard that Lucy (9) from our road has died. I'm not saying anybody hurt "
        "her, I just don't know what happened.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "unknown"
    assert advice.outcome == "more_information_needed"
    assert "abuse_or_neglect" in advice.ask_about


@pytest.mark.parametrize(
    "text",
    [
        "Clinic note: 14F. Disclosed sex with men from the estate in exchange for cigarettes "
        "and cash.",
        "She told the nurse she had been 'passed round' at a party in a flat in town.",
        "She says she was passed around between his mates at the flat.",
        "Her older brother told the tutor that their stepdad 'batters' Jordan most nights.",
    ],
)
def test_exploitation_and_beatings_in_the_tellers_own_words(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("SH clinic note: 15F attended for EC.", 15),
        ("Custody record. DP: Ross K, DOB 02/05/2008 (16). Arrested 22:10.", 16),
    ],
)
def test_ages_in_clinic_and_custody_shorthand(text, age):
    assert extract_age(text) == age


def test_a_nineteen_year_old_in_clinic_shorthand_is_read_as_nineteen(board):
    facts, advice = _advice(
        "SH note: 19M attended after a sexual assault at a party. Police aware.", board
    )
    assert facts["age"].detail == "19"
    assert advice.ask_about == ("adult",)
    adult = advise(facts.with_answer("adult", "true", "yes"), board)
    assert adult.outcome == "threshold_not_met"


# A detained child brought in "in cardiac arrest": the death decides, so it is read or asked.
def test_a_death_recorded_by_the_time_it_was_pronounced(board):
    facts, advice = _advice(
        "16F detained under s3 MHA on the adolescent unit, brought in in cardiac arrest, "
        "ROSC not achieved, pronounced 04:40. No concerns re abuse or neglect from anyone.",
        board,
    )
    assert facts.value("died") == "true"
    assert advice.outcome == "scr_expected"


def test_a_detained_child_not_said_to_have_died_is_asked_whether_they_did(board):
    facts, advice = _advice(
        "Keira (16), detained under section 3 of the Mental Health Act, was brought to A&E from "
        "the unit in cardiac arrest. No concerns of abuse or neglect from the unit or family.",
        board,
    )
    assert facts.value("mental_health_act_detention") == "true"
    assert facts.value("died") == "unknown"
    assert advice.outcome == "more_information_needed"
    assert "died" in advice.ask_about


# Round eight, third part.
@pytest.mark.parametrize(
    "text",
    [
        "Accident book. Alfie (4) tripped in the playground, small cut to his knee, cleaned and "
        "a plaster on. Happy and playing after. No worries at all about his care at home.",
        "Welfare note: Sam (10) got a bloody nose in a tackle on Saturday, fine at training on "
        "Tuesday. Nobody has any concern about how he is looked after.",
        "Ruby (9) sprained her ankle at the trampoline park, A&E same day. Her parents are very "
        "attentive and there are no concerns about her care.",
    ],
)
def test_an_injury_small_by_its_nature_is_no_serious_harm(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("seriously_harmed") == "false"
    assert advice.outcome == "threshold_not_met"


def test_a_small_bruise_is_not_read_as_no_harm():
    facts = extract_facts("Baby Noor (5 months) has a small bruise on her cheek.")
    assert facts.value("seriously_harmed") != "false"


@pytest.mark.parametrize(
    "text",
    [
        "Neighbours say the baby (4 months) died on Friday. Her mum goes out most nights and "
        "leaves her.",
        "The boy next door, Kian (2), keeps being left out in the garden in just a nappy in "
        "the cold.",
        "During restraint the officer used a prohibited nose-distraction technique on Aaron (14).",
    ],
)
def test_neglect_and_force_told_by_what_was_done(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


def test_a_child_left_with_a_relative_is_not_left_alone():
    facts = extract_facts("Mum goes out to work at six and leaves him with his nan, who is 60.")
    assert facts.value("abuse_or_neglect") != "true"


# Round eight, fourth part: from blind set 7, used after it was measured.
@pytest.mark.parametrize(
    "text",
    [
        "Baby R (aged 4 mths) has an acute-on-chronic SDH and posterior rib #s. No hx of "
        "trauma offered.",
        "Ivy (aged 3 mths): bilateral subdural and retinal haemorrhages. Neither parent offers "
        "an explanation.",
    ],
)
def test_a_clinicians_shorthand_for_an_inflicted_head_injury(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Jude (16) says he owes older lads money and is being made to hold stuff for them.",
        "Ava (11) was found very thin with sores; nobody had fed her properly for weeks.",
        "He told me his stepdad locks him out all night and doesn't feed him.",
        "The consultant says the fractures are from being hit at home, not from gymnastics.",
        "The burns unit say it looks like she was held in hot water.",
        "Her dad 'hits her when he's drunk', she told the school nurse.",
        "Mum told police she had gone out till 4am and left him propped up with a bottle.",
    ],
)
def test_abuse_and_neglect_told_by_what_happened(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


def test_hung_himself_is_a_suicide():
    facts = extract_facts("They are saying Marcus (13) hung himself on Sunday.")
    assert facts.value("suicide_suspected") == "true"
    assert facts.value("died") == "true"


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Re J (aged 9 mths), care proceedings", 9),
        ("a baby aged 6 wks was brought in", 1),
        ("Ollie, turned 18 last month, was beaten up", 216),
    ],
)
def test_ages_in_short_units_and_birthdays(text, months):
    read = age_read(text)
    assert read is not None and read[0] == months


def test_a_page_turned_three_times_is_no_age():
    assert age_read("The page turned 3 times in the wind.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Ben (7) is struggling from being held back a year at school.",
        "It looks like he was held up in traffic on the way to the appointment.",
    ],
)
def test_held_back_or_held_up_is_no_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


def test_a_toddler_aged_in_short_months_is_not_read_as_an_adult(board):
    facts, advice = _advice(
        "Toddler (aged 19 mths) died at home; the post-mortem found fractures of different "
        "ages and police have arrested the mother's partner.",
        board,
    )
    assert facts["age"].detail == "1"
    assert advice.outcome == "scr_required"


def test_an_adults_age_beside_a_baby_is_not_taken_for_the_childs(board):
    facts, advice = _advice(
        "The childminder, aged 23, was seen shaking the baby; she is on PICU with bleeding on "
        "the brain.",
        board,
    )
    assert facts["age"].detail != "23"
    assert advice.outcome == "scr_required"


# Round eight, fifth part: from blind set 8, used after it was measured.
@pytest.mark.parametrize(
    "text",
    [
        "Keeley (15) has been sofa surfing and swapping sex for a bed with older men.",
        "Tia (14) was found unconscious after being given vodka and pills by men in their "
        "twenties.",
        "Kyle (12) keeps turning up with bruises he won't explain.",
        "Mason (6) told the nurse 'Daz threw me down the stairs'.",
    ],
)
def test_exploitation_and_injury_told_plainly(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Mum and the two children arrived at the refuge tonight. Both children are physically "
        "fine, no injuries, and dad never laid hands on them.",
        "Nothing's actually happened to him, he has not been hurt, he just seems tired.",
    ],
)
def test_a_child_said_to_be_unhurt_is_not_seriously_harmed(text):
    assert extract_facts(text).value("seriously_harmed") == "false"


# Round eight, sixth part: whose age, whose harm.
@pytest.mark.parametrize(
    ("text", "age"),
    [
        (
            "Family history: older brother Callum (now 20) was abused by mum's ex in 2012. "
            "Current request: Jess (15) broke her ankle at netball.",
            15,
        ),
        (
            "Her mother's older son (now 19) was abused years ago. This is about Evie, 10, who "
            "is well.",
            10,
        ),
    ],
)
def test_a_brother_named_before_his_age_is_not_the_child(text, age):
    assert extract_age(text) == age


def test_violence_done_to_the_child_by_name_is_suspected_abuse(board):
    facts, advice = _advice(
        "Referral re Aaron (11). His mother's ex-partner tracked the family down and stabbed "
        "Aaron in the chest; he needed emergency surgery and was in ICU.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


def test_a_car_that_hit_the_child_by_name_is_no_abuse():
    facts = extract_facts("Leo (8) was crossing the road when a van hit Leo at speed.")
    assert facts.value("abuse_or_neglect") != "true"


def test_a_child_fine_beside_a_sister_is_fine_too():
    facts = extract_facts(
        "Mum and two children arrived at the refuge tonight. Jayden (7) and his little sister "
        "are physically fine."
    )
    assert facts.value("seriously_harmed") == "false"


# What the patterns of this round must not read as abuse or neglect.
@pytest.mark.parametrize(
    "text",
    [
        "The sweets were passed round the class at Noah's party.",
        "She was given antibiotics by a GP for her chest infection.",
        "Her mum comes into her room at night to check she is asleep.",
        "Kai (12) was left out of the squad for the Saturday night match.",
        "Ben (9) has a head injury from being hit by a car on the crossing.",
        "The children don't feed the ducks at the park any more.",
        "Leo (10) beat Aaron at chess in the school tournament.",
        "Aaron (10) shook Leo's hand after the match.",
        "Her brother said he was hit by their dad years ago.",
        # from a red-team's look at this round's patterns
        "Dad swung him onto his shoulders so he could see the parade.",
        "The drama teacher threw her into the lead role at short notice.",
        "Her birthday cake was made in the shape of a shoe.",
        "Dad sealed the frayed end of the rope, he did it with a lighter.",
        "He took loads of photos at sports day and is threatening to share them on WhatsApp.",
        "Jack was drinking his milk and fell asleep in the pushchair.",
        "He was disqualified from the judo tournament for using a banned hold.",
        "In biology they learned that clownfish can swap sex for breeding purposes.",
        "The children were given gifts by a man dressed as Father Christmas.",
        "The X-ray showed a fracture which would explain why he was limping.",
        "In sex education, pupils got stickers in exchange for correct answers.",
        "The new baby was passed round at the party and everyone had a cuddle.",
        "Mum went out to work and left the kids' breakfast on the table.",
        "The school's IT system locked him out of his account.",
        "On work experience at the Post Office he was told to deliver parcels.",
        "She's nil by mouth before surgery so we haven't fed her since midnight.",
        "He has a bruise from being hit in the face with a cricket ball at nets.",
        "It looks like he was hit in the eye by a tennis ball at PE.",
        "He goes to hotels with his dad for the swimming galas.",
        "Her brother beat Jack at chess in the school tournament.",
        "Neither parent had an explanation for the rash, which was chickenpox.",
        "Police arrested the man who stole the charity box from the school office.",
        "Ollie, 4, fell off a climbing frame; CT showed a brain bleed and bleeding in the eyes.",
        "Toddler aged 2 with leukaemia has brain bleeds and retinal haemorrhages.",
        "Oliver, 10, won the race and the mayor shook Oliver by the hand.",
        # and an older pattern's: a carer, a verb of harm, and what was not a child
        "Mum hurt her back lifting the shopping.",
        "Mum burnt her hand on the iron while ironing.",
        "Dad hit the brakes when the cat ran out.",
        "Her brother kicked the ball over the fence.",
        "The babysitter hit the jackpot on the lottery last week.",
        # and older cues in their everyday senses ("shaken but unhurt", "left alone to get on
        # with her homework" and "I'm starved" stay read as abuse: a red team told real abuse
        # in the same words)
        "Year 8 had a talk about grooming and online safety from the police.",
        "She has a Saturday job at a dog grooming salon.",
        "The farmer's field of oilseed rape is in flower.",
        "The physio is working on his shoulder abduction after the operation.",
        "Cubs did the assault course at camp.",
        "The hailstorm inflicted damage on the greenhouse.",
        "Our under-11s were beaten 4-1 at home.",
        "After being beaten in the cup final the squad went for a curry.",
        "The caretaker locked up the hall after the disco.",
        "He tied up the gazebo in the corner of the playground.",
        "The two sides were locked in a tight game until the final whistle.",
        "Grandad was arrested at a peace protest in 1983.",
        "Her uncle was charged £80 for parking at the hospital.",
        "Dad was cautioned by police for driving without insurance.",
        "Mum's partner was convicted of fraud before they met.",
        "The lodger was sentenced in 2001 for tax evasion.",
        "The rescue dog had been neglected by its first owners.",
        "The allotment looked very neglected after the summer.",
        "In history they studied the exploitation of workers in the mills.",
    ],
)
def test_everyday_words_are_not_read_as_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


@pytest.mark.parametrize(
    "text",
    [
        "Taxi hit by a car that ran a red; the girl (12) broke her pelvis. Driver shaken but ok.",
        "Wing mirror clipped a boy (10) on the arm, bruise only. I'm ok but shaken.",
        "Girl (5) went under, reach rescue, then fine. Dad was beside her at once, very shaken.",
        "Aimee, 15, detained on a section 3, was found dead in her room. Staff very shaken.",
        "Crew shaken, debrief 0900. The boy (9) was cut on the glass and needed two stitches.",
    ],
)
def test_a_witness_shaken_by_what_they_saw_is_no_blow_to_the_child(text):
    """Read as a shaken baby, each of these was "SCR required" for a road accident or a
    death in detention."""
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") != "true"
    assert "shaken" not in " ".join(facts["seriously_harmed"].evidence)


@pytest.mark.parametrize(
    "text",
    [
        "The baby had been clearly shaken, the consultant says.",
        "Tia (3 months) was shaken up by dad and now has seizures.",
        "Mum says her partner shook Tia and she was really shaken afterwards and floppy.",
        "Dad admitted he had shaken her. She is ventilated.",
    ],
)
def test_a_shaken_child_is_still_read_as_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


# From a second read of the change: what must not clear a harmed child.
def test_doctors_content_with_day_to_day_care_do_not_answer_about_an_injury(board):
    _facts, advice = _advice(
        "Lily, 3, has been admitted with a brain injury. Her doctors are all very happy with "
        "how the family care for her, but the school is worried about bruises.",
        board,
    )
    assert advice.outcome != "threshold_not_met"


def test_a_sisters_lack_of_harm_is_not_the_childs(board):
    facts, advice = _advice(
        "Leo, 7, was beaten by his stepdad. His sister, who was also there, suffered no ill "
        "effects.",
        board,
    )
    assert facts.value("seriously_harmed") != "false"
    assert advice.outcome != "threshold_not_met"


def test_a_doubt_about_lasting_damage_is_no_denial_of_harm():
    facts = extract_facts(
        "Ben (4) has a fractured skull. We cannot be sure there will be no lasting damage."
    )
    assert facts.value("seriously_harmed") != "false"


def test_pronounced_and_a_number_is_a_death_only_as_a_time():
    facts = extract_facts("The rash was more pronounced 100 minutes later; Maya, 6, is well.")
    assert facts.value("died") != "true"


def test_a_suicide_is_still_a_death():
    assert extract_facts("Sam (15) took his own life last night.").value("died") == "true"


def test_a_bleed_named_past_the_length_read_does_not_fail():
    facts = extract_facts("Baby Ava (3 months) was admitted. " + "a " * 60000 + "subdural")
    assert facts.value("abuse_or_neglect") != "true"


# Intensive care by its adult name, and a ventilator: a child alive and in danger of their life.
@pytest.mark.parametrize(
    "text",
    ["Amir is on the ITU, sedated.", "She's on a ventilator at the hospital tonight."],
)
def test_intensive_care_as_adult_units_name_it_is_serious_harm_to_a_living_child(text):
    facts = extract_facts(text)
    assert (facts.value("seriously_harmed"), facts.value("died")) == ("true", "false")


@pytest.mark.parametrize(
    "text", ["He's been kept in overnight, no word yet.", "Ria is on the paeds ward."]
)
def test_a_child_kept_in_or_on_a_childrens_ward_is_alive(text):
    assert extract_facts(text).value("died") == "false"


# From the ninth blind set, each in our own words.
@pytest.mark.parametrize(
    "text",
    [
        "She told her teacher that mum's boyfriend has been coming into her room at night.",
        "Her uncle kept coming into her bedroom in the night while he was staying with them.",
    ],
)
def test_a_man_of_the_household_coming_into_her_room_at_night_is_sexual_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Her dad came into her room to say goodnight.",
        "Mum has been coming into her room at night to settle her since the nightmares began.",
    ],
)
def test_a_parent_coming_into_her_room_to_care_for_her_is_no_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") == "unknown"


def test_weeks_without_his_medication_at_home_is_neglect_of_his_care():
    facts = extract_facts("Clinic say Ryan (8) went weeks without his insulin at home.")
    assert facts.value("abuse_or_neglect") == "true"


def test_a_case_notified_as_a_serious_child_safeguarding_case_is_abuse_suspected():
    facts = extract_facts(
        "Ava (2) died on Friday; the council has notified it as a serious child safeguarding case."
    )
    assert facts.value("abuse_or_neglect") == "true"


def test_a_denial_held_for_now_still_denies():
    facts = extract_facts(
        "Kyle (16) died in the cell overnight. There is no suggestion at this stage that he "
        "was mistreated or neglected."
    )
    assert facts.value("abuse_or_neglect") == "false"


def test_the_child_stabbed_beside_his_mother_is_abused():
    facts = extract_facts(
        "Her ex broke in and stabbed K and her son Leon (10); Leon is in intensive care."
    )
    assert facts.value("abuse_or_neglect") == "true"


def test_children_safe_at_a_refuge_are_alive():
    assert extract_facts("The two girls are now safe at the refuge.").value("died") == "false"


def test_a_name_with_an_age_and_more_in_brackets():
    assert extract_age("Mia (15, in Year 10) was found unconscious.") == 15


# The narrowed cues still read the harm they were written for.
@pytest.mark.parametrize(
    "text",
    [
        "Her stepdad locked her in the cupboard under the stairs for hours.",
        "Noah (4) was found tied to a chair in the kitchen.",
        "Mum's partner tied him up with cable ties.",
        "He had been kept locked in his bedroom for days.",
        "Mum's boyfriend was arrested after Kai (2) died with head injuries.",
        "Her father has been charged with ill-treatment of a child.",
        "The childminder was arrested on suspicion of causing grievous bodily harm to Lily.",
        "Police say Ruby (6) had been beaten with a belt.",
        "Ella (14) was groomed online by a man who then raped her.",
        "The baby was shaken, the consultant says: retinal bleeds and a subdural.",
        "Dad admits the baby was badly shaken when she would not stop crying.",
        # from a red team's look at the narrowing
        "Her stepfather was arrested for punching Kian (6) in the face.",
        "Mum's partner was arrested on Saturday after Isla (2) was found covered in bruises.",
        "The boyfriend has been charged over the baby's injuries.",
        "Dad was cautioned for smacking Ruby (4) with a wooden spoon.",
        "The childminder was arrested for force-feeding two of the toddlers.",
        "Mum's ex was arrested in 2025 after Theo (1) was found with a fractured femur.",
        "Dylan says he gets beaten 3-4 times a week with a cable.",
        "The baby was shaken but there are no fractures on the skeletal survey.",
        "Toddler (2) was left alone to sleep in the flat while mum went out drinking.",
        "All three children found in the house were badly neglected.",
        "Police found the girl locked in a dog kennel in the yard.",
        "Stepdad locked Reece (9) out of the house all night.",
        "Mum shuts him in the cupboard under the stairs when he wets himself.",
        "Grace (5) was found tied to the radiator with a scarf.",
        "He tied her hands behind her back with cable ties.",
        "The kids were locked in the back bedroom every night.",
        "Police recovered a video of the abuse from his phone.",
        "In the session she disclosed the abuse by her uncle.",
    ],
)
def test_the_narrowed_cues_still_read_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


# From the tenth blind set, each in our own words.
@pytest.mark.parametrize(
    "text",
    [
        "His stepdad held his feet in hot water as a punishment.",
        "Staff saw her eating out of the bin at break most days.",
        "Mum had not given her insulin for three days.",
        "Older boys were making him carry 'packages' to the coast.",
        "He says he was made to carry by the olders in Leeds.",
        "Jaden (3) died at home; they have arrested his mum and her boyfriend.",
    ],
)
def test_harm_told_by_what_was_done_from_the_tenth_set(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


def test_a_death_found_on_a_custody_rousing_check_is_a_death_in_custody():
    facts = extract_facts(
        "DP 16y. Found unresponsive on the 03:00 rousing check, CPR by custody staff, "
        "pronounced 03:41."
    )
    assert (facts.value("died"), facts.value("died_in_custody")) == ("true", "true")


def test_an_age_turned_in_the_month_named_is_an_age():
    assert extract_age("She had turned 18 in the June before she died.") == 18


def test_a_name_who_was_an_age_without_a_comma():
    assert extract_age("I am the aunt of Tia who was 15.") == 15


def test_a_grandmothers_son_who_is_the_dad_does_not_make_the_child_a_boy():
    facts = extract_facts(
        "I am the grandmother of Molly who was 15. She was remanded to a secure children's "
        "home and on Sunday she took her own life there. My son is her dad."
    )
    assert facts.value("died") == "true"


def test_abuse_told_in_words_with_everyday_senses_is_read():
    """A red team's 91 descriptions of real abuse in the words the everyday vetoes touch."""
    cases = lines("abuse_in_everyday_words.txt")
    assert len(cases) == 91
    missed = [t for t in cases if extract_facts(t).value("abuse_or_neglect") != "true"]
    assert missed == []


def test_everyday_sentences_are_seldom_read_as_abuse():
    """A red team's 177 everyday sentences: 8 are still read as abuse, where no word beside
    the cue tells its senses apart ("shaken but unhurt", "left alone to get on with her
    homework", a stage fight). The figure may fall, never rise."""
    cases = lines("everyday_words.txt")
    assert len(cases) == 177
    read = [t for t in cases if extract_facts(t).value("abuse_or_neglect") == "true"]
    assert len(read) <= 8, read


# From a second read of the change, each in our own words.
@pytest.mark.parametrize(
    "text",
    [
        "Leo (3) died at home. The children were locked in",
        "Police found Ruby tied up in the garage.",
        "Her stepdad has been charged with offences against her.",
        "Dad was charged with ill-treating him.",
        "He told a friend he was beaten 2-3 days a week.",
        "Mia (5) died in a fire. The flat was neglected.",
        "After a PSHE lesson about sexual abuse she told her teacher it was happening to her.",
        "Her stepfather had been coming into her room at night and she is scared of him.",
        "Her uncle had been coming into her room at night",
        "The local authority has notified the Panel as a serious child safeguarding case.",
    ],
)
def test_what_the_second_read_found_is_read_as_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Do I need to notify this as a serious child safeguarding case?",
        "We are considering notifying it as a serious child safeguarding case.",
        "His father was arrested for possession of Class A drugs.",
        "Mum was cautioned for shoplifting in Morrisons.",
        "Her uncle was arrested for attempted burglary last year.",
        "They arrested his dad for drink driving on the way home.",
        "Police arrested her ex outside the pub for a public order offence.",
    ],
)
def test_what_the_second_read_found_is_not_read_as_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


# From the eleventh blind set, each in our own words.
@pytest.mark.parametrize(
    "text",
    [
        "Officers are investigating whether he was neglected by his parents.",
        "Her stepdad put her in the hot bath as a punishment.",
        "Dad held his hands in hot water. He now has full thickness burns on both hands.",
        "Dad struck him across the head with a belt buckle.",
        "Police have taken mum's partner in after Ruby (4) was found with a fractured arm.",
        "She said the man who coached her had been 'doing stuff' to her.",
        "He was making her send pics every night.",
        "Men in their thirties who gave her drink had sex with her at the flat.",
    ],
)
def test_abuse_told_from_the_eleventh_set(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Mum put her in a hot bath to warm her up after the swim.",
        "Her aunt was doing things to her hair for the wedding.",
    ],
)
def test_care_in_the_same_words_is_not_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


def test_sight_lost_is_serious_harm():
    facts = extract_facts("The optometrist fears the visual loss in his right eye is permanent.")
    assert facts.value("seriously_harmed") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "A small corneal abrasion from a fingernail, reviewed in 48 hours.",
        "A 1cm cut on her chin, glued at A&E.",
    ],
)
def test_small_injuries_by_their_nature_are_no_serious_harm(text):
    assert extract_facts(text).value("seriously_harmed") == "false"


def test_not_able_to_establish_whether_is_no_suspicion():
    facts = extract_facts(
        "His son (17) died last week. I could not establish whether he was in custody."
    )
    assert facts.value("died_in_custody") != "true"


def test_a_safeguarding_referral_not_made_is_no_answer_about_abuse(board):
    """An agency's failure to refer denies nothing: a dental practice's note of a child in
    care with sepsis from neglected teeth had been answered "not met" on it."""
    facts, advice = _advice(
        "Child of 7 in foster care, admitted last month with sepsis from a dental abscess. "
        "Five missed appointments at our practice, letters sent, no safeguarding referral "
        "made. School and the health visitor each had concerns and nobody shared them.",
        board,
    )
    assert facts.value("abuse_or_neglect") != "false"
    assert advice.outcome != "threshold_not_met"


# From a second read of the eleventh set's rules, each in our own words.
@pytest.mark.parametrize(
    "text",
    [
        "The post-mortem found abrasions to her face. Mum's partner has been arrested.",
        "Kian (1) has abrasions on his cheek; dad shook him and he is now blind in one eye.",
        "Dad held his hands under hot water. Alfie (3) needs surgery to both hands.",
    ],
)
def test_abrasions_alone_clear_no_one_and_hot_water_still_harms(text):
    facts = extract_facts(text)
    assert facts.value("seriously_harmed") != "false"
    assert facts.value("abuse_or_neglect") != "false"


@pytest.mark.parametrize(
    "text",
    [
        "Police have taken her boyfriend in for questioning about the burglary.",
        "They took mum's boyfriend in to A&E with chest pains.",
        "The coach was making them take photos of the match.",
        "The nurse was doing stuff to her, changing her dressings.",
    ],
)
def test_everyday_senses_of_the_eleventh_sets_words(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


def test_investigating_whether_he_died_is_still_a_question():
    facts = extract_facts("Police are investigating whether he died as a result of a fall.")
    assert facts.value("died") != "true"


# From a red team's look for dangerous misses, each in our own words.
@pytest.mark.parametrize(
    "text",
    [
        "Baby Ali (3 months) died; mum's partner denies shaking him.",
        "Jade (15) was stabbed; she had been excluded from school and was being exploited.",
        "Nobody at nursery realised how badly Leon was being neglected; he died on Friday.",
        "The coroner ruled that neglect contributed to Isla's death.",
        "Police have not ruled out neglect in the death of Theo (2).",
        "We haven't yet excluded NAI in this 5-month-old with a femoral fracture.",
        "The school did not stop the abuse despite four referrals. Kai (9) died in May.",
        "Nothing was done about the neglect; Amy (4) died of sepsis.",
        "Previous abuse or neglect: none known. Presenting: Mo (1) died after a scald.",
        "Stepdad killed Ruby (4) on Sunday night.",
    ],
)
def test_what_reads_like_a_denial_does_not_deny_the_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") != "false"


@pytest.mark.parametrize(
    "text",
    [
        "The burns were not accidental: she was held in scalding water.",
        "The fractures were not consistent with mum's account of a fall.",
        "Apart from superficial scratches, he can no longer walk after the assault.",
    ],
)
def test_what_reads_like_a_denial_does_not_deny_the_harm(text):
    assert extract_facts(text).value("seriously_harmed") != "false"


@pytest.mark.parametrize(
    "text",
    [
        "I am not aware of any abuse or neglect concerns.",
        "Checks with school: nothing ever recorded re abuse or neglect.",
        "The GP holds no record or history suggesting that he was neglected.",
        "Mum denies any abuse and the paediatrician found no sign of abuse.",
        "None of the professionals involved believe he was abused.",
        "Neglect was not apparent to anyone who saw her.",
        "No concerns: no previous or current abuse or neglect.",
    ],
)
def test_denials_still_deny(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


def test_a_parent_killed_in_front_of_the_child_is_not_the_childs_death():
    facts = extract_facts("Dad killed Mum last night. Mia, 6, saw it and is with her nan.")
    assert facts.value("died") != "true"


# A parent's or a carer's own denial is their account: it neither denies nor
# tells of abuse, so the lead is asked; a professional's denial still answers.
@pytest.mark.parametrize(
    "text",
    [
        "Baby Ella (3 months) is ventilated after a cardiac arrest at home. Her stepmother "
        "denies any maltreatment.",
        "Harley (7) died last week. His mother denies she neglected him.",
        "Toby (2) drowned in the bath. We had been told he was never left alone.",
        "Kian (1) died of a head injury. His father strongly denies abuse.",
    ],
)
def test_a_partys_own_denial_leaves_the_lead_asked(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "unknown"
    assert advice.outcome == "more_information_needed"
    assert "abuse_or_neglect" in advice.ask_about


@pytest.mark.parametrize(
    "text",
    [
        "Kian (1) died of a head injury. The paediatrician denies any abuse took place.",
        "Kian (1) died of a head injury. Police told us there was no neglect.",
        "Kian (1) died. The paediatrician reviewed him. She said there was no sign of neglect.",
        "Kian (1) died of meningitis. The childminder told police there was no neglect.",
        "Kian (1) died of meningitis. His foster carer said there was no neglect.",
        "Kian (1) died. We have been told by the police there is no sign of neglect.",
        "Kian (1) died. The safeguarding partners said there was no neglect.",
    ],
)
def test_a_professionals_denial_or_finding_still_answers(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


@pytest.mark.parametrize(
    "text",
    [
        "Consultant: Ava (2) is unlikely to recover from the abusive head trauma.",
        "Jay (6) did not survive the injuries his stepfather inflicted.",
    ],
)
def test_what_a_child_does_not_recover_from_was_there(text):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true" or facts.value("seriously_harmed") == "true"
    assert "false" not in (facts.value("abuse_or_neglect"), facts.value("seriously_harmed"))


@pytest.mark.parametrize(
    "text",
    [
        "Mia (12) told her teacher her uncle has been raping her. No physical injuries were "
        "found at the examination.",
        "Ellie (14) is physically fine but her stepdad has been sexually abusing her for years.",
    ],
)
def test_an_unhurt_body_does_not_answer_the_harm_of_sexual_abuse(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("seriously_harmed") == "unknown"
    assert advice.outcome != "threshold_not_met"


def test_an_unhurt_body_still_answers_a_fall():
    facts = extract_facts("Zak (9) fell off the climbing frame at school and is physically fine.")
    assert facts.value("seriously_harmed") == "false"


@pytest.mark.parametrize(
    "text",
    [
        "Tommy (5) died after an asthma attack; his inhaler had been hidden from him. The GP "
        "had no concerns about his asthma control at the January review.",
        "Child B (17 months) died of a methadone overdose at home. No concerns had been raised "
        "by the drug service about his parenting.",
        "Baby Zara (11 weeks) died with 14 rib fractures. No history of abuse in the family.",
    ],
)
def test_no_concern_about_something_else_or_before_does_not_answer_not_met(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") != "false"
    assert advice.outcome != "threshold_not_met"


@pytest.mark.parametrize(
    "text",
    [
        "Zak (9) died of meningitis. The GP had no concerns about his care at any point.",
        "Zak (9) died of meningitis. School have no concerns about him or the family.",
    ],
)
def test_no_concern_about_the_child_or_their_care_still_answers(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


def test_a_person_absent_denies_nothing():
    facts = extract_facts("Father absent and mother neglectful; Leo (4) died of dehydration.")
    assert facts.value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "The CT found bleeding inside Rowan's skull; Rowan is 7 months.",
        "Scans showed blood around her brain and haemorrhages in both retinas.",
    ],
)
def test_bleeding_inside_the_head_is_serious_harm(text):
    assert extract_facts(text).value("seriously_harmed") == "true"


def test_a_mothers_partner_is_no_agency():
    facts = extract_facts(
        "Findings: mother's partner deliberately scalded B (3): full thickness burns, grafting."
    )
    assert facts.value("interagency_concern") != "true"
    assert facts.value("abuse_or_neglect") == "true"


# Harm told by what a person did, in words of its own (set 12's round; these sentences are
# written for the tests).
@pytest.mark.parametrize(
    "text",
    [
        "Her stepdad slammed her head into the door frame.",
        "Mum's fella threw boiling water over him in the kitchen.",
        "The surgeon thinks the burns were done on purpose.",
        "Her aunt says the lodger 'did something to her' last night.",
        "Dad had stopped his insulin for a week before he was admitted.",
        "Her mother was completely out of it on heroin upstairs.",
        "She was forced to sleep with older men for cash.",
        "Older lads from the estate were giving her vodka and driving her to houses.",
        "Jude (10) was hit with a hammer by his father.",
        "Kara (8) was held under the water by her father.",
        "Lexi was badly bitten and scratched by her mother.",
        "Jonah (2) has cigarette burns on his arms and back.",
        "Phoebe (13) was sold for sex by her mother's boyfriend.",
    ],
)
def test_what_a_person_did_reads_as_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "He banged his head on the car door getting in.",
        "Grandad threw the water over the barbecue.",
        "The consultant stopped her feeds as part of her end of life plan.",
        "She did the work on purpose to impress her teacher.",
        "Leo did it on purpose to annoy his sister.",
        "Mum had stopped her feeds six hours before the procedure.",
        "Jamie (13) slammed his head against the goal post diving for the ball.",
        "The lifeguard poured water on him to cool him down.",
        "Mum was out of it with flu all weekend.",
        "He was made to sleep with the light on after the film.",
        "Dad said he never meant to hit him with the cricket ball in the nets.",
        "She was hit with the ball by her brother at cricket.",
        "The bike was sold for parts by his dad.",
        "She was injured in the crash, in the car driven by her father.",
    ],
)
def test_everyday_acts_are_not_abuse(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


@pytest.mark.parametrize(
    "text",
    [
        "Jack (10) cut his chin in the playground; first aid put steri strips on and he went "
        "back to class.",
        "Isla (6) needed three stitches after catching her hand on the gate.",
    ],
)
def test_a_small_wound_closed_is_no_serious_harm(text):
    facts = extract_facts(text)
    assert facts.value("seriously_harmed") == "false"
    assert facts.value("died") == "false"


def test_a_burn_told_beside_who_the_child_was_with_is_the_childs():
    facts = extract_facts(
        "Ruby (8) touched the hot tray while cooking with her dad - a small superficial burn."
    )
    assert facts.value("seriously_harmed") == "false"


def test_head_injury_checks_are_no_head_injury():
    facts = extract_facts("Tom (15) took a knock in training. We did the head injury checks.")
    assert facts.value("seriously_harmed") != "true"


def test_a_parents_account_of_the_injury_does_not_settle_it():
    facts = extract_facts(
        "Dad says M (12) was hurt by mum's boyfriend. Mother says he came off his bike and "
        "'it was just a few stitches'."
    )
    assert facts.value("seriously_harmed") == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "Mum's partner, Dean, denies any abuse. Kai (2) is ventilated with a brain injury.",
        "The parents have always denied any abuse. Kai (2) died of a head injury.",
        "Mr Jones denies any abuse. Kai (2) died of a head injury.",
        "His mother told police at interview that she did not think he was being neglected. "
        "Dan (11) died of dehydration.",
    ],
)
def test_a_partys_denial_in_other_shapes_is_still_their_account(text):
    assert extract_facts(text).value("abuse_or_neglect") != "false"


@pytest.mark.parametrize(
    "text",
    [
        "Tyler (3) died from a head injury. Mum's boyfriend told police he never meant to hit "
        "him so hard.",
        "Lily (3) died. Dad said he did not know leaving her alone for three days was neglect.",
        "Ruby (4) was found dead in the flat; neighbours say the children were never fed.",
        "The consultant said there was no question this was neglect. Ava (1) died on Sunday.",
    ],
)
def test_an_admission_or_certainty_is_no_denial(text):
    assert extract_facts(text).value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Ava (6 months) has rib and femur fractures. The consultant found that none of the "
        "fractures fitted the parents' account.",
        "Kai (6) has a fractured skull; the paediatrician found it consistent with his "
        "sister's account of their father throwing him against the wall.",
    ],
)
def test_an_injury_set_against_an_account_is_not_answered_not_met(text, board):
    assert _advice(text, board)[1].outcome != "threshold_not_met"


def test_no_concern_about_how_agencies_worked_says_nothing_of_abuse():
    facts = extract_facts(
        "A 14-year-old was found dead. There are no concerns about how agencies worked together."
    )
    assert facts.value("abuse_or_neglect") == "unknown"


def test_a_partys_denial_is_not_answered_by_an_agencys_earlier_view(board):
    """ "Mum denies neglect": it has been put to her, so "the family worker had no concerns
    about his care" does not answer whether it is suspected (and a toddler who swallowed his
    mother's cocaine is itself suspected neglect)."""
    facts, advice = _advice(
        "Bobby (18 months) swallowed his mum's cocaine and was ventilated in intensive care. "
        "Mum denies neglect. The family worker had no concerns about his care.",
        board,
    )
    assert facts.value("abuse_or_neglect") != "false"
    assert facts.value("seriously_harmed") == "true"
    assert advice.outcome != "threshold_not_met"


@pytest.mark.parametrize(
    "text",
    [
        "Leo (2) has a fracture. The paediatrician does not think it was done on purpose.",
        "Leo (2) has a fracture. Police do not believe the injuries were done on purpose.",
    ],
)
def test_a_doubt_about_intent_answers_nothing(text):
    assert extract_facts(text).value("abuse_or_neglect") == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "Amy (13) was sexually assaulted by her stepfather; her cuts were closed with steri "
        "strips.",
        "Baby Leo (4 months) was thrown against a wall by his father; the cut to his head "
        "needed a few stitches.",
    ],
)
def test_a_small_wound_beside_abuse_leaves_the_harm_asked(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("seriously_harmed") == "unknown"
    assert advice.outcome != "threshold_not_met"


def test_a_party_disputing_a_finding_leaves_the_finding():
    facts = extract_facts(
        "Leo (1) has fractures. Dad disputes the paediatrician's opinion that the injuries "
        "were inflicted."
    )
    assert facts.value("abuse_or_neglect") == "true"


def test_a_clinicians_planned_harm_is_no_abuse():
    facts = extract_facts("The surgeon intentionally injured the nerve during the operation.")
    assert facts.value("abuse_or_neglect") != "true"


@pytest.mark.parametrize(
    "text",
    [
        "Kai (3) died from his burns. Police have no doubt that it was done on purpose. The "
        "nursery had no concerns about his care.",
        "Kai (3) is in the burns unit. Doctors say the burns were done on purpose and he has "
        "had two operations so far. The nursery had no concerns about his care.",
    ],
)
def test_intent_held_without_doubt_is_abuse(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") == "true"
    assert advice.outcome == "scr_required"


def test_a_parents_own_head_is_no_blow_to_the_child(board):
    _, advice = _advice(
        "Oscar (5) fractured his skull falling from a climbing frame. His dad banged his head "
        "against the frame trying to catch him. The paediatrician is satisfied this was an "
        "accident and there are no safeguarding concerns.",
        board,
    )
    assert advice.outcome == "threshold_not_met"


def test_a_finding_still_answers_beside_a_parents_denial(board):
    facts, _ = _advice(
        "Ella (3) is in PICU with a head injury after falling down the stairs. The child "
        "protection medical found no safeguarding concerns. Dad denies any neglect.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "false"


def test_mums_been_is_mum_has():
    facts = extract_facts(
        "Mum's been in intensive care since her partner assaulted her on Friday. Kayden (4) "
        "was at nursery at the time and is safe with his grandmother."
    )
    assert facts.value("seriously_harmed") != "true"


def test_a_denial_at_interview_is_the_partys_however_far_from_the_cue():
    facts = extract_facts(
        "Kai (3) died of his burns. Mum denied to the police at interview that there was any "
        "neglect. The nursery had no concerns about his care."
    )
    assert facts.value("abuse_or_neglect") == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "Leo (2) died of a head injury. Dean Walsh, 24, denies any abuse.",
        "Leo (2) died of a head injury. Kerry Smith (mother) denies any abuse.",
        "Leo (2) died of a head injury. His mother stated that there was no neglect.",
        "Leo (2) died of a head injury. We were told by his mother there was no neglect.",
        "Leo (2) died of a head injury. Mum was interviewed by police. She denies any abuse.",
    ],
)
def test_a_party_named_in_other_ways_gives_their_account(text):
    assert extract_facts(text).value("abuse_or_neglect") == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "Leo (2) died of a head injury. Dr Patel denies any abuse took place.",
        "Leo (2) died. We were told by the GP that there was no neglect.",
        "Isla (1) died in her sleep. There is no history of abuse; the pathologist is "
        "satisfied it was natural causes.",
        "Isla (6) died of leukaemia. No safeguarding concerns at any stage.",
    ],
)
def test_a_professionals_clearance_in_other_ways_still_answers(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


@pytest.mark.parametrize(
    "text",
    [
        "Noah (4 months) has a skull fracture. The health visitor had no concerns about his "
        "care at the 6 week check.",
        "Noah (4 months) has a skull fracture. Nursery had no concerns when the case was "
        "closed last year.",
        "Noah (3) drowned in the garden pond while dad slept. Nobody intended to harm him.",
    ],
)
def test_an_earlier_view_or_a_denial_of_meaning_it_answers_nothing(text, board):
    facts, advice = _advice(text, board)
    assert facts.value("abuse_or_neglect") != "false"
    assert advice.outcome != "threshold_not_met"


@pytest.mark.parametrize(
    "text",
    [
        "Sam (9) broke his wrist falling off his bike. The paediatrician saw him at the "
        "appointment today and found no safeguarding concerns.",
        "Sam (9) broke his wrist falling off his bike. At the time of writing there are no "
        "safeguarding concerns.",
        "Sam (9) broke his wrist falling off his bike. Ms Hughes (social worker) said there "
        "was no evidence of neglect.",
        "Sam (9) broke his wrist. The consultant explained by phone to Mrs Smith that there "
        "was no evidence of abuse.",
    ],
)
def test_a_present_finding_by_a_professional_answers(text):
    assert extract_facts(text).value("abuse_or_neglect") == "false"


@pytest.mark.parametrize(
    "text",
    [
        "Baby Ava (3 months) has a skull fracture and bleeding on the brain. The GP had no "
        "concerns about her medical history.",
        "Tom (2) died after a head injury at home. Police were initially satisfied it was "
        "natural causes but the post mortem found skull and rib fractures.",
        "Kayla (4) died of dehydration and weighed 9kg. Her parents deny neglect. The family "
        "have no concerns about her care.",
        "Ella (2) has a fractured skull and is on a ventilator. The consultant spoke to dad. He "
        "denies any abuse.",
    ],
)
def test_what_only_looks_like_a_clearance_is_not_answered_not_met(text, board):
    assert _advice(text, board)[1].outcome != "threshold_not_met"


# From the seventeenth and eighteenth blind sets, each in our own words.
@pytest.mark.parametrize(
    ("text", "died"),
    [
        ("0240 UPDATE FROM HOSP - FATALITY CONFIRMED BY A&E CONSULTANT. BOY 6.", "true"),
        ("Dad got back to the car and Leo (2) was dead.", "true"),
        ("Riley (9) has burns to his legs. The line went dead before Sue could ask.", "unknown"),
        ("After a long illness, Grandad died. Mia (10) has been quiet at school.", "unknown"),
    ],
)
def test_a_death_told_as_families_and_control_rooms_tell_it(text, died):
    """A death in a control room's words is a death; a telephone line that went dead or a
    grandfather's death is no death of the child."""
    assert extract_facts(text).value("died") == died


def test_a_detention_as_wards_say_it_is_the_route_it_is(board):
    facts, advice = _advice(
        "14 y/o female, inpatient at the adolescent unit, detained on section 3. Found with "
        "a ligature, time of death 20:31.",
        board,
    )
    assert facts.value("mental_health_act_detention") == "true"
    assert advice.outcome == "scr_expected"


def test_a_harm_not_established_is_asked_about_and_a_question_of_its_cause_leaves_it():
    asked = extract_facts(
        "Amy (9) has bruises and a swollen wrist. Mum took her home before the x-ray, so it "
        "was never established whether there is a fracture."
    )
    assert asked.value("seriously_harmed") == "unknown"
    for there in (
        "Doctors cannot say whether the skull fracture was caused by a fall.",
        "Doctors are unsure whether the fall caused the skull fracture.",
    ):
        assert extract_facts(there).value("seriously_harmed") == "true", there
    asked = extract_facts("It was never established whether he had a fracture from the fall.")
    assert asked.value("seriously_harmed") == "unknown"


def test_an_age_anyone_can_only_guess_is_asked_whatever_follows_the_guess(board):
    facts, advice = _advice(
        "Unknown female found in a stairwell, GCS 6. Police guess age 16-20 - could be a "
        "minor, could be an adult, nobody knows. Marks round both wrists, possible rape. "
        "Intubated, transferred to ITU.",
        board,
    )
    assert facts.value("age") == "unknown"
    assert "adult" in advice.ask_about


# From the twentieth blind set and a red team's reading of it, each in our own words.
@pytest.mark.parametrize(
    ("text", "died"),
    [
        (
            "Kian (16) found in his room not breathing; they tried to bring him round but hes "
            "gone.",
            "true",
        ),
        (
            "Jess, 15. Taken to PICU on Friday. Brainstem tests done, machines turned off at "
            "05:55.",
            "true",
        ),
        ("Pt 1: male 11 yrs, extensive burns, ROLE completed 0147 with police present.", "true"),
        (
            "Ben (14) unresponsive at the 05:00 check. CPR till the crew arrived; the crew said "
            "there was nothing more to be done.",
            "true",
        ),
        ("Officers told me Kieran (15) had been found lifeless in his room.", "true"),
        ("Grace was 11 and meningitis B took her last month.", "true"),
        # everyday and other senses of the same words
        ("Jamal (15) is our goalkeeper - his role completed the team on Saturday.", "unknown"),
        (
            "Police log: Kyle (16) still missing. Nothing more could be done tonight because of "
            "the weather.",
            "unknown",
        ),
        ("I tried his room but he's gone, window open. Jake (15) is missing again.", "unknown"),
        ("It took her ages to tell us what happened; Ella is 12.", "unknown"),
        ("Maisie (10) was upset because her hamster was found lifeless in its cage.", "unknown"),
    ],
)
def test_a_death_told_by_what_was_tried_and_stopped(text, died):
    """A death told by a revival that failed or machines turned off is a death, so the
    advice does not ask whether the child died (or, worse, take an earlier "taken to PICU"
    for the child being alive); the same words said of a team, a search or a pet are not."""
    assert extract_facts(text).value("died") == died


def test_a_child_dead_on_a_section_is_the_detention_route_not_not_met(board):
    """A 17-year-old on a section 3 who "was found ... not breathing, they tried to bring him
    round but hes gone", beside "nobody had any worries about how he was looked after":
    read as alive, this was answered "not met"."""
    facts, advice = _advice(
        "The unit just rang. Ravi was found in his room on the ward about an hour ago not "
        "breathing, they tried to bring him round but hes gone. Hes been on a section 3 since "
        "March. Nobody had any worries about how he was being looked after there.",
        board,
    )
    assert facts.value("died") == "true"
    assert advice.outcome == "scr_expected"


@pytest.mark.parametrize(
    ("text", "abuse"),
    [
        (
            "Ruby (9 mths) has a spiral fracture of the femur. The history is not consistent "
            "with the injury.",
            "true",
        ),
        (
            "Ruby (9 mths) has a spiral fracture of the femur. Mechanism not consistent, not yet "
            "mobile.",
            "true",
        ),
        (
            "Harley (4 months) has skull fractures; a roll off the sofa is an implausible "
            "mechanism, the radiologist says. The explanation is implausible.",
            "true",
        ),
        (
            "Lily (4) was bitten by the dog while mum was out; mum was interviewed under s1 "
            "Children and Young Persons Act.",
            "true",
        ),
        (
            "Ruby (9 mths) has a spiral fracture of the femur. The mechanism is not yet clear.",
            "unknown",
        ),
        (
            "Youth court remanded Tyler (15) under the Children and Young Persons Act 1969 "
            "after a burglary charge.",
            "unknown",
        ),
    ],
)
def test_an_account_that_does_not_fit_the_injury_is_a_suspicion(text, abuse):
    """An account named before its verdict ("the history is not consistent") is the same
    suspicion as an injury "not consistent with the history"; a mechanism not yet clear is
    not; the offence of child cruelty is, the 1969 Act's remand is not."""
    assert extract_facts(text).value("abuse_or_neglect") == abuse


def test_locked_up_by_the_law_is_the_custody_route_not_a_carer_shutting_a_child_in(board):
    facts, advice = _advice(
        "My daughter Aimee was 16 and had been locked up at Moorfield secure children's home "
        "since October on a court order. She stopped breathing in the night and passed away.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "unknown"
    assert advice.outcome == "scr_expected"
    shut_in = extract_facts("Aimee (6) was locked up in her room for days by her stepdad.")
    assert shut_in.value("abuse_or_neglect") == "true"


@pytest.mark.parametrize(
    ("text", "harmed"),
    [
        (
            "Lily (4) bitten by the dog: severe facial wounds, lost part of L ear, several ops.",
            "true",
        ),
        ("Harrison (6) lost part of his ear defender on the school trip.", "unknown"),
        ("Evie (8) nearly lost the tip of her finger in her bike chain.", "unknown"),
        (
            "T (13) slipped and landed on his wrist. X-ray clear, soft tissue sprain, tubigrip on.",
            "false",
        ),
        ("X-ray clear? Doctors still awaiting the CT for Poppy (5 months).", "unknown"),
    ],
)
def test_a_part_of_the_body_lost_and_a_sprain_read_for_what_they_are(text, harmed):
    assert extract_facts(text).value("seriously_harmed") == harmed


@pytest.mark.parametrize(
    ("text", "abuse"),
    [
        # a short line is asked, quoting it, whatever its verb: it may record an earlier visit
        (
            "A 14-year-old died after collapsing in PE from a known heart condition. No "
            "safeguarding issues identified.",
            "unknown",
        ),
        ("Ruby (4 months) died on Sunday. HV saw her last week. No concerns noted.", "unknown"),
        (
            "Ben (14) died in his sleep. Police attended, looked at the room and the monitor log, "
            "nothing suspicious.",
            "false",
        ),
        (
            "Ben (14) died in his sleep. Mum says she looked in on him at 3, nothing suspicious.",
            "unknown",
        ),
        # a view for now is no finding
        ("Jack (2) died at home. Police checked, nothing suspicious at this stage.", "unknown"),
        (
            "Jack (2) died at home. Police examined the scene, nothing suspicious, though the "
            "pathologist has concerns about bruising.",
            "unknown",
        ),
        (
            "Child aged 3 died of meningitis. The family are devastated. No safeguarding issues.",
            "unknown",
        ),
    ],
)
def test_a_finding_of_no_concern_answers_and_a_bare_line_or_a_parents_look_does_not(text, abuse):
    """ "No safeguarding issues identified" says someone looked; "No safeguarding issues." on
    its own is asked about, quoting it; a police look that found nothing suspicious answers,
    a parent's does not."""
    assert extract_facts(text).value("abuse_or_neglect") == abuse


@pytest.mark.parametrize(
    ("text", "abuse"),
    [
        (
            "Two children (11 and 8) were brought out of a house fire; the boy died. Neighbour "
            "says the kids are always on their own at night.",
            "true",
        ),
        ("Mia (4) was in a house fire and died. No adult in the property at the time.", "true"),
        ("Jake (16) was home alone when the fire started and died of smoke inhalation.", "unknown"),
    ],
)
def test_a_child_without_an_adult_is_neglect_for_a_young_child_not_at_16(text, abuse):
    assert extract_facts(text).value("abuse_or_neglect") == abuse


def test_no_action_needed_is_no_failing_and_no_action_taken_is():
    assert (
        extract_facts("No action needed per the named nurse.").value("interagency_concern")
        == "unknown"
    )
    assert (
        extract_facts("No action was taken by the school nurse.").value("interagency_concern")
        == "true"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Hi Dad, sad news. Cerys's old classmate Morgan, 16, who went into the adolescent unit "
        "on a section in the summer, is no longer with us. Let me know how Cerys is tonight.",
        "0758 dog walker reports a body in the river by the weir. Male, late teens. FRS "
        "recovering.",
        "Josh (16) was sectioned in January and had been doing well on the unit. The funeral "
        "is on Friday.",
        "First call for the coroner's removal: baby boy, 3 months. Police on scene. Mum is "
        "being supported by family.",
    ],
)
def test_signs_of_life_beside_words_of_a_death_do_not_answer_whether_the_child_died(text):
    """A body, a funeral, the coroner or "no longer with us" beside signs of life that are
    another child's, or from before, left the child read as alive: in 12 of 357 held-out
    descriptions of a child who died. The lead is asked instead."""
    assert extract_facts(text).value("died") == "unknown"


def test_a_child_said_to_have_lived_is_alive_whatever_else_is_near():
    facts = extract_facts("Jake (9) was hit by a car; he survived and the coroner was not told.")
    assert facts.value("died") == "false"
    facts = extract_facts("Tom (7) has a rip in his jeans and a graze; he is back at school.")
    assert facts.value("died") == "false"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Her boyfriend is 12 years older than Amber. Amber was raped.", None),
        ("Mum said of Amber's boyfriend 'hes 17 years older than her'. Amber is 14.", 14),
        ("'She's 15 weeks gone,' the midwife said of Chloe, aged 16.", 16),
        ("Baby Leo, 15 weeks, was found with a fractured skull.", 0),
    ],
)
def test_an_age_gap_or_a_pregnancys_weeks_is_no_age(text, years):
    """ "12 years older than Amber" had been read as Amber being 12, and "15 weeks gone" as a
    baby of 15 weeks."""
    assert extract_age(text) == years


# From the twenty-second blind set, each in our own words.
def test_an_emails_subject_line_number_is_no_age():
    facts = extract_facts(
        "Subject: 22 Orchard Close - children removed. Alfie (5) is in PICU, severely malnourished."
    )
    assert facts["age"].detail == "5"
    assert extract_age("Subject: 15, male. Found with stab wounds.") == 15


def test_a_view_at_discharge_is_an_earlier_view_not_a_clearance_now(board):
    """ "No safeguarding flags at discharge" about a baby now in PICU after "an incident at
    home" had answered "not met"."""
    facts, advice = _advice(
        "Baby Mahmood, discharged from our unit in March, was taken to PICU last night, "
        "intubated, after an incident at home. No safeguarding flags at discharge.",
        board,
    )
    assert facts.value("abuse_or_neglect") == "unknown"
    assert advice.outcome == "more_information_needed"


@pytest.mark.parametrize(
    ("text", "abuse"),
    [
        (
            "Caller re self: c/o tight chest, shaking, can't catch breath. Her son Kwame (17) "
            "died in a police cell.",
            "unknown",
        ),
        (
            "Baby Leo (3 months) has bleeds on the brain; dad admitted shaking her and she went "
            "cold and floppy.",
            "true",
        ),
        (
            "Riley, 2yo. Mum found him with her methadone bottle, lid off, unknown amount taken.",
            "true",
        ),
        ("Kai (16) was found with his cannabis stash by police.", "unknown"),
        ("He was shaking with cold after the cross-country.", "unknown"),
        (
            "In a panic dad started shaking my granddaughter to wake her, she was cold. Ellie "
            "(3 months) now has brain bleeds.",
            "true",
        ),
        # a history beside a denial still leaves it asked
        ("Ruby (4 months) died on Sunday. No concerns, background of DV.", "unknown"),
    ],
)
def test_shaking_as_a_symptom_and_a_carers_drugs(text, abuse):
    """A mother "shaking" with panic is no shaken child, a grandfather shaking a baby is; a
    toddler found with a carer's methadone is neglect."""
    assert extract_facts(text).value("abuse_or_neglect") == abuse


@pytest.mark.parametrize(
    ("text", "died"),
    [
        (
            "Sad news - Jordan M (16, CLA) is no longer with us. Police and the coroner are "
            "involved.",
            "true",
        ),
        (
            "Mrs Jones (head of PE) is no longer with us; the funeral is Friday. Jake (9) broke "
            "his arm at football.",
            "unknown",
        ),
        ("Jordan (16) is no longer with us - he moved to Leeds. He broke his arm.", "unknown"),
    ],
)
def test_no_longer_with_us_is_a_death_of_the_child_only_beside_what_follows_one(text, died):
    assert extract_facts(text).value("died") == died


def test_part_of_an_ear_missing_and_not_actually_hurt():
    assert (
        extract_facts(
            "Alfie, 18mo, attacked by the dog - deep bites to face, part of L ear missing."
        ).value("seriously_harmed")
        == "true"
    )
    assert (
        extract_facts("Bailey (14) has a red mark on his wrist. He's not actually hurt.").value(
            "seriously_harmed"
        )
        == "false"
    )


@pytest.mark.parametrize(
    ("text", "died"),
    [
        ("Mum was pronounced dead at the scene; Ava (5 weeks) is well.", "false"),
        ("Maisie (10) is upset because her hamster was found dead in its cage.", "unknown"),
        ("Leo (4 months) was found dead by his father.", "true"),
        (
            "Ambulance attended for mother, who had collapsed; life extinct for mother at 14:20. "
            "Baby Ava (5 weeks) taken to hospital for checks and is well.",
            "false",
        ),
        ("Ava (5 weeks) was pronounced dead at 03:10.", "true"),
        ("Baby Ava was found unresponsive by mum and pronounced dead at hospital.", "true"),
    ],
)
def test_a_parents_death_as_crews_record_it_is_not_the_childs(text, died):
    assert extract_facts(text).value("died") == died


@pytest.mark.parametrize(
    ("text", "died"),
    [
        (
            "Year 4 are making a memory book for Jayden after the burns from the house fire.",
            "unknown",
        ),
        ("They've said the cremation is on the 3rd; she only had a bruise on her head.", "unknown"),
        (
            "We're picking out a tiny white coffin for Alfie. The bleed on his brain was too big.",
            "true",
        ),
        (
            "Timeline: 10:00 baby seen at clinic, small bruise to cheek. 15:52 efforts stopped.",
            "unknown",
        ),
        ("She can't stay in the flat where her son drowned after hitting his head.", "true"),
    ],
)
def test_what_a_death_leaves_behind_keeps_the_question_open(text, died):
    """A red team's 40 deaths told without the words (a memory book, a cremation, a white
    coffin, a timeline that stops): 5 were read as a child who lived, 1 is now; a tiny white
    coffin for the child is read as the death itself."""
    assert extract_facts(text).value("died") == died


# From the twenty-fourth blind set's one dangerous miss, in our own words.
def test_a_complaint_that_nothing_comes_of_it_is_no_praise_of_how_agencies_worked(board):
    """ "Police have been round six times and nothing ever comes of it, she's told school as
    well" had been read as definitive evidence that agencies worked well ("as well"), so a
    16-year-old's fractured face by her mother's boyfriend ended "not met" once the lead said
    abuse was suspected."""
    facts, advice = _advice(
        "Kayla, she's sixteen, came into drop-in, fractured eye socket and cheekbone, might "
        "need an op to plate it. It was her mum's boyfriend, he kicked off when she tried to "
        "stop him going for her mum. She says police have been round six times this year and "
        "nothing ever comes of it, she's told school as well.",
        board,
    )
    assert facts.value("interagency_concern") == "true"
    assert facts.value("no_interagency_concern_evidence") == "unknown"
    assert advice.ask_about == ("abuse_or_neglect",)
    answered = advise(facts.with_answer("abuse_or_neglect", "true", "yes"), board)
    assert answered.outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "Jade (15) has a fractured skull. The family are well known to police and social care.",
        "Jade (15) has a fractured skull. The GP and school knew her well.",
        "Jade (15) has a fractured skull. Police have been round, she's told school as well.",
    ],
)
def test_well_in_its_other_senses_is_no_praise_of_how_agencies_worked(text):
    assert extract_facts(text).value("interagency_concern") == "unknown"


# From a second reader's sentences against the day's rules.
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("Flu took him out of school for a week. Sam (8) has a broken arm.", "died", "unknown"),
        (
            "Kai (14) is no longer with us at the academy - he was excluded. The inquest into "
            "his uncle's death is next week.",
            "died",
            "unknown",
        ),
        (
            "Mr Davies (Year 10 tutor) is no longer with us; the funeral is Friday. Amy (9) "
            "broke her arm.",
            "died",
            "unknown",
        ),
        (
            "Kai (3 months) was brought in. Life extinct for Kai, mum present throughout.",
            "died",
            "true",
        ),
        (
            "Ellie (4) had a body map done. She is on the ward and is playing happily.",
            "died",
            "false",
        ),
        (
            "Mum locked Ellie (4) up in her room while she was at court, for 14 hours.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Jake (16) and his sister Lily (4) were left home alone overnight; Lily fell down "
            "the stairs.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Jake (16) has severe learning disabilities. Mum left him home alone for three days.",
            "abuse_or_neglect",
            "true",
        ),
    ],
)
def test_the_days_rules_at_their_edges(text, fact, value):
    assert extract_facts(text).value(fact) == value


def test_an_age_on_a_form_with_the_sex_after_it_is_read():
    assert extract_age("YP: 16 Male, assaulted.") == 16
    assert extract_age("Child: 14 Female, burns.") == 14


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # abuse told without its name
        (
            "Lily-Mae, 6, was in intensive care with line sepsis. Her mother has been inducing "
            "and fabricating symptoms for at least three years.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Liam (7) has a full thickness burn on his back in the shape of an iron.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Noah 4 - burns to both hands, dad says he put them in the kettle himself?? both "
            "hands right up to the wrist like gloves.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "The baby in bed 3 has bleeding on the brain. Mum was shouting 'you shook him, you "
            "did this'.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Kacey, 14, took her own life. Her mum's partner has been knocking her about for "
            "years and the kids saw all of it.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "R (15) took her own life. She had told us her stepdad comes into her room at night "
            "and 'makes me do stuff'.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "3yo boy, pinpoint pupils, intubated, PICU. Urine tox: methadone.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Baby Lola (9mo) died at home. Police were round taping it off and theyve taken her "
            "dad in.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Ellie-Mae, 14 months, mauled by the family dog, life-changing wounds. Dad (sole "
            "carer at time) found by police asleep on sofa, alcohol + cannabis, slurring.",
            "abuse_or_neglect",
            "true",
        ),
        # the same words in their everyday senses
        (
            "Tom, 8, broke his arm. A bruise on his leg from football and a cake in the shape "
            "of a shoe.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Tom (4) broke his leg. Mum makes me do stuff around the house.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Kai (3) ventilated. Dad says he touched him on the shoulder and he collapsed.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Ellie (4) is in PICU. Mum was hit by a drunk driver while pushing her pram.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Finley (8) has a fractured skull. Mum is not worrying about it.",
            "abuse_or_neglect",
            "unknown",
        ),
        # deaths as notes and families tell them
        (
            "Jacob (7) brought out of rear bedroom 0305, CPR by crews, PLE 0331 by HEMS doctor.",
            "died",
            "true",
        ),
        ("Tomasz K, 15, on the ward. Deteriorated o/n, ITU, RIP 06:10 today.", "died", "true"),
        ("Arlo (5 months) slipped away at the hospice on Sunday.", "died", "true"),
        ("Baby Noah (10 wks) passed peacefully at the hospice on Sunday.", "died", "true"),
        (
            "Mia (6) slipped away from the group at the park and was found an hour later.",
            "died",
            "unknown",
        ),
        # detention as ward notes shorten it, and the words that are something else
        (
            "Ella, 17, has been on the adolescent unit since April, under s.3. She died.",
            "mental_health_act_detention",
            "true",
        ),
        (
            "Ella, 17, was nursed on S2 ward after the overdose and died.",
            "mental_health_act_detention",
            "unknown",
        ),
        (
            "Ella, 17, under s.3 of the Children Act, died on Friday.",
            "mental_health_act_detention",
            "unknown",
        ),
    ],
)
def test_the_twenty_sixth_sets_readings(text, fact, value):
    assert extract_facts(text).value(fact) == value


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("RE: Kieran M, 16, LAC, subject to a DoL order.", 16),
        ("YP: Tyler-James H, 17, ASC + severe LD.", 17),
        ("Ellie-Mae J, 14/12, mauled by the dog.", 1),
        ("Arrested Kai BROWN, 17, s.18 GBH, conveyed to custody.", 17),
        ("Tyler BROOKS, 18, attended address to collect belongings.", None),
        ("Plan B, 12, was agreed.", None),
        ("Seen on Monday, 14/12, at clinic.", None),
    ],
)
def test_a_first_name_and_an_initial_before_an_age(text, years):
    assert extract_age(text) == years


def test_a_section_the_writer_cannot_say_still_held_is_asked(board):
    text = (
        "A 16-year-old boy died on Ward 2 on Friday. He came in on s.2 on 3 May, but I can't "
        "tell you whether he was detained when he died. Nobody has raised any concern."
    )
    facts = extract_facts(text)
    assert facts.value("mental_health_act_detention") == "unknown"
    assert "mental_health_act_detention" in advise(facts, board).ask_about


def test_an_expected_death_said_by_those_caring_for_the_child_answers(board):
    said = (
        "Ellie (12) slipped away at the hospice on Sunday. The hospice nurses said it was expected."
    )
    assert advise(extract_facts(said), board).outcome == "threshold_not_met"
    for asked in (
        "Amy (4) was found dead. Mum says it was expected.",
        "Jack, 16, died at home overnight. Not clear yet whether it was expected.",
        "Amy (4) died at home. It was expected that mum would call the GP.",
    ):
        assert "abuse_or_neglect" in advise(extract_facts(asked), board).ask_about, asked


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a red team's answers to the twenty-sixth set's readings
        (
            "Nobody raised any question about how it happened at the time; the family said "
            "Josh, 3, fell down the stairs. Last week his sister told her teacher Dad pushed "
            "him. Josh has had a brain injury since November.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Lily-Rose, 12, had end-stage cystic fibrosis and died on the ward with family "
            "present. Her death had been anticipated by the palliative team for several weeks.",
            "abuse_or_neglect",
            "false",
        ),
        (
            "Chloe, 15, was an informal patient on the adolescent unit, not on a section, when "
            "she died after a fall from the roof.",
            "died",
            "true",
        ),
        ("No bruising, fractures or burns were found on Ava (3).", "seriously_harmed", "false"),
        ("No bruising, and fractures to both legs in Ava (3).", "seriously_harmed", "true"),
        (
            "Liam (9) had two small bites on his leg, steri-stripped. He's fine just shaken.",
            "abuse_or_neglect",
            "unknown",
        ),
        ("Baby Liam (9 weeks) was fine until he was shaken.", "abuse_or_neglect", "true"),
        (
            "Ryan, 17, had been under s3 on the adolescent unit since March and was found "
            "hanged on 2 June. I can't tell from the notes whether his section was discharged "
            "at the tribunal in May.",
            "mental_health_act_detention",
            "unknown",
        ),
    ],
)
def test_a_red_teams_answers_to_the_twenty_sixth_sets_readings(text, fact, value):
    assert extract_facts(text).value(fact) == value


def test_a_death_in_a_young_offender_institution_beside_one_contacts_view(board):
    """A fresh set's one dangerous miss: an optometrist's letter about a 17-year-old who died
    at HMYOI, whose 'nothing in my examination gave me any cause for worry' had answered
    'not met'."""
    text = (
        "Re: Mr Marcus Lindo, 17 yrs. I provide sessional eye care at HMYOI Thornmoor and saw "
        "Marcus on 4 September for headaches. Healthcare staff told me this morning that Marcus "
        "passed away at the establishment over the weekend. I don't know the circumstances. "
        "Nothing in my examination gave me any cause for worry."
    )
    facts = extract_facts(text)
    assert facts.value("died_in_custody") == "true"
    assert facts.value("abuse_or_neglect") == "unknown"
    assert advise(facts, board).outcome == "scr_expected"
    young_man = (
        "Just heard on my visit that a young man died at HMYOI Ashfield overnight. No details "
        "yet on cause or his age."
    )
    assert advise(extract_facts(young_man), board).ask_about == ("adult",)
    brother = (
        "Ruby, 8, drowned on a school trip. Her older brother, 19, has been in HMP Ranby since "
        "2021."
    )
    assert "died_in_custody" not in advise(extract_facts(brother), board).ask_about


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("Tyler, 16, he didnt make it, they found him unresponsive in the cells.", "died", "true"),
        ("FEMALE CHILD 2YRS SEVERE NECK WOUNDS, NOT BREATHING. DEAD ON ARRIVAL.", "died", "true"),
        ("Reece, 15, hes gone, passed on Tues at the secure childrens home.", "died", "true"),
        ("Lacey (9 weeks) was on PICU; she passed overnight.", "died", "true"),
        (
            "After she passed, her mum took Amy (9) out for pizza to celebrate the badge.",
            "died",
            "unknown",
        ),
        ("Amy (15) passed out in PE and was taken to A&E.", "died", "unknown"),
        # more than one of the household held, named by a word that points back
        (
            "Maja (7) died in a house fire. Mum and dad were out. Police have arrested both of "
            "them.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Maja (7) died in a house fire. Mum and dad were out. Both have been arrested.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Maja (7) died in a house fire. Mum saw two men run from the house. Police have "
            "arrested both of them.",
            "abuse_or_neglect",
            "unknown",
        ),
    ],
)
def test_deaths_said_gently_and_holds_that_point_back(text, fact, value):
    assert extract_facts(text).value(fact) == value


def test_parents_held_after_a_death_ask_nothing_of_the_childs_own_custody(board):
    text = (
        "Maja (7) died in a house fire. Mum saw two men run from the house. Police have "
        "arrested both of them."
    )
    assert advise(extract_facts(text), board).ask_about == ("abuse_or_neglect",)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "Amelia (4): consultant now of the view mum has been inducing/fabricating the "
            "'seizures'.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "2y F, scald L hand + forearm, sharp line of demarcation at wrist, ?glove-type, no "
            "splash marks.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Kai (5) is in the hospital because Gary lost it with him last night.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "K said mum's boyfriend 'did something to him cos he wouldn't stop crying'.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "R, 16: periorbital bruising. She states she 'walked into a door' but I am not "
            "satisfied with the explanation.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Kai (5) broke his arm at school. Mum is not happy with the explanation given by the "
            "school.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Kai (5) broke his arm. I am not satisfied with the explanation the school gave "
            "about the lunch queue.",
            "abuse_or_neglect",
            "unknown",
        ),
        # how bad a burn is, left open the other way round
        (
            "Tia (9) has burns to both hands, treated at the burns unit; extent/depth and "
            "whether grafting is needed unknown to me.",
            "seriously_harmed",
            "unknown",
        ),
        ("2y F, scald L hand. Depth + %TBSA NOT yet assessed.", "seriously_harmed", "unknown"),
    ],
)
def test_the_days_second_round_of_readings(text, fact, value):
    assert extract_facts(text).value(fact) == value


def test_no_longer_with_us_reads_the_bracket_after_a_name(board):
    text = (
        "Virtual school just rang, Jordan M (ex Y11, 16, been a CLA since Y8) is no longer with "
        "us. Happened Weds at Oakridge secure children's home, police + coroner involved."
    )
    assert advise(extract_facts(text), board).outcome == "scr_expected"
    teacher = (
        "Mrs Jones (head of PE since 2019, aged 54) is no longer with us; the funeral is "
        "Friday. Amy (9) broke her arm."
    )
    assert extract_facts(teacher).value("died") == "unknown"


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "Arrested Kai BROWN, 17, conveyed to Northgate custody. 0340 - detainee KB could not "
            "be roused on a cell check, no pulse, death confirmed 0422.",
            "died_in_custody",
        ),
        (
            "We lost Tyler on Sunday, he was 16. He'd been in care since 13, and the council got "
            "an order from the High Court letting them restrict his liberty.",
            "deprivation_of_liberty_16_17",
        ),
    ],
)
def test_custody_and_a_courts_order_as_a_log_and_a_family_tell_them(text, fact):
    assert extract_facts(text).value(fact) == "true"


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a second red team's answers to the day's readings
        ("Text from aunt: our Leah passed on Tues, she was only 9.", "died", "true"),
        ("Midwife note: baby Amara passed in her sleep last night aged 6 weeks.", "died", "true"),
        (
            "Mum passed on Tues after a long illness. Tyler (7) is living with his grandparents.",
            "died",
            "false",
        ),
        (
            "Consultant: I now believe Bella's mother has been inducing the seizures. Bella (5) "
            "was ventilated twice.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Gastro team: we now think mum has been fabricating the vomiting history. Olivia (7) "
            "had a gastrostomy.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Ruby (9) came back from Spain with sunburn on her shoulders, sharp line of "
            "demarcation at the swimsuit straps.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Leo (2) has peeling of the skin of both hands in a glove-type pattern after Kawasaki "
            "disease.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Amelia (4): scalds to both legs after mum's partner ran her a bath. Sharp tide line, "
            "no splash marks.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "4-month-old boy, CT shows a subdural haematoma. I am not satisfied with the "
            "explanation given his developmental stage.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Oscar, 5 months, died. Post-mortem found fractures of both femurs. Both parents have "
            "been arrested and are in custody at Middlesbrough.",
            "died_in_custody",
            "unknown",
        ),
        (
            "Dylan (17) was released from HMYOI Werrington last month. He died in a motorbike "
            "crash on Saturday.",
            "died_in_custody",
            "unknown",
        ),
        (
            "Amelia (4): scalds to both legs. Depth + %TBSA not yet assessed, she has gone "
            "straight to theatre for escharotomy.",
            "seriously_harmed",
            "true",
        ),
        (
            "HV: Nothing in my visit on Monday gave me cause for worry. On Thursday Ruby (5 "
            "months) was admitted to PICU with bilateral subdural haematomas. Cause not yet known.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "I examined Harvey (4) after his fall from the climbing frame, witnessed by two staff. "
            "Nothing in my examination gave me cause for worry.",
            "abuse_or_neglect",
            "false",
        ),
    ],
)
def test_a_second_red_teams_answers_to_the_days_readings(text, fact, value):
    assert extract_facts(text).value(fact) == value


def test_a_safety_plan_that_keeps_parents_from_a_child_is_no_denial_of_abuse(board):
    """A fresh set's one dangerous miss: a play specialist's note of a 14-month-old on PICU
    with subdurals and retinal bleeds, whose "Told parents not to be left alone w/ pt" was
    read as "not left alone", a denial of neglect, and answered "not met"."""
    text = (
        "PLAY NOTE 14/03 – PICU bed 3. Pt: Amelia-Rose T., 14 mths. Remains ventilated. Bilat "
        "subdurals + retinal bleeds per ophthal. Parents both say she rolled off the settee. "
        "Told parents not to be left alone w/ pt – 1:1 nursing in place."
    )
    assert advise(extract_facts(text), board).outcome == "scr_required"
    never = (
        "Ava (3) was never left alone; she fell from the climbing frame and fractured her skull."
    )
    assert extract_facts(never).value("abuse_or_neglect") == "unknown"
    contact = (
        "Only supervised contact with dad at the contact centre since 2022. Kai (7) broke his "
        "arm at football."
    )
    assert extract_facts(contact).value("abuse_or_neglect") == "unknown"


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a second reader's sentences against the day's change
        ("Ruby, 4, was found in the canal. No injuries, pronounced dead at 0310.", "died", "true"),
        ("Tia, 11 months, died on PICU. No bruising, NAI suspected.", "abuse_or_neglect", "true"),
        (
            "Baby Jacob, 4 months, admitted. O/E no bruising, fractured skull on CT.",
            "seriously_harmed",
            "true",
        ),
        (
            "Tia, 11 months. No cuts, bleeding on the brain and retinal haemorrhages.",
            "seriously_harmed",
            "true",
        ),
        (
            "Kai, 2, drowned in the bath at home. It was expected mum would stay with him.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Theo, 6, was found dead at home on Saturday. It was expected, sadly.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Noah, 15, had leukaemia and hospice care; his death was expected within months. He "
            "was found hanged in his bedroom on Saturday.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Lacey, 2, was at the hospice for respite and died. According to mum, it was expected.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Leo, 2, died in hospital with a head injury. Nobody has questioned how it happened.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Ava, 7 months, died at home overnight. Dad says there was nothing worrying, she just "
            "didn't wake up.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Ruby, 12, is on PICU. She says her mum's boyfriend fondled her on the back seat on "
            "the way home.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Both of Tyler's parents were with him when he died in police custody on Friday.",
            "died_in_custody",
            "true",
        ),
        (
            "Jordan, 15, was moved from the YOI to hospital under escort and died there.",
            "died_in_custody",
            "true",
        ),
        (
            "Ryan, 17, died in police custody on Saturday. It is unclear if his brother was "
            "detained as well.",
            "died_in_custody",
            "true",
        ),
        (
            "Liam, 15, was stabbed by his stepdad and has a punctured lung; an in-depth assessment "
            "by social care is awaited.",
            "seriously_harmed",
            "true",
        ),
        (
            "Mum says baby was fine, just shaken, then went floppy; Oliver, 6 weeks, died on PICU.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Mum was punched by a drunk lad at the bus stop while holding Ruby (2), who fell and "
            "has a fractured skull.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Urine tox: negative for opiates; Kian, 2, died at home after a seizure.",
            "abuse_or_neglect",
            "unknown",
        ),
        # everyday English the day's readings must leave alone
        (
            "Our TA noticed bruises on Kayla's arm (age 6) and she passed this on to me.",
            "died",
            "unknown",
        ),
        ("Referral passed on Monday to the locality team about Jack, 8.", "died", "unknown"),
        ("Amber, 16, sat her driving theory test; she passed yesterday.", "died", "unknown"),
        (
            "Chloe, 14, slipped away at the shopping centre and has not been seen since.",
            "died",
            "unknown",
        ),
        ("Sam, 3, has PLE after his Fontan. PLE confirmed by biopsy last week.", "died", "unknown"),
        ("Her grandad (RIP 2015) used to look after Mia, 6.", "died", "unknown"),
        ("Kai, 15, didnt make it to the appointment on Tuesday.", "died", "unknown"),
        ("Our Kayla slipped away last Wednesday in the hospital. She was 8.", "died", "true"),
        ("Strobe lights induce seizures in Mason, 11.", "abuse_or_neglect", "unknown"),
        ("Jess, 15, admits fabricating symptoms to get out of PE.", "abuse_or_neglect", "unknown"),
        (
            "Mum says her ex did something to her car last week; Kai (6) broke his arm.",
            "abuse_or_neglect",
            "unknown",
        ),
        ("He touched me first, Jayden (9) told the dinner lady.", "abuse_or_neglect", "unknown"),
        (
            "Dad comes in my room at night and reads me a story, Mia (6) said.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Parents are not satisfied with the explanation of why his sepsis was missed; Ethan, "
            "5, died on the ward.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Dylan, 2, died after the family dog attacked him; the vet had said the dog should not "
            "be left alone with children.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "Ellie, 15, collapsed in the visits hall at HMP Durham and died; she had gone to see "
            "her dad.",
            "died_in_custody",
            "unknown",
        ),
        (
            "School nurse: Tia (6) died last night. Her mum said she had not fed her properly "
            "for weeks.",
            "abuse_or_neglect",
            "true",
        ),
    ],
)
def test_a_second_readers_sentences_against_the_days_change(text, fact, value):
    assert extract_facts(text).value(fact) == value


def test_a_clinic_date_after_a_place_or_a_doctor_is_no_age():
    assert extract_age("Attended A&E at Leeds General, 03/12, with a bruise on his cheek.") is None
    assert extract_age("Seen by Dr Evans, 04/12, for review.") is None
    assert extract_age("Address: Flat C, 12. Child: Tom (16).") == 16


def test_medicine_withheld_beside_an_expected_death_and_a_question_about_something_else(board):
    jake = (
        "Jake, 17, with Duchenne, died at home; his death was expected by the hospice team. Dad "
        "had not given him his medication for a week."
    )
    assert advise(extract_facts(jake), board).outcome == "scr_required"
    ava = (
        "Ava, 7 months, died in hospital. Police have not raised any question about how she came "
        "to be in the adult bed."
    )
    assert "abuse_or_neglect" in advise(extract_facts(ava), board).ask_about


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a death told by the failed resuscitation, the crew's or the ward's words
        ("JAR meeting. 19-month-old found in bath, CPR by LAS and ED unsuccessful.", "true"),
        ("Sarge - the 15yo from the Kingsway overdose didn't pull through, ICU confirmed.", "true"),
        ("3/12 old, cold and pale. ROLE criteria met, resus not commenced. Verified 0733.", "true"),
        ("Letter from Sheffield Children's: pt RIP 02/11/24, neuroblastoma, expected.", "true"),
        ("Baby girl born 23+4, comfort care only. HR ceased 0355 in dad's arms.", "true"),
        # ... and as families, faiths and schools say it
        ("our little Jayden gained his wings last nite, funeral is at st marks", "true"),
        ("Bella (4) lost her battle with leukaemia early this morning at home.", "true"),
        ("omg Kai (15) dint make it. they turned the machine off last nite.", "true"),
        ("Janazah prayer for Ibrahim (11) will be held after Zuhr at Green Lane Masjid.", "true"),
        ("Roll reduced by one following the tragic loss of Ethan Walsh in the house fire.", "true"),
        ("Spoke to mum - baby Amir was taken by GBS sepsis in NICU on Tues.", "true"),
        ("Conclusion: Misadventure. Riley, 16, sustained unsurvivable head injuries.", "true"),
        # words that tell a death only beside others: a second reader's everyday uses
        ("Kayla (12) never came round to the idea of moving schools.", "unknown"),
        ("Ruby (8) is no longer living with her father.", "unknown"),
        ("Jade (14) lost her battle to stay in the netball team.", "unknown"),
        ("Tracing efforts ceased once Kai (15) was located safe.", "unknown"),
        ("Mum says HR ceased her sick pay.", "unknown"),
        ("Tyler (15) got his wings at Air Cadets.", "unknown"),
        ("CPR training was unsuccessful in keeping the class focused.", "unknown"),
        ("Initial CPR unsuccessful, ROSC achieved after 3 cycles; Leo (2) now on PICU.", "false"),
        ("Ella (7) was taken with flu last week and is off school.", "unknown"),
        ("Amir (12) has to wake for Fajr.", "unknown"),
        ("Aisha (8) is struggling following the sudden loss of her baby sister.", "unknown"),
        ("Jayden (10) helped carry his coffin at Grandad's funeral.", "unknown"),
        ("Were ROLE criteria met? No - full ALS commenced, ROSC at 8 mins.", "unknown"),
        ("I pronounced life extinct at 0702, Leo (3/12) in cot.", "true"),
        ("Leo (3) swallowed a battery, he could of died.", "unknown"),
        ("Mother, 32yo, unresponsive. Life pronounced extinct 0702.", "unknown"),
        # someone else's death, a fear, a joke, a death that nearly happened
        (
            "Amira (15) continues to struggle after her best friend was killed in a crash.",
            "unknown",
        ),
        ("Caleb (13) asks about his friend Josh who passed away here last month.", "unknown"),
        (
            "Ruby (10) referred following the suicide of her older brother Sam in November.",
            "unknown",
        ),
        ("Dear Ms Evans, the inquest into the death of your partner will be heard.", "unknown"),
        ("4yo M febrile convulsion, mum thought he was dying and called 999.", "unknown"),
        ("im actually dead 💀 miss played his tiktok on the board", "unknown"),
        (
            "Baby Ella (4m) on the sofa: had he rolled onto her she could easily have died.",
            "unknown",
        ),
        (
            "Kayleigh never woke up till the neighbour banged on the door; baby in the Royal.",
            "unknown",
        ),
    ],
)
def test_a_death_said_in_other_words_and_others_deaths(text, value):
    assert extract_facts(text).value("died") == value


def test_a_child_given_by_age_alone_is_nearer_than_the_caller():
    """ "Call from mother, 4 month old male unresponsive": the age stands for the child, so
    the death told after it is the child's, not the mother's."""
    facts = extract_facts(
        "0615 call from mother, 4 month old male unresponsive in cot. Life pronounced extinct "
        "0702 by A&E reg."
    )
    assert facts.value("died") == "true"
    assert (
        extract_facts("Her mother, 24, was unresponsive. Life pronounced extinct 0702.").value(
            "died"
        )
        == "unknown"
    )


def test_a_death_the_ward_records_is_no_sign_of_life():
    """An extubation on a ward is no sign the child lives when the text tells of organ
    donation and a memory box: asked, not answered "alive"."""
    text = (
        "Bed 6 - redirection of care completed. Extubated in mum's arms 1920, asystole 2005. "
        "Kidney donation in progress, SNOD with family. Memory box sent with parents."
    )
    assert extract_facts(text).value("died") != "false"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Keira, 11, not diabetic: high insulin, undetectable C-peptide - i.e. exogenous.", "true"),
        ("Type 1 diabetic on exogenous insulin; HbA1c 58.", "unknown"),
        ("Dad comes in at night when mum's on nights to do the feeds.", "unknown"),
        ("Dad took her to a hotel with his friends for her birthday party.", "unknown"),
        ("The girl likes being left to herself to calm down after school.", "unknown"),
        ("T1DM since age 3, low C-peptide as expected, insulin via pump.", "unknown"),
        ("Her journal: her stepdad 'coming in at night when mum's on lates'.", "true"),
        ("Dad comes in at night after his shift and checks on them.", "unknown"),
        (
            "House - dog mess throughout, nothing in fridge, 3 kids under 7 left to themselves.",
            "true",
        ),
        ("Sixth formers were left to themselves in the common room.", "unknown"),
        ("Her 'boyfriend' is 22 and took her to a hotel in town 'with his mates'.", "true"),
        ("Sunburn with a sharp tide-line at the swimsuit straps.", "unknown"),
    ],
)
def test_abuse_the_blood_the_home_and_the_hotel_tell(text, value):
    assert extract_facts(text).value("abuse_or_neglect") == value


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a death given, not denied: the words it is in say how or when, or the "not" is about
        # something else
        ("Ruby (2) was found in the pond. No cause of death on the paperwork.", "died", "true"),
        ("Time of death not known, found by mum in the morning.", "died", "true"),
        ("DASH not possible – V deceased.", "died", "true"),
        ("We could not reach Ruby in time and we buried her last week.", "died", "true"),
        ("No circumstances of abuse were identified.", "abuse_or_neglect", "false"),
        ("Nil concerns - neglect, abuse and DV all screened.", "abuse_or_neglect", "false"),
        # no sign of life: a body retrieved, a role at work, a relative named with an age
        ("RNLI recovered him from the water at 1520.", "died", "unknown"),
        (
            "Tyler (15) hanged in his cell. The Prisons Ombudsman is looking into it.",
            "died",
            "unknown",
        ),
        ("Jayden (4) died at the scene. Sibling Lacey (2) now with PGM.", "died", "true"),
        ("Jack (6) is recovering well on the ward.", "died", "false"),
        # abuse told by what a carer did or said
        (
            "Caller stated 'I only shook him a bit cos he wouldn't stop crying'.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "nobody believes me but my mums boyfriend snapped my wrist on sat",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Her husband put the hot iron on the boy leg because he wet the bed.",
            "abuse_or_neglect",
            "true",
        ),
        ("Dad says he stopped insulin as 'God will heal her'.", "abuse_or_neglect", "true"),
        ("Dad withheld her insulin despite the consultant's advice.", "abuse_or_neglect", "true"),
        (
            "Parents changed the locks and refused to let him back in 3 days ago.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "Maisie (13) said stepdad has been filming her in the bathroom.",
            "abuse_or_neglect",
            "true",
        ),
        (
            "his dad 'whacks him when he plays crap', Tyler told a teammate",
            "abuse_or_neglect",
            "true",
        ),
        # ... and the same words in everyday senses
        ("Mum belted him into the car seat.", "abuse_or_neglect", "unknown"),
        ("Dad said 'I just shook him to check he was breathing'.", "abuse_or_neglect", "unknown"),
        ("He held a lighter to his hand and burnt himself.", "abuse_or_neglect", "unknown"),
        ("Mum stopped her meds as she was pregnant.", "abuse_or_neglect", "unknown"),
        ("On GP advice mum stopped his medication.", "abuse_or_neglect", "unknown"),
        (
            "Mum refused to let her back in the pool as she had a cold.",
            "abuse_or_neglect",
            "unknown",
        ),
        (
            "The school refused to let him back in until the exclusion ended.",
            "abuse_or_neglect",
            "unknown",
        ),
        ("Dad recorded her in the bath for the family video.", "abuse_or_neglect", "unknown"),
    ],
)
def test_a_death_given_and_acts_a_second_reader_tried(text, fact, value):
    assert extract_facts(text).value(fact) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the second act of the one the clause began with: a relative's death is theirs
        ("Grandad never regained consciousness and died on Tuesday; Ava (10) upset.", "unknown"),
        ("Her brother was stabbed and died; Mia (14) saw it.", "unknown"),
        ("Mum collapsed and died in front of Kai (6).", "unknown"),
        # ... and the child's when the relative is in a by-phrase or the child begins it
        ("Jayden (4) was hit by his uncle's car and died at the scene.", "true"),
        ("Kai, 15, was stabbed by his cousin and died.", "true"),
        ("The baby was found by her mother and died later in hospital.", "true"),
        ("Nan had a stroke and tragically died; Leo (6) was there.", "unknown"),
        ("His older brother crashed the car and was killed. Josh (15) is in shock.", "unknown"),
        ("Her stepdad was hit by a car and died. Amy (9) is with her aunt.", "unknown"),
        # ... and a second reader's: the child's death, whoever else the clause names
        ("Jayden fell off his dad's quad bike and died in hospital.", "true"),
        ("Alfie, 2, was staying at his nan's and died.", "true"),
        ("Isla was a passenger in her dad's car and died.", "true"),
        ("The baby and her mother were hit by a lorry and died.", "true"),
        ("Mum and baby were hit by a car and died.", "true"),
        ("Dad was holding her and she went limp and died.", "true"),
        ("His father shook him and he collapsed and died.", "true"),
        ("Was co-sleeping in the parents' bed and died.", "true"),
        # imaging only the dead have, and whose it was
        ("PMCT + POST-MORTEM SKELETAL SURVEY. 4/12 M. No fractures identified.", "true"),
        ("PMCT on mum showed no injury.", "unknown"),
        ("Mum had a post-mortem CT.", "unknown"),
    ],
)
def test_whose_death_a_clause_with_and_tells(text, value):
    assert extract_facts(text).value("died") == value
