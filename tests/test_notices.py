"""What the product sends because of a step: recipients from the rules, the decision record,
statutory notices tracked to sent, agenda packs after confirmation, reminders once."""

from __future__ import annotations

import datetime as dt
import io
import json
from email import policy
from email.parser import BytesParser
from html.parser import HTMLParser

import docx
import pytest
from sqlmodel import select
from typer.testing import CliRunner

from panelclerk.application import (
    agenda,
    context,
    decision_notice,
    deliveries,
    meetings,
    minutes,
    precis,
    recommendations,
    referrals,
    reviewing,
    scheduled,
    screening,
    status,
)
from panelclerk.application import decision as decision_stage
from panelclerk.application.inbound.router import Router
from panelclerk.cli import app as cli_app
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.outbox.compose import render_email
from panelclerk.outbox.delivery import deliver_due
from panelclerk.render import check_templates, render, template_names
from panelclerk.store.tables import AuditEntry, ChatMessage, Document, OutboundMessage
from panelclerk.store.tables import Referral as ReferralRow
from panelclerk.workflow.distribution import agency_contacts
from panelclerk.workflow.errors import NotPermitted, WorkflowError

from .conftest import COMPLETE_FORM
from .mail import message


def decided(app, clock, review_type="scr", **kwargs):
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, ref, "bm", ["csc", "police", "health", "acute_trust"])
    recommendations.record_recommendation(app, ref, "csc_head", "scr")
    recommendations.record_recommendation(app, ref, "hospital_named_nurse", "no_review")
    clock.to(dt.date(2026, 12, 15))
    decision_stage.record_decision(
        app,
        ref,
        "chair",
        review_type=review_type,
        rationale="Regulation 5(2)(b)(ii) is met.",
        **kwargs,
    )
    return ref


def outbox_rows(app, kind=None):
    with app.uow() as uow:
        query = select(OutboundMessage).order_by(OutboundMessage.id)
        rows = list(uow.session.exec(query))
    return [r for r in rows if kind is None or r.kind.startswith(kind)]


def test_decision_goes_to_the_distribution_list_with_the_record(app, clock):
    ref = decided(app, clock)
    decision_notice.notify_decision(app, ref)
    [decision] = outbox_rows(app, "decision")
    assert set(decision.recipients) == {
        "jo.reid@fenmarsh.example",
        "chris.lane@fenmarsh.example",  # csc member and deputy
        "ruth.okafor@police.fenmarsh.example",
        "priya.shah@icb.fenmarsh.example",
        "kim.walsh@hospitals.fenmarsh.example",  # the invited agency attended too
        "dcs@fenmarsh.example",
        "chief.executive@fenmarsh.example",
    }  # the Trust has no board member email in config; nobody else attended
    with app.uow() as uow:  # so the Business Manager is asked to send it by hand
        [gap] = [m.text for m in uow.session.exec(select(ChatMessage)) if m.kind == "notice"]
    assert gap.startswith(f"The decision on {ref} could not be emailed to the LSCB board member")
    assert "Fenmarsh Hospitals NHS Trust, the referring agency (no board_member_email)" in gap
    assert [r.recipients[0] for r in outbox_rows(app, "notice:")] == [
        "cpod@dfe-mailbox.example",
        "panel@dfe-mailbox.example",
        "notifications@ofsted-mailbox.example",
    ]
    with app.uow() as uow:
        [record] = uow.session.exec(
            select(Document).where(Document.kind == "decision_record")
        ).all()
    document = docx.Document(io.BytesIO(record.data))
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Regulation 5(2)(b)(ii) is met." in text
    assert "Director of Children's Services" in text
    assert COMPLETE_FORM["child.name"] in text  # the record names the child: secure mail only
    assert "OFFICIAL-SENSITIVE" in document.sections[0].header.paragraphs[0].text
    for notice in outbox_rows(app, "notice:"):
        assert COMPLETE_FORM["child.name"] not in notice.text_body
        assert notice.attachments == []


