"""One fact at a time, on notes written blind to test it (`make eval` prints the figures): a
child's death said in other words beside living children and other people's deaths, by four
writers; abuse or neglect told by what happened beside harm with no abuse in it, by four;
serious harm told without the word beside lesser harm, by two. Some sets were read for their
errors; the others (the third of the deaths, the fourth of abuse, the second of harm) never were:
they tell whether what was learnt carries over. Each set was written by someone who never
saw `nlp/`, 90 notes with the fact labelled. The floors are the counts the reader reaches
now: a change that loses one fails."""

from __future__ import annotations

import pytest

from panelclerk.nlp.evaluate import evaluate_one_fact, load


def test_deaths_in_other_words_are_read_and_the_living_are_not_dead():
    read = evaluate_one_fact(load("deaths_blind.jsonl"), "died", "died")
    assert read["found"] >= 33
    assert read["denied"] == 0  # no child who died is said to be alive
    assert read["wrongly"] <= 1


@pytest.mark.parametrize(
    ("name", "found", "denied", "wrongly"),
    [
        # written without the words "died", "dead", "death", "passed away", "funeral"; the
        # second and the fourth read for their errors
        ("deaths_blind_second.jsonl", 30, 0, 6),
        # never read; four children who died are read as alive there (five before the
        # words of a gentle death were read), the set's measure of what is still missed
        ("deaths_blind_third.jsonl", 24, 4, 4),
        ("deaths_blind_fourth.jsonl", 38, 1, 8),
    ],
)
def test_deaths_told_without_the_word(name, found, denied, wrongly):
    read = evaluate_one_fact(load(name), "died", "died")
    assert read["found"] >= found
    assert read["denied"] <= denied
    assert read["wrongly"] <= wrongly


@pytest.mark.parametrize("name", ["harm_blind.jsonl", "harm_blind_second.jsonl"])
def test_serious_harm_told_without_the_word(name):
    """Two writers: 45 children seriously harmed, told without "serious", "life-threatening",
    "critical" or "severe", beside 45 hurt or ill but not seriously. The first was read for
    its errors (34 found before lasting harm was read by how long help is needed, 41 after);
    the second never was (30, then 35)."""
    read = evaluate_one_fact(load(name), "seriously_harmed", "harmed")
    assert read["found"] >= {"harm_blind.jsonl": 41, "harm_blind_second.jsonl": 35}[name]
    assert read["denied"] == 0  # no serious harm described is denied
    assert read["wrongly"] <= 5


@pytest.mark.parametrize(
    ("name", "found", "wrongly"),
    [
        ("abuse_blind.jsonl", 32, 2),
        ("abuse_blind_second.jsonl", 36, 3),
        ("abuse_blind_third.jsonl", 39, 6),
        ("abuse_blind_fourth.jsonl", 26, 4),
    ],
)
def test_abuse_told_by_what_happened_and_harm_without_it(name, found, wrongly):
    read = evaluate_one_fact(load(name), "abuse_or_neglect", "abuse")
    assert read["found"] >= found
    assert read["denied"] == 0  # no abuse described is denied
    assert read["wrongly"] <= wrongly
