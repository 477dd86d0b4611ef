"""What the statutory bodies are told and what they answer (Cambridgeshire 5.2, 8.1)."""

from __future__ import annotations

import datetime as dt

from .. import chatqueue
from ..store import audit
from ..store.uow import UnitOfWork
from ..workflow.errors import NotPermitted, WorkflowError
from ..workflow.forms import says_yes
from .context import App, work
from .referrals import read_date


def record_panel_notification(app: App, reference: str, actor_id: str, on: dt.date) -> None:
    """The local authority has notified the National Panel (and Ofsted) of the serious
    incident, so the notification is no longer due. It is kept on the form, where the
    referrer may already have said so ("National Panel notified: yes")."""
    config = app.config
    if not config.roles_of(actor_id) & {"business_manager", "decision_maker"}:
        raise NotPermitted(
            reference.upper(),
            "record_panel_notification",
            actor_id,
            ("business_manager", "decision_maker"),
            config.role_titles,
        )
    if on > app.today():
        raise WorkflowError(
            f"{on:%-d %B %Y} is in the future: record the notification once it has been sent"
        )
    with work(app) as uow:
        row = uow.referrals.row(reference)
        incident = read_date(row.form.get("incident.date"), row.received_on)
        if incident is not None and on < incident:
            raise WorkflowError(
                f"{on:%-d %B %Y} is before the incident ({incident:%-d %B %Y}): the "
                f"{app.config.terms.national_panel} cannot have been told of it then"
            )
        before = row.form.get("notification.panel_notified")
        row.form = {**row.form, "notification.panel_notified": f"yes, {on:%d/%m/%Y}"}
        uow.session.add(row)
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="record_panel_notification",
            reference=row.reference,
            details={"on": on.isoformat(), "said_before": says_yes(before)},
        )


def record_statutory_response(
    app: App, reference: str, sender: str, text: str, *, uow: UnitOfWork | None = None
) -> str:
    """The National Panel's (or the DfE's, Ofsted's) answer about a case, kept with it."""
    config, at = app.config, app.clock()
    bodies = {
        config.distribution.national_panel: config.terms.national_panel,
        config.distribution.dfe: "Department for Education",
        config.distribution.ofsted: "Ofsted",
    }
    body = bodies.get(sender.lower())
    if body is None:
        raise WorkflowError(f"{sender} is not a statutory body in the board config")
    with work(app, uow) as uow:
        row = uow.referrals.row(reference)
        form = dict(row.form)
        answers = list(form.get("statutory.responses") or [])
        answers.append({"from": body, "at": at.isoformat(), "text": text[:20000]})
        form["statutory.responses"] = answers
        row.form = form
        uow.session.add(row)
        audit.append(
            uow.session,
            at=at,
            actor=sender,
            action="statutory_response",
            reference=row.reference,
            details={"from": body},
        )
        chatqueue.queue(uow.session, config, "thread_update", at, referral_id=row.id)
    return body
