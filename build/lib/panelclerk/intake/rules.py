"""Intake rules in the Mailman manner: each rule looks at one thing and, when it hits, gives
its reason; the chain (a table, in order) turns the first hit into an outcome.

Outcomes: `ignore` (recorded, never answered: auto-replies, bounces, our own mail),
`quarantine` (kept with its reason for the Business Manager, never answered with case details).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..workflow.config import BoardConfig
from .parse import Attachment, InboundEmail

LOOP_HEADER = "X-Panelclerk-Loop"

Outcome = Literal["ignore", "quarantine"]

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


def _is_own_mail(email: InboundEmail, config: BoardConfig) -> str | None:
    marker = email.header(LOOP_HEADER)
    if marker is not None:
        return f"our own message came back ({LOOP_HEADER}: {marker[:60]})"
    if email.from_addr == config.board.mailbox:
        return "sent from the board's own mailbox address"
    return None


def _is_automatic(email: InboundEmail, config: BoardConfig) -> str | None:
    auto = (email.header("Auto-Submitted") or "").strip().lower()
    if auto and not auto.startswith("no"):
        return f"Auto-Submitted: {auto[:40]} (RFC 3834)"
    precedence = (email.header("Precedence") or "").strip().lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return f"Precedence: {precedence}"
    if email.header("X-Autoreply") or email.header("X-Autorespond"):
        return "marked as an automatic reply"
    if email.header("X-Auto-Response-Suppress") is not None and re.search(
        r"(automatic reply|out of (the )?office|autoreply)", email.subject, re.I
    ):
        return "an automatic reply (X-Auto-Response-Suppress)"
    return_path = email.header("Return-Path")
    if return_path is not None and return_path.strip() in ("<>", ""):
        return "empty Return-Path (a bounce or notification)"
    local = email.from_addr.split("@", 1)[0]
    if local in ("mailer-daemon", "postmaster", "mail-daemon", "noreply", "no-reply"):
        return f"sent by {local}"
    if email.content_type == "multipart/report":
        return "a delivery status notification"
    return None


def _auth_results(email: InboundEmail, config: BoardConfig) -> str | None:
    """Trust only the topmost Authentication-Results from our own receiving server (RFC 8601)
    and require DMARC pass, or SPF/DKIM pass aligned with the From domain."""
    server = config.mailbox.authserv_id
    if not server:
        return None
    results = email.all_headers("Authentication-Results")
    if not results:
        return "no Authentication-Results from the board's receiving server"
    top = results[0]
    authserv = top.split(";", 1)[0].strip().split()[0].lower() if top.strip() else ""
    if authserv != server.lower():
        return (
            f"the topmost Authentication-Results is from {authserv or 'nobody'!r}, "
            f"not the board's server"
        )
    domain = email.from_domain

    def aligned(other: str) -> bool:
        other = other.lower().strip(".")
        return other == domain or domain.endswith("." + other) or other.endswith("." + domain)

    body = top.lower()
    if re.search(r"\bdmarc=pass\b", body):
        return None
    spf = re.search(r"\bspf=pass\b[^;]*?smtp\.mailfrom=([^\s;]+)", body)
    if spf and aligned(spf.group(1).rpartition("@")[2]):
        return None
    for match in re.finditer(r"\bdkim=pass\b[^;]*?header\.(?:d|i)=@?([^\s;]+)", body):
        if aligned(match.group(1).rpartition("@")[2]):
            return None
    return f"sender authentication failed for {domain} (no DMARC pass or aligned SPF/DKIM)"


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
    for attachment in email.attachments:
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

# The chain: (name, rule, outcome, kind). The first hit decides.
CHAIN: tuple[tuple[str, Rule, Outcome, str], ...] = (
    ("own_mail", _is_own_mail, "ignore", "own_mail"),
    ("automatic", _is_automatic, "ignore", "auto_reply"),
    ("authentication", _auth_results, "quarantine", "unknown"),
    ("unknown_sender", _unknown_sender, "quarantine", "unknown"),
    ("dangerous_attachment", _dangerous_attachment, "quarantine", "unknown"),
    ("active_html", _active_html, "quarantine", "unknown"),
)


def check(email: InboundEmail, config: BoardConfig) -> Hit | None:
    for name, rule, outcome, kind in CHAIN:
        reason = rule(email, config)
        if reason:
            if name == "automatic" and (
                "bounce" in reason
                or "status notification" in reason
                or "mailer-daemon" in reason
                or "postmaster" in reason
            ):
                kind = "bounce"
            return Hit(name, outcome, reason, kind)
    return None
