"""Push for Exchange Online: Graph change notifications on the inbox, against the local fake of
Graph (which validates the endpoint, keeps the subscription and posts notifications as the
webhook documentation describes) and the real endpoint on a free port."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

import httpx
import pytest
from sqlmodel import Session

from panelclerk.application import context, status
from panelclerk.application.mailpass import MailPass
from panelclerk.mail.graph import SUBSCRIPTION_LIFETIME, GraphClient, GraphMailbox, msal_token
from panelclerk.mail.graph_push import run_push_endpoint

from .fake_graph import TENANT, USER, FakeGraph
from .mail import referral

PUBLIC = "https://panelclerk.fenmarsh-lscb.example"
URL = f"{PUBLIC}/graph/notifications"


@pytest.fixture
def graph():
    fake = FakeGraph()
    yield fake
    fake.stop()


@pytest.fixture
def push_app(config, clock, tmp_path):
    settings = config.mailbox.model_copy(
        update={
            "backend": "graph",
            "graph_tenant": TENANT,
            "graph_client_id": "client-id",
            "graph_user": USER,
            "poll_seconds": 3600,  # only a notification can bring the mail in time
            "graph_notification_url": URL,
        }
    )
    board = config.model_copy(update={"mailbox": settings})
    application = context.bootstrap(board, f"sqlite:///{tmp_path / 'push.db'}", clock)
    yield application
    application.engine.dispose()


@pytest.fixture
def box(graph, push_app):
    token = msal_token(TENANT, "client-id", secret="secret", http_client=graph.msal_http_client())
    mailbox = GraphMailbox(GraphClient(graph.base, token), USER, lambda: Session(push_app.engine))
    yield mailbox
    mailbox.close()


@pytest.fixture
def mail(graph, box, push_app):
    """The mail pass with its endpoint listening behind the (fake) proxy, subscribed."""
    mail_pass = MailPass(push_app, box)
    stop = threading.Event()
    ports: list[int] = []
    listening = threading.Event()

    def ready(port: int) -> None:
        ports.append(port)
        listening.set()

    thread = threading.Thread(
        target=run_push_endpoint, args=(mail_pass, "127.0.0.1", 0, stop, ready), daemon=True
    )
    thread.start()
    assert listening.wait(5)
    graph.proxy[PUBLIC] = f"http://127.0.0.1:{ports[0]}"
    mail_pass.endpoint = f"http://127.0.0.1:{ports[0]}/graph/notifications"
    assert mail_pass.run() == []  # the first pass: subscribed, and the inbox read once
    yield mail_pass
    stop.set()
    thread.join(5)


def test_the_handshake_echoes_the_token_as_plain_text(mail):
    token = "Validation: Testing client application reachability for subscription <x>&y"
    answer = httpx.post(mail.endpoint, params={"validationToken": token}, timeout=5)
    assert answer.status_code == 200 and answer.text == token
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert httpx.get(mail.endpoint, timeout=5).status_code == 405
    assert httpx.post(mail.endpoint, content=b"{not json", timeout=5).status_code == 400


def test_subscribed_as_documented_once_the_endpoint_listens(graph, box, mail, clock):
    [made] = graph.subscriptions.values()
    assert made["notificationUrl"] == made["lifecycleNotificationUrl"] == URL
    assert made["resource"] == f"users/{USER}/mailFolders('inbox')/messages"
    assert made["changeType"] == "created"
    assert box.client_state_ok(made["clientState"]) and len(made["clientState"]) <= 128
    assert graph.validations == [(URL, 200)]  # Graph's handshake, answered by the endpoint
    assert box.subscription.expires == clock.now + SUBSCRIPTION_LIFETIME


def test_a_notification_wakes_the_pass_and_the_referral_lands_at_once(graph, mail, push_app):
    started = time.monotonic()
    graph.deliver(referral())
    assert graph.notified == [202]
    assert mail.idle(5) is True and time.monotonic() - started < 2  # woken, not timed out
    [result] = mail.run()  # an hour before the next poll is due
    assert result.outcome == "accepted" and graph.inbox == {}
    assert len(status.pipeline(push_app)) == 1
    assert mail.run() == []  # and it is not due again


def test_a_notification_with_another_client_state_does_nothing(graph, mail, caplog):
    message_id = graph.deliver(referral(), notify=False)
    [subscription] = graph.subscriptions
    with caplog.at_level(logging.INFO):
        assert graph.notify(subscription, message_id=message_id, client_state="forged") == 202
        assert graph.notify(subscription, lifecycle="subscriptionRemoved", client_state="") == 202
    assert mail.woken is False and mail.run() == []
    assert message_id in graph.inbox and list(graph.subscriptions) == [subscription]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert subscription in logged and "not ours" in logged
    assert message_id not in logged and "forged" not in logged and "Users/" not in logged


def test_the_subscription_is_renewed_before_it_expires(graph, box, mail, clock):
    [subscription] = graph.subscriptions
    clock.now += dt.timedelta(hours=40)  # 30 hours left: not yet
    mail.run()
    assert not any(c.startswith("PATCH") for c in graph.calls)
    clock.now += dt.timedelta(hours=8)  # 22 hours left
    mail.run()
    assert f"PATCH /v1.0/subscriptions/{subscription}" in graph.calls
    assert list(graph.subscriptions) == [subscription]
    assert box.subscription.expires == clock.now + SUBSCRIPTION_LIFETIME
    renewed = dt.datetime.fromisoformat(graph.subscriptions[subscription]["expirationDateTime"])
    assert renewed == box.subscription.expires
    graph.deliver(referral())  # and it still wakes the pass
    assert [r.outcome for r in mail.run()] == ["accepted"]


def test_a_404_on_renewal_makes_a_new_subscription(graph, box, mail, clock):
    [old] = graph.subscriptions
    graph.remove_subscriptions()
    clock.now += dt.timedelta(hours=48)
    mail.run()
    assert f"PATCH /v1.0/subscriptions/{old}" in graph.calls
    [new] = graph.subscriptions
    assert new != old and box.subscription.id == new and len(graph.validations) == 2
    graph.deliver(referral())
    assert [r.outcome for r in mail.run()] == ["accepted"]


def test_lifecycle_notifications(graph, box, mail, clock):
    [first] = graph.subscriptions
    assert graph.notify(first, lifecycle="reauthorizationRequired") == 202
    assert mail.woken
    mail.run()
    assert f"PATCH /v1.0/subscriptions/{first}" in graph.calls and list(graph.subscriptions) == [
        first
    ]
    assert graph.notify(first, lifecycle="subscriptionRemoved") == 202
    graph.remove_subscriptions()
    mail.run()
    [second] = graph.subscriptions
    assert second != first and box.subscription.id == second
    graph.deliver(referral(), notify=False)  # its notification was lost: Graph says "missed"
    assert mail.run() == []
    assert graph.notify(second, lifecycle="missed") == 202
    assert [r.outcome for r in mail.run()] == ["accepted"]


def test_stopping_deletes_the_subscription(graph, box, mail):
    [(subscription, made)] = graph.subscriptions.items()
    box.close()
    assert graph.subscriptions == {}
    assert f"DELETE /v1.0/subscriptions/{subscription}" in graph.calls
    assert not box.client_state_ok(made["clientState"])  # nothing is taken from now on


def test_without_the_endpoint_it_polls_and_subscribes_nothing(graph, box, push_app):
    mail_pass = MailPass(push_app, box)
    graph.deliver(referral())
    assert [r.outcome for r in mail_pass.run()] == ["accepted"]
    assert graph.subscriptions == {} and mail_pass.idle(1) is False


def test_an_endpoint_graph_cannot_validate_leaves_polling_and_tries_again(graph, box, push_app):
    mail_pass = MailPass(push_app, box)
    mail_pass.endpoint_ready()  # says it listens, but the proxy does not reach it
    mail_pass.run()
    assert graph.subscriptions == {} and graph.validations == [(URL, 0)]
    mail_pass.run()
    assert len(graph.validations) == 1  # not asked again at every pass


def test_the_notification_url_must_be_https_and_only_for_a_graph_mailbox(config):
    from panelclerk.workflow.config_service import MailboxSettings

    values = config.mailbox.model_dump()
    graph = {**values, "backend": "graph", "graph_tenant": TENANT, "graph_client_id": "c"}
    graph["graph_user"] = USER
    with pytest.raises(ValueError, match="only to an https address"):
        MailboxSettings(**{**graph, "graph_notification_url": "http://clerk.example/n"})
    with pytest.raises(ValueError, match="this mailbox's backend is maildir"):
        MailboxSettings(**{**values, "graph_notification_url": URL})
    assert MailboxSettings(**{**graph, "graph_notification_url": URL}).graph_notification_url


def test_a_subscription_left_by_a_process_that_died_is_deleted_at_the_next_start(
    graph, box, mail, push_app
):
    [left] = graph.subscriptions
    token = msal_token(TENANT, "client-id", secret="secret", http_client=graph.msal_http_client())
    again = GraphMailbox(GraphClient(graph.base, token), USER, lambda: Session(push_app.engine))
    after = MailPass(push_app, again)
    after.endpoint_ready()
    after.run()
    [new] = graph.subscriptions
    assert new != left and f"DELETE /v1.0/subscriptions/{left}" in graph.calls
    again.close()
    assert graph.subscriptions == {}
