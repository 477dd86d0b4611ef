"""Someone of 18 or over is answered as an adult, "not met", whatever happened to them; so an
age must never be taken for theirs when it may be someone else's, or when it was months.
Written from a red-team's look at the rule: 32 of 76 descriptions of a child's death or
serious harm were answered "not met" on a carer's, a suspect's or the writer's age, or on
months read as years. Every age of 18 or over is now asked about, quoting it, before the
advice answers as for an adult."""

from __future__ import annotations

from pathlib import Path

import pytest

from panelclerk import boardfile
from panelclerk.bot.advice import Advice
from panelclerk.nlp.ages import age_read
from panelclerk.nlp.facts import extract_facts
from panelclerk.workflow.config import BoardConfig
from panelclerk.workflow.criteria import advise

DATA = Path(__file__).parent / "data" / "advice"
NOT_MET = "threshold_not_met"


def _not_met(name: str, count: int, board: BoardConfig) -> tuple[list[str], list[str]]:
    """A red team's file, checked whole, and its descriptions answered "not met"."""
    cases = _cases(name)
    assert len(cases) == count
    return cases, [text for text in cases if advise(extract_facts(text), board).outcome == NOT_MET]


def _asks_whether_abuse_is_suspected(text: str, board: BoardConfig) -> None:
    advice = advise(extract_facts(text), board)
    assert advice.outcome == "more_information_needed"
    assert "abuse_or_neglect" in advice.ask_about


def _cases(name: str) -> list[str]:
    """One description a line of a red team's file (a line's "\\n" is a line break)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("#")]


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
        ("Kenzie, aged eighteen months, has a skull fracture.", 18),
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
def test_an_adults_age_is_confirmed_and_then_answered_as_an_adult(text, board):
    """Even an age that looks like the person's own is asked: no list of whose else it can
    be is complete (a second red-team round got 54 of 116 past one). "Yes" then answers as
    for an adult, naming the Safeguarding Adults Review."""
    facts = extract_facts(text)
    assert advise(facts, board).ask_about == ("adult",)
    advice = advise(facts.with_answer("adult", "true", "yes"), board)
    assert advice.outcome == "threshold_not_met"
    assert "not a child" in advice.reasons[0]
    assert "Safeguarding Adults Review" in advice.reasons[1]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("A 17-year-old man died in hospital after being stabbed on the estate.", 17),
        ("Name: Kyle Dean\nAge: 15\nRole: victim", 15),
        ("The victim is a YP of 15-y-o, stabbed in the chest.", 15),
        ("Sup 30/1. J, 16, Y11 - in a residential placement since Nov.", 16),
        ("Leah (15) was raped and is in hospital. Suspect: D, 19.", 15),
    ],
)
def test_a_childs_age_as_police_and_forms_give_it(text, age):
    read = age_read(text)
    assert read is not None and read[0] == age * 12


@pytest.mark.parametrize("framework", ["fenmarsh", "working-together-2023"])
def test_no_childs_death_or_harm_beside_an_adults_age_is_answered_not_met(framework):
    """The red-team rounds' 288 descriptions, under either framework."""
    board = boardfile.load_board(None, None if framework == "fenmarsh" else framework)
    _, answered = _not_met("adult_ages.txt", 288, board)
    assert answered == []


# From a second read of the change.
def test_dont_know_to_the_adult_question_applies_the_criteria_as_for_a_child(board):
    bot = Advice(board, frozenset())
    bot.on_direct_message(
        "slack",
        "U2",
        "Kai died in hospital from a head injury. Mr B (23) who was caring for him has been "
        "arrested on suspicion of murder.",
    )
    reply = bot.on_direct_message("slack", "U2", "don't know")
    assert reply.card is not None and "must be commissioned" in reply.card.text()