def test_no_review_tells_the_dfe_with_the_justification(app, clock):
    ref = decided(app, clock, review_type="no_review")
    decision_notice.notify_decision(app, ref)
    [dfe] = outbox_rows(app, "notice:")
    assert "criteria for a Serious Case Review are not met. The justification:" in dfe.text_body
    assert "Regulation 5(2)(b)(ii) is met." in dfe.text_body


def test_status_tracks_statutory_notices_due_sent_and_overdue(app, clock, tmp_path):
    ref = decided(app, clock)
    decision_notice.notify_decision(app, ref)
    [row] = status.pipeline(app)
    assert {(n.body, n.status, n.due) for n in row.notices} == {
        ("Department for Education", "queued", dt.date(2026, 12, 29)),
        ("National SCR Panel", "queued", dt.date(2026, 12, 29)),
        ("Ofsted", "queued", dt.date(2026, 12, 29)),
    }
    clock.to(dt.date(2026, 12, 30))
    assert all(n.overdue(app.today()) for n in status.pipeline(app)[0].notices)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    deliver_due(app.uow, app.config, box.transport(), clock())
    assert {n.status for n in status.pipeline(app)[0].notices} == {"sent"}
    assert not any(n.overdue(app.today()) for n in status.pipeline(app)[0].notices)


def test_lead_reviewer_goes_to_the_panel(app, clock):
    ref = decided(app, clock)
    decision_notice.notify_decision(app, ref)
    with pytest.raises(NotPermitted):
        reviewing.record_lead_reviewer(app, ref, "csc_head", "A. Reviewer")
    reviewing.record_lead_reviewer(app, ref, "chair", "Dr A. Reviewer")
    [notice] = outbox_rows(app, "notice:lead")
    assert notice.recipients == ["panel@dfe-mailbox.example"]
    assert "Dr A. Reviewer" in notice.text_body


def test_lead_reviewer_is_refused_without_an_scr(app, clock):
    ref = decided(app, clock, review_type="peer_review")
    with pytest.raises(WorkflowError, match="follows a decision to initiate"):
        reviewing.record_lead_reviewer(app, ref, "chair", "X")


def test_more_information_round_trip_by_email(app, tmp_path):
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.request_more_info(app, ref, "chair", "Was the GP told of the bruising?")
    [question] = outbox_rows(app, "more_info")
    assert question.recipients == [COMPLETE_FORM["referrer.email"]]
    assert "Was the GP told of the bruising?" in question.text_body
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(
        message(
            subject=f"RE: {question.subject}",
            in_reply_to=question.message_id,
            body="Yes, on 3 November.",
        ).as_bytes()
    )
    [result] = Router(app).run_once(box)
    assert result.outcome == "accepted"
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).state == "awaiting_screening"


def test_agenda_pack_after_the_business_managers_confirmation(app, clock):
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")
    precis.record_precis(
        app,
        ref,
        "police",
        "Police: one incident.",
        author_email="ruth.okafor@police.fenmarsh.example",
    )
    clock.to(dt.date(2026, 11, 27))  # a week before papers go out: too early
    assert scheduled.agenda_jobs(app) == []
    clock.to(dt.date(2026, 11, 30))  # the working day before dispatch (1 Dec)
    assert scheduled.agenda_jobs(app) == [dt.date(2026, 12, 8)]
    assert scheduled.agenda_jobs(app) == []  # asked once
    [ask] = outbox_rows(app, "agenda_confirm")
    assert ask.recipients == ["sam.patel@fenmarsh-lscb.example"]
    assert "has not sent its précis" in ask.text_body
    with pytest.raises(NotPermitted):
        agenda.confirm_agenda(app, dt.date(2026, 12, 8), "chair")
    count = agenda.confirm_agenda(app, dt.date(2026, 12, 8), "bm")
    packs = outbox_rows(app, "agenda_pack")
    assert count == sum(len(p.recipients) for p in packs)
    kim = "kim.walsh@hospitals.fenmarsh.example"  # the invited agency on the item (6.2)
    [invited] = [p for p in packs if kim in p.recipients]
    assert invited.recipients == [kim] and "for members only" in invited.text_body
    with app.uow() as uow:
        docs = {d.kind: d for d in uow.session.exec(select(Document))}
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(docs["agenda_pack"].data)).paragraphs)
    assert "Police: one incident." in text and "not received" in text
    with pytest.raises(WorkflowError, match="sent already"):
        agenda.confirm_agenda(app, dt.date(2026, 12, 8), "bm")


