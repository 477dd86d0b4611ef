"""What the sender of a message is told: one email back, threaded on theirs, in the message's
own transaction, and never twice the same way about the same referral."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from ...mail.parse import InboundEmail
from ...store.tables import OutboundMessage
from ...store.uow import UnitOfWork
from ...workflow.forms import label
from .. import context as context_stage
from .. import referrals

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Words that say a file comes with this message. A disclaimer or a signature speaks of
# attachments in general ("this email and any attachments are confidential", "attachments
# may contain viruses"): such a sentence is not read as saying a file was sent, unless the
# sender says so in it ("please find attached", "I enclose").
ATTACH_WORD = re.compile(r"\b(attach(ed|ment|ments)?|enclos(e|ed|ing))\b", re.I)
SENDER_SAYS = re.compile(
    r"\b(please (find|see)|i|we|i've|we've|i have|we have|here is|here are|see)\s+"
    r"(\w+\s+)?(attach|attached|enclose|enclosed|attachment|attachments)\b|"
    r"\b(attached|enclosed) (is|are)\b",
    re.I,
)
DISCLAIMER_WORDS = re.compile(
    r"\b(confidential|privileged|intended (solely |only )?for|virus(es)?|received this|"
    r"in error|monitored|recorded)\b",
    re.I,
)
IN_GENERAL = re.compile(
    r"\b(and|any|all|its|their)\s+attachments?\b|"
    r"\battachments\s+(are|may|might|to (it|this|the))\b",
    re.I,
)
SENTENCES = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


def mentions_attachment(text: str) -> bool:
    """Whether the sender says a file comes with the message (not a disclaimer's words)."""
    for sentence in SENTENCES.split(text):
        if not ATTACH_WORD.search(sentence):
            continue
        if SENDER_SAYS.search(sentence):
            return True
        if DISCLAIMER_WORDS.search(sentence) or IN_GENERAL.search(sentence):
            continue
        return True
    return False


@dataclass
class Answers:
    """The answers to one message, written in its transaction."""

    app: context_stage.App
    uow: UnitOfWork
    email: InboundEmail
    at: dt.datetime

    def reply(
        self, kind: str, template: str, referral_id: int | None = None, **context: Any
    ) -> None:
        """One email back to the sender, threaded on their message; once: a message routed
        again (released by the Business Manager) is not answered twice the same way about
        the same referral. Another message under the same Message-ID (a mail system that
        reuses them, released from quarantine) makes a referral of its own, and its sender is
        told that referral's code."""
        email, uow = self.email, self.uow
        same_case = (
            OutboundMessage.referral_id == referral_id
            if referral_id is not None
            else col(OutboundMessage.referral_id).is_(None)
        )
        if (
            email.message_id
            and uow.session.exec(
                select(OutboundMessage.id).where(
                    OutboundMessage.in_reply_to == email.message_id,
                    OutboundMessage.kind == kind,
                    same_case,
                )
            ).first()
        ):
            return
        self.app.queue_email(
            uow,
            template,
            kind=kind,
            recipients=[email.from_addr],
            referral_id=referral_id,
            in_reply_to=email.message_id,
            at=self.at,
            **context,
        )

    def acknowledge(
        self, referral_id: int | None, receipt: referrals.Receipt, notes: Sequence[str] = ()
    ) -> None:
        """A referral or its missing information received: its code, its meeting, what is
        still missing and why a field could not be read."""
        self.reply(
            "acknowledgement",
            "email/acknowledgement.txt.j2",
            referral_id,
            reference=receipt.reference,
            slot=receipt.slot,
            notes=list(notes),
            missing=[
                f"{label(f)} ({receipt.unreadable[f]})" if f in receipt.unreadable else label(f)
                for f in receipt.missing
            ],
        )

    def notice(
        self,
        subject: str,
        message: str,
        referral_id: int | None = None,
        reference: str | None = None,
    ) -> None:
        self.reply(
            "notice",
            "email/notice.txt.j2",
            referral_id,
            subject=re.sub(r"[\x00-\x1f\x7f]", " ", subject),
            message=message,
            reference=reference,
        )


def answer_subject(subject: str, reference: str | None = None) -> str:
    """Our answer's subject: theirs, with the reference code kept in it and one "Re:"."""
    subject = re.sub(r"^((re|fw|fwd|aw)\s*:\s*)+", "", subject.strip(), flags=re.I)[:150]
    if reference is None or reference in subject:
        return f"Re: {subject}"
    return f"Re: [{reference}] {subject}"


def attachment_notes(email: InboundEmail, unread: Sequence[str]) -> list[str]:
    """What the sender is told about their files: the ones that could not be read (by name,
    as they sent it), or that the email speaks of an attachment and none came with it."""
    names = dict.fromkeys(CONTROL.sub("", name)[:120] for name in unread)
    notes = [
        f'We could not read the attached file "{name}". Please send it as a Word (.docx) '
        "or PDF file, or in the body of the email."
        for name in names
    ]
    if not email.attachments and mentions_attachment(email.text[:5000]):
        notes.append(
            "Your email mentions an attachment, but none came with it. Please send it again."
        )
    return notes


def written_on(email: InboundEmail, at: dt.datetime) -> dt.date | None:
    """The day the sender wrote the message, from its Date header, for "last Tuesday". The
    header is the sender's word, so it counts only within a week before arrival."""
    if email.date is None or email.date.tzinfo is None:
        return None
    if not at - dt.timedelta(days=7) <= email.date <= at:
        return None
    return context_stage.App.local_date(email.date)
