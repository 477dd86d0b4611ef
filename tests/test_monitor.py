"""The mailbox monitor end to end on a Maildir: what arrives becomes a workflow step once,
what cannot be trusted is kept with its reason, and every sender gets a clear answer."""

from __future__ import annotations

import datetime as dt
import json
import logging
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select
from typer.testing import CliRunner

from panelclerk.application import context, meetings, referrals, screening, status
from panelclerk.application.inbound import record
from panelclerk.application.inbound.kept import quarantined, release
from panelclerk.application.inbound.router import Router
from panelclerk.cli import app as cli_app
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.outbox.delivery import deliver_due
from panelclerk.store.tables import ChatMessage, InboundMessage, OutboundMessage, Precis
from panelclerk.workflow.errors import WorkflowError

from .mail import REFERRER, form_body, message, referral


@pytest.fixture
def box(tmp_path):
    return MaildirMailbox(tmp_path / "mailbox", tmp_path / "outbox")


@pytest.fixture
def router(app):
    return Router(app)


def run(router, box, *raws):
    for raw in raws:
        box.deliver(raw)
    return router.run_once(box)


def sent(app, box):
    deliver_due(app.uow, app.config, box.transport(), app.clock())
    out = []
    for path in sorted(box.outbox.glob("*.eml")):
        out.append(BytesParser(policy=policy.default).parsebytes(path.read_bytes()))
    return out


def inbound(app):
    with app.uow() as uow:
        return [(r.kind, r.outcome, r.reference) for r in uow.session.exec(select(InboundMessage))]


def test_complete_referral_is_stored_acknowledged_and_moved(app, router, box):
    [result] = run(router, box, referral())
    assert (result.kind, result.outcome, result.reference) == (
        "referral",
        "accepted",
        "SCR-2026-001",
    )
    assert result.meeting == "2026-12-08"
    assert box.list_new() == []
    assert len(list((box.root / ".Processed" / "cur").iterdir())) == 1
    [ack] = sent(app, box)
    assert ack["To"] == REFERRER and ack["Subject"].startswith("[SCR-2026-001]")
    assert ack["Auto-Submitted"] == "auto-generated"
    text = ack.get_body(("plain",)).get_content()
    assert "complete and has gone to the Independent Chair" in text
    assert "earliest meeting it can make is Tuesday 08 December 2026" in text
    assert "(deadline for agenda items: Tuesday 24 November 2026)" in text


def test_incomplete_referral_names_the_missing_fields_then_a_reply_completes_it(app, router, box):
    [result] = run(router, box, referral(drop=("child.legal_status", "concerns.interagency")))
    assert result.outcome == "incomplete"
    assert result.missing == ["child.legal_status", "concerns.interagency"]
    [ack] = sent(app, box)
    text = ack.get_body(("plain",)).get_content()
    assert "- Child's legal status at the time" in text
    assert "- Concerns about how agencies worked together" in text
    assert "by Tuesday 24 November 2026" in text
    assert text.count("08 December 2026") == 1  # the meeting is named once, not twice
    reply = message(
        subject=f"RE: {ack['Subject']}",
        in_reply_to=ack["Message-ID"],
        body="Legal status: child in need\nConcerns about how agencies worked "
        "together: not shared\n\nFrom: Fenmarsh LSCB\nSent: Monday\n"
        "To: Kim\nSubject: x\n\nquoted ack",
    )
    [again] = run(router, box, reply.as_bytes())
    assert (again.kind, again.outcome) == ("additional_information", "accepted")
    with app.uow() as uow:
        assert uow.referrals.row("SCR-2026-001", lock=False).state == "awaiting_screening"


