"""What the reading tests share: a description's facts and advice as a lead would get them
(on `board`, the demo board, a fixture of conftest)."""

from __future__ import annotations

from typing import Any

from panelclerk.nlp.facts import extract_facts
from panelclerk.workflow.criteria import Advice, advise


def advised(text: str, board: Any) -> tuple[Any, Advice]:
    """The facts read from `text` and the advice they give on `board`."""
    facts = extract_facts(text)
    return facts, advise(facts, board)
