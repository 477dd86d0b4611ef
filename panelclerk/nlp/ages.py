"""A child's age from how people write it: "7-week-old", "aged 14", "2y", "K (6)", "6wks";
a duration ("had lived here for 20 years") is not an age, and the first age given is the
child's, since a referral names the child first."""

from __future__ import annotations

from .cues import _WORDS, AGE, DURATION_AFTER, DURATION_BEFORE, INFANT, SMALL_AGE


def _number(raw: str) -> int:
    return _WORDS[raw.lower()] if raw.lower() in _WORDS else int(raw)


def age_months(text: str) -> int | None:
    """The first age given in the text, in months: the child a referral is about is named
    first ("a 7-week-old infant ... his mother, who had lived here for 20 years")."""
    found: list[tuple[int, int]] = []
    for match in AGE.finditer(text):
        years = _number(next(g for g in match.groups() if g))
        if 0 <= years <= 25 and not (
            DURATION_BEFORE.search(text[: match.start()])
            or DURATION_AFTER.match(text[match.end() : match.end() + 16])
        ):
            found.append((match.start(), years * 12))
    for match in SMALL_AGE.finditer(text):
        groups = [g for g in match.groups() if g]
        count, unit = _number(groups[0]), groups[1].lower()
        months = count if unit.startswith("m") else count // 4 if unit.startswith("w") else 0
        found.append((match.start(), months))
    if found:
        return min(found)[1]
    return 0 if INFANT.search(text) else None


def extract_age(text: str) -> int | None:
    months = age_months(text)
    return None if months is None else months // 12
