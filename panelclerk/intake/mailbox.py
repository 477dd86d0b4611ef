"""The one small interface every mailbox backend offers: list new messages, fetch raw MIME,
mark processed (or quarantined), and a transport to send through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class MessageRef:
    key: str  # the mailbox's own identity: unique in the store, so nothing applies twice
    handle: str  # what the backend needs to fetch or move it
    arrived: dt.datetime | None = None  # when the mail server received it (its clock)


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
