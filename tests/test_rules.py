"""Intake rules: each gives its reason; the chain turns it into ignore or quarantine."""

from __future__ import annotations

import pytest

from panelclerk.intake import rules
from panelclerk.intake.parse import parse_email

from .mail import REFERRER, message, zip_bytes


@pytest.fixture
def authed(config):
    """The demo board, as if behind a real mail server that stamps its own results."""
    return config.model_copy(
        update={
            "mailbox": config.mailbox.model_copy(update={"authserv_id": "mx.fenmarsh-lscb.example"})
        }
    )


def check(config, msg):
    return rules.check(parse_email(msg.as_bytes()), config)


def ar(value):
    return ("Authentication-Results", value)


def test_a_known_agency_with_aligned_authentication_is_accepted(authed):
    good = ar(
        "mx.fenmarsh-lscb.example; spf=pass smtp.mailfrom=kim.walsh@hospitals."
        "fenmarsh.example; dkim=fail"
    )
    assert check(authed, message(headers=[good])) is None
    dmarc = ar("mx.fenmarsh-lscb.example; dmarc=pass header.from=hospitals.fenmarsh.example")
    assert check(authed, message(headers=[dmarc])) is None
    dkim = ar("mx.fenmarsh-lscb.example; dkim=pass header.d=hospitals.fenmarsh.example")
    assert check(authed, message(headers=[dkim])) is None


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ([], "no Authentication-Results"),
        ([ar("evil.example; dmarc=pass")], "topmost Authentication-Results is from 'evil.example'"),
        # A forged header below ours is never read: only the topmost counts.
        (
            [
                ar("mx.fenmarsh-lscb.example; dmarc=fail"),
                ar("mx.fenmarsh-lscb.example; dmarc=pass"),
            ],
            "sender authentication failed",
        ),
        (
            [ar("mx.fenmarsh-lscb.example; spf=pass smtp.mailfrom=x@attacker.example")],
            "sender authentication failed",
        ),
        (
            [ar("mx.fenmarsh-lscb.example; dkim=pass header.d=attacker.example")],
            "sender authentication failed",
        ),
    ],
)
def test_spoofed_and_forged_authentication_is_quarantined(authed, headers, reason):
    hit = check(authed, message(headers=headers))
    assert hit is not None and hit.outcome == "quarantine" and reason in hit.reason


@pytest.mark.parametrize(
    ("headers", "sender", "subject"),
    [
        ([("Auto-Submitted", "auto-replied")], REFERRER, "Automatic reply: away"),
        ([("Precedence", "bulk")], REFERRER, "newsletter"),
        ([("X-Auto-Response-Suppress", "All")], REFERRER, "Out of Office: back Monday"),
        ([("Return-Path", "<>")], REFERRER, "Undeliverable"),
        ([], "MAILER-DAEMON@hospitals.fenmarsh.example", "Delivery Status Notification"),
    ],
)
def test_auto_replies_and_bounces_are_ignored_never_answered(config, headers, sender, subject):
    hit = check(config, message(sender=sender, subject=subject, headers=headers))
    assert hit is not None and hit.outcome == "ignore"
    assert hit.kind in ("auto_reply", "bounce")


def test_auto_submitted_no_is_a_person(config):
    assert check(config, message(headers=[("Auto-Submitted", "no")])) is None


def test_our_own_mail_coming_back_is_ignored(config):
    hit = check(config, message(headers=[(rules.LOOP_HEADER, "abc")]))
    assert hit is not None and hit.kind == "own_mail" and hit.outcome == "ignore"


def test_unknown_senders_are_quarantined(config):
    hit = check(config, message(sender="someone@gmail.example"))
    assert hit is not None and hit.rule == "unknown_sender"
    assert check(config, message(sender="new.person@police.fenmarsh.example")) is None


def with_attachment(name, data):
    msg = message(body="see attached")
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("form.exe", b"MZ\x90\x00", "executable"),
        ("form.pdf", b"MZ\x90\x00 pretending", "executable"),
        ("form.docm", b"PK\x03\x04", "macro-enabled"),
        (
            "form.docx",
            zip_bytes({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"}),
            "contains macros",
        ),
        ("papers.zip", zip_bytes({"run.js": b"x"}), "contains 'run.js'"),
        ("bomb.zip", zip_bytes({"zeros.txt": b"\0" * 5_000_000}), "archive bomb"),
        (
            "nested.zip",
            zip_bytes({"inner.zip": zip_bytes({"inner2.zip": b"PK"})}),
            "nested inside archives",
        ),
    ],
)
def test_dangerous_attachments_are_quarantined(config, name, data, reason):
    hit = check(config, with_attachment(name, data))
    assert hit is not None and hit.rule == "dangerous_attachment" and reason in hit.reason


def test_ordinary_office_files_pass(config):
    from .test_formparse import docx_form

    assert check(config, with_attachment("form.docx", docx_form([("a", "b")]))) is None
