"""Honest but odd mail is read and answered, or named back to its sender: never "a fault in
panelclerk" that leaves a referrer unanswered and a release that fails the same way."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from panelclerk.application.inbound.kept import quarantined
from panelclerk.application.inbound.router import Router
from panelclerk.intake import formparse
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.mail.parse import ParseError, parse_email
from panelclerk.outbox.delivery import deliver_due

from .mail import REFERRER, form_body


def answers(app, box) -> list:
    deliver_due(app.uow, app.config, box.transport(), app.clock())
    return [
        BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        for path in sorted(box.outbox.glob("*.eml"))
    ]


def referral_with_subject(encoded_subject: str) -> bytes:
    return (
        f"From: {REFERRER}\r\nTo: scr.subgroup@fenmarsh-lscb.example\r\n"
        f"Subject: {encoded_subject}\r\nMessage-ID: <odd@x.example>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + form_body()
    ).encode()


@pytest.mark.parametrize(
    "subject",
    [
        "=?utf-8?q?SCR_referral_=E2=80=A8second_line?=",  # U+2028 line separator
        "=?utf-8?q?SCR_referral_=E2=80=A9next_paragraph?=",  # U+2029 paragraph separator
        "=?iso-8859-1?q?SCR_referral_as_discussed=85?=",  # a cp1252 ellipsis read as NEL
    ],
    ids=["line-separator", "paragraph-separator", "next-line"],
)
def test_a_subject_with_a_unicode_line_break_is_read_and_its_sender_answered(
    sqlite_app, tmp_path, subject
):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral_with_subject(subject))
    [result] = Router(sqlite_app).run_once(box)
    assert result.outcome == "accepted", result.detail
    # and a later message about the case, whose answer repeats its subject after "Re:"
    later = referral_with_subject(subject.replace("SCR_referral", "SCR-2026-001"))
    box.deliver(later.replace(b"<odd@", b"<odd-later@"))
    [result] = Router(sqlite_app).run_once(box)
    assert result.reference == "SCR-2026-001" and result.outcome != "quarantined"
    first, second = sorted(str(m["Subject"]) for m in answers(sqlite_app, box))
    assert second == "[SCR-2026-001] Referral received by the SCR sub-group"
    assert first.startswith("Re: SCR-2026-001 ")
    assert not any(ch in first for ch in "\u2028\u2029\x85\r\n")


def test_a_display_name_with_an_encoded_line_break_is_bad_input_with_a_reason(sqlite_app, tmp_path):
    raw = (
        "From: =?utf-8?q?Kim=0D=0ABcc=3A_x=40evil=2Eexample?= <kim.walsh@hospitals."
        "fenmarsh.example>\r\nSubject: SCR referral\r\nMessage-ID: <crlf@x.example>\r\n\r\n"
        + form_body()
    ).encode()
    email = parse_email(raw)  # read, the line break gone from the name
    assert "\r" not in email.from_name and "\n" not in email.from_name
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(raw)
    [result] = Router(sqlite_app).run_once(box)  # a From with defects: kept, as a verifier
    assert (result.kind, result.outcome) != ("fault", "quarantined")  # would, not a fault
    assert result.outcome == "quarantined" and "From header" in result.detail


def test_whatever_the_email_package_raises_on_a_message_is_a_parse_error(monkeypatch):
    import email as email_package

    def breaks(*args, **kwargs):
        raise ValueError("a header the package cannot take")

    monkeypatch.setattr(email_package, "message_from_bytes", breaks)
    with pytest.raises(ParseError, match=r"the message could not be read: ValueError"):
        parse_email(b"From: a@b.example\r\n\r\nx")


def test_a_damaged_outlook_message_is_named_back_like_a_word_97_file(monkeypatch):
    """extract-msg opens some damaged files and fails only as their parts are read, with a
    bare Exception: that is the file's fault, said to its sender, not ours."""
    import extract_msg

    class Damaged:
        body = "Referral form"

        @property
        def attachments(self):
            raise Exception("damaged stream")

        def close(self):
            raise Exception("damaged stream")

    monkeypatch.setattr(extract_msg, "openMsg", lambda data: Damaged())
    form = formparse.from_msg(b"\xd0\xcf\x11\xe0", "Referral.msg")
    assert form.unread == ["Referral.msg"]
    assert form.problems == ["Referral.msg: not a readable Outlook message (Exception)"]


def test_odd_mail_is_never_kept_as_a_fault_of_ours(sqlite_app, tmp_path):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    odd = ["=?utf-8?q?a=E2=80=A8b?=", "=?bogus?x?zz?=", "=?utf-8?b?!!?="]
    for number, subject in enumerate(odd):
        box.deliver(referral_with_subject(subject).replace(b"<odd@", f"<odd{number}@".encode()))
    Router(sqlite_app).run_once(box)
    assert [row.kind for row in quarantined(sqlite_app)] == []
