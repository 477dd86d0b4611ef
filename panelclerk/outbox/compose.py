"""What we send, written into the outbox in the caller's transaction: a template rendered to
subject, text and allow-listed HTML; the row with its Message-ID fixed when it is written, so a
resend after a crash is recognisably the same message; and its MIME when it goes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ..mail.loop import LOOP_HEADER, loop_marker
from ..store.tables import Document, OutboundMessage
from ..store.uow import UnitOfWork
from ..workflow.config import BoardConfig
from .headers import new_message_id, safe_address, safe_header

if TYPE_CHECKING:
    from ..mail.parse import InboundEmail


def render_email(
    template: str, override_dir: str | None = None, **context: Any
) -> tuple[str, str, str]:
    """A template's first line is 'Subject: ...'; the rest is the text body. The HTML part
    is the same text, escaped, in the board's plain layout, through the allow-list."""
    from ..render import render  # jinja2 and nh3: only a message being written needs them
    from .htmlsafe import clean_html

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
    board = context.get("board")
    own_domain = str(getattr(board, "mailbox", "")).rpartition("@")[2].lower()
    return subject, text, clean_html(html, own_domain)


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
    uow.session.add(row)  # written with the rest of the transaction's rows
    return row


def answered_by(session: Session, email: InboundEmail) -> list[OutboundMessage]:
    """Our messages an email answers, as its threading (In-Reply-To, References) names."""
    ids = [i for i in (email.in_reply_to, *email.references) if i]
    if not ids:
        return []
    return list(
        session.exec(select(OutboundMessage).where(col(OutboundMessage.message_id).in_(ids)))
    )


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
