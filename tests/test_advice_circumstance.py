"""Neglect and exploitation told by what happened, not named: a lead reads "left him in the
water and went to the shop" or "older men taking her to hotels" as suspected neglect or
exploitation, and so must the advice; the same words used innocently must not be."""

from __future__ import annotations

from pathlib import Path

import pytest

from panelclerk.nlp.facts import extract_facts
from panelclerk.workflow.criteria import advise

DATA = Path(__file__).parent / "data" / "advice"


def _lines(name: str, count: int) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    cases = [line for line in lines if line and not line.startswith("#")]
    assert len(cases) == count
    return cases


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "Mia (3) drowned in the bath. Her mum had left her on her own in the bath for twenty "
            "minutes while she was on the phone downstairs.",
            "on her own in the bath",
        ),
        (
            "Two brothers aged 4 and 6 died in a house fire; there was no adult in the house.",
            "no adult in the house",
        ),
        (
            "Ben (2) died after swallowing his father's methadone, left out on the table.",
            "swallowing his father's methadone",
        ),
        (
            "The baby (6 weeks) died; his parents were both heavily intoxicated and he was "
            "sleeping between them on the sofa.",
            "intoxicated",
        ),
        (
            "Amy (14) died of an overdose in a hotel room. Older men had been taking her to "
            "hotels for months.",
            "Older men had been taking her to hotels",
        ),
        (
            "Lily (9) is in ICU after her stepfather's friends gave her vodka at a party.",
            "gave her vodka",
        ),
    ],
)
def test_neglect_told_by_what_happened_is_suspected_and_quoted(text, quoted, board):
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true"
    assert quoted in facts["abuse_or_neglect"].evidence[0]
    advice = advise(facts, board)
    assert advice.outcome == "scr_required"
    assert quoted in advice.reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        "Dylan (6) was playing on his own on the swing while his mum hung the washing next to "
        "him when a wasp stung him and he went into anaphylaxis.",
        "Mia (3) drowned in the bath; she was never left alone, mum was with her the whole time.",
        "Mum says she was completely out of it after the caesarean and the midwives fed the baby.",
        "Sam (4) was given ketamine by the paramedics after the crash and is in PICU.",
        "Job done, door fitted. Neighbour said an ambulance took a baby away. No one home.",
        "Sam (13) broke his arm at football camp; one of the coaches, all grown men, gave him a "
        "drink of water.",
        "Parents had a few drinks at a wedding while the grandparents looked after the "
        "2-year-old, who developed meningitis overnight.",
        "Frankie, 8 months, died with a fractured skull. Officers took mum's partner away.",
        "Lily (4) had a fit on the way home from the party. Her dad had had a few drinks so I "
        "was driving.",
        "A child aged 3 fell from the climbing frame beside me; no other adult was needed.",
        "Drunk man in his 40s, a stranger, fell down the escalator onto a 7yo girl with her mum.",
        "Our 11yo was walking home alone from school when a branch fell and hit him.",
        # from a second read: negations, "left" as a side, a victim of a drunk, iron, cans
        # of Coke, a service's cancellations, a motorist, team-mates, anorexia
        "Mum wasn't drunk. The 3 year old fell down the stairs and fractured her skull.",
        "Dad denies being drunk and police confirmed he was sober. The 2 year old fell.",
        "The 4 year old has scalds to her left foot in the bath after the tap was knocked on.",
        "The 8 year old left school in the car with her grandad; the car crashed.",
        "The 8 year old was walking home alone from school when she was hit by a car.",
        "Mum was hit by a drunk driver; the 3 year old in the back has a fractured skull.",
        "No adults were injured but the 7 year old broke his femur.",
        "The 3 year old took mum's iron off the ironing board and has serious burns.",
        "Dad bought him some cans of Coke; the 6 year old later fractured his skull.",
        "The hospital cancelled the last two appointments due to strikes; she is in ICU.",
        "The 9 year old was knocked off her bike by a 45-year-old motorist, who then took "
        "her to hospital.",
        "Older boys from his football team took him to the park, where he fell.",
        "A 15-year-old girl with anorexia is severely underweight and in ICU.",
    ],
)
def test_the_same_words_used_innocently_are_not_read_as_neglect(text):
    assert extract_facts(text).value("abuse_or_neglect") != "true"