def test_an_invited_agency_gets_only_the_items_it_is_invited_for(app, clock):
    """Members see every case on the agenda; an agency invited for one case (6.2) is sent a
    pack with that case alone, never the other families' précis."""
    ours = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    theirs = referrals.receive_referral(
        app,
        {
            **COMPLETE_FORM,
            "referrer.email": "jo.reid@fenmarsh.example",
            "referrer.agency": "Fenmarsh Children's Social Care",
        },
    ).reference
    police = "ruth.okafor@police.fenmarsh.example"
    for ref, words in ((ours, "Police: the hospital's case."), (theirs, "Police: another family.")):
        screening.place_on_agenda(app, ref, "chair")
        precis.record_precis(app, ref, "police", words, author_email=police)
    clock.to(dt.date(2026, 11, 30))
    agenda.confirm_agenda(app, dt.date(2026, 12, 8), "bm")
    with app.uow() as uow:
        docs = {d.kind: d for d in uow.session.exec(select(Document))}

    def read(kind):
        return "\n".join(p.text for p in docx.Document(io.BytesIO(docs[kind].data)).paragraphs)

    assert set(docs) == {"agenda_pack", "agenda_pack:acute_trust"}
    full, invited = read("agenda_pack"), read("agenda_pack:acute_trust")
    assert "Police: the hospital's case." in full and "Police: another family." in full
    assert "Police: the hospital's case." in invited and ours in invited
    assert "Police: another family." not in invited and theirs not in invited
    members = next(
        p for p in outbox_rows(app, "agenda_pack") if "for members only" not in p.text_body
    )
    assert "kim.walsh@hospitals.fenmarsh.example" not in members.recipients


def reminded(app, clock, defer=True):
    """A referral discussed on 8 Dec whose two decision reminders went out on 14 Dec: the
    deferral ends on the 15th, and the one-month limit passed on the 3rd."""
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, ref, "bm", ["csc"])
    if defer:
        screening.move(app, ref, "defer_decision", "system")
    clock.to(dt.date(2026, 12, 14))
    assert scheduled.decision_reminders(app) == [ref, ref]
    return ref


def test_decision_reminders_go_once(app, clock):
    reminded(app, clock)
    assert scheduled.decision_reminders(app) == []
    kinds = sorted(r.kind for r in outbox_rows(app, "reminder:"))
    assert kinds == [
        "reminder:decision by the Independent Chair:2026-12-03",
        "reminder:decision by the Independent Chair:2026-12-15",
    ]
    late = next(r for r in outbox_rows(app, "reminder:") if r.kind.endswith("12-03"))
    assert "Overdue: decision by the Independent Chair" in late.subject
    assert "was due on Thursday 03 December 2026 (at the latest: within 1 month" in late.text_body


def test_a_reminder_still_queued_when_the_decision_is_made_is_withdrawn(app, clock, tmp_path):
    """The mail server or chat was down when the reminder was due; by the time it could go,
    the Chair had decided. It must not then tell the Chair the decision is due."""
    ref = reminded(app, clock)
    decision_stage.record_decision(
        app, ref, "chair", review_type="scr", rationale="5(2)(b)(ii) met"
    )
    assert {r.status for r in outbox_rows(app, "reminder:")} == {"withdrawn"}
    with app.uow() as uow:
        reminders = uow.session.exec(select(ChatMessage).where(ChatMessage.kind == "reminder"))
        assert {m.status for m in reminders} == {"withdrawn"}
        [entry] = uow.session.exec(
            select(AuditEntry).where(AuditEntry.action == "withdraw_reminders")
        ).all()
    assert entry.details == {
        "kind": "reminder:",
        "emails": 2,
        "chat": 2,
        "after": "record_decision",
    }
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    deliver_due(app.uow, app.config, box.transport(), clock())
    sent = (tmp_path / "ob").glob("*.eml") if (tmp_path / "ob").exists() else []
    assert not any(
        "Reminder" in m["Subject"] or "Overdue" in m["Subject"] for m in map(_read, sent)
    )
    assert {r.status for r in outbox_rows(app, "reminder:")} == {"withdrawn"}
    [withdrawn, _] = outbox_rows(app, "reminder:")
    with pytest.raises(WorkflowError, match="withdrawn because what it asked for was done"):
        deliveries.retry(app, withdrawn.id, "bm")


