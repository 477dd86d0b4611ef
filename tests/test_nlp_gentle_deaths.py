"""A child's death told as crews, wards, families and faiths tell it, without "died": "ROLE
at scene 0551", "not able to be resuscitated", "she never woke up on Saturday", "took his
last breath at 15:22", "went home to be with the Lord". Each of these words has an everyday
sense too, so a plain word that the child lives outweighs them and the lead is asked. The
sentences are written for these tests; the data file is a red team's."""

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
        "Noah Evans (7 days). MCCD issued by Dr Kaur, NICU, cause 1a hypoxic ischaemic "
        "encephalopathy.",
        "With deep sorrow the community shares the loss of Noa Cohen, aged 9.",
        "Last night, Year 4 pupil Ella Brooks lost her long battle with leukaemia.",
        "Maya (7) had a cardiac arrest at home and resuscitation in the emergency department "
        "was unsuccessful.",
        "Bed 4: Jack (6). Last offices completed 19:00; chaplain visited.",
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
    assert read.count(("true", "true")) >= 34
    assert read.count(("not true", "true")) <= 10


def test_a_second_red_teams_rites_losses_and_causes():
    """80 notes against the second round's words (the loss of a person named, a cause 1a, the
    mortuary, last offices, a white coffin, angel wings): 25 deaths, 55 living children
    beside the words (an adult's certificate, a grandparent's coffin, a ventilator switched
    off because the child breathed alone). A rite beside a funeral is not outweighed by a
    word that the child is well, since the funeral may be the child's: 10 of the 55 are read
    as dead (1 before), among them "Nani's white coffin" and "last offices ... for Mr
    Patel"; 22 of the 25 deaths are read (13)."""
    rows = [
        json.loads(line)
        for line in (DATA / "deaths_told_gently_second.jsonl").open(encoding="utf-8")
    ]
    assert len(rows) == 80
    read = [(row["want"], extract_facts(row["text"]).value("died")) for row in rows]
    assert ("true", "false") not in read
    assert read.count(("true", "true")) >= 22
    assert read.count(("not true", "true")) <= 10