def test_after_dont_know_the_next_answer_is_to_the_question_shown_next(board):
    """A "don't know" to whether abuse is suspected moves on to whether the child died; the
    "no" that follows answers that question, not the one just answered "don't know" (which
    had read as "no abuse" and answered "not met")."""
    bot = Advice(board, frozenset())
    first = bot.on_direct_message(
        "slack",
        "U4",
        "Short one - Dylan (14) in the Royal since last night. Mum rang in tears, says he's 'in "
        "a bad way' but docs haven't told her much. Not clear if he came off a stolen moped or "
        "if the lads he's been hanging round with did this to him.",
    )
    assert first.card is not None and "abuse or neglect" in first.card.text().lower()
    shown = bot.on_direct_message("slack", "U4", "don't know")
    assert shown.card is not None
    assert shown.card.buttons[0].value.split("|")[0] != "abuse_or_neglect"
    after = bot.on_direct_message("slack", "U4", "no")
    assert after.card is None or "do not appear to be met" not in after.card.text()
    assert after.text is None or "do not appear to be met" not in after.text


def test_a_yes_to_the_adult_question_can_be_corrected(board):
    bot = Advice(board, frozenset())
    text = (
        "Kai died in hospital from a head injury. Mr B (23) who was caring for him has been "
        "arrested on suspicion of murder."
    )
    bot.on_direct_message("slack", "U3", text)
    adult = bot.on_direct_message("slack", "U3", "yes")
    assert adult.card is not None and "do not appear to be met" in adult.card.text()
    assert "reply no" in adult.card.text()
    corrected = bot.on_direct_message("slack", "U3", "no")
    assert corrected.card is not None and "must be commissioned" in corrected.card.text()
    assert "Age: 23" not in corrected.card.text()


@pytest.mark.parametrize(
    "text",
    [
        "Her last review was 6 months ago.",
        "She was 6 months pregnant.",
        "He was 3 weeks in hospital.",
        "His reading turned 15% worse.",
        "It turned 5 minutes later.",
    ],
)
def test_times_that_are_not_ages(text):
    assert age_read(text) is None


def test_an_initial_and_a_number_beside_a_word_is_no_age():
    assert age_read("The review agreed Plan B, 12, with the school.") is None
    assert age_read("Ward B, 12, bed 3.") is None


def test_an_order_depriving_a_child_of_liberty_is_asked_about_when_the_age_is_not_given(board):
    """The order is named and the child's age is not: the route is open and the text hints
    at it, so it is asked, not answered "not met unless detained"."""
    facts = extract_facts(
        "In a residential placement since Nov under a High Court order (locked doors, phone "
        "removed - the DoL order). She had a severe asthma attack and died in A&E. Nobody's "
        "suggesting anyone hurt her."
    )
    advice = advise(facts, board)
    assert advice.outcome == "more_information_needed"
    assert "deprivation_of_liberty_16_17" in advice.ask_about


def test_a_boy_of_16_written_age_16_m_keeps_the_dols_route(board):
    facts = extract_facts(
        "Kyle Dean, Age: 16 M, subject to a DoLS order, died at the unit. No abuse or neglect "
        "suspected."
    )
    assert facts["age"].detail == "16"
    assert advise(facts, board).outcome == "scr_expected"


def test_a_care_leavers_death_is_notified_whoever_else_is_given_an_age():
    wt = boardfile.load_board(None, "working-together-2023")
    facts = extract_facts(
        "Tom, a care leaver, died of an overdose at his flat. His flatmate, aged 25, found "
        "him. There are no concerns about abuse or neglect."
    )
    assert facts.value("care_leaver") == "true"
    assert advise(facts, wt).outcome == "notify_death_in_care"


def test_a_childs_harm_beside_a_denial_of_something_else_is_not_answered_not_met(board):
    """A red team's 50 descriptions of a child's death or serious harm with abuse or neglect,
    beside words that read like a denial ("Dad denies shaking him", "nobody realised how
    badly she was neglected", "the burns were not accidental", "previous concerns: none").
    All 50 were answered "not met"; none is now."""
    _, answered = _not_met("child_harm_beside_a_denial.txt", 50, board)
    assert not answered, answered