def test_a_pause_for_more_information_keeps_the_reminders(app, clock):
    ref = reminded(app, clock, defer=False)
    screening.request_more_info(app, ref, "chair", "Was the GP told?")
    assert {r.status for r in outbox_rows(app, "reminder:")} == {"queued"}


def test_a_precis_reminder_is_withdrawn_when_that_agency_sends_it(app, clock):
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")
    clock.to(dt.date(2026, 11, 30), 9)
    reminded = {agency for _, agency in precis.send_precis_reminders(app)}
    assert {"police", "csc"} <= reminded
    precis.record_precis(app, ref, "police", "One incident.", author_email="r@x.example")
    police = set(agency_contacts(app.config, "police"))
    states = {frozenset(r.recipients): r.status for r in outbox_rows(app, "precis_reminder")}
    assert states.pop(frozenset(police)) == "withdrawn"
    assert set(states.values()) == {"queued"}  # the others still owe theirs
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, ref, "bm", ["csc", "police"])  # the meeting was held
    assert {r.status for r in outbox_rows(app, "precis_reminder")} == {"withdrawn"}


def test_minutes_long_overdue_at_an_upgrade_are_listed_but_not_reminded(app, clock):
    """A board upgrading from before minutes were tracked has held meetings with none
    recorded: it gets no flood of reminders for years of meetings, only the list."""
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, ref, "bm", ["csc"])
    clock.to(dt.date(2027, 3, 1))  # due 4 Jan: nearly two months ago
    assert minutes.minutes_reminders(app) == []
    assert [m.date for m in minutes.minutes_outstanding(app)] == [dt.date(2026, 12, 8)]


def test_minutes_are_reminded_once_and_stop_when_recorded_as_sent(app, clock):
    """7.6: minutes circulated within 14 working days of a meeting; the Business Manager is
    reminded two working days before, once, and recording them ends it."""
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, ref, "bm", ["csc"])
    [meeting] = minutes.minutes_outstanding(app)
    assert (meeting.date, meeting.minutes_due) == (dt.date(2026, 12, 8), dt.date(2027, 1, 4))
    from panelclerk.bot.conversations import Conversations

    home = Conversations(app).home("bm").lines  # the Business Manager's App Home says so too
    assert "Minutes of the meeting of 08 Dec due by 04 Jan" in home
    assert not any("Minutes" in line for line in Conversations(app).home("chair").lines)
    # two working days before 4 Jan: the bank holidays and the board's closure on 31 Dec
    # are not working days, so the reminder goes on 29 Dec
    clock.to(dt.date(2026, 12, 23))
    assert minutes.minutes_reminders(app) == []
    clock.to(dt.date(2026, 12, 29))
    assert minutes.minutes_reminders(app) == [dt.date(2026, 12, 8)]
    assert minutes.minutes_reminders(app) == []
    [mail] = outbox_rows(app, "reminder:minutes")
    assert mail.recipients == [app.config.person("bm").email]
    assert "minutes of the SCR sub-group of 08 December 2026 due 04 January 2027" in mail.subject
    assert "on the page of the meeting of 08 December 2026 in the console" in mail.text_body
    with app.uow() as uow:
        [told] = uow.session.exec(select(ChatMessage).where(ChatMessage.target == "bm"))
    assert "record it on the page of the meeting of 08 December 2026" in told.text
    with pytest.raises(WorkflowError, match="only the Business Manager may record the minutes"):
        minutes.record_minutes_sent(app, dt.date(2026, 12, 8), "chair")
    with pytest.raises(WorkflowError, match="cannot have gone out on 30 December 2026"):
        minutes.record_minutes_sent(app, dt.date(2026, 12, 8), "bm", dt.date(2026, 12, 30))
    with pytest.raises(WorkflowError, match="No meeting held on 10 November 2026"):
        minutes.record_minutes_sent(app, dt.date(2026, 11, 10), "bm", dt.date(2026, 12, 28))
    minutes.record_minutes_sent(app, dt.date(2026, 12, 8), "bm", dt.date(2026, 12, 28))
    assert minutes.minutes_outstanding(app) == []
    assert [r.status for r in outbox_rows(app, "reminder:minutes")] == ["withdrawn"]
    with pytest.raises(WorkflowError, match="recorded as sent on 28 December 2026 already"):
        minutes.record_minutes_sent(app, dt.date(2026, 12, 8), "bm")
    clock.to(dt.date(2027, 1, 5))
    assert minutes.minutes_reminders(app) == []
    with app.uow() as uow:
        [entry] = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "minutes_sent"))
    assert entry.details == {"meeting": "2026-12-08", "on": "2026-12-28"}


