"""Mail built to stop the intake: a message the parser cannot afford is kept with its reason
before it is parsed, and one that kills the process is counted in the store across restarts
and, after three tries, kept whole and unread, so the mail behind it goes on."""

from __future__ import annotations

import pytest
from sqlmodel import select

from panelclerk.application.inbound.kept import quarantined
from panelclerk.application.inbound.router import FAULT_TRIES, Router
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import ChatMessage, MailAttempt, OutboundMessage

from .mail import REFERRER, referral


def encoded_words(count: int) -> str:
    """`count` RFC 2047 encoded words, folded 20 to a line as a mail client would."""
    words = ["=?utf-8?q?caf=C3=A9?=" for _ in range(count)]
    return "\r\n ".join(" ".join(words[i : i + 20]) for i in range(0, count, 20))


def subject_bomb(count: int) -> bytes:
    return (
        f"From: {REFERRER}\r\nTo: scr.subgroup@fenmarsh-lscb.example\r\n"
        f"Subject: {encoded_words(count)}\r\nMessage-ID: <bomb{count}@x.example>\r\n\r\nhello\r\n"
    ).encode()


def filename_bomb() -> bytes:
    """The same trick in a MIME part's file name, which is read as the parts are walked."""
    return (
        f"From: {REFERRER}\r\nSubject: SCR referral\r\nMessage-ID: <fn@x.example>\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        "Content-Type: text/plain\r\n\r\nsee attached\r\n--b\r\n"
        "Content-Type: application/pdf\r\n"
        f'Content-Disposition: attachment; filename="{encoded_words(400)}"\r\n\r\n'
        "%PDF-1.4\r\n--b--\r\n"
    ).encode()


def test_a_header_the_parser_cannot_afford_is_kept_unparsed_and_the_intake_goes_on(
    sqlite_app, tmp_path
):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(subject_bomb(30_000))  # 630 KB of subject: such a one once took 23 GB
    box.deliver(subject_bomb(300))  # short enough, but 300 encoded words in one field
    box.deliver(filename_bomb())
    box.deliver(referral())
    results = Router(sqlite_app).run_once(box)
    assert [r.outcome for r in results] == ["quarantined"] * 3 + ["accepted"]
    reasons = sorted(r.reason or "" for r in quarantined(sqlite_app))
    assert reasons[:2] == [
        "a 'Content-Disposition' header field with more than 200 encoded words",
        "a 'Subject' header field with more than 200 encoded words",
    ]
    assert reasons[2].startswith("a header section of 6") and "(more than 524,288)" in reasons[2]
    assert all(row.raw for row in quarantined(sqlite_app))  # kept whole, for a person
    with sqlite_app.uow() as uow:
        sent = uow.session.exec(select(OutboundMessage)).all()
    assert [m.kind for m in sent] == ["acknowledgement"]  # the good referral's alone


def test_a_long_subject_of_an_ordinary_mail_client_is_read(sqlite_app, tmp_path):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(subject_bomb(150))
    [result] = Router(sqlite_app).run_once(box)
    assert result.outcome != "quarantined", result.detail


class Killed(BaseException):
    """What the process dying mid-message looks like from inside: nothing after it runs."""


