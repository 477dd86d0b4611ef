"""Parsing messy real-world mail: never crash, never lose the text, and say why when it cannot."""

from __future__ import annotations

import contextlib
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panelclerk.mail.parse import ParseError, content_digest, html_to_text, parse_email
from panelclerk.mail.replies import latest_reply

from .mail import REFERRER, message


def test_multipart_alternative_prefers_the_text_part():
    msg = message(body="plain words", html="<p>html words</p>")
    parsed = parse_email(msg.as_bytes())
    assert parsed.text.strip() == "plain words"
    assert "html words" in (parsed.html or "")


def test_html_only_becomes_safe_text():
    msg = EmailMessage()
    msg["From"] = REFERRER
    msg["Subject"] = "html"
    msg.set_content(
        "<html><head><style>p{}</style><script>alert(1)</script></head><body>"
        "<p>Line one<br>Line&nbsp;two</p><img src='https://tracker.example/p.gif'>"
        "<table><tr><td>Child's name</td><td>Jo</td></tr></table></body></html>",
        subtype="html",
    )
    parsed = parse_email(msg.as_bytes())
    assert "alert" not in parsed.text and "tracker" not in parsed.text
    assert "Line one\nLine two" in parsed.text
    assert "Child's name\tJo" in parsed.text


def test_non_utf8_charsets_and_a_wrong_charset_label():
    raw = (
        b"From: " + REFERRER.encode() + b"\r\nSubject: =?iso-8859-1?q?Pr=E9cis?=\r\n"
        b"Content-Type: text/plain; charset=windows-1252\r\n\r\nCaf\xe9 \x93quoted\x94\r\n"
    )
    parsed = parse_email(raw)
    assert parsed.subject == "Précis"
    assert "Café “quoted”" in parsed.text
    bogus = raw.replace(b"windows-1252", b"x-no-such-charset")
    assert "Caf" in parse_email(bogus).text


def test_nested_forwarded_message_is_kept_as_an_attachment():
    inner = message(body="Child's name: Jo")
    outer = message(body="Forwarding the referral")
    outer.add_attachment(inner)
    parsed = parse_email(outer.as_bytes())
    assert parsed.text.strip() == "Forwarding the referral"
    assert [a.content_type for a in parsed.attachments] == ["message/rfc822"]
    assert b"Child's name: Jo" in parsed.attachments[0].data


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty message"),
        (b"Subject: no sender\r\n\r\nbody", "no usable From address"),
        (b"From: a@b.example\r\n" + b"X-H: v\r\n" * 1500 + b"\r\nbody", "header fields"),
    ],
)
def test_unreadable_messages_say_why(raw, reason):
    with pytest.raises(ParseError, match=reason):
        parse_email(raw)


def test_size_cap_is_checked_before_parsing():
    with pytest.raises(ParseError, match="over the 1,024-byte limit"):
        parse_email(b"From: a@b.example\r\n\r\n" + b"x" * 2000, max_bytes=1024)


def test_deeply_nested_multiparts_are_refused():
    nested = "From: a@b.example\r\n"
    for depth in range(40):
        nested += f'Content-Type: multipart/mixed; boundary="b{depth}"\r\n\r\n--b{depth}\r\n'
    nested += "Content-Type: text/plain\r\n\r\nbody"
    with pytest.raises(ParseError, match=r"nested deeper|too deep"):
        parse_email(nested.encode())


def test_broken_mime_and_no_body_do_not_crash():
    broken = (
        b"From: " + REFERRER.encode() + b"\r\nContent-Type: multipart/mixed; "
        b'boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\npart one\r\n'
        b"--zz\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!"
    )
    parsed = parse_email(broken)
    assert "part one" in parsed.text
    empty = parse_email(b"From: " + REFERRER.encode() + b"\r\nSubject: x\r\n\r\n")
    assert empty.text == ""


def test_same_message_delivered_twice_hashes_the_same():
    msg = message(body="hello")
    first = b"Received: from a by b; Mon\r\nDelivered-To: to@x\r\n" + msg.as_bytes()
    second = b"Received: from c by d; Tue\r\nDelivered-To: cc@x\r\n" + msg.as_bytes()
    assert content_digest(first) == content_digest(second)
    changed = msg.as_bytes().replace(b"hello", b"hullo")
    assert content_digest(changed) != content_digest(first)


def test_outlook_reply_quote_and_signature_are_stripped():
    text = (
        "Our involvement: two home visits in 2026.\n\nKind regards\nJo Reid\n"
        "Head of Safeguarding\n\n-----Original Message-----\nFrom: Fenmarsh LSCB\n"
        "Sent: 01 December 2026 10:00\nTo: Jo Reid\nSubject: [SCR-2026-001] précis\n\n"
        "Please send a brief précis."
    )
    assert latest_reply(text) == "Our involvement: two home visits in 2026."
    qp = (
        "Our involvement: none.=20\n\nFrom: Fenmarsh LSCB <a@b>\nSent: Monday\nTo: x\n"
        "Subject: y\n\nquoted"
    )
    assert latest_reply(qp).startswith("Our involvement: none.")
    assert "quoted" not in latest_reply(qp)


def test_html_to_text_survives_garbage():
    assert html_to_text("<p>ok<<<>>></div></span><!-- --").startswith("ok")


@given(st.binary(max_size=3000))
@settings(max_examples=300, deadline=None)
def test_any_bytes_parse_or_raise_parse_error(raw):
    with contextlib.suppress(ParseError):
        parse_email(b"From: a@b.example\r\n" + raw)


@given(st.text(max_size=300), st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_headers_and_body_parse_or_raise_parse_error(subject, body):
    raw = f"From: a@b.example\r\nSubject: {subject}\r\n\r\n{body}".encode("utf-8", "replace")
    try:
        parsed = parse_email(raw)
    except ParseError:
        return
    assert "\n" not in parsed.subject and "\r" not in parsed.subject


def tnef(body: bytes, filename: bytes, data: bytes) -> bytes:
    """A minimal winmail.dat (MS-OXTNEF 2.1): signature, key, then checksummed attributes."""
    import struct

    def attr(level, attr_id, payload):
        return (
            struct.pack("<BII", level, attr_id, len(payload))
            + payload
            + struct.pack("<H", sum(payload) & 0xFFFF)
        )

    return (
        struct.pack("<IH", 0x223E9F78, 1)
        + attr(1, 0x0002800C, body)  # attBody
        + attr(2, 0x00069002, bytes(14))  # attAttachRendData: an attachment starts
        + attr(2, 0x00018010, filename + b"\0")  # attAttachTitle
        + attr(2, 0x0006800F, data)
    )  # attAttachData


def test_outlook_winmail_dat_is_unpacked():
    from panelclerk.intake.formparse import extract_form

    msg = message(body="")
    msg.clear_content()
    msg.set_content("")
    msg.add_attachment(
        tnef(b"Child's name: Jo\r\n", b"form.txt", b"Date of incident: 02/11/2026\r\n"),
        maintype="application",
        subtype="ms-tnef",
        filename="winmail.dat",
    )
    parsed = parse_email(msg.as_bytes())
    assert [a.filename for a in parsed.attachments] == ["form.txt"]
    form = extract_form(parsed.text, parsed.attachments)
    assert form.fields["incident.date"] == "02/11/2026"
    broken = message(body="x")
    broken.add_attachment(
        b"not tnef", maintype="application", subtype="ms-tnef", filename="winmail.dat"
    )
    with pytest.raises(ParseError, match=r"winmail\.dat could not be unpacked"):
        parse_email(broken.as_bytes())
