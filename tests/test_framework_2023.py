"""Working Together 2023 through the same core: the partners decide jointly, deadlines count
from the incident, the criteria are the serious child safeguarding case, and every word is
the partnership's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select
from typer.testing import CliRunner

from panelclerk import boardfile
from panelclerk.application import (
    context,
    dataprotection,
    decision_notice,
    meetings,
    notifications,
    referrals,
    screening,
    status,
)
from panelclerk.application import decision as decision_stage
from panelclerk.application.inbound.router import Router
from panelclerk.bot.conversations import Conversations
from panelclerk.cli import app as cli_app
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.nlp.facts import extract_facts
from panelclerk.store.tables import AuditEntry, OutboundMessage, SignOff
from panelclerk.workflow.criteria import advise
from panelclerk.workflow.errors import NotPermitted, WorkflowError
from panelclerk.workflow.forms import says_yes

from .conftest import COMPLETE_FORM
from .mail import form_body, message
from .models import columns_naming, exported_whole


@pytest.fixture
def wt():
    return boardfile.load_board(None, "working-together-2023")


@pytest.fixture
def rr(wt, database_url, clock):
    """The 2023 board on SQLite and on PostgreSQL: the pipeline reads the form's answers by
    each database's own JSON path."""
    app = context.bootstrap(wt, database_url, clock)
    yield app
    app.engine.dispose()


FORM = {**COMPLETE_FORM, "incident.notified_date": "2026-11-10"}


def test_deadlines_count_from_the_notification_and_status_shows_the_day(rr, clock):
    receipt = referrals.receive_referral(rr, dict(FORM))
    assert receipt.reference == "RR-2026-001"
    # Notified Tue 10 Nov: the review group on working day 12, summaries by day 10.
    assert receipt.slot.meeting.date == dt.date(2026, 11, 26)
    [row] = status.pipeline(rr)
    assert row.review_day == (1, 15)
    due = {
        d.what: d.date
        for d in rr.deadlines.for_referral(
            _agg(rr, row.reference), rr.today(), dt.date(2026, 11, 10)
        )
    }
    assert due[
        "serious incident notification to the Child Safeguarding Practice Review Panel"
    ] == dt.date(2026, 11, 17)
    assert due[
        "rapid review signed off by the safeguarding partners and sent to the Child "
        "Safeguarding Practice Review Panel"
    ] == dt.date(2026, 12, 1)
    clock.to(dt.date(2026, 11, 24))
    assert status.pipeline(rr)[0].review_day == (10, 15)


def test_the_notification_is_due_until_it_is_recorded_and_no_means_not_sent(rr, clock):
    """The local authority's notification to the Panel within 5 working days: a form that
    says "No" leaves it due (it once read as sent, any text being true), and the Business
    Manager's record of it, audited, stops it being due."""
    notification = "serious incident notification to the Child Safeguarding Practice Review Panel"
    ref = referrals.receive_referral(
        rr, {**FORM, "notification.panel_notified": "No, not yet"}
    ).reference
    clock.to(dt.date(2026, 11, 18))
    [row] = status.pipeline(rr)
    assert row.next_due.what == notification and row.overdue(rr.today())
    with pytest.raises(WorkflowError, match="in the future"):
        notifications.record_panel_notification(rr, ref, "bm", dt.date(2026, 11, 19))
    with pytest.raises(NotPermitted, match="only the Business Manager or the safeguarding"):
        notifications.record_panel_notification(rr, ref, "csc_head", dt.date(2026, 11, 17))
    notifications.record_panel_notification(rr, ref, "bm", dt.date(2026, 11, 17))
    [row] = status.pipeline(rr)
    assert row.next_due.what != notification and not row.overdue(rr.today())
    with rr.uow() as uow:
        [entry] = uow.session.exec(
            select(AuditEntry).where(AuditEntry.action == "record_panel_notification")
        ).all()
    assert entry.actor == "bm" and entry.details == {"on": "2026-11-17", "said_before": False}
    other = referrals.receive_referral(
        rr, {**FORM, "notification.panel_notified": "Yes - 12/11/2026"}
    ).reference
    [due] = [r.next_due for r in status.pipeline(rr) if r.reference == other]
    assert due.what != notification


