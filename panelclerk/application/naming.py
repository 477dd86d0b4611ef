"""Whether mail with no reference code is about a case's child, and a reason cleared of what
it quotes of its message: the child's name however it is spelled (case, hyphens,
underscores), file names, addresses. For the purge and the subject access export alike."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterable

from ..mail.parse import parse_email
from ..store.tables import InboundMessage, OutboundMessage
from ..store.tables import Referral as ReferralRow

ADDRESS = re.compile(r"[^\s<>@,;:]+@[^\s<>@,;:]+")


# What a reason may quote of the message it is about: a file name (a rule's "<file>: why"),
# a name inside an archive ('...'), an address. Each goes when the message's content goes.
FILE_REMOVED = "[file name removed]"
_LEADING_FILE = re.compile(r"^[^:\n]*\.\w{1,8}(?=:)")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")


def _file_names(raw: bytes, limit: int) -> list[str]:
    """The file names a message carries, those inside a zip archive too (names only, nothing
    unpacked): what a rule can have quoted in its reason."""
    if not raw:
        return []
    try:
        email = parse_email(raw, limit)
    except Exception:  # unreadable: the generic patterns below still apply
        return []
    names: list[str] = []
    for attached in email.attachments:
        names.append(attached.filename)
        if attached.data[:4] == b"PK\x03\x04":
            with contextlib.suppress(zipfile.BadZipFile, OSError, ValueError):
                names += zipfile.ZipFile(io.BytesIO(attached.data)).namelist()[:1000]
    return [n for n in names if n and n.strip()]


def cleared_reason(reason: str | None, raw: bytes, limit: int, words: Iterable[str] = ()) -> str:
    """Why a message was kept back, without what it quoted of the message: its file names
    (read from `raw`, and the leading "<file>:" a rule writes), quoted names, addresses, and
    `words` (a child's name). What kind of reason it was stays, for the board's figures."""
    text = reason or ""
    for name in sorted(set(_file_names(raw, limit)), key=len, reverse=True):
        text = text.replace(name, FILE_REMOVED)
    text = _LEADING_FILE.sub(FILE_REMOVED, text)
    text = _QUOTED.sub("'[name removed]'", text)
    text = ADDRESS.sub("[address removed]", text)
    for word in words:
        if word.strip():
            text = re.sub(re.escape(word.strip()), "[name removed]", text, flags=re.I)
    return text


def _normal(text: str) -> str:
    """Letters and digits only, in one case: "Zebedee_Quillfeather-chronology.docm" and
    "zebedee quillfeather" then meet."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


class Naming:
    """Whether mail that carries no reference code is about a child: their name, however a
    subject, a body, a file name or a reason spells it (case, hyphens, underscores)."""

    def __init__(self, names: Iterable[str], limit: int) -> None:
        self.needles = [n for n in (_normal(x) for x in names if x) if len(n) >= 5]
        self.limit = limit

    def __bool__(self) -> bool:
        return bool(self.needles)

    def _in(self, *texts: str | None) -> bool:
        hay = f" {_normal(' '.join(t or '' for t in texts))} "
        return any(f" {needle} " in hay for needle in self.needles)

    def inbound(self, message: InboundMessage) -> bool:
        if self._in(message.reason):
            return True
        if not message.raw:
            return False
        try:
            email = parse_email(message.raw, self.limit)
        except Exception:  # unreadable as mail: its bytes, as far as they are text
            return self._in(message.raw.decode("utf-8", "replace"))
        return self._in(
            email.subject,
            email.from_name,
            email.text,
            " ".join(a.filename for a in email.attachments),
            " ".join(_file_names(message.raw, self.limit)),
        )

    def outbound(self, sent: OutboundMessage) -> bool:
        return self._in(sent.subject, sent.text_body)


def about_the_child(row: ReferralRow, limit: int) -> tuple[Naming, list[str]]:
    """How to find mail about a case's child that carries no reference code, and the words
    to take out of a reason: the child's name from the case's form."""
    name = str((row.form or {}).get("child.name") or "")
    return Naming([name], limit), [name] if name else []