def test_a_form_we_cannot_read_is_named_to_its_sender(app, router, box):
    """A Word 97-2003 form (common in councils) or a damaged PDF: the sender hears which file
    could not be read and what to send instead, not only a list of every field missing."""
    msg = message(subject="SCR referral", body="Please see the attached form.")
    msg.add_attachment(
        b"\xd0\xcf\x11\xe0 old word", "application", "msword", filename="Referral.doc"
    )
    msg.add_attachment(b"%PDF-1.4 broken", "application", "pdf", filename="chronology.pdf")
    msg.add_attachment(b"\x89PNG logo", "image", "png", filename="image001.png")
    [result] = run(router, box, msg.as_bytes())
    assert result.outcome == "incomplete" and "Referral.doc: Word 97-2003" in result.detail
    text = sent(app, box)[0].get_body(("plain",)).get_content()
    assert 'We could not read the attached file "Referral.doc". Please send it as' in text
    assert 'the attached file "chronology.pdf"' in text
    assert "image001.png" not in text  # a signature's logo is no form
    assert "- Child's legal status at the time" in text


def test_an_email_that_says_attached_and_has_nothing_attached_is_told_so(app, router, box):
    msg = message(subject="SCR referral", body="Hello, referral attached. Kind regards, Kim")
    [result] = run(router, box, msg.as_bytes())
    assert result.outcome == "incomplete"
    text = sent(app, box)[0].get_body(("plain",)).get_content()
    assert "Your email mentions an attachment, but none came with it." in text


def test_a_disclaimer_about_attachments_is_not_taken_for_a_missing_one(app, router, box):
    """An NHS or council footer speaks of attachments in general: the sender is not told
    that a file is missing when they never said they sent one."""
    footer = (
        "Kim Walsh, Named Nurse\n\n"
        "This message may contain confidential information. If you are not the intended "
        "recipient please inform the sender that you have received the message in error "
        "before deleting it. This email and any attachments are confidential. Attachments "
        "may contain viruses: NHSmail scans all attachments."
    )
    msg = message(subject="SCR referral", body=f"Hello, our referral is below.\n\n{footer}")
    [result] = run(router, box, msg.as_bytes())
    assert result.outcome == "incomplete"
    text = sent(app, box)[0].get_body(("plain",)).get_content()
    assert "mentions an attachment" not in text
    said = message(subject="SCR referral", body=f"Please find attached our form.\n\n{footer}")
    [second] = run(router, box, said.as_bytes())
    [answer] = [
        m.get_body(("plain",)).get_content()
        for m in sent(app, box)
        if second.reference in str(m["Subject"])
    ]
    assert "Your email mentions an attachment, but none came with it." in answer


def test_late_referral_is_told_which_meeting_it_moved_to(app, router, box, clock):
    clock.to(dt.date(2026, 11, 25))
    [result] = run(router, box, referral())
    assert result.outcome == "late" and result.meeting == "2027-01-12"
    assert "missed the deadline for 2026-12-08" in result.detail
    text = sent(app, box)[0].get_body(("plain",)).get_content()
    assert "after the deadline for the meeting of Tuesday 08 December 2026" in text


def test_the_same_message_delivered_twice_is_applied_once(app, router, box):
    raw = referral()
    to_copy = b"Delivered-To: to@fenmarsh-lscb.example\r\n" + raw
    cc_copy = b"Delivered-To: cc@fenmarsh-lscb.example\r\nReceived: by mx2\r\n" + raw
    results = run(router, box, to_copy, cc_copy)
    assert sorted(r.outcome for r in results) == ["accepted", "duplicate"]
    assert len(status.pipeline(app)) == 1
    assert len(sent(app, box)) == 1  # one acknowledgement


def test_a_reused_message_id_with_other_content_is_kept_and_flagged(app, router, box):
    first = message(subject="SCR referral", body=form_body(), message_id="<same@x>")
    second = message(
        subject="SCR referral", body=form_body(**{"child.name": "Other"}), message_id="<same@x>"
    )
    results = run(router, box, first.as_bytes(), second.as_bytes())
    assert [r.outcome for r in results] == ["accepted", "quarantined"]
    assert "reuses the Message-ID" in results[1].detail
    assert [r.outcome for r in quarantined(app)] == ["quarantined"]