@pytest.mark.parametrize(
    ("written", "reads"),
    [
        ("Yes, 19/11/2026", True),
        ("yes", True),
        ("Notified", True),
        ("19/11/2026", True),
        ("sent on 3rd November 2026", True),
        ("No", False),
        ("no.", False),
        ("Not yet", False),
        ("N/A", False),
        ("TBC", False),
        ("pending", False),
        ("None", False),
        ("", None),
        ("ask the LADO", None),
    ],
)
def test_a_yes_or_no_field_reads_as_people_fill_it_in(written, reads):
    assert says_yes(written) is reads


def _agg(app, reference):
    with app.uow() as uow:
        return uow.referrals.aggregate(uow.referrals.row(reference, lock=False))


def to_discussion(app, clock):
    ref = referrals.receive_referral(app, dict(FORM)).reference
    screening.place_on_agenda(app, ref, "partner_la")
    clock.to(dt.date(2026, 11, 26), 12)
    meetings.record_discussion(app, ref, "bm", ["csc", "police", "health"])
    return ref


def test_the_partners_decide_jointly(rr, clock):
    ref = to_discussion(rr, clock)
    # no chair here: the refusal names who may, in the partnership's own words
    with pytest.raises(NotPermitted, match="only the safeguarding partners may sign off"):
        decision_stage.record_submission(rr, ref, "chair", review_type="lcspr", rationale="x")
    with pytest.raises(WorkflowError, match="decide jointly"):
        decision_stage.record_decision(rr, ref, "partner_la", review_type="lcspr", rationale="x")
    first = decision_stage.record_submission(
        rr, ref, "partner_la", review_type="lcspr", rationale="learning"
    )
    assert first.decision is None and first.waiting == ("ACC Daniel Frost", "Grace Oyelaran")
    again = decision_stage.record_submission(
        rr, ref, "partner_la", review_type="lcspr", rationale="learning"
    )
    assert again.waiting == first.waiting  # the same sign-off twice changes nothing
    other = decision_stage.record_submission(
        rr, ref, "partner_police", review_type="no_lcspr", rationale="rapid review enough"
    )
    assert other.decision is None and other.disagreeing == ("Helen Ward",)
    changed = decision_stage.record_submission(
        rr, ref, "partner_police", review_type="lcspr", rationale="on reflection, yes"
    )
    assert changed.waiting == ("Grace Oyelaran",) and changed.disagreeing == ()
    done = decision_stage.record_submission(
        rr, ref, "partner_icb", review_type="lcspr", rationale="agree"
    )
    assert done.decision is not None and done.decision.decided_by == "partners"
    assert done.decision.rationale.splitlines() == [  # the board's order, one line each
        "Helen Ward: learning",
        "ACC Daniel Frost: on reflection, yes",
        "Grace Oyelaran: agree",
    ]
    with rr.uow() as uow:
        assert len(uow.session.exec(select(SignOff)).all()) == 4  # the changed one is kept
        actions = [e.action for e in uow.session.exec(select(AuditEntry))]
    assert actions.count("sign_off") == 4 and "record_decision" in actions
    sent = decision_notice.notify_decision(rr, ref)
    assert "panel@dfe-mailbox.example" in sent


