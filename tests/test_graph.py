"""The Microsoft Graph backend against a local fake of the identity platform and Graph's mail
API: real MSAL, real HTTP, the delta link kept in the store."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from panelclerk.application import context, status
from panelclerk.application.inbound.router import Router
from panelclerk.mail.backends import open_mailbox
from panelclerk.mail.graph import GraphClient, GraphMailbox, msal_token
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.outbox.delivery import deliver_due
from panelclerk.store.tables import ChatMessage, OutboundMessage

from .conftest import starting_from
from .fake_graph import TENANT, USER, FakeGraph
from .mail import message, referral
from .retention import filed_mail_follows_the_store, sent_copies_follow_the_store


@pytest.fixture
def graph():
    fake = FakeGraph()
    yield fake
    fake.stop()


@pytest.fixture
def box(graph, sqlite_app):
    sleeps: list[float] = []
    token = msal_token(TENANT, "client-id", secret="secret", http_client=graph.msal_http_client())
    client = GraphClient(graph.base, token, sleep=sleeps.append)
    mailbox = GraphMailbox(client, USER, lambda: Session(sqlite_app.engine))
    mailbox.sleeps = sleeps
    yield mailbox
    mailbox.close()


def corpus() -> list[bytes]:
    return [
        referral(),
        referral(drop=("child.legal_status",)),
        message(subject="lunch?").as_bytes(),
        message(sender="x@gmail.example", subject="SCR referral").as_bytes(),
        message(subject="Automatic reply", headers=[("Auto-Submitted", "auto-replied")]).as_bytes(),
    ]


def outcomes(results) -> list[tuple[str, str, str]]:
    return sorted((r.kind, r.outcome, r.reference or "") for r in results)


def through_maildir(config, clock, tmp_path, messages) -> list[tuple[str, str, str]]:
    """What the same messages become through a Maildir: what every backend must match."""
    other = context.bootstrap(config, f"sqlite:///{tmp_path / 'm.db'}", clock)
    maildir = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    for raw in messages:
        maildir.deliver(raw)
    return outcomes(Router(other).run_once(maildir))


def test_same_messages_same_referrals_as_the_maildir(
    graph, box, sqlite_app, config, clock, tmp_path
):
    messages = corpus()
    for raw in messages:
        graph.deliver(raw)
    through_graph = Router(sqlite_app).run_once(box)
    assert outcomes(through_graph) == through_maildir(config, clock, tmp_path, messages)
    assert graph.inbox == {}
    assert len(graph.folders["Processed"]) == 4 and len(graph.folders["Quarantine"]) == 1
    assert [r.key.startswith("graph:") for r in through_graph] == [True] * 5


def test_the_delta_link_is_kept_and_only_new_mail_is_asked_for(graph, box, sqlite_app):
    for raw in corpus()[:3]:  # three messages: two pages of two
        graph.deliver(raw)
    assert len(Router(sqlite_app).run_once(box)) == 3
    assert sum("delta" in c for c in graph.calls) == 2  # the first page, then the nextLink
    assert Router(sqlite_app).run_once(box) == []
    graph.deliver(referral())
    [result] = Router(sqlite_app).run_once(box)
    assert result.outcome == "accepted"
    assert box._saved_link().startswith(graph.base)


def test_an_expired_delta_link_resyncs_and_applies_nothing_twice(
    graph, box, sqlite_app, monkeypatch
):
    graph.deliver(referral())
    Router(sqlite_app).run_once(box)
    link = box._saved_link()
    graph.expired_links.add(link.rsplit("=", 1)[1])
    graph.deliver(referral())
    results = Router(sqlite_app).run_once(box)
    assert [r.outcome for r in results] == ["accepted"]
    assert len(status.pipeline(sqlite_app)) == 2


def test_a_crash_between_commit_and_move_moves_it_next_time(graph, box, sqlite_app, monkeypatch):
    graph.deliver(referral())
    real = box.mark_processed

    def crash(ref, quarantined=False):
        raise ConnectionError("dropped mid-batch")

    monkeypatch.setattr(box, "mark_processed", crash)
    [first] = Router(sqlite_app).run_once(box)
    assert first.outcome == "error" and box._saved_link() is None  # cursor not moved on
    monkeypatch.setattr(box, "mark_processed", real)
    [again] = Router(sqlite_app).run_once(box)
    assert again.outcome == "already_processed" and graph.inbox == {}
    assert len(status.pipeline(sqlite_app)) == 1


def test_throttling_and_an_expired_token_are_never_fatal(graph, box, sqlite_app):
    graph.deliver(referral())
    graph.fail_next(429, retry_after=7, count=2)
    box.list_new()
    assert box.sleeps == [7.0, 7.0]
    graph.expire_tokens()
    refs = box.list_new()
    assert len(refs) == 1 and graph.token_requests == 2  # refreshed once, then carried on


def test_send_mail_through_the_outbox(graph, box, sqlite_app):
    graph.deliver(referral())
    Router(sqlite_app).run_once(box)
    report = deliver_due(sqlite_app.uow, sqlite_app.config, box.transport(), sqlite_app.clock())
    assert report.sent == 1 and len(graph.sent) == 1
    assert b"Subject: [SCR-2026-001] Referral received" in graph.sent[0]
    assert (
        deliver_due(sqlite_app.uow, sqlite_app.config, box.transport(), sqlite_app.clock()).sent
        == 0
    )


def test_a_message_graph_refuses_for_good_fails_at_once_and_the_bm_is_told(graph, box, sqlite_app):
    graph.deliver(referral())
    Router(sqlite_app).run_once(box)
    graph.refuse_send = True
    report = deliver_due(sqlite_app.uow, sqlite_app.config, box.transport(), sqlite_app.clock())
    assert (report.failed, report.retried, graph.sent) == (1, 0, [])  # not eight tries
    with sqlite_app.uow() as uow:
        [row] = uow.session.exec(select(OutboundMessage)).all()
        notices = [m.text for m in uow.session.exec(select(ChatMessage)) if m.kind == "notice"]
    assert row.status == "failed" and "ErrorInvalidRecipients" in row.last_error
    assert any(f"outbox number {row.id}" in n and "was refused" in n for n in notices)


def test_mail_from_before_start_from_is_left_and_the_delta_moves_on(
    graph, box, config, clock, tmp_path
):
    graph.deliver(referral(), received=dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC))
    graph.deliver(referral())
    refs = box.list_new()
    assert refs[0].arrived == dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)  # receivedDateTime
    app = starting_from(config, clock, tmp_path, dt.date(2026, 11, 1))
    [result] = Router(app).run_once(box)
    assert result.outcome == "accepted" and len(graph.inbox) == 1  # the old one stays
    assert Router(app).run_once(box) == []  # and is not asked for again
    app.engine.dispose()


def test_filed_originals_are_deleted_for_good_when_the_stores_copy_goes(
    graph, box, sqlite_app, clock
):
    filed_mail_follows_the_store(
        sqlite_app,
        clock,
        box,
        deliver=graph.deliver,
        count=graph.count,
    )
    assert len(graph.purged) == 2  # permanentDelete: never left in Deleted Items
    assert not any(call.startswith("DELETE") for call in graph.calls)
    for day in range(1, 6):  # more than a page of filed mail: every page is read
        graph.deliver(b"Subject: x\r\n\r\nx", dt.datetime(2027, 1, day, tzinfo=dt.UTC), "Processed")
    later = dt.datetime(2027, 1, 4, tzinfo=dt.UTC)
    assert [r.arrived.day for r in box.filed("Processed", later)] == [11, 1, 2, 3]


def test_our_copies_in_sent_items_go_when_the_stores_record_is_emptied(
    graph, box, sqlite_app, clock
):
    graph.clock = sqlite_app.clock
    sent_copies_follow_the_store(
        sqlite_app,
        clock,
        box,
        deliver=graph.deliver,
        count_sent=lambda: graph.count("Sent Items"),
    )


def test_wrong_credentials_are_one_clear_line(graph):
    token = msal_token(TENANT, "client-id", secret="wrong", http_client=graph.msal_http_client())
    with pytest.raises(Exception, match="Graph sign-in failed: invalid_client"):
        token(False)


def test_the_backend_is_chosen_in_config(graph, config, sqlite_app, monkeypatch):
    monkeypatch.setenv("PANELCLERK_GRAPH_CLIENT_SECRET", "secret")
    settings = config.mailbox.model_copy(
        update={
            "backend": "graph",
            "graph_tenant": TENANT,
            "graph_client_id": "client-id",
            "graph_user": USER,
            "graph_base_url": graph.base,
            "authserv_id": "mx.example",
        }
    )
    board = config.model_copy(update={"mailbox": settings})
    mailbox = open_mailbox(board, sqlite_app.engine, msal_http_client=graph.msal_http_client())
    assert isinstance(mailbox, GraphMailbox)
    assert mailbox.folders() == ["Sent Items"]  # signed in, and asked the mailbox
    mailbox.close()


def test_check_mailbox_reports_each_problem_in_one_line(graph, box, dovecot_free=None):
    from panelclerk.mail.check import check

    good, bad = check(box)
    assert bad == [] and good[0] == f"logged in to graph:{USER}"
    assert "folder Processed: created on use" in good
    graph.fail_next(403, count=6)
    good, bad = check(box)
    assert len(bad) == 1 and "lacks Mail.ReadWrite" in bad[0]
    assert graph.inbox == {} and graph.sent == []  # nothing touched