def test_a_released_message_that_reused_a_message_id_is_acknowledged_with_its_own_code(
    app, router, box
):
    """Some form tools send every message under one Message-ID. Once the Business Manager
    vouches for the second referral, its sender hears its own reference code: our answer to
    the first, under the same Message-ID, does not stand for it."""
    first = message(subject="SCR referral", body=form_body(), message_id="<same@x>")
    second = message(
        subject="SCR referral", body=form_body(**{"child.name": "Other"}), message_id="<same@x>"
    )
    run(router, box, first.as_bytes(), second.as_bytes())
    [kept] = quarantined(app)
    result = release(app, kept.id, "bm")
    assert (result.outcome, result.reference) == ("accepted", "SCR-2026-002")
    acks = sent(app, box)
    assert sorted(a["Subject"].split()[0] for a in acks) == ["[SCR-2026-001]", "[SCR-2026-002]"]
    assert all(a["In-Reply-To"] == "<same@x>" for a in acks)
    release_again = pytest.raises(WorkflowError, match="is accepted, not quarantined")
    with release_again:
        release(app, kept.id, "bm")
    assert len(sent(app, box)) == 2


def test_a_reply_from_an_agency_not_on_the_case_is_never_attached(app, router, box):
    run(router, box, referral())
    screening.place_on_agenda(app, "SCR-2026-001", "chair")
    outsider = message(
        sender="tom.evans@learning.fenmarsh.example",
        subject="RE: [SCR-2026-001] précis",
        body="our involvement",
    )
    [result] = run(router, box, outsider.as_bytes())
    assert result.outcome == "quarantined"
    assert "whose agency is not on that referral" in result.detail
    with app.uow() as uow:
        assert all(p.received_at is None for p in uow.session.exec(select(Precis)))


def test_a_precis_sent_while_the_chair_asks_the_referrer_is_a_precis_not_the_answer(
    app, router, box
):
    """Found by the mailbox model. The Chair asks the referrer a question while the
    agencies write their précis; the police précis arriving meanwhile was taken as the
    referrer's answer: the question counted as answered, the précis not recorded, and the
    police reminded for what they had sent."""
    run(router, box, referral())
    ref = "SCR-2026-001"
    screening.place_on_agenda(app, ref, "chair")
    screening.request_more_info(app, ref, "chair", "Was the GP told of the bruising?")
    precis = message(
        sender="ruth.okafor@police.fenmarsh.example",
        subject=f"RE: [{ref}] précis requested",
        body="Police involvement: one domestic incident in 2025.",
    )
    [result] = run(router, box, precis.as_bytes())
    assert (result.kind, result.outcome) == ("precis", "accepted")
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).state == "more_info_requested"
        [police] = uow.session.exec(select(Precis).where(Precis.agency_key == "police"))
        assert police.text == "Police involvement: one domestic incident in 2025."
    answer = message(subject=f"RE: [{ref}] more information", body="Yes, on 3 November.")
    [result] = run(router, box, answer.as_bytes())  # the referrer's own answer
    assert (result.kind, result.outcome) == ("additional_information", "accepted")
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).state == "precis_requested"


def test_precis_reply_is_stripped_and_the_original_kept(app, router, box):
    run(router, box, referral())
    screening.place_on_agenda(app, "SCR-2026-001", "chair")
    request = next(m for m in sent(app, box) if "ruth.okafor" in str(m["To"]))
    reply = message(
        sender="ruth.okafor@police.fenmarsh.example",
        subject=f"RE: {request['Subject']}",
        in_reply_to=request["Message-ID"],
        body="Police involvement: one domestic incident in 2025.\n\nRegards\nRuth\n\n"
        "-----Original Message-----\nFrom: Fenmarsh LSCB\nSent: Monday\n"
        "To: Ruth\nSubject: précis\n\nPlease send a brief précis.",
    )
    [result] = run(router, box, reply.as_bytes())
    assert (result.kind, result.outcome) == ("precis", "accepted")
    with app.uow() as uow:
        precis = uow.session.exec(select(Precis).where(Precis.agency_key == "police")).one()
    assert precis.text == "Police involvement: one domestic incident in 2025."
    assert "Please send a brief précis." in precis.original
    assert status.pipeline(app)[0].precis_waiting == ("acute_trust", "csc", "health")