def test_partners_sign_off_in_chat_and_are_told_who_is_left(rr, clock):
    ref = to_discussion(rr, clock)
    chat = Conversations(rr)
    values = {"review_type": "lcspr", "rationale": "learning"}
    reply = chat.on_modal("partner_la", "pc_decision", ref, values)
    assert (
        reply.text
        == f"{ref}: sign-off recorded; still to sign off: ACC Daniel Frost, Grace Oyelaran."
    )
    chat.on_modal("partner_police", "pc_decision", ref, values)
    final = chat.on_modal("partner_icb", "pc_decision", ref, values)
    assert "decision recorded (Local child safeguarding practice review)" in final.text
    assert _agg(rr, ref).state.value == "notified"
    with rr.uow() as uow:
        [decision] = uow.session.exec(
            select(OutboundMessage).where(OutboundMessage.kind == "decision")
        )
    # the same reason from all three is said once, with their names
    assert "Helen Ward, ACC Daniel Frost and Grace Oyelaran: learning\n" in decision.text_body


def test_under_the_lscb_presets_a_partner_decides_nothing(config, tmp_path, clock):
    app = context.bootstrap(config, f"sqlite:///{tmp_path / 'c.db'}", clock)
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    with pytest.raises(NotPermitted):
        screening.move(app, ref, "decline", "partner_la", reason="x")


def test_the_2023_criteria_have_no_interagency_test(wt):
    text = (
        "A baby was admitted to intensive care with a skull fracture; abuse is suspected. "
        "There is definitive evidence that all agencies acted appropriately."
    )
    advice = advise(extract_facts(text), wt)
    assert advice.outcome == "notify_serious_case"
    assert (
        "Child Safeguarding Practice Review Panel and Ofsted within 5 working days"
        in (advice.reasons[1])
    )
    unsure = advise(extract_facts("A child was seriously injured at home."), wt)
    assert unsure.outcome == "more_information_needed" and unsure.ask_about == ("abuse_or_neglect",)
    runner = CliRunner()
    result = runner.invoke(cli_app, ["ask", "--json", text], env={"PANELCLERK_CONFIG": ""})
    # The same words under the 2006 regulation: definitive evidence of good inter-agency
    # working means an SCR is not required for a child seriously harmed (1.6).
    assert json.loads(result.stdout)["outcome"] == "threshold_not_met"


def test_the_panels_answer_by_email_is_recorded(rr, tmp_path, clock):
    ref = to_discussion(rr, clock)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(
        message(
            sender="panel@dfe-mailbox.example",
            subject=f"RE: {ref} rapid review",
            body="The Panel agrees with the partnership's decision.",
        ).as_bytes()
    )
    [result] = Router(rr).run_once(box)
    assert (result.kind, result.outcome) == ("statutory_response", "accepted")
    with rr.uow() as uow:
        row = uow.referrals.row(ref, lock=False)
    [answer] = row.form["statutory.responses"]
    assert answer["from"] == "Child Safeguarding Practice Review Panel"
    assert answer["text"].startswith("The Panel agrees")


def test_an_anonymised_rapid_review_names_the_child_nowhere(rr, tmp_path, clock):
    """The partnership's own routes for details: each partner's sign-off rationale, the
    notice to the Panel and the Panel's answer by email. Anonymised, no column of any
    table keeps the child's name or date of birth."""
    name = FORM["child.name"]
    ref = to_discussion(rr, clock)
    for partner in ("partner_la", "partner_police", "partner_icb"):
        decision_stage.record_submission(
            rr, ref, partner, review_type="no_lcspr", rationale=f"{name}: enough"
        )
    decision_notice.notify_decision(rr, ref)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    answer = f"The Panel agrees about {name}."
    box.deliver(
        message(sender="panel@dfe-mailbox.example", subject=f"RE: {ref}", body=answer).as_bytes()
    )
    Router(rr).run_once(box)
    child = (name, FORM["child.date_of_birth"])
    assert {"sign_off.rationale", "referral.form"} <= set(columns_naming(rr, *child))
    exported_whole(rr, ref, *child)  # a subject access request would find them all
    clock.to(dt.date(2034, 1, 16))
    assert dataprotection.purge(rr).referrals == 1
    assert columns_naming(rr, *child) == []