def test_a_childs_harm_beside_an_account_is_seldom_answered_not_met(board):
    """A red team's 98 descriptions of a child's harm beside a parent's account, a finding
    set against one ("none of the fractures fitted the parents' account") or a denial of
    intent ("he never meant to hit him so hard"). 23 were answered "not met" before the
    parties' accounts were read as theirs; 3 are now, one of them rightly (definitive
    evidence that agencies worked well, for a harm that is not a death). The figure may
    fall, never rise."""
    _, answered = _not_met("harm_beside_an_account.txt", 98, board)
    assert len(answered) <= 3, answered


def test_a_professionals_denial_still_answers_not_met(board):
    """The same red team's 91 descriptions where a professional plainly finds no abuse or
    neglect ("She [the paediatrician] said there was no evidence of neglect", "the GP had no
    concerns about his care"). 89 were answered "not met" before; 87 are now: the two asked
    rest on "no history of abuse", a denial of what was known before. The figure may rise,
    never fall."""
    _, answered = _not_met("professionals_denials.txt", 91, board)
    assert len(answered) >= 87, len(answered)


def test_everyday_acts_are_seldom_read_as_abuse(board):
    """A red team's 107 everyday, clinical and sports sentences in the words of the cues that
    read abuse from what a person did ("mum had stopped her feeds before the procedure", "he
    did it on purpose to annoy his sister", "out of it with flu", "never meant to hit him
    with the cricket ball"). When those cues were first written 75 were read as abuse, a
    death or a review required; 1 is now. The figure may fall, never rise."""
    alarms = []
    for text in _cases("everyday_acts.txt"):
        facts = extract_facts(text)
        advice = advise(facts, board)
        if facts.value("abuse_or_neglect") == "true" or advice.outcome == "scr_required":
            alarms.append(text)
    assert len(_cases("everyday_acts.txt")) == 107
    assert len(alarms) <= 1, alarms


def test_a_childs_harm_beside_an_agencys_earlier_view_is_seldom_answered_not_met(board):
    """The same red team's 82 descriptions of a child's death or serious harm with abuse or
    neglect, beside a parent's denial and an agency's "no concerns about his care". 25 were
    answered "not met" at the start; 3 are now, where the harm is told in words no rule
    reads as abuse and the parent's account denies nothing ("Mum says she was only gone a
    minute"). The figure may fall, never rise."""
    _, answered = _not_met("harm_beside_an_agencys_view.txt", 82, board)
    assert len(answered) <= 3, answered


def test_a_childs_harm_at_the_edges_of_the_accounts_is_seldom_answered_not_met(board):
    """A fourth red team's 145 descriptions of a child's harm aimed at the edges of these
    readings (a parent named with an age or a role, "stated", "we were told by his mother",
    an agency's view "at the 6 week check"). 52 were answered "not met" at first; 14 are now,
    where the harm is told in words no rule reads as abuse or the clearance is a
    professional's, with no police inquiry open. The figure may fall, never rise."""
    _, answered = _not_met("harm_at_the_edges.txt", 145, board)
    assert len(answered) <= 14, len(answered)


@pytest.mark.parametrize(
    "text",
    [
        "Toby (5) died of a head injury. According to his mother there was no abuse; the "
        "police are investigating.",
        "Harry (2) died of head injuries. His grandmother, who is a nurse, said there was no "
        "abuse. The police are investigating the parents.",
        "Ollie (5) died of a head injury. The police officer told mum there was no evidence of "
        "abuse at that stage; a murder investigation has since been opened.",
    ],
)
def test_no_ones_denial_answers_while_the_police_investigate(text, board):
    """While the police investigate a child's death or injury, the question is open: the
    lead is asked, never told "not met" on a relative's or an agency's "no abuse"."""
    _asks_whether_abuse_is_suspected(text, board)


