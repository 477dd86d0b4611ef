"""One pass over the mailbox, the same under `serve` and under `monitor`: new mail routed (a
polled backend only when it is due, or at once when its stream says mail came), the
scheduled jobs (reminders, agenda packs), and, after a purge, the mailbox's filed originals
cleared by the thread that owns the mailbox's connection.

Exchange Online with a public notification URL: once the push endpoint (`mail.graph_push`)
listens, each pass first keeps Graph's subscription on the inbox made and renewed, and a
change notification `wake()`s the pass from the endpoint's thread; polling every
poll_seconds goes on beside it, in case a notification is lost."""

from __future__ import annotations

import logging
import threading
import time

from .. import faults, links
from ..mail.graph import GraphError, GraphMailbox
from ..mail.imap import ImapMailbox
from ..mail.mailbox import Mailbox
from . import context, dataprotection, scheduled
from .inbound.result import Result
from .inbound.router import Router

log = logging.getLogger("panelclerk.mailpass")


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
        self._woken = threading.Event()  # set by any thread: read the mailbox on the next pass
        self.clear_due = threading.Event()  # set by the purge, done here
        # Graph change notifications: subscribed only once this process's endpoint listens
        url = app.config.mailbox.graph_notification_url
        self.push_url = url if backend == "graph" and isinstance(mailbox, GraphMailbox) else ""
        self.push_listening = threading.Event()
        self._push_failing = False

    @property
    def woken(self) -> bool:
        return self._woken.is_set()

    def wake(self) -> None:
        """Read the mailbox on the next pass, due or not; safe from any thread."""
        self._woken.set()

    # ---- what the Graph push endpoint calls (graph_push.Listener), from its threads -----

    def endpoint_ready(self) -> None:
        """The notification endpoint listens: the next pass makes the subscription."""
        if self.push_url:
            self.push_listening.set()
            self.wake()

    def client_state_ok(self, value: object) -> bool:
        return isinstance(self.mailbox, GraphMailbox) and self.mailbox.client_state_ok(value)

    def lifecycle(self, event: str) -> None:
        """reauthorizationRequired: renew; subscriptionRemoved: make another; missed: read
        now. The Graph calls are made by the pass, on the mailbox's own thread."""
        if not isinstance(self.mailbox, GraphMailbox):
            return
        if event == "reauthorizationRequired":
            self.mailbox.renew_soon.set()
        elif event == "subscriptionRemoved":
            self.mailbox.resubscribe_soon.set()
        self.wake()  # the pass acts on it now; for `missed`, the delta query catches up

    def _keep_subscribed(self) -> None:
        if not (self.push_url and self.push_listening.is_set()):
            return
        assert isinstance(self.mailbox, GraphMailbox)
        try:
            if self.mailbox.keep_subscribed(self.push_url, self.app.clock()):
                self.wake()
        except GraphError as exc:
            if not self._push_failing:  # once per run of failures, never the mail
                log.warning("Graph change notifications: %s; the mailbox is polled meanwhile", exc)
            self._push_failing = True
        else:
            if self._push_failing:
                log.info("Graph change notifications work again")
            self._push_failing = False

    def run(self, *, now: bool = False) -> list[Result]:
        """The pass; `now`: read the mailbox whether or not a poll is due."""
        results: list[Result] = []
        self._keep_subscribed()
        due = time.monotonic() - self.last_poll >= self.app.config.mailbox.poll_seconds
        if now or not self.polled or due or self._woken.is_set():
            # cleared before the read: a notification during it brings another pass
            self.last_poll = time.monotonic()
            self._woken.clear()
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
            if self.mailbox.wait(seconds):  # type: ignore[attr-defined]
                self.wake()
            return True
        if self.push_url and self.push_listening.is_set():
            # a notification wakes it; a poll still falls due every poll_seconds
            self._woken.wait(min(seconds, self.app.config.mailbox.poll_seconds))
            return True
        if isinstance(self.mailbox, ImapMailbox):
            if self.mailbox.wait(seconds):
                self.wake()
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
