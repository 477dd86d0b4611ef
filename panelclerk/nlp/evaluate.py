"""`make eval`: precision, recall and F1 per criteria fact and per recommendation class on a
split of the labelled data in nlp/data (the held-out split by default). A fact's positive
classes are true and false; unknown (not mentioned) is the negative class."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..workflow.criteria import FACTS, advise
from .facts import extract_facts
from .recommend import classify

CARE = ("child_in_care", "care_leaver")
# A case needing a review or a notification, advised as below threshold: a dangerous miss.
NEEDS_REVIEW = frozenset(
    {"scr_required", "scr_expected", "notify_serious_case", "notify_death_in_care"}
)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int


def _score(tp: int, fp: int, fn: int) -> Score:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(round(precision, 3), round(recall, 3), round(f1, 3), tp + fn)


def load(name: str) -> list[dict[str, Any]]:
    text = resources.files("panelclerk.nlp.data").joinpath(name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def evaluate_cases(items: list[dict[str, Any]], config: Any) -> dict[str, Any]:
    # Age is scored apart; the two care facts on their own data set (evaluate_care).
    # "adult" is never read, only answered (a confirmation the advice asks for)
    read = [f for f in FACTS if f not in ("age", "adult", *CARE)]
    counts: dict[str, Counter[str]] = {f: Counter() for f in read}
    age_right = age_total = outcome_right = outcome_total = dangerous = answered = 0
    for item in items:
        facts = extract_facts(item["text"])
        _count(counts, item, facts)
        if "age" in item:
            age_total += 1
            found = facts["age"].detail
            age_right += (int(found) if found else None) == item["age"]
        if "outcome" in item:
            outcome_total += 1
            advice = advise(facts, config)
            outcome = advice.outcome
            outcome_right += outcome == item["outcome"]
            # a question whose answer the labelled facts say the text gives
            answered += any(q in item["facts"] for q in advice.ask_about)
            dangerous += item["outcome"] in NEEDS_REVIEW and outcome == "threshold_not_met"
    scores = {name: _score(c["tp"], c["fp"], c["fn"]) for name, c in counts.items()}
    return {
        "facts": scores,
        "age_accuracy": round(age_right / max(1, age_total), 3),
        "outcome_accuracy": round(outcome_right / max(1, outcome_total), 3)
        if outcome_total
        else None,
        "dangerous_misses": dangerous,
        "questions_answered_by_text": answered,
        "cases": len(items),
    }


def _count(counts: dict[str, Counter[str]], item: dict[str, Any], facts: Any) -> None:
    for name, counter in counts.items():
        gold = item["facts"].get(name, "unknown")
        pred = facts.value(name)
        if pred != "unknown" and pred == gold:
            counter["tp"] += 1
        else:
            if pred != "unknown":
                counter["fp"] += 1
            if gold != "unknown":
                counter["fn"] += 1


def evaluate_care(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Whether the child was in care, and whether a young person was a care leaver: labelled
    on descriptions of their own (care_*.jsonl), the other facts not labelled there."""
    counts: dict[str, Counter[str]] = {f: Counter() for f in CARE}
    for item in items:
        _count(counts, item, extract_facts(item["text"]))
    return {
        "facts": {name: _score(c["tp"], c["fp"], c["fn"]) for name, c in counts.items()},
        "cases": len(items),
    }


def evaluate_recommendations(items: list[dict[str, Any]], config: Any) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {}
    right = 0
    for item in items:
        pred = classify(item["text"], config).review_type
        gold = item["label"]
        right += pred == gold
        counts.setdefault(gold, Counter())
        counts.setdefault(pred, Counter())
        if pred == gold:
            counts[gold]["tp"] += 1
        else:
            counts[pred]["fp"] += 1
            counts[gold]["fn"] += 1
    scores = {label: _score(c["tp"], c["fp"], c["fn"]) for label, c in sorted(counts.items())}
    return {
        "classes": scores,
        "accuracy": round(right / max(1, len(items)), 3),
        "texts": len(items),
    }


