"""Whatever a person types or a referral holds, the language readers answer: no exception
(one would turn a referral into a quarantined fault and a question into "something went
wrong"), every fact one of true, false or unknown, and every quoted word the asker's own.

The text is built from the words of our own case descriptions and recommendations, cut and
shuffled, with stray punctuation, digits and other scripts, so that the readers meet their
own cue words in orders nobody wrote."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panelclerk import boardfile
from panelclerk.nlp.facts import extract_facts, facts_as_json
from panelclerk.nlp.fields import parse_dates
from panelclerk.nlp.recommend import classify
from panelclerk.nlp.redact import redact
from panelclerk.workflow.agencies import match_agency
from panelclerk.workflow.criteria import FACTS, advise

DATA = Path(__file__).resolve().parents[1] / "panelclerk" / "nlp" / "data"
PRESETS = ("cambridgeshire-2016", "north-west-2014", "working-together-2023")


@cache
def _words() -> list[str]:
    words: set[str] = set()
    for path in DATA.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                words.update(re.findall(r"[\w'’-]+|[^\w\s]", json.loads(line)["text"]))
    return sorted(words)


@cache
def _config(preset: str):
    return boardfile.load_board(framework=preset)


WORD = st.one_of(
    st.sampled_from(_words()),
    st.sampled_from(["not", "no", "never", "may", "if", "and", "but", ".", ",", ";", "\n"]),
    st.from_regex(r"[0-9]{1,3}", fullmatch=True),
    st.text(max_size=6),  # any character: other scripts, controls, emoji
)
TEXT = st.lists(WORD, max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, preset=st.sampled_from(PRESETS))
def test_any_text_gets_facts_advice_and_quotes_of_its_own_words(text, preset):
    facts = extract_facts(text)
    as_json = facts_as_json(facts)
    assert set(as_json) == set(FACTS)
    for name, fact in facts.values.items():
        if name == "age":
            assert fact.detail is None or 0 <= int(fact.detail) <= 130
            continue
        assert fact.value in ("true", "false", "unknown"), name
        for quote in fact.evidence:
            assert quote and quote in text, (name, quote)
    advice = advise(facts, _config(preset))
    assert advice.outcome and advice.reasons


@settings(max_examples=300, deadline=None)
@given(text=TEXT, preset=st.sampled_from(PRESETS))
def test_any_recommendation_is_classified_or_asked_about(text, preset):
    config = _config(preset)
    guess = classify(text, config)
    assert 0.0 <= guess.confidence <= 1.0
    assert guess.review_type in {r.id for r in config.review_types} | {"more_information"} or (
        not guess.confident
    )


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_any_text_gives_dates_and_an_agency_or_none(text):
    for found in parse_dates(text):
        assert 1900 <= found.date.year <= 2200
    config = _config("cambridgeshire-2016")
    agency = match_agency(text, config)
    assert agency is None or config.agency(agency) is not None


@settings(max_examples=300, deadline=None)
@given(
    before=TEXT,
    after=TEXT,
    name=st.sampled_from(["Amelia Hartley", "Jo Ng", "Kacper Wiśniewski", "Aoife O'Neill"]),
)
def test_a_known_name_never_survives_redaction(before, after, name):
    text = f"{before} {name} {after} {name.upper()} {name.split()[0]}."
    shown = redact(text, [name])
    assert name.lower() not in shown.lower()
    for part in name.split():
        if len(part) >= 3:
            assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", shown, re.I), part
