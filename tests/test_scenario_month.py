"""Issue 26: a month of a board's life run through the product, the clock moved day by day:
a referral by email into the Maildir mailbox, the Chair and members (or, under Working
Together 2023, the safeguarding partners) acting in chat, the meeting held, the decision,
its notices and the reminders, asserting who received what on which day."""

from __future__ import annotations

import datetime as dt
import email
from email import policy

import pytest
from sqlmodel import select

from panelclerk import boardfile
from panelclerk.application import agenda, context, meetings, scheduled, status
from panelclerk.application.inbound.router import Router
from panelclerk.bot.conversations import Conversations
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.outbox.delivery import deliver_due
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
    # and of the week's deferral after the meeting of 8 Dec, counted from the meeting, on
    # the working day before the weekend three days before it (not on Saturday 12 Dec)
    assert (
        dt.date(2026, 12, 11),
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


def _received(app):
    """What each address was sent, as {email: [(day sent, kind), ...]} in order."""
    out: dict[str, list[tuple[dt.date, str]]] = {}
    with app.uow() as uow:
        for m in uow.session.exec(select(OutboundMessage).order_by(OutboundMessage.id)):
            assert m.status == "sent", (m.kind, m.status)
            for address in m.recipients:
                out.setdefault(address, []).append((app.local_date(m.sent_at), m.kind))
    return out


@pytest.fixture
def partnership(clock, tmp_path):
    """A Working Together 2023 partnership (RR- references), on its own SQLite file."""
    wt = boardfile.load_board(None, "working-together-2023")
    app = context.bootstrap(wt, f"sqlite:///{tmp_path / 'rr.db'}", clock)
    yield app
    app.engine.dispose()


def test_a_month_of_a_working_together_2023_rapid_review(partnership, clock, tmp_path):
    """The local authority's notification of Tuesday 10 November comes by email on the 11th;
    the rapid review's review group meets on day 12 (26 Nov), the date the referrer is told;
    the partners sign off, split at first, then agree on day 15 (1 Dec), and the decision
    reaches the referrer, the partners' agencies and the Panel with the rapid review report."""
    app, wt = partnership, partnership.config
    chat = Conversations(app)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    router = Router(app)
    person = {p.id: p.email for p in wt.people}
    referrer, police, ref = "kim.walsh@hospitals.fenmarsh.example", person["police_head"], None
    split = agreed = None
    review_days = {}
    day = dt.date(2026, 11, 11)
    while day <= dt.date(2026, 12, 11):
        clock.to(day, 9)
        if day == dt.date(2026, 11, 11):
            notified = form_body(**{"incident.notified_date": "2026-11-10"})
            box.deliver(message(subject="Rapid review notification", body=notified).as_bytes())
        if day == dt.date(2026, 11, 18):  # the police's summary, in answer to the request
            summary = "Police summary: two call-outs to the address in 2026, no referral made."
            box.deliver(
                message(police, f"RE: [{ref}] individual agency summary", summary).as_bytes()
            )
        router.run_once(box)
        scheduled.scheduled_jobs(app)
        clock.to(day, 14)
        if day == dt.date(2026, 11, 12):
            ref = _only_reference(app)
            reply = chat.on_action("partner_la", "pc:agenda", ref)
            assert reply.text.startswith(f"{ref} is on the agenda of 26 Nov 2026")
        if day == dt.date(2026, 11, 24):  # asked this morning, the Business Manager confirms
            assert agenda.confirm_agenda(app, dt.date(2026, 11, 26), "bm") > 0
        if day == dt.date(2026, 11, 26):
            meetings.record_meeting(app, day, "bm", ["csc", "police", "health"])
            lcspr = {"review_type": "lcspr", "rationale": "learning about information sharing"}
            chat.on_modal("partner_la", "pc_decision", ref, lcspr)
            enough = {"review_type": "no_lcspr", "rationale": "the rapid review is enough"}
            split = chat.on_modal("partner_police", "pc_decision", ref, enough).text
        if day == dt.date(2026, 12, 1):
            yes = {"review_type": "lcspr", "rationale": "on reflection, yes"}
            chat.on_modal("partner_police", "pc_decision", ref, yes)
            agreed = chat.on_modal("partner_icb", "pc_decision", ref, lcspr).text
        clock.to(day, 17)
        deliver_due(app.uow, app.config, box.transport(), app.clock())
        if ref:
            review_days[day] = status.pipeline(app, include_closed=True)[0].review_day
        day += dt.timedelta(days=1)

    got = _received(app)
    # the referrer: answered the day the email came, told the meeting's date; asked for
    # the referring agency's summary, reminded, sent the pack, then the decision
    assert got[referrer] == [
        (dt.date(2026, 11, 11), "acknowledgement"),
        (dt.date(2026, 11, 12), "precis_request"),
        (dt.date(2026, 11, 20), "precis_reminder"),
        (dt.date(2026, 11, 24), "agenda_pack"),
        (dt.date(2026, 12, 1), "decision"),
    ]
    with app.uow() as uow:
        ack = uow.session.exec(
            select(OutboundMessage).where(OutboundMessage.kind == "acknowledgement")
        ).one()
    assert "26 November 2026" in ack.text_body
    # the police answered on the 18th: thanked, and not reminded on the 20th
    assert got[police] == [
        (dt.date(2026, 11, 12), "precis_request"),
        (dt.date(2026, 11, 18), "notice"),
        (dt.date(2026, 11, 24), "agenda_pack"),
        (dt.date(2026, 12, 1), "decision"),
    ]
    assert (dt.date(2026, 11, 20), "precis_reminder") in got[person["csc_head"]]
    # the review day as status shows it: day 10 when the summaries are due, 12 at the
    # meeting, and no day once the decision is made
    assert review_days[dt.date(2026, 11, 24)] == (10, 15)
    assert review_days[dt.date(2026, 11, 26)] == (12, 15)
    assert review_days[dt.date(2026, 12, 1)] is None
    # a split is said as a split; the partner yet to sign off, alone, is reminded on Friday
    # 27 Nov (three days before 1 Dec is a Saturday), by email and in chat
    assert "the sign-offs differ" in split and "still to sign off: Grace Oyelaran" in split
    due = "reminder:decision by the safeguarding partners:2026-12-01"
    assert got[person["partner_icb"]] == [
        (dt.date(2026, 11, 24), "agenda_pack"),
        (dt.date(2026, 11, 27), due),
        (dt.date(2026, 12, 1), "decision"),
    ]
    for partner in ("partner_la", "partner_police"):
        assert got[person[partner]] == [
            (dt.date(2026, 11, 24), "agenda_pack"),
            (dt.date(2026, 12, 1), "decision"),
        ]
    _, chats = _by_day(app)
    reminded = [(d, t) for d, k, t, _ in chats if k == "reminder"]
    assert reminded == [(dt.date(2026, 11, 27), "partner_icb")]
    # the decision on day 15: to the Director, the Chief Executive and the Panel and Ofsted
    assert "decision recorded (Local child safeguarding practice review)" in agreed
    assert got[wt.distribution.director_childrens_services] == [(dt.date(2026, 12, 1), "decision")]
    assert got[wt.distribution.la_chief_executive] == [(dt.date(2026, 12, 1), "decision")]
    panel = "notice:Child Safeguarding Practice Review Panel"
    assert got[wt.distribution.national_panel] == [(dt.date(2026, 12, 1), panel)]
    assert got[wt.distribution.ofsted] == [(dt.date(2026, 12, 1), "notice:Ofsted")]
    # the Panel's email, as it left: the rapid review report attached
    [sent] = [
        m
        for m in (
            email.message_from_bytes(f.read_bytes(), policy=policy.default)
            for f in (tmp_path / "ob").glob("*.eml")
        )
        if m["To"] == wt.distribution.national_panel
    ]
    assert [a.get_filename() for a in sent.iter_attachments()] == [
        f"{ref} rapid review report.docx"
    ]
    [report] = [n for n in status.pipeline(app, include_closed=True)[0].notices if n.carries]
    assert report.line() == (
        "rapid review report to the Child Safeguarding Practice Review Panel: "
        "due 01 Dec 2026, sent 01 Dec 2026"
    )
    # the Business Manager: the pack to confirm, the minutes due, the next meeting's pack
    bm = got[person["bm"]]
    assert bm == [
        (dt.date(2026, 11, 24), "agenda_confirm"),
        (dt.date(2026, 11, 24), "agenda_pack"),
        (dt.date(2026, 12, 1), "reminder:minutes:2026-11-26"),
        (dt.date(2026, 12, 4), "agenda_confirm"),
    ]
    # each reminder went once, however many passes ran
    reminders = [k for sent in got.values() for _, k in sent if k.startswith("reminder:")]
    assert sorted(reminders) == sorted([due, "reminder:minutes:2026-11-26"])
