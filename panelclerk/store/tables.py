"""The tables. Identities of the child and family live only in `referral.form` (and later
précis texts); every other table and every log refers to the reference code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig  # the type of SQLModel.model_config

from ..clock import now as _now


class Table(SQLModel):
    """Every table's base. Its validators are built when first used, not as each class is
    declared: the store's rows are made by SQLAlchemy, not validated, and importing the
    tables costs less (70 ms against 95 ms here)."""

    model_config = SQLModelConfig(from_attributes=True, defer_build=True)


class Board(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    name: str
    framework: str = Field(max_length=64)


class Agency(Table, table=True):
    __table_args__ = (UniqueConstraint("board_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    key: str = Field(max_length=64)
    name: str
    standing_member: bool = False


class Person(Table, table=True):
    __table_args__ = (UniqueConstraint("board_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    key: str = Field(max_length=64)
    name: str
    email: str = Field(max_length=320)
    agency_key: str | None = Field(default=None, max_length=64)
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ReferenceCounter(Table, table=True):
    """The last number issued per prefix and year: SCR-2026-007."""

    prefix: str = Field(primary_key=True, max_length=8)
    year: int = Field(primary_key=True)
    last: int = 0


class Referral(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    reference: str = Field(unique=True, max_length=32)
    state: str = Field(max_length=32, index=True)
    paused_from: str | None = Field(default=None, max_length=32)
    received_on: dt.date
    notified_on: dt.date | None = None
    meeting_date: dt.date | None = None
    referring_agency: str | None = Field(default=None, max_length=64)
    referrer_email: str | None = Field(default=None, max_length=320)
    form: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    missing: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    agencies_involved: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    version: int = 1  # bumped on every move; the row is locked while a move is applied
    # The child's name and date of birth hashed (workflow.forms.child_fingerprint): a second
    # referral of the same child is found by the index. Cleared when the case is anonymised.
    child_key: str | None = Field(default=None, max_length=64, index=True)
    created_at: dt.datetime = Field(default_factory=_now)
    updated_at: dt.datetime = Field(default_factory=_now)


class Meeting(Table, table=True):
    __table_args__ = (UniqueConstraint("board_id", "date"),)
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    date: dt.date
    status: str = Field(default="planned", max_length=16)  # planned, held, cancelled
    attended_agencies: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    agenda_status: str = Field(default="open", max_length=24)  # open, awaiting_confirmation, sent
    agenda_sent_at: dt.datetime | None = None
    minutes_sent_at: dt.datetime | None = None


class AgendaItem(Table, table=True):
    """A referral on a meeting's agenda, or another item a member submitted (7.2)."""

    __table_args__ = (UniqueConstraint("meeting_id", "referral_id"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    kind: str = Field(default="referral", max_length=32)
    title: str | None = None
    submitted_by: str | None = Field(default=None, max_length=320)
    late: bool = False  # arrived after the deadline of an earlier meeting
    inbound_id: int | None = Field(default=None, foreign_key="inbound_message.id")
    added_at: dt.datetime = Field(default_factory=_now)


class Precis(Table, table=True):
    __table_args__ = (UniqueConstraint("referral_id", "agency_key"),)
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    agency_key: str = Field(max_length=64)
    requested_at: dt.datetime = Field(default_factory=_now)
    reminded_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    author_email: str | None = Field(default=None, max_length=320)
    text: str | None = Field(default=None, sa_column=Column(Text))
    original: str | None = Field(default=None, sa_column=Column(Text))


class Recommendation(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    agency_key: str = Field(max_length=64)
    person_key: str = Field(max_length=64)
    review_type: str = Field(max_length=64)
    methodology: str | None = Field(default=None, max_length=64)
    counts: bool = True  # a sub-group member's; invited agencies' views are kept, not counted
    current: bool = True
    text: str | None = Field(default=None, sa_column=Column(Text))
    recorded_at: dt.datetime = Field(default_factory=_now)


class SignOff(Table, table=True):
    """A safeguarding partner's sign-off of a rapid review's outcome (Working Together 2023):
    one current per partner, changes kept; the decision is made when all partners agree."""

    __tablename__ = "sign_off"
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    person_key: str = Field(max_length=64)
    review_type: str = Field(max_length=64)
    methodology: str | None = Field(default=None, max_length=64)
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    lead_reviewer: str | None = None
    current: bool = True
    recorded_at: dt.datetime = Field(default_factory=_now)


class Decision(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", unique=True)
    review_type: str = Field(max_length=64)
    kind: str = Field(max_length=16)
    methodology: str | None = Field(default=None, max_length=64)
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    decided_on: dt.date
    decided_by: str = Field(max_length=64)
    lead_reviewer: str | None = None
    recorded_at: dt.datetime = Field(default_factory=_now)


class ActionItem(Table, table=True):
    """One action of an action plan (7.4): a review's plan by its reference code, or another
    plan by its name. The text is redacted of the case's names before it is stored."""

    __tablename__ = "action_item"
    __table_args__ = (UniqueConstraint("plan", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    plan: str = Field(max_length=80, index=True)
    number: int
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    agency_key: str = Field(max_length=64, index=True)
    due_on: dt.date
    # red, amber, green, complete; "unrated" until first rated (never green by default)
    rag: str = Field(
        default="unrated", max_length=16, sa_column_kwargs={"server_default": "unrated"}
    )
    rated_on: dt.date
    note: str | None = Field(default=None, sa_column=Column(Text))
    completed_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=_now)


class OutboundMessage(Table, table=True):
    """The outbox: written in the same transaction as the change that causes the message."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(unique=True, max_length=255)
    kind: str = Field(max_length=64, index=True)
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    in_reply_to: str | None = Field(default=None, max_length=998, index=True)
    recipients: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    subject: str
    attachments: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    text_body: str = Field(sa_column=Column(Text, nullable=False))
    html_body: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(
        default="queued", max_length=16, index=True
    )  # queued, sending (claimed), sent, failed, withdrawn
    # Recipients the server accepted it for, and those it refused for good ("550 ..."): a
    # retry goes only to the rest, so nobody receives a message twice.
    delivered_to: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    refused: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(default_factory=_now)
    sent_at: dt.datetime | None = None
    last_error: str | None = None
    created_at: dt.datetime = Field(default_factory=_now)


class InboundMessage(Table, table=True):
    """Every message the mailbox gave us, kept whole with what became of it.

    `mailbox_key` is the mailbox's own identity for the message (IMAP UIDVALIDITY:UID, the
    Maildir file name, the Exchange item id): unique, so a message is applied once however
    often the monitor meets it. `content_hash` ignores trace headers, so the same message
    delivered twice (To and Cc, two folders) is recognised as a repeat.
    """

    __tablename__ = "inbound_message"
    id: int | None = Field(default=None, primary_key=True)
    mailbox_key: str = Field(unique=True, max_length=512)
    message_id: str | None = Field(default=None, max_length=998, index=True)
    content_hash: str = Field(max_length=64, index=True)
    received_at: dt.datetime = Field(default_factory=_now)
    sender: str | None = Field(default=None, max_length=320)
    size: int = 0
    kind: str = Field(default="unknown", max_length=32)
    outcome: str = Field(max_length=32, index=True)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    reference: str | None = Field(default=None, max_length=32, index=True)
    duplicate_of: int | None = Field(default=None, foreign_key="inbound_message.id")
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # When it left the Business Manager's kept list: released (routed again), applied (an
    # action plan update), attached to a referral or dismissed.
    released_at: dt.datetime | None = None
    released_by: str | None = Field(default=None, max_length=64)
    # Attached by the Business Manager to a referral as more information (`reference` is then
    # that referral's), with the reason when the sender's agency is not on it.
    attached_to: str | None = Field(default=None, max_length=32, index=True)
    attached_at: dt.datetime | None = None
    attached_by: str | None = Field(default=None, max_length=64)
    attached_reason: str | None = Field(default=None, sa_column=Column(Text))
    # Dismissed by the Business Manager with a reason: kept, never deleted.
    dismissed_at: dt.datetime | None = None
    dismissed_by: str | None = Field(default=None, max_length=64)
    dismissed_reason: str | None = Field(default=None, sa_column=Column(Text))


class MailAttempt(Table, table=True):
    """A message the monitor has begun to read and not yet recorded. The count is committed
    before the message is read, so one that kills the process (out of memory, a crash in a
    parser) is counted across restarts and, past the limit, kept unread in quarantine
    rather than read again and again."""

    __tablename__ = "mail_attempt"
    mailbox_key: str = Field(primary_key=True, max_length=512)
    tries: int = 0
    last_fault: str | None = Field(default=None, max_length=255)
    updated_at: dt.datetime = Field(default_factory=_now)


class Document(Table, table=True):
    """A generated document kept in the store: the completed referral and decision form, a
    learning summary, an agenda pack. Attached to outbound mail by id."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=64, index=True)
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=255)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: dt.datetime = Field(default_factory=_now)


class ChatEvent(Table, table=True):
    """Chat events already applied (Slack event_id, Teams activity id): a retry is skipped."""

    __tablename__ = "chat_event"
    key: str = Field(primary_key=True, max_length=255)
    received_at: dt.datetime = Field(default_factory=_now)


class ChatThread(Table, table=True):
    """Where a referral's thread lives on a chat platform."""

    __tablename__ = "chat_thread"
    __table_args__ = (UniqueConstraint("platform", "referral_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    channel: str = Field(max_length=255)
    ts: str = Field(max_length=255)  # the root message (Slack ts, Teams reply-chain id)


class ChatAddress(Table, table=True):
    """Where the bot can write to a person privately on a platform that needs an address
    first (Teams: the personal chat's conversation id and service URL, learnt when the app
    is installed or the person writes), keyed by the platform's own user id."""

    __tablename__ = "chat_address"
    __table_args__ = (UniqueConstraint("platform", "user_key"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    user_key: str = Field(max_length=255)
    conversation_id: str = Field(max_length=512)
    service_url: str = Field(max_length=512)
    updated_at: dt.datetime = Field(default_factory=_now)


class ChatMessage(Table, table=True):
    """The chat outbox: what to post, written with the change that causes it and rendered
    from the store when sent, so a card always shows the current state."""

    __tablename__ = "chat_message"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16, index=True)
    kind: str = Field(max_length=32)  # routing, thread, thread_update, notice, reminder
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    target: str | None = Field(default=None, max_length=255)  # a person id or a channel
    text: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(
        default="queued", max_length=16, index=True
    )  # queued, sending (claimed), sent, failed, withdrawn
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(default_factory=_now)
    posted_ts: str | None = Field(default=None, max_length=255)
    last_error: str | None = None
    created_at: dt.datetime = Field(default_factory=_now)


class MailboxState(Table, table=True):
    """Per-backend cursors (IMAP UIDVALIDITY, Graph delta link, EWS sync state)."""

    __tablename__ = "mailbox_state"
    key: str = Field(primary_key=True, max_length=128)
    value: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: dt.datetime = Field(default_factory=_now)


class AuditHead(Table, table=True):
    """One row: the hash of the newest audit entry. Updating it serialises writers."""

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    last_hash: str = Field(default="0" * 64, max_length=64)


class AuditEntry(Table, table=True):
    """Append-only; each row's hash covers the previous row's, so an edit breaks the chain."""

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    at: dt.datetime
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64)
    reference: str | None = Field(default=None, max_length=32, index=True)
    source_state: str | None = Field(default=None, max_length=32)
    target_state: str | None = Field(default=None, max_length=32)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
