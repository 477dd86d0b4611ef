"""Intake rules in the Mailman manner: each rule looks at one thing and, when it hits, gives
its reason; the chain (a table, in order) turns the first hit into an outcome.

Outcomes: `ignore` (recorded, never answered: auto-replies, bounces, our own mail),
`quarantine` (kept with its reason for the Business Manager, never answered with case details),
`hold` (mail sent automatically that may be a case's: for the Business Manager, who is told in
chat, and never answered automatically, RFC 3834).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from ..mail.loop import LOOP_HEADER, loop_marker
from ..mail.parse import Attachment, InboundEmail
from ..workflow.config import BoardConfig
from .authentication import from_problem, sender_problem

AUTOMATIC_REFERRAL = "automatic_referral"  # the kind of a held message sent automatically

Outcome = Literal["ignore", "quarantine", "hold"]

EXECUTABLE = frozenset(
    {
        "exe",
        "com",
        "bat",
        "cmd",
        "scr",
        "pif",
        "vbs",
        "vbe",
        "js",
        "jse",
        "wsf",
        "wsh",
        "ps1",
        "psm1",
        "msi",
        "msp",
        "jar",
        "hta",
        "cpl",
        "lnk",
        "reg",
        "dll",
        "sys",
        "iso",
        "img",
        "vhd",
        "appx",
        "sh",
        "app",
    }
)
MACRO_OFFICE = frozenset(
    {"docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "sldm", "xlsb"}
)
ARCHIVES = frozenset({"zip", "7z", "rar", "gz", "tgz", "bz2", "xz", "tar", "cab", "arj", "lzh"})
OOXML = frozenset({"docx", "xlsx", "pptx", "dotx", "xltx"})
BOMB_RATIO = 100
BOMB_TOTAL = 200 * 1024 * 1024


@dataclass(frozen=True)
class Hit:
    rule: str
    outcome: Outcome
    reason: str
    kind: str = "unknown"
    reference: str | None = None  # a held message's reference code, for the chat notice


def _from_header(email: InboundEmail, config: BoardConfig) -> str | None:
    return from_problem(email)


def _is_own_mail(email: InboundEmail, config: BoardConfig) -> str | None:
    """Our own mail coming back: our loop marker on a Message-ID of our own domain. The loop
    header alone is not ours: form tools and distribution lists copy headers."""

    marker = (email.header(LOOP_HEADER) or "").strip()
    domain = config.board.mailbox.rpartition("@")[2].lower()
    ours = (email.message_id or "").lower().endswith(f"@{domain}>")
    if ours and marker == loop_marker(config):
        return f"our own message came back ({LOOP_HEADER}: {marker[:60]})"
    if email.from_addr == config.board.mailbox:
        return "sent from the board's own mailbox address"
    return None


def _is_bounce(email: InboundEmail, config: BoardConfig) -> str | None:
    return_path = email.header("Return-Path")
    if return_path is not None and return_path.strip() in ("<>", ""):
        return "empty Return-Path (a bounce or notification)"
    local = email.from_addr.split("@", 1)[0]
    if local in ("mailer-daemon", "postmaster", "mail-daemon"):
        return f"sent by {local}"
    if email.content_type == "multipart/report":
        return "a delivery status notification"
    return None


AWAY = re.compile(r"\b(automatic reply|auto-?reply|autoreply|out of (the )?office)\b", re.I)


def _is_auto_reply(email: InboundEmail, config: BoardConfig) -> str | None:
    """An answer written by a machine on someone's behalf (RFC 3834 auto-replied): an
    out-of-office quoting our acknowledgement names a reference code, yet is no referral."""
    auto = (email.header("Auto-Submitted") or "").strip().lower()
    if auto.startswith("auto-replied"):
        return f"Auto-Submitted: {auto[:40]} (RFC 3834)"
    precedence = (email.header("Precedence") or "").strip().lower()
    if precedence == "auto_reply":
        return f"Precedence: {precedence}"
    if email.header("X-Autoreply") or email.header("X-Autorespond"):
        return "marked as an automatic reply"
    if AWAY.search(email.subject) and (
        email.header("X-Auto-Response-Suppress") is not None
        or (auto and not auto.startswith("no"))
        or precedence
    ):
        return "an automatic reply (out of office)"
    return None


def _sent_automatically(email: InboundEmail, config: BoardConfig) -> str | None:
    """Sent by a machine, not answered by one: a form tool, a distribution list, a system."""
    # The reason may reach chat (a held message): only words of our own, not the sender's.
    auto = (email.header("Auto-Submitted") or "").strip().lower()
    if auto and not auto.startswith("no"):
        known = re.match(r"auto-(generated|notified)\b", auto)
        return f"Auto-Submitted: {known.group(0) if known else 'set'}"
    precedence = (email.header("Precedence") or "").strip().lower()
    if precedence in ("bulk", "junk", "list"):
        return f"Precedence: {precedence}"
    if email.header(LOOP_HEADER) is not None:  # not ours (see _is_own_mail): copied by a
        return f"a copied {LOOP_HEADER} header"  # form tool or a distribution list
    local = email.from_addr.split("@", 1)[0]
    if local in ("noreply", "no-reply", "donotreply", "do-not-reply"):
        return f"sent by {local}"
    return None


REFERRAL_WORDS = re.compile(r"\b(referral|refer|serious case review)\b", re.I)
DOCUMENTS = frozenset({"docx", "doc", "pdf", "odt", "rtf", "msg"})


def reference_in(email: InboundEmail, config: BoardConfig) -> str | None:
    """A reference code in the subject or the message's own words, as the router reads it."""
    from ..mail.replies import latest_reply

    prefix = re.escape(config.reference_prefix)
    pattern = re.compile(rf"\b{prefix}-\d{{4}}-\d{{3,6}}\b", re.I)
    for text in (email.subject, latest_reply(email.text)[:4000]):
        match = pattern.search(text or "")
        if match:
            return match.group(0).upper()
    return None