def test_a_precis_sent_as_a_word_file_is_the_files_text(app, router, box):
    """Agencies often send their précis as an attached document: members must read its
    words, not "[attachments: précis.docx]". A file that cannot be read is named back."""
    import io

    import docx

    run(router, box, referral())
    screening.place_on_agenda(app, "SCR-2026-001", "chair")
    document = docx.Document()
    document.add_paragraph("Police attended the home twice in 2025; no arrests.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Last contact", "3 October 2026"
    data = io.BytesIO()
    document.save(data)
    msg = message(
        sender="ruth.okafor@police.fenmarsh.example",
        subject="RE: [SCR-2026-001] Précis requested",
        body="Please find our précis attached.",
    )
    msg.add_attachment(
        data.getvalue(),
        "application",
        "vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="Police precis.docx",
    )
    msg.add_attachment(b"{\\rtf1 old}", "application", "rtf", filename="chronology.rtf")
    [result] = run(router, box, msg.as_bytes())
    assert (result.kind, result.outcome) == ("precis", "accepted")
    with app.uow() as uow:
        [precis] = uow.session.exec(select(Precis).where(Precis.agency_key == "police"))
    assert precis.text.startswith("Please find our précis attached.\n\n[Police precis.docx]")
    assert "Police attended the home twice in 2025; no arrests." in precis.text
    assert "Last contact: 3 October 2026" in precis.text
    [answer] = [m for m in sent(app, box) if "précis received" in m["Subject"]]
    assert answer["To"] == "ruth.okafor@police.fenmarsh.example"
    text = answer.get_body(("plain",)).get_content()
    assert "is recorded and will be shared with members" in text
    assert 'We could not read the attached file "chronology.rtf"' in text


def test_out_of_office_reply_to_an_acknowledgement_is_never_answered(app, router, box):
    run(router, box, referral())
    [ack] = sent(app, box)
    ooo = message(
        subject=f"Automatic reply: {ack['Subject']}",
        in_reply_to=ack["Message-ID"],
        headers=[("Auto-Submitted", "auto-replied")],
        body="I am away.",
    )
    [result] = run(router, box, ooo.as_bytes())
    assert (result.kind, result.outcome) == ("auto_reply", "ignored")
    assert len(sent(app, box)) == 1  # no second message: no mail loop


def test_our_own_acknowledgement_coming_back_is_ignored(app, router, box):
    run(router, box, referral())
    sent(app, box)
    raw = next(box.outbox.glob("*.eml")).read_bytes()
    [result] = run(router, box, raw)
    assert result.outcome == "ignored" and result.kind == "own_mail"


def test_unknown_reference_and_unrelated_mail_get_a_clear_answer(app, router, box):
    results = run(
        router,
        box,
        message(subject="About SCR-2026-042", body="hello").as_bytes(),
        message(subject="lunch?", body="hello").as_bytes(),
    )
    assert [r.outcome for r in results] == ["held", "held"]
    texts = [m.get_body(("plain",)).get_content() for m in sent(app, box)]
    assert any("could not find a referral with the reference code SCR-2026-042" in t for t in texts)
    assert any("could not tell what your message is about" in t for t in texts)


def test_agenda_item_goes_on_the_next_meeting_it_can_make(app, router, box):
    [result] = run(
        router,
        box,
        message(
            sender="jo.reid@fenmarsh.example",
            subject="Agenda item: action plan update",
            body="Please add.",
        ).as_bytes(),
    )
    assert (result.kind, result.outcome, result.meeting) == (
        "agenda_item",
        "accepted",
        "2026-12-08",
    )
    [ack] = sent(app, box)
    assert ack["Subject"] == "Agenda item received for the SCR sub-group of 08 December 2026"
    assert '"action plan update" is on the agenda' in ack.get_body(("plain",)).get_content()


def test_a_crash_between_commit_and_move_does_not_apply_twice(app, router, box, monkeypatch):
    box.deliver(referral())
    original = box.mark_processed

    def crash(ref, quarantined=False):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(box, "mark_processed", crash)
    with pytest.raises(KeyboardInterrupt):
        router.run_once(box)
    assert len(box.list_new()) == 1  # still in the inbox
    monkeypatch.setattr(box, "mark_processed", original)
    [result] = router.run_once(box)
    assert result.outcome == "already_processed"
    assert len(status.pipeline(app)) == 1 and box.list_new() == []


def test_a_message_that_breaks_processing_is_left_and_the_loop_goes_on(
    app, router, box, monkeypatch
):
    box.deliver(referral())
    box.deliver(message(subject="lunch?").as_bytes())
    calls = {"n": 0}
    real = router.handle

    def flaky(key, raw, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))
        return real(key, raw, **kwargs)

    monkeypatch.setattr(router, "handle", flaky)
    results = router.run_once(box)
    assert sorted(r.outcome for r in results) == ["error", "held"]
    assert len(box.list_new()) == 1
    assert router.run_once(box)[0].outcome in ("accepted", "held")


