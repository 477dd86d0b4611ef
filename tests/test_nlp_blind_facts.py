"""One fact at a time, on notes written blind to test it: a child's death said in other words
beside living children and other people's deaths (`deaths.jsonl`), and abuse or neglect told
by what happened beside harm with no abuse in it (`abuse.jsonl`, read for its errors;
`abuse_second.jsonl`, by another writer, never read). Each set was written by someone who
never saw `nlp/`, 90 notes with the fact labelled. The floors are the counts the reader
reaches now: a change that loses one fails, and the figures are in docs/performance.md."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from panelclerk.nlp.facts import extract_facts

DATA = Path(__file__).parent / "data" / "blind"


def _read(name: str, fact: str, label: str) -> Counter[tuple[bool, str]]:
    """(the label, what the reader said) for every note of the set."""
    lines = (DATA / name).read_text("utf-8").splitlines()
    notes = [json.loads(line) for line in lines if line.strip()]
    return Counter((note[label], extract_facts(note["text"]).value(fact)) for note in notes)


def test_deaths_in_other_words_are_read_and_the_living_are_not_dead():
    read = _read("deaths.jsonl", "died", "died")
    assert sum(n for (died, _), n in read.items() if died) == 45
    assert read[(True, "true")] >= 33
    assert read[(True, "false")] == 0  # no child who died is said to be alive
    assert read[(False, "true")] <= 1


@pytest.mark.parametrize(
    ("name", "found", "wrongly"), [("abuse.jsonl", 31, 2), ("abuse_second.jsonl", 27, 3)]
)
def test_abuse_told_by_what_happened_and_harm_without_it(name, found, wrongly):
    read = _read(name, "abuse_or_neglect", "abuse")
    assert read[(True, "true")] >= found
    assert read[(True, "false")] == 0  # no abuse described is denied
    assert read[(False, "true")] <= wrongly