@pytest.mark.parametrize(
    "text",
    [
        "A five year old boy has died. Abuse is not suspected by anyone, but the police are "
        "investigating how he got out of the house.",
        "Marcus (12) died after he was hit by a car on the crossing; the driver has been "
        "arrested. The school and social care had no concerns about his care at home.",
        "Layla (5) died in a house fire caused by an electrical fault. The police investigation "
        "was closed and they found no evidence of neglect.",
    ],
)
def test_a_denial_stands_beside_an_inquiry_that_is_not_into_the_household(text, board):
    """A denial by everyone, a driver arrested after a crash, an inquiry that has ended:
    the answer is still "not met"."""
    assert advise(extract_facts(text), board).outcome == NOT_MET


@pytest.mark.parametrize(
    "text",
    [
        "Amelia (3) died from a fatal dose of methadone at home. Mum denies giving it to her. "
        "The family support worker had no concerns about parenting.",
        "Sadie (9) suffered a broken neck when her father swung her by the arms against the "
        "doorframe. He denies it. The school had no concerns about her account.",
    ],
)
def test_a_parents_denial_of_anything_leaves_an_agencys_view_unanswering(text, board):
    """A parent who denies what happened, in whatever words, has had it put to them: an
    agency's "no concerns" beside it does not answer "not met"."""
    _asks_whether_abuse_is_suspected(text, board)


def test_a_finding_of_natural_causes_still_answers_beside_a_parents_denial(board):
    text = (
        "Milo (5) died of a sudden illness. Mum's partner denies any harm. The police found no "
        "suspicious circumstances and the paediatrician confirmed natural causes."
    )
    assert advise(extract_facts(text), board).outcome == NOT_MET


def test_no_child_harmed_while_the_police_inquire_is_answered_not_met(board):
    """A fifth red team's 80 descriptions of a child's death or serious harm with abuse or
    neglect while a police inquiry is open ("CID have taken over", "dad was bailed", "a file
    has gone to the CPS", "interviewed under caution"), beside a relative's or an agency's
    "no abuse": all 80 were answered "not met" before the inquiry was read, 70 when it was
    read from set phrases, and none is now."""
    _, answered = _not_met("inquiry_harms.txt", 80, board)
    assert not answered, answered


def test_police_beside_a_professionals_finding_still_answers_not_met(board):
    """The same red team's 50 deaths and injuries with no abuse or neglect, a professional's
    finding, and the police there in a way that opens no inquiry into the household (a
    driver arrested, an inquiry stood down, "treating it as an accident", routine for the
    coroner). 43 were answered "not met" before; 5 were when the inquiry was read from set
    phrases; 43 are now. The 7 others were wrong before it: a driver "arrested" asks about
    custody, and "treating the death as unexplained until ..." reads as suspected. The
    figure may rise, never fall."""
    cases, answered = _not_met("inquiry_clearances.txt", 50, board)
    assert len(answered) >= 43, [text for text in cases if text not in answered]


def test_a_second_red_teams_harms_while_the_police_inquire_are_seldom_answered_not_met(board):
    """A sixth red team's 60 harms while a police inquiry is open, in words the fifth's did
    not use ("DC Ahmed is OIC", "pre-charge bail", "the house is now a crime scene", "they've
    since opened an investigation"), beside a relative's or an agency's "no concerns". 49
    were answered "not met" before the inquiry was read, 42 when it was first read; 10 are
    now, where a closing word is used in an open sense ("an accident is not believed") or
    the household is named as a stranger is ("Dad, the owner of the house"). The figure may
    fall, never rise."""
    _, answered = _not_met("inquiry_harms_2.txt", 60, board)
    assert len(answered) <= 10, answered


