"""The one small interface every mailbox backend offers: list new messages, fetch raw MIME,
mark processed (or quarantined), and a transport to send through; and, for the retention
rules, the messages it has filed away, to read and remove when the store's copy has gone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class MessageRef:
    key: str  # the mailbox's own identity: unique in the store, so nothing applies twice
    handle: str  # what the backend needs to fetch or move it
    arrived: dt.datetime | None = None  # when the mail server received it (its clock)
    message_id: str | None = None  # given when the listing has it cheaply (filed mail)


class Refused(OSError):
    """The mail service refused this message for good (its recipients or its content): a
    retry would be refused the same way, so the Business Manager is told at once."""


class Transport(Protocol):
    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None: ...


class Mailbox(Protocol):
    name: str

    def list_new(self) -> list[MessageRef]: ...

    def fetch(self, ref: MessageRef) -> bytes: ...

    def mark_processed(self, ref: MessageRef, quarantined: bool = False) -> None: ...

    def transport(self) -> Transport: ...

    def close(self) -> None: ...


@runtime_checkable
class Filing(Protocol):
    """The folders a mailbox files processed and quarantined mail into. The originals there
    are a second copy of what the store holds, so the retention rules reach them too."""

    processed: str
    quarantine: str

    def filed(self, folder: str, before: dt.datetime) -> list[MessageRef]: ...

    def read_filed(self, folder: str, ref: MessageRef) -> bytes: ...

    def remove_filed(self, folder: str, refs: list[MessageRef]) -> None: ...

    # the copies of our own mail the mailbox keeps when it sends (none over SMTP or EWS)
    def sent_copies(self, before: dt.datetime) -> list[MessageRef]: ...

    def remove_sent(self, refs: list[MessageRef]) -> None: ...
