"""The IMAP backend against a real Dovecot started by the fixture."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelclerk.application.inbound.router import Router
from panelclerk.mail.imap import ImapError, ImapMailbox, _uid_set

from .mail import message, referral
from .retention import filed_mail_follows_the_store
from .servers import PASSWORD, USER, DovecotServer


@pytest.fixture
def dovecot():
    server = DovecotServer().start()
    yield server
    server.cleanup()


def mailbox(server, **kwargs):
    return ImapMailbox("127.0.0.1", server.port, USER, PASSWORD, security="plain", **kwargs)


def test_messages_are_routed_then_moved_and_keyed_by_uidvalidity(sqlite_app, dovecot):
    dovecot.append(referral())
    dovecot.append(message(sender="stranger@gmail.example", subject="SCR referral").as_bytes())
    box = mailbox(dovecot)
    try:
        refs = box.list_new()
        assert len(refs) == 2 and all(r.key.startswith("imap:") for r in refs)
        assert refs[0].key.split(":")[1].isdigit()  # UIDVALIDITY
        results = Router(sqlite_app).run_once(box)
    finally:
        box.close()
    assert [r.outcome for r in results] == ["accepted", "quarantined"]
    assert dovecot.count("INBOX") == 0
    assert dovecot.count("Processed") == 1 and dovecot.count("Quarantine") == 1


def test_each_message_says_when_it_arrived_and_older_mail_is_not_listed(dovecot):
    old = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)
    dovecot.append(referral(), at=old.timestamp())
    dovecot.append(referral())
    box = mailbox(dovecot)
    try:
        first, second = box.list_new()
        assert first.arrived == old  # INTERNALDATE, to the second, with its zone
        assert second.arrived is not None and second.arrived > old
    finally:
        box.close()
    since = mailbox(dovecot, since=dt.date(2026, 11, 1))
    try:
        assert [r.key for r in since.list_new()] == [second.key]  # SEARCH SINCE, server-side
    finally:
        since.close()


def test_filed_originals_go_with_the_stores_copy_and_the_inbox_is_left_as_it_was(
    sqlite_app, clock, dovecot
):
    """The retention sweep opens Processed and Quarantine on the monitor's connection: it
    removes only what the store has emptied, by UID in that folder, and the inbox is open
    again for the next pass (the same UIDs there are other mail)."""
    box = mailbox(dovecot)
    try:
        filed_mail_follows_the_store(
            sqlite_app,
            clock,
            box,
            deliver=lambda raw, when, folder: dovecot.append(
                raw, folder or "INBOX", when.timestamp()
            ),
            count=dovecot.count,
        )
        [listed] = box.filed("Processed", sqlite_app.clock())  # the one the store never saw
        assert listed.message_id and listed.arrived == dt.datetime(2026, 11, 11, 10, tzinfo=dt.UTC)
        dovecot.append(message(subject="came today").as_bytes())
        [new] = box.list_new()  # the inbox again, untouched
        assert b"came today" in box.fetch(new)
        assert box.wait(0.2) is False  # IDLE on the inbox works after the sweep
    finally:
        box.close()


def test_idle_wakes_the_monitor_when_mail_lands(sqlite_app, dovecot):
    box = mailbox(dovecot)
    try:
        box.list_new()
        threading.Timer(0.3, dovecot.append, args=(referral(),)).start()
        start = time.monotonic()
        arrived = box.wait(10)
        elapsed = time.monotonic() - start
        assert arrived and elapsed < 5
        assert len(box.list_new()) == 1  # the connection is usable after IDLE
    finally:
        box.close()


def test_a_server_that_goes_away_mid_batch_loses_nothing(sqlite_app, dovecot):
    for _ in range(3):
        dovecot.append(referral())
    box = mailbox(dovecot)
    router = Router(sqlite_app)
    refs = box.list_new()
    first = router.process(box, refs[0])
    assert first.outcome == "accepted"
    dovecot.stop()
    box._conn.shutdown()  # the link drops with the server
    with pytest.raises(ImapError):
        router.process(box, refs[1])
    dovecot.start()
    again = mailbox(dovecot)
    results = router.run_once(again)
    again.close()
    assert [r.outcome for r in results] == ["accepted", "accepted"]
    assert dovecot.count("INBOX") == 0 and dovecot.count("Processed") == 3
    from panelclerk.application import status

    assert len(status.pipeline(sqlite_app)) == 3


def test_wrong_password_is_one_clear_line(dovecot):
    box = ImapMailbox("127.0.0.1", dovecot.port, USER, "wrong", security="plain")
    with pytest.raises(ImapError, match=r"cannot log in to 127\.0\.0\.1:\d+ as scr@test.local"):
        box.list_new()


def test_plain_login_is_refused_beyond_loopback():
    with pytest.raises(ImapError, match=r"only to 127\.0\.0\.1"):
        ImapMailbox("mail.example.org", 143, "u", "p", security="plain")


def test_check_mailbox_over_imap(dovecot):
    from panelclerk.mail.check import check

    dovecot.append(referral())
    box = mailbox(dovecot)
    good, bad = check(box)
    box.close()
    assert bad == [] and "folder INBOX: present" in good
    assert dovecot.count("INBOX") == 1  # nothing touched
    wrong = ImapMailbox("127.0.0.1", dovecot.port, USER, "wrong", security="plain")
    good, bad = check(wrong)
    assert len(bad) == 1 and bad[0].startswith("cannot log in")


@given(st.sets(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=300))
def test_a_uid_set_names_exactly_the_uids_listed(uids):
    named: set[int] = set()
    for run in _uid_set([str(u).encode() for u in uids]).split(","):
        low, _, high = run.partition(":")
        named.update(range(int(low), int(high or low) + 1))
    assert named == uids
