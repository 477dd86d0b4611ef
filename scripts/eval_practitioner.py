"""Outcome accuracy, dangerous misses, questions answered by the text and per-fact agreement
of the "should I refer?" advice on a JSONL file of described cases written outside `nlp/`
(by default ../shared/eval/practitioner_cases.jsonl), plus the warm turn's p50/p99.

    .venv/bin/python scripts/eval_practitioner.py [FILE] [--verbose] [--bench]

Each line: {"id", "text", "outcome", "facts": {name: true|false}}. A dangerous miss is a case
that needs a review or a notification advised as below threshold.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from panelclerk import boardfile
from panelclerk.bot.advice import Advice
from panelclerk.nlp.facts import extract_facts
from panelclerk.workflow.criteria import Value, advise

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "practitioner_cases.jsonl"
NEEDS_REVIEW = frozenset(
    {"scr_required", "scr_expected", "notify_serious_case", "notify_death_in_care"}
)


def _gold(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def _found(facts: Any, name: str) -> str:
    """The reader's answer for a fact in the gold's terms: the age in years it found (the
    fact's detail, "unknown" if none), not the fact's status; otherwise the status."""
    if name == "age":
        return facts["age"].detail or "unknown"
    return str(facts.value(name))


def _conversation(text: str, gold: dict[str, Any], config: Any) -> tuple[str, int]:
    """The advice at the end of the conversation, and how many questions it took, with the
    chat bot itself: the lead answers each question it shows (yes, no or don't know) from
    what the description says, the labelled fact, or "don't know" where the label is
    silent."""
    bot = Advice(config, frozenset())
    reply = bot.on_direct_message("eval", "lead", text)
    for turn in range(8):
        buttons = reply.card.buttons if reply.card is not None else ()
        shown = [b.value.split("|")[0] for b in buttons if b.action == "pc:answer"]
        if not shown:
            started = [b.value for b in buttons if b.action == "pc:start_referral"]
            return (started[0] if started else "more_information_needed"), turn
        question = shown[0]
        said = gold.get("age") if question == "adult" else gold.get(question)
        if question == "adult" and isinstance(said, int):
            said = said >= 18
        answer = "yes" if said is True else "no" if said is False else "don't know"
        reply = bot.on_direct_message("eval", "lead", answer)
    return "more_information_needed", 8


def evaluate(items: list[dict[str, Any]], config: Any, verbose: bool) -> dict[str, Any]:
    right = dangerous = answered = confirming = right_confirmed = 0
    right_at_end = dangerous_at_end = questions_asked = 0
    fact_right = fact_total = 0
    for item in items:
        facts = extract_facts(item["text"])
        advice = advise(facts, config)
        gold = item.get("facts", {})
        ok = advice.outcome == item["outcome"]
        right += ok
        ended, turns = _conversation(item["text"], gold, config)
        right_at_end += ended == item["outcome"]
        dangerous_at_end += item["outcome"] in NEEDS_REVIEW and ended == "threshold_not_met"
        questions_asked += turns
        danger = item["outcome"] in NEEDS_REVIEW and advice.outcome == "threshold_not_met"
        dangerous += danger
        # A question whose answer the labelled facts say the text gives.
        asked_answered = [q for q in advice.ask_about if q in gold]
        answered += bool(asked_answered)
        # Only asked to confirm an age of 18 or over, which the advice never answers on alone:
        # scored again with the answer the description gives (the lead's one click).
        if advice.ask_about == ("adult",):
            confirming += 1
            age = gold.get("age")
            said: Value = "true" if isinstance(age, int) and age >= 18 else "false"
            confirmed = advise(
                facts.with_answer("adult", said, "yes" if said == "true" else "no"), config
            )
            right_confirmed += confirmed.outcome == item["outcome"]
            dangerous += (
                item["outcome"] in NEEDS_REVIEW and confirmed.outcome == "threshold_not_met"
            )
        else:
            right_confirmed += ok
        wrong_facts = []
        for name, value in gold.items():
            fact_total += 1
            found = _found(facts, name)
            if found == _gold(value):
                fact_right += 1
            else:
                wrong_facts.append(f"{name}={found} (gold {_gold(value)})")
        if verbose and (not ok or asked_answered or wrong_facts):
            mark = "DANGER" if danger else ("ok" if ok else "WRONG")
            print(f"[{mark}] #{item.get('id')}: {advice.outcome} (gold {item['outcome']})")
            print(f"    {item['text']}")
            if wrong_facts:
                print(f"    facts: {'; '.join(wrong_facts)}")
            if advice.ask_about:
                print(f"    asks: {', '.join(advice.ask_about)}")
    n = max(1, len(items))
    return {
        "cases": len(items),
        "outcome_accuracy": round(right / n, 3),
        "dangerous_misses": dangerous,
        "asked_what_text_says": answered,
        "adult_confirmations": confirming,
        "outcome_accuracy_confirmed": round(right_confirmed / n, 3),
        "fact_accuracy": round(fact_right / max(1, fact_total), 3),
        "outcome_accuracy_at_end": round(right_at_end / n, 3),
        "dangerous_at_end": dangerous_at_end,
        "questions_per_case": round(questions_asked / n, 2),
    }


def bench(items: list[dict[str, Any]], config: Any, turns: int = 50) -> tuple[float, float]:
    texts = [item["text"] for item in items]
    texts = (texts * (turns // max(1, len(texts)) + 1))[:turns]
    advise(extract_facts(texts[0]), config)  # warm
    times = []
    for text in texts:
        start = time.perf_counter()
        advise(extract_facts(text), config)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return statistics.median(times), p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--bench", action="store_true")
    args = parser.parse_args()
    path = Path(args.file)
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    config = boardfile.load_board()
    result = evaluate(items, config, args.verbose)
    print(
        f"{path.name}: {result['cases']} cases, outcome accuracy {result['outcome_accuracy']:.3f}, "
        f"dangerous misses {result['dangerous_misses']}, questions the text answers "
        f"{result['asked_what_text_says']}, fact accuracy {result['fact_accuracy']:.3f}, "
        f"asked only to confirm an adult's age {result['adult_confirmations']} "
        f"(outcome accuracy with that answered: {result['outcome_accuracy_confirmed']:.3f})"
    )
    print(
        f"    at the end of the conversation, each question answered from the description "
        f"(don't know where it is silent): outcome accuracy "
        f"{result['outcome_accuracy_at_end']:.3f}, dangerous misses "
        f"{result['dangerous_at_end']}, {result['questions_per_case']:.2f} questions a case"
    )
    if args.bench:
        p50, p99 = bench(items, config)
        print(f"warm turn over 50 descriptions: p50 {p50:.2f} ms, p99 {p99:.2f} ms")


if __name__ == "__main__":
    main()