def _carries_referral(email: InboundEmail, config: BoardConfig) -> str | None:
    """What in the message may be a case's: a reference code, a referral form in its text, or
    documents under a referral's subject (read later, within the monitor's time budget)."""
    from .formparse import extract_form

    reference = reference_in(email, config)
    if reference:
        return f"names {reference}"
    if len(extract_form(email.text, (), []).fields) >= 3:  # the router's test for a form
        return f"carries the {config.terms.referral_form}"
    if REFERRAL_WORDS.search(email.subject) and any(
        a.extension in DOCUMENTS for a in email.attachments
    ):
        return "has documents attached under a referral's subject"
    return None


def _is_automatic(email: InboundEmail, config: BoardConfig) -> str | None:
    """Sent automatically and nothing of a case's in it: ignored, never answered."""
    why = _sent_automatically(email, config)
    if why is None or _carries_referral(email, config):
        return None
    return why


def _automatic_referral(email: InboundEmail, config: BoardConfig) -> str | None:
    """Sent automatically, yet it may be a referral (form tools, distribution lists): never
    ignored; held for the Business Manager and never answered automatically (RFC 3834)."""
    why = _sent_automatically(email, config)
    if why is None:
        return None
    carries = _carries_referral(email, config)
    if carries is None:  # pragma: no cover - _is_automatic ignored it earlier in the chain
        return None
    return f"sent automatically ({why}) and {carries}: held for the Business Manager"


def _auth_results(email: InboundEmail, config: BoardConfig) -> str | None:
    """The board's receiving server vouched for the From domain (see authentication.py)."""
    return sender_problem(email, config)


def _unknown_sender(email: InboundEmail, config: BoardConfig) -> str | None:
    if config.person_by_email(email.from_addr) or config.agency_for_email(email.from_addr):
        return None
    dist = config.distribution
    if email.from_addr in (dist.national_panel, dist.dfe, dist.ofsted):
        return None  # the statutory bodies answer about cases
    return f"{email.from_addr} is not an address or domain of the board's agencies"