def test_a_second_red_teams_clearances_beside_the_police_mostly_answer_not_met(board):
    """The same red team's 40 deaths and injuries with no abuse or neglect beside police
    who are not inquiring into the household: 38 were answered "not met" before the inquiry
    was read, 15 when it was first read, 34 now (a consultant's "opinion" or "view" is not
    read as a finding, so beside a stranger questioned under caution it is asked about; two
    were wrong before). The figure may rise, never fall."""
    cases, answered = _not_met("inquiry_clearances_2.txt", 40, board)
    assert len(answered) >= 34, [text for text in cases if text not in answered]


# From a second read of the inquiry reader.
DAISY = "Daisy (3) has been in PICU for a week with a severe head injury. {} The nursery "
DAISY += "manager says she has no concerns about Daisy."


@pytest.mark.parametrize(
    "said",
    [
        "Police are investigating whether it was an accident.",
        "Police are investigating and dad says he dropped her.",
        "It happened at a caravan site and police are investigating.",
    ],
)
def test_an_inquiry_still_open_in_other_words_leaves_the_question_open(said, board):
    _asks_whether_abuse_is_suspected(DAISY.format(said), board)


@pytest.mark.parametrize(
    "text",
    [
        "Jack (2) fractured his skull. Mum denies neglect. The health visitor found her care "
        "to be good.",
        "Jack (2) fractured his skull. Mum denies hurting him. She found him at the foot of "
        "the stairs and it was a tragic accident.",
        "Daisy (3) has been in PICU with a severe head injury. Police are investigating. The "
        "health visitor found no signs of neglect at a home visit on 3 March.",
    ],
)
def test_a_view_or_a_partys_account_does_not_answer_beside_a_denial_or_an_inquiry(text, board):
    """A health visitor's view of the care, a mother's "tragic accident", "no concerns were
    raised by anyone", a finding dated before the harm: none answers "not met" once a party
    has denied something or while the police inquire."""
    assert advise(extract_facts(text), board).outcome == "more_information_needed"


@pytest.mark.parametrize(
    "text",
    [
        "Ella (15) took an overdose and is in intensive care. Ella denies any self-harm "
        "before. The school and GP had no concerns about her care at home.",
        "Jo (2) has a skull fracture after a fall. Dad wasn't arrested. The paediatrician "
        "found no signs of abuse.",
        "Jo (2) died. Mum's partner denies any harm. A couple of days later the paediatrician "
        "confirmed natural causes.",
    ],
)
def test_a_childs_own_denial_or_no_arrest_leaves_not_met(text, board):
    assert advise(extract_facts(text), board).outcome == NOT_MET


def test_a_third_red_team_unseen_by_the_rules_finds_few_harms_answered_not_met(board):
    """A seventh red team wrote 50 harms beside an open inquiry and 40 clearances without
    reading the rules, and they were measured once before anything was learned from them:
    harms answered "not met" 10 at the session's start and 2 with the inquiry read (an
    arrest in slang, "his mam's fella got lifted"; two adults of the household "arrested and
    bailed" beside a housing officer's "no concerns"); clearances answered "not met" 36 and
    34 (a finding worded "no safeguarding concerns" beside police investigating a seller).
    After a round on them, 0 and 38 (the two left are strangers' assaults, which the
    statutory guidance may count as abuse). The figures may improve, never worsen."""
    _, harms = _not_met("inquiry_harms_3.txt", 50, board)
    assert not harms, harms
    cases, cleared = _not_met("inquiry_clearances_3.txt", 40, board)
    assert len(cleared) >= 38, [text for text in cases if text not in cleared]


LEO = "Leo, 2, died at home. The health visitor had no concerns about his care. {}"


