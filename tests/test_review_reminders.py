"""Issue 26: a review decided upon is chased. Cambridgeshire 7.6 has it begun within three
months of the decision and completed within twelve; the Business Manager (in chat, with the
page to record it on) and the lead reviewer's agency (by email) are reminded ten working
days before each is due and once it is overdue, each reminder once."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from panelclerk.application import decision_notice, reviewing, scheduled, screening
from panelclerk.store.tables import ChatMessage

from .test_notices import decided, outbox_rows

LEAD = "Dr Hana Ito, Fenmarsh Hospitals NHS Trust"


def chats(app):
    with app.uow() as uow:
        rows = uow.session.exec(select(ChatMessage).where(ChatMessage.kind == "notice"))
        return [(m.target, m.text, m.status) for m in rows if "review" in (m.text or "")]


def test_the_review_start_is_chased_before_it_is_due_and_when_overdue(sqlite_app, clock):
    app = sqlite_app
    ref = decided(app, clock, lead_reviewer=LEAD)  # decided Tue 15 Dec 2026
    decision_notice.notify_decision(app, ref)
    # begun by 15 Mar 2027; ten working days before is Mon 1 Mar
    clock.to(dt.date(2027, 2, 26))
    scheduled.scheduled_jobs(app)
    assert outbox_rows(app, "review_reminder") == [] and chats(app) == []

    clock.to(dt.date(2027, 3, 1))
    scheduled.scheduled_jobs(app)
    scheduled.scheduled_jobs(app)  # a second pass the same day sends nothing twice
    [mail] = outbox_rows(app, "review_reminder")
    assert mail.recipients == ["kim.walsh@hospitals.fenmarsh.example"]
    assert mail.subject == (
        f"[{ref}] Reminder: the Serious Case Review is to be begun by 15 March 2027"
    )
    assert mail.text_body.startswith("To Fenmarsh Hospitals NHS Trust,")
    assert "led by Dr Hana Ito" in mail.text_body
    [(target, text, _)] = chats(app)
    assert target == "bm"
    assert text.startswith(
        f"Reminder: for {ref} the Serious Case Review is to be begun by 15 March 2027 "
        "(within 3 months of the decision)."
    )
    assert "Fenmarsh Hospitals NHS Trust (the lead reviewer's agency) has been emailed" in text
    assert "bash" not in text and "panelclerk " not in text  # a page, never a command

    clock.to(dt.date(2027, 3, 16))
    scheduled.scheduled_jobs(app)
    late = outbox_rows(app, "review_reminder")[-1]
    assert late.kind.endswith(":overdue")
    assert late.subject.startswith(f"[{ref}] Overdue: the Serious Case Review was to be begun")
    assert chats(app)[-1][1].startswith(f"Overdue: for {ref} the Serious Case Review")

    # recorded begun: the overdue reminder still waiting to go is withdrawn, and only the
    # completion (15 Dec 2027) is chased from now on
    screening.move(app, ref, "start_review", "bm")
    assert outbox_rows(app, "review_reminder")[-1].status == "withdrawn"
    clock.to(dt.date(2027, 4, 1))
    assert reviewing.review_reminders(app) == []
    clock.to(dt.date(2027, 12, 1))
    assert reviewing.review_reminders(app) == [f"{ref}: review completed (before)"]
    assert outbox_rows(app, "review_reminder")[-1].subject == (
        f"[{ref}] Reminder: the Serious Case Review is to be completed by 15 December 2027"
    )


def test_a_review_with_no_lead_reviewer_yet_is_told_to_the_business_manager(sqlite_app, clock):
    app = sqlite_app
    ref = decided(app, clock)
    decision_notice.notify_decision(app, ref)
    clock.to(dt.date(2027, 3, 2))
    assert reviewing.review_reminders(app) == [f"{ref}: review begun (before)"]
    assert outbox_rows(app, "review_reminder") == []  # nobody to email
    [(target, text, _)] = chats(app)
    assert target == "bm" and "Nobody else was told: no lead reviewer is recorded yet" in text


def test_a_decision_of_no_review_is_not_chased(sqlite_app, clock):
    app = sqlite_app
    ref = decided(app, clock, review_type="no_review")
    decision_notice.notify_decision(app, ref)
    clock.to(dt.date(2027, 3, 16))
    assert reviewing.review_reminders(app) == []