def test_a_declined_referral_tells_the_referrer_why_and_keeps_the_reason_with_the_case(app, clock):
    """Screened out at 4.1: the referrer hears it and why (they heard nothing before), and
    the reason lives with the case, which anonymisation clears, not in the audit log."""
    from panelclerk.bot.conversations import Conversations

    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    chat = Conversations(app)
    refused = chat.on_modal("chair", "pc_decline", ref, {"reason": "  "})
    assert "Give the reason for declining" in refused.errors["reason"]
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).state == "awaiting_screening"
    name = COMPLETE_FORM["child.name"]
    reason = f"{name}'s death was from natural causes; no abuse or neglect is suspected."
    assert chat.on_modal("chair", "pc_decline", ref, {"reason": reason}).text == f"{ref} declined."
    [mail] = outbox_rows(app, "declined")
    assert mail.recipients == [COMPLETE_FORM["referrer.email"]]
    assert "Referral not taken forward by the Independent Chair" in mail.subject
    assert reason in mail.text_body and "will not go to the SCR sub-group" in mail.text_body
    with app.uow() as uow:
        row = uow.referrals.row(ref, lock=False)
        [entry] = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "decline"))
    assert row.state == "declined" and row.form["_declined"]["reason"] == reason
    assert name not in json.dumps(entry.details)


def test_a_second_referral_of_the_same_child_is_pointed_out(app):
    """Police and the hospital often refer the same death; two reference codes would split
    the case. The Business Manager and the Chair are told, by reference code alone."""
    from panelclerk.bot.conversations import Conversations

    name, born = COMPLETE_FORM["child.name"], COMPLETE_FORM["child.date_of_birth"]
    first = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    other = referrals.receive_referral(
        app, {**COMPLETE_FORM, "child.name": "Another Child", "child.date_of_birth": born}
    ).reference
    surname, given = name.split()[-1], " ".join(name.split()[:-1])
    again = referrals.receive_referral(
        app,
        {
            **COMPLETE_FORM,
            "referrer.email": "ruth.okafor@police.fenmarsh.example",
            "child.name": f"{surname.upper()}, {given}",  # as the police write it
            "child.date_of_birth": dt.date.fromisoformat(born).strftime("%d %B %Y"),
        },
    ).reference
    with app.uow() as uow:
        rows = {r.reference: r for r in uow.session.exec(select(ReferralRow))}
        told = [m.text for m in uow.session.exec(select(ChatMessage)) if m.target == "bm"]
    assert rows[again].form["_same_child_as"] == [first]
    assert "_same_child_as" not in rows[other].form and "_same_child_as" not in rows[first].form
    assert told == [
        f"{again} may be about the same child as {first} (the same name and date of birth on "
        "the form). If it is, the Chair can decline one with a reason naming the other; the "
        "Chair's card shows both."
    ]
    card = Conversations(app).routing_card(again)
    assert ("Possibly the same child as", first) in card.fields
    assert ("Parallel processes", "none stated") in card.fields
    assert name not in card.text()
    # a form without the date of birth is not enough; the date sent later is
    later = referrals.receive_referral(
        app, {k: v for k, v in COMPLETE_FORM.items() if k != "child.date_of_birth"}
    ).reference
    referrals.add_information(app, later, {"child.date_of_birth": born})
    with app.uow() as uow:
        assert uow.referrals.row(later, lock=False).form["_same_child_as"] == [first, again]


