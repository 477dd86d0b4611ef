"""Text from outside (a sender, a subject, a reason, a file name, a message's body) as a
terminal or a browser may show it: every character they would obey rather than show is
written out instead (`\\x1b`, `\\x9b`, `\\u202e`), so stored text can neither clear a screen,
reorder what is shown nor hide the rest."""

from __future__ import annotations

import re

# C0 controls (ESC, BEL, backspace, CR...), DEL, C1 controls (CSI 0x9b, OSC 0x9d...), the
# Unicode bidirectional marks, embeddings, overrides and isolates, and the line and paragraph
# separators, which reorder or break what is shown.
_OBEYED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def defused(value: object, lines: bool = False) -> str:
    """`value` with each obeyed character written out; `lines` keeps line breaks and tabs
    (a message's body)."""
    text = "" if value is None else str(value)

    def visible(found: re.Match[str]) -> str:
        char = found.group()
        if lines and char in "\n\t":
            return char
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _OBEYED.sub(visible, text)
