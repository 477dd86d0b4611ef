"""The outbox against a real SMTP server (aiosmtpd): what arrives, exactly once, whatever
the server does; and no header from data can ever add a header."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from email import policy
from email.parser import BytesParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from panelclerk.application import deliveries
from panelclerk.mail.loop import loop_marker
from panelclerk.mail.smtp import SmtpTransport
from panelclerk.outbox import compose, delivery, headers
from panelclerk.outbox.delivery import deliver_due
from panelclerk.outbox.headers import HeaderInjection
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
            compose.queue(
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
    assert msg["X-Panelclerk-Loop"] == loop_marker(sqlite_app.config)
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
        compose.queue(
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
    assert "was refused: SMTPDataError" in notice and f"outbox number {row.id}" in notice
    assert "failed mail and chat page in the console" in notice  # where to send it again
    with pytest.raises(WorkflowError, match="only the Business Manager"):
        deliveries.retry(sqlite_app, row.id, "chair")
    smtp.recorder.data_answer = None  # the mail administrator mends the policy
    deliveries.retry(sqlite_app, row.id, "bm")
    assert deliver_due(sqlite_app.uow, sqlite_app.config, transport, clock()).sent == 1
    assert len(smtp.messages) == 1 and rows(sqlite_app)[0].status == "sent"
    with pytest.raises(WorkflowError, match="reached all its recipients already"):
        deliveries.retry(sqlite_app, row.id, "bm")


def test_a_message_that_keeps_failing_is_marked_failed(sqlite_app, clock):
    queue(sqlite_app)
    transport = SmtpTransport("127.0.0.1", free_port(), security="plain", timeout=1)
    for _ in range(delivery.MAX_ATTEMPTS):
        deliver_due(sqlite_app.uow, sqlite_app.config, transport, clock())
        clock.now += dt.timedelta(hours=2)
    [row] = rows(sqlite_app)
    assert row.status == "failed" and row.attempts == delivery.MAX_ATTEMPTS


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
        headers.safe_address("kim@h.example\r\nBcc: x@evil.example")


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
        raw = compose.build_mime(row, cfg)
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


class SlowServer:
    """An SMTP server that, once a message's data has come, keeps the client waiting until
    the test lets it answer (a slow relay, a virus scanner)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        from .servers import Recorder

        self.arrived, self.answer = threading.Event(), threading.Event()
        server = self

        class Slow(Recorder):
            async def handle_DATA(self, smtp_server, session, envelope):
                server.arrived.set()
                await asyncio.to_thread(server.answer.wait, 20)
                return await super().handle_DATA(smtp_server, session, envelope)

        self.recorder = Slow()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SlowServer:
        self.controller.start()
        return self

    def __exit__(self, *_) -> None:
        self.answer.set()
        self.controller.stop()


def test_a_slow_mail_server_holds_up_neither_the_intake_nor_the_chair(sqlite_app, clock):
    """While the server takes its time over one message, a referral arrives and the Chair
    places another on the agenda: both are written at once, not after the server answers
    (nor 30 seconds later, refused as 'database is locked')."""
    from panelclerk.application import referrals, screening

    from .conftest import COMPLETE_FORM

    earlier = referrals.receive_referral(sqlite_app, dict(COMPLETE_FORM)).reference
    queue(sqlite_app)
    with SlowServer() as server:
        transport = SmtpTransport("127.0.0.1", server.port, security="plain", timeout=30)
        sender = threading.Thread(
            target=deliver_due, args=(sqlite_app.uow, sqlite_app.config, transport, clock())
        )
        sender.start()
        assert server.arrived.wait(20), "the outbox never reached the server"
        took: list[float] = []

        def write() -> None:
            started = time.monotonic()
            referrals.receive_referral(sqlite_app, dict(COMPLETE_FORM))
            screening.place_on_agenda(sqlite_app, earlier, "chair")
            took.append(time.monotonic() - started)

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(5)
        held_up = writer.is_alive()
        server.answer.set()  # the server answers at last
        sender.join(30)
        writer.join(40)
        assert not held_up and took and took[0] < 5, took
        assert not sender.is_alive()
    [slow] = [r for r in rows(sqlite_app) if r.subject.startswith("[SCR-2026-001] Referral")]
    assert slow.status == "sent" and slow.delivered_to == ["kim.walsh@hospitals.fenmarsh.example"]
    handed = [
        BytesParser(policy=policy.default).parsebytes(raw)["Message-ID"]
        for *_, raw in server.recorder.messages
    ]
    assert handed[0] == slow.message_id and len(handed) == len(set(handed))