def test_a_child_in_care_who_dies_is_notified_whatever_is_suspected(wt):
    facts = extract_facts(
        "A 15-year-old looked after child died in a road traffic collision. "
        "No abuse or neglect is suspected."
    )
    advice = advise(facts, wt)
    assert advice.outcome == "notify_death_in_care"
    assert "tells the Secretary of State and Ofsted" in advice.reasons[0]
    assert "looked after child died" in advice.reasons[0]


def test_a_care_leavers_death_up_to_24_is_notified_and_is_not_a_childs_case(wt):
    """Working Together 2023 ch. 5 (December 2023): the death of a care leaver up to and
    including 24 goes to the Secretary of State and Ofsted; at 19 they are not a child, so
    it is never a serious child safeguarding case, whatever is suspected. The age read is
    confirmed first (it may be someone else's); the notification does not wait for it."""
    facts = extract_facts("A 19-year-old care leaver was stabbed and died.")
    leaver = advise(facts, wt)
    assert leaver.outcome == "notify_death_in_care" and leaver.ask_about == ("adult",)
    leaver = advise(facts.with_answer("adult", "true", "yes"), wt)
    assert leaver.outcome == "notify_death_in_care"
    assert "A care leaver aged 24 or under died" in leaver.reasons[0]
    assert "December 2023" in leaver.reasons[0] and not leaver.questions
    older = extract_facts("She was a care leaver, aged 26, when she died of an overdose.")
    assert older["care_leaver"].value == "false" and older["care_leaver"].detail == "aged 26"
    assert advise(older, wt).outcome != "notify_death_in_care"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The boy had been in foster care as a baby but returned to his mother in 2022.", "false"),
        ("Her mother had herself grown up in care.", "unknown"),
        ("The siblings were taken into care after the baby's death.", "unknown"),
        ("Care proceedings were being considered when the baby died.", "false"),
        ("The children lived with their grandparents under a special guardianship order.", "false"),
        ("The baby was in intensive care for a week before he died.", "unknown"),
        ("The boy had been in care since 2019 until his death in March.", "true"),
        ("The foster carers' own son was seriously injured.", "unknown"),
        ("She was accommodated under section 20 and placed in a children's home.", "true"),
        ("One of them was 'looked after' by the local authority at the time.", "true"),
        ("She was in foster care and her care plan was reviewed monthly.", "true"),
        (
            "Suicides of a 16-year-old and her partner, Adult C, who had been placed in care.",
            "unknown",
        ),
        ("She lived with her father and his partner under a child arrangement order.", "false"),
    ],
)
def test_in_care_is_the_childs_own_care_at_the_time(text, expected):
    """A parent's or a sibling's care, care that had ended or not yet begun, and intensive
    care are not the child in care: a wrong yes tells Ofsted of a death it need not hear of,
    a wrong no keeps back one it must."""
    assert extract_facts(text)["child_in_care"].value == expected


def _acknowledgement(app, reference):
    with app.uow() as uow:
        row = uow.referrals.row(reference, lock=False)
        sent = uow.session.exec(
            select(OutboundMessage).where(
                OutboundMessage.referral_id == row.id, OutboundMessage.kind == "acknowledgement"
            )
        ).all()
        return row, sent[-1].text_body


def test_a_notification_date_that_cannot_be_read_is_asked_for_not_replaced(rr, tmp_path, clock):
    """The rapid review's days count from the notification. A date the intake could not read
    was dropped, and the clock quietly started on the day the email arrived, moving every
    statutory deadline later. It is now asked for by name, with the words it could not read;
    a date written as people write it ("3rd November 2026", "last Tuesday") is read."""
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    body = form_body(**{"incident.notified_date": "3 Nov 26"})
    box.deliver(message(body=body).as_bytes())
    [result] = Router(rr).run_once(box)
    assert result.outcome == "incomplete" and result.missing == ["incident.notified_date"]
    row, ack = _acknowledgement(rr, result.reference)
    assert row.notified_on is None
    assert "Date the board was notified (we could not read \u201c3 Nov 26\u201d as one date)" in ack
    box.deliver(
        message(
            subject=f"RE: [{result.reference}] Referral received",
            body="Date the board was notified: 3rd November 2026",
        ).as_bytes()
    )
    [reply] = Router(rr).run_once(box)
    assert reply.outcome == "accepted"
    row, _ = _acknowledgement(rr, result.reference)
    assert row.notified_on == dt.date(2026, 11, 3) and row.missing == []


