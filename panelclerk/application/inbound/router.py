"""The pass over a mailbox: each new message handed to `record.handle` (one message, one
transaction, then the chain in `steps`), and the mailbox told only after it is recorded.

The message is recorded in `inbound_message` under the mailbox's own key in the same commit
as its effect (a referral, a précis, an agenda item) and the acknowledgement queued in the
outbox; the mailbox is told it was processed only after that commit. A crash in between
leaves a message that the next pass finds already recorded: it is moved, not applied again.

A message that our own code fails on (a fault, not bad input we recognise) is tried again on
the next passes in case the fault was passing; after FAULT_TRIES it is quarantined whole with
the fault's type and place, and the Business Manager is told in chat. A fault in the store
itself (locked, unreachable) leaves the mail waiting however long it lasts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from ... import chatqueue, faults, links
from ...mail.mailbox import Mailbox, MessageRef
from ...mail.parse import content_digest, sender_of
from ...store import audit
from ...store.tables import InboundMessage, MailAttempt
from .. import context as context_stage
from .record import audit_actor
from .record import handle as handle_message
from .result import Result, arrival

log = logging.getLogger("panelclerk.intake")

FAULT_TRIES = 3


class Router:
    """The monitor's pass over one mailbox, for `serve`, `monitor` and `ingest` alike."""

    def __init__(self, app: context_stage.App) -> None:
        self.app = app
        self.config = app.config
        self.left_before_start = 0

    # ---- the pass over a mailbox ----------------------------------------------------

    def process(self, mailbox: Mailbox, ref: MessageRef) -> Result:
        with self.app.uow() as uow:
            existing = uow.session.exec(
                select(InboundMessage).where(InboundMessage.mailbox_key == ref.key)
            ).first()
            if existing is not None:
                result = Result(
                    ref.key,
                    existing.kind,
                    "already_processed",
                    existing.reference,
                    f"recorded earlier as {existing.outcome}",
                )
                quarantined = existing.outcome == "quarantined"
        if existing is None:
            raw = mailbox.fetch(ref)
            tries = self._begin(ref.key)
            if tries > FAULT_TRIES:  # each earlier try died with the process: not again
                result = self._quarantine_fault(
                    ref.key,
                    raw,
                    ref.arrived,
                    f"reading it stopped panelclerk {tries - 1} times (the process was "
                    "killed or ran out of memory); kept whole and unread",
                    "stopped the process",
                )
            else:
                try:
                    result = self.handle(ref.key, raw, arrived=ref.arrived)
                except IntegrityError:
                    # Another worker recorded the same key first: it is theirs to apply.
                    self._end(ref.key)
                    return Result(
                        ref.key, "unknown", "already_processed", None, "recorded by another pass"
                    )
                except Exception as exc:
                    # Out of memory is this message's doing (a header or a document built to
                    # exhaust the parser), not a passing fault of the machine.
                    if faults.transient(exc) and not isinstance(exc, MemoryError):
                        self._end(ref.key, give_back=True)  # the store's fault, not its
                        raise
                    result = self._fault(ref.key, raw, exc, ref.arrived, tries)
                    if result.outcome == "error":
                        return result
        self._end(ref.key)
        quarantined = result.outcome == "quarantined"
        mailbox.mark_processed(ref, quarantined=quarantined)
        log.info(
            "inbound %s kind=%s outcome=%s reference=%s",
            _short(ref.key),
            result.kind,
            result.outcome,
            result.reference or "-",
        )
        return result

    def _begin(self, key: str) -> int:
        """Count this try in the store before the message is read: a try that kills the
        process is counted all the same. Returns the tries so far, this one included."""
        with self.app.uow() as uow:
            attempt = uow.session.get(MailAttempt, key) or MailAttempt(mailbox_key=key)
            attempt.tries += 1
            attempt.updated_at = self.app.clock()
            uow.session.add(attempt)
            uow.commit()
            return attempt.tries

    def _end(self, key: str, *, give_back: bool = False, fault: str | None = None) -> None:
        """The try is over: recorded (the count goes), failed on the store (given back: the
        message did nothing wrong), or failed in our code (kept, with the fault)."""
        with contextlib.suppress(*faults.TRANSIENT), self.app.uow() as uow:
            attempt = uow.session.get(MailAttempt, key)
            if attempt is None:
                return
            if fault is not None:
                attempt.last_fault = fault[:255]
                uow.session.add(attempt)
            elif give_back and attempt.tries > 1:
                attempt.tries -= 1
                uow.session.add(attempt)
            else:
                uow.session.delete(attempt)
            uow.commit()

    def run_once(self, mailbox: Mailbox) -> list[Result]:
        # A meeting cancelled since, by another process; with the store down, each message
        # below is left waiting anyway, so the schedule as it was is good enough.
        with contextlib.suppress(*faults.TRANSIENT):
            self.app.refresh_meetings()
        out = []
        refs = self.after_start(mailbox.list_new())
        for ref in refs:
            try:
                out.append(self.process(mailbox, ref))
            except Exception as exc:
                fault = faults.describe(exc)
                log.error(
                    "inbound %s could not be processed (%s); left in the mailbox",
                    _short(ref.key),
                    fault,
                )
                out.append(
                    Result(
                        ref.key,
                        "unknown",
                        "error",
                        None,
                        f"left in the mailbox for the next pass ({fault})",
                    )
                )
        if all(r.outcome != "error" for r in out):
            done = getattr(mailbox, "batch_done", None)  # a cursor moves on only when all
            if done is not None:  # were recorded (Graph's delta link, EWS's sync state)
                done()
        return out

    def after_start(self, refs: list[MessageRef]) -> list[MessageRef]:
        """The messages that arrived on or after `mailbox.start_from`; older ones are left
        untouched in the mailbox (one whose arrival the server does not say is read)."""
        start = self.config.mailbox.start_from
        if start is None:
            return refs
        keep = [r for r in refs if r.arrived is None or self.app.local_date(r.arrived) >= start]
        if len(refs) - len(keep) != self.left_before_start:  # said once, not every pass
            self.left_before_start = len(refs) - len(keep)
            log.info(
                "%d messages arrived before start_from %s: left where they are",
                self.left_before_start,
                start.isoformat(),
            )
        return keep

    # ---- a fault in our code -----------------------------------------------------------

    def _fault(
        self, key: str, raw: bytes, exc: Exception, arrived: dt.datetime | None, tries: int
    ) -> Result:
        fault = faults.describe(exc)
        if tries < FAULT_TRIES:
            self._end(key, fault=fault)
            log.error(
                "inbound %s: %s on try %d of %d; left for the next pass",
                _short(key),
                fault,
                tries,
                FAULT_TRIES,
            )
            return Result(
                key, "unknown", "error", None, f"left in the mailbox for the next pass ({fault})"
            )
        reason = f"could not be processed ({tries} tries): a fault in panelclerk, {fault}"
        return self._quarantine_fault(key, raw, arrived, reason, fault)

    def _quarantine_fault(
        self, key: str, raw: bytes, arrived: dt.datetime | None, reason: str, fault: str
    ) -> Result:
        """Keep a message our code cannot get through, whole, and tell the Business
        Manager; nobody is answered. It is not parsed again here: that may be what failed."""
        sender = sender_of(raw)  # who sent it, for the quarantine list only
        at = self.app.clock()
        with self.app.uow() as uow:
            record = InboundMessage(
                mailbox_key=key,
                content_hash=content_digest(raw),
                raw=raw,
                size=len(raw),
                sender=sender,
                kind="fault",
                outcome="quarantined",
                reason=reason,
                received_at=arrival(arrived, at),
            )
            uow.session.add(record)
            uow.session.flush()
            audit.append(
                uow.session,
                at=at,
                actor=audit_actor(self.config, sender),
                action="inbound",
                details={
                    "inbound_id": record.id,
                    "kind": "fault",
                    "outcome": "quarantined",
                    "fault": fault,
                },
            )
            chatqueue.tell_business_manager(
                uow.session,
                self.config,
                at,
                f"A message in the mailbox could not be processed ({fault}). It is kept "
                f"whole in quarantine as number {record.id} and nobody has been answered. "
                "Once the fault is mended, releasing it routes it again: "
                f"{links.kept_message(self.config, record.id)}.",
            )
            uow.commit()
        log.error("inbound %s quarantined: %s", _short(key), fault)
        return Result(key, "fault", "quarantined", None, reason)

    # ---- one message ------------------------------------------------------------------

    def handle(
        self,
        key: str,
        raw: bytes,
        *,
        arrived: dt.datetime | None = None,
        trusted: bool = False,
        row: InboundMessage | None = None,
    ) -> Result:
        """One message, one transaction (`record.handle`)."""
        return handle_message(self.app, key, raw, arrived=arrived, trusted=trusted, row=row)


def _short(key: str) -> str:
    return key if len(key) <= 48 else key[:20] + "…" + key[-20:]
