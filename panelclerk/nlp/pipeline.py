"""The one spaCy pipeline of the process: a blank English tokenizer with a sentencizer.
Built on first use, never at import, and never downloaded."""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

_lock = threading.Lock()
_nlp: Any = None


def nlp() -> Any:
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy

                pipeline = spacy.blank("en")
                pipeline.add_pipe("sentencizer")
                _nlp = pipeline
    return _nlp


def sentences(doc: Any) -> Callable[[int], Any]:
    """The sentence of the token at an index, found by bisection. spaCy's Token.sent walks
    the sentence each time it is asked, which made a long text with no full stop (a pasted
    chronology, or "in care in care ..." sent to the bot) quadratic: seconds for a chat turn."""
    spans = list(doc.sents)
    starts = [span.start for span in spans]

    def of(i: int) -> Any:
        return spans[bisect_right(starts, i) - 1]

    return of
