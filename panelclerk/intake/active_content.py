"""Active content in a PDF: what a reader would run or start when it opens the file.

A referral's chronology has no need of JavaScript or of a launch action, and either is how a
PDF attacks the person who opens it, so such a file is quarantined, at any depth. Names are
read as a PDF reader reads them (`/J#61vaScript` is `/JavaScript`), in the file's bytes and,
through pypdf, inside compressed object streams where a byte search cannot see them.
"""

from __future__ import annotations

import re
from typing import Any

_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ACTIVE_NAME = re.compile(rb"/(JavaScript|JS|Launch)(?=[\s/<>\[\]()%{}]|$)")
_WHAT = {"JavaScript": "JavaScript", "JS": "JavaScript", "Launch": "a launch action"}
MAX_OBJECTS = 50_000  # objects looked at in one file; a real form has hundreds


def in_bytes(data: bytes) -> str | None:
    """What active content the file's own bytes name, if any."""
    names = _HEX_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data) if b"#" in data else data
    found = _ACTIVE_NAME.search(names)
    return _WHAT[found.group(1).decode()] if found else None


def in_objects(reader: Any) -> str | None:
    """What active content the file's objects hold, compressed object streams included."""
    from pypdf.generic import DictionaryObject

    ids = set(getattr(reader, "xref_objStm", {}) or {})
    for generation in (getattr(reader, "xref", {}) or {}).values():
        ids.update(generation)
    for number in sorted(ids)[:MAX_OBJECTS]:
        try:
            found = reader.get_object(number)
        # a broken object is no action: the next one is read
        except Exception:  # noqa: S112  # nosec B112
            continue
        if not isinstance(found, DictionaryObject):
            continue
        action = found.get("/S")
        if action in ("/JavaScript", "/Launch"):
            return _WHAT[str(action)[1:]]
        if "/JS" in found or "/JavaScript" in found:
            return "JavaScript"
    return None