def test_a_message_our_code_fails_on_is_tried_three_times_then_quarantined_and_the_bm_told(
    app, router, box, monkeypatch, caplog
):
    caplog.set_level(logging.DEBUG)
    raw = referral()
    box.deliver(raw)
    box.deliver(message(subject="lunch?").as_bytes())
    real = referrals.receive_referral

    def broken(*args, **kwargs):
        raise ValueError("cannot read 'Amelia Hartley'")  # as a bug might quote its input

    monkeypatch.setattr(referrals, "receive_referral", broken)
    for _ in range(2):  # the fault might have been passing: the message waits
        outcomes = sorted(r.outcome for r in router.run_once(box))
        assert outcomes in (["error"], ["error", "held"])
        assert len(box.list_new()) == 1
    [result] = router.run_once(box)
    assert result.outcome == "quarantined" and box.list_new() == []
    assert "a fault in panelclerk, ValueError in" in result.detail
    assert "inbound/steps.py" in result.detail and "Amelia" not in result.detail
    [row] = [r for r in quarantined(app) if r.outcome == "quarantined"]
    assert row.raw == raw and row.sender == REFERRER
    with app.uow() as uow:
        [notice] = uow.session.exec(select(ChatMessage).where(ChatMessage.kind == "notice"))
    assert notice.target == "bm" and "releasing it routes it again" in notice.text
    assert f"held and quarantined mail, number {row.id} in the console" in notice.text
    assert "Amelia" not in notice.text
    assert "Amelia" not in "\n".join(r.getMessage() for r in caplog.records)
    assert sent(app, box)[0]["Subject"].startswith("Re: lunch?")  # only the other was answered
    monkeypatch.setattr(referrals, "receive_referral", real)  # the fault mended
    released = release(app, row.id, "bm")
    assert (released.outcome, released.reference) == ("accepted", "SCR-2026-001")
    assert len(status.pipeline(app)) == 1


def test_releasing_a_faulted_message_vouches_for_nobody(app, router, box, monkeypatch):
    box.deliver(referral(sender="named.nurse@gmail.example"))  # a sender the rules refuse
    real = record.decide
    monkeypatch.setattr(record, "decide", lambda *a, **k: 1 / 0)  # a fault before the rules
    for _ in range(3):
        router.run_once(box)
    [row] = quarantined(app)
    assert row.kind == "fault"
    monkeypatch.setattr(record, "decide", real)  # mended
    again = release(app, row.id, "bm")
    assert again.outcome == "quarantined" and "not an address or domain" in again.detail
    assert sent(app, box) == []  # the unknown sender was not answered
    assert release(app, row.id, "bm").outcome != "quarantined"  # now the BM vouches for it


def test_releasing_a_message_that_still_fails_keeps_it_and_says_why(app, router, box, monkeypatch):
    box.deliver(referral())
    monkeypatch.setattr(referrals, "receive_referral", lambda *a, **k: 1 / 0)
    for _ in range(3):
        router.run_once(box)
    [row] = quarantined(app)
    with pytest.raises(WorkflowError, match=r"still could not be processed \(ZeroDivisionError"):
        release(app, row.id, "bm")
    assert [r.id for r in quarantined(app)] == [row.id]


