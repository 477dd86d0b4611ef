"""Time limits as the frameworks write them ("10 working days", "1 month"), parsed once.

Keeping the unit beside the number matters: "14 days" to notify the National Panel is not
"14 working days" for minutes, and the config must say which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Unit = Literal["working_days", "days", "weeks", "months"]

_PATTERN = re.compile(r"^\s*(\d{1,4})\s+(working\s+days?|days?|weeks?|months?)\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Duration:
    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(
                f"expected a time limit like '10 working days', '14 days', '1 week' or "
                f"'3 months', got {text!r}"
            )
        amount = int(match.group(1))
        word = re.sub(r"\s+", " ", match.group(2).lower())
        unit: Unit
        if word.startswith("working"):
            unit = "working_days"
        elif word.startswith("day"):
            unit = "days"
        elif word.startswith("week"):
            unit = "weeks"
        else:
            unit = "months"
        return cls(amount, unit)

    def __str__(self) -> str:
        word = self.unit.replace("_", " ")
        if self.amount == 1:
            word = word[:-1]
        return f"{self.amount} {word}"
