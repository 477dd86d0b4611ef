"""Everything held about one case, for a subject access request (UK GDPR Article 15): the
referral, its précis, recommendations, decision, documents, actions, the mail in and out
(also mail naming the child without a reference code), its chat and its audit trail; the
export itself audited."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from sqlmodel import col, select

from ..store import audit
from ..store.tables import (
    ActionItem,
    AgendaItem,
    AuditEntry,
    ChatMessage,
    Document,
    InboundMessage,
    Meeting,
    OutboundMessage,
    Precis,
    Recommendation,
    SignOff,
)
from ..store.tables import Decision as DecisionRow
from ..store.tables import Referral as ReferralRow
from ..workflow.forms import child_fingerprint
from .context import App, work
from .naming import about_the_child


def _row(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.model_dump().items():
        if isinstance(value, bytes):
            out[key] = base64.b64encode(value).decode()
        elif isinstance(value, (dt.date, dt.datetime)):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def find_cases(app: App, name: str, born: dt.date, actor_id: str) -> list[str]:
    """The reference codes of the cases held about a child with this name and date of birth
    (its words in any order; anonymised cases have no key and are not found). Audited with
    the number found; the name is not written to the log."""
    if "business_manager" not in app.config.roles_of(actor_id):
        from ..workflow.errors import NotPermitted

        raise NotPermitted("", "find_cases", actor_id, ("business_manager",))
    key = child_fingerprint(name, born)
    with work(app) as uow:
        found = (
            sorted(
                uow.session.exec(
                    select(col(ReferralRow.reference)).where(ReferralRow.child_key == key)
                ).all()
            )
            if key
            else []
        )
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="find_cases",
            details={"found": len(found)},
        )
    return found


def export(app: App, reference: str, actor_id: str) -> dict[str, Any]:
    """Everything held about one case, for a subject access request; the export is audited."""
    roles = app.config.roles_of(actor_id)
    if "business_manager" not in roles:
        from ..workflow.errors import NotPermitted

        raise NotPermitted(reference.upper(), "export", actor_id, ("business_manager",))
    with work(app) as uow:
        row = uow.referrals.row(reference, lock=False)
        session = uow.session

        def rows(table: Any, column: Any) -> list[dict[str, Any]]:
            return [_row(r) for r in session.exec(select(table).where(column == row.id))]

        data: dict[str, Any] = {
            "reference": row.reference,
            "exported_at": app.clock().isoformat(),
            "exported_by": actor_id,
            "referral": _row(row),
            "precis": rows(Precis, Precis.referral_id),
            "recommendations": rows(Recommendation, Recommendation.referral_id),
            "sign_offs": rows(SignOff, SignOff.referral_id),
            "decision": rows(DecisionRow, DecisionRow.referral_id),
            "documents": rows(Document, Document.referral_id),
            "actions": rows(ActionItem, ActionItem.referral_id),
            "agenda": rows(AgendaItem, AgendaItem.referral_id),
            "outbound_messages": rows(OutboundMessage, OutboundMessage.referral_id),
            "chat_messages": rows(ChatMessage, ChatMessage.referral_id),
            "inbound_messages": [
                _row(m)
                for m in session.exec(
                    select(InboundMessage)
                    .where(InboundMessage.reference == row.reference)
                    .order_by(col(InboundMessage.id))
                )
            ],
            "audit": [
                _row(e)
                for e in session.exec(
                    select(AuditEntry)
                    .where(AuditEntry.reference == row.reference)
                    .order_by(col(AuditEntry.seq))
                )
            ],
        }
        # Mail about the child that carried no reference code (quarantined, held, a question
        # by name), found by the child's name in its content or reason, and our answers to it.
        naming, _ = about_the_child(row, app.config.mailbox.max_message_bytes)
        if naming:
            data["inbound_messages"] += [
                _row(m)
                for m in session.exec(
                    select(InboundMessage)
                    .where(col(InboundMessage.reference).is_(None))
                    .order_by(col(InboundMessage.id))
                )
                if naming.inbound(m)
            ]
            data["outbound_messages"] += [
                _row(m)
                for m in session.exec(
                    select(OutboundMessage)
                    .where(col(OutboundMessage.referral_id).is_(None))
                    .order_by(col(OutboundMessage.id))
                )
                if naming.outbound(m)
            ]
        # A meeting's agenda pack quotes this case's précis beside other cases': named here
        # (the précis themselves are above) for whoever answers the request to consider.
        data["agenda_packs"] = [
            {
                "id": document.id,
                "meeting": meeting_date.isoformat(),
                "kind": document.kind,
                "filename": document.filename,
                "created_at": document.created_at.isoformat(),
            }
            for document, meeting_date in session.exec(
                select(Document, col(Meeting.date))
                .join(Meeting, col(Meeting.id) == col(Document.meeting_id))
                .join(AgendaItem, col(AgendaItem.meeting_id) == col(Meeting.id))
                .where(AgendaItem.referral_id == row.id, col(Document.referral_id).is_(None))
                .order_by(col(Document.id))
            )
        ]
        audit.append(
            session, at=app.clock(), actor=actor_id, action="export", reference=row.reference
        )
    json.dumps(data)  # everything in it is JSON
    return data
