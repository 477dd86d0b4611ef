"""The one spaCy pipeline of the process: a blank English tokenizer with a sentencizer.
Built on first use, never at import, and never downloaded."""

from __future__ import annotations

import threading
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
