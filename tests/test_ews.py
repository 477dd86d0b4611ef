"""The EWS backend (Exchange Server on premises) against a local fake of Exchange Web
Services: real exchangelib, real NTLM (pyspnego on both sides), real SOAP over HTTP, the
sync state kept in the store."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlmodel import Session, select

from panelclerk.application.inbound.router import Router
from panelclerk.mail.backends import open_mailbox
from panelclerk.mail.check import check
from panelclerk.mail.ews import EwsMailbox, connect
from panelclerk.outbox.delivery import deliver_due
from panelclerk.store.tables import InboundMessage, MailboxState, OutboundMessage

from .conftest import starting_from
from .fake_ews import MAILBOX, PASSWORD, USER, FakeEws
from .mail import referral
from .retention import filed_mail_follows_the_store
from .test_graph import corpus, outcomes, through_maildir


@pytest.fixture
def ews():
    fake = FakeEws().start()
    yield fake
    fake.stop()


@pytest.fixture
def box(ews, sqlite_app):
    account = connect(ews.url, MAILBOX, auth="ntlm", user=USER, password=PASSWORD, max_wait=30)
    mailbox = EwsMailbox(account, lambda: Session(sqlite_app.engine))
    yield mailbox
    mailbox.close()


def test_same_messages_same_referrals_as_the_maildir(ews, box, sqlite_app, config, clock, tmp_path):
    messages = corpus()
    for raw in messages:
        ews.deliver(raw)
    through_ews = Router(sqlite_app).run_once(box)
    assert outcomes(through_ews) == through_maildir(config, clock, tmp_path, messages)
    assert ews.in_folder("Inbox") == []
    assert len(ews.in_folder("Processed")) == 4 and len(ews.in_folder("Quarantine")) == 1
    assert all(r.key.startswith("ews:") for r in through_ews)


def test_the_sync_state_is_kept_and_only_new_mail_is_asked_for(ews, box, sqlite_app):
    ews.deliver(referral())
    assert [r.outcome for r in Router(sqlite_app).run_once(box)] == ["accepted"]
    with Session(sqlite_app.engine) as session:
        [state] = session.exec(select(MailboxState)).all()
    assert state.key == f"ews:{MAILBOX}:inbox:sync" and state.value.startswith("S-")
    assert Router(sqlite_app).run_once(box) == []
    ews.deliver(referral())
    [second] = Router(sqlite_app).run_once(box)
    assert second.reference == "SCR-2026-002"


def test_a_crash_between_commit_and_move_then_a_lost_sync_state_applies_nothing_twice(
    ews, box, sqlite_app, monkeypatch
):
    """The process dies after the commit but before the move; when it comes back, Exchange
    has also forgotten our sync state (ErrorInvalidSyncStateData): the full resync lists
    the message again, and it is only moved."""
    ews.deliver(referral())

    def killed(ref, quarantined=False):
        raise ConnectionResetError("process killed")

    monkeypatch.setattr(box, "mark_processed", killed)
    [failed] = Router(sqlite_app).run_once(box)
    assert failed.outcome == "error" and len(ews.in_folder("Inbox")) == 1
    monkeypatch.undo()
    ews.forget_sync_states()
    [again] = Router(sqlite_app).run_once(box)
    assert again.outcome == "already_processed"
    assert ews.in_folder("Inbox") == [] and len(ews.in_folder("Processed")) == 1
    with Session(sqlite_app.engine) as session:
        assert len(session.exec(select(InboundMessage)).all()) == 1


def test_throttling_is_waited_out_never_fatal(ews, box, sqlite_app):
    ews.deliver(referral())
    ews.server_busy(200, count=2)  # ErrorServerBusy, BackOffMilliseconds=200, twice
    started = time.monotonic()
    [result] = Router(sqlite_app).run_once(box)
    assert result.outcome == "accepted"
    assert time.monotonic() - started >= 0.2
    assert ews.calls.count("SyncFolderItems") >= 1 and ews.busy == []


def test_the_outbox_sends_through_ews_with_hidden_recipients_kept(ews, box, sqlite_app):
    ews.deliver(referral())
    Router(sqlite_app).run_once(box)
    report = deliver_due(sqlite_app.uow, sqlite_app.config, box.transport(), sqlite_app.clock())
    assert report.sent == 1 and len(ews.sent) == 1
    assert b"Subject: [SCR-2026-001] Referral received" in ews.sent[0]
    again = deliver_due(sqlite_app.uow, sqlite_app.config, box.transport(), sqlite_app.clock())
    assert again.sent == 0 and len(ews.sent) == 1
    box.transport().send(
        b"From: scr@x.example\r\nTo: p@q.example\r\nSubject: s\r\n\r\nx\r\n",
        "scr@x.example",
        ["p@q.example", "hidden@q.example"],
    )
    assert ews.sent_bcc[-1] == ["hidden@q.example"]


def test_a_message_exchange_refuses_for_good_fails_at_once(ews, box, sqlite_app):
    ews.deliver(referral())
    Router(sqlite_app).run_once(box)
    ews.refuse_send = "ErrorMessageSizeExceeded"
    report = deliver_due(sqlite_app.uow, sqlite_app.config, box.transport(), sqlite_app.clock())
    assert (report.failed, report.retried, ews.sent) == (1, 0, [])  # not eight tries
    with sqlite_app.uow() as uow:
        [row] = uow.session.exec(select(OutboundMessage)).all()
    assert row.status == "failed" and "ErrorMessageSizeExceeded" in row.last_error


def test_mail_from_before_start_from_is_left_where_it_is(ews, box, config, clock, tmp_path):
    ews.deliver(referral(), received=dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC))
    ews.deliver(referral())
    refs = box.list_new()
    assert refs[0].arrived == dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)  # DateTimeReceived
    app = starting_from(config, clock, tmp_path, dt.date(2026, 11, 1))
    [result] = Router(app).run_once(box)
    assert result.outcome == "accepted" and len(ews.in_folder("Inbox")) == 1
    app.engine.dispose()


def test_filed_originals_are_hard_deleted_when_the_stores_copy_goes(ews, box, sqlite_app, clock):
    filed_mail_follows_the_store(
        sqlite_app,
        clock,
        box,
        deliver=ews.deliver,
        count=ews.count,
    )
    assert [kind for _, kind in ews.deleted] == ["HardDelete", "HardDelete"]


def test_wrong_credentials_are_one_clear_line_and_touch_nothing(ews):
    account = connect(ews.url, MAILBOX, auth="ntlm", user=USER, password="wrong", max_wait=5)
    good, bad = check(EwsMailbox(account, lambda: None))
    assert good == []
    assert bad == [
        f"ews:{MAILBOX}: the server refused the credentials (check ews_user and its password)"
    ]
    assert ews.refused >= 1 and ews.calls == []


def test_the_backend_is_chosen_in_config_and_check_mailbox_touches_nothing(
    ews, config, sqlite_app, monkeypatch
):
    monkeypatch.setenv("PANELCLERK_EWS_PASSWORD", PASSWORD)
    settings = config.mailbox.model_copy(
        update={
            "backend": "ews",
            "ews_url": ews.url,
            "ews_mailbox": MAILBOX,
            "ews_user": USER,
        }
    )
    mailbox = open_mailbox(config.model_copy(update={"mailbox": settings}), sqlite_app.engine)
    assert isinstance(mailbox, EwsMailbox)
    ews.deliver(referral())
    good, bad = check(mailbox)
    mailbox.close()
    assert bad == []
    assert good == [
        f"logged in to ews:{MAILBOX}",
        "folder Processed: created on use",
        "folder Quarantine: created on use",
    ]
    assert len(ews.in_folder("Inbox")) == 1  # nothing read, moved or sent
    assert not {"GetItem", "MoveItem", "CreateItem", "CreateFolder"} & set(ews.calls)
    assert ews.calls[0] == "ConvertId"  # no version in the config: the server was asked


def test_the_config_names_what_ews_needs(config):
    from panelclerk.workflow.config import ConfigError

    with pytest.raises((ConfigError, ValueError), match="ews_url"):
        config.mailbox.model_validate(
            {**config.mailbox.model_dump(), "backend": "ews", "ews_mailbox": MAILBOX}
        )
    with pytest.raises((ConfigError, ValueError), match="only over https"):
        config.mailbox.model_validate(
            {
                **config.mailbox.model_dump(),
                "backend": "ews",
                "ews_mailbox": MAILBOX,
                "ews_url": "http://mail.example/EWS/Exchange.asmx",
                "ews_auth": "basic",
            }
        )


def test_streaming_notifications_wake_the_monitor_and_the_sync_stays_the_record(
    ews, box, sqlite_app
):
    """With streaming on, new mail wakes the monitor as it lands; what is processed still
    comes from the sync, so a notification never applies anything by itself."""
    box.start_streaming()
    deadline = time.monotonic() + 10
    while not ews.subscriptions and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not box.wait(0.2)  # nothing yet
    ews.deliver(referral())
    started = time.monotonic()
    assert box.wait(10)
    assert time.monotonic() - started < 5
    [result] = Router(sqlite_app).run_once(box)
    assert result.outcome == "accepted"


def test_a_refused_subscription_leaves_the_poll_working(ews, box, sqlite_app):
    ews.refuse_subscriptions = True
    box.start_streaming()
    ews.deliver(referral())
    assert not box.wait(1)  # no stream, no wake-up ...
    [result] = Router(sqlite_app).run_once(box)  # ... and the poll still finds it
    assert result.outcome == "accepted"


def test_a_connection_cut_mid_batch_loses_nothing_and_applies_nothing_twice(ews, box, sqlite_app):
    """The third message's fetch never gets an answer: the pass records what it could,
    keeps the sync state where it was, and the next pass applies only the rest."""
    for _ in range(5):
        ews.deliver(referral())
    box.fail_fast()  # no patient retries: the cut is felt at once
    ews.drops = 1
    first = Router(sqlite_app).run_once(box)
    assert sorted(r.outcome for r in first).count("error") >= 1
    second = Router(sqlite_app).run_once(box)
    with Session(sqlite_app.engine) as session:
        recorded = session.exec(select(InboundMessage)).all()
    assert len(recorded) == 5 and len({r.mailbox_key for r in recorded}) == 5
    assert ews.in_folder("Inbox") == [] and len(ews.in_folder("Processed")) == 5
    assert [r.outcome for r in second].count("accepted") == 5 - [r.outcome for r in first].count(
        "accepted"
    )
