"""A reply's own words, without the quoted history and the signature, using a maintained
parser (mail-parser-reply: Outlook's "From:/Sent:" blocks and "-----Original Message-----"
included). The caller keeps the full original beside it, so an inline answer is never lost.
"""

from __future__ import annotations

import quopri
import re

from mailparser_reply import EmailReplyParser

_PARSER = EmailReplyParser(languages=["en"])
# Closings the parser knows only with a comma ("Regards,"); people often leave it off.
_CLOSING = re.compile(
    r"^(regards|kind regards|best regards|warm regards|many thanks|thanks|thank you|"
    r"best wishes|best|cheers|yours sincerely|yours faithfully)[,.!]?\s*$",
    re.I,
)
MAX_SIGNATURE_LINES = 8


def _drop_bare_closing(text: str) -> str:
    lines = text.rstrip().split("\n")
    for index in range(len(lines) - 1, max(-1, len(lines) - MAX_SIGNATURE_LINES - 1), -1):
        if _CLOSING.match(lines[index].strip()) and index > 0:
            return "\n".join(lines[:index]).rstrip()
    return text.strip()


_QP_SOFT = re.compile(r"=\r?\n")


def _undo_stray_quoted_printable(text: str) -> str:
    """Some clients paste quoted-printable into the text part ("=20", soft breaks)."""
    if "=\n" in text or re.search(r"=[0-9A-F]{2}", text):
        try:
            return quopri.decodestring(text.encode("utf-8")).decode("utf-8")
        except (UnicodeDecodeError, ValueError):
            return text
    return text


def latest_reply(text: str) -> str:
    text = _undo_stray_quoted_printable(text.replace("\r\n", "\n"))
    try:
        parsed = _PARSER.read(text)
        replies = parsed.replies
    except Exception:
        return text.strip()
    if not replies:
        return text.strip()
    body = (replies[0].body or "").strip()
    return _drop_bare_closing(body) if body else text.strip()
