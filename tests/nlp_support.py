"""What the reading tests share: a description's facts and advice as a lead would get them
(on `board`, the demo board, a fixture of conftest), and the red teams' descriptions kept
one a line in `data/advice`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from panelclerk.nlp.facts import extract_facts
from panelclerk.workflow.criteria import Advice, advise


def advised(text: str, board: Any) -> tuple[Any, Advice]:
    """The facts read from `text` and the advice they give on `board`."""
    facts = extract_facts(text)
    return facts, advise(facts, board)


DATA = Path(__file__).parent / "data" / "advice"


def lines(name: str) -> list[str]:
    """The descriptions of a file in `data/advice`, one a line ("#" opens a comment)."""
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]
