"""Stories every mailbox backend must tell the same way: the originals the monitor files in
Processed and Quarantine, and the copies a mailbox keeps of what we send, go when the
store's copies go under the retention rules, and not before; mail the store never
recorded is left for a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlmodel import select

from panelclerk.application import dataprotection
from panelclerk.application.inbound.router import Router
from panelclerk.outbox.delivery import deliver_due
from panelclerk.store import audit
from panelclerk.store.tables import AuditEntry, OutboundMessage

from .mail import message, referral


def filed_mail_follows_the_store(
    app,
    clock,
    box,
    *,
    deliver: Callable[[bytes, dt.datetime, str | None], object],
    count: Callable[[str], int],
) -> None:
    """`deliver(raw, when, folder)` puts mail in the inbox (folder None), or files it by
    hand in a folder, as having arrived `when`."""
    landed = app.clock()
    deliver(referral(), landed, None)
    deliver(message(sender="x@gmail.example", subject="SCR referral").as_bytes(), landed, None)
    Router(app).run_once(box)
    deliver(message(subject="an old note").as_bytes(), landed, box.processed)
    assert (count(box.processed), count(box.quarantine)) == (2, 1)

    clock.to(dt.date(2027, 4, 1))  # under six months: every rule keeps everything
    assert dataprotection.purge(app).quarantined == 0
    assert dataprotection.clear_mailbox(app, box).removed == 0

    clock.to(dt.date(2027, 6, 1))  # past six months: the stranger's message is due
    would = dataprotection.purge(app, dry_run=True)
    assert dataprotection.clear_mailbox(app, box, dry_run=True, purged=would).removed == 1
    assert count(box.quarantine) == 1
    assert dataprotection.purge(app).quarantined == 1
    dry = dataprotection.clear_mailbox(app, box, dry_run=True)
    assert (dry.removed, dry.held, dry.unrecorded) == (1, 1, 1)
    assert count(box.quarantine) == 1  # a dry run removes nothing
    report = dataprotection.clear_mailbox(app, box)
    assert (report.removed, report.held, report.unrecorded) == (1, 1, 1)
    assert (count(box.processed), count(box.quarantine)) == (2, 0)

    clock.to(dt.date(2029, 1, 15))  # past 24 months: the referral's original is due too
    assert dataprotection.purge(app).processed == 1
    report = dataprotection.clear_mailbox(app, box)
    assert (report.removed, report.held, report.unrecorded) == (1, 0, 1)
    assert count(box.processed) == 1  # the note the store never saw: never ours to remove
    assert dataprotection.clear_mailbox(app, box).removed == 0  # once
    with app.uow() as uow:
        assert audit.verify(uow.session).ok


def sent_copies_follow_the_store(
    app,
    clock,
    box,
    *,
    deliver: Callable[[bytes, dt.datetime, str | None], object],
    count_sent: Callable[[], int],
    sent_at: Callable[[dt.datetime], object] = lambda when: None,
) -> None:
    """Where the mailbox keeps a copy of what it sends, each copy goes when the store empties
    its record of that message: our reply about no case after 24 months; the referral's
    acknowledgement stays while the case is open."""
    landed = app.clock()
    deliver(referral(), landed, None)
    question = message(subject="question about a family", body="Can we talk?")
    deliver(question.as_bytes(), landed, None)
    Router(app).run_once(box)
    assert deliver_due(app.uow, app.config, box.transport(), app.clock()).sent == 2
    sent_at(landed)
    assert count_sent() == 2

    clock.to(dt.date(2028, 10, 1))  # 23 months: not yet
    assert dataprotection.purge(app).outbound == 0
    assert dataprotection.clear_mailbox(app, box).sent == 0
    clock.to(dt.date(2029, 1, 15))  # the 24 months of processed mail
    would = dataprotection.purge(app, dry_run=True)  # a dry run counts what it would empty
    assert dataprotection.clear_mailbox(app, box, dry_run=True, purged=would).sent == 1
    assert dataprotection.purge(app).outbound == 1
    assert dataprotection.clear_mailbox(app, box, dry_run=True).sent == 1
    assert count_sent() == 2
    assert dataprotection.clear_mailbox(app, box).sent == 1
    assert count_sent() == 1  # the acknowledgement: its case is still open
    with app.uow() as uow:
        [reply] = uow.session.exec(
            select(OutboundMessage).where(OutboundMessage.text_body == dataprotection.REMOVED)
        ).all()
        [entry] = [
            e.details
            for e in uow.session.exec(select(AuditEntry))
            if e.action == "clear_mailbox" and e.details["folder"] == "sent"
        ]
    assert entry == {"folder": "sent", "removed": 1, "outbound_ids": [reply.id]}
    assert dataprotection.clear_mailbox(app, box).sent == 0  # once