# One fact at a time, on notes written blind to test it (90 each, the fact labelled): a
# child's death said in other words beside living children and other people's deaths, and
# abuse told by what happened beside harm with none (the second by another writer, unread).
ONE_FACT = (
    ("deaths_blind.jsonl", "died", "died"),
    ("deaths_blind_second.jsonl", "died", "died"),
    ("deaths_blind_third.jsonl", "died", "died"),
    ("deaths_blind_fourth.jsonl", "died", "died"),
    ("harm_blind.jsonl", "seriously_harmed", "harmed"),
    ("harm_blind_second.jsonl", "seriously_harmed", "harmed"),
    ("abuse_blind.jsonl", "abuse_or_neglect", "abuse"),
    ("abuse_blind_second.jsonl", "abuse_or_neglect", "abuse"),
    ("abuse_blind_third.jsonl", "abuse_or_neglect", "abuse"),
    ("abuse_blind_fourth.jsonl", "abuse_or_neglect", "abuse"),
)


def evaluate_one_fact(items: list[dict[str, Any]], fact: str, label: str) -> Counter[str]:
    """How the reader answered: "found" (labelled true, read true), "missed" (labelled
    true, read unknown), "denied" (labelled true, read false: the dangerous one), "wrongly"
    (labelled false, read true), "cleared" and "left" (labelled false, read false or unknown).
    """
    names = {
        (True, "true"): "found",
        (True, "unknown"): "missed",
        (True, "false"): "denied",
        (False, "true"): "wrongly",
        (False, "false"): "cleared",
        (False, "unknown"): "left",
    }
    return Counter(
        names[(bool(item[label]), extract_facts(item["text"]).value(fact))] for item in items
    )


# Held out and written in practitioners' styles (referral emails, police notes, case-note
# extracts, text-speak, Working Together 2023 notifications), reported apart.
STYLES = "cases_heldout_styles.jsonl"


def report(split: str = "heldout") -> dict[str, Any]:
    from .. import boardfile

    config = boardfile.load_board()
    return {
        "split": split,
        "cases": evaluate_cases(load(f"cases_{split}.jsonl"), config),
        "styles": evaluate_cases(load(STYLES), config) if split == "heldout" else None,
        "care": evaluate_care(load(f"care_{split}.jsonl")),
        "recommendations": evaluate_recommendations(load(f"recommendations_{split}.jsonl"), config),
        "one_fact": {
            name: evaluate_one_fact(load(name), fact, label) for name, fact, label in ONE_FACT
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="heldout", choices=("heldout", "dev"))
    args = parser.parse_args()
    result = report(args.split)
    recs = result["recommendations"]
    _print_cases(f"{args.split} split", result["cases"])
    if result["styles"] is not None:
        _print_cases(f"held out, practitioners' styles ({STYLES})", result["styles"])
    care = result["care"]
    print(f"in care and care leavers, {args.split} split ({care['cases']} descriptions)")
    for name, s in care["facts"].items():
        print(f"  {name:34} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.support:8d}")
    print(
        f"recommendations, {args.split} split ({recs['texts']} texts), "
        f"accuracy {recs['accuracy']:.3f}"
    )
    print(f"  {'class':34} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for name, s in recs["classes"].items():
        print(f"  {name:34} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.support:8d}")
    for (name, fact, _), read in zip(ONE_FACT, result["one_fact"].values(), strict=True):
        having = read["found"] + read["missed"] + read["denied"]
        without = read["wrongly"] + read["cleared"] + read["left"]
        print(
            f"{fact} on {name}: {read['found']} of {having} found, {read['denied']} denied; "
            f"{read['wrongly']} of {without} without it read as having it"
        )


def _print_cases(title: str, cases: dict[str, Any]) -> None:
    print(f"criteria facts, {title} ({cases['cases']} case descriptions)")
    print(f"  {'fact':34} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for name, s in cases["facts"].items():
        print(f"  {name:34} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.support:8d}")
    print(
        f"  age accuracy {cases['age_accuracy']:.3f}"
        + (
            f"; advice outcome accuracy {cases['outcome_accuracy']:.3f}, "
            f"dangerous misses {cases['dangerous_misses']}, "
            f"questions the text answers {cases['questions_answered_by_text']}"
            if cases["outcome_accuracy"] is not None
            else ""
        )
    )


if __name__ == "__main__":
    main()
