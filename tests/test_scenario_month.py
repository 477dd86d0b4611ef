"""Issue 26: a month of a board's life run through the product, the clock moved day by day:
a referral by email into the Maildir mailbox, the Chair and members acting in chat, the
meeting held, the decision, its notices and the reminders, asserting who received what on
which day."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from panelclerk.application import meetings, scheduled
from panelclerk.application.inbound.router import Router
from panelclerk.bot.conversations import Conversations
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import ChatMessage, OutboundMessage, Referral

from .mail import form_body, message


def _by_day(app):
    """Each email queued, as (day, kind, recipients), and each chat post, as (day, target)."""
    with app.uow() as uow:
        mails = [
            (app.local_date(m.created_at), m.kind, tuple(sorted(m.recipients)))
            for m in uow.session.exec(select(OutboundMessage).order_by(OutboundMessage.id))
        ]
        chats = [
            (app.local_date(m.created_at), m.kind, m.target, m.text or "")
            for m in uow.session.exec(select(ChatMessage).order_by(ChatMessage.id))
        ]
    return mails, chats


def test_a_month_of_the_cambridgeshire_process(sqlite_app, clock, tmp_path):
    app, chat = sqlite_app, Conversations(sqlite_app)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    router = Router(app)
    chair = app.config.people_with_role("chair")[0]
    day, ref = dt.date(2026, 11, 11), None
    while day <= dt.date(2026, 12, 18):
        clock.to(day, 9)
        if day == dt.date(2026, 11, 11):
            box.deliver(message(body=form_body()).as_bytes())
        router.run_once(box)
        scheduled.scheduled_jobs(app)
        clock.to(day, 14)
        if day == dt.date(2026, 11, 12):
            ref = _only_reference(app)
            reply = chat.on_action(chair.id, "pc:agenda", ref)
            assert "is on the agenda of 08 Dec 2026" in reply.text
        if day == dt.date(2026, 12, 8):
            meetings.record_meeting(app, day, "bm", ["csc", "police", "health"])
        if day == dt.date(2026, 12, 9):
            chat.on_action("csc_head", "pc:recommend", f"{ref}|scr")
            chat.on_action("police_head", "pc:recommend", f"{ref}|scr")
        if day == dt.date(2026, 12, 15):
            chat.on_modal(
                chair.id,
                "pc_decision",
                ref,
                {"review_type": "scr", "rationale": "Regulation 5(2)(b)(ii) is met."},
            )
        day += dt.timedelta(days=1)
    mails, chats = _by_day(app)
    kinds = {(d, k) for d, k, _ in mails}
    referrer = ("kim.walsh@hospitals.fenmarsh.example",)
    # the referrer is answered the day the form came
    assert any(d == dt.date(2026, 11, 11) and r == referrer for d, _, r in mails)
    # the agencies are asked for their précis the day the Chair put it on the agenda
    assert any(d == dt.date(2026, 11, 12) and k.startswith("precis") for d, k in kinds)
    # the Chair is reminded of the one-month limit (3 Dec) before it, not first told late
    chair_reminders = sorted(
        (d, k) for d, k, r in mails if k.startswith("reminder:decision") and chair.email in r
    )
    assert chair_reminders[0] == (
        dt.date(2026, 11, 30),
        "reminder:decision by the Independent Chair:2026-12-03",
    )
    # and of the week's deferral after the meeting of 8 Dec, counted from the meeting
    assert (
        dt.date(2026, 12, 12),
        "reminder:decision by the Independent Chair:2026-12-15",
    ) in chair_reminders
    # the decision goes out the day it is made, with its statutory notices
    assert (dt.date(2026, 12, 15), "decision") in kinds
    assert any(d == dt.date(2026, 12, 15) and k.startswith("notice:") for d, k in kinds)
    # each reminder went once, however many passes ran
    reminder_kinds = [k for _, k, _ in mails if k.startswith("reminder:")]
    assert len(reminder_kinds) == len(set(reminder_kinds))
    assert any(t == chair.id and "Reminder" in text for _, _, t, text in chats)


def _only_reference(app):
    with app.uow() as uow:
        [row] = uow.session.exec(select(Referral)).all()
        return row.reference
