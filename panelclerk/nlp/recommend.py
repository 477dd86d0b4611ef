"""An agency's free-text recommendation classified into the board's review types (or
"more information needed"), with a confidence. Below the threshold the bot asks the author
to choose. Cues come from the board config (labels, aliases, methodologies) plus the words
people commonly use for each kind; a negated mention ("not an SCR") counts against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..workflow.config import BoardConfig
from .cues import BREAKS, NEGATION_PHRASES, NEGATIONS
from .pipeline import nlp

MORE_INFORMATION = "more_information"
THRESHOLD = 0.6

KIND_WORDS = {
    "statutory": (
        "scr",
        "serious case review",
        "full review",
        "full scr",
        "statutory review",
        "meets the threshold",
        "threshold is met",
        "criteria are met",
        "criteria met",
        "meets the criteria",
        "lcspr",
        "practice review",
    ),
    "none": (
        "no review",
        "no further action",
        "nfa",
        "not meet the threshold",
        "does not meet",
        "doesn't meet",
        "threshold not met",
        "not met",
        "no action",
        "below threshold",
        "below the threshold",
        "close the case",
        "nothing further",
        "not need any review",
        "not need a review",
        "no need for a review",
        "no need for any review",
        "not think any review",
        "not warranted",
        "not necessary",
        "unnecessary",
        "not needed",
    ),
}
MORE_WORDS = (
    "more information",
    "further information",
    "need to know",
    "need more",
    "defer",
    "deferred",
    "before deciding",
    "before we decide",
    "await",
    "awaiting",
    "chronology first",
    "not enough information",
    "insufficient information",
    "come back to",
    "clarify",
    "clarification",
    "unable to recommend",
    "can't say yet",
    "cannot say yet",
    "too early",
    "cannot give a view",
    "can't give a view",
    "unable to give",
    "not in a position",
    "not yet able",
    "hold this over",
    "hold it over",
    "before making a recommendation",
    "before we recommend",
    "need sight of",
)


@dataclass(frozen=True)
class Classified:
    review_type: str
    confidence: float
    methodology: str | None
    scores: dict[str, float]

    @property
    def confident(self) -> bool:
        return self.confidence >= THRESHOLD


def _phrases(config: BoardConfig) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {MORE_INFORMATION: list(MORE_WORDS)}
    for review in config.review_types:
        words = [review.label, review.id.replace("_", " "), *review.aliases]
        words += KIND_WORDS.get(review.kind, ())
        out[review.id] = [w.lower() for w in words]
    return out


# "Rather than a full SCR": the writer prefers something else, not no review at all.
CONTRAST = ("rather than", "instead of", "as opposed to", "in place of", "short of", "not a full")


def _contrasted(tokens: list[str]) -> bool:
    return any(c in " ".join(tokens[-4:]) for c in CONTRAST)


def _normal(text: str) -> str:
    """Lower-case tokens between single spaces, hyphens as spaces: "multi-agency" and
    "multi agency" are one phrase."""
    return " ".join(t.lower_ for t in nlp().make_doc(text) if t.text != "-")


@lru_cache(maxsize=4096)
def _normal_phrase(phrase: str) -> str:
    """A board's phrase, normalised once: the same phrases are tried on every text (the texts
    themselves are never cached)."""
    return _normal(phrase)


def _negated_before(tokens: list[str]) -> bool:
    if _contrasted(tokens):
        return True
    window: list[str] = []
    for text in reversed(tokens[-6:]):
        if text in BREAKS and text != "and":
            break
        window.append(text)
    joined = " ".join(reversed(window))
    return any(t in NEGATIONS for t in window) or any(p in joined for p in NEGATION_PHRASES)


def classify(text: str, config: BoardConfig) -> Classified:
    lowered = _normal(text[:5000])
    scores: dict[str, float] = {}
    for type_id, phrases in _phrases(config).items():
        for phrase in phrases:
            norm = _normal_phrase(phrase)
            for match in re.finditer(rf"(?<![\w-]){re.escape(norm)}(?![\w-])", lowered):
                before = lowered[: match.start()].split()
                weight = 1.0 + 0.25 * len(norm.split())
                if type_id != MORE_INFORMATION and _negated_before(before):
                    # "not an SCR" speaks for no review, not for an SCR
                    scores[type_id] = scores.get(type_id, 0.0) - weight
                    none = next((r.id for r in config.review_types if r.kind == "none"), None)
                    chosen = config.review_type(type_id)
                    statutory = chosen is not None and chosen.kind == "statutory"
                    if none and statutory and not _contrasted(before):
                        scores[none] = scores.get(none, 0.0) + 0.5 * weight
                else:
                    scores[type_id] = scores.get(type_id, 0.0) + weight
    # A specific alternative named beside "threshold not met" is the recommendation.
    none = next((r.id for r in config.review_types if r.kind == "none"), None)
    alternatives = [r.id for r in config.review_types if r.kind == "alternative"]
    if none and any(scores.get(a, 0) > 0 for a in alternatives):
        scores[none] = 0.0
    positive = {k: v for k, v in scores.items() if v > 0}
    methodology = None
    for review in config.review_types:
        for method in review.methodologies:
            if re.search(rf"\b{re.escape(method)}\b", lowered):
                methodology = method
                positive[review.id] = positive.get(review.id, 0.0) + 0.5
    if not positive:
        return Classified(MORE_INFORMATION, 0.0, None, scores)
    best = max(positive, key=lambda k: positive[k])
    total = sum(positive.values())
    confidence = positive[best] / total
    if len(positive) == 1:
        confidence = min(1.0, 0.7 + 0.1 * positive[best])
    chosen = config.review_type(best)
    if chosen is None or methodology not in chosen.methodologies:
        methodology = None
    return Classified(best, round(confidence, 3), methodology, scores)
