"""One pass over the mailbox, the same under `serve` and under `monitor`: new mail routed (a
polled backend only when it is due, or at once when its stream says mail came), the
scheduled jobs (reminders, agenda packs), and, after a purge, the mailbox's filed originals
cleared by the thread that owns the mailbox's connection."""

from __future__ import annotations

import threading
import time

from .. import faults, links
from ..mail.imap import ImapMailbox
from ..mail.mailbox import Mailbox
from . import context, dataprotection, scheduled
from .inbound.result import Result
from .inbound.router import Router


class MailPass:
    def __init__(self, app: context.App, mailbox: Mailbox) -> None:
        self.app, self.mailbox = app, mailbox
        self.router = Router(app)
        backend = app.config.mailbox.backend
        # Graph and EWS are asked every poll_seconds, or at once when EWS streaming says
        # mail has come; IMAP waits in IDLE; a Maildir is local.
        self.polled = backend in ("graph", "ews")
        self.streaming = backend == "ews" and app.config.mailbox.ews_streaming
        self.last_poll = float("-inf")
        self.woken = False
        self.clear_due = threading.Event()  # set by the purge, done here

    def run(self, *, now: bool = False) -> list[Result]:
        """The pass; `now`: read the mailbox whether or not a poll is due."""
        results: list[Result] = []
        due = time.monotonic() - self.last_poll >= self.app.config.mailbox.poll_seconds
        if now or not self.polled or due or self.woken:
            self.last_poll, self.woken = time.monotonic(), False
            results = self.router.run_once(self.mailbox)
        scheduled.scheduled_jobs(self.app)
        if self.clear_due.is_set():
            self.clear_due.clear()
            self._clear_filed_mail()
        return results

    def idle(self, seconds: float) -> bool:
        """Wait for mail where the mailbox can say it came (IMAP IDLE, EWS streaming), in
        short spells so that a stop is heard; False where it cannot, for the caller to wait."""
        if self.streaming:
            self.woken = bool(self.mailbox.wait(seconds))  # type: ignore[attr-defined]
            return True
        if isinstance(self.mailbox, ImapMailbox):
            self.mailbox.wait(seconds)
            return True
        return False

    def _clear_filed_mail(self) -> None:
        try:
            dataprotection.clear_mailbox(self.app, self.mailbox)
        except Exception as exc:  # the mail itself goes on being read
            faults.report(
                self.app,
                "Clearing the mailbox's filed mail under the retention rules",
                exc,
                then="It is tried again after tomorrow's purge; "
                f"{links.data_protection(self.app.config)} shows what is left.",
            )