def test_release_from_quarantine_by_the_business_manager(app, router, box):
    [result] = run(router, box, referral(sender="named.nurse@gmail.example"))
    assert result.outcome == "quarantined" and "not an address or domain" in result.detail
    assert sent(app, box) == []  # never answered with case details
    [row] = quarantined(app)
    with pytest.raises(WorkflowError, match="only the Business Manager"):
        release(app, row.id, "chair")
    released = release(app, row.id, "bm")
    assert released.kind == "referral" and released.reference == "SCR-2026-001"
    assert quarantined(app) == []


def _notices(app):
    with app.uow() as uow:
        return [
            (m.target, m.text)
            for m in uow.session.exec(select(ChatMessage).where(ChatMessage.kind == "notice"))
        ]


def test_a_strangers_referral_is_quarantined_and_the_bm_told_in_chat_without_its_words(
    app, router, box
):
    """A nurse refers from her personal address: kept, and the Business Manager told at
    once, with the message's number, what kind of reason and its page; never the address,
    the subject or the child's name. The stranger is not answered."""
    raw = message(
        "Named Nurse <named.nurse@gmail.example>",
        "Referral for Zebedee Quillfeather",
        form_body(),
    ).as_bytes()
    [result] = run(router, box, raw)
    assert result.outcome == "quarantined"
    [row] = quarantined(app)
    [(target, text)] = _notices(app)
    assert target == "bm"
    assert text == (
        f"A message from a sender the board file does not know is kept in quarantine for you, "
        f"number {row.id}: the sender is not in the board file. Nobody has been answered. "
        "Read it, then release it if you know who sent it and it should go through, attach "
        f"it to a referral or dismiss it: held and quarantined mail, number {row.id} in the "
        "console. Messages from strangers that come within the hour are not told one by "
        "one: the pipeline counts them."
    )
    for private in ("gmail", "named.nurse", "Named Nurse", "Zebedee", "Quillfeather"):
        assert private not in text
    assert sent(app, box) == []  # no backscatter to an unknown sender


def test_strangers_mail_is_told_once_an_hour_and_a_forged_board_member_never_named(
    app, router, box, clock
):
    """Anyone can send mail to the board: a run of strangers' messages (spam) gives the
    Business Manager one notice an hour, not one each; an agency's is told each time. A
    message whose From could not be confirmed names nobody, though it claims the Chair."""
    for n in range(3):
        run(router, box, message(f"Spam <offer{n}@spam.example>", f"Offer {n}").as_bytes())
    assert len(_notices(app)) == 1
    clock.now += dt.timedelta(minutes=61)
    run(router, box, message("Spam <offer9@spam.example>", "Offer 9").as_bytes())
    assert len(_notices(app)) == 2
    bad = message("Duty Desk <duty.desk@police.fenmarsh.example>", "Photos")
    bad.add_attachment(b"MZ", maintype="application", subtype="octet-stream", filename="x.exe")
    run(router, box, bad.as_bytes())
    assert len(_notices(app)) == 3  # an agency's: told whatever the hour
    mx = "mx.fenmarsh-lscb.example"  # the board behind a server stamping its own results
    mailbox = app.config.mailbox.model_copy(
        update={"authserv_id": mx, "trust_mta_without_authentication": False}
    )
    app.config = app.config.model_copy(update={"mailbox": mailbox})
    chair = app.config.person("chair")
    domain = chair.email.split("@")[1]
    forged = message(
        f"{chair.name} <{chair.email}>",
        "Urgent",
        headers=[("Authentication-Results", f"{mx}; dmarc=fail header.from={domain}")],
    )
    clock.now += dt.timedelta(minutes=61)  # a forgery is a stranger's: once an hour too
    run(router, box, forged.as_bytes())
    text = _notices(app)[-1][1]
    assert "a sender who could not be confirmed as genuine" in text
    assert chair.name not in text