@pytest.mark.parametrize(
    ("written", "read", "asked"),
    [
        ("last Tuesday", dt.date(2026, 11, 10), None),
        ("03.11.2026", dt.date(2026, 11, 3), None),
        ("30/11/2026", None, "30 November 2026 is after the referral arrived"),
        ("between the 2nd and the 4th", None, "as one date"),
    ],
)
def test_notification_dates_as_people_write_them(rr, written, read, asked):
    form = {**COMPLETE_FORM, "incident.notified_date": written}
    receipt = referrals.receive_referral(rr, form)  # arrives Wednesday 11 November 2026
    with rr.uow() as uow:
        assert uow.referrals.row(receipt.reference, lock=False).notified_on == read
    if asked:
        assert asked in receipt.unreadable["incident.notified_date"]
        assert "incident.notified_date" in receipt.missing
    else:
        assert not receipt.unreadable and "incident.notified_date" not in receipt.missing


def test_a_corrected_notification_date_moves_the_clock_and_is_audited(rr):
    """A referrer who writes again with the right date is believed, and the audit log keeps
    both: the old date was kept before, so the form and the deadlines disagreed."""
    receipt = referrals.receive_referral(rr, dict(FORM))  # notified 10 November
    referrals.add_information(
        rr, receipt.reference, {"incident.notified_date": "9 November 2026"}, actor_id="bm"
    )
    with rr.uow() as uow:
        row = uow.referrals.row(receipt.reference, lock=False)
        entry = uow.session.exec(
            select(AuditEntry).where(AuditEntry.action == "add_information")
        ).one()
    assert row.notified_on == dt.date(2026, 11, 9)
    assert entry.details["notified_on"] == ["2026-11-10", "2026-11-09"]


def test_last_tuesday_is_counted_from_the_day_the_email_was_written(rr, tmp_path):
    """Mail written on Monday and read on Wednesday (a monitor that was down, a slow relay):
    "yesterday" in it is Sunday, not Tuesday."""
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    body = form_body(**{"incident.notified_date": "yesterday"})
    box.deliver(message(body=body).as_bytes())  # Date: Monday 9 November 2026
    [result] = Router(rr).run_once(box)  # read on Wednesday 11 November
    with rr.uow() as uow:
        assert uow.referrals.row(result.reference, lock=False).notified_on == dt.date(2026, 11, 8)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(written=st.text(max_size=80))
def test_any_notification_date_gets_a_clear_answer(rr, written):
    """Whatever is typed as the notification date, the referral is stored and either the
    clock starts from a date no later than its arrival, or the field is asked for with why."""
    form = {**COMPLETE_FORM, "incident.notified_date": written}
    receipt = referrals.receive_referral(rr, form)
    with rr.uow() as uow:
        notified = uow.referrals.row(receipt.reference, lock=False).notified_on
    if notified is not None:
        assert notified <= dt.date(2026, 11, 11)
        assert "incident.notified_date" not in receipt.missing
    else:
        assert "incident.notified_date" in receipt.missing


