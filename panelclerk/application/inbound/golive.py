"""Before the monitor's first pass on a mailbox: a board's secure inbox often holds years of
referrals. Without `mailbox.start_from`, the first pass would treat each as new (record it,
answer its sender, move it), so `serve` and `monitor` refuse to start and say what to do."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from ...mail.mailbox import Mailbox
from ...store.tables import InboundMessage
from .. import context

OLD = dt.timedelta(days=30)


def first_pass_problem(app: context.App, mailbox: Mailbox) -> str | None:
    """What is wrong with starting now, in one paragraph; None when nothing is."""
    if app.config.mailbox.start_from is not None:
        return None
    with app.uow() as uow:
        if uow.session.exec(select(InboundMessage.id).limit(1)).first() is not None:
            return None  # not the first pass: whatever waits is the backlog of an outage
    refs = mailbox.list_new()
    now = app.clock()
    old = [r.arrived for r in refs if r.arrived is not None and r.arrived < now - OLD]
    if not old:
        return None
    oldest = app.local_date(min(old))
    return (
        f"{mailbox.name} holds {len(refs):,} messages, {len(old):,} of them received more "
        f"than 30 days ago (the oldest on {oldest:%d %B %Y}). On its first pass panelclerk "
        "would treat every one as new: record it, answer its sender and move it. Set "
        f'mailbox.start_from = "{app.today().isoformat()}" in the board file to leave older '
        "mail where it is, or move it out of the inbox first."
    )