@pytest.mark.parametrize(
    "said",
    [
        "Police are investigating as they do not accept dad's account.",
        "A skeletal survey has been completed and police are investigating.",
        "Police are investigating and dad is no longer allowed contact with his siblings.",
        "Police are investigating and are appealing for any child who saw it to come forward.",
        "Detectives are investigating and have seized the family dog.",
        "Police are investigating and have asked for any CCTV from the shop next door.",
    ],
)
def test_words_of_closing_or_of_strangers_used_otherwise_leave_the_inquiry_open(said, board):
    """From a third read: words that close an inquiry or name a stranger, used in another
    sense beside one still open, had let the health visitor's view answer "not met"."""
    _asks_whether_abuse_is_suspected(LEO.format(said), board)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (DAISY.format("Mum's partner is on bail."), "Mum's partner is on bail"),
        (
            "Baby Theo (8 weeks) has bleeding inside his skull. Police found no evidence of "
            "abuse at the home visit in March, but have now arrested dad.",
            "have now arrested dad",
        ),
        (DAISY.format("Mum's boyfriend, a van driver, has been arrested."), "has been arrested"),
        (DAISY.format("Mum's partner remains under investigation."), "remains under"),
        (DAISY.format("Mum's partner is due in court next week."), "due in court"),
        (
            "Daisy (3) has been in PICU with a severe head injury. Mum's partner is on bail. No "
            "concerns were ever raised by anyone.",
            "Mum's partner is on bail",
        ),
        (LEO.format("Mum's boyfriend is on police bail, not charged."), "on police bail"),
        (
            LEO.format("Mum's boyfriend is on bail and grandad was released without charge."),
            "Mum's boyfriend is on bail",
        ),
        (
            LEO.format("Mum's boyfriend, who works at a warehouse, has been arrested."),
            "has been arrested",
        ),
        (
            "Lola (9 months) passed away at home yesterday. Police were all round the house "
            "last night and they've taken her dad in.",
            "taken her dad in",
        ),
        (
            "Ellie, 15, died of a single stab wound to the chest. Suspect Connor Hale, 19, "
            "ex-boyfriend, detained nearby.",
            "detained nearby",
        ),
    ],
)
def test_one_of_the_household_held_by_the_police_is_abuse_suspected(text, quoted, board):
    """After a child's death or serious harm, the police holding one of the household
    (arrested, on bail, under investigation, "taken in") is a suspicion of abuse, which is
    what Regulation 5(2)(a) asks about: "SCR required", quoting the words, not a question,
    and no one's "no concerns" answers it."""
    facts = extract_facts(text)
    assert facts.value("abuse_or_neglect") == "true" and facts["abuse_or_neglect"].hedged
    assert quoted in facts["abuse_or_neglect"].evidence[0]
    assert advise(facts, board).outcome == "scr_required"


@pytest.mark.parametrize(
    "text",
    [
        "Marcus (12) died after he was hit by a car on the crossing; the driver has been arrested.",
        "Amy (2) was seriously ill with sepsis. Dad took her in at 3am and she is in PICU.",
        "Poppy (4) died in a house fire. Police arrested a neighbour for arson.",
        "Max (10) has a fractured skull after a fall. Police spoke to mum; she was not arrested.",
        "Jay (16) has a fractured skull. He was remanded in custody last month.",
        "Toby (9) has a fractured skull after falling off his bike. His father was arrested "
        "for burglary last year.",
    ],
)
def test_a_stranger_or_the_child_held_or_no_one_held_is_no_suspicion_of_the_household(text):
    """A driver or a neighbour arrested, a parent who "took her in" to hospital, one not
    arrested, a pronoun that may be the child's own, an arrest for something else: none is
    one of the household held over what happened."""
    facts = extract_facts(text)
    assert not any(
        "arrest" in quote or "remanded" in quote or "took her in" in quote
        for quote in facts["abuse_or_neglect"].evidence
    )