def test_a_rapid_review_runs_end_to_end_on_the_day_the_referrer_was_told(rr, clock):
    """Issue 26: the review group meets on the day the referrer was told (26 Nov): its pack
    is prepared and sent, attendance opens the partners' sign-off, a split between them is
    shown as a split, and the decision reaches the referrer and the partners' agencies,
    with each statutory body greeted as itself ("To Ofsted,", never "To the Ofsted,")."""
    from panelclerk.application import agenda, scheduled

    receipt = referrals.receive_referral(rr, dict(FORM))
    ref, told = receipt.reference, receipt.slot.meeting.date
    assert told == dt.date(2026, 11, 26)
    screening.place_on_agenda(rr, ref, "partner_la")
    assert _agg(rr, ref).meeting_date == told
    clock.to(dt.date(2026, 11, 24))
    assert agenda.prepare_agenda(rr, told) is True  # no "not a scheduled meeting"
    assert agenda.confirm_agenda(rr, told, "bm") > 0
    with rr.uow() as uow:
        packs = uow.session.exec(
            select(OutboundMessage).where(OutboundMessage.kind == "agenda_pack")
        )
        assert {m.attachments[0]["filename"] for m in packs} == {"Agenda 2026-11-26.docx"}
    with pytest.raises(WorkflowError, match="No Child Safeguarding Practice Review Group meeting"):
        agenda.prepare_agenda(rr, dt.date(2026, 11, 25))
    clock.to(told, 15)
    meetings.record_meeting(rr, told, "bm", ["csc", "police", "health"])
    assert _agg(rr, ref).state.value == "discussed"
    # the partners are reminded before day 15 (1 Dec), only those yet to sign off
    first = decision_stage.record_submission(
        rr, ref, "partner_la", review_type="lcspr", rationale="learning"
    )
    split = decision_stage.record_submission(
        rr, ref, "partner_police", review_type="no_lcspr", rationale="enough"
    )
    assert not first.split and split.split
    assert split.outcome() == (
        f"{ref}: sign-off recorded; the sign-offs differ (Helen Ward: Local child "
        "safeguarding practice review; ACC Daniel Frost: No LCSPR: rapid review learning "
        "only), so no decision is made until they agree; still to sign off: Grace Oyelaran"
    )
    clock.to(dt.date(2026, 11, 30))
    assert scheduled.decision_reminders(rr) == [ref]
    with rr.uow() as uow:
        [reminder] = uow.session.exec(
            select(OutboundMessage).where(OutboundMessage.kind.startswith("reminder:"))
        )
    assert reminder.recipients == [rr.config.person("partner_icb").email]
    assert reminder.subject.endswith(
        "Reminder: decision by the safeguarding partners due 01 December 2026"
    )
    decision_stage.record_submission(
        rr, ref, "partner_police", review_type="lcspr", rationale="on reflection, yes"
    )
    decision_notice.decide(rr, ref, "partner_icb", review_type="lcspr", rationale="agree")
    with rr.uow() as uow:
        sent = {m.kind: m for m in uow.session.exec(select(OutboundMessage)) if m.referral_id}
    decision = sent["decision"]
    assert FORM["referrer.email"] in decision.recipients
    partners = [p for p in rr.config.people if "partner" in p.roles]
    assert {p.email for p in partners} <= set(decision.recipients)
    assert "the referrer, each safeguarding partner's agency" in decision.text_body
    ofsted = sent["notice:Ofsted"]
    assert "To Ofsted," in ofsted.text_body and "To the Ofsted" not in ofsted.text_body
    panel = sent["notice:Child Safeguarding Practice Review Panel"]
    assert "To the Child Safeguarding Practice Review Panel," in panel.text_body


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    headers = [p.text for s in document.sections for p in s.header.paragraphs]
    return "\n".join([*(p.text for p in document.paragraphs), *cells, *headers])