def test_a_child_is_known_however_the_name_and_birth_date_are_written():
    from panelclerk.workflow.forms import child_fingerprint

    one = child_fingerprint("Zebedee Quillfeather", "2013-05-02")
    assert one is not None
    for name, born in (
        ("QUILLFEATHER, Zebedee", "2nd May 2013"),
        ("zebedee  quillfeather", "02/05/2013"),
        ("Zebedee Quillfeather", dt.date(2013, 5, 2)),
        ("Zebedee Quillfeather", "2 May 2013"),
    ):
        assert child_fingerprint(name, born) == one, (name, born)
    assert child_fingerprint("Zebedee Quillfeather", "2013-05-03") != one
    assert child_fingerprint("Zebedee Quillfeathers", "2013-05-02") != one
    assert child_fingerprint("Zebedee Quillfeather", "") is None
    assert child_fingerprint("", "2013-05-02") is None


def _read(path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def test_start_review_prepares_the_learning_summary(app, clock):
    ref = decided(app, clock)
    decision_notice.notify_decision(app, ref)
    document = reviewing.start_review(app, ref, "bm")
    table = docx.Document(io.BytesIO(document.data)).tables[0]
    cells = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert cells["Review reference code"] == ref
    assert cells["Type of Review conducted"].startswith("Serious Case Review")


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_every_template_renders_and_html_escapes_data(config):
    assert check_templates(config) == []
    assert len(template_names()) >= 12
    from panelclerk.outbox.compose import render_email

    _, text, html = render_email(
        "email/notice.txt.j2",
        subject="s",
        reference=None,
        board=config.board,
        message="<script>alert(1)</script><img src=x>",
    )
    checker = _Checker()
    checker.feed(html)
    assert "script" not in checker.tags and "img" not in checker.tags
    assert "&lt;script&gt;" in html and "<script>" in text  # the text part stays text


def test_a_board_overrides_a_template_and_check_config_catches_a_broken_one(tmp_path):
    from .test_config import BOARD

    folder = tmp_path / "templates" / "email"
    folder.mkdir(parents=True)
    (folder / "notice.txt.j2").write_text("Subject: Our own {{ subject }}\n\n{{ message }}\n")
    board = tmp_path / "board.toml"
    board.write_text(
        BOARD.replace(
            'mailbox = "scr@tb.example"', 'mailbox = "scr@tb.example"\ntemplates_dir = "templates"'
        )
    )
    from panelclerk import boardfile

    config = boardfile.load_board(board)
    assert render(
        "email/notice.txt.j2", config.board.templates_dir, subject="x", message="m"
    ).startswith("Subject: Our own x")
    ok = CliRunner().invoke(cli_app, ["check-config", str(board)])
    assert ok.exit_code == 0, ok.output
    (folder / "decision.txt.j2").write_text("Subject: {{ no_such_variable }}\n")
    bad = CliRunner().invoke(cli_app, ["check-config", str(board)])
    assert bad.exit_code == 2
    assert "template email/decision.txt.j2: UndefinedError" in bad.stderr


def test_the_decision_email_arrives_with_its_attachment(app, clock, tmp_path):
    ref = decided(app, clock)
    decision_notice.notify_decision(app, ref)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    deliver_due(app.uow, app.config, box.transport(), clock())
    found = []
    for path in (tmp_path / "ob").glob("*.eml"):
        msg = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        found += [a.get_filename() for a in msg.iter_attachments()]
    assert found == [f"{ref} decision record.docx"]


def test_the_boards_own_templates_are_used_for_acknowledgements_too(config, tmp_path, clock):
    """A board's override applies to every email, the mailbox's replies included."""
    folder = tmp_path / "templates" / "email"
    folder.mkdir(parents=True)
    (folder / "acknowledgement.txt.j2").write_text(
        "Subject: [{{ reference }}] Received, with thanks\n\nOur own words.\n"
    )
    board = config.model_copy(
        update={
            "board": config.board.model_copy(update={"templates_dir": str(tmp_path / "templates")})
        }
    )
    app = context.bootstrap(board, f"sqlite:///{tmp_path / 'o.db'}", clock)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    from .mail import referral

    box.deliver(referral())
    Router(app).run_once(box)
    [ack] = outbox_rows(app, "acknowledgement")
    assert ack.subject == "[SCR-2026-001] Received, with thanks"
    assert ack.text_body == "Our own words.\n"


def test_a_boards_own_html_layout_cannot_add_a_tracker_an_image_or_a_script(tmp_path, config):
    folder = tmp_path / "email"
    folder.mkdir()
    (folder / "layout.html.j2").write_text(
        '<html><head><title>{{ subject }}</title></head><body style="margin:0">'
        '<img src="https://cdn.example/logo.png" alt="logo">'
        '<div style="color:#123;background-image:url(https://px.example/o.gif)">'
        "{% for p in paragraphs %}<p>{{ p }}</p>{% endfor %}</div>"
        '<p><a href="https://track.example/c?u=1">our website</a> '
        '<a href="https://www.fenmarsh-lscb.example/privacy">privacy</a> '
        '<a href="javascript:alert(1)">x</a><script>fetch("https://x.example")</script></p>'
        "</body></html>"
    )
    _, _, html = render_email(
        "email/notice.txt.j2",
        str(tmp_path),
        board=config.board,
        terms=config.terms,
        limits=config.time_limits,
        framework=config.framework,
        subject="About SCR-2026-001",
        message="Your précis is recorded.",
        reference="SCR-2026-001",
    )
    assert "Your précis is recorded." in html and "color:#123" in html
    for gone in ("<img", "cdn.example", "px.example", "track.example", "javascript", "<script"):
        assert gone not in html, gone
    assert 'href="https://www.fenmarsh-lscb.example/privacy"' in html  # the board's own site


def test_the_decision_is_chased_from_the_meeting_not_from_marking_it_discussed(sqlite_app, clock):
    """Issue 26: the meeting of 8 Dec is held and nobody marks the case discussed. The Chair
    is still reminded before the deferral ends on the 15th, not first told it is overdue."""
    app = sqlite_app
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")
    clock.to(dt.date(2026, 12, 7))
    scheduled.decision_reminders(app)
    assert [r.kind for r in outbox_rows(app, "reminder:decision")] == [
        "reminder:decision by the Independent Chair:2026-12-03"  # the one-month limit
    ]
    clock.to(dt.date(2026, 12, 14))
    assert scheduled.decision_reminders(app) == [ref]
    reminder = outbox_rows(app, "reminder:decision")[-1]
    assert reminder.kind == "reminder:decision by the Independent Chair:2026-12-15"
    assert reminder.subject == (
        f"[{ref}] Reminder: decision by the Independent Chair due 15 December 2026"
    )
    assert "deferred 1 week after the meeting of 08 December 2026" in reminder.text_body
    assert reminder.recipients == ["alex.morgan@fenmarsh-lscb.example"]


def test_declining_a_referral_withdraws_the_decision_reminder_queued_for_it(sqlite_app, clock):
    """The one-month limit is chased while the referral still awaits screening: declining it
    then must not send the Chair a reminder of a decision nobody still has to make."""
    app = sqlite_app
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    clock.to(dt.date(2026, 11, 30))
    scheduled.decision_reminders(app)
    [queued] = outbox_rows(app, "reminder:decision")
    assert queued.status == "queued"
    screening.move(app, ref, "decline", "chair", reason="Criteria not met on reflection.")
    [after] = outbox_rows(app, "reminder:decision")
    assert after.status != "queued"  # withdrawn, not sent