def _zip_problem(attachment: Attachment, depth: int = 0) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(attachment.data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None if attachment.extension in OOXML else f"{attachment.filename}: damaged archive"
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > BOMB_TOTAL or total / packed > BOMB_RATIO or len(infos) > 10_000:
        return f"{attachment.filename}: looks like an archive bomb ({total:,} bytes unpacked)"
    for info in infos:
        name = info.filename.lower()
        ext = name.rsplit(".", 1)[-1] if "." in name else ""
        if attachment.extension in OOXML and name.endswith("vbaproject.bin"):
            return f"{attachment.filename}: contains macros"
        if ext in EXECUTABLE or ext in MACRO_OFFICE:
            return f"{attachment.filename}: contains {info.filename!r}"
        if ext in ARCHIVES and attachment.extension not in OOXML:
            if depth >= 1:
                return f"{attachment.filename}: archives nested inside archives"
            inner = Attachment(info.filename, "application/zip", archive.read(info)[:BOMB_TOTAL])
            problem = _zip_problem(inner, depth + 1)
            if problem:
                return problem
    return None


def _dangerous_attachment(email: InboundEmail, config: BoardConfig) -> str | None:
    return attachment_problem(email.attachments, config)


def attachment_problem(attachments: Iterable[Attachment], config: BoardConfig) -> str | None:
    """Why one of these files is refused: the message's own, or (from the monitor) files
    found inside a forwarded or Outlook message once its documents were read."""
    for attachment in attachments:
        ext = attachment.extension
        if attachment.size > config.mailbox.max_attachment_bytes:
            return f"{attachment.filename}: {attachment.size:,} bytes is over the attachment limit"
        if ext in EXECUTABLE or attachment.data[:2] == b"MZ":
            return f"{attachment.filename}: executable files are not accepted"
        if ext in MACRO_OFFICE:
            return f"{attachment.filename}: macro-enabled Office files are not accepted"
        if ext in ("doc", "xls", "ppt") and (
            b"VBA" in attachment.data or b"_VBA_PROJECT" in attachment.data
        ):
            return f"{attachment.filename}: contains macros"
        if ext in ARCHIVES or ext in OOXML or attachment.data[:4] == b"PK\x03\x04":
            problem = _zip_problem(attachment)
            if problem:
                return problem
    return None


ACTIVE_HTML = re.compile(
    r"<\s*(script|iframe|object|embed|applet|form|meta\s+http-equiv)\b|"
    r"\son[a-z]+\s*=|javascript\s*:|vbscript\s*:|data\s*:\s*text/html",
    re.I,
)


def _active_html(email: InboundEmail, config: BoardConfig) -> str | None:
    """Agencies' mail has no scripts or event handlers; mail that does is hostile. It is
    never rendered anyway (it is reduced to text), but it is kept aside, not acted on."""
    if email.html and ACTIVE_HTML.search(email.html):
        return "HTML with active content (scripts, event handlers or frames)"
    return None


Rule = Callable[[InboundEmail, BoardConfig], "str | None"]

# The chain: (name, rule, outcome, kind). The first hit decides. Nothing is decided on a From
# header read two ways; mail sent automatically is ignored before it is judged, unless it
# may be a case's, which is held for a person once every reason to keep it aside is passed.
CHAIN: tuple[tuple[str, Rule, Outcome, str], ...] = (
    ("from_header", _from_header, "quarantine", "unknown"),
    ("own_mail", _is_own_mail, "ignore", "own_mail"),
    ("bounce", _is_bounce, "ignore", "bounce"),
    ("auto_reply", _is_auto_reply, "ignore", "auto_reply"),
    ("automatic", _is_automatic, "ignore", "auto_reply"),
    ("authentication", _auth_results, "quarantine", "unknown"),
    ("unknown_sender", _unknown_sender, "quarantine", "unknown"),
    ("dangerous_attachment", _dangerous_attachment, "quarantine", "unknown"),
    ("active_html", _active_html, "quarantine", "unknown"),
    ("automatic_referral", _automatic_referral, "hold", AUTOMATIC_REFERRAL),
)


def check(email: InboundEmail, config: BoardConfig) -> Hit | None:
    for name, rule, outcome, kind in CHAIN:
        reason = rule(email, config)
        if reason:
            reference = reference_in(email, config) if outcome == "hold" else None
            return Hit(name, outcome, reason, kind, reference)
    return None
