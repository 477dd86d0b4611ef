"""A child's death and lasting harm told without the words: a death as crews, wards,
families and faiths tell it ("ROLE at scene 0551", "not able to be resuscitated", "she never
woke up on Saturday", "took his last breath at 15:22", "went home to be with the Lord"), and
lasting harm by what was lost or how long help is needed ("persisting hemiparesis", "will
need neurorehabilitation for years"). Each word of a death has an everyday sense too, so a
plain word that the child lives outweighs it and the lead is asked; a lasting harm from
birth, planned, or someone else's is none. The sentences are written for these tests; the
data files are red teams'."""

from __future__ import annotations

import json

import pytest

from panelclerk.nlp.facts import extract_facts

from .nlp_support import DATA


@pytest.mark.parametrize(
    "text",
    [
        "Infant Noah, 7 wks, found unresponsive on the sofa. ROLE at scene 0551 by paramedics.",
        "Crew arr 02:51, pt in arrest, asystole, ROLE criteria met, verified 03:12.",
        "Baby Reggie (9/52) found unresponsive, 999 called, not able to be resuscitated in ED.",
        "Our baby Nova was 9 weeks old. She never woke up on Saturday morning.",
        "Kai was 16. He got stabbed on Brook Lane in May and never made it to hospital.",
        "Jake, 14, collapsed at PE. TOD 1152.",
        "Baby boy Hussain, 4 days. He took his last breath at 15:22 in mum's arms.",
        "Lily (3), end-of-life care. Breathing stopped 05:50, verified by Dr Lane 06:10.",
        "Ruby (6) lost her fight on 03/08 on the neonatal unit.",
        "Harnoor Kaur (age 9) has left for her heavenly abode on Sunday.",
        "Callum (17). Formal identification done; Home Office PM booked for Thursday.",
        "Leo, 2, arrested at home. CPR unsuccessful, ROSC never achieved.",
        "Manager rang: the hospital unable to save him. Ollie was 22 months.",
        "Brainstem tests done x2 this am, criteria met. Isla is 12.",
        # the words ending the text
        "Jake, 14, collapsed at PE. ROLE criteria met",
        "Ella Brooks (9), Year 4, lost her fight.",
        "Noah Evans (7 days). MCCD issued by Dr Kaur, NICU, cause 1a hypoxic ischaemic "
        "encephalopathy.",
        "With deep sorrow the community shares the loss of Noa Cohen, aged 9.",
        "Last night, Year 4 pupil Ella Brooks lost her long battle with leukaemia.",
        "Maya (7) had a cardiac arrest at home and resuscitation in the emergency department "
        "was unsuccessful.",
        "Bed 4: Jack (6). Last offices completed 19:00; chaplain visited.",
        # a relative beside the child, not the one who died
        "Paramedics told his father that he could not be brought back. Leo was 2.",
        "His mum held him as he took his last breath at 15:22. Leo was 2.",
    ],
)
def test_a_death_told_without_the_word_is_read(text):
    assert extract_facts(text).value("died") == "true"


@pytest.mark.parametrize(
    "text",
    [
        # the everyday sense, someone else's, asked, feared, or only at first
        "Amelia (14) lost her fight on Tuesday at the county boxing championships on points.",
        "CP medical booked for 2 PM tomorrow for Baby Zoe, 3 months.",
        "PM booked with the school nurse for Lily's asthma review, Tuesday 3.15.",
        "We lost Alfie (3) at Drayton Manor for 45 mins today!! Staff found him by the rides.",
        "The pandit said Nani is now in her heavenly abode, and Arjun (9) lit a diya for her.",
        "Post-mortem pending on the family dog, which bit Aiden (6) before it was put down.",
        "Found her body covered in bruises when I helped Mia (7) change for PE.",
        "Heart stopped at 03:10? No - the monitor lead had come off. Ibrahim (2) asleep.",
        "Did not respond to CPR at first, but after the second shock Lucas (5) had a pulse.",
        "Initial CPR unsuccessful, ROSC achieved after 3 cycles; Leo (2) now on PICU.",
        "Leah (15) posted 'RIP me' after her exam results.",
        "We thought little Kemi (4) was going to be with Jesus, but she came home on Sunday.",
        # from a reading of the code: a negation left optional, a return, a name not a loss
        "Mia (7) was in a coma. She has woken up.",
        "He didn't wake up on time for school. Jake is 8.",
        "She did make it to hospital, where her arm was set. Amy is 6.",
        "Staff were unable to get him back into class. Tom is 9.",
        "His life was taken over by county lines. Kai is 15.",
        "Ruby (8) is coping after the loss of Universal Credit.",
        "Initial resuscitation failed; ROSC at 12 minutes. Ava is 2.",
        "The school notes the loss of Wi-Fi for Ruby (8) at home.",
        "Mia (8) is coping with the loss of Nana. She misses her.",
    ],
)
def test_the_same_words_that_tell_no_death_here_are_not_one(text):
    assert extract_facts(text).value("died") != "true"


