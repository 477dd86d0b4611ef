"""Mail that could not be delivered, sent again once its cause is mended: the Business
Manager's step, audited; the outbox itself (panelclerk.outbox) only sends."""

from __future__ import annotations

from ..outbox.delivery import SENDING
from ..store import audit
from ..store.tables import OutboundMessage
from ..workflow.errors import WorkflowError
from .context import App


def retry(app: App, outbox_id: int, actor_id: str) -> OutboundMessage:
    """The Business Manager sends a failed message again, after mending what stopped it:
    only to the recipients who do not have it (those refused for good are tried again)."""
    app.config.business_manager(actor_id, "retry outbound mail")
    with app.uow() as uow:
        row = uow.session.get(OutboundMessage, outbox_id)
        if row is None:
            raise WorkflowError(f"no outbound message with id {outbox_id}")
        waiting = [r for r in row.recipients if r not in row.delivered_to]
        if not waiting:
            raise WorkflowError(f"message {outbox_id} has reached all its recipients already")
        if row.status in ("queued", SENDING):
            raise WorkflowError(f"message {outbox_id} is queued already; it is tried by itself")
        if row.status == "withdrawn":
            raise WorkflowError(
                f"message {outbox_id} was a reminder withdrawn because what it asked for was done"
            )
        row.status, row.attempts, row.refused = "queued", 0, {}
        row.next_attempt_at = app.clock()
        uow.session.add(row)
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="retry_outbound",
            details={"outbox_id": outbox_id, "recipients": len(waiting)},
        )
        uow.commit()
        uow.session.refresh(row)
        uow.session.expunge(row)
    return row
