"""The outbox against a real SMTP server (aiosmtpd): what arrives, exactly once, whatever
the server does; and no header from data can ever add a header."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.parser import BytesParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from panelclerk.intake import outbox
from panelclerk.intake.outbox import HeaderInjection, SmtpTransport, deliver_due
from panelclerk.store.tables import ChatMessage, OutboundMessage
from panelclerk.workflow.errors import WorkflowError

from .pg import free_port
from .servers import SmtpServer


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def queue(app, n=1, subject="[SCR-2026-001] Referral received", html=True):
    with app.uow() as uow:
        for i in range(n):
            outbox.queue(
                uow,
                app.config,
                kind="acknowledgement",
                recipients=["kim.walsh@hospitals.fenmarsh.example"],
                subject=f"{subject} {i}",
                text="Thank you.\n",
                html="<p>Thank you.</p>" if html else None,
                in_reply_to="<orig@hospitals.fenmarsh.example>",
                at=app.clock(),
            )
        uow.commit()


def rows(app):
    with app.uow() as uow:
        return list(uow.session.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


def test_a_message_arrives_whole_with_our_headers(sqlite_app, smtp):
    queue(sqlite_app)
    transport = SmtpTransport("127.0.0.1", smtp.port, security="plain")
    report = deliver_due(sqlite_app.uow, sqlite_app.config, transport, sqlite_app.clock())
    assert report.sent == 1
    [(sender, recipients, raw)] = smtp.messages
    assert sender == "scr.subgroup@fenmarsh-lscb.example"
    assert recipients == ["kim.walsh@hospitals.fenmarsh.example"]
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only: no bare LF reaches SMTP
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Panelclerk-Loop"] == outbox.loop_marker(sqlite_app.config)
    assert msg["In-Reply-To"] == "<orig@hospitals.fenmarsh.example>"
    assert msg["Message-ID"] == rows(sqlite_app)[0].message_id
    assert msg.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Thank you.\n"
    assert rows(sqlite_app)[0].status == "sent"


def test_smtp_down_then_up_delivers_every_message_exactly_once(app, clock):
    port = free_port()
    queue(app, n=5)
    transport = SmtpTransport("127.0.0.1", port, security="plain", timeout=2)
    down = deliver_due(app.uow, app.config, transport, clock())
    assert (down.sent, down.retried) == (0, 5)
    assert all(r.status == "queued" and r.attempts == 1 and r.last_error for r in rows(app))
    again = deliver_due(app.uow, app.config, transport, clock())
    assert again.sent == again.retried == 0  # backing off: not due yet
    server = SmtpServer(port).start()
    try:
        clock.now += dt.timedelta(minutes=5)
        up = deliver_due(app.uow, app.config, transport, clock())
        assert up.sent == 5
        assert deliver_due(app.uow, app.config, transport, clock()).sent == 0
        ids = [
            BytesParser(policy=policy.default).parsebytes(raw)["Message-ID"]
            for _, _, raw in server.messages
        ]
        assert len(ids) == 5 and len(set(ids)) == 5
    finally:
        server.stop()


def queue_to(app, recipients):
    with app.uow() as uow:
        outbox.queue(
            uow,
            app.config,
            kind="decision",
            recipients=recipients,
            subject="[SCR-2026-001] Decision of the Independent Chair",
            text="The decision.\n",
            at=app.clock(),
        )
        uow.commit()


def chat_notices(app):
    with app.uow() as uow:
        return [m.text for m in uow.session.exec(select(ChatMessage)) if m.kind == "notice"]


def test_each_recipient_gets_it_once_whatever_the_server_refuses(app, clock, smtp):
    kim, jo, chris = (
        "kim.walsh@hospitals.fenmarsh.example",
        "jo.reid@fenmarsh.example",
        "chris.lane@fenmarsh.example",
    )
    queue_to(app, [kim, jo, chris])
    smtp.recorder.refuse = {jo: "550 5.1.1 no such user", chris: "451 4.3.0 try again later"}
    transport = SmtpTransport("127.0.0.1", smtp.port, security="plain")
    first = deliver_due(app.uow, app.config, transport, clock())
    assert (first.sent, first.retried) == (0, 1)
    [(_, to, _)] = smtp.messages
    assert to == [kim]
    [row] = rows(app)
    assert row.status == "queued" and row.delivered_to == [kim]
    assert row.refused == {jo: "550 5.1.1 no such user"}
    [notice] = chat_notices(app)  # the address to mend, at once; not after eight tries
    assert jo in notice and "550 5.1.1 no such user" in notice and "reached 1 others" in notice
    smtp.recorder.refuse = {jo: "550 5.1.1 no such user"}  # the greylisting is over
    clock.now += dt.timedelta(minutes=5)
    assert deliver_due(app.uow, app.config, transport, clock()).sent == 1
    assert [to for _, to, _ in smtp.messages] == [[kim], [chris]]  # never kim twice, nor jo
    [row] = rows(app)
    assert row.status == "sent" and row.delivered_to == [kim, chris]
    clock.now += dt.timedelta(hours=1)
    assert deliver_due(app.uow, app.config, transport, clock()).sent == 0
    ids = {
        BytesParser(policy=policy.default).parsebytes(raw)["Message-ID"]
        for *_, raw in smtp.messages
    }
    assert ids == {row.message_id}


def test_a_message_refused_for_good_fails_at_once_and_is_sent_again_once_mended(
    sqlite_app, clock, smtp
):
    queue_to(sqlite_app, ["kim.walsh@hospitals.fenmarsh.example"])
    smtp.recorder.data_answer = "554 5.7.1 message rejected by policy"
    transport = SmtpTransport("127.0.0.1", smtp.port, security="plain")
    report = deliver_due(sqlite_app.uow, sqlite_app.config, transport, clock())
    [row] = rows(sqlite_app)
    assert report.failed == 1 and row.status == "failed" and row.attempts == 1
    [notice] = chat_notices(sqlite_app)
    assert "was refused: SMTPDataError" in notice and f"outbox retry {row.id}" in notice
    with pytest.raises(WorkflowError, match="only the Business Manager"):
        outbox.retry(sqlite_app, row.id, "chair")
    smtp.recorder.data_answer = None  # the mail administrator mends the policy
    outbox.retry(sqlite_app, row.id, "bm")
    assert deliver_due(sqlite_app.uow, sqlite_app.config, transport, clock()).sent == 1
    assert len(smtp.messages) == 1 and rows(sqlite_app)[0].status == "sent"
    with pytest.raises(WorkflowError, match="reached all its recipients already"):
        outbox.retry(sqlite_app, row.id, "bm")


def test_a_message_that_keeps_failing_is_marked_failed(sqlite_app, clock):
    queue(sqlite_app)
    transport = SmtpTransport("127.0.0.1", free_port(), security="plain", timeout=1)
    for _ in range(outbox.MAX_ATTEMPTS):
        deliver_due(sqlite_app.uow, sqlite_app.config, transport, clock())
        clock.now += dt.timedelta(hours=2)
    [row] = rows(sqlite_app)
    assert row.status == "failed" and row.attempts == outbox.MAX_ATTEMPTS


@pytest.mark.parametrize(
    "bad",
    [
        "a\r\nBcc: x@evil.example",
        "a\nX: y",
        "a\rb",
        "=?utf-8?q?a=0D=0ABcc:_x@evil.example?=",
        "=?utf-8?b?YQ0KQmNjOiB4QGV2aWwuZXhhbXBsZQ==?=",
    ],
)
def test_header_injection_is_refused_before_anything_is_queued(sqlite_app, bad):
    with pytest.raises(HeaderInjection):
        queue(sqlite_app, subject=bad)
    assert rows(sqlite_app) == []
    with pytest.raises(HeaderInjection):
        outbox.safe_address("kim@h.example\r\nBcc: x@evil.example")


@given(subject=st.text(max_size=120), name=st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_no_generated_subject_or_display_name_ever_adds_a_header(config, subject, name):
    row = OutboundMessage(
        message_id="<fixed@fenmarsh-lscb.example>",
        kind="t",
        recipients=["kim@h.example"],
        subject=subject,
        text_body="x",
        created_at=dt.datetime(2026, 11, 11, tzinfo=dt.UTC),
    )
    board = config.board.model_copy(update={"short_name": name or "Board"})
    cfg = config.model_copy(update={"board": board})
    try:
        raw = outbox.build_mime(row, cfg)
    except (HeaderInjection, ValueError):
        return
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    names = sorted(k.lower() for k in msg)
    assert names == sorted(
        [
            "from",
            "to",
            "subject",
            "message-id",
            "date",
            "auto-submitted",
            "x-auto-response-suppress",
            "x-panelclerk-loop",
            "content-type",
            "content-transfer-encoding",
            "mime-version",
        ]
    )
    assert msg["To"] == "kim@h.example"