def test_a_plain_word_that_the_child_lives_outweighs_a_gentle_one_and_the_lead_is_asked():
    facts = extract_facts(
        "Tyler (10) was unable to be revived by his coach after the fall, but is now awake "
        "and talking on the ward."
    )
    assert facts.value("died") == "unknown"
    assert facts["died"].evidence  # the words quoted when the lead is asked


def test_a_gentle_word_under_a_not_denies_no_death():
    assert (
        extract_facts("We cannot give a view until the post-mortem results are known.").value(
            "died"
        )
        != "false"
    )


def test_a_red_teams_gentle_deaths_and_their_everyday_senses():
    """120 notes: 40 deaths told in these words, 80 living children beside the same words
    (sport, games, pets, grandparents, a resuscitation that worked, PM as the afternoon)."""
    rows = [json.loads(line) for line in (DATA / "deaths_told_gently.jsonl").open(encoding="utf-8")]
    assert len(rows) == 120
    read = [(row["want"], extract_facts(row["text"]).value("died")) for row in rows]
    assert ("true", "false") not in read  # no death read as a child alive
    assert read.count(("true", "true")) >= 33
    assert read.count(("not true", "true")) <= 9


def test_a_second_red_teams_rites_losses_and_causes():
    """80 notes against the second round's words (the loss of a person named, a cause 1a, the
    mortuary, last offices, a white coffin, angel wings): 25 deaths, 55 living children
    beside the words (an adult's certificate, a grandparent's coffin, a ventilator switched
    off because the child breathed alone). A rite beside a funeral is not outweighed by a
    word that the child is well, since the funeral may be the child's: 10 of the 55 are read
    as dead (1 before), among them "Nani's white coffin" and "last offices ... for Mr
    Patel"; 23 of the 25 deaths are read (13)."""
    rows = [
        json.loads(line)
        for line in (DATA / "deaths_told_gently_second.jsonl").open(encoding="utf-8")
    ]
    assert len(rows) == 80
    read = [(row["want"], extract_facts(row["text"]).value("died")) for row in rows]
    assert ("true", "false") not in read
    assert read.count(("true", "true")) >= 23
    assert read.count(("not true", "true")) <= 10


@pytest.mark.parametrize(
    "text",
    [
        "Mason (6), 5 months after his craniectomy: persisting left hemiparesis. He will need "
        "neurorehabilitation for years.",
        "Lily (9): her spine was broken in the crash and she can't feel or move her legs.",
        "Jayden (6) has not spoken at school since; CAMHS have diagnosed PTSD.",
        "Noor (3) swallowed a battery; she is expected to remain in hospital for several months.",
        "Baby, 9 months. Paediatric opinion: global developmental delay likely secondary to "
        "neglect.",
        "Olivia (3) after meningitis: bilateral profound sensorineural hearing loss.",
    ],
)
def test_lasting_harm_told_by_what_was_lost_or_how_long_help_is_needed(text):
    assert extract_facts(text).value("seriously_harmed") == "true"


@pytest.mark.parametrize(
    "text",
    [
        "Ellie (7) has had a left-sided hemiplegia since birth; no new injuries.",
        "Mum told me she has PTSD from her time in the army. Jayden (4) is thriving.",
        "Leo (4) is on the list for a cochlear implant; his deafness is genetic.",
        "Mum said she 'broke her back' doing double shifts; the children (3 and 5) are well.",
        "Tom (7) needs antibiotics for 5 days for his ear infection.",
    ],
)
def test_a_condition_from_birth_a_planned_operation_or_someone_elses_is_no_harm(text):
    assert extract_facts(text).value("seriously_harmed") != "true"


def test_a_red_teams_lasting_harms_and_their_other_senses():
    """80 notes: 25 children with lasting harm told in these words, 55 without (a condition
    from birth, a parent's PTSD, dyslexia support for years, a planned operation). 6 of the
    55 are still read as seriously harmed, 3 of them by older cues ("broken wrist", "spine");
    24 of the 25 are read (8 before)."""
    rows = [json.loads(line) for line in (DATA / "lasting_harm.jsonl").open(encoding="utf-8")]
    assert len(rows) == 80
    read = [(row["want"], extract_facts(row["text"]).value("seriously_harmed")) for row in rows]
    assert ("true", "false") not in read
    assert read.count(("true", "true")) >= 24
    assert read.count(("not true", "true")) <= 6


def test_a_child_who_died_in_gentle_words_is_not_at_risk_now():
    """The death set aside while the signs of life are read is still a death to the rule
    that a living child with abuse suspected is at risk now."""
    told = extract_facts("Kai (3) was beaten by his stepfather. He never woke up on Saturday.")
    plain = extract_facts("Kai (3) was beaten by his stepfather. He died on Saturday.")
    assert told.value("died") == "true"
    assert told.value("immediate_risk") == plain.value("immediate_risk") != "true"