def test_the_rapid_review_report_goes_to_the_panel_and_its_sending_is_tracked(rr, tmp_path, clock):
    """Issue 26: when the partners' decision is made, the rapid review report is produced as
    a Word document (reference code and facts: no name, no date of birth, even where a
    partner's reason gives the name), attached to the notice to the National Panel only,
    and tracked: due on day 15 of the rapid review (1 Dec), then sent on the day it went."""
    from panelclerk.outbox.delivery import deliver_due
    from panelclerk.store.tables import Document

    name = FORM["child.name"]
    ref = to_discussion(rr, clock)
    decision_stage.record_submission(
        rr, ref, "partner_la", review_type="lcspr", rationale=f"learning about {name}"
    )
    decision_stage.record_submission(
        rr, ref, "partner_police", review_type="lcspr", rationale="learning"
    )
    clock.to(dt.date(2026, 11, 27), 11)
    decision_notice.decide(rr, ref, "partner_icb", review_type="lcspr", rationale="agree")
    filename = f"{ref} rapid review report.docx"
    with rr.uow() as uow:
        notices = {
            m.kind: m
            for m in uow.session.exec(select(OutboundMessage))
            if m.kind.startswith("notice:")
        }
        [report] = uow.session.exec(select(Document).where(Document.kind == "rapid_review_report"))
        data = report.data
    panel = notices["notice:Child Safeguarding Practice Review Panel"]
    assert [a["filename"] for a in panel.attachments] == [filename] == [report.filename]
    assert f"Our rapid review report is attached ({filename})" in panel.text_body
    assert notices["notice:Ofsted"].attachments == []
    text = _docx_text(data)
    assert f"Rapid review report to the Child Safeguarding Practice Review Panel: {ref}" in text
    for fact in ("10 November 2026", "26 November 2026", "01 December 2026", "27 November 2026"):
        assert fact in text  # notified, met, due, signed off
    assert "Helen Ward (Fenmarsh Children's Social Care)" in text
    assert "Local child safeguarding practice review" in text
    assert "Information not shared between school, GP and social care." in text
    for personal in (name, "Quillfeather", FORM["child.date_of_birth"], FORM["referrer.email"]):
        assert personal not in text
    [line] = [n for n in status.pipeline(rr)[0].notices if n.carries]
    assert line.line() == (
        "rapid review report to the Child Safeguarding Practice Review Panel: "
        "due 01 Dec 2026, not sent yet"
    )
    clock.to(dt.date(2026, 11, 30), 9)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    deliver_due(rr.uow, rr.config, box.transport(), rr.clock())
    [line] = [n for n in status.pipeline(rr)[0].notices if n.carries]
    assert line.line() == (
        "rapid review report to the Child Safeguarding Practice Review Panel: "
        "due 01 Dec 2026, sent 30 Nov 2026"
    )
    assert not line.overdue(dt.date(2026, 12, 2))
    others = {n.body: n.line() for n in status.pipeline(rr)[0].notices if not n.carries}
    assert others == {"Ofsted": "Ofsted notice: due 11 Dec 2026, sent 30 Nov 2026"}


@pytest.mark.parametrize("framework", ["lscb", "wt2023"])
def test_someone_18_or_over_is_an_adult_and_pointed_to_the_adults_board(framework, config, wt):
    """A death or serious harm of someone who was 18 or over meets no criterion for children
    under either framework. The age read is first confirmed, quoting it (it may be someone
    else's); then the answer quotes it again and names the Safeguarding Adults Review."""
    board = config if framework == "lscb" else wt
    text = (
        "Our former pupil Jay, who was 19, died after a beating by his stepfather; "
        "neglect at home had been suspected for years."
    )
    facts = extract_facts(text)
    asked = advise(facts, board)
    assert asked.ask_about == ("adult",) and '19 ("' in asked.reasons[0]
    advice = advise(facts.with_answer("adult", "true", "yes"), board)
    assert advice.outcome == "threshold_not_met"
    assert '19 ("' in advice.reasons[0] and "not a child" in advice.reasons[0]
    assert "Safeguarding Adults Review" in advice.reasons[1]
    younger = extract_facts(text.replace("who was 19", "who was 17"))
    assert advise(younger, board).outcome in ("scr_required", "notify_serious_case")


def test_a_care_leavers_death_at_20_is_still_notified_under_2023(wt):
    facts = extract_facts(
        "A 20-year-old care leaver we supported took her own life in her flat last week."
    )
    assert advise(facts, wt).outcome == "notify_death_in_care"