class Dies:
    """A transport whose process is killed while the server has the message."""

    def __init__(self) -> None:
        self.handed: list[str] = []

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        self.handed.append(BytesParser(policy=policy.default).parsebytes(raw)["Message-ID"])
        raise KeyboardInterrupt


class Keeps:
    def __init__(self) -> None:
        self.handed: list[str] = []

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        self.handed.append(BytesParser(policy=policy.default).parsebytes(raw)["Message-ID"])


def test_a_message_whose_sender_died_mid_send_is_sent_once_its_claim_runs_out(sqlite_app, clock):
    queue(sqlite_app)
    with pytest.raises(KeyboardInterrupt):
        deliver_due(sqlite_app.uow, sqlite_app.config, Dies(), clock())
    [row] = rows(sqlite_app)
    assert row.status == "sending"  # claimed, and the claim committed before the send
    with pytest.raises(WorkflowError, match="queued already"):
        deliveries.retry(sqlite_app, row.id, "bm")
    keeps = Keeps()
    assert deliver_due(sqlite_app.uow, sqlite_app.config, keeps, clock()).sent == 0
    assert keeps.handed == []  # another sender leaves a live claim alone
    clock.now += delivery.LEASE + dt.timedelta(seconds=1)
    assert deliver_due(sqlite_app.uow, sqlite_app.config, keeps, clock()).sent == 1
    assert keeps.handed == [row.message_id]  # not lost
    [row] = rows(sqlite_app)
    assert row.status == "sent" and row.delivered_to == ["kim.walsh@hospitals.fenmarsh.example"]


def test_two_senders_at_once_hand_each_message_to_the_server_once(app, clock):
    queue(app, n=12)
    handed: list[str] = []
    lock = threading.Lock()

    class Slowish:
        def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
            time.sleep(0.02)
            with lock:
                handed.append(BytesParser(policy=policy.default).parsebytes(raw)["Message-ID"])

    reports: list[delivery.Delivery] = []
    senders = [
        threading.Thread(
            target=lambda: reports.append(deliver_due(app.uow, app.config, Slowish(), clock()))
        )
        for _ in range(2)
    ]
    for t in senders:
        t.start()
    for t in senders:
        t.join(60)
    assert sum(r.sent for r in reports) == 12
    assert len(handed) == 12 and len(set(handed)) == 12
    assert all(r.status == "sent" for r in rows(app))


def test_a_long_sending_pass_never_outlives_its_own_claims(sqlite_app, clock, monkeypatch):
    """Each send here takes four minutes of a ten-minute claim: a pass that went on claiming
    with its start time would hand out claims already expired, and a second sender would
    send them again. The pass counts each claim from when it is made, and stops at half the
    claim's length, leaving the rest for the next pass."""
    elapsed = [0.0]
    monkeypatch.setattr(delivery.time, "monotonic", lambda: elapsed[0])

    class Slow:
        def __init__(self):
            self.sent: list[str] = []

        def send(self, raw, sender, recipients):
            elapsed[0] += 240
            self.sent.append(sender)

    for _ in range(4):
        queue_to(sqlite_app, ["kim.walsh@hospitals.fenmarsh.example"])
    transport = Slow()
    report = deliver_due(sqlite_app.uow, sqlite_app.config, transport, clock())
    assert report.sent == 2 and len(transport.sent) == 2  # 8 minutes in: the rest can wait
    statuses = sorted(r.status for r in rows(sqlite_app))
    assert statuses == ["queued", "queued", "sent", "sent"]  # none left claimed and stale
