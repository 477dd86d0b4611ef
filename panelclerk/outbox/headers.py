"""Header values that come from data, checked before they go into a message: CR, LF and other
control characters, also inside RFC 2047 encoded-words, whatever the interpreter would accept
(CVE-2024-6923)."""

from __future__ import annotations

import re
import uuid
from email.header import decode_header

from ..workflow.config import BoardConfig

# C0 and C1 controls and Unicode line separators: none belongs in a header value.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_ENCODED_WORD = re.compile(r"=\?[^?]+\?[bBqQ]\?[^?]*\?=")


class HeaderInjection(ValueError):
    """A header value that would add or break a header."""


def safe_header(value: str, what: str = "header") -> str:
    if _CONTROL.search(value):
        raise HeaderInjection(f"{what} contains a line break or control character")
    for word in _ENCODED_WORD.findall(value):
        try:
            decoded = "".join(
                part.decode(charset or "ascii", "replace") if isinstance(part, bytes) else part
                for part, charset in decode_header(word)
            )
        except (LookupError, ValueError):
            raise HeaderInjection(f"{what} contains an unreadable encoded word") from None
        if _CONTROL.search(decoded):
            raise HeaderInjection(f"{what} hides a line break in an encoded word")
    return value


def safe_address(value: str) -> str:
    safe_header(value, "address")
    if not re.fullmatch(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+", value):
        raise HeaderInjection(f"not a single plain address: {value!r}")
    return value.lower()


def new_message_id(config: BoardConfig) -> str:
    domain = config.board.mailbox.rpartition("@")[2]
    return f"<{uuid.uuid4().hex}@{domain}>"