def test_every_quarantined_message_is_told_by_its_kind_of_reason(app, router, box):
    """An agency's message with an executable attached, and one about a referral its
    sender's agency is not on: each told with the sender's agency and the reference code,
    never a file's name or an address."""
    run(router, box, referral())  # SCR-2026-001
    bad = message("Duty Desk <duty.desk@police.fenmarsh.example>", "Photos")
    bad.add_attachment(
        b"MZ...", maintype="application", subtype="octet-stream", filename="Zebedee.exe"
    )
    other = message("Duty <duty@probation.example>", "SCR-2026-001 what we know", "Notes.")
    run(router, box, bad.as_bytes(), other.as_bytes())
    told = [text for _, text in _notices(app)]
    assert len(told) == 2, told
    assert "A message from someone at Fenmarsh Constabulary is kept in quarantine" in told[0]
    assert "an attachment is of a kind the board does not accept" in told[0]
    assert "A message about SCR-2026-001 from someone at Probation" in told[1]
    assert "it names a referral its sender's agency is not on" in told[1]
    for text in told:
        assert "Zebedee" not in text and ".exe" not in text and "@" not in text


def test_ingest_twice_changes_nothing_the_second_time(tmp_path, config, clock):
    folder = tmp_path / "eml"
    folder.mkdir()
    (folder / "1.eml").write_bytes(referral())
    (folder / "2.eml").write_bytes(message(subject="lunch?").as_bytes())
    (folder / "3.eml").write_bytes(b"garbage without headers")
    url = f"sqlite:///{tmp_path / 'i.db'}"
    context.bootstrap(config, url, clock).engine.dispose()
    runner = CliRunner()
    args = ["--today", "2026-11-11", "--database-url", url, "ingest", str(folder), "--json"]
    first = runner.invoke(cli_app, args)
    assert first.exit_code == 0, first.output
    rows = [json.loads(line) for line in first.stdout.splitlines()]
    assert [(r["key"], r["kind"], r["outcome"]) for r in rows] == [
        ("1.eml", "referral", "accepted"),
        ("2.eml", "unrelated", "held"),
        ("3.eml", "unknown", "quarantined"),
    ]
    second = runner.invoke(cli_app, args)
    again = [json.loads(line) for line in second.stdout.splitlines()]
    assert {r["outcome"] for r in again} == {"already_processed"}
    text = runner.invoke(cli_app, args[:-1])
    assert "1.eml  referral  SCR-2026-001  already_processed" in text.stdout


def test_every_outbound_message_is_linked_and_safe(app, router, box):
    run(router, box, referral())
    with app.uow() as uow:
        [row] = uow.session.exec(select(OutboundMessage)).all()
    assert row.referral_id is not None and row.in_reply_to


def test_status_shows_quarantined_mail(tmp_path, config, clock):
    url = f"sqlite:///{tmp_path / 's.db'}"
    application = context.bootstrap(config, url, clock)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral(sender="someone@gmail.example"))
    Router(application).run_once(box)
    runner = CliRunner()
    result = runner.invoke(cli_app, ["--database-url", url, "status", "--json"])
    assert json.loads(result.stdout)["mail"]["quarantined"] == 1
    text = runner.invoke(cli_app, ["--database-url", url, "status"]).stdout
    assert "1 quarantined and 0 held messages wait for you" in text