def test_a_message_that_kills_the_monitor_is_counted_across_restarts_then_kept_unread(
    sqlite_app, tmp_path, monkeypatch
):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral())
    reads = []
    real_handle = Router.handle

    def dies(self, key, raw, **kwargs):
        reads.append(key)
        raise Killed

    monkeypatch.setattr(Router, "handle", dies)
    for _ in range(FAULT_TRIES):
        with pytest.raises(Killed):  # each pass a new process: nothing in memory carries
            Router(sqlite_app).run_once(box)
    with sqlite_app.uow() as uow:
        [attempt] = uow.session.exec(select(MailAttempt)).all()
    assert attempt.tries == FAULT_TRIES
    box.deliver(referral(message_id="<next@x.example>"))
    monkeypatch.setattr(
        Router,
        "handle",
        lambda self, key, raw, **kw: (reads.append(key), real_handle(self, key, raw, **kw))[1],
    )
    results = Router(sqlite_app).run_once(box)
    assert [r.outcome for r in results] == ["quarantined", "accepted"]
    assert len(reads) == FAULT_TRIES + 1  # not read a fourth time; the next one read once
    [kept] = quarantined(sqlite_app)
    assert kept.reason == (
        "reading it stopped panelclerk 3 times (the process was killed or ran out of memory); "
        "kept whole and unread"
    )
    assert kept.sender == REFERRER and kept.raw
    with sqlite_app.uow() as uow:
        assert uow.session.exec(select(MailAttempt)).all() == []
        told = [m.text for m in uow.session.exec(select(ChatMessage))]
        answered = [m.kind for m in uow.session.exec(select(OutboundMessage))]
    assert any(f"number {kept.id}" in text for text in told)
    assert answered == ["acknowledgement"]  # the next referral's; the killer is not answered


def test_running_out_of_memory_on_a_message_is_its_fault_not_a_passing_one(
    sqlite_app, tmp_path, monkeypatch
):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral())

    def exhausts(self, key, raw, **kwargs):
        raise MemoryError

    monkeypatch.setattr(Router, "handle", exhausts)
    outcomes = [Router(sqlite_app).run_once(box)[0].outcome for _ in range(FAULT_TRIES)]
    assert outcomes == ["error", "error", "quarantined"]
    [kept] = quarantined(sqlite_app)
    assert kept.reason.startswith("could not be processed (3 tries): a fault in panelclerk")
    assert box.list_new() == []


def allocate(size: int) -> int:
    """Run in the document reader's process: what a parser led on by a crafted file does."""
    block = bytearray(size)
    return len(block)


def test_the_document_reader_runs_out_of_memory_in_its_own_process_not_the_monitors():
    from panelclerk.intake import sandbox

    pool = sandbox._worker_pool()
    with pytest.raises(MemoryError):
        pool.apply_async(allocate, (2 * sandbox.MEMORY_LIMIT,)).get(60)
    assert pool.apply_async(allocate, (10 * 2**20,)).get(60) == 10 * 2**20  # and goes on


def nested_part_with(disposition: str) -> bytes:
    return (
        f"From: {REFERRER}\r\nSubject: SCR referral\r\nMessage-ID: <p@x.example>\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        "Content-Type: text/plain\r\n\r\nsee attached\r\n--b\r\n"
        "Content-Type: application/pdf\r\n"
        f"Content-Disposition: {disposition}\r\n\r\n%PDF-1.4\r\n--b--\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("disposition", "reason"),
    [
        (
            "attachment; " + "; ".join(f"x{i}=y" for i in range(100_000)),
            "a 'Content-Disposition' header field of 988,921 characters",
        ),
        (
            "attachment; " + "; ".join(f"filename*{i}*=a" for i in range(2_000)),
            "a 'Content-Disposition' header field with more than 100 parameters",
        ),
        (
            'attachment; filename="'
            + " ".join(f"=?{'x' * 80}?q?a?=" for _ in range(3_000))[:60_000]
            + '"',
            "a 'Content-Disposition' header field with more than 200 encoded words",
        ),
    ],
    ids=["100k-parameters", "rfc2231-continuations", "long-charset-words"],
)
def test_a_parts_header_the_parser_cannot_afford_is_refused_before_it_is_read(disposition, reason):
    import time

    from panelclerk.mail.parse import ParseError, parse_email

    started = time.monotonic()
    with pytest.raises(ParseError) as refused:
        parse_email(nested_part_with(disposition))
    assert str(refused.value).startswith(reason)
    assert time.monotonic() - started < 2  # it took 20 s and more before it was measured