@pytest.mark.parametrize(
    ("name", "count", "floor"),
    [
        ("neglect_by_circumstance.txt", 60, 53),
        ("neglect_by_circumstance_2.txt", 50, 34),
        ("neglect_by_circumstance_3.txt", 50, 21),
        ("neglect_by_circumstance_4.txt", 50, 21),
    ],
)
def test_red_teams_neglect_told_by_circumstance_is_mostly_read(name, count, floor):
    """Four red teams wrote without reading the rules: 7 of 60, 4, 4 and 8 of 50 were read at
    the session's start. The first three floors are the figures after a round on each (the
    third's 22 became 21 when a second reader showed "pills" handed out too often innocent);
    the fourth was never worked on (22 when first measured, 21 once two readings that
    misread its innocent descriptions were dropped). They may improve, never worsen."""
    cases = _lines(name, count)
    read = [t for t in cases if extract_facts(t).value("abuse_or_neglect") == "true"]
    assert len(read) >= floor, [t for t in cases if t not in read]


@pytest.mark.parametrize(
    ("name", "ceiling"),
    [
        ("innocent_circumstances.txt", 2),
        ("innocent_circumstances_2.txt", 0),
        ("innocent_circumstances_3.txt", 0),
        ("innocent_circumstances_4.txt", 0),
    ],
)
def test_red_teams_innocent_circumstances_are_seldom_read_as_abuse(name, ceiling, board):
    """The first's two are a 16-year-old "home alone" revising, read so before this reader;
    none of either is advised a review."""
    cases = _lines(name, 60)
    read = [t for t in cases if extract_facts(t).value("abuse_or_neglect") == "true"]
    assert len(read) <= ceiling, read
    assert not [t for t in cases if advise(extract_facts(t), board).outcome == "scr_required"]


@pytest.mark.parametrize(
    "text",
    [
        "ED 03:40, 10/12 old boy, parents say he rolled off the sofa. L parietal swelling. CT "
        "done, formal report awaited; admitted for obs. Reg not sure whether the history fits.",
        "Oscar (4) fell off the climbing frame at nursery and broke his collarbone; he's in a "
        "sling, all fine.",
        "I took a teenage girl (nurse said 15) from ED up to Ward 12; both forearms bandaged.",
        "Ruby, 5, came in with a burn on her forearm. Dad says the bath was too hot. Plastics "
        "seeing her tomorrow.",
    ],
)
def test_a_child_being_treated_is_not_asked_about_as_if_they_might_have_died(text, board):
    """ "Has the child died?" about a child admitted for observation or in a sling is a
    question the description answers."""
    facts = extract_facts(text)
    assert facts.value("died") == "false"
    assert "died" not in advise(facts, board).ask_about


@pytest.mark.parametrize(
    "text",
    [
        "Leo (2) was taken to A&E by ambulance; no update yet on his injuries.",
        "Mia (3) was found unresponsive and taken to hospital.",
        "Sam (5) was taken to A&E; we don't know how he is.",
        "Kai (4) was taken to hospital, where he died.",
        "Mum was admitted after the crash; we do not know where Ellie (6) is.",
        # a confession is no admission to hospital
        "Stepdad admitted shaking her. The 5 month old baby later passed.",
        "Stepfather admitted he had hit the 3 year old. She never woke up.",
    ],
)
def test_treatment_beside_a_death_or_a_doubt_leaves_the_question_open(text):
    assert extract_facts(text).value("died") != "false"