def test_the_business_manager_reads_a_kept_message_with_its_escape_codes_defused(
    tmp_path, config, clock
):
    """A stranger's message is quarantined; the Business Manager reads it at the command
    line, where a terminal escape sequence in it would clear the screen or forge output."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    application = context.bootstrap(config, url, clock)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(
        message(
            sender="someone@gmail.example",
            subject="urgent \x1b[2J",
            body="Please call me.\x1b]0;owned\x07 [bold]not markup[/bold]",
        ).as_bytes()
    )
    [result] = Router(application).run_once(box)
    assert result.outcome == "quarantined"
    [row] = quarantined(application)
    runner = CliRunner()

    def cli(*args):
        return runner.invoke(cli_app, ["--database-url", url, "quarantine", *args])

    shown = cli("show", str(row.id), "--as", "bm")
    assert shown.exit_code == 0, shown.output
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    assert "Please call me.?]0;owned? [bold]not markup[/bold]" in shown.stdout
    assert "From: someone@gmail.example" in shown.stdout
    refused = cli("show", str(row.id), "--as", "chair")
    assert refused.exit_code == 1 and "only the Business Manager may read" in refused.stderr
    missing = cli("show", "999", "--as", "bm")
    assert missing.exit_code == 1 and "no quarantined or held message with id 999" in missing.stderr
    with application.uow() as uow:  # purged under the retention rules: said, not shown
        kept = uow.session.get(InboundMessage, row.id)
        kept.raw = b""
        uow.session.add(kept)
        uow.commit()
    gone = cli("show", str(row.id), "--as", "bm")
    assert gone.exit_code == 1 and "removed under the retention rules" in gone.stderr


def test_a_recommendation_by_email_uses_the_same_classifier_as_chat(app, router, box, clock):
    run(router, box, referral())
    screening.place_on_agenda(app, "SCR-2026-001", "chair")
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, "SCR-2026-001", "bm", ["police"])
    clear = message(
        sender="ruth.okafor@police.fenmarsh.example",
        subject="RE: [SCR-2026-001] recommendation",
        body="Police view: this does not meet the threshold for an SCR, but a single "
        "agency management review would capture the learning.",
    )
    [result] = run(router, box, clear.as_bytes())
    assert (result.kind, result.outcome, result.detail) == (
        "recommendation",
        "accepted",
        "single_agency_management_review",
    )
    vague = message(
        sender="jo.reid@fenmarsh.example",
        subject="RE: [SCR-2026-001]",
        body="Let me think about it over the weekend.",
    )
    [held] = run(router, box, vague.as_bytes())
    assert held.outcome == "held"
    assert any(
        "which recommendation you are making" in m.get_body(("plain",)).get_content()
        for m in sent(app, box)
    )


def test_a_case_message_the_monitor_cannot_act_on_is_acknowledged_and_the_bm_told(app, router, box):
    """New information after the referral went to the Chair (here it awaits screening): no
    step takes it, so it waits for the Business Manager. The sender hears it arrived and
    where it went; the Business Manager hears at once, by reference code and number."""
    run(router, box, referral())
    sent(app, box)
    news = message(
        sender="ruth.okafor@police.fenmarsh.example",
        subject="RE: [SCR-2026-001] Referral received by the SCR sub-group",
        body="For the Chair: the mother's partner was arrested this morning.",
    )
    [held] = run(router, box, news.as_bytes())
    assert (held.outcome, held.reference) == ("held", "SCR-2026-001")
    [answer] = [m for m in sent(app, box) if m["To"] == "ruth.okafor@police.fenmarsh.example"]
    assert answer["Subject"] == "Re: [SCR-2026-001] Referral received by the SCR sub-group"
    assert answer["To"] == "ruth.okafor@police.fenmarsh.example"
    assert "has reached the Business Manager" in answer.get_body(("plain",)).get_content()
    with app.uow() as uow:
        told = [m.text for m in uow.session.exec(select(ChatMessage)) if m.target == "bm"]
        [row] = [m for m in uow.session.exec(select(InboundMessage)) if m.outcome == "held"]
    assert told == [
        f"A message about SCR-2026-001 is held for you, number {row.id} (message about a "
        "referral that is awaiting screening: for the Business Manager). Read it, then release "
        f"it or answer it by hand: held and quarantined mail, number {row.id} in the console."
    ]
    assert "arrested" not in told[0]
    # released while nothing can yet take it: held again, and its sender not answered twice
    assert release(app, row.id, "bm").outcome == "held"
    answers = [m for m in sent(app, box) if m["To"] == "ruth.okafor@police.fenmarsh.example"]
    assert len(answers) == 1


def test_a_message_moved_away_while_the_mailbox_is_listed_is_skipped_not_fatal(box, monkeypatch):
    import os

    box.deliver(referral())
    box.deliver(referral())
    real = os.scandir

    class Gone:
        def __init__(self, entry):
            self.name, self._entry = entry.name, entry

        def is_file(self):
            return True

        def stat(self):
            raise FileNotFoundError(self.name)  # the delivery agent moved it just now

    def scandir(path):
        entries = list(real(path))
        return [Gone(entries[0]), *entries[1:]] if entries else entries

    monkeypatch.setattr(os, "scandir", scandir)
    assert len(box.list_new()) == 1