def test_a_red_teams_holds_over_the_child_are_read_and_holds_for_something_else_are_not():
    """A red team wrote 40 deaths and serious harms with one of the household held over
    what happened ("Nan's been arrested", "spent the night in the cells", "been done for
    what happened to Lola") and 40 with one held over something else ("on bail over an
    unrelated VAT fraud", "arrested in 2016 after a pub fight", "helping police as the key
    witness"), without reading the rules. Measured once before the hold was read: 9 and 5
    read as abuse; after: 29 and 1 (the one is a stranger "verbally abusing nurses"). The
    figures may improve, never worsen."""
    held = [extract_facts(t).value("abuse_or_neglect") for t in _cases("held_over_the_child.txt")]
    assert len(held) == 40 and held.count("true") >= 29
    other = [
        extract_facts(t).value("abuse_or_neglect") for t in _cases("held_for_something_else.txt")
    ]
    assert len(other) == 40 and other.count("true") <= 1


@pytest.mark.parametrize(
    "text",
    [
        "Ella, 3, died at home. Ella's mum denies any wrongdoing. The GP had no concerns about "
        "her care.",
        "Ella, 3, died after a fall. Mum denies any wrongdoing. The paramedic said it was a "
        "tragic accident.",
    ],
)
def test_a_mothers_denial_is_hers_and_a_view_of_an_accident_is_no_finding(text, board):
    _asks_whether_abuse_is_suspected(text, board)


def test_a_button_on_an_older_card_answers_its_own_question(board):
    """Each answer button names its question: a "yes" clicked on an earlier card answers
    that card's question, not the one shown last."""
    bot = Advice(board, frozenset())
    text = (
        "Short one - Dylan (14) in the Royal since last night. Mum rang in tears, says he's 'in "
        "a bad way' but docs haven't told her much. Not clear if he came off a stolen moped or "
        "if the lads he's been hanging round with did this to him."
    )
    first = bot.on_direct_message("slack", "U5", text)
    assert first.card is not None
    old = first.card.buttons[0].value.split("|")[0]
    shown = bot.on_direct_message("slack", "U5", "don't know")
    assert shown.card is not None and shown.card.buttons[0].value.split("|")[0] != old
    answered = bot.on_answer_button("slack", "U5", f"{old}|true")
    assert answered.card is not None
    assert 'known or suspected: yes ("yes")' in answered.card.text()


def test_fine_now_physically_does_not_answer_the_harm_of_sexual_abuse(board):
    text = (
        "Maya (15) has been sexually abused by her uncle for years and attempted to hang "
        "herself last week. She is fine now, physically, and has been discharged."
    )
    advice = advise(extract_facts(text), board)
    assert advice.outcome == "more_information_needed"
    assert advice.ask_about == ("seriously_harmed",)


def test_a_death_the_police_investigate_as_suspicious_is_suspected_abuse(board):
    text = (
        "Kai (2) died of a head injury. The health visitor found no concerns about the home "
        "conditions. Police are investigating his death as suspicious."
    )
    assert advise(extract_facts(text), board).outcome == "scr_required"


def test_a_professionals_clearance_at_the_edges_still_answers_not_met(board):
    """The same red team's 55 clearances by professionals: 51 were answered "not met" at the
    start, and 48 are now: beside a parent's denial, a clinician's "no concerns about his
    care" is asked about (it cannot be told from a view held before the harm), and "the
    history given by dad" is not read as the child's care. The figure may rise, never
    fall."""
    _, answered = _not_met("professionals_clearances.txt", 55, board)
    assert len(answered) >= 48, len(answered)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "A young man, Kieran, died at the weekend; a friend says he'd been beaten up by his "
            "dad. I don't know his exact age, I'd guess 17 or 18.",
            "don't know his exact age",
        ),
        (
            "Riley, Year 13, died on Sunday and it's believed he took his own life. Last summer "
            "he told me his dad beats him. Don't know his DOB.",
            "Don't know his DOB",
        ),
        (
            "Asylum-seeking young person, age disputed: he says he is 17, the assessment put "
            "him at 20. He was beaten by the men who trafficked him and is in ICU.",
            "age disputed",
        ),
        (
            "A lad was found dead by the skate park; the mums say older men had him selling "
            "drugs for them. Couldn't tell you his age, he looked anything from 15 to 20.",
            "Couldn't tell you his age",
        ),
    ],
)
def test_an_age_left_in_doubt_near_18_is_asked_before_anything_is_advised(text, quoted, board):
    """Each was "SCR required" as if a child: the writer could not say whether they were
    under 18, which decides whether any criterion for children applies."""
    advice = advise(extract_facts(text), board)
    assert advice.outcome == "more_information_needed"
    assert advice.ask_about == ("adult",)
    assert f'in doubt ("{quoted}")' in advice.reasons[0]


