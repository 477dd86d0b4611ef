"""What became of one message: the pass's answer for the log, the command line and the
console, and when a message counts as received."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Result:
    key: str
    kind: str
    outcome: str  # accepted, incomplete, late, duplicate, already_processed, quarantined,
    #               held, ignored; error (left in the mailbox for the next pass)
    reference: str | None = None
    detail: str = ""
    missing: list[str] = field(default_factory=list)
    meeting: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "outcome": self.outcome,
            "reference": self.reference,
            "detail": self.detail,
            "missing": self.missing,
            "meeting": self.meeting,
        }


def arrival(arrived: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """When a message counts as received: the mail server's time of arrival (a stored one is
    UTC without its zone), never later than now, since a server's clock may run ahead."""
    if arrived is None:
        return now
    if arrived.tzinfo is None:
        arrived = arrived.replace(tzinfo=dt.UTC)
    # a plain datetime: a backend's own type (exchangelib's EWSDateTime) converts only to
    # its own zones
    return min(dt.datetime.fromtimestamp(arrived.timestamp(), dt.UTC), now)
