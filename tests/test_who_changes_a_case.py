"""Only the referrer (or the Business Manager) says who the child is, when they were born, who
referred and which agencies are on the case. Another agency on the case writing about an
incomplete referral is heard, and its message waits for the Business Manager to add."""

from __future__ import annotations

from sqlmodel import select

from panelclerk.application.inbound.kept import release
from panelclerk.application.inbound.router import Router
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import ChatMessage, InboundMessage

from .mail import REFERRER, form_body, message, referral

POLICE = "dc.jones@police.fenmarsh.example"


def the_referral(app):
    with app.uow() as uow:
        row = uow.referrals.row("SCR-2026-001", lock=False)
        return dict(row.form), list(row.agencies_involved), row.referrer_email, row.state


def rewrite(sender: str, message_id: str) -> bytes:
    body = form_body(
        **{
            "child.name": "Someone Else",
            "child.date_of_birth": "2015-01-01",
            "referrer.email": "dc.jones@police.fenmarsh.example",
            "agencies.involved": "police, social care, health, education",
            "child.legal_status": "looked after",
        }
    )
    return message(sender, "SCR-2026-001 further details", body, message_id=message_id).as_bytes()


def test_another_agency_on_the_case_cannot_rewrite_who_the_child_is(sqlite_app, tmp_path):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral(drop=("child.legal_status",)))
    router = Router(sqlite_app)
    [first] = router.run_once(box)
    assert first.outcome == "incomplete"
    before = the_referral(sqlite_app)
    box.deliver(rewrite(POLICE, "<police@x.example>"))
    [result] = router.run_once(box)
    assert (result.outcome, result.reference) == ("held", "SCR-2026-001")
    assert "not the referrer" in result.detail
    assert the_referral(sqlite_app) == before  # nothing of it applied
    with sqlite_app.uow() as uow:
        told = [m.text for m in uow.session.exec(select(ChatMessage))]
        held = uow.session.exec(
            select(InboundMessage).where(InboundMessage.outcome == "held")
        ).one()
    assert any(f"number {held.id}" in text for text in told)  # the Business Manager knows
    # The Business Manager reads it and vouches for it: then it is added.
    released = release(sqlite_app, held.id, "bm")
    assert released.outcome == "accepted"
    form, agencies, _, _ = the_referral(sqlite_app)
    assert form["child.name"] == "Someone Else" and "education" in agencies


def test_the_referrer_completes_and_corrects_their_own_referral(sqlite_app, tmp_path):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral(drop=("child.legal_status",)))
    router = Router(sqlite_app)
    router.run_once(box)
    box.deliver(rewrite(REFERRER, "<kim@x.example>"))
    [result] = router.run_once(box)
    assert result.outcome == "accepted", result.detail
    form, agencies, _, state = the_referral(sqlite_app)
    assert form["child.name"] == "Someone Else" and form["child.date_of_birth"] == "2015-01-01"
    assert "education" in agencies and state == "awaiting_screening"