def test_an_age_still_unknown_is_advised_as_for_a_child_with_the_condition_first(board):
    """ "Don't know" to an age in doubt: advised as for a child, as a "don't know" always is
    and as age assessment gives the benefit of the doubt (no notification waits on it), with
    the condition first: not met if they were 18 or over, and the adults' review named with
    its own conditions."""
    text = (
        "Kieran died at the weekend and his mum's friend says he'd been beaten up by his dad. "
        "I don't know his exact age, I'd guess 17 or 18."
    )
    bot = Advice(board, frozenset())
    first = bot.on_direct_message("slack", "U7", text)
    assert first.card is not None and "18 or over" in first.card.text()
    reply = bot.on_direct_message("slack", "U7", "don't know")
    assert reply.card is not None
    said = reply.card.text()
    assert "must be commissioned" in said
    assert "Their age is in doubt" in said and "treated as a child" in said
    assert "care and support needs" in said
    assert "pc:start_referral" in [b.action for b in reply.card.buttons]


@pytest.mark.parametrize(
    "text",
    [
        "Leo (7) has a fractured skull; dad is a suspect. I don't know his DOB; mum is 19.",
        "Kayla (13) was hurt by her boyfriend. We do not know the date of birth of him, 25.",
        "Kayla (17) was hurt. We do not know the date of birth of her boyfriend, aged 25.",
        "A 16 year old was found dead after being sexually exploited by older men; police "
        "could not confirm their age.",
        "A 16 year old was stabbed. Police don't know how old the attackers were.",
        "A 16 year old girl died. Dad didn't remember her birthday.",
        "A 16 year old has fractures to his arms. The bruises may be older.",
        "It could have been 20 minutes before anyone noticed the 17 year old was missing.",
    ],
)
def test_a_childs_age_given_or_someone_elses_unknown_is_not_in_doubt(text):
    """Doubt about someone else's age, an injury's, or a time is none about the child's."""
    age = extract_facts(text)["age"]
    assert age.detail is not None and not age.hedged


def test_an_adult_who_was_once_a_toddler_is_asked_about_as_an_adult(board):
    """ "As a toddler" is the person's past, not a young child beside whom an adult's age is
    a parent's: the age is asked about, not dropped (which advised an SCR for a man of 20)."""
    text = (
        "Re: Aidan D., care leaver, aged 20. Found dead in his tenancy, likely overdose. He was "
        "on the CP register as a toddler (physical abuse by dad)."
    )
    advice = advise(extract_facts(text), board)
    assert advice.ask_about == ("adult",)
    assert '20 ("aged 20")' in advice.reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        "Reece, 17. Was in custody at Cookham Wood until Feb, released on licence, living with "
        "his nan. Died at home on Sunday of a severe asthma attack.",
        "Reece, 17, died at home of an asthma attack. He had been in a YOI until March.",
    ],
)
def test_a_custody_that_ended_before_the_death_is_no_death_in_custody(text, board):
    """Read as a death in custody, the first was "a review should always be carried out"."""
    facts = extract_facts(text)
    assert facts.value("died_in_custody") != "true"
    assert "died_in_custody" not in advise(facts, board).ask_about


def test_a_death_on_remand_until_trial_is_still_in_custody(board):
    text = "Reece, 17, was remanded to Feltham until his trial and was found dead in his cell."
    assert advise(extract_facts(text), board).outcome == "scr_expected"
