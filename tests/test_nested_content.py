"""The attachment rules at every depth: what is refused at the top of a message is refused
inside a forwarded message, an Outlook message or a winmail.dat too, and a PDF that would run
JavaScript or start a program when opened is kept, not read."""

from __future__ import annotations

import io
from email.message import EmailMessage

import pytest

from panelclerk.application.inbound.kept import quarantined
from panelclerk.application.inbound.router import Router
from panelclerk.intake import formparse
from panelclerk.mail.maildir import MaildirMailbox

from .mail import form_body, message, referral, zip_bytes

EXE = b"MZ\x90\x00" + b"\0" * 200
DOCM = zip_bytes({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"AutoOpen"})
BOMB = zip_bytes({"z.txt": b"\0" * 20_000_000})


def pdf_opening(action: bytes) -> bytes:
    """A one-page PDF whose catalogue runs `action` when it is opened."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
        b"4 0 obj << " + action + b" >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


JAVASCRIPT = pdf_opening(b"/S /JavaScript /JS (app.alert(1))")
LAUNCH = pdf_opening(b"/S /L#61unch /F (cmd.exe)")  # a name spelt in hex, as readers allow


def plain_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def forwarding(filename: str, data: bytes) -> bytes:
    """A referral that forwards an earlier message, which carries `filename`."""
    inner = EmailMessage()
    inner["From"] = "someone@hospitals.fenmarsh.example"
    inner["Subject"] = "papers"
    inner.set_content("see attached")
    inner.add_attachment(data, maintype="application", subtype="octet-stream", filename=filename)
    outer = message(subject="SCR referral", body=form_body())
    outer.add_attachment(inner)  # message/rfc822
    return outer.as_bytes()


def with_attachment(filename: str, data: bytes, subtype="pdf") -> bytes:
    msg = message(subject="SCR referral", body=form_body())
    msg.add_attachment(data, maintype="application", subtype=subtype, filename=filename)
    return msg.as_bytes()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (forwarding("setup.exe", EXE), "> setup.exe: executable files are not accepted"),
        (forwarding("form.docm", DOCM), "> form.docm: macro-enabled Office files"),
        (forwarding("papers.zip", BOMB), "> papers.zip: looks like an archive bomb"),
        (with_attachment("chronology.pdf", JAVASCRIPT), "a PDF with JavaScript"),
        (with_attachment("chronology.pdf", LAUNCH), "a PDF with a launch action"),
        (forwarding("chronology.pdf", JAVASCRIPT), "a PDF with JavaScript"),
    ],
    ids=["exe-in-eml", "macro-in-eml", "bomb-in-eml", "pdf-js", "pdf-launch", "pdf-js-in-eml"],
)
def test_what_is_refused_at_the_top_is_refused_at_any_depth(sqlite_app, tmp_path, raw, reason):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(raw)
    box.deliver(referral())  # and the good mail behind it goes on
    results = Router(sqlite_app).run_once(box)
    assert [r.outcome for r in results] == ["quarantined", "accepted"], results[0].detail
    [kept] = quarantined(sqlite_app)
    assert reason in kept.reason


def test_a_plain_pdf_and_a_forwarded_message_with_a_word_form_are_read(sqlite_app, tmp_path):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(with_attachment("chronology.pdf", plain_pdf()))
    [result] = Router(sqlite_app).run_once(box)
    assert result.outcome == "accepted", result.detail


def test_a_file_inside_an_outlook_message_meets_the_same_rules(monkeypatch, config):
    import extract_msg

    from panelclerk.intake import rules

    class Attached:
        longFilename = "invoice.exe"
        data = EXE

    class Outlook:
        body = "please see attached"
        attachments = (Attached(),)

        def close(self):
            return None

    monkeypatch.setattr(extract_msg, "openMsg", lambda data: Outlook())
    form = formparse.from_msg(b"\xd0\xcf\x11\xe0", "forwarded.msg")
    assert [a.filename for a in form.inner] == ["forwarded.msg > invoice.exe"]
    assert rules.attachment_problem(form.inner, config) == (
        "forwarded.msg > invoice.exe: executable files are not accepted"
    )
