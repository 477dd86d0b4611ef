"""The transactional outbox: a message is a row written in the same transaction as the change
that causes it; a sender loop delivers due rows with retries and backoff, and marks each sent
only after the server accepted it. The Message-ID is fixed when the row is written, so a
resend after a crash is recognisably the same message.

Every header value that comes from data is checked here for CR, LF and other control
characters, also inside RFC 2047 encoded-words, whatever the interpreter would accept
(CVE-2024-6923).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import smtplib
import ssl
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.header import decode_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from sqlmodel import col, select

from ..render import render
from ..store.tables import Document, OutboundMessage
from ..store.uow import UnitOfWork
from ..workflow.config import BoardConfig
from .mailbox import Transport
from .rules import LOOP_HEADER

MAX_ATTEMPTS = 8
BARE_LF = re.compile(rb"(?<!\r)\n")
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


def loop_marker(config: BoardConfig) -> str:
    return hashlib.sha256(config.board.mailbox.encode()).hexdigest()[:16]


def new_message_id(config: BoardConfig) -> str:
    domain = config.board.mailbox.rpartition("@")[2]
    return f"<{uuid.uuid4().hex}@{domain}>"


def render_email(
    template: str, override_dir: str | None = None, **context: Any
) -> tuple[str, str, str]:
    """A template's first line is 'Subject: ...'; the rest is the text body. The HTML part
    is the same text, escaped, in the board's plain layout."""
    rendered = render(template, override_dir, **context)
    first, _, body = rendered.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"{template} must start with a 'Subject:' line")
    subject = first.removeprefix("Subject:").strip()
    text = body.lstrip("\n")
    html = render(
        "email/layout.html.j2",
        override_dir,
        subject=subject,
        paragraphs=[p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()],
    )
    return subject, text, html


def queue(
    uow: UnitOfWork,
    config: BoardConfig,
    *,
    kind: str,
    recipients: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    referral_id: int | None = None,
    in_reply_to: str | None = None,
    attachments: Sequence[Document] = (),
    at: dt.datetime,
) -> OutboundMessage:
    """Write one message into the outbox, in the caller's transaction."""
    checked = [safe_address(r) for r in recipients]
    if not checked:
        raise ValueError("a message needs at least one recipient")
    row = OutboundMessage(
        message_id=new_message_id(config),
        kind=kind,
        referral_id=referral_id,
        in_reply_to=safe_header(in_reply_to, "In-Reply-To") if in_reply_to else None,
        recipients=checked,
        subject=safe_header(subject, "subject"),
        text_body=text,
        html_body=html,
        created_at=at,
        next_attempt_at=at,
        attachments=[
            {"document_id": str(d.id), "filename": safe_header(d.filename, "filename")}
            for d in attachments
        ],
    )
    uow.session.add(row)
    uow.session.flush()
    return row


def build_mime(
    row: OutboundMessage, config: BoardConfig, documents: Sequence[Document] = ()
) -> bytes:
    msg = EmailMessage()
    sender = config.board.mailbox
    # A structured address quotes the display name: a colon or comma in it stays a name.
    msg["From"] = Address(
        display_name=safe_header(config.board.short_name, "display name"), addr_spec=sender
    )
    msg["To"] = ", ".join(safe_address(r) for r in row.recipients)
    msg["Subject"] = safe_header(row.subject, "subject")
    msg["Message-ID"] = safe_header(row.message_id, "Message-ID")
    msg["Date"] = format_datetime(row.created_at.astimezone(dt.UTC))
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg[LOOP_HEADER] = loop_marker(config)
    if row.in_reply_to:
        msg["In-Reply-To"] = safe_header(row.in_reply_to, "In-Reply-To")
        msg["References"] = safe_header(row.in_reply_to, "References")
    msg.set_content(row.text_body)
    if row.html_body:
        msg.add_alternative(row.html_body, subtype="html")
    for document in documents:
        maintype, _, subtype = document.content_type.partition("/")
        msg.add_attachment(
            document.data,
            maintype=maintype,
            subtype=subtype,
            filename=safe_header(document.filename, "filename"),
        )
    # CRLF line endings: SMTP requires them, and Exchange Online rejects bare LF.
    return msg.as_bytes(policy=policy.SMTP)


def documents_for(uow: UnitOfWork, row: OutboundMessage) -> list[Document]:
    ids = [int(a["document_id"]) for a in row.attachments]
    if not ids:
        return []
    query = select(Document).where(col(Document.id).in_(ids))
    found = {d.id: d for d in uow.session.exec(query)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise LookupError(f"attachment documents {missing} are missing")
    return [found[i] for i in ids]


class SmtpTransport:
    # An empty password means "no login", never a default secret.
    def __init__(  # nosec B107
        self,
        host: str,
        port: int,
        security: str = "starttls",
        user: str = "",
        password: str = "",
        timeout: float = 30,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.user, self.password, self.timeout = user, password, timeout
        self._context: ssl.SSLContext | None = None

    def _tls(self) -> ssl.SSLContext:
        # Loading the CA store costs tens of milliseconds: once per transport, not per send.
        if self._context is None:
            self._context = ssl.create_default_context()
        return self._context

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        raw = BARE_LF.sub(b"\r\n", raw)  # smtplib sends bytes as they are
        client: smtplib.SMTP
        if self.security == "tls":
            client = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self._tls()
            )
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=self._tls())
            if self.user:
                client.login(self.user, self.password)
            refused = client.sendmail(sender, recipients, raw)
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)


@dataclass
class Delivery:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _tell_business_manager(
    uow: UnitOfWork, config: BoardConfig, row: OutboundMessage, now: dt.datetime
) -> None:
    from .. import chatqueue

    chatqueue.tell_business_manager(
        uow.session,
        config,
        now,
        f"An email ({row.kind}) could not be sent after {row.attempts} "
        f"attempts: {row.last_error}. See `panelclerk outbox list`.",
        referral_id=row.referral_id,
    )


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def deliver_due(
    uow_factory: Any, config: BoardConfig, transport: Transport, now: dt.datetime, limit: int = 100
) -> Delivery:
    """Send what is due, one transaction per message, holding its row while it is sent."""
    report = Delivery()
    for _ in range(limit):
        with uow_factory() as uow:
            query = (
                select(OutboundMessage)
                .where(
                    OutboundMessage.status == "queued", col(OutboundMessage.next_attempt_at) <= now
                )
                .order_by(col(OutboundMessage.id))
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            row = uow.session.exec(query).first()
            if row is None:
                break
            try:
                transport.send(
                    build_mime(row, config, documents_for(uow, row)),
                    config.board.mailbox,
                    row.recipients,
                )
            except (HeaderInjection, LookupError) as exc:
                row.status, row.last_error = "failed", str(exc)
                report.failed += 1
            except (OSError, smtplib.SMTPException) as exc:
                row.attempts += 1
                row.last_error = f"{exc.__class__.__name__}: {str(exc)[:200]}"
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = "failed"
                    report.failed += 1
                    _tell_business_manager(uow, config, row, now)
                else:
                    row.next_attempt_at = now + _backoff(row.attempts)
                    report.retried += 1
            else:
                row.status, row.sent_at, row.attempts = "sent", now, row.attempts + 1
                row.last_error = None
                report.sent += 1
            uow.session.add(row)
            uow.commit()
    return report
