"""A reply's own words, without the quoted history and the signature, using a maintained
parser (mail-parser-reply: Outlook's "From:/Sent:" blocks and "-----Original Message-----"
included). The caller keeps the full original beside it, so an inline answer is never lost.
"""

from __future__ import annotations

import quopri
import re

from mailparser_reply import EmailReplyParser

_PARSER = EmailReplyParser(languages=["en"])
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
    return body or text.strip()
